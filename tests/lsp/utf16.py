"""utf16.py - positions as LSP counts them: UTF-16 code units after
non-ASCII and astral characters on the finding's line, CRLF line breaks,
edits that join and split CRLF pairs, lone CR as a line break, U+2028 and
U+0085 as ordinary characters, and the utf-8 / utf-32 position encodings
when the client offers them."""

import json
import os
import shutil
import subprocess
import tempfile

from lspclient import CAPS, Client, binary, file_uri, line_starts, offset, position, rng, run

ASTRAL = """AWSTemplateFormatVersion: '2010-09-09'
Description: "Schlüssel für 日本 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
Resources:
  AppSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: "é😀\u2028\u0085x"
      Tags: [{Key: "😀é𝔘𝔫", Value: !Ref Missing}, {Key: "日本😀", Value: !GetAtt Gone.Arn}]
"""


def cli_findings(path):
    out = subprocess.run([binary(), "--format", "json", path], capture_output=True, text=True)
    return json.loads(out.stdout)["files"][0]["findings"]


def ranges_of(diags, code):
    return sorted((d["range"] for d in diags if d["code"] == code),
                  key=lambda r: (r["start"]["line"], r["start"]["character"]))


def main(rep):
    tmp = tempfile.mkdtemp(prefix="sr-lsp-utf16.")
    try:
        checks(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checks(rep, tmp):
    path = os.path.join(tmp, "astral.yaml")
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(ASTRAL)
    uri = file_uri(path)
    want = [rng(ASTRAL, ASTRAL.index(t), ASTRAL.index(t) + len(t)) for t in ("Missing", "Gone.Arn")]
    c = Client(["--debug-requests"])
    try:
        c.initialize()
        c.open(uri, ASTRAL)
        diags = c.diagnostics(uri, 1)
        got = ranges_of(diags, "SR003")
        rep.eq(got, want, "SR003 after astral characters: UTF-16 ranges")
        # The test means something: UTF-16 columns differ from characters here.
        cols = sorted(f["start"]["column"] - 1 for f in cli_findings(path) if f["rule"] == "SR003")
        rep.check(len(got) == 2 and [g["start"]["character"] for g in got] != cols,
                  "the UTF-16 columns are not the character columns", (got, cols))
        rep.eq(sorted(g["start"]["line"] for g in got), [7, 7],
               "U+2028 and U+0085 do not break lines")

        # Hover on the astral line names the reference with a UTF-16 range.
        i = ASTRAL.index("Missing")
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                             "position": rng(ASTRAL, i + 1, i + 1)["start"]})
        rep.eq((h.get("result") or {}).get("range"), rng(ASTRAL, i, i + 7),
               "hover range on the astral line")

        # Insert an astral character before the finding: it moves by two units.
        i = ASTRAL.index("😀é𝔘𝔫")
        v = c.change(uri, [{"range": rng(ASTRAL, i, i), "text": "𝔘"}])
        text = c.docs[uri][0]
        got = ranges_of(c.diagnostics(uri, v), "SR003")
        rep.eq(got, [rng(text, text.index(t), text.index(t) + len(t)) for t in ("Missing", "Gone.Arn")],
               "an astral character inserted before the findings shifts them by 2 units")
        rep.eq(got[0]["start"]["character"] - want[0]["start"]["character"], 2,
               "an astral character is two UTF-16 units")
        # A position inside the surrogate pair means the start of the character.
        j = i
        lc = position(text, j)
        v = c.change(uri, [{"range": {"start": {"line": lc[0], "character": lc[1] + 1},
                                      "end": {"line": lc[0], "character": lc[1] + 1}},
                            "text": "X"}])
        dt = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})["result"]
        rep.eq(dt["text"], text[:j] + "X" + text[j:],
               "a position inside a surrogate pair means the start of its character")
        c.shutdown_exit()
    finally:
        c.close()

    # A CRLF template: same lines and characters as LF, and edits on it.
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                           "seed-template.yaml"), newline="") as f:
        lf = f.read()
    crlf = lf.replace("\n", "\r\n")
    p = os.path.join(tmp, "crlf.yaml")
    with open(p, "w", newline="") as f:
        f.write(crlf)
    uri = file_uri(p)
    c = Client(["--debug-requests"])
    try:
        c.initialize()
        c.open(uri, crlf)
        diags = c.diagnostics(uri, 1)
        want = [rng(crlf, crlf.index(t), crlf.index(t) + len(t))
                for t in ("RotationLambda.Arn", "RotationLambda.FunctionName")]
        rep.eq(ranges_of(diags, "SR003"), want, "CRLF file: SR003 at exact ranges")
        rep.eq(want, [rng(lf, lf.index(t), lf.index(t) + len(t))
                      for t in ("RotationLambda.Arn", "RotationLambda.FunctionName")],
               "CRLF and LF give the same positions")
        # The end of a line excludes its CRLF: a character past it clamps there.
        k = crlf.index("Resources:")
        ln = position(crlf, k)[0]
        v = c.change(uri, [{"range": {"start": {"line": ln, "character": 500},
                                      "end": {"line": ln, "character": 900}}, "text": " # x"}])
        text = c.docs[uri][0]
        dt = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})["result"]
        rep.eq(dt["text"], text, "a character past the line end means the end of the line (before CRLF)")
        rep.check("Resources: # x\r\n" in dt["text"], "the CRLF stays after the insertion",
                  dt["text"][k:k + 20])
        # Replace one CRLF by a lone CR: LSP counts it as a line break.
        nl = text.index("\r\n", k)
        v = c.change(uri, [{"range": rng(text, nl, nl + 2), "text": "\r"}])
        text = c.docs[uri][0]
        dt = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})["result"]
        rep.eq((dt["text"], dt["lines"]), (text, len(line_starts(text))),
               "a lone CR is a line break")
        rep.eq(len(line_starts(text)), len(line_starts(crlf)), "the client counts it so too")
        # Insert LF at the start of the next line: CR and LF join into one break.
        i = nl
        lcp = position(text, i + 1)
        v = c.change(uri, [{"range": {"start": {"line": lcp[0], "character": lcp[1]},
                                      "end": {"line": lcp[0], "character": lcp[1]}}, "text": "\n"}])
        text = c.docs[uri][0]
        dt = c.request("secrot-lint/documentText", {"textDocument": {"uri": uri}})["result"]
        rep.eq(dt["text"], text, "an LF after a lone CR joins it into a CRLF")
        rep.eq(dt["text"], crlf.replace("Resources:\r\n", "Resources: # x\r\n"),
               "the text is back to CRLF throughout")
        diags = c.diagnostics(uri, v)
        want = [rng(text, text.index(t), text.index(t) + len(t))
                for t in ("RotationLambda.Arn", "RotationLambda.FunctionName")]
        rep.eq(ranges_of(diags, "SR003"), want, "CRLF file after edits: SR003 at exact ranges")
        c.shutdown_exit()
    finally:
        c.close()

    # Other encodings when the client offers them first.
    for enc, unit in (("utf-8", lambda s: len(s.encode("utf-8"))), ("utf-32", len)):
        caps = json.loads(json.dumps(CAPS))
        caps["general"]["positionEncodings"] = [enc, "utf-16"]
        c = Client()
        try:
            r = c.initialize(caps)
            rep.eq(r["result"]["capabilities"].get("positionEncoding"), enc,
                   "%s offered first: chosen" % enc)
            uri = file_uri(path)
            c.open(uri, ASTRAL)
            got = ranges_of(c.diagnostics(uri, 1), "SR003")
            i = ASTRAL.index("Missing")
            line_start = ASTRAL.rindex("\n", 0, i) + 1
            rep.eq(got[0]["start"], {"line": 7, "character": unit(ASTRAL[line_start:i])},
                   "%s: character counted in %s units" % (enc, enc))
            c.shutdown_exit()
        finally:
            c.close()
    rep.eq(offset("a😀b", 0, 3), 2, "client model: offset after an astral character")


run(main)
