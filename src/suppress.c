/*
 * suppress.c - reads `secrot-lint: ignore:` suppressions from template and
 * resource Metadata and marks the findings they cover.
 *
 * An entry is `{id: SR109, reason: "..."}` (a bare `SR109` is accepted as
 * an entry without a reason). A suppression without a reason still applies
 * but is a problem (SR006); one naming no known rule is one too (SR007):
 * they go to the caller, which reports them. It does not read other tools'
 * suppressions (cfn_nag, cfn-lint, checkov).
 */
#include "suppress.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct sr_sup {
    struct sr_finding **f;
    size_t n;
    sr_suppress_fn fn;
    void *arg;
};

static void sr_problem(struct sr_sup *s, enum sr_suppress_problem p, const struct sr_node *at,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void sr_problem(struct sr_sup *s, enum sr_suppress_problem p, const struct sr_node *at,
                       const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    s->fn(s->arg, p, at, msg);
}

static int sr_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Marks findings of rule id within [start, end) (whole file when end is 0). */
static void sr_mark(struct sr_sup *s, const char *id, size_t start, size_t end)
{
    for (size_t i = 0; i < s->n; i++) {
        struct sr_finding *f = s->f[i];
        if (strcmp(f->rule->id, id) != 0)
            continue;
        if (end == 0 || (f->start >= start && f->start < end))
            f->suppressed = 1;
    }
}

/* Reads one Metadata mapping. owner names the scope in messages. */
static void sr_read_ignores(struct sr_sup *s, const struct sr_node *metadata, const char *owner,
                            size_t start, size_t end)
{
    const struct sr_node *ours = sr_map_get(metadata, "secrot-lint");
    if (!ours)
        return;
    const struct sr_node *ignore = sr_map_get(ours, "ignore");
    if (!ignore) {
        sr_problem(s, SR_SUPPRESS_UNKNOWN, ours,
                   "secrot-lint metadata on %s has no 'ignore' list, so it suppresses "
                   "nothing",
                   owner);
        return;
    }
    if (!sr_is_seq(ignore)) {
        sr_problem(s, SR_SUPPRESS_UNKNOWN, ignore,
                   "secrot-lint 'ignore' on %s must be a list of {id, reason} entries", owner);
        return;
    }
    ignore = sr_deref(ignore);
    for (size_t i = 0; i < ignore->n; i++) {
        const struct sr_node *e = sr_seq_item(ignore, i);
        const struct sr_node *idn = NULL, *reason = NULL;
        if (sr_is_scalar(e))
            idn = e;
        else if (sr_is_map(e)) {
            idn = sr_map_get(e, "id");
            reason = sr_map_get(e, "reason");
        }
        const char *id = sr_scalar(idn);
        if (!id || !*id) {
            sr_problem(s, SR_SUPPRESS_UNKNOWN, e ? e : ignore, "suppression on %s has no rule id",
                       owner);
            continue;
        }
        const struct sr_rule *rule = sr_rule_find(id);
        if (!rule) {
            sr_problem(s, SR_SUPPRESS_UNKNOWN, idn,
                       "suppression on %s names %s, which is not a secrot-lint rule", owner, id);
            continue;
        }
        if (!reason || !sr_is_scalar(reason) || sr_blank(sr_scalar(reason))) {
            sr_problem(s, SR_SUPPRESS_NO_REASON, idn, "suppression of %s on %s has no reason", id,
                       owner);
        }
        sr_mark(s, id, start, end);
    }
}

void sr_suppress_apply(const struct sr_graph *g, struct sr_finding **findings, size_t n,
                       sr_suppress_fn fn, void *arg)
{
    if (!g)
        return;
    struct sr_sup sup = {findings, n, fn, arg};
    struct sr_sup *s = &sup;
    if (g->t.metadata)
        sr_read_ignores(s, g->t.metadata, "the template", 0, 0);
    for (size_t i = 0; i < g->nres; i++) {
        const struct sr_resource *r = g->res[i];
        if (r->implicit || !r->node || !r->key || !r->metadata)
            continue;
        size_t end = r->node->end > r->key->end ? r->node->end : r->key->end;
        if (end <= r->key->start)
            continue;
        sr_read_ignores(s, r->metadata, r->id, r->key->start, end);
    }
}
