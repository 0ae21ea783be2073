#!/usr/bin/env bash
# Render an HTML report in headless Chromium: a screenshot (PNG), the DOM after parsing,
# and a PDF print. Usage: render_html.sh REPORT.html OUTDIR WIDTH HEIGHT
# Writes OUTDIR/shot.png, OUTDIR/dom.html, OUTDIR/print.pdf. Exit 77 when Chromium is absent.
set -u
html=$1 out=$2 width=$3 height=$4
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# No network, no first-run work, a throwaway profile: the report must need nothing else.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --disable-extensions --hide-scrollbars --user-data-dir="$profile")
url="file://$(readlink -f "$html")"
timeout 180 "$browser" "${flags[@]}" --window-size="$width,$height" \
  --screenshot="$out/shot.png" "$url" >"$out/chromium.log" 2>&1 || {
  echo "chromium screenshot failed:"; tail -20 "$out/chromium.log"; exit 1; }
timeout 180 "$browser" "${flags[@]}" --dump-dom "$url" >"$out/dom.html" 2>>"$out/chromium.log" || {
  echo "chromium --dump-dom failed:"; tail -20 "$out/chromium.log"; exit 1; }
timeout 180 "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/print.pdf" \
  "$url" >>"$out/chromium.log" 2>&1 || {
  echo "chromium --print-to-pdf failed:"; tail -20 "$out/chromium.log"; exit 1; }
for f in shot.png dom.html print.pdf; do
  [ -s "$out/$f" ] || { echo "chromium wrote no $f"; tail -20 "$out/chromium.log"; exit 1; }
done
exit 0
