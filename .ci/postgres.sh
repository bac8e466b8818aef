#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL that the whole CI test run shares.
#
#   eval "$(.ci/postgres.sh start)"   # exports ATTRITION_PG_URL, ATTRITION_PG_DIR, ATTRITION_PG_PORT
#   ctest --test-dir build --output-on-failure
#   .ci/postgres.sh stop
#
# The server lives in $ATTRITION_PG_DIR (default /tmp/attrition-ci-pg), listens on
# 127.0.0.1 only, on a free port. With $GITHUB_ENV set, the variables are appended to it
# too. `start` fails (non-zero, with the reason) when the server cannot be started, so CI
# stops there instead of running the PostgreSQL tests without a server.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${ATTRITION_PG_DIR:-/tmp/attrition-ci-pg}

case "${1:-}" in
  start)
    "$here/tests/support/pg_test_server.sh" stop "$dir"  # a leftover of an earlier run
    env_lines=$("$here/tests/support/pg_test_server.sh" start "$dir")
    while IFS= read -r line; do
      echo "export $line"
      if [[ -n "${GITHUB_ENV:-}" ]]; then echo "$line" >>"$GITHUB_ENV"; fi
    done <<<"$env_lines"
    ;;
  stop)
    "$here/tests/support/pg_test_server.sh" stop "$dir"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
