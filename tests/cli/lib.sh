# Shared helpers for the CLI tests: run erready, check exit codes and output.
set -u
ER=${ERREADY_BIN:?ERREADY_BIN must point at the erready binary}
SRC=${ERREADY_SRC:?ERREADY_SRC must point at the source tree}
SHARED=${ERREADY_SHARED:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
passes=0

# expect CODE DESCRIPTION -- CMD...: run CMD, compare its exit code; stdout/stderr in $TMP/out, $TMP/err
expect() {
  local want=$1 desc=$2
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $desc: exit $got, want $want"
    echo "  command: $*"
    sed 's/^/  stderr: /' "$TMP/err" | head -20
    failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}

# contains FILE TEXT DESCRIPTION
contains() {
  if grep -qF -- "$2" "$1"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $3: '$2' not found in $1"
    head -30 "$1" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

# check CONDITION-COMMAND DESCRIPTION
check() {
  if eval "$1"; then
    passes=$((passes + 1))
  else
    echo "FAIL: $2"
    failures=$((failures + 1))
  fi
}

finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
