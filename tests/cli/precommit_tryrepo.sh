#!/usr/bin/env bash
# precommit_tryrepo.sh - the hooks of .pre-commit-hooks.yaml through the real
# pre-commit, offline, on a throwaway git repository. `pre-commit try-repo`
# (this repository's HEAD plus tracked changes; it builds in a fresh store
# every call, so it runs twice): the lint hook builds the tool on first use
# and fails on an SR101 finding; SECROT_LINT_BIN runs an installed binary.
# Then the README's .pre-commit-config.yaml with its documented rev form (a
# commit id) against a local clone (built once, in PRE_COMMIT_HOME): clean
# templates and YAML/JSON files that are not templates pass; the fix hook
# rewrites a template, then passes; a rev the repository lacks fails.
set -u
ROOT=$(pwd)
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

if [ "${SR_SANITIZER:-0}" = 1 ]; then
    skip "pre-commit hooks" "the hooks build their own binary; run in the plain suite"
    exit 0
fi
for cmd in pre-commit git; do
    if ! command -v $cmd >/dev/null 2>&1; then
        skip "pre-commit try-repo" "$cmd not installed"
        exit 0
    fi
done
if ! git -C "$ROOT" ls-files --error-unmatch .pre-commit-hooks.yaml tools/pre-commit-hook.sh >/dev/null 2>&1; then
    no "hooks tracked" ".pre-commit-hooks.yaml or tools/pre-commit-hook.sh not in git (try-repo uses HEAD)"
    exit 0
fi

export PRE_COMMIT_HOME=$T/pc-home XDG_CACHE_HOME=$T/cache
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home
mkdir -p "$HOME"
unset SECROT_LINT_BIN

W=$T/work
mkdir -p "$W/.github/workflows"
git init -q "$W"
cat >"$W/sr101.yaml" <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: API key of the payment provider
      GenerateSecretString:
        PasswordLength: 32
Y
cat >"$W/sr003.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Missing
Y
cat >"$W/clean.yaml" <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
Y
cat >"$W/.github/workflows/ci.yml" <<'Y'
name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make check
Y
printf '{\n  "name": "not-a-template",\n  "version": "1.0.0"\n}\n' >"$W/package.json"
# A hard-coded account in an alarm action (SR312) is its only finding, and a
# safe fix: once the fix hook has run the template is clean.
cat >"$W/fixme.yaml" <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
Description: Payment service alerts
Resources:
  AlertTopic:
    Type: AWS::SNS::Topic
  QueueDepthAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Statistic: Maximum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 100
      ComparisonOperator: GreaterThanThreshold
      AlarmActions:
        - arn:aws:sns:us-east-1:123456789012:payments-oncall
Y
git -C "$W" add -A
git -C "$W" commit -q -m fixtures

# try_hook ID FILES...: runs a hook with try-repo; output in $T/out, status in $rc.
try_hook() {
    local id=$1
    shift
    (cd "$W" && pre-commit try-repo "$ROOT" "$id" --files "$@") >"$T/out" 2>&1
    rc=$?
}
# hook ID FILES...: runs a hook of the pinned .pre-commit-config.yaml.
hook() {
    local id=$1
    shift
    (cd "$W" && pre-commit run "$id" --files "$@") >"$T/out" 2>&1
    rc=$?
}

has_rule() { "$L" --list-rules | grep -q "^$1 "; }

# 1. try-repo: a finding fails the hook and is shown; the first use builds.
if has_rule SR101; then
    try_hook secrot-lint sr101.yaml
    if [ $rc -ne 0 ] && grep -q 'sr101.yaml:[0-9]*:[0-9]*: error: .*\[SR101\]' "$T/out"; then
        ok "try-repo: the lint hook fails on a secret without rotation and shows SR101"
    else
        no "try-repo: lint hook on SR101" "rc $rc: $(tail -n 15 "$T/out")"
    fi
else
    try_hook secrot-lint sr003.yaml
    if [ $rc -ne 0 ] && grep -q 'sr003.yaml:5:[0-9]*: error: .*\[SR003\]' "$T/out"; then
        ok "try-repo: the lint hook fails on a finding (SR003) and shows it"
    else
        no "try-repo: lint hook on a finding" "rc $rc: $(tail -n 15 "$T/out")"
    fi
fi
if grep -q 'first use: building' "$T/out"; then
    ok "the hook builds the tool on first use"
else
    no "build on first use" "no build message: $(tail -n 15 "$T/out")"
fi

# 2. SECROT_LINT_BIN selects an installed binary (no build).
hook_env_out=$(cd "$W" && SECROT_LINT_BIN=$L pre-commit try-repo "$ROOT" secrot-lint --files sr003.yaml 2>&1)
if grep -q '\[SR003\]' <<<"$hook_env_out" && ! grep -q 'first use' <<<"$hook_env_out"; then
    ok "SECROT_LINT_BIN runs an installed binary"
else
    no "SECROT_LINT_BIN" "$(tail -n 10 <<<"$hook_env_out")"
fi

# 3. The README's .pre-commit-config.yaml, as documented: rev is a commit id
#    (no tag is published yet), the repository a local clone of this one;
#    the fix hook added from its commented line.
readme_cfg=$(sed -n '/^# \.pre-commit-config\.yaml$/,/^```$/p' "$ROOT/README.md" | sed '$d')
rev_form=$(sed -n 's/^ *rev: *\([^ ]*\).*/\1/p' <<<"$readme_cfg")
if ! grep -Eq '^[0-9a-f]{40}$' <<<"$rev_form" || ! grep -q '# - id: secrot-lint-fix' <<<"$readme_cfg"; then
    no "README pins a commit id" "rev: '$rev_form'"
    exit 0
fi
C=$T/clone
git clone -q "$ROOT" "$C"
sha=$(git -C "$C" rev-parse HEAD)
sed -e "s|^\( *- repo: \).*|\1$C|" -e "s|$rev_form|$sha|" -e 's|# - id: secrot-lint-fix|- id: secrot-lint-fix|' \
    <<<"$readme_cfg" >"$W/.pre-commit-config.yaml"

hook secrot-lint sr101.yaml
if [ $rc -ne 0 ] && grep -q 'sr101.yaml:[0-9]*:[0-9]*: error: .*\[SR' "$T/out"; then
    ok "the README's config pinned to a commit id runs the hook from a clone"
else
    no "README config with rev: <commit id>" "rc $rc: $(tail -n 10 "$T/out")"
fi
hook secrot-lint clean.yaml .github/workflows/ci.yml package.json
if [ $rc -eq 0 ] && grep -q '^secrot-lint\.*Passed' "$T/out"; then
    ok "lint hook passes a clean template and YAML/JSON that are not templates"
else
    no "lint hook on clean files" "rc $rc: $(tail -n 15 "$T/out")"
fi
hook secrot-lint .github/workflows/ci.yml
if [ $rc -eq 0 ] && ! grep -q 'SR[0-9]' "$T/out"; then
    ok "a workflow file alone passes silently"
else
    no "workflow file" "rc $rc: $(tail -n 10 "$T/out")"
fi

# 4. The fix hook rewrites the file (pre-commit fails: files were modified),
#    then passes.
cp "$W/fixme.yaml" "$T/probe.yaml"
"$L" --fix "$T/probe.yaml" >/dev/null 2>&1
if ! has_rule SR312 || cmp -s "$W/fixme.yaml" "$T/probe.yaml"; then
    skip "fix hook rewrites then passes" "secrot-lint --fix does not repair SR312 yet"
else
    before=$(cat "$W/fixme.yaml")
    hook secrot-lint fixme.yaml
    if [ $rc -ne 0 ] && grep -q '\[SR312\]' "$T/out"; then ok "lint hook fails on the template before the fix"; else no "lint before fix" "rc $rc: $(tail -n 8 "$T/out")"; fi
    hook secrot-lint-fix fixme.yaml
    if [ $rc -ne 0 ] && [ "$(cat "$W/fixme.yaml")" != "$before" ] && grep -q 'files were modified by this hook' "$T/out"; then
        ok "fix hook rewrites the template and reports files modified"
    else
        no "fix hook first run" "rc $rc, file changed: $([ "$(cat "$W/fixme.yaml")" != "$before" ] && echo yes || echo no): $(tail -n 15 "$T/out")"
    fi
    hook secrot-lint-fix fixme.yaml
    if [ $rc -eq 0 ]; then ok "fix hook passes on the second run"; else no "fix hook second run" "rc $rc: $(tail -n 15 "$T/out")"; fi
    hook secrot-lint fixme.yaml
    if [ $rc -eq 0 ]; then ok "lint hook passes the fixed template"; else no "lint after fix" "rc $rc: $(tail -n 15 "$T/out")"; fi
fi

# 5. A rev the repository does not have (a tag never published) fails.
sed -i "s|$sha|v0.0.0-no-such-tag|" "$W/.pre-commit-config.yaml"
hook secrot-lint clean.yaml
if [ $rc -ne 0 ]; then ok "a rev that the repository does not have fails"; else no "missing rev" "passed: $(tail -n 5 "$T/out")"; fi
