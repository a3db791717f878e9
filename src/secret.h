/*
 * secret.h - the secret model: what each secret of the template holds, who
 * uses it, how it rotates, and the rotation rules of each schedule.
 *
 * For every AWS::SecretsManager::Secret the model says what kind of value
 * it holds, judged from what the template does with it (DESIGN §5):
 *   database  the credentials of a database (attached by a
 *             SecretTargetAttachment, read into a database's password
 *             property, its password shared with one, rotated by a hosted
 *             database rotation, logged in with by an RDS proxy);
 *   service   a credential its owner can change: a generated value, a
 *             password given as a parameter, one read into a credential
 *             property of a resource of the template (a broker user, a
 *             directory), an IAM access key;
 *   vendor    a credential someone else issued (a token, API key, OAuth
 *             client secret or webhook URL pasted in from a parameter or
 *             the console): only the vendor can rotate it;
 *   value     not a credential (a name, an ARN, an id, a username, a URL,
 *             a public certificate);
 *   key       private key material (renewed, not rotated on a schedule);
 *   unknown   nothing in the template says (a secret created empty, an
 *             opaque parameter).
 * The evidence is read strongest first: what the template does with the
 * secret (a database or a credential property reads it, a broker or proxy
 * logs in with it), then what its value is made of (generated, the keys of
 * its JSON and where each value comes from, a whole parameter or resource
 * attribute, the shape of a literal), then what its names say (the
 * environment variables that pass it, its Name, Description and logical
 * id). The verdict keeps its evidence as a phrase for messages, the
 * rotation class derived from it (database / a secrot-lint:class tag /
 * default), its consumers, every schedule that targets it in any form, and
 * what nested stacks it is passed to do with it (nested.h). The model is
 * built once per file, on first use, in the graph's arena; rules and the
 * fixer read it.
 */
#ifndef SR_SECRET_H
#define SR_SECRET_H

#include <stddef.h>

#include "config.h"
#include "cron.h"
#include "graph.h"
#include "secretref.h"

#define SR_CLASS_TAG "secrot-lint:class"

enum sr_secret_kind {
    SR_SECRET_UNKNOWN = 0,
    SR_SECRET_DATABASE,
    SR_SECRET_SERVICE,
    SR_SECRET_VENDOR,
    SR_SECRET_VALUE,
    SR_SECRET_KEY
};

/* "database", "service", "vendor", "value", "key", "unknown". */
const char *sr_secret_kind_name(enum sr_secret_kind k);

/* One place that uses a secret. */
struct sr_consumer {
    struct sr_resource *res;  /* the resource that uses it, or NULL (Outputs, Globals) */
    const struct sr_node *at; /* the node naming the secret */
    int by_value;             /* a dynamic reference: reads the value at deploy time */
    const char *json_key;     /* the json-key a dynamic reference reads, or NULL */
    int cred_prop;            /* the value goes into a credential property */
    const char *path;         /* by_value: the property path ("Users/[]/Password"), or NULL */
};

struct sr_secret {
    struct sr_resource *res; /* the AWS::SecretsManager::Secret */
    enum sr_secret_kind kind;
    const char *why;             /* the evidence for kind, a phrase for messages */
    struct sr_resource *db;      /* the database whose credentials it holds, or NULL */
    const char *engine;          /* its engine ("mysql", "aurora-postgresql", ...), or NULL */
    const char *cls;             /* rotation class */
    const char *cls_why;         /* how the class was found */
    int generated;               /* GenerateSecretString */
    const char *gen_key;         /* GenerateStringKey, or NULL */
    const char *tmpl_keys;       /* keys of SecretStringTemplate, comma-separated, or NULL */
    int json;                    /* the value is a JSON object */
    const struct sr_node *value; /* SecretString, or NULL */
    const char *value_param;     /* the parameter that is the whole SecretString, or NULL */
    int hosted;                  /* a schedule uses HostedRotationLambda */
    const char *hosted_type;     /* its RotationType, or NULL */
    struct sr_ptrvec consumers;  /* struct sr_consumer * */
    /* Every RotationSchedule whose SecretId denotes it, in any form (Ref,
     * GetAtt, a Sub or Join of its ARN, its literal name or ARN), in
     * template order: a superset of res->schedules. */
    struct sr_ptrvec schedules;
    /* Nested stacks it is passed to as a parameter (nested.h). */
    struct sr_resource *rotated_by; /* a nested stack that rotates it, or NULL */
    const char *rotated_how;        /* "RotationSchedule R of child.yaml", for messages */
    struct sr_resource *passed_to;  /* a nested stack whose rotation of it could not be
                                       seen (its template is not local, or unreadable) */
    const char *passed_why;         /* why, a phrase for messages */
};

struct sr_secrets {
    struct sr_secret **v; /* in template order */
    size_t n;
};

/* 1 when the kind is one Secrets Manager can rotate with a function of the
 * owner's (database, service). */
int sr_secret_kind_rotatable(enum sr_secret_kind k);

/* The model of g, built on first use (lives in g's arena). */
const struct sr_secrets *sr_graph_secrets(const struct sr_graph *g);
/* The entry of secret r (or of the secret a schedule/attachment/policy r is
 * for), or NULL. */
struct sr_secret *sr_secret_get(const struct sr_graph *g, const struct sr_resource *r);
/* 1 when the secret a reference denotes rotates: sr_secret_ref_rotates(),
 * and also a template secret rotated by a schedule that names it by a
 * literal or built ARN, or by a nested stack it is passed to. */
int sr_secret_ref_rotates_in(const struct sr_graph *g, const struct sr_secret_ref *r);

/*
 * The rotation class of whatever a schedule's SecretId or a reference
 * denotes: the template secret's class, "database" for a secret RDS or
 * Redshift manages, "default" for a secret from outside the template.
 * *why (may be NULL) receives how it was found.
 */
const char *sr_secret_ref_class(const struct sr_graph *g, const struct sr_secret_ref *r,
                                const char **why);

/* ---- databases ----------------------------------------------------------- */

/* 1 for RDS instances and clusters, Redshift clusters and DocumentDB. */
int sr_is_database(const struct sr_resource *r);
/* The TargetType a SecretTargetAttachment gives for db, or NULL. */
const char *sr_db_target_type(const struct sr_resource *db);
/* The engine of db as written (a literal Engine, "redshift", "docdb"), or NULL. */
const char *sr_db_engine(const struct sr_resource *db);
/*
 * The HostedRotationLambda family ("MySQL", "PostgreSQL", "Oracle",
 * "MariaDB", "SQLServer", "Redshift", "MongoDB") for a database or, when db
 * is NULL, an engine name; NULL when AWS hosts no rotation for it.
 */
const char *sr_hosted_family_of(const struct sr_resource *db, const char *engine);
/* The family of a RotationType ("PostgreSQLMultiUser" -> "PostgreSQL",
 * *multi = 1), or NULL for an unknown type. */
const char *sr_hosted_family_of_type(const char *type, int *multi);

/* ---- rotation rules of a schedule --------------------------------------- */

struct sr_rotation_rules {
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
    const struct sr_sched_error *expr_err; /* literal and not ok: why; else NULL */
    /* Duration as a literal string. */
    int duration_literal;
    int duration_ok;
    int duration_hours;
    const struct sr_sched_error *duration_err; /* literal and not ok: why; else NULL */
};

/* The RotationRules of schedule sched, read once per file (expressions
 * with the same text are parsed once). */
const struct sr_rotation_rules *sr_schedule_rules(const struct sr_graph *g,
                                                  const struct sr_resource *sched);
/* What the schedule's SecretId denotes. */
void sr_schedule_secret(const struct sr_graph *g, const struct sr_resource *sched,
                        struct sr_secret_ref *out);

/* ---- SecretString ------------------------------------------------------- */

/* A "key": value pair found in JSON-like text (offsets into the text). */
struct sr_kv_span {
    size_t key, klen;
    size_t val, vlen; /* vlen 0: not a scalar (a nested object or list) */
};
/* Lenient scan of "key": value pairs at any depth of s (a JSON object,
 * possibly with placeholders for computed parts). Returns the number found
 * (at most max filled). */
size_t sr_json_pairs(const char *s, size_t len, struct sr_kv_span *out, size_t max);
/*
 * The pair of a SecretString's JSON text that holds the credential: the
 * first key the credential-name table knows with a value that is not a
 * placeholder and not benign, else the first value of high entropy. Returns
 * its index in pairs, or -1.
 */
int sr_secret_cred_pair(const char *s, const struct sr_kv_span *pairs, size_t n);

/*
 * The JSON object text s (len bytes) without its member key, and without
 * every other member whose value the credential test of
 * sr_secret_cred_pair() flags (their names go to *dropped, comma-separated,
 * or NULL): what a SecretStringTemplate may keep of a literal SecretString.
 * Members are copied as written. Returns NULL when s is not one JSON object.
 */
const char *sr_secret_template_without(struct sr_arena *a, const char *s, size_t len,
                                       const char *key, const char **dropped);

#endif
