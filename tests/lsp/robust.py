"""robust.py - the protocol's edges: requests before initialize, malformed
JSON, messages that are not requests, unknown methods, ids of every kind,
frames over the limits, the shutdown/exit rules and their exit statuses,
positions out of range, documents that are not templates, broken and
hostile documents, and a document over the 64 MiB limit. The server must
answer each as the protocol says and never crash."""

import json
import os
import shutil
import tempfile

from lspclient import Client, file_uri, run

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                    "seed-template.yaml")


def err_code(m):
    return (m.get("error") or {}).get("code")


def clean(rep, c, name):
    err = c.stderr_text()
    rep.check("Sanitizer" not in err and "runtime error" not in err, name + ": no sanitizer report",
              err[-600:])


def frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def main(rep):
    tmp = tempfile.mkdtemp(prefix="sr-lsp-robust.")
    try:
        checks(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checks(rep, tmp):
    with open(SEED, newline="") as f:
        seed = f.read()
    uri = file_uri(os.path.join(tmp, "t.yaml"))

    c = Client()
    try:
        r = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                             "position": {"line": 0, "character": 0}})
        rep.eq(err_code(r), -32002, "a request before initialize: ServerNotInitialized")
        c.initialize()
        r = c.request("initialize", {"capabilities": {}})
        rep.eq(err_code(r), -32600, "a second initialize is refused")

        c.write_raw(frame(b'{"jsonrpc":"2.0","id":7,"method":'))
        m = c.wait_message(lambda m: "error" in m)
        rep.check(err_code(m) == -32700 and m.get("id") is None,
                  "malformed JSON: parse error -32700 with id null", m)
        c.write_raw(frame(b'{"jsonrpc":"2.0","id":8,"method":"shutdown"} trailing'))
        m = c.wait_message(lambda m: "error" in m or m.get("id") == 8)
        rep.eq(err_code(m), -32700, "JSON followed by garbage: parse error")
        c.write_raw(frame(b'[{"jsonrpc":"2.0","id":9,"method":"shutdown"}]'))
        m = c.wait_message(lambda m: "error" in m or m.get("id") == 9)
        rep.eq(err_code(m), -32600, "a batch (array): invalid request")
        c.write_raw(frame(b'{"jsonrpc":"2.0","id":{"a":1},"method":"x"}'))
        m = c.wait_message(lambda m: "error" in m)
        rep.eq(err_code(m), -32600, "an id that is an object: invalid request")
        c.write_raw(frame(b'{"jsonrpc":"2.0","id":10}'))
        m = c.wait_message(lambda m: "error" in m or m.get("id") == 10)
        rep.check(err_code(m) == -32600 and m.get("id") == 10,
                  "a message without method or result: invalid request", m)
        c.write_raw(frame(b'{"jsonrpc":"2.0","id":11,"method":"textDocument/hover","params":3}'))
        m = c.wait_message(lambda m: "error" in m or m.get("id") == 11)
        rep.eq(err_code(m), -32602, "params that are a number: invalid params")

        r = c.request("workspace/noSuchThing", {})
        rep.eq(err_code(r), -32601, "an unknown request: method not found")
        r = c.request("codeAction/resolve")
        rep.eq(err_code(r), -32602, "codeAction/resolve without a CodeAction: invalid params")
        c.notify("workspace/noSuchNotification", {"x": 1})
        c.notify("$/cancelRequest", {"id": 1})
        c.send({"jsonrpc": "2.0", "id": "str-id", "method": "textDocument/hover",
                "params": {"textDocument": {"uri": "file:///nope"},
                           "position": {"line": 0, "character": 0}}})
        m = c.wait_response("str-id")
        rep.check(m.get("id") == "str-id" and "result" in m and m["result"] is None,
                  "a string id is echoed; hover on an unknown document is null", m)
        stray = [n for n in c.notes if "error" in n]
        rep.eq(stray, [], "unknown notifications get no answer")
        r = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})
        rep.eq(err_code(r), -32601, "the debug request needs --debug-requests")

        # A response from the client to nothing: ignored.
        c.send({"jsonrpc": "2.0", "id": 999, "result": None})
        # Changes for a document that is not open, malformed changes.
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": [{"text": "x"}]})
        c.open(uri, seed)
        c.diagnostics(uri, 1)
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": [{"range": {"start": 5}, "text": "x"},
                                                               {"text": 5}]})
        c.docs[uri][1] = 2
        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 99999, "character": 99999},
                      "end": {"line": -1, "character": 0}},
            "context": {"diagnostics": []}})
        rep.check(err_code(r) == -32602, "a negative position: invalid params", r)
        r = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 99999, "character": 99999},
                      "end": {"line": 99999, "character": 0}},
            "context": {"diagnostics": []}})
        rep.check(isinstance(r.get("result"), list), "positions past the end clamp to it", r)
        r = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                             "position": {"line": 99999, "character": 5}})
        rep.check("result" in r, "hover past the end answers", r)

        # Documents that are not templates get no diagnostics.
        for name, text, want in (("notes.yaml", "name: value\nlist: [1, 2]\n", 0),
                                 ("broken.yaml", "a: [unclosed\n", 0),
                                 ("broken-template.yaml", "Resources:\n  X: [unclosed\n", 1),
                                 ("empty.yaml", "", 0),
                                 ("nested.yaml", "Resources: " + "[" * 20000 + "\n", 1),
                                 ("bomb.yaml", "Resources:\n" + "".join(
                                     "  a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 9) if i else "x")
                                     for i in range(12)), None)):
            u = file_uri(os.path.join(tmp, name))
            c.open(u, text)
            d = c.diagnostics(u, 1)
            if want is None:
                rep.check(isinstance(d, list), "%s: answered without a crash" % name, d)
            elif want == 0:
                rep.eq(d, [], "%s: no diagnostics" % name)
            else:
                rep.check(len(d) >= 1 and d[0]["code"] == "SR001",
                          "%s: SR001 (it looks like a template)" % name, d)

        # A body over the limit is skipped, and the session goes on.
        limit = 2 * 64 * 1024 * 1024 + (1 << 20)
        n = limit + 1
        c.write_raw(b"Content-Length: %d\r\n\r\n" % n)
        chunk = b" " * (1 << 20)
        left = n
        while left:
            k = min(left, len(chunk))
            c.write_raw(chunk[:k])
            left -= k
        m = c.wait_message(lambda m: "error" in m, timeout=120)
        rep.check(err_code(m) == -32600 and "over the limit" in m["error"]["message"],
                  "a body over the limit: an error, the body skipped", m)
        r = c.request("workspace/noSuchThing", {}, timeout=120)
        rep.eq(err_code(r), -32601, "after a skipped body the next message is read")

        # A document over 64 MiB is not linted, as on the command line.
        big = "Resources: {}\n#" + "x" * (64 * 1024 * 1024)
        u = file_uri(os.path.join(tmp, "big.yaml"))
        c.open(u, big)
        d = c.diagnostics(u, 1, timeout=120)
        rep.check(len(d) == 1 and "larger than the limit of 64 MiB" in d[0]["message"],
                  "a document over 64 MiB: not linted, with a diagnostic that says so", d)
        c.notify("textDocument/didClose", {"textDocument": {"uri": u}})

        r, rc = c.shutdown_exit()
        rep.eq(rc, 0, "shutdown then exit: status 0")
        clean(rep, c, "edge cases")
    finally:
        c.close()

    # After shutdown: requests are refused; exit gives 0.
    c = Client()
    try:
        c.initialize()
        c.request("shutdown")
        r = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                             "position": {"line": 0, "character": 0}})
        rep.eq(err_code(r), -32600, "a request after shutdown: invalid request")
        c.notify("exit")
        rep.eq(c.wait_exit(), 0, "exit after shutdown and a refused request: status 0")
    finally:
        c.close()

    # exit without shutdown: 1. End of input without exit: 1.
    c = Client()
    try:
        c.initialize()
        c.notify("exit")
        rep.eq(c.wait_exit(), 1, "exit without shutdown: status 1")
    finally:
        c.close()
    c = Client()
    try:
        c.initialize()
        rep.eq(c.wait_exit(), 1, "input ends without exit: status 1")
    finally:
        c.close()
    c = Client()
    try:
        c.initialize()
        c.request("shutdown")
        rep.eq(c.wait_exit(), 0, "input ends after shutdown: status 0")
    finally:
        c.close()

    # Frames that cannot be framed end the session cleanly with status 1.
    for name, data in (("a header over 8 KiB", b"X-Long: " + b"a" * 10000),
                       ("a header without Content-Length", b"Content-Type: x\r\n\r\n{}"),
                       ("a Content-Length that is not a number", b"Content-Length: 12a\r\n\r\n{}"),
                       ("input that ends inside a header", b"Content-Len")):
        c = Client()
        try:
            c.initialize()
            c.write_raw(data)
            rc = c.wait_exit()
            got = [m for m in c.notes if "error" in m] + list(drain(c))
            rep.check(rc == 1 and any(err_code(m) == -32700 for m in got),
                      "%s: an error, then status 1" % name, (rc, got))
            clean(rep, c, name)
        finally:
            c.close()


def drain(c):
    while True:
        m = c._next(2)
        if m in (None, "timeout"):
            return
        yield m


run(main)
