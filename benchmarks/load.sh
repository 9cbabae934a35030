#!/usr/bin/env bash
# Compare `yr bench` with two HTTP load generators, oha and hey, on 127.0.0.1 only.
#
#   bash benchmarks/load.sh                    # builds the release yr first
#   YR_BIN=/path/to/yr bash benchmarks/load.sh
#   CALLS=20000 REPEAT=1 bash benchmarks/load.sh   # a quick run
#
# A local nginx (one worker) answers every POST under /serverless/v1/functions/
# with "hello yuanrong" (application/json). For each concurrency in CONCS, the
# same CALLS calls are made by each of:
#   yr bench hello -e http://127.0.0.1:PORT -n CALLS -c C --json -d BODY
#   oha -n CALLS -c C --no-tui -m POST -H 'Content-Type: application/json' -d BODY --output-format json URL
#   hey -n CALLS -c C -m POST -T application/json -d BODY URL
# one after another (never two at once), each wrapped in `/usr/bin/time` for
# its CPU time (user + sys) per call, measured from outside. The whole set runs
# REPEAT times; the order of the three tools rotates from one round to the
# next so none always goes first. The table quotes medians over the rounds.
#
# What is read:
#   yr bench  its --json report: throughput (calls / duration), latency_ms.p99,
#             failures, cpu_per_call_us (yr's own getrusage figure, shown next
#             to the outside one);
#   oha       its JSON: summary.requestsPerSec, latencyPercentiles.p99,
#             statusCodeDistribution (non-2xx count as errors) and
#             errorDistribution;
#   hey       its text summary: Requests/sec, "99% in", the status code
#             distribution (non-2xx count as errors) and error distribution.
#             hey prints latencies in seconds with 4 decimals: 0.1 ms steps.
# Calls/s is each tool's own figure (all answered calls, errors included, over
# its run time); errors are listed separately. Any call a tool does not account
# for (fewer answers + errors than CALLS) counts as an error.
#
# The client and nginx share the machine (nproc cores): the numbers are for the
# pair. Each tool keeps its default thread count.
#
# Prints a markdown table on stdout; progress goes to stderr. Exits 0 whatever
# the verdict (it is a measurement, not a test); exits 2 when a tool is
# missing, 1 when a run fails or times out. Installs nothing.
#
# Knobs (environment): YR_BIN, CALLS (200000; a multiple of each concurrency,
# since hey gives each worker CALLS/C calls), CONCS ("16 64"), REPEAT (3),
# RUN_TIMEOUT (seconds per tool run, 300), BENCH_KEEP_TMP=1 to keep the temp
# dir (every tool's raw output, nginx logs).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CALLS=${CALLS:-200000}
CONCS=${CONCS:-16 64}
REPEAT=${REPEAT:-3}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
FUNCTION_ID='sn:cn:yrk:default:function:0@default@hello:latest'
BODY='{"name":"yuanrong"}'
TOOLS=(yr oha hey)

for v in CALLS REPEAT RUN_TIMEOUT; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v=${!v}: want a positive whole number"
done
((CALLS <= 10000000)) || die "CALLS=$CALLS: at most 10000000"
((REPEAT <= 20)) || die "REPEAT=$REPEAT: at most 20"
((RUN_TIMEOUT <= 3600)) || die "RUN_TIMEOUT=$RUN_TIMEOUT: at most 3600 seconds"
read -r -a CONC_LIST <<<"$CONCS"
((${#CONC_LIST[@]} > 0)) || die "CONCS is empty"
for c in "${CONC_LIST[@]}"; do
    [[ $c =~ ^[1-9][0-9]*$ ]] || die "CONCS: $c is not a positive whole number"
    ((c <= 1000)) || die "CONCS: $c is above 1000"
    ((CALLS % c == 0)) || die "CALLS=$CALLS is not a multiple of concurrency $c (hey would make only $((CALLS / c * c)) calls)"
done

# Exactly how this run was started, for the report.
RUN_CMD="bash benchmarks/load.sh"
[[ -n "${YR_BIN:-}" ]] && RUN_CMD="YR_BIN=$(shquote "$YR_BIN") $RUN_CMD"
for v in CALLS CONCS REPEAT RUN_TIMEOUT; do
    # Only mention knobs that were set in the environment.
    if printenv "$v" >/dev/null; then
        if [[ ${!v} =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then
            RUN_CMD="$v=${!v} $RUN_CMD"
        else
            RUN_CMD="$v=$(shquote "${!v}") $RUN_CMD"
        fi
    fi
done

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
DATE_START=$(date -u '+%F %H:%M UTC')

# ---------------------------------------------------------------- 1. tools
need_tool nginx "apt-get install nginx-light   (or: apt-get install nginx)"
# cargo install puts oha in ~/.cargo/bin, which may not be in PATH.
OHA=oha
if ! command -v oha >/dev/null 2>&1 && [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/oha" ]]; then
    OHA="${CARGO_HOME:-$HOME/.cargo}/bin/oha"
fi
need_tool "$OHA" "cargo install oha --locked   (lands in ~/.cargo/bin/oha)"
need_tool hey "apt-get install hey"
need_tool python3 "apt-get install python3   (reads the tools' reports)"
need_tool /usr/bin/time "apt-get install time   (GNU time; the shell keyword 'time' is not enough)"
need_tool timeout "apt-get install coreutils"
need_tool curl "apt-get install curl"
if [[ -z "${YR_BIN:-}" ]]; then
    need_tool cargo "the Rust toolchain via rustup (https://rustup.rs), or set YR_BIN=/path/to/yr"
fi
need_tools_done

# ---------------------------------------------------------------- 2. binary
if [[ -n "${YR_BIN:-}" ]]; then
    [[ -f $YR_BIN && -x $YR_BIN ]] || die "YR_BIN=$YR_BIN is not an executable file"
    YR=$(cd "$(dirname "$YR_BIN")" && pwd)/$(basename "$YR_BIN")
else
    YR=$(build_release_yr) || die "the release build failed (see above); or set YR_BIN=/path/to/yr"
    [[ -n $YR && -x $YR ]] || die "build_release_yr did not name a yr binary"
fi
log "yr binary: $YR"

# oha's flags changed over time: older releases had -j/--json, newer ones
# --output-format json; --no-tui has been there since 0.4.
OHA_HELP=$("$OHA" --help 2>&1) || die "$OHA --help failed"
if [[ $OHA_HELP == *--output-format* ]]; then
    OHA_JSON=(--output-format json)
elif [[ $OHA_HELP == *--json* ]]; then
    OHA_JSON=(--json)
else
    die "this oha ($OHA) has neither --output-format nor --json; install a newer one: cargo install oha --locked"
fi
[[ $OHA_HELP == *--no-tui* ]] || die "this oha ($OHA) has no --no-tui; install a newer one: cargo install oha --locked"

YR_VERSION=$("$YR" --version 2>&1 | head -n 1) || die "$YR --version failed"
OHA_VERSION=$("$OHA" --version 2>&1 | head -n 1) || die "$OHA --version failed"
# hey has no --version; ask the package manager when there is one.
HEY_VERSION=$(dpkg-query -W -f '${Version}' hey 2>/dev/null || true)
HEY_VERSION="hey ${HEY_VERSION:-(version unknown)}"
NGINX_VERSION=$("$(tool_path nginx)" -v 2>&1 | sed 's/^nginx version: //')

# ---------------------------------------------------------------- 3. nginx
bench_tmpdir
start_nginx_static "        location /serverless/v1/functions/ {
            default_type application/json;
            return 200 '\"hello yuanrong\"';
        }"
PORT=$NGINX_PORT
ENDPOINT="http://127.0.0.1:$PORT"
URL="$ENDPOINT/serverless/v1/functions/$FUNCTION_ID/invocations"

# argv array -> one string with shell quoting (for the report)
cmdline() {
    local out='' a
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then out+="$a "; else out+="$(shquote "$a") "; fi
    done
    printf '%s' "${out% }"
}

# Sanity: one call must answer 200 "hello yuanrong" before any load.
CHECK=$(curl -sS -m 10 -o "$BENCH_TMP/check.body" -w '%{http_code}' -X POST "$URL" \
    -H 'Content-Type: application/json' -d "$BODY" 2>&1) || true
if [[ $CHECK != 200 || $(cat "$BENCH_TMP/check.body" 2>/dev/null) != '"hello yuanrong"' ]]; then
    log "status/curl: $CHECK; body: $(cat "$BENCH_TMP/check.body" 2>/dev/null)"
    die "nginx did not answer POST $URL with 200 \"hello yuanrong\"; not loading it"
fi
log "ok: POST $URL -> 200 $(cat "$BENCH_TMP/check.body")"

# tool_cmd TOOL C -> sets CMD to the argv of TOOL at concurrency C.
tool_cmd() {
    local tool=$1 c=$2
    case $tool in
    yr) CMD=("$YR" bench hello -e "$ENDPOINT" -n "$CALLS" -c "$c" --json -d "$BODY") ;;
    oha) CMD=("$OHA" -n "$CALLS" -c "$c" --no-tui -m POST -H 'Content-Type: application/json' -d "$BODY" "${OHA_JSON[@]}" "$URL") ;;
    hey) CMD=(hey -n "$CALLS" -c "$c" -m POST -T application/json -d "$BODY" "$URL") ;;
    *) die "tool_cmd: unknown tool $tool" ;;
    esac
}

# ---------------------------------------------------------------- 4. parsing
# parse.py TOOL FILE CALLS -> "calls_per_s p99_ms errors self_cpu_us" ("-" when
# a figure is missing; self_cpu_us only for yr).
PARSE=$BENCH_TMP/parse.py
cat >"$PARSE" <<'PY'
import json, re, sys

tool, path, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8", errors="replace").read()


def out(rps, p99_ms, errors, cpu=None):
    def f(v):
        return "-" if v is None else "%.10g" % float(v)
    print(f(rps), f(p99_ms), int(errors), f(cpu))


def fail(why):
    print(f"parse {tool}: {why}", file=sys.stderr)
    sys.exit(1)


if tool == "yr":
    try:
        r = json.loads(text)
    except ValueError as e:
        fail(f"not JSON: {e}")
    done = r.get("calls", 0)
    errors = r.get("failures", 0) + max(0, calls - done)
    lat = r.get("latency_ms") or {}
    out(r.get("throughput"), lat.get("p99"), errors, r.get("cpu_per_call_us"))
elif tool == "oha":
    try:
        r = json.loads(text)
    except ValueError as e:
        fail(f"not JSON: {e}")
    s = r.get("summary") or {}
    rps = s.get("requestsPerSec")
    p99 = (r.get("latencyPercentiles") or {}).get("p99")
    p99_ms = None if p99 is None else p99 * 1000
    if p99_ms is None:
        p99_ms = ((r.get("metrics") or {}).get("latency_ms") or {}).get("p99")
    status = {str(k): int(v) for k, v in (r.get("statusCodeDistribution") or {}).items()}
    errs = sum(int(v) for v in (r.get("errorDistribution") or {}).values())
    non2xx = sum(v for k, v in status.items() if not k.startswith("2"))
    answered = sum(status.values())
    out(rps, p99_ms, non2xx + errs + max(0, calls - answered - errs))
elif tool == "hey":
    m = re.search(r"Requests/sec:\s*([0-9.]+)", text)
    if not m:
        fail("no 'Requests/sec:' line")
    rps = float(m.group(1))
    m = re.search(r"^\s*99%+ in ([0-9.]+) secs", text, re.M)
    p99_ms = float(m.group(1)) * 1000 if m else None
    status = {}
    errs = 0
    section = None
    for line in text.splitlines():
        if line.startswith("Status code distribution:"):
            section = "status"
            continue
        if line.startswith("Error distribution:"):
            section = "error"
            continue
        if line and not line[0].isspace():
            section = None
        m = re.match(r"^\s*\[(\d+)\]\s+(\d+)", line)
        if section == "status" and m:
            status[m.group(1)] = int(m.group(2))
        elif section == "error" and m:
            errs += int(m.group(1))
    non2xx = sum(v for k, v in status.items() if not k.startswith("2"))
    answered = sum(status.values())
    out(rps, p99_ms, non2xx + errs + max(0, calls - answered - errs))
else:
    fail("unknown tool")
PY

# ---------------------------------------------------------------- 5. loads
# run_one TOOL C ROUND: runs the tool under /usr/bin/time and `timeout`, then
# appends "calls_per_s p99_ms errors cpu_us self_cpu_us" to
# $BENCH_TMP/TOOL-cC.rows.
run_one() {
    local tool=$1 c=$2 round=$3 rc=0 base nums rps p99 errs self user sys wall cpu
    base=$BENCH_TMP/$tool-c$c-r$round
    tool_cmd "$tool" "$c"
    log ""
    log "== round $round/$REPEAT, $tool, c=$c, $CALLS calls (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    log "\$ $(cmdline "${CMD[@]}")"
    /usr/bin/time -f '%U %S %e' -o "$base.time" \
        timeout -k 5 "$RUN_TIMEOUT" "${CMD[@]}" </dev/null >"$base.out" 2>"$base.err" || rc=$?
    if ((rc != 0)); then
        log "$tool exited $rc (124: killed by the ${RUN_TIMEOUT}s RUN_TIMEOUT); its stderr and last output lines:"
        tail -n 20 "$base.err" "$base.out" >&2 || true
        die "$tool failed at c=$c in round $round"
    fi
    kill -0 "$NGINX_PID" 2>/dev/null || die "nginx died during the $tool run"
    nums=$(python3 "$PARSE" "$tool" "$base.out" "$CALLS") || {
        tail -n 20 "$base.out" >&2
        die "cannot read $tool's report ($base.out)"
    }
    read -r rps p99 errs self <<<"$nums"
    # GNU time appends "Command exited with non-zero status" lines only on failure.
    read -r user sys wall < <(tail -n 1 "$base.time")
    cpu=$(awk -v u="$user" -v s="$sys" -v n="$CALLS" 'BEGIN { printf "%.4f\n", (u + s) * 1e6 / n }')
    log "$tool c=$c: $rps calls/s, p99 $p99 ms, $errs errors, CPU ${user}s user + ${sys}s sys in ${wall}s wall = $cpu us/call (self-reported: $self)"
    printf '%s %s %s %s %s\n' "$rps" "$p99" "$errs" "$cpu" "$self" >>"$BENCH_TMP/$tool-c$c.rows"
}

log ""
log "$(nproc) cores, nginx with 1 worker on the same cores; load average at start: $LOAD_START"
log "plan: $REPEAT round(s) x concurrency {${CONC_LIST[*]}} x {${TOOLS[*]}}, $CALLS calls each, one at a time"
ROUND_LOAD=()
for ((round = 1; round <= REPEAT; round++)); do
    ROUND_LOAD+=("$(cut -d' ' -f1 /proc/loadavg)")
    # Rotate the order: round 1 yr oha hey, round 2 oha hey yr, ...
    order=()
    for ((i = 0; i < ${#TOOLS[@]}; i++)); do
        order+=("${TOOLS[(i + round - 1) % ${#TOOLS[@]}]}")
    done
    for c in "${CONC_LIST[@]}"; do
        for tool in "${order[@]}"; do
            run_one "$tool" "$c" "$round"
        done
    done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
stop_nginx

# ---------------------------------------------------------------- 6. report
# col FILE N -> the Nth column of every row, skipping "-"
col() { awk -v n="$2" '$n != "-" { print $n }' "$1"; }
med_col() { # FILE N -> median of column N, or "-" when no row has it
    local vals
    vals=$(col "$1" "$2")
    if [[ -z $vals ]]; then echo -; else median <<<"$vals"; fi
}
grouped() { LC_ALL=C awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
show_ms() { if [[ $1 == - ]]; then echo "n/a"; else awk -v m="$1" 'BEGIN { printf "%.2f ms\n", m }'; fi; }
show_us() { if [[ $1 == - ]]; then echo "n/a"; else awk -v m="$1" 'BEGIN { printf "%.1f\n", m }'; fi; }

# errors_note C -> "; mind the errors: ..." when yr bench or oha had any at C
errors_note() {
    local e=${ERRS[yr-$1]} o=${ERRS[oha-$1]}
    if ((e > 0 || o > 0)); then
        printf '; mind the errors: yr bench %s, oha %s' "$e" "$o"
    fi
}
TABLE=''
VERDICTS=''
declare -A RPS ERRS
for c in "${CONC_LIST[@]}"; do
    for tool in "${TOOLS[@]}"; do
        rows=$BENCH_TMP/$tool-c$c.rows
        rps=$(med_col "$rows" 1)
        p99=$(med_col "$rows" 2)
        errs=$(awk '{ s += $3 } END { print s + 0 }' "$rows")
        cpu=$(med_col "$rows" 4)
        RPS[$tool-$c]=$rps
        ERRS[$tool-$c]=$errs
        name=$tool
        cpu_cell=$(show_us "$cpu")
        if [[ $tool == yr ]]; then
            name='yr bench'
            cpu_cell="$cpu_cell (self-reported: $(show_us "$(med_col "$rows" 5)"))"
        fi
        TABLE+="| $name | $c | $(grouped "$rps") | $(show_ms "$p99") | $cpu_cell | $errs of $((CALLS * REPEAT)) |"$'\n'
    done
    yr_rps=${RPS[yr-$c]} oha_rps=${RPS[oha-$c]}
    verdict='**FAIL**'
    if le "$oha_rps" "$yr_rps"; then verdict=PASS; fi
    VERDICTS+="- c=$c: \`yr bench throughput >= oha's\`: $verdict (yr bench $(grouped "$yr_rps") vs oha $(grouped "$oha_rps") calls/s, ratio $(ratio "$yr_rps" "$oha_rps" 3)$(errors_note "$c"))"$'\n'
done

# Every round's calls/s, so a round disturbed by other work on the machine shows.
ROUNDS_HEAD='| tool | concurrency |'
ROUNDS_RULE='|---|---:|'
for ((round = 1; round <= REPEAT; round++)); do
    ROUNDS_HEAD+=" round $round |"
    ROUNDS_RULE+='---:|'
done
ROUNDS_TABLE=''
for c in "${CONC_LIST[@]}"; do
    for tool in "${TOOLS[@]}"; do
        name=$tool
        [[ $tool != yr ]] || name='yr bench'
        ROUNDS_TABLE+="| $name | $c |"
        while read -r rps _; do
            ROUNDS_TABLE+=" $(grouped "$rps") |"
        done <"$BENCH_TMP/$tool-c$c.rows"
        ROUNDS_TABLE+=$'\n'
    done
done
ROUNDS_TABLE+="| 1-min load average at round start | |"
for l in "${ROUND_LOAD[@]}"; do ROUNDS_TABLE+=" $l |"; done

COMMANDS=''
for c in "${CONC_LIST[@]}"; do
    for tool in "${TOOLS[@]}"; do
        tool_cmd "$tool" "$c"
        COMMANDS+="/usr/bin/time -f '%U %S %e' $(cmdline "${CMD[@]}")"$'\n'
    done
done

cat <<EOF

## yr bench vs oha vs hey

| tool | concurrency | calls/s (median) | p99 (median) | CPU µs per call (median) | errors (all rounds) |
|---|---:|---:|---:|---:|---:|
${TABLE%$'\n'}

${VERDICTS%$'\n'}

$DATE_START · nproc $(nproc) · load average at start $LOAD_START, at end $LOAD_END · \`$RUN_CMD\` · $CALLS calls per run, concurrency ${CONC_LIST[*]}, $REPEAT round(s), medians over rounds, tool order rotated each round

Calls/s by round (tool order rotates: round 1 yr oha hey, round 2 oha hey yr, ...):

$ROUNDS_HEAD
$ROUNDS_RULE
$ROUNDS_TABLE

Versions: $YR_VERSION · $OHA_VERSION · $HEY_VERSION · $NGINX_VERSION

Setup: $NGINX_VERSION on 127.0.0.1:$PORT with **one worker** (\`worker_processes 1\`), answering every POST under /serverless/v1/functions/ with \`"hello yuanrong"\` (application/json). nginx shares the $(nproc) cores with the load generator, so every figure is for the pair; each tool keeps its default thread count. nginx closes a keep-alive connection after 1000 requests (its default \`keepalive_requests\`), so every tool reconnects now and then.

How it is read: calls/s is each tool's own figure (all answered calls over its run time: yr's \`throughput\`, oha's \`requestsPerSec\`, hey's \`Requests/sec\`); p99 from yr's \`latency_ms.p99\`, oha's \`latencyPercentiles.p99\`, hey's \`99% in\` (hey prints 0.1 ms steps); errors are failed calls + non-2xx answers + calls a tool did not account for, summed over the rounds. CPU µs per call is measured from outside, (user + sys of the whole process, start-up included, by GNU time) / calls; yr's own \`cpu_per_call_us\` (getrusage around the load) is shown next to it.

Commands (each run under \`timeout -k 5 $RUN_TIMEOUT\`):

\`\`\`
$(printf '%s' "${COMMANDS%$'\n'}")
\`\`\`

Exit status is 0 whatever the verdict (a measurement, not a test).
EOF
exit 0
