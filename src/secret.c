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
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "credtab.h"
#include "dynref.h"
#include "flow.h"
#include "intrinsic.h"
#include "nested.h"
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

/* An error kept in the arena when there is one: most schedules have none,
 * and the message buffer is the larger part of their rules. */
static const struct sr_sched_error *sr_sched_err_keep(struct sr_arena *a, int ok,
                                                      const struct sr_sched_error *e)
{
    if (ok)
        return NULL;
    struct sr_sched_error *k = sr_arena_alloc(a, sizeof(*k));
    *k = *e;
    return k;
}

/* ScheduleExpression e parsed into rv (expr_ok, expr_sc, expr_err). */
static void sr_rules_parse_expr(struct sr_arena *a, const struct sr_node *e,
                                struct sr_rotation_rules *rv)
{
    struct sr_sched_error err = {0};
    rv->expr_ok = sr_schedule_parse(sr_node_str(e), sr_node_len(e), &rv->expr_sc, &err) == 0;
    rv->expr_err = sr_sched_err_keep(a, rv->expr_ok, &err);
}

static void sr_rules_read_shallow(struct sr_arena *a, const struct sr_resource *sched,
                                  struct sr_rotation_rules *v)
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
        struct sr_sched_error err = {0};
        v->duration_ok =
            sr_duration_parse(sr_node_str(d), sr_node_len(d), &v->duration_hours, &err) == 0;
        v->duration_err = sr_sched_err_keep(a, v->duration_ok, &err);
    }
}

/* Per-file caches of the model, kept in the graph. */
struct sr_views {
    struct sr_secrets secrets;
    struct sr_secret **by_index; /* the entry of each resource index, or NULL */
    int built;
    const struct sr_rotation_rules **rules; /* per schedule, in by_kind order */
    const struct sr_rotation_rules **exprs; /* by literal ScheduleExpression text (hash) */
    size_t exprs_cap;                       /* a power of two above twice the schedules */
    struct sr_nested *nested;               /* the child templates, on first use */
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
    size_t i = sc->kind_index; /* the graph's index: constant time */
    if (i >= v->n || v->v[i] != sc)
        i = v->n; /* not a schedule of this graph */
    struct sr_rotation_rules *rv;
    if (i == v->n) {
        rv = sr_arena_alloc(g->arena, sizeof(*rv));
        sr_rules_read_shallow(g->arena, sc, rv);
        if (sr_is_literal(rv->expr)) {
            rv->expr_literal = 1;
            sr_rules_parse_expr(g->arena, sr_deref(rv->expr), rv);
        }
        return rv;
    }
    if (!vw->rules) {
        vw->rules = sr_arena_alloc(g->arena, (v->n ? v->n : 1) * sizeof(*vw->rules));
        vw->exprs_cap = 16;
        while (vw->exprs_cap < 2 * (size_t)v->n)
            vw->exprs_cap *= 2;
        vw->exprs = sr_arena_alloc(g->arena, vw->exprs_cap * sizeof(*vw->exprs));
    }
    if (vw->rules[i])
        return vw->rules[i];
    rv = sr_arena_alloc(g->arena, sizeof(*rv));
    sr_rules_read_shallow(g->arena, sc, rv);
    if (sr_is_literal(rv->expr)) {
        const struct sr_node *e = sr_deref(rv->expr);
        rv->expr_literal = 1;
        /* Same expression text as an earlier schedule: copy its parse. The
         * table holds at most one entry per schedule, so it never fills. */
        size_t mask = vw->exprs_cap - 1, h = 2166136261u;
        for (const char *c = sr_node_str(e); *c; c++)
            h = (h ^ (unsigned char)*c) * 16777619u;
        h &= mask;
        while (vw->exprs[h] && strcmp(sr_scalar(vw->exprs[h]->expr), sr_node_str(e)) != 0)
            h = (h + 1) & mask;
        const struct sr_rotation_rules *same = vw->exprs[h];
        if (!same)
            vw->exprs[h] = rv;
        if (same) {
            rv->expr_ok = same->expr_ok;
            rv->expr_sc = same->expr_sc;
            rv->expr_err = same->expr_err;
        } else {
            sr_rules_parse_expr(g->arena, e, rv);
        }
    }
    vw->rules[i] = rv;
    return rv;
}

/* The reader of g's child templates, made on first use. */
static struct sr_nested *sr_nested_of(const struct sr_graph *g)
{
    struct sr_views *vw = sr_views_of(g);
    if (!vw->nested)
        vw->nested = sr_nested_new(g, g->t.doc ? g->t.doc->path : NULL);
    return vw->nested;
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
    if (sr_secret_ref_node(g, sched->secret_at, out))
        return;
    /* An output of a local nested stack: the secret the child exports. */
    struct sr_val v;
    if (sr_graph_value(g, sched->secret_at, &v) != SR_VAL_RESOURCE || !v.whole || !v.attr ||
        strncmp(v.attr, "Outputs.", 8) != 0 || !sr_nested_is_stack(v.res))
        return;
    struct sr_nested *n = sr_nested_of(g);
    const struct sr_graph *child = NULL;
    const struct sr_node *value = sr_nested_output(n, v.res, v.attr + 8, &child);
    struct sr_secret_ref in;
    if (!value || !sr_secret_ref_node(child, value, &in) || !in.secret)
        return;
    /* The child's own model reads its children with the same reader. */
    struct sr_views *cv = sr_views_of(child);
    if (!cv->nested)
        cv->nested = sr_nested_sub(n, v.res);
    out->child_secret = in.secret;
    out->child = child;
    out->label = sr_arena_printf(g->arena, "secret %s of %s", in.secret->id,
                                 sr_nested_child(n, v.res)->path);
}

/* ---- the model ----------------------------------------------------------- */

static void sr_add_consumer(struct sr_arena *a, struct sr_secret *s, struct sr_resource *res,
                            const struct sr_node *at, int by_value, const char *json_key,
                            int cred_prop, const char *path)
{
    struct sr_consumer *c = sr_arena_alloc(a, sizeof(*c));
    c->res = res;
    c->at = at;
    c->by_value = by_value;
    c->json_key = json_key;
    c->cred_prop = cred_prop;
    c->path = path;
    sr_ptrvec_push(a, &s->consumers, c);
}

struct sr_scan {
    const struct sr_graph *g;
    struct sr_resource *res; /* the resource being walked */
    const char *type;
};

/* One dynamic reference at node at reads template secret ref. */
static void sr_scan_use(struct sr_scan *sc, const struct sr_node *at, struct sr_resource *secret,
                        const char *key)
{
    struct sr_arena *a = sc->g->arena;
    struct sr_secret *s = sr_secret_get(sc->g, secret);
    if (!s)
        return;
    const char *path = sc->res ? sr_value_prop_path(a, sc->res->props, at) : "";
    int cred = sc->res && sr_credtab_find(sc->type, path) != NULL;
    sr_add_consumer(a, s, sc->res, at, 1, key, cred, path);
    if (cred && sr_is_database(sc->res) && !s->db && (!key || sr_cred_name(key)))
        s->db = sc->res;
}

struct sr_branch_use {
    struct sr_scan *sc;
    const struct sr_node *at;
    const char *key;
};

static void sr_scan_branch(void *arg, const struct sr_node *v)
{
    struct sr_branch_use *u = arg;
    struct sr_secret_ref ref;
    if (sr_secret_ref_node(u->sc->g, v, &ref) && ref.secret)
        sr_scan_use(u->sc, u->at, ref.secret, u->key);
}

static void sr_scan_text(struct sr_scan *sc, const struct sr_node *at, const struct sr_flat *f)
{
    struct sr_arena *a = sc->g->arena;
    struct sr_dynref d[16];
    size_t nd = sr_dynref_scan(f->s, f->len, d, 16);
    for (size_t i = 0; i < nd && i < 16; i++) {
        if (d[i].kind != SR_DYNREF_SECRETSMANAGER || d[i].err)
            continue;
        const char *key = d[i].json_key.len
                              ? sr_arena_strndup(a, f->s + d[i].json_key.off, d[i].json_key.len)
                              : NULL;
        struct sr_secret_ref ref;
        if (sr_secret_ref_dynref(a, sc->g, f, d[i].secret_id.off, d[i].secret_id.len, d[i].is_arn,
                                 &ref)) {
            if (ref.secret)
                sr_scan_use(sc, at, ref.secret, key);
            continue;
        }
        /* The secret-id is an Fn::If (or another function): each secret its
         * branches name is read. */
        const struct sr_flat_ref *r =
            d[i].secret_id.len == 1 ? sr_flat_ref_at(f, d[i].secret_id.off) : NULL;
        if (r && r->val.kind == SR_VAL_COMPUTED && r->val.at) {
            struct sr_branch_use u = {sc, at, key};
            sr_each_branch(r->val.at, sr_scan_branch, &u);
        }
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
            return;
        }
        if (in.fn == SR_FN_REF || in.fn == SR_FN_GETATT)
            return;
        if (!in.short_form) {
            sr_scan_walk(sc, in.arg, depth + 1);
            return;
        }
        /* A !Tag sits on its argument: the node itself is walked below
         * (walking in.arg would find the tag again). */
    }
    if (v->kind == SR_SCALAR) {
        if (sr_node_len(v) > 20 && sr_may_hold_dynref(sr_node_str(v), sr_node_len(v))) {
            struct sr_flat f;
            sr_flatten(sc->g->arena, sc->g, v, &f);
            sr_scan_text(sc, v, &f);
        }
    } else if (v->kind == SR_MAP || v->kind == SR_SEQ) {
        for (size_t i = 0; i < v->n; i++)
            sr_scan_walk(sc, v->kind == SR_MAP ? v->items[2 * i + 1] : v->items[i], depth + 1);
    }
}

/* ---- what names and descriptions say ------------------------------------ */

/*
 * The words of an identifier or a text, lowercased, one space between and
 * one before and after: "GitHubWebhookSecret" -> " git hub webhook secret ",
 * "DB_PASSWORD" -> " db password ", "DBName" -> " db name"; ${...}
 * placeholders are left out. sq holds the letters and digits only
 * ("githubwebhooksecret"), for the names of vendors.
 */
struct sr_words {
    char w[320];
    char sq[256];
};

static void sr_words_of(struct sr_words *o, const char *s)
{
    size_t w = 0, q = 0;
    o->w[w++] = ' ';
    int prev = 0; /* 0 separator, 1 lower or digit, 2 upper */
    for (size_t i = 0; s && s[i] && w + 3 < sizeof(o->w); i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '$' && s[i + 1] == '{') {
            const char *e = strchr(s + i, '}');
            if (!e)
                break;
            i = (size_t)(e - s);
            c = ' ';
        }
        if (!isalnum(c)) {
            if (prev)
                o->w[w++] = ' ';
            prev = 0;
            continue;
        }
        int up = isupper(c) != 0;
        int next_lower = s[i + 1] && islower((unsigned char)s[i + 1]);
        if (prev && up && (prev == 1 || (prev == 2 && next_lower)))
            o->w[w++] = ' ';
        o->w[w++] = (char)tolower(c);
        if (q + 1 < sizeof(o->sq))
            o->sq[q++] = (char)tolower(c);
        prev = up ? 2 : 1;
    }
    if (w > 1 && o->w[w - 1] != ' ')
        o->w[w++] = ' ';
    o->w[w] = 0;
    o->sq[q] = 0;
}

/* 1 when the words hold phrase (words separated by single spaces). */
static int sr_has(const struct sr_words *o, const char *phrase)
{
    char pat[64];
    snprintf(pat, sizeof(pat), " %s ", phrase);
    return strstr(o->w, pat) != NULL;
}

static int sr_has_any(const struct sr_words *o, const char *const *phrases)
{
    for (size_t i = 0; phrases[i]; i++)
        if (sr_has(o, phrases[i]))
            return 1;
    return 0;
}

static int sr_sq_any(const struct sr_words *o, const char *const *parts)
{
    for (size_t i = 0; parts[i]; i++)
        if (strstr(o->sq, parts[i]))
            return 1;
    return 0;
}

/* The last word. */
static const char *sr_head(const struct sr_words *o, char *buf, size_t n)
{
    size_t len = strlen(o->w);
    while (len > 0 && o->w[len - 1] == ' ')
        len--;
    size_t st = len;
    while (st > 0 && o->w[st - 1] != ' ')
        st--;
    size_t l = len - st < n - 1 ? len - st : n - 1;
    memcpy(buf, o->w + st, l);
    buf[l] = 0;
    return buf;
}

/* Private key material (the squashed form). */
static const char *const sr_key_parts[] = {"privatekey", "signingkey", "sshkey", "pemkey",
                                           "keypair",    "rsakey",     NULL};
static const char *const sr_key_words[] = {"pem", "pfx", "p12", NULL};
/* Public material: certificates and what holds only them. */
static const char *const sr_public_words[] = {
    "certificate", "certificates", "cert",      "certs",       "public key",
    "truststore",  "trust store",  "ca bundle", "fingerprint", NULL};
/* Vendors and what only a vendor issues (the squashed form). */
static const char *const sr_vendor_parts[] = {
    "github",       "gitlab",    "bitbucket",   "slack",
    "datadog",      "splunk",    "newrelic",    "pagerduty",
    "twilio",       "stripe",    "sendgrid",    "auth0",
    "salesforce",   "dockerhub", "snyk",        "sentry",
    "atlassian",    "twitter",   "facebook",    "zendesk",
    "hubspot",      "mailchimp", "mailgun",     "openai",
    "shopify",      "paypal",    "opsgenie",    "sumologic",
    "confluent",    "circleci",  "heroku",      "cloudflare",
    "discord",      "telegram",  "google",      "webhook",
    "license",      "licence",   "oauth",       "thirdparty",
    "vendor",       "hectoken",  "ingesttoken", "personalaccesstoken",
    "clientsecret", NULL};
static const char *const sr_vendor_words[] = {"npm", "pypi", "hec", "jira", "okta", "pat", NULL};
/* Credential nouns. */
static const char *const sr_password_words[] = {
    "password",    "passwords", "passwd",         "pwd", "pass", "passphrase", "credential",
    "credentials", "creds",     "login password", NULL};
static const char *const sr_token_words[] = {"token",      "tokens",     "api key", "apikey",
                                             "access key", "secret key", "key",     "keys",
                                             "auth",       NULL};
/* Head nouns of names that name or locate something. */
static const char *const sr_value_heads[] = {
    "name",     "names",    "arn",     "arns",     "id",      "ids",    "url",      "uri",
    "urls",     "endpoint", "host",    "hostname", "port",    "bucket", "region",   "account",
    "username", "user",     "login",   "email",    "address", "domain", "path",     "prefix",
    "queue",    "topic",    "table",   "bus",      "vpc",     "subnet", "database", "db",
    "schema",   "role",     "cluster", "instance", "version", "cidr",   "ip",       "zone",
    "dns",      "engine",   "type",    "mode",     "level",   NULL};
/* For a secret's own Name, Description and logical id: only nouns that
 * cannot be the name of a credential's holder. */
static const char *const sr_own_value_heads[] = {
    "name",     "arn",  "url",    "uri",           "endpoint", "host",
    "hostname", "port", "bucket", "username",      "email",    "address",
    "domain",   "cidr", "config", "configuration", "settings", NULL};

/* Words that name a database. */
static const char *const sr_db_words[] = {"db",       "database",   "rds",     "sql",      "mysql",
                                          "postgres", "postgresql", "aurora",  "redshift", "mongo",
                                          "mongodb",  "docdb",      "mariadb", NULL};

static int sr_in(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(w, list[i]))
            return 1;
    return 0;
}

/*
 * What a name says a value is. pasted: the value comes from outside the
 * template (a parameter, a literal, the console), so that a token or API
 * key is a vendor's; own: the secret's own Name or logical id (the word
 * "secret" says nothing there). *noun receives a phrase ("a password").
 */
static enum sr_secret_kind sr_kind_of_name(const char *name, int pasted, int own, const char **noun)
{
    *noun = NULL;
    if (!name || !*name)
        return SR_SECRET_UNKNOWN;
    struct sr_words o;
    sr_words_of(&o, name);
    if ((sr_sq_any(&o, sr_key_parts) && !strstr(o.sq, "public")) || sr_has_any(&o, sr_key_words)) {
        *noun = "private key material";
        return SR_SECRET_KEY;
    }
    /* A credential noun at the end ("DomainJoinUserPassword", "ApiKey"),
     * not anywhere ("SecretValue", "PasswordLength"). */
    char head[32];
    sr_head(&o, head, sizeof(head));
    int pw = sr_in(head, sr_password_words);
    int tok = !own && sr_in(head, sr_token_words);
    int secret = !own && (!strcmp(head, "secret") || !strcmp(head, "secrets"));
    int cred = pw || tok || secret || (!own && sr_cred_name(name));
    if (strstr(o.sq, "truststore")) {
        *noun = "the password of a truststore, which holds only public certificates";
        return SR_SECRET_VALUE;
    }
    if (!cred && sr_has_any(&o, sr_public_words)) {
        *noun = "a public certificate";
        return SR_SECRET_VALUE;
    }
    int vendor = sr_sq_any(&o, sr_vendor_parts) || sr_has_any(&o, sr_vendor_words);
    if (vendor && (cred || strstr(o.sq, "webhook") || strstr(o.sq, "license") ||
                   strstr(o.sq, "licence") || sr_has(&o, "hec"))) {
        *noun = "a vendor-issued credential";
        return SR_SECRET_VENDOR;
    }
    if (pw) {
        *noun = "a password";
        return SR_SECRET_SERVICE;
    }
    if (tok || secret || cred) {
        if (pasted && !secret) {
            *noun = "a token or API key pasted in";
            return SR_SECRET_VENDOR;
        }
        *noun = "a credential";
        return SR_SECRET_SERVICE;
    }
    if (own && sr_has_any(&o, sr_db_words) &&
        (sr_has(&o, "secret") || sr_has(&o, "secrets") || sr_has(&o, "credential") ||
         sr_has(&o, "credentials") || sr_has(&o, "creds"))) {
        *noun = "the credentials of a database";
        return SR_SECRET_SERVICE;
    }
    if (*head && sr_in(head, own ? sr_own_value_heads : sr_value_heads)) {
        *noun = own ? "a name or an address" : "a name, an id or an address";
        return SR_SECRET_VALUE;
    }
    return SR_SECRET_UNKNOWN;
}

/* What a free text (a Description) says a value is: phrases only. */
static enum sr_secret_kind sr_kind_of_text(const char *text, int pasted, const char **noun)
{
    *noun = NULL;
    if (!text || !*text)
        return SR_SECRET_UNKNOWN;
    struct sr_words o;
    sr_words_of(&o, text);
    if (sr_has(&o, "private key") || sr_has(&o, "private keys") || sr_has(&o, "ssh key") ||
        sr_has(&o, "signing key") || sr_has(&o, "key pair")) {
        *noun = "private key material";
        return SR_SECRET_KEY;
    }
    int pw = sr_has_any(&o, sr_password_words);
    int tok = sr_has(&o, "token") || sr_has(&o, "api key") || sr_has(&o, "apikey") ||
              sr_has(&o, "client secret") || sr_has(&o, "access key");
    if (!pw && !tok && (sr_has(&o, "certificate") || sr_has(&o, "public key"))) {
        *noun = "a public certificate";
        return SR_SECRET_VALUE;
    }
    int vendor = sr_sq_any(&o, sr_vendor_parts) || sr_has_any(&o, sr_vendor_words);
    if (vendor && (pw || tok || strstr(o.sq, "webhook") || strstr(o.sq, "license"))) {
        *noun = "a vendor-issued credential";
        return SR_SECRET_VENDOR;
    }
    if (pw) {
        *noun = "a password";
        return SR_SECRET_SERVICE;
    }
    if (tok) {
        *noun = pasted ? "a token or API key pasted in" : "a credential";
        return pasted ? SR_SECRET_VENDOR : SR_SECRET_SERVICE;
    }
    return SR_SECRET_UNKNOWN;
}

/* ---- verdicts -------------------------------------------------------------- */

/* Evidence strength, strongest first. */
enum {
    SR_EV_NONE = 0,
    SR_EV_OWN_NAMES = 10, /* its Name, Description, logical id */
    SR_EV_ENV_NAMES = 20, /* the environment variables that pass it */
    SR_EV_CONTENT = 30,   /* what its value is made of */
    SR_EV_ARN_USE = 40,   /* a broker, proxy or registry logs in with it */
    SR_EV_CRED_USE = 50,  /* a credential property reads it (or its parameter) */
    SR_EV_DATABASE = 60   /* a database's credentials */
};

struct sr_verdict {
    enum sr_secret_kind kind;
    const char *why;
    struct sr_resource *db;
    int strength;
    int specific; /* a value judged by what it specifically is (a certificate) */
};

/* How much a kind asks of its owner, for combining parts of one value:
 * the part that most needs rotating decides. */
static int sr_need(enum sr_secret_kind k)
{
    switch (k) {
    case SR_SECRET_DATABASE:
        return 6;
    case SR_SECRET_SERVICE:
        return 5;
    case SR_SECRET_KEY:
        return 4;
    case SR_SECRET_VENDOR:
        return 3;
    case SR_SECRET_UNKNOWN:
        return 2;
    default:
        return 1;
    }
}

/* Keeps the stronger of *best and v (the first at equal strength). */
static void sr_take(struct sr_verdict *best, const struct sr_verdict *v)
{
    if (v->strength > best->strength)
        *best = *v;
}

/* Keeps the part of a value that most needs rotating. */
static void sr_take_part(struct sr_verdict *best, const struct sr_verdict *v)
{
    if (!best->why || v->strength > best->strength ||
        (v->strength == best->strength && sr_need(v->kind) > sr_need(best->kind)))
        *best = *v;
}

int sr_secret_kind_rotatable(enum sr_secret_kind k)
{
    return k == SR_SECRET_DATABASE || k == SR_SECRET_SERVICE;
}

/* The last segment of a property path, lowercased, letters and digits only. */
static void sr_last_segment(char *out, size_t n, const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    s = s ? s + 1 : (path ? path : "");
    size_t w = 0;
    for (; *s && w + 1 < n; s++)
        if (isalnum((unsigned char)*s))
            out[w++] = (char)tolower((unsigned char)*s);
    out[w] = 0;
}

/*
 * What a credential property holds: a database's password, a vendor's
 * token (the connection types to services outside AWS, and token, API key
 * and client secret properties), private key material, else a credential
 * of a service the template runs.
 */
static enum sr_secret_kind sr_prop_kind(const struct sr_resource *r, const char *path)
{
    static const char *const vendor_types[] = {"AWS::Events::Connection",
                                               "AWS::AppFlow::ConnectorProfile",
                                               "AWS::CodePipeline::Pipeline",
                                               "AWS::CodePipeline::Webhook",
                                               "AWS::CodeBuild::SourceCredential",
                                               "AWS::CodeStar::GitHubRepository",
                                               "AWS::Cognito::UserPoolIdentityProvider",
                                               "Alexa::ASK::Skill",
                                               NULL};
    static const char *const db_types[] = {"AWS::Glue::Connection",
                                           "AWS::DMS::Endpoint",
                                           "AWS::Lightsail::Database",
                                           "AWS::RedshiftServerless::Namespace",
                                           "AWS::DocDBElastic::Cluster",
                                           "AWS::Timestream::InfluxDBInstance",
                                           "AWS::Timestream::InfluxDBCluster",
                                           "AWS::QuickSight::DataSource",
                                           NULL};
    if (sr_is_database(r))
        return SR_SECRET_DATABASE;
    char last[64];
    sr_last_segment(last, sizeof(last), path);
    const char *t = r && r->type ? r->type : "";
    if (strstr(last, "privatekey") && !strstr(last, "passphrase") && !strstr(last, "password"))
        return SR_SECRET_KEY;
    for (size_t i = 0; vendor_types[i]; i++)
        if (!strcmp(t, vendor_types[i]))
            return SR_SECRET_VENDOR;
    if (!strncmp(t, "AWS::Pinpoint::", 15))
        return SR_SECRET_VENDOR;
    if (strstr(last, "token") || strstr(last, "apikey") || strstr(last, "clientsecret") ||
        strstr(last, "accesskey") || strstr(last, "sastoken"))
        return SR_SECRET_VENDOR;
    for (size_t i = 0; db_types[i]; i++)
        if (!strcmp(t, db_types[i]))
            return SR_SECRET_DATABASE;
    return SR_SECRET_SERVICE;
}

/* The innermost mapping around n that is not an intrinsic function (the
 * list item {Type, URI} around a URI's Ref), or NULL. */
static const struct sr_node *sr_enclosing_map(const struct sr_node *n)
{
    for (const struct sr_node *p = n ? n->parent : NULL; p; p = p->parent) {
        struct sr_intrinsic in;
        if (p->kind == SR_MAP && !sr_intrinsic_get(p, &in))
            return p;
    }
    return NULL;
}

static int sr_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * What a consumer naming the secret by its ARN says it holds: a function's
 * event source that authenticates to a broker with it, an RDS proxy that
 * logs in to its database, a task that pulls images from a private
 * registry. SR_SECRET_UNKNOWN when the place says nothing.
 */
static enum sr_secret_kind sr_arn_use(struct sr_arena *a, const struct sr_consumer *c,
                                      const char **why)
{
    const struct sr_resource *r = c->res;
    *why = NULL;
    if (!r || !r->props || c->by_value)
        return SR_SECRET_UNKNOWN;
    const char *path = sr_value_prop_path(a, r->props, c->at);
    const char *t = r->type ? r->type : "";
    if (sr_ends_with(path, "SourceAccessConfigurations/[]/URI")) {
        const char *type = sr_scalar(sr_map_get(sr_enclosing_map(c->at), "Type"));
        if (!type)
            return SR_SECRET_UNKNOWN;
        if (!strcmp(type, "BASIC_AUTH") || !strncmp(type, "SASL_SCRAM_", 11)) {
            *why = sr_arena_printf(a, "%s signs in to its broker with it by %s", r->id, type);
            return SR_SECRET_SERVICE;
        }
        if (!strcmp(type, "CLIENT_CERTIFICATE_TLS_AUTH")) {
            *why = sr_arena_printf(a, "%s authenticates to its broker with it by %s", r->id, type);
            return SR_SECRET_KEY;
        }
        if (!strcmp(type, "SERVER_ROOT_CA_CERTIFICATE")) {
            *why = sr_arena_printf(a, "%s reads its broker's root CA certificate from it", r->id);
            return SR_SECRET_VALUE;
        }
        return SR_SECRET_UNKNOWN;
    }
    if (!strcmp(t, "AWS::RDS::DBProxy") && sr_ends_with(path, "Auth/[]/SecretArn")) {
        *why = sr_arena_printf(a, "RDS proxy %s logs in to its database with it", r->id);
        return SR_SECRET_DATABASE;
    }
    if (sr_ends_with(path, "RepositoryCredentials/CredentialsParameter")) {
        *why =
            sr_arena_printf(a, "%s pulls container images from a private registry with it", r->id);
        return SR_SECRET_VENDOR;
    }
    if (!strcmp(t, "AWS::MSK::BatchScramSecret") || !strcmp(t, "AWS::MSK::Cluster")) {
        *why =
            sr_arena_printf(a, "the users of MSK cluster %s sign in with it by SASL/SCRAM", r->id);
        return SR_SECRET_SERVICE;
    }
    if (!strcmp(t, "AWS::DMS::Endpoint") && strstr(path, "SecretsManagerSecretId")) {
        *why = sr_arena_printf(a, "DMS endpoint %s logs in to its database with it", r->id);
        return SR_SECRET_DATABASE;
    }
    if (!strcmp(t, "AWS::SageMaker::CodeRepository")) {
        *why = sr_arena_printf(a, "%s reads its git credentials from it", r->id);
        return SR_SECRET_VENDOR;
    }
    if (!strcmp(t, "AWS::KinesisFirehose::DeliveryStream") &&
        strstr(path, "SecretsManagerConfiguration")) {
        if (strstr(path, "Snowflake")) {
            *why = sr_arena_printf(a, "%s signs in to Snowflake with its key", r->id);
            return SR_SECRET_KEY;
        }
        if (strstr(path, "Redshift")) {
            *why = sr_arena_printf(a, "%s logs in to Redshift with it", r->id);
            return SR_SECRET_DATABASE;
        }
        *why = sr_arena_printf(a, "%s delivers to a third-party endpoint with it", r->id);
        return SR_SECRET_VENDOR;
    }
    return SR_SECRET_UNKNOWN;
}

/* The name of the environment variable (or container secret) a consumer
 * passes the secret in, or NULL. */
static const char *sr_env_name(struct sr_arena *a, const struct sr_consumer *c)
{
    if (!c->res || !c->res->props)
        return NULL;
    const char *path = sr_value_prop_path(a, c->res->props, c->at);
    const char *v = strstr(path, "Variables/");
    if (v && !strchr(v + 10, '/'))
        return v + 10;
    if (sr_ends_with(path, "/Value") || sr_ends_with(path, "/ValueFrom")) {
        if (!strstr(path, "Environment") && !strstr(path, "Secrets"))
            return NULL;
        return sr_scalar(sr_map_get(sr_enclosing_map(c->at), "Name"));
    }
    return NULL;
}

/* An environment variable's name without the words that say it passes a
 * reference ("GITHUB_TOKEN_SECRET_ARN" -> "GITHUB TOKEN"). */
static const char *sr_env_subject(struct sr_arena *a, const char *name)
{
    static const char *const tail[] = {"arn", "name", "id",       "secret", "secrets",
                                       "ref", "path", "location", NULL};
    struct sr_words o;
    sr_words_of(&o, name);
    char buf[320];
    snprintf(buf, sizeof(buf), "%s", o.w);
    for (;;) {
        size_t len = strlen(buf);
        while (len > 0 && buf[len - 1] == ' ')
            buf[--len] = 0;
        char *sp = strrchr(buf, ' ');
        const char *last = sp ? sp + 1 : buf;
        if (!*last || !sr_in(last, tail))
            break;
        if (sp)
            *sp = 0;
        else
            buf[0] = 0;
    }
    return sr_arena_strdup(a, buf);
}

/* ---- what a value is made of ---------------------------------------------- */

/* The credential properties that parameters feed, read once per file. */
struct sr_param_feed {
    const char *param;
    const struct sr_sink *sink;
};

struct sr_model {
    const struct sr_graph *g;
    struct sr_param_feed *feeds;
    size_t nfeeds;
    int feeds_read;
};

static void sr_read_feeds(struct sr_model *m)
{
    if (m->feeds_read)
        return;
    m->feeds_read = 1;
    const struct sr_flows *fl = sr_graph_flows(m->g);
    size_t cap = 0;
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_CRED_PROP || !s->res)
            continue;
        for (size_t b = 0; b < s->nbranches; b++)
            cap += s->branches[b].flat.nrefs;
    }
    m->feeds = sr_arena_alloc(m->g->arena, (cap ? cap : 1) * sizeof(*m->feeds));
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *s = fl->sinks[i];
        if (s->kind != SR_SINK_CRED_PROP || !s->res)
            continue;
        for (size_t b = 0; b < s->nbranches; b++) {
            const struct sr_flat *f = &s->branches[b].flat;
            for (size_t k = 0; k < f->nrefs; k++)
                if (f->refs[k].val.kind == SR_VAL_PARAMETER && f->refs[k].val.name &&
                    m->nfeeds < cap)
                    m->feeds[m->nfeeds++] = (struct sr_param_feed){f->refs[k].val.name, s};
        }
    }
}

/* The credential property a parameter also feeds: database ones first. */
static const struct sr_sink *sr_param_sink(struct sr_model *m, const char *param)
{
    sr_read_feeds(m);
    const struct sr_sink *any = NULL;
    for (size_t i = 0; i < m->nfeeds; i++) {
        if (strcmp(m->feeds[i].param, param) != 0)
            continue;
        if (sr_is_database(m->feeds[i].sink->res))
            return m->feeds[i].sink;
        if (!any)
            any = m->feeds[i].sink;
    }
    return any;
}

/* The parameter a flat span is exactly (one placeholder), or NULL. */
static const struct sr_flat_ref *sr_span_ref(const struct sr_flat *f, size_t off, size_t len)
{
    if (len != 1 || f->s[off] != SR_DYNREF_PLACEHOLDER)
        return NULL;
    return sr_flat_ref_at(f, off);
}

/* "its password", "its value". */
static const char *sr_its(struct sr_arena *a, const char *key)
{
    return key ? sr_arena_printf(a, "its %s", key) : "its value";
}

/*
 * A parameter as (part of) a secret's value, under key (NULL: the whole
 * value): a parameter that also feeds a credential property is what that
 * property holds; else its name and description, and the key, decide.
 */
static struct sr_verdict sr_param_verdict(struct sr_model *m, const char *param, const char *key)
{
    struct sr_arena *a = m->g->arena;
    struct sr_verdict v = {.kind = SR_SECRET_UNKNOWN, .strength = SR_EV_CONTENT};
    const struct sr_sink *sk = sr_param_sink(m, param);
    if (sk) {
        v.kind = sr_prop_kind(sk->res, sk->name);
        v.why = sr_arena_printf(a, "%s is parameter %s, which %s also takes as %s", sr_its(a, key),
                                param, sk->res->id, sk->name);
        if (v.kind == SR_SECRET_DATABASE) {
            v.strength = SR_EV_DATABASE;
            v.db = sr_is_database(sk->res) ? sk->res : NULL;
        } else {
            v.strength = SR_EV_CRED_USE;
        }
        return v;
    }
    const struct sr_node *def = sr_graph_parameter(m->g, param);
    const char *pn = NULL, *dn = NULL, *kn = NULL;
    enum sr_secret_kind pk = sr_kind_of_name(param, 1, 0, &pn);
    enum sr_secret_kind dk = sr_kind_of_text(sr_scalar(sr_map_get(def, "Description")), 1, &dn);
    enum sr_secret_kind kk = key ? sr_kind_of_name(key, 1, 0, &kn) : SR_SECRET_UNKNOWN;
    /* The most specific word wins: key material, a vendor, a password. */
    enum sr_secret_kind ks[3] = {pk, kk, dk};
    const char *nouns[3] = {pn, kn, dn};
    enum sr_secret_kind k = SR_SECRET_UNKNOWN;
    const char *noun = NULL;
    static const enum sr_secret_kind order[] = {SR_SECRET_KEY, SR_SECRET_VENDOR, SR_SECRET_SERVICE,
                                                SR_SECRET_VALUE};
    /* A truststore's password, named as such by the key or the parameter,
     * guards public certificates only. */
    for (size_t i = 0; i < 2; i++)
        if (ks[i] == SR_SECRET_VALUE && nouns[i] && strstr(nouns[i], "truststore")) {
            v.kind = SR_SECRET_VALUE;
            v.specific = 1;
            v.why = sr_arena_printf(a, "%s is parameter %s, %s", sr_its(a, key), param, nouns[i]);
            return v;
        }
    for (size_t o = 0; o < 4 && k == SR_SECRET_UNKNOWN; o++)
        for (size_t i = 0; i < 3; i++)
            if (ks[i] == order[o] && k == SR_SECRET_UNKNOWN) {
                k = order[o];
                noun = nouns[i];
            }
    /* A value word loses to a credential word of the key or the other way
     * round only through the order above; a NoEcho parameter with nothing
     * else to say is some credential of unknown origin. */
    int noecho = sr_map_get(def, "NoEcho") && !sr_scalar_eq(sr_map_get(def, "NoEcho"), "false");
    if (k == SR_SECRET_UNKNOWN && noecho)
        v.why = sr_arena_printf(a, "%s is NoEcho parameter %s", sr_its(a, key), param);
    else if (k == SR_SECRET_VALUE && noun && !key)
        v.why = sr_arena_printf(a, "its value is parameter %s, %s", param, noun);
    else
        v.why = sr_arena_printf(a, "%s is parameter %s", sr_its(a, key), param);
    v.specific = k == SR_SECRET_VALUE && noun && strstr(noun, "certificate");
    v.kind = k;
    return v;
}

/* 1 when the n bytes of needle occur in the len bytes of s. */
static int sr_mem_has(const char *s, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n <= len && i + n <= len; i++)
        if (s[i] == needle[0] && !memcmp(s + i, needle, n))
            return 1;
    return 0;
}

/* A literal (part of a) value: its shape, and the key. */
static struct sr_verdict sr_literal_verdict(struct sr_arena *a, const char *s, size_t len,
                                            const char *key)
{
    struct sr_verdict v = {.kind = SR_SECRET_UNKNOWN, .strength = SR_EV_CONTENT};
    while (len && sr_is_ws(*s)) {
        s++;
        len--;
    }
    const char *kn = NULL;
    enum sr_secret_kind kk = key ? sr_kind_of_name(key, 1, 0, &kn) : SR_SECRET_UNKNOWN;
    if (len >= 11 && !strncmp(s, "-----BEGIN ", 11)) {
        int priv = sr_mem_has(s, len, "PRIVATE KEY", 11);
        v.kind = priv ? SR_SECRET_KEY : SR_SECRET_VALUE;
        v.specific = !priv;
        v.why = sr_arena_printf(a, "%s is a literal %s", sr_its(a, key),
                                priv ? "private key" : "certificate or public key");
        return v;
    }
    if (len >= 8 && (!strncmp(s, "ssh-rsa ", 8) || !strncmp(s, "ssh-ed25519 ", 12))) {
        v.kind = SR_SECRET_VALUE;
        v.why = sr_arena_printf(a, "%s is a literal SSH public key", sr_its(a, key));
        return v;
    }
    struct sr_secret_hit h[2];
    size_t nh = sr_secret_scan(s, len, h, 2);
    for (size_t i = 0; i < nh && i < 2; i++) {
        enum sr_pat p = h[i].pat;
        if (p == SR_PAT_GITHUB || p == SR_PAT_SLACK || p == SR_PAT_SLACK_WEBHOOK ||
            p == SR_PAT_STRIPE || p == SR_PAT_GOOGLE_API || p == SR_PAT_GOOGLE_OAUTH) {
            v.kind = SR_SECRET_VENDOR;
            v.why = sr_arena_printf(a, "%s is a literal %s", sr_its(a, key), sr_secret_pat_name(p));
            return v;
        }
        if (p == SR_PAT_PRIVATE_KEY) {
            v.kind = SR_SECRET_KEY;
            v.why = sr_arena_printf(a, "%s is a literal private key", sr_its(a, key));
            return v;
        }
        if (p == SR_PAT_AWS_SECRET_KEY || p == SR_PAT_BASIC_AUTH_URL) {
            v.kind = SR_SECRET_SERVICE;
            v.why = sr_arena_printf(a, "%s is a literal %s", sr_its(a, key), sr_secret_pat_name(p));
            return v;
        }
    }
    int blank = sr_secret_placeholder(s, len) || len == 0;
    if (kk == SR_SECRET_SERVICE || kk == SR_SECRET_VENDOR || kk == SR_SECRET_KEY) {
        v.kind = kk;
        v.why = blank ? sr_arena_printf(a, "%s is a placeholder, set outside the template",
                                        sr_its(a, key))
                      : sr_arena_printf(a, "%s is written in the template", sr_its(a, key));
        return v;
    }
    if (!blank && !sr_secret_benign(s, len) && sr_secret_high_entropy(s, len)) {
        v.kind = SR_SECRET_SERVICE;
        v.why = sr_arena_printf(a, "%s is a literal high-entropy value", sr_its(a, key));
        return v;
    }
    if (len >= 4 && (!strncmp(s, "arn:", 4) || sr_mem_has(s, len, "://", 3))) {
        int hook = sr_mem_has(s, len, "hook", 4);
        v.kind = hook ? SR_SECRET_VENDOR : SR_SECRET_VALUE;
        v.why = sr_arena_printf(a, "%s is a literal %s", sr_its(a, key),
                                hook                     ? "webhook URL"
                                : !strncmp(s, "arn:", 4) ? "ARN"
                                                         : "URL");
        return v;
    }
    if (kk == SR_SECRET_VALUE || (key && !blank)) {
        v.kind = SR_SECRET_VALUE;
        v.why = sr_arena_printf(a, "%s is a literal", sr_its(a, key));
        return v;
    }
    if (blank)
        v.why = sr_arena_printf(a, "%s is a placeholder, set outside the template", sr_its(a, key));
    return v;
}

/* A reference to a resource or pseudo parameter as (part of) a value. */
static struct sr_verdict sr_ref_verdict(struct sr_arena *a, const struct sr_val *val,
                                        const char *key)
{
    struct sr_verdict v = {.kind = SR_SECRET_VALUE, .strength = SR_EV_CONTENT};
    if (val->kind == SR_VAL_PSEUDO) {
        v.why = sr_arena_printf(a, "%s is %s", sr_its(a, key), val->name);
        return v;
    }
    const struct sr_resource *r = val->res;
    if (val->attr && r && sr_credtab_secret_attr(r->type, val->attr)) {
        v.kind = SR_SECRET_SERVICE;
        v.why = sr_arena_printf(a, "%s is the %s of %s", sr_its(a, key), val->attr, r->id);
        return v;
    }
    if (r && r->kind == SR_R_SECRET) {
        v.kind = SR_SECRET_SERVICE;
        v.why = sr_arena_printf(a, "%s is read from secret %s", sr_its(a, key), r->id);
        return v;
    }
    v.why =
        sr_arena_printf(a, "%s is the %s of %s (%s)", sr_its(a, key), val->attr ? val->attr : "Ref",
                        r ? r->id : val->name, r && r->type ? r->type : "no type");
    return v;
}

/* One part of a value (a JSON member, or the whole) at span [off, len) of f. */
static struct sr_verdict sr_part_verdict(struct sr_model *m, const struct sr_flat *f, size_t off,
                                         size_t len, const char *key)
{
    struct sr_arena *a = m->g->arena;
    const struct sr_flat_ref *r = sr_span_ref(f, off, len);
    if (r) {
        const struct sr_val *val = &r->val;
        if (val->kind == SR_VAL_PARAMETER)
            return sr_param_verdict(m, val->name, key);
        if (val->kind == SR_VAL_RESOURCE || val->kind == SR_VAL_PSEUDO)
            return sr_ref_verdict(a, val, key);
        struct sr_verdict v = {.kind = SR_SECRET_UNKNOWN, .strength = SR_EV_CONTENT};
        const char *kn;
        enum sr_secret_kind kk = key ? sr_kind_of_name(key, 1, 0, &kn) : SR_SECRET_UNKNOWN;
        v.kind = kk;
        v.why = sr_arena_printf(a, "%s is computed at deploy time", sr_its(a, key));
        return v;
    }
    const char *s = f->s + off;
    if (len >= 10 && sr_mem_has(s, len, "{{resolve:", 10)) {
        const char *kn;
        enum sr_secret_kind kk = key ? sr_kind_of_name(key, 1, 0, &kn) : SR_SECRET_UNKNOWN;
        struct sr_verdict v = {
            .kind = kk == SR_SECRET_UNKNOWN || kk == SR_SECRET_VALUE ? SR_SECRET_SERVICE : kk,
            .why = sr_arena_printf(a, "%s is read from another secret", sr_its(a, key)),
            .strength = SR_EV_CONTENT};
        return v;
    }
    /* Text around references: the parameters in it speak first. */
    struct sr_verdict best = {.kind = SR_SECRET_UNKNOWN};
    if (memchr(s, SR_DYNREF_PLACEHOLDER, len)) {
        for (size_t i = 0; i < len; i++) {
            const struct sr_flat_ref *fr =
                s[i] == SR_DYNREF_PLACEHOLDER ? sr_flat_ref_at(f, off + i) : NULL;
            if (!fr || fr->val.kind != SR_VAL_PARAMETER)
                continue;
            struct sr_verdict pv = sr_param_verdict(m, fr->val.name, key);
            if (pv.kind != SR_SECRET_VALUE && pv.kind != SR_SECRET_UNKNOWN)
                sr_take_part(&best, &pv);
        }
        if (best.why)
            return best;
    }
    return sr_literal_verdict(a, s, len, key);
}

/* Names of the JSON members that hold no credential, for the evidence. */
static const char *sr_keys_list(struct sr_arena *a, const char *s, const struct sr_kv_span *p,
                                size_t n)
{
    const char *out = NULL;
    for (size_t i = 0; i < n && i < 6; i++) {
        const char *k = sr_arena_strndup(a, s + p[i].key, p[i].klen);
        out = out ? sr_str_join(a, out, ", ", k) : k;
    }
    return out ? out : "";
}

/* What a SecretString value (one Fn::If branch) holds. */
static struct sr_verdict sr_value_verdict(struct sr_model *m, const struct sr_node *value)
{
    struct sr_arena *a = m->g->arena;
    struct sr_flat f;
    sr_flatten(a, m->g, value, &f);
    size_t i = 0;
    while (i < f.len && sr_is_ws(f.s[i]))
        i++;
    if (i < f.len && f.s[i] == '{') {
        struct sr_kv_span p[32];
        size_t n = sr_json_pairs(f.s, f.len, p, 32);
        if (n > 0) {
            struct sr_verdict best = {.kind = SR_SECRET_UNKNOWN};
            struct sr_verdict *specific = NULL;
            int all_value = 1;
            for (size_t k = 0; k < n && k < 32; k++) {
                if (p[k].vlen == 0)
                    continue;
                const char *key = sr_arena_strndup(a, f.s + p[k].key, p[k].klen);
                struct sr_verdict v = sr_part_verdict(m, &f, p[k].val, p[k].vlen, key);
                if (v.kind != SR_SECRET_VALUE)
                    all_value = 0;
                if (v.specific && !specific) {
                    specific = sr_arena_alloc(a, sizeof(*specific));
                    *specific = v;
                }
                sr_take_part(&best, &v);
            }
            if (all_value && best.why && !specific) {
                best.kind = SR_SECRET_VALUE;
                best.why = sr_arena_printf(a, "it holds only %s, no credential",
                                           sr_keys_list(a, f.s, p, n));
            } else if (all_value && specific) {
                best = *specific;
            }
            if (best.why)
                return best;
        }
    }
    return sr_part_verdict(m, &f, 0, f.len, NULL);
}

struct sr_props_walk {
    struct sr_model *m;
    struct sr_verdict best;
};

/* One branch of a secret's Properties. */
static void sr_props_branch(void *arg, const struct sr_node *props)
{
    struct sr_props_walk *w = arg;
    struct sr_arena *a = w->m->g->arena;
    props = sr_deref(props);
    if (!sr_is_map(props))
        return;
    const struct sr_node *gen = sr_deref(sr_map_get(props, "GenerateSecretString"));
    const struct sr_node *str = sr_map_get(props, "SecretString");
    struct sr_verdict v = {.kind = SR_SECRET_UNKNOWN, .strength = SR_EV_CONTENT};
    if (gen && !sr_is_novalue(gen)) {
        const char *key = sr_scalar(sr_map_get(gen, "GenerateStringKey"));
        v.kind = SR_SECRET_SERVICE;
        v.why = key ? sr_arena_printf(a, "its %s is generated by GenerateSecretString", key)
                    : "its value is generated by GenerateSecretString";
        sr_take_part(&w->best, &v);
    }
    if (str && !sr_is_novalue(str)) {
        struct sr_verdict sv = {.kind = SR_SECRET_UNKNOWN};
        /* Every value an Fn::If inside it can take. */
        struct sr_intrinsic in;
        if (sr_intrinsic_get(sr_deref(str), &in) && in.fn == SR_FN_IF) {
            for (size_t b = 1; b <= 2; b++) {
                const struct sr_node *br = sr_seq_item(in.arg, b);
                if (br && !sr_is_novalue(br)) {
                    struct sr_verdict bv = sr_value_verdict(w->m, br);
                    sr_take_part(&sv, &bv);
                }
            }
        } else {
            sv = sr_value_verdict(w->m, str);
        }
        if (sv.why)
            sr_take_part(&w->best, &sv);
    }
    if ((!gen || sr_is_novalue(gen)) && (!str || sr_is_novalue(str)) && !w->best.why) {
        w->best.kind = SR_SECRET_UNKNOWN;
        w->best.why = "it is created empty: its value is set outside the template";
        w->best.strength = SR_EV_NONE;
    }
}

/* What the secret's value is made of, over every branch of its Properties. */
static struct sr_verdict sr_content_verdict(struct sr_model *m, const struct sr_secret *s)
{
    struct sr_props_walk w = {.m = m, .best = {.kind = SR_SECRET_UNKNOWN}};
    if (!s->res->props) {
        w.best.why = "it is created empty: its value is set outside the template";
        return w.best;
    }
    sr_each_branch(s->res->props, sr_props_branch, &w);
    if (!w.best.why)
        w.best.why = "it is created empty: its value is set outside the template";
    return w.best;
}

/* The parameter of nested stack r whose value is exactly the secret's ARN
 * at node at, or NULL. */
static const char *sr_stack_param(const struct sr_graph *g, const struct sr_resource *r,
                                  const struct sr_node *at)
{
    const struct sr_node *params = sr_deref(sr_res_prop(r, "Parameters"));
    for (size_t i = 0; sr_is_map(params) && at && i < params->n; i++) {
        const struct sr_node *v = sr_deref(sr_map_val(params, i));
        if (!v || at->start < v->start || at->end > v->end)
            continue;
        struct sr_val val;
        if (sr_graph_value(g, v, &val) != SR_VAL_RESOURCE || !val.whole ||
            (val.attr && strcmp(val.attr, "Id") != 0))
            return NULL;
        return sr_scalar(sr_map_key(params, i));
    }
    return NULL;
}

/* What nested stacks the secret is passed to do with it. */
static void sr_judge_nested(struct sr_model *m, struct sr_secret *s)
{
    if (s->schedules.n > 0)
        return;
    for (size_t i = 0; i < s->consumers.n && !s->rotated_by; i++) {
        const struct sr_consumer *c = s->consumers.v[i];
        if (c->by_value || !sr_nested_is_stack(c->res))
            continue;
        const char *param = sr_stack_param(m->g, c->res, c->at);
        if (!param)
            continue;
        const char *how = NULL;
        int got = sr_nested_rotates(sr_nested_of(m->g), c->res, param, &how);
        if (got == 1) {
            s->rotated_by = c->res;
            s->rotated_how = how;
        } else if (got < 0 && !s->passed_to) {
            s->passed_to = c->res;
            s->passed_why = sr_arena_printf(
                m->g->arena, "it is passed to nested stack %s as %s, %s", c->res->id, param, how);
        }
    }
}

static void sr_judge(struct sr_model *m, struct sr_secret *s)
{
    const struct sr_graph *g = m->g;
    struct sr_arena *a = g->arena;
    struct sr_resource *r = s->res;
    const char *tag = sr_scalar(sr_res_tag(r, SR_CLASS_TAG));
    struct sr_verdict best = {.kind = SR_SECRET_UNKNOWN, .strength = SR_EV_NONE};
    /* 1. A database's credentials. */
    if (s->db) {
        struct sr_verdict v = {
            .kind = SR_SECRET_DATABASE,
            .why = r->database == s->db
                       ? sr_arena_printf(a, "it is attached to %s", s->db->id)
                       : sr_arena_printf(a, "%s reads its password from it", s->db->id),
            .db = s->db,
            .strength = SR_EV_DATABASE};
        sr_take(&best, &v);
    } else if (s->hosted) {
        struct sr_verdict v = {.kind = SR_SECRET_DATABASE,
                               .why = "it has hosted database rotation",
                               .strength = SR_EV_DATABASE};
        sr_take(&best, &v);
    }
    /* 2. A credential property reads it; a broker, proxy or registry logs
     * in with it. */
    for (size_t i = 0; i < s->consumers.n && best.strength < SR_EV_CRED_USE; i++) {
        const struct sr_consumer *c = s->consumers.v[i];
        if (c->by_value && c->cred_prop && (!c->json_key || sr_cred_name(c->json_key))) {
            enum sr_secret_kind k = sr_prop_kind(c->res, c->path);
            const char *why = sr_arena_printf(a, "%s reads it as %s", c->res->id, c->path);
            if (k == SR_SECRET_VENDOR && s->generated) {
                /* The template made the value and hands it to both sides. */
                k = SR_SECRET_SERVICE;
                why = sr_arena_printf(a, "its value is generated and %s reads it as %s", c->res->id,
                                      c->path);
            }
            struct sr_verdict v = {.kind = k,
                                   .why = why,
                                   .strength =
                                       k == SR_SECRET_DATABASE ? SR_EV_DATABASE : SR_EV_CRED_USE};
            sr_take(&best, &v);
        }
    }
    for (size_t i = 0; i < s->consumers.n && best.strength < SR_EV_ARN_USE; i++) {
        const char *why = NULL;
        enum sr_secret_kind k = sr_arn_use(a, s->consumers.v[i], &why);
        if (k != SR_SECRET_UNKNOWN) {
            struct sr_verdict v = {.kind = k, .why = why, .strength = SR_EV_ARN_USE};
            sr_take(&best, &v);
        }
    }
    /* 3. What its value is made of. */
    struct sr_verdict content = sr_content_verdict(m, s);
    int generated = s->generated;
    if (content.db && !s->db)
        s->db = content.db;
    if (content.kind != SR_SECRET_UNKNOWN)
        sr_take(&best, &content);
    /* 4. What its names say. */
    for (size_t i = 0; i < s->consumers.n && best.strength < SR_EV_ENV_NAMES; i++) {
        const struct sr_consumer *c = s->consumers.v[i];
        const char *env = sr_env_name(a, c);
        if (!env)
            continue;
        const char *noun;
        enum sr_secret_kind k = sr_kind_of_name(sr_env_subject(a, env), !generated, 0, &noun);
        if (k != SR_SECRET_UNKNOWN) {
            struct sr_verdict v = {.kind = k,
                                   .why = sr_arena_printf(a, "%s passes it as %s, which names %s",
                                                          c->res->id, env, noun),
                                   .strength = SR_EV_ENV_NAMES};
            sr_take(&best, &v);
        }
    }
    if (best.strength < SR_EV_OWN_NAMES) {
        const char *name = sr_scalar(sr_res_prop(r, "Name"));
        const char *desc = sr_scalar(sr_res_prop(r, "Description"));
        const char *noun = NULL;
        enum sr_secret_kind k = sr_kind_of_name(name, !generated, 1, &noun);
        const char *what = "its name";
        if (k == SR_SECRET_UNKNOWN) {
            k = sr_kind_of_text(desc, !generated, &noun);
            what = "its description";
        }
        if (k == SR_SECRET_UNKNOWN) {
            k = sr_kind_of_name(r->id, !generated, 1, &noun);
            what = "its logical id";
        }
        if (k != SR_SECRET_UNKNOWN) {
            struct sr_verdict v = {.kind = k,
                                   .why = sr_arena_printf(a, "%s says %s", what, noun),
                                   .strength = SR_EV_OWN_NAMES};
            if (content.why && content.strength > SR_EV_NONE)
                v.why = sr_arena_printf(a, "%s; %s says %s", content.why, what, noun);
            sr_take(&best, &v);
        }
    }
    if (best.strength == SR_EV_NONE) {
        best.kind = SR_SECRET_UNKNOWN;
        best.why = content.why ? content.why : "nothing in the template says what it holds";
    }
    s->kind = best.kind;
    s->why = best.why;
    if (best.db && !s->db)
        s->db = best.db;
    if (s->kind == SR_SECRET_DATABASE)
        s->engine = sr_db_engine(s->db);
    /* Class (DESIGN §5). */
    if (s->kind == SR_SECRET_DATABASE) {
        s->cls = "database";
        s->cls_why = s->db ? sr_arena_printf(a, "its credentials are those of %s", s->db->id)
                           : sr_arena_printf(a, "it holds database credentials (%s)", s->why);
    } else if (tag && *tag) {
        s->cls = tag;
        s->cls_why = "tag " SR_CLASS_TAG;
    } else {
        s->cls = "default";
        s->cls_why = "no database or class tag";
    }
    sr_judge_nested(m, s);
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
    /* Who names it (its ARN: environments, policies, nested stacks, other
     * properties). */
    for (size_t j = 0; j < r->in.n; j++) {
        const struct sr_edge *e = r->in.v[j];
        if (e->kind == SR_EDGE_DEPENDSON || !e->from || e->from->kind == SR_R_SCHEDULE ||
            e->from->kind == SR_R_ATTACHMENT || e->from->kind == SR_R_SECRET_POLICY)
            continue;
        sr_add_consumer(a, s, e->from, e->at, 0, NULL, 0, NULL);
    }
}

/* Schedules that name a secret of the template by a literal or built name
 * or ARN (the graph indexes those by Ref and GetAtt): every schedule goes
 * to the secret it denotes. */
static void sr_read_schedules(const struct sr_graph *g, struct sr_views *vw)
{
    const struct sr_ptrvec *v = &g->by_kind[SR_R_SCHEDULE];
    for (size_t i = 0; i < v->n; i++) {
        struct sr_resource *sc = v->v[i];
        struct sr_resource *sec = sc->secret;
        if (!sec && sc->secret_at) {
            struct sr_secret_ref ref;
            if (sr_secret_ref_node(g, sc->secret_at, &ref))
                sec = ref.secret;
        }
        struct sr_secret *s = sec ? sr_secret_get(g, sec) : NULL;
        if (!s)
            continue;
        sr_ptrvec_push(g->arena, &s->schedules, sc);
        if (!sc->secret) {
            const struct sr_node *h = sr_res_prop(sc, "HostedRotationLambda");
            if (h) {
                s->hosted = 1;
                s->hosted_type = sr_scalar(sr_map_get(h, "RotationType"));
            }
        }
    }
    (void)vw;
}

/* Environment variables that name a secret of the template by its literal
 * Name ("APP_KEY_SECRET_NAME: my-secret"): consumers too. */
static void sr_read_literal_names(const struct sr_graph *g)
{
    const struct sr_ptrvec *sv = &g->by_kind[SR_R_SECRET];
    int named = 0;
    for (size_t i = 0; i < sv->n && !named; i++)
        named = sr_is_literal(sr_res_prop(sv->v[i], "Name"));
    if (!named)
        return;
    const struct sr_flows *fl = sr_graph_flows(g);
    for (size_t i = 0; i < fl->nsinks; i++) {
        const struct sr_sink *sk = fl->sinks[i];
        if (sk->kind != SR_SINK_ENV || !sk->res || !sk->name || !sr_is_literal(sk->value))
            continue;
        const struct sr_node *v = sr_deref(sk->value);
        struct sr_resource *r = sr_secret_by_name(g, sr_node_str(v), sr_node_len(v));
        struct sr_secret *s = r ? sr_secret_get(g, r) : NULL;
        if (s)
            sr_add_consumer(g->arena, s, sk->res, v, 0, NULL, 0, NULL);
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
    vw->by_index = sr_arena_alloc(a, (g->nres ? g->nres : 1) * sizeof(*vw->by_index));
    memset(vw->by_index, 0, (g->nres ? g->nres : 1) * sizeof(*vw->by_index));
    for (size_t i = 0; i < sv->n; i++) {
        struct sr_secret *s = sr_arena_alloc(a, sizeof(*s));
        s->res = sv->v[i];
        vw->secrets.v[vw->secrets.n++] = s;
        if (s->res->index < g->nres)
            vw->by_index[s->res->index] = s;
        sr_secret_read(g, s);
    }
    if (!vw->secrets.n)
        return &vw->secrets;
    /* Dynamic references in resource properties, in any form. */
    for (size_t i = 0; i < g->nreal; i++) {
        struct sr_resource *r = g->res[i];
        if (!r->props || r->kind == SR_R_SECRET)
            continue;
        struct sr_scan sc = {g, r, r->type};
        sr_scan_walk(&sc, r->props, 0);
    }
    struct sr_scan sc = {g, NULL, NULL};
    sr_scan_walk(&sc, g->t.outputs, 0);
    sr_read_schedules(g, vw);
    sr_read_literal_names(g);
    struct sr_model *m = sr_arena_alloc(a, sizeof(*m));
    m->g = g;
    for (size_t i = 0; i < vw->secrets.n; i++)
        sr_judge(m, vw->secrets.v[i]);
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
    struct sr_secret *e = s->index < g->nres ? vw->by_index[s->index] : NULL;
    return e && e->res == s ? e : NULL;
}

int sr_secret_ref_rotates_in(const struct sr_graph *g, const struct sr_secret_ref *r)
{
    if (sr_secret_ref_rotates(r))
        return 1;
    const struct sr_secret *s = r->secret ? sr_secret_get(g, r->secret) : NULL;
    return s && (s->schedules.n > 0 || s->rotated_by);
}

const char *sr_secret_ref_class(const struct sr_graph *g, const struct sr_secret_ref *r,
                                const char **why)
{
    const char *w = "a secret from outside the template";
    const char *cls = "default";
    const struct sr_secret *s = r->secret ? sr_secret_get(g, r->secret) : NULL;
    const struct sr_secret *cs =
        !s && r->child_secret ? sr_secret_get(r->child, r->child_secret) : NULL;
    if (s) {
        cls = s->cls;
        w = s->cls_why;
    } else if (cs) {
        cls = cs->cls;
        w = sr_arena_printf(g->arena, "%s, in %s", cs->cls_why, r->label);
    } else if (r->db || r->managed_by) {
        cls = "database";
        w = sr_arena_printf(g->arena, "it is the master secret %s manages",
                            r->managed_by ? r->managed_by : "RDS");
    }
    if (why)
        *why = w;
    return cls;
}
