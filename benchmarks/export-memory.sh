#!/usr/bin/env bash
# Peak memory of `yr bench --export` as the number of calls grows (issue 21, item 5), on 127.0.0.1 only.
#
#   bash benchmarks/export-memory.sh              # builds the release yr first
#   YR_BIN=/path/to/yr bash benchmarks/export-memory.sh
#
# yr serve's built-in echo answers; yr bench makes N calls at -c 16 with --export to a JSON Lines file, for N in
# CALLS (default "20000 200000 1000000"). GNU /usr/bin/time -v gives each run's peak RSS. Rows are written as the
# run goes, through a bounded queue, so the peak should stay flat as N grows tenfold; a run that held its rows
# would grow by about 50 bytes a row (50 MB at a million).
#
# Prints a markdown table on stdout (calls | rows | peak RSS); progress on stderr. A measurement, not a test: exits
# 0 whatever the figures, 2 when a tool is missing.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
YR=${YR_BIN:-$(build_release_yr)}
CALLS=${CALLS:-"20000 200000 1000000"}
TMP=$(mktemp -d)
trap 'kill "${SERVE_PID:-}" 2>/dev/null || true; rm -rf "$TMP"' EXIT

"$YR" serve -q --listen 127.0.0.1:0 > "$TMP/serve.out" &
SERVE_PID=$!
until grep -q listening "$TMP/serve.out" 2>/dev/null; do sleep 0.05; done
URL=$(sed -n 's/^listening on //p' "$TMP/serve.out")

echo "| calls | rows written | peak RSS |"
echo "|---:|---:|---:|"
for n in $CALLS; do
  echo "bench: $n calls" >&2
  /usr/bin/time -v "$YR" bench echo -e "$URL" -n "$n" -c 16 --export "$TMP/calls.jsonl" -q \
    > /dev/null 2> "$TMP/time.txt"
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time.txt")
  rows=$(wc -l < "$TMP/calls.jsonl")
  echo "| $n | $rows | $rss KiB |"
done
echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with $YR"
