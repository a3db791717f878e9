#!/usr/bin/env bash
# golden_bless.sh - `make golden` on a clean tree changes nothing: the golden
# files are exactly what the binary writes. Runs tools/golden.sh on a copy.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d /tmp/sr-bless.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/tree"
cp -R fixtures "$TMP/tree/"
if ! out=$(GOLDEN_ROOT=$TMP/tree SECROT_LINT=$BIN bash tools/golden.sh 2>&1); then
    echo "not ok - golden.sh ran: $(echo "$out" | tail -n 3 | tr '\n' '|')"
    exit 1
fi
echo "ok - golden.sh ran: $out"
if d=$(diff -r fixtures "$TMP/tree/fixtures"); then
    echo "ok - make golden on a clean tree changes nothing"
else
    echo "not ok - make golden changes the golden files: $(echo "$d" | head -n 12 | tr '\n' '|')"
fi
# The check can fail: a golden file that differs from the binary's output is found.
printf '1:1-1:1 SR999 error: not this\n' >"$TMP/tree/fixtures/lint/SR101/no-schedule.expected"
GOLDEN_ROOT=$TMP/tree SECROT_LINT=$BIN bash tools/golden.sh >/dev/null 2>&1
if grep -q SR999 "$TMP/tree/fixtures/lint/SR101/no-schedule.expected"; then
    echo "not ok - golden.sh rewrites a stale expected file"
else
    echo "ok - golden.sh rewrites a stale expected file"
fi
