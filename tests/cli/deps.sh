#!/usr/bin/env bash
# deps.sh - tools/deps.sh, the check behind `make demo` and `make check`:
# with everything installed it is silent; as a non-root user with a package
# missing it fails and prints the exact apt-get line.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin"
cat >"$T/bin/dpkg-query" <<'S'
#!/bin/sh
# reports every package installed except the ones in $MISSING
for last; do :; done
case " $MISSING " in *" $last "*) exit 1 ;; esac
echo "install ok installed"
S
cat >"$T/bin/id" <<'S'
#!/bin/sh
echo 1000
S
chmod +x "$T/bin/dpkg-query" "$T/bin/id"

out=$(PATH="$T/bin:$PATH" MISSING="" sh tools/deps.sh build 2>&1)
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] && echo "ok - silent when everything is installed" ||
    echo "not ok - silent when everything is installed: rc=$rc out=$out"

out=$(PATH="$T/bin:$PATH" MISSING="libcjson-dev libpcre2-dev" sh tools/deps.sh build 2>&1)
rc=$?
if [ $rc -ne 0 ] && grep -q 'apt-get update && apt-get install -y libcjson-dev libpcre2-dev' <<<"$out"; then
    echo "ok - non-root with missing packages prints the apt-get line and fails"
else
    echo "not ok - non-root with missing packages prints the apt-get line and fails: rc=$rc out=$out"
fi

out=$(PATH="$T/bin:$PATH" MISSING="graphviz" sh tools/deps.sh build 2>&1)
[ $? -eq 0 ] && echo "ok - test-only packages are not needed to build" ||
    echo "not ok - test-only packages are not needed to build: $out"
out=$(PATH="$T/bin:$PATH" MISSING="graphviz" sh tools/deps.sh test 2>&1)
[ $? -ne 0 ] && grep -q 'graphviz' <<<"$out" && echo "ok - the test suite asks for its tools" ||
    echo "not ok - the test suite asks for its tools: $out"
