#!/bin/bash
# Fuzzing campaign: builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined),
# runs each named target for N seconds, merges inputs that add coverage into the seed
# corpus (minimized with -merge=1) and records one result line per target.
#
# usage: tests/fuzz/run-campaign.sh [-t SECONDS] [-j PARALLEL] [-l MAX_LEN] [-b BUILD_DIR]
#                                   [-n] [TARGET...]
#   TARGET      detect, servicetags or a parser name (ios-bgp ...); default: all targets
#   -t SECONDS  fuzzing time per target (default 600)
#   -j PARALLEL targets run at the same time (default 1; the machine has 2 cores)
#   -l MAX_LEN  largest input libFuzzer makes (default 65536)
#   -b DIR      build folder (default build-fuzz)
#   -n          do not merge new inputs into tests/fuzz/corpus
# Results: DIR/campaign/results.tsv (target, seconds, executions, cov, ft, corpus entries,
# crashes), logs and crash artifacts in DIR/campaign/<target>/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=600 par=1 maxlen=65536 build=$src/build-fuzz merge=1
while getopts "t:j:l:b:n" o; do
  case $o in
    t) secs=$OPTARG ;;
    j) par=$OPTARG ;;
    l) maxlen=$OPTARG ;;
    b) build=$OPTARG ;;
    n) merge=0 ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

parsers=$(sed -n '/^set(ER_FUZZ_PARSERS/,/)/p' "$here/CMakeLists.txt" | tr -d '()' |
          sed 's/set\|ER_FUZZ_PARSERS//g' | tr -s ' \n' '\n' | grep -v '^$')
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(detect servicetags $parsers)

binname() {
  case $1 in
    detect|servicetags) echo "fuzz_$1" ;;
    *) echo "fuzz_parser_${1//-/_}" ;;
  esac
}

mkdir -p "$build"
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang -DERREADY_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/campaign-cmake.log" 2>&1 ||
  { cat "$build/campaign-cmake.log"; exit 1; }
bins=()
for t in "${targets[@]}"; do bins+=("$(binname "$t")"); done
cmake --build "$build" -j2 --target "${bins[@]}" >"$build/campaign-build.log" 2>&1 ||
  { tail -40 "$build/campaign-build.log"; exit 1; }

out=$build/campaign
mkdir -p "$out"
[ -f "$out/results.tsv" ] ||
  printf 'target\tseconds\texecutions\tcov\tft\tcorpus\tcrashes\tdate\n' >"$out/results.tsv"

run_one() {
  local t=$1 bin
  bin=$build/tests/fuzz/$(binname "$t")
  local dir=$out/$t seeds=$here/corpus/$t
  mkdir -p "$dir/corpus" "$dir/artifacts" "$seeds"
  local log=$dir/fuzz-$(date +%Y%m%d-%H%M%S).log
  local start=$SECONDS
  # -timeout: one input running over 10 s is a hang; -rss_limit_mb bounds memory.
  # -fork=1 with -ignore_*: a crash is recorded in artifacts/ and fuzzing goes on, so the
  # target gets its whole time even when it finds several bugs.
  timeout --signal=INT --kill-after=30 $((secs + 120)) \
    "$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$secs" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" "$seeds" \
    >"$log" 2>&1
  local rc=$? took=$((SECONDS - start))
  local execs cov ft corp crashes
  execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$dir/artifacts" -type f | wc -l)
  if [ "$merge" = 1 ]; then
    "$bin" -merge=1 -max_len="$maxlen" -timeout=10 "$seeds" "$dir/corpus" \
      >"$dir/merge.log" 2>&1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$crashes" "$(date -u +%Y-%m-%dT%H:%MZ)" >>"$out/results.tsv"
  echo "$t: exit $rc, ${took}s, ${execs:-?} execs, cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}, artifacts $crashes (log $log)"
}

running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$par" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_one "$t" &
  running=$((running + 1))
done
wait
column -t -s $'\t' "$out/results.tsv"
