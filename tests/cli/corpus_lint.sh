#!/usr/bin/env bash
# corpus_lint.sh - lints every real-world template of ../shared/corpus, one
# file per call, and checks that nothing crashes (exit 0 or 1 only; 99 is a
# sanitizer report under SR_SANITIZER=1), that the JSON report parses and
# that every finding's line:col lies inside its file and agrees with its
# byte offset. Each file also goes through --diff: no crash, and the diff of
# the template applies to it with patch(1). Skips with the reason when the
# corpus is absent. With
# SR_VALGRIND=1 every run goes through valgrind (memcheck, full leak check):
# an error or a definite leak fails the file.
set -u
L=${SECROT_LINT:-build/secrot-lint}
CORPUS=${SR_CORPUS:-../shared/corpus}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if [ ! -d "$CORPUS" ]; then
    echo "skip - corpus lint: $CORPUS is absent"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "skip - corpus lint: python3 is needed to check the JSON reports"
    exit 0
fi
# Under the sanitizers or valgrind a run is slower: allow more time per file.
limit=20
[ "${SR_SANITIZER:-0}" = 1 ] && limit=120
VG=()
if [ "${SR_VALGRIND:-0}" = 1 ]; then
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "skip - corpus lint under valgrind: valgrind is not installed (apt-get install valgrind)"
        exit 0
    fi
    VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
        --show-leak-kinds=definite)
    limit=300
fi

find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) |
    LC_ALL=C sort >"$T/files"
n=$(wc -l <"$T/files")
if [ "$n" = 0 ]; then
    echo "skip - corpus lint: no template in $CORPUS"
    exit 0
fi

crashes=0
i=0
: >"$T/list"
while IFS= read -r f; do
    i=$((i + 1))
    timeout -k 5 "$limit" "${VG[@]}" "$L" --format json -o "$T/$i.json" "$f" >"$T/$i.stdout" 2>"$T/$i.err"
    rc=$?
    case $rc in
    0 | 1) printf '%s\t%s\n' "$T/$i.json" "$f" >>"$T/list" ;;
    99)
        echo "not ok - corpus $f: sanitizer or valgrind report: $(grep -m 1 -E 'runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|==[0-9]+== [A-Z]' "$T/$i.err")"
        # the whole report for the first few only
        [ "$crashes" -lt 3 ] && grep -E '^ +#[0-9]+ |==[0-9]+== +(at|by) ' "$T/$i.err" | head -n 6 | sed 's/^ */    /'
        crashes=$((crashes + 1))
        ;;
    124 | 137) echo "not ok - corpus $f: no result within $limit s"; crashes=$((crashes + 1)) ;;
    *)
        echo "not ok - corpus $f: exit status $rc: $(head -c 300 "$T/$i.err")"
        crashes=$((crashes + 1))
        ;;
    esac
done <"$T/files"
[ "$crashes" = 0 ] && echo "ok - corpus: $n templates linted one by one${VG:+ under valgrind}, exit status 0 or 1 each"

# The fixer over the same files: --diff writes nothing. Exit status 2 is
# allowed (a finding without a fix here); a crash, a sanitizer report or a
# diff that does not apply to the file is not, nor a --fix of a copy that
# writes something else than the diff said.
bad=0
diffs=0
i=0
while IFS= read -r f; do
    i=$((i + 1))
    timeout -k 5 "$limit" "${VG[@]}" "$L" --diff "$f" >"$T/d$i.diff" 2>"$T/d$i.err"
    rc=$?
    case $rc in
    0 | 1 | 2) ;;
    99)
        echo "not ok - corpus --diff $f: sanitizer or valgrind report: $(grep -m 1 -E 'runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|==[0-9]+== [A-Z]' "$T/d$i.err")"
        bad=$((bad + 1))
        continue
        ;;
    124 | 137) echo "not ok - corpus --diff $f: no result within $limit s"; bad=$((bad + 1)); continue ;;
    *) echo "not ok - corpus --diff $f: exit status $rc: $(head -c 300 "$T/d$i.err")"; bad=$((bad + 1)); continue ;;
    esac
    [ -s "$T/d$i.diff" ] || continue
    diffs=$((diffs + 1))
    # The first file of the diff is the template (new files follow it).
    awk 'NR > 1 && /^--- / { exit } { print }' "$T/d$i.diff" >"$T/d$i.tpl.diff"
    if command -v patch >/dev/null 2>&1 &&
        ! patch -s -f -o "$T/d$i.out" "$f" <"$T/d$i.tpl.diff" >"$T/d$i.patch" 2>&1; then
        echo "not ok - corpus --diff $f: the diff does not apply: $(head -c 300 "$T/d$i.patch")"
        bad=$((bad + 1))
    elif [ -f "$T/d$i.out" ]; then
        rm -rf "$T/fx"
        mkdir "$T/fx"
        cp "$f" "$T/fx/"
        timeout -k 5 "$limit" "${VG[@]}" "$L" --fix "$T/fx/${f##*/}" >/dev/null 2>"$T/fx.err"
        rc=$?
        if [ "$rc" -gt 2 ]; then
            echo "not ok - corpus --fix $f: exit status $rc: $(head -c 300 "$T/fx.err")"
            bad=$((bad + 1))
        elif ! cmp -s "$T/fx/${f##*/}" "$T/d$i.out"; then
            echo "not ok - corpus --fix $f: the fixed file differs from what --diff showed"
            bad=$((bad + 1))
        fi
    fi
    rm -f "$T/d$i.out" "$T/d$i.out.rej" "$T/d$i.out.orig"
done <"$T/files"
[ "$bad" = 0 ] && echo "ok - corpus: --diff on $n templates${VG:+ under valgrind}, no crash, $diffs diffs that apply and match --fix"

# Every finding: inside the file, and line:col computed from its byte offset
# (characters counted as UTF-8 code points, a byte-order mark not counted)
# equal to the reported one.
python3 - "$T/list" <<'PY'
import json, sys

def pos_of(data, off):
    line = data.count(b"\n", 0, off) + 1
    start = data.rfind(b"\n", 0, off) + 1
    seg = data[start:off]
    if start == 0 and seg.startswith(b"\xef\xbb\xbf"):
        seg = seg[3:]
    col = len(seg.decode("utf-8", errors="replace")) + 1
    return line, col

bad = 0
checked = 0
for row in open(sys.argv[1], encoding="utf-8"):
    report, path = row.rstrip("\n").split("\t", 1)
    try:
        doc = json.load(open(report, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"not ok - corpus {path}: JSON report does not parse: {e}")
        bad += 1
        continue
    data = open(path, "rb").read()
    nlines = data.count(b"\n") + 1
    for fr in doc.get("files", []):
        for f in fr.get("findings", []):
            checked += 1
            where = f"{f.get('rule')} at {f['start']['line']}:{f['start']['column']}"
            s, e = f["start"], f["end"]
            b = f.get("bytes", {})
            problem = None
            if not (1 <= s["line"] <= nlines and s["column"] >= 1):
                problem = "start outside the file"
            elif not (1 <= e["line"] <= nlines and (e["line"], e["column"]) >= (s["line"], s["column"])):
                problem = f"end {e['line']}:{e['column']} outside the file or before the start"
            elif not (0 <= b.get("start", -1) <= b.get("end", -1) <= len(data)):
                problem = f"bytes {b} outside 0..{len(data)}"
            else:
                want = pos_of(data, b["start"])
                if want != (s["line"], s["column"]):
                    problem = f"byte offset {b['start']} is {want[0]}:{want[1]}"
                else:
                    want = pos_of(data, b["end"])
                    if want != (e["line"], e["column"]):
                        problem = f"end byte offset {b['end']} is {want[0]}:{want[1]}, reported {e['line']}:{e['column']}"
            if problem:
                bad += 1
                if bad <= 20:
                    print(f"not ok - corpus {path}: {where}: {problem}")
if bad == 0:
    print(f"ok - corpus: {checked} findings, each inside its file and at its byte offset")
PY
