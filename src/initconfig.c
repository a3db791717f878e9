/*
 * initconfig.c - writes a commented .secrot-lint.yaml with every default
 * (from sr_config_defaults, so the file and the code cannot disagree) and
 * the embedded config schema beside it, named in a yaml-language-server
 * comment so editors complete and check the file.
 */
#include "initconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embed.h"
#include "say.h"

int sr_init_config_write(FILE *out, const struct sr_config *cfg)
{
    fprintf(out, "# yaml-language-server: $schema=%s\n", SR_INIT_SCHEMA_NAME);
    fputs("# secrot-lint policy. Every value below is the default; change what your\n"
          "# team's policy needs and delete the rest. secrot-lint finds this file by\n"
          "# walking up from each template's folder (or take it with --config).\n"
          "version: 1\n"
          "\n"
          "# Secret classes and their longest rotation interval in days (SR102). A\n"
          "# secret attached to a database is `database`; others take the class named\n"
          "# by their tag secrot-lint:class, else `default`.\n"
          "classes:\n",
          out);
    for (size_t i = 0; i < cfg->nclasses; i++)
        fprintf(out, "  %s:\n    max_days: %d\n", cfg->classes[i].name, cfg->classes[i].max_days);
    fputs("  # A third-party token AWS cannot rotate: SR101 stays silent until review_by.\n"
          "  # external:\n"
          "  #   external: true\n"
          "  #   reason: rotated by the vendor's console every 90 days\n"
          "  #   review_by: 2027-01-31\n"
          "\n",
          out);
    fprintf(out,
            "# SR310: shortest PasswordLength accepted for a generated secret.\n"
            "min_password_length: %d\n"
            "\n"
            "# SR109: every rotation function needs a failure alarm.\n"
            "require_alarm: %s\n"
            "\n"
            "# Template parameter (an SNS topic ARN) that alarms written by --fix notify.\n"
            "alarm_topic_parameter: %s\n"
            "\n"
            "# SR112: shortest Timeout, in seconds, of a rotation function.\n"
            "min_rotation_timeout: %d\n"
            "\n"
            "# What --fix writes.\n"
            "fix:\n"
            "  # days: 30          # rotation interval; default: the class's max_days\n"
            "  duration: %s        # rotation window (RotationRules Duration)\n"
            "  runtime: %s  # runtime of scaffolded rotation functions\n"
            "\n"
            "# Severity per rule id or prefix (the longest match wins): error, warning,\n"
            "# info or none.\n"
            "severity: {}\n"
            "#  SR309: info\n"
            "\n"
            "# Rules or prefixes to turn off, and to turn back on inside a disabled prefix.\n"
            "# --ignore-checks and --include-checks win over these.\n"
            "disable: []\n"
            "enable: []\n"
            "\n"
            "# Files and folders not to lint (globs; with a '/': relative to this file's\n"
            "# folder), added to --exclude.\n"
            "exclude: []\n"
            "#  - cdk.out\n"
            "#  - infra/legacy/**\n"
            "\n"
            "# SR320: tag keys every secret must carry (Security Hub SecretsManager.5).\n"
            "# required_tags: [owner, data-classification]\n"
            "\n"
            "# Absolute URL of the rule pages, for SARIF helpUri (BASE/SR101.md).\n"
            "# help_uri_base: https://example.org/secrot-lint/docs/rules\n",
            cfg->min_password_length, cfg->require_alarm ? "true" : "false",
            cfg->alarm_topic_parameter, cfg->min_timeout, cfg->fix_duration, cfg->runtime);
    return ferror(out) ? -1 : 0;
}

/* Creates path exclusively and writes len bytes; -1 with errno on failure. */
static int sr_write_new(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            unlink(path);
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    if (close(fd) < 0) {
        unlink(path);
        return -1;
    }
    return 0;
}

int sr_init_config(const char *path)
{
    struct sr_config cfg;
    sr_config_defaults(&cfg);
    if (strcmp(path, "-") == 0)
        return sr_init_config_write(stdout, &cfg) < 0 || fflush(stdout) != 0 ? -1 : 0;

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem || sr_init_config_write(mem, &cfg) < 0 || fclose(mem) != 0) {
        sr_say(stderr, "secrot-lint: cannot build the policy file");
        free(text);
        return -1;
    }
    if (sr_write_new(path, text, len) < 0) {
        sr_say(stderr, "secrot-lint: %s: %s%s", path, strerror(errno),
               errno == EEXIST ? " (an existing policy is never overwritten)" : "");
        free(text);
        return -1;
    }
    free(text);
    /* The schema beside it, unless one is already there. */
    char schema[4096];
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    snprintf(schema, sizeof(schema), "%.*s%s", dirlen, path, SR_INIT_SCHEMA_NAME);
    size_t slen;
    const char *data = sr_embed_get("config.schema.json", &slen);
    if (data && access(schema, F_OK) != 0 && sr_write_new(schema, data, slen) < 0)
        sr_say(stderr, "secrot-lint: warning: %s: %s", schema, strerror(errno));
    sr_say(stdout, "wrote %s and %s", path, schema);
    return 0;
}
