#!/usr/bin/env bash
# hostile_input.sh - hostile and broken input ends in a clear message and
# exit status 1 or 2, never a crash, a hang or a memory blow-up.
#
# Each input is made at test time by tests/hostile/gen.sh in a temporary
# folder (never committed) and linted under `ulimit -v` (128 MiB + 16x the
# file) and `timeout`. Under SR_SANITIZER=1 the memory bound is left out
# (the sanitizers reserve terabytes of address space), the time bound is
# longer and exit status 99 (a sanitizer report) fails the case.
set -u
L=${SECROT_LINT:-build/secrot-lint}
G=tests/hostile/gen.sh
T=$(mktemp -d)
writer=""
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T" # the unprivileged case must reach its file

SAN=${SR_SANITIZER:-0}
SECS=60
[ "$SAN" = 1 ] && SECS=600

ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

# bounded MEM_MIB SECONDS CMD... : runs CMD with the bounds; sets RC; stdout
# in $T/out, stderr in $T/err.
bounded() {
    local mem=$1 secs=$2
    shift 2
    if [ "$SAN" = 1 ]; then
        timeout -k 5 "$secs" "$@" >"$T/out" 2>"$T/err"
    else
        (
            ulimit -v $((mem * 1024))
            exec timeout -k 5 "$secs" "$@"
        ) >"$T/out" 2>"$T/err"
    fi
    RC=$?
}

# Explains an exit status that is never acceptable; empty when it is fine.
abnormal() { # rc mem secs
    case $1 in
    99) echo "sanitizer report: $(grep -m 1 -E 'ERROR|runtime error' "$T/err")" ;;
    124 | 137) echo "no result within $3 s" ;;
    0 | 1 | 2)
        if grep -qi 'out of memory' "$T/err"; then
            echo "ran out of memory under a bound of $2 MiB"
        fi
        ;;
    *) echo "exit status $1 (crash?): $(head -c 200 "$T/err")" ;;
    esac
}

# Memory bound for a file: 128 MiB plus 16 times its size.
mem_for() { echo $((128 + 16 * $(wc -c <"$1") / 1048576)); }

lines_of() { awk 'END { print NR + 1 }' "$1"; }

# rejected KIND [LINE:COL] : the file is refused with SR001 at a position
# inside it (exactly LINE:COL when given), exit status 1.
rejected() {
    local kind=$1 want=${2:-} f=$T/$1.yaml
    sh "$G" "$kind" "$f" >/dev/null || { no "$kind" "generator failed"; return; }
    local mem
    mem=$(mem_for "$f")
    bounded "$mem" "$SECS" "$L" --color never "$f"
    local why
    why=$(abnormal "$RC" "$mem" "$SECS")
    if [ -n "$why" ]; then no "$kind" "$why"; return; fi
    if [ "$RC" != 1 ]; then no "$kind" "exit status $RC, want 1 (SR001): $(head -c 200 "$T/out" "$T/err")"; return; fi
    local msg pos
    msg=$(grep -m 1 -F "$f:" "$T/out" | grep -F '[SR001]')
    pos=$(printf '%s\n' "$msg" | sed -n "s|^$f:\\([0-9]*:[0-9]*\\): error: .*|\\1|p")
    if [ -z "$pos" ]; then no "$kind" "no 'file:line:col: error: ... [SR001]' message: $(head -c 200 "$T/out")"; return; fi
    if [ -n "$want" ] && [ "$pos" != "$want" ]; then no "$kind" "SR001 at $pos, want $want"; return; fi
    local line=${pos%:*} col=${pos#*:}
    if [ "$line" -lt 1 ] || [ "$line" -gt "$(lines_of "$f")" ] || [ "$col" -lt 1 ]; then
        no "$kind" "position $pos is outside the file"
        return
    fi
    ok "$kind: SR001 at $pos (${msg#*: error: })"
}

# loads KIND : a big but valid template is linted within the bounds and its
# one planted finding (SR003) is reported at the position gen.sh printed.
loads() {
    local kind=$1 f=$T/$1.yaml want
    want=$(sh "$G" "$kind" "$f") || { no "$kind" "generator failed"; return; }
    local mem
    mem=$(mem_for "$f")
    local t0 t1
    t0=$(date +%s%N)
    bounded "$mem" "$SECS" "$L" --format brief "$f"
    t1=$(date +%s%N)
    local why
    why=$(abnormal "$RC" "$mem" "$SECS")
    if [ -n "$why" ]; then no "$kind" "$why"; return; fi
    if [ "$RC" != 1 ]; then no "$kind" "exit status $RC, want 1: $(head -c 200 "$T/out" "$T/err")"; return; fi
    if ! grep -q "^$want-[0-9]*:[0-9]* SR003 error: " "$T/out"; then
        no "$kind" "no SR003 at $want; got: $(head -c 200 "$T/out")"
        return
    fi
    ok "$kind ($(($(wc -c <"$f") / 1024)) KiB): SR003 at $want in $(((t1 - t0) / 1000000)) ms under $mem MiB"
    rm -f "$f"
}

# 1. Aliases.
rejected alias-bomb
rejected alias-wide
rejected alias-merge
rejected alias-self 5:13
rejected alias-undefined 4:15
# 2. Nesting 10,000 deep.
rejected deep-flow
rejected deep-block
rejected deep-json
# 3. Bytes that are not UTF-8 text.
rejected nul 5:15
rejected nul-only 1:1
rejected bad-utf8 5:16
rejected utf16le 1:1
rejected utf16be 1:1
# 4. Size.
loads big
loads many
loads long-line
loads long-line-json

# 5. Over the size limit: refused with a message naming the file and the limit.
f=$T/too-big.yaml
sh "$G" too-big "$f"
bounded 256 "$SECS" "$L" --color never "$f"
why=$(abnormal "$RC" 256 "$SECS")
if [ -n "$why" ]; then
    no "too-big" "$why"
elif [ "$RC" != 1 ] && [ "$RC" != 2 ]; then
    no "too-big" "exit status $RC, want 1 or 2"
elif ! grep -q "too-big.yaml.*limit" "$T/out" "$T/err"; then
    no "too-big" "no message naming the file and the limit: $(head -c 200 "$T/out" "$T/err")"
else
    ok "too-big ($(($(wc -c <"$f") / 1048576)) MiB): exit $RC, $(grep -h -m 1 limit "$T/err" "$T/out" | head -n 1)"
fi
rm -f "$f"

# 5b. Endless standard input: reading stops at the size limit.
for src in zero yes; do
    if [ "$src" = zero ]; then
        bounded 320 "$SECS" "$L" - </dev/zero
    else
        yes 'Resources: {}' | bounded 320 "$SECS" "$L" -
    fi
    why=$(abnormal "$RC" 320 "$SECS")
    if [ -n "$why" ]; then
        no "endless stdin ($src)" "$why"
    elif [ "$RC" != 1 ] && [ "$RC" != 2 ]; then
        no "endless stdin ($src)" "exit status $RC, want 1 or 2"
    elif ! grep -q "stdin.*limit" "$T/out" "$T/err"; then
        no "endless stdin ($src)" "no message naming stdin and the limit: $(head -c 200 "$T/out" "$T/err")"
    else
        ok "endless stdin ($src): stopped at the limit, exit $RC"
    fi
done

# 6. Empty file: not a template; skipped with a note, an error with --strict.
f=$T/empty.yaml
sh "$G" empty "$f"
bounded 128 "$SECS" "$L" "$f"
why=$(abnormal "$RC" 128 "$SECS")
if [ -n "$why" ]; then no "empty" "$why"; elif [ "$RC" != 0 ]; then no "empty" "exit status $RC, want 0 (not a template, skipped)"; else ok "empty: skipped"; fi
bounded 128 "$SECS" "$L" --strict "$f"
if [ "$RC" != 1 ] && [ "$RC" != 2 ]; then
    no "empty --strict" "exit status $RC, want 1 or 2"
elif ! grep -q "empty.yaml" "$T/out" "$T/err"; then
    no "empty --strict" "no message naming the file"
else
    ok "empty --strict: exit $RC, $(grep -h -m 1 empty.yaml "$T/err" "$T/out" | head -n 1)"
fi

# 7. Directories where files are expected.
mkdir -p "$T/d/t.yaml" "$T/outdir"
printf 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n' >"$T/d/t.yaml/inner.yaml"
bounded 128 "$SECS" "$L" --format brief "$T/d"
why=$(abnormal "$RC" 128 "$SECS")
if [ -n "$why" ]; then
    no "directory named t.yaml in a walk" "$why"
elif [ "$RC" = 1 ] && grep -q '5:23-5:30 SR003' "$T/out"; then
    ok "directory named t.yaml in a walk: walked, not read as a file"
else
    no "directory named t.yaml in a walk" "exit $RC, want 1 with SR003 of the file inside: $(head -c 200 "$T/out" "$T/err")"
fi
for opt in -o -c; do
    bounded 128 "$SECS" "$L" "$opt" "$T/outdir" "$T/d/t.yaml/inner.yaml"
    why=$(abnormal "$RC" 128 "$SECS")
    if [ -n "$why" ]; then
        no "directory for $opt" "$why"
    elif [ "$RC" = 2 ] && grep -q 'outdir' "$T/err" "$T/out"; then
        ok "directory for $opt: exit 2, $(grep -h -m 1 outdir "$T/err" "$T/out" | head -n 1)"
    elif [ "$RC" = 2 ] && [ -s "$T/err" ]; then
        ok "directory for $opt: exit 2, $(head -n 1 "$T/err")"
    else
        no "directory for $opt" "exit $RC, want 2 with a message: $(head -c 200 "$T/err")"
    fi
done

# 8. FIFOs: named without a writer, with a writer, and met in a walk. None
# may hang.
mkfifo "$T/fifo.yaml"
bounded 128 10 "$L" "$T/fifo.yaml"
why=$(abnormal "$RC" 128 10)
if [ -n "$why" ]; then
    no "fifo without a writer" "$why"
elif [ "$RC" != 1 ] && [ "$RC" != 2 ]; then
    no "fifo without a writer" "exit status $RC, want 1 or 2"
elif ! grep -q 'fifo.yaml' "$T/err" "$T/out"; then
    no "fifo without a writer" "no message naming it"
else
    ok "fifo without a writer: exit $RC, $(grep -h -m 1 fifo.yaml "$T/err" "$T/out" | head -n 1)"
fi
# shellcheck disable=SC2016 # $1 is expanded by the inner shell
timeout 10 sh -c 'printf "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: !Ref Missing}\n" >"$1"' sh "$T/fifo.yaml" &
writer=$!
bounded 128 10 "$L" "$T/fifo.yaml"
why=$(abnormal "$RC" 128 10)
if [ -n "$why" ]; then
    no "fifo with a writer" "$why"
elif [ "$RC" != 1 ] && [ "$RC" != 2 ]; then
    no "fifo with a writer" "exit status $RC, want 1 (read) or 2 (refused)"
else
    ok "fifo with a writer: exit $RC"
fi
# Unblock a writer the linter did not read from, then reap it.
timeout 2 cat "$T/fifo.yaml" >/dev/null 2>&1
wait "$writer" 2>/dev/null
writer=""
mkdir "$T/walk"
mkfifo "$T/walk/pipe.yaml"
bounded 128 10 "$L" "$T/walk"
why=$(abnormal "$RC" 128 10)
if [ -n "$why" ]; then no "fifo in a walk" "$why"; elif [ "$RC" != 0 ]; then no "fifo in a walk" "exit status $RC, want 0 (skipped)"; else ok "fifo in a walk: skipped"; fi

# 9. A file without read permission, as an unprivileged user (root reads
# everything).
f=$T/noperm.yaml
printf 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n' >"$f"
chmod 000 "$f"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
    echo "skip - unreadable file: needs root and setpriv (util-linux) to drop privileges"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$L"; then
    echo "skip - unreadable file: $L is not reachable by an unprivileged user"
else
    bounded 128 "$SECS" setpriv --reuid=65534 --regid=65534 --clear-groups "$L" "$f"
    why=$(abnormal "$RC" 128 "$SECS")
    if [ -n "$why" ]; then
        no "unreadable file" "$why"
    elif [ "$RC" != 2 ]; then
        no "unreadable file" "exit status $RC, want 2"
    elif ! grep -q "noperm.yaml.*ermission denied" "$T/err" "$T/out"; then
        no "unreadable file" "no message naming the file and the reason: $(head -c 200 "$T/err")"
    else
        ok "unreadable file: exit 2, $(grep -h -m 1 noperm.yaml "$T/err" "$T/out" | head -n 1)"
    fi
fi
