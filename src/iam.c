/*
 * iam.c - the IAM policy model: policy documents read from the graph,
 * SAM policy templates and known AWS managed policies expanded from the
 * embedded data, values resolved to template resources, and the three-valued
 * "can this role do that" question with Deny taken into account.
 * The data files are parsed once per process (pthread_once) and only read
 * afterwards; everything per template lives in the model's own arena.
 */
#include "iam.h"

#include <cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "embed.h"
#include "iamaction.h"
#include "intrinsic.h"

#define SR_IAM_MAX_TEXT 1024  /* longest value pattern kept; longer ones are unknown */
#define SR_IAM_MAX_ITEMS 4096 /* list items read per element (hostile input bound) */

/* ==== embedded data ====================================================== */

struct sr_dcond {
    const char *op, *key, *value; /* value: a pattern with ${Param} */
};

struct sr_dstmt {
    int not_action;
    const char **actions;
    size_t nactions;
    const char **resources;
    size_t nresources;
    struct sr_dcond *conds;
    size_t nconds;
};

struct sr_dpolicy {
    const char *name;
    const char *path; /* AWS managed: ARN path after policy/ */
    int broad;
    const char *why;
    const char **params;
    size_t nparams;
    struct sr_dstmt *stmts;
    size_t nstmts;
};

struct sr_dset {
    cJSON *root; /* kept alive: the strings below point into it */
    struct sr_dpolicy *v;
    size_t n;
};

static struct sr_dset sr_templates, sr_managed;
static pthread_once_t sr_data_once = PTHREAD_ONCE_INIT;

static const char **sr_dstrings(const cJSON *arr, size_t *n)
{
    *n = 0;
    if (!cJSON_IsArray(arr))
        return NULL;
    size_t cnt = (size_t)cJSON_GetArraySize(arr);
    const char **v = sr_xcalloc(cnt + 1, sizeof(*v));
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it))
            v[(*n)++] = it->valuestring;
    }
    return v;
}

static void sr_dload(struct sr_dset *set, const char *file, const char *section)
{
    size_t len;
    const char *text = sr_embed_get(file, &len);
    if (!text)
        return;
    set->root = cJSON_ParseWithLength(text, len);
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(set->root, section);
    if (!cJSON_IsObject(all))
        return;
    size_t cnt = (size_t)cJSON_GetArraySize(all);
    set->v = sr_xcalloc(cnt + 1, sizeof(*set->v));
    const cJSON *p;
    cJSON_ArrayForEach(p, all)
    {
        struct sr_dpolicy *d = &set->v[set->n++];
        d->name = p->string;
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(p, "path");
        d->path = cJSON_IsString(path) ? path->valuestring : NULL;
        d->broad = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "broad"));
        const cJSON *why = cJSON_GetObjectItemCaseSensitive(p, "why");
        d->why = cJSON_IsString(why) ? why->valuestring : NULL;
        d->params = sr_dstrings(cJSON_GetObjectItemCaseSensitive(p, "parameters"), &d->nparams);
        const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(p, "statements");
        size_t ns = cJSON_IsArray(stmts) ? (size_t)cJSON_GetArraySize(stmts) : 0;
        d->stmts = sr_xcalloc(ns + 1, sizeof(*d->stmts));
        const cJSON *s;
        cJSON_ArrayForEach(s, stmts)
        {
            struct sr_dstmt *ds = &d->stmts[d->nstmts++];
            const cJSON *acts = cJSON_GetObjectItemCaseSensitive(s, "actions");
            if (!acts) {
                acts = cJSON_GetObjectItemCaseSensitive(s, "notactions");
                ds->not_action = 1;
            }
            ds->actions = sr_dstrings(acts, &ds->nactions);
            ds->resources =
                sr_dstrings(cJSON_GetObjectItemCaseSensitive(s, "resources"), &ds->nresources);
            const cJSON *cond = cJSON_GetObjectItemCaseSensitive(s, "condition");
            size_t nc = 0;
            const cJSON *op, *kv;
            cJSON_ArrayForEach(op, cond) nc += (size_t)cJSON_GetArraySize(op);
            ds->conds = sr_xcalloc(nc + 1, sizeof(*ds->conds));
            cJSON_ArrayForEach(op, cond)
            {
                cJSON_ArrayForEach(kv, op)
                {
                    if (!cJSON_IsString(kv))
                        continue;
                    struct sr_dcond *dc = &ds->conds[ds->nconds++];
                    dc->op = op->string;
                    dc->key = kv->string;
                    dc->value = kv->valuestring;
                }
            }
        }
    }
}

static void sr_data_init(void)
{
    sr_dload(&sr_templates, "sam-policy-templates.json", "templates");
    sr_dload(&sr_managed, "managed-policies.json", "policies");
}

static const struct sr_dpolicy *sr_dfind(const struct sr_dset *set, const char *name)
{
    for (size_t i = 0; name && i < set->n; i++)
        if (!strcmp(set->v[i].name, name))
            return &set->v[i];
    return NULL;
}

static const struct sr_dpolicy *sr_template_data(const char *name)
{
    pthread_once(&sr_data_once, sr_data_init);
    return sr_dfind(&sr_templates, name);
}

/* A managed policy by plain name, or by ARN "arn:<p>:iam::aws:policy/<path>". */
static const struct sr_dpolicy *sr_managed_data(const char *s)
{
    pthread_once(&sr_data_once, sr_data_init);
    if (!s)
        return NULL;
    const char *mark = strstr(s, ":iam::aws:policy/");
    if (strncmp(s, "arn:", 4) == 0) {
        if (!mark)
            return NULL;
        const char *path = mark + strlen(":iam::aws:policy/");
        for (size_t i = 0; i < sr_managed.n; i++)
            if (sr_managed.v[i].path && !strcmp(sr_managed.v[i].path, path))
                return &sr_managed.v[i];
        return NULL;
    }
    return sr_dfind(&sr_managed, s);
}

const char *sr_iam_managed_lookup(const char *name_or_arn, int *broad, const char **why)
{
    const struct sr_dpolicy *d = sr_managed_data(name_or_arn);
    if (broad)
        *broad = d ? d->broad : 0;
    if (why)
        *why = d ? d->why : NULL;
    return d ? d->name : NULL;
}

size_t sr_iam_sam_template_count(void)
{
    pthread_once(&sr_data_once, sr_data_init);
    return sr_templates.n;
}

int sr_iam_sam_template_known(const char *name)
{
    return sr_template_data(name) != NULL;
}

/* ==== values ============================================================= */

/* Builds a value's pattern text and remembers the template resources it
 * names. Parts that cannot be known become SR_IAM_UNKNOWN_CHAR. */
struct sr_vb {
    char buf[SR_IAM_MAX_TEXT];
    size_t len;
    int overflow;
    int nrefs;
    struct sr_resource *ref;
    const char *ref_attr;
    size_t ref_at; /* buf length where the (first) reference was inserted */
};

struct sr_vctx {
    const struct sr_graph *g;
    struct sr_arena *a; /* the model's arena */
    /* The lists of items walked while the model is built (sr_items_of):
     * released once it is. */
    struct sr_arena scratch;
    /* The texts of values: the same action or ARN pattern recurs in every
     * function's policies. */
    struct sr_strtab texts;
    /* Expansion of a SAM policy template: its parameter values. */
    const struct sr_node *params;
    const struct sr_node *first_param; /* the node of the first parameter used */
};

static void sr_vb_put(struct sr_vb *b, const char *s, size_t n)
{
    if (b->len + n >= sizeof(b->buf)) {
        b->overflow = 1;
        return;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

static void sr_vb_unknown(struct sr_vb *b)
{
    char c = SR_IAM_UNKNOWN_CHAR;
    /* One mark for a run of unknown parts. */
    if (b->len && b->buf[b->len - 1] == c)
        return;
    sr_vb_put(b, &c, 1);
}

static void sr_vb_ref(struct sr_vb *b, struct sr_resource *r, const char *attr)
{
    if (b->nrefs++ == 0) {
        b->ref = r;
        b->ref_attr = attr;
        b->ref_at = b->len;
    }
    /* In the text a reference reads as unknown; an exact one is resolved. */
    sr_vb_unknown(b);
}

/* What Ref of a resource denotes for the policy rules: a schedule,
 * attachment or secret policy Ref gives its secret's ARN. */
static struct sr_resource *sr_ref_target(struct sr_resource *r, const char *attr)
{
    if (r && !attr &&
        (r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT || r->kind == SR_R_SECRET_POLICY) &&
        r->secret)
        return r->secret;
    return r;
}

static int sr_all_of(const char *s, const char *set)
{
    for (; *s; s++)
        if (!strchr(set, *s))
            return 0;
    return 1;
}

static void sr_vb_name(struct sr_vctx *vc, struct sr_vb *b, const char *name, const char *attr)
{
    if (!strcmp(name, "AWS::Partition") || !strcmp(name, "AWS::Region") ||
        !strcmp(name, "AWS::AccountId") || !strcmp(name, "AWS::URLSuffix")) {
        char c = SR_IAM_STACK_CHAR;
        sr_vb_put(b, &c, 1);
        return;
    }
    struct sr_resource *r = sr_graph_find(vc->g, name);
    if (r)
        sr_vb_ref(b, sr_ref_target(r, attr), attr);
    else
        sr_vb_unknown(b);
}

static void sr_vb_node(struct sr_vctx *vc, struct sr_vb *b, const struct sr_node *n, int depth);

static void sr_vb_sub(struct sr_vctx *vc, struct sr_vb *b, const struct sr_intrinsic *in, int depth)
{
    struct sr_sub sub;
    if (sr_graph_sub(vc->g, in, &sub) < 0) {
        sr_vb_unknown(b);
        return;
    }
    for (size_t i = 0; i < sub.nparts; i++) {
        const struct sr_sub_part *p = &sub.parts[i];
        if (p->kind == SR_SUB_TEXT) {
            sr_vb_put(b, p->text, strlen(p->text));
            continue;
        }
        const struct sr_node *local = sub.vars ? sr_map_get(sub.vars, p->text) : NULL;
        if (local)
            sr_vb_node(vc, b, local, depth + 1);
        else
            sr_vb_name(vc, b, p->text, p->attr);
    }
}

/* Appends what node n denotes. */
static void sr_vb_node(struct sr_vctx *vc, struct sr_vb *b, const struct sr_node *n, int depth)
{
    n = sr_deref(n);
    if (!n || depth > 16) {
        sr_vb_unknown(b);
        return;
    }
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(n, &in)) {
        if (n->kind == SR_SCALAR)
            sr_vb_put(b, sr_node_str(n), sr_node_len(n));
        else
            sr_vb_unknown(b);
        return;
    }
    switch (in.fn) {
    case SR_FN_REF: {
        const char *name = sr_scalar(in.arg);
        if (name)
            sr_vb_name(vc, b, name, NULL);
        else
            sr_vb_unknown(b);
        return;
    }
    case SR_FN_GETATT: {
        struct sr_getatt ga;
        struct sr_resource *r = NULL;
        if (sr_getatt_parse_in(vc->a, &vc->texts, &in, &ga) == 0)
            r = sr_graph_find(vc->g, ga.resource);
        if (r)
            sr_vb_ref(b, r, ga.attr);
        else
            sr_vb_unknown(b);
        return;
    }
    case SR_FN_SUB:
        sr_vb_sub(vc, b, &in, depth);
        return;
    case SR_FN_JOIN: {
        const char *delim = sr_scalar(sr_seq_item(in.arg, 0));
        const struct sr_node *list = sr_seq_item(in.arg, 1);
        if (!delim || !sr_is_seq(list)) {
            sr_vb_unknown(b);
            return;
        }
        for (size_t i = 0; i < list->n && i < SR_IAM_MAX_ITEMS; i++) {
            if (i)
                sr_vb_put(b, delim, strlen(delim));
            sr_vb_node(vc, b, sr_seq_item(list, i), depth + 1);
        }
        return;
    }
    default:
        sr_vb_unknown(b);
        return;
    }
}

/* Expands a data pattern ("arn:${AWS::Partition}:kms:...:key/${KeyId}"),
 * taking ${Param} from the template entry's parameters. */
static void sr_vb_pattern(struct sr_vctx *vc, struct sr_vb *b, const char *pat)
{
    const char *p = pat;
    while (*p) {
        const char *open = strstr(p, "${");
        if (!open) {
            sr_vb_put(b, p, strlen(p));
            return;
        }
        sr_vb_put(b, p, (size_t)(open - p));
        const char *close = strchr(open, '}');
        if (!close) {
            sr_vb_put(b, open, strlen(open));
            return;
        }
        char name[128];
        size_t n = (size_t)(close - open - 2);
        if (n >= sizeof(name))
            n = sizeof(name) - 1;
        memcpy(name, open + 2, n);
        name[n] = '\0';
        if (!strncmp(name, "AWS::", 5)) {
            sr_vb_name(vc, b, name, NULL);
        } else {
            const struct sr_node *pv = vc->params ? sr_map_get(vc->params, name) : NULL;
            if (pv) {
                if (!vc->first_param)
                    vc->first_param = pv;
                sr_vb_node(vc, b, pv, 0);
            } else {
                sr_vb_unknown(b);
            }
        }
        p = close + 1;
    }
}

/* Turns a built text into a value. A text that is v's node's own literal
 * value is used as it is; others are stored once per model. */
static void sr_vb_finish(struct sr_vctx *vc, struct sr_vb *b, struct sr_iam_value *v)
{
    if (b->overflow || b->len == 0) {
        v->scope = SR_SCOPE_UNKNOWN;
        v->text = NULL;
        return;
    }
    const char *own = v->node ? sr_node_str(v->node) : NULL;
    if (own && sr_node_len(v->node) == b->len && memcmp(own, b->buf, b->len) == 0)
        v->text = own;
    else
        v->text = sr_strtab_intern(&vc->texts, vc->a, b->buf, b->len);
    if (b->nrefs == 1) {
        /* Exact: "${Secret}", "${Secret}*", or an ARN prefix ending in
         * ':' or '/' followed by the reference ("...:key/${Key}"). */
        const char *pre = b->buf;
        size_t prelen = b->ref_at;
        const char *post = b->buf + b->ref_at + 1;
        int exact = 0;
        if (prelen == 0 && sr_all_of(post, "*?-"))
            exact = 1;
        else if (prelen > 4 && !strncmp(pre, "arn:", 4) &&
                 (pre[prelen - 1] == ':' || pre[prelen - 1] == '/') && sr_all_of(post, "*?"))
            exact = 2;
        if (exact) {
            v->scope = SR_SCOPE_RESOURCE;
            v->res = b->ref;
            v->attr = b->ref_attr;
            v->embedded = exact == 2;
            return;
        }
    }
    if (b->nrefs)
        v->res = b->ref;
    if (b->len == 1 && b->buf[0] == SR_IAM_UNKNOWN_CHAR)
        v->scope = SR_SCOPE_UNKNOWN;
    else if (sr_all_of(v->text, "*"))
        v->scope = SR_SCOPE_ALL;
    else
        v->scope = SR_SCOPE_PATTERN;
}

static void sr_value_of(struct sr_vctx *vc, const struct sr_node *n, struct sr_iam_value *v)
{
    struct sr_vb b;
    b.len = 0;
    b.overflow = 0;
    b.nrefs = 0;
    b.ref = NULL;
    b.ref_attr = NULL;
    b.ref_at = 0;
    b.buf[0] = '\0';
    memset(v, 0, sizeof(*v));
    v->node = sr_deref(n);
    sr_vb_node(vc, &b, n, 0);
    sr_vb_finish(vc, &b, v);
}

static void sr_value_pattern(struct sr_vctx *vc, const char *pat, const struct sr_node *at,
                             struct sr_iam_value *v)
{
    struct sr_vb b;
    b.len = 0;
    b.overflow = 0;
    b.nrefs = 0;
    b.ref = NULL;
    b.ref_attr = NULL;
    b.ref_at = 0;
    b.buf[0] = '\0';
    memset(v, 0, sizeof(*v));
    vc->first_param = NULL;
    sr_vb_pattern(vc, &b, pat);
    v->node = vc->first_param ? sr_deref(vc->first_param) : at;
    sr_vb_finish(vc, &b, v);
}

/* ==== policy documents =================================================== */

/* Visits the leaves of n through Fn::If branches (AWS::NoValue dropped). */
typedef void (*sr_leaf_fn)(void *arg, const struct sr_node *leaf, int conditional);

static void sr_leaves(const struct sr_node *n, int cond, int depth, sr_leaf_fn fn, void *arg)
{
    n = sr_deref(n);
    if (!n || depth > 16)
        return;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(n, &in)) {
        if (in.fn == SR_FN_IF && sr_is_seq(in.arg)) {
            sr_leaves(sr_seq_item(in.arg, 1), 1, depth + 1, fn, arg);
            sr_leaves(sr_seq_item(in.arg, 2), 1, depth + 1, fn, arg);
            return;
        }
        if (in.fn == SR_FN_REF && sr_scalar_eq(in.arg, "AWS::NoValue"))
            return;
    }
    fn(arg, n, cond);
}

/* The list items of a list, or the one value of a scalar/map, with Fn::If
 * leaves expanded. */
struct sr_items {
    struct sr_arena *a;
    struct sr_ptrvec nodes;
    struct sr_ptrvec conds; /* (void *)1 for conditional items */
};

static void sr_items_add(void *arg, const struct sr_node *leaf, int conditional)
{
    struct sr_items *it = arg;
    if (it->nodes.n >= SR_IAM_MAX_ITEMS)
        return;
    sr_ptrvec_push(it->a, &it->nodes, (void *)leaf);
    sr_ptrvec_push(it->a, &it->conds, conditional ? (void *)1 : NULL);
}

static void sr_items_list(void *arg, const struct sr_node *leaf, int conditional)
{
    if (sr_is_seq(leaf)) {
        const struct sr_node *s = sr_deref(leaf);
        for (size_t i = 0; i < s->n; i++)
            sr_leaves(sr_seq_item(s, i), conditional, 1, sr_items_add, arg);
    } else {
        sr_items_add(arg, leaf, conditional);
    }
}

static void sr_items_of(struct sr_arena *a, const struct sr_node *n, struct sr_items *it)
{
    memset(it, 0, sizeof(*it));
    it->a = a;
    sr_leaves(n, 0, 0, sr_items_list, it);
}

static struct sr_iam_value *sr_values_of(struct sr_vctx *vc, const struct sr_node *n, size_t *count)
{
    struct sr_items it;
    sr_items_of(&vc->scratch, n, &it);
    *count = it.nodes.n;
    if (!it.nodes.n)
        return NULL;
    struct sr_iam_value *v = sr_arena_alloc(vc->a, it.nodes.n * sizeof(*v));
    for (size_t i = 0; i < it.nodes.n; i++)
        sr_value_of(vc, it.nodes.v[i], &v[i]);
    return v;
}

static enum sr_principal_type sr_ptype(const char *k)
{
    if (!strcmp(k, "AWS"))
        return SR_PRIN_AWS;
    if (!strcmp(k, "Service"))
        return SR_PRIN_SERVICE;
    if (!strcmp(k, "Federated"))
        return SR_PRIN_FEDERATED;
    if (!strcmp(k, "CanonicalUser"))
        return SR_PRIN_CANONICAL;
    return SR_PRIN_NONE;
}

static void sr_principals(struct sr_vctx *vc, struct sr_iam_stmt *s, const struct sr_node *p)
{
    p = sr_deref(p);
    if (sr_is_scalar(p)) {
        s->principals = sr_arena_alloc(vc->a, sizeof(*s->principals));
        s->nprincipals = 1;
        sr_value_of(vc, p, &s->principals[0]);
        s->principals[0].ptype = SR_PRIN_STAR;
        if (s->principals[0].scope != SR_SCOPE_ALL)
            s->principals[0].ptype = SR_PRIN_AWS; /* "Principal: 1234..." is not valid */
        return;
    }
    if (!sr_is_map(p))
        return;
    size_t total = 0;
    struct sr_iam_value *parts[8];
    size_t counts[8];
    enum sr_principal_type types[8];
    size_t np = 0;
    for (size_t i = 0; i < p->n && np < 8; i++) {
        const char *k = sr_scalar(sr_map_key(p, i));
        if (!k)
            continue;
        types[np] = sr_ptype(k);
        parts[np] = sr_values_of(vc, sr_map_val(p, i), &counts[np]);
        total += counts[np];
        np++;
    }
    if (!total)
        return;
    s->principals = sr_arena_alloc(vc->a, total * sizeof(*s->principals));
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < counts[i]; j++) {
            s->principals[s->nprincipals] = parts[i][j];
            s->principals[s->nprincipals].ptype = types[i];
            s->nprincipals++;
        }
}

static void sr_conditions(struct sr_vctx *vc, struct sr_iam_stmt *s, const struct sr_node *c)
{
    c = sr_deref(c);
    if (!sr_is_map(c)) {
        if (c) { /* a computed Condition: keep one unknown condition */
            s->conds = sr_arena_alloc(vc->a, sizeof(*s->conds));
            s->conds[0].op = "";
            s->conds[0].key = "";
            s->conds[0].node = c;
            s->nconds = 1;
        }
        return;
    }
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct sr_node *kv = sr_map_val(c, i);
        total += sr_is_map(kv) ? sr_deref(kv)->n : 1;
    }
    if (!total)
        return;
    s->conds = sr_arena_alloc(vc->a, total * sizeof(*s->conds));
    for (size_t i = 0; i < c->n; i++) {
        const char *op = sr_scalar(sr_map_key(c, i));
        const struct sr_node *kv = sr_map_val(c, i);
        if (!sr_is_map(kv)) {
            struct sr_iam_cond *ic = &s->conds[s->nconds++];
            ic->op = op ? op : "";
            ic->key = "";
            ic->node = sr_map_key(c, i);
            continue;
        }
        kv = sr_deref(kv);
        for (size_t j = 0; j < kv->n; j++) {
            struct sr_iam_cond *ic = &s->conds[s->nconds++];
            ic->op = op ? op : "";
            ic->key = sr_scalar(sr_map_key(kv, j)) ? sr_scalar(sr_map_key(kv, j)) : "";
            ic->node = sr_map_key(kv, j);
            ic->values = sr_values_of(vc, sr_map_val(kv, j), &ic->nvalues);
        }
    }
}

static struct sr_iam_policy *sr_new_policy(struct sr_iam_model *m, enum sr_iam_source src,
                                           struct sr_resource *owner, const char *name,
                                           const struct sr_node *at)
{
    struct sr_iam_policy *p = sr_arena_alloc(&m->arena, sizeof(*p));
    p->source = src;
    p->owner = owner;
    p->name = name;
    p->at = at;
    sr_ptrvec_push(&m->arena, &m->policies, p);
    return p;
}

struct sr_doc_ctx {
    struct sr_vctx *vc;
    struct sr_iam_policy *p;
};

/* Marks the action texts that match only themselves (see literal). */
static void sr_mark_literals(struct sr_iam_value *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *t = v[i].text;
        static const char wild[] = {'*', '?', SR_IAM_UNKNOWN_CHAR, '\0'};
        if (!t || strpbrk(t, wild))
            continue;
        size_t len = strlen(t);
        if (len < SR_IAM_MAX_NAME)
            v[i].literal = (uint32_t)len + 1;
    }
}

static void sr_stmt_add(void *arg, const struct sr_node *n, int conditional)
{
    struct sr_doc_ctx *dc = arg;
    struct sr_vctx *vc = dc->vc;
    if (!sr_is_map(n))
        return;
    const char *effect = sr_scalar(sr_map_get(n, "Effect"));
    if (!effect || (strcmp(effect, "Allow") != 0 && strcmp(effect, "Deny") != 0))
        return;
    struct sr_iam_stmt *s = sr_arena_alloc(vc->a, sizeof(*s));
    s->deny = !strcmp(effect, "Deny");
    s->policy = dc->p;
    s->node = n;
    s->conditional = conditional;
    s->sid = sr_scalar(sr_map_get(n, "Sid"));
    const struct sr_node *k;
    const struct sr_node *v = sr_map_get_kv(n, "Action", &k);
    if (!v) {
        v = sr_map_get_kv(n, "NotAction", &k);
        s->not_action = v != NULL;
    }
    s->action_key = v ? k : n;
    s->actions = sr_values_of(vc, v, &s->nactions);
    sr_mark_literals(s->actions, s->nactions);
    v = sr_map_get_kv(n, "Resource", &k);
    if (!v) {
        v = sr_map_get_kv(n, "NotResource", &k);
        s->not_resource = v != NULL;
    }
    s->resource_key = v ? k : NULL;
    s->resources = sr_values_of(vc, v, &s->nresources);
    v = sr_map_get_kv(n, "Principal", &k);
    if (!v) {
        v = sr_map_get_kv(n, "NotPrincipal", &k);
        s->not_principal = v != NULL;
    }
    s->principal_key = v ? k : NULL;
    if (v)
        sr_principals(vc, s, v);
    sr_conditions(vc, s, sr_map_get(n, "Condition"));
    sr_ptrvec_push(vc->a, &dc->p->stmts, s);
}

/* Reads a policy document node into p. Returns -1 when it cannot be read
 * (a JSON string, a computed value). */
static int sr_read_document(struct sr_vctx *vc, struct sr_iam_policy *p, const struct sr_node *doc)
{
    doc = sr_deref(doc);
    if (!doc)
        return 0;
    if (!sr_is_map(doc))
        return -1;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(doc, &in) && in.fn != SR_FN_IF)
        return -1;
    struct sr_doc_ctx dc = {vc, p};
    struct sr_items docs;
    sr_items_of(&vc->scratch, doc, &docs);
    for (size_t d = 0; d < docs.nodes.n; d++) {
        const struct sr_node *stmts = sr_map_get(docs.nodes.v[d], "Statement");
        struct sr_items it;
        sr_items_of(&vc->scratch, stmts, &it);
        for (size_t i = 0; i < it.nodes.n; i++)
            sr_stmt_add(&dc, it.nodes.v[i], docs.conds.v[d] || it.conds.v[i]);
    }
    return 0;
}

/* Statements of a data policy (SAM template or AWS managed), with params
 * the template entry's parameter map (or NULL). */
static void sr_expand_data(struct sr_vctx *vc, struct sr_iam_policy *p, const struct sr_dpolicy *d,
                           const struct sr_node *at, const struct sr_node *params, int conditional)
{
    struct sr_arena *a = vc->a;
    vc->params = params;
    for (size_t i = 0; i < d->nstmts; i++) {
        const struct sr_dstmt *ds = &d->stmts[i];
        struct sr_iam_stmt *s = sr_arena_alloc(a, sizeof(*s));
        s->policy = p;
        s->node = at;
        s->action_key = at;
        s->resource_key = at;
        s->not_action = ds->not_action;
        s->conditional = conditional;
        s->nactions = ds->nactions;
        s->actions = sr_arena_alloc(a, (ds->nactions + 1) * sizeof(*s->actions));
        for (size_t j = 0; j < ds->nactions; j++) {
            s->actions[j].text = ds->actions[j];
            s->actions[j].node = at;
            s->actions[j].scope = SR_SCOPE_PATTERN;
        }
        sr_mark_literals(s->actions, s->nactions);
        s->nresources = ds->nresources;
        s->resources = sr_arena_alloc(a, (ds->nresources + 1) * sizeof(*s->resources));
        for (size_t j = 0; j < ds->nresources; j++)
            sr_value_pattern(vc, ds->resources[j], at, &s->resources[j]);
        s->nconds = ds->nconds;
        s->conds = sr_arena_alloc(a, (ds->nconds + 1) * sizeof(*s->conds));
        for (size_t j = 0; j < ds->nconds; j++) {
            struct sr_iam_cond *c = &s->conds[j];
            c->op = ds->conds[j].op;
            c->key = ds->conds[j].key;
            c->nvalues = 1;
            c->values = sr_arena_alloc(a, sizeof(*c->values));
            sr_value_pattern(vc, ds->conds[j].value, at, &c->values[0]);
            c->node = c->values[0].node;
        }
        sr_ptrvec_push(a, &p->stmts, s);
    }
    vc->params = NULL;
}

/* ==== the model ========================================================== */

/* What the model knows of one resource, found in O(1) by pointer. */
struct sr_iam_resinfo {
    const struct sr_resource *r;
    struct sr_iam_role *role;   /* r is a role: its entry */
    struct sr_iam_policy *own;  /* r is an AWS::IAM::Policy / ManagedPolicy */
    struct sr_ptrvec targeting; /* resource and key policies attached to r */
};

/* The entry of r; created when create is set, else NULL when absent. */
static struct sr_iam_resinfo *sr_info(const struct sr_iam_model *m, const struct sr_resource *r,
                                      int create)
{
    if (!r || !m->rcap)
        return NULL;
    size_t i = sr_ptr_hash(r) & (m->rcap - 1);
    for (size_t n = 0; n < m->rcap; n++, i = (i + 1) & (m->rcap - 1)) {
        struct sr_iam_resinfo *e = m->rmap[i];
        if (!e) {
            if (!create)
                return NULL;
            /* create is set only while the model is built (not const then) */
            e = sr_arena_alloc(&((struct sr_iam_model *)m)->arena, sizeof(*e));
            e->r = r;
            m->rmap[i] = e;
            return e;
        }
        if (e->r == r)
            return e;
    }
    return NULL; /* full: cannot happen, the table has twice the resources */
}

static struct sr_iam_role *sr_role_entry(struct sr_iam_model *m, const struct sr_resource *r)
{
    struct sr_iam_resinfo *info = sr_info(m, r, 0);
    return info ? info->role : NULL;
}

const struct sr_iam_role *sr_iam_role_of(const struct sr_iam_model *m, const struct sr_resource *r)
{
    return r ? sr_role_entry((struct sr_iam_model *)m, r) : NULL;
}

static void sr_role_add(struct sr_iam_model *m, struct sr_iam_role *e, struct sr_iam_policy *p)
{
    for (size_t i = 0; i < e->policies.n; i++)
        if (e->policies.v[i] == p)
            return;
    sr_ptrvec_push(&m->arena, &e->policies, p);
}

/* The policy object of a template AWS::IAM::Policy / ManagedPolicy. */
static struct sr_iam_policy *sr_resource_policy(struct sr_iam_model *m, const struct sr_resource *r)
{
    struct sr_iam_resinfo *info = sr_info(m, r, 0);
    return info ? info->own : NULL;
}

/* An AWS managed policy named by n (name or ARN) for role entry e. */
static void sr_attach_managed(struct sr_iam_model *m, struct sr_vctx *vc, struct sr_iam_role *e,
                              struct sr_resource *owner, const struct sr_node *n, int conditional,
                              int sam_names)
{
    struct sr_iam_value v;
    sr_value_of(vc, n, &v);
    if (v.scope == SR_SCOPE_RESOURCE && v.res && v.res->kind == SR_R_MANAGED_POLICY) {
        struct sr_iam_policy *p = sr_resource_policy(m, v.res);
        if (p)
            sr_role_add(m, e, p);
        return;
    }
    if (!v.text || strchr(v.text, SR_IAM_UNKNOWN_CHAR)) {
        e->unknown = 1;
        return;
    }
    const struct sr_dpolicy *d = sr_managed_data(v.text);
    if (d) {
        struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_AWS_MANAGED, owner, d->name, v.node);
        p->broad = d->broad;
        p->why = d->why;
        sr_expand_data(vc, p, d, v.node, NULL, conditional);
        sr_role_add(m, e, p);
        return;
    }
    /* AWS managed policies not in the data grant nothing the rules look at;
     * a customer managed policy outside the template is unknown. */
    if (strstr(v.text, ":iam::aws:policy/"))
        return;
    if (sam_names && strncmp(v.text, "arn:", 4) != 0)
        return; /* SAM resolves a bare name to an AWS managed policy */
    e->unknown = 1;
}

static void sr_attach_builtin(struct sr_iam_model *m, struct sr_vctx *vc, struct sr_iam_role *e,
                              struct sr_resource *fn, const char *name)
{
    const struct sr_dpolicy *d = sr_managed_data(name);
    if (!d)
        return;
    struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_AWS_MANAGED, fn, d->name, fn->key);
    p->broad = d->broad;
    p->why = d->why;
    sr_expand_data(vc, p, d, fn->key, NULL, 0);
    sr_role_add(m, e, p);
}

/* Role Policies: [{PolicyName, PolicyDocument}] (also users and groups). */
static void sr_inline_policies(struct sr_iam_model *m, struct sr_vctx *vc, struct sr_resource *r,
                               struct sr_iam_role *e)
{
    struct sr_items it;
    sr_items_of(&vc->scratch, sr_res_prop(r, "Policies"), &it);
    for (size_t i = 0; i < it.nodes.n; i++) {
        const struct sr_node *item = it.nodes.v[i];
        const struct sr_node *doc = sr_map_get(item, "PolicyDocument");
        struct sr_iam_policy *p =
            sr_new_policy(m, SR_IAM_ROLE_INLINE, r, sr_scalar(sr_map_get(item, "PolicyName")), doc);
        if (sr_read_document(vc, p, doc) < 0 && e)
            e->unknown = 1;
        if (it.conds.v[i])
            for (size_t j = 0; j < p->stmts.n; j++)
                ((struct sr_iam_stmt *)p->stmts.v[j])->conditional = 1;
        if (e)
            sr_role_add(m, e, p);
    }
}

static void sr_trust(struct sr_iam_model *m, struct sr_vctx *vc, struct sr_resource *owner,
                     struct sr_iam_role *e, const struct sr_node *doc)
{
    if (!doc)
        return;
    struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_ROLE_TRUST, owner, NULL, doc);
    sr_read_document(vc, p, doc);
    e->trust = p;
}

/* SAM Policies of function fn for its implicit role e. */
static void sr_sam_policies(struct sr_iam_model *m, struct sr_vctx *vc, struct sr_resource *fn,
                            struct sr_iam_role *e)
{
    struct sr_items it;
    sr_items_of(&vc->scratch, sr_res_prop(fn, "Policies"), &it);
    for (size_t i = 0; i < it.nodes.n; i++) {
        const struct sr_node *item = sr_deref(it.nodes.v[i]);
        int cond = it.conds.v[i] != NULL;
        struct sr_intrinsic in;
        if (sr_is_scalar(item) || sr_intrinsic_get(item, &in)) {
            sr_attach_managed(m, vc, e, fn, item, cond, 1);
            continue;
        }
        if (!sr_is_map(item))
            continue;
        if (sr_map_get(item, "Statement")) {
            struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_SAM_INLINE, fn, NULL, item);
            if (sr_read_document(vc, p, item) < 0)
                e->unknown = 1;
            if (cond)
                for (size_t j = 0; j < p->stmts.n; j++)
                    ((struct sr_iam_stmt *)p->stmts.v[j])->conditional = 1;
            sr_role_add(m, e, p);
            continue;
        }
        if (item->n != 1)
            continue;
        const struct sr_node *key = sr_map_key(item, 0);
        const struct sr_dpolicy *d = sr_template_data(sr_scalar(key));
        if (!d)
            continue; /* a SAM template that grants nothing the rules look at */
        struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_SAM_TEMPLATE, fn, d->name, key);
        sr_expand_data(vc, p, d, key, sr_map_val(item, 0), cond);
        sr_role_add(m, e, p);
    }
}

struct sr_iam_model *sr_iam_build(const struct sr_graph *g)
{
    /* The model lives in an arena of its own, kept in the model: it can be
     * released before the graph (sr_iam_drop). */
    struct sr_arena own;
    sr_arena_init(&own);
    struct sr_iam_model *m = sr_arena_alloc(&own, sizeof(*m));
    m->arena = own;
    struct sr_arena *a = &m->arena;
    struct sr_vctx vc;
    memset(&vc, 0, sizeof(vc));
    vc.g = g;
    vc.a = a;
    sr_arena_init(&vc.scratch);
    m->g = g;
    m->rcap = 16;
    while (m->rcap < 2 * (g->nres + 1))
        m->rcap *= 2;
    m->rmap = sr_arena_alloc(a, m->rcap * sizeof(*m->rmap));

    /* Policies that stand alone, in template order. */
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *r = g->res[i];
        if (r->kind == SR_R_POLICY || r->kind == SR_R_MANAGED_POLICY) {
            const struct sr_node *doc = sr_res_prop(r, "PolicyDocument");
            struct sr_iam_policy *p =
                sr_new_policy(m, r->kind == SR_R_POLICY ? SR_IAM_POLICY : SR_IAM_MANAGED, r,
                              sr_scalar(sr_res_prop(r, "PolicyName")), doc);
            if (sr_read_document(&vc, p, doc) < 0)
                p->at = NULL; /* unreadable: roles using it are unknown */
            sr_info(m, r, 1)->own = p;
        } else if (r->kind == SR_R_SECRET_POLICY) {
            const struct sr_node *doc = sr_res_prop(r, "ResourcePolicy");
            struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_SECRET_POLICY, r, NULL, doc);
            p->target = r->secret;
            sr_read_document(&vc, p, doc);
            if (r->secret)
                sr_ptrvec_push(a, &sr_info(m, r->secret, 1)->targeting, p);
        } else if (r->kind == SR_R_KMS_KEY) {
            const struct sr_node *doc = sr_res_prop(r, "KeyPolicy");
            struct sr_iam_policy *p = sr_new_policy(m, SR_IAM_KEY_POLICY, r, NULL, doc);
            p->target = r;
            sr_read_document(&vc, p, doc);
            sr_ptrvec_push(a, &sr_info(m, r, 1)->targeting, p);
        } else if (r->kind == SR_R_USER || (r->type && !strcmp(r->type, "AWS::IAM::Group"))) {
            sr_inline_policies(m, &vc, r, NULL);
        }
    }

    /* Roles: explicit and SAM implicit. */
    for (size_t i = 0; i < g->by_kind[SR_R_ROLE].n; i++) {
        struct sr_resource *r = g->by_kind[SR_R_ROLE].v[i];
        struct sr_iam_role *e = sr_arena_alloc(a, sizeof(*e));
        e->role = r;
        sr_ptrvec_push(a, &m->roles, e);
        sr_info(m, r, 1)->role = e;
        if (r->implicit && r->owner) {
            struct sr_resource *fn = r->owner;
            sr_trust(m, &vc, fn, e, sr_res_prop(fn, "AssumeRolePolicyDocument"));
            e->boundary = sr_res_prop(fn, "PermissionsBoundary") != NULL;
            sr_attach_builtin(m, &vc, e, fn, "AWSLambdaBasicExecutionRole");
            const struct sr_node *tracing = sr_res_prop(fn, "Tracing");
            if (tracing && !sr_scalar_eq(tracing, "Disabled"))
                sr_attach_builtin(m, &vc, e, fn, "AWSXrayWriteOnlyAccess");
            if (sr_res_prop(fn, "VpcConfig"))
                sr_attach_builtin(m, &vc, e, fn, "AWSLambdaVPCAccessExecutionRole");
            sr_sam_policies(m, &vc, fn, e);
        } else {
            sr_trust(m, &vc, r, e, sr_res_prop(r, "AssumeRolePolicyDocument"));
            e->boundary = sr_res_prop(r, "PermissionsBoundary") != NULL;
            sr_inline_policies(m, &vc, r, e);
            struct sr_items it;
            sr_items_of(&vc.scratch, sr_res_prop(r, "ManagedPolicyArns"), &it);
            for (size_t j = 0; j < it.nodes.n; j++)
                sr_attach_managed(m, &vc, e, r, it.nodes.v[j], it.conds.v[j] != NULL, 0);
        }
        for (size_t j = 0; j < r->attached_policies.n; j++) {
            struct sr_iam_policy *p = sr_resource_policy(m, r->attached_policies.v[j]);
            if (p && !p->at)
                e->unknown = 1;
            else if (p)
                sr_role_add(m, e, p);
        }
    }
    sr_arena_release(&vc.scratch);
    sr_strtab_free(&vc.texts);
    return m;
}

static size_t sr_iam_builds; /* models built (tests: sr_iam_build_count) */

size_t sr_iam_build_count(void)
{
    return __atomic_load_n(&sr_iam_builds, __ATOMIC_RELAXED);
}

void sr_iam_free(struct sr_iam_model *m)
{
    if (!m)
        return;
    struct sr_arena a = m->arena; /* m is inside it */
    sr_arena_release(&a);
}

void sr_iam_drop(struct sr_graph *g)
{
    sr_iam_free(g->iam);
    g->iam = NULL;
}

const struct sr_iam_model *sr_iam_of(const struct sr_graph *cg)
{
    struct sr_graph *g = (struct sr_graph *)cg; /* the model is a cache of a const graph */
    if (!g->iam) {
        g->iam = sr_iam_build(g);
        __atomic_add_fetch(&sr_iam_builds, 1, __ATOMIC_RELAXED);
    }
    return g->iam;
}

/* ==== evaluation ========================================================= */

static enum sr_tri sr_min(enum sr_tri a, enum sr_tri b)
{
    return a < b ? a : b;
}

static enum sr_tri sr_max(enum sr_tri a, enum sr_tri b)
{
    return a > b ? a : b;
}

/* Pattern text with unknown and stack marks read as wildcards, into buf. */
static const char *sr_wild(const char *text, char *buf, size_t size)
{
    size_t i = 0;
    for (; text[i] && i + 1 < size; i++)
        buf[i] = (text[i] == SR_IAM_UNKNOWN_CHAR || text[i] == SR_IAM_STACK_CHAR) ? '*' : text[i];
    buf[i] = '\0';
    return buf;
}

enum sr_tri sr_iam_stmt_action(const struct sr_iam_stmt *s, const char *action)
{
    enum sr_tri any = SR_NO;
    size_t alen = SIZE_MAX; /* strlen(action), once a literal needs it */
    for (size_t i = 0; i < s->nactions; i++) {
        const struct sr_iam_value *v = &s->actions[i];
        if (v->literal) {
            /* A text without wildcards matches the action it spells. */
            if (!action)
                continue;
            if (alen == SIZE_MAX)
                alen = strlen(action);
            if (alen + 1 == v->literal && strcasecmp(v->text, action) == 0) {
                any = SR_YES;
                break;
            }
            continue;
        }
        if (!v->text || strchr(v->text, SR_IAM_UNKNOWN_CHAR)) {
            char buf[SR_IAM_MAX_TEXT];
            if (v->text && !sr_iam_action_match(sr_wild(v->text, buf, sizeof(buf)), action))
                continue;
            any = sr_max(any, SR_MAYBE);
        } else if (sr_iam_action_match(v->text, action)) {
            any = SR_YES;
            break;
        }
    }
    if (!s->not_action)
        return any;
    return any == SR_YES ? SR_NO : any == SR_MAYBE ? SR_MAYBE : SR_YES;
}

/* Splits an ARN pattern: service field and resource part (after the fifth
 * ':'). Returns 0, or -1 when text is not an ARN pattern. */
static int sr_arn_split(const char *text, char *svc, size_t svcsize, const char **resource)
{
    if (strncmp(text, "arn:", 4) != 0)
        return -1;
    const char *p = text + 4;
    const char *colon = strchr(p, ':'); /* after partition */
    if (!colon)
        return -1;
    const char *s = colon + 1;
    const char *e = strchr(s, ':');
    if (!e || (size_t)(e - s) >= svcsize)
        return -1;
    memcpy(svc, s, (size_t)(e - s));
    svc[e - s] = '\0';
    p = e + 1;
    for (int i = 0; i < 2; i++) { /* region, account */
        p = strchr(p, ':');
        if (!p)
            return -1;
        p++;
    }
    *resource = p;
    return 0;
}

/* Service and resource-type pattern of a template resource, or NULL. */
static const char *sr_res_service(const struct sr_resource *r, const char **type)
{
    switch (r->kind) {
    case SR_R_SECRET:
        *type = "secret:*";
        return "secretsmanager";
    case SR_R_KMS_KEY:
        *type = "key/*";
        return "kms";
    case SR_R_LAMBDA:
    case SR_R_SAM_FUNCTION:
        *type = "function:*";
        return "lambda";
    case SR_R_ROLE:
        *type = "role/*";
        return "iam";
    default:
        return NULL;
    }
}

/* "secret:<Name>-??????" for a secret with a literal Name, into buf. */
static const char *sr_res_resource_part(const struct sr_resource *r, char *buf, size_t size)
{
    const char *name;
    if (r->kind == SR_R_SECRET && (name = sr_scalar(sr_res_prop(r, "Name")))) {
        int n = snprintf(buf, size, "secret:%s-??????", name);
        return n > 0 && (size_t)n < size ? buf : NULL;
    }
    if ((r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION) &&
        (name = sr_iam_function_name(r))) {
        int n = snprintf(buf, size, "function:%s", name);
        return n > 0 && (size_t)n < size ? buf : NULL;
    }
    return NULL;
}

enum sr_tri sr_iam_value_covers(const struct sr_iam_value *v, const struct sr_iam_target *t)
{
    if (v->scope == SR_SCOPE_ALL)
        return SR_YES;
    if (!t || (!t->res && !t->arn))
        return v->scope == SR_SCOPE_UNKNOWN ? SR_MAYBE : SR_NO;
    if (v->scope == SR_SCOPE_UNKNOWN)
        return SR_MAYBE;
    if (v->scope == SR_SCOPE_RESOURCE) {
        if (!t->res)
            return SR_MAYBE; /* a template resource may be that literal ARN */
        if (v->res == t->res)
            return (v->attr && v->embedded) ? SR_MAYBE : SR_YES;
        /* A reference to an alias or version of the target function. */
        return SR_NO;
    }
    /* A pattern. */
    char vsvc[64], tsvc[64], rbuf[SR_IAM_MAX_TEXT], wbuf[SR_IAM_MAX_TEXT];
    const char *vres, *tres = NULL, *type = NULL;
    int unknown = strchr(v->text, SR_IAM_UNKNOWN_CHAR) != NULL;
    if (sr_arn_split(v->text, vsvc, sizeof(vsvc), &vres) < 0)
        return unknown && v->text[0] == SR_IAM_UNKNOWN_CHAR ? SR_MAYBE : SR_NO;
    if (t->arn) {
        if (sr_arn_split(t->arn, tsvc, sizeof(tsvc), &tres) < 0)
            return SR_MAYBE;
    } else {
        const char *s = sr_res_service(t->res, &type);
        if (!s)
            return SR_MAYBE;
        snprintf(tsvc, sizeof(tsvc), "%s", s);
        tres = sr_res_resource_part(t->res, rbuf, sizeof(rbuf));
    }
    char wsvc[64];
    if (!sr_iam_pattern_overlaps(sr_wild(vsvc, wsvc, sizeof(wsvc)), tsvc, 1))
        return SR_NO;
    const char *wres = sr_wild(vres, wbuf, sizeof(wbuf));
    if (tres) {
        if (!unknown && sr_iam_pattern_covers(wres, tres, 0))
            return SR_YES;
        return sr_iam_pattern_overlaps(wres, tres, 0) ? SR_MAYBE : SR_NO;
    }
    if (!unknown && type && sr_iam_pattern_covers(wres, type, 0))
        return SR_YES;
    return type && !sr_iam_pattern_overlaps(wres, type, 0) ? SR_NO : SR_MAYBE;
}

int sr_iam_value_is_all(const struct sr_iam_value *v, const char *service, const char *type)
{
    if (v->scope == SR_SCOPE_ALL)
        return 1;
    if (v->scope != SR_SCOPE_PATTERN || !v->text || strchr(v->text, SR_IAM_UNKNOWN_CHAR))
        return 0;
    char svc[64], buf[SR_IAM_MAX_TEXT];
    const char *res;
    if (sr_arn_split(sr_wild(v->text, buf, sizeof(buf)), svc, sizeof(svc), &res) < 0)
        return 0;
    return sr_iam_pattern_covers(svc, service, 1) && sr_iam_pattern_covers(res, type, 0);
}

enum sr_tri sr_iam_stmt_resource(const struct sr_iam_stmt *s, const struct sr_iam_target *t)
{
    if (!s->resource_key && s->nresources == 0)
        return SR_YES; /* resource policies: the resource they are attached to */
    enum sr_tri any = SR_NO;
    for (size_t i = 0; i < s->nresources && any != SR_YES; i++)
        any = sr_max(any, sr_iam_value_covers(&s->resources[i], t));
    if (!s->not_resource)
        return any;
    return any == SR_YES ? SR_NO : any == SR_MAYBE ? SR_MAYBE : SR_YES;
}

const char *sr_iam_function_name(const struct sr_resource *fn)
{
    return fn ? sr_scalar(sr_res_prop(fn, "FunctionName")) : NULL;
}

static int sr_is_rotation_key(const char *key)
{
    return key && !strcasecmp(key, "secretsmanager:resource/AllowRotationLambdaArn");
}

enum sr_tri sr_iam_rotation_cond(const struct sr_iam_stmt *s, const struct sr_resource *fn,
                                 int *found)
{
    enum sr_tri res = SR_MAYBE;
    *found = 0;
    for (size_t i = 0; i < s->nconds; i++) {
        const struct sr_iam_cond *c = &s->conds[i];
        if (!sr_is_rotation_key(c->key))
            continue;
        *found = 1;
        if (strstr(c->op, "Not") || strstr(c->op, "IfExists") || !fn)
            return SR_MAYBE;
        enum sr_tri any = SR_NO;
        for (size_t j = 0; j < c->nvalues; j++) {
            const struct sr_iam_value *v = &c->values[j];
            if (v->scope == SR_SCOPE_RESOURCE) {
                if (v->res != fn)
                    continue; /* names another resource */
                /* "function:${Fn.Arn}" is never a function ARN. */
                any = (v->embedded && v->attr) ? any : SR_YES;
                continue;
            }
            if (v->scope != SR_SCOPE_PATTERN || !v->text) {
                any = sr_max(any, SR_MAYBE);
                continue;
            }
            struct sr_iam_target t = {(struct sr_resource *)fn, NULL};
            const char *name = sr_iam_function_name(fn);
            if (!name && sr_res_prop(fn, "FunctionName")) {
                any = sr_max(any, SR_MAYBE); /* computed name */
                continue;
            }
            if (!name) {
                /* CloudFormation generates the name: only a wildcard (or an
                 * unknown part) in the function part may match it. */
                char svc[64];
                const char *part;
                if (sr_arn_split(v->text, svc, sizeof(svc), &part) < 0)
                    part = v->text;
                if (strpbrk(part, "*?\x01"))
                    any = sr_max(any, SR_MAYBE);
                continue;
            }
            any = sr_max(any, sr_iam_value_covers(v, &t));
        }
        res = any;
        if (res == SR_NO)
            return SR_NO;
    }
    return *found ? res : SR_MAYBE;
}

/* The functions rotating secret (schedules naming them). */
static enum sr_tri sr_rotation_cond_for(const struct sr_iam_stmt *s, const struct sr_iam_target *t,
                                        int *found)
{
    *found = 0;
    int any_cond = 0;
    for (size_t i = 0; i < s->nconds; i++)
        any_cond |= sr_is_rotation_key(s->conds[i].key);
    if (!any_cond)
        return SR_YES;
    *found = 1;
    if (!t || !t->res || t->res->kind != SR_R_SECRET)
        return SR_MAYBE;
    enum sr_tri best = SR_NO;
    int known = 0;
    for (size_t i = 0; i < t->res->schedules.n; i++) {
        const struct sr_resource *sch = t->res->schedules.v[i];
        int f;
        if (!sch->function) {
            best = sr_max(best, SR_MAYBE);
            continue;
        }
        known = 1;
        best = sr_max(best, sr_iam_rotation_cond(s, sch->function, &f));
    }
    return known || best != SR_NO ? best : SR_MAYBE;
}

/* How statement s applies to action on t: NO, MAYBE or YES. */
static enum sr_tri sr_stmt_applies(const struct sr_iam_stmt *s, const char *action,
                                   const struct sr_iam_target *t)
{
    enum sr_tri r = sr_iam_stmt_action(s, action);
    if (r == SR_NO)
        return SR_NO;
    r = sr_min(r, sr_iam_stmt_resource(s, t));
    if (r == SR_NO)
        return SR_NO;
    int found;
    r = sr_min(r, sr_rotation_cond_for(s, t, &found));
    for (size_t i = 0; i < s->nconds && r != SR_NO; i++)
        if (!sr_is_rotation_key(s->conds[i].key))
            r = sr_min(r, SR_MAYBE);
    if (s->conditional)
        r = sr_min(r, SR_MAYBE);
    return r;
}

/* Does a resource policy statement name role as principal? */
static enum sr_tri sr_principal_is(const struct sr_iam_stmt *s, const struct sr_resource *role)
{
    if (s->not_principal)
        return SR_MAYBE;
    enum sr_tri any = SR_NO;
    for (size_t i = 0; i < s->nprincipals; i++) {
        const struct sr_iam_value *p = &s->principals[i];
        if (p->ptype == SR_PRIN_STAR || (p->ptype == SR_PRIN_AWS && p->scope == SR_SCOPE_ALL))
            return SR_YES;
        if (p->ptype != SR_PRIN_AWS)
            continue;
        if (p->scope == SR_SCOPE_RESOURCE && p->res == role)
            return SR_YES;
        if (p->scope == SR_SCOPE_UNKNOWN)
            any = SR_MAYBE;
    }
    return any;
}

static void sr_eval_policy(const struct sr_iam_policy *p, const char *action,
                           const struct sr_iam_target *t, const struct sr_resource *principal,
                           enum sr_tri *allow, enum sr_tri *deny)
{
    for (size_t i = 0; i < p->stmts.n; i++) {
        const struct sr_iam_stmt *s = p->stmts.v[i];
        enum sr_tri r = sr_stmt_applies(s, action, t);
        if (r != SR_NO && principal)
            r = sr_min(r, sr_principal_is(s, principal));
        if (s->deny) {
            /* A Deny that may not apply cannot be relied on to deny. */
            *deny = sr_max(*deny, r);
        } else {
            /* Resource policies grant only to a principal named exactly. */
            if (principal && r != SR_YES)
                r = SR_NO;
            *allow = sr_max(*allow, r);
        }
    }
}

enum sr_tri sr_iam_can(const struct sr_iam_model *m, const struct sr_resource *role,
                       const char *action, const struct sr_iam_target *t)
{
    const struct sr_iam_role *e = sr_iam_role_of(m, role);
    if (!e)
        return SR_MAYBE;
    enum sr_tri allow = SR_NO, deny = SR_NO;
    for (size_t i = 0; i < e->policies.n; i++)
        sr_eval_policy(e->policies.v[i], action, t, NULL, &allow, &deny);
    /* Resource-based policies of the target. */
    const struct sr_iam_resinfo *info = t ? sr_info(m, t->res, 0) : NULL;
    for (size_t i = 0; info && i < info->targeting.n; i++)
        sr_eval_policy(info->targeting.v[i], action, t, role, &allow, &deny);
    if (deny == SR_YES)
        return SR_NO;
    if (allow == SR_NO)
        return e->unknown ? SR_MAYBE : SR_NO;
    if (allow == SR_YES && deny == SR_NO && !e->boundary)
        return SR_YES;
    return SR_MAYBE;
}

enum sr_tri sr_iam_function_can(const struct sr_iam_model *m, const struct sr_resource *fn,
                                const char *action, const struct sr_iam_target *t)
{
    if (!fn || !fn->role)
        return SR_MAYBE;
    return sr_iam_can(m, fn->role, action, t);
}

/* ==== rotation needs ===================================================== */

/* 1 when action is granted to fn's role only by an AWSSecretsManagerRotationPolicy
 * whose FunctionName does not name fn. */
static int sr_sam_rotation_mismatch(const struct sr_iam_model *m, const struct sr_resource *fn,
                                    const char *action)
{
    const struct sr_iam_role *e = sr_iam_role_of(m, fn->role);
    for (size_t i = 0; e && i < e->policies.n; i++) {
        const struct sr_iam_policy *p = e->policies.v[i];
        if (p->source != SR_IAM_SAM_TEMPLATE || !p->name ||
            strcmp(p->name, "AWSSecretsManagerRotationPolicy") != 0)
            continue;
        for (size_t j = 0; j < p->stmts.n; j++) {
            const struct sr_iam_stmt *s = p->stmts.v[j];
            int found;
            if (sr_iam_stmt_action(s, action) != SR_NO &&
                sr_iam_rotation_cond(s, fn, &found) == SR_NO && found)
                return 1;
        }
    }
    return 0;
}

unsigned long sr_iam_rotation_missing(const struct sr_iam_model *m, const struct sr_resource *fn,
                                      const struct sr_resource *secret)
{
    if (!fn || !fn->role || !sr_iam_role_of(m, fn->role))
        return 0;
    size_t n;
    const struct sr_iam_action *cat = sr_iam_sm_actions(&n);
    struct sr_iam_target t = {(struct sr_resource *)secret, NULL};
    struct sr_iam_target star = {NULL, NULL};
    unsigned long missing = 0;
    for (size_t a = 0; a < n; a++) {
        const struct sr_iam_target *on;
        if (cat[a].flags & SR_SMA_ROTATION)
            on = &t;
        else if (cat[a].flags & SR_SMA_ROTATION_ANY)
            on = &star;
        else
            continue;
        if (sr_iam_function_can(m, fn, cat[a].name, on) == SR_NO &&
            !sr_sam_rotation_mismatch(m, fn, cat[a].name))
            missing |= 1ul << a;
    }
    return missing;
}

unsigned sr_iam_rotation_kms_missing(const struct sr_iam_model *m, const struct sr_resource *fn,
                                     const struct sr_resource *secret,
                                     const struct sr_resource **key_res, const char **key_arn)
{
    static const char *const needed[] = {"kms:Decrypt", "kms:GenerateDataKey"};
    if (key_res)
        *key_res = NULL;
    if (key_arn)
        *key_arn = NULL;
    if (!fn || !fn->role || !secret || !sr_iam_role_of(m, fn->role))
        return 0;
    struct sr_iam_target t = {secret->kms_key, NULL};
    if (!t.res) {
        const char *lit = sr_scalar(sr_res_prop(secret, "KmsKeyId"));
        if (!lit || strncmp(lit, "arn:", 4) != 0 || !strstr(lit, ":key/"))
            return 0; /* default key, alias or computed: not checked */
        t.arn = lit;
    }
    if (key_res)
        *key_res = t.res;
    if (key_arn)
        *key_arn = t.arn;
    unsigned missing = 0;
    for (unsigned a = 0; a < 2; a++)
        if (sr_iam_function_can(m, fn, needed[a], &t) == SR_NO)
            missing |= 1u << a;
    return missing;
}
