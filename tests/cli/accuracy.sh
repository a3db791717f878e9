#!/usr/bin/env bash
# accuracy.sh - every finding the default policy produces on the
# corpus (../shared/corpus) is in the ledger (tests/accuracy/ledger) with a
# verdict, no ledger line is stale, judgement calls stay under a quarter, and
# every safe fix --fix would apply there is on a finding judged tp
# (tools/accuracy.py --check and --fixes). Skips where the corpus is absent.
set -u
cd "$(dirname "$0")/../.."
BIN=${SECROT_LINT:-build/secrot-lint}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ -n "${SR_SANITIZER:-}" ]; then
    echo "skip - accuracy ledger: judged in the plain suite"
    exit 0
fi
SECROT_LINT=$BIN python3 tools/accuracy.py --check
SECROT_LINT=$BIN python3 tools/accuracy.py --fixes | grep -v '^#'
exit 0
