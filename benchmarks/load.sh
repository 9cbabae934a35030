#!/usr/bin/env bash
# Compare `yr bench` with HTTP load generators (wrk, oha, hey) on 127.0.0.1 only.
#
#   bash benchmarks/load.sh                    # builds the release yr first
#   YR_BIN=/path/to/yr bash benchmarks/load.sh
#   CALLS=20000 REPEAT=1 bash benchmarks/load.sh   # a quick run
#   TOOLS="yr yr-base wrk" YR_BASE_BIN=/tmp/yr-old bash benchmarks/load.sh   # an old build beside the new, and wrk
#
# A local nginx (one worker) answers every POST under /serverless/v1/functions/
# with "hello yuanrong" (application/json). For each concurrency in CONCS, the
# same CALLS calls are made by each of:
#   yr bench hello -e http://127.0.0.1:PORT -n CALLS -c C --json -d BODY
#   oha -n CALLS -c C --no-tui -m POST -H 'Content-Type: application/json' -d BODY --output-format json URL
#   hey -n CALLS -c C -m POST -T application/json -d BODY URL
#   wrk -t NPROC -c C -d WRK_SECONDS --latency -s post.lua URL   (post.lua sets the
#             method, body and Content-Type; wrk runs for a time, not a count)
#   yr-base   as yr, with YR_BASE_BIN (an older build, side by side)
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
#   wrk       its text: "N requests in", Requests/sec, the 99% line of
#             --latency, "Non-2xx or 3xx responses" and "Socket errors".
# CPU per call divides by the calls each tool made: CALLS, or wrk's own count.
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
# Knobs (environment): TOOLS ("yr wrk oha hey"; any of yr yr-base wrk oha hey,
# each needed only when listed), YR_BASE_BIN (for yr-base), WRK_SECONDS (10),
# YR_BIN, CALLS (200000; a multiple of each concurrency,
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
read -r -a TOOLS <<<"${TOOLS:-yr wrk oha hey}"
WRK_SECONDS=${WRK_SECONDS:-10}

((${#TOOLS[@]} > 0)) || die "TOOLS is empty"
for t in "${TOOLS[@]}"; do
    [[ $t =~ ^(yr|yr-base|wrk|oha|hey)$ ]] || die "TOOLS: $t is none of yr yr-base wrk oha hey"
done
has_tool() { [[ " ${TOOLS[*]} " == *" $1 "* ]]; }
for v in CALLS REPEAT RUN_TIMEOUT WRK_SECONDS; do
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
[[ -n "${YR_BASE_BIN:-}" ]] && RUN_CMD="YR_BASE_BIN=$(shquote "$YR_BASE_BIN") $RUN_CMD"
for v in CALLS CONCS REPEAT RUN_TIMEOUT TOOLS WRK_SECONDS; do
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
if has_tool oha; then need_tool "$OHA" "cargo install oha --locked   (lands in ~/.cargo/bin/oha)"; fi
if has_tool hey; then need_tool hey "apt-get install hey"; fi
if has_tool wrk; then need_tool wrk "apt-get install wrk"; fi
if has_tool yr-base && [[ -z "${YR_BASE_BIN:-}" ]]; then
    printf 'missing: YR_BASE_BIN=/path/to/an/older/yr, which TOOLS=yr-base runs\n' >&2
    _BENCH_MISSING=$((_BENCH_MISSING + 1))
fi
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

if has_tool yr-base; then
    [[ -f $YR_BASE_BIN && -x $YR_BASE_BIN ]] || die "YR_BASE_BIN=$YR_BASE_BIN is not an executable file"
    YR_BASE=$(cd "$(dirname "$YR_BASE_BIN")" && pwd)/$(basename "$YR_BASE_BIN")
    log "yr-base binary: $YR_BASE"
fi

# oha's flags changed over time: older releases had -j/--json, newer ones
# --output-format json; --no-tui has been there since 0.4.
VERSIONS="$("$YR" --version 2>&1 | head -n 1)" || die "$YR --version failed"
if has_tool oha; then
    OHA_HELP=$("$OHA" --help 2>&1) || die "$OHA --help failed"
    if [[ $OHA_HELP == *--output-format* ]]; then
        OHA_JSON=(--output-format json)
    elif [[ $OHA_HELP == *--json* ]]; then
        OHA_JSON=(--json)
    else
        die "this oha ($OHA) has neither --output-format nor --json; install a newer one: cargo install oha --locked"
    fi
    [[ $OHA_HELP == *--no-tui* ]] || die "this oha ($OHA) has no --no-tui; install a newer one: cargo install oha --locked"
    VERSIONS+=" · $("$OHA" --version 2>&1 | head -n 1)"
fi
if has_tool hey; then
    # hey has no --version; ask the package manager when there is one.
    v=$(dpkg-query -W -f '${Version}' hey 2>/dev/null || true)
    VERSIONS+=" · hey ${v:-(version unknown)}"
fi
if has_tool wrk; then
    # wrk -v prints its version and exits 1.
    VERSIONS+=" · $({ wrk -v 2>&1 || true; } | head -n 1 | cut -d" " -f1-2)"
fi
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

# wrk's request: the same POST, body and Content-Type as the others send.
WRK_LUA=$BENCH_TMP/post.lua
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
    "'$BODY'" >"$WRK_LUA"

# tool_cmd TOOL C -> sets CMD to the argv of TOOL at concurrency C.
tool_cmd() {
    local tool=$1 c=$2
    case $tool in
    yr) CMD=("$YR" bench hello -e "$ENDPOINT" -n "$CALLS" -c "$c" --json -d "$BODY") ;;
    yr-base) CMD=("$YR_BASE" bench hello -e "$ENDPOINT" -n "$CALLS" -c "$c" --json -d "$BODY") ;;
    wrk) CMD=(wrk -t "$(nproc)" -c "$c" -d "${WRK_SECONDS}s" --latency -s "$WRK_LUA" "$URL") ;;
    oha) CMD=("$OHA" -n "$CALLS" -c "$c" --no-tui -m POST -H 'Content-Type: application/json' -d "$BODY" "${OHA_JSON[@]}" "$URL") ;;
    hey) CMD=(hey -n "$CALLS" -c "$c" -m POST -T application/json -d "$BODY" "$URL") ;;
    *) die "tool_cmd: unknown tool $tool" ;;
    esac
}

# ---------------------------------------------------------------- 4. parsing
# parse.py TOOL FILE CALLS -> "calls_per_s p99_ms errors self_cpu_us made" ("-"
# when a figure is missing; self_cpu_us only for yr; made: the calls the tool
# made, CALLS but for wrk).
PARSE=$BENCH_TMP/parse.py
cat >"$PARSE" <<'PY'
import json, re, sys

tool, path, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8", errors="replace").read()


def out(rps, p99_ms, errors, cpu=None, made=None):
    def f(v):
        return "-" if v is None else "%.10g" % float(v)
    print(f(rps), f(p99_ms), int(errors), f(cpu), calls if made is None else int(made))


def fail(why):
    print(f"parse {tool}: {why}", file=sys.stderr)
    sys.exit(1)


if tool in ("yr", "yr-base"):
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
elif tool == "wrk":
    m = re.search(r"^\s*(\d+) requests in ", text, re.M)
    if not m:
        fail("no 'N requests in' line")
    made = int(m.group(1))
    m = re.search(r"Requests/sec:\s*([0-9.]+)", text)
    if not m:
        fail("no 'Requests/sec:' line")
    rps = float(m.group(1))
    m = re.search(r"^\s*99%\s+([0-9.]+)(us|ms|s)\s*$", text, re.M)
    p99_ms = float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)] if m else None
    errs = 0
    m = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)
    if m:
        errs += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errs += sum(int(g) for g in m.groups())
    out(rps, p99_ms, errs, None, made)
else:
    fail("unknown tool")
PY

# ---------------------------------------------------------------- 5. loads
# run_one TOOL C ROUND: runs the tool under /usr/bin/time and `timeout`, then
# appends "calls_per_s p99_ms errors cpu_us self_cpu_us made" to
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
    read -r rps p99 errs self made <<<"$nums"
    # GNU time appends "Command exited with non-zero status" lines only on failure.
    read -r user sys wall < <(tail -n 1 "$base.time")
    cpu=$(awk -v u="$user" -v s="$sys" -v n="$made" 'BEGIN { printf "%.4f\n", (u + s) * 1e6 / n }')
    log "$tool c=$c: $made calls, $rps calls/s, p99 $p99 ms, $errs errors, CPU ${user}s user + ${sys}s sys in ${wall}s wall = $cpu us/call (self-reported: $self)"
    printf '%s %s %s %s %s %s\n' "$rps" "$p99" "$errs" "$cpu" "$self" "$made" >>"$BENCH_TMP/$tool-c$c.rows"
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

# errors_note C OTHER -> "; mind the errors: ..." when yr bench or OTHER had any at C
errors_note() {
    local e=${ERRS[yr-$1]:-0} o=${ERRS[$2-$1]:-0}
    if ((e > 0 || o > 0)); then
        printf '; mind the errors: yr bench %s, %s %s' "$e" "$2" "$o"
    fi
}
# tool_name TOOL -> its name in the tables
tool_name() {
    case $1 in
    yr) echo 'yr bench' ;;
    yr-base) echo 'yr bench (base)' ;;
    *) echo "$1" ;;
    esac
}
TABLE=''
VERDICTS=''
declare -A RPS ERRS CPU
for c in "${CONC_LIST[@]}"; do
    for tool in "${TOOLS[@]}"; do
        rows=$BENCH_TMP/$tool-c$c.rows
        rps=$(med_col "$rows" 1)
        p99=$(med_col "$rows" 2)
        errs=$(awk '{ s += $3 } END { print s + 0 }' "$rows")
        made=$(awk '{ s += $6 } END { print s + 0 }' "$rows")
        cpu=$(med_col "$rows" 4)
        RPS[$tool-$c]=$rps
        ERRS[$tool-$c]=$errs
        CPU[$tool-$c]=$cpu
        cpu_cell=$(show_us "$cpu")
        if [[ $tool == yr* ]]; then
            cpu_cell="$cpu_cell (self-reported: $(show_us "$(med_col "$rows" 5)"))"
        fi
        TABLE+="| $(tool_name "$tool") | $c | $(grouped "$rps") | $(show_ms "$p99") | $cpu_cell | $errs of $(grouped "$made") |"$'\n'
    done
    has_tool yr || continue
    for other in wrk oha; do
        has_tool "$other" || continue
        yr_rps=${RPS[yr-$c]} o_rps=${RPS[$other-$c]}
        verdict='**FAIL**'
        if le "$o_rps" "$yr_rps"; then verdict=PASS; fi
        VERDICTS+="- c=$c: \`yr bench calls/s >= $other's\`: $verdict (yr bench $(grouped "$yr_rps") vs $other $(grouped "$o_rps") calls/s, ratio $(ratio "$yr_rps" "$o_rps" 3)$(errors_note "$c" "$other"))"$'\n'
        yr_cpu=${CPU[yr-$c]} o_cpu=${CPU[$other-$c]}
        verdict='**FAIL**'
        if le "$yr_cpu" "$o_cpu"; then verdict=PASS; fi
        VERDICTS+="- c=$c: \`yr bench CPU per call <= $other's\`: $verdict (yr bench $(show_us "$yr_cpu") vs $other $(show_us "$o_cpu") µs, ratio $(ratio "$yr_cpu" "$o_cpu" 3))"$'\n'
    done
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
        ROUNDS_TABLE+="| $(tool_name "$tool") | $c |"
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

## $(for t in "${TOOLS[@]}"; do tool_name "$t"; done | paste -sd, - | sed 's/,/ vs /g')

| tool | concurrency | calls/s (median) | p99 (median) | CPU µs per call (median) | errors (all rounds) |
|---|---:|---:|---:|---:|---:|
${TABLE%$'\n'}

${VERDICTS%$'\n'}

$DATE_START · nproc $(nproc) · load average at start $LOAD_START, at end $LOAD_END · \`$RUN_CMD\` · $CALLS calls per run (wrk: ${WRK_SECONDS} s), concurrency ${CONC_LIST[*]}, $REPEAT round(s), medians over rounds, tool order rotated each round

Calls/s by round (tool order rotates: round 1 ${TOOLS[*]}, round 2 starts with ${TOOLS[1 % ${#TOOLS[@]}]}, ...):

$ROUNDS_HEAD
$ROUNDS_RULE
$ROUNDS_TABLE

Versions: $VERSIONS · $NGINX_VERSION

Setup: $NGINX_VERSION on 127.0.0.1:$PORT with **one worker** (\`worker_processes 1\`), answering every POST under /serverless/v1/functions/ with \`"hello yuanrong"\` (application/json). nginx shares the $(nproc) cores with the load generator, so every figure is for the pair; each tool keeps its default thread count. nginx closes a keep-alive connection after 1000 requests (its default \`keepalive_requests\`), so every tool reconnects now and then.

How it is read: calls/s is each tool's own figure (all answered calls over its run time: yr's \`throughput\`, oha's \`requestsPerSec\`, hey's and wrk's \`Requests/sec\`); p99 from yr's \`latency_ms.p99\`, oha's \`latencyPercentiles.p99\`, hey's \`99% in\` (hey prints 0.1 ms steps), wrk's 99% line of \`--latency\`; errors are failed calls + non-2xx answers (+ wrk's socket errors) + calls a tool did not account for, summed over the rounds, out of the calls made. CPU µs per call is measured from outside, (user + sys of the whole process, start-up included, by GNU time) / calls made (CALLS, or wrk's count of its requests); yr's own \`cpu_per_call_us\` (getrusage around the load) is shown next to it.

Commands (each run under \`timeout -k 5 $RUN_TIMEOUT\`):

\`\`\`
$(printf '%s' "${COMMANDS%$'\n'}")
\`\`\`

Exit status is 0 whatever the verdict (a measurement, not a test).
EOF
exit 0
