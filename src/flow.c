/*
 * flow.c - the value-flow model (flow.h): one walk over the template's
 * sinks, each value flattened once, its sources found in the flat text and
 * in the references it holds.
 */
#include "flow.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "intrinsic.h"
#include "secretpat.h"

#define SR_FLOW_DEPTH 8 /* echoed attributes followed this deep */

const char *sr_sink_kind_name(enum sr_sink_kind k)
{
    switch (k) {
    case SR_SINK_ENV:
        return "environment";
    case SR_SINK_USER_DATA:
        return "UserData";
    case SR_SINK_OUTPUT:
        return "output";
    case SR_SINK_METADATA:
        return "Metadata";
    case SR_SINK_TAG:
        return "tag";
    case SR_SINK_NAME:
        return "name";
    case SR_SINK_CRED_PROP:
        return "credential property";
    case SR_SINK_SECRET_STRING:
        return "SecretString";
    }
    return "?";
}

/* ---- building ----------------------------------------------------------- */

struct sr_build {
    const struct sr_graph *g;
    struct sr_arena *a;
    struct sr_flows *fl;
    struct sr_ptrvec sinks, flows;
    struct sr_ptrset seen;    /* environment values already a sink (Globals are shared) */
    struct sr_ptrset covered; /* for sr_flows_covers() */
};

int sr_dynref_secret_value(const char *s, const struct sr_dynref *d)
{
    if (d->kind == SR_DYNREF_SSM_SECURE)
        return 1;
    if (d->kind != SR_DYNREF_SECRETSMANAGER)
        return 0;
    if (d->json_key.len == 0 || memchr(s + d->json_key.off, SR_DYNREF_PLACEHOLDER, d->json_key.len))
        return 1;
    char key[64];
    size_t n = d->json_key.len < sizeof(key) - 1 ? d->json_key.len : sizeof(key) - 1;
    memcpy(key, s + d->json_key.off, n);
    key[n] = 0;
    return sr_cred_name(key);
}

static struct sr_param *sr_param_of(struct sr_flows *fl, const char *name)
{
    for (size_t i = 0; name && i < fl->nparams; i++)
        if (!strcmp(fl->params[i].name, name))
            return &fl->params[i];
    return NULL;
}

const struct sr_param *sr_flows_param(const struct sr_flows *fl, const char *name)
{
    return sr_param_of((struct sr_flows *)fl, name);
}

static struct sr_flow *sr_flow_new(struct sr_build *b, const struct sr_sink *sink,
                                   enum sr_source_kind kind, const struct sr_node *value,
                                   const struct sr_node *at, const char *path)
{
    struct sr_flow *f = sr_arena_alloc(b->a, sizeof(*f));
    f->sink = sink;
    f->kind = kind;
    f->value = value;
    f->at = at;
    f->path = path;
    sr_ptrvec_push(b->a, &b->flows, f);
    return f;
}

/* What makes reference r secret, or NULL (a label for messages). depth
 * limits the attributes followed through echoes. */
static const char *sr_ref_source(struct sr_build *b, const struct sr_val *r, int depth,
                                 enum sr_source_kind *kind, const char **param);

static const char *sr_value_source(struct sr_build *b, const struct sr_node *v, int depth,
                                   enum sr_source_kind *kind, const char **param)
{
    if (!v || depth > SR_FLOW_DEPTH)
        return NULL;
    struct sr_flat f;
    sr_flatten(b->a, b->g, v, &f);
    struct sr_dynref d[4];
    size_t nd = sr_dynref_scan(f.s, f.len, d, 4);
    for (size_t i = 0; i < nd && i < 4; i++)
        if (d[i].kind == SR_DYNREF_SECRETSMANAGER || d[i].kind == SR_DYNREF_SSM_SECURE) {
            *kind = SR_SRC_DYNREF;
            return sr_arena_printf(b->a, "a %s dynamic reference", sr_dynref_kind_name(d[i].kind));
        }
    for (size_t i = 0; i < f.nrefs; i++) {
        const char *s = sr_ref_source(b, &f.refs[i].val, depth, kind, param);
        if (s)
            return s;
    }
    return NULL;
}

static const char *sr_ref_source(struct sr_build *b, const struct sr_val *r, int depth,
                                 enum sr_source_kind *kind, const char **param)
{
    if (r->kind == SR_VAL_PARAMETER) {
        const struct sr_param *p = sr_param_of(b->fl, r->name);
        if (p && p->noecho) {
            *kind = SR_SRC_NOECHO;
            *param = p->name;
            return sr_arena_printf(b->a, "NoEcho parameter %s", r->name);
        }
        if (p && p->cred) {
            *kind = SR_SRC_CRED_PARAM;
            *param = p->name;
            return sr_arena_printf(b->a, "credential parameter %s", r->name);
        }
        return NULL;
    }
    if (r->kind != SR_VAL_RESOURCE || !r->res)
        return NULL;
    if (sr_credtab_secret_attr(r->res->type, r->attr)) {
        *kind = SR_SRC_SECRET_ATTR;
        return sr_arena_printf(b->a, "the secret attribute %s.%s", r->res->id, r->attr);
    }
    const char *prop = sr_credtab_echo_prop(r->res->type, r->attr);
    if (prop && depth < SR_FLOW_DEPTH) {
        const char *inner = sr_value_source(b, sr_res_prop(r->res, prop), depth + 1, kind, param);
        if (inner)
            return sr_arena_printf(b->a, "%s (via %s.%s, which returns its %s property)", inner,
                                   r->res->id, r->attr, prop);
    }
    return NULL;
}

/* Records the sources of one flat value. */
static void sr_sources(struct sr_build *b, const struct sr_sink *sink, const struct sr_node *v,
                       const struct sr_flat *f, const char *path)
{
    struct sr_dynref d[16];
    size_t nd = sr_dynref_scan(f->s, f->len, d, 16);
    for (size_t i = 0; i < nd && i < 16; i++) {
        struct sr_flow *fw = sr_flow_new(b, sink, SR_SRC_DYNREF, v, v, path);
        fw->dynref = d[i].kind;
        fw->malformed = d[i].err != SR_DYNREF_OK;
        fw->label = sr_arena_printf(b->a, "a %s dynamic reference", sr_dynref_kind_name(d[i].kind));
        if (d[i].kind == SR_DYNREF_SECRETSMANAGER) {
            fw->ref_text = sr_excerpt(b->a, f->s + d[i].secret_id.off, d[i].secret_id.len);
            if (d[i].json_key.len)
                fw->json_key = sr_arena_strndup(b->a, f->s + d[i].json_key.off, d[i].json_key.len);
            if (!fw->malformed)
                sr_secret_ref_dynref(b->a, b->g, f, d[i].secret_id.off, d[i].secret_id.len,
                                     d[i].is_arn, &fw->secret);
        } else {
            fw->ref_text = sr_excerpt(b->a, f->s + d[i].name.off, d[i].name.len);
        }
        fw->secret_value = !fw->malformed && sr_dynref_secret_value(f->s, &d[i]);
    }
    for (size_t i = 0; i < f->nrefs; i++) {
        const struct sr_val *r = &f->refs[i].val;
        enum sr_source_kind kind = 0;
        const char *param = NULL;
        const char *label = sr_ref_source(b, r, 0, &kind, &param);
        if (!label)
            continue;
        struct sr_flow *fw = sr_flow_new(b, sink, kind, v, r->at ? r->at : v, path);
        fw->label = label;
        fw->param = param;
        fw->ref_name = r->attr ? sr_str_join(b->a, r->name, ".", r->attr) : r->name;
        fw->secret_value = 1;
    }
}

/* Adds the branches of a sink's value, flattened, and their sources. */
#define SR_BRANCHES_NEAR 4 /* most values have one branch: no If */
struct sr_branch_walk {
    struct sr_build *b;
    struct sr_sink *sink;
    size_t n;
    struct sr_branch near[SR_BRANCHES_NEAR]; /* the first ones */
    struct sr_ptrvec more;                   /* struct sr_branch *: the rest */
};

static void sr_branch_one(void *arg, const struct sr_node *v)
{
    struct sr_branch_walk *w = arg;
    struct sr_branch *br =
        w->n < SR_BRANCHES_NEAR ? &w->near[w->n] : sr_arena_alloc(w->b->a, sizeof(*br));
    if (w->n >= SR_BRANCHES_NEAR)
        sr_ptrvec_push(w->b->a, &w->more, br);
    w->n++;
    br->v = v;
    sr_flatten(w->b->a, w->b->g, v, &br->flat);
}

static void sr_sources_opaque(struct sr_build *b, const struct sr_sink *sink,
                              const struct sr_flat *f, const struct sr_node *self, int depth);

static void sr_opaque_one(struct sr_build *b, const struct sr_sink *sink, const struct sr_node *v,
                          int depth)
{
    struct sr_flat f;
    sr_flatten(b->a, b->g, v, &f);
    sr_sources(b, sink, v, &f, NULL);
    sr_sources_opaque(b, sink, &f, v, depth + 1);
}

struct sr_opaque_walk {
    struct sr_build *b;
    const struct sr_sink *sink;
    int depth;
};

static void sr_opaque_branch(void *arg, const struct sr_node *v)
{
    struct sr_opaque_walk *w = arg;
    sr_opaque_one(w->b, w->sink, v, w->depth);
}

/* Parts that could not be flattened (Select, FindInMap, If inside a Join)
 * are values too: their sources count, each branch of them. */
static void sr_sources_opaque(struct sr_build *b, const struct sr_sink *sink,
                              const struct sr_flat *f, const struct sr_node *self, int depth)
{
    if (depth > SR_VALUE_MAX_DEPTH)
        return;
    for (size_t i = 0; i < f->opaque.n; i++) {
        const struct sr_node *o = f->opaque.v[i];
        struct sr_intrinsic in;
        int any = sr_intrinsic_get(o, &in);
        int fn = any && in.fn != SR_FN_IF;
        /* The value itself is looked into only when it is a function
         * (!Select [0, [!Ref P]] as a whole value: its argument is) or a
         * list (the list of that Select: its items are). */
        if (o == self && !fn && (any || !sr_is_seq(o)))
            continue;
        /* The list to look into: a function's argument (Select [i, list],
         * FindInMap [...]; for a !Tag, the node itself), or a list that is
         * one of those arguments' items. */
        const struct sr_node *inner = fn ? in.arg : o;
        struct sr_opaque_walk w = {b, sink, depth};
        if (sr_is_seq(inner) && (fn || !any)) {
            for (size_t k = 0; k < sr_deref(inner)->n; k++)
                sr_each_branch(sr_seq_item(inner, k), sr_opaque_branch, &w);
        } else if (fn && inner == o) {
            /* !ImportValue name, !GetAZs region: a scalar, read as text. */
            struct sr_flat lit;
            sr_flatten_literal(b->a, o, &lit);
            sr_sources(b, sink, o, &lit, NULL);
        } else {
            sr_each_branch(inner, sr_opaque_branch, &w);
        }
    }
}

static struct sr_sink *sr_sink_add(struct sr_build *b, enum sr_sink_kind kind,
                                   struct sr_resource *res, const char *owner, const char *name,
                                   const struct sr_node *value)
{
    struct sr_sink *s = sr_arena_alloc(b->a, sizeof(*s));
    s->kind = kind;
    s->res = res;
    s->owner = owner;
    s->name = name;
    s->value = value;
    sr_ptrvec_push(b->a, &b->sinks, s);
    if (kind == SR_SINK_OUTPUT || kind == SR_SINK_METADATA)
        return s;
    struct sr_branch_walk w;
    memset(&w, 0, sizeof(w));
    w.b = b;
    w.sink = s;
    sr_each_branch(value, sr_branch_one, &w);
    s->branches = sr_arena_alloc(b->a, (w.n ? w.n : 1) * sizeof(*s->branches));
    for (size_t i = 0; i < w.n; i++) {
        struct sr_branch *br = &s->branches[i];
        *br =
            i < SR_BRANCHES_NEAR ? w.near[i] : *(struct sr_branch *)w.more.v[i - SR_BRANCHES_NEAR];
        sr_sources(b, s, br->v, &br->flat, NULL);
        sr_sources_opaque(b, s, &br->flat, br->v, 0);
    }
    s->nbranches = w.n;
    return s;
}

static const char *sr_owner(struct sr_build *b, const struct sr_resource *r)
{
    const char *t = r->type ? strrchr(r->type, ':') : NULL;
    return sr_str_join(b->a, t ? t + 1 : "Resource", " ", r->id);
}

/* ---- environments ------------------------------------------------------- */

static void sr_env_var(struct sr_build *b, struct sr_resource *res, const char *owner,
                       const char *name, const struct sr_node *v)
{
    v = sr_deref(v);
    if (!v || !sr_ptrset_add(b->a, &b->seen, v))
        return;
    sr_ptrset_add(b->a, &b->covered, v);
    sr_sink_add(b, SR_SINK_ENV, res, owner, name, v);
}

/* Map form {NAME: value} or list form [{Name, Value}] (CodeBuild Type honoured). */
static void sr_env_block(struct sr_build *b, struct sr_resource *res, const char *owner,
                         const struct sr_node *vars, int list_form)
{
    vars = sr_deref(vars);
    if (!vars)
        return;
    if (!list_form) {
        struct sr_intrinsic in;
        if (!sr_is_map(vars) || sr_intrinsic_get(vars, &in))
            return;
        for (size_t i = 0; i < vars->n; i++)
            sr_env_var(b, res, owner, sr_scalar(sr_map_key(vars, i)), sr_map_val(vars, i));
        return;
    }
    if (!sr_is_seq(vars))
        return;
    for (size_t i = 0; i < vars->n; i++) {
        const struct sr_node *item = sr_seq_item(vars, i);
        const char *type = sr_scalar(sr_map_get(item, "Type"));
        if (type && strcmp(type, "PLAINTEXT") != 0)
            continue; /* PARAMETER_STORE / SECRETS_MANAGER: the value is a name */
        const struct sr_node *val = sr_map_get(item, "Value");
        if (val)
            sr_env_var(b, res, owner, sr_scalar(sr_map_get(item, "Name")), val);
    }
}

struct sr_place_walk {
    struct sr_build *b;
    struct sr_resource *res;
    const char *owner;
    int list_form;
    const struct sr_cred_prop *cred;
    enum sr_sink_kind kind;
};

static void sr_env_at(void *arg, const struct sr_node *v, const char *path,
                      const struct sr_node *key)
{
    (void)path;
    (void)key;
    struct sr_place_walk *w = arg;
    sr_env_block(w->b, w->res, w->owner, v, w->list_form);
}

/* ---- other places ------------------------------------------------------- */

/* A value at a property path: one sink (its Fn::If branches included). */
static void sr_value_at(void *arg, const struct sr_node *v, const char *path,
                        const struct sr_node *key)
{
    (void)key;
    struct sr_place_walk *w = arg;
    struct sr_sink *s = sr_sink_add(w->b, w->kind, w->res, w->owner, path, v);
    s->cred = w->cred;
    if (w->kind == SR_SINK_CRED_PROP)
        sr_ptrset_add(w->b->a, &w->b->covered, sr_deref(v));
}

/* The node an Fn::If-free path reaches, walking like sr_walk_path but
 * without splitting branches (for values judged as a whole). */
static void sr_tags(struct sr_build *b, struct sr_resource *r, const char *owner)
{
    const struct sr_node *tags = sr_deref(sr_res_prop(r, "Tags"));
    struct sr_intrinsic in;
    if (sr_is_map(tags) && !sr_intrinsic_get(tags, &in)) {
        for (size_t i = 0; i < tags->n; i++) {
            const char *k = sr_scalar(sr_map_key(tags, i));
            sr_sink_add(b, SR_SINK_TAG, r, owner, sr_str_join(b->a, "tag", " ", k ? k : "?"),
                        sr_map_val(tags, i));
        }
    } else if (sr_is_seq(tags)) {
        for (size_t i = 0; i < tags->n; i++) {
            const struct sr_node *t = sr_seq_item(tags, i);
            const char *k = sr_scalar(sr_map_get(t, "Key"));
            const struct sr_node *v = sr_map_get(t, "Value");
            if (v)
                sr_sink_add(b, SR_SINK_TAG, r, owner, sr_str_join(b->a, "tag", " ", k ? k : "?"),
                            v);
        }
    }
}

/* Properties that name or identify the resource (Name, FunctionName,
 * DBInstanceIdentifier, ...): their value shows in ARNs, consoles and logs. */
static int sr_is_name_prop(const char *k)
{
    size_t n = strlen(k);
    if (n >= 4 && !strcmp(k + n - 4, "Name") && strcmp(k, "UserName") != 0 &&
        strcmp(k, "DBName") != 0 && strcmp(k, "DatabaseName") != 0)
        return 1;
    return n >= 10 && !strcmp(k + n - 10, "Identifier");
}

static void sr_names(struct sr_build *b, struct sr_resource *r, const char *owner)
{
    const struct sr_node *p = sr_deref(r->props);
    struct sr_intrinsic in;
    if (!sr_is_map(p) || sr_intrinsic_get(p, &in))
        return;
    for (size_t i = 0; i < p->n; i++) {
        const char *k = sr_scalar(sr_map_key(p, i));
        const struct sr_node *v = sr_map_val(p, i);
        if (k && sr_is_name_prop(k) && (sr_is_scalar(v) || sr_intrinsic_get(v, &in)))
            sr_sink_add(b, SR_SINK_NAME, r, owner, k, v);
    }
}

/* Elastic Beanstalk environment properties: OptionSettings entries of the
 * namespace aws:elasticbeanstalk:application:environment, shown in plain
 * text in the environment's configuration. */
static void sr_beanstalk_env(struct sr_build *b, struct sr_resource *r, const char *owner)
{
    if (strcmp(r->type, "AWS::ElasticBeanstalk::Environment") != 0 &&
        strcmp(r->type, "AWS::ElasticBeanstalk::ConfigurationTemplate") != 0)
        return;
    const struct sr_node *opts = sr_deref(sr_res_prop(r, "OptionSettings"));
    for (size_t i = 0; sr_is_seq(opts) && i < opts->n; i++) {
        const struct sr_node *o = sr_deref(sr_seq_item(opts, i));
        const char *ns = sr_scalar(sr_map_get(o, "Namespace"));
        const char *name = sr_scalar(sr_map_get(o, "OptionName"));
        const struct sr_node *v = sr_map_get(o, "Value");
        if (ns && v && !strcmp(ns, "aws:elasticbeanstalk:application:environment"))
            sr_sink_add(b, SR_SINK_ENV, r, owner, name, v);
    }
}

/* AWS::CloudFormation::Authentication metadata: password and secretKey. */
static void sr_auth_metadata(struct sr_build *b, struct sr_resource *r, const char *owner)
{
    const struct sr_node *auth = sr_map_get(r->metadata, "AWS::CloudFormation::Authentication");
    if (!sr_is_map(auth))
        return;
    static const char *const keys[] = {"password", "secretKey"};
    for (size_t i = 0; i < sr_deref(auth)->n; i++) {
        const struct sr_node *blk = sr_map_val(auth, i);
        const char *name = sr_scalar(sr_map_key(auth, i));
        for (size_t k = 0; k < 2; k++) {
            const struct sr_node *v = sr_map_get(blk, keys[k]);
            if (!v)
                continue;
            sr_ptrset_add(b->a, &b->covered, sr_deref(v));
            sr_sink_add(b, SR_SINK_CRED_PROP, r, owner,
                        sr_arena_printf(b->a, "Metadata AWS::CloudFormation::Authentication.%s.%s",
                                        name ? name : "?", keys[k]),
                        v);
        }
    }
}

/* ---- Outputs and Metadata: walked as structures ------------------------- */

static void sr_struct_walk(struct sr_build *b, const struct sr_sink *sink, const struct sr_node *v,
                           const char *path, int depth);

/* A literal scalar's text, or the children of a collection, whether or not
 * v carries a function: a function written as a !Tag sits on its argument,
 * so the argument is walked here and not through the function again. */
static void sr_struct_body(struct sr_build *b, const struct sr_sink *sink, const struct sr_node *v,
                           const char *path, int depth)
{
    if (v->kind == SR_SCALAR) {
        /* The text as written: sr_flatten would see the tag on a !Tag's
         * scalar argument (!ImportValue name) and stop there. */
        struct sr_flat f;
        sr_flatten_literal(b->a, v, &f);
        sr_sources(b, sink, v, &f, path);
    } else if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const char *k = sr_scalar(sr_map_key(v, i));
            sr_struct_walk(b, sink, sr_map_val(v, i), sr_str_join(b->a, path, "/", k ? k : "?"),
                           depth + 1);
        }
    } else if (v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            sr_struct_walk(b, sink, sr_seq_item(v, i), sr_arena_printf(b->a, "%s/%zu", path, i),
                           depth + 1);
    }
}

static void sr_struct_walk(struct sr_build *b, const struct sr_sink *sink, const struct sr_node *v,
                           const char *path, int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_VALUE_MAX_DEPTH)
        return;
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in)) {
        sr_struct_body(b, sink, v, path, depth);
        return;
    }
    const char *p = sr_str_join(b->a, path, " -> ", in.name);
    if (in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
        sr_struct_walk(b, sink, sr_seq_item(in.arg, 1), p, depth + 1);
        sr_struct_walk(b, sink, sr_seq_item(in.arg, 2), p, depth + 1);
        return;
    }
    if (in.fn != SR_FN_REF && in.fn != SR_FN_GETATT && in.fn != SR_FN_SUB && in.fn != SR_FN_JOIN &&
        in.fn != SR_FN_BASE64) {
        /* !Select [0, [...]]: in.arg is v itself (walking it would find the
         * tag again, down to the depth limit). */
        if (in.arg == v)
            sr_struct_body(b, sink, v, p, depth + 1);
        else
            sr_struct_walk(b, sink, in.arg, p, depth + 1);
        return;
    }
    struct sr_flat f;
    sr_flatten(b->a, b->g, v, &f);
    sr_sources(b, sink, v, &f, p);
    for (size_t i = 0; i < f.opaque.n; i++)
        if (f.opaque.v[i] != v)
            sr_struct_walk(b, sink, f.opaque.v[i], p, depth + 1);
}

/* ---- parameters --------------------------------------------------------- */

static int sr_is_flag_value(const char *s)
{
    static const char *const flags[] = {"true",     "false", "yes", "no", "enabled",
                                        "disabled", "on",    "off", "y",  "n"};
    for (size_t i = 0; s && i < sizeof(flags) / sizeof(flags[0]); i++)
        if (!strcasecmp(s, flags[i]))
            return 1;
    return 0;
}

static void sr_params_read(struct sr_build *b)
{
    const struct sr_node *params = sr_deref(b->g->t.parameters);
    struct sr_flows *fl = b->fl;
    if (!sr_is_map(params))
        return;
    fl->params = sr_arena_alloc(b->a, (params->n ? params->n : 1) * sizeof(*fl->params));
    for (size_t i = 0; i < params->n; i++) {
        const struct sr_node *key = sr_map_key(params, i);
        const struct sr_node *def = sr_map_val(params, i);
        const char *name = sr_scalar(key);
        if (!name || !sr_is_map(def))
            continue;
        struct sr_param *p = &fl->params[fl->nparams++];
        p->name = name;
        p->key = key;
        p->def = def;
        const char *type = sr_scalar(sr_map_get(def, "Type"));
        p->type = type ? type : "String";
        p->noecho = sr_scalar_bool(sr_map_get(def, "NoEcho")) == 1;
        p->textual = !strcmp(p->type, "String") || !strcmp(p->type, "CommaDelimitedList");
        const struct sr_node *av = sr_deref(sr_map_get(def, "AllowedValues"));
        p->allowed = av != NULL;
        if (av && sr_is_seq(av) && av->n > 0) {
            int all = 1;
            for (size_t k = 0; k < av->n && all; k++)
                all = sr_is_flag_value(sr_scalar(sr_seq_item(av, k)));
            p->flag = all;
        }
        p->cred_name = sr_cred_name(name);
        if (p->noecho)
            sr_ptrset_add(b->a, &b->covered, sr_deref(sr_map_get(def, "Default")));
    }
}

/* Parameters inside longer text, and parameters that name secrets. */
static void sr_param_uses(struct sr_build *b)
{
    struct sr_flows *fl = b->fl;
    for (size_t i = 0; i < b->g->edges.n; i++) {
        const struct sr_edge *e = b->g->edges.v[i];
        if (e->target || !e->to || e->kind == SR_EDGE_DEPENDSON)
            continue;
        struct sr_param *p = sr_param_of(fl, e->to);
        if (!p)
            continue;
        if (e->kind == SR_EDGE_SUB) {
            const struct sr_node *s = e->at;
            if (s && s->kind == SR_SCALAR && sr_node_str(s) && strcmp(sr_node_str(s), e->to) != 0 &&
                !(sr_node_len(s) == strlen(e->to) + 3 && !strncmp(sr_node_str(s), "${", 2)))
                p->in_text = 1;
        }
        const struct sr_node *k = sr_value_key(e->at);
        for (const struct sr_node *n = e->at; n && !k; n = n->parent)
            k = sr_value_key(n);
        const char *ks = sr_scalar(k);
        if (ks && (!strcmp(ks, "SecretId") || sr_credtab_arn_prop(ks)))
            p->secret_id = 1;
    }
}

/* Parameters that are the whole value of a credential property or of a
 * SecretString: they hold credentials, whatever their name. */
struct sr_feed_walk {
    struct sr_build *b;
    const struct sr_resource *res;
    const char *path;
    int secret_string;
};

static void sr_feed_value(void *arg, const struct sr_node *v)
{
    struct sr_feed_walk *w = arg;
    struct sr_val val;
    if (sr_graph_value(w->b->g, v, &val) != SR_VAL_PARAMETER || !val.whole)
        return;
    struct sr_param *p = sr_param_of(w->b->fl, val.name);
    if (!p)
        return;
    if (w->secret_string)
        p->feeds_secret = 1;
    else if (!p->feeds)
        p->feeds = sr_arena_printf(w->b->a, "%s %s", w->res->id, w->path);
}

static void sr_feed_at(void *arg, const struct sr_node *v, const char *path,
                       const struct sr_node *key)
{
    (void)key;
    struct sr_feed_walk *w = arg;
    w->path = path;
    sr_each_branch(v, sr_feed_value, w);
}

static void sr_params_judge(struct sr_build *b)
{
    struct sr_flows *fl = b->fl;
    const struct sr_graph *g = b->g;
    for (size_t i = 0; fl->nparams && i < g->nres; i++) {
        const struct sr_resource *r = g->res[i];
        if (r->implicit || !r->type)
            continue;
        struct sr_feed_walk w = {b, r, NULL, 0};
        size_t ncred;
        const struct sr_cred_prop *cred = sr_credtab_props(r->type, &ncred);
        for (size_t k = 0; k < ncred; k++)
            sr_walk_path(b->a, r->props, cred[k].path, sr_feed_at, &w);
        if (r->kind == SR_R_SECRET) {
            w.secret_string = 1;
            w.path = "SecretString";
            sr_each_branch(sr_res_prop(r, "SecretString"), sr_feed_value, &w);
        }
    }
    for (size_t i = 0; i < fl->nparams; i++) {
        struct sr_param *p = &fl->params[i];
        if (p->feeds || p->feeds_secret)
            p->cred = 1;
        else
            p->cred = p->cred_name && p->textual && !p->allowed && !p->in_text && !p->secret_id;
    }
}

const struct sr_flows *sr_graph_flows(const struct sr_graph *cg)
{
    struct sr_graph *g = (struct sr_graph *)cg; /* the model is a cache of a const graph */
    if (g->flows)
        return g->flows;
    struct sr_build b;
    memset(&b, 0, sizeof(b));
    b.g = g;
    b.a = g->arena;
    b.fl = sr_arena_alloc(g->arena, sizeof(*b.fl));
    g->flows = b.fl;
    sr_params_read(&b);
    sr_param_uses(&b);
    sr_params_judge(&b);

    /* Globals first, so shared values are sinks once, at their place. */
    const struct sr_node *gvars =
        sr_path(sr_map_get(g->t.globals, "Function"), "Environment/Variables");
    if (gvars)
        sr_env_block(&b, NULL, "Globals Function", gvars, 0);
    size_t nenv = 0, nud = 0;
    const struct sr_place *env = NULL, *ud = NULL;
    if (g->nres) { /* the tables are read on first use: not for an empty template */
        env = sr_credtab_envs(&nenv);
        ud = sr_credtab_user_data(&nud);
    }
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *r = g->res[i];
        if (r->implicit || !r->type)
            continue;
        const char *owner = NULL;
        struct sr_place_walk w = {&b, r, NULL, 0, NULL, 0};
        for (size_t k = 0; k < nenv; k++) {
            if (strcmp(env[k].type, r->type) != 0)
                continue;
            if (!owner)
                owner = sr_owner(&b, r);
            w.owner = owner;
            w.list_form = env[k].list_form;
            sr_walk_path(b.a, r->props, env[k].path, sr_env_at, &w);
        }
        if (!owner)
            owner = sr_owner(&b, r);
        w.owner = owner;
        for (size_t k = 0; k < nud; k++) {
            if (strcmp(ud[k].type, r->type) != 0)
                continue;
            w.kind = SR_SINK_USER_DATA;
            sr_walk_path(b.a, r->props, ud[k].path, sr_value_at, &w);
        }
        size_t ncred;
        const struct sr_cred_prop *cred = sr_credtab_props(r->type, &ncred);
        for (size_t k = 0; k < ncred; k++) {
            w.kind = SR_SINK_CRED_PROP;
            w.cred = &cred[k];
            sr_walk_path(b.a, r->props, cred[k].path, sr_value_at, &w);
        }
        w.cred = NULL;
        sr_auth_metadata(&b, r, owner);
        sr_beanstalk_env(&b, r, owner);
        sr_tags(&b, r, owner);
        sr_names(&b, r, owner);
        if (r->kind == SR_R_SECRET) {
            const struct sr_node *ss = sr_res_prop(r, "SecretString");
            if (ss) {
                sr_ptrset_add(b.a, &b.covered, sr_deref(ss));
                sr_sink_add(&b, SR_SINK_SECRET_STRING, r, owner, "SecretString", ss);
            }
        }
        if (r->metadata) {
            struct sr_sink *s =
                sr_sink_add(&b, SR_SINK_METADATA, r, sr_arena_printf(b.a, "Metadata of %s", r->id),
                            "Metadata", r->metadata);
            sr_struct_walk(&b, s, r->metadata, sr_arena_printf(b.a, "Resources/%s/Metadata", r->id),
                           0);
        }
    }
    const struct sr_node *outs = sr_deref(g->t.outputs);
    for (size_t i = 0; sr_is_map(outs) && i < outs->n; i++) {
        const char *name = sr_scalar(sr_map_key(outs, i));
        struct sr_sink *s = sr_sink_add(&b, SR_SINK_OUTPUT, NULL,
                                        sr_arena_printf(b.a, "output %s", name ? name : "?"),
                                        name ? name : "?", sr_map_val(outs, i));
        sr_struct_walk(&b, s, sr_map_val(outs, i),
                       sr_arena_printf(b.a, "Outputs/%s", name ? name : "?"), 0);
    }
    if (g->t.metadata) {
        struct sr_sink *s =
            sr_sink_add(&b, SR_SINK_METADATA, NULL, "template Metadata", "Metadata", g->t.metadata);
        sr_struct_walk(&b, s, g->t.metadata, "Metadata", 0);
    }
    b.fl->sinks = (struct sr_sink **)b.sinks.v;
    b.fl->nsinks = b.sinks.n;
    b.fl->flows = (struct sr_flow **)b.flows.v;
    b.fl->nflows = b.flows.n;
    b.fl->covered = sr_arena_alloc(b.a, sizeof(*b.fl->covered));
    *b.fl->covered = b.covered;
    return b.fl;
}

int sr_flows_covers(const struct sr_flows *fl, const struct sr_node *n)
{
    if (!fl->covered || fl->covered->n == 0)
        return 0;
    for (int d = 0; n && d < SR_MAX_DEPTH; d++, n = n->parent)
        if (sr_ptrset_has(fl->covered, n))
            return 1;
    return 0;
}
