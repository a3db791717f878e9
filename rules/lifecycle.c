/*
 * lifecycle.c - the rest of a secret's life: multi-user rotation reaching
 * its master secret (SR113), replicas a rotation function must encrypt for
 * (SR114), who may invoke a rotation function (SR218), secrets nothing uses
 * (SR319) and the tags the policy requires on every secret (SR320).
 *
 * The checks read the graph, the secret model (src/secret.h) and the IAM
 * model (src/iam.h). Only SR113 has a fix (the grant or key ARN multi-user
 * rotation lacks); the others miss what only the template's owner can name:
 * a key policy, a principal, a tag value.
 */
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fixplan.h"
#include "iam.h"
#include "intrinsic.h"
#include "scaffold.h"
#include "secret.h"
#include "value.h"

/* ==== shared helpers ===================================================== */

static int lc_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* 1 when s contains needle, ignoring ASCII case. */
static int lc_contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; s && *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && tolower((unsigned char)s[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* The template secret a value denotes (Ref/GetAtt of the secret, or of a
 * schedule, attachment or resource policy of it), or NULL. */
static struct sr_resource *lc_secret_of(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_val val;
    if (sr_graph_value(g, v, &val) != SR_VAL_RESOURCE || !val.whole || !val.res)
        return NULL;
    if (val.res->kind == SR_R_SECRET)
        return val.res;
    if ((val.res->kind == SR_R_SCHEDULE || val.res->kind == SR_R_ATTACHMENT ||
         val.res->kind == SR_R_SECRET_POLICY) &&
        val.res->secret && val.res->secret->kind == SR_R_SECRET)
        return val.res->secret;
    return NULL;
}

/* The customer managed key of secret s as an IAM target: a key of the
 * template, or a literal key ARN. 0 when it uses the AWS managed key, an
 * alias or a computed key id. */
static int lc_secret_key(const struct sr_resource *s, struct sr_iam_target *t, const char **name)
{
    t->res = NULL;
    t->arn = NULL;
    if (s->kms_key && s->kms_key->kind == SR_R_KMS_KEY) {
        t->res = s->kms_key;
        *name = s->kms_key->id;
        return 1;
    }
    const struct sr_node *k = sr_res_prop(s, "KmsKeyId");
    const char *arn = sr_is_literal(k) ? sr_scalar(k) : NULL;
    if (arn && !strncmp(arn, "arn:", 4) && strstr(arn, ":key/")) {
        t->arn = arn;
        *name = arn;
        return 1;
    }
    return 0;
}

/* The distinct template secrets fn rotates (at most max). */
static size_t lc_rotated(const struct sr_resource *fn, struct sr_resource **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < fn->rotating_schedules.n; i++) {
        struct sr_resource *s = ((struct sr_resource *)fn->rotating_schedules.v[i])->secret;
        if (!s || s->kind != SR_R_SECRET)
            continue;
        size_t j = 0;
        while (j < n && out[j] != s)
            j++;
        if (j == n && n < max)
            out[n++] = s;
    }
    return n;
}

/* ==== SR113 ============================================================== */

/* The hosted part: a MultiUser HostedRotationLambda with a master secret. */
static void sr113_hosted(struct sr_ctx *ctx, struct sr_resource *sc)
{
    const struct sr_node *h = sr_res_prop(sc, "HostedRotationLambda");
    if (!sr_is_map(h))
        return;
    const struct sr_node *tn = sr_map_get(h, "RotationType");
    int multi = 0;
    if (!sr_is_literal(tn) || !sr_hosted_family_of_type(sr_scalar(tn), &multi) || !multi)
        return;
    const struct sr_node *mn = sr_map_get(h, "MasterSecretArn");
    if (!mn)
        mn = sr_map_get(h, "SuperuserSecretArn");
    struct sr_resource *master = mn ? lc_secret_of(ctx->g, mn) : NULL;
    if (!master)
        return; /* no master secret is SR111's; one outside the template cannot be read */
    if (master == sc->secret) {
        struct sr_finding *f = sr_report(
            ctx, mn,
            "%s rotates secret %s with the alternating-users strategy using %s itself as the "
            "master secret: the superuser's credentials must be kept in another secret",
            sc->id, master->id, master->id);
        f->judged.secret = master;
        return;
    }
    struct sr_iam_target key;
    const char *kname = NULL;
    if (!lc_secret_key(master, &key, &kname))
        return;
    if (sr_map_get(h, "MasterSecretKmsKeyArn") || sr_map_get(h, "SuperuserSecretKmsKeyArn"))
        return;
    struct sr_finding *f = sr_report(
        ctx, mn,
        "master secret %s of %s is encrypted with customer managed key %s, but "
        "HostedRotationLambda has no MasterSecretKmsKeyArn: the hosted function cannot decrypt "
        "the superuser's credentials and every rotation fails",
        master->id, sc->id, kname);
    f->judged.secret = sc->secret;
    f->judged.other = master;
    f->judged.value = h;
}

/* Checks that rotation function fn (rotating the ns secrets of rot) can read
 * master secret m, named at node at (how: "environment variable X"). */
static void sr113_reach(struct sr_ctx *ctx, struct sr_resource *fn, struct sr_resource **rot,
                        size_t ns, struct sr_resource *m, const struct sr_node *at, const char *how)
{
    if (!sr_report_once(ctx, at, m->id))
        return;
    if (ns == 1 && rot[0] == m) {
        struct sr_finding *f = sr_report(
            ctx, at,
            "%s of rotation function %s names secret %s as the master secret, but %s is the "
            "secret it rotates: the superuser's credentials must be kept in another secret",
            how, fn->id, m->id, m->id);
        f->judged.secret = m; /* judged.other stays NULL: no fix (sr113_plan) */
        return;
    }
    const struct sr_iam_model *im = sr_iam_of(ctx->g);
    struct sr_iam_target t = {m, NULL};
    if (fn->role && sr_iam_function_can(im, fn, "secretsmanager:GetSecretValue", &t) == SR_NO) {
        struct sr_finding *f = sr_report(
            ctx, at,
            "role %s of rotation function %s cannot secretsmanager:GetSecretValue on master "
            "secret %s (named by %s): alternating-users rotation fails at createSecret",
            fn->role->id, fn->id, m->id, how);
        f->judged.secret = m;
        f->judged.other = fn;
        return;
    }
    struct sr_iam_target key;
    const char *kname = NULL;
    if (fn->role && lc_secret_key(m, &key, &kname) &&
        sr_iam_function_can(im, fn, "kms:Decrypt", &key) == SR_NO) {
        struct sr_finding *f =
            sr_report(ctx, at,
                      "role %s of rotation function %s cannot kms:Decrypt with key %s, which "
                      "encrypts master secret %s (named by %s): the superuser's credentials "
                      "cannot be read",
                      fn->role->id, fn->id, kname, m->id, how);
        f->judged.secret = m;
        f->judged.other = fn;
        f->judged.key = "kms:Decrypt"; /* the secret itself is readable */
    }
}

/* 1 when the environment variable name says it holds the master secret. */
static int lc_master_var(const char *name)
{
    return name && (lc_contains_ci(name, "master") || lc_contains_ci(name, "superuser")) &&
           (lc_contains_ci(name, "secret") || lc_contains_ci(name, "arn"));
}

static void sr113_custom(struct sr_ctx *ctx, struct sr_resource *fn)
{
    struct sr_resource *rot[16];
    size_t ns = lc_rotated(fn, rot, 16);
    const struct sr_node *vars = sr_path(fn->props, "Environment/Variables");
    for (size_t i = 0; sr_is_map(vars) && i < vars->n; i++) {
        const char *name = sr_scalar(sr_map_key(vars, i));
        if (!lc_master_var(name))
            continue;
        const struct sr_node *v = sr_map_val(vars, i);
        struct sr_resource *m = lc_secret_of(ctx->g, v);
        if (m)
            sr113_reach(ctx, fn, rot, ns, m, v,
                        sr_arena_printf(ctx->arena, "environment variable %s", name));
    }
    /* The AWS multi-user functions read the master secret's ARN from the
     * `masterarn` key of the rotated secret's JSON. */
    for (size_t k = 0; k < ns; k++) {
        const struct sr_node *gs = sr_res_prop(rot[k], "GenerateSecretString");
        const struct sr_node *ss = sr_res_prop(rot[k], "SecretString");
        for (size_t e = 0; e < rot[k]->out.n; e++) {
            const struct sr_edge *ed = rot[k]->out.v[e];
            if (!ed->target || ed->target->kind != SR_R_SECRET || ed->target == rot[k] || !ed->at)
                continue;
            int inside = (gs && ed->at->start >= gs->start && ed->at->end <= gs->end) ||
                         (ss && ed->at->start >= ss->start && ed->at->end <= ss->end);
            if (!inside || !lc_contains_ci(sr_scalar(ed->at), "masterarn"))
                continue;
            sr113_reach(ctx, fn, rot, ns, ed->target, ed->at,
                        sr_arena_printf(ctx->arena, "the masterarn of secret %s", rot[k]->id));
        }
    }
}

/*
 * Reads judged.other: a rotation function (it is granted GetSecretValue on
 * the master secret, judged.secret, and kms:Decrypt on its key), or the
 * master secret of a hosted rotation (judged.value, the HostedRotationLambda
 * map, gets MasterSecretKmsKeyArn). A master secret that is the rotated one
 * has no fix: which superuser to use is the owner's choice.
 */
static int sr113_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    if (lc_is_function(j->other) && j->secret && j->key) {
        struct sr_fv *arn = sr_scaffold_kms_arn(fx, j->secret);
        if (!arn)
            return sr_fix_refuse(fx, fix, "the master secret's key cannot be named");
        struct sr_fv *acts = sr_fv_seq(fx->a);
        sr_fv_push(fx->a, acts, sr_fv_str(fx->a, j->key));
        struct sr_fv *stmts = sr_fv_seq(fx->a);
        sr_fv_push(fx->a, stmts, sr_scaffold_allow(fx->a, acts, arn));
        if (sr_scaffold_grant(fx, fix, j->other, "MasterSecretKeyAccess", stmts) < 0)
            return -1;
        fix->what = sr_arena_printf(fx->a, "allowed %s kms:Decrypt on the key of master secret %s",
                                    j->other->id, j->secret->id);
        return 0;
    }
    if (lc_is_function(j->other) && j->secret) {
        if (sr_scaffold_grant_read(fx, fix, j->other, j->secret->id,
                                   sr_scaffold_kms_arn(fx, j->secret)) < 0)
            return -1;
        fix->what = sr_arena_printf(fx->a, "allowed %s to read master secret %s", j->other->id,
                                    j->secret->id);
        return 0;
    }
    if (j->other && j->other->kind == SR_R_SECRET && sr_is_map(j->value)) {
        struct sr_fv *arn = sr_scaffold_kms_arn(fx, j->other);
        if (!arn)
            return sr_fix_refuse(fx, fix, "the master secret's key cannot be named");
        /* The key setting pairs with the master setting's spelling. */
        const char *k = sr_map_get(j->value, "SuperuserSecretArn") ? "SuperuserSecretKmsKeyArn"
                                                                   : "MasterSecretKmsKeyArn";
        sr_fix_set(fx, fix, j->value, k, arn);
        fix->what = sr_arena_printf(fx->a, "set %s to the key of %s", k, j->other->id);
        return 0;
    }
    return sr_fix_refuse(fx, fix,
                         "the master secret must be another secret, holding a superuser's "
                         "credentials: choose it");
}

static void sr113_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++)
        sr113_hosted(ctx, v->v[i]);
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *fn = ctx->g->res[i];
        if (lc_is_function(fn) && fn->rotating_schedules.n)
            sr113_custom(ctx, fn);
    }
}

#define LC_ROLE_HEAD                                                                               \
    "  RotationRole:\n"                                                                            \
    "    Type: AWS::IAM::Role\n"                                                                   \
    "    Properties:\n"                                                                            \
    "      AssumeRolePolicyDocument:\n"                                                            \
    "        Statement:\n"                                                                         \
    "          - Effect: Allow\n"                                                                  \
    "            Principal: {Service: lambda.amazonaws.com}\n"                                     \
    "            Action: sts:AssumeRole\n"                                                         \
    "      Policies:\n"                                                                            \
    "        - PolicyName: rotation\n"                                                             \
    "          PolicyDocument:\n"                                                                  \
    "            Statement:\n"                                                                     \
    "              - Effect: Allow\n"                                                              \
    "                Action:\n"                                                                    \
    "                  - secretsmanager:DescribeSecret\n"                                          \
    "                  - secretsmanager:GetSecretValue\n"                                          \
    "                  - secretsmanager:PutSecretValue\n"                                          \
    "                  - secretsmanager:UpdateSecretVersionStage\n"                                \
    "                Resource: !Ref AppSecret\n"                                                   \
    "              - Effect: Allow\n"                                                              \
    "                Action: secretsmanager:GetRandomPassword\n"                                   \
    "                Resource: \"*\"\n"

#define LC_MULTI_TAIL                                                                              \
    "  RotationFunction:\n"                                                                        \
    "    Type: AWS::Lambda::Function\n"                                                            \
    "    Properties:\n"                                                                            \
    "      Runtime: python3.12\n"                                                                  \
    "      Handler: index.handler\n"                                                               \
    "      Role: !GetAtt RotationRole.Arn\n"                                                       \
    "      Code:\n"                                                                                \
    "        ZipFile: \"def handler(event, context): pass\"\n"                                     \
    "      Environment:\n"                                                                         \
    "        Variables:\n"                                                                         \
    "          MASTER_SECRET_ARN: !Ref MasterSecret\n"                                             \
    "  AppSecretRotation:\n"                                                                       \
    "    Type: AWS::SecretsManager::RotationSchedule\n"                                            \
    "    Properties:\n"                                                                            \
    "      SecretId: !Ref AppSecret\n"                                                             \
    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"                                      \
    "      RotationRules:\n"                                                                       \
    "        AutomaticallyAfterDays: 30\n"

#define LC_MULTI_SECRETS                                                                           \
    "Resources:\n"                                                                                 \
    "  MasterSecret:\n"                                                                            \
    "    Type: AWS::SecretsManager::Secret\n"                                                      \
    "    Properties:\n"                                                                            \
    "      GenerateSecretString:\n"                                                                \
    "        SecretStringTemplate: '{\"username\": \"admin\"}'\n"                                  \
    "        GenerateStringKey: password\n"                                                        \
    "  AppSecret:\n"                                                                               \
    "    Type: AWS::SecretsManager::Secret\n"                                                      \
    "    Properties:\n"                                                                            \
    "      GenerateSecretString:\n"                                                                \
    "        SecretStringTemplate: '{\"username\": \"app\"}'\n"                                    \
    "        GenerateStringKey: password\n"

static const char sr_bad_SR113[] = LC_MULTI_SECRETS LC_ROLE_HEAD LC_MULTI_TAIL;

static const char sr_good_SR113[] =
    LC_MULTI_SECRETS LC_ROLE_HEAD "              - Effect: Allow\n"
                                  "                Action: secretsmanager:GetSecretValue\n"
                                  "                Resource: !Ref MasterSecret\n" LC_MULTI_TAIL;

static const struct sr_rule sr113 = {
    .id = "SR113",
    .title = "multi-user rotation cannot reach its master secret",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "rotation,least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "The alternating-users (multi-user) strategy clones the database user with the\n"
        "credentials of a superuser, which AWS requires to be kept in another secret (\"you must\n"
        "provide the credentials for a superuser in another secret\", Secrets Manager User Guide,\n"
        "\"Lambda function rotation strategies\"). The rotation function therefore needs\n"
        "secretsmanager:GetSecretValue on the master secret, and kms:Decrypt on the master\n"
        "secret's customer managed key, besides the permissions on the secret it rotates.\n"
        "\n"
        "What is checked:\n"
        "- a RotationSchedule with a `...MultiUser` HostedRotationLambda whose MasterSecretArn\n"
        "  (or SuperuserSecretArn) is the rotated secret itself, or a secret encrypted with a\n"
        "  customer managed key while MasterSecretKmsKeyArn is not set (the hosted function is\n"
        "  granted kms:Decrypt on that key only through it). A MultiUser type without a master\n"
        "  secret is SR111's.\n"
        "- a rotation function whose environment names a master secret (a variable with MASTER\n"
        "  or SUPERUSER and SECRET or ARN in its name, such as MASTER_SECRET_ARN), or whose\n"
        "  rotated secret's JSON names one in `masterarn` (as AWS's multi-user functions read\n"
        "  it): the master secret must differ from the rotated one, and the function's role must\n"
        "  be allowed GetSecretValue on it and kms:Decrypt on its key.\n"
        "Only master secrets of the template are checked; a role whose policies cannot all be\n"
        "read is not reported.\n"
        "\n"
        "Not a judgement call: the first rotation fails at createSecret.\n"
        "\n"
        "Example (the rotation function's environment names MasterSecret):\n"
        "          MASTER_SECRET_ARN: !Ref MasterSecret    # SR113: the role cannot read it\n"
        "Fix (`--fix`, safe): allow the rotation role secretsmanager:GetSecretValue on the master\n"
        "secret (and kms:Decrypt on its key); for hosted rotation set MasterSecretKmsKeyArn to\n"
        "the master secret's key. A master secret that is the rotated one is not fixed: choose\n"
        "the superuser's secret.\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html and\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html\n",
    .bad = sr_bad_SR113,
    .good = sr_good_SR113,
    .check = sr113_check,
    .models = SR_MODEL_IAM,
    .plan = sr113_plan,
};

/* ==== SR114 ============================================================== */

static void sr114_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *im = sr_iam_of(ctx->g);
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SECRET];
    static const char *const acts[] = {"kms:GenerateDataKey", "kms:Encrypt"};
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *s = v->v[i];
        const struct sr_node *reps = sr_deref(sr_res_prop(s, "ReplicaRegions"));
        if (!sr_is_seq(reps) || !reps->n)
            continue;
        for (size_t k = 0; k < s->schedules.n; k++) {
            struct sr_resource *fn = ((struct sr_resource *)s->schedules.v[k])->function;
            if (!lc_is_function(fn) || !fn->role)
                continue;
            for (size_t r = 0; r < reps->n; r++) {
                const struct sr_node *rep = sr_seq_item(reps, r);
                const struct sr_node *kn = sr_map_get(rep, "KmsKeyId");
                const char *arn = sr_is_literal(kn) ? sr_scalar(kn) : NULL;
                if (!arn || strncmp(arn, "arn:", 4) != 0 || !strstr(arn, ":key/"))
                    continue;
                struct sr_iam_target t = {NULL, arn};
                const char *missing[2];
                size_t nm = 0;
                for (size_t a = 0; a < 2; a++)
                    if (sr_iam_function_can(im, fn, acts[a], &t) == SR_NO)
                        missing[nm++] = acts[a];
                if (!nm || !sr_report_once(ctx, kn, fn->id))
                    continue;
                const char *region = sr_scalar(sr_map_get(rep, "Region"));
                struct sr_finding *f = sr_report(
                    ctx, kn,
                    "secret %s is replicated to %s with key %s, but role %s of its rotation "
                    "function %s lacks %s%s%s on that key: each rotated version fails to "
                    "replicate there",
                    s->id, region && sr_is_literal(sr_map_get(rep, "Region")) ? region : "a region",
                    arn, fn->role->id, fn->id, missing[0], nm > 1 ? " and " : "",
                    nm > 1 ? missing[1] : "");
                f->judged.secret = s;
                f->judged.other = fn;
            }
        }
    }
}

#define LC_REPL_HEAD                                                                               \
    "Resources:\n"                                                                                 \
    "  AppSecret:\n"                                                                               \
    "    Type: AWS::SecretsManager::Secret\n"                                                      \
    "    Properties:\n"                                                                            \
    "      GenerateSecretString:\n"                                                                \
    "        PasswordLength: 32\n"                                                                 \
    "      ReplicaRegions:\n"                                                                      \
    "        - Region: eu-west-1\n"                                                                \
    "          KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/"                                  \
    "1234abcd-12ab-34cd-56ef-1234567890ab\n" LC_ROLE_HEAD

#define LC_REPL_TAIL                                                                               \
    "  RotationFunction:\n"                                                                        \
    "    Type: AWS::Lambda::Function\n"                                                            \
    "    Properties:\n"                                                                            \
    "      Runtime: python3.12\n"                                                                  \
    "      Handler: index.handler\n"                                                               \
    "      Role: !GetAtt RotationRole.Arn\n"                                                       \
    "      Code:\n"                                                                                \
    "        ZipFile: \"def handler(event, context): pass\"\n"                                     \
    "  AppSecretRotation:\n"                                                                       \
    "    Type: AWS::SecretsManager::RotationSchedule\n"                                            \
    "    Properties:\n"                                                                            \
    "      SecretId: !Ref AppSecret\n"                                                             \
    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"                                      \
    "      RotationRules:\n"                                                                       \
    "        AutomaticallyAfterDays: 30\n"

static const char sr_bad_SR114[] = LC_REPL_HEAD LC_REPL_TAIL;

static const char sr_good_SR114[] =
    LC_REPL_HEAD "              - Effect: Allow\n"
                 "                Action: [kms:GenerateDataKey, kms:Encrypt]\n"
                 "                Resource: arn:aws:kms:eu-west-1:111122223333:key/"
                 "1234abcd-12ab-34cd-56ef-1234567890ab\n" LC_REPL_TAIL;

static const struct sr_rule sr114 = {
    .id = "SR114",
    .title = "rotation function cannot encrypt for a replica of the secret",
    .severity = SR_SEV_WARNING,
    .security_severity = 4.0,
    .tags = "rotation,least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "replicate-secrets_troubleshoot.html",
    .explain =
        "When a replicated secret (ReplicaRegions) rotates, Secrets Manager rotates it in the\n"
        "primary Region and the new version propagates to every replica. A replica encrypted\n"
        "with a customer managed key is written with that key: \"To encrypt the replicated\n"
        "secret with a KMS key other than aws/secretsmanager, you need kms:GenerateDataKey and\n"
        "kms:Encrypt to the key\" (Secrets Manager User Guide, \"Troubleshoot replication\"). A\n"
        "rotation role without them leaves the replicas on the old value while the database\n"
        "has the new one: applications in that Region fail to log in.\n"
        "\n"
        "What is checked: a secret with ReplicaRegions whose entries give KmsKeyId as a key ARN,\n"
        "rotated by a function of the template whose role surely lacks kms:GenerateDataKey or\n"
        "kms:Encrypt on that ARN. A key given by alias or parameter cannot be told and is not\n"
        "reported. The primary key's kms:Decrypt is SR205's.\n"
        "\n"
        "secretsmanager:ReplicateSecretToRegions is not a rotation permission: it belongs to\n"
        "the role that manages replication (the one deploying the stack), and SR204 reports it\n"
        "on a rotation role.\n"
        "\n"
        "Not a judgement call when the key ARN is written: rotation writes with it.\n"
        "\n"
        "Example:\n"
        "      ReplicaRegions:\n"
        "        - Region: eu-west-1\n"
        "          KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/...   # SR114\n"
        "Fix: allow the rotation role kms:GenerateDataKey and kms:Encrypt on each replica key.\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "replicate-secrets_troubleshoot.html\n",
    .bad = sr_bad_SR114,
    .good = sr_good_SR114,
    .check = sr114_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR218 ============================================================== */

#define LC_SM_PRINCIPAL "secretsmanager.amazonaws.com"

static void sr218_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *pv = &ctx->g->by_kind[SR_R_PERMISSION];
    for (size_t i = 0; i < pv->n; i++) {
        struct sr_resource *r = pv->v[i];
        const struct sr_resource *fn = r->function;
        if (!lc_is_function(fn) || !fn->rotating_schedules.n)
            continue;
        const struct sr_node *pn = sr_res_prop(r, "Principal");
        const struct sr_node *an = sr_res_prop(r, "Action");
        const char *principal = sr_is_literal(pn) ? sr_scalar(pn) : NULL;
        const char *action = sr_is_literal(an) ? sr_scalar(an) : NULL;
        struct sr_finding *f = NULL;
        if (principal && !strcmp(principal, "*"))
            f = sr_report(ctx, pn,
                          "permission %s lets any principal (Principal \"*\") invoke rotation "
                          "function %s, which can rotate or break the secrets it holds rights "
                          "on; the principal must be " LC_SM_PRINCIPAL,
                          r->id, fn->id);
        else if (principal && strcmp(principal, LC_SM_PRINCIPAL) != 0)
            f = sr_report(ctx, pn,
                          "permission %s lets '%s' invoke rotation function %s, which can "
                          "rotate or break the secrets it holds rights on; only " LC_SM_PRINCIPAL
                          " needs to invoke it",
                          r->id, principal, fn->id);
        if (f)
            f->judged.other = r;
        if (action && strcasecmp(action, "lambda:InvokeFunction") != 0) {
            f = sr_report(ctx, an,
                          "permission %s on rotation function %s grants '%s'; Secrets Manager "
                          "needs only lambda:InvokeFunction",
                          r->id, fn->id, action);
            f->judged.other = r;
        }
    }
}

#define LC_PERM_HEAD                                                                               \
    "Resources:\n"                                                                                 \
    "  AppSecret:\n"                                                                               \
    "    Type: AWS::SecretsManager::Secret\n"                                                      \
    "    Properties:\n"                                                                            \
    "      GenerateSecretString:\n"                                                                \
    "        PasswordLength: 32\n" LC_ROLE_HEAD LC_REPL_TAIL "  RotationPermission:\n"             \
    "    Type: AWS::Lambda::Permission\n"                                                          \
    "    Properties:\n"                                                                            \
    "      FunctionName: !Ref RotationFunction\n"                                                  \
    "      Action: lambda:InvokeFunction\n"                                                        \
    "      SourceAccount: !Ref AWS::AccountId\n"

static const char sr_bad_SR218[] = LC_PERM_HEAD "      Principal: \"*\"\n";
static const char sr_good_SR218[] = LC_PERM_HEAD "      Principal: " LC_SM_PRINCIPAL "\n";

static const struct sr_rule sr218 = {
    .id = "SR218",
    .title = "rotation function may be invoked by someone other than Secrets Manager",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "A rotation function holds the rights to write new versions of its secrets and to change\n"
        "the password in the database. Secrets Manager invokes it with the event {SecretId,\n"
        "ClientRequestToken, Step}; whoever else may invoke it can drive those steps: set a\n"
        "pending value, finish a rotation out of turn, or fail the rotation on purpose. The\n"
        "function's resource policy should therefore let only the principal\n"
        "secretsmanager.amazonaws.com do lambda:InvokeFunction (AWS User Guide, \"Lambda rotation\n"
        "function execution role permissions\" and \"Set up automatic rotation using the CLI\").\n"
        "\n"
        "What is checked: each AWS::Lambda::Permission on a function that a RotationSchedule of\n"
        "the template names, with a literal Principal of \"*\" or of anything other than\n"
        "secretsmanager.amazonaws.com (another service, an account, a role), or a literal\n"
        "Action other than lambda:InvokeFunction (lambda:*, lambda:InvokeFunctionUrl,\n"
        "lambda:UpdateFunctionCode, ...). A permission without SourceAccount is SR210's.\n"
        "\n"
        "Not a judgement call: nothing but Secrets Manager needs to run the rotation steps; a\n"
        "test harness can invoke the function with its own identity-based permission.\n"
        "\n"
        "Example:\n"
        "        Principal: \"*\"                       # SR218\n"
        "Fix:\n"
        "        Action: lambda:InvokeFunction\n"
        "        Principal: secretsmanager.amazonaws.com\n"
        "        SourceAccount: !Ref AWS::AccountId\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR218,
    .good = sr_good_SR218,
    .check = sr218_check,
};

/* ==== SR319 ============================================================== */

/* 1 when edge e is a use of secret s: any reference from an output or from
 * a resource other than the secret's own rotation schedules and resource
 * policies (which manage it without reading it). */
static int lc_is_use(const struct sr_edge *e, const struct sr_resource *s)
{
    const struct sr_resource *from = e->from;
    if (!from)
        return 1;
    if (from == s)
        return 0;
    if ((from->kind == SR_R_SCHEDULE || from->kind == SR_R_SECRET_POLICY) && from->secret == s)
        return 0;
    return 1;
}

/* Sets *arg when a branch of a secret's Properties (a map, or each side of
 * an Fn::If over it) gives a Name. */
static void lc_named(void *arg, const struct sr_node *v)
{
    if (sr_is_map(v) && sr_map_get(v, "Name"))
        *(int *)arg = 1;
}

static void sr319_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *s = v->v[i];
        if (s->implicit || !s->key)
            continue;
        int used = 0;
        for (size_t k = 0; k < s->in.n && !used; k++)
            used = lc_is_use(s->in.v[k], s);
        const struct sr_secret *sm = sr_secret_get(ctx->g, s);
        if (used || (sm && (sm->consumers.n || sm->rotated_by || sm->passed_to)))
            continue;
        /* A secret with a fixed Name may be read by that name from outside
         * the template (another stack, an application's configuration):
         * nothing here can tell, so it is not reported. */
        int named = 0;
        sr_each_branch(s->props, lc_named, &named);
        if (named)
            continue;
        struct sr_finding *f =
            sr_report(ctx, s->key,
                      "secret %s is not used by any resource or output of the template and has "
                      "no Name to be found by: it is possibly unused (Security Hub "
                      "SecretsManager.3)",
                      s->id);
        f->judged.secret = s;
    }
}

static const char sr_bad_SR319[] = "Resources:\n"
                                   "  OldApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      GenerateSecretString:\n"
                                   "        PasswordLength: 32\n";

static const char sr_good_SR319[] = "Resources:\n"
                                    "  OldApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      GenerateSecretString:\n"
                                    "        PasswordLength: 32\n"
                                    "Outputs:\n"
                                    "  ApiKeyArn:\n"
                                    "    Value: !Ref OldApiKey\n"
                                    "    Export:\n"
                                    "      Name: !Sub ${AWS::StackName}-ApiKeyArn\n";

static const struct sr_rule sr319 = {
    .id = "SR319",
    .title = "secret possibly unused",
    .severity = SR_SEV_INFO,
    .security_severity = 2.0,
    .tags = "inventory,security",
    .source = "https://docs.aws.amazon.com/securityhub/latest/userguide/"
              "secretsmanager-controls.html#secretsmanager-3",
    .explain =
        "Security Hub control SecretsManager.3 (\"Remove unused Secrets Manager secrets\") fails\n"
        "a secret that has not been accessed for a number of days (unusedForDays, default 90):\n"
        "an unused secret is a credential nobody watches, and it costs money each month. This\n"
        "rule is its static counterpart: a secret that nothing in the template uses.\n"
        "\n"
        "A use is any reference to the secret (Ref, GetAtt, Sub, a dynamic reference by its\n"
        "logical id or literal name) from a resource - a function's environment, a database\n"
        "password, an IAM policy, a target attachment, a nested stack's parameter - or from an\n"
        "output (an export is how other stacks read it). Its own RotationSchedule and\n"
        "ResourcePolicy manage it and are not uses. A secret with a Name is not reported: it\n"
        "can be read by that name from another stack or an application's configuration, which\n"
        "a template does not show.\n"
        "\n"
        "A judgement call (info): the secret may be read by a process outside CloudFormation by\n"
        "its ARN. Remove it when it is unused; otherwise output its ARN or give it a Name, or\n"
        "suppress the finding with a reason.\n"
        "\n"
        "Example:\n"
        "    OldApiKey:                                # SR319: nothing uses it\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "Fix: delete it, or export its ARN for the stacks that read it:\n"
        "    Outputs:\n"
        "      ApiKeyArn:\n"
        "        Value: !Ref OldApiKey\n"
        "\n"
        "See https://docs.aws.amazon.com/securityhub/latest/userguide/"
        "secretsmanager-controls.html#secretsmanager-3\n",
    .bad = sr_bad_SR319,
    .good = sr_good_SR319,
    .judgement = 1,
    .check = sr319_check,
};

/* ==== SR320 ============================================================== */

/* 1 when the tags of r can be read: absent, a literal {Key: Value} map, or
 * a list of {Key, Value} entries with literal keys. */
static int lc_tags_known(const struct sr_resource *r)
{
    const struct sr_node *tags = sr_deref(sr_res_prop(r, "Tags"));
    if (!tags)
        return 1;
    struct sr_intrinsic in;
    if (sr_is_map(tags))
        return !sr_intrinsic_get(tags, &in);
    if (!sr_is_seq(tags))
        return 0;
    for (size_t i = 0; i < tags->n; i++)
        if (!sr_is_literal(sr_map_get(sr_seq_item(tags, i), "Key")))
            return 0;
    return 1;
}

static void sr320_check(struct sr_ctx *ctx)
{
    const struct sr_config *cfg = ctx->cfg;
    if (!cfg || !cfg->nrequired_tags)
        return;
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *s = v->v[i];
        if (s->implicit || !s->key || !lc_tags_known(s))
            continue;
        char missing[1024];
        size_t len = 0, nm = 0;
        missing[0] = '\0';
        for (size_t t = 0; t < cfg->nrequired_tags; t++) {
            if (sr_res_tag(s, cfg->required_tags[t]))
                continue;
            int w = snprintf(missing + len, sizeof(missing) - len, "%s%s", nm ? ", " : "",
                             cfg->required_tags[t]);
            if (w > 0 && (size_t)w < sizeof(missing) - len)
                len += (size_t)w;
            nm++;
        }
        if (!nm)
            continue;
        const struct sr_node *k = NULL;
        const struct sr_node *tags = sr_map_get_kv(s->props, "Tags", &k) ? k : s->key;
        struct sr_finding *f =
            sr_report(ctx, tags, "secret %s lacks the tag%s the policy requires: %s", s->id,
                      nm > 1 ? "s" : "", missing);
        f->judged.secret = s;
    }
}

static const char sr_bad_SR320[] = "Resources:\n"
                                   "  AppSecret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      GenerateSecretString:\n"
                                   "        PasswordLength: 32\n"
                                   "      Tags:\n"
                                   "        - Key: team\n"
                                   "          Value: payments\n";

static const char sr_good_SR320[] = "Resources:\n"
                                    "  AppSecret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      GenerateSecretString:\n"
                                    "        PasswordLength: 32\n"
                                    "      Tags:\n"
                                    "        - Key: team\n"
                                    "          Value: payments\n"
                                    "        - Key: owner\n"
                                    "          Value: payments-oncall\n";

static const struct sr_rule sr320 = {
    .id = "SR320",
    .title = "secret lacks a tag the policy requires",
    .severity = SR_SEV_WARNING,
    .security_severity = 1.5,
    .tags = "inventory,security",
    .source = "https://docs.aws.amazon.com/securityhub/latest/userguide/"
              "secretsmanager-controls.html#secretsmanager-5",
    .explain =
        "Security Hub control SecretsManager.5 (the AWS Config rule tagged-secretsmanager-\n"
        "secret, parameter requiredTagKeys) fails a secret without the tag keys an organisation\n"
        "requires: owner, data classification, cost centre. Tags are how a secret is found\n"
        "when its owner leaves or it leaks, and what attribute-based access control matches.\n"
        "\n"
        "The rule is off until the policy file names the keys:\n"
        "    # .secrot-lint.yaml\n"
        "    required_tags: [owner, data-classification]\n"
        "Then every AWS::SecretsManager::Secret must carry each of them in Tags (a list of\n"
        "{Key, Value}, or SAM's map). Tags given by a function (Fn::If over the list, a\n"
        "parameter) cannot be read and are not reported. Tags a deploy adds to the whole stack\n"
        "(`aws cloudformation deploy --tags`, `sam deploy --tags`) do not show in the template:\n"
        "list only keys the template itself must carry.\n"
        "\n"
        "Not a judgement call once the policy asks for the keys.\n"
        "\n"
        "Example (with required_tags: [owner]):\n"
        "      Tags:                                   # SR320: no owner\n"
        "        - Key: team\n"
        "          Value: payments\n"
        "Fix:\n"
        "        - Key: owner\n"
        "          Value: payments-oncall\n"
        "\n"
        "See https://docs.aws.amazon.com/securityhub/latest/userguide/"
        "secretsmanager-controls.html#secretsmanager-5\n",
    .bad = sr_bad_SR320,
    .good = sr_good_SR320,
    .check = sr320_check,
};

const struct sr_rule *const sr_rules_lifecycle[] = {
    &sr113, &sr114, &sr218, &sr319, &sr320, NULL,
};
