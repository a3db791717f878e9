/*
 * baseline.c - finding fingerprints and baseline files (baseline.h).
 *
 * The file is JSON, one entry per distinct fingerprint:
 *   {"version": 1, "tool": "secrot-lint", "findings": [
 *     {"fingerprint": "…16 hex…", "rule": "SR301", "file": "infra/db.yaml",
 *      "path": "/Resources/Db/Properties/MasterUserPassword", "count": 1,
 *      "message": "…"}]}
 * Only fingerprint and count decide a match; rule, file, path and message
 * are there for the reviewer of the baseline and to tell which entries
 * belong to the files of a run.
 */
#include "baseline.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "lpath.h"
#include "report_escape.h"
#include "readfile.h"

#define SR_BASELINE_VERSION 1

static uint64_t sr_fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* A field and its terminator, so "ab"+"c" and "a"+"bc" differ. */
static uint64_t sr_fnv_field(uint64_t h, const char *s)
{
    s = s ? s : "";
    h = sr_fnv(h, s, strlen(s));
    return sr_fnv(h, "", 1);
}

static uint64_t sr_value_hash(const struct sr_finding *f)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const struct sr_node *n = f->node;
    for (int i = 0; n && n->kind == SR_ALIAS && i < 64; i++)
        n = n->target;
    if (n && n->kind == SR_SCALAR && sr_node_str(n))
        return sr_fnv(sr_fnv(h, "s", 1), sr_node_str(n), sr_node_len(n));
    if (n)
        return sr_fnv(h, n->kind == SR_MAP ? "m" : "q", 1);
    /* No node (parse errors, file-level findings): the message, whose
     * numbers are positions and counts that move with the text. */
    h = sr_fnv(h, "t", 1);
    for (const char *p = f->message ? f->message : ""; *p; p++)
        if (*p < '0' || *p > '9')
            h = sr_fnv(h, p, 1);
    return h;
}

void sr_fingerprint(const struct sr_finding *f, const char *file, const char *lpath,
                    struct sr_fingerprint *out)
{
    out->value = sr_value_hash(f);
    char v[17];
    snprintf(v, sizeof(v), "%016llx", (unsigned long long)out->value);
    uint64_t h = 0xcbf29ce484222325ull;
    h = sr_fnv_field(h, f->rule ? f->rule->id : "");
    h = sr_fnv_field(h, file);
    h = sr_fnv_field(h, lpath);
    h = sr_fnv_field(h, v);
    out->hash = h;
    snprintf(out->hex, sizeof(out->hex), "%016llx", (unsigned long long)h);
}

/* ---- reading ------------------------------------------------------------ */

static int sr_entry_cmp(const void *a, const void *b)
{
    const struct sr_baseline_entry *x = a, *y = b;
    return strcmp(x->fingerprint, y->fingerprint);
}

static char *sr_dup_field(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) && v->valuestring ? sr_xstrdup(v->valuestring) : NULL;
}

static int sr_is_hex16(const char *s)
{
    if (!s || strlen(s) != 16)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
    return 1;
}

int sr_baseline_load(const char *path, struct sr_baseline *b, char *msg, size_t n)
{
    memset(b, 0, sizeof(*b));
    char *text;
    size_t len;
    char why[512];
    if (sr_read_file(path, &text, &len, why, sizeof(why)) < 0) {
        snprintf(msg, n, "%s: %s", path, why);
        return -1;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "findings");
    if (!root || !cJSON_IsObject(root)) {
        snprintf(msg, n, "%s: not a baseline file (not a JSON object)", path);
        cJSON_Delete(root);
        return -1;
    }
    if (!cJSON_IsNumber(ver) || ver->valueint != SR_BASELINE_VERSION || !cJSON_IsArray(list)) {
        snprintf(msg, n,
                 "%s: not a version %d secrot-lint baseline (no \"version\": %d and "
                 "\"findings\" list)",
                 path, SR_BASELINE_VERSION, SR_BASELINE_VERSION);
        cJSON_Delete(root);
        return -1;
    }
    size_t cnt = (size_t)cJSON_GetArraySize(list), k = 0;
    b->v = sr_xcalloc(cnt + 1, sizeof(*b->v));
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "count");
        struct sr_baseline_entry *x = &b->v[k];
        x->fingerprint = sr_dup_field(e, "fingerprint");
        x->rule = sr_dup_field(e, "rule");
        x->file = sr_dup_field(e, "file");
        x->path = sr_dup_field(e, "path");
        x->message = sr_dup_field(e, "message");
        x->count = cJSON_IsNumber(c) ? c->valueint : 1;
        k++;
        if (!sr_is_hex16(x->fingerprint) || !x->file || x->count < 1) {
            snprintf(msg, n,
                     "%s: entry %zu has no valid \"fingerprint\" (16 hex digits), "
                     "\"file\" or \"count\"",
                     path, k);
            b->n = k;
            sr_baseline_release(b);
            cJSON_Delete(root);
            return -1;
        }
    }
    b->n = k;
    cJSON_Delete(root);
    qsort(b->v, b->n, sizeof(*b->v), sr_entry_cmp);
    /* The same fingerprint twice (a hand-merged file) adds up. */
    size_t w = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (w && strcmp(b->v[w - 1].fingerprint, b->v[i].fingerprint) == 0) {
            b->v[w - 1].count += b->v[i].count;
            struct sr_baseline_entry *d = &b->v[i];
            free(d->fingerprint), free(d->rule), free(d->file), free(d->path), free(d->message);
            continue;
        }
        b->v[w++] = b->v[i];
    }
    b->n = w;
    b->path = sr_xstrdup(path);
    return 0;
}

void sr_baseline_release(struct sr_baseline *b)
{
    for (size_t i = 0; i < b->n; i++) {
        struct sr_baseline_entry *d = &b->v[i];
        free(d->fingerprint), free(d->rule), free(d->file), free(d->path), free(d->message);
    }
    free(b->v);
    free(b->path);
    memset(b, 0, sizeof(*b));
}

/* ---- matching ----------------------------------------------------------- */

static struct sr_baseline_entry *sr_entry_find(struct sr_baseline *b, const char *hex)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(b->v[mid].fingerprint, hex);
        if (c == 0)
            return &b->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t sr_baseline_apply(struct sr_baseline *b, struct sr_result *res, const char *file)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->v[i].file, file) == 0)
            b->v[i].linted = 1;
    size_t marked = 0;
    for (size_t k = 0; k < res->nfindings; k++) {
        struct sr_finding *f = res->findings[k];
        if (f->suppressed || f->baselined)
            continue;
        struct sr_fingerprint fp;
        sr_fingerprint(f, file, f->node ? sr_lpath(&res->arena, f->node) : "", &fp);
        struct sr_baseline_entry *e = sr_entry_find(b, fp.hex);
        if (!e || e->matched >= e->count)
            continue;
        e->matched++;
        f->baselined = 1;
        marked++;
    }
    b->matched += marked;
    return marked;
}

size_t sr_baseline_stale(const struct sr_baseline *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].linted && b->v[i].matched < b->v[i].count)
            n++;
    return n;
}

/* ---- writing ------------------------------------------------------------ */

struct sr_wentry {
    const char *file, *path, *rule, *message;
    char hex[17];
    int count;
};

static int sr_wentry_cmp(const void *a, const void *b)
{
    const struct sr_wentry *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (!c)
        c = strcmp(x->path, y->path);
    if (!c)
        c = strcmp(x->rule, y->rule);
    if (!c)
        c = strcmp(x->hex, y->hex);
    return c;
}

long sr_baseline_write(FILE *out, struct sr_result *const *results, const char *const *files,
                       size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += results[i]->nfindings;
    struct sr_wentry *v = sr_xcalloc(total + 1, sizeof(*v));
    size_t nv = 0;
    long recorded = 0;
    for (size_t i = 0; i < n; i++) {
        struct sr_result *res = results[i];
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            if (f->suppressed || f->baselined)
                continue;
            const char *lp = f->node ? sr_lpath(&res->arena, f->node) : "";
            struct sr_fingerprint fp;
            sr_fingerprint(f, files[i], lp, &fp);
            recorded++;
            v[nv] = (struct sr_wentry){
                files[i], lp, f->rule ? f->rule->id : "SR000", f->message ? f->message : "", "", 1};
            memcpy(v[nv].hex, fp.hex, sizeof(fp.hex));
            nv++;
        }
    }
    /* Equal fingerprints have equal file, path and rule: adjacent once sorted. */
    qsort(v, nv, sizeof(*v), sr_wentry_cmp);
    size_t w = 0;
    for (size_t i = 0; i < nv; i++) {
        if (w && strcmp(v[w - 1].hex, v[i].hex) == 0 && strcmp(v[w - 1].file, v[i].file) == 0)
            v[w - 1].count++;
        else
            v[w++] = v[i];
    }
    nv = w;
    cJSON *root = sr_json_object(), *list = sr_json_array();
    if (!cJSON_AddNumberToObject(root, "version", SR_BASELINE_VERSION))
        sr_json_oom();
    cJSON_AddItemToObject(root, "tool", sr_json_string("secrot-lint"));
    for (size_t i = 0; i < nv; i++) {
        cJSON *e = sr_json_object();
        cJSON_AddItemToObject(e, "fingerprint", sr_json_string(v[i].hex));
        cJSON_AddItemToObject(e, "rule", sr_json_string(v[i].rule));
        cJSON_AddItemToObject(e, "file", sr_json_string(v[i].file));
        cJSON_AddItemToObject(e, "path", sr_json_string(v[i].path));
        if (!cJSON_AddNumberToObject(e, "count", v[i].count))
            sr_json_oom();
        cJSON_AddItemToObject(e, "message", sr_json_string(v[i].message));
        cJSON_AddItemToArray(list, e);
    }
    cJSON_AddItemToObject(root, "findings", list);
    int rc = sr_json_print(out, root);
    cJSON_Delete(root);
    free(v);
    return rc < 0 ? -1 : recorded;
}
