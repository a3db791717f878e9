#!/usr/bin/env python3
"""accuracy.py - the accuracy ledger of the corpus.

Lints every template of the corpus (../shared/corpus, or SR_CORPUS) with the
default policy and compares the findings with the committed ledger
tests/accuracy/ledger/SRnnn.tsv: one line per finding,

    path<TAB>line<TAB>rule<TAB>verdict<TAB>reason

path relative to the corpus, verdict `tp` (a reviewer acts on it) or
`judgement` (a reviewer may reasonably accept it), reason one line. A false
positive is never written down: it is fixed in the rule.

  accuracy.py --check    ok/not ok lines: every finding is in the ledger with
                         a valid verdict, every ledger line is still produced
  accuracy.py --table    per rule: findings, tp, judgement, share of judgement
  accuracy.py --draft R  prints ledger lines for rule R's findings that the
                         ledger lacks (verdict left as "?", for a reviewer)
  accuracy.py --fixes    what --fix would do to each corpus finding (a safe fix,
                         an unsafe fix left out, or none), per rule; ok/not ok
                         lines: a safe fix only touches a finding judged `tp`
"""
import re
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEDGER = os.path.join(ROOT, "tests", "accuracy", "ledger")
VERDICTS = ("tp", "judgement")


def corpus_dir():
    return os.environ.get("SR_CORPUS") or os.path.join(ROOT, "..", "shared", "corpus")


def corpus_files(corpus):
    prov = os.path.join(corpus, "PROVENANCE.tsv")
    with open(prov, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return [r[0] for r in rows if r and r[0]]


def findings(binary, corpus, files):
    """(path, line, rule) -> count, and messages for drafts."""
    out = subprocess.run(
        [binary, "--format", "json", "-j", "2"] + files,
        cwd=corpus, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("accuracy: secrot-lint exited %d: %s" % (out.returncode, out.stderr[-400:]))
    rep = json.loads(out.stdout)
    got = Counter()
    msgs = defaultdict(list)
    for fo in rep["files"]:
        for f in fo["findings"]:
            key = (fo["path"], f["start"]["line"], f["rule"])
            got[key] += 1
            msgs[key].append(f["message"])
    return got, msgs


SUMMARY = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<what>would fix|not fixed) "
                     r"(?P<rule>SR\d{3}) in \S+: ?(?P<rest>.*)$")


def fixes(binary, corpus, files):
    """(path, line, rule) -> 'safe', 'unsafe' or 'none', from --diff's summary."""
    out = subprocess.run([binary, "--diff", "-j", "2"] + files, cwd=corpus,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("accuracy: secrot-lint --diff exited %d: %s" % (out.returncode, out.stderr[-400:]))
    kind = {}
    for line in out.stderr.splitlines():
        m = SUMMARY.match(line)
        if not m:
            continue
        key = (m.group("path"), int(m.group("line")), m.group("rule"))
        if m.group("what") == "would fix":
            kind[key] = "safe"
        elif m.group("rest").startswith("unsafe fix left out"):
            kind.setdefault(key, "unsafe")
        else:
            kind.setdefault(key, "none")
    return kind


def ledger():
    want = Counter()
    entries = []
    bad = []
    if not os.path.isdir(LEDGER):
        return want, entries, bad
    for name in sorted(os.listdir(LEDGER)):
        if not name.endswith(".tsv"):
            continue
        with open(os.path.join(LEDGER, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                parts = line.split("\t")
                where = "%s:%d" % (name, n)
                if len(parts) != 5:
                    bad.append("%s: want 5 tab-separated fields, got %d" % (where, len(parts)))
                    continue
                path, ln, rule, verdict, reason = parts
                if not ln.isdigit() or rule + ".tsv" != name:
                    bad.append("%s: bad line number or rule %s in %s" % (where, rule, name))
                    continue
                if verdict not in VERDICTS:
                    bad.append("%s: verdict '%s' is not tp or judgement" % (where, verdict))
                if len(reason.strip()) < 8:
                    bad.append("%s: the reason is missing" % where)
                key = (path, int(ln), rule)
                want[key] += 1
                entries.append((key, verdict, reason))
    return want, entries, bad


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "--check"
    binary = os.environ.get("SECROT_LINT") or os.path.join(ROOT, "build", "secrot-lint")
    binary = os.path.abspath(binary)
    corpus = corpus_dir()
    if not os.path.isfile(os.path.join(corpus, "PROVENANCE.tsv")):
        print("skip - accuracy ledger: no corpus at %s" % corpus)
        return 0
    files = corpus_files(corpus)
    got, msgs = findings(binary, corpus, files)
    want, entries, bad = ledger()
    if mode == "--draft":
        rule = sys.argv[2]
        for key in sorted(got):
            if key[2] == rule and got[key] > want[key]:
                for m in msgs[key][want[key]:]:
                    print("%s\t%d\t%s\t?\t%s" % (key[0], key[1], key[2], m[:160]))
        return 0
    if mode == "--fixes":
        kind = fixes(binary, corpus, files)
        verdict = {key: v for key, v, _ in entries}
        per = defaultdict(Counter)
        fails = 0
        for key, n in sorted(got.items()):
            k = kind.get(key, "none")
            per[key[2]][k] += n
            if k == "safe" and verdict.get(key) != "tp":
                print("not ok - safe fix on a finding judged %s: %s:%d %s" %
                      (verdict.get(key, "nothing"), key[0], key[1], key[2]))
                fails += 1
        print("# %-6s %6s %6s %6s" % ("rule", "safe", "unsafe", "none"))
        for r in sorted(per):
            print("# %-6s %6d %6d %6d" % (r, per[r]["safe"], per[r]["unsafe"], per[r]["none"]))
        if not fails:
            print("ok - corpus fixes: every safe fix is on a finding judged tp (%d safe, %d unsafe "
                  "left out, %d without a fix)" %
                  (sum(c["safe"] for c in per.values()), sum(c["unsafe"] for c in per.values()),
                   sum(c["none"] for c in per.values())))
        return 1 if fails else 0
    if mode == "--table":
        verdict_of = defaultdict(Counter)
        for key, verdict, _ in entries:
            if got[key]:
                verdict_of[key[2]][verdict] += 1
        rules = sorted(set(k[2] for k in got))
        print("%-6s %8s %6s %10s %11s" % ("rule", "findings", "tp", "judgement", "judgement %"))
        tot = Counter()
        for r in rules:
            n = sum(c for k, c in got.items() if k[2] == r)
            tp, jd = verdict_of[r]["tp"], verdict_of[r]["judgement"]
            tot["n"] += n
            tot["tp"] += tp
            tot["jd"] += jd
            print("%-6s %8d %6d %10d %10.0f%%" % (r, n, tp, jd, 100.0 * jd / n if n else 0))
        n = tot["n"]
        print("%-6s %8d %6d %10d %10.0f%%" % ("all", n, tot["tp"], tot["jd"],
                                             100.0 * tot["jd"] / n if n else 0))
        unjudged = sum(max(0, got[k] - want[k]) for k in got)
        if unjudged:
            print("(%d findings are not in the ledger)" % unjudged)
        return 0
    # --check
    fails = 0
    for b in bad:
        print("not ok - ledger: %s" % b)
        fails += 1
    missing = [(k, got[k] - want[k]) for k in sorted(got) if got[k] > want[k]]
    stale = [(k, want[k] - got[k]) for k in sorted(want) if want[k] > got[k]]
    for k, c in missing[:40]:
        print("not ok - finding not in the ledger: %s:%d %s (%d): %s" %
              (k[0], k[1], k[2], c, msgs[k][-1][:200]))
    for k, c in stale[:40]:
        print("not ok - ledger line no longer produced: %s:%d %s (%d)" % (k[0], k[1], k[2], c))
    fails += len(missing) + len(stale)
    total = sum(got.values())
    if not fails:
        print("ok - accuracy ledger: all %d findings of %d templates are judged, none stale" %
              (total, len(files)))
    jd = sum(1 for key, verdict, _ in entries if verdict == "judgement")
    if total and jd * 4 >= total:
        print("not ok - judgement calls: %d of %d findings (%.0f%%), want under a quarter" %
              (jd, total, 100.0 * jd / total))
        fails += 1
    elif total:
        print("ok - judgement calls: %d of %d findings (%.0f%%), under a quarter" %
              (jd, total, 100.0 * jd / total))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
