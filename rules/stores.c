/*
 * stores.c - secrets kept in stores other than Secrets Manager: SR318, an
 * AWS::SSM::Parameter of type String or StringList that holds a credential.
 *
 * Where the value comes from is judged first (the value-flow model's
 * parameters, dynamic references, secret-valued attributes); only a literal
 * is asked of src/secretpat.c. CloudFormation cannot create SecureString
 * parameters, so there is no automatic fix: the finding suggests a Secrets
 * Manager secret. Messages never print the value.
 */
#include "registry.h"

#include <string.h>

#include "credtab.h"
#include "dynref.h"
#include "flow.h"
#include "secretpat.h"
#include "value.h"

/* What feeds the parameter's value: a phrase for the message, or NULL. */
struct st_feed {
    const struct sr_flows *fl;
    const char *what;
    const struct sr_node *at;
};

static int st_ref(const struct sr_graph *g, const struct sr_val *ref, void *arg)
{
    struct st_feed *fd = arg;
    (void)g;
    if (ref->kind == SR_VAL_PARAMETER && ref->name) {
        const struct sr_param *p = sr_flows_param(fd->fl, ref->name);
        if (p && (p->noecho || p->cred)) {
            fd->what = p->noecho ? "NoEcho parameter" : "credential parameter";
            fd->at = ref->at;
            return 1;
        }
    }
    if (ref->kind == SR_VAL_RESOURCE && ref->res && ref->attr &&
        sr_credtab_secret_attr(ref->res->type, ref->attr)) {
        fd->what = "secret attribute";
        fd->at = ref->at;
        return 1;
    }
    return 0;
}

/* 1 when text s holds a dynamic reference that resolves to a secret value. */
static int st_dynref(const char *s, size_t len)
{
    struct sr_dynref d[8];
    size_t n = sr_dynref_scan(s, len, d, 8);
    for (size_t i = 0; i < n && i < 8; i++)
        if ((d[i].kind == SR_DYNREF_SECRETSMANAGER || d[i].kind == SR_DYNREF_SSM_SECURE) &&
            !d[i].err && sr_dynref_secret_value(s, &d[i]))
            return 1;
    return 0;
}

static void sr318_check(struct sr_ctx *ctx)
{
    const struct sr_graph *g = ctx->g;
    const struct sr_flows *fl = sr_graph_flows(g);
    for (size_t i = 0; i < g->nreal; i++) {
        struct sr_resource *r = g->res[i];
        /* A resource of a known kind is of another type (no compare). */
        if (r->kind != SR_R_OTHER || !r->type || strcmp(r->type, "AWS::SSM::Parameter") != 0)
            continue;
        const struct sr_node *tn = sr_res_prop(r, "Type");
        const char *type = sr_is_literal(tn) ? sr_scalar(tn) : NULL;
        if (!type || (strcmp(type, "String") != 0 && strcmp(type, "StringList") != 0))
            continue;
        const struct sr_node *vn = sr_res_prop(r, "Value");
        if (!vn)
            continue;
        struct st_feed fd = {fl, NULL, NULL};
        sr_graph_each_ref(g, vn, st_ref, &fd);
        struct sr_flat flat;
        sr_flatten(ctx->arena, g, vn, &flat);
        for (size_t k = 0; !fd.what && k < flat.nrefs; k++)
            st_ref(g, &flat.refs[k].val, &fd);
        const char *fed = fd.what;
        if (!fed && st_dynref(flat.s, flat.len))
            fed = "dynamic reference to a secret value";
        if (fed) {
            struct sr_finding *f = sr_report(
                ctx, vn,
                "SSM parameter %s of type %s stores the value of a %s in plain text; keep it "
                "in an AWS::SecretsManager::Secret (CloudFormation cannot create SecureString "
                "parameters)",
                r->id, type, fed);
            f->judged.value = vn;
            continue;
        }
        /* A literal value: a known token format, or any real value under a
         * credential name. */
        const char *val = sr_is_literal(vn) ? sr_scalar(vn) : NULL;
        if (!val)
            continue;
        size_t vlen = strlen(val);
        struct sr_secret_hit h[2];
        size_t nh = sr_secret_scan(val, vlen, h, 2);
        const char *why = nh ? sr_secret_pat_name(h[0].pat) : NULL;
        const char *name = NULL;
        if (!why) {
            const struct sr_node *nn = sr_res_prop(r, "Name");
            struct sr_flat nf;
            if (!nn)
                continue;
            sr_flatten(ctx->arena, g, nn, &nf);
            const char *seg = strrchr(nf.s, '/');
            seg = seg ? seg + 1 : nf.s;
            if (!sr_cred_name(seg) || sr_secret_benign(val, vlen) ||
                sr_secret_placeholder(val, vlen))
                continue;
            name = seg;
        }
        char red[64];
        struct sr_finding *f =
            why ? sr_report(ctx, vn,
                            "SSM parameter %s of type %s holds a literal %s %s in plain text; "
                            "keep it in an AWS::SecretsManager::Secret (CloudFormation cannot "
                            "create SecureString parameters)",
                            r->id, type, why, sr_secret_redact(red, sizeof(red), val, vlen))
                : sr_report(ctx, vn,
                            "SSM parameter %s of type %s is named '%s' and holds a literal "
                            "value %s in plain text; keep the credential in an "
                            "AWS::SecretsManager::Secret (CloudFormation cannot create "
                            "SecureString parameters)",
                            r->id, type, name, sr_secret_redact(red, sizeof(red), val, vlen));
        f->judged.value = vn;
    }
}

static const char sr_bad_SR318[] = "Parameters:\n"
                                   "  DbPassword:\n"
                                   "    Type: String\n"
                                   "    NoEcho: true\n"
                                   "Resources:\n"
                                   "  DbPasswordParameter:\n"
                                   "    Type: AWS::SSM::Parameter\n"
                                   "    Properties:\n"
                                   "      Name: /app/db/password\n"
                                   "      Type: String\n"
                                   "      Value: !Ref DbPassword\n";

static const char sr_good_SR318[] = "Parameters:\n"
                                    "  DbPassword:\n"
                                    "    Type: String\n"
                                    "    NoEcho: true\n"
                                    "Resources:\n"
                                    "  DbPasswordSecret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      Name: /app/db/password\n"
                                    "      SecretString: !Ref DbPassword\n";

static const struct sr_rule sr318 = {
    .id = "SR318",
    .title = "credential kept in a plain-text SSM parameter",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-ssm-parameter.html",
    .explain =
        "An AWS::SSM::Parameter of type String or StringList is stored unencrypted: anyone with\n"
        "ssm:GetParameter (or ssm:DescribeParameters and the console) reads it, it shows in the\n"
        "stack's template and change sets, and it never rotates. CloudFormation cannot create\n"
        "the SecureString type (\"AWS CloudFormation doesn't support creating a SecureString\n"
        "parameter type\", AWS::SSM::Parameter reference), so a template that needs to store a\n"
        "credential should use an AWS::SecretsManager::Secret, which is encrypted, access-\n"
        "controlled by its own policy, and can rotate.\n"
        "\n"
        "What is reported, for Type String or StringList:\n"
        "- a Value fed by a NoEcho parameter, by a parameter the template uses as a credential,\n"
        "  by a secret-valued attribute (an access key's SecretAccessKey, ...), or by a dynamic\n"
        "  reference that resolves to a secret's value (the value is copied out of the secret);\n"
        "- a literal Value in a known credential format (secretpat: AWS keys, private keys,\n"
        "  tokens, ...);\n"
        "- a literal Value that is not a placeholder, an ARN, a path or another benign value,\n"
        "  under a Name whose last segment says credential (password, token, api key, secret;\n"
        "  not ...-arn or ...-name).\n"
        "A Value that is an ARN or name of a secret (the usual way to publish where a secret\n"
        "lives) is not reported.\n"
        "\n"
        "Not a judgement call; no automatic fix (moving the value changes what readers call).\n"
        "\n"
        "Example:\n"
        "    DbPasswordParameter:\n"
        "      Type: AWS::SSM::Parameter\n"
        "      Properties:\n"
        "        Type: String\n"
        "        Value: !Ref DbPassword                 # SR318: a NoEcho parameter\n"
        "Fix: an AWS::SecretsManager::Secret with SecretString: !Ref DbPassword (better:\n"
        "GenerateSecretString and rotation), and readers call GetSecretValue.\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-ssm-parameter.html\n",
    .bad = sr_bad_SR318,
    .good = sr_good_SR318,
    .check = sr318_check,
};

const struct sr_rule *const sr_rules_stores[] = {
    &sr318,
    NULL,
};
