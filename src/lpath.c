/*
 * lpath.c - logical paths of nodes (JSON Pointers), from the node up to
 * the root through parent links. Children of a collection are in document
 * order, so the index of a child is found by binary search on its start
 * offset; an index is only trusted when the slot holds that very node.
 */
#include "lpath.h"

#include <stdio.h>
#include <string.h>

/* Index of child c in collection p (pairs in a map), or -1. */
static long sr_lpath_index(const struct sr_node *p, const struct sr_node *c)
{
    size_t stride = p->kind == SR_MAP ? 2 : 1;
    long lo = 0, hi = (long)p->n - 1;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        const struct sr_node *k = p->items[(size_t)mid * stride];
        const struct sr_node *v = stride == 2 ? p->items[(size_t)mid * 2 + 1] : NULL;
        if (k == c || v == c)
            return mid;
        uint32_t at = k ? k->start : v ? v->start : 0;
        if (at <= c->start)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    /* Equal offsets (empty nodes) can defeat the search: look at every slot. */
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i * stride] == c || (stride == 2 && p->items[i * 2 + 1] == c))
            return (long)i;
    return -1;
}

/* Appends "/seg" (escaped) at *len; counts what does not fit. */
static void sr_lpath_put(char *buf, size_t cap, size_t *len, const char *seg, size_t n)
{
    char tmp[4];
    size_t w = 0;
    tmp[w++] = '/';
    for (size_t i = 0; i <= n; i++) {
        for (size_t k = 0; k < w; k++, (*len)++)
            if (*len + 1 < cap)
                buf[*len] = tmp[k];
        if (i == n)
            break;
        w = 0;
        if (seg[i] == '~') {
            tmp[w++] = '~';
            tmp[w++] = '0';
        } else if (seg[i] == '/') {
            tmp[w++] = '~';
            tmp[w++] = '1';
        } else {
            tmp[w++] = seg[i];
        }
    }
}

size_t sr_lpath_write(const struct sr_node *n, char *buf, size_t cap)
{
    /* The segments from the node up; written root first below. */
    const struct sr_node *chain[SR_MAX_DEPTH + 1] = {0};
    size_t depth = 0;
    for (const struct sr_node *c = n; c && c->parent && depth < SR_MAX_DEPTH; c = c->parent)
        chain[depth++] = c;
    size_t len = 0;
    for (size_t d = depth; d-- > 0;) {
        const struct sr_node *c = chain[d], *p = c->parent;
        long i = sr_lpath_index(p, c);
        if (i < 0) {
            sr_lpath_put(buf, cap, &len, "?", 1);
        } else if (p->kind == SR_MAP) {
            const struct sr_node *k = p->items[2 * (size_t)i];
            if (k && k->kind == SR_SCALAR && sr_node_str(k))
                sr_lpath_put(buf, cap, &len, sr_node_str(k), sr_node_len(k));
            else
                sr_lpath_put(buf, cap, &len, "?", 1);
            if (k == c) /* a key: the path of its value */
                continue;
        } else {
            char idx[24];
            int il = snprintf(idx, sizeof(idx), "%ld", i);
            sr_lpath_put(buf, cap, &len, idx, (size_t)il);
        }
    }
    if (cap)
        buf[len < cap ? len : cap - 1] = '\0';
    return len;
}

const char *sr_lpath(struct sr_arena *a, const struct sr_node *n)
{
    char small[256];
    size_t need = sr_lpath_write(n, small, sizeof(small));
    if (need < sizeof(small))
        return sr_arena_strndup(a, small, need);
    char *s = sr_arena_alloc(a, need + 1);
    sr_lpath_write(n, s, need + 1);
    return s;
}
