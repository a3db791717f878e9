/*
 * suppress.c - reads `secrot-lint: ignore:` suppressions from template and
 * resource Metadata and marks the findings they cover.
 *
 * An entry is `{id: SR109, reason: "..."}` (a bare `SR109` is accepted as
 * an entry without a reason). A suppression without a reason still applies
 * but is reported (SR006); one naming no known rule is reported (SR007).
 * It does not read other tools' suppressions (cfn_nag, cfn-lint, checkov).
 */
#include "suppress.h"

#include <string.h>

static const char sr_explain_SR006[] =
    "A suppression hides a finding from every report, so the next reader needs to know why the "
    "finding does not apply. A `secrot-lint` ignore entry without a `reason` (or with an empty "
    "one) still suppresses the finding, but is reported itself.\n"
    "\n"
    "How to fix: add a `reason` that says why the finding is acceptable here, or remove the "
    "suppression and fix the finding.\n"
    "\n"
    "Example:\n"
    "    ApiToken:\n"
    "      Type: AWS::SecretsManager::Secret\n"
    "      Metadata:\n"
    "        secrot-lint:\n"
    "          ignore:\n"
    "            - id: SR101\n"
    "              reason: issued by the payment provider, rotated in its console\n";

static const char sr_explain_SR007[] =
    "A suppression must name the rule it silences by its id (SR101, SR203, ...). An entry whose "
    "id is not a rule of this version, or that has no id at all, suppresses nothing: usually a "
    "typo, or a rule id from another tool (cfn-lint, cfn_nag and checkov ids are not read).\n"
    "\n"
    "How to fix: use an id from `secrot-lint --list-rules`, and write each entry as a mapping "
    "with `id` and `reason`.\n"
    "\n"
    "Example:\n"
    "    Metadata:\n"
    "      secrot-lint:\n"
    "        ignore:\n"
    "          - id: SR109\n"
    "            reason: failures are watched by the platform team's EventBridge rule\n";

const struct sr_rule sr_rule_SR006 = {
    .id = "SR006",
    .title = "suppression without a reason",
    .severity = SR_SEV_WARNING,
    .tags = "template",
    .explain = sr_explain_SR006,
};

const struct sr_rule sr_rule_SR007 = {
    .id = "SR007",
    .title = "suppression names an unknown rule",
    .severity = SR_SEV_WARNING,
    .tags = "template",
    .explain = sr_explain_SR007,
};

static int sr_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Marks findings of rule id within [start, end) (whole file when end is 0). */
static void sr_mark(struct sr_ctx *ctx, const char *id, size_t start, size_t end)
{
    for (size_t i = 0; i < ctx->findings->n; i++) {
        struct sr_finding *f = ctx->findings->v[i];
        if (f->rule == &sr_rule_SR006 || f->rule == &sr_rule_SR007)
            continue;
        if (strcmp(f->rule->id, id) != 0)
            continue;
        if (end == 0 || (f->start >= start && f->start < end))
            f->suppressed = 1;
    }
}

/* Reads one Metadata mapping. owner names the scope in messages. */
static void sr_read_ignores(struct sr_ctx *ctx, const struct sr_node *metadata, const char *owner,
                            size_t start, size_t end)
{
    int r006 = sr_rule_enabled(ctx->cfg, &sr_rule_SR006);
    int r007 = sr_rule_enabled(ctx->cfg, &sr_rule_SR007);
    const struct sr_node *ours = sr_map_get(metadata, "secrot-lint");
    if (!ours)
        return;
    const struct sr_node *ignore = sr_map_get(ours, "ignore");
    if (!ignore) {
        if (r007)
            sr_report_rule(ctx, &sr_rule_SR007, ours,
                           "secrot-lint metadata on %s has no 'ignore' list, so it suppresses "
                           "nothing",
                           owner);
        return;
    }
    if (!sr_is_seq(ignore)) {
        if (r007)
            sr_report_rule(ctx, &sr_rule_SR007, ignore,
                           "secrot-lint 'ignore' on %s must be a list of {id, reason} entries",
                           owner);
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
            if (r007)
                sr_report_rule(ctx, &sr_rule_SR007, e ? e : ignore,
                               "suppression on %s has no rule id", owner);
            continue;
        }
        const struct sr_rule *rule = sr_rule_find(id);
        if (!rule) {
            if (r007)
                sr_report_rule(ctx, &sr_rule_SR007, idn,
                               "suppression on %s names %s, which is not a secrot-lint rule", owner,
                               id);
            continue;
        }
        if (!reason || !sr_is_scalar(reason) || sr_blank(sr_scalar(reason))) {
            if (r006)
                sr_report_rule(ctx, &sr_rule_SR006, idn, "suppression of %s on %s has no reason",
                               id, owner);
        }
        sr_mark(ctx, id, start, end);
    }
}

void sr_suppress_apply(struct sr_ctx *ctx)
{
    if (!ctx || !ctx->g || !ctx->findings)
        return;
    const struct sr_graph *g = ctx->g;
    if (g->t.metadata)
        sr_read_ignores(ctx, g->t.metadata, "the template", 0, 0);
    for (size_t i = 0; i < g->nres; i++) {
        const struct sr_resource *r = g->res[i];
        if (r->implicit || !r->node || !r->key || !r->metadata)
            continue;
        size_t end = r->node->end > r->key->end ? r->node->end : r->key->end;
        if (end <= r->key->start)
            continue;
        sr_read_ignores(ctx, r->metadata, r->id, r->key->start, end);
    }
}
