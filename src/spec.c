/*
 * spec.c - loads the embedded schemas/resources JSON files into lookup tables.
 *
 * The list of covered types is made once per process (pthread_once) from
 * the embedded file names; a type's file is parsed the first time the type
 * is asked for (under a lock, then published), so a small template pays
 * only for the types it uses. Loaded tables are read-only and live until
 * exit. A spec file that does not parse is counted (sr_spec_load_errors)
 * and its type is treated as not covered. This file does not look at
 * templates.
 */
#include "spec.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "embed.h"

#define SR_SPEC_PREFIX "resources/"
#define SR_SPEC_MAX_TYPES 256
#define SR_SPEC_MAX_DEPTH 32 /* nesting of list<map<...>> in a type string */
#define SR_SPEC_MAX_NAME 128 /* longest name the suggester compares */

static struct sr_spec_resource *sr_specs;
static const char **sr_spec_files; /* embedded file of sr_specs[i] */
static int *sr_spec_state;         /* 0 not loaded, 1 loaded, -1 broken (atomic) */
static size_t sr_nspecs;
static size_t sr_spec_errors;
static pthread_once_t sr_spec_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t sr_spec_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct sr_spec_type sr_t_any = {SR_SPEC_ANY, NULL, NULL, NULL, 0};
static const struct sr_spec_type sr_t_string = {SR_SPEC_STRING, NULL, NULL, NULL, 0};
static const struct sr_spec_type sr_t_number = {SR_SPEC_NUMBER, NULL, NULL, NULL, 0};
static const struct sr_spec_type sr_t_integer = {SR_SPEC_INTEGER, NULL, NULL, NULL, 0};
static const struct sr_spec_type sr_t_boolean = {SR_SPEC_BOOLEAN, NULL, NULL, NULL, 0};
static const struct sr_spec_type sr_t_tag = {SR_SPEC_TAG, NULL, NULL, NULL, 0};

/* ---- type strings --------------------------------------------------------------------------- */

/* Nested objects of the file being loaded, sorted by name, for name lookups. */
struct sr_objset {
    struct sr_spec_object *v;
    size_t n;
};

static int sr_obj_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sr_spec_object *)a)->name,
                  ((const struct sr_spec_object *)b)->name);
}

static const struct sr_spec_object *sr_objset_find(const struct sr_objset *os, const char *name,
                                                   size_t len)
{
    size_t lo = 0, hi = os->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = os->v[mid].name;
        int c = strncmp(m, name, len);
        if (c == 0 && m[len] != '\0')
            c = 1;
        if (c == 0)
            return &os->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const struct sr_spec_type *sr_parse_type(const char **s, const struct sr_objset *os,
                                                int depth);

/* One alternative: list<T>, map<T>, a primitive or a nested type name. */
static const struct sr_spec_type *sr_parse_alt(const char **s, const struct sr_objset *os,
                                               int depth)
{
    const char *p = *s;
    if (strncmp(p, "list<", 5) == 0 || strncmp(p, "map<", 4) == 0) {
        int list = p[0] == 'l';
        *s = p + (list ? 5 : 4);
        const struct sr_spec_type *elem = sr_parse_type(s, os, depth + 1);
        if (!elem || **s != '>')
            return NULL;
        (*s)++;
        struct sr_spec_type *t = sr_xcalloc(1, sizeof(*t));
        t->kind = list ? SR_SPEC_LIST : SR_SPEC_MAP;
        t->elem = elem;
        return t;
    }
    size_t len = 0;
    while (p[len] && p[len] != '|' && p[len] != '>' && p[len] != '<')
        len++;
    *s = p + len;
    static const struct {
        const char *name;
        const struct sr_spec_type *t;
    } prims[] = {{"json", &sr_t_any},        {"string", &sr_t_string},   {"number", &sr_t_number},
                 {"integer", &sr_t_integer}, {"boolean", &sr_t_boolean}, {"tag", &sr_t_tag}};
    for (size_t i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
        if (strlen(prims[i].name) == len && strncmp(prims[i].name, p, len) == 0)
            return prims[i].t;
    const struct sr_spec_object *o = len ? sr_objset_find(os, p, len) : NULL;
    if (!o)
        return NULL;
    struct sr_spec_type *t = sr_xcalloc(1, sizeof(*t));
    t->kind = SR_SPEC_OBJECT;
    t->object = o;
    return t;
}

/* type := alt ('|' alt)*. Returns NULL on a malformed string. */
static const struct sr_spec_type *sr_parse_type(const char **s, const struct sr_objset *os,
                                                int depth)
{
    if (depth > SR_SPEC_MAX_DEPTH)
        return NULL;
    const struct sr_spec_type *first = sr_parse_alt(s, os, depth);
    if (!first || **s != '|')
        return first;
    const struct sr_spec_type **alts = sr_xmalloc(sizeof(*alts) * 2);
    size_t n = 0, cap = 2;
    alts[n++] = first;
    while (**s == '|') {
        (*s)++;
        const struct sr_spec_type *t = sr_parse_alt(s, os, depth);
        if (!t) {
            free(alts);
            return NULL;
        }
        if (n == cap) {
            cap *= 2;
            alts = sr_xrealloc(alts, sizeof(*alts) * cap);
        }
        alts[n++] = t;
    }
    struct sr_spec_type *u = sr_xcalloc(1, sizeof(*u));
    u->kind = SR_SPEC_UNION;
    u->alts = alts;
    u->nalts = n;
    return u;
}

/* ---- loading -------------------------------------------------------------------------------- */

static int sr_str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int sr_prop_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sr_spec_prop *)a)->name, ((const struct sr_spec_prop *)b)->name);
}

/* Sorted copy of a JSON array of strings; -1 when it holds anything else. */
static int sr_load_strings(const cJSON *arr, const char *const **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!cJSON_IsArray(arr))
        return -1;
    size_t cnt = (size_t)cJSON_GetArraySize(arr);
    if (!cnt)
        return 0;
    const char **v = sr_xcalloc(cnt, sizeof(*v));
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (!cJSON_IsString(it) || i >= cnt) {
            for (size_t j = 0; j < i; j++)
                free((char *)v[j]);
            free(v);
            return -1;
        }
        v[i++] = sr_xstrdup(it->valuestring);
    }
    qsort(v, i, sizeof(*v), sr_str_cmp);
    *out = v;
    *n = i;
    return 0;
}

/* Fills o's properties from a JSON object {name: {type, required, enum}}. */
static int sr_load_object(struct sr_spec_object *o, const cJSON *json, const struct sr_objset *os)
{
    if (!cJSON_IsObject(json))
        return -1;
    size_t cnt = (size_t)cJSON_GetArraySize(json);
    struct sr_spec_prop *props = cnt ? sr_xcalloc(cnt, sizeof(*props)) : NULL;
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, json)
    {
        if (i >= cnt || !it->string)
            return -1;
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(it, "type");
        if (!cJSON_IsString(type))
            return -1;
        const char *s = type->valuestring;
        const struct sr_spec_type *t = sr_parse_type(&s, os, 0);
        if (!t || *s)
            return -1;
        struct sr_spec_prop *p = &props[i++];
        p->name = sr_xstrdup(it->string);
        p->type = t;
        p->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "required"));
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(it, "enum");
        if (en && sr_load_strings(en, &p->enums, &p->nenums) != 0)
            return -1;
    }
    if (i > 1) /* props is NULL for an empty object; qsort takes no NULL */
        qsort(props, i, sizeof(*props), sr_prop_cmp);
    o->props = props;
    o->nprops = i;
    return 0;
}

/* Parses one spec file into r. Returns 0, or -1 (r is then unusable). */
static int sr_load_file(struct sr_spec_resource *r, const char *text, size_t len)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    int rc = -1;
    if (!root)
        return -1;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(root, "properties");
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(root, "types");
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(root, "attributes");
    if (!cJSON_IsString(type) || !cJSON_IsObject(props) || (types && !cJSON_IsObject(types)))
        goto out;
    struct sr_objset os = {NULL, 0};
    size_t ntypes = types ? (size_t)cJSON_GetArraySize(types) : 0;
    if (ntypes) {
        os.v = sr_xcalloc(ntypes, sizeof(*os.v));
        const cJSON *it;
        cJSON_ArrayForEach(it, types)
        {
            if (os.n >= ntypes || !it->string)
                goto out;
            os.v[os.n++].name = sr_xstrdup(it->string);
        }
        qsort(os.v, os.n, sizeof(*os.v), sr_obj_cmp);
        for (size_t i = 0; i < os.n; i++) {
            const cJSON *body = cJSON_GetObjectItemCaseSensitive(types, os.v[i].name);
            if (sr_load_object(&os.v[i], body, &os) != 0)
                goto out;
        }
    }
    r->type = sr_xstrdup(type->valuestring);
    r->sam = strncmp(r->type, "AWS::Serverless::", 17) == 0;
    r->props.name = r->type;
    if (sr_load_object(&r->props, props, &os) != 0)
        goto out;
    if (attrs && sr_load_strings(attrs, &r->attrs, &r->nattrs) != 0)
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

struct sr_spec_entry {
    char *type;
    const char *file;
};

static int sr_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct sr_spec_entry *)a)->type, ((const struct sr_spec_entry *)b)->type);
}

/* The covered types, from the file names ("AWS_IAM_Role.json" is
 * AWS::IAM::Role); nothing is parsed here. */
static void sr_spec_init(void)
{
    size_t n = sr_embed_count();
    struct sr_spec_entry *e = sr_xcalloc(SR_SPEC_MAX_TYPES, sizeof(*e));
    size_t plen = strlen(SR_SPEC_PREFIX), ne = 0;
    for (size_t i = 0; i < n && ne < SR_SPEC_MAX_TYPES; i++) {
        const char *name = sr_embed_name(i);
        size_t nlen = name ? strlen(name) : 0;
        if (nlen <= plen + 5 || strncmp(name, SR_SPEC_PREFIX, plen) != 0 ||
            strcmp(name + nlen - 5, ".json") != 0 || strchr(name + plen, '/'))
            continue;
        const char *base = name + plen;
        size_t blen = nlen - plen - 5;
        char *type = sr_xmalloc(2 * blen + 1);
        size_t k = 0;
        for (size_t j = 0; j < blen; j++) {
            if (base[j] == '_') {
                type[k++] = ':';
                type[k++] = ':';
            } else {
                type[k++] = base[j];
            }
        }
        type[k] = '\0';
        e[ne].type = type;
        e[ne].file = name;
        ne++;
    }
    qsort(e, ne, sizeof(*e), sr_entry_cmp);
    sr_specs = sr_xcalloc(ne ? ne : 1, sizeof(*sr_specs));
    sr_spec_files = sr_xcalloc(ne ? ne : 1, sizeof(*sr_spec_files));
    sr_spec_state = sr_xcalloc(ne ? ne : 1, sizeof(*sr_spec_state));
    for (size_t i = 0; i < ne; i++) {
        sr_specs[i].type = e[i].type; /* replaced by the file's own on load */
        sr_spec_files[i] = e[i].file;
    }
    sr_nspecs = ne;
    free(e);
}

/* Makes sure sr_specs[i] is parsed; returns 1 when usable. */
static int sr_spec_ensure(size_t i)
{
    int st = __atomic_load_n(&sr_spec_state[i], __ATOMIC_ACQUIRE);
    if (st)
        return st > 0;
    pthread_mutex_lock(&sr_spec_lock);
    st = sr_spec_state[i];
    if (!st) {
        size_t len = 0;
        const char *text = sr_embed_get(sr_spec_files[i], &len);
        struct sr_spec_resource r;
        memset(&r, 0, sizeof(r));
        if (text && sr_load_file(&r, text, len) == 0 && strcmp(r.type, sr_specs[i].type) == 0) {
            free((char *)sr_specs[i].type);
            sr_specs[i] = r;
            st = 1;
        } else {
            /* Memory of a half-read file stays allocated: it is a build defect. */
            sr_spec_errors++;
            st = -1;
        }
        __atomic_store_n(&sr_spec_state[i], st, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&sr_spec_lock);
    return st > 0;
}

static void sr_spec_ensure_all(void)
{
    for (size_t i = 0; i < sr_nspecs; i++)
        sr_spec_ensure(i);
}

/* ---- queries -------------------------------------------------------------------------------- */

const struct sr_spec_resource *sr_spec_resource(const char *type)
{
    pthread_once(&sr_spec_once, sr_spec_init);
    if (!type)
        return NULL;
    size_t lo = 0, hi = sr_nspecs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(sr_specs[mid].type, type);
        if (c == 0)
            return sr_spec_ensure(mid) ? &sr_specs[mid] : NULL;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int sr_spec_has_type(const char *type)
{
    return sr_spec_resource(type) != NULL;
}

size_t sr_spec_count(void)
{
    pthread_once(&sr_spec_once, sr_spec_init);
    return sr_nspecs;
}

const struct sr_spec_resource *sr_spec_at(size_t i)
{
    pthread_once(&sr_spec_once, sr_spec_init);
    return i < sr_nspecs && sr_spec_ensure(i) ? &sr_specs[i] : NULL;
}

size_t sr_spec_load_errors(void)
{
    pthread_once(&sr_spec_once, sr_spec_init);
    sr_spec_ensure_all();
    pthread_mutex_lock(&sr_spec_lock);
    size_t n = sr_spec_errors;
    pthread_mutex_unlock(&sr_spec_lock);
    return n;
}

const struct sr_spec_prop *sr_spec_object_prop(const struct sr_spec_object *o, const char *name)
{
    if (!o || !name)
        return NULL;
    size_t lo = 0, hi = o->nprops;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(o->props[mid].name, name);
        if (c == 0)
            return &o->props[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct sr_spec_object *sr_spec_type_object(const struct sr_spec_type *t)
{
    for (int depth = 0; t && depth < SR_SPEC_MAX_DEPTH; depth++) {
        switch (t->kind) {
        case SR_SPEC_OBJECT:
            return t->object;
        case SR_SPEC_LIST:
        case SR_SPEC_MAP:
            t = t->elem;
            break;
        case SR_SPEC_UNION: {
            const struct sr_spec_object *o = NULL;
            for (size_t i = 0; i < t->nalts && !o; i++)
                if (t->alts[i]->kind != SR_SPEC_UNION) /* unions never nest */
                    o = sr_spec_type_object(t->alts[i]);
            return o;
        }
        default:
            return NULL;
        }
    }
    return NULL;
}

const struct sr_spec_prop *sr_spec_prop(const char *type, const char *path)
{
    const struct sr_spec_resource *r = sr_spec_resource(type);
    if (!r || !path)
        return NULL;
    const struct sr_spec_object *o = &r->props;
    const struct sr_spec_prop *p = NULL;
    char seg[SR_SPEC_MAX_NAME];
    while (*path) {
        size_t len = strcspn(path, "/");
        if (len == 0 || len >= sizeof(seg) || !o)
            return NULL;
        memcpy(seg, path, len);
        seg[len] = '\0';
        p = sr_spec_object_prop(o, seg);
        if (!p)
            return NULL;
        path += len;
        if (*path == '/')
            path++;
        o = sr_spec_type_object(p->type);
    }
    return p;
}

int sr_spec_enum_has(const struct sr_spec_prop *p, const char *v)
{
    if (!p || !p->nenums)
        return 1;
    if (!v)
        return 0;
    return bsearch(&v, p->enums, p->nenums, sizeof(p->enums[0]), sr_str_cmp) != NULL;
}

int sr_spec_has_attribute(const char *type, const char *attr)
{
    const struct sr_spec_resource *r = sr_spec_resource(type);
    if (!r)
        return -1;
    if (!attr)
        return 0;
    for (size_t i = 0; i < r->nattrs; i++) {
        const char *a = r->attrs[i];
        size_t len = strlen(a);
        if (len >= 2 && strcmp(a + len - 2, ".*") == 0) {
            /* "Outputs.*": the prefix with its dot, then at least one character. */
            if (strncmp(attr, a, len - 1) == 0 && attr[len - 1] != '\0')
                return 1;
        } else if (strcmp(a, attr) == 0) {
            return 1;
        }
    }
    return 0;
}

size_t sr_spec_attributes(const char *type, const char *const **out)
{
    const struct sr_spec_resource *r = sr_spec_resource(type);
    *out = r ? r->attrs : NULL;
    return r ? r->nattrs : 0;
}

int sr_spec_format_attributes(const char *type, char *buf, size_t n)
{
    const struct sr_spec_resource *r = sr_spec_resource(type);
    if (!buf || n == 0)
        return r ? (int)r->nattrs : -1;
    buf[0] = '\0';
    if (!r)
        return -1;
    size_t used = 0;
    for (size_t i = 0; i < r->nattrs; i++) {
        const char *sep = i ? ", " : "";
        /* Keep room for a final ", ..." while more names follow. */
        size_t reserve = i + 1 < r->nattrs ? 5 : 0;
        size_t need = strlen(sep) + strlen(r->attrs[i]);
        if (used + need + reserve + 1 > n) {
            snprintf(buf + used, n - used, "%s...", sep);
            return (int)r->nattrs;
        }
        snprintf(buf + used, n - used, "%s%s", sep, r->attrs[i]);
        used += need;
    }
    return (int)r->nattrs;
}

/* ---- suggestions ---------------------------------------------------------------------------- */

/*
 * Edit distance (optimal string alignment: insert, delete, substitute,
 * swap of neighbours) between a and b, compared without case; a case-only
 * difference of a letter costs nothing here and is handled by the caller.
 */
static size_t sr_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    /* Three rows: i-2, i-1 and i. */
    size_t rows[3][SR_SPEC_MAX_NAME + 1];
    size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            size_t best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + (ca == cb ? 0 : 1) < best)
                best = prev[j - 1] + (ca == cb ? 0 : 1);
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

const char *sr_spec_suggest(const char *name, const char *const *cands, size_t n)
{
    if (!name)
        return NULL;
    size_t ln = strlen(name);
    if (ln == 0 || ln > SR_SPEC_MAX_NAME)
        return NULL;
    /* Allowed distance: 1 for short names, 2 from 5 characters, 3 from 12. */
    size_t limit = ln >= 12 ? 3 : ln >= 5 ? 2 : 1;
    const char *best = NULL;
    size_t best_d = limit + 1;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = cands[i];
        size_t lc = c ? strlen(c) : 0;
        if (lc == 0 || lc > SR_SPEC_MAX_NAME)
            continue;
        if ((lc > ln ? lc - ln : ln - lc) > limit)
            continue;
        size_t d = sr_edit_distance(name, ln, c, lc);
        if (d == 0 && strcmp(name, c) != 0)
            return c; /* only the case differs */
        if (d < best_d) {
            best = c;
            best_d = d;
            tie = 0;
        } else if (d == best_d) {
            tie = 1;
        }
    }
    return best && !tie && best_d <= limit ? best : NULL;
}

const char *sr_spec_suggest_prop(const struct sr_spec_object *o, const char *name)
{
    if (!o || !o->nprops)
        return NULL;
    const char *stack[256];
    const char **cands = o->nprops <= 256 ? stack : sr_xcalloc(o->nprops, sizeof(*cands));
    for (size_t i = 0; i < o->nprops; i++)
        cands[i] = o->props[i].name;
    const char *s = sr_spec_suggest(name, cands, o->nprops);
    if (cands != stack)
        free(cands);
    return s;
}

const char *sr_spec_type_name(const struct sr_spec_type *t, char *buf, size_t n)
{
    if (!buf || n == 0)
        return "";
    buf[0] = '\0';
    if (!t)
        return buf;
    char inner[256];
    switch (t->kind) {
    case SR_SPEC_ANY:
        snprintf(buf, n, "any value");
        break;
    case SR_SPEC_STRING:
        snprintf(buf, n, "string");
        break;
    case SR_SPEC_NUMBER:
        snprintf(buf, n, "number");
        break;
    case SR_SPEC_INTEGER:
        snprintf(buf, n, "integer");
        break;
    case SR_SPEC_BOOLEAN:
        snprintf(buf, n, "boolean");
        break;
    case SR_SPEC_TAG:
        snprintf(buf, n, "tag (Key, Value)");
        break;
    case SR_SPEC_LIST:
        snprintf(buf, n, "list of %s", sr_spec_type_name(t->elem, inner, sizeof(inner)));
        break;
    case SR_SPEC_MAP:
        snprintf(buf, n, "mapping of %s", sr_spec_type_name(t->elem, inner, sizeof(inner)));
        break;
    case SR_SPEC_OBJECT:
        snprintf(buf, n, "%s", t->object ? t->object->name : "object");
        break;
    case SR_SPEC_UNION: {
        /* integer|number (a type widened over time) reads as "number". */
        if (t->nalts == 2 &&
            ((t->alts[0]->kind == SR_SPEC_INTEGER && t->alts[1]->kind == SR_SPEC_NUMBER) ||
             (t->alts[0]->kind == SR_SPEC_NUMBER && t->alts[1]->kind == SR_SPEC_INTEGER))) {
            snprintf(buf, n, "number");
            break;
        }
        size_t used = 0;
        for (size_t i = 0; i < t->nalts && used + 1 < n; i++) {
            int w = snprintf(buf + used, n - used, "%s%s", i ? " or " : "",
                             sr_spec_type_name(t->alts[i], inner, sizeof(inner)));
            if (w < 0)
                break;
            used += (size_t)w;
        }
        break;
    }
    }
    return buf;
}
