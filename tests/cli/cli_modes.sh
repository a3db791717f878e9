#!/usr/bin/env bash
# cli_modes.sh - options that would have no effect in the mode chosen are
# usage errors (exit 2, naming the option); --help lists the subcommands;
# brief names the file when several are linted; every format follows
# --fail-level as the exit status does.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
SEED=examples/seed-template.yaml

# usage "ARGS" "WORD in the message"
usage() {
    local args=$1 word=$2 out rc
    # shellcheck disable=SC2086
    out=$("$L" $args 2>&1 >"$T/stdout")
    rc=$?
    if [ $rc = 2 ] && grep -qF -- "$word" <<<"$out" && [ ! -s "$T/stdout" ] && [ ! -e "$T/o" ]; then
        ok "usage error: $args"
    else
        no "usage error: $args" "rc $rc, stdout $(wc -c <"$T/stdout") bytes: $out"
    fi
    rm -f "$T/o"
}
usage "--diff -o $T/o $SEED" "-o has no effect with --diff"
usage "--diff --format json $SEED" "--format has no effect with --diff"
usage "--list-rules --format sarif" "--list-rules writes text or json"
usage "--list-rules $SEED" "--list-rules takes no FILE"
usage "--list-rules -o $T/o" "-o has no effect"
usage "--list-rules --fail-level error" "--fail-level has no effect with --list-rules"
usage "--explain SR101 --format json" "--format has no effect with --explain"
usage "--explain SR101 --baseline x.json" "--baseline has no effect with --explain"
usage "--init-config --strict" "--strict has no effect with --init-config"
usage "--list-rules --explain SR101" "separate modes"
usage "--graph --format json $SEED" "no effect with --graph"
usage "--color always --format json $SEED" "--color always has no effect"
usage "--color always --diff $SEED" "--color always has no effect"
if "$L" --color never --format json "$SEED" >/dev/null 2>&1; [ $? = 1 ]; then ok "--color never is accepted with any format"; else no "--color never -f json" "refused"; fi
usage "--help-uri-base https://example.org/r -f json $SEED" "--help-uri-base has no effect without --format sarif"
usage "--srcroot . $SEED" "--srcroot has no effect"
usage "--write-baseline $T/o -o $T/x $SEED" "no effect with --write-baseline"
usage "--write-baseline $T/o --diff $SEED" "no effect with --diff"
usage "--fix --diff $SEED" "cannot be used together"
usage "--exclude= $SEED" "--exclude takes a glob"

if "$L" --help | grep -q '^  add-secret FILE --name ID'; then ok "--help lists the add-secret subcommand"; else no "--help subcommands" "$("$L" --help | tail -n 8)"; fi

# brief: the file name when several files are reported, none for one.
mkdir -p "$T/d"
cp "$SEED" "$T/d/a.yaml"
printf 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Ref Nope}\n' >"$T/d/b.yaml"
many=$("$L" -f brief "$T/d/a.yaml" "$T/d/b.yaml")
one=$("$L" -f brief "$T/d/b.yaml")
if [ "$(grep -c "^$T/d/[ab].yaml:[0-9]*:[0-9]*-[0-9]*:[0-9]* SR[0-9]* [a-z]*: " <<<"$many")" = "$(wc -l <<<"$many")" ] &&
    grep -q "^$T/d/b.yaml:4:" <<<"$many" && grep -q '^4:[0-9]*-[0-9:]* SR003 error: ' <<<"$one"; then
    ok "brief: file name in front when several files are linted, none for one"
else
    no "brief file names" "$(head -n 3 <<<"$many") / $one"
fi

# --fail-level error on a template with warnings only (a short generated
# password, SR310): every format passes.
cat >"$T/w.yaml" <<'Y'
Resources:
  Secret:
    Type: AWS::SecretsManager::Secret
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      GenerateSecretString: {PasswordLength: 12}
  Schedule:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      HostedRotationLambda: {RotationType: MySQLSingleUser}
      RotationRules: {AutomaticallyAfterDays: 30}
Outputs:
  SecretArn: {Value: !Ref Secret}
Transform: AWS::SecretsManager-2024-09-16
Y
for fl in error warning; do
    for f in text json sarif junit github; do
        "$L" --fail-level $fl -f $f "$T/w.yaml" >"$T/$fl.$f" 2>/dev/null
        echo $? >"$T/$fl.$f.rc"
    done
done
msg=$(python3 - "$T" 2>&1 <<'P'
import json, sys, re
T = sys.argv[1]
errs = []
for fl, want in (("error", 0), ("warning", 1)):
    rcs = {f: int(open("%s/%s.%s.rc" % (T, fl, f)).read()) for f in ("text", "json", "sarif", "junit", "github")}
    if set(rcs.values()) != {want}: errs.append("%s: exit %s" % (fl, rcs))
    j = json.load(open("%s/%s.json" % (T, fl)))
    fs = [f for x in j["files"] for f in x["findings"]]
    if not fs or any(f["severity"] != "warning" for f in fs): errs.append("the case needs warnings only")
    if j["summary"]["failing"] != (0 if want == 0 else len(fs)) or any(f["fails"] != bool(want) for f in fs):
        errs.append("%s: json failing %s" % (fl, j["summary"]["failing"]))
    s = json.load(open("%s/%s.sarif" % (T, fl)))["runs"][0]
    if s["invocations"][0]["exitCode"] != want: errs.append("%s: sarif exitCode" % fl)
    if any(r["properties"]["fails"] != bool(want) for r in s["results"]): errs.append("%s: sarif fails" % fl)
    x = open("%s/%s.junit" % (T, fl)).read()
    m = re.search(r'<testsuites name="secrot-lint" tests="(\d+)" failures="(\d+)"', x)
    nf = x.count("<failure")
    if int(m.group(2)) != nf or nf != (0 if want == 0 else len(fs)): errs.append("%s: junit %d failures" % (fl, nf))
    if want == 0 and x.count("<system-out>") != len(fs): errs.append("error: junit system-out")
    g = open("%s/%s.github" % (T, fl)).read().splitlines()
    cmds = {l.split(" ")[0] for l in g}
    if cmds != ({"::notice"} if want == 0 else {"::warning"}): errs.append("%s: github %s" % (fl, cmds))
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "--fail-level: exit status, JSON, SARIF, JUnit and GitHub annotations agree"; else no "--fail-level in every format" "$msg"; fi
