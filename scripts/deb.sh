#!/usr/bin/env bash
# Builds the Debian package with cargo-deb ([package.metadata.deb] in Cargo.toml) from a build of yr, then installs
# it with `dpkg --root` into a throwaway root and checks each file: /usr/bin/yr runs, the man page and the bash, zsh
# and fish completions are where their tools look and are what the binary generates, the licence is there.
#
#   scripts/deb.sh [BINARY] [OUT_DIR]     # BINARY: default cargo release-static's; OUT_DIR: default target/dist
#
# Needs cargo-deb (`cargo install cargo-deb --locked`) and dpkg. .ci/run runs it on the debug build when cargo-deb is
# installed; the release workflow on the static build. The man page and completions are made by BINARY itself.
set -euo pipefail

die() {
    echo "deb.sh: $*" >&2
    exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/target/x86_64-unknown-linux-gnu/release/yr}
out=${2:-$root/target/dist}
cargo deb --version >/dev/null 2>&1 || die "needs cargo-deb: cargo install cargo-deb --locked"
command -v dpkg >/dev/null || die "needs dpkg (Debian or Ubuntu)"
[[ -x $binary ]] || die "no binary at $binary (build it first: cargo release-static)"
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# cargo-deb takes its assets from the target directory (Cargo.toml's `target/release/...`):
# a target directory of our own holds BINARY and what it generates, so no build of the checkout is touched.
stage=$work/target
mkdir -p "$stage/release/assets"
cp "$binary" "$stage/release/yr"
"$binary" man | gzip -9n >"$stage/release/assets/yr.1.gz"
"$binary" completions bash >"$stage/release/assets/yr.bash"
"$binary" completions zsh >"$stage/release/assets/_yr"
"$binary" completions fish >"$stage/release/assets/yr.fish"
mkdir -p "$out"
deb=$(cd "$root" && CARGO_TARGET_DIR=$stage cargo deb --no-build --no-strip --locked --output "$out" | tail -n 1)
[[ -f $deb ]] || die "cargo deb did not say where it wrote the package (it said: $deb)"

# Installed as dpkg installs it, into an empty root with its own dpkg database.
sysroot=$work/root
mkdir -p "$sysroot/var/lib/dpkg/info" "$sysroot/var/lib/dpkg/updates"
touch "$sysroot/var/lib/dpkg/status"
dpkg --root="$sysroot" --log=/dev/null --force-not-root --force-script-chrootless -i "$deb" >/dev/null

check() {
    [[ -f $sysroot/$1 ]] || die "$(basename "$deb") has no /$1"
}
for file in usr/bin/yr usr/share/man/man1/yr.1.gz usr/share/bash-completion/completions/yr \
    usr/share/zsh/vendor-completions/_yr usr/share/fish/vendor_completions.d/yr.fish usr/share/doc/yr/copyright; do
    check "$file"
done
[[ -x $sysroot/usr/bin/yr ]] || die "/usr/bin/yr is not executable"
"$sysroot/usr/bin/yr" --version >/dev/null || die "/usr/bin/yr does not run"
gzip -dc "$sysroot/usr/share/man/man1/yr.1.gz" | cmp -s - <("$binary" man) || die "the man page is not the binary's"
cmp -s "$sysroot/usr/share/bash-completion/completions/yr" <("$binary" completions bash) || die "bash completion differs"
cmp -s "$sysroot/usr/share/zsh/vendor-completions/_yr" <("$binary" completions zsh) || die "zsh completion differs"
cmp -s "$sysroot/usr/share/fish/vendor_completions.d/yr.fish" <("$binary" completions fish) || die "fish completion differs"
grep -q "Apache License" "$sysroot/usr/share/doc/yr/copyright" || die "the copyright file has no licence"
dpkg --root="$sysroot" -s yr | grep -q '^Status: install ok installed' || die "dpkg does not list yr as installed"
echo "$deb"
