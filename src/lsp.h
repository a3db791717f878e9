/*
 * lsp.h - `secrot-lint lsp`: a Language Server Protocol server on standard
 * input and output, one process for an editor session.
 *
 * It lints the editor's buffers (not the files on disk) through the same
 * pipeline as the command line, under the policy file nearest each
 * document, and publishes the findings as diagnostics; it offers the
 * fixer's verified fixes as code actions, the rule's explanation and the
 * target of a reference on hover, and a reference's definition. The pieces:
 * lsp_rpc.h (framing), lsp_text.h (documents and positions), lsp_server.h
 * (the server's state, shared by lsp.c, lsp_action.c and lsp_hover.c).
 */
#ifndef SR_LSP_H
#define SR_LSP_H

/*
 * Runs the server for `secrot-lint lsp [OPTIONS]` (argv[0] is "lsp").
 * Returns the process exit status: 0 after shutdown and exit, 1 when the
 * input ended or the client exited without shutdown or the input could not
 * be framed, 2 for a usage error.
 */
int sr_lsp_main(int argc, char **argv);

/* The same with the messages read from in and written to out (the fuzz
 * harness gives a file). in is read to its end or to exit; neither is
 * closed. */
int sr_lsp_serve(int in, int out, int argc, char **argv);

#endif
