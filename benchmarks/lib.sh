# shellcheck shell=bash
# Shared helpers for the benchmarks/*.sh scripts. Source it, do not run it:
#
#   source "$(dirname "$0")/lib.sh"
#
# Everything here stays on 127.0.0.1 and installs nothing.
#
# Functions:
#   log MSG...                  message to stderr
#   die MSG...                  message to stderr, exit 1
#   need_tool NAME HOW          record NAME (a command or an absolute path) as
#                               missing when absent, with how to install it
#   need_tools_done             exit 2 if any need_tool call found a gap
#   on_exit CMD                 run CMD (a string, eval'd) when the script
#                               exits; cleanups run in reverse order
#   bench_tmpdir                make $BENCH_TMP (mktemp -d), removed on exit
#                               unless BENCH_KEEP_TMP=1
#   free_port                   print a free TCP port on 127.0.0.1
#   start_nginx_static SNIPPET  start a foreground nginx (background job) on
#                               127.0.0.1 with SNIPPET inside its server{}
#                               block; sets NGINX_PORT, NGINX_PID, NGINX_DIR
#                               and stops it on exit
#   stop_nginx                  stop the nginx started above (idempotent)
#   wait_http URL [TRIES] [PID] wait until URL answers with any HTTP status
#                               (give up early if PID exits)
#   stop_pid PID [TRIES]        SIGTERM PID, wait up to TRIES x 0.05 s (100),
#                               then SIGKILL; reaps it if it is our child
#   proc_status_kb PID FIELD    a kB field of /proc/PID/status, e.g. VmHWM
#                               (peak RSS so far) or VmRSS, as a number
#   proc_cpu_s PID              CPU seconds (user + system) PID has used so
#                               far, its reaped children included
#   median [NUM...]             median of the arguments (or of stdin lines)
#   hyperfine_median JSON IDX   median seconds of result IDX (0-based) in a
#                               hyperfine --export-json file
#   peak_rss_kb CMD...          peak RSS (KiB) of one run of CMD, via
#                               /usr/bin/time -v (no shell)
#   peak_rss_median N CMD...    median of N peak_rss_kb runs
#   shquote STR                 STR single-quoted for a shell / hyperfine -N
#   ratio A B [DIGITS]          A/B with DIGITS (4) decimals, "inf" if B is 0
#   le A B / lt A B             exit 0 when A <= B / A < B (floats)

# Guard against double sourcing.
if [[ -n "${_BENCH_LIB_SOURCED:-}" ]]; then
    return 0
fi
_BENCH_LIB_SOURCED=1

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools

_BENCH_MISSING=0

# need_tool NAME HOW_TO_INSTALL
# NAME is a command looked up in PATH (and /usr/sbin, /sbin, where nginx
# lives on Debian) or an absolute path that must be executable.
need_tool() {
    local name=$1 how=$2
    if [[ $name == /* ]]; then
        [[ -x $name ]] && return 0
    else
        command -v "$name" >/dev/null 2>&1 && return 0
        [[ -x /usr/sbin/$name || -x /sbin/$name ]] && return 0
    fi
    printf 'missing tool: %s\n  to install: %s\n' "$name" "$how" >&2
    _BENCH_MISSING=$((_BENCH_MISSING + 1))
    return 0
}

need_tools_done() {
    if ((_BENCH_MISSING > 0)); then
        printf '%d required tool(s) missing, see above; nothing was run.\n' \
            "$_BENCH_MISSING" >&2
        exit 2
    fi
}

# Print the path of command NAME, also looking in /usr/sbin and /sbin.
tool_path() {
    local name=$1
    if command -v "$name" 2>/dev/null; then return 0; fi
    local d
    for d in /usr/sbin /sbin; do
        if [[ -x $d/$name ]]; then printf '%s\n' "$d/$name"; return 0; fi
    done
    return 1
}

# ---------------------------------------------------------------- cleanup

_BENCH_CLEANUPS=()

_bench_run_cleanups() {
    local rc=$? i
    trap - EXIT
    set +e
    for ((i = ${#_BENCH_CLEANUPS[@]} - 1; i >= 0; i--)); do
        eval "${_BENCH_CLEANUPS[i]}"
    done
    exit "$rc"
}

# on_exit CMD: CMD is eval'd at exit (normal exit, error under set -e,
# INT or TERM). Registered cleanups run last-in first-out.
on_exit() {
    if ((${#_BENCH_CLEANUPS[@]} == 0)); then
        trap _bench_run_cleanups EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
    fi
    _BENCH_CLEANUPS+=("$1")
}

bench_tmpdir() {
    if [[ -n "${BENCH_TMP:-}" && -d "${BENCH_TMP}" ]]; then
        return 0
    fi
    BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/yr-bench.XXXXXX")
    # shellcheck disable=SC2016  # expanded at exit, on purpose
    on_exit 'if [[ "${BENCH_KEEP_TMP:-0}" == 1 ]]; then log "kept $BENCH_TMP"; else rm -rf -- "$BENCH_TMP"; fi'
}

# ---------------------------------------------------------------- ports

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
        return 0
    fi
    # Fallback: try random high ports until a connect is refused.
    local i p
    for ((i = 0; i < 100; i++)); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            printf '%s\n' "$p"
            return 0
        fi
    done
    die "free_port: no free port found on 127.0.0.1"
}

# wait_http URL [TRIES] [PID]: poll every 0.05 s until URL gives any HTTP
# status. With PID, give up as soon as that process has exited.
wait_http() {
    local url=$1 tries=${2:-100} pid=${3:-} i code
    for ((i = 0; i < tries; i++)); do
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        code=$(curl -s -o /dev/null -m 1 -w '%{http_code}' "$url" 2>/dev/null || true)
        if [[ -n $code && $code != 000 ]]; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# ---------------------------------------------------------------- processes

# stop_pid PID [TRIES]: polite stop, then a forced one. Idempotent: a PID
# that is already gone (or empty) is fine.
stop_pid() {
    local pid=${1:-} tries=${2:-100} i
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    for ((i = 0; i < tries; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "pid $pid did not stop on SIGTERM, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# proc_status_kb PID FIELD -> the number in "FIELD:   1234 kB" (Linux only).
proc_status_kb() {
    local pid=$1 field=$2
    awk -v f="$field:" '$1 == f { print $2; found = 1; exit } END { exit !found }' \
        "/proc/$pid/status" 2>/dev/null
}

# proc_cpu_s PID -> CPU seconds (user + system) used so far by PID and by the
# children it has reaped: fields 14-17 of /proc/PID/stat (Linux only).
proc_cpu_s() {
    local pid=$1 stat hz
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    hz=$(getconf CLK_TCK 2>/dev/null) || hz=100
    # Field 2 (the command name) may hold spaces: split after its closing ")".
    awk -v s="${stat##*) }" -v hz="$hz" 'BEGIN {
        if (split(s, f, " ") < 15 || hz + 0 <= 0) exit 1
        printf "%.2f\n", (f[12] + f[13] + f[14] + f[15]) / hz
    }'
}

# ---------------------------------------------------------------- nginx

NGINX_PID=
NGINX_PORT=
NGINX_DIR=

# start_nginx_static SNIPPET
# SNIPPET goes verbatim inside `server { listen 127.0.0.1:PORT; ... }`.
# nginx runs with `daemon off` as a background job of this shell, with its
# pid file, logs and temp dirs under $BENCH_TMP/nginx. The port is in
# $NGINX_PORT afterwards (a global, not stdout: a $(...) subshell could not
# keep the job and the exit trap). Retries with a new port if the chosen one
# was taken in between.
start_nginx_static() {
    local snippet=$1 nginx attempt port
    [[ -z "${NGINX_PID:-}" ]] || die "start_nginx_static: nginx already running (pid $NGINX_PID)"
    nginx=$(tool_path nginx) || die "nginx not found"
    bench_tmpdir
    NGINX_DIR=$BENCH_TMP/nginx
    mkdir -p "$NGINX_DIR"
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        cat >"$NGINX_DIR/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events {
    worker_connections 256;
}
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/client_body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    keepalive_timeout 5s;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
$snippet
    }
}
EOF
        "$nginx" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" \
            </dev/null >>"$NGINX_DIR/stdout.log" 2>&1 &
        NGINX_PID=$!
        if ((attempt == 1)); then
            on_exit stop_nginx
        fi
        if wait_http "http://127.0.0.1:$port/" 100 "$NGINX_PID"; then
            # shellcheck disable=SC2034  # read by the scripts that source this file
            NGINX_PORT=$port
            log "nginx $("$nginx" -v 2>&1 | sed 's/^nginx version: //') listening on 127.0.0.1:$port (pid $NGINX_PID)"
            return 0
        fi
        if kill -0 "$NGINX_PID" 2>/dev/null; then
            stop_nginx
            break # running but not answering: retrying will not help
        fi
        wait "$NGINX_PID" 2>/dev/null || true
        NGINX_PID=
        if ! grep -q 'Address already in use' "$NGINX_DIR/error.log" "$NGINX_DIR/stdout.log" 2>/dev/null; then
            break
        fi
        log "port $port was taken, retrying"
    done
    log "nginx did not start; its logs:"
    cat "$NGINX_DIR/stdout.log" "$NGINX_DIR/error.log" >&2 2>/dev/null || true
    die "could not start nginx"
}

stop_nginx() {
    [[ -n "${NGINX_PID:-}" ]] || return 0
    local pid=$NGINX_PID i
    NGINX_PID=
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- numbers

# median 3 1 2 -> 2; without arguments reads one number per line on stdin.
median() {
    local sorted
    if (($# > 0)); then
        sorted=$(printf '%s\n' "$@" | sort -g)
    else
        sorted=$(sort -g)
    fi
    awk 'NF { a[++n] = $1 }
         END {
             if (n == 0) { print "median: no numbers" > "/dev/stderr"; exit 1 }
             m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
             printf "%.10g\n", m
         }' <<<"$sorted"
}

# hyperfine_median FILE.json INDEX -> median wall time in seconds.
hyperfine_median() {
    local json=$1 idx=$2
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$json" "$idx" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
m = r.get("median")
if m is None:
    m = statistics.median(r["times"])
print(repr(float(m)))
PY
    elif command -v jq >/dev/null 2>&1; then
        jq -er ".results[$idx].median" "$json"
    else
        die "hyperfine_median needs python3 or jq"
    fi
}

# peak_rss_kb CMD... -> "Maximum resident set size (kbytes)" of one run.
# The command's stdout is discarded; it must exit 0.
peak_rss_kb() {
    local out rc=0
    out=$(mktemp "${BENCH_TMP:-${TMPDIR:-/tmp}}/rss.XXXXXX")
    /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$out.err" || rc=$?
    if ((rc != 0)); then
        log "command failed (exit $rc): $*"
        cat "$out.err" "$out" >&2
        rm -f -- "$out" "$out.err"
        return 1
    fi
    awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$out"
    rm -f -- "$out" "$out.err"
}

# peak_rss_median N CMD...
peak_rss_median() {
    local n=$1 i v
    shift
    local vals=()
    for ((i = 0; i < n; i++)); do
        v=$(peak_rss_kb "$@") || return 1
        vals+=("$v")
    done
    median "${vals[@]}"
}

# shquote STR -> 'STR' with embedded single quotes escaped. hyperfine -N
# splits its command strings with shell-like quoting, so this works there.
shquote() {
    local s=${1//\'/\'\\\'\'}
    printf "'%s'" "$s"
}

# Non-numbers (e.g. "inf" from ratio) never pass le/lt.
_BENCH_NUM_RE='^[0-9]*[.]?[0-9]+([eE][-+]?[0-9]+)?$'
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-4}" 'BEGIN { if (b + 0 == 0) { print "inf"; exit } printf "%.*f\n", d, a / b }'; }
le() { awk -v a="$1" -v b="$2" -v re="$_BENCH_NUM_RE" 'BEGIN { exit !(a ~ re && b ~ re && a + 0 <= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" -v re="$_BENCH_NUM_RE" 'BEGIN { exit !(a ~ re && b ~ re && a + 0 < b + 0) }'; }

# build_release_yr: builds the binary users get and prints its path. On x86_64 Linux that is the static release
# artifact (`cargo release-static`, see .cargo/config.toml); elsewhere the host's own `cargo build --release`.
# YR_BUILD=host forces the host build. Which one was built is logged, for BENCHMARKS.md.
# The static build goes through the alias itself, so its flags are written once, in .cargo/config.toml.
build_release_yr() {
    local args=(build --release --locked)
    if [[ "${YR_BUILD:-static}" == static && "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
        args=(release-static)
        log "building the static release artifact: cargo release-static"
    else
        log "building the host release build: cargo build --release --locked"
    fi
    cargo "${args[@]}" --message-format=json-render-diagnostics |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "yr":
        print(m["executable"])'
}
