/*
 * test_cron.c - Secrets Manager schedule expressions: syntax, bounds, error
 * offsets, exact gaps over the Gregorian cycle, Duration and windows.
 */
#include "check.h"

#include <string.h>

#include "cron.h"

static int parse(const char *s, struct sr_schedule *sc, struct sr_sched_error *err)
{
    memset(err, 0, sizeof(*err));
    return sr_schedule_parse(s, strlen(s), sc, err);
}

static long long gap(const char *s)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    if (parse(s, &sc, &err) < 0)
        return -1;
    return sc.max_gap_hours;
}

static long long mingap(const char *s)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    if (parse(s, &sc, &err) < 0)
        return -1;
    return sc.min_gap_hours;
}

/* Offset of the error for s, or -1 when s parses. */
static long long err_at(const char *s)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    if (parse(s, &sc, &err) == 0)
        return -1;
    return (long long)err.offset;
}

static int err_has(const char *s, const char *needle)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    if (parse(s, &sc, &err) == 0)
        return 0;
    return strstr(err.message, needle) != NULL;
}

TEST(rate_days_and_hours)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    CHECK_INT(parse("rate(10 days)", &sc, &err), 0);
    CHECK_INT(sc.kind, SR_SCHED_RATE);
    CHECK_INT(sc.max_gap_hours, 240);
    CHECK_INT(sc.min_gap_hours, 240);
    CHECK_INT(sc.hourly, 0);
    CHECK_INT(parse("rate(1 day)", &sc, &err), 0);
    CHECK_INT(sc.max_gap_hours, 24);
    CHECK_INT(parse("rate(4 hours)", &sc, &err), 0);
    CHECK_INT(sc.hourly, 1);
    CHECK_INT(sc.max_gap_hours, 4);
    CHECK_INT(parse("rate(12 hour)", &sc, &err), 0);
    CHECK_INT(sc.max_gap_hours, 12);
    CHECK_INT(gap("rate(999 days)"), 999 * 24);
    CHECK_INT(gap("rate(45 days)"), 45 * 24);
}

TEST(rate_errors)
{
    CHECK(err_has("rate(3 hours)", "at most every 4 hours"));
    CHECK_INT(err_at("rate(3 hours)"), 5);
    CHECK(err_has("rate(1 hour)", "too frequent"));
    CHECK(err_has("rate(30 minutes)", "not minutes"));
    CHECK_INT(err_at("rate(30 minutes)"), 8);
    CHECK(err_has("rate(2 weeks)", "not hour, hours, day or days"));
    CHECK(err_has("rate(0 days)", "not 0"));
    CHECK(err_has("rate(1000 days)", "999-day maximum"));
    CHECK(err_has("rate(24000 hours)", "999-day maximum"));
    CHECK_INT(gap("rate(23976 hours)"), 23976);
    CHECK(err_has("rate(99999999999999 days)", "999-day maximum"));
    CHECK(err_has("rate(days)", "positive whole number"));
    CHECK(err_has("rate(10days)", "space and a unit"));
    CHECK(err_has("rate(10 days", "not closed"));
    CHECK(err_has("rate(10 days extra)", "unexpected"));
    CHECK(err_has("rate(-1 days)", "positive whole number"));
    CHECK(err_has("Rate(10 days)", "must be rate(...) or cron(...)"));
    CHECK(err_has("every 10 days", "must be rate(...) or cron(...)"));
    CHECK(err_has("", "empty"));
}

TEST(characters_and_length)
{
    CHECK(err_has("rate(10 days);", "';' is not allowed"));
    CHECK_INT(err_at("rate(10 days);"), 13);
    CHECK(err_has("rate(10\tdays)", "0x09"));
    char big[300];
    memset(big, 'x', sizeof(big));
    struct sr_schedule sc;
    struct sr_sched_error err;
    CHECK_INT(sr_schedule_parse(big, sizeof(big), &sc, &err), -1);
    CHECK(strstr(err.message, "limit is 256") != NULL);
    CHECK_INT(err.offset, 256);
    /* embedded NUL */
    CHECK_INT(sr_schedule_parse("rate(1\0 days)", 13, &sc, &err), -1);
    CHECK_INT(err.offset, 6);
}

TEST(cron_field_count)
{
    CHECK(err_has("cron(0 1 * * ?)", "5 fields"));
    CHECK(err_has("cron(0 1 * * ? * *)", "more than 6 fields"));
    CHECK_INT(err_at("cron(0 1 * * ? * *)"), 17);
    CHECK(err_has("cron()", "0 fields"));
    CHECK(err_has("cron(0 1 * * ? *", "not closed"));
}

TEST(cron_minutes_and_year)
{
    CHECK(err_has("cron(30 1 * * ? *)", "minutes must be 0"));
    CHECK_INT(err_at("cron(30 1 * * ? *)"), 5);
    CHECK(err_has("cron(*/5 1 * * ? *)", "minutes must be 0"));
    CHECK(err_has("cron(0 1 * * ? 2025)", "year must be *"));
    CHECK_INT(err_at("cron(0 1 * * ? 2025)"), 15);
    CHECK_INT(err_at("cron(00 1 * * ? *)"), -1);
}

TEST(cron_question_mark_rule)
{
    CHECK(err_has("cron(0 1 * * * *)", "exactly one of them must be '?'"));
    CHECK_INT(err_at("cron(0 1 * * * *)"), 9);
    CHECK(err_has("cron(0 1 ? * ? *)", "'?' in both"));
    CHECK(err_has("cron(0 1 1 * MON *)", "both set"));
    CHECK(err_has("cron(0 1 1,? * ? *)", "'?' must stand alone"));
    CHECK(err_has("cron(0 ? * * ? *)", "only allowed in the day fields"));
}

TEST(cron_ranges_and_names)
{
    CHECK(err_has("cron(0 24 * * ? *)", "hours value 24 is outside 0-23"));
    CHECK_INT(err_at("cron(0 24 * * ? *)"), 7);
    CHECK(err_has("cron(0 1 32 * ? *)", "outside 1-31"));
    CHECK(err_has("cron(0 1 0 * ? *)", "outside 1-31"));
    CHECK(err_has("cron(0 1 1 13 ? *)", "month value 13"));
    CHECK(err_has("cron(0 1 ? * 8 *)", "day-of-week value 8"));
    CHECK(err_has("cron(0 1 ? * 0 *)", "day-of-week value 0"));
    CHECK(err_has("cron(0 1 ? * FOO *)", "weekday number or name"));
    CHECK_INT(err_at("cron(0 1 ? * FOO *)"), 13);
    CHECK(err_has("cron(0 1 1 FOO ? *)", "month number or name"));
    CHECK(err_has("cron(0 1 ? * FRI-MON *)", "runs backwards"));
    CHECK(err_has("cron(0 5-2 * * ? *)", "runs backwards"));
    CHECK(err_has("cron(0 1 1,,2 * ? *)", "empty item"));
    CHECK(err_has("cron(0 */0 * * ? *)", "step 0"));
    CHECK(err_has("cron(0 1/ * * ? *)", "followed by a step"));
    CHECK(err_has("cron(0 1 ? * MON#6 *)", "after '#' must be 1-5"));
    CHECK(err_has("cron(0 1 ? * MON#0 *)", "after '#' must be 1-5"));
    CHECK(err_has("cron(0 1 1#2 * ? *)", "'#' belongs in the day-of-week"));
    CHECK(err_has("cron(0 1 L-2 * ? *)", "L, LW and nW stand alone"));
    CHECK(err_has("cron(0 1 32W * ? *)", "outside 1-31"));
    /* names are case-insensitive and work in ranges and lists */
    CHECK_INT(err_at("cron(0 8 ? * mon-fri *)"), -1);
    CHECK_INT(err_at("cron(0 8 1 JAN,apr,JUL,OCT ? *)"), -1);
    CHECK_INT(err_at("cron(0 8 1 JAN-MAR ? *)"), -1);
}

TEST(cron_documented_examples_parse)
{
    /* The examples of the Secrets Manager schedule page. */
    CHECK_INT(err_at("cron(0 10 * * ? *)"), -1);
    CHECK_INT(err_at("cron(0 18 ? * SAT *)"), -1);
    CHECK_INT(err_at("cron(0 8 1 * ? *)"), -1);
    CHECK_INT(err_at("cron(0 17 L * ? *)"), -1);
    CHECK_INT(err_at("cron(0 8 ? * MON-FRI *)"), -1);
    CHECK_INT(err_at("cron(0 16 1,15 * ? *)"), -1);
    CHECK_INT(err_at("cron(0 0 ? * SUN#1 *)"), -1);
    CHECK_INT(err_at("cron(0 4/12 * * ? *)"), -1);
    CHECK_INT(err_at("cron(0 8/8 * * ? *)"), -1);
    CHECK_INT(err_at("cron(0 2/10 * * ? *)"), -1);
    CHECK_INT(err_at("cron(0 8 1/7 * ? *)"), -1);
}

TEST(cron_gaps)
{
    CHECK_INT(gap("cron(0 1 ? * MON *)"), 168);
    CHECK_INT(mingap("cron(0 1 ? * MON *)"), 168);
    /* 1 Jan, Apr, Jul, Oct: Jul 1 -> Oct 1 and Oct 1 -> Jan 1 are 92 days. */
    CHECK_INT(gap("cron(0 2 1 */3 ? *)"), 92 * 24);
    CHECK_INT(mingap("cron(0 2 1 */3 ? *)"), 90 * 24); /* Jan 1 -> Apr 1, common year */
    CHECK_INT(gap("cron(0 10 * * ? *)"), 24);
    CHECK_INT(gap("cron(0 4/12 * * ? *)"), 12);
    CHECK_INT(mingap("cron(0 4/12 * * ? *)"), 12);
    /* 8/8 -> 8 and 16: 8 h apart in the day, 16 h from 16:00 to 08:00. */
    CHECK_INT(gap("cron(0 8/8 * * ? *)"), 16);
    CHECK_INT(mingap("cron(0 8/8 * * ? *)"), 8);
    /* 2/10 -> 2, 12, 22: the last window to the next day's first is 4 h. */
    CHECK_INT(gap("cron(0 2/10 * * ? *)"), 10);
    CHECK_INT(mingap("cron(0 2/10 * * ? *)"), 4);
    /* Friday to Monday. */
    CHECK_INT(gap("cron(0 8 ? * MON-FRI *)"), 72);
    CHECK_INT(mingap("cron(0 8 ? * MON-FRI *)"), 24);
    /* Monthly on the 1st: 31 days at most. */
    CHECK_INT(gap("cron(0 8 1 * ? *)"), 31 * 24);
    CHECK_INT(mingap("cron(0 8 1 * ? *)"), 28 * 24);
    /* Last day of the month. */
    CHECK_INT(gap("cron(0 17 L * ? *)"), 31 * 24);
    CHECK_INT(mingap("cron(0 17 L * ? *)"), 28 * 24); /* Jan 31 -> Feb 28 */
    /* 1st and 15th: 15 -> next 1st is up to 17 days (31-day months). */
    CHECK_INT(gap("cron(0 16 1,15 * ? *)"), 17 * 24);
    CHECK_INT(mingap("cron(0 16 1,15 * ? *)"), 14 * 24);
    /* First Sunday of the month: from the 1st to the 7th of the next month. */
    CHECK_INT(gap("cron(0 0 ? * SUN#1 *)"), 35 * 24);
    CHECK_INT(mingap("cron(0 0 ? * SUN#1 *)"), 28 * 24);
    /* 1/10 is 1, 11, 21, 31: 21 -> 1 of the next month in a 30-day month is 10 days. */
    CHECK_INT(gap("cron(0 3 1/10 * ? *)"), 10 * 24);
    CHECK_INT(mingap("cron(0 3 1/10 * ? *)"), 1 * 24); /* 31 -> 1 */
    /* Once a year. */
    CHECK_INT(gap("cron(0 0 1 JAN ? *)"), 366 * 24);
    CHECK_INT(mingap("cron(0 0 1 JAN ? *)"), 365 * 24);
    /* 29 February: leap years only, and 2100, 2200, 2300 are not leap years. */
    CHECK_INT(gap("cron(0 0 29 2 ? *)"), 8LL * 365 * 24 + 24);
    CHECK_INT(mingap("cron(0 0 29 2 ? *)"), 4LL * 365 * 24 + 24);
    /* The hour spread counts across days: 0,12 then 0 the next day. */
    CHECK_INT(gap("cron(0 0,12 ? * MON *)"), 7 * 24 - 12);
    CHECK_INT(mingap("cron(0 0,12 ? * MON *)"), 12);
}

TEST(cron_special_days)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    /* 15W: nearest weekday to the 15th. 2024-06-15 is a Saturday -> Friday 14th. */
    CHECK_INT(parse("cron(0 1 15W * ? *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 6, 14));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 6, 15));
    /* 2024-09-15 is a Sunday -> Monday 16th. */
    CHECK(sr_schedule_fires_on(&sc, 2024, 9, 16));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 9, 15));
    /* 2024-05-15 is a Wednesday. */
    CHECK(sr_schedule_fires_on(&sc, 2024, 5, 15));
    /* 1W when the 1st is a Saturday (2024-06-01) -> Monday the 3rd, never the month before. */
    CHECK_INT(parse("cron(0 1 1W * ? *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 6, 3));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 5, 31));
    /* 30W when the 30th is a Sunday and the last day (2024-06-30) -> Friday 28th. */
    CHECK_INT(parse("cron(0 1 30W * ? *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 6, 28));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 7, 1));
    /* LW: last weekday. 2024-08-31 is a Saturday -> Friday 30th. */
    CHECK_INT(parse("cron(0 1 LW * ? *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 8, 30));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 8, 31));
    CHECK(sr_schedule_fires_on(&sc, 2024, 10, 31)); /* a Thursday */
    /* FRIL / 6L: last Friday. 2024-05-31 is a Friday. */
    CHECK_INT(parse("cron(0 1 ? * FRIL *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 5, 31));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 5, 24));
    CHECK_INT(parse("cron(0 1 ? * 6L *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 5, 31));
    /* TUE#3: third Tuesday. 2024-05-21. */
    CHECK_INT(parse("cron(0 1 ? * TUE#3 *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 5, 21));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 5, 14));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 5, 28));
    /* L alone in day-of-week: Saturday. */
    CHECK_INT(parse("cron(0 1 ? * L *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 6, 1));
    CHECK_INT(sc.max_gap_hours, 168);
    /* Month list restricts every day form. */
    CHECK_INT(parse("cron(0 1 L FEB ? *)", &sc, &err), 0);
    CHECK(sr_schedule_fires_on(&sc, 2024, 2, 29));
    CHECK(sr_schedule_fires_on(&sc, 2023, 2, 28));
    CHECK(!sr_schedule_fires_on(&sc, 2024, 3, 31));
}

TEST(cron_five_weeks_and_never)
{
    /* 5th Monday of February: only in a leap year whose Feb 29 is a Monday. */
    CHECK(gap("cron(0 1 ? 2 MON#5 *)") > 365 * 24);
    /* Never fires. */
    CHECK(err_has("cron(0 1 30 FEB ? *)", "never fires"));
    CHECK(err_has("cron(0 1 31 APR,JUN,SEP,NOV ? *)", "never fires"));
    CHECK_INT(err_at("cron(0 1 31 APR ? *)"), 9);
}

TEST(cron_too_frequent)
{
    CHECK(err_has("cron(0 * * * ? *)", "only 1 hour apart"));
    CHECK_INT(err_at("cron(0 * * * ? *)"), 7);
    CHECK(err_has("cron(0 0,2 * * ? *)", "2 hours apart"));
    /* 0,20: 20 -> 0 next day is 4 h: allowed. 0,21 is 3 h: not. */
    CHECK_INT(err_at("cron(0 0,20 * * ? *)"), -1);
    CHECK(err_has("cron(0 0,21 * * ? *)", "3 hours apart"));
    /* On Mondays only: the gap inside the day still counts; 1,23 is 22 h apart. */
    CHECK(err_has("cron(0 1,3 ? * MON *)", "2 hours apart"));
    CHECK_INT(err_at("cron(0 1,23 ? * MON *)"), -1);
    CHECK_INT(err_at("cron(0 */4 * * ? *)"), -1);
}

TEST(after_days)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    CHECK_INT(sr_schedule_after_days(45, &sc, &err), 0);
    CHECK_INT(sc.max_gap_hours, 45 * 24);
    CHECK_INT(sc.hourly, 0);
    CHECK_INT(sr_schedule_after_days(1000, &sc, &err), 0);
    CHECK_INT(sr_schedule_after_days(0, &sc, &err), -1);
    CHECK(strstr(err.message, "outside 1-1000") != NULL);
    CHECK_INT(sr_schedule_after_days(1001, &sc, &err), -1);
}

TEST(duration)
{
    int h = 0;
    struct sr_sched_error err;
    CHECK_INT(sr_duration_parse("3h", 2, &h, &err), 0);
    CHECK_INT(h, 3);
    CHECK_INT(sr_duration_parse("24h", 3, &h, &err), 0);
    CHECK_INT(h, 24);
    CHECK_INT(sr_duration_parse("01h", 3, &h, &err), 0);
    CHECK_INT(h, 1);
    CHECK_INT(sr_duration_parse("0h", 2, &h, &err), -1);
    CHECK(strstr(err.message, "at least 1h") != NULL);
    CHECK_INT(sr_duration_parse("25h", 3, &h, &err), -1);
    CHECK(strstr(err.message, "longer than a day") != NULL);
    CHECK_INT(sr_duration_parse("100h", 4, &h, &err), -1);
    CHECK(strstr(err.message, "2 or 3 characters") != NULL);
    CHECK_INT(sr_duration_parse("h", 1, &h, &err), -1);
    CHECK_INT(sr_duration_parse("3H", 2, &h, &err), -1);
    CHECK_INT(err.offset, 1);
    CHECK_INT(sr_duration_parse("3d", 2, &h, &err), -1);
    CHECK_INT(sr_duration_parse("a3h", 3, &h, &err), -1);
    CHECK_INT(err.offset, 0);
    CHECK_INT(sr_duration_parse("-3h", 3, &h, &err), -1);
}

TEST(windows)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    /* Hourly: the window must fit between windows. */
    CHECK_INT(parse("rate(4 hours)", &sc, &err), 0);
    CHECK_INT(sr_window_check(&sc, 4, &err), 0);
    CHECK_INT(sr_window_check(&sc, 5, &err), -1);
    CHECK(strstr(err.message, "longer than the 4 hours") != NULL);
    CHECK_INT(parse("cron(0 2/10 * * ? *)", &sc, &err), 0);
    CHECK_INT(sr_window_check(&sc, 4, &err), 0);
    CHECK_INT(sr_window_check(&sc, 5, &err), -1);
    /* Daily: start hour plus window at most 24. */
    CHECK_INT(parse("cron(0 20 * * ? *)", &sc, &err), 0);
    CHECK_INT(sc.hourly, 0);
    CHECK_INT(sr_window_check(&sc, 4, &err), 0);
    CHECK_INT(sr_window_check(&sc, 5, &err), -1);
    CHECK(strstr(err.message, "opens at 20:00 UTC") != NULL);
    CHECK_INT(parse("rate(10 days)", &sc, &err), 0);
    CHECK_INT(sr_window_check(&sc, 24, &err), 0);
    CHECK_INT(sr_window_check(&sc, 25, &err), -1);
    CHECK_INT(sr_schedule_after_days(30, &sc, &err), 0);
    CHECK_INT(sr_window_check(&sc, 24, &err), 0);
}

TEST(fires_on_rate_is_zero)
{
    struct sr_schedule sc;
    struct sr_sched_error err;
    CHECK_INT(parse("rate(1 day)", &sc, &err), 0);
    CHECK_INT(sr_schedule_fires_on(&sc, 2024, 1, 1), 0);
    CHECK_INT(parse("cron(0 1 * * ? *)", &sc, &err), 0);
    CHECK_INT(sr_schedule_fires_on(&sc, 2024, 2, 30), 0);
    CHECK_INT(sr_schedule_fires_on(&sc, 2024, 13, 1), 0);
    CHECK_INT(sr_schedule_fires_on(&sc, 2024, 2, 29), 1);
}

int main(void)
{
    RUN(rate_days_and_hours);
    RUN(rate_errors);
    RUN(characters_and_length);
    RUN(cron_field_count);
    RUN(cron_minutes_and_year);
    RUN(cron_question_mark_rule);
    RUN(cron_ranges_and_names);
    RUN(cron_documented_examples_parse);
    RUN(cron_gaps);
    RUN(cron_special_days);
    RUN(cron_five_weeks_and_never);
    RUN(cron_too_frequent);
    RUN(after_days);
    RUN(duration);
    RUN(windows);
    RUN(fires_on_rate_is_zero);
    return CHECK_DONE();
}
