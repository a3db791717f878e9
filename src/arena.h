/*
 * arena.h - one region allocator per template, released at once.
 *
 * Every node, string and graph record made while linting a file lives in
 * that file's arena. Nothing is freed one by one; sr_arena_release() frees
 * everything. Out of memory is fatal: the process prints a message and exits
 * with status 2 (see sr_xmalloc).
 */
#ifndef SR_ARENA_H
#define SR_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct sr_arena_block;

struct sr_arena {
    struct sr_arena_block *head;
    size_t used_total; /* bytes handed out, for statistics */
};

/* Fatal-on-failure heap wrappers: never return NULL. */
void *sr_xmalloc(size_t n);
void *sr_xcalloc(size_t n, size_t size);
void *sr_xrealloc(void *p, size_t n);
char *sr_xstrdup(const char *s);

void sr_arena_init(struct sr_arena *a);
/* Frees every block; the arena may be reused after sr_arena_init(). */
void sr_arena_release(struct sr_arena *a);
/* Returns zeroed, 16-byte aligned memory valid until release. Never NULL. */
void *sr_arena_alloc(struct sr_arena *a, size_t n);
/* 8-byte aligned and not zeroed: for records made by the hundred
 * thousand (document nodes, their item arrays), where rounding to 16
 * would waste a tenth and the caller writes every byte. */
void *sr_arena_take8(struct sr_arena *a, size_t n);
/* Copies len bytes and appends a NUL. */
char *sr_arena_strndup(struct sr_arena *a, const char *s, size_t len);
/* The same, with len in the four bytes before the copy (sr_node_len reads
 * it); len must be below 4 GiB. Every string of a string table is stored so. */
char *sr_arena_strndup_len(struct sr_arena *a, const char *s, size_t len);
char *sr_arena_strdup(struct sr_arena *a, const char *s);
/* printf into the arena. */
char *sr_arena_printf(struct sr_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Growable arrays in an arena: returns p (holding used items of elem bytes,
 * capacity *cap) when *cap >= need, else new zeroed storage of the first
 * power-of-two multiple of first (or of *cap) that holds need, with the
 * used items copied and *cap set; the old storage stays in the arena.
 */
void *sr_arena_grow_to(struct sr_arena *a, void *p, size_t used, size_t need, size_t *cap,
                       size_t elem, size_t first);
static inline void *sr_arena_grow(struct sr_arena *a, void *p, size_t used, size_t need,
                                  size_t *cap, size_t elem, size_t first)
{
    return need <= *cap ? p : sr_arena_grow_to(a, p, used, need, cap, elem, first);
}

/*
 * A table of strings, each distinct one stored once in an arena: a file
 * repeats its keys and many of its values. A string longer than
 * SR_STRTAB_MAX, or one whose probe passes SR_STRTAB_PROBES slots (text
 * made to collide), is copied on its own, so the cost per string is
 * bounded whatever the input. The table itself is malloc'd: free it with
 * sr_strtab_free when no more strings will be added (the strings stay in
 * their arena); or, with home set, it comes from that arena and lives as
 * long (sr_strtab_free is then not needed). Nothing may write into a string it returns, or compare
 * two of them by address to tell where they came from. Zero-initialised
 * is empty.
 */
#define SR_STRTAB_MAX 64
#define SR_STRTAB_PROBES 32
struct sr_strtab_ent {
    const char *s; /* NULL: empty slot */
    uint32_t len, hash;
};
struct sr_strtab {
    struct sr_strtab_ent *slot;
    size_t n, cap;
    struct sr_arena *home; /* NULL: the table is malloc'd */
};
/* A hash of s[0..len) whose every bit reaches the low bits (for tables
 * indexed by a mask), eight bytes at a time. */
uint32_t sr_hash_bytes(const char *s, size_t len);
/* s[0..len) as a NUL-terminated string of arena a, its length before it
 * (as sr_arena_strndup_len stores it). */
const char *sr_strtab_intern(struct sr_strtab *t, struct sr_arena *a, const char *s, size_t len);
void sr_strtab_free(struct sr_strtab *t);

/* A growable array of pointers whose storage comes from an arena. */
struct sr_ptrvec {
    void **v;
    uint32_t n, cap; /* at most one per byte of a file below 4 GiB */
};
void sr_ptrvec_push(struct sr_arena *a, struct sr_ptrvec *pv, void *p);

/* A set of pointers (open addressing, storage from an arena): constant time
 * per add and lookup, for the "seen" and "covered" sets that a linear scan
 * would make quadratic. Zero-initialised is empty. NULL is never a member. */
struct sr_ptrset {
    const void **slot;
    size_t n, cap; /* cap: 0 or a power of two */
};
/* Adds p; returns 1 when it was not a member, 0 when it was (or p is NULL). */
int sr_ptrset_add(struct sr_arena *a, struct sr_ptrset *s, const void *p);

/* The hash of a pointer, and the slot of p in s or the empty slot where it
 * would go (s->cap > 0); inline, as the sets are asked in loops. */
static inline size_t sr_ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static inline size_t sr_ptrset_slot(const struct sr_ptrset *s, const void *p)
{
    size_t mask = s->cap - 1, h = sr_ptr_hash(p) & mask;
    while (s->slot[h] && s->slot[h] != p)
        h = (h + 1) & mask;
    return h;
}

static inline int sr_ptrset_has(const struct sr_ptrset *s, const void *p)
{
    return p && s->cap && s->slot[sr_ptrset_slot(s, p)] == p;
}

/* A map from pointers to pointers (open addressing, storage from an arena),
 * for results computed once per node. Zero-initialised is empty; NULL is
 * never a key. */
struct sr_ptrmap {
    const void **key;
    void **val;
    size_t n, cap; /* cap: 0 or a power of two */
};
/* The value stored under k, or NULL. */
void *sr_ptrmap_get(const struct sr_ptrmap *m, const void *k);
/* Stores v under k (replacing an earlier value); k NULL is ignored. */
void sr_ptrmap_put(struct sr_arena *a, struct sr_ptrmap *m, const void *k, void *v);

#endif
