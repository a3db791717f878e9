#!/usr/bin/env bash
# corpus_lint.sh - lints every real-world template of ../shared/corpus, one
# file per call, and checks that nothing crashes (exit 0 or 1 only; 99 is a
# sanitizer report under SR_SANITIZER=1), that the JSON report parses and
# that every finding's line:col lies inside its file and agrees with its
# byte offset. Each file also goes through --diff: no crash, the diff of the
# template applies to it with patch(1) and a --fix of a copy writes exactly
# that. Skips with the reason when the corpus is absent.
#
# SR_CORPUS=DIR lints another folder (e.g. fixtures). SR_VALGRIND=1 runs
# every call under valgrind (memcheck, full leak check; an error or a
# definite leak fails the file) and leaves out the --fix comparison.
# SR_CORPUS_DIFF=0 leaves out --diff. Files run $(nproc) at a time.
set -u
L=${SECROT_LINT:-build/secrot-lint}
CORPUS=${SR_CORPUS:-../shared/corpus}
DIFF=${SR_CORPUS_DIFF:-1}
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
VG=""
if [ "${SR_VALGRIND:-0}" = 1 ]; then
    if ! command -v valgrind >/dev/null 2>&1; then
        echo "skip - corpus lint under valgrind: valgrind is not installed (apt-get install valgrind)"
        exit 0
    fi
    VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
    limit=900
    BATCH=25
fi
BATCH=${BATCH:-1}
have_patch=0
command -v patch >/dev/null 2>&1 && have_patch=1

find "$CORPUS" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) |
    LC_ALL=C sort >"$T/files"
n=$(wc -l <"$T/files")
if [ "$n" = 0 ]; then
    echo "skip - corpus lint: no template in $CORPUS"
    exit 0
fi

# One batch I of files (one file, or BATCH files under valgrind, whose start
# is slow): the lint (report $T/I.json, status $T/I.rc) and the fixer
# (verdict in $T/I.fix: empty when fine, else the reason). The diff is
# checked with patch(1) and --fix for single files.
cat >"$T/one.sh" <<'W'
set -u
i=$1
shift
f=$1
# shellcheck disable=SC2086 # VG is a command line
timeout -k 5 "$limit" $VG "$L" --format json -o "$T/$i.json" "$@" >/dev/null 2>"$T/$i.err"
echo $? >"$T/$i.rc"
[ "$DIFF" = 1 ] || exit 0
: >"$T/$i.fix"
timeout -k 5 "$limit" $VG "$L" --diff --show-secrets "$@" >"$T/$i.diff" 2>"$T/$i.derr"
rc=$?
case $rc in
0 | 1 | 2) ;;
99) echo "sanitizer or valgrind report: $(grep -m 1 -E 'runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|==[0-9]+== [A-Z]' "$T/$i.derr")" >"$T/$i.fix"; exit 0 ;;
124 | 137) echo "no result within $limit s" >"$T/$i.fix"; exit 0 ;;
*) echo "exit status $rc: $(head -c 300 "$T/$i.derr")" >"$T/$i.fix"; exit 0 ;;
esac
[ -s "$T/$i.diff" ] || exit 0
grep -c '^+++ ' "$T/$i.diff" >"$T/$i.hasdiff"
[ "$have_patch" = 1 ] && [ $# = 1 ] || exit 0
# The first file of the diff is the template (new files follow it).
awk 'NR > 1 && /^--- / { exit } { print }' "$T/$i.diff" >"$T/$i.tpl.diff"
if ! patch -s -f -o "$T/$i.patched" "$f" <"$T/$i.tpl.diff" >"$T/$i.patch" 2>&1; then
    echo "the diff does not apply: $(head -c 300 "$T/$i.patch")" >"$T/$i.fix"
    exit 0
fi
[ -n "$VG" ] && exit 0
mkdir "$T/fx$i"
cp "$f" "$T/fx$i/"
chmod u+w "$T/fx$i/${f##*/}" # the corpus is read-only; --fix leaves read-only files alone
timeout -k 5 "$limit" "$L" --fix "$T/fx$i/${f##*/}" >/dev/null 2>"$T/$i.ferr"
rc=$?
if [ "$rc" -gt 2 ]; then
    echo "--fix exit status $rc: $(head -c 300 "$T/$i.ferr")" >"$T/$i.fix"
elif ! cmp -s "$T/fx$i/${f##*/}" "$T/$i.patched"; then
    echo "--fix wrote something else than --diff showed" >"$T/$i.fix"
fi
rm -rf "$T/fx$i"
W
export L T VG limit DIFF have_patch
# Batches: "I FILE..." per line of $T/batches (paths without tabs/newlines
# are assumed; the corpus has none).
awk -v b="$BATCH" '{ k = int((NR - 1) / b) + 1; line[k] = line[k] "\t" $0 }
    END { for (k = 1; k in line; k++) print k line[k] }' "$T/files" >"$T/batches"
tr '\t\n' '\0\0' <"$T/batches" | xargs -0 -n "$((BATCH + 1))" -P "$(nproc)" bash "$T/one.sh"

crashes=0
bad=0
diffs=0
: >"$T/list"
while IFS="$(printf '\t')" read -r i f rest; do
    [ -n "$rest" ] && f="$f and $(echo "$rest" | awk -F'\t' '{ print NF }') more"
    rc=$(cat "$T/$i.rc" 2>/dev/null || echo missing)
    case $rc in
    0 | 1) echo "$T/$i.json" >>"$T/list" ;;
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
    if [ "$DIFF" = 1 ]; then
        [ -f "$T/$i.hasdiff" ] && diffs=$((diffs + $(cat "$T/$i.hasdiff")))
        if [ -s "$T/$i.fix" ]; then
            echo "not ok - corpus --diff $f: $(cat "$T/$i.fix")"
            bad=$((bad + 1))
        fi
    fi
done <"$T/batches"
where=""
[ -n "$VG" ] && where=" under valgrind"
[ "$crashes" = 0 ] && echo "ok - corpus: $n templates in $CORPUS linted$where ($BATCH per call), exit status 0 or 1 each"
if [ "$DIFF" = 1 ] && [ "$bad" = 0 ]; then
    what=""
    [ "$BATCH" = 1 ] && what=", the template diffs apply"
    [ "$have_patch" = 0 ] && what=" (patch(1) is not installed: diffs not applied)"
    [ -z "$VG" ] && [ "$have_patch" = 1 ] && what="$what and match --fix"
    echo "ok - corpus: --diff on $n templates$where, no crash, $diffs files changed or created$what"
fi

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
    report = row.rstrip("\n")
    try:
        doc = json.load(open(report, encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"not ok - corpus {report}: JSON report does not parse: {e}")
        bad += 1
        continue
    for fr in doc.get("files", []):
        path = fr["path"]
        data = open(path, "rb").read()
        nlines = data.count(b"\n") + 1
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
