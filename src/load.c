/*
 * load.c - libyaml events to sr_node trees with byte ranges and line:col.
 *
 * libyaml's marks are 0-based and count characters (after a UTF-8 BOM),
 * not bytes. This file converts them once, here: a checkpoint table maps
 * character indexes to byte offsets, a line table maps byte offsets to
 * 1-based lines and character columns. Limits (size, depth, alias
 * expansion) are enforced while loading so hostile input ends in an error,
 * not in a blow-up. Comments are dropped; the original text is kept.
 *
 * A JSON template is read first by the JSON reader below, straight into
 * the same tree (a third of libyaml's instructions); text it does not take
 * exactly as libyaml would goes through libyaml as any other.
 */
#include "load.h"

#include "fnname.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define SR_CKPT 64 /* characters between checkpoints */

_Static_assert(sizeof(struct sr_node) <= 48, "a node grew");
_Static_assert(SR_FN_UNKNOWN <= SR_FNC_FN, "enum sr_fn does not fit the node's byte");

struct sr_frame {
    struct sr_node *node;
    size_t first;  /* index of its first child on the shared item stack */
    size_t weight; /* nodes reachable, aliases expanded (capped) */
    char *anchor;  /* its anchor, registered when it closes; NULL if none */
    int impure;    /* a child so far is not pure (see sr_node.pure) */
};

struct sr_anchor {
    const char *name;
    struct sr_node *node;
    size_t weight;
    struct sr_anchor *next;
};

struct sr_loader {
    struct sr_arena *a;
    struct sr_doc *doc;
    struct sr_error *err;
    /* char index -> byte offset */
    uint32_t *ckpt;
    size_t nckpt;
    size_t last_c, last_b; /* the last char index asked for and its byte offset: marks
                              mostly come in order, so the next walk starts there */
    int have_last;
    int ascii;
    int marks_differ;    /* libyaml's line breaks differ from ours (lone CR, NEL, LS, PS) */
    uint32_t *line_cidx; /* char index of each line start (relative to after BOM) */
    struct sr_frame *stack;
    size_t depth, stack_cap;
    struct sr_node **items; /* children of every open collection, innermost last */
    size_t nitems, items_cap;
    struct sr_anchor *anchors[256];
    size_t alias_total;
    size_t nodes;
    struct sr_strtab values; /* each distinct short scalar value, once */
};

static void sr_seterr(struct sr_loader *L, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void sr_seterr(struct sr_loader *L, size_t offset, const char *fmt, ...)
{
    va_list ap;
    L->err->offset = offset;
    L->err->pos = sr_doc_pos(L->doc, offset);
    va_start(ap, fmt);
    vsnprintf(L->err->message, sizeof(L->err->message), fmt, ap);
    va_end(ap);
}

/* ---- positions ---------------------------------------------------------- */

static int sr_is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Builds the line table and the char checkpoints. */
static void sr_index_text(struct sr_loader *L)
{
    struct sr_doc *d = L->doc;
    const unsigned char *t = (const unsigned char *)d->text;
    size_t len = d->len, nl = 1, crlf = 0, lf = 0;
    if (!d->bom && !memchr(t, '\r', len)) {
        /* Common case, LF only: lines by memchr; ASCII needs no char index. */
        int ascii = 1;
        for (size_t i = 0; i + 8 <= len && ascii; i += 8) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            ascii = !(w & 0x8080808080808080ull);
        }
        for (size_t i = len & ~(size_t)7; i < len && ascii; i++)
            ascii = t[i] < 0x80;
        if (ascii) {
            L->ascii = 1;
            for (const unsigned char *p = t; (p = memchr(p, '\n', len - (size_t)(p - t))) != NULL;
                 p++)
                nl++;
            d->line_start = sr_arena_alloc(L->a, nl * sizeof(*d->line_start));
            L->line_cidx = d->line_start; /* char index == byte offset */
            size_t line = 0;
            d->line_start[0] = 0;
            for (const unsigned char *p = t; (p = memchr(p, '\n', len - (size_t)(p - t))) != NULL;
                 p++)
                d->line_start[++line] = (uint32_t)(p - t) + 1;
            d->nlines = nl;
            d->ascii = 1;
            d->line_cidx = d->line_start;
            return;
        }
    }
    L->ascii = 1;
    for (size_t i = d->bom; i < len; i++) {
        if (t[i] == '\n') {
            nl++;
            lf++;
            if (i > 0 && t[i - 1] == '\r')
                crlf++;
        } else if (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n')) {
            nl++;
            L->marks_differ = 1;
        } else if (t[i] >= 0x80) {
            L->ascii = 0;
            /* NEL, LS and PS are line breaks to libyaml, not to editors. */
            if ((t[i] == 0xC2 && i + 1 < len && t[i + 1] == 0x85) ||
                (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 &&
                 (t[i + 2] == 0xA8 || t[i + 2] == 0xA9)))
                L->marks_differ = 1;
        }
    }
    d->crlf = lf > 0 && crlf * 2 > lf;
    d->line_start = sr_arena_alloc(L->a, nl * sizeof(*d->line_start));
    L->line_cidx = sr_arena_alloc(L->a, nl * sizeof(*L->line_cidx));
    /* libyaml is given the text after a byte-order mark, so its character
     * indexes start at byte d->bom. */
    size_t line = 0, cidx = 0;
    d->line_start[0] = (uint32_t)d->bom;
    L->line_cidx[0] = 0;
    uint32_t *byte_cidx = NULL;
    if (!L->ascii) {
        L->nckpt = len / SR_CKPT + 2;
        L->ckpt = sr_arena_alloc(L->a, L->nckpt * sizeof(*L->ckpt));
        byte_cidx = sr_arena_alloc(L->a, (len / SR_DOC_CKPT + 1) * sizeof(*byte_cidx));
        byte_cidx[0] = 0;
    }
    for (size_t i = d->bom; i < len; i++) {
        if (byte_cidx && i % SR_DOC_CKPT == 0)
            byte_cidx[i / SR_DOC_CKPT] = (uint32_t)cidx;
        if (sr_is_cont(t[i]))
            continue;
        if (!L->ascii && cidx % SR_CKPT == 0)
            L->ckpt[cidx / SR_CKPT] = (uint32_t)i;
        cidx++;
        int brk = t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'));
        if (brk) {
            line++;
            d->line_start[line] = (uint32_t)i + 1;
            L->line_cidx[line] = (uint32_t)cidx;
        }
    }
    if (!L->ascii && cidx % SR_CKPT == 0)
        L->ckpt[cidx / SR_CKPT] = (uint32_t)len;
    /* The end of a text whose length is a multiple of SR_DOC_CKPT has a
     * checkpoint that the loop never reached. */
    if (byte_cidx && len % SR_DOC_CKPT == 0 && len >= d->bom)
        byte_cidx[len / SR_DOC_CKPT] = (uint32_t)cidx;
    d->nlines = nl;
    d->ascii = L->ascii;
    d->line_cidx = L->line_cidx;
    d->byte_cidx = byte_cidx;
}

static size_t sr_byte_of_char(struct sr_loader *L, size_t cidx)
{
    const struct sr_doc *d = L->doc;
    if (L->ascii)
        return d->bom + cidx > d->len ? d->len : d->bom + cidx;
    size_t k = cidx / SR_CKPT;
    if (k >= L->nckpt)
        return d->len;
    size_t b = L->ckpt[k], left = cidx % SR_CKPT;
    if (L->have_last && L->last_c <= cidx && L->last_c / SR_CKPT == k) {
        b = L->last_b; /* same checkpoint span, further on: start at the last answer */
        left = cidx - L->last_c;
    }
    const unsigned char *t = (const unsigned char *)d->text;
    for (; left > 0 && b < d->len; left--) {
        b++;
        while (b < d->len && sr_is_cont(t[b]))
            b++;
    }
    L->last_c = cidx;
    L->last_b = b;
    L->have_last = 1;
    return b;
}

/* The line holding offset, at or after line lo (a binary search). */
static size_t sr_line_from(const struct sr_doc *d, size_t offset, size_t lo)
{
    size_t hi = d->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->line_start[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The line holding offset, from a guess: a few steps forward from it, or a
 * binary search on the side offset lies. */
static size_t sr_line_near(const struct sr_doc *d, size_t offset, size_t guess)
{
    if (guess >= d->nlines || d->line_start[guess] > offset)
        return sr_line_from(d, offset, 0);
    for (int k = 0; k < 4; k++, guess++)
        if (guess + 1 >= d->nlines || d->line_start[guess + 1] > offset)
            return guess;
    return sr_line_from(d, offset, guess);
}

struct sr_pos sr_doc_pos(const struct sr_doc *d, size_t offset)
{
    size_t line = 0;
    return sr_doc_pos_from(d, offset, &line);
}

struct sr_pos sr_doc_pos_from(const struct sr_doc *d, size_t offset, size_t *hint)
{
    struct sr_pos p = {1, 1};
    if (!d->line_start || d->nlines == 0) {
        /* Before indexing (early errors): count by hand. */
        const unsigned char *t = (const unsigned char *)d->text;
        for (size_t i = 0; i < offset && i < d->len; i++) {
            if (t[i] == '\n') {
                p.line++;
                p.col = 1;
            } else if (!sr_is_cont(t[i]) && !(i < 3 && d->bom)) {
                p.col++;
            }
        }
        return p;
    }
    if (offset > d->len)
        offset = d->len;
    size_t line = sr_line_near(d, offset, *hint);
    *hint = line;
    const unsigned char *t = (const unsigned char *)d->text;
    p.line = (int)line + 1;
    if (d->ascii && d->line_cidx) {
        p.col = (int)(offset - d->line_start[line]) + 1;
        return p;
    }
    if (d->byte_cidx && d->line_cidx) {
        /* The character index of offset: its checkpoint's, plus the
         * characters between (fewer than SR_DOC_CKPT bytes). */
        size_t from = offset / SR_DOC_CKPT * SR_DOC_CKPT, c = d->byte_cidx[offset / SR_DOC_CKPT];
        if (from < d->bom) {
            from = d->bom;
            c = 0;
        }
        for (size_t i = from; i < offset; i++)
            if (!sr_is_cont(t[i]))
                c++;
        p.col = (int)(c - d->line_cidx[line]) + 1;
        return p;
    }
    int col = 1;
    for (size_t i = d->line_start[line]; i < offset; i++)
        if (!sr_is_cont(t[i]))
            col++;
    p.col = col;
    return p;
}

size_t sr_doc_line_offset(const struct sr_doc *d, int line)
{
    if (line < 1 || (size_t)line > d->nlines)
        return d->len;
    return d->line_start[line - 1];
}

/* Position of a libyaml mark: fast path through the char index. */
static size_t sr_mark(struct sr_loader *L, const yaml_mark_t *m)
{
    return sr_byte_of_char(L, m->index);
}

/* ---- input checks ------------------------------------------------------- */

/* Returns the offset of the first invalid UTF-8 sequence, or len. */
static size_t sr_utf8_invalid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII runs eight bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || !sr_is_cont(s[i + k]))
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

/* ---- tree building ------------------------------------------------------ */

static unsigned sr_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Sets n's function byte and whether it and everything below it are free
 * of functions and aliases (impure: one of its items is not). */
static void sr_node_mark(struct sr_node *n, int impure)
{
    n->fn = (uint8_t)sr_node_classify(n);
    n->pure = (uint8_t)(n->fn == SR_FNC_SET && !impure);
}

/* A node of kind over [start, end); its value starts at start. */
static struct sr_node *sr_node_make(struct sr_loader *L, enum sr_node_kind kind, size_t start,
                                    size_t end)
{
    struct sr_node *n = sr_arena_take8(L->a, sizeof(*n));
    *n = (struct sr_node){.kind = kind, .start = (uint32_t)start, .end = (uint32_t)end};
    L->nodes++;
    return n;
}

/* After a tag and an anchor written before n's value. */
static inline __attribute__((always_inline)) size_t sr_value_start(const char *t,
                                                                   const struct sr_node *n)
{
    size_t v = n->start;
    for (int k = 0; k < 2 && v < n->end && (t[v] == '!' || t[v] == '&'); k++) {
        while (v < n->end && t[v] != ' ' && t[v] != '\t' && t[v] != '\n' && t[v] != '\r')
            v++;
        while (v < n->end && (t[v] == ' ' || t[v] == '\t' || t[v] == '\n' || t[v] == '\r'))
            v++;
    }
    return v;
}

size_t sr_node_vstart_far(const struct sr_doc *doc, const struct sr_node *n)
{
    return doc && doc->text ? sr_value_start(doc->text, n) : n->start;
}

static struct sr_node *sr_new_node(struct sr_loader *L, enum sr_node_kind kind,
                                   const yaml_mark_t *sm, const yaml_mark_t *em,
                                   const yaml_char_t *tag)
{
    size_t start = sr_mark(L, sm);
    struct sr_node *n = sr_node_make(L, kind, start, sr_mark(L, em));
    if (tag) {
        n->tag = sr_fn_static_tag((const char *)tag);
        if (!n->tag)
            n->tag = sr_arena_strdup(L->a, (const char *)tag);
    }
    /* Most nodes have no tag or anchor: one byte tells. */
    const char *t = L->doc->text;
    size_t v = n->start < n->end && (t[n->start] == '!' || t[n->start] == '&')
                   ? sr_value_start(t, n)
                   : n->start;
    n->vskip = v - n->start < SR_VSKIP_FAR ? (uint8_t)(v - n->start) : SR_VSKIP_FAR;
    return n;
}

static int sr_push_child(struct sr_loader *L, struct sr_node *child, size_t weight)
{
    if (L->depth == 0) {
        if (L->doc->root) {
            sr_seterr(L, child->start, "more than one document in the file");
            return -1;
        }
        L->doc->root = child;
        return 0;
    }
    struct sr_frame *f = &L->stack[L->depth - 1];
    if (L->nitems == L->items_cap) {
        L->items_cap = L->items_cap ? L->items_cap * 2 : 256;
        L->items = sr_xrealloc(L->items, L->items_cap * sizeof(*L->items));
    }
    L->items[L->nitems++] = child;
    child->parent = f->node;
    f->impure |= !child->pure;
    f->weight += weight;
    if (f->weight > SR_MAX_ALIAS_EXPANSION + 1)
        f->weight = SR_MAX_ALIAS_EXPANSION + 1;
    return 0;
}

static void sr_add_anchor(struct sr_loader *L, const yaml_char_t *name, struct sr_node *n,
                          size_t weight)
{
    if (!name)
        return;
    struct sr_anchor *an = sr_arena_alloc(L->a, sizeof(*an));
    an->name = sr_arena_strdup(L->a, (const char *)name);
    an->node = n;
    an->weight = weight;
    unsigned h = sr_hash(an->name) & 255;
    an->next = L->anchors[h]; /* later anchors shadow earlier ones */
    L->anchors[h] = an;
}

static struct sr_anchor *sr_find_anchor(struct sr_loader *L, const char *name)
{
    for (struct sr_anchor *an = L->anchors[sr_hash(name) & 255]; an; an = an->next)
        if (strcmp(an->name, name) == 0)
            return an;
    return NULL;
}

/* Duplicate scalar keys of a finished mapping: records (first, dup) pairs. */
static void sr_check_dups(struct sr_loader *L, struct sr_node *map)
{
    size_t n = map->n;
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            const struct sr_node *k = sr_deref(map->items[2 * i]);
            if (!k || k->kind != SR_SCALAR)
                continue;
            for (size_t j = 0; j < i; j++) {
                const struct sr_node *p = sr_deref(map->items[2 * j]);
                if (p && p->kind == SR_SCALAR && sr_node_len(p) == sr_node_len(k) &&
                    memcmp(sr_node_str(p), sr_node_str(k), sr_node_len(k)) == 0) {
                    sr_ptrvec_push(L->a, &L->doc->dups, map->items[2 * j]);
                    sr_ptrvec_push(L->a, &L->doc->dups, map->items[2 * i]);
                    break;
                }
            }
        }
        return;
    }
    size_t cap = 32;
    while (cap < n * 2)
        cap *= 2;
    struct sr_node **tab = sr_xcalloc(cap, sizeof(*tab));
    for (size_t i = 0; i < n; i++) {
        struct sr_node *kn = map->items[2 * i];
        const struct sr_node *k = sr_deref(kn);
        if (!k || k->kind != SR_SCALAR)
            continue;
        unsigned h = 2166136261u;
        for (size_t b = 0, klen = sr_node_len(k); b < klen; b++)
            h = (h ^ (unsigned char)sr_node_str(k)[b]) * 16777619u;
        for (size_t s = h & (cap - 1);; s = (s + 1) & (cap - 1)) {
            if (!tab[s]) {
                tab[s] = kn;
                break;
            }
            const struct sr_node *p = sr_deref(tab[s]);
            if (sr_node_len(p) == sr_node_len(k) &&
                memcmp(sr_node_str(p), sr_node_str(k), sr_node_len(k)) == 0) {
                sr_ptrvec_push(L->a, &L->doc->dups, tab[s]);
                sr_ptrvec_push(L->a, &L->doc->dups, kn);
                break;
            }
        }
    }
    free(tab);
}

static int sr_open(struct sr_loader *L, struct sr_node *n)
{
    if (L->depth >= SR_MAX_DEPTH) {
        sr_seterr(L, n->start, "nesting deeper than %d levels", SR_MAX_DEPTH);
        return -1;
    }
    if (L->depth == L->stack_cap) {
        L->stack_cap = L->stack_cap ? L->stack_cap * 2 : 16;
        L->stack = sr_xrealloc(L->stack, L->stack_cap * sizeof(*L->stack));
    }
    struct sr_frame *f = &L->stack[L->depth++];
    f->node = n;
    f->first = L->nitems;
    f->weight = 1;
    f->anchor = NULL;
    f->impure = 0;
    return 0;
}

static int sr_close(struct sr_loader *L, size_t end_off)
{
    struct sr_frame *f = &L->stack[L->depth - 1];
    struct sr_node *n = f->node;
    size_t count = L->nitems - f->first;
    if (n->kind == SR_MAP && count % 2 != 0) {
        sr_seterr(L, n->start, "mapping with a key and no value");
        return -1;
    }
    n->n = n->kind == SR_MAP ? count / 2 : count;
    if (count) {
        n->items = sr_arena_take8(L->a, count * sizeof(*n->items));
        memcpy(n->items, L->items + f->first, count * sizeof(*n->items));
    }
    L->nitems = f->first;
    /* End: flow collections end after their bracket; block ones after the
     * last child (libyaml's block end mark sits at the next token). */
    if (n->style == SR_STYLE_FLOW || count == 0) {
        n->end = (uint32_t)end_off;
    } else {
        struct sr_node *last = n->items[count - 1];
        n->end = last->end;
    }
    sr_node_mark(n, f->impure);
    size_t weight = f->weight;
    L->depth--;
    if (n->kind == SR_MAP)
        sr_check_dups(L, n);
    return sr_push_child(L, n, weight);
}

/* ---- the JSON reader ----------------------------------------------------- */

/*
 * Strict JSON into the nodes libyaml's events give for the same text: a
 * string is a double-quoted scalar from its opening quote to just past the
 * closing one, a number, true, false or null a plain scalar, an object or
 * an array a flow collection from its bracket to just past the closing
 * one. Every "give up" (-1) sends the file to libyaml, which reads it as
 * before: the reader never reports an error of its own.
 */
#define SR_JSON_KEY_SPAN 1000 /* bytes from a key's quote to its ':' (libyaml: 1024 chars) */

struct sr_jr {
    struct sr_loader *L;
    const unsigned char *t;
    size_t len, i;
    int line; /* 1-based line of byte i */
};

/* Skips spaces and line breaks (tabs too inside the root, where libyaml
 * takes them as separation). */
static void sr_jr_ws(struct sr_jr *r)
{
    while (r->i < r->len) {
        unsigned char c = r->t[r->i];
        if (c == '\n') {
            r->line++;
        } else if (c == '\r') {
            if (r->i + 1 >= r->len || r->t[r->i + 1] != '\n')
                return; /* a lone CR: not met here (marks_differ) */
        } else if (c != ' ' && !(c == '\t' && r->L->depth > 0)) {
            return;
        }
        r->i++;
    }
}

static struct sr_node *sr_jr_node(struct sr_jr *r, enum sr_node_kind kind, size_t start, size_t end)
{
    return sr_node_make(r->L, kind, start, end);
}

static int sr_jr_hex4(const unsigned char *s, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = s[k];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

/* A string at r->i (the opening quote): a double-quoted scalar. */
/* The text of a JSON string's body raw[0..rlen) with its escapes undone,
 * into out (at least rlen bytes); *len set. -1 on an escape the reader
 * leaves to libyaml. */
static int sr_jr_unescape(const char *raw, size_t rlen, char *out, size_t *len)
{
    size_t w = 0;
    for (size_t q = 0; q < rlen; q++) {
        if (raw[q] != '\\') {
            out[w++] = raw[q];
            continue;
        }
        char e = raw[++q];
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out[w++] = e;
            break;
        case 'b':
            out[w++] = '\b';
            break;
        case 'f':
            out[w++] = '\f';
            break;
        case 'n':
            out[w++] = '\n';
            break;
        case 'r':
            out[w++] = '\r';
            break;
        case 't':
            out[w++] = '\t';
            break;
        case 'u': {
            unsigned v;
            if (q + 4 >= rlen || sr_jr_hex4((const unsigned char *)raw + q + 1, &v) < 0)
                return -1;
            if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
                return -1; /* NUL, or half of a pair: libyaml's own answer */
            q += 4;
            if (v < 0x80) {
                out[w++] = (char)v;
            } else if (v < 0x800) {
                out[w++] = (char)(0xC0 | (v >> 6));
                out[w++] = (char)(0x80 | (v & 0x3F));
            } else {
                out[w++] = (char)(0xE0 | (v >> 12));
                out[w++] = (char)(0x80 | ((v >> 6) & 0x3F));
                out[w++] = (char)(0x80 | (v & 0x3F));
            }
            break;
        }
        default:
            return -1; /* not a JSON escape */
        }
    }
    *len = w;
    return 0;
}

static struct sr_node *sr_jr_string(struct sr_jr *r)
{
    const unsigned char *t = r->t;
    size_t start = r->i, k = start + 1;
    int escaped = 0;
    for (;; k++) {
        if (k >= r->len)
            return NULL;
        unsigned char c = t[k];
        if (c == '"')
            break;
        if (c < 0x20 || c == 0x7F)
            return NULL; /* raw control: not JSON, or folded by YAML */
        if (c == '\\') {
            escaped = 1;
            if (++k >= r->len)
                return NULL;
            continue;
        }
        /* What libyaml's reader refuses or treats apart: C1 controls, the
         * non-characters U+FFFE and U+FFFF, a byte-order mark. */
        if (c == 0xC2 && k + 1 < r->len && t[k + 1] < 0xA0)
            return NULL;
        if (c == 0xEF && k + 2 < r->len &&
            ((t[k + 1] == 0xBF && (t[k + 2] == 0xBE || t[k + 2] == 0xBF)) ||
             (t[k + 1] == 0xBB && t[k + 2] == 0xBF)))
            return NULL;
    }
    size_t close = k; /* the closing quote */
    struct sr_node *n = sr_jr_node(r, SR_SCALAR, start, close + 1);
    n->style = SR_STYLE_DOUBLE;
    const char *raw = (const char *)t + start + 1;
    size_t rlen = close - start - 1;
    if (!escaped) {
        n->sval = sr_strtab_intern(&r->L->values, r->L->a, raw, rlen);
    } else {
        /* Unescaped is never longer; stored as every scalar is (sr_node_len). */
        char *out = sr_xmalloc(rlen + 1);
        size_t w;
        int rc = sr_jr_unescape(raw, rlen, out, &w);
        if (rc == 0)
            n->sval = sr_strtab_intern(&r->L->values, r->L->a, out, w);
        free(out);
        if (rc < 0)
            return NULL;
    }
    r->i = close + 1;
    return n;
}

/* After a plain scalar: what may follow it in JSON. */
static int sr_jr_delim(const struct sr_jr *r, size_t k)
{
    if (k >= r->len)
        return 1;
    unsigned char c = r->t[k];
    return c == ' ' || c == '\n' || c == '\r' || c == ',' || c == ']' || c == '}' ||
           (c == '\t' && r->L->depth > 0);
}

/* A number, true, false or null: a plain scalar. */
static struct sr_node *sr_jr_plain(struct sr_jr *r)
{
    const unsigned char *t = r->t;
    size_t k = r->i, len = r->len;
    static const char *const words[] = {"true", "false", "null"};
    int word = 0;
    for (size_t w = 0; w < 3; w++) {
        size_t wl = strlen(words[w]);
        if (k + wl <= len && memcmp(t + k, words[w], wl) == 0) {
            k += wl;
            word = 1;
            break;
        }
    }
    if (!word) {
        if (k < len && t[k] == '-')
            k++;
        if (k >= len || t[k] < '0' || t[k] > '9')
            return NULL;
        if (t[k] == '0')
            k++;
        else
            while (k < len && t[k] >= '0' && t[k] <= '9')
                k++;
        if (k < len && t[k] == '.') {
            k++;
            if (k >= len || t[k] < '0' || t[k] > '9')
                return NULL;
            while (k < len && t[k] >= '0' && t[k] <= '9')
                k++;
        }
        if (k < len && (t[k] == 'e' || t[k] == 'E')) {
            k++;
            if (k < len && (t[k] == '+' || t[k] == '-'))
                k++;
            if (k >= len || t[k] < '0' || t[k] > '9')
                return NULL;
            while (k < len && t[k] >= '0' && t[k] <= '9')
                k++;
        }
    }
    if (!sr_jr_delim(r, k))
        return NULL;
    struct sr_node *n = sr_jr_node(r, SR_SCALAR, r->i, k);
    n->style = SR_STYLE_PLAIN;
    n->sval = sr_strtab_intern(&r->L->values, r->L->a, (const char *)t + r->i, k - r->i);
    r->i = k;
    return n;
}

static int sr_jr_value(struct sr_jr *r);

/* An object or an array at r->i. */
static int sr_jr_collection(struct sr_jr *r)
{
    struct sr_loader *L = r->L;
    int map = r->t[r->i] == '{';
    unsigned char close = map ? '}' : ']';
    if (L->depth >= SR_MAX_DEPTH)
        return -1;
    struct sr_node *n = sr_jr_node(r, map ? SR_MAP : SR_SEQ, r->i, r->i + 1);
    n->style = SR_STYLE_FLOW;
    if (sr_open(L, n) < 0)
        return -1;
    r->i++;
    sr_jr_ws(r);
    if (r->i < r->len && r->t[r->i] == close) {
        r->i++;
        return sr_close(L, r->i);
    }
    for (;;) {
        if (map) {
            if (r->i >= r->len || r->t[r->i] != '"')
                return -1;
            size_t kstart = r->i;
            int kline = r->line;
            struct sr_node *k = sr_jr_string(r);
            if (!k)
                return -1;
            sr_node_mark(k, 0);
            if (sr_push_child(L, k, 1) < 0)
                return -1;
            sr_jr_ws(r);
            /* libyaml keeps a key a simple key only on one line and
             * within 1,024 characters of its ':'. */
            if (r->i >= r->len || r->t[r->i] != ':' || r->line != kline ||
                r->i - kstart > SR_JSON_KEY_SPAN)
                return -1;
            r->i++;
            sr_jr_ws(r);
        }
        if (sr_jr_value(r) < 0)
            return -1;
        sr_jr_ws(r);
        if (r->i >= r->len)
            return -1;
        if (r->t[r->i] == ',') {
            r->i++;
            sr_jr_ws(r);
            continue;
        }
        if (r->t[r->i] != close)
            return -1;
        r->i++;
        return sr_close(L, r->i);
    }
}

static int sr_jr_value(struct sr_jr *r)
{
    if (r->i >= r->len)
        return -1;
    if (r->L->nodes >= SR_MAX_NODES)
        return -1;
    unsigned char c = r->t[r->i];
    if (c == '{' || c == '[')
        return sr_jr_collection(r);
    struct sr_node *n = c == '"' ? sr_jr_string(r) : sr_jr_plain(r);
    if (!n)
        return -1;
    sr_node_mark(n, 0);
    return sr_push_child(r->L, n, 1);
}

/* Reads the whole text as JSON; 0, or -1 to read it with libyaml. */
static int sr_json_read(struct sr_loader *L)
{
    struct sr_jr r;
    memset(&r, 0, sizeof(r));
    r.L = L;
    r.t = (const unsigned char *)L->doc->text;
    r.len = L->doc->len;
    r.line = 1;
    sr_jr_ws(&r);
    if (r.i >= r.len || r.t[r.i] != '{')
        return -1;
    if (sr_jr_value(&r) < 0)
        return -1;
    sr_jr_ws(&r);
    return r.i == r.len && L->doc->root ? 0 : -1;
}

int sr_load(struct sr_arena *arena, const char *path, const char *text, size_t len,
            struct sr_doc *doc, struct sr_error *err)
{
    return sr_load_flags(arena, path, text, len, doc, err, 0);
}

int sr_load_flags(struct sr_arena *arena, const char *path, const char *text, size_t len,
                  struct sr_doc *doc, struct sr_error *err, unsigned flags)
{
    struct sr_loader L;
    memset(&L, 0, sizeof(L));
    memset(doc, 0, sizeof(*doc));
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path ? path : "-");
    doc->path = path;
    doc->text = text;
    doc->len = len;
    L.a = arena;
    L.doc = doc;
    L.err = err;
    const unsigned char *t = (const unsigned char *)text;

    if (len > SR_MAX_FILE_SIZE) {
        sr_seterr(&L, 0, "file is larger than the limit of %zu MiB", SR_MAX_FILE_SIZE >> 20);
        return -1;
    }
    if (len >= 2 && ((t[0] == 0xFE && t[1] == 0xFF) || (t[0] == 0xFF && t[1] == 0xFE))) {
        sr_seterr(&L, 0, "file is UTF-16 encoded; templates must be UTF-8");
        return -1;
    }
    if (len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
        doc->bom = 3;
    const void *nul = memchr(text, '\0', len);
    if (nul) {
        sr_seterr(&L, (size_t)((const char *)nul - text), "NUL byte in the file");
        return -1;
    }
    size_t bad = sr_utf8_invalid(t, len);
    if (bad < len) {
        sr_seterr(&L, bad, "invalid UTF-8 byte 0x%02X", t[bad]);
        return -1;
    }
    sr_index_text(&L);
    for (size_t i = doc->bom; i < len; i++) {
        if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r' || t[i] == '\n')
            continue;
        doc->is_json = t[i] == '{';
        break;
    }
    if (doc->is_json && !(flags & SR_LOAD_YAML_ONLY) && !doc->bom && !L.marks_differ) {
        if (sr_json_read(&L) == 0) {
            doc->json_reader = 1;
            free(L.items);
            free(L.stack);
            sr_strtab_free(&L.values);
            return 0;
        }
        /* Not taken as libyaml would: start again with libyaml. */
        doc->root = NULL;
        memset(&doc->dups, 0, sizeof(doc->dups));
        L.depth = L.nitems = L.nodes = 0;
    }

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        sr_seterr(&L, 0, "cannot initialise the YAML parser");
        return -1;
    }
    /* libyaml gets the text after a byte-order mark: with the mark it
     * takes the first key as a column-1 token and fails on the second. */
    yaml_parser_set_input_string(&parser, t + doc->bom, len - doc->bom);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int rc = 0, done = 0, ndocs = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            const char *problem = parser.problem ? parser.problem : "syntax error";
            size_t off;
            if (parser.error == YAML_READER_ERROR) {
                off =
                    doc->bom + parser.problem_offset < len ? doc->bom + parser.problem_offset : len;
                sr_seterr(&L, off, "%s", problem);
            } else {
                off = sr_mark(&L, &parser.problem_mark);
                if (parser.context)
                    sr_seterr(&L, off, "%s %s", problem, parser.context);
                else
                    sr_seterr(&L, off, "%s", problem);
            }
            rc = -1;
            break;
        }
        struct sr_node *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                sr_seterr(&L, sr_mark(&L, &ev.start_mark), "more than one document in the file");
                rc = -1;
            }
            break;
        case YAML_SCALAR_EVENT:
            n = sr_new_node(&L, SR_SCALAR, &ev.start_mark, &ev.end_mark, ev.data.scalar.tag);
            n->sval = sr_strtab_intern(&L.values, arena, (const char *)ev.data.scalar.value,
                                       ev.data.scalar.length);
            switch (ev.data.scalar.style) {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE:
                n->style = SR_STYLE_SINGLE;
                break;
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
                n->style = SR_STYLE_DOUBLE;
                break;
            case YAML_LITERAL_SCALAR_STYLE:
                n->style = SR_STYLE_LITERAL;
                break;
            case YAML_FOLDED_SCALAR_STYLE:
                n->style = SR_STYLE_FOLDED;
                break;
            default:
                n->style = SR_STYLE_PLAIN;
            }
            sr_node_mark(n, 0);
            sr_add_anchor(&L, ev.data.scalar.anchor, n, 1);
            if (sr_push_child(&L, n, 1) < 0)
                rc = -1;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            int map = ev.type == YAML_MAPPING_START_EVENT;
            n = sr_new_node(&L, map ? SR_MAP : SR_SEQ, &ev.start_mark, &ev.end_mark,
                            map ? ev.data.mapping_start.tag : ev.data.sequence_start.tag);
            int flow = map ? ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                           : ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
            n->style = flow ? SR_STYLE_FLOW : SR_STYLE_BLOCK;
            if (sr_open(&L, n) < 0) {
                rc = -1;
                break;
            }
            /* Anchors on collections are registered when they close. */
            const yaml_char_t *anc =
                map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor;
            L.stack[L.depth - 1].anchor = anc ? sr_arena_strdup(arena, (const char *)anc) : NULL;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            /* libyaml pairs every end with a start; checked, not trusted. */
            if (L.depth == 0) {
                sr_seterr(&L, 0, "internal error: a collection ends that never started");
                rc = -1;
                break;
            }
            struct sr_frame *f = &L.stack[L.depth - 1];
            struct sr_node *coll = f->node;
            const char *anc = f->anchor;
            size_t weight = f->weight;
            if (sr_close(&L, sr_mark(&L, &ev.end_mark)) < 0) {
                rc = -1;
                break;
            }
            if (anc)
                sr_add_anchor(&L, (const yaml_char_t *)anc, coll, weight);
            break;
        }
        case YAML_ALIAS_EVENT: {
            const char *name = (const char *)ev.data.alias.anchor;
            struct sr_anchor *an = sr_find_anchor(&L, name);
            n = sr_new_node(&L, SR_ALIAS, &ev.start_mark, &ev.end_mark, NULL);
            if (!an) {
                sr_seterr(&L, n->start, "alias *%s names no anchor defined before it", name);
                rc = -1;
                break;
            }
            n->target = an->node;
            L.alias_total += an->weight;
            if (L.alias_total > SR_MAX_ALIAS_EXPANSION) {
                sr_seterr(&L, n->start,
                          "aliases expand to more than %u nodes (alias bomb?); refusing the file",
                          SR_MAX_ALIAS_EXPANSION);
                rc = -1;
                break;
            }
            if (sr_push_child(&L, n, an->weight) < 0)
                rc = -1;
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (rc == 0 && L.nodes > SR_MAX_NODES) {
            sr_seterr(&L, len, "more than %u nodes in the file", SR_MAX_NODES);
            rc = -1;
        }
        if (rc < 0)
            break;
    }
    yaml_parser_delete(&parser);
    free(L.items);
    free(L.stack);
    sr_strtab_free(&L.values);
    return rc;
}

/* ---- comparing trees ---------------------------------------------------- */

static const char *sr_node_differs(struct sr_arena *a, const struct sr_node *x,
                                   const struct sr_node *y, const struct sr_node *px,
                                   const struct sr_node *py, int depth)
{
    if (!x || !y)
        return x == y ? NULL : "a node is missing";
    if (x->parent != px || y->parent != py)
        return sr_arena_printf(a, "parent of the node at %u", x->start);
    if (x->kind != y->kind || x->style != y->style || x->fn != y->fn || x->pure != y->pure)
        return sr_arena_printf(a, "kind, style or function at %u", x->start);
    if (x->start != y->start || x->end != y->end || x->vskip != y->vskip)
        return sr_arena_printf(a, "range %u-%u against %u-%u", x->start, x->end, y->start, y->end);
    if ((x->tag || y->tag) && (!x->tag || !y->tag || strcmp(x->tag, y->tag) != 0))
        return sr_arena_printf(a, "tag at %u", x->start);
    if (sr_node_len(x) != sr_node_len(y) || (!sr_node_str(x)) != (!sr_node_str(y)) ||
        (sr_node_str(x) && memcmp(sr_node_str(x), sr_node_str(y), sr_node_len(x)) != 0))
        return sr_arena_printf(a, "value at %u", x->start);
    if (x->n != y->n)
        return sr_arena_printf(a, "%u items against %u at %u", x->n, y->n, x->start);
    if (x->kind == SR_ALIAS)
        return x->target && y->target && x->target->start == y->target->start
                   ? NULL
                   : sr_arena_printf(a, "alias target at %u", x->start);
    if (depth > SR_MAX_DEPTH + 1)
        return NULL;
    size_t count = x->kind == SR_MAP ? 2 * (size_t)x->n : x->kind == SR_SEQ ? x->n : 0;
    for (size_t i = 0; i < count; i++) {
        const char *d = sr_node_differs(a, x->items[i], y->items[i], x, y, depth + 1);
        if (d)
            return d;
    }
    return NULL;
}

const char *sr_doc_differs(struct sr_arena *a, const struct sr_doc *x, const struct sr_doc *y)
{
    const char *d = sr_node_differs(a, x->root, y->root, NULL, NULL, 0);
    if (d)
        return d;
    if (x->dups.n != y->dups.n)
        return sr_arena_printf(a, "%zu duplicate keys against %zu", (size_t)x->dups.n / 2,
                               (size_t)y->dups.n / 2);
    for (size_t i = 0; i < x->dups.n; i++) {
        const struct sr_node *p = x->dups.v[i], *q = y->dups.v[i];
        if (p->start != q->start)
            return sr_arena_printf(a, "duplicate key at %u against %u", p->start, q->start);
    }
    return NULL;
}

/* ---- accessors ---------------------------------------------------------- */

unsigned sr_node_classify(const struct sr_node *n)
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
    return SR_FNC_SET | (unsigned)sr_fn_from_key(sr_node_str(k));
}

const struct sr_node *sr_map_get_n(const struct sr_node *map, const char *key, size_t klen,
                                   const struct sr_node **keynode)
{
    map = sr_deref(map);
    if (!map || map->kind != SR_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++) {
        const struct sr_node *k = sr_deref(map->items[2 * i]);
        /* The first byte before the call: most keys differ there. */
        if (k && k->kind == SR_SCALAR &&
            (klen == 0 ? sr_scalar_len(k) == 0
                       : k->sval[0] == key[0] && sr_scalar_len(k) == klen &&
                             memcmp(k->sval, key, klen) == 0)) {
            if (keynode)
                *keynode = map->items[2 * i];
            return sr_deref(map->items[2 * i + 1]);
        }
    }
    return NULL;
}

int sr_scalar_eq(const struct sr_node *n, const char *s)
{
    n = sr_deref(n);
    return n && n->kind == SR_SCALAR && strcmp(sr_node_str(n), s) == 0;
}

int sr_scalar_bool(const struct sr_node *n)
{
    const char *s = sr_scalar(n);
    if (!s)
        return -1;
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        return 1;
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return 0;
    return -1;
}

int sr_scalar_int(const struct sr_node *n, long long *out)
{
    const char *s = sr_scalar(n);
    if (!s || !*s)
        return -1;
    char *end;

    long long v = strtoll(s, &end, 10);
    if (*end != '\0')
        return -1;
    *out = v;
    return 0;
}

const struct sr_node *sr_path(const struct sr_node *n, const char *path)
{
    char key[256];
    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        if (len >= sizeof(key))
            return NULL;
        memcpy(key, path, len);
        key[len] = '\0';
        n = sr_map_get(n, key);
        path += len + (slash ? 1 : 0);
    }
    return sr_deref(n);
}
