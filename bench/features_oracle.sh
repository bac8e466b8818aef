#!/bin/bash
# features_oracle.sh -- the full-size equality checks of `attrition features` against the
# Python oracle features.py (the test suite runs the same checks on 1,500 customers).
#
#   bench/features_oracle.sh [CUSTOMERS] [WORKDIR]          default 20000
#
# Three databases, each checked by tests/features/oracle_check.py (compare_tables.py on
# every table plus an exact check of schema, row order, values and reject counts):
#   numeric  gen.py --customers N --dirty 0.02
#   alnum    gen.py --customers N --dirty 0.03 --id-style alnum
#   ours     attrition generate --customers N --dirty 0.02
# env: ATTRITION (binary), PYREF (python_ref dir), TODAY (run date, default 2025-01-15).
set -uo pipefail
N=${1:-20000}
W=${2:-/tmp/attrition_features_oracle_$N}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
PYREF=${PYREF:-$ROOT/../shared/peers/python_ref}
ATTRITION=${ATTRITION:-$ROOT/build/src/cli/attrition}
TODAY=${TODAY:-2025-01-15}
mkdir -p "$W"
failed=0

check() {  # check NAME  (WORKDIR/NAME.db holds the sources)
    echo "== $1"
    "$PY" "$ROOT/tests/features/oracle_check.py" --source "$W/$1.db" --binary "$ATTRITION" \
        --workdir "$W/$1" --python-ref "$PYREF" --today "$TODAY" | tee "$W/$1.log"
    [ "${PIPESTATUS[0]}" = 0 ] || failed=$((failed + 1))
}

"$PY" "$PYREF/gen.py" --db "$W/numeric.db" --customers "$N" --dirty 0.02 2>/dev/null && check numeric
"$PY" "$PYREF/gen.py" --db "$W/alnum.db" --customers "$N" --dirty 0.03 --id-style alnum \
    2>/dev/null && check alnum
rm -f "$W/ours.db"
if "$ATTRITION" --warehouse "sqlite:$W/ours.db" generate --customers "$N" --dirty 0.02 \
    >/dev/null 2>"$W/ours-generate.err"; then
    check ours
else
    echo "== ours: attrition generate failed:"; cat "$W/ours-generate.err"; failed=$((failed + 1))
fi
echo "features_oracle: $failed failing database(s)"
exit "$failed"
