/*
 * graph.c - template view, resource index, reference edges, SAM semantics
 * (Globals merge, implicit roles) and the typed indexes the rules use.
 */
#include "graph.h"

#include <string.h>

/* ---- template view ------------------------------------------------------ */

static int sr_is_sm_transform(const char *s)
{
    return s && (strcmp(s, "AWS::SecretsManager-2024-09-16") == 0 ||
                 strcmp(s, "AWS::SecretsManager-2020-07-23") == 0);
}

void sr_template_view(const struct sr_doc *doc, struct sr_template *t)
{
    memset(t, 0, sizeof(*t));
    t->doc = doc;
    t->root = sr_deref(doc->root);
    if (!sr_is_map(t->root))
        return;
    t->format_version = sr_map_get(t->root, "AWSTemplateFormatVersion");
    t->description = sr_map_get(t->root, "Description");
    t->parameters = sr_map_get(t->root, "Parameters");
    t->conditions = sr_map_get(t->root, "Conditions");
    t->mappings = sr_map_get(t->root, "Mappings");
    t->resources = sr_map_get(t->root, "Resources");
    t->outputs = sr_map_get(t->root, "Outputs");
    t->globals = sr_map_get(t->root, "Globals");
    t->metadata = sr_map_get(t->root, "Metadata");
    t->transform = sr_map_get(t->root, "Transform");
    t->rules = sr_map_get(t->root, "Rules");
    t->is_template = t->resources || t->format_version || t->transform;
    /* A name, a mapping {Name, Parameters}, or a list of either. */
    const struct sr_node *tr = sr_deref(t->transform);
    size_t n = sr_is_seq(tr) ? tr->n : 1;
    for (size_t i = 0; tr && i < n; i++) {
        const struct sr_node *it = sr_is_seq(tr) ? sr_seq_item(tr, i) : tr;
        if (sr_is_map(it))
            it = sr_map_get(it, "Name");
        const char *name = sr_scalar(it);
        if (name && !strcmp(name, "AWS::Serverless-2016-10-31"))
            t->sam = 1;
        if (sr_is_sm_transform(name))
            t->sm_transform = name;
    }
}

/* ---- kinds -------------------------------------------------------------- */

static const struct {
    const char *type;
    enum sr_rkind kind;
} sr_kinds[] = {
    {"AWS::SecretsManager::Secret", SR_R_SECRET},
    {"AWS::SecretsManager::RotationSchedule", SR_R_SCHEDULE},
    {"AWS::SecretsManager::SecretTargetAttachment", SR_R_ATTACHMENT},
    {"AWS::SecretsManager::ResourcePolicy", SR_R_SECRET_POLICY},
    {"AWS::Lambda::Function", SR_R_LAMBDA},
    {"AWS::Serverless::Function", SR_R_SAM_FUNCTION},
    {"AWS::Lambda::Alias", SR_R_LAMBDA_ALIAS},
    {"AWS::Lambda::Version", SR_R_LAMBDA_VERSION},
    {"AWS::Lambda::Permission", SR_R_PERMISSION},
    {"AWS::IAM::Role", SR_R_ROLE},
    {"AWS::IAM::Policy", SR_R_POLICY},
    {"AWS::IAM::ManagedPolicy", SR_R_MANAGED_POLICY},
    {"AWS::IAM::User", SR_R_USER},
    {"AWS::CloudWatch::Alarm", SR_R_ALARM},
    {"AWS::Events::Rule", SR_R_EVENT_RULE},
    {"AWS::KMS::Key", SR_R_KMS_KEY},
    {"AWS::KMS::Alias", SR_R_KMS_ALIAS},
    {"AWS::RDS::DBInstance", SR_R_DB_INSTANCE},
    {"AWS::RDS::DBCluster", SR_R_DB_CLUSTER},
    {"AWS::Redshift::Cluster", SR_R_REDSHIFT},
    {"AWS::DocDB::DBCluster", SR_R_DOCDB_CLUSTER},
    {"AWS::DocDB::DBInstance", SR_R_DOCDB_INSTANCE},
    {"AWS::Serverless::Application", SR_R_SAM_APP},
    {"AWS::SNS::Topic", SR_R_SNS_TOPIC},
};

enum sr_rkind sr_rkind_of(const char *type)
{
    if (!type)
        return SR_R_OTHER;
    for (size_t i = 0; i < sizeof(sr_kinds) / sizeof(sr_kinds[0]); i++)
        if (strcmp(sr_kinds[i].type, type) == 0)
            return sr_kinds[i].kind;
    return SR_R_OTHER;
}

static const char *const sr_pseudo[] = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix",
};

int sr_is_pseudo(const char *name)
{
    if (strncmp(name, "AWS::", 5) != 0)
        return 0; /* the prefix of every name below */
    /* The letter after the prefix picks the names worth comparing. */
    for (size_t i = 0; i < sizeof(sr_pseudo) / sizeof(sr_pseudo[0]); i++)
        if (sr_pseudo[i][5] == name[5] && strcmp(sr_pseudo[i] + 5, name + 5) == 0)
            return 1;
    return 0;
}

/* ---- hash index --------------------------------------------------------- */

static size_t sr_hash_str(const char *s)
{
    return sr_hash_bytes(s, strlen(s));
}

struct sr_resource *sr_graph_find(const struct sr_graph *g, const char *id)
{
    if (!g->hcap || !id)
        return NULL;
    for (size_t i = sr_hash_str(id) & (g->hcap - 1);; i = (i + 1) & (g->hcap - 1)) {
        struct sr_resource *r = g->hash[i];
        if (!r)
            return NULL;
        if (r->id == id || strcmp(r->id, id) == 0) /* ids are often the same copy */
            return r;
    }
}

static int sr_graph_insert(struct sr_graph *g, struct sr_resource *r)
{
    for (size_t i = sr_hash_str(r->id) & (g->hcap - 1);; i = (i + 1) & (g->hcap - 1)) {
        if (!g->hash[i]) {
            g->hash[i] = r;
            return 0;
        }
        if (strcmp(g->hash[i]->id, r->id) == 0)
            return -1; /* duplicate id: first one wins (SR002 reports it) */
    }
}

const struct sr_node *sr_graph_parameter(const struct sr_graph *g, const char *name)
{
    return sr_map_get(g->t.parameters, name);
}

const struct sr_node *sr_res_prop(const struct sr_resource *r, const char *name)
{
    return r ? sr_map_get(r->props, name) : NULL;
}

/* The graph's string table for names parsed out of values (GetAtt, Sub), or
 * NULL before the graph has its memo. */
static struct sr_strtab *sr_graph_texts(const struct sr_graph *g)
{
    return g->memo ? &g->memo->texts : NULL;
}

const struct sr_node *sr_res_tag(const struct sr_resource *r, const char *key)
{
    const struct sr_node *tags = sr_deref(sr_res_prop(r, "Tags"));
    if (sr_is_map(tags)) {
        struct sr_intrinsic in;
        return sr_intrinsic_get(tags, &in) ? NULL : sr_map_get(tags, key);
    }
    for (size_t i = 0; sr_is_seq(tags) && i < tags->n; i++) {
        const struct sr_node *t = sr_seq_item(tags, i);
        if (sr_scalar_eq(sr_map_get(t, "Key"), key))
            return sr_map_get(t, "Value");
    }
    return NULL;
}

/* ---- values ------------------------------------------------------------- */

enum sr_val_kind sr_graph_name_kind(const struct sr_graph *g, const char *name,
                                    struct sr_resource **res)
{
    *res = sr_graph_find(g, name);
    if (*res)
        return SR_VAL_RESOURCE;
    if (sr_is_pseudo(name))
        return SR_VAL_PSEUDO;
    if (sr_graph_parameter(g, name))
        return SR_VAL_PARAMETER;
    return SR_VAL_UNKNOWN;
}

enum sr_val_kind sr_graph_value(const struct sr_graph *g, const struct sr_node *v,
                                struct sr_val *out)
{
    memset(out, 0, sizeof(*out));
    v = sr_deref(v);
    out->at = v;
    if (!v)
        return SR_VAL_NONE;
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in)) {
        if (v->kind == SR_SCALAR) {
            out->kind = SR_VAL_LITERAL;
            out->str = sr_node_str(v);
        }
        return out->kind;
    }
    out->whole = 1;
    switch (in.fn) {
    case SR_FN_REF: {
        const char *name = sr_scalar(in.arg);
        if (!name)
            return out->kind = SR_VAL_COMPUTED;
        out->name = name;
        out->kind = sr_graph_name_kind(g, name, &out->res);
        return out->kind;
    }
    case SR_FN_GETATT: {
        struct sr_getatt ga;
        if (sr_getatt_parse_in(g->arena, sr_graph_texts(g), &in, &ga) < 0)
            return out->kind = SR_VAL_COMPUTED;
        out->name = ga.resource;
        out->attr = ga.attr;
        out->res = sr_graph_find(g, ga.resource);
        out->kind = out->res ? SR_VAL_RESOURCE : SR_VAL_UNKNOWN;
        return out->kind;
    }
    case SR_FN_SUB: {
        struct sr_sub sub;
        if (sr_graph_sub(g, &in, &sub) < 0)
            return out->kind = SR_VAL_COMPUTED;
        out->whole = sub.nparts == 1;
        for (size_t i = 0; i < sub.nparts; i++) {
            const struct sr_sub_part *p = &sub.parts[i];
            if (p->kind != SR_SUB_VAR)
                continue;
            if (sub.vars && sr_map_get(sub.vars, p->text))
                continue; /* a local variable */
            out->name = p->text;
            out->attr = p->attr;
            out->kind = sr_graph_name_kind(g, p->text, &out->res);
            if (out->kind == SR_VAL_RESOURCE)
                return out->kind;
        }
        if (!out->kind) {
            out->kind = SR_VAL_LITERAL;
            out->str = sr_node_str(sub.string);
        }
        return out->kind;
    }
    case SR_FN_JOIN: {
        const struct sr_node *list = sr_seq_item(in.arg, 1);
        out->whole = 0;
        if (sr_is_seq(list)) {
            for (size_t i = 0; i < list->n; i++) {
                struct sr_val iv;
                if (sr_graph_value(g, sr_seq_item(list, i), &iv) == SR_VAL_RESOURCE) {
                    out->kind = SR_VAL_RESOURCE;
                    out->res = iv.res;
                    out->name = iv.name;
                    out->attr = iv.attr;
                    return out->kind;
                }
            }
        }
        return out->kind = SR_VAL_COMPUTED;
    }
    default:
        return out->kind = SR_VAL_COMPUTED;
    }
}

struct sr_each {
    sr_ref_fn fn;
    void *arg;
};

static int sr_each_walk(const struct sr_graph *g, const struct sr_node *v, struct sr_each *e,
                        int depth)
{
    v = sr_deref(v);
    if (!v || v->pure || depth > SR_MAX_DEPTH)
        return 0; /* a pure subtree refers to nothing */
    struct sr_intrinsic in;
    if (sr_intrinsic_get(v, &in)) {
        struct sr_val val;
        memset(&val, 0, sizeof(val));
        val.at = v;
        val.whole = 1;
        if (in.fn == SR_FN_REF && sr_scalar(in.arg)) {
            val.name = sr_scalar(in.arg);
            val.kind = sr_graph_name_kind(g, val.name, &val.res);
            return e->fn(g, &val, e->arg);
        }
        if (in.fn == SR_FN_GETATT) {
            struct sr_getatt ga;
            if (sr_getatt_parse_in(g->arena, sr_graph_texts(g), &in, &ga) == 0) {
                val.name = ga.resource;
                val.attr = ga.attr;
                val.res = sr_graph_find(g, ga.resource);
                val.kind = val.res ? SR_VAL_RESOURCE : SR_VAL_UNKNOWN;
                return e->fn(g, &val, e->arg);
            }
            return 0;
        }
        if (in.fn == SR_FN_SUB) {
            struct sr_sub sub;
            if (sr_graph_sub(g, &in, &sub) < 0)
                return 0;
            for (size_t i = 0; i < sub.nparts; i++) {
                const struct sr_sub_part *p = &sub.parts[i];
                if (p->kind != SR_SUB_VAR || (sub.vars && sr_map_get(sub.vars, p->text)))
                    continue;
                val.name = p->text;
                val.attr = p->attr;
                val.whole = sub.nparts == 1;
                val.at = sub.string;
                val.kind = sr_graph_name_kind(g, p->text, &val.res);
                int rc = e->fn(g, &val, e->arg);
                if (rc)
                    return rc;
            }
            if (sub.vars)
                return sr_each_walk(g, sub.vars, e, depth + 1);
            return 0;
        }
        /* A !Tag sits on its argument: walk the node's children below
         * (walking in.arg, the node itself, would find the tag again). */
        if (!in.short_form)
            return sr_each_walk(g, in.arg, e, depth + 1);
    }
    if (v->kind == SR_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            int rc = sr_each_walk(g, v->items[2 * i + 1], e, depth + 1);
            if (rc)
                return rc;
        }
    } else if (v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++) {
            int rc = sr_each_walk(g, v->items[i], e, depth + 1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int sr_graph_each_ref(const struct sr_graph *g, const struct sr_node *v, sr_ref_fn fn, void *arg)
{
    struct sr_each e = {fn, arg};
    return sr_each_walk(g, v, &e, 0);
}

/* ---- edges -------------------------------------------------------------- */

struct sr_edge_ctx {
    struct sr_graph *g;
    struct sr_resource *from;
    enum sr_edge_kind kind_hint;
};

static int sr_edge_cb(const struct sr_graph *cg, const struct sr_val *ref, void *arg)
{
    struct sr_edge_ctx *c = arg;
    struct sr_graph *g = c->g;
    (void)cg;
    struct sr_edge *e = sr_arena_alloc(g->arena, sizeof(*e));
    struct sr_intrinsic in;
    e->kind = SR_EDGE_REF;
    if (sr_intrinsic_get(ref->at, &in) && in.fn == SR_FN_GETATT)
        e->kind = SR_EDGE_GETATT;
    else if ((sr_intrinsic_get(ref->at, &in) && in.fn == SR_FN_SUB) ||
             (ref->at && ref->at->kind == SR_SCALAR && !sr_intrinsic_get(ref->at, &in) &&
              sr_node_str(ref->at) != ref->name))
        e->kind = SR_EDGE_SUB;
    e->from = c->from;
    e->to = ref->name;
    e->target = ref->res;
    e->attr = ref->attr;
    /* Point at the argument naming the target where we can. */
    e->at = ref->at;
    if (sr_intrinsic_get(ref->at, &in)) {
        if (in.fn == SR_FN_REF && in.arg)
            e->at = in.arg;
        else if (in.fn == SR_FN_GETATT) {
            struct sr_getatt ga;
            if (sr_getatt_parse_in(g->arena, sr_graph_texts(g), &in, &ga) == 0 && ga.res_node)
                e->at = ga.res_node;
        }
    }
    sr_ptrvec_push(g->arena, &g->edges, e);
    if (c->from)
        sr_ptrvec_push(g->arena, &c->from->out, e);
    if (e->target)
        sr_ptrvec_push(g->arena, &e->target->in, e);
    return 0;
}

static void sr_add_dependson(struct sr_graph *g, struct sr_resource *r)
{
    const struct sr_node *d = sr_map_get(r->node, "DependsOn");
    if (!d)
        return;
    size_t n = sr_is_seq(d) ? d->n : 1;
    for (size_t i = 0; i < n; i++) {
        const struct sr_node *it = sr_is_seq(d) ? sr_seq_item(d, i) : d;
        if (!sr_is_scalar(it))
            continue;
        struct sr_edge *e = sr_arena_alloc(g->arena, sizeof(*e));
        e->kind = SR_EDGE_DEPENDSON;
        e->from = r;
        e->to = sr_node_str(it);
        e->target = sr_graph_find(g, sr_node_str(it));
        e->at = it;
        sr_ptrvec_push(g->arena, &g->edges, e);
        sr_ptrvec_push(g->arena, &r->out, e);
        if (e->target)
            sr_ptrvec_push(g->arena, &e->target->in, e);
    }
}

/* ---- SAM ---------------------------------------------------------------- */

static struct sr_node *sr_clone_shallow(struct sr_arena *a, const struct sr_node *n)
{
    struct sr_node *c = sr_arena_alloc(a, sizeof(*c));
    *c = *n;
    return c;
}

/*
 * SAM Globals merge: maps deep-merge with local keys winning, lists are
 * global items then local items, anything else: local wins. Intrinsics are
 * values, never merged into.
 */
static const struct sr_node *sr_sam_merge(struct sr_arena *a, const struct sr_node *gl,
                                          const struct sr_node *lo, int depth)
{
    gl = sr_deref(gl);
    lo = sr_deref(lo);
    if (!gl)
        return lo;
    if (!lo || depth > 64)
        return lo ? lo : gl;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(gl, &in) || sr_intrinsic_get(lo, &in))
        return lo;
    if (gl->kind == SR_MAP && lo->kind == SR_MAP) {
        struct sr_node *m = sr_clone_shallow(a, lo);
        m->items = sr_arena_alloc(a, 2 * ((size_t)gl->n + lo->n) * sizeof(*m->items));
        size_t n = 0;
        for (size_t i = 0; i < gl->n; i++) {
            const struct sr_node *k = sr_deref(gl->items[2 * i]);
            if (!sr_is_scalar(k))
                continue;
            const struct sr_node *lv = sr_map_get(lo, sr_node_str(k));
            m->items[2 * n] = gl->items[2 * i];
            m->items[2 * n + 1] =
                (struct sr_node *)(lv ? sr_sam_merge(a, gl->items[2 * i + 1], lv, depth + 1)
                                      : sr_deref(gl->items[2 * i + 1]));
            if (lv) {
                const struct sr_node *lk;
                sr_map_get_kv(lo, sr_node_str(k), &lk);
                m->items[2 * n] = (struct sr_node *)lk;
            }
            n++;
        }
        for (size_t i = 0; i < lo->n; i++) {
            const struct sr_node *k = sr_deref(lo->items[2 * i]);
            if (sr_is_scalar(k) && sr_map_get(gl, sr_node_str(k)))
                continue;
            m->items[2 * n] = lo->items[2 * i];
            m->items[2 * n + 1] = lo->items[2 * i + 1];
            n++;
        }
        m->n = n;
        return m;
    }
    if (gl->kind == SR_SEQ && lo->kind == SR_SEQ) {
        struct sr_node *s = sr_clone_shallow(a, lo);
        s->items = sr_arena_alloc(a, (gl->n + lo->n) * sizeof(*s->items));
        memcpy(s->items, gl->items, gl->n * sizeof(*s->items));
        memcpy(s->items + gl->n, lo->items, lo->n * sizeof(*s->items));
        s->n = gl->n + lo->n;
        return s;
    }
    return lo;
}

static int sr_ignores_global(const struct sr_node *ignore, const char *key)
{
    if (!ignore)
        return 0;
    if (sr_scalar_eq(ignore, "*") || sr_scalar_eq(ignore, key))
        return 1;
    if (sr_is_seq(ignore))
        for (size_t i = 0; i < ignore->n; i++)
            if (sr_scalar_eq(sr_seq_item(ignore, i), key) ||
                sr_scalar_eq(sr_seq_item(ignore, i), "*"))
                return 1;
    return 0;
}

static void sr_sam_apply_globals(struct sr_graph *g, struct sr_resource *r)
{
    const struct sr_node *gf = sr_map_get(g->t.globals, "Function");
    if (!sr_is_map(gf))
        return;
    const struct sr_node *ignore = sr_map_get(r->node, "IgnoreGlobals");
    if (sr_scalar_eq(ignore, "*"))
        return;
    struct sr_node *gcopy = sr_clone_shallow(g->arena, gf);
    gcopy->items = sr_arena_alloc(g->arena, 2 * (size_t)gf->n * sizeof(*gcopy->items));
    size_t n = 0;
    for (size_t i = 0; i < gf->n; i++) {
        const struct sr_node *k = sr_deref(gf->items[2 * i]);
        if (!sr_is_scalar(k) || sr_ignores_global(ignore, sr_node_str(k)))
            continue;
        gcopy->items[2 * n] = gf->items[2 * i];
        gcopy->items[2 * n + 1] = gf->items[2 * i + 1];
        n++;
    }
    gcopy->n = n;
    if (!r->props) {
        r->props = gcopy;
        return;
    }
    r->props = sr_sam_merge(g->arena, gcopy, r->props, 0);
}

static struct sr_resource *sr_new_resource(struct sr_graph *g, const char *id, const char *type)
{
    struct sr_resource *r = sr_arena_alloc(g->arena, sizeof(*r));
    r->id = id;
    r->type = type;
    r->kind = sr_rkind_of(type);
    return r;
}

/* ---- typed indexes ------------------------------------------------------ */

/* The resource a value denotes when it is (or embeds) one of the template's. */
static struct sr_resource *sr_value_res(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_val val;
    if (sr_graph_value(g, v, &val) == SR_VAL_RESOURCE)
        return val.res;
    return NULL;
}

/* A secret denoted by v: the Secret, or what a schedule/attachment/policy
 * Ref returns (the secret ARN). */
static struct sr_resource *sr_value_secret(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_resource *r = sr_value_res(g, v);
    for (int i = 0; r && i < 4; i++) {
        if (r->kind == SR_R_SECRET)
            return r;
        if (r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT || r->kind == SR_R_SECRET_POLICY)
            r = sr_value_res(g, sr_res_prop(r, "SecretId"));
        else
            return NULL;
    }
    return NULL;
}

static int sr_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* A function denoted by v, directly or through an alias or version. */
static struct sr_resource *sr_value_function(const struct sr_graph *g, const struct sr_node *v)
{
    struct sr_resource *r = sr_value_res(g, v);
    for (int i = 0; r && i < 4; i++) {
        if (sr_is_function(r))
            return r;
        if (r->kind == SR_R_LAMBDA_ALIAS || r->kind == SR_R_LAMBDA_VERSION)
            r = sr_value_res(g, sr_res_prop(r, "FunctionName"));
        else
            return NULL;
    }
    return NULL;
}

static void sr_index(struct sr_graph *g, struct sr_resource *r)
{
    struct sr_arena *a = g->arena;
    switch (r->kind) {
    case SR_R_SCHEDULE:
    case SR_R_ATTACHMENT:
    case SR_R_SECRET_POLICY:
        r->secret_at = sr_res_prop(r, "SecretId");
        r->secret = sr_value_secret(g, r->secret_at);
        if (r->secret)
            sr_ptrvec_push(a,
                           r->kind == SR_R_SCHEDULE     ? &r->secret->schedules
                           : r->kind == SR_R_ATTACHMENT ? &r->secret->attachments
                                                        : &r->secret->secret_policies,
                           r);
        if (r->kind == SR_R_SCHEDULE) {
            r->function_at = sr_res_prop(r, "RotationLambdaARN");
            r->function = sr_value_function(g, r->function_at);
            if (r->function)
                sr_ptrvec_push(a, &r->function->rotating_schedules, r);
        }
        if (r->kind == SR_R_ATTACHMENT) {
            r->database = sr_value_res(g, sr_res_prop(r, "TargetId"));
            if (r->secret && r->database && !r->secret->database)
                r->secret->database = r->database;
        }
        break;
    case SR_R_PERMISSION:
    case SR_R_LAMBDA_ALIAS:
    case SR_R_LAMBDA_VERSION:
        r->function_at = sr_res_prop(r, "FunctionName");
        r->function = sr_value_function(g, r->function_at);
        if (r->function && r->kind == SR_R_PERMISSION)
            sr_ptrvec_push(a, &r->function->permissions, r);
        break;
    case SR_R_ALARM: {
        const struct sr_node *dims = sr_res_prop(r, "Dimensions");
        for (size_t i = 0; sr_is_seq(dims) && i < dims->n; i++) {
            const struct sr_node *d = sr_seq_item(dims, i);
            if (!sr_scalar_eq(sr_map_get(d, "Name"), "FunctionName"))
                continue;
            r->function_at = sr_map_get(d, "Value");
            r->function = sr_value_function(g, r->function_at);
            if (r->function)
                sr_ptrvec_push(a, &r->function->alarms, r);
        }
        break;
    }
    case SR_R_POLICY:
    case SR_R_MANAGED_POLICY: {
        const struct sr_node *roles = sr_res_prop(r, "Roles");
        for (size_t i = 0; sr_is_seq(roles) && i < roles->n; i++) {
            struct sr_resource *role = sr_value_res(g, sr_seq_item(roles, i));
            if (role && role->kind == SR_R_ROLE)
                sr_ptrvec_push(a, &role->attached_policies, r);
        }
        break;
    }
    case SR_R_LAMBDA:
    case SR_R_SAM_FUNCTION: {
        struct sr_resource *role = sr_value_res(g, sr_res_prop(r, "Role"));
        if (role && role->kind == SR_R_ROLE)
            r->role = role;
        if (r->role)
            sr_ptrvec_push(a, &r->role->functions, r);
        break;
    }
    case SR_R_SECRET: {
        struct sr_resource *k = sr_value_res(g, sr_res_prop(r, "KmsKeyId"));
        if (k && k->kind == SR_R_KMS_ALIAS)
            k = sr_value_res(g, sr_res_prop(k, "TargetKeyId"));
        if (k && k->kind == SR_R_KMS_KEY)
            r->kms_key = k;
        break;
    }
    default:
        break;
    }
}

/* ---- build -------------------------------------------------------------- */

int sr_graph_sub(const struct sr_graph *g, const struct sr_intrinsic *in, struct sr_sub *out)
{
    const struct sr_node *key = sr_deref(in->arg);
    if (g->memo && key) {
        const struct sr_sub *hit = sr_ptrmap_get(&g->memo->sub, key);
        if (hit) {
            *out = *hit;
            return 0;
        }
    }
    if (sr_sub_parse_shared(g->arena, sr_graph_texts(g), in, out) < 0)
        return -1;
    if (g->memo && key) {
        struct sr_sub *keep = sr_arena_alloc(g->arena, sizeof(*keep));
        *keep = *out;
        sr_ptrmap_put(g->arena, &g->memo->sub, key, keep);
    }
    return 0;
}

void sr_graph_build(struct sr_arena *a, const struct sr_doc *doc, struct sr_graph *g)
{
    memset(g, 0, sizeof(*g));
    g->arena = a;
    g->memo = sr_arena_alloc(a, sizeof(*g->memo));
    g->memo->texts.home = a;
    sr_template_view(doc, &g->t);
    const struct sr_node *res = g->t.resources;
    size_t n = sr_is_map(res) ? sr_deref(res)->n : 0;
    size_t cap = 2 * n + 1; /* room for implicit roles */
    g->res = sr_arena_alloc(a, cap * sizeof(*g->res));
    g->hcap = 16;
    while (g->hcap < cap * 2)
        g->hcap *= 2;
    g->hash = sr_arena_alloc(a, g->hcap * sizeof(*g->hash));

    for (size_t i = 0; i < n; i++) {
        const struct sr_node *k = sr_map_key(res, i);
        const struct sr_node *v = sr_map_val(res, i);
        if (!sr_is_scalar(k))
            continue;
        const char *type = sr_scalar(sr_map_get(v, "Type"));
        struct sr_resource *r = sr_new_resource(g, sr_node_str(k), type);
        r->key = sr_deref(res)->items[2 * i];
        r->node = v;
        r->props = sr_map_get(v, "Properties");
        r->metadata = sr_map_get(v, "Metadata");
        r->condition = sr_scalar(sr_map_get(v, "Condition"));
        if (sr_graph_insert(g, r) < 0)
            continue;
        r->index = g->nres;
        g->res[g->nres++] = r;
    }
    /* SAM: Globals and implicit roles. */
    size_t nreal = g->nres;
    g->nreal = nreal;
    for (size_t i = 0; i < nreal; i++) {
        struct sr_resource *r = g->res[i];
        if (r->kind != SR_R_SAM_FUNCTION)
            continue;
        sr_sam_apply_globals(g, r);
        if (sr_map_get(r->props, "Role"))
            continue;
        const char *rid = sr_arena_printf(a, "%sRole", r->id);
        if (sr_graph_find(g, rid))
            continue;
        struct sr_resource *role = sr_new_resource(g, rid, "AWS::IAM::Role");
        role->implicit = 1;
        role->owner = r;
        role->condition = r->condition;
        sr_graph_insert(g, role);
        role->index = g->nres;
        g->res[g->nres++] = role;
        r->role = role;
        sr_ptrvec_push(a, &role->functions, r);
    }
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_ptrvec *kv = &g->by_kind[g->res[i]->kind];
        g->res[i]->kind_index = kv->n;
        sr_ptrvec_push(a, kv, g->res[i]);
    }

    /* Edges, in document order: conditions, resources, outputs. */
    struct sr_edge_ctx ec = {g, NULL, SR_EDGE_REF};
    sr_graph_each_ref(g, g->t.conditions, sr_edge_cb, &ec);
    for (size_t i = 0; i < nreal; i++) {
        struct sr_resource *r = g->res[i];
        ec.from = r;
        sr_add_dependson(g, r);
        const struct sr_node *node = sr_deref(r->node);
        for (size_t k = 0; sr_is_map(node) && k < node->n; k++) {
            const struct sr_node *key = sr_map_key(node, k);
            if (sr_scalar_eq(key, "DependsOn") || sr_scalar_eq(key, "Type") ||
                sr_scalar_eq(key, "Condition"))
                continue;
            if (sr_scalar_eq(key, "Properties") && r->kind == SR_R_SAM_FUNCTION && r->props)
                sr_graph_each_ref(g, r->props, sr_edge_cb, &ec); /* with Globals */
            else
                sr_graph_each_ref(g, sr_map_val(node, k), sr_edge_cb, &ec);
        }
        if (r->kind == SR_R_SAM_FUNCTION && !sr_map_get(node, "Properties") && r->props)
            sr_graph_each_ref(g, r->props, sr_edge_cb, &ec);
    }
    ec.from = NULL;
    sr_graph_each_ref(g, g->t.outputs, sr_edge_cb, &ec);

    for (size_t i = 0; i < g->nres; i++)
        sr_index(g, g->res[i]);
    g->memo->flat_ready = 1;
    /* Schedules index after every secret knows its attachments: a schedule
     * whose SecretId is an attachment already resolved through it. */
}
