/*
 * fix.c - from planned fixes to a verified fixed text.
 *
 * Parts: operations (what planners call), resolution of the operations of
 * several fixes against the tree, splices (rendered by emit.c, sorted,
 * checked for overlap), verification by a re-lint, the passes over a file,
 * the summary, the fix of each finding for reports, and writing. Planners
 * live beside their rules (struct sr_rule.plan); nothing here knows a rule.
 */
#include "fix.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic.h"
#include "diff.h"
#include "logicalid.h"
#include "say.h"
#include "value.h"

#define SR_FIX_MAX_PASSES 8

/* ---- operations --------------------------------------------------------- */

static struct sr_fix_op *sr_fix_push(struct sr_fixer *fx, struct sr_fix *fix)
{
    fix->ops =
        sr_arena_grow(fx->a, fix->ops, fix->nops, fix->nops + 1, &fix->cap, sizeof(*fix->ops), 8);
    struct sr_fix_op *op = &fix->ops[fix->nops++];
    memset(op, 0, sizeof(*op));
    return op;
}

void sr_fix_set(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *map, const char *key,
                struct sr_fv *val)
{
    struct sr_fix_op *op = sr_fix_push(fx, fix);
    op->kind = SR_FIXOP_SET;
    op->node = map;
    op->key = sr_arena_strdup(fx->a, key);
    op->val = val;
}

void sr_fix_replace(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *node,
                    struct sr_fv *val)
{
    struct sr_fix_op *op = sr_fix_push(fx, fix);
    op->kind = SR_FIXOP_REPLACE;
    op->node = node;
    op->val = val;
}

void sr_fix_delete(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *map,
                   const char *key)
{
    struct sr_fix_op *op = sr_fix_push(fx, fix);
    op->kind = SR_FIXOP_DELETE;
    op->node = map;
    op->key = sr_arena_strdup(fx->a, key);
}

void sr_fix_append(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *seq,
                   struct sr_fv *val)
{
    struct sr_fix_op *op = sr_fix_push(fx, fix);
    op->kind = SR_FIXOP_APPEND;
    op->node = seq;
    op->val = val;
}

void sr_fix_file(struct sr_fixer *fx, struct sr_fix *fix, const char *path, const char *text)
{
    struct sr_fix_op *op = sr_fix_push(fx, fix);
    op->kind = SR_FIXOP_FILE;
    op->path = sr_arena_strdup(fx->a, path);
    op->text = text;
}

/* Sets section/name = body: into the section when it exists, else the
 * section is added to the root with the entry. */
static void sr_fix_section_entry(struct sr_fixer *fx, struct sr_fix *fix, const char *section,
                                 const char *name, struct sr_fv *body, int keep)
{
    const struct sr_node *root = fx->doc->root;
    const struct sr_node *sec = sr_map_get(root, section);
    if (sec && sec->kind == SR_MAP) {
        sr_fix_set(fx, fix, sec, name, body);
        fix->ops[fix->nops - 1].keep_existing = keep;
    } else {
        /* A new section: entries other fixes add to it merge into it. */
        struct sr_fv *m = sr_fv_map(fx->a);
        sr_fv_put(fx->a, m, name, body);
        sr_fix_set(fx, fix, root, section, m);
    }
}

void sr_fix_add_resource(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                         struct sr_fv *body)
{
    sr_fix_section_entry(fx, fix, "Resources", id, body, 0);
}

void sr_fix_add_parameter(struct sr_fixer *fx, struct sr_fix *fix, const char *name,
                          struct sr_fv *body)
{
    if (sr_graph_parameter(fx->g, name))
        return;
    sr_fix_section_entry(fx, fix, "Parameters", name, body, 1);
}

/*
 * CloudFormation runs the macros of a Transform list in the order listed
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
 * transform-section-structure.html). A new transform goes after the
 * existing ones, so AWS::Serverless-2016-10-31 runs first and the
 * AWS::SecretsManager transform sees plain CloudFormation; the SAM
 * translator drops the Transform key from its own output.
 */
void sr_fix_add_transform(struct sr_fixer *fx, struct sr_fix *fix, const char *name)
{
    const struct sr_node *root = fx->doc->root;
    const struct sr_node *t = sr_map_get(root, "Transform");
    if (!t) {
        sr_fix_set(fx, fix, root, "Transform", sr_fv_str(fx->a, name));
        return;
    }
    if (t->kind == SR_SCALAR) {
        if (sr_scalar_eq(t, name))
            return;
        struct sr_fv *l = sr_fv_seq(fx->a);
        sr_fv_push(fx->a, l, sr_fv_raw(fx->a, t));
        sr_fv_push(fx->a, l, sr_fv_str(fx->a, name));
        sr_fix_replace(fx, fix, t, l);
        return;
    }
    if (t->kind == SR_SEQ) {
        for (size_t i = 0; i < t->n; i++)
            if (sr_scalar_eq(sr_seq_item(t, i), name))
                return;
        sr_fix_append(fx, fix, t, sr_fv_str(fx->a, name));
    }
}

void sr_fix_add_condition(struct sr_fixer *fx, struct sr_fix *fix, const char *name,
                          struct sr_fv *body)
{
    const struct sr_node *conds = fx->g->t.conditions;
    if (sr_is_map(conds) && sr_map_get(conds, name))
        return;
    sr_fix_section_entry(fx, fix, "Conditions", name, body, 1);
}

void sr_fix_add_shared_resource(struct sr_fixer *fx, struct sr_fix *fix, const char *id,
                                struct sr_fv *body)
{
    if (sr_graph_find(fx->g, id))
        return;
    sr_fix_section_entry(fx, fix, "Resources", id, body, 1);
}

/* The slot of name in an open-addressing table of cap (a power of two)
 * names: the name, or the empty slot for it. */
static const char **sr_taken_slot(const char **t, size_t cap, const char *name)
{
    size_t h = 1469598103934665603u;
    for (const char *c = name; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211u;
    size_t i = h & (cap - 1);
    while (t[i] && strcmp(t[i], name) != 0)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

int sr_fix_name_taken(const struct sr_fixer *fx, const char *name)
{
    if (sr_graph_find(fx->g, name) || sr_graph_parameter(fx->g, name))
        return 1;
    if (fx->g->t.outputs && sr_map_get(fx->g->t.outputs, name))
        return 1;
    if (!fx->takencap)
        return 0;
    return *sr_taken_slot(fx->takentab, fx->takencap, name) != NULL;
}

void sr_fix_take(struct sr_fixer *fx, const char *name)
{
    if (2 * ((size_t)fx->taken.n + 1) > fx->takencap) {
        size_t cap = fx->takencap ? 2 * fx->takencap : 64;
        const char **t = sr_arena_alloc(fx->a, cap * sizeof(*t));
        for (size_t i = 0; i < fx->taken.n; i++)
            *sr_taken_slot(t, cap, fx->taken.v[i]) = fx->taken.v[i];
        fx->takentab = t;
        fx->takencap = cap;
    }
    const char **slot = sr_taken_slot(fx->takentab, fx->takencap, name);
    if (!*slot)
        *slot = name;
    sr_ptrvec_push(fx->a, &fx->taken, (void *)name);
}

const char *sr_fix_new_id(struct sr_fixer *fx, const char *base)
{
    const char *id = sr_arena_strdup(fx->a, base);
    for (int i = 2; sr_fix_name_taken(fx, id) && i < 1000; i++)
        id = sr_arena_printf(fx->a, "%s%d", base, i);
    sr_fix_take(fx, id);
    return id;
}

int sr_fix_refuse(struct sr_fixer *fx, struct sr_fix *fix, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    fix->refused = sr_arena_strdup(fx->a, buf);
    return -1;
}

void sr_fix_unsafe(struct sr_fix *fix, struct sr_fixer *fx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    /* A fix unsafe for several reasons (a scaffold inside a move) names each. */
    fix->unsafe = fix->unsafe ? sr_arena_printf(fx->a, "%s; %s", fix->unsafe, buf)
                              : sr_arena_strdup(fx->a, buf);
}

struct sr_resource *sr_fix_resource(const struct sr_fixer *fx, const struct sr_fix *fix)
{
    const struct sr_finding *f = fix->finding;
    return f && f->resource ? sr_graph_find(fx->g, f->resource) : NULL;
}

const struct sr_node *sr_fix_own_props(const struct sr_resource *r)
{
    const struct sr_node *p = r && r->node ? sr_map_get(r->node, "Properties") : NULL;
    return p && p->kind == SR_MAP ? p : NULL;
}

void sr_fix_set_prop(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *r,
                     const char *key, struct sr_fv *v)
{
    struct sr_fv *m = sr_fv_map(fx->a);
    sr_fv_put(fx->a, m, key, v);
    sr_fix_set(fx, fix, r->node, "Properties", m);
}

/* Asks the finding's rule for its fix: 0 planned, -1 refused (fix->refused
 * says why), 1 the rule has no planner. */
static int sr_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_finding *f = fix->finding;
    if (!f || !f->rule || !f->rule->plan)
        return 1;
    int rc = f->rule->plan(fx, fix);
    if (rc < 0 && !fix->refused)
        fix->refused = "no fix for this case";
    return rc < 0 ? -1 : 0;
}

/* ---- logical ids a fix derives from -------------------------------------- */

/*
 * No fix derives a path, a new id or generated code from a logical id that
 * is not alphanumeric (SR008): such an id may be "../../x" or carry quotes
 * and line breaks. The finding's resource is checked before planning; what
 * a plan writes (entries of the id sections, references, file paths) after.
 */
static int sr_fix_guard_finding(struct sr_fixer *fx, struct sr_fix *fix)
{
    const char *id = fix->finding ? fix->finding->resource : NULL;
    if (id && !sr_logical_id_ok(id))
        return sr_fix_refuse(fx, fix,
                             "logical id '%.80s' is not alphanumeric (SR008): rename it first; "
                             "--fix derives no file, id or code from it",
                             id);
    return 0;
}

static int sr_is_id_section(const char *k)
{
    static const char *const s[] = {"Resources", "Parameters", "Outputs", "Conditions", "Mappings"};
    for (size_t i = 0; k && i < sizeof(s) / sizeof(s[0]); i++)
        if (!strcmp(k, s[i]))
            return 1;
    return 0;
}

/* 1 when name, or a dotted prefix of it (GetAtt "A.B.Arn" splits at the
 * first dot, so "A.B" would be cut), is an invalid id of the template. */
static int sr_names_bad_id(const struct sr_fixer *fx, const char *name)
{
    if (!name)
        return 0;
    if (!sr_logical_id_ok(name) && (sr_graph_find(fx->g, name) || sr_graph_parameter(fx->g, name)))
        return 1;
    char buf[256];
    for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
        size_t n = (size_t)(dot - name);
        if (n >= sizeof(buf))
            break;
        memcpy(buf, name, n);
        buf[n] = '\0';
        if (!sr_logical_id_ok(buf) && sr_graph_find(fx->g, buf))
            return 1;
    }
    return 0;
}

/* The first Ref or GetAtt in a copied node that names an invalid id. */
static const char *sr_node_bad_ref(const struct sr_fixer *fx, const struct sr_node *n, int depth)
{
    n = sr_deref(n);
    if (!n || depth > 64)
        return NULL;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(n, &in) && (in.fn == SR_FN_REF || in.fn == SR_FN_GETATT)) {
        const struct sr_node *a =
            in.fn == SR_FN_GETATT && sr_is_seq(in.arg) ? sr_seq_item(in.arg, 0) : in.arg;
        const char *name = sr_scalar(a);
        if (sr_names_bad_id(fx, name))
            return name;
    }
    if (n->kind == SR_MAP || n->kind == SR_SEQ)
        for (size_t i = 0; i < (n->kind == SR_MAP ? 2 * n->n : n->n); i++) {
            const char *b = sr_node_bad_ref(fx, n->items[i], depth + 1);
            if (b)
                return b;
        }
    return NULL;
}

/* A resource of the template whose id is id followed by '.', or NULL. */
static const char *sr_dotted_resource(struct sr_fixer *fx, const char *id)
{
    /* Looked up for every key a fix adds: scan only when some id has one. */
    if (fx->dotted == 0) {
        fx->dotted = 1;
        for (size_t i = 0; i < fx->g->nreal && fx->dotted == 1; i++)
            if (fx->g->res[i]->id && strchr(fx->g->res[i]->id, '.'))
                fx->dotted = 2;
    }
    if (fx->dotted == 1)
        return NULL;
    size_t n = strlen(id);
    for (size_t i = 0; i < fx->g->nreal; i++) {
        const char *r = fx->g->res[i]->id;
        if (r && strncmp(r, id, n) == 0 && r[n] == '.')
            return r;
    }
    return NULL;
}

/* The first reference to a bad logical id in v (copied nodes included), or
 * NULL. */
static const char *sr_fv_bad_ref(const struct sr_fixer *fx, const struct sr_fv *v, int depth)
{
    if (!v || depth > 64)
        return NULL;
    if (v->kind == SR_FV_RAW)
        return sr_node_bad_ref(fx, v->node, 0);
    if ((v->kind == SR_FV_REF && v->s && !sr_is_pseudo(v->s) && !sr_logical_id_ok(v->s)) ||
        (v->kind == SR_FV_GETATT && !sr_logical_id_ok(v->s)))
        return v->s ? v->s : "";
    if (v->kind == SR_FV_MAP || v->kind == SR_FV_SEQ)
        for (size_t i = 0; i < v->n; i++) {
            const char *b = sr_fv_bad_ref(fx, v->items[i], depth + 1);
            if (b)
                return b;
        }
    return NULL;
}

/* 1 when rel is folders and a name of [A-Za-z0-9._-], none "." or "..". */
static int sr_plain_rel_path(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/')
        return 0;
    size_t part = 0;
    for (const char *p = rel;; p++) {
        if (*p == '/' || *p == '\0') {
            const char *b = p - part;
            if (part == 0 || (part == 1 && b[0] == '.') ||
                (part == 2 && b[0] == '.' && b[1] == '.'))
                return 0;
            if (*p == '\0')
                return 1;
            part = 0;
            continue;
        }
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
        part++;
    }
}

static int sr_fix_guard_ops(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *root = fx->doc->root;
    for (size_t i = 0; i < fix->nops; i++) {
        const struct sr_fix_op *op = &fix->ops[i];
        if (op->kind == SR_FIXOP_FILE) {
            if (!sr_plain_rel_path(op->path))
                return sr_fix_refuse(fx, fix,
                                     "it would write the file '%.120s', which is not a plain "
                                     "name below the template's folder",
                                     op->path ? op->path : "");
            continue;
        }
        if (op->kind == SR_FIXOP_SET && op->key) {
            const char *bad = NULL;
            int into_section = 0;
            if (op->node && op->node->parent && op->node->parent == root)
                for (size_t k = 0; k < root->n; k++)
                    if (root->items[2 * k + 1] == op->node &&
                        sr_is_id_section(sr_node_str(root->items[2 * k])))
                        into_section = 1;
            if (into_section && !sr_logical_id_ok(op->key))
                bad = op->key;
            if (op->node == root && sr_is_id_section(op->key) && op->val &&
                op->val->kind == SR_FV_MAP)
                for (size_t k = 0; k < op->val->n && !bad; k++)
                    if (!sr_logical_id_ok(op->val->keys[k]))
                        bad = op->val->keys[k];
            if (bad)
                return sr_fix_refuse(fx, fix,
                                     "it would add the logical id '%.80s', which is not "
                                     "alphanumeric (SR008)",
                                     bad);
            /* A name cut at a dot: "!GetAtt A.B.Arn" reads as resource A
             * when the template means its resource "A.B". */
            const char *cut = into_section ? sr_dotted_resource(fx, op->key) : NULL;
            if (cut)
                return sr_fix_refuse(fx, fix,
                                     "it would add %.80s, but the template means its resource "
                                     "'%.80s', whose logical id holds a '.' (SR008): "
                                     "CloudFormation reads '%.80s.' as a resource and an "
                                     "attribute; rename the resource first",
                                     op->key, cut, op->key);
        }
        const char *ref = sr_fv_bad_ref(fx, op->val, 0);
        if (ref)
            return sr_fix_refuse(fx, fix,
                                 "it would reference the logical id '%.80s', which is not "
                                 "alphanumeric (SR008): rename it first",
                                 ref);
    }
    return 0;
}

/* The aws:cdk:path of resource r (its Metadata), or NULL. */
static const char *sr_cdk_path_of(const struct sr_resource *r)
{
    const struct sr_node *md = r && r->node ? sr_map_get(r->node, "Metadata") : NULL;
    const struct sr_node *p = md ? sr_map_get(md, "aws:cdk:path") : NULL;
    return p && p->kind == SR_SCALAR ? sr_node_str(p) : NULL;
}

/* 1 when the template is synthesised by the AWS CDK: it lies in a cdk.out
 * folder as NAME.template.json, has an AWS::CDK::Metadata resource, or a
 * resource carries Metadata aws:cdk:path. */
static int sr_is_cdk_scan(const struct sr_fixer *fx)
{
    const char *p = fx->path ? fx->path : "";
    size_t n = strlen(p);
    if ((strstr(p, "cdk.out/") == p || strstr(p, "/cdk.out/")) && n > 14 &&
        !strcmp(p + n - 14, ".template.json"))
        return 1;
    for (size_t i = 0; i < fx->g->nreal; i++) {
        const struct sr_resource *r = fx->g->res[i];
        if ((r->type && !strcmp(r->type, "AWS::CDK::Metadata")) || sr_cdk_path_of(r))
            return 1;
    }
    return 0;
}

/* sr_is_cdk_scan, once per fixer: every planned fix asks. */
static int sr_is_cdk(struct sr_fixer *fx)
{
    if (fx->cdk == 0)
        fx->cdk = sr_is_cdk_scan(fx) ? 2 : 1;
    return fx->cdk == 2;
}

/* What to change in the CDK source, per rule (NULL: the fix's own words). */
static const char *sr_cdk_hint(const char *rule)
{
    static const char *const h[][2] = {
        {"SR202", "grant the function access to the one secret (secret.grantRead(fn)) instead of "
                  "a policy on \"*\""},
        {"SR210", "pass sourceAccount (Stack.of(this).account) to addPermission"},
        {"SR311", "secret.applyRemovalPolicy(RemovalPolicy.RETAIN)"},
        {"SR312", "build the ARN from Stack.of(this).account / .region (Aws.ACCOUNT_ID, "
                  "Aws.REGION) or Stack.formatArn"},
    };
    for (size_t i = 0; rule && i < sizeof(h) / sizeof(h[0]); i++)
        if (!strcmp(rule, h[i][0]))
            return h[i][1];
    return NULL;
}

/* A template synthesised by the CDK is never written: the fix is refused,
 * naming the construct path and the change to make in the CDK source. */
static int sr_fix_guard_cdk(struct sr_fixer *fx, struct sr_fix *fix)
{
    if (!sr_is_cdk(fx))
        return 0;
    const struct sr_finding *f = fix->finding;
    const struct sr_resource *r = f && f->resource ? sr_graph_find(fx->g, f->resource) : NULL;
    const char *cp = sr_cdk_path_of(r);
    const char *hint = sr_cdk_hint(f && f->rule ? f->rule->id : NULL);
    const char *what = fix->what ? fix->what : "the fix";
    fix->nops = 0;
    return sr_fix_refuse(
        fx, fix,
        "the template is synthesised by the AWS CDK: an edit is lost at the next cdk synth; "
        "change construct %s%.200s%s in the CDK source: %.300s",
        cp ? "'" : "", cp ? cp : (r ? r->id : "of the finding"), cp ? "'" : "", hint ? hint : what);
}

/* On plain CloudFormation (no SAM transform) a file beside the template
 * deploys only after `aws cloudformation package`: a fix that creates one
 * is unsafe (the template is deployed as it is today, from S3 or the
 * console, without that step). */
static void sr_fix_guard_package(struct sr_fixer *fx, struct sr_fix *fix)
{
    if (fx->g->t.sam)
        return;
    for (size_t i = 0; i < fix->nops; i++)
        if (fix->ops[i].kind == SR_FIXOP_FILE) {
            sr_fix_unsafe(fix, fx,
                          "it adds the local code file '%.120s', which plain CloudFormation "
                          "deploys only after 'aws cloudformation package' (cfn-lint W3002)",
                          fix->ops[i].path ? fix->ops[i].path : "");
            return;
        }
}

/* Plans the fix of fix->finding with the guards on both sides. */
/*
 * No edit inside a mapping that holds a duplicate key (SR002), at any depth:
 * which of the values a reader keeps is not defined, so the fix could land
 * beside the one that is not read, and a second --fix would find the other.
 */
static int sr_fix_guard_dups(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_ptrvec *d = &fx->doc->dups;
    if (d->n == 0)
        return 0;
    if (!fx->dup_maps_ready) {
        for (size_t i = 0; i < d->n; i++) {
            const struct sr_node *k = d->v[i];
            if (k && k->parent)
                sr_ptrset_add(fx->a, &fx->dup_maps, k->parent);
        }
        fx->dup_maps_ready = 1;
    }
    for (size_t i = 0; i < fix->nops; i++) {
        if (fix->ops[i].kind == SR_FIXOP_FILE)
            continue;
        const struct sr_node *n = fix->ops[i].node ? fix->ops[i].node : fx->doc->root;
        for (int depth = 0; n && depth <= SR_MAX_DEPTH; depth++, n = n->parent)
            if (sr_ptrset_has(&fx->dup_maps, n))
                return sr_fix_refuse(fx, fix,
                                     "the mapping at line %d holds a duplicate key (SR002): "
                                     "which value is read is not defined; remove the duplicate "
                                     "first",
                                     sr_node_pos(fx->doc, n).line);
    }
    return 0;
}

static int sr_fix_plan_guarded(struct sr_fixer *fx, struct sr_fix *fix)
{
    if (sr_fix_guard_finding(fx, fix) < 0)
        return -1;
    int rc = sr_plan(fx, fix);
    if (rc == 0 && (sr_fix_guard_ops(fx, fix) < 0 || sr_fix_guard_dups(fx, fix) < 0)) {
        fix->nops = 0;
        return -1;
    }
    if (rc == 0 && sr_fix_guard_cdk(fx, fix) < 0)
        return -1;
    if (rc == 0)
        sr_fix_guard_package(fx, fix);
    return rc;
}

/* ---- resolution of operations into splices ------------------------------ */

struct sr_padd {
    const struct sr_node *map;
    const char *key;
    struct sr_fv *val;
    int fix;
};

struct sr_pone {
    const struct sr_node *node; /* REPLACE: value; DELETE: key; APPEND: list */
    const struct sr_node *map;  /* DELETE */
    struct sr_fv *val;
    int fix;
};

struct sr_bsplice {
    struct sr_splice sp;
    int *fixes;
    size_t nfixes;
    size_t seq;
};

struct sr_build {
    struct sr_arena *a;
    const struct sr_doc *doc;
    const struct sr_style *st;
    struct sr_ptrvec adds, reps, dels, apps; /* sr_padd / sr_pone */
    struct sr_ptrvec splices;                /* sr_bsplice */
    int conflict;                            /* a fix to leave out, or -1 */
    const char *why;
    struct sr_padd **addtab; /* adds by (map, key): open addressing, addcap slots */
    size_t addcap;
    struct sr_keyidx *kx; /* the fixer's index of large mappings' keys */
};

/* The keys of large mappings (Resources), by (map, key) -> pair index:
 * each mapping of the document is indexed once, on its first change, and
 * the index lives as long as the fixer (its style points at it). */
struct sr_keyidx {
    struct sr_keyent *tab;
    size_t cap, n;
    struct sr_ptrset indexed;
};

struct sr_keyent {
    const struct sr_node *map;
    const char *key;
    size_t i;
};

static size_t sr_addkey_hash(const struct sr_node *map, const char *key);

static struct sr_keyent *sr_keytab_slot(struct sr_keyent *t, size_t cap, const struct sr_node *map,
                                        const char *key)
{
    size_t mask = cap - 1, h = sr_addkey_hash(map, key) & mask;
    while (t[h].map && (t[h].map != map || strcmp(t[h].key, key) != 0))
        h = (h + 1) & mask;
    return &t[h];
}

static void sr_keytab_put(struct sr_arena *a, struct sr_keyidx *kx, const struct sr_node *map,
                          const char *key, size_t i)
{
    if (2 * (kx->n + 1) > kx->cap) {
        size_t cap = kx->cap ? kx->cap * 2 : 256;
        struct sr_keyent *t = sr_arena_alloc(a, cap * sizeof(*t));
        for (size_t k = 0; k < kx->cap; k++)
            if (kx->tab[k].map)
                *sr_keytab_slot(t, cap, kx->tab[k].map, kx->tab[k].key) = kx->tab[k];
        kx->tab = t;
        kx->cap = cap;
    }
    struct sr_keyent *e = sr_keytab_slot(kx->tab, kx->cap, map, key);
    if (!e->map) { /* the first of equal keys wins, as a scan would find it */
        *e = (struct sr_keyent){map, key, i};
        kx->n++;
    }
}

/* The pair index of key in map (SIZE_MAX: none), in constant time for a
 * large mapping. */
static size_t sr_build_key_index(struct sr_build *b, const struct sr_node *map, const char *key)
{
    if (map->n <= 32 || !b->kx) {
        for (size_t i = 0; i < map->n; i++) {
            const struct sr_node *k = map->items[2 * i];
            if (k->kind == SR_SCALAR && sr_node_str(k) && strcmp(sr_node_str(k), key) == 0)
                return i;
        }
        return SIZE_MAX;
    }
    if (sr_ptrset_add(b->a, &b->kx->indexed, map))
        for (size_t i = 0; i < map->n; i++) {
            const struct sr_node *k = map->items[2 * i];
            if (k->kind == SR_SCALAR && sr_node_str(k))
                sr_keytab_put(b->a, b->kx, map, sr_node_str(k), i);
        }
    if (b->kx->cap == 0) /* no scalar key in any mapping indexed so far */
        return SIZE_MAX;
    const struct sr_keyent *e = sr_keytab_slot(b->kx->tab, b->kx->cap, map, key);
    return e->map ? e->i : SIZE_MAX;
}

static size_t sr_addkey_hash(const struct sr_node *map, const char *key)
{
    uint64_t h = (uint64_t)(uintptr_t)map * 0x9e3779b97f4a7c15ULL;
    for (const char *c = key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of (map, key) in b->addtab: its add, or the empty slot for it. */
static struct sr_padd **sr_addtab_slot(struct sr_build *b, const struct sr_node *map,
                                       const char *key)
{
    size_t mask = b->addcap - 1, h = sr_addkey_hash(map, key) & mask;
    while (b->addtab[h] && (b->addtab[h]->map != map || strcmp(b->addtab[h]->key, key) != 0))
        h = (h + 1) & mask;
    return &b->addtab[h];
}

/* Makes room in b->addtab for one more add (at most half full). */
static void sr_addtab_grow(struct sr_build *b)
{
    if (2 * ((size_t)b->adds.n + 1) <= b->addcap)
        return;
    size_t cap = b->addcap ? b->addcap * 2 : 64;
    b->addtab = sr_arena_alloc(b->a, cap * sizeof(*b->addtab));
    b->addcap = cap;
    for (size_t i = 0; i < b->adds.n; i++) {
        struct sr_padd *p = b->adds.v[i];
        *sr_addtab_slot(b, p->map, p->key) = p;
    }
}

/*
 * Groups n items by key (keys[i]), groups in the order of their first
 * item, items in order within a group: order[] holds the item indexes,
 * group g is order[start[g] .. start[g + 1]). Returns the number of
 * groups. Linear: a hash of the keys, then a counting sort.
 */
static size_t sr_group_by(struct sr_arena *a, const void *const *keys, size_t n, size_t **order,
                          size_t **start)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    const void **hk = sr_arena_alloc(a, cap * sizeof(*hk));
    size_t *hg = sr_arena_alloc(a, cap * sizeof(*hg));
    size_t *grp = sr_arena_alloc(a, (n + 1) * sizeof(*grp));
    size_t *cnt = sr_arena_alloc(a, (n + 2) * sizeof(*cnt));
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = ((size_t)(uintptr_t)keys[i] * (size_t)0x9e3779b97f4a7c15ULL) & (cap - 1);
        while (hk[h] && hk[h] != keys[i])
            h = (h + 1) & (cap - 1);
        if (!hk[h]) {
            hk[h] = keys[i];
            hg[h] = ng++;
        }
        grp[i] = hg[h];
        cnt[grp[i] + 1]++;
    }
    for (size_t g = 0; g < ng; g++)
        cnt[g + 1] += cnt[g];
    size_t *st = sr_arena_alloc(a, (ng + 1) * sizeof(*st));
    memcpy(st, cnt, (ng + 1) * sizeof(*st));
    size_t *ord = sr_arena_alloc(a, (n + 1) * sizeof(*ord));
    for (size_t i = 0; i < n; i++)
        ord[cnt[grp[i]]++] = i;
    *order = ord;
    *start = st;
    return ng;
}

static int sr_is_fn_map(const struct sr_node *n)
{
    return n && n->kind == SR_MAP && n->n == 1 && n->items[0]->kind == SR_SCALAR &&
           (strcmp(sr_node_str(n->items[0]), "Ref") == 0 ||
            strncmp(sr_node_str(n->items[0]), "Fn::", 4) == 0);
}

static struct sr_fv *sr_fv_clone(struct sr_arena *a, const struct sr_fv *v)
{
    struct sr_fv *c = sr_arena_alloc(a, sizeof(*c));
    *c = *v;
    c->items = NULL;
    c->keys = NULL;
    c->n = c->cap = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (v->kind == SR_FV_MAP)
            sr_fv_put(a, c, v->keys[i], v->items[i]);
        else
            sr_fv_push(a, c, v->items[i]);
    }
    return c;
}

/* Merges src into *dst (maps merge key by key; equal values are one). */
static int sr_fv_merge(struct sr_arena *a, struct sr_fv **dst, struct sr_fv *src)
{
    if (sr_fv_equal(*dst, src))
        return 0;
    if ((*dst)->kind != SR_FV_MAP || src->kind != SR_FV_MAP)
        return -1;
    struct sr_fv *m = sr_fv_clone(a, *dst);
    for (size_t i = 0; i < src->n; i++) {
        size_t k;
        for (k = 0; k < m->n; k++)
            if (strcmp(m->keys[k], src->keys[i]) == 0)
                break;
        if (k == m->n)
            sr_fv_put(a, m, src->keys[i], src->items[i]);
        else if (sr_fv_merge(a, &m->items[k], src->items[i]) < 0)
            return -1;
    }
    *dst = m;
    return 0;
}

static void sr_conflict(struct sr_build *b, int fix, const char *why)
{
    if (b->conflict < 0) {
        b->conflict = fix;
        b->why = why;
    }
}

static void sr_resolve_replace(struct sr_build *b, const struct sr_node *node, struct sr_fv *val,
                               int fix)
{
    for (size_t i = 0; i < b->reps.n; i++) {
        struct sr_pone *r = b->reps.v[i];
        if (r->node == node) {
            if (!sr_fv_equal(r->val, val))
                sr_conflict(b, fix, "another fix changes the same value");
            return;
        }
    }
    struct sr_pone *r = sr_arena_alloc(b->a, sizeof(*r));
    r->node = node;
    r->val = val;
    r->fix = fix;
    sr_ptrvec_push(b->a, &b->reps, r);
}

static void sr_resolve_set(struct sr_build *b, const struct sr_node *map, const char *key,
                           struct sr_fv *val, int fix, int keep)
{
    if (!map || map->kind != SR_MAP) {
        sr_conflict(b, fix, "the place to change is not a mapping");
        return;
    }
    size_t i = sr_build_key_index(b, map, key);
    if (i != SIZE_MAX) {
        if (keep)
            return;
        const struct sr_node *v = map->items[2 * i + 1];
        if (v->kind == SR_ALIAS) {
            sr_conflict(b, fix, "the value is a YAML alias shared with other places");
            return;
        }
        if (v->kind == SR_MAP && val->kind == SR_FV_MAP && !sr_is_fn_map(v) && !v->tag) {
            for (size_t j = 0; j < val->n; j++)
                sr_resolve_set(b, v, val->keys[j], val->items[j], fix, 0);
            return;
        }
        sr_resolve_replace(b, v, val, fix);
        return;
    }
    sr_addtab_grow(b);
    struct sr_padd **slot = sr_addtab_slot(b, map, key);
    if (*slot) {
        if (!keep && sr_fv_merge(b->a, &(*slot)->val, val) < 0)
            sr_conflict(b, fix, "another fix sets the same key to another value");
        return;
    }
    struct sr_padd *p = sr_arena_alloc(b->a, sizeof(*p));
    p->map = map;
    p->key = key;
    p->val = val;
    p->fix = fix;
    sr_ptrvec_push(b->a, &b->adds, p);
    *slot = p;
}

static void sr_resolve_op(struct sr_build *b, const struct sr_fix_op *op, int fix)
{
    switch (op->kind) {
    case SR_FIXOP_SET:
        sr_resolve_set(b, op->node, op->key, op->val, fix, op->keep_existing);
        break;
    case SR_FIXOP_REPLACE:
        if (!op->node || !op->node->parent) {
            sr_conflict(b, fix, "the value to replace is not in a collection");
            break;
        }
        sr_resolve_replace(b, op->node, op->val, fix);
        break;
    case SR_FIXOP_DELETE: {
        const struct sr_node *keynode = NULL;
        if (!op->node || op->node->kind != SR_MAP)
            break;
        for (size_t i = 0; i < op->node->n; i++)
            if (sr_scalar_eq(op->node->items[2 * i], op->key))
                keynode = op->node->items[2 * i];
        if (!keynode)
            break;
        for (size_t i = 0; i < b->dels.n; i++)
            if (((struct sr_pone *)b->dels.v[i])->node == keynode)
                return;
        struct sr_pone *d = sr_arena_alloc(b->a, sizeof(*d));
        d->node = keynode;
        d->map = op->node;
        d->fix = fix;
        sr_ptrvec_push(b->a, &b->dels, d);
        break;
    }
    case SR_FIXOP_APPEND: {
        const struct sr_node *seq = op->node;
        if (!seq || seq->kind != SR_SEQ) {
            sr_conflict(b, fix, "the place to append to is not a list");
            break;
        }
        if (op->val->kind == SR_FV_STR)
            for (size_t i = 0; i < seq->n; i++)
                if (sr_scalar_eq(seq->items[i], op->val->s))
                    return;
        for (size_t i = 0; i < b->apps.n; i++) {
            struct sr_pone *p = b->apps.v[i];
            if (p->node == seq && sr_fv_equal(p->val, op->val))
                return;
        }
        struct sr_pone *p = sr_arena_alloc(b->a, sizeof(*p));
        p->node = seq;
        p->val = op->val;
        p->fix = fix;
        sr_ptrvec_push(b->a, &b->apps, p);
        break;
    }
    case SR_FIXOP_FILE:
        break;
    }
}

static void sr_add_splice(struct sr_build *b, const struct sr_splice *sp, const int *fixes,
                          size_t nfixes)
{
    struct sr_bsplice *s = sr_arena_alloc(b->a, sizeof(*s));
    s->sp = *sp;
    s->fixes = sr_arena_alloc(b->a, (nfixes ? nfixes : 1) * sizeof(int));
    memcpy(s->fixes, fixes, nfixes * sizeof(int));
    s->nfixes = nfixes;
    s->seq = b->splices.n;
    sr_ptrvec_push(b->a, &b->splices, s);
}

/* Unknown keys after the sections. */
static int sr_section_rank_of(const char *k)
{
    int r = sr_emit_section_rank(k);
    return r < 0 ? 100 : r;
}

static int sr_padd_rank_cmp(const void *x, const void *y)
{
    const struct sr_padd *a = *(const struct sr_padd *const *)x;
    const struct sr_padd *b = *(const struct sr_padd *const *)y;
    return sr_section_rank_of(a->key) - sr_section_rank_of(b->key);
}

static void sr_render(struct sr_build *b)
{
    const char *why = NULL;
    struct sr_splice sp;
    /* Additions, one splice per mapping (per key at the root). */
    const void **akeys = sr_arena_alloc(b->a, (b->adds.n + 1) * sizeof(*akeys));
    for (size_t i = 0; i < b->adds.n; i++)
        akeys[i] = ((struct sr_padd *)b->adds.v[i])->map;
    size_t *aord, *astart;
    size_t nag = sr_group_by(b->a, akeys, b->adds.n, &aord, &astart);
    struct sr_padd **grp = sr_arena_alloc(b->a, (b->adds.n + 1) * sizeof(*grp));
    for (size_t g = 0; g < nag && b->conflict < 0; g++) {
        size_t cnt = 0;
        for (size_t k = astart[g]; k < astart[g + 1]; k++)
            grp[cnt++] = b->adds.v[aord[k]];
        struct sr_padd *p = grp[0];
        int root = p->map == b->doc->root;
        if (root && cnt > 1)
            qsort(grp, cnt, sizeof(*grp), sr_padd_rank_cmp);
        size_t step = root ? 1 : cnt;
        for (size_t k = 0; k < cnt; k += step) {
            const char **keys = sr_arena_alloc(b->a, step * sizeof(*keys));
            struct sr_fv **vals = sr_arena_alloc(b->a, step * sizeof(*vals));
            int *fixes = sr_arena_alloc(b->a, step * sizeof(int));
            for (size_t j = 0; j < step; j++) {
                keys[j] = grp[k + j]->key;
                vals[j] = grp[k + j]->val;
                fixes[j] = grp[k + j]->fix;
            }
            if (sr_emit_add_keys(b->a, b->doc, b->st, p->map, keys, vals, step, &sp, &why) < 0) {
                sr_conflict(b, fixes[0], why);
                return;
            }
            sr_add_splice(b, &sp, fixes, step);
        }
    }
    for (size_t i = 0; i < b->reps.n && b->conflict < 0; i++) {
        struct sr_pone *r = b->reps.v[i];
        if (sr_emit_replace(b->a, b->doc, b->st, r->node, r->val, &sp, &why) < 0)
            sr_conflict(b, r->fix, why);
        else
            sr_add_splice(b, &sp, &r->fix, 1);
    }
    for (size_t i = 0; i < b->dels.n && b->conflict < 0; i++) {
        struct sr_pone *d = b->dels.v[i];
        if (sr_emit_delete_key(b->a, b->doc, b->st, d->map, d->node, &sp, &why) < 0)
            sr_conflict(b, d->fix, why);
        else
            sr_add_splice(b, &sp, &d->fix, 1);
    }
    const void **pkeys = sr_arena_alloc(b->a, (b->apps.n + 1) * sizeof(*pkeys));
    for (size_t i = 0; i < b->apps.n; i++)
        pkeys[i] = ((struct sr_pone *)b->apps.v[i])->node;
    size_t *pord, *pstart;
    size_t npg = sr_group_by(b->a, pkeys, b->apps.n, &pord, &pstart);
    struct sr_fv **vals = sr_arena_alloc(b->a, (b->apps.n + 1) * sizeof(*vals));
    int *fixes = sr_arena_alloc(b->a, (b->apps.n + 1) * sizeof(int));
    for (size_t g = 0; g < npg && b->conflict < 0; g++) {
        struct sr_pone *p = b->apps.v[pord[pstart[g]]];
        size_t cnt = 0;
        for (size_t k = pstart[g]; k < pstart[g + 1]; k++) {
            struct sr_pone *q = b->apps.v[pord[k]];
            vals[cnt] = q->val;
            fixes[cnt++] = q->fix;
        }
        if (sr_emit_append(b->a, b->doc, b->st, p->node, vals, cnt, &sp, &why) < 0)
            sr_conflict(b, fixes[0], why);
        else
            sr_add_splice(b, &sp, fixes, cnt);
    }
}

static int sr_bsplice_cmp(const void *x, const void *y)
{
    const struct sr_bsplice *a = *(const struct sr_bsplice *const *)x;
    const struct sr_bsplice *b = *(const struct sr_bsplice *const *)y;
    if (a->sp.start != b->sp.start)
        return a->sp.start < b->sp.start ? -1 : 1;
    int ai = a->sp.start == a->sp.end, bi = b->sp.start == b->sp.end;
    if (ai != bi)
        return ai ? -1 : 1; /* insertions before a replacement at the same place */
    if (a->sp.depth != b->sp.depth)
        return a->sp.depth > b->sp.depth ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq ? 1 : 0;
}

static int sr_max_fix(const struct sr_bsplice *a, const struct sr_bsplice *b)
{
    int m = -1;
    for (size_t i = 0; i < a->nfixes; i++)
        if (a->fixes[i] > m)
            m = a->fixes[i];
    for (size_t i = 0; i < b->nfixes; i++)
        if (b->fixes[i] > m)
            m = b->fixes[i];
    return m;
}

/* Sorts the splices and checks that none overlap. */
static void sr_order(struct sr_build *b)
{
    if (b->splices.n > 1)
        qsort(b->splices.v, b->splices.n, sizeof(void *), sr_bsplice_cmp);
    for (size_t i = 1; i < b->splices.n && b->conflict < 0; i++) {
        const struct sr_bsplice *p = b->splices.v[i - 1], *c = b->splices.v[i];
        int overlap =
            c->sp.start < p->sp.end ||
            (c->sp.start == p->sp.start && p->sp.end > p->sp.start && c->sp.end > c->sp.start);
        if (overlap)
            sr_conflict(b, sr_max_fix(p, c), "its change overlaps the change of another fix");
    }
}

/* Builds the splices of the fixes with use[i] set. Returns 0, or -1 with
 * b->conflict naming a fix to leave out. */
static int sr_build(struct sr_build *b, struct sr_arena *a, const struct sr_doc *doc,
                    const struct sr_style *st, struct sr_fix *const *fixes, size_t n,
                    const char *use)
{
    memset(b, 0, sizeof(*b));
    b->a = a;
    b->doc = doc;
    b->st = st;
    b->kx = st->keyidx;
    b->conflict = -1;
    for (size_t i = 0; i < n && b->conflict < 0; i++) {
        if (!use[i])
            continue;
        for (size_t k = 0; k < fixes[i]->nops && b->conflict < 0; k++)
            sr_resolve_op(b, &fixes[i]->ops[k], (int)i);
    }
    if (b->conflict < 0)
        sr_render(b);
    if (b->conflict < 0)
        sr_order(b);
    return b->conflict < 0 ? 0 : -1;
}

/* The text with the splices applied (heap). */
static char *sr_apply(const struct sr_doc *doc, const struct sr_build *b, size_t *len)
{
    size_t total = doc->len;
    for (size_t i = 0; i < b->splices.n; i++) {
        const struct sr_bsplice *s = b->splices.v[i];
        total += s->sp.len - (s->sp.end - s->sp.start);
    }
    char *out = sr_xmalloc(total + 1);
    size_t at = 0, w = 0;
    for (size_t i = 0; i < b->splices.n; i++) {
        const struct sr_bsplice *s = b->splices.v[i];
        memcpy(out + w, doc->text + at, s->sp.start - at);
        w += s->sp.start - at;
        memcpy(out + w, s->sp.text, s->sp.len);
        w += s->sp.len;
        at = s->sp.end;
    }
    memcpy(out + w, doc->text + at, doc->len - at);
    w += doc->len - at;
    out[w] = '\0';
    *len = w;
    return out;
}

/* ---- verification ------------------------------------------------------- */

/* Identity of a finding across texts: rule, resource, and the path of its
 * node (or its message when it has none). */
static const char *sr_finding_key(struct sr_arena *a, const struct sr_finding *f)
{
    return sr_arena_printf(a, "%s|%s|%s", f->rule->id, f->resource ? f->resource : "",
                           f->node ? sr_value_path(a, f->node, 1) : f->message);
}

struct sr_keycount {
    const char *key;
    int n;
};

/*
 * Lints text (taken over) into after and checks it against before with
 * the findings of the used fixes gone. Returns 0, or -1 with *why set.
 * after is always filled (release it).
 */
static size_t sr_key_hash(const char *k)
{
    size_t h = 1469598103934665603u;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h;
}

/* Index in kc of key k (slots as in sr_verify), or SIZE_MAX. */
static size_t sr_keycount_find(const struct sr_keycount *kc, const size_t *slot, size_t cap,
                               const char *k)
{
    for (size_t s = sr_key_hash(k) & (cap - 1); slot[s]; s = (s + 1) & (cap - 1))
        if (strcmp(kc[slot[s] - 1].key, k) == 0)
            return slot[s] - 1;
    return SIZE_MAX;
}

static void sr_keycount_add(size_t *slot, size_t cap, const char *k, size_t j)
{
    size_t s = sr_key_hash(k) & (cap - 1);
    while (slot[s])
        s = (s + 1) & (cap - 1);
    slot[s] = j + 1;
}

static int sr_verify(struct sr_arena *a, const struct sr_result *before, char *text, size_t len,
                     const struct sr_config *cfg, struct sr_fix *const *fixes, size_t n,
                     const char *use, struct sr_result *after, const char **why)
{
    sr_lint_text(after, before->path, text, len, cfg);
    if (!after->loaded) {
        const char *m = after->nfindings ? after->findings[0]->message : "syntax error";
        struct sr_pos p = after->nfindings ? after->findings[0]->pos : (struct sr_pos){0, 0};
        *why = sr_arena_printf(a, "the fixed text would not parse (%d:%d: %s)", p.line, p.col, m);
        return -1;
    }
    struct sr_keycount *kc = sr_arena_alloc(a, (before->nfindings + 1) * sizeof(*kc));
    size_t nk = 0;
    /* The keys are found by hash (slot: 1 + index into kc, 0 empty): a
     * file with thousands of findings would compare every pair. */
    size_t cap = 64;
    while (cap < 2 * (before->nfindings + 1))
        cap *= 2;
    size_t *slot = sr_arena_alloc(a, cap * sizeof(*slot));
    memset(slot, 0, cap * sizeof(*slot));
    for (size_t i = 0; i < before->nfindings; i++) {
        const struct sr_finding *f = before->findings[i];
        if (f->suppressed)
            continue;
        const char *k = sr_finding_key(a, f);
        size_t j = sr_keycount_find(kc, slot, cap, k);
        if (j == SIZE_MAX) {
            j = nk;
            kc[nk++] = (struct sr_keycount){k, 0};
            sr_keycount_add(slot, cap, k, j);
        }
        kc[j].n++;
    }
    const char **fixed = sr_arena_alloc(a, (n + 1) * sizeof(*fixed));
    size_t nfixed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!use[i] || !fixes[i]->finding)
            continue;
        const char *k = sr_finding_key(a, fixes[i]->finding);
        fixed[nfixed++] = k;
        size_t j = sr_keycount_find(kc, slot, cap, k);
        if (j != SIZE_MAX && kc[j].n > 0)
            kc[j].n--;
    }
    for (size_t i = 0; i < after->nfindings; i++) {
        const struct sr_finding *f = after->findings[i];
        if (f->suppressed)
            continue;
        const char *k = sr_finding_key(a, f);
        size_t j = sr_keycount_find(kc, slot, cap, k);
        if (j != SIZE_MAX && kc[j].n > 0) {
            kc[j].n--;
            continue;
        }
        int still = 0;
        for (size_t q = 0; q < nfixed; q++)
            if (strcmp(fixed[q], k) == 0)
                still = 1;
        if (still)
            *why = sr_arena_printf(a, "%s is still reported after the fix: %s", f->rule->id,
                                   f->message);
        else
            *why = sr_arena_printf(a, "the fix would add %s at %d:%d: %s", f->rule->id, f->pos.line,
                                   f->pos.col, f->message);
        return -1;
    }
    return 0;
}

/* ---- passes over a file ------------------------------------------------- */

struct sr_reason {
    const char *key;
    enum sr_fix_state state;
    const char *why;
    struct sr_pos pos;
    int retry; /* a conflict: may be fixed in a later pass */
};

struct sr_run {
    struct sr_arena *a;
    const struct sr_config *cfg;
    const char *path;
    int unsafe_ok;            /* apply unsafe fixes (SR_FIX_UNSAFE_OK) */
    struct sr_ptrvec notes;   /* struct sr_fix_note * (fixed ones) */
    struct sr_ptrvec reasons; /* struct sr_reason * */
    struct sr_ptrvec files;   /* struct sr_fix_op * (FILE ops of applied fixes) */
};

static struct sr_reason *sr_reason_find(struct sr_run *r, const char *key)
{
    for (size_t i = 0; i < r->reasons.n; i++) {
        struct sr_reason *x = r->reasons.v[i];
        if (strcmp(x->key, key) == 0)
            return x;
    }
    return NULL;
}

static void sr_reason_set(struct sr_run *r, const char *key, enum sr_fix_state st, const char *why,
                          struct sr_pos pos, int retry)
{
    struct sr_reason *x = sr_reason_find(r, key);
    if (!x) {
        x = sr_arena_alloc(r->a, sizeof(*x));
        x->key = sr_arena_strdup(r->a, key);
        sr_ptrvec_push(r->a, &r->reasons, x);
    }
    x->state = st;
    x->why = sr_arena_strdup(r->a, why ? why : "no automatic fix for this case");
    x->pos = pos;
    x->retry = retry;
}

static void sr_fixer_setup(struct sr_fixer *fx, struct sr_arena *a, const struct sr_result *res,
                           const struct sr_config *cfg)
{
    memset(fx, 0, sizeof(*fx));
    fx->a = a;
    fx->res = res;
    fx->g = &res->graph;
    fx->doc = &res->doc;
    fx->cfg = cfg;
    fx->path = res->path;
    sr_style_detect(&res->doc, &fx->st);
    fx->st.keyidx = sr_arena_alloc(a, sizeof(struct sr_keyidx));
}

static int sr_fixable(const struct sr_finding *f)
{
    return !f->suppressed && f->rule && f->rule->plan;
}

/* Builds, applies and verifies the fixes with use[] set. */
/* built: the build of exactly these fixes when the caller has one (the
 * conflict check that passed), else NULL and it is made here. */
static int sr_try(struct sr_run *r, const struct sr_result *cur, const struct sr_style *st,
                  struct sr_fix *const *fixes, size_t n, const char *use,
                  const struct sr_build *built, struct sr_result *after, const char **why)
{
    struct sr_build b;
    if (built)
        b = *built;
    else if (sr_build(&b, r->a, &cur->doc, st, fixes, n, use) < 0) {
        *why = b.why;
        memset(after, 0, sizeof(*after));
        return -2 - b.conflict;
    }
    size_t len;
    char *text = sr_apply(&cur->doc, &b, &len);
    return sr_verify(r->a, cur, text, len, r->cfg, fixes, n, use, after, why);
}

/*
 * One pass: plans a fix for every fixable finding of cur that is not
 * settled, then applies as many as verify. Returns 1 with next filled when
 * the text changed, 0 otherwise. A fix refused in a pass that changed the
 * text is planned again in the next one: another fix may have removed its
 * obstacle (a hard-coded ARN it copied, a grant it needed), and a second
 * --fix must find nothing left that the first could have done.
 */
static int sr_pass(struct sr_run *r, const struct sr_result *cur, struct sr_result *next)
{
    struct sr_fixer fx;
    sr_fixer_setup(&fx, r->a, cur, r->cfg);
    struct sr_fix **fixes = sr_arena_alloc(r->a, (cur->nfindings + 1) * sizeof(*fixes));
    const char **keys = sr_arena_alloc(r->a, (cur->nfindings + 1) * sizeof(*keys));
    size_t n = 0;
    for (size_t i = 0; i < cur->nfindings; i++) {
        const struct sr_finding *f = cur->findings[i];
        if (!sr_fixable(f))
            continue;
        const char *key = sr_finding_key(r->a, f);
        struct sr_reason *rs = sr_reason_find(r, key);
        if (rs && !rs->retry)
            continue;
        struct sr_fix *fix = sr_arena_alloc(r->a, sizeof(*fix));
        fix->finding = f;
        int rc = sr_fix_plan_guarded(&fx, fix);
        if (rc == 1) {
            sr_reason_set(r, key, SR_FIX_NONE, "no automatic fix for this rule yet", f->pos, 0);
        } else if (rc < 0) {
            sr_reason_set(r, key, SR_FIX_NONE, fix->refused, f->pos, 1);
        } else if (fix->nops == 0) {
            sr_reason_set(r, key, SR_FIX_NONE, "nothing to change", f->pos, 1);
        } else if (fix->unsafe && !r->unsafe_ok) {
            /* Whole, not cut at a buffer's end: a scaffold's reasons and
             * what it adds are long, and the summary must name them all. */
            const char *why = sr_arena_printf(r->a, "unsafe fix left out (%s): %s", fix->unsafe,
                                              fix->what ? fix->what : "fix");
            sr_reason_set(r, key, SR_FIX_UNSAFE, why, f->pos, 0);
        } else {
            keys[n] = key;
            fixes[n++] = fix;
        }
    }
    if (n == 0)
        return 0;
    char *use = sr_arena_alloc(r->a, n + 1);
    memset(use, 1, n);
    const char *why = NULL;
    int rc;
    /* Leave out fixes whose edits conflict with earlier ones; the build
     * that passes is the one verified. */
    struct sr_build built;
    for (;;) {
        struct sr_build b;
        if (sr_build(&b, r->a, &cur->doc, &fx.st, fixes, n, use) == 0) {
            built = b;
            break;
        }
        int c = b.conflict;
        use[c] = 0;
        int self = 1; /* does it conflict on its own? */
        char *only = sr_arena_alloc(r->a, n + 1);
        only[c] = 1;
        struct sr_build b1;
        if (sr_build(&b1, r->a, &cur->doc, &fx.st, fixes, n, only) == 0)
            self = 0;
        sr_reason_set(r, keys[c], SR_FIX_REFUSED, b.why, fixes[c]->finding->pos, !self);
    }
    size_t nused = 0;
    for (size_t i = 0; i < n; i++)
        nused += use[i] != 0;
    if (nused == 0)
        return 0;
    rc = sr_try(r, cur, &fx.st, fixes, n, use, &built, next, &why);
    if (rc != 0) {
        if (rc == -1)
            sr_result_release(next);
        /* Find the fixes that verify on their own; then combine them. */
        char *good = sr_arena_alloc(r->a, n + 1);
        for (size_t i = 0; i < n; i++) {
            if (!use[i])
                continue;
            char *only = sr_arena_alloc(r->a, n + 1);
            only[i] = 1;
            struct sr_result one;
            const char *w = NULL;
            int orc = sr_try(r, cur, &fx.st, fixes, n, only, NULL, &one, &w);
            if (orc == 0 || orc == -1)
                sr_result_release(&one);
            if (orc == 0)
                good[i] = 1;
            else
                sr_reason_set(r, keys[i], SR_FIX_REFUSED, w, fixes[i]->finding->pos, 1);
        }
        char *set = sr_arena_alloc(r->a, n + 1);
        int have = 0;
        for (size_t i = 0; i < n; i++) {
            if (!good[i])
                continue;
            set[i] = 1;
            struct sr_result t;
            const char *w = NULL;
            int trc = sr_try(r, cur, &fx.st, fixes, n, set, NULL, &t, &w);
            if (trc == 0 || trc == -1)
                sr_result_release(&t);
            if (trc == 0) {
                have = 1;
            } else {
                set[i] = 0;
                sr_reason_set(r, keys[i], SR_FIX_REFUSED,
                              "it does not verify together with the other fixes",
                              fixes[i]->finding->pos, 1);
            }
        }
        if (!have)
            return 0;
        memcpy(use, set, n);
        rc = sr_try(r, cur, &fx.st, fixes, n, use, NULL, next, &why);
        if (rc != 0) {
            if (rc == -1)
                sr_result_release(next);
            return 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!use[i])
            continue;
        const struct sr_finding *f = fixes[i]->finding;
        struct sr_fix_note *note = sr_arena_alloc(r->a, sizeof(*note));
        note->state = SR_FIX_FIXED;
        note->rule = f->rule->id;
        note->resource = f->resource ? sr_arena_strdup(r->a, f->resource) : NULL;
        note->pos = f->pos;
        note->message = sr_arena_strdup(r->a, f->message);
        note->detail = fixes[i]->what ? fixes[i]->what : "fixed";
        note->unsafe = fixes[i]->unsafe ? sr_arena_strdup(r->a, fixes[i]->unsafe) : NULL;
        sr_ptrvec_push(r->a, &r->notes, note);
        struct sr_reason *rs = sr_reason_find(r, keys[i]);
        if (rs)
            rs->retry = 0, rs->state = SR_FIX_FIXED;
        for (size_t k = 0; k < fixes[i]->nops; k++)
            if (fixes[i]->ops[k].kind == SR_FIXOP_FILE)
                sr_ptrvec_push(r->a, &r->files, &fixes[i]->ops[k]);
    }
    return 1;
}

static char *sr_join_dir(const char *tpath, const char *rel)
{
    const char *slash = strrchr(tpath, '/');
    size_t dl = slash ? (size_t)(slash - tpath) + 1 : 0;
    size_t len = dl + strlen(rel) + 1;
    char *p = sr_xmalloc(len);
    snprintf(p, len, "%.*s%s", (int)dl, tpath, rel);
    return p;
}

static int sr_mask_cmp(const void *x, const void *y)
{
    const size_t *a = x, *b = y;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

int sr_fix_result(const struct sr_result *res, const struct sr_config *cfg, unsigned flags,
                  struct sr_fix_outcome *out)
{
    memset(out, 0, sizeof(*out));
    struct sr_arena *a = sr_xcalloc(1, sizeof(*a));
    sr_arena_init(a);
    out->path = res->path;
    out->old_text = res->text;
    out->old_len = res->len;
    struct sr_run r;
    memset(&r, 0, sizeof(r));
    r.a = a;
    r.cfg = cfg;
    r.path = res->path;
    r.unsafe_ok = (flags & SR_FIX_UNSAFE_OK) != 0;

    const struct sr_result *cur = res;
    struct sr_result owned[2];
    int which = -1; /* index in owned[] of cur when it is ours */
    if (res->loaded) {
        for (int pass = 0; pass < SR_FIX_MAX_PASSES; pass++) {
            int slot = which == 0 ? 1 : 0;
            if (!sr_pass(&r, cur, &owned[slot]))
                break;
            if (which >= 0)
                sr_result_release(&owned[which]);
            which = slot;
            cur = &owned[which];
        }
    }
    if (which >= 0) {
        out->final = owned[which];
        out->final_valid = 1;
        out->new_len = cur->len;
        out->new_text = sr_xmalloc(cur->len + 1);
        memcpy(out->new_text, cur->text, cur->len);
        out->new_text[cur->len] = '\0';
    } else {
        out->new_len = res->len;
        out->new_text = sr_xmalloc(res->len + 1);
        memcpy(out->new_text, res->text, res->len);
        out->new_text[res->len] = '\0';
    }
    /* What remains of the fixable findings, and why. */
    for (size_t i = 0; res->loaded && i < cur->nfindings; i++) {
        const struct sr_finding *f = cur->findings[i];
        if (!sr_fixable(f))
            continue;
        struct sr_reason *rs = sr_reason_find(&r, sr_finding_key(a, f));
        struct sr_fix_note *note = sr_arena_alloc(a, sizeof(*note));
        note->state = rs ? (rs->state == SR_FIX_FIXED ? SR_FIX_REFUSED : rs->state) : SR_FIX_NONE;
        note->rule = f->rule->id;
        note->resource = f->resource ? sr_arena_strdup(a, f->resource) : NULL;
        note->pos = rs ? rs->pos : f->pos;
        note->message = sr_arena_strdup(a, f->message);
        note->detail = rs ? rs->why : "no automatic fix for this case";
        sr_ptrvec_push(a, &r.notes, note);
    }
    out->notes = sr_arena_alloc(a, (r.notes.n + 1) * sizeof(*out->notes));
    for (size_t i = 0; i < r.notes.n; i++) {
        out->notes[i] = *(struct sr_fix_note *)r.notes.v[i];
        if (out->notes[i].state == SR_FIX_FIXED)
            out->fixed++;
        else
            out->failed++;
        if (out->notes[i].state == SR_FIX_UNSAFE)
            out->unsafe++;
    }
    out->nnotes = r.notes.n;
    out->files = sr_xcalloc(r.files.n + 1, sizeof(*out->files));
    for (size_t i = 0; i < r.files.n; i++) {
        const struct sr_fix_op *op = r.files.v[i];
        char *p = sr_join_dir(res->path, op->path);
        int dup = 0;
        for (size_t k = 0; k < out->nfiles; k++)
            if (strcmp(out->files[k].path, p) == 0)
                dup = 1;
        if (dup) {
            free(p);
            continue;
        }
        struct stat st;
        out->files[out->nfiles].path = p;
        out->files[out->nfiles].text = sr_xstrdup(op->text);
        out->files[out->nfiles].exists = lstat(p, &st) == 0;
        out->nfiles++;
    }
    /* The secret values of the text as read, for --diff to mask. */
    for (size_t i = 0; i < res->nfindings; i++)
        out->nmasks +=
            sr_finding_holds_value(res->findings[i]) && res->findings[i]->end <= res->len;
    out->masks = sr_arena_alloc(a, (out->nmasks + 1) * sizeof(*out->masks));
    out->nmasks = 0;
    for (size_t i = 0; i < res->nfindings; i++) {
        const struct sr_finding *f = res->findings[i];
        if (sr_finding_holds_value(f) && f->end <= res->len) {
            out->masks[out->nmasks][0] = f->start;
            out->masks[out->nmasks][1] = f->end;
            out->nmasks++;
        }
    }
    qsort(out->masks, out->nmasks, sizeof(*out->masks), sr_mask_cmp);
    /* The notes' strings live in a; keep it with the outcome. */
    out->arena = a;
    return 0;
}

void sr_fix_outcome_release(struct sr_fix_outcome *out)
{
    if (out->final_valid)
        sr_result_release(&out->final);
    free(out->new_text);
    for (size_t i = 0; i < out->nfiles; i++) {
        free(out->files[i].path);
        free(out->files[i].text);
    }
    free(out->files);
    if (out->arena) {
        sr_arena_release(out->arena);
        free(out->arena);
    }
    memset(out, 0, sizeof(*out));
}

/* ---- summary ------------------------------------------------------------ */

/* What became of a new file; NULL states: as planned. */
enum sr_file_state { SR_FILE_PLANNED, SR_FILE_CREATED, SR_FILE_KEPT, SR_FILE_NOT_CREATED };

static void sr_summary(FILE *out, const struct sr_fix_outcome *o, int diff_mode,
                       const enum sr_file_state *states)
{
    for (size_t i = 0; i < o->nnotes; i++) {
        const struct sr_fix_note *n = &o->notes[i];
        int unsafe = n->state == SR_FIX_FIXED && n->unsafe;
        const char *state = n->state != SR_FIX_FIXED ? "not fixed"
                            : unsafe ? (diff_mode ? "would fix (unsafe)" : "fixed (unsafe)")
                                     : (diff_mode ? "would fix" : "fixed");
        if (n->resource)
            sr_say(out, "%s:%d:%d: %s %s in %s: %s%s%s", o->path, n->pos.line, n->pos.col, state,
                   n->rule, n->resource, n->detail, unsafe ? "; unsafe: " : "",
                   unsafe ? n->unsafe : "");
        else
            sr_say(out, "%s:%d:%d: %s %s: %s%s%s", o->path, n->pos.line, n->pos.col, state, n->rule,
                   n->detail, unsafe ? "; unsafe: " : "", unsafe ? n->unsafe : "");
    }
    for (size_t i = 0; i < o->nfiles; i++) {
        const struct sr_fix_newfile *f = &o->files[i];
        enum sr_file_state s = states ? states[i] : SR_FILE_PLANNED;
        if (s == SR_FILE_NOT_CREATED)
            continue; /* its failure was said where it happened */
        if (s == SR_FILE_KEPT || (s == SR_FILE_PLANNED && f->exists))
            sr_say(out, "%s: kept the existing %s (never overwritten)", o->path, f->path);
        else
            sr_say(out, "%s: %s %s", o->path, diff_mode ? "would create" : "created", f->path);
    }
    if (o->nnotes && o->unsafe)
        sr_say(out, "%s: %zu %s, %zu not fixed, of which %zu unsafe (--unsafe-fixes applies them)",
               o->path, o->fixed, diff_mode ? "fixable" : "fixed", o->failed, o->unsafe);
    else if (o->nnotes)
        sr_say(out, "%s: %zu %s, %zu not fixed", o->path, o->fixed, diff_mode ? "fixable" : "fixed",
               o->failed);
}

void sr_fix_summary(FILE *out, const struct sr_fix_outcome *o, int diff_mode)
{
    sr_summary(out, o, diff_mode, NULL);
}

/* ---- the fix of each finding, for reports ------------------------------ */

/* The edit of fix i built alone (its own splices), in a. */
static struct sr_fix_edit *sr_edit_of(struct sr_arena *a, const struct sr_doc *doc,
                                      const struct sr_style *st, struct sr_fix *const *fixes,
                                      size_t n, size_t i)
{
    char *only = sr_arena_alloc(a, n + 1);
    only[i] = 1;
    struct sr_build b;
    if (sr_build(&b, a, doc, st, fixes, n, only) < 0 || b.splices.n == 0)
        return NULL;
    struct sr_fix_edit *ed = sr_arena_alloc(a, sizeof(*ed));
    struct sr_splice *sp = sr_arena_alloc(a, (b.splices.n + 1) * sizeof(*sp));
    for (size_t k = 0; k < b.splices.n; k++)
        sp[k] = ((struct sr_bsplice *)b.splices.v[k])->sp;
    ed->splices = sp;
    ed->nsplices = b.splices.n;
    ed->description = fixes[i]->what ? fixes[i]->what : "fix";
    ed->unsafe = fixes[i]->unsafe;
    for (size_t k = 0; k < fixes[i]->nops; k++)
        if (fixes[i]->ops[k].kind == SR_FIXOP_FILE) {
            ed->new_file = fixes[i]->ops[k].path;
            ed->new_file_text = fixes[i]->ops[k].text;
        }
    return ed;
}

size_t sr_fix_edits(struct sr_result *res, const struct sr_config *cfg)
{
    size_t count = 0;
    if (res->fix_edits_done) {
        for (size_t i = 0; i < res->nfindings; i++)
            count += res->findings[i]->edit != NULL;
        return count;
    }
    res->fix_edits_done = 1;
    if (!res->loaded)
        return 0;
    struct sr_arena *a = &res->arena;
    struct sr_fixer fx;
    sr_fixer_setup(&fx, a, res, cfg);
    struct sr_fix **fixes = sr_arena_alloc(a, (res->nfindings + 1) * sizeof(*fixes));
    size_t n = 0;
    for (size_t i = 0; i < res->nfindings; i++) {
        const struct sr_finding *f = res->findings[i];
        if (!sr_fixable(f))
            continue;
        struct sr_fix *fix = sr_arena_alloc(a, sizeof(*fix));
        fix->finding = f;
        if (sr_fix_plan_guarded(&fx, fix) == 0 && fix->nops > 0)
            fixes[n++] = fix;
    }
    if (n == 0)
        return 0;
    char *use = sr_arena_alloc(a, n + 1);
    memset(use, 1, n);
    /* Leave out fixes whose edits conflict with earlier ones; the build
     * that passes is the one verified. */
    struct sr_build built;
    for (;;) {
        struct sr_build b;
        if (sr_build(&b, a, &res->doc, &fx.st, fixes, n, use) == 0) {
            built = b;
            break;
        }
        use[b.conflict] = 0;
    }
    /* Verify them together, once; each on its own only when that fails. */
    struct sr_result after;
    const char *why = NULL;
    struct sr_run r;
    memset(&r, 0, sizeof(r));
    r.a = a;
    r.cfg = cfg;
    int rc = sr_try(&r, res, &fx.st, fixes, n, use, &built, &after, &why);
    if (rc == 0 || rc == -1)
        sr_result_release(&after);
    if (rc != 0) {
        for (size_t i = 0; i < n; i++) {
            if (!use[i])
                continue;
            char *only = sr_arena_alloc(a, n + 1);
            only[i] = 1;
            int orc = sr_try(&r, res, &fx.st, fixes, n, only, NULL, &after, &why);
            if (orc == 0 || orc == -1)
                sr_result_release(&after);
            use[i] = orc == 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!use[i])
            continue;
        struct sr_fix_edit *ed = sr_edit_of(a, &res->doc, &fx.st, fixes, n, i);
        if (!ed)
            continue;
        ((struct sr_finding *)fixes[i]->finding)->edit = ed;
        count++;
    }
    return count;
}

/* ---- writing ------------------------------------------------------------ */

/* The template's folder ("." for a bare name) into dir; the part of a new
 * file's path below it. */
static const char *sr_below(const char *tpath, const char *fpath, char *dir, size_t dn)
{
    const char *slash = strrchr(tpath, '/');
    size_t dl = slash ? (size_t)(slash - tpath) + 1 : 0;
    if (dl == 0)
        snprintf(dir, dn, ".");
    else
        snprintf(dir, dn, "%.*s", (int)(dl > 1 ? dl - 1 : 1), tpath);
    return strlen(fpath) >= dl ? fpath + dl : fpath;
}

/* Every fix that was going to be applied is not: why. */
static void sr_unfix(struct sr_fix_outcome *o, const char *why)
{
    for (size_t i = 0; i < o->nnotes; i++)
        if (o->notes[i].state == SR_FIX_FIXED) {
            o->notes[i].state = SR_FIX_REFUSED;
            o->notes[i].detail = sr_arena_strdup(o->arena, why);
            o->fixed--;
            o->failed++;
        }
}

/*
 * The template and its new files are one unit: the files are made first
 * (below the template's folder, never through a symlink), the template is
 * replaced last, and when it cannot be, the files made are removed again.
 */
/* ---- secret values masked in diffs ------------------------------------ */

#define SR_MASK "********"

/* A line of the text as read that holds a secret value, and its masked form. */
struct sr_mline {
    const char *line; /* in old_text, with its line break */
    size_t len;
    char *masked;
    size_t mlen;
};

struct sr_masked {
    char *old_text, *new_text;
    size_t old_len, new_len;
    struct sr_mline *tab; /* open addressing, cap a power of two */
    size_t cap;
};

static size_t sr_line_hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static const struct sr_mline *sr_mline_find(const struct sr_masked *m, const char *s, size_t n)
{
    if (!m->cap)
        return NULL;
    for (size_t i = sr_line_hash(s, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct sr_mline *e = &m->tab[i];
        if (!e->line)
            return NULL;
        if (e->len == n && memcmp(e->line, s, n) == 0)
            return e;
    }
}

static void sr_buf_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    size_t need = *len + n + 1;
    if (!*buf || need > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < need)
            c *= 2;
        *buf = sr_xrealloc(*buf, c);
        *cap = c;
    }
    char *b = *buf;
    if (!b)
        return;
    memcpy(b + *len, s, n);
    *len += n;
    b[*len] = '\0';
}

/*
 * The old text with every masked range replaced by SR_MASK on each line it
 * covers (line breaks kept, so lines stay lines), and the new text with
 * each line that equals a masked line of the old one masked the same way
 * (the fixer writes no secret value; an untouched line keeps its place in
 * the diff). Linear in the texts. Returns 1 when anything was masked.
 */
static int sr_mask_texts(const struct sr_fix_outcome *o, struct sr_masked *m)
{
    memset(m, 0, sizeof(*m));
    if (o->nmasks == 0)
        return 0;
    size_t cap = 0, nlines = 0;
    const char *t = o->old_text;
    size_t n = o->old_len, k = 0;
    /* Count the masked lines to size the table. */
    for (size_t pos = 0; pos < n;) {
        const char *nl = memchr(t + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - t) + 1 : n;
        while (k < o->nmasks && o->masks[k][1] <= pos)
            k++;
        if (k < o->nmasks && o->masks[k][0] < end)
            nlines++;
        pos = end;
    }
    m->cap = 16;
    while (m->cap < nlines * 2)
        m->cap *= 2;
    m->tab = sr_xcalloc(m->cap, sizeof(*m->tab));
    k = 0;
    for (size_t pos = 0; pos < n;) {
        const char *nl = memchr(t + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - t) + 1 : n;
        size_t body = end - (nl ? 1 : 0); /* the line without its break */
        if (body > pos && t[body - 1] == '\r')
            body--;
        while (k < o->nmasks && o->masks[k][1] <= pos)
            k++;
        if (!(k < o->nmasks && o->masks[k][0] < end)) {
            sr_buf_put(&m->old_text, &m->old_len, &cap, t + pos, end - pos);
            pos = end;
            continue;
        }
        /* Mask the ranges that cover this line. */
        char *ml = NULL;
        size_t mlen = 0, mcap = 0, at = pos;
        for (size_t j = k; j < o->nmasks && o->masks[j][0] < end; j++) {
            size_t s = o->masks[j][0] > at ? o->masks[j][0] : at;
            size_t e = o->masks[j][1] < body ? o->masks[j][1] : body;
            if (s >= e || s < at)
                continue;
            sr_buf_put(&ml, &mlen, &mcap, t + at, s - at);
            sr_buf_put(&ml, &mlen, &mcap, SR_MASK, sizeof(SR_MASK) - 1);
            at = e;
        }
        sr_buf_put(&ml, &mlen, &mcap, t + at, end - at);
        sr_buf_put(&m->old_text, &m->old_len, &cap, ml, mlen);
        if (!sr_mline_find(m, t + pos, end - pos)) {
            size_t i = sr_line_hash(t + pos, end - pos) & (m->cap - 1);
            while (m->tab[i].line)
                i = (i + 1) & (m->cap - 1);
            m->tab[i] = (struct sr_mline){t + pos, end - pos, ml, mlen};
        } else {
            free(ml);
        }
        pos = end;
    }
    if (!m->old_text)
        sr_buf_put(&m->old_text, &m->old_len, &cap, "", 0);
    cap = 0;
    t = o->new_text;
    n = o->new_len;
    for (size_t pos = 0; pos < n;) {
        const char *nl = memchr(t + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - t) + 1 : n;
        const struct sr_mline *e = sr_mline_find(m, t + pos, end - pos);
        if (e)
            sr_buf_put(&m->new_text, &m->new_len, &cap, e->masked, e->mlen);
        else
            sr_buf_put(&m->new_text, &m->new_len, &cap, t + pos, end - pos);
        pos = end;
    }
    if (!m->new_text)
        sr_buf_put(&m->new_text, &m->new_len, &cap, "", 0);
    return 1;
}

static void sr_masked_release(struct sr_masked *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->tab[i].masked);
    free(m->tab);
    free(m->old_text);
    free(m->new_text);
    memset(m, 0, sizeof(*m));
}

int sr_fix_commit(struct sr_fix_outcome *o, const char *root, int diff_mode, FILE *out, FILE *err)
{
    int rc = 0;
    int changed = o->new_len != o->old_len || memcmp(o->new_text, o->old_text, o->old_len) != 0;
    char dir[4096], msg[600], why[900];
    enum sr_file_state *states = sr_xcalloc(o->nfiles + 1, sizeof(*states));
    if (diff_mode) {
        /* --fix would refuse the whole file when a new file cannot be made. */
        for (size_t i = 0; i < o->nfiles && rc == 0; i++) {
            const char *rel = sr_below(o->path, o->files[i].path, dir, sizeof(dir));
            int p = sr_atomic_probe_below(dir, rel, msg, sizeof(msg));
            if (p < 0) {
                sr_say(err, "%s: --fix would write nothing: cannot create %s: %s", o->path,
                       o->files[i].path, msg);
                snprintf(why, sizeof(why), "cannot create %s: %s", o->files[i].path, msg);
                sr_unfix(o, why);
                for (size_t k = 0; k < o->nfiles; k++)
                    states[k] = SR_FILE_NOT_CREATED;
                rc = -1;
            } else if (p == 1) {
                states[i] = SR_FILE_KEPT;
            }
        }
        struct sr_masked m;
        if (rc == 0 && changed && !o->show_secrets && sr_mask_texts(o, &m)) {
            sr_say(out,
                   "# secrot-lint: secret values in %s are masked as %s (--show-secrets shows "
                   "them; --fix writes the real text)",
                   o->path, SR_MASK);
            if (ferror(out) ||
                sr_diff_write(out, o->path, m.old_text, m.old_len, m.new_text, m.new_len) < 0)
                rc = -2;
            sr_masked_release(&m);
        } else if (rc == 0 && changed &&
                   sr_diff_write(out, o->path, o->old_text, o->old_len, o->new_text, o->new_len) <
                       0) {
            rc = -2;
        }
        for (size_t i = 0; i < o->nfiles && rc == 0; i++)
            if (!o->files[i].exists && states[i] != SR_FILE_KEPT &&
                sr_diff_write(out, o->files[i].path, NULL, 0, o->files[i].text,
                              strlen(o->files[i].text)) < 0)
                rc = -2;
        if (rc == -2)
            sr_say(err, "secrot-lint: writing the diff failed");
    } else {
        struct sr_atomic_undo undo = {0};
        /* The template's lock is held from before the files are made until
         * it is replaced: a concurrent fixer of it waits, then finds it
         * changed and makes nothing. */
        struct sr_atomic_lock lk;
        int locked = 0;
        if (changed) {
            if (sr_atomic_lock(&lk, o->path, root, o->old_text, o->old_len, msg, sizeof(msg)) < 0) {
                sr_say(err, "%s: not written: %s", o->path, msg);
                snprintf(why, sizeof(why), "not written: %s", msg);
                rc = -1;
            } else {
                locked = 1;
            }
        }
        for (size_t i = 0; i < o->nfiles && rc == 0; i++) {
            const char *rel = sr_below(o->path, o->files[i].path, dir, sizeof(dir));
            int c = sr_atomic_create_below(dir, rel, o->files[i].text, strlen(o->files[i].text),
                                           &undo, msg, sizeof(msg));
            if (c < 0) {
                sr_say(err, "%s: not written: cannot create %s: %s", o->path, o->files[i].path,
                       msg);
                snprintf(why, sizeof(why), "not written: cannot create %s: %s", o->files[i].path,
                         msg);
                rc = -1;
            } else {
                states[i] = c == 1 ? SR_FILE_KEPT : SR_FILE_CREATED;
            }
        }
        if (rc == 0 && locked &&
            sr_atomic_commit(&lk, o->new_text, o->new_len, msg, sizeof(msg)) < 0) {
            sr_say(err, "%s: not written: %s", o->path, msg);
            snprintf(why, sizeof(why), "not written: %s", msg);
            rc = -1;
        }
        if (rc < 0) {
            /* Nothing of this fix stays: the files made go again. */
            if (sr_atomic_undo_run(&undo, msg, sizeof(msg)) < 0)
                sr_say(err, "%s: %s", o->path, msg);
            for (size_t i = 0; i < o->nfiles; i++)
                if (states[i] != SR_FILE_KEPT)
                    states[i] = SR_FILE_NOT_CREATED;
            sr_unfix(o, why);
        }
        if (locked)
            sr_atomic_unlock(&lk);
        sr_atomic_undo_release(&undo);
    }
    sr_summary(err, o, diff_mode, states);
    free(states);
    return rc < 0 ? -1 : 0;
}

/* ---- fixes planned by hand ---------------------------------------------- */

int sr_fix_apply(struct sr_arena *a, const struct sr_result *res, const struct sr_config *cfg,
                 struct sr_fix *const *fixes, size_t n, struct sr_result *after, const char **why)
{
    memset(after, 0, sizeof(*after));
    if (!res->loaded) {
        *why = "the file does not parse";
        return -1;
    }
    struct sr_fixer fx;
    sr_fixer_setup(&fx, a, res, cfg);
    for (size_t i = 0; i < n; i++)
        if (sr_fix_guard_ops(&fx, fixes[i]) < 0) {
            *why = fixes[i]->refused;
            return -1;
        }
    struct sr_style st;
    sr_style_detect(&res->doc, &st);
    char *use = sr_arena_alloc(a, n + 1);
    memset(use, 1, n);
    struct sr_build b;
    if (sr_build(&b, a, &res->doc, &st, fixes, n, use) < 0) {
        *why = b.why;
        return -1;
    }
    size_t len;
    char *text = sr_apply(&res->doc, &b, &len);
    if (sr_verify(a, res, text, len, cfg, fixes, n, use, after, why) < 0) {
        sr_result_release(after);
        return -1;
    }
    return 0;
}

void sr_fixer_init(struct sr_fixer *fx, struct sr_arena *a, const struct sr_result *res,
                   const struct sr_config *cfg)
{
    sr_fixer_setup(fx, a, res, cfg);
}
