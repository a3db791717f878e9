/*
 * pathsel.h - which of the collected files a run lints: exclusion globs
 * (--exclude and the policy's exclude:) and shards (--shard K/N).
 *
 * Globs: '*' and '?' match within one path segment, '[...]' a character
 * class, '**' any number of segments. A pattern without '/' matches the name
 * of the file or of any folder above it; a pattern with '/' matches the path
 * relative to its base folder, or a folder above the file: "infra/old"
 * excludes everything under infra/old, as "infra/old" followed by a
 * double-star segment does.
 */
#ifndef SR_PATHSEL_H
#define SR_PATHSEL_H

#include <stddef.h>

/* 1 when the glob pat matches all of path, else 0. */
int sr_glob_match(const char *pat, const char *path);

/*
 * 1 when pattern pat excludes path. rel is path relative to the pattern's
 * base folder, or NULL when the file is not under it (then only patterns
 * without '/' apply, to the segments of path).
 */
int sr_exclude_match(const char *pat, const char *path, const char *rel);

/*
 * The shard (0 .. n-1) of a file named rel relative to the source root: a
 * hash of the name, so every runner puts every file in the same shard and
 * the shards of N runners partition the files.
 */
unsigned sr_shard_of(const char *rel, unsigned n);

/*
 * Parses "K/N" (1 <= K <= N <= 1024) into *k (1-based) and *n. Returns 0,
 * or -1 when s is not of that form.
 */
int sr_shard_parse(const char *s, unsigned *k, unsigned *n);

#endif
