/*
 * config.c - policy defaults, finding and loading .secrot-lint.yaml.
 *
 * The file is loaded with the template loader (positions for every error),
 * checked against the embedded schemas/config.schema.json by a small
 * schema interpreter, then copied into struct sr_config. Nothing here
 * prints; every problem is an sr_error with file, line and column.
 */
#include "config.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "atomic.h"
#include "cron.h"
#include "embed.h"
#include "finding.h"
#include "load.h"

static void sr_class_set(struct sr_config *cfg, const char *name, int days)
{
    struct sr_secret_class *c = &cfg->classes[cfg->nclasses++];
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", name);
    c->max_days = days;
}

void sr_config_defaults(struct sr_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    sr_class_set(cfg, "database", 45);
    sr_class_set(cfg, "api-key", 30);
    sr_class_set(cfg, "default", 90);
    cfg->min_password_length = 32;
    cfg->require_alarm = 1;
    snprintf(cfg->alarm_topic_parameter, sizeof(cfg->alarm_topic_parameter), "%s",
             "RotationAlarmTopicArn");
    snprintf(cfg->fix_duration, sizeof(cfg->fix_duration), "%s", "2h");
    snprintf(cfg->runtime, sizeof(cfg->runtime), "%s", "python3.14");
    cfg->min_timeout = 30;
}

/* The folder above cur, as a path of the same kind (relative stays
 * relative). Returns 0, or -1 at the top of the file system. */
static int sr_parent_dir(const char *cur, char *out, size_t n)
{
    char c[4096];
    snprintf(c, sizeof(c), "%s", cur);
    size_t l = strlen(c);
    while (l > 1 && c[l - 1] == '/')
        c[--l] = '\0';
    while (l > 2 && !strcmp(c + l - 2, "/.")) {
        l -= 2;
        c[l] = '\0';
    }
    if (!strcmp(c, "/"))
        return -1;
    if (!strcmp(c, ".")) {
        snprintf(out, n, "..");
        return 0;
    }
    if (!strcmp(c, "..") || (l > 3 && !strcmp(c + l - 3, "/.."))) {
        snprintf(out, n, "%s/..", c);
        return 0;
    }
    char *slash = strrchr(c, '/');
    if (!slash)
        snprintf(out, n, ".");
    else if (slash == c)
        snprintf(out, n, "/");
    else
        snprintf(out, n, "%.*s", (int)(slash - c), c);
    return 0;
}

static int sr_same_dir(const char *a, const struct stat *b)
{
    struct stat st;
    return stat(a, &st) == 0 && st.st_dev == b->st_dev && st.st_ino == b->st_ino;
}

int sr_config_top(const char *dir, const char *stop, char *top, size_t n)
{
    struct stat sst;
    int have_stop = stop && stat(stop, &sst) == 0;
    char cur[4096], up[4096];
    snprintf(cur, sizeof(cur), "%s", dir && *dir ? dir : ".");
    for (int depth = 0; depth < 256; depth++) {
        struct stat st, pst;
        char git[4200];
        snprintf(git, sizeof(git), "%s/.git", cur);
        if ((have_stop && sr_same_dir(cur, &sst)) || lstat(git, &st) == 0 ||
            sr_parent_dir(cur, up, sizeof(up)) < 0 || stat(cur, &st) < 0 || stat(up, &pst) < 0 ||
            (st.st_dev == pst.st_dev && st.st_ino == pst.st_ino))
            break;
        snprintf(cur, sizeof(cur), "%s", up);
    }
    snprintf(top, n, "%s", cur);
    return 0;
}

int sr_config_find(const char *dir, const char *stop, char *out, size_t n, char *note, size_t nn)
{
    char top[4096], cur[4096], up[4096];
    if (note && nn)
        note[0] = '\0';
    sr_config_top(dir, stop, top, sizeof(top));
    struct stat tst;
    if (stat(top, &tst) < 0)
        return 0;
    snprintf(cur, sizeof(cur), "%s", dir && *dir ? dir : ".");
    for (int depth = 0; depth < 256; depth++) {
        struct stat lst, st;
        int w =
            snprintf(out, n, "%s%s.secrot-lint.yaml", cur, cur[strlen(cur) - 1] == '/' ? "" : "/");
        if (w > 0 && (size_t)w < n && lstat(out, &lst) == 0) {
            if (S_ISREG(lst.st_mode))
                return 1;
            int link = S_ISLNK(lst.st_mode);
            if (link && stat(out, &st) == 0 && S_ISREG(st.st_mode) && sr_path_within(out, top) == 1)
                return 1;
            if (note && nn && !note[0] && link)
                snprintf(note, nn,
                         "%s: not used as a policy file: a symbolic link that does not lead to a "
                         "file inside %s",
                         out, top);
            else if (note && nn && !note[0])
                snprintf(note, nn, "%s: not used as a policy file: not a regular file", out);
        }
        if (sr_same_dir(cur, &tst) || sr_parent_dir(cur, up, sizeof(up)) < 0)
            break;
        snprintf(cur, sizeof(cur), "%s", up);
    }
    out[0] = '\0';
    return 0;
}

const struct sr_secret_class *sr_config_class(const struct sr_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nclasses; i++)
        if (strcmp(cfg->classes[i].name, name) == 0)
            return &cfg->classes[i];
    return NULL;
}

int sr_config_max_days(const struct sr_config *cfg, const char *class_name)
{
    if (cfg->max_rotation_days > 0)
        return cfg->max_rotation_days;
    const struct sr_secret_class *c = sr_config_class(cfg, class_name);
    if (!c)
        c = sr_config_class(cfg, "default");
    return c ? c->max_days : 90;
}

/* ------------------------------------------------------------------ */
/* Validation against schemas/config.schema.json                        */
/* ------------------------------------------------------------------ */

/*
 * A small interpreter for the part of JSON Schema that the config schema
 * uses: type, properties, additionalProperties, propertyNames, required,
 * items, enum, const, pattern, minLength, maxLength, minimum, maximum,
 * $ref (to #/$defs/...), allOf, if/then. Annotations (title, description,
 * $schema, $id, $defs, default) are skipped. Any other keyword is an
 * internal error, so the schema cannot silently say more than is checked.
 */

#define SR_CFG_MAX_BYTES ((size_t)1024 * 1024)
#define SR_CV_MAX_DEPTH 32

struct sr_cv {
    const cJSON *root;
    struct sr_error *err;
    int quiet; /* inside "if": no error text */
    int depth;
};

enum sr_ytype { SR_Y_NULL, SR_Y_BOOL, SR_Y_INT, SR_Y_STRING, SR_Y_OBJECT, SR_Y_ARRAY };

static const char *sr_ytype_name(enum sr_ytype t)
{
    static const char *const names[] = {"null",     "a boolean", "an integer",
                                        "a string", "a mapping", "a list"};
    return names[t];
}

/* The YAML type of a node: plain scalars may be null, booleans or integers;
 * quoted and block scalars (and !!str) are strings. */
static enum sr_ytype sr_ytype_of(const struct sr_node *n)
{
    n = sr_deref(n);
    if (!n)
        return SR_Y_NULL;
    if (n->kind == SR_MAP)
        return SR_Y_OBJECT;
    if (n->kind == SR_SEQ)
        return SR_Y_ARRAY;
    if (n->style != SR_STYLE_PLAIN ||
        (n->tag && (!strcmp(n->tag, "!!str") || !strcmp(n->tag, "tag:yaml.org,2002:str"))))
        return SR_Y_STRING;
    const char *s = sr_node_str(n);
    if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL"))
        return SR_Y_NULL;
    if (sr_scalar_bool(n) >= 0)
        return SR_Y_BOOL;
    /* Digits of any length are an integer; one too large for the bounds
     * is reported as out of range, never as "a string". */
    const char *p = s + (*s == '-' || *s == '+');
    if (*p) {
        while (*p >= '0' && *p <= '9')
            p++;
        if (!*p)
            return SR_Y_INT;
    }
    return SR_Y_STRING;
}

static int sr_cv_fail(struct sr_cv *v, const struct sr_node *at, const char *path, const char *fmt,
                      ...) __attribute__((format(printf, 4, 5)));

static int sr_cv_fail(struct sr_cv *v, const struct sr_node *at, const char *path, const char *fmt,
                      ...)
{
    if (v->quiet)
        return -1;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* line:col is set from the offset once the check has failed
     * (sr_config_load_text). */
    v->err->pos.line = 1;
    v->err->pos.col = 1;
    v->err->offset = at ? at->start : 0;
    snprintf(v->err->message, sizeof(v->err->message), "%s%s%s", path, *path ? ": " : "", msg);
    return -1;
}

/* Number of UTF-8 code points in s. */
static size_t sr_utf8_len(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

static int sr_cv_pattern(const char *pattern, const char *s, size_t len)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
                                   &erroff, NULL);
    if (!re)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0 ? 1 : 0;
}

/* 1 when the node equals a JSON value (const / enum item). */
static int sr_cv_equal(const struct sr_node *n, enum sr_ytype t, const cJSON *j)
{
    n = sr_deref(n);
    if (cJSON_IsString(j))
        return t == SR_Y_STRING && !strcmp(sr_node_str(n), j->valuestring);
    if (cJSON_IsBool(j))
        return t == SR_Y_BOOL && sr_scalar_bool(n) == (cJSON_IsTrue(j) ? 1 : 0);
    if (cJSON_IsNumber(j)) {
        long long x;
        return t == SR_Y_INT && sr_scalar_int(n, &x) == 0 && (double)x == j->valuedouble;
    }
    if (cJSON_IsNull(j))
        return t == SR_Y_NULL;
    return 0;
}

static void sr_cv_enum_text(const cJSON *e, char *out, size_t size)
{
    size_t w = 0;
    out[0] = '\0';
    for (const cJSON *x = e ? e->child : NULL; x && w + 1 < size; x = x->next) {
        char item[64];
        if (cJSON_IsString(x))
            snprintf(item, sizeof(item), "%s", x->valuestring);
        else if (cJSON_IsNumber(x))
            snprintf(item, sizeof(item), "%g", x->valuedouble);
        else
            snprintf(item, sizeof(item), "%s", cJSON_IsTrue(x) ? "true" : "false");
        int k = snprintf(out + w, size - w, "%s%s", w ? ", " : "", item);
        if (k < 0 || (size_t)k >= size - w)
            break;
        w += (size_t)k;
    }
}

static int sr_cv_node(struct sr_cv *v, const cJSON *sch, const struct sr_node *n,
                      const struct sr_node *at, const char *path);

static const cJSON *sr_cv_ref(struct sr_cv *v, const char *ref)
{
    if (strncmp(ref, "#/$defs/", 8) != 0)
        return NULL;
    const cJSON *defs = cJSON_GetObjectItemCaseSensitive(v->root, "$defs");
    return cJSON_GetObjectItemCaseSensitive(defs, ref + 8);
}

static int sr_cv_known_keyword(const char *k)
{
    static const char *const kw[] = {
        "type",
        "properties",
        "additionalProperties",
        "propertyNames",
        "required",
        "items",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "$ref",
        "allOf",
        "if",
        "then",
        "title",
        "description",
        "$schema",
        "$id",
        "$defs",
        "default",
        "examples",
    };
    for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
        if (!strcmp(k, kw[i]))
            return 1;
    return 0;
}

static int sr_cv_object(struct sr_cv *v, const cJSON *sch, const struct sr_node *n,
                        const char *path)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(sch, "properties");
    const cJSON *addl = cJSON_GetObjectItemCaseSensitive(sch, "additionalProperties");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(sch, "propertyNames");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(sch, "required");
    for (size_t i = 0; i < n->n; i++) {
        const struct sr_node *k = sr_map_key(n, i), *val = sr_map_val(n, i);
        char sub[256];
        if (!k || k->kind != SR_SCALAR)
            return sr_cv_fail(v, k, path, "keys must be plain names");
        snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", sr_node_str(k));
        if (names && sr_cv_node(v, names, k, k, sub) < 0) {
            if (!v->quiet)
                snprintf(v->err->message, sizeof(v->err->message), "%s: '%s' is not a valid name",
                         sub, sr_node_str(k));
            return -1;
        }
        const cJSON *ps = props ? cJSON_GetObjectItemCaseSensitive(props, sr_node_str(k)) : NULL;
        if (!ps) {
            if (cJSON_IsFalse(addl)) {
                char list[300];
                size_t w = 0;
                list[0] = '\0';
                for (const cJSON *p = props ? props->child : NULL; p && w + 1 < sizeof(list);
                     p = p->next) {
                    int c = snprintf(list + w, sizeof(list) - w, "%s%s", w ? ", " : "", p->string);
                    if (c < 0 || (size_t)c >= sizeof(list) - w)
                        break;
                    w += (size_t)c;
                }
                return sr_cv_fail(v, k, path, "unknown key '%s' (known keys: %s)", sr_node_str(k),
                                  list);
            }
            ps = cJSON_IsObject(addl) ? addl : NULL;
        }
        if (ps && sr_cv_node(v, ps, val, val ? val : k, sub) < 0)
            return -1;
    }
    for (const cJSON *r = req ? req->child : NULL; r; r = r->next)
        if (cJSON_IsString(r) && !sr_map_get(n, r->valuestring))
            return sr_cv_fail(v, n, path, "'%s' is required here", r->valuestring);
    return 0;
}

static int sr_cv_node(struct sr_cv *v, const cJSON *sch, const struct sr_node *n,
                      const struct sr_node *at, const char *path)
{
    if (!cJSON_IsObject(sch))
        return 0;
    if (++v->depth > SR_CV_MAX_DEPTH) {
        v->depth--;
        return sr_cv_fail(v, at, path, "the configuration is nested too deeply");
    }
    int rc = -1;
    n = sr_deref(n);
    enum sr_ytype t = sr_ytype_of(n);
    const cJSON *k;
    for (k = sch->child; k; k = k->next)
        if (!sr_cv_known_keyword(k->string)) {
            sr_cv_fail(v, at, path, "internal error: schema keyword '%s' is not supported",
                       k->string);
            goto out;
        }

    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(sch, "$ref");
    if (cJSON_IsString(ref)) {
        const cJSON *target = sr_cv_ref(v, ref->valuestring);
        if (!target) {
            sr_cv_fail(v, at, path, "internal error: schema $ref '%s' not found", ref->valuestring);
            goto out;
        }
        if (sr_cv_node(v, target, n, at, path) < 0)
            goto out;
    }
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(sch, "allOf");
    for (const cJSON *s = all ? all->child : NULL; s; s = s->next)
        if (sr_cv_node(v, s, n, at, path) < 0)
            goto out;

    const cJSON *type = cJSON_GetObjectItemCaseSensitive(sch, "type");
    if (cJSON_IsString(type)) {
        const char *want = type->valuestring;
        int ok = (!strcmp(want, "object") && t == SR_Y_OBJECT) ||
                 (!strcmp(want, "array") && t == SR_Y_ARRAY) ||
                 (!strcmp(want, "string") && t == SR_Y_STRING) ||
                 (!strcmp(want, "integer") && t == SR_Y_INT) ||
                 (!strcmp(want, "boolean") && t == SR_Y_BOOL) ||
                 (!strcmp(want, "null") && t == SR_Y_NULL);
        if (!ok) {
            static const char *const wname[][2] = {
                {"object", "a mapping"},   {"array", "a list"},          {"string", "a string"},
                {"integer", "an integer"}, {"boolean", "true or false"}, {"null", "empty"}};
            const char *wn = want;
            for (size_t i = 0; i < sizeof(wname) / sizeof(wname[0]); i++)
                if (!strcmp(want, wname[i][0]))
                    wn = wname[i][1];
            if (t == SR_Y_OBJECT || t == SR_Y_ARRAY || t == SR_Y_NULL)
                sr_cv_fail(v, at, path, "expected %s, got %s", wn, sr_ytype_name(t));
            else
                sr_cv_fail(v, at, path, "expected %s, got %s '%.80s'", wn, sr_ytype_name(t),
                           sr_node_str(n));
            goto out;
        }
    }
    const cJSON *cst = cJSON_GetObjectItemCaseSensitive(sch, "const");
    if (cst && !(n && sr_cv_equal(n, t, cst))) {
        sr_cv_fail(v, at, path, "unexpected value");
        goto out;
    }
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(sch, "enum");
    if (cJSON_IsArray(en)) {
        int found = 0;
        for (const cJSON *x = en->child; x && n && !found; x = x->next)
            found = sr_cv_equal(n, t, x);
        if (!found) {
            char list[200];
            sr_cv_enum_text(en, list, sizeof(list));
            sr_cv_fail(v, at, path, "'%.80s' is not one of: %s",
                       n && n->kind == SR_SCALAR ? sr_node_str(n) : "", list);
            goto out;
        }
    }
    if (n && n->kind == SR_SCALAR) {
        const cJSON *pat = cJSON_GetObjectItemCaseSensitive(sch, "pattern");
        if (cJSON_IsString(pat) &&
            sr_cv_pattern(pat->valuestring, sr_node_str(n), sr_node_len(n)) != 1) {
            sr_cv_fail(v, at, path, "'%.80s' does not match %s", sr_node_str(n), pat->valuestring);
            goto out;
        }
        const cJSON *mn = cJSON_GetObjectItemCaseSensitive(sch, "minLength");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(sch, "maxLength");
        size_t ulen = sr_utf8_len(sr_node_str(n), sr_node_len(n));
        if (cJSON_IsNumber(mn) && (double)ulen < mn->valuedouble) {
            sr_cv_fail(v, at, path, "must not be empty");
            goto out;
        }
        if (cJSON_IsNumber(mx) && (double)ulen > mx->valuedouble) {
            sr_cv_fail(v, at, path, "is longer than %d characters", mx->valueint);
            goto out;
        }
        if (t == SR_Y_INT) {
            const cJSON *lo = cJSON_GetObjectItemCaseSensitive(sch, "minimum");
            const cJSON *hi = cJSON_GetObjectItemCaseSensitive(sch, "maximum");
            long long x = 0;
            const char *d = sr_node_str(n) + (sr_node_str(n)[0] == '-' || sr_node_str(n)[0] == '+');
            while (d[0] == '0' && d[1])
                d++;
            int big = strlen(d) > 18 || sr_scalar_int(n, &x) < 0;
            if ((cJSON_IsNumber(lo) || cJSON_IsNumber(hi)) &&
                (big || (cJSON_IsNumber(lo) && (double)x < lo->valuedouble) ||
                 (cJSON_IsNumber(hi) && (double)x > hi->valuedouble))) {
                sr_cv_fail(v, at, path, "%.40s%s is outside %d-%d", sr_node_str(n),
                           strlen(sr_node_str(n)) > 40 ? "..." : "",
                           cJSON_IsNumber(lo) ? lo->valueint : 0,
                           cJSON_IsNumber(hi) ? hi->valueint : 0);
                goto out;
            }
        }
    }
    /* OBJECT and ARRAY imply a node; the n tests say so to the analyser. */
    if (t == SR_Y_OBJECT && n && sr_cv_object(v, sch, n, path) < 0)
        goto out;
    if (t == SR_Y_ARRAY && n) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(sch, "items");
        for (size_t i = 0; items && i < n->n; i++) {
            char sub[256];
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
            const struct sr_node *it = sr_seq_item(n, i);
            if (sr_cv_node(v, items, it, it ? it : at, sub) < 0)
                goto out;
        }
    }
    const cJSON *cond = cJSON_GetObjectItemCaseSensitive(sch, "if");
    const cJSON *then = cJSON_GetObjectItemCaseSensitive(sch, "then");
    if (cond && then) {
        int q = v->quiet;
        v->quiet = 1;
        int holds = sr_cv_node(v, cond, n, at, path) == 0;
        v->quiet = q;
        if (holds && sr_cv_node(v, then, n, at, path) < 0)
            goto out;
    }
    rc = 0;
out:
    v->depth--;
    return rc;
}

/* ------------------------------------------------------------------ */
/* Rule ids and prefixes                                                */
/* ------------------------------------------------------------------ */

static size_t sr_id_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

/* 1 when some rule's id starts with id (an exact id included). */
static int sr_id_names_rules(const char *id)
{
    size_t nreg, len = strlen(id);
    const struct sr_rule *const *reg = sr_registry(&nreg);
    for (size_t i = 0; len && i < nreg; i++)
        if (strncmp(reg[i]->id, id, len) == 0)
            return 1;
    return 0;
}

int sr_config_check_id(const char *id, char *msg, size_t n)
{
    if (sr_id_names_rules(id))
        return 0;
    /* Suggestions: the same text in capitals, else the rule ids (for a
     * full-length id) or prefixes (for a shorter one) nearest to it. */
    char upper[32], cand[6], sugg[80] = "";
    size_t ul = strlen(id) < sizeof(upper) - 1 ? strlen(id) : sizeof(upper) - 1;
    for (size_t i = 0; i < ul; i++)
        upper[i] = (char)(id[i] >= 'a' && id[i] <= 'z' ? id[i] - 32 : id[i]);
    upper[ul] = '\0';
    if (strcmp(upper, id) != 0 && sr_id_names_rules(upper)) {
        snprintf(sugg, sizeof(sugg), "%s", upper);
    } else {
        size_t nreg, best = ul <= 2 ? 2 : ul / 2 + 1, w = 0, count = 0;
        const struct sr_rule *const *reg = sr_registry(&nreg);
        size_t plen = ul >= 5 ? 5 : ul < 2 ? 2 : ul;
        for (int pass = 0; pass < 2; pass++) {
            char last[6] = "";
            for (size_t i = 0; i < nreg; i++) {
                snprintf(cand, sizeof(cand), "%.*s", (int)plen, reg[i]->id);
                if (!strcmp(cand, last))
                    continue;
                memcpy(last, cand, sizeof(last));
                size_t d = sr_id_distance(upper, cand);
                if (pass == 0 && d < best)
                    best = d;
                if (pass == 1 && d == best && count < 4) {
                    int k = snprintf(sugg + w, sizeof(sugg) - w, "%s%s", count ? ", " : "", cand);
                    if (k > 0 && (size_t)k < sizeof(sugg) - w)
                        w += (size_t)k;
                    count++;
                }
            }
        }
    }
    if (sugg[0])
        snprintf(msg, n, "unknown rule or rule prefix '%s' (did you mean %s? see --list-rules)", id,
                 sugg);
    else
        snprintf(msg, n, "unknown rule or rule prefix '%s' (see --list-rules)", id);
    return -1;
}

int sr_config_check_list(const char *list, const char *option, char *msg, size_t n)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len && *p == ' ') {
            p++;
            len--;
        }
        while (len && p[len - 1] == ' ')
            len--;
        if (len == 0) {
            snprintf(msg, n, "%s: empty rule id in '%s'", option, list);
            return -1;
        }
        char id[64], why[300];
        snprintf(id, sizeof(id), "%.*s", (int)(len < 63 ? len : 63), p);
        if (len >= 63 || sr_config_check_id(id, why, sizeof(why)) < 0) {
            if (len >= 63)
                snprintf(why, sizeof(why), "unknown rule or rule prefix '%.40s...'", p);
            snprintf(msg, n, "%s: %s", option, why);
            return -1;
        }
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

/* ------------------------------------------------------------------ */
/* What a policy file changes                                           */
/* ------------------------------------------------------------------ */

static size_t sr_change(struct sr_policy_change *out, size_t k, size_t max, const char *rule,
                        int weakens, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static size_t sr_change(struct sr_policy_change *out, size_t k, size_t max, const char *rule,
                        int weakens, const char *fmt, ...)
{
    if (k >= max)
        return k;
    snprintf(out[k].rule, sizeof(out[k].rule), "%s", rule);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out[k].what, sizeof(out[k].what), fmt, ap);
    va_end(ap);
    out[k].weakens = weakens;
    return k + 1;
}

size_t sr_config_changes(const struct sr_config *cfg, struct sr_policy_change *out, size_t max)
{
    struct sr_config def;
    sr_config_defaults(&def);
    size_t k = 0, nreg;
    const struct sr_rule *const *reg = sr_registry(&nreg);
    for (size_t i = 0; i < cfg->nrules; i++) {
        const struct sr_rule_setting *r = &cfg->rules[i];
        if (r->enabled == 0)
            k = sr_change(out, k, max, r->id, 1, "%s disabled", r->id);
        else if (r->enabled == 1)
            k = sr_change(out, k, max, r->id, 0, "%s enabled", r->id);
        if (r->severity <= 0)
            continue;
        int lower = r->severity == SR_SEV_NONE;
        for (size_t j = 0; j < nreg && !lower; j++)
            if (!strncmp(reg[j]->id, r->id, strlen(r->id)) && (int)reg[j]->severity > r->severity)
                lower = 1;
        if (r->severity == SR_SEV_NONE)
            k = sr_change(out, k, max, r->id, 1, "%s severity none: not reported", r->id);
        else
            k = sr_change(out, k, max, r->id, lower, "%s severity %s%s", r->id,
                          sr_severity_name((enum sr_severity)r->severity),
                          lower ? " (downgraded)" : "");
    }
    if (!cfg->require_alarm)
        k = sr_change(out, k, max, "SR109", 1, "require_alarm false: SR109 not reported");
    if (cfg->min_password_length < def.min_password_length)
        k = sr_change(out, k, max, "SR310", 1, "min_password_length %d (default %d)",
                      cfg->min_password_length, def.min_password_length);
    if (cfg->min_timeout < def.min_timeout)
        k = sr_change(out, k, max, "SR112", 1, "min_rotation_timeout %d (default %d)",
                      cfg->min_timeout, def.min_timeout);
    const struct sr_secret_class *dd = sr_config_class(&def, "default");
    for (size_t i = 0; i < cfg->nclasses; i++) {
        const struct sr_secret_class *c = &cfg->classes[i];
        const struct sr_secret_class *d = sr_config_class(&def, c->name);
        int limit = d ? d->max_days : dd->max_days;
        if (c->external)
            k = sr_change(out, k, max, "SR101", 1,
                          "class %s is external: SR101 silent for its secrets%s%s", c->name,
                          c->review_by[0] ? " until " : "", c->review_by);
        else if (c->max_days == 0 || c->max_days > limit)
            k = sr_change(out, k, max, "SR102", 1, "class %s max_days %d (default %d)", c->name,
                          c->max_days, limit);
    }
    return k;
}

void sr_config_describe(const struct sr_config *cfg, char *out, size_t n)
{
    struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
    size_t k = sr_config_changes(cfg, ch, sizeof(ch) / sizeof(ch[0])), w = 0;
    out[0] = '\0';
    for (size_t i = 0; i < k && w + 1 < n; i++) {
        int c = snprintf(out + w, n - w, "%s%s", i ? "; " : "", ch[i].what);
        if (c < 0 || (size_t)c >= n - w)
            break;
        w += (size_t)c;
    }
    if (k == 0)
        snprintf(out, n, "no rule changed");
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */
/* ------------------------------------------------------------------ */

static int sr_cfg_fail(struct sr_error *err, const struct sr_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int sr_cfg_fail(struct sr_error *err, const struct sr_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    /* line:col is set from the offset once the check has failed
     * (sr_config_load_text). */
    err->pos.line = 1;
    err->pos.col = 1;
    err->offset = at ? at->start : 0;
    return -1;
}

static int sr_valid_date(const char *s)
{
    static const int dim[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    int y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return 0;
        int c = s[i] - '0';
        if (i < 4)
            y = y * 10 + c;
        else if (i < 7)
            m = m * 10 + c;
        else
            d = d * 10 + c;
    }
    if (m < 1 || m > 12 || d < 1 || d > dim[m])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

static struct sr_rule_setting *sr_cfg_rule(struct sr_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->nrules; i++)
        if (!strcmp(cfg->rules[i].id, id))
            return &cfg->rules[i];
    if (cfg->nrules >= SR_MAX_RULE_SETTINGS)
        return NULL;
    struct sr_rule_setting *r = &cfg->rules[cfg->nrules++];
    memset(r, 0, sizeof(*r));
    snprintf(r->id, sizeof(r->id), "%s", id);
    r->enabled = -1;
    return r;
}

/* An id or prefix must name at least one rule. */
static int sr_cfg_rule_id(const struct sr_node *n, struct sr_error *err, const char *where)
{
    char msg[300];
    if (sr_config_check_id(sr_node_str(n), msg, sizeof(msg)) < 0)
        return sr_cfg_fail(err, n, "%s: %s", where, msg);
    return 0;
}

static int sr_cfg_classes(const struct sr_node *classes, struct sr_config *cfg,
                          struct sr_error *err)
{
    for (size_t i = 0; classes && i < classes->n; i++) {
        const struct sr_node *k = sr_map_key(classes, i), *c = sr_map_val(classes, i);
        struct sr_secret_class *cl = (struct sr_secret_class *)sr_config_class(cfg, sr_node_str(k));
        if (!cl) {
            if (cfg->nclasses >= SR_MAX_CLASSES)
                return sr_cfg_fail(err, k, "classes: more than %d classes", SR_MAX_CLASSES);
            cl = &cfg->classes[cfg->nclasses++];
            memset(cl, 0, sizeof(*cl));
            snprintf(cl->name, sizeof(cl->name), "%s", sr_node_str(k));
            const struct sr_secret_class *def = sr_config_class(cfg, "default");
            cl->max_days = def ? def->max_days : 90;
        }
        if (!strcmp(sr_node_str(k), "external"))
            cl->external = 1;
        if (!sr_is_map(c))
            continue; /* "name:" with nothing: the class exists with defaults */
        long long x;
        const struct sr_node *v;
        if ((v = sr_map_get(c, "max_days")) && sr_scalar_int(v, &x) == 0)
            cl->max_days = (int)x;
        if ((v = sr_map_get(c, "external")))
            cl->external = sr_scalar_bool(v) == 1 || !strcmp(sr_node_str(k), "external");
        if ((v = sr_map_get(c, "reason")))
            snprintf(cl->reason, sizeof(cl->reason), "%s", sr_node_str(v));
        if ((v = sr_map_get(c, "review_by"))) {
            if (!sr_valid_date(sr_node_str(v)))
                return sr_cfg_fail(err, v, "classes.%s.review_by: '%s' is not a date (YYYY-MM-DD)",
                                   sr_node_str(k), sr_node_str(v));
            snprintf(cl->review_by, sizeof(cl->review_by), "%s", sr_node_str(v));
        }
    }
    return 0;
}

static int sr_cfg_apply(const struct sr_node *root, struct sr_config *cfg, struct sr_error *err)
{
    long long x;
    const struct sr_node *v;
    if (sr_cfg_classes(sr_map_get(root, "classes"), cfg, err) < 0)
        return -1;
    if ((v = sr_map_get(root, "min_password_length")) && sr_scalar_int(v, &x) == 0) {
        cfg->min_password_length = (int)x;
        cfg->min_password_length_set = 1;
    }
    if ((v = sr_map_get(root, "require_alarm")))
        cfg->require_alarm = sr_scalar_bool(v) == 1;
    if ((v = sr_map_get(root, "alarm_topic_parameter")))
        snprintf(cfg->alarm_topic_parameter, sizeof(cfg->alarm_topic_parameter), "%s",
                 sr_node_str(v));
    if ((v = sr_map_get(root, "alarm_email")) && sr_node_str(v))
        snprintf(cfg->alarm_email, sizeof(cfg->alarm_email), "%s", sr_node_str(v));
    if ((v = sr_map_get(root, "min_rotation_timeout")) && sr_scalar_int(v, &x) == 0)
        cfg->min_timeout = (int)x;
    const struct sr_node *fix = sr_map_get(root, "fix");
    if ((v = sr_map_get(fix, "days")) && sr_scalar_int(v, &x) == 0)
        cfg->fix_days = (int)x;
    if ((v = sr_map_get(fix, "duration"))) {
        int h;
        struct sr_sched_error se;
        if (sr_duration_parse(sr_node_str(v), sr_node_len(v), &h, &se) < 0)
            return sr_cfg_fail(err, v, "fix.duration: %s", se.message);
        snprintf(cfg->fix_duration, sizeof(cfg->fix_duration), "%s", sr_node_str(v));
    }
    if ((v = sr_map_get(fix, "runtime")))
        snprintf(cfg->runtime, sizeof(cfg->runtime), "%s", sr_node_str(v));

    const struct sr_node *sev = sr_map_get(root, "severity");
    for (size_t i = 0; sr_is_map(sev) && i < sev->n; i++) {
        const struct sr_node *k = sr_map_key(sev, i);
        if (sr_cfg_rule_id(k, err, "severity") < 0)
            return -1;
        struct sr_rule_setting *r = sr_cfg_rule(cfg, sr_node_str(k));
        if (!r)
            return sr_cfg_fail(err, k, "severity: more than %d rule settings",
                               SR_MAX_RULE_SETTINGS);
        r->severity = sr_severity_parse(sr_node_str(sr_map_val(sev, i)));
    }
    const struct sr_node *ex = sr_map_get(root, "exclude");
    for (size_t i = 0; sr_is_seq(ex) && i < ex->n; i++) {
        const struct sr_node *g = sr_seq_item(ex, i);
        if (cfg->nexclude == SR_MAX_EXCLUDES)
            return sr_cfg_fail(err, g, "exclude: more than %d patterns", SR_MAX_EXCLUDES);
        snprintf(cfg->exclude[cfg->nexclude++], sizeof(cfg->exclude[0]), "%s", sr_node_str(g));
    }
    if ((v = sr_map_get(root, "help_uri_base")))
        snprintf(cfg->help_uri_base, sizeof(cfg->help_uri_base), "%s", sr_node_str(v));
    const struct sr_node *tags = sr_map_get(root, "required_tags");
    for (size_t i = 0; sr_is_seq(tags) && i < tags->n; i++) {
        const struct sr_node *t = sr_seq_item(tags, i);
        size_t j = 0;
        while (j < cfg->nrequired_tags && strcmp(cfg->required_tags[j], sr_node_str(t)) != 0)
            j++;
        if (j < cfg->nrequired_tags)
            return sr_cfg_fail(err, t, "required_tags: '%s' is listed twice", sr_node_str(t));
        if (cfg->nrequired_tags == SR_MAX_REQUIRED_TAGS)
            return sr_cfg_fail(err, t, "required_tags: more than %d tag keys",
                               SR_MAX_REQUIRED_TAGS);
        snprintf(cfg->required_tags[cfg->nrequired_tags++], sizeof(cfg->required_tags[0]), "%s",
                 sr_node_str(t));
    }
    static const char *const lists[] = {"enable", "disable"};
    for (int l = 0; l < 2; l++) {
        const struct sr_node *seq = sr_map_get(root, lists[l]);
        for (size_t i = 0; sr_is_seq(seq) && i < seq->n; i++) {
            const struct sr_node *id = sr_seq_item(seq, i);
            if (sr_cfg_rule_id(id, err, lists[l]) < 0)
                return -1;
            struct sr_rule_setting *r = sr_cfg_rule(cfg, sr_node_str(id));
            if (!r)
                return sr_cfg_fail(err, id, "%s: more than %d rule settings", lists[l],
                                   SR_MAX_RULE_SETTINGS);
            if (r->enabled == (l == 0 ? 0 : 1))
                return sr_cfg_fail(err, id, "%s is both in enable and in disable", sr_node_str(id));
            r->enabled = l == 0 ? 1 : 0;
        }
    }
    return 0;
}

int sr_config_validate(const struct sr_doc *doc, struct sr_error *err)
{
    size_t slen;
    const char *stext = sr_embed_get("config.schema.json", &slen);
    cJSON *schema = stext ? cJSON_ParseWithLength(stext, slen) : NULL;
    if (!schema)
        return sr_cfg_fail(err, NULL, "internal error: the configuration schema is missing");
    struct sr_cv v = {schema, err, 0, 0};
    int rc = 0;
    if (doc->dups.n >= 2) {
        const struct sr_node *dup = doc->dups.v[1];
        rc = sr_cfg_fail(err, dup, "duplicate key '%s'", sr_scalar_or(dup, ""));
    } else if (doc->root && sr_cv_node(&v, schema, doc->root, doc->root, "") < 0) {
        rc = -1;
    }
    cJSON_Delete(schema);
    return rc;
}

int sr_config_load_text(const char *path, const char *text, size_t len, struct sr_config *cfg,
                        struct sr_error *err)
{
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path);
    struct sr_arena a;
    sr_arena_init(&a);
    struct sr_doc doc;
    int rc = -1;
    int loaded = 0;
    if (sr_load(&a, path, text, len, &doc, err) < 0)
        goto out;
    loaded = 1;
    snprintf(err->file, sizeof(err->file), "%s", path);
    if (doc.root && !sr_is_map(doc.root)) {
        sr_cfg_fail(err, doc.root, "the configuration must be a mapping of settings");
        goto out;
    }
    if (sr_config_validate(&doc, err) < 0)
        goto out;
    if (doc.root && sr_cfg_apply(sr_deref(doc.root), cfg, err) < 0)
        goto out;
    snprintf(cfg->path, sizeof(cfg->path), "%s", path);
    rc = 0;
out:
    if (rc < 0 && loaded)
        err->pos = sr_doc_pos(&doc, err->offset);
    sr_arena_release(&a);
    return rc;
}

int sr_config_load(const char *path, struct sr_config *cfg, struct sr_error *err)
{
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", path);
    err->pos.line = 1;
    err->pos.col = 1;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sr_cfg_fail(err, NULL, "cannot read the configuration: %s", strerror(errno));
    char *buf = sr_xmalloc(SR_CFG_MAX_BYTES + 1);
    size_t n = fread(buf, 1, SR_CFG_MAX_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return sr_cfg_fail(err, NULL, "cannot read the configuration");
    }
    if (n > SR_CFG_MAX_BYTES) {
        free(buf);
        return sr_cfg_fail(err, NULL, "the configuration is larger than %zu bytes",
                           SR_CFG_MAX_BYTES);
    }
    buf[n] = '\0';
    int rc = sr_config_load_text(path, buf, n, cfg, err);
    free(buf);
    return rc;
}
