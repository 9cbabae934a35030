#!/usr/bin/env bash
# `yr bench` against itself: two yr binaries, side by side in one run, against the same nginx on 127.0.0.1, to see
# whether a change made the load engine slower.
#
#   YR_A=/path/to/old/yr YR_B=/path/to/new/yr bash benchmarks/bench-ab.sh
#   CALLS=100000 CONCS="16 64" REPEAT=5 ...        # the knobs, with their defaults
#
# For each round and concurrency, A and B each make CALLS calls (`yr bench hello -n CALLS -c C --json`), one after
# the other, the order swapped every round. Each run is wrapped in GNU time for its CPU (user + sys) per call from
# outside. Prints a markdown table of medians over the rounds, and every round's calls/s; progress goes to stderr.
# A measurement, not a test: exits 0 whatever it finds, 2 when a tool is missing, 1 when a run fails.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

CALLS=${CALLS:-100000}
CONCS=${CONCS:-16 64}
REPEAT=${REPEAT:-5}
BODY='{"name":"yuanrong"}'
read -r -a CONC_LIST <<<"$CONCS"

need_tool nginx "apt-get install nginx-light   (or: apt-get install nginx)"
need_tool python3 "apt-get install python3   (reads yr's JSON reports)"
need_tool /usr/bin/time "apt-get install time   (GNU time)"
need_tools_done
for v in YR_A YR_B; do
    [[ -n "${!v:-}" && -x "${!v}" ]] || die "$v=${!v:-}: set it to an executable yr (e.g. a release build of each commit)"
done

bench_tmpdir
start_nginx_static "        location /serverless/v1/functions/ {
            default_type application/json;
            return 200 '\"hello yuanrong\"';
        }"
ENDPOINT="http://127.0.0.1:$NGINX_PORT"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# run_one NAME BIN C -> appends "calls_per_s cpu_us_per_call p99_ms failures" to $BENCH_TMP/NAME-cC.rows
run_one() {
    local name=$1 bin=$2 c=$3 out user sys
    out=$BENCH_TMP/$name-c$c
    /usr/bin/time -f '%U %S' -o "$out.time" \
        "$bin" bench hello -e "$ENDPOINT" -n "$CALLS" -c "$c" --json -d "$BODY" </dev/null >"$out.json" 2>"$out.err" ||
        die "$name ($bin) failed at c=$c: $(tail -n 3 "$out.err")"
    read -r user sys < <(tail -n 1 "$out.time")
    python3 - "$out.json" "$user" "$sys" "$CALLS" >>"$BENCH_TMP/$name-c$c.rows" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cpu = (float(sys.argv[2]) + float(sys.argv[3])) * 1e6 / int(sys.argv[4])
print("%.1f %.2f %.3f %d" % (r["throughput"], cpu, r["latency_ms"]["p99"], r["failures"]))
PY
    log "$name c=$c: $(tail -n 1 "$BENCH_TMP/$name-c$c.rows") (calls/s, CPU µs/call, p99 ms, failures)"
}

for ((round = 1; round <= REPEAT; round++)); do
    for c in "${CONC_LIST[@]}"; do
        if ((round % 2)); then
            run_one A "$YR_A" "$c"
            run_one B "$YR_B" "$c"
        else
            run_one B "$YR_B" "$c"
            run_one A "$YR_A" "$c"
        fi
    done
done
stop_nginx

med() { awk -v n="$2" '{ print $n }' "$1" | median; }
echo
echo "| binary | concurrency | calls/s (median) | CPU µs per call (median) | p99 ms (median) | failures |"
echo "|---|---:|---:|---:|---:|---:|"
for c in "${CONC_LIST[@]}"; do
    for name in A B; do
        rows=$BENCH_TMP/$name-c$c.rows
        echo "| $name | $c | $(med "$rows" 1) | $(med "$rows" 2) | $(med "$rows" 3) | $(awk '{ s += $4 } END { print s }' "$rows") |"
    done
done
echo
echo "Calls/s by round:"
for c in "${CONC_LIST[@]}"; do
    for name in A B; do
        echo "- $name c=$c: $(awk '{ print $1 }' "$BENCH_TMP/$name-c$c.rows" | paste -sd' ')"
    done
done
echo
echo "A: $YR_A · B: $YR_B · $CALLS calls per run · $REPEAT rounds, order swapped each round · $(nproc) cores · load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg) · $(date -u '+%F %H:%M UTC')"
