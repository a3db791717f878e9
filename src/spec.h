/*
 * spec.h - property specs of the resource types in schemas/resources/.
 *
 * The embedded JSON files are parsed once per process, on first use
 * (thread-safe), into read-only tables: per resource type its properties
 * (value type, required, allowed values), nested property types and the
 * attributes Fn::GetAtt may ask for. Nothing here looks at templates; rules
 * (SR004, SR005) and the fixer's tests ask questions. Every pointer returned
 * stays valid for the life of the process and must not be freed.
 */
#ifndef SR_SPEC_H
#define SR_SPEC_H

#include <stddef.h>

enum sr_spec_kind {
    SR_SPEC_ANY,     /* "json": any value */
    SR_SPEC_STRING,  /* a scalar (CloudFormation turns numbers and booleans into strings) */
    SR_SPEC_NUMBER,  /* a scalar that reads as a number */
    SR_SPEC_INTEGER, /* a scalar that reads as an integer */
    SR_SPEC_BOOLEAN, /* true/false, also quoted */
    SR_SPEC_TAG,     /* a {Key, Value} mapping */
    SR_SPEC_LIST,    /* a sequence of elem */
    SR_SPEC_MAP,     /* a mapping with values of elem */
    SR_SPEC_OBJECT,  /* a nested property type: object */
    SR_SPEC_UNION    /* any of alts */
};

struct sr_spec_object;

struct sr_spec_type {
    enum sr_spec_kind kind;
    const struct sr_spec_type *elem;        /* LIST, MAP */
    const struct sr_spec_object *object;    /* OBJECT */
    const struct sr_spec_type *const *alts; /* UNION: nalts alternatives */
    size_t nalts;
};

struct sr_spec_prop {
    const char *name;
    const struct sr_spec_type *type;
    int required;
    const char *const *enums; /* allowed values (of the items, for lists), sorted; NULL if free */
    size_t nenums;
};

/* A resource's properties, or a nested property type. */
struct sr_spec_object {
    const char *name;                 /* "AWS::IAM::Role" or the nested type's name */
    const struct sr_spec_prop *props; /* sorted by name (strcmp) */
    size_t nprops;
};

struct sr_spec_resource {
    const char *type; /* "AWS::SecretsManager::Secret" */
    int sam;          /* AWS::Serverless::* */
    struct sr_spec_object props;
    const char *const *attrs; /* sorted; an entry ending in ".*" allows any suffix */
    size_t nattrs;
};

/* The spec of a resource type, or NULL when the type is not covered. */
const struct sr_spec_resource *sr_spec_resource(const char *type);
/* 1 when the type has a spec, else 0. */
int sr_spec_has_type(const char *type);
/* Number of covered types, and type i in sorted order (NULL past the end). */
size_t sr_spec_count(void);
const struct sr_spec_resource *sr_spec_at(size_t i);
/* Number of embedded spec files that could not be read (0 in a good build). */
size_t sr_spec_load_errors(void);

/* Property name of an object, or NULL. */
const struct sr_spec_prop *sr_spec_object_prop(const struct sr_spec_object *o, const char *name);
/*
 * Property of a resource type by '/'-separated path ("HostedRotationLambda/
 * RotationType"); lists and maps of nested types are stepped through. NULL
 * when the type is not covered or the path names no property.
 */
const struct sr_spec_prop *sr_spec_prop(const char *type, const char *path);
/* The nested object of a value type (also inside a list/map/union), or NULL. */
const struct sr_spec_object *sr_spec_type_object(const struct sr_spec_type *t);
/* 1 when v is one of the property's allowed values (or it has none), else 0. */
int sr_spec_enum_has(const struct sr_spec_prop *p, const char *v);

/*
 * Fn::GetAtt: 1 when type has the attribute, 0 when it does not, -1 when the
 * type is not covered (callers must not report then).
 */
int sr_spec_has_attribute(const char *type, const char *attr);
/* The attribute names of a type (*out NULL and 0 when not covered). */
size_t sr_spec_attributes(const char *type, const char *const **out);
/*
 * Writes the attribute names as "A, B, C" into buf (size n, always
 * NUL-terminated, cut with "..." when too long). Returns the number of
 * attributes, 0 for a type without attributes, -1 when the type is not
 * covered (buf is then "").
 */
int sr_spec_format_attributes(const char *type, char *buf, size_t n);

/*
 * The name among cands (n names) closest to name by edit distance, when
 * close enough to be a likely misspelling (case differences count little);
 * else NULL.
 */
const char *sr_spec_suggest(const char *name, const char *const *cands, size_t n);
/* Same over an object's property names. */
const char *sr_spec_suggest_prop(const struct sr_spec_object *o, const char *name);

/* Human name of a value type for messages ("string", "list of string", "GenerateSecretString"). */
const char *sr_spec_type_name(const struct sr_spec_type *t, char *buf, size_t n);

#endif
