#!/usr/bin/env bash
# many_files_memory.sh - a run over many files holds one file's working set
# per thread, not every file's: the peak resident size of a lint of 24 copies
# of a template stays within a few MiB of the lint of one copy, for the
# formats that read only findings (text, brief, junit, github), and for JSON
# and SARIF, which make each file's part when it is linted. Each copy has
# findings, so the findings are kept and the document, graph and text freed.
# The report of the 24 copies is also the report of one copy, 24 times over:
# what is kept is all the report reads.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

if [ -n "${SR_SANITIZER:-}" ]; then
    echo "skip - many files in one call: measured in the plain suite (a sanitizer build keeps freed memory in quarantine)"
    exit 0
fi

# One template of about 1 MiB: 600 secrets without rotation, each a finding.
python3 - "$T/one" <<'P'
import os, sys
out = sys.argv[1]
os.makedirs(out)
parts = ["AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"]
for i in range(600):
    parts.append(
        "  Secret%d:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n"
        "      Description: the database password of service %d, kept in Secrets Manager\n"
        "      GenerateSecretString:\n        SecretStringTemplate: '{\"username\": \"app\"}'\n"
        "        GenerateStringKey: password\n        PasswordLength: 32\n"
        "      Tags:\n        - Key: team\n          Value: payments-%d\n" % (i, i, i))
open(os.path.join(out, "t.yaml"), "w").write("".join(parts))
P
mkdir "$T/many"
for i in $(seq -w 1 24); do cp "$T/one/t.yaml" "$T/many/t$i.yaml"; done

# Peak resident KiB of one run (its exit status 0 or 1 is expected).
peak() { # FORMAT DIR
    python3 - "$L" "$1" "$2" "$T/out" <<'P'
import resource, subprocess, sys
lint, fmt, d, out = sys.argv[1:5]
with open(out, "wb") as f:
    rc = subprocess.call([lint, "-j", "1", "--no-config", "-f", fmt, d], stdout=f)
if rc not in (0, 1):
    sys.exit("exit status %d" % rc)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
P
}

for fmt in text brief junit github json sarif; do
    one=$(peak "$fmt" "$T/one") || { no "many files, $fmt" "the lint of one file failed"; continue; }
    cp "$T/out" "$T/one.$fmt"
    many=$(peak "$fmt" "$T/many") || { no "many files, $fmt" "the lint of 24 files failed"; continue; }
    # 24 files cost 24 times the findings (about 0.3 MiB each here), never
    # 24 times the working set of a file (about 15 MiB; 45 MiB for JSON,
    # which plans and verifies every fix). JSON keeps each file's part of
    # the report until it is written (SARIF likewise): up to the report's
    # size more.
    limit=$((one + 16 * 1024))
    case $fmt in
    json | sarif) limit=$((limit + $(wc -c <"$T/out") * 3 / 2 / 1024)) ;;
    esac
    if [ "$many" -le "$limit" ]; then
        ok "many files, $fmt: peak ${many} KiB for 24 files, ${one} KiB for one"
    else
        no "many files, $fmt" "peak ${many} KiB for 24 files, over ${limit} KiB (one file: ${one} KiB)"
    fi
done

# What is kept is what the reports read: the text report of 24 copies is the
# report of one copy for each file name.
n1=$(grep -c 'SR101' "$T/one.text")
"$L" -j 1 --no-config -f text "$T/many" >"$T/many.text" 2>/dev/null
if [ "$n1" -gt 0 ] && [ "$(grep -c SR101 "$T/many.text")" -eq $((n1 * 24)) ] &&
    diff <(sed "s|^$T/one/t.yaml|F|" "$T/one.text" | grep SR101) \
        <(grep "^$T/many/t01.yaml" "$T/many.text" | sed "s|^$T/many/t01.yaml|F|" | grep SR101) \
        >/dev/null; then
    ok "many files: each file's findings are reported as they are for the file alone"
else
    no "many files" "the findings of the 24 copies differ from those of one ($n1 per file)"
fi
