#!/usr/bin/env bash
# Process start-up cost of yr, against the floor of starting any process, on 127.0.0.1 only.
#
#   bash benchmarks/startup.sh                 # builds the release yr first (build_release_yr in lib.sh)
#   YR_BIN=/path/to/yr bash benchmarks/startup.sh
#   YR_COMPARE='before=/tmp/yr-old' bash benchmarks/startup.sh   # time other builds in the same run
#
# One hyperfine run (-N, so no shell in between) times, side by side:
#   /bin/true                 the floor: fork+exec+exit of a tiny dynamic C program
#   hello --version           (HELLO=1) a static Rust hello-world built with yr's own release profile and
#                             release-static flags: the floor of a static Rust binary here
#   yr --version              clap parses, prints, exits
#   yr invoke                 a POST to a local nginx answering "hello yuanrong"
#   curl POST                 the same call with curl
# and, for every LABEL=PATH in YR_COMPARE, LABEL --version and LABEL invoke.
# hyperfine times its commands one after the other, so a change in the machine's load (2 shared cores here) lands on
# whichever command runs then: ROUNDS (3) such runs are made, each with all the commands, the order rotated by one
# each time. Every figure is taken within one run (a difference to /bin/true is one run's median minus the same
# run's /bin/true median); the table gives the median over the rounds, and each round's difference for yr.
# Then, per command: page faults and task-clock (perf stat -r), instructions (callgrind, user space, one run:
# deterministic), peak RSS (GNU time, median); per binary: size, relocations (readelf -r) and LOAD segments.
#
# Prints markdown tables on stdout; progress and hyperfine's own output go to stderr. Exits 0 whatever the figures
# (a measurement, not a test); exits 2 when a tool is missing. Installs nothing.
#
# Knobs (environment): YR_BIN, YR_COMPARE, HELLO (1; 0 skips the hello-world floor, which needs cargo),
# ROUNDS (3), WARMUP (50), RUNS (1000), PERF_RUNS (200), RSS_RUNS (11), BENCH_KEEP_TMP=1 to keep the temp dir.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-3}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$ROUNDS: want a positive whole number"
WARMUP=${WARMUP:-50}
RUNS=${RUNS:-1000}
PERF_RUNS=${PERF_RUNS:-200}
RSS_RUNS=${RSS_RUNS:-11}
HELLO=${HELLO:-1}
BODY='{"name":"yuanrong"}'
FUNCTION_ID='sn:cn:yrk:default:function:0@default@hello:latest'

RUN_CMD="bash benchmarks/startup.sh"
for v in YR_COMPARE YR_BIN; do
    if printenv "$v" >/dev/null; then RUN_CMD="$v=$(shquote "${!v}") $RUN_CMD"; fi
done
for v in HELLO ROUNDS WARMUP RUNS PERF_RUNS RSS_RUNS; do
    if printenv "$v" >/dev/null; then RUN_CMD="$v=${!v} $RUN_CMD"; fi
done

# ---------------------------------------------------------------- 1. tools
need_tool nginx "apt-get install nginx-light   (or: apt-get install nginx)"
need_tool hyperfine "apt-get install hyperfine"
need_tool perf "apt-get install linux-perf   (perf stat counts page faults and task-clock)"
need_tool valgrind "apt-get install valgrind   (callgrind counts instructions)"
need_tool readelf "apt-get install binutils"
need_tool /usr/bin/time "apt-get install time   (GNU time; the shell keyword 'time' is not enough)"
need_tool curl "apt-get install curl"
need_tool python3 "apt-get install python3"
need_tool /bin/true "coreutils"
if [[ -z "${YR_BIN:-}" || $HELLO == 1 ]]; then
    need_tool cargo "the Rust toolchain via rustup (https://rustup.rs); or set YR_BIN=/path/to/yr and HELLO=0"
fi
need_tools_done
if ! perf stat -e page-faults -- /bin/true >/dev/null 2>&1; then
    die "perf stat cannot count here (kernel.perf_event_paranoid?): try sysctl kernel.perf_event_paranoid=1"
fi

abspath() { printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")"; }

# ---------------------------------------------------------------- 2. binaries
bench_tmpdir
if [[ -n "${YR_BIN:-}" ]]; then
    [[ -f $YR_BIN && -x $YR_BIN ]] || die "YR_BIN=$YR_BIN is not an executable file"
    YR=$(abspath "$YR_BIN")
    BUILD="given (YR_BIN)"
else
    YR=$(build_release_yr)
    if [[ "${YR_BUILD:-static}" == static && "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
        BUILD="static release artifact (cargo release-static)"
    else
        BUILD="host release build (cargo build --release)"
    fi
fi
log "yr binary: $YR"

LABELS=(yr)
BINS=("$YR")
for pair in ${YR_COMPARE:-}; do
    [[ $pair == *=* ]] || die "YR_COMPARE: want LABEL=PATH, got $pair"
    label=${pair%%=*} path=${pair#*=}
    [[ $label =~ ^[A-Za-z0-9_.-]+$ && $label != yr && $label != hello ]] ||
        die "YR_COMPARE: LABEL $label: letters, digits, . _ - only, and not yr or hello"
    for known in "${LABELS[@]}"; do [[ $known != "$label" ]] || die "YR_COMPARE: LABEL $label given twice"; done
    [[ -f $path && -x $path ]] || die "YR_COMPARE: $path is not an executable file"
    LABELS+=("$label")
    BINS+=("$(abspath "$path")")
done

# The hello-world floor: a crate with yr's [profile.release], built from this directory so that .cargo/config.toml's
# `release-static` alias (the same target and rustflags as yr's release artifact) applies.
HELLO_BIN=
if [[ $HELLO == 1 ]]; then
    H=$BENCH_TMP/hello
    mkdir -p "$H/src"
    printf 'fn main() {\n    println!("hello 0.1.0");\n}\n' >"$H/src/main.rs"
    {
        printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n'
        awk '/^\[/ { p = ($0 == "[profile.release]") } p' Cargo.toml
    } >"$H/Cargo.toml"
    printf 'version = 4\n\n[[package]]\nname = "hello"\nversion = "0.1.0"\n' >"$H/Cargo.lock"
    log "building the hello-world floor the same way: cargo release-static --manifest-path $H/Cargo.toml"
    CARGO_TARGET_DIR=$H/target cargo release-static --manifest-path "$H/Cargo.toml" -q >&2 ||
        die "could not build the hello-world floor (HELLO=0 skips it)"
    HELLO_BIN=$H/target/x86_64-unknown-linux-gnu/release/hello
    [[ -x $HELLO_BIN ]] || HELLO_BIN=$H/target/release/hello
    [[ -x $HELLO_BIN ]] || die "hello-world floor built, but not found under $H/target"
fi

# Every binary is timed as a copy, as an install leaves it: the file the linker has just written took about ten more
# page faults per run than the same bytes copied (the page cache holds the two differently, and the kernel's
# fault-around maps fewer pages of the first), which would count against a fresh build compared with an old copy.
mkdir -p "$BENCH_TMP/bin"
SRCS=("${BINS[@]}")
for i in "${!BINS[@]}"; do
    cp -- "${BINS[i]}" "$BENCH_TMP/bin/${LABELS[i]}"
    BINS[i]=$BENCH_TMP/bin/${LABELS[i]}
done
if [[ -n $HELLO_BIN ]]; then
    cp -- "$HELLO_BIN" "$BENCH_TMP/bin/hello"
    HELLO_BIN=$BENCH_TMP/bin/hello
fi

# ---------------------------------------------------------------- 3. nginx
start_nginx_static "        location /serverless/v1/functions/ {
            default_type application/json;
            return 200 '\"hello yuanrong\"';
        }"
ENDPOINT="http://127.0.0.1:$NGINX_PORT"
URL="$ENDPOINT/serverless/v1/functions/$FUNCTION_ID/invocations"

# argv array -> one string with shell quoting (for hyperfine -N and the report)
cmdline() {
    local out='' a
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then out+="$a "; else out+="$(shquote "$a") "; fi
    done
    printf '%s' "${out% }"
}

# Every timed command: a name, and its argv as one cmdline() string.
NAMES=()
CMDS=()
add() { # NAME ARGV...
    NAMES+=("$1")
    shift
    CMDS+=("$(cmdline "$@")")
}
add "/bin/true" /bin/true
[[ -n $HELLO_BIN ]] && add "hello --version" "$HELLO_BIN" --version
for i in "${!BINS[@]}"; do
    add "${LABELS[i]} --version" "${BINS[i]}" --version
    add "${LABELS[i]} invoke" "${BINS[i]}" invoke hello -e "$ENDPOINT" -d "$BODY"
done
add "curl POST" curl -sS -X POST "$URL" -H 'Content-Type: application/json' -d "$BODY"

# Sanity: every command succeeds, and every invoke gets the answer, before anything is timed.
for i in "${!CMDS[@]}"; do
    out=$(eval "${CMDS[i]}" 2>"$BENCH_TMP/check.err") || {
        log "stderr: $(cat "$BENCH_TMP/check.err")"
        die "${NAMES[i]} failed: ${CMDS[i]}"
    }
    if [[ ${NAMES[i]} == *invoke || ${NAMES[i]} == curl* ]] && [[ $out != *'hello yuanrong'* ]]; then
        die "${NAMES[i]} did not get \"hello yuanrong\" from the local nginx (got: $out); not benchmarking"
    fi
done

# ---------------------------------------------------------------- 4. hyperfine: ROUNDS runs of all commands
N=${#CMDS[@]}
for ((r = 0; r < ROUNDS; r++)); do
    hf=(hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$BENCH_TMP/startup.$r.json")
    for ((k = 0; k < N; k++)); do
        i=$(((k + r) % N))
        hf+=(-n "${NAMES[i]}" "${CMDS[i]}")
    done
    log ""
    log "== round $((r + 1)) of $ROUNDS: hyperfine -N --warmup $WARMUP --runs $RUNS, $N commands in one run"
    "${hf[@]}" >&2
done

# ---------------------------------------------------------------- 5. counts
# perf stat -x, prints "value,unit,event,..." on stderr; with -r the value is the mean of the runs.
PF=()
TC=()
IR=()
RSS=()
log ""
log "== perf stat -r $PERF_RUNS, callgrind (one run), peak RSS (median of $RSS_RUNS) per command"
for i in "${!CMDS[@]}"; do
    eval "argv=(${CMDS[i]})"
    perf stat -x, -r "$PERF_RUNS" -e page-faults,task-clock -o "$BENCH_TMP/perf.$i" -- "${argv[@]}" >/dev/null 2>&1 ||
        die "perf stat failed for ${NAMES[i]}"
    PF+=("$(awk -F, '$3 ~ /^page-faults/ { printf "%.0f", $1 }' "$BENCH_TMP/perf.$i")")
    TC+=("$(awk -F, '$3 ~ /^task-clock/ { printf "%.3f", $1 }' "$BENCH_TMP/perf.$i")")
    valgrind --tool=callgrind --callgrind-out-file="$BENCH_TMP/cg.$i" -- "${argv[@]}" >/dev/null 2>&1 ||
        die "callgrind failed for ${NAMES[i]}"
    IR+=("$(awk '/^(summary|totals):/ { print $2; exit }' "$BENCH_TMP/cg.$i")")
    RSS+=("$(peak_rss_median "$RSS_RUNS" "${argv[@]}")")
    log "${NAMES[i]}: ${PF[i]} page faults, ${TC[i]} ms task-clock, ${IR[i]} instructions, ${RSS[i]} KiB peak RSS"
done

stop_nginx

# ---------------------------------------------------------------- 6. report
printf '%s\n' "${PF[@]}" >"$BENCH_TMP/pf"
printf '%s\n' "${TC[@]}" >"$BENCH_TMP/tc"
printf '%s\n' "${IR[@]}" >"$BENCH_TMP/ir"
printf '%s\n' "${RSS[@]}" >"$BENCH_TMP/rss"
printf '%s\n' "${NAMES[@]}" >"$BENCH_TMP/names"
python3 - "$BENCH_TMP" "$ROUNDS" <<'PY'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
col = lambda name: open(f"{tmp}/{name}").read().split("\n" if name == "names" else None)
names = [n for n in col("names") if n]
pf, tc, ir, rss = col("pf"), col("tc"), col("ir"), col("rss")
# per round: command name -> (median, mean) in ms
runs = []
for r in range(rounds):
    res = json.load(open(f"{tmp}/startup.{r}.json"))["results"]
    runs.append({x["command"]: (statistics.median(x["times"]) * 1e3, x["mean"] * 1e3) for x in res})
med = lambda xs: statistics.median(xs)
floor = names[0]
print(f"| command | median | mean | median − /bin/true | mean − /bin/true | each round: median − /bin/true "
      f"| page faults | task-clock | instructions | peak RSS |")
print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
for i, n in enumerate(names):
    m = med([run[n][0] for run in runs])
    a = med([run[n][1] for run in runs])
    if i == 0:
        d = dm = each = "-"
    else:
        d = f"{med([run[n][0] - run[floor][0] for run in runs]):+.3f} ms"
        dm = f"{med([run[n][1] - run[floor][1] for run in runs]):+.3f} ms"
        each = " / ".join(f"{run[n][0] - run[floor][0]:+.3f}" for run in runs)
    print(f"| {n} | {m:.3f} ms | {a:.3f} ms | {d} | {dm} | {each} | {pf[i]} | {tc[i]} ms "
          f"| {int(ir[i]) / 1e6:.3f} M | {rss[i]} KiB |")
PY

echo
echo "| binary | size | relocations (readelf -r) | LOAD segments | ELF type | copied from |"
echo "|---|---:|---:|---:|---|---|"
bin_row() { # LABEL PATH SOURCE
    local size relocs loads type
    size=$(stat -L -c %s "$2")
    relocs=$(readelf -rW "$2" | grep -cE '^[0-9a-f]{8,}' || true)
    loads=$(readelf -lW "$2" | grep -c '^ *LOAD' || true)
    type=$(readelf -hW "$2" | awk -F: '/Type:/ { sub(/^ +/, "", $2); sub(/ \(.*/, "", $2); print $2 }')
    printf '| %s | %s B (%s MiB) | %s | %s | %s | %s |\n' "$1" "$size" \
        "$(awk -v b="$size" 'BEGIN { printf "%.2f", b / 1048576 }')" "$relocs" "$loads" "$type" "$3"
}
for i in "${!BINS[@]}"; do bin_row "${LABELS[i]}" "${BINS[i]}" "${SRCS[i]#"$ROOT"/}"; done
[[ -n $HELLO_BIN ]] && bin_row hello "$HELLO_BIN" "a hello-world crate in \$TMP, cargo release-static"

cat <<EOF

$(date -u '+%F %H:%M UTC') · nproc $(nproc) · load average $(cut -d' ' -f1-3 /proc/loadavg) · yr: $BUILD ·
\`$RUN_CMD\` · $ROUNDS rounds of hyperfine -N --warmup $WARMUP --runs $RUNS (each one run of all commands, order rotated;
medians over the rounds) · perf stat -r $PERF_RUNS (means) ·
callgrind instructions of one run · GNU time peak RSS, median of $RSS_RUNS · nginx on 127.0.0.1

Commands timed:

\`\`\`
$(printf '%s\n' "${CMDS[@]}" | sed "s#$BENCH_TMP#\$TMP#g; s#$ROOT/##g; s#127.0.0.1:$NGINX_PORT#127.0.0.1:PORT#g")
\`\`\`
EOF
exit 0
