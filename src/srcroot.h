/*
 * srcroot.h - the source root of a run and paths relative to it.
 *
 * SARIF artifact URIs, baseline entries and shard assignment name files
 * relative to one folder, so a run from a subfolder, from another checkout
 * path or on another CI runner names every file the same way. The root is
 * --srcroot DIR, else the nearest folder holding .git from the current
 * directory up, else the current directory. Symlinks are resolved.
 */
#ifndef SR_SRCROOT_H
#define SR_SRCROOT_H

#include <stddef.h>

/*
 * Finds the source root: the real path of given when given is not NULL,
 * else of the nearest folder with a .git entry (a folder or, in worktrees
 * and submodules, a file) from the current directory up, else of the
 * current directory. Writes it to out (n bytes) without a trailing slash
 * ("/" for the file-system root). Returns 0, or -1 with a message in msg
 * (size msgn) when given is not a folder or a path is too long.
 */
int sr_srcroot_find(const char *given, char *out, size_t n, char *msg, size_t msgn);

/*
 * Writes path relative to root into out (n bytes): "infra/t.yaml", with
 * '/' separators and no "./". Returns 1 when path is inside root. Returns 0
 * when it is not (out gets the absolute real path) or when it cannot be
 * resolved (out gets path as given, a leading "./" dropped). "-" (standard
 * input) gives "-" and 0. root may be NULL: then no path is inside.
 */
int sr_srcroot_rel(const char *root, const char *path, char *out, size_t n);

#endif
