/*
 * intrinsic.h - one view of CloudFormation intrinsic functions.
 *
 * `!GetAtt A.Arn`, `{"Fn::GetAtt": ["A", "Arn"]}` and `Fn::GetAtt: A.Arn`
 * all give the same sr_intrinsic; `short_form` tells how it was spelled, for
 * the fixer. Also parses Fn::Sub strings into parts.
 */
#ifndef SR_INTRINSIC_H
#define SR_INTRINSIC_H

#include "arena.h"
#include "fnname.h"
#include "load.h"

struct sr_intrinsic {
    enum sr_fn fn;
    const char *name;          /* "Ref", "Fn::GetAtt", ... (long name) */
    const struct sr_node *arg; /* the argument node (aliases followed) */
    const struct sr_node *at;  /* the node that carries the function */
    const struct sr_node *key; /* long form: the "Fn::X" key node; NULL for tags */
    int short_form;            /* written as a !Tag */
};

/*
 * Recognises n as an intrinsic function call. Returns 1 and fills out when n
 * is `!Tag arg` or a one-key mapping `{Ref|Fn::*|Condition: arg}`, else 0.
 * Unknown `Fn::` keys give SR_FN_UNKNOWN. A one-key `Condition` mapping is
 * only an intrinsic inside Conditions/Fn::If contexts; callers decide.
 */
int sr_intrinsic_get_slow(const struct sr_node *n, struct sr_intrinsic *out);

/* Inline, as most nodes the walks ask about hold no function: the loader
 * marked them so (SR_FNC_SET alone) and the answer needs no call. */
static inline int sr_intrinsic_get(const struct sr_node *n, struct sr_intrinsic *out)
{
    const struct sr_node *d = sr_deref(n);
    if (d && d->fn == SR_FNC_SET) {
        *out = (struct sr_intrinsic){SR_FN_NONE, NULL, NULL, NULL, NULL, 0};
        return 0;
    }
    return sr_intrinsic_get_slow(n, out);
}

/*
 * Fn::GetAtt arguments. For "A.B.C" the resource is A and the attribute
 * "B.C" (split at the first dot); for [A, B] both from the list. attr_node
 * is the node holding the attribute (may be the same scalar). Returns 0, or
 * -1 when the argument has the wrong shape.
 */
struct sr_getatt {
    const char *resource;
    const char *attr;
    const struct sr_node *res_node;
    const struct sr_node *attr_node; /* NULL when attr is computed (!Ref) */
};
int sr_getatt_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_getatt *out);
/* The same, the resource name of "A.B" stored once in texts (NULL: copied
 * each time): the walks parse the same GetAtt again and again. */
int sr_getatt_parse_in(struct sr_arena *a, struct sr_strtab *texts, const struct sr_intrinsic *in,
                       struct sr_getatt *out);

/* Fn::Sub parts. */
enum sr_sub_kind {
    SR_SUB_TEXT, /* literal text (from text or ${!Literal}) */
    SR_SUB_VAR   /* ${Name} or ${Name.Attr} */
};
struct sr_sub_part {
    enum sr_sub_kind kind;
    const char *text; /* TEXT: the text; VAR: the name (before the first dot) */
    const char *attr; /* VAR with a dot: the part after the first dot, else NULL */
    size_t offset;    /* byte offset of the part within the string */
    size_t len;       /* bytes the part spans in the string */
};
struct sr_sub {
    const struct sr_node *string; /* the template string node */
    const struct sr_node *vars;   /* two-argument form: the variable map, else NULL */
    struct sr_sub_part *parts;
    size_t nparts;
};
/*
 * Parses s (len bytes) into parts: "${Name}", "${Name.Attr}", "${!Literal}"
 * (becomes the text "${Literal}"). Returns 0, or -1 with *err_offset at an
 * unterminated "${" or an empty "${}". With no arena, the string is only
 * checked: *nparts is counted and *parts is NULL.
 */
int sr_sub_parse_string(struct sr_arena *a, const char *s, size_t len, struct sr_sub_part **parts,
                        size_t *nparts, size_t *err_offset);
/*
 * Parses the argument of a Fn::Sub (string, or [string, map]). Returns 0 or
 * -1 on a malformed argument or string.
 */
int sr_sub_parse(struct sr_arena *a, const struct sr_intrinsic *in, struct sr_sub *out);
/* The same, with the parts' names and texts stored once in texts (they
 * recur: AWS::Region, ":secretsmanager:", ...). */
int sr_sub_parse_shared(struct sr_arena *a, struct sr_strtab *texts, const struct sr_intrinsic *in,
                        struct sr_sub *out);

#endif
