#!/bin/bash
# CLI tests of 'erready update' and 'erready data' against loopback HTTPS servers started
# here (tests/update/server.py): exit codes, messages, and the cache left intact byte for
# byte after every failure. Never contacts another host; finishes in well under a minute.
set -u

BIN=${ERREADY_BIN:?ERREADY_BIN not set}
SRC=${ERREADY_SRC:?ERREADY_SRC not set}
for tool in python3 openssl sha256sum; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIPPED: $tool is missing, the loopback HTTPS server cannot run"
        exit 77
    fi
done

T=$(mktemp -d /tmp/erready-cli-update-XXXXXX)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

# No proxy or cache setting from the caller's environment may leak into the tests.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export XDG_CACHE_HOME=$T/cache
mkdir -p "$T/www"
python3 "$SRC/tests/update/mkfeeds.py" "$T/feeds" || exit 1
python3 "$SRC/tests/update/server.py" --certdir "$T/certs" --data "$T/www" \
    --portfile "$T/ports" --log "$T/log" --lifetime 90 --orphan-exit &
SERVER_PID=$!
for _ in $(seq 300); do [ -s "$T/ports" ] && break; sleep 0.1; done
[ -s "$T/ports" ] || { echo "FAIL: the test server did not start"; exit 1; }
port() { awk -v k="$1" '$1 == k { print $2 }' "$T/ports"; }
MAIN=https://127.0.0.1:$(port main)
ROGUE=https://127.0.0.1:$(port rogue)
WRONG=https://127.0.0.1:$(port wrongname)
PROXY=http://127.0.0.1:$(port proxy)
export ERREADY_SERVICETAGS_PAGE_URL=$MAIN/page/Public
export ERREADY_M365_BASE_URL=$MAIN/m365
CA=$T/certs/ca.pem
UPD=("$BIN" update --cacert "$CA" --retries 0 --timeout 5)

FAILS=0
N=0
OUT=$T/out
ERR=$T/err
fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$OUT"; echo "--- stderr"; cat "$ERR"
    FAILS=$((FAILS + 1))
}
# run NAME EXPECTED_RC CMD...: run a command, check its exit code.
run() {
    local name=$1 want=$2
    shift 2
    N=$((N + 1))
    "$@" >"$OUT" 2>"$ERR"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "$name: exit code $rc, expected $want"
}
has_out() { grep -qF -- "$2" "$OUT" || fail "$1: stdout lacks '$2'"; }
has_err() { grep -qF -- "$2" "$ERR" || fail "$1: stderr lacks '$2'"; }
snap() { (cd "$XDG_CACHE_HOME" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
same_cache() { [ "$(snap)" = "$1" ] || fail "$2: the cache changed"; }
serve() { rm -f "$T/www"/*; for f in "$@"; do cp "$T/feeds/$f" "$T/www/"; done; }

# ---- first update, 304, newer version ----
serve ServiceTags_Public_20251020.json m365-Worldwide.json m365-version-Worldwide
run "first update" 0 "${UPD[@]}"
has_out "first update" "servicetags public: stored changeNumber 374"
has_out "first update" "m365 worldwide: stored version 2025120100"

run "not modified" 0 "${UPD[@]}"
has_out "not modified" "servicetags public: unchanged"
has_out "not modified" "m365 worldwide: unchanged"
grep -q 'ServiceTags_Public_20251020.json inm="' "$T/log" || fail "no conditional request was sent"
[ "$(grep -c '/m365/endpoints/' "$T/log")" -eq 1 ] || fail "m365 downloaded although the version did not change"

serve ServiceTags_Public_20251020.json ServiceTags_Public_20251103.json m365-Worldwide.json m365-version-Worldwide
run "newer" 0 "${UPD[@]}" --only servicetags
has_out "newer" "updated changeNumber 374, 2025-10-20, ServiceTags_Public_20251020.json -> changeNumber 376, 2025-11-03, ServiceTags_Public_20251103.json"
has_out "newer" "sets: 4 -> 5 (1 added, 0 removed, 2 changed)"
has_out "newer" "+ PowerPlatformPlex"
ST=$XDG_CACHE_HOME/erready/servicetags-public
cmp -s "$ST/ServiceTags_Public_20251103.json" "$T/feeds/ServiceTags_Public_20251103.json" || fail "current file differs from the download"
cmp -s "$ST/ServiceTags_Public_20251020.json" "$T/feeds/ServiceTags_Public_20251020.json" || fail "previous version not kept"
run "fresh data within max-age" 0 "$BIN" data --max-age 1

# ---- failures: the previous data stays, byte for byte ----
serve ServiceTags_Public_20251103.json ServiceTags_Public_20251006.json ServiceTags_Public_20251110.json \
    ServiceTags_China_20251020.json invalid.json notfeed.json
BEFORE=$(snap)
check_failure() { # NAME RC MESSAGE ARGS...
    local name=$1 rc=$2 msg=$3
    shift 3
    run "$name" "$rc" "${UPD[@]}" --only servicetags "$@"
    has_err "$name" "$msg"
    has_err "$name" "the data in use is unchanged (changeNumber 376"
    same_cache "$BEFORE" "$name"
}
check_failure "404" 3 "server answered HTTP 404" --url "$MAIN/status/404"
check_failure "500 every time" 3 "server answered HTTP 500 (after 2 attempts)" --url "$MAIN/status/500" --retries 1
check_failure "stalled server" 3 "timed out" --url "$MAIN/stall/x" --timeout 2
check_failure "truncated body" 3 "download failed" --url "$MAIN/truncate/ServiceTags_Public_20251103.json"
check_failure "oversize (streamed)" 3 "larger than the size cap of 1048576 bytes" --url "$MAIN/big-stream" --max-size 1
check_failure "oversize (declared)" 3 "larger than the size cap" --url "$MAIN/big-declared" --max-size 1
check_failure "invalid json" 3 "not a valid service tags file" --url "$MAIN/files/invalid.json"
check_failure "not a feed" 3 "not a valid service tags file" --url "$MAIN/files/notfeed.json"
check_failure "different cloud" 3 "the file is for cloud 'China', not 'Public'" --url "$MAIN/files/ServiceTags_China_20251020.json"
check_failure "older change number" 3 "changeNumber 372 is older than the cached 376; use --force" --url "$MAIN/files/ServiceTags_Public_20251006.json"
check_failure "collapsed" 3 "prefix entries fell from" --url "$MAIN/files/ServiceTags_Public_20251110.json"
check_failure "untrusted certificate" 3 "server certificate not trusted" --url "$ROGUE/files/ServiceTags_Public_20251103.json"
check_failure "wrong host name" 3 "no alternative certificate subject name matches" --url "$WRONG/files/ServiceTags_Public_20251103.json"
check_failure "redirect to http" 3 "redirected to a non-https address" --url "$MAIN/redirect-http"
check_failure "plain http url" 2 "only https urls are allowed" --url "http://127.0.0.1:$(port main)/files/x.json"
check_failure "missing CA file" 2 "download failed" --url "$MAIN/files/x.json" --cacert "$T/nonexistent.pem"
run "system CAs reject the test server" 3 "$BIN" update --only servicetags --retries 0 --url "$MAIN/files/ServiceTags_Public_20251103.json"
has_err "system CAs reject the test server" "certificate"
same_cache "$BEFORE" "system CAs"
rm -f "$T/www"/ServiceTags_*
check_failure "no link on the page" 3 "no ServiceTags_Public_YYYYMMDD.json link on the download page"

# An update killed in the middle of a download leaves nothing behind.
"${UPD[@]}" --only servicetags --url "$MAIN/stall/x" --timeout 30 >/dev/null 2>&1 &
KPID=$!
sleep 1
kill -9 "$KPID" 2>/dev/null
wait "$KPID" 2>/dev/null
same_cache "$BEFORE" "killed update"
run "data after a killed update" 0 "$BIN" data
has_out "data after a killed update" "changeNumber 376"

# ---- retry and proxy ----
serve ServiceTags_Public_20251103.json
run "500 then success" 0 "${UPD[@]}" --only servicetags --retries 2 --url "$MAIN/flaky/cli1/ServiceTags_Public_20251103.json"
has_out "500 then success" "servicetags public: unchanged"
[ "$(grep -c '/flaky/cli1/' "$T/log")" -eq 2 ] || fail "the 500 was not retried exactly once"

run "proxy option" 0 "${UPD[@]}" --only servicetags --proxy "$PROXY" --url "$MAIN/files/ServiceTags_Public_20251103.json"
grep -q "proxy CONNECT 127.0.0.1:$(port main)" "$T/log" || fail "the proxy option was not used"
PROXIED=$(grep -c '^proxy CONNECT' "$T/log")
https_proxy=$PROXY run "proxy from https_proxy" 0 "${UPD[@]}" --only servicetags --url "$MAIN/files/ServiceTags_Public_20251103.json"
[ "$(grep -c '^proxy CONNECT' "$T/log")" -gt "$PROXIED" ] || fail "https_proxy was not used"
https_proxy=$PROXY run "proxy refusing" 3 "${UPD[@]}" --only servicetags --url "https://localhost.invalid/x.json"
has_err "proxy refusing" "the proxy refused the connection (HTTP 403)"

# ---- M365: version first ----
serve m365-Worldwide-new.json m365-version-Worldwide
mv "$T/www/m365-Worldwide-new.json" "$T/www/m365-Worldwide.json"
echo 2025120200 >"$T/www/m365-version-Worldwide"
run "m365 newer" 0 "${UPD[@]}" --only m365
has_out "m365 newer" "version 2025120100, 2025-12-01, m365_endpoints_worldwide_2025120100.json -> version 2025120200"
has_out "m365 newer" "~ Exchange:1"
echo 2025110100 >"$T/www/m365-version-Worldwide"
BEFORE=$(snap)
run "m365 older version" 3 "${UPD[@]}" --only m365
has_err "m365 older version" "older than the cached 2025120200"
same_cache "$BEFORE" "m365 older version"
run "bad instance" 2 "${UPD[@]}" --m365 mars

# ---- imports (air-gapped) ----
BEFORE=$(snap)
run "import older" 2 "$BIN" update --from "$T/feeds/ServiceTags_Public_20251006.json"
has_err "import older" "older than the cached 376"
run "import other cloud" 2 "$BIN" update --cloud public --from "$T/feeds/ServiceTags_China_20251020.json"
has_err "import other cloud" "the file is for cloud 'China', not 'Public'"
run "import invalid" 2 "$BIN" update --from "$T/feeds/invalid.json"
run "import missing" 2 "$BIN" update --from "$T/feeds/nope.json"
has_err "import missing" "cannot open"
same_cache "$BEFORE" "failed imports"
run "import same" 0 "$BIN" update --from "$T/feeds/ServiceTags_Public_20251103.json"
has_out "import same" "unchanged"
run "import older forced" 0 "$BIN" update --force --from "$T/feeds/ServiceTags_Public_20251006.json"
has_out "import older forced" "imported changeNumber 376"
has_err "import older forced" "going back because of --force"
run "import other cloud" 0 "$BIN" update --from "$T/feeds/ServiceTags_China_20251020.json"
has_out "import other cloud" "servicetags china: imported changeNumber 370"

# ---- usage ----
run "unknown cloud" 2 "$BIN" update --cloud mars
has_err "unknown cloud" "unknown cloud 'mars'"
run "bad --only" 2 "$BIN" update --only both
run "bad --retries" 2 "$BIN" update --retries many
run "--from with --url" 2 "$BIN" update --from x.json --url "$MAIN/x"
run "stray argument" 2 "$BIN" update now
run "help" 0 "$BIN" update --help
has_out "help" "--cacert FILE"

# ---- erready data ----
run "data" 0 "$BIN" data
has_out "data" "servicetags public       cache    changeNumber 372"
has_out "data" "previous changeNumber 376"
has_out "data" "servicetags china        cache    changeNumber 370"
has_out "data" "m365 worldwide           cache    version 2025120200"
run "data json" 0 "$BIN" data --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(x["name"]=="public" and x["in_use"]["change_number"]==372 for x in d["datasets"])' "$OUT" || fail "data --format json is not the expected JSON"
# Imports are dated by their feed date (2025), downloads by the last check with the server.
run "data max-age stale" 3 "$BIN" data --max-age 30
has_err "data max-age stale" "servicetags china: data is"
has_err "data max-age stale" "older than --max-age 30"
run "data warning" 0 "$BIN" data
has_err "data warning" "warning: servicetags china: data is"
run "data --data file" 0 "$BIN" data --data "$T/feeds/ServiceTags_Public_20251020.json"
has_out "data --data file" "servicetags public       file     changeNumber 374"
run "data --data bad" 2 "$BIN" data --data "$T/feeds/notfeed.json"
XDG_CACHE_HOME=$T/empty run "data without cache" 0 "$BIN" data

# ---- erready data diff ----
run "diff" 0 "$BIN" data diff "$T/feeds/ServiceTags_Public_20251020.json" "$T/feeds/ServiceTags_Public_20251103.json"
has_out "diff" "sets: 4 -> 5 (1 added, 0 removed, 2 changed)"
has_out "diff" "+ PowerPlatformPlex"
run "diff prefixes" 0 "$BIN" data diff --prefixes "$T/feeds/ServiceTags_Public_20251020.json" "$T/feeds/ServiceTags_Public_20251103.json"
has_out "diff prefixes" "+ 203.0.113.0/24"
run "diff exit code" 1 "$BIN" data diff --exit-code "$T/feeds/ServiceTags_Public_20251020.json" "$T/feeds/ServiceTags_Public_20251103.json"
run "diff identical" 0 "$BIN" data diff --exit-code "$T/feeds/ServiceTags_Public_20251020.json" "$T/feeds/ServiceTags_Public_20251020.json"
run "diff json" 0 "$BIN" data diff --format json "$T/feeds/m365-Worldwide.json" "$T/feeds/m365-Worldwide-new.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["changes"][0]["added"]==["198.51.100.128/26"]' "$OUT" || fail "diff json"
run "diff kinds" 2 "$BIN" data diff "$T/feeds/m365-Worldwide.json" "$T/feeds/ServiceTags_Public_20251020.json"
run "diff one file" 2 "$BIN" data diff "$T/feeds/m365-Worldwide.json"
run "diff invalid" 2 "$BIN" data diff "$T/feeds/invalid.json" "$T/feeds/ServiceTags_Public_20251020.json"
SHARED=${ERREADY_SHARED:-}
if [ -n "$SHARED" ] && [ -f "$SHARED/data/ServiceTags_Public_20251103.json" ]; then
    run "diff real feeds" 0 "$BIN" data diff "$SHARED/data/ServiceTags_Public_20251020.json" "$SHARED/data/ServiceTags_Public_20251103.json"
    has_out "diff real feeds" "sets: 3039 -> 3041 (2 added, 0 removed"
else
    echo "note: ../shared is absent, the diff of the real feeds is not checked"
fi

echo "$N commands run, $FAILS failures"
[ "$FAILS" -eq 0 ]
