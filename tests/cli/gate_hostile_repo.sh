#!/usr/bin/env bash
# gate_hostile_repo.sh - a pull request that tries to get past the gate.
#
# A throwaway repository (cloned from a bare "origin" whose main branch holds
# the team's policy) gets a change with a malicious template (a logical id
# that is a path out of the repository, a secret without rotation), a
# planted symlinked rotation/ folder and a symlink to a file outside, a
# policy file that disables everything in the template's folder, and
# another in the folder above the checkout. Then the CI steps of the
# README's GitHub Actions recipe run (their `run:` lines, as written, with
# the binary under test), and the two pre-commit hooks run as
# .pre-commit-hooks.yaml declares them. The gate must fail, nothing may be
# written outside the repository, and the reports must name the policy used.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
ROOT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }
command -v git >/dev/null 2>&1 || {
    skip "hostile repository" "git not installed"
    exit 0
}
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export GIT_CONFIG_NOSYSTEM=1 HOME=$T/home
mkdir -p "$HOME"

# ---- the repositories ------------------------------------------------------
P=$T/parent
mkdir -p "$P/outside"
echo "precious" >"$P/outside/victim.yaml"
git init -q --bare -b main "$T/origin.git" 2>/dev/null || git init -q --bare "$T/origin.git"
git clone -q "$T/origin.git" "$P/repo" 2>/dev/null
R=$P/repo
cd "$R" || exit 1
git checkout -q -b main 2>/dev/null
printf '# the team policy\nseverity: {SR311: error}\n' >.secrot-lint.yaml
mkdir -p infra
cat >infra/app.yaml <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
Y
git add -A && git commit -q -m base && git push -q origin main 2>/dev/null

# The change under review.
git checkout -q -b change
printf 'disable: [SR]\n' >"$P/.secrot-lint.yaml"
printf '# nothing to see here\ndisable: [SR]\n' >infra/.secrot-lint.yaml
cat >infra/secrets.json <<'J'
{"AWSTemplateFormatVersion": "2010-09-09",
 "Resources": {
   "../../../outside/ESC": {"Type": "AWS::SecretsManager::Secret",
     "Properties": {"GenerateSecretString": {"PasswordLength": 40}}},
   "ApiKey": {"Type": "AWS::SecretsManager::Secret",
     "Properties": {"GenerateSecretString": {"PasswordLength": 40}}}}}
J
ln -s ../../outside infra/rotation
ln -s ../../outside/victim.yaml infra/shared.yaml
git add -A && git commit -q -m "innocent change"
find "$P" -path "$R" -prune -o -type f -print | sort >"$T/outside.before"
stamp=$T/stamp
touch "$stamp"

# nothing_outside NAME : no file outside the repository changed or appeared.
nothing_outside() {
    local now
    now=$(find "$P" -path "$R" -prune -o -type f -print | sort)
    if [ "$now" != "$(cat "$T/outside.before")" ]; then
        no "$1: nothing written outside" "new files: $(comm -13 "$T/outside.before" <(echo "$now") | tr '\n' ' ')"
    elif [ -n "$(find "$P" -path "$R" -prune -o -type f -newer "$stamp" -print)" ]; then
        no "$1: nothing written outside" "changed: $(find "$P" -path "$R" -prune -o -type f -newer "$stamp" -print | tr '\n' ' ')"
    elif [ "$(cat "$P/outside/victim.yaml")" != precious ]; then
        no "$1: nothing written outside" "the victim file was overwritten"
    else
        ok "$1: nothing written outside the repository"
    fi
}

# ---- the README's CI recipe ------------------------------------------------
# The `- run:` lines of the GitHub Actions block, in order; installing
# packages and building are left out (the binary under test is used).
steps=$(awk '/^In GitHub Actions/ { on = 1 } on && /^```yaml/ { inblk = 1; next } inblk && /^```/ { exit }
    inblk && /^- run: / { sub(/^- run: /, ""); print }' "$ROOT/README.md")
if [ -z "$steps" ]; then
    no "README CI recipe" "no run: steps found in the README's GitHub Actions block"
    exit 0
fi
export GITHUB_BASE_REF=main RUNNER_TEMP=$T/runner GITHUB_ENV=$T/github_env
mkdir -p "$RUNNER_TEMP"
mkdir -p "$T/bin"
ln -s "$L" "$T/bin/secrot-lint"
n=0
last_rc=0
while IFS= read -r step; do
    case $step in
    *apt-get* | make | make\ *) continue ;;
    esac
    n=$((n + 1))
    cmd=${step//build\/secrot-lint/$T\/bin\/secrot-lint}
    bash -c "$cmd" >"$T/ci$n.out" 2>"$T/ci$n.err"
    last_rc=$?
done <<<"$steps"
if [ "$last_rc" = 1 ] && grep -q '^::error file=infra/secrets.json,.*title=SR101::' "$T/ci$n.out" &&
    grep -q 'title=SR008::' "$T/ci$n.out"; then
    ok "README CI recipe: the gate fails (exit 1) with SR101 and SR008 annotations"
else
    no "README CI recipe" "last step exit $last_rc: $(head -c 400 "$T/ci$n.out") $(head -c 300 "$T/ci$n.err")"
fi
if grep -q "title=secrot-lint policy::policy file $RUNNER_TEMP/policy.yaml: SR311 severity error" "$T/ci$n.out"; then
    ok "README CI recipe: the annotations name the pinned policy (the base branch's) and what it sets"
else
    no "README CI recipe: policy named" "$(grep policy "$T/ci$n.out" | head -3)"
fi
if [ -f results.sarif ] && python3 - results.sarif "$RUNNER_TEMP/policy.yaml" <<'P'; then
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
rules = {r["ruleId"] for r in run["results"]}
assert {"SR101", "SR008"} <= rules, rules
notes = run["invocations"][0]["toolConfigurationNotifications"]
assert any(sys.argv[2] in n["message"]["text"] for n in notes), notes
assert not any("infra/.secrot-lint.yaml" in n["message"]["text"] for n in notes), notes
P
    ok "README CI recipe: results.sarif has the findings and names only the pinned policy"
else
    no "README CI recipe: results.sarif" "$(head -c 300 results.sarif 2>/dev/null)"
fi
if grep -q "shared.yaml: skipped: a symbolic link to a file outside" "$T/ci$n.err"; then
    ok "README CI recipe: the planted symlink to a file outside is skipped, with a warning"
else
    no "README CI recipe: planted symlink" "$(head -c 300 "$T/ci$n.err")"
fi
nothing_outside "README CI recipe"
rm -f results.sarif

# ---- the pre-commit hooks ---------------------------------------------------
# As .pre-commit-hooks.yaml declares them: its entry, run from the
# repository root with the changed files (what pre-commit passes).
files=(infra/secrets.json infra/shared.yaml infra/.secrot-lint.yaml)
for id in secrot-lint secrot-lint-fix; do
    entry=$(awk -v id="$id" '$0 ~ "^- id: " id "$" { on = 1; next } on && /^- id:/ { exit }
        on && /^ *entry:/ { sub(/^ *entry: */, ""); print; exit }' "$ROOT/.pre-commit-hooks.yaml")
    if [ -z "$entry" ]; then
        no "pre-commit hook $id" "no entry in .pre-commit-hooks.yaml"
        continue
    fi
    # shellcheck disable=SC2086 # entry is a command line
    SECROT_LINT_BIN=$L "$ROOT"/$entry "${files[@]}" >"$T/$id.out" 2>&1
    rc=$?
    if [ "$rc" = 0 ]; then
        no "pre-commit hook $id" "the hook passed: $(head -c 400 "$T/$id.out")"
    elif ! grep -q "SR101" "$T/$id.out" || ! grep -q "SR008" "$T/$id.out"; then
        no "pre-commit hook $id" "exit $rc without SR101 and SR008: $(head -c 400 "$T/$id.out")"
    elif ! grep -q "^policy $R/.secrot-lint.yaml (1 file): SR311 severity error$" "$T/$id.out"; then
        no "pre-commit hook $id" "the report does not name the root policy: $(grep -i policy "$T/$id.out" | head -3)"
    else
        ok "pre-commit hook $id: fails (exit $rc), names the root policy, the subfolder one is not used"
    fi
    nothing_outside "pre-commit hook $id"
done
if [ -e infra/rotation/ApiKey ] || [ -e "$P/outside/ESC" ] || [ -e "$P/ESC" ]; then
    no "fix hook" "a handler was written through the planted link or the id"
else
    ok "fix hook: no handler through the planted rotation/ link or the path id"
fi
