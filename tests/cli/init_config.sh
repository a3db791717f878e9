#!/usr/bin/env bash
# init_config.sh - --init-config writes a commented policy with every
# default that the loader accepts and the JSON Schema validates, names the
# schema for editors, and never overwrites an existing file.
set -u
L=$(realpath "${SECROT_LINT:-build/secrot-lint}")
SCHEMA=$(realpath schemas/config.schema.json)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

out=$("$L" --init-config 2>&1)
rc=$?
if [ $rc -eq 0 ] && [ -f .secrot-lint.yaml ] && [ -f .secrot-lint.schema.json ]; then
    echo "ok - writes the policy and its schema"
else
    echo "not ok - writes the policy and its schema: rc=$rc $out"
fi
head -1 .secrot-lint.yaml | grep -q '^# yaml-language-server: \$schema=.secrot-lint.schema.json$' &&
    echo "ok - first line names the schema for editors" ||
    echo "not ok - first line names the schema for editors: $(head -1 .secrot-lint.yaml)"
cmp -s .secrot-lint.schema.json "$SCHEMA" && echo "ok - the schema beside it is the project's" ||
    echo "not ok - the schema beside it is the project's: differs"

printf 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n' >t.yaml
"$L" -q t.yaml >/dev/null 2>err
rc=$?
[ $rc -eq 0 ] && echo "ok - the loader accepts the written policy" ||
    echo "not ok - the loader accepts the written policy: rc=$rc $(cat err)"

for key in 'max_days: 45' 'max_days: 30' 'max_days: 90' 'min_password_length: 32' \
    'require_alarm: true' 'min_rotation_timeout: 30' 'duration: 2h'; do
    grep -q "$key" .secrot-lint.yaml || { echo "not ok - every default is written: no '$key'"; key=; break; }
done
[ -n "$key" ] && echo "ok - every default is written"

if python3 -c 'import yaml, jsonschema' 2>/dev/null; then
    if python3 - "$SCHEMA" .secrot-lint.yaml <<'PY'
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1]))
doc = yaml.safe_load(open(sys.argv[2]))
jsonschema.validators.validator_for(schema)(schema).validate(doc)
PY
    then echo "ok - the policy validates against schemas/config.schema.json"
    else echo "not ok - the policy validates against schemas/config.schema.json: invalid"; fi
else
    echo "skip - the policy validates against schemas/config.schema.json: python3-yaml or python3-jsonschema missing"
fi

before=$(md5sum .secrot-lint.yaml)
"$L" --init-config >/dev/null 2>err
rc=$?
[ $rc -eq 2 ] && [ "$(md5sum .secrot-lint.yaml)" = "$before" ] && grep -q 'never overwritten' err &&
    echo "ok - an existing policy is never overwritten" ||
    echo "not ok - an existing policy is never overwritten: rc=$rc"

"$L" --init-config -o - >stdout.yaml 2>/dev/null
cmp -s stdout.yaml .secrot-lint.yaml && echo "ok - -o - prints the same policy" ||
    echo "not ok - -o - prints the same policy: differs"
mkdir sub
"$L" --init-config -o sub/policy.yaml >/dev/null 2>&1 && [ -f sub/policy.yaml ] && [ -f sub/.secrot-lint.schema.json ] &&
    echo "ok - -o FILE writes there, schema beside it" || echo "not ok - -o FILE writes there, schema beside it"
