#!/usr/bin/env bash
# render_report.sh -- renders a training report (report.html of a model version) to a PNG
# with headless Chromium (Debian's `chromium`), to check by eye that every chart shows or to
# attach the report to a ticket.
#
#   scripts/render_report.sh REPORT.html [OUT.png] [WIDTHxHEIGHT]
#
# OUT.png defaults to REPORT.png beside the report; the window defaults to 1280x4000, tall
# enough for the whole page (Chromium cuts the screenshot at the window height). The
# report is self-contained (inline SVG, no scripts, fonts or network), so nothing else is
# needed. Exits 2 on bad arguments, 3 when chromium is not installed, 1 when it fails to
# write the PNG. Chromium runs with a throwaway profile, without its sandbox (so it runs as
# root in containers) and without a GPU.
set -euo pipefail

usage() { echo "usage: $0 REPORT.html [OUT.png] [WIDTHxHEIGHT]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 3 ]] || usage
report=$1
[[ -f "$report" ]] || { echo "render_report.sh: no such file: $report" >&2; exit 2; }
out=${2:-${report%.html}.png}
size=${3:-1280x4000}
[[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "render_report.sh: size must be WIDTHxHEIGHT, got '$size'" >&2; exit 2; }
width=${BASH_REMATCH[1]}; height=${BASH_REMATCH[2]}

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n "$chromium" ]] || { echo "render_report.sh: chromium not found; install it with: apt-get install chromium" >&2; exit 3; }

abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
report=$(abs "$report")
mkdir -p "$(dirname "$out")"
out=$(abs "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
timeout "${RENDER_TIMEOUT:-120}" "$chromium" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --user-data-dir="$profile" --screenshot="$out" \
    --window-size="$width,$height" "file://$report" >"$profile/chromium.log" 2>&1 || true
if [[ ! -s "$out" ]]; then
  echo "render_report.sh: chromium wrote no PNG; its output:" >&2
  cat "$profile/chromium.log" >&2
  exit 1
fi
echo "$out"
