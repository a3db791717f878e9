/*
 * rule.h - what a check sees and how it reports.
 *
 * A check (struct sr_rule.check) reads the graph, its domain views (the
 * secret model, the value flows, the IAM model: all built on first use and
 * shared by every rule and the fixer) and the policy, and reports findings
 * with sr_report(). It never prints and never parses template text itself.
 * The context lives for one file; everything is allocated in its arena.
 */
#ifndef SR_RULE_H
#define SR_RULE_H

#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "finding.h"
#include "graph.h"
#include "load.h"

struct sr_ctx {
    struct sr_arena *arena;
    /* For what a check needs only while it runs (per-resource tables, work
     * lists): released after each rule. Findings and anything a later rule
     * or the fixer reads go in arena. */
    struct sr_arena *scratch;
    const struct sr_doc *doc;
    struct sr_graph *g;
    const struct sr_config *cfg;
    const struct sr_rule *rule; /* the rule being run */
    struct sr_ptrvec *findings; /* struct sr_finding * */
    /* Keys this rule has reported at (sr_report_once); cleared per rule. */
    void *once;
    const struct sr_rule *once_rule;
};

/*
 * Reports a finding of ctx->rule at node at (NULL: the start of the file).
 * Returns the finding, so that the check can record what it judged. The
 * message is formatted into the arena.
 */
struct sr_finding *sr_report(struct sr_ctx *ctx, const struct sr_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same with an explicit rule (for the loader's SR001/SR002 and suppressions). */
struct sr_finding *sr_report_rule(struct sr_ctx *ctx, const struct sr_rule *rule,
                                  const struct sr_node *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * 1 the first time the current rule asks about (node, subject) in this
 * file, else 0: for values reached along several paths (SAM Globals shared
 * by every function). subject may be NULL.
 */
int sr_report_once(struct sr_ctx *ctx, const struct sr_node *node, const char *subject);
/* Sets the severity of f when the policy kept the rule's default (a rule
 * whose findings differ in weight); f may be NULL. */
void sr_finding_severity(struct sr_ctx *ctx, struct sr_finding *f, enum sr_severity s);

/* 1 when the rule is enabled by cfg; the severity it reports at. */
int sr_rule_enabled(const struct sr_config *cfg, const struct sr_rule *rule);
enum sr_severity sr_rule_severity(const struct sr_config *cfg, const struct sr_rule *rule);

#endif
