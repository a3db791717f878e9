/*
 * fuzz_dynref.c - libFuzzer harness for the dynamic reference scanner.
 *
 * Scans arbitrary bytes with sr_dynref_scan() and checks the contract:
 * references in order and inside the string, every span inside its
 * reference, a well-formed one ends in "}}", error offsets in bounds, the
 * same first result whatever the size of the output array, and
 * sr_dynref_present()/sr_dynref_is_whole() consistent with the scan.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dynref.h"
#include "fuzz_check.h"

#define FUZZ_MAX_REFS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_span(const struct sr_dynref *d, struct sr_span sp)
{
    if (sp.len == 0)
        return;
    FUZZ_CHECK(sp.off >= d->start);
    FUZZ_CHECK(sp.off <= d->end && sp.len <= d->end - sp.off);
}

static int same_span(struct sr_span a, struct sr_span b)
{
    return a.off == b.off && a.len == b.len;
}

/* Field by field: struct padding need not match. */
static int same_ref(const struct sr_dynref *a, const struct sr_dynref *b)
{
    return a->kind == b->kind && a->start == b->start && a->end == b->end && a->err == b->err &&
           a->err_off == b->err_off && a->is_arn == b->is_arn && a->nsegments == b->nsegments &&
           same_span(a->secret_id, b->secret_id) && same_span(a->secret_string, b->secret_string) &&
           same_span(a->json_key, b->json_key) && same_span(a->version_stage, b->version_stage) &&
           same_span(a->version_id, b->version_id) && same_span(a->name, b->name) &&
           same_span(a->version, b->version);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    static struct sr_dynref refs[FUZZ_MAX_REFS];
    struct sr_dynref first;

    size_t n = sr_dynref_scan(s, size, refs, FUZZ_MAX_REFS);
    size_t filled = n < FUZZ_MAX_REFS ? n : FUZZ_MAX_REFS;
    FUZZ_CHECK(n <= size / 2);
    size_t prev_end = 0;
    for (size_t i = 0; i < filled; i++) {
        const struct sr_dynref *d = &refs[i];
        FUZZ_CHECK(d->start >= prev_end);
        FUZZ_CHECK(d->start < d->end && d->end <= size);
        FUZZ_CHECK(s[d->start] == '{' && s[d->start + 1] == '{');
        FUZZ_CHECK(d->kind >= SR_DYNREF_SSM && d->kind <= SR_DYNREF_UNKNOWN);
        FUZZ_CHECK(d->err >= SR_DYNREF_OK && d->err <= SR_DYNREF_E_BACKSLASH);
        if (d->err == SR_DYNREF_OK) {
            FUZZ_CHECK(d->end - d->start >= 4);
            FUZZ_CHECK(s[d->end - 1] == '}' && s[d->end - 2] == '}');
        } else {
            FUZZ_CHECK(d->err_off <= size);
            FUZZ_CHECK(sr_dynref_err_text(d->err) != NULL);
        }
        check_span(d, d->secret_id);
        check_span(d, d->secret_string);
        check_span(d, d->json_key);
        check_span(d, d->version_stage);
        check_span(d, d->version_id);
        check_span(d, d->name);
        check_span(d, d->version);
        FUZZ_CHECK(sr_dynref_kind_name(d->kind) != NULL);
        prev_end = d->end;
    }

    /* A smaller output array changes nothing but how many are filled. */
    size_t n1 = sr_dynref_scan(s, size, &first, 1);
    FUZZ_CHECK(n1 == n);
    if (n > 0)
        FUZZ_CHECK(same_ref(&first, &refs[0]));
    FUZZ_CHECK(sr_dynref_scan(s, size, NULL, 0) == n);

    FUZZ_CHECK(sr_dynref_present(s, size) == (n > 0));
    FUZZ_CHECK(sr_dynref_is_whole(s, size) ==
               (n == 1 && refs[0].start == 0 && refs[0].end == size));
    return 0;
}
