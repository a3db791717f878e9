/*
 * options.h - what one command line asks for (struct sr_options, filled by
 * main.c) and the exit statuses; read by the run and its CI parts.
 */
#ifndef SR_OPTIONS_H
#define SR_OPTIONS_H

#include <stddef.h>

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

#endif
