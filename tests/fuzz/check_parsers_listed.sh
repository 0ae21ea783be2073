#!/bin/bash
# Every parser `erready formats` prints has a fuzz target (ER_FUZZ_PARSERS in
# tests/fuzz/CMakeLists.txt) and a non-empty seed corpus.
# usage: check_parsers_listed.sh ERREADY CORPUS-DIR PARSER...
set -u
er=$1 corpus=$2
shift 2
listed=" $* "
fail=0 n=0
names=$("$er" formats | awk '/^[a-z0-9]/ {print $1}')
[ -n "$names" ] || { echo "FAIL: 'erready formats' printed no parser"; exit 1; }
for p in $names; do
  n=$((n + 1))
  case "$listed" in
    *" $p "*) ;;
    *) echo "FAIL: parser $p has no fuzz target: add it to ER_FUZZ_PARSERS"; fail=$((fail + 1)) ;;
  esac
  if [ -z "$(ls -A "$corpus/$p" 2>/dev/null)" ]; then
    echo "FAIL: parser $p has no seed corpus in $corpus/$p"; fail=$((fail + 1))
  fi
done
echo "$((n * 2 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
