/*
 * dot.h - the resource graph of one linted file as Graphviz DOT (--graph).
 *
 * Nodes are the resources the rules reason about (secrets, rotation
 * schedules, functions, roles and policies, permissions, alarms, keys,
 * databases, ...) plus any resource with a finding; edges are the template's
 * references, labelled by kind. Resources with findings are coloured by
 * their worst severity and labelled with the rule ids.
 */
#ifndef SR_DOT_H
#define SR_DOT_H

#include <stdio.h>

#include "lint.h"

/*
 * Writes one `digraph` for result r to out. Only reads r; suppressed
 * findings are not shown. Output order follows the template, so it is
 * deterministic. A file that did not load gives a graph with one node that
 * says so. Returns 0, or -1 when writing failed.
 */
int sr_dot_write(FILE *out, const struct sr_result *r);

#endif
