#!/usr/bin/env bash
# fix_cfnlint.sh - what --fix writes must pass the AWS tools' own validation:
# cfn-lint (which runs the SAM translator on SAM templates) reports no error
# on any expected output of fixtures/fix, and none on the seed template after
# --fix --unsafe-fixes (its rotation function is missing: only the unsafe
# scaffold defines it). Warnings are allowed (W3002: a local code folder needs `package`).
# Skips with a message when cfn-lint is not installed.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if ! command -v cfn-lint >/dev/null 2>&1; then
    echo "skip - fix_cfnlint: cfn-lint is not installed (pip install cfn-lint)"
    exit 0
fi
TMP=$(mktemp -d /tmp/sr-fixcfn.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

check() { # name file
    out=$(cfn-lint --format parseable -- "$2" 2>&1)
    rc=$?
    # cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational.
    if [ $((rc & 2)) -ne 0 ] || [ $((rc & 1)) -ne 0 ]; then
        echo "not ok - $1: cfn-lint reports errors: $(echo "$out" | grep -E ':E[0-9]' | head -n 5 | tr '\n' '|')"
    else
        echo "ok - $1"
    fi
}

for f in fixtures/fix/*/expected.*; do
    check "cfn-lint $(basename "$(dirname "$f")")" "$f"
done

cp examples/seed-template.yaml "$TMP/seed.yaml"
(cd "$TMP" && "$BIN" --fix --unsafe-fixes seed.yaml >/dev/null 2>&1)
check "cfn-lint seed template after --fix --unsafe-fixes" "$TMP/seed.yaml"
