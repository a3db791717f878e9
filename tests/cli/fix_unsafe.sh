#!/usr/bin/env bash
# fix_unsafe.sh - safe and unsafe fixes: --fix applies only safe ones and names
# each unsafe one it left out; --fix --unsafe-fixes applies them and marks them
# "(unsafe)"; --diff says the same; SARIF fixes[] carry properties.safety and the
# JSON report a "fix" field; --list-rules, --list-rules --format json and
# --explain say the rule's fix safety; a CDK-synthesised template
# (cdk.out/*.template.json) is never written and the finding stays reported.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d /tmp/sr-fixunsafe.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; }

# A SAM template with one safe finding (SR210: SourceAccount) and one whose fix
# is unsafe (SR308: a generated value would replace the written SecretString).
cat >"$TMP/t.yaml" <<'EOF'
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      KmsKeyId: alias/orders
      SecretString: '{"username": "orders", "password": "Xk9mP2vL7qR4nWz8"}'
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: orders/
      Handler: app.handler
      Runtime: python3.13
      Timeout: 30
  OrdersInvoke:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Orders.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
EOF
printf 'disable: [SR101, SR309, SR319]\n' >"$TMP/.secrot-lint.yaml"

run() { # dir args...: runs in a copy; sets out, err, rc
    local d=$TMP/$1
    shift
    rm -rf "$d" && mkdir -p "$d" && cp "$TMP/t.yaml" "$TMP/.secrot-lint.yaml" "$d/"
    (cd "$d" && "$BIN" "$@" t.yaml >"$d/out" 2>"$d/err")
    rc=$?
}

# The input has both findings (else the test below proves nothing).
before=$(cd "$TMP" && "$BIN" --format brief t.yaml 2>/dev/null | awk '{print $2}' | sort -u | tr '\n' ' ')
if [ "$before" = "SR210 SR308 " ]; then
    ok "the input has SR210 and SR308"
else
    bad "the input has SR210 and SR308" "got: $before"
fi

# 1. --fix: the safe fix only; the unsafe one is named with its reason.
run safe --fix
if ! grep -q 'SourceAccount: !Ref AWS::AccountId' "$TMP/safe/t.yaml"; then
    bad "--fix applies the safe fix" "no SourceAccount: $(head -c 300 "$TMP/safe/err")"
elif ! grep -q "SecretString: '{" "$TMP/safe/t.yaml" || grep -q GenerateSecretString "$TMP/safe/t.yaml"; then
    bad "--fix leaves the unsafe fix out" "the SecretString changed"
elif ! grep -q 'not fixed SR308 in ApiKey: unsafe fix left out (secret ApiKey gets a generated value' "$TMP/safe/err"; then
    bad "--fix names the unsafe fix left out" "$(head -c 400 "$TMP/safe/err")"
elif ! grep -q '1 fixed, 1 not fixed, of which 1 unsafe (--unsafe-fixes applies them)' "$TMP/safe/err"; then
    bad "--fix counts the unsafe fixes" "$(tail -n 1 "$TMP/safe/err")"
elif [ "$rc" -ne 1 ]; then
    bad "--fix exit status with a finding left" "exit $rc, want 1"
else
    ok "--fix applies the safe fix and names the unsafe one left out"
fi

# 2. --fix --unsafe-fixes: both, the unsafe one marked.
run unsafe --fix --unsafe-fixes
if ! grep -q 'GenerateSecretString:' "$TMP/unsafe/t.yaml"; then
    bad "--unsafe-fixes applies the unsafe fix" "$(head -c 300 "$TMP/unsafe/err")"
elif ! grep -q 'fixed (unsafe) SR308 in ApiKey: .*; unsafe: secret ApiKey gets a generated value' "$TMP/unsafe/err"; then
    bad "--unsafe-fixes marks the unsafe fix" "$(head -c 400 "$TMP/unsafe/err")"
elif ! grep -q '^t.yaml:[0-9]*:[0-9]*: fixed SR210 ' "$TMP/unsafe/err"; then
    bad "--unsafe-fixes keeps the safe fix unmarked" "$(head -c 400 "$TMP/unsafe/err")"
else
    ok "--fix --unsafe-fixes applies and marks the unsafe fix"
fi
# A second run changes nothing.
cp "$TMP/unsafe/t.yaml" "$TMP/unsafe/first"
(cd "$TMP/unsafe" && "$BIN" --fix --unsafe-fixes t.yaml >/dev/null 2>&1)
if cmp -s "$TMP/unsafe/first" "$TMP/unsafe/t.yaml"; then
    ok "a second --fix --unsafe-fixes changes nothing"
else
    bad "a second --fix --unsafe-fixes changes nothing" "$(diff "$TMP/unsafe/first" "$TMP/unsafe/t.yaml" | head -n 5 | tr '\n' '|')"
fi

# 3. --diff: the summary marks the unsafe fix; without --unsafe-fixes the patch
#    holds only the safe one.
run diff --diff
if grep -q 'GenerateSecretString' "$TMP/diff/out" || ! grep -q '+ *SourceAccount' "$TMP/diff/out"; then
    bad "--diff holds only the safe fix" "$(head -c 300 "$TMP/diff/out")"
elif ! grep -q 'not fixed SR308 in ApiKey: unsafe fix left out' "$TMP/diff/err"; then
    bad "--diff names the unsafe fix left out" "$(head -c 300 "$TMP/diff/err")"
else
    ok "--diff holds the safe fix and names the unsafe one"
fi
run diffu --diff --unsafe-fixes
if ! grep -q 'GenerateSecretString' "$TMP/diffu/out"; then
    bad "--diff --unsafe-fixes holds the unsafe fix" "$(head -c 300 "$TMP/diffu/out")"
elif ! grep -q 'would fix (unsafe) SR308 in ApiKey: .*; unsafe: ' "$TMP/diffu/err"; then
    bad "--diff --unsafe-fixes marks the unsafe fix" "$(head -c 300 "$TMP/diffu/err")"
else
    ok "--diff --unsafe-fixes marks the unsafe fix"
fi

# 4. SARIF fixes[] and the JSON report say safe or unsafe.
(cd "$TMP" && "$BIN" --format sarif t.yaml >"$TMP/r.sarif" 2>/dev/null)
(cd "$TMP" && "$BIN" --format json t.yaml >"$TMP/r.json" 2>/dev/null)
got=$(python3 - "$TMP/r.sarif" "$TMP/r.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
out = []
for r in s["runs"][0]["results"]:
    fx = r.get("fixes", [])
    p = fx[0].get("properties", {}) if fx else {}
    out.append("%s=%s%s" % (r["ruleId"], p.get("safety", "-"), "+why" if p.get("unsafeReason") else ""))
j = json.load(open(sys.argv[2]))
fs = j["findings"] if "findings" in j else [f for x in j["files"] for f in x["findings"]]
for f in fs:
    out.append("json:%s=%s" % (f["rule"], f.get("fix", "-")))
print(" ".join(sorted(out)))
EOF
)
if [ "$got" = "SR210=safe SR308=unsafe+why json:SR210=safe json:SR308=unsafe" ]; then
    ok "SARIF fixes[] and the JSON report say safe or unsafe"
else
    bad "SARIF fixes[] and the JSON report say safe or unsafe" "got: $got"
fi

# 5. The rule list and --explain say the fix safety.
l=$("$BIN" --list-rules)
if echo "$l" | grep -Eq '^SR210 +warning +safe ' && echo "$l" | grep -Eq '^SR314 +error +unsafe ' &&
    echo "$l" | grep -Eq '^SR202 +error +both ' && echo "$l" | grep -Eq '^SR001 +error +no '; then
    ok "--list-rules FIX column"
else
    bad "--list-rules FIX column" "$(echo "$l" | grep -E '^SR(001|202|210|314) ' | tr '\n' '|')"
fi
if "$BIN" --list-rules --format json | python3 -c '
import json, sys
r = {x["id"]: x["fix"] for x in json.load(sys.stdin)["rules"]}
sys.exit(0 if (r["SR210"], r["SR314"], r["SR202"], r["SR001"]) == ("safe", "unsafe", "both", "no") else 1)'; then
    ok "--list-rules --format json fix"
else
    bad "--list-rules --format json fix" "wrong values"
fi
if "$BIN" --explain SR314 | grep -q '^- Fixable: yes, an unsafe fix' &&
    "$BIN" --explain SR210 | grep -q '^- Fixable: yes, a safe fix' &&
    "$BIN" --explain SR202 | grep -q '^- Fixable: yes; some fixes are safe'; then
    ok "--explain says the fix safety"
else
    bad "--explain says the fix safety" "$("$BIN" --explain SR314 | grep Fixable)"
fi

# 6. cdk.out/*.template.json is never written: refused with the construct's
#    path, the finding still reported.
mkdir -p "$TMP/cdk/cdk.out"
cat >"$TMP/cdk/cdk.out/Billing.template.json" <<'EOF'
{
 "Resources": {
  "NotifierInvoke1A2B3C4D": {
   "Type": "AWS::Lambda::Permission",
   "Properties": {
    "Action": "lambda:InvokeFunction",
    "FunctionName": "billing-notifier",
    "Principal": "s3.amazonaws.com"
   }
  }
 }
}
EOF
cp "$TMP/cdk/cdk.out/Billing.template.json" "$TMP/cdk/want"
(cd "$TMP/cdk" && "$BIN" --fix --unsafe-fixes cdk.out/Billing.template.json >/dev/null 2>"$TMP/cdk/err")
rc=$?
if ! cmp -s "$TMP/cdk/want" "$TMP/cdk/cdk.out/Billing.template.json"; then
    bad "cdk.out template never written" "the file changed"
elif ! grep -q 'not fixed SR210 in NotifierInvoke1A2B3C4D: the template is synthesised by the AWS CDK: .*change construct NotifierInvoke1A2B3C4D in the CDK source: pass sourceAccount' "$TMP/cdk/err"; then
    bad "cdk.out template never written" "no refusal: $(head -c 400 "$TMP/cdk/err")"
elif [ "$rc" -ne 1 ]; then
    bad "cdk.out template never written" "exit $rc, want 1 (the finding remains)"
else
    ok "cdk.out template never written; the refusal says what to change in the CDK source"
fi
