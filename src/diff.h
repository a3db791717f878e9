/*
 * diff.h - unified diffs of a file before and after its fixes.
 *
 * Lines are compared whole (with their line break), so a CRLF file gives a
 * CRLF diff. The output has `a/` and `b/` paths and three lines of context,
 * and is accepted by `git apply` and `patch -p1`. A file that did not exist
 * before is written as a creation from /dev/null. It does not produce
 * binary or rename diffs.
 */
#ifndef SR_DIFF_H
#define SR_DIFF_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes the diff of old (olen bytes; NULL for a new file) against new_
 * (nlen bytes) to out, with path in the headers (a leading "./" is
 * dropped). Writes nothing when the texts are equal. Returns 0, or -1 when
 * writing failed.
 */
int sr_diff_write(FILE *out, const char *path, const char *old, size_t olen, const char *new_,
                  size_t nlen);

#endif
