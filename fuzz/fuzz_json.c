/*
 * fuzz_json.c - libFuzzer harness holding the loader's JSON reader to
 * libyaml.
 *
 * Loads the input both ways (sr_load_flags with and without
 * SR_LOAD_YAML_ONLY) and checks that they agree: the same result, the same
 * error message at the same offset, or the same tree (sr_doc_differs:
 * kinds, styles, functions, ranges, line:col, values, parents, duplicate
 * keys). The reader gives what it does not take as libyaml would to
 * libyaml, so any difference is a bug in the reader.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The loader reads the text in place: give it its own copy. */
    char *text = malloc(size + 1);
    FUZZ_CHECK(text != NULL);
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    struct sr_arena a, b;
    sr_arena_init(&a);
    sr_arena_init(&b);
    struct sr_doc dx, dy;
    struct sr_error ex, ey;
    int rx = sr_load_flags(&a, "f.json", text, size, &dx, &ex, 0);
    int ry = sr_load_flags(&b, "f.json", text, size, &dy, &ey, SR_LOAD_YAML_ONLY);
    FUZZ_CHECK(rx == ry);
    if (rx < 0) {
        FUZZ_CHECK(strcmp(ex.message, ey.message) == 0);
        FUZZ_CHECK(ex.offset == ey.offset);
    } else {
        const char *d = sr_doc_differs(&a, &dx, &dy);
        if (d)
            fprintf(stderr, "fuzz_json: trees differ: %s\n", d);
        FUZZ_CHECK(d == NULL);
    }
    sr_arena_release(&a);
    sr_arena_release(&b);
    free(text);
    return 0;
}
