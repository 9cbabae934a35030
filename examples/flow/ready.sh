#!/bin/sh
# `ready`: {"deployment": ID} -> fails (code 4002, "still starting") on the first two checks, then answers
# {"status":"ready","price":{"sku":"tea","amount":3}}. With `teardown = true` in the body it removes the deployment.
set -eu
body=$(cat)
dir=$(printf '%s' "$body" | sed -n 's/.*"deployment" *: *"\([^"]*\)".*/\1/p')
case "$dir" in
"${TMPDIR:-/tmp}"/yr-flow.*) ;;
*) echo "no such deployment: $dir" >&2; exit 1 ;;
esac
[ -d "$dir" ] || { echo "no such deployment: $dir" >&2; exit 1; }
if printf '%s' "$body" | grep -q '"teardown" *: *true'; then
    rm -rf "$dir"
    echo '{"status":"removed"}'
    exit 0
fi
checks=$(($(cat "$dir/checks") + 1))
echo "$checks" > "$dir/checks"
if [ "$checks" -lt 3 ]; then
    echo "still starting (check $checks)" >&2
    exit 1
fi
echo '{"status":"ready","price":{"sku":"tea","amount":3}}'
