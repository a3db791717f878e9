"""policy.py - the policy nearest each document applies, the server asks
to be told when a policy file changes, a changed policy is reloaded on
workspace/didChangeWatchedFiles (and on didSave of an open policy file), a
policy that does not load stops the lint with a diagnostic that says so
and gets its own diagnostic at the error, an open policy file is checked
as it is typed, and -c FILE applies one policy to every document."""

import os
import shutil
import tempfile

from lspclient import Client, file_uri, run

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                    "seed-template.yaml")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)


def codes(diags):
    return sorted({d.get("code") for d in diags if d.get("code")})


def main(rep):
    tmp = tempfile.mkdtemp(prefix="sr-lsp-policy.")
    try:
        checks(rep, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def checks(rep, tmp):
    with open(SEED, newline="") as f:
        seed = f.read()
    # Two projects: one with a policy that turns SR103 off, one without.
    pol = os.path.join(tmp, "a", ".secrot-lint.yaml")
    write(pol, "version: 1\ndisable: [SR103]\n")
    ta = os.path.join(tmp, "a", "sub", "template.yaml")
    tb = os.path.join(tmp, "b", "template.yaml")
    write(ta, seed)
    write(tb, seed)
    ua, ub = file_uri(ta), file_uri(tb)

    c = Client()
    try:
        c.initialize()
        reg = c.wait_message(lambda m: m.get("method") == "client/registerCapability")
        regs = reg["params"]["registrations"]
        rep.check(regs[0]["method"] == "workspace/didChangeWatchedFiles" and
                  regs[0]["registerOptions"]["watchers"][0]["globPattern"] == "**/.secrot-lint.yaml",
                  "after initialized: the server registers a watcher for policy files", regs)
        c.open(ua, seed)
        c.open(ub, seed)
        da, db = c.diagnostics(ua, 1), c.diagnostics(ub, 1)
        rep.check("SR103" not in codes(da) and "SR103" in codes(db),
                  "the nearest policy applies (a/ disables SR103, b/ has none)", (codes(da), codes(db)))

        # The policy changes on disk: reloaded on didChangeWatchedFiles.
        write(pol, "version: 1\ndisable: [SR312]\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(pol), "type": 2}]})
        da = c.diagnostics(ua, 1)
        rep.check("SR312" not in codes(da) and "SR103" in codes(da),
                  "a changed policy applies after didChangeWatchedFiles", codes(da))
        c.diagnostics(ub, 1)  # every open document is linted again
        # Another file's change does not reload anything.
        c.drop_diagnostics()
        c.notify("workspace/didChangeWatchedFiles",
                 {"changes": [{"uri": file_uri(os.path.join(tmp, "a", "x.py")), "type": 2}]})
        r = c.request("textDocument/hover", {"textDocument": {"uri": ua},
                                             "position": {"line": 0, "character": 0}})
        rep.check("result" in r and not [m for m in c.notes if m.get("method") ==
                                         "textDocument/publishDiagnostics"],
                  "a change of another file publishes nothing", c.notes)

        # A policy that does not load: a diagnostic on the template, one on the policy.
        write(pol, "version: 1\ndisable: [SR103]\nno_such_key: 3\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(pol), "type": 2}]})
        da = c.diagnostics(ua, 1)
        rep.check(len(da) == 1 and "not linted: the policy file" in da[0]["message"] and
                  pol in da[0]["message"] and da[0]["severity"] == 1,
                  "a broken policy: the template says it is not linted and why", da)
        dp = c.diagnostics(file_uri(pol))
        rep.check(len(dp) == 1 and dp[0]["range"]["start"]["line"] == 2,
                  "the broken policy gets a diagnostic on its line", dp)
        c.diagnostics(ub, 1)
        c.drop_diagnostics()
        for _ in range(3):
            c.request("textDocument/hover", {"textDocument": {"uri": ua},
                                             "position": {"line": 0, "character": 0}})
        rep.eq([m for m in c.notes if m.get("method") == "textDocument/publishDiagnostics"], [],
               "hovers on a template that is not linted do not lint it again")
        # Fixed again: its diagnostic is cleared, the template linted.
        write(pol, "version: 1\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": file_uri(pol), "type": 2}]})
        rep.eq(c.diagnostics(file_uri(pol)), [], "a repaired policy's diagnostic is cleared")
        da = c.diagnostics(ua, 1)
        rep.check("SR103" in codes(da) and "SR312" in codes(da),
                  "the repaired policy (all defaults) applies", codes(da))

        # An open policy file is checked as it is typed.
        pu = file_uri(pol)
        c.open(pu, "version: 1\n")
        rep.eq(c.diagnostics(pu, 1), [], "an open valid policy file: no diagnostics")
        v = c.change(pu, [{"text": "version: 1\nmin_password_length: many\n"}])
        dp = c.diagnostics(pu, v)
        rep.check(len(dp) == 1 and dp[0]["range"]["start"]["line"] == 1,
                  "an open policy file with an error: a diagnostic at it", dp)
        # Saving the policy reloads it for the templates.
        write(pol, "version: 1\ndisable: [SR103]\n")
        c.notify("textDocument/didSave", {"textDocument": {"uri": pu}})
        da = c.diagnostics(ua, 1)
        rep.check("SR103" not in codes(da), "didSave of a policy file reloads it", codes(da))
        r, rc = c.shutdown_exit()
        rep.eq(rc, 0, "policy session: exit status 0")
    finally:
        c.close()

    # -c FILE: one policy for every document.
    one = os.path.join(tmp, "one.yaml")
    write(one, "version: 1\ndisable: [SR3]\n")
    c = Client(["-c", one])
    try:
        c.initialize()
        c.open(ub, seed)
        db = c.diagnostics(ub, 1)
        rep.check(db and not [x for x in codes(db) if x.startswith("SR3")],
                  "-c FILE applies to a document that has no policy of its own", codes(db))
        c.shutdown_exit()
    finally:
        c.close()


run(main)
