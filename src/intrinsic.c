/*
 * intrinsic.c - recognises intrinsic functions in both spellings, splits
 * Fn::GetAtt arguments and parses Fn::Sub strings.
 */
#include "intrinsic.h"

#include <string.h>

int sr_intrinsic_get_slow(const struct sr_node *n, struct sr_intrinsic *out)
{
    memset(out, 0, sizeof(*out));
    n = sr_deref(n);
    if (!n)
        return 0;
    /* The loader classified the node; a node built elsewhere is classified
     * here. */
    unsigned c = n->fn ? n->fn : sr_node_classify(n);
    enum sr_fn fn = (enum sr_fn)(c & SR_FNC_FN);
    if (fn == SR_FN_NONE)
        return 0;
    out->fn = fn;
    out->at = n;
    if (c & SR_FNC_SHORT) {
        out->name = sr_fn_name(fn);
        out->short_form = 1;
        /* The tag sits on the argument itself: `!Ref X` tags the scalar X. */
        out->arg = n;
        return 1;
    }
    out->name = fn == SR_FN_UNKNOWN ? sr_node_str(sr_deref(n->items[0])) : sr_fn_name(fn);
    out->key = n->items[0];
    out->arg = sr_deref(n->items[1]);
    return 1;
}

int sr_getatt_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_getatt *out)
{
    return sr_getatt_parse_in(a, NULL, in, out);
}

int sr_getatt_parse_in(struct sr_arena *a, struct sr_strtab *texts, const struct sr_intrinsic *in,
                       struct sr_getatt *out)
{
    memset(out, 0, sizeof(*out));
    const struct sr_node *arg = sr_deref(in->arg);
    if (!arg)
        return -1;
    if (arg->kind == SR_SCALAR) {
        const char *dot = strchr(sr_node_str(arg), '.');
        if (!dot || dot == sr_node_str(arg) || dot[1] == '\0')
            return -1;
        size_t rlen = (size_t)(dot - sr_node_str(arg));
        out->resource = texts ? sr_strtab_intern(texts, a, sr_node_str(arg), rlen)
                              : sr_arena_strndup(a, sr_node_str(arg), rlen);
        out->attr = dot + 1;
        out->res_node = arg;
        out->attr_node = arg;
        return 0;
    }
    if (arg->kind == SR_SEQ && arg->n == 2) {
        const struct sr_node *r = sr_seq_item(arg, 0);
        const struct sr_node *t = sr_seq_item(arg, 1);
        if (!r || r->kind != SR_SCALAR || r->tag || !t)
            return -1;
        out->resource = sr_node_str(r);
        out->res_node = r;
        if (t->kind == SR_SCALAR && !t->tag) {
            out->attr = sr_node_str(t);
            out->attr_node = t;
        } else {
            struct sr_intrinsic ti;
            if (!sr_intrinsic_get(t, &ti) || ti.fn != SR_FN_REF)
                return -1;
            out->attr = NULL; /* computed from a parameter */
        }
        return 0;
    }
    return -1;
}

static void sr_sub_add(struct sr_arena *a, struct sr_strtab *texts, struct sr_sub_part **parts,
                       size_t *n, size_t *cap, enum sr_sub_kind kind, const char *text, size_t tlen,
                       const char *attr, size_t alen, size_t offset, size_t span)
{
    if (!a) { /* only checked */
        (*n)++;
        return;
    }
    *parts = sr_arena_grow(a, *parts, *n, *n + 1, cap, sizeof(**parts), 8);
    struct sr_sub_part *p = &(*parts)[(*n)++];
    p->kind = kind;
    p->text = texts ? sr_strtab_intern(texts, a, text, tlen) : sr_arena_strndup(a, text, tlen);
    p->attr = !attr   ? NULL
              : texts ? sr_strtab_intern(texts, a, attr, alen)
                      : sr_arena_strndup(a, attr, alen);
    p->offset = offset;
    p->len = span;
}

static int sr_sub_parse_in(struct sr_arena *a, struct sr_strtab *texts, const char *s, size_t len,
                           struct sr_sub_part **parts, size_t *nparts, size_t *err_offset)
{
    size_t n = 0, cap = 1, i = 0, text_start = 0;
    /* At most a text before each "${", the variable, and a text at the
     * end: the parts array is made once, at its size. */
    for (size_t k = 0; k + 1 < len; k++)
        if (s[k] == '$' && s[k + 1] == '{')
            cap += 2;
    *parts = a ? sr_arena_alloc(a, cap * sizeof(**parts)) : NULL;
    while (i < len) {
        if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
            size_t close = i + 2;
            while (close < len && s[close] != '}')
                close++;
            if (close >= len) {
                *err_offset = i;
                return -1;
            }
            if (i > text_start)
                sr_sub_add(a, texts, parts, &n, &cap, SR_SUB_TEXT, s + text_start, i - text_start,
                           NULL, 0, text_start, i - text_start);
            const char *body = s + i + 2;
            size_t blen = close - i - 2;
            if (blen > 0 && body[0] == '!') {
                /* ${!Literal} is the text "${Literal}" */
                char *lit = a ? sr_arena_printf(a, "${%.*s}", (int)(blen - 1), body + 1) : NULL;
                sr_sub_add(a, texts, parts, &n, &cap, SR_SUB_TEXT, lit, lit ? strlen(lit) : 0, NULL,
                           0, i, close + 1 - i);
            } else {
                /* trim spaces around the name, as CloudFormation does */
                size_t b0 = 0, b1 = blen;
                while (b0 < b1 && body[b0] == ' ')
                    b0++;
                while (b1 > b0 && body[b1 - 1] == ' ')
                    b1--;
                if (b0 == b1) {
                    *err_offset = i;
                    return -1;
                }
                const char *name = body + b0;
                size_t nlen = b1 - b0;
                const char *dot = memchr(name, '.', nlen);
                if (dot)
                    sr_sub_add(a, texts, parts, &n, &cap, SR_SUB_VAR, name, (size_t)(dot - name),
                               dot + 1, nlen - (size_t)(dot - name) - 1, i, close + 1 - i);
                else
                    sr_sub_add(a, texts, parts, &n, &cap, SR_SUB_VAR, name, nlen, NULL, 0, i,
                               close + 1 - i);
            }
            i = close + 1;
            text_start = i;
            continue;
        }
        i++;
    }
    if (len > text_start)
        sr_sub_add(a, texts, parts, &n, &cap, SR_SUB_TEXT, s + text_start, len - text_start, NULL,
                   0, text_start, len - text_start);
    *nparts = n;
    return 0;
}

int sr_sub_parse_string(struct sr_arena *a, const char *s, size_t len, struct sr_sub_part **parts,
                        size_t *nparts, size_t *err_offset)
{
    return sr_sub_parse_in(a, NULL, s, len, parts, nparts, err_offset);
}

int sr_sub_parse_shared(struct sr_arena *a, struct sr_strtab *texts, const struct sr_intrinsic *in,
                        struct sr_sub *out)
{
    memset(out, 0, sizeof(*out));
    const struct sr_node *arg = sr_deref(in->arg);
    if (!arg)
        return -1;
    if (arg->kind == SR_SEQ) {
        if (arg->n != 2)
            return -1;
        out->string = sr_seq_item(arg, 0);
        out->vars = sr_seq_item(arg, 1);
        if (!out->vars || out->vars->kind != SR_MAP)
            return -1;
    } else {
        out->string = arg;
    }
    if (!out->string || out->string->kind != SR_SCALAR)
        return -1;
    size_t eo;
    return sr_sub_parse_in(a, texts, sr_node_str(out->string), sr_node_len(out->string),
                           &out->parts, &out->nparts, &eo);
}

int sr_sub_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_sub *out)
{
    return sr_sub_parse_shared(a, NULL, in, out);
}
