/*
 * rotation.c - rotation policy rules SR101-SR112: every secret is rotated,
 * often enough for its class, by a schedule that Secrets Manager accepts,
 * with a function it can invoke, watch and give time to finish.
 *
 * Checks read the graph (schedules by secret, permissions and alarms by
 * function, attachments to databases) and the policy in ctx->cfg; the
 * schedule syntax and gaps come from src/cron.c. Nothing here parses
 * template text or prints. Fix intents are attached by the fixer, not here.
 */
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cron.h"

#define SR_CLASS_TAG "secrot-lint:class"
#define SR_FAMILY_SLOT 5 /* ctx->family[] slot of this family (1: IAM model, 4: exposure) */

/* ================================================================== */
/* Shared queries                                                      */
/* ================================================================== */

static int sr_is_fn(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
}

static int sr_is_db(const struct sr_resource *r)
{
    return r &&
           (r->kind == SR_R_DB_INSTANCE || r->kind == SR_R_DB_CLUSTER || r->kind == SR_R_REDSHIFT ||
            r->kind == SR_R_DOCDB_CLUSTER || r->kind == SR_R_DOCDB_INSTANCE);
}

/* The secret a resource stands for: itself, or what the SecretId of a
 * schedule, attachment or resource policy names (their Ref is its ARN). */
static struct sr_resource *sr_as_secret(struct sr_resource *r)
{
    for (int i = 0; r && i < 4; i++) {
        if (r->kind == SR_R_SECRET)
            return r;
        if (r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT || r->kind == SR_R_SECRET_POLICY)
            r = r->secret;
        else
            return NULL;
    }
    return NULL;
}

/* The node to point at for a resource: its logical id key. */
static const struct sr_node *sr_at(const struct sr_resource *r)
{
    return r->key ? r->key : r->node;
}

/* "2 days", "36 hours", "92 days 6 hours". */
static void sr_fmt_gap(char *buf, size_t n, long long hours)
{
    if (hours % 24 == 0)
        snprintf(buf, n, "%lld day%s", hours / 24, hours == 24 ? "" : "s");
    else if (hours < 48)
        snprintf(buf, n, "%lld hour%s", hours, hours == 1 ? "" : "s");
    else
        snprintf(buf, n, "%lld days %lld hours", hours / 24, hours % 24);
}

/* Today's UTC date as YYYY-MM-DD. */
static void sr_today(char out[16])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(out, 16, "%Y-%m-%d", &tm) == 0)
        snprintf(out, 16, "1970-01-01");
}

/* ---- secret classes (DESIGN §5) ---------------------------------- */

struct sr_secret_info {
    struct sr_resource *secret;
    const char *cls;        /* class name */
    const char *why;        /* how the class was found, for messages */
    struct sr_resource *db; /* the database it is attached to or used by */
};

struct sr_rules_view;

struct sr_rot_cache {
    struct sr_secret_info *info;
    size_t n;
    struct sr_rules_view **views; /* per schedule (by_kind order), read on first use */
};

struct sr_pw_scan {
    struct sr_resource *db;
    struct sr_rot_cache *c;
};

static struct sr_secret_info *sr_info_of(struct sr_rot_cache *c, const struct sr_resource *s)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->info[i].secret == s)
            return &c->info[i];
    return NULL;
}

static int sr_pw_ref(const struct sr_graph *g, const struct sr_val *ref, void *arg)
{
    (void)g;
    struct sr_pw_scan *sc = arg;
    struct sr_resource *s = sr_as_secret(ref->res);
    struct sr_secret_info *in = s ? sr_info_of(sc->c, s) : NULL;
    if (in && !in->db)
        in->db = sc->db;
    return 0;
}

/* The value of tag `key` in a Tags list of {Key, Value}, or NULL. */
static const struct sr_node *sr_tag(const struct sr_resource *r, const char *key)
{
    const struct sr_node *tags = sr_res_prop(r, "Tags");
    for (size_t i = 0; sr_is_seq(tags) && i < sr_deref(tags)->n; i++) {
        const struct sr_node *t = sr_seq_item(tags, i);
        if (sr_scalar_eq(sr_map_get(t, "Key"), key))
            return sr_map_get(t, "Value");
    }
    return NULL;
}

static struct sr_rot_cache *sr_cache(struct sr_ctx *ctx)
{
    if (ctx->family[SR_FAMILY_SLOT])
        return ctx->family[SR_FAMILY_SLOT];
    struct sr_graph *g = ctx->g;
    struct sr_rot_cache *c = sr_arena_alloc(ctx->arena, sizeof(*c));
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    c->n = sv->n;
    c->info = sr_arena_alloc(ctx->arena, (c->n ? c->n : 1) * sizeof(*c->info));
    for (size_t i = 0; i < sv->n; i++) {
        struct sr_resource *s = sv->v[i];
        c->info[i].secret = s;
        c->info[i].db = s->database;
    }
    /* Used in a database's password property (dynamic reference). */
    static const enum sr_rkind dbk[] = {SR_R_DB_INSTANCE, SR_R_DB_CLUSTER, SR_R_REDSHIFT,
                                        SR_R_DOCDB_CLUSTER, SR_R_DOCDB_INSTANCE};
    for (size_t k = 0; k < sizeof(dbk) / sizeof(dbk[0]); k++) {
        const struct sr_ptrvec *dv = &g->by_kind[dbk[k]];
        for (size_t i = 0; i < dv->n; i++) {
            struct sr_pw_scan sc = {dv->v[i], c};
            sr_graph_each_ref(g, sr_res_prop(dv->v[i], "MasterUserPassword"), sr_pw_ref, &sc);
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        struct sr_secret_info *in = &c->info[i];
        int hosted = 0;
        for (size_t j = 0; j < in->secret->schedules.n; j++)
            if (sr_res_prop(in->secret->schedules.v[j], "HostedRotationLambda"))
                hosted = 1;
        const char *tag = sr_scalar(sr_tag(in->secret, SR_CLASS_TAG));
        if (in->db) {
            in->cls = "database";
            in->why = sr_arena_printf(ctx->arena, "its credentials are those of %s", in->db->id);
        } else if (hosted) {
            in->cls = "database";
            in->why = "it has hosted database rotation";
        } else if (tag && *tag) {
            in->cls = tag;
            in->why = "tag " SR_CLASS_TAG;
        } else {
            in->cls = "default";
            in->why = "no database or class tag";
        }
    }
    ctx->family[SR_FAMILY_SLOT] = c;
    return c;
}

/* Class name of secret s ("default" when s is NULL: an ARN from outside). */
static const char *sr_class_of(struct sr_ctx *ctx, const struct sr_resource *s)
{
    struct sr_secret_info *in = s ? sr_info_of(sr_cache(ctx), s) : NULL;
    return in ? in->cls : "default";
}

/* ---- RotationRules ----------------------------------------------- */

struct sr_rules_view {
    const struct sr_node *rules, *rules_key;
    const struct sr_node *after, *after_key;
    const struct sr_node *expr, *expr_key;
    const struct sr_node *duration, *duration_key;
    /* AutomaticallyAfterDays as a literal whole number. */
    int after_literal;
    long long after_days;
    int after_ok; /* literal and within bounds */
    struct sr_schedule after_sc;
    /* ScheduleExpression as a literal string. */
    int expr_literal;
    int expr_ok;
    struct sr_schedule expr_sc;
    struct sr_sched_error expr_err;
    /* Duration as a literal string. */
    int duration_literal;
    int duration_ok;
    int duration_hours;
    struct sr_sched_error duration_err;
};

/* 1 when n is a plain value, not an intrinsic function. */
static int sr_is_literal(const struct sr_node *n)
{
    struct sr_intrinsic in;
    n = sr_deref(n);
    return n && n->kind == SR_SCALAR && !sr_intrinsic_get(n, &in);
}

/* Reads RotationRules of a schedule except the ScheduleExpression parse. */
static void sr_rules_read_shallow(const struct sr_resource *sched, struct sr_rules_view *v)
{
    memset(v, 0, sizeof(*v));
    v->rules = sr_map_get_kv(sched->props, "RotationRules", &v->rules_key);
    if (!sr_is_map(v->rules))
        return;
    v->after = sr_map_get_kv(v->rules, "AutomaticallyAfterDays", &v->after_key);
    v->expr = sr_map_get_kv(v->rules, "ScheduleExpression", &v->expr_key);
    v->duration = sr_map_get_kv(v->rules, "Duration", &v->duration_key);
    if (sr_is_literal(v->after)) {
        v->after_literal = 1;
        if (sr_scalar_int(v->after, &v->after_days) == 0 &&
            sr_schedule_after_days(v->after_days, &v->after_sc, NULL) == 0)
            v->after_ok = 1;
    }
    if (sr_is_literal(v->duration)) {
        v->duration_literal = 1;
        const struct sr_node *d = sr_deref(v->duration);
        v->duration_ok =
            sr_duration_parse(d->str, d->len, &v->duration_hours, &v->duration_err) == 0;
    }
}

static void sr_rules_read(const struct sr_resource *sched, struct sr_rules_view *v)
{
    sr_rules_read_shallow(sched, v);
    if (sr_is_literal(v->expr)) {
        v->expr_literal = 1;
        const struct sr_node *e = sr_deref(v->expr);
        v->expr_ok = sr_schedule_parse(e->str, e->len, &v->expr_sc, &v->expr_err) == 0;
    }
}

/*
 * The RotationRules view of schedule sc, read once per file. Parsed
 * expressions are shared between schedules with the same text.
 */
static const struct sr_rules_view *sr_rules_of(struct sr_ctx *ctx, const struct sr_resource *sc)
{
    struct sr_rot_cache *c = sr_cache(ctx);
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    size_t i = 0;
    while (i < v->n && v->v[i] != sc)
        i++;
    if (i == v->n) {
        struct sr_rules_view *tmp = sr_arena_alloc(ctx->arena, sizeof(*tmp));
        sr_rules_read(sc, tmp);
        return tmp;
    }
    if (!c->views)
        c->views = sr_arena_alloc(ctx->arena, (v->n ? v->n : 1) * sizeof(*c->views));
    if (c->views[i])
        return c->views[i];
    struct sr_rules_view *rv = sr_arena_alloc(ctx->arena, sizeof(*rv));
    /* Same expression text as an earlier schedule: copy its parse. */
    const char *text = sr_is_literal(sr_path(sc->props, "RotationRules/ScheduleExpression"))
                           ? sr_scalar(sr_path(sc->props, "RotationRules/ScheduleExpression"))
                           : NULL;
    for (size_t j = 0; text && j < v->n; j++) {
        const struct sr_rules_view *o = c->views[j];
        if (o && o->expr_literal && !strcmp(sr_scalar(o->expr), text)) {
            sr_rules_read_shallow(sc, rv);
            rv->expr_literal = 1;
            rv->expr_ok = o->expr_ok;
            rv->expr_sc = o->expr_sc;
            rv->expr_err = o->expr_err;
            c->views[i] = rv;
            return rv;
        }
    }
    sr_rules_read(sc, rv);
    c->views[i] = rv;
    return rv;
}

/* ---- SecretId ---------------------------------------------------- */

/* 1 when the schedule's SecretId is a secret a service manages (RDS
 * ManageMasterUserPassword, Redshift ManageMasterPassword): rotation
 * without a Lambda function. */
static int sr_managed_secret_id(const struct sr_graph *g, const struct sr_resource *sched)
{
    struct sr_val v;
    enum sr_val_kind k = sr_graph_value(g, sched->secret_at, &v);
    if (k == SR_VAL_RESOURCE && v.attr &&
        (!strcmp(v.attr, "MasterUserSecret.SecretArn") ||
         !strcmp(v.attr, "MasterPasswordSecretArn")))
        return 1;
    if (k == SR_VAL_LITERAL && v.str &&
        (strstr(v.str, ":secret:rds!") || !strncmp(v.str, "rds!", 4) ||
         strstr(v.str, ":secret:redshift!") || !strncmp(v.str, "redshift!", 9)))
        return 1;
    return 0;
}

/* ================================================================== */
/* SR101 secret has no rotation                                        */
/* ================================================================== */

static void sr101_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    char today[16];
    sr_today(today);
    for (size_t i = 0; i < sv->n; i++) {
        struct sr_resource *s = sv->v[i];
        if (s->implicit)
            continue;
        const char *cls = sr_class_of(ctx, s);
        const struct sr_secret_class *c = sr_config_class(ctx->cfg, cls);
        if (c && c->external) {
            if (!c->review_by[0] || strcmp(today, c->review_by) <= 0)
                continue;
            sr_report(ctx, sr_at(s),
                      "secret %s is class '%s' (not rotated by AWS: %s) but its review date %s "
                      "has passed: rotate it or review the exception",
                      s->id, cls, c->reason[0] ? c->reason : "no reason given", c->review_by);
            continue;
        }
        if (s->schedules.n == 0) {
            sr_report(ctx, sr_at(s),
                      "secret %s has no rotation: no AWS::SecretsManager::RotationSchedule "
                      "targets it",
                      s->id);
            continue;
        }
        /* A schedule counts when it exists whenever the secret does. */
        const struct sr_resource *cond = NULL;
        int always = 0;
        for (size_t j = 0; j < s->schedules.n; j++) {
            const struct sr_resource *sc = s->schedules.v[j];
            if (!sc->condition || (s->condition && !strcmp(sc->condition, s->condition)))
                always = 1;
            else if (!cond)
                cond = sc;
        }
        if (!always && cond)
            sr_report(ctx, sr_at(s),
                      "rotation of secret %s can be absent: its RotationSchedule %s only exists "
                      "when condition %s is true%s%s",
                      s->id, cond->id, cond->condition,
                      s->condition ? ", and the secret is under condition " : "",
                      s->condition ? s->condition : "");
    }
}

static const struct sr_rule sr101 = {
    .id = "SR101",
    .title = "secret has no rotation",
    .severity = SR_SEV_ERROR,
    .security_severity = 7.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-secretsmanager-rotationschedule.html",
    .explain =
        "A secret that is never rotated keeps the same value for its whole life: anyone who ever\n"
        "read it (a log line, a laptop, a former colleague) can use it for ever. A secret counts "
        "as\n"
        "rotated when an AWS::SecretsManager::RotationSchedule in the template targets it, by "
        "Ref,\n"
        "by Fn::GetAtt, by an Fn::Sub or Fn::Join of its ARN, or through a "
        "SecretTargetAttachment.\n"
        "Database master passwords that RDS or Aurora manage (ManageMasterUserPassword: true) are\n"
        "rotated by the service and need no Secret resource at all.\n"
        "\n"
        "A schedule under a Condition that the secret does not share is reported too: when the\n"
        "condition is false the secret exists without rotation.\n"
        "\n"
        "A secret AWS cannot rotate (a token issued by a third party) can be given a class marked\n"
        "external in .secrot-lint.yaml, with a reason and an optional review_by date, and the tag\n"
        "secrot-lint:class on the secret. It is not reported until that date has passed.\n"
        "\n"
        "How to fix: add a RotationSchedule with a rotation function (or HostedRotationLambda for\n"
        "a supported database), or let RDS manage the master password. `--fix` scaffolds the\n"
        "schedule, function, role, permission and alarm.\n"
        "\n"
        "Example:\n"
        "    ApiKeyRotation:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      Properties:\n"
        "        SecretId: !Ref ApiKey\n"
        "        RotationLambdaARN: !GetAtt ApiKeyRotationFunction.Arn\n"
        "        RotationRules:\n"
        "          ScheduleExpression: rate(30 days)\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html and\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html\n",
    .check = sr101_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR102 rotation interval longer than the policy allows               */
/* ================================================================== */

static void sr102_report(struct sr_ctx *ctx, const struct sr_resource *sched,
                         const struct sr_node *at, const char *what, long long gap_hours,
                         int max_days, const char *cls)
{
    char gap[48];
    sr_fmt_gap(gap, sizeof(gap), gap_hours);
    const char *sid = sched->secret ? sched->secret->id : "its secret";
    struct sr_val v;
    if (!sched->secret && sr_managed_secret_id(ctx->g, sched) &&
        sr_graph_value(ctx->g, sched->secret_at, &v) == SR_VAL_RESOURCE)
        sid = sr_arena_printf(ctx->arena, "the managed secret of %s", v.res->id);
    if (ctx->cfg && ctx->cfg->max_rotation_days > 0)
        sr_report(ctx, at,
                  "RotationSchedule %s rotates %s %s apart at most (%s), more than the %d "
                  "days of --max-rotation-days",
                  sched->id, sid, gap, what, max_days);
    else
        sr_report(ctx, at,
                  "RotationSchedule %s rotates %s %s apart at most (%s), more than the %d "
                  "days allowed for class '%s'",
                  sched->id, sid, gap, what, max_days, cls);
}

static void sr102_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rules_view *rv = sr_rules_of(ctx, sc);
        const char *cls =
            sr_managed_secret_id(ctx->g, sc) ? "database" : sr_class_of(ctx, sc->secret);
        int max_days = sr_config_max_days(ctx->cfg, cls);
        if (max_days <= 0)
            continue;
        long long limit = (long long)max_days * 24;
        if (rv->after_ok && rv->after_sc.max_gap_hours > limit) {
            char what[64];
            snprintf(what, sizeof(what), "AutomaticallyAfterDays %lld", rv->after_days);
            sr102_report(ctx, sc, rv->after, what, rv->after_sc.max_gap_hours, max_days, cls);
        }
        if (rv->expr_ok && rv->expr_sc.max_gap_hours > limit)
            sr102_report(ctx, sc, rv->expr, sr_scalar(rv->expr), rv->expr_sc.max_gap_hours,
                         max_days, cls);
    }
}

static const struct sr_rule sr102 = {
    .id = "SR102",
    .title = "rotation interval longer than the policy allows",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.5,
    .tags = "rotation,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html",
    .explain =
        "Each secret class has a longest rotation interval (.secrot-lint.yaml, "
        "classes.NAME.max_days;\n"
        "defaults: database 45 days, api-key 30, anything else 90). A secret's class comes from "
        "the\n"
        "template (a SecretTargetAttachment to a database, use in a database password property, "
        "or\n"
        "hosted database rotation make it `database`), else from its tag secrot-lint:class, else "
        "it\n"
        "is `default`. --max-rotation-days overrides every class.\n"
        "\n"
        "The interval is AutomaticallyAfterDays, the period of rate(), or for cron() the longest "
        "gap\n"
        "between two rotation windows, computed exactly over the 400-year Gregorian cycle in UTC:\n"
        "cron(0 1 ? * MON *) is 7 days, cron(0 2 1 */3 ? *) is 92 days (from 1 July to 1 "
        "October),\n"
        "cron(0 0 L * ? *) is 31 days.\n"
        "\n"
        "How to fix: rotate more often. `--fix` sets the value the policy allows.\n"
        "\n"
        "Example (database secret, 45-day policy), reported:\n"
        "    RotationRules:\n"
        "      ScheduleExpression: cron(0 2 1 */3 ? *)   # up to 92 days apart\n"
        "\n"
        "Fixed:\n"
        "    RotationRules:\n"
        "      ScheduleExpression: cron(0 2 1 * ? *)     # up to 31 days apart\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotate-secrets_schedule.html\n",
    .check = sr102_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR103 AutomaticallyAfterDays and ScheduleExpression together        */
/* ================================================================== */

static void sr103_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rules_view *rv = sr_rules_of(ctx, sc);
        if (rv->after && rv->expr)
            sr_report(ctx, rv->rules_key,
                      "RotationRules of %s set both AutomaticallyAfterDays and "
                      "ScheduleExpression: Secrets Manager takes one or the other",
                      sc->id);
    }
}

static const struct sr_rule sr103 = {
    .id = "SR103",
    .title = "AutomaticallyAfterDays and ScheduleExpression both set",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "rotation,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html",
    .explain =
        "RotationRules sets the schedule either with AutomaticallyAfterDays or with\n"
        "ScheduleExpression, never both: the RotateSecret API refuses the combination, so the "
        "stack\n"
        "fails to create or update the schedule. ScheduleExpression can say everything\n"
        "AutomaticallyAfterDays can (rate(N days)) and more (hours, a start time, weekdays).\n"
        "\n"
        "How to fix: keep ScheduleExpression and remove AutomaticallyAfterDays (`--fix` does "
        "this).\n"
        "\n"
        "Example:\n"
        "    RotationRules:\n"
        "      AutomaticallyAfterDays: 45            # remove\n"
        "      ScheduleExpression: cron(0 2 ? * MON-FRI *)\n"
        "      Duration: 2h\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
        "API_RotationRulesType.html\n",
    .check = sr103_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR104 invalid ScheduleExpression                                    */
/* ================================================================== */

static void sr104_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rules_view *rv = sr_rules_of(ctx, sc);
        if (!rv->expr_literal || rv->expr_ok)
            continue;
        sr_report(ctx, rv->expr, "invalid ScheduleExpression in %s: %s (at character %zu)", sc->id,
                  rv->expr_err.message, rv->expr_err.offset + 1);
    }
}

static const struct sr_rule sr104 = {
    .id = "SR104",
    .title = "invalid ScheduleExpression",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "rotation,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html",
    .explain =
        "Secrets Manager accepts a narrower schedule syntax than EventBridge, and the stack fails\n"
        "when the expression breaks it:\n"
        "\n"
        "- rate(N hours) or rate(N days) (also hour, day); no minutes; at least every 4 hours and\n"
        "  at most every 999 days.\n"
        "- cron(Minutes Hours Day-of-month Month Day-of-week Year) with exactly six fields.\n"
        "  Minutes must be 0 (windows open on the hour) and Year must be *. Hours 0-23 with\n"
        "  ranges, lists and steps (4/12 restarts each day). Day-of-month 1-31 with , - * ? / L "
        "W.\n"
        "  Month 1-12 or JAN-DEC. Day-of-week 1-7 or SUN-SAT with , - * ? / L #.\n"
        "- One of day-of-month and day-of-week must be ?, the other not.\n"
        "- Windows may not open less than 4 hours apart; an expression that matches no date is\n"
        "  refused too.\n"
        "- At most 256 characters from [0-9A-Za-z()#?*-/, ].\n"
        "\n"
        "The message says what is wrong and at which character of the expression.\n"
        "\n"
        "Examples, reported:\n"
        "    - cron(30 2 * * ? *)     # minutes must be 0\n"
        "    - cron(0 2 * * MON *)    # one of the day fields must be ?\n"
        "    - rate(90 minutes)       # hours or days only\n"
        "\n"
        "Fixed:\n"
        "    - cron(0 2 ? * MON *)\n"
        "    - rate(4 hours)\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotate-secrets_schedule.html\n",
    .check = sr104_check,
};

/* ================================================================== */
/* SR105 invalid Duration or AutomaticallyAfterDays                    */
/* ================================================================== */

static void sr105_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rules_view *rv = sr_rules_of(ctx, sc);
        if (rv->after_literal && !rv->after_ok) {
            long long d;
            if (sr_scalar_int(rv->after, &d) != 0)
                sr_report(ctx, rv->after,
                          "AutomaticallyAfterDays of %s must be a whole number of days, not "
                          "'%s'",
                          sc->id, sr_scalar(rv->after));
            else
                sr_report(ctx, rv->after, "AutomaticallyAfterDays %lld of %s is outside %d-%d days",
                          d, sc->id, SR_AFTER_DAYS_MIN, SR_AFTER_DAYS_MAX);
        }
        if (rv->duration_literal && !rv->duration_ok) {
            sr_report(ctx, rv->duration, "invalid Duration '%s' in %s: %s", sr_scalar(rv->duration),
                      sc->id, rv->duration_err.message);
            continue;
        }
        if (!rv->duration_ok)
            continue;
        /* The window against the schedule it belongs to. */
        const struct sr_schedule *s = rv->expr_ok    ? &rv->expr_sc
                                      : rv->after_ok ? &rv->after_sc
                                                     : NULL;
        if (rv->expr && !rv->expr_ok)
            s = NULL; /* SR104 reports the expression */
        struct sr_sched_error we;
        if (s && sr_window_check(s, rv->duration_hours, &we) < 0)
            sr_report(ctx, rv->duration, "Duration %s of %s: %s", sr_scalar(rv->duration), sc->id,
                      we.message);
    }
}

static const struct sr_rule sr105 = {
    .id = "SR105",
    .title = "invalid Duration or AutomaticallyAfterDays",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "rotation,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html",
    .explain =
        "Duration is the length of the rotation window: 2 or 3 characters, a number of hours and\n"
        "'h' (3h, 24h), at least 1h. The window may not run into the next window or the next UTC\n"
        "day: for a schedule in hours (rate(N hours), or a cron() with several windows a day) it\n"
        "must not be longer than the shortest time between two windows; for a schedule in days "
        "the\n"
        "opening hour plus the window must be at most 24 (rate() and AutomaticallyAfterDays open\n"
        "at midnight UTC). AutomaticallyAfterDays must be a whole number from 1 to 1000.\n"
        "\n"
        "How to fix: shorten the window, move its start earlier in the day, or correct the "
        "number.\n"
        "\n"
        "Example, reported (20:00 plus 6 hours runs past midnight UTC):\n"
        "    RotationRules:\n"
        "      ScheduleExpression: cron(0 20 ? * SUN *)\n"
        "      Duration: 6h\n"
        "\n"
        "Fixed:\n"
        "    RotationRules:\n"
        "      ScheduleExpression: cron(0 20 ? * SUN *)\n"
        "      Duration: 4h\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
        "API_RotationRulesType.html\n",
    .check = sr105_check,
};

/* ================================================================== */
/* SR106 schedule names no rotation function, or two                   */
/* ================================================================== */

static void sr106_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_node *lk = NULL, *hk = NULL;
        const struct sr_node *lambda = sr_map_get_kv(sc->props, "RotationLambdaARN", &lk);
        const struct sr_node *hosted = sr_map_get_kv(sc->props, "HostedRotationLambda", &hk);
        const struct sr_node *ext = sr_map_get(sc->props, "ExternalSecretRotationRoleArn");
        if (lambda && hosted) {
            sr_report(ctx, hk,
                      "RotationSchedule %s sets both RotationLambdaARN and HostedRotationLambda: "
                      "give one rotation function",
                      sc->id);
            continue;
        }
        if (lambda || hosted || ext || !sc->props)
            continue;
        if (sr_managed_secret_id(ctx->g, sc))
            continue; /* managed rotation: no function */
        struct sr_val val;
        enum sr_val_kind k = sr_graph_value(ctx->g, sc->secret_at, &val);
        if (!sc->secret && k != SR_VAL_LITERAL)
            continue; /* a secret from outside: it may be managed */
        sr_report(ctx, sr_at(sc),
                  "RotationSchedule %s names no rotation function: set RotationLambdaARN or "
                  "HostedRotationLambda",
                  sc->id);
    }
}

static const struct sr_rule sr106 = {
    .id = "SR106",
    .title = "schedule names no rotation function, or both kinds",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-secretsmanager-rotationschedule.html",
    .explain =
        "A RotationSchedule needs exactly one source of a rotation function: RotationLambdaARN (a\n"
        "function you deploy) or HostedRotationLambda (a function the AWS::SecretsManager "
        "transform\n"
        "builds for a supported database). Without either, Secrets Manager has nothing to run and\n"
        "rotation fails; with both, the template is ambiguous and CloudFormation rejects it.\n"
        "\n"
        "Secrets that a service manages (RDS ManageMasterUserPassword, written as\n"
        "!GetAtt DB.MasterUserSecret.SecretArn, or an rds! secret ARN) rotate without a function, "
        "and\n"
        "managed external secrets use ExternalSecretRotationRoleArn; those are not reported.\n"
        "\n"
        "How to fix: add RotationLambdaARN with the ARN of your rotation function, or a\n"
        "HostedRotationLambda with the RotationType of the database, and remove the other one.\n"
        "\n"
        "Example:\n"
        "    DbSecretRotation:\n"
        "      Type: AWS::SecretsManager::RotationSchedule\n"
        "      Properties:\n"
        "        SecretId: !Ref DbSecret\n"
        "        HostedRotationLambda:\n"
        "          RotationType: PostgreSQLSingleUser\n"
        "        RotationRules:\n"
        "          ScheduleExpression: rate(30 days)\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html\n",
    .check = sr106_check,
};

/* ================================================================== */
/* SR107 rotation function cannot be invoked by Secrets Manager        */
/* ================================================================== */

static int sr_principal_is_sm(const struct sr_node *p)
{
    const char *s = sr_scalar(p);
    if (s)
        return !strncmp(s, "secretsmanager.", 15);
    struct sr_intrinsic in;
    if (sr_intrinsic_get(p, &in) && in.fn == SR_FN_SUB) {
        const char *t = sr_scalar(in.arg);
        if (!t)
            t = sr_scalar(sr_seq_item(in.arg, 0));
        return t && !strncmp(t, "secretsmanager.", 15);
    }
    return 0;
}

static int sr_action_invokes(const struct sr_node *a)
{
    const char *s = sr_scalar(a);
    return s && (!strcasecmp(s, "lambda:InvokeFunction") || !strcasecmp(s, "lambda:*") ||
                 !strcmp(s, "*"));
}

/* Permissions naming the function by a literal name or ARN. */
static int sr_literal_names_fn(const struct sr_node *fname, const struct sr_resource *fn)
{
    const char *lit = sr_is_literal(fname) ? sr_scalar(fname) : NULL;
    const struct sr_node *own = sr_res_prop(fn, "FunctionName");
    const char *name = sr_is_literal(own) ? sr_scalar(own) : NULL;
    if (!lit || !name)
        return 0;
    if (!strcmp(lit, name))
        return 1;
    const char *p = strstr(lit, ":function:");
    if (!p)
        return 0;
    p += 10;
    size_t n = strlen(name);
    return !strncmp(p, name, n) && (p[n] == '\0' || p[n] == ':');
}

static void sr107_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *fn = g->res[i];
        if (!sr_is_fn(fn) || fn->rotating_schedules.n == 0)
            continue;
        int ok = 0;
        const struct sr_resource *wrong = NULL;
        /* Permissions the graph resolved to fn, then those naming it literally. */
        const struct sr_ptrvec *pv = &g->by_kind[SR_R_PERMISSION];
        for (size_t pass = 0; pass < 2 && !ok; pass++) {
            const struct sr_ptrvec *list = pass == 0 ? &fn->permissions : pv;
            for (size_t j = 0; j < list->n && !ok; j++) {
                const struct sr_resource *p = list->v[j];
                if (pass == 1 &&
                    (p->function || !sr_literal_names_fn(sr_res_prop(p, "FunctionName"), fn)))
                    continue;
                if (!sr_principal_is_sm(sr_res_prop(p, "Principal")))
                    continue;
                const struct sr_node *act = sr_res_prop(p, "Action");
                if (!sr_is_literal(act) || sr_action_invokes(act))
                    ok = 1;
                else if (!wrong)
                    wrong = p;
            }
        }
        if (ok)
            continue;
        const struct sr_resource *sc = fn->rotating_schedules.v[0];
        if (wrong)
            sr_report(ctx, sr_at(fn),
                      "rotation function %s cannot be invoked by Secrets Manager: permission %s "
                      "allows '%s', not lambda:InvokeFunction",
                      fn->id, wrong->id, sr_scalar(sr_res_prop(wrong, "Action")));
        else
            sr_report(ctx, sr_at(fn),
                      "rotation function %s cannot be invoked by Secrets Manager: no "
                      "AWS::Lambda::Permission grants secretsmanager.amazonaws.com "
                      "lambda:InvokeFunction on it (it rotates %s for %s)",
                      fn->id, sc->secret ? sc->secret->id : "a secret", sc->id);
    }

    /* A schedule naming a function the template does not define (SR003):
     * nothing lets Secrets Manager invoke it either, unless a permission
     * names the same id. Reported at the schedule, so the missing
     * permission is not lost behind the missing function. */
    const struct sr_ptrvec *schedules = &g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < schedules->n; i++) {
        const struct sr_resource *sc = schedules->v[i];
        struct sr_val fv;
        if (!sc->function_at || sr_graph_value(g, sc->function_at, &fv) != SR_VAL_UNKNOWN ||
            !fv.name)
            continue;
        int named = 0;
        const struct sr_ptrvec *perms = &g->by_kind[SR_R_PERMISSION];
        for (size_t j = 0; j < perms->n && !named; j++) {
            struct sr_val pv;
            const struct sr_resource *p = perms->v[j];
            if (sr_graph_value(g, sr_res_prop(p, "FunctionName"), &pv) == SR_VAL_UNKNOWN &&
                pv.name && strcmp(pv.name, fv.name) == 0 &&
                sr_principal_is_sm(sr_res_prop(p, "Principal")))
                named = 1;
        }
        if (!named)
            sr_report(ctx, sc->function_at,
                      "rotation function %s of %s cannot be invoked by Secrets Manager: no "
                      "AWS::Lambda::Permission grants secretsmanager.amazonaws.com "
                      "lambda:InvokeFunction on it (and it is not defined in this template)",
                      fv.name, sc->id);
    }
}

static const struct sr_rule sr107 = {
    .id = "SR107",
    .title = "rotation function cannot be invoked by Secrets Manager",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
              "rotating-secrets-required-permissions-function.html",
    .explain =
        "Secrets Manager calls the rotation function itself, so the function's resource policy "
        "must\n"
        "allow the service principal secretsmanager.amazonaws.com to run lambda:InvokeFunction.\n"
        "In a template that is an AWS::Lambda::Permission whose FunctionName is the function (its\n"
        "Ref, its Arn, or an alias or version of it). Without it every rotation fails with access\n"
        "denied, and SAM creates no such permission for you. Add SourceAccount so that no other\n"
        "account's secrets can use the function (see SR210).\n"
        "\n"
        "How to fix: add the permission (`--fix` scaffolds it).\n"
        "\n"
        "Example:\n"
        "    RotationFunctionPermission:\n"
        "      Type: AWS::Lambda::Permission\n"
        "      Properties:\n"
        "        FunctionName: !GetAtt RotationFunction.Arn\n"
        "        Action: lambda:InvokeFunction\n"
        "        Principal: secretsmanager.amazonaws.com\n"
        "        SourceAccount: !Ref AWS::AccountId\n"
        "\n"
        "See https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .check = sr107_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR108 HostedRotationLambda without the transform                    */
/* ================================================================== */

static void sr108_check(struct sr_ctx *ctx)
{
    if (ctx->g->t.sm_transform)
        return;
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_node *hk = NULL;
        if (sr_map_get_kv(sc->props, "HostedRotationLambda", &hk))
            sr_report(ctx, hk,
                      "RotationSchedule %s uses HostedRotationLambda, but the template has no "
                      "AWS::SecretsManager-2024-09-16 transform",
                      sc->id);
    }
}

static const struct sr_rule sr108 = {
    .id = "SR108",
    .title = "HostedRotationLambda without the AWS::SecretsManager transform",
    .severity = SR_SEV_ERROR,
    .security_severity = 4.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "transform-aws-secretsmanager.html",
    .explain =
        "HostedRotationLambda is expanded by the AWS::SecretsManager transform into a nested "
        "stack\n"
        "with the rotation function and its role. Without the transform at the top of the "
        "template\n"
        "CloudFormation does not know the property and the deployment fails. The current version\n"
        "is AWS::SecretsManager-2024-09-16; the older AWS::SecretsManager-2020-07-23 is accepted\n"
        "too. The transform must be a literal name in the template's Transform (a string or a "
        "list\n"
        "next to AWS::Serverless-2016-10-31).\n"
        "\n"
        "How to fix: add the transform (`--fix` does).\n"
        "\n"
        "Example:\n"
        "    Transform:\n"
        "      - AWS::Serverless-2016-10-31\n"
        "      - AWS::SecretsManager-2024-09-16\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "transform-aws-secretsmanager.html\n",
    .check = sr108_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR109 rotation function has no failure alarm                        */
/* ================================================================== */

static int sr_seq_or_scalar_has(const struct sr_node *n, const char *s)
{
    n = sr_deref(n);
    if (!n)
        return 0;
    if (n->kind == SR_SCALAR)
        return !strcmp(n->str, s);
    for (size_t i = 0; n->kind == SR_SEQ && i < n->n; i++)
        if (sr_scalar_eq(sr_seq_item(n, i), s))
            return 1;
    return 0;
}

/* An alarm on AWS/Lambda Errors of fn, through Dimensions or a metric-math
 * MetricStat. */
static int sr_alarm_watches(const struct sr_graph *g, const struct sr_resource *alarm,
                            const struct sr_resource *fn)
{
    const struct sr_node *ns = sr_res_prop(alarm, "Namespace");
    if (alarm->function == fn && sr_scalar_eq(sr_res_prop(alarm, "MetricName"), "Errors") &&
        (!ns || !sr_is_literal(ns) || sr_scalar_eq(ns, "AWS/Lambda")))
        return 1;
    const struct sr_node *metrics = sr_res_prop(alarm, "Metrics");
    for (size_t i = 0; sr_is_seq(metrics) && i < sr_deref(metrics)->n; i++) {
        const struct sr_node *m = sr_path(sr_seq_item(metrics, i), "MetricStat/Metric");
        if (!sr_scalar_eq(sr_map_get(m, "MetricName"), "Errors"))
            continue;
        const struct sr_node *dims = sr_map_get(m, "Dimensions");
        for (size_t j = 0; sr_is_seq(dims) && j < sr_deref(dims)->n; j++) {
            const struct sr_node *d = sr_seq_item(dims, j);
            if (!sr_scalar_eq(sr_map_get(d, "Name"), "FunctionName"))
                continue;
            struct sr_val v;
            if (sr_graph_value(g, sr_map_get(d, "Value"), &v) == SR_VAL_RESOURCE && v.res == fn)
                return 1;
        }
    }
    return 0;
}

/* An EventBridge rule on Secrets Manager rotation failures that covers
 * at least one secret rotated by fn. */
static int sr_rule_watches(const struct sr_graph *g, const struct sr_resource *rule,
                           const struct sr_resource *fn)
{
    const struct sr_node *pat = sr_res_prop(rule, "EventPattern");
    if (sr_is_scalar(pat)) {
        const char *s = sr_scalar(pat);
        return strstr(s, "aws.secretsmanager") &&
               (strstr(s, "RotationFailed") || !strstr(s, "eventName"));
    }
    if (!sr_is_map(pat) || !sr_seq_or_scalar_has(sr_map_get(pat, "source"), "aws.secretsmanager"))
        return 0;
    const struct sr_node *detail = sr_map_get(pat, "detail");
    const struct sr_node *names = sr_map_get(detail, "eventName");
    if (names && !sr_seq_or_scalar_has(names, "RotationFailed"))
        return 0;
    const struct sr_node *ids = sr_path(detail, "additionalEventData/SecretId");
    if (!sr_is_seq(ids))
        return 1;
    for (size_t i = 0; i < sr_deref(ids)->n; i++) {
        struct sr_val v;
        if (sr_graph_value(g, sr_seq_item(ids, i), &v) != SR_VAL_RESOURCE)
            return 1; /* an ARN or parameter: cannot tell, take it */
        struct sr_resource *s = sr_as_secret(v.res);
        for (size_t j = 0; s && j < fn->rotating_schedules.n; j++)
            if (((struct sr_resource *)fn->rotating_schedules.v[j])->secret == s)
                return 1;
    }
    return 0;
}

static void sr109_check(struct sr_ctx *ctx)
{
    if (ctx->cfg && !ctx->cfg->require_alarm)
        return;
    struct sr_graph *g = ctx->g;
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *fn = g->res[i];
        if (!sr_is_fn(fn) || fn->rotating_schedules.n == 0)
            continue;
        int ok = 0;
        /* Alarms the graph indexed by their FunctionName dimension, then
         * metric-math alarms, then EventBridge rules. */
        for (size_t j = 0; j < fn->alarms.n && !ok; j++)
            ok = sr_alarm_watches(g, fn->alarms.v[j], fn);
        const struct sr_ptrvec *av = &g->by_kind[SR_R_ALARM];
        for (size_t j = 0; j < av->n && !ok; j++)
            if (sr_res_prop(av->v[j], "Metrics"))
                ok = sr_alarm_watches(g, av->v[j], fn);
        const struct sr_ptrvec *ev = &g->by_kind[SR_R_EVENT_RULE];
        for (size_t j = 0; j < ev->n && !ok; j++)
            ok = sr_rule_watches(g, ev->v[j], fn);
        if (!ok)
            sr_report(ctx, sr_at(fn),
                      "rotation function %s has no failure alarm: no CloudWatch alarm on its "
                      "AWS/Lambda Errors and no EventBridge rule on Secrets Manager "
                      "RotationFailed events",
                      fn->id);
    }
}

static const struct sr_rule sr109 = {
    .id = "SR109",
    .title = "rotation function has no failure alarm",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.0,
    .tags = "rotation,security",
    .source =
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html",
    .explain =
        "A rotation that fails is silent: the secret simply keeps its old value, stays labelled\n"
        "AWSPENDING, and every later rotation fails the same way until someone looks. Watch the\n"
        "rotation function with either\n"
        "\n"
        "- an AWS::CloudWatch::Alarm on the AWS/Lambda metric Errors with the dimension\n"
        "  FunctionName set to the function (directly or in a metric-math MetricStat), or\n"
        "- an AWS::Events::Rule matching source aws.secretsmanager with detail eventName\n"
        "  RotationFailed (detail-type AWS Service Event via CloudTrail); a rule limited to\n"
        "  detail.additionalEventData.SecretId counts for the secrets it names.\n"
        "\n"
        "Alarms should notify a topic passed as a parameter (alarm_topic_parameter in\n"
        ".secrot-lint.yaml), not a hard-coded ARN. Turn the rule off with require_alarm: false.\n"
        "\n"
        "How to fix: add an alarm (`--fix` scaffolds one).\n"
        "\n"
        "Example:\n"
        "    RotationFunctionErrors:\n"
        "      Type: AWS::CloudWatch::Alarm\n"
        "      Properties:\n"
        "        Namespace: AWS/Lambda\n"
        "        MetricName: Errors\n"
        "        Dimensions:\n"
        "          - Name: FunctionName\n"
        "            Value: !Ref RotationFunction\n"
        "        Statistic: Sum\n"
        "        Period: 300\n"
        "        EvaluationPeriods: 1\n"
        "        Threshold: 1\n"
        "        ComparisonOperator: GreaterThanOrEqualToThreshold\n"
        "        AlarmActions:\n"
        "          - !Ref RotationAlarmTopicArn\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html\n",
    .check = sr109_check,
    .fixable = 1,
};

/* ================================================================== */
/* SR110 several schedules for a secret, or a SecretId that is no secret */
/* ================================================================== */

static int sr_is_secret_arn(const char *s)
{
    return !strncmp(s, "arn:", 4) && strstr(s, ":secretsmanager:") && strstr(s, ":secret:");
}

static void sr110_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    const struct sr_ptrvec *v = &g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        if (!sc->secret_at)
            continue;
        if (sc->secret) {
            /* The first schedule of the secret that may exist together with it. */
            for (size_t j = 0; j < sc->secret->schedules.n; j++) {
                const struct sr_resource *o = sc->secret->schedules.v[j];
                if (o == sc)
                    break;
                int same = (!o->condition && !sc->condition) ||
                           (o->condition && sc->condition && !strcmp(o->condition, sc->condition));
                if (!same)
                    continue;
                sr_report(ctx, sc->secret_at,
                          "secret %s already has RotationSchedule %s (line %d): a secret has "
                          "one rotation schedule",
                          sc->secret->id, o->id, sr_at(o)->pos.line);
                break;
            }
            continue;
        }
        struct sr_val val;
        switch (sr_graph_value(g, sc->secret_at, &val)) {
        case SR_VAL_RESOURCE: {
            const struct sr_resource *r = val.res;
            if (val.attr && (!strcmp(val.attr, "MasterUserSecret.SecretArn") ||
                             !strcmp(val.attr, "MasterPasswordSecretArn")))
                break;
            if (r->kind == SR_R_SAM_APP || (r->type && (!strncmp(r->type, "Custom::", 8) ||
                                                        !strcmp(r->type, "AWS::CloudFormation::"
                                                                         "Stack") ||
                                                        !strcmp(r->type, "AWS::CloudFormation::"
                                                                         "CustomResource"))))
                break;
            if (r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT ||
                r->kind == SR_R_SECRET_POLICY)
                break; /* its own SecretId is checked where it is written */
            sr_report(ctx, sc->secret_at, "SecretId of %s names %s (%s), which is not a secret",
                      sc->id, r->id, r->type ? r->type : "no type");
            break;
        }
        case SR_VAL_LITERAL:
            if (val.str && sr_is_secret_arn(val.str))
                break;
            if (val.str && !strncmp(val.str, "arn:", 4))
                sr_report(ctx, sc->secret_at,
                          "SecretId of %s is the ARN of something other than a Secrets Manager "
                          "secret",
                          sc->id);
            else
                sr_report(ctx, sc->secret_at,
                          "SecretId '%s' of %s is neither a secret of this template nor a "
                          "secret ARN",
                          val.str ? val.str : "", sc->id);
            break;
        default:
            break;
        }
    }
}

static const struct sr_rule sr110 = {
    .id = "SR110",
    .title = "secret has more than one schedule, or SecretId is not a secret",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-resource-secretsmanager-rotationschedule.html",
    .explain =
        "A secret has one rotation configuration. Two RotationSchedule resources for the same\n"
        "secret overwrite each other on every deployment, so the effective schedule depends on\n"
        "which one CloudFormation updated last (schedules under different conditions are not\n"
        "reported: they may exclude each other).\n"
        "\n"
        "SecretId must denote a secret: a Secret of this template (Ref, Fn::GetAtt Id, or the Ref\n"
        "of its SecretTargetAttachment or ResourcePolicy, which return the secret ARN), a managed\n"
        "secret (!GetAtt DB.MasterUserSecret.SecretArn), a parameter, or the full ARN of a "
        "secret.\n"
        "A Ref to a resource of another type, or a plain name, is reported: a name ties the\n"
        "template to a secret it does not declare.\n"
        "\n"
        "How to fix: keep one schedule per secret; point SecretId at the secret itself.\n"
        "\n"
        "Example, reported (a database, not a secret):\n"
        "    SecretId: !Ref DbInstance\n"
        "\n"
        "Fixed:\n"
        "    SecretId: !Ref DbSecret\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html\n",
    .check = sr110_check,
};

/* ================================================================== */
/* SR111 hosted rotation type against the database engine              */
/* ================================================================== */

static const char *const sr_hosted_families[] = {"MySQL",     "PostgreSQL", "Oracle", "MariaDB",
                                                 "SQLServer", "Redshift",   "MongoDB"};

/* Family of a RotationType ("MySQLMultiUser" -> "MySQL", multi 1), or NULL. */
static const char *sr_hosted_family(const char *type, int *multi)
{
    for (size_t i = 0; i < sizeof(sr_hosted_families) / sizeof(sr_hosted_families[0]); i++) {
        size_t n = strlen(sr_hosted_families[i]);
        if (strncmp(type, sr_hosted_families[i], n) != 0)
            continue;
        if (!strcmp(type + n, "SingleUser")) {
            *multi = 0;
            return sr_hosted_families[i];
        }
        if (!strcmp(type + n, "MultiUser")) {
            *multi = 1;
            return sr_hosted_families[i];
        }
    }
    return NULL;
}

/* Hosted family for a database resource, "" when no hosted type exists for
 * its engine, NULL when unknown (engine from a parameter). *engine gets the
 * engine as written. */
static const char *sr_engine_family(const struct sr_resource *db, const char **engine)
{
    *engine = NULL;
    if (db->kind == SR_R_REDSHIFT) {
        *engine = "redshift";
        return "Redshift";
    }
    if (db->kind == SR_R_DOCDB_CLUSTER || db->kind == SR_R_DOCDB_INSTANCE) {
        *engine = "docdb";
        return "MongoDB";
    }
    const struct sr_node *e = sr_res_prop(db, "Engine");
    if (!sr_is_literal(e))
        return NULL;
    const char *s = sr_scalar(e);
    *engine = s;
    char low[64];
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)s[n]);
    low[n] = '\0';
    if (!strcmp(low, "mysql") || !strcmp(low, "aurora") || !strcmp(low, "aurora-mysql"))
        return "MySQL";
    if (!strcmp(low, "mariadb"))
        return "MariaDB";
    if (!strcmp(low, "postgres") || !strcmp(low, "aurora-postgresql"))
        return "PostgreSQL";
    if (!strncmp(low, "oracle", 6) || !strncmp(low, "custom-oracle", 13))
        return "Oracle";
    if (!strncmp(low, "sqlserver", 9) || !strncmp(low, "custom-sqlserver", 16))
        return "SQLServer";
    if (!strcmp(low, "docdb"))
        return "MongoDB";
    return "";
}

static void sr111_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_node *h = sr_res_prop(sc, "HostedRotationLambda");
        if (!sr_is_map(h))
            continue;
        const struct sr_node *tn = sr_map_get(h, "RotationType");
        if (!sr_is_literal(tn))
            continue;
        const char *type = sr_scalar(tn);
        int multi = 0;
        const char *fam = sr_hosted_family(type, &multi);
        if (!fam) {
            sr_report(ctx, tn,
                      "RotationType '%s' of %s is not a hosted rotation type (MySQL, PostgreSQL, "
                      "Oracle, MariaDB, SQLServer, Redshift or MongoDB, then SingleUser or "
                      "MultiUser)",
                      type, sc->id);
            continue;
        }
        const struct sr_node *master = sr_map_get(h, "MasterSecretArn");
        const struct sr_node *super = sr_map_get(h, "SuperuserSecretArn");
        if (master && super)
            sr_report(ctx, super,
                      "%s sets both MasterSecretArn and SuperuserSecretArn: they are the same "
                      "setting, give one",
                      sc->id);
        else if (multi && !master && !super)
            sr_report(ctx, tn,
                      "RotationType %s of %s needs MasterSecretArn: the alternating-users "
                      "strategy clones the user with the credentials of a superuser secret",
                      type, sc->id);
        const struct sr_resource *s = sc->secret;
        const struct sr_resource *db = s ? s->database : NULL;
        if (!db && s) {
            struct sr_secret_info *in = sr_info_of(sr_cache(ctx), s);
            db = in ? in->db : NULL;
        }
        if (!db || !sr_is_db(db))
            continue;
        const char *engine;
        const char *efam = sr_engine_family(db, &engine);
        if (!efam || !strcmp(efam, fam))
            continue;
        if (!*efam)
            sr_report(ctx, tn,
                      "%s uses hosted rotation %s, but secret %s belongs to %s with engine '%s', "
                      "for which AWS hosts no rotation: use a rotation function",
                      sc->id, type, s->id, db->id, engine);
        else
            sr_report(ctx, tn,
                      "RotationType %s of %s does not match %s (engine '%s') of secret %s: use "
                      "%s%s",
                      type, sc->id, db->id, engine, s->id, efam,
                      multi ? "MultiUser" : "SingleUser");
    }
}

static const struct sr_rule sr111 = {
    .id = "SR111",
    .title = "hosted rotation type does not fit the database",
    .severity = SR_SEV_ERROR,
    .security_severity = 5.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
              "aws-properties-secretsmanager-rotationschedule-hostedrotationlambda.html",
    .explain =
        "HostedRotationLambda builds the rotation function from AWS's template for one engine. "
        "The\n"
        "14 RotationType values are MySQL, PostgreSQL, Oracle, MariaDB, SQLServer, Redshift and\n"
        "MongoDB (Amazon DocumentDB), each as SingleUser or MultiUser. A function for another\n"
        "engine cannot log in to the database and every rotation fails. The engine comes from the\n"
        "database the secret is attached to (SecretTargetAttachment) or used by: Engine of an\n"
        "AWS::RDS::DBInstance or DBCluster (mysql, aurora-mysql -> MySQL; postgres,\n"
        "aurora-postgresql -> PostgreSQL; mariadb; oracle-*; sqlserver-*), an\n"
        "AWS::Redshift::Cluster, or an AWS::DocDB cluster or instance.\n"
        "\n"
        "The MultiUser (alternating users) types need MasterSecretArn, the secret of a superuser\n"
        "that can clone the user; SuperuserSecretArn is the same setting and only one may be set.\n"
        "\n"
        "How to fix: use the RotationType of the attached engine; add MasterSecretArn for\n"
        "MultiUser.\n"
        "\n"
        "Example:\n"
        "    HostedRotationLambda:\n"
        "      RotationType: PostgreSQLMultiUser\n"
        "      MasterSecretArn: !Ref DbMasterSecret\n"
        "\n"
        "See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-properties-secretsmanager-rotationschedule-hostedrotationlambda.html\n",
    .check = sr111_check,
};

/* ================================================================== */
/* SR112 rotation function timeout too short                           */
/* ================================================================== */

#define SR_LAMBDA_DEFAULT_TIMEOUT 3

static void sr112_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    int min = ctx->cfg && ctx->cfg->min_timeout > 0 ? ctx->cfg->min_timeout : 30;
    for (size_t i = 0; i < g->nres; i++) {
        struct sr_resource *fn = g->res[i];
        if (!sr_is_fn(fn) || fn->rotating_schedules.n == 0)
            continue;
        const struct sr_node *t = sr_res_prop(fn, "Timeout");
        long long secs = SR_LAMBDA_DEFAULT_TIMEOUT;
        if (t && (!sr_is_literal(t) || sr_scalar_int(t, &secs) != 0))
            continue; /* a parameter, or SR005's business */
        if (secs >= min)
            continue;
        if (t)
            sr_report(ctx, t,
                      "rotation function %s has a Timeout of %lld s; the four rotation steps "
                      "need at least %d s",
                      fn->id, secs, min);
        else
            sr_report(ctx, sr_at(fn),
                      "rotation function %s has no Timeout, so Lambda's default of %d s "
                      "applies; the four rotation steps need at least %d s",
                      fn->id, SR_LAMBDA_DEFAULT_TIMEOUT, min);
    }
}

static const struct sr_rule sr112 = {
    .id = "SR112",
    .title = "rotation function timeout too short",
    .severity = SR_SEV_WARNING,
    .security_severity = 3.0,
    .tags = "rotation,security",
    .source = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
    .explain =
        "Secrets Manager invokes the rotation function once for each of the four steps\n"
        "(createSecret, setSecret, testSecret, finishSecret). setSecret and testSecret connect to\n"
        "the database or service, often from a VPC, and a cold start adds its own delay. Lambda's\n"
        "default Timeout is 3 seconds, too short for that: the step times out, the rotation is "
        "left\n"
        "half done with an AWSPENDING version, and the next attempt fails too. The minimum is set\n"
        "by min_rotation_timeout in .secrot-lint.yaml (default 30 seconds); "
        "Globals.Function.Timeout\n"
        "counts for SAM functions.\n"
        "\n"
        "How to fix: raise Timeout (`--fix` sets the configured minimum).\n"
        "\n"
        "Example:\n"
        "    RotationFunction:\n"
        "      Type: AWS::Serverless::Function\n"
        "      Properties:\n"
        "        Timeout: 30\n"
        "\n"
        "See https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html and\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html\n",
    .check = sr112_check,
    .fixable = 1,
};

/* ================================================================== */
/* The family table (see rules/registry.h)                             */
/* ================================================================== */

const struct sr_rule *const sr_rules_rotation[] = {
    &sr101, &sr102, &sr103, &sr104, &sr105, &sr106, &sr107,
    &sr108, &sr109, &sr110, &sr111, &sr112, NULL,
};
