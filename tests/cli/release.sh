#!/usr/bin/env bash
# release.sh - one version everywhere, and make release: the Makefile, the
# binary, the man page, debian/changelog and CHANGELOG.md agree in this
# tree; in a clone, make release refuses a version that disagrees, a dirty
# tree and an existing tag, and otherwise tags vX.Y.Z at HEAD.
set -u
ROOT=$(pwd)
L=${SECROT_LINT:-build/secrot-lint}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

v=$(sed -n 's/^VERSION := //p' Makefile)
man=$(sed -n 's/^\.TH .*"secrot-lint \([^"]*\)".*/\1/p' docs/secrot-lint.1)
deb=$(sed -n '1s/^secrot-lint (\([^)]*\)).*/\1/p' debian/changelog)
cl=$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md | head -n 1)
bin=$("$L" --version)
if [ -n "$v" ] && [ "$man" = "$v" ] && [ "$deb" = "$v" ] && [ "$cl" = "$v" ] && [ "$bin" = "secrot-lint $v" ]; then
    ok "one version ($v): Makefile, binary, man page, debian/changelog, CHANGELOG.md"
else
    no "versions agree" "Makefile $v, man $man, debian $deb, CHANGELOG $cl, binary '$bin'"
fi
sarif=$("$L" -f sarif examples/seed-template.yaml | python3 -c 'import json,sys; d=json.load(sys.stdin)["runs"][0]["tool"]["driver"]; print(d["version"], d["semanticVersion"])')
if [ "$sarif" = "$v $v" ]; then ok "SARIF names the same version"; else no "SARIF version" "$sarif"; fi

if [ "${SR_SANITIZER:-0}" = 1 ]; then
    skip "make release in a clone" "builds its own binary; run in the plain suite"
    exit 0
fi
if ! git -C "$ROOT" rev-parse HEAD >/dev/null 2>&1; then
    skip "make release in a clone" "not a git checkout"
    exit 0
fi
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid GIT_CONFIG_NOSYSTEM=1
C=$T/clone
git clone -q "$ROOT" "$C"
git -C "$C" tag -l | xargs -r git -C "$C" tag -d >/dev/null # only what release makes counts
cd "$C" || exit 1
mk() { make --no-print-directory release "$@" >"$T/out" 2>&1; }

mk VERSION=9.9.9
if [ $? != 0 ] && grep -q "the Makefile says $v" "$T/out" && [ -z "$(git tag -l)" ]; then ok "make release refuses a version the tree does not carry"; else no "wrong version" "$(cat "$T/out")"; fi
mk
if [ $? != 0 ] && grep -q 'give VERSION=x.y.z' "$T/out"; then ok "make release without VERSION refuses"; else no "no VERSION" "$(cat "$T/out")"; fi
echo x >>README.md
mk VERSION="$v"
if [ $? != 0 ] && grep -q 'not clean' "$T/out" && [ -z "$(git tag -l)" ]; then ok "make release refuses a dirty tree"; else no "dirty tree" "$(cat "$T/out")"; fi
git checkout -q README.md
sed -i "s/^## \[$v\]/## [0.0.1]/" CHANGELOG.md && git commit -qam "changelog out of step"
mk VERSION="$v"
if [ $? != 0 ] && grep -q 'first version of CHANGELOG.md' "$T/out"; then ok "make release refuses a CHANGELOG.md out of step"; else no "changelog check" "$(cat "$T/out")"; fi
git reset -q --hard HEAD~1
mk VERSION="$v"
rc=$?
if [ $rc = 0 ] && [ "$(git rev-parse "v$v^{commit}" 2>/dev/null)" = "$(git rev-parse HEAD)" ] &&
    [ "$(git cat-file -t "v$v")" = tag ]; then
    ok "make release VERSION=$v tags v$v (annotated) at HEAD"
else
    no "make release" "rc $rc: $(cat "$T/out")"
fi
mk VERSION="$v"
if [ $? != 0 ] && grep -q "tag v$v exists" "$T/out"; then ok "make release refuses an existing tag"; else no "existing tag" "$(cat "$T/out")"; fi
