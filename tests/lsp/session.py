"""session.py - a whole editor session on the seed example: initialize,
open, the SR003 diagnostics at their exact ranges (and every diagnostic
where the command line puts it), hover on a finding and on a reference, go
to definition, an incremental change that defines the missing rotation
function, the SR103 quick fix giving the text --fix gives, the fix-all
action giving what --fix writes (template and handler file), shutdown and
exit with status 0."""

import json
import os
import shutil
import subprocess
import tempfile

from lspclient import Client, apply_edits, apply_workspace_edit, binary, file_uri, rng, run, ROOT

FUNCTION = """
  RotationLambda:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: rotation/
      Timeout: 60
"""


def cli(args, cwd):
    return subprocess.run([binary()] + args, cwd=cwd, capture_output=True, text=True)


def cli_fix(tmp, name, text, include=None):
    """What --fix --unsafe-fixes writes for text (in a fresh folder): template,
    handler files. The editor's fix-all applies the unsafe fixes too (its
    title says so)."""
    d = os.path.join(tmp, name)
    os.makedirs(d)
    with open(os.path.join(d, "t.yaml"), "w", newline="") as f:
        f.write(text)
    args = ["--fix", "--unsafe-fixes", "t.yaml"]
    args += ["--include-checks", include] if include else []
    cli(args, d)
    out = {}
    for root, _, files in os.walk(d):
        for fn in files:
            p = os.path.join(root, fn)
            with open(p, newline="") as f:
                out[os.path.relpath(p, d)] = f.read()
    return out


def main(rep):
    tmp = tempfile.mkdtemp(prefix="sr-lsp-session.")
    try:
        session(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def session(rep, tmp):
    with open(os.path.join(ROOT, "examples/seed-template.yaml"), newline="") as f:
        seed = f.read()
    work = os.path.join(tmp, "work")
    os.makedirs(work)
    path = os.path.join(work, "template.yaml")
    with open(path, "w", newline="") as f:
        f.write(seed)
    uri = file_uri(path)

    c = Client()
    try:
        r = c.initialize()
        caps = r.get("result", {}).get("capabilities", {})
        rep.eq(caps.get("positionEncoding"), "utf-16", "initialize: position encoding utf-16")
        rep.eq(caps.get("textDocumentSync", {}).get("change"), 2, "initialize: incremental sync")
        rep.check(caps.get("hoverProvider") and caps.get("definitionProvider") and
                  "quickfix" in caps.get("codeActionProvider", {}).get("codeActionKinds", []),
                  "initialize: hover, definition and quick fixes", json.dumps(caps))
        rep.eq(r["result"].get("serverInfo", {}).get("name"), "secrot-lint", "initialize: serverInfo")

        c.open(uri, seed)
        diags = c.diagnostics(uri, 1)

        # SR003 at exact ranges: the name the GetAtt points at.
        sr003 = sorted((d["range"] for d in diags if d["code"] == "SR003"),
                       key=lambda r: r["start"]["line"])
        want = []
        for token in ("RotationLambda.Arn", "RotationLambda.FunctionName"):
            i = seed.index(token)
            want.append(rng(seed, i, i + len(token)))
        rep.eq(sr003, want, "SR003 diagnostics at the exact ranges of the references")
        d3 = [d for d in diags if d["code"] == "SR003"][0]
        rep.check(d3["severity"] == 1 and d3["source"] == "secrot-lint" and
                  "'RotationLambda' is not a resource" in d3["message"] and
                  "codeDescription" not in d3,
                  "SR003: severity error, source, message; no codeDescription without a base",
                  json.dumps(d3))

        # Every finding where the command line reports it.
        js = json.loads(cli(["--format", "json", path], work).stdout)
        want = sorted((f["rule"], f["start"]["line"] - 1, f["start"]["column"] - 1,
                       f["message"]) for f in js["files"][0]["findings"])
        got = sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                      d["message"]) for d in diags)
        rep.eq(got, want, "diagnostics are the command line's findings (rule, place, message)")
        sev = {d["code"]: d["severity"] for d in diags}
        rep.check(sev.get("SR312") == 2 and sev.get("SR103") == 1,
                  "severity: warning 2, error 1", sev)

        # Hover on the SR003 finding: the rule and its explanation.
        pos = d3["range"]["start"]
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position":
                                             {"line": pos["line"], "character": pos["character"] + 2}})
        val = ((h.get("result") or {}).get("contents") or {}).get("value", "")
        rep.check("**SR003**" in val and "does not exist" in val and
                  "Unresolved resource dependencies" in val,
                  "hover on a finding: rule id, title and explanation", val[:300])
        rep.check("is not a resource or parameter of this template" in val,
                  "hover on a GetAtt of a missing function says so", val[-300:])
        # Hover on a Ref: what it points at.
        i = seed.index("SecretId: !Ref DatabaseSecret") + len("SecretId: !Ref ")
        p = rng(seed, i + 3, i + 3)["start"]
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": p})
        res = h.get("result") or {}
        val = (res.get("contents") or {}).get("value", "")
        rep.check("Ref: resource **DatabaseSecret** (AWS::SecretsManager::Secret)" in val and
                  "line 11" in val, "hover on a Ref: the resource, its type and line", val)
        rep.eq(res.get("range"), rng(seed, i, i + len("DatabaseSecret")),
               "hover on a Ref: range of the name")
        # Go to definition of the Ref.
        dr = c.request("textDocument/definition", {"textDocument": {"uri": uri}, "position": p})
        k = seed.index("  DatabaseSecret:") + 2
        rep.eq(dr.get("result"), {"uri": uri, "range": rng(seed, k, k + len("DatabaseSecret"))},
               "definition of a Ref: the resource's logical id")

        # The fix-all source action (resolved lazily): what --fix writes.
        ca = c.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]}})
        acts = ca.get("result") or []
        rep.check(len(acts) == 1 and acts[0]["kind"] == "source.fixAll.secrot-lint" and
                  "edit" not in acts[0], "fix-all offered for only=source.fixAll, edit deferred",
                  json.dumps(acts)[:400])
        if acts:
            rs = c.request("codeAction/resolve", acts[0]).get("result") or {}
            files = {uri: seed}
            created = apply_workspace_edit(files, rs.get("edit", {}))
            want = cli_fix(tmp, "fixall", seed)
            rep.eq(files[uri], want["t.yaml"], "fix-all edit gives the text --fix writes")
            handler = [u for u in created if u.endswith("lambda_function.py")]
            wanted = [k for k in want if k.endswith("lambda_function.py")]
            rep.check(len(handler) == 1 and len(wanted) == 1 and
                      handler[0] == file_uri(os.path.join(work, wanted[0])) and
                      files[handler[0]] == want[wanted[0]],
                      "fix-all creates the handler file --fix writes (CreateFile and its text)",
                      "%r %r" % (created, list(want)))
            rep.check(rs.get("title", "").startswith("Fix all secrot-lint findings ("),
                      "fix-all title counts the fixes", rs.get("title"))

        # An incremental change that defines the missing function.
        end = rng(seed, len(seed), len(seed))
        v = c.change(uri, [{"range": end, "text": FUNCTION}])
        text = c.docs[uri][0]
        diags = c.diagnostics(uri, v)
        rep.check(not [d for d in diags if d["code"] == "SR003"],
                  "defining the function makes the SR003 diagnostics go",
                  [d["code"] for d in diags])

        # Code action on SR103: its edit gives the text --fix gives.
        d103 = [d for d in diags if d["code"] == "SR103"]
        if rep.check(len(d103) == 1, "SR103 still reported", [d["code"] for d in diags]):
            ca = c.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": d103[0]["range"],
                "context": {"diagnostics": d103}})
            acts = [a for a in ca.get("result") or [] if a.get("kind") == "quickfix"]
            rep.check(len(acts) == 1 and acts[0]["title"].startswith("Fix SR103: ") and
                      acts[0].get("isPreferred") is True and
                      acts[0]["diagnostics"][0]["code"] == "SR103",
                      "one preferred quick fix for SR103", json.dumps(ca)[:600])
            if acts:
                files = {uri: text}
                apply_workspace_edit(files, acts[0]["edit"])
                want = cli_fix(tmp, "sr103", text, "SR103")["t.yaml"]
                rep.eq(files[uri], want, "SR103 quick fix gives the text of --fix")
                rep.check(files[uri] != text, "the SR103 fix changes the text", "")
                # The editor applies it: the finding goes.
                edits = acts[0]["edit"]["documentChanges"][0]["edits"]
                rep.eq(acts[0]["edit"]["documentChanges"][0]["textDocument"],
                       {"uri": uri, "version": v}, "the edit names the document's version")
                v = c.change(uri, [{"range": e["range"], "text": e["newText"]}
                                   for e in reversed(edits)])
                rep.eq(c.docs[uri][0], want, "client's text after applying the edit")
                diags = c.diagnostics(uri, v)
                rep.check(not [d for d in diags if d["code"] == "SR103"],
                          "after the quick fix SR103 is gone", [d["code"] for d in diags])

        # didClose clears the diagnostics.
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        rep.eq(c.diagnostics(uri), [], "didClose publishes no diagnostics for the document")

        r, rc = c.shutdown_exit()
        rep.check("result" in r and r["result"] is None, "shutdown answers null", r)
        rep.eq(rc, 0, "exit after shutdown: status 0")
        err = c.stderr_text()
        rep.check("Sanitizer" not in err and "runtime error" not in err,
                  "no sanitizer report", err[-800:])
    finally:
        c.close()

    # With a help URI base, each diagnostic links its rule page.
    c = Client(["--help-uri-base", "https://example.org/rules/{id}.html"])
    try:
        c.initialize()
        c.open(uri, seed)
        diags = c.diagnostics(uri, 1)
        hrefs = {d["code"]: d.get("codeDescription", {}).get("href") for d in diags}
        rep.eq(hrefs.get("SR103"), "https://example.org/rules/SR103.html",
               "--help-uri-base: codeDescription with {id} replaced")
        c.shutdown_exit()
    finally:
        c.close()
    c = Client()
    try:
        c.initialize(options={"helpUriBase": "https://example.org/docs/rules/"})
        c.open(uri, seed)
        diags = c.diagnostics(uri, 1)
        hrefs = {d["code"]: d.get("codeDescription", {}).get("href") for d in diags}
        rep.eq(hrefs.get("SR312"), "https://example.org/docs/rules/SR312.md",
               "initializationOptions.helpUriBase: base + id + .md")
        c.shutdown_exit()
    finally:
        c.close()


run(main)
