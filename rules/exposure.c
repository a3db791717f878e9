/*
 * exposure.c - secret-exposure rules SR301-SR314: credentials written into
 * templates, secret values flowing where they are shown in plain text,
 * malformed or misplaced dynamic references, and how secrets themselves are
 * declared (encryption, generation, retention, replicas).
 *
 * Every check first judges where a value comes from (literal text, a Ref to
 * a parameter, a dynamic reference, another resource) and only then asks
 * src/secretpat.c whether text looks like a credential. Messages never
 * print a secret: at most its first four characters and its length.
 * The credential table is schemas/credential-properties.json.
 */
#include "registry.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynref.h"
#include "embed.h"
#include "secretpat.h"

/* ctx->family[] slot of this family's per-file state. */
#define XP_FAMILY_SLOT 4
#define XP_MAX_DEPTH 64
#define XP_MAX_FLAT ((size_t)256 * 1024)
#define XP_MAX_DYNREFS 64

/* ======================================================================== */
/* The credential table                                                     */
/* ======================================================================== */

struct xp_cred {
    const char *type;
    const char *path;
    int ssm_secure;
    const char *managed_by;
    size_t seq;
};
struct xp_place {
    const char *type;
    const char *path;
    int list_form; /* [{Name, Value}] rather than a map */
};
struct xp_attr {
    const char *type;
    const char *attr;
    const char *prop; /* echo attributes: the property it returns */
};

static struct {
    struct xp_cred *cred;
    size_t ncred;
    struct xp_attr *secret_attr;
    size_t nsecret_attr;
    struct xp_attr *echo_attr;
    size_t necho_attr;
    const char **arn_props;
    size_t narn_props;
    struct xp_place *user_data;
    size_t nuser_data;
    struct xp_place *env;
    size_t nenv;
    int loaded;
} xp_table;

static pthread_once_t xp_table_once = PTHREAD_ONCE_INIT;

static const char *xp_json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? sr_xstrdup(v->valuestring) : NULL;
}

static void xp_table_load_places(const cJSON *arr, struct xp_place **out, size_t *n)
{
    int cnt = cJSON_GetArraySize(arr);
    *out = sr_xcalloc((size_t)(cnt > 0 ? cnt : 1), sizeof(**out));
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        struct xp_place *p = &(*out)[*n];
        p->type = xp_json_str(e, "type");
        p->path = xp_json_str(e, "path");
        const cJSON *form = cJSON_GetObjectItemCaseSensitive(e, "form");
        p->list_form = cJSON_IsString(form) && strcmp(form->valuestring, "list") == 0;
        if (p->type && p->path)
            (*n)++;
    }
}

/* By type, then by order in the file (kept in seq). */
static int xp_cred_cmp(const void *a, const void *b)
{
    const struct xp_cred *x = a, *y = b;
    int c = strcmp(x->type, y->type);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void xp_table_load(void)
{
    size_t len;
    const char *text = sr_embed_get("credential-properties.json", &len);
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    if (!root) {
        fprintf(stderr, "secrot-lint: internal error: credential-properties.json missing\n");
        return;
    }
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "resources");
    size_t total = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, res) total += (size_t)cJSON_GetArraySize(t);
    xp_table.cred = sr_xcalloc(total ? total : 1, sizeof(*xp_table.cred));
    cJSON_ArrayForEach(t, res)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t)
        {
            struct xp_cred *c = &xp_table.cred[xp_table.ncred];
            c->type = sr_xstrdup(t->string);
            c->path = xp_json_str(e, "path");
            c->ssm_secure = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "ssm_secure"));
            c->managed_by = xp_json_str(e, "managed_by");
            c->seq = xp_table.ncred;
            if (c->path)
                xp_table.ncred++;
        }
    }
    qsort(xp_table.cred, xp_table.ncred, sizeof(*xp_table.cred), xp_cred_cmp);
    const cJSON *sa = cJSON_GetObjectItemCaseSensitive(root, "secret_attributes");
    total = 0;
    cJSON_ArrayForEach(t, sa) total += (size_t)cJSON_GetArraySize(t);
    xp_table.secret_attr = sr_xcalloc(total ? total : 1, sizeof(*xp_table.secret_attr));
    cJSON_ArrayForEach(t, sa)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t) if (cJSON_IsString(e))
        {
            struct xp_attr *a = &xp_table.secret_attr[xp_table.nsecret_attr++];
            a->type = sr_xstrdup(t->string);
            a->attr = sr_xstrdup(e->valuestring);
        }
    }
    const cJSON *ea = cJSON_GetObjectItemCaseSensitive(root, "echo_attributes");
    total = 0;
    cJSON_ArrayForEach(t, ea) total += (size_t)cJSON_GetArraySize(t);
    xp_table.echo_attr = sr_xcalloc(total ? total : 1, sizeof(*xp_table.echo_attr));
    cJSON_ArrayForEach(t, ea)
    {
        const cJSON *e;
        cJSON_ArrayForEach(e, t) if (cJSON_IsString(e))
        {
            struct xp_attr *a = &xp_table.echo_attr[xp_table.necho_attr++];
            a->type = sr_xstrdup(t->string);
            a->attr = sr_xstrdup(e->string);
            a->prop = sr_xstrdup(e->valuestring);
        }
    }
    const cJSON *ap = cJSON_GetObjectItemCaseSensitive(root, "arn_properties");
    int na = cJSON_GetArraySize(ap);
    xp_table.arn_props = sr_xcalloc((size_t)(na > 0 ? na : 1), sizeof(*xp_table.arn_props));
    const cJSON *e;
    cJSON_ArrayForEach(e, ap) if (cJSON_IsString(e)) xp_table.arn_props[xp_table.narn_props++] =
        sr_xstrdup(e->valuestring);
    xp_table_load_places(cJSON_GetObjectItemCaseSensitive(root, "user_data"), &xp_table.user_data,
                         &xp_table.nuser_data);
    xp_table_load_places(cJSON_GetObjectItemCaseSensitive(root, "environments"), &xp_table.env,
                         &xp_table.nenv);
    cJSON_Delete(root);
    xp_table.loaded = 1;
}

static void xp_table_init(void)
{
    pthread_once(&xp_table_once, xp_table_load);
}

static int xp_is_secret_attr(const char *type, const char *attr)
{
    if (!type || !attr)
        return 0;
    for (size_t i = 0; i < xp_table.nsecret_attr; i++)
        if (!strcmp(xp_table.secret_attr[i].type, type) &&
            !strcmp(xp_table.secret_attr[i].attr, attr))
            return 1;
    return 0;
}

static const char *xp_echo_prop(const char *type, const char *attr)
{
    if (!type || !attr)
        return NULL;
    for (size_t i = 0; i < xp_table.necho_attr; i++)
        if (!strcmp(xp_table.echo_attr[i].type, type) && !strcmp(xp_table.echo_attr[i].attr, attr))
            return xp_table.echo_attr[i].prop;
    return NULL;
}

static int xp_is_arn_prop(const char *name)
{
    for (size_t i = 0; name && i < xp_table.narn_props; i++)
        if (!strcmp(xp_table.arn_props[i], name))
            return 1;
    return 0;
}

/* Segment-wise match of a property path ("Users/[]/Password") against a
 * table pattern where '*' matches any one segment. */
static int xp_path_match(const char *pat, const char *path)
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

/* The entries for a resource type: *first and the count (binary search). */
static size_t xp_cred_range(const char *type, size_t *first)
{
    size_t lo = 0, hi = xp_table.ncred;
    *first = 0;
    if (!type)
        return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(xp_table.cred[mid].type, type) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    while (lo + n < xp_table.ncred && !strcmp(xp_table.cred[lo + n].type, type))
        n++;
    *first = lo;
    return n;
}

static const struct xp_cred *xp_cred_for(const char *type, const char *path)
{
    size_t first, n = xp_cred_range(type, &first);
    for (size_t i = first; i < first + n; i++)
        if (xp_path_match(xp_table.cred[i].path, path))
            return &xp_table.cred[i];
    return NULL;
}

/* ======================================================================== */
/* Small helpers                                                            */
/* ======================================================================== */

/* A set of node pointers (open addressing, arena storage). */
struct xp_set {
    const void **v;
    size_t cap, n;
};

static size_t xp_hash_ptr(const void *p)
{
    size_t x = (size_t)p;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 29);
}

static int xp_set_has(const struct xp_set *s, const void *p)
{
    if (!s->cap || !p)
        return 0;
    for (size_t i = xp_hash_ptr(p) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (!s->v[i])
            return 0;
        if (s->v[i] == p)
            return 1;
    }
}

/* Adds p; returns 1 when it was new. */
static int xp_set_add(struct sr_arena *a, struct xp_set *s, const void *p)
{
    if (!p || xp_set_has(s, p))
        return 0;
    if ((s->n + 1) * 2 > s->cap) {
        struct xp_set ns = {0};
        ns.cap = s->cap ? s->cap * 2 : 64;
        ns.v = sr_arena_alloc(a, ns.cap * sizeof(*ns.v));
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                for (size_t j = xp_hash_ptr(s->v[i]) & (ns.cap - 1);; j = (j + 1) & (ns.cap - 1))
                    if (!ns.v[j]) {
                        ns.v[j] = s->v[i];
                        ns.n++;
                        break;
                    }
        *s = ns;
    }
    for (size_t i = xp_hash_ptr(p) & (s->cap - 1);; i = (i + 1) & (s->cap - 1))
        if (!s->v[i]) {
            s->v[i] = p;
            s->n++;
            return 1;
        }
}

/* Per-file state shared by the rules of this family. */
struct xp_state {
    struct xp_set covered;  /* values judged by SR301/302/304/308 (SR303 skips them) */
    struct xp_set reported; /* per-rule dedupe (Globals nodes reached from many functions) */
    const struct sr_rule *reported_rule;
    struct xp_set cred_params; /* parameter definitions feeding a credential property */
    int marked;
    struct sr_secret_scanner *scanner; /* SR303's, for the length of its check */
};

static struct xp_state *xp_state(struct sr_ctx *ctx)
{
    struct xp_state *st = ctx->family[XP_FAMILY_SLOT];
    if (!st) {
        st = sr_arena_alloc(ctx->arena, sizeof(*st));
        ctx->family[XP_FAMILY_SLOT] = st;
    }
    if (st->reported_rule != ctx->rule) {
        memset(&st->reported, 0, sizeof(st->reported));
        st->reported_rule = ctx->rule;
    }
    return st;
}

/* 1 the first time this rule reports at node n (SAM Globals are shared). */
static int xp_first(struct sr_ctx *ctx, const struct sr_node *n)
{
    struct xp_state *st = xp_state(ctx);
    return xp_set_add(ctx->arena, &st->reported, n);
}

/* Same, for one node and one subject (a node may carry several sources). */
static int xp_first_key(struct sr_ctx *ctx, const struct sr_node *n, const char *subject)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)n;
    for (const char *p = subject; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    struct xp_state *st = xp_state(ctx);
    return xp_set_add(ctx->arena, &st->reported, (const void *)(uintptr_t)(h | 1));
}

static const char *xp_redact(struct sr_ctx *ctx, const char *s, size_t len)
{
    char buf[96];
    sr_secret_redact(buf, sizeof(buf), s, len);
    return sr_arena_strdup(ctx->arena, buf);
}

/* Sets the severity of a finding when the configuration kept the default. */
static void xp_set_severity(struct sr_ctx *ctx, struct sr_finding *f, enum sr_severity s)
{
    if (f && sr_rule_severity(ctx->cfg, ctx->rule) == ctx->rule->severity)
        f->severity = s;
}

static int xp_is_novalue(const struct sr_node *v)
{
    struct sr_intrinsic in;
    return sr_intrinsic_get(v, &in) && in.fn == SR_FN_REF && sr_scalar_eq(in.arg, "AWS::NoValue");
}

static int xp_param_noecho(const struct sr_node *def)
{
    const struct sr_node *ne = sr_map_get(def, "NoEcho");
    return sr_scalar_bool(ne) == 1;
}

static const char *xp_param_type(const struct sr_node *def)
{
    const char *t = sr_scalar(sr_map_get(def, "Type"));
    return t ? t : "String";
}

static int xp_is_custom_type(const char *type)
{
    return type &&
           (!strncmp(type, "Custom::", 8) || !strcmp(type, "AWS::CloudFormation::CustomResource"));
}

/* Printable excerpt of text for messages (placeholders as "${..}", at most 60 bytes). */
static const char *xp_excerpt(struct sr_ctx *ctx, const char *s, size_t len)
{
    char buf[80];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 6 < sizeof(buf); i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)SR_DYNREF_PLACEHOLDER) {
            memcpy(buf + o, "${..}", 5);
            o += 5;
        } else {
            buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
        }
        if (o >= 60 && i + 1 < len) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
    }
    buf[o] = 0;
    return sr_arena_strdup(ctx->arena, buf);
}

/*
 * 1 when a dynamic reference resolves to a secret value: ssm-secure, or a
 * secretsmanager reference to the whole secret or to a credential key
 * (password, token, ...). A json-key such as username or host is not secret.
 */
static int xp_dynref_secret_value(const char *s, const struct sr_dynref *d)
{
    if (d->kind == SR_DYNREF_SSM_SECURE)
        return 1;
    if (d->kind != SR_DYNREF_SECRETSMANAGER)
        return 0;
    if (d->json_key.len == 0 || memchr(s + d->json_key.off, SR_DYNREF_PLACEHOLDER, d->json_key.len))
        return 1;
    char key[64];
    size_t n = d->json_key.len < sizeof(key) - 1 ? d->json_key.len : sizeof(key) - 1;
    memcpy(key, s + d->json_key.off, n);
    key[n] = 0;
    return sr_cred_name(key);
}

/* ======================================================================== */
/* Flattening: a value as text, with placeholders for what is computed     */
/* ======================================================================== */

struct xp_ref {
    size_t off;        /* placeholder offset in the flat text */
    struct sr_val val; /* what the placeholder stands for */
};

struct xp_flat {
    char *s;
    size_t len, cap;
    struct xp_ref *refs;
    size_t nrefs, rcap;
    struct sr_ptrvec opaque; /* nodes that could not be flattened (If, Select, ...) */
    int text;                /* some literal text was written */
};

static void xp_flat_put(struct sr_arena *a, struct xp_flat *f, const char *s, size_t n)
{
    if (f->len + n + 1 > XP_MAX_FLAT)
        n = f->len + 1 < XP_MAX_FLAT ? XP_MAX_FLAT - f->len - 1 : 0;
    if (f->len + n + 1 > f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 128;
        while (nc < f->len + n + 1)
            nc *= 2;
        char *ns = sr_arena_alloc(a, nc);
        if (f->len)
            memcpy(ns, f->s, f->len);
        f->s = ns;
        f->cap = nc;
    }
    memcpy(f->s + f->len, s, n);
    f->len += n;
    f->s[f->len] = 0;
}

static void xp_flat_ref(struct sr_arena *a, struct xp_flat *f, const struct sr_val *v)
{
    if (f->nrefs == f->rcap) {
        size_t nc = f->rcap ? f->rcap * 2 : 8;
        struct xp_ref *nr = sr_arena_alloc(a, nc * sizeof(*nr));
        if (f->nrefs)
            memcpy(nr, f->refs, f->nrefs * sizeof(*nr));
        f->refs = nr;
        f->rcap = nc;
    }
    f->refs[f->nrefs].off = f->len;
    f->refs[f->nrefs].val = *v;
    f->nrefs++;
    char ph = SR_DYNREF_PLACEHOLDER;
    xp_flat_put(a, f, &ph, 1);
}

static void xp_flatten_rec(struct sr_ctx *ctx, struct xp_flat *f, const struct sr_node *v,
                           int depth)
{
    struct sr_arena *a = ctx->arena;
    v = sr_deref(v);
    if (!v)
        return;
    if (depth > XP_MAX_DEPTH) {
        sr_ptrvec_push(a, &f->opaque, (void *)v);
        return;
    }
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in)) {
        if (v->kind == SR_SCALAR) {
            xp_flat_put(a, f, v->str, v->len);
            f->text = f->text || v->len > 0;
        } else {
            struct sr_val val = {0};
            val.kind = SR_VAL_COMPUTED;
            val.at = v;
            xp_flat_ref(a, f, &val);
            sr_ptrvec_push(a, &f->opaque, (void *)v);
        }
        return;
    }
    switch (in.fn) {
    case SR_FN_REF:
    case SR_FN_GETATT: {
        struct sr_val val;
        sr_graph_value(ctx->g, v, &val);
        xp_flat_ref(a, f, &val);
        return;
    }
    case SR_FN_SUB: {
        struct sr_sub sub;
        if (sr_sub_parse(a, &in, &sub) < 0) {
            struct sr_val val = {0};
            val.kind = SR_VAL_COMPUTED;
            val.at = v;
            xp_flat_ref(a, f, &val);
            return;
        }
        for (size_t i = 0; i < sub.nparts; i++) {
            const struct sr_sub_part *p = &sub.parts[i];
            if (p->kind == SR_SUB_TEXT) {
                xp_flat_put(a, f, p->text, strlen(p->text));
                f->text = f->text || p->text[0];
                continue;
            }
            const struct sr_node *local = sub.vars ? sr_map_get(sub.vars, p->text) : NULL;
            if (local && !p->attr) {
                xp_flatten_rec(ctx, f, local, depth + 1);
                continue;
            }
            struct sr_val val = {0};
            val.name = p->text;
            val.attr = p->attr;
            val.at = sub.string;
            val.kind = sr_graph_name_kind(ctx->g, p->text, &val.res);
            xp_flat_ref(a, f, &val);
        }
        return;
    }
    case SR_FN_JOIN: {
        const struct sr_node *delim = sr_seq_item(in.arg, 0);
        const struct sr_node *list = sr_seq_item(in.arg, 1);
        if (!sr_is_scalar(delim) || !sr_is_seq(list)) {
            struct sr_val val = {0};
            val.kind = SR_VAL_COMPUTED;
            val.at = v;
            xp_flat_ref(a, f, &val);
            if (list)
                sr_ptrvec_push(a, &f->opaque, (void *)list);
            return;
        }
        const struct sr_node *d = sr_deref(delim);
        for (size_t i = 0; i < list->n; i++) {
            if (i && d->len) {
                xp_flat_put(a, f, d->str, d->len);
                f->text = 1;
            }
            xp_flatten_rec(ctx, f, sr_seq_item(list, i), depth + 1);
        }
        return;
    }
    case SR_FN_BASE64:
        xp_flatten_rec(ctx, f, in.arg, depth + 1);
        return;
    default: {
        struct sr_val val = {0};
        val.kind = SR_VAL_COMPUTED;
        val.at = v;
        xp_flat_ref(a, f, &val);
        sr_ptrvec_push(a, &f->opaque, (void *)v);
        return;
    }
    }
}

static void xp_flatten(struct sr_ctx *ctx, const struct sr_node *v, struct xp_flat *f)
{
    memset(f, 0, sizeof(*f));
    xp_flat_put(ctx->arena, f, "", 0);
    xp_flatten_rec(ctx, f, v, 0);
}

/* The reference whose placeholder is at offset off, or NULL. */
static const struct xp_ref *xp_ref_at(const struct xp_flat *f, size_t off)
{
    for (size_t i = 0; i < f->nrefs; i++)
        if (f->refs[i].off == off)
            return &f->refs[i];
    return NULL;
}

/* Calls fn on each value v may take: both branches of Fn::If, else v itself. */
typedef void (*xp_value_fn)(struct sr_ctx *ctx, const struct sr_node *v, void *arg);

static void xp_each_branch(struct sr_ctx *ctx, const struct sr_node *v, xp_value_fn fn, void *arg,
                           int depth)
{
    struct sr_intrinsic in;
    v = sr_deref(v);
    if (!v || depth > XP_MAX_DEPTH || xp_is_novalue(v))
        return;
    if (sr_intrinsic_get(v, &in) && in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        xp_each_branch(ctx, sr_seq_item(in.arg, 1), fn, arg, depth + 1);
        xp_each_branch(ctx, sr_seq_item(in.arg, 2), fn, arg, depth + 1);
        return;
    }
    fn(ctx, v, arg);
}

/* ======================================================================== */
/* Walking property paths of the table                                      */
/* ======================================================================== */

typedef void (*xp_path_fn)(struct sr_ctx *ctx, const struct sr_node *v, const char *path,
                           const struct sr_node *key, void *arg);

struct xp_pathwalk {
    xp_path_fn fn;
    void *arg;
};

/*
 * Walks segs[i..] of a '/' path from node n; '[]' is every item of a list,
 * '*' every value of a map; Fn::If branches are followed at every level.
 * path accumulates the concrete path for messages.
 */
/* a + sep + b in the arena (the hot path of the walks: no printf). */
static const char *xp_join(struct sr_ctx *ctx, const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *p = sr_arena_alloc(ctx->arena, la + ls + lb + 1);
    memcpy(p, a, la);
    memcpy(p + la, sep, ls);
    memcpy(p + la + ls, b, lb);
    p[la + ls + lb] = '\0';
    return p;
}

static void xp_walk_segs(struct sr_ctx *ctx, const struct sr_node *n, char **segs, size_t nseg,
                         size_t i, const char *path, const struct sr_node *key,
                         const struct xp_pathwalk *w, int depth)
{
    struct sr_intrinsic in;
    n = sr_deref(n);
    if (!n || depth > XP_MAX_DEPTH || xp_is_novalue(n))
        return;
    if (sr_intrinsic_get(n, &in) && in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        xp_walk_segs(ctx, sr_seq_item(in.arg, 1), segs, nseg, i, path, key, w, depth + 1);
        xp_walk_segs(ctx, sr_seq_item(in.arg, 2), segs, nseg, i, path, key, w, depth + 1);
        return;
    }
    if (i == nseg) {
        w->fn(ctx, n, path, key, w->arg);
        return;
    }
    const char *seg = segs[i];
    if (!strcmp(seg, "[]")) {
        if (!sr_is_seq(n))
            return;
        for (size_t k = 0; k < n->n; k++) {
            char idx[32];
            snprintf(idx, sizeof(idx), "[%zu]", k);
            const char *p = xp_join(ctx, path, "", idx);
            xp_walk_segs(ctx, sr_seq_item(n, k), segs, nseg, i + 1, p, key, w, depth + 1);
        }
        return;
    }
    if (!sr_is_map(n))
        return;
    for (size_t k = 0; k < n->n; k++) {
        const struct sr_node *kn = sr_map_key(n, k);
        const char *ks = sr_scalar(kn);
        if (!ks || (strcmp(seg, "*") != 0 && strcmp(seg, ks) != 0))
            continue;
        const char *p = path[0] ? xp_join(ctx, path, ".", ks) : ks;
        xp_walk_segs(ctx, sr_map_val(n, k), segs, nseg, i + 1, p, kn, w, depth + 1);
    }
}

static void xp_walk_path(struct sr_ctx *ctx, const struct sr_node *props, const char *pattern,
                         xp_path_fn fn, void *arg)
{
    char *segs[32];
    size_t nseg = 0;
    char *copy = sr_arena_strdup(ctx->arena, pattern);
    for (char *s = copy; s && nseg < 32;) {
        segs[nseg++] = s;
        char *slash = strchr(s, '/');
        if (slash) {
            *slash = 0;
            s = slash + 1;
        } else {
            s = NULL;
        }
    }
    struct xp_pathwalk w = {fn, arg};
    xp_walk_segs(ctx, props, segs, nseg, 0, "", NULL, &w, 0);
}

/* ======================================================================== */
/* Secrets: which template secret a value names, and whether it rotates     */
/* ======================================================================== */

/* The template secret a reference denotes (Ref/GetAtt Id of a secret, or of
 * a schedule/attachment/policy of it), or NULL. */
static struct sr_resource *xp_ref_secret(const struct sr_val *v)
{
    if (v->kind != SR_VAL_RESOURCE || !v->res)
        return NULL;
    struct sr_resource *r = v->res;
    if (r->kind == SR_R_SECRET && (!v->attr || !strcmp(v->attr, "Id")))
        return r;
    if ((r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT || r->kind == SR_R_SECRET_POLICY) &&
        !v->attr)
        return r->secret;
    return NULL;
}

/* A database whose master secret RDS manages, named by GetAtt DB.MasterUserSecret.SecretArn. */
static struct sr_resource *xp_ref_managed_db(const struct sr_val *v)
{
    if (v->kind != SR_VAL_RESOURCE || !v->res || !v->attr)
        return NULL;
    if (strcmp(v->attr, "MasterUserSecret.SecretArn") != 0)
        return NULL;
    if (sr_scalar_bool(sr_res_prop(v->res, "ManageMasterUserPassword")) != 1)
        return NULL;
    return v->res;
}

static struct sr_resource *xp_secret_by_name(const struct sr_graph *g, const char *name, size_t len)
{
    const struct sr_ptrvec *secrets = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const char *n = sr_scalar(sr_res_prop(r, "Name"));
        if (n && strlen(n) == len && !memcmp(n, name, len))
            return r;
    }
    return NULL;
}

struct xp_secret_ref {
    struct sr_resource *secret; /* template secret, or NULL */
    struct sr_resource *db;     /* managed master secret of this database, or NULL */
    const char *label;          /* how to name it in messages */
};

/* Resolves the secret-id of a secretsmanager dynamic reference in flat text. */
static void xp_dynref_secret(struct sr_ctx *ctx, const struct xp_flat *f, const struct sr_dynref *d,
                             struct xp_secret_ref *out)
{
    memset(out, 0, sizeof(*out));
    const char *id = f->s + d->secret_id.off;
    size_t len = d->secret_id.len;
    if (len == 1 && id[0] == SR_DYNREF_PLACEHOLDER) {
        const struct xp_ref *r = xp_ref_at(f, d->secret_id.off);
        if (r) {
            out->secret = xp_ref_secret(&r->val);
            out->db = xp_ref_managed_db(&r->val);
            if (out->secret)
                out->label = out->secret->id;
            else if (out->db)
                out->label = sr_arena_printf(ctx->arena, "%s (managed by RDS)", out->db->id);
        }
        return;
    }
    if (!d->is_arn && !memchr(id, SR_DYNREF_PLACEHOLDER, len)) {
        out->secret = xp_secret_by_name(ctx->g, id, len);
        if (out->secret)
            out->label = out->secret->id;
    }
    if (!out->label)
        out->label = xp_excerpt(ctx, id, len);
}

static int xp_secret_rotates(const struct xp_secret_ref *s)
{
    return (s->secret && s->secret->schedules.n > 0) || s->db != NULL;
}

/* ======================================================================== */
/* SR301 / SR304 / SR307: credential properties                             */
/* ======================================================================== */

enum xp_mode { XP_REPORT, XP_MARK };

struct xp_credwalk {
    enum xp_mode mode;
    const struct sr_rule *rule; /* which rule reports (REPORT mode) */
    struct sr_resource *res;
    const struct xp_cred *cred;
    const char *what; /* "MasterUserPassword" or a metadata path */
};

/* A literal mapping value behind Fn::FindInMap with literal keys, or NULL. */
static const struct sr_node *xp_findinmap_literal(struct sr_ctx *ctx, const struct sr_node *v)
{
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in) || in.fn != SR_FN_FINDINMAP || !sr_is_seq(in.arg))
        return NULL;
    const char *m = sr_scalar(sr_seq_item(in.arg, 0));
    const char *k1 = sr_scalar(sr_seq_item(in.arg, 1));
    const char *k2 = sr_scalar(sr_seq_item(in.arg, 2));
    if (!m || !k1 || !k2 || sr_intrinsic_get(sr_seq_item(in.arg, 1), &in) ||
        sr_intrinsic_get(sr_seq_item(in.arg, 2), &in))
        return NULL;
    const struct sr_node *val = sr_map_get(sr_map_get(sr_map_get(ctx->g->t.mappings, m), k1), k2);
    return sr_is_scalar(val) ? sr_deref(val) : NULL;
}

static void xp_cred_value(struct sr_ctx *ctx, const struct sr_node *v, void *arg)
{
    struct xp_credwalk *w = arg;
    struct xp_state *st = xp_state(ctx);
    const char *rid = w->res->id;
    if (w->mode == XP_MARK)
        xp_set_add(ctx->arena, &st->covered, v);

    struct xp_flat f;
    xp_flatten(ctx, v, &f);
    struct sr_dynref d[8];
    size_t nd = sr_dynref_scan(f.s, f.len, d, 8);
    if (nd > 0) {
        if (w->mode == XP_REPORT && !strcmp(w->rule->id, "SR307"))
            for (size_t i = 0; i < nd && i < 8; i++)
                if (d[i].kind == SR_DYNREF_SSM)
                    sr_report(ctx, v,
                              "%s %s: %s comes from the plain ssm parameter '%s', stored "
                              "unencrypted; use ssm-secure or a Secrets Manager dynamic reference",
                              w->res->type, rid, w->what,
                              xp_excerpt(ctx, f.s + d[i].name.off, d[i].name.len));
        return;
    }
    if (f.nrefs == 0 && f.opaque.n == 0) {
        if (f.len == 0 || w->mode != XP_REPORT || strcmp(w->rule->id, "SR301") != 0)
            return;
        const char *hint =
            w->cred && w->cred->managed_by
                ? sr_arena_printf(ctx->arena, " or set %s: true", w->cred->managed_by)
                : "";
        sr_report(ctx, v,
                  "%s %s: %s holds a plaintext credential %s; use a Secrets Manager dynamic "
                  "reference%s",
                  w->res->type, rid, w->what, xp_redact(ctx, f.s, f.len), hint);
        return;
    }
    if (f.nrefs == 1 && !f.text && f.opaque.n == 0) {
        const struct sr_val *r = &f.refs[0].val;
        if (r->kind != SR_VAL_PARAMETER)
            return;
        const struct sr_node *def = sr_graph_parameter(ctx->g, r->name);
        if (w->mode == XP_MARK && !xp_param_noecho(def))
            xp_set_add(ctx->arena, &st->cred_params, def);
        if (w->mode == XP_REPORT && !strcmp(w->rule->id, "SR307") &&
            !strncmp(xp_param_type(def), "AWS::SSM::Parameter::Value<", 27))
            sr_report(ctx, v,
                      "%s %s: %s comes from parameter %s of type %s, a plain SSM String "
                      "parameter; use ssm-secure or a Secrets Manager dynamic reference",
                      w->res->type, rid, w->what, r->name, xp_param_type(def));
        return;
    }
    if (f.nrefs == 1 && f.opaque.n == 1 && w->mode == XP_REPORT && !strcmp(w->rule->id, "SR301")) {
        const struct sr_node *lit = xp_findinmap_literal(ctx, v);
        if (lit && lit->len > 0 && !sr_dynref_present(lit->str, lit->len))
            sr_report(ctx, v,
                      "%s %s: %s takes a plaintext credential %s from Mappings; use a "
                      "Secrets Manager dynamic reference",
                      w->res->type, rid, w->what, xp_redact(ctx, lit->str, lit->len));
    }
}

static void xp_cred_at(struct sr_ctx *ctx, const struct sr_node *v, const char *path,
                       const struct sr_node *key, void *arg)
{
    (void)key;
    struct xp_credwalk *w = arg;
    w->what = path;
    xp_each_branch(ctx, v, xp_cred_value, w, 0);
}

/* AWS::CloudFormation::Authentication metadata: password and secretKey. */
static void xp_auth_metadata(struct sr_ctx *ctx, struct sr_resource *r, struct xp_credwalk *w)
{
    const struct sr_node *auth = sr_map_get(r->metadata, "AWS::CloudFormation::Authentication");
    if (!sr_is_map(auth))
        return;
    static const char *const keys[] = {"password", "secretKey"};
    for (size_t i = 0; i < auth->n; i++) {
        const struct sr_node *blk = sr_map_val(auth, i);
        const char *name = sr_scalar(sr_map_key(auth, i));
        for (size_t k = 0; k < 2; k++) {
            const struct sr_node *v = sr_map_get(blk, keys[k]);
            if (!v)
                continue;
            w->cred = NULL;
            w->what =
                sr_arena_printf(ctx->arena, "Metadata AWS::CloudFormation::Authentication.%s.%s",
                                name ? name : "?", keys[k]);
            xp_each_branch(ctx, v, xp_cred_value, w, 0);
        }
    }
}

static void xp_cred_walk(struct sr_ctx *ctx, enum xp_mode mode)
{
    xp_table_init();
    struct xp_credwalk w = {0};
    w.mode = mode;
    w.rule = ctx->rule;
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->type)
            continue;
        w.res = r;
        size_t first, n = xp_cred_range(r->type, &first);
        for (size_t k = first; k < first + n; k++) {
            w.cred = &xp_table.cred[k];
            xp_walk_path(ctx, r->props, xp_table.cred[k].path, xp_cred_at, &w);
        }
        xp_auth_metadata(ctx, r, &w);
    }
}

static void sr301_check(struct sr_ctx *ctx)
{
    xp_cred_walk(ctx, XP_REPORT);
}

static void sr307_check(struct sr_ctx *ctx)
{
    xp_cred_walk(ctx, XP_REPORT);
}

/* ======================================================================== */
/* SR302 / SR314: environments and tags                                     */
/* ======================================================================== */

struct xp_envwalk {
    struct sr_resource *res; /* NULL for Globals */
    const char *owner;       /* "Function X", "Globals" */
    int frozen_rule;         /* SR314 rather than SR302 */
};

/* Judges one variable (name may be NULL when computed). */
static void xp_env_var(struct sr_ctx *ctx, const char *name, const struct sr_node *v,
                       struct xp_envwalk *w, enum xp_mode mode)
{
    struct xp_state *st = xp_state(ctx);
    v = sr_deref(v);
    if (!v)
        return;
    if (mode == XP_MARK) {
        xp_set_add(ctx->arena, &st->covered, v);
        return;
    }
    struct xp_flat f;
    xp_flatten(ctx, v, &f);
    if (w->frozen_rule) {
        struct sr_dynref d[8];
        size_t nd = sr_dynref_scan(f.s, f.len, d, 8);
        for (size_t i = 0; i < nd && i < 8; i++) {
            if (d[i].kind != SR_DYNREF_SECRETSMANAGER || d[i].err)
                continue;
            struct xp_secret_ref s;
            xp_dynref_secret(ctx, &f, &d[i], &s);
            if (!xp_secret_rotates(&s) || !xp_first(ctx, v))
                continue;
            sr_report(ctx, v,
                      "%s: %s gets rotating secret %s through a dynamic reference; the value is "
                      "resolved once at deploy time and shown in plain text, so after rotation "
                      "it is stale: pass the secret ARN and read it at run time",
                      w->owner, name ? name : "a variable", s.label);
        }
        return;
    }
    if (sr_dynref_present(f.s, f.len))
        return;
    struct sr_secret_hit h[2];
    size_t nh = sr_secret_scan(f.s, f.len, h, 2);
    if (nh > 0) {
        if (xp_first(ctx, v))
            sr_report(ctx, v,
                      "%s: environment variable %s holds a credential (%s) %s; store it in Secrets "
                      "Manager and pass the secret ARN instead",
                      w->owner, name ? name : "?", sr_secret_pat_name(h[0].pat),
                      xp_redact(ctx, f.s + h[0].off, h[0].len));
        return;
    }
    if (f.nrefs || f.opaque.n || !name || !sr_cred_name(name))
        return;
    if (sr_secret_benign(f.s, f.len))
        return;
    if (xp_first(ctx, v))
        sr_report(ctx, v,
                  "%s: environment variable %s holds a literal credential %s; store it in "
                  "Secrets Manager and pass the secret ARN instead",
                  w->owner, name, xp_redact(ctx, f.s, f.len));
}

/* Map form {NAME: value} or list form [{Name, Value}] (CodeBuild Type honoured). */
static void xp_env_block(struct sr_ctx *ctx, const struct sr_node *vars, int list_form,
                         struct xp_envwalk *w, enum xp_mode mode)
{
    vars = sr_deref(vars);
    if (!vars)
        return;
    if (!list_form) {
        if (!sr_is_map(vars))
            return;
        for (size_t i = 0; i < vars->n; i++)
            xp_env_var(ctx, sr_scalar(sr_map_key(vars, i)), sr_map_val(vars, i), w, mode);
        return;
    }
    if (!sr_is_seq(vars))
        return;
    for (size_t i = 0; i < vars->n; i++) {
        const struct sr_node *item = sr_seq_item(vars, i);
        const char *type = sr_scalar(sr_map_get(item, "Type"));
        if (type && strcmp(type, "PLAINTEXT") != 0)
            continue; /* PARAMETER_STORE / SECRETS_MANAGER: the value is a name */
        const struct sr_node *val = sr_map_get(item, "Value");
        if (val)
            xp_env_var(ctx, sr_scalar(sr_map_get(item, "Name")), val, w, mode);
    }
}

struct xp_envplace {
    struct xp_envwalk *w;
    int list_form;
    enum xp_mode mode;
};

static void xp_env_at(struct sr_ctx *ctx, const struct sr_node *v, const char *path,
                      const struct sr_node *key, void *arg)
{
    (void)path;
    (void)key;
    struct xp_envplace *p = arg;
    xp_env_block(ctx, v, p->list_form, p->w, p->mode);
}

static const char *xp_owner(struct sr_ctx *ctx, const struct sr_resource *r)
{
    const char *t = r->type ? strrchr(r->type, ':') : NULL;
    return xp_join(ctx, t ? t + 1 : "Resource", " ", r->id);
}

/* Tags: [{Key, Value}] or (SAM) {Key: Value}. */
static void xp_tags(struct sr_ctx *ctx, const struct sr_node *tags, struct xp_envwalk *w)
{
    tags = sr_deref(tags);
    if (sr_is_map(tags)) {
        struct sr_intrinsic in;
        if (sr_intrinsic_get(tags, &in))
            return;
        for (size_t i = 0; i < tags->n; i++)
            xp_env_var(ctx,
                       sr_arena_printf(
                           ctx->arena, "tag %s",
                           sr_scalar(sr_map_key(tags, i)) ? sr_scalar(sr_map_key(tags, i)) : "?"),
                       sr_map_val(tags, i), w, XP_REPORT);
    } else if (sr_is_seq(tags)) {
        for (size_t i = 0; i < tags->n; i++) {
            const struct sr_node *t = sr_seq_item(tags, i);
            const char *k = sr_scalar(sr_map_get(t, "Key"));
            const struct sr_node *v = sr_map_get(t, "Value");
            if (v)
                xp_env_var(ctx, xp_join(ctx, "tag", " ", k ? k : "?"), v, w, XP_REPORT);
        }
    }
}

static void xp_env_walk(struct sr_ctx *ctx, enum xp_mode mode, int frozen_rule)
{
    xp_table_init();
    struct xp_envwalk w = {0};
    w.frozen_rule = frozen_rule;
    /* Globals first, so shared values are reported once, at their place. */
    const struct sr_node *gvars =
        sr_path(sr_map_get(ctx->g->t.globals, "Function"), "Environment/Variables");
    if (gvars) {
        w.owner = "Globals Function";
        xp_env_block(ctx, gvars, 0, &w, mode);
    }
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->type)
            continue;
        w.res = r;
        w.owner = NULL;
        for (size_t k = 0; k < xp_table.nenv; k++) {
            if (strcmp(xp_table.env[k].type, r->type) != 0)
                continue;
            if (!w.owner)
                w.owner = xp_owner(ctx, r);
            struct xp_envplace p = {&w, xp_table.env[k].list_form, mode};
            xp_walk_path(ctx, r->props, xp_table.env[k].path, xp_env_at, &p);
        }
        if (frozen_rule && mode == XP_REPORT) {
            const struct sr_node *tags = sr_res_prop(r, "Tags");
            if (tags) {
                w.owner = xp_owner(ctx, r);
                xp_tags(ctx, tags, &w);
            }
        }
    }
}

static void sr302_check(struct sr_ctx *ctx)
{
    xp_env_walk(ctx, XP_REPORT, 0);
}

static void sr314_check(struct sr_ctx *ctx)
{
    xp_env_walk(ctx, XP_REPORT, 1);
}

/* ======================================================================== */
/* SR308 helpers: key/value pairs of JSON-like text                         */
/* ======================================================================== */

struct xp_pair {
    const char *key;
    size_t klen;
    const char *val;
    size_t vlen;
};

/* Reads a double-quoted string at s[*i] (which is '"'); returns 0 on success. */
static int xp_json_string(const char *s, size_t len, size_t *i, size_t *start, size_t *slen)
{
    size_t j = *i + 1;
    *start = j;
    while (j < len && s[j] != '"') {
        if (s[j] == '\\')
            j++;
        j++;
    }
    if (j >= len)
        return -1;
    *slen = j - *start;
    *i = j + 1;
    return 0;
}

/* Lenient scan of "key": value pairs (any depth). Returns the number found (up to max). */
static size_t xp_json_pairs(const char *s, size_t len, struct xp_pair *out, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        if (s[i] != '"') {
            i++;
            continue;
        }
        size_t ks, kl;
        if (xp_json_string(s, len, &i, &ks, &kl) < 0)
            break;
        size_t j = i;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        if (j >= len || s[j] != ':')
            continue;
        j++;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
            j++;
        size_t vs, vl;
        if (j < len && s[j] == '"') {
            if (xp_json_string(s, len, &j, &vs, &vl) < 0)
                break;
        } else {
            vs = j;
            while (j < len && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != '\n')
                j++;
            vl = j - vs;
            while (vl > 0 && (s[vs + vl - 1] == ' ' || s[vs + vl - 1] == '\t'))
                vl--;
            if (vl > 0 && (s[vs] == '{' || s[vs] == '['))
                vl = 0; /* nested object: its own pairs follow */
        }
        out[n].key = s + ks;
        out[n].klen = kl;
        out[n].val = s + vs;
        out[n].vlen = vl;
        n++;
        i = j;
    }
    return n;
}

struct xp_secretwalk {
    struct sr_resource *res;
    enum xp_mode mode;
};

static void xp_secret_string(struct sr_ctx *ctx, const struct sr_node *v, void *arg)
{
    struct xp_secretwalk *w = arg;
    if (w->mode == XP_MARK) {
        xp_set_add(ctx->arena, &xp_state(ctx)->covered, v);
        return;
    }
    struct xp_flat f;
    xp_flatten(ctx, v, &f);
    if (sr_dynref_present(f.s, f.len))
        return;
    size_t b = 0, e = f.len;
    while (b < e && (f.s[b] == ' ' || f.s[b] == '\n' || f.s[b] == '\t' || f.s[b] == '\r'))
        b++;
    while (e > b && (f.s[e - 1] == ' ' || f.s[e - 1] == '\n' || f.s[e - 1] == '\t'))
        e--;
    if (b == e)
        return;
    struct xp_pair p[64];
    size_t np = f.s[b] == '{' ? xp_json_pairs(f.s + b, e - b, p, 64) : 0;
    for (size_t i = 0; i < np; i++) {
        if (p[i].vlen == 0 || memchr(p[i].val, SR_DYNREF_PLACEHOLDER, p[i].vlen))
            continue;
        char key[64];
        size_t kl = p[i].klen < sizeof(key) - 1 ? p[i].klen : sizeof(key) - 1;
        memcpy(key, p[i].key, kl);
        key[kl] = 0;
        int cred = sr_cred_name(key);
        if (!cred && !(sr_secret_high_entropy(p[i].val, p[i].vlen) &&
                       !sr_secret_benign(p[i].val, p[i].vlen)))
            continue;
        if (cred && sr_secret_benign(p[i].val, p[i].vlen) && p[i].vlen < 6)
            continue;
        sr_report(ctx, v,
                  "Secret %s: SecretString holds a literal value for key '%s' %s, committed with "
                  "the template; use GenerateSecretString, or put the value into the secret "
                  "outside the template",
                  w->res->id, xp_excerpt(ctx, key, kl), xp_redact(ctx, p[i].val, p[i].vlen));
        return;
    }
    if (np > 0 || f.nrefs > 0 || f.opaque.n > 0)
        return;
    if (sr_secret_benign(f.s + b, e - b) && (e - b) < 6)
        return;
    if (e - b == 2 && f.s[b] == '{' && f.s[b + 1] == '}')
        return;
    sr_report(ctx, v,
              "Secret %s: SecretString is a literal %s, committed with the template; use "
              "GenerateSecretString, or put the value into the secret outside the template",
              w->res->id, xp_redact(ctx, f.s + b, e - b));
}

static void xp_secrets_walk(struct sr_ctx *ctx, enum xp_mode mode)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *ss = sr_res_prop(r, "SecretString");
        if (!ss)
            continue;
        struct xp_secretwalk w = {r, mode};
        xp_each_branch(ctx, ss, xp_secret_string, &w, 0);
    }
}

static void sr308_check(struct sr_ctx *ctx)
{
    xp_secrets_walk(ctx, XP_REPORT);
}

/* ======================================================================== */
/* Marking what SR301/302/304/308 judge, for SR303 and SR304                 */
/* ======================================================================== */

static void xp_mark(struct sr_ctx *ctx)
{
    struct xp_state *st = xp_state(ctx);
    if (st->marked)
        return;
    st->marked = 1;
    xp_cred_walk(ctx, XP_MARK);
    xp_env_walk(ctx, XP_MARK, 0);
    xp_secrets_walk(ctx, XP_MARK);
    const struct sr_node *params = ctx->g->t.parameters;
    for (size_t i = 0; sr_is_map(params) && i < params->n; i++) {
        const struct sr_node *def = sr_map_val(params, i);
        if (xp_param_noecho(def))
            xp_set_add(ctx->arena, &st->covered, sr_map_get(def, "Default"));
    }
}

/* 1 when n or one of its ancestors was judged by another rule of the family. */
static int xp_covered(struct sr_ctx *ctx, const struct sr_node *n)
{
    const struct xp_state *st = xp_state(ctx);
    if (st->covered.n == 0)
        return 0;
    for (int d = 0; n && d < SR_MAX_DEPTH; d++, n = n->parent)
        if (xp_set_has(&st->covered, n))
            return 1;
    return 0;
}

/* ======================================================================== */
/* SR303: credential patterns anywhere                                      */
/* ======================================================================== */

static void xp_scan_scalar(struct sr_ctx *ctx, const struct sr_node *v, const char *name)
{
    if (!v || v->kind != SR_SCALAR || !v->str || v->len < 8 || xp_covered(ctx, v))
        return;
    struct sr_secret_hit h[4];
    size_t nh = sr_secret_scanner_scan(xp_state(ctx)->scanner, v->str, v->len, h, 4);
    if (nh > 0) {
        if (nh > 1)
            sr_report(ctx, v, "%s %s and %zu more credential%s in the template text",
                      sr_secret_pat_name(h[0].pat), xp_redact(ctx, v->str + h[0].off, h[0].len),
                      nh - 1, nh > 2 ? "s" : "");
        else
            sr_report(ctx, v, "%s %s in the template text; move it to Secrets Manager",
                      sr_secret_pat_name(h[0].pat), xp_redact(ctx, v->str + h[0].off, h[0].len));
        return;
    }
    struct sr_intrinsic in;
    if (name && v->len >= SR_SECRET_MIN_LEN && sr_cred_name(name) && !sr_intrinsic_get(v, &in) &&
        !sr_secret_benign(v->str, v->len) && sr_secret_high_entropy(v->str, v->len))
        sr_report(ctx, v,
                  "%s holds a high-entropy literal %s that looks like a credential; move it to "
                  "Secrets Manager",
                  name, xp_redact(ctx, v->str, v->len));
}

static void xp_scan_doc(struct sr_ctx *ctx, const struct sr_node *n, const char *name, int depth)
{
    n = sr_deref(n);
    if (!n || depth > SR_MAX_DEPTH)
        return;
    if (n->kind == SR_SCALAR) {
        xp_scan_scalar(ctx, n, name);
    } else if (n->kind == SR_MAP) {
        for (size_t i = 0; i < n->n; i++)
            xp_scan_doc(ctx, sr_map_val(n, i), sr_scalar(sr_map_key(n, i)), depth + 1);
    } else if (n->kind == SR_SEQ) {
        for (size_t i = 0; i < n->n; i++)
            xp_scan_doc(ctx, sr_seq_item(n, i), NULL, depth + 1);
    }
}

static void xp_scan_sections(struct sr_ctx *ctx, const struct sr_node *root);

static void sr303_check(struct sr_ctx *ctx)
{
    xp_mark(ctx);
    const struct sr_node *root = ctx->doc->root;
    if (!sr_is_map(root))
        return;
    struct xp_state *st = xp_state(ctx);
    st->scanner = sr_secret_scanner_new();
    xp_scan_sections(ctx, root);
    sr_secret_scanner_free(st->scanner);
    st->scanner = NULL;
}

static void xp_scan_sections(struct sr_ctx *ctx, const struct sr_node *root)
{
    for (size_t i = 0; i < root->n; i++) {
        const char *sec = sr_scalar(sr_map_key(root, i));
        const struct sr_node *v = sr_map_val(root, i);
        if (sec && !strcmp(sec, "Parameters") && sr_is_map(v)) {
            /* Parameter names stand next to their Default. */
            for (size_t k = 0; k < v->n; k++) {
                const struct sr_node *def = sr_map_val(v, k);
                const char *pname = sr_scalar(sr_map_key(v, k));
                if (!sr_is_map(def))
                    continue;
                for (size_t j = 0; j < def->n; j++) {
                    const char *key = sr_scalar(sr_map_key(def, j));
                    int is_default = key && !strcmp(key, "Default");
                    xp_scan_doc(ctx, sr_map_val(def, j), is_default ? pname : key, 2);
                }
            }
            continue;
        }
        xp_scan_doc(ctx, v, sec, 1);
    }
}

/* ======================================================================== */
/* SR304: NoEcho parameters                                                 */
/* ======================================================================== */

static int xp_param_type_textual(const char *type)
{
    return !strcmp(type, "String") || !strcmp(type, "CommaDelimitedList");
}

/* The property a parameter feeds, if any ("DBInstance Db MasterUserPassword"). */
struct xp_feed {
    const struct sr_node *def;
    const char *what;
};

struct xp_feedwalk {
    struct sr_ptrvec feeds;
    struct sr_resource *res;
    const char *what;
};

static void xp_feed_value(struct sr_ctx *ctx, const struct sr_node *v, void *arg)
{
    struct xp_feedwalk *fw = arg;
    struct sr_val val;
    if (sr_graph_value(ctx->g, v, &val) != SR_VAL_PARAMETER || !val.whole)
        return;
    struct xp_feed *f = sr_arena_alloc(ctx->arena, sizeof(*f));
    f->def = sr_graph_parameter(ctx->g, val.name);
    f->what = sr_arena_printf(ctx->arena, "%s %s", fw->res->id, fw->what);
    sr_ptrvec_push(ctx->arena, &fw->feeds, f);
}

static void xp_feed_at(struct sr_ctx *ctx, const struct sr_node *v, const char *path,
                       const struct sr_node *key, void *arg)
{
    (void)key;
    struct xp_feedwalk *fw = arg;
    fw->what = path;
    xp_each_branch(ctx, v, xp_feed_value, fw, 0);
}

static void sr304_check(struct sr_ctx *ctx)
{
    xp_table_init();
    const struct sr_node *params = ctx->g->t.parameters;
    if (!sr_is_map(params))
        return;
    struct xp_feedwalk fw = {0};
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->type)
            continue;
        fw.res = r;
        size_t first, n = xp_cred_range(r->type, &first);
        for (size_t k = first; k < first + n; k++)
            xp_walk_path(ctx, r->props, xp_table.cred[k].path, xp_feed_at, &fw);
    }
    for (size_t i = 0; i < params->n; i++) {
        const struct sr_node *key = sr_map_key(params, i);
        const struct sr_node *def = sr_map_val(params, i);
        const char *name = sr_scalar(key);
        if (!name || !sr_is_map(def))
            continue;
        const struct sr_node *dflt = sr_map_get(def, "Default");
        if (xp_param_noecho(def)) {
            const char *s = sr_scalar(dflt);
            if (s && dflt && !sr_secret_benign(s, strlen(s)))
                sr_report(ctx, dflt,
                          "parameter %s is NoEcho but its Default %s is stored in the template "
                          "in plain text; remove the Default and pass the value at deploy time",
                          name, xp_redact(ctx, s, strlen(s)));
            continue;
        }
        if (!xp_param_type_textual(xp_param_type(def)) || sr_map_get(def, "AllowedValues"))
            continue; /* a credential is never one of a list of allowed values */
        const char *feeds = NULL;
        for (size_t k = 0; k < fw.feeds.n; k++) {
            const struct xp_feed *f = fw.feeds.v[k];
            if (f->def == def) {
                feeds = f->what;
                break;
            }
        }
        struct sr_finding *f = NULL;
        if (feeds)
            f = sr_report(ctx, key,
                          "parameter %s feeds the credential property %s but has no NoEcho: "
                          "true, so its value is shown by the console, the API and stack events",
                          name, feeds);
        else if (sr_cred_name(name))
            f = sr_report(ctx, key,
                          "parameter %s looks like a credential but has no NoEcho: true, so its "
                          "value is shown by the console, the API and stack events",
                          name);
        xp_set_severity(ctx, f, SR_SEV_WARNING);
    }
}

/* ======================================================================== */
/* SR305: secret values flowing into Outputs and Metadata                   */
/* ======================================================================== */

struct xp_flowwalk {
    const char *where; /* "Outputs/DbUrl/Value" ... */
};

/* What makes a value secret ("NoEcho parameter P", ...), or NULL. */
static const char *xp_secret_source(struct sr_ctx *ctx, const struct sr_node *v, int depth);

static const char *xp_ref_source(struct sr_ctx *ctx, const struct sr_val *r, int depth)
{
    if (r->kind == SR_VAL_PARAMETER) {
        const struct sr_node *def = sr_graph_parameter(ctx->g, r->name);
        if (xp_param_noecho(def))
            return sr_arena_printf(ctx->arena, "NoEcho parameter %s", r->name);
        return NULL;
    }
    if (r->kind != SR_VAL_RESOURCE || !r->res)
        return NULL;
    if (xp_is_secret_attr(r->res->type, r->attr))
        return sr_arena_printf(ctx->arena, "the secret attribute %s.%s", r->res->id, r->attr);
    const char *prop = xp_echo_prop(r->res->type, r->attr);
    if (prop && depth < 8) {
        const char *inner = xp_secret_source(ctx, sr_res_prop(r->res, prop), depth + 1);
        if (inner)
            return sr_arena_printf(ctx->arena, "%s (via %s.%s, which returns its %s property)",
                                   inner, r->res->id, r->attr, prop);
    }
    return NULL;
}

static const char *xp_secret_source(struct sr_ctx *ctx, const struct sr_node *v, int depth)
{
    if (!v || depth > 8)
        return NULL;
    struct xp_flat f;
    xp_flatten(ctx, v, &f);
    struct sr_dynref d[4];
    size_t nd = sr_dynref_scan(f.s, f.len, d, 4);
    for (size_t i = 0; i < nd && i < 4; i++)
        if (d[i].kind == SR_DYNREF_SECRETSMANAGER || d[i].kind == SR_DYNREF_SSM_SECURE)
            return sr_arena_printf(ctx->arena, "a %s dynamic reference",
                                   sr_dynref_kind_name(d[i].kind));
    for (size_t i = 0; i < f.nrefs; i++) {
        const char *s = xp_ref_source(ctx, &f.refs[i].val, depth);
        if (s)
            return s;
    }
    return NULL;
}

static void xp_flow(struct sr_ctx *ctx, const struct sr_node *v, const char *path,
                    const struct xp_flowwalk *w, int depth)
{
    v = sr_deref(v);
    if (!v || depth > XP_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    int fn = sr_intrinsic_get(v, &in);
    if (fn && in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        const char *p = xp_join(ctx, path, " -> ", "Fn::If");
        xp_flow(ctx, sr_seq_item(in.arg, 1), p, w, depth + 1);
        xp_flow(ctx, sr_seq_item(in.arg, 2), p, w, depth + 1);
        return;
    }
    if (fn && in.fn != SR_FN_REF && in.fn != SR_FN_GETATT && in.fn != SR_FN_SUB &&
        in.fn != SR_FN_JOIN && in.fn != SR_FN_BASE64) {
        xp_flow(ctx, in.arg, xp_join(ctx, path, " -> ", in.name), w, depth + 1);
        return;
    }
    if (fn || v->kind == SR_SCALAR) {
        struct xp_flat f;
        xp_flatten(ctx, v, &f);
        const char *p = fn ? xp_join(ctx, path, " -> ", in.name) : path;
        struct sr_dynref d[8];
        size_t nd = sr_dynref_scan(f.s, f.len, d, 8);
        for (size_t i = 0; i < nd && i < 8; i++) {
            if (d[i].err || !xp_dynref_secret_value(f.s, &d[i]))
                continue;
            const char *id = d[i].kind == SR_DYNREF_SECRETSMANAGER
                                 ? xp_excerpt(ctx, f.s + d[i].secret_id.off, d[i].secret_id.len)
                                 : xp_excerpt(ctx, f.s + d[i].name.off, d[i].name.len);
            if (xp_first_key(ctx, v, id))
                sr_report(ctx, v,
                          "%s: a %s dynamic reference to '%s' reaches %s; Outputs and Metadata "
                          "are shown in plain text and CloudFormation leaves secure references "
                          "there unresolved: output the secret ARN instead",
                          w->where, sr_dynref_kind_name(d[i].kind), id, p);
        }
        for (size_t i = 0; i < f.nrefs; i++) {
            const struct sr_val *r = &f.refs[i].val;
            const char *src = xp_ref_source(ctx, r, 0);
            if (!src)
                continue;
            const char *ref = r->attr ? xp_join(ctx, r->name, ".", r->attr) : r->name;
            if (!xp_first_key(ctx, r->at ? r->at : v, src))
                continue;
            sr_report(ctx, r->at ? r->at : v,
                      "%s: %s reaches it through %s -> %s; Outputs and Metadata are shown in "
                      "plain text",
                      w->where, src, p, ref ? ref : "?");
        }
        for (size_t i = 0; i < f.opaque.n; i++)
            if (f.opaque.v[i] != v)
                xp_flow(ctx, f.opaque.v[i], p, w, depth + 1);
        return;
    }
    if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            xp_flow(ctx, sr_map_val(v, i), xp_join(ctx, path, "/", k ? k : "?"), w, depth + 1);
        }
    } else if (v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            xp_flow(ctx, sr_seq_item(v, i), sr_arena_printf(ctx->arena, "%s/%zu", path, i), w,
                    depth + 1);
    }
}

static void sr305_check(struct sr_ctx *ctx)
{
    xp_table_init();
    const struct sr_node *outs = ctx->g->t.outputs;
    for (size_t i = 0; sr_is_map(outs) && i < outs->n; i++) {
        const char *name = sr_scalar(sr_map_key(outs, i));
        struct xp_flowwalk w = {sr_arena_printf(ctx->arena, "output %s", name ? name : "?")};
        xp_flow(ctx, sr_map_val(outs, i),
                sr_arena_printf(ctx->arena, "Outputs/%s", name ? name : "?"), &w, 0);
    }
    if (ctx->g->t.metadata) {
        struct xp_flowwalk w = {"template Metadata"};
        xp_flow(ctx, ctx->g->t.metadata, "Metadata", &w, 0);
    }
    for (size_t i = 0; i < ctx->g->nres; i++) {
        const struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->metadata)
            continue;
        struct xp_flowwalk w = {sr_arena_printf(ctx->arena, "Metadata of %s", r->id)};
        xp_flow(ctx, r->metadata, sr_arena_printf(ctx->arena, "Resources/%s/Metadata", r->id), &w,
                0);
    }
}

/* ======================================================================== */
/* SR306: malformed and misplaced dynamic references                        */
/* ======================================================================== */

enum xp_section {
    XS_OTHER,
    XS_PARAMETERS,
    XS_RESOURCES, /* a resource attribute other than Properties and Metadata */
    XS_PROPERTIES,
    XS_OUTPUTS,
    XS_METADATA
};

struct xp_loc {
    enum xp_section section;
    const char *type; /* resource type (Globals: the AWS::Serverless type) */
    const char *id;   /* logical id ("Globals" for SAM Globals) */
    const char *path; /* property path below Properties ("Users/[]/Password") */
    const char *key;  /* the mapping key the value is under */
    size_t *count;    /* dynamic references seen so far in the template */
    int too_many_reported;
};

static int xp_is_user_data(const char *type, const char *path)
{
    for (size_t i = 0; type && i < xp_table.nuser_data; i++)
        if (!strcmp(xp_table.user_data[i].type, type) && !strcmp(xp_table.user_data[i].path, path))
            return 1;
    return 0;
}

static int xp_ssm_secure_allowed(const char *type, const char *path)
{
    const struct xp_cred *c = xp_cred_for(type, path);
    return c && c->ssm_secure;
}

static void xp_dynref_text(struct sr_ctx *ctx, const struct sr_node *at, const char *s, size_t len,
                           struct xp_loc *loc)
{
    struct sr_dynref d[16];
    size_t nd = sr_dynref_scan(s, len, d, 16);
    for (size_t i = 0; i < nd; i++) {
        ++*loc->count;
        if (*loc->count == SR_DYNREF_MAX_PER_TEMPLATE + 1 && !loc->too_many_reported) {
            loc->too_many_reported = 1;
            sr_report(ctx, at,
                      "more than %d dynamic references in the template; CloudFormation rejects "
                      "it",
                      SR_DYNREF_MAX_PER_TEMPLATE);
        }
        if (i >= 16)
            continue;
        const struct sr_dynref *r = &d[i];
        const char *text = xp_excerpt(ctx, s + r->start, r->end - r->start);
        if (r->err) {
            sr_report(ctx, at, "malformed dynamic reference '%s' (at byte %zu of the value): %s",
                      text, r->err_off - r->start, sr_dynref_err_text(r->err));
            continue;
        }
        int secure = r->kind == SR_DYNREF_SECRETSMANAGER || r->kind == SR_DYNREF_SSM_SECURE;
        switch (loc->section) {
        case XS_PROPERTIES: {
            const char *type = loc->type ? loc->type : "?";
            const char *id = loc->id ? loc->id : "?";
            if (xp_is_user_data(loc->type, loc->path)) {
                sr_report(ctx, at,
                          "%s %s: dynamic reference '%s' in UserData is not resolved; the "
                          "instance receives the literal text. Read the value at boot instead "
                          "(aws secretsmanager get-secret-value / aws ssm get-parameter)",
                          type, id, text);
            } else if (secure && xp_is_custom_type(type)) {
                sr_report(ctx, at,
                          "%s %s: %s dynamic references are not supported in custom resources; "
                          "pass the secret ARN and read it in the handler",
                          type, id, sr_dynref_kind_name(r->kind));
            } else if (r->kind == SR_DYNREF_SSM_SECURE &&
                       !xp_ssm_secure_allowed(loc->type, loc->path)) {
                sr_report(ctx, at,
                          "%s %s: ssm-secure is not supported for property %s; CloudFormation "
                          "fails the deployment. Use a Secrets Manager dynamic reference",
                          type, id, loc->path);
            } else if (r->kind == SR_DYNREF_SECRETSMANAGER && xp_is_arn_prop(loc->key) &&
                       r->start == 0 && r->end == len) {
                sr_report(ctx, at,
                          "%s %s: %s expects the ARN of a secret, but '%s' resolves to the "
                          "secret's value; use !Ref of the secret or its ARN",
                          type, id, loc->key, text);
            }
            break;
        }
        case XS_PARAMETERS:
            if (r->kind == SR_DYNREF_SSM_SECURE)
                sr_report(ctx, at,
                          "ssm-secure dynamic reference '%s' in Parameters is not resolved; it "
                          "works only in supported resource properties",
                          text);
            else if (r->kind == SR_DYNREF_SSM && r->version.len == 0)
                sr_report(ctx, at,
                          "ssm dynamic reference '%s' in Parameters needs a version number "
                          "({{resolve:ssm:name:version}})",
                          text);
            break;
        case XS_OUTPUTS:
        case XS_METADATA:
            /* Secret values there are SR305's; other secure references stay literal. */
            if (secure && !xp_dynref_secret_value(s, r))
                sr_report(ctx, at,
                          "%s dynamic reference '%s' is resolved only in resource properties; "
                          "here it stays literal text",
                          sr_dynref_kind_name(r->kind), text);
            break;
        case XS_RESOURCES:
        case XS_OTHER:
            if (secure)
                sr_report(ctx, at,
                          "%s dynamic reference '%s' is resolved only in resource properties; "
                          "here it stays literal text",
                          sr_dynref_kind_name(r->kind), text);
            break;
        }
    }
}

static void xp_dynref_walk(struct sr_ctx *ctx, const struct sr_node *v, struct xp_loc *loc,
                           int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
            xp_dynref_walk(ctx, sr_seq_item(in.arg, 1), loc, depth + 1);
            xp_dynref_walk(ctx, sr_seq_item(in.arg, 2), loc, depth + 1);
        } else if (in.fn == SR_FN_SUB || in.fn == SR_FN_JOIN || in.fn == SR_FN_BASE64) {
            struct xp_flat f;
            xp_flatten(ctx, v, &f);
            xp_dynref_text(ctx, v, f.s, f.len, loc);
            for (size_t i = 0; i < f.opaque.n; i++)
                if (f.opaque.v[i] != v)
                    xp_dynref_walk(ctx, f.opaque.v[i], loc, depth + 1);
        } else if (in.fn != SR_FN_REF && in.fn != SR_FN_GETATT) {
            struct xp_loc inner = *loc;
            inner.key = NULL;
            xp_dynref_walk(ctx, in.arg, &inner, depth + 1);
            loc->too_many_reported |= inner.too_many_reported;
        }
        return;
    }
    if (v->kind == SR_SCALAR) {
        xp_dynref_text(ctx, v, v->str, v->len, loc);
    } else if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            struct xp_loc inner = *loc;
            inner.key = k;
            if (loc->section == XS_PROPERTIES)
                inner.path =
                    loc->path[0] ? xp_join(ctx, loc->path, "/", k ? k : "?") : (k ? k : "?");
            xp_dynref_walk(ctx, sr_map_val(v, i), &inner, depth + 1);
            loc->too_many_reported |= inner.too_many_reported;
        }
    } else if (v->kind == SR_SEQ) {
        struct xp_loc inner = *loc;
        if (loc->section == XS_PROPERTIES)
            inner.path = xp_join(ctx, loc->path, "/[]", "");
        for (size_t i = 0; i < v->n; i++)
            xp_dynref_walk(ctx, sr_seq_item(v, i), &inner, depth + 1);
        loc->too_many_reported |= inner.too_many_reported;
    }
}

static void sr306_check(struct sr_ctx *ctx)
{
    xp_table_init();
    const struct sr_node *root = ctx->doc->root;
    if (!sr_is_map(root))
        return;
    size_t count = 0;
    struct xp_loc loc = {0};
    loc.count = &count;
    for (size_t i = 0; i < root->n; i++) {
        const char *sec = sr_scalar(sr_map_key(root, i));
        const struct sr_node *v = sr_map_val(root, i);
        loc.type = loc.id = NULL;
        loc.path = "";
        loc.key = sec;
        if (sec && !strcmp(sec, "Resources") && sr_is_map(v)) {
            for (size_t k = 0; k < v->n; k++) {
                const char *id = sr_scalar(sr_map_key(v, k));
                const struct sr_node *body = sr_map_val(v, k);
                const struct sr_resource *r = id ? sr_graph_find(ctx->g, id) : NULL;
                loc.type = r ? r->type : NULL;
                loc.id = id;
                for (size_t j = 0; sr_is_map(body) && j < body->n; j++) {
                    const char *attr = sr_scalar(sr_map_key(body, j));
                    loc.section = !attr                         ? XS_RESOURCES
                                  : !strcmp(attr, "Properties") ? XS_PROPERTIES
                                  : !strcmp(attr, "Metadata")   ? XS_METADATA
                                                                : XS_RESOURCES;
                    loc.path = "";
                    loc.key = attr;
                    if (loc.section == XS_PROPERTIES && !loc.type)
                        loc.section = XS_RESOURCES;
                    xp_dynref_walk(ctx, sr_map_val(body, j), &loc, 2);
                }
            }
            continue;
        }
        if (sec && !strcmp(sec, "Globals") && sr_is_map(v)) {
            /* SAM Globals: properties of the AWS::Serverless type they name. */
            for (size_t k = 0; k < v->n; k++) {
                const char *kind = sr_scalar(sr_map_key(v, k));
                loc.section = XS_PROPERTIES;
                loc.type = sr_arena_printf(ctx->arena, "AWS::Serverless::%s", kind ? kind : "?");
                loc.id = "Globals";
                loc.path = "";
                loc.key = kind;
                xp_dynref_walk(ctx, sr_map_val(v, k), &loc, 2);
            }
            continue;
        }
        loc.section = !sec                         ? XS_OTHER
                      : !strcmp(sec, "Parameters") ? XS_PARAMETERS
                      : !strcmp(sec, "Outputs")    ? XS_OUTPUTS
                      : !strcmp(sec, "Metadata")   ? XS_METADATA
                                                   : XS_OTHER;
        xp_dynref_walk(ctx, v, &loc, 1);
    }
}

/* ======================================================================== */
/* SR309 / SR313: encryption of secrets and replicas                        */
/* ======================================================================== */

/* 1 when a KmsKeyId value names the AWS managed key of Secrets Manager. */
static int xp_is_aws_managed_key(const struct sr_node *k)
{
    const char *s = sr_scalar(k);
    if (!s)
        return 0;
    size_t n = strlen(s);
    static const char tail[] = "alias/aws/secretsmanager";
    return n >= sizeof(tail) - 1 && !strcmp(s + n - (sizeof(tail) - 1), tail) &&
           (n == sizeof(tail) - 1 || s[n - sizeof(tail)] == ':');
}

static void sr309_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *k = sr_res_prop(r, "KmsKeyId");
        if (!k)
            sr_report(ctx, r->key,
                      "secret %s has no KmsKeyId, so it is encrypted with the AWS managed key "
                      "aws/secretsmanager: its key policy cannot be restricted and other "
                      "accounts cannot read the secret; set KmsKeyId to a customer managed key",
                      r->id);
        else if (xp_is_aws_managed_key(k))
            sr_report(ctx, k,
                      "secret %s names the AWS managed key aws/secretsmanager: its key policy "
                      "cannot be restricted and other accounts cannot read the secret; use a "
                      "customer managed key",
                      r->id);
    }
}

static void sr313_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *k = sr_res_prop(r, "KmsKeyId");
        const struct sr_node *reps = sr_deref(sr_res_prop(r, "ReplicaRegions"));
        if (!k || xp_is_aws_managed_key(k) || !sr_is_seq(reps))
            continue;
        for (size_t j = 0; j < reps->n; j++) {
            const struct sr_node *item = sr_seq_item(reps, j);
            if (!sr_is_map(item) || sr_map_get(item, "KmsKeyId"))
                continue;
            struct sr_intrinsic in;
            if (sr_intrinsic_get(item, &in))
                continue;
            const char *region = sr_scalar(sr_map_get(item, "Region"));
            sr_report(ctx, item,
                      "secret %s uses a customer managed key, but its replica in %s has no "
                      "KmsKeyId and falls back to the AWS managed key there; give each replica "
                      "a KmsKeyId",
                      r->id, region ? region : "another Region");
        }
    }
}

/* ======================================================================== */
/* SR310: generated passwords                                               */
/* ======================================================================== */

static int xp_bool_prop(const struct sr_node *m, const char *key)
{
    return sr_scalar_bool(sr_map_get(m, key)) == 1;
}

static void sr310_check(struct sr_ctx *ctx)
{
    int min = ctx->cfg && ctx->cfg->min_password_length > 0 ? ctx->cfg->min_password_length : 32;
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *gen = sr_deref(sr_res_prop(r, "GenerateSecretString"));
        struct sr_intrinsic in;
        if (!sr_is_map(gen) || sr_intrinsic_get(gen, &in))
            continue;
        const struct sr_node *tmpl = sr_map_get(gen, "SecretStringTemplate");
        const struct sr_node *gkey = sr_map_get(gen, "GenerateStringKey");
        if (sr_res_prop(r, "SecretString"))
            xp_set_severity(ctx,
                            sr_report(ctx, gen,
                                      "secret %s sets both SecretString and "
                                      "GenerateSecretString; Secrets Manager takes one",
                                      r->id),
                            SR_SEV_ERROR);
        if (tmpl && !gkey)
            xp_set_severity(ctx,
                            sr_report(ctx, tmpl,
                                      "secret %s has a SecretStringTemplate but no "
                                      "GenerateStringKey, so the generated password has no key "
                                      "to go under; add GenerateStringKey",
                                      r->id),
                            SR_SEV_ERROR);
        else if (gkey && !tmpl)
            xp_set_severity(ctx,
                            sr_report(ctx, gkey,
                                      "secret %s has a GenerateStringKey but no "
                                      "SecretStringTemplate; add the JSON template it extends",
                                      r->id),
                            SR_SEV_ERROR);
        const char *ts = sr_scalar(tmpl);
        if (ts) {
            while (*ts == ' ' || *ts == '\n' || *ts == '\t')
                ts++;
            if (*ts != '{')
                xp_set_severity(ctx,
                                sr_report(ctx, tmpl,
                                          "secret %s: SecretStringTemplate must be a JSON object",
                                          r->id),
                                SR_SEV_ERROR);
        }
        int lower = !xp_bool_prop(gen, "ExcludeLowercase");
        int upper = !xp_bool_prop(gen, "ExcludeUppercase");
        int digits = !xp_bool_prop(gen, "ExcludeNumbers");
        int punct = !xp_bool_prop(gen, "ExcludePunctuation");
        if (!lower && !upper && !digits && !punct) {
            xp_set_severity(ctx,
                            sr_report(ctx, gen,
                                      "secret %s excludes every character class; there is "
                                      "nothing left to generate a password from",
                                      r->id),
                            SR_SEV_ERROR);
            continue;
        }
        /* Alphabet: 26 + 26 + 10 + 32 punctuation, minus ExcludeCharacters. */
        int in_set[256] = {0};
        int alphabet = 0;
        for (int c = 33; c < 127; c++) {
            int cls = (c >= 'a' && c <= 'z')   ? lower
                      : (c >= 'A' && c <= 'Z') ? upper
                      : (c >= '0' && c <= '9') ? digits
                                               : punct;
            if (cls) {
                in_set[c] = 1;
                alphabet++;
            }
        }
        const char *ex = sr_scalar(sr_map_get(gen, "ExcludeCharacters"));
        for (const unsigned char *p = (const unsigned char *)ex; p && *p; p++)
            if (in_set[*p]) {
                in_set[*p] = 0;
                alphabet--;
            }
        if (xp_bool_prop(gen, "IncludeSpace"))
            alphabet++;
        const struct sr_node *lenn = sr_map_get(gen, "PasswordLength");
        long long len = 32;
        if (lenn && sr_scalar_int(lenn, &len) < 0)
            continue; /* computed: cannot judge */
        if (alphabet < 1)
            alphabet = 1;
        double bits = (double)len * log2((double)alphabet);
        if (len < min || bits < 128.0)
            sr_report(ctx, lenn ? lenn : gen,
                      "secret %s: the generated password has %lld characters from an alphabet "
                      "of %d (about %.0f bits); the policy asks for at least %d characters and "
                      "128 bits",
                      r->id, len, alphabet, bits, min);
    }
}

/* ======================================================================== */
/* SR311: retention of secrets                                              */
/* ======================================================================== */

static void sr311_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const char *dp = sr_scalar(sr_map_get(r->node, "DeletionPolicy"));
        const char *up = sr_scalar(sr_map_get(r->node, "UpdateReplacePolicy"));
        int dok = dp && (!strcmp(dp, "Retain") || !strcmp(dp, "RetainExceptOnCreate"));
        int uok = up && !strcmp(up, "Retain");
        if (dok && uok)
            continue;
        sr_report(ctx, r->key,
                  "secret %s has no %s%s%s: deleting the stack or replacing the secret "
                  "destroys the only copy of its value",
                  r->id, dok ? "" : "DeletionPolicy: Retain", !dok && !uok ? " and no " : "",
                  uok ? "" : "UpdateReplacePolicy: Retain");
    }
}

/* ======================================================================== */
/* SR312: hard-coded account, region and partition in ARNs                  */
/* ======================================================================== */

static int xp_is_region(const char *s, size_t n)
{
    /* us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-3 */
    size_t dashes = 0;
    if (n < 9 || n > 20 || s[n - 1] < '0' || s[n - 1] > '9' || s[n - 2] != '-')
        return 0;
    for (size_t i = 0; i < n - 1; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] < 'a' || s[i] > 'z')
            return 0;
    }
    return dashes >= 2 && dashes <= 3;
}

static int xp_is_account(const char *s, size_t n)
{
    if (n != 12)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Finds the first ARN in s with a literal account or region; describes it in out. */
static int xp_hardcoded_arn(struct sr_ctx *ctx, const char *s, size_t len, int foreign,
                            const char **out)
{
    for (size_t i = 0; i + 4 < len; i++) {
        if (memcmp(s + i, "arn:", 4) != 0 ||
            (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == SR_DYNREF_PLACEHOLDER)))
            continue;
        const char *f[4];
        size_t fl[4];
        size_t j = i + 4, k = 0;
        while (k < 4) {
            size_t st = j;
            while (j < len && s[j] != ':' && s[j] != '/' && s[j] != '"' && s[j] != ' ')
                j++;
            f[k] = s + st;
            fl[k] = j - st;
            k++;
            if (j >= len || s[j] != ':')
                break;
            j++;
        }
        if (k < 4)
            continue;
        int region = xp_is_region(f[2], fl[2]);
        int account = !foreign && xp_is_account(f[3], fl[3]);
        if (!region && !account)
            continue;
        int partition =
            fl[0] >= 3 && !memcmp(f[0], "aws", 3) && !memchr(f[0], SR_DYNREF_PLACEHOLDER, fl[0]);
        const char *parts = sr_arena_printf(
            ctx->arena, "%s%.*s%s%s%.*s%s%s%.*s", account ? "account " : "",
            account ? (int)fl[3] : 0, f[3], account && (region || partition) ? ", " : "",
            region ? "region " : "", region ? (int)fl[2] : 0, f[2], region && partition ? ", " : "",
            partition ? "partition " : "", partition ? (int)fl[0] : 0, f[0]);
        const char *subst = sr_arena_printf(
            ctx->arena, "%s%s%s%s%s", account ? "${AWS::AccountId}" : "",
            account && (region || partition) ? ", " : "", region ? "${AWS::Region}" : "",
            region && partition ? ", " : "", partition ? "${AWS::Partition}" : "");
        *out = sr_arena_printf(ctx->arena, "%s; write it with !Sub and %s", parts, subst);
        return 1;
    }
    return 0;
}

/*
 * foreign: the ARN names a resource another account publishes (a Lambda
 * layer), so only its Region is ours to parameterise.
 */
static void xp_arn_walk(struct sr_ctx *ctx, const struct sr_node *v, const char *where, int foreign,
                        int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    const char *what;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_SUB || in.fn == SR_FN_JOIN) {
            struct xp_flat f;
            xp_flatten(ctx, v, &f);
            if (xp_hardcoded_arn(ctx, f.s, f.len, foreign, &what))
                sr_report(ctx, v, "%s: ARN hard-codes %s", where, what);
            for (size_t i = 0; i < f.opaque.n; i++)
                if (f.opaque.v[i] != v)
                    xp_arn_walk(ctx, f.opaque.v[i], where, foreign, depth + 1);
        } else if (in.fn != SR_FN_REF && in.fn != SR_FN_GETATT) {
            xp_arn_walk(ctx, in.arg, where, foreign, depth + 1);
        }
        return;
    }
    if (v->kind == SR_SCALAR) {
        if (v->len > 20 && xp_hardcoded_arn(ctx, v->str, v->len, foreign, &what))
            sr_report(ctx, v, "%s: ARN hard-codes %s", where, what);
    } else if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            /* Principals name other accounts on purpose; a Serverless Application
             * Repository application is published under its owner's ARN. */
            if (k && (!strcmp(k, "Principal") || !strcmp(k, "NotPrincipal") ||
                      !strcmp(k, "ApplicationId")))
                continue;
            int layer = k && !strcmp(k, "Layers");
            xp_arn_walk(ctx, sr_map_val(v, i), where, foreign || layer, depth + 1);
        }
    } else if (v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            xp_arn_walk(ctx, sr_seq_item(v, i), where, foreign, depth + 1);
    }
}

static void sr312_check(struct sr_ctx *ctx)
{
    for (size_t i = 0; i < ctx->g->nres; i++) {
        const struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->node)
            continue;
        xp_arn_walk(ctx, sr_map_get(r->node, "Properties"),
                    xp_join(ctx, r->type ? r->type : "resource", " ", r->id), 0, 0);
    }
    const struct sr_node *outs = ctx->g->t.outputs;
    for (size_t i = 0; sr_is_map(outs) && i < outs->n; i++) {
        const char *name = sr_scalar(sr_map_key(outs, i));
        xp_arn_walk(ctx, sr_map_val(outs, i),
                    sr_arena_printf(ctx->arena, "output %s", name ? name : "?"), 0, 0);
    }
    if (ctx->g->t.globals)
        xp_arn_walk(ctx, ctx->g->t.globals, "Globals", 0, 0);
}

/* ======================================================================== */
/* Descriptors                                                              */
/* ======================================================================== */

static const struct sr_rule sr301 = {
    .id = "SR301",
    .title = "plaintext value in a property that holds a credential",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.3,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references-secretsmanager.html",
    .explain =
        "A property that holds a credential (a database master password, an ElastiCache "
        "AuthToken,\n"
        "a DMS endpoint password, an Amazon MQ user password, an OpenSearch master user password,\n"
        "a Directory Service password, connection credentials of AppFlow, Glue and EventBridge,\n"
        "and the others listed in schemas/credential-properties.json) is given as literal text,\n"
        "directly, through Fn::Sub or Fn::Join, or from Mappings. The value then sits in the\n"
        "repository, in every copy of the template and in the stack's template history.\n"
        "\n"
        "Values that come from a dynamic reference, a parameter or another resource are not\n"
        "reported here (a parameter without NoEcho is SR304, plain ssm is SR307).\n"
        "\n"
        "How to fix: create an AWS::SecretsManager::Secret with GenerateSecretString and use\n"
        "'{{resolve:secretsmanager:<secret>:SecretString:password}}'. For RDS, Aurora, Redshift "
        "and\n"
        "DocumentDB, let the service manage the password instead (ManageMasterUserPassword,\n"
        "ManageMasterPassword, ManageAdminPassword).\n"
        "\n"
        "Example:\n"
        "    Database:\n"
        "      Type: AWS::RDS::DBInstance\n"
        "      Properties:\n"
        "        MasterUserPassword: Sup3rS3cret!       # SR301\n"
        "    # fixed:\n"
        "        ManageMasterUserPassword: true\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references-secretsmanager.html\n",
    .check = sr301_check,
    .fixable = 1,
};

static const struct sr_rule sr302 = {
    .id = "SR302",
    .title = "credential-looking literal in environment variables",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "retrieving-secrets_lambda.html",
    .explain =
        "An environment variable of a Lambda or SAM function (Globals included), an ECS "
        "container,\n"
        "a Batch job, a CodeBuild project (PLAINTEXT variables) or an App Runner service holds a\n"
        "literal credential: its name ends in PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ...\n"
        "and its value is literal text that is not a name, ARN, path, URL, number or placeholder,\n"
        "or its value matches a known token format (AWS access key id, GitHub, Slack, Stripe,\n"
        "Google, JWT, private key, password in a URL). Environment variables are shown to anyone\n"
        "who can read the function or task configuration and are copied into every version.\n"
        "\n"
        "How to fix: store the value in Secrets Manager, pass the secret's ARN in the variable\n"
        "(for example DB_SECRET_ARN: !Ref DbSecret) and read the secret at run time with the SDK\n"
        "or the AWS Parameters and Secrets Lambda Extension. For ECS use the container's Secrets.\n"
        "\n"
        "Example:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        API_KEY: 9f8e7d6c5b4a39281706f5e4     # SR302\n"
        "        API_KEY_SECRET_ARN: !Ref ApiKeySecret # fine\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "retrieving-secrets_lambda.html\n",
    .check = sr302_check,
    .fixable = 1,
};

static const struct sr_rule sr303 = {
    .id = "SR303",
    .title = "credential pattern in the template",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html",
    .explain =
        "Text somewhere in the template matches a credential format: an AWS access key id\n"
        "(AKIA/ASIA...), a private key block, a GitHub, Slack, Stripe or Google token, a JSON Web\n"
        "Token, a password inside a URL (scheme://user:password@host), an AWS secret access key "
        "or\n"
        "a high-entropy value assigned to a password or token name in text such as UserData. A\n"
        "value under a credential-like key (ApiKey, ClientSecret, ...) is also reported when it "
        "has\n"
        "at least 12 characters of two or more classes and a Shannon entropy of at least 3.0 bits\n"
        "per character.\n"
        "\n"
        "Not reported: ARNs, UUIDs, hashes, S3 keys, `${...}` placeholders, dynamic references,\n"
        "AWS's documented example keys, and values already judged by SR301, SR302, SR304 or "
        "SR308.\n"
        "\n"
        "How to fix: revoke the credential (it is in the repository's history), store the new one\n"
        "in Secrets Manager and reference it.\n"
        "\n"
        "Example:\n"
        "    UserData: !Base64 |\n"
        "      export AWS_ACCESS_KEY_ID=AKIA...           # SR303: use an instance profile\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html\n",
    .check = sr303_check,
};

static const struct sr_rule sr304 = {
    .id = "SR304",
    .title = "NoEcho parameter with a Default, or credential parameter without NoEcho",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "parameters-section-structure.html",
    .explain =
        "Error: a parameter with NoEcho: true has a Default. The default is stored in the "
        "template\n"
        "in plain text, which defeats NoEcho.\n"
        "\n"
        "Warning: a String parameter whose name looks like a credential (DbPassword, ApiToken,\n"
        "ClientSecret, ...), or that feeds a credential property (SR301's table), has no NoEcho:\n"
        "true. Its value is then shown by the console, DescribeStacks and stack events.\n"
        "\n"
        "How to fix: set NoEcho: true and remove the Default; better, replace the parameter by a\n"
        "Secrets Manager secret and a dynamic reference. NoEcho does not hide a value that is\n"
        "copied into Outputs or Metadata (SR305).\n"
        "\n"
        "Example:\n"
        "    Parameters:\n"
        "      DbPassword:\n"
        "        Type: String\n"
        "        NoEcho: true\n"
        "        Default: hunter2          # SR304 (error)\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "parameters-section-structure.html\n",
    .check = sr304_check,
};

static const struct sr_rule sr305 = {
    .id = "SR305",
    .title = "secret value flows into Outputs or Metadata",
    .severity = SR_SEV_ERROR,
    .security_severity = 8.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "parameters-section-structure.html",
    .explain =
        "A value that must stay secret reaches an Output, the template Metadata or a resource's\n"
        "Metadata: a NoEcho parameter, a secretsmanager or ssm-secure dynamic reference, an\n"
        "attribute that returns a secret (AWS::IAM::AccessKey SecretAccessKey,\n"
        "AWS::Cognito::UserPoolClient ClientSecret, AWS::AppSync::ApiKey ApiKey), or an attribute\n"
        "that echoes such a value (AWS::SSM::Parameter Value). The path is followed through Ref,\n"
        "Fn::Sub, Fn::Join, Fn::If and the other functions and printed in the message.\n"
        "\n"
        "NoEcho masks a parameter only in DescribeStacks and stack events: CloudFormation shows\n"
        "Outputs and Metadata as they are. Secure dynamic references are not resolved there.\n"
        "\n"
        "How to fix: output the secret's ARN (!Ref Secret) instead of its value, and read\n"
        "values at run time. Do not put credentials into AWS::CloudFormation::Init.\n"
        "\n"
        "Example:\n"
        "    Outputs:\n"
        "      ConnectionString:\n"
        "        Value: !Sub postgres://admin:${DbPassword}@${Db.Endpoint.Address}   # SR305\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "parameters-section-structure.html\n",
    .check = sr305_check,
};

static const struct sr_rule sr306 = {
    .id = "SR306",
    .title = "malformed or misplaced dynamic reference",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "exposure,security",
    .source =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
    .explain =
        "A dynamic reference does not follow the grammar, or sits where CloudFormation does not\n"
        "resolve it:\n"
        "  {{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}\n"
        "  {{resolve:ssm:name:version}}   {{resolve:ssm-secure:name:version}}\n"
        "Reported: unknown service, empty secret id, a second segment other than SecretString, an\n"
        "incomplete ARN, too many segments (json-key, version-stage and version-id cannot contain\n"
        "':'), both version-stage and version-id, a non-numeric version, whitespace inside the\n"
        "braces (the text stays literal), a trailing backslash, no closing braces, and more than\n"
        "60 references in one template. References split across Fn::Join or Fn::Sub pieces are\n"
        "joined before they are checked.\n"
        "\n"
        "Placement: ssm-secure only in the properties that support it; secure references not in\n"
        "custom resources; no references in EC2 UserData (they are not resolved there); secret\n"
        "references only in resource properties (Outputs and Metadata are SR305); a property that\n"
        "expects a secret ARN (SecretArn, ...) given the secret's value instead.\n"
        "\n"
        "Example:\n"
        "    MasterUserPassword: '{{resolve:secretsmanager:Db:SecretString:password:AWSCURRENT:"
        "a1b2}}'\n"
        "    # SR306: version-stage and version-id both given\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html\n",
    .check = sr306_check,
};

static const struct sr_rule sr307 = {
    .id = "SR307",
    .title = "credential property fed from plain ssm",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references-ssm-secure-strings.html",
    .explain =
        "A credential property takes its value from '{{resolve:ssm:...}}' or from a parameter of\n"
        "type AWS::SSM::Parameter::Value<String>. Both read String parameters, which Parameter\n"
        "Store keeps unencrypted and shows to anyone with ssm:GetParameter.\n"
        "\n"
        "How to fix: keep the value in Secrets Manager ('{{resolve:secretsmanager:...}}'), or in "
        "a\n"
        "SecureString parameter referenced with '{{resolve:ssm-secure:...}}' where the property\n"
        "supports it.\n"
        "\n"
        "Example:\n"
        "    MasterUserPassword: '{{resolve:ssm:/db/password:1}}'             # SR307\n"
        "    MasterUserPassword: '{{resolve:secretsmanager:Db:SecretString:password}}'   # fine\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references-ssm-secure-strings.html\n",
    .check = sr307_check,
};

static const struct sr_rule sr308 = {
    .id = "SR308",
    .title = "secret with a literal SecretString",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-resource-secretsmanager-secret.html",
    .explain =
        "An AWS::SecretsManager::Secret is created with its value written in the template:\n"
        "SecretString is literal text, or a JSON document in which a credential key (password,\n"
        "token, apiKey, ...) or a high-entropy value is literal. Keys filled from parameters or\n"
        "references, and non-secret keys such as username, host and port, are fine.\n"
        "\n"
        "How to fix: let Secrets Manager generate the value (GenerateSecretString with\n"
        "SecretStringTemplate and GenerateStringKey), or create the secret empty and put its "
        "value\n"
        "outside the template.\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Properties:\n"
        "        SecretString: '{\"username\":\"admin\",\"password\":\"changeme1\"}'   # SR308\n"
        "    # fixed:\n"
        "        GenerateSecretString:\n"
        "          SecretStringTemplate: '{\"username\":\"admin\"}'\n"
        "          GenerateStringKey: password\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-resource-secretsmanager-secret.html\n",
    .check = sr308_check,
    .fixable = 1,
};

static const struct sr_rule sr309 = {
    .id = "SR309",
    .title = "secret not encrypted with a customer managed KMS key",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.0,
    .tags = "exposure,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    .explain =
        "The secret has no KmsKeyId, or names alias/aws/secretsmanager, so Secrets Manager\n"
        "encrypts it with the AWS managed key. That key's policy cannot be changed: access cannot\n"
        "be narrowed by key policy, and principals in other accounts can never decrypt the "
        "secret.\n"
        "\n"
        "How to fix: create an AWS::KMS::Key (with EnableKeyRotation: true) and set KmsKeyId to "
        "it;\n"
        "grant kms:Decrypt to the readers and kms:Decrypt plus kms:GenerateDataKey to the "
        "rotation\n"
        "function (SR205).\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Properties:\n"
        "        KmsKeyId: !Ref SecretKey\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html\n",
    .check = sr309_check,
};

static const struct sr_rule sr310 = {
    .id = "SR310",
    .title = "weak or inconsistent GenerateSecretString",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-properties-secretsmanager-secret-generatesecretstring.html",
    .explain =
        "Warning: the generated password is shorter than the policy minimum (min_password_length,\n"
        "default 32; PasswordLength defaults to 32), or its alphabet is so small that it carries\n"
        "less than 128 bits (length x log2 of the characters left after the Exclude* options and\n"
        "ExcludeCharacters).\n"
        "\n"
        "Error: SecretStringTemplate without GenerateStringKey or the reverse, a template that is\n"
        "not a JSON object, every character class excluded, or SecretString and\n"
        "GenerateSecretString both set.\n"
        "\n"
        "Example:\n"
        "    GenerateSecretString:\n"
        "      PasswordLength: 12             # SR310 (warning)\n"
        "      SecretStringTemplate: '{\"username\":\"app\"}'   # SR310 (error): no "
        "GenerateStringKey\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-properties-secretsmanager-secret-generatesecretstring.html\n",
    .check = sr310_check,
};

static const struct sr_rule sr311 = {
    .id = "SR311",
    .title = "secret without DeletionPolicy and UpdateReplacePolicy Retain",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-attribute-deletionpolicy.html",
    .explain =
        "Without DeletionPolicy: Retain, deleting the stack (or removing the resource) deletes "
        "the\n"
        "secret, and with it the only copy of a password that a database or a third party still\n"
        "expects. Without UpdateReplacePolicy: Retain, a change that replaces the secret (a new\n"
        "Name, for example) deletes the old one. Secrets have no Snapshot policy.\n"
        "\n"
        "How to fix: set both to Retain (DeletionPolicy may also be RetainExceptOnCreate).\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      DeletionPolicy: Retain\n"
        "      UpdateReplacePolicy: Retain\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-attribute-deletionpolicy.html\n",
    .check = sr311_check,
    .fixable = 1,
};

static const struct sr_rule sr312 = {
    .id = "SR312",
    .title = "hard-coded account id or region in an ARN",
    .severity = SR_SEV_WARNING,
    .security_severity = 2.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "pseudo-parameter-reference.html",
    .explain =
        "An ARN in a resource property, an output or Globals writes the account id or the Region\n"
        "literally (arn:aws:sns:us-east-1:123456789012:alerts). The template then works in one\n"
        "account and Region only and points at the wrong resource when deployed elsewhere. A\n"
        "literal partition is named too when one of the two is reported. ARNs under Principal are\n"
        "not reported: they name other accounts on purpose.\n"
        "\n"
        "How to fix: build the ARN with !Sub and the pseudo parameters ${AWS::Partition},\n"
        "${AWS::Region} and ${AWS::AccountId}, or take it from a parameter.\n"
        "\n"
        "Example:\n"
        "    TopicArn: arn:aws:sns:us-east-1:123456789012:alerts                          # SR312\n"
        "    TopicArn: !Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "pseudo-parameter-reference.html\n",
    .check = sr312_check,
    .fixable = 1,
};

static const struct sr_rule sr313 = {
    .id = "SR313",
    .title = "replica Region without its own KMS key",
    .severity = SR_SEV_WARNING,
    .security_severity = 4.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "create-manage-multi-region-secrets.html",
    .explain =
        "The secret uses a customer managed key, but an entry of ReplicaRegions has no KmsKeyId.\n"
        "KMS keys are Regional, so that replica is encrypted with the AWS managed key of its\n"
        "Region: the protection chosen for the primary does not carry over.\n"
        "\n"
        "How to fix: give every replica a KmsKeyId of a customer managed key in its Region (a\n"
        "multi-Region key replica, for example).\n"
        "\n"
        "Example:\n"
        "    KmsKeyId: !Ref SecretKey\n"
        "    ReplicaRegions:\n"
        "      - Region: eu-west-1            # SR313\n"
        "      - Region: eu-central-1\n"
        "        KmsKeyId: alias/secrets-replica\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "create-manage-multi-region-secrets.html\n",
    .check = sr313_check,
};

static const struct sr_rule sr314 = {
    .id = "SR314",
    .title = "rotating secret frozen into plain text at deploy time",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "retrieving-secrets_lambda.html",
    .explain =
        "A '{{resolve:secretsmanager:...}}' reference to a secret that rotates (it has a\n"
        "RotationSchedule, or RDS manages it) is placed where the resolved value is copied once "
        "at\n"
        "deploy time and shown in plain text: a function's or container's environment variables\n"
        "(Lambda, SAM, ECS, Batch, CodeBuild, App Runner) or resource tags. CloudFormation\n"
        "resolves the reference only when the resource is updated, so after the next rotation the\n"
        "consumer keeps the old, invalid value; meanwhile anyone who can read the configuration\n"
        "reads the secret. (EC2 UserData does not resolve references at all: SR306.) A database\n"
        "master password fed from the secret attached to it is not this case.\n"
        "\n"
        "How to fix: pass the secret's ARN (!Ref Secret) and read the value at run time (SDK, the\n"
        "AWS Parameters and Secrets Lambda Extension, or ECS container Secrets).\n"
        "\n"
        "Example:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        DB_PASSWORD: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'"
        "  # SR314\n"
        "        DB_SECRET_ARN: !Ref DbSecret                                                  "
        "  # fine\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "retrieving-secrets_lambda.html\n",
    .check = sr314_check,
    .fixable = 1,
};

const struct sr_rule *const sr_rules_exposure[] = {
    &sr301, &sr302, &sr303, &sr304, &sr305, &sr306, &sr307, &sr308,
    &sr309, &sr310, &sr311, &sr312, &sr313, &sr314, NULL,
};
