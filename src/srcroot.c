/*
 * srcroot.c - finding the source root and naming files relative to it.
 * Paths are resolved with realpath(); nothing is cached, nothing printed.
 */
#include "srcroot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"

static int sr_copy(char *out, size_t n, const char *s)
{
    int w = snprintf(out, n, "%s", s);
    return w >= 0 && (size_t)w < n ? 0 : -1;
}

/* 1 when dir (no trailing slash, "" for the root) holds a .git entry. */
static int sr_has_git(const char *dir)
{
    char p[4200];
    struct stat st;
    int w = snprintf(p, sizeof(p), "%s/.git", dir);
    return w > 0 && (size_t)w < sizeof(p) && lstat(p, &st) == 0;
}

int sr_srcroot_find(const char *given, char *out, size_t n, char *msg, size_t msgn)
{
    struct stat st;
    char *rp = realpath(given ? given : ".", NULL);
    if (!rp || stat(rp, &st) != 0 || !S_ISDIR(st.st_mode)) {
        if (given)
            snprintf(msg, msgn, "--srcroot '%s' is not a folder%s%s", given, rp ? "" : ": ",
                     rp ? "" : strerror(errno));
        else
            snprintf(msg, msgn, "cannot resolve the current directory: %s", strerror(errno));
        free(rp);
        return -1;
    }
    if (!given) {
        /* Walk up from the current directory; rp is cut at each '/'. */
        size_t len = strlen(rp);
        char *dir = sr_xstrdup(rp);
        for (;;) {
            if (sr_has_git(len ? dir : "")) {
                free(rp);
                rp = dir;
                dir = NULL;
                break;
            }
            char *slash = strrchr(dir, '/');
            if (!slash || len == 0)
                break;
            *slash = '\0';
            len = (size_t)(slash - dir);
        }
        free(dir);
    }
    int rc = sr_copy(out, n, rp[0] ? rp : "/");
    free(rp);
    if (rc < 0)
        snprintf(msg, msgn, "the source root is longer than %zu bytes", n - 1);
    return rc;
}

/*
 * realpath() of path, or, for a file that does not exist yet (one a fix
 * would create), of its nearest existing folder with the rest appended.
 * Heap string, or NULL.
 */
static char *sr_resolve(const char *path)
{
    char *rp = realpath(path, NULL);
    if (rp)
        return rp;
    char dir[4200];
    if (sr_copy(dir, sizeof(dir), path) < 0)
        return NULL;
    for (;;) {
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        char *base = realpath(slash ? (dir[0] ? dir : "/") : ".", NULL);
        if (base) {
            const char *rest = path + (slash ? (size_t)(slash - dir) + 1 : 0);
            while (rest[0] == '.' && rest[1] == '/')
                rest += 2;
            if (strstr(rest, "../") || strcmp(rest, "..") == 0) {
                free(base);
                return NULL;
            }
            size_t n = strlen(base) + strlen(rest) + 2;
            char *out = sr_xmalloc(n);
            snprintf(out, n, "%s%s%s", base, strcmp(base, "/") ? "/" : "", rest);
            free(base);
            return out;
        }
        if (!slash)
            return NULL;
    }
}

int sr_srcroot_rel(const char *root, const char *path, char *out, size_t n)
{
    if (strcmp(path, "-") == 0) {
        sr_copy(out, n, "-");
        return 0;
    }
    char *rp = sr_resolve(path);
    if (!rp) {
        const char *p = path;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        sr_copy(out, n, p);
        return 0;
    }
    size_t rl = root ? strlen(root) : 0;
    int inside = 0;
    const char *rel = rp;
    if (root && strcmp(root, "/") == 0) {
        rel = rp + 1;
        inside = 1;
    } else if (root && strncmp(rp, root, rl) == 0 && rp[rl] == '/') {
        rel = rp + rl + 1;
        inside = 1;
    }
    sr_copy(out, n, rel);
    free(rp);
    return inside;
}
