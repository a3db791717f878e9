/*
 * template.c - template rules: the file parses (SR001), keys are unique
 * (SR002), references name something that exists (SR003), intrinsic
 * functions are well formed (SR004), logical ids are alphanumeric (SR008),
 * DependsOn has no cycle (SR009), sections and resources have the shape
 * CloudFormation reads (SR010). SR001 and SR002 come from the loader; this
 * file words them.
 */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logicalid.h"
#include "spec.h"

/* ---- SR001 -------------------------------------------------------------- */

/* Reported by sr_lint_text() from the loader's error. */
/* SR001: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR001[] = "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "     Properties: {}\n";

static const char sr_good_SR001[] = "Resources:\n"
                                    "  Secret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties: {}\n";

static const struct sr_rule sr001 = {
    .id = "SR001",
    .title = "file is not valid YAML or JSON",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html",
    .explain =
        "The file could not be read as a template: a YAML or JSON syntax error, or input the "
        "loader\n"
        "refuses to protect itself (a file over 64 MiB, nesting deeper than 512 levels, aliases\n"
        "that expand to more than a million nodes, NUL bytes, invalid UTF-8, UTF-16 text, more\n"
        "than one YAML document). The message gives the parser's reason; line and column point at\n"
        "where it stopped.\n"
        "\n"
        "Nothing else is checked in a file that does not load, so fix this first.\n"
        "\n"
        "Not a judgement call: a file that does not load cannot be deployed.\n"
        "\n"
        "Example:\n"
        "    Resources:\n"
        "      Secret:\n"
        "        Type: AWS::SecretsManager::Secret\n"
        "         Properties: {}        # indented one space too far: SR001\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html\n",
    .bad = sr_bad_SR001,
    .good = sr_good_SR001,
};

/* ---- SR002 -------------------------------------------------------------- */

static void sr002_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *d = &ctx->doc->dups;
    for (size_t i = 0; i + 1 < d->n; i += 2) {
        const struct sr_node *first = d->v[i];
        const struct sr_node *dup = d->v[i + 1];
        sr_report(ctx, dup, "duplicate key '%s': first defined at line %d",
                  sr_scalar(dup) ? sr_scalar(dup) : "", sr_node_pos(ctx->doc, first).line);
    }
}

/* SR002: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR002[] = "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      Description: database credential\n"
                                   "      Description: API key\n";

static const char sr_good_SR002[] = "Resources:\n"
                                    "  Secret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      Description: database credential\n";

static const struct sr_rule sr002 = {
    .id = "SR002",
    .title = "duplicate key in a mapping",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .explain =
        "A mapping names the same key twice. YAML parsers disagree on which value wins (most keep\n"
        "the last one, silently), and CloudFormation rejects JSON templates with duplicate keys.\n"
        "A duplicate logical id under Resources means one of the two resources is never created.\n"
        "\n"
        "The finding points at the second key and names the line of the first. Remove one of them\n"
        "or merge their contents.\n"
        "\n"
        "Not a judgement call: one of the two values is silently lost.\n"
        "\n"
        "Example:\n"
        "    Properties:\n"
        "      SecretId: !Ref DatabaseSecret\n"
        "      SecretId: !Ref ApiKeySecret     # SR002\n",
    .bad = sr_bad_SR002,
    .good = sr_good_SR002,
    .check = sr002_check,
};

/* ---- SR003 -------------------------------------------------------------- */

/* Edit distance of a and b when it is at most max, else some value above
 * max: the lengths alone rule most names out, and a row whose least entry
 * is above max ends the count (entries never fall from one row to the
 * next). */
static size_t sr_edit_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        size_t least = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
            if (best < least)
                least = best;
        }
        if (least > max)
            return max + 1;
    }
    return row[lb];
}

/* The closest resource or parameter name, if close enough to suggest. */
static const char *sr_suggest(const struct sr_graph *g, const char *name, int resources_only)
{
    const char *best = NULL;
    size_t best_d = strlen(name) / 3 + 1;
    if (best_d > 3)
        best_d = 3;
    for (size_t i = 0; i < g->nres; i++) {
        size_t d = sr_edit_distance(name, g->res[i]->id, best_d);
        if (d <= best_d && (!best || d < best_d)) {
            best = g->res[i]->id;
            best_d = d;
        }
    }
    const struct sr_node *params = g->t.parameters;
    for (size_t i = 0; !resources_only && sr_is_map(params) && i < sr_deref(params)->n; i++) {
        const char *p = sr_scalar(sr_map_key(params, i));
        if (!p)
            continue;
        size_t d = sr_edit_distance(name, p, best_d);
        if (d <= best_d && (!best || d < best_d)) {
            best = p;
            best_d = d;
        }
    }
    return best;
}

/* Names SAM generates from the id of a SAM resource (roles, aliases,
 * versions, APIs, permissions, stages) count as existing. */
static int sr_sam_generated(const struct sr_graph *g, const char *name)
{
    if (!g->t.sam)
        return 0;
    if (strncmp(name, "ServerlessRestApi", 17) == 0 || strncmp(name, "ServerlessHttpApi", 17) == 0)
        return 1;
    for (size_t i = 0; i < g->nres; i++) {
        const struct sr_resource *r = g->res[i];
        if (!r->type || strncmp(r->type, "AWS::Serverless::", 17) != 0)
            continue;
        size_t n = strlen(r->id);
        if (strncmp(name, r->id, n) == 0 && name[n] != '\0')
            return 1;
    }
    return 0;
}

/* The closest key of map to name, if close enough to suggest. */
static const char *sr_suggest_key(const struct sr_node *map, const char *name)
{
    const char *best = NULL;
    size_t best_d = strlen(name) / 3 + 1;
    if (best_d > 3)
        best_d = 3;
    for (size_t i = 0; sr_is_map(map) && i < sr_deref(map)->n; i++) {
        const char *k = sr_scalar(sr_map_key(map, i));
        if (!k)
            continue;
        size_t d = sr_edit_distance(name, k, best_d);
        if (d <= best_d && (!best || d < best_d)) {
            best = k;
            best_d = d;
        }
    }
    return best;
}

/* Names in the sections the graph's edges do not cover: conditions (the
 * Condition attribute of resources and outputs, Fn::If, the Condition
 * function inside Conditions) and the Rules section (Ref and Fn::ValueOf
 * name parameters there). */
struct sr003_walk {
    struct sr_ctx *ctx;
    const char *where; /* "Secret", "output Arn", "condition IsProd", "rule Check" */
    int in_conditions; /* a one-key {Condition: X} is the Condition function */
    int in_rules;      /* Ref and Fn::ValueOf name parameters */
};

/* The name a node gives: a plain scalar, or the argument of a short-form
 * call whose tag sits on the name itself (`!Condition IsProd`); NULL for
 * anything computed. */
static const char *sr003_name(const struct sr_node *n, int own_tag)
{
    n = sr_deref(n);
    if (!sr_is_scalar(n) || (n->tag && !own_tag))
        return NULL;
    return sr_scalar(n);
}

/* Reports name_node when it names no condition of the template; "what
 * where" says who names it ("Fn::If in Secret", "Condition of Secret"),
 * put together only when there is something to report. */
static void sr003_condition(struct sr003_walk *w, const struct sr_node *name_node, const char *what,
                            const char *where, int own_tag)
{
    const struct sr_node *n = sr_deref(name_node);
    const char *name = sr003_name(n, own_tag);
    if (!name || sr_map_get(w->ctx->g->t.conditions, name))
        return;
    const char *s = sr_suggest_key(w->ctx->g->t.conditions, name);
    sr_report(w->ctx, n, "%s %s names condition '%s', which is not defined in Conditions%s%s%s",
              what, where, name, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
}

/* Reports name_node when it names no parameter (Rules reference only those). */
static void sr003_rule_parameter(struct sr003_walk *w, const struct sr_node *name_node,
                                 const char *fn, int own_tag)
{
    const struct sr_node *n = sr_deref(name_node);
    const char *name = sr003_name(n, own_tag);
    const struct sr_graph *g = w->ctx->g;
    if (!name || sr_graph_parameter(g, name) || sr_is_pseudo(name))
        return;
    const char *s = sr_suggest_key(g->t.parameters, name);
    sr_report(w->ctx, n, "%s names '%s', which is not a parameter of this template (in %s)%s%s%s",
              fn, name, w->where, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
}

static void sr003_walk(struct sr003_walk *w, const struct sr_node *n, int depth)
{
    n = sr_deref(n);
    if (!n || n->pure || depth > SR_MAX_DEPTH)
        return; /* a pure subtree holds no function to check */
    struct sr_intrinsic in;
    if (sr_intrinsic_get(n, &in) &&
        (in.fn != SR_FN_CONDITION || in.short_form || w->in_conditions)) {
        if (in.fn == SR_FN_IF && sr_is_seq(in.arg))
            sr003_condition(w, sr_seq_item(in.arg, 0), "Fn::If in", w->where, 0);
        else if (in.fn == SR_FN_CONDITION)
            sr003_condition(w, in.arg, "Condition in", w->where, in.short_form);
        else if (w->in_rules && in.fn == SR_FN_REF)
            sr003_rule_parameter(w, in.arg, "Ref", in.short_form);
        else if (w->in_rules && in.fn == SR_FN_VALUEOF && sr_is_seq(in.arg))
            sr003_rule_parameter(w, sr_seq_item(in.arg, 0), "Fn::ValueOf", 0);
        if (!in.short_form) {
            sr003_walk(w, in.arg, depth + 1);
            return;
        }
    }
    if (n->kind == SR_MAP) {
        for (size_t i = 0; i < n->n; i++)
            sr003_walk(w, n->items[2 * i + 1], depth + 1);
    } else if (n->kind == SR_SEQ) {
        for (size_t i = 0; i < n->n; i++)
            sr003_walk(w, n->items[i], depth + 1);
    }
}

/* Each entry of a section (Conditions, Outputs, Rules): walked with where
 * set to "<label> <name>"; the Condition attribute of outputs is checked. */
static void sr003_section(struct sr003_walk *w, const struct sr_node *sec, const char *label)
{
    sec = sr_deref(sec);
    for (size_t i = 0; sr_is_map(sec) && i < sec->n; i++) {
        const char *name = sr_scalar(sr_map_key(sec, i));
        const struct sr_node *v = sr_map_val(sec, i);
        w->where = sr_arena_printf(w->ctx->arena, "%s %s", label, name ? name : "?");
        if (!strcmp(label, "output"))
            sr003_condition(w, sr_map_get(v, "Condition"), "Condition of", w->where, 0);
        sr003_walk(w, v, 1);
    }
}

static void sr003_conditions_and_rules(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    struct sr003_walk w = {ctx, NULL, 0, 0};
    for (size_t i = 0; i < g->nreal; i++) {
        const struct sr_resource *r = g->res[i];
        w.where = r->id;
        sr003_condition(&w, sr_map_get(r->node, "Condition"), "Condition of", r->id, 0);
        sr003_walk(&w, r->node, 1);
    }
    w.where = "Globals";
    sr003_walk(&w, g->t.globals, 1);
    sr003_section(&w, g->t.outputs, "output");
    w.in_conditions = 1;
    sr003_section(&w, g->t.conditions, "condition");
    w.in_conditions = 0;
    w.in_rules = 1;
    sr003_section(&w, g->t.rules, "rule");
}

static void sr003_check(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    const struct sr_node *last_at = NULL;
    const char *last_to = NULL;
    for (size_t i = 0; i < g->edges.n; i++) {
        const struct sr_edge *e = g->edges.v[i];
        if (!e->to || e->target)
            continue;
        int is_param = sr_graph_parameter(g, e->to) != NULL;
        int is_pseudo = sr_is_pseudo(e->to);
        const char *what = NULL;
        if (e->kind == SR_EDGE_DEPENDSON) {
            if (!sr_sam_generated(g, e->to))
                what = "DependsOn names '%s', which is not a resource of this template%s%s%s";
        } else if (e->kind == SR_EDGE_GETATT || e->attr) {
            if (is_param || is_pseudo)
                what = "Fn::GetAtt names '%s', which is a parameter, not a resource%s%s%s";
            else if (!sr_sam_generated(g, e->to))
                what = "'%s' is not a resource of this template%s%s%s";
        } else if (!is_param && !is_pseudo && !sr_sam_generated(g, e->to)) {
            what = "'%s' is not a resource, parameter or pseudo parameter of this template%s%s%s";
        }
        if (!what)
            continue;
        if (e->at == last_at && last_to && strcmp(last_to, e->to) == 0)
            continue; /* Globals shared by several functions: one finding */
        last_at = e->at;
        last_to = e->to;
        const char *s = sr_suggest(g, e->to, e->kind != SR_EDGE_REF || e->attr);
        char where[160];
        snprintf(where, sizeof(where), " (in %s)", e->from ? e->from->id : "Outputs or Conditions");
        sr_report(ctx, e->at, what, e->to, s ? " (did you mean '" : where, s ? s : "",
                  s ? "'?)" : "");
    }
    sr003_conditions_and_rules(ctx);
}

/* SR003: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR003[] = "Conditions:\n"
                                   "  IsProd: !Equals [!Ref AWS::Region, us-east-1]\n"
                                   "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Condition: IsProdd\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Condition: IsProd\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref Secret\n"
                                   "      RotationLambdaARN: !GetAtt RotationLambda.Arn\n"
                                   "      RotationRules:\n"
                                   "        AutomaticallyAfterDays: 30\n";

static const char sr_good_SR003[] =
    "Conditions:\n"
    "  IsProd: !Equals [!Ref AWS::Region, us-east-1]\n"
    "Resources:\n"
    "  Secret:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Condition: IsProd\n"
    "  Schedule:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Condition: IsProd\n"
    "    Properties:\n"
    "      SecretId: !Ref Secret\n"
    "      RotationLambdaARN: !GetAtt RotationLambda.Arn\n"
    "      RotationRules:\n"
    "        AutomaticallyAfterDays: 30\n"
    "  RotationLambda:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Condition: IsProd\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/secret-rotation\n"
    "      Code:\n"
    "        ZipFile: \"def handler(event, context): pass\"\n";

static const struct sr_rule sr003 = {
    .id = "SR003",
    .title = "reference to a logical id or parameter that does not exist",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "intrinsic-function-reference-ref.html",
    .explain =
        "Ref, Fn::GetAtt, a ${Name} in Fn::Sub, or DependsOn names something the template does\n"
        "not define. CloudFormation rejects the template (\"Unresolved resource dependencies\").\n"
        "Ref and Fn::Sub may name a resource, a parameter or a pseudo parameter (AWS::Region,\n"
        "AWS::AccountId, ...); Fn::GetAtt and DependsOn only a resource. In SAM templates, ids "
        "SAM\n"
        "generates from a resource's id (MyFunctionRole, MyFunctionAliaslive, ServerlessRestApi)\n"
        "count as defined.\n"
        "\n"
        "Condition names are references too: the Condition attribute of a resource or an output,\n"
        "the first argument of Fn::If, and the Condition function inside Conditions must name a\n"
        "condition of the Conditions section. In the Rules section, Ref and the first argument of\n"
        "Fn::ValueOf must name a parameter.\n"
        "\n"
        "A rotation schedule whose RotationLambdaARN names a function that was never defined is\n"
        "the most common case: rotation cannot work at all. Define the function, or correct the\n"
        "name (the message suggests the closest existing id).\n"
        "\n"
        "Not a judgement call: such a template does not deploy.\n"
        "\n"
        "Example:\n"
        "    RotationSchedule:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      Properties:\n"
        "        SecretId: !Ref DatabaseSecret\n"
        "        RotationLambdaARN: !GetAtt RotationLambda.Arn   # SR003: no RotationLambda\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Condition: IsProdd                             # SR003: Conditions has IsProd\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "intrinsic-function-reference-ref.html\n"
        "and https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "conditions-section-structure.html\n",
    .bad = sr_bad_SR003,
    .good = sr_good_SR003,
    .check = sr003_check,
};

/* ---- SR004 -------------------------------------------------------------- */

static int sr_is_fn(const struct sr_node *n)
{
    struct sr_intrinsic in;
    return sr_intrinsic_get(n, &in);
}

static int sr_is_list_like(const struct sr_node *n)
{
    return sr_is_seq(n) || sr_is_fn(n);
}

static int sr_is_string_like(const struct sr_node *n)
{
    return sr_is_scalar(n) || sr_is_fn(n);
}

/* A plain string: no function inside (Fn::ValueOf and Fn::ValueOfAll take
 * no function in their arguments). */
static int sr_is_plain(const struct sr_node *n)
{
    return sr_is_scalar(n) && !sr_is_fn(n);
}

/* Checks one intrinsic; reports at most one SR004. in_rules: inside the
 * Rules section, where the rule functions are valid. */
static void sr004_one(struct sr_ctx *ctx, const struct sr_intrinsic *in, int in_rules)
{
    const struct sr_node *a = in->arg;
    const char *name = in->name;
    const char *why = NULL;
    size_t n = sr_is_seq(a) ? sr_deref(a)->n : 0;
    if (sr_fn_rules_only(in->fn) && !in_rules) {
        sr_report(ctx, in->key ? in->key : in->at,
                  "%s is a rule function: CloudFormation accepts it only in the Rules section",
                  name);
        return;
    }
    /* A short-form tag sits on its argument, so the arg is the tagged node. */
    switch (in->fn) {
    case SR_FN_UNKNOWN:
        if (strncmp(name, "Fn::ForEach::", 13) == 0)
            return;
        sr_report(ctx, in->key ? in->key : in->at, "unknown intrinsic function '%s'", name);
        return;
    case SR_FN_REF:
        if (!sr_is_scalar(a) || !*sr_scalar(a))
            why = "takes the name of a resource or parameter";
        break;
    case SR_FN_GETATT:
        if (sr_is_scalar(a)) {
            const char *s = sr_scalar(a);
            const char *dot = strchr(s, '.');
            if (!dot || dot == s || !dot[1])
                why = "takes 'Resource.Attribute' or [Resource, Attribute]";
        } else if (!sr_is_seq(a) || n != 2 || !sr_is_scalar(sr_seq_item(a, 0))) {
            why = "takes 'Resource.Attribute' or [Resource, Attribute]";
        }
        break;
    case SR_FN_SUB:
        if (sr_is_scalar(a)) {
            struct sr_sub_part *parts;
            size_t np, eo;
            if (sr_sub_parse_string(NULL, sr_scalar(a), strlen(sr_scalar(a)), &parts, &np, &eo) < 0)
                why = "has an unterminated or empty ${} in its string";
        } else if (!sr_is_seq(a) || n != 2 || !sr_is_scalar(sr_seq_item(a, 0)) ||
                   !sr_is_map(sr_seq_item(a, 1))) {
            why = "takes a string, or [string, {variable map}]";
        } else {
            struct sr_sub_part *parts;
            size_t np, eo;
            const char *s = sr_scalar(sr_seq_item(a, 0));
            if (sr_sub_parse_string(NULL, s, strlen(s), &parts, &np, &eo) < 0)
                why = "has an unterminated or empty ${} in its string";
        }
        break;
    case SR_FN_JOIN:
        if (!sr_is_seq(a) || n != 2 || !sr_is_scalar(sr_seq_item(a, 0)) ||
            !sr_is_list_like(sr_seq_item(a, 1)))
            why = "takes [delimiter, [values]]";
        break;
    case SR_FN_SELECT:
        if (!sr_is_seq(a) || n != 2 || !sr_is_string_like(sr_seq_item(a, 0)) ||
            !sr_is_list_like(sr_seq_item(a, 1)))
            why = "takes [index, [values]]";
        break;
    case SR_FN_SPLIT:
        if (!sr_is_seq(a) || n != 2 || !sr_is_scalar(sr_seq_item(a, 0)) ||
            !sr_is_string_like(sr_seq_item(a, 1)))
            why = "takes [delimiter, string]";
        break;
    case SR_FN_IF:
        if (!sr_is_seq(a) || n != 3 || !sr_is_scalar(sr_seq_item(a, 0)))
            why = "takes [condition name, value if true, value if false]";
        break;
    case SR_FN_EQUALS:
        if (!sr_is_seq(a) || n != 2)
            why = "takes [value, value]";
        break;
    case SR_FN_AND:
    case SR_FN_OR:
        if (!sr_is_seq(a) || n < 2 || n > 10)
            why = "takes a list of 2 to 10 conditions";
        break;
    case SR_FN_NOT:
        if (!sr_is_seq(a) || n != 1)
            why = "takes a list of one condition";
        break;
    case SR_FN_FINDINMAP:
        if (!sr_is_seq(a) || n < 3 || n > 4)
            why = "takes [map name, top-level key, second-level key]";
        else if (sr_is_scalar(sr_seq_item(a, 0)) && !sr_seq_item(a, 0)->tag &&
                 !sr_map_get(ctx->g->t.mappings, sr_scalar(sr_seq_item(a, 0))))
            why = "names a mapping that is not defined in Mappings";
        break;
    case SR_FN_GETAZS:
        if (!sr_is_string_like(a))
            why = "takes a region name, \"\" or !Ref AWS::Region";
        break;
    case SR_FN_IMPORTVALUE:
        if (!sr_is_string_like(a))
            why = "takes the name of an exported output";
        break;
    case SR_FN_CIDR:
        if (!sr_is_seq(a) || n != 3)
            why = "takes [ip block, count, cidr bits]";
        break;
    case SR_FN_CONDITION:
        if (!sr_is_scalar(a))
            why = "takes the name of a condition";
        break;
    case SR_FN_LENGTH:
        if (!sr_is_list_like(a))
            why = "takes a list";
        break;
    case SR_FN_CONTAINS:
    case SR_FN_EACHMEMBEREQUALS:
        if (!sr_is_seq(a) || n != 2 || !sr_is_list_like(sr_seq_item(a, 0)) ||
            !sr_is_string_like(sr_seq_item(a, 1)))
            why = "takes [[list of strings], string]";
        break;
    case SR_FN_EACHMEMBERIN:
        if (!sr_is_seq(a) || n != 2 || !sr_is_list_like(sr_seq_item(a, 0)) ||
            !sr_is_list_like(sr_seq_item(a, 1)))
            why = "takes [[strings to check], [strings to match]]";
        break;
    case SR_FN_REFALL:
        if (!sr_is_scalar(a) || (!in->short_form && sr_is_fn(a)))
            why = "takes a parameter type, such as AWS::EC2::VPC::Id";
        break;
    case SR_FN_VALUEOF:
        if (!sr_is_seq(a) || n != 2 || !sr_is_plain(sr_seq_item(a, 0)) ||
            !sr_is_plain(sr_seq_item(a, 1)))
            why = "takes [parameter name, attribute], with no function inside";
        break;
    case SR_FN_VALUEOFALL:
        if (!sr_is_seq(a) || n != 2 || !sr_is_plain(sr_seq_item(a, 0)) ||
            !sr_is_plain(sr_seq_item(a, 1)))
            why = "takes [parameter type, attribute], with no function inside";
        break;
    default:
        break;
    }
    if (why)
        sr_report(ctx, in->at, "%s %s", name, why);
}

struct sr004_walk {
    struct sr_ctx *ctx;
    int in_conditions; /* Conditions or Rules: {Condition: X} is a function */
    int in_rules;      /* Rules: the rule functions are valid */
};

static void sr004_walk(struct sr004_walk *w, const struct sr_node *n, int depth, int is_key_ctx)
{
    n = sr_deref(n);
    if (!n || n->pure || depth > SR_MAX_DEPTH)
        return; /* a pure subtree holds no function to check */
    struct sr_intrinsic in;
    if (sr_intrinsic_get(n, &in)) {
        /* A one-key {Condition: X} mapping is an intrinsic only inside
         * condition expressions; elsewhere it is a resource attribute. */
        if (in.fn == SR_FN_CONDITION && !in.short_form && !w->in_conditions) {
            (void)is_key_ctx;
        } else {
            sr004_one(w->ctx, &in, w->in_rules);
        }
        if (in.short_form) {
            /* the argument is the node itself: walk its children */
            if (n->kind == SR_SEQ)
                for (size_t i = 0; i < n->n; i++)
                    sr004_walk(w, n->items[i], depth + 1, 0);
            else if (n->kind == SR_MAP)
                for (size_t i = 0; i < n->n; i++)
                    sr004_walk(w, n->items[2 * i + 1], depth + 1, 0);
            return;
        }
        sr004_walk(w, in.arg, depth + 1, 0);
        return;
    }
    if (n->kind == SR_MAP) {
        for (size_t i = 0; i < n->n; i++)
            sr004_walk(w, n->items[2 * i + 1], depth + 1, 1);
    } else if (n->kind == SR_SEQ) {
        for (size_t i = 0; i < n->n; i++)
            sr004_walk(w, n->items[i], depth + 1, 0);
    }
}

/* Fn::GetAtt attributes against the resource specs (schemas/resources). */
static void sr004_attributes(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    for (size_t i = 0; i < g->edges.n; i++) {
        const struct sr_edge *e = g->edges.v[i];
        if (!e->target || !e->attr || (e->kind != SR_EDGE_GETATT && e->kind != SR_EDGE_SUB))
            continue;
        const char *type = e->target->type;
        if (!type)
            continue;
        /* A SAM function becomes an AWS::Lambda::Function of the same id. */
        if (e->target->kind == SR_R_SAM_FUNCTION)
            type = "AWS::Lambda::Function";
        else if (strncmp(type, "AWS::Serverless::", 17) == 0)
            continue;
        if (sr_spec_has_attribute(type, e->attr) != 0)
            continue;
        char valid[512];
        int n = sr_spec_format_attributes(type, valid, sizeof(valid));
        sr_report(ctx, e->at, "'%s' is not an attribute of %s '%s'%s%s%s", e->attr, type,
                  e->target->id, n > 0 ? " (valid: " : " (it has no attributes", n > 0 ? valid : "",
                  ")");
    }
}

static void sr004_check(struct sr_ctx *ctx)
{
    sr004_attributes(ctx);
    const struct sr_template *t = &ctx->g->t;
    struct sr004_walk w = {ctx, 0, 0};
    if (!sr_is_map(t->root))
        return;
    const struct sr_node *root = t->root;
    for (size_t i = 0; i < root->n; i++) {
        const struct sr_node *k = sr_map_key(root, i);
        w.in_rules = sr_scalar_eq(k, "Rules");
        w.in_conditions = sr_scalar_eq(k, "Conditions") || w.in_rules;
        if (sr_scalar_eq(k, "Transform"))
            continue;
        sr004_walk(&w, sr_map_val(root, i), 1, 1);
    }
}

/* SR004: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR004[] = "Parameters:\n"
                                   "  BootstrapVersion:\n"
                                   "    Type: AWS::SSM::Parameter::Value<String>\n"
                                   "    Default: /cdk-bootstrap/hnb659fds/version\n"
                                   "Resources:\n"
                                   "  Secret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      Description: !Join [\",\", database, credential]\n"
                                   "      Name: !Contains [[a, b], a]\n";

static const char sr_good_SR004[] =
    "Parameters:\n"
    "  BootstrapVersion:\n"
    "    Type: AWS::SSM::Parameter::Value<String>\n"
    "    Default: /cdk-bootstrap/hnb659fds/version\n"
    "Resources:\n"
    "  Secret:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      Description: !Join [\",\", [database, credential]]\n"
    "Rules:\n"
    "  CheckBootstrapVersion:\n"
    "    Assertions:\n"
    "      - Assert: !Not [!Contains [[\"1\", \"2\", \"3\", \"4\", \"5\"], !Ref "
    "BootstrapVersion]]\n"
    "        AssertDescription: CDK bootstrap stack version 6 required.\n";

static const struct sr_rule sr004 = {
    .id = "SR004",
    .title = "malformed intrinsic function",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "intrinsic-function-reference.html",
    .explain =
        "An intrinsic function has the wrong shape: the wrong number or kind of arguments, an\n"
        "unknown Fn:: name, an Fn::Sub string with an unterminated ${, an Fn::FindInMap naming an\n"
        "undefined mapping, a Fn::GetAtt attribute the resource type does not have.\n"
        "CloudFormation rejects such a template when it validates it. (A condition or parameter\n"
        "that does not exist is SR003's.)\n"
        "\n"
        "The rule functions Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::RefAll,\n"
        "Fn::ValueOf and Fn::ValueOfAll are valid only in the Rules section, where they validate\n"
        "parameters (CDK's CheckBootstrapVersion rule uses Fn::Contains): there they are checked\n"
        "against their declarations, elsewhere they are reported. Fn::ValueOf and Fn::ValueOfAll\n"
        "take no function in their arguments.\n"
        "\n"
        "Short (!Join) and long (Fn::Join:) forms are checked the same way. Not a judgement\n"
        "call: such a template does not deploy.\n"
        "\n"
        "Example:\n"
        "    RotationLambdaARN: !GetAtt RotationFunction      # SR004: needs Resource.Attribute\n"
        "    Value: !Join [\",\", a, b]                         # SR004: takes [delimiter, "
        "[values]]\n"
        "    Description: !Contains [[a, b], a]              # SR004: a rule function\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "intrinsic-function-reference.html\n"
        "and https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "intrinsic-function-reference-rules.html\n",
    .bad = sr_bad_SR004,
    .good = sr_good_SR004,
    .check = sr004_check,
};

/* ---- SR008 -------------------------------------------------------------- */

static const struct {
    const char *section, *what, *article;
} sr008_sections[] = {
    {"Parameters", "parameter", "a"}, {"Mappings", "mapping", "a"},
    {"Conditions", "condition", "a"}, {"Resources", "resource", "a"},
    {"Outputs", "output", "an"},
};

static void sr008_key(struct sr_ctx *ctx, const struct sr_node *k, const char *a, const char *what)
{
    if (!k || k->kind != SR_SCALAR) {
        sr_report(ctx, k,
                  "the logical id of %s %s is not a plain name: CloudFormation takes 1 to "
                  "255 letters and digits",
                  a, what);
        return;
    }
    const char *id = sr_node_str(k);
    size_t len = sr_node_len(k);
    int cond = !strcmp(what, "condition");
    if (cond ? sr_condition_name_valid(id, len) : sr_logical_id_valid(id, len))
        return;
    if (len == 0) {
        sr_report(ctx, k,
                  "the logical id of %s %s is empty: CloudFormation takes 1 to 255 letters "
                  "and digits",
                  a, what);
        return;
    }
    if (len > SR_LOGICAL_ID_MAX) {
        sr_report(ctx, k,
                  "logical id '%.40s...' of %s %s is %zu characters long: CloudFormation "
                  "takes at most 255",
                  id, a, what, len);
        return;
    }
    size_t bad = 0;
    while (bad < len &&
           (cond ? sr_condition_name_valid(id + bad, 1) : sr_logical_id_valid(id + bad, 1)))
        bad++;
    const char *shown = len > 80 ? "..." : "";
    if ((unsigned char)id[bad] >= 0x20 && (unsigned char)id[bad] < 0x7F)
        sr_report(ctx, k,
                  "logical id '%.80s%s' of %s %s is not alphanumeric ('%c' at character %zu): "
                  "CloudFormation takes only A-Z, a-z and 0-9%s, and --fix derives no file or id "
                  "from it",
                  id, shown, a, what, id[bad], bad + 1,
                  cond ? " (and _ and & in a condition)" : "");
    else
        sr_report(ctx, k,
                  "logical id '%.80s%s' of %s %s is not alphanumeric (byte 0x%02X at byte %zu): "
                  "CloudFormation takes only A-Z, a-z and 0-9%s, and --fix derives no file or id "
                  "from it",
                  id, shown, a, what, (unsigned char)id[bad], bad + 1,
                  cond ? " (and _ and & in a condition)" : "");
}

static void sr008_check(struct sr_ctx *ctx)
{
    const struct sr_node *root = ctx->g->t.root;
    if (!sr_is_map(root))
        return;
    for (size_t s = 0; s < sizeof(sr008_sections) / sizeof(sr008_sections[0]); s++) {
        const struct sr_node *sec = sr_deref(sr_map_get(root, sr008_sections[s].section));
        if (!sr_is_map(sec))
            continue;
        for (size_t i = 0; i < sec->n; i++) {
            const struct sr_node *k = sr_map_key(sec, i);
            /* AWS::LanguageExtensions loops stand where ids stand. */
            if (k && k->kind == SR_SCALAR && strncmp(sr_node_str(k), "Fn::ForEach::", 13) == 0)
                continue;
            sr008_key(ctx, k, sr008_sections[s].article, sr008_sections[s].what);
        }
    }
}

static const struct sr_rule sr008 = {
    .id = "SR008",
    .title = "logical id is not alphanumeric",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "resources-section-structure.html",
    .explain =
        "A logical id - the key of a resource, parameter, output, condition or mapping -\n"
        "holds a character other than A-Z, a-z and 0-9, is empty, or is longer than 255\n"
        "characters. CloudFormation rejects the template (\"Template format error: ... logical\n"
        "ID must be alphanumeric\"), and JSON and YAML accept such keys silently, so the\n"
        "mistake survives until deploy.\n"
        "\n"
        "An id like ../../outside or one with a line break or a quote is also how a template\n"
        "from someone else could steer tools that build file names or code from ids: --fix\n"
        "refuses every fix of a resource whose id is reported here, and never writes a file,\n"
        "a new id or generated code from it. Rename the id (and every Ref, GetAtt, Sub and\n"
        "DependsOn naming it).\n"
        "\n"
        "Condition names may also hold '_' and '&' (CloudFormation accepts them there). Loops\n"
        "of the AWS::LanguageExtensions transform (Fn::ForEach::Name keys) are not logical ids\n"
        "and are not reported.\n"
        "\n"
        "Example:\n"
        "    Resources:\n"
        "      database-secret:                  # SR008: '-' is not allowed\n"
        "        Type: AWS::SecretsManager::Secret\n"
        "      DatabaseSecret:                   # fine\n"
        "        Type: AWS::SecretsManager::Secret\n",
    .bad = "Resources:\n"
           "  database-secret:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString: {PasswordLength: 32}\n",
    .good = "Resources:\n"
            "  DatabaseSecret:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString: {PasswordLength: 32}\n",
    .check = sr008_check,
};

/* ---- SR009 -------------------------------------------------------------- */

/* "A -> B -> C -> A" from the DFS stack (from index k to the top) and the
 * resource closing it; long cycles keep their first and last ids. */
static void sr009_path(char *out, size_t n, struct sr_resource *const *stack, size_t k, size_t top,
                       const struct sr_resource *to)
{
    size_t w = 0, len = top - k;
    out[0] = '\0';
    for (size_t i = k; i < top && w + 1 < n; i++) {
        size_t pos = i - k;
        int c;
        if (len > 8 && pos >= 4 && pos < len - 4) {
            if (pos > 4)
                continue;
            c = snprintf(out + w, n - w, " -> ... (%zu more)", len - 8);
        } else {
            c = snprintf(out + w, n - w, "%s%.60s", w ? " -> " : "", stack[i]->id);
        }
        if (c < 0 || (size_t)c >= n - w)
            return;
        w += (size_t)c;
    }
    if (w + 1 < n)
        snprintf(out + w, n - w, " -> %.60s", to->id);
}

static void sr009_check(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    size_t n = g->nres;
    if (g->nreal == 0)
        return;
    /* Iterative depth-first search with colours: every resource and every
     * DependsOn edge is visited once; a grey target closes a cycle. */
    enum { WHITE, GREY, BLACK };
    unsigned char *colour = sr_arena_alloc(ctx->scratch, n + 1);
    size_t *at = sr_arena_alloc(ctx->scratch, (n + 1) * sizeof(*at));
    struct sr_resource **stack = sr_arena_alloc(ctx->scratch, (n + 1) * sizeof(*stack));
    size_t *next = sr_arena_alloc(ctx->scratch, (n + 1) * sizeof(*next));
    memset(colour, WHITE, n + 1);
    for (size_t s = 0; s < g->nreal; s++) {
        struct sr_resource *start = g->res[s];
        if (start->index >= n || colour[start->index] != WHITE)
            continue;
        size_t top = 0;
        stack[top] = start;
        next[top] = 0;
        at[start->index] = top++;
        colour[start->index] = GREY;
        while (top > 0) {
            struct sr_resource *r = stack[top - 1];
            if (next[top - 1] >= r->out.n) {
                colour[r->index] = BLACK;
                top--;
                continue;
            }
            const struct sr_edge *e = r->out.v[next[top - 1]++];
            struct sr_resource *t = e->target;
            if (e->kind != SR_EDGE_DEPENDSON || !t || t->implicit || t->index >= n)
                continue;
            if (colour[t->index] == WHITE) {
                stack[top] = t;
                next[top] = 0;
                at[t->index] = top++;
                colour[t->index] = GREY;
            } else if (colour[t->index] == GREY) {
                if (t == r) {
                    sr_report(ctx, e->at,
                              "%.80s DependsOn itself: CloudFormation rejects the template "
                              "(circular dependency)",
                              r->id);
                } else {
                    char path[900];
                    sr009_path(path, sizeof(path), stack, at[t->index], top, t);
                    sr_report(ctx, e->at,
                              "DependsOn cycle %s: CloudFormation rejects the template "
                              "(circular dependency); remove one of these DependsOn entries",
                              path);
                }
            }
        }
    }
}

static const struct sr_rule sr009 = {
    .id = "SR009",
    .title = "DependsOn cycle",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-attribute-dependson.html",
    .explain =
        "Resources wait for each other in a circle through DependsOn (A waits for B, B for\n"
        "A), or a resource names itself in its own DependsOn. CloudFormation cannot order\n"
        "them and rejects the template (\"Circular dependency between resources\"). The finding\n"
        "points at the DependsOn entry that closes the cycle and lists the cycle.\n"
        "\n"
        "Remove the entry that is not needed: a resource that references another with Ref or\n"
        "Fn::GetAtt already waits for it, so DependsOn is only for orders CloudFormation\n"
        "cannot see.\n"
        "\n"
        "Example:\n"
        "    Schedule:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      DependsOn: Permission\n"
        "    Permission:\n"
        "      Type: AWS::Lambda::Permission\n"
        "      DependsOn: Schedule                 # SR009: Schedule -> Permission -> Schedule\n",
    .bad = "Resources:\n"
           "  Topic:\n"
           "    Type: AWS::SNS::Topic\n"
           "    DependsOn: Queue\n"
           "  Queue:\n"
           "    Type: AWS::SQS::Queue\n"
           "    DependsOn: Topic\n",
    .good = "Resources:\n"
            "  Topic:\n"
            "    Type: AWS::SNS::Topic\n"
            "    DependsOn: Queue\n"
            "  Queue:\n"
            "    Type: AWS::SQS::Queue\n",
    .check = sr009_check,
};

/* ---- SR010 -------------------------------------------------------------- */

/* "a list tagged !Sub", "the number 5", ... for a node that is not a mapping. */
static const char *sr010_shape(struct sr_arena *a, const struct sr_node *n)
{
    n = sr_deref(n);
    if (!n)
        return "empty";
    const char *kind = n->kind == SR_SEQ ? "a list" : n->kind == SR_MAP ? "a mapping" : "a value";
    if (n->tag && n->tag[0] == '!' && strncmp(n->tag, "!!", 2) != 0)
        return sr_arena_printf(a, "%s tagged %.40s", kind, n->tag);
    if (n->kind == SR_SCALAR)
        return sr_arena_printf(a, "the value '%.40s'", sr_node_str(n));
    return kind;
}

static void sr010_check(struct sr_ctx *ctx)
{
    const struct sr_node *root = ctx->g->t.root;
    if (!sr_is_map(root))
        return;
    for (size_t s = 0; s < sizeof(sr008_sections) / sizeof(sr008_sections[0]); s++) {
        const struct sr_node *key = NULL;
        const struct sr_node *sec = sr_map_get_kv(root, sr008_sections[s].section, &key);
        if (!key)
            continue;
        const struct sr_node *d = sr_deref(sec);
        if (!d || !sr_is_map(d) || (d->tag && d->tag[0] == '!' && strncmp(d->tag, "!!", 2) != 0)) {
            if (d || !strcmp(sr008_sections[s].section, "Resources"))
                sr_report(ctx, sec ? sec : key, "%s is %s, not a mapping of %ss",
                          sr008_sections[s].section, sr010_shape(ctx->arena, sec),
                          sr008_sections[s].what);
            continue;
        }
        if (strcmp(sr008_sections[s].section, "Resources") != 0)
            continue;
        for (size_t i = 0; i < d->n; i++) {
            const struct sr_node *k = sr_map_key(d, i), *v = sr_map_val(d, i);
            const char *id = k && k->kind == SR_SCALAR ? sr_node_str(k) : "?";
            if (k && k->kind == SR_SCALAR && strncmp(id, "Fn::ForEach::", 13) == 0)
                continue;
            const struct sr_node *dv = sr_deref(v);
            if (!dv || dv->kind != SR_MAP ||
                (dv->tag && dv->tag[0] == '!' && strncmp(dv->tag, "!!", 2) != 0)) {
                sr_report(ctx, v ? v : k,
                          "resource %.80s is %s, not a mapping with Type and Properties: "
                          "CloudFormation rejects it",
                          id, sr010_shape(ctx->arena, v));
                continue;
            }
            const struct sr_node *tk = NULL;
            const struct sr_node *type = sr_map_get_kv(dv, "Type", &tk);
            const struct sr_node *dt = sr_deref(type);
            if (!tk)
                sr_report(ctx, k, "resource %.80s has no Type", id);
            else if (!dt || dt->kind != SR_SCALAR || dt->tag || !sr_node_len(dt))
                sr_report(ctx, type ? type : tk, "Type of resource %.80s is %s, not a type name",
                          id, sr010_shape(ctx->arena, type));
            const struct sr_node *pk = NULL;
            const struct sr_node *props = sr_map_get_kv(dv, "Properties", &pk);
            const struct sr_node *dp = sr_deref(props);
            /* Fn::If may stand for the whole Properties; nothing else may. */
            int tagged = dp && dp->tag && dp->tag[0] == '!' && strncmp(dp->tag, "!!", 2) != 0;
            if (pk && dp && (dp->kind != SR_MAP || tagged) && !(tagged && !strcmp(dp->tag, "!If")))
                sr_report(ctx, props, "Properties of resource %.80s is %s, not a mapping", id,
                          sr010_shape(ctx->arena, props));
        }
    }
}

static const struct sr_rule sr010 = {
    .id = "SR010",
    .title = "section or resource is not a mapping, or a resource has no Type",
    .severity = SR_SEV_ERROR,
    .tags = "template",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "resources-section-structure.html",
    .explain =
        "A top-level section (Resources, Parameters, Mappings, Conditions, Outputs) is not a\n"
        "mapping, a resource is not a mapping (a list, a number, a value with a tag such as\n"
        "!Sub where the resource's definition should be), a resource has no Type or a Type\n"
        "that is not a plain type name, or Properties is a list or a plain value.\n"
        "CloudFormation rejects such a template, and nothing else of such a resource can be\n"
        "checked: every other rule passes it over.\n"
        "\n"
        "Example:\n"
        "    Resources:\n"
        "      DatabaseSecret: !Sub               # SR010: a list tagged !Sub, not a resource\n"
        "        - x\n"
        "        - {}\n"
        "      ApiKey:\n"
        "        Properties: {}                   # SR010: no Type\n",
    .bad = "Resources:\n"
           "  Topic: !Sub\n"
           "    - x\n"
           "    - {}\n",
    .good = "Resources:\n"
            "  Topic:\n"
            "    Type: AWS::SNS::Topic\n",
    .check = sr010_check,
};

/* ================================================================== */
/* SR006 / SR007: suppressions                                         */
/* ================================================================== */

static const char sr_explain_SR006[] =
    "A suppression hides a finding from every report, so the next reader needs to know why the "
    "finding does not apply. A `secrot-lint` ignore entry without a `reason` (or with an empty "
    "one) still suppresses the finding, but is reported itself.\n"
    "\n"
    "How to fix: add a `reason` that says why the finding is acceptable here, or remove the "
    "suppression and fix the finding.\n"
    "\n"
    "Not a judgement call: the fix is one line. A repository that does not want to write\n"
    "reasons can lower it with `severity: {SR006: info}` in .secrot-lint.yaml.\n"
    "\n"
    "Example:\n"
    "    ApiToken:\n"
    "      Type: AWS::SecretsManager::Secret\n"
    "      Metadata:\n"
    "        secrot-lint:\n"
    "          ignore:\n"
    "            - id: SR101\n"
    "              reason: issued by the payment provider, rotated in its console\n";

static const char sr_explain_SR007[] =
    "A suppression must name the rule it silences by its id (SR101, SR203, ...). An entry whose "
    "id is not a rule of this version, or that has no id at all, suppresses nothing: usually a "
    "typo, or a rule id from another tool (cfn-lint, cfn_nag and checkov ids are not read).\n"
    "\n"
    "How to fix: use an id from `secrot-lint --list-rules`, and write each entry as a mapping "
    "with `id` and `reason`.\n"
    "\n"
    "Not a judgement call: such an entry suppresses nothing.\n"
    "\n"
    "Example:\n"
    "    Metadata:\n"
    "      secrot-lint:\n"
    "        ignore:\n"
    "          - id: SR109\n"
    "            reason: failures are watched by the platform team's EventBridge rule\n";

/* SR006: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR006[] = "Resources:\n"
                                   "  ApiToken:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Metadata:\n"
                                   "      secrot-lint:\n"
                                   "        ignore:\n"
                                   "          - id: SR101\n";

static const char sr_good_SR006[] =
    "Resources:\n"
    "  ApiToken:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Metadata:\n"
    "      secrot-lint:\n"
    "        ignore:\n"
    "          - id: SR101\n"
    "            reason: issued by the payment provider, rotated in its console\n";

static const struct sr_rule sr006 = {
    .id = "SR006",
    .title = "suppression without a reason",
    .severity = SR_SEV_WARNING,
    .tags = "template",
    .explain = sr_explain_SR006,
    .bad = sr_bad_SR006,
    .good = sr_good_SR006,
    /* reported by the lint from the suppressions it reads (src/suppress.h) */
};

/* SR007: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR007[] =
    "Resources:\n"
    "  ApiToken:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Metadata:\n"
    "      secrot-lint:\n"
    "        ignore:\n"
    "          - id: W1011\n"
    "            reason: the value comes from the payment provider\n";

static const char sr_good_SR007[] =
    "Resources:\n"
    "  ApiToken:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Metadata:\n"
    "      secrot-lint:\n"
    "        ignore:\n"
    "          - id: SR101\n"
    "            reason: issued by the payment provider, rotated in its console\n";

static const struct sr_rule sr007 = {
    .id = "SR007",
    .title = "suppression names an unknown rule",
    .severity = SR_SEV_WARNING,
    .tags = "template",
    .explain = sr_explain_SR007,
    .bad = sr_bad_SR007,
    .good = sr_good_SR007,
    /* reported by the lint from the suppressions it reads (src/suppress.h) */
};

const struct sr_rule *const sr_rules_template[] = {
    &sr001, &sr002, &sr003, &sr004, &sr006, &sr007, &sr008, &sr009, &sr010, NULL,
};
