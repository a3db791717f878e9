#!/bin/sh
# gen-docs.sh [--check] [BINARY] - the generated documentation, from the
# rule descriptors compiled into the binary (default build/secrot-lint):
#
#   docs/rules/SRnnn.md   one page per rule: exactly `secrot-lint --explain SRnnn`
#   docs/rules/README.md  the rule table, linking the pages
#   README.md             the same table between <!-- rules:begin --> and
#                         <!-- rules:end -->, when those markers are there
#   docs/seed-graph.dot   `secrot-lint --graph` of examples/seed-template.yaml,
#   docs/seed-graph.svg   and its rendering (when Graphviz is installed)
#
# Pages of rules that no longer exist are removed. With --check nothing is
# written: it lists what is out of date and exits 1 (the SVG is not compared,
# Graphviz versions differ). Run from anywhere; paths are the repository's.
set -eu
cd "$(dirname "$0")/.."
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
bin=${1:-build/secrot-lint}
[ -x "$bin" ] || { echo "gen-docs: $bin not built (run make)" >&2; exit 2; }

g=$(mktemp -d)
trap 'rm -rf "$g"' EXIT
mkdir -p "$g/rules"

ids=$("$bin" --list-rules | sed -n 's/^\(SR[0-9][0-9]*\) .*/\1/p')
[ -n "$ids" ] || { echo "gen-docs: $bin --list-rules listed no rule" >&2; exit 2; }
for id in $ids; do
    "$bin" --explain "$id" >"$g/rules/$id.md"
done

# The table: | rule | severity | fix | title |, titles with '|' escaped.
"$bin" --list-rules | sed -n 's/^\(SR[0-9][0-9]*\)  *\([a-z][a-z]*\)  *\(safe\|unsafe\|both\|no\)  *\(.*\)$/\1	\2	\3	\4/p' |
    awk -F '	' '{
        gsub(/\|/, "\\|", $4)
        printf "| [%s](PREFIX%s.md) | %s | %s | %s |\n", $1, $1, $2, ($3 == "no") ? "" : $3, $4
    }' >"$g/rows"
{
    echo "| rule | severity | fix | finding |"
    echo "|---|---|---|---|"
    sed 's|(PREFIX|(|' "$g/rows"
} >"$g/table-local"
{
    echo "| rule | severity | fix | finding |"
    echo "|---|---|---|---|"
    sed 's|(PREFIX|(docs/rules/|' "$g/rows"
} >"$g/table-root"
{
    echo "# Rules"
    echo
    echo "Every rule of secrot-lint, generated from the rule descriptors by"
    echo "\`make docs\` (do not edit). Each page is also \`secrot-lint --explain ID\`."
    echo "Severities are the defaults; \`.secrot-lint.yaml\` can change them. \"fix\" marks"
    echo "the rules \`secrot-lint --fix\` repairs."
    echo
    cat "$g/table-local"
} >"$g/rules/README.md"

# README.md: the table between the markers, when they are there.
if [ -f README.md ] && grep -q '^<!-- rules:begin -->$' README.md && grep -q '^<!-- rules:end -->$' README.md; then
    awk -v table="$g/table-root" '
        /^<!-- rules:begin -->$/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
        /^<!-- rules:end -->$/ { skip = 0 }
        !skip { print }' README.md >"$g/README.md"
fi

# The seed template's graph, when --graph is available.
if [ -f examples/seed-template.yaml ] &&
    "$bin" --graph examples/seed-template.yaml >"$g/seed-graph.dot" 2>/dev/null;
    [ "$(head -c 7 "$g/seed-graph.dot")" = digraph ]; then
    have_graph=1
else
    have_graph=0
fi

if [ $check = 1 ]; then
    stale=""
    for f in "$g"/rules/*.md; do
        cmp -s "$f" "docs/rules/$(basename "$f")" || stale="$stale docs/rules/$(basename "$f")"
    done
    for f in docs/rules/*.md; do
        [ -f "$f" ] || continue
        [ -f "$g/rules/$(basename "$f")" ] || stale="$stale $f(no-such-rule)"
    done
    if [ -f "$g/README.md" ] && ! cmp -s "$g/README.md" README.md; then stale="$stale README.md"; fi
    if [ $have_graph = 1 ] && ! cmp -s "$g/seed-graph.dot" docs/seed-graph.dot; then
        stale="$stale docs/seed-graph.dot"
    fi
    if [ -n "$stale" ]; then
        echo "out of date (run make docs, or sh tools/gen-docs.sh):$stale"
        exit 1
    fi
    exit 0
fi

mkdir -p docs/rules
for f in docs/rules/SR*.md; do
    [ -f "$f" ] || continue
    [ -f "$g/rules/$(basename "$f")" ] || rm -f "$f"
done
for f in "$g"/rules/*.md; do
    cmp -s "$f" "docs/rules/$(basename "$f")" || cp "$f" "docs/rules/$(basename "$f")"
done
if [ -f "$g/README.md" ] && ! cmp -s "$g/README.md" README.md; then cp "$g/README.md" README.md; fi
if [ $have_graph = 1 ]; then
    cmp -s "$g/seed-graph.dot" docs/seed-graph.dot || cp "$g/seed-graph.dot" docs/seed-graph.dot
    if command -v dot >/dev/null 2>&1; then
        dot -Tsvg docs/seed-graph.dot >"$g/seed-graph.svg" && cp "$g/seed-graph.svg" docs/seed-graph.svg
    fi
fi
echo "gen-docs: $(echo $ids | wc -w) rule pages in docs/rules"
