/*
 * test_report.c - the machine-readable formats (json, sarif, junit, github)
 * and the rule catalogue (--list-rules, --explain), on results built by
 * hand. External validators (python3-jsonschema with the official SARIF
 * schema, xmllint) run where installed; otherwise those tests say skipped.
 * A property test feeds hostile strings through every format and parses
 * what comes out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "check.h"
#include "report.h"
#include "report_escape.h"
#include "report_rules.h"
#include "report_sarif.h"

#define SARIF_SCHEMA_DEFAULT "../shared/external/sarif-schema-2.1.0.json"
#define MAXF 4096

/* ---- building results by hand ---- */

/* A planner for the fake rules: they only need to count as fixable. */
static int fake_plan(struct sr_fixer *fx, struct sr_fix *fix)
{
    (void)fx;
    (void)fix;
    return -1;
}

static struct sr_rule fake_rules[] = {
    {.id = "SR101",
     .title = "secret has no rotation",
     .severity = SR_SEV_ERROR,
     .plan = fake_plan,
     .explain = "A secret must rotate.\n\nMore."},
    {.id = "SR109",
     .title = "rotation function has no failure alarm",
     .severity = SR_SEV_WARNING,
     .plan = fake_plan,
     .explain = "Alarm it."},
    {.id = "SR311",
     .title = "secret without Retain policies",
     .severity = SR_SEV_INFO,
     .explain = "Keep it."},
};

/* The registry's rule when there is one (so ruleIndex resolves), else ours. */
static const struct sr_rule *rule_of(const char *id)
{
    const struct sr_rule *r = sr_rule_find(id);
    if (r)
        return r;
    for (size_t i = 0; i < sizeof(fake_rules) / sizeof(fake_rules[0]); i++)
        if (strcmp(fake_rules[i].id, id) == 0)
            return &fake_rules[i];
    return &fake_rules[0];
}

static void res_init(struct sr_result *r, const char *path)
{
    memset(r, 0, sizeof(*r));
    sr_arena_init(&r->arena);
    r->path = path;
    r->is_template = 1;
    r->findings = sr_arena_alloc(&r->arena, MAXF * sizeof(*r->findings));
}

static struct sr_finding *add(struct sr_result *r, const char *rule, enum sr_severity sev, int l,
                              int c, int el, int ec, size_t s, size_t e, const char *msg,
                              const char *resource)
{
    struct sr_finding *f = sr_arena_alloc(&r->arena, sizeof(*f));
    f->rule = rule_of(rule);
    f->severity = sev;
    f->pos.line = l;
    f->pos.col = c;
    f->epos.line = el;
    f->epos.col = ec;
    f->start = s;
    f->end = e;
    f->message = msg;
    f->resource = resource;
    if (r->nfindings < MAXF)
        r->findings[r->nfindings++] = f;
    return f;
}

/* Loads text as the result's document so findings can point at nodes. */
static int res_load(struct sr_result *r, const char *text)
{
    struct sr_error err;
    r->text = (char *)text;
    r->len = strlen(text);
    if (sr_load(&r->arena, r->path, text, r->len, &r->doc, &err) != 0)
        return -1;
    r->loaded = 1;
    return 0;
}

/* Finding on the node at a JSON-like path of mapping keys. */
static struct sr_finding *add_at(struct sr_result *r, const char *rule, const char *path,
                                 const char *resource)
{
    const struct sr_node *n = sr_path(r->doc.root, path);
    if (!n)
        return NULL;
    struct sr_pos e = sr_doc_pos(&r->doc, n->end);
    struct sr_finding *f =
        add(r, rule, SR_SEV_ERROR, sr_node_pos(&r->doc, n).line, sr_node_pos(&r->doc, n).col,
            e.line, e.col, n->start, n->end, "a finding", resource);
    f->node = n;
    return f;
}

/* Short accessors: a NULL object or member gives NULL / -1. */
static cJSON *jget(const cJSON *o, const char *k)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static const char *jstr(const cJSON *o, const char *k)
{
    cJSON *v = jget(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long jint(const cJSON *o, const char *k)
{
    cJSON *v = jget(o, k);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
}

typedef int (*fmt_fn)(FILE *, const struct sr_report_opts *, struct sr_result *const *, size_t);

static char *render(fmt_fn fn, struct sr_result **rs, size_t n, size_t *len)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    /* Paths are named relative to the current directory (%SRCROOT%). */
    char *root = realpath(".", NULL);
    struct sr_report_opts o = {
        .format = SR_FMT_TEXT, .fail_level = SR_SEV_WARNING, .srcroot = root};
    if (!m) {
        free(root);
        return NULL;
    }
    int rc = fn(m, &o, rs, n);
    fclose(m);
    free(root);
    if (rc != 0) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = sz;
    return buf;
}

static char *rules_render(int json, const char *explain, int *rc)
{
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    if (!m)
        return NULL;
    *rc = explain ? sr_report_explain(m, explain)
                  : sr_report_rules(m, json ? SR_FMT_JSON : SR_FMT_TEXT);
    fclose(m);
    return buf;
}

/* Valid UTF-8 and no unsafe code point except the line breaks of layout. */
static int bytes_safe(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        if (cp == SR_UTF8_BAD || (sr_cp_unsafe(cp) && cp != '\n'))
            return 0;
        i += l;
    }
    return 1;
}

static char *write_temp(const char *data, size_t n, const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/sr-report-XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

static int have(const char *cmd)
{
    char line[256];
    snprintf(line, sizeof(line), "command -v %s >/dev/null 2>&1", cmd);
    return system(line) == 0;
}

static const char *sarif_schema(void)
{
    const char *p = getenv("SR_SARIF_SCHEMA");
    if (!p)
        p = SARIF_SCHEMA_DEFAULT;
    return access(p, R_OK) == 0 ? p : NULL;
}

static int have_jsonschema(void)
{
    return system("python3 -c 'import jsonschema' >/dev/null 2>&1") == 0;
}

/* 0 when the document validates against the schema (python3-jsonschema). */
static int validate(const char *schema, const char *doc)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import json,sys,jsonschema\n"
             "s=json.load(open(sys.argv[1]))\n"
             "d=json.load(open(sys.argv[2]))\n"
             "jsonschema.validators.validator_for(s)(s).validate(d)' %s %s >/tmp/sr-validate.log "
             "2>&1",
             schema, doc);
    return system(cmd);
}

static int xml_ok(const char *file)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "xmllint --noout %s >/tmp/sr-xmllint.log 2>&1", file);
    return system(cmd);
}

/* ---- a fixed sample ---- */

static void sample(struct sr_result *a, struct sr_result *b)
{
    res_init(a, "./templates/app one.yaml");
    add(a, "SR101", SR_SEV_ERROR, 3, 3, 3, 11, 20, 28, "secret 'DbSecret' has no rotation",
        "DbSecret");
    add(a, "SR109", SR_SEV_WARNING, 9, 5, 12, 1, 80, 140, "function 'Rot' has no failure alarm",
        "Rot");
    add(a, "SR311", SR_SEV_INFO, 10, 1, 10, 1, 0, 0, "template-level note", NULL)->suppressed = 1;
    add(a, "SR311", SR_SEV_INFO, 14, 2, 14, 9, 150, 157, "secret 'X' is not retained", "X");
    res_init(b, "clean.yaml");
}

static void release(struct sr_result *r)
{
    sr_arena_release(&r->arena);
}

TEST(json_fields)
{
    struct sr_result a, b;
    sample(&a, &b);
    struct sr_result *rs[] = {&a, &b};
    char *out = render(sr_report_json, rs, 2, NULL);
    CHECK(out != NULL);
    cJSON *j = cJSON_Parse(out);
    CHECK(j != NULL);
    cJSON *files = jget(j, "files");
    CHECK_INT(cJSON_GetArraySize(files), 2);
    cJSON *f0 = cJSON_GetArrayItem(files, 0);
    CHECK_STR(jstr(f0, "path"), "./templates/app one.yaml");
    cJSON *fl = jget(f0, "findings");
    CHECK_INT(cJSON_GetArraySize(fl), 3); /* the suppressed one is left out */
    cJSON *x = cJSON_GetArrayItem(fl, 0);
    CHECK_STR(jstr(x, "rule"), "SR101");
    CHECK_STR(jstr(x, "severity"), "error");
    CHECK_STR(jstr(x, "resource"), "DbSecret");
    cJSON *st = jget(x, "start");
    CHECK_INT(jint(st, "line"), 3);
    CHECK_INT(jint(st, "column"), 3);
    cJSON *en = jget(x, "end");
    CHECK_INT(jint(en, "column"), 11);
    cJSON *by = jget(x, "bytes");
    CHECK_INT(jint(by, "start"), 20);
    CHECK_INT(jint(by, "end"), 28);
    CHECK(cJSON_IsFalse(jget(x, "fixable")));
    CHECK_STR(jstr(cJSON_GetArrayItem(fl, 2), "severity"), "info");
    cJSON *sum = jget(j, "summary");
    CHECK_INT(jint(sum, "findings"), 3);
    CHECK_INT(jint(sum, "errors"), 1);
    CHECK_INT(jint(sum, "warnings"), 1);
    CHECK_INT(jint(sum, "suppressed"), 1);
    CHECK_INT(cJSON_GetArraySize(jget(cJSON_GetArrayItem(files, 1), "findings")), 0);
    cJSON_Delete(j);
    free(out);
    release(&a);
    release(&b);
}

TEST(json_matches_its_schema)
{
    if (!have("python3") || !have_jsonschema())
        SKIP("python3-jsonschema not installed");
    if (access("schemas/report.schema.json", R_OK) != 0)
        SKIP("run from the repository root");
    struct sr_result a, b;
    sample(&a, &b);
    b.io_error = 1;
    snprintf(b.io_message, sizeof(b.io_message), "cannot read: No such file");
    struct sr_result *rs[] = {&a, &b};
    size_t n;
    char *out = render(sr_report_json, rs, 2, &n);
    char *tmp = write_temp(out, n, ".json");
    CHECK(tmp != NULL);
    CHECK_INT(validate("schemas/report.schema.json", tmp), 0);
    unlink(tmp);
    free(out);
    release(&a);
    release(&b);
}

static cJSON *sarif_results(cJSON *j)
{
    return jget(cJSON_GetArrayItem(jget(j, "runs"), 0), "results");
}

TEST(sarif_fields)
{
    struct sr_result a, b;
    sample(&a, &b);
    struct sr_result *rs[] = {&a, &b};
    char *out = render(sr_report_sarif, rs, 2, NULL);
    cJSON *j = cJSON_Parse(out);
    CHECK(j != NULL);
    CHECK_STR(jstr(j, "version"), "2.1.0");
    cJSON *run = cJSON_GetArrayItem(jget(j, "runs"), 0);
    cJSON *driver = jget(jget(run, "tool"), "driver");
    CHECK_STR(jstr(driver, "name"), "secrot-lint");
    CHECK_STR(jstr(driver, "version"), SR_VERSION);
    size_t nreg;
    const struct sr_rule *const *reg = sr_registry(&nreg);
    cJSON *rules = jget(driver, "rules");
    CHECK_INT(cJSON_GetArraySize(rules), nreg);
    for (size_t i = 0; i < nreg; i++) {
        cJSON *d = cJSON_GetArrayItem(rules, (int)i);
        CHECK_STR(jstr(d, "id"), reg[i]->id);
        CHECK(jget(d, "helpUri") == NULL); /* only with an absolute base */
        CHECK_STR(jstr(jget(d, "shortDescription"), "text"), reg[i]->title);
        CHECK(jget(d, "help") != NULL);
    }
    cJSON *res = sarif_results(j);
    CHECK_INT(cJSON_GetArraySize(res), 3);
    cJSON *r0 = cJSON_GetArrayItem(res, 0);
    CHECK_STR(jstr(r0, "ruleId"), "SR101");
    CHECK_STR(jstr(r0, "level"), "error");
    cJSON *ri = jget(r0, "ruleIndex");
    if (sr_rule_find("SR101")) {
        CHECK(ri != NULL);
        CHECK_STR(reg[ri ? ri->valueint : 0]->id, "SR101");
    } else {
        CHECK(ri == NULL);
    }
    cJSON *pl = jget(cJSON_GetArrayItem(jget(r0, "locations"), 0), "physicalLocation");
    CHECK_STR(jstr(jget(pl, "artifactLocation"), "uri"), "templates/app%20one.yaml");
    cJSON *reg0 = jget(pl, "region");
    CHECK_INT(jint(reg0, "startLine"), 3);
    CHECK_INT(jint(reg0, "startColumn"), 3);
    CHECK_INT(jint(reg0, "endColumn"), 11);
    CHECK_INT(jint(reg0, "byteOffset"), 20);
    CHECK_INT(jint(reg0, "byteLength"), 8);
    CHECK_STR(jstr(cJSON_GetArrayItem(res, 1), "level"), "warning");
    CHECK_STR(jstr(cJSON_GetArrayItem(res, 2), "level"), "note");
    CHECK(jget(r0, "partialFingerprints") != NULL);
    CHECK_STR(jstr(run, "columnKind"), "unicodeCodePoints");
    cJSON_Delete(j);
    free(out);
    release(&a);
    release(&b);
}

static const char *fingerprint_of(cJSON *result)
{
    cJSON *fp = jget(result, "partialFingerprints");
    cJSON *v = fp ? fp->child : NULL;
    return v && cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *pointer_of(cJSON *result)
{
    cJSON *ll = cJSON_GetArrayItem(
        jget(cJSON_GetArrayItem(jget(result, "locations"), 0), "logicalLocations"), 0);
    cJSON *q = jget(ll, "fullyQualifiedName");
    return q ? q->valuestring : NULL;
}

TEST(sarif_fingerprints_survive_unrelated_edits)
{
    static const char v1[] = "Resources:\n"
                             "  Db:\n"
                             "    Type: AWS::RDS::DBInstance\n"
                             "    Properties:\n"
                             "      MasterUserPassword: hunter2\n"
                             "  Other:\n"
                             "    Type: AWS::SNS::Topic\n";
    static const char v2[] = "# a comment and a description added above\n"
                             "Description: changed\n"
                             "Resources:\n"
                             "  Zzz:\n"
                             "    Type: AWS::SNS::Topic\n"
                             "  Db:\n"
                             "    Type: AWS::RDS::DBInstance\n"
                             "    Properties:\n"
                             "      Engine: mysql\n"
                             "      MasterUserPassword: hunter2\n"
                             "  Other:\n"
                             "    Type: AWS::SNS::Topic\n";
    struct sr_result a, b;
    res_init(&a, "t.yaml");
    res_init(&b, "t.yaml");
    CHECK_INT(res_load(&a, v1), 0);
    CHECK_INT(res_load(&b, v2), 0);
    CHECK(add_at(&a, "SR101", "Resources/Db/Properties/MasterUserPassword", "Db") != NULL);
    CHECK(add_at(&a, "SR101", "Resources/Other/Type", "Other") != NULL);
    CHECK(add_at(&b, "SR101", "Resources/Db/Properties/MasterUserPassword", "Db") != NULL);
    CHECK(add_at(&b, "SR101", "Resources/Other/Type", "Other") != NULL);
    CHECK(a.nfindings == 2 && b.nfindings == 2);
    CHECK(a.findings[0]->pos.line != b.findings[0]->pos.line);
    struct sr_result *ra[] = {&a}, *rb[] = {&b};
    char *oa = render(sr_report_sarif, ra, 1, NULL), *ob = render(sr_report_sarif, rb, 1, NULL);
    cJSON *ja = cJSON_Parse(oa), *jb = cJSON_Parse(ob);
    cJSON *xa = sarif_results(ja), *xb = sarif_results(jb);
    CHECK_STR(pointer_of(cJSON_GetArrayItem(xa, 0)), "/Resources/Db/Properties/MasterUserPassword");
    CHECK_STR(pointer_of(cJSON_GetArrayItem(xa, 1)), "/Resources/Other/Type");
    const char *fa0 = fingerprint_of(cJSON_GetArrayItem(xa, 0));
    const char *fb0 = fingerprint_of(cJSON_GetArrayItem(xb, 0));
    const char *fa1 = fingerprint_of(cJSON_GetArrayItem(xa, 1));
    CHECK(fa0 && fb0 && fa1);
    CHECK_STR(fa0, fb0);
    CHECK(fa0 && fa1 && strcmp(fa0, fa1) != 0);
    CHECK_STR(fa1, fingerprint_of(cJSON_GetArrayItem(xb, 1)));
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    free(oa);
    free(ob);
    release(&a);
    release(&b);
}

TEST(sarif_duplicate_places_get_distinct_fingerprints)
{
    struct sr_result a;
    res_init(&a, "t.yaml");
    add(&a, "SR101", SR_SEV_ERROR, 1, 1, 1, 2, 0, 1, "one", "S");
    add(&a, "SR101", SR_SEV_ERROR, 1, 1, 1, 2, 0, 1, "two", "S");
    struct sr_result *rs[] = {&a};
    char *out = render(sr_report_sarif, rs, 1, NULL);
    cJSON *j = cJSON_Parse(out);
    cJSON *x = sarif_results(j);
    const char *f0 = fingerprint_of(cJSON_GetArrayItem(x, 0));
    const char *f1 = fingerprint_of(cJSON_GetArrayItem(x, 1));
    CHECK(f0 && f1 && strcmp(f0, f1) != 0);
    cJSON_Delete(j);
    free(out);
    release(&a);
}

TEST(sarif_validates_against_official_schema)
{
    const char *schema = sarif_schema();
    if (!schema)
        SKIP("../shared/external/sarif-schema-2.1.0.json not present");
    if (!have("python3") || !have_jsonschema())
        SKIP("python3-jsonschema not installed");
    struct sr_result a, b, c;
    sample(&a, &b);
    res_init(&c, "/abs/path/unreadable.yaml");
    c.io_error = 1;
    snprintf(c.io_message, sizeof(c.io_message), "cannot read: Permission denied");
    struct sr_result *rs[] = {&a, &b, &c};
    size_t n;
    char *out = render(sr_report_sarif, rs, 3, &n);
    char *tmp = write_temp(out, n, ".sarif");
    CHECK_INT(validate(schema, tmp), 0);
    /* The validator can fail: a broken document must be rejected. */
    char *bad = write_temp("{\"version\": \"2.1.0\", \"runs\": [{}]}", 34, ".sarif");
    CHECK(validate(schema, bad) != 0);
    unlink(bad);
    unlink(tmp);
    free(out);
    release(&a);
    release(&b);
    release(&c);
}

TEST(sarif_fix_object)
{
    static const char ins[] = "  Rotation:\n    Type: X\x1b\n";
    struct sr_splice sp[2] = {
        {10, 10, ins, sizeof(ins) - 1, 0},
        {40, 47, "", 0, 0},
    };
    cJSON *fix = sr_sarif_fix("dir/t%20x.yaml", "add a rotation schedule", sp, 2);
    cJSON *ch = cJSON_GetArrayItem(jget(fix, "artifactChanges"), 0);
    CHECK_STR(jstr(jget(fix, "description"), "text"), "add a rotation schedule");
    CHECK_STR(jstr(jget(ch, "artifactLocation"), "uri"), "dir/t%20x.yaml");
    cJSON *reps = jget(ch, "replacements");
    CHECK_INT(cJSON_GetArraySize(reps), 2);
    cJSON *r0 = cJSON_GetArrayItem(reps, 0), *r1 = cJSON_GetArrayItem(reps, 1);
    CHECK_INT(jint(jget(r0, "deletedRegion"), "byteOffset"), 10);
    CHECK_INT(jint(jget(r0, "deletedRegion"), "byteLength"), 0);
    CHECK_STR(jstr(jget(r0, "insertedContent"), "text"), "  Rotation:\n    Type: X\x1b\n");
    CHECK_INT(jint(jget(r1, "deletedRegion"), "byteLength"), 7);
    CHECK(jget(r1, "insertedContent") == NULL);

    /* In a real report, the result with fixes still validates. */
    const char *schema = sarif_schema();
    if (!schema || !have("python3") || !have_jsonschema()) {
        cJSON_Delete(fix);
        SKIP("SARIF schema or python3-jsonschema not available: fix not validated");
    }
    struct sr_result a, b;
    sample(&a, &b);
    struct sr_result *rs[] = {&a};
    char *out = render(sr_report_sarif, rs, 1, NULL);
    cJSON *j = cJSON_Parse(out);
    cJSON *fixes = cJSON_CreateArray();
    cJSON_AddItemToArray(fixes, fix);
    cJSON_AddItemToObject(cJSON_GetArrayItem(sarif_results(j), 0), "fixes", fixes);
    char *buf = NULL;
    size_t sz = 0;
    FILE *m = open_memstream(&buf, &sz);
    CHECK_INT(sr_json_print(m, j), 0);
    fclose(m);
    CHECK(bytes_safe(buf, sz));
    char *tmp = write_temp(buf, sz, ".sarif");
    CHECK_INT(validate(schema, tmp), 0);
    unlink(tmp);
    free(buf);
    cJSON_Delete(j);
    free(out);
    release(&a);
    release(&b);
}

TEST(junit_structure)
{
    struct sr_result a, b;
    sample(&a, &b);
    struct sr_result *rs[] = {&a, &b};
    size_t n;
    char *out = render(sr_report_junit, rs, 2, &n);
    CHECK(out != NULL);
    CHECK(
        strstr(out, "<testsuites name=\"secrot-lint\" tests=\"4\" failures=\"2\" errors=\"0\">") !=
        NULL);
    /* The info finding is below --fail-level warning: a passing case. */
    CHECK(strstr(out, "<testsuite name=\"./templates/app one.yaml\" tests=\"3\" failures=\"2\"") !=
          NULL);
    CHECK(strstr(out, "(below --fail-level: does not fail)</system-out>") != NULL);
    CHECK(strstr(out, "<testsuite name=\"clean.yaml\" tests=\"1\" failures=\"0\"") != NULL);
    CHECK(strstr(out, "<failure message=\"secret &apos;DbSecret&apos; has no rotation\" "
                      "type=\"SR101\">") != NULL);
    /* Every failure sits in a test case of its file's suite. */
    const char *s2 = strstr(out, "<testsuite name=\"clean.yaml\"");
    const char *last_fail = NULL;
    for (const char *p = strstr(out, "<failure"); p; p = strstr(p + 1, "<failure"))
        last_fail = p;
    CHECK(s2 && last_fail && last_fail < s2);
    if (have("xmllint")) {
        char *tmp = write_temp(out, n, ".xml");
        CHECK_INT(xml_ok(tmp), 0);
        unlink(tmp);
    }
    free(out);
    release(&a);
    release(&b);
}

TEST(github_commands)
{
    struct sr_result a;
    res_init(&a, "./dir/a,b:c.yaml");
    add(&a, "SR101", SR_SEV_ERROR, 3, 5, 3, 9, 0, 4, "100% bad\r\nnext::line", "S");
    add(&a, "SR109", SR_SEV_WARNING, 4, 1, 2, 1, 0, 4, "end before start", "S");
    add(&a, "SR311", SR_SEV_INFO, 0, 0, 0, 0, 0, 0, "esc \x1b[31mred\xe2\x80\xae", NULL);
    struct sr_result *rs[] = {&a};
    char *out = render(sr_report_github, rs, 1, NULL);
    static const char want[] =
        "::error file=dir/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,"
        "title=SR101::100%25 bad%0D%0Anext::line\n"
        "::warning file=dir/a%2Cb%3Ac.yaml,line=4,col=1,endLine=4,endColumn=1,"
        "title=SR109::end before start\n"
        "::notice file=dir/a%2Cb%3Ac.yaml,line=1,col=1,endLine=1,endColumn=1,"
        "title=SR311::esc \\x1b[31mred\\u{202e}\n";
    CHECK(out && strcmp(out, want) == 0);
    if (out && strcmp(out, want) != 0)
        fputs(out, stderr);
    free(out);
    release(&a);
}

TEST(rules_list_and_explain)
{
    size_t nreg;
    const struct sr_rule *const *reg = sr_registry(&nreg);
    int rc;
    char *txt = rules_render(0, NULL, &rc);
    CHECK_INT(rc, 0);
    CHECK(txt && strncmp(txt, "ID      SEVERITY  FIX     TITLE\n", 32) == 0);
    size_t lines = 0;
    for (const char *p = txt; p && *p; p++)
        lines += *p == '\n';
    CHECK_INT(lines, nreg + 1);
    free(txt);

    char *js = rules_render(1, NULL, &rc);
    CHECK_INT(rc, 0);
    cJSON *j = cJSON_Parse(js);
    cJSON *arr = jget(j, "rules");
    CHECK_INT(cJSON_GetArraySize(arr), nreg);
    for (size_t i = 0; i < nreg; i++) {
        cJSON *o = cJSON_GetArrayItem(arr, (int)i);
        CHECK_STR(jstr(o, "id"), reg[i]->id);
        CHECK(cJSON_IsBool(jget(o, "fixable")));
        /* "fix" says the declared safety; "no" exactly when not fixable. */
        const char *fs = jstr(o, "fix");
        CHECK(fs && (strcmp(fs, "no") == 0) == !reg[i]->plan);
        CHECK(fs && (!strcmp(fs, "no") || !strcmp(fs, "safe") || !strcmp(fs, "unsafe") ||
                     !strcmp(fs, "both")));
    }
    cJSON_Delete(j);
    free(js);

    char *none = rules_render(0, "SR999x", &rc);
    CHECK_INT(rc, -1);
    free(none);
    if (nreg == 0)
        SKIP("the registry is empty: --explain of a real rule not checked");
    char *ex = rules_render(0, reg[0]->id, &rc);
    CHECK_INT(rc, 0);
    char head[128];
    snprintf(head, sizeof(head), "# %s: %s\n", reg[0]->id, reg[0]->title);
    CHECK(ex && strncmp(ex, head, strlen(head)) == 0);
    CHECK(ex && strstr(ex, "- Severity: ") != NULL);
    CHECK(ex && strstr(ex, "- Fixable: ") != NULL);
    free(ex);
}

/* ---- property test: hostile strings through every format ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static const char *const pieces[] = {"]]>",
                                     "\"",
                                     "\\",
                                     "%",
                                     ":",
                                     ",",
                                     "::",
                                     "\xe2\x80\xae",
                                     "\xc3\xa9",
                                     "\xed\xa0\x80",
                                     "\xf4\x90\x80\x80",
                                     "\xc0\xaf",
                                     "&amp;",
                                     "<",
                                     ">",
                                     "\r\n",
                                     "\x1b[2J",
                                     "\xc2\x85",
                                     "\xef\xbf\xbe",
                                     "'",
                                     "\t",
                                     "\x7f",
                                     "\xff",
                                     "\xe2\x80",
                                     "${x}",
                                     "\xf0\x9f\x94\x91",
                                     "--",
                                     "~/",
                                     "\xe2\x80\xa8"};

static char *random_string(struct sr_arena *a)
{
    char buf[256];
    size_t k = 0, parts = rnd() % 12;
    for (size_t i = 0; i < parts && k < 200; i++) {
        if (rnd() % 3 == 0) {
            buf[k++] = (char)(1 + rnd() % 255);
        } else {
            const char *p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];
            size_t l = strlen(p);
            memcpy(buf + k, p, l);
            k += l;
        }
    }
    return sr_arena_strndup(a, buf, k);
}

/* Undoes the github data escaping. */
static void gh_unescape(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        if (s[i] == '%' && i + 2 < n + 0 && strncmp(s + i, "%25", 3) == 0) {
            out[k++] = '%';
            i += 2;
        } else if (s[i] == '%' && strncmp(s + i, "%0D", 3) == 0) {
            out[k++] = '\r';
            i += 2;
        } else if (s[i] == '%' && strncmp(s + i, "%0A", 3) == 0) {
            out[k++] = '\n';
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = 0;
}

TEST(property_hostile_strings)
{
    enum { NRES = 8, PER = 40 };
    struct sr_result res[NRES];
    struct sr_result *rs[NRES];
    for (int i = 0; i < NRES; i++) {
        res_init(&res[i], "x");
        res[i].path = random_string(&res[i].arena);
        for (int k = 0; k < PER; k++) {
            int l = (int)(rnd() % 50) + 1;
            add(&res[i], "SR101", (enum sr_severity)(1 + rnd() % 3), l, (int)(rnd() % 9),
                l + (int)(rnd() % 2), (int)(rnd() % 9), rnd() % 100, rnd() % 100,
                random_string(&res[i].arena), rnd() % 4 ? random_string(&res[i].arena) : NULL);
        }
        if (i == 3) {
            res[i].io_error = 1;
            snprintf(res[i].io_message, sizeof(res[i].io_message), "cannot read \x1b]0;%s",
                     random_string(&res[i].arena));
        }
        rs[i] = &res[i];
    }
    size_t total = NRES * PER;

    /* json: parses, no raw control bytes, messages round-trip made valid. */
    size_t n;
    char *out = render(sr_report_json, rs, NRES, &n);
    CHECK(out && bytes_safe(out, n));
    cJSON *j = cJSON_ParseWithLength(out, n);
    CHECK(j != NULL);
    cJSON *files = jget(j, "files");
    CHECK_INT(cJSON_GetArraySize(files), NRES);
    for (int i = 0; i < NRES && j; i++) {
        cJSON *fo = cJSON_GetArrayItem(files, i);
        char *want = sr_utf8_clean(res[i].path, strlen(res[i].path));
        CHECK_STR(jstr(fo, "path"), want);
        free(want);
        cJSON *fl = jget(fo, "findings");
        CHECK_INT(cJSON_GetArraySize(fl), PER);
        for (int k = 0; k < PER; k++) {
            want = sr_utf8_clean(res[i].findings[k]->message, strlen(res[i].findings[k]->message));
            CHECK_STR(jstr(cJSON_GetArrayItem(fl, k), "message"), want);
            free(want);
        }
    }
    if (have("python3") && have_jsonschema() && access("schemas/report.schema.json", R_OK) == 0) {
        char *tmp = write_temp(out, n, ".json");
        CHECK_INT(validate("schemas/report.schema.json", tmp), 0);
        unlink(tmp);
    }
    cJSON_Delete(j);
    free(out);

    /* sarif: parses, result count, official schema. */
    out = render(sr_report_sarif, rs, NRES, &n);
    CHECK(out && bytes_safe(out, n));
    j = cJSON_ParseWithLength(out, n);
    CHECK(j != NULL);
    CHECK_INT(cJSON_GetArraySize(sarif_results(j)), total);
    const char *schema = sarif_schema();
    if (schema && have("python3") && have_jsonschema()) {
        char *tmp = write_temp(out, n, ".sarif");
        CHECK_INT(validate(schema, tmp), 0);
        unlink(tmp);
    }
    cJSON_Delete(j);
    free(out);

    /* junit: well-formed, no CDATA terminator, no raw control bytes. */
    out = render(sr_report_junit, rs, NRES, &n);
    CHECK(out && bytes_safe(out, n));
    CHECK(out && strstr(out, "]]>") == NULL);
    if (have("xmllint")) {
        char *tmp = write_temp(out, n, ".xml");
        CHECK_INT(xml_ok(tmp), 0);
        unlink(tmp);
    }
    free(out);

    /* github: one command per finding, six properties, data round-trips. */
    out = render(sr_report_github, rs, NRES, &n);
    CHECK(out && bytes_safe(out, n));
    size_t lines = 0, idx = 0;
    for (char *line = out, *nl; out && (nl = strchr(line, '\n')); line = nl + 1) {
        lines++;
        CHECK(line[0] == ':' && line[1] == ':');
        char *space = strchr(line, ' ');
        char *data = strstr(line + 2, "::");
        CHECK(space && data && space < data && data < nl);
        if (!space || !data || data > nl)
            break;
        size_t commas = 0;
        for (char *p = space; p < data; p++)
            commas += *p == ',';
        if (commas == 0 && strncmp(line, "::error file=", 13) == 0)
            continue; /* the unreadable file: no position */
        CHECK_INT(commas, 5);
        /* the message, unescaped, never holds a raw control character */
        char msg[4096];
        gh_unescape(data + 2, (size_t)(nl - data - 2), msg, sizeof(msg));
        for (const char *p = msg; *p; p++)
            CHECK((unsigned char)*p >= 0x20 || *p == '\r' || *p == '\n');
        idx++;
    }
    CHECK_INT(lines, total + 1);
    CHECK_INT(idx, total);
    free(out);

    for (int i = 0; i < NRES; i++)
        release(&res[i]);
}

TEST(utf8_decoder)
{
    uint32_t cp;
    CHECK_INT(sr_utf8_decode("\xc3\xa9", 2, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(sr_utf8_decode("\xc0\xaf", 2, &cp), 1); /* overlong */
    CHECK(cp == SR_UTF8_BAD);
    CHECK_INT(sr_utf8_decode("\xed\xa0\x80", 3, &cp), 1); /* surrogate */
    CHECK(cp == SR_UTF8_BAD);
    CHECK_INT(sr_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 1); /* > U+10FFFF */
    CHECK(cp == SR_UTF8_BAD);
    CHECK_INT(sr_utf8_decode("\xe2\x82", 2, &cp), 1); /* truncated */
    CHECK(cp == SR_UTF8_BAD);
    CHECK_INT(sr_utf8_decode("\xf0\x9f\x94\x91", 4, &cp), 4);
    CHECK_INT(cp, 0x1F511);
    char *c = sr_utf8_clean("a\xff"
                            "b",
                            3);
    CHECK_STR(c, "a\xef\xbf\xbd"
                 "b");
    free(c);
    char vis[12];
    CHECK_INT(sr_cp_visible(0x1b, vis), 4);
    CHECK(memcmp(vis, "\\x1b", 4) == 0);
    CHECK_INT(sr_cp_visible(0x202e, vis), 8);
    CHECK(memcmp(vis, "\\u{202e}", 8) == 0);
    CHECK(sr_cp_unsafe(0x9b) && sr_cp_unsafe(0x2066) && !sr_cp_unsafe('a') && !sr_cp_unsafe(0xe9));
}

/* The ASCII runs that the cleaners copy at once end at exactly the bytes the
 * per-character path must see: NUL, DEL, bytes above 0x7F, entities. */
TEST(utf8_clean_and_xml_runs)
{
    char *c = sr_utf8_clean("ab\0cd\x7f"
                            "e\xc3\xa9"
                            "f\xff",
                            11);
    CHECK_STR(c, "ab\\x00cd\x7f"
                 "e\xc3\xa9"
                 "f\xef\xbf\xbd");
    free(c);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    CHECK(m != NULL);
    sr_xml_write(m, "run <a href='x'>&\"</a>\ttab\x1b"
                    "end \xc3\xa9\xe2\x80\xae"
                    "z");
    fclose(m);
    CHECK_STR(buf, "run &lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;&#9;tab\\x1b"
                   "end \xc3\xa9\\u{202e}"
                   "z");
    free(buf);
}

TEST(explain_markdown_fences_examples)
{
    char *md = sr_explain_markdown("Why.\n"
                                   "Example:\n"
                                   "    Resources:\n"
                                   "      A: 1\n"
                                   "\n"
                                   "    Outputs: {}\n"
                                   "See it.\n"
                                   "    run --this\n");
    CHECK_STR(md, "Why.\nExample:\n\n```yaml\nResources:\n  A: 1\n\nOutputs: {}\n```\n\n"
                  "See it.\n\n```\nrun --this\n```\n");
    free(md);
    md = sr_explain_markdown(NULL);
    CHECK_STR(md, "");
    free(md);
}

int main(void)
{
    RUN(utf8_decoder);
    RUN(utf8_clean_and_xml_runs);
    RUN(json_fields);
    RUN(json_matches_its_schema);
    RUN(sarif_fields);
    RUN(sarif_fingerprints_survive_unrelated_edits);
    RUN(sarif_duplicate_places_get_distinct_fingerprints);
    RUN(sarif_validates_against_official_schema);
    RUN(sarif_fix_object);
    RUN(junit_structure);
    RUN(github_commands);
    RUN(rules_list_and_explain);
    RUN(explain_markdown_fences_examples);
    RUN(property_hostile_strings);
    return CHECK_DONE();
}
