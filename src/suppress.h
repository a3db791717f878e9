/*
 * suppress.h - Metadata suppressions (secrot-lint: ignore: [{id, reason}]).
 */
#ifndef SR_SUPPRESS_H
#define SR_SUPPRESS_H

#include "lint.h"

extern const struct sr_rule sr_rule_SR006, sr_rule_SR007;

/* Marks suppressed findings in ctx->findings; reports SR006/SR007. */
void sr_suppress_apply(struct sr_ctx *ctx);

#endif
