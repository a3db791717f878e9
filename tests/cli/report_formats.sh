#!/usr/bin/env bash
# report_formats.sh - the machine-readable formats through the real binary:
# SARIF against the official 2.1.0 schema, JSON against
# schemas/report.schema.json, JUnit well-formed (xmllint), GitHub workflow
# commands; the same findings and exit status in every format; hostile
# template text never reaches the output raw; output independent of -j.
set -u
L=${SECROT_LINT:-build/secrot-lint}
SARIF_SCHEMA=${SR_SARIF_SCHEMA:-../shared/external/sarif-schema-2.1.0.json}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }
have_jsonschema() { have python3 && python3 -c 'import jsonschema' 2>/dev/null; }
validate() { # schema doc
    python3 - "$1" "$2" <<'P' 2>&1 | tail -n 3
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
d = json.load(open(sys.argv[2]))
jsonschema.validators.validator_for(s)(s).validate(d)
P
}
# Number of findings in a text (brief) report.
count_brief() { grep -c ' SR[0-9][0-9][0-9] ' "$1"; }

mkdir -p "$T/tpl/sub"
cp examples/seed-template.yaml "$T/tpl/seed.yaml"
cat >"$T/tpl/sub/refs.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Missing
  Queue:
    Type: AWS::SQS::Queue
    DependsOn: [Topic, Nowhere]
Y
cat >"$T/tpl/clean.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
Y
# Control characters, quotes and a CDATA terminator in names that end up in
# messages (SR003 names the missing logical id).
printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref "Ev\\e[31mil\\u202e]]>%%0A::x,\\"<&\\\\"\n' >"$T/hostile.yaml"

"$L" --format brief "$T/tpl" >"$T/brief" 2>/dev/null
want_rc=$?
want_n=$(count_brief "$T/brief")
if [ "$want_n" -ge 3 ]; then ok "sample templates have findings ($want_n)"; else no "sample templates have findings" "only $want_n: $(cat "$T/brief")"; fi

for fmt in json sarif junit github; do
    "$L" --format $fmt "$T/tpl" >"$T/out.$fmt" 2>"$T/err.$fmt"
    rc=$?
    if [ $rc -eq $want_rc ]; then ok "$fmt: exit status $rc as in text"; else no "$fmt: exit status" "$rc, text gave $want_rc"; fi
done

# json
if have_jsonschema; then
    msg=$(validate schemas/report.schema.json "$T/out.json")
    if [ -z "$msg" ]; then ok "json: validates against schemas/report.schema.json"; else no "json: schema" "$msg"; fi
else
    skip "json: schema" "python3-jsonschema not installed"
fi
if have python3; then
    n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(f["findings"]) for f in d["files"]))' "$T/out.json")
    if [ "$n" = "$want_n" ]; then ok "json: $n findings as in text"; else no "json: findings" "$n, text had $want_n"; fi
    paths=$(python3 -c 'import json,sys; print(" ".join(f["path"] for f in json.load(open(sys.argv[1]))["files"]))' "$T/out.json")
    want_paths="$T/tpl/clean.yaml $T/tpl/seed.yaml $T/tpl/sub/refs.yaml"
    if [ "$paths" = "$want_paths" ]; then ok "json: files in path order"; else no "json: file order" "$paths"; fi
fi

# sarif
if [ ! -f "$SARIF_SCHEMA" ]; then
    skip "sarif: official schema" "$SARIF_SCHEMA not present"
elif ! have_jsonschema; then
    skip "sarif: official schema" "python3-jsonschema not installed"
else
    msg=$(validate "$SARIF_SCHEMA" "$T/out.sarif")
    if [ -z "$msg" ]; then ok "sarif: validates against the SARIF 2.1.0 schema"; else no "sarif: schema" "$msg"; fi
fi
if have python3; then
    check=$(python3 - "$T/out.sarif" "$want_n" <<'P'
import json, sys, os
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
res = run["results"]
errs = []
if len(res) != int(sys.argv[2]):
    errs.append("results %d != %s" % (len(res), sys.argv[2]))
for r in res:
    if rules[r["ruleIndex"]]["id"] != r["ruleId"]:
        errs.append("ruleIndex of " + r["ruleId"])
    reg = r["locations"][0]["physicalLocation"]["region"]
    if reg["startLine"] < 1 or reg["startColumn"] < 1:
        errs.append("region")
    if not r.get("partialFingerprints"):
        errs.append("no fingerprint")
for rule in rules:
    if "helpUri" in rule:  # only with --help-uri-base (sarif_codescanning.sh)
        errs.append("helpUri without a base: " + rule["helpUri"])
    if not os.path.exists("docs/rules/%s.md" % rule["id"]):
        errs.append("no page docs/rules/%s.md" % rule["id"])
print("; ".join(errs[:5]))
P
)
    if [ -z "$check" ]; then ok "sarif: results, rule indexes, regions, fingerprints, no relative helpUri"; else no "sarif: content" "$check"; fi
fi

# junit
if have xmllint; then
    if xmllint --noout "$T/out.junit" 2>"$T/xmlerr"; then ok "junit: well-formed XML"; else no "junit: well-formed" "$(head -c 300 "$T/xmlerr")"; fi
    suites=$(xmllint --xpath 'count(/testsuites/testsuite)' "$T/out.junit" 2>/dev/null)
    fails=$(xmllint --xpath 'count(//failure)' "$T/out.junit" 2>/dev/null)
    if [ "$suites" = 3 ] && [ "$fails" = "$want_n" ]; then ok "junit: one suite per file, one failure per finding"; else no "junit: structure" "$suites suites, $fails failures (want 3, $want_n)"; fi
else
    skip "junit: well-formed XML" "xmllint not installed"
fi

# github
n=$(grep -cE '^::(error|warning|notice) file=[^,]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,title=SR[0-9]{3}::' "$T/out.github")
lines=$(wc -l <"$T/out.github")
if [ "$n" = "$want_n" ] && [ "$lines" = "$want_n" ]; then ok "github: one workflow command per finding"; else no "github: commands" "$n well-formed of $lines lines, want $want_n"; fi

# hostile text
"$L" --format brief "$T/hostile.yaml" >"$T/h.brief" 2>&1
if grep -q SR003 "$T/h.brief"; then ok "hostile template reports SR003"; else no "hostile template" "$(head -c 200 "$T/h.brief")"; fi
for fmt in json sarif junit github; do
    "$L" --format $fmt "$T/hostile.yaml" >"$T/h.$fmt" 2>/dev/null
    if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xe2\x80\xae' "$T/h.$fmt"; then
        no "$fmt: no raw control characters" "$(grep -naP '[\x00-\x09\x0b-\x1f\x7f]' "$T/h.$fmt" | head -c 200 | cat -v)"
    else
        ok "$fmt: no raw control characters"
    fi
done
if have xmllint; then
    if xmllint --noout "$T/h.junit" 2>/dev/null; then ok "junit: hostile text still well-formed"; else no "junit: hostile" "$(cat -v "$T/h.junit" | head -c 300)"; fi
fi
if [ -f "$SARIF_SCHEMA" ] && have_jsonschema; then
    msg=$(validate "$SARIF_SCHEMA" "$T/h.sarif")
    if [ -z "$msg" ]; then ok "sarif: hostile text still valid"; else no "sarif: hostile" "$msg"; fi
fi
if have python3; then
    m=$(python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["files"][0]["findings"][0]["message"]))' "$T/h.json" 2>&1)
    case $m in
    *'\x1b[31m'*'\u202e'*) ok "json: message keeps the escaped characters" ;;
    *) no "json: message" "$m" ;;
    esac
fi
# One line; the literal "%0A" stays text (%250A), ESC in its visible form.
if [ "$(grep -c '' "$T/h.github")" = 1 ] && grep -qF '\x1b[31mil\u{202e}]]>%250A::x,' "$T/h.github"; then
    ok "github: hostile message stays one command"
else
    no "github: hostile" "$(cat -v "$T/h.github")"
fi

# determinism
for fmt in sarif junit; do
    "$L" -j 2 --format $fmt "$T/tpl" >"$T/j2.$fmt" 2>/dev/null
    if cmp -s "$T/out.$fmt" "$T/j2.$fmt"; then ok "$fmt: same bytes with -j 2"; else no "$fmt: -j 2" "output differs"; fi
done

# -o
"$L" --format sarif -o "$T/o.sarif" "$T/tpl" >"$T/o.stdout" 2>/dev/null
if cmp -s "$T/o.sarif" "$T/out.sarif" && [ ! -s "$T/o.stdout" ]; then ok "sarif: -o writes the file"; else no "sarif: -o" "file differs or stdout not empty"; fi

# rule catalogue
"$L" --list-rules --format json >"$T/rules.json" 2>&1
if have python3 && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["rules"]) > 0 and all(r["id"].startswith("SR") for r in d["rules"])' "$T/rules.json" 2>/dev/null; then
    ok "--list-rules --format json"
else
    no "--list-rules --format json" "$(head -c 200 "$T/rules.json")"
fi
"$L" --list-rules >"$T/rules.txt" 2>&1
if head -1 "$T/rules.txt" | grep -q '^ID  *SEVERITY  *FIX  *TITLE$' && grep -q '^SR001 ' "$T/rules.txt"; then ok "--list-rules table"; else no "--list-rules" "$(head -3 "$T/rules.txt")"; fi
"$L" --explain SR003 >"$T/ex" 2>&1
rc=$?
if [ $rc -eq 0 ] && head -1 "$T/ex" | grep -q '^# SR003: ' && grep -q '^- Severity: error' "$T/ex"; then ok "--explain SR003"; else no "--explain" "rc $rc: $(head -3 "$T/ex")"; fi
"$L" --explain SR999 >"$T/ex" 2>&1
rc=$?
if [ $rc -eq 2 ]; then ok "--explain of an unknown id exits 2"; else no "--explain SR999" "exit $rc"; fi

# Real templates: every format of the whole corpus parses and validates;
# fingerprints are unique per file.
CORPUS=${SR_CORPUS:-../shared/corpus}
if [ ! -d "$CORPUS" ]; then
    skip "corpus reports" "$CORPUS not present"
else
    "$L" -f sarif "$CORPUS" >"$T/c.sarif" 2>/dev/null
    "$L" -f json "$CORPUS" >"$T/c.json" 2>/dev/null
    "$L" -f junit "$CORPUS" >"$T/c.junit" 2>/dev/null
    if [ -f "$SARIF_SCHEMA" ] && have_jsonschema; then
        msg=$(validate "$SARIF_SCHEMA" "$T/c.sarif")
        if [ -z "$msg" ]; then ok "corpus: SARIF validates"; else no "corpus: SARIF" "$msg"; fi
        msg=$(validate schemas/report.schema.json "$T/c.json")
        if [ -z "$msg" ]; then ok "corpus: JSON validates"; else no "corpus: JSON" "$msg"; fi
        dup=$(python3 -c '
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = collections.Counter((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                         r["partialFingerprints"]["secrotLint/v2"]) for r in d["runs"][0]["results"])
print(" ".join("%s:%s" % k for k, n in c.items() if n > 1)[:300])' "$T/c.sarif")
        if [ -z "$dup" ]; then ok "corpus: fingerprints unique per file"; else no "corpus: fingerprints" "duplicates: $dup"; fi
    fi
    if have xmllint; then
        if xmllint --noout "$T/c.junit" 2>"$T/xmlerr"; then ok "corpus: JUnit well-formed"; else no "corpus: JUnit" "$(head -c 300 "$T/xmlerr")"; fi
    fi
fi
