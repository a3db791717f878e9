#!/usr/bin/env bash
# diff_secrets.sh - --diff never prints a secret value written in the
# template unless --show-secrets is given: the removed line is masked, a
# header line says so, untouched lines holding the value stay context, and
# --show-secrets gives the diff that applies to the same text --fix writes.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

cat >"$T/t.yaml" <<'Y'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: "20"
      MasterUsername: admin
      MasterUserPassword: Zq8wLx3vTn7yKp2mRb5s
Y
V=Zq8wLx3vTn7yKp2mRb5s
(cd "$T" && "$L" --diff t.yaml >"$T/masked" 2>"$T/masked.err")
rc=$?
if grep -q "$V" "$T/masked" "$T/masked.err"; then
    no "--diff masks the value" "the value is printed: $(grep -h "$V" "$T/masked" "$T/masked.err")"
elif ! grep -q '^-      MasterUserPassword: \*\*\*\*\*\*\*\*$' "$T/masked"; then
    no "--diff masks the value" "no masked removed line: $(cat "$T/masked")"
elif ! head -n 1 "$T/masked" | grep -q '^# secrot-lint: secret values in t.yaml are masked.*--show-secrets'; then
    no "--diff masks the value" "no header saying so: $(head -n 1 "$T/masked")"
elif [ $rc -ne 0 ]; then
    no "--diff masks the value" "exit $rc"
else
    ok "--diff masks the removed secret value and says so in a header line"
fi

(cd "$T" && "$L" --diff --show-secrets t.yaml >"$T/plain" 2>/dev/null)
cp "$T/t.yaml" "$T/fixed.yaml"
(cd "$T" && "$L" --fix fixed.yaml >/dev/null 2>&1)
cp "$T/t.yaml" "$T/patched.yaml"
if grep -q '^# secrot-lint' "$T/plain"; then
    no "--show-secrets" "the masking header is printed: $(head -n 1 "$T/plain")"
elif ! grep -q "^-      MasterUserPassword: $V\$" "$T/plain"; then
    no "--show-secrets" "the value is not shown: $(cat "$T/plain")"
elif ! (cd "$T" && patch -s -f -o patched.yaml t.yaml <plain >/dev/null 2>&1) ||
    ! cmp -s "$T/patched.yaml" "$T/fixed.yaml"; then
    no "--show-secrets" "the diff does not give what --fix writes"
else
    ok "--diff --show-secrets prints the value; the diff applies to what --fix writes"
fi

# A value that stays in the file keeps its line as context, masked.
cat >"$T/k.yaml" <<'Y'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Environment:
        Variables:
          API_TOKEN: Zq8wLx3vTn7yKp2mRb5sQ9
      Role: arn:aws:iam::123456789012:role/r
      Code:
        ZipFile: "def handler(e, c): return 1"
Y
(cd "$T" && "$L" --diff --unsafe-fixes k.yaml >"$T/k.out" 2>&1)
if grep -q "Zq8wLx3vTn7yKp2mRb5sQ9" "$T/k.out"; then
    no "--diff context lines" "a context line shows the value: $(grep Zq8 "$T/k.out")"
elif ! grep -q '^           API_TOKEN: \*\*\*\*\*\*\*\*$' "$T/k.out"; then
    no "--diff context lines" "no masked context line: $(cat "$T/k.out")"
else
    ok "--diff masks a value on a context line and keeps it context"
fi

# --show-secrets without --diff is a usage error.
"$L" --show-secrets "$T/t.yaml" >/dev/null 2>"$T/u.err"
rc=$?
if [ $rc -eq 2 ] && grep -q -- '--show-secrets works with --diff' "$T/u.err"; then
    ok "--show-secrets without --diff: usage error"
else
    no "--show-secrets without --diff" "exit $rc: $(cat "$T/u.err")"
fi
