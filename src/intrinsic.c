/*
 * intrinsic.c - recognises intrinsic functions in both spellings, splits
 * Fn::GetAtt arguments and parses Fn::Sub strings.
 */
#include "intrinsic.h"

#include <string.h>

/* The entries of sr_fns, in its order (sr_fn_from_tag indexes it). */
enum {
    SR_I_REF,
    SR_I_GETATT,
    SR_I_SUB,
    SR_I_JOIN,
    SR_I_SELECT,
    SR_I_SPLIT,
    SR_I_IF,
    SR_I_EQUALS,
    SR_I_AND,
    SR_I_OR,
    SR_I_NOT,
    SR_I_FINDINMAP,
    SR_I_GETAZS,
    SR_I_IMPORTVALUE,
    SR_I_BASE64,
    SR_I_CIDR,
    SR_I_CONDITION,
    SR_I_TRANSFORM,
    SR_I_TOJSONSTRING,
    SR_I_LENGTH,
    SR_I_CONTAINS,
    SR_I_EACHMEMBEREQUALS,
    SR_I_EACHMEMBERIN,
    SR_I_REFALL,
    SR_I_VALUEOF,
    SR_I_VALUEOFALL,
};

static const struct {
    enum sr_fn fn;
    const char *name; /* long name */
    const char *tag;  /* short tag */
} sr_fns[] = {
    {SR_FN_REF, "Ref", "!Ref"},
    {SR_FN_GETATT, "Fn::GetAtt", "!GetAtt"},
    {SR_FN_SUB, "Fn::Sub", "!Sub"},
    {SR_FN_JOIN, "Fn::Join", "!Join"},
    {SR_FN_SELECT, "Fn::Select", "!Select"},
    {SR_FN_SPLIT, "Fn::Split", "!Split"},
    {SR_FN_IF, "Fn::If", "!If"},
    {SR_FN_EQUALS, "Fn::Equals", "!Equals"},
    {SR_FN_AND, "Fn::And", "!And"},
    {SR_FN_OR, "Fn::Or", "!Or"},
    {SR_FN_NOT, "Fn::Not", "!Not"},
    {SR_FN_FINDINMAP, "Fn::FindInMap", "!FindInMap"},
    {SR_FN_GETAZS, "Fn::GetAZs", "!GetAZs"},
    {SR_FN_IMPORTVALUE, "Fn::ImportValue", "!ImportValue"},
    {SR_FN_BASE64, "Fn::Base64", "!Base64"},
    {SR_FN_CIDR, "Fn::Cidr", "!Cidr"},
    {SR_FN_CONDITION, "Condition", "!Condition"},
    {SR_FN_TRANSFORM, "Fn::Transform", "!Transform"},
    {SR_FN_TOJSONSTRING, "Fn::ToJsonString", "!ToJsonString"},
    {SR_FN_LENGTH, "Fn::Length", "!Length"},
    {SR_FN_CONTAINS, "Fn::Contains", "!Contains"},
    {SR_FN_EACHMEMBEREQUALS, "Fn::EachMemberEquals", "!EachMemberEquals"},
    {SR_FN_EACHMEMBERIN, "Fn::EachMemberIn", "!EachMemberIn"},
    {SR_FN_REFALL, "Fn::RefAll", "!RefAll"},
    {SR_FN_VALUEOF, "Fn::ValueOf", "!ValueOf"},
    {SR_FN_VALUEOFALL, "Fn::ValueOfAll", "!ValueOfAll"},
};

#define SR_NFNS (sizeof(sr_fns) / sizeof(sr_fns[0]))
_Static_assert(SR_NFNS == SR_I_VALUEOFALL + 1, "sr_fns and its index enum differ");

int sr_fn_rules_only(enum sr_fn fn)
{
    return fn >= SR_FN_CONTAINS && fn <= SR_FN_VALUEOFALL;
}

/* sr_fns lists the functions in the order of enum sr_fn, from SR_FN_REF. */
_Static_assert(SR_FN_REF == 1 && SR_FN_VALUEOFALL == SR_NFNS && SR_FN_UNKNOWN == SR_NFNS + 1,
               "sr_fns and enum sr_fn differ");
_Static_assert(SR_FN_UNKNOWN <= SR_FNC_FN, "enum sr_fn does not fit the node's byte");

const char *sr_fn_name(enum sr_fn fn)
{
    if (fn >= SR_FN_REF && fn <= SR_FN_VALUEOFALL)
        return sr_fns[fn - 1].name;
    return "Fn::?";
}

enum sr_fn sr_fn_from_tag(const char *tag)
{
    if (!tag || tag[0] != '!')
        return SR_FN_NONE;
    /* Called on every walk of every tagged node: the tag's first letter
     * leaves one to three entries of the table to compare (the table is
     * short and fixed, so the index is written out). */
    unsigned char c[3] = {0, 0, 0}; /* 1 + an index of sr_fns, 0: none */
    switch (tag[1]) {
    case 'A':
        c[0] = 1 + SR_I_AND;
        break;
    case 'B':
        c[0] = 1 + SR_I_BASE64;
        break;
    case 'C':
        c[0] = 1 + SR_I_CIDR, c[1] = 1 + SR_I_CONDITION, c[2] = 1 + SR_I_CONTAINS;
        break;
    case 'E':
        c[0] = 1 + SR_I_EQUALS, c[1] = 1 + SR_I_EACHMEMBEREQUALS, c[2] = 1 + SR_I_EACHMEMBERIN;
        break;
    case 'F':
        c[0] = 1 + SR_I_FINDINMAP;
        break;
    case 'G':
        c[0] = 1 + SR_I_GETATT, c[1] = 1 + SR_I_GETAZS;
        break;
    case 'I':
        c[0] = 1 + SR_I_IF, c[1] = 1 + SR_I_IMPORTVALUE;
        break;
    case 'J':
        c[0] = 1 + SR_I_JOIN;
        break;
    case 'L':
        c[0] = 1 + SR_I_LENGTH;
        break;
    case 'N':
        c[0] = 1 + SR_I_NOT;
        break;
    case 'O':
        c[0] = 1 + SR_I_OR;
        break;
    case 'R':
        c[0] = 1 + SR_I_REF, c[1] = 1 + SR_I_REFALL;
        break;
    case 'S':
        c[0] = 1 + SR_I_SUB, c[1] = 1 + SR_I_SELECT, c[2] = 1 + SR_I_SPLIT;
        break;
    case 'T':
        c[0] = 1 + SR_I_TRANSFORM, c[1] = 1 + SR_I_TOJSONSTRING;
        break;
    case 'V':
        c[0] = 1 + SR_I_VALUEOF, c[1] = 1 + SR_I_VALUEOFALL;
        break;
    default:
        return SR_FN_NONE;
    }
    for (size_t k = 0; k < 3 && c[k]; k++)
        if (strcmp(sr_fns[c[k] - 1].tag, tag) == 0)
            return sr_fns[c[k] - 1].fn;
    return SR_FN_NONE;
}

enum sr_fn sr_fn_from_key(const char *key)
{
    /* Most keys are property names: reject them on the first bytes. */
    if (!key)
        return SR_FN_NONE;
    if (key[0] == 'R')
        return strcmp(key, "Ref") == 0 ? SR_FN_REF : SR_FN_NONE;
    if (key[0] == 'C')
        return strcmp(key, "Condition") == 0 ? SR_FN_CONDITION : SR_FN_NONE;
    if (key[0] != 'F' || strncmp(key, "Fn::", 4) != 0)
        return SR_FN_NONE;
    for (size_t i = 0; i < SR_NFNS; i++)
        if (sr_fns[i].name[0] == 'F' && sr_fns[i].name[4] == key[4] &&
            strcmp(sr_fns[i].name, key) == 0)
            return sr_fns[i].fn;
    if (strncmp(key, "Fn::", 4) == 0)
        return SR_FN_UNKNOWN;
    return SR_FN_NONE;
}

unsigned sr_intrinsic_classify(const struct sr_node *n)
{
    if (!n || n->kind == SR_ALIAS)
        return 0;
    if (n->tag && n->tag[0] == '!' && n->tag[1] != '!') {
        enum sr_fn fn = sr_fn_from_tag(n->tag);
        return SR_FNC_SET | (fn == SR_FN_NONE ? 0 : SR_FNC_SHORT | (unsigned)fn);
    }
    if (n->kind != SR_MAP || n->n != 1)
        return SR_FNC_SET;
    const struct sr_node *k = sr_deref(n->items[0]);
    if (!k || k->kind != SR_SCALAR)
        return SR_FNC_SET;
    return SR_FNC_SET | (unsigned)sr_fn_from_key(k->str);
}

int sr_intrinsic_get(const struct sr_node *n, struct sr_intrinsic *out)
{
    memset(out, 0, sizeof(*out));
    n = sr_deref(n);
    if (!n)
        return 0;
    /* The loader classified the node; a node built elsewhere is classified
     * here. */
    unsigned c = n->fn ? n->fn : sr_intrinsic_classify(n);
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
    out->name = fn == SR_FN_UNKNOWN ? sr_deref(n->items[0])->str : sr_fn_name(fn);
    out->key = n->items[0];
    out->arg = sr_deref(n->items[1]);
    return 1;
}

int sr_getatt_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_getatt *out)
{
    memset(out, 0, sizeof(*out));
    const struct sr_node *arg = sr_deref(in->arg);
    if (!arg)
        return -1;
    if (arg->kind == SR_SCALAR) {
        const char *dot = strchr(arg->str, '.');
        if (!dot || dot == arg->str || dot[1] == '\0')
            return -1;
        out->resource = sr_arena_strndup(a, arg->str, (size_t)(dot - arg->str));
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
        out->resource = r->str;
        out->res_node = r;
        if (t->kind == SR_SCALAR && !t->tag) {
            out->attr = t->str;
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

static void sr_sub_add(struct sr_arena *a, struct sr_sub_part **parts, size_t *n, size_t *cap,
                       enum sr_sub_kind kind, const char *text, size_t tlen, const char *attr,
                       size_t alen, size_t offset, size_t span)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        struct sr_sub_part *p = sr_arena_alloc(a, nc * sizeof(*p));
        if (*n)
            memcpy(p, *parts, *n * sizeof(*p));
        *parts = p;
        *cap = nc;
    }
    struct sr_sub_part *p = &(*parts)[(*n)++];
    p->kind = kind;
    p->text = sr_arena_strndup(a, text, tlen);
    p->attr = attr ? sr_arena_strndup(a, attr, alen) : NULL;
    p->offset = offset;
    p->len = span;
}

int sr_sub_parse_string(struct sr_arena *a, const char *s, size_t len, struct sr_sub_part **parts,
                        size_t *nparts, size_t *err_offset)
{
    size_t n = 0, cap = 0, i = 0, text_start = 0;
    *parts = NULL;
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
                sr_sub_add(a, parts, &n, &cap, SR_SUB_TEXT, s + text_start, i - text_start, NULL, 0,
                           text_start, i - text_start);
            const char *body = s + i + 2;
            size_t blen = close - i - 2;
            if (blen > 0 && body[0] == '!') {
                /* ${!Literal} is the text "${Literal}" */
                char *lit = sr_arena_printf(a, "${%.*s}", (int)(blen - 1), body + 1);
                sr_sub_add(a, parts, &n, &cap, SR_SUB_TEXT, lit, strlen(lit), NULL, 0, i,
                           close + 1 - i);
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
                    sr_sub_add(a, parts, &n, &cap, SR_SUB_VAR, name, (size_t)(dot - name), dot + 1,
                               nlen - (size_t)(dot - name) - 1, i, close + 1 - i);
                else
                    sr_sub_add(a, parts, &n, &cap, SR_SUB_VAR, name, nlen, NULL, 0, i,
                               close + 1 - i);
            }
            i = close + 1;
            text_start = i;
            continue;
        }
        i++;
    }
    if (len > text_start)
        sr_sub_add(a, parts, &n, &cap, SR_SUB_TEXT, s + text_start, len - text_start, NULL, 0,
                   text_start, len - text_start);
    *nparts = n;
    return 0;
}

int sr_sub_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_sub *out)
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
    return sr_sub_parse_string(a, out->string->str, out->string->len, &out->parts, &out->nparts,
                               &eo);
}
