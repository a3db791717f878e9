#!/usr/bin/env bash
# install_make.sh - `make install PREFIX=... DESTDIR=...` puts the binary,
# the man page and the bash completion where they belong, the installed
# binary runs on its own (schemas embedded), and `make uninstall` removes
# all three.
set -u
BUILD=${BUILD:-build}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

command -v make >/dev/null 2>&1 || { skip "make install" "make not installed"; exit 0; }
D=$T/root
P=/opt/sl
if ! make -s install BUILD="$BUILD" PREFIX=$P DESTDIR="$D" >"$T/log" 2>&1; then
    no "make install" "$(tail -n 10 "$T/log")"
    exit 0
fi
ok "make install PREFIX=$P DESTDIR=..."

bin=$D$P/bin/secrot-lint
man=$D$P/share/man/man1/secrot-lint.1
comp=$D$P/share/bash-completion/completions/secrot-lint
if [ -x "$bin" ]; then ok "binary in \$PREFIX/bin, executable"; else no "binary" "no $bin"; fi
if [ -f "$man" ] && cmp -s "$man" docs/secrot-lint.1; then ok "man page in \$PREFIX/share/man/man1"; else no "man page" "missing or different: $man"; fi
if [ -f "$comp" ] && cmp -s "$comp" docs/secrot-lint.bash; then ok "bash completion in \$PREFIX/share/bash-completion/completions"; else no "completion" "missing or different: $comp"; fi
if [ "$(stat -c %a "$man" 2>/dev/null)" = 644 ]; then ok "man page mode 644"; else no "man page mode" "$(stat -c %a "$man" 2>/dev/null)"; fi

# The installed binary is self-contained: run it from elsewhere, away from the tree.
cat >"$T/t.yaml" <<'Y'
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref Missing
Y
out=$(cd "$T" && "$bin" --format sarif t.yaml 2>&1)
rc=$?
if [ $rc -eq 1 ] && grep -q '"ruleId": "SR003"' <<<"$out"; then ok "installed binary lints from another folder"; else no "installed binary" "rc $rc: $(head -c 300 <<<"$out")"; fi
if (cd "$T" && "$bin" --version) >/dev/null 2>&1; then ok "installed binary --version"; else no "--version" "failed"; fi
if command -v man >/dev/null 2>&1; then
    if MANPATH=$D$P/share/man man -w secrot-lint >/dev/null 2>&1; then ok "man finds the installed page"; else no "man -w" "not found under $D$P/share/man"; fi
fi

if ! make -s uninstall BUILD="$BUILD" PREFIX=$P DESTDIR="$D" >"$T/log" 2>&1; then
    no "make uninstall" "$(tail -n 10 "$T/log")"
    exit 0
fi
left=$(find "$D" -type f | sed "s|^$D||")
if [ -z "$left" ]; then ok "make uninstall removes every installed file"; else no "make uninstall" "left:$left"; fi
