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
#include "report.h"
#include "run.h"
#include "say.h"

static const char sr_usage[] =
    "usage: secrot-lint [OPTIONS] [FILE|DIR|-]...\n"
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
    "      --graph              print the resource graph as Graphviz DOT\n"
    "      --init-config        write a commented .secrot-lint.yaml with every default\n"
    "                           (with -o FILE: there; -o -: to standard output)\n"
    "      --list-rules         list every rule (with --format json: as JSON)\n"
    "      --explain ID         explain a rule\n"
    "      --version            print the version\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 nothing at or above --fail-level, 1 findings at or above it,\n"
    "2 usage error, unreadable file or internal error.\n"
    "\n"
    "Also: secrot-lint add-secret FILE --name ID ... (see add-secret --help),\n"
    "      secrot-lint lsp, a language server for editors (see lsp --help).\n";

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
    OPT_COLOR,
    OPT_CONFIG,
    OPT_INIT_CONFIG,
    OPT_DIFF,
    OPT_EXPLAIN,
    OPT_FAIL_LEVEL,
    OPT_FIX,
    OPT_FORMAT,
    OPT_GRAPH,
    OPT_HELP,
    OPT_IGNORE,
    OPT_INCLUDE,
    OPT_JOBS,
    OPT_LIST_RULES,
    OPT_MAX_DAYS,
    OPT_NO_CONFIG,
    OPT_OUTPUT,
    OPT_QUIET,
    OPT_STRICT,
    OPT_VERSION
};

/* Sorted by long name. */
static const struct {
    const char *name;
    char short_name;
    int has_arg;
    enum sr_opt_id id;
} sr_opts[] = {
    {"color", 0, 1, OPT_COLOR},
    {"config", 'c', 1, OPT_CONFIG},
    {"diff", 0, 0, OPT_DIFF},
    {"explain", 0, 1, OPT_EXPLAIN},
    {"fail-level", 0, 1, OPT_FAIL_LEVEL},
    {"fix", 0, 0, OPT_FIX},
    {"format", 'f', 1, OPT_FORMAT},
    {"graph", 0, 0, OPT_GRAPH},
    {"help", 'h', 0, OPT_HELP},
    {"ignore-checks", 0, 1, OPT_IGNORE},
    {"include-checks", 0, 1, OPT_INCLUDE},
    {"init-config", 0, 0, OPT_INIT_CONFIG},
    {"jobs", 'j', 1, OPT_JOBS},
    {"list-rules", 0, 0, OPT_LIST_RULES},
    {"max-rotation-days", 0, 1, OPT_MAX_DAYS},
    {"no-config", 0, 0, OPT_NO_CONFIG},
    {"output", 'o', 1, OPT_OUTPUT},
    {"quiet", 'q', 0, OPT_QUIET},
    {"strict", 0, 0, OPT_STRICT},
    {"version", 0, 0, OPT_VERSION},
};

#define SR_NOPTS (sizeof(sr_opts) / sizeof(sr_opts[0]))

static int sr_cli(int argc, char **argv, struct sr_options *op)
{
    struct sr_options o = *op;
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
        switch (sr_opts[k].id) {
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
    if (o.fix && o.diff)
        return sr_die_usage("%s", "--fix and --diff cannot be used together");
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
    if (!o.paths)
        return SR_EXIT_ERROR;
    int rc = sr_cli(argc, argv, &o);
    free(o.paths);
    return rc;
}
