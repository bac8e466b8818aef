#!/bin/bash
# score_bench.sh -- `attrition score` against the Python reference score.py
# (../shared/peers/python_ref/score.py: pandas + xgboost pred_contribs) on the same
# database and the same model (SPEC 13: batch score with reasons, target >= 10x).
#
#   bench/score_bench.sh [CUSTOMERS=1000000] [ROUNDS=2]
#
# env: OUT (work directory, default /tmp/attrition_score_bench), ATTRITION (the binary,
# default build-score/src/cli/attrition), TRAIN_CUSTOMERS (default 50000: the model is
# trained on a separate, smaller generated population with `--trials 1`, registered and
# promoted in the bench's artifacts, so the benchmark is not dominated by training).
# Both tools run with all cores (score.py's --threads defaults to os.cpu_count()).
#
# Steps: `attrition generate --customers N` (2021-01..2024-12, 48 months) + `attrition
# features` into $OUT/score.db (kept between runs); the model; then ROUNDS alternations
# of ours and the reference under /usr/bin/time -v, each starting without result tables.
# score.py reads the model through a copy of the version directory whose
# feature_plan.json also carries threshold, odds_correction and model_version (score.py
# takes them from the plan). Both write PA_INFERENCE_RESULTS and PA_ATTRITION_FORECAST plus
# drift; ours also runs the backtests. The last round's two result tables are compared:
# rows, PROBS, PREDICTION, RISK_DECILE and REASON_1..3 for every row.
set -euo pipefail
CUSTOMERS=${1:-1000000}
ROUNDS=${2:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
REF=${REF:-$HERE/../../shared/peers/python_ref}
PY=/usr/bin/python3
ATTRITION=${ATTRITION:-$HERE/../build-score/src/cli/attrition}
OUT=${OUT:-/tmp/attrition_score_bench}
TRAIN_CUSTOMERS=${TRAIN_CUSTOMERS:-50000}
DB=$OUT/score_${CUSTOMERS}.db
TDB=$OUT/train_${TRAIN_CUSTOMERS}.db
ART=$OUT/artifacts
mkdir -p "$OUT"

# The built-in defaults with the bench's warehouse and artifacts, and a search space that
# gives a model of moderate size (eta 0.1..1, depth 4..6): TRIALS=1 of the defaults' eta
# range can draw eta ~0.002 and 1000 rounds, which makes the reference's pred_contribs
# take hours at this size. Both tools score with the same model either way.
CFG=$OUT/config.yaml
"$ATTRITION" check-config --print-defaults >"$CFG.defaults"
"$PY" - "$CFG.defaults" "$CFG" "$DB" "$ART" <<'PYEOF'
import sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
cfg["warehouse"] = {"url": "sqlite:" + sys.argv[3]}
cfg["artifacts"] = {"dir": sys.argv[4]}
hp = cfg["train"]["hyperparameters"]
hp["eta"] = {"min": -1}
hp["max_depth"] = {"min": 4, "max": 6}
cfg["inference"].update({"min_history_months": 6, "num_month_forecast": 6})
yaml.safe_dump(cfg, open(sys.argv[2], "w"), sort_keys=False)
PYEOF

sql() { "$PY" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print('\n'.join('|'.join(map(str,x)) for x in r))" "$@"; }
drop_results() {
  for t in PA_INFERENCE_RESULTS PA_INFERENCE_RESULTS_HIST PA_ATTRITION_FORECAST \
           PA_ATTRITION_FORECAST_HIST PA_INFERENCE_PROFILE PA_INFERENCE_PROFILE_HIST \
           PA_MODEL_MONITORING PA_MODEL_MONITORING_HIST; do
    sql "$DB" "DROP TABLE IF EXISTS $t" >/dev/null
  done
}
wall() { awk -F': ' '/Elapsed/{n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' "$1"; }
cpu() { awk -F': ' '/User time|System time/{s+=$2} END{printf "%.1f", s}' "$1"; }

if [ ! -f "$DB" ]; then
  echo "generating $CUSTOMERS customers x 48 months into $DB"
  "$ATTRITION" --warehouse "sqlite:$DB.tmp" generate --customers "$CUSTOMERS" --seed 42 >/dev/null
  "$ATTRITION" --warehouse "sqlite:$DB.tmp" features >/dev/null
  mv "$DB.tmp" "$DB"
fi
if ! "$ATTRITION" --config "$CFG" models show production >/dev/null 2>&1; then
  echo "training the model on $TRAIN_CUSTOMERS other customers (seed 43, 1 trial)"
  rm -f "$TDB"
  "$ATTRITION" --warehouse "sqlite:$TDB" generate --customers "$TRAIN_CUSTOMERS" --seed 43 >/dev/null
  "$ATTRITION" --warehouse "sqlite:$TDB" features >/dev/null
  "$ATTRITION" --config "$CFG" --warehouse "sqlite:$TDB" train --trials 1 >/dev/null
  VERSION=$(ls "$ART/models" | grep '^v' | tail -1)
  "$ATTRITION" --config "$CFG" models promote "$VERSION" >/dev/null
fi
MODEL_DIR=$(ls -d "$ART"/models/v* | tail -1)
PYMODEL=$OUT/pymodel
rm -rf "$PYMODEL"; cp -r "$MODEL_DIR" "$PYMODEL"; chmod -R u+w "$PYMODEL"
"$PY" - "$PYMODEL" <<'PYEOF'
import json, os, sys
d = sys.argv[1]
meta = json.load(open(os.path.join(d, "metadata.json")))
plan = json.load(open(os.path.join(d, "feature_plan.json")))
plan["threshold"] = meta["threshold"]
plan["odds_correction"] = meta.get("odds_correction", 1.0)
plan["model_version"] = meta["model_version"]
json.dump(plan, open(os.path.join(d, "feature_plan.json"), "w"))
PYEOF
TREES=$("$PY" -c "import json,sys; m=json.load(open(sys.argv[1])); print(len(m['learner']['gradient_booster']['model']['trees']))" "$MODEL_DIR/attrition.model")

echo "score: $CUSTOMERS customers, model $(basename "$MODEL_DIR") ($TREES trees), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %9s %8s %8s %9s %8s %8s %7s %6s %6s %s\n' round 'ref wall' 'ref CPU' 'ref MiB' \
    'ours wall' 'ours CPU' 'ours MiB' 'x wall' 'x CPU' 'x RSS' 'load'
for ROUND in $(seq 1 "$ROUNDS"); do
  drop_results
  /usr/bin/time -v "$ATTRITION" --config "$CFG" score >"$OUT/ours.out" 2>"$OUT/ours.time"
  if [ "$ROUND" = "$ROUNDS" ]; then
    sql "$DB" "DROP TABLE IF EXISTS OURS_RESULTS" >/dev/null
    sql "$DB" "ALTER TABLE PA_INFERENCE_RESULTS RENAME TO OURS_RESULTS" >/dev/null
  fi
  drop_results
  /usr/bin/time -v "$PY" "$REF/score.py" --db "$DB" --config "$CFG" --model-dir "$PYMODEL" \
      --out "$OUT/pyout" >"$OUT/ref.out" 2>"$OUT/ref.time"
  LOAD=$(cut -d' ' -f1 /proc/loadavg)
  RW=$(wall "$OUT/ref.time"); RM=$(rss "$OUT/ref.time")
  OW=$(wall "$OUT/ours.time"); OM=$(rss "$OUT/ours.time")
  RC=$(cpu "$OUT/ref.time"); OC=$(cpu "$OUT/ours.time")
  printf '%-5s %9.1f %8.1f %8s %9.1f %8.1f %8s %7.1f %6.1f %6.1f %s\n' "$ROUND" "$RW" "$RC" "$RM" \
      "$OW" "$OC" "$OM" "$(echo "$RW / $OW" | bc -l)" "$(echo "$RC / $OC" | bc -l)" \
      "$(echo "$RM / $OM" | bc -l)" "$LOAD"
done
grep -h "attrition score:" "$OUT/ours.out" || true
grep -h "^score.py: scored" "$OUT/ref.out" || true

echo "comparing the last round's results (ours vs score.py), every row:"
sql "$DB" "
SELECT COUNT(*) AS rows_joined,
  (SELECT COUNT(*) FROM OURS_RESULTS) AS ours_rows,
  (SELECT COUNT(*) FROM PA_INFERENCE_RESULTS) AS ref_rows,
  MAX(ABS(o.PROBS - r.PROBS)) AS max_probs_diff,
  SUM(o.PREDICTION = r.PREDICTION) AS same_prediction,
  SUM(o.RISK_DECILE = r.RISK_DECILE) AS same_decile,
  SUM(o.REASON_1 IS r.REASON_1 AND o.REASON_2 IS r.REASON_2 AND o.REASON_3 IS r.REASON_3)
    AS same_reasons
FROM OURS_RESULTS o JOIN PA_INFERENCE_RESULTS r
  ON r.CUSTOMER_ID = o.CUSTOMER_ID AND r.MONTH = o.MONTH" |
  awk -F'|' '{printf "  rows joined %s (ours %s, ref %s); max |PROBS diff| %s; same PREDICTION %s, RISK_DECILE %s, REASON_1..3 %s\n", $1, $2, $3, $4, $5, $6, $7}'
