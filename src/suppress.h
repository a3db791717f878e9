/*
 * suppress.h - Metadata suppressions (secrot-lint: ignore: [{id, reason}]).
 *
 * A resource's `Metadata: {secrot-lint: {ignore: [...]}}` suppresses the
 * findings located inside that resource; the template's top-level Metadata
 * suppresses them in the whole file. Suppressions are read from the graph
 * after every rule ran; they never hide SR006/SR007, the findings about
 * suppressions themselves.
 */
#ifndef SR_SUPPRESS_H
#define SR_SUPPRESS_H

#include "lint.h"

/* SR006: suppression without a reason. SR007: suppression names no rule. */
extern const struct sr_rule sr_rule_SR006, sr_rule_SR007;

/*
 * Sets f->suppressed on the findings in ctx->findings that a suppression
 * covers, and reports SR006/SR007 (when enabled in ctx->cfg) with
 * sr_report_rule(). Needs ctx->g; does nothing without a graph.
 */
void sr_suppress_apply(struct sr_ctx *ctx);

#endif
