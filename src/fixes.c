/*
 * fixes.c - one planner per fixable rule: from a finding (its rule, node
 * and resource) and the graph to fix operations (fix.h). Planners read,
 * never write; the fixer renders, applies and verifies what they plan, so a
 * planner may be bold: a plan that does not remove its finding, or adds
 * another, is refused by the re-lint. Each planner says in fix->what what
 * it did, or in fix->refused why it cannot.
 *
 * To add a planner: write sr<ID>_plan() and add it to sr_planners[] below.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "fix.h"
#include "iam.h"
#include "scaffold.h"

/* ---- shared helpers ----------------------------------------------------- */

static struct sr_resource *sr_res_of(struct sr_fixer *fx, const struct sr_fix *fix)
{
    const struct sr_finding *f = fix->finding;
    return f->resource ? sr_graph_find(fx->g, f->resource) : NULL;
}

static int sr_is_function(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

/* The Properties mapping of a resource as written (no SAM merge). */
static const struct sr_node *sr_own_props(const struct sr_resource *r)
{
    const struct sr_node *p = r && r->node ? sr_map_get(r->node, "Properties") : NULL;
    return p && p->kind == SR_MAP ? p : NULL;
}

/* Sets Properties/key = v on a resource (creating Properties if needed). */
static void sr_set_prop(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *r,
                        const char *key, struct sr_fv *v)
{
    struct sr_fv *m = sr_fv_map(fx->a);
    sr_fv_put(fx->a, m, key, v);
    sr_fix_set(fx, fix, r->node, "Properties", m);
}

/* The key node under which n is a value, or NULL. */
static const struct sr_node *sr_key_of(const struct sr_node *n)
{
    const struct sr_node *p = n ? n->parent : NULL;
    if (!p || p->kind != SR_MAP)
        return NULL;
    for (size_t i = 0; i < p->n; i++)
        if (p->items[2 * i + 1] == n)
            return p->items[2 * i];
    return NULL;
}

static int sr_literal(const struct sr_node *n)
{
    struct sr_intrinsic in;
    return n && n->kind == SR_SCALAR && !n->tag && !sr_intrinsic_get(n, &in);
}

/* The string of a one-string Fn::Sub (!Sub 's' or {Fn::Sub: s}), or NULL. */
static const char *sr_sub_string(const struct sr_node *v)
{
    struct sr_intrinsic in;
    if (!sr_intrinsic_get(v, &in) || in.fn != SR_FN_SUB || !in.arg || in.arg->kind != SR_SCALAR)
        return NULL;
    return in.arg->str;
}

/* The first secret rotated by function fn, or NULL. */
static const struct sr_resource *sr_rotated_secret(const struct sr_resource *fn)
{
    for (size_t i = 0; i < fn->rotating_schedules.n; i++) {
        const struct sr_resource *sc = fn->rotating_schedules.v[i];
        if (sc->secret)
            return sc->secret;
    }
    return NULL;
}

/* The rotation function a finding is about: the resource itself, or the
 * function using the role the finding is in. */
static struct sr_resource *sr_rotation_fn_of(struct sr_fixer *fx, const struct sr_fix *fix)
{
    struct sr_resource *r = sr_res_of(fx, fix);
    if (sr_is_function(r))
        return r;
    for (size_t i = 0; r && i < fx->g->nres; i++) {
        struct sr_resource *fn = fx->g->res[i];
        if (sr_is_function(fn) && fn->rotating_schedules.n && fn->role == r)
            return fn;
    }
    return NULL;
}

/* ---- SR101: scaffold rotation ------------------------------------------- */

static const char *sr_target_type(const struct sr_resource *db)
{
    switch (db->kind) {
    case SR_R_DB_INSTANCE:
        return "AWS::RDS::DBInstance";
    case SR_R_DB_CLUSTER:
        return "AWS::RDS::DBCluster";
    case SR_R_REDSHIFT:
        return "AWS::Redshift::Cluster";
    case SR_R_DOCDB_INSTANCE:
        return "AWS::DocDB::DBInstance";
    case SR_R_DOCDB_CLUSTER:
        return "AWS::DocDB::DBCluster";
    default:
        return NULL;
    }
}

struct sr_dbhit {
    const struct sr_resource *secret;
    int hit;
};

static int sr_dbhit_ref(const struct sr_graph *g, const struct sr_val *ref, void *arg)
{
    (void)g;
    struct sr_dbhit *h = arg;
    const struct sr_resource *r = ref->res;
    for (int i = 0; r && i < 4 && r->kind != SR_R_SECRET; i++)
        r = r->secret;
    if (r && r == h->secret)
        h->hit = 1;
    return 0;
}

static const struct sr_resource *sr_db_of(const struct sr_graph *g, const struct sr_resource *s)
{
    if (s->database)
        return s->database;
    for (size_t i = 0; i < g->nres; i++) {
        const struct sr_resource *r = g->res[i];
        if (!sr_target_type(r))
            continue;
        struct sr_dbhit h = {s, 0};
        sr_graph_each_ref(g, sr_res_prop(r, "MasterUserPassword"), sr_dbhit_ref, &h);
        if (h.hit)
            return r;
    }
    return NULL;
}

static int sr101_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *s = sr_res_of(fx, fix);
    if (!s || s->kind != SR_R_SECRET || !s->node)
        return sr_fix_refuse(fx, fix, "the finding is not on a secret of the template");
    if (s->schedules.n > 0)
        return sr_fix_refuse(fx, fix,
                             "its RotationSchedule exists only under a condition: give the "
                             "schedule the secret's condition");
    const char *cls = sr_scaffold_class(fx->g, s);
    const struct sr_secret_class *c = fx->cfg ? sr_config_class(fx->cfg, cls) : NULL;
    if (c && c->external)
        return sr_fix_refuse(fx, fix,
                             "the secret is of external class '%s': review the exception and "
                             "its review_by date in the policy file",
                             cls);
    struct sr_scaffold o;
    memset(&o, 0, sizeof(o));
    o.secret = s->id;
    o.condition = s->condition;
    o.cls = cls;
    o.db = sr_db_of(fx->g, s);
    o.kms_arn = sr_scaffold_kms_arn(fx, s);
    if (o.db && sr_scaffold_hosted_type(o.db, NULL)) {
        if (s->attachments.n) {
            o.attachment = ((const struct sr_resource *)s->attachments.v[0])->id;
        } else {
            struct sr_arena *a = fx->a;
            const char *id = sr_fix_new_id(fx, sr_arena_printf(a, "%sTargetAttachment", s->id));
            struct sr_fv *r = sr_fv_map(a);
            sr_fv_put(a, r, "Type", sr_fv_str(a, "AWS::SecretsManager::SecretTargetAttachment"));
            if (s->condition)
                sr_fv_put(a, r, "Condition", sr_fv_str(a, s->condition));
            struct sr_fv *p = sr_fv_map(a);
            sr_fv_put(a, p, "SecretId", sr_fv_ref(a, s->id));
            sr_fv_put(a, p, "TargetId", sr_fv_ref(a, o.db->id));
            sr_fv_put(a, p, "TargetType", sr_fv_str(a, sr_target_type(o.db)));
            sr_fv_put(a, r, "Properties", p);
            sr_fix_add_resource(fx, fix, id, r);
            o.attachment = id;
        }
    } else {
        o.db = NULL;
    }
    return sr_scaffold_rotation(fx, fix, &o);
}

/* ---- SR102: interval -------------------------------------------------- */

static int sr_managed_secret(const struct sr_graph *g, const struct sr_resource *sched)
{
    struct sr_val v;
    return sr_graph_value(g, sched->secret_at, &v) == SR_VAL_RESOURCE && v.attr &&
           (!strcmp(v.attr, "MasterUserSecret.SecretArn") ||
            !strcmp(v.attr, "MasterPasswordSecretArn"));
}

static int sr102_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *sc = sr_res_of(fx, fix);
    const struct sr_node *v = fix->finding->node;
    const struct sr_node *k = sr_key_of(v);
    if (!sc || sc->kind != SR_R_SCHEDULE || !k || !sr_literal(v))
        return sr_fix_refuse(fx, fix, "the interval is not a literal of a RotationSchedule");
    const char *cls =
        sr_managed_secret(fx->g, sc) ? "database" : sr_scaffold_class(fx->g, sc->secret);
    int days = sr_scaffold_days(fx->cfg, cls);
    struct sr_arena *a = fx->a;
    if (sr_scalar_eq(k, "AutomaticallyAfterDays")) {
        sr_fix_replace(fx, fix, v, sr_fv_num(a, days));
        fix->what = sr_arena_printf(a, "set AutomaticallyAfterDays to %d (class '%s')", days, cls);
        return 0;
    }
    if (!sr_scalar_eq(k, "ScheduleExpression"))
        return sr_fix_refuse(fx, fix, "the finding is not on an interval");
    const char *e = v->str;
    const char *nv = NULL;
    if (!strncmp(e, "rate(", 5)) {
        nv = sr_arena_printf(a, "rate(%d day%s)", days, days == 1 ? "" : "s");
    } else if (!strncmp(e, "cron(", 5)) {
        /* Keep the hour of the window; fire on day 1 and every `days`
         * days after it in each month (never more than `days` apart). */
        char f[6][64];
        int nf = 0;
        const char *p = e + 5;
        while (*p && *p != ')' && nf < 6) {
            while (*p == ' ')
                p++;
            size_t l = 0;
            while (p[l] && p[l] != ' ' && p[l] != ')')
                l++;
            if (l == 0 || l >= sizeof(f[0]))
                break;
            memcpy(f[nf], p, l);
            f[nf][l] = '\0';
            nf++;
            p += l;
        }
        if (nf != 6)
            return sr_fix_refuse(fx, fix, "cannot read the cron() expression");
        if (days >= 31)
            nv = sr_arena_printf(a, "cron(%s %s 1 * ? *)", f[0], f[1]);
        else
            nv = sr_arena_printf(a, "cron(%s %s 1/%d * ? *)", f[0], f[1], days);
    } else {
        return sr_fix_refuse(fx, fix, "the ScheduleExpression is neither rate() nor cron()");
    }
    sr_fix_replace(fx, fix, v, sr_fv_str(a, nv));
    fix->what = sr_arena_printf(a, "set ScheduleExpression to %s (class '%s' allows %d days)", nv,
                                cls, days);
    return 0;
}

/* ---- SR103: keep ScheduleExpression ------------------------------------- */

static int sr103_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *sc = sr_res_of(fx, fix);
    const struct sr_node *props = sr_own_props(sc);
    const struct sr_node *rules = props ? sr_map_get(props, "RotationRules") : NULL;
    const struct sr_node *raw = NULL;
    for (size_t i = 0; props && i < props->n; i++)
        if (sr_scalar_eq(props->items[2 * i], "RotationRules"))
            raw = props->items[2 * i + 1];
    if (!rules || raw != rules || rules->kind != SR_MAP)
        return sr_fix_refuse(fx, fix, "RotationRules is not a mapping written in the resource");
    sr_fix_delete(fx, fix, rules, "AutomaticallyAfterDays");
    fix->what = "removed AutomaticallyAfterDays, kept ScheduleExpression";
    return 0;
}

/* ---- SR107 / SR109 / SR112: the rotation function ----------------------- */

/*
 * A schedule names a rotation function the template does not define (the
 * seed's RotationLambda): define it under that name, with its own least
 * privilege, the permission, an alarm unless one already refers to the
 * name, and `!GetAtt Name.FunctionName` (no such attribute) made `!Ref`.
 */
static int sr107_define(struct sr_fixer *fx, struct sr_fix *fix, struct sr_resource *sc,
                        const char *name)
{
    struct sr_arena *a = fx->a;
    if (!sc->secret)
        return sr_fix_refuse(fx, fix,
                             "function %s is not defined and the schedule's secret is not a "
                             "resource of the template",
                             name);
    if (sr_graph_parameter(fx->g, name) || sr_is_pseudo(name))
        return sr_fix_refuse(fx, fix, "%s is a parameter, not a function", name);
    struct sr_scaffold o;
    memset(&o, 0, sizeof(o));
    o.secret = sc->secret->id;
    o.condition = sc->condition;
    o.kms_arn = sr_scaffold_kms_arn(fx, sc->secret);
    o.function = name;
    sr_ptrvec_push(a, &fx->taken, (void *)name);
    const char *role = NULL;
    if (!sr_scaffold_function(fx, fix, &o, &role))
        return -1;
    const char *perm = sr_scaffold_permission(fx, fix, o.secret, name, o.condition);
    int watched = 0;
    for (size_t i = 0; i < fx->g->edges.n; i++) {
        const struct sr_edge *e = fx->g->edges.v[i];
        if (!e->to || strcmp(e->to, name) != 0)
            continue;
        if (e->from && e->from->kind == SR_R_ALARM)
            watched = 1;
        struct sr_intrinsic in;
        const struct sr_node *at = e->at;
        /* !GetAtt X.FunctionName: the name is what !Ref gives. */
        for (int d = 0; at && d < 3; d++, at = at->parent) {
            if (sr_intrinsic_get(at, &in) && in.fn == SR_FN_GETATT) {
                struct sr_getatt ga;
                if (sr_getatt_parse(a, &in, &ga) == 0 && ga.attr &&
                    !strcmp(ga.attr, "FunctionName"))
                    sr_fix_replace(fx, fix, in.at, sr_fv_ref(a, name));
                break;
            }
        }
    }
    const char *alarm = watched ? NULL : sr_scaffold_alarm(fx, fix, o.secret, name, o.condition);
    fix->what = sr_arena_printf(a,
                                "defined the missing rotation function %s (handler skeleton "
                                "%slambda_function.py: write its service-specific steps), %s%s%s",
                                name, sr_scaffold_handler_dir(a, o.secret), perm, alarm ? ", " : "",
                                alarm ? alarm : "");
    return 0;
}

static int sr107_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_res_of(fx, fix);
    if (fn && fn->kind == SR_R_SCHEDULE) {
        struct sr_val v;
        if (sr_graph_value(fx->g, fix->finding->node, &v) == SR_VAL_UNKNOWN && v.name)
            return sr107_define(fx, fix, fn, v.name);
    }
    if (!sr_is_function(fn) || !fn->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    const struct sr_resource *s = sr_rotated_secret(fn);
    const char *id = sr_scaffold_permission(fx, fix, s ? s->id : fn->id, fn->id, fn->condition);
    fix->what = sr_arena_printf(fx->a,
                                "added %s: secretsmanager.amazonaws.com may invoke %s from this "
                                "account (SourceAccount)",
                                id, fn->id);
    return 0;
}

static int sr109_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_res_of(fx, fix);
    if (!sr_is_function(fn) || !fn->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    const struct sr_resource *s = sr_rotated_secret(fn);
    const char *topic = sr_scaffold_topic(fx, fix);
    const char *id = sr_scaffold_alarm(fx, fix, s ? s->id : fn->id, fn->id, fn->condition);
    fix->what = sr_arena_printf(fx->a, "added %s on the Errors of %s, notifying parameter %s", id,
                                fn->id, topic);
    return 0;
}

static int sr112_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_res_of(fx, fix);
    if (!sr_is_function(fn) || !fn->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    int t = fx->cfg && fx->cfg->min_timeout > 0 ? fx->cfg->min_timeout : 30;
    sr_set_prop(fx, fix, fn, "Timeout", sr_fv_num(fx->a, t));
    fix->what = sr_arena_printf(fx->a, "set Timeout of %s to %d seconds", fn->id, t);
    return 0;
}

/* ---- SR108: the transform ----------------------------------------------- */

static int sr108_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *t = sr_map_get(fx->doc->root, "Transform");
    if (t && t->kind != SR_SCALAR && t->kind != SR_SEQ)
        return sr_fix_refuse(fx, fix, "Transform is neither a name nor a list");
    sr_fix_add_transform(fx, fix, "AWS::SecretsManager-2024-09-16");
    fix->what = t && t->kind == SR_SCALAR ? "made Transform a list: the existing transform, then "
                                            "AWS::SecretsManager-2024-09-16"
                                          : "added the AWS::SecretsManager-2024-09-16 transform";
    return 0;
}

/* ---- SR202 / SR203 / SR205: policies of rotation roles ------------------ */

static struct sr_fv *sr_allow(struct sr_arena *a, struct sr_fv *actions, struct sr_fv *res)
{
    struct sr_fv *s = sr_fv_map(a);
    sr_fv_put(a, s, "Effect", sr_fv_str(a, "Allow"));
    sr_fv_put(a, s, "Action", actions);
    sr_fv_put(a, s, "Resource", res);
    return s;
}

/* The one secret a statement of this resource is meant for, or NULL. */
static const struct sr_resource *sr_meant_secret(struct sr_fixer *fx, const struct sr_resource *r)
{
    const struct sr_ptrvec *sv = &fx->g->by_kind[SR_R_SECRET];
    if (sv->n == 1)
        return sv->v[0];
    const struct sr_resource *found = NULL;
    for (size_t i = 0; r && i < fx->g->nres; i++) {
        const struct sr_resource *fn = fx->g->res[i];
        if (!sr_is_function(fn) || (fn != r && fn->role != r))
            continue;
        for (size_t k = 0; k < fn->rotating_schedules.n; k++) {
            const struct sr_resource *s =
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

static int sr202_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *r = sr_res_of(fx, fix);
    const struct sr_node *v = fix->finding->node;
    if (!v || !v->parent)
        return sr_fix_refuse(fx, fix, "the finding has no Resource value to change");
    const struct sr_resource *s = sr_meant_secret(fx, r);
    if (!s)
        return sr_fix_refuse(fx, fix,
                             "the template has several secrets and the statement does not say "
                             "which one it means: scope Resource by hand");
    struct sr_arena *a = fx->a;
    sr_fix_replace(fx, fix, v, sr_fv_ref(a, s->id));
    /* Actions that take no resource (GetRandomPassword) keep "*" in a
     * statement of their own. */
    const struct sr_node *stmt = v->parent->kind == SR_SEQ ? v->parent->parent : v->parent;
    const struct sr_node *acts = sr_map_get(stmt, "Action");
    const struct sr_node *list = stmt ? stmt->parent : NULL;
    struct sr_fv *keep = sr_fv_seq(a), *moved = sr_fv_seq(a);
    for (size_t i = 0; acts && acts->kind == SR_SEQ && i < acts->n; i++) {
        const struct sr_node *it = acts->items[i];
        if (it->kind == SR_SCALAR && !strcasecmp(it->str, "secretsmanager:GetRandomPassword"))
            sr_fv_push(a, moved, sr_fv_str(a, it->str));
        else
            sr_fv_push(a, keep, sr_fv_raw(a, it));
    }
    if (moved->n && keep->n && list && list->kind == SR_SEQ) {
        sr_fix_replace(fx, fix, acts, keep);
        sr_fix_append(fx, fix, list,
                      sr_allow(a, moved->n == 1 ? moved->items[0] : moved, sr_fv_str(a, "*")));
        fix->what = sr_arena_printf(a,
                                    "scoped the Resource to secret %s and moved "
                                    "GetRandomPassword (no resource) to a statement on \"*\"",
                                    s->id);
        return 0;
    }
    fix->what = sr_arena_printf(a, "scoped the Resource to secret %s", s->id);
    return 0;
}

/*
 * Adds statements to the policies of fn's role: SAM functions with the
 * implicit role get a Policies entry, template roles a new inline policy.
 */
static int sr_grant(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                    const char *policy_name, struct sr_fv *statements)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *doc = sr_fv_map(a);
    sr_fv_put(a, doc, "Version", sr_fv_str(a, "2012-10-17"));
    sr_fv_put(a, doc, "Statement", statements);
    const struct sr_resource *owner;
    struct sr_fv *entry;
    if (fn->kind == SR_R_SAM_FUNCTION && fn->role && fn->role->implicit) {
        owner = fn;
        entry = doc;
    } else if (fn->role && !fn->role->implicit && fn->role->node && fn->role->kind == SR_R_ROLE) {
        owner = fn->role;
        entry = sr_fv_map(a);
        const struct sr_node *pols = sr_map_get(sr_own_props(owner), "Policies");
        const char *name = policy_name;
        for (int i = 2; i < 100; i++) {
            int used = 0;
            for (size_t k = 0; sr_is_seq(pols) && k < sr_deref(pols)->n; k++)
                if (sr_scalar_eq(sr_map_get(sr_seq_item(pols, k), "PolicyName"), name))
                    used = 1;
            if (!used)
                break;
            name = sr_arena_printf(a, "%s%d", policy_name, i);
        }
        sr_fv_put(a, entry, "PolicyName", sr_fv_str(a, name));
        sr_fv_put(a, entry, "PolicyDocument", doc);
    } else {
        return sr_fix_refuse(
            fx, fix, "the role of %s is not defined in this template: grant it there", fn->id);
    }
    const struct sr_node *props = sr_own_props(owner);
    const struct sr_node *pols = props ? sr_map_get(props, "Policies") : NULL;
    const struct sr_node *raw = NULL;
    for (size_t i = 0; props && i < props->n; i++)
        if (sr_scalar_eq(props->items[2 * i], "Policies"))
            raw = props->items[2 * i + 1];
    if (!pols) {
        sr_set_prop(fx, fix, owner, "Policies", sr_fv_push(a, sr_fv_seq(a), entry));
    } else if (raw != pols) {
        return sr_fix_refuse(fx, fix, "Policies of %s is a YAML alias", owner->id);
    } else if (pols->kind == SR_SEQ) {
        sr_fix_append(fx, fix, pols, entry);
    } else if (pols->kind == SR_SCALAR && owner->kind == SR_R_SAM_FUNCTION && !pols->tag) {
        struct sr_fv *l = sr_fv_seq(a);
        sr_fv_push(a, l, sr_fv_raw(a, pols));
        sr_fv_push(a, l, entry);
        sr_fix_replace(fx, fix, pols, l);
    } else {
        return sr_fix_refuse(fx, fix, "Policies of %s is not a list", owner->id);
    }
    return 0;
}

static const char *const sr_rotation_actions[] = {
    "secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"};

static int sr203_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_rotation_fn_of(fx, fix);
    if (!fn)
        return sr_fix_refuse(fx, fix, "cannot tell which rotation function the role serves");
    struct sr_iam_model *m = sr_iam_build(fx->g);
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
            sr_fv_push(a, stmts, sr_allow(a, acts, sr_fv_ref(a, s->id)));
            names = names ? sr_arena_printf(a, "%s, %s", names, s->id) : s->id;
        }
    }
    struct sr_iam_target none = {NULL, NULL};
    if (sr_iam_function_can(m, fn, "secretsmanager:GetRandomPassword", &none) == SR_NO)
        sr_fv_push(
            a, stmts,
            sr_allow(a, sr_fv_str(a, "secretsmanager:GetRandomPassword"), sr_fv_str(a, "*")));
    if (stmts->n == 0)
        return sr_fix_refuse(fx, fix, "no missing action could be named");
    if (sr_grant(fx, fix, fn, "SecretRotation", stmts) < 0)
        return -1;
    fix->what = sr_arena_printf(a, "granted %s the rotation actions it lacked%s%s", fn->id,
                                names ? " on " : "", names ? names : "");
    return 0;
}

static int sr205_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_rotation_fn_of(fx, fix);
    if (!fn)
        return sr_fix_refuse(fx, fix, "cannot tell which rotation function the role serves");
    struct sr_iam_model *m = sr_iam_build(fx->g);
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
            sr_fv_push(a, stmts, sr_allow(a, acts, arn));
    }
    if (stmts->n == 0)
        return sr_fix_refuse(fx, fix, "the key of the secret cannot be named in a policy");
    if (sr_grant(fx, fix, fn, "SecretKeyAccess", stmts) < 0)
        return -1;
    fix->what = sr_arena_printf(a,
                                "granted %s kms:Decrypt and kms:GenerateDataKey on the "
                                "secret's key",
                                fn->id);
    return 0;
}

/* ---- SR210: SourceAccount ----------------------------------------------- */

static int sr210_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *p = sr_res_of(fx, fix);
    if (!p || p->kind != SR_R_PERMISSION || !p->node)
        return sr_fix_refuse(fx, fix, "the finding is not on a Lambda permission");
    sr_set_prop(fx, fix, p, "SourceAccount", sr_fv_ref(fx->a, "AWS::AccountId"));
    fix->what = "set SourceAccount to !Ref AWS::AccountId";
    return 0;
}

/* ---- SR213: name the rotation function ---------------------------------- */

static int sr213_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = sr_res_of(fx, fix);
    const struct sr_node *v = fix->finding->node;
    if (!sr_is_function(fn) || !fn->node || !v)
        return sr_fix_refuse(fx, fix, "the policy is not in a function of the template");
    struct sr_arena *a = fx->a;
    const struct sr_node *own = sr_res_prop(fn, "FunctionName");
    if (own && !sr_literal(own))
        return sr_fix_refuse(fx, fix,
                             "the function's name is computed: name it in the policy "
                             "by hand");
    const char *name = own ? own->str : NULL;
    if (!name) {
        /* The name the policy already uses, unless another function has it. */
        name = sr_literal(v) ? v->str : fn->id;
        for (size_t i = 0; i < fx->g->nres; i++) {
            const struct sr_resource *o = fx->g->res[i];
            const char *on = sr_iam_function_name(o);
            if (o != fn && sr_is_function(o) && on && !strcmp(on, name))
                name = fn->id;
        }
        sr_set_prop(fx, fix, fn, "FunctionName", sr_fv_str(a, name));
    }
    if (!sr_literal(v) || strcmp(v->str, name) != 0)
        sr_fix_replace(fx, fix, v, sr_fv_str(a, name));
    fix->what = own ? sr_arena_printf(a, "named the function '%s' in the policy", name)
                    : sr_arena_printf(a,
                                      "named function %s '%s' (FunctionName) and used that name "
                                      "in the policy (function names must be unique in the "
                                      "account and region)",
                                      fn->id, name);
    return 0;
}

/* ---- new secrets (SR301, SR302) ----------------------------------------- */

/*
 * Adds a generated secret `id` (Retain, a customer managed key, the
 * policy's length) with its rotation; *arn is its key's ARN for grants.
 * token: an API key (class api-key, no punctuation). fix->what is set to
 * the rotation's description.
 */
static int sr_new_secret(struct sr_fixer *fx, struct sr_fix *fix, const char *id, const char *desc,
                         const char *condition, int token, struct sr_fv **arn)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *kms = NULL;
    const char *err = NULL;
    if (sr_scaffold_secret_key(fx, fix, NULL, &kms, arn, &err) < 0)
        return sr_fix_refuse(fx, fix, "%s", err);
    int len = fx->cfg && fx->cfg->min_password_length > 32 ? fx->cfg->min_password_length : 32;
    struct sr_fv *gen = sr_fv_map(a);
    sr_fv_put(a, gen, "PasswordLength", sr_fv_num(a, len));
    if (token)
        sr_fv_put(a, gen, "ExcludePunctuation", sr_fv_bool(a, 1));
    else
        sr_fv_put(a, gen, "ExcludeCharacters", sr_fv_str(a, "\"'@/\\:;?#%&+=,`"));
    struct sr_fv *props = sr_fv_map(a);
    sr_fv_put(a, props, "Description", sr_fv_str(a, desc));
    sr_fv_put(a, props, "KmsKeyId", kms);
    sr_fv_put(a, props, "GenerateSecretString", gen);
    if (token) {
        struct sr_fv *tag = sr_fv_map(a);
        sr_fv_put(a, tag, "Key", sr_fv_str(a, "secrot-lint:class"));
        sr_fv_put(a, tag, "Value", sr_fv_str(a, "api-key"));
        sr_fv_put(a, props, "Tags", sr_fv_push(a, sr_fv_seq(a), tag));
    }
    struct sr_fv *res = sr_fv_map(a);
    sr_fv_put(a, res, "Type", sr_fv_str(a, "AWS::SecretsManager::Secret"));
    if (condition)
        sr_fv_put(a, res, "Condition", sr_fv_str(a, condition));
    sr_fv_put(a, res, "DeletionPolicy", sr_fv_str(a, "Retain"));
    sr_fv_put(a, res, "UpdateReplacePolicy", sr_fv_str(a, "Retain"));
    sr_fv_put(a, res, "Properties", props);
    sr_fix_add_resource(fx, fix, id, res);
    struct sr_scaffold o;
    memset(&o, 0, sizeof(o));
    o.secret = id;
    o.condition = condition;
    o.kms_arn = *arn;
    o.cls = token ? "api-key" : "default";
    return sr_scaffold_rotation(fx, fix, &o);
}

/* FOO_BAR -> FooBar */
static const char *sr_camel(struct sr_arena *a, const char *s)
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

/* ---- SR301: credential properties --------------------------------------- */

/* The credential goes into a new rotated secret, read by a dynamic reference. */
static int sr301_secret(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *r,
                        const struct sr_node *v, const struct sr_node *k)
{
    if (!r || !r->node || !sr_literal(v) || !v->parent)
        return sr_fix_refuse(fx, fix,
                             "the credential is not a plain value of a resource: store it in a "
                             "secret (secrot-lint add-secret) and use a dynamic reference");
    struct sr_arena *a = fx->a;
    const char *prop = k && k->kind == SR_SCALAR ? k->str : "Credential";
    const char *id = sr_fix_new_id(fx, sr_arena_printf(a, "%s%sSecret", r->id, sr_camel(a, prop)));
    struct sr_fv *arn = NULL;
    const char *desc = sr_arena_printf(a, "%s of %s", prop, r->id);
    if (sr_new_secret(fx, fix, id, desc, r->condition, 0, &arn) < 0)
        return -1;
    sr_fix_replace(fx, fix, v,
                   sr_fv_sub(a, sr_arena_printf(a, "{{resolve:secretsmanager:${%s}}}", id)));
    fix->what = sr_arena_printf(a,
                                "moved %s of %s into the new secret %s (generated: put the "
                                "current value in, or let the service take the new one), read "
                                "with a dynamic reference; %s",
                                prop, r->id, id, fix->what);
    return 0;
}

static int sr301_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *r = sr_res_of(fx, fix);
    const struct sr_node *v = fix->finding->node;
    const struct sr_node *props = sr_own_props(r);
    const struct sr_node *k = sr_key_of(v);
    const char *managed = NULL;
    if (!r || !props || !k || v->parent != props || !sr_scalar_eq(k, "MasterUserPassword"))
        return sr301_secret(fx, fix, r, v, k);
    if (r->kind == SR_R_DB_INSTANCE || r->kind == SR_R_DB_CLUSTER || r->kind == SR_R_DOCDB_CLUSTER)
        managed = "ManageMasterUserPassword";
    else if (r->kind == SR_R_REDSHIFT)
        managed = "ManageMasterPassword";
    if (!managed)
        return sr301_secret(fx, fix, r, v, k);
    sr_fix_delete(fx, fix, props, "MasterUserPassword");
    sr_set_prop(fx, fix, r, managed, sr_fv_bool(fx->a, 1));
    fix->what = sr_arena_printf(fx->a,
                                "removed MasterUserPassword and set %s: true (the service keeps "
                                "the password in Secrets Manager and rotates it)",
                                managed);
    return 0;
}

/* ---- SR308: GenerateSecretString ---------------------------------------- */

static int sr_cred_key(const char *k)
{
    static const char *const words[] = {"password", "passwd",  "secret", "token",
                                        "apikey",   "api_key", "key",    "pwd"};
    char low[64];
    size_t n = 0;
    for (; n < sizeof(low) - 1 && k[n]; n++)
        low[n] = (char)tolower((unsigned char)k[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}

static int sr308_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *s = sr_res_of(fx, fix);
    const struct sr_node *props = sr_own_props(s);
    const struct sr_node *ss = props ? sr_map_get(props, "SecretString") : NULL;
    if (!s || s->kind != SR_R_SECRET || !ss || !sr_literal(ss))
        return sr_fix_refuse(fx, fix, "SecretString is not a literal of the secret");
    if (sr_map_get(props, "GenerateSecretString"))
        return sr_fix_refuse(fx, fix, "the secret sets GenerateSecretString too");
    struct sr_arena *a = fx->a;
    int len = fx->cfg && fx->cfg->min_password_length > 32 ? fx->cfg->min_password_length : 32;
    struct sr_fv *g = sr_fv_map(a);
    const char *key = NULL;
    cJSON *j = cJSON_ParseWithLength(ss->str, ss->len);
    if (cJSON_IsObject(j)) {
        cJSON *tmpl = cJSON_CreateObject();
        for (cJSON *it = j->child; it; it = it->next) {
            if (!key && it->string && sr_cred_key(it->string))
                key = sr_arena_strdup(a, it->string);
            else if (it->string)
                cJSON_AddItemToObject(tmpl, it->string, cJSON_Duplicate(it, 1));
        }
        if (key) {
            char *t = cJSON_PrintUnformatted(tmpl);
            sr_fv_put(a, g, "SecretStringTemplate", sr_fv_str(a, t ? t : "{}"));
            sr_fv_put(a, g, "GenerateStringKey", sr_fv_str(a, key));
            free(t);
        }
        cJSON_Delete(tmpl);
    }
    int object = cJSON_IsObject(j);
    cJSON_Delete(j);
    if (object && !key)
        return sr_fix_refuse(fx, fix, "no key of the JSON value looks like the credential");
    sr_fv_put(a, g, "PasswordLength", sr_fv_num(a, len));
    sr_fv_put(a, g, "ExcludeCharacters", sr_fv_str(a, "\"'@/\\"));
    sr_fix_delete(fx, fix, props, "SecretString");
    sr_set_prop(fx, fix, s, "GenerateSecretString", g);
    fix->what = key ? sr_arena_printf(a,
                                      "replaced the literal SecretString by GenerateSecretString "
                                      "(key '%s' generated, other keys kept): store the real "
                                      "value outside the template if it must be kept",
                                      key)
                    : "replaced the literal SecretString by GenerateSecretString";
    return 0;
}

/* ---- SR311: retain secrets ---------------------------------------------- */

static int sr311_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *s = sr_res_of(fx, fix);
    if (!s || s->kind != SR_R_SECRET || !s->node || s->node->kind != SR_MAP)
        return sr_fix_refuse(fx, fix, "the finding is not on a secret of the template");
    const char *dp = sr_scalar(sr_map_get(s->node, "DeletionPolicy"));
    const char *up = sr_scalar(sr_map_get(s->node, "UpdateReplacePolicy"));
    struct sr_arena *a = fx->a;
    if (!dp || (strcmp(dp, "Retain") != 0 && strcmp(dp, "RetainExceptOnCreate") != 0))
        sr_fix_set(fx, fix, s->node, "DeletionPolicy", sr_fv_str(a, "Retain"));
    if (!up || strcmp(up, "Retain") != 0)
        sr_fix_set(fx, fix, s->node, "UpdateReplacePolicy", sr_fv_str(a, "Retain"));
    fix->what = "set DeletionPolicy and UpdateReplacePolicy to Retain";
    return 0;
}

/* ---- SR312: pseudo parameters in ARNs ----------------------------------- */

static int sr_is_region(const char *s, size_t n)
{
    size_t dashes = 0;
    if (n < 9 || n > 20 || !isdigit((unsigned char)s[n - 1]) || s[n - 2] != '-')
        return 0;
    for (size_t i = 0; i < n - 1; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] < 'a' || s[i] > 'z')
            return 0;
    }
    return dashes >= 2 && dashes <= 3;
}

static int sr_is_account(const char *s, size_t n)
{
    if (n != 12)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Rewrites the ARNs of s with pseudo parameters; literal "${" is escaped
 * for Fn::Sub unless sub (s is already a Sub string). Returns NULL when
 * nothing changed. */
static const char *sr_arn_sub(struct sr_arena *a, const char *s, int sub, int foreign)
{
    size_t n = strlen(s), cap = n * 2 + 256, w = 0;
    char *out = sr_arena_alloc(a, cap);
    int changed = 0;
    for (size_t i = 0; i < n;) {
        if (!sub && s[i] == '$' && s[i + 1] == '{') {
            memcpy(out + w, "${!", 3);
            w += 3;
            i += 2;
            continue;
        }
        if (strncmp(s + i, "arn:", 4) != 0 || (i > 0 && isalnum((unsigned char)s[i - 1]))) {
            out[w++] = s[i++];
            continue;
        }
        /* arn:PARTITION:SERVICE:REGION:ACCOUNT: */
        size_t f[4], fl[4], j = i + 4, k = 0;
        while (k < 4) {
            f[k] = j;
            while (j < n && s[j] != ':' && s[j] != '/' && s[j] != '"' && s[j] != ' ') {
                if (sub && s[j] == '$' && s[j + 1] == '{') {
                    const char *close = strchr(s + j, '}');
                    j = close ? (size_t)(close - s) + 1 : n;
                    continue;
                }
                j++;
            }
            fl[k] = j - f[k];
            k++;
            if (j >= n || s[j] != ':')
                break;
            j++;
        }
        if (k < 4) {
            out[w++] = s[i++];
            continue;
        }
        int region = sr_is_region(s + f[2], fl[2]);
        int account = !foreign && sr_is_account(s + f[3], fl[3]);
        if (!region && !account) {
            out[w++] = s[i++];
            continue;
        }
        int part = fl[0] >= 3 && !strncmp(s + f[0], "aws", 3) && !memchr(s + f[0], '$', fl[0]);
        w += (size_t)snprintf(
            out + w, cap - w, "arn:%s%.*s:%.*s:%s%.*s:%s%.*s:", part ? "${AWS::Partition}" : "",
            part ? 0 : (int)fl[0], s + f[0], (int)fl[1], s + f[1], region ? "${AWS::Region}" : "",
            region ? 0 : (int)fl[2], s + f[2], account ? "${AWS::AccountId}" : "",
            account ? 0 : (int)fl[3], s + f[3]);
        i = f[3] + fl[3] + 1;
        changed = 1;
    }
    out[w] = '\0';
    return changed ? out : NULL;
}

static int sr_under_key(const struct sr_node *n, const char *key)
{
    for (int d = 0; n && d < SR_MAX_DEPTH; d++, n = n->parent) {
        const struct sr_node *k = sr_key_of(n);
        if (k && sr_scalar_eq(k, key))
            return 1;
    }
    return 0;
}

static int sr312_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *v = fix->finding->node;
    if (!v || !v->parent)
        return sr_fix_refuse(fx, fix, "the finding has no value to change");
    int foreign = sr_under_key(v, "Layers");
    const char *s;
    if (sr_literal(v)) {
        s = sr_arn_sub(fx->a, v->str, 0, foreign);
    } else if (sr_sub_string(v)) {
        s = sr_arn_sub(fx->a, sr_sub_string(v), 1, foreign);
    } else {
        return sr_fix_refuse(fx, fix, "the ARN is built with a function other than a plain Sub");
    }
    if (!s)
        return sr_fix_refuse(fx, fix, "no account or region found in the ARN");
    sr_fix_replace(fx, fix, v, sr_fv_sub(fx->a, s));
    fix->what = sr_arena_printf(fx->a, "wrote the ARN as !Sub %s", s);
    return 0;
}

/* ---- SR302 / SR314: pass the secret's ARN, read it at run time ---------- */

/* Env var VAR -> VAR_SECRET_ARN (refused when that name is in use). */
static const char *sr_arn_var(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_node *vars,
                              const struct sr_node *key)
{
    const char *name = sr_arena_printf(fx->a, "%s_SECRET_ARN", key->str);
    if (sr_map_get(vars, name)) {
        sr_fix_refuse(fx, fix, "the function already has a variable %s", name);
        return NULL;
    }
    return name;
}

/* The environment variable a finding points at: its key node, or NULL. */
static const struct sr_node *sr_env_key(struct sr_fixer *fx, struct sr_fix *fix,
                                        struct sr_resource **fn_out)
{
    struct sr_resource *fn = sr_res_of(fx, fix);
    const struct sr_node *v = fix->finding->node;
    const struct sr_node *key = sr_key_of(v);
    const struct sr_node *vars = v ? v->parent : NULL;
    const struct sr_node *own = sr_own_props(fn);
    if (!sr_is_function(fn) || !key || key->kind != SR_SCALAR || key->tag || !vars ||
        vars != sr_path(own, "Environment/Variables")) {
        sr_fix_refuse(fx, fix,
                      "only a variable in a function's own Environment can be fixed here (not "
                      "Globals, tags or containers)");
        return NULL;
    }
    *fn_out = fn;
    return key;
}

/* Lets fn read secret (and decrypt with its key). */
static int sr_grant_read(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *fn,
                         const char *secret, struct sr_fv *kms_arn)
{
    struct sr_arena *a = fx->a;
    struct sr_fv *st = sr_fv_seq(a);
    sr_fv_push(a, st,
               sr_allow(a, sr_fv_str(a, "secretsmanager:GetSecretValue"), sr_fv_ref(a, secret)));
    if (kms_arn)
        sr_fv_push(a, st, sr_allow(a, sr_fv_str(a, "kms:Decrypt"), kms_arn));
    return sr_grant(fx, fix, fn, "SecretRead", st);
}

struct sr_secret_ref {
    const struct sr_resource *secret;
    int n;
};

static int sr_secret_ref_cb(const struct sr_graph *g, const struct sr_val *ref, void *arg)
{
    (void)g;
    struct sr_secret_ref *r = arg;
    const struct sr_resource *x = ref->res;
    for (int i = 0; x && i < 4 && x->kind != SR_R_SECRET; i++)
        x = x->secret;
    r->n++;
    if (x && x->kind == SR_R_SECRET)
        r->secret = x;
    return 0;
}

static int sr314_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = NULL;
    const struct sr_node *key = sr_env_key(fx, fix, &fn);
    if (!key)
        return -1;
    const struct sr_node *v = fix->finding->node;
    const char *text = sr_literal(v) ? v->str : sr_sub_string(v);
    struct sr_secret_ref r = {NULL, 0};
    sr_graph_each_ref(fx->g, v, sr_secret_ref_cb, &r);
    if (r.n == 0 && text && !strncmp(text, "{{resolve:secretsmanager:", 25)) {
        /* A literal name: the template's secret of that Name. */
        const char *nm = text + 25;
        size_t nl = strcspn(nm, ":}");
        const struct sr_ptrvec *sv = &fx->g->by_kind[SR_R_SECRET];
        for (size_t i = 0; i < sv->n; i++) {
            const struct sr_resource *sec = sv->v[i];
            const struct sr_node *n = sr_res_prop(sec, "Name");
            if (sr_literal(n) && strlen(n->str) == nl && !strncmp(n->str, nm, nl)) {
                r.secret = sec;
                r.n = 1;
            }
        }
    }
    size_t tl = text ? strlen(text) : 0;
    if (!text || strncmp(text, "{{resolve:secretsmanager:", 25) != 0 || tl < 4 ||
        strcmp(text + tl - 2, "}}") != 0 || strstr(text + 2, "{{") || r.n != 1 || !r.secret)
        return sr_fix_refuse(fx, fix,
                             "the value is not exactly one dynamic reference to a secret of the "
                             "template: change the code and the variable by hand");
    const char *name = sr_arn_var(fx, fix, v->parent, key);
    if (!name)
        return -1;
    sr_fix_replace(fx, fix, key, sr_fv_str(fx->a, name));
    sr_fix_replace(fx, fix, v, sr_fv_ref(fx->a, r.secret->id));
    if (sr_grant_read(fx, fix, fn, r.secret->id, sr_scaffold_kms_arn(fx, r.secret)) < 0)
        return -1;
    fix->what = sr_arena_printf(fx->a,
                                "%s now passes the ARN of %s in %s and %s may read it: read the "
                                "value at run time (GetSecretValue) in the code",
                                key->str, r.secret->id, name, fn->id);
    return 0;
}

static int sr302_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *fn = NULL;
    const struct sr_node *key = sr_env_key(fx, fix, &fn);
    if (!key)
        return -1;
    const struct sr_node *v = fix->finding->node;
    const char *name = sr_arn_var(fx, fix, v->parent, key);
    if (!name)
        return -1;
    struct sr_arena *a = fx->a;
    const char *id =
        sr_fix_new_id(fx, sr_arena_printf(a, "%s%sSecret", fn->id, sr_camel(a, key->str)));
    struct sr_fv *arn = NULL;
    const char *desc = sr_arena_printf(a, "%s of %s (put the real value in outside the template)",
                                       key->str, fn->id);
    int token = strstr(key->str, "KEY") || strstr(key->str, "TOKEN");
    if (sr_new_secret(fx, fix, id, desc, fn->condition, token, &arn) < 0)
        return -1;
    sr_fix_replace(fx, fix, key, sr_fv_str(a, name));
    sr_fix_replace(fx, fix, v, sr_fv_ref(a, id));
    if (sr_grant_read(fx, fix, fn, id, arn) < 0)
        return -1;
    fix->what = sr_arena_printf(a,
                                "moved %s of %s into the new secret %s (put the real value in "
                                "with `aws secretsmanager put-secret-value`; the literal was "
                                "left out), passed its ARN in %s, let %s read it; %s",
                                key->str, fn->id, id, name, fn->id, fix->what);
    return 0;
}

/* ---- the table ---------------------------------------------------------- */

static const struct {
    const char *rule;
    int (*plan)(struct sr_fixer *fx, struct sr_fix *fix);
} sr_planners[] = {
    {"SR101", sr101_plan}, {"SR102", sr102_plan}, {"SR103", sr103_plan}, {"SR107", sr107_plan},
    {"SR108", sr108_plan}, {"SR109", sr109_plan}, {"SR112", sr112_plan}, {"SR202", sr202_plan},
    {"SR203", sr203_plan}, {"SR205", sr205_plan}, {"SR210", sr210_plan}, {"SR213", sr213_plan},
    {"SR301", sr301_plan}, {"SR302", sr302_plan}, {"SR308", sr308_plan}, {"SR311", sr311_plan},
    {"SR312", sr312_plan}, {"SR314", sr314_plan},
};

int sr_fix_has_planner(const char *rule_id)
{
    for (size_t i = 0; i < sizeof(sr_planners) / sizeof(sr_planners[0]); i++)
        if (!strcmp(sr_planners[i].rule, rule_id))
            return 1;
    return 0;
}

int sr_fix_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    if (!fix->finding || !fix->finding->rule)
        return 1;
    for (size_t i = 0; i < sizeof(sr_planners) / sizeof(sr_planners[0]); i++)
        if (!strcmp(sr_planners[i].rule, fix->finding->rule->id)) {
            int rc = sr_planners[i].plan(fx, fix);
            if (rc < 0 && !fix->refused)
                fix->refused = "no fix for this case";
            return rc < 0 ? -1 : 0;
        }
    return 1;
}
