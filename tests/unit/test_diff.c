/*
 * test_diff.c - the line diff on large and hostile inputs: the changes it
 * finds always turn the old text into the new one, insertions next to
 * unique lines come out as one hunk each (no whole-file replacement), and
 * file names in the headers are escaped. Speed is measured by make bench,
 * never here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diff.h"

struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        b->cap = (b->n + l + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
    memcpy(b->p + b->n, s, l + 1);
    b->n += l;
}

/* Applies the changes of old -> new_ to old; 1 when the result is new_. */
static int changes_rebuild(const char *old, const char *new_)
{
    size_t ol = strlen(old), nl = strlen(new_);
    struct sr_diff_change *ch = NULL;
    size_t n = sr_diff_changes(old, ol, new_, nl, &ch);
    struct buf r = {0};
    put(&r, "");
    size_t at = 0;
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (ch[i].old_start < at || ch[i].old_end < ch[i].old_start || ch[i].old_end > ol ||
            ch[i].new_end < ch[i].new_start || ch[i].new_end > nl) {
            ok = 0;
            break;
        }
        char tmp[2] = {0, 0};
        for (size_t k = at; k < ch[i].old_start; k++)
            tmp[0] = old[k], put(&r, tmp);
        for (size_t k = ch[i].new_start; k < ch[i].new_end; k++)
            tmp[0] = new_[k], put(&r, tmp);
        at = ch[i].old_end;
    }
    if (ok)
        put(&r, old + at);
    ok = ok && strcmp(r.p, new_) == 0;
    free(r.p);
    free(ch);
    return ok;
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static char *diff_text(const char *path, const char *a, const char *b)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return NULL;
    sr_diff_write(f, path, a, a ? strlen(a) : 0, b, strlen(b));
    fclose(f);
    return out;
}

/* 3,000 unique resource blocks; every 2nd gets 4 inserted lines (6,000
 * lines: more than a bounded Myers takes). */
TEST(many_insertions_give_one_hunk_each)
{
    struct buf a = {0}, b = {0};
    char line[128];
    put(&a, "");
    put(&b, "");
    for (int i = 0; i < 3000; i++) {
        snprintf(line, sizeof(line), "  Res%04d:\n    Type: AWS::X\n    Properties:\n", i);
        put(&a, line);
        put(&b, line);
        put(&a, "      A: 1\n");
        put(&b, "      A: 1\n");
        if (i % 2 == 0) {
            snprintf(line, sizeof(line), "      New%04d: 1\n      B: 2\n      C: 3\n      D: 4\n",
                     i);
            put(&b, line);
        }
    }
    char *d = diff_text("t.yaml", a.p, b.p);
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(count(d, "\n@@ "), 1500);
        CHECK_INT(count(d, "\n-"), 0); /* no line deleted */
        CHECK_INT(count(d, "\n+      New"), 1500);
    }
    CHECK(changes_rebuild(a.p, b.p));
    free(d);
    free(a.p);
    free(b.p);
}

/* Lines that repeat everywhere (no anchor), many scattered changes. */
TEST(repeated_lines_and_scattered_changes_still_rebuild)
{
    struct buf a = {0}, b = {0};
    put(&a, "");
    put(&b, "");
    unsigned s = 12345;
    for (int i = 0; i < 20000; i++) {
        s = s * 1103515245u + 12345u;
        const char *l = (s >> 16) % 3 == 0 ? "x\n" : (s >> 16) % 3 == 1 ? "y\n" : "  z: 1\n";
        put(&a, l);
        if ((s >> 8) % 7 == 0)
            put(&b, "changed\n");
        else if ((s >> 8) % 7 != 1)
            put(&b, l);
    }
    CHECK(changes_rebuild(a.p, b.p));
    CHECK(changes_rebuild(b.p, a.p));
    CHECK(changes_rebuild("", b.p));
    CHECK(changes_rebuild(a.p, ""));
    free(a.p);
    free(b.p);
}

/* Small random texts over a tiny alphabet: every path of the diff. */
TEST(random_small_texts_rebuild)
{
    unsigned s = 7;
    char a[400], b[400];
    for (int round = 0; round < 2000; round++) {
        size_t na = 0, nb = 0;
        int la = (int)((s = s * 1103515245u + 12345u) >> 16) % 60;
        int lb = (int)((s = s * 1103515245u + 12345u) >> 16) % 60;
        for (int i = 0; i < la; i++) {
            s = s * 1103515245u + 12345u;
            a[na++] = (char)('a' + (s >> 16) % 4);
            a[na++] = '\n';
        }
        for (int i = 0; i < lb; i++) {
            s = s * 1103515245u + 12345u;
            b[nb++] = (char)('a' + (s >> 16) % 4);
            b[nb++] = '\n';
        }
        if (round % 3 == 0 && nb > 0)
            nb--; /* no final line break */
        a[na] = b[nb] = '\0';
        if (!changes_rebuild(a, b)) {
            CHECK(!"rebuild failed");
            break;
        }
    }
}

TEST(header_escapes_control_characters)
{
    char *d = diff_text("./evil\x1b[2Jname\n.yaml", "a\n", "b\n");
    CHECK(d != NULL);
    if (d) {
        CHECK(strchr(d, '\x1b') == NULL);
        CHECK(strstr(d, "--- a/evil\\x1b[2Jname\\x0a.yaml\n+++ b/evil\\x1b[2Jname\\x0a.yaml\n") !=
              NULL);
    }
    free(d);
    d = diff_text("new\x07.py", NULL, "x\n");
    CHECK(d != NULL);
    if (d)
        CHECK(strstr(d, "--- /dev/null\n+++ b/new\\x07.py\n") != NULL);
    free(d);
}

int main(void)
{
    RUN(many_insertions_give_one_hunk_each);
    RUN(repeated_lines_and_scattered_changes_still_rebuild);
    RUN(random_small_texts_rebuild);
    RUN(header_escapes_control_characters);
    return CHECK_DONE();
}
