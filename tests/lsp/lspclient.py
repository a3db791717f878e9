"""lspclient.py - a scripted Language Server Protocol client for the tests
of `secrot-lint lsp` (python3, standard library only).

It starts the server, frames JSON-RPC messages with Content-Length, reads
the server's messages on a thread, and keeps the client's own copy of each
document with LSP's positions: lines end at \\n, \\r\\n or \\r and a
character is counted in UTF-16 code units (two for a code point above
U+FFFF). Every test prints "ok - NAME" or "not ok - NAME: WHY" lines.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def binary():
    b = os.environ.get("SECROT_LINT", "build/secrot-lint")
    return b if os.path.isabs(b) else os.path.join(ROOT, b)


# ---- reporting ---------------------------------------------------------

class Report:
    def __init__(self):
        self.failed = 0

    def ok(self, name):
        print("ok - " + name, flush=True)

    def bad(self, name, why):
        self.failed += 1
        print("not ok - %s: %s" % (name, str(why).replace("\n", " | ")[:1500]), flush=True)

    def check(self, cond, name, why=""):
        if cond:
            self.ok(name)
        else:
            self.bad(name, why)
        return cond

    def eq(self, got, want, name):
        return self.check(got == want, name, "got %r, want %r" % (got, want))

    def skip(self, name, why):
        print("skip - %s: %s" % (name, why), flush=True)


# ---- text and positions (the client's side, written independently) ----

def line_starts(text):
    """Code point index of each line's first character."""
    starts = [0]
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\r":
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            starts.append(i)
        elif c == "\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    return starts


def line_content_end(text, starts, line):
    if line + 1 >= len(starts):
        return len(text)
    nxt = starts[line + 1]
    if nxt >= 2 and text[nxt - 2:nxt] == "\r\n":
        return nxt - 2
    return nxt - 1


def units(c):
    return 2 if ord(c) > 0xFFFF else 1


def position(text, index):
    """Code point index -> (line, UTF-16 character)."""
    starts = line_starts(text)
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= index:
            lo = mid
        else:
            hi = mid
    return lo, sum(units(c) for c in text[starts[lo]:index])


def offset(text, line, character):
    """(line, UTF-16 character) -> code point index."""
    starts = line_starts(text)
    if line >= len(starts):
        return len(text)
    i, end, u = starts[line], line_content_end(text, starts, line), 0
    while i < end and u + units(text[i]) <= character:
        u += units(text[i])
        i += 1
    return i


def rng(text, start, end):
    sl, sc = position(text, start)
    el, ec = position(text, end)
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def apply_edits(text, edits):
    """Applies TextEdits (ranges on the original text) the way LSP says:
    all ranges refer to the text before any edit; inserts at one position
    keep their order."""
    spans = []
    for k, e in enumerate(edits):
        r = e["range"]
        a = offset(text, r["start"]["line"], r["start"]["character"])
        b = offset(text, r["end"]["line"], r["end"]["character"])
        spans.append((a, b, k, e["newText"]))
    spans.sort(key=lambda s: (s[0], s[1], s[2]))
    out, pos = [], 0
    for a, b, _, t in spans:
        if a < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos:a])
        out.append(t)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def file_uri(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


CAPS = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {
        "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]},
        "didChangeWatchedFiles": {"dynamicRegistration": True},
    },
    "textDocument": {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "codeAction": {
            "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}},
            "dataSupport": True,
            "resolveSupport": {"properties": ["edit"]},
        },
        "publishDiagnostics": {"versionSupport": True},
    },
}


# ---- the client --------------------------------------------------------

class Client:
    def __init__(self, args=(), cwd=None, env=None):
        self.stderr_path = os.path.join(
            os.environ.get("TMPDIR", "/tmp"), "sr-lsp-stderr.%d.%d" % (os.getpid(), id(self)))
        self.stderr = open(self.stderr_path, "w+b")
        self.proc = subprocess.Popen([binary(), "lsp"] + list(args), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, cwd=cwd,
                                     env=env)
        self.q = queue.Queue()
        self.notes = []  # notifications and server requests, in order
        self.next_id = 1
        self.docs = {}  # uri -> [text, version]
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        f = self.proc.stdout
        while True:
            length = None
            while True:
                line = f.readline()
                if not line:
                    self.q.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                k, _, v = line.decode("ascii", "replace").partition(":")
                if k.strip().lower() == "content-length":
                    length = int(v.strip())
            body = f.read(length or 0)
            try:
                self.q.put(json.loads(body.decode("utf-8")))
            except ValueError as e:
                self.q.put({"__bad__": repr(e), "body": body[:200]})

    # -- sending
    def write_raw(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.write_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def request_async(self, method, params=None):
        i = self.next_id
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return i

    def request(self, method, params=None, timeout=30):
        """Sends a request and returns its response message (with "result"
        or "error"); notifications that come first are kept in notes."""
        return self.wait_response(self.request_async(method, params), timeout)

    # -- receiving
    def _next(self, timeout):
        try:
            m = self.q.get(timeout=timeout)
        except queue.Empty:
            return "timeout"
        return m

    def wait_response(self, rid, timeout=30):
        deadline = time.time() + timeout
        while True:
            m = self._next(max(0.01, deadline - time.time()))
            if m == "timeout":
                raise TimeoutError("no response to request %r" % rid)
            if m is None:
                raise EOFError("server closed its output")
            if "method" in m:
                self.notes.append(m)
                if "id" in m:  # a request of the server: answer it
                    self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if m.get("id") == rid:
                return m
            self.notes.append(m)

    def wait_message(self, pred, timeout=30):
        """The first message (kept or new) for which pred holds; it is
        removed from notes."""
        for k, m in enumerate(self.notes):
            if pred(m):
                return self.notes.pop(k)
        deadline = time.time() + timeout
        while True:
            m = self._next(max(0.01, deadline - time.time()))
            if m == "timeout":
                raise TimeoutError("no such message")
            if m is None:
                raise EOFError("server closed its output")
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            if pred(m):
                return m
            self.notes.append(m)

    def diagnostics(self, uri, version=None, timeout=30):
        """The next publishDiagnostics for uri (of that version)."""
        def pred(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            p = m["params"]
            return p["uri"] == uri and (version is None or p.get("version") == version)
        return self.wait_message(pred, timeout)["params"]["diagnostics"]

    def drop_diagnostics(self):
        self.notes = [m for m in self.notes if m.get("method") != "textDocument/publishDiagnostics"]

    # -- the session
    def initialize(self, caps=None, options=None):
        p = {"processId": os.getpid(), "rootUri": None, "capabilities": CAPS if caps is None else caps}
        if options is not None:
            p["initializationOptions"] = options
        r = self.request("initialize", p)
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.docs[uri] = [text, version]
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": version, "text": text}})

    def change(self, uri, changes):
        """Applies changes (dicts with range/text, or text alone) to the
        client's copy in order, as LSP does, and sends them."""
        d = self.docs[uri]
        for c in changes:
            if "range" in c:
                d[0] = apply_edits(d[0], [{"range": c["range"], "newText": c["text"]}])
            else:
                d[0] = c["text"]
        d[1] += 1
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": d[1]}, "contentChanges": changes})
        return d[1]

    def shutdown_exit(self, timeout=30):
        r = self.request("shutdown")
        self.notify("exit")
        return r, self.wait_exit(timeout)

    def wait_exit(self, timeout=30):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "hung"

    def stderr_text(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.stderr.close()
        try:
            os.unlink(self.stderr_path)
        except OSError:
            pass


def apply_workspace_edit(files, we):
    """Applies a WorkspaceEdit to files (uri -> text); CreateFile makes an
    empty file (failing when it exists). Returns the created uris."""
    created = []
    if "documentChanges" in we:
        for ch in we["documentChanges"]:
            if ch.get("kind") == "create":
                if ch["uri"] in files:
                    raise ValueError("create of an existing file " + ch["uri"])
                files[ch["uri"]] = ""
                created.append(ch["uri"])
            elif "kind" in ch:
                raise ValueError("unexpected operation " + ch["kind"])
            else:
                uri = ch["textDocument"]["uri"]
                files[uri] = apply_edits(files[uri], ch["edits"])
    for uri, edits in we.get("changes", {}).items():
        files[uri] = apply_edits(files[uri], edits)
    return created


def run(main):
    """Runs main(report) and exits 1 when a check failed."""
    rep = Report()
    try:
        main(rep)
    except Exception as e:  # a crash of the test is a failure, with its reason
        import traceback
        rep.bad("test script", "%s: %s" % (type(e).__name__, traceback.format_exc()[-1200:]))
    sys.exit(1 if rep.failed else 0)
