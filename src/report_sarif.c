/*
 * report_sarif.c - SARIF 2.1.0 (--format sarif) for code-scanning platforms.
 *
 * One run: the tool driver lists every rule of the registry (id, name,
 * descriptions, help, default level, security-severity, tags; helpUri only
 * when an absolute base is configured); each reported finding becomes a
 * result with its physical location (line, column counted in Unicode code
 * points, byte range), its logical location (the JSON pointer of the node)
 * and a partial fingerprint that does not depend on line numbers (the
 * baseline fingerprint of baseline.h with an ordinal). Files under the
 * source root are named relative to %SRCROOT%, which originalUriBaseIds
 * gives as an absolute file URI; others by an absolute file URI. Files that
 * could not be read and stale baseline entries become tool execution
 * notifications. It only reads the results.
 */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "lpath.h"
#include "report_escape.h"
#include "fix.h"
#include "report_rules.h"
#include "report_sarif.h"
#include "srcroot.h"

/* The project's public home for tool.driver.informationUri: set with
 * -DSR_HOME_URL='"https://..."' at build time; left out when unknown rather
 * than pointing users at a guessed address. */
#define SR_SARIF_SCHEMA                                                                            \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SR_FINGERPRINT_KEY "secrotLint/v2"
#define SR_SRCROOT "%SRCROOT%"
#define SR_PATH_MAX 2048

static void add_str(cJSON *o, const char *k, const char *s)
{
    cJSON_AddItemToObject(o, k, sr_json_string(s));
}

static void add_num(cJSON *o, const char *k, double v)
{
    if (!cJSON_AddNumberToObject(o, k, v))
        sr_json_oom();
}

static cJSON *message(const char *text)
{
    cJSON *m = sr_json_object();
    add_str(m, "text", text);
    return m;
}

static const char *level_of(enum sr_severity s)
{
    switch (s) {
    case SR_SEV_ERROR:
        return "error";
    case SR_SEV_WARNING:
        return "warning";
    case SR_SEV_INFO:
        return "note";
    default:
        return "none";
    }
}

/* ---- paths and URIs ---- */

/*
 * A relative path becomes a relative URI reference (leading "./" dropped),
 * an absolute one a file:// URI; every byte outside the unreserved set and
 * '/' is percent-encoded. Returns a heap string.
 */
static char *path_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *p = path ? path : "";
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    int abs = p[0] == '/';
    size_t n = strlen(p);
    char *u = sr_xmalloc(n * 3 + 8);
    size_t k = 0;
    if (abs) {
        memcpy(u, "file://", 7);
        k = 7;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            u[k++] = (char)c;
        } else {
            u[k++] = '%';
            u[k++] = hex[c >> 4];
            u[k++] = hex[c & 15];
        }
    }
    u[k] = 0;
    return u;
}

/* Percent-encodes s ("/" kept) after prefix into a heap string. */
static char *uri_encode(const char *prefix, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t pl = strlen(prefix), n = strlen(s);
    char *u = sr_xmalloc(pl + n * 3 + 2);
    memcpy(u, prefix, pl);
    size_t k = pl;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            u[k++] = (char)c;
        } else {
            u[k++] = '%';
            u[k++] = hex[c >> 4];
            u[k++] = hex[c & 15];
        }
    }
    u[k] = 0;
    return u;
}

/*
 * The artifact location of the file at path: relative to %SRCROOT% when it
 * is under the source root, else an absolute file URI (a relative URI
 * reference when the path cannot be resolved, as for standard input).
 * *rel (when not NULL) gets the name used for fingerprints. Returns a new
 * object.
 */
static cJSON *artifact_location(const struct sr_report_opts *o, const char *path, char **rel)
{
    char buf[4200];
    cJSON *art = sr_json_object();
    char *uri;
    int inside = 0;
    if (strcmp(path, "<stdin>") == 0) {
        snprintf(buf, sizeof(buf), "-");
        uri = path_uri(path);
    } else if ((inside = sr_srcroot_rel(o->srcroot, path, buf, sizeof(buf))) == 1) {
        uri = uri_encode("", buf);
    } else {
        uri = buf[0] == '/' ? uri_encode("file://", buf) : path_uri(path);
    }
    cJSON_AddItemToObject(art, "uri", sr_json_string(uri));
    if (inside == 1)
        cJSON_AddItemToObject(art, "uriBaseId", sr_json_string(SR_SRCROOT));
    free(uri);
    if (rel)
        *rel = sr_xstrdup(buf);
    return art;
}

/* Gives every artifactLocation of a fix the base and URI of the file it names. */
static void fix_locations(cJSON *fix, const struct sr_report_opts *o, const char *tpl_path,
                          const char *new_file_path)
{
    cJSON *changes = cJSON_GetObjectItemCaseSensitive(fix, "artifactChanges"), *c;
    int i = 0;
    cJSON_ArrayForEach(c, changes)
    {
        const char *path = i++ == 0 ? tpl_path : new_file_path;
        if (path)
            cJSON_ReplaceItemInObjectCaseSensitive(c, "artifactLocation",
                                                   artifact_location(o, path, NULL));
    }
}

/* ---- fingerprints ---- */

struct fp_slot {
    uint64_t key;
    unsigned count;
    int used;
};

/*
 * Ordinal of key among the keys seen so far (0 for the first), counted in
 * an open-addressing table of cap (power of two) slots.
 */
static unsigned fp_ordinal(struct fp_slot *t, size_t cap, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (cap - 1);
    for (size_t probe = 0; probe < cap; probe++, i = (i + 1) & (cap - 1)) {
        if (!t[i].used) {
            t[i].used = 1;
            t[i].key = key;
            t[i].count = 1;
            return 0;
        }
        if (t[i].key == key)
            return t[i].count++;
    }
    return 0;
}

/* ---- rules ---- */

/* "secret has no rotation" -> "SecretHasNoRotation". */
static void rule_name(const char *title, char *buf, size_t cap)
{
    size_t k = 0;
    int up = 1;
    for (const char *p = title ? title : ""; *p && k + 1 < cap && k < 80; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            if (up && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            buf[k++] = c;
            up = 0;
        } else {
            up = 1;
        }
    }
    buf[k] = 0;
}

/* The first paragraph of the explanation, or the title. Heap string. */
static char *first_paragraph(const struct sr_rule *r)
{
    const char *e = r->explain;
    if (!e || !*e)
        return sr_xstrdup(r->title ? r->title : r->id);
    const char *end = strstr(e, "\n\n");
    size_t n = end ? (size_t)(end - e) : strlen(e);
    char *s = sr_xmalloc(n + 1);
    memcpy(s, e, n);
    s[n] = 0;
    return s;
}

static cJSON *rule_descriptor(const struct sr_report_opts *o, const struct sr_rule *r)
{
    cJSON *d = sr_json_object();
    char name[96], uri[512];
    add_str(d, "id", r->id);
    rule_name(r->title, name, sizeof(name));
    add_str(d, "name", name[0] ? name : r->id);
    cJSON_AddItemToObject(d, "shortDescription", message(r->title ? r->title : r->id));
    char *full = first_paragraph(r);
    cJSON_AddItemToObject(d, "fullDescription", message(full));
    free(full);
    cJSON *help = sr_json_object();
    add_str(help, "text", r->explain && *r->explain ? r->explain : r->title);
    char *md = sr_explain_markdown(r->explain && *r->explain ? r->explain : r->title);
    add_str(help, "markdown", md);
    free(md);
    cJSON_AddItemToObject(d, "help", help);
    /* An absolute URL or none: code scanning cannot resolve a relative one. */
    if (sr_report_help_uri(o, r->id, uri, sizeof(uri)))
        add_str(d, "helpUri", uri);
    cJSON *conf = sr_json_object();
    add_str(conf, "level", level_of(r->severity));
    cJSON_AddItemToObject(d, "defaultConfiguration", conf);
    cJSON *props = sr_json_object();
    cJSON *tags = sr_json_array();
    /* The descriptor's tags, comma-separated. */
    for (const char *p = r->tags ? r->tags : ""; *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            char tag[64];
            snprintf(tag, sizeof(tag), "%.*s", (int)(n < 63 ? n : 63), p);
            cJSON_AddItemToArray(tags, sr_json_string(tag));
        }
        p += n + (p[n] == ',');
    }
    if (r->security_severity > 0) {
        /* GitHub code scanning ranks security alerts by this score. */
        char score[16];
        snprintf(score, sizeof(score), "%.1f", r->security_severity);
        add_str(props, "security-severity", score);
    }
    cJSON_AddItemToObject(props, "tags", tags);
    cJSON_AddItemToObject(d, "properties", props);
    return d;
}

static long rule_index(const struct sr_rule *const *reg, size_t nreg, const struct sr_rule *r)
{
    if (!r)
        return -1;
    size_t lo = 0, hi = nreg;
    while (lo < hi) { /* the registry is sorted by id */
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(reg[mid]->id, r->id);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- results ---- */

/* Depth of the run object and of each result in the printed report. */
#define SR_SARIF_RUN_DEPTH 2
#define SR_SARIF_RESULT_DEPTH 4

cJSON *sr_sarif_fix(const char *uri, const char *description, const struct sr_splice *sp, size_t n)
{
    cJSON *fix = sr_json_object(), *changes = sr_json_array(), *change = sr_json_object(),
          *art = sr_json_object(), *reps = sr_json_array();
    cJSON_AddItemToObject(fix, "description", message(description));
    add_str(art, "uri", uri);
    cJSON_AddItemToObject(change, "artifactLocation", art);
    for (size_t i = 0; i < n; i++) {
        cJSON *rep = sr_json_object(), *del = sr_json_object(), *ins = sr_json_object();
        size_t end = sp[i].end < sp[i].start ? sp[i].start : sp[i].end;
        add_num(del, "byteOffset", (double)sp[i].start);
        add_num(del, "byteLength", (double)(end - sp[i].start));
        cJSON_AddItemToObject(rep, "deletedRegion", del);
        if (sp[i].len > 0) {
            char *text = sr_utf8_clean(sp[i].text, sp[i].len);
            add_str(ins, "text", text);
            free(text);
            cJSON_AddItemToObject(rep, "insertedContent", ins);
        } else {
            cJSON_Delete(ins);
        }
        cJSON_AddItemToArray(reps, rep);
    }
    cJSON_AddItemToObject(change, "replacements", reps);
    cJSON_AddItemToArray(changes, change);
    cJSON_AddItemToObject(fix, "artifactChanges", changes);
    return fix;
}

void sr_sarif_fix_add_file(cJSON *fix, const char *uri, const char *text)
{
    cJSON *changes = cJSON_GetObjectItemCaseSensitive(fix, "artifactChanges");
    if (!changes)
        return;
    cJSON *change = sr_json_object(), *art = sr_json_object(), *reps = sr_json_array(),
          *rep = sr_json_object(), *del = sr_json_object(), *ins = sr_json_object();
    add_str(art, "uri", uri);
    cJSON_AddItemToObject(change, "artifactLocation", art);
    add_num(del, "byteOffset", 0);
    add_num(del, "byteLength", 0);
    cJSON_AddItemToObject(rep, "deletedRegion", del);
    char *clean = sr_utf8_clean(text ? text : "", text ? strlen(text) : 0);
    add_str(ins, "text", clean);
    free(clean);
    cJSON_AddItemToObject(rep, "insertedContent", ins);
    cJSON_AddItemToArray(reps, rep);
    cJSON_AddItemToObject(change, "replacements", reps);
    cJSON_AddItemToArray(changes, change);
}

/* "dir/t.yaml" + "rotation/app.py" -> "dir/rotation/app.py" (heap). */
static char *beside(const char *tpl, const char *rel)
{
    const char *slash = tpl ? strrchr(tpl, '/') : NULL;
    size_t dl = slash ? (size_t)(slash - tpl) + 1 : 0;
    size_t rl = strlen(rel);
    char *p = sr_xmalloc(dl + rl + 1);
    if (dl) /* tpl may be NULL, and memcpy takes no NULL even for 0 bytes */
        memcpy(p, tpl, dl);
    memcpy(p + dl, rel, rl + 1);
    return p;
}

/*
 * Fixes of a finding: the byte splices --fix would apply for it alone
 * (planned, rendered and verified by the fixer), as one SARIF fix; a file
 * the fix creates beside the template is a second artifact change.
 * Findings without a verified fix get none.
 */
static void add_fixes(cJSON *result, const struct sr_report_opts *o, struct sr_result *res,
                      const struct sr_finding *f, const char *uri)
{
    const struct sr_fix_edit *ed = f->edit;
    if (!ed || f->suppressed)
        return;
    cJSON *fix =
        sr_sarif_fix(uri, ed->description ? ed->description : "fix", ed->splices, ed->nsplices);
    char *path = ed->new_file ? beside(res->path, ed->new_file) : NULL;
    if (path) {
        char *nuri = path_uri(path);
        sr_sarif_fix_add_file(fix, nuri, ed->new_file_text);
        free(nuri);
    }
    fix_locations(fix, o, res->path, path);
    free(path);
    /* Safe: --fix applies it; unsafe: only --fix --unsafe-fixes, after review. */
    cJSON *props = cJSON_CreateObject();
    if (props) {
        cJSON_AddItemToObject(props, "safety", sr_json_string(ed->unsafe ? "unsafe" : "safe"));
        if (ed->unsafe)
            cJSON_AddItemToObject(props, "unsafeReason", sr_json_string(ed->unsafe));
        cJSON_AddItemToObject(fix, "properties", props);
    }
    cJSON *fixes = sr_json_array();
    cJSON_AddItemToArray(fixes, fix);
    cJSON_AddItemToObject(result, "fixes", fixes);
}

static cJSON *result_obj(const struct sr_report_opts *ro, struct sr_result *res,
                         const struct sr_finding *f, long ridx, const cJSON *file_art,
                         const char *pointer, const char *fingerprint)
{
    struct sr_span sp;
    sr_finding_span(f, &sp);

    cJSON *o = sr_json_object();
    add_str(o, "ruleId", f->rule ? f->rule->id : "SR000");
    if (ridx >= 0)
        add_num(o, "ruleIndex", (double)ridx);
    add_str(o, "level", level_of(f->severity));
    cJSON_AddItemToObject(o, "message", message(f->message ? f->message : ""));

    cJSON *locs = sr_json_array(), *loc = sr_json_object(), *phys = sr_json_object(),
          *reg = sr_json_object();
    cJSON *art = cJSON_Duplicate(file_art, 1);
    if (!art)
        sr_json_oom();
    cJSON_AddItemToObject(phys, "artifactLocation", art);
    add_num(reg, "startLine", sp.start.line);
    add_num(reg, "startColumn", sp.start.col);
    add_num(reg, "endLine", sp.end.line);
    add_num(reg, "endColumn", sp.end.col);
    add_num(reg, "byteOffset", (double)sp.bstart);
    add_num(reg, "byteLength", (double)(sp.bend - sp.bstart));
    cJSON_AddItemToObject(phys, "region", reg);
    cJSON_AddItemToObject(loc, "physicalLocation", phys);
    if (f->resource || pointer[0]) {
        cJSON *lls = sr_json_array(), *ll = sr_json_object();
        if (f->resource)
            add_str(ll, "name", f->resource);
        if (pointer[0])
            add_str(ll, "fullyQualifiedName", pointer);
        add_str(ll, "kind", "resource");
        cJSON_AddItemToArray(lls, ll);
        cJSON_AddItemToObject(loc, "logicalLocations", lls);
    }
    cJSON_AddItemToArray(locs, loc);
    cJSON_AddItemToObject(o, "locations", locs);

    cJSON *fp = sr_json_object();
    add_str(fp, SR_FINGERPRINT_KEY, fingerprint);
    cJSON_AddItemToObject(o, "partialFingerprints", fp);
    if (ro->stats && ro->stats->baseline) /* reported with a baseline: not in it */
        add_str(o, "baselineState", "new");
    cJSON *props = sr_json_object();
    if (!cJSON_AddBoolToObject(props, "fails", sr_finding_fails(ro, f)))
        sr_json_oom();
    cJSON_AddItemToObject(o, "properties", props);
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(file_art, "uri");
    add_fixes(o, ro, res, f, cJSON_IsString(u) ? u->valuestring : "");
    return o;
}

static void add_file_results(cJSON *results, const struct sr_report_opts *o, struct sr_result *res,
                             const struct sr_rule *const *reg, size_t nreg)
{
    size_t live = 0;
    for (size_t k = 0; k < res->nfindings; k++)
        live += sr_finding_reported(res->findings[k]);
    if (!live)
        return;
    size_t cap = 16;
    while (cap < live * 2)
        cap *= 2;
    struct fp_slot *slots = sr_xcalloc(cap, sizeof(*slots));
    char *rel = NULL;
    cJSON *art = artifact_location(o, res->path, &rel);

    for (size_t k = 0; k < res->nfindings; k++) {
        const struct sr_finding *f = res->findings[k];
        if (!sr_finding_reported(f))
            continue;
        const char *pointer = f->node ? sr_lpath(&res->arena, f->node) : "";
        /* The baseline's fingerprint (rule, file, logical path, value: no
         * line numbers, so an edit elsewhere keeps it) and an ordinal for
         * equal ones. */
        struct sr_fingerprint fp;
        sr_fingerprint(f, rel, pointer, &fp);
        unsigned ord = fp_ordinal(slots, cap, fp.hash);
        char fps[40];
        snprintf(fps, sizeof(fps), "%s:%u", fp.hex, ord + 1);
        cJSON_AddItemToArray(
            results, result_obj(o, res, f, rule_index(reg, nreg, f->rule), art, pointer, fps));
    }
    cJSON_Delete(art);
    free(rel);
    free(slots);
}

/* Writes the results of res as items of the results array, each after a
 * separator unless it is the array's first (any: items came before).
 * Returns 1 when it wrote one. */
static int write_file_results(FILE *out, const struct sr_report_opts *o, struct sr_result *res,
                              const struct sr_rule *const *reg, size_t nreg, int any)
{
    cJSON *results = sr_json_array();
    add_file_results(results, o, res, reg, nreg);
    int wrote = 0;
    for (const cJSON *c = results->child; c; c = c->next) {
        fputs(any || wrote ? ",\n        " : "\n        ", out);
        sr_json_print_at(out, c, SR_SARIF_RESULT_DEPTH);
        wrote = 1;
    }
    cJSON_Delete(results);
    return wrote;
}

/* The exit status the run ends with, as the results show it. */
static int exit_code_of(const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    int code = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i]->io_error)
            return 2;
        for (size_t k = 0; k < r[i]->nfindings && !code; k++)
            code = sr_finding_fails(o, r[i]->findings[k]);
    }
    return code;
}

/*
 * Facts of the invocation beyond its notifications: the working directory
 * (code scanning turns absolute URIs under it into relative ones), the exit
 * code, the fail level, and what exclusion, shards and the baseline did;
 * stale baseline entries as notes.
 */
static void add_invocation_facts(cJSON *inv, cJSON *notes, const struct sr_report_opts *o,
                                 struct sr_result *const *r, size_t n)
{
    char *cwd = realpath(".", NULL);
    if (cwd) {
        size_t l = strlen(cwd);
        char *dir = sr_xmalloc(l + 2);
        snprintf(dir, l + 2, "%s%s", cwd, l && cwd[l - 1] == '/' ? "" : "/");
        char *uri = uri_encode("file://", dir);
        cJSON *wd = sr_json_object();
        add_str(wd, "uri", uri);
        cJSON_AddItemToObject(inv, "workingDirectory", wd);
        free(uri);
        free(dir);
        free(cwd);
    }
    int code = exit_code_of(o, r, n);
    add_num(inv, "exitCode", code);
    add_str(inv, "exitCodeDescription",
            code == 2   ? "a file could not be read"
            : code == 1 ? "findings at or above the fail level"
                        : "no finding at or above the fail level");
    cJSON *props = sr_json_object();
    add_str(props, "failLevel", sr_severity_name(o->fail_level));
    const struct sr_run_stats *st = o->stats;
    if (st) {
        add_num(props, "excludedFiles", (double)st->excluded);
        if (st->shard_n) {
            char shard[32];
            snprintf(shard, sizeof(shard), "%u/%u", st->shard_k, st->shard_n);
            add_str(props, "shard", shard);
            add_num(props, "otherShardFiles", (double)st->other_shards);
        }
        if (st->baseline) {
            add_num(props, "baselineMatched", (double)st->baseline->matched);
            add_num(props, "baselineStale", (double)sr_baseline_stale(st->baseline));
            for (size_t i = 0; i < st->baseline->n; i++) {
                const struct sr_baseline_entry *e = &st->baseline->v[i];
                if (!e->linted || e->matched >= e->count)
                    continue;
                size_t len = strlen(e->file) + (e->path ? strlen(e->path) : 0) + 160;
                char *text = sr_xmalloc(len);
                snprintf(text, len, "stale baseline entry %s: %s %s %s no longer found",
                         e->fingerprint, e->rule ? e->rule : "?", e->file, e->path ? e->path : "");
                cJSON *note = sr_json_object();
                add_str(note, "level", "note");
                cJSON_AddItemToObject(note, "message", message(text));
                free(text);
                cJSON_AddItemToArray(notes, note);
            }
        }
    }
    cJSON_AddItemToObject(inv, "properties", props);
}

/* The policy files used: one toolConfigurationNotification per change
 * (warning when it weakens the gate), each located in its policy file. */
static cJSON *policy_notes(const struct sr_report_opts *o, const struct sr_rule *const *reg,
                           size_t nreg)
{
    cJSON *notes = sr_json_array();
    for (size_t i = 0; i < o->npolicies; i++) {
        const struct sr_config *p = o->policies[i];
        struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
        size_t k = sr_config_changes(p, ch, sizeof(ch) / sizeof(ch[0]));
        for (size_t c = 0; c < (k ? k : 1); c++) {
            cJSON *note = sr_json_object(), *locs = sr_json_array(), *loc = sr_json_object(),
                  *phys = sr_json_object(), *art = artifact_location(o, p->path, NULL);
            char text[1400];
            snprintf(text, sizeof(text), "policy file %s: %s", p->path,
                     k ? ch[c].what : "no rule changed");
            add_str(note, "level", k && ch[c].weakens ? "warning" : "note");
            cJSON_AddItemToObject(note, "message", message(text));
            const struct sr_rule *rule = k ? sr_rule_find(ch[c].rule) : NULL;
            if (rule) {
                cJSON *ar = sr_json_object();
                add_str(ar, "id", rule->id);
                long idx = rule_index(reg, nreg, rule);
                if (idx >= 0)
                    add_num(ar, "index", (double)idx);
                cJSON_AddItemToObject(note, "associatedRule", ar);
            }
            cJSON_AddItemToObject(phys, "artifactLocation", art);
            cJSON_AddItemToObject(loc, "physicalLocation", phys);
            cJSON_AddItemToArray(locs, loc);
            cJSON_AddItemToObject(note, "locations", locs);
            cJSON_AddItemToArray(notes, note);
        }
    }
    return notes;
}

int sr_report_sarif(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    size_t nreg = 0;
    const struct sr_rule *const *reg = sr_registry(&nreg);

    cJSON *root = sr_json_object();
    add_str(root, "$schema", SR_SARIF_SCHEMA);
    add_str(root, "version", "2.1.0");
    cJSON *runs = sr_json_array(), *run = sr_json_object(), *tool = sr_json_object(),
          *driver = sr_json_object();
    add_str(driver, "name", "secrot-lint");
    add_str(driver, "version", SR_VERSION);
    add_str(driver, "semanticVersion", SR_VERSION);
#ifdef SR_HOME_URL
    add_str(driver, "informationUri", SR_HOME_URL);
#endif
    cJSON *rules = sr_json_array();
    for (size_t i = 0; i < nreg; i++)
        cJSON_AddItemToArray(rules, rule_descriptor(o, reg[i]));
    cJSON_AddItemToObject(driver, "rules", rules);
    cJSON_AddItemToObject(tool, "driver", driver);
    cJSON_AddItemToObject(run, "tool", tool);

    cJSON *inv = sr_json_object(), *notes = sr_json_array();
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r[i]->io_error)
            continue;
        failed = 1;
        cJSON *note = sr_json_object(), *locs = sr_json_array(), *loc = sr_json_object(),
              *phys = sr_json_object();
        add_str(note, "level", "error");
        cJSON_AddItemToObject(note, "message", message(r[i]->io_message));
        cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(o, r[i]->path, NULL));
        cJSON_AddItemToObject(loc, "physicalLocation", phys);
        cJSON_AddItemToArray(locs, loc);
        cJSON_AddItemToObject(note, "locations", locs);
        cJSON_AddItemToArray(notes, note);
    }
    cJSON_AddItemToObject(inv, "executionSuccessful", cJSON_CreateBool(!failed));
    add_invocation_facts(inv, notes, o, r, n);
    if (cJSON_GetArraySize(notes) > 0)
        cJSON_AddItemToObject(inv, "toolExecutionNotifications", notes);
    else
        cJSON_Delete(notes);
    cJSON *pnotes = policy_notes(o, reg, nreg);
    if (cJSON_GetArraySize(pnotes) > 0)
        cJSON_AddItemToObject(inv, "toolConfigurationNotifications", pnotes);
    else
        cJSON_Delete(pnotes);
    cJSON *invs = sr_json_array();
    cJSON_AddItemToArray(invs, inv);
    cJSON_AddItemToObject(run, "invocations", invs);

    if (o->srcroot) {
        size_t l = strlen(o->srcroot);
        char *dir = sr_xmalloc(l + 2);
        snprintf(dir, l + 2, "%s%s", o->srcroot, l && o->srcroot[l - 1] == '/' ? "" : "/");
        char *uri = uri_encode("file://", dir);
        cJSON *bases = sr_json_object(), *root_loc = sr_json_object();
        add_str(root_loc, "uri", uri);
        cJSON_AddItemToObject(root_loc, "description",
                              message("The source root: the folder holding .git, or --srcroot."));
        cJSON_AddItemToObject(bases, SR_SRCROOT, root_loc);
        cJSON_AddItemToObject(run, "originalUriBaseIds", bases);
        free(uri);
        free(dir);
    }
    add_str(run, "columnKind", "unicodeCodePoints");

    /* Written by hand down to the results, which come one file at a time:
     * made when the file was linted (res->rendered) or here, each file's
     * freed before the next. */
    putc('{', out);
    sr_json_print_members(out, root, 0);
    fputs("\n  \"runs\": [\n    {", out);
    sr_json_print_members(out, run, SR_SARIF_RUN_DEPTH);
    fputs("\n      \"results\": [", out);
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i]->rendered) {
            if (r[i]->rendered[0]) { /* written with any = 0: its own line breaks */
                if (any)
                    putc(',', out);
                fputs(r[i]->rendered, out);
                any = 1;
            }
            continue;
        }
        any |= write_file_results(out, o, r[i], reg, nreg, any);
    }
    fputs(any ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", out);
    cJSON_Delete(run);
    cJSON_Delete(runs);
    cJSON_Delete(root);
    return ferror(out) ? -1 : 0;
}

void sr_report_sarif_render(const struct sr_report_opts *o, struct sr_result *res)
{
    size_t nreg = 0;
    const struct sr_rule *const *reg = sr_registry(&nreg);
    char *buf;
    size_t len;
    FILE *m = sr_memout_open(&buf, &len);
    write_file_results(m, o, res, reg, nreg, 0);
    free(res->rendered);
    res->rendered = sr_memout_close(m, &buf, &len);
}
