#!/usr/bin/env bash
# explain, diff, several sites, the profile and its flags, end to end; the README example.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples"
SC="$SRC/tests/fixtures/scenarios"

# ---- the README's asymmetric-routing example ----
expect 1 "README example" -- "$ER" check --profile "$EX/profile.json" "$EX/edge-bgp.txt"
contains "$TMP/out" "asymmetric-return-via-expressroute: PowerPlatformPlex.WestEurope" "asymmetric finding"
contains "$TMP/out" "split-subnet: traffic from 192.0.2.64/27 (edge-nat)" "split subnet"
contains "$TMP/out" "circuit 'er-ams': standard SKU at Amsterdam (Europe), route filter: 12076:51002 (West Europe) 12076:51003 (North Europe)" "circuit line"
contains "$TMP/out" "192.0.2.64/27 edge-nat (both edges): 32 addresses over expressroute" "return path line"
contains "$TMP/out" "crm-sync             192.0.2.10       over the internet" "endpoint line"
check '! grep -q "sessions-differ" "$TMP/out"' "identical sessions do not differ"
expect 1 "README example, json" -- "$ER" check --profile "$EX/profile.json" --format json "$EX/edge-bgp.txt"
python3 - "$TMP/out" <<'PY' || { echo "FAIL: README example json"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
rules = {}
for f in r["findings"]:
    rules[f["rule"]] = rules.get(f["rule"], 0) + 1
assert rules == {"asymmetric-return-via-expressroute": 4, "leak": 9, "endpoint-not-on-expressroute": 1,
                 "split-subnet": 1, "out-of-scope": 4}, rules
assert r["profile"]["regions"] == ["westeurope", "northeurope"] and r["profile"]["geography"] == "Europe"
assert [i["session"] for i in r["advertised_inputs"]] == ["primary", "secondary"]
assert [i["circuit"] for i in r["advertised_inputs"]] == ["er-ams", "er-ams"]
assert len(r["internet_advertised_inputs"]) == 1
assert r["feeds"][0]["kind"] == "servicetags"
PY
passes=$((passes + 1))
# The fix: a NAT pool per edge, only the ExpressRoute one advertised to Microsoft.
expect 1 "NAT per edge removes the asymmetry" -- "$ER" check --profile "$EX/profile.json" \
  --nat-pool expressroute=192.0.2.64/27 --nat-pool internet=198.51.100.64/27 --format json "$EX/edge-bgp.txt"
python3 - "$TMP/out" <<'PY' || { echo "FAIL: per-edge NAT"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in r["findings"]}
assert "asymmetric-return-via-expressroute" not in rules and "split-subnet" not in rules, rules
assert "leak" in rules
# the flags replace the profile's pools
assert [s["edge"] for s in r["sources"]] == ["expressroute", "internet"], r["sources"]
assert r["sources"][1]["return"]["none"] == 32, r["sources"][1]
PY
passes=$((passes + 1))

# ---- explain ----
expect 1 "explain an address" -- "$ER" explain --profile "$EX/profile.json" 20.105.211.70 "$EX/edge-bgp.txt"
check 'grep -Eq "PowerPlatformPlex.WestEurope +20.105.211.64/28 +ExpressRoute-eligible, selected" "$TMP/out"' "owner"
contains "$TMP/out" "20.105.211.70: internet, region westeurope, via 20.105.211.0/24 (" "forward"
contains "$TMP/out" "* 20.105.211.0/24" "winner marked"
contains "$TMP/out" "20.105.128.0/17      203.0.113.2" "competitor"
contains "$TMP/out" "replies over expressroute" "return path"
contains "$TMP/out" "<- asymmetric" "asymmetry flagged"
contains "$TMP/out" "findings touching it: 2" "findings"
expect 0 "explain an ExpressRoute address" -- "$ER" explain 20.105.130.1 "$EX/edge-bgp.txt"
contains "$TMP/out" "20.105.130.1: expressroute" "expressroute forward"
contains "$TMP/out" "findings touching it: 0" "no finding"
expect 1 "explain json" -- "$ER" explain --format json --profile "$EX/profile.json" 20.105.210.0/23 "$EX/edge-bgp.txt"
python3 - "$TMP/out" <<'PY' || { echo "FAIL: explain json"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["query"] == "20.105.210.0/23"
classes = [s["path_class"] for s in r["forward"]]
assert classes == ["expressroute", "internet"], classes
assert sum(s["addresses"] for s in r["forward"]) == 512
assert r["forward"][1]["winner"]["prefix"] == "20.105.211.0/24"
assert r["competitors"][0]["prefix"] == "20.105.211.0/24"
assert r["returns"][0]["return_path"] == "expressroute"
assert {f["rule"] for f in r["findings"]} >= {"leak", "asymmetric-return-via-expressroute"}
PY
passes=$((passes + 1))
expect 0 "explain an endpoint" -- "$ER" explain --profile "$EX/profile.json" --fail-on never 192.0.2.10 "$EX/edge-bgp.txt"
contains "$TMP/out" "treat those calls as internet traffic" "endpoint reminder"
contains "$TMP/out" "endpoint-not-on-expressroute" "endpoint finding"
expect 2 "explain without routes" -- "$ER" explain 20.105.211.70
expect 2 "explain a bad address" -- "$ER" explain 20.105.211.700 "$EX/edge-bgp.txt"
contains "$TMP/err" "20.105.211.700" "bad address named"
expect 2 "explain sarif is not offered" -- "$ER" explain --format csv 1.2.3.4 "$EX/edge-bgp.txt"

# ---- diff ----
expect 1 "diff introduces leaks" -- "$ER" diff --profile "$EX/profile.json" "$EX/edge-bgp.txt" "$EX/edge-bgp-after.txt"
check 'grep -Eq "PowerPlatformPlex.WestEurope +IPv4 +28 internet -> expressroute" "$TMP/out"' "fixed range moved"
check 'grep -Eq "LogicApps.NorthEurope +IPv4 +48 expressroute -> internet" "$TMP/out"' "new leak moved"
contains "$TMP/out" "findings: 9 new, 4 fixed, 15 unchanged" "counts"
contains "$TMP/out" "verdict: FAIL" "verdict"
expect 0 "diff: reverse direction only fixes at --fail-on critical" -- "$ER" diff --fail-on critical "$EX/edge-bgp-after.txt" "$EX/edge-bgp.txt"
expect 0 "diff of a snapshot with itself" -- "$ER" diff "$EX/edge-bgp.txt" "$EX/edge-bgp.txt"
contains "$TMP/out" "nothing moved" "nothing moved"
contains "$TMP/out" "verdict: PASS" "pass"
mkdir -p "$TMP/before" "$TMP/after"
cp "$EX/edge-bgp.txt" "$TMP/before/edge.txt"
cp "$EX/edge-bgp-after.txt" "$TMP/after/edge.txt"
expect 1 "diff of folders, json" -- "$ER" diff --format json --region westeurope "$TMP/before" "$TMP/after"
python3 - "$TMP/out" <<'PY' || { echo "FAIL: diff json"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
assert s["passed"] is False and s["new"] >= 1 and s["fixed"] >= 1, s
plex = [x for x in r["services"] if x["name"] == "PowerPlatformPlex.WestEurope"][0]
assert plex["changed"] and plex["moved"] == [{"family": "v4", "from": "internet", "to": "expressroute", "addresses": 28}], plex
assert r["before"]["inputs"][0]["file"].endswith("before/edge.txt")
for f in r["findings"]:
    assert f["state"] in ("new", "fixed", "unchanged") and f["finding"]["rule"]
PY
passes=$((passes + 1))
expect 2 "diff needs two sides" -- "$ER" diff "$EX/edge-bgp.txt"
expect 2 "diff takes no third side" -- "$ER" diff "$EX/edge-bgp.txt" "$EX/edge-bgp.txt" "$EX/edge-bgp.txt"
mkdir -p "$TMP/emptydir"
expect 2 "diff of an empty folder" -- "$ER" diff "$TMP/emptydir" "$EX/edge-bgp.txt"
contains "$TMP/err" "holds no route file" "empty folder named"

# ---- several sites ----
expect 1 "two sites" -- "$ER" check --profile "$EX/profile.json" --site ams="$EX/edge-bgp.txt" \
  --site ams-after="$EX/edge-bgp-after.txt"
contains "$TMP/out" "== site ams ==" "site section"
contains "$TMP/out" "== site ams-after ==" "second site section"
contains "$TMP/out" "== summary by site ==" "summary"
contains "$TMP/out" "LogicApps.NorthEurope: ams-after (48)" "who leaks what"
contains "$TMP/out" "PowerPlatformPlex.WestEurope: ams (28)" "who leaks what (2)"
expect 1 "two sites, json" -- "$ER" check --format json --region westeurope --site a="$EX/edge-bgp.txt" \
  --site b="$EX/edge-bgp-after.txt"
python3 - "$TMP/out" <<'PY' || { echo "FAIL: sites json"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert [s["name"] for s in r["sites"]] == ["a", "b"]
assert r["summary"]["sites"] == 2 and r["summary"]["ready"] is False
rows = {x["service"]: x["sites"] for x in r["summary"]["leaks_by_service"]}
assert rows["PowerPlatformPlex.WestEurope"] == [{"site": "a", "addresses": 28}], rows
assert r["site_summary"][0]["rules"]["leak"] >= 1
for s in r["sites"]:
    assert "findings" in s and "services" in s and "inputs" in s
PY
passes=$((passes + 1))
cat >"$TMP/sites.json" <<JSON
{"erready_profile": 1, "environment": {"region": "westeurope"},
 "sites": [{"name": "before", "routes": ["$EX/edge-bgp.txt"]},
           {"name": "after", "routes": "$EX/edge-bgp-after.txt",
            "circuits": [{"sku": "premium", "route_filter": ["westeurope"]}]}]}
JSON
expect 1 "sites from the profile" -- "$ER" check --profile "$TMP/sites.json" --format json
python3 - "$TMP/out" <<'PY' || { echo "FAIL: profile sites"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert [s["name"] for s in r["sites"]] == ["before", "after"]
assert r["sites"][0]["profile"]["circuits"] == []
assert r["sites"][1]["profile"]["circuits"][0]["sku"] == "premium"
PY
passes=$((passes + 1))
expect 2 "routes and sites together" -- "$ER" check --site a="$EX/edge-bgp.txt" "$EX/edge-bgp.txt"
expect 2 "site without =FILE is a label, and then routes are needed" -- "$ER" check --site ams
expect 0 "site label only" -- "$ER" check --site ams --fail-on never "$EX/edge-bgp.txt"

# ---- the profile and its flags: errors are input errors (exit 2) ----
echo '{"circuits":[{"sku":"gold"}]}' >"$TMP/bad.json"
expect 2 "bad SKU in the profile" -- "$ER" check --profile "$TMP/bad.json" "$EX/edge-bgp.txt"
contains "$TMP/err" "bad.json: error: circuits[0].sku" "profile error names file and path"
printf '{"circuits": [\n  {"sku": }\n]}\n' >"$TMP/syntax.json"
expect 2 "profile syntax error" -- "$ER" check --profile "$TMP/syntax.json" "$EX/edge-bgp.txt"
contains "$TMP/err" "syntax.json:2:" "line of the syntax error"
expect 2 "missing profile" -- "$ER" check --profile "$TMP/nope.json" "$EX/edge-bgp.txt"
echo '{"circuits":[{"advertised":"missing-adv.txt"}]}' >"$TMP/missing-adv.json"
expect 2 "advertised file missing" -- "$ER" check --profile "$TMP/missing-adv.json" "$EX/edge-bgp.txt"
contains "$TMP/err" "$TMP/missing-adv.txt" "advertised path resolved beside the profile"
expect 2 "bad sku flag" -- "$ER" check --sku gold "$EX/edge-bgp.txt"
contains "$TMP/err" "unknown SKU 'gold'" "sku message"
expect 2 "bad location" -- "$ER" check --peering-location Gotham "$EX/edge-bgp.txt"
expect 2 "bad route filter" -- "$ER" check --route-filter "westeurope,swedencentral" "$EX/edge-bgp.txt"
contains "$TMP/err" "Get-AzBgpServiceCommunity" "undocumented community explained"
expect 2 "bad nat pool" -- "$ER" check --nat-pool sideways=192.0.2.0/24 "$EX/edge-bgp.txt"
expect 2 "bad endpoint" -- "$ER" check --endpoint crm "$EX/edge-bgp.txt"
expect 2 "bad geography" -- "$ER" check --geography atlantis "$EX/edge-bgp.txt"
expect 0 "help lists the new options" -- "$ER" check --help
contains "$TMP/out" "--advertised FILE" "help: advertised"
contains "$TMP/out" "--site NAME=FILE" "help: site"
expect 0 "explain help" -- "$ER" explain --help
expect 0 "diff help" -- "$ER" diff --help
expect 0 "commands listed" -- "$ER" --help
contains "$TMP/out" "explain" "explain listed"
contains "$TMP/out" "diff" "diff listed"

# ---- Microsoft 365 beside the Service Tags (real feed) ----
if [ -n "$SHARED" ] && [ -f "$SHARED/data/m365_endpoints_worldwide_202512.json" ]; then
  expect 0 "M365 on a Standard circuit is out of scope" -- "$ER" check --m365 "$SHARED/data/m365_endpoints_worldwide_202512.json" \
    --services M365 --sku standard --peering-location Amsterdam --format json "$EX/edge-bgp.txt"
  python3 - "$TMP/out" <<'PY' || { echo "FAIL: m365"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["feeds"][1]["kind"] == "m365" and r["feeds"][1]["cloud"] == "Worldwide" and r["feeds"][1]["date"] == "2025-12"
er = [s for s in r["services"] if s["expressroute_eligible"]]
assert len(er) == 10 and all(s["source"] == "m365" for s in r["services"]), len(er)
oos = [f for f in r["findings"] if f["rule"] == "out-of-scope"]
assert oos and all(f["reason"] == "premium-required" for f in oos)
assert not [f for f in r["findings"] if f["rule"] == "leak"]
PY
  passes=$((passes + 1))
  expect 1 "M365 on Premium with Exchange in the filter leaks" -- "$ER" check --m365 "$SHARED/data/m365_endpoints_worldwide_202512.json" \
    --services M365.Exchange.1 --sku premium --route-filter exchange "$EX/edge-bgp.txt"
  contains "$TMP/out" "Microsoft 365 endpoints, Worldwide, 2025-12" "second feed shown"
  expect 1 "explain an Exchange address with M365 loaded" -- "$ER" explain --m365 "$SHARED/data/m365_endpoints_worldwide_202512.json" \
    --services M365.Exchange.1 --sku premium --route-filter exchange 40.96.0.1 "$EX/edge-bgp.txt"
  contains "$TMP/out" "M365.Exchange.1" "M365 owner"
else
  echo "note: ../shared absent: skipping the Microsoft 365 checks"
fi
finish
