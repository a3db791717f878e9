#!/usr/bin/env bash
# graph_dot.sh - --graph through the binary: the seed template's graph
# renders with Graphviz and holds its resources, the missing rotation
# function and the rule ids; hostile logical ids still render; one digraph
# per file.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

"$L" --graph examples/seed-template.yaml >"$T/seed.dot" 2>"$T/err"
if [ "$(head -c 7 "$T/seed.dot")" = digraph ]; then ok "--graph prints DOT"; else no "--graph" "$(head -c 200 "$T/seed.dot") $(head -c 200 "$T/err")"; fi
for id in DatabaseSecret RotationSchedule RotationLambdaRole RotationFailureAlarm; do
    grep -q "id=\"$id\"" "$T/seed.dot" || no "node $id" "not in the graph"
done
if grep -q 'label="RotationLambda\\n(not in the template)"' "$T/seed.dot"; then ok "the undefined rotation function is drawn as missing"; else no "missing node" "$(grep -c . "$T/seed.dot") lines"; fi

if ! command -v dot >/dev/null 2>&1; then
    skip "render with dot -Tsvg" "graphviz not installed"
    exit 0
fi
if dot -Tsvg "$T/seed.dot" >"$T/seed.svg" 2>"$T/dot.err"; then ok "dot -Tsvg renders it"; else no "dot -Tsvg" "$(head -c 300 "$T/dot.err")"; fi
miss=""
for id in DatabaseSecret RotationSchedule RotationLambdaRole RotationFailureAlarm; do
    grep -q "<g id=\"$id\" class=\"node\">" "$T/seed.svg" || miss="$miss $id"
done
if [ -z "$miss" ]; then ok "SVG holds the resource nodes"; else no "SVG nodes" "missing:$miss"; fi
if grep -q 'SR003' "$T/seed.svg" && grep -q '>GetAtt Arn</text>' "$T/seed.svg"; then ok "SVG shows rule ids and edge labels"; else no "SVG labels" "no SR003 or GetAtt Arn"; fi

printf 'Resources:\n  "Ev\\e[1mil\\"\\\\":\n    Type: AWS::SecretsManager::Secret\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref "Ev\\e[1mil\\"\\\\"\n' >"$T/h.yaml"
"$L" --graph "$T/h.yaml" "$T/h.yaml" >"$T/h.dot" 2>/dev/null
if LC_ALL=C grep -qP '\x1b' "$T/h.dot"; then no "hostile ids" "raw ESC in DOT"; else ok "hostile ids: no raw control character"; fi
if dot -Tsvg "$T/h.dot" >"$T/h.svg" 2>"$T/dot.err"; then ok "hostile ids still render"; else no "hostile render" "$(head -c 300 "$T/dot.err")"; fi
n=$(grep -c '^digraph ' "$T/h.dot")
if [ "$n" = 2 ]; then ok "one digraph per file"; else no "digraphs" "$n for 2 files"; fi
