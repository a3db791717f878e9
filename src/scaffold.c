/*
 * scaffold.c - rotation resources for a secret (DESIGN §6.2) and the
 * handler skeleton. Builds value trees (emit.h) and adds them to a fix
 * through the operations of fix.h; the fixer renders and verifies them.
 * AWS facts used here are in FACTS.md §2.1-§2.7 and §2.12.
 */
#include "scaffold.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arn.h"
#include "logicalid.h"
#include "secret.h"

#define SR_SM_TRANSFORM "AWS::SecretsManager-2024-09-16"

/* ---- small builders ----------------------------------------------------- */

static struct sr_fv *sr_kv(struct sr_arena *a, const char *k, struct sr_fv *v)
{
    return sr_fv_put(a, sr_fv_map(a), k, v);
}

static struct sr_fv *sr_strs(struct sr_arena *a, const char *const *s, size_t n)
{
    struct sr_fv *l = sr_fv_seq(a);
    for (size_t i = 0; i < n; i++)
        sr_fv_push(a, l, sr_fv_str(a, s[i]));
    return l;
}

static struct sr_fv *sr_resource(struct sr_arena *a, const char *type, const char *condition)
{
    struct sr_fv *r = sr_fv_map(a);
    sr_fv_put(a, r, "Type", sr_fv_str(a, type));
    if (condition)
        sr_fv_put(a, r, "Condition", sr_fv_str(a, condition));
    return r;
}

struct sr_fv *sr_scaffold_allow(struct sr_arena *a, struct sr_fv *actions, struct sr_fv *resource)
{
    struct sr_fv *s = sr_fv_map(a);
    sr_fv_put(a, s, "Effect", sr_fv_str(a, "Allow"));
    sr_fv_put(a, s, "Action", actions);
    sr_fv_put(a, s, "Resource", resource);
    return s;
}

/* ---- facts about the template ------------------------------------------- */

int sr_scaffold_days(const struct sr_config *cfg, const char *cls)
{
    int max = cfg ? sr_config_max_days(cfg, cls) : 0;
    if (cfg && cfg->fix_days > 0 && (max <= 0 || cfg->fix_days <= max))
        return cfg->fix_days;
    return max > 0 ? max : 30;
}

static const char *sr_key_arn_of_res(const struct sr_resource *r)
{
    return r && r->kind == SR_R_KMS_KEY ? r->id : NULL;
}

struct sr_fv *sr_scaffold_kms_arn(struct sr_fixer *fx, const struct sr_resource *secret)
{
    const struct sr_node *k = sr_res_prop(secret, "KmsKeyId");
    if (!k)
        return NULL;
    struct sr_val v;
    switch (sr_graph_value(fx->g, k, &v)) {
    case SR_VAL_RESOURCE: {
        const struct sr_resource *key = v.res;
        if (key && key->kind == SR_R_KMS_ALIAS) {
            struct sr_val t;
            if (sr_graph_value(fx->g, sr_res_prop(key, "TargetKeyId"), &t) == SR_VAL_RESOURCE)
                key = t.res;
        }
        const char *id = sr_key_arn_of_res(key);
        return id ? sr_fv_getatt(fx->a, id, "Arn") : NULL;
    }
    case SR_VAL_PARAMETER:
        return sr_fv_ref(fx->a, v.name);
    case SR_VAL_LITERAL:
        if (!v.str || strstr(v.str, "alias/aws/secretsmanager"))
            return NULL;
        if (sr_arn_is_kms_key(v.str))
            return sr_fv_str(fx->a, v.str);
        if (sr_arn_is_kms_alias(v.str))
            return NULL; /* an alias: the key cannot be named here */
        return sr_fv_sub(fx->a, sr_arena_printf(fx->a,
                                                "arn:${AWS::Partition}:kms:${AWS::Region}:"
                                                "${AWS::AccountId}:key/%s",
                                                v.str));
    default:
        return NULL;
    }
}

/* One id of a list the hosted function is given: a literal, a Ref or a
 * GetAtt; NULL for anything else. */
static struct sr_fv *sr_id_item(struct sr_fixer *fx, const struct sr_node *n)
{
    struct sr_val v;
    switch (sr_graph_value(fx->g, n, &v)) {
    case SR_VAL_LITERAL:
        return v.str ? sr_fv_str(fx->a, v.str) : NULL;
    case SR_VAL_PARAMETER:
        return v.whole ? sr_fv_ref(fx->a, v.name) : NULL;
    case SR_VAL_RESOURCE:
        if (!v.whole)
            return NULL;
        return v.attr ? sr_fv_getatt(fx->a, v.res->id, v.attr) : sr_fv_ref(fx->a, v.res->id);
    default:
        return NULL;
    }
}

/* A list of ids (a YAML/JSON list, or a Ref of a list parameter) as the
 * comma-separated string HostedRotationLambda takes: Fn::Join over the
 * same ids. NULL when it cannot be read. */
static struct sr_fv *sr_id_list(struct sr_fixer *fx, const struct sr_node *n)
{
    struct sr_arena *a = fx->a;
    n = sr_deref(n);
    if (!n)
        return NULL;
    struct sr_fv *items = NULL;
    if (n->kind == SR_SEQ) {
        items = sr_fv_seq(a);
        for (size_t i = 0; i < n->n; i++) {
            struct sr_fv *it = sr_id_item(fx, sr_seq_item(n, i));
            if (!it)
                return NULL;
            sr_fv_push(a, items, it);
        }
        if (n->n == 0)
            return NULL;
        if (n->n == 1)
            return items->items[0]; /* one id is its own list */
    } else {
        struct sr_val v;
        if (sr_graph_value(fx->g, n, &v) != SR_VAL_PARAMETER || !v.whole)
            return NULL;
        const char *t = sr_scalar(sr_map_get(sr_graph_parameter(fx->g, v.name), "Type"));
        if (t && (!strncmp(t, "List<", 5) || !strcmp(t, "CommaDelimitedList")))
            items = sr_fv_ref(a, v.name);
        else if (t && !strcmp(t, "String"))
            return sr_fv_ref(a, v.name); /* already comma-separated text */
        else if (t && strstr(t, "::Id"))
            items = sr_fv_push(a, sr_fv_seq(a), sr_fv_ref(a, v.name));
        else
            return NULL;
    }
    struct sr_fv *args = sr_fv_seq(a);
    sr_fv_push(a, args, sr_fv_str(a, ","));
    sr_fv_push(a, args, items);
    return sr_kv(a, "Fn::Join", args);
}

int sr_scaffold_db_network(struct sr_fixer *fx, const struct sr_resource *db,
                           struct sr_fv **subnets, struct sr_fv **groups, const char **why)
{
    *subnets = *groups = NULL;
    *why = NULL;
    if (!db)
        return 0;
    /* An Aurora instance is in the network of its cluster. */
    const struct sr_node *cl = sr_res_prop(db, "DBClusterIdentifier");
    struct sr_val cv;
    if (cl && sr_graph_value(fx->g, cl, &cv) == SR_VAL_RESOURCE && cv.res->node)
        db = cv.res;
    const struct sr_node *grp = sr_res_prop(db, "DBSubnetGroupName");
    if (!grp)
        grp = sr_res_prop(db, "ClusterSubnetGroupName");
    const struct sr_node *sgs = sr_res_prop(db, "VpcSecurityGroupIds");
    if (!sgs)
        sgs = sr_res_prop(db, "VPCSecurityGroups");
    if (!grp && !sgs)
        return 0; /* the default VPC: the hosted function needs no VPC settings */
    if (grp) {
        struct sr_val gv;
        if (sr_graph_value(fx->g, grp, &gv) == SR_VAL_RESOURCE && gv.whole && !gv.attr)
            *subnets = sr_id_list(fx, sr_res_prop(gv.res, "SubnetIds"));
        if (!*subnets) {
            *why = sr_arena_printf(fx->a,
                                   "the subnets of database %s cannot be read from the "
                                   "template (its subnet group is not a resource of it with "
                                   "SubnetIds)",
                                   db->id);
            return -1;
        }
    }
    if (sgs)
        *groups = sr_id_list(fx, sgs);
    if (!*groups) {
        *why = sr_arena_printf(fx->a,
                               "the security groups of database %s cannot be read from the "
                               "template",
                               db->id);
        return -1;
    }
    return 0;
}

static int sr_contains_ci(const char *s, const char *w)
{
    if (!s)
        return 0;
    size_t n = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return 1;
    return 0;
}

const char *sr_scaffold_topic(struct sr_fixer *fx, struct sr_fix *fix)
{
    const char *name = fx->cfg && fx->cfg->alarm_topic_parameter[0] ? fx->cfg->alarm_topic_parameter
                                                                    : "RotationAlarmTopicArn";
    const struct sr_node *params = fx->g->t.parameters;
    if (sr_graph_parameter(fx->g, name))
        return name;
    for (size_t i = 0; sr_is_map(params) && i < params->n; i++) {
        const char *p = sr_scalar(sr_map_key(params, i));
        const char *d = sr_scalar(sr_map_get(sr_map_val(params, i), "Description"));
        const char *t = sr_scalar(sr_map_get(sr_map_val(params, i), "Type"));
        if (!p || (t && strcmp(t, "String") != 0))
            continue;
        int topic = sr_contains_ci(p, "topic") || sr_contains_ci(d, "topic") ||
                    sr_contains_ci(p, "sns") || sr_contains_ci(d, "sns");
        int alert = sr_contains_ci(p, "alert") || sr_contains_ci(p, "alarm") ||
                    sr_contains_ci(p, "notif") || sr_contains_ci(d, "alert") ||
                    sr_contains_ci(d, "alarm") || sr_contains_ci(d, "notif");
        if (topic && alert)
            return p;
    }
    /* No topic in the template: a new one, so that no deploy command needs
     * a new parameter. Every fix of the pass names the same id (the first
     * free one among the template's own names), so they share it. */
    struct sr_arena *a = fx->a;
    const char *base = "RotationAlarmTopic";
    name = base;
    for (int i = 2; i < 100; i++) {
        const struct sr_resource *t = sr_graph_find(fx->g, name);
        if (t && t->type && !strcmp(t->type, "AWS::SNS::Topic"))
            return name; /* made by an earlier fix */
        if (!t && !sr_graph_parameter(fx->g, name) &&
            !(fx->g->t.outputs && sr_map_get(fx->g->t.outputs, name)))
            break;
        name = sr_arena_printf(a, "%s%d", base, i);
    }
    struct sr_fv *r = sr_resource(a, "AWS::SNS::Topic", NULL);
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "DisplayName", sr_fv_str(a, "Secret rotation failures"));
    if (fx->cfg && fx->cfg->alarm_email[0]) {
        struct sr_fv *sub = sr_fv_map(a);
        sr_fv_put(a, sub, "Protocol", sr_fv_str(a, "email"));
        sr_fv_put(a, sub, "Endpoint", sr_fv_str(a, fx->cfg->alarm_email));
        sr_fv_put(a, p, "Subscription", sr_fv_push(a, sr_fv_seq(a), sub));
    }
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_shared_resource(fx, fix, name, r);
    return name;
}

/* The template's customer managed key for the new secret: --kms-key, the
 * only AWS::KMS::Key, or a parameter about a KMS key; NULL when none. */
static struct sr_fv *sr_pick_key(struct sr_fixer *fx, const char *named, struct sr_fv **arn,
                                 const char **err)
{
    struct sr_arena *a = fx->a;
    const struct sr_graph *g = fx->g;
    if (named) {
        struct sr_resource *r = sr_graph_find(g, named);
        if (r && r->kind == SR_R_KMS_KEY) {
            *arn = sr_fv_getatt(a, r->id, "Arn");
            return sr_fv_getatt(a, r->id, "Arn");
        }
        if (sr_graph_parameter(g, named)) {
            *arn = sr_fv_ref(a, named);
            return sr_fv_ref(a, named);
        }
        *err = "--kms-key names no AWS::KMS::Key resource or parameter of the template";
        return NULL;
    }
    const struct sr_ptrvec *keys = &g->by_kind[SR_R_KMS_KEY];
    if (keys->n == 1) {
        const struct sr_resource *k = keys->v[0];
        *arn = sr_fv_getatt(a, k->id, "Arn");
        return sr_fv_getatt(a, k->id, "Arn");
    }
    const struct sr_node *params = g->t.parameters;
    for (size_t i = 0; sr_is_map(params) && i < params->n; i++) {
        const char *p = sr_scalar(sr_map_key(params, i));
        const char *d = sr_scalar(sr_map_get(sr_map_val(params, i), "Description"));
        const char *hay[2] = {p, d};
        for (int h = 0; h < 2; h++)
            if (hay[h] && (strstr(hay[h], "Kms") || strstr(hay[h], "KMS")) &&
                (strstr(hay[h], "Key") || strstr(hay[h], "key"))) {
                *arn = sr_fv_ref(a, p);
                return sr_fv_ref(a, p);
            }
    }
    return NULL;
}

int sr_scaffold_secret_key(struct sr_fixer *fx, struct sr_fix *fix, const char *named,
                           struct sr_fv **kms, struct sr_fv **arn, const char **err)
{
    struct sr_arena *a = fx->a;
    *kms = sr_pick_key(fx, named, arn, err);
    if (*kms)
        return 0;
    if (named)
        return -1;
    const char *pname = "SecretsKmsKeyArn";
    if (!sr_graph_parameter(fx->g, pname)) {
        struct sr_fv *p = sr_fv_map(a);
        sr_fv_put(a, p, "Type", sr_fv_str(a, "String"));
        sr_fv_put(a, p, "Description",
                  sr_fv_str(a, "ARN of the customer managed KMS key that encrypts the secrets"));
        sr_fv_put(a, p, "AllowedPattern",
                  sr_fv_str(a, "^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$"));
        sr_fix_add_parameter(fx, fix, pname, p);
        sr_fix_unsafe(fix, fx,
                      "it adds parameter %s without a default: every deploy must pass the ARN "
                      "of a customer managed key",
                      pname);
    }
    *kms = sr_fv_ref(a, pname);
    *arn = sr_fv_ref(a, pname);
    return 0;
}

/* ---- resources ---------------------------------------------------------- */

const char *sr_scaffold_permission(struct sr_fixer *fx, struct sr_fix *fix, const char *base,
                                   const char *fn, const char *condition)
{
    struct sr_arena *a = fx->a;
    const char *id = sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationPermission", base));
    struct sr_fv *r = sr_resource(a, "AWS::Lambda::Permission", condition);
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "FunctionName", sr_fv_getatt(a, fn, "Arn"));
    sr_fv_put(a, p, "Action", sr_fv_str(a, "lambda:InvokeFunction"));
    sr_fv_put(a, p, "Principal", sr_fv_str(a, "secretsmanager.amazonaws.com"));
    sr_fv_put(a, p, "SourceAccount", sr_fv_ref(a, "AWS::AccountId"));
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_resource(fx, fix, id, r);
    return id;
}

const char *sr_scaffold_alarm(struct sr_fixer *fx, struct sr_fix *fix, const char *base,
                              const char *fn, const char *condition)
{
    struct sr_arena *a = fx->a;
    const char *topic = sr_scaffold_topic(fx, fix);
    const char *id = sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationAlarm", base));
    struct sr_fv *r = sr_resource(a, "AWS::CloudWatch::Alarm", condition);
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "AlarmDescription",
              sr_fv_str(a, sr_arena_printf(a,
                                           "Rotation function %s failed: the secret it "
                                           "rotates keeps its old value",
                                           fn)));
    sr_fv_put(a, p, "Namespace", sr_fv_str(a, "AWS/Lambda"));
    sr_fv_put(a, p, "MetricName", sr_fv_str(a, "Errors"));
    struct sr_fv *dim = sr_fv_map(a);
    sr_fv_put(a, dim, "Name", sr_fv_str(a, "FunctionName"));
    sr_fv_put(a, dim, "Value", sr_fv_ref(a, fn));
    sr_fv_put(a, p, "Dimensions", sr_fv_push(a, sr_fv_seq(a), dim));
    sr_fv_put(a, p, "Statistic", sr_fv_str(a, "Sum"));
    sr_fv_put(a, p, "Period", sr_fv_num(a, 300));
    sr_fv_put(a, p, "EvaluationPeriods", sr_fv_num(a, 1));
    sr_fv_put(a, p, "Threshold", sr_fv_num(a, 1));
    sr_fv_put(a, p, "ComparisonOperator", sr_fv_str(a, "GreaterThanOrEqualToThreshold"));
    sr_fv_put(a, p, "TreatMissingData", sr_fv_str(a, "notBreaching"));
    sr_fv_put(a, p, "AlarmActions", sr_fv_push(a, sr_fv_seq(a), sr_fv_ref(a, topic)));
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_resource(fx, fix, id, r);
    return id;
}

/* The statements a rotation function needs (FACTS §2.4). */
static struct sr_fv *sr_rotation_statements(struct sr_arena *a, const char *secret,
                                            struct sr_fv *kms)
{
    static const char *const acts[] = {
        "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
        "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"};
    static const char *const kacts[] = {"kms:Decrypt", "kms:GenerateDataKey"};
    struct sr_fv *st = sr_fv_seq(a);
    sr_fv_push(a, st, sr_scaffold_allow(a, sr_strs(a, acts, 4), sr_fv_ref(a, secret)));
    sr_fv_push(
        a, st,
        sr_scaffold_allow(a, sr_fv_str(a, "secretsmanager:GetRandomPassword"), sr_fv_str(a, "*")));
    if (kms)
        sr_fv_push(a, st, sr_scaffold_allow(a, sr_strs(a, kacts, 2), kms));
    return st;
}

static struct sr_fv *sr_policy_doc(struct sr_arena *a, struct sr_fv *statements)
{
    struct sr_fv *d = sr_fv_map(a);
    sr_fv_put(a, d, "Version", sr_fv_str(a, "2012-10-17"));
    sr_fv_put(a, d, "Statement", statements);
    return d;
}

static int sr_runtime_ok(const char *rt)
{
    return rt && !strncmp(rt, "python3.", 8);
}

const char *sr_scaffold_function(struct sr_fixer *fx, struct sr_fix *fix,
                                 const struct sr_scaffold *o, const char **role_out)
{
    struct sr_arena *a = fx->a;
    const char *dir = sr_scaffold_handler_dir(a, o->secret);
    const char *code = sr_scaffold_handler(a, o->secret);
    *role_out = NULL;
    if (!dir || !code) {
        sr_fix_refuse(fx, fix,
                      "the secret's logical id '%.80s' is not alphanumeric (SR008): no handler "
                      "path or code is made from it",
                      o->secret);
        return NULL;
    }
    const char *fn = o->function
                         ? o->function
                         : sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationFunction", o->secret));
    sr_fix_file(fx, fix, sr_arena_printf(a, "%slambda_function.py", dir), code);
    int timeout = fx->cfg && fx->cfg->min_timeout > 30 ? fx->cfg->min_timeout : 30;
    const char *rt = fx->cfg && sr_runtime_ok(fx->cfg->runtime) ? fx->cfg->runtime : "python3.14";
    struct sr_fv *env =
        sr_kv(a, "Variables",
              sr_kv(a, "SECRETS_MANAGER_ENDPOINT",
                    sr_fv_sub(a, "https://secretsmanager.${AWS::Region}.${AWS::URLSuffix}")));
    struct sr_fv *statements = sr_rotation_statements(a, o->secret, o->kms_arn);
    const char *desc = sr_arena_printf(a, "Rotates secret %s (handler in %s)", o->secret, dir);
    *role_out = NULL;
    /* SAM names the role it makes <Function>Role: when that id is taken,
     * the function gets an explicit role instead. */
    const char *implicit = sr_arena_printf(a, "%sRole", fn);
    if (fx->g->t.sam && !sr_fix_name_taken(fx, implicit)) {
        sr_fix_take(fx, implicit);
        struct sr_fv *r = sr_resource(a, "AWS::Serverless::Function", o->condition);
        struct sr_fv *p = sr_fv_map(a);
        sr_fv_put(a, p, "Description", sr_fv_str(a, desc));
        sr_fv_put(a, p, "CodeUri", sr_fv_str(a, dir));
        sr_fv_put(a, p, "Handler", sr_fv_str(a, "lambda_function.lambda_handler"));
        sr_fv_put(a, p, "Runtime", sr_fv_str(a, rt));
        sr_fv_put(a, p, "Timeout", sr_fv_num(a, timeout));
        sr_fv_put(a, p, "Environment", env);
        /* SAM makes the role <Function>Role with AWSLambdaBasicExecutionRole
         * (logs) and this inline policy. */
        sr_fv_put(a, p, "Policies", sr_fv_push(a, sr_fv_seq(a), sr_kv(a, "Statement", statements)));
        sr_fv_put(a, r, "Properties", p);
        sr_fix_add_resource(fx, fix, fn, r);
        *role_out = sr_arena_printf(a, "%sRole", fn);
        return fn;
    }
    const char *role = sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationRole", o->secret));
    struct sr_fv *rr = sr_resource(a, "AWS::IAM::Role", o->condition);
    struct sr_fv *rp = sr_fv_map(a);
    struct sr_fv *trust = sr_fv_map(a);
    sr_fv_put(a, trust, "Effect", sr_fv_str(a, "Allow"));
    sr_fv_put(a, trust, "Principal", sr_kv(a, "Service", sr_fv_str(a, "lambda.amazonaws.com")));
    sr_fv_put(a, trust, "Action", sr_fv_str(a, "sts:AssumeRole"));
    sr_fv_put(a, rp, "AssumeRolePolicyDocument",
              sr_policy_doc(a, sr_fv_push(a, sr_fv_seq(a), trust)));
    sr_fv_put(a, rp, "ManagedPolicyArns",
              sr_fv_push(a, sr_fv_seq(a),
                         sr_fv_sub(a, "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                                      "AWSLambdaBasicExecutionRole")));
    struct sr_fv *pol = sr_fv_map(a);
    sr_fv_put(a, pol, "PolicyName", sr_fv_str(a, "SecretRotation"));
    sr_fv_put(a, pol, "PolicyDocument", sr_policy_doc(a, statements));
    sr_fv_put(a, rp, "Policies", sr_fv_push(a, sr_fv_seq(a), pol));
    sr_fv_put(a, rr, "Properties", rp);
    sr_fix_add_resource(fx, fix, role, rr);

    int sam = fx->g->t.sam;
    struct sr_fv *r =
        sr_resource(a, sam ? "AWS::Serverless::Function" : "AWS::Lambda::Function", o->condition);
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "Description", sr_fv_str(a, desc));
    /* A local folder: `sam deploy` or `aws cloudformation package` uploads it. */
    sr_fv_put(a, p, sam ? "CodeUri" : "Code", sr_fv_str(a, dir));
    sr_fv_put(a, p, "Handler", sr_fv_str(a, "lambda_function.lambda_handler"));
    sr_fv_put(a, p, "Runtime", sr_fv_str(a, rt));
    sr_fv_put(a, p, "Role", sr_fv_getatt(a, role, "Arn"));
    sr_fv_put(a, p, "Timeout", sr_fv_num(a, timeout));
    sr_fv_put(a, p, "Environment", env);
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_resource(fx, fix, fn, r);
    *role_out = role;
    return fn;
}

/* {fn: arg}: an intrinsic in long form (the emitter writes it as the file
 * writes its own). */
static struct sr_fv *sr_fn(struct sr_arena *a, const char *fn, struct sr_fv *arg)
{
    return sr_kv(a, fn, arg);
}

const char *sr_scaffold_switch(struct sr_fixer *fx, struct sr_fix *fix, const char *condition)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "Type", sr_fv_str(a, "String"));
    sr_fv_put(a, p, "Description",
              sr_fv_str(a, "Turns on the rotation schedules whose rotation functions were "
                           "scaffolded: set to true once their setSecret and testSecret steps "
                           "are written"));
    sr_fv_put(a, p, "Default", sr_fv_str(a, "false"));
    struct sr_fv *allowed = sr_fv_seq(a);
    sr_fv_push(a, allowed, sr_fv_str(a, "true"));
    sr_fv_push(a, allowed, sr_fv_str(a, "false"));
    sr_fv_put(a, p, "AllowedValues", allowed);
    sr_fix_add_parameter(fx, fix, SR_SCAFFOLD_SWITCH, p);
    struct sr_fv *eq = sr_fv_seq(a);
    sr_fv_push(a, eq, sr_fv_ref(a, SR_SCAFFOLD_SWITCH));
    sr_fv_push(a, eq, sr_fv_str(a, "true"));
    sr_fix_add_condition(fx, fix, SR_SCAFFOLD_SWITCH_COND, sr_fn(a, "Fn::Equals", eq));
    if (!condition)
        return SR_SCAFFOLD_SWITCH_COND;
    const char *name = sr_arena_printf(a, "%sAnd%s", condition, SR_SCAFFOLD_SWITCH_COND);
    struct sr_fv *both = sr_fv_seq(a);
    sr_fv_push(a, both, sr_kv(a, "Condition", sr_fv_str(a, condition)));
    sr_fv_push(a, both, sr_kv(a, "Condition", sr_fv_str(a, SR_SCAFFOLD_SWITCH_COND)));
    sr_fix_add_condition(fx, fix, name, sr_fn(a, "Fn::And", both));
    return name;
}

void sr_scaffold_skeleton_unsafe(struct sr_fixer *fx, struct sr_fix *fix)
{
    /* On plain CloudFormation the fixer's package guard adds why the local
     * code file needs `aws cloudformation package` (src/fix.c). */
    sr_fix_unsafe(fix, fx,
                  "adds rotation code to finish: its setSecret and testSecret steps are still to "
                  "write");
}

static struct sr_fv *sr_rules_fv(struct sr_fixer *fx, int days)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *rules = sr_fv_map(a);
    sr_fv_put(a, rules, "ScheduleExpression",
              sr_fv_str(a, sr_arena_printf(a, "rate(%d day%s)", days, days == 1 ? "" : "s")));
    const char *dur = fx->cfg && fx->cfg->fix_duration[0] ? fx->cfg->fix_duration : "2h";
    sr_fv_put(a, rules, "Duration", sr_fv_str(a, dur));
    return rules;
}

int sr_scaffold_rotation(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_scaffold *o)
{
    struct sr_arena *a = fx->a;
    const char *cls = o->cls ? o->cls : "default";
    int days = o->days > 0 ? o->days : sr_scaffold_days(fx->cfg, cls);
    const char *hosted = sr_hosted_family_of(o->db, o->engine);
    if (hosted && !*hosted)
        hosted = NULL;
    const char *sched = sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationSchedule", o->secret));
    struct sr_fv *r = sr_resource(a, "AWS::SecretsManager::RotationSchedule", o->condition);
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "SecretId", sr_fv_ref(a, o->secret));
    if (hosted) {
        struct sr_fv *h = sr_fv_map(a);
        sr_fv_put(a, h, "RotationType", sr_fv_str(a, sr_arena_printf(a, "%sSingleUser", hosted)));
        if (o->kms_arn)
            sr_fv_put(a, h, "KmsKeyArn", o->kms_arn);
        struct sr_fv *subnets = NULL, *groups = NULL;
        const char *why = NULL;
        if (sr_scaffold_db_network(fx, o->db, &subnets, &groups, &why) < 0)
            return sr_fix_refuse(fx, fix, "%s", why);
        if (subnets)
            sr_fv_put(a, h, "VpcSubnetIds", subnets);
        if (groups)
            sr_fv_put(a, h, "VpcSecurityGroupIds", groups);
        sr_fv_put(a, p, "HostedRotationLambda", h);
        sr_fv_put(a, p, "RotationRules", sr_rules_fv(fx, days));
        if (o->attachment)
            sr_fv_put(a, r, "DependsOn", sr_fv_str(a, o->attachment));
        sr_fv_put(a, r, "Properties", p);
        sr_fix_add_resource(fx, fix, sched, r);
        sr_fix_add_transform(fx, fix, SR_SM_TRANSFORM);
        sr_fix_unsafe(fix, fx,
                      "starts rotating the database password on deploy: a client that copies "
                      "it at deploy time (a dynamic reference in an environment) stops working "
                      "after the first rotation%s",
                      fx->g->t.sam ? ""
                                   : ", and the new transform needs CAPABILITY_AUTO_EXPAND on "
                                     "the deploy command");
        fix->what = sr_arena_printf(a,
                                    "added %s with hosted rotation %sSingleUser every %d days "
                                    "and the %s transform",
                                    sched, hosted, days, SR_SM_TRANSFORM);
        return 0;
    }
    const char *role = NULL;
    const char *fn = sr_scaffold_function(fx, fix, o, &role);
    if (!fn)
        return -1;
    const char *perm = sr_scaffold_permission(fx, fix, o->secret, fn, o->condition);
    /* The schedule stays off until the owner turns it on: deployed as
     * written, the skeleton is never invoked (RotateImmediatelyOnUpdate
     * false alone would still run its testSecret step, FACTS §2.1). */
    const char *on = sr_scaffold_switch(fx, fix, o->condition);
    r = sr_resource(a, "AWS::SecretsManager::RotationSchedule", on);
    sr_fv_put(a, p, "RotationLambdaARN", sr_fv_getatt(a, fn, "Arn"));
    sr_fv_put(a, p, "RotateImmediatelyOnUpdate", sr_fv_bool(a, 0));
    sr_fv_put(a, p, "RotationRules", sr_rules_fv(fx, days));
    sr_fv_put(a, r, "DependsOn", sr_fv_str(a, perm));
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_resource(fx, fix, sched, r);
    const char *alarm = sr_scaffold_alarm(fx, fix, o->secret, fn, o->condition);
    const char *file =
        sr_arena_printf(a, "%slambda_function.py", sr_scaffold_handler_dir(a, o->secret));
    fix->what = sr_arena_printf(a,
                                "added rotation every %d days, off until parameter %s is true: "
                                "%s, %s, %s, %s, %s; write set_secret and test_secret in %s, then "
                                "deploy with %s=true",
                                days, SR_SCAFFOLD_SWITCH, sched, fn, role, perm, alarm, file,
                                SR_SCAFFOLD_SWITCH);
    sr_scaffold_skeleton_unsafe(fx, fix);
    return 0;
}

/* ---- the handler skeleton ----------------------------------------------- */

const char *sr_scaffold_handler_dir(struct sr_arena *a, const char *secret)
{
    /* A path is never made from an id CloudFormation would reject: such an
     * id may hold "..", "/" or anything else (SR008). */
    if (!sr_logical_id_ok(secret))
        return NULL;
    return sr_arena_printf(a, "rotation/%s/", secret);
}

/* secret as text that is safe inside a Python string literal and a
 * docstring: anything but a letter or digit as a \xNN escape (a valid id
 * has none; this keeps the code honest if that ever changes). */
static const char *sr_py_text(struct sr_arena *a, const char *secret)
{
    size_t n = strlen(secret);
    char *out = sr_arena_alloc(a, n * 4 + 1);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)secret[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out[w++] = (char)c;
        } else {
            static const char hex[] = "0123456789abcdef";
            out[w++] = '\\';
            out[w++] = 'x';
            out[w++] = hex[c >> 4];
            out[w++] = hex[c & 15];
        }
    }
    out[w] = '\0';
    return out;
}

/* The skeleton; @SECRET@ is replaced by the secret's logical id. */
static const char sr_handler_text[] =
    "\"\"\"Rotation function for the secret @SECRET@ (AWS Secrets Manager).\n"
    "\n"
    "Written by secrot-lint --fix as a starting point. Secrets Manager calls\n"
    "lambda_handler four times per rotation, with Step set to createSecret,\n"
    "setSecret, testSecret and finishSecret, always with the same\n"
    "ClientRequestToken (the id of the new version). Every step must be safe to\n"
    "run again: Secrets Manager retries a step that failed.\n"
    "\n"
    "Staging labels:\n"
    "  AWSCURRENT   the value clients read now\n"
    "  AWSPENDING   the new value, created by createSecret, not yet in use\n"
    "  AWSPREVIOUS  the value before the last rotation; Secrets Manager moves it\n"
    "               to the old AWSCURRENT version when finishSecret moves\n"
    "               AWSCURRENT, so clients that still hold it keep working until\n"
    "               the next rotation.\n"
    "\n"
    "The two functions marked SERVICE-SPECIFIC must be written for the system\n"
    "that uses this secret. As scaffolded, nothing runs them: the rotation\n"
    "schedule exists only when the template parameter EnableSecretRotation is\n"
    "true (default false). Deploy with EnableSecretRotation=true once both are\n"
    "written.\n"
    "\n"
    "Until then the skeleton is safe to switch on by mistake: set_secret raises,\n"
    "so a real rotation stops at setSecret before the service or AWSCURRENT\n"
    "change (the secret keeps its value, AWSPENDING waits for the next try, the\n"
    "failure alarm reports it); test_secret only logs that it is unwritten, so\n"
    "the configuration test Secrets Manager runs when the schedule is created\n"
    "(testSecret alone, on a pending version it creates and removes) passes. In\n"
    "a real rotation test_secret runs only after set_secret succeeded: write\n"
    "both together.\n"
    "\"\"\"\n"
    "\n"
    "import json\n"
    "import logging\n"
    "import os\n"
    "\n"
    "import boto3\n"
    "\n"
    "logger = logging.getLogger()\n"
    "logger.setLevel(logging.INFO)\n"
    "\n"
    "STEPS = (\"createSecret\", \"setSecret\", \"testSecret\", \"finishSecret\")\n"
    "\n"
    "\n"
    "def lambda_handler(event, context):\n"
    "    secret_id = event[\"SecretId\"]\n"
    "    token = event[\"ClientRequestToken\"]\n"
    "    step = event[\"Step\"]\n"
    "    if step not in STEPS:\n"
    "        raise ValueError(f\"unknown rotation step {step!r}\")\n"
    "\n"
    "    client = boto3.client(\"secretsmanager\",\n"
    "                          endpoint_url=os.environ[\"SECRETS_MANAGER_ENDPOINT\"])\n"
    "\n"
    "    description = client.describe_secret(SecretId=secret_id)\n"
    "    if not description.get(\"RotationEnabled\"):\n"
    "        raise ValueError(f\"rotation is not enabled for {secret_id}\")\n"
    "    stages = description.get(\"VersionIdsToStages\", {})\n"
    "    if token not in stages:\n"
    "        raise ValueError(f\"version {token} of {secret_id} has no staging label\")\n"
    "    if \"AWSCURRENT\" in stages[token]:\n"
    "        logger.info(\"version %s of %s is already AWSCURRENT\", token, secret_id)\n"
    "        return\n"
    "    if \"AWSPENDING\" not in stages[token]:\n"
    "        raise ValueError(f\"version {token} of {secret_id} is not AWSPENDING\")\n"
    "\n"
    "    if step == \"createSecret\":\n"
    "        create_secret(client, secret_id, token)\n"
    "    elif step == \"setSecret\":\n"
    "        set_secret(client, secret_id, token)\n"
    "    elif step == \"testSecret\":\n"
    "        test_secret(client, secret_id, token)\n"
    "    else:\n"
    "        finish_secret(client, secret_id, token)\n"
    "\n"
    "\n"
    "def create_secret(client, secret_id, token):\n"
    "    \"\"\"Stores a new value as AWSPENDING, unless this token already has one.\"\"\"\n"
    "    current = client.get_secret_value(SecretId=secret_id, VersionStage=\"AWSCURRENT\")\n"
    "    try:\n"
    "        client.get_secret_value(SecretId=secret_id, VersionId=token,\n"
    "                                VersionStage=\"AWSPENDING\")\n"
    "        logger.info(\"createSecret: %s already has a pending value\", secret_id)\n"
    "        return\n"
    "    except client.exceptions.ResourceNotFoundException:\n"
    "        pass\n"
    "    new_value = new_secret_value(client, current.get(\"SecretString\", \"\"))\n"
    "    client.put_secret_value(SecretId=secret_id, ClientRequestToken=token,\n"
    "                            SecretString=new_value, VersionStages=[\"AWSPENDING\"])\n"
    "    logger.info(\"createSecret: stored a pending value for %s\", secret_id)\n"
    "\n"
    "\n"
    "def new_secret_value(client, current):\n"
    "    \"\"\"A random password; a JSON secret gets it under its \"password\" key.\"\"\"\n"
    "    password = client.get_random_password(\n"
    "        PasswordLength=int(os.environ.get(\"PASSWORD_LENGTH\", \"32\")),\n"
    "        ExcludeCharacters=os.environ.get(\"EXCLUDE_CHARACTERS\", \"/@\\\"'\\\\\"),\n"
    "    )[\"RandomPassword\"]\n"
    "    try:\n"
    "        value = json.loads(current)\n"
    "    except ValueError:\n"
    "        return password\n"
    "    if not isinstance(value, dict):\n"
    "        return password\n"
    "    value[\"password\"] = password\n"
    "    return json.dumps(value)\n"
    "\n"
    "\n"
    "def set_secret(client, secret_id, token):\n"
    "    \"\"\"SERVICE-SPECIFIC: make the service accept the AWSPENDING value.\n"
    "\n"
    "    Read the pending value with\n"
    "        client.get_secret_value(SecretId=secret_id, VersionId=token,\n"
    "                                VersionStage=\"AWSPENDING\")\n"
    "    and set it in the system that checks it (change the database user's\n"
    "    password, register the new API key, ...), authenticating with the\n"
    "    AWSCURRENT value (or AWSPREVIOUS if AWSCURRENT no longer works). Do\n"
    "    nothing if the service already accepts the pending value.\n"
    "    \"\"\"\n"
    "    raise NotImplementedError(\n"
    "        \"setSecret for @SECRET@ is not written yet: see "
    "rotation/@SECRET@/lambda_function.py\")\n"
    "\n"
    "\n"
    "def test_secret(client, secret_id, token):\n"
    "    \"\"\"SERVICE-SPECIFIC: prove that the AWSPENDING value works.\n"
    "\n"
    "    Log in or call the service with the pending value and raise if it is\n"
    "    refused; finishSecret only runs when this step succeeds.\n"
    "\n"
    "    Unwritten, it logs and returns: it is then reached only by Secrets\n"
    "    Manager's configuration test (set_secret raises in a real rotation),\n"
    "    which must not fail. Replace the warning below with the real test.\n"
    "    \"\"\"\n"
    "    logger.warning(\"testSecret for @SECRET@ is not written yet: nothing was tested \"\n"
    "                   \"(see rotation/@SECRET@/lambda_function.py)\")\n"
    "\n"
    "\n"
    "def finish_secret(client, secret_id, token):\n"
    "    \"\"\"Moves AWSCURRENT to the new version (AWSPREVIOUS follows the old one).\"\"\"\n"
    "    description = client.describe_secret(SecretId=secret_id)\n"
    "    current_version = None\n"
    "    for version, stages in description.get(\"VersionIdsToStages\", {}).items():\n"
    "        if \"AWSCURRENT\" in stages:\n"
    "            if version == token:\n"
    "                logger.info(\"finishSecret: %s is already current\", token)\n"
    "                return\n"
    "            current_version = version\n"
    "            break\n"
    "    client.update_secret_version_stage(SecretId=secret_id, VersionStage=\"AWSCURRENT\",\n"
    "                                       MoveToVersionId=token,\n"
    "                                       RemoveFromVersionId=current_version)\n"
    "    logger.info(\"finishSecret: version %s of %s is now AWSCURRENT\", token, secret_id)\n";

const char *sr_scaffold_handler(struct sr_arena *a, const char *secret)
{
    static const char mark[] = "@SECRET@";
    if (!sr_logical_id_ok(secret))
        return NULL;
    secret = sr_py_text(a, secret);
    size_t sl = strlen(secret), count = 0;
    for (const char *p = sr_handler_text; (p = strstr(p, mark)) != NULL; p += sizeof(mark) - 1)
        count++;
    size_t len = sizeof(sr_handler_text) + count * sl;
    char *out = sr_arena_alloc(a, len + 1);
    size_t w = 0;
    const char *p = sr_handler_text;
    for (;;) {
        const char *m = strstr(p, mark);
        size_t chunk = m ? (size_t)(m - p) : strlen(p);
        memcpy(out + w, p, chunk);
        w += chunk;
        if (!m)
            break;
        memcpy(out + w, secret, sl);
        w += sl;
        p = m + sizeof(mark) - 1;
    }
    out[w] = '\0';
    return out;
}

/* ---- grants and new secrets --------------------------------------------- */

int sr_scaffold_grant(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                      const char *policy_name, struct sr_fv *statements)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *doc = sr_policy_doc(a, statements);
    const struct sr_resource *owner;
    struct sr_fv *entry;
    if (fn->kind == SR_R_SAM_FUNCTION && fn->role && fn->role->implicit) {
        owner = fn;
        entry = doc;
    } else if (fn->role && !fn->role->implicit && fn->role->node && fn->role->kind == SR_R_ROLE) {
        owner = fn->role;
        entry = sr_fv_map(a);
        const struct sr_node *pols = sr_map_get(sr_fix_own_props(owner), "Policies");
        const char *name = policy_name;
        for (int i = 2; i < 100; i++) {
            int used = 0;
            for (size_t k = 0; sr_is_seq(pols) && k < sr_deref(pols)->n; k++)
                if (sr_scalar_eq(sr_map_get(sr_seq_item(pols, k), "PolicyName"), name))
                    used = 1;
            if (!used)
                break;
            name = sr_arena_printf(a, "%s%d", policy_name, i);
        }
        sr_fv_put(a, entry, "PolicyName", sr_fv_str(a, name));
        sr_fv_put(a, entry, "PolicyDocument", doc);
    } else {
        return sr_fix_refuse(
            fx, fix, "the role of %s is not defined in this template: grant it there", fn->id);
    }
    const struct sr_node *props = sr_fix_own_props(owner);
    const struct sr_node *pols = props ? sr_map_get(props, "Policies") : NULL;
    const struct sr_node *raw = NULL;
    for (size_t i = 0; props && i < props->n; i++)
        if (sr_scalar_eq(props->items[2 * i], "Policies"))
            raw = props->items[2 * i + 1];
    if (!pols) {
        sr_fix_set_prop(fx, fix, owner, "Policies", sr_fv_push(a, sr_fv_seq(a), entry));
    } else if (raw != pols) {
        return sr_fix_refuse(fx, fix, "Policies of %s is a YAML alias", owner->id);
    } else if (pols->kind == SR_SEQ) {
        sr_fix_append(fx, fix, pols, entry);
    } else if (pols->kind == SR_SCALAR && owner->kind == SR_R_SAM_FUNCTION && !pols->tag) {
        struct sr_fv *l = sr_fv_seq(a);
        sr_fv_push(a, l, sr_fv_raw(a, pols));
        sr_fv_push(a, l, entry);
        sr_fix_replace(fx, fix, pols, l);
    } else {
        return sr_fix_refuse(fx, fix, "Policies of %s is not a list", owner->id);
    }
    return 0;
}

int sr_scaffold_grant_read(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                           const char *secret, struct sr_fv *kms_arn)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *st = sr_fv_seq(a);
    sr_fv_push(
        a, st,
        sr_scaffold_allow(a, sr_fv_str(a, "secretsmanager:GetSecretValue"), sr_fv_ref(a, secret)));
    if (kms_arn)
        sr_fv_push(a, st, sr_scaffold_allow(a, sr_fv_str(a, "kms:Decrypt"), kms_arn));
    return sr_scaffold_grant(fx, fix, fn, "SecretRead", st);
}

int sr_scaffold_password_length(const struct sr_config *cfg)
{
    return cfg && cfg->min_password_length > 32 ? cfg->min_password_length : 32;
}

struct sr_fv *sr_scaffold_generate(struct sr_fixer *fx, int token, const char *tmpl,
                                   const char *key)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *gen = sr_fv_map(a);
    if (tmpl && key) {
        sr_fv_put(a, gen, "SecretStringTemplate", sr_fv_str(a, tmpl));
        sr_fv_put(a, gen, "GenerateStringKey", sr_fv_str(a, key));
    }
    sr_fv_put(a, gen, "PasswordLength", sr_fv_num(a, sr_scaffold_password_length(fx->cfg)));
    if (token)
        sr_fv_put(a, gen, "ExcludePunctuation", sr_fv_bool(a, 1));
    else
        sr_fv_put(a, gen, "ExcludeCharacters", sr_fv_str(a, SR_SCAFFOLD_EXCLUDE));
    return gen;
}

void sr_scaffold_secret(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_new_secret *o)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *props = sr_fv_map(a);
    sr_fv_put(a, props, "Description", sr_fv_str(a, o->description));
    sr_fv_put(a, props, "KmsKeyId", o->kms);
    sr_fv_put(a, props, "GenerateSecretString", o->generate);
    if (o->cls_tag) {
        struct sr_fv *tag = sr_fv_map(a);
        sr_fv_put(a, tag, "Key", sr_fv_str(a, SR_CLASS_TAG));
        sr_fv_put(a, tag, "Value", sr_fv_str(a, o->cls_tag));
        sr_fv_put(a, props, "Tags", sr_fv_push(a, sr_fv_seq(a), tag));
    }
    struct sr_fv *res = sr_fv_map(a);
    sr_fv_put(a, res, "Type", sr_fv_str(a, "AWS::SecretsManager::Secret"));
    if (o->condition)
        sr_fv_put(a, res, "Condition", sr_fv_str(a, o->condition));
    sr_fv_put(a, res, "DeletionPolicy", sr_fv_str(a, "Retain"));
    sr_fv_put(a, res, "UpdateReplacePolicy", sr_fv_str(a, "Retain"));
    sr_fv_put(a, res, "Properties", props);
    sr_fix_add_resource(fx, fix, o->id, res);
}

int sr_scaffold_rotated_secret(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                               const char *desc, const char *condition, int token,
                               struct sr_fv **arn)
{
    struct sr_fv *kms = NULL;
    const char *err = NULL;
    if (sr_scaffold_secret_key(fx, fix, NULL, &kms, arn, &err) < 0)
        return sr_fix_refuse(fx, fix, "%s", err);
    struct sr_new_secret ns;
    memset(&ns, 0, sizeof(ns));
    ns.id = id;
    ns.description = desc;
    ns.condition = condition;
    ns.kms = kms;
    ns.generate = sr_scaffold_generate(fx, token, NULL, NULL);
    ns.cls_tag = token ? "api-key" : NULL;
    sr_scaffold_secret(fx, fix, &ns);
    struct sr_scaffold o;
    memset(&o, 0, sizeof(o));
    o.secret = id;
    o.condition = condition;
    o.kms_arn = *arn;
    o.cls = token ? "api-key" : "default";
    return sr_scaffold_rotation(fx, fix, &o);
}
