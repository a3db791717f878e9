/*
 * diff.c - line diff and unified hunks with three lines of context.
 *
 * The common head and tail are dropped first. A small middle takes Myers'
 * O(ND) greedy algorithm (minimal). A large one is split at its anchors,
 * the lines that occur once on each side (patience diff), and each part
 * between anchors is diffed the same way to a bounded depth; a part with no
 * anchor and too many differences for Myers is one replacement, still a
 * correct patch. Time is O(N log N) and memory O(N) in the lines, whatever
 * the number of changes: the fixer's insertions next to unique lines (ids,
 * names) come out as hunks around each splice.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "say.h"

#define SR_DIFF_CONTEXT ((size_t)3)
#define SR_DIFF_MAX_D 512   /* Myers: at most this many differences, 1 MiB of trace */
#define SR_DIFF_SMALL 2048  /* Myers only on ranges of at most this many lines */
#define SR_DIFF_MAX_DEPTH 4 /* levels of anchors */

struct sr_lines {
    const char **p; /* line starts */
    size_t *len;    /* with the line break */
    uint32_t *hash;
    size_t n;
    int last_open; /* the last line has no line break */
};

/* A line's hash, eight bytes at a time (multiply and fold): only a quick
 * inequality test and a table slot, so equal lines are still compared. */
static uint32_t sr_line_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ n, w;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        memcpy(&w, p + k, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, p + k, n - k);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
    h ^= h >> 29;
    return (uint32_t)h;
}

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
    for (size_t i = 0; i < l->n; i++)
        l->hash[i] = sr_line_hash((const unsigned char *)l->p[i], l->len[i]);
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

static void sr_script_repeat(struct sr_script *s, unsigned char op, size_t count)
{
    for (size_t i = 0; i < count; i++)
        sr_script_add(s, op);
}

/*
 * Myers on a[ao..ao+n) and b[bo..bo+m), at most SR_DIFF_MAX_D differences.
 * Appends the ops to s in order. Returns 0, or -1 when the distance
 * exceeds the bound (nothing appended). The trace of step d is kept as
 * 2d+1 32-bit positions in one buffer, so memory is (D+1)^2 * 4 bytes.
 */
static int sr_myers(const struct sr_lines *a, size_t ao, size_t n, const struct sr_lines *b,
                    size_t bo, size_t m, struct sr_script *s)
{
    long dmax = SR_DIFF_MAX_D;
    if ((long)(n + m) < dmax)
        dmax = (long)(n + m);
    long off = dmax + 1;
    long *v = sr_xcalloc((size_t)(2 * off + 1), sizeof(*v));
    /* trace + d*d holds v[-d..d] after step d. */
    uint32_t *trace = sr_xmalloc((size_t)(dmax + 1) * (size_t)(dmax + 1) * sizeof(*trace));
    long d, found = -1;
    for (d = 0; d <= dmax; d++) {
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
        uint32_t *t = trace + (size_t)d * (size_t)d;
        for (long k = -d; k <= d; k++)
            t[k + d] = (uint32_t)v[off + k];
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
            const uint32_t *pv = trace + (size_t)(d - 1) * (size_t)(d - 1);
            long prev_k;
            if (k == -d || (k != d && pv[k - 1 + (d - 1)] < pv[k + 1 + (d - 1)]))
                prev_k = k + 1;
            else
                prev_k = k - 1;
            long px = (long)pv[prev_k + (d - 1)], py = px - prev_k;
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
    free(trace);
    free(v);
    return rc;
}

/* ---- anchors: lines that occur once in each side ----------------------- */

struct sr_uniq_slot {
    uint32_t ca, cb; /* occurrences in a and in b (0 = empty slot) */
    size_t ia, ib;   /* the line in a, in b (the last one seen) */
};

/* The slot of line (l, i) in a table of mask+1 slots keyed by content. */
static struct sr_uniq_slot *sr_uniq_find(struct sr_uniq_slot *t, size_t mask,
                                         const struct sr_lines *a, const struct sr_lines *b,
                                         const struct sr_lines *l, size_t i)
{
    size_t h = l->hash[i] & mask;
    for (;;) {
        struct sr_uniq_slot *e = &t[h];
        if (e->ca == 0 && e->cb == 0)
            return e;
        const struct sr_lines *el = e->ca ? a : b;
        size_t ei = e->ca ? e->ia : e->ib;
        if (sr_line_eq(el, ei, l, i))
            return e;
        h = (h + 1) & mask;
    }
}

/*
 * The anchors of a[ao..ao+n) and b[bo..bo+m): pairs of lines equal to each
 * other and to no other line of either range, the longest run of them in
 * the same order on both sides (patience sorting, O(k log k)). Returns
 * their number; *pa and *pb (heap) hold their line numbers, increasing.
 */
static size_t sr_anchors(const struct sr_lines *a, size_t ao, size_t n, const struct sr_lines *b,
                         size_t bo, size_t m, size_t **pa, size_t **pb)
{
    size_t cap = 16;
    while (cap < 2 * (n + m))
        cap *= 2;
    struct sr_uniq_slot *t = sr_xcalloc(cap, sizeof(*t));
    for (size_t i = ao; i < ao + n; i++) {
        struct sr_uniq_slot *e = sr_uniq_find(t, cap - 1, a, b, a, i);
        if (e->ca < 2)
            e->ca++;
        e->ia = i;
    }
    for (size_t j = bo; j < bo + m; j++) {
        struct sr_uniq_slot *e = sr_uniq_find(t, cap - 1, a, b, b, j);
        if (e->cb < 2)
            e->cb++;
        e->ib = j;
    }
    /* Candidates in the order of a, with their line in b. */
    size_t nc = 0;
    size_t *ca = sr_xmalloc((n + 1) * sizeof(*ca)), *cb = sr_xmalloc((n + 1) * sizeof(*cb));
    for (size_t i = ao; i < ao + n; i++) {
        struct sr_uniq_slot *e = sr_uniq_find(t, cap - 1, a, b, a, i);
        if (e->ca == 1 && e->cb == 1) {
            ca[nc] = i;
            cb[nc] = e->ib;
            nc++;
        }
    }
    free(t);
    /* Longest increasing run of cb: tails[k] is the candidate ending the
     * best run of length k+1, prev[] links each candidate to the one
     * before it. */
    size_t *tails = sr_xmalloc((nc + 1) * sizeof(*tails));
    size_t *prev = sr_xmalloc((nc + 1) * sizeof(*prev));
    size_t len = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cb[tails[mid]] < cb[c])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[c] = lo ? tails[lo - 1] : SIZE_MAX;
        tails[lo] = c;
        if (lo == len)
            len++;
    }
    size_t *ra = sr_xmalloc((len + 1) * sizeof(*ra)), *rb = sr_xmalloc((len + 1) * sizeof(*rb));
    size_t c = len ? tails[len - 1] : SIZE_MAX;
    for (size_t k = len; k > 0; k--) {
        ra[k - 1] = ca[c];
        rb[k - 1] = cb[c];
        c = prev[c];
    }
    free(tails);
    free(prev);
    free(ca);
    free(cb);
    *pa = ra;
    *pb = rb;
    return len;
}

/*
 * The ops of a[ao..ao+n) against b[bo..bo+m). Small ranges take Myers
 * (minimal); larger ones are split at their anchors, and each part between
 * two anchors is diffed the same way, to a bounded depth. What is left
 * (no anchors, or too many differences for Myers) is one replacement,
 * still a correct patch. Every level costs time and memory linear in its
 * range (plus a log for the anchors), so the whole is O(N log N) with a
 * constant depth.
 */
static void sr_diff_range(const struct sr_lines *a, size_t ao, size_t n, const struct sr_lines *b,
                          size_t bo, size_t m, int depth, struct sr_script *s)
{
    size_t head = 0, tail = 0;
    while (head < n && head < m && sr_line_eq(a, ao + head, b, bo + head))
        head++;
    while (tail < n - head && tail < m - head &&
           sr_line_eq(a, ao + n - 1 - tail, b, bo + m - 1 - tail))
        tail++;
    sr_script_repeat(s, SR_OP_EQ, head);
    ao += head;
    bo += head;
    n -= head + tail;
    m -= head + tail;
    if (n == 0 || m == 0) {
        sr_script_repeat(s, SR_OP_DEL, n);
        sr_script_repeat(s, SR_OP_INS, m);
    } else if (n + m <= SR_DIFF_SMALL && sr_myers(a, ao, n, b, bo, m, s) == 0) {
        /* done */
    } else {
        size_t *pa = NULL, *pb = NULL;
        size_t na = depth < SR_DIFF_MAX_DEPTH ? sr_anchors(a, ao, n, b, bo, m, &pa, &pb) : 0;
        if (na == 0) {
            sr_script_repeat(s, SR_OP_DEL, n);
            sr_script_repeat(s, SR_OP_INS, m);
        } else {
            size_t x = ao, y = bo;
            for (size_t k = 0; k <= na; k++) {
                size_t ex = k < na ? pa[k] : ao + n, ey = k < na ? pb[k] : bo + m;
                sr_diff_range(a, x, ex - x, b, y, ey - y, depth + 1, s);
                if (k < na) {
                    sr_script_add(s, SR_OP_EQ);
                    x = ex + 1;
                    y = ey + 1;
                }
            }
        }
        free(pa);
        free(pb);
    }
    sr_script_repeat(s, SR_OP_EQ, tail);
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
    sr_diff_range(&a, 0, a.n, &b, 0, b.n, 0, &s);

    while (path[0] == '.' && path[1] == '/')
        path += 2;
    int rc = 0;
    /* The path comes from the input: its control characters are escaped
     * like every other name the tool prints. */
    size_t plen = strlen(path);
    fputs(old ? "--- a/" : "--- /dev/null", out);
    if (old)
        sr_write_safe(out, path, plen);
    fputs("\n+++ b/", out);
    sr_write_safe(out, path, plen);
    fputc('\n', out);

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
    sr_diff_range(&a, 0, a.n, &b, 0, b.n, 0, &s);
    /* Runs of deletions and insertions between equal lines, as bytes. */
    struct sr_diff_change *v = sr_xmalloc((s.n + 1) * sizeof(*v));
    size_t nv = 0, x = 0, y = 0, k = 0;
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
