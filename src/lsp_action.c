/*
 * lsp_action.c - code actions: the fixer's verified fixes as WorkspaceEdits.
 *
 * A quick fix per fixable finding under the requested range, and one
 * "fix all" source action (kind source.fixAll.secrot-lint) with what --fix
 * would write. Every call into the fixer is in lsp_fix_actions(); the rest
 * turns its byte splices into text edits and its new files into CreateFile
 * operations. Fixes are computed once per lint result and kept with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "fix.h"
#include "lsp_server.h"
#include "report_escape.h"

#define LSP_FIXALL_KIND "source.fixAll.secrot-lint"

/* ---- the fixer ---------------------------------------------------------- */

/* "dir/t.yaml" + "rotation/x.py" -> "dir/rotation/x.py", in arena a. */
static const char *lsp_beside(struct sr_arena *a, const char *tpl, const char *rel)
{
    const char *slash = strrchr(tpl, '/');
    int dl = slash ? (int)(slash - tpl) + 1 : 0;
    return sr_arena_printf(a, "%.*s%s", dl, tpl, rel);
}

/* The file a fix creates, as a record in a (local: the template is a file,
 * so the path is a place on disk that may exist). */
static void lsp_fix_file(struct sr_arena *a, struct lsp_fix *out, const char *path,
                         const char *text, int local)
{
    struct lsp_fix_file *f = sr_arena_alloc(a, sizeof(*f));
    struct stat st;
    f->path = sr_arena_strdup(a, path);
    f->text = sr_arena_strdup(a, text);
    f->exists = local && lstat(f->path, &st) == 0;
    out->files = f;
    out->nfiles = 1;
}

/*
 * The fix of finding f of d's result (f NULL: every fix of the file, as
 * --fix would apply them), into out. out->ok is 1 when a fix verified;
 * everything out points at lives in d's result arena. This is the only
 * function that calls the fixer.
 */
static void lsp_fix_actions(struct lsp_doc *d, const struct sr_finding *f, struct lsp_fix *out)
{
    memset(out, 0, sizeof(*out));
    struct sr_result *res = &d->res;
    struct sr_arena *a = &res->arena;
    const struct sr_config *cfg = &d->policy->cfg;
    /* The fixes of every finding, planned and verified once per lint. */
    sr_fix_edits(res, cfg);
    if (f) {
        const struct sr_fix_edit *ed = f->edit;
        if (!ed || (ed->nsplices == 0 && !ed->new_file))
            return;
        out->ok = 1;
        out->what = ed->description;
        out->unsafe = ed->unsafe;
        out->count = 1;
        out->splices = ed->splices;
        out->nsplices = ed->nsplices;
        if (ed->new_file)
            lsp_fix_file(a, out, lsp_beside(a, res->path, ed->new_file), ed->new_file_text,
                         d->path != NULL);
        return;
    }
    /* Every fix as --fix applies them; unsafe when one of them is. */
    for (size_t i = 0; i < res->nfindings; i++) {
        const struct sr_finding *g = res->findings[i];
        if (!g->suppressed && g->edit && g->edit->unsafe)
            out->unsafe = g->edit->unsafe;
    }
    struct sr_fix_outcome o;
    sr_fix_result(res, cfg, SR_FIX_UNSAFE_OK, &o);
    const char *old = o.old_text, *neu = o.new_text;
    size_t ol = o.old_len, nl = o.new_len;
    if (o.fixed == 0 || (ol == nl && memcmp(old, neu, ol) == 0)) {
        sr_fix_outcome_release(&o);
        return;
    }
    /* The new text as edits of whole changed lines: what the editor keeps
     * (marks, folds, the cursor) stays where it is. */
    struct sr_diff_change *ch;
    size_t nch = sr_diff_changes(old, ol, neu, nl, &ch);
    struct sr_splice *sp = sr_arena_alloc(a, (nch + 1) * sizeof(*sp));
    for (size_t i = 0; i < nch; i++) {
        sp[i].start = ch[i].old_start;
        sp[i].end = ch[i].old_end;
        sp[i].len = ch[i].new_end - ch[i].new_start;
        sp[i].text = sr_arena_strndup(a, neu + ch[i].new_start, sp[i].len);
    }
    free(ch);
    out->ok = 1;
    out->count = o.fixed;
    out->splices = sp;
    out->nsplices = nch;
    out->what = sr_arena_printf(a, "%zu %s", o.fixed, o.fixed == 1 ? "fix" : "fixes");
    struct lsp_fix_file *files = sr_arena_alloc(a, (o.nfiles + 1) * sizeof(*files));
    for (size_t i = 0; i < o.nfiles; i++) {
        files[i].path = sr_arena_strdup(a, o.files[i].path);
        files[i].text = sr_arena_strdup(a, o.files[i].text);
        files[i].exists = d->path && o.files[i].exists;
    }
    out->files = files;
    out->nfiles = o.nfiles;
    sr_fix_outcome_release(&o);
}

void lsp_fixes_release(struct lsp_doc *d)
{
    free(d->fixes);
    free(d->fix_done);
    d->fixes = NULL;
    d->fix_done = NULL;
    memset(&d->fix_all, 0, sizeof(d->fix_all));
    d->fix_all_done = 0;
}

/* The fix of finding i (computed on first use). */
static const struct lsp_fix *lsp_fix_of(struct lsp_doc *d, size_t i)
{
    if (!d->fixes) {
        d->fixes = sr_xcalloc(d->res.nfindings + 1, sizeof(*d->fixes));
        d->fix_done = sr_xcalloc(d->res.nfindings + 1, 1);
    }
    if (!d->fix_done[i]) {
        lsp_fix_actions(d, d->res.findings[i], &d->fixes[i]);
        d->fix_done[i] = 1;
    }
    return &d->fixes[i];
}

static const struct lsp_fix *lsp_fix_all_of(struct lsp_doc *d)
{
    if (!d->fix_all_done) {
        lsp_fix_actions(d, NULL, &d->fix_all);
        d->fix_all_done = 1;
    }
    return &d->fix_all;
}

/* ---- edits -------------------------------------------------------------- */

static cJSON *lsp_json_strn(const char *s, size_t n)
{
    char *c = sr_utf8_clean(s, n);
    cJSON *j = cJSON_CreateString(c);
    free(c);
    if (!j)
        sr_json_oom();
    return j;
}

static cJSON *lsp_text_doc_edit(const char *uri, const long *version, cJSON *edits)
{
    cJSON *id = sr_json_object();
    lsp_add_str(id, "uri", uri);
    if (version)
        lsp_add_num(id, "version", (double)*version);
    else
        cJSON_AddItemToObject(id, "version", cJSON_CreateNull());
    cJSON *e = sr_json_object();
    cJSON_AddItemToObject(e, "textDocument", id);
    cJSON_AddItemToObject(e, "edits", edits);
    return e;
}

/*
 * The WorkspaceEdit of fx on d. A new file is a CreateFile operation and
 * an edit that writes its contents, when the client can create files and
 * the document is a file; otherwise it is left out and counted in *left
 * (its path in *left_path). A file that exists already is kept, as --fix
 * keeps it.
 */
static cJSON *lsp_workspace_edit(struct lsp_server *s, struct lsp_doc *d, const struct lsp_fix *fx,
                                 size_t *left, const char **left_path)
{
    cJSON *edits = sr_json_array();
    for (size_t i = 0; i < fx->nsplices; i++) {
        const struct sr_splice *sp = &fx->splices[i];
        cJSON *te = sr_json_object();
        cJSON_AddItemToObject(te, "range", lsp_json_range(s, &d->text, sp->start, sp->end));
        cJSON_AddItemToObject(te, "newText", lsp_json_strn(sp->text, sp->len));
        cJSON_AddItemToArray(edits, te);
    }
    *left = 0;
    *left_path = NULL;
    cJSON *we = sr_json_object();
    if (!s->doc_changes) {
        cJSON *changes = sr_json_object();
        cJSON_AddItemToObject(changes, d->uri, edits);
        cJSON_AddItemToObject(we, "changes", changes);
        for (size_t i = 0; i < fx->nfiles; i++)
            if (!fx->files[i].exists) {
                (*left)++;
                *left_path = fx->files[i].path;
            }
        return we;
    }
    cJSON *dc = sr_json_array();
    cJSON_AddItemToArray(dc, lsp_text_doc_edit(d->uri, &d->version, edits));
    for (size_t i = 0; i < fx->nfiles; i++) {
        const struct lsp_fix_file *f = &fx->files[i];
        if (f->exists)
            continue;
        if (!s->create_files || !d->path) {
            (*left)++;
            *left_path = f->path;
            continue;
        }
        char *uri = lsp_path_to_uri(f->path);
        cJSON *create = sr_json_object();
        lsp_add_str(create, "kind", "create");
        lsp_add_str(create, "uri", uri);
        cJSON *opts = sr_json_object();
        lsp_add_bool(opts, "overwrite", 0);
        lsp_add_bool(opts, "ignoreIfExists", 0);
        cJSON_AddItemToObject(create, "options", opts);
        cJSON_AddItemToArray(dc, create);
        cJSON *fe = sr_json_array(), *te = sr_json_object(), *r = sr_json_object();
        for (int k = 0; k < 2; k++) {
            cJSON *pos = sr_json_object();
            lsp_add_num(pos, "line", 0);
            lsp_add_num(pos, "character", 0);
            cJSON_AddItemToObject(r, k ? "end" : "start", pos);
        }
        cJSON_AddItemToObject(te, "range", r);
        lsp_add_str(te, "newText", f->text);
        cJSON_AddItemToArray(fe, te);
        cJSON_AddItemToArray(dc, lsp_text_doc_edit(uri, NULL, fe));
        free(uri);
    }
    cJSON_AddItemToObject(we, "documentChanges", dc);
    return we;
}

/* The title's note on files left out (heap, "" when none). */
static char *lsp_left_note(size_t left, const char *path)
{
    char buf[600];
    if (left == 0)
        buf[0] = '\0';
    else if (left == 1)
        snprintf(buf, sizeof(buf),
                 " (without creating %.500s: the editor cannot; secrot-lint --fix writes it)",
                 path);
    else
        snprintf(buf, sizeof(buf),
                 " (without creating %zu files: the editor cannot; secrot-lint --fix writes them)",
                 left);
    return sr_xstrdup(buf);
}

static cJSON *lsp_quick_fix(struct lsp_server *s, struct lsp_doc *d, size_t i,
                            const struct lsp_fix *fx)
{
    const struct sr_finding *f = d->res.findings[i];
    size_t left;
    const char *left_path;
    cJSON *edit = lsp_workspace_edit(s, d, fx, &left, &left_path);
    char *note = lsp_left_note(left, left_path);
    const char *what = fx->what && *fx->what ? fx->what : "apply the fix";
    size_t tl = strlen(what) + strlen(note) + 64;
    char *title = sr_xmalloc(tl);
    snprintf(title, tl, "Fix %s%s: %s%s", f->rule->id, fx->unsafe ? " (unsafe)" : "", what, note);
    cJSON *a = sr_json_object();
    lsp_add_str(a, "title", title);
    lsp_add_str(a, "kind", "quickfix");
    cJSON *diags = sr_json_array();
    cJSON_AddItemToArray(diags, lsp_diagnostic(s, d, i));
    cJSON_AddItemToObject(a, "diagnostics", diags);
    lsp_add_bool(a, "isPreferred", !fx->unsafe && left == 0);
    cJSON_AddItemToObject(a, "edit", edit);
    free(title);
    free(note);
    return a;
}

/* The fix-all action; with its edit when fx is given, else with data for
 * codeAction/resolve. */
static cJSON *lsp_fix_all_action(struct lsp_server *s, struct lsp_doc *d, const struct lsp_fix *fx)
{
    cJSON *a = sr_json_object();
    if (!fx) {
        lsp_add_str(a, "title", "Fix all secrot-lint findings");
        lsp_add_str(a, "kind", LSP_FIXALL_KIND);
        cJSON *data = sr_json_object();
        lsp_add_str(data, "uri", d->uri);
        cJSON_AddItemToObject(a, "data", data);
        return a;
    }
    size_t left;
    const char *left_path;
    cJSON *edit = lsp_workspace_edit(s, d, fx, &left, &left_path);
    char *note = lsp_left_note(left, left_path);
    size_t tl = strlen(note) + 96;
    char *title = sr_xmalloc(tl);
    snprintf(title, tl, "Fix all secrot-lint findings (%zu %s%s)%s", fx->count,
             fx->count == 1 ? "fix" : "fixes", fx->unsafe ? ", some unsafe" : "", note);
    lsp_add_str(a, "title", title);
    lsp_add_str(a, "kind", LSP_FIXALL_KIND);
    cJSON_AddItemToObject(a, "edit", edit);
    free(title);
    free(note);
    return a;
}

/* ---- requests ----------------------------------------------------------- */

/* 1 when kind is asked for by the list only (a kind or a prefix of it). */
static int lsp_kind_wanted(const cJSON *only, const char *kind)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, only)
    {
        if (!cJSON_IsString(o))
            continue;
        size_t n = strlen(o->valuestring);
        if (strncmp(kind, o->valuestring, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
            return 1;
    }
    return 0;
}

cJSON *lsp_code_actions(struct lsp_server *s, const cJSON *params, int *code, const char **why)
{
    cJSON *list = sr_json_array();
    struct lsp_doc *d = lsp_doc_of(s, params);
    if (!d || !lsp_doc_fresh(s, d) || !d->res.loaded)
        return list;
    const cJSON *range = lsp_get(params, "range");
    long long rs = lsp_offset_of(s, d, lsp_get(range, "start"));
    long long re = lsp_offset_of(s, d, lsp_get(range, "end"));
    if (rs < 0 || re < 0) {
        cJSON_Delete(list);
        *code = LSP_INVALID_PARAMS;
        *why = "codeAction needs a range";
        return NULL;
    }
    if (re < rs) {
        long long t = rs;
        rs = re;
        re = t;
    }
    const cJSON *only = lsp_get(lsp_get(params, "context"), "only");
    if (!cJSON_IsArray(only))
        only = NULL;
    size_t fixable = 0;
    for (size_t i = 0; i < d->res.nfindings; i++) {
        const struct sr_finding *f = d->res.findings[i];
        if (!lsp_finding_shown(d, i) || !f->rule->plan)
            continue;
        fixable++;
        if (only && !lsp_kind_wanted(only, "quickfix"))
            continue;
        if ((long long)d->dstart[i] > re || (long long)d->dend[i] < rs)
            continue;
        const struct lsp_fix *fx = lsp_fix_of(d, i);
        if (fx->ok)
            cJSON_AddItemToArray(list, lsp_quick_fix(s, d, i, fx));
    }
    /* Fix-all: when asked for by kind, or among the actions of a file with
     * more than one fixable finding. */
    if (fixable && (only ? lsp_kind_wanted(only, LSP_FIXALL_KIND) : fixable > 1)) {
        if (s->action_resolve && !d->fix_all_done) {
            cJSON_AddItemToArray(list, lsp_fix_all_action(s, d, NULL));
        } else {
            const struct lsp_fix *fx = lsp_fix_all_of(d);
            if (fx->ok)
                cJSON_AddItemToArray(list, lsp_fix_all_action(s, d, fx));
        }
    }
    return list;
}

cJSON *lsp_code_action_resolve(struct lsp_server *s, const cJSON *params, int *code,
                               const char **why)
{
    if (!cJSON_IsObject(params)) {
        *code = LSP_INVALID_PARAMS;
        *why = "codeAction/resolve takes a CodeAction";
        return NULL;
    }
    const char *kind = lsp_get_str(params, "kind");
    const char *uri = lsp_get_str(lsp_get(params, "data"), "uri");
    if (!kind || strcmp(kind, LSP_FIXALL_KIND) != 0 || !uri) {
        /* Quick fixes come with their edit: nothing to add. */
        cJSON *same = cJSON_Duplicate(params, 1);
        if (!same)
            sr_json_oom();
        return same;
    }
    cJSON *td = sr_json_object();
    lsp_add_str(td, "uri", uri);
    cJSON *p = sr_json_object();
    cJSON_AddItemToObject(p, "textDocument", td);
    struct lsp_doc *d = lsp_doc_of(s, p);
    cJSON_Delete(p);
    if (!d) {
        *code = LSP_REQUEST_FAILED;
        *why = "the document is not open";
        return NULL;
    }
    if (!lsp_doc_fresh(s, d) || !d->res.loaded) {
        *code = LSP_REQUEST_FAILED;
        *why = "the document is not a template that loads";
        return NULL;
    }
    const struct lsp_fix *fx = lsp_fix_all_of(d);
    if (!fx->ok) {
        *code = LSP_REQUEST_FAILED;
        *why = "no fix of this file verifies";
        return NULL;
    }
    return lsp_fix_all_action(s, d, fx);
}
