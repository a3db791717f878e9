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

static void json_str(FILE *out, const char *s)
{
    size_t n = strlen(s), run = 0; /* s[run, i) is written as it is */
    putc('"', out);
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
        fwrite(s + run, 1, i - run, out);
        if (cp == '"')
            fputs("\\\"", out);
        else if (cp == '\\')
            fputs("\\\\", out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\r')
            fputs("\\r", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp == SR_UTF8_BAD)
            fputs("\\ufffd", out);
        else
            fprintf(out, "\\u%04x", (unsigned)cp);
        i += l;
        run = i;
    }
    fwrite(s + run, 1, n - run, out);
    putc('"', out);
}

static void json_num(FILE *out, double d)
{
    if (!isfinite(d)) {
        fputs("null", out);
        return;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) {
        fprintf(out, "%lld", (long long)d);
        return;
    }
    fprintf(out, "%.17g", d);
}

static void json_indent(FILE *out, int depth)
{
    static const char spaces[] = "                                ";
    putc('\n', out);
    for (size_t want = 2 * (size_t)(depth > 0 ? depth : 0); want > 0;) {
        size_t k = want < sizeof(spaces) - 1 ? want : sizeof(spaces) - 1;
        fwrite(spaces, 1, k, out);
        want -= k;
    }
}

static void json_value(FILE *out, const cJSON *j, int depth)
{
    if (depth > 64) { /* our own trees are shallow; never recurse unbounded */
        fputs("null", out);
        return;
    }
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        int obj = cJSON_IsObject(j);
        const cJSON *c = j->child;
        putc(obj ? '{' : '[', out);
        if (!c) {
            putc(obj ? '}' : ']', out);
            return;
        }
        for (; c; c = c->next) {
            json_indent(out, depth + 1);
            if (obj) {
                json_str(out, c->string ? c->string : "");
                fputs(": ", out);
            }
            json_value(out, c, depth + 1);
            if (c->next)
                putc(',', out);
        }
        json_indent(out, depth);
        putc(obj ? '}' : ']', out);
    } else if (cJSON_IsString(j)) {
        json_str(out, j->valuestring ? j->valuestring : "");
    } else if (cJSON_IsNumber(j)) {
        json_num(out, j->valuedouble);
    } else if (cJSON_IsTrue(j)) {
        fputs("true", out);
    } else if (cJSON_IsFalse(j)) {
        fputs("false", out);
    } else {
        fputs("null", out);
    }
}

void sr_json_print_at(FILE *out, const cJSON *j, int depth)
{
    json_value(out, j, depth);
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
    for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next) {
        json_indent(out, depth + 1);
        json_str(out, c->string ? c->string : "");
        fputs(": ", out);
        json_value(out, c, depth + 1);
        putc(',', out);
    }
}

int sr_json_print(FILE *out, const cJSON *root)
{
    json_value(out, root, 0);
    putc('\n', out);
    return ferror(out) ? -1 : 0;
}

/* ---- XML ---- */

void sr_xml_write(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    for (size_t i = 0; i < n;) {
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
