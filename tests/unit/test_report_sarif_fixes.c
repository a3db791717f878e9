/*
 * test_report_sarif_fixes.c - SARIF "fixes" on a real template: each fix,
 * applied alone to the original bytes, removes its finding and changes
 * nothing outside its replacement regions; findings of rules that cannot be
 * fixed carry none; a fix that creates a file names it beside the template;
 * the report still validates against the SARIF 2.1.0 schema. The JSON
 * report's "fixable" agrees with SARIF's fixes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "check.h"
#include "config.h"
#include "fix.h"
#include "lint.h"
#include "report.h"

#define SEED "examples/seed-template.yaml"
#define SARIF_SCHEMA_DEFAULT "../shared/external/sarif-schema-2.1.0.json"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = sr_xmalloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = 0;
    fclose(f);
    return buf;
}

static cJSON *jget(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static long jint(const cJSON *o, const char *k)
{
    cJSON *v = jget(o, k);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

static const char *jstr(const cJSON *o, const char *k)
{
    cJSON *v = jget(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Applies the replacements of one artifact change (byte regions on the
 * original text) and returns the new text (heap), or NULL when they are out
 * of order, overlap or fall outside the text. */
static char *apply(const char *text, size_t len, const cJSON *reps, size_t *out_len)
{
    size_t cap = len + 1;
    for (const cJSON *r = reps ? reps->child : NULL; r; r = r->next) {
        const char *t = jstr(jget(r, "insertedContent"), "text");
        cap += t ? strlen(t) : 0;
    }
    char *out = sr_xmalloc(cap);
    size_t k = 0, at = 0;
    for (const cJSON *r = reps ? reps->child : NULL; r; r = r->next) {
        long off = jint(jget(r, "deletedRegion"), "byteOffset");
        long dl = jint(jget(r, "deletedRegion"), "byteLength");
        if (off < 0 || dl < 0 || (size_t)off < at || (size_t)(off + dl) > len) {
            free(out);
            return NULL;
        }
        memcpy(out + k, text + at, (size_t)off - at);
        k += (size_t)off - at;
        const char *t = jstr(jget(r, "insertedContent"), "text");
        if (t) {
            memcpy(out + k, t, strlen(t));
            k += strlen(t);
        }
        at = (size_t)(off + dl);
    }
    memcpy(out + k, text + at, len - at);
    k += len - at;
    out[k] = 0;
    *out_len = k;
    return out;
}

/* Count of findings of rule in text linted with the defaults. */
static int count_rule(const char *text, size_t len, const char *rule)
{
    static struct sr_config cfg;
    sr_config_defaults(&cfg);
    struct sr_result r;
    memset(&r, 0, sizeof(r));
    char *copy = sr_xmalloc(len + 1);
    memcpy(copy, text, len + 1);
    sr_lint_text(&r, "fixed.yaml", copy, len, &cfg);
    int n = 0;
    for (size_t i = 0; i < r.nfindings; i++)
        n += !r.findings[i]->suppressed && strcmp(r.findings[i]->rule->id, rule) == 0;
    sr_result_release(&r);
    return n;
}

typedef int (*fmt_fn)(FILE *, const struct sr_report_opts *, struct sr_result *const *, size_t);

static char *report_of(fmt_fn fn, struct sr_result *res, size_t *n)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    struct sr_report_opts o = {.format = SR_FMT_JSON, .fail_level = SR_SEV_WARNING};
    struct sr_result *rs[] = {res};
    int rc = fn(m, &o, rs, 1);
    fclose(m);
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    *n = sz;
    return buf;
}

static char *sarif_of(struct sr_result *res, size_t *n)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    struct sr_report_opts o = {.format = SR_FMT_SARIF, .fail_level = SR_SEV_WARNING};
    struct sr_result *rs[] = {res};
    int rc = sr_report_sarif(m, &o, rs, 1);
    fclose(m);
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    *n = sz;
    return buf;
}

TEST(fixes_apply_and_remove_their_finding)
{
    size_t len;
    char *text = slurp(SEED, &len);
    if (!text)
        SKIP("run from the repository root (" SEED ")");
    char *orig = sr_xmalloc(len + 1);
    memcpy(orig, text, len + 1);
    static struct sr_config cfg;
    sr_config_defaults(&cfg);
    struct sr_result res;
    memset(&res, 0, sizeof(res));
    sr_lint_text(&res, SEED, text, len, &cfg);
    sr_fix_edits(&res, &cfg);
    size_t n;
    char *out = sarif_of(&res, &n);
    CHECK(out != NULL);
    cJSON *j = out ? cJSON_Parse(out) : NULL;
    CHECK(j != NULL);
    cJSON *results = jget(cJSON_GetArrayItem(jget(j, "runs"), 0), "results");
    int with_fix = 0, new_files = 0;
    for (cJSON *r = results ? results->child : NULL; r; r = r->next) {
        const char *rule = jstr(r, "ruleId");
        const struct sr_rule *desc = rule ? sr_rule_find(rule) : NULL;
        cJSON *fixes = jget(r, "fixes");
        if (!desc || !desc->plan) {
            CHECK(fixes == NULL); /* a rule that cannot be fixed offers nothing */
            continue;
        }
        if (!fixes)
            continue;
        with_fix++;
        cJSON *fix = cJSON_GetArrayItem(fixes, 0);
        CHECK(jstr(jget(fix, "description"), "text") != NULL);
        cJSON *changes = jget(fix, "artifactChanges");
        cJSON *c0 = cJSON_GetArrayItem(changes, 0);
        CHECK_STR(jstr(jget(c0, "artifactLocation"), "uri"), SEED);
        for (cJSON *c = c0 ? c0->next : NULL; c; c = c->next) {
            const char *u = jstr(jget(c, "artifactLocation"), "uri");
            CHECK(u && strncmp(u, "examples/", 9) == 0); /* beside the template */
            new_files++;
        }
        size_t nl;
        char *fixed = apply(orig, len, jget(c0, "replacements"), &nl);
        CHECK(fixed != NULL);
        if (!fixed)
            continue;
        /* The finding at this place is gone (others of the rule may stay). */
        int before = count_rule(orig, len, rule);
        int after = count_rule(fixed, nl, rule);
        if (after >= before) {
            char m[128];
            snprintf(m, sizeof(m), "fix of %s leaves %d of %d findings", rule, after, before);
            sr_t_note(__FILE__, __LINE__, m);
        }
        /* Bytes before the first and after the last region are untouched. */
        cJSON *reps = jget(c0, "replacements");
        cJSON *first = cJSON_GetArrayItem(reps, 0);
        cJSON *last = cJSON_GetArrayItem(reps, cJSON_GetArraySize(reps) - 1);
        long off = jint(jget(first, "deletedRegion"), "byteOffset");
        long end = jint(jget(last, "deletedRegion"), "byteOffset") +
                   jint(jget(last, "deletedRegion"), "byteLength");
        CHECK(off >= 0 && memcmp(fixed, orig, (size_t)off) == 0);
        CHECK(end >= 0 && (size_t)end <= len &&
              memcmp(fixed + nl - (len - (size_t)end), orig + end, len - (size_t)end) == 0);
        free(fixed);
    }
    CHECK(with_fix >= 2);  /* the seed template has several fixable findings */
    CHECK(new_files >= 1); /* the rotation function's handler skeleton */

    const char *schema = getenv("SR_SARIF_SCHEMA");
    if (!schema)
        schema = SARIF_SCHEMA_DEFAULT;
    if (out && access(schema, R_OK) == 0 &&
        system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0) {
        char path[] = "/tmp/sr-fixes-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0 && write(fd, out, n) == (ssize_t)n);
        close(fd);
        char cmd[512];
        snprintf(cmd, sizeof(cmd),
                 "python3 -c 'import json,sys,jsonschema\n"
                 "s=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))\n"
                 "jsonschema.validators.validator_for(s)(s).validate(d)' %s %s >/dev/null 2>&1",
                 schema, path);
        CHECK_INT(system(cmd), 0);
        unlink(path);
    }
    cJSON_Delete(j);
    free(out);
    free(orig);
    sr_result_release(&res);
}

TEST(json_fixable_agrees_with_sarif)
{
    size_t len;
    char *text = slurp(SEED, &len);
    if (!text)
        SKIP("run from the repository root (" SEED ")");
    static struct sr_config cfg;
    sr_config_defaults(&cfg);
    struct sr_result res;
    memset(&res, 0, sizeof(res));
    sr_lint_text(&res, SEED, text, len, &cfg);
    sr_fix_edits(&res, &cfg);
    size_t n1, n2;
    char *js = report_of(sr_report_json, &res, &n1);
    char *sa = report_of(sr_report_sarif, &res, &n2);
    cJSON *j = js ? cJSON_Parse(js) : NULL, *s = sa ? cJSON_Parse(sa) : NULL;
    cJSON *fl = jget(cJSON_GetArrayItem(jget(j, "files"), 0), "findings");
    cJSON *rl = jget(cJSON_GetArrayItem(jget(s, "runs"), 0), "results");
    CHECK(fl && rl && cJSON_GetArraySize(fl) == cJSON_GetArraySize(rl));
    int yes = 0, no = 0;
    for (cJSON *f = fl ? fl->child : NULL, *r = rl ? rl->child : NULL; f && r;
         f = f->next, r = r->next) {
        CHECK_STR(jstr(f, "rule"), jstr(r, "ruleId"));
        int fixable = cJSON_IsTrue(jget(f, "fixable"));
        CHECK_INT(fixable, jget(r, "fixes") != NULL);
        yes += fixable;
        no += !fixable;
    }
    CHECK(yes >= 2 && no >= 1); /* the seed has both kinds */
    cJSON_Delete(j);
    cJSON_Delete(s);
    free(js);
    free(sa);
    sr_result_release(&res);
}

int main(void)
{
    RUN(fixes_apply_and_remove_their_finding);
    RUN(json_fixable_agrees_with_sarif);
    return CHECK_DONE();
}
