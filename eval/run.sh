#!/usr/bin/env bash
# Scores sitrep on the blind development sets with the referee in ../shared.
# usage: eval/run.sh [SET...]   (default: every *.gold.jsonl here)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SITREP_BIN:-${CARGO_TARGET_DIR:-target}/release/sitrep}
score=../shared/tools/score.py
[ -f "$score" ] || { echo "eval/run.sh needs ../shared/tools/score.py" >&2; exit 1; }
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=($(ls eval/*.gold.jsonl | sed 's#eval/##; s#\.gold\.jsonl##'))
out=${EVAL_OUT:-/tmp/sitrep-eval}
mkdir -p "$out"
for s in "${sets[@]}"; do
  "$bin" extract "eval/$s.jsonl" > "$out/$s.pred.jsonl" 2>/dev/null
  printf '%-10s ' "$s"
  python3 "$score" "eval/$s.gold.jsonl" --pred "$out/$s.pred.jsonl" ${VERBOSE:+--verbose} | tail -n 1
done
