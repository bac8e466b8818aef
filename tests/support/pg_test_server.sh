#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and CI: loopback only, on a free port, with its
# data directory, socket and log under one directory that `stop` deletes.
#
#   pg_test_server.sh start DIR [PORT]   initdb + start; prints the env lines below
#   pg_test_server.sh restart-immediate DIR
#                                        pg_ctl restart -m immediate (a crash and recovery)
#   pg_test_server.sh stop DIR           stops the server and removes DIR
#
# `start` prints, one per line, lines a shell can `eval` (or append to $GITHUB_ENV):
#   ATTRITION_PG_URL=postgresql://attrition@127.0.0.1:PORT/attrition
#   ATTRITION_PG_DIR=DIR
#   ATTRITION_PG_PORT=PORT
#
# Authentication: the superuser `attrition` connects over TCP without a password (trust),
# every other role must give its password (scram-sha-256), so tests can create a role
# with a password and check that it is required and never echoed.
#
# initdb and postgres refuse to run as root: as root, the server runs as the `postgres`
# user (override with ATTRITION_PG_OS_USER). Binaries come from ATTRITION_PG_BINDIR, else
# the newest /usr/lib/postgresql/*/bin, else PATH.
set -euo pipefail

die() {
  echo "pg_test_server.sh: $*" >&2
  exit 1
}

find_bindir() {
  if [[ -n "${ATTRITION_PG_BINDIR:-}" ]]; then
    echo "$ATTRITION_PG_BINDIR"
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$newest" ]]; then
    echo "$newest"
  else
    dirname "$(command -v initdb || die 'initdb not found; install the postgresql package')"
  fi
}

BINDIR=$(find_bindir)
[[ -x "$BINDIR/initdb" ]] || die "no initdb in $BINDIR; install the postgresql package"

# Runs a command as the server's OS user.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "${ATTRITION_PG_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

pick_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 20000))
    if ! port_in_use "$port"; then
      echo "$port"
      return
    fi
  done
  die "found no free TCP port"
}

start() {
  local dir=$1 port=${2:-}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ ! -e "$dir/data" ]] || die "$dir/data already exists; stop that server first"
  if [[ $(id -u) -eq 0 ]]; then chown "${ATTRITION_PG_OS_USER:-postgres}" "$dir"; fi
  chmod 700 "$dir"

  as_server_user "$BINDIR/initdb" -D "$dir/data" -U attrition --auth=trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    die "initdb failed; see $dir/initdb.log: $(tail -n 5 "$dir/initdb.log")"

  as_server_user tee "$dir/data/pg_hba.conf" >/dev/null <<'EOF'
local all all                trust
host  all attrition 127.0.0.1/32 trust
host  all all       127.0.0.1/32 scram-sha-256
EOF
  # Durability is not needed by tests (the OS never crashes under them; a killed server
  # still recovers from the WAL in the page cache).
  as_server_user tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
password_encryption = 'scram-sha-256'
EOF

  # A random free port may be taken by the time postgres binds it: try another.
  local requested=$port attempt
  for attempt in 1 2 3 4 5; do
    port=${requested:-$(pick_port)}
    if as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-p $port" start >/dev/null 2>&1; then
      break
    fi
    if [[ -n "$requested" || $attempt -eq 5 ]]; then
      die "postgres did not start; see $dir/postgres.log: $(tail -n 5 "$dir/postgres.log")"
    fi
  done
  echo "$port" >"$dir/port"

  "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U attrition -d postgres \
    -c "CREATE DATABASE attrition" >/dev/null || die "cannot create database attrition"

  echo "ATTRITION_PG_URL=postgresql://attrition@127.0.0.1:$port/attrition"
  echo "ATTRITION_PG_DIR=$dir"
  echo "ATTRITION_PG_PORT=$port"
}

restart_immediate() {
  local dir=$1
  [[ -f "$dir/port" ]] || die "no server in $dir"
  as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -m immediate \
    -o "-p $(cat "$dir/port")" restart >/dev/null 2>&1 ||
    die "restart failed; see $dir/postgres.log: $(tail -n 5 "$dir/postgres.log")"
}

stop() {
  local dir=$1
  [[ -d "$dir" ]] || return 0
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null 2>&1 ||
      as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -ge 2 ]] || die "usage: $0 start DIR [PORT]"; start "$2" "${3:-}" ;;
  restart-immediate) [[ $# -eq 2 ]] || die "usage: $0 restart-immediate DIR"; restart_immediate "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR [PORT] | restart-immediate DIR | stop DIR" ;;
esac
