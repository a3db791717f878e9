#!/bin/sh
# pre-commit-hook.sh [OPTIONS] FILE... - the entry of the pre-commit hooks
# in .pre-commit-hooks.yaml. Runs secrot-lint on the files pre-commit passes
# (changed *.yaml *.yml *.json *.template; files that are not templates are
# skipped by secrot-lint itself).
#
# The binary: $SECROT_LINT_BIN when set, else build/secrot-lint of the hook's
# own checkout, built on first use (pre-commit keeps the checkout in its
# cache, one per pinned revision). Concurrent first uses build once.
#
# The policy is pinned for the whole run: the repository root's
# .secrot-lint.yaml when it has one, else the built-in defaults, so a policy
# file added in a subfolder (or above the checkout) by the change being
# checked cannot disarm the hook. A -c/--config or --no-config in the hook's
# args replaces this choice.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)

pinned=0
for a in "$@"; do
    case $a in
    -c | -c?* | --config | --config=* | --no-config) pinned=1 ;;
    --) break ;;
    esac
done
if [ "$pinned" = 0 ]; then
    top=$(git rev-parse --show-toplevel 2>/dev/null) || top=$(pwd)
    if [ -f "$top/.secrot-lint.yaml" ] && [ ! -L "$top/.secrot-lint.yaml" ]; then
        set -- --config "$top/.secrot-lint.yaml" "$@"
    else
        set -- --no-config "$@"
    fi
fi

if [ -n "${SECROT_LINT_BIN:-}" ]; then
    exec "$SECROT_LINT_BIN" "$@"
fi

bin=$here/build/secrot-lint
mkdir -p "$here/build" || exit 2
build() {
    "$bin" --version >/dev/null 2>&1 && return 0
    if ! pkg-config --exists yaml-0.1 libcjson libpcre2-8 2>/dev/null; then
        echo "secrot-lint: building the hook needs a C compiler, make, pkg-config and the" >&2
        echo "libyaml, cJSON and PCRE2 development files; on Debian or Ubuntu:" >&2
        echo "  apt-get install -y gcc make pkg-config libyaml-dev libcjson-dev libpcre2-dev" >&2
        echo "or install secrot-lint and set SECROT_LINT_BIN to its path." >&2
        return 2
    fi
    echo "secrot-lint: first use: building in $here" >&2
    # Our own build, whatever make or BUILD settings the caller's environment
    # carries (a hook may run under another make).
    jobs=$(nproc 2>/dev/null || echo 2)
    if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$here" -j"$jobs" BUILD=build all \
        >"$here/build/hook-build.log" 2>&1; then
        echo "secrot-lint: the build failed; the end of $here/build/hook-build.log:" >&2
        tail -n 20 "$here/build/hook-build.log" >&2
        return 2
    fi
}

if command -v flock >/dev/null 2>&1; then
    (
        flock 9 || exit 2
        build
    ) 9>"$here/build/hook-build.lock" || exit 2
else
    build || exit 2
fi
exec "$bin" "$@"
