/*
 * faultshim.c - an LD_PRELOAD library that makes file system calls fail.
 *
 * For the fault tests of the fixer: a full disk, an I/O error on fsync or
 * close, a read-only folder, a rename or link that fails. It wraps open,
 * openat, mkstemp and friends to learn which descriptors belong to files
 * whose path contains SR_FAULT_PATH (every path when unset; never 0, 1, 2),
 * and fails the calls named in SR_FAULT on those:
 *
 *   SR_FAULT=write:ENOSPC@4096,fsync:EIO
 *
 * op:ERRNO[@N] per entry. write (also pwrite, writev): N bytes succeed in
 * all (the write that crosses N is cut short), then every write fails.
 * Other ops: N calls succeed, then every call fails. Ops: write, fsync
 * (also fdatasync), close (closes, then reports the error), open (opening
 * a matching path for writing; for openat the name relative to its
 * folder is matched), mkstemp, rename, link (also linkat), mkdir (also
 * mkdirat), fchmod, fchown.
 * Each injected failure appends "op errno path-or-fd" to SR_FAULT_LOG when
 * set, so a test can prove the fault happened. It changes nothing else.
 *
 * Build: cc -shared -fPIC -O2 tools/faultshim.c -o faultshim.so -ldl
 */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp):           \
                       dlsym(RTLD_NEXT) */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define FS_MAX_FD 4096
#define FS_MAX_OPS 16

enum fs_op {
    FS_WRITE,
    FS_FSYNC,
    FS_CLOSE,
    FS_OPEN,
    FS_MKSTEMP,
    FS_RENAME,
    FS_LINK,
    FS_FCHMOD,
    FS_FCHOWN,
    FS_MKDIR
};

static const char *const fs_op_names[] = {"write", "fsync",  "close",  "open",  "mkstemp",
                                          "rename", "link", "fchmod", "fchown", "mkdir"};

struct fs_rule {
    enum fs_op op;
    int err;
    long long allow; /* bytes (write) or calls (others) that still succeed */
};

static struct fs_rule fs_rules[FS_MAX_OPS];
static int fs_nrules = -1; /* -1: SR_FAULT not read yet */
static const char *fs_path;
static unsigned char fs_tracked[FS_MAX_FD];

static const struct {
    const char *name;
    int value;
} fs_errnos[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EDQUOT", EDQUOT}, {"EROFS", EROFS},
                 {"EACCES", EACCES}, {"EPERM", EPERM},   {"EXDEV", EXDEV},   {"EEXIST", EEXIST},
                 {"EFBIG", EFBIG},   {"ENOMEM", ENOMEM}, {"EBUSY", EBUSY}};

/* Parses SR_FAULT once. Not thread-safe on first use: the tests inject
 * faults in processes that open files from one thread. */
static void fs_init(void)
{
    if (fs_nrules >= 0)
        return;
    fs_nrules = 0;
    fs_path = getenv("SR_FAULT_PATH");
    const char *spec = getenv("SR_FAULT");
    if (!spec)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok && fs_nrules < FS_MAX_OPS;
         tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *at = strchr(colon + 1, '@');
        if (at)
            *at = '\0';
        struct fs_rule r = {FS_WRITE, 0, at ? strtoll(at + 1, NULL, 10) : 0};
        int found = 0;
        for (size_t i = 0; i < sizeof fs_op_names / sizeof fs_op_names[0]; i++)
            if (strcmp(tok, fs_op_names[i]) == 0) {
                r.op = (enum fs_op)i;
                found = 1;
            }
        for (size_t i = 0; i < sizeof fs_errnos / sizeof fs_errnos[0]; i++)
            if (strcmp(colon + 1, fs_errnos[i].name) == 0)
                r.err = fs_errnos[i].value;
        if (found && r.err)
            fs_rules[fs_nrules++] = r;
    }
}

static struct fs_rule *fs_rule_for(enum fs_op op)
{
    fs_init();
    for (int i = 0; i < fs_nrules; i++)
        if (fs_rules[i].op == op)
            return &fs_rules[i];
    return NULL;
}

static int fs_path_matches(const char *path)
{
    fs_init();
    return path && (!fs_path || strstr(path, fs_path) != NULL);
}

static int fs_fd_matches(int fd)
{
    return fd > 2 && fd < FS_MAX_FD && fs_tracked[fd];
}

static void fs_track(int fd, const char *path)
{
    if (fd > 2 && fd < FS_MAX_FD)
        fs_tracked[fd] = (unsigned char)fs_path_matches(path);
}

static void fs_log(enum fs_op op, int err, const char *what)
{
    const char *log = getenv("SR_FAULT_LOG");
    if (!log)
        return;
    static int (*real_open)(const char *, int, ...);
    static ssize_t (*real_write)(int, const void *, size_t);
    static int (*real_close)(int);
    if (!real_open) {
        real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
        real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
        real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
    }
    int fd = real_open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char line[1200];
    int n = snprintf(line, sizeof line, "%s %s %s\n", fs_op_names[op], strerrorname_np(err), what);
    if (n > 0)
        (void)real_write(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    real_close(fd);
}

static void fs_log_fd(enum fs_op op, int err, int fd)
{
    char what[32];
    snprintf(what, sizeof what, "fd %d", fd);
    fs_log(op, err, what);
}

/* For a call counted op: 1 (and errno set) when this call must fail. */
static int fs_fail_call(enum fs_op op)
{
    struct fs_rule *r = fs_rule_for(op);
    if (!r)
        return 0;
    if (__atomic_fetch_sub(&r->allow, 1, __ATOMIC_SEQ_CST) > 0)
        return 0;
    errno = r->err;
    return 1;
}

/* For writes: how many of want bytes may be written (0 with errno set:
 * fail), or want when no fault applies. */
static size_t fs_write_allow(int fd, size_t want, int *fail)
{
    *fail = 0;
    struct fs_rule *r = fs_fd_matches(fd) ? fs_rule_for(FS_WRITE) : NULL;
    if (!r || want == 0)
        return want;
    long long left = __atomic_load_n(&r->allow, __ATOMIC_SEQ_CST);
    if (left <= 0) {
        *fail = 1;
        errno = r->err;
        fs_log_fd(FS_WRITE, r->err, fd);
        return 0;
    }
    size_t n = (unsigned long long)left < want ? (size_t)left : want;
    __atomic_fetch_sub(&r->allow, (long long)n, __ATOMIC_SEQ_CST);
    return n;
}

/* The next definition of name (the C library's), looked up once. */
#define REAL(name)                                                                                 \
    static __typeof__(&(name)) real_##name;                                                        \
    if (!real_##name)                                                                              \
    real_##name = (__typeof__(&(name)))dlsym(RTLD_NEXT, #name)

/* ---- opening ------------------------------------------------------------ */

static int fs_open_common(const char *path, int flags)
{
    if ((flags & (O_WRONLY | O_RDWR)) && fs_path_matches(path) && fs_fail_call(FS_OPEN)) {
        fs_log(FS_OPEN, errno, path);
        return -1;
    }
    return 0;
}

int open(const char *path, int flags, ...)
{
    REAL(open);
    mode_t mode = 0;
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (fs_open_common(path, flags) < 0)
        return -1;
    int fd = real_open(path, flags, mode);
    fs_track(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    REAL(open64);
    mode_t mode = 0;
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (fs_open_common(path, flags) < 0)
        return -1;
    int fd = real_open64(path, flags, mode);
    fs_track(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
    REAL(openat);
    mode_t mode = 0;
    if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (fs_open_common(path, flags) < 0)
        return -1;
    int fd = real_openat(dirfd, path, flags, mode);
    fs_track(fd, path);
    return fd;
}

static int fs_mkstemp_common(char *tmpl, int fd)
{
    fs_track(fd, tmpl);
    return fd;
}

int mkstemp(char *tmpl)
{
    REAL(mkstemp);
    if (fs_path_matches(tmpl) && fs_fail_call(FS_MKSTEMP)) {
        fs_log(FS_MKSTEMP, errno, tmpl);
        return -1;
    }
    return fs_mkstemp_common(tmpl, real_mkstemp(tmpl));
}

int mkstemp64(char *tmpl)
{
    REAL(mkstemp64);
    if (fs_path_matches(tmpl) && fs_fail_call(FS_MKSTEMP)) {
        fs_log(FS_MKSTEMP, errno, tmpl);
        return -1;
    }
    return fs_mkstemp_common(tmpl, real_mkstemp64(tmpl));
}

int mkostemp(char *tmpl, int flags)
{
    REAL(mkostemp);
    if (fs_path_matches(tmpl) && fs_fail_call(FS_MKSTEMP)) {
        fs_log(FS_MKSTEMP, errno, tmpl);
        return -1;
    }
    return fs_mkstemp_common(tmpl, real_mkostemp(tmpl, flags));
}

/* ---- writing ------------------------------------------------------------ */

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(write);
    int fail;
    size_t k = fs_write_allow(fd, n, &fail);
    if (fail)
        return -1;
    return real_write(fd, buf, k);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    REAL(pwrite);
    int fail;
    size_t k = fs_write_allow(fd, n, &fail);
    if (fail)
        return -1;
    return real_pwrite(fd, buf, k, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    REAL(pwrite64);
    int fail;
    size_t k = fs_write_allow(fd, n, &fail);
    if (fail)
        return -1;
    return real_pwrite64(fd, buf, k, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
    REAL(writev);
    if (!fs_fd_matches(fd) || !fs_rule_for(FS_WRITE) || cnt <= 0)
        return real_writev(fd, iov, cnt);
    /* Fault mode: one buffer at a time through write(). */
    ssize_t total = 0;
    for (int i = 0; i < cnt; i++) {
        ssize_t w = write(fd, iov[i].iov_base, iov[i].iov_len);
        if (w < 0)
            return total > 0 ? total : -1;
        total += w;
        if ((size_t)w < iov[i].iov_len)
            break;
    }
    return total;
}

int fsync(int fd)
{
    REAL(fsync);
    if (fs_fd_matches(fd) && fs_fail_call(FS_FSYNC)) {
        fs_log_fd(FS_FSYNC, errno, fd);
        return -1;
    }
    return real_fsync(fd);
}

int fdatasync(int fd)
{
    REAL(fdatasync);
    if (fs_fd_matches(fd) && fs_fail_call(FS_FSYNC)) {
        fs_log_fd(FS_FSYNC, errno, fd);
        return -1;
    }
    return real_fdatasync(fd);
}

int close(int fd)
{
    REAL(close);
    int match = fs_fd_matches(fd);
    if (fd > 2 && fd < FS_MAX_FD)
        fs_tracked[fd] = 0;
    int rc = real_close(fd);
    if (rc == 0 && match && fs_fail_call(FS_CLOSE)) {
        int e = errno;
        fs_log_fd(FS_CLOSE, e, fd);
        errno = e;
        return -1;
    }
    return rc;
}

int fchmod(int fd, mode_t mode)
{
    REAL(fchmod);
    if (fs_fd_matches(fd) && fs_fail_call(FS_FCHMOD)) {
        fs_log_fd(FS_FCHMOD, errno, fd);
        return -1;
    }
    return real_fchmod(fd, mode);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
    REAL(fchown);
    if (fs_fd_matches(fd) && fs_fail_call(FS_FCHOWN)) {
        fs_log_fd(FS_FCHOWN, errno, fd);
        return -1;
    }
    return real_fchown(fd, uid, gid);
}

/* ---- names -------------------------------------------------------------- */

int rename(const char *from, const char *to)
{
    REAL(rename);
    if (fs_path_matches(to) && fs_fail_call(FS_RENAME)) {
        fs_log(FS_RENAME, errno, to);
        return -1;
    }
    return real_rename(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    REAL(renameat);
    if (fs_path_matches(to) && fs_fail_call(FS_RENAME)) {
        fs_log(FS_RENAME, errno, to);
        return -1;
    }
    return real_renameat(fromfd, from, tofd, to);
}

int link(const char *from, const char *to)
{
    REAL(link);
    if (fs_path_matches(to) && fs_fail_call(FS_LINK)) {
        fs_log(FS_LINK, errno, to);
        return -1;
    }
    return real_link(from, to);
}

int linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
    REAL(linkat);
    if (fs_path_matches(to) && fs_fail_call(FS_LINK)) {
        fs_log(FS_LINK, errno, to);
        return -1;
    }
    return real_linkat(fromfd, from, tofd, to, flags);
}

int mkdir(const char *path, mode_t mode)
{
    REAL(mkdir);
    if (fs_path_matches(path) && fs_fail_call(FS_MKDIR)) {
        fs_log(FS_MKDIR, errno, path);
        return -1;
    }
    return real_mkdir(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    REAL(mkdirat);
    if (fs_path_matches(path) && fs_fail_call(FS_MKDIR)) {
        fs_log(FS_MKDIR, errno, path);
        return -1;
    }
    return real_mkdirat(dirfd, path, mode);
}
