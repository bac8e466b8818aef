#!/bin/bash
# features_bench.sh -- `attrition features` against features.py (SPEC 13), plus the
# warehouse's write floor, on the same generated database.
#
#   bench/features_bench.sh [CUSTOMERS] [WORKDIR]       e.g. bench/features_bench.sh 100000
#
# Generates CUSTOMERS x 48 months with the oracle's generator (gen.py --start 2021-01
# --end 2024-12 --seed 42 --dirty 0.01; kept in WORKDIR/src.db and reused), then on
# fresh copies of it runs, each under /usr/bin/time -v:
#   py     features.py --db py.db --as-of 2024-12
#   cpp    attrition --warehouse sqlite:cpp.db features --as-of 2024-12
#   floor  features_write_floor: only the bulk insert of the rows cpp wrote
# and prints wall time, peak RSS, CPU use and the read / compute / write split of each,
# with the ratios SPEC 13 asks for. Logs and time -v reports stay in WORKDIR.
#
# env: ATTRITION, FLOOR (binaries; default build/ of this checkout), PYREF (python_ref
# dir), START, END, SEED, DIRTY, AS_OF; REUSE_PY=1 keeps the last features.py figures.
set -euo pipefail
N=${1:-100000}
W=${2:-/tmp/attrition_features_bench_$N}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PY=/usr/bin/python3
PYREF=${PYREF:-$ROOT/../shared/peers/python_ref}
ATTRITION=${ATTRITION:-$ROOT/build/src/cli/attrition}
FLOOR=${FLOOR:-$ROOT/build/bench/features_write_floor}
START=${START:-2021-01}; END=${END:-2024-12}; AS_OF=${AS_OF:-$END}
mkdir -p "$W"

timed() {  # timed NAME cmd...
    local name=$1; shift
    /usr/bin/time -v -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err"
}

if [ ! -s "$W/src.db" ]; then
    echo "generating $N customers, $START..$END into $W/src.db"
    "$PY" "$PYREF/gen.py" --db "$W/src.db" --customers "$N" --start "$START" --end "$END" \
        --seed "${SEED:-42}" --dirty "${DIRTY:-0.01}" 2>"$W/gen.err"
fi
sync
if [ "${REUSE_PY:-0}" = 1 ] && [ -s "$W/py.time" ]; then
    echo "features.py: reusing the previous run's figures (REUSE_PY=1)"
else
    cp "$W/src.db" "$W/py.db"
    echo "features.py ..."
    timed py "$PY" "$PYREF/features.py" --db "$W/py.db" --as-of "$AS_OF"
    rm -f "$W/py.db"
fi
cp "$W/src.db" "$W/cpp.db"
sync
echo "attrition features ..."
timed cpp "$ATTRITION" --warehouse "sqlite:$W/cpp.db" features --as-of "$AS_OF"
rm -f "$W/floor.db" "$W/floor.db-journal"
echo "write floor ..."
timed floor "$FLOOR" --from "sqlite:$W/cpp.db" --to "sqlite:$W/floor.db"

"$PY" - "$W" "$N" <<'PYEOF'
import re, sys
w, n = sys.argv[1], int(sys.argv[2])

def tv(name):
    t = open("%s/%s.time" % (w, name)).read()
    wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
    parts = [float(p) for p in wall.split(":")]
    secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", t).group(1)
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
    return secs, rss, cpu, user + sys_

def grab(text, pattern):
    return float(re.search(pattern, text).group(1))

py_err = open(w + "/py.err").read()
py_read = grab(py_err, r"read views in ([\d.]+)s")
py_computed = grab(py_err, r"computed in ([\d.]+)s")
py_write = grab(py_err, r"wrote tables in ([\d.]+)s")
cpp_err = open(w + "/cpp.err").read()
c_read = grab(cpp_err, r"read .* in ([\d.]+)s \(CPU")
c_read_cpu = grab(cpp_err, r"read .* \(CPU ([\d.]+)s\)")
c_comp = grab(cpp_err, r"computed in ([\d.]+)s")
c_comp_cpu = grab(cpp_err, r"computed in [\d.]+s \(CPU ([\d.]+)s\)")
c_write = grab(cpp_err, r"wrote .* in ([\d.]+)s \(CPU")
floor = grab(open(w + "/floor.out").read(), r"write floor: \d+ rows in ([\d.]+)s")
rows = re.search(r"write floor: (\d+) rows", open(w + "/floor.out").read()).group(1)
pw, prss, pcpu, ptot = tv("py")
cw, crss, ccpu, ctot = tv("cpp")
fw, frss, fcpu, ftot = tv("floor")
print("\n%d customers, %s rows written per run\n" % (n, rows))
print("| run | wall s | peak RSS MiB | CPU | read s | compute s | write s |")
print("|---|---|---|---|---|---|---|")
print("| features.py | %.1f | %.0f | %s%% | %.1f | %.1f | %.1f |" % (pw, prss, pcpu, py_read, py_computed - py_read, py_write))
print("| attrition features | %.1f | %.0f | %s%% | %.2f (CPU %.2f) | %.2f (CPU %.2f) | %.1f |" % (cw, crss, ccpu, c_read, c_read_cpu, c_comp, c_comp_cpu, c_write))
print("| write floor (insert only) | %.1f | %.0f | %s%% | | | %.1f |" % (fw, frss, fcpu, floor))
print()
print("compute speed-up      %6.1fx  (features.py compute %.1fs / attrition %.2fs; target >= 20x)" % ((py_computed - py_read) / c_comp, py_computed - py_read, c_comp))
print("read+compute speed-up %6.1fx" % (py_computed / (c_read + c_comp)))
print("whole run / floor     %6.2fx  (%.1fs / %.1fs; target <= 1.25x)" % (cw / floor, cw, floor))
print("peak memory ratio     %6.3f   (%.0f / %.0f MiB; target <= 0.25)" % (crss / prss, crss, prss))
print("wall speed-up         %6.1fx" % (pw / cw))
print("cores used: read %.2f, compute %.2f (CPU s / wall s)" % (c_read_cpu / c_read, c_comp_cpu / max(c_comp, 1e-9)))
PYEOF
