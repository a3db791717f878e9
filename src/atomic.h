/*
 * atomic.h - writing files without ever leaving half of one, and without
 * being steered elsewhere by a symbolic link.
 *
 * A fixed template goes to a temporary file in its folder, is flushed to
 * disk and renamed over the original, which keeps its permission bits and
 * owner (a file whose owner cannot be kept, or that is read-only, is not
 * replaced). A symlink is written through to the file it points to only
 * when that file lies inside the tree the caller names. Nothing is written
 * when the file no longer holds the bytes it held when it was read.
 *
 * New files beside a template (handler skeletons) are made below the
 * template's folder one folder at a time, never following a symbolic link
 * and never replacing anything; what was made can be removed again.
 *
 * A report (-o FILE) is written to a temporary file beside FILE and renamed
 * over it, so a planted symlink or a half-written report is never seen.
 * On failure temporary files are removed. Nothing here locks against
 * editors.
 */
#ifndef SR_ATOMIC_H
#define SR_ATOMIC_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * 1 when path (following symlinks) resolves to root or to something below
 * it, 0 when it resolves elsewhere, -1 when either cannot be resolved.
 */
int sr_path_within(const char *path, const char *root);

/*
 * Replaces the contents of path by text (len bytes) if the file still holds
 * expect (elen bytes). A symlink is followed only when root is NULL or its
 * target lies within root (sr_path_within). Returns 0, or -1 with a message
 * in msg (size n): unreadable, changed since read, a symlink out of root,
 * read-only or not writable by us, owner cannot be kept, cannot write.
 * Concurrent callers on one file are serialised with an advisory lock, so
 * the second sees the first one's change and refuses.
 */
int sr_atomic_replace(const char *path, const char *root, const char *expect, size_t elen,
                      const char *text, size_t len, char *msg, size_t n);

/*
 * The same in steps, for a replacement that other writes go with (a fix and
 * its new files): sr_atomic_lock() does every check of sr_atomic_replace()
 * and takes the file's lock, so a concurrent fixer waits and then finds the
 * file changed; sr_atomic_commit() writes and renames (checking once more
 * that nothing changed); sr_atomic_unlock() releases the lock (always call
 * it after a successful lock). Each returns 0, or -1 with msg.
 */
struct sr_atomic_lock {
    int fd;
    char target[4096];
    struct stat st;
    const char *expect;
    size_t elen;
};
int sr_atomic_lock(struct sr_atomic_lock *lk, const char *path, const char *root,
                   const char *expect, size_t elen, char *msg, size_t n);
int sr_atomic_commit(struct sr_atomic_lock *lk, const char *text, size_t len, char *msg, size_t n);
void sr_atomic_unlock(struct sr_atomic_lock *lk);

/* What sr_atomic_create_below() made, so that it can be taken back. */
struct sr_made {
    char *rel; /* below base */
    int dir;
    dev_t dev;
    ino_t ino;
};
struct sr_atomic_undo {
    char *base;
    struct sr_made *v;
    size_t n, cap;
};

/*
 * Creates the file rel (folders and a name separated by '/', no empty, "."
 * or ".." part, not absolute) below the folder base, with text (len bytes)
 * and mode 0666 less the umask. Missing folders are made; every folder
 * below base is opened with O_NOFOLLOW, so a symbolic link anywhere in rel
 * is refused. The text goes to a temporary name in the last folder and is
 * linked to its name, which never replaces an existing entry. Returns 0
 * when created (recorded in undo when not NULL; every call must use the
 * same base), 1 when a regular file of that name exists (nothing written),
 * -1 with a message in msg (a symbolic link or non-folder on the way, a bad
 * rel, cannot create or write; anything made by this call is removed).
 */
int sr_atomic_create_below(const char *base, const char *rel, const char *text, size_t len,
                           struct sr_atomic_undo *undo, char *msg, size_t n);

/*
 * What sr_atomic_create_below() would do, changing nothing: 1 the file
 * exists, 0 it would be created, -1 it would be refused (msg says why).
 */
int sr_atomic_probe_below(const char *base, const char *rel, char *msg, size_t n);

/*
 * Removes what undo records, newest first, each only when it is still the
 * file or (empty) folder that was made, reached again without following
 * links. Returns 0, or -1 with msg when something made could not be
 * removed. The record stays; release it with sr_atomic_undo_release().
 */
int sr_atomic_undo_run(struct sr_atomic_undo *undo, char *msg, size_t n);
void sr_atomic_undo_release(struct sr_atomic_undo *undo);

/* A report being written to a temporary file beside its destination. */
struct sr_atomic_file {
    FILE *f;
    char path[4096];
    char tmp[4200];
    mode_t mode;
};

/*
 * Opens a temporary file beside path for writing (mkstemp: never follows a
 * link, never reuses a name). Returns the stream, or NULL with msg. The mode
 * it gets is that of an existing regular file at path, else 0666 less the
 * umask.
 */
FILE *sr_atomic_open(struct sr_atomic_file *af, const char *path, char *msg, size_t n);

/*
 * Ends the write: with keep, flushes, syncs and renames the temporary file
 * over path (replacing a symlink there, not its target); otherwise, or on
 * any error, removes it. Returns 0, or -1 with msg.
 */
int sr_atomic_close(struct sr_atomic_file *af, int keep, char *msg, size_t n);

#endif
