/*
 * report_github.c - GitHub Actions workflow commands (--format github).
 *
 * One line per unsuppressed finding:
 *   ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=SR101::message
 * (warning and notice for lower severities), which the runner turns into
 * annotations on the pull request. A finding below --fail-level, which does
 * not fail the job, is a notice whatever its severity, so the annotations
 * agree with the exit status. Files are named relative to the source root
 * (the repository the workspace holds) when it is known. Values are escaped as the runner expects
 * (%25 %0D %0A, and %3A %2C inside properties); any other control character
 * is written in its visible "\xNN" form so no line can start a new command.
 */
#include "report.h"

#include <string.h>

#include "report_escape.h"
#include "srcroot.h"

/* Writes s escaped for a command's data (prop 0) or a property value (1). */
static void gh_write(FILE *out, const char *s, int prop)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        char vis[12];
        if (cp == '%')
            fputs("%25", out);
        else if (cp == '\r')
            fputs("%0D", out);
        else if (cp == '\n')
            fputs("%0A", out);
        else if (prop && cp == ':')
            fputs("%3A", out);
        else if (prop && cp == ',')
            fputs("%2C", out);
        else if (cp == SR_UTF8_BAD)
            fputs("\xEF\xBF\xBD", out);
        else if (sr_cp_unsafe(cp)) {
            size_t vl = sr_cp_visible(cp, vis);
            fwrite(vis, 1, vl, out);
        } else
            fwrite(s + i, 1, l, out);
        i += l;
    }
}

static const char *command_of(const struct sr_report_opts *o, const struct sr_finding *f)
{
    if (!sr_finding_fails(o, f))
        return "notice";
    return f->severity == SR_SEV_ERROR     ? "error"
           : f->severity == SR_SEV_WARNING ? "warning"
                                           : "notice";
}

/* Paths are relative to the workspace: a leading "./" is dropped. */
static const char *gh_path(const char *p)
{
    if (!p)
        return "";
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    return p;
}

int sr_report_github(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                     size_t n)
{
    char rel[4200];
    /* The policy files used: a warning annotation on one that weakens the
     * gate, a notice on the others. */
    for (size_t i = 0; i < o->npolicies; i++) {
        const struct sr_config *p = o->policies[i];
        struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
        size_t k = sr_config_changes(p, ch, sizeof(ch) / sizeof(ch[0]));
        int weakens = 0;
        for (size_t c = 0; c < k; c++)
            weakens |= ch[c].weakens;
        char what[2048];
        sr_config_describe(p, what, sizeof(what));
        const char *ppath = gh_path(p->path);
        if (o->srcroot && sr_srcroot_rel(o->srcroot, p->path, rel, sizeof(rel)) == 1)
            ppath = rel;
        fprintf(out, "::%s file=", weakens ? "warning" : "notice");
        gh_write(out, ppath, 1);
        fputs(",title=secrot-lint policy::policy file ", out);
        gh_write(out, p->path, 0);
        fputs(": ", out);
        gh_write(out, what, 0);
        putc('\n', out);
    }
    for (size_t i = 0; i < n; i++) {
        const struct sr_result *res = r[i];
        const char *path = gh_path(res->path);
        if (o->srcroot && strcmp(res->path, "<stdin>") != 0 &&
            sr_srcroot_rel(o->srcroot, res->path, rel, sizeof(rel)) == 1)
            path = rel;
        if (res->io_error) {
            fputs("::error file=", out);
            gh_write(out, path, 1);
            fputs("::", out);
            gh_write(out, res->io_message, 0);
            putc('\n', out);
        }
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            if (!sr_finding_reported(f))
                continue;
            struct sr_span sp;
            sr_finding_span(f, &sp);
            fprintf(out, "::%s file=", command_of(o, f));
            gh_write(out, path, 1);
            fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,title=", sp.start.line,
                    sp.start.col, sp.end.line, sp.end.col);
            gh_write(out, f->rule ? f->rule->id : "SR000", 1);
            fputs("::", out);
            gh_write(out, f->message, 0);
            putc('\n', out);
        }
    }
    return ferror(out) ? -1 : 0;
}
