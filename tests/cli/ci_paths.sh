#!/usr/bin/env bash
# ci_paths.sh - which files a run lints: --exclude and the policy's
# exclude: on walks and named files, counted in the summary; --shard K/N
# partitions the files, and the three shards' SARIF merged with the command
# of docs/ci.md equals one unsharded run; the progress line of long lints
# shows on a terminal only (not in pipes, not with CI=true).
set -u
ROOT=$(pwd)
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

R=$T/repo
mkdir -p "$R/.git" "$R/infra/legacy/old" "$R/cdk.out" "$R/app"
tpl() { printf 'Resources:\n  Topic%s:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing%s\n' "$2" "$2" >"$1"; }
tpl "$R/infra/a.yaml" A
tpl "$R/infra/legacy/b.yaml" B
tpl "$R/infra/legacy/old/c.yaml" C
tpl "$R/cdk.out/stack.template.json" D
tpl "$R/app/e.yaml" E
tpl "$R/app/f.json" F
cd "$R" || exit 1
files() { grep -oE '^[^:]+' | sort -u | tr '\n' ' '; }

out=$("$L" --exclude cdk.out --exclude 'infra/legacy/**' . 2>&1)
got=$(grep -v 'files\?\b' <<<"$out" | files)
if [ "$got" = "./app/e.yaml ./app/f.json ./infra/a.yaml " ] && grep -q '; 3 files excluded$' <<<"$out"; then
    ok "--exclude: a folder name and a path glob leave files out of a walk, counted in the summary"
else
    no "--exclude on a walk" "$got / $(tail -n 1 <<<"$out")"
fi
out=$("$L" --exclude '*.json' app/f.json app/e.yaml 2>&1)
if [ "$(files <<<"$(grep SR <<<"$out")")" = "app/e.yaml " ] && grep -q '; 1 file excluded$' <<<"$out"; then
    ok "--exclude applies to named files"
else
    no "--exclude on named files" "$out"
fi
printf 'exclude:\n  - legacy\n  - a.yaml\n' >"$R/infra/.secrot-lint.yaml"
printf 'exclude:\n  - app/e.yaml\n' >"$R/.secrot-lint.yaml"
out=$("$L" . 2>&1)
got=$(grep SR <<<"$out" | files)
# infra/ has its own policy (legacy, a.yaml); the root policy covers app/ and cdk.out/.
if [ "$got" = "./app/f.json ./cdk.out/stack.template.json " ] && grep -q '; 4 files excluded$' <<<"$out"; then
    ok "exclude: in the policy, patterns relative to the policy file's folder"
else
    no "policy exclude" "$got / $(tail -n 1 <<<"$out")"
fi
rm "$R/infra/.secrot-lint.yaml" "$R/.secrot-lint.yaml"
printf 'exclude: [1]\n' >"$R/.secrot-lint.yaml"
out=$("$L" . 2>&1)
if [ $? = 2 ] && grep -q 'exclude' <<<"$out"; then ok "a policy exclude that is not a list of globs is an error"; else no "bad policy exclude" "$out"; fi
rm "$R/.secrot-lint.yaml"

# Shards: 3 shards partition the files; run from a subfolder, a file stays in
# its shard (paths relative to the source root).
for k in 1 2 3; do
    "$L" --shard $k/3 -q . >"$T/shard$k" 2>&1
    "$L" --shard $k/3 -f sarif -o "$T/shard-$k.sarif" . 2>/dev/null
    "$L" --shard $k/3 . | tail -n 1 >"$T/sum$k"
done
"$L" -q . >"$T/all" 2>&1
"$L" -f sarif -o "$T/all.sarif" . 2>/dev/null
union=$(cat "$T/shard1" "$T/shard2" "$T/shard3" | sort)
nonempty=0
for k in 1 2 3; do [ -s "$T/shard$k" ] && nonempty=$((nonempty + 1)); done
dups=$(cat "$T"/shard[123] | files | tr ' ' '\n' | sort | uniq -d)
if [ "$union" = "$(sort "$T/all")" ] && [ $nonempty -ge 2 ] && [ -z "$dups" ]; then
    ok "--shard K/N: the shards partition the files ($nonempty of 3 non-empty)"
else
    no "--shard partition" "union differs from the whole run, or a file in two shards: $dups"
fi
if grep -q '; shard 2 of 3 ([0-9]* files\? in other shards)$' "$T/sum2"; then ok "the summary names the shard"; else no "shard summary" "$(cat "$T/sum2")"; fi
sub=$(cd app && "$L" --shard 1/3 -q e.yaml f.json | files)
want=$(grep -oE '^\./app/[^:]+' "$T/shard1" | sed 's|^\./app/||' | sort -u | tr '\n' ' ')
if [ "$sub" = "$want" ]; then ok "a file keeps its shard when linted from a subfolder"; else no "shard from a subfolder" "'$sub' vs '$want'"; fi

# The merge command of docs/ci.md.
merge=$(sed -n '/^# merge-shards$/{n;p;}' "$ROOT/docs/ci.md")
if [ -z "$merge" ]; then
    no "shard merge" "no '# merge-shards' command in docs/ci.md"
elif ! command -v jq >/dev/null 2>&1; then
    skip "three shards' SARIF merge into one run" "jq not installed"
else
    (cd "$T" && eval "$merge")
    msg=$(python3 - "$T/secrot-lint.sarif" "$T/all.sarif" 2>&1 <<'P'
import json, sys
m, a = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def key(r):
    l = r["locations"][0]["physicalLocation"]
    return (l["artifactLocation"]["uri"], l["region"]["startLine"], l["region"]["startColumn"], r["ruleId"])
errs = []
if len(m["runs"]) != 1: errs.append("%d runs" % len(m["runs"]))
mr, ar = m["runs"][0], a["runs"][0]
if mr["tool"] != ar["tool"]: errs.append("tool differs")
if mr.get("originalUriBaseIds") != ar.get("originalUriBaseIds"): errs.append("bases differ")
if sorted(mr["results"], key=key) != sorted(ar["results"], key=key): errs.append("results differ")
if len(mr["invocations"]) != 3: errs.append("%d invocations" % len(mr["invocations"]))
if not ar["results"]: errs.append("no results")
print("; ".join(errs))
P
)
    if [ -z "$msg" ]; then ok "three shards' SARIF merged as docs/ci.md says equal one unsharded run"; else no "shard merge" "$msg"; fi
fi
out=$("$L" --shard 4/3 . 2>&1)
if [ $? = 2 ] && grep -q 'K/N' <<<"$out"; then ok "--shard 4/3 is a usage error"; else no "bad --shard" "$out"; fi

# Progress: more than a few hundred files on a terminal.
mkdir -p "$R/many"
for i in $(seq 1 320); do printf 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n' >"$R/many/t$i.yaml"; done
if ! command -v script >/dev/null 2>&1; then
    skip "progress line on a terminal" "script (util-linux) not installed"
else
    env -u CI script -qec "$L many" /dev/null >"$T/tty" 2>&1
    CI=true script -qec "$L many" /dev/null >"$T/tty-ci" 2>&1
    if grep -q 'linted [0-9]* of 320 files' "$T/tty" && grep -q 'no findings in 320 files' "$T/tty"; then
        ok "a lint of 320 files on a terminal shows a progress line"
    else
        no "progress on a terminal" "$(cat -v "$T/tty" | tail -c 300)"
    fi
    if ! grep -q 'linted' "$T/tty-ci"; then ok "no progress line with CI=true"; else no "progress with CI=true" "$(cat -v "$T/tty-ci" | head -c 200)"; fi
fi
env -u CI "$L" many >"$T/pipe" 2>&1
if ! grep -q 'linted' "$T/pipe" && ! grep -q $'\r' "$T/pipe"; then ok "no progress line when stderr is not a terminal"; else no "progress in a pipe" "$(cat -v "$T/pipe" | head -c 200)"; fi
