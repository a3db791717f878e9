#!/usr/bin/env bash
# hostile_linear.sh - hostile inputs cost linear work: each input is made at
# n, 2n and 4n and the instructions the lint executes (valgrind's callgrind,
# which counts the same on a loaded machine) may grow at most 2.5x per
# doubling. The inputs: one Fn::Sub with n undefined variables (n findings
# on one line), the same with a non-ASCII character between variables
# (columns counted in characters), a minified JSON mapping with n duplicate
# keys, the YAML one with n duplicate keys on n lines, inline code of a
# custom resource's function with n nested functions, dictionaries and
# responses (SR323), and n custom resources sharing one function.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

if [ -n "${SR_SANITIZER:-}" ]; then
    echo "skip - hostile inputs are linear: counted in the plain suite (valgrind cannot run a sanitizer build)"
    exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
    echo "skip - hostile inputs are linear: valgrind is not installed (instruction counts need it)"
    exit 0
fi

gen() { # KIND N FILE
    python3 - "$1" "$2" "$3" <<'P'
import sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
head = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n"
if kind == "sub":
    text = head + '      TopicName: !Sub "' + "".join("${V%d}" % i for i in range(n)) + '"\n'
elif kind == "sub-utf8":
    text = head + '      TopicName: !Sub "' + "\u00e9".join("${V%d}" % i for i in range(n)) + '"\n'
elif kind == "json-dup":
    body = ",".join('"K":%d' % i for i in range(n))
    text = '{"Resources":{"T":{"Type":"AWS::SNS::Topic","Properties":{' + body + "}}}}\n"
elif kind == "respond-code":
    code = ("import cfnresponse\nResponseURL\n" + "".join("f%d = function() {\n" % i for i in range(n))
            + "}\n" * n + "r = {'Status': 1, " + "'Data': {" * n + "}" * n + "}\n"
            + "".join("    d['Password'] = p\n    cfnresponse.send(e, c, s, d)\n" for i in range(n)))
    text = (head.replace("AWS::SNS::Topic", "AWS::Lambda::Function") + "      Code:\n        ZipFile: |\n"
            + "".join("          " + l + "\n" for l in code.split("\n"))
            + "  C:\n    Type: Custom::C\n    Properties:\n      ServiceToken: !GetAtt T.Arn\n")
elif kind == "respond-many":
    code = "import random, cfnresponse\ndef handler(e, c):\n    cfnresponse.send(e, c, 'SUCCESS', {'V': random.choice('ab')})\n"
    text = (head.replace("AWS::SNS::Topic", "AWS::Lambda::Function") + "      Code:\n        ZipFile: |\n"
            + "".join("          " + l + "\n" for l in code.split("\n"))
            + "".join("  Password%d:\n    Type: Custom::Password\n    Properties:\n      ServiceToken: !GetAtt T.Arn\n" % i for i in range(n)))
else:  # yaml-dup
    text = head + "".join("      K: %d\n" % i for i in range(n))
open(out, "w", encoding="utf-8").write(text)
P
}

count() { # FILE -> instructions
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$L" -q --format brief "$1" \
        2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

for kind in sub sub-utf8 json-dup yaml-dup respond-code respond-many; do
    counts=()
    for n in 2000 4000 8000; do
        gen "$kind" "$n" "$T/$kind.$n"
        counts+=("$(count "$T/$kind.$n")")
    done
    if python3 - "${counts[@]}" <<'P'; then
import sys
c = [int(x) for x in sys.argv[1:]]
worst = max(c[1] / c[0], c[2] / c[1])
print("# %s" % " ".join(map(str, c)) + " instructions, worst %.2fx per doubling" % worst)
sys.exit(0 if worst <= 2.5 else 1)
P
        ok "$kind: linear (${counts[*]} instructions at n, 2n, 4n)"
    else
        no "$kind" "grows faster than 2.5x per doubling: ${counts[*]} instructions"
    fi
done
