#!/usr/bin/env bash
# hostile_formats.sh - a property test of the report formats: random hostile
# strings (control bytes, quotes, backslashes, escape sequences, bidi and
# line-separator code points, NUL, "]]>", "%0A", "::") in logical ids,
# references, types, attributes and file names go through every format, and
# each output must parse: JSON and SARIF (with their schemas when python3-
# jsonschema is there), JUnit as XML, the --graph output as DOT (Graphviz
# when installed), GitHub as one workflow command per finding, text and
# brief without raw control bytes. SR_SEED picks another random set.
set -u
L=${SECROT_LINT:-build/secrot-lint}
SARIF_SCHEMA=${SR_SARIF_SCHEMA:-../shared/external/sarif-schema-2.1.0.json}
SEED=${SR_SEED:-20240917}
COUNT=${SR_HOSTILE_COUNT:-24}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! command -v python3 >/dev/null 2>&1; then
    echo "skip - hostile strings in every format: python3 is needed"
    exit 0
fi
mkdir "$T/in"

# Writes COUNT templates with hostile strings into $T/in (names hostile too).
python3 - "$T/in" "$SEED" "$COUNT" <<'PY'
import os, random, sys
out, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
# Pieces, as YAML double-quoted escapes (so the file itself stays valid UTF-8).
pieces = ["\\x01", "\\x1b[31m", "\\u202e", "\\0", "\\\"", "\\\\", "]]>", "<&>", "%0A",
          "%25", "::", ",", "'", "\\t", "\\n", "\\r", "\\x7f", "\\u2028", "\\ufeff",
          "\\u00e9", "\\U0001F600", "${", "}}", "{{resolve:", " ", "#", "&amp;", "\\x85",
          "\\e", "\\a", "\\b", "\\v", "\\f", "</testcase>", "\\u0000"]
plain = ["Api", "Key", "x", "Secret", "1", "-", "_", "."]

def hostile(n):
    return "".join(rnd.choice(pieces if rnd.random() < 0.6 else plain) for _ in range(n))

# File names: no slash and no NUL, anything else goes.
name_pieces = ["\x1b[1m", "\n", "\r", "\t", "\"", "'", "\\", "<", ">", "&", "%0A", "::", ",",
               " ", "\u202e", "\u00e9", "]]>", "$", "`", "-"]
for i in range(count):
    name = "t%02d" % i + "".join(rnd.choice(name_pieces) for _ in range(rnd.randint(0, 4))) + ".yaml"
    ref, lid, typ, attr = hostile(rnd.randint(1, 6)), hostile(rnd.randint(1, 4)), hostile(3), hostile(3)
    text = (
        "AWSTemplateFormatVersion: \"2010-09-09\"\n"
        "Resources:\n"
        "  Topic:\n"
        "    Type: AWS::SNS::Topic\n"
        "    Properties:\n"
        "      TopicName: !Ref \"%s\"\n"
        "      DisplayName: !GetAtt \"Topic.%s\"\n"
        "  \"Id%s\":\n"
        "    Type: \"%s\"\n"
        "    DependsOn: \"%s\"\n"
        "  Secret:\n"
        "    Type: AWS::SecretsManager::Secret\n"
        "    Properties:\n"
        "      Description: \"%s\"\n"
        "      SecretString: \"%s\"\n" % (ref, attr, lid, typ, ref, hostile(8), hostile(5)))
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)
PY

files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$T/in" -type f -print0 | sort -z)
echo "# ${#files[@]} hostile templates, seed $SEED" >&2

status_ok=1
for fmt in text brief json sarif junit github; do
    "$L" -f "$fmt" --color never "${files[@]}" >"$T/out.$fmt" 2>"$T/err.$fmt"
    rc=$?
    if [ "$rc" != 1 ]; then
        echo "not ok - $fmt: exit status $rc, want 1: $(head -c 300 "$T/err.$fmt" | cat -v)"
        status_ok=0
    fi
done
[ "$status_ok" = 1 ] && echo "ok - every format: exit status 1 on ${#files[@]} hostile templates"

# Every output checked with the parsers of its format.
python3 - "$T" "$SARIF_SCHEMA" <<'PY'
import json, os, re, sys
import xml.etree.ElementTree as ET
T, sarif_schema = sys.argv[1], sys.argv[2]

def ok(m): print("ok - " + m)
def no(m, why): print("not ok - %s: %s" % (m, why))

def read(fmt):
    return open(os.path.join(T, "out." + fmt), "rb").read()

def utf8(fmt, data):
    try:
        return data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        no(fmt + ": valid UTF-8", str(e))
        return None

raw_controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
jsonschema = None
try:
    import jsonschema as js
    jsonschema = js
except ImportError:
    pass

nfind = None
for fmt in ["text", "brief", "json", "sarif", "junit", "github"]:
    s = utf8(fmt, read(fmt))
    if s is None:
        continue
    bad = raw_controls.search(s)
    if bad:
        at = bad.start()
        no(fmt + ": no raw control or bidi characters", "U+%04X near %r" % (ord(bad.group()), s[max(0, at - 40):at + 10]))
    else:
        ok(fmt + ": no raw control or bidi characters")
    if fmt in ("json", "sarif"):
        try:
            doc = json.loads(s)
        except ValueError as e:
            no(fmt + ": parses as JSON", str(e))
            continue
        ok(fmt + ": parses as JSON")
        schema_path = "schemas/report.schema.json" if fmt == "json" else sarif_schema
        if jsonschema is None:
            print("skip - %s: schema: python3-jsonschema is not installed" % fmt)
        elif not os.path.exists(schema_path):
            print("skip - %s: schema: %s is absent" % (fmt, schema_path))
        else:
            schema = json.load(open(schema_path, encoding="utf-8"))
            try:
                jsonschema.validators.validator_for(schema)(schema).validate(doc)
                ok(fmt + ": valid against " + os.path.basename(schema_path))
            except jsonschema.ValidationError as e:
                no(fmt + ": valid against " + os.path.basename(schema_path), e.message[:200])
        if fmt == "json":
            nfind = sum(len(f.get("findings", [])) for f in doc.get("files", []))
    elif fmt == "junit":
        try:
            ET.fromstring(s.encode("utf-8"))
            ok("junit: well-formed XML")
        except ET.ParseError as e:
            no("junit: well-formed XML", str(e))
    elif fmt == "github":
        lines = s.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        cmd = re.compile(r"^::(error|warning|notice) [^:]*::")
        strays = [l for l in lines if not cmd.match(l)]
        if strays:
            no("github: one workflow command per line", "%d other lines, e.g. %r" % (len(strays), strays[0][:120]))
        elif nfind is not None and len(lines) != nfind:
            no("github: one workflow command per finding", "%d commands for %d findings" % (len(lines), nfind))
        else:
            ok("github: one workflow command per finding (%d)" % len(lines))
PY

# --graph: one digraph per file; Graphviz must read it.
have_dot=0
command -v dot >/dev/null 2>&1 && have_dot=1
bad=0
for f in "${files[@]}"; do
    "$L" --graph "$f" >"$T/g.dot" 2>"$T/g.err"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "not ok - graph: exit status $rc: $(head -c 200 "$T/g.err" | cat -v)"
        bad=1
        break
    fi
    if grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$T/g.dot"; then
        echo "not ok - graph: raw control bytes in the DOT output: $(grep -naP '[\x00-\x08\x0b-\x1f\x7f]' "$T/g.dot" | head -c 200 | cat -v)"
        bad=1
        break
    fi
    if [ "$have_dot" = 1 ] && ! dot -Tcanon "$T/g.dot" >/dev/null 2>"$T/dot.err"; then
        echo "not ok - graph: Graphviz rejects the DOT output: $(head -c 200 "$T/dot.err")"
        bad=1
        break
    fi
done
if [ "$bad" = 0 ]; then
    if [ "$have_dot" = 1 ]; then
        echo "ok - graph: ${#files[@]} DOT outputs read by Graphviz"
    else
        echo "ok - graph: ${#files[@]} DOT outputs without raw control bytes"
        echo "skip - graph: Graphviz is not installed (apt-get install graphviz)"
    fi
fi
