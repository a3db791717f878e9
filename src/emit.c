/*
 * emit.c - style detection and rendering of new values as splices.
 *
 * Reads the document only to learn its style and to find where an edit
 * goes (the end of a mapping's last entry, the bytes of a value, a key's
 * line); writes new text only. Existing bytes outside a splice are never
 * touched, so comments, quoting and blank lines stay as they were.
 */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intrinsic.h"

/* ---- values ------------------------------------------------------------- */

static struct sr_fv *sr_fv_new(struct sr_arena *a, enum sr_fv_kind kind, const char *s)
{
    struct sr_fv *v = sr_arena_alloc(a, sizeof(*v));
    v->kind = kind;
    v->s = s ? sr_arena_strdup(a, s) : NULL;
    return v;
}

struct sr_fv *sr_fv_str(struct sr_arena *a, const char *s)
{
    return sr_fv_new(a, SR_FV_STR, s ? s : "");
}

struct sr_fv *sr_fv_num(struct sr_arena *a, long long n)
{
    struct sr_fv *v = sr_fv_new(a, SR_FV_NUM, NULL);
    v->s = sr_arena_printf(a, "%lld", n);
    return v;
}

struct sr_fv *sr_fv_bool(struct sr_arena *a, int b)
{
    return sr_fv_new(a, SR_FV_BOOL, b ? "true" : "false");
}

struct sr_fv *sr_fv_map(struct sr_arena *a)
{
    return sr_fv_new(a, SR_FV_MAP, NULL);
}

struct sr_fv *sr_fv_seq(struct sr_arena *a)
{
    return sr_fv_new(a, SR_FV_SEQ, NULL);
}

struct sr_fv *sr_fv_ref(struct sr_arena *a, const char *name)
{
    return sr_fv_new(a, SR_FV_REF, name);
}

struct sr_fv *sr_fv_getatt(struct sr_arena *a, const char *res, const char *attr)
{
    struct sr_fv *v = sr_fv_new(a, SR_FV_GETATT, res);
    v->attr = sr_arena_strdup(a, attr);
    return v;
}

struct sr_fv *sr_fv_sub(struct sr_arena *a, const char *s)
{
    return sr_fv_new(a, SR_FV_SUB, s);
}

struct sr_fv *sr_fv_raw(struct sr_arena *a, const struct sr_node *node)
{
    struct sr_fv *v = sr_fv_new(a, SR_FV_RAW, NULL);
    v->node = node;
    return v;
}

static void sr_fv_grow(struct sr_arena *a, struct sr_fv *c)
{
    if (c->n < c->cap)
        return;
    size_t cap = c->cap ? c->cap * 2 : 8;
    struct sr_fv **items = sr_arena_alloc(a, cap * sizeof(*items));
    const char **keys = sr_arena_alloc(a, cap * sizeof(*keys));
    if (c->n) {
        memcpy(items, c->items, c->n * sizeof(*items));
        if (c->keys)
            memcpy(keys, c->keys, c->n * sizeof(*keys));
    }
    c->items = items;
    c->keys = keys;
    c->cap = cap;
}

struct sr_fv *sr_fv_put(struct sr_arena *a, struct sr_fv *map, const char *key, struct sr_fv *v)
{
    sr_fv_grow(a, map);
    map->keys[map->n] = sr_arena_strdup(a, key);
    map->items[map->n++] = v;
    return map;
}

struct sr_fv *sr_fv_push(struct sr_arena *a, struct sr_fv *seq, struct sr_fv *v)
{
    sr_fv_grow(a, seq);
    seq->items[seq->n++] = v;
    return seq;
}

struct sr_fv *sr_fv_get(const struct sr_fv *map, const char *key)
{
    if (!map || map->kind != SR_FV_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0)
            return map->items[i];
    return NULL;
}

static int sr_streq(const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(x, y) == 0;
}

int sr_fv_equal(const struct sr_fv *x, const struct sr_fv *y)
{
    if (x == y)
        return 1;
    if (!x || !y || x->kind != y->kind)
        return 0;
    if (!sr_streq(x->s, y->s) || !sr_streq(x->attr, y->attr) || x->node != y->node || x->n != y->n)
        return 0;
    for (size_t i = 0; i < x->n; i++) {
        if (x->kind == SR_FV_MAP && strcmp(x->keys[i], y->keys[i]) != 0)
            return 0;
        if (!sr_fv_equal(x->items[i], y->items[i]))
            return 0;
    }
    return 1;
}

/* ---- a growable buffer -------------------------------------------------- */

struct sr_buf {
    char *p;
    size_t n, cap;
};

static void sr_buf_add(struct sr_buf *b, const char *s, size_t len)
{
    /* len is a span of text held in memory: a sum that wraps is a bug. */
    if (len >= SIZE_MAX - b->n)
        abort();
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + len + 1)
            cap *= 2;
        b->p = sr_xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void sr_buf_puts(struct sr_buf *b, const char *s)
{
    sr_buf_add(b, s, strlen(s));
}

static void sr_buf_spaces(struct sr_buf *b, int n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        int k = n > 32 ? 32 : n;
        sr_buf_add(b, sp, (size_t)k);
        n -= k;
    }
}

/* Moves the buffer into the arena. */
static const char *sr_buf_finish(struct sr_arena *a, struct sr_buf *b, size_t *len)
{
    const char *s = sr_arena_strndup(a, b->p ? b->p : "", b->n);
    if (len)
        *len = b->n;
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    return s;
}

/* ---- scalars ------------------------------------------------------------ */

static int sr_is_reserved_word(const char *s)
{
    static const char *const words[] = {
        "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
        "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
        "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL",  "~",  "<<",
    };
    if (!s[0] || !strchr("yYnNtTfFoO~<", s[0]) || strnlen(s, 6) > 5)
        return 0; /* none starts otherwise or is longer */
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(s, words[i]) == 0)
            return 1;
    return 0;
}

static int sr_needs_quotes_ctx(const char *s, int flow)
{
    size_t n = strlen(s);
    if (n == 0 || sr_is_reserved_word(s))
        return 1;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
        return 1;
    if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
        return 1;
    /* Anything a resolver might read as a number, a date or a time. */
    if ((s[0] >= '0' && s[0] <= '9') || s[0] == '.' || s[0] == '+')
        return 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return 1;
        if (c == ':' && (s[i + 1] == ' ' || s[i + 1] == '\0'))
            return 1;
        if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
            return 1;
        if (flow && strchr(",[]{}", c))
            return 1;
    }
    return 0;
}

int sr_yaml_needs_quotes(const char *s)
{
    return sr_needs_quotes_ctx(s, 0);
}

static int sr_has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

static void sr_yaml_double(struct sr_buf *b, const char *s)
{
    sr_buf_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            sr_buf_add(b, esc, 2);
        } else if (c == '\n') {
            sr_buf_puts(b, "\\n");
        } else if (c == '\t') {
            sr_buf_puts(b, "\\t");
        } else if (c == '\r') {
            sr_buf_puts(b, "\\r");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof(esc), "\\x%02x", c);
            sr_buf_puts(b, esc);
        } else {
            sr_buf_add(b, (const char *)&c, 1);
        }
    }
    sr_buf_puts(b, "\"");
}

static void sr_yaml_string(struct sr_buf *b, const struct sr_style *st, const char *s, int flow)
{
    if (!sr_needs_quotes_ctx(s, flow)) {
        sr_buf_puts(b, s);
        return;
    }
    int dq = st->quote == '"';
    if (dq && strchr(s, '"') && !strchr(s, '\''))
        dq = 0; /* no escapes needed in single quotes */
    else if (!dq && strchr(s, '\'') && !strchr(s, '"') && !strchr(s, '\\'))
        dq = 1;
    if (dq || sr_has_control(s)) {
        sr_yaml_double(b, s);
        return;
    }
    sr_buf_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            sr_buf_puts(b, "''");
        else
            sr_buf_add(b, s, 1);
    }
    sr_buf_puts(b, "'");
}

static void sr_json_string(struct sr_buf *b, const char *s)
{
    sr_buf_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        switch (c) {
        case '"':
            sr_buf_puts(b, "\\\"");
            break;
        case '\\':
            sr_buf_puts(b, "\\\\");
            break;
        case '\n':
            sr_buf_puts(b, "\\n");
            break;
        case '\r':
            sr_buf_puts(b, "\\r");
            break;
        case '\t':
            sr_buf_puts(b, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(esc, sizeof(esc), "\\u%04x", c);
                sr_buf_puts(b, esc);
            } else {
                sr_buf_add(b, (const char *)&c, 1);
            }
        }
    }
    sr_buf_puts(b, "\"");
}

/* ---- rendering ---------------------------------------------------------- */

struct sr_emitter {
    struct sr_arena *a;
    const struct sr_style *st;
    const struct sr_doc *doc; /* for RAW nodes; may be NULL */
    struct sr_buf b;
};

static int sr_fv_is_fn(const struct sr_fv *v)
{
    return v->kind == SR_FV_REF || v->kind == SR_FV_GETATT || v->kind == SR_FV_SUB;
}

/* The long form of an intrinsic as a one-key map. */
static struct sr_fv *sr_fn_long(struct sr_arena *a, const struct sr_fv *v)
{
    struct sr_fv *m = sr_fv_map(a);
    if (v->kind == SR_FV_REF) {
        sr_fv_put(a, m, "Ref", sr_fv_str(a, v->s));
    } else if (v->kind == SR_FV_GETATT) {
        struct sr_fv *args = sr_fv_seq(a);
        args->flow = 1;
        sr_fv_push(a, args, sr_fv_str(a, v->s));
        sr_fv_push(a, args, sr_fv_str(a, v->attr));
        sr_fv_put(a, m, "Fn::GetAtt", args);
    } else {
        sr_fv_put(a, m, "Fn::Sub", sr_fv_str(a, v->s));
    }
    return m;
}

static void sr_raw(struct sr_emitter *e, const struct sr_fv *v)
{
    const struct sr_node *n = v->node;
    if (!e->doc || !n) {
        sr_buf_puts(&e->b, "''");
        return;
    }
    size_t end = sr_node_content_end(e->doc, n);
    sr_buf_add(&e->b, e->doc->text + n->start, end - n->start);
}

static void sr_y_flow(struct sr_emitter *e, const struct sr_fv *v);

static void sr_y_short_fn(struct sr_emitter *e, const struct sr_fv *v, int flow)
{
    if (v->kind == SR_FV_REF) {
        sr_buf_puts(&e->b, "!Ref ");
        sr_yaml_string(&e->b, e->st, v->s, flow);
    } else if (v->kind == SR_FV_GETATT) {
        sr_buf_puts(&e->b, "!GetAtt ");
        char *s = sr_arena_printf(e->a, "%s.%s", v->s, v->attr);
        sr_yaml_string(&e->b, e->st, s, flow);
    } else {
        sr_buf_puts(&e->b, "!Sub ");
        sr_yaml_string(&e->b, e->st, v->s, flow);
    }
}

/* A value that fits on the line after "key:" or "-": scalars, short
 * intrinsics, empty or flow collections, raw nodes. */
static int sr_y_inline(const struct sr_emitter *e, const struct sr_fv *v)
{
    switch (v->kind) {
    case SR_FV_STR:
    case SR_FV_NUM:
    case SR_FV_BOOL:
    case SR_FV_RAW:
        return 1;
    case SR_FV_REF:
    case SR_FV_GETATT:
    case SR_FV_SUB:
        return e->st->short_fn;
    case SR_FV_MAP:
    case SR_FV_SEQ:
        return v->n == 0 || v->flow;
    }
    return 1;
}

static void sr_y_inline_value(struct sr_emitter *e, const struct sr_fv *v)
{
    switch (v->kind) {
    case SR_FV_STR:
        sr_yaml_string(&e->b, e->st, v->s, 0);
        break;
    case SR_FV_NUM:
    case SR_FV_BOOL:
        sr_buf_puts(&e->b, v->s);
        break;
    case SR_FV_RAW:
        sr_raw(e, v);
        break;
    case SR_FV_REF:
    case SR_FV_GETATT:
    case SR_FV_SUB:
        sr_y_short_fn(e, v, 0);
        break;
    case SR_FV_MAP:
    case SR_FV_SEQ:
        sr_y_flow(e, v);
        break;
    }
}

static void sr_y_key(struct sr_emitter *e, const char *key)
{
    sr_yaml_string(&e->b, e->st, key, 0);
    sr_buf_puts(&e->b, ":");
}

static void sr_y_item(struct sr_emitter *e, const struct sr_fv *v, int dashcol);

/* After "key:" at column col. */
static void sr_y_value(struct sr_emitter *e, const struct sr_fv *v, int col)
{
    const struct sr_style *st = e->st;
    if (sr_y_inline(e, v)) {
        sr_buf_puts(&e->b, " ");
        sr_y_inline_value(e, v);
        return;
    }
    if (sr_fv_is_fn(v)) {
        sr_y_value(e, sr_fn_long(e->a, v), col);
        return;
    }
    if (v->kind == SR_FV_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            sr_buf_puts(&e->b, st->eol);
            sr_buf_spaces(&e->b, col + st->indent);
            sr_y_key(e, v->keys[i]);
            sr_y_value(e, v->items[i], col + st->indent);
        }
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        sr_buf_puts(&e->b, st->eol);
        sr_buf_spaces(&e->b, col + st->seq_indent);
        sr_buf_puts(&e->b, "-");
        sr_y_item(e, v->items[i], col + st->seq_indent);
    }
}

/* After "-" at column dashcol. */
static void sr_y_item(struct sr_emitter *e, const struct sr_fv *v, int dashcol)
{
    const struct sr_style *st = e->st;
    if (sr_y_inline(e, v)) {
        sr_buf_puts(&e->b, " ");
        sr_y_inline_value(e, v);
        return;
    }
    if (sr_fv_is_fn(v)) {
        sr_y_item(e, sr_fn_long(e->a, v), dashcol);
        return;
    }
    int gap = v->kind == SR_FV_MAP && st->dash_gap >= 2 && st->dash_gap <= 8 ? st->dash_gap : 2;
    for (size_t i = 0; i < v->n; i++) {
        if (i > 0) {
            sr_buf_puts(&e->b, st->eol);
            sr_buf_spaces(&e->b, dashcol + gap);
        } else {
            sr_buf_spaces(&e->b, gap - 1);
        }
        if (v->kind == SR_FV_MAP) {
            sr_y_key(e, v->keys[i]);
            sr_y_value(e, v->items[i], dashcol + gap);
        } else {
            sr_buf_puts(&e->b, "-");
            sr_y_item(e, v->items[i], dashcol + gap);
        }
    }
}

static void sr_y_flow(struct sr_emitter *e, const struct sr_fv *v)
{
    switch (v->kind) {
    case SR_FV_STR:
        sr_yaml_string(&e->b, e->st, v->s, 1);
        return;
    case SR_FV_NUM:
    case SR_FV_BOOL:
        sr_buf_puts(&e->b, v->s);
        return;
    case SR_FV_RAW:
        sr_raw(e, v);
        return;
    case SR_FV_REF:
    case SR_FV_GETATT:
    case SR_FV_SUB:
        if (e->st->short_fn)
            sr_y_short_fn(e, v, 1);
        else
            sr_y_flow(e, sr_fn_long(e->a, v));
        return;
    case SR_FV_MAP:
        sr_buf_puts(&e->b, "{");
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sr_buf_puts(&e->b, ", ");
            sr_yaml_string(&e->b, e->st, v->keys[i], 1);
            sr_buf_puts(&e->b, ": ");
            sr_y_flow(e, v->items[i]);
        }
        sr_buf_puts(&e->b, "}");
        return;
    case SR_FV_SEQ:
        sr_buf_puts(&e->b, "[");
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sr_buf_puts(&e->b, ", ");
            sr_y_flow(e, v->items[i]);
        }
        sr_buf_puts(&e->b, "]");
        return;
    }
}

static const char *sr_json_unit(const struct sr_style *st)
{
    static const char sp[] = "                ";
    if (st->tabs)
        return "\t";
    int n = st->indent > 16 ? 16 : st->indent < 1 ? 1 : st->indent;
    return sp + 16 - n;
}

static void sr_j_value(struct sr_emitter *e, const struct sr_fv *v, const char *prefix);

static void sr_j_inline(struct sr_emitter *e, const struct sr_fv *v)
{
    sr_j_value(e, v, NULL);
}

/* prefix NULL: everything on one line. */
static void sr_j_value(struct sr_emitter *e, const struct sr_fv *v, const char *prefix)
{
    const struct sr_style *st = e->st;
    switch (v->kind) {
    case SR_FV_STR:
        sr_json_string(&e->b, v->s);
        return;
    case SR_FV_NUM:
    case SR_FV_BOOL:
        sr_buf_puts(&e->b, v->s);
        return;
    case SR_FV_RAW:
        sr_raw(e, v);
        return;
    case SR_FV_REF:
    case SR_FV_GETATT:
    case SR_FV_SUB:
        sr_j_inline(e, sr_fn_long(e->a, v));
        return;
    case SR_FV_MAP:
    case SR_FV_SEQ:
        break;
    }
    int map = v->kind == SR_FV_MAP;
    if (v->n == 0) {
        sr_buf_puts(&e->b, map ? "{}" : "[]");
        return;
    }
    if (!prefix || v->flow) {
        sr_buf_puts(&e->b, map ? "{" : "[");
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                sr_buf_puts(&e->b, ", ");
            if (map) {
                sr_json_string(&e->b, v->keys[i]);
                sr_buf_puts(&e->b, ": ");
            }
            sr_j_inline(e, v->items[i]);
        }
        sr_buf_puts(&e->b, map ? "}" : "]");
        return;
    }
    const char *inner = sr_arena_printf(e->a, "%s%s", prefix, sr_json_unit(st));
    sr_buf_puts(&e->b, map ? "{" : "[");
    for (size_t i = 0; i < v->n; i++) {
        sr_buf_puts(&e->b, st->eol);
        sr_buf_puts(&e->b, inner);
        if (map) {
            sr_json_string(&e->b, v->keys[i]);
            sr_buf_puts(&e->b, ": ");
        }
        sr_j_value(e, v->items[i], inner);
        if (i + 1 < v->n)
            sr_buf_puts(&e->b, ",");
    }
    sr_buf_puts(&e->b, st->eol);
    sr_buf_puts(&e->b, prefix);
    sr_buf_puts(&e->b, map ? "}" : "]");
}

static void sr_emitter_init(struct sr_emitter *e, struct sr_arena *a, const struct sr_style *st,
                            const struct sr_doc *doc)
{
    memset(e, 0, sizeof(*e));
    e->a = a;
    e->st = st;
    e->doc = doc;
}

const char *sr_emit_yaml_value(struct sr_arena *a, const struct sr_style *st, const struct sr_fv *v,
                               int col)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, NULL);
    sr_y_value(&e, v, col);
    return sr_buf_finish(a, &e.b, NULL);
}

const char *sr_emit_json_value(struct sr_arena *a, const struct sr_style *st, const struct sr_fv *v,
                               const char *prefix)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, NULL);
    sr_j_value(&e, v, prefix ? prefix : "");
    return sr_buf_finish(a, &e.b, NULL);
}

const char *sr_emit_flow_value(struct sr_arena *a, const struct sr_style *st, const struct sr_fv *v)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, NULL);
    sr_y_flow(&e, v);
    return sr_buf_finish(a, &e.b, NULL);
}

/* ---- style detection ---------------------------------------------------- */

struct sr_style_count {
    int indent[9];
    int seq[9];
    int gap[9];
    int json_indent[9];
    int short_fn, long_fn;
    int single, dbl;
    int depth;
    size_t line; /* the last line asked for (sr_doc_pos_from) */
};

static struct sr_pos sr_sw_pos(const struct sr_doc *doc, struct sr_style_count *c,
                               const struct sr_node *n)
{
    return sr_doc_pos_from(doc, n->start, &c->line);
}

static int sr_line_is_blank(const struct sr_doc *doc, int line)
{
    if (line < 1 || (size_t)line > doc->nlines)
        return 0;
    size_t s = doc->line_start[line - 1];
    size_t e = (size_t)line < doc->nlines ? doc->line_start[line] : doc->len;
    for (size_t i = s; i < e; i++)
        if (doc->text[i] != ' ' && doc->text[i] != '\t' && doc->text[i] != '\r' &&
            doc->text[i] != '\n')
            return 0;
    return 1;
}

/* First non-blank character of a line is '#'. */
static int sr_line_is_comment(const struct sr_doc *doc, int line)
{
    if (line < 1 || (size_t)line > doc->nlines)
        return 0;
    size_t s = doc->line_start[line - 1];
    size_t e = (size_t)line < doc->nlines ? doc->line_start[line] : doc->len;
    for (size_t i = s; i < e; i++) {
        if (doc->text[i] == ' ' || doc->text[i] == '\t')
            continue;
        return doc->text[i] == '#';
    }
    return 0;
}

/* 1 when most entries after the first are preceded by a blank line
 * (comment lines right above a key belong to it); -1 with fewer than two
 * entries. */
static int sr_map_blank_sep(const struct sr_doc *doc, const struct sr_node *map)
{
    if (!map || map->kind != SR_MAP || map->n < 2)
        return -1;
    int blank = 0, tight = 0;
    for (size_t i = 1; i < map->n; i++) {
        int line = sr_node_pos(doc, map->items[2 * i]).line - 1;
        while (line > 0 && sr_line_is_comment(doc, line))
            line--;
        if (sr_line_is_blank(doc, line))
            blank++;
        else
            tight++;
    }
    return blank > tight;
}

static void sr_style_walk(const struct sr_doc *doc, const struct sr_node *n,
                          struct sr_style_count *c)
{
    if (!n || n->kind == SR_ALIAS || c->depth > 200)
        return;
    if (n->kind == SR_SCALAR) {
        if (n->tag && sr_fn_from_tag(n->tag) != SR_FN_NONE)
            c->short_fn++;
        if (n->style == SR_STYLE_SINGLE)
            c->single++;
        else if (n->style == SR_STYLE_DOUBLE)
            c->dbl++;
        return;
    }
    if (n->tag && sr_fn_from_tag(n->tag) != SR_FN_NONE)
        c->short_fn++;
    c->depth++;
    if (n->kind == SR_MAP) {
        if (n->n == 1 && n->items[0]->kind == SR_SCALAR &&
            sr_fn_from_key(sr_node_str(n->items[0])) != SR_FN_NONE)
            c->long_fn++;
        for (size_t i = 0; i < n->n; i++) {
            const struct sr_node *k = n->items[2 * i], *v = n->items[2 * i + 1];
            struct sr_pos kp = sr_sw_pos(doc, c, k);
            struct sr_pos vp = v->kind == SR_MAP && v->n > 0 ? sr_sw_pos(doc, c, v->items[0]) : kp;
            if (vp.line > kp.line) {
                int d = vp.col - kp.col;
                if (d > 0 && d <= 8) {
                    if (doc->is_json)
                        c->json_indent[d]++;
                    else if (v->style != SR_STYLE_FLOW)
                        c->indent[d]++;
                }
            }
            if (!doc->is_json && v->kind == SR_SEQ && v->style != SR_STYLE_FLOW) {
                vp = sr_sw_pos(doc, c, v);
                int d = vp.col - kp.col;
                if (vp.line > kp.line && d >= 0 && d <= 8)
                    c->seq[d]++;
            }
            sr_style_walk(doc, k, c);
            sr_style_walk(doc, v, c);
        }
    } else {
        const struct sr_node *first = n->n ? n->items[0] : NULL;
        if (!doc->is_json && n->style != SR_STYLE_FLOW && first && first->kind == SR_MAP &&
            first->style != SR_STYLE_FLOW) {
            struct sr_pos np = sr_sw_pos(doc, c, n), fp = sr_sw_pos(doc, c, first);
            int d = fp.col - np.col;
            if (fp.line == np.line && d >= 2 && d <= 8)
                c->gap[d]++;
        }
        for (size_t i = 0; i < n->n; i++)
            sr_style_walk(doc, n->items[i], c);
    }
    c->depth--;
}

static int sr_argmax(const int *v, int lo, int hi, int dflt)
{
    int best = dflt, bestn = 0;
    for (int i = lo; i <= hi; i++)
        if (v[i] > bestn) {
            best = i;
            bestn = v[i];
        }
    return best;
}

void sr_style_detect(const struct sr_doc *doc, struct sr_style *st)
{
    memset(st, 0, sizeof(*st));
    st->json = doc->is_json;
    st->eol = doc->crlf ? "\r\n" : "\n";
    st->indent = 2;
    st->seq_indent = 2;
    st->dash_gap = 2;
    st->short_fn = !doc->is_json;
    st->quote = '\'';
    st->final_eol = doc->len > 0 && doc->text[doc->len - 1] == '\n';
    if (!doc->root)
        return;
    struct sr_style_count c;
    memset(&c, 0, sizeof(c));
    sr_style_walk(doc, doc->root, &c);
    if (doc->is_json) {
        const struct sr_node *r = doc->root;
        struct sr_pos rp = sr_node_pos(doc, r);
        struct sr_pos fp = r->kind == SR_MAP && r->n > 0 ? sr_node_pos(doc, r->items[0]) : rp;
        if (fp.line > rp.line) {
            int d = fp.col - rp.col;
            if (d > 0 && d <= 8)
                c.json_indent[d] += 2;
            size_t ls = doc->line_start[fp.line - 1];
            st->tabs = doc->text[ls] == '\t';
        }
        st->indent = st->tabs ? 1 : sr_argmax(c.json_indent, 1, 8, 2);
        st->quote = '"';
    } else {
        st->indent = sr_argmax(c.indent, 1, 8, 2);
        st->seq_indent = sr_argmax(c.seq, 0, 8, st->indent);
        st->dash_gap = sr_argmax(c.gap, 2, 8, 2);
        st->short_fn = c.short_fn >= c.long_fn;
        st->quote = c.dbl > c.single ? '"' : '\'';
    }
    int sep = -1;
    st->sep_map = NULL;
    st->sep_value = -1;
    if (doc->root->kind == SR_MAP) {
        st->sep_map = sr_map_get(doc->root, "Resources");
        sep = st->sep_value = sr_map_blank_sep(doc, st->sep_map);
        if (sep < 0)
            sep = sr_map_blank_sep(doc, sr_map_get(doc->root, "Parameters"));
        if (sep < 0)
            sep = sr_map_blank_sep(doc, doc->root);
    }
    st->blank_sections = sep > 0 && !doc->is_json;
}

/* ---- positions ---------------------------------------------------------- */

size_t sr_node_content_end(const struct sr_doc *doc, const struct sr_node *n)
{
    for (int guard = 0; n && guard < SR_MAX_DEPTH + 2; guard++) {
        if ((n->kind == SR_MAP || n->kind == SR_SEQ) && n->style != SR_STYLE_FLOW && n->n > 0) {
            n = n->items[n->kind == SR_MAP ? 2 * n->n - 1 : n->n - 1];
            continue;
        }
        size_t e = n->end;
        if (n->kind == SR_SCALAR && (n->style == SR_STYLE_LITERAL || n->style == SR_STYLE_FOLDED))
            while (e > n->start && strchr(" \t\r\n", doc->text[e - 1]))
                e--;
        /* An empty plain value ("Key:") has no text of its own. */
        return e < n->start ? n->start : e;
    }
    return 0;
}

static size_t sr_line_start_of(const struct sr_doc *doc, size_t off)
{
    while (off > doc->bom && doc->text[off - 1] != '\n')
        off--;
    return off;
}

/* Start of the line after the one holding offset e - 1 (len at the end). */
static size_t sr_line_after(const struct sr_doc *doc, size_t e)
{
    for (size_t i = e; i < doc->len; i++)
        if (doc->text[i] == '\n')
            return i + 1;
    return doc->len;
}

static int sr_col_of(const struct sr_doc *doc, size_t off)
{
    return sr_doc_pos(doc, off).col - 1;
}

/* Leading white space of the line holding off. */
static const char *sr_line_indent(struct sr_arena *a, const struct sr_doc *doc, size_t off)
{
    size_t s = sr_line_start_of(doc, off), e = s;
    while (e < doc->len && (doc->text[e] == ' ' || doc->text[e] == '\t'))
        e++;
    return sr_arena_strndup(a, doc->text + s, e - s);
}

static int sr_depth(const struct sr_node *n)
{
    int d = 0;
    for (; n && d < SR_MAX_DEPTH + 2; n = n->parent)
        d++;
    return d;
}

/* Text to insert at offset p at a line start: if p is the end of a file
 * without a final line break, the break goes first. */
static void sr_fix_eof(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                       size_t p, struct sr_splice *out)
{
    if (p == doc->len && doc->len > 0 && doc->text[doc->len - 1] != '\n') {
        size_t el = strlen(st->eol);
        size_t len = out->len >= el ? out->len - el : out->len;
        out->text = sr_arena_printf(a, "%s%.*s", st->eol, (int)len, out->text);
        out->len = len + el;
    }
}

/* ---- splices ------------------------------------------------------------ */

static const char *const sr_section_order[] = {
    "AWSTemplateFormatVersion",
    "Transform",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Globals",
    "Resources",
    "Outputs",
};

int sr_emit_section_rank(const char *k)
{
    for (size_t i = 0; i < sizeof(sr_section_order) / sizeof(sr_section_order[0]); i++)
        if (k && strcmp(k, sr_section_order[i]) == 0)
            return (int)i;
    return -1;
}

/* Root key that a new section `key` goes before, or NULL (append). */
static const struct sr_node *sr_section_successor(const struct sr_node *root, const char *key)
{
    int r = sr_emit_section_rank(key);
    if (r < 0)
        return NULL;
    for (size_t i = 0; i < root->n; i++) {
        const struct sr_node *k = root->items[2 * i];
        int kr = sr_emit_section_rank(sr_node_str(k));
        if (kr > r)
            return k;
    }
    return NULL;
}

static int sr_block_map_add(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                            const struct sr_node *map, const char *const *keys,
                            struct sr_fv *const *vals, size_t n, const struct sr_node *before,
                            struct sr_splice *out)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, doc);
    int col = sr_node_pos(doc, map->items[0]).col - 1;
    int sep = map == st->sep_map ? st->sep_value : sr_map_blank_sep(doc, map);
    if (sep < 0) {
        const struct sr_node *p = map->parent;
        sep = (p == doc->root || map == doc->root) && st->blank_sections;
    }
    size_t at;
    if (before) {
        int line = sr_node_pos(doc, before).line;
        while (line > 1 && sr_line_is_comment(doc, line - 1))
            line--;
        at = doc->line_start[line - 1];
        if (at < doc->bom)
            at = doc->bom;
        /* Separated from what follows as the section after it was. */
        sep = sr_line_is_blank(doc, line - 1);
        for (size_t i = 0; i < n; i++) {
            sr_buf_spaces(&e.b, col);
            sr_y_key(&e, keys[i]);
            sr_y_value(&e, vals[i], col);
            sr_buf_puts(&e.b, st->eol);
            if (sep)
                sr_buf_puts(&e.b, st->eol);
        }
    } else {
        at = sr_line_after(doc, sr_node_content_end(doc, map));
        for (size_t i = 0; i < n; i++) {
            if (sep)
                sr_buf_puts(&e.b, st->eol);
            sr_buf_spaces(&e.b, col);
            sr_y_key(&e, keys[i]);
            sr_y_value(&e, vals[i], col);
            sr_buf_puts(&e.b, st->eol);
        }
    }
    out->start = out->end = at;
    out->text = sr_buf_finish(a, &e.b, &out->len);
    out->depth = sr_depth(map) + (before ? 0 : 1);
    sr_fix_eof(a, doc, st, at, out);
    return 0;
}

/* Offset of the opening bracket of a flow collection. */
static size_t sr_flow_open(const struct sr_doc *doc, const struct sr_node *n)
{
    size_t p = sr_node_vstart(doc, n);
    while (p < n->end && doc->text[p] != '{' && doc->text[p] != '[')
        p++;
    return p;
}

/* Offset of the closing bracket of a flow collection. */
static size_t sr_flow_close(const struct sr_doc *doc, const struct sr_node *n)
{
    size_t p = n->end;
    while (p > n->start && doc->text[p - 1] != '}' && doc->text[p - 1] != ']')
        p--;
    return p ? p - 1 : 0;
}

/* Flow mapping / sequence, YAML or JSON: new entries after the last one. */
static int sr_flow_add(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                       const struct sr_node *coll, const char *const *keys,
                       struct sr_fv *const *vals, size_t n, struct sr_splice *out)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, doc);
    int map = coll->kind == SR_MAP;
    size_t count = coll->n;
    const char *prefix = NULL; /* JSON multi-line: indentation of entries */
    size_t at;
    if (count == 0) {
        size_t open = sr_flow_open(doc, coll), close = sr_flow_close(doc, coll);
        at = open + 1;
        out->end = close > at ? close : at;
        if (doc->is_json) {
            const char *outer = sr_line_indent(a, doc, coll->start);
            prefix = sr_arena_printf(a, "%s%s", outer, sr_json_unit(st));
            for (size_t i = 0; i < n; i++) {
                if (i)
                    sr_buf_puts(&e.b, ",");
                sr_buf_puts(&e.b, st->eol);
                sr_buf_puts(&e.b, prefix);
                if (map) {
                    sr_json_string(&e.b, keys[i]);
                    sr_buf_puts(&e.b, ": ");
                }
                sr_j_value(&e, vals[i], prefix);
            }
            sr_buf_puts(&e.b, st->eol);
            sr_buf_puts(&e.b, outer);
        } else {
            for (size_t i = 0; i < n; i++) {
                if (i)
                    sr_buf_puts(&e.b, ", ");
                if (map) {
                    sr_yaml_string(&e.b, st, keys[i], 1);
                    sr_buf_puts(&e.b, ": ");
                }
                sr_y_flow(&e, vals[i]);
            }
        }
        out->start = at;
        out->text = sr_buf_finish(a, &e.b, &out->len);
        out->depth = sr_depth(coll) + 1;
        return 0;
    }
    const struct sr_node *last_key = map ? coll->items[2 * (count - 1)] : coll->items[count - 1];
    const struct sr_node *last_val = map ? coll->items[2 * count - 1] : coll->items[count - 1];
    at = sr_node_content_end(doc, last_val);
    if (doc->is_json && sr_node_pos(doc, last_key).line > sr_node_pos(doc, coll).line)
        prefix = sr_line_indent(a, doc, last_key->start);
    for (size_t i = 0; i < n; i++) {
        if (prefix) {
            sr_buf_puts(&e.b, ",");
            sr_buf_puts(&e.b, st->eol);
            sr_buf_puts(&e.b, prefix);
        } else {
            sr_buf_puts(&e.b, ", ");
        }
        if (map) {
            if (doc->is_json)
                sr_json_string(&e.b, keys[i]);
            else
                sr_yaml_string(&e.b, st, keys[i], 1);
            sr_buf_puts(&e.b, ": ");
        }
        if (doc->is_json)
            sr_j_value(&e, vals[i], prefix);
        else
            sr_y_flow(&e, vals[i]);
    }
    out->start = out->end = at;
    out->text = sr_buf_finish(a, &e.b, &out->len);
    out->depth = sr_depth(coll) + 1;
    return 0;
}

/* JSON root: new sections before an existing one. */
static int sr_json_add_before(struct sr_arena *a, const struct sr_doc *doc,
                              const struct sr_style *st, const struct sr_node *before,
                              const char *const *keys, struct sr_fv *const *vals, size_t n,
                              struct sr_splice *out)
{
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, doc);
    const char *prefix = sr_line_indent(a, doc, before->start);
    int same_line = sr_node_pos(doc, before).line == sr_node_pos(doc, doc->root).line;
    for (size_t i = 0; i < n; i++) {
        sr_json_string(&e.b, keys[i]);
        sr_buf_puts(&e.b, ": ");
        sr_j_value(&e, vals[i], same_line ? NULL : prefix);
        sr_buf_puts(&e.b, ",");
        if (same_line) {
            sr_buf_puts(&e.b, " ");
        } else {
            sr_buf_puts(&e.b, st->eol);
            sr_buf_puts(&e.b, prefix);
        }
    }
    out->start = out->end = before->start;
    out->text = sr_buf_finish(a, &e.b, &out->len);
    out->depth = 0;
    return 0;
}

int sr_emit_add_keys(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                     const struct sr_node *map, const char *const *keys, struct sr_fv *const *vals,
                     size_t n, struct sr_splice *out, const char **why)
{
    if (!map || map->kind != SR_MAP) {
        *why = "the place to add to is not a mapping";
        return -1;
    }
    memset(out, 0, sizeof(*out));
    if (n == 0) {
        *why = "nothing to add";
        return -1;
    }
    const struct sr_node *before = map == doc->root ? sr_section_successor(map, keys[0]) : NULL;
    if (before && doc->is_json)
        return sr_json_add_before(a, doc, st, before, keys, vals, n, out);
    if (map->style == SR_STYLE_FLOW || doc->is_json || map->n == 0)
        return sr_flow_add(a, doc, st, map, keys, vals, n, out);
    return sr_block_map_add(a, doc, st, map, keys, vals, n, before, out);
}

/* Index of the mapping entry whose value (or key) is node, or -1. */
static long sr_entry_of(const struct sr_node *map, const struct sr_node *node, int *is_key)
{
    for (size_t i = 0; i < map->n; i++) {
        if (map->items[2 * i + 1] == node) {
            *is_key = 0;
            return (long)i;
        }
        if (map->items[2 * i] == node) {
            *is_key = 1;
            return (long)i;
        }
    }
    return -1;
}

int sr_emit_replace(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                    const struct sr_node *node, const struct sr_fv *v, struct sr_splice *out,
                    const char **why)
{
    memset(out, 0, sizeof(*out));
    const struct sr_node *parent = node ? node->parent : NULL;
    if (!parent) {
        *why = "the whole document cannot be replaced";
        return -1;
    }
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, doc);
    size_t start = node->start, end = sr_node_content_end(doc, node);
    out->depth = sr_depth(node);
    int key_of_map = 0;
    if (parent->kind == SR_MAP)
        for (size_t i = 0; i < parent->n; i++)
            if (parent->items[2 * i] == node)
                key_of_map = 1;
    if (key_of_map && (doc->is_json || parent->style == SR_STYLE_FLOW)) {
        if (node->kind != SR_SCALAR || v->kind != SR_FV_STR) {
            *why = "only plain keys can be renamed";
            return -1;
        }
        if (doc->is_json)
            sr_json_string(&e.b, v->s);
        else
            sr_yaml_string(&e.b, st, v->s, 1);
        out->start = node->start;
        out->end = node->end;
        out->text = sr_buf_finish(a, &e.b, &out->len);
        return 0;
    }
    if (doc->is_json) {
        sr_j_value(&e, v, sr_line_indent(a, doc, node->start));
    } else if (parent->style == SR_STYLE_FLOW) {
        sr_y_flow(&e, v);
    } else if (parent->kind == SR_MAP) {
        int is_key = 0;
        long i = sr_entry_of(parent, node, &is_key);
        if (i >= 0 && is_key && node->kind == SR_SCALAR && v->kind == SR_FV_STR) {
            /* A key is renamed in place. */
            sr_yaml_string(&e.b, st, v->s, 0);
            out->start = node->start;
            out->end = node->end;
            out->text = sr_buf_finish(a, &e.b, &out->len);
            return 0;
        }
        if (i < 0 || is_key) {
            *why = "only values and plain keys can be replaced";
            return -1;
        }
        const struct sr_node *key = parent->items[2 * i];
        size_t colon = key->end;
        while (colon < node->start && doc->text[colon] != ':')
            colon++;
        for (size_t k = colon; k < node->start; k++)
            if (doc->text[k] == '#') {
                *why = "a comment sits between the key and its value";
                return -1;
            }
        if (colon >= node->start) {
            *why = "cannot find the colon after the key";
            return -1;
        }
        start = colon + 1;
        sr_y_value(&e, v, sr_node_pos(doc, key).col - 1);
    } else {
        size_t dash = node->start;
        while (dash > parent->start && doc->text[dash - 1] == ' ')
            dash--;
        if (dash == 0 || doc->text[dash - 1] != '-') {
            *why = "cannot find the dash of the list item";
            return -1;
        }
        start = dash;
        sr_y_item(&e, v, sr_col_of(doc, dash - 1));
    }
    out->start = start;
    out->end = end;
    out->text = sr_buf_finish(a, &e.b, &out->len);
    return 0;
}

/* 1 when a comment sits in doc's text [from, to): the text between entries
 * holds only separators and comments, so any '#' there starts one. */
static int sr_gap_has_comment(const struct sr_doc *doc, size_t from, size_t to)
{
    for (size_t k = from; k < to && k < doc->len; k++)
        if (doc->text[k] == '#')
            return 1;
    return 0;
}

int sr_emit_delete_key(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                       const struct sr_node *map, const struct sr_node *key, struct sr_splice *out,
                       const char **why)
{
    (void)st;
    memset(out, 0, sizeof(*out));
    int is_key = 0;
    long i = map && map->kind == SR_MAP ? sr_entry_of(map, key, &is_key) : -1;
    if (i < 0 || !is_key) {
        *why = "the key is not in the mapping";
        return -1;
    }
    const struct sr_node *val = map->items[2 * i + 1];
    size_t n = map->n;
    out->text = sr_arena_strdup(a, "");
    out->depth = sr_depth(key);
    if (map->style != SR_STYLE_FLOW && !doc->is_json) {
        size_t ls = sr_line_start_of(doc, key->start);
        int alone = 1;
        for (size_t k = ls; k < key->start; k++)
            if (doc->text[k] != ' ')
                alone = 0;
        if (alone) {
            out->start = ls;
            out->end = sr_line_after(doc, sr_node_content_end(doc, val));
            return 0;
        }
        if ((size_t)i + 1 < n) {
            out->start = key->start;
            out->end = map->items[2 * (i + 1)]->start;
            if (sr_gap_has_comment(doc, sr_node_content_end(doc, val), out->end))
                goto comment;
            return 0;
        }
        *why = "the key is the only entry of its list item";
        return -1;
    }
    size_t vend = sr_node_content_end(doc, val);
    if (n == 1) {
        out->start = sr_flow_open(doc, map) + 1;
        out->end = sr_flow_close(doc, map);
        if (sr_gap_has_comment(doc, out->start, key->start) ||
            sr_gap_has_comment(doc, vend, out->end))
            goto comment;
    } else if ((size_t)i + 1 < n) {
        out->start = key->start;
        out->end = map->items[2 * (i + 1)]->start;
        if (sr_gap_has_comment(doc, vend, out->end))
            goto comment;
    } else {
        out->start = sr_node_content_end(doc, map->items[2 * i - 1]);
        out->end = vend;
        if (sr_gap_has_comment(doc, out->start, key->start))
            goto comment;
    }
    return 0;
comment:
    memset(out, 0, sizeof(*out));
    *why = "a comment sits beside the entry, which would go with it: delete the entry by hand";
    return -1;
}

int sr_emit_append(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                   const struct sr_node *seq, struct sr_fv *const *vals, size_t n,
                   struct sr_splice *out, const char **why)
{
    memset(out, 0, sizeof(*out));
    if (!seq || seq->kind != SR_SEQ) {
        *why = "the place to append to is not a list";
        return -1;
    }
    if (seq->style == SR_STYLE_FLOW || doc->is_json || seq->n == 0)
        return sr_flow_add(a, doc, st, seq, NULL, vals, n, out);
    struct sr_emitter e;
    sr_emitter_init(&e, a, st, doc);
    int dashcol = sr_node_pos(doc, seq).col - 1;
    size_t at = sr_line_after(doc, sr_node_content_end(doc, seq));
    for (size_t i = 0; i < n; i++) {
        sr_buf_spaces(&e.b, dashcol);
        sr_buf_puts(&e.b, "-");
        sr_y_item(&e, vals[i], dashcol);
        sr_buf_puts(&e.b, st->eol);
    }
    out->start = out->end = at;
    out->text = sr_buf_finish(a, &e.b, &out->len);
    out->depth = sr_depth(seq) + 1;
    sr_fix_eof(a, doc, st, at, out);
    return 0;
}
