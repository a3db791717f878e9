/*
 * secret.c - the secret model, database facts and schedule rules (secret.h).
 *
 * The model is read in one pass over the graph: each secret's own
 * properties (generated or given value, its template keys, tags), its
 * attachments, and every place of the template that reads it (edges into
 * it, and dynamic references in resource properties, whatever their form).
 * The kind of each secret follows from that evidence in a fixed order,
 * strongest first; the evidence is kept for messages.
 */
#include "secret.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "credtab.h"
#include "dynref.h"
#include "intrinsic.h"
#include "secretpat.h"

#define SR_MAX_WALK_DEPTH 64

const char *sr_secret_kind_name(enum sr_secret_kind k)
{
    switch (k) {
    case SR_SECRET_DATABASE:
        return "database";
    case SR_SECRET_SERVICE:
        return "service";
    case SR_SECRET_VENDOR:
        return "vendor";
    case SR_SECRET_VALUE:
        return "value";
    case SR_SECRET_KEY:
        return "key";
    default:
        return "unknown";
    }
}

/* ---- databases ---------------------------------------------------------- */

int sr_is_database(const struct sr_resource *r)
{
    return r &&
           (r->kind == SR_R_DB_INSTANCE || r->kind == SR_R_DB_CLUSTER || r->kind == SR_R_REDSHIFT ||
            r->kind == SR_R_DOCDB_CLUSTER || r->kind == SR_R_DOCDB_INSTANCE);
}

const char *sr_db_target_type(const struct sr_resource *db)
{
    switch (db ? db->kind : SR_R_OTHER) {
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

const char *sr_db_engine(const struct sr_resource *db)
{
    if (!db)
        return NULL;
    if (db->kind == SR_R_REDSHIFT)
        return "redshift";
    if (db->kind == SR_R_DOCDB_CLUSTER || db->kind == SR_R_DOCDB_INSTANCE)
        return "docdb";
    const struct sr_node *e = sr_res_prop(db, "Engine");
    return sr_is_literal(e) ? sr_scalar(e) : NULL;
}

const char *sr_hosted_family_of(const struct sr_resource *db, const char *engine)
{
    if (db)
        engine = sr_db_engine(db);
    if (!engine)
        return NULL;
    static const struct {
        const char *prefix;
        const char *family;
        int exact;
    } map[] = {
        {"aurora-postgresql", "PostgreSQL", 1},
        {"aurora-mysql", "MySQL", 1},
        {"aurora", "MySQL", 1},
        {"mysql", "MySQL", 1},
        {"mariadb", "MariaDB", 1},
        {"postgres", "PostgreSQL", 1},
        {"oracle", "Oracle", 0},
        {"custom-oracle", "Oracle", 0},
        {"sqlserver", "SQLServer", 0},
        {"custom-sqlserver", "SQLServer", 0},
        {"redshift", "Redshift", 1},
        {"docdb", "MongoDB", 1},
        {"mongodb", "MongoDB", 1},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        size_t n = strlen(map[i].prefix);
        if (strncasecmp(engine, map[i].prefix, n) == 0 && (!map[i].exact || engine[n] == '\0'))
            return map[i].family;
    }
    return "";
}

static const char *const sr_hosted_families[] = {"MySQL",     "PostgreSQL", "Oracle", "MariaDB",
                                                 "SQLServer", "Redshift",   "MongoDB"};

const char *sr_hosted_family_of_type(const char *type, int *multi)
{
    for (size_t i = 0; type && i < sizeof(sr_hosted_families) / sizeof(sr_hosted_families[0]);
         i++) {
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

/* ---- SecretString ------------------------------------------------------- */

/* Reads a double-quoted string at s[*i] (which is '"'); returns 0 on success. */
static int sr_json_string(const char *s, size_t len, size_t *i, size_t *start, size_t *slen)
{
    size_t j = *i + 1;
    *start = j;
    while (j < len && s[j] != '"') {
        if (s[j] == '\\')
            j++;
        j++;
    }
    if (j >= len)
        return -1;
    *slen = j - *start;
    *i = j + 1;
    return 0;
}

static int sr_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t sr_json_pairs(const char *s, size_t len, struct sr_kv_span *out, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        if (s[i] != '"') {
            i++;
            continue;
        }
        size_t ks, kl;
        if (sr_json_string(s, len, &i, &ks, &kl) < 0)
            break;
        size_t j = i;
        while (j < len && sr_is_ws(s[j]))
            j++;
        if (j >= len || s[j] != ':')
            continue;
        j++;
        while (j < len && sr_is_ws(s[j]))
            j++;
        size_t vs, vl;
        if (j < len && s[j] == '"') {
            if (sr_json_string(s, len, &j, &vs, &vl) < 0)
                break;
        } else {
            vs = j;
            while (j < len && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != '\n')
                j++;
            vl = j - vs;
            while (vl > 0 && (s[vs + vl - 1] == ' ' || s[vs + vl - 1] == '\t'))
                vl--;
            if (vl > 0 && (s[vs] == '{' || s[vs] == '['))
                vl = 0; /* nested object: its own pairs follow */
        }
        out[n].key = ks;
        out[n].klen = kl;
        out[n].val = vs;
        out[n].vlen = vl;
        n++;
        i = j;
    }
    return n;
}

int sr_secret_cred_pair(const char *s, const struct sr_kv_span *p, size_t n)
{
    int entropy = -1;
    for (size_t i = 0; i < n; i++) {
        const char *v = s + p[i].val;
        if (p[i].vlen == 0 || memchr(v, SR_DYNREF_PLACEHOLDER, p[i].vlen))
            continue;
        char key[64];
        size_t kl = p[i].klen < sizeof(key) - 1 ? p[i].klen : sizeof(key) - 1;
        memcpy(key, s + p[i].key, kl);
        key[kl] = 0;
        if (sr_cred_name(key)) {
            if (sr_secret_benign(v, p[i].vlen) && p[i].vlen < 6)
                continue;
            return (int)i;
        }
        if (entropy < 0 && sr_secret_high_entropy(v, p[i].vlen) && !sr_secret_benign(v, p[i].vlen))
            entropy = (int)i;
    }
    return entropy;
}

/* End of the JSON value starting at s[i] (a string, object, array or bare
 * word), or len when it does not end. */
static size_t sr_json_skip(const char *s, size_t len, size_t i)
{
    int depth = 0, str = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (str) {
            if (c == '\\')
                i++;
            else if (c == '"') {
                str = 0;
                if (depth == 0)
                    return i + 1;
            }
            continue;
        }
        if (c == '"')
            str = 1;
        else if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']') {
            if (depth == 0)
                return i;
            if (--depth == 0)
                return i + 1;
        } else if (depth == 0 && (c == ',' || sr_is_ws(c)))
            return i;
    }
    return len;
}

const char *sr_secret_template_without(struct sr_arena *a, const char *s, size_t len,
                                       const char *key, const char **dropped)
{
    *dropped = NULL;
    size_t i = 0;
    while (i < len && sr_is_ws(s[i]))
        i++;
    if (i >= len || s[i] != '{')
        return NULL;
    char *out = sr_arena_alloc(a, len + 3);
    size_t w = 0;
    out[w++] = '{';
    i++;
    int first = 1;
    for (;;) {
        while (i < len && (sr_is_ws(s[i]) || s[i] == ','))
            i++;
        if (i >= len)
            return NULL;
        if (s[i] == '}')
            break;
        if (s[i] != '"')
            return NULL;
        size_t ks, kl, mstart = i;
        if (sr_json_string(s, len, &i, &ks, &kl) < 0)
            return NULL;
        while (i < len && sr_is_ws(s[i]))
            i++;
        if (i >= len || s[i] != ':')
            return NULL;
        i++;
        while (i < len && sr_is_ws(s[i]))
            i++;
        size_t vs = i, ve = sr_json_skip(s, len, i);
        if (ve >= len || ve == vs)
            return NULL;
        i = ve;
        const char *k = sr_arena_strndup(a, s + ks, kl);
        size_t vcs = vs, vcl = ve - vs;
        if (vcl >= 2 && s[vs] == '"') {
            vcs++;
            vcl -= 2;
        }
        struct sr_kv_span one = {0, kl, 0, vcl};
        char *pair = sr_arena_alloc(a, kl + vcl + 1);
        memcpy(pair, s + ks, kl);
        memcpy(pair + kl, s + vcs, vcl);
        one.val = kl;
        pair[kl + vcl] = 0;
        int cred = s[vs] != '{' && s[vs] != '[' && sr_secret_cred_pair(pair, &one, 1) == 0;
        if (!strcmp(k, key))
            continue;
        if (cred) {
            *dropped = *dropped ? sr_str_join(a, *dropped, ", ", k) : k;
            continue;
        }
        if (!first)
            out[w++] = ',';
        memcpy(out + w, s + mstart, ve - mstart);
        w += ve - mstart;
        first = 0;
    }
    out[w++] = '}';
    out[w] = 0;
    return out;
}

/* ---- schedules ----------------------------------------------------------- */

static void sr_rules_read_shallow(const struct sr_resource *sched, struct sr_rotation_rules *v)
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

/* Per-file caches of the model, kept in the graph. */
struct sr_views {
    struct sr_secrets secrets;
    int built;
    const struct sr_rotation_rules **rules; /* per schedule, in by_kind order */
};

static struct sr_views *sr_views_of(const struct sr_graph *cg)
{
    struct sr_graph *g = (struct sr_graph *)cg; /* the views are caches of a const graph */
    if (!g->secrets)
        g->secrets = sr_arena_alloc(g->arena, sizeof(struct sr_views));
    return g->secrets;
}

const struct sr_rotation_rules *sr_schedule_rules(const struct sr_graph *g,
                                                  const struct sr_resource *sc)
{
    struct sr_views *vw = sr_views_of(g);
    const struct sr_ptrvec *v = &g->by_kind[SR_R_SCHEDULE];
    size_t i = 0;
    while (i < v->n && v->v[i] != sc)
        i++;
    struct sr_rotation_rules *rv = sr_arena_alloc(g->arena, sizeof(*rv));
    if (i == v->n) {
        sr_rules_read_shallow(sc, rv);
        if (sr_is_literal(rv->expr)) {
            const struct sr_node *e = sr_deref(rv->expr);
            rv->expr_literal = 1;
            rv->expr_ok = sr_schedule_parse(e->str, e->len, &rv->expr_sc, &rv->expr_err) == 0;
        }
        return rv;
    }
    if (!vw->rules)
        vw->rules = sr_arena_alloc(g->arena, (v->n ? v->n : 1) * sizeof(*vw->rules));
    if (vw->rules[i])
        return vw->rules[i];
    sr_rules_read_shallow(sc, rv);
    if (sr_is_literal(rv->expr)) {
        const struct sr_node *e = sr_deref(rv->expr);
        rv->expr_literal = 1;
        /* Same expression text as an earlier schedule: copy its parse. */
        const struct sr_rotation_rules *same = NULL;
        for (size_t j = 0; j < v->n && !same; j++) {
            const struct sr_rotation_rules *o = vw->rules[j];
            if (o && o->expr_literal && !strcmp(sr_scalar(o->expr), e->str))
                same = o;
        }
        if (same) {
            rv->expr_ok = same->expr_ok;
            rv->expr_sc = same->expr_sc;
            rv->expr_err = same->expr_err;
        } else {
            rv->expr_ok = sr_schedule_parse(e->str, e->len, &rv->expr_sc, &rv->expr_err) == 0;
        }
    }
    vw->rules[i] = rv;
    return rv;
}

void sr_schedule_secret(const struct sr_graph *g, const struct sr_resource *sched,
                        struct sr_secret_ref *out)
{
    if (sched->secret) {
        memset(out, 0, sizeof(*out));
        out->secret = sched->secret;
        out->label = sched->secret->id;
        return;
    }
    sr_secret_ref_node(g, sched->secret_at, out);
}

/* ---- the model ----------------------------------------------------------- */

static void sr_add_consumer(struct sr_arena *a, struct sr_secret *s, struct sr_resource *res,
                            const struct sr_node *at, int by_value, const char *json_key,
                            int cred_prop)
{
    struct sr_consumer *c = sr_arena_alloc(a, sizeof(*c));
    c->res = res;
    c->at = at;
    c->by_value = by_value;
    c->json_key = json_key;
    c->cred_prop = cred_prop;
    sr_ptrvec_push(a, &s->consumers, c);
}

struct sr_scan {
    const struct sr_graph *g;
    struct sr_resource *res; /* the resource being walked */
    const char *type;
};

static void sr_scan_text(struct sr_scan *sc, const struct sr_node *at, const struct sr_flat *f)
{
    struct sr_arena *a = sc->g->arena;
    struct sr_dynref d[16];
    size_t nd = sr_dynref_scan(f->s, f->len, d, 16);
    for (size_t i = 0; i < nd && i < 16; i++) {
        if (d[i].kind != SR_DYNREF_SECRETSMANAGER || d[i].err)
            continue;
        struct sr_secret_ref ref;
        if (!sr_secret_ref_dynref(a, sc->g, f, d[i].secret_id.off, d[i].secret_id.len, d[i].is_arn,
                                  &ref) ||
            !ref.secret)
            continue;
        struct sr_secret *s = sr_secret_get(sc->g, ref.secret);
        if (!s)
            continue;
        const char *key = d[i].json_key.len
                              ? sr_arena_strndup(a, f->s + d[i].json_key.off, d[i].json_key.len)
                              : NULL;
        const char *path = sc->res ? sr_value_prop_path(a, sc->res->props, at) : "";
        int cred = sc->res && sr_credtab_find(sc->type, path) != NULL;
        sr_add_consumer(a, s, sc->res, at, 1, key, cred);
        if (cred && sr_is_database(sc->res) && !s->db && (!key || sr_cred_name(key)))
            s->db = sc->res;
    }
}

static int sr_may_hold_dynref(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '{' && s[i + 1] == '{')
            return 1;
    return 0;
}

static void sr_scan_walk(struct sr_scan *sc, const struct sr_node *v, int depth)
{
    v = sr_deref(v);
    if (!v || depth > SR_MAX_WALK_DEPTH)
        return;
    struct sr_intrinsic in;
    if (sr_intrinsic_get(v, &in)) {
        if (in.fn == SR_FN_SUB || in.fn == SR_FN_JOIN || in.fn == SR_FN_BASE64) {
            struct sr_flat f;
            sr_flatten(sc->g->arena, sc->g, v, &f);
            if (sr_may_hold_dynref(f.s, f.len))
                sr_scan_text(sc, v, &f);
            for (size_t i = 0; i < f.opaque.n; i++)
                if (f.opaque.v[i] != v)
                    sr_scan_walk(sc, f.opaque.v[i], depth + 1);
        } else if (in.fn != SR_FN_REF && in.fn != SR_FN_GETATT) {
            sr_scan_walk(sc, in.arg, depth + 1);
        }
        return;
    }
    if (v->kind == SR_SCALAR) {
        if (v->len > 20 && sr_may_hold_dynref(v->str, v->len)) {
            struct sr_flat f;
            sr_flatten(sc->g->arena, sc->g, v, &f);
            sr_scan_text(sc, v, &f);
        }
    } else if (v->kind == SR_MAP || v->kind == SR_SEQ) {
        size_t n = v->kind == SR_MAP ? v->n : v->n;
        for (size_t i = 0; i < n; i++)
            sr_scan_walk(sc, v->kind == SR_MAP ? v->items[2 * i + 1] : v->items[i], depth + 1);
    }
}

/* Lowercased copy of s for word tests (at most 127 bytes). */
static void sr_lower(char *out, size_t n, const char *s)
{
    size_t i = 0;
    for (; s && s[i] && i + 1 < n; i++)
        out[i] = (char)tolower((unsigned char)s[i]);
    out[i] = 0;
}

static int sr_has_word(const char *low, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strstr(low, words[i]))
            return 1;
    return 0;
}

/* Words that say a value is key material, a vendor's credential, or no
 * credential at all (in a parameter's or secret's name or description). */
static const char *const sr_key_words[] = {
    "private key", "privatekey",  "private_key", "-----begin", "pem", "ssh key",
    "sshkey",      "signing key", "keypair",     "key pair",   NULL};
static const char *const sr_vendor_words[] = {
    "github",     "gitlab",    "bitbucket", "slack",      "datadog",     "splunk",      "newrelic",
    "new relic",  "pagerduty", "twilio",    "stripe",     "sendgrid",    "okta",        "auth0",
    "salesforce", "vault",     "dockerhub", "docker hub", "npm",         "pypi",        "snyk",
    "sentry",     "jira",      "webhook",   "oauth",      "third party", "third-party", "vendor",
    "license",    "licence",   "hec",       "ingest",     NULL};
static const char *const sr_value_words[] = {
    "arn",         "name",     "username", "user name", "userid", "url",     "endpoint",
    "host",        "hostname", "port",     "bucket",    "region", "account", "id",
    "certificate", "cert",     "email",    "address",   "domain", NULL};

/* Judges text that says what a value is: a parameter's name and
 * description, or a secret's Name and Description. */
static enum sr_secret_kind sr_kind_of_words(const char *name, const char *desc)
{
    char ln[128], ld[256];
    sr_lower(ln, sizeof(ln), name);
    sr_lower(ld, sizeof(ld), desc);
    if (sr_has_word(ln, sr_key_words) || sr_has_word(ld, sr_key_words))
        return SR_SECRET_KEY;
    int cred = (name && sr_cred_name(name)) || strstr(ln, "password") || strstr(ln, "token") ||
               strstr(ln, "secret") || strstr(ln, "apikey") || strstr(ln, "api_key") ||
               strstr(ld, "password") || strstr(ld, "token") || strstr(ld, "api key");
    if (cred && (sr_has_word(ln, sr_vendor_words) || sr_has_word(ld, sr_vendor_words)))
        return SR_SECRET_VENDOR;
    if (cred)
        return SR_SECRET_SERVICE;
    if (name && *name && sr_has_word(ln, sr_value_words))
        return SR_SECRET_VALUE;
    return SR_SECRET_UNKNOWN;
}

static void sr_judge(const struct sr_graph *g, struct sr_secret *s)
{
    struct sr_arena *a = g->arena;
    struct sr_resource *r = s->res;
    const char *tag = sr_scalar(sr_res_tag(r, SR_CLASS_TAG));
    /* Kind, strongest evidence first. */
    if (s->db) {
        s->kind = SR_SECRET_DATABASE;
        s->why = r->database == s->db
                     ? sr_arena_printf(a, "it is attached to %s", s->db->id)
                     : sr_arena_printf(a, "%s reads its password from it", s->db->id);
        s->engine = sr_db_engine(s->db);
    } else if (s->hosted) {
        s->kind = SR_SECRET_DATABASE;
        s->why = "it has hosted database rotation";
    } else {
        int cred_use = 0;
        for (size_t i = 0; i < s->consumers.n && !cred_use; i++) {
            const struct sr_consumer *c = s->consumers.v[i];
            if (c->by_value && c->cred_prop && (!c->json_key || sr_cred_name(c->json_key)))
                cred_use = 1;
        }
        const struct sr_node *pdef = s->value_param ? sr_graph_parameter(g, s->value_param) : NULL;
        const char *pdesc = sr_scalar(sr_map_get(pdef, "Description"));
        const char *name = sr_scalar(sr_res_prop(r, "Name"));
        const char *desc = sr_scalar(sr_res_prop(r, "Description"));
        if (cred_use) {
            s->kind = SR_SECRET_SERVICE;
            s->why = "a resource of the template reads it as a credential";
        } else if (s->generated) {
            s->kind = SR_SECRET_SERVICE;
            s->why = "its value is generated (GenerateSecretString)";
        } else if (s->value_param) {
            s->kind = sr_kind_of_words(s->value_param, pdesc);
            if (s->kind == SR_SECRET_UNKNOWN || s->kind == SR_SECRET_SERVICE)
                s->kind = SR_SECRET_VENDOR; /* a value pasted in at deploy time */
            s->why = sr_arena_printf(a, "its value is parameter %s", s->value_param);
        } else {
            enum sr_secret_kind k = sr_kind_of_words(name ? name : r->id, desc);
            if (k == SR_SECRET_UNKNOWN)
                k = sr_kind_of_words(r->id, NULL);
            s->kind = k;
            s->why = k == SR_SECRET_UNKNOWN ? "nothing in the template says what it holds"
                                            : "its name and description say so";
        }
    }
    /* Class (DESIGN §5). */
    if (s->kind == SR_SECRET_DATABASE) {
        s->cls = "database";
        s->cls_why = s->db ? sr_arena_printf(a, "its credentials are those of %s", s->db->id)
                           : "it has hosted database rotation";
    } else if (tag && *tag) {
        s->cls = tag;
        s->cls_why = "tag " SR_CLASS_TAG;
    } else {
        s->cls = "default";
        s->cls_why = "no database or class tag";
    }
}

static void sr_secret_read(const struct sr_graph *g, struct sr_secret *s)
{
    struct sr_arena *a = g->arena;
    struct sr_resource *r = s->res;
    s->db = r->database;
    const struct sr_node *gen = sr_deref(sr_res_prop(r, "GenerateSecretString"));
    if (sr_is_map(gen)) {
        s->generated = 1;
        s->gen_key = sr_scalar(sr_map_get(gen, "GenerateStringKey"));
        const char *t = sr_scalar(sr_map_get(gen, "SecretStringTemplate"));
        if (t) {
            struct sr_kv_span p[32];
            size_t n = sr_json_pairs(t, strlen(t), p, 32);
            const char *keys = NULL;
            for (size_t i = 0; i < n; i++) {
                const char *k = sr_arena_strndup(a, t + p[i].key, p[i].klen);
                keys = keys ? sr_str_join(a, keys, ",", k) : k;
            }
            s->tmpl_keys = keys;
            s->json = 1;
        }
    }
    s->value = sr_res_prop(r, "SecretString");
    if (s->value) {
        struct sr_val v;
        if (sr_graph_value(g, s->value, &v) == SR_VAL_PARAMETER && v.whole)
            s->value_param = v.name;
        const char *lit = sr_is_literal(s->value) ? sr_scalar(s->value) : NULL;
        while (lit && sr_is_ws(*lit))
            lit++;
        if (lit && *lit == '{')
            s->json = 1;
    }
    for (size_t j = 0; j < r->schedules.n; j++) {
        const struct sr_node *h = sr_res_prop(r->schedules.v[j], "HostedRotationLambda");
        if (h) {
            s->hosted = 1;
            s->hosted_type = sr_scalar(sr_map_get(h, "RotationType"));
        }
    }
    /* Who names it (its ARN: environments, policies, other properties). */
    for (size_t j = 0; j < r->in.n; j++) {
        const struct sr_edge *e = r->in.v[j];
        if (e->kind == SR_EDGE_DEPENDSON || !e->from || e->from->kind == SR_R_SCHEDULE ||
            e->from->kind == SR_R_ATTACHMENT || e->from->kind == SR_R_SECRET_POLICY)
            continue;
        sr_add_consumer(a, s, e->from, e->at, 0, NULL, 0);
    }
}

const struct sr_secrets *sr_graph_secrets(const struct sr_graph *g)
{
    struct sr_views *vw = sr_views_of(g);
    if (vw->built)
        return &vw->secrets;
    vw->built = 1;
    struct sr_arena *a = g->arena;
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    vw->secrets.v = sr_arena_alloc(a, (sv->n ? sv->n : 1) * sizeof(*vw->secrets.v));
    for (size_t i = 0; i < sv->n; i++) {
        struct sr_secret *s = sr_arena_alloc(a, sizeof(*s));
        s->res = sv->v[i];
        vw->secrets.v[vw->secrets.n++] = s;
        sr_secret_read(g, s);
    }
    /* Dynamic references in resource properties, in any form. */
    if (vw->secrets.n) {
        for (size_t i = 0; i < g->nreal; i++) {
            struct sr_resource *r = g->res[i];
            if (!r->props || r->kind == SR_R_SECRET)
                continue;
            struct sr_scan sc = {g, r, r->type};
            sr_scan_walk(&sc, r->props, 0);
        }
        struct sr_scan sc = {g, NULL, NULL};
        sr_scan_walk(&sc, g->t.outputs, 0);
    }
    for (size_t i = 0; i < vw->secrets.n; i++)
        sr_judge(g, vw->secrets.v[i]);
    return &vw->secrets;
}

struct sr_secret *sr_secret_get(const struct sr_graph *g, const struct sr_resource *r)
{
    struct sr_resource *s = sr_secret_of_resource((struct sr_resource *)r);
    if (!s)
        return NULL;
    struct sr_views *vw = sr_views_of(g);
    if (!vw->built) {
        /* Building the model scans dynamic references, which asks for the
         * entries: allocate them first. */
        sr_graph_secrets(g);
    }
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < vw->secrets.n && i < sv->n; i++)
        if (vw->secrets.v[i]->res == s)
            return vw->secrets.v[i];
    return NULL;
}

const char *sr_secret_ref_class(const struct sr_graph *g, const struct sr_secret_ref *r,
                                const char **why)
{
    const char *w = "a secret from outside the template";
    const char *cls = "default";
    const struct sr_secret *s = r->secret ? sr_secret_get(g, r->secret) : NULL;
    if (s) {
        cls = s->cls;
        w = s->cls_why;
    } else if (r->db || r->managed_by) {
        cls = "database";
        w = sr_arena_printf(g->arena, "it is the master secret %s manages",
                            r->managed_by ? r->managed_by : "RDS");
    }
    if (why)
        *why = w;
    return cls;
}
