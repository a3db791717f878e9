/*
 * fuzz_config.c - libFuzzer harness for the policy-file loader.
 *
 * Loads arbitrary bytes as a .secrot-lint.yaml over the defaults and checks
 * the contract of config.h: 0 or -1; on -1 a terminated, non-empty message
 * with the file's name and a 1-based position inside the text; on 0 every
 * setting within the bounds of schemas/config.schema.json, every rule
 * setting naming at least one rule, and what the policy changes describable
 * (sr_config_changes, sr_config_describe) in terminated strings. The same
 * bytes load the same way twice. The bytes are also checked as a
 * --include-checks list.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cron.h"
#include "fuzz_check.h"
#include "lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int terminated(const char *s, size_t n)
{
    return memchr(s, '\0', n) != NULL;
}

static void check_loaded(const struct sr_config *cfg)
{
    FUZZ_CHECK(cfg->nclasses >= 3 && cfg->nclasses <= SR_MAX_CLASSES);
    for (size_t i = 0; i < cfg->nclasses; i++) {
        const struct sr_secret_class *c = &cfg->classes[i];
        FUZZ_CHECK(terminated(c->name, sizeof(c->name)) && c->name[0]);
        FUZZ_CHECK(terminated(c->reason, sizeof(c->reason)));
        FUZZ_CHECK(terminated(c->review_by, sizeof(c->review_by)));
        FUZZ_CHECK(c->max_days >= 0 && c->max_days <= 1000);
        FUZZ_CHECK(c->review_by[0] == '\0' || strlen(c->review_by) == 10);
    }
    FUZZ_CHECK(cfg->min_password_length >= 1 && cfg->min_password_length <= 4096);
    FUZZ_CHECK(cfg->min_timeout >= 1 && cfg->min_timeout <= 900);
    FUZZ_CHECK(cfg->fix_days >= 0 && cfg->fix_days <= 999);
    FUZZ_CHECK(cfg->require_alarm == 0 || cfg->require_alarm == 1);
    int hours;
    struct sr_sched_error se;
    FUZZ_CHECK(sr_duration_parse(cfg->fix_duration, strlen(cfg->fix_duration), &hours, &se) == 0);
    FUZZ_CHECK(cfg->nrules <= SR_MAX_RULE_SETTINGS);
    for (size_t i = 0; i < cfg->nrules; i++) {
        const struct sr_rule_setting *r = &cfg->rules[i];
        char msg[300];
        FUZZ_CHECK(terminated(r->id, sizeof(r->id)));
        FUZZ_CHECK(sr_config_check_id(r->id, msg, sizeof(msg)) == 0);
        FUZZ_CHECK(r->severity >= 0 && r->severity <= SR_SEV_NONE);
        FUZZ_CHECK(r->enabled >= -1 && r->enabled <= 1);
    }
    struct sr_policy_change ch[SR_MAX_RULE_SETTINGS + SR_MAX_CLASSES + 8];
    size_t k = sr_config_changes(cfg, ch, sizeof(ch) / sizeof(ch[0]));
    FUZZ_CHECK(k <= sizeof(ch) / sizeof(ch[0]));
    for (size_t i = 0; i < k; i++) {
        FUZZ_CHECK(terminated(ch[i].rule, sizeof(ch[i].rule)) && ch[i].rule[0]);
        FUZZ_CHECK(terminated(ch[i].what, sizeof(ch[i].what)) && ch[i].what[0]);
        FUZZ_CHECK(ch[i].weakens == 0 || ch[i].weakens == 1);
    }
    char line[512];
    sr_config_describe(cfg, line, sizeof(line));
    FUZZ_CHECK(terminated(line, sizeof(line)) && line[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char path[] = "fuzz/.secrot-lint.yaml";
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    struct sr_config *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    struct sr_error ea, eb;
    if (!a || !b) {
        free(a);
        free(b);
        free(text);
        return 0;
    }
    sr_config_defaults(a);
    sr_config_defaults(b);
    int ra = sr_config_load_text(path, text, size, a, &ea);
    int rb = sr_config_load_text(path, text, size, b, &eb);
    FUZZ_CHECK(ra == 0 || ra == -1);
    FUZZ_CHECK(ra == rb);
    if (ra < 0) {
        FUZZ_CHECK(terminated(ea.message, sizeof(ea.message)) && ea.message[0]);
        FUZZ_CHECK(strcmp(ea.message, eb.message) == 0);
        FUZZ_CHECK(strcmp(ea.file, path) == 0);
        FUZZ_CHECK(ea.pos.line >= 1 && ea.pos.col >= 1);
        FUZZ_CHECK(ea.offset <= size);
    } else {
        FUZZ_CHECK(strcmp(a->path, path) == 0);
        check_loaded(a);
    }

    /* The bytes as a rule list: accepted only when every entry names rules. */
    char msg[600];
    if (size > 0 && !memchr(data, '\0', size) &&
        sr_config_check_list(text, "--include-checks", msg, sizeof(msg)) < 0)
        FUZZ_CHECK(terminated(msg, sizeof(msg)) && strncmp(msg, "--include-checks", 16) == 0);

    free(a);
    free(b);
    free(text);
    return 0;
}
