/*
 * report.h - output formats over the sorted findings of every file.
 *
 * Each format is its own module (report_*.c) with the same signature; they
 * only read the results. Output order is the order of the results (sorted
 * by path by the caller) and of their findings (line, column, rule), so it
 * never depends on hash order or threads. Control characters from a
 * template are escaped in every format.
 */
#ifndef SR_REPORT_H
#define SR_REPORT_H

#include <stdio.h>

#include "lint.h"

enum sr_format {
    SR_FMT_TEXT,
    SR_FMT_BRIEF,
    SR_FMT_JSON,
    SR_FMT_SARIF,
    SR_FMT_JUNIT,
    SR_FMT_GITHUB
};

struct sr_report_opts {
    enum sr_format format;
    int color; /* text: ANSI colour and source line with caret */
    int quiet; /* text: no summary line */
    enum sr_severity fail_level;
    /* The policy files the results were linted under (sr_result.cfg), in
     * order of first use; every format names them and what they change. */
    const struct sr_config *const *policies;
    size_t npolicies;
};

/* How many of the n results were linted under policy p (sr_result.cfg). */
size_t sr_report_policy_files(const struct sr_config *p, struct sr_result *const *r, size_t n);

/* "text", "json", ... -> format; -1 when unknown. */
int sr_format_parse(const char *s);

/*
 * Writes the report of n results to out. Suppressed findings are left out.
 * Returns 0, or -1 when writing failed (errno set).
 */
int sr_report_write(FILE *out, const struct sr_report_opts *o, struct sr_result *const *results,
                    size_t n);

/* The formats (report_*.c); same contract as sr_report_write. */
int sr_report_text(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n);
int sr_report_brief(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                    size_t n);
int sr_report_json(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r, size_t n);
int sr_report_sarif(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                    size_t n);
int sr_report_junit(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                    size_t n);
int sr_report_github(FILE *out, const struct sr_report_opts *o, struct sr_result *const *r,
                     size_t n);

/* --list-rules in text or json; --explain ID. Return 0, or -1 (unknown id). */
int sr_report_rules(FILE *out, enum sr_format format);
int sr_report_explain(FILE *out, const char *id);

#endif
