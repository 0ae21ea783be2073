#!/usr/bin/env bash
# Every sample of ../shared/corpus against tests/corpus/manifest.tsv (see tests/corpus/walk.py).
set -u
if [ -z "${ERREADY_SHARED:-}" ] || [ ! -d "$ERREADY_SHARED/corpus" ]; then
  echo "SKIPPED: ../shared/corpus is absent (it holds the real router exports)"
  exit 77
fi
exec python3 "$ERREADY_SRC/tests/corpus/walk.py" "$ERREADY_BIN" "$ERREADY_SHARED" \
  "$ERREADY_SRC/tests/corpus/manifest.tsv"
