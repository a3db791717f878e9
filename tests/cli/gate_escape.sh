#!/usr/bin/env bash
# gate_escape.sh - nothing from the input reaches a terminal raw, and the
# text report's source line never shows the credential a finding is about.
#
# Every message path outside the report formats gets a name (a file name, a
# folder name, a logical id, a policy value, an option) holding a
# clear-screen sequence (ESC [2J), an OSC 8 hyperlink, BEL and U+202E
# (right-to-left override): --fix and --diff summaries, "cannot open",
# "cannot write" and "cannot create" errors, policy-file errors and
# warnings, walk warnings, usage errors, add-secret and --init-config. The
# output may hold none of those bytes, and must show them escaped.
set -u
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

# (No '/': the same text names files and folders.)
EVIL=$'x\e[2J\e]8;;https:example.invalid\aclick\e]8;;\a\xe2\x80\xaey'

# clean NAME FILE : FILE holds no ESC, BEL or U+202E, and shows them escaped.
clean() {
    local name=$1 f=$2
    if python3 - "$f" <<'P'; then
import sys
b = open(sys.argv[1], "rb").read()
bad = [n for n, s in ((r"ESC", b"\x1b"), ("BEL", b"\x07"), ("U+202E", "\u202e".encode())) if s in b]
if bad:
    print("raw " + ", ".join(bad) + ": " + repr(b[:300]))
    sys.exit(1)
shown = b"\\x1b[2J" in b and b"\\x1b]8;;" in b and b"\\x07" in b and b"\\u{202e}" in b
if not shown:
    print("the name is not shown escaped: " + repr(b[:300]))
    sys.exit(1)
P
        ok "$name: escaped"
    else
        no "$name" "see above"
    fi
}

# A secret whose database outlives the stack (DeletionPolicy: Retain): SR311
# has a fix to write.
kept_db() { # ID
    printf '  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Retain\n    Properties:\n      Engine: mysql\n  Attach:\n    Type: AWS::SecretsManager::SecretTargetAttachment\n    Properties:\n      SecretId: {Ref: "%s"}\n      TargetId: {Ref: Db}\n      TargetType: AWS::RDS::DBInstance\n' "$1"
}
secret_yaml() { # ID
    printf 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  %s:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString: {PasswordLength: 40}\n' "$1"
    kept_db "$1"
}

cd "$T" || exit 1

# A file named on the command line that cannot be opened.
"$L" "$T/$EVIL.yaml" >"$T/o1" 2>&1
clean "cannot open a named file" "$T/o1"

# --fix and --diff summaries: the file's name and a logical id.
mkdir -p "$T/d-$EVIL"
secret_yaml ApiKey >"$T/d-$EVIL/t-$EVIL.yaml"
"$L" --fix --include-checks SR311 "$T/d-$EVIL/t-$EVIL.yaml" >"$T/o2" 2>&1
clean "--fix summary: file name" "$T/o2"
secret_yaml ApiKey >"$T/d-$EVIL/u-$EVIL.yaml"
"$L" --diff --include-checks SR311 "$T/d-$EVIL/u-$EVIL.yaml" >/dev/null 2>"$T/o3"
clean "--diff summary: file name" "$T/o3"
ID_ESC=$(printf '%s' "$EVIL" | sed 's/\x1b/\\e/g; s/\x07/\\a/g')
{
    printf 'Resources:\n  "Id%s":\n    Type: AWS::SecretsManager::Secret\n' "$ID_ESC"
    kept_db "Id$ID_ESC"
} >"$T/id.yaml"
"$L" --fix --include-checks SR311 "$T/id.yaml" >/dev/null 2>"$T/o4"
clean "--fix summary: logical id" "$T/o4"

# cannot write / cannot create.
"$L" -o "$T/no-such-$EVIL/report.txt" "$T/id.yaml" >"$T/o5" 2>&1
clean "-o cannot write" "$T/o5"
mkdir -p "$T/c-$EVIL" "$T/elsewhere"
secret_yaml ApiKey >"$T/c-$EVIL/t.yaml"
ln -s "$T/elsewhere" "$T/c-$EVIL/rotation"
"$L" --fix --include-checks SR101 "$T/c-$EVIL/t.yaml" >/dev/null 2>"$T/o6"
clean "--fix cannot create the handler" "$T/o6"

# Policy-file errors: the path and a value.
mkdir -p "$T/p-$EVIL"
printf 'classes:\n  default:\n    reason: a\n    review_by: "%s"\n' "$(printf '%s' "$EVIL" | sed 's/\x1b/\\e/g; s/\x07/\\a/g')" >"$T/p-$EVIL/.secrot-lint.yaml"
secret_yaml ApiKey >"$T/p-$EVIL/t.yaml"
"$L" "$T/p-$EVIL/t.yaml" >"$T/o7" 2>&1
clean "policy-file error" "$T/o7"

# Warnings: a walk skipping a symlink, a policy file passed over.
mkdir -p "$T/w/tree" "$T/w/out"
secret_yaml ApiKey >"$T/w/out/v.yaml"
ln -s ../out/v.yaml "$T/w/tree/l-$EVIL.yaml"
(cd "$T/w" && "$L" tree >"$T/o8" 2>&1)
clean "walk warning" "$T/o8"
mkdir -p "$T/q-$EVIL/.git"
ln -s /etc/hostname "$T/q-$EVIL/.secrot-lint.yaml"
secret_yaml ApiKey >"$T/q-$EVIL/t.yaml"
"$L" "$T/q-$EVIL/t.yaml" >"$T/o9" 2>&1
clean "policy file passed over" "$T/o9"

# Usage errors.
"$L" "--$EVIL" "$T/id.yaml" >"$T/o10" 2>&1
clean "unknown option" "$T/o10"
"$L" --include-checks "SR1$EVIL" "$T/id.yaml" >"$T/o11" 2>&1
clean "--include-checks" "$T/o11"
"$L" --explain "SR$EVIL" >"$T/o12" 2>&1
clean "--explain" "$T/o12"
"$L" --format "$EVIL" "$T/id.yaml" >"$T/o13" 2>&1
clean "--format" "$T/o13"

# add-secret and --init-config.
"$L" add-secret "$T/$EVIL.yaml" --name ApiKey >"$T/o14" 2>&1
clean "add-secret cannot open" "$T/o14"
"$L" --init-config -o "$T/no-such-$EVIL/p.yaml" >"$T/o15" 2>&1
clean "--init-config cannot write" "$T/o15"

# ---- the caret line masks the value --------------------------------------
cat >"$T/m.yaml" <<'Y'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {Engine: mysql, MasterUsername: admin, MasterUserPassword: "Hunter2-Very-Secret-Value"}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables: {A_TOKEN: "ghp_0123456789abcdefABCDEF0123456789abcd", DB_PASSWORD: "Another-Secret-Value-42"}
Y
"$L" --color always "$T/m.yaml" >"$T/m.out" 2>&1
leak=""
for v in Hunter2-Very-Secret-Value ghp_0123456789abcdefABCDEF0123456789abcd Another-Secret-Value-42; do
    grep -qF "$v" "$T/m.out" && leak="$leak $v"
done
lines=$(grep -c '\*\*\*\*\*\*\*\*' "$T/m.out")
if [ -n "$leak" ]; then
    no "caret line masks the credential" "shown in full:$leak"
elif [ "$lines" -lt 3 ]; then
    no "caret line masks the credential" "no masked source line: $(head -c 600 "$T/m.out")"
else
    ok "caret line masks the credential (every finding on a line with two secrets too)"
fi
# The caret still points at the value.
caret=$(grep -A1 'MasterUserPassword: \*\*\*' "$T/m.out" | sed -n 2p | sed 's/\x1b\[[0-9;]*m//g')
src=$(grep 'MasterUserPassword: \*\*\*' "$T/m.out" | head -n 1)
want=$(($(awk -v s="$src" 'BEGIN { print index(s, "********") }') - 1))
got=$(($(awk -v s="$caret" 'BEGIN { print index(s, "^") }') - 1))
[ "$want" = "$got" ] && ok "the caret stands under the masked value" ||
    no "caret position" "caret at $got, value at $want"
