#!/usr/bin/env bash
# fix_addsecret.sh - `add-secret`: an API key and a database secret added to
# clean templates leave them clean (no finding, cfn-lint without error when
# installed), --diff writes nothing, and bad requests exit 2 untouched.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
SRC=$PWD/fixtures/fix
TMP=$(mktemp -d /tmp/sr-addsec.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; }
cfn_ok() { ! command -v cfn-lint >/dev/null 2>&1 || { cfn-lint -- "$1" >/dev/null 2>&1; [ $(($? & 3)) -eq 0 ]; }; }

# An API key in a clean SAM template.
d=$TMP/api && mkdir -p "$d" && cp "$SRC/SR103-sam-2space/expected.yaml" "$d/t.yaml"
cp "$d/t.yaml" "$d/orig"
(cd "$d" && "$BIN" add-secret t.yaml --name PaymentsToken --kind api-key --days 20 --diff >"$d/patch" 2>"$d/err")
rc=$?
if [ $rc -ne 0 ] || ! cmp -s "$d/t.yaml" "$d/orig" || [ -e "$d/rotation" ] || ! grep -q '^+  PaymentsToken:' "$d/patch"; then
    bad "add-secret --diff" "exit $rc or files changed: $(cat "$d/err")"
else
    ok "add-secret --diff writes nothing and shows the secret"
fi
(cd "$d" && "$BIN" add-secret t.yaml --name PaymentsToken --kind api-key --days 20 >/dev/null 2>"$d/err")
rc=$?
findings=$(cd "$d" && "$BIN" --format brief t.yaml)
if [ $rc -ne 0 ] || [ -n "$findings" ]; then
    bad "add-secret api-key" "exit $rc, findings: $findings $(cat "$d/err")"
elif ! grep -q 'ScheduleExpression: rate(20 days)' "$d/t.yaml" ||
    ! grep -q 'Value: api-key' "$d/t.yaml" || ! grep -q 'DeletionPolicy: Retain' "$d/t.yaml" ||
    [ ! -f "$d/rotation/PaymentsToken/lambda_function.py" ]; then
    bad "add-secret api-key" "schedule, class tag, Retain or handler missing"
elif ! cfn_ok "$d/t.yaml"; then
    bad "add-secret api-key" "cfn-lint reports errors"
elif ! (cd "$d" && patch -s -p1 -R --dry-run <patch >/dev/null 2>&1); then
    bad "add-secret api-key" "the written file differs from the --diff"
else
    ok "add-secret api-key: clean template, handler written"
fi
# The same name again: refused, nothing written.
cp "$d/t.yaml" "$d/once"
(cd "$d" && "$BIN" add-secret t.yaml --name PaymentsToken >/dev/null 2>"$d/err")
rc=$?
if [ $rc -eq 2 ] && cmp -s "$d/t.yaml" "$d/once" && grep -q 'already' "$d/err"; then
    ok "add-secret with a taken name: exit 2, nothing written"
else
    bad "add-secret with a taken name" "exit $rc: $(cat "$d/err")"
fi

# A database secret for an RDS instance with a literal password (plain CloudFormation).
d=$TMP/db && mkdir -p "$d" && cp "$SRC/SR301-cfn-4space/input.yaml" "$d/t.yaml"
(cd "$d" && "$BIN" add-secret t.yaml --name ReportingDbSecret --kind database --db ReportingDatabase >/dev/null 2>"$d/err")
rc=$?
findings=$(cd "$d" && "$BIN" --format brief t.yaml)
if [ $rc -ne 0 ] || [ -n "$findings" ]; then
    bad "add-secret database" "exit $rc, findings: $findings $(cat "$d/err")"
elif ! grep -q 'RotationType: PostgreSQLSingleUser' "$d/t.yaml" ||
    ! grep -q 'Transform: AWS::SecretsManager-2024-09-16' "$d/t.yaml" ||
    ! grep -q 'MasterUserPassword: !Sub "{{resolve:secretsmanager:${ReportingDbSecret}:SecretString:password}}"' "$d/t.yaml" ||
    ! grep -q 'TargetType: AWS::RDS::DBInstance' "$d/t.yaml"; then
    bad "add-secret database" "hosted rotation, transform, password reference or attachment missing"
elif ! cfn_ok "$d/t.yaml"; then
    bad "add-secret database" "cfn-lint reports errors"
else
    ok "add-secret database: hosted rotation, attachment, password from the secret"
fi

# Usage errors.
for args in "--kind database" "--name Bad-Id" "--name X --kind nope" "--name X --days 0" \
    "--name X --db Nothing"; do
    cp "$SRC/SR103-sam-2space/expected.yaml" "$TMP/u.yaml"
    # shellcheck disable=SC2086
    "$BIN" add-secret "$TMP/u.yaml" $args >/dev/null 2>&1
    rc=$?
    if [ $rc -eq 2 ] && cmp -s "$TMP/u.yaml" "$SRC/SR103-sam-2space/expected.yaml"; then
        ok "add-secret $args: exit 2"
    else
        bad "add-secret $args" "exit $rc or file changed"
    fi
done
