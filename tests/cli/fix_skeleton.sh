#!/usr/bin/env bash
# fix_skeleton.sh - the custom rotation scaffold, deployed as written, starts
# no rotation and no rotation test that fails, and its handler does what its
# steps promise. On a fresh --fix --unsafe-fixes of a SAM template and a plain
# CloudFormation one:
#   - every schedule the fix adds has a Condition on a new parameter whose
#     default is 'false' (no schedule, so no rotation, at the first deploy);
#   - the handler compiles (python3 -m py_compile);
#   - with a stub Secrets Manager client (no network, no boto3 needed), the
#     steps do the staging-label work: createSecret stores one AWSPENDING
#     value (the JSON secret's "password" replaced, its other keys kept) and
#     does it once; setSecret raises until it is written; testSecret alone
#     (the configuration test Secrets Manager runs when a schedule is made)
#     passes; finishSecret moves AWSCURRENT to the new version and
#     AWSPREVIOUS to the old one, and a second finishSecret changes nothing.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

cat >"$T/schedule.py" <<'P'
import sys
import yaml

class Loader(yaml.SafeLoader):
    pass

def any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        v = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        v = loader.construct_sequence(node, deep=True)
    else:
        v = loader.construct_mapping(node, deep=True)
    return {"Fn::" + suffix if suffix != "Ref" else "Ref": v}

Loader.add_multi_constructor("!", any_tag)
t = yaml.load(open(sys.argv[1], encoding="utf-8-sig"), Loader=Loader)
scheds = {k: r for k, r in t["Resources"].items() if r.get("Type") == "AWS::SecretsManager::RotationSchedule"}
if not scheds:
    sys.exit("no RotationSchedule in the fixed template")
for name, r in scheds.items():
    cond = r.get("Condition")
    if not cond:
        sys.exit("schedule %s has no Condition" % name)
    eq = t.get("Conditions", {}).get(cond, {}).get("Fn::Equals")
    if not eq or eq[1] != "true" or "Ref" not in eq[0]:
        sys.exit("condition %s is not Fn::Equals [Ref P, 'true']: %r" % (cond, eq))
    p = t.get("Parameters", {}).get(eq[0]["Ref"], {})
    if str(p.get("Default")) != "false":
        sys.exit("parameter %s defaults to %r" % (eq[0]["Ref"], p.get("Default")))
P
cat >"$T/steps.py" <<'P'
import importlib.util, json, os, sys, types

class NotFound(Exception):
    pass

class Stub:
    """The Secrets Manager calls a rotation handler makes, on one secret."""
    class exceptions:
        ResourceNotFoundException = NotFound

    def __init__(self):
        self.versions = {"v1": {"SecretString": json.dumps({"username": "app", "password": "old"}),
                                "stages": {"AWSCURRENT"}}}
        self.puts = 0

    def describe_secret(self, SecretId):
        return {"RotationEnabled": True,
                "VersionIdsToStages": {v: sorted(d["stages"]) for v, d in self.versions.items()}}

    def get_secret_value(self, SecretId, VersionId=None, VersionStage=None):
        for v, d in self.versions.items():
            if (VersionId is None or v == VersionId) and (VersionStage is None or VersionStage in d["stages"]):
                if "SecretString" not in d:
                    raise NotFound()
                return {"VersionId": v, "SecretString": d["SecretString"]}
        raise NotFound()

    def get_random_password(self, **kw):
        return {"RandomPassword": "N3w-" + "x" * (int(kw.get("PasswordLength", 32)) - 4)}

    def put_secret_value(self, SecretId, ClientRequestToken, SecretString, VersionStages):
        self.puts += 1
        d = self.versions.setdefault(ClientRequestToken, {"stages": set()})
        d["SecretString"] = SecretString
        d["stages"].update(VersionStages)

    def update_secret_version_stage(self, SecretId, VersionStage, MoveToVersionId, RemoveFromVersionId=None):
        if RemoveFromVersionId:
            self.versions[RemoveFromVersionId]["stages"].discard(VersionStage)
            if VersionStage == "AWSCURRENT":
                for d in self.versions.values():
                    d["stages"].discard("AWSPREVIOUS")
                self.versions[RemoveFromVersionId]["stages"].add("AWSPREVIOUS")
        self.versions[MoveToVersionId]["stages"].add(VersionStage)
        if VersionStage == "AWSCURRENT":
            self.versions[MoveToVersionId]["stages"].discard("AWSPENDING")

stub = Stub()
boto3 = types.ModuleType("boto3")
boto3.client = lambda name, **kw: stub
sys.modules["boto3"] = boto3
os.environ.setdefault("SECRETS_MANAGER_ENDPOINT", "https://secretsmanager.invalid")
spec = importlib.util.spec_from_file_location("handler", sys.argv[1])
h = importlib.util.module_from_spec(spec)
spec.loader.exec_module(h)

def step(name, token="v2"):
    h.lambda_handler({"SecretId": "S", "ClientRequestToken": token, "Step": name}, None)

def fail(msg):
    print(msg)
    sys.exit(1)

# Secrets Manager makes the pending version (no value yet) before createSecret.
stub.versions["v2"] = {"stages": {"AWSPENDING"}}
step("createSecret")
new = json.loads(stub.versions["v2"]["SecretString"])
if new.get("username") != "app" or not new.get("password", "").startswith("N3w-"):
    fail("createSecret stored %r" % new)
step("createSecret")
if stub.puts != 1:
    fail("createSecret ran twice: %d puts" % stub.puts)
try:
    step("setSecret")
    fail("setSecret did not raise while unwritten")
except NotImplementedError:
    pass
step("testSecret")  # the configuration test: must pass
if "AWSCURRENT" not in stub.versions["v1"]["stages"]:
    fail("a step before finishSecret moved AWSCURRENT")
step("finishSecret")
if stub.versions["v2"]["stages"] != {"AWSCURRENT"} or stub.versions["v1"]["stages"] != {"AWSPREVIOUS"}:
    fail("after finishSecret: %r" % {v: sorted(d["stages"]) for v, d in stub.versions.items()})
step("finishSecret")  # already current: nothing changes
if stub.versions["v2"]["stages"] != {"AWSCURRENT"}:
    fail("a second finishSecret changed the labels")
P

for case in SR101-sam-2space SR101-cfn-4space SR101-json; do
    src=fixtures/fix/$case
    in=$(ls "$src" | grep -E '^input\.(yaml|json)$' | head -n 1)
    mkdir -p "$T/$case"
    cp "$src/$in" "$T/$case/$in"
    (cd "$T/$case" && "$BIN" --fix --unsafe-fixes "$in" >/dev/null 2>"$T/$case.err")
    handler=$(cd "$T/$case" && find rotation -name lambda_function.py 2>/dev/null | head -n 1)
    if [ -z "$handler" ]; then
        no "$case: scaffold" "no handler was written: $(head -c 300 "$T/$case.err")"
        continue
    fi
    if python3 "$T/schedule.py" "$T/$case/$in" >"$T/sched.out" 2>&1; then
        ok "$case: the schedule is off until its parameter is set (default false)"
    else
        no "$case: schedule" "deploying as written would start a rotation: $(cat "$T/sched.out")"
    fi
    if python3 -m py_compile "$T/$case/$handler" 2>"$T/pyc.err"; then
        ok "$case: handler compiles"
    else
        no "$case: handler" "py_compile: $(cat "$T/pyc.err")"
        continue
    fi
    if out=$(python3 "$T/steps.py" "$T/$case/$handler" 2>&1); then
        ok "$case: createSecret, testSecret and finishSecret move the staging labels; setSecret waits to be written"
    else
        no "$case: handler steps" "$out"
    fi
done
