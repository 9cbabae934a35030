#!/usr/bin/env bash
# Writes DIR/SHA256SUMS for every yr-*.tar.gz in DIR, in the format `sha256sum -c` reads; prints it too.
#
#   scripts/checksums.sh DIR
set -euo pipefail
(($# == 1)) || {
    echo "usage: scripts/checksums.sh DIR" >&2
    exit 1
}
cd "$1"
shopt -s nullglob
files=(yr-*.tar.gz yr_*.deb)
((${#files[@]} > 0)) || {
    echo "checksums.sh: no yr-*.tar.gz in $1" >&2
    exit 1
}
if command -v sha256sum >/dev/null; then
    sha256sum "${files[@]}" >SHA256SUMS
else
    shasum -a 256 "${files[@]}" >SHA256SUMS
fi
cat SHA256SUMS
