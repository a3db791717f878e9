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

/* A changed run of whole lines: old bytes [old_start, old_end) become new
 * bytes [new_start, new_end). */
struct sr_diff_change {
    size_t old_start, old_end, new_start, new_end;
};

/*
 * The line changes that turn old (olen bytes) into new_ (nlen bytes), in
 * order, as the diff above finds them (one replacement of the middle past
 * its bound). Returns their number with *out a heap array (free()), or 0
 * with *out NULL when the texts are equal.
 */
size_t sr_diff_changes(const char *old, size_t olen, const char *new_, size_t nlen,
                       struct sr_diff_change **out);

#endif
