# bash completion for secrot-lint                           -*- shell-script -*-
# Installed by `make install` into bash-completion's completions folder; or
# source it from ~/.bashrc. Completes options, their values (formats, levels,
# rule ids from `secrot-lint --list-rules`), the add-secret subcommand, and
# template files (*.yaml *.yml *.json *.template) and folders.

_secrot_lint_rule_ids()
{
    "${COMP_WORDS[0]}" --list-rules 2>/dev/null | sed -n 's/^\(SR[0-9][0-9]*\) .*/\1/p'
}

_secrot_lint_files()
{
    local IFS=$'\n' f
    compopt -o filenames 2>/dev/null
    for f in $(compgen -f -- "$1"); do
        if [[ -d $f ]]; then
            COMPREPLY+=("$f")
        else
            case $f in
            *.yaml | *.yml | *.json | *.template) COMPREPLY+=("$f") ;;
            esac
        fi
    done
}

_secrot_lint()
{
    local cur prev words cword
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cword=$COMP_CWORD
    words=("${COMP_WORDS[@]}")

    # --opt=value: bash splits at '=' (COMP_WORDBREAKS).
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = && $cword -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi

    local opts="--format --output --fix --diff --unsafe-fixes --show-secrets --config --no-config --ignore-checks --include-checks
        --fail-level --max-rotation-days --jobs --color --quiet --strict --list-rules
        --explain --graph --init-config --exclude --shard --baseline --write-baseline
        --srcroot --help-uri-base --version --help -f -o -c -j -q -h"
    local sub=
    local i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} == add-secret ]]; then
            sub=add-secret
            break
        fi
    done

    case $prev in
    -f | --format)
        COMPREPLY=($(compgen -W "text brief json sarif junit github" -- "$cur"))
        return ;;
    --fail-level)
        COMPREPLY=($(compgen -W "error warning info none" -- "$cur"))
        return ;;
    --color)
        COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
        return ;;
    -c | --config | -o | --output | --baseline | --write-baseline)
        local IFS=$'\n'
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return ;;
    --explain)
        COMPREPLY=($(compgen -W "$(_secrot_lint_rule_ids)" -- "$cur"))
        return ;;
    --ignore-checks | --include-checks)
        # a comma list: complete the part after the last comma
        local head= last=$cur
        if [[ $cur == *,* ]]; then
            head=${cur%,*},
            last=${cur##*,}
        fi
        COMPREPLY=($(compgen -P "$head" -W "$(_secrot_lint_rule_ids)" -- "$last"))
        compopt -o nospace 2>/dev/null
        return ;;
    --srcroot)
        compopt -o dirnames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return ;;
    -j | --jobs | --max-rotation-days | --days | --name | --exclude | --shard | --help-uri-base)
        return ;;
    --kind)
        if [[ $sub == add-secret ]]; then
            COMPREPLY=($(compgen -W "database api-key generic" -- "$cur"))
        fi
        return ;;
    esac

    if [[ $sub == add-secret ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--name --kind --days --help" -- "$cur"))
        else
            _secrot_lint_files "$cur"
        fi
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "add-secret" -- "$cur"))
    fi
    _secrot_lint_files "$cur"
}

complete -F _secrot_lint secrot-lint
