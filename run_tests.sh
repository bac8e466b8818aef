#!/usr/bin/env bash
# Runs the whole test suite against the build in ./build: starts one throwaway PostgreSQL
# on loopback for the PostgreSQL/ODBC tests (they start their own when ATTRITION_PG_URL
# is unset, which is slower), runs ctest on both cores, and stops the server.
set -euo pipefail
cd "$(dirname "$0")"
# Every test's scratch files go under one directory of this run, removed at the end, so a
# test that crashes or times out cannot leave files behind in the machine's /tmp.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/attrition-tests.XXXXXX")"
export TMPDIR
eval "$(.ci/postgres.sh start)"
trap '.ci/postgres.sh stop >/dev/null 2>&1 || true; rm -rf "$TMPDIR"' EXIT
ctest --test-dir build --output-on-failure -j2 --timeout 900 "$@"
