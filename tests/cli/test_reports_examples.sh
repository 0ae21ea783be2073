#!/usr/bin/env bash
# The CI examples and the sample report stay in step with erready: every option the CI jobs
# pass to `erready check` exists, they write SARIF, JUnit and Markdown, and
# examples/report-sample.html is what the current code renders from the bundled example.
. "$(dirname "$0")/lib.sh"
"$ER" check --help >"$TMP/help"
for f in "$SRC"/examples/ci/*.yml; do
  name=$(basename "$f")
  python3 - "$f" "$TMP/help" <<'PY' || { echo "FAIL: $name: erready invocation"; failures=$((failures + 1)); }
import re, sys
text = open(sys.argv[1]).read()
helptext = open(sys.argv[2]).read()
calls = re.findall(r"erready check(.*?)network/routes", text, re.S)
assert calls, "no 'erready check' invocation"
for call in calls:
    for opt in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", call):
        assert opt in helptext, "unknown option " + opt
    outs = re.findall(r"-o\s+(\S+)", call)
    for ext in (".sarif", ".xml", ".md"):
        assert any(o.endswith(ext) for o in outs), "no %s output" % ext
PY
  passes=$((passes + 1))
done

# The committed sample report is what this erready renders for the bundled example.
# Regenerate with: ./build/erready check --region westeurope \
#   -o examples/report-sample.html examples/edge-bgp.txt   (from the source folder)
(cd "$SRC" && "$ER" check --region westeurope -o "$TMP/sample.html" \
  examples/edge-bgp.txt >/dev/null 2>&1)
check 'cmp -s "$TMP/sample.html" "$SRC/examples/report-sample.html"' \
  "examples/report-sample.html is current (regenerate it, see this test)"
finish
