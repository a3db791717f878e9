#!/usr/bin/env bash
# nested_stacks.sh - child templates of nested stacks are read only inside
# the tree of the linted template: symbolic links (to a file, to a folder,
# out of the tree), absolute paths, paths that climb out, FIFOs, folders,
# oversized files, cycles, deep chains and too many children are not read,
# and SR101 says why rotation could not be seen (info) instead of claiming
# there is none; a child that does rotate the secret silences SR101.
set -u
L=${SECROT_LINT:-build/secrot-lint}
case $L in /*) ;; *) L=$PWD/$L ;; esac
T=$(mktemp -d)
O=$(mktemp -d)
trap 'rm -rf "$T" "$O"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

# parent FILE URL: a secret passed to one nested stack at URL.
parent() {
    cat >"$1" <<EOF
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ApiKey:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        PasswordLength: 40
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: $2
      Parameters:
        SecretArn: !Ref ApiKey
EOF
}
rotates() {
    cat >"$1" <<'EOF'
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SecretArn:
    Type: String
Resources:
  Schedule:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref SecretArn
      RotationLambdaARN: arn:aws:lambda:us-east-1:123456789012:function:rotator
      RotationRules:
        ScheduleExpression: rate(30 days)
EOF
}
# forwards FILE URL: passes its SecretArn on to URL.
forwards() {
    cat >"$1" <<EOF
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SecretArn:
    Type: String
Resources:
  Inner:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: $2
      Parameters:
        SecretArn: !Ref SecretArn
EOF
}
lint() { "$L" --format brief --include-checks SR101 "$@" 2>&1; }
# expect NAME FILE PATTERN: one SR101 info finding whose message matches.
expect() {
    local got
    got=$(lint "$2")
    if grep -q 'SR101 info: .*could not be seen' <<<"$got" && grep -q -- "$3" <<<"$got"; then
        ok "$1"
    else
        no "$1" "$(head -c 400 <<<"$got")"
    fi
}

mkdir -p "$T/tree/sub" "$T/tree/real"
rotates "$T/tree/sub/rotates.yaml"
rotates "$T/tree/real/rotates.yaml"
rotates "$O/rotates.yaml"

parent "$T/tree/p.yaml" sub/rotates.yaml
got=$(lint "$T/tree/p.yaml")
if [ -z "$got" ]; then ok "a local child that rotates the secret: no finding"; else no "local child" "$got"; fi
parent "$T/tree/p2.yaml" ./sub/../sub/./rotates.yaml
got=$(lint "$T/tree/p2.yaml")
if [ -z "$got" ]; then ok "dot segments that stay inside the tree are followed"; else no "dot segments" "$got"; fi

ln -s sub/rotates.yaml "$T/tree/link.yaml"
parent "$T/tree/p3.yaml" link.yaml
expect "a symbolic link to a file in the tree is not followed" "$T/tree/p3.yaml" "symbolic link"
ln -s real "$T/tree/linkdir"
parent "$T/tree/p4.yaml" linkdir/rotates.yaml
expect "a symbolic link to a folder is not followed" "$T/tree/p4.yaml" "symbolic link"
ln -s "$O/rotates.yaml" "$T/tree/out.yaml"
parent "$T/tree/p5.yaml" out.yaml
expect "a symbolic link out of the tree is not followed" "$T/tree/p5.yaml" "symbolic link"
parent "$T/tree/p6.yaml" "$O/rotates.yaml"
expect "an absolute path is not read" "$T/tree/p6.yaml" "absolute path"
cp "$O/rotates.yaml" "$T/rotates.yaml"
parent "$T/tree/p7.yaml" ../rotates.yaml
expect "a path that climbs out of the tree is not read" "$T/tree/p7.yaml" "outside the folder"
parent "$T/tree/p8.yaml" sub/../../rotates.yaml
expect "a climb hidden behind a folder is not read" "$T/tree/p8.yaml" "outside the folder"
mkfifo "$T/tree/fifo.yaml"
parent "$T/tree/p9.yaml" fifo.yaml
if timeout 10 "$L" --format brief --include-checks SR101 "$T/tree/p9.yaml" >"$T/out9" 2>&1 &&
    grep -q "not a regular file" "$T/out9"; then
    ok "a FIFO is not read (and does not block)"
else
    no "FIFO" "$(head -c 300 "$T/out9")"
fi
parent "$T/tree/p10.yaml" sub
expect "a folder is not read" "$T/tree/p10.yaml" "not a regular file"
head -c 9000000 /dev/zero | tr '\0' '#' >"$T/tree/big.yaml"
parent "$T/tree/p11.yaml" big.yaml
expect "a child over the size limit is not read" "$T/tree/p11.yaml" "larger than the limit"
printf 'Resources: [unclosed\n' >"$T/tree/broken.yaml"
parent "$T/tree/p12.yaml" broken.yaml
expect "a child that does not parse says so" "$T/tree/p12.yaml" "does not load"
printf -- '- just\n- a list\n' >"$T/tree/list.yaml"
parent "$T/tree/p13.yaml" list.yaml
expect "a child that is not a template says so" "$T/tree/p13.yaml" "not a CloudFormation template"
parent "$T/tree/p14.yaml" sub/rotates.yaml
got=$(cd "$T/tree" && "$L" --format brief --include-checks SR101 - <p14.yaml 2>&1)
if grep -q "standard input" <<<"$got"; then ok "a template on stdin has no local children"; else no "stdin" "$got"; fi

# A cycle: the child passes the secret on to itself.
forwards "$T/tree/cycle.yaml" cycle.yaml
parent "$T/tree/p15.yaml" cycle.yaml
expect "a child that includes itself is read once" "$T/tree/p15.yaml" "includes a template that includes it"
# A chain deeper than the limit.
forwards "$T/tree/d1.yaml" d2.yaml
forwards "$T/tree/d2.yaml" d3.yaml
forwards "$T/tree/d3.yaml" d4.yaml
forwards "$T/tree/d4.yaml" d5.yaml
rotates "$T/tree/d5.yaml"
parent "$T/tree/p16.yaml" d1.yaml
expect "a chain deeper than the limit stops" "$T/tree/p16.yaml" "nested more than"
# Four levels are still followed.
parent "$T/tree/p17.yaml" d2.yaml
got=$(lint "$T/tree/p17.yaml")
if [ -z "$got" ]; then ok "a chain within the limit is followed to the schedule"; else no "chain" "$got"; fi

# More children than the limit: the secret is passed to 33 stacks whose
# templates do not rotate it, then to one that does, past the limit.
{
    printf "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"
    printf "  ApiKey:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString: {PasswordLength: 40}\n"
    for i in $(seq 1 33); do
        printf "  C%d:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: many/c%d.yaml\n      Parameters: {Other: !Ref ApiKey}\n" "$i" "$i"
    done
} >"$T/tree/p18.yaml"
mkdir -p "$T/tree/many"
for i in $(seq 1 33); do cp "$T/tree/sub/rotates.yaml" "$T/tree/many/c$i.yaml"; done
expect "at most 32 children are read" "$T/tree/p18.yaml" "more than 32 child templates"

# A parameter the child does not rotate: the secret is not rotated there.
parent "$T/tree/p19.yaml" sub/rotates.yaml
sed -i 's/        SecretArn: !Ref ApiKey/        Unused: !Ref ApiKey/' "$T/tree/p19.yaml"
got=$(lint "$T/tree/p19.yaml")
if grep -q 'SR101 error' <<<"$got"; then ok "a child that rotates another parameter does not count"; else no "other parameter" "$got"; fi
