/*
 * lsp_text.c - document bytes, LSP line table and position conversion.
 *
 * The line table is rebuilt on demand after an edit (one pass over the
 * text); a conversion then costs a binary search and a walk over one line.
 */
#include "lsp_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "report_escape.h"

void lsp_text_init(struct lsp_text *t)
{
    memset(t, 0, sizeof(*t));
    t->cap = 1;
    t->s = sr_xmalloc(1);
    t->s[0] = '\0';
}

void lsp_text_release(struct lsp_text *t)
{
    free(t->s);
    free(t->lines);
    memset(t, 0, sizeof(*t));
}

static void lsp_text_reserve(struct lsp_text *t, size_t need)
{
    if (need + 1 <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < need + 1)
        cap = cap > ((size_t)-1) / 2 ? need + 1 : cap * 2;
    t->s = sr_xrealloc(t->s, cap);
    t->cap = cap;
}

void lsp_text_set(struct lsp_text *t, const char *s, size_t n)
{
    lsp_text_reserve(t, n);
    if (n)
        memcpy(t->s, s, n);
    t->len = n;
    t->s[n] = '\0';
    t->lines_valid = 0;
}

void lsp_text_replace(struct lsp_text *t, size_t start, size_t end, const char *s, size_t n)
{
    if (start > t->len)
        start = t->len;
    if (end > t->len)
        end = t->len;
    if (end < start)
        end = start;
    size_t tail = t->len - end;
    size_t newlen = start + n + tail;
    lsp_text_reserve(t, newlen);
    memmove(t->s + start + n, t->s + end, tail);
    if (n)
        memcpy(t->s + start, s, n);
    t->len = newlen;
    t->s[newlen] = '\0';
    t->lines_valid = 0;
}

static void lsp_text_index(struct lsp_text *t)
{
    if (t->lines_valid)
        return;
    t->nlines = 0;
    for (size_t i = 0;; i++) {
        if (t->nlines == t->lcap) {
            t->lcap = t->lcap ? t->lcap * 2 : 256;
            t->lines = sr_xrealloc(t->lines, t->lcap * sizeof(*t->lines));
        }
        t->lines[t->nlines++] = i;
        const char *p = i < t->len ? t->s + i : NULL;
        size_t rest = t->len - i;
        /* Find the next line break from i. */
        const char *nl = p ? memchr(p, '\n', rest) : NULL;
        const char *cr = p ? memchr(p, '\r', nl ? (size_t)(nl - p) : rest) : NULL;
        if (cr) {
            i = (size_t)(cr - t->s);
            if (i + 1 < t->len && t->s[i + 1] == '\n')
                i++;
        } else if (nl) {
            i = (size_t)(nl - t->s);
        } else {
            break;
        }
    }
    t->lines_valid = 1;
}

size_t lsp_text_nlines(struct lsp_text *t)
{
    lsp_text_index(t);
    return t->nlines;
}

/* End of line i's content (before its line break). */
static size_t lsp_line_content_end(const struct lsp_text *t, size_t i)
{
    if (i + 1 >= t->nlines)
        return t->len;
    size_t next = t->lines[i + 1];
    if (next >= 2 && t->s[next - 1] == '\n' && t->s[next - 2] == '\r')
        return next - 2;
    return next - 1;
}

/* Index of the line holding offset off. */
static size_t lsp_line_of(const struct lsp_text *t, size_t off)
{
    size_t lo = 0, hi = t->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Code units of one decoded sequence of l bytes with code point cp. */
static size_t lsp_units(uint32_t cp, size_t l, enum lsp_encoding enc)
{
    switch (enc) {
    case LSP_ENC_UTF8:
        return l;
    case LSP_ENC_UTF32:
        return 1;
    case LSP_ENC_UTF16:
    default:
        return cp != SR_UTF8_BAD && cp > 0xFFFF ? 2 : 1;
    }
}

size_t lsp_text_offset(struct lsp_text *t, long line, long character, enum lsp_encoding enc)
{
    lsp_text_index(t);
    if (line < 0)
        line = 0;
    if (character < 0)
        character = 0;
    if ((size_t)line >= t->nlines)
        return t->len;
    size_t off = t->lines[line], end = lsp_line_content_end(t, (size_t)line);
    size_t want = (size_t)character, units = 0;
    while (off < end && units < want) {
        uint32_t cp;
        size_t l = sr_utf8_decode(t->s + off, end - off, &cp);
        size_t u = lsp_units(cp, l, enc);
        if (units + u > want)
            break; /* inside this code point: its start */
        units += u;
        off += l;
    }
    return off;
}

void lsp_text_position(struct lsp_text *t, size_t off, enum lsp_encoding enc, long *line,
                       long *character)
{
    lsp_text_index(t);
    if (off > t->len)
        off = t->len;
    size_t i = lsp_line_of(t, off);
    size_t end = lsp_line_content_end(t, i);
    if (off > end)
        off = end;
    size_t p = t->lines[i], units = 0;
    while (p < off) {
        uint32_t cp;
        size_t l = sr_utf8_decode(t->s + p, end - p, &cp);
        if (p + l > off)
            break;
        units += lsp_units(cp, l, enc);
        p += l;
    }
    *line = (long)i;
    *character = (long)units;
}

size_t lsp_text_line_end(struct lsp_text *t, size_t off)
{
    lsp_text_index(t);
    if (off > t->len)
        off = t->len;
    return lsp_line_content_end(t, lsp_line_of(t, off));
}
