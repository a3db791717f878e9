#!/usr/bin/env bash
# cli_basics.sh - the command line: exit codes, stdin, directory walk,
# template detection, -j determinism, rule selection, fail level, -o,
# escaping of control characters, usage errors.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
expect_rc() { # name want cmd...
    local name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ $rc -eq "$want" ]; then ok "$name"; else no "$name" "exit $rc, want $want: $(head -c 300 "$T/err")"; fi
}

cat >"$T/clean.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
Y
cat >"$T/bad.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Missing
Y
cat >"$T/notatemplate.yaml" <<'Y'
name: ci
on: [push]
Y
printf '{\n  "Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "Nope"}}}}\n}\n' >"$T/bad.json"
mkdir -p "$T/dir/sub" "$T/dir/.hidden" "$T/dir/node_modules"
cp "$T/bad.yaml" "$T/dir/sub/b.yaml"
cp "$T/bad.json" "$T/dir/a.json"
cp "$T/notatemplate.yaml" "$T/dir/workflow.yml"
cp "$T/bad.yaml" "$T/dir/.hidden/x.yaml"
cp "$T/bad.yaml" "$T/dir/node_modules/x.yaml"
echo "not: [valid" >"$T/dir/broken-nontemplate.yaml"
printf 'Resources:\n  A: [\n' >"$T/dir/broken-template.yaml"

expect_rc "exit 0 on a clean template" 0 "$L" "$T/clean.yaml"
expect_rc "exit 1 on findings" 1 "$L" "$T/bad.yaml"
expect_rc "exit 2 on a missing file" 2 "$L" "$T/none.yaml"
expect_rc "exit 2 on an unknown option" 2 "$L" --bogus "$T/clean.yaml"
expect_rc "exit 2 on a bad --format" 2 "$L" --format xml "$T/clean.yaml"
expect_rc "exit 2 on no input" 2 "$L"
expect_rc "exit 2 on --explain of an unknown rule" 2 "$L" --explain SR999
expect_rc "--fail-level error ignores warnings only" 1 "$L" --fail-level error "$T/bad.yaml"
expect_rc "--fail-level none never fails on findings" 0 "$L" --fail-level none "$T/bad.yaml"
expect_rc "--ignore-checks silences a rule" 0 "$L" --ignore-checks SR003 "$T/bad.yaml"
expect_rc "--ignore-checks takes prefixes" 0 "$L" --ignore-checks SR0 "$T/bad.yaml"
expect_rc "--include-checks runs only the named rules" 0 "$L" --include-checks SR1 "$T/bad.yaml"
expect_rc "a named non-template passes" 0 "$L" "$T/notatemplate.yaml"
expect_rc "a named non-template fails with --strict" 2 "$L" --strict "$T/notatemplate.yaml"
expect_rc "a directory given as a file is walked" 1 "$L" "$T/dir"

# stdin
out=$("$L" -f brief - <"$T/bad.yaml")
[ "$out" = "5:23-5:30 SR003 error: 'Missing' is not a resource, parameter or pseudo parameter of this template (in Topic)" ] &&
    ok "standard input" || no "standard input" "got '$out'"
out=$("$L" -q - <"$T/bad.yaml")
case $out in "<stdin>:5:23: error: "*) ok "stdin is named <stdin>" ;; *) no "stdin is named <stdin>" "$out" ;; esac

# directory walk: templates only, sorted, hidden folders and node_modules skipped
out=$("$L" -q "$T/dir" | sed "s|$T/||" | cut -d: -f1 | uniq | tr '\n' ' ')
want="dir/a.json dir/broken-template.yaml dir/sub/b.yaml "
[ "$out" = "$want" ] && ok "walk finds templates in path order" || no "walk finds templates in path order" "got '$out'"

# -j gives the same output as -j 1
for i in $(seq 1 40); do cp "$T/bad.yaml" "$T/dir/sub/c$i.yaml"; done
a=$("$L" -j 1 "$T/dir" | md5sum)
b=$("$L" -j 4 "$T/dir" | md5sum)
[ "$a" = "$b" ] && ok "-j 4 output equals -j 1" || no "-j 4 output equals -j 1" "outputs differ"

# -o writes the report atomically and prints nothing
"$L" -o "$T/report.txt" "$T/bad.yaml" >"$T/stdout"
if [ -s "$T/report.txt" ] && [ ! -s "$T/stdout" ] && grep -q SR003 "$T/report.txt"; then
    ok "-o writes the report to a file"
else
    no "-o writes the report to a file" "report missing or stdout not empty"
fi
ls "$T"/report.txt.tmp.* >/dev/null 2>&1 && no "-o leaves no temporary file" "found one" || ok "-o leaves no temporary file"

# control characters from the template never reach the terminal raw
printf 'Resources:\n  S:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref "Evil\\e[31mX\\x07"\n' >"$T/ctrl.yaml"
"$L" --color never "$T/ctrl.yaml" >"$T/ctrl.out" 2>&1
if grep -q $'\e' "$T/ctrl.out" || grep -q $'\a' "$T/ctrl.out"; then
    no "control characters are escaped in text" "raw control byte in output"
elif grep -qi 'Evil\\x1B\[31mX\\x07' "$T/ctrl.out"; then
    ok "control characters are escaped in text"
else
    no "control characters are escaped in text" "$(cat "$T/ctrl.out")"
fi

# colour: carets only when asked or on a terminal
"$L" --color always "$T/bad.yaml" >"$T/c.out"
grep -q '\^' "$T/c.out" && grep -q $'\e\[' "$T/c.out" && ok "--color always shows caret and colour" ||
    no "--color always shows caret and colour" "$(head -3 "$T/c.out")"
"$L" "$T/bad.yaml" >"$T/nc.out"
grep -q $'\e' "$T/nc.out" && no "no colour when piped" "escape found" || ok "no colour when piped"

# version and help
"$L" --version | grep -qE '^secrot-lint [0-9]+\.[0-9]+' && ok "--version" || no "--version" "bad output"
"$L" --help | grep -q -- '--fail-level' && ok "--help lists options" || no "--help lists options" "missing"
