#!/usr/bin/env bash
# fix_seed.sh - the seed article's snippets (examples/seed-template.yaml)
# through --fix: every finding that has a fix is gone, the change is small
# (three lines rewritten, the rest added), and nothing remains. The
# missing rotation function is an unsafe fix (a skeleton still to write):
# without --unsafe-fixes it is left out and named, with it it is written.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d /tmp/sr-fixseed.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; }

cp examples/seed-template.yaml "$TMP/seed.yaml"
(cd "$TMP" && "$BIN" --diff --unsafe-fixes seed.yaml >"$TMP/patch" 2>"$TMP/diff.err")
rc=$?
[ $rc -eq 0 ] && ok "seed --diff: exit 0 (every finding has a fix)" || bad "seed --diff" "exit $rc: $(cat "$TMP/diff.err")"

# Without --unsafe-fixes: the safe fixes only, the skeleton named as left out.
cp examples/seed-template.yaml "$TMP/safe.yaml"
(cd "$TMP" && "$BIN" --diff safe.yaml >"$TMP/safe.patch" 2>"$TMP/safe.err")
rc=$?
if [ $rc -eq 1 ] && grep -q 'not fixed SR107 in RotationSchedule: unsafe fix left out' "$TMP/safe.err" &&
    ! grep -q 'lambda_function.py' "$TMP/safe.patch" && grep -q 'would fix SR103' "$TMP/safe.err"; then
    ok "seed --diff without --unsafe-fixes: safe fixes only, the skeleton named as left out"
else
    bad "seed --diff safe only" "exit $rc: $(cat "$TMP/safe.err")"
fi

# The template's hunks: only three input lines change, none is lost.
removed=$(awk '/^--- a\/seed.yaml/{on=1; next} /^--- /{on=0} on && /^-/' "$TMP/patch")
want_removed='-        AutomaticallyAfterDays: 45
-          Value: !GetAtt RotationLambda.FunctionName
-        - "arn:aws:sns:us-east-1:123456789012:SecurityAlerts"'
if [ "$removed" = "$want_removed" ]; then
    ok "seed diff rewrites three lines and removes nothing else"
else
    bad "seed diff" "removed lines: $removed"
fi
grep -q '^+++ b/rotation/DatabaseSecret/lambda_function.py' "$TMP/patch" &&
    ok "seed diff creates the handler skeleton" || bad "seed diff" "no handler file in the diff"
for want in 'fix SR103 in RotationSchedule' 'fix (unsafe) SR107 in RotationSchedule' \
    'fix SR312 in RotationFailureAlarm'; do
    grep -q "would $want" "$TMP/diff.err" && ok "seed summary: would $want" ||
        bad "seed summary" "no '$want': $(cat "$TMP/diff.err")"
done

(cd "$TMP" && "$BIN" --fix --unsafe-fixes seed.yaml >"$TMP/fix.out" 2>"$TMP/fix.err")
rc=$?
got=$(cd "$TMP" && "$BIN" --format brief seed.yaml)
if [ $rc -eq 0 ] && [ -z "$got" ]; then
    ok "seed after --fix: no finding remains"
else
    bad "seed after --fix" "exit $rc, findings: $got"
fi
(cd "$TMP" && patch -s -p1 -R --dry-run <"$TMP/patch" >/dev/null 2>&1) &&
    ok "seed --fix wrote what --diff showed" || bad "seed --fix" "the file differs from the diff"
cp "$TMP/seed.yaml" "$TMP/once"
(cd "$TMP" && "$BIN" --fix --unsafe-fixes seed.yaml >/dev/null 2>&1)
cmp -s "$TMP/once" "$TMP/seed.yaml" && ok "seed second --fix changes nothing" ||
    bad "seed second --fix" "changed the file"
if command -v python3 >/dev/null && python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' \
    "$TMP/rotation/DatabaseSecret/lambda_function.py" 2>/dev/null; then
    ok "handler skeleton is valid Python"
else
    bad "handler skeleton" "missing or not valid Python"
fi
