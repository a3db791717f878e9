#!/usr/bin/env bash
# fix_refusals.sh - when --fix must not write: a file that changes between
# read and write, a fix whose result adds a finding, a finding with no fix
# here; each leaves the file untouched, prints the reason and exits 2.
# Also: atomic writes keep the mode, write through symlinks, leave no
# temporary file, and two --fix runs at once never leave a mixture.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
SRC=$PWD/fixtures/fix
TMP=$(mktemp -d /tmp/sr-fixref.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; }
no_temp() { ! ls -a "$1" | grep -q 'secrot-'; }

# 1. The file changes while --fix works on it: nothing is written.
d=$TMP/changed && mkdir -p "$d" && cp "$SRC/SR103-sam-2space/input.yaml" "$d/t.yaml"
(cd "$d" && SECROT_LINT_TEST_PAUSE_MS=1500 "$BIN" --fix t.yaml >/dev/null 2>"$d/err") &
pid=$!
sleep 0.5
printf '# edited meanwhile\n' >>"$d/t.yaml"
wait $pid
rc=$?
cp "$SRC/SR103-sam-2space/input.yaml" "$d/want" && printf '# edited meanwhile\n' >>"$d/want"
if [ $rc -ne 2 ]; then
    bad "file changed between read and write" "exit $rc, want 2"
elif ! cmp -s "$d/t.yaml" "$d/want"; then
    bad "file changed between read and write" "the file is not the edited one"
elif ! grep -q 'changed since it was read' "$d/err"; then
    bad "file changed between read and write" "no reason printed: $(cat "$d/err")"
elif ! no_temp "$d"; then
    bad "file changed between read and write" "a temporary file was left"
else
    ok "file changed between read and write: not written, exit 2"
fi

# 2. A fix whose result would add a finding is refused: tests/unit/test_fix.c
#    (verification_refuses_a_new_finding) holds it; no fix of today's rules
#    adds a finding on a template of its own.

# 3. A finding of a fixable rule without a fix in this case: exit 1 with why.
d=$TMP/noplan && mkdir -p "$d" && cp "$SRC/_cli/refused-no-plan.yaml" "$d/t.yaml"
(cd "$d" && "$BIN" --diff t.yaml >"$d/out" 2>"$d/err")
rc=$?
if [ $rc -ne 1 ] || [ -s "$d/out" ] || ! grep -q 'not fixed SR202.*several secrets' "$d/err"; then
    bad "no fix for the case" "exit $rc, out $(wc -c <"$d/out") bytes, err: $(cat "$d/err")"
else
    ok "no fix for the case: reported, no diff, exit 1"
fi

# 4. Mode kept, symlink written through, no temporary file.
d=$TMP/link && mkdir -p "$d/real" && cp "$SRC/SR311-sam-crlf/input.yaml" "$d/real/t.yaml"
chmod 640 "$d/real/t.yaml"
ln -s real/t.yaml "$d/link.yaml"
(cd "$d" && "$BIN" --fix link.yaml >/dev/null 2>"$d/err")
rc=$?
if [ $rc -gt 1 ]; then
    bad "symlink and mode" "exit $rc: $(cat "$d/err")"
elif [ ! -L "$d/link.yaml" ]; then
    bad "symlink and mode" "the symlink was replaced by a file"
elif ! cmp -s "$d/real/t.yaml" "$SRC/SR311-sam-crlf/expected.yaml"; then
    bad "symlink and mode" "the target does not hold the fix"
elif [ "$(stat -c %a "$d/real/t.yaml")" != 640 ]; then
    bad "symlink and mode" "mode $(stat -c %a "$d/real/t.yaml"), want 640"
elif ! no_temp "$d" || ! no_temp "$d/real"; then
    bad "symlink and mode" "a temporary file was left"
else
    ok "symlink written through, mode kept, no temporary file"
fi

# 5. Two --fix at once on one file: the result is the fixed file, never a mixture.
d=$TMP/race && mkdir -p "$d" && cp "$SRC/SR101-sam-2space/input.yaml" "$d/t.yaml"
(cd "$d" && "$BIN" --fix --unsafe-fixes t.yaml >/dev/null 2>"$d/e1") &
p1=$!
(cd "$d" && "$BIN" --fix --unsafe-fixes t.yaml >/dev/null 2>"$d/e2") &
p2=$!
wait $p1
r1=$?
wait $p2
r2=$?
if ! cmp -s "$d/t.yaml" "$SRC/SR101-sam-2space/expected.yaml"; then
    bad "two --fix at once" "the file is not the fixed one (exits $r1 $r2)"
elif [ $r1 -gt 2 ] || [ $r2 -gt 2 ] || { [ $r1 -ne 0 ] && [ $r2 -ne 0 ]; }; then
    bad "two --fix at once" "exits $r1 and $r2"
elif ! no_temp "$d" || ! cmp -s "$d/rotation/ApiKey/lambda_function.py" \
    "$SRC/SR101-sam-2space/files/rotation/ApiKey/lambda_function.py"; then
    bad "two --fix at once" "temporary file left or handler wrong"
else
    ok "two --fix at once: fixed file, exits $r1 and $r2"
fi

# 6. An existing handler is never overwritten.
d=$TMP/keep && mkdir -p "$d/rotation/ApiKey" && cp "$SRC/SR101-sam-2space/input.yaml" "$d/t.yaml"
printf 'my own code\n' >"$d/rotation/ApiKey/lambda_function.py"
(cd "$d" && "$BIN" --fix --unsafe-fixes t.yaml >/dev/null 2>"$d/err")
if [ "$(cat "$d/rotation/ApiKey/lambda_function.py")" != "my own code" ]; then
    bad "existing handler kept" "it was overwritten"
elif ! grep -q 'kept the existing rotation/ApiKey/lambda_function.py' "$d/err"; then
    bad "existing handler kept" "not reported: $(cat "$d/err")"
elif ! cmp -s "$d/t.yaml" "$SRC/SR101-sam-2space/expected.yaml"; then
    bad "existing handler kept" "the template was not fixed"
else
    ok "existing handler kept, template fixed"
fi

# 7. Standard input cannot be fixed in place.
"$BIN" --fix - <"$SRC/SR103-sam-2space/input.yaml" >/dev/null 2>"$TMP/stdin.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'standard input cannot be fixed' "$TMP/stdin.err"; then
    ok "--fix on standard input: exit 2"
else
    bad "--fix on standard input" "exit $rc: $(cat "$TMP/stdin.err")"
fi
