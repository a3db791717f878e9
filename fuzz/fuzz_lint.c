/*
 * fuzz_lint.c - libFuzzer harness for the whole lint of one file.
 *
 * Runs load, graph and every rule over arbitrary bytes (as a YAML and as a
 * JSON file name), then writes the result in every report format and checks
 * the output: findings inside the text, every format valid UTF-8 with no
 * raw control bytes, json and sarif parse as JSON, junit is well-formed
 * XML, github lines are workflow commands, the --graph DOT output is one
 * balanced digraph. It does not exercise the fixer (fuzz_fix.c does).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dot.h"
#include "fuzz_check.h"
#include "lint.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when s (len bytes) is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static int utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (len - i <= n)
            return 0;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n + 1;
    }
    return 1;
}

/* No C0 control byte but newline (and tab where allowed), no DEL. */
static int no_controls(const char *s, size_t len, int allow_tab)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && !(allow_tab && c == '\t')) || c == 0x7F)
            return 0;
    }
    return 1;
}

/* ---- a small XML well-formedness check ------------------------------ */

static int xml_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':';
}

/* Checks an entity reference at s[i] == '&'; returns its length or 0. */
static size_t xml_entity(const char *s, size_t len, size_t i)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (len - i >= n && memcmp(s + i, names[k], n) == 0)
            return n;
    }
    size_t j = i + 1;
    if (j < len && s[j] == '#') {
        j++;
        int hex = j < len && s[j] == 'x';
        j += (size_t)hex;
        size_t d0 = j;
        unsigned long v = 0;
        while (j < len && j - d0 < 8 &&
               ((s[j] >= '0' && s[j] <= '9') ||
                (hex && ((s[j] >= 'a' && s[j] <= 'f') || (s[j] >= 'A' && s[j] <= 'F'))))) {
            char c = s[j];
            unsigned d = c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
            v = v * (hex ? 16 : 10) + d;
            j++;
        }
        /* XML 1.0 Char: tab, newline, carriage return, and from 0x20. */
        int ok = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0x10FFFF);
        if (j > d0 && j < len && s[j] == ';' && ok)
            return j + 1 - i;
    }
    return 0;
}

/* 1 when s is one well-formed element (after an optional declaration). */
static int xml_well_formed(const char *s, size_t len)
{
    enum { XML_MAX_DEPTH = 64 };
    const char *open[XML_MAX_DEPTH];
    size_t open_len[XML_MAX_DEPTH], depth = 0, i = 0;
    int roots = 0;

    if (len >= 5 && memcmp(s, "<?xml", 5) == 0) {
        const char *end = strstr(s, "?>");
        if (!end)
            return 0;
        i = (size_t)(end - s) + 2;
    }
    while (i < len) {
        if (s[i] == '&') {
            size_t n = xml_entity(s, len, i);
            if (n == 0 || depth == 0)
                return 0;
            i += n;
            continue;
        }
        if (s[i] == '>')
            return 0;
        if (s[i] != '<') {
            if (depth == 0 && s[i] != '\n' && s[i] != ' ')
                return 0;
            i++;
            continue;
        }
        i++;
        if (i < len && s[i] == '/') { /* end tag */
            size_t n0 = ++i;
            while (i < len && xml_name_char(s[i]))
                i++;
            if (depth == 0 || i >= len || s[i] != '>' || i - n0 != open_len[depth - 1] ||
                memcmp(s + n0, open[depth - 1], i - n0) != 0)
                return 0;
            depth--;
            i++;
            continue;
        }
        size_t n0 = i;
        while (i < len && xml_name_char(s[i]))
            i++;
        if (i == n0)
            return 0;
        size_t nlen = i - n0;
        for (;;) { /* attributes */
            while (i < len && s[i] == ' ')
                i++;
            if (i >= len)
                return 0;
            if (s[i] == '>' || (s[i] == '/' && i + 1 < len && s[i + 1] == '>'))
                break;
            size_t a0 = i;
            while (i < len && xml_name_char(s[i]))
                i++;
            if (i == a0 || i + 1 >= len || s[i] != '=' || (s[i + 1] != '"' && s[i + 1] != '\''))
                return 0;
            char q = s[i + 1];
            i += 2;
            while (i < len && s[i] != q) {
                if (s[i] == '<')
                    return 0;
                if (s[i] == '&') {
                    size_t n = xml_entity(s, len, i);
                    if (n == 0)
                        return 0;
                    i += n;
                    continue;
                }
                i++;
            }
            if (i >= len)
                return 0;
            i++;
        }
        if (depth == 0 && roots++ > 0)
            return 0;
        if (s[i] == '/') {
            i += 2;
            continue;
        }
        i++;
        if (depth == XML_MAX_DEPTH)
            return 0;
        open[depth] = s + n0;
        open_len[depth] = nlen;
        depth++;
    }
    return depth == 0 && roots == 1;
}

/* ---- a small DOT check ---------------------------------------------- */

/* 1 when s is one `digraph { ... }` whose quoted strings are closed, hold no
 * raw line break and whose braces and brackets balance outside strings. */
static int dot_well_formed(const char *s, size_t len)
{
    size_t i = 0, depth = 0, brackets = 0;
    int opened = 0;
    if (len < 8 || memcmp(s, "digraph", 7) != 0)
        return 0;
    while (i < len) {
        char c = s[i];
        if (c == '"') {
            for (i++; i < len && s[i] != '"'; i++) {
                if (s[i] == '\\' && i + 1 < len)
                    i++;
                else if (s[i] == '\n' || s[i] == '\r')
                    return 0;
            }
            if (i >= len)
                return 0;
        } else if (c == '{') {
            depth++;
            opened = 1;
        } else if (c == '}') {
            if (depth == 0)
                return 0;
            if (--depth == 0 && brackets == 0) {
                i++;
                while (i < len && (s[i] == '\n' || s[i] == ' '))
                    i++;
                return i == len; /* nothing after the graph */
            }
        } else if (c == '[') {
            brackets++;
        } else if (c == ']') {
            if (brackets == 0)
                return 0;
            brackets--;
        }
        i++;
    }
    return opened && depth == 0;
}

/* ---- the harness ---------------------------------------------------- */

static void check_result(const struct sr_result *res, size_t size)
{
    for (size_t i = 0; i < res->nfindings; i++) {
        const struct sr_finding *f = res->findings[i];
        FUZZ_CHECK(f->rule != NULL && f->message != NULL);
        FUZZ_CHECK(f->severity >= SR_SEV_INFO && f->severity <= SR_SEV_ERROR);
        FUZZ_CHECK(f->start <= f->end && f->end <= size);
        FUZZ_CHECK(f->pos.line >= 1 && f->pos.col >= 1);
        if (res->doc.line_start)
            FUZZ_CHECK((size_t)f->pos.line <= res->doc.nlines + 1);
        if (i > 0) { /* sorted by line, column */
            const struct sr_finding *p = res->findings[i - 1];
            FUZZ_CHECK(p->pos.line < f->pos.line ||
                       (p->pos.line == f->pos.line && p->pos.col <= f->pos.col));
        }
    }
}

static void check_format(struct sr_result *res, enum sr_format format, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    FUZZ_CHECK(out != NULL);
    struct sr_report_opts o = {.format = format, .color = color, .fail_level = SR_SEV_WARNING};
    struct sr_result *list[1] = {res};
    FUZZ_CHECK(sr_report_write(out, &o, list, 1) == 0);
    FUZZ_CHECK(fclose(out) == 0);

    FUZZ_CHECK(utf8_valid((const unsigned char *)buf, len));
    if (!color)
        FUZZ_CHECK(no_controls(buf, len, format == SR_FMT_TEXT));
    if (format == SR_FMT_JSON || format == SR_FMT_SARIF) {
        cJSON *doc = cJSON_ParseWithLength(buf, len);
        FUZZ_CHECK(doc != NULL);
        if (format == SR_FMT_SARIF) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
            FUZZ_CHECK(cJSON_IsString(v) && strcmp(v->valuestring, "2.1.0") == 0);
            FUZZ_CHECK(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "runs")));
        }
        cJSON_Delete(doc);
    } else if (format == SR_FMT_JUNIT) {
        FUZZ_CHECK(xml_well_formed(buf, len));
    } else if (format == SR_FMT_GITHUB) {
        for (const char *line = buf; line < buf + len;) {
            const char *nl = memchr(line, '\n', (size_t)(buf + len - line));
            FUZZ_CHECK(nl != NULL);
            FUZZ_CHECK(nl - line >= 2 && line[0] == ':' && line[1] == ':');
            line = nl + 1;
        }
    }
    free(buf);
}

static void check_dot(const struct sr_result *res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(sr_dot_write(out, res) == 0);
    FUZZ_CHECK(fclose(out) == 0);
    FUZZ_CHECK(utf8_valid((const unsigned char *)buf, len));
    FUZZ_CHECK(no_controls(buf, len, 1));
    FUZZ_CHECK(dot_well_formed(buf, len));
    free(buf);
}

/* FNV-1a: picks the inputs that also go through the SARIF writer. */
static uint32_t fnv1a(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

static void lint_as(const char *path, const uint8_t *data, size_t size, const struct sr_config *cfg,
                    int sarif)
{
    struct sr_result res;
    char *text = sr_xmalloc(size + 1);
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    sr_lint_text(&res, path, text, size, cfg);
    check_result(&res, size);
    check_format(&res, SR_FMT_TEXT, 0);
    check_format(&res, SR_FMT_TEXT, 1);
    check_format(&res, SR_FMT_BRIEF, 0);
    check_format(&res, SR_FMT_JSON, 0);
    if (sarif)
        check_format(&res, SR_FMT_SARIF, 0);
    check_format(&res, SR_FMT_JUNIT, 0);
    check_format(&res, SR_FMT_GITHUB, 0);
    check_dot(&res);
    sr_result_release(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sr_config cfg;
    static int ready;
    if (!ready) {
        sr_config_defaults(&cfg);
        ready = 1;
    }
    /* SARIF carries every rule's help text: writing and parsing it costs ten
     * times the rest under the sanitizers, so one input in eight gets it. */
    int sarif = fnv1a(data, size) % 8 == 0;
    lint_as("fuzz/template.yaml", data, size, &cfg, sarif);
    /* The same bytes under a file name with control characters and quotes. */
    lint_as("fuzz/\"t\x01<&>\"\\.json", data, size, &cfg, sarif);
    return 0;
}
