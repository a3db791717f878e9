#!/usr/bin/env bash
# ci_action.sh - the CI integrations of docs/ci.md run locally in a
# throwaway git repository: every shell step of action.yml (as the runner
# runs a composite step: bash -eo pipefail, its env with the ${{ }}
# expressions filled in, GITHUB_OUTPUT, GITHUB_ACTION_PATH, RUNNER_TEMP),
# the upload step's condition and the SARIF it would upload, the gate
# step; and the script of the GitLab job with its JUnit report.
set -u
ROOT=$(pwd)
L=${SECROT_LINT:-build/secrot-lint}
L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

if ! python3 -c 'import yaml' 2>/dev/null; then
    skip "action.yml steps" "python3-yaml not installed"
    exit 0
fi
if [ "${SR_SANITIZER:-0}" = 1 ]; then
    skip "action.yml steps" "the action builds its own binary; run in the plain suite"
    exit 0
fi

R=$T/repo
mkdir -p "$R/infra" "$T/tmp"
git init -q "$R"
cp examples/seed-template.yaml "$R/infra/seed.yaml"
cat >"$R/infra/db.yaml" <<'Y'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      MasterUsername: admin
      MasterUserPassword: Sup3rSecretPassw0rd
Y

# The runner: python reads action.yml and runs each step in the repository.
cat >"$T/runner.py" <<'P'
import json, os, re, subprocess, sys
action_path, work, temp, inputs_json, skip_build = sys.argv[1:6]
action = __import__("yaml").safe_load(open(os.path.join(action_path, "action.yml")))
given = json.loads(inputs_json)
inputs = {k: str(given.get(k, v.get("default", ""))) for k, v in action["inputs"].items()}
unknown = set(given) - set(inputs)
assert not unknown, "unknown inputs %s" % unknown
steps = {}
def expr(s, step_ok=True):
    def one(m):
        e = m.group(1).strip()
        if e.startswith("inputs."):
            return inputs[e[7:]]
        if e.startswith("steps."):
            _, sid, _, key = e.split(".")
            return steps.get(sid, {}).get(key, "")
        if e == "github.action_path":
            return action_path
        raise SystemExit("unknown expression " + e)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(s))
def cond(c):
    # The conditions of this action: always(), ==, && of those.
    c = c.strip()
    if c.startswith("${{"):
        c = c[3:-2]
    parts = [p.strip() for p in c.split("&&")]
    for p in parts:
        if p == "always()":
            continue
        lhs, rhs = [x.strip() for x in p.split("==")]
        if expr("${{ %s }}" % lhs) != rhs.strip("'"):
            return False
    return True
report = []
status = 0
for st in action["runs"]["steps"]:
    name = st["name"]
    if "if" in st and not cond(st["if"]):
        report.append({"name": name, "ran": False})
        continue
    if "uses" in st:
        report.append({"name": name, "uses": st["uses"], "with": {k: expr(v) for k, v in st.get("with", {}).items()}, "ran": False, "due": True})
        continue
    if skip_build == "1" and name in ("Install build dependencies", "Build secrot-lint"):
        continue
    out_file = os.path.join(temp, "output-%d" % len(report))
    open(out_file, "w").close()
    env = dict(os.environ, GITHUB_OUTPUT=out_file, GITHUB_ACTION_PATH=action_path, RUNNER_TEMP=temp,
               GITHUB_WORKSPACE=work)
    env.update({k: expr(v) for k, v in st.get("env", {}).items()})
    assert st.get("shell") == "bash", name + ": shell"
    p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", st["run"]], cwd=work, env=env,
                       capture_output=True, text=True)
    outs = dict(l.split("=", 1) for l in open(out_file).read().splitlines() if "=" in l)
    if "id" in st:
        steps[st["id"]] = outs
    report.append({"name": name, "rc": p.returncode, "stdout": p.stdout[-2000:], "stderr": p.stderr[-2000:], "outputs": outs, "ran": True})
    if p.returncode != 0:
        status = p.returncode
        break
json.dump({"steps": report, "status": status}, open(os.path.join(temp, "report.json"), "w"), indent=1)
P

run_action() { # INPUTS_JSON SKIP_BUILD
    rm -f "$T/tmp/report.json"
    python3 "$T/runner.py" "$ROOT" "$R" "$T/tmp" "$1" "$2" >"$T/runner.log" 2>&1
}
step() { # report step-name field
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=[x for x in r["steps"] if x["name"]==sys.argv[2]]; v=s[0].get(sys.argv[3], "") if s else "missing"; print(json.dumps(v) if not isinstance(v,str) else v)' "$T/tmp/report.json" "$1" "$2"
}

# 1. Findings at or above fail-level: lint step passes, SARIF written, the
#    upload is due with it, the gate fails with the lint's status.
run_action '{"paths": "infra", "fail-level": "error"}' 0
if [ ! -f "$T/tmp/report.json" ]; then
    no "action.yml: steps ran" "$(tail -n 20 "$T/runner.log")"
    exit 0
fi
built=$(step "Build secrot-lint" rc)
if [ "$built" = 0 ] && grep -q "secrot-lint [0-9]" <<<"$(step "Build secrot-lint" stdout)" && [ -x "$T/tmp/secrot-lint-build/secrot-lint" ]; then
    ok "action: the build step builds secrot-lint in RUNNER_TEMP"
else
    no "action: build step" "rc $built: $(step "Build secrot-lint" stdout | tail -n 5)"
fi
lint_rc=$(step Lint rc)
code=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([s for s in r["steps"] if s["name"]=="Lint"][0]["outputs"].get("exit-code"))' "$T/tmp/report.json")
if [ "$lint_rc" = 0 ] && [ "$code" = 1 ] && grep -q 'SR301' <<<"$(step Lint stdout)"; then
    ok "action: the lint step records exit-code 1 and prints the findings"
else
    no "action: lint step" "rc $lint_rc, exit-code $code: $(step Lint stderr)"
fi
msg=$(python3 - "$T/tmp/report.json" "$R" 2>&1 <<'P'
import json, sys
rep, R = json.load(open(sys.argv[1])), sys.argv[2]
errs = []
up = [s for s in rep["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
if not up or not up[0].get("due"): errs.append("upload step not due")
else:
    w = up[0]["with"]
    if w.get("category") != "secrot-lint": errs.append("category %s" % w)
    d = json.load(open(R + "/" + w["sarif_file"]))
    res = d["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in res}
    if uris != {"infra/seed.yaml", "infra/db.yaml"}: errs.append("uris %s" % uris)
    if not any(r["ruleId"] == "SR301" for r in res): errs.append("no SR301")
gate = [s for s in rep["steps"] if s["name"] == "Fail on findings"]
if not gate or gate[0].get("rc") != 1 or "exited with status 1" not in gate[0].get("stdout", ""):
    errs.append("gate %s" % gate)
if rep["status"] != 1: errs.append("job status %s" % rep["status"])
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "action: upload due with a SARIF of repository-relative URIs; the gate fails the job (1)"; else no "action: upload and gate" "$msg"; fi

# 2. fail-level none, a baseline, extra args: the job passes.
(cd "$R" && "$L" --write-baseline .secrot-lint-baseline.json infra 2>/dev/null)
run_action '{"paths": "infra", "baseline": ".secrot-lint-baseline.json", "args": "--exclude seed.yaml", "upload": "false"}' 1
msg=$(python3 - "$T/tmp/report.json" "$R" 2>&1 <<'P'
import json, sys
rep, R = json.load(open(sys.argv[1])), sys.argv[2]
errs = []
if rep["status"] != 0: errs.append("job failed %s" % rep["steps"][-1])
lint = [s for s in rep["steps"] if s["name"] == "Lint"][0]
if lint["outputs"].get("exit-code") != "0": errs.append("exit-code %s" % lint["outputs"])
if "matched the baseline" not in lint["stdout"] or "1 file excluded" not in lint["stdout"]: errs.append("log " + lint["stdout"][-300:])
if any(s.get("uses") for s in rep["steps"] if s.get("due")): errs.append("upload ran with upload: false")
print("; ".join(errs))
P
)
if [ -z "$msg" ]; then ok "action: baseline, args and upload inputs; the job passes with nothing new"; else no "action: inputs" "$msg"; fi

# 2b. On a pull request the policy is the base branch's: a policy file the
#     pull request adds does not loosen the gate; without a base policy, the
#     defaults; policy: tree takes the pull request's file.
git -C "$R" -c user.name=t -c user.email=t@t add -A >/dev/null
git -C "$R" -c user.name=t -c user.email=t@t commit -qm base
git -C "$R" branch -q -M main
git -C "$R" remote add origin "$R"
git -C "$R" checkout -q -b pr
printf 'version: 1\ndisable: [SR3]\n' >"$R/infra/.secrot-lint.yaml"
git -C "$R" -c user.name=t -c user.email=t@t add -A >/dev/null
git -C "$R" -c user.name=t -c user.email=t@t commit -qm "loosen the gate"
policy_case() { # NAME INPUTS BASE_REF WANT_SR301(1/0) WANT_LOG
    GITHUB_BASE_REF=$3 run_action "$2" 1
    local lint
    lint=$(step Lint stdout)
    if [ ! -f "$T/tmp/report.json" ]; then
        no "action policy: $1" "$(tail -n 5 "$T/runner.log")"
    elif [ "$4" = 1 ] && ! grep -q SR301 <<<"$lint"; then
        no "action policy: $1" "SR301 not reported: ${lint: -300}"
    elif [ "$4" = 0 ] && grep -q SR301 <<<"$lint"; then
        no "action policy: $1" "SR301 reported although the policy disables it"
    elif ! grep -q "$5" <<<"$lint"; then
        no "action policy: $1" "log does not say '$5': ${lint:0:300}"
    else
        ok "action policy: $1"
    fi
}
policy_case "pull request: the base branch has no policy, the defaults gate (the PR's disable is ignored)" \
    '{"paths": "infra", "upload": "false"}' main 1 "base branch main has no .secrot-lint.yaml: the defaults"
policy_case "policy: tree takes the nearest policy file" \
    '{"paths": "infra", "upload": "false", "policy": "tree"}' main 0 "the nearest .secrot-lint.yaml"
policy_case "not a pull request: the tree's policy" \
    '{"paths": "infra", "upload": "false"}' "" 0 "not a pull request"
git -C "$R" checkout -qf main
printf 'version: 1\nmin_password_length: 40\n' >"$R/.secrot-lint.yaml"
git -C "$R" -c user.name=t -c user.email=t@t add -A >/dev/null
git -C "$R" -c user.name=t -c user.email=t@t commit -qm "base policy"
git -C "$R" checkout -qf pr
policy_case "pull request: the base branch's own policy file" \
    '{"paths": "infra", "upload": "false"}' main 1 "of the base branch main"
GITHUB_BASE_REF=no-such-branch run_action '{"paths": "infra", "upload": "false"}' 1
if [ "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["status"])' "$T/tmp/report.json" 2>/dev/null)" = 2 ] &&
    grep -q "cannot fetch the base branch" <<<"$(step Lint stdout)"; then
    ok "action policy: a base branch that cannot be fetched fails the job (exit 2), never lints without the policy"
else
    no "action policy: unfetchable base" "$(tail -c 600 "$T/tmp/report.json" 2>/dev/null)"
fi
git -C "$R" checkout -qf main

# 3. The GitLab job's script (docs/ci.md), with the binary on PATH.
script=$(sed -n '/# gitlab-script:begin/,/# gitlab-script:end/p' "$ROOT/docs/ci.md" | sed -n 's/^ *- //p')
if [ -z "$script" ]; then
    no "gitlab: script" "no gitlab-script block in docs/ci.md"
else
    (cd "$R" && PATH=$(dirname "$L"):$PATH bash -e -c "$script") >"$T/gl.out" 2>&1
    rc=$?
    fails=$(grep -c '<failure' "$R/secrot-lint.xml" 2>/dev/null)
    errors=$("$L" -f json "$R" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["errors"])')
    if [ $rc = 1 ] && [ "$fails" = "$errors" ] && [ "$fails" -gt 0 ] && { ! command -v xmllint >/dev/null || xmllint --noout "$R/secrot-lint.xml"; }; then
        ok "gitlab: the job's script fails on errors and writes a JUnit report with one failure per error"
    else
        no "gitlab: script" "rc $rc, $fails failures for $errors errors: $(tail -n 5 "$T/gl.out")"
    fi
fi
