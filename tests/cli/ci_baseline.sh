#!/usr/bin/env bash
# ci_baseline.sh - --write-baseline and --baseline in a throwaway git
# repository: today's findings are accepted, only new ones fail; a finding
# that moved lines still matches, from any folder; a changed value is new
# and its old entry stale; entries of files not linted are not stale; every
# format leaves accepted findings out; a broken baseline is a usage error.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

R=$T/repo
mkdir -p "$R/.git" "$R/infra" "$R/app"
cp examples/seed-template.yaml "$R/infra/seed.yaml"
cat >"$R/app/db.yaml" <<'Y'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: admin
      MasterUserPassword: Sup3rSecretPassw0rd
Y
cd "$R" || exit 1
BL=$T/baseline.json

"$L" --write-baseline "$BL" . >"$T/out" 2>"$T/err"
rc=$?
n=$(python3 -c 'import json,sys; print(sum(e["count"] for e in json.load(open(sys.argv[1]))["findings"]))' "$BL" 2>/dev/null)
all=$("$L" -f json . | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["findings"])')
if [ $rc = 0 ] && [ -n "$n" ] && [ "$n" = "$all" ] && [ "$n" -gt 3 ] && [ ! -s "$T/out" ] &&
    grep -q "wrote $n findings of 2 files to $BL" "$T/err"; then
    ok "--write-baseline records every finding ($n), exits 0, writes no report"
else
    no "--write-baseline" "rc $rc, $n of $all recorded: $(cat "$T/err")"
fi
sorted=$(python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["findings"]
k = [(x["file"], x["path"], x["rule"], x["fingerprint"]) for x in e]
print("yes" if k == sorted(k) and all(not x["file"].startswith(("/", "./")) for x in e) else "no")' "$BL")
if [ "$sorted" = yes ]; then ok "baseline entries sorted by file, paths relative to the source root"; else no "baseline order" "$(head -c 400 "$BL")"; fi

out=$("$L" --baseline "$BL" . 2>&1)
rc=$?
if [ $rc = 0 ] && grep -q "^no findings in 2 files; $n findings matched the baseline$" <<<"$out"; then
    ok "--baseline: nothing new, exit 0, the summary counts the matches"
else
    no "--baseline on the same tree" "rc $rc: $out"
fi

# Lines move: comments above, keys reordered, another indentation.
cat >"$R/app/db.yaml" <<'Y'
# The database of the app.
#
AWSTemplateFormatVersion: "2010-09-09"
Resources:
    Db:
        Properties:
            MasterUserPassword: Sup3rSecretPassw0rd
            MasterUsername: admin
            Engine: mysql
        Type: AWS::RDS::DBInstance
Y
out=$(cd app && "$L" --baseline "$BL" db.yaml ../infra 2>&1)
rc=$?
if [ $rc = 0 ] && grep -q "matched the baseline$" <<<"$out" && ! grep -q 'stale' <<<"$out"; then
    ok "a finding that moved lines still matches, run from a subfolder"
else
    no "moved finding" "rc $rc: $out"
fi

# A new plaintext value is a new finding; its old entry is stale.
sed -i 's/Sup3rSecretPassw0rd/An0therPlaintextOne/' "$R/app/db.yaml"
"$L" --baseline "$BL" . >"$T/out" 2>"$T/err"
rc=$?
if [ $rc = 1 ] && grep -q 'app/db.yaml:7:[0-9]*: error: .*\[SR301\]' "$T/out" && [ "$(grep -c '\[SR' "$T/out")" = 1 ] &&
    grep -q '1 stale entry' "$T/out" && grep -q 'stale entry [0-9a-f]\{16\}: SR301 app/db.yaml /Resources/Db/Properties/MasterUserPassword no longer found' "$T/err"; then
    ok "a changed value is reported (exit 1); its old entry is stale, in the summary and on stderr"
else
    no "changed value" "rc $rc: $(cat "$T/out" "$T/err" | tail -n 6)"
fi

# Files not linted in the run leave their entries alone.
out=$("$L" --baseline "$BL" infra 2>&1)
if ! grep -q stale <<<"$out" && grep -q 'matched the baseline' <<<"$out"; then
    ok "entries of files not linted are not stale"
else
    no "entries of other files" "$out"
fi

# Every format leaves the accepted findings out and says so.
"$L" --baseline "$BL" -f json . >"$T/j" 2>/dev/null
"$L" --baseline "$BL" -f sarif . >"$T/s" 2>/dev/null
"$L" --baseline "$BL" -f junit . >"$T/x" 2>/dev/null
"$L" --baseline "$BL" -f github . >"$T/g" 2>/dev/null
"$L" --baseline "$BL" -f brief . >"$T/b" 2>/dev/null
msg=$(python3 - "$T" <<'P' 2>&1
import json, sys
T = sys.argv[1]
j = json.load(open(T + "/j"))
s = json.load(open(T + "/s"))["runs"][0]
errs = []
fs = [f for x in j["files"] for f in x["findings"]]
if [f["rule"] for f in fs] != ["SR301"]: errs.append("json findings %s" % [f["rule"] for f in fs])
b = j["summary"].get("baseline", {})
if b.get("matched", 0) < 3 or len(b.get("stale", [])) != 1: errs.append("json summary %s" % b)
if [r["ruleId"] for r in s["results"]] != ["SR301"]: errs.append("sarif results")
if s["results"][0].get("baselineState") != "new": errs.append("baselineState")
p = s["invocations"][0]["properties"]
if p.get("baselineStale") != 1 or p.get("baselineMatched", 0) < 3: errs.append("sarif invocation %s" % p)
notes = s["invocations"][0].get("toolExecutionNotifications", [])
if not any("stale baseline entry" in x["message"]["text"] for x in notes): errs.append("sarif stale note")
x = open(T + "/x").read()
if x.count("<testcase") != 1 + 1 or "SR301" not in x: errs.append("junit %d test cases" % x.count("<testcase"))
g = open(T + "/g").read().splitlines()
if len(g) != 1 or "SR301" not in g[0]: errs.append("github %s" % g)
bl = open(T + "/b").read().splitlines()
if len(bl) != 1 or not bl[0].startswith("./app/db.yaml:7:"): errs.append("brief %s" % bl)
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "json, sarif, junit, github and brief report only the new finding"; else no "formats with a baseline" "$msg"; fi

# Usage: a broken or missing baseline is exit 2.
echo '{"version": 1, "findings": [{"rule": "SR301"}]}' >"$T/bad.json"
for f in "$T/bad.json" "$T/missing.json"; do
    out=$("$L" --baseline "$f" . 2>&1)
    rc=$?
    if [ $rc = 2 ] && grep -q -- '--baseline' <<<"$out"; then ok "--baseline $(basename "$f"): exit 2 with a reason"; else no "--baseline $(basename "$f")" "rc $rc: $out"; fi
done
out=$("$L" --write-baseline "$T/b2.json" -f sarif . 2>&1)
if [ $? = 2 ] && grep -q 'no effect with --write-baseline' <<<"$out"; then ok "--write-baseline with --format is a usage error"; else no "--write-baseline -f" "$out"; fi
