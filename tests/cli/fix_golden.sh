#!/usr/bin/env bash
# fix_golden.sh - the golden fix cases, discovered from fixtures/fix/<case>/:
#
#   input.yaml | input.json   the template before
#   expected.yaml | .json     the template after --fix, byte for byte
#   removed                   optional: input lines the fix removes or rewrites, one
#                             per line; every other input line must appear unchanged
#                             and in order in the output
#   files/                    optional: files --fix must create beside the template
#   summary                   what --fix prints on stderr, byte for byte
#   status                    optional: exit status of --fix (default 0 or 1)
#   .secrot-lint.yaml         optional: the policy of the case
#   args                      optional: options of --fix and --diff (--unsafe-fixes)
#   refused                   optional: the fix is refused (or left out): the output is
#                             the input, the rule is still reported; summary says why
#
# The rule a case is about is its folder name up to the first '-' (SR103-...).
# Per case: --fix gives expected; lines outside the fix are kept; the result
# parses, the rule's findings are gone and no rule has more findings than
# before; --diff writes nothing and its patch, applied with git apply and
# with patch -p1, gives the same files; a second --fix changes no byte.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
TMP=$(mktemp -d /tmp/sr-fixgold.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; }

# Rule counts of a brief report: "SR101 2" lines, sorted.
counts() { awk '{print $2}' | sort | uniq -c | awk '{print $2, $1}'; }

ncases=0
for dir in fixtures/fix/*/; do
    case=$(basename "$dir")
    in=$(ls "$dir" | grep -E '^input\.(yaml|yml|json|template)$' | head -n 1)
    [ -n "$in" ] || continue
    ext=${in#input.}
    exp=$dir/expected.$ext
    ncases=$((ncases + 1))
    if [ ! -f "$exp" ]; then
        bad "$case" "no expected.$ext"
        continue
    fi
    rule=${case%%-*}
    work=$TMP/$case
    mkdir -p "$work/fix" "$work/diff" "$work/git" "$work/patch"
    for d in fix diff git patch; do
        cp "$dir/$in" "$work/$d/$in"
        [ -f "$dir/.secrot-lint.yaml" ] && cp "$dir/.secrot-lint.yaml" "$work/$d/"
    done

    args=()
    [ -f "$dir/args" ] && read -r -a args <"$dir/args"

    # 1. --fix gives the expected file.
    (cd "$work/fix" && "$BIN" --fix "${args[@]}" "$in" >"$work/fix.out" 2>"$work/fix.err")
    rc=$?
    want_rc=$(cat "$dir/status" 2>/dev/null || echo "0|1")
    if ! [[ $rc =~ ^($want_rc)$ ]]; then
        bad "$case: --fix status" "exit $rc, want $want_rc: $(head -c 600 "$work/fix.err")"
    elif ! cmp -s "$work/fix/$in" "$exp"; then
        bad "$case: --fix output" "differs from expected.$ext: $(diff "$exp" "$work/fix/$in" | head -n 20 | tr '\n' '|')"
    else
        ok "$case: --fix output"
    fi
    # 1b. --fix says what it did, in the words of the golden summary.
    if [ -f "$dir/summary" ]; then
        if cmp -s "$work/fix.err" "$dir/summary"; then
            ok "$case: --fix summary"
        else
            bad "$case: --fix summary" "differs: $(diff "$dir/summary" "$work/fix.err" | head -n 10 | tr '\n' '|')"
        fi
    else
        bad "$case: --fix summary" "no summary file (make golden writes it)"
    fi

    # 2. Bytes outside the fix are kept: the only input lines a line diff
    #    removes or rewrites are those listed in `removed` (so every other
    #    input line appears unchanged and in order).
    touch "$work/none"
    removed=$dir/removed
    [ -f "$removed" ] || removed=$work/none
    diff "$dir/$in" "$exp" | sed -n 's/^< //p' >"$work/gone"
    if cmp -s "$work/gone" "$removed"; then
        ok "$case: input lines kept"
    else
        bad "$case: input lines kept" "removed lines differ from 'removed': $(diff "$removed" "$work/gone" | head -n 6 | tr '\n' '|')"
    fi

    # 3. The result parses, the rule is gone, nothing new.
    (cd "$dir" && "$BIN" --format brief "$in") 2>/dev/null | counts >"$work/before"
    (cd "$dir" && "$BIN" --format brief "expected.$ext") 2>/dev/null | counts >"$work/after"
    if grep -q '^SR001 ' "$work/after"; then
        bad "$case: re-lint" "the expected output does not parse"
    elif ! grep -q "^$rule " "$work/before"; then
        bad "$case: re-lint" "the input has no $rule finding"
    elif [ -f "$dir/refused" ]; then
        if ! cmp -s "$dir/$in" "$exp"; then
            bad "$case: refused" "the fix is refused but the output differs from the input"
        elif ! grep -q "^$rule " "$work/after"; then
            bad "$case: refused" "$rule is no longer reported"
        else
            ok "$case: refused, the finding still reported"
        fi
    elif grep -q "^$rule " "$work/after"; then
        bad "$case: re-lint" "$rule is still reported"
    else
        worse=$(join -a 2 -e 0 -o 0,1.2,2.2 "$work/before" "$work/after" | awk '$3 > $2 {print $1}')
        if [ -n "$worse" ]; then
            bad "$case: re-lint" "more findings after the fix: $worse"
        else
            ok "$case: re-lint"
        fi
    fi

    # 4. --diff writes nothing; its patch applies with git apply and patch -p1.
    (cd "$work/diff" && "$BIN" --diff --show-secrets "${args[@]}" "$in" >"$work/patch.diff" 2>"$work/diff.err")
    if [ -f "$dir/refused" ] && [ -s "$work/patch.diff" ]; then
        bad "$case: --diff" "the fix is refused but --diff writes a patch"
    elif [ -f "$dir/refused" ]; then
        ok "$case: --diff writes no patch"
    elif ! cmp -s "$work/diff/$in" "$dir/$in" || [ -d "$work/diff/rotation" ]; then
        bad "$case: --diff" "it changed files"
    elif ! (cd "$work/git" && git apply "$work/patch.diff" 2>"$work/git.err"); then
        bad "$case: --diff" "git apply failed: $(head -c 300 "$work/git.err")"
    elif ! (cd "$work/patch" && patch -s -p1 <"$work/patch.diff" >"$work/patch.err" 2>&1); then
        bad "$case: --diff" "patch -p1 failed: $(head -c 300 "$work/patch.err")"
    elif ! cmp -s "$work/git/$in" "$exp" || ! cmp -s "$work/patch/$in" "$exp"; then
        bad "$case: --diff" "the patched file differs from expected.$ext"
    else
        ok "$case: --diff applies"
    fi

    # 5. New files (the handler skeleton), never overwritten.
    if [ -d "$dir/files" ]; then
        miss=""
        while IFS= read -r f; do
            rel=${f#"$dir/files/"}
            cmp -s "$f" "$work/fix/$rel" || miss="$miss $rel"
            cmp -s "$f" "$work/git/$rel" || miss="$miss $rel(git)"
        done < <(find "$dir/files" -type f)
        while IFS= read -r f; do
            if command -v python3 >/dev/null 2>&1 &&
                ! python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' "$f" 2>/dev/null; then
                miss="$miss ${f#"$dir/files/"}(not valid Python)"
            fi
        done < <(find "$dir/files" -name '*.py')
        if [ -n "$miss" ]; then
            bad "$case: new files" "missing or different:$miss"
        else
            ok "$case: new files"
        fi
    fi

    # 6. A second --fix changes nothing.
    cp "$work/fix/$in" "$work/first"
    (cd "$work/fix" && "$BIN" --fix "${args[@]}" "$in" >/dev/null 2>"$work/fix2.err")
    if cmp -s "$work/first" "$work/fix/$in"; then
        ok "$case: second --fix changes nothing"
    else
        bad "$case: second --fix changes nothing" "$(diff "$work/first" "$work/fix/$in" | head -n 10 | tr '\n' '|')"
    fi
done
if [ "$ncases" -eq 0 ]; then
    echo "not ok - fix_golden: no case in fixtures/fix"
fi
