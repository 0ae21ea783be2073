#!/bin/bash
# Fuzzing campaign: builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined),
# runs each named target for N seconds, merges inputs that add coverage into the seed
# corpus (minimized with -merge=1) and records one result line per target.
#
# usage: tests/fuzz/run-campaign.sh [-t SECONDS] [-j PARALLEL] [-l MAX_LEN] [-b BUILD_DIR]
#                                   [-k KEEP] [-n] [TARGET...]
#   TARGET      detect, servicetags, m365 or a parser name (ios-bgp ...); default: all targets
#   -t SECONDS  fuzzing time per target (default 600)
#   -j PARALLEL targets run at the same time (default 1; the machine has 2 cores)
#   -l MAX_LEN  largest input libFuzzer makes (default 65536)
#   -b DIR      build folder (default build-fuzz)
#   -k KEEP     new inputs added to tests/fuzz/corpus/TARGET (the smallest; default 40)
#   -n          do not merge new inputs into tests/fuzz/corpus
# Results: DIR/campaign/results.tsv (target, seconds, executions, cov, ft, corpus entries,
# crashes), logs and crash artifacts in DIR/campaign/<target>/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
secs=600 par=1 maxlen=65536 build=$src/build-fuzz merge=1 keep=40
while getopts "t:j:l:b:k:n" o; do
  case $o in
    t) secs=$OPTARG ;;
    j) par=$OPTARG ;;
    l) maxlen=$OPTARG ;;
    b) build=$OPTARG ;;
    k) keep=$OPTARG ;;
    n) merge=0 ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

parsers=$(sed -n '/^set(ER_FUZZ_PARSERS/,/)/p' "$here/CMakeLists.txt" | tr -d '()' |
          sed 's/set\|ER_FUZZ_PARSERS//g' | tr -s ' \n' '\n' | grep -v '^$')
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(detect servicetags m365 $parsers)

binname() {
  case $1 in
    detect|servicetags|m365) echo "fuzz_$1" ;;
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
  local start=$SECONDS execs=0 cov= ft= corp= rc=0 runs=0
  : >"$log"
  : >"$log.start" # artifacts newer than this are this run's
  # libFuzzer stops at the first crash; the crash is kept in artifacts/ and fuzzing
  # resumes with the time left (at most 20 restarts), so each target gets its whole time.
  # -timeout: one input running over 10 s is a hang; -rss_limit_mb bounds memory.
  while [ $((SECONDS - start)) -lt "$secs" ] && [ "$runs" -lt 20 ]; do
    local left=$((secs - (SECONDS - start)))
    timeout --signal=INT --kill-after=30 $((left + 120)) \
      "$bin" -max_total_time="$left" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" "$seeds" \
      >"$log.run" 2>&1
    rc=$?
    runs=$((runs + 1))
    cat "$log.run" >>"$log"
    local n
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.run" | tail -1)
    [ -n "$n" ] || n=$(grep -o '^#[0-9]*' "$log.run" | tail -1 | tr -d '#')
    execs=$((execs + ${n:-0}))
    [ "$rc" -eq 0 ] && break
  done
  rm -f "$log.run"
  local took=$((SECONDS - start)) crashes
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$dir/artifacts" -type f -newer "$log.start" | wc -l)
  if [ "$merge" = 1 ]; then
    # Inputs that add coverage beyond the seeds (libFuzzer -merge=1 keeps a minimal set);
    # of those the repository takes the $keep smallest, the rest stays in DIR/campaign.
    rm -rf "$dir/merged"
    mkdir -p "$dir/merged"
    cp "$seeds"/* "$dir/merged/" 2>/dev/null
    "$bin" -merge=1 -max_len="$maxlen" -timeout=10 "$dir/merged" "$dir/corpus" \
      >"$dir/merge.log" 2>&1
    local f added=0
    for f in $(ls -Sr "$dir/merged"); do
      [ -e "$seeds/$f" ] && continue
      [ "$added" -ge "$keep" ] && break
      cp "$dir/merged/$f" "$seeds/$f"
      added=$((added + 1))
    done
  fi
  rm -f "$log.start"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "$execs" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$crashes" "$(date -u +%Y-%m-%dT%H:%MZ)" >>"$out/results.tsv"
  echo "$t: exit $rc after $runs runs, ${took}s, $execs execs, cov ${cov:-?} ft ${ft:-?}, corpus ${corp:-?}, artifacts $crashes (log $log)"
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
