"""actions.py - code actions and what the client can do: a fix that writes
a handler file uses CreateFile and an edit with its text when the client
can create files; without that (or for an untitled document) the fix comes
without the file, says so in its title and is not preferred (an unsafe fix
is never preferred); a handler that exists already is kept. A client
without documentChanges gets a changes map. Actions follow the requested
range and context.only; the fix-all comes with its edit when the client
cannot resolve."""

import copy
import json
import os
import shutil
import subprocess
import tempfile

from lspclient import CAPS, Client, apply_workspace_edit, binary, file_uri, run

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                    "seed-template.yaml")
HANDLER = "rotation/DatabaseSecret/lambda_function.py"


def actions(c, uri, rng, only=None):
    ctx = {"diagnostics": []}
    if only is not None:
        ctx["only"] = only
    r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": rng,
                                              "context": ctx})
    return r.get("result") or []


def sr107(c, uri):
    d = [x for x in c.diagnostics(uri, 1) if x["code"] == "SR107"]
    return d[0]


def cli_fix107(tmp, text):
    d = os.path.join(tmp, "cli107")
    os.makedirs(d)
    with open(os.path.join(d, "t.yaml"), "w", newline="") as f:
        f.write(text)
    subprocess.run([binary(), "--fix", "--unsafe-fixes", "--include-checks", "SR107", "t.yaml"],
                   cwd=d, capture_output=True)
    with open(os.path.join(d, "t.yaml"), newline="") as f:
        t = f.read()
    with open(os.path.join(d, HANDLER), newline="") as f:
        h = f.read()
    return t, h


def main(rep):
    tmp = tempfile.mkdtemp(prefix="sr-lsp-actions.")
    try:
        checks(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checks(rep, tmp):
    with open(SEED, newline="") as f:
        seed = f.read()
    work = os.path.join(tmp, "w")
    os.makedirs(work)
    path = os.path.join(work, "template.yaml")
    uri = file_uri(path)
    want_t, want_h = cli_fix107(tmp, seed)

    # Full capabilities: CreateFile and the handler's text.
    c = Client()
    try:
        c.initialize()
        c.open(uri, seed)
        d = sr107(c, uri)
        acts = [a for a in actions(c, uri, d["range"]) if a["title"].startswith("Fix SR107")]
        if rep.check(len(acts) == 1, "SR107 has a quick fix", acts):
            a = acts[0]
            ops = a["edit"]["documentChanges"]
            creates = [o for o in ops if o.get("kind") == "create"]
            rep.check(len(creates) == 1 and creates[0]["uri"] == file_uri(os.path.join(work, HANDLER))
                      and creates[0]["options"] == {"overwrite": False, "ignoreIfExists": False},
                      "the fix creates the handler file with CreateFile (never overwriting)", creates)
            files = {uri: seed}
            apply_workspace_edit(files, a["edit"])
            rep.eq(files[uri], want_t, "SR107 quick fix: the template --fix writes")
            rep.eq(files.get(file_uri(os.path.join(work, HANDLER))), want_h,
                   "SR107 quick fix: the handler file --fix writes")
            # Complete with CreateFile; unsafe (it adds code to run), so marked
            # and never preferred.
            rep.check(a.get("isPreferred") is False and "without creating" not in a["title"] and
                      a["title"].startswith("Fix SR107 (unsafe):"),
                      "with CreateFile the fix is complete, marked unsafe, not preferred",
                      a["title"])
        # context.only and the range select the actions.
        rep.eq(actions(c, uri, d["range"], ["refactor"]), [], "only=[refactor]: nothing")
        far = {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}}
        got = actions(c, uri, far)
        rep.check(all(a["kind"] == "source.fixAll.secrot-lint" for a in got),
                  "no quick fix away from the findings (only the fix-all)", [a["title"] for a in got])
        qf = actions(c, uri, d["range"], ["quickfix"])
        rep.check(qf and all(a["kind"] == "quickfix" for a in qf), "only=[quickfix]: quick fixes only",
                  [a["kind"] for a in qf])
        # An existing handler is kept: no CreateFile.
        os.makedirs(os.path.dirname(os.path.join(work, HANDLER)))
        with open(os.path.join(work, HANDLER), "w") as f:
            f.write("# mine\n")
        c.change(uri, [{"text": seed + "\n"}])
        c.diagnostics(uri, 2)
        acts = [a for a in actions(c, uri, d["range"]) if a["title"].startswith("Fix SR107")]
        rep.check(len(acts) == 1 and not [o for o in acts[0]["edit"]["documentChanges"]
                                          if o.get("kind") == "create"] and
                  len(acts[0]["edit"]["documentChanges"]) == 1,
                  "a handler that exists is kept: no CreateFile, no edit of it", acts)
        os.unlink(os.path.join(work, HANDLER))
        c.shutdown_exit()
    finally:
        c.close()

    # A client that cannot create files: the fix without the file, said so.
    caps = copy.deepcopy(CAPS)
    caps["workspace"]["workspaceEdit"]["resourceOperations"] = []
    c = Client()
    try:
        c.initialize(caps)
        c.open(uri, seed)
        d = sr107(c, uri)
        acts = [a for a in actions(c, uri, d["range"]) if a["title"].startswith("Fix SR107")]
        if rep.check(len(acts) == 1, "no resource operations: the SR107 fix is offered", acts):
            a = acts[0]
            rep.check("without creating " + os.path.join(work, HANDLER) in a["title"] and
                      "secrot-lint --fix" in a["title"] and a.get("isPreferred") is False,
                      "its title says the handler is not created; not preferred", a["title"])
            rep.check(not [o for o in a["edit"]["documentChanges"] if "kind" in o],
                      "no resource operation in the edit", a["edit"])
        c.shutdown_exit()
    finally:
        c.close()

    # No documentChanges: a changes map; no resolve: the fix-all comes whole.
    caps = copy.deepcopy(CAPS)
    caps["workspace"]["workspaceEdit"] = {}
    del caps["textDocument"]["codeAction"]["resolveSupport"]
    c = Client()
    try:
        r = c.initialize(caps)
        rep.eq(r["result"]["capabilities"]["codeActionProvider"].get("resolveProvider"), False,
               "no resolve support: resolveProvider false")
        c.open(uri, seed)
        d = sr107(c, uri)
        acts = actions(c, uri, d["range"])
        fix = [a for a in acts if a["title"].startswith("Fix SR107")]
        rep.check(fix and list(fix[0]["edit"]) == ["changes"] and uri in fix[0]["edit"]["changes"],
                  "without documentChanges the edit is a changes map", fix[:1])
        fa = [a for a in acts if a["kind"] == "source.fixAll.secrot-lint"]
        rep.check(fa and "edit" in fa[0] and "without creating" in fa[0]["title"],
                  "without resolve the fix-all carries its edit (and says what it leaves out)",
                  [a["title"] for a in fa])
        c.shutdown_exit()
    finally:
        c.close()

    # An untitled document: fixes without files (there is no folder).
    c = Client()
    try:
        c.initialize()
        u = "untitled:Untitled-1"
        c.open(u, seed)
        d = sr107(c, u)
        acts = [a for a in actions(c, u, d["range"]) if a["title"].startswith("Fix SR107")]
        rep.check(len(acts) == 1 and "without creating" in acts[0]["title"] and
                  not [o for o in acts[0]["edit"]["documentChanges"] if "kind" in o],
                  "untitled document: the fix comes without the handler file", acts)
        c.shutdown_exit()
    finally:
        c.close()

    # No codeActionLiteralSupport: no code action provider is announced.
    caps = copy.deepcopy(CAPS)
    del caps["textDocument"]["codeAction"]
    c = Client()
    try:
        r = c.initialize(caps)
        rep.check("codeActionProvider" not in r["result"]["capabilities"],
                  "a client without code action literals: no codeActionProvider",
                  json.dumps(r["result"]["capabilities"]))
        c.shutdown_exit()
    finally:
        c.close()


run(main)
