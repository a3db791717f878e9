/*
 * pathsel.c - glob matching for exclusions, and shard assignment
 * (pathsel.h). Matching is iterative over segments with backtracking on
 * '*' and '**', so a hostile pattern costs at most |pattern| x |path|.
 */
#include "pathsel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One character class at *pp ("[a-z]", "[!x]"); advances *pp past it.
 * Returns 1 on a match, 0 on none, -1 when the class is not closed (then
 * '[' is an ordinary character). */
static int sr_class(const char **pp, char c)
{
    const char *p = *pp + 1;
    int neg = *p == '!' || *p == '^';
    if (neg)
        p++;
    int hit = 0, first = 1;
    while (*p && (first || *p != ']')) {
        first = 0;
        char lo = *p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 2;
        }
        if (lo <= c && c <= hi)
            hit = 1;
        p++;
    }
    if (*p != ']')
        return -1;
    *pp = p + 1;
    return hit != neg;
}

/* Matches one segment pattern [p, pe) against one segment [s, se). */
static int sr_seg_match(const char *p, const char *pe, const char *s, const char *se)
{
    const char *star_p = NULL, *star_s = NULL;
    while (s < se) {
        if (p < pe && *p == '*') {
            star_p = ++p;
            star_s = s;
            continue;
        }
        if (p < pe && *p == '[') {
            const char *q = p;
            int m = sr_class(&q, *s);
            if (m == 1 && q <= pe) {
                p = q;
                s++;
                continue;
            }
            if (m == -1 && *s == '[') {
                p++;
                s++;
                continue;
            }
        } else if (p < pe && (*p == '?' || *p == *s)) {
            p++;
            s++;
            continue;
        }
        if (!star_p)
            return 0;
        p = star_p;
        s = ++star_s;
    }
    while (p < pe && *p == '*')
        p++;
    return p == pe;
}

static const char *sr_seg_end(const char *s)
{
    const char *e = strchr(s, '/');
    return e ? e : s + strlen(s);
}

#define SR_GLOB_SEGS 128

/* Splits s at '/' into at most SR_GLOB_SEGS [start, end) pairs; -1 if more. */
static int sr_split(const char *s, const char **b, const char **e)
{
    int n = 0;
    for (;;) {
        if (n == SR_GLOB_SEGS)
            return -1;
        b[n] = s;
        e[n] = sr_seg_end(s);
        s = e[n];
        n++;
        if (!*s)
            return n;
        s++;
    }
}

int sr_glob_match(const char *pat, const char *path)
{
    const char *pb[SR_GLOB_SEGS], *pe[SR_GLOB_SEGS], *sb[SR_GLOB_SEGS], *se[SR_GLOB_SEGS];
    int np = sr_split(pat, pb, pe), ns = sr_split(path, sb, se);
    if (np < 0 || ns < 0)
        return 0;
    /* ok[j]: pattern segments [0, i) match path segments [0, j). One row per
     * pattern segment: O(np x ns) segment matches, whatever the pattern. */
    unsigned char ok[SR_GLOB_SEGS + 1], next[SR_GLOB_SEGS + 1];
    memset(ok, 0, sizeof(ok));
    ok[0] = 1;
    for (int i = 0; i < np; i++) {
        int dstar = pe[i] - pb[i] == 2 && pb[i][0] == '*' && pb[i][1] == '*';
        memset(next, 0, sizeof(next));
        for (int j = 0; j <= ns; j++) {
            if (dstar) /* zero or more segments */
                next[j] = ok[j] || (j > 0 && next[j - 1]);
            else if (j > 0 && ok[j - 1] && sr_seg_match(pb[i], pe[i], sb[j - 1], se[j - 1]))
                next[j] = 1;
        }
        memcpy(ok, next, sizeof(ok));
    }
    return ok[ns];
}

int sr_exclude_match(const char *pat, const char *path, const char *rel)
{
    while (pat[0] == '.' && pat[1] == '/')
        pat += 2;
    size_t pl = strlen(pat);
    char buf[4200];
    if (pl && pat[pl - 1] == '/' && pl < sizeof(buf)) { /* "dir/": the folder */
        memcpy(buf, pat, pl - 1);
        buf[pl - 1] = '\0';
        pat = buf;
    }
    while (*pat == '/')
        pat++;
    if (!strchr(pat, '/')) {
        /* Any segment of the path: the file's name or a folder above it. */
        const char *s = rel ? rel : path;
        while (*s) {
            const char *se = sr_seg_end(s);
            if (sr_seg_match(pat, pat + strlen(pat), s, se))
                return 1;
            s = *se ? se + 1 : se;
        }
        return 0;
    }
    if (!rel)
        return 0;
    /* The whole relative path, or a folder above the file. */
    char pre[4200];
    size_t rl = strlen(rel);
    if (rl >= sizeof(pre))
        return sr_glob_match(pat, rel);
    memcpy(pre, rel, rl + 1);
    for (;;) {
        if (sr_glob_match(pat, pre))
            return 1;
        char *slash = strrchr(pre, '/');
        if (!slash)
            return 0;
        *slash = '\0';
    }
}

unsigned sr_shard_of(const char *rel, unsigned n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    return n ? (unsigned)(h % n) : 0;
}

int sr_shard_parse(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long a = strtoul(s, &end, 10);
    if (*end != '/' || end[1] < '0' || end[1] > '9')
        return -1;
    unsigned long b = strtoul(end + 1, &end, 10);
    if (*end || a < 1 || b < 1 || a > b || b > 1024)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}
