/*
 * kms.c - the key that guards a secret: rotation of the customer managed key
 * under a secret (SR315), a key policy open to anyone (SR217), a key that is
 * disabled or deleted soon after it leaves the stack (SR316), and a secret
 * value in a Lambda environment that only AWS's key protects (SR317).
 * Checks read the graph (the KmsKeyId key of each secret), the IAM model
 * (key policies) and the value flows; they never parse text.
 */
#include "registry.h"

#include <string.h>

#include "fixplan.h"
#include "flow.h"
#include "iam.h"
#include "secret.h"
#include "value.h"

/* ==== shared ============================================================= */

/* The first template secret whose KmsKeyId is key, or NULL; *n (may be
 * NULL) receives how many there are. */
static const struct sr_resource *sr_key_secret(const struct sr_graph *g,
                                               const struct sr_resource *key, size_t *n)
{
    const struct sr_resource *first = NULL;
    size_t count = 0;
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < sv->n; i++) {
        const struct sr_resource *s = sv->v[i];
        if (s->kms_key != key)
            continue;
        if (!first)
            first = s;
        count++;
    }
    if (n)
        *n = count;
    return first;
}

/* "secret S" or "secrets S and 2 more", for messages. */
static const char *sr_key_secrets_text(struct sr_arena *a, const struct sr_resource *s, size_t n)
{
    if (n <= 1)
        return sr_arena_printf(a, "secret %s", s->id);
    return sr_arena_printf(a, "secrets %s and %zu more", s->id, n - 1);
}

/* 1 when the key is a symmetric encryption key whose material KMS makes
 * (KeySpec absent or SYMMETRIC_DEFAULT, Origin absent or AWS_KMS): the only
 * keys automatic rotation supports. Computed values count as not known (0). */
static int sr_key_rotatable(const struct sr_resource *key)
{
    const struct sr_node *spec = sr_res_prop(key, "KeySpec");
    const struct sr_node *origin = sr_res_prop(key, "Origin");
    const struct sr_node *usage = sr_res_prop(key, "KeyUsage");
    if (spec && !sr_scalar_eq(spec, "SYMMETRIC_DEFAULT"))
        return 0;
    if (origin && !sr_scalar_eq(origin, "AWS_KMS"))
        return 0;
    if (usage && !sr_scalar_eq(usage, "ENCRYPT_DECRYPT"))
        return 0;
    return 1;
}

/* ==== SR315 ============================================================== */

static void sr315_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *kv = &ctx->g->by_kind[SR_R_KMS_KEY];
    for (size_t i = 0; i < kv->n; i++) {
        struct sr_resource *key = kv->v[i];
        size_t n = 0;
        const struct sr_resource *s = sr_key_secret(ctx->g, key, &n);
        if (!s || !key->key || !sr_key_rotatable(key))
            continue;
        const struct sr_node *rot = sr_res_prop(key, "EnableKeyRotation");
        const struct sr_node *at = key->key;
        if (rot) {
            /* Only a literal false proves it; a parameter or condition may say yes. */
            if (sr_scalar_bool(rot) != 0)
                continue;
            at = rot;
        }
        struct sr_finding *f =
            sr_report(ctx, at,
                      "key %s encrypts %s but %s: its key material never changes, so every "
                      "version of the secret stays under the same material for the key's "
                      "whole life; set EnableKeyRotation: true",
                      key->id, sr_key_secrets_text(ctx->arena, s, n),
                      rot ? "sets EnableKeyRotation to false" : "has no EnableKeyRotation");
        f->judged.other = key;
        f->judged.secret = (struct sr_resource *)s;
        f->judged.value = rot;
    }
}

/* Reads judged.other (the key) and judged.value (an explicit
 * EnableKeyRotation, or NULL): sets EnableKeyRotation: true when the author
 * wrote nothing; an explicit false is the author's choice and is left. */
static int sr315_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *key = j->other;
    if (!key || key->kind != SR_R_KMS_KEY || !key->node)
        return sr_fix_refuse(fx, fix, "the key is not a resource of the template");
    if (j->value)
        return sr_fix_refuse(fx, fix,
                             "EnableKeyRotation: false is written out: change it by hand if "
                             "nothing depends on it");
    if (!sr_key_rotatable(key))
        return sr_fix_refuse(fx, fix, "automatic rotation is only for symmetric keys");
    sr_fix_set_prop(fx, fix, key, "EnableKeyRotation", sr_fv_bool(fx->a, 1));
    fix->what = sr_arena_printf(fx->a, "set EnableKeyRotation: true on %s", key->id);
    return 0;
}

static const char sr_bad_SR315[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref SecretKey\n"
    "      GenerateSecretString: {PasswordLength: 32}\n"
    "  SecretKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n";

static const char sr_good_SR315[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref SecretKey\n"
    "      GenerateSecretString: {PasswordLength: 32}\n"
    "  SecretKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      EnableKeyRotation: true\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n";

static const struct sr_rule sr315 = {
    .id = "SR315",
    .title = "customer managed key of a secret without automatic key rotation",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.5,
    .tags = "exposure,kms,security",
    .source = "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    .explain =
        "A secret encrypted with a customer managed key (KmsKeyId naming an AWS::KMS::Key of the\n"
        "template, directly or through an alias) is only as fresh as that key. Without\n"
        "EnableKeyRotation: true, KMS never changes the key material: rotating the secret\n"
        "changes the value, but the key that protects every version stays the same for the\n"
        "key's whole life. With rotation on, KMS makes new material every year (or every\n"
        "RotationPeriodInDays) and keeps the old material to decrypt what it encrypted: nothing\n"
        "that reads the secret changes. The AWS managed key aws/secretsmanager is rotated by\n"
        "AWS and is not checked.\n"
        "\n"
        "Automatic rotation exists only for symmetric encryption keys whose material KMS makes\n"
        "(KeySpec absent or SYMMETRIC_DEFAULT, Origin absent or AWS_KMS); other keys are not\n"
        "reported. An EnableKeyRotation given by a parameter or a condition is not reported.\n"
        "The fix sets EnableKeyRotation: true where the property is missing; an explicit false\n"
        "is the author's choice and is only reported.\n"
        "\n"
        "Not a judgement call: a key without rotation is what Security Hub KMS.4 and CIS flag.\n"
        "\n"
        "Example:\n"
        "    SecretKey:\n"
        "      Type: AWS::KMS::Key\n"
        "      Properties:\n"
        "        KeyPolicy: {...}                     # SR315: no EnableKeyRotation\n"
        "Fix:\n"
        "    SecretKey:\n"
        "      Type: AWS::KMS::Key\n"
        "      Properties:\n"
        "        EnableKeyRotation: true\n"
        "        KeyPolicy: {...}\n"
        "\n"
        "See https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html and\n"
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html\n",
    .bad = sr_bad_SR315,
    .good = sr_good_SR315,
    .check = sr315_check,
    .plan = sr315_plan,
};

/* ==== SR217 ============================================================== */

/* The principal value of s that is everyone ("*" or {AWS: "*"}), or NULL. */
static const struct sr_node *sr_star_principal(const struct sr_iam_stmt *s)
{
    if (s->not_principal)
        return NULL;
    for (size_t i = 0; i < s->nprincipals; i++) {
        const struct sr_iam_value *p = &s->principals[i];
        if (p->ptype == SR_PRIN_STAR || (p->ptype == SR_PRIN_AWS && p->scope == SR_SCOPE_ALL))
            return p->node ? p->node : s->principal_key;
    }
    return NULL;
}

static void sr217_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (p->source != SR_IAM_KEY_POLICY || !p->owner)
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            const struct sr_node *at;
            if (s->deny || s->nconds || !(at = sr_star_principal(s)) ||
                sr_iam_stmt_action(s, "kms:Decrypt") != SR_YES)
                continue;
            size_t n = 0;
            const struct sr_resource *sec = sr_key_secret(ctx->g, p->owner, &n);
            const char *what = sr_iam_stmt_action(s, "kms:ScheduleKeyDeletion") == SR_YES
                                   ? "every KMS action"
                                   : "kms:Decrypt";
            const char *more = strcmp(what, "kms:Decrypt")
                                   ? "; anyone can also change the policy or delete the key"
                                   : "";
            struct sr_finding *f =
                sec ? sr_report(ctx, at,
                                "key policy of %s allows %s to any principal ('*') without a "
                                "condition: the key no longer limits who can decrypt %s%s",
                                p->owner->id, what, sr_key_secrets_text(ctx->arena, sec, n), more)
                    : sr_report(ctx, at,
                                "key policy of %s allows %s to any principal ('*') without a "
                                "condition: any AWS principal of any account can decrypt what "
                                "it encrypts%s",
                                p->owner->id, what, more);
            f->judged.other = p->owner;
            f->judged.secret = (struct sr_resource *)sec;
        }
    }
}

static const char sr_bad_SR217[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      KmsKeyId: !Ref SecretKey\n"
                                   "  SecretKey:\n"
                                   "    Type: AWS::KMS::Key\n"
                                   "    Properties:\n"
                                   "      EnableKeyRotation: true\n"
                                   "      KeyPolicy:\n"
                                   "        Version: \"2012-10-17\"\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: \"*\"\n"
                                   "            Action: kms:*\n"
                                   "            Resource: \"*\"\n";

static const char sr_good_SR217[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref SecretKey\n"
    "  SecretKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      EnableKeyRotation: true\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n"
    "          - Effect: Allow\n"
    "            Principal: \"*\"\n"
    "            Action: [kms:Decrypt, kms:DescribeKey]\n"
    "            Resource: \"*\"\n"
    "            Condition:\n"
    "              StringEquals:\n"
    "                kms:CallerAccount: !Ref AWS::AccountId\n"
    "                kms:ViaService: !Sub secretsmanager.${AWS::Region}.amazonaws.com\n";

static const struct sr_rule sr217 = {
    .id = "SR217",
    .title = "key policy allows kms:* or kms:Decrypt to any principal without a condition",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "least-privilege,kms,security",
    .source = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
    .explain =
        "A key policy is the one policy that always decides who may use a KMS key. A statement\n"
        "that allows kms:Decrypt (or kms:*, or *) to Principal \"*\" (or {AWS: \"*\"}) with no\n"
        "Condition lets any AWS principal of any account decrypt with the key; with kms:* it\n"
        "can also change the policy and schedule the key's deletion. A secret encrypted with\n"
        "that key is then guarded by its own resource policy and IAM alone, and every other\n"
        "ciphertext of the key by nothing.\n"
        "\n"
        "Any Condition on the statement (kms:CallerAccount, kms:ViaService, aws:PrincipalOrgID,\n"
        "...) keeps it from being reported: which conditions are enough is a review question.\n"
        "A Deny, a NotPrincipal and a named principal are not reported. The message says which\n"
        "secrets of the template the key encrypts; a key that encrypts none is reported too.\n"
        "\n"
        "Not a judgement call.\n"
        "\n"
        "Example:\n"
        "    - Effect: Allow\n"
        "      Principal: \"*\"                         # SR217\n"
        "      Action: kms:*\n"
        "      Resource: \"*\"\n"
        "Fix: name the account (its root principal, which delegates to IAM) or the roles, or add\n"
        "a condition:\n"
        "    - Effect: Allow\n"
        "      Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
        "      Action: kms:*\n"
        "      Resource: \"*\"\n"
        "\n"
        "See https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html and\n"
        "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html\n",
    .bad = sr_bad_SR217,
    .good = sr_good_SR217,
    .check = sr217_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR316 ============================================================== */

/* 1 when the resource keeps its physical resource when the stack or the
 * resource goes away (DeletionPolicy Retain, or RetainExceptOnCreate). */
static int sr_retained(const struct sr_resource *r)
{
    const struct sr_node *d = r->node ? sr_map_get(r->node, "DeletionPolicy") : NULL;
    return d && (sr_scalar_eq(d, "Retain") || sr_scalar_eq(d, "RetainExceptOnCreate"));
}

/* The first secret of the template under key that CloudFormation keeps when
 * it deletes the secret (DeletionPolicy Retain), or NULL. */
static const struct sr_resource *sr_key_retained_secret(const struct sr_graph *g,
                                                        const struct sr_resource *key)
{
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < sv->n; i++) {
        const struct sr_resource *s = sv->v[i];
        if (s->kms_key == key && sr_retained(s))
            return s;
    }
    return NULL;
}

static void sr316_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *kv = &ctx->g->by_kind[SR_R_KMS_KEY];
    for (size_t i = 0; i < kv->n; i++) {
        struct sr_resource *key = kv->v[i];
        size_t n = 0;
        const struct sr_resource *s = sr_key_secret(ctx->g, key, &n);
        if (!s)
            continue;
        const struct sr_node *en = sr_res_prop(key, "Enabled");
        if (en && sr_scalar_bool(en) == 0) {
            struct sr_finding *f =
                sr_report(ctx, en,
                          "key %s is created disabled (Enabled: false) but encrypts %s: "
                          "Secrets Manager cannot encrypt or decrypt its values, so every "
                          "read, write and rotation of it fails",
                          key->id, sr_key_secrets_text(ctx->arena, s, n));
            f->judged.other = key;
            f->judged.secret = (struct sr_resource *)s;
        }
        const struct sr_node *pw = sr_res_prop(key, "PendingWindowInDays");
        const struct sr_resource *kept = sr_key_retained_secret(ctx->g, key);
        long long days = 0;
        if (pw && kept && sr_scalar_int(pw, &days) == 0 && days <= 7 && !sr_retained(key)) {
            struct sr_finding *f = sr_report(
                ctx, pw,
                "key %s is deleted %lld days after it leaves the stack (PendingWindowInDays at "
                "its minimum), but secret %s, which it encrypts, is retained: one week after "
                "the stack is deleted the kept secret can never be decrypted again; retain the "
                "key too, or give it 30 days",
                key->id, days, kept->id);
            f->judged.other = key;
            f->judged.secret = (struct sr_resource *)kept;
        }
    }
}

static const char sr_bad_SR316[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    DeletionPolicy: Retain\n"
                                   "    UpdateReplacePolicy: Retain\n"
                                   "    Properties:\n"
                                   "      KmsKeyId: !Ref SecretKey\n"
                                   "  SecretKey:\n"
                                   "    Type: AWS::KMS::Key\n"
                                   "    Properties:\n"
                                   "      EnableKeyRotation: true\n"
                                   "      PendingWindowInDays: 7\n";

static const char sr_good_SR316[] = "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    DeletionPolicy: Retain\n"
                                    "    UpdateReplacePolicy: Retain\n"
                                    "    Properties:\n"
                                    "      KmsKeyId: !Ref SecretKey\n"
                                    "  SecretKey:\n"
                                    "    Type: AWS::KMS::Key\n"
                                    "    DeletionPolicy: Retain\n"
                                    "    UpdateReplacePolicy: Retain\n"
                                    "    Properties:\n"
                                    "      EnableKeyRotation: true\n"
                                    "      PendingWindowInDays: 7\n";

static const struct sr_rule sr316 = {
    .id = "SR316",
    .title =
        "key of a secret is disabled, or deleted a week after the stack while the secret is kept",
    .severity = SR_SEV_WARNING,
    .security_severity = 4.0,
    .tags = "exposure,kms,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-kms-key.html",
    .explain =
        "A secret of the template whose KmsKeyId is an AWS::KMS::Key of the template lives and\n"
        "dies with that key:\n"
        "- Enabled: false creates the key disabled. Secrets Manager cannot use a disabled key:\n"
        "  storing the first value, GetSecretValue and rotation all fail until someone enables\n"
        "  it by hand, and the stack no longer says what is deployed.\n"
        "- PendingWindowInDays is how long KMS waits before deleting the key once CloudFormation\n"
        "  deletes it (the stack is deleted, or the key is replaced): 7 to 30 days, 30 when not\n"
        "  given. CloudFormation deletes a secret at once, without a recovery window, unless\n"
        "  its DeletionPolicy is Retain; a retained secret outlives the stack, and when its key\n"
        "  is not retained the kept secret can no longer be decrypted once the window ends.\n"
        "  At 7 days that is one week after the deletion, often before anyone notices; the\n"
        "  window is reported when a secret under the key is retained and the key is not.\n"
        "Only literal values are read. Keys that encrypt no secret of the template are not\n"
        "checked.\n"
        "\n"
        "Not a judgement call: a disabled key fails every use, and a retained secret whose key\n"
        "is deleted is lost.\n"
        "\n"
        "Example:\n"
        "    SecretKey:\n"
        "      Type: AWS::KMS::Key\n"
        "      Properties:\n"
        "        PendingWindowInDays: 7                # SR316: ApiKey is retained\n"
        "Fix: retain the key with the secret, or wait the longest window:\n"
        "    SecretKey:\n"
        "      Type: AWS::KMS::Key\n"
        "      DeletionPolicy: Retain\n"
        "      UpdateReplacePolicy: Retain\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-kms-key.html and\n"
        "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html\n",
    .bad = sr_bad_SR316,
    .good = sr_good_SR316,
    .check = sr316_check,
};

/* ==== SR317 ============================================================== */

/* 1 when a flow puts a secret value (not a name or ARN) into a place. */
static int sr_flow_secret_value(const struct sr_flow *f)
{
    switch (f->kind) {
    case SR_SRC_DYNREF:
        return !f->malformed && f->secret_value &&
               (f->dynref == SR_DYNREF_SECRETSMANAGER || f->dynref == SR_DYNREF_SSM_SECURE);
    case SR_SRC_NOECHO:
    case SR_SRC_SECRET_ATTR:
    case SR_SRC_CRED_PARAM:
        return 1;
    }
    return 0;
}

static int sr_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* 1 when fn (Globals merged) sets KmsKeyArn to something. */
static int sr_has_kms_key_arn(const struct sr_resource *fn)
{
    const struct sr_node *k = sr_res_prop(fn, "KmsKeyArn");
    return k && !sr_is_novalue(k);
}

static void sr317_report(struct sr_ctx *ctx, const struct sr_flow *f, const struct sr_resource *fn)
{
    const struct sr_node *at = f->at ? f->at : f->value;
    if (!sr_report_once(ctx, at, NULL))
        return;
    const struct sr_sink *s = f->sink;
    const char *what = f->label ? f->label : "a secret value";
    const char *var = s->name ? s->name : "?";
    const char *why = "the value is encrypted with a key AWS manages for Lambda, so anyone "
                      "allowed lambda:GetFunctionConfiguration on the function reads it in "
                      "plain text";
    struct sr_finding *fd =
        s->res ? sr_report(ctx, at,
                           "function %s puts %s into environment variable %s without "
                           "KmsKeyArn: %s",
                           fn->id, what, var, why)
               : sr_report(ctx, at,
                           "Globals puts %s into environment variable %s, and function %s has "
                           "no KmsKeyArn: %s",
                           what, var, fn->id, why);
    fd->judged.other = (struct sr_resource *)fn;
    fd->judged.key = s->name;
    fd->judged.value = f->value;
}

static void sr317_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_sink *s = f->sink;
        if (s->kind != SR_SINK_ENV || !sr_flow_secret_value(f))
            continue;
        if (s->res) {
            if (sr_is_function(s->res) && !sr_has_kms_key_arn(s->res))
                sr317_report(ctx, f, s->res);
            continue;
        }
        /* Globals: the first SAM function that keeps the variable and has no key. */
        const struct sr_ptrvec *fv = &ctx->g->by_kind[SR_R_SAM_FUNCTION];
        for (size_t k = 0; k < fv->n; k++) {
            const struct sr_resource *fn = fv->v[k];
            const struct sr_node *vars = sr_path(fn->props, "Environment/Variables");
            if (s->name && vars && sr_map_get(vars, s->name) == s->value &&
                !sr_has_kms_key_arn(fn)) {
                sr317_report(ctx, f, fn);
                break;
            }
        }
    }
}

static const char sr_bad_SR317[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Parameters:\n"
                                   "  DbPassword:\n"
                                   "    Type: String\n"
                                   "    NoEcho: true\n"
                                   "Resources:\n"
                                   "  Reader:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      InlineCode: \"def handler(event, context): pass\"\n"
                                   "      Environment:\n"
                                   "        Variables:\n"
                                   "          DB_PASSWORD: !Ref DbPassword\n";

static const char sr_good_SR317[] =
    "Transform: AWS::Serverless-2016-10-31\n"
    "Parameters:\n"
    "  DbPassword:\n"
    "    Type: String\n"
    "    NoEcho: true\n"
    "Resources:\n"
    "  EnvKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      EnableKeyRotation: true\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n"
    "  Reader:\n"
    "    Type: AWS::Serverless::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      InlineCode: \"def handler(event, context): pass\"\n"
    "      KmsKeyArn: !GetAtt EnvKey.Arn\n"
    "      Environment:\n"
    "        Variables:\n"
    "          DB_PASSWORD: !Ref DbPassword\n";

static const struct sr_rule sr317 = {
    .id = "SR317",
    .title = "secret value in a Lambda environment without KmsKeyArn",
    .severity = SR_SEV_WARNING,
    .security_severity = 5.0,
    .tags = "exposure,kms,security",
    .source = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html",
    .explain =
        "A Lambda function's environment variables are stored encrypted, by default with a key\n"
        "AWS manages for Lambda, and GetFunctionConfiguration (the console, the CLI) returns them\n"
        "decrypted to anyone allowed that action on the function. When a variable holds a\n"
        "secret's value (a {{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}}\n"
        "reference, a NoEcho or credential parameter, a GetAtt that returns a secret), a\n"
        "customer managed key in KmsKeyArn makes reading it need kms:Decrypt on a key whose\n"
        "policy you write. Lambda and SAM functions are checked, SAM Globals included (a\n"
        "KmsKeyArn in Globals.Function counts); names and ARNs of secrets are not values and are\n"
        "not reported.\n"
        "\n"
        "The better fix is to keep the value out of the environment: pass the secret's ARN and\n"
        "read it at run time (SR314 says so for rotating secrets). There is no automatic fix:\n"
        "a key needs a key policy for the function's role.\n"
        "\n"
        "Not a judgement call: CKV_AWS_173 and KICS flag any environment without a key; this\n"
        "rule only flags those that hold a secret value.\n"
        "\n"
        "Example:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        DB_PASSWORD: !Ref DbPassword          # SR317: NoEcho parameter, no KmsKeyArn\n"
        "Fix:\n"
        "    KmsKeyArn: !GetAtt EnvKey.Arn\n"
        "    Environment:\n"
        "      Variables:\n"
        "        DB_PASSWORD: !Ref DbPassword\n"
        "\n"
        "See https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html\n",
    .bad = sr_bad_SR317,
    .good = sr_good_SR317,
    .check = sr317_check,
};

const struct sr_rule *const sr_rules_kms[] = {&sr315, &sr316, &sr317, NULL};
const struct sr_rule *const sr_rules_keypolicy[] = {&sr217, NULL};
