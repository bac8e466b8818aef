#!/usr/bin/env bash
# Fresh Debian 12 machine → installed dependencies, a built `attrition`, and the main job
# run on the embedded defaults (SQLite file and artifacts in ./demo, made afresh).
set -euo pipefail
cd "$(dirname "$0")"
./.ci/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${ATTRITION_CMAKE_FLAGS:-}
cmake --build build -j2
rm -rf demo
build/src/cli/attrition demo --dir demo
