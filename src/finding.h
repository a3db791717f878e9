/*
 * finding.h - rule descriptors and findings: what a report reads.
 *
 * A rule is a static descriptor in its family file (rules/NAME.c); the
 * registry (rules/registry.c) lists them all, sorted by id. A finding is a
 * rule's judgement at one place of one file: its position, its message and
 * what the rule decided (the judgement a fix is planned from). Findings and
 * everything they point to live in the lint result's arena.
 */
#ifndef SR_FINDING_H
#define SR_FINDING_H

#include <stddef.h>

#include "load.h"

enum sr_severity { SR_SEV_INFO = 1, SR_SEV_WARNING = 2, SR_SEV_ERROR = 3, SR_SEV_NONE = 4 };

const char *sr_severity_name(enum sr_severity s);
/* "error"/"warning"/"info"/"none" -> severity; -1 when unknown. */
int sr_severity_parse(const char *s);

struct sr_ctx;      /* a check's view of the file (rule.h) */
struct sr_fixer;    /* a planner's view of the file (fixplan.h) */
struct sr_fix;      /* a planned fix (fixplan.h) */
struct sr_resource; /* graph.h */

enum sr_fix_safety {
    SR_FIXSAFE_DEFAULT = 0, /* unset: safe when the rule has a planner */
    SR_FIXSAFE_NONE,        /* the rule has no fix */
    SR_FIXSAFE_SAFE,        /* every fix is safe */
    SR_FIXSAFE_UNSAFE,      /* every fix is unsafe */
    SR_FIXSAFE_BOTH         /* safe or unsafe depending on the finding */
};

#define SR_MODEL_IAM 1u

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
    /* Reads the graph and reports findings (rule.h); NULL for findings that
     * another stage reports (SR001/SR002 the loader, SR006/SR007 suppressions). */
    void (*check)(struct sr_ctx *ctx);
    /* The models of the graph check reads besides the graph itself
     * (SR_MODEL_IAM: sr_iam_of); the lint releases a model after the last
     * rule that reads it. A rule that reads one without saying so is still
     * right, at the cost of building it again. */
    unsigned models;
    /* Turns one finding of the rule into fix operations (fixplan.h); NULL
     * when the rule has no fix. Returns 0 (planned) or -1 (refused, with
     * fix->refused saying why). */
    int (*plan)(struct sr_fixer *fx, struct sr_fix *fix);
    /* Whether the planner's fixes are safe (fixplan.h: a reviewer merges
     * them as they are) or unsafe (they add code to run, need the user's
     * values or change what running code sees): what --list-rules, --explain
     * and the rule pages say. SR_FIXSAFE_DEFAULT (0, unset) reads as
     * SR_FIXSAFE_SAFE for a rule with a planner and "no" without one
     * (sr_rule_fix_safety). The planner still marks each unsafe fix with
     * sr_fix_unsafe(); the declaration only describes what it does. */
    enum sr_fix_safety fix_safety;
};

/* The fix safety a rule declares, its default resolved: SR_FIXSAFE_NONE for a
 * rule without planner, else the declared value (SAFE when unset). */
enum sr_fix_safety sr_rule_fix_safety(const struct sr_rule *rule);
/* "no", "safe", "unsafe" or "both". */
const char *sr_fix_safety_name(enum sr_fix_safety s);

/*
 * What a check decided, kept on the finding so that its planner acts on the
 * same judgement instead of working it out again. Fields a rule does not use
 * stay zero; each rule's planner documents which it reads.
 */
struct sr_judgement {
    struct sr_resource *secret;  /* the secret the finding is about */
    struct sr_resource *other;   /* a second resource: function, role, database, key */
    const char *cls;             /* rotation class of the secret */
    int days;                    /* the interval the policy allows for that class */
    const char *key;             /* a key: the credential key of a SecretString, an env var */
    size_t off, len;             /* a span inside the finding's scalar (an ARN, a value) */
    const struct sr_node *value; /* the value node judged (may differ from the finding's) */
    const char *kind;            /* what the secret holds (secret.h's kind names: "database",
                                    "service", "vendor", "value", "key", "unknown"), or NULL */
};

struct sr_fix_edit; /* fix.h */

struct sr_finding {
    const struct sr_rule *rule;
    enum sr_severity severity;
    struct sr_pos pos, epos;
    size_t start, end;          /* byte range of the node the finding points at */
    const char *message;        /* complete sentence naming the logical id, no trailing period */
    const char *resource;       /* logical id of the resource it is in, or NULL */
    const char *path;           /* logical path ("Resources/X/Properties/Y"), or NULL */
    const struct sr_node *node; /* the node it points at, or NULL (file-level, parse errors) */
    struct sr_judgement judged;
    const struct sr_fix_edit *edit; /* its verified fix, when the report needs fixes */
    int suppressed;
    int baselined; /* accepted by --baseline FILE: counted, not reported */
};

/* The registry (rules/registry.c): every rule sorted by id; *n set to the count. */
const struct sr_rule *const *sr_registry(size_t *n);
/* Rule by exact id, or NULL. */
const struct sr_rule *sr_rule_find(const char *id);

#endif
