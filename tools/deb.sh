#!/bin/sh
# deb.sh VERSION - builds the Debian package (make deb): copies the source
# tree (the files git tracks or would track, or everything but build/ and
# .git outside a checkout) to build/deb/secrot-lint-VERSION, runs
# dpkg-buildpackage -us -uc -b there and lintian on the result. The .deb
# lands in build/deb/. Fails when debian/changelog does not carry VERSION
# or lintian reports an error.
set -eu
version=$1
top=$(pwd)
out=$top/build/deb
src=$out/secrot-lint-$version

deb_version=$(dpkg-parsechangelog -S Version)
if [ "$deb_version" != "$version" ]; then
    echo "deb: debian/changelog is at $deb_version, the Makefile at $version" >&2
    exit 1
fi
rm -rf "$out"
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard |
        xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
        tar --null -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$src"
fi
cd "$src"
echo "deb: dpkg-buildpackage -us -uc -b in $src" >&2
dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1 || {
    tail -n 30 "$out/build.log" >&2
    exit 1
}
cd "$out"
deb=$(ls secrot-lint_"$version"_*.deb)
echo "deb: $out/$deb" >&2
if command -v lintian >/dev/null 2>&1; then
    lintian --no-tag-display-limit "$deb" >lintian.log 2>&1 || true
    cat lintian.log >&2
    if grep -q '^E: ' lintian.log; then
        echo "deb: lintian reports errors" >&2
        exit 1
    fi
else
    echo "deb: lintian not installed; not checked" >&2
fi
