#!/usr/bin/env bash
# docs_man.sh - the man page and the bash completion: groff shows no
# warnings; every option of --help is documented in the man page and known
# to the completion; the exit codes are documented; the completion offers
# formats, levels, rule ids (from the binary) and template files.
set -u
L=${SECROT_LINT:-build/secrot-lint}
MAN=docs/secrot-lint.1
COMP=$(pwd)/docs/secrot-lint.bash
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $1"; }
no() { echo "not ok - $1: $2"; }
skip() { echo "skip - $1: $2"; }

if command -v groff >/dev/null 2>&1; then
    warn=$(groff -man -ww -z "$MAN" 2>&1; for w in 60 80 100; do groff -man -ww -z -Tutf8 -rLL=${w}n "$MAN" 2>&1; done)
    if [ -z "$warn" ]; then ok "groff -man -ww -z: no warnings"; else no "groff warnings" "$warn"; fi
else
    skip "groff -man -ww -z" "groff not installed (Debian groff-base)"
fi

# Long options of --help, as the man page spells them (\-\-name).
opts=$("$L" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || no "--help lists options" "none found"
missing_man=""
missing_comp=""
for o in $opts; do
    esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$MAN" || missing_man="$missing_man $o"
    grep -qE -- "(^|[ \"])$o( |\"|$)" "$COMP" || missing_comp="$missing_comp $o"
done
if [ -z "$missing_man" ]; then ok "man page documents every option of --help ($(echo $opts | wc -w))"; else no "man page options" "missing:$missing_man"; fi
if [ -z "$missing_comp" ]; then ok "completion knows every option of --help"; else no "completion options" "missing:$missing_comp"; fi
# Short options too.
shorts=$("$L" --help | grep -oE '^  -[a-z],' | tr -d ' ,' | sort -u)
miss=""
for o in $shorts; do grep -q -- "^\.BR \\\\$o \"" "$MAN" || miss="$miss $o"; done
if [ -z "$miss" ]; then ok "man page documents the short options"; else no "short options" "missing:$miss"; fi

ver=$("$L" --version | awk '{print $NF}')
if grep -q "^\.TH SECROT\\\\-LINT 1 .* \"secrot-lint $ver\"" "$MAN"; then ok "man page version is $ver"; else no "man page version" "$(grep '^\.TH' "$MAN"), binary $ver"; fi

sect() { sed -n "/^\.SH $1\$/,/^\.SH /p" "$MAN"; }
es=$(sect "EXIT STATUS")
if grep -q '^\.B 0$' <<<"$es" && grep -q '^\.B 1$' <<<"$es" && grep -q '^\.B 2$' <<<"$es"; then ok "exit codes 0, 1, 2 documented"; else no "exit status section" "$es"; fi
for s in SYNOPSIS DESCRIPTION OPTIONS "OUTPUT FORMATS" CONFIGURATION SUPPRESSIONS EXAMPLES; do
    if [ -n "$(sect "$s")" ]; then ok "man page has $s"; else no "man page section" "$s missing"; fi
done
# Every format --help names is documented.
fmts=$("$L" --help | sed -n 's/.*--format FORMAT *//p' | tr -d ',' | sed 's/(default)//')
miss=""
for f in $fmts; do grep -q "^\.B $f\$" "$MAN" || miss="$miss $f"; done
if [ -n "$fmts" ] && [ -z "$miss" ]; then ok "man page documents every format ($(echo $fmts))"; else no "formats" "missing:$miss (of: $fmts)"; fi

# Completion: simulate bash's completion of a command line.
complete_line() { # words...
    bash -c '
        source "$0"
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        _secrot_lint
        printf "%s\n" "${COMPREPLY[@]}"' "$COMP" "$@" 2>&1 | LC_ALL=C sort | tr '\n' ' '
}
got=$(complete_line "$L" --format "")
if [ "$got" = "brief github json junit sarif text " ]; then ok "completion: --format values"; else no "completion --format" "$got"; fi
got=$(complete_line "$L" --fail-level w)
if [ "$got" = "warning " ]; then ok "completion: --fail-level values"; else no "completion --fail-level" "$got"; fi
got=$(complete_line "$L" --explain SR00)
want=$("$L" --list-rules | grep -o '^SR00[0-9]' | tr '\n' ' ')
if [ -n "$want" ] && [ "$got" = "$want" ]; then ok "completion: --explain offers the binary's rule ids"; else no "completion --explain" "got '$got', want '$want'"; fi
got=$(complete_line "$L" --ignore-checks SR001,SR00)
case $got in
SR001,SR00*) ok "completion: comma lists of rule ids" ;;
*) no "completion --ignore-checks" "$got" ;;
esac
mkdir -p "$T/d/sub"
touch "$T/d/a.yaml" "$T/d/b.json" "$T/d/c.txt" "$T/d/t.template"
got=$(cd "$T/d" && complete_line "$L" "")
case $got in
*a.yaml*b.json*sub*t.template*) case $got in *c.txt*) no "completion: files" "offers c.txt: $got" ;; *) ok "completion: template files and folders" ;; esac ;;
*) no "completion: files" "$got" ;;
esac
got=$(complete_line "$L" add-secret t.yaml --kind "")
if [ "$got" = "api-key database generic " ]; then ok "completion: add-secret --kind"; else no "completion add-secret --kind" "$got"; fi
