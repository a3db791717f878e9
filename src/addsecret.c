/*
 * addsecret.c - the add-secret subcommand: options, the secret's value
 * tree, the rotation scaffold (scaffold.c), verification (fix.c) and the
 * write (atomic.c) or diff (diff.c). Prints what it added on stderr.
 */
#include "addsecret.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "diff.h"
#include "fix.h"
#include "readfile.h"
#include "run.h"
#include "say.h"
#include "scaffold.h"
#include "secret.h"

static const char sr_add_usage[] =
    "usage: secrot-lint add-secret FILE --name ID [--kind database|api-key|generic]\n"
    "                              [--days N] [--engine ENGINE] [--db ID] [--kms-key ID]\n"
    "                              [--username NAME] [-c CONFIG] [--diff]\n"
    "\n"
    "Adds a secret ID to the template FILE: GenerateSecretString with the policy's\n"
    "password length, KmsKeyId (--kms-key, the template's only KMS key, or a new\n"
    "parameter), DeletionPolicy and UpdateReplacePolicy Retain, and its rotation:\n"
    "hosted rotation for a database engine AWS supports (--engine, or the engine of\n"
    "--db, which also gets a SecretTargetAttachment and reads its password from the\n"
    "secret), otherwise a rotation function with its role, permission, schedule,\n"
    "alarm and a handler skeleton beside the template. --days sets the interval\n"
    "(default: the policy's for the kind). --diff prints the change instead.\n";

struct sr_add_opts {
    const char *file, *name, *kind, *engine, *db, *kms, *username, *config;
    int days, diff;
};

static int sr_add_usage_error(const char *fmt, const char *arg)
{
    char msg[1200];
    snprintf(msg, sizeof(msg), fmt, arg);
    sr_say(stderr, "secrot-lint add-secret: %s", msg);
    fputs("Try 'secrot-lint add-secret --help'.\n", stderr);
    return SR_EXIT_ERROR;
}

static int sr_valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 255)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]))
            return 0;
    return 1;
}

static int sr_parse_days(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 1000)
        return -1;
    *out = (int)v;
    return 0;
}

static int sr_add_parse(int argc, char **argv, struct sr_add_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->kind = "generic";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(sr_add_usage, stdout);
            return 1;
        }
        if (!strcmp(a, "--diff")) {
            o->diff = 1;
            continue;
        }
        if (!strcmp(a, "--name"))
            slot = &o->name;
        else if (!strcmp(a, "--kind"))
            slot = &o->kind;
        else if (!strcmp(a, "--engine"))
            slot = &o->engine;
        else if (!strcmp(a, "--db"))
            slot = &o->db;
        else if (!strcmp(a, "--kms-key"))
            slot = &o->kms;
        else if (!strcmp(a, "--username"))
            slot = &o->username;
        else if (!strcmp(a, "-c") || !strcmp(a, "--config"))
            slot = &o->config;
        if (slot || !strcmp(a, "--days")) {
            if (i + 1 >= argc)
                return sr_add_usage_error("option '%s' needs a value", a), -1;
            const char *v = argv[++i];
            if (slot)
                *slot = v;
            else if (sr_parse_days(v, &o->days) < 0)
                return sr_add_usage_error("--days takes a number from 1 to 1000, not '%s'", v), -1;
            continue;
        }
        if (a[0] == '-' && a[1])
            return sr_add_usage_error("unknown option '%s'", a), -1;
        if (o->file)
            return sr_add_usage_error("one template at a time ('%s')", a), -1;
        o->file = a;
    }
    if (!o->file)
        return sr_add_usage_error("%s", "name the template FILE"), -1;
    if (!o->name || !sr_valid_id(o->name))
        return sr_add_usage_error("--name takes a logical id (letters and digits), not '%s'",
                                  o->name ? o->name : ""),
               -1;
    if (strcmp(o->kind, "database") != 0 && strcmp(o->kind, "api-key") != 0 &&
        strcmp(o->kind, "generic") != 0)
        return sr_add_usage_error("--kind takes database, api-key or generic, not '%s'", o->kind),
               -1;
    if ((o->engine || o->db) && strcmp(o->kind, "database") != 0)
        o->kind = "database";
    return 0;
}

/* Plans the new secret and everything around it into fix. */
static int sr_add_plan(struct sr_fixer *fx, struct sr_fix *fix, const struct sr_add_opts *o,
                       const char **err)
{
    struct sr_arena *a = fx->a;
    const struct sr_graph *g = fx->g;
    if (sr_fix_name_taken(fx, o->name)) {
        *err = "the name is already a resource, parameter or output of the template";
        return -1;
    }
    sr_fix_take(fx, o->name);
    int db_kind = !strcmp(o->kind, "database");
    const char *cls = db_kind ? "database" : !strcmp(o->kind, "api-key") ? "api-key" : "default";
    int max = fx->cfg ? sr_config_max_days(fx->cfg, cls) : 0;
    if (o->days && max > 0 && o->days > max) {
        *err = sr_arena_printf(a,
                               "--days %d is more than the %d days the policy allows for "
                               "class '%s'",
                               o->days, max, cls);
        return -1;
    }
    const struct sr_resource *db = NULL;
    if (o->db) {
        db = sr_graph_find(g, o->db);
        if (!db || !sr_db_target_type(db)) {
            *err = "--db names no database (RDS, Aurora, Redshift or DocumentDB) of the template";
            return -1;
        }
        if (sr_res_prop(db, "ManageMasterUserPassword") ||
            sr_res_prop(db, "ManageMasterPassword")) {
            *err = "the database manages its master password itself (ManageMasterUserPassword)";
            return -1;
        }
    }
    const char *hosted = o->engine ? sr_hosted_family_of(NULL, o->engine) : NULL;
    if (o->engine && (!hosted || !*hosted)) {
        *err = "--engine names no engine Secrets Manager hosts rotation for (mysql, postgres, "
               "mariadb, oracle, sqlserver, redshift, mongodb)";
        return -1;
    }

    /* The key. */
    struct sr_fv *kms = NULL, *kms_arn = NULL;
    if (sr_scaffold_secret_key(fx, fix, o->kms, &kms, &kms_arn, err) < 0)
        return -1;

    /* The secret. */
    const char *user = o->username;
    if (db && !user) {
        const struct sr_node *mu = sr_res_prop(db, "MasterUsername");
        if (mu && mu->kind == SR_SCALAR && !mu->tag)
            user = sr_node_str(mu);
    }
    struct sr_new_secret ns;
    memset(&ns, 0, sizeof(ns));
    ns.id = o->name;
    ns.description = sr_arena_printf(a, "%s secret %s",
                                     db_kind                       ? "Database"
                                     : !strcmp(o->kind, "api-key") ? "API key"
                                                                   : "Generic",
                                     o->name);
    ns.kms = kms;
    ns.generate =
        db_kind ? sr_scaffold_generate(
                      fx, 0, sr_arena_printf(a, "{\"username\": \"%s\"}", user ? user : "admin"),
                      "password")
                : sr_scaffold_generate(fx, 1, NULL, NULL);
    ns.cls_tag = !strcmp(o->kind, "api-key") ? "api-key" : NULL;
    sr_scaffold_secret(fx, fix, &ns);

    /* The database reads its password from the secret. */
    const char *attachment = NULL;
    if (db) {
        attachment = sr_fix_new_id(fx, sr_arena_printf(a, "%sTargetAttachment", o->name));
        struct sr_fv *at = sr_fv_map(a);
        sr_fv_put(a, at, "Type", sr_fv_str(a, "AWS::SecretsManager::SecretTargetAttachment"));
        struct sr_fv *ap = sr_fv_map(a);
        sr_fv_put(a, ap, "SecretId", sr_fv_ref(a, o->name));
        sr_fv_put(a, ap, "TargetId", sr_fv_ref(a, db->id));
        sr_fv_put(a, ap, "TargetType", sr_fv_str(a, sr_db_target_type(db)));
        sr_fv_put(a, at, "Properties", ap);
        sr_fix_add_resource(fx, fix, attachment, at);
        struct sr_fv *dbp = sr_fv_map(a);
        sr_fv_put(a, dbp, "MasterUserPassword",
                  sr_fv_sub(a, sr_arena_printf(a,
                                               "{{resolve:secretsmanager:${%s}:SecretString:"
                                               "password}}",
                                               o->name)));
        if (!sr_res_prop(db, "MasterUsername"))
            sr_fv_put(a, dbp, "MasterUsername",
                      sr_fv_sub(a, sr_arena_printf(a,
                                                   "{{resolve:secretsmanager:${%s}:SecretString:"
                                                   "username}}",
                                                   o->name)));
        sr_fix_set(fx, fix, db->node, "Properties", dbp);
    }

    struct sr_scaffold sc;
    memset(&sc, 0, sizeof(sc));
    sc.secret = o->name;
    sc.db = db;
    sc.engine = o->engine;
    sc.kms_arn = kms_arn;
    sc.cls = cls;
    sc.days = o->days;
    sc.attachment = attachment;
    if (sr_scaffold_rotation(fx, fix, &sc) < 0) {
        *err = fix->refused;
        return -1;
    }
    return 0;
}

int sr_add_secret_main(int argc, char **argv)
{
    struct sr_add_opts o;
    int prc = sr_add_parse(argc, argv, &o);
    if (prc > 0)
        return SR_EXIT_OK;
    if (prc < 0)
        return SR_EXIT_ERROR;

    struct sr_config cfg;
    sr_config_defaults(&cfg);
    char found[4096] = "";
    if (o.config) {
        snprintf(found, sizeof(found), "%s", o.config);
    } else {
        char dir[4096], note[8400];
        snprintf(dir, sizeof(dir), "%s", o.file);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        else
            snprintf(dir, sizeof(dir), ".");
        char *root = sr_named_root(o.file);
        if (!sr_config_find(dir, root, found, sizeof(found), note, sizeof(note)))
            found[0] = '\0';
        if (note[0])
            sr_say(stderr, "secrot-lint: warning: %s", note);
        free(root);
    }
    if (found[0]) {
        struct sr_error e;
        memset(&e, 0, sizeof(e));
        if (sr_config_load(found, &cfg, &e) < 0) {
            sr_say(stderr, "%s:%d:%d: error: %s", e.file[0] ? e.file : found, e.pos.line, e.pos.col,
                   e.message);
            return SR_EXIT_ERROR;
        }
    }

    char *text;
    size_t len;
    char msg[600];
    if (sr_read_file(o.file, &text, &len, msg, sizeof(msg)) < 0) {
        sr_say(stderr, "secrot-lint: %s: %s", o.file, msg);
        return SR_EXIT_ERROR;
    }
    struct sr_result res;
    sr_lint_text(&res, o.file, text, len, &cfg);
    int rc = SR_EXIT_ERROR;
    if (!res.loaded || !res.is_template || !res.doc.root || res.doc.root->kind != SR_MAP) {
        sr_say(stderr, "secrot-lint: %s: not a template that parses%s%s", o.file,
               res.nfindings ? ": " : "", res.nfindings ? res.findings[0]->message : "");
        sr_result_release(&res);
        return SR_EXIT_ERROR;
    }
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_fixer fx;
    sr_fixer_init(&fx, &a, &res, &cfg);
    struct sr_fix *fix = sr_arena_alloc(&a, sizeof(*fix));
    const char *err = NULL;
    struct sr_result after;
    memset(&after, 0, sizeof(after));
    if (sr_add_plan(&fx, fix, &o, &err) < 0) {
        sr_say(stderr, "secrot-lint: %s: cannot add %s: %s", o.file, o.name, err);
        goto done;
    }
    if (sr_fix_apply(&a, &res, &cfg, &fix, 1, &after, &err) < 0) {
        sr_say(stderr, "secrot-lint: %s: cannot add %s: %s", o.file, o.name, err);
        goto done;
    }
    const char *file = NULL, *file_text = NULL;
    for (size_t k = 0; k < fix->nops; k++)
        if (fix->ops[k].kind == SR_FIXOP_FILE) {
            file = fix->ops[k].path;
            file_text = fix->ops[k].text;
        }
    char *file_path = NULL;
    if (file) {
        const char *slash = strrchr(o.file, '/');
        int dl = slash ? (int)(slash - o.file) + 1 : 0;
        file_path = sr_arena_printf(&a, "%.*s%s", dl, o.file, file);
    }
    char dir[4096];
    const char *rel = NULL;
    if (file_path) {
        const char *slash = strrchr(o.file, '/');
        if (slash)
            snprintf(dir, sizeof(dir), "%.*s", (int)(slash == o.file ? 1 : slash - o.file), o.file);
        else
            snprintf(dir, sizeof(dir), ".");
        rel = file;
    }
    if (o.diff) {
        int p = rel ? sr_atomic_probe_below(dir, rel, msg, sizeof(msg)) : 1;
        if (p < 0) {
            sr_say(stderr, "secrot-lint: %s: cannot add %s: cannot create %s: %s", o.file, o.name,
                   file_path, msg);
            goto done;
        }
        sr_diff_write(stdout, o.file, res.text, res.len, after.text, after.len);
        if (p == 0)
            sr_diff_write(stdout, file_path, NULL, 0, file_text, strlen(file_text));
        rc = SR_EXIT_OK;
    } else {
        /* The handler first, the template last, under the template's lock;
         * the handler goes again when the template cannot be written. */
        struct sr_atomic_undo undo = {0};
        struct sr_atomic_lock lk;
        if (sr_atomic_lock(&lk, o.file, NULL, res.text, res.len, msg, sizeof(msg)) < 0) {
            sr_say(stderr, "secrot-lint: %s: not written: %s", o.file, msg);
            goto done;
        }
        int c = rel ? sr_atomic_create_below(dir, rel, file_text, strlen(file_text), &undo, msg,
                                             sizeof(msg))
                    : 1;
        if (c < 0) {
            sr_say(stderr, "secrot-lint: %s: not written: cannot create %s: %s", o.file, file_path,
                   msg);
            sr_atomic_unlock(&lk);
            sr_atomic_undo_release(&undo);
            goto done;
        }
        if (sr_atomic_commit(&lk, after.text, after.len, msg, sizeof(msg)) < 0) {
            sr_say(stderr, "secrot-lint: %s: not written: %s", o.file, msg);
            if (sr_atomic_undo_run(&undo, msg, sizeof(msg)) < 0)
                sr_say(stderr, "secrot-lint: %s: %s", o.file, msg);
            sr_atomic_unlock(&lk);
            sr_atomic_undo_release(&undo);
            goto done;
        }
        sr_atomic_unlock(&lk);
        sr_atomic_undo_release(&undo);
        rc = SR_EXIT_OK;
        if (file_path && c == 1)
            sr_say(stderr, "%s: kept the existing %s (never overwritten)", o.file, file_path);
        else if (file_path)
            sr_say(stderr, "%s: created %s", o.file, file_path);
    }
    sr_say(stderr, "%s: %s secret %s; %s", o.file, o.diff ? "would add" : "added", o.name,
           fix->what ? fix->what : "");
done:
    if (after.text)
        sr_result_release(&after);
    sr_arena_release(&a);
    sr_result_release(&res);
    return rc;
}
