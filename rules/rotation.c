/*
 * rotation.c - rotation policy rules SR101-SR112: every secret is rotated,
 * often enough for its class, by a schedule that Secrets Manager accepts,
 * with a function it can invoke, watch and give time to finish.
 *
 * Checks read the graph (schedules by secret, permissions and alarms by
 * function), the secret model (src/secret.h: class, database, schedule
 * rules) and the policy in ctx->cfg; schedule syntax and gaps come from
 * src/cron.c. Each fixable rule's planner follows its check: it reads what
 * the check recorded on the finding and writes the fix (src/fixplan.h),
 * scaffolding rotation with src/scaffold.h. Nothing here prints.
 */
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cron.h"
#include "fixplan.h"
#include "scaffold.h"
#include "secret.h"
#include "arn.h"
#include "value.h"

/* ================================================================== */
/* Shared queries                                                      */
/* ================================================================== */

static int sr_is_fn(const struct sr_resource *r)
{
    return r && (r->kind == SR_R_LAMBDA || r->kind == SR_R_SAM_FUNCTION);
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

/* ================================================================== */
/* SR101 secret has no rotation                                        */
/* ================================================================== */

/* What the policy says of the class: an external class whose review date
 * has not passed silences SR101 (1), one whose date has passed is reported
 * (2), any other class is judged by the secret model (0). */
static int sr101_external(struct sr_ctx *ctx, const struct sr_resource *s, const char *cls,
                          const char *today)
{
    const struct sr_secret_class *c = sr_config_class(ctx->cfg, cls);
    if (!c || !c->external)
        return 0;
    if (!c->review_by[0] || strcmp(today, c->review_by) <= 0)
        return 1;
    struct sr_finding *f =
        sr_report(ctx, sr_at(s),
                  "secret %s is class '%s' (not rotated by AWS: %s) but its review date %s "
                  "has passed: rotate it or review the exception",
                  s->id, cls, c->reason[0] ? c->reason : "no reason given", c->review_by);
    f->judged.secret = (struct sr_resource *)s;
    f->judged.cls = cls;
    return 2;
}

/* 1 when parameter name is an on/off switch: AllowedValues are exactly
 * true and false. */
static int sr_switch_param(const struct sr_graph *g, const char *name)
{
    const struct sr_node *av = sr_map_get(sr_graph_parameter(g, name), "AllowedValues");
    if (!sr_is_seq(av) || sr_deref(av)->n != 2)
        return 0;
    int t = 0, f = 0;
    for (size_t i = 0; i < 2; i++) {
        const char *v = sr_scalar(sr_seq_item(av, i));
        t += v && !strcasecmp(v, "true");
        f += v && !strcasecmp(v, "false");
    }
    return t == 1 && f == 1;
}

/*
 * 1 when condition name is a rotation switch the deployer sets: Fn::Equals
 * of an on/off parameter (sr_switch_param) and "true", or Fn::And of such
 * switches and the secret's own condition (secret_cond, may be NULL). The
 * rotation is then written and turned on per deployment (the scaffold keeps
 * an unfinished function off that way), which SR101 accepts.
 */
static int sr_rotation_switch(const struct sr_graph *g, const char *name, const char *secret_cond,
                              int depth)
{
    const struct sr_node *c = sr_map_get(g->t.conditions, name);
    struct sr_intrinsic in;
    if (!c || depth > 4 || !sr_intrinsic_get(c, &in) || !sr_is_seq(in.arg))
        return 0;
    const struct sr_node *args = sr_deref(in.arg);
    if (in.fn == SR_FN_EQUALS && args->n == 2) {
        for (size_t i = 0; i < 2; i++) {
            struct sr_intrinsic r, other;
            const char *lit = sr_scalar(sr_seq_item(args, 1 - i));
            if (sr_intrinsic_get(sr_seq_item(args, i), &r) && r.fn == SR_FN_REF &&
                sr_scalar(r.arg) && lit && !strcasecmp(lit, "true") &&
                !sr_intrinsic_get(sr_seq_item(args, 1 - i), &other))
                return sr_switch_param(g, sr_scalar(r.arg));
        }
        return 0;
    }
    if (in.fn != SR_FN_AND)
        return 0;
    int sw = 0, own = secret_cond == NULL;
    for (size_t i = 0; i < args->n; i++) {
        const struct sr_node *item = sr_deref(sr_seq_item(args, i));
        const char *ref =
            sr_is_map(item) && item->n == 1 && sr_scalar_eq(sr_map_key(item, 0), "Condition")
                ? sr_scalar(sr_map_val(item, 0))
                : NULL;
        if (!ref)
            return 0;
        if (secret_cond && !strcmp(ref, secret_cond))
            own = 1;
        else if (sr_rotation_switch(g, ref, NULL, depth + 1))
            sw = 1;
        else
            return 0;
    }
    return sw && own;
}

static void sr101_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    const struct sr_secrets *ss = sr_graph_secrets(g);
    char today[16];
    sr_today(today);
    for (size_t i = 0; i < ss->n; i++) {
        const struct sr_secret *sm = ss->v[i];
        struct sr_resource *s = sm->res;
        if (s->implicit || sm->kind == SR_SECRET_VALUE || sm->rotated_by)
            continue;
        if (sr101_external(ctx, s, sm->cls, today))
            continue;
        const char *kind = sr_secret_kind_name(sm->kind);
        struct sr_finding *f = NULL;
        if (sm->schedules.n > 0) {
            /* A schedule counts when it exists whenever the secret does. */
            const struct sr_resource *cond = NULL;
            int always = 0;
            for (size_t j = 0; j < sm->schedules.n; j++) {
                const struct sr_resource *sc = sm->schedules.v[j];
                if (!sc->condition || (s->condition && !strcmp(sc->condition, s->condition)) ||
                    sr_rotation_switch(g, sc->condition, s->condition, 0))
                    always = 1;
                else if (!cond)
                    cond = sc;
            }
            if (always || !cond)
                continue;
            f = sr_report(ctx, sr_at(s),
                          "rotation of secret %s can be absent: its RotationSchedule %s only "
                          "exists when condition %s is true%s%s",
                          s->id, cond->id, cond->condition,
                          s->condition ? ", and the secret is under condition " : "",
                          s->condition ? s->condition : "");
            f->judged.other = (struct sr_resource *)cond;
        } else if (sm->passed_to) {
            f = sr_report(ctx, sr_at(s),
                          "secret %s has no RotationSchedule in this template, and whether it "
                          "rotates elsewhere could not be seen: %s",
                          s->id, sm->passed_why);
            f->judged.other = sm->passed_to;
            sr_finding_severity(ctx, f, SR_SEV_INFO);
        } else {
            switch (sm->kind) {
            case SR_SECRET_VENDOR:
                f = sr_report(ctx, sr_at(s),
                              "secret %s holds a vendor-issued credential (%s) and nothing "
                              "rotates it: rotate it at the vendor and update the secret, or "
                              "declare its class external in the policy with a reason and "
                              "review_by",
                              s->id, sm->why);
                sr_finding_severity(ctx, f, SR_SEV_WARNING);
                break;
            case SR_SECRET_KEY:
                f = sr_report(ctx, sr_at(s),
                              "secret %s holds private key material (%s) and nothing renews it: "
                              "plan its renewal (a new key pair, then a new version of the "
                              "secret) rather than a rotation schedule, or declare its class "
                              "external in the policy with a reason and review_by",
                              s->id, sm->why);
                sr_finding_severity(ctx, f, SR_SEV_WARNING);
                break;
            case SR_SECRET_UNKNOWN:
                f = sr_report(ctx, sr_at(s),
                              "secret %s has no rotation, and the template does not show what it "
                              "holds (%s): add a RotationSchedule if it is a credential you can "
                              "change, or declare its class external in the policy with a reason "
                              "and review_by",
                              s->id, sm->why);
                sr_finding_severity(ctx, f, SR_SEV_WARNING);
                break;
            default:
                f = sr_report(
                    ctx, sr_at(s),
                    "secret %s holds %s (%s) and has no rotation: no "
                    "AWS::SecretsManager::RotationSchedule targets it",
                    s->id, sm->kind == SR_SECRET_DATABASE ? "database credentials" : "a credential",
                    sm->why);
                break;
            }
        }
        f->judged.secret = s;
        f->judged.cls = sm->cls;
        f->judged.kind = kind;
    }
}

/*
 * Reads judged.secret, judged.cls and judged.kind. A secret of a database
 * AWS hosts rotation for gets hosted rotation (and the attachment it
 * needs), any other credential the owner can change the scaffold of
 * scaffold.h. A vendor's credential, key material, a secret whose content
 * the template does not show and one passed to a nested stack that cannot
 * be seen get no rotation function: nothing the fixer writes could rotate
 * them.
 */
static int sr_principal_is_sm(const struct sr_node *p);

/* 1 when the secret is a JSON object with username and password keys: its
 * SecretStringTemplate and GenerateStringKey, its literal JSON, or an
 * attachment to a database (which fills in the connection keys and needs
 * them). */
static int sr101_user_password(const struct sr_secret *sm)
{
    if (!sm)
        return 0;
    if (sm->res->attachments.n)
        return 1;
    int user = 0, pass = 0;
    if (sm->gen_key && !strcmp(sm->gen_key, "password"))
        pass = 1;
    const char *k = sm->tmpl_keys;
    while (k && *k) {
        const char *e = strchr(k, ',');
        size_t n = e ? (size_t)(e - k) : strlen(k);
        if (n == 8 && !strncmp(k, "username", 8))
            user = 1;
        if (n == 8 && !strncmp(k, "password", 8))
            pass = 1;
        k = e ? e + 1 : NULL;
    }
    const char *v = sm->json ? sr_scalar(sm->value) : NULL;
    if (v) {
        struct sr_kv_span kv[32];
        size_t n = sr_json_pairs(v, strlen(v), kv, 32);
        for (size_t i = 0; i < n && i < 32; i++) {
            if (kv[i].klen == 8 && !strncmp(v + kv[i].key, "username", 8))
                user = 1;
            if (kv[i].klen == 8 && !strncmp(v + kv[i].key, "password", 8))
                pass = 1;
        }
    }
    return user && pass;
}

/* 1 when function fn is a rotation function: Secrets Manager may invoke it
 * or a schedule names it. */
static int sr101_is_rotator(const struct sr_resource *fn)
{
    if (fn->rotating_schedules.n)
        return 1;
    for (size_t i = 0; i < fn->permissions.n; i++) {
        const struct sr_resource *p = fn->permissions.v[i];
        if (sr_principal_is_sm(sr_res_prop(p, "Principal")))
            return 1;
    }
    return 0;
}

/*
 * A rotation function the template already has. One that the secret is
 * given to (its environment or its role's policy names the secret) and no
 * schedule uses is reused: a schedule points at it (with the invoke
 * permission when it has none). Any other rotation function is pointed
 * at: the fix refuses rather than adding a second one beside it. Returns 1
 * when there is none (scaffold), 0 when the fix reuses one, -1 with *why.
 */
static int sr101_reuse(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *s,
                       const struct sr_secret *sm, const struct sr_scaffold *o, const char **why)
{
    struct sr_arena *a = fx->a;
    const struct sr_resource *idle = NULL, *other = NULL;
    for (size_t k = SR_R_LAMBDA; k <= SR_R_SAM_FUNCTION; k++) {
        const struct sr_ptrvec *fns = &fx->g->by_kind[k];
        for (size_t i = 0; i < fns->n; i++) {
            const struct sr_resource *fn = fns->v[i];
            if (!fn->node || !sr101_is_rotator(fn))
                continue;
            int given = 0;
            for (size_t c = 0; sm && c < sm->consumers.n; c++) {
                const struct sr_consumer *u = sm->consumers.v[c];
                if (u->res && (u->res == fn || (fn->role && u->res == fn->role) ||
                               (u->res->owner && u->res->owner == fn)))
                    given = 1;
            }
            if (given && !fn->rotating_schedules.n && !idle)
                idle = fn;
            else if (!other)
                other = fn;
        }
    }
    if (!idle && !other)
        return 1;
    if (!idle) {
        const struct sr_resource *sc =
            other->rotating_schedules.n ? other->rotating_schedules.v[0] : NULL;
        *why = sr_arena_printf(
            a,
            "the template already has rotation function %s (%s%s): if it can rotate %s, "
            "point a RotationSchedule for %s at it; no second function is scaffolded",
            other->id, sc ? "it rotates " : "no schedule uses it",
            sc ? (sc->secret ? sc->secret->id : "a secret from outside the template") : "", s->id,
            s->id);
        return -1;
    }
    const char *perm = NULL;
    for (size_t i = 0; i < idle->permissions.n; i++) {
        const struct sr_resource *p = idle->permissions.v[i];
        if (sr_principal_is_sm(sr_res_prop(p, "Principal")))
            perm = p->id;
    }
    int added = !perm;
    if (!perm)
        perm = sr_scaffold_permission(fx, fix, s->id, idle->id, o->condition);
    int days = sr_scaffold_days(fx->cfg, o->cls ? o->cls : "default");
    const char *sched = sr_fix_new_id(fx, sr_arena_printf(a, "%sRotationSchedule", s->id));
    struct sr_fv *r = sr_fv_map(a);
    sr_fv_put(a, r, "Type", sr_fv_str(a, "AWS::SecretsManager::RotationSchedule"));
    if (o->condition)
        sr_fv_put(a, r, "Condition", sr_fv_str(a, o->condition));
    sr_fv_put(a, r, "DependsOn", sr_fv_str(a, perm));
    struct sr_fv *p = sr_fv_map(a);
    sr_fv_put(a, p, "SecretId", sr_fv_ref(a, s->id));
    sr_fv_put(a, p, "RotationLambdaARN", sr_fv_getatt(a, idle->id, "Arn"));
    struct sr_fv *rules = sr_fv_map(a);
    sr_fv_put(a, rules, "ScheduleExpression",
              sr_fv_str(a, sr_arena_printf(a, "rate(%d day%s)", days, days == 1 ? "" : "s")));
    sr_fv_put(a, rules, "Duration",
              sr_fv_str(a, fx->cfg && fx->cfg->fix_duration[0] ? fx->cfg->fix_duration : "2h"));
    sr_fv_put(a, p, "RotationRules", rules);
    sr_fv_put(a, r, "Properties", p);
    sr_fix_add_resource(fx, fix, sched, r);
    fix->what = sr_arena_printf(a, "added %s: the template's rotation function %s every %d days%s",
                                sched, idle->id, days,
                                added ? sr_arena_printf(a, ", invoked through new %s", perm) : "");
    sr_fix_unsafe(fix, fx,
                  "starts running %s on %s: check that its code rotates this secret (it rotates "
                  "at once on deploy)",
                  idle->id, s->id);
    return 0;
}

static int sr101_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    struct sr_resource *s = j->secret;
    if (!s || s->kind != SR_R_SECRET || !s->node)
        return sr_fix_refuse(fx, fix, "the finding is not on a secret of the template");
    const struct sr_secret *sm = sr_secret_get(fx->g, s);
    if (sm && sm->schedules.n > 0)
        return sr_fix_refuse(fx, fix,
                             "its RotationSchedule exists only under a condition: give the "
                             "schedule the secret's condition");
    if (sm && sm->passed_to)
        return sr_fix_refuse(fx, fix,
                             "it is passed to nested stack %s, which may rotate it: read that "
                             "template before adding rotation here",
                             sm->passed_to->id);
    if (j->kind && strcmp(j->kind, "database") != 0 && strcmp(j->kind, "service") != 0)
        return sr_fix_refuse(
            fx, fix,
            "it holds %s: a rotation function written here could not rotate it; %s, or declare "
            "it in the policy file: classes: {%s: {external: true, reason: \"...\", review_by: "
            "YYYY-MM-DD}} with Tags [{Key: secrot-lint:class, Value: %s}] on the secret",
            !strcmp(j->kind, "vendor") ? "a vendor-issued credential"
            : !strcmp(j->kind, "key")  ? "private key material"
                                       : "something the template does not show",
            !strcmp(j->kind, "vendor") ? "rotate it at the vendor"
            : !strcmp(j->kind, "key")  ? "renew the key pair"
                                       : "add a RotationSchedule if it is a credential you can "
                                         "change",
            !strcmp(j->kind, "vendor") ? "vendor" : "external",
            !strcmp(j->kind, "vendor") ? "vendor" : "external");
    const struct sr_secret_class *c = fx->cfg ? sr_config_class(fx->cfg, j->cls) : NULL;
    if (c && c->external)
        return sr_fix_refuse(fx, fix,
                             "the secret is of external class '%s': review the exception and "
                             "its review_by date in the policy file",
                             j->cls);
    struct sr_scaffold o;
    memset(&o, 0, sizeof(o));
    o.secret = s->id;
    o.condition = s->condition;
    o.cls = j->cls;
    o.db = sm ? sm->db : NULL;
    o.kms_arn = sr_scaffold_kms_arn(fx, s);
    const char *hosted = o.db ? sr_hosted_family_of(o.db, NULL) : NULL;
    if (hosted && *hosted && !sr101_user_password(sm))
        return sr_fix_refuse(
            fx, fix,
            "hosted rotation of database %s needs a JSON secret with username and password, "
            "and %s does not show both: generate it with SecretStringTemplate "
            "'{\"username\": \"...\"}' and GenerateStringKey password, or let the database "
            "manage its password (ManageMasterUserPassword)",
            o.db->id, s->id);
    if (!(hosted && *hosted)) {
        const char *why = NULL;
        int r = sr101_reuse(fx, fix, s, sm, &o, &why);
        if (r <= 0)
            return r < 0 ? sr_fix_refuse(fx, fix, "%s", why) : 0;
    }
    if (hosted && *hosted) {
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
            sr_fv_put(a, p, "TargetType", sr_fv_str(a, sr_db_target_type(o.db)));
            sr_fv_put(a, r, "Properties", p);
            sr_fix_add_resource(fx, fix, id, r);
            o.attachment = id;
        }
    } else {
        o.db = NULL;
    }
    return sr_scaffold_rotation(fx, fix, &o);
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
        "rotated when an AWS::SecretsManager::RotationSchedule targets it, whatever form its "
        "SecretId\n"
        "takes (Ref, Fn::GetAtt Id, the Ref of its SecretTargetAttachment, an Fn::Sub or Fn::Join "
        "of\n"
        "its ARN, its literal name), or when a nested stack it is passed to rotates the parameter "
        "it\n"
        "arrives in. Database master passwords that RDS, Aurora or Redshift manage\n"
        "(ManageMasterUserPassword) need no Secret resource at all.\n"
        "\n"
        "What is asked depends on what the secret holds, judged from what the template does with "
        "it;\n"
        "the evidence is in the message, and `--format json` lists the verdict for every secret:\n"
        "\n"
        "- database credentials (attached to a database, read into its password property, the "
        "same\n"
        "  parameter as its password, used by an RDS proxy) and other credentials the owner can\n"
        "  change (a generated value, a password given as a parameter, a broker user, an IAM "
        "access\n"
        "  key): error, add rotation;\n"
        "- a credential a vendor issued (a GitHub, Slack or Datadog token, an API or license key, "
        "an\n"
        "  OAuth client secret, a webhook URL, pasted in from a parameter or the console): "
        "warning,\n"
        "  rotate it at the vendor and update the secret, or declare its class external;\n"
        "- private key material (a PEM or SSH private key, a signing or client key): warning, "
        "plan\n"
        "  its renewal rather than a rotation schedule;\n"
        "- no credential at all (a name, an ARN, a URL, a username alone, a public or CA\n"
        "  certificate): not reported;\n"
        "- content the template does not show (a secret created empty, an opaque parameter):\n"
        "  warning. This is the judgement call of the rule: only the owner knows whether it can\n"
        "  rotate.\n"
        "\n"
        "A secret passed to a nested stack whose template is not a local file (an S3 URL, an\n"
        "application of the Serverless Application Repository, a computed URL, a path outside the\n"
        "linted folder) is reported at info: whether it rotates there could not be seen. Local "
        "child\n"
        "templates (TemplateURL, Location, or CDK's aws:asset:path) are read below the folder of "
        "the\n"
        "linted template, without following symbolic links, at most 4 deep and 32 files.\n"
        "\n"
        "A schedule under a Condition that the secret does not share is reported too: when the\n"
        "condition is false the secret exists without rotation.\n"
        "\n"
        "A secret AWS cannot rotate can be given a class marked external in .secrot-lint.yaml, "
        "with a\n"
        "reason and an optional review_by date, and the tag secrot-lint:class on the secret: it "
        "is\n"
        "not reported until that date has passed. `severity: {SR101: warning}` sets one severity "
        "for\n"
        "every finding of the rule; at the default each kind keeps the severity above.\n"
        "\n"
        "How to fix: add a RotationSchedule with a rotation function (or HostedRotationLambda for "
        "a\n"
        "supported database), or let RDS manage the master password. `--fix` scaffolds the "
        "schedule,\n"
        "function, role, permission and alarm for a credential the owner can change (not for a\n"
        "vendor's credential, key material or unknown content).\n"
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
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html,\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html "
        "and\n"
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "api-keys-security-sensitive.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  DbPassword:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
           "        GenerateStringKey: password\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  DbPassword:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
            "        GenerateStringKey: password\n"
            "  DbPasswordRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref DbPassword\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n",
    .check = sr101_check,
    .plan = sr101_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
};

/* ================================================================== */
/* SR102 rotation interval longer than the policy allows               */
/* ================================================================== */

static struct sr_finding *sr102_report(struct sr_ctx *ctx, const struct sr_resource *sched,
                                       const struct sr_secret_ref *ref, const struct sr_node *at,
                                       const char *what, long long gap_hours, int max_days,
                                       const char *cls)
{
    char gap[48];
    sr_fmt_gap(gap, sizeof(gap), gap_hours);
    const char *sid = ref->secret ? ref->secret->id : "its secret";
    if (!ref->secret && ref->child_secret)
        sid = ref->label;
    else if (!ref->secret && ref->db)
        sid = sr_arena_printf(ctx->arena, "the managed secret of %s", ref->db->id);
    else if (!ref->secret && ref->managed_by)
        sid = sr_arena_printf(ctx->arena, "a secret %s manages", ref->managed_by);
    struct sr_finding *f;
    if (ctx->cfg && ctx->cfg->max_rotation_days > 0)
        f = sr_report(ctx, at,
                      "RotationSchedule %s rotates %s %s apart at most (%s), more than the %d "
                      "days of --max-rotation-days",
                      sched->id, sid, gap, what, max_days);
    else
        f = sr_report(ctx, at,
                      "RotationSchedule %s rotates %s %s apart at most (%s), more than the %d "
                      "days allowed for class '%s'",
                      sched->id, sid, gap, what, max_days, cls);
    f->judged.secret = ref->secret;
    f->judged.cls = cls;
    f->judged.days = max_days;
    return f;
}

static void sr102_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rotation_rules *rv = sr_schedule_rules(ctx->g, sc);
        struct sr_secret_ref ref;
        sr_schedule_secret(ctx->g, sc, &ref);
        const char *cls = sr_secret_ref_class(ctx->g, &ref, NULL);
        int max_days = sr_config_max_days(ctx->cfg, cls);
        if (max_days <= 0)
            continue;
        long long limit = (long long)max_days * 24;
        if (rv->after_ok && rv->after_sc.max_gap_hours > limit) {
            char what[64];
            snprintf(what, sizeof(what), "AutomaticallyAfterDays %lld", rv->after_days);
            sr102_report(ctx, sc, &ref, rv->after, what, rv->after_sc.max_gap_hours, max_days, cls);
        }
        if (rv->expr_ok && rv->expr_sc.max_gap_hours > limit)
            sr102_report(ctx, sc, &ref, rv->expr, sr_scalar(rv->expr), rv->expr_sc.max_gap_hours,
                         max_days, cls);
    }
}

/* The hours of a cron() schedule's windows ("3", "1,13"), from its parse. */
static const char *sr_cron_hours(struct sr_arena *a, const struct sr_schedule *sc)
{
    char buf[96];
    size_t w = 0;
    for (int h = 0; h < 24; h++)
        if (sc->hours & (1u << h))
            w += (size_t)snprintf(buf + w, sizeof(buf) - w, "%s%d", w ? "," : "", h);
    return sr_arena_strdup(a, w ? buf : "0");
}

/*
 * Reads judged.cls (the class the check measured against) and the parsed
 * RotationRules of the schedule: AutomaticallyAfterDays and rate() get the
 * fix interval; a cron() keeps its window hours and fires on day 1 and
 * every N days after it in each month (never more than N days apart).
 */
static int sr102_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    struct sr_resource *sc = sr_fix_resource(fx, fix);
    const struct sr_node *v = fix->finding->node;
    const struct sr_node *k = sr_value_key(v);
    if (!sc || sc->kind != SR_R_SCHEDULE || !k || !sr_is_literal(v) || !j->cls)
        return sr_fix_refuse(fx, fix, "the interval is not a literal of a RotationSchedule");
    int days = sr_scaffold_days(fx->cfg, j->cls);
    struct sr_arena *a = fx->a;
    if (sr_scalar_eq(k, "AutomaticallyAfterDays")) {
        sr_fix_replace(fx, fix, v, sr_fv_num(a, days));
        fix->what =
            sr_arena_printf(a, "set AutomaticallyAfterDays to %d (class '%s')", days, j->cls);
        return 0;
    }
    const struct sr_rotation_rules *rv = sr_schedule_rules(fx->g, sc);
    if (!sr_scalar_eq(k, "ScheduleExpression") || rv->expr != v || !rv->expr_ok)
        return sr_fix_refuse(fx, fix, "the finding is not on a valid interval");
    const char *nv;
    if (rv->expr_sc.kind == SR_SCHED_RATE)
        nv = sr_arena_printf(a, "rate(%d day%s)", days, days == 1 ? "" : "s");
    else if (days >= 31)
        nv = sr_arena_printf(a, "cron(0 %s 1 * ? *)", sr_cron_hours(a, &rv->expr_sc));
    else
        nv = sr_arena_printf(a, "cron(0 %s 1/%d * ? *)", sr_cron_hours(a, &rv->expr_sc), days);
    sr_fix_replace(fx, fix, v, sr_fv_str(a, nv));
    fix->what = sr_arena_printf(a, "set ScheduleExpression to %s (class '%s' allows %d days)", nv,
                                j->cls, days);
    return 0;
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
        "Not a judgement call: the limits are the policy's. Raise a class's max_days in\n"
        ".secrot-lint.yaml, give the secret a class with the tag secrot-lint:class, or change the\n"
        "severity with `severity: {SR102: warning}`.\n"
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
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        ScheduleExpression: cron(0 2 1 */4 ? *)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        ScheduleExpression: cron(0 2 1 * ? *)\n",
    .check = sr102_check,
    .plan = sr102_plan,
};

/* ================================================================== */
/* SR103 AutomaticallyAfterDays and ScheduleExpression together        */
/* ================================================================== */

static void sr103_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rotation_rules *rv = sr_schedule_rules(ctx->g, sc);
        if (rv->after && rv->expr)
            sr_report(ctx, rv->rules_key,
                      "RotationRules of %s set both AutomaticallyAfterDays and "
                      "ScheduleExpression: Secrets Manager takes one or the other",
                      sc->id);
    }
}

/* Removes AutomaticallyAfterDays from the schedule's own RotationRules. */
static int sr103_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    struct sr_resource *sc = sr_fix_resource(fx, fix);
    const struct sr_node *props = sr_fix_own_props(sc);
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
        "Not a judgement call: CloudFormation cannot create the schedule.\n"
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
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
        "API_RotationRulesType.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        AutomaticallyAfterDays: 30\n"
           "        ScheduleExpression: cron(0 2 ? * MON *)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        ScheduleExpression: cron(0 2 ? * MON *)\n",
    .check = sr103_check,
    .plan = sr103_plan,
};

/* ================================================================== */
/* SR104 invalid ScheduleExpression                                    */
/* ================================================================== */

static void sr104_check(struct sr_ctx *ctx)
{
    const struct sr_ptrvec *v = &ctx->g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        const struct sr_rotation_rules *rv = sr_schedule_rules(ctx->g, sc);
        if (!rv->expr_literal || rv->expr_ok)
            continue;
        sr_report(ctx, rv->expr, "invalid ScheduleExpression in %s: %s (at character %zu)", sc->id,
                  rv->expr_err->message, rv->expr_err->offset + 1);
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
        "Not a judgement call: CloudFormation cannot create the schedule.\n"
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
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        Duration: 2h\n"
           "        ScheduleExpression: cron(30 2 ? * MON *)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        Duration: 2h\n"
            "        ScheduleExpression: cron(0 2 ? * MON *)\n",
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
        const struct sr_rotation_rules *rv = sr_schedule_rules(ctx->g, sc);
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
                      sc->id, rv->duration_err->message);
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
        "Not a judgement call: CloudFormation cannot create the schedule.\n"
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
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/"
        "API_RotationRulesType.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        Duration: 6h\n"
           "        ScheduleExpression: cron(0 20 ? * SUN *)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        Duration: 4h\n"
            "        ScheduleExpression: cron(0 20 ? * SUN *)\n",
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
        struct sr_secret_ref ref;
        sr_schedule_secret(ctx->g, sc, &ref);
        if (ref.db || ref.managed_by)
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
        "Not a judgement call: without a function nothing can rotate the secret.\n"
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
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n",
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
        struct sr_finding *f;
        if (wrong)
            f = sr_report(ctx, sr_at(fn),
                          "rotation function %s cannot be invoked by Secrets Manager: permission "
                          "%s allows '%s', not lambda:InvokeFunction",
                          fn->id, wrong->id, sr_scalar(sr_res_prop(wrong, "Action")));
        else
            f = sr_report(ctx, sr_at(fn),
                          "rotation function %s cannot be invoked by Secrets Manager: no "
                          "AWS::Lambda::Permission grants secretsmanager.amazonaws.com "
                          "lambda:InvokeFunction on it (it rotates %s for %s)",
                          fn->id, sc->secret ? sc->secret->id : "a secret", sc->id);
        f->judged.other = fn;
        f->judged.secret = sc->secret;
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
        if (named)
            continue;
        struct sr_finding *f =
            sr_report(ctx, sc->function_at,
                      "rotation function %s of %s cannot be invoked by Secrets Manager: no "
                      "AWS::Lambda::Permission grants secretsmanager.amazonaws.com "
                      "lambda:InvokeFunction on it (and it is not defined in this template)",
                      fv.name, sc->id);
        f->judged.other = (struct sr_resource *)sc;
        f->judged.secret = sc->secret;
        f->judged.key = fv.name;
    }
}

/*
 * A schedule names a rotation function the template does not define (the
 * seed's RotationLambda): define it under that name, with its own least
 * privilege, the permission, an alarm unless one already refers to the
 * name, and `!GetAtt Name.FunctionName` (no such attribute) made `!Ref`.
 */
static int sr107_define(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_resource *sc,
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
    sr_fix_take(fx, name);
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
    /* The schedule that names the skeleton waits for the switch too. */
    const char *on = sr_scaffold_switch(fx, fix, sc->condition);
    sr_fix_set(fx, fix, sc->node, "Condition", sr_fv_str(a, on));
    fix->what = sr_arena_printf(a,
                                "defined the missing rotation function %s, %s%s%s; schedule %s is "
                                "off until parameter %s is true: write set_secret and test_secret "
                                "in %slambda_function.py, then deploy with %s=true",
                                name, perm, alarm ? ", " : "", alarm ? alarm : "", sc->id,
                                SR_SCAFFOLD_SWITCH, sr_scaffold_handler_dir(a, o.secret),
                                SR_SCAFFOLD_SWITCH);
    sr_scaffold_skeleton_unsafe(fx, fix);
    return 0;
}

/*
 * Reads judged.other: the rotation function (a permission is added), or
 * the schedule whose undefined function judged.key names (it is defined).
 */
static int sr107_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *r = j->other;
    if (r && r->kind == SR_R_SCHEDULE && j->key)
        return sr107_define(fx, fix, r, j->key);
    if (!sr_is_fn(r) || !r->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    const struct sr_resource *s = j->secret;
    const char *id = sr_scaffold_permission(fx, fix, s ? s->id : r->id, r->id, r->condition);
    fix->what = sr_arena_printf(fx->a,
                                "added %s: secretsmanager.amazonaws.com may invoke %s from this "
                                "account (SourceAccount)",
                                id, r->id);
    sr_fix_unsafe(fix, fx,
                  "lets the schedule run %s, which could not run before: check that its code "
                  "rotates %s",
                  r->id, s ? s->id : "the secret");
    return 0;
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
        "Not a judgement call: every rotation fails with access denied.\n"
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
        "See "
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
        "rotating-secrets-required-permissions-function.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  Rotator:\n"
           "    Type: AWS::Lambda::Function\n"
           "    Properties:\n"
           "      Runtime: python3.12\n"
           "      Handler: index.handler\n"
           "      Timeout: 30\n"
           "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
           "      Code:\n"
           "        ZipFile: 'def handler(event, context): pass'\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  Rotator:\n"
            "    Type: AWS::Lambda::Function\n"
            "    Properties:\n"
            "      Runtime: python3.12\n"
            "      Handler: index.handler\n"
            "      Timeout: 30\n"
            "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
            "      Code:\n"
            "        ZipFile: 'def handler(event, context): pass'\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n"
            "  RotatorPermission:\n"
            "    Type: AWS::Lambda::Permission\n"
            "    Properties:\n"
            "      FunctionName: !GetAtt Rotator.Arn\n"
            "      Action: lambda:InvokeFunction\n"
            "      Principal: secretsmanager.amazonaws.com\n"
            "      SourceAccount: !Ref AWS::AccountId\n",
    .check = sr107_check,
    .plan = sr107_plan,
    .fix_safety = SR_FIXSAFE_UNSAFE,
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
                      "RotationSchedule %s uses HostedRotationLambda, but the template declares "
                      "no AWS::SecretsManager transform (AWS::SecretsManager-2024-09-16, or the "
                      "older -2020-07-23)",
                      sc->id);
    }
}

/* Adds the AWS::SecretsManager transform (after the SAM transform). */
static int sr108_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_node *t = sr_map_get(fx->doc->root, "Transform");
    if (t && t->kind != SR_SCALAR && t->kind != SR_SEQ)
        return sr_fix_refuse(fx, fix,
                             "Transform is a mapping: make it a list and add "
                             "AWS::SecretsManager-2024-09-16 after it");
    sr_fix_add_transform(fx, fix, "AWS::SecretsManager-2024-09-16");
    fix->what = t && t->kind == SR_SCALAR ? "made Transform a list: the existing transform, then "
                                            "AWS::SecretsManager-2024-09-16"
                                          : "added the AWS::SecretsManager-2024-09-16 transform";
    return 0;
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
        "too. The transform must be a literal name in the template's Transform: a string, a "
        "mapping\n"
        "{Name: AWS::SecretsManager-2024-09-16} (with Parameters), or an item of a list next to\n"
        "AWS::Serverless-2016-10-31.\n"
        "\n"
        "Not a judgement call: the deployment fails.\n"
        "\n"
        "How to fix: add the transform (`--fix` does).\n"
        "\n"
        "Example:\n"
        "    Transform:\n"
        "      - AWS::Serverless-2016-10-31\n"
        "      - AWS::SecretsManager-2024-09-16\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "transform-aws-secretsmanager.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  DbPassword:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
           "        GenerateStringKey: password\n"
           "  DbPasswordRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref DbPassword\n"
           "      HostedRotationLambda:\n"
           "        RotationType: PostgreSQLSingleUser\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Transform: AWS::SecretsManager-2024-09-16\n"
            "Resources:\n"
            "  DbPassword:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
            "        GenerateStringKey: password\n"
            "  DbPasswordRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref DbPassword\n"
            "      HostedRotationLambda:\n"
            "        RotationType: PostgreSQLSingleUser\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n",
    .check = sr108_check,
    .plan = sr108_plan,
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
        return !strcmp(sr_node_str(n), s);
    for (size_t i = 0; n->kind == SR_SEQ && i < n->n; i++)
        if (sr_scalar_eq(sr_seq_item(n, i), s))
            return 1;
    return 0;
}

/* Adds to fns the functions whose AWS/Lambda Errors alarm watches:
 * through its Dimensions or a metric-math MetricStat. */
static void sr_alarm_watched(struct sr_ctx *ctx, const struct sr_resource *alarm,
                             struct sr_ptrset *fns)
{
    const struct sr_graph *g = ctx->g;
    const struct sr_node *ns = sr_res_prop(alarm, "Namespace");
    if (alarm->function && sr_scalar_eq(sr_res_prop(alarm, "MetricName"), "Errors") &&
        (!ns || !sr_is_literal(ns) || sr_scalar_eq(ns, "AWS/Lambda")))
        sr_ptrset_add(ctx->arena, fns, alarm->function);
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
            if (sr_graph_value(g, sr_map_get(d, "Value"), &v) == SR_VAL_RESOURCE)
                sr_ptrset_add(ctx->arena, fns, v.res);
        }
    }
}

/* An EventBridge rule on Secrets Manager rotation failures: returns 1 when
 * it covers every rotation (no SecretId list, or one the graph cannot
 * resolve), else adds the secrets it names to secrets and returns 0. */
static int sr_rule_watched(struct sr_ctx *ctx, const struct sr_resource *rule,
                           struct sr_ptrset *secrets)
{
    const struct sr_graph *g = ctx->g;
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
        sr_ptrset_add(ctx->arena, secrets, sr_secret_of_resource(v.res));
    }
    return 0;
}

static void sr109_check(struct sr_ctx *ctx)
{
    if (ctx->cfg && !ctx->cfg->require_alarm)
        return;
    struct sr_graph *g = ctx->g;
    /* What the alarms and rules watch, read once: the functions of alarms
     * (by their FunctionName dimension, which the graph indexed, or through
     * metric math), and the secrets of EventBridge rules (or all). */
    struct sr_ptrset watched = {0}, secrets = {0};
    const struct sr_ptrvec *av = &g->by_kind[SR_R_ALARM];
    for (size_t j = 0; j < av->n; j++)
        sr_alarm_watched(ctx, av->v[j], &watched);
    int every = 0;
    const struct sr_ptrvec *ev = &g->by_kind[SR_R_EVENT_RULE];
    for (size_t j = 0; j < ev->n && !every; j++)
        every = sr_rule_watched(ctx, ev->v[j], &secrets);
    for (size_t i = 0; i < g->nres && !every; i++) {
        struct sr_resource *fn = g->res[i];
        if (!sr_is_fn(fn) || fn->rotating_schedules.n == 0)
            continue;
        int ok = sr_ptrset_has(&watched, fn);
        for (size_t j = 0; j < fn->rotating_schedules.n && !ok; j++)
            ok = sr_ptrset_has(&secrets,
                               ((struct sr_resource *)fn->rotating_schedules.v[j])->secret);
        if (ok)
            continue;
        struct sr_finding *f = sr_report(ctx, sr_at(fn),
                                         "rotation function %s has no failure alarm: no "
                                         "CloudWatch alarm on its AWS/Lambda Errors and no "
                                         "EventBridge rule on Secrets Manager RotationFailed "
                                         "events",
                                         fn->id);
        f->judged.other = fn;
        f->judged.secret = ((struct sr_resource *)fn->rotating_schedules.v[0])->secret;
    }
}

/* Reads judged.other (the function) and judged.secret (what it rotates). */
static int sr109_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *fn = j->other;
    if (!sr_is_fn(fn) || !fn->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    const char *topic = sr_scaffold_topic(fx, fix);
    const char *id =
        sr_scaffold_alarm(fx, fix, j->secret ? j->secret->id : fn->id, fn->id, fn->condition);
    int param = sr_graph_parameter(fx->g, topic) != NULL;
    fix->what = sr_arena_printf(fx->a, "added %s on the Errors of %s, notifying %s%s", id, fn->id,
                                param ? "parameter " : "new SNS topic ", topic);
    /* A topic the fix creates reaches someone only with a subscription: the
     * address is the user's to give (alarm_email), so without it the fix is
     * unsafe. A topic of the template's own (its parameter) is the author's
     * channel: safe. */
    const struct sr_resource *made = param ? NULL : sr_graph_find(fx->g, topic);
    if (!param && !made && !(fx->cfg && fx->cfg->alarm_email[0]))
        sr_fix_unsafe(fix, fx,
                      "the new SNS topic %s has no subscriber: subscribe to it, or set "
                      "alarm_email in .secrot-lint.yaml, for the alarm to reach someone",
                      topic);
    return 0;
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
        "A judgement call: a rotation that fails is silent, but monitoring often lives outside "
        "the\n"
        "stack (an account-wide EventBridge rule on RotationFailed, a central alarm stack). Where "
        "it\n"
        "does, say so: `require_alarm: false` in .secrot-lint.yaml, a suppression on the function "
        "with\n"
        "the reason, or `severity: {SR109: info}`; `severity: {SR109: error}` raises it.\n"
        "\n"
        "How to fix: add an alarm (`--fix` scaffolds one). The fix is safe when the alarm notifies "
        "a\n"
        "topic the template already has (its parameter or topic); a new topic is made otherwise,\n"
        "subscribed to alarm_email when the policy sets it, and without that address the fix is\n"
        "unsafe: nobody would hear the alarm.\n"
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
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  Rotator:\n"
           "    Type: AWS::Lambda::Function\n"
           "    Properties:\n"
           "      Runtime: python3.12\n"
           "      Handler: index.handler\n"
           "      Timeout: 30\n"
           "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
           "      Code:\n"
           "        ZipFile: 'def handler(event, context): pass'\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n"
           "  RotatorPermission:\n"
           "    Type: AWS::Lambda::Permission\n"
           "    Properties:\n"
           "      FunctionName: !GetAtt Rotator.Arn\n"
           "      Action: lambda:InvokeFunction\n"
           "      Principal: secretsmanager.amazonaws.com\n"
           "      SourceAccount: !Ref AWS::AccountId\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  Rotator:\n"
            "    Type: AWS::Lambda::Function\n"
            "    Properties:\n"
            "      Runtime: python3.12\n"
            "      Handler: index.handler\n"
            "      Timeout: 30\n"
            "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
            "      Code:\n"
            "        ZipFile: 'def handler(event, context): pass'\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n"
            "  RotatorPermission:\n"
            "    Type: AWS::Lambda::Permission\n"
            "    Properties:\n"
            "      FunctionName: !GetAtt Rotator.Arn\n"
            "      Action: lambda:InvokeFunction\n"
            "      Principal: secretsmanager.amazonaws.com\n"
            "      SourceAccount: !Ref AWS::AccountId\n"
            "  RotatorErrors:\n"
            "    Type: AWS::CloudWatch::Alarm\n"
            "    Properties:\n"
            "      Namespace: AWS/Lambda\n"
            "      MetricName: Errors\n"
            "      Dimensions:\n"
            "        - Name: FunctionName\n"
            "          Value: !Ref Rotator\n"
            "      Statistic: Sum\n"
            "      Period: 300\n"
            "      EvaluationPeriods: 1\n"
            "      Threshold: 1\n"
            "      ComparisonOperator: GreaterThanOrEqualToThreshold\n",
    .judgement = 1,
    .check = sr109_check,
    .plan = sr109_plan,
    .fix_safety = SR_FIXSAFE_BOTH,
};

/* ================================================================== */
/* SR110 several schedules for a secret, or a SecretId that is no secret */
/* ================================================================== */

/* 1 when schedule sc has DependsOn the resource r. */
static int sr_depends_on(const struct sr_resource *sc, const struct sr_resource *r)
{
    for (size_t i = 0; i < sc->out.n; i++) {
        const struct sr_edge *e = sc->out.v[i];
        if (e->kind == SR_EDGE_DEPENDSON && e->target == r)
            return 1;
    }
    return 0;
}

static void sr110_check(struct sr_ctx *ctx)
{
    struct sr_graph *g = ctx->g;
    /* Several schedules for one secret, whatever form names it. */
    const struct sr_secrets *ss = sr_graph_secrets(g);
    for (size_t i = 0; i < ss->n; i++) {
        const struct sr_secret *sm = ss->v[i];
        for (size_t k = 1; k < sm->schedules.n; k++) {
            const struct sr_resource *sc = sm->schedules.v[k];
            /* The first schedule of the secret that may exist together with it. */
            for (size_t j = 0; j < k; j++) {
                const struct sr_resource *o = sm->schedules.v[j];
                int same = (!o->condition && !sc->condition) ||
                           (o->condition && sc->condition && !strcmp(o->condition, sc->condition));
                if (!same)
                    continue;
                sr_report(ctx, sc->secret_at,
                          "secret %s already has RotationSchedule %s (line %d): a secret has "
                          "one rotation schedule",
                          sm->res->id, o->id, sr_node_pos(ctx->doc, sr_at(o)).line);
                break;
            }
        }
    }
    const struct sr_ptrvec *v = &g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        if (!sc->secret_at || sc->secret)
            continue;
        struct sr_secret_ref ref;
        if (sr_secret_ref_node(g, sc->secret_at, &ref) && ref.secret) {
            /* A template secret by its literal name or ARN: no dependency. */
            if (!sr_depends_on(sc, ref.secret))
                sr_report(ctx, sc->secret_at,
                          "SecretId of %s names secret %s by a literal name, so CloudFormation "
                          "does not know the schedule depends on it and may create the schedule "
                          "first; write !Ref %s",
                          sc->id, ref.secret->id, ref.secret->id);
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
            if (val.str && sr_arn_is_secret(val.str))
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
        "template to a secret it does not declare. A secret of this template named by its literal\n"
        "name or ARN is reported too: without a Ref CloudFormation does not know that the "
        "schedule\n"
        "depends on the secret and may create the schedule first (or add DependsOn).\n"
        "\n"
        "Not a judgement call: the schedules overwrite each other, or the stack fails.\n"
        "\n"
        "How to fix: keep one schedule per secret; point SecretId at the secret itself.\n"
        "\n"
        "Example, reported (a database, not a secret):\n"
        "    SecretId: !Ref DbInstance\n"
        "\n"
        "Fixed:\n"
        "    SecretId: !Ref DbSecret\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-resource-secretsmanager-rotationschedule.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n"
           "  ApiKeyWeeklyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !GetAtt ApiKey.Id\n"
           "      RotationLambdaARN: !Sub "
           "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(7 days)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !Sub "
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n",
    .check = sr110_check,
};

/* ================================================================== */
/* SR111 hosted rotation type against the database engine              */
/* ================================================================== */

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
        const char *fam = sr_hosted_family_of_type(type, &multi);
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
        const struct sr_secret *sm = s ? sr_secret_get(ctx->g, s) : NULL;
        const struct sr_resource *db = sm ? sm->db : NULL;
        if (!db || !sr_is_database(db))
            continue;
        const char *engine = sr_db_engine(db);
        const char *efam = sr_hosted_family_of(db, NULL);
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
        "Not a judgement call: every rotation fails to log in.\n"
        "\n"
        "How to fix: use the RotationType of the attached engine; add MasterSecretArn for\n"
        "MultiUser.\n"
        "\n"
        "Example:\n"
        "    HostedRotationLambda:\n"
        "      RotationType: PostgreSQLMultiUser\n"
        "      MasterSecretArn: !Ref DbMasterSecret\n"
        "\n"
        "See "
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/"
        "aws-properties-secretsmanager-rotationschedule-hostedrotationlambda.html\n",
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Transform: AWS::SecretsManager-2024-09-16\n"
           "Resources:\n"
           "  DbPassword:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
           "        GenerateStringKey: password\n"
           "  Db:\n"
           "    Type: AWS::RDS::DBInstance\n"
           "    Properties:\n"
           "      Engine: postgres\n"
           "      DBInstanceClass: db.t3.micro\n"
           "      AllocatedStorage: '20'\n"
           "      MasterUsername: app\n"
           "      MasterUserPassword: !Sub "
           "'{{resolve:secretsmanager:${DbPassword}:SecretString:password}}'\n"
           "  DbPasswordAttachment:\n"
           "    Type: AWS::SecretsManager::SecretTargetAttachment\n"
           "    Properties:\n"
           "      SecretId: !Ref DbPassword\n"
           "      TargetId: !Ref Db\n"
           "      TargetType: AWS::RDS::DBInstance\n"
           "  DbPasswordRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    DependsOn: DbPasswordAttachment\n"
           "    Properties:\n"
           "      SecretId: !Ref DbPassword\n"
           "      HostedRotationLambda:\n"
           "        RotationType: MySQLSingleUser\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Transform: AWS::SecretsManager-2024-09-16\n"
            "Resources:\n"
            "  DbPassword:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        SecretStringTemplate: '{\"username\": \"app\"}'\n"
            "        GenerateStringKey: password\n"
            "  Db:\n"
            "    Type: AWS::RDS::DBInstance\n"
            "    Properties:\n"
            "      Engine: postgres\n"
            "      DBInstanceClass: db.t3.micro\n"
            "      AllocatedStorage: '20'\n"
            "      MasterUsername: app\n"
            "      MasterUserPassword: !Sub "
            "'{{resolve:secretsmanager:${DbPassword}:SecretString:password}}'\n"
            "  DbPasswordAttachment:\n"
            "    Type: AWS::SecretsManager::SecretTargetAttachment\n"
            "    Properties:\n"
            "      SecretId: !Ref DbPassword\n"
            "      TargetId: !Ref Db\n"
            "      TargetType: AWS::RDS::DBInstance\n"
            "  DbPasswordRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    DependsOn: DbPasswordAttachment\n"
            "    Properties:\n"
            "      SecretId: !Ref DbPassword\n"
            "      HostedRotationLambda:\n"
            "        RotationType: PostgreSQLSingleUser\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n",
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
        struct sr_finding *f;
        if (t)
            f = sr_report(ctx, t,
                          "rotation function %s has a Timeout of %lld s; the four rotation steps "
                          "need at least %d s",
                          fn->id, secs, min);
        else
            f = sr_report(ctx, sr_at(fn),
                          "rotation function %s has no Timeout, so Lambda's default of %d s "
                          "applies; the four rotation steps need at least %d s",
                          fn->id, SR_LAMBDA_DEFAULT_TIMEOUT, min);
        f->judged.other = fn;
        f->judged.days = min; /* the minimum, in seconds */
    }
}

/* Reads judged.other (the function) and judged.days (the minimum in seconds). */
static int sr112_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    const struct sr_judgement *j = &fix->finding->judged;
    const struct sr_resource *fn = j->other;
    if (!sr_is_fn(fn) || !fn->node)
        return sr_fix_refuse(fx, fix, "the rotation function is not a resource of the template");
    sr_fix_set_prop(fx, fix, fn, "Timeout", sr_fv_num(fx->a, j->days));
    fix->what = sr_arena_printf(fx->a, "set Timeout of %s to %d seconds", fn->id, j->days);
    return 0;
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
        "A judgement call in its threshold: 30 seconds is a margin for a database in a VPC with a\n"
        "cold start; a function that rotates a key at a fast API may finish sooner. Lower\n"
        "min_rotation_timeout in .secrot-lint.yaml where that holds (or use `severity: {SR112: "
        "info}`),\n"
        "raise it for slow engines.\n"
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
    .bad = "AWSTemplateFormatVersion: '2010-09-09'\n"
           "Resources:\n"
           "  ApiKey:\n"
           "    Type: AWS::SecretsManager::Secret\n"
           "    Properties:\n"
           "      GenerateSecretString:\n"
           "        PasswordLength: 40\n"
           "  Rotator:\n"
           "    Type: AWS::Lambda::Function\n"
           "    Properties:\n"
           "      Runtime: python3.12\n"
           "      Handler: index.handler\n"
           "      Timeout: 3\n"
           "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
           "      Code:\n"
           "        ZipFile: 'def handler(event, context): pass'\n"
           "  ApiKeyRotation:\n"
           "    Type: AWS::SecretsManager::RotationSchedule\n"
           "    Properties:\n"
           "      SecretId: !Ref ApiKey\n"
           "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
           "      RotationRules:\n"
           "        ScheduleExpression: rate(30 days)\n"
           "  RotatorPermission:\n"
           "    Type: AWS::Lambda::Permission\n"
           "    Properties:\n"
           "      FunctionName: !GetAtt Rotator.Arn\n"
           "      Action: lambda:InvokeFunction\n"
           "      Principal: secretsmanager.amazonaws.com\n"
           "      SourceAccount: !Ref AWS::AccountId\n",
    .good = "AWSTemplateFormatVersion: '2010-09-09'\n"
            "Resources:\n"
            "  ApiKey:\n"
            "    Type: AWS::SecretsManager::Secret\n"
            "    Properties:\n"
            "      GenerateSecretString:\n"
            "        PasswordLength: 40\n"
            "  Rotator:\n"
            "    Type: AWS::Lambda::Function\n"
            "    Properties:\n"
            "      Runtime: python3.12\n"
            "      Handler: index.handler\n"
            "      Timeout: 30\n"
            "      Role: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/rotator\n"
            "      Code:\n"
            "        ZipFile: 'def handler(event, context): pass'\n"
            "  ApiKeyRotation:\n"
            "    Type: AWS::SecretsManager::RotationSchedule\n"
            "    Properties:\n"
            "      SecretId: !Ref ApiKey\n"
            "      RotationLambdaARN: !GetAtt Rotator.Arn\n"
            "      RotationRules:\n"
            "        ScheduleExpression: rate(30 days)\n"
            "  RotatorPermission:\n"
            "    Type: AWS::Lambda::Permission\n"
            "    Properties:\n"
            "      FunctionName: !GetAtt Rotator.Arn\n"
            "      Action: lambda:InvokeFunction\n"
            "      Principal: secretsmanager.amazonaws.com\n"
            "      SourceAccount: !Ref AWS::AccountId\n",
    .judgement = 1,
    .check = sr112_check,
    .plan = sr112_plan,
};

/* ================================================================== */
/* The family table (see rules/registry.h)                             */
/* ================================================================== */

const struct sr_rule *const sr_rules_rotation[] = {
    &sr101, &sr102, &sr103, &sr104, &sr105, &sr106, &sr107,
    &sr108, &sr109, &sr110, &sr111, &sr112, NULL,
};
