#!/usr/bin/env bash
# SARIF output validated against the SARIF 2.1.0 JSON schema in ../shared/data/schemas
# (with Debian's python3-jsonschema), plainly and with baseline suppressions. A broken copy
# must fail validation, so the check can fail. Skips (77) only when jsonschema or the
# schema is missing.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/edge-bgp.txt"
SCHEMA="$SHARED/data/schemas/sarif-schema-2.1.0.json"
if [ -z "$SHARED" ] || [ ! -f "$SCHEMA" ]; then
  echo "SKIP: the SARIF schema is not available (ERREADY_SHARED=$SHARED)"
  exit 77
fi
PY=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c "import jsonschema" 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
  echo "SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)"
  exit 77
fi
VALIDATE="$SRC/tests/report/validate_sarif.py"

expect 1 "sarif" -- "$ER" check --region westeurope -o "$TMP/plain.sarif" "$EX"
expect 0 "baseline from the run" -- "$ER" baseline --region westeurope -b "$TMP/bl.json" \
  --reason "accepted while the transit contract runs" --expires 2999-12-31 "$EX"
expect 0 "sarif with suppressions" -- "$ER" check --region westeurope --baseline "$TMP/bl.json" \
  --site "ams edge" --timestamp -o "$TMP/suppressed.sarif.json" "$EX"
expect 0 "valid" -- "$PY" "$VALIDATE" "$SCHEMA" "$TMP/plain.sarif" "$TMP/suppressed.sarif.json"
check 'grep -q "\"status\": \"accepted\"" "$TMP/suppressed.sarif.json"' "suppressions present"

# Broken copies must be rejected by the schema or by erready's own checks.
"$PY" - "$TMP/plain.sarif" "$TMP" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
out = sys.argv[2]
bad = json.loads(json.dumps(doc)); del bad["version"]
json.dump(bad, open(out + "/bad1.sarif", "w"))
bad = json.loads(json.dumps(doc)); bad["runs"][0]["results"][0]["level"] = "fatal"
json.dump(bad, open(out + "/bad2.sarif", "w"))
bad = json.loads(json.dumps(doc)); bad["runs"][0]["results"][0]["ruleIndex"] = 3
json.dump(bad, open(out + "/bad3.sarif", "w"))
PY
for i in 1 2 3; do
  expect 1 "broken copy $i rejected" -- "$PY" "$VALIDATE" "$SCHEMA" "$TMP/bad$i.sarif"
done
finish
