/*
 * suppress.h - Metadata suppressions (secrot-lint: ignore: [{id, reason}]).
 *
 * A resource's `Metadata: {secrot-lint: {ignore: [...]}}` suppresses the
 * findings located inside that resource; the template's top-level Metadata
 * suppresses them in the whole file. Suppressions are read from the graph
 * after every rule ran. Problems with the suppressions themselves (rules
 * SR006 and SR007, rules/template.c) go to a callback; the lint reports
 * them, and they are never suppressed.
 */
#ifndef SR_SUPPRESS_H
#define SR_SUPPRESS_H

#include <stddef.h>

#include "finding.h"
#include "graph.h"

enum sr_suppress_problem {
    SR_SUPPRESS_NO_REASON, /* SR006: an entry without a reason */
    SR_SUPPRESS_UNKNOWN    /* SR007: an entry that names no rule, or no entry at all */
};

typedef void (*sr_suppress_fn)(void *arg, enum sr_suppress_problem p, const struct sr_node *at,
                               const char *message);

/*
 * Sets f->suppressed on the findings[0..n) that a suppression of g covers
 * and calls fn for each problem found in the suppressions (message without
 * a trailing period).
 */
void sr_suppress_apply(const struct sr_graph *g, struct sr_finding **findings, size_t n,
                       sr_suppress_fn fn, void *arg);

#endif
