/*
 * exposure.c - secret-exposure rules SR301-SR314: credentials written into
 * templates, secret values flowing where they are shown in plain text,
 * malformed or misplaced dynamic references, and how secrets themselves are
 * declared (encryption, generation, retention, replicas).
 *
 * Every check first judges where a value comes from (the value-flow model
 * of src/flow.h: literal text, a parameter, a dynamic reference, another
 * resource) and only then asks src/secretpat.c whether text looks like a
 * credential. Messages never print a secret: at most its first four
 * characters and its length. Each fixable rule's planner follows its check
 * and reads what the check recorded on the finding (src/fixplan.h).
 */
#include "registry.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arn.h"
#include "credtab.h"
#include "dynref.h"
#include "fixplan.h"
#include "flow.h"
#include "intrinsic.h"
#include "scaffold.h"
#include "secret.h"
#include "secretpat.h"
#include "value.h"

/* ======================================================================== */
/* Small helpers                                                            */
/* ======================================================================== */

static const char *xp_redact(struct sr_ctx *ctx, const char *s, size_t len)
{
    char buf[96];
    sr_secret_redact(buf, sizeof(buf), s, len);
    return sr_arena_strdup(ctx->arena, buf);
}

static int xp_is_custom_type(const char *type)
{
    return type &&
           (!strncmp(type, "Custom::", 8) || !strcmp(type, "AWS::CloudFormation::CustomResource"));
}

static int xp_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* ======================================================================== */
/* SR301 / SR307: credential properties                                     */
/* ======================================================================== */

/* A literal mapping value behind Fn::FindInMap with literal keys, or NULL. */
static const struct sr_node *xp_findinmap_literal(struct sr_ctx *ctx, const struct sr_node *v)
{
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in) || in.fn != SR_FN_FINDINMAP || !sr_is_seq(in.arg))
        return NULL;
    const char *m = sr_scalar(sr_seq_item(in.arg, 0));
    const char *k1 = sr_scalar(sr_seq_item(in.arg, 1));
    const char *k2 = sr_scalar(sr_seq_item(in.arg, 2));
    if (!m || !k1 || !k2 || sr_intrinsic_get(sr_seq_item(in.arg, 1), &in) ||
        sr_intrinsic_get(sr_seq_item(in.arg, 2), &in))
        return NULL;
    const struct sr_node *val = sr_map_get(sr_map_get(sr_map_get(ctx->g->t.mappings, m), k1), k2);
    return sr_is_scalar(val) ? sr_deref(val) : NULL;
}

static void sr301_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_CRED_PROP || !s->res)
            continue;
        for (size_t k = 0; k < s->nbranches; k++) {
            const struct sr_node *v = s->branches[k].v;
            const struct sr_flat *f = &s->branches[k].flat;
            if (sr_dynref_present(f->s, f->len))
                continue;
            struct sr_finding *fd = NULL;
            if (f->nrefs == 0 && f->opaque.n == 0) {
                if (f->len == 0)
                    continue;
                const char *hint =
                    s->cred && s->cred->managed_by
                        ? sr_arena_printf(ctx->arena, " or set %s: true", s->cred->managed_by)
                        : "";
                fd = sr_report(ctx, v,
                               "%s %s: %s holds a plaintext credential %s; use a Secrets Manager "
                               "dynamic reference%s",
                               s->res->type, s->res->id, s->name, xp_redact(ctx, f->s, f->len),
                               hint);
            } else if (f->nrefs == 1 && f->opaque.n == 1) {
                const struct sr_node *lit = xp_findinmap_literal(ctx, v);
                if (lit && sr_node_len(lit) > 0 &&
                    !sr_dynref_present(sr_node_str(lit), sr_node_len(lit)))
                    fd = sr_report(ctx, v,
                                   "%s %s: %s takes a plaintext credential %s from Mappings; use "
                                   "a Secrets Manager dynamic reference",
                                   s->res->type, s->res->id, s->name,
                                   xp_redact(ctx, sr_node_str(lit), sr_node_len(lit)));
            }
            if (fd) {
                fd->judged.other = s->res;
                fd->judged.value = v;
                fd->judged.key = s->cred ? s->cred->managed_by : NULL;
            }
        }
    }
}

/* FOO_BAR -> FooBar */
static const char *xp_camel(struct sr_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = sr_arena_alloc(a, n + 1);
    size_t w = 0;
    int up = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!isalnum(c)) {
            up = 1;
            continue;
        }
        out[w++] = (char)(up ? toupper(c) : tolower(c));
        up = 0;
    }
    out[w] = '\0';
    return out;
}

/* Aurora Serverless v1 (EngineMode: serverless) cannot manage its master
 * password. */
static int xp_serverless_v1(const struct sr_resource *r)
{
    const char *mode = sr_scalar(sr_res_prop(r, "EngineMode"));
    return mode && !strcasecmp(mode, "serverless");
}

/* The parameter v is a whole Ref of (Ref P, !Ref P), or NULL. */
static const char *xp_param_ref(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_val val;
    if (sr_graph_value(g, v, &val) != SR_VAL_PARAMETER || !val.whole)
        return NULL;
    return val.name;
}

/* The credential goes into a new rotated secret, read by a dynamic reference. */
static int sr301_secret(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *r,
                        const struct sr_node *v, const struct sr_node *k)
{
    if (!r || !r->node || !v->parent ||
        (!(sr_is_literal(v) && !sr_deref(v)->tag) && !xp_param_ref(fx->g, v)))
        return sr_fix_refuse(fx, fix,
                             "the credential is not a plain value of a resource: store it in a "
                             "secret (secrot-lint add-secret) and use a dynamic reference");
    struct sr_arena *a = fx->a;
    const char *prop = k && k->kind == SR_SCALAR ? sr_node_str(k) : "Credential";
    const char *id = sr_fix_new_id(fx, sr_arena_printf(a, "%s%sSecret", r->id, xp_camel(a, prop)));
    struct sr_fv *arn = NULL;
    const char *desc = sr_arena_printf(a, "%s of %s", prop, r->id);
    if (sr_scaffold_rotated_secret(fx, fix, id, desc, r->condition, 0, &arn) < 0)
        return -1;
    sr_fix_replace(fx, fix, v,
                   sr_fv_sub(a, sr_arena_printf(a, "{{resolve:secretsmanager:${%s}}}", id)));
    sr_fix_unsafe(fix, fx,
                  "the credential gets a new generated value: clients that use the old "
                  "%s of %s must read it from secret %s",
                  prop, r->id, id);
    fix->what = sr_arena_printf(a,
                                "moved %s of %s into the new secret %s (generated: put the "
                                "current value in, or let the service take the new one), read "
                                "with a dynamic reference; %s",
                                prop, r->id, id, fix->what);
    return 0;
}

/*
 * Reads judged.other (the resource), judged.value (the plaintext value) and
 * judged.key (the property that lets the service manage the secret): a
 * MasterUserPassword of a database that can manage its own becomes that;
 * any other credential moves into a new rotated secret.
 */
static int sr301_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *r = j->other;
    const struct sr_node *v = j->value;
    const struct sr_node *props = sr_fix_own_props(r);
    const struct sr_node *k = sr_value_key(v);
    if (!r || !props || !k || k->kind != SR_SCALAR || v->parent != props || !j->key)
        return sr301_secret(fx, fix, r, v, k);
    if (xp_serverless_v1(r))
        return sr_fix_refuse(fx, fix,
                             "%s %s is Aurora Serverless v1, which cannot manage its master "
                             "password: store it in a secret and use a dynamic reference",
                             r->type, r->id);
    sr_fix_delete(fx, fix, props, sr_node_str(k));
    sr_fix_set_prop(fx, fix, r, j->key, sr_fv_bool(fx->a, 1));
    fix->what = sr_arena_printf(fx->a,
                                "removed %s and set %s: true (the service keeps the password in "
                                "Secrets Manager and rotates it)",
                                sr_node_str(k), j->key);
    return 0;
}

static void sr307_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_CRED_PROP || !s->res)
            continue;
        for (size_t k = 0; k < s->nbranches; k++) {
            const struct sr_node *v = s->branches[k].v;
            const struct sr_flat *f = &s->branches[k].flat;
            struct sr_dynref d[8];
            size_t nd = sr_dynref_scan(f->s, f->len, d, 8);
            for (size_t q = 0; q < nd && q < 8; q++)
                if (d[q].kind == SR_DYNREF_SSM)
                    sr_report(ctx, v,
                              "%s %s: %s comes from the plain ssm parameter '%s', stored "
                              "unencrypted; use ssm-secure or a Secrets Manager dynamic reference",
                              s->res->type, s->res->id, s->name,
                              sr_excerpt(ctx->arena, f->s + d[q].name.off, d[q].name.len));
            if (nd || !sr_flat_is_one_ref(f) || f->refs[0].val.kind != SR_VAL_PARAMETER)
                continue;
            const struct sr_param *p = sr_flows_param(fl, f->refs[0].val.name);
            if (p && !strncmp(p->type, "AWS::SSM::Parameter::Value<", 27))
                sr_report(ctx, v,
                          "%s %s: %s comes from parameter %s of type %s, a plain SSM String "
                          "parameter; use ssm-secure or a Secrets Manager dynamic reference",
                          s->res->type, s->res->id, s->name, p->name, p->type);
        }
    }
}

struct xp_offer {
    struct sr_ctx *ctx;
    int found;
};

static void xp_offer_one(void *arg, const struct sr_node *v)
{
    struct xp_offer *o = arg;
    struct sr_flat f;
    sr_flatten(o->ctx->arena, o->ctx->g, v, &f);
    if (sr_dynref_present(f.s, f.len))
        o->found = 1;
}

/* 1 when v is a branch of Fn::Ifs one of whose other branches reads a
 * dynamic reference. */
static int xp_if_offers_secret(struct sr_ctx *ctx, const struct sr_node *v)
{
    const struct sr_node *top = NULL;
    struct sr_intrinsic in;
    for (const struct sr_node *n = v; n && n->parent;) {
        const struct sr_node *p = n->parent, *fn = NULL;
        if (sr_is_seq(p) && sr_intrinsic_get(p, &in) && in.fn == SR_FN_IF && in.arg == p)
            fn = p; /* !If [...] */
        else if (sr_is_seq(p) && p->parent && sr_intrinsic_get(p->parent, &in) &&
                 in.fn == SR_FN_IF && in.arg == p)
            fn = p->parent; /* Fn::If: [...] */
        if (!fn)
            break;
        top = fn;
        n = fn;
    }
    struct xp_offer o = {ctx, 0};
    if (top)
        sr_each_branch(top, xp_offer_one, &o);
    return o.found;
}

/*
 * SR321: a credential property is the whole value of a template parameter
 * (in some branch) with no secret behind it: the password is typed in at
 * every deploy, kept wherever deploys are scripted, and never rotates.
 * Parameters of an SSM type are SR307's.
 */
static void sr321_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_CRED_PROP || !s->res)
            continue;
        for (size_t k = 0; k < s->nbranches; k++) {
            const struct sr_node *v = s->branches[k].v;
            const char *name = xp_param_ref(ctx->g, v);
            const struct sr_param *p = name ? sr_flows_param(fl, name) : NULL;
            if (!p || strncmp(p->type, "String", 6) != 0)
                continue;
            /* The template offers a secret in another branch, or a switch to
             * let the service manage the password: the parameter is the
             * fallback an author chose to keep. */
            int alt = xp_if_offers_secret(ctx, v);
            const struct sr_node *managed =
                s->cred && s->cred->managed_by ? sr_res_prop(s->res, s->cred->managed_by) : NULL;
            if (managed && !(sr_is_literal(managed) && !sr_scalar_eq(managed, "true")))
                alt = 1;
            int sets = s->cred && s->cred->sets;
            const char *how =
                !sets ? "keep it in a secret"
                : s->cred->managed_by && !xp_serverless_v1(s->res)
                    ? sr_arena_printf(ctx->arena, "set %s: true, or generate it in a secret",
                                      s->cred->managed_by)
                    : "generate it in a secret";
            struct sr_finding *fd = sr_report(
                ctx, v,
                "%s %s: %s is parameter %s, typed in at every deploy and kept wherever deploys "
                "are scripted%s; %s and read it with a dynamic reference%s",
                s->res->type, s->res->id, s->name, p->name, sets ? ", and never rotated" : "", how,
                alt ? " (the template offers a secret or a managed password too: make that "
                      "the only way)"
                    : "");
            if (alt)
                sr_finding_severity(ctx, fd, SR_SEV_INFO);
            if (fd) {
                fd->judged.other = s->res;
                fd->judged.value = v;
                fd->judged.key = s->cred ? s->cred->managed_by : NULL;
                fd->judged.kind = sets ? NULL : "vendor";
            }
        }
    }
}

/*
 * Reads what SR301's planner reads, and judged.kind: "vendor" when the
 * property takes a credential issued elsewhere (a token, another system's
 * password), which no generated value can replace. The password changes,
 * and whatever else takes the parameter keeps the old one: always unsafe.
 */
static int sr321_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const char *param = xp_param_ref(fx->g, j->value);
    if (j->kind && !strcmp(j->kind, "vendor"))
        return sr_fix_refuse(fx, fix,
                             "the value is issued elsewhere (a token, or another system's "
                             "password): store it in a secret (secrot-lint add-secret) and read it "
                             "with a dynamic reference");
    if (sr301_plan(fx, fix) < 0)
        return -1;
    if (!param)
        return 0;
    if (j->key && j->value && j->value->parent == sr_fix_own_props(j->other))
        sr_fix_unsafe(fix, fx,
                      "%s generates a new password and keeps it in a secret of its own: "
                      "whoever connects with parameter %s must read that secret instead",
                      j->other->id, param);
    else
        sr_fix_unsafe(fix, fx, "whoever else takes parameter %s keeps the old value", param);
    size_t nrefs = 0;
    for (size_t i = 0; i < fx->g->edges.n; i++) {
        const struct sr_edge *e = fx->g->edges.v[i];
        if (!e->target && e->to && !strcmp(e->to, param) && e->kind != SR_EDGE_DEPENDSON)
            nrefs++;
    }
    if (nrefs <= 1)
        fix->what = sr_arena_printf(fx->a,
                                    "%s; parameter %s is then unused: remove it once no deploy "
                                    "passes it (CloudFormation rejects a value for a parameter "
                                    "the template does not declare)",
                                    fix->what, param);
    return 0;
}

/* ======================================================================== */
/* SR302 / SR314: environments and tags                                     */
/* ======================================================================== */

static void sr302_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_ENV)
            continue;
        const char *name = s->name;
        for (size_t k = 0; k < s->nbranches; k++) {
            const struct sr_node *v = s->branches[k].v;
            const struct sr_flat *f = &s->branches[k].flat;
            if (sr_dynref_present(f->s, f->len))
                continue;
            struct sr_finding *fd = NULL;
            struct sr_secret_hit h[2];
            size_t nh = sr_secret_scan(f->s, f->len, h, 2);
            if (nh > 0) {
                if (sr_report_once(ctx, v, NULL))
                    fd = sr_report(ctx, v,
                                   "%s: environment variable %s holds a credential (%s) %s; store "
                                   "it in Secrets Manager and pass the secret ARN instead",
                                   s->owner, name ? name : "?", sr_secret_pat_name(h[0].pat),
                                   xp_redact(ctx, f->s + h[0].off, h[0].len));
            } else if (!f->nrefs && !f->opaque.n && name && sr_cred_name(name) &&
                       !sr_secret_benign(f->s, f->len) && sr_report_once(ctx, v, NULL)) {
                fd = sr_report(ctx, v,
                               "%s: environment variable %s holds a literal credential %s; store "
                               "it in Secrets Manager and pass the secret ARN instead",
                               s->owner, name, xp_redact(ctx, f->s, f->len));
            }
            if (fd) {
                fd->judged.other = s->res;
                fd->judged.key = name;
                fd->judged.value = v;
            }
        }
    }
    /* Secret values that reach a variable from elsewhere: a NoEcho or
     * credential parameter, a secure dynamic reference of a secret that
     * does not rotate (one that rotates is SR314). No fix is planned here. */
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_sink *s = f->sink;
        if (s->kind != SR_SINK_ENV)
            continue;
        if (f->kind == SR_SRC_DYNREF) {
            if (f->malformed || !f->secret_value ||
                (f->dynref != SR_DYNREF_SECRETSMANAGER && f->dynref != SR_DYNREF_SSM_SECURE) ||
                (f->dynref == SR_DYNREF_SECRETSMANAGER && sr_secret_ref_rotates(&f->secret)))
                continue;
        } else if (f->kind != SR_SRC_NOECHO && f->kind != SR_SRC_CRED_PARAM) {
            continue;
        }
        if (!sr_report_once(ctx, f->value, NULL))
            continue;
        sr_report(ctx, f->at ? f->at : f->value,
                  "%s: environment variable %s gets %s, resolved at deploy time and shown in "
                  "plain text to anyone who can read the configuration; pass the secret ARN "
                  "and read the value at run time",
                  s->owner, s->name ? s->name : "?", f->label);
    }
}

/* Env var VAR -> VAR_SECRET_ARN (refused when that name is in use). */
static const char *xp_arn_var(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *vars,
                              const char *var)
{
    const char *name = sr_arena_printf(fx->a, "%s_SECRET_ARN", var);
    if (sr_map_get(vars, name)) {
        sr_fix_refuse(fx, fix, "the function already has a variable %s", name);
        return NULL;
    }
    return name;
}

/* The key node of the environment variable judged: a function's own
 * Environment.Variables entry, else NULL with fix->refused set. */
static const struct sr_node *xp_env_key(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *fn = j->other;
    const struct sr_node *v = j->value;
    const struct sr_node *key = sr_value_key(v);
    const struct sr_node *vars = v ? v->parent : NULL;
    const struct sr_node *own = sr_fix_own_props(fn);
    if (!xp_is_function(fn) || !key || key->kind != SR_SCALAR || key->tag || !vars ||
        vars != sr_path(own, "Environment/Variables")) {
        sr_fix_refuse(fx, fix,
                      "only a variable in a function's own Environment can be fixed here (not "
                      "Globals, tags or containers)");
        return NULL;
    }
    return key;
}

/*
 * Reads judged.other (the function), judged.key (the variable) and
 * judged.value: the literal moves into a new generated secret whose ARN
 * the variable NAME_SECRET_ARN passes, and the function may read it.
 */
static int sr302_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *key = xp_env_key(fx, fix);
    if (!key)
        return -1;
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *fn = j->other;
    const struct sr_node *v = j->value;
    const char *name = xp_arn_var(fx, fix, v->parent, sr_node_str(key));
    if (!name)
        return -1;
    struct sr_arena *a = fx->a;
    const char *id =
        sr_fix_new_id(fx, sr_arena_printf(a, "%s%sSecret", fn->id, xp_camel(a, sr_node_str(key))));
    struct sr_fv *arn = NULL;
    const char *desc = sr_arena_printf(a, "%s of %s (put the real value in outside the template)",
                                       sr_node_str(key), fn->id);
    int token = strstr(sr_node_str(key), "KEY") || strstr(sr_node_str(key), "TOKEN");
    if (sr_scaffold_rotated_secret(fx, fix, id, desc, fn->condition, token, &arn) < 0)
        return -1;
    sr_fix_replace(fx, fix, key, sr_fv_str(a, name));
    sr_fix_replace(fx, fix, v, sr_fv_ref(a, id));
    sr_fix_unsafe(fix, fx,
                  "the function sees %s (the secret's ARN) instead of %s: its code must read "
                  "the secret, and the real value must be put in the secret",
                  name, sr_node_str(key));
    if (sr_scaffold_grant_read(fx, fix, fn, id, arn) < 0)
        return -1;
    fix->what = sr_arena_printf(a,
                                "moved %s of %s into the new secret %s (put the real value in "
                                "with `aws secretsmanager put-secret-value`; the literal was "
                                "left out), passed its ARN in %s, let %s read it; %s",
                                sr_node_str(key), fn->id, id, name, fn->id, fix->what);
    return 0;
}

/* A well-formed secretsmanager reference to a secret that rotates: SR314's
 * source, in an environment or a tag. */
static int xp_rotating_ref(const struct sr_flow *f)
{
    return f->kind == SR_SRC_DYNREF && f->dynref == SR_DYNREF_SECRETSMANAGER && !f->malformed &&
           sr_secret_ref_rotates(&f->secret);
}

static void sr314_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_sink *s = f->sink;
        if ((s->kind != SR_SINK_ENV && s->kind != SR_SINK_TAG) || !xp_rotating_ref(f) ||
            !sr_report_once(ctx, f->value, NULL))
            continue;
        struct sr_finding *fd =
            sr_report(ctx, f->value,
                      "%s: %s gets rotating secret %s through a dynamic reference; the value is "
                      "resolved once at deploy time and shown in plain text, so after rotation "
                      "it is stale: pass the secret ARN and read it at run time",
                      s->owner, s->name ? s->name : "a variable", f->secret.label);
        fd->judged.secret = f->secret.secret;
        fd->judged.other = s->kind == SR_SINK_ENV ? s->res : NULL;
        fd->judged.key = s->name;
        fd->judged.value = f->value;
        /* The whole value is this one reference (the fix replaces it). */
        for (size_t k = 0; k < s->nbranches; k++)
            if (s->branches[k].v == f->value &&
                sr_dynref_is_whole(s->branches[k].flat.s, s->branches[k].flat.len))
                fd->judged.len = 1;
    }
}

/* ======================================================================== */
/* SR322: secret values in names and tags                                   */
/* ======================================================================== */

static int xp_user_name(const char *name);

/* 1 when flow f carries a value that must stay secret. */
static int xp_flow_secret(const struct sr_flows *fl, const struct sr_flow *f)
{
    switch (f->kind) {
    case SR_SRC_DYNREF:
        return !f->malformed && f->secret_value;
    case SR_SRC_NOECHO: {
        const struct sr_param *p = sr_flows_param(fl, f->param);
        return !p || p->cred || !xp_user_name(f->param);
    }
    case SR_SRC_CRED_PARAM:
    case SR_SRC_SECRET_ATTR:
        return 1;
    }
    return 0;
}

static void sr322_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_sink *s = f->sink;
        if ((s->kind != SR_SINK_NAME && s->kind != SR_SINK_TAG) || !xp_flow_secret(fl, f) ||
            (s->kind == SR_SINK_TAG && xp_rotating_ref(f)) ||
            !sr_report_once(ctx, s->value, "SR322"))
            continue;
        if (s->kind == SR_SINK_NAME)
            sr_report(ctx, f->at,
                      "%s: %s takes %s; a name or identifier is not secret: it shows in ARNs, "
                      "consoles, logs and CloudTrail, and CloudFormation may use the resolved "
                      "value as the resource's physical id; keep secret values out of names",
                      s->owner, s->name, f->label);
        else
            sr_report(
                ctx, f->at,
                "%s: %s takes %s; tag values are stored and shown in plain text to anyone "
                "allowed to list or describe the resource's tags, and can be copied into cost "
                "reports; keep secret values out of tags",
                s->owner, s->name, f->label);
    }
}

/*
 * Reads judged.secret (the template secret), judged.value and judged.len
 * (1: the value is exactly one dynamic reference to it): the variable
 * passes the secret's ARN instead, under NAME_SECRET_ARN, and the function
 * may read it.
 */
static int sr314_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *key = xp_env_key(fx, fix);
    if (!key)
        return -1;
    const struct sr_judgement *j = &fix->finding->judged;
    if (!j->secret || j->len != 1)
        return sr_fix_refuse(fx, fix,
                             "the value is not exactly one dynamic reference to a secret of the "
                             "template: change the code and the variable by hand");
    const struct sr_resource *fn = j->other;
    const struct sr_node *v = j->value;
    const char *name = xp_arn_var(fx, fix, v->parent, sr_node_str(key));
    if (!name)
        return -1;
    sr_fix_replace(fx, fix, key, sr_fv_str(fx->a, name));
    sr_fix_replace(fx, fix, v, sr_fv_ref(fx->a, j->secret->id));
    sr_fix_unsafe(fix, fx,
                  "the function sees %s (the secret's ARN) instead of %s: its code must read "
                  "the secret at run time",
                  name, sr_node_str(key));
    if (sr_scaffold_grant_read(fx, fix, fn, j->secret->id, sr_scaffold_kms_arn(fx, j->secret)) < 0)
        return -1;
    fix->what = sr_arena_printf(fx->a,
                                "%s now passes the ARN of %s in %s and %s may read it: read the "
                                "value at run time (GetSecretValue) in the code",
                                sr_node_str(key), j->secret->id, name, fn->id);
    return 0;
}

/* ======================================================================== */
/* SR308: literal SecretString                                              */
/* ======================================================================== */

static void sr308_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_SECRET_STRING)
            continue;
        for (size_t k = 0; k < s->nbranches; k++) {
            const struct sr_node *v = s->branches[k].v;
            const struct sr_flat *f = &s->branches[k].flat;
            if (sr_dynref_present(f->s, f->len))
                continue;
            size_t b = 0, e = f->len;
            while (b < e && isspace((unsigned char)f->s[b]))
                b++;
            while (e > b && isspace((unsigned char)f->s[e - 1]))
                e--;
            if (b == e)
                continue;
            struct sr_kv_span p[64];
            size_t np = f->s[b] == '{' ? sr_json_pairs(f->s + b, e - b, p, 64) : 0;
            const char *o = f->s + b;
            int c = np ? sr_secret_cred_pair(o, p, np) : -1;
            struct sr_finding *fd = NULL;
            if (c >= 0) {
                fd = sr_report(ctx, v,
                               "Secret %s: SecretString holds a literal value for key '%s' %s, "
                               "committed with the template; use GenerateSecretString, or put "
                               "the value into the secret outside the template",
                               s->res->id, sr_excerpt(ctx->arena, o + p[c].key, p[c].klen),
                               xp_redact(ctx, o + p[c].val, p[c].vlen));
                fd->judged.key = sr_arena_strndup(ctx->arena, o + p[c].key, p[c].klen);
            } else if (!np && !f->nrefs && !f->opaque.n &&
                       !(sr_secret_benign(o, e - b) && (e - b) < 6) &&
                       !(e - b == 2 && o[0] == '{' && o[1] == '}')) {
                fd = sr_report(ctx, v,
                               "Secret %s: SecretString is a literal %s, committed with the "
                               "template; use GenerateSecretString, or put the value into the "
                               "secret outside the template",
                               s->res->id, xp_redact(ctx, o, e - b));
            }
            if (fd) {
                fd->judged.secret = s->res;
                fd->judged.value = v;
            }
        }
    }
}

/*
 * Reads judged.secret, judged.value (the literal SecretString) and
 * judged.key (the key the check found holding the credential, or NULL for
 * a whole literal): GenerateSecretString takes its place, generating that
 * key inside a template of the other keys. Keys that hold credentials too
 * are left out of the template, never copied.
 */
static int sr308_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *s = j->secret;
    const struct sr_node *props = sr_fix_own_props(s);
    const struct sr_node *ss = props ? sr_map_get(props, "SecretString") : NULL;
    if (!s || !ss || ss != sr_deref(j->value) || !sr_is_literal(ss) || ss->tag)
        return sr_fix_refuse(fx, fix, "SecretString is not a literal of the secret");
    if (sr_map_get(props, "GenerateSecretString"))
        return sr_fix_refuse(fx, fix, "the secret sets GenerateSecretString too");
    struct sr_arena *a = fx->a;
    const char *tmpl = NULL, *dropped = NULL;
    if (j->key) {
        tmpl = sr_secret_template_without(a, sr_node_str(ss), sr_node_len(ss), j->key, &dropped);
        if (!tmpl)
            return sr_fix_refuse(fx, fix, "the SecretString is not a JSON object");
    }
    sr_fix_unsafe(fix, fx,
                  "secret %s gets a generated value instead of the one written: whatever uses "
                  "the written value must take the new one",
                  s->id);
    sr_fix_delete(fx, fix, props, "SecretString");
    sr_fix_set_prop(fx, fix, s, "GenerateSecretString", sr_scaffold_generate(fx, 0, tmpl, j->key));
    if (!j->key)
        fix->what = "replaced the literal SecretString by GenerateSecretString";
    else
        fix->what = sr_arena_printf(a,
                                    "replaced the literal SecretString by GenerateSecretString "
                                    "(key '%s' generated, other keys kept%s%s%s): store the real "
                                    "value outside the template if it must be kept",
                                    j->key, dropped ? "; left out the credential keys " : "",
                                    dropped ? dropped : "", dropped ? ", put them in by hand" : "");
    return 0;
}

/* ======================================================================== */
/* SR303: credential patterns anywhere                                      */
/* ======================================================================== */

/*
 * What the scan has seen, by the address of a string: the loader stores
 * equal short scalars once, so the keys of a template (Type, Properties,
 * FunctionName, ...) and its repeated values are a few strings, each
 * tested once. A slot holds the last string that fell into it.
 */
#define XP_MEMO 256

struct xp_memo {
    const char *s[XP_MEMO];
    size_t len[XP_MEMO];
    signed char val[XP_MEMO]; /* the answer for s, len */
};

static size_t xp_memo_slot(const char *s)
{
    uintptr_t p = (uintptr_t)s;
    return (size_t)((p >> 3) ^ (p >> 11)) & (XP_MEMO - 1);
}

/* The remembered answer for s (len bytes), or -1. */
static int xp_memo_get(const struct xp_memo *m, const char *s, size_t len)
{
    size_t k = xp_memo_slot(s);
    return m->s[k] == s && m->len[k] == len ? m->val[k] : -1;
}

static int xp_memo_put(struct xp_memo *m, const char *s, size_t len, int val)
{
    size_t k = xp_memo_slot(s);
    m->s[k] = s;
    m->len[k] = len;
    m->val[k] = (signed char)val;
    return val;
}

struct xp_scan {
    struct sr_ctx *ctx;
    const struct sr_flows *fl;
    struct sr_secret_scanner *scanner;
    struct xp_memo clean; /* strings without a credential pattern */
    struct xp_memo cred;  /* names and whether they name a credential */
};

static int xp_cred_name(struct xp_scan *sc, const char *name)
{
    size_t len = strlen(name);
    int known = xp_memo_get(&sc->cred, name, len);
    return known >= 0 ? known : xp_memo_put(&sc->cred, name, len, sr_cred_name(name));
}

static void xp_scan_scalar(struct xp_scan *sc, const struct sr_node *v, const char *name)
{
    struct sr_ctx *ctx = sc->ctx;
    /* Values the flows report (sr_flows_covers) are asked about last: most
     * strings are ruled out by their text first, for less. */
    if (!v || v->kind != SR_SCALAR || !sr_node_str(v) || sr_node_len(v) < 8)
        return;
    struct sr_secret_hit h[4];
    size_t nh = 0;
    if (xp_memo_get(&sc->clean, sr_node_str(v), sr_node_len(v)) != 1) {
        nh = sr_secret_scanner_scan(sc->scanner, sr_node_str(v), sr_node_len(v), h, 4);
        if (nh == 0)
            xp_memo_put(&sc->clean, sr_node_str(v), sr_node_len(v), 1);
    }
    if (nh > 0) {
        if (sr_flows_covers(sc->fl, v))
            return;
        if (nh > 1)
            sr_report(ctx, v, "%s %s and %zu more credential%s in the template text",
                      sr_secret_pat_name(h[0].pat),
                      xp_redact(ctx, sr_node_str(v) + h[0].off, h[0].len), nh - 1,
                      nh > 2 ? "s" : "");
        else
            sr_report(ctx, v, "%s %s in the template text; move it to Secrets Manager",
                      sr_secret_pat_name(h[0].pat),
                      xp_redact(ctx, sr_node_str(v) + h[0].off, h[0].len));
        return;
    }
    struct sr_intrinsic in;
    if (name && sr_node_len(v) >= SR_SECRET_MIN_LEN && xp_cred_name(sc, name) &&
        !sr_intrinsic_get(v, &in) && !sr_secret_benign(sr_node_str(v), sr_node_len(v)) &&
        sr_secret_high_entropy(sr_node_str(v), sr_node_len(v)) && !sr_flows_covers(sc->fl, v))
        sr_report(ctx, v,
                  "%s holds a high-entropy literal %s that looks like a credential; move it to "
                  "Secrets Manager",
                  name, xp_redact(ctx, sr_node_str(v), sr_node_len(v)));
}

static void xp_scan_doc(struct xp_scan *sc, const struct sr_node *n, const char *name, int depth)
{
    n = sr_deref(n);
    if (!n || depth > SR_MAX_DEPTH)
        return;
    if (n->kind == SR_SCALAR) {
        xp_scan_scalar(sc, n, name);
    } else if (n->kind == SR_MAP) {
        for (size_t i = 0; i < n->n; i++)
            xp_scan_doc(sc, sr_map_val(n, i), sr_scalar(sr_map_key(n, i)), depth + 1);
    } else if (n->kind == SR_SEQ) {
        for (size_t i = 0; i < n->n; i++)
            xp_scan_doc(sc, sr_seq_item(n, i), NULL, depth + 1);
    }
}

static void sr303_check(struct sr_ctx *ctx)
{
    const struct sr_node *root = ctx->doc->root;
    if (!sr_is_map(root))
        return;
    struct xp_scan sc = {
        .ctx = ctx, .fl = sr_graph_flows(ctx->g), .scanner = sr_secret_scanner_new()};
    for (size_t i = 0; i < root->n; i++) {
        const char *sec = sr_scalar(sr_map_key(root, i));
        const struct sr_node *v = sr_map_val(root, i);
        if (sec && !strcmp(sec, "Parameters") && sr_is_map(v)) {
            /* Parameter names stand next to their Default. */
            for (size_t k = 0; k < v->n; k++) {
                const struct sr_node *def = sr_map_val(v, k);
                const char *pname = sr_scalar(sr_map_key(v, k));
                if (!sr_is_map(def))
                    continue;
                for (size_t j = 0; j < def->n; j++) {
                    const char *key = sr_scalar(sr_map_key(def, j));
                    int is_default = key && !strcmp(key, "Default");
                    xp_scan_doc(&sc, sr_map_val(def, j), is_default ? pname : key, 2);
                }
            }
            continue;
        }
        xp_scan_doc(&sc, v, sec, 1);
    }
    sr_secret_scanner_free(sc.scanner);
}

/* ======================================================================== */
/* SR304: NoEcho parameters                                                 */
/* ======================================================================== */

/* 1 when a parameter name says user name or login (DBMasterUsername). */
static int xp_user_name(const char *name)
{
    static const char *const words[] = {"user", "login"};
    for (size_t w = 0; name && w < 2; w++)
        for (const char *p = name; *p; p++)
            if (!strncasecmp(p, words[w], strlen(words[w])))
                return 1;
    return 0;
}

static void sr304_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nparams; i++) {
        const struct sr_param *p = &fl->params[i];
        const struct sr_node *dflt = sr_map_get(p->def, "Default");
        if (p->noecho) {
            const char *s = sr_scalar(dflt);
            /* A NoEcho user name (DBMasterUsername: admin) is hidden by taste,
             * not a credential with a default. */
            if (!p->cred && xp_user_name(p->name))
                continue;
            if (s && dflt && !sr_secret_benign(s, strlen(s)))
                sr_report(ctx, dflt,
                          "parameter %s is NoEcho but its Default %s is stored in the template "
                          "in plain text; remove the Default and pass the value at deploy time",
                          p->name, xp_redact(ctx, s, strlen(s)));
            continue;
        }
        if (!p->textual || p->allowed)
            continue; /* a credential is never one of a list of allowed values */
        struct sr_finding *f = NULL;
        if (p->feeds)
            f = sr_report(ctx, p->key,
                          "parameter %s feeds the credential property %s but has no NoEcho: "
                          "true, so its value is shown by the console, the API and stack events",
                          p->name, p->feeds);
        else if (p->feeds_secret)
            f = sr_report(ctx, p->key,
                          "parameter %s is the value of a secret (its SecretString) but has no "
                          "NoEcho: true, so its value is shown by the console, the API and stack "
                          "events",
                          p->name);
        else if (p->cred_name && !p->secret_id)
            f = sr_report(ctx, p->key,
                          "parameter %s looks like a credential but has no NoEcho: true, so its "
                          "value is shown by the console, the API and stack events",
                          p->name);
        sr_finding_severity(ctx, f, SR_SEV_WARNING);
    }
}

/* ======================================================================== */
/* SR305: secret values flowing into Outputs and Metadata                   */
/* ======================================================================== */

static void sr305_check(struct sr_ctx *ctx)
{
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_sink *s = f->sink;
        if (s->kind == SR_SINK_USER_DATA) {
            /* References are not resolved in UserData (SR306); parameters are. */
            if ((f->kind != SR_SRC_NOECHO && f->kind != SR_SRC_CRED_PARAM &&
                 f->kind != SR_SRC_SECRET_ATTR) ||
                !sr_report_once(ctx, f->at, f->label))
                continue;
            sr_report(ctx, f->at,
                      "%s: %s is written into UserData, which EC2 returns in plain text to "
                      "anyone allowed ec2:DescribeInstanceAttribute or to read the launch "
                      "template, and which stays on the instance; read the secret at boot from "
                      "Secrets Manager instead",
                      s->owner, f->label);
            continue;
        }
        if (s->kind != SR_SINK_OUTPUT && s->kind != SR_SINK_METADATA)
            continue;
        if (f->kind == SR_SRC_DYNREF) {
            if (f->malformed || !f->secret_value || !sr_report_once(ctx, f->value, f->ref_text))
                continue;
            sr_report(ctx, f->value,
                      "%s: a %s dynamic reference to '%s' reaches %s; Outputs and Metadata "
                      "are shown in plain text and CloudFormation leaves secure references "
                      "there unresolved: output the secret ARN instead",
                      s->owner, sr_dynref_kind_name(f->dynref), f->ref_text, f->path);
            continue;
        }
        if (f->kind != SR_SRC_NOECHO && f->kind != SR_SRC_SECRET_ATTR)
            continue;
        if (!sr_report_once(ctx, f->at, f->label))
            continue;
        sr_report(ctx, f->at,
                  "%s: %s reaches it through %s -> %s; Outputs and Metadata are shown in "
                  "plain text",
                  s->owner, f->label, f->path, f->ref_name ? f->ref_name : "?");
    }
}

/* ======================================================================== */
/* SR306: malformed and misplaced dynamic references                        */
/* ======================================================================== */

enum xp_section {
    XS_OTHER,
    XS_PARAMETERS,
    XS_RESOURCES, /* a resource attribute other than Properties and Metadata */
    XS_PROPERTIES,
    XS_OUTPUTS,
    XS_METADATA
};

struct xp_loc {
    enum xp_section section;
    const char *type; /* resource type (Globals: the AWS::Serverless type) */
    const char *id;   /* logical id ("Globals" for SAM Globals) */
    /* Property path below Properties ("Users/[]/Password"), made only when
     * a finding names it (xp_loc_path): path when set, else up's path and
     * then seg (a key, or a list's "[]" when item). */
    const char *path;
    const struct xp_loc *up;
    const char *seg;
    int item;
    const char *key; /* the mapping key the value is under */
    size_t *count;   /* dynamic references seen so far in the template */
    int too_many_reported;
    int in_fn; /* inside a function's argument: its lists are not property lists */
};

static int xp_ssm_secure_allowed(const char *type, const char *path)
{
    const struct sr_cred_prop *c = sr_credtab_find(type, path);
    return c && c->ssm_secure;
}

static const char *xp_loc_path(struct sr_ctx *ctx, const struct xp_loc *loc)
{
    if (loc->path || !loc->up)
        return loc->path ? loc->path : "";
    const char *p = xp_loc_path(ctx, loc->up);
    if (loc->item)
        return sr_str_join(ctx->arena, p, "/[]", "");
    return p[0] ? sr_str_join(ctx->arena, p, "/", loc->seg) : loc->seg;
}

static void xp_dynref_text(struct sr_ctx *ctx, const struct sr_node *at, const char *s, size_t len,
                           struct xp_loc *loc)
{
    struct sr_dynref d[16];
    size_t nd = sr_dynref_scan(s, len, d, 16);
    for (size_t i = 0; i < nd; i++) {
        ++*loc->count;
        if (*loc->count == SR_DYNREF_MAX_PER_TEMPLATE + 1 && !loc->too_many_reported) {
            loc->too_many_reported = 1;
            sr_report(ctx, at,
                      "more than %d dynamic references in the template; CloudFormation rejects "
                      "it",
                      SR_DYNREF_MAX_PER_TEMPLATE);
        }
        if (i >= 16)
            continue;
        const struct sr_dynref *r = &d[i];
        const char *text = sr_excerpt(ctx->arena, s + r->start, r->end - r->start);
        if (r->err) {
            sr_report(ctx, at, "malformed dynamic reference '%s' (at byte %zu of the value): %s",
                      text, r->err_off - r->start, sr_dynref_err_text(r->err));
            continue;
        }
        int secure = r->kind == SR_DYNREF_SECRETSMANAGER || r->kind == SR_DYNREF_SSM_SECURE;
        switch (loc->section) {
        case XS_PROPERTIES: {
            const char *type = loc->type ? loc->type : "?";
            const char *id = loc->id ? loc->id : "?";
            const char *path = xp_loc_path(ctx, loc);
            if (sr_credtab_is_user_data(loc->type, path)) {
                sr_report(ctx, at,
                          "%s %s: dynamic reference '%s' in UserData is not resolved; the "
                          "instance receives the literal text. Read the value at boot instead "
                          "(aws secretsmanager get-secret-value / aws ssm get-parameter)",
                          type, id, text);
            } else if (secure && xp_is_custom_type(type)) {
                sr_report(ctx, at,
                          "%s %s: %s dynamic references are not supported in custom resources; "
                          "pass the secret ARN and read it in the handler",
                          type, id, sr_dynref_kind_name(r->kind));
            } else if (r->kind == SR_DYNREF_SSM_SECURE && !xp_ssm_secure_allowed(loc->type, path)) {
                sr_report(ctx, at,
                          "%s %s: ssm-secure is not supported for property %s; CloudFormation "
                          "fails the deployment. Use a Secrets Manager dynamic reference",
                          type, id, path);
            } else if (r->kind == SR_DYNREF_SECRETSMANAGER && sr_credtab_arn_prop(loc->key) &&
                       r->start == 0 && r->end == len) {
                sr_report(ctx, at,
                          "%s %s: %s expects the ARN of a secret, but '%s' resolves to the "
                          "secret's value; use !Ref of the secret or its ARN",
                          type, id, loc->key, text);
            }
            break;
        }
        case XS_PARAMETERS:
            if (r->kind == SR_DYNREF_SSM_SECURE)
                sr_report(ctx, at,
                          "ssm-secure dynamic reference '%s' in Parameters is not resolved; it "
                          "works only in supported resource properties",
                          text);
            else if (r->kind == SR_DYNREF_SSM && r->version.len == 0)
                sr_report(ctx, at,
                          "ssm dynamic reference '%s' in Parameters needs a version number "
                          "({{resolve:ssm:name:version}})",
                          text);
            break;
        case XS_OUTPUTS:
        case XS_METADATA:
            /* Secret values there are SR305's; other secure references stay literal. */
            if (secure && !sr_dynref_secret_value(s, r))
                sr_report(ctx, at,
                          "%s dynamic reference '%s' is resolved only in resource properties; "
                          "here it stays literal text",
                          sr_dynref_kind_name(r->kind), text);
            break;
        case XS_RESOURCES:
        case XS_OTHER:
            if (secure)
                sr_report(ctx, at,
                          "%s dynamic reference '%s' is resolved only in resource properties; "
                          "here it stays literal text",
                          sr_dynref_kind_name(r->kind), text);
            break;
        }
    }
}

static void xp_dynref_walk(struct sr_ctx *ctx, const struct sr_node *v, struct xp_loc *loc,
                           int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    struct xp_loc fnloc, *outer = NULL;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
            xp_dynref_walk(ctx, sr_seq_item(in.arg, 1), loc, depth + 1);
            xp_dynref_walk(ctx, sr_seq_item(in.arg, 2), loc, depth + 1);
            return;
        }
        if (in.fn == SR_FN_SUB || in.fn == SR_FN_JOIN || in.fn == SR_FN_BASE64) {
            struct sr_flat f;
            sr_flatten(ctx->arena, ctx->g, v, &f);
            xp_dynref_text(ctx, v, f.s, f.len, loc);
            for (size_t i = 0; i < f.opaque.n; i++)
                if (f.opaque.v[i] != v)
                    xp_dynref_walk(ctx, f.opaque.v[i], loc, depth + 1);
            return;
        }
        if (in.fn == SR_FN_REF || in.fn == SR_FN_GETATT)
            return;
        fnloc = *loc;
        fnloc.key = NULL;
        fnloc.in_fn = 1; /* !Select [0, [x]] stands at the property's path */
        if (in.arg != v) {
            xp_dynref_walk(ctx, in.arg, &fnloc, depth + 1);
            loc->too_many_reported |= fnloc.too_many_reported;
            return;
        }
        /* A !Tag sits on its argument: v's own text or children are walked
         * below (walking in.arg would find the tag again, down to the
         * depth limit). */
        outer = loc;
        loc = &fnloc;
    }
    if (v->kind == SR_SCALAR) {
        xp_dynref_text(ctx, v, sr_node_str(v), sr_node_len(v), loc);
    } else if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            struct xp_loc inner = *loc;
            inner.key = k;
            if (loc->section == XS_PROPERTIES) {
                inner.path = NULL;
                inner.up = loc;
                inner.seg = k ? k : "?";
                inner.item = 0;
            }
            xp_dynref_walk(ctx, sr_map_val(v, i), &inner, depth + 1);
            loc->too_many_reported |= inner.too_many_reported;
        }
    } else if (v->kind == SR_SEQ) {
        struct xp_loc inner = *loc;
        if (loc->section == XS_PROPERTIES && !loc->in_fn) {
            inner.path = NULL;
            inner.up = loc;
            inner.item = 1;
        }
        for (size_t i = 0; i < v->n; i++)
            xp_dynref_walk(ctx, sr_seq_item(v, i), &inner, depth + 1);
        loc->too_many_reported |= inner.too_many_reported;
    }
    if (outer)
        outer->too_many_reported |= loc->too_many_reported;
}

static void sr306_check(struct sr_ctx *ctx)
{
    const struct sr_node *root = ctx->doc->root;
    if (!sr_is_map(root))
        return;
    size_t count = 0;
    struct xp_loc loc = {0};
    loc.count = &count;
    for (size_t i = 0; i < root->n; i++) {
        const char *sec = sr_scalar(sr_map_key(root, i));
        const struct sr_node *v = sr_map_val(root, i);
        loc.type = loc.id = NULL;
        loc.path = "";
        loc.key = sec;
        if (sec && !strcmp(sec, "Resources") && sr_is_map(v)) {
            for (size_t k = 0; k < v->n; k++) {
                const char *id = sr_scalar(sr_map_key(v, k));
                const struct sr_node *body = sr_map_val(v, k);
                const struct sr_resource *r = id ? sr_graph_find(ctx->g, id) : NULL;
                loc.type = r ? r->type : NULL;
                loc.id = id;
                for (size_t j = 0; sr_is_map(body) && j < body->n; j++) {
                    const char *attr = sr_scalar(sr_map_key(body, j));
                    loc.section = !attr                         ? XS_RESOURCES
                                  : !strcmp(attr, "Properties") ? XS_PROPERTIES
                                  : !strcmp(attr, "Metadata")   ? XS_METADATA
                                                                : XS_RESOURCES;
                    loc.path = "";
                    loc.key = attr;
                    if (loc.section == XS_PROPERTIES && !loc.type)
                        loc.section = XS_RESOURCES;
                    xp_dynref_walk(ctx, sr_map_val(body, j), &loc, 2);
                }
            }
            continue;
        }
        if (sec && !strcmp(sec, "Globals") && sr_is_map(v)) {
            /* SAM Globals: properties of the AWS::Serverless type they name. */
            for (size_t k = 0; k < v->n; k++) {
                const char *kind = sr_scalar(sr_map_key(v, k));
                loc.section = XS_PROPERTIES;
                loc.type = sr_arena_printf(ctx->arena, "AWS::Serverless::%s", kind ? kind : "?");
                loc.id = "Globals";
                loc.path = "";
                loc.key = kind;
                xp_dynref_walk(ctx, sr_map_val(v, k), &loc, 2);
            }
            continue;
        }
        loc.section = !sec                         ? XS_OTHER
                      : !strcmp(sec, "Parameters") ? XS_PARAMETERS
                      : !strcmp(sec, "Outputs")    ? XS_OUTPUTS
                      : !strcmp(sec, "Metadata")   ? XS_METADATA
                                                   : XS_OTHER;
        xp_dynref_walk(ctx, v, &loc, 1);
    }
}

/* ======================================================================== */
/* SR309 / SR313: encryption of secrets and replicas                        */
/* ======================================================================== */

/* 1 when a KmsKeyId value names the AWS managed key of Secrets Manager. */
static int xp_is_aws_managed_key(const struct sr_node *k)
{
    const char *s = sr_scalar(k);
    if (!s)
        return 0;
    size_t n = strlen(s);
    static const char tail[] = "alias/aws/secretsmanager";
    return n >= sizeof(tail) - 1 && !strcmp(s + n - (sizeof(tail) - 1), tail) &&
           (n == sizeof(tail) - 1 || s[n - sizeof(tail)] == ':');
}

/* 1 when a principal value names someone outside the template's account:
 * "*", a literal account or ARN, or a parameter (an account given at deploy
 * time). A template role (GetAtt/Ref) and ${AWS::AccountId} are the
 * account's own. */
static int xp_foreign_principal(const struct sr_node *v, int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_DEPTH)
        return 0;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_GETATT)
            return 0;
        if (in.fn == SR_FN_REF) {
            const char *r = sr_scalar(in.arg);
            return r && !strncmp(r, "AWS::", 5) ? 0 : 1;
        }
        const char *sub = sr_value_sub_string(v);
        if (sub)
            return strstr(sub, "${AWS::AccountId}") == NULL;
        /* Either branch of an Fn::If, the list of an Fn::Select (not the
         * condition's name or the index). */
        const struct sr_node *arg = sr_deref(in.arg);
        if ((in.fn == SR_FN_IF || in.fn == SR_FN_SELECT) && sr_is_seq(arg)) {
            for (size_t i = 1; i < arg->n && i < 3; i++)
                if (xp_foreign_principal(sr_seq_item(arg, i), depth + 1))
                    return 1;
            return 0;
        }
        /* A !Tag's argument is v itself: its items, not the tag again. */
        if (in.arg != v)
            return xp_foreign_principal(in.arg, depth + 1);
    }
    if (v->kind == SR_SCALAR)
        return sr_node_str(v) && sr_node_len(v) > 0;
    if (v->kind == SR_SEQ)
        for (size_t i = 0; i < v->n; i++)
            if (xp_foreign_principal(sr_seq_item(v, i), depth + 1))
                return 1;
    return 0;
}

/* The first Allow statement of a resource policy of secret r that lets
 * another account in, or NULL. */
static const struct sr_node *xp_shared_with(const struct sr_resource *r)
{
    for (size_t i = 0; i < r->secret_policies.n; i++) {
        const struct sr_resource *pol = r->secret_policies.v[i];
        const struct sr_node *doc = sr_deref(sr_res_prop(pol, "ResourcePolicy"));
        const struct sr_node *st = sr_deref(sr_map_get(doc, "Statement"));
        size_t n = sr_is_seq(st) ? st->n : (sr_is_map(st) ? 1 : 0);
        for (size_t k = 0; k < n; k++) {
            const struct sr_node *s = sr_is_seq(st) ? sr_deref(sr_seq_item(st, k)) : st;
            const char *eff = sr_scalar(sr_map_get(s, "Effect"));
            const struct sr_node *pr = sr_deref(sr_map_get(s, "Principal"));
            if (!eff || strcmp(eff, "Allow") != 0 || !pr)
                continue;
            if (sr_is_scalar(pr) ? xp_foreign_principal(pr, 0)
                                 : xp_foreign_principal(sr_map_get(pr, "AWS"), 0))
                return pr;
        }
    }
    return NULL;
}

static void sr309_check(struct sr_ctx *ctx)
{
    /* A severity set by the policy asks for a customer managed key on every
     * secret; by default only where the AWS managed key cannot do the job. */
    int strict = ctx->rule && sr_rule_severity(ctx->cfg, ctx->rule) != ctx->rule->severity;
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *k = sr_res_prop(r, "KmsKeyId");
        if (k && !xp_is_aws_managed_key(k))
            continue;
        const struct sr_node *shared = xp_shared_with(r);
        if (!shared && !strict)
            continue;
        const char *why = shared ? "its resource policy lets another account read it, and the "
                                   "AWS managed key aws/secretsmanager cannot be used from "
                                   "another account"
                                 : "it is encrypted with the AWS managed key "
                                   "aws/secretsmanager, whose key policy cannot be restricted";
        struct sr_finding *f =
            !k ? sr_report(ctx, r->key,
                           "secret %s has no KmsKeyId: %s; set KmsKeyId to a "
                           "customer managed key",
                           r->id, why)
               : sr_report(ctx, k,
                           "secret %s names the AWS managed key: %s; use a customer "
                           "managed key",
                           r->id, why);
        if (shared)
            sr_finding_severity(ctx, f, SR_SEV_WARNING);
    }
}

static void sr313_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *k = sr_res_prop(r, "KmsKeyId");
        const struct sr_node *reps = sr_deref(sr_res_prop(r, "ReplicaRegions"));
        if (!k || xp_is_aws_managed_key(k) || !sr_is_seq(reps))
            continue;
        for (size_t j = 0; j < reps->n; j++) {
            const struct sr_node *item = sr_seq_item(reps, j);
            if (!sr_is_map(item) || sr_map_get(item, "KmsKeyId"))
                continue;
            struct sr_intrinsic in;
            if (sr_intrinsic_get(item, &in))
                continue;
            const char *region = sr_scalar(sr_map_get(item, "Region"));
            sr_report(ctx, item,
                      "secret %s uses a customer managed key, but its replica in %s has no "
                      "KmsKeyId and falls back to the AWS managed key there; give each replica "
                      "a KmsKeyId",
                      r->id, region ? region : "another Region");
        }
    }
}

/* ======================================================================== */
/* SR310: generated passwords                                               */
/* ======================================================================== */

static int xp_bool_prop(const struct sr_node *m, const char *key)
{
    return sr_scalar_bool(sr_map_get(m, key)) == 1;
}

/* Below this many bits a generated password is weak: 16 characters of the
 * full alphabet (104 bits) are out of reach, 10 (63 bits) are not. */
#define XP_MIN_PASSWORD_BITS 96

static void sr310_check(struct sr_ctx *ctx)
{
    /* The minimum length is the policy's, applied only when it gives one;
     * by default a password is judged by its entropy alone. */
    int min = ctx->cfg && ctx->cfg->min_password_length_set ? ctx->cfg->min_password_length : 0;
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *gen = sr_deref(sr_res_prop(r, "GenerateSecretString"));
        struct sr_intrinsic in;
        if (!sr_is_map(gen) || sr_intrinsic_get(gen, &in))
            continue;
        const struct sr_node *tmpl = sr_map_get(gen, "SecretStringTemplate");
        const struct sr_node *gkey = sr_map_get(gen, "GenerateStringKey");
        if (sr_res_prop(r, "SecretString"))
            sr_finding_severity(ctx,
                                sr_report(ctx, gen,
                                          "secret %s sets both SecretString and "
                                          "GenerateSecretString; Secrets Manager takes one",
                                          r->id),
                                SR_SEV_ERROR);
        if (tmpl && !gkey)
            sr_finding_severity(ctx,
                                sr_report(ctx, tmpl,
                                          "secret %s has a SecretStringTemplate but no "
                                          "GenerateStringKey, so the generated password has no key "
                                          "to go under; add GenerateStringKey",
                                          r->id),
                                SR_SEV_ERROR);
        else if (gkey && !tmpl)
            sr_finding_severity(ctx,
                                sr_report(ctx, gkey,
                                          "secret %s has a GenerateStringKey but no "
                                          "SecretStringTemplate; add the JSON template it extends",
                                          r->id),
                                SR_SEV_ERROR);
        const char *ts = sr_scalar(tmpl);
        if (ts) {
            while (*ts == ' ' || *ts == '\n' || *ts == '\t')
                ts++;
            if (*ts != '{')
                sr_finding_severity(
                    ctx,
                    sr_report(ctx, tmpl, "secret %s: SecretStringTemplate must be a JSON object",
                              r->id),
                    SR_SEV_ERROR);
        }
        int lower = !xp_bool_prop(gen, "ExcludeLowercase");
        int upper = !xp_bool_prop(gen, "ExcludeUppercase");
        int digits = !xp_bool_prop(gen, "ExcludeNumbers");
        int punct = !xp_bool_prop(gen, "ExcludePunctuation");
        if (!lower && !upper && !digits && !punct) {
            sr_finding_severity(ctx,
                                sr_report(ctx, gen,
                                          "secret %s excludes every character class; there is "
                                          "nothing left to generate a password from",
                                          r->id),
                                SR_SEV_ERROR);
            continue;
        }
        /* Alphabet: 26 + 26 + 10 + 32 punctuation, minus ExcludeCharacters. */
        int in_set[256] = {0};
        int alphabet = 0;
        for (int c = 33; c < 127; c++) {
            int cls = (c >= 'a' && c <= 'z')   ? lower
                      : (c >= 'A' && c <= 'Z') ? upper
                      : (c >= '0' && c <= '9') ? digits
                                               : punct;
            if (cls) {
                in_set[c] = 1;
                alphabet++;
            }
        }
        const char *ex = sr_scalar(sr_map_get(gen, "ExcludeCharacters"));
        for (const unsigned char *p = (const unsigned char *)ex; p && *p; p++)
            if (in_set[*p]) {
                in_set[*p] = 0;
                alphabet--;
            }
        if (xp_bool_prop(gen, "IncludeSpace"))
            alphabet++;
        const struct sr_node *lenn = sr_map_get(gen, "PasswordLength");
        long long len = 32;
        if (lenn && sr_scalar_int(lenn, &len) < 0)
            continue; /* computed: cannot judge */
        if (alphabet < 1)
            alphabet = 1;
        double bits = (double)len * log2((double)alphabet);
        if (len < min)
            sr_report(ctx, lenn ? lenn : gen,
                      "secret %s: the generated password has %lld characters (about %.0f bits); "
                      "the policy asks for at least %d characters",
                      r->id, len, bits, min);
        else if (bits < XP_MIN_PASSWORD_BITS)
            sr_report(ctx, lenn ? lenn : gen,
                      "secret %s: the generated password has %lld characters from an alphabet "
                      "of %d, about %.0f bits, within reach of offline guessing; generate at "
                      "least %d bits (PasswordLength %d with this alphabet)",
                      r->id, len, alphabet, bits, XP_MIN_PASSWORD_BITS,
                      alphabet > 1 ? (int)ceil(XP_MIN_PASSWORD_BITS / log2((double)alphabet)) : 0);
    }
}

/* ======================================================================== */
/* SR311: retention of secrets                                              */
/* ======================================================================== */

static int xp_keeps(const char *pol)
{
    return pol && (!strcmp(pol, "Retain") || !strcmp(pol, "RetainExceptOnCreate") ||
                   !strcmp(pol, "Snapshot"));
}

/* A resource of the template that an explicit DeletionPolicy keeps after
 * the stack is deleted and that takes its credential from secret r (a
 * dynamic reference in a credential property, or a SecretTargetAttachment);
 * NULL when none. */
static const struct sr_resource *xp_kept_consumer(struct sr_ctx *ctx, const struct sr_resource *r)
{
    for (size_t i = 0; i < r->attachments.n; i++) {
        const struct sr_resource *a = r->attachments.v[i];
        if (a->database && a->database->node &&
            xp_keeps(sr_scalar(sr_map_get(a->database->node, "DeletionPolicy"))))
            return a->database;
    }
    const struct sr_flows *fl = sr_graph_flows(ctx->g);
    for (size_t i = 0; i < fl->nflows; i++) {
        const struct sr_flow *f = fl->flows[i];
        const struct sr_resource *c = f->sink->res;
        if (f->kind == SR_SRC_DYNREF && f->secret.secret == r && f->secret_value &&
            f->sink->kind == SR_SINK_CRED_PROP && c && c != r && c->node &&
            xp_keeps(sr_scalar(sr_map_get(c->node, "DeletionPolicy"))))
            return c;
    }
    return NULL;
}

static void sr311_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *secrets = &ctx->g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const struct sr_node *dpn = sr_map_get(r->node, "DeletionPolicy");
        const char *dp = sr_scalar(dpn);
        const char *up = sr_scalar(sr_map_get(r->node, "UpdateReplacePolicy"));
        int dok = dp && (!strcmp(dp, "Retain") || !strcmp(dp, "RetainExceptOnCreate"));
        int uok = up && !strcmp(up, "Retain");
        if (dok && uok)
            continue;
        /* Without a consumer that outlives the stack, the secret's value dies
         * with what uses it: nothing is lost. */
        const struct sr_resource *kept = xp_kept_consumer(ctx, r);
        if (!kept)
            continue;
        const char *kp = sr_scalar(sr_map_get(kept->node, "DeletionPolicy"));
        struct sr_finding *f;
        if (dpn && !dok) {
            /* The author chose to delete it (Delete, or a parameter's choice). */
            f = sr_report(ctx, dpn,
                          "secret %s is deleted with the stack (DeletionPolicy %s), but %s, "
                          "which takes its credential from it, is kept (DeletionPolicy: %s): "
                          "its password is lost with the secret",
                          r->id, dp ? dp : "set by a function", kept->id, kp);
            sr_finding_severity(ctx, f, SR_SEV_INFO);
        } else {
            f = sr_report(ctx, r->key,
                          "secret %s has no %s%s%s, but %s, which takes its credential from it, "
                          "is kept (DeletionPolicy: %s): deleting the stack or replacing the "
                          "secret destroys the only copy of its password",
                          r->id, dok ? "" : "DeletionPolicy: Retain",
                          !dok && !uok ? " and no " : "", uok ? "" : "UpdateReplacePolicy: Retain",
                          kept->id, kp);
        }
        f->judged.secret = r;
    }
}

/* Reads judged.secret: adds the Retain policies that are missing. A policy
 * the author wrote (Delete, Snapshot, a !Ref or any other value) is never
 * replaced: the fix is refused, naming it. */
static int sr311_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_resource *s = fix->finding->judged.secret;
    if (!s || s->kind != SR_R_SECRET || !s->node || s->node->kind != SR_MAP)
        return sr_fix_refuse(fx, fix, "the finding is not on a secret of the template");
    const struct sr_node *dn = sr_map_get(s->node, "DeletionPolicy");
    const struct sr_node *un = sr_map_get(s->node, "UpdateReplacePolicy");
    const char *dp = dn ? sr_scalar(dn) : NULL, *up = un ? sr_scalar(un) : NULL;
    int dok = dp && !dn->tag && (!strcmp(dp, "Retain") || !strcmp(dp, "RetainExceptOnCreate"));
    int uok = up && !un->tag && !strcmp(up, "Retain");
    if ((dn && !dok) || (un && !uok))
        return sr_fix_refuse(fx, fix,
                             "secret %s sets %s explicitly (%s): the fix does not replace the "
                             "author's choice; set Retain by hand if the value must survive",
                             s->id, dn && !dok ? "DeletionPolicy" : "UpdateReplacePolicy",
                             dn && !dok ? (dp && !dn->tag ? dp : "an intrinsic function")
                                        : (up && !un->tag ? up : "an intrinsic function"));
    struct sr_arena *a = fx->a;
    if (!dn)
        sr_fix_set(fx, fix, s->node, "DeletionPolicy", sr_fv_str(a, "Retain"));
    if (!un)
        sr_fix_set(fx, fix, s->node, "UpdateReplacePolicy", sr_fv_str(a, "Retain"));
    fix->what = !dn && !un ? "set DeletionPolicy and UpdateReplacePolicy to Retain"
                : !dn      ? "set DeletionPolicy to Retain"
                           : "set UpdateReplacePolicy to Retain";
    return 0;
}

/* ======================================================================== */
/* SR312: hard-coded account, region and partition in ARNs                  */
/* ======================================================================== */

/* 1 when the ARN at a in s names a resource AWS publishes under its own
 * account: a Serverless Application Repository application or a Lambda
 * layer (AWS-published extensions, Powertools, Lambda Insights). Its
 * account is never the template's own and is never rewritten. */
static int xp_arn_aws_owned(const char *s, size_t len, const struct sr_arn *a)
{
    const char *svc = s + a->field[1];
    size_t sl = a->flen[1];
    if (sl == 14 && !strncmp(svc, "serverlessrepo", 14))
        return 1;
    if (sl == 6 && !strncmp(svc, "lambda", 6))
        return a->end + 7 <= len && !strncmp(s + a->end, ":layer:", 7);
    return 0;
}

/* What the first ARN of s with a literal account or region hard-codes, as
 * a message part; NULL when none. foreign: an ARN of another account's
 * resource (a Lambda layer), where only the Region is ours. */
static const char *xp_hardcoded_arn(struct sr_ctx *ctx, const char *s, size_t len, int foreign,
                                    struct sr_arn *out)
{
    struct sr_arn a;
    for (size_t from = 0; sr_arn_next(s, len, from, 0, SR_DYNREF_PLACEHOLDER, &a);
         from = a.start + 4) {
        const char *f2 = s + a.field[2], *f3 = s + a.field[3], *f0 = s + a.field[0];
        int region = sr_arn_is_region(f2, a.flen[2]);
        int account = !foreign && sr_arn_is_account(f3, a.flen[3]) && !xp_arn_aws_owned(s, len, &a);
        if (!region && !account)
            continue;
        int partition = sr_arn_literal_partition(s, &a, 0, SR_DYNREF_PLACEHOLDER);
        int fl0 = (int)a.flen[0], fl2 = (int)a.flen[2], fl3 = (int)a.flen[3];
        const char *parts = sr_arena_printf(
            ctx->arena, "%s%.*s%s%s%.*s%s%s%.*s", account ? "account " : "", account ? fl3 : 0, f3,
            account && (region || partition) ? ", " : "", region ? "region " : "", region ? fl2 : 0,
            f2, region && partition ? ", " : "", partition ? "partition " : "", partition ? fl0 : 0,
            f0);
        const char *subst = sr_arena_printf(
            ctx->arena, "%s%s%s%s%s", account ? "${AWS::AccountId}" : "",
            account && (region || partition) ? ", " : "", region ? "${AWS::Region}" : "",
            region && partition ? ", " : "", partition ? "${AWS::Partition}" : "");
        *out = a;
        return sr_arena_printf(ctx->arena, "%s; write it with !Sub and %s", parts, subst);
    }
    return NULL;
}

/* What a hard-coded ARN is in, named when the first finding needs it. */
struct xp_where {
    const struct sr_resource *r; /* or NULL: label is set */
    const char *label;
};

static const char *xp_where_label(struct sr_ctx *ctx, struct xp_where *w)
{
    if (!w->label)
        w->label = sr_str_join(ctx->arena, w->r->type ? w->r->type : "resource", " ", w->r->id);
    return w->label;
}

static void xp_arn_report(struct sr_ctx *ctx, const struct sr_node *v, struct xp_where *where,
                          const char *what, int foreign)
{
    struct sr_finding *f =
        sr_report(ctx, v, "%s: ARN hard-codes %s", xp_where_label(ctx, where), what);
    f->judged.days = foreign; /* 1: only the Region may be rewritten */
}

static void xp_arn_walk(struct sr_ctx *ctx, const struct sr_node *v, struct xp_where *where,
                        int foreign, int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    const char *what;
    struct sr_arn a;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_SUB || in.fn == SR_FN_JOIN) {
            struct sr_flat f;
            sr_flatten(ctx->arena, ctx->g, v, &f);
            if ((what = xp_hardcoded_arn(ctx, f.s, f.len, foreign, &a)) != NULL)
                xp_arn_report(ctx, v, where, what, foreign);
            for (size_t i = 0; i < f.opaque.n; i++)
                if (f.opaque.v[i] != v)
                    xp_arn_walk(ctx, f.opaque.v[i], where, foreign, depth + 1);
            return;
        }
        if (in.fn == SR_FN_REF || in.fn == SR_FN_GETATT)
            return;
        if (in.arg != v) {
            xp_arn_walk(ctx, in.arg, where, foreign, depth + 1);
            return;
        }
        /* A !Tag sits on its argument: v's own text or children are walked
         * below (walking in.arg would find the tag again). */
    }
    if (v->kind == SR_SCALAR) {
        if (sr_node_len(v) > 20 &&
            (what = xp_hardcoded_arn(ctx, sr_node_str(v), sr_node_len(v), foreign, &a)) != NULL)
            xp_arn_report(ctx, v, where, what, foreign);
    } else if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            /* Principals name other accounts on purpose; a Serverless Application
             * Repository application is published under its owner's ARN. */
            if (k && ((k[0] == 'P' && !strcmp(k, "Principal")) ||
                      (k[0] == 'N' && !strcmp(k, "NotPrincipal")) ||
                      (k[0] == 'A' && !strcmp(k, "ApplicationId"))))
                continue;
            /* Layer ARNs name the publisher's account and a Region; AWS publishes
             * its layers (the Parameters and Secrets extension) under a
             * different account in each Region, so the literal is meant. */
            if (k && k[0] == 'L' && !strcmp(k, "Layers"))
                continue;
            xp_arn_walk(ctx, sr_map_val(v, i), where, foreign, depth + 1);
        }
    } else if (v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            xp_arn_walk(ctx, sr_seq_item(v, i), where, foreign, depth + 1);
    }
}

static void sr312_check(struct sr_ctx *ctx)
{
    for (size_t i = 0; i < ctx->g->nres; i++) {
        const struct sr_resource *r = ctx->g->res[i];
        if (r->implicit || !r->node)
            continue;
        struct xp_where w = {r, NULL};
        xp_arn_walk(ctx, sr_map_get(r->node, "Properties"), &w, 0, 0);
    }
    const struct sr_node *outs = ctx->g->t.outputs;
    for (size_t i = 0; sr_is_map(outs) && i < outs->n; i++) {
        const char *name = sr_scalar(sr_map_key(outs, i));
        struct xp_where w = {NULL, sr_arena_printf(ctx->arena, "output %s", name ? name : "?")};
        xp_arn_walk(ctx, sr_map_val(outs, i), &w, 0, 0);
    }
    if (ctx->g->t.globals) {
        struct xp_where w = {NULL, "Globals"};
        xp_arn_walk(ctx, ctx->g->t.globals, &w, 0, 0);
    }
}

/*
 * The ARNs of s written with pseudo parameters; a literal "${" is escaped
 * for Fn::Sub unless sub (s is already a Sub string). NULL when nothing
 * changed.
 */
static const char *xp_arn_sub(struct sr_arena *a, const char *s, int sub, int foreign, int *owned)
{
    size_t n = strlen(s), cap = n * 2 + 256, w = 0;
    char *out = sr_arena_alloc(a, cap);
    int changed = 0;
    size_t i = 0;
    while (i < n) {
        struct sr_arn arn;
        size_t next = sr_arn_next(s, n, i, sub, 0, &arn) ? arn.start : n;
        int region = 0, account = 0;
        if (next < n) {
            region = sr_arn_is_region(s + arn.field[2], arn.flen[2]);
            account = !foreign && sr_arn_is_account(s + arn.field[3], arn.flen[3]) &&
                      !xp_arn_aws_owned(s, n, &arn);
            if (!region && !account)
                next = arn.start + 4; /* copy "arn:" as it is and look further */
        }
        /* Text up to the ARN (or the end), "${" escaped outside a Sub string. */
        for (; i < next; i++) {
            if (!sub && s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
                memcpy(out + w, "${!", 3);
                w += 3;
                i++;
                continue;
            }
            out[w++] = s[i];
        }
        if (i >= n || (!region && !account))
            continue;
        int part = sr_arn_literal_partition(s, &arn, sub, 0);
        if (xp_arn_aws_owned(s, n, &arn))
            *owned = 1;
        w += (size_t)snprintf(
            out + w, cap - w, "arn:%s%.*s:%.*s:%s%.*s:%s%.*s:", part ? "${AWS::Partition}" : "",
            part ? 0 : (int)arn.flen[0], s + arn.field[0], (int)arn.flen[1], s + arn.field[1],
            region ? "${AWS::Region}" : "", region ? 0 : (int)arn.flen[2], s + arn.field[2],
            account ? "${AWS::AccountId}" : "", account ? 0 : (int)arn.flen[3], s + arn.field[3]);
        i = arn.end + 1;
        changed = 1;
    }
    out[w] = '\0';
    return changed ? out : NULL;
}

/* The key of inline code (ZipFile, InlineCode, UserData, ...) that holds v
 * (v itself or a value around it), or NULL. */
static const char *xp_inline_code_key(const struct sr_node *v)
{
    static const char *const keys[] = {"ZipFile", "InlineCode", "UserData", "Script",
                                       "Command", "Commands",   "command"};
    for (int depth = 0; v && depth < SR_MAX_DEPTH; depth++, v = v->parent) {
        const struct sr_node *k = v->parent && v->parent->kind == SR_MAP ? sr_value_key(v) : NULL;
        const char *ks = k ? sr_scalar(k) : NULL;
        for (size_t i = 0; ks && i < sizeof(keys) / sizeof(keys[0]); i++)
            if (!strcmp(ks, keys[i]) && (v->kind == SR_SCALAR || strcmp(ks, "Code") != 0))
                return ks;
    }
    return NULL;
}

/* Reads judged.days (1: a foreign ARN, only its Region is ours): the value
 * becomes an Fn::Sub with pseudo parameters. */
static int sr312_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *v = fix->finding->node;
    if (!v || !v->parent)
        return sr_fix_refuse(fx, fix, "the finding has no value to change");
    int foreign = fix->finding->judged.days;
    const char *code = xp_inline_code_key(v);
    if (code)
        return sr_fix_refuse(fx, fix,
                             "the ARN is inside inline code (%s): the fix never edits code; "
                             "build the ARN in the code from the account and Region it runs in, "
                             "or pass it in an environment variable written with !Sub",
                             code);
    const char *s;
    int owned = 0;
    if (sr_is_literal(v) && !v->tag) {
        s = xp_arn_sub(fx->a, sr_node_str(v), 0, foreign, &owned);
    } else if (sr_value_sub_string(v)) {
        s = xp_arn_sub(fx->a, sr_value_sub_string(v), 1, foreign, &owned);
    } else {
        return sr_fix_refuse(fx, fix, "the ARN is built with a function other than a plain Sub");
    }
    if (!s)
        return sr_fix_refuse(fx, fix, "no account or region found in the ARN");
    sr_fix_replace(fx, fix, v, sr_fv_sub(fx->a, s));
    if (owned)
        sr_fix_unsafe(fix, fx,
                      "the ARN names a layer or application AWS publishes in each Region, "
                      "not always with the same version: check that it exists in every Region "
                      "the template deploys to");
    fix->what = sr_arena_printf(fx->a, "wrote the ARN as !Sub %s", s);
    return 0;
}

/* ======================================================================== */
/* Descriptors                                                              */
/* ======================================================================== */

static const struct sr_rule sr301 = {
    .id = "SR301",
    .title = "plaintext value in a property that holds a credential",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.3,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references-secretsmanager.html",
    .explain =
        "A property that holds a credential (a database master password, an ElastiCache "
        "AuthToken,\n"
        "a DMS endpoint password, an Amazon MQ user password, an OpenSearch master user password,\n"
        "a Directory Service password, connection credentials of AppFlow, Glue and EventBridge,\n"
        "and the others listed in schemas/credential-properties.json) is given as literal text,\n"
        "directly, through Fn::Sub or Fn::Join, or from Mappings. The value then sits in the\n"
        "repository, in every copy of the template and in the stack's template history.\n"
        "\n"
        "Values that come from a dynamic reference, a parameter or another resource are not\n"
        "reported here (a parameter without NoEcho is SR304, plain ssm is SR307).\n"
        "\n"
        "How to fix: create an AWS::SecretsManager::Secret with GenerateSecretString and use\n"
        "'{{resolve:secretsmanager:<secret>:SecretString:password}}'. For RDS, Aurora, Redshift "
        "and\n"
        "DocumentDB, let the service manage the password instead (ManageMasterUserPassword,\n"
        "ManageMasterPassword, ManageAdminPassword).\n"
        "\n"
        "Example:\n"
        "    Database:\n"
        "      Type: AWS::RDS::DBInstance\n"
        "      Properties:\n"
        "        MasterUserPassword: Sup3rS3cret!       # SR301\n"
        "    # fixed:\n"
        "        ManageMasterUserPassword: true\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references-secretsmanager.html\n",
    .check = sr301_check,
    .plan = sr301_plan,
    .fix_safety = SR_FIXSAFE_BOTH,
};

static const struct sr_rule sr302 = {
    .id = "SR302",
    .title = "credential-looking literal in environment variables",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "retrieving-secrets_lambda.html",
    .explain =
        "An environment variable of a Lambda or SAM function (Globals included), an ECS "
        "container,\n"
        "a Batch job, a CodeBuild project (PLAINTEXT variables) or an App Runner service holds a\n"
        "literal credential: its name ends in PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ...\n"
        "and its value is literal text that is not a name, ARN, path, URL, number or placeholder,\n"
        "or its value matches a known token format (AWS access key id, GitHub, Slack, Stripe,\n"
        "Google, JWT, private key, password in a URL). Environment variables are shown to anyone\n"
        "who can read the function or task configuration and are copied into every version.\n"
        "\n"
        "How to fix: store the value in Secrets Manager, pass the secret's ARN in the variable\n"
        "(for example DB_SECRET_ARN: !Ref DbSecret) and read the secret at run time with the SDK\n"
        "or the AWS Parameters and Secrets Lambda Extension. For ECS use the container's Secrets.\n"
        "\n"
        "Example:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        API_KEY: 9f8e7d6c5b4a39281706f5e4     # SR302\n"
        "        API_KEY_SECRET_ARN: !Ref ApiKeySecret # fine\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "retrieving-secrets_lambda.html\n",
    .check = sr302_check,
    .plan = sr302_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
};

static const struct sr_rule sr303 = {
    .id = "SR303",
    .title = "credential pattern in the template",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html",
    .explain =
        "Text somewhere in the template matches a credential format: an AWS access key id\n"
        "(AKIA/ASIA...), a private key block, a GitHub, Slack, Stripe or Google token, a JSON Web\n"
        "Token, a password inside a URL (scheme://user:password@host), an AWS secret access key "
        "or\n"
        "a high-entropy value assigned to a password or token name in text such as UserData. A\n"
        "value under a credential-like key (ApiKey, ClientSecret, ...) is also reported when it "
        "has\n"
        "at least 12 characters of two or more classes and a Shannon entropy of at least 3.0 bits\n"
        "per character.\n"
        "\n"
        "Not reported: ARNs, UUIDs, hashes, S3 keys, `${...}` placeholders, dynamic references,\n"
        "AWS's documented example keys, and values already judged by SR301, SR302, SR304 or "
        "SR308.\n"
        "\n"
        "How to fix: revoke the credential (it is in the repository's history), store the new one\n"
        "in Secrets Manager and reference it.\n"
        "\n"
        "Example:\n"
        "    UserData: !Base64 |\n"
        "      export AWS_ACCESS_KEY_ID=AKIA...           # SR303: use an instance profile\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html\n",
    .check = sr303_check,
};

static const struct sr_rule sr304 = {
    .id = "SR304",
    .title = "NoEcho parameter with a Default, or credential parameter without NoEcho",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "parameters-section-structure.html",
    .explain =
        "Error: a parameter with NoEcho: true has a Default. The default is stored in the "
        "template\n"
        "in plain text, which defeats NoEcho.\n"
        "\n"
        "Warning: a String parameter that holds a credential has no NoEcho: true. Its value is\n"
        "then shown by the console, DescribeStacks and stack events. A parameter holds a\n"
        "credential by its use: it is the whole value of a credential property (SR301's table) or\n"
        "of a secret's SecretString, whatever its name. Otherwise by its name (DbPassword,\n"
        "ApiToken, ClientSecret, LicenseKey, HecToken, SlackWebhookUrl: a webhook URL lets "
        "whoever\n"
        "holds it post), unless the template uses it as something else: a SecretId, part of an\n"
        "ARN or a longer text, or a flag with AllowedValues.\n"
        "\n"
        "How to fix: set NoEcho: true and remove the Default; better, replace the parameter by a\n"
        "Secrets Manager secret and a dynamic reference. NoEcho does not hide a value that is\n"
        "copied into Outputs or Metadata (SR305).\n"
        "\n"
        "Example:\n"
        "    Parameters:\n"
        "      DbPassword:\n"
        "        Type: String\n"
        "        NoEcho: true\n"
        "        Default: hunter2          # SR304 (error)\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "parameters-section-structure.html\n",
    .check = sr304_check,
};

static const struct sr_rule sr305 = {
    .id = "SR305",
    .title = "secret value flows into Outputs or Metadata",
    .severity = SR_SEV_ERROR,
    .security_severity = 8.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "parameters-section-structure.html",
    .explain =
        "A value that must stay secret reaches an Output, the template Metadata or a resource's\n"
        "Metadata: a NoEcho parameter, a secretsmanager or ssm-secure dynamic reference, an\n"
        "attribute that returns a secret (AWS::IAM::AccessKey SecretAccessKey,\n"
        "AWS::Cognito::UserPoolClient ClientSecret, AWS::AppSync::ApiKey ApiKey), or an attribute\n"
        "that echoes such a value (AWS::SSM::Parameter Value). The path is followed through Ref,\n"
        "Fn::Sub, Fn::Join, Fn::If and the other functions and printed in the message.\n"
        "\n"
        "NoEcho masks a parameter only in DescribeStacks and stack events: CloudFormation shows\n"
        "Outputs and Metadata as they are. Secure dynamic references are not resolved there.\n"
        "\n"
        "How to fix: output the secret's ARN (!Ref Secret) instead of its value, and read\n"
        "values at run time. Do not put credentials into AWS::CloudFormation::Init.\n"
        "\n"
        "Example:\n"
        "    Outputs:\n"
        "      ConnectionString:\n"
        "        Value: !Sub postgres://admin:${DbPassword}@${Db.Endpoint.Address}   # SR305\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "parameters-section-structure.html\n",
    .check = sr305_check,
};

static const struct sr_rule sr306 = {
    .id = "SR306",
    .title = "malformed or misplaced dynamic reference",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "exposure,security",
    .source =
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html",
    .explain =
        "A dynamic reference does not follow the grammar, or sits where CloudFormation does not\n"
        "resolve it:\n"
        "  {{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}\n"
        "  {{resolve:ssm:name:version}}   {{resolve:ssm-secure:name:version}}\n"
        "Reported: unknown service, empty secret id, a second segment other than SecretString, an\n"
        "incomplete ARN, too many segments (json-key, version-stage and version-id cannot contain\n"
        "':'), both version-stage and version-id, a non-numeric version, whitespace inside the\n"
        "braces (the text stays literal), a trailing backslash, no closing braces, and more than\n"
        "60 references in one template. References split across Fn::Join or Fn::Sub pieces are\n"
        "joined before they are checked.\n"
        "\n"
        "Placement: ssm-secure only in the properties that support it; secure references not in\n"
        "custom resources; no references in EC2 UserData (they are not resolved there); secret\n"
        "references only in resource properties (Outputs and Metadata are SR305); a property that\n"
        "expects a secret ARN (SecretArn, ...) given the secret's value instead.\n"
        "\n"
        "Example:\n"
        "    MasterUserPassword: '{{resolve:secretsmanager:Db:SecretString:password:AWSCURRENT:"
        "a1b2}}'\n"
        "    # SR306: version-stage and version-id both given\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html\n",
    .check = sr306_check,
};

static const struct sr_rule sr307 = {
    .id = "SR307",
    .title = "credential property fed from plain ssm",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references-ssm-secure-strings.html",
    .explain =
        "A credential property takes its value from '{{resolve:ssm:...}}' or from a parameter of\n"
        "type AWS::SSM::Parameter::Value<String>. Both read String parameters, which Parameter\n"
        "Store keeps unencrypted and shows to anyone with ssm:GetParameter.\n"
        "\n"
        "How to fix: keep the value in Secrets Manager ('{{resolve:secretsmanager:...}}'), or in "
        "a\n"
        "SecureString parameter referenced with '{{resolve:ssm-secure:...}}' where the property\n"
        "supports it.\n"
        "\n"
        "Example:\n"
        "    MasterUserPassword: '{{resolve:ssm:/db/password:1}}'             # SR307\n"
        "    MasterUserPassword: '{{resolve:secretsmanager:Db:SecretString:password}}'   # fine\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references-ssm-secure-strings.html\n",
    .check = sr307_check,
};

static const char sr_bad_SR321[] = "Parameters:\n"
                                   "  DbPassword:\n"
                                   "    Type: String\n"
                                   "    NoEcho: true\n"
                                   "Resources:\n"
                                   "  Db:\n"
                                   "    Type: AWS::RDS::DBInstance\n"
                                   "    Properties:\n"
                                   "      Engine: postgres\n"
                                   "      DBInstanceClass: db.t4g.micro\n"
                                   "      AllocatedStorage: '20'\n"
                                   "      MasterUsername: app\n"
                                   "      MasterUserPassword: !Ref DbPassword\n";
static const char sr_good_SR321[] = "Resources:\n"
                                    "  Db:\n"
                                    "    Type: AWS::RDS::DBInstance\n"
                                    "    Properties:\n"
                                    "      Engine: postgres\n"
                                    "      DBInstanceClass: db.t4g.micro\n"
                                    "      AllocatedStorage: '20'\n"
                                    "      MasterUsername: app\n"
                                    "      ManageMasterUserPassword: true\n";

static const struct sr_rule sr321 = {
    .id = "SR321",
    .title = "credential property fed by a template parameter",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "exposure,rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references-secretsmanager.html",
    .explain =
        "A property that holds a credential (SR301's table: a database master password, a\n"
        "broker user's password, an auth token, ...) is a Ref of a String parameter, with no\n"
        "secret behind it. Whoever deploys types the password in, so it is kept wherever deploys\n"
        "are scripted (CI settings, parameter files, shell history); it never rotates; and\n"
        "without NoEcho the console and DescribeStacks show it. The same case is cfn-lint's\n"
        "W1011. Parameters of type AWS::SSM::Parameter::Value<String> are SR307's.\n"
        "\n"
        "How to fix: let the service manage the password where it can (ManageMasterUserPassword\n"
        "on RDS and DocumentDB, ManageMasterPassword on Redshift, ManageAdminPassword on\n"
        "Redshift Serverless), or generate it in an AWS::SecretsManager::Secret\n"
        "(GenerateSecretString) and read it with '{{resolve:secretsmanager:...}}'. The fix does\n"
        "either and is unsafe: the password changes, and whatever else used the parameter must\n"
        "read the secret instead. A credential issued elsewhere (a token, another system's\n"
        "password) cannot be generated: keep it in a secret; the fix refuses and says so.\n"
        "\n"
        "Judgement: where the template also offers a secret (another branch of the Fn::If reads\n"
        "a dynamic reference) or a switch to let the service manage the password, the parameter\n"
        "is a fallback the author chose to keep: that finding is info. Otherwise it is not a\n"
        "judgement call. A template that must take an existing password can take the secret's\n"
        "name or ARN as a parameter instead and use a dynamic reference to it.\n"
        "\n"
        "Example:\n"
        "    MasterUserPassword: !Ref DbPassword         # SR321\n"
        "    ManageMasterUserPassword: true              # fine\n"
        "    MasterUserPassword: !Sub "
        "'{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'"
        "  # fine\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references-secretsmanager.html\n",
    .bad = sr_bad_SR321,
    .good = sr_good_SR321,
    .check = sr321_check,
    .plan = sr321_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
};

static const char sr_bad_SR322[] = "Parameters:\n"
                                   "  ApiToken:\n"
                                   "    Type: String\n"
                                   "    NoEcho: true\n"
                                   "Resources:\n"
                                   "  Queue:\n"
                                   "    Type: AWS::SQS::Queue\n"
                                   "    Properties:\n"
                                   "      QueueName: !Sub 'jobs-${ApiToken}'\n";
static const char sr_good_SR322[] = "Parameters:\n"
                                    "  Stage:\n"
                                    "    Type: String\n"
                                    "Resources:\n"
                                    "  Queue:\n"
                                    "    Type: AWS::SQS::Queue\n"
                                    "    Properties:\n"
                                    "      QueueName: !Sub 'jobs-${Stage}'\n";

static const struct sr_rule sr322 = {
    .id = "SR322",
    .title = "secret value in a resource name or tag",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "dynamic-references.html",
    .explain =
        "A value that must stay secret becomes part of a resource's name or identifier (a\n"
        "property ending in Name or Identifier: QueueName, FunctionName, DBInstanceIdentifier,\n"
        "...) or of a tag value. The secret is a NoEcho parameter, a parameter the template\n"
        "uses as a credential, a '{{resolve:secretsmanager:...}}' or '{{resolve:ssm-secure:...}}'\n"
        "reference to a secret value, or an attribute that returns one (an access key's\n"
        "SecretAccessKey, ...), directly or through Fn::Sub, Fn::Join and Fn::If.\n"
        "\n"
        "Names are not secret: they show in ARNs, the console, logs and CloudTrail, and AWS\n"
        "warns that CloudFormation may use the resolved value of a dynamic reference in a\n"
        "primary identifier in plain text. Tag values are readable by anyone allowed to list\n"
        "tags and are copied to cost reports. NoEcho hides a parameter only in the stack's own\n"
        "descriptions, not where its value is copied.\n"
        "\n"
        "A rotating secret's reference in a tag is SR314's finding, not this one; each name or\n"
        "tag is reported once.\n"
        "\n"
        "How to fix: name the resource from non-secret values (the stack name, a stage); tag it\n"
        "with the secret's name or ARN if a tag must point at it.\n"
        "\n"
        "Not a judgement call; no automatic fix (a new name replaces the resource).\n"
        "\n"
        "Example:\n"
        "    QueueName: !Sub 'jobs-${ApiToken}'       # SR322: ApiToken is NoEcho\n"
        "    Tags:\n"
        "      - Key: secret\n"
        "        Value: !Ref ApiSecret                # fine: the secret's ARN\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "dynamic-references.html\n",
    .bad = sr_bad_SR322,
    .good = sr_good_SR322,
    .check = sr322_check,
};

static const struct sr_rule sr308 = {
    .id = "SR308",
    .title = "secret with a literal SecretString",
    .severity = SR_SEV_ERROR,
    .security_severity = 9.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-resource-secretsmanager-secret.html",
    .explain =
        "An AWS::SecretsManager::Secret is created with its value written in the template:\n"
        "SecretString is literal text, or a JSON document in which a credential key (password,\n"
        "token, apiKey, ...) or a high-entropy value is literal. Keys filled from parameters or\n"
        "references, and non-secret keys such as username, host and port, are fine.\n"
        "\n"
        "How to fix: let Secrets Manager generate the value (GenerateSecretString with\n"
        "SecretStringTemplate and GenerateStringKey), or create the secret empty and put its "
        "value\n"
        "outside the template.\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Properties:\n"
        "        SecretString: '{\"username\":\"admin\",\"password\":\"changeme1\"}'   # SR308\n"
        "    # fixed:\n"
        "        GenerateSecretString:\n"
        "          SecretStringTemplate: '{\"username\":\"admin\"}'\n"
        "          GenerateStringKey: password\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-resource-secretsmanager-secret.html\n",
    .check = sr308_check,
    .plan = sr308_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
};

static const struct sr_rule sr309 = {
    .id = "SR309",
    .title = "secret shared with another account under the AWS managed KMS key",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.0,
    .tags = "exposure,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    .explain =
        "The secret has no KmsKeyId, or names alias/aws/secretsmanager, so Secrets Manager\n"
        "encrypts it with the AWS managed key, and its resource policy lets another account (a\n"
        "literal account, a parameter or \"*\") read it. The AWS managed key's policy cannot be\n"
        "changed, and principals in other accounts can never decrypt with it: the grant does not\n"
        "work, and fixing it later means re-encrypting the secret.\n"
        "\n"
        "A secret read only inside its account is left alone: the AWS managed key is a sound\n"
        "default there. A policy that sets SR309's severity asks for a customer managed key on\n"
        "every secret.\n"
        "\n"
        "How to fix: create an AWS::KMS::Key (with EnableKeyRotation: true) and set KmsKeyId to "
        "it;\n"
        "grant kms:Decrypt to the readers and kms:Decrypt plus kms:GenerateDataKey to the "
        "rotation\n"
        "function (SR205).\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      Properties:\n"
        "        KmsKeyId: !Ref SecretKey\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html\n",
    .check = sr309_check,
};

static const struct sr_rule sr310 = {
    .id = "SR310",
    .title = "weak or inconsistent GenerateSecretString",
    .severity = SR_SEV_WARNING,
    .security_severity = 6.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-properties-secretsmanager-secret-generatesecretstring.html",
    .explain =
        "Warning: the generated password is shorter than the policy minimum (min_password_length,\n"
        "default 32; PasswordLength defaults to 32), or its alphabet is so small that it carries\n"
        "less than 128 bits (length x log2 of the characters left after the Exclude* options and\n"
        "ExcludeCharacters).\n"
        "\n"
        "Error: SecretStringTemplate without GenerateStringKey or the reverse, a template that is\n"
        "not a JSON object, every character class excluded, or SecretString and\n"
        "GenerateSecretString both set.\n"
        "\n"
        "Example:\n"
        "    GenerateSecretString:\n"
        "      PasswordLength: 12             # SR310 (warning)\n"
        "      SecretStringTemplate: '{\"username\":\"app\"}'   # SR310 (error): no "
        "GenerateStringKey\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-properties-secretsmanager-secret-generatesecretstring.html\n",
    .check = sr310_check,
};

static const struct sr_rule sr311 = {
    .id = "SR311",
    .title = "secret deleted with the stack while the resource using it is kept",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.5,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "aws-attribute-deletionpolicy.html",
    .explain =
        "A resource of the template that outlives the stack (DeletionPolicy Retain, Snapshot or\n"
        "RetainExceptOnCreate: a database, say) takes its credential from the secret, through a\n"
        "dynamic reference or a SecretTargetAttachment. Without DeletionPolicy: Retain on the\n"
        "secret, deleting the stack deletes the only copy of the password the kept resource still\n"
        "expects; without UpdateReplacePolicy: Retain, a change that replaces the secret (a new\n"
        "Name, for example) does the same. Secrets have no Snapshot policy.\n"
        "\n"
        "A secret whose users are deleted with it loses nothing and is not reported. An explicit\n"
        "DeletionPolicy: Delete (or one chosen by a parameter) is the author's decision: reported\n"
        "as info.\n"
        "\n"
        "How to fix: set both to Retain (DeletionPolicy may also be RetainExceptOnCreate). The "
        "fix\n"
        "adds what is missing and never replaces a policy the author wrote.\n"
        "\n"
        "Example:\n"
        "    Secret:\n"
        "      Type: AWS::SecretsManager::Secret\n"
        "      DeletionPolicy: Retain\n"
        "      UpdateReplacePolicy: Retain\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "aws-attribute-deletionpolicy.html\n",
    .check = sr311_check,
    .plan = sr311_plan,
    .fix_safety = SR_FIXSAFE_SAFE,
};

static const struct sr_rule sr312 = {
    .id = "SR312",
    .title = "hard-coded account id or region in an ARN",
    .severity = SR_SEV_WARNING,
    .security_severity = 2.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
              "pseudo-parameter-reference.html",
    .explain =
        "An ARN in a resource property, an output or Globals writes the account id or the Region\n"
        "literally (arn:aws:sns:us-east-1:123456789012:alerts). The template then works in one\n"
        "account and Region only and points at the wrong resource when deployed elsewhere. A\n"
        "literal partition is named too when one of the two is reported. ARNs under Principal are\n"
        "not reported: they name other accounts on purpose.\n"
        "\n"
        "How to fix: build the ARN with !Sub and the pseudo parameters ${AWS::Partition},\n"
        "${AWS::Region} and ${AWS::AccountId}, or take it from a parameter.\n"
        "\n"
        "Example:\n"
        "    TopicArn: arn:aws:sns:us-east-1:123456789012:alerts                          # SR312\n"
        "    TopicArn: !Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
        "pseudo-parameter-reference.html\n",
    .check = sr312_check,
    .plan = sr312_plan,
    .fix_safety = SR_FIXSAFE_BOTH,
};

static const struct sr_rule sr313 = {
    .id = "SR313",
    .title = "replica Region without its own KMS key",
    .severity = SR_SEV_WARNING,
    .security_severity = 4.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "create-manage-multi-region-secrets.html",
    .explain =
        "The secret uses a customer managed key, but an entry of ReplicaRegions has no KmsKeyId.\n"
        "KMS keys are Regional, so that replica is encrypted with the AWS managed key of its\n"
        "Region: the protection chosen for the primary does not carry over.\n"
        "\n"
        "How to fix: give every replica a KmsKeyId of a customer managed key in its Region (a\n"
        "multi-Region key replica, for example).\n"
        "\n"
        "Example:\n"
        "    KmsKeyId: !Ref SecretKey\n"
        "    ReplicaRegions:\n"
        "      - Region: eu-west-1            # SR313\n"
        "      - Region: eu-central-1\n"
        "        KmsKeyId: alias/secrets-replica\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "create-manage-multi-region-secrets.html\n",
    .check = sr313_check,
};

static const struct sr_rule sr314 = {
    .id = "SR314",
    .title = "rotating secret frozen into plain text at deploy time",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.0,
    .tags = "exposure,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "retrieving-secrets_lambda.html",
    .explain =
        "A '{{resolve:secretsmanager:...}}' reference to a secret that rotates (it has a\n"
        "RotationSchedule, or RDS manages it) is placed where the resolved value is copied once "
        "at\n"
        "deploy time and shown in plain text: a function's or container's environment variables\n"
        "(Lambda, SAM, ECS, Batch, CodeBuild, App Runner) or resource tags. CloudFormation\n"
        "resolves the reference only when the resource is updated, so after the next rotation the\n"
        "consumer keeps the old, invalid value; meanwhile anyone who can read the configuration\n"
        "reads the secret. (EC2 UserData does not resolve references at all: SR306.) A database\n"
        "master password fed from the secret attached to it is not this case.\n"
        "\n"
        "How to fix: pass the secret's ARN (!Ref Secret) and read the value at run time (SDK, the\n"
        "AWS Parameters and Secrets Lambda Extension, or ECS container Secrets).\n"
        "\n"
        "Example:\n"
        "    Environment:\n"
        "      Variables:\n"
        "        DB_PASSWORD: !Sub '{{resolve:secretsmanager:${DbSecret}:SecretString:password}}'"
        "  # SR314\n"
        "        DB_SECRET_ARN: !Ref DbSecret                                                  "
        "  # fine\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "retrieving-secrets_lambda.html\n",
    .check = sr314_check,
    .plan = sr314_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
};

const struct sr_rule *const sr_rules_exposure[] = {
    &sr301, &sr302, &sr303, &sr304, &sr305, &sr306, &sr307, &sr308, &sr309,
    &sr310, &sr311, &sr312, &sr313, &sr314, &sr321, &sr322, NULL,
};
