/*
 * lsp_text.h - an editor's document for the language server: its bytes,
 * its lines as LSP counts them, positions in UTF-16 (or UTF-8 or UTF-32)
 * code units converted to byte offsets and back, and edits.
 *
 * Lines end at "\n", "\r\n" or "\r" (LSP 3.17, "Text Documents"); no other
 * character breaks a line. A character is counted as the UTF-16 code units
 * of its code point (2 above U+FFFF); a byte that is not part of valid UTF-8
 * counts as one unit (the U+FFFD an editor would show). The text owns its
 * buffer; nothing here prints.
 */
#ifndef SR_LSP_TEXT_H
#define SR_LSP_TEXT_H

#include <stddef.h>

/* How the client counts characters in a line (positionEncoding). */
enum lsp_encoding { LSP_ENC_UTF16 = 0, LSP_ENC_UTF8, LSP_ENC_UTF32 };

struct lsp_text {
    char *s; /* heap, NUL-terminated, len bytes (may hold NUL bytes) */
    size_t len, cap;
    size_t *lines; /* byte offset of each line's first character */
    size_t nlines; /* at least 1 */
    size_t lcap;
    int lines_valid; /* lines matches s */
};

/* An empty text. */
void lsp_text_init(struct lsp_text *t);
/* Frees the buffers; t may be initialised again. */
void lsp_text_release(struct lsp_text *t);
/* Replaces the whole text with n bytes of s. */
void lsp_text_set(struct lsp_text *t, const char *s, size_t n);
/*
 * Replaces bytes [start, end) with n bytes of s. Offsets past the end are
 * clamped to it and an end before start is taken as start (an insertion),
 * so an edit never fails. Out of memory is fatal.
 */
void lsp_text_replace(struct lsp_text *t, size_t start, size_t end, const char *s, size_t n);

/* Number of lines (1 for an empty text; a final line break starts a last,
 * empty line). */
size_t lsp_text_nlines(struct lsp_text *t);

/*
 * Byte offset of the position (line, character) counted in enc. As LSP
 * says: a character past the end of its line means the end of the line (its
 * line break excluded), a line past the last means the end of the text. A
 * character that falls inside a code point (the second unit of a surrogate
 * pair) means the start of that code point. Negative values count as 0.
 */
size_t lsp_text_offset(struct lsp_text *t, long line, long character, enum lsp_encoding enc);

/*
 * The position of byte offset off (clamped to the text) counted in enc. An
 * offset inside a line break or inside a code point gives the position
 * just before it.
 */
void lsp_text_position(struct lsp_text *t, size_t off, enum lsp_encoding enc, long *line,
                       long *character);

/* Byte offset just past the content of the line holding off (before its
 * line break). */
size_t lsp_text_line_end(struct lsp_text *t, size_t off);

#endif
