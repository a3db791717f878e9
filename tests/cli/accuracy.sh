#!/usr/bin/env bash
# accuracy.sh - the accuracy ledger (tests/accuracy/): every finding the
# default policy produces on ../shared/corpus is judged tp or judgement, and
# no ledger line is stale. Skips, saying so, when the corpus is absent.
set -u
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null 2>&1 || { echo "skip - accuracy ledger: python3 not installed"; exit 0; }
python3 tools/accuracy.py --check
