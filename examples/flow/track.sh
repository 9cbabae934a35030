#!/bin/sh
# `track`: {"order": ID} -> the order's states as they happen, one JSON line each (placed, paid, shipped,
# delivered). Called with `stream = true`, each line is a frame of the stream.
set -eu
order=$(sed -n 's/.*"order" *: *"\([^"]*\)".*/\1/p')
[ -n "$order" ] || { echo "no order in the body" >&2; exit 1; }
for state in placed paid shipped delivered; do
    printf '{"order":"%s","state":"%s"}\n' "$order" "$state"
done
