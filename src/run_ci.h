/*
 * run_ci.h - the parts of a run that CI set-ups need: the source root,
 * exclusion globs, shards, baselines and the SARIF help URL. run.c calls
 * these at fixed points; they keep their state in one struct sr_ci and
 * print their own diagnostics (prefixed "secrot-lint: ") to stderr.
 */
#ifndef SR_RUN_CI_H
#define SR_RUN_CI_H

#include <stddef.h>

#include "baseline.h"
#include "report.h"
#include "options.h"

struct sr_ci {
    int have_root;
    char srcroot[4096]; /* absolute, no trailing slash */
    char cwd[4096];     /* real path of the current directory */
    int have_baseline;
    struct sr_baseline baseline;
    char help_uri_base[416]; /* --help-uri-base, else the first policy's, else "" */
    struct sr_run_stats stats;
};

/*
 * Prepares ci for the run o: finds the source root when SARIF, a baseline
 * or a shard needs it, loads --baseline. Returns 0, or -1 after printing
 * why (the run exits with status 2).
 */
int sr_ci_init(struct sr_ci *ci, const struct sr_options *o);

/*
 * 1 when the file path (collected for the run, linted under cfg) is left
 * out: excluded by --exclude or cfg's exclude:, or in another shard. Counts
 * it in ci->stats. Standard input ("-") is never left out.
 */
int sr_ci_leave_out(struct sr_ci *ci, const struct sr_options *o, const char *path,
                    const struct sr_config *cfg);

/* Marks the findings of res (read from path) that the baseline accepts. */
void sr_ci_apply_baseline(struct sr_ci *ci, const char *path, struct sr_result *res);

/*
 * --write-baseline: records the reported findings of the n results (read
 * from paths[i]) in o->write_baseline, atomically. Returns 0, or -1 after
 * printing why.
 */
int sr_ci_write_baseline(struct sr_ci *ci, const struct sr_options *o,
                         struct sr_result *const *results, const char *const *paths, size_t n);

/* Fills the SARIF and summary fields of ro from ci. */
void sr_ci_report_opts(struct sr_ci *ci, struct sr_report_opts *ro);

/* Prints the stale baseline entries to stderr (nothing under -q). */
void sr_ci_print_stale(const struct sr_ci *ci, const struct sr_options *o);

void sr_ci_release(struct sr_ci *ci);

#endif
