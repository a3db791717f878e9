/*
 * readfile.h - reading a whole file into memory, within the size limit.
 */
#ifndef SR_READFILE_H
#define SR_READFILE_H

#include <stddef.h>

/*
 * Reads a whole file (or stdin for "-") into a heap buffer (free()).
 * Returns 0, or -1 with a message in msg (size n) for unreadable paths,
 * directories, FIFOs and other non-regular files, and files over the size
 * limit.
 */
int sr_read_file(const char *path, char **text, size_t *len, char *msg, size_t n);

#endif
