/*
 * cron.h - Secrets Manager rotation schedules: rate(), cron() and Duration.
 *
 * Parses a RotationRules ScheduleExpression with the service's own rules
 * (stricter than EventBridge: minutes 0, year *, hours and days only, at
 * most one rotation every 4 hours) and works out the longest and shortest
 * time between two rotation windows, exactly, over a whole 400-year
 * Gregorian cycle in UTC. Pure functions: no allocation, no globals.
 */
#ifndef SR_CRON_H
#define SR_CRON_H

#include <stddef.h>
#include <stdint.h>

/* Service bounds (API_RotationRulesType and the rotate-secrets_schedule page). */
#define SR_ROTATION_MIN_HOURS 4  /* "as often as every four hours" */
#define SR_ROTATION_MAX_DAYS 999 /* maximum rotation period of rate() */
#define SR_AFTER_DAYS_MIN 1      /* AutomaticallyAfterDays */
#define SR_AFTER_DAYS_MAX 1000
#define SR_SCHEDULE_MAX_LEN 256  /* ScheduleExpression length */
#define SR_DURATION_MIN_HOURS 1  /* a window can be as small as one hour */
#define SR_DURATION_MAX_HOURS 24 /* and may not run into the next UTC day */

enum sr_sched_kind { SR_SCHED_RATE = 1, SR_SCHED_CRON };

struct sr_schedule {
    enum sr_sched_kind kind;
    /* A schedule "in hours" (rate in hours, or a cron with several windows a
     * day): default window 1 h, the window must fit between two windows. A
     * schedule in days: default window to the end of the UTC day, start hour
     * plus window must be at most 24. */
    int hourly;
    long long rate_value; /* rate(): N */
    int rate_days;        /* rate(): 1 for days, 0 for hours */

    /* cron() fields, as sets. Bit i set: value i matches. */
    uint32_t hours;     /* bits 0..23 */
    uint32_t dom;       /* bits 1..31 */
    uint32_t dom_w;     /* bits 1..31: nW, nearest weekday to day n */
    int dom_last;       /* L: last day of the month */
    int dom_last_w;     /* LW: last weekday of the month */
    int dom_any;        /* ? */
    uint16_t months;    /* bits 1..12 */
    uint8_t dow;        /* bits 1..7, 1 = SUN */
    uint8_t dow_last;   /* bits 1..7: nL, last such weekday of the month */
    uint8_t dow_nth[8]; /* [d] bit k (1..5): d#k, k-th such weekday */
    int dow_any;        /* ? */

    /* Results. Hours between two consecutive window openings. */
    long long max_gap_hours;
    long long min_gap_hours;
    int first_hour, last_hour; /* earliest and latest opening hour in a day */
};

struct sr_sched_error {
    size_t offset;     /* byte offset into the expression of the bad part */
    size_t len;        /* its length (at least 1 when the text is not empty) */
    char message[256]; /* lowercase, no trailing period */
};

/*
 * Parses a ScheduleExpression (s, len bytes; need not be NUL-terminated) and
 * computes its gaps. Returns 0 with *out filled, or -1 with err filled:
 * syntax, unknown unit, bounds (below every 4 hours, above 999 days), a
 * field outside its range, '?' in neither or both day fields, or a cron()
 * that never fires.
 */
int sr_schedule_parse(const char *s, size_t len, struct sr_schedule *out,
                      struct sr_sched_error *err);

/* The schedule of AutomaticallyAfterDays = days (like rate(days days)).
 * Returns 0, or -1 with err when days is outside 1..1000. */
int sr_schedule_after_days(long long days, struct sr_schedule *out, struct sr_sched_error *err);

/*
 * Parses a Duration ("3h": 2-3 characters, digits then 'h', 1..24 hours).
 * Returns 0 with *hours set, or -1 with err.
 */
int sr_duration_parse(const char *s, size_t len, int *hours, struct sr_sched_error *err);

/*
 * Checks a rotation window of `hours` against a parsed schedule: for a
 * schedule in hours the window may not be longer than the shortest time
 * between two windows; for a schedule in days the latest opening hour plus
 * the window may not pass midnight UTC. Returns 0, or -1 with err (offset 0).
 */
int sr_window_check(const struct sr_schedule *sc, int hours, struct sr_sched_error *err);

/* 1 when a cron() schedule opens a window on that UTC date (month 1..12),
 * else 0. For rate() schedules always 0. */
int sr_schedule_fires_on(const struct sr_schedule *sc, int year, int month, int day);

#endif
