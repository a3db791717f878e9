/*
 * cron.c - Secrets Manager ScheduleExpression and Duration: parse, check,
 * and measure.
 *
 * The parser keeps the byte offset of every field so errors can point at
 * the bad part. The gap computation evaluates the day fields once per kind
 * of year (leap or not, weekday of 1 January: 14 kinds) and then walks one
 * full 400-year Gregorian cycle (146097 days, a whole number of weeks), so
 * the longest and shortest gaps are exact, including the wrap to the next
 * cycle. It does not know time zones other than UTC, nor EventBridge's
 * looser syntax (minutes, years, rate() in minutes).
 */
#include "cron.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SR_CYCLE_YEARS 400
#define SR_CYCLE_DAYS 146097LL

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static int sr_sched_fail(struct sr_sched_error *err, size_t offset, size_t len, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));

static int sr_sched_fail(struct sr_sched_error *err, size_t offset, size_t len, const char *fmt,
                         ...)
{
    if (err) {
        va_list ap;
        err->offset = offset;
        err->len = len ? len : 1;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Calendar                                                             */
/* ------------------------------------------------------------------ */

static int sr_is_leap(long long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int sr_days_in_month(int leap, int m)
{
    static const int dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 ? 28 + leap : dim[m];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long sr_days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * SR_CYCLE_DAYS + doe - 719468;
}

/* Weekday 1..7 (1 = Sunday) of a day count from 1970-01-01 (a Thursday). */
static int sr_weekday_of(long long days)
{
    long long w = (days + 4) % 7; /* 0 = Sunday */
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

/* Weekday of day n of the month, knowing that day d has weekday wd. */
static int sr_shift_weekday(int wd, int d, int n)
{
    int w = ((wd - 1 + (n - d)) % 7 + 7) % 7;
    return w + 1;
}

/* ------------------------------------------------------------------ */
/* Day matching                                                         */
/* ------------------------------------------------------------------ */

static int sr_match_day(const struct sr_schedule *sc, int leap, int m, int d, int wd)
{
    if (!(sc->months & (1u << m)))
        return 0;
    int dim = sr_days_in_month(leap, m);
    if (!sc->dom_any) {
        if (sc->dom & (1u << d))
            return 1;
        if (sc->dom_last && d == dim)
            return 1;
        if (sc->dom_last_w) {
            int wl = sr_shift_weekday(wd, d, dim);
            int t = wl == 7 ? dim - 1 : wl == 1 ? dim - 2 : dim;
            if (d == t)
                return 1;
        }
        for (int n = 1; sc->dom_w && n <= 31; n++) {
            if (!(sc->dom_w & (1u << n)) || n > dim)
                continue;
            int wn = sr_shift_weekday(wd, d, n);
            int t = n;
            if (wn == 7) /* Saturday: the Friday before, or Monday the 3rd */
                t = n == 1 ? 3 : n - 1;
            else if (wn == 1) /* Sunday: the Monday after, or the Friday before */
                t = n == dim ? n - 2 : n + 1;
            if (d == t)
                return 1;
        }
        return 0;
    }
    if (sc->dow & (1u << wd))
        return 1;
    if ((sc->dow_last & (1u << wd)) && d + 7 > dim)
        return 1;
    if (sc->dow_nth[wd] & (1u << ((d - 1) / 7 + 1)))
        return 1;
    return 0;
}

int sr_schedule_fires_on(const struct sr_schedule *sc, int year, int month, int day)
{
    if (!sc || sc->kind != SR_SCHED_CRON || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = sr_is_leap(year);
    if (day > sr_days_in_month(leap, month))
        return 0;
    int wd = sr_weekday_of(sr_days_from_civil(year, month, day));
    return sr_match_day(sc, leap, month, day, wd);
}

/* ------------------------------------------------------------------ */
/* Gaps over the 400-year cycle                                         */
/* ------------------------------------------------------------------ */

struct sr_year_kind {
    int done;
    int count;            /* firing days in the year */
    int first, last;      /* day of year (0-based) of the first and last */
    int max_gap, min_gap; /* between consecutive firing days inside the year */
};

static void sr_year_kind_fill(const struct sr_schedule *sc, int leap, int jan1,
                              struct sr_year_kind *k)
{
    int doy = 0, prev = -1;
    k->done = 1;
    k->count = 0;
    k->max_gap = 0;
    k->min_gap = 1 << 30;
    for (int m = 1; m <= 12; m++) {
        int dim = sr_days_in_month(leap, m);
        for (int d = 1; d <= dim; d++, doy++) {
            int wd = (jan1 - 1 + doy) % 7 + 1;
            if (!sr_match_day(sc, leap, m, d, wd))
                continue;
            if (prev >= 0) {
                int g = doy - prev;
                if (g > k->max_gap)
                    k->max_gap = g;
                if (g < k->min_gap)
                    k->min_gap = g;
            } else {
                k->first = doy;
            }
            prev = doy;
            k->last = doy;
            k->count++;
        }
    }
}

/* Longest and shortest gap in days between consecutive firing days.
 * Returns 0, or -1 when the schedule never fires. */
static int sr_day_gaps(const struct sr_schedule *sc, long long *max_days, long long *min_days)
{
    struct sr_year_kind kinds[2][8];
    memset(kinds, 0, sizeof(kinds));
    long long base = 0, first_abs = -1, prev_abs = -1;
    long long mx = 0, mn = SR_CYCLE_DAYS;
    int jan1 = 7; /* 2000-01-01 was a Saturday */
    for (int i = 0; i < SR_CYCLE_YEARS; i++) {
        int leap = sr_is_leap(2000 + i);
        struct sr_year_kind *k = &kinds[leap][jan1];
        if (!k->done)
            sr_year_kind_fill(sc, leap, jan1, k);
        if (k->count > 0) {
            if (prev_abs >= 0) {
                long long g = base + k->first - prev_abs;
                if (g > mx)
                    mx = g;
                if (g < mn)
                    mn = g;
            } else {
                first_abs = base + k->first;
            }
            if (k->count > 1) {
                if (k->max_gap > mx)
                    mx = k->max_gap;
                if (k->min_gap < mn)
                    mn = k->min_gap;
            }
            prev_abs = base + k->last;
        }
        int ylen = 365 + leap;
        base += ylen;
        jan1 = (jan1 - 1 + ylen) % 7 + 1;
    }
    if (first_abs < 0)
        return -1;
    /* Wrap to the first firing of the next cycle. */
    long long g = first_abs + SR_CYCLE_DAYS - prev_abs;
    if (g > mx)
        mx = g;
    if (g < mn)
        mn = g;
    *max_days = mx;
    *min_days = mn;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Field parsing                                                        */
/* ------------------------------------------------------------------ */

static const char *const sr_month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                             "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
static const char *const sr_day_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct sr_field {
    const char *name; /* "hours", ... for messages */
    int lo, hi;
    const char *const *names; /* names for lo..hi, or NULL */
};

static int sr_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int sr_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/*
 * Reads a number or a name at s[*i] (end e). Returns 0 with *v, or -1 with
 * err. base is the offset of s within the expression.
 */
static int sr_read_value(const char *s, size_t *i, size_t e, size_t base, const struct sr_field *f,
                         int *v, struct sr_sched_error *err)
{
    size_t st = *i;
    if (st < e && sr_is_digit((unsigned char)s[st])) {
        long n = 0;
        while (*i < e && sr_is_digit((unsigned char)s[*i])) {
            if (n < 100000)
                n = n * 10 + (s[*i] - '0');
            (*i)++;
        }
        if (n < f->lo || n > f->hi) {
            sr_sched_fail(err, base + st, *i - st, "%s value %ld is outside %d-%d", f->name, n,
                          f->lo, f->hi);
            return -1;
        }
        *v = (int)n;
        return 0;
    }
    if (f->names && st + 3 <= e) {
        for (int k = 0; k <= f->hi - f->lo; k++) {
            const char *nm = f->names[k];
            if (sr_upper((unsigned char)s[st]) == nm[0] &&
                sr_upper((unsigned char)s[st + 1]) == nm[1] &&
                sr_upper((unsigned char)s[st + 2]) == nm[2]) {
                *i = st + 3;
                *v = f->lo + k;
                return 0;
            }
        }
    }
    size_t n = st;
    while (n < e && s[n] != ',' && s[n] != '-' && s[n] != '/' && s[n] != '#')
        n++;
    /* An explicit -1: the analyser does not follow the variadic sr_sched_fail
     * and would otherwise take *v as set on these paths. */
    if (n == st) {
        sr_sched_fail(err, base + st, 1, "%s: a value is missing here", f->name);
        return -1;
    }
    sr_sched_fail(err, base + st, n - st, "%s: '%.*s' is not a %s", f->name, (int)(n - st), s + st,
                  f->names ? (f->names == sr_month_names ? "month number or name (JAN-DEC)"
                                                         : "weekday number or name (SUN-SAT)")
                           : "number");
    return -1;
}

/*
 * Parses one list element "*", "v", "a-b", with an optional "/step", into
 * *mask. Elements with L, W or # are handled by the callers first.
 */
static int sr_parse_element(const char *s, size_t st, size_t e, size_t base,
                            const struct sr_field *f, uint32_t *mask, struct sr_sched_error *err)
{
    size_t i = st;
    int a, b, step = 1, ranged = 0;
    if (i < e && s[i] == '*') {
        a = f->lo;
        b = f->hi;
        i++;
        ranged = 1;
    } else {
        if (sr_read_value(s, &i, e, base, f, &a, err) < 0)
            return -1;
        b = a;
        if (i < e && s[i] == '-') {
            i++;
            if (sr_read_value(s, &i, e, base, f, &b, err) < 0)
                return -1;
            if (b < a)
                return sr_sched_fail(err, base + st, i - st,
                                     "%s range '%.*s' runs backwards (from %d down to %d)", f->name,
                                     (int)(i - st), s + st, a, b);
            ranged = 1;
        }
    }
    if (i < e && s[i] == '/') {
        size_t ss = ++i;
        long n = 0;
        while (i < e && sr_is_digit((unsigned char)s[i])) {
            if (n < 100000)
                n = n * 10 + (s[i] - '0');
            i++;
        }
        if (i == ss)
            return sr_sched_fail(err, base + ss - 1, 1, "%s: '/' must be followed by a step",
                                 f->name);
        if (n < 1 || n > f->hi)
            return sr_sched_fail(err, base + ss, i - ss, "%s step %ld is outside 1-%d", f->name, n,
                                 f->hi);
        step = (int)n;
        if (!ranged)
            b = f->hi; /* "a/n": from a to the end of the range */
    }
    if (i != e)
        return sr_sched_fail(err, base + i, e - i, "%s: unexpected '%.*s'", f->name, (int)(e - i),
                             s + i);
    for (int v = a; v <= b; v += step)
        *mask |= 1u << v;
    return 0;
}

struct sr_tok {
    size_t off, len;
};

static const struct sr_field sr_f_hours = {"hours", 0, 23, NULL};
static const struct sr_field sr_f_dom = {"day-of-month", 1, 31, NULL};
static const struct sr_field sr_f_month = {"month", 1, 12, sr_month_names};
static const struct sr_field sr_f_dow = {"day-of-week", 1, 7, sr_day_names};

/* Splits a field at commas and calls the element parser for each part. */
typedef int (*sr_elem_fn)(const char *s, size_t st, size_t e, size_t base, struct sr_schedule *sc,
                          struct sr_sched_error *err);

static int sr_parse_list(const char *s, struct sr_tok t, const struct sr_field *f,
                         struct sr_schedule *sc, sr_elem_fn fn, struct sr_sched_error *err)
{
    size_t st = t.off, end = t.off + t.len;
    for (size_t i = st; i <= end; i++) {
        if (i < end && s[i] != ',')
            continue;
        if (i == st)
            return sr_sched_fail(err, i, 1, "%s: empty item in the list", f->name);
        if (fn(s, st, i, 0, sc, err) < 0)
            return -1;
        st = i + 1;
    }
    return 0;
}

static int sr_elem_hours(const char *s, size_t st, size_t e, size_t base, struct sr_schedule *sc,
                         struct sr_sched_error *err)
{
    if (e - st == 1 && (s[st] == '?' || sr_upper((unsigned char)s[st]) == 'L'))
        return sr_sched_fail(err, base + st, 1, "hours: '%c' is only allowed in the day fields",
                             s[st]);
    return sr_parse_element(s, st, e, base, &sr_f_hours, &sc->hours, err);
}

static int sr_elem_month(const char *s, size_t st, size_t e, size_t base, struct sr_schedule *sc,
                         struct sr_sched_error *err)
{
    uint32_t m = 0;
    if (sr_parse_element(s, st, e, base, &sr_f_month, &m, err) < 0)
        return -1;
    sc->months |= (uint16_t)m;
    return 0;
}

static int sr_elem_dom(const char *s, size_t st, size_t e, size_t base, struct sr_schedule *sc,
                       struct sr_sched_error *err)
{
    size_t n = e - st;
    if (n == 1 && sr_upper((unsigned char)s[st]) == 'L') {
        sc->dom_last = 1;
        return 0;
    }
    if (n == 2 && sr_upper((unsigned char)s[st]) == 'L' &&
        sr_upper((unsigned char)s[st + 1]) == 'W') {
        sc->dom_last_w = 1;
        return 0;
    }
    if (n >= 2 && sr_upper((unsigned char)s[e - 1]) == 'W') {
        size_t i = st;
        int v;
        if (sr_read_value(s, &i, e - 1, base, &sr_f_dom, &v, err) < 0)
            return -1;
        if (i != e - 1)
            return sr_sched_fail(err, base + st, n,
                                 "day-of-month: W takes one day number, like 15W");
        sc->dom_w |= 1u << v;
        return 0;
    }
    for (size_t i = st; i < e; i++) {
        if (s[i] == '?')
            return sr_sched_fail(err, base + i, 1, "day-of-month: '?' must stand alone");
        if (s[i] == '#')
            return sr_sched_fail(err, base + i, 1,
                                 "day-of-month: '#' belongs in the day-of-week field");
        if (sr_upper((unsigned char)s[i]) == 'L' || sr_upper((unsigned char)s[i]) == 'W')
            return sr_sched_fail(err, base + st, n,
                                 "day-of-month: '%.*s' is not valid: L, LW and nW stand alone",
                                 (int)n, s + st);
    }
    return sr_parse_element(s, st, e, base, &sr_f_dom, &sc->dom, err);
}

static int sr_elem_dow(const char *s, size_t st, size_t e, size_t base, struct sr_schedule *sc,
                       struct sr_sched_error *err)
{
    size_t n = e - st;
    if (n == 1 && sr_upper((unsigned char)s[st]) == 'L') {
        sc->dow |= 1u << 7; /* the last day of the week: Saturday */
        return 0;
    }
    const char *hash = memchr(s + st, '#', n);
    if (hash) {
        size_t i = st, h = (size_t)(hash - s);
        int v;
        if (sr_read_value(s, &i, h, base, &sr_f_dow, &v, err) < 0)
            return -1;
        if (i != h)
            return sr_sched_fail(err, base + st, n,
                                 "day-of-week: '#' takes one weekday, like TUE#3");
        size_t ks = h + 1;
        if (e - ks != 1 || s[ks] < '1' || s[ks] > '5')
            return sr_sched_fail(err, base + ks, e > ks ? e - ks : 1,
                                 "day-of-week: the number after '#' must be 1-5");
        sc->dow_nth[v] |= (uint8_t)(1u << (s[ks] - '0'));
        return 0;
    }
    if (n >= 2 && sr_upper((unsigned char)s[e - 1]) == 'L') {
        size_t i = st;
        int v;
        if (sr_read_value(s, &i, e - 1, base, &sr_f_dow, &v, err) < 0)
            return -1;
        if (i != e - 1)
            return sr_sched_fail(err, base + st, n,
                                 "day-of-week: L takes one weekday, like FRIL or 6L");
        sc->dow_last |= (uint8_t)(1u << v);
        return 0;
    }
    for (size_t i = st; i < e; i++)
        if (s[i] == '?')
            return sr_sched_fail(err, base + i, 1, "day-of-week: '?' must stand alone");
    uint32_t m = 0;
    if (sr_parse_element(s, st, e, base, &sr_f_dow, &m, err) < 0)
        return -1;
    sc->dow |= (uint8_t)m;
    return 0;
}

/* ------------------------------------------------------------------ */
/* rate() and cron()                                                    */
/* ------------------------------------------------------------------ */

static int sr_is_space(int c)
{
    return c == ' ';
}

static int sr_parse_rate(const char *s, size_t st, size_t e, struct sr_schedule *sc,
                         struct sr_sched_error *err)
{
    size_t i = st;
    while (i < e && sr_is_space((unsigned char)s[i]))
        i++;
    size_t vs = i;
    long long v = 0;
    while (i < e && sr_is_digit((unsigned char)s[i])) {
        if (v < 1000000000LL)
            v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == vs)
        return sr_sched_fail(err, vs, i < e ? 1 : 0,
                             "rate() needs a positive whole number first, like rate(10 days)");
    size_t vlen = i - vs;
    if (v == 0)
        return sr_sched_fail(err, vs, vlen, "rate() value must be a positive integer, not 0");
    if (i >= e || !sr_is_space((unsigned char)s[i]))
        return sr_sched_fail(err, i, 1, "rate() needs a space and a unit after the number");
    while (i < e && sr_is_space((unsigned char)s[i]))
        i++;
    size_t us = i;
    while (i < e && !sr_is_space((unsigned char)s[i]))
        i++;
    size_t ulen = i - us;
    while (i < e && sr_is_space((unsigned char)s[i]))
        i++;
    if (i != e)
        return sr_sched_fail(err, i, e - i, "unexpected '%.*s' after the rate() unit", (int)(e - i),
                             s + i);
    const char *u = s + us;
    int days;
    if ((ulen == 4 && memcmp(u, "hour", 4) == 0) || (ulen == 5 && memcmp(u, "hours", 5) == 0))
        days = 0;
    else if ((ulen == 3 && memcmp(u, "day", 3) == 0) || (ulen == 4 && memcmp(u, "days", 4) == 0))
        days = 1;
    else if (ulen >= 6 && memcmp(u, "minute", 6) == 0)
        return sr_sched_fail(err, us, ulen,
                             "Secrets Manager rate() takes hours or days, not minutes");
    else
        return sr_sched_fail(err, us, ulen ? ulen : 1,
                             "rate() unit '%.*s' is not hour, hours, day or days", (int)ulen, u);
    if (!days && v < SR_ROTATION_MIN_HOURS)
        return sr_sched_fail(err, vs, vlen,
                             "rate(%lld %.*s) is too frequent: Secrets Manager rotates at most "
                             "every %d hours",
                             v, (int)ulen, u, SR_ROTATION_MIN_HOURS);
    long long hours = days ? v * 24 : v;
    if (v >= 1000000000LL || hours > (long long)SR_ROTATION_MAX_DAYS * 24)
        return sr_sched_fail(err, vs, vlen,
                             "rate() period is longer than the %d-day maximum of Secrets Manager",
                             SR_ROTATION_MAX_DAYS);
    sc->kind = SR_SCHED_RATE;
    sc->rate_value = v;
    sc->rate_days = days;
    sc->hourly = !days;
    sc->max_gap_hours = sc->min_gap_hours = hours;
    sc->first_hour = sc->last_hour = 0;
    return 0;
}

static int sr_parse_cron(const char *s, size_t st, size_t e, struct sr_schedule *sc,
                         struct sr_sched_error *err)
{
    static const char *const fields = "minutes hours day-of-month month day-of-week year";
    struct sr_tok tok[7];
    size_t nt = 0;
    for (size_t i = st; i < e;) {
        while (i < e && sr_is_space((unsigned char)s[i]))
            i++;
        if (i >= e)
            break;
        size_t ts = i;
        while (i < e && !sr_is_space((unsigned char)s[i]))
            i++;
        if (nt == 6)
            return sr_sched_fail(err, ts, e - ts,
                                 "cron() has more than 6 fields; Secrets Manager needs exactly 6 "
                                 "(%s)",
                                 fields);
        tok[nt].off = ts;
        tok[nt].len = i - ts;
        nt++;
    }
    if (nt < 6)
        return sr_sched_fail(err, st, e - st,
                             "cron() has %zu field%s; Secrets Manager needs exactly 6 (%s)", nt,
                             nt == 1 ? "" : "s", fields);

    /* minutes: 0 only */
    {
        size_t i = tok[0].off, n = tok[0].len, z = 0;
        while (z < n && s[i + z] == '0')
            z++;
        if (z == 0 || z != n)
            return sr_sched_fail(err, i, n,
                                 "minutes must be 0: Secrets Manager rotation windows open on the "
                                 "hour (got '%.*s')",
                                 (int)n, s + i);
    }
    /* year: * only */
    if (tok[5].len != 1 || s[tok[5].off] != '*')
        return sr_sched_fail(err, tok[5].off, tok[5].len,
                             "year must be *: Secrets Manager does not take schedules tied to "
                             "years (got '%.*s')",
                             (int)tok[5].len, s + tok[5].off);

    sc->kind = SR_SCHED_CRON;
    if (sr_parse_list(s, tok[1], &sr_f_hours, sc, sr_elem_hours, err) < 0)
        return -1;
    if (tok[2].len == 1 && s[tok[2].off] == '?')
        sc->dom_any = 1;
    else if (sr_parse_list(s, tok[2], &sr_f_dom, sc, sr_elem_dom, err) < 0)
        return -1;
    if (sr_parse_list(s, tok[3], &sr_f_month, sc, sr_elem_month, err) < 0)
        return -1;
    if (tok[4].len == 1 && s[tok[4].off] == '?')
        sc->dow_any = 1;
    else if (sr_parse_list(s, tok[4], &sr_f_dow, sc, sr_elem_dow, err) < 0)
        return -1;
    if (sc->dom_any && sc->dow_any)
        return sr_sched_fail(err, tok[2].off, tok[4].off + tok[4].len - tok[2].off,
                             "'?' in both day-of-month and day-of-week: exactly one of them must "
                             "be '?'");
    if (!sc->dom_any && !sc->dow_any)
        return sr_sched_fail(err, tok[2].off, tok[4].off + tok[4].len - tok[2].off,
                             "day-of-month '%.*s' and day-of-week '%.*s' are both set: exactly "
                             "one of them must be '?'",
                             (int)tok[2].len, s + tok[2].off, (int)tok[4].len, s + tok[4].off);

    long long maxd, mind;
    if (sr_day_gaps(sc, &maxd, &mind) < 0)
        return sr_sched_fail(err, tok[2].off, tok[4].off + tok[4].len - tok[2].off,
                             "this cron() never fires: no date matches day-of-month '%.*s', "
                             "month '%.*s' and day-of-week '%.*s'",
                             (int)tok[2].len, s + tok[2].off, (int)tok[3].len, s + tok[3].off,
                             (int)tok[4].len, s + tok[4].off);

    int first = -1, last = -1, nh = 0, prev = -1;
    long long hmax = 0, hmin = 24;
    for (int h = 0; h < 24; h++) {
        if (!(sc->hours & (1u << h)))
            continue;
        if (first < 0)
            first = h;
        if (prev >= 0) {
            if (h - prev > hmax)
                hmax = h - prev;
            if (h - prev < hmin)
                hmin = h - prev;
        }
        prev = last = h;
        nh++;
    }
    sc->first_hour = first;
    sc->last_hour = last;
    sc->hourly = nh > 1;
    long long span = last - first;
    long long cross_max = maxd * 24 - span, cross_min = mind * 24 - span;
    sc->max_gap_hours = nh > 1 && hmax > cross_max ? hmax : cross_max;
    sc->min_gap_hours = nh > 1 && hmin < cross_min ? hmin : cross_min;
    if (sc->min_gap_hours < SR_ROTATION_MIN_HOURS)
        return sr_sched_fail(err, tok[1].off, tok[1].len,
                             "hours '%.*s' open windows only %lld hour%s apart: Secrets Manager "
                             "rotates at most every %d hours",
                             (int)tok[1].len, s + tok[1].off, sc->min_gap_hours,
                             sc->min_gap_hours == 1 ? "" : "s", SR_ROTATION_MIN_HOURS);
    return 0;
}

int sr_schedule_parse(const char *s, size_t len, struct sr_schedule *out,
                      struct sr_sched_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!s || len == 0)
        return sr_sched_fail(err, 0, 0, "the schedule expression is empty");
    if (len > SR_SCHEDULE_MAX_LEN)
        return sr_sched_fail(err, SR_SCHEDULE_MAX_LEN, len - SR_SCHEDULE_MAX_LEN,
                             "the schedule expression is %zu characters long; the limit is %d", len,
                             SR_SCHEDULE_MAX_LEN);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            strchr("()#?*-/, ", c) != NULL) {
            if (c != 0)
                continue;
        }
        if (c >= 0x21 && c < 0x7f)
            return sr_sched_fail(err, i, 1,
                                 "character '%c' is not allowed in a schedule expression", c);
        return sr_sched_fail(err, i, 1, "character 0x%02x is not allowed in a schedule expression",
                             c);
    }
    if (len >= 5 && memcmp(s, "rate(", 5) == 0) {
        if (s[len - 1] != ')')
            return sr_sched_fail(err, len - 1, 1, "rate( is not closed with ')' at the end");
        return sr_parse_rate(s, 5, len - 1, out, err);
    }
    if (len >= 5 && memcmp(s, "cron(", 5) == 0) {
        if (s[len - 1] != ')')
            return sr_sched_fail(err, len - 1, 1, "cron( is not closed with ')' at the end");
        return sr_parse_cron(s, 5, len - 1, out, err);
    }
    size_t n = 0;
    while (n < len && s[n] != '(')
        n++;
    return sr_sched_fail(err, 0, n,
                         "a schedule expression must be rate(...) or cron(...), got '%.*s'",
                         (int)(n < 40 ? n : 40), s);
}

int sr_schedule_after_days(long long days, struct sr_schedule *out, struct sr_sched_error *err)
{
    memset(out, 0, sizeof(*out));
    if (days < SR_AFTER_DAYS_MIN || days > SR_AFTER_DAYS_MAX)
        return sr_sched_fail(err, 0, 0, "AutomaticallyAfterDays %lld is outside %d-%d", days,
                             SR_AFTER_DAYS_MIN, SR_AFTER_DAYS_MAX);
    out->kind = SR_SCHED_RATE;
    out->rate_value = days;
    out->rate_days = 1;
    out->max_gap_hours = out->min_gap_hours = days * 24;
    return 0;
}

int sr_duration_parse(const char *s, size_t len, int *hours, struct sr_sched_error *err)
{
    if (!s || len < 2 || len > 3)
        return sr_sched_fail(err, 0, len,
                             "Duration must be 2 or 3 characters, a number of hours like 3h");
    if (s[len - 1] != 'h')
        return sr_sched_fail(err, len - 1, 1,
                             "Duration must end in a lowercase 'h' (hours), like 3h");
    int v = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (!sr_is_digit((unsigned char)s[i]))
            return sr_sched_fail(err, i, 1, "Duration must be digits followed by 'h', like 3h");
        v = v * 10 + (s[i] - '0');
    }
    if (v < SR_DURATION_MIN_HOURS)
        return sr_sched_fail(err, 0, len - 1, "a rotation window must be at least %dh",
                             SR_DURATION_MIN_HOURS);
    if (v > SR_DURATION_MAX_HOURS)
        return sr_sched_fail(err, 0, len - 1,
                             "a %dh rotation window is longer than a day: it may not run into the "
                             "next UTC day",
                             v);
    *hours = v;
    return 0;
}

int sr_window_check(const struct sr_schedule *sc, int hours, struct sr_sched_error *err)
{
    if (hours < SR_DURATION_MIN_HOURS || hours > SR_DURATION_MAX_HOURS)
        return sr_sched_fail(err, 0, 0, "a %dh rotation window is outside %d-%dh", hours,
                             SR_DURATION_MIN_HOURS, SR_DURATION_MAX_HOURS);
    if (sc->hourly) {
        if (hours > sc->min_gap_hours)
            return sr_sched_fail(err, 0, 0,
                                 "the %dh rotation window is longer than the %lld hours between "
                                 "two rotations, so it runs into the next window",
                                 hours, sc->min_gap_hours);
        return 0;
    }
    if (sc->last_hour + hours > 24)
        return sr_sched_fail(err, 0, 0,
                             "the rotation window opens at %02d:00 UTC and a %dh window runs "
                             "past midnight UTC (start hour plus window must be at most 24)",
                             sc->last_hour, hours);
    return 0;
}
