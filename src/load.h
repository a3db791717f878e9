/*
 * load.h - YAML/JSON text to a node tree with exact positions.
 *
 * The loader drives libyaml's event parser (or, for strict JSON, its own
 * JSON reader, which yields the same tree) and builds a tree of sr_node in
 * the caller's arena. Every node knows its byte range in the original text
 * and its 1-based line and column (columns count characters). Comments are
 * not kept: the fixer works on the original bytes, which the document keeps.
 * Aliases become SR_ALIAS nodes pointing at their anchor's node (shared,
 * never copied); accessors below follow them.
 *
 * The loader never prints. On failure it fills an sr_error with the position
 * and a message and returns -1.
 */
#ifndef SR_LOAD_H
#define SR_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

/* Limits against hostile input. */
#define SR_MAX_FILE_SIZE ((size_t)64 * 1024 * 1024)
#define SR_MAX_DEPTH 512
#define SR_MAX_ALIAS_EXPANSION 1000000u /* nodes reachable through aliases */
#define SR_MAX_NODES 20000000u

enum sr_node_kind { SR_SCALAR, SR_SEQ, SR_MAP, SR_ALIAS };

enum sr_scalar_style {
    SR_STYLE_PLAIN,
    SR_STYLE_SINGLE,
    SR_STYLE_DOUBLE,
    SR_STYLE_LITERAL,
    SR_STYLE_FOLDED,
    SR_STYLE_FLOW, /* collections written in flow style ({} or []) */
    SR_STYLE_BLOCK /* collections written in block style */
};

struct sr_pos {
    int line; /* 1-based */
    int col;  /* 1-based, in characters */
};

struct sr_node {
    enum sr_node_kind kind : 8;
    enum sr_scalar_style style : 4;
    /* 1 when the loader found no function and no alias in the node and
     * all below it: a walk that acts only on functions may skip it. 0 is
     * always safe (not known). */
    unsigned pure : 1;
    /* The intrinsic function the node spells (sr_node_classify), set by
     * the loader; 0 when not classified. */
    uint8_t fn;
    /* Bytes from start to the value itself, after a tag or anchor
     * (sr_node_vstart); SR_VSKIP_FAR when they do not fit. */
    uint8_t vskip;
    uint32_t start;  /* byte offset of the node (its tag or anchor, if any) */
    uint32_t end;    /* byte offset just past the node */
    uint32_t n;      /* SEQ: items; MAP: key-value pairs (a file is below 4 GiB) */
    const char *tag; /* as written ("!Ref", "tag:yaml.org,2002:str"), or NULL */
    /* One of these by kind: a scalar's value is read with sr_node_str(),
     * its length in bytes with sr_node_len() (stored just before the text:
     * a node is 40 bytes, and a file has one per key and value). */
    union {
        const char *sval;       /* SCALAR: the value, NUL-terminated */
        struct sr_node **items; /* SEQ: n items; MAP: 2*n (key, value, ...) */
        struct sr_node *target; /* ALIAS: the anchored node */
    };
    struct sr_node *parent; /* containing collection, NULL for the root */
};

#define SR_VSKIP_FAR UINT8_MAX

/* The length of scalar n's value (n a scalar with its text). */
static inline uint32_t sr_scalar_len(const struct sr_node *n)
{
    uint32_t len;
    memcpy(&len, n->sval - sizeof(len), sizeof(len));
    return len;
}

/* The length of a scalar's value in bytes (0 for other nodes): the four
 * bytes before the text hold it (sr_arena_strndup_len). */
static inline uint32_t sr_node_len(const struct sr_node *n)
{
    return n->kind == SR_SCALAR && n->sval ? sr_scalar_len(n) : 0;
}

/* n's value when it is a scalar, else NULL (an alias is not followed:
 * sr_scalar() follows it). */
static inline const char *sr_node_str(const struct sr_node *n)
{
    return n->kind == SR_SCALAR ? n->sval : NULL;
}

/* n's value when it is a scalar, else dflt (no alias followed). */
static inline const char *sr_scalar_or(const struct sr_node *n, const char *dflt)
{
    const char *s = sr_node_str(n);
    return s ? s : dflt;
}

struct sr_error {
    char file[512];
    struct sr_pos pos;
    size_t offset;
    char message[512];
};

struct sr_doc {
    const char *path; /* as given, for messages */
    const char *text; /* the original bytes (not owned by the doc) */
    size_t len;
    size_t bom;           /* 3 when the text starts with a UTF-8 byte-order mark */
    int is_json;          /* first significant character is '{' */
    int crlf;             /* most line breaks are CRLF */
    struct sr_node *root; /* NULL for an empty document */
    /* Line starts, for offset <-> line:col conversion. */
    uint32_t *line_start; /* a file is below 4 GiB (SR_MAX_FILE_SIZE) */
    size_t nlines;
    /* Columns in constant time whatever the line's length: the text is
     * ASCII (a column is a byte count), or line_cidx holds the character
     * index of each line's start and byte_cidx the character index at every
     * SR_DOC_CKPT-th byte. NULL where the doc was not indexed. */
    int ascii;
    const uint32_t *line_cidx;
    const uint32_t *byte_cidx;
    /* Duplicate keys found while loading (SR002): pairs (first key, dup key). */
    struct sr_ptrvec dups;
    int json_reader; /* read by the JSON reader, not libyaml */
};

/* Offset of n's value itself, after a tag or anchor written before it. */
size_t sr_node_vstart_far(const struct sr_doc *doc, const struct sr_node *n);
static inline size_t sr_node_vstart(const struct sr_doc *doc, const struct sr_node *n)
{
    return n->vskip != SR_VSKIP_FAR ? (size_t)n->start + n->vskip : sr_node_vstart_far(doc, n);
}

/*
 * Loads text (which must stay alive as long as the doc) into doc, allocating
 * in arena. Returns 0 on success, -1 on a syntax or limit error with err
 * filled in (position of the problem, message without the file name).
 */
int sr_load(struct sr_arena *arena, const char *path, const char *text, size_t len,
            struct sr_doc *doc, struct sr_error *err);

/*
 * sr_load with flags. A JSON template is read by the loader's own JSON
 * reader into the tree libyaml's events would give (same nodes, byte
 * ranges, line:col, styles and duplicate keys), in about a third of the
 * instructions; whatever that reader does not take exactly as libyaml does
 * (a tab outside the root, a \u escape of NUL or of a surrogate half, a
 * character libyaml refuses, a key whose ':' is on a later line or far
 * away, anything that is not strict JSON) is read by libyaml, with its
 * messages. SR_LOAD_YAML_ONLY: always libyaml (the reference the tests
 * compare against). doc->json_reader says which read the file.
 */
enum { SR_LOAD_YAML_ONLY = 1 };
int sr_load_flags(struct sr_arena *arena, const char *path, const char *text, size_t len,
                  struct sr_doc *doc, struct sr_error *err, unsigned flags);

/* NULL when x and y hold the same tree (kinds, styles, functions, ranges,
 * line:col, tags, values, parents, duplicate keys), else what differs first,
 * in a: how the tests and the fuzz harness hold the JSON reader to libyaml. */
const char *sr_doc_differs(struct sr_arena *a, const struct sr_doc *x, const struct sr_doc *y);

/* Bytes between the character-index checkpoints of struct sr_doc. */
#define SR_DOC_CKPT 256

/* Byte offset -> 1-based line:col (columns in characters), in constant
 * time once the doc is indexed. */
struct sr_pos sr_doc_pos(const struct sr_doc *doc, size_t offset);
/* The same, for offsets asked in about increasing order: *hint is the
 * 0-based line of the last answer (0 to start), and is kept up to date. */
struct sr_pos sr_doc_pos_from(const struct sr_doc *doc, size_t offset, size_t *hint);
/* line:col of where n starts (its tag or anchor, if any). */
static inline struct sr_pos sr_node_pos(const struct sr_doc *doc, const struct sr_node *n)
{
    return sr_doc_pos(doc, n->start);
}
/* 1-based line -> byte offset of its first character; len if past the end. */
size_t sr_doc_line_offset(const struct sr_doc *doc, int line);

/*
 * The intrinsic function n spells, as the loader stores it in n->fn once n
 * is complete (tag, scalar value, items): SR_FNC_SET, plus SR_FNC_SHORT
 * for a !Tag, plus the enum sr_fn of fnname.h (SR_FN_NONE: no function).
 * Aliases are not classified: sr_intrinsic_get follows them first.
 */
#define SR_FNC_SET 0x80u
#define SR_FNC_SHORT 0x40u
#define SR_FNC_FN 0x3Fu
unsigned sr_node_classify(const struct sr_node *n);

/* Follows aliases; NULL stays NULL. The accessors below are inline: the
 * rules call them on every node they visit. */
static inline const struct sr_node *sr_deref(const struct sr_node *n)
{
    for (int i = 0; n && n->kind == SR_ALIAS && i < 64; i++)
        n = n->target;
    return n;
}

/* The value for the klen bytes of key in a mapping (aliases followed),
 * else NULL; the key node too when keynode is set. */
const struct sr_node *sr_map_get_n(const struct sr_node *map, const char *key, size_t klen,
                                   const struct sr_node **keynode);
/* Returns the value for key in a mapping (aliases followed), else NULL.
 * Inline: the keys are literals, whose length the compiler knows. */
static inline const struct sr_node *sr_map_get(const struct sr_node *map, const char *key)
{
    return sr_map_get_n(map, key, strlen(key), NULL);
}
/* Same, also returning the key node. */
static inline const struct sr_node *sr_map_get_kv(const struct sr_node *map, const char *key,
                                                  const struct sr_node **keynode)
{
    return sr_map_get_n(map, key, strlen(key), keynode);
}
/* Key i / value i of a mapping (i < n), aliases followed. */
static inline const struct sr_node *sr_map_key(const struct sr_node *map, size_t i)
{
    map = sr_deref(map);
    return map && map->kind == SR_MAP && i < map->n ? sr_deref(map->items[2 * i]) : NULL;
}

static inline const struct sr_node *sr_map_val(const struct sr_node *map, size_t i)
{
    map = sr_deref(map);
    return map && map->kind == SR_MAP && i < map->n ? sr_deref(map->items[2 * i + 1]) : NULL;
}

/* Item i of a sequence, aliases followed. */
static inline const struct sr_node *sr_seq_item(const struct sr_node *seq, size_t i)
{
    seq = sr_deref(seq);
    return seq && seq->kind == SR_SEQ && i < seq->n ? sr_deref(seq->items[i]) : NULL;
}

/* Kind tests that follow aliases. */
static inline int sr_is_map(const struct sr_node *n)
{
    n = sr_deref(n);
    return n && n->kind == SR_MAP;
}

static inline int sr_is_seq(const struct sr_node *n)
{
    n = sr_deref(n);
    return n && n->kind == SR_SEQ;
}

static inline int sr_is_scalar(const struct sr_node *n)
{
    n = sr_deref(n);
    return n && n->kind == SR_SCALAR;
}
/* Scalar equal to s (aliases followed); 0 for non-scalars. */
int sr_scalar_eq(const struct sr_node *n, const char *s);
/* Scalar string or NULL. */
static inline const char *sr_scalar(const struct sr_node *n)
{
    n = sr_deref(n);
    return n && n->kind == SR_SCALAR ? sr_node_str(n) : NULL;
}
/* Boolean scalar (true/True/TRUE/"true"), returns 1/0, or -1 when not a boolean. */
int sr_scalar_bool(const struct sr_node *n);
/* Integer scalar: 0 and *out set, or -1 when not an integer. */
int sr_scalar_int(const struct sr_node *n, long long *out);
/* Walks a '/'-separated path of mapping keys ("Properties/RotationRules"). */
const struct sr_node *sr_path(const struct sr_node *n, const char *path);

#endif
