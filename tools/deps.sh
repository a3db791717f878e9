#!/bin/sh
# deps.sh [build|test|deb] - makes sure the packages the build (and the tests)
# need are there. As root it installs what is missing with apt-get; as
# another user it prints the exact apt-get line and fails.
set -eu
want=${1:-build}
missing=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need_pkg() { # package
    have_pkg "$1" || missing="$missing $1"
}

if ! have_cmd dpkg-query; then
    # Not a Debian system: check with pkg-config only.
    pkg-config --exists yaml-0.1 libcjson libpcre2-8 2>/dev/null && exit 0
    echo "secrot-lint: needs libyaml, cJSON and PCRE2 development files (pkg-config: yaml-0.1 libcjson libpcre2-8)" >&2
    exit 1
fi

for p in gcc make pkg-config libyaml-dev libcjson-dev libpcre2-dev; do need_pkg "$p"; done
if [ "$want" = test ]; then
    for p in python3 python3-jsonschema python3-yaml libxml2-utils graphviz git pre-commit groff-base \
        clang libclang-rt-14-dev cppcheck clang-tidy valgrind time hyperfine patch jq util-linux; do
        need_pkg "$p"
    done
fi
if [ "$want" = deb ]; then
    for p in dpkg-dev debhelper fakeroot lintian; do need_pkg "$p"; done
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
    echo "secrot-lint: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
    exit 0
fi
echo "secrot-lint: missing packages; run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
