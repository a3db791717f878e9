/*
 * diff.c - line diff (Myers' O(ND) greedy algorithm on the part between
 * the common head and tail) and unified hunks with three lines of context.
 * Past a few thousand differing lines it gives up on minimality and writes
 * the middle as one replacement, which is still a correct patch.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define SR_DIFF_CONTEXT ((size_t)3)
#define SR_DIFF_MAX_D 4000

struct sr_lines {
    const char **p; /* line starts */
    size_t *len;    /* with the line break */
    uint32_t *hash;
    size_t n;
    int last_open; /* the last line has no line break */
};

static void sr_lines_split(struct sr_lines *l, const char *t, size_t len)
{
    memset(l, 0, sizeof(*l));
    if (!t)
        len = 0; /* no text: no lines, but the arrays exist all the same */
    size_t cap = 16;
    l->p = sr_xmalloc(cap * sizeof(*l->p));
    l->len = sr_xmalloc(cap * sizeof(*l->len));
    size_t s = 0;
    while (s < len) {
        const char *nl = memchr(t + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - t) + 1 : len;
        if (l->n == cap) {
            cap *= 2;
            l->p = sr_xrealloc(l->p, cap * sizeof(*l->p));
            l->len = sr_xrealloc(l->len, cap * sizeof(*l->len));
        }
        l->p[l->n] = t + s;
        l->len[l->n] = e - s;
        l->n++;
        if (!nl)
            l->last_open = 1;
        s = e;
    }
    l->hash = sr_xmalloc((l->n + 1) * sizeof(*l->hash));
    for (size_t i = 0; i < l->n; i++) {
        uint32_t h = 2166136261u;
        for (size_t k = 0; k < l->len[i]; k++)
            h = (h ^ (unsigned char)l->p[i][k]) * 16777619u;
        l->hash[i] = h;
    }
}

static void sr_lines_free(struct sr_lines *l)
{
    free(l->p);
    free(l->len);
    free(l->hash);
}

static int sr_line_eq(const struct sr_lines *a, size_t i, const struct sr_lines *b, size_t j)
{
    return a->hash[i] == b->hash[j] && a->len[i] == b->len[j] &&
           memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

/* Edit script: one op per line of the merged sequence. */
enum { SR_OP_EQ = 0, SR_OP_DEL = 1, SR_OP_INS = 2 };

struct sr_script {
    unsigned char *op;
    size_t n, cap;
};

static void sr_script_add(struct sr_script *s, unsigned char op)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->op = sr_xrealloc(s->op, s->cap);
    }
    s->op[s->n++] = op;
}

/*
 * Myers on a[ao..ao+n) and b[bo..bo+m). Appends the ops to s in order.
 * Returns 0, or -1 when the distance exceeds the bound (nothing appended).
 */
static int sr_myers(const struct sr_lines *a, size_t ao, size_t n, const struct sr_lines *b,
                    size_t bo, size_t m, struct sr_script *s)
{
    long max = (long)(n + m);
    if (max > 2L * SR_DIFF_MAX_D + 2)
        max = 2L * SR_DIFF_MAX_D + 2;
    long off = max + 1;
    long *v = sr_xcalloc((size_t)(2 * off + 1), sizeof(*v));
    /* trace[d] holds v[-d..d] after step d. */
    long **trace = sr_xcalloc((size_t)SR_DIFF_MAX_D + 1, sizeof(*trace));
    long d, found = -1;
    for (d = 0; d <= SR_DIFF_MAX_D && d <= (long)(n + m); d++) {
        for (long k = -d; k <= d; k += 2) {
            long x;
            if (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
                x = v[off + k + 1];
            else
                x = v[off + k - 1] + 1;
            long y = x - k;
            while (x < (long)n && y < (long)m && sr_line_eq(a, ao + (size_t)x, b, bo + (size_t)y)) {
                x++;
                y++;
            }
            v[off + k] = x;
            if (x >= (long)n && y >= (long)m) {
                found = d;
                break;
            }
        }
        trace[d] = sr_xmalloc((size_t)(2 * d + 1) * sizeof(long));
        for (long k = -d; k <= d; k++)
            trace[d][k + d] = v[off + k];
        if (found >= 0)
            break;
    }
    int rc = -1;
    if (found >= 0) {
        /* Walk back from (n, m), collecting ops in reverse. */
        size_t cap = n + m + 1, len = 0;
        unsigned char *rev = sr_xmalloc(cap);
        long x = (long)n, y = (long)m;
        for (d = found; d > 0; d--) {
            long k = x - y;
            const long *pv = trace[d - 1];
            long prev_k;
            if (k == -d || (k != d && pv[k - 1 + (d - 1)] < pv[k + 1 + (d - 1)]))
                prev_k = k + 1;
            else
                prev_k = k - 1;
            long px = pv[prev_k + (d - 1)], py = px - prev_k;
            while (x > px && y > py) {
                rev[len++] = SR_OP_EQ;
                x--;
                y--;
            }
            if (x == px)
                rev[len++] = SR_OP_INS, y--;
            else
                rev[len++] = SR_OP_DEL, x--;
        }
        while (x > 0 && y > 0) {
            rev[len++] = SR_OP_EQ;
            x--;
            y--;
        }
        while (len > 0)
            sr_script_add(s, rev[--len]);
        free(rev);
        rc = 0;
    }
    for (long i = 0; i <= SR_DIFF_MAX_D; i++)
        free(trace[i]);
    free(trace);
    free(v);
    return rc;
}

static int sr_put_line(FILE *out, char mark, const struct sr_lines *l, size_t i)
{
    if (fputc(mark, out) == EOF || fwrite(l->p[i], 1, l->len[i], out) != l->len[i])
        return -1;
    if (i + 1 == l->n && l->last_open)
        if (fputs("\n\\ No newline at end of file\n", out) == EOF)
            return -1;
    return 0;
}

static void sr_range(FILE *out, size_t start, size_t count)
{
    /* GNU convention: an empty range names the line before it. */
    if (count == 1)
        fprintf(out, "%zu", start + 1);
    else
        fprintf(out, "%zu,%zu", count ? start + 1 : start, count);
}

int sr_diff_write(FILE *out, const char *path, const char *old, size_t olen, const char *new_,
                  size_t nlen)
{
    if (old && olen == nlen && memcmp(old, new_, olen) == 0)
        return 0;
    struct sr_lines a, b;
    sr_lines_split(&a, old, olen);
    sr_lines_split(&b, new_, nlen);

    struct sr_script s = {0};
    size_t head = 0, tail = 0;
    while (head < a.n && head < b.n && sr_line_eq(&a, head, &b, head))
        head++;
    while (tail < a.n - head && tail < b.n - head &&
           sr_line_eq(&a, a.n - 1 - tail, &b, b.n - 1 - tail))
        tail++;
    for (size_t i = 0; i < head; i++)
        sr_script_add(&s, SR_OP_EQ);
    size_t mn = a.n - head - tail, mm = b.n - head - tail;
    if (sr_myers(&a, head, mn, &b, head, mm, &s) < 0) {
        for (size_t i = 0; i < mn; i++)
            sr_script_add(&s, SR_OP_DEL);
        for (size_t i = 0; i < mm; i++)
            sr_script_add(&s, SR_OP_INS);
    }
    for (size_t i = 0; i < tail; i++)
        sr_script_add(&s, SR_OP_EQ);

    while (path[0] == '.' && path[1] == '/')
        path += 2;
    int rc = 0;
    if (old)
        fprintf(out, "--- a/%s\n+++ b/%s\n", path, path);
    else
        fprintf(out, "--- /dev/null\n+++ b/%s\n", path);

    /* Hunks: runs of changes closer than 2*context lines share one. */
    size_t i = 0;
    size_t *ai = sr_xmalloc((s.n + 1) * sizeof(size_t)),
           *bi = sr_xmalloc((s.n + 1) * sizeof(size_t));
    size_t x = 0, y = 0;
    for (size_t k = 0; k < s.n; k++) {
        ai[k] = x;
        bi[k] = y;
        if (s.op[k] != SR_OP_INS)
            x++;
        if (s.op[k] != SR_OP_DEL)
            y++;
    }
    ai[s.n] = x;
    bi[s.n] = y;
    while (i < s.n && rc == 0) {
        while (i < s.n && s.op[i] == SR_OP_EQ)
            i++;
        if (i >= s.n)
            break;
        size_t start = i > SR_DIFF_CONTEXT ? i - SR_DIFF_CONTEXT : 0;
        size_t end = i; /* exclusive end of the hunk's ops */
        for (;;) {
            while (end < s.n && s.op[end] != SR_OP_EQ)
                end++;
            size_t eq = end;
            while (eq < s.n && s.op[eq] == SR_OP_EQ && eq - end <= 2 * SR_DIFF_CONTEXT)
                eq++;
            if (eq < s.n && s.op[eq] != SR_OP_EQ && eq - end <= 2 * SR_DIFF_CONTEXT) {
                end = eq;
                continue;
            }
            end = end + SR_DIFF_CONTEXT < s.n ? end + SR_DIFF_CONTEXT : s.n;
            break;
        }
        size_t oc = 0, nc = 0;
        for (size_t k = start; k < end; k++) {
            if (s.op[k] != SR_OP_INS)
                oc++;
            if (s.op[k] != SR_OP_DEL)
                nc++;
        }
        fputs("@@ -", out);
        sr_range(out, ai[start], oc);
        fputs(" +", out);
        sr_range(out, bi[start], nc);
        fputs(" @@\n", out);
        for (size_t k = start; k < end && rc == 0; k++) {
            if (s.op[k] == SR_OP_EQ)
                rc = sr_put_line(out, ' ', &a, ai[k]);
            else if (s.op[k] == SR_OP_DEL)
                rc = sr_put_line(out, '-', &a, ai[k]);
            else
                rc = sr_put_line(out, '+', &b, bi[k]);
        }
        i = end;
    }
    free(ai);
    free(bi);
    free(s.op);
    sr_lines_free(&a);
    sr_lines_free(&b);
    if (ferror(out))
        rc = -1;
    return rc;
}

size_t sr_diff_changes(const char *old, size_t olen, const char *new_, size_t nlen,
                       struct sr_diff_change **out)
{
    *out = NULL;
    if (olen == nlen && (olen == 0 || memcmp(old, new_, olen) == 0))
        return 0;
    struct sr_lines a, b;
    sr_lines_split(&a, old, olen);
    sr_lines_split(&b, new_, nlen);
    struct sr_script s = {0};
    size_t head = 0, tail = 0;
    while (head < a.n && head < b.n && sr_line_eq(&a, head, &b, head))
        head++;
    while (tail < a.n - head && tail < b.n - head &&
           sr_line_eq(&a, a.n - 1 - tail, &b, b.n - 1 - tail))
        tail++;
    size_t mn = a.n - head - tail, mm = b.n - head - tail;
    if (sr_myers(&a, head, mn, &b, head, mm, &s) < 0) {
        for (size_t i = 0; i < mn; i++)
            sr_script_add(&s, SR_OP_DEL);
        for (size_t i = 0; i < mm; i++)
            sr_script_add(&s, SR_OP_INS);
    }
    /* Runs of deletions and insertions between equal lines, as bytes. */
    struct sr_diff_change *v = sr_xmalloc((s.n + 1) * sizeof(*v));
    size_t nv = 0, x = head, y = head, k = 0;
    while (k < s.n) {
        if (s.op[k] == SR_OP_EQ) {
            x++, y++, k++;
            continue;
        }
        size_t x0 = x, y0 = y;
        while (k < s.n && s.op[k] != SR_OP_EQ) {
            if (s.op[k] == SR_OP_DEL)
                x++;
            else
                y++;
            k++;
        }
        v[nv].old_start = x0 < a.n ? (size_t)(a.p[x0] - old) : olen;
        v[nv].old_end = x < a.n ? (size_t)(a.p[x] - old) : olen;
        v[nv].new_start = y0 < b.n ? (size_t)(b.p[y0] - new_) : nlen;
        v[nv].new_end = y < b.n ? (size_t)(b.p[y] - new_) : nlen;
        nv++;
    }
    free(s.op);
    sr_lines_free(&a);
    sr_lines_free(&b);
    *out = v;
    return nv;
}
