/*
 * lsp.c - the language server: options, the message loop with its
 * debounce, the protocol's lifecycle, open documents, the policy of each
 * document and the diagnostics published for it.
 *
 * One thread. Messages are handled in the order they come; a change only
 * marks its document due (now + the debounce), and due documents are
 * linted when no message is waiting or their time has come, so a burst of
 * keystrokes costs one lint. Requests that read a lint result (code
 * actions, hover, definition) lint a pending document first. Code actions
 * are in lsp_action.c, hover and definition in lsp_hover.c.
 */
#include "lsp.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lsp_server.h"
#include "report_escape.h"
#include "readfile.h"
#include "run.h"

static const char lsp_usage[] =
    "usage: secrot-lint lsp [OPTIONS]\n"
    "\n"
    "Runs a Language Server Protocol server on standard input and output: the\n"
    "editor's buffers are linted as you type, fixes are offered as code actions.\n"
    "See docs/editors.md for editor set-ups.\n"
    "\n"
    "  -c, --config FILE        one policy file for every document\n"
    "                           (default: the .secrot-lint.yaml nearest each document)\n"
    "      --help-uri-base URL  link each diagnostic to its rule page: URL with {id}\n"
    "                           replaced by the rule id, or URL + ID + .md\n"
    "      --debounce MS        milliseconds between a change and its lint (default 150)\n"
    "      --stdio              use standard input and output (the default)\n"
    "      --debug-requests     also answer secrot-lint/documentText (for tests)\n"
    "  -h, --help               this help\n";

/* ---- small JSON helpers ------------------------------------------------- */

const cJSON *lsp_get(const cJSON *o, const char *name)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

const char *lsp_get_str(const cJSON *o, const char *name)
{
    const cJSON *v = lsp_get(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void lsp_add_str(cJSON *o, const char *name, const char *v)
{
    cJSON_AddItemToObject(o, name, sr_json_string(v));
}

void lsp_add_num(cJSON *o, const char *name, double v)
{
    cJSON *n = cJSON_CreateNumber(v);
    if (!n)
        sr_json_oom();
    cJSON_AddItemToObject(o, name, n);
}

void lsp_add_bool(cJSON *o, const char *name, int v)
{
    cJSON *b = cJSON_CreateBool(v);
    if (!b)
        sr_json_oom();
    cJSON_AddItemToObject(o, name, b);
}

/* 1 when the array arr holds the string s. */
static int lsp_has_str(const cJSON *arr, const char *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0)
            return 1;
    }
    return 0;
}

/* Follows a '/'-separated path of object members. */
static const cJSON *lsp_path(const cJSON *o, const char *path)
{
    char part[64];
    while (o && *path) {
        const char *slash = strchr(path, '/');
        size_t n = slash ? (size_t)(slash - path) : strlen(path);
        if (n >= sizeof(part))
            return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        o = lsp_get(o, part);
        path += n + (slash ? 1 : 0);
    }
    return o;
}

static long long lsp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void lsp_send(struct lsp_server *s, cJSON *msg)
{
    if (!s->done && lsp_io_send(&s->io, msg) < 0) {
        fprintf(stderr, "secrot-lint lsp: cannot write to the client: %s\n", strerror(errno));
        s->done = 1;
        s->exit_code = 1;
    }
    cJSON_Delete(msg);
}

static void lsp_send_error(struct lsp_server *s, const cJSON *id, int code, const char *message)
{
    lsp_send(s, lsp_msg_error(id, code, message));
}

/* window/logMessage at level (1 error .. 4 log); on standard error before
 * the client is initialized. */
static void lsp_log(struct lsp_server *s, int level, const char *message)
{
    if (!s->initialized) {
        fprintf(stderr, "secrot-lint lsp: %s\n", message);
        return;
    }
    cJSON *p = sr_json_object();
    lsp_add_num(p, "type", level);
    lsp_add_str(p, "message", message);
    lsp_send(s, lsp_msg_notify("window/logMessage", p));
}

/* ---- URIs --------------------------------------------------------------- */

static int lsp_hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The local path of a file: URI (heap), or NULL for other schemes, remote
 * hosts and paths that cannot be a file name. */
static char *lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    const char *slash = strchr(p, '/');
    if (!slash)
        return NULL;
    size_t host = (size_t)(slash - p);
    if (host && !(host == 9 && strncmp(p, "localhost", 9) == 0))
        return NULL;
    p = slash;
    size_t n = strlen(p);
    char *out = sr_xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '?' || p[i] == '#')
            break;
        if (p[i] == '%' && i + 2 < n && lsp_hex(p[i + 1]) >= 0 && lsp_hex(p[i + 2]) >= 0) {
            int c = lsp_hex(p[i + 1]) * 16 + lsp_hex(p[i + 2]);
            if (c == 0) {
                free(out);
                return NULL;
            }
            *o++ = (char)c;
            i += 2;
        } else {
            *o++ = p[i];
        }
    }
    *o = '\0';
    return out;
}

char *lsp_path_to_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = sr_xmalloc(8 + 3 * n + 1), *o = out;
    memcpy(o, "file://", 7);
    o += 7;
    if (path[0] != '/')
        *o++ = '/';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~/", c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

static const char *lsp_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* ---- positions ---------------------------------------------------------- */

static cJSON *lsp_json_pos(struct lsp_server *s, struct lsp_text *t, size_t off)
{
    long line, ch;
    lsp_text_position(t, off, s->enc, &line, &ch);
    cJSON *p = sr_json_object();
    lsp_add_num(p, "line", (double)line);
    lsp_add_num(p, "character", (double)ch);
    return p;
}

cJSON *lsp_json_range(struct lsp_server *s, struct lsp_text *t, size_t start, size_t end)
{
    cJSON *r = sr_json_object();
    cJSON_AddItemToObject(r, "start", lsp_json_pos(s, t, start));
    cJSON_AddItemToObject(r, "end", lsp_json_pos(s, t, end));
    return r;
}

/* A non-negative integer member (LSP uinteger) into *out; -1 when absent
 * or not one. */
static int lsp_get_uint(const cJSON *o, const char *name, long *out)
{
    const cJSON *v = lsp_get(o, name);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 2147483647.0)
        return -1;
    *out = (long)v->valuedouble;
    return 0;
}

long long lsp_offset_of(struct lsp_server *s, struct lsp_doc *d, const cJSON *pos)
{
    long line, ch;
    if (lsp_get_uint(pos, "line", &line) < 0 || lsp_get_uint(pos, "character", &ch) < 0)
        return -1;
    return (long long)lsp_text_offset(&d->text, line, ch, s->enc);
}

/* ---- policies ----------------------------------------------------------- */

/* Publishes diags for uri (taken over). */
static void lsp_publish(struct lsp_server *s, const char *uri, long version, cJSON *diags)
{
    cJSON *p = sr_json_object();
    lsp_add_str(p, "uri", uri);
    if (version >= 0)
        lsp_add_num(p, "version", (double)version);
    cJSON_AddItemToObject(p, "diagnostics", diags);
    lsp_send(s, lsp_msg_notify("textDocument/publishDiagnostics", p));
}

/* A diagnostic at [start, end) of t without a rule (policy problems). */
static cJSON *lsp_notice(struct lsp_server *s, struct lsp_text *t, size_t start, size_t end,
                         int severity, const char *message)
{
    cJSON *dg = sr_json_object();
    cJSON_AddItemToObject(dg, "range", lsp_json_range(s, t, start, end));
    lsp_add_num(dg, "severity", severity);
    lsp_add_str(dg, "source", "secrot-lint");
    lsp_add_str(dg, "message", message);
    return dg;
}

static struct lsp_doc *lsp_doc_by_path(struct lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->path && strcmp(s->docs[i]->path, path) == 0)
            return s->docs[i];
    return NULL;
}

/* A policy file that does not load gets its error as a diagnostic of its
 * own, unless it is open (then its buffer is checked as it is typed). */
static void lsp_policy_publish_error(struct lsp_server *s, const struct lsp_policy *p)
{
    const char *file = p->err.file[0] ? p->err.file : p->path;
    if (lsp_doc_by_path(s, file))
        return;
    struct lsp_text t;
    lsp_text_init(&t);
    char *text;
    size_t len;
    char msg[512];
    if (sr_read_file(file, &text, &len, msg, sizeof(msg)) == 0) {
        lsp_text_set(&t, text, len);
        free(text);
    }
    size_t off = p->err.offset <= t.len ? p->err.offset : t.len;
    cJSON *diags = sr_json_array();
    cJSON_AddItemToArray(diags, lsp_notice(s, &t, off, off, 1, p->err.message));
    lsp_text_release(&t);
    char *uri = lsp_path_to_uri(file);
    lsp_publish(s, uri, -1, diags);
    s->policy_diag_uris =
        sr_xrealloc(s->policy_diag_uris, (s->npolicy_diag + 1) * sizeof(*s->policy_diag_uris));
    s->policy_diag_uris[s->npolicy_diag++] = uri;
}

static const struct lsp_policy *lsp_policy_for(struct lsp_server *s, const struct lsp_doc *d)
{
    char found[4096] = "";
    if (s->config) {
        snprintf(found, sizeof(found), "%s", s->config);
    } else if (d->path) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s", d->path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        else
            snprintf(dir, sizeof(dir), ".");
        /* No higher than the document's repository, when it is in one. */
        if (!sr_config_find(dir, NULL, found, sizeof(found), NULL, 0))
            found[0] = '\0';
    }
    for (size_t i = 0; i < s->npolicies; i++)
        if (strcmp(s->policies[i]->path, found) == 0)
            return s->policies[i];
    struct lsp_policy *p = sr_xcalloc(1, sizeof(*p));
    p->path = sr_xstrdup(found);
    sr_config_defaults(&p->cfg);
    if (found[0] && sr_config_load(found, &p->cfg, &p->err) < 0) {
        p->failed = 1;
        lsp_policy_publish_error(s, p);
    }
    s->policies = sr_xrealloc(s->policies, (s->npolicies + 1) * sizeof(*s->policies));
    s->policies[s->npolicies++] = p;
    return p;
}

static void lsp_doc_drop_result(struct lsp_doc *d);

/* Forgets every policy: the next lint of each document finds and loads its
 * policy again. Every open document is linted again. */
static void lsp_policies_reload(struct lsp_server *s)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        lsp_doc_drop_result(s->docs[i]);
        s->docs[i]->due = lsp_now_ms();
    }
    for (size_t i = 0; i < s->npolicies; i++) {
        free(s->policies[i]->path);
        free(s->policies[i]);
    }
    free(s->policies);
    s->policies = NULL;
    s->npolicies = 0;
    for (size_t i = 0; i < s->npolicy_diag; i++) {
        lsp_publish(s, s->policy_diag_uris[i], -1, sr_json_array());
        free(s->policy_diag_uris[i]);
    }
    free(s->policy_diag_uris);
    s->policy_diag_uris = NULL;
    s->npolicy_diag = 0;
}

/* 1 when path is a policy file: named .secrot-lint.yaml, the -c file, or
 * one that a document was linted under. */
static int lsp_is_policy_path(const struct lsp_server *s, const char *path)
{
    if (strcmp(lsp_basename(path), ".secrot-lint.yaml") == 0)
        return 1;
    if (s->config && strcmp(path, s->config) == 0)
        return 1;
    for (size_t i = 0; i < s->npolicies; i++)
        if (strcmp(s->policies[i]->path, path) == 0)
            return 1;
    return 0;
}

/* ---- documents ---------------------------------------------------------- */

static void lsp_doc_drop_result(struct lsp_doc *d)
{
    lsp_fixes_release(d);
    if (d->have_res)
        sr_result_release(&d->res);
    free(d->dstart);
    free(d->dend);
    d->dstart = d->dend = NULL;
    d->have_res = 0;
    d->linted = 0;
    d->is_template = 0;
    d->policy = NULL;
}

static void lsp_doc_free(struct lsp_doc *d)
{
    lsp_doc_drop_result(d);
    lsp_text_release(&d->text);
    free(d->uri);
    free(d->path);
    free(d->display);
    free(d);
}

static struct lsp_doc *lsp_doc_find(struct lsp_server *s, const char *uri, size_t *index)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) {
            if (index)
                *index = i;
            return s->docs[i];
        }
    return NULL;
}

struct lsp_doc *lsp_doc_of(struct lsp_server *s, const cJSON *params)
{
    const char *uri = lsp_get_str(lsp_get(params, "textDocument"), "uri");
    return uri ? lsp_doc_find(s, uri, NULL) : NULL;
}

/* The rule page of id under base: {id} in base replaced, else base + id +
 * ".md" (heap). */
static char *lsp_help_href(const char *base, const char *id)
{
    const char *mark = strstr(base, "{id}");
    size_t n = strlen(base) + strlen(id) + 4;
    char *href = sr_xmalloc(n);
    if (mark)
        snprintf(href, n, "%.*s%s%s", (int)(mark - base), base, id, mark + 4);
    else
        snprintf(href, n, "%s%s.md", base, id);
    return href;
}

int lsp_finding_shown(const struct lsp_doc *d, size_t i)
{
    const struct sr_finding *f = d->res.findings[i];
    return d->is_template && f->rule && !f->suppressed && f->severity != SR_SEV_NONE;
}

cJSON *lsp_diagnostic(struct lsp_server *s, struct lsp_doc *d, size_t i)
{
    const struct sr_finding *f = d->res.findings[i];
    cJSON *dg = sr_json_object();
    cJSON_AddItemToObject(dg, "range", lsp_json_range(s, &d->text, d->dstart[i], d->dend[i]));
    lsp_add_num(dg, "severity",
                f->severity == SR_SEV_ERROR     ? 1
                : f->severity == SR_SEV_WARNING ? 2
                                                : 3);
    const char *id = f->rule ? f->rule->id : "SR000";
    lsp_add_str(dg, "code", id);
    if (s->help_base) {
        char *href = lsp_help_href(s->help_base, id);
        cJSON *cd = sr_json_object();
        lsp_add_str(cd, "href", href);
        cJSON_AddItemToObject(dg, "codeDescription", cd);
        free(href);
    }
    lsp_add_str(dg, "source", "secrot-lint");
    lsp_add_str(dg, "message", f->message ? f->message : "");
    return dg;
}

/* Lints d's text now and publishes its diagnostics. */
static void lsp_lint(struct lsp_server *s, struct lsp_doc *d)
{
    lsp_doc_drop_result(d);
    d->due = 0;
    cJSON *diags = sr_json_array();
    size_t len = d->text.len;
    const struct lsp_policy *p = NULL;
    if (len > SR_MAX_FILE_SIZE) {
        char msg[160];
        snprintf(msg, sizeof(msg), "not linted: the document is larger than the limit of %zu MiB",
                 SR_MAX_FILE_SIZE >> 20);
        cJSON_AddItemToArray(diags, lsp_notice(s, &d->text, 0, 0, 1, msg));
    } else if (d->path && strcmp(lsp_basename(d->path), ".secrot-lint.yaml") == 0) {
        /* A policy file: checked as it is typed, like --config would. */
        struct sr_config cfg;
        struct sr_error err;
        sr_config_defaults(&cfg);
        if (sr_config_load_text(d->path, d->text.s, len, &cfg, &err) < 0) {
            size_t off = err.offset <= len ? err.offset : len;
            cJSON_AddItemToArray(diags, lsp_notice(s, &d->text, off, off, 1, err.message));
        }
    } else if ((p = lsp_policy_for(s, d))->failed) {
        char msg[1200];
        snprintf(msg, sizeof(msg), "not linted: the policy file %s does not load (%d:%d: %s)",
                 p->err.file[0] ? p->err.file : p->path, p->err.pos.line, p->err.pos.col,
                 p->err.message);
        cJSON_AddItemToArray(diags, lsp_notice(s, &d->text, 0, 0, 1, msg));
    } else {
        char *copy = sr_xmalloc(len + 1);
        memcpy(copy, d->text.s, len);
        copy[len] = '\0';
        sr_lint_text(&d->res, d->display, copy, len, &p->cfg);
        d->have_res = 1;
        d->policy = p;
        d->is_template =
            d->res.loaded ? d->res.is_template : sr_looks_like_template(d->res.text, len);
        size_t n = d->res.nfindings;
        d->dstart = sr_xcalloc(n + 1, sizeof(*d->dstart));
        d->dend = sr_xcalloc(n + 1, sizeof(*d->dend));
        for (size_t i = 0; i < n; i++) {
            const struct sr_finding *f = d->res.findings[i];
            size_t a = f->start <= len ? f->start : len;
            size_t b = f->end < a ? a : f->end > len ? len : f->end;
            /* A finding on a block (a whole mapping) is shown on its first
             * line: the editor underlines where it starts. */
            size_t le = lsp_text_line_end(&d->text, a);
            if (b > le && le >= a)
                b = le;
            d->dstart[i] = a;
            d->dend[i] = b;
            if (lsp_finding_shown(d, i))
                cJSON_AddItemToArray(diags, lsp_diagnostic(s, d, i));
        }
    }
    d->linted = 1;
    d->linted_edits = d->edits;
    lsp_publish(s, d->uri, d->version, diags);
}

int lsp_doc_fresh(struct lsp_server *s, struct lsp_doc *d)
{
    if (d->due || !d->linted || d->linted_edits != d->edits)
        lsp_lint(s, d);
    return d->have_res && d->is_template;
}

/* Lints every due document whose time has come; returns the earliest
 * time still pending (0: none). */
static long long lsp_lint_due(struct lsp_server *s)
{
    long long now = lsp_now_ms(), next = 0;
    for (size_t i = 0; i < s->ndocs && !s->done; i++) {
        struct lsp_doc *d = s->docs[i];
        if (!d->due)
            continue;
        if (d->due <= now)
            lsp_lint(s, d);
        else if (!next || d->due < next)
            next = d->due;
    }
    return next;
}

/* ---- notifications ------------------------------------------------------ */

static void lsp_did_open(struct lsp_server *s, const cJSON *params)
{
    const cJSON *td = lsp_get(params, "textDocument");
    const char *uri = lsp_get_str(td, "uri");
    const char *text = lsp_get_str(td, "text");
    if (!uri || !text) {
        lsp_log(s, 1, "didOpen without textDocument.uri and text: ignored");
        return;
    }
    size_t at;
    struct lsp_doc *d = lsp_doc_find(s, uri, &at);
    if (!d) {
        d = sr_xcalloc(1, sizeof(*d));
        d->uri = sr_xstrdup(uri);
        d->path = lsp_uri_to_path(uri);
        d->display = sr_xstrdup(d->path ? d->path : uri);
        lsp_text_init(&d->text);
        if (s->ndocs == s->capdocs) {
            s->capdocs = s->capdocs ? s->capdocs * 2 : 8;
            s->docs = sr_xrealloc(s->docs, s->capdocs * sizeof(*s->docs));
        }
        s->docs[s->ndocs++] = d;
    }
    long v = 0;
    d->version = lsp_get_uint(td, "version", &v) == 0 ? v : 0;
    lsp_text_set(&d->text, text, strlen(text));
    d->edits++;
    d->due = lsp_now_ms();
}

static void lsp_did_change(struct lsp_server *s, const cJSON *params)
{
    const cJSON *td = lsp_get(params, "textDocument");
    const char *uri = lsp_get_str(td, "uri");
    struct lsp_doc *d = uri ? lsp_doc_find(s, uri, NULL) : NULL;
    if (!d) {
        lsp_log(s, 2, "didChange for a document that is not open: ignored");
        return;
    }
    const cJSON *changes = lsp_get(params, "contentChanges"), *c;
    if (!cJSON_IsArray(changes)) {
        lsp_log(s, 1, "didChange without contentChanges: ignored");
        return;
    }
    cJSON_ArrayForEach(c, changes)
    {
        const char *text = lsp_get_str(c, "text");
        if (!text) {
            lsp_log(s, 1, "a content change without text: ignored");
            continue;
        }
        const cJSON *range = lsp_get(c, "range");
        if (!range) {
            lsp_text_set(&d->text, text, strlen(text));
            continue;
        }
        long long a = lsp_offset_of(s, d, lsp_get(range, "start"));
        long long b = lsp_offset_of(s, d, lsp_get(range, "end"));
        if (a < 0 || b < 0) {
            lsp_log(s, 1, "a content change with an invalid range: ignored");
            continue;
        }
        lsp_text_replace(&d->text, (size_t)a, (size_t)b, text, strlen(text));
    }
    long v;
    if (lsp_get_uint(td, "version", &v) == 0)
        d->version = v;
    d->edits++;
    d->due = lsp_now_ms() + s->debounce_ms;
}

static void lsp_did_save(struct lsp_server *s, const cJSON *params)
{
    struct lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return;
    if (d->path && lsp_is_policy_path(s, d->path))
        lsp_policies_reload(s);
    else if (d->due)
        d->due = lsp_now_ms();
}

static void lsp_did_close(struct lsp_server *s, const cJSON *params)
{
    const char *uri = lsp_get_str(lsp_get(params, "textDocument"), "uri");
    size_t at;
    struct lsp_doc *d = uri ? lsp_doc_find(s, uri, &at) : NULL;
    if (!d)
        return;
    lsp_publish(s, d->uri, -1, sr_json_array());
    lsp_doc_free(d);
    memmove(&s->docs[at], &s->docs[at + 1], (s->ndocs - at - 1) * sizeof(*s->docs));
    s->ndocs--;
}

static void lsp_did_change_watched(struct lsp_server *s, const cJSON *params)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, lsp_get(params, "changes"))
    {
        const char *uri = lsp_get_str(c, "uri");
        char *path = uri ? lsp_uri_to_path(uri) : NULL;
        int policy = path && lsp_is_policy_path(s, path);
        free(path);
        if (policy) {
            lsp_policies_reload(s);
            return;
        }
    }
}

/* After initialized: ask the client to tell us when a policy file changes. */
static void lsp_register_watchers(struct lsp_server *s)
{
    if (!s->watch_dynamic)
        return;
    cJSON *watchers = sr_json_array();
    cJSON *w = sr_json_object();
    lsp_add_str(w, "globPattern", "**/.secrot-lint.yaml");
    cJSON_AddItemToArray(watchers, w);
    if (s->config) {
        w = sr_json_object();
        lsp_add_str(w, "globPattern", s->config);
        cJSON_AddItemToArray(watchers, w);
    }
    cJSON *opts = sr_json_object();
    cJSON_AddItemToObject(opts, "watchers", watchers);
    cJSON *reg = sr_json_object();
    lsp_add_str(reg, "id", "secrot-lint-policy");
    lsp_add_str(reg, "method", "workspace/didChangeWatchedFiles");
    cJSON_AddItemToObject(reg, "registerOptions", opts);
    cJSON *regs = sr_json_array();
    cJSON_AddItemToArray(regs, reg);
    cJSON *p = sr_json_object();
    cJSON_AddItemToObject(p, "registrations", regs);
    lsp_send(s, lsp_msg_request(s->next_id++, "client/registerCapability", p));
}

static void lsp_notification(struct lsp_server *s, const char *method, const cJSON *params)
{
    if (strcmp(method, "exit") == 0) {
        s->done = 1;
        s->exit_code = s->shutdown ? 0 : 1;
        return;
    }
    if (!s->initialized || s->shutdown)
        return; /* dropped, as the protocol says */
    if (strcmp(method, "initialized") == 0)
        lsp_register_watchers(s);
    else if (strcmp(method, "textDocument/didOpen") == 0)
        lsp_did_open(s, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        lsp_did_change(s, params);
    else if (strcmp(method, "textDocument/didSave") == 0)
        lsp_did_save(s, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        lsp_did_close(s, params);
    else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
        lsp_did_change_watched(s, params);
    /* Anything else ($/cancelRequest, $/setTrace, didChangeConfiguration,
     * methods of later protocol versions) is ignored, as notifications may be. */
}

/* ---- requests ----------------------------------------------------------- */

static void lsp_set_help_base(struct lsp_server *s, const char *v)
{
    free(s->help_base);
    s->help_base = v && *v ? sr_xstrdup(v) : NULL;
}

static cJSON *lsp_initialize(struct lsp_server *s, const cJSON *params)
{
    const cJSON *caps = lsp_get(params, "capabilities");
    const cJSON *encs = lsp_path(caps, "general/positionEncodings"), *e;
    int offered = cJSON_IsArray(encs);
    s->enc = LSP_ENC_UTF16;
    cJSON_ArrayForEach(e, encs)
    {
        if (!cJSON_IsString(e))
            continue;
        if (strcmp(e->valuestring, "utf-16") == 0)
            break;
        if (strcmp(e->valuestring, "utf-8") == 0) {
            s->enc = LSP_ENC_UTF8;
            break;
        }
        if (strcmp(e->valuestring, "utf-32") == 0) {
            s->enc = LSP_ENC_UTF32;
            break;
        }
    }
    const cJSON *we = lsp_path(caps, "workspace/workspaceEdit");
    s->doc_changes = cJSON_IsTrue(lsp_get(we, "documentChanges"));
    s->create_files = s->doc_changes && lsp_has_str(lsp_get(we, "resourceOperations"), "create");
    s->markdown = lsp_has_str(lsp_path(caps, "textDocument/hover/contentFormat"), "markdown");
    const cJSON *ca = lsp_path(caps, "textDocument/codeAction");
    s->action_literals = lsp_get(ca, "codeActionLiteralSupport") != NULL;
    s->action_resolve = cJSON_IsTrue(lsp_get(ca, "dataSupport")) &&
                        lsp_has_str(lsp_path(ca, "resolveSupport/properties"), "edit");
    s->watch_dynamic =
        cJSON_IsTrue(lsp_path(caps, "workspace/didChangeWatchedFiles/dynamicRegistration"));
    s->diag_version =
        cJSON_IsTrue(lsp_path(caps, "textDocument/publishDiagnostics/versionSupport"));

    const cJSON *io = lsp_get(params, "initializationOptions");
    const char *hb = lsp_get_str(io, "helpUriBase");
    if (hb)
        lsp_set_help_base(s, hb);
    long ms;
    if (lsp_get_uint(io, "debounceMs", &ms) == 0)
        s->debounce_ms = ms > 10000 ? 10000 : ms;
    const char *cfg = lsp_get_str(io, "config");
    if (cfg && *cfg) {
        free(s->config);
        s->config = sr_xstrdup(cfg);
    }

    cJSON *c = sr_json_object();
    if (offered)
        lsp_add_str(c, "positionEncoding",
                    s->enc == LSP_ENC_UTF8    ? "utf-8"
                    : s->enc == LSP_ENC_UTF32 ? "utf-32"
                                              : "utf-16");
    cJSON *sync = sr_json_object();
    lsp_add_bool(sync, "openClose", 1);
    lsp_add_num(sync, "change", 2); /* incremental */
    cJSON *save = sr_json_object();
    lsp_add_bool(save, "includeText", 0);
    cJSON_AddItemToObject(sync, "save", save);
    cJSON_AddItemToObject(c, "textDocumentSync", sync);
    lsp_add_bool(c, "hoverProvider", 1);
    lsp_add_bool(c, "definitionProvider", 1);
    if (s->action_literals) {
        cJSON *cap = sr_json_object();
        cJSON *kinds = sr_json_array();
        cJSON_AddItemToArray(kinds, sr_json_string("quickfix"));
        cJSON_AddItemToArray(kinds, sr_json_string("source.fixAll.secrot-lint"));
        cJSON_AddItemToObject(cap, "codeActionKinds", kinds);
        lsp_add_bool(cap, "resolveProvider", s->action_resolve);
        cJSON_AddItemToObject(c, "codeActionProvider", cap);
    }
    cJSON *r = sr_json_object();
    cJSON_AddItemToObject(r, "capabilities", c);
    cJSON *info = sr_json_object();
    lsp_add_str(info, "name", "secrot-lint");
    lsp_add_str(info, "version", SR_VERSION);
    cJSON_AddItemToObject(r, "serverInfo", info);
    return r;
}

/* secrot-lint/documentText (with --debug-requests): the server's copy. */
static cJSON *lsp_document_text(struct lsp_server *s, const cJSON *params)
{
    struct lsp_doc *d = lsp_doc_of(s, params);
    if (!d)
        return NULL;
    cJSON *r = sr_json_object();
    cJSON *t = cJSON_CreateString(d->text.s);
    if (!t)
        sr_json_oom();
    cJSON_AddItemToObject(r, "text", t);
    lsp_add_num(r, "version", (double)d->version);
    lsp_add_num(r, "length", (double)d->text.len);
    lsp_add_num(r, "lines", (double)lsp_text_nlines(&d->text));
    return r;
}

static void lsp_request(struct lsp_server *s, const cJSON *id, const char *method,
                        const cJSON *params)
{
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized) {
            lsp_send_error(s, id, LSP_INVALID_REQUEST, "initialize was already received");
            return;
        }
        s->initialized = 1;
        lsp_send(s, lsp_msg_result(id, lsp_initialize(s, params)));
        return;
    }
    if (!s->initialized) {
        lsp_send_error(s, id, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized");
        return;
    }
    if (s->shutdown) {
        lsp_send_error(s, id, LSP_INVALID_REQUEST, "the server is shutting down");
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->shutdown = 1;
        lsp_send(s, lsp_msg_result(id, NULL));
        return;
    }
    int code = 0;
    const char *why = NULL;
    cJSON *r = NULL;
    if (strcmp(method, "textDocument/codeAction") == 0)
        r = lsp_code_actions(s, params, &code, &why);
    else if (strcmp(method, "codeAction/resolve") == 0)
        r = lsp_code_action_resolve(s, params, &code, &why);
    else if (strcmp(method, "textDocument/hover") == 0)
        r = lsp_hover(s, params);
    else if (strcmp(method, "textDocument/definition") == 0)
        r = lsp_definition(s, params);
    else if (s->debug && strcmp(method, "secrot-lint/documentText") == 0)
        r = lsp_document_text(s, params);
    else {
        char msg[160];
        snprintf(msg, sizeof(msg), "unknown method '%.100s'", method);
        lsp_send_error(s, id, LSP_METHOD_NOT_FOUND, msg);
        return;
    }
    if (code)
        lsp_send_error(s, id, code, why ? why : "request failed");
    else
        lsp_send(s, lsp_msg_result(id, r));
}

/* ---- messages ----------------------------------------------------------- */

static void lsp_handle(struct lsp_server *s, const char *body, size_t n)
{
    const char *end = NULL;
    cJSON *m = cJSON_ParseWithLengthOpts(body, n, &end, 0);
    if (m && end) {
        /* Only white space may follow the value. */
        for (const char *p = end; p < body + n; p++)
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
                cJSON_Delete(m);
                m = NULL;
                break;
            }
    }
    if (!m) {
        lsp_send_error(s, NULL, LSP_PARSE_ERROR, "the message is not valid JSON");
        return;
    }
    if (!cJSON_IsObject(m)) {
        lsp_send_error(s, NULL, LSP_INVALID_REQUEST,
                       "a message must be a JSON object (batches are not supported)");
        cJSON_Delete(m);
        return;
    }
    const cJSON *id = lsp_get(m, "id");
    const cJSON *method = lsp_get(m, "method");
    const cJSON *params = lsp_get(m, "params");
    if (id && !cJSON_IsNumber(id) && !cJSON_IsString(id) && !cJSON_IsNull(id)) {
        lsp_send_error(s, NULL, LSP_INVALID_REQUEST, "an id must be a number or a string");
    } else if (!method) {
        /* A response to one of our requests (client/registerCapability)
         * needs nothing; anything else is not a message. */
        if (!id || (!lsp_get(m, "result") && !lsp_get(m, "error")))
            lsp_send_error(s, id, LSP_INVALID_REQUEST, "a message without a method");
    } else if (!cJSON_IsString(method)) {
        lsp_send_error(s, id, LSP_INVALID_REQUEST, "the method must be a string");
    } else if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params)) {
        if (id)
            lsp_send_error(s, id, LSP_INVALID_PARAMS, "params must be an object or an array");
    } else if (id) {
        lsp_request(s, id, method->valuestring, params);
    } else {
        lsp_notification(s, method->valuestring, params);
    }
    cJSON_Delete(m);
}

static void lsp_loop(struct lsp_server *s)
{
    while (!s->done) {
        for (;;) {
            const char *body;
            size_t n;
            enum lsp_read r = lsp_io_next(&s->io, &body, &n);
            if (r == LSP_READ_MESSAGE) {
                lsp_handle(s, body, n);
                if (s->done)
                    return;
                /* A stream of messages does not hold back a due lint. */
                lsp_lint_due(s);
                continue;
            }
            if (r == LSP_READ_FRAME_ERROR) {
                lsp_log(s, 1, s->io.why);
                lsp_send_error(s, NULL, LSP_INVALID_REQUEST, s->io.why);
                continue;
            }
            if (r == LSP_READ_FATAL) {
                fprintf(stderr, "secrot-lint lsp: %s\n", s->io.why);
                lsp_send_error(s, NULL, LSP_PARSE_ERROR, s->io.why);
                s->done = 1;
                s->exit_code = 1;
                return;
            }
            if (r == LSP_READ_EOF) {
                s->done = 1;
                s->exit_code = s->shutdown ? 0 : 1;
                return;
            }
            break;
        }
        long long next = lsp_lint_due(s);
        if (s->done)
            return;
        int timeout = -1;
        if (next) {
            long long wait = next - lsp_now_ms();
            timeout = wait < 0 ? 0 : wait > 60000 ? 60000 : (int)wait;
        }
        struct pollfd pfd = {s->io.in, POLLIN, 0};
        int pr = poll(&pfd, 1, timeout);
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "secrot-lint lsp: poll: %s\n", strerror(errno));
            s->done = 1;
            s->exit_code = 1;
            return;
        }
        if (pr > 0 && lsp_io_fill(&s->io) < 0) {
            fprintf(stderr, "secrot-lint lsp: %s\n", s->io.why);
            s->done = 1;
            s->exit_code = 1;
            return;
        }
    }
}

/* ---- options ------------------------------------------------------------ */

static int lsp_die_usage(const char *fmt, const char *arg)
{
    fputs("secrot-lint lsp: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'secrot-lint lsp --help'.\n", stderr);
    return SR_EXIT_ERROR;
}

/* Parses argv into s. Returns 0 to run, 1 when done (--help), -1 on a usage
 * error (printed). */
static int lsp_options(int argc, char **argv, struct lsp_server *s)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t nl = eq ? (size_t)(eq - a) : strlen(a);
        const char *val = eq ? eq + 1 : NULL;
#define LSP_IS(name) (nl == strlen(name) && strncmp(a, name, nl) == 0)
        int takes =
            LSP_IS("-c") || LSP_IS("--config") || LSP_IS("--help-uri-base") || LSP_IS("--debounce");
        if (takes && !val) {
            if (i + 1 >= argc)
                return lsp_die_usage("option '%s' needs a value", a), -1;
            val = argv[++i];
        } else if (!takes && val) {
            return lsp_die_usage("option '%s' takes no value", a), -1;
        }
        if (!val)
            val = ""; /* only options without a value get here without one */
        if (LSP_IS("-h") || LSP_IS("--help")) {
            fputs(lsp_usage, stdout);
            return 1;
        } else if (LSP_IS("--stdio")) {
            continue;
        } else if (LSP_IS("--debug-requests")) {
            s->debug = 1;
        } else if (LSP_IS("-c") || LSP_IS("--config")) {
            free(s->config);
            s->config = sr_xstrdup(val);
        } else if (LSP_IS("--help-uri-base")) {
            lsp_set_help_base(s, val);
        } else if (LSP_IS("--debounce")) {
            char *end;
            long v = strtol(val, &end, 10);
            if (!*val || *end || v < 0 || v > 10000)
                return lsp_die_usage("--debounce takes milliseconds from 0 to 10000, not '%s'",
                                     val),
                       -1;
            s->debounce_ms = v;
        } else {
            return lsp_die_usage("unknown option '%s'", a), -1;
        }
#undef LSP_IS
    }
    return 0;
}

int sr_lsp_main(int argc, char **argv)
{
    return sr_lsp_serve(0, 1, argc, argv);
}

int sr_lsp_serve(int in, int out, int argc, char **argv)
{
    struct lsp_server s;
    memset(&s, 0, sizeof(s));
    s.debounce_ms = LSP_DEFAULT_DEBOUNCE_MS;
    s.exit_code = 1;
    s.next_id = 1;
    int rc = lsp_options(argc, argv, &s);
    if (rc != 0) {
        free(s.config);
        free(s.help_base);
        return rc > 0 ? SR_EXIT_OK : SR_EXIT_ERROR;
    }
    /* A client that goes away must not kill us in the middle of a write. */
    signal(SIGPIPE, SIG_IGN);
    lsp_io_init(&s.io, in, out);
    lsp_loop(&s);
    for (size_t i = 0; i < s.ndocs; i++)
        lsp_doc_free(s.docs[i]);
    free(s.docs);
    s.ndocs = 0;
    for (size_t i = 0; i < s.npolicies; i++) {
        free(s.policies[i]->path);
        free(s.policies[i]);
    }
    free(s.policies);
    for (size_t i = 0; i < s.npolicy_diag; i++)
        free(s.policy_diag_uris[i]);
    free(s.policy_diag_uris);
    free(s.config);
    free(s.help_base);
    lsp_io_release(&s.io);
    return s.exit_code;
}
