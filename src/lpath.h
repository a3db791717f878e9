/*
 * lpath.h - the logical path of a node: where it sits in the document,
 * written as a JSON Pointer (RFC 6901), "/Resources/Db/Properties/Tags/0".
 *
 * The path names keys and sequence indexes from the root down, so it stays
 * the same when lines move (an edit above, a re-indent, CRLF) and changes
 * only when the node itself moves in the tree. A key node has the path of
 * its value. It reads the tree through parent links and never allocates on
 * the heap.
 */
#ifndef SR_LPATH_H
#define SR_LPATH_H

#include <stddef.h>

#include "arena.h"
#include "load.h"

/*
 * Writes the pointer of n into buf (cap bytes, NUL-terminated, truncated
 * when it does not fit) and returns the length it needs without the NUL,
 * as snprintf does. The root and NULL give "". Keys that are not scalars
 * are written as "?"; '~' and '/' in keys are escaped as "~0" and "~1".
 */
size_t sr_lpath_write(const struct sr_node *n, char *buf, size_t cap);

/* The same, as a string in arena a. */
const char *sr_lpath(struct sr_arena *a, const struct sr_node *n);

#endif
