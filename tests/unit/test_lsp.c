/*
 * test_lsp.c - the language server's text and framing layers: LSP line
 * breaks, UTF-16/UTF-8/UTF-32 positions both ways (astral characters,
 * invalid bytes, CRLF, clamping), edits, and Content-Length frames read
 * through a pipe (split reads, two frames in one read, limits).
 */
#include "check.h"

#include <string.h>
#include <unistd.h>

#include "lsp_rpc.h"
#include "lsp_text.h"

static void set(struct lsp_text *t, const char *s)
{
    lsp_text_set(t, s, strlen(s));
}

static long pos_line(struct lsp_text *t, size_t off)
{
    long l, c;
    lsp_text_position(t, off, LSP_ENC_UTF16, &l, &c);
    return l;
}

static long pos_char(struct lsp_text *t, size_t off, enum lsp_encoding enc)
{
    long l, c;
    lsp_text_position(t, off, enc, &l, &c);
    return c;
}

TEST(lines_break_at_lf_crlf_and_cr_only)
{
    struct lsp_text t;
    lsp_text_init(&t);
    CHECK_INT(lsp_text_nlines(&t), 1);
    set(&t, "a\nb\r\nc\rd");
    CHECK_INT(lsp_text_nlines(&t), 4);
    CHECK_INT(lsp_text_offset(&t, 1, 0, LSP_ENC_UTF16), 2);
    CHECK_INT(lsp_text_offset(&t, 2, 0, LSP_ENC_UTF16), 5);
    CHECK_INT(lsp_text_offset(&t, 3, 0, LSP_ENC_UTF16), 7);
    set(&t, "x\n");
    CHECK_INT(lsp_text_nlines(&t), 2); /* the final break starts an empty line */
    /* U+2028, U+0085 and form feed are characters, not breaks. */
    set(&t, "a\xe2\x80\xa8"
            "b\xc2\x85"
            "c\fd");
    CHECK_INT(lsp_text_nlines(&t), 1);
    lsp_text_release(&t);
}

TEST(utf16_counts_astral_as_two_units)
{
    struct lsp_text t;
    lsp_text_init(&t);
    /* "é😀x": é 2 bytes (1 unit), 😀 4 bytes (2 units), x. */
    set(&t, "\xc3\xa9\xf0\x9f\x98\x80x");
    CHECK_INT(pos_char(&t, 6, LSP_ENC_UTF16), 3);
    CHECK_INT(pos_char(&t, 6, LSP_ENC_UTF8), 6);
    CHECK_INT(pos_char(&t, 6, LSP_ENC_UTF32), 2);
    CHECK_INT(lsp_text_offset(&t, 0, 3, LSP_ENC_UTF16), 6);
    CHECK_INT(lsp_text_offset(&t, 0, 1, LSP_ENC_UTF16), 2);
    /* The second unit of the pair: the start of the character. */
    CHECK_INT(lsp_text_offset(&t, 0, 2, LSP_ENC_UTF16), 2);
    /* UTF-8 inside a sequence: its start too. */
    CHECK_INT(lsp_text_offset(&t, 0, 4, LSP_ENC_UTF8), 2);
    /* An offset inside a code point gives the position before it. */
    CHECK_INT(pos_char(&t, 4, LSP_ENC_UTF16), 1);
    lsp_text_release(&t);
}

TEST(invalid_bytes_count_one_unit_each)
{
    struct lsp_text t;
    lsp_text_init(&t);
    set(&t, "\xff\xc3(\xed\xa0\x80z"); /* stray, truncated, a surrogate in UTF-8 */
    CHECK_INT(pos_char(&t, 6, LSP_ENC_UTF16), 6);
    CHECK_INT(pos_char(&t, 7, LSP_ENC_UTF16), 7);
    CHECK_INT(lsp_text_offset(&t, 0, 6, LSP_ENC_UTF16), 6);
    CHECK_INT(lsp_text_offset(&t, 0, 7, LSP_ENC_UTF16), 7);
    lsp_text_release(&t);
}

TEST(positions_clamp_as_lsp_says)
{
    struct lsp_text t;
    lsp_text_init(&t);
    set(&t, "ab\r\ncd");
    /* Past the end of a line: its end, before the CRLF. */
    CHECK_INT(lsp_text_offset(&t, 0, 99, LSP_ENC_UTF16), 2);
    /* Past the last line: the end of the text. */
    CHECK_INT(lsp_text_offset(&t, 7, 0, LSP_ENC_UTF16), 6);
    CHECK_INT(lsp_text_offset(&t, -1, -5, LSP_ENC_UTF16), 0);
    /* Inside the CRLF: the end of the line's content. */
    CHECK_INT(pos_line(&t, 3), 0);
    CHECK_INT(pos_char(&t, 3, LSP_ENC_UTF16), 2);
    CHECK_INT(pos_line(&t, 4), 1);
    CHECK_INT(pos_char(&t, 99, LSP_ENC_UTF16), 2);
    CHECK_INT(lsp_text_line_end(&t, 0), 2);
    CHECK_INT(lsp_text_line_end(&t, 5), 6);
    lsp_text_release(&t);
}

TEST(edits_replace_and_clamp)
{
    struct lsp_text t;
    lsp_text_init(&t);
    set(&t, "hello world");
    lsp_text_replace(&t, 6, 11, "there", 5);
    CHECK_STR(t.s, "hello there");
    lsp_text_replace(&t, 5, 2, "!", 1); /* end before start: an insertion */
    CHECK_STR(t.s, "hello! there");
    lsp_text_replace(&t, 100, 200, "?", 1);
    CHECK_STR(t.s, "hello! there?");
    CHECK_INT(lsp_text_nlines(&t), 1);
    lsp_text_replace(&t, 6, 7, "\r", 1); /* a CR alone, then an LF after it */
    CHECK_INT(lsp_text_nlines(&t), 2);
    lsp_text_replace(&t, 7, 7, "\n", 1);
    CHECK_INT(lsp_text_nlines(&t), 2);
    CHECK_INT(lsp_text_offset(&t, 1, 0, LSP_ENC_UTF16), 8);
    /* Growing far beyond the first buffer. */
    for (int i = 0; i < 1000; i++)
        lsp_text_replace(&t, 0, 0, "line\n", 5);
    CHECK_INT(lsp_text_nlines(&t), 1002);
    CHECK_INT(t.len, 5000 + 14);
    lsp_text_release(&t);
}

/* Reads every message that data (written to a pipe in pieces of step
 * bytes) frames; returns the last read status. */
static enum lsp_read frames(const char *data, size_t len, size_t step, char out[][64], int *n,
                            char *why, size_t whyn)
{
    int p[2];
    if (pipe(p) < 0)
        return LSP_READ_FATAL;
    struct lsp_io io;
    lsp_io_init(&io, p[0], -1);
    enum lsp_read r = LSP_READ_AGAIN;
    size_t sent = 0;
    *n = 0;
    for (;;) {
        const char *body;
        size_t bl;
        r = lsp_io_next(&io, &body, &bl);
        if (r == LSP_READ_MESSAGE) {
            snprintf(out[*n], 64, "%.*s", (int)bl, body);
            (*n)++;
            continue;
        }
        if (r == LSP_READ_FRAME_ERROR) {
            snprintf(out[*n], 64, "!%.60s", io.why);
            (*n)++;
            continue;
        }
        if (r != LSP_READ_AGAIN)
            break;
        if (sent < len) {
            size_t k = len - sent < step ? len - sent : step;
            if (write(p[1], data + sent, k) != (ssize_t)k)
                break;
            sent += k;
            if (sent == len)
                close(p[1]);
        }
        if (lsp_io_fill(&io) <= 0 && io.eof == 0)
            break;
    }
    snprintf(why, whyn, "%s", io.why);
    lsp_io_release(&io);
    close(p[0]);
    return r;
}

TEST(frames_split_and_joined)
{
    static const char data[] = "Content-Length: 2\r\n\r\n{}"
                               "content-length:  7 \r\nContent-Type: application/vscode-jsonrpc; "
                               "charset=utf-8\r\n\r\n[1,2,3]";
    char out[8][64], why[256];
    int n;
    for (size_t step = 1; step <= sizeof(data); step += 7) {
        enum lsp_read r = frames(data, sizeof(data) - 1, step, out, &n, why, sizeof(why));
        CHECK_INT(r, LSP_READ_EOF);
        CHECK_INT(n, 2);
        if (n == 2) {
            CHECK_STR(out[0], "{}");
            CHECK_STR(out[1], "[1,2,3]");
        }
    }
}

TEST(frames_refused)
{
    char out[8][64], why[256];
    int n;
    static const char none[] = "Content-Type: x\r\n\r\n{}";
    CHECK_INT(frames(none, sizeof(none) - 1, 64, out, &n, why, sizeof(why)), LSP_READ_FATAL);
    CHECK(strstr(why, "without Content-Length") != NULL);
    static const char nan[] = "Content-Length: 1x\r\n\r\n{}";
    CHECK_INT(frames(nan, sizeof(nan) - 1, 64, out, &n, why, sizeof(why)), LSP_READ_FATAL);
    static const char two[] = "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}";
    CHECK_INT(frames(two, sizeof(two) - 1, 64, out, &n, why, sizeof(why)), LSP_READ_FATAL);
    static const char huge[] = "Content-Length: 99999999999999999999999\r\n\r\n";
    CHECK_INT(frames(huge, sizeof(huge) - 1, 64, out, &n, why, sizeof(why)), LSP_READ_FATAL);
    static char longh[LSP_MAX_HEADER + 100];
    memset(longh, 'a', sizeof(longh));
    CHECK_INT(frames(longh, sizeof(longh), 4096, out, &n, why, sizeof(why)), LSP_READ_FATAL);
    CHECK(strstr(why, "cannot be framed") != NULL);
    static const char cut[] = "Content-Length: 10\r\n\r\n{}";
    CHECK_INT(frames(cut, sizeof(cut) - 1, 64, out, &n, why, sizeof(why)), LSP_READ_EOF);
    CHECK_INT(n, 0);
    /* Over the body limit: refused, skipped as it arrives (here the input
     * ends first), no buffer of that size. */
    char big[96];
    snprintf(big, sizeof(big), "Content-Length: %zu\r\n\r\nabc", LSP_MAX_BODY + 1);
    CHECK_INT(frames(big, strlen(big), 64, out, &n, why, sizeof(why)), LSP_READ_EOF);
    CHECK_INT(n, 1);
    CHECK(n == 1 && strstr(out[0], "over the limit") != NULL);
}

int main(void)
{
    RUN(lines_break_at_lf_crlf_and_cr_only);
    RUN(utf16_counts_astral_as_two_units);
    RUN(invalid_bytes_count_one_unit_each);
    RUN(positions_clamp_as_lsp_says);
    RUN(edits_replace_and_clamp);
    RUN(frames_split_and_joined);
    RUN(frames_refused);
    return CHECK_DONE();
}
