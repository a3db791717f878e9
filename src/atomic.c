/*
 * atomic.c - temporary file, fsync, rename; compare before replacing.
 *
 * SECROT_LINT_TEST_PAUSE_MS, when set, makes sr_atomic_replace() wait that
 * long after writing the temporary file and before its final check, so a
 * test can change the file in between. It changes nothing else.
 */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"

static int sr_write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* 1 when the open file holds exactly expect; 0 when not; -1 on read error. */
static int sr_same_content(int fd, const char *expect, size_t elen)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -1;
    if ((size_t)st.st_size != elen)
        return 0;
    if (lseek(fd, 0, SEEK_SET) < 0)
        return -1;
    char buf[65536];
    size_t at = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        if (at + (size_t)r > elen || memcmp(buf, expect + at, (size_t)r) != 0)
            return 0;
        at += (size_t)r;
    }
    return at == elen;
}

static void sr_split_path(const char *path, char *dir, size_t dn, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, dn, ".");
        *base = path;
    } else if (slash == path) {
        snprintf(dir, dn, "/");
        *base = slash + 1;
    } else {
        snprintf(dir, dn, "%.*s", (int)(slash - path), path);
        *base = slash + 1;
    }
}

static void sr_fsync_dir(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
}

static void sr_test_pause(void)
{
    const char *p = getenv("SECROT_LINT_TEST_PAUSE_MS");
    if (!p || !*p)
        return;
    long ms = strtol(p, NULL, 10);
    if (ms <= 0 || ms > 60000)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Writes text to a new temporary file beside target; its path into tmp. */
static int sr_write_temp(const char *target, const char *text, size_t len, mode_t mode, char *tmp,
                         size_t tn, char *msg, size_t n)
{
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(target, dir, sizeof(dir), &base);
    if (snprintf(tmp, tn, "%s/.%s.secrot-XXXXXX", dir, base) >= (int)tn) {
        snprintf(msg, n, "path too long");
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(msg, n, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
        return -1;
    }
    if (sr_write_all(fd, text, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
        snprintf(msg, n, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    if (close(fd) < 0) {
        snprintf(msg, n, "cannot write '%s': %s", tmp, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

int sr_atomic_replace(const char *path, const char *expect, size_t elen, const char *text,
                      size_t len, char *msg, size_t n)
{
    char target[PATH_MAX];
    if (!realpath(path, target)) {
        snprintf(msg, n, "cannot resolve '%s': %s", path, strerror(errno));
        return -1;
    }
    int fd = open(target, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, n, "cannot open '%s': %s", target, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        snprintf(msg, n, "'%s' is not a regular file", target);
        close(fd);
        return -1;
    }
    /* Serialise with other fixers of this file (released on close). */
    while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
        ;
    int same = sr_same_content(fd, expect, elen);
    if (same != 1) {
        snprintf(msg, n, "%s", same < 0 ? "cannot read it back" : "it changed since it was read");
        close(fd);
        return -1;
    }
    char tmp[PATH_MAX + 32];
    if (sr_write_temp(target, text, len, st.st_mode & 07777, tmp, sizeof(tmp), msg, n) < 0) {
        close(fd);
        return -1;
    }
    /* Keep the owner where allowed; without the right the file becomes ours. */
    int tfd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (tfd >= 0) {
        if (fchown(tfd, st.st_uid, st.st_gid) < 0) {
            /* not permitted: keep our own */
        }
        close(tfd);
    }
    sr_test_pause();
    /* The last check, just before the rename: same inode, same bytes. */
    struct stat now;
    int gone = stat(target, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev;
    same = gone ? 0 : sr_same_content(fd, expect, elen);
    if (same != 1) {
        snprintf(msg, n, "%s", "it changed since it was read");
        unlink(tmp);
        close(fd);
        return -1;
    }
    if (rename(tmp, target) < 0) {
        snprintf(msg, n, "cannot replace '%s': %s", target, strerror(errno));
        unlink(tmp);
        close(fd);
        return -1;
    }
    close(fd);
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(target, dir, sizeof(dir), &base);
    sr_fsync_dir(dir);
    return 0;
}

static int sr_mkdir_parents(const char *path, int levels, char *msg, size_t n)
{
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(path, dir, sizeof(dir), &base);
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : (snprintf(msg, n, "'%s' is not a folder", dir), -1);
    if (levels <= 0) {
        snprintf(msg, n, "folder '%s' does not exist", dir);
        return -1;
    }
    if (sr_mkdir_parents(dir, levels - 1, msg, n) < 0)
        return -1;
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        snprintf(msg, n, "cannot create folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    return 0;
}

int sr_atomic_create(const char *path, const char *text, size_t len, char *msg, size_t n)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        return 1;
    if (sr_mkdir_parents(path, 2, msg, n) < 0)
        return -1;
    mode_t um = umask(022);
    umask(um);
    char tmp[PATH_MAX + 32];
    if (sr_write_temp(path, text, len, 0666 & ~um, tmp, sizeof(tmp), msg, n) < 0)
        return -1;
    /* link() fails if path appeared meanwhile: never overwrite. */
    if (link(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        if (e == EEXIST)
            return 1;
        snprintf(msg, n, "cannot create '%s': %s", path, strerror(e));
        return -1;
    }
    unlink(tmp);
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(path, dir, sizeof(dir), &base);
    sr_fsync_dir(dir);
    return 0;
}
