#!/usr/bin/env bash
# Peak RSS of `yr bench` by worker count (BENCHMARKS.md, "`yr bench` workers' memory"): GNU time's maximum resident
# set size of `yr bench hello -z 3s -c C` against `yr serve`, for binaries A and B side by side.
#   YR_A=/path/to/yr-before YR_B=/path/to/yr-after bash benchmarks/bench-workers.sh
set -euo pipefail
A=${YR_A:?set YR_A to the binary before}
B=${YR_B:?set YR_B to the binary after}
ulimit -n 20000
work=$(mktemp -d)
trap 'kill "$serve" 2>/dev/null; rm -rf "$work"' EXIT
"$B" serve -q --listen 127.0.0.1:0 > "$work/serve.out" 2>&1 &
serve=$!
for _ in $(seq 50); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
url=$(head -1 "$work/serve.out" | sed 's/listening on //')
for c in 100 1000 10000; do
  for side in A B; do
    bin=$A; [ "$side" = B ] && bin=$B
    /usr/bin/time -f "%M" "$bin" bench hello -e "$url" -z 3s -c "$c" -q --json > "$work/run.json" 2> "$work/time"
    echo "$side -c $c: peak $(tail -1 "$work/time") KB, $(grep -o '"calls":[0-9]*' "$work/run.json")"
  done
done
