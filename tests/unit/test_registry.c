/*
 * test_registry.c - the rule table: ids, descriptors, fixtures, examples.
 *
 * Every rule has a stable id in its family's range, a title, an explain
 * text, a trigger and a near-miss fixture (fixtures/lint/<ID>/: a case
 * whose expected report names the rule, and one whose report is empty), a
 * fix case when it has a planner (fixtures/fix/<ID>-*), and its bad and
 * good examples lint as they claim.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "config.h"
#include "lint.h"
#include "registry.h"

static const struct {
    const struct sr_rule *const *table;
    char family; /* the id's first digit */
} families[] = {
    {sr_rules_template, '0'},  {sr_rules_schema, '0'},    {sr_rules_rotation, '1'},
    {sr_rules_privilege, '2'}, {sr_rules_exposure, '3'},  {sr_rules_consumer, '2'},
    {sr_rules_kms, '3'},       {sr_rules_keypolicy, '2'}, {sr_rules_lifecycle, '*'},
    {sr_rules_stores, '3'},    {sr_rules_respond, '3'},
};

TEST(ids_are_unique_in_range_and_all_registered)
{
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    size_t listed = 0;
    for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
        for (size_t i = 0; families[f].table[i]; i++) {
            const struct sr_rule *r = families[f].table[i];
            listed++;
            CHECK(strlen(r->id) == 5 && !strncmp(r->id, "SR", 2));
            /* '*': a table of rules about one topic across families 1-3. */
            if (families[f].family == '*')
                CHECK(r->id[2] >= '1' && r->id[2] <= '3');
            else
                CHECK(r->id[2] == families[f].family);
            CHECK(r->id[3] >= '0' && r->id[3] <= '9' && r->id[4] >= '0' && r->id[4] <= '9');
            CHECK(sr_rule_find(r->id) == r);
        }
    /* Nothing was dropped by the table's size. */
    CHECK_INT(n, listed);
    for (size_t i = 1; i < n; i++)
        CHECK(strcmp(reg[i - 1]->id, reg[i]->id) < 0); /* sorted, no duplicate */
}

TEST(descriptors_are_complete)
{
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    for (size_t i = 0; i < n; i++) {
        const struct sr_rule *r = reg[i];
        CHECK(r->title && r->title[0] && !strchr(r->title, '\n'));
        CHECK(r->explain && strlen(r->explain) > 80);
        CHECK(r->tags && r->tags[0]);
        CHECK(r->severity >= SR_SEV_INFO && r->severity <= SR_SEV_ERROR);
        CHECK(r->security_severity >= 0.0 && r->security_severity <= 10.0);
        /* A rule of the security families ranks for code scanning. */
        if (r->id[2] != '0')
            CHECK(r->security_severity > 0.0 && strstr(r->tags, "security"));
        CHECK(!r->source || !strncmp(r->source, "https://", 8));
    }
}

/* Counts the cases of fixtures/lint/<id>/ whose expected report names the
 * rule (*trigger) or is empty (*near). */
static void lint_cases(const char *id, int *trigger, int *near)
{
    char dir[256];
    snprintf(dir, sizeof(dir), "fixtures/lint/%s", id);
    *trigger = *near = 0;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 10 || strcmp(e->d_name + l - 9, ".expected") != 0)
            continue;
        char path[600];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        char buf[8192];
        size_t got = fread(buf, 1, sizeof(buf) - 1, f);
        buf[got] = 0;
        fclose(f);
        if (got == 0)
            (*near)++;
        else if (strstr(buf, id))
            (*trigger)++;
    }
    closedir(d);
}

static int has_fix_case(const char *id)
{
    DIR *d = opendir("fixtures/fix");
    if (!d)
        return 0;
    struct dirent *e;
    int found = 0;
    size_t l = strlen(id);
    while (!found && (e = readdir(d)) != NULL)
        found = !strncmp(e->d_name, id, l) && e->d_name[l] == '-';
    closedir(d);
    return found;
}

TEST(every_rule_has_a_trigger_a_near_miss_and_a_fix_case)
{
    struct stat st;
    if (stat("fixtures/lint", &st) != 0)
        SKIP("run from the source tree (fixtures/lint not found)");
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    for (size_t i = 0; i < n; i++) {
        int trigger, near;
        lint_cases(reg[i]->id, &trigger, &near);
        if (trigger == 0 || near == 0) {
            char m[128];
            snprintf(m, sizeof(m), "%s: %d trigger and %d near-miss fixtures", reg[i]->id, trigger,
                     near);
            sr_t_note(__FILE__, __LINE__, m);
        }
        if (reg[i]->plan && !has_fix_case(reg[i]->id)) {
            char m[128];
            snprintf(m, sizeof(m), "%s has a planner but no fixtures/fix/%s-* case", reg[i]->id,
                     reg[i]->id);
            sr_t_note(__FILE__, __LINE__, m);
        }
    }
}

/* Number of findings of rule r when text is linted with r alone. */
static int findings_of(const struct sr_rule *r, const char *text)
{
    struct sr_config cfg;
    sr_config_defaults(&cfg);
    cfg.include_checks = r->id;
    /* SR320's examples assume the policy its explain text shows:
     * required_tags: [owner]. */
    if (!strcmp(r->id, "SR320")) {
        snprintf(cfg.required_tags[0], sizeof(cfg.required_tags[0]), "owner");
        cfg.nrequired_tags = 1;
    }
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    memcpy(copy, text, len + 1);
    struct sr_result res;
    sr_lint_text(&res, "example.yaml", copy, len, &cfg);
    int k = 0;
    for (size_t i = 0; i < res.nfindings; i++)
        k += res.findings[i]->rule == r && !res.findings[i]->suppressed;
    if (!res.loaded)
        k = -1;
    sr_result_release(&res);
    return k;
}

TEST(examples_lint_as_they_say)
{
    size_t n;
    const struct sr_rule *const *reg = sr_registry(&n);
    for (size_t i = 0; i < n; i++) {
        const struct sr_rule *r = reg[i];
        char m[160];
        if (r->bad && findings_of(r, r->bad) <= 0 && strcmp(r->id, "SR001") != 0) {
            snprintf(m, sizeof(m), "%s: the bad example is not reported", r->id);
            sr_t_note(__FILE__, __LINE__, m);
        }
        if (r->good && findings_of(r, r->good) != 0) {
            snprintf(m, sizeof(m), "%s: the good example is reported (or does not load)", r->id);
            sr_t_note(__FILE__, __LINE__, m);
        }
    }
}

int main(void)
{
    RUN(ids_are_unique_in_range_and_all_registered);
    RUN(descriptors_are_complete);
    RUN(every_rule_has_a_trigger_a_near_miss_and_a_fix_case);
    RUN(examples_lint_as_they_say);
    return sr_t_fail_total ? 1 : 0;
}
