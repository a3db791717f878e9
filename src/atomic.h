/*
 * atomic.h - writing a fixed file without ever leaving half of it.
 *
 * The new text goes to a temporary file in the target's folder, is flushed
 * to disk and renamed over the target, which keeps its permission bits
 * (and owner, where allowed). A symlink is written through to the file it
 * points to. Nothing is written when the file no longer holds the bytes it
 * held when it was read. On failure the temporary file is removed and the
 * original is untouched. It does not lock against editors.
 */
#ifndef SR_ATOMIC_H
#define SR_ATOMIC_H

#include <stddef.h>

/*
 * Replaces the contents of path (following symlinks) by text (len bytes)
 * if the file still holds expect (elen bytes). Returns 0, or -1 with a
 * message in msg (size n): unreadable, changed since read, cannot write.
 * Concurrent callers on one file are serialised with an advisory lock, so
 * the second sees the first one's change and refuses.
 */
int sr_atomic_replace(const char *path, const char *expect, size_t elen, const char *text,
                      size_t len, char *msg, size_t n);

/*
 * Creates path with text (len bytes), mode 0644 less the umask, creating
 * missing parent folders (two levels at most). Never replaces an existing
 * file: returns 1 when path exists (nothing written), 0 when created, -1
 * with a message in msg on failure.
 */
int sr_atomic_create(const char *path, const char *text, size_t len, char *msg, size_t n);

#endif
