/*
 * say.c - one escaped line for messages outside the reports (say.h).
 */
#include "say.h"

#include <stdarg.h>
#include <stdlib.h>

#include "arena.h"
#include "report_escape.h"

void sr_write_safe(FILE *out, const char *s, size_t len)
{
    size_t i = 0, run = 0; /* s[run, i) is safe and not written yet */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) {
            i++; /* printable ASCII: the common case, written in runs */
            continue;
        }
        uint32_t cp;
        size_t k = sr_utf8_decode(s + i, len - i, &cp);
        if (cp != SR_UTF8_BAD && !sr_cp_unsafe(cp)) {
            i += k;
            continue;
        }
        fwrite(s + run, 1, i - run, out);
        if (cp == SR_UTF8_BAD) {
            fprintf(out, "\\x%02X", c);
        } else {
            char buf[12];
            size_t n = sr_cp_visible(cp, buf);
            fwrite(buf, 1, n, out);
        }
        i += k;
        run = i;
    }
    fwrite(s + run, 1, i - run, out);
}

void sr_say(FILE *out, const char *fmt, ...)
{
    char small[512];
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(aq);
        return;
    }
    char *buf = small;
    if ((size_t)n >= sizeof(small)) {
        buf = sr_xmalloc((size_t)n + 1);
        vsnprintf(buf, (size_t)n + 1, fmt, aq);
    }
    va_end(aq);
    sr_write_safe(out, buf, (size_t)n);
    fputc('\n', out);
    if (buf != small)
        free(buf);
}
