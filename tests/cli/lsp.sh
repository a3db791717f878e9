#!/usr/bin/env bash
# lsp.sh - `secrot-lint lsp` driven by scripted clients (tests/lsp/*.py,
# python3 standard library): a whole session on the seed example, UTF-16
# positions, code actions, policies, protocol edge cases and a seeded
# random-edit property test. Each script prints its own ok / not ok lines.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
export SECROT_LINT=$BIN PYTHONDONTWRITEBYTECODE=1
if ! command -v python3 >/dev/null 2>&1; then
    echo "skip - lsp: python3 is not installed (the scripted clients need it)"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    echo "not ok - lsp: $BIN is missing"
    exit 1
fi
status=0
out=$("$BIN" lsp --help 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q -- '--help-uri-base' <<<"$out"; then echo "ok - lsp --help: usage, status 0"; else echo "not ok - lsp --help: status $rc: $out"; status=1; fi
out=$("$BIN" lsp --no-such-option </dev/null 2>&1)
rc=$?
if [ $rc -eq 2 ] && grep -q "unknown option" <<<"$out"; then echo "ok - lsp with an unknown option: status 2"; else echo "not ok - lsp unknown option: status $rc: $out"; status=1; fi
out=$("$BIN" lsp --debounce 99999 </dev/null 2>&1)
rc=$?
if [ $rc -eq 2 ]; then echo "ok - lsp --debounce out of range: status 2"; else echo "not ok - lsp --debounce 99999: status $rc"; status=1; fi
for t in session utf16 actions policy robust property; do
    out=$(cd tests/lsp && python3 "$t.py" 2>&1)
    rc=$?
    printf '%s\n' "$out" | sed -n "s/^\(ok\|not ok\|skip\) - /&$t: /p"
    if [ $rc -ne 0 ] && ! grep -q '^not ok ' <<<"$out"; then
        echo "not ok - $t: exited with status $rc: $(tail -n 5 <<<"$out" | tr '\n' ' ')"
    fi
    [ $rc -eq 0 ] || status=1
done
exit $status
