/*
 * report_escape.c - UTF-8 decoding, unsafe code points and the escaping
 * shared by the machine-readable formats (JSON writer, XML text).
 *
 * It does not decide what a format reports, only how a string is spelled so
 * that no control character or invalid byte from a template gets through.
 */
#include "report_escape.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

size_t sr_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t len;
    uint32_t v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1Fu;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0Fu;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07u;
        min = 0x10000;
    } else {
        *cp = SR_UTF8_BAD;
        return 1;
    }
    if (n < len) {
        *cp = SR_UTF8_BAD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = SR_UTF8_BAD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = SR_UTF8_BAD;
        return 1;
    }
    *cp = v;
    return len;
}

size_t sr_utf8_encode(uint32_t cp, char buf[4])
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int sr_cp_unsafe(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return 1;
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t sr_cp_visible(uint32_t cp, char buf[12])
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;

    if (cp < 0x100) {
        buf[k++] = '\\';
        buf[k++] = 'x';
        buf[k++] = hex[(cp >> 4) & 0xF];
        buf[k++] = hex[cp & 0xF];
        return k;
    }
    buf[k++] = '\\';
    buf[k++] = 'u';
    buf[k++] = '{';
    int started = 0;
    for (int shift = 20; shift >= 0; shift -= 4) {
        unsigned d = (cp >> shift) & 0xF;
        if (d || started || shift < 16) {
            buf[k++] = hex[d];
            started = 1;
        }
    }
    buf[k++] = '}';
    return k;
}

char *sr_utf8_clean(const char *s, size_t n)
{
    if (!s)
        return NULL;
    /* Worst case: every byte becomes U+FFFD (3 bytes) or "\x00" (4 bytes). */
    char *out = sr_xmalloc(n * 4 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        /* A run of ASCII other than NUL is copied as it is, in one step. */
        size_t r = i;
        while (r < n && (unsigned char)s[r] - 1u < 0x7Fu)
            r++;
        if (r > i) {
            memcpy(out + k, s + i, r - i);
            k += r - i;
            i = r;
            continue;
        }
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        if (cp == SR_UTF8_BAD) {
            k += sr_utf8_encode(SR_UTF8_REPLACEMENT, out + k);
        } else if (cp == 0) {
            memcpy(out + k, "\\x00", 4);
            k += 4;
        } else {
            memcpy(out + k, s + i, l);
            k += l;
        }
        i += l;
    }
    out[k] = 0;
    return out;
}

cJSON *sr_json_string(const char *s)
{
    if (!s)
        return cJSON_CreateNull();
    char *c = sr_utf8_clean(s, strlen(s));
    cJSON *j = cJSON_CreateString(c);
    free(c);
    if (!j) {
        fputs("secrot-lint: out of memory\n", stderr);
        exit(2);
    }
    return j;
}

/* ---- JSON writer: two-space indent, every unsafe code point escaped ---- */

/* Output gathered in a buffer and handed to the stream in blocks: one
 * stdio call per 8 KiB instead of one per character. */
struct sr_jw {
    FILE *out;
    size_t n;
    char buf[8192];
};

static void jw_flush(struct sr_jw *w)
{
    if (w->n)
        fwrite(w->buf, 1, w->n, w->out);
    w->n = 0;
}

static void jw_write(struct sr_jw *w, const char *s, size_t n)
{
    if (w->n + n > sizeof(w->buf)) {
        jw_flush(w);
        if (n > sizeof(w->buf)) {
            fwrite(s, 1, n, w->out);
            return;
        }
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void jw_putc(struct sr_jw *w, char c)
{
    if (w->n == sizeof(w->buf))
        jw_flush(w);
    w->buf[w->n++] = c;
}

static void jw_puts(struct sr_jw *w, const char *s)
{
    jw_write(w, s, strlen(s));
}

static void json_str(struct sr_jw *w, const char *s)
{
    size_t n = strlen(s), run = 0; /* s[run, i) is written as it is */
    jw_putc(w, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
            i++; /* the common case: printable ASCII, kept in the run */
            continue;
        }
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x80 && cp != SR_UTF8_BAD && !sr_cp_unsafe(cp)) {
            i += l;
            continue;
        }
        jw_write(w, s + run, i - run);
        if (cp == '"') {
            jw_puts(w, "\\\"");
        } else if (cp == '\\') {
            jw_puts(w, "\\\\");
        } else if (cp == '\n') {
            jw_puts(w, "\\n");
        } else if (cp == '\r') {
            jw_puts(w, "\\r");
        } else if (cp == '\t') {
            jw_puts(w, "\\t");
        } else if (cp == SR_UTF8_BAD) {
            jw_puts(w, "\\ufffd");
        } else {
            char e[8];
            snprintf(e, sizeof(e), "\\u%04x", (unsigned)cp);
            jw_puts(w, e);
        }
        i += l;
        run = i;
    }
    jw_write(w, s + run, n - run);
    jw_putc(w, '"');
}

static void json_num(struct sr_jw *w, double d)
{
    char b[40];
    if (!isfinite(d))
        snprintf(b, sizeof(b), "null");
    else if (d == floor(d) && fabs(d) < 9007199254740992.0)
        snprintf(b, sizeof(b), "%lld", (long long)d);
    else
        snprintf(b, sizeof(b), "%.17g", d);
    jw_puts(w, b);
}

static void json_indent(struct sr_jw *w, int depth)
{
    static const char spaces[] = "                                ";
    jw_putc(w, '\n');
    for (size_t want = 2 * (size_t)(depth > 0 ? depth : 0); want > 0;) {
        size_t k = want < sizeof(spaces) - 1 ? want : sizeof(spaces) - 1;
        jw_write(w, spaces, k);
        want -= k;
    }
}

static void json_value(struct sr_jw *w, const cJSON *j, int depth)
{
    if (depth > 64) { /* our own trees are shallow; never recurse unbounded */
        jw_puts(w, "null");
        return;
    }
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        int obj = cJSON_IsObject(j);
        const cJSON *c = j->child;
        jw_putc(w, obj ? '{' : '[');
        if (!c) {
            jw_putc(w, obj ? '}' : ']');
            return;
        }
        for (; c; c = c->next) {
            json_indent(w, depth + 1);
            if (obj) {
                json_str(w, c->string ? c->string : "");
                jw_puts(w, ": ");
            }
            json_value(w, c, depth + 1);
            if (c->next)
                jw_putc(w, ',');
        }
        json_indent(w, depth);
        jw_putc(w, obj ? '}' : ']');
    } else if (cJSON_IsString(j)) {
        json_str(w, j->valuestring ? j->valuestring : "");
    } else if (cJSON_IsNumber(j)) {
        json_num(w, j->valuedouble);
    } else if (cJSON_IsTrue(j)) {
        jw_puts(w, "true");
    } else if (cJSON_IsFalse(j)) {
        jw_puts(w, "false");
    } else {
        jw_puts(w, "null");
    }
}

void sr_json_print_at(FILE *out, const cJSON *j, int depth)
{
    struct sr_jw w;
    w.out = out;
    w.n = 0;
    json_value(&w, j, depth);
    jw_flush(&w);
}

FILE *sr_memout_open(char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *m = open_memstream(buf, len);
    if (!m)
        sr_json_oom();
    return m;
}

char *sr_memout_close(FILE *m, char **buf, size_t *len)
{
    if (fclose(m) != 0 || !*buf)
        sr_json_oom();
    return sr_xrealloc(*buf, *len + 1); /* the stream's slack returned */
}

void sr_json_print_members(FILE *out, const cJSON *obj, int depth)
{
    struct sr_jw w;
    w.out = out;
    w.n = 0;
    for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next) {
        json_indent(&w, depth + 1);
        json_str(&w, c->string ? c->string : "");
        jw_puts(&w, ": ");
        json_value(&w, c, depth + 1);
        jw_putc(&w, ',');
    }
    jw_flush(&w);
}

int sr_json_print(FILE *out, const cJSON *root)
{
    sr_json_print_at(out, root, 0);
    putc('\n', out);
    return ferror(out) ? -1 : 0;
}

/* ---- XML ---- */

void sr_xml_write(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
        /* A run of printable ASCII that needs no entity, written at once. */
        size_t r = i;
        while (r < n && (unsigned char)s[r] >= 0x20 && (unsigned char)s[r] < 0x7F && s[r] != '&' &&
               s[r] != '<' && s[r] != '>' && s[r] != '"' && s[r] != '\'')
            r++;
        if (r > i) {
            fwrite(s + i, 1, r - i, out);
            i = r;
            continue;
        }
        uint32_t cp;
        size_t l = sr_utf8_decode(s + i, n - i, &cp);
        char vis[12];
        switch (cp) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        case '\t':
            fputs("&#9;", out);
            break;
        case '\n':
            fputs("&#10;", out);
            break;
        case '\r':
            fputs("&#13;", out);
            break;
        case 0xFFFE:
        case 0xFFFF:
        case SR_UTF8_BAD:
            fputs("\xEF\xBF\xBD", out);
            break;
        default:
            if (sr_cp_unsafe(cp))
                fwrite(vis, 1, sr_cp_visible(cp, vis), out);
            else
                fwrite(s + i, 1, l, out);
        }
        i += l;
    }
}

/* ---- positions ---- */

void sr_finding_span(const struct sr_finding *f, struct sr_span *sp)
{
    struct sr_pos s = f->pos, e = f->epos;
    if (s.line < 1)
        s.line = 1;
    if (s.col < 1)
        s.col = 1;
    if (e.col < 1)
        e.col = 1;
    if (e.line < s.line || (e.line == s.line && e.col < s.col))
        e = s;
    sp->start = s;
    sp->end = e;
    sp->bstart = f->start;
    sp->bend = f->end < f->start ? f->start : f->end;
}

void sr_json_oom(void)
{
    fputs("secrot-lint: out of memory\n", stderr);
    exit(2);
}

cJSON *sr_json_object(void)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        sr_json_oom();
    return o;
}

cJSON *sr_json_array(void)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        sr_json_oom();
    return a;
}
