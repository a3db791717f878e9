/*
 * run.h - the work of one command line: collect files, lint them (in
 * parallel with -j), write the report, compute the exit status.
 */
#ifndef SR_RUN_H
#define SR_RUN_H

#include <stddef.h>

#include "config.h"
#include "report.h"

enum sr_exit { SR_EXIT_OK = 0, SR_EXIT_FINDINGS = 1, SR_EXIT_ERROR = 2 };

struct sr_options {
    const char **paths; /* files, directories, "-" */
    size_t npaths;
    struct sr_report_opts report;
    const char *output; /* -o FILE, or NULL for stdout */
    const char *config; /* -c FILE, or NULL: nearest .secrot-lint.yaml */
    int no_config;      /* --no-config: the defaults, no policy file */
    const char *include_checks, *ignore_checks;
    int max_rotation_days; /* 0: unset */
    int jobs;              /* >= 1 */
    int color;             /* -1 auto, 0 never, 1 always */
    int strict;            /* named non-templates are errors */
    int fix, diff, graph;
    int unsafe_fixes; /* --unsafe-fixes: --fix and --diff apply unsafe fixes too */
    int show_secrets; /* --show-secrets: --diff prints secret values unmasked */
    /* CI integration (src/run_ci.c): exclusion, shards, baselines, SARIF. */
    const char **exclude; /* --exclude GLOB, repeatable */
    size_t nexclude;
    unsigned shard_k, shard_n;  /* --shard K/N (1-based K); 0/0: no sharding */
    const char *baseline;       /* --baseline FILE: findings it records are not reported */
    const char *write_baseline; /* --write-baseline FILE: record the findings, no report */
    const char *srcroot;        /* --srcroot DIR, or NULL: the folder holding .git */
    const char *help_uri_base;  /* --help-uri-base URL, or NULL */
};

/* Runs the lint described by o; returns the process exit status. */
int sr_run(const struct sr_options *o);

/*
 * Reads a whole file (or stdin for "-") into a heap buffer (free()).
 * Returns 0, or -1 with a message in msg (size n) for unreadable paths,
 * directories, FIFOs and other non-regular files, and files over the size
 * limit.
 */
int sr_read_file(const char *path, char **text, size_t *len, char *msg, size_t n);

/*
 * The tree of a file named on the command line, where its policy search
 * ends and outside which --fix does not write through a symlink: its
 * repository (the first folder upward holding .git), else the current
 * folder when the file is below it, else the file's own folder. Heap
 * string (free()).
 */
char *sr_named_root(const char *path);

/* 1 when text that did not parse names a template section
 * (AWSTemplateFormatVersion, Resources, Transform): it is reported. */
int sr_looks_like_template(const char *text, size_t len);

#endif
