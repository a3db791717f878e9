#!/usr/bin/env bash
# docs_rules.sh - the generated documentation is up to date: every rule has
# its docs/rules page equal to `secrot-lint --explain ID`, no page lacks a
# rule, the rule table and the seed graph match (tools/gen-docs.sh --check).
# Also shows the check can fail, on a copy with one page edited.
set -u
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }

L=$(cd "$(dirname "$L")" && pwd)/$(basename "$L")
if out=$(sh tools/gen-docs.sh --check "$L" 2>&1); then
    ok "docs/rules, rule table and seed graph are up to date"
else
    no "docs up to date" "$out"
fi

n_rules=$("$L" --list-rules | grep -c '^SR[0-9]')
n_pages=$(ls docs/rules/SR*.md 2>/dev/null | wc -l)
if [ "$n_rules" = "$n_pages" ]; then ok "one page per rule ($n_pages)"; else no "pages" "$n_pages pages for $n_rules rules"; fi

# The check notices an edited page and a page without a rule.
mkdir -p "$T/repo"
cp -r tools docs examples "$T/repo/" 2>/dev/null
[ -f README.md ] && cp README.md "$T/repo/"
first=$(ls "$T"/repo/docs/rules/SR*.md | head -n 1)
echo "edited by hand" >>"$first"
cp "$first" "$T/repo/docs/rules/SR999.md"
out=$(sh "$T/repo/tools/gen-docs.sh" --check "$L" 2>&1)
rc=$?
case "$rc:$out" in
1:*"$(basename "$first")"*SR999.md*) ok "the check fails on an edited page and a page without a rule" ;;
*) no "the check can fail" "rc $rc: $out" ;;
esac
# ... and generating repairs both.
sh "$T/repo/tools/gen-docs.sh" "$L" >/dev/null 2>&1
if sh "$T/repo/tools/gen-docs.sh" --check "$L" >/dev/null 2>&1 && [ ! -f "$T/repo/docs/rules/SR999.md" ]; then
    ok "gen-docs.sh regenerates and removes stale pages"
else
    no "regenerate" "still out of date"
fi
