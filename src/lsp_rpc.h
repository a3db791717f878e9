/*
 * lsp_rpc.h - the language server's transport: JSON-RPC 2.0 messages in
 * Content-Length frames over a pair of file descriptors (standard input
 * and output), and the message constructors.
 *
 * Reading never blocks except in lsp_io_fill(); a caller polls the input
 * and then takes every complete message out of the buffer with
 * lsp_io_next(). Frames are checked against limits before anything is
 * buffered: a header block over LSP_MAX_HEADER bytes cannot be framed and
 * ends the stream, a body over LSP_MAX_BODY is skipped unread. Nothing here
 * prints; problems are returned with a reason.
 */
#ifndef SR_LSP_RPC_H
#define SR_LSP_RPC_H

#include <stddef.h>

#include <cJSON.h>

#include "load.h"

/* A header block (all header lines and the blank line) longer than this
 * is refused. */
#define LSP_MAX_HEADER ((size_t)8192)
/* The largest body: a document at the loader's limit with JSON escaping
 * (every line break and quote two bytes) and the message around it. */
#define LSP_MAX_BODY (2 * SR_MAX_FILE_SIZE + ((size_t)1 << 20))

/* JSON-RPC and LSP error codes. */
enum lsp_error_code {
    LSP_PARSE_ERROR = -32700,
    LSP_INVALID_REQUEST = -32600,
    LSP_METHOD_NOT_FOUND = -32601,
    LSP_INVALID_PARAMS = -32602,
    LSP_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
    LSP_REQUEST_FAILED = -32803,
    LSP_CONTENT_MODIFIED = -32801
};

struct lsp_io {
    int in, out;
    char *buf; /* buffered input buf[start, len) */
    size_t start, len, cap;
    int in_body;     /* a header was read; body bytes follow */
    size_t body_len; /* its Content-Length */
    size_t skip;     /* bytes of a refused body still to discard */
    int eof;
    char why[256]; /* the reason of the last LSP_READ_FRAME_ERROR / FATAL */
};

enum lsp_read {
    LSP_READ_MESSAGE,     /* one message body */
    LSP_READ_AGAIN,       /* no complete message buffered: poll and fill */
    LSP_READ_FRAME_ERROR, /* a frame was refused and skipped (why says which) */
    LSP_READ_FATAL,       /* the input cannot be framed any more (why) */
    LSP_READ_EOF          /* end of input, nothing buffered */
};

void lsp_io_init(struct lsp_io *io, int in, int out);
void lsp_io_release(struct lsp_io *io);

/*
 * Reads what the input has (one read(2), which blocks when nothing is
 * there: poll first). Returns 1 when bytes came, 0 at end of input, -1 on a
 * read error (io->why set).
 */
int lsp_io_fill(struct lsp_io *io);

/*
 * Takes the next complete message out of the buffer. On LSP_READ_MESSAGE
 * *body points at len bytes (not NUL-terminated) inside the buffer, valid
 * until the next call of lsp_io_next() or lsp_io_fill().
 */
enum lsp_read lsp_io_next(struct lsp_io *io, const char **body, size_t *len);

/* Writes msg as one frame. Returns 0, or -1 when the output failed (the
 * client is gone). msg stays the caller's. */
int lsp_io_send(struct lsp_io *io, const cJSON *msg);

/* ---- messages (never NULL: out of memory is fatal) ---------------------- */

/* {"jsonrpc":"2.0","id":id,"result":result}; id is copied (NULL: null),
 * result is taken over (NULL: null). */
cJSON *lsp_msg_result(const cJSON *id, cJSON *result);
/* {"jsonrpc":"2.0","id":id,"error":{"code":code,"message":message}} */
cJSON *lsp_msg_error(const cJSON *id, int code, const char *message);
/* A notification; params taken over (NULL: none). */
cJSON *lsp_msg_notify(const char *method, cJSON *params);
/* A request from the server with a numeric id; params taken over. */
cJSON *lsp_msg_request(long id, const char *method, cJSON *params);

#endif
