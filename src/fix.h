/*
 * fix.h - the fixer: planned fixes applied as byte splices and verified.
 *
 * For every finding of a rule with a planner (struct sr_rule.plan, see
 * fixplan.h) the fixer asks the planner for a fix, resolves the operations
 * of all fixes of a file against the tree (a key set in an existing mapping
 * descends into it; two fixes adding the same parameter share it), renders
 * them with the emitter (emit.h) into splices on the original bytes, orders
 * them and checks that none overlap, applies them, and lints the result
 * again: it must parse, the fixed findings must be gone and no finding may
 * be new. A fix that fails is left out with the reason, the others go
 * ahead. Fixes whose result shows new fixable findings run again (a few
 * passes at most), so a second --fix changes nothing. Reports get the fix
 * of each finding from one fixer pass per file (sr_fix_edits()).
 */
#ifndef SR_FIX_H
#define SR_FIX_H

#include <stddef.h>
#include <stdio.h>

#include "fixplan.h"

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
    SR_FIX_NONE,    /* the rule is fixable, this case is not */
    SR_FIX_UNSAFE   /* an unsafe fix exists and was left out (no SR_FIX_UNSAFE_OK) */
};

/* Flags of sr_fix_result(). */
enum { SR_FIX_UNSAFE_OK = 1 }; /* apply unsafe fixes too (--unsafe-fixes) */

struct sr_fix_note {
    enum sr_fix_state state;
    const char *rule;
    const char *resource; /* may be NULL */
    struct sr_pos pos;    /* where the finding was, in the text it was found in */
    const char *message;  /* the finding's message */
    const char *detail;   /* what was done, or why not */
    const char *unsafe;   /* FIXED by an unsafe fix (--unsafe-fixes): why it is unsafe */
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
    size_t fixed, failed;   /* failed: REFUSED + NONE + UNSAFE notes */
    size_t unsafe;          /* UNSAFE notes: fixes left for --unsafe-fixes */
    struct sr_result final; /* lint of new_text (valid when final_valid) */
    int final_valid;
    struct sr_arena *arena; /* holds the notes */
    /* Byte ranges of old_text that hold a secret value (sr_finding_holds_value),
     * sorted; --diff masks them unless show_secrets is set before commit. */
    size_t (*masks)[2];
    size_t nmasks;
    int show_secrets;
};

/*
 * Plans, applies and verifies every fix of res (a lint result of path with
 * cfg). A fix its planner marks unsafe is applied only with
 * SR_FIX_UNSAFE_OK in flags; otherwise its finding gets an SR_FIX_UNSAFE
 * note saying why. Never writes anything and never prints. Returns 0; the
 * outcome owns its memory (sr_fix_outcome_release()). Thread-safe for
 * distinct results.
 */
int sr_fix_result(const struct sr_result *res, const struct sr_config *cfg, unsigned flags,
                  struct sr_fix_outcome *out);
void sr_fix_outcome_release(struct sr_fix_outcome *out);

/* Writes the notes of an outcome ("path: fixed SR103 at 30:9 in X: ...")
 * and a count line to out. */
void sr_fix_summary(FILE *out, const struct sr_fix_outcome *o, int diff_mode);

/*
 * Acts on an outcome: with diff_mode, the unified diff of the template and
 * of every new file goes to out (secret values masked, with a line saying
 * so before the diff, unless o->show_secrets); otherwise the new files are created below
 * the template's folder (never overwritten, never through a symlink), then
 * the template is replaced atomically (refused when it changed since it was
 * read, or when it is a symlink whose target is outside root; root NULL:
 * any target), and the files made are removed again when the template
 * cannot be written. The summary goes to err and says only what happened.
 * Returns 0, or -1 when a fix could not be applied or something could not
 * be written; fixes that were not possible (refused, none, unsafe) are said
 * in the summary and are no error.
 */
int sr_fix_commit(struct sr_fix_outcome *o, const char *root, int diff_mode, FILE *out, FILE *err);

/* ---- for reports and editors: the fix of each finding ------------------ */

struct sr_fix_edit {
    const char *description;         /* what the fix does */
    const char *unsafe;              /* why it is unsafe, or NULL (safe) */
    const struct sr_splice *splices; /* on res->text, sorted by start, not overlapping */
    size_t nsplices;
    const char *new_file;      /* a file the fix creates beside the template, or NULL */
    const char *new_file_text; /* its contents */
};

/*
 * Plans the fix of every unsuppressed finding of res whose rule has a
 * planner, in one fixer pass as --fix would apply them first, verifies them
 * all together with one re-lint (each on its own only when that fails),
 * and points f->edit at the verified fix of each finding. Findings whose
 * fix is refused or does not verify keep f->edit NULL. Returns how many
 * findings got one. Allocates in res's arena; a second call does nothing.
 * Not safe to call concurrently on one result.
 */
size_t sr_fix_edits(struct sr_result *res, const struct sr_config *cfg);

#endif
