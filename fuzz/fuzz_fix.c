/*
 * fuzz_fix.c - libFuzzer harness for the fixer: load, fix, re-load.
 *
 * Lints arbitrary bytes, plans and applies every fix in memory
 * (sr_fix_result never writes a file) and checks the fixer's promises:
 * nothing fixed means the text is unchanged; a fixed text parses, brings
 * no rule that was not reported before, keeps every full-line comment, the
 * byte-order mark, the line-break style and the final newline; and a second
 * fix of the fixed text changes nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "fuzz_check.h"
#include "lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *copy_text(const char *s, size_t n)
{
    char *t = sr_xmalloc(n + 1);
    if (n)
        memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

static int has_rule(const struct sr_result *r, const char *id)
{
    for (size_t i = 0; i < r->nfindings; i++)
        if (strcmp(r->findings[i]->rule->id, id) == 0)
            return 1;
    return 0;
}

/* 1 when s contains needle (n bytes); memmem without _GNU_SOURCE. */
static int contains(const char *s, size_t len, const char *needle, size_t n)
{
    if (n == 0)
        return 1;
    for (size_t i = 0; i + n <= len; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
            return 1;
    return 0;
}

/* 1 when byte off lies inside a scalar of the tree at n that spans lines (a
 * line there that starts with '#' is text of the scalar, not a comment);
 * also 1 when the walk runs out of its budget (the line is then not judged). */
static int in_scalar(const struct sr_node *n, size_t off, int depth, size_t *budget)
{
    if (!n)
        return 0;
    if (depth > 64 || *budget == 0)
        return 1;
    (*budget)--;
    if (n->kind == SR_SCALAR)
        return n->start < off && off < n->end;
    if (off < n->start || off >= n->end)
        return 0;
    size_t items = n->kind == SR_MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < items; i++)
        if (in_scalar(n->items[i], off, depth + 1, budget))
            return 1;
    return 0;
}

/* Every line of old that is a comment alone (after spaces) is in new. */
static void check_comments(const struct sr_node *root, const char *old, size_t olen,
                           const char *new_text, size_t nlen)
{
    size_t i = 0;
    while (i < olen) {
        size_t e = i;
        while (e < olen && old[e] != '\n')
            e++;
        size_t k = i;
        while (k < e && (old[k] == ' ' || old[k] == '\t'))
            k++;
        size_t budget = 100000;
        if (k < e && old[k] == '#' && !in_scalar(root, k, 0, &budget))
            FUZZ_CHECK(contains(new_text, nlen, old + k, e - k));
        i = e + 1;
    }
}

/* 1: every line break is CRLF; 0: none is; -1: mixed or none at all. A lone
 * CR (a break to YAML, not to the file's style) makes it mixed. */
static int crlf_style(const char *s, size_t len)
{
    size_t lf = 0, crlf = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            lf++;
            crlf += i > 0 && s[i - 1] == '\r';
        } else if (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')) {
            return -1;
        }
    }
    if (lf == 0 || (crlf != 0 && crlf != lf))
        return -1;
    return crlf == lf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sr_config cfg;
    static int ready;
    if (!ready) {
        sr_config_defaults(&cfg);
        ready = 1;
    }
    const char *old = (const char *)data;
    struct sr_result res;
    sr_lint_text(&res, "fuzz/template.yaml", copy_text(old, size), size, &cfg);

    struct sr_fix_outcome out;
    FUZZ_CHECK(sr_fix_result(&res, &cfg, SR_FIX_UNSAFE_OK, &out) == 0);
    FUZZ_CHECK(out.new_text != NULL);
    FUZZ_CHECK(out.fixed + out.failed <= out.nnotes);

    if (out.fixed == 0) {
        FUZZ_CHECK(out.new_len == size && memcmp(out.new_text, old, size) == 0);
    } else if (out.new_len != size || memcmp(out.new_text, old, size) != 0) {
        FUZZ_CHECK(out.final_valid && out.final.loaded);
        for (size_t i = 0; i < out.final.nfindings; i++)
            FUZZ_CHECK(has_rule(&res, out.final.findings[i]->rule->id));
        check_comments(res.doc.root, old, size, out.new_text, out.new_len);
        if (size >= 3 && memcmp(old, "\xEF\xBB\xBF", 3) == 0)
            FUZZ_CHECK(out.new_len >= 3 && memcmp(out.new_text, "\xEF\xBB\xBF", 3) == 0);
        int style = crlf_style(old, size);
        if (style >= 0)
            FUZZ_CHECK(crlf_style(out.new_text, out.new_len) == style);
        if (size > 0 && old[size - 1] == '\n')
            FUZZ_CHECK(out.new_len > 0 && out.new_text[out.new_len - 1] == '\n');

        /* Idempotent: fixing the fixed text changes nothing. */
        struct sr_result again;
        sr_lint_text(&again, "fuzz/template.yaml", copy_text(out.new_text, out.new_len),
                     out.new_len, &cfg);
        struct sr_fix_outcome out2;
        FUZZ_CHECK(sr_fix_result(&again, &cfg, SR_FIX_UNSAFE_OK, &out2) == 0);
        FUZZ_CHECK(out2.new_len == out.new_len &&
                   memcmp(out2.new_text, out.new_text, out.new_len) == 0);
        sr_fix_outcome_release(&out2);
        sr_result_release(&again);
    }
    sr_fix_outcome_release(&out);
    sr_result_release(&res);
    return 0;
}
