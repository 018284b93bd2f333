#!/usr/bin/env bash
# Fails when a Swift line is longer than LIMIT characters (swift format cannot wrap string
# literals or comments, so its lint does not report those). Usage: check-line-length.sh LIMIT DIR...
set -euo pipefail
limit=$1
shift
found=$(find "$@" -name '*.swift' -print0 | xargs -0 python3 -c '
import sys
limit = int(sys.argv[1])
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if len(line) > limit:
                print(f"{path}:{number}: {len(line)} characters (limit {limit})")
' "$limit")
if [ -n "$found" ]; then
  echo "$found" >&2
  echo "check-line-length: $(echo "$found" | wc -l) lines over $limit characters" >&2
  exit 1
fi
