#!/bin/sh
# tests/hostile/gen.sh KIND FILE - writes one hostile or broken input.
#
# The inputs of tests/cli/hostile_input.sh, made at test time so no large
# file is ever committed. Templates that should load end with an undefined
# reference `!Ref Missing` (SR003) at a known place: the line and column of
# the name Missing are printed on stdout as "LINE:COL" (nothing for inputs
# that must be rejected).
# Only POSIX sh, awk and printf.
set -eu
kind=$1
out=$2

# The tail every loadable YAML template ends with: its position is printed.
tail_ref() { # lines-so-far
    printf '  Last:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n' >>"$out"
    echo "$(($1 + 4)):23"
}

case $kind in
alias-bomb) # billion laughs: 10^9 nodes through aliases
    awk 'BEGIN {
        print "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:"
        printf "      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (i = 1; i <= 9; i++) {
            printf "      l%d: &l%d [", i, i
            for (k = 0; k < 10; k++) printf "%s*l%d", (k ? ", " : ""), i - 1
            print "]"
        }
    }' >"$out" ;;
alias-wide) # quadratic: 100,000 aliases of a 10,000-item sequence
    awk 'BEGIN {
        printf "Metadata:\n  big: &big ["
        for (i = 0; i < 10000; i++) printf "%sx%d", (i ? ", " : ""), i
        print "]\n  uses:"
        for (i = 0; i < 100000; i++) print "    - *big"
        print "Resources:\n  Topic:\n    Type: AWS::SNS::Topic"
    }' >"$out" ;;
alias-merge) # merge keys nesting a 10-key map 7 levels deep
    awk 'BEGIN {
        print "Metadata:"
        printf "  m0: &m0 {"
        for (k = 0; k < 10; k++) printf "%sk%d: v", (k ? ", " : ""), k
        print "}"
        for (i = 1; i <= 7; i++) {
            printf "  m%d: &m%d {", i, i
            for (k = 0; k < 10; k++) printf "%sk%d: {<<: *m%d}", (k ? ", " : ""), k, i - 1
            print "}"
        }
        print "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties: {<<: *m7}"
    }' >"$out" ;;
alias-self) # an alias inside its own anchor
    printf 'Resources:\n  Topic: &t\n    Type: AWS::SNS::Topic\n    Metadata:\n      self: *t\n' >"$out" ;;
alias-undefined)
    printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: *nowhere\n' >"$out" ;;
deep-flow) # 10,000 nested flow sequences
    awk 'BEGIN {
        printf "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: "
        for (i = 0; i < 10000; i++) printf "["
        for (i = 0; i < 10000; i++) printf "]"
        print ""
    }' >"$out" ;;
deep-block) # 10,000 nested block sequences on one line: "- - - ... x"
    awk 'BEGIN {
        printf "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      "
        for (i = 0; i < 10000; i++) printf "- "
        print "x"
    }' >"$out" ;;
deep-json) # 10,000 nested JSON objects
    awk 'BEGIN {
        printf "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Metadata\": "
        for (i = 0; i < 10000; i++) printf "{\"a\": "
        printf "1"
        for (i = 0; i < 10000; i++) printf "}"
        print "}}}"
    }' >"$out" ;;
big) # about 50 MB: 12,000 resources with long literal blocks
    awk 'BEGIN {
        print "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:"
        n = 2
        for (r = 0; r < 12000; r++) {
            printf "  Topic%05d:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Notes: |\n", r
            n += 4
            for (l = 0; l < 60; l++) {
                printf "        line %02d of the notes of topic %05d, long enough to weigh something\n", l, r
                n++
            }
            printf "    Properties:\n      TopicName: !Sub \"${AWS::StackName}-%05d\"\n", r
            n += 2
        }
        print n > "/dev/stderr"
    }' >"$out" 2>"$out.lines"
    tail_ref "$(cat "$out.lines")"
    rm -f "$out.lines" ;;
too-big) # over the 64 MiB size limit: comments only
    awk 'BEGIN { s = "# filler comment line, about sixty-four bytes long ......"; for (i = 0; i < 1200000; i++) print s }' >"$out" ;;
many) # 100,000 resources, each depending on the one before
    awk 'BEGIN {
        print "Resources:\n  R000000:\n    Type: AWS::SNS::Topic"
        for (i = 1; i < 100000; i++)
            printf "  R%06d:\n    Type: AWS::SNS::Topic\n    DependsOn: R%06d\n", i, i - 1
        print 3 + 3 * 99999 > "/dev/stderr"
    }' >"$out" 2>"$out.lines"
    tail_ref "$(cat "$out.lines")"
    rm -f "$out.lines" ;;
long-line) # a 1 MB plain scalar on one line
    awk 'BEGIN {
        printf "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Note: "
        for (i = 0; i < 16384; i++) printf "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-"
        print ""
    }' >"$out"
    tail_ref 5 ;;
long-line-json) # a 1 MB minified JSON template, the bad reference at its end
    awk 'BEGIN {
        printf "{\"Resources\":{"
        for (i = 0; i < 26000; i++) printf "\"Topic%05d\":{\"Type\":\"AWS::SNS::Topic\"},", i
        printf "\"Last\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"TopicName\":{\"Ref\":\"Missing\"}}}}}"
    }' >"$out"
    # the column of "Missing" (with its quote): 14 bytes before the end
    echo "1:$(($(wc -c <"$out") - 13))" ;;
nul) # a NUL byte inside a value
    printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Note: ab\000cd\n' >"$out" ;;
nul-only) # 4 KiB of NUL bytes
    head -c 4096 /dev/zero >"$out" ;;
bad-utf8) # a lone continuation byte and an overlong form
    printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata:\n      Note: caf\351 \300\257\n' >"$out" ;;
utf16le) # UTF-16LE with a byte-order mark
    printf '\377\376' >"$out"
    printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n' |
        awk 'BEGIN { RS = "\001"; ORS = "" } { n = length($0); for (i = 1; i <= n; i++) printf "%s%c", substr($0, i, 1), 0 }' >>"$out" ;;
utf16be)
    printf '\376\377' >"$out"
    printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Missing\n' |
        awk 'BEGIN { RS = "\001"; ORS = "" } { n = length($0); for (i = 1; i <= n; i++) printf "%c%s", 0, substr($0, i, 1) }' >>"$out" ;;
empty)
    : >"$out" ;;
*)
    echo "gen.sh: unknown kind $kind" >&2
    exit 2 ;;
esac
