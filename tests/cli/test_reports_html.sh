#!/usr/bin/env bash
# The HTML report rendered by headless Chromium: the page renders (expected size, not
# blank, chart colours on screen), the charts are in the parsed DOM, it fetches nothing,
# and it prints to a multi-page PDF. Skips (77) only when Chromium is not installed.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/edge-bgp.txt"
RENDER="$SRC/tests/report/render_html.sh"
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 &&
   ! command -v google-chrome >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (apt-get install chromium; .ci/run installs it)"
  exit 77
fi

expect 1 "html report" -- "$ER" check --region westeurope -o "$TMP/report.html" "$EX"
W=1280 H=4200
bash "$RENDER" "$TMP/report.html" "$TMP/render" $W $H
rc=$?
check "[ $rc -eq 0 ]" "chromium rendered the report"
if [ $rc -eq 0 ]; then
  check 'python3 "$SRC/tests/report/check_png.py" "$TMP/render/shot.png" $W $H' \
    "screenshot: expected size, not blank, chart colours present"
  # The DOM as Chromium parsed it: the charts survived parsing as SVG elements.
  check '[ "$(grep -o "<svg class=\"chart chart-" "$TMP/render/dom.html" | wc -l)" -ge 4 ]' \
    "at least four charts in the parsed DOM"
  check 'grep -q "class=\"seg seg-expressroute\"" "$TMP/render/dom.html"' "coverage bars in the DOM"
  check 'grep -q "class=\"col col-high\"" "$TMP/render/dom.html"' "severity columns in the DOM"
  check 'grep -q "Readiness checklist" "$TMP/render/dom.html"' "checklist in the DOM"
  check 'head -c 5 "$TMP/render/print.pdf" | grep -q "%PDF-"' "prints to PDF"
  pages=$(grep -a -c "/Type /Page$\|/Type /Page[^s]" "$TMP/render/print.pdf")
  check "[ $pages -ge 3 ]" "the PDF has several pages ($pages)"
fi

# A blank page must fail the checker (so the check above can fail).
cat >"$TMP/blank.html" <<'HTML'
<!DOCTYPE html><html><body></body></html>
HTML
bash "$RENDER" "$TMP/blank.html" "$TMP/blank" 640 480 >/dev/null
check '! python3 "$SRC/tests/report/check_png.py" "$TMP/blank/shot.png" 640 480 >/dev/null' \
  "a blank page is detected"
check '! python3 "$SRC/tests/report/check_png.py" "$TMP/render/shot.png" 640 480 >/dev/null' \
  "a wrong size is detected"
finish
