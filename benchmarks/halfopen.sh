#!/usr/bin/env bash
# Resident memory of `yr serve` after bursts of half-open connections (issue 18, item 18), on 127.0.0.1 only.
#
#   bash benchmarks/halfopen.sh                  # builds the release yr first
#   YR_BIN=/path/to/yr bash benchmarks/halfopen.sh
#   ROUNDS=10 CONNS=3000 MODE=partial bash benchmarks/halfopen.sh
#
# Starts `yr serve -q --listen 127.0.0.1:0`, then ROUNDS (10) times: opens CONNS (3000) connections at once, each
# sending the first 40 bytes of a request head and nothing more (MODE=partial) or nothing at all (MODE=silent),
# closes them all, waits until the emulator holds no more descriptors than when idle, and reads VmRSS from
# /proc/PID/status. Prints a markdown table (round | VmRSS MiB | threads | descriptors) on stdout; progress on
# stderr. Exits 0 whatever the numbers (a measurement, not a test); 2 when a tool is missing. Installs nothing.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ROUNDS=${ROUNDS:-10}
CONNS=${CONNS:-3000}
MODE=${MODE:-partial}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$ROUNDS: want a positive whole number"
[[ $CONNS =~ ^[1-9][0-9]*$ ]] || die "CONNS=$CONNS: want a positive whole number"
((CONNS <= 20000)) || die "CONNS=$CONNS: at most 20000"
[[ $MODE == partial || $MODE == silent ]] || die "MODE=$MODE: want partial or silent"

need_tool python3 "apt-get install python3"
need_tools_done

if [[ -n "${YR_BIN:-}" ]]; then
    YR=$YR_BIN
else
    YR=$(build_release_yr)
fi
[[ -x $YR ]] || die "no yr binary at $YR"
# 3000 connections need as many descriptors on the client side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log "yr: $YR ($("$YR" --version)); $ROUNDS rounds of $CONNS connections, mode $MODE"
echo "| round | VmRSS MiB | threads | descriptors |"
echo "|---|---|---|---|"
python3 - "$YR" "$ROUNDS" "$CONNS" "$MODE" <<'PY'
import os, re, socket, subprocess, sys, time

yr, rounds, conns, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
serve = subprocess.Popen([yr, "serve", "-q", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stdin=subprocess.DEVNULL)
try:
    url = serve.stdout.readline().decode().split()[-1]
    host, port = url[len("http://"):].rsplit(":", 1)

    def status():
        text = open(f"/proc/{serve.pid}/status").read()
        field = lambda name: int(re.search(rf"{name}:\s+(\d+)", text).group(1))
        return field("VmRSS") // 1024, field("Threads"), len(os.listdir(f"/proc/{serve.pid}/fd"))

    head = (b"POST /serverless/v1/functions/sn:cn:yrk:default:function:0@default@echo:latest/invocations "
            b"HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
    idle = status()
    print(f"| idle | {idle[0]} | {idle[1]} | {idle[2]} |", flush=True)
    for n in range(rounds):
        held = []
        for _ in range(conns):
            s = socket.create_connection((host, int(port)))
            if mode == "partial":
                s.sendall(head[:40])
            held.append(s)
        for s in held:
            s.close()
        deadline = time.monotonic() + 60
        while status()[2] > idle[2] and time.monotonic() < deadline:
            time.sleep(0.05)
        rss, threads, fds = status()
        print(f"| {n + 1} | {rss} | {threads} | {fds} |", flush=True)
finally:
    serve.terminate()
    serve.wait()
PY
echo
echo "$(date -u +%Y-%m-%d) · ROUNDS=$ROUNDS CONNS=$CONNS MODE=$MODE bash benchmarks/halfopen.sh · $(nproc) cores"
