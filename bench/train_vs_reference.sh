#!/bin/bash
# train_vs_reference.sh -- `attrition train` against the Python reference train.py
# (../shared/peers/python_ref/train.py: pandas + xgboost + optuna) on the same data, window,
# config, tuning budget, seed and thread count. Both run under /usr/bin/time -v; prints each
# run's wall time, peak memory and test AUC, the wall-time ratio and the AUC difference.
#
#   bench/train_vs_reference.sh [TRIALS=3] [SEEDS="42"] [THREADS=0]
#
# env: DB (default /tmp/attrition_train_bench/work.db, generated when missing with gen.py +
# features.py: CUSTOMERS=20000, 2021-01..2024-12, seed 42, dirty 0.01), TRAIN_START /
# TRAIN_MAX (2021-07 / 2024-06), ATTRITION (the binary, default build/src/cli/attrition),
# OUT (work directory). THREADS=0 means all cores (both tools' default).
#
# Both tools train with XGBoost's OpenMP threads. On a shared machine whose cores are busy,
# libgomp's default spin-waiting at barriers makes multi-threaded XGBoost several times
# slower (one thread spins while its partner is descheduled), so this script runs both
# with OMP_WAIT_POLICY=PASSIVE unless the caller sets OMP_WAIT_POLICY (e.g. to ACTIVE, to
# measure the default behaviour). The setting is the same for both tools.
set -euo pipefail
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
TRIALS=${1:-3}
SEEDS=${2:-42}
THREADS=${3:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
REF=${REF:-$HERE/../../shared/peers/python_ref}
PY=/usr/bin/python3
ATTRITION=${ATTRITION:-$HERE/../build/src/cli/attrition}
OUT=${OUT:-/tmp/attrition_train_bench}
DB=${DB:-$OUT/work.db}
CUSTOMERS=${CUSTOMERS:-20000}
TRAIN_START=${TRAIN_START:-2021-07}
TRAIN_MAX=${TRAIN_MAX:-2024-06}
[ "$THREADS" = 0 ] && THREADS=$(nproc)
mkdir -p "$OUT"

if [ ! -f "$DB" ]; then
  echo "generating $CUSTOMERS customers into $DB (gen.py + features.py)"
  "$PY" "$REF/gen.py" --db "$DB" --customers "$CUSTOMERS" --start 2021-01 --end 2024-12 \
      --seed 42 --dirty 0.01 >/dev/null
  "$PY" "$REF/features.py" --db "$DB" >/dev/null
fi

# The seed's config with the tuning budget set; both tools read this file.
CFG=$OUT/config_${TRIALS}.yaml
sed "s/num_tuning_rounds: *[0-9]*/num_tuning_rounds: $TRIALS/" \
    "$HERE/../../shared/seed/config.yaml" >"$CFG"

wall() { awk -F': ' '/Elapsed/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$1"; }
auc() { "$PY" -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['test_auc'])" "$1"; }

printf 'train: %s trials, threads %s, OMP_WAIT_POLICY=%s, window %s..%s, %s, load %s\n' \
    "$TRIALS" "$THREADS" "$OMP_WAIT_POLICY" "$TRAIN_START" "$TRAIN_MAX" "$DB" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %10s %8s %9s %10s %8s %9s %7s %8s\n' seed 'ref wall' 'ref MiB' 'ref AUC' \
    'ours wall' 'ours MiB' 'ours AUC' ratio 'AUC diff'
total_ref=0; total_ours=0
for SEED in $SEEDS; do
  R=$OUT/ref_t${TRIALS}_s${SEED}; A=$OUT/ours_t${TRIALS}_s${SEED}
  rm -rf "$R" "$A"
  /usr/bin/time -v -o "$R.time" "$PY" "$REF/train.py" --db "$DB" --config "$CFG" --out "$R" \
      --start-month "$TRAIN_START" --max-month "$TRAIN_MAX" --seed "$SEED" \
      --threads "$THREADS" >"$R.out" 2>&1
  /usr/bin/time -v -o "$A.time" "$ATTRITION" --config "$CFG" --warehouse "sqlite:$DB" train \
      --start-month "$TRAIN_START" --max-month "$TRAIN_MAX" --seed "$SEED" \
      --threads "$THREADS" --out "$A" --no-register >"$A.out" 2>&1
  rw=$(wall "$R.time"); aw=$(wall "$A.time")
  ra=$(auc "$R/metrics.json"); aa=$(auc "$A/metrics.json")
  total_ref=$(echo "$total_ref + $rw" | bc -l); total_ours=$(echo "$total_ours + $aw" | bc -l)
  printf '%-5s %9.1fs %8s %9s %9.1fs %8s %9s %6.2fx %+8.4f\n' "$SEED" "$rw" "$(rss "$R.time")" \
      "$ra" "$aw" "$(rss "$A.time")" "$aa" "$(echo "$rw / $aw" | bc -l)" \
      "$(echo "$aa - $ra" | bc -l)"
done
printf 'total %9.1fs %28.1fs %16.2fx\n' "$total_ref" "$total_ours" \
    "$(echo "$total_ref / $total_ours" | bc -l)"
