#!/usr/bin/env bash
# fault_fix.sh - `--fix` under faults never loses a byte.
#
# Write failures injected with tools/faultshim.c (LD_PRELOAD): a full disk at
# once and in the middle of the file, fsync and close errors, a rename that
# fails, a read-only file system; a full tmpfs where mounting is allowed; a
# read-only folder and an unreadable file as an unprivileged user (setpriv);
# the file edited between read and write; a symlink; two --fix at once. In
# every case the file holds either its original bytes or the complete fixed
# text (never a mixture, never empty) and no temporary file is left behind.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
mounted=""
cleanup() {
    [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"

ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

# A template with one simple fix (SR311: the secret of a database that
# outlives the stack), a comment and a missing final
# newline that the fix must keep.
cat >"$T/orig.yaml" <<'Y'
AWSTemplateFormatVersion: "2010-09-09"
# comment that must survive
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: partner API key   # trailing comment
      GenerateSecretString:
        PasswordLength: 40
  Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
  Attach:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref ApiKey
      TargetId: !Ref Db
      TargetType: AWS::RDS::DBInstance
Y
FIX=(--fix --include-checks SR311)

# The reference: what a fix without faults writes.
mkdir "$T/ref"
cp "$T/orig.yaml" "$T/ref/t.yaml"
"$L" "${FIX[@]}" "$T/ref/t.yaml" >"$T/ref.out" 2>&1
rc=$?
if [ "$rc" -gt 1 ] || cmp -s "$T/orig.yaml" "$T/ref/t.yaml"; then
    no "reference fix" "exit $rc, file $(cmp -s "$T/orig.yaml" "$T/ref/t.yaml" && echo unchanged || echo changed): $(head -c 300 "$T/ref.out")"
    exit 0
fi
if ! grep -q '# comment that must survive' "$T/ref/t.yaml" || ! grep -q 'DeletionPolicy: Retain' "$T/ref/t.yaml"; then
    no "reference fix" "the fixed file lost the comment or lacks the fix"
fi
cp "$T/ref/t.yaml" "$T/fixed.yaml"

# outcome NAME FILE WANT : FILE is the original or the fixed text (WANT:
# orig, fixed or either) and its folder holds no temporary file.
outcome() {
    local name=$1 f=$2 want=$3 state
    if cmp -s "$f" "$T/orig.yaml"; then
        state=orig
    elif cmp -s "$f" "$T/fixed.yaml"; then
        state=fixed
    elif [ ! -s "$f" ]; then
        state="EMPTY"
    else
        state="MIXED ($(wc -c <"$f") bytes)"
    fi
    local left
    left=$(find "$(dirname "$f")" -maxdepth 1 -name '.*secrot*' -o -maxdepth 1 -name '*.tmp' | head -n 3)
    if [ -n "$left" ]; then
        no "$name" "temporary file left: $left"
    elif [ "$want" = either ] && { [ "$state" = orig ] || [ "$state" = fixed ]; }; then
        return 0
    elif [ "$state" != "$want" ]; then
        no "$name" "file is $state, want $want"
    else
        return 0
    fi
    return 1
}

# ---- injected write failures ---------------------------------------------
shim=$T/faultshim.so
if ! ${CC:-cc} -shared -fPIC -O2 tools/faultshim.c -o "$shim" -ldl 2>"$T/shim.err"; then
    echo "skip - injected faults: tools/faultshim.c does not build: $(head -c 200 "$T/shim.err")"
    shim=""
fi

# inject NAME FAULT WANT_MESSAGE : --fix under SR_FAULT=FAULT must exit 2
# naming the problem, leave the original, and the fault must have happened.
inject() {
    local name=$1 fault=$2 msg=$3 d=$T/inj-$1
    mkdir -p "$d"
    cp "$T/orig.yaml" "$d/t.yaml"
    rm -f "$T/fault.log"
    SR_FAULT=$fault SR_FAULT_PATH=$d/ SR_FAULT_LOG=$T/fault.log LD_PRELOAD=$shim \
        "$L" "${FIX[@]}" "$d/t.yaml" >"$T/out" 2>&1
    local rc=$?
    if [ ! -s "$T/fault.log" ]; then
        no "$name" "the fault $fault was never injected (exit $rc)"
        return
    fi
    if [ "$rc" != 2 ]; then
        no "$name" "exit status $rc, want 2: $(head -c 300 "$T/out")"
        return
    fi
    if ! grep -qi "$msg" "$T/out"; then
        no "$name" "no message saying '$msg': $(head -c 300 "$T/out")"
        return
    fi
    local line
    line=$(grep -m 1 -i "$msg" "$T/out")
    outcome "$name" "$d/t.yaml" orig && ok "$name: original kept, exit 2 (${line##*: })"
}

if [ -n "$shim" ]; then
    inject "disk full at the first write" write:ENOSPC "no space left"
    inject "disk full after 100 bytes" write:ENOSPC@100 "no space left"
    inject "quota exceeded in the middle" write:EDQUOT@200 "quota"
    inject "fsync fails" fsync:EIO "input/output error"
    inject "close reports a deferred error" close:EIO "input/output error"
    inject "rename fails" rename:EXDEV "cross-device"
    inject "read-only file system" mkstemp:EROFS "read-only file system"
    inject "mode cannot be kept" fchmod:EPERM "not permitted"
fi

# ---- a real full disk: a small tmpfs ----------------------------------------
mkdir "$T/tmpfs"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$T/tmpfs" 2>/dev/null; then
    mounted=$T/tmpfs
    cp "$T/orig.yaml" "$T/tmpfs/t.yaml"
    # Fill it, then free less than the fixed file needs.
    dd if=/dev/zero of="$T/tmpfs/fill" bs=1k count=128 2>/dev/null
    truncate -s -100 "$T/tmpfs/fill" 2>/dev/null
    "$L" "${FIX[@]}" "$T/tmpfs/t.yaml" >"$T/out" 2>&1
    rc=$?
    if [ "$rc" != 2 ]; then
        no "full tmpfs" "exit status $rc, want 2: $(head -c 300 "$T/out")"
    elif outcome "full tmpfs" "$T/tmpfs/t.yaml" orig; then
        ok "full tmpfs: original kept, exit 2, $(grep -m 1 -i 'not written' "$T/out")"
    fi
    umount "$T/tmpfs" && mounted=""
else
    echo "skip - full tmpfs: mounting a tmpfs is not permitted here (the injected ENOSPC cases cover a full disk)"
fi

# ---- permissions, as an unprivileged user ----------------------------------
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
    echo "skip - read-only folder: needs root and setpriv (util-linux) to drop privileges"
elif ! "${NOBODY[@]}" test -x "$L"; then
    echo "skip - read-only folder: $L is not reachable by an unprivileged user"
else
    # The file is writable by the user, its folder is not: no temporary file
    # can be made beside it.
    mkdir "$T/ro"
    cp "$T/orig.yaml" "$T/ro/t.yaml"
    chown 65534:65534 "$T/ro/t.yaml"
    chmod 755 "$T/ro"
    "${NOBODY[@]}" "$L" "${FIX[@]}" "$T/ro/t.yaml" >"$T/out" 2>&1
    rc=$?
    if [ "$rc" != 2 ]; then
        no "read-only folder" "exit status $rc, want 2: $(head -c 300 "$T/out")"
    elif ! grep -qi 'permission denied' "$T/out"; then
        no "read-only folder" "no message saying why: $(head -c 300 "$T/out")"
    elif outcome "read-only folder" "$T/ro/t.yaml" orig; then
        ok "read-only folder: original kept, exit 2, $(grep -m 1 -i 'permission denied' "$T/out")"
    fi
    # A file the user cannot read.
    mkdir "$T/unreadable"
    chown 65534:65534 "$T/unreadable"
    cp "$T/orig.yaml" "$T/unreadable/t.yaml"
    chmod 000 "$T/unreadable/t.yaml"
    "${NOBODY[@]}" "$L" "${FIX[@]}" "$T/unreadable/t.yaml" >"$T/out" 2>&1
    rc=$?
    chmod 644 "$T/unreadable/t.yaml"
    if [ "$rc" != 2 ]; then
        no "unreadable file" "exit status $rc, want 2: $(head -c 300 "$T/out")"
    elif outcome "unreadable file" "$T/unreadable/t.yaml" orig; then
        ok "unreadable file: untouched, exit 2"
    fi
fi

# ---- the file changes between read and write -----------------------------
mkdir "$T/race"
cp "$T/orig.yaml" "$T/race/t.yaml"
SECROT_LINT_TEST_PAUSE_MS=1500 "$L" "${FIX[@]}" "$T/race/t.yaml" >"$T/out" 2>&1 &
pid=$!
sleep 0.5
printf '# edited meanwhile\n' >>"$T/race/t.yaml"
wait "$pid"
rc=$?
cat "$T/orig.yaml" >"$T/edited.yaml"
printf '# edited meanwhile\n' >>"$T/edited.yaml"
if cmp -s "$T/race/t.yaml" "$T/edited.yaml"; then
    if [ "$rc" = 0 ]; then
        no "file changed during the fix" "the edit was kept but the exit status is 0"
    elif [ -n "$(find "$T/race" -name '.*secrot*')" ]; then
        no "file changed during the fix" "temporary file left"
    else
        ok "file changed during the fix: nothing written, the edit kept, exit $rc, $(grep -m 1 -i 'chang' "$T/out")"
    fi
else
    no "file changed during the fix" "the edit made meanwhile is lost or mixed: $(head -c 300 "$T/out")"
fi

# ---- a symlink: written through to its target, the link stays -------------
mkdir -p "$T/link/real"
cp "$T/orig.yaml" "$T/link/real/t.yaml"
chmod 640 "$T/link/real/t.yaml"
ln -s real/t.yaml "$T/link/l.yaml"
"$L" "${FIX[@]}" "$T/link/l.yaml" >"$T/out" 2>&1
rc=$?
if [ "$rc" -gt 1 ]; then
    no "symlink" "exit status $rc: $(head -c 300 "$T/out")"
elif [ ! -L "$T/link/l.yaml" ]; then
    no "symlink" "the link was replaced by a file"
elif [ "$(stat -c %a "$T/link/real/t.yaml")" != 640 ]; then
    no "symlink" "the target's mode changed to $(stat -c %a "$T/link/real/t.yaml")"
elif outcome "symlink" "$T/link/real/t.yaml" fixed && outcome "symlink (link folder)" "$T/link/l.yaml" fixed; then
    ok "symlink: target fixed, link and mode kept"
fi

# ---- two --fix at once on the same file (pre-commit runs hooks in parallel)
mkdir "$T/two"
for round in 1 2 3; do
    cp "$T/orig.yaml" "$T/two/t.yaml"
    SECROT_LINT_TEST_PAUSE_MS=300 "$L" "${FIX[@]}" "$T/two/t.yaml" >"$T/out1" 2>&1 &
    p1=$!
    SECROT_LINT_TEST_PAUSE_MS=300 "$L" "${FIX[@]}" "$T/two/t.yaml" >"$T/out2" 2>&1 &
    p2=$!
    wait "$p1"
    r1=$?
    wait "$p2"
    r2=$?
    if [ "$r1" -gt 2 ] || [ "$r2" -gt 2 ]; then
        no "two --fix at once (round $round)" "exit status $r1 and $r2"
        break
    fi
    outcome "two --fix at once (round $round)" "$T/two/t.yaml" fixed || break
    [ "$round" = 3 ] && ok "two --fix at once: the complete fixed file each time (exit $r1 and $r2 in the last round)"
done
# And a second fix changes nothing.
"$L" "${FIX[@]}" "$T/two/t.yaml" >"$T/out" 2>&1
if cmp -s "$T/two/t.yaml" "$T/fixed.yaml"; then ok "a second --fix changes nothing"; else no "a second --fix changes nothing" "the file changed again"; fi
