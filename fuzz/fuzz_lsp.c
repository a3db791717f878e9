/*
 * fuzz_lsp.c - libFuzzer harness for the language server.
 *
 * The input is a session: after a fixed initialize and initialized, each
 * piece of it between NUL bytes becomes one message body in its own
 * Content-Length frame (so most inputs frame well and the fuzzer reaches
 * JSON-RPC, documents, positions, edits, lint, code actions and hover); an
 * input that starts with 0xFF is written raw instead, to reach the framing.
 * The server runs with no debounce and the debug request on, reading a file
 * and writing to /dev/null. Checks: no crash, leak or undefined behaviour,
 * and an exit status of 0 or 1.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void frame(FILE *f, const void *body, size_t n)
{
    fprintf(f, "Content-Length: %zu\r\n\r\n", n);
    fwrite(body, 1, n, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char init[] =
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"capabilities\":"
        "{\"workspace\":{\"workspaceEdit\":{\"documentChanges\":true,\"resourceOperations\":"
        "[\"create\"]}},\"textDocument\":{\"hover\":{\"contentFormat\":[\"markdown\"]},"
        "\"codeAction\":{\"codeActionLiteralSupport\":{},\"dataSupport\":true,"
        "\"resolveSupport\":{\"properties\":[\"edit\"]}}}}}}";
    static const char inited[] = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}";
    FILE *f = tmpfile();
    if (!f)
        return 0;
    frame(f, init, sizeof(init) - 1);
    frame(f, inited, sizeof(inited) - 1);
    if (size > 0 && data[0] == 0xFF) {
        fwrite(data + 1, 1, size - 1, f);
    } else {
        size_t start = 0;
        for (size_t i = 0; i <= size; i++)
            if (i == size || data[i] == 0) {
                if (i > start)
                    frame(f, data + start, i - start);
                start = i + 1;
            }
    }
    fflush(f);
    rewind(f);
    int out = open("/dev/null", O_WRONLY);
    FUZZ_CHECK(out >= 0);
    char a0[] = "lsp", a1[] = "--debounce", a2[] = "0", a3[] = "--debug-requests";
    char *argv[] = {a0, a1, a2, a3, NULL};
    int rc = sr_lsp_serve(fileno(f), out, 4, argv);
    FUZZ_CHECK(rc == 0 || rc == 1);
    close(out);
    fclose(f);
    return 0;
}
