#!/usr/bin/env bash
# CI and consultant reports end to end on the bundled example: several outputs in one run,
# formats from extensions, structure of each format, determinism, timestamps only on
# request, baselines (create, suppress, expire, prune), stable fingerprints, piped output.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/edge-bgp.txt"
R=(--region westeurope)

# Several outputs in one run; the format follows each extension.
expect 1 "five formats in one run" -- "$ER" check "${R[@]}" -o "$TMP/r.sarif" -o "$TMP/r.xml" \
  -o "$TMP/r.csv" -o "$TMP/r.md" -o "$TMP/r.html" -o - "$EX"
contains "$TMP/out" "verdict: NOT READY" "text on standard output"
contains "$TMP/r.sarif" '"version": "2.1.0"' "sarif by extension"
check 'head -1 "$TMP/r.xml" | grep -q "^<?xml version=\"1.0\" encoding=\"UTF-8\"?>$"' "junit by extension"
check 'head -1 "$TMP/r.csv" | grep -q "^service,family,region,"' "csv by extension"
check 'head -1 "$TMP/r.md" | grep -q "^## erready: Power Platform over ExpressRoute"' "markdown by extension"
check 'head -1 "$TMP/r.html" | grep -q "^<!DOCTYPE html>$"' "html by extension"
expect 1 "--format sarif to stdout" -- "$ER" check "${R[@]}" --format sarif "$EX"
contains "$TMP/out" '"$schema": "https://json.schemastore.org/sarif-2.1.0.json"' "sarif on stdout"
expect 1 "--format applies to files without a known extension" -- \
  "$ER" check "${R[@]}" --format junit -o "$TMP/report.out" "$EX"
check 'head -1 "$TMP/report.out" | grep -q "^<?xml"' "--format junit for report.out"
expect 2 "unknown format" -- "$ER" check "${R[@]}" --format pdf "$EX"
contains "$TMP/err" "unknown format 'pdf' (text, json, sarif, junit, csv, markdown, html)" "format list"

# Structure, checked with Python's standard library.
python3 - "$TMP" <<'PY' || { echo "FAIL: report structure"; failures=$((failures + 1)); }
import csv, json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
sarif = json.load(open(d + "/r.sarif"))
run = sarif["runs"][0]
results = run["results"]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert "leak" in rules and "too-many-prefixes" in rules, rules
assert results and all(r["ruleId"] == rules[r["ruleIndex"]] for r in results)
assert run["properties"]["data"]["changeNumber"] == 376
assert run["artifacts"][0]["location"]["uri"].endswith("examples/edge-bgp.txt")
assert len(run["artifacts"][0]["hashes"]["sha-256"]) == 64
for r in results:
    loc = r["locations"][0]
    assert loc["physicalLocation"]["region"]["startLine"] > 0
    assert loc["logicalLocations"][1]["name"] == r["properties"]["service"]
    assert loc["logicalLocations"][0]["name"] == r["properties"]["prefix"]
# JUnit: well-formed, one test case per service and per-service rule plus network rules.
root = ET.parse(d + "/r.xml").getroot()
assert root.tag == "testsuites"
suites = root.findall("testsuite")
services = [s for s in suites if s.get("name") != "network"]
per_service = {c.get("name") for s in services for c in s.findall("testcase")}
assert "leak" in per_service
cases = root.findall(".//testcase")
assert int(root.get("tests")) == len(cases)
failed = [c for c in cases if c.find("failure") is not None]
assert int(root.get("failures")) == len(failed) > 0
assert all("evidence: winner:" in c.find("failure").text for c in failed)
assert all(":" in c.find("failure").text for c in failed)
# CSV: every row has every column, and the classes add up to the total.
rows = list(csv.DictReader(open(d + "/r.csv", newline="")))
assert rows[-1]["service"] == "(all selected)" and rows[-2]["service"] == "(all selected)"
classes = ("expressroute", "internet", "internal", "vpn", "discard", "unrouted")
for row in rows:
    assert None not in row.values(), row
    assert sum(int(row[c]) for c in classes) == int(row["addresses"]), row
json_report = None
svc_names = {s.get("name") for s in services}
assert svc_names == {r["service"] for r in rows[:-2]}, (svc_names, {r["service"] for r in rows[:-2]})
print("structure ok: %d results, %d test cases, %d csv rows" % (len(results), len(cases), len(rows)))
PY
passes=$((passes + 1))

# Deterministic: identical bytes on a second run, and no timestamp unless asked.
"$ER" check "${R[@]}" -o "$TMP/s.sarif" -o "$TMP/s.xml" -o "$TMP/s.csv" -o "$TMP/s.md" \
  -o "$TMP/s.html" "$EX" >/dev/null 2>&1
for f in sarif xml csv md html; do
  check 'cmp -s "$TMP/r.$f" "$TMP/s.$f"' "$f output is deterministic"
done
check '! grep -qE "20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:" "$TMP/r.sarif" "$TMP/r.xml" "$TMP/r.html" "$TMP/r.md"' \
  "no timestamp by default"
SOURCE_DATE_EPOCH=86400 "$ER" check "${R[@]}" --timestamp -o "$TMP/t.sarif" -o "$TMP/t.xml" \
  -o "$TMP/t.html" -o "$TMP/t.md" "$EX" >/dev/null 2>&1
for f in sarif xml html md; do
  contains "$TMP/t.$f" "1970-01-02T00:00:00Z" "--timestamp in $f (SOURCE_DATE_EPOCH)"
done
expect 2 "bad SOURCE_DATE_EPOCH" -- env SOURCE_DATE_EPOCH=yesterday "$ER" check "${R[@]}" "$EX"

# Piped: no colour, no progress line on stderr.
"$ER" check "${R[@]}" "$EX" >"$TMP/p.out" 2>"$TMP/p.err"
check '! grep -q $'"'"'\r'"'"' "$TMP/p.err" && ! grep -q "reading" "$TMP/p.err"' "no progress when piped"

# Baselines: create from a run, then every finding is accepted and the run passes.
BL="$TMP/bl.json"
expect 2 "creating a baseline needs --reason" -- "$ER" baseline "${R[@]}" -b "$BL" "$EX"
check '[ ! -e "$BL" ]' "no baseline written without a reason"
expect 2 "baseline needs --baseline" -- "$ER" baseline "${R[@]}" --reason x "$EX"
expect 2 "bad --expires" -- "$ER" baseline "${R[@]}" -b "$BL" --reason x --expires 2025-02-30 "$EX"
expect 0 "create baseline" -- "$ER" baseline "${R[@]}" -b "$BL" --reason "transit migration" \
  --expires 2999-12-31 "$EX"
contains "$TMP/err" "accepted until 2999-12-31" "creation summary"
nfind=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$TMP/r.sarif")
nent=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$BL")
check "[ $nent -gt 0 ] && [ $nent -le $nfind ]" "one entry per finding key ($nent entries, $nfind findings)"
expect 0 "all accepted: ready" -- "$ER" check "${R[@]}" --baseline "$BL" -o "$TMP/b.sarif" -o - "$EX"
contains "$TMP/out" "accepted by the baseline until 2999-12-31: transit migration" "text marks accepted"
contains "$TMP/out" "verdict: READY" "text verdict with everything accepted"
python3 - "$TMP/b.sarif" <<'PY' || { echo "FAIL: suppressions"; failures=$((failures + 1)); }
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0]["results"]
assert res and all(r["suppressions"][0]["status"] == "accepted" for r in res)
assert all(r["suppressions"][0]["justification"] == "transit migration" for r in res)
PY
passes=$((passes + 1))
expect 0 "--min-severity critical accepts nothing" -- "$ER" baseline "${R[@]}" -b "$TMP/none.json" \
  --reason x --min-severity critical "$EX"
check 'python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))[\"entries\"]))" "$TMP/none.json"' \
  "empty baseline"
expect 1 "an empty baseline accepts nothing" -- "$ER" check "${R[@]}" --baseline "$TMP/none.json" "$EX"

# Expired entries fail again.
expect 0 "baseline with a past expiry" -- "$ER" baseline "${R[@]}" -b "$TMP/old.json" --reason x \
  --expires 2001-01-01 "$EX"
expect 1 "expired entries fail again" -- "$ER" check "${R[@]}" --baseline "$TMP/old.json" "$EX"
contains "$TMP/err" "matched expired baseline entries" "expiry reported"
contains "$TMP/out" "baseline entry EXPIRED on 2001-01-01" "text marks expired"
expect 0 "expiry is checked against SOURCE_DATE_EPOCH" -- env SOURCE_DATE_EPOCH=978307200 \
  "$ER" check "${R[@]}" --baseline "$TMP/old.json" "$EX"

# Pruning: an entry that matches nothing is removed; the rest is kept unchanged.
python3 - "$BL" "$TMP/extra.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["entries"].append({"rule": "leak", "service": "PowerPlatformInfra.WestEurope",
                     "prefix": "192.0.2.0/24", "reason": "gone", "expires": "2999-01-01"})
json.dump(b, open(sys.argv[2], "w"), indent=1)
PY
expect 0 "prune" -- "$ER" baseline "${R[@]}" -b "$TMP/extra.json" "$EX"
contains "$TMP/err" "kept $nent of $((nent + 1)) entries, removed 1" "prune summary"
check 'cmp -s "$TMP/extra.json" "$BL"' "pruned baseline equals the original"
expect 0 "prune with -o" -- "$ER" baseline "${R[@]}" -b "$BL" -o "$TMP/copy.json" --reason ignored "$EX"
contains "$TMP/err" "is only pruned" "creation options ignored on an existing baseline"
check 'cmp -s "$TMP/copy.json" "$BL"' "nothing to prune"
expect 0 "against a route table without leaks everything is pruned" -- "$ER" baseline \
  --region westeurope --er-nexthop 198.51.100.1 --er-nexthop 2001:db8:fffe::1 -b "$BL" \
  -o "$TMP/pruned.json" "$EX"
check 'python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))[\"entries\"]))" "$TMP/pruned.json"' \
  "all entries pruned"

# Broken baselines are input errors with the file name.
printf '{"erready_baseline": 1, "entries": [{"rule": "leak"}]}' >"$TMP/broken.json"
expect 2 "broken baseline" -- "$ER" check "${R[@]}" --baseline "$TMP/broken.json" "$EX"
contains "$TMP/err" "broken.json: error: entries[0]: 'service' is missing or empty" "baseline error message"
expect 2 "missing baseline" -- "$ER" check "${R[@]}" --baseline "$TMP/nope.json" "$EX"

# Fingerprints ignore line numbers: shift every route down and the baseline still applies.
{ printf '\n\n\n\n\n'; cat "$EX"; } >"$TMP/shifted.txt"
expect 0 "baseline applies to the shifted file" -- "$ER" check "${R[@]}" --baseline "$BL" \
  -o "$TMP/shifted.sarif" "$TMP/shifted.txt"
python3 - "$TMP/r.sarif" "$TMP/shifted.sarif" <<'PY' || { echo "FAIL: fingerprints"; failures=$((failures + 1)); }
import json, sys
a, b = (json.load(open(p))["runs"][0]["results"] for p in sys.argv[1:3])
fa = [r["partialFingerprints"]["erreadyFinding/v1"] for r in a]
fb = [r["partialFingerprints"]["erreadyFinding/v1"] for r in b]
assert fa == fb
la = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in a]
lb = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in b]
assert all(y == x + 5 for x, y in zip(la, lb))
PY
passes=$((passes + 1))
"$ER" check "${R[@]}" --site lon -o "$TMP/lon.sarif" "$EX" >/dev/null 2>&1
check '[ "$(grep -c erreadyFinding "$TMP/lon.sarif")" -gt 0 ] && ! cmp -s <(grep erreadyFinding "$TMP/lon.sarif") <(grep erreadyFinding "$TMP/r.sarif")' \
  "--site changes fingerprints"
"$ER" baseline "${R[@]}" --site ams -b "$TMP/ams.json" --reason x --expires 2999-01-01 "$EX" 2>/dev/null
expect 1 "site-specific entries do not apply elsewhere" -- "$ER" check "${R[@]}" --site lon \
  --baseline "$TMP/ams.json" "$EX"
expect 0 "site-specific entries apply to their site" -- "$ER" check "${R[@]}" --site ams \
  --baseline "$TMP/ams.json" "$EX"
finish
