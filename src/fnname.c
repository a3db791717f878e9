/*
 * fnname.c - intrinsic function names: tag and key to enum and back.
 */
#include "fnname.h"

#include <string.h>

/* The entries of sr_fns, in its order (sr_fn_from_tag indexes it). */
enum {
    SR_I_REF,
    SR_I_GETATT,
    SR_I_SUB,
    SR_I_JOIN,
    SR_I_SELECT,
    SR_I_SPLIT,
    SR_I_IF,
    SR_I_EQUALS,
    SR_I_AND,
    SR_I_OR,
    SR_I_NOT,
    SR_I_FINDINMAP,
    SR_I_GETAZS,
    SR_I_IMPORTVALUE,
    SR_I_BASE64,
    SR_I_CIDR,
    SR_I_CONDITION,
    SR_I_TRANSFORM,
    SR_I_TOJSONSTRING,
    SR_I_LENGTH,
    SR_I_CONTAINS,
    SR_I_EACHMEMBEREQUALS,
    SR_I_EACHMEMBERIN,
    SR_I_REFALL,
    SR_I_VALUEOF,
    SR_I_VALUEOFALL,
};

static const struct {
    enum sr_fn fn;
    const char *name; /* long name */
    const char *tag;  /* short tag */
} sr_fns[] = {
    {SR_FN_REF, "Ref", "!Ref"},
    {SR_FN_GETATT, "Fn::GetAtt", "!GetAtt"},
    {SR_FN_SUB, "Fn::Sub", "!Sub"},
    {SR_FN_JOIN, "Fn::Join", "!Join"},
    {SR_FN_SELECT, "Fn::Select", "!Select"},
    {SR_FN_SPLIT, "Fn::Split", "!Split"},
    {SR_FN_IF, "Fn::If", "!If"},
    {SR_FN_EQUALS, "Fn::Equals", "!Equals"},
    {SR_FN_AND, "Fn::And", "!And"},
    {SR_FN_OR, "Fn::Or", "!Or"},
    {SR_FN_NOT, "Fn::Not", "!Not"},
    {SR_FN_FINDINMAP, "Fn::FindInMap", "!FindInMap"},
    {SR_FN_GETAZS, "Fn::GetAZs", "!GetAZs"},
    {SR_FN_IMPORTVALUE, "Fn::ImportValue", "!ImportValue"},
    {SR_FN_BASE64, "Fn::Base64", "!Base64"},
    {SR_FN_CIDR, "Fn::Cidr", "!Cidr"},
    {SR_FN_CONDITION, "Condition", "!Condition"},
    {SR_FN_TRANSFORM, "Fn::Transform", "!Transform"},
    {SR_FN_TOJSONSTRING, "Fn::ToJsonString", "!ToJsonString"},
    {SR_FN_LENGTH, "Fn::Length", "!Length"},
    {SR_FN_CONTAINS, "Fn::Contains", "!Contains"},
    {SR_FN_EACHMEMBEREQUALS, "Fn::EachMemberEquals", "!EachMemberEquals"},
    {SR_FN_EACHMEMBERIN, "Fn::EachMemberIn", "!EachMemberIn"},
    {SR_FN_REFALL, "Fn::RefAll", "!RefAll"},
    {SR_FN_VALUEOF, "Fn::ValueOf", "!ValueOf"},
    {SR_FN_VALUEOFALL, "Fn::ValueOfAll", "!ValueOfAll"},
};

#define SR_NFNS (sizeof(sr_fns) / sizeof(sr_fns[0]))
_Static_assert(SR_NFNS == SR_I_VALUEOFALL + 1, "sr_fns and its index enum differ");

int sr_fn_rules_only(enum sr_fn fn)
{
    return fn >= SR_FN_CONTAINS && fn <= SR_FN_VALUEOFALL;
}

/* sr_fns lists the functions in the order of enum sr_fn, from SR_FN_REF. */
_Static_assert(SR_FN_REF == 1 && SR_FN_VALUEOFALL == SR_NFNS && SR_FN_UNKNOWN == SR_NFNS + 1,
               "sr_fns and enum sr_fn differ");

const char *sr_fn_name(enum sr_fn fn)
{
    if (fn >= SR_FN_REF && fn <= SR_FN_VALUEOFALL)
        return sr_fns[fn - 1].name;
    return "Fn::?";
}

/* The index in sr_fns of the entry whose tag is tag, or -1. */
static int sr_tag_index(const char *tag)
{
    if (!tag || tag[0] != '!')
        return -1;
    /* Called on every walk of every tagged node: the tag's first letter
     * leaves one to three entries of the table to compare (the table is
     * short and fixed, so the index is written out). */
    unsigned char c[3] = {0, 0, 0}; /* 1 + an index of sr_fns, 0: none */
    switch (tag[1]) {
    case 'A':
        c[0] = 1 + SR_I_AND;
        break;
    case 'B':
        c[0] = 1 + SR_I_BASE64;
        break;
    case 'C':
        c[0] = 1 + SR_I_CIDR, c[1] = 1 + SR_I_CONDITION, c[2] = 1 + SR_I_CONTAINS;
        break;
    case 'E':
        c[0] = 1 + SR_I_EQUALS, c[1] = 1 + SR_I_EACHMEMBEREQUALS, c[2] = 1 + SR_I_EACHMEMBERIN;
        break;
    case 'F':
        c[0] = 1 + SR_I_FINDINMAP;
        break;
    case 'G':
        c[0] = 1 + SR_I_GETATT, c[1] = 1 + SR_I_GETAZS;
        break;
    case 'I':
        c[0] = 1 + SR_I_IF, c[1] = 1 + SR_I_IMPORTVALUE;
        break;
    case 'J':
        c[0] = 1 + SR_I_JOIN;
        break;
    case 'L':
        c[0] = 1 + SR_I_LENGTH;
        break;
    case 'N':
        c[0] = 1 + SR_I_NOT;
        break;
    case 'O':
        c[0] = 1 + SR_I_OR;
        break;
    case 'R':
        c[0] = 1 + SR_I_REF, c[1] = 1 + SR_I_REFALL;
        break;
    case 'S':
        c[0] = 1 + SR_I_SUB, c[1] = 1 + SR_I_SELECT, c[2] = 1 + SR_I_SPLIT;
        break;
    case 'T':
        c[0] = 1 + SR_I_TRANSFORM, c[1] = 1 + SR_I_TOJSONSTRING;
        break;
    case 'V':
        c[0] = 1 + SR_I_VALUEOF, c[1] = 1 + SR_I_VALUEOFALL;
        break;
    default:
        return -1;
    }
    for (size_t k = 0; k < 3 && c[k]; k++)
        if (strcmp(sr_fns[c[k] - 1].tag, tag) == 0)
            return c[k] - 1;
    return -1;
}

enum sr_fn sr_fn_from_tag(const char *tag)
{
    int i = sr_tag_index(tag);
    return i < 0 ? SR_FN_NONE : sr_fns[i].fn;
}

const char *sr_fn_static_tag(const char *tag)
{
    int i = sr_tag_index(tag);
    return i < 0 ? NULL : sr_fns[i].tag;
}

enum sr_fn sr_fn_from_key(const char *key)
{
    /* Most keys are property names: reject them on the first bytes. */
    if (!key)
        return SR_FN_NONE;
    if (key[0] == 'R')
        return strcmp(key, "Ref") == 0 ? SR_FN_REF : SR_FN_NONE;
    if (key[0] == 'C')
        return strcmp(key, "Condition") == 0 ? SR_FN_CONDITION : SR_FN_NONE;
    if (key[0] != 'F' || strncmp(key, "Fn::", 4) != 0)
        return SR_FN_NONE;
    for (size_t i = 0; i < SR_NFNS; i++)
        if (sr_fns[i].name[0] == 'F' && sr_fns[i].name[4] == key[4] &&
            strcmp(sr_fns[i].name, key) == 0)
            return sr_fns[i].fn;
    if (strncmp(key, "Fn::", 4) == 0)
        return SR_FN_UNKNOWN;
    return SR_FN_NONE;
}
