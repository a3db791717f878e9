/*
 * lsp_server.h - the language server's state, shared by its parts:
 * lsp.c (the loop, the lifecycle, documents, policies and diagnostics),
 * lsp_action.c (code actions from the fixer) and lsp_hover.c (hover and
 * go to definition). Not an API for anything else.
 *
 * A document holds the editor's text and, once linted, the lint result of
 * exactly that text: every request that reads the result lints first when
 * an edit is pending. linted_edits says which text was last linted (also
 * when there is no result: a policy file, a broken policy, a document over
 * the size limit), so a request does not lint the same text twice.
 */
#ifndef SR_LSP_SERVER_H
#define SR_LSP_SERVER_H

#include <stddef.h>

#include <cJSON.h>

#include "config.h"
#include "lint.h"
#include "lsp_rpc.h"
#include "lsp_text.h"

#define LSP_DEFAULT_DEBOUNCE_MS 150

/* A policy file and the configuration it gives. */
struct lsp_policy {
    char *path; /* the file, or "" for the defaults */
    struct sr_config cfg;
    int failed; /* the file did not load: err says why; nothing is linted under it */
    struct sr_error err;
};

/* A verified fix, as the code actions use it (filled by lsp_fix_actions). */
struct lsp_fix_file {
    const char *path; /* where the file goes (the template's folder joined) */
    const char *text;
    int exists; /* already there: kept, never overwritten */
};

struct lsp_fix {
    int ok;                          /* 1: a fix that verified */
    const char *what;                /* what it does (or why there is none) */
    const char *unsafe;              /* why a reviewer must look first, or NULL: safe */
    size_t count;                    /* fixes in it (1, or more for the fix-all) */
    const struct sr_splice *splices; /* on the linted text, sorted, not overlapping */
    size_t nsplices;
    const struct lsp_fix_file *files;
    size_t nfiles;
};

struct lsp_doc {
    char *uri;
    char *path;    /* the file the URI names, or NULL (untitled:, other schemes) */
    char *display; /* the path, or the URI: the name the lint sees */
    long version;
    struct lsp_text text;
    unsigned long edits; /* changes applied since didOpen */
    long long due;       /* monotonic ms at which to lint; 0: nothing pending */

    int linted;                 /* linted_edits is valid */
    unsigned long linted_edits; /* the value of edits when last linted */
    int have_res;               /* res is the lint of that text */
    struct sr_result res;
    const struct lsp_policy *policy;
    int is_template; /* the result is reported (a template, or broken and looks like one) */
    /* Per finding of res: the diagnostic's byte range (narrowed to the first
     * line) and the fix, computed on first request. */
    size_t *dstart, *dend;
    struct lsp_fix *fixes;
    unsigned char *fix_done;
    struct lsp_fix fix_all;
    int fix_all_done;
};

struct lsp_server {
    struct lsp_io io;
    enum lsp_encoding enc;
    int initialized; /* initialize answered */
    int shutdown;    /* shutdown received */
    int done;        /* exit received or the input ended */
    int exit_code;
    int debug;        /* answer secrot-lint/documentText (tests) */
    long debounce_ms; /* delay between a change and its lint */
    char *help_base;  /* codeDescription base URI, or NULL */
    char *config;     /* -c FILE: one policy for every document, or NULL */
    long next_id;     /* ids of the server's own requests */
    /* What the client can do. */
    int doc_changes;     /* workspaceEdit.documentChanges */
    int create_files;    /* resourceOperations has "create" */
    int markdown;        /* hover contentFormat has markdown */
    int action_literals; /* codeActionLiteralSupport */
    int action_resolve;  /* codeAction resolveSupport for "edit" */
    int watch_dynamic;   /* didChangeWatchedFiles dynamicRegistration */
    int diag_version;    /* publishDiagnostics versionSupport */
    struct lsp_doc **docs;
    size_t ndocs, capdocs;
    struct lsp_policy **policies;
    size_t npolicies;
    /* Policy files whose errors were published as their own diagnostics. */
    char **policy_diag_uris;
    size_t npolicy_diag;
};

/* ---- lsp.c, for the other parts ----------------------------------------- */

/* Sends msg (and frees it). A failed write ends the session. */
void lsp_send(struct lsp_server *s, cJSON *msg);
/* The document of a TextDocumentIdentifier params["textDocument"], or NULL. */
struct lsp_doc *lsp_doc_of(struct lsp_server *s, const cJSON *params);
/* Lints d now when an edit is pending (and publishes); then d->res is the
 * lint of d->text. Returns 1 when d has a result to read, 0 otherwise. */
int lsp_doc_fresh(struct lsp_server *s, struct lsp_doc *d);
/* {"start":{"line":L,"character":C},"end":...} for byte offsets of t. */
cJSON *lsp_json_range(struct lsp_server *s, struct lsp_text *t, size_t start, size_t end);
/* The byte offset of an LSP Position object in d; -1 when pos is not one. */
long long lsp_offset_of(struct lsp_server *s, struct lsp_doc *d, const cJSON *pos);
/* 1 when finding i of d's result is published (a template's finding, not
 * suppressed, not set to severity none by the policy). */
int lsp_finding_shown(const struct lsp_doc *d, size_t i);
/* The Diagnostic of finding i of d's result. */
cJSON *lsp_diagnostic(struct lsp_server *s, struct lsp_doc *d, size_t i);
/* "file:///a%20b" for "/a b" (heap). */
char *lsp_path_to_uri(const char *path);
/* Object member by exact name, or NULL (also when o is not an object). */
const cJSON *lsp_get(const cJSON *o, const char *name);
/* String member or NULL. */
const char *lsp_get_str(const cJSON *o, const char *name);
/* Adds a string member (made valid UTF-8). */
void lsp_add_str(cJSON *o, const char *name, const char *v);
void lsp_add_num(cJSON *o, const char *name, double v);
void lsp_add_bool(cJSON *o, const char *name, int v);

/* ---- lsp_action.c ------------------------------------------------------- */

/* textDocument/codeAction: the result (an array of CodeAction). */
cJSON *lsp_code_actions(struct lsp_server *s, const cJSON *params, int *code, const char **why);
/* codeAction/resolve: the action with its edit, or NULL with code and why set. */
cJSON *lsp_code_action_resolve(struct lsp_server *s, const cJSON *params, int *code,
                               const char **why);
/* Forgets the fixes computed for d's result (before it is released). */
void lsp_fixes_release(struct lsp_doc *d);

/* ---- lsp_hover.c -------------------------------------------------------- */

/* textDocument/hover: a Hover or NULL (JSON null: nothing there). */
cJSON *lsp_hover(struct lsp_server *s, const cJSON *params);
/* textDocument/definition: a Location or NULL. */
cJSON *lsp_definition(struct lsp_server *s, const cJSON *params);

#endif
