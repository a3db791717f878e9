/*
 * report_json.c - the JSON report (--format json), documented by
 * schemas/report.schema.json.
 *
 * One object per file in the order given, its findings in their sorted
 * order; suppressed findings are left out and counted; the policy files
 * used are listed with what they change. Strings are made
 * valid UTF-8 and every control character is escaped. It only reads.
 */
#include "fix.h"
#include "report.h"

#include <stdlib.h>

#include "baseline.h"
#include "report_escape.h"
#include "secret.h"

#define SR_JSON_REPORT_VERSION 1

static void add_num(cJSON *o, const char *k, double v)
{
    if (!cJSON_AddNumberToObject(o, k, v))
        sr_json_oom();
}

static void add_str(cJSON *o, const char *k, const char *s)
{
    cJSON_AddItemToObject(o, k, sr_json_string(s));
}

static void add_bool(cJSON *o, const char *k, int b)
{
    if (!cJSON_AddBoolToObject(o, k, b ? 1 : 0))
        sr_json_oom();
}

/* What the run left out or matched: exclusions, shard, baseline. */
static void add_run_stats(cJSON *sum, const struct sr_run_stats *st)
{
    if (!st)
        return;
    add_num(sum, "excluded", (double)st->excluded);
    if (st->shard_n) {
        cJSON *sh = sr_json_object();
        add_num(sh, "index", st->shard_k);
        add_num(sh, "count", st->shard_n);
        add_num(sh, "other_files", (double)st->other_shards);
        cJSON_AddItemToObject(sum, "shard", sh);
    }
    if (st->baseline) {
        cJSON *bl = sr_json_object(), *stale = sr_json_array();
        add_num(bl, "matched", (double)st->baseline->matched);
        for (size_t i = 0; i < st->baseline->n; i++) {
            const struct sr_baseline_entry *e = &st->baseline->v[i];
            if (!e->linted || e->matched >= e->count)
                continue;
            cJSON *x = sr_json_object();
            add_str(x, "fingerprint", e->fingerprint);
            add_str(x, "rule", e->rule ? e->rule : "");
            add_str(x, "file", e->file);
            add_str(x, "path", e->path ? e->path : "");
            add_num(x, "missing", e->count - e->matched);
            cJSON_AddItemToArray(stale, x);
        }
        cJSON_AddItemToObject(bl, "stale", stale);
        cJSON_AddItemToObject(sum, "baseline", bl);
    }
}

static cJSON *pos_obj(struct sr_pos p)
{
    cJSON *o = sr_json_object();
    add_num(o, "line", p.line);
    add_num(o, "column", p.col);
    return o;
}

static cJSON *finding_obj(const struct sr_report_opts *ro, const struct sr_finding *f)
{
    struct sr_span sp;
    sr_finding_span(f, &sp);

    cJSON *o = sr_json_object();
    add_str(o, "rule", f->rule ? f->rule->id : "SR000");
    add_str(o, "title", f->rule ? f->rule->title : "");
    add_str(o, "severity", sr_severity_name(f->severity));
    add_str(o, "message", f->message ? f->message : "");
    add_str(o, "resource", f->resource);
    cJSON_AddItemToObject(o, "start", pos_obj(sp.start));
    cJSON_AddItemToObject(o, "end", pos_obj(sp.end));
    cJSON *b = sr_json_object();
    add_num(b, "start", (double)sp.bstart);
    add_num(b, "end", (double)sp.bend);
    cJSON_AddItemToObject(o, "bytes", b);
    add_bool(o, "fixable", f->edit != NULL && !f->suppressed);
    add_str(o, "fix",
            f->edit == NULL || f->suppressed ? "none"
            : f->edit->unsafe                ? "unsafe"
                                             : "safe");
    add_bool(o, "fails", sr_finding_fails(ro, f));
    return o;
}

/* The policy files used, each with what it changes (report.schema.json). */
static cJSON *policies_arr(const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    cJSON *arr = sr_json_array();
    for (size_t i = 0; i < o->npolicies; i++) {
        const struct sr_config *p = o->policies[i];
        struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
        size_t k = sr_config_changes(p, ch, sizeof(ch) / sizeof(ch[0]));
        cJSON *po = sr_json_object(), *cl = sr_json_array();
        add_str(po, "path", p->path);
        add_num(po, "files", (double)sr_report_policy_files(p, r, n));
        for (size_t c = 0; c < k; c++) {
            cJSON *co = sr_json_object();
            add_str(co, "rule", ch[c].rule);
            add_str(co, "change", ch[c].what);
            add_bool(co, "weakens", ch[c].weakens);
            cJSON_AddItemToArray(cl, co);
        }
        cJSON_AddItemToObject(po, "changes", cl);
        cJSON_AddItemToArray(arr, po);
    }
    return arr;
}

/* What the secret model says of each secret of the file. */
static cJSON *secrets_arr(const struct sr_result *res)
{
    cJSON *arr = sr_json_array();
    if (!res->loaded || !res->is_template)
        return arr;
    const struct sr_secrets *ss = sr_graph_secrets(&res->graph);
    for (size_t i = 0; i < ss->n; i++) {
        const struct sr_secret *s = ss->v[i];
        cJSON *o = sr_json_object();
        add_str(o, "id", s->res->id);
        add_str(o, "kind", sr_secret_kind_name(s->kind));
        add_str(o, "evidence", s->why ? s->why : "");
        add_str(o, "class", s->cls ? s->cls : "default");
        if (s->db)
            add_str(o, "database", s->db->id);
        add_num(o, "consumers", (double)s->consumers.n);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* The object of one file: path, policy, findings (suppressed and baselined
 * ones left out), secrets. */
static cJSON *file_obj(const struct sr_report_opts *o, const struct sr_result *res)
{
    cJSON *fo = sr_json_object();
    add_str(fo, "path", res->path ? res->path : "");
    add_bool(fo, "template", res->is_template);
    add_str(fo, "policy", res->cfg && res->cfg->path[0] ? res->cfg->path : NULL);
    if (res->io_error)
        add_str(fo, "error", res->io_message);
    cJSON *fl = sr_json_array();
    for (size_t k = 0; k < res->nfindings; k++) {
        const struct sr_finding *f = res->findings[k];
        if (!f->suppressed && !f->baselined)
            cJSON_AddItemToArray(fl, finding_obj(o, f));
    }
    cJSON_AddItemToObject(fo, "findings", fl);
    cJSON_AddItemToObject(fo, "secrets", secrets_arr(res));
    return fo;
}

/* The files array's items are written at this depth. */
#define SR_JSON_FILE_DEPTH 2

void sr_report_json_render(const struct sr_report_opts *o, struct sr_result *res)
{
    char *buf;
    size_t len;
    FILE *m = sr_memout_open(&buf, &len);
    cJSON *fo = file_obj(o, res);
    sr_json_print_at(m, fo, SR_JSON_FILE_DEPTH);
    cJSON_Delete(fo);
    free(res->rendered);
    res->rendered = sr_memout_close(m, &buf, &len);
}

/* Writes "key": value at depth 1 of the root object. */
static void member(FILE *out, const char *key, const cJSON *v, int last)
{
    fputs("\n  ", out);
    cJSON *k = sr_json_string(key);
    sr_json_print_at(out, k, 1);
    cJSON_Delete(k);
    fputs(": ", out);
    sr_json_print_at(out, v, 1);
    if (!last)
        putc(',', out);
}

/*
 * The report is written one file at a time, each file's object made (or
 * taken from res->rendered, made when the file was linted) and freed in
 * turn, so the writer never holds more than one file's tree.
 */
int sr_report_json(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    size_t count[SR_SEV_NONE + 1] = {0};
    size_t total = 0, suppressed = 0, io_errors = 0, failing = 0;

    putc('{', out);
    cJSON *version = cJSON_CreateNumber(SR_JSON_REPORT_VERSION);
    if (!version)
        sr_json_oom();
    member(out, "version", version, 0);
    cJSON_Delete(version);
    cJSON *tool = sr_json_object();
    add_str(tool, "name", "secrot-lint");
    add_str(tool, "version", SR_VERSION);
    member(out, "tool", tool, 0);
    cJSON_Delete(tool);

    fputs("\n  \"files\": [", out);
    for (size_t i = 0; i < n; i++) {
        struct sr_result *res = r[i];
        io_errors += res->io_error != 0;
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            if (f->suppressed) {
                suppressed++;
                continue;
            }
            if (f->baselined)
                continue;
            failing += sr_finding_fails(o, f);
            if (f->severity >= SR_SEV_INFO && f->severity <= SR_SEV_NONE)
                count[f->severity]++;
            total++;
        }
        fputs("\n    ", out);
        if (res->rendered) {
            fputs(res->rendered, out);
        } else {
            cJSON *fo = file_obj(o, res);
            sr_json_print_at(out, fo, SR_JSON_FILE_DEPTH);
            cJSON_Delete(fo);
        }
        if (i + 1 < n)
            putc(',', out);
    }
    fputs(n ? "\n  ]," : "],", out);

    cJSON *pol = policies_arr(o, r, n);
    member(out, "policies", pol, 0);
    cJSON_Delete(pol);

    cJSON *sum = sr_json_object();
    add_num(sum, "files", (double)n);
    add_num(sum, "findings", (double)total);
    add_num(sum, "errors", (double)count[SR_SEV_ERROR]);
    add_num(sum, "warnings", (double)count[SR_SEV_WARNING]);
    add_num(sum, "info", (double)count[SR_SEV_INFO]);
    add_num(sum, "suppressed", (double)suppressed);
    add_num(sum, "unreadable", (double)io_errors);
    add_str(sum, "fail_level", sr_severity_name(o->fail_level));
    add_num(sum, "failing", (double)failing);
    add_run_stats(sum, o->stats);
    member(out, "summary", sum, 1);
    cJSON_Delete(sum);
    fputs("\n}\n", out);
    return ferror(out) ? -1 : 0;
}
