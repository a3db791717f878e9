/*
 * credtab.c - the credential-property table, read from the embedded
 * schemas/credential-properties.json once per process (credtab.h), in two
 * parts each read when first asked for: the resource rows (most of the
 * file), and the rest (attributes, ARN properties, user data and
 * environment places).
 */
#include "credtab.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "embed.h"

struct sr_attr {
    const char *type;
    const char *attr;
    const char *prop; /* echo attributes: the property it returns */
};

/* A table row and its order in the file, for a stable sort by type. */
struct sr_cred_row {
    struct sr_cred_prop p;
    size_t seq;
};

static struct {
    struct sr_cred_prop *cred;
    size_t ncred;
    struct sr_attr *secret_attr;
    size_t nsecret_attr;
    struct sr_attr *echo_attr;
    size_t necho_attr;
    const char **arn_props;
    size_t narn_props;
    struct sr_place *user_data;
    size_t nuser_data;
    struct sr_place *env;
    size_t nenv;
} sr_tab;

static pthread_once_t sr_res_once = PTHREAD_ONCE_INIT;
static pthread_once_t sr_rest_once = PTHREAD_ONCE_INIT;

/* Byte range of the value of a top-level member of a JSON object. */
struct sr_span {
    const char *s;
    size_t len;
};

/*
 * Finds the values of the top-level members keys[0..n-1] of the JSON object
 * in text in one pass (strings and nesting skipped, nothing allocated), so
 * that only those values are parsed. A member not found keeps an empty
 * span. Stops when all are found.
 */
static void sr_json_members(const char *t, size_t len, const char *const *keys, size_t n,
                            struct sr_span *out)
{
    size_t found = 0, depth = 0, vstart = 0;
    int want = -1; /* index of the member whose value is being skipped */
    for (size_t i = 0; i < n; i++)
        out[i].s = NULL, out[i].len = 0;
    for (size_t i = 0; i < len && found < n; i++) {
        char c = t[i];
        if (c == '"') {
            size_t b = ++i;
            while (i < len && t[i] != '"')
                i += t[i] == '\\' ? 2 : 1;
            if (i >= len)
                return;
            size_t e = i, k = i + 1;
            while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n' || t[k] == '\r'))
                k++;
            if (depth != 1 || k >= len || t[k] != ':')
                continue;
            for (size_t m = 0; m < n; m++)
                if (!out[m].s && strlen(keys[m]) == e - b && memcmp(keys[m], t + b, e - b) == 0)
                    want = (int)m;
            i = k;
            vstart = k + 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']' || (c == ',' && depth == 1)) {
            if (c != ',')
                depth--;
            if (depth <= 1 && want >= 0 && (c == ',' || depth == 0)) {
                out[want].s = t + vstart;
                out[want].len = i - vstart;
                want = -1;
                found++;
            }
        }
    }
}

/* The parsed values of the members keys of the embedded table. */
static void sr_tab_parse(const char *const *keys, size_t n, cJSON **out)
{
    size_t len;
    const char *text = sr_embed_get("credential-properties.json", &len);
    struct sr_span sp[8];
    if (n > 8)
        n = 8;
    if (text)
        sr_json_members(text, len, keys, n, sp);
    for (size_t i = 0; i < n; i++) {
        out[i] = text && sp[i].s ? cJSON_ParseWithLength(sp[i].s, sp[i].len) : NULL;
        if (!out[i])
            fprintf(stderr, "secrot-lint: internal error: credential-properties.json has no '%s'\n",
                    keys[i]);
    }
}

static const char *sr_json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? sr_xstrdup(v->valuestring) : NULL;
}

static void sr_tab_load_places(const cJSON *arr, struct sr_place **out, size_t *n)
{
    int cnt = cJSON_GetArraySize(arr);
    *out = sr_xcalloc((size_t)(cnt > 0 ? cnt : 1), sizeof(**out));
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        struct sr_place *p = &(*out)[*n];
        p->type = sr_json_str(e, "type");
        p->path = sr_json_str(e, "path");
        const cJSON *form = cJSON_GetObjectItemCaseSensitive(e, "form");
        p->list_form = cJSON_IsString(form) && strcmp(form->valuestring, "list") == 0;
        if (p->type && p->path)
            (*n)++;
    }
}

/* By type, then by order in the file (kept in seq). */
static int sr_cred_cmp(const void *a, const void *b)
{
    const struct sr_cred_row *x = a, *y = b;
    int c = strcmp(x->p.type, y->p.type);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void sr_tab_load_resources(void)
{
    static const char *const keys[] = {"resources"};
    cJSON *res;
    sr_tab_parse(keys, 1, &res);
    size_t total = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, res) total += (size_t)cJSON_GetArraySize(t);
    struct sr_cred_row *rows = sr_xcalloc(total ? total : 1, sizeof(*rows));
    size_t nrows = 0;
    cJSON_ArrayForEach(t, res)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t)
        {
            struct sr_cred_row *c = &rows[nrows];
            c->p.type = sr_xstrdup(t->string);
            c->p.path = sr_json_str(e, "path");
            c->p.ssm_secure = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "ssm_secure"));
            c->p.managed_by = sr_json_str(e, "managed_by");
            c->p.sets =
                c->p.managed_by || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "sets"));
            c->seq = nrows;
            if (c->p.path)
                nrows++;
        }
    }
    qsort(rows, nrows, sizeof(*rows), sr_cred_cmp);
    sr_tab.cred = sr_xcalloc(nrows ? nrows : 1, sizeof(*sr_tab.cred));
    for (size_t i = 0; i < nrows; i++)
        sr_tab.cred[i] = rows[i].p;
    sr_tab.ncred = nrows;
    free(rows);
    cJSON_Delete(res);
}

static void sr_tab_load_rest(void)
{
    static const char *const keys[] = {"secret_attributes", "echo_attributes", "arn_properties",
                                       "user_data", "environments"};
    cJSON *v[5];
    sr_tab_parse(keys, 5, v);
    const cJSON *sa = v[0], *ea = v[1], *ap = v[2];
    size_t total = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, sa) total += (size_t)cJSON_GetArraySize(t);
    sr_tab.secret_attr = sr_xcalloc(total ? total : 1, sizeof(*sr_tab.secret_attr));
    cJSON_ArrayForEach(t, sa)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t) if (cJSON_IsString(e))
        {
            struct sr_attr *a = &sr_tab.secret_attr[sr_tab.nsecret_attr++];
            a->type = sr_xstrdup(t->string);
            a->attr = sr_xstrdup(e->valuestring);
        }
    }
    total = 0;
    cJSON_ArrayForEach(t, ea) total += (size_t)cJSON_GetArraySize(t);
    sr_tab.echo_attr = sr_xcalloc(total ? total : 1, sizeof(*sr_tab.echo_attr));
    cJSON_ArrayForEach(t, ea)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t) if (cJSON_IsString(e))
        {
            struct sr_attr *a = &sr_tab.echo_attr[sr_tab.necho_attr++];
            a->type = sr_xstrdup(t->string);
            a->attr = sr_xstrdup(e->string);
            a->prop = sr_xstrdup(e->valuestring);
        }
    }
    int na = cJSON_GetArraySize(ap);
    sr_tab.arn_props = sr_xcalloc((size_t)(na > 0 ? na : 1), sizeof(*sr_tab.arn_props));
    const cJSON *e;
    cJSON_ArrayForEach(e, ap) if (cJSON_IsString(e)) sr_tab.arn_props[sr_tab.narn_props++] =
        sr_xstrdup(e->valuestring);
    sr_tab_load_places(v[3], &sr_tab.user_data, &sr_tab.nuser_data);
    sr_tab_load_places(v[4], &sr_tab.env, &sr_tab.nenv);
    for (size_t i = 0; i < 5; i++)
        cJSON_Delete(v[i]);
}

static void sr_tab_init(void)
{
    pthread_once(&sr_rest_once, sr_tab_load_rest);
}

static void sr_tab_init_resources(void)
{
    pthread_once(&sr_res_once, sr_tab_load_resources);
}

int sr_credtab_secret_attr(const char *type, const char *attr)
{
    sr_tab_init();
    if (!type || !attr)
        return 0;
    for (size_t i = 0; i < sr_tab.nsecret_attr; i++)
        if (!strcmp(sr_tab.secret_attr[i].type, type) && !strcmp(sr_tab.secret_attr[i].attr, attr))
            return 1;
    return 0;
}

const char *sr_credtab_echo_prop(const char *type, const char *attr)
{
    sr_tab_init();
    if (!type || !attr)
        return NULL;
    for (size_t i = 0; i < sr_tab.necho_attr; i++)
        if (!strcmp(sr_tab.echo_attr[i].type, type) && !strcmp(sr_tab.echo_attr[i].attr, attr))
            return sr_tab.echo_attr[i].prop;
    return NULL;
}

int sr_credtab_arn_prop(const char *name)
{
    sr_tab_init();
    for (size_t i = 0; name && i < sr_tab.narn_props; i++)
        if (sr_tab.arn_props[i][0] == name[0] && !strcmp(sr_tab.arn_props[i], name))
            return 1;
    return 0;
}

int sr_credtab_path_match(const char *pat, const char *path)
{
    while (*pat && *path) {
        const char *pe = strchr(pat, '/'), *qe = strchr(path, '/');
        size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
        size_t ql = qe ? (size_t)(qe - path) : strlen(path);
        if (!(pl == 1 && pat[0] == '*') && (pl != ql || memcmp(pat, path, pl) != 0))
            return 0;
        pat += pl + (pe ? 1 : 0);
        path += ql + (qe ? 1 : 0);
        if (!pe != !qe)
            return 0;
    }
    return !*pat && !*path;
}

/* The last types asked about, by their text (a template repeats a few
 * types many times): copies, so nothing is read from a freed template. */
#define SR_PROPS_MEMO 8
#define SR_PROPS_MEMO_LEN 96
struct sr_props_memo {
    char type[SR_PROPS_MEMO_LEN];
    size_t len, lo, k; /* len 0: empty slot */
};
static _Thread_local struct sr_props_memo sr_props_memo[SR_PROPS_MEMO];
static _Thread_local unsigned sr_props_next;

const struct sr_cred_prop *sr_credtab_props(const char *type, size_t *n)
{
    sr_tab_init_resources();
    *n = 0;
    if (!type)
        return NULL;
    size_t len = strlen(type);
    for (size_t i = 0; i < SR_PROPS_MEMO; i++) {
        const struct sr_props_memo *m = &sr_props_memo[i];
        if (m->len == len && memcmp(m->type, type, len) == 0) {
            *n = m->k;
            return m->k ? &sr_tab.cred[m->lo] : NULL;
        }
    }
    size_t lo = 0, hi = sr_tab.ncred;
    while (lo < hi) { /* rows are sorted by type */
        size_t mid = (lo + hi) / 2;
        if (strcmp(sr_tab.cred[mid].type, type) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = 0;
    while (lo + k < sr_tab.ncred && !strcmp(sr_tab.cred[lo + k].type, type))
        k++;
    if (len > 0 && len < SR_PROPS_MEMO_LEN) {
        struct sr_props_memo *m = &sr_props_memo[sr_props_next++ % SR_PROPS_MEMO];
        memcpy(m->type, type, len);
        m->len = len;
        m->lo = lo;
        m->k = k;
    }
    *n = k;
    return k ? &sr_tab.cred[lo] : NULL;
}

const struct sr_cred_prop *sr_credtab_find(const char *type, const char *path)
{
    size_t n;
    const struct sr_cred_prop *p = sr_credtab_props(type, &n);
    for (size_t i = 0; i < n; i++)
        if (sr_credtab_path_match(p[i].path, path))
            return &p[i];
    return NULL;
}

const struct sr_place *sr_credtab_user_data(size_t *n)
{
    sr_tab_init();
    *n = sr_tab.nuser_data;
    return sr_tab.user_data;
}

const struct sr_place *sr_credtab_envs(size_t *n)
{
    sr_tab_init();
    *n = sr_tab.nenv;
    return sr_tab.env;
}

int sr_credtab_is_user_data(const char *type, const char *path)
{
    size_t n;
    const struct sr_place *u = sr_credtab_user_data(&n);
    for (size_t i = 0; type && path && i < n; i++)
        if (!strcmp(u[i].type, type) && !strcmp(u[i].path, path))
            return 1;
    return 0;
}
