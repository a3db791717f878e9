/*
 * arena.c - bump allocator in chained blocks, and the fatal heap wrappers.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SR_ARENA_BLOCK ((size_t)64 * 1024)

struct sr_arena_block {
    struct sr_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

static void sr_oom(size_t n)
{
    fprintf(stderr, "secrot-lint: fatal: out of memory (%zu bytes)\n", n);
    exit(2);
}

void *sr_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        sr_oom(n);
    return p;
}

void *sr_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        sr_oom(n * size);
    return p;
}

void *sr_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        sr_oom(n);
    return q;
}

char *sr_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sr_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

void sr_arena_init(struct sr_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void sr_arena_release(struct sr_arena *a)
{
    struct sr_arena_block *b = a->head;
    while (b) {
        struct sr_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->used_total = 0;
}

/* n bytes at align (a power of two), zeroed when zero is set. */
static inline __attribute__((always_inline)) void *sr_arena_take(struct sr_arena *a, size_t n,
                                                                 size_t align, int zero)
{
    size_t need = (n + align - 1) & ~(align - 1);
    struct sr_arena_block *b = a->head;
    if (need < n)
        sr_oom(n);
    /* Blocks start 16-byte aligned; an 8-byte record may leave the next
     * one to be moved up. */
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < need) {
        size_t size = need > SR_ARENA_BLOCK / 4 ? need : SR_ARENA_BLOCK;
        if (size > SIZE_MAX - sizeof(*b))
            sr_oom(n);
        b = sr_xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        if (need > SR_ARENA_BLOCK / 4 && a->head) {
            /* Big allocation: keep the current block as the head. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
        at = b->used;
    }
    void *p = b->data + at;
    b->used = at + need;
    a->used_total += need;
    if (zero)
        memset(p, 0, n);
    return p;
}

void *sr_arena_alloc(struct sr_arena *a, size_t n)
{
    return sr_arena_take(a, n, 16, 1);
}

void *sr_arena_take8(struct sr_arena *a, size_t n)
{
    return sr_arena_take(a, n, 8, 0);
}

/* Text needs no alignment, and every byte of it is written: it is packed
 * byte to byte and not zeroed first. */
char *sr_arena_strndup(struct sr_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        sr_oom(len);
    char *p = sr_arena_take(a, len + 1, 1, 0);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *sr_arena_strndup_len(struct sr_arena *a, const char *s, size_t len)
{
    if (len >= UINT32_MAX)
        sr_oom(len);
    uint32_t l = (uint32_t)len;
    char *p = sr_arena_take(a, len + 1 + sizeof(l), 1, 0);
    memcpy(p, &l, sizeof(l));
    p += sizeof(l);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *sr_arena_strdup(struct sr_arena *a, const char *s)
{
    return sr_arena_strndup(a, s, strlen(s));
}

char *sr_arena_printf(struct sr_arena *a, const char *fmt, ...)
{
    /* Formatted once straight into the free end of the current block when
     * it fits (the common case); else measured and formatted again. */
    struct sr_arena_block *b = a->head;
    size_t at = b ? b->used : 0;
    va_list ap;
    int n;
    if (b && at < b->size) {
        size_t room = b->size - at;
        va_start(ap, fmt);
        n = vsnprintf((char *)b->data + at, room, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < room) {
            char *p = (char *)b->data + at;
            b->used = at + (size_t)n + 1;
            a->used_total += (size_t)n + 1;
            return p;
        }
    } else {
        va_start(ap, fmt);
        n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
    }
    if (n < 0)
        n = 0;
    char *p = sr_arena_take(a, (size_t)n + 1, 1, 0);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *sr_arena_grow_to(struct sr_arena *a, void *p, size_t used, size_t need, size_t *cap,
                       size_t elem, size_t first)
{
    size_t nc = *cap ? *cap : first;
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            sr_oom(need);
        nc *= 2;
    }
    if (nc > SIZE_MAX / elem)
        sr_oom(nc);
    void *np = sr_arena_alloc(a, nc * elem);
    if (used)
        memcpy(np, p, used * elem);
    *cap = nc;
    return np;
}

void sr_ptrvec_push(struct sr_arena *a, struct sr_ptrvec *pv, void *p)
{
    if (pv->n == pv->cap) {
        if (pv->cap >= UINT32_MAX / 2)
            sr_oom(SIZE_MAX);
        /* Twice the room (2 at first), not zeroed: only pushed slots are read. */
        size_t cap = pv->cap ? 2 * (size_t)pv->cap : 2;
        void **nv = sr_arena_take(a, cap * sizeof(*nv), 16, 0);
        if (pv->n)
            memcpy(nv, pv->v, pv->n * sizeof(*nv));
        pv->v = nv;
        pv->cap = (uint32_t)cap;
    }
    pv->v[pv->n++] = p;
}

int sr_ptrset_add(struct sr_arena *a, struct sr_ptrset *s, const void *p)
{
    if (!p)
        return 0;
    size_t h = s->cap ? sr_ptrset_slot(s, p) : 0;
    if (s->cap && s->slot[h] == p)
        return 0;
    if (2 * (s->n + 1) > s->cap) {
        struct sr_ptrset g = {NULL, 0, s->cap ? s->cap * 2 : 16};
        g.slot = sr_arena_alloc(a, g.cap * sizeof(*g.slot)); /* zeroed */
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i])
                g.slot[sr_ptrset_slot(&g, s->slot[i])] = s->slot[i];
        g.n = s->n;
        *s = g;
        h = sr_ptrset_slot(s, p);
    }
    s->slot[h] = p;
    s->n++;
    return 1;
}

static size_t sr_ptrmap_slot(const struct sr_ptrmap *m, const void *k)
{
    size_t mask = m->cap - 1, h = sr_ptr_hash(k) & mask;
    while (m->key[h] && m->key[h] != k)
        h = (h + 1) & mask;
    return h;
}

void *sr_ptrmap_get(const struct sr_ptrmap *m, const void *k)
{
    if (!k || !m->cap)
        return NULL;
    size_t h = sr_ptrmap_slot(m, k);
    return m->key[h] == k ? m->val[h] : NULL;
}

void sr_ptrmap_put(struct sr_arena *a, struct sr_ptrmap *m, const void *k, void *v)
{
    if (!k)
        return;
    if (m->cap) {
        size_t h = sr_ptrmap_slot(m, k);
        if (m->key[h] == k) {
            m->val[h] = v;
            return;
        }
    }
    if (2 * (m->n + 1) > m->cap) {
        struct sr_ptrmap g = {NULL, NULL, 0, m->cap ? m->cap * 2 : 16};
        g.key = sr_arena_alloc(a, g.cap * sizeof(*g.key)); /* zeroed */
        g.val = sr_arena_alloc(a, g.cap * sizeof(*g.val));
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->key[i])
                continue;
            size_t h = sr_ptrmap_slot(&g, m->key[i]);
            g.key[h] = m->key[i];
            g.val[h] = m->val[i];
        }
        g.n = m->n;
        *m = g;
    }
    size_t h = sr_ptrmap_slot(m, k);
    m->key[h] = k;
    m->val[h] = v;
    m->n++;
}

/* ---- string tables ------------------------------------------------------ */

/* Eight bytes at a time (the hash only picks a slot and rules out unequal
 * strings; equal-looking ones are compared). */
uint32_t sr_hash_bytes(const char *s, size_t len)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ull, w;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < len) {
        /* The last 1-7 bytes, in at most three loads. */
        uint32_t w4 = 0;
        uint16_t w2 = 0;
        uint8_t w1 = 0;
        size_t left = len - i;
        if (left & 4) {
            memcpy(&w4, s + i, 4);
            i += 4;
        }
        if (left & 2) {
            memcpy(&w2, s + i, 2);
            i += 2;
        }
        if (left & 1)
            w1 = (uint8_t)s[i];
        w = (uint64_t)w4 | (uint64_t)w2 << 32 | (uint64_t)w1 << 48;
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    /* Every bit of h into the low ones, which pick the slot. */
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return (uint32_t)h;
}

static void sr_strtab_grow(struct sr_strtab *t)
{
    size_t ncap = t->cap ? t->cap * 2 : t->home ? 64 : 1024;
    if (ncap < t->cap || ncap > SIZE_MAX / sizeof(struct sr_strtab_ent))
        sr_oom(SIZE_MAX);
    struct sr_strtab_ent *nt;
    if (t->home) {
        nt = sr_arena_alloc(t->home, ncap * sizeof(*nt)); /* zeroed */
    } else if (!(nt = calloc(ncap, sizeof(*nt)))) {
        sr_oom(ncap * sizeof(*nt));
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slot[i].s)
            continue;
        size_t h = t->slot[i].hash & (ncap - 1);
        while (nt[h].s)
            h = (h + 1) & (ncap - 1);
        nt[h] = t->slot[i];
    }
    if (!t->home)
        free(t->slot);
    t->slot = nt;
    t->cap = ncap;
}

const char *sr_strtab_intern(struct sr_strtab *t, struct sr_arena *a, const char *s, size_t len)
{
    if (len > SR_STRTAB_MAX)
        return sr_arena_strndup_len(a, s, len);
    if (2 * (t->n + 1) > t->cap)
        sr_strtab_grow(t);
    uint32_t hash = sr_hash_bytes(s, len);
    size_t mask = t->cap - 1, h = hash & mask;
    for (int k = 0; k < SR_STRTAB_PROBES; k++, h = (h + 1) & mask) {
        struct sr_strtab_ent *e = &t->slot[h];
        if (!e->s) {
            e->s = sr_arena_strndup_len(a, s, len);
            e->len = (uint32_t)len;
            e->hash = hash;
            t->n++;
            return e->s;
        }
        if (e->hash == hash && e->len == len && memcmp(e->s, s, len) == 0)
            return e->s;
    }
    return sr_arena_strndup_len(a, s, len);
}

void sr_strtab_free(struct sr_strtab *t)
{
    if (!t->home)
        free(t->slot);
    memset(t, 0, sizeof(*t));
}
