#!/usr/bin/env bash
# `erready check` end to end: the bundled example, exit codes, JSON report, bad input.
. "$(dirname "$0")/lib.sh"
EX="$SRC/examples/edge-bgp.txt"

# The README's first command: coverage and leaks on the bundled example.
expect 1 "example has leaks at or above high" -- "$ER" check --region westeurope "$EX"
contains "$TMP/out" "ServiceTags_Public_20251103.json" "data version shown"
contains "$TMP/out" "changeNumber 376" "change number shown"
contains "$TMP/out" "ios-bgp" "detected format shown"
contains "$TMP/out" "PowerPlatformInfra.WestEurope" "regional tag selected with --region"
contains "$TMP/out" "verdict: NOT READY" "verdict"
check '! grep -q $'"'"'\033'"'"' "$TMP/out"' "no colour when piped"
expect 0 "--fail-on never" -- "$ER" check --region westeurope --fail-on never "$EX"
expect 1 "--fail-on medium" -- "$ER" check --region westeurope --fail-on medium "$EX"
expect 0 "--fail-on critical" -- "$ER" check --region westeurope --fail-on critical "$EX"

# JSON: structure, leak evidence, exact counts consistent.
expect 1 "json" -- "$ER" check --region westeurope --format json "$EX"
cp "$TMP/out" "$TMP/report.json"
python3 - "$TMP/report.json" <<'PY' || { echo "FAIL: json content"; failures=$((failures + 1)); }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["data"]["changeNumber"] == 376 and r["data"]["cloud"] == "Public", r["data"]
assert r["inputs"][0]["format"] == "ios-bgp"
assert r["inputs"][0]["skipped"] == 0, r["inputs"]
names = [s["name"] for s in r["services"]]
assert "PowerPlatformInfra.WestEurope" in names and "PowerPlatformPlex.WestEurope" in names, names
for s in r["services"]:
    for fam in ("v4", "v6"):
        c = s[fam]
        parts = sum(int(c[k]) for k in ("expressroute", "internet", "internal", "vpn", "discard", "unrouted"))
        assert parts == int(c["total"]), (s["name"], fam, c)
leaks = [f for f in r["findings"] if f["rule"] == "leak"]
reasons = {f["reason"] for f in leaks}
assert "more-specific-route" in reasons and "lost-best-path" in reasons, reasons
ms = [f for f in leaks if f["reason"] == "more-specific-route"][0]
roles = [e["role"] for e in ms["evidence"]]
assert roles == ["winner", "expressroute-lost"], roles
assert ms["evidence"][0]["route"]["prefix"] == "20.105.211.0/24"
assert ms["evidence"][0]["route"]["source"].endswith(":" + str(ms["evidence"][0]["route"]["source"].split(":")[-1]))
assert ms["evidence"][1]["route"]["prefix"] == "20.105.128.0/17"
lb = [f for f in leaks if f["reason"] == "lost-best-path"][0]
assert lb["evidence"][0]["route"]["prefix"] == "4.210.128.0/17"
assert lb["evidence"][1]["route"]["best"] is False
for f in r["findings"]:
    for k in ("rule", "severity", "service", "prefix", "message", "evidence"):
        assert k in f, k
assert r["summary"]["ready"] is False
print("json ok:", len(r["findings"]), "findings")
PY
passes=$((passes + 1))

# Determinism: the same inputs give identical bytes.
"$ER" check --region westeurope --format json "$EX" >"$TMP/a.json" 2>/dev/null
"$ER" check --region westeurope --format json "$EX" >"$TMP/b.json" 2>/dev/null
check 'cmp -s "$TMP/a.json" "$TMP/b.json"' "json output is deterministic"

# Several outputs in one run, format from the extension, written atomically.
expect 1 "-o twice" -- "$ER" check --region westeurope -o "$TMP/r.json" -o "$TMP/r.txt" "$EX"
check 'python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$TMP/r.json"' "-o .json is JSON"
contains "$TMP/r.txt" "verdict:" "-o .txt is text"
check '[ ! -s "$TMP/out" ]' "nothing on stdout when every report goes to files"
check '! ls "$TMP"/r.json.tmp.* >/dev/null 2>&1' "no temporary files left"

# An output that exists and is no regular file (a pipe, /dev/stdout) is written in place:
# renaming a finished file over it would replace the pipe or device itself.
mkfifo "$TMP/pipe"
timeout 60 cat "$TMP/pipe" >"$TMP/from-pipe" &
expect 1 "-o to a named pipe" -- timeout 60 "$ER" check --region westeurope --format json \
  -o "$TMP/pipe" "$EX"
wait
check '[ -p "$TMP/pipe" ]' "the pipe is still a pipe"
check 'cmp -s "$TMP/from-pipe" "$TMP/a.json"' "the whole report came through the pipe"
check '! ls "$TMP"/pipe.tmp.* >/dev/null 2>&1' "no temporary file next to the pipe"

# Stdin.
expect 1 "routes from stdin" -- sh -c "\"$ER\" check --region westeurope - < \"$EX\""

# Next-hop override: call the transit an ExpressRoute next hop and everything is ER.
expect 0 "override makes the transit ExpressRoute" -- "$ER" check --region westeurope \
  --er-nexthop 198.51.100.1 --er-nexthop 2001:db8:fffe::1 "$EX"

# Bad input: exit 2 with a message naming the file.
expect 2 "missing file" -- "$ER" check /nonexistent/routes.txt
contains "$TMP/err" "/nonexistent/routes.txt" "missing file named"
expect 2 "directory" -- "$ER" check "$SRC/examples"
contains "$TMP/err" "is a directory" "directory refused"
: >"$TMP/empty.txt"
expect 2 "empty file" -- "$ER" check "$TMP/empty.txt"
contains "$TMP/err" "empty" "empty file named"
printf 'hello world\nthis is not a route table\n' >"$TMP/garbage.txt"
expect 2 "undetectable format" -- "$ER" check "$TMP/garbage.txt"
contains "$TMP/err" "garbage.txt" "undetectable file named"
printf '10.0.0.0/8 192.0.2.1\n300.1.1.0/24 192.0.2.1\n' >"$TMP/bad.txt"
expect 2 "invalid address in a route line" -- "$ER" check --input-format plain "$TMP/bad.txt"
contains "$TMP/err" "bad.txt:2" "file:line of the bad line"
expect 2 "unknown option" -- "$ER" check --bogus "$EX"
expect 2 "unknown service" -- "$ER" check --services NoSuchTag "$EX"
contains "$TMP/err" "NoSuchTag" "unknown service named"
expect 2 "unknown region" -- "$ER" check --region atlantis "$EX"
expect 2 "unknown severity" -- "$ER" check --fail-on catastrophic "$EX"
expect 2 "bad next hop" -- "$ER" check --er-nexthop 10.0.0.0/8 "$EX"
expect 2 "no file" -- "$ER" check
expect 2 "unknown input format" -- "$ER" check --input-format nope "$EX"
mkfifo "$TMP/fifo"
expect 2 "a FIFO without a writer does not hang" -- timeout 10 "$ER" check "$TMP/fifo"
expect 0 "help" -- "$ER" check --help
contains "$TMP/out" "--fail-on" "help lists options"

# Data age: the bundled snapshot is dated 2025-11-03.
export XDG_CACHE_HOME="$TMP/cache"
expect 1 "stale data warns" -- "$ER" check --region westeurope "$EX"
contains "$TMP/err" "days old" "staleness warning"
expect 3 "--max-age makes stale data exit 3" -- "$ER" check --max-age 30 "$EX"
contains "$TMP/err" "--max-age" "max-age named"
expect 1 "--max-age large enough" -- "$ER" check --region westeurope --max-age 100000 "$EX"
expect 2 "--max-age needs a number" -- "$ER" check --max-age soon "$EX"

# The full feed from ../shared with every tag selected.
if [ -n "$SHARED" ] && [ -f "$SHARED/data/ServiceTags_Public_20251103.json" ]; then
  expect 1 "--data full feed, --services all" -- "$ER" check --data "$SHARED/data/ServiceTags_Public_20251103.json" \
    --services all --format json "$EX"
  check 'python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert len(r[\"services\"])==3041, len(r[\"services\"])" "$TMP/out"' "all 3041 tags analysed"
  expect 1 "--data China feed" -- "$ER" check --data "$SHARED/data/ServiceTags_China_20251020.json" "$EX"
  contains "$TMP/out" "China" "China cloud shown"
else
  echo "note: ../shared absent: skipping the full-feed checks"
fi
finish
