/*
 * consumer.c - the consumers of a secret and the roles they read it with.
 *
 * A consumer is given a secret of the template by its ARN or name: a Lambda
 * or SAM function in its environment, an ECS container in Secrets (read by
 * the task's execution role) or Environment (read by its code, with the
 * task role), an RDS proxy in Auth (with its RoleArn), a CodeBuild project
 * in a SECRETS_MANAGER variable (its service role), an App Runner service
 * in RuntimeEnvironmentSecrets (its instance role). SR215 reports a role the
 * IAM model proves cannot read what it is given (GetSecretValue on the
 * secret, kms:Decrypt on its customer managed key); SR216 the reverse, a
 * role of one consumer that reads a secret the consumer is never given.
 * Only roles of the template whose policies are all known are judged.
 */
#include "registry.h"

#include <string.h>

#include "dynref.h"
#include "iam.h"
#include "secret.h"
#include "secretref.h"
#include "value.h"

#define SR_GET_SECRET "secretsmanager:GetSecretValue"

/* ==== consumers ========================================================== */

/* Who reads a secret a consumer is given. */
enum sr_reader {
    SR_READER_CODE = 1, /* the consumer's own code (a function, a container) */
    SR_READER_SERVICE   /* the service on its behalf (ECS agent, RDS Proxy, CodeBuild, ...) */
};

/* One secret given to one consumer. */
struct sr_use {
    struct sr_resource *res;    /* the consumer */
    struct sr_resource *role;   /* the role that reads it (a template role), or NULL */
    const char *role_what;      /* "role", "execution role", "task role", ... */
    struct sr_resource *secret; /* the template secret */
    const struct sr_node *at;   /* the value naming it */
    const char *where;          /* "environment variable X", "container secret X", ... */
    const char *fails;          /* what goes wrong without access */
    enum sr_reader reader;
};

typedef void (*sr_use_fn)(struct sr_ctx *ctx, const struct sr_use *u, void *arg);

struct sr_walk {
    struct sr_ctx *ctx;
    struct sr_use base;
    const char *name_key; /* key of the sibling that names the variable ("Name"), or NULL */
    const char *label;    /* "environment variable", ... */
    const char *type_eq;  /* CodeBuild: the item's Type must be this */
    sr_use_fn fn;
    void *arg;
};

/* The template role a role property (Ref of a role, GetAtt Arn) names, or NULL. */
static struct sr_resource *sr_role_of_prop(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_val val;
    if (!v || sr_graph_value(g, v, &val) != SR_VAL_RESOURCE || !val.whole || !val.res)
        return NULL;
    return val.res->kind == SR_R_ROLE ? val.res : NULL;
}

/* The template secret whose Name is exactly the parameter param (passing the
 * parameter passes the secret's name), or NULL. */
static struct sr_resource *sr_secret_named_by(const struct sr_graph *g, const char *param)
{
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; param && i < sv->n; i++) {
        struct sr_resource *s = sv->v[i];
        struct sr_val val;
        const struct sr_node *name = sr_res_prop(s, "Name");
        if (!name)
            continue;
        enum sr_val_kind k = sr_graph_value(g, name, &val);
        if (k == SR_VAL_PARAMETER && val.whole && val.name && !strcmp(val.name, param))
            return s;
        /* A literal Name that the parameter's Default repeats. */
        const struct sr_node *pdef = sr_map_get(sr_graph_parameter(g, param), "Default");
        if (k == SR_VAL_LITERAL && val.str && sr_scalar(pdef) && !strcmp(sr_scalar(pdef), val.str))
            return s;
    }
    return NULL;
}

/* The template secret v names: its ARN or name in any form the secret
 * references know, or the parameter that is its Name; NULL otherwise. */
static struct sr_resource *sr_named_secret(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_secret_ref ref;
    if (sr_secret_ref_node(g, v, &ref) && ref.secret && !ref.literal)
        return ref.secret;
    struct sr_val val;
    if (sr_graph_value(g, v, &val) == SR_VAL_PARAMETER && val.whole)
        return sr_secret_named_by(g, val.name);
    return NULL;
}

/* 1 when v holds a dynamic reference (the value, not the name, is passed). */
static int sr_has_dynref(struct sr_arena *a, const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_flat f;
    memset(&f, 0, sizeof(f));
    sr_flatten(a, g, v, &f);
    return f.s && sr_dynref_present(f.s, f.len);
}

static void sr_walk_value(void *arg, const struct sr_node *v, const char *path,
                          const struct sr_node *key)
{
    (void)path;
    struct sr_walk *w = arg;
    struct sr_ctx *ctx = w->ctx;
    const char *name = NULL;
    if (w->name_key || w->type_eq) {
        /* Items of a list: {Name: X, Value: Y} */
        const struct sr_node *item = v ? v->parent : NULL;
        if (!sr_is_map(item))
            return;
        if (w->type_eq && !sr_scalar_eq(sr_map_get(item, "Type"), w->type_eq))
            return;
        name = sr_scalar(sr_map_get(item, w->name_key ? w->name_key : "Name"));
    } else if (key) {
        name = sr_scalar(key);
    }
    if (!sr_is_scalar(v) && !sr_is_map(v))
        return;
    struct sr_resource *secret = sr_named_secret(ctx->g, v);
    if (!secret || sr_has_dynref(ctx->scratch, ctx->g, v))
        return;
    struct sr_use u = w->base;
    u.secret = secret;
    u.at = v;
    /* What a use holds is read while the rule runs (messages copy it). */
    u.where = name ? sr_arena_printf(ctx->scratch, "%s %s", w->label, name) : w->label;
    w->fn(ctx, &u, w->arg);
}

static void sr_walk_uses(struct sr_walk *w, const struct sr_node *props, const char *pattern)
{
    if (props)
        sr_walk_path(w->ctx->scratch, props, pattern, sr_walk_value, w);
}

/* Calls fn for every secret of the template given to a consumer by name or ARN. */
static void sr_each_use(struct sr_ctx *ctx, sr_use_fn fn, void *arg)
{
    const struct sr_graph *g = ctx->g;
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *r = g->res[i];
        if (!r->props || !r->type)
            continue;
        struct sr_walk w;
        memset(&w, 0, sizeof(w));
        w.ctx = ctx;
        w.fn = fn;
        w.arg = arg;
        w.base.res = r;
        if (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION) {
            w.base.role = r->role;
            w.base.role_what = "role";
            w.base.reader = SR_READER_CODE;
            w.base.fails = "reading it fails at run time with AccessDenied";
            w.label = "environment variable";
            sr_walk_uses(&w, r->props, "Environment/Variables/*");
        } else if (!strcmp(r->type, "AWS::ECS::TaskDefinition")) {
            w.base.role = sr_role_of_prop(g, sr_res_prop(r, "ExecutionRoleArn"));
            w.base.role_what = "execution role";
            w.base.reader = SR_READER_SERVICE;
            w.base.fails = "ECS cannot inject it and the task fails to start";
            w.label = "container secret";
            w.name_key = "Name";
            sr_walk_uses(&w, r->props, "ContainerDefinitions/[]/Secrets/[]/ValueFrom");
            w.label = "RepositoryCredentials";
            w.name_key = NULL;
            sr_walk_uses(&w, r->props,
                         "ContainerDefinitions/[]/RepositoryCredentials/CredentialsParameter");
            w.base.role = sr_role_of_prop(g, sr_res_prop(r, "TaskRoleArn"));
            w.base.role_what = "task role";
            w.base.reader = SR_READER_CODE;
            w.base.fails = "the container's code cannot read it (AccessDenied)";
            w.label = "container environment variable";
            w.name_key = "Name";
            sr_walk_uses(&w, r->props, "ContainerDefinitions/[]/Environment/[]/Value");
        } else if (!strcmp(r->type, "AWS::RDS::DBProxy")) {
            w.base.role = sr_role_of_prop(g, sr_res_prop(r, "RoleArn"));
            w.base.role_what = "role";
            w.base.reader = SR_READER_SERVICE;
            w.base.fails = "the proxy cannot log in to the database and connections fail";
            w.label = "Auth";
            sr_walk_uses(&w, r->props, "Auth/[]/SecretArn");
        } else if (!strcmp(r->type, "AWS::CodeBuild::Project")) {
            w.base.role = sr_role_of_prop(g, sr_res_prop(r, "ServiceRole"));
            w.base.role_what = "service role";
            w.base.reader = SR_READER_SERVICE;
            w.base.fails = "every build fails before its first phase";
            w.label = "SECRETS_MANAGER variable";
            w.name_key = "Name";
            w.type_eq = "SECRETS_MANAGER";
            sr_walk_uses(&w, r->props, "Environment/EnvironmentVariables/[]/Value");
        } else if (!strcmp(r->type, "AWS::AppRunner::Service")) {
            w.base.role = sr_role_of_prop(g, sr_path(r->props, "InstanceConfiguration/"
                                                               "InstanceRoleArn"));
            w.base.role_what = "instance role";
            w.base.reader = SR_READER_SERVICE;
            w.base.fails = "App Runner cannot inject it and the deployment fails";
            w.label = "runtime secret";
            w.name_key = "Name";
            sr_walk_uses(&w, r->props,
                         "SourceConfiguration/ImageRepository/ImageConfiguration/"
                         "RuntimeEnvironmentSecrets/[]/Value");
            sr_walk_uses(&w, r->props,
                         "SourceConfiguration/CodeRepository/CodeConfiguration/"
                         "CodeConfigurationValues/RuntimeEnvironmentSecrets/[]/Value");
        }
    }
}

/* 1 when fn rotates secret (the rotation rules judge its access). */
static int sr_rotates(const struct sr_resource *fn, const struct sr_resource *secret)
{
    for (size_t i = 0; i < fn->rotating_schedules.n; i++) {
        const struct sr_resource *s = fn->rotating_schedules.v[i];
        if (s->secret == secret)
            return 1;
    }
    return 0;
}

/* "role R" / "role R (made by SAM)". */
static const char *sr_role_text(struct sr_arena *a, const struct sr_use *u)
{
    if (u->role->implicit)
        return sr_arena_printf(a, "%s %s (made by SAM)", u->role_what, u->role->id);
    return sr_arena_printf(a, "%s %s", u->role_what, u->role->id);
}

/* ==== SR215 ============================================================== */

/* Secret actions other than reading: a consumer whose code may do one of
 * them with the secret uses it some other way (it writes or describes it). */
static const char *const sr_other_uses[] = {
    "secretsmanager:PutSecretValue",   "secretsmanager:UpdateSecret",
    "secretsmanager:DescribeSecret",   "secretsmanager:RotateSecret",
    "secretsmanager:DeleteSecret",     "secretsmanager:UpdateSecretVersionStage",
    "secretsmanager:RestoreSecret",    "secretsmanager:BatchGetSecretValue",
    "secretsmanager:PutResourcePolicy"};

/* 1 when the key policy may let the role decrypt without IAM: an Allow of
 * kms:Decrypt to "*", to any AWS principal, to a computed principal or with
 * NotPrincipal (conditions or not), or a key policy that cannot be read. */
static int sr_key_policy_opens(const struct sr_iam_model *m, const struct sr_resource *key)
{
    const struct sr_node *doc = sr_res_prop(key, "KeyPolicy");
    if (!doc)
        return 0; /* the default key policy: the account, through IAM */
    if (!sr_is_map(doc))
        return 1;
    int found = 0;
    for (size_t i = 0; i < m->policies.n; i++) {
        const struct sr_iam_policy *p = m->policies.v[i];
        if (p->source != SR_IAM_KEY_POLICY || p->owner != key)
            continue;
        found = 1;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny || sr_iam_stmt_action(s, "kms:Decrypt") == SR_NO)
                continue;
            if (s->not_principal)
                return 1;
            for (size_t k = 0; k < s->nprincipals; k++) {
                const struct sr_iam_value *pv = &s->principals[k];
                if (pv->ptype == SR_PRIN_STAR ||
                    (pv->ptype == SR_PRIN_AWS &&
                     (pv->scope == SR_SCOPE_ALL || pv->scope == SR_SCOPE_UNKNOWN)))
                    return 1;
            }
        }
    }
    return !found;
}

static void sr215_use(struct sr_ctx *ctx, const struct sr_use *u, void *arg)
{
    (void)arg;
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    if (!u->role || sr_rotates(u->res, u->secret) || !sr_report_once(ctx, u->at, u->role->id))
        return;
    struct sr_iam_target t = {u->secret, NULL};
    enum sr_tri can = sr_iam_can(m, u->role, SR_GET_SECRET, &t);
    if (can == SR_MAYBE)
        return;
    if (can == SR_NO) {
        if (u->reader == SR_READER_CODE)
            for (size_t i = 0; i < sizeof(sr_other_uses) / sizeof(sr_other_uses[0]); i++)
                if (sr_iam_can(m, u->role, sr_other_uses[i], &t) != SR_NO)
                    return;
        struct sr_finding *f =
            sr_report(ctx, u->at, "%s %s is given secret %s in %s, but its %s cannot %s on it: %s",
                      u->res->type, u->res->id, u->secret->id, u->where,
                      sr_role_text(ctx->scratch, u), SR_GET_SECRET, u->fails);
        f->judged.secret = u->secret;
        f->judged.other = u->role;
        return;
    }
    const struct sr_resource *key = u->secret->kms_key;
    if (!key || sr_key_policy_opens(m, key))
        return;
    struct sr_iam_target kt = {(struct sr_resource *)key, NULL};
    if (sr_iam_can(m, u->role, "kms:Decrypt", &kt) != SR_NO)
        return;
    struct sr_finding *f = sr_report(ctx, u->at,
                                     "%s %s is given secret %s in %s, but its %s cannot "
                                     "kms:Decrypt with key %s, which encrypts it: %s",
                                     u->res->type, u->res->id, u->secret->id, u->where,
                                     sr_role_text(ctx->scratch, u), key->id, u->fails);
    f->judged.secret = u->secret;
    f->judged.other = u->role;
}

static void sr215_check(struct sr_ctx *ctx)
{
    sr_each_use(ctx, sr215_use, NULL);
}

static const char sr_bad_SR215[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      GenerateSecretString: {PasswordLength: 32}\n"
                                   "  Reader:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      InlineCode: \"def handler(event, context): pass\"\n"
                                   "      Environment:\n"
                                   "        Variables:\n"
                                   "          API_KEY_ARN: !Ref ApiKey\n";

static const char sr_good_SR215[] = "Transform: AWS::Serverless-2016-10-31\n"
                                    "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      GenerateSecretString: {PasswordLength: 32}\n"
                                    "  Reader:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      Runtime: python3.12\n"
                                    "      Handler: index.handler\n"
                                    "      InlineCode: \"def handler(event, context): pass\"\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                    "            SecretArn: !Ref ApiKey\n"
                                    "      Environment:\n"
                                    "        Variables:\n"
                                    "          API_KEY_ARN: !Ref ApiKey\n";

static const struct sr_rule sr215 = {
    .id = "SR215",
    .title = "consumer is given a secret its role cannot read",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "auth-and-access_iam-policies.html",
    .explain =
        "A consumer that is given a secret's ARN or name needs the right to read it, in the role\n"
        "that does the reading; without it the failure only shows at run time:\n"
        "- Lambda and SAM functions (environment variables): the function's role, SAM policy\n"
        "  templates (AWSSecretsManagerGetSecretValuePolicy) and Globals included;\n"
        "- ECS task definitions: Secrets ValueFrom and RepositoryCredentials are read by the\n"
        "  ECS agent with the execution role (ExecutionRoleArn), a secret ARN in Environment by\n"
        "  the container's code with the task role (TaskRoleArn);\n"
        "- RDS proxies: Auth SecretArn, read with the proxy's RoleArn;\n"
        "- CodeBuild projects: environment variables of Type SECRETS_MANAGER, read with the\n"
        "  ServiceRole;\n"
        "- App Runner services: RuntimeEnvironmentSecrets, read with the InstanceRoleArn.\n"
        "The role needs secretsmanager:GetSecretValue on the secret and, when the secret is\n"
        "encrypted with a customer managed key of the template, kms:Decrypt on that key (from\n"
        "its IAM policies, or from a key policy that names the role).\n"
        "\n"
        "Only what the template proves is reported: the role is a role of the template (SAM's\n"
        "implicit roles included) and every policy it has can be read. A role given as a\n"
        "parameter or an import, a customer managed policy outside the template, a policy\n"
        "document that is not a mapping, a permissions boundary or a condition, all leave the\n"
        "answer open and nothing is reported. A function whose role may write or describe the\n"
        "secret (PutSecretValue, DescribeSecret, ...) uses it another way and is not reported;\n"
        "neither is the function that rotates the secret (SR203 and SR205 judge that one). A\n"
        "dynamic reference passes the value, not the name, and needs no role.\n"
        "\n"
        "Not a judgement call: the read fails.\n"
        "\n"
        "Example:\n"
        "    Reader:\n"
        "      Type: AWS::Serverless::Function\n"
        "      Properties:\n"
        "        Environment:\n"
        "          Variables:\n"
        "            API_KEY_ARN: !Ref ApiKey         # SR215: no policy lets Reader read it\n"
        "Fix:\n"
        "        Policies:\n"
        "          - AWSSecretsManagerGetSecretValuePolicy:\n"
        "              SecretArn: !Ref ApiKey\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "auth-and-access_iam-policies.html,\n"
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"
        "secrets-envvar-secrets-manager.html,\n"
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html,\n"
        "https://docs.aws.amazon.com/codebuild/latest/userguide/"
        "build-spec-ref.html#build-spec.env.secrets-manager\n",
    .bad = sr_bad_SR215,
    .good = sr_good_SR215,
    .check = sr215_check,
    .models = SR_MODEL_IAM,
};

/* ==== SR216 ============================================================== */

/* Beyond this many references to a consumer, what its callers pass it is
 * not read (the consumer is not judged): a bound on the work per consumer. */
#define SR_GIVEN_MAX_CALLERS 64

/* sr_secret_named_by by parameter name, each name looked up once: every
 * consumer that refers to a parameter asks (open addressing, cap a power of
 * two, at most half full). */
struct sr_named_memo {
    struct sr_named_ent {
        const char *param;
        struct sr_resource *secret;
    } * tab;
    size_t n, cap;
};

static size_t sr_named_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static struct sr_named_ent *sr_named_slot(struct sr_named_ent *t, size_t cap, const char *param)
{
    size_t i = sr_named_hash(param) & (cap - 1);
    while (t[i].param && strcmp(t[i].param, param) != 0)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

static struct sr_resource *sr_secret_named_memo(struct sr_arena *a, struct sr_named_memo *m,
                                                const struct sr_graph *g, const char *param)
{
    if (!param)
        return NULL;
    if (m->cap && sr_named_slot(m->tab, m->cap, param)->param)
        return sr_named_slot(m->tab, m->cap, param)->secret;
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        struct sr_named_ent *t = sr_arena_alloc(a, cap * sizeof(*t));
        for (size_t i = 0; i < m->cap; i++)
            if (m->tab[i].param)
                *sr_named_slot(t, cap, m->tab[i].param) = m->tab[i];
        m->tab = t;
        m->cap = cap;
    }
    struct sr_named_ent *e = sr_named_slot(m->tab, m->cap, param);
    e->param = param;
    e->secret = sr_secret_named_by(g, param);
    m->n++;
    return e->secret;
}

struct sr_ref_arg {
    struct sr_arena *a;
    struct sr_ptrvec *secrets;
    size_t *stamp; /* by resource index: the mark of the list a secret is in */
    size_t mark;
    size_t nres;
    struct sr_named_memo *memo;
};

static int sr_collect_ref(const struct sr_graph *g, const struct sr_val *ref, void *arg)
{
    struct sr_ref_arg *ra = arg;
    struct sr_resource *s = ref->res ? sr_secret_of_resource(ref->res) : NULL;
    if (!s && ref->kind == SR_VAL_PARAMETER)
        s = sr_secret_named_memo(ra->a, ra->memo, g, ref->name);
    if (s && s->index < ra->nres && ra->stamp[s->index] != ra->mark) {
        ra->stamp[s->index] = ra->mark;
        sr_ptrvec_push(ra->a, ra->secrets, s);
    }
    return 0;
}

/* Every template secret the properties of r name (its SAM Policies left
 * out: a grant is not a use), plus those named by the resources that
 * refer to r (a custom resource passing a secret to its function), into
 * ra->secrets once each. Returns 0, or -1 when r has too many callers to
 * read (only its own properties are in the list). */
static int sr_given_secrets(struct sr_ctx *ctx, const struct sr_resource *r, struct sr_ref_arg *ra)
{
    const struct sr_node *props = r->props;
    for (size_t i = 0; sr_is_map(props) && i < props->n; i++) {
        const char *k = sr_scalar(sr_map_key(props, i));
        if (k && (!strcmp(k, "Policies") || !strcmp(k, "Role")))
            continue;
        sr_graph_each_ref(ctx->g, sr_map_val(props, i), sr_collect_ref, ra);
    }
    if (r->in.n > SR_GIVEN_MAX_CALLERS)
        return -1;
    const struct sr_resource *last = NULL;
    for (size_t i = 0; i < r->in.n; i++) {
        const struct sr_edge *e = r->in.v[i];
        if (e->from && e->from != r && e->from != last && e->from->kind != SR_R_ROLE &&
            e->from->kind != SR_R_POLICY && e->from->kind != SR_R_MANAGED_POLICY && e->from->props)
            sr_graph_each_ref(ctx->g, e->from->props, sr_collect_ref, ra);
        last = e->from;
    }
    return 0;
}

/* 1 when role serves only consumer r: every resource that refers to the
 * role is r or a policy attached to it. */
static int sr_role_of_one(const struct sr_resource *role, const struct sr_resource *r)
{
    if (role->implicit)
        return role->owner == r;
    for (size_t i = 0; i < role->in.n; i++) {
        const struct sr_edge *e = role->in.v[i];
        if (!e->from || e->from == r || e->from == role || e->from->kind == SR_R_POLICY ||
            e->from->kind == SR_R_MANAGED_POLICY)
            continue;
        return 0;
    }
    return 1;
}

struct sr216_seen {
    struct sr_ptrvec pairs; /* consumer, role (may be NULL), consumer, role, ... */
    size_t *first;          /* by resource index: 1 + the pair index of its first pair, or 0 */
    size_t nres;
};

static void sr216_use(struct sr_ctx *ctx, const struct sr_use *u, void *arg)
{
    struct sr216_seen *seen = arg;
    if (u->res->index >= seen->nres)
        return;
    size_t f = seen->first[u->res->index];
    /* A resource's pairs are pushed together (at most its few roles). */
    for (size_t i = f ? 2 * (f - 1) : seen->pairs.n; i + 1 < seen->pairs.n; i += 2) {
        if (seen->pairs.v[i] != u->res)
            break;
        if (seen->pairs.v[i + 1] == u->role)
            return;
    }
    if (!f)
        seen->first[u->res->index] = seen->pairs.n / 2 + 1;
    else if (seen->pairs.v[seen->pairs.n - 2] != u->res)
        return; /* only the function pass comes back to a resource: it adds its role */
    sr_ptrvec_push(ctx->scratch, &seen->pairs, u->res);
    sr_ptrvec_push(ctx->scratch, &seen->pairs, u->role);
}

/* Judges the role of consumer r: given[i] is mark for the secrets of index i
 * that r is given, givers[i] the number of consumers given it. */
static void sr216_judge(struct sr_ctx *ctx, struct sr_resource *r, struct sr_resource *role,
                        const size_t *given, size_t mark, const unsigned *givers)
{
    const struct sr_iam_model *m = sr_iam_of(ctx->g);
    const struct sr_iam_role *e = sr_iam_role_of(m, role);
    if (!e || !sr_role_of_one(role, r))
        return;
    for (size_t i = 0; i < e->policies.n; i++) {
        const struct sr_iam_policy *p = e->policies.v[i];
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            if (s->deny || s->not_resource || sr_iam_stmt_action(s, SR_GET_SECRET) != SR_YES)
                continue;
            for (size_t k = 0; k < s->nresources; k++) {
                const struct sr_iam_value *v = &s->resources[k];
                struct sr_resource *sec =
                    v->scope == SR_SCOPE_RESOURCE && v->res ? sr_secret_of_resource(v->res) : NULL;
                if (!sec || sec->index >= ctx->g->nres || !givers[sec->index] ||
                    given[sec->index] == mark || sr_rotates(r, sec) || !v->node ||
                    !sr_report_once(ctx, v->node, role->id))
                    continue;
                struct sr_finding *f = sr_report(
                    ctx, v->node,
                    "%s %s of %s %s may read secret %s, which only other resources of the "
                    "template are given: drop the grant, or pass the secret to %s if its code "
                    "reads it",
                    role->implicit ? "the role SAM makes" : "role", role->id, r->type, r->id,
                    sec->id, r->id);
                f->judged.secret = sec;
                f->judged.other = role;
            }
        }
    }
}

static void sr216_check(struct sr_ctx *ctx)
{
    size_t nres = ctx->g->nres;
    if (!nres)
        return;
    struct sr216_seen seen = {{0}, NULL, nres};
    seen.first = sr_arena_alloc(ctx->scratch, nres * sizeof(*seen.first));
    memset(seen.first, 0, nres * sizeof(*seen.first));
    sr_each_use(ctx, sr216_use, &seen);
    /* Functions given no secret are consumers too: their role may still read one. */
    for (size_t i = 0; i < nres; i++) {
        struct sr_resource *r = ctx->g->res[i];
        if ((r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION) && r->index < nres &&
            !seen.first[r->index])
            sr216_use(ctx, &(struct sr_use){.res = r, .role = r->role}, &seen);
    }
    /* What each consumer is given (by resource index), and how many consumers
     * are given each secret. */
    struct sr_ptrvec *given = sr_arena_alloc(ctx->scratch, nres * sizeof(*given));
    unsigned *givers = sr_arena_alloc(ctx->scratch, nres * sizeof(*givers));
    unsigned char *blind = sr_arena_alloc(ctx->scratch, nres);
    size_t *stamp = sr_arena_alloc(ctx->scratch, nres * sizeof(*stamp));
    memset(given, 0, nres * sizeof(*given));
    memset(givers, 0, nres * sizeof(*givers));
    memset(blind, 0, nres);
    memset(stamp, 0, nres * sizeof(*stamp));
    struct sr_named_memo memo = {NULL, 0, 0};
    for (size_t i = 0; i < nres; i++) {
        const struct sr_resource *r = ctx->g->res[i];
        if (r->index >= nres || !seen.first[r->index])
            continue;
        struct sr_ref_arg ra = {ctx->scratch, &given[r->index], stamp, r->index + 1, nres, &memo};
        blind[r->index] = sr_given_secrets(ctx, r, &ra) < 0;
        for (size_t k = 0; k < given[r->index].n; k++) {
            const struct sr_resource *sec = given[r->index].v[k];
            givers[sec->index]++;
        }
    }
    for (size_t c = 0; c + 1 < seen.pairs.n; c += 2) {
        struct sr_resource *r = seen.pairs.v[c];
        if (!seen.pairs.v[c + 1] || blind[r->index])
            continue;
        /* Mark what r is given (its own list), then judge its role. */
        size_t mark = nres + c + 1;
        for (size_t k = 0; k < given[r->index].n; k++)
            stamp[((const struct sr_resource *)given[r->index].v[k])->index] = mark;
        sr216_judge(ctx, r, seen.pairs.v[c + 1], stamp, mark, givers);
    }
}

static const char sr_bad_SR216[] = "Transform: AWS::Serverless-2016-10-31\n"
                                   "Resources:\n"
                                   "  ApiKey:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      GenerateSecretString: {PasswordLength: 32}\n"
                                   "  AdminPassword:\n"
                                   "    Type: AWS::SecretsManager::Secret\n"
                                   "    Properties:\n"
                                   "      GenerateSecretString: {PasswordLength: 32}\n"
                                   "  Reader:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      InlineCode: \"def handler(event, context): pass\"\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                   "            SecretArn: !Ref ApiKey\n"
                                   "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                   "            SecretArn: !Ref AdminPassword\n"
                                   "      Environment:\n"
                                   "        Variables:\n"
                                   "          API_KEY_ARN: !Ref ApiKey\n"
                                   "  Admin:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "    Properties:\n"
                                   "      Runtime: python3.12\n"
                                   "      Handler: index.handler\n"
                                   "      InlineCode: \"def handler(event, context): pass\"\n"
                                   "      Policies:\n"
                                   "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                   "            SecretArn: !Ref AdminPassword\n"
                                   "      Environment:\n"
                                   "        Variables:\n"
                                   "          ADMIN_PASSWORD_ARN: !Ref AdminPassword\n";

static const char sr_good_SR216[] = "Transform: AWS::Serverless-2016-10-31\n"
                                    "Resources:\n"
                                    "  ApiKey:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      GenerateSecretString: {PasswordLength: 32}\n"
                                    "  AdminPassword:\n"
                                    "    Type: AWS::SecretsManager::Secret\n"
                                    "    Properties:\n"
                                    "      GenerateSecretString: {PasswordLength: 32}\n"
                                    "  Reader:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      Runtime: python3.12\n"
                                    "      Handler: index.handler\n"
                                    "      InlineCode: \"def handler(event, context): pass\"\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                    "            SecretArn: !Ref ApiKey\n"
                                    "      Environment:\n"
                                    "        Variables:\n"
                                    "          API_KEY_ARN: !Ref ApiKey\n"
                                    "  Admin:\n"
                                    "    Type: AWS::Serverless::Function\n"
                                    "    Properties:\n"
                                    "      Runtime: python3.12\n"
                                    "      Handler: index.handler\n"
                                    "      InlineCode: \"def handler(event, context): pass\"\n"
                                    "      Policies:\n"
                                    "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                    "            SecretArn: !Ref AdminPassword\n"
                                    "      Environment:\n"
                                    "        Variables:\n"
                                    "          ADMIN_PASSWORD_ARN: !Ref AdminPassword\n";

static const struct sr_rule sr216 = {
    .id = "SR216",
    .title = "consumer role may read a secret only other consumers are given",
    .severity = SR_SEV_WARNING,
    .security_severity = 5.0,
    .tags = "least-privilege,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "auth-and-access_iam-policies.html",
    .explain =
        "The reverse of SR215, for least privilege: the role of a consumer (a function, an ECS\n"
        "task's execution or task role, an RDS proxy, a CodeBuild project, an App Runner\n"
        "service) grants secretsmanager:GetSecretValue on a secret of the template, by naming\n"
        "it (Ref, GetAtt, an ARN built from it, a SAM policy template), but the secret is given\n"
        "to other consumers of the template and never to this one: its properties never name\n"
        "it (by ARN, or by a parameter that is the secret's Name), and neither does any\n"
        "resource that calls it (a custom resource passing the ARN to its function, an event\n"
        "rule's input). That is the shape of a grant copied from another function's role: the\n"
        "code has no need to read the secret, and a leaked session of the role reads it anyway.\n"
        "\n"
        "Only roles that serve one consumer are judged (a role shared by several resources may\n"
        "read for all of them), and only grants that name the secret: a grant on every secret\n"
        "is SR202's. A secret given to no consumer at all is not reported: code that hard-codes\n"
        "the secret's name is common and cannot be seen from the template. The function that\n"
        "rotates a secret gets it from Secrets Manager's event and is not reported for it.\n"
        "\n"
        "A judgement call: code may still hard-code the name of a secret that other consumers\n"
        "are given. Pass the ARN in the environment (so the grant and its use are seen\n"
        "together), or suppress the finding with a reason.\n"
        "\n"
        "Example:\n"
        "    Policies:\n"
        "      - AWSSecretsManagerGetSecretValuePolicy:\n"
        "          SecretArn: !Ref AdminPassword      # SR216: only Admin gets AdminPassword\n"
        "Fix: drop the grant, or pass the secret:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        ADMIN_PASSWORD_ARN: !Ref AdminPassword\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "auth-and-access_iam-policies.html\n",
    .bad = sr_bad_SR216,
    .good = sr_good_SR216,
    .judgement = 1,
    .check = sr216_check,
    .models = SR_MODEL_IAM,
};

const struct sr_rule *const sr_rules_consumer[] = {&sr215, &sr216, NULL};
