#!/usr/bin/env bash
# sarif_codescanning.sh - SARIF as GitHub code scanning reads it, in a
# throwaway git repository: the official 2.1.0 schema, then the upload
# constraints of GitHub's "SARIF support for code scanning" page, checked
# one by one (see CONSTRAINTS below); URIs relative to %SRCROOT% whatever
# the working directory; helpUri absolute or absent; fingerprints that
# survive moved lines; security-severity per rule.
set -u
ROOT=$(pwd)
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
SARIF_SCHEMA=${SR_SARIF_SCHEMA:-../shared/external/sarif-schema-2.1.0.json}
[ -f "$SARIF_SCHEMA" ] && SARIF_SCHEMA=$(cd "$(dirname "$SARIF_SCHEMA")" && pwd)/$(basename "$SARIF_SCHEMA")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

if ! command -v python3 >/dev/null 2>&1; then
    skip "sarif for code scanning" "python3 not installed"
    exit 0
fi
R=$T/repo
mkdir -p "$R/infra/nested" "$R/.git"
cp examples/seed-template.yaml "$R/infra/seed.yaml"
cat >"$R/infra/nested/db.yaml" <<'Y'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: admin
      MasterUserPassword: Sup3rSecretPassw0rd
Y
ln -s nested/db.yaml "$R/infra/link.yaml"

(cd "$R" && "$L" -f sarif -o "$T/root.sarif" infra/seed.yaml infra/nested/db.yaml)
(cd "$R/infra/nested" && "$L" -f sarif -o "$T/sub.sarif" ../seed.yaml db.yaml)
(cd "$R" && "$L" -f sarif -o "$T/help.sarif" --help-uri-base https://example.org/secrot-lint/docs/rules infra/seed.yaml)
printf 'help_uri_base: "https://example.org/r/{id}.html"\n' >"$R/.secrot-lint.yaml"
(cd "$R" && "$L" -f sarif -o "$T/policy.sarif" infra/seed.yaml)
rm "$R/.secrot-lint.yaml"
(cd "$T" && "$L" -f sarif -o "$T/outside.sarif" --srcroot "$R/infra" "$R/infra/seed.yaml")
(cd "$R" && "$L" -f sarif -o "$T/link.sarif" infra/link.yaml)

# 1. The official schema.
if [ ! -f "$SARIF_SCHEMA" ]; then
    skip "sarif: SARIF 2.1.0 schema" "$SARIF_SCHEMA not present"
elif ! python3 -c 'import jsonschema' 2>/dev/null; then
    skip "sarif: SARIF 2.1.0 schema" "python3-jsonschema not installed"
else
    msg=$(python3 - "$SARIF_SCHEMA" "$T"/root.sarif "$T"/sub.sarif "$T"/help.sarif "$T"/outside.sarif <<'P' 2>&1 | tail -n 3
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
v = jsonschema.validators.validator_for(s)(s)
for f in sys.argv[2:]:
    v.validate(json.load(open(f)))
P
)
    if [ -z "$msg" ]; then ok "sarif: validates against the SARIF 2.1.0 schema"; else no "sarif: schema" "$msg"; fi
fi

# 2. GitHub's upload constraints.
cat >"$T/constraints.py" <<'P'
# CONSTRAINTS: what GitHub code scanning requires of an uploaded SARIF file
# (docs "SARIF support for code scanning", its limits table, and the
# security-severity ranges), checked on each file given.
import json, re, sys
errs = []
def need(cond, what):
    if not cond:
        errs.append(what)
for path in sys.argv[1:]:
    d = json.load(open(path))
    name = path.rsplit("/", 1)[-1]
    need(d.get("version") == "2.1.0", name + ": version is 2.1.0")
    need(isinstance(d.get("$schema"), str) and d["$schema"].startswith("https://"), name + ": $schema")
    runs = d.get("runs", [])
    need(1 <= len(runs) <= 20, name + ": 1 to 20 runs per file")
    # Since 2025 GitHub rejects several runs of one tool and category in one upload.
    tools = [(r["tool"]["driver"]["name"], r.get("automationDetails", {}).get("id")) for r in runs]
    need(len(tools) == len(set(tools)), name + ": one run per tool and category")
    for run in runs:
        drv = run["tool"]["driver"]
        need(bool(drv.get("name")), "driver.name")
        need(re.match(r"^\d+\.\d+\.\d+", drv.get("semanticVersion", "")), "semanticVersion is semver")
        rules = drv.get("rules", [])
        need(0 < len(rules) <= 25000, "rules per run")
        ids = [r["id"] for r in rules]
        need(len(ids) == len(set(ids)), "rule ids unique")
        for r in rules:
            rid = r.get("id", "?")
            need(bool(r.get("id")), "rule id")
            need(len(r.get("name", "")) <= 255, rid + ": name <= 255")
            for k in ("shortDescription", "fullDescription"):
                t = r.get(k, {}).get("text", "")
                need(0 < len(t) <= 1024, "%s: %s.text 1..1024 characters (%d)" % (rid, k, len(t)))
            need(bool(r.get("help", {}).get("text")), rid + ": help.text")
            need(r.get("defaultConfiguration", {}).get("level") in ("note", "warning", "error"), rid + ": level")
            props = r.get("properties", {})
            tags = props.get("tags", [])
            need(len(tags) <= 20, rid + ": at most 20 tags")
            if "helpUri" in r:
                need(re.match(r"^https?://", r["helpUri"]), rid + ": helpUri absolute: " + r["helpUri"])
            sev = props.get("security-severity")
            if sev is not None:
                need(isinstance(sev, str), rid + ": security-severity is a string")
                need(0.0 < float(sev) <= 10.0, rid + ": security-severity in (0, 10]")
                need("security" in tags, rid + ": security-severity only on security rules")
        bases = run.get("originalUriBaseIds", {})
        for b in bases.values():
            need(b["uri"].startswith("file:///") and b["uri"].endswith("/"), "base URI absolute, ends with /")
        res = run.get("results", [])
        need(len(res) <= 25000, "results per run")
        seen = set()
        for x in res:
            rid = x.get("ruleId")
            need(rid in ids, "result ruleId in rules")
            need(rules[x["ruleIndex"]]["id"] == rid, "ruleIndex points at ruleId")
            need(bool(x.get("message", {}).get("text")), rid + ": message.text")
            locs = x.get("locations", [])
            need(1 <= len(locs) <= 10, rid + ": 1 to 10 locations")
            pl = locs[0]["physicalLocation"]
            art = pl["artifactLocation"]
            uri = art.get("uri", "")
            need(bool(uri), "artifactLocation.uri")
            need(not uri.startswith("../") and "/../" not in uri, "uri inside the repository: " + uri)
            if "uriBaseId" in art:
                need(art["uriBaseId"] in bases, "uriBaseId defined in originalUriBaseIds")
                need(not uri.startswith("/") and ":" not in uri.split("/")[0], "uri relative to its base")
            else:
                need(uri.startswith("file:///"), "uri without a base is absolute: " + uri)
            reg = pl["region"]
            for k in ("startLine", "startColumn", "endLine", "endColumn"):
                need(isinstance(reg.get(k), int) and reg[k] >= 1, rid + ": region." + k)
            need(reg["endLine"] >= reg["startLine"], "endLine >= startLine")
            fp = x.get("partialFingerprints", {})
            need(len(fp) > 0, "partialFingerprints")
            key = (uri, tuple(sorted(fp.items())))
            need(key not in seen, "fingerprints unique per file")
            seen.add(key)
print("; ".join(sorted(set(errs))[:6]))
P
msg=$(python3 "$T/constraints.py" "$T"/root.sarif "$T"/sub.sarif "$T"/help.sarif "$T"/outside.sarif "$T"/policy.sarif 2>&1 | tail -n 3)
if [ -z "$msg" ]; then ok "sarif: meets GitHub's upload constraints"; else no "sarif: GitHub constraints" "$msg"; fi

# 3. URIs and bases.
msg=$(python3 - "$T" "$R" 2>&1 <<'P'
import json, sys
T, R = sys.argv[1], sys.argv[2]
def run(f): return json.load(open(T + "/" + f))["runs"][0]
def uris(f): return sorted({(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                             x["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId"))
                            for x in run(f)["results"]})
errs = []
want = [("infra/nested/db.yaml", "%SRCROOT%"), ("infra/seed.yaml", "%SRCROOT%")]
if uris("root.sarif") != want: errs.append("from the root: %s" % uris("root.sarif"))
if uris("sub.sarif") != want: errs.append("from a subfolder: %s" % uris("sub.sarif"))
if run("root.sarif")["originalUriBaseIds"]["%SRCROOT%"]["uri"] != "file://" + R + "/":
    errs.append("base %s" % run("root.sarif")["originalUriBaseIds"])
if uris("outside.sarif") != [("seed.yaml", "%SRCROOT%")]: errs.append("--srcroot: %s" % uris("outside.sarif"))
if uris("link.sarif") != [("infra/nested/db.yaml", "%SRCROOT%")]: errs.append("symlink not resolved: %s" % uris("link.sarif"))
fx = [c["artifactLocation"] for x in run("root.sarif")["results"] for f in x.get("fixes", []) for c in f["artifactChanges"]]
if not fx or any(a.get("uriBaseId") != "%SRCROOT%" for a in fx): errs.append("fix locations %s" % fx[:3])
if "infra/rotation/DatabaseSecret/lambda_function.py" not in [a["uri"] for a in fx]: errs.append("created file uri")
wd = run("sub.sarif")["invocations"][0]["workingDirectory"]["uri"]
if wd != "file://" + R + "/infra/nested/": errs.append("workingDirectory " + wd)
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "sarif: URIs relative to %SRCROOT% from any folder, --srcroot, symlinks resolved, fixes too"; else no "sarif: URIs" "$msg"; fi

# 4. helpUri: absent by default, absolute with a base.
msg=$(python3 - "$T" 2>&1 <<'P'
import json, sys
T = sys.argv[1]
def rules(f): return json.load(open(T + "/" + f))["runs"][0]["tool"]["driver"]["rules"]
errs = []
if any("helpUri" in r for r in rules("root.sarif")): errs.append("helpUri without a base")
h = {r["id"]: r.get("helpUri") for r in rules("help.sarif")}
if h.get("SR101") != "https://example.org/secrot-lint/docs/rules/SR101.md": errs.append("--help-uri-base: %s" % h.get("SR101"))
p = {r["id"]: r.get("helpUri") for r in rules("policy.sarif")}
if p.get("SR301") != "https://example.org/r/SR301.html": errs.append("policy help_uri_base: %s" % p.get("SR301"))
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "sarif: helpUri absolute from --help-uri-base or the policy, else absent"; else no "sarif: helpUri" "$msg"; fi
out=$("$L" -f sarif --help-uri-base docs/rules examples/seed-template.yaml 2>&1)
if [ $? = 2 ] && grep -q 'absolute' <<<"$out"; then ok "sarif: a relative --help-uri-base is a usage error"; else no "relative help base" "$out"; fi

# 5. Fingerprints survive moved lines and the working directory; a new
#    value gets a new one.
fp() { python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
print(" ".join(sorted("%s=%s" % (x["ruleId"], x["partialFingerprints"]["secrotLint/v2"]) for x in r)))' "$1"; }
(cd "$R" && "$L" -f sarif -o "$T/a.sarif" infra/nested/db.yaml)
{ printf '# moved down\n\nAWSTemplateFormatVersion: "2010-09-09"\n'; cat "$R/infra/nested/db.yaml"; } >"$T/moved" && mv "$T/moved" "$R/infra/nested/db.yaml"
(cd "$R/infra" && "$L" -f sarif -o "$T/b.sarif" nested/db.yaml)
sed -i 's/Sup3rSecretPassw0rd/An0therPlaintextOne/' "$R/infra/nested/db.yaml"
(cd "$R" && "$L" -f sarif -o "$T/c.sarif" infra/nested/db.yaml)
a=$(fp "$T/a.sarif") b=$(fp "$T/b.sarif") c=$(fp "$T/c.sarif")
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "sarif: fingerprints kept when lines move and from another folder"; else no "fingerprints moved" "$a / $b"; fi
if [ "$(grep -o 'SR301=[^ ]*' <<<"$a")" != "$(grep -o 'SR301=[^ ]*' <<<"$c")" ]; then ok "sarif: a new plaintext value has a new fingerprint"; else no "fingerprint of a new value" "$c"; fi

# 6. security-severity from the rule descriptor: the documented scale,
#    a plaintext credential above a missing alarm.
msg=$(python3 - "$T/root.sarif" "$ROOT/docs/severity.md" 2>&1 <<'P'
import json, re, sys
rules = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]
sev = {r["id"]: float(r["properties"]["security-severity"]) for r in rules if "security-severity" in r["properties"]}
errs = []
if len(set(sev.values())) < 6: errs.append("only %d distinct scores" % len(set(sev.values())))
if not sev.get("SR301", 0) > sev.get("SR109", 10): errs.append("SR301 %s not above SR109 %s" % (sev.get("SR301"), sev.get("SR109")))
if not sev.get("SR301", 0) >= 9.0: errs.append("a plaintext credential is critical")
doc = open(sys.argv[2]).read()
table = dict(re.findall(r"^\| \[?(SR\d{3})\]?[^|]*\| *([0-9.]+) *\|", doc, re.M))
for rid, v in sev.items():
    if rid not in table: errs.append(rid + " not in docs/severity.md")
    elif abs(float(table[rid]) - v) > 1e-9: errs.append("%s: %s in docs, %s in SARIF" % (rid, table[rid], v))
print("; ".join(errs[:6]))
P
)
if [ -z "$msg" ]; then ok "sarif: security-severity per rule, as docs/severity.md lists it"; else no "security-severity" "$msg"; fi
