#!/bin/bash
# pg_vs_sqlite.sh -- `attrition features` on PostgreSQL against SQLite (issue #6), on the
# same generated sources, each run under /usr/bin/time -v.
#
#   bench/pg_vs_sqlite.sh [CUSTOMERS=100000] [WORKDIR] [ROUNDS=2]
#
# Starts a throwaway PostgreSQL on loopback with .ci/postgres.sh (data directory
# WORKDIR/pg, so it never touches the server of a concurrent ./run_tests.sh; stopped and
# removed on exit), generates CUSTOMERS x 48 months with `attrition generate --seed 42
# --dirty 0.01` once into SQLite (WORKDIR/src.db) and once into the PostgreSQL database
# `attrition`, then ROUNDS times, alternating, runs `attrition features --as-of 2024-12`
# on a fresh copy of each: `cp src.db` for SQLite, `CREATE DATABASE … TEMPLATE attrition`
# for PostgreSQL (so every run writes its tables and their _HIST copies from scratch).
# Prints wall time, peak RSS and CPU of the attrition process and its read / compute /
# write split, with the PostgreSQL / SQLite wall-time ratio.
#
# The test server runs with fsync=off, synchronous_commit=off, full_page_writes=off
# (tests/support/pg_test_server.sh); SQLite runs as attrition opens it (rollback journal,
# synchronous=NORMAL). Both are on the same disk and both sides commit once at the end.
#
# env: ATTRITION (binary; default build/src/cli/attrition), AS_OF (2024-12).
set -euo pipefail
N=${1:-100000}
W=${2:-/tmp/attrition_pg_vs_sqlite_$N}
ROUNDS=${3:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ATTRITION=${ATTRITION:-$ROOT/build/src/cli/attrition}
AS_OF=${AS_OF:-2024-12}
mkdir -p "$W"
W=$(cd "$W" && pwd)

export ATTRITION_PG_DIR=$W/pg
eval "$("$ROOT/.ci/postgres.sh" start)"
trap 'ATTRITION_PG_DIR=$W/pg "$ROOT/.ci/postgres.sh" stop >/dev/null 2>&1 || true' EXIT
BASE=${ATTRITION_PG_URL%/*}  # postgresql://attrition@127.0.0.1:PORT
psql_run() { psql -X -q -v ON_ERROR_STOP=1 "$BASE/postgres" -c "$1" >/dev/null; }

timed() {  # timed NAME cmd...
    local name=$1; shift
    /usr/bin/time -v -o "$W/$name.time" "$@" >"$W/$name.out" 2>"$W/$name.err"
}

echo "generating $N customers into SQLite and PostgreSQL (load $(cut -d' ' -f1-3 /proc/loadavg))"
rm -f "$W/src.db"
timed gen_sqlite "$ATTRITION" --warehouse "sqlite:$W/src.db" generate --customers "$N" \
    --seed 42 --dirty 0.01
timed gen_pg "$ATTRITION" --warehouse "$ATTRITION_PG_URL" generate --customers "$N" \
    --seed 42 --dirty 0.01

for r in $(seq 1 "$ROUNDS"); do
    cp "$W/src.db" "$W/run.db"
    sync
    echo "round $r: SQLite ..."
    timed "sqlite_$r" "$ATTRITION" --warehouse "sqlite:$W/run.db" features --as-of "$AS_OF"
    rm -f "$W/run.db"
    psql_run "DROP DATABASE IF EXISTS run"
    psql_run "CREATE DATABASE run TEMPLATE attrition"
    echo "round $r: PostgreSQL ..."
    timed "pg_$r" "$ATTRITION" --warehouse "$BASE/run" features --as-of "$AS_OF"
done

/usr/bin/python3 - "$W" "$N" "$ROUNDS" <<'PYEOF'
import re, sys
w, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def tv(name):
    t = open("%s/%s.time" % (w, name)).read()
    wall = t.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
    secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", t).group(1)
    return secs, rss, cpu

def phases(name):
    e = open("%s/%s.err" % (w, name)).read()
    g = lambda p: float(re.search(p, e).group(1))
    return (g(r"read .* in ([\d.]+)s \(CPU"), g(r"computed in ([\d.]+)s"),
            g(r"wrote .* in ([\d.]+)s \(CPU"))

for g in ("gen_sqlite", "gen_pg"):
    s, rss, cpu = tv(g)
    print("%-10s generate: %.1f s, %.0f MiB, CPU %s%%" % (g[4:], s, rss, cpu))
print()
print("| run | wall s | peak RSS MiB | CPU | read s | compute s | write s |")
print("|---|---|---|---|---|---|---|")
walls = {"sqlite": [], "pg": []}
for r in range(1, rounds + 1):
    for b, label in (("sqlite", "SQLite"), ("pg", "PostgreSQL")):
        s, rss, cpu = tv("%s_%d" % (b, r))
        rd, cp, wr = phases("%s_%d" % (b, r))
        walls[b].append(s)
        print("| %s, round %d | %.1f | %.0f | %s%% | %.2f | %.2f | %.1f |" % (label, r, s, rss, cpu, rd, cp, wr))
best = {b: min(v) for b, v in walls.items()}
print()
print("best of %d: SQLite %.1f s, PostgreSQL %.1f s; PostgreSQL / SQLite = %.2fx" % (
    rounds, best["sqlite"], best["pg"], best["pg"] / best["sqlite"]))
PYEOF
