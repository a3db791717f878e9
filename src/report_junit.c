/*
 * report_junit.c - JUnit XML (--format junit) for CI test report viewers.
 *
 * One <testsuite> per file. A file without findings is one passing test
 * case; otherwise every reported finding is a test case. A finding at or
 * above --fail-level fails its test case (<failure>), as it fails the exit
 * status; one below it is a passing test case that carries the finding in
 * <system-out>, so the viewer shows it without marking the job red while
 * the job passed. A file that could not be read is a test case with an
 * <error>. A suite linted under a policy file names it and what it changes
 * in <properties>. No timestamps or durations: the output is deterministic.
 * All text goes through sr_xml_write().
 */
#include "report.h"

#include "report_escape.h"

static void attr(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    sr_xml_write(out, value ? value : "");
    putc('"', out);
}

static void attr_num(FILE *out, const char *name, size_t v)
{
    fprintf(out, " %s=\"%zu\"", name, v);
}

/* "path:line:col: severity: message [ID]" and the rule's title and page. */
static void finding_text(FILE *out, const struct sr_report_opts *o, const struct sr_result *res,
                         const struct sr_finding *f, const char *where)
{
    const char *id = f->rule ? f->rule->id : "SR000";
    sr_xml_write(out, res->path);
    fprintf(out, ":%s: %s: ", where, sr_severity_name(f->severity));
    sr_xml_write(out, f->message);
    fprintf(out, " [%s]", id);
    if (f->rule && f->rule->title) {
        char url[512];
        fputs("&#10;", out);
        sr_xml_write(out, id);
        fputs(": ", out);
        sr_xml_write(out, f->rule->title);
        fputs(" (", out);
        if (sr_report_help_uri(o, id, url, sizeof(url)))
            sr_xml_write(out, url);
        else
            fprintf(out, "docs/rules/%s.md", id);
        fputs(")", out);
    }
}

static void write_finding(FILE *out, const struct sr_report_opts *o, const struct sr_result *res,
                          const struct sr_finding *f)
{
    struct sr_span sp;
    char where[64];
    const char *id = f->rule ? f->rule->id : "SR000";
    sr_finding_span(f, &sp);
    int line = sp.start.line;
    snprintf(where, sizeof(where), "%d:%d", line, sp.start.col);

    fputs("    <testcase", out);
    /* name: rule, resource and place; classname: the file. */
    fprintf(out, " name=\"%s ", id);
    if (f->resource) {
        sr_xml_write(out, f->resource);
        putc(' ', out);
    }
    fprintf(out, "at %s\"", where);
    attr(out, "classname", res->path);
    attr(out, "file", res->path);
    fprintf(out, " line=\"%d\">\n", line);

    if (sr_finding_fails(o, f)) {
        fputs("      <failure", out);
        attr(out, "message", f->message);
        attr(out, "type", id);
        fputs(">", out);
        finding_text(out, o, res, f, where);
        fputs("</failure>\n", out);
    } else {
        fputs("      <system-out>", out);
        finding_text(out, o, res, f, where);
        fputs(" (below --fail-level: does not fail)</system-out>\n", out);
    }
    fputs("    </testcase>\n", out);
}

/* The policy file a suite was linted under, and what it changes, as
 * <properties> (JUnit allows them first in a <testsuite>). */
static void write_policy(FILE *out, const struct sr_config *cfg)
{
    if (!cfg || !cfg->path[0])
        return;
    struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
    size_t k = sr_config_changes(cfg, ch, sizeof(ch) / sizeof(ch[0]));
    fputs("    <properties>\n      <property name=\"secrot-lint.policy\"", out);
    attr(out, "value", cfg->path);
    fputs("/>\n", out);
    for (size_t i = 0; i < k; i++) {
        fprintf(out, "      <property name=\"secrot-lint.policy.%s\"",
                ch[i].weakens ? "weakens" : "changes");
        attr(out, "value", ch[i].what);
        fputs("/>\n", out);
    }
    fputs("    </properties>\n", out);
}

int sr_report_junit(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    size_t tests = 0, failures = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        size_t live = 0;
        for (size_t k = 0; k < r[i]->nfindings; k++) {
            live += sr_finding_reported(r[i]->findings[k]);
            failures += sr_finding_fails(o, r[i]->findings[k]);
        }
        tests += live ? live : 1;
        errors += r[i]->io_error ? 1 : 0;
    }

    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"secrot-lint\"", out);
    attr_num(out, "tests", tests);
    attr_num(out, "failures", failures);
    attr_num(out, "errors", errors);
    fputs(">\n", out);

    for (size_t i = 0; i < n; i++) {
        const struct sr_result *res = r[i];
        size_t live = 0, failing = 0;
        for (size_t k = 0; k < res->nfindings; k++) {
            live += sr_finding_reported(res->findings[k]);
            failing += sr_finding_fails(o, res->findings[k]);
        }

        fputs("  <testsuite", out);
        attr(out, "name", res->path);
        attr_num(out, "tests", live ? live : 1);
        attr_num(out, "failures", failing);
        attr_num(out, "errors", res->io_error ? 1 : 0);
        attr_num(out, "skipped", 0);
        fputs(">\n", out);
        write_policy(out, res->cfg);

        if (res->io_error) {
            fputs("    <testcase name=\"secrot-lint\"", out);
            attr(out, "classname", res->path);
            attr(out, "file", res->path);
            fputs(">\n      <error", out);
            attr(out, "message", res->io_message);
            fputs(" type=\"io\">", out);
            sr_xml_write(out, res->io_message);
            fputs("</error>\n    </testcase>\n", out);
        } else if (!live) {
            fputs("    <testcase name=\"secrot-lint\"", out);
            attr(out, "classname", res->path);
            attr(out, "file", res->path);
            fputs("/>\n", out);
        }
        for (size_t k = 0; k < res->nfindings; k++)
            if (sr_finding_reported(res->findings[k]))
                write_finding(out, o, res, res->findings[k]);
        fputs("  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}
