/*
 * privilege.c - least-privilege rules SR201-SR213: wildcard grants on
 * secrets, what a rotation role must and must not hold, trust and resource
 * policies open to anyone, broad managed policies, confused-deputy Lambda
 * permissions, iam:PassRole on *, and SAM Policies that never apply. The
 * checks read the IAM model (src/iam.h); they never parse text or print.
 * Each fixable rule's planner follows its check and reads what the check
 * recorded on the finding (src/fixplan.h).
 */
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fixplan.h"
#include "iam.h"
#include "iamaction.h"
#include "scaffold.h"
#include "value.h"

#define SR_SM_PREFIX "secretsmanager:"

/* The actions that return a Parameter Store value (SecureStrings included):
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-retrieval-authorization.html */
static const char *const sr_ssm_reads[] = {"ssm:GetParameter", "ssm:GetParameters",
                                           "ssm:GetParametersByPath", "ssm:GetParameterHistory"};

/* ==== shared helpers ===================================================== */

/* A label for the policy of a statement: "policy 'X' of role R". */
static const char *sr_policy_label(struct sr_ctx *ctx, const struct sr_iam_policy *p)
{
    const char *id = p->owner ? p->owner->id : "?";
    switch (p->source) {
    case SR_IAM_ROLE_INLINE:
        return p->name ? sr_arena_printf(ctx->arena, "inline policy '%s' of %s", p->name, id)
                       : sr_arena_printf(ctx->arena, "an inline policy of %s", id);
    case SR_IAM_POLICY:
    case SR_IAM_MANAGED:
        return sr_arena_printf(ctx->arena, "policy %s", id);
    case SR_IAM_SAM_INLINE:
        return sr_arena_printf(ctx->arena, "a policy statement in Policies of function %s", id);
    case SR_IAM_SAM_TEMPLATE:
        return sr_arena_printf(ctx->arena, "policy template %s of function %s",
                               p->name ? p->name : "?", id);
    case SR_IAM_SECRET_POLICY:
        return sr_arena_printf(ctx->arena, "resource policy %s", id);
    case SR_IAM_KEY_POLICY:
        return sr_arena_printf(ctx->arena, "key policy of %s", id);
    case SR_IAM_ROLE_TRUST:
        return sr_arena_printf(ctx->arena, "trust policy of %s", id);
    case SR_IAM_AWS_MANAGED:
        return sr_arena_printf(ctx->arena, "managed policy %s", p->name ? p->name : "?");
    }
    return id;
}

/* Identity policies written in the template (not AWS managed, not trust,
 * resource or key policies). */
static int sr_is_identity(const struct sr_iam_policy *p)
{
    return p->source == SR_IAM_ROLE_INLINE || p->source == SR_IAM_POLICY ||
           p->source == SR_IAM_MANAGED || p->source == SR_IAM_SAM_INLINE ||
           p->source == SR_IAM_SAM_TEMPLATE;
}

static int sr_known_text(const struct sr_iam_value *v)
{
    return v->text && !strchr(v->text, SR_IAM_UNKNOWN_CHAR);
}

/* Nodes already reported by the running rule (dedupe across roles). */
struct sr_seen {
    struct sr_ptrset set;
};

/* 1 the first time p is seen (constant time: a rule may report thousands). */
static int sr_seen_add(struct sr_ctx *ctx, struct sr_seen *s, const void *p)
{
    static const char null_key; /* NULL is a member like any other */
    return sr_ptrset_add(ctx->arena, &s->set, p ? p : &null_key);
}

/* Catalogue actions (bits) the statement's Action values name; unknown
 * values set *unknown. */
static unsigned long sr_stmt_sm_bits(const struct sr_iam_stmt *s, int *unknown)
{
    unsigned long bits = 0;
    for (size_t i = 0; i < s->nactions; i++) {
        if (!sr_known_text(&s->actions[i])) {
            if (unknown)
                *unknown = 1;
            continue;
        }
        bits |= sr_iam_sm_expand(s->actions[i].text);
    }
    return bits;
}

/* The secrets of the template, named for a message ("A", "A, B", ...). */
static const char *sr_secret_names(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *sv = &ctx->g->by_kind[SR_R_SECRET];
    char buf[256];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sv->n && i < 4; i++) {
        const struct sr_resource *r = sv->v[i];
        int n = snprintf(buf + used, sizeof(buf) - used, "%s%s", i ? ", " : "", r->id);
        if (n < 0 || (size_t)n >= sizeof(buf) - used)
            break;
        used += (size_t)n;
    }
    if (sv->n > 4 && used + 5 < sizeof(buf))
        memcpy(buf + used, ", ...", 6);
    return sr_arena_strdup(ctx->arena, buf);
}

/* A value as the user wrote it, for messages: the scalar itself (a !Sub
 * string included), else the pattern with its marks made readable. */
static const char *sr_show(struct sr_ctx *ctx, const struct sr_iam_value *v)
{
    const struct sr_node *n = sr_deref(v->node);
    if (n && n->kind == SR_SCALAR && sr_node_str(n))
        return sr_node_str(n);
    if (!v->text)
        return "(computed)";
    char *out = sr_arena_strdup(ctx->arena, v->text);
    for (char *c = out; *c; c++)
        if (*c == SR_IAM_UNKNOWN_CHAR || *c == SR_IAM_STACK_CHAR)
            *c = '*';
    return out;
}

static int sr_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* ==== SR201 ============================================================== */

/* The services a condition of s limits it to (aws:CalledVia,
 * aws:CalledViaFirst, aws:CalledViaLast: "cloudformation.amazonaws.com"),
 * into out (at most max); -1 when s is limited to "any AWS service"
 * (aws:ViaAWSService true); 0 when it is not limited that way. */
static int sr_via_services(const struct sr_iam_stmt *s, const char **out, int max)
{
    int n = 0;
    for (size_t i = 0; i < s->nconds; i++) {
        const struct sr_iam_cond *c = &s->conds[i];
        if (strstr(c->op, "IfExists") || !strncasecmp(c->op, "Null", 4))
            continue;
        if (!strcasecmp(c->key, "aws:ViaAWSService") && c->nvalues == 1 && c->values[0].text &&
            !strcasecmp(c->values[0].text, "true"))
            return -1;
        if (strncasecmp(c->key, "aws:CalledVia", 13) != 0)
            continue;
        for (size_t k = 0; k < c->nvalues && n < max; k++)
            if (sr_known_text(&c->values[k]))
                out[n++] = c->values[k].text;
    }
    return n;
}

/* 1 when statement o (not s itself) lets the holder ask service svc
 * ("cloudformation.amazonaws.com") to create or change things: then what s
 * allows through that service is the holder's own. */
static int sr_starts_service(const struct sr_iam_stmt *o, const struct sr_iam_stmt *s,
                             const char *svc)
{
    static const char *const verbs[] = {"Create", "Update", "Execute", "Put", "Start", "Import"};
    const char *via[1];
    if (o == s || o->deny || o->not_action || sr_via_services(o, via, 1) != 0)
        return 0; /* a statement limited to calls through a service starts none itself */
    size_t len = strcspn(svc, ".");
    char pat[96];
    for (size_t k = 0; k < o->nactions; k++) {
        const struct sr_iam_value *a = &o->actions[k];
        if (!sr_known_text(a))
            return 1; /* cannot tell: keep the finding */
        for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++) {
            snprintf(pat, sizeof(pat), "%.*s:%s*", (int)len, svc, verbs[v]);
            if (sr_iam_pattern_overlaps(a->text, pat, 1))
                return 1;
        }
    }
    return 0;
}

/* 1 when every way to use s goes through a service the holder cannot ask
 * to create or change anything: the `*` of a statement limited by
 * aws:CalledVia to CloudFormation, in a role that may only delete stacks.
 * p is s's policy; the holder is every role the policy applies to. */
static int sr_only_via_service(const struct sr_iam_model *m, const struct sr_iam_policy *p,
                               const struct sr_iam_stmt *s)
{
    const char *svcs[8];
    int n = sr_via_services(s, svcs, 8);
    if (n <= 0)
        return 0;
    for (int i = 0; i < n; i++) {
        for (size_t j = 0; j < p->stmts.n; j++)
            if (sr_starts_service(p->stmts.v[j], s, svcs[i]))
                return 0;
        for (size_t r = 0; r < m->roles.n; r++) {
            const struct sr_iam_role *e = m->roles.v[r];
            int holds = 0;
            for (size_t k = 0; k < e->policies.n && !holds; k++)
                holds = e->policies.v[k] == p;
            if (!holds)
                continue;
            if (e->unknown)
                return 0;
            for (size_t k = 0; k < e->policies.n; k++) {
                const struct sr_iam_policy *q = e->policies.v[k];
                for (size_t j = 0; q != p && j < q->stmts.n; j++)
                    if (sr_starts_service(q->stmts.v[j], s, svcs[i]))
                        return 0;
            }
        }
    }
    return 1;
}

static void sr201_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (!sr_is_identity(p) && p->source != SR_IAM_SECRET_POLICY)
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny || s->not_action || sr_only_via_service(m, p, s))
                continue;
            for (size_t k = 0; k < s->nactions; k++) {
                const struct sr_iam_value *a = &s->actions[k];
                if (!sr_known_text(a) || !sr_iam_pattern_covers(a->text, SR_SM_PREFIX "*", 1))
                    continue;
                int all = strspn(a->text, "*") == strlen(a->text);
                sr_report(ctx, a->node,
                          "%s allows '%s': %s, including reading, changing and deleting "
                          "secrets and their resource policies; list the actions it needs",
                          sr_policy_label(ctx, p), a->text,
                          all ? "every action of every service" : "every Secrets Manager action");
            }
        }
    }
}

/* SR201: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR201[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  ReaderRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: secrets\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action: secretsmanager:*\n"
                                   "                Resource: !Ref ApiKey\n";

static const char sr_good_SR201[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "  ReaderRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {Service: lambda.amazonaws.com}\n"
    "            Action: sts:AssumeRole\n"
    "      Policies:\n"
    "        - PolicyName: secrets\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]\n"
    "                Resource: !Ref ApiKey\n";

static const struct sr_rule sr201 = {
    .id = "SR201",
    .title = "policy allows secretsmanager:* or * actions",
    .severity = SR_SEV_ERROR,
    .security_severity = 8.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
              "list_awssecretsmanager.html",
    .explain =
        "An Allow statement names `secretsmanager:*` or `*` (or another wildcard that covers "
        "every\n"
        "Secrets Manager action). Whoever holds the policy can read every secret it reaches, "
        "write\n"
        "new values, cancel rotation, delete secrets, and change their resource policies. No\n"
        "workload needs all of that: a reader needs GetSecretValue (and DescribeSecret), a\n"
        "rotation function the four rotation actions plus GetRandomPassword.\n"
        "\n"
        "Checked in role inline policies, AWS::IAM::Policy, AWS::IAM::ManagedPolicy, SAM function\n"
        "Policies and secret resource policies. The finding points at the wildcard action. A\n"
        "narrower wildcard such as `secretsmanager:Get*` is not reported here (SR204 reports "
        "extra\n"
        "actions of a rotation role); AWS managed policies are SR209's. A statement that a\n"
        "condition limits to requests a service makes for the holder (aws:CalledVia:\n"
        "cloudformation.amazonaws.com) is not reported when the holder cannot ask that service to\n"
        "create or change anything (a stack sweeper allowed only cloudformation:DeleteStack):\n"
        "its `*` lets CloudFormation delete what those stacks hold, no more.\n"
        "\n"
        "Not a judgement call: name the actions. An audited exception is a suppression with a\n"
        "reason; `severity: {SR201: warning}` lowers the rule for a repository.\n"
        "\n"
        "Example:\n"
        "    Statement:\n"
        "      - Effect: Allow\n"
        "        Action: secretsmanager:*          # SR201\n"
        "        Resource: !Ref DatabaseSecret\n"
        "Fix: name the actions:\n"
        "        Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]\n"
        "\n"
        "See https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_awssecretsmanager.html\n"
        "and "
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_action.html\n",
    .bad = sr_bad_SR201,
    .good = sr_good_SR201,
    .check = sr201_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR202 ============================================================== */

/* The one secret a statement of policy p is meant for: the template's only
 * secret, else the one secret the functions using the policy's role rotate;
 * NULL when that cannot be told. */
static struct sr_resource *sr_meant_secret(const struct sr_graph *g, const struct sr_iam_policy *p)
{
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    if (sv->n == 1)
        return sv->v[0];
    const struct sr_resource *r = p->owner;
    struct sr_resource *found = NULL;
    for (size_t i = 0; r && i < g->nres; i++) {
        const struct sr_resource *fn = g->res[i];
        if (!sr_is_function(fn) || (fn != r && fn->role != r))
            continue;
        for (size_t k = 0; k < fn->rotating_schedules.n; k++) {
            struct sr_resource *s =
                ((const struct sr_resource *)fn->rotating_schedules.v[k])->secret;
            if (!s)
                continue;
            if (found && found != s)
                return NULL;
            found = s;
        }
    }
    return found;
}

static void sr202_check(struct sr_ctx *ctx)
{
    if (ctx->g->by_kind[SR_R_SECRET].n == 0)
        return; /* no secret of the template is meant */
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    unsigned long scoped = ~sr_iam_sm_with(SR_SMA_NO_RESOURCE);
    char names[512];
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (!sr_is_identity(p))
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny || s->not_action || s->not_resource || s->nconds)
                continue;
            unsigned long bits = sr_stmt_sm_bits(s, NULL) & scoped;
            if (!bits)
                continue;
            for (size_t k = 0; k < s->nresources; k++) {
                const struct sr_iam_value *r = &s->resources[k];
                if (!sr_iam_value_is_all(r, "secretsmanager", "secret:*"))
                    continue;
                if (bits == (sr_iam_sm_expand(SR_SM_PREFIX "*") & scoped))
                    snprintf(names, sizeof(names), "every Secrets Manager action");
                else
                    sr_iam_sm_names(bits, names, sizeof(names));
                struct sr_finding *f = sr_report(
                    ctx, r->node,
                    "%s allows %s on every secret ('%s'); scope the Resource to the "
                    "secret it uses (%s)",
                    sr_policy_label(ctx, p), names, sr_show(ctx, r), sr_secret_names(ctx));
                f->judged.secret = sr_meant_secret(ctx->g, p);
                f->judged.value = r->node;
            }
        }
    }
}

/* 1 when a function of the template that is res (or runs with role res)
 * rotates secret s: the statement is then unambiguously about s. */
static int sr202_rotates(const struct sr_graph *g, const struct sr_resource *res,
                         const struct sr_resource *s)
{
    for (size_t i = 0; res && i < g->nres; i++) {
        const struct sr_resource *fn = g->res[i];
        if (!sr_is_function(fn) || (fn != res && fn->role != res))
            continue;
        for (size_t k = 0; k < fn->rotating_schedules.n; k++)
            if (((const struct sr_resource *)fn->rotating_schedules.v[k])->secret == s)
                return 1;
    }
    return 0;
}

/* The service prefix of an action ("kms" of "kms:Decrypt"), length in *n;
 * NULL for "*" or a malformed action. */
static const char *sr202_service(const char *act, size_t *n)
{
    const char *c = strchr(act, ':');
    if (!c || c == act)
        return NULL;
    *n = (size_t)(c - act);
    return act;
}

/*
 * Reads judged.secret (the one secret meant) and judged.value (the
 * Resource value): the value becomes that secret's Ref (kept under the
 * secret's Condition when the policy's resource lacks it: !If [C, !Ref S,
 * !Ref AWS::NoValue] inside a Resource list that keeps other values, else
 * refused); actions that take no resource (GetRandomPassword) and actions of
 * other services (kms:Decrypt) move to statements of their own on "*", as
 * they were. Safe when a function using the role rotates the secret;
 * unsafe when the secret is only the template's one secret (the code may
 * read secrets made elsewhere).
 */
static int sr202_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_node *v = j->value;
    if (!v || !v->parent)
        return sr_fix_refuse(fx, fix, "the finding has no Resource value to change");
    const struct sr_resource *s = j->secret;
    if (!s)
        return sr_fix_refuse(fx, fix,
                             "the template has several secrets and the statement does not say "
                             "which one it means: scope Resource by hand");
    struct sr_arena *a = fx->a;
    const struct sr_resource *owner = sr_fix_resource(fx, fix);
    const struct sr_node *stmt = v->parent->kind == SR_SEQ ? v->parent->parent : v->parent;
    const struct sr_node *acts = sr_map_get(stmt, "Action");
    const struct sr_node *list = stmt ? stmt->parent : NULL;
    struct sr_fv *keep = sr_fv_seq(a), *norsrc = sr_fv_seq(a), *other = sr_fv_seq(a);
    size_t nacts = acts && acts->kind == SR_SEQ ? acts->n : 1;
    for (size_t i = 0; i < nacts; i++) {
        const struct sr_node *it = acts && acts->kind == SR_SEQ ? acts->items[i] : acts;
        const char *act = it && it->kind == SR_SCALAR && !it->tag ? sr_node_str(it) : NULL;
        size_t sn = 0;
        const char *svc = act ? sr202_service(act, &sn) : NULL;
        if (!act || !svc)
            return sr_fix_refuse(fx, fix,
                                 "the statement allows '%s', not only Secrets Manager actions: "
                                 "scope Resource by hand",
                                 act ? act : "a computed action");
        if (!strcasecmp(act, "secretsmanager:GetRandomPassword"))
            sr_fv_push(a, norsrc, sr_fv_str(a, act));
        else if (sn == 14 && !strncasecmp(svc, "secretsmanager", 14))
            sr_fv_push(a, keep, sr_fv_raw(a, it));
        else
            sr_fv_push(a, other, sr_fv_str(a, act));
    }
    if (!keep->n)
        return sr_fix_refuse(fx, fix, "no action of the statement takes a secret as Resource");
    if ((norsrc->n || other->n) && (!list || list->kind != SR_SEQ || acts->kind != SR_SEQ))
        return sr_fix_refuse(fx, fix,
                             "the statement mixes actions and is not in a Statement list: "
                             "split it by hand");
    /* The secret's Condition: kept unless the policy's resource has the same one. */
    const char *cond = s->condition;
    if (cond && owner && owner->condition && !strcmp(owner->condition, cond))
        cond = NULL;
    if (cond && (v->parent->kind != SR_SEQ || v->parent->n < 2))
        return sr_fix_refuse(fx, fix,
                             "secret %s exists only when condition %s holds, the statement "
                             "always: write its Resource with !If [%s, !Ref %s, ...] and a value "
                             "for when %s is false, by hand",
                             s->id, cond, cond, s->id, cond);
    if (cond) {
        struct sr_fv *args = sr_fv_seq(a);
        sr_fv_push(a, args, sr_fv_str(a, cond));
        sr_fv_push(a, args, sr_fv_ref(a, s->id));
        sr_fv_push(a, args, sr_fv_ref(a, "AWS::NoValue"));
        struct sr_fv *ifv = sr_fv_map(a);
        sr_fv_put(a, ifv, "Fn::If", args);
        sr_fix_replace(fx, fix, v, ifv);
    } else {
        sr_fix_replace(fx, fix, v, sr_fv_ref(a, s->id));
    }
    if (norsrc->n || other->n) {
        sr_fix_replace(fx, fix, acts, keep);
        if (norsrc->n)
            sr_fix_append(fx, fix, list,
                          sr_scaffold_allow(a, norsrc->n == 1 ? norsrc->items[0] : norsrc,
                                            sr_fv_str(a, "*")));
        if (other->n)
            sr_fix_append(
                fx, fix, list,
                sr_scaffold_allow(a, other->n == 1 ? other->items[0] : other, sr_fv_str(a, "*")));
    }
    if (!sr202_rotates(fx->g, owner, s))
        sr_fix_unsafe(fix, fx,
                      "%s is the template's only secret, not one the role's functions rotate: "
                      "the role loses access to secrets made outside the template",
                      s->id);
    fix->what = sr_arena_printf(
        a, "scoped the Resource to secret %s%s%s%s%s", s->id, cond ? " under condition " : "",
        cond ? cond : "",
        norsrc->n ? " and moved GetRandomPassword (no resource) to a statement on \"*\"" : "",
        other->n ? " and moved the actions of other services to a statement of their own on \"*\""
                 : "");
    return 0;
}

/* SR202: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR202[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  ReaderRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: secrets\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action: secretsmanager:GetSecretValue\n"
                                   "                Resource: '*'\n";

static const char sr_good_SR202[] = "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  ReaderRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: lambda.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "      Policies:\n"
                                    "        - PolicyName: secrets\n"
                                    "          PolicyDocument:\n"
                                    "            Statement:\n"
                                    "              - Effect: Allow\n"
                                    "                Action: secretsmanager:GetSecretValue\n"
                                    "                Resource: !Ref ApiKey\n";

static const struct sr_rule sr202 = {
    .id = "SR202",
    .title = "secret actions allowed on every secret",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/service-authorization/latest/reference/"
              "list_awssecretsmanager.html",
    .explain =
        "A statement allows Secrets Manager actions that act on a secret (GetSecretValue,\n"
        "PutSecretValue, DescribeSecret, ...) on `Resource: \"*\"` or on a wildcard secret ARN\n"
        "(`arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*`), in a\n"
        "template that defines the secrets it means. The holder can then read or change every\n"
        "secret of the account and region, not only the one the function uses.\n"
        "\n"
        "Actions that take no resource (GetRandomPassword, ListSecrets, BatchGetSecretValue) need\n"
        "`*` and are not reported. A statement with a Condition is not reported: a condition such\n"
        "as `secretsmanager:resource/AllowRotationLambdaArn` (what "
        "AWSSecretsManagerRotationPolicy\n"
        "uses) or a resource tag narrows it. SAM's AWSSecretsManagerGetSecretValuePolicy with\n"
        "`SecretArn: '*'` is reported at the SecretArn value. The finding points at the Resource\n"
        "value.\n"
        "\n"
        "Not a judgement call where the template defines the secrets the holder uses: scope the\n"
        "Resource to them. A role that must read secrets it does not know (a generic secret\n"
        "reader) is an exception to suppress with a reason.\n"
        "\n"
        "Example:\n"
        "    - Effect: Allow\n"
        "      Action: secretsmanager:GetSecretValue\n"
        "      Resource: '*'                       # SR202\n"
        "Fix: scope it to the secret:\n"
        "      Resource: !Ref DatabaseSecret\n"
        "\n"
        "See https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "list_awssecretsmanager.html\n",
    .bad = sr_bad_SR202,
    .good = sr_good_SR202,
    .check = sr202_check,
    .models = SR_MODEL_IAM,
    .plan = sr202_plan,
    .fix_safety = SR_FIXSAFE_BOTH,
};

/* ==== rotation functions (SR203-SR205) =================================== */

/* The distinct secrets a function rotates. */
static size_t sr_rotated_secrets(const struct sr_resource *fn, const struct sr_resource **out,
                                 size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < fn->rotating_schedules.n; i++) {
        const struct sr_resource *sch = fn->rotating_schedules.v[i];
        const struct sr_resource *s = sch->secret;
        if (!s)
            continue;
        size_t j = 0;
        while (j < n && out[j] != s)
            j++;
        if (j == n && n < max)
            out[n++] = s;
    }
    return n;
}

/* Where to report a rotation role's missing permission on secret: the
 * Action of the statement granting the most rotation actions on it, else
 * the role's first statement with a Secrets Manager action, else where the
 * policies are written (Policies of the role or function), else the
 * function's Role or logical id. */
static const struct sr_node *sr_rotation_anchor(const struct sr_iam_model *m,
                                                const struct sr_resource *fn,
                                                const struct sr_resource *secret)
{
    const struct sr_iam_role *e = sr_iam_role_of(m, fn->role);
    const struct sr_node *best = NULL, *any = NULL;
    int best_count = 0;
    struct sr_iam_target t = {(struct sr_resource *)secret, NULL};
    for (size_t i = 0; e && i < e->policies.n; i++) {
        const struct sr_iam_policy *p = e->policies.v[i];
        if (!sr_is_identity(p))
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny)
                continue;
            unsigned long bits = sr_stmt_sm_bits(s, NULL);
            if (!bits)
                continue;
            if (!any)
                any = s->action_key;
            if (sr_iam_stmt_resource(s, &t) == SR_NO)
                continue;
            int count = __builtin_popcountl(bits & sr_iam_sm_with(SR_SMA_ROTATION));
            if (count > best_count) {
                best_count = count;
                best = s->action_key;
            }
        }
    }
    if (best)
        return best;
    if (any)
        return any;
    const struct sr_node *k = NULL;
    if (fn->role && fn->role->implicit) {
        if (sr_map_get_kv(fn->props, "Policies", &k))
            return k;
        return fn->key;
    }
    if (fn->role && sr_map_get_kv(fn->role->props, "Policies", &k))
        return k;
    if (sr_map_get_kv(fn->props, "Role", &k))
        return sr_map_get(fn->props, "Role");
    return fn->key;
}

static void sr203_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    unsigned long any = sr_iam_sm_with(SR_SMA_ROTATION_ANY);
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *fn = ctx->g->res[i];
        if (!sr_is_function(fn) || !fn->rotating_schedules.n || !fn->role)
            continue;
        const struct sr_resource *secrets[16];
        size_t ns = sr_rotated_secrets(fn, secrets, 16);
        for (size_t k = 0; k < ns; k++) {
            unsigned long missing = sr_iam_rotation_missing(m, fn, secrets[k]);
            if (!missing)
                continue;
            char names[256];
            sr_iam_sm_names(missing, names, sizeof(names));
            struct sr_finding *f =
                sr_report(ctx, sr_rotation_anchor(m, fn, secrets[k]),
                          "role %s of rotation function %s lacks %s%s for secret %s: rotation "
                          "fails with access denied",
                          fn->role->id, fn->id, names, missing == any ? " (on Resource \"*\")" : "",
                          secrets[k]->id);
            f->judged.other = fn;
            f->judged.secret = (struct sr_resource *)secrets[k];
        }
    }
}

static const char *const sr_rotation_actions[] = {
    "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"};

/* Reads judged.other (the rotation function): grants the rotation actions
 * it lacks on each secret it rotates, and GetRandomPassword on "*". */
static int sr203_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_resource *fn = fix->finding->judged.other;
    if (!sr_is_function(fn))
        return sr_fix_refuse(fx, fix, "cannot tell which rotation function the role serves");
    const struct sr_iam_model *m = sr_iam_of(fx->g);
    struct sr_arena *a = fx->a;
    struct sr_fv *stmts = sr_fv_seq(a);
    const char *names = NULL;
    for (size_t k = 0; k < fn->rotating_schedules.n; k++) {
        struct sr_resource *s = ((struct sr_resource *)fn->rotating_schedules.v[k])->secret;
        if (!s)
            continue;
        struct sr_fv *acts = sr_fv_seq(a);
        struct sr_iam_target t = {s, NULL};
        for (size_t i = 0; i < 4; i++)
            if (sr_iam_function_can(m, fn, sr_rotation_actions[i], &t) == SR_NO)
                sr_fv_push(a, acts, sr_fv_str(a, sr_rotation_actions[i]));
        if (acts->n) {
            sr_fv_push(a, stmts, sr_scaffold_allow(a, acts, sr_fv_ref(a, s->id)));
            names = names ? sr_arena_printf(a, "%s, %s", names, s->id) : s->id;
        }
    }
    struct sr_iam_target none = {NULL, NULL};
    if (sr_iam_function_can(m, fn, "secretsmanager:GetRandomPassword", &none) == SR_NO)
        sr_fv_push(a, stmts,
                   sr_scaffold_allow(a, sr_fv_str(a, "secretsmanager:GetRandomPassword"),
                                     sr_fv_str(a, "*")));
    if (stmts->n == 0)
        return sr_fix_refuse(fx, fix, "no missing action could be named");
    if (sr_scaffold_grant(fx, fix, fn, "SecretRotation", stmts) < 0)
        return -1;
    fix->what = sr_arena_printf(a, "granted %s the rotation actions it lacked%s%s", fn->id,
                                names ? " on " : "", names ? names : "");
    return 0;
}

/* SR203: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR203[] = "Resources:\n"
                                   "  DatabaseSecret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "\n"
                                   "  RotationRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: rotation\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action:\n"
                                   "                  - secretsmanager:DescribeSecret\n"
                                   "                  - secretsmanager:GetSecretValue\n"
                                   "                  - secretsmanager:PutSecretValue\n"
                                   "                  - secretsmanager:UpdateSecretVersionStage\n"
                                   "                Resource: !Ref DatabaseSecret\n"
                                   "  RotationFunction:\n"
                                   "    Type: AWS::Lambda::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      Role: !GetAtt RotationRole.Arn\n"
                                   "      Code:\n"
                                   "        ZipFile: \"def handler(event, context): pass\"\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref DatabaseSecret\n"
                                   "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                   "      RotationRules:\n"
                                   "        AutomaticallyAfterDays: 30\n";

static const char sr_good_SR203[] = "Resources:\n"
                                    "  DatabaseSecret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "\n"
                                    "  RotationRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: lambda.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "      Policies:\n"
                                    "        - PolicyName: rotation\n"
                                    "          PolicyDocument:\n"
                                    "            Statement:\n"
                                    "              - Effect: Allow\n"
                                    "                Action:\n"
                                    "                  - secretsmanager:DescribeSecret\n"
                                    "                  - secretsmanager:GetSecretValue\n"
                                    "                  - secretsmanager:PutSecretValue\n"
                                    "                  - secretsmanager:UpdateSecretVersionStage\n"
                                    "                Resource: !Ref DatabaseSecret\n"
                                    "              - Effect: Allow\n"
                                    "                Action: secretsmanager:GetRandomPassword\n"
                                    "                Resource: \"*\"\n"
                                    "  RotationFunction:\n"
                                    "    Type: AWS::Lambda::Function\n"
                                    "    Properties:\n"
                                    "      Runtime: python3.12\n"
                                    "      Handler: index.handler\n"
                                    "      Role: !GetAtt RotationRole.Arn\n"
                                    "      Code:\n"
                                    "        ZipFile: \"def handler(event, context): pass\"\n"
                                    "  Schedule:\n"
                                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                                    "    Properties:\n"
                                    "      SecretId: !Ref DatabaseSecret\n"
                                    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                    "      RotationRules:\n"
                                    "        AutomaticallyAfterDays: 30\n";

static const struct sr_rule sr203 = {
    .id = "SR203",
    .title = "rotation role lacks an action rotation needs",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "A Lambda function that a RotationSchedule names (RotationLambdaARN) runs the four\n"
        "rotation steps with its execution role. Secrets Manager's rotation functions call\n"
        "DescribeSecret, GetSecretValue, PutSecretValue and UpdateSecretVersionStage on the "
        "secret\n"
        "and GetRandomPassword, which takes no resource, on `*`. Without one of them rotation "
        "stops\n"
        "with AccessDenied and the secret keeps its old value.\n"
        "\n"
        "The role's permissions are read from everything that applies to it: inline policies,\n"
        "AWS::IAM::Policy and ManagedPolicy attached to it, known AWS managed policies, SAM\n"
        "Policies (policy templates expanded) with the implicit <Function>Role, the secret's\n"
        "resource policy, and Deny statements. Only a certain lack is reported: a role with a\n"
        "policy that cannot be read (a customer managed policy outside the template, a policy\n"
        "document given as a string) or a grant under a condition gets no finding.\n"
        "\n"
        "Hosted rotation (HostedRotationLambda) and rotation applications from the Serverless\n"
        "Application Repository build their own role, so a single-user database rotation of that\n"
        "kind needs nothing from the template. A multi-user rotation also reads the master "
        "secret;\n"
        "grant GetSecretValue on it as well.\n"
        "\n"
        "When the rotation function is not defined in the template (a RotationLambdaARN naming a\n"
        "missing resource, reported by SR003, or a literal ARN), its role is unknown and nothing "
        "is\n"
        "reported: a role is never taken for a rotation role by its name. Define the function (or\n"
        "fix the reference) and this rule checks the role it uses. When an\n"
        "AWSSecretsManagerRotationPolicy names the wrong FunctionName, SR213 reports that "
        "instead.\n"
        "\n"
        "Not a judgement call: rotation fails without the action.\n"
        "\n"
        "Example:\n"
        "    RotationLambdaRole:\n"
        "      Type: AWS::IAM::Role\n"
        "      Properties:\n"
        "        Policies:\n"
        "          - PolicyName: rotation\n"
        "            PolicyDocument:\n"
        "              Statement:\n"
        "                - Effect: Allow\n"
        "                  Action: [secretsmanager:DescribeSecret, secretsmanager:GetSecretValue,\n"
        "                           secretsmanager:PutSecretValue,\n"
        "                           secretsmanager:UpdateSecretVersionStage]     # SR203\n"
        "                  Resource: !Ref DatabaseSecret\n"
        "Fix: add the missing statement:\n"
        "                - Effect: Allow\n"
        "                  Action: secretsmanager:GetRandomPassword\n"
        "                  Resource: '*'\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR203,
    .good = sr_good_SR203,
    .check = sr203_check,
    .models = SR_MODEL_IAM,
    .plan = sr203_plan,
    .fix_safety = SR_FIXSAFE_SAFE,
};

/* ==== SR204 ============================================================== */

/* The secrets rotated by any function using role. */
static int sr_role_rotates(const struct sr_resource *role, const struct sr_resource *secret)
{
    for (size_t i = 0; i < role->functions.n; i++) {
        const struct sr_resource *fn = role->functions.v[i];
        for (size_t j = 0; j < fn->rotating_schedules.n; j++) {
            const struct sr_resource *sch = fn->rotating_schedules.v[j];
            if (sch->secret == secret)
                return 1;
        }
    }
    return 0;
}

static const struct sr_resource *sr_rotation_fn_of(const struct sr_resource *role)
{
    for (size_t i = 0; i < role->functions.n; i++) {
        const struct sr_resource *fn = role->functions.v[i];
        if (fn->rotating_schedules.n)
            return fn;
    }
    return NULL;
}

static void sr204_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    unsigned long needed = sr_iam_sm_with(SR_SMA_ROTATION | SR_SMA_ROTATION_ANY);
    unsigned long writes = sr_iam_sm_with(SR_SMA_ROTATION) & sr_iam_sm_with(SR_SMA_WRITE);
    struct sr_seen seen = {{0}};
    char names[512];
    for (size_t r = 0; r < m->roles.n; r++) {
        const struct sr_iam_role *e = m->roles.v[r];
        const struct sr_resource *fn = sr_rotation_fn_of(e->role);
        if (!fn)
            continue;
        for (size_t i = 0; i < e->policies.n; i++) {
            const struct sr_iam_policy *p = e->policies.v[i];
            if (!sr_is_identity(p))
                continue;
            for (size_t j = 0; j < p->stmts.n; j++) {
                const struct sr_iam_stmt *s = p->stmts.v[j];
                if (s->deny || s->not_action)
                    continue;
                unsigned long write_bits = 0;
                for (size_t k = 0; k < s->nactions; k++) {
                    const struct sr_iam_value *a = &s->actions[k];
                    if (!sr_known_text(a))
                        continue;
                    unsigned long bits = sr_iam_sm_expand(a->text);
                    write_bits |= bits & writes;
                    /* Wildcards over the whole service are SR201's. */
                    if (sr_iam_pattern_covers(a->text, SR_SM_PREFIX "*", 1))
                        continue;
                    unsigned long extra = bits & ~needed;
                    if (!extra || !sr_seen_add(ctx, &seen, a->node))
                        continue;
                    sr_iam_sm_names(extra, names, sizeof(names));
                    /* Replication is managed by whoever deploys the secret. */
                    unsigned long rep = sr_iam_sm_expand(SR_SM_PREFIX "ReplicateSecretToRegions");
                    if (extra == rep)
                        sr_report(ctx, a->node,
                                  "rotation role %s (function %s) is allowed "
                                  "secretsmanager:ReplicateSecretToRegions: replication belongs "
                                  "to the role that manages the secret's replicas, not to the "
                                  "rotation role",
                                  e->role->id, fn->id);
                    else
                        sr_report(ctx, a->node,
                                  "rotation role %s (function %s) is allowed %s, which rotation "
                                  "does not need%s",
                                  e->role->id, fn->id, names,
                                  extra & rep ? " (ReplicateSecretToRegions belongs to the role "
                                                "that manages replication)"
                                              : "");
                }
                if (!write_bits)
                    continue;
                for (size_t k = 0; k < s->nresources; k++) {
                    const struct sr_iam_value *v = &s->resources[k];
                    if (v->scope != SR_SCOPE_RESOURCE || !v->res || v->res->kind != SR_R_SECRET ||
                        sr_role_rotates(e->role, v->res) || !sr_seen_add(ctx, &seen, v->node))
                        continue;
                    sr_iam_sm_names(write_bits, names, sizeof(names));
                    sr_report(ctx, v->node,
                              "rotation role %s (function %s) may %s on secret %s, which it "
                              "does not rotate",
                              e->role->id, fn->id, names, v->res->id);
                }
            }
        }
    }
}

/* SR204: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR204[] = "Resources:\n"
                                   "  DatabaseSecret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "\n"
                                   "  RotationRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: rotation\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action:\n"
                                   "                  - secretsmanager:DescribeSecret\n"
                                   "                  - secretsmanager:GetSecretValue\n"
                                   "                  - secretsmanager:PutSecretValue\n"
                                   "                  - secretsmanager:UpdateSecretVersionStage\n"
                                   "                  - secretsmanager:DeleteSecret\n"
                                   "                Resource: !Ref DatabaseSecret\n"
                                   "              - Effect: Allow\n"
                                   "                Action: secretsmanager:GetRandomPassword\n"
                                   "                Resource: \"*\"\n"
                                   "  RotationFunction:\n"
                                   "    Type: AWS::Lambda::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      Role: !GetAtt RotationRole.Arn\n"
                                   "      Code:\n"
                                   "        ZipFile: \"def handler(event, context): pass\"\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref DatabaseSecret\n"
                                   "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                   "      RotationRules:\n"
                                   "        AutomaticallyAfterDays: 30\n";

static const char sr_good_SR204[] = "Resources:\n"
                                    "  DatabaseSecret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "\n"
                                    "  RotationRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: lambda.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "      Policies:\n"
                                    "        - PolicyName: rotation\n"
                                    "          PolicyDocument:\n"
                                    "            Statement:\n"
                                    "              - Effect: Allow\n"
                                    "                Action:\n"
                                    "                  - secretsmanager:DescribeSecret\n"
                                    "                  - secretsmanager:GetSecretValue\n"
                                    "                  - secretsmanager:PutSecretValue\n"
                                    "                  - secretsmanager:UpdateSecretVersionStage\n"
                                    "                Resource: !Ref DatabaseSecret\n"
                                    "              - Effect: Allow\n"
                                    "                Action: secretsmanager:GetRandomPassword\n"
                                    "                Resource: \"*\"\n"
                                    "  RotationFunction:\n"
                                    "    Type: AWS::Lambda::Function\n"
                                    "    Properties:\n"
                                    "      Runtime: python3.12\n"
                                    "      Handler: index.handler\n"
                                    "      Role: !GetAtt RotationRole.Arn\n"
                                    "      Code:\n"
                                    "        ZipFile: \"def handler(event, context): pass\"\n"
                                    "  Schedule:\n"
                                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                                    "    Properties:\n"
                                    "      SecretId: !Ref DatabaseSecret\n"
                                    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                    "      RotationRules:\n"
                                    "        AutomaticallyAfterDays: 30\n";

static const struct sr_rule sr204 = {
    .id = "SR204",
    .title = "rotation role holds secret actions beyond rotation",
    .severity = SR_SEV_WARNING,
    .security_severity = 5.5,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "The execution role of a rotation function needs DescribeSecret, GetSecretValue,\n"
        "PutSecretValue and UpdateSecretVersionStage on the secrets it rotates and\n"
        "GetRandomPassword. Anything more - DeleteSecret, PutResourcePolicy, RotateSecret,\n"
        "ReplicateSecretToRegions, tagging - only widens what a compromised or buggy rotation\n"
        "function can do to the secret. Writing versions of a secret it does not rotate\n"
        "(PutSecretValue, UpdateSecretVersionStage on another secret of the template) is reported\n"
        "at that Resource. Reading another secret (GetSecretValue, DescribeSecret) is allowed:\n"
        "multi-user rotation reads the master secret.\n"
        "\n"
        "A rotation role is the role of a function that a RotationSchedule names. A wildcard over\n"
        "the whole service (`secretsmanager:*`) is reported by SR201 instead.\n"
        "\n"
        "Not a judgement call: remove the extra actions, or move them to a role that needs them.\n"
        "\n"
        "Example (the role of the rotation function):\n"
        "    - Effect: Allow\n"
        "      Action: [secretsmanager:ReplicateSecretToRegions]     # SR204\n"
        "      Resource: !Ref DatabaseSecret\n"
        "Fix: move the replication permission to the role that manages replication.\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR204,
    .good = sr_good_SR204,
    .check = sr204_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR205 ============================================================== */

static void sr205_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    static const char *const names[] = {"", "kms:Decrypt", "kms:GenerateDataKey",
                                        "kms:Decrypt, kms:GenerateDataKey"};
    for (size_t i = 0; i < ctx->g->nres; i++) {
        struct sr_resource *fn = ctx->g->res[i];
        if (!sr_is_function(fn) || !fn->rotating_schedules.n || !fn->role)
            continue;
        const struct sr_resource *secrets[16];
        size_t ns = sr_rotated_secrets(fn, secrets, 16);
        for (size_t k = 0; k < ns; k++) {
            const struct sr_resource *key = NULL;
            const char *arn = NULL;
            unsigned missing = sr_iam_rotation_kms_missing(m, fn, secrets[k], &key, &arn);
            if (!missing)
                continue;
            struct sr_finding *f = sr_report(
                ctx, sr_rotation_anchor(m, fn, secrets[k]),
                "role %s of rotation function %s lacks %s on key %s, which encrypts "
                "secret %s: rotation cannot read or write its values",
                fn->role->id, fn->id, names[missing & 3], key ? key->id : arn, secrets[k]->id);
            f->judged.other = fn;
            f->judged.secret = (struct sr_resource *)secrets[k];
        }
    }
}

/* Reads judged.other (the rotation function): grants kms:Decrypt and
 * kms:GenerateDataKey on the key of each secret it rotates. */
static int sr205_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_resource *fn = fix->finding->judged.other;
    if (!sr_is_function(fn))
        return sr_fix_refuse(fx, fix, "cannot tell which rotation function the role serves");
    const struct sr_iam_model *m = sr_iam_of(fx->g);
    struct sr_arena *a = fx->a;
    struct sr_fv *stmts = sr_fv_seq(a);
    static const char *const kms[] = {"kms:Decrypt", "kms:GenerateDataKey"};
    for (size_t k = 0; k < fn->rotating_schedules.n; k++) {
        struct sr_resource *s = ((struct sr_resource *)fn->rotating_schedules.v[k])->secret;
        struct sr_fv *arn = s ? sr_scaffold_kms_arn(fx, s) : NULL;
        if (!arn)
            continue;
        struct sr_iam_target t = {s->kms_key, NULL};
        if (!t.res)
            t.arn = sr_scalar(sr_res_prop(s, "KmsKeyId"));
        struct sr_fv *acts = sr_fv_seq(a);
        for (size_t i = 0; i < 2; i++)
            if (sr_iam_function_can(m, fn, kms[i], &t) == SR_NO)
                sr_fv_push(a, acts, sr_fv_str(a, kms[i]));
        if (acts->n)
            sr_fv_push(a, stmts, sr_scaffold_allow(a, acts, arn));
    }
    if (stmts->n == 0)
        return sr_fix_refuse(fx, fix, "the key of the secret cannot be named in a policy");
    if (sr_scaffold_grant(fx, fix, fn, "SecretKeyAccess", stmts) < 0)
        return -1;
    fix->what = sr_arena_printf(a,
                                "granted %s kms:Decrypt and kms:GenerateDataKey on the "
                                "secret's key",
                                fn->id);
    return 0;
}

/* SR205: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR205[] =
    "Resources:\n"
    "  DatabaseSecret:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref SecretKey\n"
    "  SecretKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n"
    "  RotationRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {Service: lambda.amazonaws.com}\n"
    "            Action: sts:AssumeRole\n"
    "      Policies:\n"
    "        - PolicyName: rotation\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action:\n"
    "                  - secretsmanager:DescribeSecret\n"
    "                  - secretsmanager:GetSecretValue\n"
    "                  - secretsmanager:PutSecretValue\n"
    "                  - secretsmanager:UpdateSecretVersionStage\n"
    "                Resource: !Ref DatabaseSecret\n"
    "              - Effect: Allow\n"
    "                Action: secretsmanager:GetRandomPassword\n"
    "                Resource: \"*\"\n"
    "  RotationFunction:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: !GetAtt RotationRole.Arn\n"
    "      Code:\n"
    "        ZipFile: \"def handler(event, context): pass\"\n"
    "  Schedule:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Properties:\n"
    "      SecretId: !Ref DatabaseSecret\n"
    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
    "      RotationRules:\n"
    "        AutomaticallyAfterDays: 30\n";

static const char sr_good_SR205[] =
    "Resources:\n"
    "  DatabaseSecret:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "    Properties:\n"
    "      KmsKeyId: !Ref SecretKey\n"
    "  SecretKey:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties:\n"
    "      KeyPolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}\n"
    "            Action: kms:*\n"
    "            Resource: \"*\"\n"
    "  RotationRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {Service: lambda.amazonaws.com}\n"
    "            Action: sts:AssumeRole\n"
    "      Policies:\n"
    "        - PolicyName: rotation\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action:\n"
    "                  - secretsmanager:DescribeSecret\n"
    "                  - secretsmanager:GetSecretValue\n"
    "                  - secretsmanager:PutSecretValue\n"
    "                  - secretsmanager:UpdateSecretVersionStage\n"
    "                Resource: !Ref DatabaseSecret\n"
    "              - Effect: Allow\n"
    "                Action: secretsmanager:GetRandomPassword\n"
    "                Resource: \"*\"\n"
    "              - Effect: Allow\n"
    "                Action: [kms:Decrypt, kms:GenerateDataKey]\n"
    "                Resource: !GetAtt SecretKey.Arn\n"
    "  RotationFunction:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Runtime: python3.12\n"
    "      Handler: index.handler\n"
    "      Role: !GetAtt RotationRole.Arn\n"
    "      Code:\n"
    "        ZipFile: \"def handler(event, context): pass\"\n"
    "  Schedule:\n"
    "    Type: AWS::SecretsManager::RotationSchedule\n"
    "    Properties:\n"
    "      SecretId: !Ref DatabaseSecret\n"
    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
    "      RotationRules:\n"
    "        AutomaticallyAfterDays: 30\n";

static const struct sr_rule sr205 = {
    .id = "SR205",
    .title = "rotation role lacks KMS access to the secret's customer managed key",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "A secret encrypted with a customer managed key (KmsKeyId naming a key of the template,\n"
        "or a key ARN) can only be read and written by a principal allowed to use that key:\n"
        "kms:Decrypt to read a value (GetSecretValue) and kms:GenerateDataKey to store a new one\n"
        "(PutSecretValue). A rotation role without them fails at createSecret. The grant may come\n"
        "from the role's policies (for example SAM's KMSDecryptPolicy, which only grants Decrypt)\n"
        "or from the key policy naming the role. The AWS managed key aws/secretsmanager needs no\n"
        "grant; aliases and computed key ids are not checked.\n"
        "\n"
        "Not a judgement call: rotation fails without the grant.\n"
        "\n"
        "Example:\n"
        "    DatabaseSecret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Properties: {KmsKeyId: !Ref SecretKey}\n"
        "    # rotation role: secretsmanager actions only            # SR205\n"
        "Fix:\n"
        "    - Effect: Allow\n"
        "      Action: [kms:Decrypt, kms:GenerateDataKey]\n"
        "      Resource: !GetAtt SecretKey.Arn\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR205,
    .good = sr_good_SR205,
    .check = sr205_check,
    .models = SR_MODEL_IAM,
    .plan = sr205_plan,
    .fix_safety = SR_FIXSAFE_SAFE,
};

/* ==== SR206 ============================================================== */

/* 0 when a Resource value surely names no secret. */
static int sr_may_be_secret(const struct sr_iam_value *v)
{
    if (v->scope == SR_SCOPE_ALL || v->scope == SR_SCOPE_UNKNOWN)
        return 1;
    if (v->scope == SR_SCOPE_RESOURCE)
        return v->res && v->res->kind == SR_R_SECRET;
    if (!v->text || strncmp(v->text, "arn:", 4) != 0)
        return 1;
    const char *svc = strchr(v->text + 4, ':');
    if (!svc)
        return 1;
    svc++;
    size_t n = strcspn(svc, ":");
    char buf[64];
    if (n >= sizeof(buf))
        return 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (svc[i] == SR_IAM_UNKNOWN_CHAR || svc[i] == SR_IAM_STACK_CHAR) ? '*' : svc[i];
    buf[n] = '\0';
    return sr_iam_pattern_overlaps(buf, "secretsmanager", 1);
}

static void sr206_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    size_t ncat;
    sr_iam_sm_actions(&ncat);
    unsigned long all = ncat >= sizeof(unsigned long) * 8 ? ~0ul : (1ul << ncat) - 1;
    char names[512];
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (!sr_is_identity(p))
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny)
                continue;
            int unknown = 0;
            unsigned long bits = sr_stmt_sm_bits(s, &unknown);
            if (unknown)
                continue;
            if (s->not_action) {
                unsigned long allowed = all & ~bits;
                int secrets = s->not_resource || !s->nresources;
                for (size_t k = 0; k < s->nresources; k++)
                    secrets |= sr_may_be_secret(&s->resources[k]);
                if (!allowed || !secrets)
                    continue;
                unsigned long shown = allowed & sr_iam_sm_with(SR_SMA_VALUE | SR_SMA_DESTRUCTIVE |
                                                               SR_SMA_PERMISSIONS);
                sr_iam_sm_names(shown ? shown : allowed, names, sizeof(names));
                sr_report(ctx, s->action_key,
                          "%s uses Allow with NotAction: it allows every action it does not "
                          "list, including secretsmanager %s",
                          sr_policy_label(ctx, p), names);
            } else if (s->not_resource && bits) {
                int excludes_all = 0;
                for (size_t k = 0; k < s->nresources; k++)
                    excludes_all |=
                        sr_iam_value_is_all(&s->resources[k], "secretsmanager", "secret:*");
                if (excludes_all)
                    continue;
                sr_iam_sm_names(bits, names, sizeof(names));
                sr_report(ctx, s->resource_key,
                          "%s uses Allow with NotResource: it allows %s on every secret it "
                          "does not list",
                          sr_policy_label(ctx, p), names);
            }
        }
    }
}

/* SR206: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR206[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  ReaderRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: secrets\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                NotAction: iam:*\n"
                                   "                Resource: \"*\"\n";

static const char sr_good_SR206[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "  ReaderRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {Service: lambda.amazonaws.com}\n"
    "            Action: sts:AssumeRole\n"
    "      Policies:\n"
    "        - PolicyName: secrets\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: [secretsmanager:GetSecretValue, secretsmanager:DescribeSecret]\n"
    "                Resource: !Ref ApiKey\n";

static const struct sr_rule sr206 = {
    .id = "SR206",
    .title = "Allow with NotAction or NotResource on secrets",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.5,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "reference_policies_elements_notaction.html",
    .explain =
        "`Effect: Allow` with `NotAction` allows every action of every service except the ones\n"
        "listed, including every Secrets Manager action not excluded; with `NotResource` it "
        "allows\n"
        "the actions on every resource except the ones listed, so on every secret created later.\n"
        "Both grant far more than the author usually means, and the grant grows with every new\n"
        "action AWS adds. Use `Action` and `Resource` lists instead; keep NotAction/NotResource "
        "for\n"
        "Deny statements.\n"
        "\n"
        "Reported when the allowed set includes Secrets Manager actions. The finding points at\n"
        "the NotAction or NotResource key.\n"
        "\n"
        "Not a judgement call: write Action and Resource lists.\n"
        "\n"
        "Example:\n"
        "    - Effect: Allow\n"
        "      NotAction: iam:*                    # SR206\n"
        "      Resource: '*'\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_notaction.html\n",
    .bad = sr_bad_SR206,
    .good = sr_good_SR206,
    .check = sr206_check,
    .models = SR_MODEL_IAM,
};

/* ==== principals (SR207, SR208) ========================================== */

static const char *const sr_restricting_keys[] = {
    "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalArn",
    "aws:SourceAccount",    "aws:SourceArn",      "aws:SourceOrgID",       "aws:SourceOrgPaths",
    "aws:SourceOwner",      "aws:SourceVpc",      "aws:SourceVpce",        "aws:userid",
    "aws:username",         "aws:CalledVia",      "sts:ExternalId",
};

/* 1 when a condition restricts who the statement applies to. */
static int sr_restricted(const struct sr_iam_stmt *s)
{
    for (size_t i = 0; i < s->nconds; i++) {
        const char *op = s->conds[i].op;
        if (strstr(op, "IfExists") || !strncasecmp(op, "Null", 4))
            continue;
        for (size_t k = 0; k < sizeof(sr_restricting_keys) / sizeof(sr_restricting_keys[0]); k++)
            if (!strcasecmp(s->conds[i].key, sr_restricting_keys[k]))
                return 1;
    }
    return 0;
}

/* The principal value of s open to anyone, or NULL. */
static const struct sr_node *sr_open_principal(const struct sr_iam_stmt *s, const char **what)
{
    if (s->not_principal) {
        *what = "NotPrincipal (everyone except those listed)";
        return s->principal_key;
    }
    for (size_t i = 0; i < s->nprincipals; i++) {
        const struct sr_iam_value *p = &s->principals[i];
        if (p->ptype == SR_PRIN_STAR || (p->ptype == SR_PRIN_AWS && p->scope == SR_SCOPE_ALL)) {
            *what = "any AWS principal ('*')";
            return p->node;
        }
        if (p->ptype == SR_PRIN_AWS && sr_known_text(p) && strstr(p->text, ":iam::*:")) {
            *what = "a principal of any AWS account";
            return p->node;
        }
    }
    return NULL;
}

/* What the role may read that holds secrets: "secrets" (GetSecretValue),
 * else "Parameter Store values, SecureStrings included" (the ssm reads),
 * else NULL. */
static const char *sr_role_reads_secrets(const struct sr_iam_role *e)
{
    const char *what = NULL;
    for (size_t i = 0; i < e->policies.n; i++) {
        const struct sr_iam_policy *p = e->policies.v[i];
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny)
                continue;
            if (sr_iam_stmt_action(s, SR_SM_PREFIX "GetSecretValue") != SR_NO ||
                sr_iam_stmt_action(s, SR_SM_PREFIX "BatchGetSecretValue") != SR_NO)
                return "secrets";
            for (size_t k = 0; k < sizeof(sr_ssm_reads) / sizeof(sr_ssm_reads[0]); k++)
                if (sr_iam_stmt_action(s, sr_ssm_reads[k]) != SR_NO)
                    what = "Parameter Store values, SecureStrings included,";
        }
    }
    return what;
}

static void sr207_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t r = 0; r < m->roles.n; r++) {
        const struct sr_iam_role *e = m->roles.v[r];
        const char *reads = e->trust ? sr_role_reads_secrets(e) : NULL;
        if (!reads)
            continue;
        for (size_t j = 0; j < e->trust->stmts.n; j++) {
            const struct sr_iam_stmt *s = e->trust->stmts.v[j];
            const char *what = NULL;
            const struct sr_node *at;
            if (s->deny || sr_restricted(s) || !(at = sr_open_principal(s, &what)))
                continue;
            const char *who =
                e->role->implicit && e->role->owner
                    ? sr_arena_printf(ctx->arena, "the role SAM builds for function %s",
                                      e->role->owner->id)
                    : sr_arena_printf(ctx->arena, "role %s", e->role->id);
            sr_report(ctx, at,
                      "%s can read %s and its trust policy lets %s assume it; name the "
                      "principals or add a condition on aws:PrincipalAccount or "
                      "aws:PrincipalOrgID",
                      who, reads, what);
        }
    }
}

/* SR207: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR207[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  ReaderRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {AWS: \"*\"}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: secrets\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action: secretsmanager:GetSecretValue\n"
                                   "                Resource: !Ref ApiKey\n";

static const char sr_good_SR207[] = "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  ReaderRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: lambda.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "      Policies:\n"
                                    "        - PolicyName: secrets\n"
                                    "          PolicyDocument:\n"
                                    "            Statement:\n"
                                    "              - Effect: Allow\n"
                                    "                Action: secretsmanager:GetSecretValue\n"
                                    "                Resource: !Ref ApiKey\n";

static const struct sr_rule sr207 = {
    .id = "SR207",
    .title = "trust policy too broad on a role that can read secrets",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
              "reference_policies_elements_principal.html",
    .explain =
        "The trust policy (AssumeRolePolicyDocument) of a role that can read secrets "
        "(GetSecretValue)\n"
        "or Parameter Store values (ssm:GetParameter*, which return SecureStrings too) lets "
        "anyone\n"
        "assume it: `Principal: \"*\"`, `Principal: {AWS: \"*\"}`, an ARN pattern over every "
        "account\n"
        "(`arn:aws:iam::*:root`), or Allow with NotPrincipal. Any AWS account can then obtain the\n"
        "role's credentials and read the secrets. A condition on the caller's identity\n"
        "(aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceAccount,\n"
        "aws:SourceArn, sts:ExternalId, ...) counts as a restriction. SAM functions' own\n"
        "AssumeRolePolicyDocument is checked for their implicit role.\n"
        "\n"
        "Not a judgement call: a role anyone can assume hands its access to anyone.\n"
        "\n"
        "Example:\n"
        "    AssumeRolePolicyDocument:\n"
        "      Statement:\n"
        "        - Effect: Allow\n"
        "          Principal: {AWS: '*'}           # SR207\n"
        "          Action: sts:AssumeRole\n"
        "Fix: name the principal (`Service: lambda.amazonaws.com`, an account or a role ARN).\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_principal.html\n",
    .bad = sr_bad_SR207,
    .good = sr_good_SR207,
    .check = sr207_check,
    .models = SR_MODEL_IAM,
};

static void sr208_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (p->source != SR_IAM_SECRET_POLICY)
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            const char *what = NULL;
            const struct sr_node *at;
            if (s->deny || sr_restricted(s) || !(at = sr_open_principal(s, &what)))
                continue;
            sr_report(ctx, at,
                      "resource policy %s lets %s use secret %s without a condition that "
                      "restricts the caller (aws:PrincipalAccount, aws:PrincipalOrgID, ...)",
                      p->owner->id, what, p->target ? p->target->id : "?");
        }
    }
    const struct sr_ptrvec *rp = &ctx->g->by_kind[SR_R_SECRET_POLICY];
    for (size_t i = 0; i < rp->n; i++) {
        const struct sr_resource *r = rp->v[i];
        const struct sr_node *b = sr_res_prop(r, "BlockPublicPolicy");
        if (b && sr_scalar_bool(b) == 0)
            sr_report(ctx, b,
                      "resource policy %s sets BlockPublicPolicy to false: a policy granting "
                      "public access to the secret would be accepted",
                      r->id);
    }
}

/* SR208: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR208[] = "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  ApiKeyPolicy:\n"
                                   "    Type: AWS::SecretsManager::ResourcePolicy\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref ApiKey\n"
                                   "      BlockPublicPolicy: false\n"
                                   "      ResourcePolicy:\n"
                                   "        Version: \"2012-10-17\"\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: \"*\"\n"
                                   "            Action: secretsmanager:GetSecretValue\n"
                                   "            Resource: \"*\"\n";

static const char sr_good_SR208[] =
    "Resources:\n"
    "  ApiKey:\n"
    "    Type: AWS::SecretsManager::Secret\n"
    "  ApiKeyPolicy:\n"
    "    Type: AWS::SecretsManager::ResourcePolicy\n"
    "    Properties:\n"
    "      SecretId: !Ref ApiKey\n"
    "      BlockPublicPolicy: true\n"
    "      ResourcePolicy:\n"
    "        Version: \"2012-10-17\"\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: \"arn:aws:iam::111122223333:role/reporting\"}\n"
    "            Action: secretsmanager:GetSecretValue\n"
    "            Resource: \"*\"\n";

static const struct sr_rule sr208 = {
    .id = "SR208",
    .title = "secret resource policy open to any principal",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.3,
    .tags = "least-privilege,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html",
    .explain =
        "An AWS::SecretsManager::ResourcePolicy allows `Principal: \"*\"` (or `AWS: \"*\"`, any\n"
        "account, NotPrincipal) without a condition restricting the caller to your account or\n"
        "organization: anyone who can call Secrets Manager could read or change the secret. Also\n"
        "reported: `BlockPublicPolicy: false`, which lets such a policy be attached. The API\n"
        "reference says public policies are not blocked by default, so set it to true.\n"
        "\n"
        "Not a judgement call: a public secret policy is public.\n"
        "\n"
        "Example:\n"
        "    SecretPolicy:\n"
        "      Type: AWS::SecretsManager::ResourcePolicy\n"
        "      Properties:\n"
        "        SecretId: !Ref DatabaseSecret\n"
        "        BlockPublicPolicy: false          # SR208\n"
        "        ResourcePolicy:\n"
        "          Statement:\n"
        "            - Effect: Allow\n"
        "              Principal: '*'              # SR208\n"
        "              Action: secretsmanager:GetSecretValue\n"
        "              Resource: '*'\n"
        "Fix: name the principal, or add\n"
        "              Condition: {StringEquals: {aws:PrincipalOrgID: o-exampleorgid}}\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
        "API_PutResourcePolicy.html\n",
    .bad = sr_bad_SR208,
    .good = sr_good_SR208,
    .check = sr208_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR209 ============================================================== */

static void sr209_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    struct sr_seen seen = {{0}};
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (p->source != SR_IAM_AWS_MANAGED || !p->broad || !p->at ||
            !sr_seen_add(ctx, &seen, p->at))
            continue;
        const char *kind = sr_is_function(p->owner) ? "function" : "role";
        sr_report(ctx, p->at, "%s %s has AWS managed policy %s attached: it %s", kind, p->owner->id,
                  p->name, p->why ? p->why : "grants broad access");
    }
}

/* SR209: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR209[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  Reader:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Handler: app.handler\n"
                                   "      Runtime: python3.12\n"
                                   "      CodeUri: src/\n"
                                   "      Policies:\n"
                                   "        - SecretsManagerReadWrite\n";

static const char sr_good_SR209[] = "Transform: AWS::Serverless-2016-10-31\n"
                                    "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  Reader:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      Handler: app.handler\n"
                                    "      Runtime: python3.12\n"
                                    "      CodeUri: src/\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                    "            SecretArn: !Ref ApiKey\n";

static const struct sr_rule sr209 = {
    .id = "SR209",
    .title = "broad AWS managed policy attached to a function or role",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.5,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/"
              "SecretsManagerReadWrite.html",
    .explain =
        "AWS managed policies are written for many users at once, so the broad ones grant far\n"
        "more than one function needs: SecretsManagerReadWrite allows secretsmanager:* on every\n"
        "secret, AdministratorAccess everything, PowerUserAccess everything outside IAM,\n"
        "IAMFullAccess lets the holder grant itself anything, AmazonRDSDataFullAccess reads and\n"
        "deletes every rds-db-credentials secret, AWSSecretsManagerClientReadOnlyAccess reads "
        "every\n"
        "secret. Parameter Store is a secret store too: AmazonSSMFullAccess (ssm:*),\n"
        "AmazonSSMReadOnlyAccess and ReadOnlyAccess (ssm:Get*) and the deprecated\n"
        "AmazonEC2RoleforSSM (ssm:GetParameters, and S3 read and write, on *) read every "
        "parameter,\n"
        "and every SecureString encrypted with the AWS managed key aws/ssm, which lets every\n"
        "principal of the account decrypt. AmazonSSMManagedInstanceCore, the instance policy\n"
        "Systems Manager requires, is not reported. Reported where the policy is attached: a\n"
        "role's ManagedPolicyArns entry or a SAM function's Policies entry (by name or ARN).\n"
        "\n"
        "A judgement call where the holder's job is itself broad: a role that only CloudFormation\n"
        "assumes to deploy stacks, or an administrator's role, may be meant to hold\n"
        "PowerUserAccess or AdministratorAccess. Accept such a finding with a suppression that\n"
        "says so, or lower the rule for a repository of deployment stacks with `severity: {SR209:\n"
        "info}`; `severity: {SR209: error}` raises it. Function and instance roles are not such a\n"
        "case: give them a policy scoped to what they use.\n"
        "\n"
        "Example:\n"
        "    Policies:\n"
        "      - SecretsManagerReadWrite           # SR209\n"
        "Fix: a policy template or statement scoped to the secret:\n"
        "      - AWSSecretsManagerGetSecretValuePolicy:\n"
        "          SecretArn: !Ref ApiKeySecret\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/"
        "SecretsManagerReadWrite.html\n",
    .bad = sr_bad_SR209,
    .good = sr_good_SR209,
    .judgement = 1,
    .check = sr209_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR210 ============================================================== */

static void sr210_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *pv = &ctx->g->by_kind[SR_R_PERMISSION];
    for (size_t i = 0; i < pv->n; i++) {
        const struct sr_resource *r = pv->v[i];
        const struct sr_node *pn = sr_res_prop(r, "Principal");
        const char *principal = sr_scalar(pn);
        if (!principal || sr_deref(pn)->tag || !strstr(principal, ".amazonaws.com"))
            continue;
        if (sr_res_prop(r, "SourceAccount") || sr_res_prop(r, "SourceArn"))
            continue;
        struct sr_finding *f =
            sr_report(ctx, pn,
                      "permission %s lets service principal '%s' invoke %s on behalf of any "
                      "account; set SourceAccount (!Ref AWS::AccountId) or SourceArn",
                      r->id, principal, r->function ? r->function->id : "the function");
        f->judged.other = (struct sr_resource *)r;
    }
}

/* Reads judged.other (the permission): sets SourceAccount. */
static int sr210_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_resource *p = fix->finding->judged.other;
    if (!p || p->kind != SR_R_PERMISSION || !p->node)
        return sr_fix_refuse(fx, fix, "the finding is not on a Lambda permission");
    sr_fix_set_prop(fx, fix, p, "SourceAccount", sr_fv_ref(fx->a, "AWS::AccountId"));
    fix->what = "set SourceAccount to !Ref AWS::AccountId";
    return 0;
}

/* SR210: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR210[] = "Resources:\n"
                                   "  RotationPermission:\n"
                                   "    Type: AWS::Lambda::Permission\n"
                                   "    Properties:\n"
                                   "      FunctionName: secret-rotation\n"
                                   "      Action: lambda:InvokeFunction\n"
                                   "      Principal: secretsmanager.amazonaws.com\n";

static const char sr_good_SR210[] = "Resources:\n"
                                    "  RotationPermission:\n"
                                    "    Type: AWS::Lambda::Permission\n"
                                    "    Properties:\n"
                                    "      FunctionName: secret-rotation\n"
                                    "      Action: lambda:InvokeFunction\n"
                                    "      Principal: secretsmanager.amazonaws.com\n"
                                    "      SourceAccount: !Ref AWS::AccountId\n";

static const struct sr_rule sr210 = {
    .id = "SR210",
    .title = "Lambda permission for a service principal without SourceAccount or SourceArn",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-lambda-permission.html",
    .explain =
        "An AWS::Lambda::Permission that lets a service principal "
        "(`secretsmanager.amazonaws.com`,\n"
        "`s3.amazonaws.com`, `events.amazonaws.com`, ...) invoke a function without SourceAccount\n"
        "or SourceArn lets that service invoke it on behalf of any account: another account's\n"
        "secret, bucket or rule can trigger your function (the confused deputy problem). For\n"
        "rotation, AWS recommends SourceAccount: SourceArn would tie the function to one secret.\n"
        "Applies to every service principal.\n"
        "\n"
        "Not a judgement call: the fix (SourceAccount) changes nothing for the account's own\n"
        "service.\n"
        "\n"
        "Example:\n"
        "    RotationPermission:\n"
        "      Type: AWS::Lambda::Permission\n"
        "      Properties:\n"
        "        FunctionName: !GetAtt RotationFunction.Arn\n"
        "        Action: lambda:InvokeFunction\n"
        "        Principal: secretsmanager.amazonaws.com   # SR210\n"
        "Fix:\n"
        "        SourceAccount: !Ref AWS::AccountId\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-lambda-permission.html\n"
        "and https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR210,
    .good = sr_good_SR210,
    .check = sr210_check,
    .plan = sr210_plan,
    .fix_safety = SR_FIXSAFE_SAFE,
};

/* ==== SR211 ============================================================== */

static void sr211_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (!sr_is_identity(p))
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny || s->not_action || s->not_resource)
                continue;
            const char *passrole = NULL;
            for (size_t k = 0; k < s->nactions && !passrole; k++) {
                const struct sr_iam_value *a = &s->actions[k];
                /* "*" alone is SR201's; an iam pattern matching PassRole is ours. */
                if (sr_known_text(a) && strspn(a->text, "*") != strlen(a->text) &&
                    sr_iam_action_match(a->text, "iam:PassRole"))
                    passrole = a->text;
            }
            if (!passrole)
                continue;
            /* A wider pattern (iam:*, iam:Pass*) is named as written. */
            const char *what =
                !strcasecmp(passrole, "iam:PassRole")
                    ? "iam:PassRole"
                    : sr_arena_printf(ctx->arena, "'%s' (iam:PassRole among others)", passrole);
            int limited = 0;
            for (size_t c = 0; c < s->nconds; c++)
                limited |= !strcasecmp(s->conds[c].key, "iam:PassedToService");
            if (limited)
                continue;
            for (size_t k = 0; k < s->nresources; k++) {
                const struct sr_iam_value *v = &s->resources[k];
                if (!sr_iam_value_is_all(v, "iam", "role/*"))
                    continue;
                sr_report(ctx, v->node,
                          "%s allows %s on every role ('%s'): the holder can hand any role, with "
                          "all its access to secrets, to a service it controls",
                          sr_policy_label(ctx, p), what, sr_show(ctx, v));
            }
        }
    }
}

/* SR211: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR211[] = "Resources:\n"
                                   "  WorkerRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "  DeployRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: codebuild.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: deploy\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action: iam:PassRole\n"
                                   "                Resource: '*'\n";

static const char sr_good_SR211[] = "Resources:\n"
                                    "  WorkerRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: lambda.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "  DeployRole:\n"
                                    "    Type: AWS::IAM::Role\n"
                                    "    Properties:\n"
                                    "      AssumeRolePolicyDocument:\n"
                                    "        Statement:\n"
                                    "          - Effect: Allow\n"
                                    "            Principal: {Service: codebuild.amazonaws.com}\n"
                                    "            Action: sts:AssumeRole\n"
                                    "      Policies:\n"
                                    "        - PolicyName: deploy\n"
                                    "          PolicyDocument:\n"
                                    "            Statement:\n"
                                    "              - Effect: Allow\n"
                                    "                Action: iam:PassRole\n"
                                    "                Resource: !GetAtt WorkerRole.Arn\n";

static const struct sr_rule sr211 = {
    .id = "SR211",
    .title = "iam:PassRole on *",
    .severity = SR_SEV_ERROR,
    .security_severity = 8.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    .explain =
        "iam:PassRole lets the holder give a role to a service (a Lambda function, an EC2\n"
        "instance, a CloudFormation stack). On `Resource: \"*\"` (or every role ARN) the holder "
        "can\n"
        "pass any role of the account, including admin roles and roles that read secrets, to\n"
        "something it controls and use that role's permissions: privilege escalation. Name the\n"
        "role ARNs it passes. A statement with an iam:PassedToService condition is not reported.\n"
        "An Action of `*` alone is reported by SR201.\n"
        "\n"
        "Not a judgement call: name the roles, or add an iam:PassedToService condition.\n"
        "\n"
        "Example:\n"
        "    - Effect: Allow\n"
        "      Action: iam:PassRole\n"
        "      Resource: '*'                       # SR211\n"
        "Fix:\n"
        "      Resource: !GetAtt RotationRole.Arn\n"
        "\n"
        "See https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html\n",
    .bad = sr_bad_SR211,
    .good = sr_good_SR211,
    .check = sr211_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR212 ============================================================== */

static void sr212_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *fv = &ctx->g->by_kind[SR_R_SAM_FUNCTION];
    for (size_t i = 0; i < fv->n; i++) {
        const struct sr_resource *fn = fv->v[i];
        const struct sr_node *key = NULL;
        if (!sr_res_prop(fn, "Role") || !sr_map_get_kv(fn->props, "Policies", &key) || !key)
            continue;
        sr_report(ctx, key,
                  "function %s sets both Role and Policies: SAM uses the given Role and "
                  "silently ignores Policies; put these permissions on the role",
                  fn->id);
    }
}

/* SR212: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR212[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  Reader:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Handler: app.handler\n"
                                   "      Runtime: python3.12\n"
                                   "      CodeUri: src/\n"
                                   "      Role: !GetAtt ReaderRole.Arn\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                   "            SecretArn: !Ref ApiKey\n"
                                   "  ReaderRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n";

static const char sr_good_SR212[] = "Transform: AWS::Serverless-2016-10-31\n"
                                    "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  Reader:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      Handler: app.handler\n"
                                    "      Runtime: python3.12\n"
                                    "      CodeUri: src/\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                    "            SecretArn: !Ref ApiKey\n";

static const struct sr_rule sr212 = {
    .id = "SR212",
    .title = "SAM function sets both Role and Policies",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
              "sam-resource-function.html",
    .explain =
        "An AWS::Serverless::Function with `Role` uses that role as it is: SAM only builds the\n"
        "implicit <Function>Role, which is where `Policies` go, when Role is absent. The\n"
        "permissions listed under Policies are silently dropped and the function fails with\n"
        "AccessDenied at run time (or has more access than the Policies suggest). Either remove\n"
        "Role and let SAM build the role from Policies, or move the permissions to the role.\n"
        "\n"
        "Not a judgement call: Policies is dropped.\n"
        "\n"
        "Example:\n"
        "    Function:\n"
        "      Type: AWS::Serverless::Function\n"
        "      Properties:\n"
        "        Role: !GetAtt FunctionRole.Arn\n"
        "        Policies:                         # SR212\n"
        "          - AWSSecretsManagerGetSecretValuePolicy: {SecretArn: !Ref ApiKey}\n"
        "\n"
        "See https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "sam-resource-function.html\n",
    .bad = sr_bad_SR212,
    .good = sr_good_SR212,
    .check = sr212_check,
};

/* ==== SR213 ============================================================== */

static struct sr_resource *sr_function_named(const struct sr_graph *g, const char *name)
{
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *r = g->res[i];
        const char *n = sr_iam_function_name(r);
        if (sr_is_function(r) && n && !strcmp(n, name))
            return r;
    }
    return NULL;
}

/* Reports at v and records the function whose policy it is (judged.other). */
static void sr213_mark(struct sr_ctx *ctx, const struct sr_resource *fn, const struct sr_node *v,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void sr213_mark(struct sr_ctx *ctx, const struct sr_resource *fn, const struct sr_node *v,
                       const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct sr_finding *f = sr_report(ctx, v, "%s", msg);
    f->judged.other = (struct sr_resource *)fn;
}

/* How to name target in the policy of g_fn: !Ref of another function is its
 * name; !Ref of g_fn itself inside its own Policies is a circular
 * dependency (the role SAM builds for g_fn would need g_fn, and g_fn needs
 * the role), so g_fn needs a FunctionName written in both places. */
static const char *sr213_hint(struct sr_ctx *ctx, const struct sr_resource *g_fn,
                              const struct sr_resource *target)
{
    if (target != g_fn)
        return sr_arena_printf(ctx->arena, "use !Ref %s", target->id);
    return sr_arena_printf(ctx->arena,
                           "give %s a FunctionName and write that name here (!Ref %s in its "
                           "own Policies is a circular dependency)",
                           g_fn->id, g_fn->id);
}

static void sr213_one(struct sr_ctx *ctx, const struct sr_resource *g_fn, const struct sr_node *v)
{
    int rotates = g_fn->rotating_schedules.n > 0;
    const char *own = sr_iam_function_name(g_fn);
    struct sr_intrinsic in;
    if (sr_intrinsic_get(sr_deref(v), &in)) {
        struct sr_val val;
        sr_graph_value(ctx->g, v, &val);
        if (val.kind != SR_VAL_RESOURCE || !sr_is_function(val.res))
            return;
        if (val.attr) {
            sr213_mark(ctx, g_fn, v,
                       "AWSSecretsManagerRotationPolicy of %s takes a function name, not "
                       "!GetAtt %s.%s: the condition compares a function ARN with "
                       "'function:<that ARN>' and never matches; %s",
                       g_fn->id, val.res->id, val.attr, sr213_hint(ctx, g_fn, val.res));
        } else if (val.res == g_fn) {
            sr213_mark(ctx, g_fn, v,
                       "AWSSecretsManagerRotationPolicy of %s names the function with a reference "
                       "to itself: the role SAM builds for %s then needs the function and the "
                       "function needs the role, a circular dependency, and the stack does not "
                       "deploy; give %s a FunctionName and write that name here",
                       g_fn->id, g_fn->id, g_fn->id);
        } else if (rotates) {
            sr213_mark(ctx, g_fn, v,
                       "AWSSecretsManagerRotationPolicy of rotation function %s names function "
                       "%s: the secrets %s rotates do not allow it, so rotation fails with "
                       "access denied; %s",
                       g_fn->id, val.res->id, g_fn->id, sr213_hint(ctx, g_fn, g_fn));
        }
        return;
    }
    const char *name = sr_scalar(v);
    if (!name)
        return;
    struct sr_resource *named = sr_function_named(ctx->g, name);
    if (named) {
        if (rotates && named != g_fn)
            sr213_mark(ctx, g_fn, v,
                       "AWSSecretsManagerRotationPolicy of rotation function %s names '%s', the "
                       "function %s: the secrets %s rotates do not allow it, so rotation fails "
                       "with access denied; %s",
                       g_fn->id, name, named->id, g_fn->id, sr213_hint(ctx, g_fn, g_fn));
        return;
    }
    struct sr_resource *byid = sr_graph_find(ctx->g, name);
    if (sr_is_function(byid) && !sr_res_prop(byid, "FunctionName")) {
        sr213_mark(ctx, g_fn, v,
                   "AWSSecretsManagerRotationPolicy names '%s', the logical id of a function "
                   "without FunctionName: CloudFormation names it '<stack>-%s-<suffix>', so the "
                   "AllowRotationLambdaArn condition never matches and rotation fails with "
                   "access denied; %s",
                   name, name, sr213_hint(ctx, g_fn, byid));
        return;
    }
    if (!rotates)
        return; /* a function outside the template */
    if (own)
        sr213_mark(ctx, g_fn, v,
                   "AWSSecretsManagerRotationPolicy of rotation function %s names '%s', but the "
                   "function is named '%s': the condition never matches and rotation fails "
                   "with access denied",
                   g_fn->id, name, own);
    else if (!sr_res_prop(g_fn, "FunctionName"))
        sr213_mark(ctx, g_fn, v,
                   "AWSSecretsManagerRotationPolicy of rotation function %s names '%s', but %s "
                   "has no FunctionName and gets a generated name: the condition never matches; "
                   "%s",
                   g_fn->id, name, g_fn->id, sr213_hint(ctx, g_fn, g_fn));
}

static void sr213_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (p->source != SR_IAM_SAM_TEMPLATE || !p->name ||
            strcmp(p->name, "AWSSecretsManagerRotationPolicy") != 0 || !p->at || !p->at->parent)
            continue;
        /* p->at is the template's key; its value holds the parameters. */
        const struct sr_node *params = sr_map_get(p->at->parent, "AWSSecretsManagerRotationPolicy");
        const struct sr_node *v = sr_map_get(params, "FunctionName");
        if (v)
            sr213_one(ctx, p->owner, v);
    }
}

/*
 * Reads judged.other (the function whose AWSSecretsManagerRotationPolicy
 * the finding is on): names the function (FunctionName) when it has no
 * literal name, and puts that name in the policy.
 */
static int sr213_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_resource *fn = fix->finding->judged.other;
    const struct sr_node *v = fix->finding->node;
    if (!sr_is_function(fn) || !fn->node || !v)
        return sr_fix_refuse(fx, fix, "the policy is not in a function of the template");
    struct sr_arena *a = fx->a;
    const struct sr_node *own = sr_res_prop(fn, "FunctionName");
    if (own && !sr_is_literal(own))
        return sr_fix_refuse(fx, fix,
                             "the function's name is computed: name it in the policy "
                             "by hand");
    const char *name = own ? sr_scalar(own) : NULL;
    if (!name) {
        /* The name the policy already uses, unless another function has it. */
        name = sr_is_literal(v) ? sr_scalar(v) : fn->id;
        for (size_t i = 0; i < fx->g->nres; i++) {
            const struct sr_resource *o = fx->g->res[i];
            const char *on = sr_iam_function_name(o);
            if (o != fn && sr_is_function(o) && on && !strcmp(on, name))
                name = fn->id;
        }
        sr_fix_set_prop(fx, fix, fn, "FunctionName", sr_fv_str(a, name));
        sr_fix_unsafe(fix, fx,
                      "it names function %s '%s': a new FunctionName replaces the deployed "
                      "function and changes the name its callers use",
                      fn->id, name);
    }
    if (!sr_is_literal(v) || strcmp(sr_scalar(v), name) != 0)
        sr_fix_replace(fx, fix, v, sr_fv_str(a, name));
    fix->what = own ? sr_arena_printf(a, "named the function '%s' in the policy", name)
                    : sr_arena_printf(a,
                                      "named function %s '%s' (FunctionName) and used that name "
                                      "in the policy (function names must be unique in the "
                                      "account and region)",
                                      fn->id, name);
    return 0;
}

/* SR213: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR213[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  DatabaseSecret:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "  RotationFunction:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Handler: app.handler\n"
                                   "      Runtime: python3.12\n"
                                   "      CodeUri: rotation/\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerRotationPolicy:\n"
                                   "            FunctionName: RotationFunction\n"
                                   "  RotationPermission:\n"
                                   "    Type: AWS::Lambda::Permission\n"
                                   "    Properties:\n"
                                   "      FunctionName: !GetAtt RotationFunction.Arn\n"
                                   "      Action: lambda:InvokeFunction\n"
                                   "      Principal: secretsmanager.amazonaws.com\n"
                                   "      SourceAccount: !Ref AWS::AccountId\n"
                                   "  Schedule:\n"
                                   "    Type: AWS::SecretsManager::RotationSchedule\n"
                                   "    Properties:\n"
                                   "      SecretId: !Ref DatabaseSecret\n"
                                   "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                   "      RotationRules:\n"
                                   "        AutomaticallyAfterDays: 30\n";

static const char sr_good_SR213[] = "Transform: AWS::Serverless-2016-10-31\n"
                                    "Resources:\n"
                                    "  DatabaseSecret:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "  RotationFunction:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      FunctionName: database-secret-rotation\n"
                                    "      Handler: app.handler\n"
                                    "      Runtime: python3.12\n"
                                    "      CodeUri: rotation/\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerRotationPolicy:\n"
                                    "            FunctionName: database-secret-rotation\n"
                                    "  RotationPermission:\n"
                                    "    Type: AWS::Lambda::Permission\n"
                                    "    Properties:\n"
                                    "      FunctionName: !GetAtt RotationFunction.Arn\n"
                                    "      Action: lambda:InvokeFunction\n"
                                    "      Principal: secretsmanager.amazonaws.com\n"
                                    "      SourceAccount: !Ref AWS::AccountId\n"
                                    "  Schedule:\n"
                                    "    Type: AWS::SecretsManager::RotationSchedule\n"
                                    "    Properties:\n"
                                    "      SecretId: !Ref DatabaseSecret\n"
                                    "      RotationLambdaARN: !GetAtt RotationFunction.Arn\n"
                                    "      RotationRules:\n"
                                    "        AutomaticallyAfterDays: 30\n";

static const struct sr_rule sr213 = {
    .id = "SR213",
    .title = "AWSSecretsManagerRotationPolicy names the wrong FunctionName",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
              "serverless-policy-template-list.html",
    .explain =
        "SAM's AWSSecretsManagerRotationPolicy grants the rotation actions on every secret whose\n"
        "`secretsmanager:resource/AllowRotationLambdaArn` equals\n"
        "`arn:...:lambda:<region>:<account>:function:<FunctionName>`. That is the ARN of the\n"
        "function Secrets Manager invokes, so FunctionName must be the function's real name. A\n"
        "logical id is not a name: a function without a FunctionName property is named\n"
        "`<stack>-<LogicalId>-<suffix>` by CloudFormation, so the condition never matches and "
        "every\n"
        "rotation fails with AccessDenied, while the template looks correct. Also reported: a\n"
        "literal that differs from the rotation function's FunctionName, `!Ref` of another\n"
        "function, `!GetAtt F.Arn` (an ARN where a name is expected), and `!Ref` of the function\n"
        "itself: inside its own Policies that is a circular dependency (the role SAM builds for\n"
        "the function needs the function, the function needs the role) and the stack does not\n"
        "deploy. Not a judgement call.\n"
        "\n"
        "Example:\n"
        "    RotationFunction:\n"
        "      Type: AWS::Serverless::Function\n"
        "      Properties:\n"
        "        Policies:\n"
        "          - AWSSecretsManagerRotationPolicy:\n"
        "              FunctionName: RotationFunction       # SR213: a logical id\n"
        "Fix: give the function a name and write the same name in the policy (the fixer does\n"
        "this):\n"
        "    RotationFunction:\n"
        "      Type: AWS::Serverless::Function\n"
        "      Properties:\n"
        "        FunctionName: database-secret-rotation\n"
        "        Policies:\n"
        "          - AWSSecretsManagerRotationPolicy:\n"
        "              FunctionName: database-secret-rotation\n"
        "A policy on another role may use `!Ref RotationFunction` (Ref of a function is its\n"
        "name).\n"
        "\n"
        "See https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/"
        "serverless-policy-template-list.html\n"
        "and https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = sr_bad_SR213,
    .good = sr_good_SR213,
    .check = sr213_check,
    .models = SR_MODEL_IAM,
    .plan = sr213_plan,
    .fix_safety = SR_FIXSAFE_BOTH,
};

/* ==== SR214 ============================================================== */

static const char sr_explain_SR214[] =
    "A principal that may call ssm:GetParameter, GetParameters, GetParametersByPath or\n"
    "GetParameterHistory on every parameter (`Resource: \"*\"` or `...:parameter/*`) and\n"
    "kms:Decrypt on every key can read the value of every SecureString parameter of the\n"
    "account and region, whatever key encrypts it: database passwords, API tokens, keys that\n"
    "other applications keep in Parameter Store. It is the Parameter Store form of SR202.\n"
    "\n"
    "Checked for each role of the template (its inline policies, AWS::IAM::Policy and\n"
    "ManagedPolicy attached to it, SAM Policies and policy templates such as\n"
    "SSMParameterReadPolicy with `ParameterName: \"*\"`, and the AWS managed policies the\n"
    "model knows), and for each policy written for a user, a group or a role outside the\n"
    "template. The two grants may come from different statements and policies; the finding\n"
    "points at the Resource of the grant written in the template. A statement with a\n"
    "condition is not counted (a condition such as kms:EncryptionContext or a resource tag\n"
    "narrows it), except kms:ViaService and kms:CallerAccount, which do not narrow what\n"
    "Parameter Store can decrypt. An Action of `*` alone is SR201's; when both grants come\n"
    "from AWS managed policies, SR209 reports the broad ones (AmazonSSMFullAccess,\n"
    "AmazonSSMReadOnlyAccess, ReadOnlyAccess, ...).\n"
    "\n"
    "Not a judgement call. Without kms:Decrypt on every key the read is still broad: the AWS\n"
    "managed key aws/ssm lets every principal of the account decrypt, so SecureStrings under\n"
    "it are readable with the ssm actions alone (AWS: encrypt sensitive parameters with a\n"
    "customer managed key to control who reads them). That case is not reported, because\n"
    "reading plain configuration parameters on `*` is common and the key that protects the\n"
    "secrets is outside the template.\n"
    "\n"
    "There is no automatic fix: which parameters the code reads is not in the template.\n"
    "Scope the read to the paths the function uses and kms:Decrypt to the keys that encrypt\n"
    "them.\n"
    "\n"
    "Example:\n"
    "    - Effect: Allow\n"
    "      Action: ssm:GetParameter*\n"
    "      Resource: '*'                       # SR214\n"
    "    - Effect: Allow\n"
    "      Action: kms:Decrypt\n"
    "      Resource: '*'\n"
    "Fix:\n"
    "      Resource: !Sub "
    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/myapp/*\n"
    "\n"
    "See https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-restrict-decryption.html\n"
    "and "
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
    "ps-retrieval-authorization.html\n";

/* The action value of s (a pattern of its own, not `*` alone: that is
 * SR201's) matching one of the n actions, or NULL. */
static const struct sr_iam_value *sr_stmt_names(const struct sr_iam_stmt *s,
                                                const char *const *actions, size_t n)
{
    for (size_t k = 0; k < s->nactions; k++) {
        const struct sr_iam_value *a = &s->actions[k];
        if (!sr_known_text(a) || strspn(a->text, "*") == strlen(a->text))
            continue;
        for (size_t i = 0; i < n; i++)
            if (sr_iam_action_match(a->text, actions[i]))
                return a;
    }
    return NULL;
}

/* 1 when no condition of s narrows what it applies to; for kms:Decrypt,
 * kms:ViaService and kms:CallerAccount do not (Parameter Store decrypts
 * every SecureString through the key). */
static int sr_unconditioned(const struct sr_iam_stmt *s, int kms)
{
    for (size_t i = 0; i < s->nconds; i++) {
        const char *k = s->conds[i].key;
        if (kms && (!strcasecmp(k, "kms:ViaService") || !strcasecmp(k, "kms:CallerAccount")))
            continue;
        return 0;
    }
    return 1;
}

/* The Resource value of s that covers every resource of the type, when s
 * allows one of the actions on all of them unconditionally, else NULL;
 * *act receives the action value. */
static const struct sr_iam_value *sr_on_every(const struct sr_iam_stmt *s,
                                              const char *const *actions, size_t n,
                                              const char *service, const char *type, int kms,
                                              const struct sr_iam_value **act)
{
    if (s->deny || s->not_action || s->not_resource || !sr_unconditioned(s, kms))
        return NULL;
    if (!(*act = sr_stmt_names(s, actions, n)))
        return NULL;
    for (size_t k = 0; k < s->nresources; k++)
        if (sr_iam_value_is_all(&s->resources[k], service, type))
            return &s->resources[k];
    return NULL;
}

/* One grant found for SR214: the statement's policy, action and resource. */
struct sr214_grant {
    const struct sr_iam_policy *p;
    const struct sr_iam_value *act, *res;
};

/* The first grant among policies v[0..n) of the read on every parameter
 * (kms 0) or of kms:Decrypt on every key (kms 1); a grant written in the
 * template is preferred over one of an AWS managed policy. */
static int sr214_find(const struct sr_iam_policy *const *v, size_t n, int kms,
                      struct sr214_grant *out)
{
    static const char *const decrypt[] = {"kms:Decrypt"};
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        const struct sr_iam_policy *p = v[i];
        if (!sr_is_identity(p) && p->source != SR_IAM_AWS_MANAGED)
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            const struct sr_iam_value *act = NULL;
            const struct sr_iam_value *res =
                kms ? sr_on_every(s, decrypt, 1, "kms", "key/*", 1, &act)
                    : sr_on_every(s, sr_ssm_reads, 4, "ssm", "parameter/*", 0, &act);
            if (!res || (found && !sr_is_identity(p)))
                continue;
            if (!found || (!sr_is_identity(out->p) && sr_is_identity(p))) {
                out->p = p;
                out->act = act;
                out->res = res;
                found = 1;
            }
        }
    }
    return found;
}

/* A grant's Resource as written; for an AWS managed policy, its text. */
static const char *sr214_show(struct sr_ctx *ctx, const struct sr214_grant *g)
{
    if (sr_is_identity(g->p))
        return sr_show(ctx, g->res);
    struct sr_iam_value v = *g->res;
    v.node = NULL;
    return sr_show(ctx, &v);
}

/* Reports a holder (role, or a policy no role of the template holds) that
 * can read every parameter and decrypt with every key. who begins the
 * message ("role R can read"). */
static void sr214_holder(struct sr_ctx *ctx, struct sr_seen *seen, const char *who,
                         const struct sr_iam_policy *const *v, size_t n)
{
    struct sr214_grant ssm, kms;
    if (!sr214_find(v, n, 0, &ssm) || !sr214_find(v, n, 1, &kms))
        return;
    /* Both grants from AWS managed policies: SR209's (broad ones) or AWS's own design. */
    const struct sr214_grant *at = sr_is_identity(ssm.p)   ? &ssm
                                   : sr_is_identity(kms.p) ? &kms
                                                           : NULL;
    if (!at || !sr_seen_add(ctx, seen, at->res->node))
        return;
    struct sr_finding *f = sr_report(
        ctx, at->res->node,
        "%s every SecureString parameter: %s allows %s on every parameter ('%s') and %s allows "
        "%s on every key ('%s'); %s",
        who, sr_policy_label(ctx, ssm.p), ssm.act->text, sr214_show(ctx, &ssm),
        kms.p == ssm.p ? "it" : sr_policy_label(ctx, kms.p), kms.act->text, sr214_show(ctx, &kms),
        at == &ssm ? "scope the parameters to the paths it reads (parameter/<path>/*)"
                   : "scope kms:Decrypt to the keys that encrypt the parameters it reads");
    f->judged.value = at->res->node;
}

static void sr214_check(struct sr_ctx *ctx)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    struct sr_seen seen = {{0}};
    for (size_t r = 0; r < m->roles.n; r++) {
        const struct sr_iam_role *e = m->roles.v[r];
        const char *who =
            e->role->implicit && e->role->owner
                ? sr_arena_printf(ctx->arena, "function %s (the role SAM builds for it) can read",
                                  e->role->owner->id)
                : sr_arena_printf(ctx->arena, "role %s can read", e->role->id);
        sr214_holder(ctx, &seen, who, (const struct sr_iam_policy *const *)e->policies.v,
                     e->policies.n);
    }
    /* Policies of users, groups and roles outside the template: each alone. */
    struct sr_ptrset held = {0};
    for (size_t r = 0; r < m->roles.n; r++) {
        const struct sr_iam_role *e = m->roles.v[r];
        for (size_t k = 0; k < e->policies.n; k++)
            sr_ptrset_add(ctx->arena, &held, e->policies.v[k]);
    }
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (!sr_ptrset_has(&held, p) && sr_is_identity(p))
            sr214_holder(ctx, &seen,
                         sr_arena_printf(ctx->arena, "%s lets whoever holds it read",
                                         sr_policy_label(ctx, p)),
                         &p, 1);
    }
}

/* SR214: a template the rule reports, and the same template fixed. */
static const char sr_bad_SR214[] = "Resources:\n"
                                   "  ConfigRole:\n"
                                   "    Type: AWS::IAM::Role\n"
                                   "    Properties:\n"
                                   "      AssumeRolePolicyDocument:\n"
                                   "        Statement:\n"
                                   "          - Effect: Allow\n"
                                   "            Principal: {Service: lambda.amazonaws.com}\n"
                                   "            Action: sts:AssumeRole\n"
                                   "      Policies:\n"
                                   "        - PolicyName: config\n"
                                   "          PolicyDocument:\n"
                                   "            Statement:\n"
                                   "              - Effect: Allow\n"
                                   "                Action: ssm:GetParameter*\n"
                                   "                Resource: '*'\n"
                                   "              - Effect: Allow\n"
                                   "                Action: kms:Decrypt\n"
                                   "                Resource: \"*\"\n";

static const char sr_good_SR214[] =
    "Resources:\n"
    "  ConfigRole:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {Service: lambda.amazonaws.com}\n"
    "            Action: sts:AssumeRole\n"
    "      Policies:\n"
    "        - PolicyName: config\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: ssm:GetParameter*\n"
    "                Resource: !Sub "
    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/myapp/*\n"
    "              - Effect: Allow\n"
    "                Action: kms:Decrypt\n"
    "                Resource: \"*\"\n";

static const struct sr_rule sr214 = {
    .id = "SR214",
    .title = "every SecureString parameter readable: ssm:GetParameter* and kms:Decrypt on *",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/systems-manager/latest/userguide/"
              "ps-restrict-decryption.html",
    .explain = sr_explain_SR214,
    .bad = sr_bad_SR214,
    .good = sr_good_SR214,
    .check = sr214_check,
    .models = SR_MODEL_IAM,
};

const struct sr_rule *const sr_rules_privilege[] = {
    &sr201, &sr202, &sr203, &sr204, &sr205, &sr206, &sr207, &sr208,
    &sr209, &sr210, &sr211, &sr212, &sr213, &sr214, NULL,
};
