/*
 * schema.c - SR005: resource properties against the specs in
 * schemas/resources/ (src/spec.h): unknown properties (with a suggestion),
 * missing required ones, values of the wrong shape, values outside an
 * enumeration. Only types with a spec are checked; a value that is an
 * intrinsic function is never judged (it may stand for anything).
 */
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec.h"

#define SR005_MAX_DEPTH 64
#define SR005_ENUM_LIST 8 /* list allowed values in the message up to this many */

/* One path segment of the value being checked: a key, or a list index. */
struct sr005_seg {
    const char *key; /* NULL: index */
    size_t index;
};

struct sr005_walk {
    struct sr_ctx *ctx;
    const char *id;   /* logical id, or "Globals" */
    const char *type; /* resource type */
    const char *root; /* first path segment: "Properties" or "Globals.Function" */
    struct sr005_seg path[SR005_MAX_DEPTH];
    int depth;
};

/* "Properties.RotationRules.Duration", "Properties.Tags[2]". */
static const char *sr005_path(const struct sr005_walk *w)
{
    char buf[1024];
    size_t used = 0;
    int n = snprintf(buf, sizeof(buf), "%s", w->root);
    used = n > 0 ? (size_t)n : 0;
    for (int i = 0; i < w->depth && used < sizeof(buf); i++) {
        if (w->path[i].key)
            n = snprintf(buf + used, sizeof(buf) - used, ".%s", w->path[i].key);
        else
            n = snprintf(buf + used, sizeof(buf) - used, "[%zu]", w->path[i].index);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return sr_arena_strdup(w->ctx->arena, buf);
}

static int sr005_push(struct sr005_walk *w, const char *key, size_t index)
{
    if (w->depth >= SR005_MAX_DEPTH)
        return 0;
    w->path[w->depth].key = key;
    w->path[w->depth].index = index;
    w->depth++;
    return 1;
}

/* ---- value shapes ------------------------------------------------------- */

static int sr005_is_intrinsic(const struct sr_node *n)
{
    struct sr_intrinsic in;
    return sr_intrinsic_get(n, &in);
}

/* A YAML/JSON null: the property is as good as absent. */
static int sr005_is_null(const struct sr_node *n)
{
    if (n->kind != SR_SCALAR || n->tag || n->style != SR_STYLE_PLAIN)
        return 0;
    const char *s = sr_scalar_or(n, "");
    if (*s != '~' && *s != 'n' && *s != 'N')
        return !*s; /* the first byte rules out every other spelling */
    return !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int sr005_is_number(const char *s, int integer)
{
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return 0;
    char *end;
    if (integer)
        (void)strtoll(s, &end, 0); /* YAML 1.1 also reads 0x1F and 017 as integers */
    else
        (void)strtod(s, &end);
    while (isspace((unsigned char)*end))
        end++;
    if (*end == '\0')
        return 1;
    /* "5.0" for an integer: CloudFormation reads the number. */
    if (integer && *end == '.') {
        end++;
        while (*end == '0')
            end++;
        return *end == '\0';
    }
    return 0;
}

/* Booleans as YAML 1.1 readers (and CloudFormation) take them, any case. */
static int sr005_is_bool(const char *s)
{
    static const char *const words[] = {"true", "false", "yes", "no", "on", "off"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcasecmp(s, words[i]) == 0)
            return 1;
    return 0;
}

/* 1 when v (not an intrinsic, not null) has the shape t asks for at its top. */
static int sr005_shape_ok(const struct sr_spec_type *t, const struct sr_node *v)
{
    switch (t->kind) {
    case SR_SPEC_ANY:
        return 1;
    case SR_SPEC_STRING:
        return v->kind == SR_SCALAR;
    case SR_SPEC_NUMBER:
    case SR_SPEC_INTEGER:
        return v->kind == SR_SCALAR && sr005_is_number(sr_node_str(v), t->kind == SR_SPEC_INTEGER);
    case SR_SPEC_BOOLEAN:
        return v->kind == SR_SCALAR && sr005_is_bool(sr_node_str(v));
    case SR_SPEC_LIST:
        return v->kind == SR_SEQ;
    case SR_SPEC_MAP:
    case SR_SPEC_OBJECT:
    case SR_SPEC_TAG:
        return v->kind == SR_MAP;
    case SR_SPEC_UNION:
        for (size_t i = 0; i < t->nalts; i++)
            if (t->alts[i]->kind != SR_SPEC_UNION && sr005_shape_ok(t->alts[i], v))
                return 1;
        return 0;
    }
    return 0;
}

static const char *sr005_article(const char *noun)
{
    return strchr("aeiouAEIOU", noun[0]) ? "an" : "a";
}

/* What a value is, for messages: "a list", "a mapping", "'abc'". */
static const char *sr005_got(struct sr_ctx *ctx, const struct sr_node *v)
{
    if (v->kind == SR_SEQ)
        return "a list";
    if (v->kind == SR_MAP)
        return "a mapping";
    const char *s = sr_scalar_or(v, "");
    if (strlen(s) > 40)
        return sr_arena_printf(ctx->arena, "'%.37s...'", s);
    return sr_arena_printf(ctx->arena, "'%s'", s);
}

/* ---- the walk ----------------------------------------------------------- */

static void sr005_value(struct sr005_walk *w, const struct sr_spec_prop *p,
                        const struct sr_spec_type *t, const struct sr_node *v);

/* Keys another processor expands: Fn::Transform (AWS::Include), YAML merge keys. */
static int sr005_fn_key(const char *k)
{
    return (k[0] == 'F' && strncmp(k, "Fn::", 4) == 0) || (k[0] == '<' && strcmp(k, "<<") == 0);
}

/* A dynamic reference ({{resolve:ssm:...}}) stands for a value of any type. */
static int sr005_is_dynref(const struct sr_node *n)
{
    /* memchr first: most values hold no brace at all. */
    return n->kind == SR_SCALAR && sr_node_str(n) && memchr(sr_node_str(n), '{', sr_node_len(n)) &&
           strstr(sr_node_str(n), "{{resolve:") != NULL;
}

/*
 * Checks the keys of mapping map against object o. owner is the node that
 * findings about missing keys point at; also is a second mapping whose keys
 * count as present (SAM Globals), or NULL.
 */
static void sr005_object(struct sr005_walk *w, const struct sr_spec_object *o,
                         const struct sr_node *map, const struct sr_node *owner,
                         const struct sr_node *also)
{
    int transformed = 0;
    for (size_t i = 0; i < map->n; i++) {
        const struct sr_node *k = sr_map_key(map, i);
        const char *key = sr_scalar(k);
        if (!key)
            continue;
        if (sr005_fn_key(key)) {
            transformed = 1; /* keys made elsewhere: required ones may be among them */
            continue;
        }
        const struct sr_spec_prop *p = sr_spec_object_prop(o, key);
        if (!p) {
            const char *s = sr_spec_suggest_prop(o, key);
            const char *where = w->depth ? sr005_path(w) : NULL;
            sr_report(w->ctx, k, "%s: '%s' is not a property of %s%s%s%s%s%s", w->id, key,
                      where ? o->name : w->type, where ? " (" : "", where ? where : "",
                      where ? ")" : "", s ? "; did you mean " : "",
                      s ? sr_arena_printf(w->ctx->arena, "'%s'?", s) : "");
            continue;
        }
        if (!sr005_push(w, p->name, 0))
            continue;
        sr005_value(w, p, p->type, sr_map_val(map, i));
        w->depth--;
    }
    if (transformed || !owner)
        return;
    for (size_t i = 0; i < o->nprops; i++) {
        const struct sr_spec_prop *p = &o->props[i];
        if (!p->required || sr_map_get(map, p->name) || (also && sr_map_get(also, p->name)))
            continue;
        if (w->depth)
            sr_report(w->ctx, owner, "%s: required property '%s' is missing in %s", w->id, p->name,
                      sr005_path(w));
        else
            sr_report(w->ctx, owner, "%s: required property '%s' of %s is missing", w->id, p->name,
                      w->type);
    }
}

static void sr005_enum(struct sr005_walk *w, const struct sr_spec_prop *p, const struct sr_node *v)
{
    if (!p->nenums || sr_spec_enum_has(p, sr_node_str(v)))
        return;
    const char *s = sr_spec_suggest(sr_node_str(v), p->enums, p->nenums);
    const char *what;
    if (s) {
        what = sr_arena_printf(w->ctx->arena, "did you mean '%s'?", s);
    } else if (p->nenums <= SR005_ENUM_LIST) {
        char list[512];
        size_t used = 0;
        list[0] = '\0';
        for (size_t i = 0; i < p->nenums && used < sizeof(list); i++) {
            int n = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", p->enums[i]);
            if (n < 0)
                break;
            used += (size_t)n;
        }
        what = sr_arena_printf(w->ctx->arena, "allowed: %s", list);
    } else {
        what = sr_arena_printf(w->ctx->arena, "%zu values are allowed; see --explain SR005",
                               p->nenums);
    }
    sr_report(w->ctx, v, "%s: %s %s is not an allowed value (%s)", w->id, sr005_path(w),
              sr005_got(w->ctx, v), what);
}

static void sr005_value(struct sr005_walk *w, const struct sr_spec_prop *p,
                        const struct sr_spec_type *t, const struct sr_node *v)
{
    v = sr_deref(v);
    if (!v || !t || sr005_is_intrinsic(v) || sr005_is_null(v) || sr005_is_dynref(v))
        return;
    if (!sr005_shape_ok(t, v)) {
        char tn[256];
        const char *name = sr_spec_type_name(t, tn, sizeof(tn));
        if (t->kind == SR_SPEC_OBJECT)
            sr_report(w->ctx, v, "%s: %s must be a mapping (%s), not %s", w->id, sr005_path(w),
                      name, sr005_got(w->ctx, v));
        else
            sr_report(w->ctx, v, "%s: %s must be %s %s, not %s", w->id, sr005_path(w),
                      sr005_article(name), name, sr005_got(w->ctx, v));
        return;
    }
    switch (t->kind) {
    case SR_SPEC_STRING:
        sr005_enum(w, p, v);
        break;
    case SR_SPEC_LIST:
        for (size_t i = 0; i < v->n; i++) {
            if (!sr005_push(w, NULL, i))
                break;
            sr005_value(w, p, t->elem, sr_seq_item(v, i));
            w->depth--;
        }
        break;
    case SR_SPEC_MAP:
        for (size_t i = 0; i < v->n; i++) {
            const char *key = sr_scalar(sr_map_key(v, i));
            if (!key || sr005_fn_key(key) || !sr005_push(w, key, 0))
                continue;
            sr005_value(w, p, t->elem, sr_map_val(v, i));
            w->depth--;
        }
        break;
    case SR_SPEC_OBJECT: {
        /* The key naming this object is where a missing key is reported. */
        const struct sr_node *owner = v;
        if (v->parent && v->parent->kind == SR_MAP)
            for (size_t i = 0; i < v->parent->n; i++)
                if (sr_deref(v->parent->items[2 * i + 1]) == v)
                    owner = v->parent->items[2 * i];
        sr005_object(w, t->object, v, owner, NULL);
        break;
    }
    case SR_SPEC_TAG:
        if (!sr_map_get(v, "Key") && !sr_map_get(v, "Fn::Transform"))
            sr_report(w->ctx, v, "%s: %s has no 'Key'", w->id, sr005_path(w));
        for (size_t i = 0; i < v->n; i++) {
            const struct sr_node *k = sr_map_key(v, i);
            const char *key = sr_scalar(k);
            if (key && strcmp(key, "Key") != 0 && strcmp(key, "Value") != 0 && !sr005_fn_key(key))
                sr_report(w->ctx, k,
                          "%s: '%s' is not part of a tag in %s (a tag has Key and Value)", w->id,
                          key, sr005_path(w));
        }
        break;
    case SR_SPEC_UNION:
        /* Check inside the first alternative the value fits. */
        for (size_t i = 0; i < t->nalts; i++)
            if (t->alts[i]->kind != SR_SPEC_UNION && sr005_shape_ok(t->alts[i], v)) {
                sr005_value(w, p, t->alts[i], v);
                break;
            }
        break;
    default:
        break;
    }
}

/* ---- resources and SAM Globals ------------------------------------------ */

static void sr005_resource(struct sr_ctx *ctx, const struct sr_resource *r)
{
    const struct sr_spec_resource *spec = sr_spec_resource(r->type);
    if (!spec || !r->node || !r->key)
        return;
    struct sr005_walk w = {ctx, r->id, r->type, "Properties", {{NULL, 0}}, 0};
    const struct sr_node *pkey = NULL;
    const struct sr_node *props = sr_map_get_kv(r->node, "Properties", &pkey);
    props = sr_deref(props);
    /* SAM: a property set in Globals counts as present. */
    const struct sr_node *globals = NULL;
    if (spec->sam)
        globals = sr_map_get(ctx->g->t.globals, r->type + strlen("AWS::Serverless::"));
    if (!props || sr005_is_null(props)) {
        sr005_object(&w, &spec->props, &(struct sr_node){.kind = SR_MAP}, r->key, globals);
        return;
    }
    if (sr005_is_intrinsic(props))
        return;
    if (props->kind != SR_MAP) {
        sr_report(ctx, props, "%s: Properties must be a mapping, not %s", r->id,
                  sr005_got(ctx, props));
        return;
    }
    sr005_object(&w, &spec->props, props, pkey ? pkey : r->key, globals);
}

/* Globals.Function / Globals.Api hold properties of the SAM types. */
static void sr005_globals(struct sr_ctx *ctx)
{
    const struct sr_node *gl = sr_deref(ctx->g->t.globals);
    if (!sr_is_map(gl) || !ctx->g->t.sam)
        return;
    for (size_t i = 0; i < gl->n; i++) {
        const char *section = sr_scalar(sr_map_key(gl, i));
        const struct sr_node *v = sr_deref(sr_map_val(gl, i));
        if (!section || !sr_is_map(v) || sr005_is_intrinsic(v))
            continue;
        const char *type = sr_arena_printf(ctx->arena, "AWS::Serverless::%s", section);
        const struct sr_spec_resource *spec = sr_spec_resource(type);
        if (!spec)
            continue;
        struct sr005_walk w = {ctx,         "Globals",
                               type,        sr_arena_printf(ctx->arena, "Globals.%s", section),
                               {{NULL, 0}}, 0};
        sr005_object(&w, &spec->props, v, NULL, NULL);
    }
}

static void sr005_check(struct sr_ctx *ctx)
{
    for (size_t i = 0; i < ctx->g->nres; i++) {
        const struct sr_resource *r = ctx->g->res[i];
        if (!r->implicit && r->type)
            sr005_resource(ctx, r);
    }
    sr005_globals(ctx);
}

/* SR005: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR005[] = "Transform: AWS::SecretsManager-2024-09-16\n"
                                   "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretID: !Ref Secret\n"
                                   "      HostedRotationLambda:\n"
                                   "        RotationType: MySqlSingleUser\n"
                                   "      RotationRules:\n"
                                   "        AutomaticallyAfterDays: [30]\n";

static const char sr_good_SR005[] = "Transform: AWS::SecretsManager-2024-09-16\n"
                                    "Resources:\n"
                                    "  Secret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  Schedule:\n"
                                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                                    "    Properties:\n"
                                    "      SecretId: !Ref Secret\n"
                                    "      HostedRotationLambda:\n"
                                    "        RotationType: MySQLSingleUser\n"
                                    "      RotationRules:\n"
                                    "        AutomaticallyAfterDays: 30\n";

static const struct sr_rule sr005 = {
    .id = "SR005",
    .title = "resource property unknown, missing, of the wrong type or not an allowed value",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-template-resource-type-ref.html",
    .explain =
        "Properties of the resource types this tool knows (the ones its rules and fixer touch: "
        "Secrets\n"
        "Manager, IAM, Lambda, SAM functions, APIs and applications, KMS, RDS, Redshift, "
        "DocumentDB,\n"
        "ElastiCache, SSM parameters, SNS topics, CloudWatch alarms, EventBridge rules, EC2 "
        "security\n"
        "groups) are checked against the CloudFormation resource specification:\n"
        "\n"
        "  - a property the type does not have (usually a misspelling: the message suggests the\n"
        "    closest name). CloudFormation rejects the template, or for SAM types the transform\n"
        "    fails. A misspelt optional property is worse than an error: in some tools it is\n"
        "    silently ignored, so the setting you meant never applies;\n"
        "  - a required property that is missing (SecretId of a RotationSchedule, RotationType of "
        "a\n"
        "    HostedRotationLambda, TargetType of a SecretTargetAttachment, ...);\n"
        "  - a value of the wrong shape: a list where a single value belongs, a mapping where a\n"
        "    string belongs, text where a number or boolean belongs. Numbers and booleans may be\n"
        "    quoted, and a string property takes numbers and booleans, as CloudFormation converts\n"
        "    them;\n"
        "  - a value outside a fixed set: HostedRotationLambda RotationType, "
        "SecretTargetAttachment\n"
        "    TargetType, Lambda Runtime, PackageType and Architectures, SSM parameter Type "
        "(String\n"
        "    or StringList: CloudFormation cannot create SecureString parameters), KMS KeySpec "
        "and\n"
        "    KeyUsage, alarm ComparisonOperator and Statistic.\n"
        "\n"
        "A value written with an intrinsic function (!Ref, !If, !Sub, !GetAtt, !FindInMap, ...) "
        "is\n"
        "not judged: it can stand for a string, a number or a list. A mapping that holds an\n"
        "Fn::Transform key is not checked for missing keys. SAM types are checked against SAM's "
        "own\n"
        "property lists; a property set in Globals counts as present, and Globals.Function and\n"
        "Globals.Api are checked too. Resource types without a spec (schemas/resources/) are not\n"
        "reported.\n"
        "\n"
        "Not a judgement call: CloudFormation (or the SAM transform) rejects the template. Test\n"
        "data that is never deployed (linter fixtures) is reported all the same.\n"
        "\n"
        "Example:\n"
        "    Schedule:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      Properties:                                # SR005: required 'SecretId' is missing\n"
        "        SecretID: !Ref Secret                    # SR005: did you mean 'SecretId'?\n"
        "        HostedRotationLambda:\n"
        "          RotationType: MySqlSingleUser          # SR005: did you mean "
        "'MySQLSingleUser'?\n"
        "        RotationRules:\n"
        "          AutomaticallyAfterDays: [30]           # SR005: must be an integer, not a list\n"
        "\n"
        "Fixed:\n"
        "    Schedule:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      Properties:\n"
        "        SecretId: !Ref Secret\n"
        "        HostedRotationLambda:\n"
        "          RotationType: MySQLSingleUser\n"
        "        RotationRules:\n"
        "          AutomaticallyAfterDays: 30\n"
        "\n"
        "The specs are generated from the CloudFormation resource specification "
        "(schemas/resources/\n"
        "SOURCE.md names the source and its version).\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-template-resource-type-ref.html\n"
        "and "
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-specification-resources-and-properties.html\n",
    .bad = sr_bad_SR005,
    .good = sr_good_SR005,
    .check = sr005_check,
};

const struct sr_rule *const sr_rules_schema[] = {&sr005, NULL};
