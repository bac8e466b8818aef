#!/usr/bin/python3
"""oracle_check.py -- `attrition features` against the Python oracle (features.py).

    oracle_check.py --source SRC.db --binary ATTRITION --workdir DIR
                    [--as-of YYYY-MM] [--today YYYY-MM-DD] [--python-ref DIR]

Copies SRC.db twice, runs `attrition features` on one copy and features.py on the other
with the same --as-of / --today, then checks, for each of the seven tables:

  1. compare_tables.py (the contract check: keys CUSTOMER_ID,MRN[,MONTH], numbers to
     1e-9, metadata columns ignored) says EQUAL;
  2. stricter: the same column names, declared types and order, the same rows in the same
     storage order (I19), every value of the same storage class and exactly equal
     (floats bit for bit, I9), except INGESTED_DATE / UPDATED_DATE / STAGE;

and that the reject counts features.py prints (JSON on stderr) equal the rows of
PA_FEATURE_RUN_LOG written by the C++ run. Exits 0 only when everything is equal.
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

TABLES = ["PA_DEMO_INTERMEDIATE_FEATURES", "PA_SALES_INTERMEDIATE_FEATURES",
          "PA_STARTRIGHT_INTERMEDIATE_FEATURES", "PA_TOUCHPOINT_INTERMEDIATE_FEATURES",
          "PA_COMPLAINTS_INTERMEDIATE_FEATURES", "PA_WARRANTY_INTERMEDIATE_FEATURES",
          "PA_MODELING_DATASET"]
META = {"INGESTED_DATE", "UPDATED_DATE", "STAGE"}


def run(cmd, **kw):
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit("FAILED: %s\nstdout:\n%s\nstderr:\n%s" % (" ".join(cmd), p.stdout, p.stderr))
    return p, time.time() - t


def reject_json(stderr):
    """The JSON object features.py prints on stderr among its log lines."""
    lines = stderr.splitlines()
    start = lines.index("{")
    end = lines.index("}", start)
    return json.loads("\n".join(lines[start:end + 1]))


def run_log_counts(db):
    con = sqlite3.connect(db)
    run_id = con.execute("SELECT RUN_ID FROM PA_FEATURE_RUN_LOG ORDER BY rowid DESC LIMIT 1").fetchone()[0]
    out = {}
    for view, rule, n in con.execute("SELECT VIEW_NAME, RULE, ROW_COUNT FROM PA_FEATURE_RUN_LOG "
                                     "WHERE RUN_ID = ? ORDER BY rowid", (run_id,)):
        out.setdefault(view, {})[rule] = n
    return out


def exact_compare(cpp_db, py_db, table, limit=5):
    """Schema, storage order and every value (with its storage class) identical."""
    problems = []
    c, p = sqlite3.connect(cpp_db), sqlite3.connect(py_db)
    sc = [(r[1], r[2]) for r in c.execute("PRAGMA table_info(%s)" % table)]
    sp = [(r[1], r[2]) for r in p.execute("PRAGMA table_info(%s)" % table)]
    if sc != sp:
        return ["schema differs: C++ %s, features.py %s" % (sc, sp)]
    cols = [n for n, _ in sc if n not in META]
    sel = "SELECT %s FROM %s ORDER BY rowid" % (
        ", ".join("%s, typeof(%s)" % (n, n) for n in cols), table)
    rows = 0
    for rc, rp in zip(c.execute(sel), p.execute(sel)):
        rows += 1
        if rc != rp:
            for i, name in enumerate(cols):
                if rc[2 * i:2 * i + 2] != rp[2 * i:2 * i + 2]:
                    problems.append("row %d (%s %s) %s: C++ %r, features.py %r" % (
                        rows, rc[0], rc[4] if len(rc) > 4 else "", name,
                        rc[2 * i:2 * i + 2], rp[2 * i:2 * i + 2]))
                    break
            if len(problems) >= limit:
                break
    nc = c.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
    np_ = p.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]
    if nc != np_:
        problems.append("row counts differ: C++ %d, features.py %d" % (nc, np_))
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_ref = os.environ.get("ATTRITION_PYTHON_REF", os.path.normpath(
        os.path.join(here, "..", "..", "..", "shared", "peers", "python_ref")))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--as-of")
    ap.add_argument("--today")
    ap.add_argument("--python-ref", default=default_ref)
    ap.add_argument("--tables", default=",".join(TABLES))
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    cpp_db, py_db = os.path.join(a.workdir, "cpp.db"), os.path.join(a.workdir, "py.db")
    shutil.copy(a.source, cpp_db)
    shutil.copy(a.source, py_db)
    pins = (["--as-of", a.as_of] if a.as_of else []) + (["--today", a.today] if a.today else [])

    _, t_cpp = run([a.binary, "--warehouse", "sqlite:" + cpp_db, "features"] + pins)
    py, t_py = run(["/usr/bin/python3", os.path.join(a.python_ref, "features.py"), "--db", py_db] + pins)
    print("attrition features %.1fs, features.py %.1fs" % (t_cpp, t_py))

    failed = 0
    want, got = reject_json(py.stderr), run_log_counts(cpp_db)
    if want != got:
        failed += 1
        print("reject counts differ:\n  features.py %s\n  C++         %s" % (json.dumps(want), json.dumps(got)))
    else:
        print("reject counts: EQUAL (%d views)" % len(want))
    compare = os.path.join(a.python_ref, "..", "..", "tools", "compare_tables.py")
    for table in a.tables.split(","):
        keys = "CUSTOMER_ID,MRN" if table == "PA_DEMO_INTERMEDIATE_FEATURES" else "CUSTOMER_ID,MRN,MONTH"
        p = subprocess.run(["/usr/bin/python3", compare, "sqlite:%s:%s" % (cpp_db, table),
                            "sqlite:%s:%s" % (py_db, table), "--keys", keys,
                            "--ignore", "INGESTED_DATE,UPDATED_DATE,STAGE"],
                           capture_output=True, text=True)
        problems = exact_compare(cpp_db, py_db, table)
        verdict = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr
        print("%-40s compare_tables: %s" % (table, verdict))
        if p.returncode != 0:
            failed += 1
            print(p.stdout)
        if problems:
            failed += 1
            print("%-40s exact: %d problem(s)\n  %s" % (table, len(problems), "\n  ".join(problems)))
        else:
            print("%-40s exact: same schema, row order and values" % table)
    print("OK" if failed == 0 else "FAILED (%d checks)" % failed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
