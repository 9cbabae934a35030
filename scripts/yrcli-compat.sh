#!/usr/bin/env bash
# yrcli-compat.sh: run the upstream Python CLI (`yrcli`, PyPI package openyuanrong-sdk) against
# `yr serve` and compare what happens with the frontend's written description ("frontend.md", the notes
# this project was built from; see docs/yrcli-compat.md).
#
# It is not part of `cargo test`: it needs PyPI. It
#   1. checks for python3 with venv and pip,
#   2. installs openyuanrong-sdk into a throwaway venv (or reuses $YRCLI_VENV),
#   3. builds yr (or takes $YR_BIN),
#   4. makes a private CA, a server and a client certificate with openssl (TLS cases are
#      skipped with a message when openssl is missing),
#   5. starts four emulators on 127.0.0.1 (plain; --token-file; --tls-cert/--tls-key;
#      the same with --client-ca),
#   6. runs scripts/yrcli_compat.py: a logging proxy between yrcli and the plain emulators,
#      one yrcli command per case (invoke, async, list, query, token-require, token-abandon),
#      a PASS or DIFF line per case, then `N passed, N failed`.
#
# Exit status: 0 when the comparison ran, whatever it found: a DIFF is a finding about yrcli,
# the emulator or the spec, not a failure of this script. Non-zero only when the setup
# failed (no python3/venv, pip install, build, an emulator that does not start).
#
# Environment:
#   YRCLI_VERSION   openyuanrong-sdk version to install (default 0.9.10; if that one cannot
#                   be installed and YRCLI_VERSION was not set, the newest is used, with a note)
#   YRCLI_VENV      reuse (or create) this venv instead of a temporary one
#   YR_BIN          the yr binary to test; default: built with cargo in this repository
#   YRCLI_COMPAT_OUT  where results.json and results.md go
#                   (default: ${TMPDIR:-/tmp}/yrcli-compat-results/last, replaced each run)
#   YRCLI_COMPAT_ONLY run only the cases whose name contains this
#
# All traffic stays on 127.0.0.1 (pip aside). Everything started here is stopped on exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
default_version=0.9.10
version=${YRCLI_VERSION:-$default_version}

say() { printf 'yrcli-compat: %s\n' "$*" >&2; }
die() { say "setup failed: $*"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/yrcli-compat.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. python3, venv, pip
command -v python3 >/dev/null ||
  die "python3 not found; install it (Debian/Ubuntu: apt-get install python3 python3-venv)"
python3 -c 'import venv, ensurepip' 2>/dev/null ||
  die "python3 has no venv/ensurepip; install it (Debian/Ubuntu: apt-get install python3-venv)"

# --- 2. yrcli in a venv
venv=${YRCLI_VENV:-$work/venv}
if [[ ! -x $venv/bin/python ]]; then
  say "creating venv $venv"
  python3 -m venv "$venv" || die "python3 -m venv $venv failed (apt-get install python3-venv?)"
fi
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("openyuanrong-sdk"))' \
  2>/dev/null || true)
if [[ $installed != "$version" ]]; then
  say "installing openyuanrong-sdk==$version"
  if ! "$venv/bin/pip" install --disable-pip-version-check -q "openyuanrong-sdk==$version" >&2; then
    [[ -z ${YRCLI_VERSION:-} ]] || die "pip could not install openyuanrong-sdk==$version"
    say "NOTE: openyuanrong-sdk==$version is not installable here; using the newest instead"
    "$venv/bin/pip" install --disable-pip-version-check -q --upgrade openyuanrong-sdk >&2 ||
      die "pip could not install openyuanrong-sdk"
  fi
fi
yrcli=$venv/bin/yrcli
[[ -x $yrcli ]] || die "$yrcli missing after install"
yrcli_version=$("$yrcli" --version 2>/dev/null | sed -n 's/.*version //p')
[[ -n $yrcli_version ]] || die "$yrcli --version printed nothing"
say "yrcli $yrcli_version from $venv"

# --- 3. yr
if [[ -n ${YR_BIN:-} ]]; then
  yr=$YR_BIN
else
  command -v cargo >/dev/null || die "cargo not found; set YR_BIN to a built yr"
  say "building yr (cargo build)"
  # The binary's path depends on whether .cargo/config.toml pins a target: ask cargo.
  yr=$(cd "$repo" && cargo build --message-format=json 2>"$work/cargo.err" | python3 -c '
import json, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") \
            and m["target"]["name"] == "yr" and "bin" in m["target"]["kind"]:
        print(m["executable"])') || { cat "$work/cargo.err" >&2; die "cargo build failed"; }
fi
[[ -x $yr ]] || die "yr binary not found (${yr:-nothing}); set YR_BIN"
yr_commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
  yr_commit="$yr_commit+dirty"
fi
say "yr $yr ($yr_commit)"

# --- 4. certificates
tls_ok=0
if command -v openssl >/dev/null; then
  c=$work/certs
  mkdir -p "$c"
  if (
    set -e
    cd "$c"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -keyout ca.key -out ca.pem -subj /CN=yrcli-compat-ca \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
    for who in server client; do
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$who.key" -out "$who.csr" -subj "/CN=yrcli-compat-$who"
      {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature"
        echo "subjectKeyIdentifier=hash"
        echo "authorityKeyIdentifier=keyid"
        if [[ $who == server ]]; then
          echo "extendedKeyUsage=serverAuth"
          echo "subjectAltName=IP:127.0.0.1,DNS:localhost"
        else
          echo "extendedKeyUsage=clientAuth"
        fi
      } >"$who.ext"
      openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -out "$who.pem" -extfile "$who.ext"
    done
  ) >"$work/openssl.log" 2>&1; then
    tls_ok=1
  else
    say "openssl could not make the test certificates (see below); TLS cases skipped"
    cat "$work/openssl.log" >&2
  fi
else
  say "openssl not found: TLS cases (https switch, mutual TLS) are skipped (apt-get install openssl)"
fi

# --- 5. emulators
# The --token-file emulator's token is an operator's, as upstream's token proxy wants one for
# `token-require` (token_proxy_handler.go validateOperatorToken: a JWT of tenant 0, role developer).
token=$(python3 -c '
import base64, json, random, sys
enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).rstrip(b"=").decode()
print(enc({"alg": "HS256", "typ": "JWT"}) + "." + enc({"sub": "0", "role": "developer", "exp": 9876543210})
      + ".compat" + str(random.randrange(10**12)))')
printf '%s\n' "$token" >"$work/token"
mkdir -p "$work/yr-config"

# start NAME ARGS...: start `yr serve` on a free port, wait for its `listening on` line,
# set addr_NAME to host:port.
start() {
  local name=$1
  shift
  local out=$work/serve-$name.out
  : >"$out"
  YR_CONFIG_DIR=$work/yr-config YR_SESSIONS_DIR=$work/sessions env -u YR_PROFILE \
    "$yr" serve --listen 127.0.0.1:0 --color never "$@" >"$out" 2>"$work/serve-$name.err" &
  pids+=($!)
  local i line
  for ((i = 0; i < 150; i++)); do
    line=$(sed -n 's#^listening on https\{0,1\}://##p' "$out" 2>/dev/null | head -n1 || true)
    if [[ -n $line ]]; then
      printf -v "addr_$name" '%s' "$line"
      say "emulator $name on $(head -n1 "$out" | sed 's/^listening on //')"
      return 0
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/serve-$name.err" >&2
  die "yr serve ($name) did not print its listening line"
}

functions=(
  --function 'compat@fail=echo "boom from compat@fail" >&2; exit 3'
  --function 'compat@slow=sleep 3; echo "\"late\""'
  --max-body-size 16K
)
start plain "${functions[@]}"
start auth "${functions[@]}" --token-file "$work/token"
tls_args=()
if ((tls_ok)); then
  start tls "${functions[@]}" --tls-cert "$work/certs/server.pem" --tls-key "$work/certs/server.key"
  start mtls "${functions[@]}" --tls-cert "$work/certs/server.pem" --tls-key "$work/certs/server.key" \
    --client-ca "$work/certs/ca.pem"
  tls_args=(--tls "$addr_tls" --mtls "$addr_mtls" --ca "$work/certs/ca.pem"
    --client-cert "$work/certs/client.pem" --client-key "$work/certs/client.key")
fi

# --- 6. the cases
out=${YRCLI_COMPAT_OUT:-${TMPDIR:-/tmp}/yrcli-compat-results/last}
if [[ -z ${YRCLI_COMPAT_OUT:-} ]]; then
  rm -rf "$out"
fi
mkdir -p "$out"
say "results go to $out"
meta=$(python3 -c 'import json,sys; print(json.dumps({"yrcli": sys.argv[1], "yr": sys.argv[2],
  "python": sys.argv[3]}))' "openyuanrong-sdk $yrcli_version" "$yr_commit" \
  "$("$venv/bin/python" -c 'import platform; print(platform.python_version())')")
only=()
[[ -z ${YRCLI_COMPAT_ONLY:-} ]] || only=(--only "$YRCLI_COMPAT_ONLY")
set +e
python3 "$here/yrcli_compat.py" --yrcli "$yrcli" --yr "$yr" --plain "$addr_plain" \
  --auth "$addr_auth" --token "$token" "${tls_args[@]}" --out "$out" --meta "$meta" "${only[@]}"
status=$?
set -e
((status == 0)) || die "the case runner failed (exit $status)"
exit 0
