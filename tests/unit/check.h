/*
 * check.h - the unit-test harness: TEST() functions and CHECK macros.
 *
 * Each test binary prints one line per test: "ok - NAME" or
 * "not ok - NAME: FILE:LINE: what failed" (the first failure), or
 * "skip - NAME: why". tests/run counts these lines. Include this file once
 * per test program; list the tests in main() with RUN(name).
 */
#ifndef SR_CHECK_H
#define SR_CHECK_H

#include <stdio.h>
#include <string.h>

static int sr_t_fail_total;
static int sr_t_cur_failed;
static int sr_t_cur_skipped;
static char sr_t_first[512];

static inline void sr_t_note(const char *file, int line, const char *what)
{
    if (!sr_t_cur_failed)
        snprintf(sr_t_first, sizeof(sr_t_first), "%s:%d: %s", file, line, what);
    sr_t_cur_failed = 1;
}

#define TEST(name) static void name(void)
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            sr_t_note(__FILE__, __LINE__, #cond);                                                  \
    } while (0)
#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long sr_a_ = (long long)(a), sr_b_ = (long long)(b);                                  \
        if (sr_a_ != sr_b_) {                                                                      \
            char sr_m_[256];                                                                       \
            snprintf(sr_m_, sizeof(sr_m_), "%.100s == %.60s (%lld != %lld)", #a, #b, sr_a_,        \
                     sr_b_);                                                                       \
            sr_t_note(__FILE__, __LINE__, sr_m_);                                                  \
        }                                                                                          \
    } while (0)
#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *sr_a_ = (a), *sr_b_ = (b);                                                     \
        if (!sr_a_ || !sr_b_ || strcmp(sr_a_, sr_b_) != 0) {                                       \
            char sr_m_[400];                                                                       \
            snprintf(sr_m_, sizeof(sr_m_), "%.60s == %.60s (\"%.120s\" != \"%.120s\")", #a, #b,    \
                     sr_a_ ? sr_a_ : "(null)", sr_b_ ? sr_b_ : "(null)");                          \
            sr_t_note(__FILE__, __LINE__, sr_m_);                                                  \
        }                                                                                          \
    } while (0)
#define SKIP(why)                                                                                  \
    do {                                                                                           \
        sr_t_cur_skipped = 1;                                                                      \
        snprintf(sr_t_first, sizeof(sr_t_first), "%s", why);                                       \
        return;                                                                                    \
    } while (0)

#define RUN(name)                                                                                  \
    do {                                                                                           \
        sr_t_cur_failed = 0;                                                                       \
        sr_t_cur_skipped = 0;                                                                      \
        sr_t_first[0] = 0;                                                                         \
        name();                                                                                    \
        if (sr_t_cur_failed) {                                                                     \
            printf("not ok - %s: %s\n", #name, sr_t_first);                                        \
            sr_t_fail_total++;                                                                     \
        } else if (sr_t_cur_skipped) {                                                             \
            printf("skip - %s: %s\n", #name, sr_t_first);                                          \
        } else {                                                                                   \
            printf("ok - %s\n", #name);                                                            \
        }                                                                                          \
        fflush(stdout);                                                                            \
    } while (0)

#define CHECK_DONE() (sr_t_fail_total ? 1 : 0)

#endif
