/*
 * report_escape.h - making template text safe for every output format.
 *
 * Templates are untrusted: a message may carry invalid UTF-8, terminal
 * control sequences or bidirectional overrides. These helpers decode UTF-8,
 * classify the code points that must never reach a terminal raw, and give
 * the visible spelling used where a format cannot escape them itself. They
 * never allocate except where stated and never print anything but to out.
 */
#ifndef SR_REPORT_ESCAPE_H
#define SR_REPORT_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "lint.h"

#define SR_UTF8_BAD 0xFFFFFFFFu /* an invalid byte (decoded on its own) */
#define SR_UTF8_REPLACEMENT 0xFFFDu

/*
 * Decodes one code point from s (n > 0 bytes available) into *cp. Returns
 * the number of bytes used (1..4). Overlong forms, surrogates, values above
 * U+10FFFF and truncated sequences use one byte and set *cp = SR_UTF8_BAD.
 */
size_t sr_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp (<= U+10FFFF) to buf; returns 1..4. */
size_t sr_utf8_encode(uint32_t cp, char buf[4]);

/*
 * 1 for code points that must not be written raw: C0 controls, DEL, C1
 * controls, line/paragraph separators and bidirectional controls
 * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069).
 */
int sr_cp_unsafe(uint32_t cp);

/*
 * Writes the visible spelling of an unsafe code point: "\xNN" below U+0100,
 * "\u{NNNN}" above. Returns the number of bytes written (buf needs 12).
 */
size_t sr_cp_visible(uint32_t cp, char buf[12]);

/*
 * A heap copy of s (n bytes) that is valid UTF-8: every invalid byte becomes
 * U+FFFD and every NUL byte "\x00". NUL-terminated; free() it. s may be
 * NULL (returns NULL). Never fails (out of memory is fatal).
 */
char *sr_utf8_clean(const char *s, size_t n);

/* Out of memory while building a report: message and exit status 2. */
void sr_json_oom(void) __attribute__((noreturn));
/* A new cJSON object / array; never NULL (out of memory is fatal). */
cJSON *sr_json_object(void);
cJSON *sr_json_array(void);

/* cJSON string item of s made valid UTF-8 (NULL s gives a JSON null). */
cJSON *sr_json_string(const char *s);

/*
 * Prints the JSON tree to out followed by a newline. Besides cJSON's own
 * escaping of C0 controls, every unsafe code point (DEL, C1, bidirectional
 * controls) is written as a \uXXXX escape, so the bytes written contain no
 * control character except the line breaks of the layout. Returns 0, or -1
 * when printing or writing failed.
 */
int sr_json_print(FILE *out, const cJSON *root);
/* Writes value j as sr_json_print would at nesting depth (its inner lines
 * indented for that depth), without a line break after it. */
void sr_json_print_at(FILE *out, const cJSON *j, int depth);
/* Writes the members of object obj (at depth) as sr_json_print would, each
 * on its own line and followed by a comma: the caller writes the opening
 * brace before and the last member and closing brace after. */
void sr_json_print_members(FILE *out, const cJSON *obj, int depth);
/* A stream into memory for a report's part made ahead of the report:
 * sr_memout_close returns its text as a heap string sized to it. Out of
 * memory is fatal. */
FILE *sr_memout_open(char **buf, size_t *len);
char *sr_memout_close(FILE *m, char **buf, size_t *len);

/*
 * Writes s (NUL-terminated, any bytes) as XML character data or attribute
 * value: markup characters as entities, tab/CR/LF and allowed controls as
 * character references, controls that XML 1.0 cannot hold in their visible
 * "\xNN" spelling, invalid UTF-8 and U+FFFE/U+FFFF as U+FFFD. The output
 * never contains "]]>" or a raw control character.
 */
void sr_xml_write(FILE *out, const char *s);

/*
 * The place of a finding as the formats print it: 1-based line and column
 * (0 becomes 1), an end never before the start, a byte range never negative.
 */
struct sr_span {
    struct sr_pos start, end;
    size_t bstart, bend;
};
void sr_finding_span(const struct sr_finding *f, struct sr_span *sp);

#endif
