/*
 * say.h - every line the tool prints outside the report formats.
 *
 * Summaries of --fix and --diff, "cannot open" errors, policy-file errors,
 * warnings and usage errors carry names that come from the input: file
 * names, logical ids, policy values. They all go through sr_say(), which
 * writes the formatted line with every unsafe code point (C0 and C1
 * controls, DEL, line separators, bidirectional controls) and every invalid
 * UTF-8 byte in a visible escaped form, so no input can move the cursor,
 * clear the screen, open a hyperlink, ring the bell or reorder the line on a
 * terminal. The report formats escape by their own rules (report_escape.h).
 */
#ifndef SR_SAY_H
#define SR_SAY_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes len bytes of s to out with unsafe code points as "\xNN" or
 * "\u{NNNN}" and invalid bytes as "\xNN". Line breaks are escaped too.
 */
void sr_write_safe(FILE *out, const char *s, size_t len);

/*
 * Formats one line (fmt holds no trailing newline), writes it through
 * sr_write_safe() and ends it with '\n'. Never fails loudly: a write error
 * shows in ferror(out).
 */
void sr_say(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
