#!/usr/bin/env bash
# `erready baseline` takes exactly check's analysis options, so a baseline holds the findings
# that need a profile, advertisements or endpoints, and a later `check` with the same options
# accepts them; findings need those inputs to be accepted at all.
. "$(dirname "$0")/lib.sh"
SC="$SRC/tests/fixtures/scenarios"

# Every analysis option of check is an option of baseline (from both --help texts; check's
# own output and baseline options aside).
opts() { "$ER" "$1" --help | grep -oE '^ +(-[a-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' | sort; }
opts check | grep -vxE -- '--(format|output|fail-on|color|baseline|timestamp|site|help)' >"$TMP/check.opts"
opts baseline >"$TMP/baseline.opts"
check '[ -s "$TMP/check.opts" ] && [ -z "$(comm -23 "$TMP/check.opts" "$TMP/baseline.opts")" ]' \
  "baseline accepts every analysis option of check (missing: $(comm -23 "$TMP/check.opts" "$TMP/baseline.opts" | tr '\n' ' '))"

# The asymmetric scenario: the finding exists only with --advertised.
cd "$SC/asymmetric-return-via-expressroute" || exit 1
mapfile -t args <args
A=(--data ../tags.json "${args[@]}")
expect 1 "asymmetric finding without a baseline" -- "$ER" check "${A[@]}" --format json routes.txt
contains "$TMP/out" '"rule":"asymmetric-return-via-expressroute"' "the finding is there"
expect 0 "baseline written with --advertised" -- "$ER" baseline "${A[@]}" -b "$TMP/bl.json" \
  --reason "NAT split planned" --expires 2999-12-31 routes.txt
contains "$TMP/bl.json" '"finding": "asymmetric-return-via-expressroute|PowerPlatformPlex.WestEurope|-|192.0.2.64/27|-"' \
  "the baseline holds the asymmetric finding"
expect 0 "later check with the same options: accepted" -- "$ER" check "${A[@]}" \
  --baseline "$TMP/bl.json" --format json routes.txt
python3 - "$TMP/out" <<'PY' || { echo "FAIL: accepted findings"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
asym = [f for f in r["findings"] if f["rule"] == "asymmetric-return-via-expressroute"]
assert len(asym) == 1 and asym[0]["baseline"]["state"] == "accepted", asym
assert asym[0]["baseline"]["reason"] == "NAT split planned"
assert all(f["baseline"]["state"] == "accepted" for f in r["findings"])
PY
passes=$((passes + 1))

# A baseline from a run without the advertisements lacks the finding: it keeps failing.
noadv=()
skip=0
for a in "${A[@]}"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  if [ "$a" = "--advertised" ]; then skip=1; continue; fi
  noadv+=("$a")
done
expect 0 "baseline written without --advertised" -- "$ER" baseline "${noadv[@]}" \
  -b "$TMP/bl-noadv.json" --reason x --expires 2999-12-31 routes.txt
expect 1 "the asymmetric finding is not accepted by it" -- "$ER" check "${A[@]}" \
  --baseline "$TMP/bl-noadv.json" routes.txt
contains "$TMP/out" "asymmetric-return-via-expressroute" "still reported"

# The README's profile example: every finding accepted through --profile.
cd "$SRC" || exit 1
P=(--profile examples/profile.json)
expect 1 "profile example fails without a baseline" -- "$ER" check "${P[@]}" examples/edge-bgp.txt
expect 0 "baseline with --profile" -- "$ER" baseline "${P[@]}" -b "$TMP/bl-prof.json" \
  --reason "accepted for the pilot" --expires 2999-12-31 examples/edge-bgp.txt
contains "$TMP/err" "19 entries from 19 findings" "one entry per finding"
expect 0 "check with the same profile: all accepted" -- "$ER" check "${P[@]}" \
  --baseline "$TMP/bl-prof.json" examples/edge-bgp.txt
contains "$TMP/out" "verdict: READY" "ready with the baseline"
# Pruning with the same options keeps everything; with another NAT setup the asymmetric
# and split-subnet entries go.
expect 0 "prune with the same options" -- "$ER" baseline "${P[@]}" -b "$TMP/bl-prof.json" \
  -o "$TMP/same.json" examples/edge-bgp.txt
check 'cmp -s "$TMP/same.json" "$TMP/bl-prof.json"' "nothing pruned"
expect 0 "prune after the NAT fix" -- "$ER" baseline "${P[@]}" --nat-pool expressroute=192.0.2.64/27 \
  --nat-pool internet=198.51.100.64/27 -b "$TMP/bl-prof.json" -o "$TMP/fixed.json" examples/edge-bgp.txt
check '! grep -q "asymmetric-return\|split-subnet" "$TMP/fixed.json" && grep -q "\"leak|" "$TMP/fixed.json"' \
  "asymmetric and split-subnet entries pruned, leaks kept"

# One site at a time, and the shared options' errors apply.
expect 2 "several sites refused" -- "$ER" baseline --site a=examples/edge-bgp.txt -b "$TMP/x.json" --reason x
contains "$TMP/err" "one site at a time" "sites message"
check '[ ! -e "$TMP/x.json" ]' "nothing written"
expect 2 "bad analysis option value" -- "$ER" baseline --sku gold -b "$TMP/x.json" --reason x examples/edge-bgp.txt
check '[ ! -e "$TMP/x.json" ]' "nothing written on a bad option"
expect 2 "unknown region" -- "$ER" baseline --region atlantis -b "$TMP/x.json" --reason x examples/edge-bgp.txt
finish
