/*
 * main.c - command-line options into struct sr_options; then sr_run().
 * Usage errors exit with status 2. The option table is sorted by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addsecret.h"
#include "initconfig.h"
#include "lint.h"
#include "lsp.h"
#include "pathsel.h"
#include "report.h"
#include "run.h"
#include "say.h"

static const char sr_usage[] =
    "usage: secrot-lint [OPTIONS] [FILE|DIR|-]...\n"
    "       secrot-lint add-secret FILE --name ID [OPTIONS]  (see add-secret --help)\n"
    "\n"
    "Lints AWS SAM / CloudFormation templates for secret rotation, least privilege\n"
    "and secret exposure. DIR is walked for *.yaml *.yml *.json *.template files\n"
    "that are templates; - reads standard input.\n"
    "\n"
    "  -f, --format FORMAT      text (default), brief, json, sarif, junit, github\n"
    "  -o, --output FILE        write the report to FILE\n"
    "  -c, --config FILE        the policy file for every template (default: the nearest\n"
    "                           .secrot-lint.yaml upward, no higher than the repository\n"
    "                           root, or outside one the folder named)\n"
    "      --no-config          no policy file: the built-in defaults\n"
    "      --ignore-checks IDS  comma list of rule ids or prefixes to skip (SR109,SR3)\n"
    "      --include-checks IDS run only these rule ids or prefixes\n"
    "      --fail-level LEVEL   error, warning (default), info or none: exit 1 at or above\n"
    "      --max-rotation-days N  rotation limit for every secret class\n"
    "  -j, --jobs N             lint N files at once (default 1)\n"
    "      --color WHEN         auto (default), always, never\n"
    "  -q, --quiet              no summary line\n"
    "      --strict             a named file that is not a template is an error\n"
    "      --fix                apply fixes in place\n"
    "      --diff               print fixes as a unified diff, change nothing\n"
    "      --unsafe-fixes       with --fix or --diff: apply unsafe fixes too (they add code\n"
    "                           to run, need your values or change what running code sees)\n"
    "      --show-secrets       with --diff: print secret values unmasked\n"
    "      --graph              print the resource graph as Graphviz DOT\n"
    "      --init-config        write a commented .secrot-lint.yaml with every default\n"
    "                           (with -o FILE: there; -o -: to standard output)\n"
    "      --list-rules         list every rule (with --format json: as JSON)\n"
    "      --explain ID         explain a rule\n"
    "\n"
    "In CI:\n"
    "      --exclude GLOB       do not lint matching files or folders (repeatable)\n"
    "      --shard K/N          lint only share K of N (files split by path hash)\n"
    "      --baseline FILE      do not report the findings recorded in FILE\n"
    "      --write-baseline FILE  record today's findings in FILE instead of reporting\n"
    "      --srcroot DIR        root for SARIF URIs and baselines (default: the folder\n"
    "                           holding .git, from the current directory up)\n"
    "      --help-uri-base URL  SARIF helpUri of each rule: URL/SR101.md\n"
    "\n"
    "      --version            print the version\n"
    "  -h, --help               this help\n"
    "\n"
    "Subcommands:\n"
    "  add-secret FILE --name ID  add a rotated secret with everything around it\n"
    "                           (see add-secret --help)\n"
    "  lsp                      a language server for editors (see lsp --help)\n"
    "\n"
    "Exit status: 0 nothing at or above --fail-level, 1 findings at or above it,\n"
    "2 usage error, unreadable file or internal error. With --fix and --diff the\n"
    "findings are those that remain after the fixes; a fix that was not possible\n"
    "is no error.\n";

static int sr_die_usage(const char *fmt, const char *arg)
{
    char msg[1200];
    snprintf(msg, sizeof(msg), fmt, arg);
    sr_say(stderr, "secrot-lint: %s", msg);
    fputs("Try 'secrot-lint --help'.\n", stderr);
    return SR_EXIT_ERROR;
}

static int sr_parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

enum sr_opt_id {
    OPT_BASELINE,
    OPT_COLOR,
    OPT_CONFIG,
    OPT_INIT_CONFIG,
    OPT_DIFF,
    OPT_EXCLUDE,
    OPT_EXPLAIN,
    OPT_FAIL_LEVEL,
    OPT_FIX,
    OPT_FORMAT,
    OPT_GRAPH,
    OPT_HELP,
    OPT_HELP_URI_BASE,
    OPT_IGNORE,
    OPT_INCLUDE,
    OPT_JOBS,
    OPT_LIST_RULES,
    OPT_MAX_DAYS,
    OPT_NO_CONFIG,
    OPT_OUTPUT,
    OPT_QUIET,
    OPT_SHARD,
    OPT_SHOW_SECRETS,
    OPT_SRCROOT,
    OPT_STRICT,
    OPT_UNSAFE_FIXES,
    OPT_VERSION,
    OPT_WRITE_BASELINE
};

/* Sorted by long name. */
static const struct {
    const char *name;
    char short_name;
    int has_arg;
    enum sr_opt_id id;
} sr_opts[] = {
    {"baseline", 0, 1, OPT_BASELINE},
    {"color", 0, 1, OPT_COLOR},
    {"config", 'c', 1, OPT_CONFIG},
    {"diff", 0, 0, OPT_DIFF},
    {"exclude", 0, 1, OPT_EXCLUDE},
    {"explain", 0, 1, OPT_EXPLAIN},
    {"fail-level", 0, 1, OPT_FAIL_LEVEL},
    {"fix", 0, 0, OPT_FIX},
    {"format", 'f', 1, OPT_FORMAT},
    {"graph", 0, 0, OPT_GRAPH},
    {"help", 'h', 0, OPT_HELP},
    {"help-uri-base", 0, 1, OPT_HELP_URI_BASE},
    {"ignore-checks", 0, 1, OPT_IGNORE},
    {"include-checks", 0, 1, OPT_INCLUDE},
    {"init-config", 0, 0, OPT_INIT_CONFIG},
    {"jobs", 'j', 1, OPT_JOBS},
    {"list-rules", 0, 0, OPT_LIST_RULES},
    {"max-rotation-days", 0, 1, OPT_MAX_DAYS},
    {"no-config", 0, 0, OPT_NO_CONFIG},
    {"output", 'o', 1, OPT_OUTPUT},
    {"quiet", 'q', 0, OPT_QUIET},
    {"shard", 0, 1, OPT_SHARD},
    {"show-secrets", 0, 0, OPT_SHOW_SECRETS},
    {"srcroot", 0, 1, OPT_SRCROOT},
    {"strict", 0, 0, OPT_STRICT},
    {"unsafe-fixes", 0, 0, OPT_UNSAFE_FIXES},
    {"version", 0, 0, OPT_VERSION},
    {"write-baseline", 0, 1, OPT_WRITE_BASELINE},
};

#define SR_NOPTS (sizeof(sr_opts) / sizeof(sr_opts[0]))

/*
 * Options that would have no effect in the mode the command line selects
 * are usage errors, so a typo'd CI line fails instead of silently doing
 * less. seen[id] is the spelling of each option given, or NULL. Returns 0,
 * or SR_EXIT_ERROR after printing the error.
 */
static int sr_cli_modes(const struct sr_options *o, const char *const *seen, int list_rules,
                        int explain, int init_config, int format_set)
{
    static const enum sr_opt_id lint_only[] = {
        OPT_BASELINE,      OPT_COLOR,  OPT_CONFIG,         OPT_DIFF,         OPT_EXCLUDE,
        OPT_FAIL_LEVEL,    OPT_FIX,    OPT_GRAPH,          OPT_IGNORE,       OPT_INCLUDE,
        OPT_HELP_URI_BASE, OPT_JOBS,   OPT_MAX_DAYS,       OPT_QUIET,        OPT_SHARD,
        OPT_SRCROOT,       OPT_STRICT, OPT_WRITE_BASELINE, OPT_UNSAFE_FIXES, OPT_SHOW_SECRETS,
    };
    const char *mode = list_rules    ? "--list-rules"
                       : explain     ? "--explain"
                       : init_config ? "--init-config"
                                     : NULL;
    if ((list_rules != 0) + (explain != 0) + (init_config != 0) > 1)
        return sr_die_usage("%s", "--list-rules, --explain and --init-config are separate modes: "
                                  "give one");
    if (mode) {
        for (size_t i = 0; i < sizeof(lint_only) / sizeof(lint_only[0]); i++)
            if (seen[lint_only[i]] && !(lint_only[i] == OPT_COLOR && o->color != 1)) {
                fprintf(stderr, "secrot-lint: %s has no effect with %s\n", seen[lint_only[i]],
                        mode);
                return sr_die_usage("%s", "leave it out, or lint without the mode");
            }
        if (o->npaths)
            return sr_die_usage("%s takes no FILE or DIR", mode);
        if (list_rules && format_set && o->report.format != SR_FMT_TEXT &&
            o->report.format != SR_FMT_JSON)
            return sr_die_usage("%s", "--list-rules writes text or json, not this --format");
        if ((explain || init_config) && format_set)
            return sr_die_usage("--format has no effect with %s", mode);
        if (list_rules && seen[OPT_OUTPUT])
            return sr_die_usage("%s", "--list-rules writes to standard output; -o has no effect");
        if (explain && seen[OPT_OUTPUT])
            return sr_die_usage("%s", "--explain writes to standard output; -o has no effect");
        return 0;
    }
    if (o->npaths == 0)
        return sr_die_usage("%s", "no input: name files, directories or - for standard input");
    if (o->fix && o->diff)
        return sr_die_usage("%s", "--fix and --diff cannot be used together");
    if (o->unsafe_fixes && !o->fix && !o->diff)
        return sr_die_usage("%s", "--unsafe-fixes works with --fix or --diff");
    if (o->show_secrets && !o->diff)
        return sr_die_usage("%s", "--show-secrets works with --diff (the only output that "
                                  "prints template text unmasked)");
    if (o->diff) {
        /* The diff is the output: nothing of the report is written. */
        static const enum sr_opt_id report_only[] = {
            OPT_OUTPUT, OPT_FORMAT, OPT_HELP_URI_BASE, OPT_WRITE_BASELINE, OPT_BASELINE, OPT_GRAPH};
        for (size_t i = 0; i < sizeof(report_only) / sizeof(report_only[0]); i++)
            if (seen[report_only[i]])
                return sr_die_usage("%s has no effect with --diff (the diff goes to standard "
                                    "output and no report is written)",
                                    seen[report_only[i]]);
    }
    if (o->graph) {
        static const enum sr_opt_id not_graph[] = {OPT_FORMAT, OPT_FIX, OPT_HELP_URI_BASE,
                                                   OPT_WRITE_BASELINE, OPT_BASELINE};
        for (size_t i = 0; i < sizeof(not_graph) / sizeof(not_graph[0]); i++)
            if (seen[not_graph[i]])
                return sr_die_usage("%s has no effect with --graph (it prints DOT)",
                                    seen[not_graph[i]]);
    }
    if (o->write_baseline) {
        static const enum sr_opt_id not_wb[] = {OPT_FORMAT, OPT_OUTPUT, OPT_HELP_URI_BASE,
                                                OPT_FAIL_LEVEL, OPT_BASELINE};
        for (size_t i = 0; i < sizeof(not_wb) / sizeof(not_wb[0]); i++)
            if (seen[not_wb[i]])
                return sr_die_usage("%s has no effect with --write-baseline (it writes the "
                                    "baseline file and no report)",
                                    seen[not_wb[i]]);
    }
    /* --color never/auto ask for what every other format already is, so
     * scripts may pass them whatever the format; only "always" is refused. */
    if (o->color == 1 &&
        (o->report.format != SR_FMT_TEXT || o->diff || o->graph || o->write_baseline))
        return sr_die_usage("%s", "--color always has no effect here: only the text report is "
                                  "coloured");
    if (seen[OPT_HELP_URI_BASE] && o->report.format != SR_FMT_SARIF)
        return sr_die_usage("%s", "--help-uri-base has no effect without --format sarif");
    if (seen[OPT_SRCROOT] && o->report.format != SR_FMT_SARIF &&
        o->report.format != SR_FMT_GITHUB && !o->baseline && !o->write_baseline && !o->shard_n)
        return sr_die_usage("%s", "--srcroot has no effect without --format sarif or github, "
                                  "--baseline, --write-baseline or --shard");
    return 0;
}

static int sr_cli(int argc, char **argv, struct sr_options *op)
{
    struct sr_options o = *op;
    const char *seen[OPT_WRITE_BASELINE + 1] = {0}; /* the spelling of each option given */
    o.report.format = SR_FMT_TEXT;
    o.report.fail_level = SR_SEV_WARNING;
    o.jobs = 1;
    o.color = -1;
    const char *explain = NULL;
    int list_rules = 0, format_set = 0, init_config = 0;

    int only_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            o.paths[o.npaths++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        size_t k = SR_NOPTS;
        const char *val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
            for (k = 0; k < SR_NOPTS; k++)
                if (strlen(sr_opts[k].name) == nlen && strncmp(sr_opts[k].name, name, nlen) == 0)
                    break;
            if (k == SR_NOPTS)
                return sr_die_usage("unknown option '%s'", a);
            if (eq) {
                if (!sr_opts[k].has_arg)
                    return sr_die_usage("option '%s' takes no value", a);
                val = eq + 1;
            }
        } else {
            if (a[2] != '\0' && !(a[1] && strchr("fjoc", a[1])))
                return sr_die_usage("unknown option '%s'", a);
            for (k = 0; k < SR_NOPTS; k++)
                if (sr_opts[k].short_name == a[1])
                    break;
            if (k == SR_NOPTS)
                return sr_die_usage("unknown option '%s'", a);
            if (a[2] != '\0')
                val = a + 2;
        }
        if (sr_opts[k].has_arg && !val) {
            if (i + 1 >= argc)
                return sr_die_usage("option '%s' needs a value", a);
            val = argv[++i];
        }
        /* Only an option without a value gets here with none, and it never
         * reads val: the analyser cannot tie sr_opts[k].id to has_arg. */
        if (!val)
            val = "";
        if (sr_opts[k].id != OPT_HELP && sr_opts[k].id != OPT_VERSION)
            seen[sr_opts[k].id] = a;
        switch (sr_opts[k].id) {
        case OPT_BASELINE:
            o.baseline = val;
            break;
        case OPT_EXCLUDE:
            if (!*val)
                return sr_die_usage("%s", "--exclude takes a glob, not an empty string");
            o.exclude[o.nexclude++] = val;
            break;
        case OPT_HELP_URI_BASE:
            if (strncmp(val, "https://", 8) != 0 && strncmp(val, "http://", 7) != 0)
                return sr_die_usage("--help-uri-base takes an absolute http(s) URL, not '%s'", val);
            o.help_uri_base = val;
            break;
        case OPT_SHARD:
            if (sr_shard_parse(val, &o.shard_k, &o.shard_n) < 0)
                return sr_die_usage("--shard takes K/N with 1 <= K <= N <= 1024, not '%s'", val);
            break;
        case OPT_SRCROOT:
            o.srcroot = val;
            break;
        case OPT_WRITE_BASELINE:
            o.write_baseline = val;
            break;
        case OPT_COLOR:
            if (!strcmp(val, "auto"))
                o.color = -1;
            else if (!strcmp(val, "always"))
                o.color = 1;
            else if (!strcmp(val, "never"))
                o.color = 0;
            else
                return sr_die_usage("--color takes auto, always or never, not '%s'", val);
            break;
        case OPT_CONFIG:
            o.config = val;
            break;
        case OPT_DIFF:
            o.diff = 1;
            break;
        case OPT_EXPLAIN:
            explain = val;
            break;
        case OPT_FAIL_LEVEL: {
            int s = sr_severity_parse(val);
            if (s < 0)
                return sr_die_usage("--fail-level takes error, warning, info or none, not '%s'",
                                    val);
            o.report.fail_level = (enum sr_severity)s;
            break;
        }
        case OPT_FIX:
            o.fix = 1;
            break;
        case OPT_UNSAFE_FIXES:
            o.unsafe_fixes = 1;
            break;
        case OPT_SHOW_SECRETS:
            o.show_secrets = 1;
            break;
        case OPT_FORMAT: {
            int f = sr_format_parse(val);
            if (f < 0)
                return sr_die_usage("unknown format '%s' (text, brief, json, sarif, junit, github)",
                                    val);
            o.report.format = (enum sr_format)f;
            format_set = 1;
            break;
        }
        case OPT_GRAPH:
            o.graph = 1;
            break;
        case OPT_HELP:
            fputs(sr_usage, stdout);
            return SR_EXIT_OK;
        case OPT_IGNORE:
            o.ignore_checks = val;
            break;
        case OPT_INCLUDE:
            o.include_checks = val;
            break;
        case OPT_INIT_CONFIG:
            init_config = 1;
            break;
        case OPT_JOBS:
            if (sr_parse_int(val, 1, 256, &o.jobs) < 0)
                return sr_die_usage("--jobs takes a number from 1 to 256, not '%s'", val);
            break;
        case OPT_LIST_RULES:
            list_rules = 1;
            break;
        case OPT_MAX_DAYS:
            if (sr_parse_int(val, 1, 1000, &o.max_rotation_days) < 0)
                return sr_die_usage("--max-rotation-days takes a number from 1 to 1000, not '%s'",
                                    val);
            break;
        case OPT_NO_CONFIG:
            o.no_config = 1;
            break;
        case OPT_OUTPUT:
            o.output = val;
            break;
        case OPT_QUIET:
            o.report.quiet = 1;
            break;
        case OPT_STRICT:
            o.strict = 1;
            break;
        case OPT_VERSION:
            printf("secrot-lint %s\n", SR_VERSION);
            return SR_EXIT_OK;
        }
    }
    if (sr_cli_modes(&o, seen, list_rules, explain != NULL, init_config, format_set) != 0)
        return SR_EXIT_ERROR;
    if (init_config)
        return sr_init_config(o.output ? o.output : ".secrot-lint.yaml") < 0 ? SR_EXIT_ERROR
                                                                             : SR_EXIT_OK;
    if (list_rules) {
        int rc = sr_report_rules(stdout, format_set ? o.report.format : SR_FMT_TEXT);
        return rc < 0 ? SR_EXIT_ERROR : SR_EXIT_OK;
    }
    if (explain) {
        if (sr_report_explain(stdout, explain) < 0) {
            char msg[400];
            if (sr_config_check_id(explain, msg, sizeof(msg)) == 0)
                snprintf(msg, sizeof(msg),
                         "'%s' is a prefix: --explain takes one rule id (see "
                         "--list-rules)",
                         explain);
            sr_say(stderr, "secrot-lint: --explain: %s", msg);
            return SR_EXIT_ERROR;
        }
        return SR_EXIT_OK;
    }
    /* A rule list that names no rule would quietly turn the gate off. */
    static const char *const names[] = {"--include-checks", "--ignore-checks"};
    const char *lists[] = {o.include_checks, o.ignore_checks};
    for (int l = 0; l < 2; l++) {
        char msg[600];
        if (lists[l] && sr_config_check_list(lists[l], names[l], msg, sizeof(msg)) < 0)
            return sr_die_usage("%s", msg);
    }
    if (o.config && o.no_config)
        return sr_die_usage("%s", "--config and --no-config cannot be used together");
    if (o.npaths == 0)
        return sr_die_usage("%s", "no input: name files, directories or - for standard input");
    return sr_run(&o);
}

int main(int argc, char **argv)
{
    struct sr_options o;
    memset(&o, 0, sizeof(o));
    if (argc > 1 && strcmp(argv[1], "add-secret") == 0)
        return sr_add_secret_main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "lsp") == 0)
        return sr_lsp_main(argc - 1, argv + 1);
    o.paths = calloc((size_t)argc + 1, sizeof(*o.paths));
    o.exclude = calloc((size_t)argc + 1, sizeof(*o.exclude));
    if (!o.paths || !o.exclude) {
        free(o.paths);
        free(o.exclude);
        return SR_EXIT_ERROR;
    }
    int rc = sr_cli(argc, argv, &o);
    free(o.paths);
    free(o.exclude);
    return rc;
}
