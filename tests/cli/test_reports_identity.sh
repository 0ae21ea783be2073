#!/usr/bin/env bash
# Finding ids and fingerprints: distinct for every finding of a run on the README examples and
# on every finding scenario, the same in JSON and SARIF, blind to line numbers, changed by
# --site. And which rules a run evaluated: the asymmetric rules need --advertised.
. "$(dirname "$0")/lib.sh"
SC="$SRC/tests/fixtures/scenarios"

# distinct JSON SARIF NAME: every finding has an id and a fingerprint, all distinct, and
# SARIF carries the same ones.
distinct() {
  python3 - "$1" "$2" <<'PY' || { echo "FAIL: $3: ids or fingerprints not distinct"; failures=$((failures + 1)); return; }
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
res = json.load(open(sys.argv[2]))["runs"][0]["results"]
ids = [f["id"] for f in fs]
fps = [f["fingerprint"] for f in fs]
assert fs, "no findings"
assert len(set(ids)) == len(ids), [i for i in ids if ids.count(i) > 1]
assert len(set(fps)) == len(fps)
assert all(len(x) == 32 for x in fps)
assert sorted(zip(ids, fps)) == sorted((r["properties"]["finding"], r["partialFingerprints"]["erreadyFinding/v2"]) for r in res)
import hashlib
for f in fs:  # the id starts with the finding's rule and never holds a line number
    assert f["id"].startswith(f["rule"] + "|"), f["id"]
    assert ".txt:" not in f["id"], f["id"]
    # the documented fingerprint: SHA-256 of tag, id and site (empty), NUL after each
    want = hashlib.sha256(b"erready-finding-v2\0" + f["id"].encode() + b"\0\0").hexdigest()[:32]
    assert f["fingerprint"] == want, (f["id"], f["fingerprint"], want)
print("%s: %d findings, distinct ids and fingerprints" % (sys.argv[1], len(fs)))
PY
  passes=$((passes + 1))
}

cd "$SRC" || exit 1
readme=(
  "--region westeurope examples/edge-bgp.txt"
  "--profile examples/profile.json examples/edge-bgp.txt"
  "--profile examples/profile.json --nat-pool expressroute=192.0.2.64/27 --nat-pool internet=198.51.100.64/27 examples/edge-bgp.txt"
  "--profile examples/profile.json examples/edge-bgp-after.txt"
  "--services all --profile examples/profile.json examples/edge-bgp.txt"
)
k=0
for line in "${readme[@]}"; do
  k=$((k + 1))
  read -r -a args <<<"$line"
  "$ER" check "${args[@]}" -o "$TMP/r$k.json" -o "$TMP/r$k.sarif" >/dev/null 2>&1
  distinct "$TMP/r$k.json" "$TMP/r$k.sarif" "README example $k"
done

for dir in "$SC"/*/; do
  name=$(basename "$dir")
  mapfile -t args <"$dir/args"
  (cd "$dir" && "$ER" check --data ../tags.json "${args[@]}" -o "$TMP/$name.json" \
    -o "$TMP/$name.sarif" routes.txt >/dev/null 2>&1)
  distinct "$TMP/$name.json" "$TMP/$name.sarif" "scenario $name"
done

# Line numbers play no part: shift the routes of the profile example; --site changes the
# fingerprints but not the ids.
{ printf '\n\n\n'; cat examples/edge-bgp.txt; } >"$TMP/shifted.txt"
"$ER" check --profile examples/profile.json -o "$TMP/shifted.json" "$TMP/shifted.txt" >/dev/null 2>&1
"$ER" check --profile examples/profile.json --site ams -o "$TMP/site.json" examples/edge-bgp.txt >/dev/null 2>&1
python3 - "$TMP/r2.json" "$TMP/shifted.json" "$TMP/site.json" <<'PY' || { echo "FAIL: stable ids"; failures=$((failures + 1)); }
import json, sys
a, b, c = ([(f["id"], f["fingerprint"]) for f in json.load(open(p))["findings"]] for p in sys.argv[1:4])
assert a == b, "a line shift changed ids or fingerprints"
assert [x[0] for x in a] == [x[0] for x in c], "--site changed ids"
assert not set(x[1] for x in a) & set(x[1] for x in c), "--site kept fingerprints"
PY
passes=$((passes + 1))

# Evaluated rules: the asymmetric scenario without and with --advertised.
cd "$SC/asymmetric-return-via-expressroute" || exit 1
for with in 0 1; do
  extra=()
  [ "$with" = 1 ] && extra=(--advertised adv.txt)
  "$ER" check --data ../tags.json --services PowerPlatformPlex.WestEurope "${extra[@]}" \
    -o "$TMP/ev$with.sarif" -o "$TMP/ev$with.md" -o "$TMP/ev$with.html" -o "$TMP/ev$with.xml" \
    routes.txt >/dev/null 2>&1
  python3 - "$TMP/ev$with.sarif" "$with" <<'PY' || { echo "FAIL: evaluated rules (advertised=$with)"; failures=$((failures + 1)); }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
with_adv = sys.argv[2] == "1"
props = run["properties"]
not_ev = {x["id"]: x["missing"] for x in props["rulesNotEvaluated"]}
for rule in ("asymmetric-return-via-expressroute", "asymmetric-return-via-internet"):
    desc = [r for r in run["tool"]["driver"]["rules"] if r["id"] == rule][0]
    assert desc["properties"]["evaluated"] is with_adv, (rule, desc["properties"])
    if with_adv:
        assert rule in props["rulesEvaluated"] and rule not in not_ev
    else:
        assert "--advertised" in not_ev[rule] and rule not in props["rulesEvaluated"]
assert "leak" in props["rulesEvaluated"]
PY
  passes=$((passes + 1))
done
contains "$TMP/ev0.md" '`asymmetric-return-via-expressroute`, `asymmetric-return-via-internet`' "markdown lists them"
contains "$TMP/ev0.html" "Could not verify <code>asymmetric-return-via-expressroute</code>" "html says so"
contains "$TMP/ev0.xml" 'skipped message="not evaluated: this run lacks the prefixes advertised to Microsoft (--advertised)"' "junit skips"
check '! grep -q "Could not verify <code>asymmetric" "$TMP/ev1.html"' "html with --advertised"
contains "$TMP/ev1.html" "<li>Rules checked: <code>asymmetric-return-via-expressroute</code>" "html checked list"
finish
