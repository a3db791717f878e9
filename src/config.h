/*
 * config.h - policy configuration (.secrot-lint.yaml and command line).
 *
 * Defaults follow DESIGN §5: database secrets rotate within 45 days, API
 * keys within 30, anything else within 90. The file is found by walking up
 * from a template's folder, or given with --config. Command-line options are
 * applied on top by main.c.
 */
#ifndef SR_CONFIG_H
#define SR_CONFIG_H

#include <stddef.h>

#include "load.h"

#define SR_MAX_CLASSES 32
#define SR_MAX_RULE_SETTINGS 128
#define SR_MAX_EXCLUDES 64
#define SR_MAX_REQUIRED_TAGS 16

struct sr_secret_class {
    char name[64];
    int max_days; /* 0: no limit */
    int external; /* not rotatable by AWS: SR101 silent until review_by */
    char reason[256];
    char review_by[16]; /* YYYY-MM-DD or "" */
};

struct sr_rule_setting {
    char id[16];  /* "SR101", or a prefix like "SR1" */
    int severity; /* enum sr_severity, or 0 to keep the default */
    int enabled;  /* 1 on, 0 off, -1 unset */
};

struct sr_config {
    char path[1024]; /* the file it came from, "" for defaults */
    struct sr_secret_class classes[SR_MAX_CLASSES];
    size_t nclasses;
    int max_rotation_days;           /* --max-rotation-days: overrides every class (0: unset) */
    int min_password_length;         /* SR310, default 32 */
    int min_password_length_set;     /* the policy gives it (SR310 applies it only then) */
    int require_alarm;               /* SR109 on/off, default 1 */
    char alarm_topic_parameter[128]; /* parameter name the fixer uses for alarm actions */
    char alarm_email[256];           /* address a topic the fixer creates subscribes, or "" */
    int fix_days;                    /* interval the fixer writes; 0: the class limit */
    char fix_duration[8];            /* rotation window the fixer writes, default "2h" */
    char runtime[32];                /* runtime of scaffolded rotation functions */
    int min_timeout;                 /* SR112 minimum rotation function timeout (seconds) */
    struct sr_rule_setting rules[SR_MAX_RULE_SETTINGS];
    size_t nrules;
    char exclude[SR_MAX_EXCLUDES][256]; /* exclude: globs, relative to the file's folder */
    size_t nexclude;
    char help_uri_base[416]; /* help_uri_base: SARIF helpUri base, or "" */
    /* required_tags: tag keys every secret must carry (SR320); none by default. */
    char required_tags[SR_MAX_REQUIRED_TAGS][128];
    size_t nrequired_tags;
    /* From the command line; they win over the file. Comma lists, or NULL. */
    const char *include_checks;
    const char *ignore_checks;
};

/* Fills cfg with the defaults. */
void sr_config_defaults(struct sr_config *cfg);
/*
 * Loads a config file over cfg (which should hold the defaults). Returns 0,
 * or -1 with err (file, line, column, message) for unreadable files, syntax
 * errors, unknown keys and wrong types (schemas/config.schema.json), bad
 * dates, unknown rule ids and a rule both enabled and disabled. On failure
 * cfg may be partly updated: callers treat it as a usage error (exit 2).
 */
int sr_config_load(const char *path, struct sr_config *cfg, struct sr_error *err);
/* The same for text already in memory (len bytes; path only names it). */
int sr_config_load_text(const char *path, const char *text, size_t len, struct sr_config *cfg,
                        struct sr_error *err);
/* Validates a loaded document against the embedded config schema only.
 * Returns 0, or -1 with err's position and message set (not err->file). */
int sr_config_validate(const struct sr_doc *doc, struct sr_error *err);
/*
 * The highest folder policy discovery from dir looks at, into top (size n):
 * the first folder upward that is stop (a folder named on the command
 * line, or NULL), that holds .git (a repository or worktree root), or the
 * root of the file system. Returns 0.
 */
int sr_config_top(const char *dir, const char *stop, char *top, size_t n);
/*
 * Finds the nearest .secrot-lint.yaml from dir upward, no higher than
 * sr_config_top(dir, stop). A policy file that is a symbolic link counts
 * only when it leads to a regular file inside that top folder; one that is
 * passed over is named in note (size nn, may be NULL; "" when none).
 * Returns 1 with the path in out (size n), else 0.
 */
int sr_config_find(const char *dir, const char *stop, char *out, size_t n, char *note, size_t nn);

/*
 * 0 when id is a rule id or a prefix of at least one ("SR", "SR1", "SR10",
 * "SR101"); else -1 with a message in msg (size n) that suggests the
 * nearest ids or prefixes.
 */
int sr_config_check_id(const char *id, char *msg, size_t n);
/* The same for a comma list of an option (empty entries are errors);
 * msg starts with option. */
int sr_config_check_list(const char *list, const char *option, char *msg, size_t n);

/* One thing a policy file changes about what is reported. */
struct sr_policy_change {
    char rule[16];  /* the rule id or prefix it concerns */
    char what[200]; /* "SR1 disabled", "SR311 severity none: not reported", ... */
    int weakens;    /* fewer or milder findings because of it */
};
/* What cfg (loaded from a file) changes against the defaults, in file
 * order; at most max entries. Returns the count. */
size_t sr_config_changes(const struct sr_config *cfg, struct sr_policy_change *out, size_t max);
/* The same as one line ("SR1 disabled; SR311 severity none: not reported"),
 * or "no rule changed". */
void sr_config_describe(const struct sr_config *cfg, char *out, size_t n);
/* The class named name, or NULL. */
const struct sr_secret_class *sr_config_class(const struct sr_config *cfg, const char *name);
/* Rotation limit in days for a class name (with --max-rotation-days applied). */
int sr_config_max_days(const struct sr_config *cfg, const char *class_name);

#endif
