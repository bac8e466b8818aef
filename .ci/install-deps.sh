#!/usr/bin/env bash
# Installs every Debian package attrition needs to build, test and benchmark.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config ccache \
  libsqlite3-dev sqlite3 libpq-dev postgresql unixodbc-dev unixodbc odbc-postgresql \
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev \
  libcurl4-openssl-dev libboost-dev libboost-system-dev libxgboost-dev libeigen3-dev \
  libgtest-dev libgmock-dev libbenchmark-dev \
  python3-xgboost python3-pandas python3-sklearn python3-optuna python3-flask gunicorn \
  python3-yaml python3-aiosmtpd wrk time chromium zlib1g-dev tzdata >/dev/null
