/*
 * value.h - template values as text, and the walks that reach them.
 *
 * sr_flatten() writes a value the way CloudFormation will build it: literal
 * text as written, Fn::Sub text and Fn::Join items in order, Base64 seen
 * through, and one placeholder byte (SR_DYNREF_PLACEHOLDER) for each part
 * that is only known at deploy time (a Ref, a GetAtt, a ${Var}, another
 * function). Each placeholder remembers what it stands for. The dynamic
 * reference scanner and the credential patterns then read the text.
 * sr_each_branch() visits every value an Fn::If can take; sr_walk_path()
 * visits the values under a property path pattern. Everything is
 * allocated in the arena given.
 */
#ifndef SR_VALUE_H
#define SR_VALUE_H

#include <stddef.h>

#include "arena.h"
#include "graph.h"
#include "load.h"

#define SR_FLAT_MAX ((size_t)256 * 1024) /* text beyond this is cut */
#define SR_VALUE_MAX_DEPTH 64

struct sr_flat_ref {
    size_t off;        /* placeholder offset in the flat text */
    struct sr_val val; /* what the placeholder stands for */
};

struct sr_flat {
    char *s; /* NUL-terminated */
    size_t len, cap;
    struct sr_flat_ref *refs; /* sorted by off */
    size_t nrefs, rcap;
    struct sr_ptrvec opaque; /* nodes that could not be flattened (If, Select, ...) */
    int text;                /* some literal text was written */
};

/* Flattens v (aliases followed) into out. Never fails. */
void sr_flatten(struct sr_arena *a, const struct sr_graph *g, const struct sr_node *v,
                struct sr_flat *out);
/* Flattens the text of scalar v as written, a tag on it ignored (the
 * scalar argument of a function written as a !Tag); empty for others. */
void sr_flatten_literal(struct sr_arena *a, const struct sr_node *v, struct sr_flat *out);
/* The reference whose placeholder is at offset off, or NULL. */
const struct sr_flat_ref *sr_flat_ref_at(const struct sr_flat *f, size_t off);
/* 1 when the flat text is exactly one reference (no text, nothing opaque). */
int sr_flat_is_one_ref(const struct sr_flat *f);

/* 1 for `!Ref AWS::NoValue`. */
int sr_is_novalue(const struct sr_node *v);
/* 1 for a plain scalar, not an intrinsic function (a tag other than a
 * function's is allowed). */
int sr_is_literal(const struct sr_node *v);

/* Calls fn on each value v can take: both branches of every Fn::If (nested),
 * else v itself. AWS::NoValue branches are skipped. */
typedef void (*sr_value_fn)(void *arg, const struct sr_node *v);
void sr_each_branch(const struct sr_node *v, sr_value_fn fn, void *arg);

/*
 * Calls fn for each value under pattern below props: '/'-separated keys,
 * '[]' every item of a list, '*' every value of a map; Fn::If branches are
 * followed at every level. path is the concrete path ("Users[0].Password"),
 * key the mapping key node the value is under (NULL for list items).
 */
typedef void (*sr_place_fn)(void *arg, const struct sr_node *v, const char *path,
                            const struct sr_node *key);
void sr_walk_path(struct sr_arena *a, const struct sr_node *props, const char *pattern,
                  sr_place_fn fn, void *arg);

/* The key node under which n is a mapping value, or NULL. */
const struct sr_node *sr_value_key(const struct sr_node *n);
/* The string of a one-string Fn::Sub (!Sub 's' or {Fn::Sub: s}), or NULL. */
const char *sr_value_sub_string(const struct sr_node *v);
/* 1 when n is (inside) the value of a mapping key named key. */
int sr_value_under_key(const struct sr_node *n, const char *key);

/*
 * Where n sits in the document, stable when lines move:
 * "Resources/X/Properties/Y[2]". A key node has its value's path, with
 * ":key" after its name when mark_keys is set. "" for the root or NULL.
 */
const char *sr_value_path(struct sr_arena *a, const struct sr_node *n, int mark_keys);

/* The property path of n below props (a resource's Properties), as the
 * credential table writes it: "Users/[]/Password"; intrinsic functions on
 * the way (Fn::If and friends) are not part of it. */
const char *sr_value_prop_path(struct sr_arena *a, const struct sr_node *props,
                               const struct sr_node *n);

/* a + sep + b in the arena. */
const char *sr_str_join(struct sr_arena *a, const char *x, const char *sep, const char *y);

#endif
