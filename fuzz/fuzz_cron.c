/*
 * fuzz_cron.c - libFuzzer harness for rotation schedules and windows.
 *
 * Parses arbitrary bytes as a ScheduleExpression and as a Duration, and
 * checks the contract of cron.h: error offsets inside the text, messages
 * terminated, gaps ordered and never below the four-hour minimum, rate()
 * gaps equal to the rate, and, for cron(), the firing days of two calendar
 * years never further apart than the computed longest gap.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cron.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const struct sr_sched_error *err, size_t size)
{
    FUZZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL);
    FUZZ_CHECK(err->message[0] != '\0');
    FUZZ_CHECK(err->offset <= size);
    /* cron.h: len is at least 1 when the text is not empty (unspecified when it is). */
    if (size > 0)
        FUZZ_CHECK(err->len >= 1 && err->len <= size - err->offset);
}

static int days_in_month(int year, int month)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : dim[month - 1];
}

/* Walks the days of 2099-2101 (a non-leap century year in the middle) and
 * compares the distance between firing days with the computed gap. */
static void check_calendar(const struct sr_schedule *sc)
{
    long day = 0, prev = -1;
    for (int y = 2099; y <= 2101; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= days_in_month(y, m); d++, day++) {
                if (!sr_schedule_fires_on(sc, y, m, d))
                    continue;
                if (prev >= 0)
                    FUZZ_CHECK((day - prev) * 24 + sc->first_hour - sc->last_hour <=
                               sc->max_gap_hours);
                prev = day;
            }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct sr_schedule sc;
    struct sr_sched_error err;

    memset(&err, 0x55, sizeof err);
    int rc = sr_schedule_parse(s, size, &sc, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == -1) {
        check_error(&err, size);
    } else {
        FUZZ_CHECK(sc.kind == SR_SCHED_RATE || sc.kind == SR_SCHED_CRON);
        FUZZ_CHECK(sc.min_gap_hours >= SR_ROTATION_MIN_HOURS);
        FUZZ_CHECK(sc.max_gap_hours >= sc.min_gap_hours);
        FUZZ_CHECK(sc.first_hour >= 0 && sc.first_hour <= sc.last_hour && sc.last_hour <= 23);
        if (sc.kind == SR_SCHED_RATE) {
            long long h = sc.rate_value * (sc.rate_days ? 24 : 1);
            FUZZ_CHECK(sc.max_gap_hours == h && sc.min_gap_hours == h);
            FUZZ_CHECK(sr_schedule_fires_on(&sc, 2024, 1, 1) == 0);
        } else {
            FUZZ_CHECK(sc.hours != 0 && sc.months != 0);
            check_calendar(&sc);
        }
        for (int hours = 0; hours <= 25; hours++) {
            memset(&err, 0x55, sizeof err);
            int w = sr_window_check(&sc, hours, &err);
            FUZZ_CHECK(w == 0 || w == -1);
            if (w == -1)
                FUZZ_CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        }
    }

    int hours = -1;
    memset(&err, 0x55, sizeof err);
    rc = sr_duration_parse(s, size, &hours, &err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0)
        FUZZ_CHECK(size >= 2 && size <= 3 && hours >= 1 && hours <= 24 && s[size - 1] == 'h');
    else
        check_error(&err, size);

    if (size >= sizeof(long long)) {
        long long days;
        memcpy(&days, data, sizeof days);
        memset(&err, 0x55, sizeof err);
        rc = sr_schedule_after_days(days, &sc, &err);
        FUZZ_CHECK(rc == (days >= SR_AFTER_DAYS_MIN && days <= SR_AFTER_DAYS_MAX ? 0 : -1));
        if (rc == 0)
            FUZZ_CHECK(sc.max_gap_hours == days * 24);
    }
    return 0;
}
