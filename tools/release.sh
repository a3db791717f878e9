#!/bin/sh
# release.sh VERSION - make release: checks that the work tree is clean and
# that the Makefile, the binary built from this tree, the man page,
# debian/changelog and CHANGELOG.md all carry VERSION, then makes the
# annotated tag vVERSION. Changes nothing when a check fails.
set -eu
v=${1:-}
fail() {
    echo "release: $*" >&2
    exit 1
}
echo "$v" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' || fail "give VERSION=x.y.z (got '$v')"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "not a git checkout"
dirty=$(git status --porcelain --untracked-files=normal)
[ -z "$dirty" ] || fail "the work tree is not clean:
$dirty"
! git rev-parse -q --verify "refs/tags/v$v" >/dev/null || fail "tag v$v exists already"

mk=$(sed -n 's/^VERSION := //p' Makefile)
[ "$mk" = "$v" ] || fail "the Makefile says $mk (VERSION :=), not $v"
man=$(sed -n 's/^\.TH .*"secrot-lint \([^"]*\)".*/\1/p' docs/secrot-lint.1)
[ "$man" = "$v" ] || fail "the man page says '$man', not $v"
deb=$(sed -n '1s/^secrot-lint (\([^)]*\)).*/\1/p' debian/changelog)
[ "$deb" = "$v" ] || fail "debian/changelog says '$deb', not $v"
cl=$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md | head -n 1)
[ "$cl" = "$v" ] || fail "the first version of CHANGELOG.md is '$cl', not $v"
out=build/release
mkdir -p build
env -u MAKEFLAGS make --no-print-directory BUILD="$out" all >"$out.log" 2>&1 || {
    tail -n 20 "$out.log" >&2
    fail "the build failed"
}
bin=$("$out/secrot-lint" --version)
[ "$bin" = "secrot-lint $v" ] || fail "the binary says '$bin', not secrot-lint $v"

git tag -a "v$v" -m "secrot-lint $v"
echo "release: tagged v$v at $(git rev-parse --short HEAD); publish it with: git push origin v$v"
