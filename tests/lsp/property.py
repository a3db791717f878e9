"""property.py - random edit sequences (seeded) keep the server's text
identical to the client's, and every diagnostic range the server publishes
is a valid position in the client's text (a line that exists, a character
within it, never inside a surrogate pair). Edits mix insertions, deletions
and replacements of every size, several changes per didChange, full-text
changes, CRLF and lone CR line breaks, non-ASCII and astral characters;
hovers and code actions at random places run in between. The server must
end with status 0 (under ASan too: make asan runs this with the ASan
build)."""

import json
import os
import random
import subprocess
import tempfile

from lspclient import binary, Client, line_content_end, line_starts, position, run, units

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                    "seed-template.yaml")
PIECES = ["a", "Z", " ", "  ", ":", "- ", "\n", "\r\n", "\r", "é", "日本", "😀", "𝔘𝔫", "\u2028",
          "\u0085", "\t", "!Ref RotationLambda", "!GetAtt X.Arn", "${AWS::Region}", "\"", "'",
          "{", "}", "[", "]", "#", "Resources:\n", "  X:\n    Type: AWS::SecretsManager::Secret\n"]
GENTLE = ["a", "Z", "é", "日本", "😀", "𝔘𝔫", "\u2028", "\u0085", "x1", "ü"]
EDITS = int(os.environ.get("SR_LSP_EDITS", "150"))
SEEDS = [int(s) for s in os.environ.get("SR_LSP_SEEDS", "1 2 3").split()]


def cli_starts(text, tmpfile):
    """(rule, line, UTF-16 character) of each finding the command line
    reports for text, from its byte offsets; None when it is not linted."""
    data = text.encode("utf-8")
    with open(tmpfile, "wb") as f:
        f.write(data)
    out = subprocess.run([binary(), "--format", "json", tmpfile], capture_output=True)
    try:
        files = json.loads(out.stdout)["files"]
    except ValueError:
        return None
    os.unlink(tmpfile)
    if not files or not files[0].get("template"):
        return []
    # A file that does not parse is reported only when it looks like a
    # template (as a directory walk does it).
    marks = ("AWSTemplateFormatVersion", "Resources", "Transform")
    if [f["rule"] for f in files[0]["findings"]] == ["SR001"] and not any(m in text for m in marks):
        return []
    res = []
    for f in files[0]["findings"]:
        i = len(data[:f["bytes"]["start"]].decode("utf-8", "replace"))
        line, ch = position(text, i)
        res.append((f["rule"], line, ch))
    return sorted(res)


def random_text(rnd, n):
    return "".join(rnd.choice(PIECES) for _ in range(n))


def pos(text, i):
    line, ch = position(text, i)
    return {"line": line, "character": ch}


def valid_position(text, p):
    starts = line_starts(text)
    if not 0 <= p["line"] < len(starts):
        return False
    a, e = starts[p["line"]], line_content_end(text, starts, p["line"])
    u = 0
    for c in text[a:e]:
        if u == p["character"]:
            return True
        u += units(c)
        if u > p["character"]:
            return False  # inside a surrogate pair
    return u == p["character"]


def one_seed(rep, seed, base):
    rnd = random.Random(seed)
    text0 = base
    if seed % 2 == 0:
        text0 = base.replace("\n", "\r\n")
    uri = "file:///tmp/sr-lsp-property/seed%d/template.yaml" % seed
    c = Client(["--debug-requests", "--debounce", "5"])
    mismatches, bad_ranges, errors, checks, ndiags, differ = [], [], [], 0, 0, []
    tmpfile = os.path.join(tempfile.gettempdir(), "sr-lsp-property.%d.yaml" % os.getpid())
    try:
        c.initialize()
        c.open(uri, text0)
        for step in range(EDITS):
            text = c.docs[uri][0]
            if step % 20 == 0 or rnd.random() < 0.03:
                changes = [{"text": random_text(rnd, rnd.randint(0, 40)) if rnd.random() < 0.3
                            else base}]
            else:
                changes = []
                model = text
                for _ in range(rnd.choice([1, 1, 1, 2, 3, 5])):
                    n = len(model)
                    if rnd.random() < 0.85:
                        # Within one line, characters only: the YAML mostly survives.
                        starts = line_starts(model)
                        ln = rnd.randrange(len(starts))
                        e = line_content_end(model, starts, ln)
                        a = rnd.randint(starts[ln], e)
                        b = min(e, a + rnd.choice([0, 0, 1, 2]))
                        new = "".join(rnd.choice(GENTLE) for _ in range(rnd.choice([0, 1, 2])))
                    else:
                        a = rnd.randint(0, n)
                        b = min(n, a + rnd.choice([0, 0, 1, 2, 5, 20, 200]))
                        new = random_text(rnd, rnd.choice([0, 1, 1, 2, 4, 10]))
                    changes.append({"range": {"start": pos(model, a), "end": pos(model, b)},
                                    "text": new})
                    model = model[:a] + new + model[b:]
            c.change(uri, changes)
            text = c.docs[uri][0]
            if rnd.random() < 0.08:
                i = rnd.randint(0, len(text))
                r = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": pos(text, i)})
                if "error" in r:
                    errors.append(("hover", r["error"]))
            if rnd.random() < 0.05:
                i = rnd.randint(0, len(text))
                j = min(len(text), i + rnd.randint(0, 300))
                r = c.request("textDocument/codeAction", {
                    "textDocument": {"uri": uri},
                    "range": {"start": pos(text, i), "end": pos(text, j)},
                    "context": {"diagnostics": []}})
                if "error" in r:
                    errors.append(("codeAction", r["error"]))
            if step % 5 == 4 or step == EDITS - 1:
                checks += 1
                got = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})
                got = got.get("result") or {}
                if got.get("text") != text or got.get("version") != c.docs[uri][1]:
                    mismatches.append((step, len(text), len(got.get("text") or "")))
                    if len(mismatches) == 1:
                        c.docs[uri][0] = got.get("text") or ""  # resynchronise, go on
                # The diagnostics of this version: every range valid in it,
                # each start where the command line's byte offset puts it.
                diags = c.diagnostics(uri, c.docs[uri][1])
                want = cli_starts(text, tmpfile)
                got = sorted((d["code"], d["range"]["start"]["line"],
                              d["range"]["start"]["character"]) for d in diags)
                if want is not None and got != want:
                    differ.append((step, got[:3], want[:3]))
                for d in diags:
                    ndiags += 1
                    for end in ("start", "end"):
                        if not valid_position(text, d["range"][end]):
                            bad_ranges.append((step, d["range"]))
        r, rc = c.shutdown_exit()
        err = c.stderr_text()
    finally:
        c.close()
    rep.check(not mismatches, "seed %d: server text equals client text after %d edits (%d checks)"
              % (seed, EDITS, checks), mismatches[:5])
    rep.check(not bad_ranges, "seed %d: %d diagnostics on the way, all at valid positions"
              % (seed, ndiags), bad_ranges[:5])
    rep.check(not differ, "seed %d: diagnostics start where the command line's byte offsets are"
              % seed, differ[:3])
    rep.check(not errors, "seed %d: hovers and code actions answered" % seed, errors[:3])
    rep.check(rc == 0 and "Sanitizer" not in err and "runtime error" not in err,
              "seed %d: exit status 0, no sanitizer report" % seed, "status %r: %s" % (rc, err[-800:]))


def main(rep):
    with open(SEED, newline="") as f:
        base = f.read()
    base = base.replace("Description: Secrets rotation", "Description: Sécrets 😀 rotation 𝔘")
    for seed in SEEDS:
        one_seed(rep, seed, base)


run(main)
