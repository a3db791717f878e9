/*
 * report_sarif.h - SARIF pieces the fixer and the tests reach: a fix as a
 * SARIF "fix" object. The report itself is sr_report_sarif() (report.h).
 */
#ifndef SR_REPORT_SARIF_H
#define SR_REPORT_SARIF_H

#include <stddef.h>

#include <cJSON.h>

#include "emit.h"

/*
 * A SARIF fix: description, and one artifactChange for the file at uri
 * whose replacements are the n splices (deletedRegion byteOffset and
 * byteLength, insertedContent text), in the order given. Splice offsets are
 * into the original bytes, so the fix applies to the file as it was read.
 * Returns a new cJSON object (the caller owns it). Never NULL.
 */
cJSON *sr_sarif_fix(const char *uri, const char *description, const struct sr_splice *sp, size_t n);

/*
 * Adds to fix a second artifact change that creates the file at uri with
 * text (a replacement at byte 0 of an empty artifact). No-op when fix has no
 * artifactChanges.
 */
void sr_sarif_fix_add_file(cJSON *fix, const char *uri, const char *text);

#endif
