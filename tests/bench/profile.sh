#!/bin/sh
# Profile `erready check --services all`: perf record with DWARF call graphs on ROUTES and a
# per-phase summary (perf_phases.py), then callgrind on SMALL (instruction counts, exact
# but ~50x slower, so use a 100k-route table). Output goes to OUT (default /tmp/erready-prof).
#
# usage: tests/bench/profile.sh BUILD SHARED ROUTES [SMALL] [OUT]
set -eu
build=$1 shared=$2 routes=$3 small=${4:-} out=${5:-/tmp/erready-prof}
here=$(cd "$(dirname "$0")" && pwd)
data=$shared/data/ServiceTags_Public_20251103.json
mkdir -p "$out"
perf record --call-graph dwarf,16384 -F 499 -o "$out/perf.data" \
    "$build/erready" check "$routes" --services all --data "$data" >/dev/null 2>"$out/perf.err" || true
/usr/bin/python3 "$here/perf_phases.py" "$out/perf.data" 8 | tee "$out/phases.txt"
perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null \
    | grep -E '^ +[0-9]' | head -40 > "$out/perf-self.txt"
if [ -n "$small" ]; then
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
        "$build/erready" check "$small" --services all --data "$data" >/dev/null 2>"$out/callgrind.err" || true
    callgrind_annotate --inclusive=yes "$out/callgrind.out" > "$out/callgrind-inclusive.txt" 2>/dev/null
    callgrind_annotate "$out/callgrind.out" > "$out/callgrind-self.txt" 2>/dev/null
    echo "callgrind: $out/callgrind-inclusive.txt, $out/callgrind-self.txt"
fi
