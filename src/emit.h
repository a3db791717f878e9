/*
 * emit.h - new template text in the file's own style, as byte splices.
 *
 * A fix describes what it adds as a small value tree (struct sr_fv: maps,
 * lists, strings, numbers, Ref/GetAtt/Sub, or an existing node copied as
 * written). The emitter detects the style of a document (YAML indent width,
 * how block lists are indented, short `!Ref` or long `Ref:` intrinsics,
 * the quote character, CRLF or LF, blank lines between resources; JSON
 * indentation) and renders values into splices on the original bytes: add
 * keys to a block mapping, a flow mapping or a JSON object, replace a value,
 * delete a key, append to a list. It never re-emits existing text. Values
 * and splice texts live in the caller's arena.
 */
#ifndef SR_EMIT_H
#define SR_EMIT_H

#include <stddef.h>

#include "arena.h"
#include "load.h"

/* ---- values ------------------------------------------------------------- */

enum sr_fv_kind {
    SR_FV_STR,    /* a string: quoted when YAML would read it as something else */
    SR_FV_NUM,    /* a number, written as is */
    SR_FV_BOOL,   /* true / false */
    SR_FV_MAP,    /* keys in order */
    SR_FV_SEQ,    /* items in order */
    SR_FV_REF,    /* Ref s */
    SR_FV_GETATT, /* Fn::GetAtt s.attr */
    SR_FV_SUB,    /* Fn::Sub s (one string) */
    SR_FV_RAW     /* an existing scalar or flow node, copied byte for byte */
};

struct sr_fv {
    enum sr_fv_kind kind;
    const char *s;              /* STR/NUM/BOOL text, REF/GETATT resource, SUB string */
    const char *attr;           /* GETATT attribute */
    const struct sr_node *node; /* RAW */
    const char **keys;          /* MAP */
    struct sr_fv **items;       /* MAP values / SEQ items */
    size_t n, cap;
    int flow; /* SEQ/MAP: written inline ([a, b]) where the format allows */
};

struct sr_fv *sr_fv_str(struct sr_arena *a, const char *s);
struct sr_fv *sr_fv_num(struct sr_arena *a, long long n);
struct sr_fv *sr_fv_bool(struct sr_arena *a, int b);
struct sr_fv *sr_fv_map(struct sr_arena *a);
struct sr_fv *sr_fv_seq(struct sr_arena *a);
struct sr_fv *sr_fv_ref(struct sr_arena *a, const char *name);
struct sr_fv *sr_fv_getatt(struct sr_arena *a, const char *res, const char *attr);
struct sr_fv *sr_fv_sub(struct sr_arena *a, const char *s);
struct sr_fv *sr_fv_raw(struct sr_arena *a, const struct sr_node *node);
/* Appends key: v to map (keys are not checked for duplicates); returns map. */
struct sr_fv *sr_fv_put(struct sr_arena *a, struct sr_fv *map, const char *key, struct sr_fv *v);
/* Appends v to seq; returns seq. */
struct sr_fv *sr_fv_push(struct sr_arena *a, struct sr_fv *seq, struct sr_fv *v);
/* Value of key in map, or NULL. */
struct sr_fv *sr_fv_get(const struct sr_fv *map, const char *key);
/* 1 when both values would render the same. */
int sr_fv_equal(const struct sr_fv *x, const struct sr_fv *y);

/* ---- style -------------------------------------------------------------- */

struct sr_keyidx;

struct sr_style {
    int json;
    const char *eol;    /* "\n" or "\r\n" */
    int indent;         /* spaces per nesting level (YAML and JSON) */
    int tabs;           /* JSON indented with tabs */
    int seq_indent;     /* YAML: columns from a key to the "-" of its block list */
    int dash_gap;       /* YAML: columns from a "-" to the first key of a mapping item */
    int short_fn;       /* YAML: !Ref / !GetAtt / !Sub rather than Ref: / Fn::GetAtt: */
    char quote;         /* YAML: preferred quote ('\'' or '"') */
    int blank_sections; /* blank lines between entries of Resources / Parameters */
    int final_eol;      /* the text ends with a line break */
    /* The blank-line separation of the Resources mapping, read once: every
     * resource a fix adds asks for it (-1: not known). */
    const struct sr_node *sep_map;
    int sep_value;
    /* The fixer's index of the document's large mappings (fix.c), or NULL. */
    struct sr_keyidx *keyidx;
};

/* Detects the style of a loaded document (defaults for an empty one). */
void sr_style_detect(const struct sr_doc *doc, struct sr_style *st);

/* ---- rendering ---------------------------------------------------------- */

/*
 * Renders v as the value of a YAML block mapping key written at column col
 * (0-based): " scalar" on the same line, or a line break and an indented
 * block. Used by the splice builders; exposed for tests. The result is NUL
 * terminated and lives in a.
 */
const char *sr_emit_yaml_value(struct sr_arena *a, const struct sr_style *st, const struct sr_fv *v,
                               int col);
/* v in JSON, nested lines indented with prefix + one level. */
const char *sr_emit_json_value(struct sr_arena *a, const struct sr_style *st, const struct sr_fv *v,
                               const char *prefix);
/* v as a YAML flow value ({a: b}, [x], !Ref X). */
const char *sr_emit_flow_value(struct sr_arena *a, const struct sr_style *st,
                               const struct sr_fv *v);

/* ---- splices ------------------------------------------------------------ */

/* Replace bytes [start, end) of the original text by text (len bytes). */
struct sr_splice {
    size_t start, end;
    const char *text;
    size_t len;
    int depth; /* insertions at one offset: deeper nodes first */
};

/*
 * Splice builders. Each returns 0 with *out filled, or -1 with a reason in
 * *why (a static string) when the edit cannot be written in this place
 * (e.g. a key that shares its line with a list dash and has no sibling).
 */

/* Adds keys[i]: vals[i] (n of them) at the end of mapping map. For the root
 * mapping of a template, new sections go before the section that follows
 * them in the usual order (Transform before Resources, Outputs last). */
int sr_emit_add_keys(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                     const struct sr_node *map, const char *const *keys, struct sr_fv *const *vals,
                     size_t n, struct sr_splice *out, const char **why);
/* Replaces the value node (a mapping value or a list item) by v; a plain
 * key node by the string v (a rename). */
int sr_emit_replace(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                    const struct sr_node *node, const struct sr_fv *v, struct sr_splice *out,
                    const char **why);
/* Removes the entry whose key node is key from mapping map. */
int sr_emit_delete_key(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                       const struct sr_node *map, const struct sr_node *key, struct sr_splice *out,
                       const char **why);
/* Appends vals (n) to the end of list seq. */
int sr_emit_append(struct sr_arena *a, const struct sr_doc *doc, const struct sr_style *st,
                   const struct sr_node *seq, struct sr_fv *const *vals, size_t n,
                   struct sr_splice *out, const char **why);

/* Byte offset just past the last character of n's own text (block
 * collections end at their last item, block scalars before trailing
 * blank lines). */
size_t sr_node_content_end(const struct sr_doc *doc, const struct sr_node *n);

/* The place of a top-level section in the usual order of a template
 * (AWSTemplateFormatVersion, Transform, Description, ..., Resources,
 * Outputs), or -1 for a key that is no section. */
int sr_emit_section_rank(const char *key);

/* 1 when s must be quoted as a YAML plain scalar to stay the same string. */
int sr_yaml_needs_quotes(const char *s);

#endif
