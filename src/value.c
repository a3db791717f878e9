/*
 * value.c - flattening template values and walking to them (value.h).
 */
#include "value.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dynref.h"
#include "intrinsic.h"

static void sr_flat_put(struct sr_arena *a, struct sr_flat *f, const char *s, size_t n)
{
    if (f->len + n + 1 > SR_FLAT_MAX)
        n = f->len + 1 < SR_FLAT_MAX ? SR_FLAT_MAX - f->len - 1 : 0;
    f->s = sr_arena_grow(a, f->s, f->len, f->len + n + 1, &f->cap, 1, 32);
    if (n)
        memcpy(f->s + f->len, s, n);
    f->len += n;
    f->s[f->len] = 0;
}

static void sr_flat_ref(struct sr_arena *a, struct sr_flat *f, const struct sr_val *v)
{
    if (f->len + 2 > SR_FLAT_MAX)
        return;
    f->refs = sr_arena_grow(a, f->refs, f->nrefs, f->nrefs + 1, &f->rcap, sizeof(*f->refs), 2);
    f->refs[f->nrefs].off = f->len;
    f->refs[f->nrefs].val = *v;
    f->nrefs++;
    char ph = SR_DYNREF_PLACEHOLDER;
    sr_flat_put(a, f, &ph, 1);
}

static void sr_flat_computed(struct sr_arena *a, struct sr_flat *f, const struct sr_node *v,
                             const struct sr_node *opaque)
{
    struct sr_val val;
    memset(&val, 0, sizeof(val));
    val.kind = SR_VAL_COMPUTED;
    val.at = v;
    sr_flat_ref(a, f, &val);
    if (opaque)
        sr_ptrvec_push(a, &f->opaque, (void *)opaque);
}

static void sr_flatten_rec(struct sr_arena *a, const struct sr_graph *g, struct sr_flat *f,
                           const struct sr_node *v, int depth)
{
    v = sr_deref(v);
    if (!v)
        return;
    if (depth > SR_VALUE_MAX_DEPTH) {
        sr_ptrvec_push(a, &f->opaque, (void *)v);
        return;
    }
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in)) {
        if (v->kind == SR_SCALAR) {
            sr_flat_put(a, f, sr_node_str(v), sr_node_len(v));
            f->text = f->text || sr_node_len(v) > 0;
        } else {
            sr_flat_computed(a, f, v, v);
        }
        return;
    }
    switch (in.fn) {
    case SR_FN_REF:
    case SR_FN_GETATT: {
        struct sr_val val;
        sr_graph_value(g, v, &val);
        sr_flat_ref(a, f, &val);
        return;
    }
    case SR_FN_SUB: {
        struct sr_sub sub;
        if ((g ? sr_graph_sub(g, &in, &sub) : sr_sub_parse(a, &in, &sub)) < 0) {
            sr_flat_computed(a, f, v, NULL);
            return;
        }
        for (size_t i = 0; i < sub.nparts; i++) {
            const struct sr_sub_part *p = &sub.parts[i];
            if (p->kind == SR_SUB_TEXT) {
                sr_flat_put(a, f, p->text, strlen(p->text));
                f->text = f->text || p->text[0];
                continue;
            }
            const struct sr_node *local = sub.vars ? sr_map_get(sub.vars, p->text) : NULL;
            if (local && !p->attr) {
                sr_flatten_rec(a, g, f, local, depth + 1);
                continue;
            }
            struct sr_val val;
            memset(&val, 0, sizeof(val));
            val.name = p->text;
            val.attr = p->attr;
            val.at = sub.string;
            val.kind = sr_graph_name_kind(g, p->text, &val.res);
            sr_flat_ref(a, f, &val);
        }
        return;
    }
    case SR_FN_JOIN: {
        const struct sr_node *delim = sr_seq_item(in.arg, 0);
        const struct sr_node *list = sr_seq_item(in.arg, 1);
        if (!sr_is_scalar(delim) || !sr_is_seq(list)) {
            sr_flat_computed(a, f, v, list);
            return;
        }
        const struct sr_node *d = sr_deref(delim);
        list = sr_deref(list);
        for (size_t i = 0; i < list->n; i++) {
            if (i && sr_node_len(d)) {
                sr_flat_put(a, f, sr_node_str(d), sr_node_len(d));
                f->text = 1;
            }
            sr_flatten_rec(a, g, f, sr_seq_item(list, i), depth + 1);
        }
        return;
    }
    case SR_FN_BASE64:
        /* !Base64 text: the tag sits on its argument, the text itself
         * (flattening in.arg would find the tag again). */
        if (in.arg == v && v->kind == SR_SCALAR) {
            sr_flat_put(a, f, sr_node_str(v), sr_node_len(v));
            f->text = f->text || sr_node_len(v) > 0;
        } else if (in.arg == v) {
            sr_flat_computed(a, f, v, NULL);
        } else {
            sr_flatten_rec(a, g, f, in.arg, depth + 1);
        }
        return;
    default:
        sr_flat_computed(a, f, v, v);
        return;
    }
}

void sr_flatten(struct sr_arena *a, const struct sr_graph *g, const struct sr_node *v,
                struct sr_flat *out)
{
    memset(out, 0, sizeof(*out));
    const struct sr_node *d = sr_deref(v);
    struct sr_intrinsic in;
    if (d && d->kind == SR_SCALAR && sr_node_len(d) + 1 <= SR_FLAT_MAX &&
        !sr_intrinsic_get(d, &in)) {
        /* Literal text is its own flat text: no copy (cap 0, so that
         * nothing could write into the node's string). */
        out->s = (char *)sr_node_str(d);
        out->len = sr_node_len(d);
        out->text = sr_node_len(d) > 0;
        return;
    }
    struct sr_graph_memo *memo = g && g->memo && g->memo->flat_ready && d ? g->memo : NULL;
    if (memo) {
        const struct sr_flat *hit = sr_ptrmap_get(&memo->flat, d);
        if (hit) {
            *out = *hit;
            return;
        }
        a = g->arena; /* kept as long as the graph */
    }
    /* Built on the stack, then stored at its size: most flat texts are
     * short, with a reference or two, and growing them in the arena would
     * leave each smaller copy behind. What outgrows the stack grows in the
     * arena as before. */
    char text[256];
    struct sr_flat_ref refs[4];
    out->s = text;
    out->cap = sizeof(text);
    out->refs = refs;
    out->rcap = sizeof(refs) / sizeof(refs[0]);
    sr_flat_put(a, out, "", 0);
    sr_flatten_rec(a, g, out, v, 0);
    if (out->s == text) {
        out->s = sr_arena_strndup(a, text, out->len);
        out->cap = out->len + 1;
    }
    if (out->refs == refs) {
        struct sr_flat_ref *kept =
            out->nrefs ? sr_arena_alloc(a, out->nrefs * sizeof(*kept)) : NULL;
        if (kept)
            memcpy(kept, out->refs, out->nrefs * sizeof(*kept));
        out->refs = kept;
        out->rcap = out->nrefs;
    }
    if (memo) {
        struct sr_flat *keep = sr_arena_alloc(a, sizeof(*keep));
        *keep = *out;
        sr_ptrmap_put(a, &memo->flat, d, keep);
    }
}

void sr_flatten_literal(struct sr_arena *a, const struct sr_node *v, struct sr_flat *out)
{
    memset(out, 0, sizeof(*out));
    sr_flat_put(a, out, "", 0);
    v = sr_deref(v);
    if (v && v->kind == SR_SCALAR) {
        sr_flat_put(a, out, sr_node_str(v), sr_node_len(v));
        out->text = sr_node_len(v) > 0;
    }
}

const struct sr_flat_ref *sr_flat_ref_at(const struct sr_flat *f, size_t off)
{
    size_t lo = 0, hi = f->nrefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->refs[mid].off == off)
            return &f->refs[mid];
        if (f->refs[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int sr_flat_is_one_ref(const struct sr_flat *f)
{
    return f->nrefs == 1 && !f->text && f->opaque.n == 0;
}

int sr_is_novalue(const struct sr_node *v)
{
    struct sr_intrinsic in;
    return sr_intrinsic_get(v, &in) && in.fn == SR_FN_REF && sr_scalar_eq(in.arg, "AWS::NoValue");
}

int sr_is_literal(const struct sr_node *v)
{
    struct sr_intrinsic in;
    v = sr_deref(v);
    return v && v->kind == SR_SCALAR && !sr_intrinsic_get(v, &in);
}

static void sr_branch_rec(const struct sr_node *v, sr_value_fn fn, void *arg, int depth)
{
    struct sr_intrinsic in;
    v = sr_deref(v);
    if (!v || depth > SR_VALUE_MAX_DEPTH || sr_is_novalue(v))
        return;
    if (sr_intrinsic_get(v, &in) && in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        sr_branch_rec(sr_seq_item(in.arg, 1), fn, arg, depth + 1);
        sr_branch_rec(sr_seq_item(in.arg, 2), fn, arg, depth + 1);
        return;
    }
    fn(arg, v);
}

void sr_each_branch(const struct sr_node *v, sr_value_fn fn, void *arg)
{
    sr_branch_rec(v, fn, arg, 0);
}

const struct sr_node *sr_value_key(const struct sr_node *n)
{
    const struct sr_node *p = n ? n->parent : NULL;
    if (!p || p->kind != SR_MAP)
        return NULL;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[2 * i + 1] == n)
            return p->items[2 * i];
    return NULL;
}

const char *sr_value_sub_string(const struct sr_node *v)
{
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in) || in.fn != SR_FN_SUB || !in.arg || in.arg->kind != SR_SCALAR)
        return NULL;
    return sr_node_str(in.arg);
}

int sr_value_under_key(const struct sr_node *n, const char *key)
{
    for (int d = 0; n && d < SR_MAX_DEPTH; d++, n = n->parent) {
        const struct sr_node *k = sr_value_key(n);
        if (k && sr_scalar_eq(k, key))
            return 1;
    }
    return 0;
}

const char *sr_str_join(struct sr_arena *a, const char *x, const char *sep, const char *y)
{
    size_t la = strlen(x), ls = strlen(sep), lb = strlen(y);
    char *p = sr_arena_alloc(a, la + ls + lb + 1);
    memcpy(p, x, la);
    memcpy(p + la, sep, ls);
    memcpy(p + la + ls, y, lb);
    p[la + ls + lb] = '\0';
    return p;
}

struct sr_pathwalk {
    struct sr_arena *a;
    char **segs;
    size_t nseg;
    sr_place_fn fn;
    void *arg;
};

static void sr_walk_segs(const struct sr_pathwalk *w, const struct sr_node *n, size_t i,
                         const char *path, const struct sr_node *key, int depth)
{
    struct sr_intrinsic in;
    n = sr_deref(n);
    if (!n || depth > SR_VALUE_MAX_DEPTH || sr_is_novalue(n))
        return;
    if (sr_intrinsic_get(n, &in) && in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        sr_walk_segs(w, sr_seq_item(in.arg, 1), i, path, key, depth + 1);
        sr_walk_segs(w, sr_seq_item(in.arg, 2), i, path, key, depth + 1);
        return;
    }
    if (i == w->nseg) {
        w->fn(w->arg, n, path, key);
        return;
    }
    const char *seg = w->segs[i];
    if (!strcmp(seg, "[]")) {
        if (!sr_is_seq(n))
            return;
        for (size_t k = 0; k < n->n; k++) {
            char idx[32];
            snprintf(idx, sizeof(idx), "[%zu]", k);
            sr_walk_segs(w, sr_seq_item(n, k), i + 1, sr_str_join(w->a, path, "", idx), key,
                         depth + 1);
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
        const char *p = path[0] ? sr_str_join(w->a, path, ".", ks) : ks;
        sr_walk_segs(w, sr_map_val(n, k), i + 1, p, kn, depth + 1);
    }
}

void sr_walk_path(struct sr_arena *a, const struct sr_node *props, const char *pattern,
                  sr_place_fn fn, void *arg)
{
    char *segs[32];
    size_t nseg = 0;
    char *copy = sr_arena_strdup(a, pattern);
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
    struct sr_pathwalk w = {a, segs, nseg, fn, arg};
    sr_walk_segs(&w, props, 0, "", NULL, 0);
}

/* parts[np-1] / ... / parts[0] in the arena (parts are collected leaf first). */
static const char *sr_parts_join(struct sr_arena *a, const char *const *parts, size_t np)
{
    size_t len = 1;
    for (size_t i = 0; i < np; i++)
        len += strlen(parts[i]) + 1;
    char *s = sr_arena_alloc(a, len);
    size_t w = 0;
    for (size_t i = np; i-- > 0;) {
        size_t l = strlen(parts[i]);
        memcpy(s + w, parts[i], l);
        w += l;
        if (i)
            s[w++] = '/';
    }
    s[w] = '\0';
    return s;
}

/*
 * The position of c among the items of p (a pair index for a mapping):
 * items are in document order, so a binary search on their offsets finds
 * it in a Resources mapping of thousands of keys without a scan; a node out
 * of order (a merge) falls back to the scan. SIZE_MAX when c is not there.
 */
static size_t sr_child_index(const struct sr_node *p, const struct sr_node *c)
{
    size_t stride = p->kind == SR_MAP ? 2 : 1, lo = 0, hi = p->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->items[stride * mid]->start <= c->start)
            lo = mid;
        else
            hi = mid;
    }
    for (size_t k = 0; p->n && k < stride; k++)
        if (p->items[stride * lo + k] == c)
            return lo;
    for (size_t i = 0; i < p->n; i++)
        for (size_t k = 0; k < stride; k++)
            if (p->items[stride * i + k] == c)
                return i;
    return SIZE_MAX;
}

const char *sr_value_path(struct sr_arena *a, const struct sr_node *n, int mark_keys)
{
    if (!n)
        return "";
    const char *parts[64] = {0};
    size_t np = 0;
    for (const struct sr_node *c = n; c && c->parent && np < 64; c = c->parent) {
        const struct sr_node *p = c->parent;
        const char *part = "?";
        size_t i = sr_child_index(p, c);
        if (i != SIZE_MAX && p->kind == SR_MAP) {
            const char *k = sr_scalar_or(p->items[2 * i], "?");
            part = p->items[2 * i] == c && mark_keys ? sr_arena_printf(a, "%s:key", k) : k;
        } else if (i != SIZE_MAX) {
            part = sr_arena_printf(a, "[%zu]", i);
        }
        parts[np++] = part;
    }
    return sr_parts_join(a, parts, np);
}

const char *sr_value_prop_path(struct sr_arena *a, const struct sr_node *props,
                               const struct sr_node *n)
{
    const char *parts[64];
    size_t np = 0;
    for (const struct sr_node *c = n; c && c != props && c->parent && np < 64; c = c->parent) {
        const struct sr_node *p = c->parent;
        const char *part = NULL;
        if (p->kind == SR_MAP) {
            for (size_t i = 0; i < p->n && !part; i++)
                if (p->items[2 * i + 1] == c)
                    part = sr_scalar_or(p->items[2 * i], "?");
        } else if (p->kind == SR_SEQ) {
            part = "[]";
        }
        struct sr_intrinsic in;
        if (!part || (p->kind == SR_MAP && sr_intrinsic_get(p, &in)))
            continue; /* inside an intrinsic's arguments: a value of the key above */
        parts[np++] = part;
    }
    return sr_parts_join(a, parts, np);
}
