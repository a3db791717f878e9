/*
 * readfile.c - reading a whole template or policy file, bounded (readfile.h).
 */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "load.h"

int sr_read_file(const char *path, char **text, size_t *len, char *msg, size_t n)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, n, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        snprintf(msg, n, "cannot stat: %s", strerror(errno));
        if (fd)
            close(fd);
        return -1;
    }
    if (fd != 0 && !S_ISREG(st.st_mode)) {
        snprintf(msg, n, "%s", S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return -1;
    }
    if (fd != 0) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    size_t cap = fd == 0 ? 65536 : (size_t)st.st_size + 1, used = 0;
    if (cap > SR_MAX_FILE_SIZE + 2)
        cap = SR_MAX_FILE_SIZE + 2;
    char *buf = sr_xmalloc(cap);
    for (;;) {
        if (used == cap) {
            if (cap > SR_MAX_FILE_SIZE) {
                snprintf(msg, n, "file is larger than the limit of %zu MiB",
                         SR_MAX_FILE_SIZE >> 20);
                free(buf);
                if (fd)
                    close(fd);
                return -1;
            }
            cap *= 2;
            buf = sr_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + used, cap - used);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(msg, n, "cannot read: %s", strerror(errno));
            free(buf);
            if (fd)
                close(fd);
            return -1;
        }
        if (r == 0)
            break;
        used += (size_t)r;
    }
    if (fd)
        close(fd);
    *text = buf;
    *len = used;
    return 0;
}
