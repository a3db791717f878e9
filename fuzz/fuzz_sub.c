/*
 * fuzz_sub.c - libFuzzer harness for the Fn::Sub string parser.
 *
 * Feeds arbitrary bytes to sr_sub_parse_string() and checks what its
 * contract promises: on success the parts cover the string in order without
 * gaps or overlaps, variables are "${...}" spans with a non-empty name,
 * literal text is the bytes it spans (or "${X}" for a "${!X}" span); on
 * failure the error offset points at a "${" inside the string.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "intrinsic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct sr_arena a;
    struct sr_sub_part *parts = NULL;
    size_t n = 0, err = (size_t)-1;

    sr_arena_init(&a);
    int rc = sr_sub_parse_string(&a, s, size, &parts, &n, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == -1) {
        FUZZ_CHECK(err + 1 < size);
        FUZZ_CHECK(s[err] == '$' && s[err + 1] == '{');
        sr_arena_release(&a);
        return 0;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const struct sr_sub_part *p = &parts[i];
        FUZZ_CHECK(p->offset == at);
        FUZZ_CHECK(p->len > 0 && p->len <= size - at);
        FUZZ_CHECK(p->text != NULL);
        const char *span = s + p->offset;
        if (p->kind == SR_SUB_VAR) {
            FUZZ_CHECK(p->len >= 4 && span[0] == '$' && span[1] == '{' && span[p->len - 1] == '}');
            FUZZ_CHECK(memchr(span + 2, '}', p->len - 3) == NULL);
            /* A name is NUL-terminated: one with a NUL byte in it is cut short. */
            if (memchr(span, '\0', p->len) == NULL)
                FUZZ_CHECK(p->text[0] != '\0' || p->attr != NULL);
        } else {
            FUZZ_CHECK(p->kind == SR_SUB_TEXT);
            if (p->len >= 3 && span[0] == '$' && span[1] == '{' && span[2] == '!')
                FUZZ_CHECK(p->text[0] == '$' && p->text[1] == '{');
            else
                FUZZ_CHECK(memcmp(p->text, span, p->len) == 0);
        }
        at += p->len;
    }
    FUZZ_CHECK(at == size);
    sr_arena_release(&a);
    return 0;
}
