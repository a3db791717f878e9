#!/usr/bin/env bash
# gate_policy.sh - a policy file cannot disarm the gate unseen: policy files
# above the repository or the folder named are not used; the ones used are
# named, with what they disable or downgrade, in every report format;
# --no-config and -c pin the policy; unknown rule ids and prefixes are usage
# errors with a suggestion; severity none means not reported; a huge integer
# in a policy is out of range.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

# A template with an error (SR101) and a warning (SR311: the database that
# takes its password from the secret outlives the stack). The policy
# cases run every rule: --include-checks on the command line would win over
# a policy's disable list.
tpl() {
    cat <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: {PasswordLength: 40}
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
  Attach:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref ApiKey
      TargetId: !Ref Db
      TargetType: AWS::RDS::DBInstance
Y
}
RUN=()

# ---- policy files above the repository and in a subfolder -----------------
mkdir -p "$T/up/repo/.git" "$T/up/repo/sub"
printf 'disable: [SR]\n' >"$T/up/.secrot-lint.yaml"
printf '# loosened by the change under review\ndisable: [SR3]\n' >"$T/up/repo/sub/.secrot-lint.yaml"
tpl >"$T/up/repo/t.yaml"
tpl >"$T/up/repo/sub/t.yaml"
cd "$T/up/repo" || exit 1
"$L" "${RUN[@]}" . >"$T/text" 2>"$T/text.err"
rc=$?
if [ "$rc" != 1 ] || ! grep -q '^\./t.yaml:3:3: warning: .*\[SR311\]' "$T/text"; then
    no "policy above the repository" "exit $rc, the parent folder's disable: [SR] was used: $(head -c 300 "$T/text")"
else
    ok "policy above the repository: not used (exit 1, the root template's warning reported)"
fi
if grep -q '^policy \./sub/\.secrot-lint\.yaml (1 file): SR3 disabled$' "$T/text"; then
    ok "text report names the subfolder policy and what it disables"
else
    no "text report names the policy" "$(cat "$T/text")"
fi
"$L" "${RUN[@]}" --format brief . >"$T/brief" 2>"$T/brief.err"
grep -q 'policy \./sub/\.secrot-lint\.yaml (1 file): SR3 disabled' "$T/brief.err" &&
    ok "brief names the policy on stderr" || no "brief names the policy" "$(cat "$T/brief.err")"
"$L" "${RUN[@]}" --format json . >"$T/json"
if python3 - "$T/json" <<'P'; then
import json, sys
d = json.load(open(sys.argv[1]))
p = d["policies"]
assert len(p) == 1 and p[0]["path"] == "./sub/.secrot-lint.yaml" and p[0]["files"] == 1, p
assert p[0]["changes"] == [{"rule": "SR3", "change": "SR3 disabled", "weakens": True}], p
files = {f["path"]: f["policy"] for f in d["files"]}
assert files == {"./sub/t.yaml": "./sub/.secrot-lint.yaml", "./t.yaml": None}, files
P
    ok "JSON: policies[] with the change, each file names its policy"
else
    no "JSON policies" "$(head -c 400 "$T/json")"
fi
"$L" "${RUN[@]}" --format sarif . >"$T/sarif"
if python3 - "$T/sarif" <<'P'; then
import json, sys
d = json.load(open(sys.argv[1]))
n = d["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
assert len(n) == 1, n
assert n[0]["level"] == "warning", n
assert n[0]["message"]["text"] == "policy file ./sub/.secrot-lint.yaml: SR3 disabled", n
assert n[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/.secrot-lint.yaml", n
P
    ok "SARIF: invocations[].toolConfigurationNotifications names the policy and the change"
else
    no "SARIF policy notification" "$(grep -A12 toolConfiguration "$T/sarif" | head -20)"
fi
"$L" "${RUN[@]}" --format junit . >"$T/junit"
if grep -q '<property name="secrot-lint.policy" value="./sub/.secrot-lint.yaml"/>' "$T/junit" &&
    grep -q '<property name="secrot-lint.policy.weakens" value="SR3 disabled"/>' "$T/junit"; then
    ok "JUnit: <properties> of the suite name the policy and the change"
else
    no "JUnit policy properties" "$(head -c 600 "$T/junit")"
fi
"$L" "${RUN[@]}" --format github . >"$T/gh"
if grep -q '^::warning file=sub/.secrot-lint.yaml,title=secrot-lint policy::policy file ./sub/.secrot-lint.yaml: SR3 disabled$' "$T/gh"; then
    ok "GitHub: a warning annotation on the policy file"
else
    no "GitHub policy annotation" "$(head -c 400 "$T/gh")"
fi

# A walk of a subfolder of the repository still finds the repository's
# policy; outside a repository the walk's folder is the top.
mkdir -p "$T/up/repo/deep/er"
printf 'severity: {SR311: error}\n' >"$T/up/repo/deep/.secrot-lint.yaml"
tpl >"$T/up/repo/deep/er/t.yaml"
(cd "$T/up/repo/deep/er" && "$L" . >"$T/deep.out" 2>&1)
if grep -q 'error: .*\[SR311\]' "$T/deep.out" && grep -q '^policy \.\./\.secrot-lint\.yaml' "$T/deep.out"; then
    ok "walk of a subfolder: the repository's policy above it is used and named"
else
    no "walk of a subfolder" "$(cat "$T/deep.out")"
fi
rm -r "$T/up/repo/deep"
mkdir -p "$T/nr/top/w"
printf 'disable: [SR]\n' >"$T/nr/.secrot-lint.yaml"
tpl >"$T/nr/top/w/t.yaml"
"$L" "$T/nr/top" >"$T/nr.out" 2>&1
rc=$?
[ "$rc" = 1 ] && ok "walk outside a repository: nothing above the folder named is read" ||
    no "walk outside a repository" "exit $rc: $(head -c 300 "$T/nr.out")"

# A named file outside any repository: the search ends at the current folder.
mkdir -p "$T/np/work"
printf 'disable: [SR]\n' >"$T/np/.secrot-lint.yaml"
tpl >"$T/np/work/t.yaml"
(cd "$T/np/work" && "$L" "${RUN[@]}" t.yaml >"$T/np.out" 2>&1)
rc=$?
[ "$rc" = 1 ] && ok "named file outside a repository: the folder above the current one is not searched" ||
    no "named file outside a repository" "exit $rc: $(head -c 300 "$T/np.out")"

# --no-config and -c.
"$L" "${RUN[@]}" --no-config . >"$T/nc" 2>&1
rc=$?
if [ "$rc" = 1 ] && [ "$(grep -c '\[SR311\]' "$T/nc")" = 2 ] && ! grep -q '^policy ' "$T/nc"; then
    ok "--no-config: the subfolder policy is not used, none is named"
else
    no "--no-config" "exit $rc: $(cat "$T/nc")"
fi
printf 'severity: {SR311: error}\n' >"$T/strict.yaml"
"$L" "${RUN[@]}" -c "$T/strict.yaml" . >"$T/pin" 2>&1
rc=$?
if [ "$rc" = 1 ] && [ "$(grep -c 'error: .*\[SR311\]' "$T/pin")" = 2 ] &&
    grep -q "^policy $T/strict.yaml (2 files): SR311 severity error$" "$T/pin" && ! grep -q 'sub/.secrot-lint' "$T/pin"; then
    ok "-c FILE pins one policy for every template and names it"
else
    no "-c FILE" "exit $rc: $(cat "$T/pin")"
fi
"$L" --no-config -c "$T/strict.yaml" . >/dev/null 2>&1
[ $? = 2 ] && ok "--no-config with -c is a usage error" || no "--no-config with -c" "not refused"

# A symlinked policy file leading out of the repository is not used.
ln -s ../../up/.secrot-lint.yaml "$T/up/repo/.secrot-lint.yaml"
"$L" "${RUN[@]}" t.yaml >"$T/ln" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q "not used as a policy file: a symbolic link" "$T/ln"; then
    ok "symlinked policy file leading outside: not used, said so"
else
    no "symlinked policy file" "exit $rc: $(cat "$T/ln")"
fi
rm "$T/up/repo/.secrot-lint.yaml"
cd "$T" || exit 1

# ---- typos that turn the gate off -----------------------------------------
tpl >"$T/t.yaml"
typo() { # NAME WANT-TEXT ARGS...
    local name=$1 want=$2
    shift 2
    "$L" "$@" "$T/t.yaml" >"$T/typo" 2>&1
    local rc=$?
    if [ "$rc" = 2 ] && grep -qF -- "$want" "$T/typo"; then
        ok "$name: exit 2, $(head -n 1 "$T/typo" | cut -c1-110)"
    else
        no "$name" "exit $rc: $(head -c 300 "$T/typo")"
    fi
}
typo "--include-checks SR999" "did you mean SR009, SR109, SR209, SR309?" --include-checks SR999
typo "--include-checks SRX" "unknown rule or rule prefix 'SRX'" --include-checks SRX
typo "--ignore-checks sr311" "did you mean SR311?" --ignore-checks SR101,sr311
typo "--include-checks with an empty entry" "empty rule id" --include-checks SR311,
printf 'disable: [SR9]\n' >"$T/typo.yaml"
typo "policy disable: [SR9]" "unknown rule or rule prefix 'SR9'" -c "$T/typo.yaml"
printf 'severity: {SR3111: none}\n' >"$T/typo.yaml"
typo "policy severity of SR3111" "SR3111" -c "$T/typo.yaml"

# severity none: the rule does not report, at every --fail-level.
printf 'severity: {SR311: none}\n' >"$T/none.yaml"
bad=""
for level in error warning info; do
    out=$("$L" --include-checks SR311 -c "$T/none.yaml" --fail-level "$level" "$T/t.yaml" 2>&1)
    rc=$?
    [ "$rc" = 0 ] || bad="$bad --fail-level $level: exit $rc;"
    grep -q 'none: .*\[SR311\]' <<<"$out" && bad="$bad --fail-level $level prints a none: finding;"
    grep -q '^no findings in 1 file$' <<<"$out" || bad="$bad no 'no findings';"
done
json=$("$L" --include-checks SR311 -c "$T/none.yaml" --format json "$T/t.yaml")
grep -q '"severity": "none"' <<<"$json" && bad="$bad JSON lists a none finding;"
[ -z "$bad" ] && ok "severity none: not reported, exit 0 at every --fail-level" || no "severity none" "$bad"

# A huge integer is out of range, not "a string".
printf 'min_password_length: 99999999999999999999\n' >"$T/big.yaml"
"$L" -c "$T/big.yaml" "$T/t.yaml" >"$T/big.out" 2>&1
rc=$?
if [ "$rc" = 2 ] && grep -q "min_password_length: 99999999999999999999 is outside 1-4096" "$T/big.out" &&
    ! grep -q "a string" "$T/big.out"; then
    ok "a huge integer in a policy: out of range, exit 2"
else
    no "a huge integer in a policy" "exit $rc: $(cat "$T/big.out")"
fi
