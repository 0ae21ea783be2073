#!/usr/bin/env bash
# Every finding rule on its minimal scenario (tests/fixtures/scenarios/<rule>/): the set of
# rule/reason pairs found must equal the folder's `expect`, and so must the exit code.
. "$(dirname "$0")/lib.sh"
SC="$SRC/tests/fixtures/scenarios"

for dir in "$SC"/*/; do
  name=$(basename "$dir")
  mapfile -t args <"$dir/args"
  want_exit=$(sed -n 's/^exit //p' "$dir/expect")
  (cd "$dir" && "$ER" check --data ../tags.json --format json "${args[@]}" routes.txt) >"$TMP/out" 2>"$TMP/err"
  got=$?
  if [ "$got" -ne "$want_exit" ]; then
    echo "FAIL: $name: exit $got, want $want_exit"
    sed 's/^/  stderr: /' "$TMP/err" | head -10
    failures=$((failures + 1))
    continue
  fi
  if python3 - "$TMP/out" "$dir/expect" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = set()
for line in open(sys.argv[2]):
    w = line.split()
    if w and w[0] != "exit":
        want.add((w[0], w[1]))
got = {(f["rule"], f.get("reason", "-")) for f in r["findings"]}
if got != want:
    print("  got:  ", sorted(got))
    print("  want: ", sorted(want))
    for f in r["findings"]:
        print("   ", f["rule"], f.get("reason"), f["message"][:160])
    sys.exit(1)
for f in r["findings"]:
    assert f["message"] and f["fix"], f
    for e in f["evidence"]:
        assert e["table"] in ("routes", "advertised", "internet-advertised"), e
        assert e["route"] is None or ":" in e["route"]["source"], e
PY
  then
    passes=$((passes + 1))
  else
    echo "FAIL: $name: findings differ from $dir/expect"
    failures=$((failures + 1))
  fi
done

# Details a reader can check by hand.
cd "$SC/leak" && "$ER" check --data ../tags.json --format json --services PowerPlatformInfra.WestEurope routes.txt >"$TMP/leak.json"
python3 - "$TMP/leak.json" <<'PY' || { echo "FAIL: leak details"; failures=$((failures + 1)); }
import json, sys
f = json.load(open(sys.argv[1]))["findings"][0]
assert f["prefix"] == "20.50.1.0/24" and f["addresses"] == 256, f
assert [e["role"] for e in f["evidence"]] == ["winner", "expressroute-lost"]
assert f["evidence"][0]["route"]["source"] == "routes.txt:5", f["evidence"][0]
assert f["evidence"][1]["route"]["prefix"] == "20.50.0.0/16"
assert f["region"] is None and f["subject"] is None and f["ranges"] == []
PY
passes=$((passes + 1))

cd "$SC/out-of-scope" && "$ER" check --data ../tags.json --format json --services PowerPlatformInfra \
  --sku standard --peering-location Amsterdam --route-filter westeurope routes.txt >"$TMP/oos.json"
python3 - "$TMP/oos.json" <<'PY' || { echo "FAIL: out-of-scope details"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
f = r["findings"][0]
assert f["rule"] == "out-of-scope" and f["severity"] == "info", f
assert f["ranges"] == ["20.60.1.0/24"] and f["region"] == "eastus" and f["addresses"] == 256, f
s = r["services"][0]
assert s["v4"]["expressroute"] == 256 and s["v4"]["internet"] == 256, s
c = r["profile"]["circuits"][0]
assert c["sku"] == "standard" and c["peering_location"] == "Amsterdam" and c["geopolitical_area"] == "Europe"
assert c["route_filter"] == ["12076:51002"], c
PY
passes=$((passes + 1))

cd "$SC/asymmetric-return-via-expressroute" && "$ER" check --data ../tags.json --format json \
  --services PowerPlatformPlex.WestEurope --advertised adv.txt routes.txt >"$TMP/asym.json"
python3 - "$TMP/asym.json" <<'PY' || { echo "FAIL: assumed sources"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
src = r["sources"]
assert len(src) == 1 and src[0]["prefix"] == "192.0.2.64/27" and src[0]["assumed"] is True, src
assert src[0]["return"]["expressroute"] == 32 and src[0]["advertised"]["source"] == "adv.txt:1", src
a = [f for f in r["findings"] if f["rule"] == "asymmetric-return-via-expressroute"][0]
assert a["subject"] == "192.0.2.64/27" and a["ranges"] == ["20.50.2.0/24"], a
assert [e["table"] for e in a["evidence"]] == ["routes", "advertised"], a["evidence"]
assert r["advertised_inputs"][0]["file"] == "adv.txt" and r["advertised_inputs"][0]["session"] == "primary"
PY
passes=$((passes + 1))

cd "$SC/endpoint-not-on-expressroute" && mapfile -t args <args && "$ER" check --data ../tags.json --format json "${args[@]}" routes.txt >"$TMP/ep.json"
python3 - "$TMP/ep.json" <<'PY' || { echo "FAIL: endpoints"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
eps = {e["name"]: e for e in r["endpoints"]}
assert eps["crm-sync"]["on_expressroute"] is False and eps["crm-sync"]["reason"] == "not-advertised"
assert eps["dmz"]["on_expressroute"] is True and eps["dmz"]["advertised"]["prefix"] == "192.0.2.64/27"
f = [f for f in r["findings"] if f["rule"] == "endpoint-not-on-expressroute"][0]
assert f["service"] is None and f["subject"] == "crm-sync" and f["prefix"] == "192.0.2.10/32", f
PY
passes=$((passes + 1))
cd "$SC/endpoint-not-on-expressroute" && "$ER" check --data ../tags.json "${args[@]}" routes.txt >"$TMP/ep.txt"
contains "$TMP/ep.txt" "treat them as internet traffic" "endpoint reminder in the text report"
contains "$TMP/ep.txt" "dmz                  192.0.2.70       over ExpressRoute" "endpoint table"
finish
