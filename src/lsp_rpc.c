/*
 * lsp_rpc.c - Content-Length framing and JSON-RPC message constructors.
 *
 * A frame is header lines ("Name: value" ended by CRLF), a blank line and
 * Content-Length bytes of body. Header names are matched without regard to
 * case; Content-Type is accepted whatever it says (the body is read as
 * UTF-8, the only encoding LSP allows); other headers are ignored.
 */
#include "lsp_rpc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "report_escape.h"

#define LSP_READ_CHUNK ((size_t)1 << 16)

void lsp_io_init(struct lsp_io *io, int in, int out)
{
    memset(io, 0, sizeof(*io));
    io->in = in;
    io->out = out;
}

void lsp_io_release(struct lsp_io *io)
{
    free(io->buf);
    io->buf = NULL;
    io->start = io->len = io->cap = 0;
}

/* Room for at least want more bytes after len. */
static void lsp_io_reserve(struct lsp_io *io, size_t want)
{
    if (io->start > 0 && (io->start == io->len || io->start >= io->cap / 2)) {
        memmove(io->buf, io->buf + io->start, io->len - io->start);
        io->len -= io->start;
        io->start = 0;
    }
    if (io->cap - io->len >= want)
        return;
    size_t cap = io->cap ? io->cap : LSP_READ_CHUNK;
    while (cap - io->len < want)
        cap *= 2;
    io->buf = sr_xrealloc(io->buf, cap);
    io->cap = cap;
}

int lsp_io_fill(struct lsp_io *io)
{
    size_t want = LSP_READ_CHUNK;
    if (io->in_body && io->body_len - (io->len - io->start) > want)
        want = io->body_len - (io->len - io->start);
    if (io->skip) {
        /* A refused body: read it into a scratch buffer and drop it. */
        char scratch[LSP_READ_CHUNK];
        size_t n = io->skip < sizeof(scratch) ? io->skip : sizeof(scratch);
        for (;;) {
            ssize_t r = read(io->in, scratch, n);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                snprintf(io->why, sizeof(io->why), "cannot read: %s", strerror(errno));
                return -1;
            }
            if (r == 0) {
                io->eof = 1;
                return 0;
            }
            io->skip -= (size_t)r;
            return 1;
        }
    }
    lsp_io_reserve(io, want);
    for (;;) {
        ssize_t r = read(io->in, io->buf + io->len, io->cap - io->len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(io->why, sizeof(io->why), "cannot read: %s", strerror(errno));
            return -1;
        }
        if (r == 0) {
            io->eof = 1;
            return 0;
        }
        io->len += (size_t)r;
        return 1;
    }
}

/* The first occurrence of the m bytes of pat in [s, s + n), or NULL. */
static const char *lsp_find(const char *s, size_t n, const char *pat, size_t m)
{
    for (size_t i = 0; i + m <= n; i++) {
        const char *p = memchr(s + i, pat[0], n - m + 1 - i);
        if (!p)
            return NULL;
        i = (size_t)(p - s);
        if (memcmp(p, pat, m) == 0)
            return p;
    }
    return NULL;
}

/* Trims spaces and tabs around [*s, *s + *n). */
static void lsp_trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Parses the header block h (n bytes, without the final blank line).
 * Returns 0 with *length set, or -1 with io->why. */
static int lsp_parse_header(struct lsp_io *io, const char *h, size_t n, size_t *length)
{
    int have = 0;
    size_t i = 0;
    while (i < n) {
        const char *line = h + i;
        const char *eol = lsp_find(line, n - i, "\r\n", 2);
        size_t ll = eol ? (size_t)(eol - line) : n - i;
        i += ll + (eol ? 2 : 0);
        const char *colon = memchr(line, ':', ll);
        if (!colon) {
            snprintf(io->why, sizeof(io->why), "header line without a colon");
            return -1;
        }
        const char *name = line, *val = colon + 1;
        size_t nl = (size_t)(colon - line), vl = ll - nl - 1;
        lsp_trim(&name, &nl);
        lsp_trim(&val, &vl);
        if (nl != 14 || strncasecmp(name, "Content-Length", 14) != 0)
            continue;
        size_t v = 0;
        if (vl == 0) {
            snprintf(io->why, sizeof(io->why), "empty Content-Length");
            return -1;
        }
        for (size_t k = 0; k < vl; k++) {
            if (val[k] < '0' || val[k] > '9') {
                snprintf(io->why, sizeof(io->why), "Content-Length is not a number");
                return -1;
            }
            if (v > (SIZE_MAX - 9) / 10) {
                snprintf(io->why, sizeof(io->why), "Content-Length is too large");
                return -1;
            }
            v = v * 10 + (size_t)(val[k] - '0');
        }
        if (have && v != *length) {
            snprintf(io->why, sizeof(io->why), "two different Content-Length headers");
            return -1;
        }
        *length = v;
        have = 1;
    }
    if (!have) {
        snprintf(io->why, sizeof(io->why), "header without Content-Length");
        return -1;
    }
    return 0;
}

enum lsp_read lsp_io_next(struct lsp_io *io, const char **body, size_t *len)
{
    for (;;) {
        if (io->skip) {
            size_t have = io->len - io->start;
            size_t d = have < io->skip ? have : io->skip;
            io->start += d;
            io->skip -= d;
            if (io->skip)
                return io->eof ? LSP_READ_EOF : LSP_READ_AGAIN;
        }
        size_t have = io->len - io->start;
        if (io->in_body) {
            if (have < io->body_len)
                return io->eof ? LSP_READ_EOF : LSP_READ_AGAIN;
            *body = io->buf + io->start;
            *len = io->body_len;
            io->start += io->body_len;
            io->in_body = 0;
            return LSP_READ_MESSAGE;
        }
        if (have == 0)
            return io->eof ? LSP_READ_EOF : LSP_READ_AGAIN;
        const char *h = io->buf + io->start;
        size_t scan = have < LSP_MAX_HEADER ? have : LSP_MAX_HEADER;
        const char *end = lsp_find(h, scan, "\r\n\r\n", 4);
        if (!end) {
            if (have >= LSP_MAX_HEADER) {
                snprintf(io->why, sizeof(io->why),
                         "no end of header within %zu bytes: the input cannot be framed",
                         LSP_MAX_HEADER);
                return LSP_READ_FATAL;
            }
            if (io->eof) {
                snprintf(io->why, sizeof(io->why), "input ended inside a header");
                return LSP_READ_FATAL;
            }
            return LSP_READ_AGAIN;
        }
        size_t hl = (size_t)(end - h);
        size_t length = 0;
        if (lsp_parse_header(io, h, hl, &length) < 0)
            return LSP_READ_FATAL; /* without a length the next frame cannot be found */
        io->start += hl + 4;
        if (length > LSP_MAX_BODY) {
            io->skip = length;
            snprintf(io->why, sizeof(io->why),
                     "message of %zu bytes is over the limit of %zu bytes: skipped", length,
                     LSP_MAX_BODY);
            return LSP_READ_FRAME_ERROR;
        }
        io->in_body = 1;
        io->body_len = length;
    }
}

static int lsp_write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int lsp_io_send(struct lsp_io *io, const cJSON *msg)
{
    char *s = cJSON_PrintUnformatted(msg);
    if (!s)
        sr_json_oom();
    size_t n = strlen(s);
    char head[64];
    int hl = snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", n);
    int rc = lsp_write_all(io->out, head, (size_t)hl) < 0 || lsp_write_all(io->out, s, n) < 0;
    free(s);
    return rc ? -1 : 0;
}

/* ---- messages ----------------------------------------------------------- */

static cJSON *lsp_msg(void)
{
    cJSON *m = sr_json_object();
    cJSON_AddItemToObject(m, "jsonrpc", sr_json_string("2.0"));
    return m;
}

static cJSON *lsp_dup_id(const cJSON *id)
{
    cJSON *c = id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull();
    if (!c)
        sr_json_oom();
    return c;
}

cJSON *lsp_msg_result(const cJSON *id, cJSON *result)
{
    cJSON *m = lsp_msg();
    cJSON_AddItemToObject(m, "id", lsp_dup_id(id));
    if (!result && !(result = cJSON_CreateNull()))
        sr_json_oom();
    cJSON_AddItemToObject(m, "result", result);
    return m;
}

cJSON *lsp_msg_error(const cJSON *id, int code, const char *message)
{
    cJSON *m = lsp_msg();
    cJSON_AddItemToObject(m, "id", lsp_dup_id(id));
    cJSON *e = sr_json_object();
    cJSON *c = cJSON_CreateNumber(code);
    if (!c)
        sr_json_oom();
    cJSON_AddItemToObject(e, "code", c);
    cJSON_AddItemToObject(e, "message", sr_json_string(message));
    cJSON_AddItemToObject(m, "error", e);
    return m;
}

cJSON *lsp_msg_notify(const char *method, cJSON *params)
{
    cJSON *m = lsp_msg();
    cJSON_AddItemToObject(m, "method", sr_json_string(method));
    if (params)
        cJSON_AddItemToObject(m, "params", params);
    return m;
}

cJSON *lsp_msg_request(long id, const char *method, cJSON *params)
{
    cJSON *m = lsp_msg();
    cJSON *i = cJSON_CreateNumber((double)id);
    if (!i)
        sr_json_oom();
    cJSON_AddItemToObject(m, "id", i);
    cJSON_AddItemToObject(m, "method", sr_json_string(method));
    if (params)
        cJSON_AddItemToObject(m, "params", params);
    return m;
}
