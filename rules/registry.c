/*
 * registry.c - the one table of rules, merged from the family tables and
 * sorted by id at first use. Lookups by id are binary searches.
 */
#include "registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SR_MAX_RULES 256

static const struct sr_rule *const *const sr_families[] = {
    sr_rules_template,  sr_rules_schema,   sr_rules_rotation, sr_rules_privilege,
    sr_rules_exposure,  sr_rules_consumer, sr_rules_kms,      sr_rules_keypolicy,
    sr_rules_lifecycle, sr_rules_stores,   sr_rules_respond,
};

static const struct sr_rule *sr_table[SR_MAX_RULES + 1];
static size_t sr_count;
static pthread_once_t sr_once = PTHREAD_ONCE_INIT;

static int sr_rule_cmp(const void *a, const void *b)
{
    const struct sr_rule *x = *(const struct sr_rule *const *)a;
    const struct sr_rule *y = *(const struct sr_rule *const *)b;
    return strcmp(x->id, y->id);
}

static void sr_registry_init(void)
{
    for (size_t f = 0; f < sizeof(sr_families) / sizeof(sr_families[0]); f++)
        for (size_t i = 0; sr_families[f][i] && sr_count < SR_MAX_RULES; i++)
            sr_table[sr_count++] = sr_families[f][i];
    qsort(sr_table, sr_count, sizeof(sr_table[0]), sr_rule_cmp);
}

const struct sr_rule *const *sr_registry(size_t *n)
{
    pthread_once(&sr_once, sr_registry_init);
    *n = sr_count;
    return sr_table;
}

const struct sr_rule *sr_rule_find(const char *id)
{
    size_t n;
    const struct sr_rule *const *t = sr_registry(&n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(t[mid]->id, id);
        if (c == 0)
            return t[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
