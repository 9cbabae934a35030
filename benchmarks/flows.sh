#!/usr/bin/env bash
# `yr test` flows at scale (issue 19): 1,000 cases of 3 steps each against `yr serve` on 127.0.0.1.
#
#   bash benchmarks/flows.sh                     # builds the release yr first (see lib.sh, build_release_yr)
#   YR_BIN=target/release/yr bash benchmarks/flows.sh
#   RUNS=3 JOBS="1 4 16" bash benchmarks/flows.sh
#
# Writes a suite of CASES (1,000) cases into the temp dir, each three steps against the emulator's built-in
# functions, every step with a trace id of its own (`flow-N-S`):
#   1. `hello` with {"name":"cN"}, capturing the answer ("hello cN") as `greeting`;
#   2. `echo` with {"greeting":"${greeting}","n":N}: the captured value passed on; it must come back, and is
#      captured again as `echoed`;
#   3. `echo` with {"greeting":"${echoed}","n":N} and two predicates on the JSON body ($.greeting == "hello cN",
#      $.n == N).
# Starts one `yr serve --listen 127.0.0.1:0` with its request log (one line per call, with the call's trace id) in
# a file, then runs `yr test SUITE -j J` RUNS (5) times for each J of JOBS ("1 4 16"; 4 is the default -j) under
# GNU time, in turn (J1, J2, J3, J1, ...), so a slow spell of the shared machine falls on every J alike. Each run
# must exit 0 with "CASES passed, 0 failed".
#
# What it prints (a markdown table on stdout; progress on stderr): for each J, the median wall time of `yr test`
# (start to exit, timed by this script to the millisecond), calls per second (3 x CASES calls over that time), how
# many times faster than the first J, and the median peak RSS of `yr test` (GNU time's maximum resident set size).
# Then what the emulator's log shows of one run per J:
#   in order   cases whose three calls reached the emulator in step order (s1 before s2 before s3): all of them,
#              or steps did not run in order;
#   overlapped cases whose calls have another case's calls between their first and last: 0 at -j 1 (one case at
#              a time), most of them when cases run in parallel;
#   at once    the most cases that had started and not finished at one point of the log (at most J).
#
# Exits 0 (it is a measurement, not a test), 1 when a run fails, 2 when a tool is missing. Installs nothing.
# Knobs (environment): YR_BIN, CASES (1000), RUNS (5), JOBS ("1 4 16"), BENCH_KEEP_TMP=1 to keep the temp dir
# (suite, reports, the emulator's log).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CASES=${CASES:-1000}
RUNS=${RUNS:-5}
JOBS=${JOBS:-1 4 16}
for v in CASES RUNS; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: want a positive whole number"
done
read -r -a JOB_LIST <<<"$JOBS"
((${#JOB_LIST[@]} > 0)) || die "JOBS is empty"
for j in "${JOB_LIST[@]}"; do
    [[ $j =~ ^[1-9][0-9]*$ ]] || die "JOBS: $j is not a positive whole number"
done

RUN_CMD="bash benchmarks/flows.sh"
[[ -n "${YR_BIN:-}" ]] && RUN_CMD="YR_BIN=$(shquote "$YR_BIN") $RUN_CMD"
for v in JOBS RUNS CASES; do
    if printenv "$v" >/dev/null; then RUN_CMD="$v=$(shquote "${!v}") $RUN_CMD"; fi
done

# ---------------------------------------------------------------- 1. tools
# GNU time, not the shell's keyword: it reports the peak RSS.
need_tool /usr/bin/time "apt-get update && apt-get install -y time   (GNU time, for the peak RSS)"
if [[ -z "${YR_BIN:-}" ]]; then
    need_tool cargo "the Rust toolchain via rustup (https://rustup.rs), or set YR_BIN=/path/to/yr"
    need_tool python3 "apt-get install python3   (used to find the built binary; or set YR_BIN=/path/to/yr)"
fi
need_tools_done
/usr/bin/time -v true 2>&1 | grep -q 'Maximum resident set size' ||
    die "/usr/bin/time is not GNU time (no -v report); apt-get install -y time"

# ---------------------------------------------------------------- 2. binary
if [[ -n "${YR_BIN:-}" ]]; then
    [[ -f $YR_BIN && -x $YR_BIN ]] || die "YR_BIN=$YR_BIN is not an executable file"
    YR=$(cd "$(dirname "$YR_BIN")" && pwd)/$(basename "$YR_BIN")
else
    YR=$(build_release_yr) || die "the release build failed (see above); or set YR_BIN=/path/to/yr"
    [[ -n $YR && -x $YR ]] || die "build_release_yr did not name a yr binary"
fi
log "yr binary: $YR ($("$YR" --version))"

# ---------------------------------------------------------------- 3. the suite
bench_tmpdir
SUITE=$BENCH_TMP/flows.toml
awk -v n="$CASES" 'BEGIN {
    print "name = \"flows benchmark\""
    for (i = 1; i <= n; i++) {
        printf "\n[[case]]\nname = \"case %d\"\n", i
        printf "[[case.step]]\nname = \"greet\"\nfunction = \"hello\"\ntrace-id = \"flow-%d-1\"\n", i
        printf "body = { name = \"c%d\" }\ncapture = { greeting = \"$\" }\n", i
        printf "[[case.step]]\nname = \"pass it on\"\nfunction = \"echo\"\ntrace-id = \"flow-%d-2\"\n", i
        printf "body = { greeting = \"${greeting}\", n = %d }\n", i
        printf "expect.body-includes = { greeting = \"hello c%d\" }\ncapture = { echoed = \"$.greeting\" }\n", i
        printf "[[case.step]]\nname = \"check\"\nfunction = \"echo\"\ntrace-id = \"flow-%d-3\"\n", i
        printf "body = { greeting = \"${echoed}\", n = %d }\n", i
        printf "expect.assert = [{ path = \"$.greeting\", eq = \"hello c%d\" }, { path = \"$.n\", eq = %d }]\n", i, i
    }
}' >"$SUITE"
log "suite: $CASES cases of 3 steps, $(wc -l <"$SUITE") lines"

# ---------------------------------------------------------------- 4. the emulator
SERVE_OUT=$BENCH_TMP/serve.out SERVE_LOG=$BENCH_TMP/serve.log
"$YR" serve --listen 127.0.0.1:0 </dev/null >"$SERVE_OUT" 2>"$SERVE_LOG" &
SERVE_PID=$!
on_exit 'stop_pid "$SERVE_PID"'
ENDPOINT=
for ((i = 0; i < 200; i++)); do
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$SERVE_LOG" >&2; die "yr serve exited early"; }
    line=$(head -n 1 "$SERVE_OUT" 2>/dev/null || true)
    if [[ $line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
        ENDPOINT=${BASH_REMATCH[1]}
        break
    fi
    sleep 0.05
done
[[ -n $ENDPOINT ]] || die "yr serve printed no 'listening on http://127.0.0.1:PORT' line in 10 s"
log "yr serve listening on $ENDPOINT (pid $SERVE_PID)"

# ---------------------------------------------------------------- 5. runs
# run_once J K: one `yr test` run under GNU time; appends "J wall_s rss_kib" to $BENCH_TMP/results and keeps the
# emulator's log lines of the run in $BENCH_TMP/log-J-K.
run_once() {
    local j=$1 k=$2 report=$BENCH_TMP/report-$1-$2.txt timing=$BENCH_TMP/time-$1-$2.txt from calls rc=0 wall rss
    from=$(wc -l <"$SERVE_LOG")
    calls=$(grep -c ' trace flow-' "$SERVE_LOG" || true)
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$timing" "$YR" test "$SUITE" -e "$ENDPOINT" -j "$j" >"$report" 2>&1 || rc=$?
    t1=$(date +%s%N)
    if ((rc != 0)) || ! grep -qx "$CASES passed, 0 failed; .*" "$report"; then
        tail -n 20 "$report" >&2
        die "yr test -j $j exited $rc (want 0 and \"$CASES passed, 0 failed\")"
    fi
    # The emulator logs a call once it is answered; the run's last answer is in the log before yr test exits
    # only if the log thread has written it: wait for every call's line (3 per case), never a fixed time.
    local want=$((calls + 3 * CASES)) tries
    for ((tries = 0; tries < 400; tries++)); do
        (($(grep -c ' trace flow-' "$SERVE_LOG" || true) >= want)) && break
        sleep 0.05
    done
    tail -n +"$((from + 1))" "$SERVE_LOG" | grep ' trace flow-' >"$BENCH_TMP/log-$j-$k" || true
    # Timed here, to the millisecond: GNU time's "Elapsed (wall clock)" has hundredths of a second.
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
    echo "$j $wall $rss" >>"$BENCH_TMP/results"
    log "run $k, -j $j: $wall s, peak RSS $rss KiB"
}

: >"$BENCH_TMP/results"
for ((k = 1; k <= RUNS; k++)); do
    for j in "${JOB_LIST[@]}"; do run_once "$j" "$k"; done
done

# ---------------------------------------------------------------- 6. order and overlap, from the log
# The log line of a call ends "trace flow-N-S"; lines are in the order the calls were answered.
# Prints: cases in step order, cases overlapped by another, most cases open at once.
order_and_overlap() {
    awk '{
        t = $NF; sub(/^flow-/, "", t); split(t, p, "-"); c = p[1]; s = p[2]
        line[c, s] = NR; cases[c] = 1
        if (s == 1) { open++; if (open > most) most = open }
        if (s == 3) open--
    }
    END {
        for (c in cases) {
            if (line[c, 1] && line[c, 1] < line[c, 2] && line[c, 2] < line[c, 3]) ordered++
            if (line[c, 3] - line[c, 1] > 2) overlapped++
        }
        printf "%d %d %d\n", ordered, overlapped, most
    }' "$1"
}

# ---------------------------------------------------------------- 7. report
grouped() { printf '%d' "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }
{
    echo
    echo "## yr test: $(grouped "$CASES") cases of 3 steps against yr serve"
    echo
    echo "| -j | wall time (median of $RUNS) | calls/s | against -j ${JOB_LIST[0]} | peak RSS of yr test (median) | cases in step order | cases overlapped | most cases at once |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
    first=$(awk -v j="${JOB_LIST[0]}" '$1 == j { print $2 }' "$BENCH_TMP/results" | median)
    for j in "${JOB_LIST[@]}"; do
        wall=$(awk -v j="$j" '$1 == j { print $2 }' "$BENCH_TMP/results" | median)
        rss=$(awk -v j="$j" '$1 == j { print $3 }' "$BENCH_TMP/results" | median)
        read -r ordered overlapped most < <(order_and_overlap "$BENCH_TMP/log-$j-$RUNS")
        rate=$(awk -v c="$CASES" -v w="$wall" 'BEGIN { printf "%d", 3 * c / w }')
        printf '| %s%s | %.3f s | %s | %sx | %s KiB (%.1f MiB) | %s of %s | %s | %s |\n' "$j" \
            "$([[ $j == 4 ]] && echo ' (default)')" "$wall" "$(grouped "$rate")" "$(ratio "$first" "$wall" 2)" "$rss" \
            "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$ordered" "$CASES" "$overlapped" "$most"
    done
    echo
    echo "yr serve peak RSS (VmHWM) after all runs: $(proc_status_kb "$SERVE_PID" VmHWM) KiB · wall times of each run: $(awk '{ printf "%s-j %s: %s s", (NR > 1 ? ", " : ""), $1, $2 }' "$BENCH_TMP/results")"
    echo
    echo "$(date -u '+%F %H:%M UTC') · nproc $(nproc) · \`$RUN_CMD\` · $("$YR" --version) · yr test and yr serve share the machine"
    echo
    echo "Commands:"
    echo
    echo '```'
    echo "yr serve --listen 127.0.0.1:0 2>serve.log"
    echo "/usr/bin/time -v yr test flows.toml -e http://127.0.0.1:PORT -j J"
    echo '```'
    echo
    echo "A case of flows.toml (case 1; the others differ only in N):"
    echo
    echo '```toml'
    echo '[[case]]'
    sed -n '/^name = "case 1"$/,/^$/p' "$SUITE" | sed '/^$/d'
    echo '```'
}
exit 0
