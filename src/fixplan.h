/*
 * fixplan.h - what a rule's planner (struct sr_rule.plan) sees and writes.
 *
 * A planner turns one finding of its rule into a fix: a list of operations
 * on the document (set a key, replace a value, delete a key, append to a
 * list, add a resource, a parameter or a transform, create a file beside
 * the template). It reads what the check recorded on the finding
 * (finding.h: struct sr_judgement), the graph and its domain views; it
 * never writes anything itself. The fixer (fix.h) renders the operations
 * in the file's style, applies them and verifies the result by linting it
 * again, so a planner may be bold: a plan that does not remove its finding
 * or adds another is refused there. A fix is safe (a reviewer merges it as
 * it is) unless the planner marks it unsafe, saying why.
 */
#ifndef SR_FIXPLAN_H
#define SR_FIXPLAN_H

#include <stddef.h>

#include "emit.h"
#include "lint.h"

enum sr_fix_op_kind {
    SR_FIXOP_SET,     /* node (a mapping): key = val; into an existing mapping value
                         the keys of val are set one by one */
    SR_FIXOP_REPLACE, /* node (a value) becomes val */
    SR_FIXOP_DELETE,  /* node (a mapping): remove key */
    SR_FIXOP_APPEND,  /* node (a list): append val */
    SR_FIXOP_FILE     /* create path (relative to the template's folder) with text */
};

struct sr_fix_op {
    enum sr_fix_op_kind kind;
    const struct sr_node *node;
    const char *key;
    struct sr_fv *val;
    int keep_existing; /* SET: an existing key stays as it is */
    const char *path;  /* FILE */
    const char *text;  /* FILE */
};

struct sr_fix {
    const struct sr_finding *finding;
    const char *what;    /* what the fix does, one line */
    const char *refused; /* why there is no fix here, or NULL */
    const char *unsafe;  /* why a reviewer must look first (adds code to run, needs the
                            user's values, changes what running code sees), or NULL: safe */
    struct sr_fix_op *ops;
    size_t nops, cap;
};

/* What a planner sees. Everything it allocates goes into a. */
struct sr_fixer {
    struct sr_arena *a;
    const struct sr_result *res;
    const struct sr_graph *g;
    const struct sr_doc *doc;
    const struct sr_config *cfg;
    const char *path; /* the template's path as given ("-": standard input) */
    struct sr_style st;
    struct sr_ptrvec taken; /* const char *: names given out in this pass */
    const char **takentab;  /* the same names, open addressing (takencap slots) */
    size_t takencap;
    int dotted; /* logical ids with a '.': 0 not looked yet, 1 none, 2 some */
    int cdk;    /* synthesised by the AWS CDK: 0 not looked yet, 1 no, 2 yes */
    /* Mappings that hold a duplicate key (SR002), made on first need. */
    struct sr_ptrset dup_maps;
    int dup_maps_ready;
};

/* Operations. */
void sr_fix_set(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *map, const char *key,
                struct sr_fv *val);
void sr_fix_replace(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *node,
                    struct sr_fv *val);
void sr_fix_delete(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *map,
                   const char *key);
void sr_fix_append(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *seq,
                   struct sr_fv *val);
void sr_fix_file(struct sr_fixer *fx, struct sr_fix *fix, const char *path, const char *text);
/* Adds a resource under Resources (creating the section when missing). */
void sr_fix_add_resource(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                         struct sr_fv *body);
/* Adds a parameter unless one of that name exists (shared between fixes). */
void sr_fix_add_parameter(struct sr_fixer *fx, struct sr_fix *fix, const char *name,
                          struct sr_fv *body);
/* Adds a condition unless one of that name exists (shared between fixes). */
void sr_fix_add_condition(struct sr_fixer *fx, struct sr_fix *fix, const char *name,
                          struct sr_fv *body);
/* Adds a resource unless one of that id exists; fixes of one pass that add
 * the same id with the same body share it (an alarm topic). */
void sr_fix_add_shared_resource(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                                struct sr_fv *body);
/* Adds a transform: a missing Transform is set, a scalar becomes a list that
 * keeps the existing one first, a list gets it appended. No-op when present. */
void sr_fix_add_transform(struct sr_fixer *fx, struct sr_fix *fix, const char *name);
/* A logical id from base (base, base2, base3...) that is no resource,
 * implicit resource, parameter, output or name given out in this pass. */
const char *sr_fix_new_id(struct sr_fixer *fx, const char *base);
/* 1 when name is a resource (or implicit one) or parameter of the template,
 * or was given out in this pass. */
int sr_fix_name_taken(const struct sr_fixer *fx, const char *name);
/* Records name as given out in this pass (sr_fix_name_taken then says 1). */
void sr_fix_take(struct sr_fixer *fx, const char *name);
/* Sets fix->refused (printf format) and returns -1. */
int sr_fix_refuse(struct sr_fixer *fx, struct sr_fix *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Marks fix unsafe (printf format: why); a second reason is added to the first. */
void sr_fix_unsafe(struct sr_fix *fix, struct sr_fixer *fx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- helpers for planners ----------------------------------------------- */

/* The resource the finding of fix is in, or NULL. */
struct sr_resource *sr_fix_resource(const struct sr_fixer *fx, const struct sr_fix *fix);
/* The Properties mapping of r as written in the template (no SAM Globals
 * merged in), or NULL. */
const struct sr_node *sr_fix_own_props(const struct sr_resource *r);
/* Sets Properties/key = v on r (Properties is created when missing). */
void sr_fix_set_prop(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *r,
                     const char *key, struct sr_fv *v);

/* Prepares a fixer over a lint result (style detected; allocations in a). */
void sr_fixer_init(struct sr_fixer *fx, struct sr_arena *a, const struct sr_result *res,
                   const struct sr_config *cfg);

#endif
