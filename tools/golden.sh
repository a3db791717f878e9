#!/usr/bin/env bash
# tools/golden.sh - rewrites the golden files from what the binary does now
# (`make golden`). Review the result with `git diff` before committing it.
# GOLDEN_ROOT names another tree holding fixtures/ (the tests use a copy).
#
#   fixtures/lint/**/NAME.EXT   NAME.expected: the brief report, options as tests/run
#                               gives them (NAME.args, or the rule of an SRnnn folder)
#   fixtures/fix/CASE/          expected.EXT, files/, summary and removed: what --fix (with the
#                               options of CASE/args)
#                               writes, creates and prints, run in a copy of the case,
#                               and the input lines it removes or rewrites
set -u
cd "${GOLDEN_ROOT:-$(dirname "$0")/..}"
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$OLDPWD/$BIN ;; esac
[ -x "$BIN" ] || { echo "golden: no binary at $BIN (run make first)" >&2; exit 2; }
TMP=$(mktemp -d /tmp/sr-golden.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
nlint=0
nfix=0

while IFS= read -r f; do
    base=${f%.*}
    args=()
    dir=$(basename "$(dirname "$f")")
    [[ $dir =~ ^SR[0-9]{3}$ ]] && args=(--include-checks "$dir")
    [ -f "$base.args" ] && read -r -a args <"$base.args"
    "$BIN" --format brief "${args[@]}" "$f" >"$base.expected" 2>/dev/null
    rc=$?
    if [ $rc -gt 2 ]; then
        echo "golden: $f: exit status $rc" >&2
        exit 1
    fi
    nlint=$((nlint + 1))
done < <(find fixtures/lint -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) ! -name '.secrot-lint.yaml' | LC_ALL=C sort)

for dir in fixtures/fix/*/; do
    in=$(ls "$dir" | grep -E '^input\.(yaml|yml|json|template)$' | head -n 1)
    [ -n "$in" ] || continue
    ext=${in#input.}
    case=$(basename "$dir")
    work=$TMP/$case
    mkdir -p "$work"
    cp "$dir/$in" "$work/$in"
    [ -f "$dir/.secrot-lint.yaml" ] && cp "$dir/.secrot-lint.yaml" "$work/"
    args=()
    [ -f "$dir/args" ] && read -r -a args <"$dir/args"
    (cd "$work" && "$BIN" --fix "${args[@]}" "$in" >/dev/null 2>summary)
    rc=$?
    if [ $rc -gt 2 ]; then
        echo "golden: $case: --fix exit status $rc" >&2
        exit 1
    fi
    cp "$work/$in" "$dir/expected.$ext"
    mv "$work/summary" "$dir/summary"
    diff "$dir/$in" "$dir/expected.$ext" | sed -n 's/^< //p' >"$dir/removed"
    [ -s "$dir/removed" ] || rm -f "$dir/removed"
    rm -f "$work/$in" "$work/.secrot-lint.yaml"
    rm -rf "$dir/files"
    if [ -n "$(ls -A "$work")" ]; then
        mkdir -p "$dir/files"
        cp -R "$work/." "$dir/files/"
    fi
    nfix=$((nfix + 1))
done
echo "golden: rewrote $nlint lint cases and $nfix fix cases"
