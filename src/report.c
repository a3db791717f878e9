/*
 * report.c - the format dispatcher and the human formats: text (clang
 * style, with source line and caret when coloured) and brief (one
 * `line:col RULE severity` per finding, used by the golden tests).
 */
#include "report.h"

#include <string.h>

#include "report_escape.h"

static const char *const sr_format_names[] = {"text", "brief", "json", "sarif", "junit", "github"};

int sr_format_parse(const char *s)
{
    for (size_t i = 0; i < sizeof(sr_format_names) / sizeof(sr_format_names[0]); i++)
        if (strcmp(s, sr_format_names[i]) == 0)
            return (int)i;
    return -1;
}

int sr_report_write(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    switch (o->format) {
    case SR_FMT_TEXT:
        return sr_report_text(out, o, r, n);
    case SR_FMT_BRIEF:
        return sr_report_brief(out, o, r, n);
    case SR_FMT_JSON:
        return sr_report_json(out, o, r, n);
    case SR_FMT_SARIF:
        return sr_report_sarif(out, o, r, n);
    case SR_FMT_JUNIT:
        return sr_report_junit(out, o, r, n);
    case SR_FMT_GITHUB:
        return sr_report_github(out, o, r, n);
    }
    return -1;
}

/* Writes len bytes of s with unsafe code points in their visible form. */
static void sr_put_safe(FILE *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = sr_utf8_decode(s + i, len - i, &cp);
        if (cp == SR_UTF8_BAD) {
            fprintf(out, "\\x%02X", (unsigned char)s[i]);
        } else if (sr_cp_unsafe(cp)) {
            char buf[12];
            size_t m = sr_cp_visible(cp, buf);
            fwrite(buf, 1, m, out);
        } else {
            fwrite(s + i, 1, k, out);
        }
        i += k;
    }
}

static void sr_puts_safe(FILE *out, const char *s)
{
    sr_put_safe(out, s, strlen(s));
}

#define SR_BOLD "\033[1m"
#define SR_RED "\033[1;31m"
#define SR_MAGENTA "\033[1;35m"
#define SR_CYAN "\033[1;36m"
#define SR_GREEN "\033[1;32m"
#define SR_RESET "\033[0m"

static const char *sr_sev_color(enum sr_severity s)
{
    return s == SR_SEV_ERROR ? SR_RED : s == SR_SEV_WARNING ? SR_MAGENTA : SR_CYAN;
}

/* Source line of a finding with a caret under its column (tabs kept). */
static void sr_text_source(FILE *out, const struct sr_result *res, const struct sr_finding *f)
{
    if (!res->loaded && !res->doc.line_start)
        return;
    const struct sr_doc *d = &res->doc;
    if (!d->line_start || f->pos.line < 1 || (size_t)f->pos.line > d->nlines)
        return;
    size_t b = sr_doc_line_offset(d, f->pos.line), e = b;
    while (e < d->len && d->text[e] != '\n' && d->text[e] != '\r' && e - b < 400)
        e++;
    fputs("  ", out);
    sr_put_safe(out, d->text + b, e - b);
    fputs("\n  ", out);
    /* caret: keep tabs so it lines up; one column per character */
    size_t i = b;
    for (int col = 1; col < f->pos.col && i < e; col++) {
        uint32_t cp;
        size_t k = sr_utf8_decode(d->text + i, e - i, &cp);
        fputc(d->text[i] == '\t' ? '\t' : ' ', out);
        i += k;
    }
    fputs(SR_GREEN "^" SR_RESET "\n", out);
}

int sr_report_text(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    size_t counts[SR_SEV_NONE + 1] = {0}, files_with = 0;
    for (size_t i = 0; i < n; i++) {
        const struct sr_result *res = r[i];
        int any = 0;
        if (res->io_error) {
            fprintf(out, "%s%s%s: %serror:%s ", o->color ? SR_BOLD : "", res->path,
                    o->color ? SR_RESET : "", o->color ? SR_RED : "", o->color ? SR_RESET : "");
            sr_puts_safe(out, res->io_message);
            fputc('\n', out);
            continue;
        }
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            if (!sr_finding_reported(f))
                continue;
            any = 1;
            counts[f->severity]++;
            if (o->color)
                fputs(SR_BOLD, out);
            sr_puts_safe(out, res->path);
            fprintf(out, ":%d:%d: ", f->pos.line, f->pos.col);
            if (o->color)
                fprintf(out, "%s%s:" SR_RESET SR_BOLD " ", sr_sev_color(f->severity),
                        sr_severity_name(f->severity));
            else
                fprintf(out, "%s: ", sr_severity_name(f->severity));
            sr_puts_safe(out, f->message);
            fprintf(out, " [%s]%s\n", f->rule->id, o->color ? SR_RESET : "");
            if (o->color)
                sr_text_source(out, res, f);
        }
        files_with += any;
    }
    if (!o->quiet) {
        size_t total = counts[SR_SEV_ERROR] + counts[SR_SEV_WARNING] + counts[SR_SEV_INFO];
        if (total == 0)
            fprintf(out, "no findings in %zu file%s", n, n == 1 ? "" : "s");
        else
            fprintf(out, "%zu error%s, %zu warning%s, %zu info in %zu of %zu file%s",
                    counts[SR_SEV_ERROR], counts[SR_SEV_ERROR] == 1 ? "" : "s",
                    counts[SR_SEV_WARNING], counts[SR_SEV_WARNING] == 1 ? "" : "s",
                    counts[SR_SEV_INFO], files_with, n, n == 1 ? "" : "s");
        sr_report_summary_tail(out, o);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

/* Brief lines start with the file name when several files are reported. */
int sr_report_brief(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    (void)o;
    for (size_t i = 0; i < n; i++) {
        const struct sr_result *res = r[i];
        if (res->io_error) {
            if (n > 1) {
                sr_puts_safe(out, res->path);
                putc(':', out);
            }
            fprintf(out, "0:0 IO error\n");
            continue;
        }
        for (size_t k = 0; k < res->nfindings; k++) {
            const struct sr_finding *f = res->findings[k];
            if (!sr_finding_reported(f))
                continue;
            if (n > 1) {
                sr_puts_safe(out, res->path);
                putc(':', out);
            }
            fprintf(out, "%d:%d-%d:%d %s %s: ", f->pos.line, f->pos.col, f->epos.line, f->epos.col,
                    f->rule->id, sr_severity_name(f->severity));
            sr_puts_safe(out, f->message);
            putc('\n', out);
        }
    }
    return ferror(out) ? -1 : 0;
}
