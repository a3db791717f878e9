/*
 * report.c - the format dispatcher and the human formats: text (clang
 * style, with source line and caret when coloured; the value of a finding
 * about a secret is masked on that line) and brief (one `line:col RULE
 * severity` per finding, used by the golden tests). Both name the policy
 * files used (text: before the count line; brief: on stderr).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "report_escape.h"
#include "say.h"

static const char *const sr_format_names[] = {"text", "brief", "json", "sarif", "junit", "github"};

int sr_format_parse(const char *s)
{
    for (size_t i = 0; i < sizeof(sr_format_names) / sizeof(sr_format_names[0]); i++)
        if (strcmp(s, sr_format_names[i]) == 0)
            return (int)i;
    return -1;
}

size_t sr_report_policy_files(const struct sr_config *p, struct sr_result *const *r, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += r[i]->cfg == p;
    return k;
}

/* "policy PATH (N files): SR1 disabled; ..." for every policy file used. */
static void sr_policy_lines(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                            size_t n, const char *prefix)
{
    for (size_t i = 0; i < o->npolicies; i++) {
        const struct sr_config *p = o->policies[i];
        char what[2048];
        sr_config_describe(p, what, sizeof(what));
        size_t files = sr_report_policy_files(p, r, n);
        sr_say(out, "%spolicy %s (%zu file%s): %s", prefix, p->path, files, files == 1 ? "" : "s",
               what);
    }
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

static void sr_puts_safe(FILE *out, const char *s)
{
    sr_write_safe(out, s, strlen(s));
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

/* A finding that points at a credential written in the template has its
 * value masked on the source line, so the caret line never shows what the
 * message redacts (sr_finding_holds_value). */
static int sr_masks_value(const struct sr_finding *f)
{
    return sr_finding_holds_value(f);
}

/* The masked byte ranges of one source line, shared by its findings. */
struct sr_line_masks {
    const struct sr_result *res;
    int line;
    size_t b, e;    /* the line's bytes shown */
    size_t (*v)[2]; /* sorted, merged ranges within [b, e) */
    size_t n, cap;
};

static int sr_range_cmp(const void *x, const void *y)
{
    const size_t *a = x, *b = y;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* Fills m for the line of finding k (findings are sorted by line). */
static void sr_line_masks_for(struct sr_line_masks *m, const struct sr_result *res, size_t k,
                              size_t b, size_t e)
{
    int line = res->findings[k]->pos.line;
    if (m->res == res && m->line == line)
        return;
    m->res = res;
    m->line = line;
    m->b = b;
    m->e = e;
    m->n = 0;
    size_t lo = k, hi = k;
    while (lo > 0 && res->findings[lo - 1]->pos.line == line)
        lo--;
    while (hi + 1 < res->nfindings && res->findings[hi + 1]->pos.line == line)
        hi++;
    for (size_t j = lo; j <= hi; j++) {
        const struct sr_finding *g = res->findings[j];
        if (!sr_masks_value(g) || g->end <= b || g->start >= e)
            continue;
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 8;
            m->v = sr_xrealloc(m->v, m->cap * sizeof(*m->v));
        }
        m->v[m->n][0] = g->start > b ? g->start : b;
        m->v[m->n][1] = g->end < e ? g->end : e;
        m->n++;
    }
    if (m->n > 1)
        qsort(m->v, m->n, sizeof(*m->v), sr_range_cmp);
    size_t w = 0;
    for (size_t j = 0; j < m->n; j++) {
        if (w && m->v[j][0] <= m->v[w - 1][1]) {
            if (m->v[j][1] > m->v[w - 1][1])
                m->v[w - 1][1] = m->v[j][1];
        } else {
            m->v[w][0] = m->v[j][0];
            m->v[w][1] = m->v[j][1];
            w++;
        }
    }
    m->n = w;
}

#define SR_MASK "********"

/*
 * Source line of finding k with a caret under its column. Credential values
 * of findings on that line are masked; control characters are shown
 * escaped, and the caret line follows what is shown (tabs kept).
 */
static void sr_text_source(FILE *out, const struct sr_result *res, size_t k,
                           struct sr_line_masks *m)
{
    const struct sr_finding *f = res->findings[k];
    if (!res->loaded && !res->doc.line_start)
        return;
    const struct sr_doc *d = &res->doc;
    if (!d->line_start || f->pos.line < 1 || (size_t)f->pos.line > d->nlines)
        return;
    size_t b = sr_doc_line_offset(d, f->pos.line), e = b;
    while (e < d->len && d->text[e] != '\n' && d->text[e] != '\r' && e - b < 400)
        e++;
    /* The byte the caret points at: column pos.col, one per character. */
    size_t cb = b;
    for (int col = 1; col < f->pos.col && cb < e; col++) {
        uint32_t cp;
        cb += sr_utf8_decode(d->text + cb, e - cb, &cp);
    }
    sr_line_masks_for(m, res, k, b, e);
    char pad[5000];
    size_t np = 0, mi = 0;
    fputs("  ", out);
    for (size_t i = b; i < e;) {
        while (mi < m->n && m->v[mi][1] <= i)
            mi++;
        size_t width, len;
        int tab = 0;
        if (mi < m->n && m->v[mi][0] <= i) {
            fputs(SR_MASK, out);
            width = sizeof(SR_MASK) - 1;
            len = m->v[mi][1] - i;
        } else {
            uint32_t cp;
            len = sr_utf8_decode(d->text + i, e - i, &cp);
            tab = cp == '\t';
            char vis[12];
            if (cp == SR_UTF8_BAD) {
                fprintf(out, "\\x%02X", (unsigned char)d->text[i]);
                width = 4;
            } else if (!tab && sr_cp_unsafe(cp)) {
                width = sr_cp_visible(cp, vis);
                fwrite(vis, 1, width, out);
            } else {
                fwrite(d->text + i, 1, len, out);
                width = 1;
            }
        }
        for (size_t w = 0; i < cb && w < width && np + 1 < sizeof(pad); w++)
            pad[np++] = tab ? '\t' : ' ';
        i += len;
    }
    pad[np] = '\0';
    fprintf(out, "\n  %s" SR_GREEN "^" SR_RESET "\n", pad);
}

int sr_report_text(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n)
{
    size_t counts[SR_SEV_NONE + 1] = {0}, files_with = 0;
    struct sr_line_masks masks = {0};
    for (size_t i = 0; i < n; i++) {
        const struct sr_result *res = r[i];
        int any = 0;
        if (res->io_error) {
            fputs(o->color ? SR_BOLD : "", out);
            sr_puts_safe(out, res->path);
            fprintf(out, "%s: %serror:%s ", o->color ? SR_RESET : "", o->color ? SR_RED : "",
                    o->color ? SR_RESET : "");
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
                sr_text_source(out, res, k, &masks);
        }
        files_with += any;
    }
    free(masks.v);
    if (!o->quiet) {
        sr_policy_lines(out, o, r, n, "");
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
    /* One line per finding on out; the policy files are named on stderr. */
    if (!o->quiet)
        sr_policy_lines(stderr, o, r, n, "secrot-lint: ");
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
