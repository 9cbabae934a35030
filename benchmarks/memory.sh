#!/usr/bin/env bash
# Peak memory of yr on big bodies (issue 7, points 2 and 7), on 127.0.0.1 only.
#
#   bash benchmarks/memory.sh                  # builds the release yr first
#   YR_BIN=/path/to/yr bash benchmarks/memory.sh
#
# A local nginx answers POST .../functions/<urn of `big`>/invocations with a
# 1 GiB body (a sparse file made by `truncate -s 1G`: no disk used) and POST
# .../<urn of `upload`>/invocations with a small JSON file, whatever the
# request body (up to any size). nginx refuses POST on a static file with 405,
# so `error_page 405 =200 $uri` turns that into the file as for a GET (nginx
# reads and discards the request body first).
#
# Cases, each a peak resident set size:
#   a   yr invoke big -e URL > /dev/null          1 GiB answer   target < 32 MB
#   a2  the same piped: yr invoke ... | wc -c      1 GiB answer   target < 32 MB
#   b   yr invoke big -e URL -o FILE               1 GiB answer   target < 32 MB
#   c   yr serve during 20 concurrent 100 MB uploads to the built-in echo
#       (curl -T, Content-Length)                  4140 answers   target < 100 MB
#   c2  the same with chunked uploads (no Content-Length), so the emulator
#       only learns the size by reading                            target < 100 MB
#   d   yr invoke upload -e URL -d @100MB-file     small answer   target < 32 MB
# a, a2, b and d: GNU /usr/bin/time -v "Maximum resident set size" of one run
# (a2 measures bash, yr and wc: the largest of them). c and c2: VmHWM of the
# yr serve process (its peak since start; a fresh yr serve for each).
# MB here is 10^6 bytes: 32 MB = 31,250 KiB, 100 MB = 97,656 KiB.
#
# Prints a markdown table on stdout (case | peak RSS | target | pass/fail, then
# the date and the commands); progress goes to stderr. Exits 0 whatever the
# results (it is a measurement, not a test); exits 2 when a tool is missing.
# Installs nothing. Needs about 1.1 GB free in the temp dir for b (the -o file,
# deleted right after) and 100 MB for the upload file.
#
# Knobs (environment): YR_BIN, UPLOADS (20), BENCH_KEEP_TMP=1 to keep the temp
# dir (nginx logs, yr serve's stderr, curl answers; the big files are deleted).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

UPLOADS=${UPLOADS:-20}
[[ $UPLOADS =~ ^[1-9][0-9]*$ ]] || die "UPLOADS=$UPLOADS: want a positive whole number"
((UPLOADS <= 200)) || die "UPLOADS=$UPLOADS: at most 200"

BIG_SIZE=1073741824       # 1 GiB answer
UPLOAD_SIZE=$((100 << 20)) # 100 MiB request body
CLIENT_TARGET_KIB=31250    # 32 MB
SERVE_TARGET_KIB=97656     # 100 MB
FN_PREFIX='sn:cn:yrk:default:function:0@default@'

RUN_CMD="bash benchmarks/memory.sh"
[[ -n "${YR_BIN:-}" ]] && RUN_CMD="YR_BIN=$(shquote "$YR_BIN") $RUN_CMD"
if printenv UPLOADS >/dev/null; then RUN_CMD="UPLOADS=$UPLOADS $RUN_CMD"; fi

# ---------------------------------------------------------------- 1. tools
need_tool nginx "apt-get install nginx-light   (or: apt-get install nginx)"
need_tool /usr/bin/time "apt-get install time   (GNU time; the shell keyword 'time' is not enough)"
need_tool curl "apt-get install curl"
need_tool truncate "apt-get install coreutils"
if [[ -z "${YR_BIN:-}" ]]; then
    need_tool cargo "the Rust toolchain via rustup (https://rustup.rs), or set YR_BIN=/path/to/yr"
    need_tool python3 "apt-get install python3   (used to find the built binary; or set YR_BIN=/path/to/yr)"
fi
need_tools_done
[[ -r /proc/self/status ]] || die "/proc is needed to read yr serve's peak RSS (Linux only)"

# ---------------------------------------------------------------- 2. binary
if [[ -n "${YR_BIN:-}" ]]; then
    [[ -f $YR_BIN && -x $YR_BIN ]] || die "YR_BIN=$YR_BIN is not an executable file"
    YR=$(cd "$(dirname "$YR_BIN")" && pwd)/$(basename "$YR_BIN")
else
    YR=$(build_release_yr) || die "the release build failed (see above); or set YR_BIN=/path/to/yr"
    [[ -n $YR && -x $YR ]] || die "build_release_yr did not name a yr binary"
fi
YR_VERSION=$("$YR" --version 2>/dev/null || echo 'yr (version unknown)')
log "yr binary: $YR ($YR_VERSION)"
NGINX_VERSION=$("$(tool_path nginx)" -v 2>&1 | sed 's/^nginx version: //')

# ---------------------------------------------------------------- 3. files
bench_tmpdir
WWW=$BENCH_TMP/www
BIG_DIR=$WWW/serverless/v1/functions/${FN_PREFIX}big:latest
UPLOAD_DIR=$WWW/serverless/v1/functions/${FN_PREFIX}upload:latest
mkdir -p "$BIG_DIR" "$UPLOAD_DIR" "$BENCH_TMP/home"
# Run as root, nginx's worker is `nobody`: it must be able to walk into the (mktemp 0700) temp dir.
chmod 755 "$BENCH_TMP"
chmod -R a+rX "$WWW"
truncate -s 1G "$BIG_DIR/invocations"
printf '{"received":true}' >"$UPLOAD_DIR/invocations"
chmod a+r "$BIG_DIR/invocations" "$UPLOAD_DIR/invocations"
# The upload body: 100 MiB of valid JSON, {"pad":"aaa..."}, for yr's streaming JSON check.
UPLOAD_FILE=$BENCH_TMP/upload.json
{
    printf '{"pad":"'
    head -c $((UPLOAD_SIZE - 10)) /dev/zero | tr '\0' a
    printf '"}'
} >"$UPLOAD_FILE"
[[ $(stat -c %s "$UPLOAD_FILE") == "$UPLOAD_SIZE" ]] || die "could not write the $UPLOAD_SIZE-byte upload file"
OUT_FILE=$BENCH_TMP/answer.out
# shellcheck disable=SC2016  # expanded at exit, on purpose
on_exit 'rm -f -- "$BIG_DIR/invocations" "$UPLOAD_FILE" "$OUT_FILE"'

# ---------------------------------------------------------------- 4. nginx
start_nginx_static "        root $WWW;
        client_max_body_size 0;
        location /serverless/v1/functions/ {
            default_type application/json;
            error_page 405 =200 \$uri;
        }"
ENDPOINT="http://127.0.0.1:$NGINX_PORT"
BIG_URL="$ENDPOINT/serverless/v1/functions/${FN_PREFIX}big:latest/invocations"
UPLOAD_URL="$ENDPOINT/serverless/v1/functions/${FN_PREFIX}upload:latest/invocations"

# Sanity: nginx must answer the POST with 200 and the whole 1 GiB, announced up front.
HEAD=$(curl -sS -m 60 -o /dev/null -D - -X POST -H 'Content-Type: application/json' -d '{}' "$BIG_URL" | tr -d '\r') ||
    die "curl could not POST to $BIG_URL"
STATUS=$(awk 'NR == 1 { print $2 }' <<<"$HEAD")
LENGTH=$(awk -F': ' 'tolower($1) == "content-length" { print $2 }' <<<"$HEAD")
[[ $STATUS == 200 && $LENGTH == "$BIG_SIZE" ]] ||
    die "nginx answered POST $BIG_URL with status ${STATUS:-none}, Content-Length ${LENGTH:-none}; want 200 and $BIG_SIZE"
log "ok: POST $BIG_URL -> 200, Content-Length $LENGTH"
SMALL=$(curl -sS -m 60 -X POST -H 'Content-Type: application/json' -H 'Expect:' -T "$UPLOAD_FILE" "$UPLOAD_URL") ||
    die "curl could not POST 100 MiB to $UPLOAD_URL"
[[ $SMALL == '{"received":true}' ]] || die "nginx answered the 100 MiB POST with ${SMALL:0:200}"
log "ok: POST 100 MiB to $UPLOAD_URL -> $SMALL"

# ---------------------------------------------------------------- 5. helpers
# argv array -> one string with shell quoting (for the report)
cmdline() {
    local out='' a
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then out+="$a "; else out+="$(shquote "$a") "; fi
    done
    printf '%s' "${out% }"
}

# yr runs with a clean environment: no YR_* variables, no config file, no proxy.
YR_ENV=(env -i "PATH=$PATH" "HOME=$BENCH_TMP/home" "YR_CONFIG_DIR=$BENCH_TMP/home/yr")

# measure NAME CMD...: one run under /usr/bin/time -v, stdout to $MEASURE_OUT
# (/dev/null unless set). Sets RSS_KIB (empty if unknown), RUN_RC and RUN_ERR
# (the last stderr line that is not a warning).
measure() {
    local name=$1 out
    shift
    out=$BENCH_TMP/$name.time
    RUN_RC=0
    log ""
    log "== $name: $(cmdline "$@")"
    /usr/bin/time -v -o "$out" "$@" >"${MEASURE_OUT:-/dev/null}" 2>"$BENCH_TMP/$name.err" || RUN_RC=$?
    RSS_KIB=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$out" 2>/dev/null || true)
    RUN_ERR=$(grep -v '^yr: warning:' "$BENCH_TMP/$name.err" | tail -n 1 || true)
    log "exit $RUN_RC, peak RSS ${RSS_KIB:-?} KiB, wall $(awk -F': ' '/Elapsed/ { print $2 }' "$out" 2>/dev/null || echo '?')"
    sed 's/^/  stderr: /' "$BENCH_TMP/$name.err" | head -n 5 >&2
}

SERVE_PID=
stop_serve() {
    local pid=$SERVE_PID
    SERVE_PID=
    stop_pid "$pid"
}
on_exit stop_serve

# serve_uploads NAME CURL_EXTRA...: a fresh yr serve, UPLOADS concurrent
# uploads of the 100 MiB file to echo; sets RSS_KIB (VmHWM), RUN_RC (0 when
# every upload got 500 with code 4140) and RUN_ERR.
serve_uploads() {
    local name=$1 i line endpoint='' url code bad=0 idle
    shift
    local extra=("$@")
    log ""
    log "== $name: yr serve, $UPLOADS concurrent 100 MiB uploads: $(cmdline curl "${extra[@]}" -T upload.json URL)"
    "$YR" serve --listen 127.0.0.1:0 </dev/null >"$BENCH_TMP/$name.serve.out" 2>"$BENCH_TMP/$name.serve.err" &
    SERVE_PID=$!
    for ((i = 0; i < 200; i++)); do
        kill -0 "$SERVE_PID" 2>/dev/null || die "yr serve exited early: $(cat "$BENCH_TMP/$name.serve.err")"
        line=$(head -n 1 "$BENCH_TMP/$name.serve.out" 2>/dev/null || true)
        if [[ $line =~ ^listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
            endpoint=${BASH_REMATCH[1]}
            break
        fi
        sleep 0.05
    done
    [[ -n $endpoint ]] || die "yr serve printed no 'listening on' line in 10 s"
    url="$endpoint/serverless/v1/functions/${FN_PREFIX}echo:latest/invocations"
    idle=$(proc_status_kb "$SERVE_PID" VmRSS) || die "cannot read /proc/$SERVE_PID/status"
    local pids=()
    for ((i = 0; i < UPLOADS; i++)); do
        curl -sS -m 300 -o "$BENCH_TMP/$name.$i.body" -w '%{http_code}' -X POST \
            -H 'Content-Type: application/json' "${extra[@]}" -T "$UPLOAD_FILE" "$url" \
            >"$BENCH_TMP/$name.$i.code" 2>"$BENCH_TMP/$name.$i.err" &
        pids+=("$!")
    done
    for i in "${!pids[@]}"; do
        wait "${pids[i]}" || true
        code=$(cat "$BENCH_TMP/$name.$i.code" 2>/dev/null || true)
        if [[ $code != 500 ]] || ! grep -q '"code":4140' "$BENCH_TMP/$name.$i.body" 2>/dev/null; then
            bad=$((bad + 1))
            RUN_ERR="upload $i: HTTP ${code:-none} $(head -c 200 "$BENCH_TMP/$name.$i.body" 2>/dev/null) $(cat "$BENCH_TMP/$name.$i.err")"
        fi
    done
    kill -0 "$SERVE_PID" 2>/dev/null || die "yr serve died during $name: $(cat "$BENCH_TMP/$name.serve.err")"
    RSS_KIB=$(proc_status_kb "$SERVE_PID" VmHWM) || die "cannot read /proc/$SERVE_PID/status"
    stop_serve
    RUN_RC=$bad
    ((bad > 0)) || RUN_ERR=
    log "$((UPLOADS - bad)) of $UPLOADS uploads answered 500 with code 4140; peak RSS (VmHWM) $RSS_KIB KiB, idle before $idle KiB"
    [[ -z $RUN_ERR ]] || log "  e.g. $RUN_ERR"
}

ROWS=()
COMMANDS=()
# row CASE TARGET_KIB TARGET_TEXT: one table line from RSS_KIB, RUN_RC and RUN_ERR.
row() {
    local case=$1 target=$2 target_text=$3 shown verdict
    if [[ -n ${RSS_KIB:-} ]]; then
        shown=$(awk -v k="$RSS_KIB" 'BEGIN { printf "%.1f MB (%d KiB)", k * 1024 / 1e6, k }')
    else
        shown="?"
    fi
    if [[ -n ${RSS_KIB:-} ]] && ((RUN_RC == 0)) && ((RSS_KIB < target)); then
        verdict=PASS
    elif ((RUN_RC != 0)); then
        verdict="**FAIL** (exit $RUN_RC: ${RUN_ERR:0:160})"
    else
        verdict='**FAIL**'
    fi
    ROWS+=("| $case | $shown | $target_text | ${verdict//|/\\|} |")
}

# ---------------------------------------------------------------- 6. cases
INVOKE_BIG=("$YR" invoke big -e "$ENDPOINT" --ignore-stdin --no-proxy --timeout 300s)
INVOKE_UPLOAD=("$YR" invoke upload -e "$ENDPOINT" --ignore-stdin --no-proxy --timeout 300s -d "@$UPLOAD_FILE")

measure a "${YR_ENV[@]}" "${INVOKE_BIG[@]}"
row "(a) \`yr invoke big -e URL > /dev/null\`, 1 GiB answer" $CLIENT_TARGET_KIB "< 32 MB"
COMMANDS+=("$(cmdline "${INVOKE_BIG[@]}") > /dev/null")

# The pipe: yr writes into wc, which counts the bytes (checked to be the whole answer).
# shellcheck disable=SC2016  # $0.. are bash -c's arguments
PIPED=(bash -c 'set -o pipefail; "$@" | wc -c > "$0"' "$BENCH_TMP/a2.count" "${YR_ENV[@]}" "${INVOKE_BIG[@]}")
measure a2 "${PIPED[@]}"
COUNT=$(tr -d ' ' <"$BENCH_TMP/a2.count" 2>/dev/null || true)
if ((RUN_RC == 0)) && [[ $COUNT != "$BIG_SIZE" ]]; then
    RUN_RC=1 RUN_ERR="the pipe got ${COUNT:-no} bytes, not $BIG_SIZE"
fi
row "(a2) \`yr invoke big -e URL \\| wc -c\`, 1 GiB answer" $CLIENT_TARGET_KIB "< 32 MB"
COMMANDS+=("$(cmdline "${INVOKE_BIG[@]}") | wc -c")

measure b "${YR_ENV[@]}" "${INVOKE_BIG[@]}" -o "$OUT_FILE"
SIZE=$(stat -c %s "$OUT_FILE" 2>/dev/null || echo 0)
if ((RUN_RC == 0)) && [[ $SIZE != "$BIG_SIZE" ]]; then
    RUN_RC=1 RUN_ERR="the -o file has $SIZE bytes, not $BIG_SIZE"
fi
rm -f -- "$OUT_FILE"
row "(b) \`yr invoke big -e URL -o FILE\`, 1 GiB answer" $CLIENT_TARGET_KIB "< 32 MB"
COMMANDS+=("$(cmdline "${INVOKE_BIG[@]}" -o "$OUT_FILE")")

serve_uploads c -H 'Expect:'
row "(c) \`yr serve\` during $UPLOADS concurrent 100 MiB uploads to echo (Content-Length)" $SERVE_TARGET_KIB "< 100 MB"
serve_uploads c2 -H 'Expect:' -H 'Transfer-Encoding: chunked'
row "(c2) the same, chunked uploads" $SERVE_TARGET_KIB "< 100 MB"
COMMANDS+=("$(cmdline "$YR" serve --listen 127.0.0.1:0)")
COMMANDS+=("$UPLOADS x $(cmdline curl -sS -X POST -H 'Content-Type: application/json' -H 'Expect:' -T "$UPLOAD_FILE" 'http://127.0.0.1:PORT/serverless/v1/functions/'"${FN_PREFIX}"'echo:latest/invocations')   (c2 adds -H 'Transfer-Encoding: chunked')")

MEASURE_OUT=$BENCH_TMP/d.out measure d "${YR_ENV[@]}" "${INVOKE_UPLOAD[@]}"
if ((RUN_RC == 0)) && ! grep -q received "$BENCH_TMP/d.out"; then
    RUN_RC=1 RUN_ERR="yr printed $(head -c 200 "$BENCH_TMP/d.out"), not nginx's {\"received\":true}"
fi
row "(d) \`yr invoke upload -e URL -d @FILE\`, 100 MiB body" $CLIENT_TARGET_KIB "< 32 MB"
COMMANDS+=("$(cmdline "${INVOKE_UPLOAD[@]}") > /dev/null")

stop_nginx

# ---------------------------------------------------------------- 7. report
FAILS=0
for r in "${ROWS[@]}"; do
    [[ $r == *'| PASS |' ]] || FAILS=$((FAILS + 1))
done

cat <<EOF

## yr memory benchmark

| case | peak RSS | target | pass/fail |
|---|---:|---|---|
$(printf '%s\n' "${ROWS[@]}")

$(date -u '+%F %H:%M UTC') · nproc $(nproc) · \`$RUN_CMD\` · $YR_VERSION · $NGINX_VERSION on 127.0.0.1:$NGINX_PORT serving a sparse 1 GiB file for POST (\`error_page 405 =200 \$uri\`) · peak RSS: GNU time's "Maximum resident set size" for yr invoke (a2: the largest of bash, yr and wc), VmHWM of the yr serve process for c and c2 · MB = 10^6 bytes · yr runs with a clean environment (\`env -i PATH HOME YR_CONFIG_DIR\`)

Commands (TMP is the temp dir; yr's own path shown as \`yr\`):

\`\`\`
$(printf '%s\n' "${COMMANDS[@]}" | sed -e "s|$BENCH_TMP|TMP|g" -e "s|$YR |yr |g")
\`\`\`

EOF
if ((FAILS > 0)); then
    echo "**FAIL**: $FAILS of ${#ROWS[@]} targets missed (reported, not enforced: exit 0)."
else
    echo "PASS: all ${#ROWS[@]} targets met."
fi
exit 0
