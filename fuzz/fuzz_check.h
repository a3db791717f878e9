/*
 * fuzz_check.h - the assertion the fuzz harnesses share.
 *
 * FUZZ_CHECK(cond) aborts with the failed condition and its place, so
 * libFuzzer records the input as a crash. Unlike assert() it cannot be
 * compiled out by NDEBUG.
 */
#ifndef SR_FUZZ_CHECK_H
#define SR_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond);            \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
