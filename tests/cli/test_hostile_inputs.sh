#!/usr/bin/env bash
# Hostile inputs end to end through `erready routes` and `erready check`: truncated files,
# CRLF, pager marks, prompts and echoed commands, timestamps, tabs, multi-megabyte lines,
# NUL bytes, invalid UTF-8, empty files, a directory, a FIFO, devices, bad gzip. Each gives
# exit 0 (with file:line warnings) or 2 (with a clear message), never a crash or a hang.
. "$(dirname "$0")/lib.sh"
[ -x "$ER" ] || { echo "FAIL: no erready binary at $ER"; exit 1; }
command -v python3 >/dev/null || { echo "skipped: python3 is needed to build the inputs"; exit 77; }

IOS="$SRC/tests/fixtures/ios/route_ipv4.txt"  # 44 lines, 28 routes, no warning
AZJ="$SRC/tests/fixtures/azure/er_route_table.json"
H="$TMP/in"
mkdir -p "$H"

python3 - "$IOS" "$AZJ" "$H" <<'PY'
import gzip, re, sys
ios = open(sys.argv[1], "rb").read()
azj = open(sys.argv[2], "rb").read()
h = sys.argv[3]
L = ios.split(b"\n")
def w(name, data):
    open(h + "/" + name, "wb").write(data)
# line 29 cut in the middle of its network address
k = ios.index(b"\n".join(L[:28])) + len(b"\n".join(L[:28])) + 1
cut = L[28].index(b".") + 1
w("truncated.txt", ios[:k + cut])
w("truncated-eol.txt", b"\n".join(L[:30]) + b"\n")
w("crlf.txt", ios.replace(b"\n", b"\r\n"))
w("lone-cr.txt", ios.replace(b"\n", b"\r"))
pager = b" --More-- " + b"\x08" * 10 + b" " * 10 + b"\x08" * 10
w("pager.txt", b"\n".join(pager + l if i % 9 == 8 else l for i, l in enumerate(L)))
w("prompt.txt", b"router1#terminal length 0\nrouter1#show ip route\n" + ios + b"router1#\nrouter1#exit\n")
w("timestamps.txt", b"Load for five secs: 2%/0%; one minute: 1%; five minutes: 1%\n"
  b"Time source is NTP, 10:11:12.345 UTC Mon Nov 3 2025\n\n" + ios)
w("tabs.txt", re.sub(rb"  +", b"\t", ios))
w("long-line.txt", ios + b"x" * (3 << 20) + b"\n")
w("long-route.txt", ios + b"B        10.77.0.0/16 [20/0] via 10.1.0.9, 00:01:02, " + b"G" * (2 << 20) + b"\n")
# NUL and invalid UTF-8 at the start of line 23
s23 = len(b"\n".join(L[:22])) + 1
w("nul.txt", ios[:s23] + b"\x00" + ios[s23:])
w("nul-many.txt", ios + b"\x00" * 100000)
w("utf8.txt", ios[:s23] + b"\xff\xfe\xc3(" + ios[s23:])
w("empty.txt", b"")
w("blank.txt", b"\n\n   \r\n\t\n")
w("binary.dat", bytes(range(256)) * 64)
w("only-prompts.txt", b"router1#\nrouter1#show ip route\n --More-- \nrouter1#\n")
w("json-truncated.json", azj[: len(azj) // 2])
gz = gzip.compress(ios, mtime=0)
w("ok.txt.gz", gz)
w("truncated.txt.gz", gz[: len(gz) // 2])
w("nested.txt.gz", gzip.compress(gz, mtime=0))
PY
mkdir "$H/a-directory"
mkfifo "$H/fifo-no-writer" "$H/fifo"

# run_both WANT-ROUTES WANT-CHECK DESC FILE: both commands, bounded in time; never a signal
run_both() {
  local want_r=$1 want_c=$2 desc=$3 f=$4
  expect "$want_r" "routes: $desc" -- timeout 120 "$ER" routes "$f"
  cp "$TMP/out" "$TMP/routes.out"
  cp "$TMP/err" "$TMP/routes.err"
  expect "$want_c" "check: $desc" -- timeout 120 "$ER" check --fail-on never "$f"
  cp "$TMP/err" "$TMP/check.err"
}
n=$(basename "$H")

# Clean after all: same 28 routes, nothing skipped.
for v in crlf lone-cr pager prompt timestamps tabs; do
  run_both 0 0 "$v" "$H/$v.txt"
  contains "$TMP/routes.out" "$v.txt [ios-route]:" "$v: detected as ios-route"
  contains "$TMP/routes.out" "0 skipped, 28 routes" "$v: all 28 routes, nothing skipped"
done
run_both 0 0 "gzip" "$H/ok.txt.gz"
contains "$TMP/routes.out" "0 skipped, 28 routes" "gzip: all 28 routes"

# Damaged lines: a warning at file:line, the rest still read.
run_both 0 0 "NUL byte" "$H/nul.txt"
contains "$TMP/routes.out" "nul.txt:23: " "NUL: warning names line 23"
run_both 0 0 "invalid UTF-8" "$H/utf8.txt"
contains "$TMP/routes.out" "utf8.txt:23: " "UTF-8: warning names line 23"
check "! grep -q \$'\\xff' '$TMP/routes.out' '$TMP/routes.err'" "invalid bytes are not echoed raw"
check "! grep -q \$'\\x08' '$TMP/routes.out'" "no raw backspace echoed"
run_both 0 0 "3 MiB line of junk" "$H/long-line.txt"
contains "$TMP/routes.out" "long-line.txt:45: " "long line: warning names line 45"
check "[ \$(wc -c < '$TMP/routes.err') -lt 20000 ] && [ \$(wc -c < '$TMP/routes.out') -lt 20000 ]" \
  "long line: the message quotes only the start of the line"
run_both 0 0 "2 MiB interface name" "$H/long-route.txt"
check "[ \$(wc -c < '$TMP/routes.out') -lt 3000000 ]" "long route: output stays bounded"
run_both 0 0 "100000 NUL bytes at the end" "$H/nul-many.txt"
contains "$TMP/routes.out" "28 routes" "NUL tail: the routes before it are kept"

# Unusable input: exit 2 and a message naming the file (and the line when there is one).
run_both 2 2 "truncated inside an address" "$H/truncated.txt"
contains "$TMP/routes.err" "truncated.txt:29: error:" "truncated: error at file:line"
contains "$TMP/check.err" "truncated.txt:29:" "check: truncated: error at file:line"
contains "$TMP/check.err" "error: bad network address" "check: truncated: the reason"
run_both 0 0 "truncated at a line end" "$H/truncated-eol.txt"
run_both 2 2 "truncated JSON" "$H/json-truncated.json"
contains "$TMP/routes.err" "json-truncated.json:" "truncated JSON: names the file"
contains "$TMP/routes.err" "error:" "truncated JSON: an error"
run_both 2 2 "empty file" "$H/empty.txt"
contains "$TMP/routes.err" "empty.txt: error: file is empty" "empty: message"
run_both 2 2 "blank lines only" "$H/blank.txt"
contains "$TMP/routes.err" "blank.txt: error:" "blank: message"
run_both 2 2 "binary" "$H/binary.dat"
contains "$TMP/routes.err" "binary.dat: error: cannot tell which route format" "binary: message"
run_both 2 2 "prompts and pager marks only" "$H/only-prompts.txt"
contains "$TMP/routes.err" "only-prompts.txt: error:" "prompts only: message"
run_both 2 2 "a directory" "$H/a-directory"
contains "$TMP/routes.err" "a-directory: error: is a directory" "directory: message"
contains "$TMP/check.err" "a-directory: error: is a directory" "check: directory: message"
run_both 2 2 "missing file" "$H/no-such-file.txt"
contains "$TMP/routes.err" "no-such-file.txt" "missing: names the file"
run_both 2 2 "/dev/null" /dev/null
contains "$TMP/routes.err" "/dev/null: error:" "/dev/null: message"
run_both 2 2 "truncated gzip" "$H/truncated.txt.gz"
contains "$TMP/routes.err" "truncated.txt.gz: error: cannot decompress" "truncated gzip: message"
run_both 2 2 "gzip inside gzip" "$H/nested.txt.gz"
contains "$TMP/routes.err" "nested.txt.gz: error:" "nested gzip: message"

# FIFOs: without a writer it is an empty file (no hang); with one it is read to the end.
run_both 2 2 "FIFO without a writer" "$H/fifo-no-writer"
contains "$TMP/routes.err" "fifo-no-writer: error:" "FIFO without writer: message"
(timeout 30 sh -c 'cat "$1" >"$2"' sh "$IOS" "$H/fifo" &)
expect 0 "routes: FIFO with a writer" -- timeout 60 "$ER" routes "$H/fifo"
contains "$TMP/out" "0 skipped, 28 routes" "FIFO: all 28 routes"
(timeout 30 sh -c 'cat "$1" >"$2"' sh "$IOS" "$H/fifo" &)
expect 0 "check: FIFO with a writer" -- timeout 60 "$ER" check --fail-on never "$H/fifo"
# standard input
expect 0 "routes: standard input" -- timeout 60 "$ER" routes - <"$IOS"
contains "$TMP/out" "28 routes" "stdin: all 28 routes"
expect 2 "routes: empty standard input" -- timeout 60 "$ER" routes - </dev/null

# --strict turns the NUL-damaged line into an input error.
expect 2 "check --strict: NUL line" -- timeout 60 "$ER" check --strict --fail-on never "$H/nul.txt"
contains "$TMP/err" "nul.txt:23:" "strict: names line 23"

finish
