/*
 * lint.h - rules, findings and the lint of one file.
 *
 * A rule is a static descriptor (rules/NAME.c) with a check function. A check
 * reads the graph through its sr_ctx and reports findings with sr_report();
 * it never prints and never parses text. sr_lint_text() runs the whole
 * pipeline for one file: load, graph, every enabled rule, suppressions,
 * sorting. The result owns its arena.
 */
#ifndef SR_LINT_H
#define SR_LINT_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "graph.h"
#include "load.h"

enum sr_severity { SR_SEV_INFO = 1, SR_SEV_WARNING = 2, SR_SEV_ERROR = 3, SR_SEV_NONE = 4 };

const char *sr_severity_name(enum sr_severity s);
/* "error"/"warning"/"info"/"none" -> severity; -1 when unknown. */
int sr_severity_parse(const char *s);

struct sr_ctx;
struct sr_fix; /* a fix intent, defined by the fixer (fix.h) */

struct sr_rule {
    const char *id;    /* "SR101": stable, never reused */
    const char *title; /* one line */
    enum sr_severity severity;
    /* GitHub code scanning's security-severity, 0.1-10.0 (docs/severity.md);
     * 0 for rules that are not about security (template correctness). */
    double security_severity;
    const char *tags;    /* comma-separated: the family, then "security", ... */
    const char *source;  /* the AWS documentation page the rule rests on, or NULL */
    const char *explain; /* long text for --explain: why, what is checked, how to fix */
    const char *bad;     /* a whole template the rule reports, or NULL */
    const char *good;    /* the same template fixed: the rule reports nothing, or NULL */
    int judgement;       /* 1: a judgement call (see the explain text) */
    int fixable;
    void (*check)(struct sr_ctx *ctx);
};

struct sr_finding {
    const struct sr_rule *rule;
    enum sr_severity severity;
    struct sr_pos pos, epos;
    size_t start, end;          /* byte range of the node the finding points at */
    const char *message;        /* complete sentence naming the logical id, no trailing period */
    const char *resource;       /* logical id of the resource it is in, or NULL */
    const struct sr_node *node; /* the node it points at, or NULL (file-level, parse errors) */
    struct sr_fix *fix;         /* NULL when not fixable here */
    int suppressed;
};

struct sr_ctx {
    struct sr_arena *arena;
    const struct sr_doc *doc;
    struct sr_graph *g;
    const struct sr_config *cfg;
    const struct sr_rule *rule; /* the rule being run */
    struct sr_ptrvec *findings; /* struct sr_finding * */
    /* Per-family caches, built on first use in ctx->arena. Slots: 1 the IAM
     * model (src/iam.c), 4 exposure (rules/exposure.c), 5 rotation
     * (rules/rotation.c); 0, 2, 3, 6, 7 free. */
    void *family[8];
};

/*
 * Reports a finding of ctx->rule at node at (NULL: the start of the file).
 * Returns the finding so a fix can be attached. The message is formatted
 * into the arena.
 */
struct sr_finding *sr_report(struct sr_ctx *ctx, const struct sr_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same with an explicit rule (for the loader's SR001/SR002 and suppressions). */
struct sr_finding *sr_report_rule(struct sr_ctx *ctx, const struct sr_rule *rule,
                                  const struct sr_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The registry (rules/registry.c): every rule sorted by id; *n set to the count. */
const struct sr_rule *const *sr_registry(size_t *n);
/* Rule by exact id, or NULL. */
const struct sr_rule *sr_rule_find(const char *id);

/* Per-file lint result. */
struct sr_result {
    struct sr_arena arena;
    const char *path;            /* display path */
    const struct sr_config *cfg; /* the policy it was linted under */
    char *text;                  /* the file bytes (heap, owned) */
    size_t len;
    struct sr_doc doc;
    int loaded; /* the document parsed */
    int is_template;
    struct sr_graph graph;
    struct sr_finding **findings; /* sorted: line, column, rule */
    size_t nfindings;
    int io_error; /* could not read: message in io_message */
    char io_message[512];
};

/*
 * Lints text (len bytes, taken over by the result: it must come from
 * sr_xmalloc) as file path. Never fails: a parse error becomes SR001.
 */
void sr_lint_text(struct sr_result *res, const char *path, char *text, size_t len,
                  const struct sr_config *cfg);
/* Frees everything in res. */
void sr_result_release(struct sr_result *res);

/* 1 when the rule is enabled by cfg; the severity it reports at. */
int sr_rule_enabled(const struct sr_config *cfg, const struct sr_rule *rule);
enum sr_severity sr_rule_severity(const struct sr_config *cfg, const struct sr_rule *rule);

#endif
