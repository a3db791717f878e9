/*
 * test_fix_io.c - the fixer's output paths: unified diffs (exact hunks,
 * CRLF, no final line break, new files) and atomic writes (mode kept,
 * symlinks written through, refusal when the file changed, no temporary
 * file left, never overwriting on create).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "check.h"
#include "diff.h"

static char tmpdir[256];

static const char *diff_of(const char *a, const char *b)
{
    static char buf[8192];
    buf[0] = '\0';
    FILE *f = fmemopen(buf, sizeof(buf), "w");
    if (!f)
        return "";
    sr_diff_write(f, "./t.yaml", a, a ? strlen(a) : 0, b, strlen(b));
    fclose(f);
    return buf;
}

static char *slurp(const char *path)
{
    static char buf[8192];
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void spit(const char *path, const char *s)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(s, f);
        fclose(f);
    }
}

/* Files in tmpdir other than those named. */
static int stray_files(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, ".t.", 3) == 0 || strstr(e->d_name, "secrot-"))
            n++;
    if (d)
        closedir(d);
    return n;
}

TEST(diff_insertion_has_context_and_counts)
{
    const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n";
    const char *b = "1\n2\n3\n4\nnew\n5\n6\n7\n8\n";
    CHECK_STR(diff_of(a, b), "--- a/t.yaml\n+++ b/t.yaml\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n"
                             " 5\n 6\n 7\n");
}

TEST(diff_far_changes_make_two_hunks_near_ones_one)
{
    const char *a = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
    const char *b = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n";
    CHECK_STR(diff_of(a, b), "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n d\n"
                             "@@ -10,4 +10,4 @@\n j\n k\n l\n-m\n+M\n");
    const char *c = "A\nb\nc\nd\ne\nf\nG\nh\ni\nj\nk\nl\nm\n";
    CHECK_STR(diff_of(a, c), "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,10 +1,10 @@\n-a\n+A\n b\n c\n d\n"
                             " e\n f\n-g\n+G\n h\n i\n j\n");
}

TEST(diff_keeps_crlf_and_marks_missing_final_break)
{
    CHECK_STR(diff_of("a\r\nb", "a\r\nb\r\nc"),
              "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,2 +1,3 @@\n a\r\n-b\n\\ No newline at end of "
              "file\n+b\r\n+c\n\\ No newline at end of file\n");
}

TEST(diff_of_a_new_file_and_of_equal_texts)
{
    CHECK_STR(diff_of(NULL, "x\ny\n"), "--- /dev/null\n+++ b/t.yaml\n@@ -0,0 +1,2 @@\n+x\n+y\n");
    CHECK_STR(diff_of("same\n", "same\n"), "");
}

TEST(atomic_replace_keeps_mode_and_leaves_no_temp)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/t.yaml", tmpdir);
    spit(p, "old\n");
    chmod(p, 0640);
    char msg[256] = "";
    CHECK_INT(sr_atomic_replace(p, NULL, "old\n", 4, "new text\n", 9, msg, sizeof(msg)), 0);
    CHECK_STR(slurp(p), "new text\n");
    struct stat st;
    CHECK_INT(stat(p, &st), 0);
    CHECK_INT(st.st_mode & 07777, 0640);
    CHECK_INT(stray_files(), 0);
}

TEST(atomic_replace_refuses_a_changed_file)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/t.yaml", tmpdir);
    spit(p, "changed by someone\n");
    char msg[256] = "";
    CHECK_INT(sr_atomic_replace(p, NULL, "old\n", 4, "new\n", 4, msg, sizeof(msg)), -1);
    CHECK(strstr(msg, "changed since it was read") != NULL);
    CHECK_STR(slurp(p), "changed by someone\n");
    CHECK_INT(stray_files(), 0);
}

TEST(atomic_replace_writes_through_a_symlink)
{
    char p[512], l[512];
    snprintf(p, sizeof(p), "%s/t.yaml", tmpdir);
    snprintf(l, sizeof(l), "%s/link.yaml", tmpdir);
    spit(p, "a\n");
    unlink(l);
    CHECK_INT(symlink("t.yaml", l), 0);
    char msg[256] = "";
    CHECK_INT(sr_atomic_replace(l, tmpdir, "a\n", 2, "b\n", 2, msg, sizeof(msg)), 0);
    struct stat st;
    CHECK_INT(lstat(l, &st), 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK_STR(slurp(p), "b\n");
    unlink(l);
}

TEST(atomic_create_never_overwrites)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/sub/dir/h.py", tmpdir);
    char msg[256] = "";
    CHECK_INT(
        sr_atomic_create_below(tmpdir, "sub/dir/h.py", "print(1)\n", 9, NULL, msg, sizeof(msg)), 0);
    CHECK_STR(slurp(p), "print(1)\n");
    CHECK_INT(sr_atomic_create_below(tmpdir, "sub/dir/h.py", "other\n", 6, NULL, msg, sizeof(msg)),
              1);
    CHECK_STR(slurp(p), "print(1)\n");
}

int main(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/sr-fixio-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    RUN(diff_insertion_has_context_and_counts);
    RUN(diff_far_changes_make_two_hunks_near_ones_one);
    RUN(diff_keeps_crlf_and_marks_missing_final_break);
    RUN(diff_of_a_new_file_and_of_equal_texts);
    RUN(atomic_replace_keeps_mode_and_leaves_no_temp);
    RUN(atomic_replace_refuses_a_changed_file);
    RUN(atomic_replace_writes_through_a_symlink);
    RUN(atomic_create_never_overwrites);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
