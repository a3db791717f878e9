/*
 * fnname.h - the names of CloudFormation intrinsic functions: the long
 * name ("Fn::Join"), the short tag ("!Join") and the enum between them.
 * Text only (no nodes), so that the loader can classify nodes as it
 * builds them; intrinsic.h gives the view of a node as a call.
 */
#ifndef SR_FNNAME_H
#define SR_FNNAME_H

enum sr_fn {
    SR_FN_NONE = 0,
    SR_FN_REF,
    SR_FN_GETATT,
    SR_FN_SUB,
    SR_FN_JOIN,
    SR_FN_SELECT,
    SR_FN_SPLIT,
    SR_FN_IF,
    SR_FN_EQUALS,
    SR_FN_AND,
    SR_FN_OR,
    SR_FN_NOT,
    SR_FN_FINDINMAP,
    SR_FN_GETAZS,
    SR_FN_IMPORTVALUE,
    SR_FN_BASE64,
    SR_FN_CIDR,
    SR_FN_CONDITION,
    SR_FN_TRANSFORM,
    SR_FN_TOJSONSTRING,
    SR_FN_LENGTH,
    /* Rule functions: valid only in the Rules section. */
    SR_FN_CONTAINS,
    SR_FN_EACHMEMBEREQUALS,
    SR_FN_EACHMEMBERIN,
    SR_FN_REFALL,
    SR_FN_VALUEOF,
    SR_FN_VALUEOFALL,
    SR_FN_UNKNOWN /* a key "Fn::Something" that CloudFormation does not know */
};

/* 1 for the rule functions (Fn::Contains, Fn::EachMemberEquals,
 * Fn::EachMemberIn, Fn::RefAll, Fn::ValueOf, Fn::ValueOfAll), which
 * CloudFormation accepts only inside the Rules section. */
int sr_fn_rules_only(enum sr_fn fn);

/* Long name of a function ("Fn::Join"); "Ref" for SR_FN_REF. */
const char *sr_fn_name(enum sr_fn fn);
/* Function for a short tag ("!Join") or long name ("Fn::Join"), else SR_FN_NONE. */
enum sr_fn sr_fn_from_tag(const char *tag);
/* The table's own copy of a function tag equal to tag ("!Ref"), or NULL:
 * the loader points nodes at it instead of copying the tag. */
const char *sr_fn_static_tag(const char *tag);
enum sr_fn sr_fn_from_key(const char *key);

#endif
