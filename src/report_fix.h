/*
 * report_fix.h - the fix of one finding, for the report formats (JSON's
 * "fixable", SARIF's "fixes"). One place decides which policy fixes are
 * planned with, so every format agrees with what --fix would do.
 */
#ifndef SR_REPORT_FIX_H
#define SR_REPORT_FIX_H

#include "fix.h"
#include "lint.h"

/*
 * The verified fix of finding f of res, as sr_fix_edit_for() gives it.
 * Returns 1 with *out filled (memory in res's arena), 0 when there is none
 * (suppressed findings, rules that cannot be fixed, a planner that refuses,
 * a fix that does not verify). Allocates in res's arena: not for use on one
 * result from two threads.
 */
int sr_report_fix(struct sr_result *res, const struct sr_finding *f, struct sr_fix_edit *out);

#endif
