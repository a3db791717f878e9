/*
 * baseline.h - fingerprints of findings, and baseline files.
 *
 * A fingerprint names a finding without its line: the rule, the file
 * relative to the source root, the logical path of the node (lpath.h) and
 * a hash of the node's value. A finding that moves lines keeps it; a
 * finding on another value (a different plaintext password) does not.
 * SARIF's partialFingerprints and baseline files use the same fingerprint.
 *
 * --write-baseline FILE records every reported finding; --baseline FILE
 * marks the findings it records (f->baselined) so no format reports them,
 * counts the matches, and lists the entries of linted files that matched
 * nothing (stale). Entries of files not linted in the run (other shards,
 * excluded, not named) are neither matched nor stale.
 */
#ifndef SR_BASELINE_H
#define SR_BASELINE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lint.h"

struct sr_fingerprint {
    uint64_t hash;  /* of rule, file, path and value */
    uint64_t value; /* of the node's value alone */
    char hex[17];   /* hash as 16 hex digits */
};

/*
 * The fingerprint of f in the file named file (relative to the source
 * root). lpath is the finding's logical path ("" for a finding on no node).
 * The value is a scalar's text (through aliases); a collection has none; a
 * finding on no node uses its message without digits.
 */
void sr_fingerprint(const struct sr_finding *f, const char *file, const char *lpath,
                    struct sr_fingerprint *out);

struct sr_baseline_entry {
    char *fingerprint; /* 16 hex digits */
    char *rule, *file, *path, *message;
    int count;   /* findings it accepts */
    int matched; /* of them, matched in this run */
    int linted;  /* its file was linted in this run */
};

struct sr_baseline {
    char *path;
    struct sr_baseline_entry *v; /* sorted by fingerprint */
    size_t n;
    size_t matched; /* findings matched in this run */
};

/*
 * Loads a baseline file into b. Returns 0, or -1 with a message in msg
 * (size n): unreadable, not JSON, wrong version or shape.
 */
int sr_baseline_load(const char *path, struct sr_baseline *b, char *msg, size_t n);

/*
 * Marks the findings of res (its file named file, relative to the source
 * root) that b accepts: sets f->baselined, counts them in b->matched.
 * Suppressed findings are left alone. Returns the number marked.
 */
size_t sr_baseline_apply(struct sr_baseline *b, struct sr_result *res, const char *file);

/* Entries of linted files that accepted fewer findings than they count. */
size_t sr_baseline_stale(const struct sr_baseline *b);

/* Frees everything in b. */
void sr_baseline_release(struct sr_baseline *b);

/*
 * Writes a baseline of the reported findings (not suppressed, not
 * baselined) of n results to out; files[i] names results[i] relative to
 * the source root. Entries are sorted by file, path, rule, fingerprint, so
 * the file diffs well under review. Returns the number of findings
 * recorded, or -1 when writing failed.
 */
long sr_baseline_write(FILE *out, struct sr_result *const *results, const char *const *files,
                       size_t n);

#endif
