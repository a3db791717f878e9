/*
 * secretref.c - the secret a value denotes (secretref.h).
 */
#include "secretref.h"

#include <string.h>

#include "arn.h"
#include "dynref.h"

struct sr_resource *sr_secret_of_resource(struct sr_resource *r)
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

struct sr_resource *sr_secret_by_name(const struct sr_graph *g, const char *name, size_t len)
{
    const struct sr_ptrvec *secrets = &g->by_kind[SR_R_SECRET];
    for (size_t i = 0; i < secrets->n; i++) {
        struct sr_resource *r = secrets->v[i];
        const char *n = sr_scalar(sr_res_prop(r, "Name"));
        if (n && strlen(n) == len && !memcmp(n, name, len))
            return r;
    }
    return NULL;
}

/* The template secret a literal name or secret ARN names, or NULL. An ARN
 * ends in the name and (for existing secrets) "-" plus six characters. */
static struct sr_resource *sr_secret_by_literal(const struct sr_graph *g, const char *s)
{
    size_t n = strlen(s);
    if (!sr_arn_is_secret(s))
        return sr_secret_by_name(g, s, n);
    const char *name = strstr(s, ":secret:") + 8;
    size_t nl = strlen(name);
    struct sr_resource *r = sr_secret_by_name(g, name, nl);
    if (!r && nl > 7 && name[nl - 7] == '-')
        r = sr_secret_by_name(g, name, nl - 7);
    return r;
}

int sr_secret_ref_val(const struct sr_graph *g, const struct sr_val *v, struct sr_secret_ref *out)
{
    memset(out, 0, sizeof(*out));
    if (v->kind == SR_VAL_RESOURCE && v->res) {
        struct sr_resource *r = v->res;
        if (r->kind == SR_R_SECRET && (!v->attr || !strcmp(v->attr, "Id"))) {
            out->secret = r;
        } else if ((r->kind == SR_R_SCHEDULE || r->kind == SR_R_ATTACHMENT ||
                    r->kind == SR_R_SECRET_POLICY) &&
                   !v->attr) {
            out->secret = sr_secret_of_resource(r);
        } else if (v->attr && !strcmp(v->attr, "MasterUserSecret.SecretArn")) {
            out->db = r;
            out->managed_by = r->kind == SR_R_REDSHIFT ? "Redshift" : "RDS";
        } else if (v->attr && !strcmp(v->attr, "MasterPasswordSecretArn")) {
            out->db = r;
            out->managed_by = "Redshift";
        }
        if (out->secret)
            out->label = out->secret->id;
        else if (out->db)
            out->label = out->db->id;
        return out->secret || out->db;
    }
    if (v->kind == SR_VAL_LITERAL && v->str) {
        out->literal = 1;
        out->managed_by = sr_arn_managed_secret(v->str);
        out->secret = out->managed_by ? NULL : sr_secret_by_literal(g, v->str);
        out->label = out->secret ? out->secret->id : v->str;
        return out->secret || out->managed_by || sr_arn_is_secret(v->str);
    }
    return 0;
}

/* A secret ARN written with Fn::Sub or Fn::Join around pseudo parameters
 * ("arn:${AWS::Partition}:secretsmanager:...:secret:rds!db-..."): the
 * secret its literal name part names. */
static int sr_secret_ref_built(const struct sr_graph *g, const struct sr_node *v,
                               struct sr_secret_ref *out)
{
    struct sr_flat f;
    sr_flatten(g->arena, g, v, &f);
    const char *p = strstr(f.s, ":secretsmanager:");
    const char *q = p ? strstr(p, ":secret:") : NULL;
    if (!q)
        return 0;
    const char *name = q + 8;
    size_t n = strlen(name);
    if (!n || memchr(name, SR_DYNREF_PLACEHOLDER, n))
        return 0;
    memset(out, 0, sizeof(*out));
    out->literal = 1;
    out->managed_by = sr_arn_managed_secret(name);
    if (!out->managed_by) {
        out->secret = sr_secret_by_name(g, name, n);
        if (!out->secret && n > 7 && name[n - 7] == '-')
            out->secret = sr_secret_by_name(g, name, n - 7);
    }
    out->label = out->secret ? out->secret->id : sr_excerpt(g->arena, name, n);
    return 1;
}

int sr_secret_ref_node(const struct sr_graph *g, const struct sr_node *v, struct sr_secret_ref *out)
{
    memset(out, 0, sizeof(*out)); /* every way out below leaves a defined answer */
    struct sr_val val;
    sr_graph_value(g, v, &val);
    if (val.kind == SR_VAL_PSEUDO || val.kind == SR_VAL_COMPUTED)
        return sr_secret_ref_built(g, v, out);
    if (val.kind == SR_VAL_RESOURCE && !val.whole) {
        /* An ARN built around a reference: only a secret's own ARN counts. */
        struct sr_val w = val;
        w.attr = NULL;
        if (val.res && val.res->kind != SR_R_SECRET && !sr_secret_of_resource(val.res))
            return sr_secret_ref_val(g, &val, out);
        return sr_secret_ref_val(g, &w, out);
    }
    return sr_secret_ref_val(g, &val, out);
}

const char *sr_excerpt(struct sr_arena *a, const char *s, size_t len)
{
    char buf[80];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 6 < sizeof(buf); i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)SR_DYNREF_PLACEHOLDER) {
            memcpy(buf + o, "${..}", 5);
            o += 5;
        } else {
            buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
        }
        if (o >= 60 && i + 1 < len) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
    }
    buf[o] = 0;
    return sr_arena_strdup(a, buf);
}

int sr_secret_ref_dynref(struct sr_arena *a, const struct sr_graph *g, const struct sr_flat *f,
                         size_t id_off, size_t id_len, int is_arn, struct sr_secret_ref *out)
{
    memset(out, 0, sizeof(*out));
    const char *id = f->s + id_off;
    if (id_len == 1 && id[0] == SR_DYNREF_PLACEHOLDER) {
        const struct sr_flat_ref *r = sr_flat_ref_at(f, id_off);
        if (r && sr_secret_ref_val(g, &r->val, out)) {
            if (out->db)
                out->label = sr_arena_printf(a, "%s (managed by %s)", out->db->id, out->managed_by);
            return 1;
        }
        memset(out, 0, sizeof(*out));
        out->label = sr_excerpt(a, id, id_len);
        return 0;
    }
    if (!memchr(id, SR_DYNREF_PLACEHOLDER, id_len)) {
        char *lit = sr_arena_alloc(a, id_len + 1);
        memcpy(lit, id, id_len);
        lit[id_len] = 0;
        out->literal = 1;
        out->managed_by = sr_arn_managed_secret(lit);
        if (!out->managed_by)
            out->secret = is_arn ? sr_secret_by_literal(g, lit) : sr_secret_by_name(g, id, id_len);
    }
    out->label = out->secret ? out->secret->id : sr_excerpt(a, id, id_len);
    return out->secret || out->managed_by;
}

int sr_secret_ref_rotates(const struct sr_secret_ref *r)
{
    return (r->secret && r->secret->schedules.n > 0) || r->db || r->managed_by ||
           (r->child_secret && r->child_secret->schedules.n > 0);
}
