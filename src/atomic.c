/*
 * atomic.c - temporary file, fsync, rename; compare before replacing;
 * folders walked with O_NOFOLLOW for new files; undo of what was made.
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

int sr_path_within(const char *path, const char *root)
{
    char rp[PATH_MAX], rr[PATH_MAX];
    if (!realpath(path, rp) || !realpath(root, rr))
        return -1;
    size_t n = strlen(rr);
    if (n == 1 && rr[0] == '/')
        return 1;
    return strncmp(rp, rr, n) == 0 && (rp[n] == '\0' || rp[n] == '/');
}

int sr_atomic_lock(struct sr_atomic_lock *lk, const char *path, const char *root,
                   const char *expect, size_t elen, char *msg, size_t n)
{
    memset(lk, 0, sizeof(*lk));
    lk->fd = -1;
    if (!realpath(path, lk->target)) {
        snprintf(msg, n, "cannot resolve '%s': %s", path, strerror(errno));
        return -1;
    }
    struct stat lst;
    if (root && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
        sr_path_within(lk->target, root) != 1) {
        snprintf(msg, n, "it is a symbolic link to '%s', outside '%s': not written through",
                 lk->target, root);
        return -1;
    }
    int fd = open(lk->target, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, n, "cannot open '%s': %s", lk->target, strerror(errno));
        return -1;
    }
    if (fstat(fd, &lk->st) < 0 || !S_ISREG(lk->st.st_mode)) {
        snprintf(msg, n, "'%s' is not a regular file", lk->target);
        close(fd);
        return -1;
    }
    if ((lk->st.st_mode & 0222) == 0) {
        snprintf(msg, n, "it is read-only (mode %04o): left as it is; make it writable to fix it",
                 (unsigned)(lk->st.st_mode & 07777));
        close(fd);
        return -1;
    }
    if (access(lk->target, W_OK) != 0) {
        snprintf(msg, n, "it is not writable by this user (%s): left as it is", strerror(errno));
        close(fd);
        return -1;
    }
    /* Serialise with other fixers of this file (released on unlock). */
    while (flock(fd, LOCK_EX) < 0 && errno == EINTR)
        ;
    int same = sr_same_content(fd, expect, elen);
    if (same != 1) {
        snprintf(msg, n, "%s", same < 0 ? "cannot read it back" : "it changed since it was read");
        close(fd);
        return -1;
    }
    lk->fd = fd;
    lk->expect = expect;
    lk->elen = elen;
    return 0;
}

int sr_atomic_commit(struct sr_atomic_lock *lk, const char *text, size_t len, char *msg, size_t n)
{
    char tmp[PATH_MAX + 32];
    if (lk->fd < 0) {
        snprintf(msg, n, "not locked");
        return -1;
    }
    if (sr_write_temp(lk->target, text, len, lk->st.st_mode & 07777, tmp, sizeof(tmp), msg, n) < 0)
        return -1;
    /* Keep the owner; a file whose owner cannot be kept is not replaced. */
    int tfd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (tfd < 0 || fchown(tfd, lk->st.st_uid, lk->st.st_gid) < 0) {
        snprintf(msg, n,
                 "its owner (uid %ld, gid %ld) cannot be kept (%s): replacing it would change "
                 "who owns it; left as it is",
                 (long)lk->st.st_uid, (long)lk->st.st_gid, strerror(errno));
        if (tfd >= 0)
            close(tfd);
        unlink(tmp);
        return -1;
    }
    close(tfd);
    sr_test_pause();
    /* The last check, just before the rename: same inode, same bytes. */
    struct stat now;
    int gone =
        stat(lk->target, &now) < 0 || now.st_ino != lk->st.st_ino || now.st_dev != lk->st.st_dev;
    int same = gone ? 0 : sr_same_content(lk->fd, lk->expect, lk->elen);
    if (same != 1) {
        snprintf(msg, n, "%s", "it changed since it was read");
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, lk->target) < 0) {
        snprintf(msg, n, "cannot replace '%s': %s", lk->target, strerror(errno));
        unlink(tmp);
        return -1;
    }
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(lk->target, dir, sizeof(dir), &base);
    sr_fsync_dir(dir);
    return 0;
}

void sr_atomic_unlock(struct sr_atomic_lock *lk)
{
    if (lk->fd >= 0)
        close(lk->fd);
    lk->fd = -1;
}

int sr_atomic_replace(const char *path, const char *root, const char *expect, size_t elen,
                      const char *text, size_t len, char *msg, size_t n)
{
    struct sr_atomic_lock lk;
    if (sr_atomic_lock(&lk, path, root, expect, elen, msg, n) < 0)
        return -1;
    int rc = sr_atomic_commit(&lk, text, len, msg, n);
    sr_atomic_unlock(&lk);
    return rc;
}

/* ---- new files below a folder ------------------------------------------- */

#define SR_MAX_PARTS 16

/* Splits rel into parts (in buf). Returns the count, or -1 with msg. */
static int sr_split_rel(const char *rel, char *buf, size_t bn, char **parts, char *msg, size_t n)
{
    if (!rel || !*rel || rel[0] == '/' || strlen(rel) >= bn) {
        snprintf(msg, n, "'%s' is not a relative file name", rel ? rel : "");
        return -1;
    }
    snprintf(buf, bn, "%s", rel);
    int k = 0;
    char *p = buf;
    for (;;) {
        char *slash = strchr(p, '/');
        if (slash)
            *slash = '\0';
        if (!*p || !strcmp(p, ".") || !strcmp(p, "..") || k == SR_MAX_PARTS) {
            snprintf(msg, n, "'%s' is not a plain relative file name (empty, '.' or '..' part)",
                     rel);
            return -1;
        }
        parts[k++] = p;
        if (!slash)
            break;
        p = slash + 1;
    }
    return k;
}

/* "base/a/b" for the first upto parts of rel, for messages. */
static void sr_shown(char *out, size_t on, const char *base, char *const *parts, int upto)
{
    size_t w = (size_t)snprintf(out, on, "%s", base);
    for (int i = 0; i < upto && w < on; i++)
        w += (size_t)snprintf(out + w, on - w, "%s%s", w && out[w - 1] == '/' ? "" : "/", parts[i]);
}

static void sr_undo_push(struct sr_atomic_undo *u, const char *base, char *const *parts, int upto,
                         int dir, const struct stat *st)
{
    if (!u)
        return;
    if (!u->base)
        u->base = sr_xstrdup(base);
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 8;
        u->v = sr_xrealloc(u->v, u->cap * sizeof(*u->v));
    }
    char rel[PATH_MAX];
    size_t w = 0;
    rel[0] = '\0';
    for (int i = 0; i < upto && w < sizeof(rel); i++)
        w += (size_t)snprintf(rel + w, sizeof(rel) - w, "%s%s", i ? "/" : "", parts[i]);
    struct sr_made *m = &u->v[u->n++];
    m->rel = sr_xstrdup(rel);
    m->dir = dir;
    m->dev = st->st_dev;
    m->ino = st->st_ino;
}

/*
 * Opens the folder holding the last part of rel: base (links followed),
 * then each folder below it with O_NOFOLLOW. With make, missing folders are
 * made (recorded in undo). Returns the folder's descriptor, 0 in *absent
 * when a folder is missing and !make (returns -1 then too), or -1 with msg.
 */
static int sr_open_parent(const char *base, char **parts, int nparts, int make,
                          struct sr_atomic_undo *undo, int *absent, char *msg, size_t n)
{
    *absent = 0;
    int fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(msg, n, "cannot open folder '%s': %s", base, strerror(errno));
        return -1;
    }
    for (int i = 0; i + 1 < nparts; i++) {
        char shown[PATH_MAX];
        int next = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT) {
            if (!make) {
                *absent = 1;
                close(fd);
                return -1;
            }
            if (mkdirat(fd, parts[i], 0777) < 0 && errno != EEXIST) {
                sr_shown(shown, sizeof(shown), base, parts, i + 1);
                snprintf(msg, n, "cannot create folder '%s': %s", shown, strerror(errno));
                close(fd);
                return -1;
            }
            struct stat st;
            next = openat(fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (next >= 0 && fstat(next, &st) == 0)
                sr_undo_push(undo, base, parts, i + 1, 1, &st);
        }
        if (next < 0) {
            int e = errno;
            struct stat st;
            sr_shown(shown, sizeof(shown), base, parts, i + 1);
            if (fstatat(fd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                snprintf(msg, n, "'%s' is a symbolic link: not followed", shown);
            else if (e == ENOTDIR)
                snprintf(msg, n, "'%s' is not a folder", shown);
            else
                snprintf(msg, n, "cannot open folder '%s': %s", shown, strerror(e));
            close(fd);
            return -1;
        }
        close(fd);
        fd = next;
    }
    return fd;
}

/* What is at name in folder dfd: 1 a regular file, 0 nothing, -1 other (msg). */
static int sr_leaf_state(int dfd, const char *name, const char *shown, char *msg, size_t n)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(msg, n, "cannot look at '%s': %s", shown, strerror(errno));
        return -1;
    }
    if (S_ISREG(st.st_mode))
        return 1;
    snprintf(msg, n, "'%s' is %s: not followed, not replaced", shown,
             S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
    return -1;
}

int sr_atomic_probe_below(const char *base, const char *rel, char *msg, size_t n)
{
    char buf[PATH_MAX], *parts[SR_MAX_PARTS], shown[PATH_MAX];
    int np = sr_split_rel(rel, buf, sizeof(buf), parts, msg, n);
    if (np < 0)
        return -1;
    int absent;
    int dfd = sr_open_parent(base, parts, np, 0, NULL, &absent, msg, n);
    if (dfd < 0)
        return absent ? 0 : -1;
    sr_shown(shown, sizeof(shown), base, parts, np);
    int st = sr_leaf_state(dfd, parts[np - 1], shown, msg, n);
    close(dfd);
    return st;
}

/* A fresh temporary name in dfd, opened O_EXCL|O_NOFOLLOW. */
static int sr_open_temp_at(int dfd, const char *leaf, char *name, size_t nn)
{
    static unsigned counter;
    for (int tries = 0; tries < 100; tries++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long r = (unsigned long long)ts.tv_nsec * 2654435761u ^
                               (unsigned long long)getpid() << 20 ^
                               __atomic_add_fetch(&counter, 1u, __ATOMIC_RELAXED);
        snprintf(name, nn, ".%s.secrot-%06llx", leaf, r & 0xFFFFFFull);
        int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

int sr_atomic_create_below(const char *base, const char *rel, const char *text, size_t len,
                           struct sr_atomic_undo *undo, char *msg, size_t n)
{
    char buf[PATH_MAX], *parts[SR_MAX_PARTS], shown[PATH_MAX];
    int np = sr_split_rel(rel, buf, sizeof(buf), parts, msg, n);
    if (np < 0)
        return -1;
    /* What this call makes, so a failure takes it back. */
    struct sr_atomic_undo mine = {0};
    int absent, rc = -1;
    int dfd = sr_open_parent(base, parts, np, 1, &mine, &absent, msg, n);
    if (dfd < 0)
        goto out;
    const char *leaf = parts[np - 1];
    sr_shown(shown, sizeof(shown), base, parts, np);
    int st = sr_leaf_state(dfd, leaf, shown, msg, n);
    if (st != 0) {
        rc = st;
        goto out;
    }
    char tmp[NAME_MAX + 32];
    int fd = sr_open_temp_at(dfd, leaf, tmp, sizeof(tmp));
    if (fd < 0) {
        snprintf(msg, n, "cannot create a temporary file beside '%s': %s", shown, strerror(errno));
        goto out;
    }
    if (sr_write_all(fd, text, len) < 0 || fsync(fd) < 0) {
        snprintf(msg, n, "cannot write '%s': %s", shown, strerror(errno));
        close(fd);
        unlinkat(dfd, tmp, 0);
        goto out;
    }
    if (close(fd) < 0) {
        snprintf(msg, n, "cannot write '%s': %s", shown, strerror(errno));
        unlinkat(dfd, tmp, 0);
        goto out;
    }
    /* linkat never replaces an entry and never follows a link at leaf. */
    if (linkat(dfd, tmp, dfd, leaf, 0) < 0) {
        int e = errno;
        unlinkat(dfd, tmp, 0);
        if (e == EEXIST) {
            rc = sr_leaf_state(dfd, leaf, shown, msg, n) == 1 ? 1 : -1;
            goto out;
        }
        snprintf(msg, n, "cannot create '%s': %s", shown, strerror(e));
        goto out;
    }
    unlinkat(dfd, tmp, 0);
    struct stat fst;
    if (fstatat(dfd, leaf, &fst, AT_SYMLINK_NOFOLLOW) == 0)
        sr_undo_push(&mine, base, parts, np, 0, &fst);
    (void)fsync(dfd);
    rc = 0;
out:
    if (dfd >= 0)
        close(dfd);
    if (rc != 0) {
        char m2[8];
        sr_atomic_undo_run(&mine, m2, sizeof(m2));
    } else if (undo) {
        for (size_t i = 0; i < mine.n; i++) {
            if (!undo->base)
                undo->base = sr_xstrdup(base);
            if (undo->n == undo->cap) {
                undo->cap = undo->cap ? undo->cap * 2 : 8;
                undo->v = sr_xrealloc(undo->v, undo->cap * sizeof(*undo->v));
            }
            undo->v[undo->n++] = mine.v[i];
            mine.v[i].rel = NULL;
        }
    }
    sr_atomic_undo_release(&mine);
    return rc;
}

int sr_atomic_undo_run(struct sr_atomic_undo *u, char *msg, size_t n)
{
    int rc = 0;
    for (size_t i = u->n; i-- > 0;) {
        const struct sr_made *m = &u->v[i];
        char buf[PATH_MAX], *parts[SR_MAX_PARTS];
        int np = sr_split_rel(m->rel, buf, sizeof(buf), parts, msg, n);
        if (np < 0) {
            rc = -1;
            continue;
        }
        int absent;
        int dfd = sr_open_parent(u->base, parts, np, 0, NULL, &absent, msg, n);
        if (dfd < 0) {
            if (!absent)
                rc = -1;
            continue;
        }
        struct stat st;
        if (fstatat(dfd, parts[np - 1], &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_dev == m->dev &&
            st.st_ino == m->ino && unlinkat(dfd, parts[np - 1], m->dir ? AT_REMOVEDIR : 0) < 0 &&
            !(m->dir && (errno == ENOTEMPTY || errno == EEXIST))) {
            snprintf(msg, n, "cannot remove '%s/%s': %s", u->base, m->rel, strerror(errno));
            rc = -1;
        }
        close(dfd);
    }
    return rc;
}

void sr_atomic_undo_release(struct sr_atomic_undo *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->v[i].rel);
    free(u->v);
    free(u->base);
    memset(u, 0, sizeof(*u));
}

/* ---- a report ----------------------------------------------------------- */

FILE *sr_atomic_open(struct sr_atomic_file *af, const char *path, char *msg, size_t n)
{
    memset(af, 0, sizeof(*af));
    if (snprintf(af->path, sizeof(af->path), "%s", path) >= (int)sizeof(af->path)) {
        snprintf(msg, n, "path too long");
        return NULL;
    }
    mode_t um = umask(022);
    umask(um);
    af->mode = 0666 & ~um;
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
        af->mode = st.st_mode & 07777;
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(path, dir, sizeof(dir), &base);
    if (snprintf(af->tmp, sizeof(af->tmp), "%s/.%s.secrot-XXXXXX", dir, base) >=
        (int)sizeof(af->tmp)) {
        snprintf(msg, n, "path too long");
        return NULL;
    }
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        snprintf(msg, n, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
        return NULL;
    }
    af->f = fdopen(fd, "w");
    if (!af->f) {
        snprintf(msg, n, "cannot write '%s': %s", af->tmp, strerror(errno));
        close(fd);
        unlink(af->tmp);
        return NULL;
    }
    return af->f;
}

int sr_atomic_close(struct sr_atomic_file *af, int keep, char *msg, size_t n)
{
    if (!af->f)
        return -1;
    int ok = keep && fflush(af->f) == 0 && !ferror(af->f);
    int fd = fileno(af->f);
    if (ok && (fchmod(fd, af->mode) < 0 || fsync(fd) < 0))
        ok = 0;
    int e = errno;
    if (fclose(af->f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    af->f = NULL;
    if (ok && rename(af->tmp, af->path) < 0) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        unlink(af->tmp);
        if (keep)
            snprintf(msg, n, "cannot write '%s': %s", af->path, strerror(e));
        return keep ? -1 : 0;
    }
    char dir[PATH_MAX];
    const char *base;
    sr_split_path(af->path, dir, sizeof(dir), &base);
    sr_fsync_dir(dir);
    return 0;
}
