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

struct sr_baseline;

/* What the run left out or matched, for the summaries (src/run_ci.c). */
struct sr_run_stats {
    size_t excluded;                    /* files left out by exclusion globs */
    size_t other_shards;                /* files left to the other shards */
    unsigned shard_k, shard_n;          /* --shard K/N; 0/0 when not sharded */
    const struct sr_baseline *baseline; /* --baseline, or NULL */
};

struct sr_report_opts {
    enum sr_format format;
    int color; /* text: ANSI colour and source line with caret */
    int quiet; /* text: no summary line */
    enum sr_severity fail_level;
    const char *srcroot;              /* SARIF: the %SRCROOT% folder (absolute), or NULL */
    const char *help_uri_base;        /* SARIF: base of absolute helpUri, or NULL: none */
    const struct sr_run_stats *stats; /* or NULL */
    /* The policy files the results were linted under (sr_result.cfg), in
     * order of first use; every format names them and what they change. */
    const struct sr_config *const *policies;
    size_t npolicies;
};

/* 1 when a format reports f: not suppressed, not accepted by the baseline. */
static inline int sr_finding_reported(const struct sr_finding *f)
{
    return !f->suppressed && !f->baselined;
}

/* 1 when f is at or above the fail level: it makes the exit status 1. */
static inline int sr_finding_fails(const struct sr_report_opts *o, const struct sr_finding *f)
{
    return sr_finding_reported(f) && o->fail_level != SR_SEV_NONE && f->severity != SR_SEV_NONE &&
           f->severity >= o->fail_level;
}

/*
 * Appends to a text summary line what the run left out or matched
 * ("; 3 files excluded; 5 findings matched the baseline, 1 stale entry"),
 * nothing when there is nothing to say. report_ci.c.
 */
void sr_report_summary_tail(FILE *out, const struct sr_report_opts *o);

/*
 * The absolute help URL of rule id from o->help_uri_base (BASE/ID.md, or
 * BASE with "{id}" replaced) into buf. Returns 1, or 0 when there is no
 * base (or the URL does not fit): then formats give no URL.
 */
int sr_report_help_uri(const struct sr_report_opts *o, const char *id, char *buf, size_t n);

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
/* Writes res's part of the JSON report into res->rendered, for a result
 * about to be compacted (sr_result_compact): what sr_report_json writes for
 * it then. o's fail level must be the report's. */
void sr_report_json_render(const struct sr_report_opts *o, struct sr_result *res);
/* The same for the SARIF report: res's results into res->rendered. o's
 * fail level, source root and baseline must be the report's. */
void sr_report_sarif_render(const struct sr_report_opts *o, struct sr_result *res);
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
