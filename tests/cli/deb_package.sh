#!/usr/bin/env bash
# deb_package.sh - make deb builds the Debian package with
# dpkg-buildpackage -us -uc -b, lintian reports no error, and the package
# extracted with dpkg-deb -x into a temporary root holds the binary, the man
# page and the completion; the installed binary lints the seed example as
# the README shows and agrees on the version.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

if [ "${SR_SANITIZER:-0}" = 1 ] || [ "${SR_VALGRIND:-0}" = 1 ]; then
    skip "debian package" "the package builds its own binary; run in the plain suite"
    exit 0
fi
have_tools() { command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && command -v lintian >/dev/null; }
if ! have_tools && [ "$(id -u)" = 0 ]; then
    sh tools/deps.sh deb >"$T/deps.log" 2>&1
fi
if ! have_tools; then
    why="dpkg-buildpackage, debhelper or lintian missing"
    [ "$(id -u)" = 0 ] && why="$why and apt-get could not install them: $(tail -n 2 "$T/deps.log" | tr '\n' ' ')" ||
        why="$why (not root: run 'sh tools/deps.sh deb' as root)"
    skip "debian package" "$why"
    exit 0
fi

version=$(sed -n 's/^VERSION := //p' Makefile)
make --no-print-directory deb >"$T/deb.log" 2>&1
rc=$?
deb=build/deb/secrot-lint_${version}_$(dpkg --print-architecture).deb
if [ $rc = 0 ] && [ -f "$deb" ]; then ok "make deb builds $deb"; else no "make deb" "rc $rc: $(tail -n 15 "$T/deb.log")"; exit 0; fi
if [ -f build/deb/lintian.log ] && ! grep -q '^E: ' build/deb/lintian.log; then
    ok "lintian: no errors ($(grep -c '^W: ' build/deb/lintian.log) warnings)"
else
    no "lintian" "$(grep '^E: ' build/deb/lintian.log 2>/dev/null | head -n 5)"
fi
if grep -q 'dpkg-buildpackage -us -uc -b' "$T/deb.log"; then ok "built with dpkg-buildpackage -us -uc -b"; else no "dpkg-buildpackage" "$(head -n 3 "$T/deb.log")"; fi

dpkg-deb -x "$deb" "$T/root"
bin=$T/root/usr/bin/secrot-lint
miss=""
for f in usr/bin/secrot-lint usr/share/man/man1/secrot-lint.1.gz usr/share/bash-completion/completions/secrot-lint usr/share/doc/secrot-lint/copyright; do
    [ -e "$T/root/$f" ] || miss="$miss $f"
done
if [ -z "$miss" ]; then ok "the package holds the binary, man page, completion and copyright"; else no "package contents" "missing:$miss"; fi
if [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] && [ "$("$bin" --version)" = "secrot-lint $version" ] &&
    zcat "$T/root/usr/share/man/man1/secrot-lint.1.gz" | grep -q "^\.TH SECROT\\\\-LINT 1 .*\"secrot-lint $version\""; then
    ok "package, binary and man page agree on version $version"
else
    no "versions" "package $(dpkg-deb -f "$deb" Version), binary $("$bin" --version)"
fi
out=$("$bin" examples/seed-template.yaml 2>&1)
rc=$?
if [ $rc = 1 ] && grep -q '^examples/seed-template.yaml:28:34: error: .*\[SR003\]$' <<<"$out" &&
    grep -q '^4 errors, 1 warning, 0 info in 1 of 1 file$' <<<"$out"; then
    ok "the installed binary lints the seed example (exit 1, its findings)"
else
    no "installed binary on the seed" "rc $rc: $(tail -n 3 <<<"$out")"
fi
