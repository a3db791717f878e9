/*
 * test_config.c - .secrot-lint.yaml: defaults, every setting, and the
 * errors (unknown key, wrong type, bounds, dates, rule ids) with their
 * line and column.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "lint.h"
#include "rule.h"

static int load(const char *text, struct sr_config *cfg, struct sr_error *err)
{
    sr_config_defaults(cfg);
    return sr_config_load_text("test.yaml", text, strlen(text), cfg, err);
}

TEST(defaults)
{
    struct sr_config cfg;
    sr_config_defaults(&cfg);
    CHECK_INT(sr_config_max_days(&cfg, "database"), 45);
    CHECK_INT(sr_config_max_days(&cfg, "api-key"), 30);
    CHECK_INT(sr_config_max_days(&cfg, "default"), 90);
    CHECK_INT(sr_config_max_days(&cfg, "no-such-class"), 90);
    CHECK_INT(cfg.min_password_length, 32);
    CHECK_INT(cfg.require_alarm, 1);
    CHECK_STR(cfg.fix_duration, "2h");
    cfg.max_rotation_days = 7;
    CHECK_INT(sr_config_max_days(&cfg, "database"), 7);
}

TEST(empty_file_keeps_defaults)
{
    struct sr_config cfg;
    struct sr_error err;
    CHECK_INT(load("", &cfg, &err), 0);
    CHECK_INT(sr_config_max_days(&cfg, "database"), 45);
    CHECK_INT(load("# only a comment\n", &cfg, &err), 0);
    CHECK_STR(cfg.path, "test.yaml");
}

TEST(every_setting)
{
    static const char text[] = "version: 1\n"
                               "classes:\n"
                               "  database: {max_days: 30}\n"
                               "  api-key:\n"
                               "    max_days: 14\n"
                               "  partner-token:\n"
                               "    max_days: 60\n"
                               "    description: tokens shared with partners\n"
                               "  external:\n"
                               "    reason: \"vendor rotates it\"\n"
                               "    review_by: 2030-06-30\n"
                               "  github-pat:\n"
                               "    external: true\n"
                               "    reason: rotated by hand every quarter\n"
                               "min_password_length: 40\n"
                               "require_alarm: false\n"
                               "alarm_topic_parameter: OpsTopic\n"
                               "min_rotation_timeout: 60\n"
                               "fix:\n"
                               "  days: 21\n"
                               "  duration: 3h\n"
                               "  runtime: python3.12\n"
                               "severity:\n"
                               "  SR109: info\n"
                               "  SR3: warning\n"
                               "enable: [SR101]\n"
                               "disable:\n"
                               "  - SR1\n";
    struct sr_config cfg;
    struct sr_error err;
    int rc = load(text, &cfg, &err);
    if (rc)
        printf("# %d:%d %s\n", err.pos.line, err.pos.col, err.message);
    CHECK_INT(rc, 0);
    CHECK_INT(sr_config_max_days(&cfg, "database"), 30);
    CHECK_INT(sr_config_max_days(&cfg, "api-key"), 14);
    CHECK_INT(sr_config_max_days(&cfg, "partner-token"), 60);
    CHECK_INT(sr_config_max_days(&cfg, "default"), 90);
    const struct sr_secret_class *ext = sr_config_class(&cfg, "external");
    CHECK(ext != NULL);
    if (ext) {
        CHECK_INT(ext->external, 1);
        CHECK_STR(ext->reason, "vendor rotates it");
        CHECK_STR(ext->review_by, "2030-06-30");
    }
    const struct sr_secret_class *pat = sr_config_class(&cfg, "github-pat");
    CHECK(pat && pat->external == 1 && pat->review_by[0] == '\0');
    CHECK_INT(cfg.min_password_length, 40);
    CHECK_INT(cfg.require_alarm, 0);
    CHECK_STR(cfg.alarm_topic_parameter, "OpsTopic");
    CHECK_INT(cfg.min_timeout, 60);
    CHECK_INT(cfg.fix_days, 21);
    CHECK_STR(cfg.fix_duration, "3h");
    CHECK_STR(cfg.runtime, "python3.12");
    int seen = 0;
    for (size_t i = 0; i < cfg.nrules; i++) {
        const struct sr_rule_setting *r = &cfg.rules[i];
        if (!strcmp(r->id, "SR109")) {
            CHECK_INT(r->severity, SR_SEV_INFO);
            CHECK_INT(r->enabled, -1);
            seen |= 1;
        } else if (!strcmp(r->id, "SR3")) {
            CHECK_INT(r->severity, SR_SEV_WARNING);
            seen |= 2;
        } else if (!strcmp(r->id, "SR101")) {
            CHECK_INT(r->enabled, 1);
            seen |= 4;
        } else if (!strcmp(r->id, "SR1")) {
            CHECK_INT(r->enabled, 0);
            seen |= 8;
        }
    }
    CHECK_INT(seen, 15);
}

TEST(settings_reach_rule_selection)
{
    struct sr_config cfg;
    struct sr_error err;
    CHECK_INT(load("severity: {SR101: warning}\ndisable: [SR1]\nenable: [SR101]\n", &cfg, &err), 0);
    const struct sr_rule *r101 = sr_rule_find("SR101");
    const struct sr_rule *r102 = sr_rule_find("SR102");
    if (!r101 || !r102)
        SKIP("rotation rules are not registered");
    CHECK_INT(sr_rule_enabled(&cfg, r101), 1);
    CHECK_INT(sr_rule_enabled(&cfg, r102), 0);
    CHECK_INT(sr_rule_severity(&cfg, r101), SR_SEV_WARNING);
    /* The command line wins. */
    cfg.ignore_checks = "SR101";
    CHECK_INT(sr_rule_enabled(&cfg, r101), 0);
}

/* Expects a failure at line:col whose message contains needle. */
static void expect_error(const char *text, int line, int col, const char *needle, int *ok)
{
    struct sr_config cfg;
    struct sr_error err;
    int rc = load(text, &cfg, &err);
    *ok = rc == -1 && err.pos.line == line && err.pos.col == col &&
          strstr(err.message, needle) != NULL && strcmp(err.file, "test.yaml") == 0;
    if (!*ok)
        printf("# rc=%d %d:%d '%s' (wanted %d:%d '%s')\n", rc, err.pos.line, err.pos.col,
               err.message, line, col, needle);
}

#define ERR(text, line, col, needle)                                                               \
    do {                                                                                           \
        int ok_;                                                                                   \
        expect_error(text, line, col, needle, &ok_);                                               \
        CHECK(ok_ &&needle);                                                                       \
    } while (0)

TEST(unknown_keys)
{
    ERR("max_dayz: 3\n", 1, 1, "unknown key 'max_dayz'");
    ERR("classes:\n  database:\n    max_day: 3\n", 3, 5, "classes.database: unknown key 'max_day'");
    ERR("fix:\n  interval: 3\n", 2, 3, "fix: unknown key 'interval'");
    ERR("classes:\n  Bad Name: {max_days: 3}\n", 2, 3, "'Bad Name' is not a valid name");
}

TEST(wrong_types)
{
    ERR("min_password_length: long\n", 1, 22, "expected an integer, got a string 'long'");
    ERR("min_password_length: \"40\"\n", 1, 22, "expected an integer");
    ERR("require_alarm: yes please\n", 1, 16, "expected true or false");
    ERR("classes: [database]\n", 1, 10, "classes: expected a mapping, got a list");
    ERR("classes:\n  database: 45\n", 2, 13, "classes.database: expected a mapping");
    ERR("enable: SR101\n", 1, 9, "expected a list");
    ERR("severity:\n  SR101: loud\n", 2, 10, "'loud' is not one of: error, warning, info, none");
    ERR("version: 2\n", 1, 10, "is not one of: 1");
    ERR("- a\n- b\n", 1, 1, "must be a mapping");
    ERR("alarm_topic_parameter: arn:aws:sns:us-east-1:123456789012:t\n", 1, 24, "does not match");
}

TEST(bounds_and_values)
{
    ERR("classes:\n  database: {max_days: 0}\n", 2, 24, "0 is outside 1-1000");
    ERR("classes:\n  database: {max_days: 5000}\n", 2, 24, "outside 1-1000");
    ERR("min_rotation_timeout: 901\n", 1, 23, "outside 1-900");
    ERR("fix:\n  duration: 3d\n", 2, 13, "does not match");
    ERR("fix:\n  duration: 30h\n", 2, 13, "fix.duration: a 30h rotation window");
    ERR("classes:\n  external:\n    review_by: 2030-06-30\n", 3, 5, "'reason' is required");
    ERR("classes:\n  vendor: {external: true}\n", 2, 11, "'reason' is required");
    ERR("classes:\n  x:\n    reason: r\n    review_by: 2030-02-30\n", 4, 16, "not a date");
    ERR("classes:\n  x:\n    reason: \"\"\n", 3, 13, "must not be empty");
    ERR("severity: {SR1x: error}\n", 1, 12, "not a valid name");
    ERR("disable: [SR1, SR1]\nenable: [SR1]\n", 1, 11, "both in enable and in disable");
    ERR("min_password_length: 1\nmin_password_length: 2\n", 2, 1, "duplicate key");
    ERR("classes: {a: 1\n", 2, 1, "");
}

TEST(unknown_rule_ids)
{
    if (!sr_rule_find("SR101"))
        SKIP("rotation rules are not registered");
    ERR("disable: [SR999]\n", 1, 11, "unknown rule or rule prefix 'SR999'");
    ERR("severity: {SR998: info}\n", 1, 12, "unknown rule or rule prefix 'SR998'");
}

TEST(external_false_stays_false)
{
    struct sr_config cfg;
    struct sr_error err;
    CHECK_INT(load("classes:\n  vendor: {external: false, max_days: 10}\n", &cfg, &err), 0);
    const struct sr_secret_class *c = sr_config_class(&cfg, "vendor");
    CHECK(c && c->external == 0 && c->max_days == 10);
}

TEST(file_io)
{
    char dir[] = "/tmp/sr-config-XXXXXX";
    if (!mkdtemp(dir))
        SKIP("no temporary directory");
    char sub[600], path[700], found[1024];
    snprintf(sub, sizeof(sub), "%s/a/b", dir);
    snprintf(path, sizeof(path), "%s/a", dir);
    CHECK_INT(mkdir(path, 0700), 0);
    CHECK_INT(mkdir(sub, 0700), 0);
    snprintf(path, sizeof(path), "%s/.secrot-lint.yaml", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("classes:\n  default: {max_days: 12}\n", f);
        fclose(f);
    }
    CHECK_INT(sr_config_find(sub, NULL, found, sizeof(found), NULL, 0), 1);
    CHECK_STR(found, path);
    struct sr_config cfg;
    struct sr_error err;
    sr_config_defaults(&cfg);
    CHECK_INT(sr_config_load(found, &cfg, &err), 0);
    CHECK_INT(sr_config_max_days(&cfg, "default"), 12);
    CHECK_INT(sr_config_max_days(&cfg, "database"), 45);
    /* A missing file is an error naming it. */
    snprintf(path, sizeof(path), "%s/nope.yaml", dir);
    CHECK_INT(sr_config_load(path, &cfg, &err), -1);
    CHECK_STR(err.file, path);
    CHECK(strstr(err.message, "cannot read") != NULL);
    unlink(found);
    rmdir(sub);
    snprintf(path, sizeof(path), "%s/a", dir);
    rmdir(path);
    rmdir(dir);
}

TEST(required_tags)
{
    struct sr_config cfg;
    struct sr_error err;
    sr_config_defaults(&cfg);
    CHECK_INT((int)cfg.nrequired_tags, 0);
    CHECK_INT(load("required_tags: [owner, data-classification]\n", &cfg, &err), 0);
    CHECK_INT((int)cfg.nrequired_tags, 2);
    CHECK_STR(cfg.required_tags[0], "owner");
    CHECK_STR(cfg.required_tags[1], "data-classification");
    CHECK_INT(load("required_tags: []\n", &cfg, &err), 0);
    CHECK_INT((int)cfg.nrequired_tags, 0);
    ERR("required_tags: owner\n", 1, 16, "expected");
    ERR("required_tags: [owner, 3]\n", 1, 24, "expected a string");
    ERR("required_tags: ['']\n", 1, 17, "");
    ERR("required_tags: [owner, team, owner]\n", 1, 30, "'owner' is listed twice");
    ERR("required_tags: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]\n", 1, 65,
        "more than 16 tag keys");
}

int main(void)
{
    RUN(defaults);
    RUN(empty_file_keeps_defaults);
    RUN(every_setting);
    RUN(settings_reach_rule_selection);
    RUN(unknown_keys);
    RUN(wrong_types);
    RUN(bounds_and_values);
    RUN(unknown_rule_ids);
    RUN(external_false_stays_false);
    RUN(file_io);
    RUN(required_tags);
    return CHECK_DONE();
}
