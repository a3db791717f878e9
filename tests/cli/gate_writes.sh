#!/usr/bin/env bash
# gate_writes.sh - --fix and -o on a template from someone who wants them
# to write elsewhere: a logical id that is a path, a symlinked rotation/
# folder, symlinked templates in a walk and on the command line, handler
# writes that fail, a planted report temporary file, -o naming an input, a
# read-only template, a template whose owner cannot be kept, and a GetAtt
# name cut at a dot. In every case nothing is written outside the tree,
# the template and its handler are one unit, and the summary says what
# happened.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
ROOT=$(pwd)
T=$(mktemp -d)
cleanup() {
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
chmod 755 "$T"
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

# Files below $1 other than the ones listed after it (names relative to $1).
extra_files() {
    local dir=$1
    shift
    (cd "$dir" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) |
        grep -vxF -f <(printf '%s\n' "$@") || true
}

# A secret SR101 scaffolds a rotation function for (with its handler).
secret_yaml() { # ID
    cat <<Y
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  $1:
    Type: AWS::SecretsManager::Secret
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      Description: partner API key
      GenerateSecretString:
        PasswordLength: 40
Y
}

# The same secret with a database that outlives the stack and takes its
# password from it: SR311 has a fix to write (the Retain policies, deleted
# by the caller).
kept_secret_yaml() { # ID
    secret_yaml "$1"
    cat <<Y
  $1Db:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
  $1Attach:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref $1
      TargetId: !Ref $1Db
      TargetType: AWS::RDS::DBInstance
Y
}

# ---- 1. a logical id that is a path ---------------------------------------
# The JSON id "../../outside/ESC" with a rotation/ folder present (an
# attacker can commit one) led the handler to ../../outside/ESC/.
mkdir -p "$T/p1/repo/a/b/rotation" "$T/p1/repo/outside"
cat >"$T/p1/repo/a/b/t.json" <<'J'
{"AWSTemplateFormatVersion": "2010-09-09",
 "Resources": {"../../outside/ESC": {"Type": "AWS::SecretsManager::Secret",
   "Properties": {"GenerateSecretString": {"PasswordLength": 40}}}}}
J
touch "$T/p1/repo/a/b/rotation/README"
cp "$T/p1/repo/a/b/t.json" "$T/p1/orig.json"
(cd "$T/p1/repo/a/b" && "$L" --fix t.json >"$T/p1/out" 2>&1)
rc=$?
left=$(extra_files "$T/p1/repo" a/b/t.json a/b/rotation/README)
if [ -n "$left" ]; then
    no "logical id ../../outside/ESC" "--fix wrote: $left"
elif ! cmp -s "$T/p1/repo/a/b/t.json" "$T/p1/orig.json"; then
    no "logical id ../../outside/ESC" "the template was changed"
elif [ "$rc" != 1 ] || ! grep -q "not fixed SR101 in ../../outside/ESC: logical id '../../outside/ESC' is not alphanumeric (SR008)" "$T/p1/out"; then
    no "logical id ../../outside/ESC" "exit $rc, no refusal naming SR008: $(head -c 400 "$T/p1/out")"
elif grep -q "created" "$T/p1/out"; then
    no "logical id ../../outside/ESC" "the summary says created: $(grep created "$T/p1/out")"
else
    ok "logical id ../../outside/ESC: nothing written anywhere, SR008 reported, the fix refused with the reason"
fi

# The same in YAML, with an id that would break out of the Python docstring.
mkdir -p "$T/p1y"
cat >"$T/p1y/t.yaml" <<'Y'
Resources:
  "X\"\"\"\nimport os; os.system('touch /tmp/pwned')\n\"\"\"":
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: {PasswordLength: 40}
  rotation/../../up:
    Type: AWS::SecretsManager::Secret
Y
cp "$T/p1y/t.yaml" "$T/p1y/orig.yaml"
(cd "$T/p1y" && "$L" --fix t.yaml >"$T/p1y/out" 2>&1)
rc=$?
left=$(extra_files "$T/p1y" t.yaml orig.yaml out)
if [ -n "$left" ] || ! cmp -s "$T/p1y/t.yaml" "$T/p1y/orig.yaml" || [ -e "$T/up" ]; then
    no "YAML ids with quotes, line breaks and a path" "files: $left; template changed: $(cmp -s "$T/p1y/t.yaml" "$T/p1y/orig.yaml" || echo yes)"
elif [ "$(grep -c 'SR008' "$T/p1y/out")" -lt 2 ]; then
    no "YAML ids with quotes, line breaks and a path" "SR008 not reported for both: $(head -c 400 "$T/p1y/out")"
else
    ok "YAML ids with quotes, line breaks and a path: no handler, no code, SR008 twice"
fi

# ---- 2. symlinks -----------------------------------------------------------
# A symlinked rotation/ folder leading out of the repository.
mkdir -p "$T/p2/repo" "$T/p2/outside"
git init -q "$T/p2/repo" 2>/dev/null || mkdir -p "$T/p2/repo/.git"
secret_yaml ApiKey >"$T/p2/repo/t.yaml"
cp "$T/p2/repo/t.yaml" "$T/p2/orig.yaml"
ln -s ../outside "$T/p2/repo/rotation"
(cd "$T/p2/repo" && "$L" --fix --unsafe-fixes --include-checks SR101 t.yaml >"$T/p2/out" 2>&1)
rc=$?
if [ -n "$(ls -A "$T/p2/outside")" ]; then
    no "symlinked rotation/ folder" "--fix wrote outside: $(ls -A "$T/p2/outside")"
elif ! cmp -s "$T/p2/repo/t.yaml" "$T/p2/orig.yaml"; then
    no "symlinked rotation/ folder" "the template was rewritten without its handler"
elif [ "$rc" != 2 ] || ! grep -q "'./rotation' is a symbolic link: not followed" "$T/p2/out"; then
    no "symlinked rotation/ folder" "exit $rc, no reason given: $(head -c 400 "$T/p2/out")"
elif grep -q "created" "$T/p2/out"; then
    no "symlinked rotation/ folder" "the summary says created"
else
    ok "symlinked rotation/ folder: nothing written outside, template untouched, exit 2 ($(grep -m 1 'symbolic link' "$T/p2/out" | cut -c1-90)...)"
fi
# --diff says the same before anything is written.
(cd "$T/p2/repo" && "$L" --diff --unsafe-fixes --include-checks SR101 t.yaml >"$T/p2/diff" 2>"$T/p2/diff.err")
if [ -s "$T/p2/diff" ] || ! grep -q "would write nothing" "$T/p2/diff.err"; then
    no "symlinked rotation/ folder under --diff" "diff: $(head -c 200 "$T/p2/diff"); $(head -c 300 "$T/p2/diff.err")"
else
    ok "symlinked rotation/ folder under --diff: no diff, says --fix would write nothing"
fi

# A symlink to a template outside the walked tree: not linted, not fixed.
mkdir -p "$T/p3/tree" "$T/p3/outside"
kept_secret_yaml Victim | sed '/Policy: Retain/d' >"$T/p3/outside/victim.yaml"
cp "$T/p3/outside/victim.yaml" "$T/p3/victim.orig"
ln -s ../outside/victim.yaml "$T/p3/tree/link.yaml"
ln -s ../outside "$T/p3/tree/linkdir"
kept_secret_yaml Inside | sed '/Policy: Retain/d' >"$T/p3/tree/real.yaml"
ln -s real.yaml "$T/p3/tree/inside-link.yaml"
(cd "$T/p3" && "$L" --fix --include-checks SR311 tree >"$T/p3/out" 2>&1)
rc=$?
if ! cmp -s "$T/p3/outside/victim.yaml" "$T/p3/victim.orig"; then
    no "walk: symlink out of the tree" "the target outside was rewritten"
elif ! grep -q "tree/link.yaml: skipped: a symbolic link to a file outside tree" "$T/p3/out" ||
    ! grep -q "tree/linkdir: skipped: a symbolic link to a folder outside tree" "$T/p3/out"; then
    no "walk: symlink out of the tree" "no warning for the skipped links: $(head -c 400 "$T/p3/out")"
elif ! grep -q "DeletionPolicy: Retain" "$T/p3/tree/real.yaml" || [ ! -L "$T/p3/tree/inside-link.yaml" ]; then
    no "walk: symlink inside the tree" "the template inside was not fixed or its link replaced"
elif [ "$rc" != 0 ] || grep -q "inside-link" "$T/p3/out"; then
    no "walk: a link to a file the walk visits" "linted twice (exit $rc): $(head -c 300 "$T/p3/out")"
else
    ok "walk: links out of the tree skipped with a warning; a file reached twice linted and fixed once"
fi

# A symlink named on the command line: written through only inside its tree.
mkdir -p "$T/p4/repo/.git" "$T/p4/outside"
kept_secret_yaml Victim | sed '/Policy: Retain/d' >"$T/p4/outside/v.yaml"
cp "$T/p4/outside/v.yaml" "$T/p4/v.orig"
ln -s ../outside/v.yaml "$T/p4/repo/named.yaml"
(cd "$T/p4/repo" && "$L" --fix --include-checks SR311 named.yaml >"$T/p4/out" 2>&1)
rc=$?
if ! cmp -s "$T/p4/outside/v.yaml" "$T/p4/v.orig"; then
    no "named symlink out of the repository" "its target was rewritten"
elif [ "$rc" != 2 ] || ! grep -q "is a symbolic link to '.*outside/v.yaml', outside '\.': not written through" "$T/p4/out"; then
    no "named symlink out of the repository" "exit $rc, no reason: $(head -c 400 "$T/p4/out")"
else
    ok "named symlink out of the repository: not written through, says why, exit 2"
fi

# ---- 3. the template and its handler are one unit --------------------------
shim=$T/faultshim.so
if ! ${CC:-cc} -shared -fPIC -O2 "$ROOT/tools/faultshim.c" -o "$shim" -ldl 2>"$T/shim.err"; then
    skip "handler write failures" "tools/faultshim.c does not build: $(head -c 200 "$T/shim.err")"
    shim=""
fi
# unit NAME FAULT FAULT_PATH : SR101's fix (unsafe on plain CloudFormation: it writes a
# handler file) under a fault; nothing may stay.
unit() {
    local name=$1 fault=$2 fpath=$3 d=$T/u-$1
    mkdir -p "$d"
    secret_yaml ApiKey >"$d/t.yaml"
    cp "$d/t.yaml" "$d/orig"
    rm -f "$T/fault.log"
    (cd "$d" && SR_FAULT=$fault SR_FAULT_PATH=$fpath SR_FAULT_LOG=$T/fault.log LD_PRELOAD=$shim \
        "$L" --fix --unsafe-fixes --include-checks SR101 t.yaml >"$d/out" 2>&1)
    local rc=$?
    if [ ! -s "$T/fault.log" ]; then
        no "$name" "the fault $fault was never injected (exit $rc)"
    elif ! cmp -s "$d/t.yaml" "$d/orig"; then
        no "$name" "the template was rewritten although its handler is missing"
    elif [ -e "$d/rotation" ]; then
        no "$name" "left behind: $(find "$d/rotation" | tr '\n' ' ')"
    elif [ "$rc" != 2 ] || grep -q "created" "$d/out" || ! grep -q "not fixed SR101 in ApiKey: not written" "$d/out"; then
        no "$name" "exit $rc, summary: $(head -c 500 "$d/out")"
    else
        ok "$name: template untouched, nothing left, the summary says not fixed ($(grep -m 1 'not written' "$d/out" | cut -c1-100)...)"
    fi
}
if [ -n "$shim" ]; then
    unit "handler link fails" link:EIO lambda_function.py
    unit "handler write fails" write:ENOSPC lambda_function.py
    unit "handler folder cannot be made" mkdir:EACCES ApiKey
    unit "template rename fails after the handler was made" rename:EXDEV t.yaml
fi

# ---- 4. -o: a planted temporary file ----------------------------------------
mkdir -p "$T/p5"
secret_yaml ApiKey >"$T/p5/t.yaml"
echo "precious" >"$T/p5/victim"
(cd "$T/p5" && bash -c 'for k in 1 2 3 4 5 6 7 8; do ln -s victim "report.json.tmp.$(($$ + k - 1))"; done; ln -s victim "report.json.tmp.$$"; exec "$0" --format json -o report.json t.yaml' "$L" >"$T/p5/out" 2>&1)
if [ "$(cat "$T/p5/victim")" != precious ]; then
    no "-o with a planted temporary symlink" "the symlink's target was overwritten"
elif [ -L "$T/p5/report.json" ] || ! grep -q '"findings"' "$T/p5/report.json"; then
    no "-o with a planted temporary symlink" "report.json is not the report"
else
    ok "-o with a planted temporary symlink: target untouched, report written"
fi
# -o naming a symlink replaces the link, never its target.
echo "precious" >"$T/p5/victim2"
ln -s victim2 "$T/p5/linked.json"
(cd "$T/p5" && "$L" --format json -o linked.json t.yaml >/dev/null 2>&1)
if [ "$(cat "$T/p5/victim2")" = precious ] && [ ! -L "$T/p5/linked.json" ]; then
    ok "-o naming a symlink: the link is replaced, its target kept"
else
    no "-o naming a symlink" "victim: $(head -c 40 "$T/p5/victim2"), link: $(ls -l "$T/p5/linked.json")"
fi

# ---- 5. -o naming an input --------------------------------------------------
mkdir -p "$T/p6/dir"
secret_yaml ApiKey >"$T/p6/dir/t.yaml"
cp "$T/p6/dir/t.yaml" "$T/p6/orig"
"$L" -o "$T/p6/dir/t.yaml" "$T/p6/dir/t.yaml" >"$T/p6/out1" 2>&1
r1=$?
"$L" --format json -o "$T/p6/dir/t.yaml" "$T/p6/dir" >"$T/p6/out2" 2>&1
r2=$?
if ! cmp -s "$T/p6/dir/t.yaml" "$T/p6/orig"; then
    no "-o naming an input" "the template was replaced by the report"
elif [ "$r1" != 2 ] || [ "$r2" != 2 ] || ! grep -q "is an input file" "$T/p6/out1"; then
    no "-o naming an input" "exit $r1 and $r2: $(head -c 300 "$T/p6/out1")"
else
    ok "-o naming an input (named or walked): usage error, exit 2, template kept"
fi

# ---- 11. read-only template, owner that cannot be kept, a name cut at a dot --
mkdir -p "$T/p7"
kept_secret_yaml ApiKey | sed '/Policy: Retain/d' >"$T/p7/t.yaml"
chmod 444 "$T/p7/t.yaml"
cp "$T/p7/t.yaml" "$T/p7/orig"
(cd "$T/p7" && "$L" --fix --include-checks SR311 t.yaml >"$T/p7/out" 2>&1)
rc=$?
if ! cmp -s "$T/p7/t.yaml" "$T/p7/orig" || [ "$(stat -c %a "$T/p7/t.yaml")" != 444 ]; then
    no "read-only template" "it was replaced (mode now $(stat -c %a "$T/p7/t.yaml"))"
elif [ "$rc" != 2 ] || ! grep -q "read-only (mode 0444)" "$T/p7/out"; then
    no "read-only template" "exit $rc, no word: $(head -c 300 "$T/p7/out")"
else
    ok "read-only template: left alone, said so, exit 2"
fi

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
    skip "owner that cannot be kept" "needs root and setpriv to act as another user"
elif ! "${NOBODY[@]}" test -x "$L"; then
    skip "owner that cannot be kept" "$L is not reachable by an unprivileged user"
else
    # A file of root's, writable by everyone, in a folder of the user's:
    # replacing it would make it the user's.
    mkdir -p "$T/p8"
    kept_secret_yaml ApiKey | sed '/Policy: Retain/d' >"$T/p8/t.yaml"
    chmod 666 "$T/p8/t.yaml"
    chown 65534:65534 "$T/p8"
    cp "$T/p8/t.yaml" "$T/p8.orig"
    (cd "$T/p8" && "${NOBODY[@]}" "$L" --fix --include-checks SR311 t.yaml >"$T/p8.out" 2>&1)
    rc=$?
    if [ "$(stat -c %u "$T/p8/t.yaml")" != 0 ] || ! cmp -s "$T/p8/t.yaml" "$T/p8.orig"; then
        no "owner that cannot be kept" "the file changed hands or content (owner $(stat -c %u "$T/p8/t.yaml"))"
    elif [ "$rc" != 2 ] || ! grep -q "owner (uid 0, gid 0) cannot be kept" "$T/p8.out"; then
        no "owner that cannot be kept" "exit $rc: $(head -c 300 "$T/p8.out")"
    else
        ok "owner that cannot be kept: not replaced, said so, exit 2"
    fi
fi

mkdir -p "$T/p9"
cat >"$T/p9/t.yaml" <<'Y'
Transform: AWS::Serverless-2016-10-31
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
  Schedule:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref ApiKey
      RotationLambdaARN: !GetAtt Rot.Fn.Arn
      RotationRules: {ScheduleExpression: rate(30 days)}
  Rot.Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: x/}
Y
(cd "$T/p9" && "$L" --diff --include-checks SR107 t.yaml >"$T/p9/diff" 2>"$T/p9/err")
if grep -q "not fixed SR107 in Schedule: .*'Rot.Fn'" "$T/p9/err" && [ ! -s "$T/p9/diff" ]; then
    ok "a GetAtt name cut at a dot: the refusal names the whole id 'Rot.Fn'"
else
    no "a GetAtt name cut at a dot" "diff $(wc -c <"$T/p9/diff") bytes; $(head -c 400 "$T/p9/err")"
fi
