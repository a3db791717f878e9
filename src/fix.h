/*
 * fix.h - fixes as data, applied as byte splices and verified by a re-lint.
 *
 * A finding of a fixable rule is turned into a fix (struct sr_fix): a list
 * of operations on the document (set a key, replace a value, delete a key,
 * append to a list, create a file beside the template) planned by
 * src/fixes.c from the finding, its resource and the graph. The fixer
 * resolves the operations of every fix of a file against the tree (a key
 * set in an existing mapping descends into it; two fixes adding the same
 * parameter share it), renders them with the emitter (emit.h) into splices
 * on the original bytes, orders them and checks that none overlap, applies
 * them, and lints the result again: it must parse, the fixed findings must
 * be gone and no finding may be new. A fix that fails is left out with the
 * reason, the others go ahead. Fixes whose result shows new fixable
 * findings run again (a few passes at most), so a second --fix changes
 * nothing. Writing the file is the caller's business (atomic.h, diff.h).
 */
#ifndef SR_FIX_H
#define SR_FIX_H

#include <stddef.h>
#include <stdio.h>

#include "emit.h"
#include "lint.h"

/* ---- fixes as data ------------------------------------------------------ */

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
};

/* Operations, for planners (src/fixes.c, src/scaffold.c). */
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
/* Adds a transform: a missing Transform is set, a scalar becomes a list that
 * keeps the existing one first, a list gets it appended. No-op when present. */
void sr_fix_add_transform(struct sr_fixer *fx, struct sr_fix *fix, const char *name);
/* A logical id from base (base, base2, base3...) that is no resource,
 * implicit resource, parameter, output or name given out in this pass. */
const char *sr_fix_new_id(struct sr_fixer *fx, const char *base);
/* 1 when name is a resource (or implicit one) or parameter of the template,
 * or was given out in this pass. */
int sr_fix_name_taken(const struct sr_fixer *fx, const char *name);
/* Sets fix->refused (printf format) and returns -1. */
int sr_fix_refuse(struct sr_fixer *fx, struct sr_fix *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * The planners (src/fixes.c): fills fix (whose finding is set) for the
 * finding's rule. Returns 0 when operations were planned, -1 when there is
 * no fix here (fix->refused says why), 1 when the rule has no planner.
 */
int sr_fix_plan(struct sr_fixer *fx, struct sr_fix *fix);
/* 1 when a planner exists for rule id. */
int sr_fix_has_planner(const char *rule_id);

/* Prepares a fixer over a lint result (style detected; allocations in a). */
void sr_fixer_init(struct sr_fixer *fx, struct sr_arena *a, const struct sr_result *res,
                   const struct sr_config *cfg);

/*
 * Applies fixes planned by hand (add-secret, tests) to res's text and
 * verifies the result like --fix does: it must parse, the findings the
 * fixes name (fix->finding, may be NULL) must be gone and no finding may be
 * new. Returns 0 with after filled (the lint of the new text; after->text
 * holds it; release it), or -1 with *why set and after empty.
 */
int sr_fix_apply(struct sr_arena *a, const struct sr_result *res, const struct sr_config *cfg,
                 struct sr_fix *const *fixes, size_t n, struct sr_result *after, const char **why);

/* ---- fixing a file ------------------------------------------------------ */

enum sr_fix_state {
    SR_FIX_FIXED,   /* applied and verified */
    SR_FIX_REFUSED, /* a fix exists in principle but could not be applied here */
    SR_FIX_NONE     /* the rule is fixable, this case is not */
};

struct sr_fix_note {
    enum sr_fix_state state;
    const char *rule;
    const char *resource; /* may be NULL */
    struct sr_pos pos;    /* where the finding was, in the text it was found in */
    const char *message;  /* the finding's message */
    const char *detail;   /* what was done, or why not */
};

struct sr_fix_newfile {
    char *path; /* as it will be written (joined with the template's folder) */
    char *text;
    int exists; /* a file is there already: it is kept, nothing written */
};

struct sr_fix_outcome {
    const char *path;
    const char *old_text; /* the text as read (borrowed from the lint result) */
    size_t old_len;
    char *new_text; /* heap; equal to old_text when nothing changed */
    size_t new_len;
    struct sr_fix_note *notes;
    size_t nnotes;
    struct sr_fix_newfile *files;
    size_t nfiles;
    size_t fixed, failed;   /* failed: REFUSED + NONE notes */
    struct sr_result final; /* lint of new_text (valid when final_valid) */
    int final_valid;
    struct sr_arena *arena; /* holds the notes */
};

/*
 * Plans, applies and verifies every fix of res (a lint result of path with
 * cfg). Never writes anything and never prints. Returns 0; the outcome
 * owns its memory (sr_fix_outcome_release()). Thread-safe for distinct
 * results.
 */
int sr_fix_result(const struct sr_result *res, const struct sr_config *cfg,
                  struct sr_fix_outcome *out);
void sr_fix_outcome_release(struct sr_fix_outcome *out);

/* Writes the notes of an outcome ("path: fixed SR103 at 30:9 in X: ...")
 * and a count line to out. */
void sr_fix_summary(FILE *out, const struct sr_fix_outcome *o, int diff_mode);

/*
 * Acts on an outcome: with diff_mode, the unified diff of the template and
 * of every new file goes to out; otherwise the new files are created below
 * the template's folder (never overwritten, never through a symlink), then
 * the template is replaced atomically (refused when it changed since it was
 * read, or when it is a symlink whose target is outside root; root NULL:
 * any target), and the files made are removed again when the template
 * cannot be written. The summary goes to err and says only what happened.
 * Returns 0, or -1 when a fix could not be applied or something could not
 * be written.
 */
int sr_fix_commit(struct sr_fix_outcome *o, const char *root, int diff_mode, FILE *out, FILE *err);

/* ---- for reports: the fix of one finding as byte replacements ----------- */

struct sr_fix_edit {
    const char *description;         /* what the fix does, or why there is none */
    const struct sr_splice *splices; /* on res->text, sorted by start, not overlapping */
    size_t nsplices;
    const char *new_file;      /* a file the fix creates beside the template, or NULL */
    const char *new_file_text; /* its contents */
};

/*
 * The fix of finding f alone, as --fix would apply it in its first pass:
 * planned, rendered, applied to a copy and verified by a re-lint. Returns 1
 * with *out filled (memory in res's arena, valid until the result is
 * released), 0 when the rule or this case has no fix, -1 when the fix
 * would not verify (out->description says why). res is not changed except
 * for allocations in its arena, so it is not safe to call concurrently on
 * one result.
 */
int sr_fix_edit_for(struct sr_result *res, const struct sr_config *cfg, const struct sr_finding *f,
                    struct sr_fix_edit *out);

#endif
