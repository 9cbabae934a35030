#!/usr/bin/env bash
# Packs a release build of yr as yr-VERSION-TARGET.tar.gz: the binary, its man page and completion scripts (made by
# the binary itself, so they match it), README.md and LICENSE, under one folder yr-VERSION-TARGET/. Prints the
# tarball's path. The release workflow runs it on each target's own runner, after the build.
#
#   scripts/package.sh TARGET [OUT_DIR]      # OUT_DIR defaults to target/dist
#
# The binary is target/TARGET/release/yr unless YR_BINARY names another (tests pack the debug build). With
# YR_RELEASE_TAG set (the workflow's tag), it must be vVERSION of Cargo.toml, so a tag cannot ship another version.
set -euo pipefail

die() {
    echo "package.sh: $*" >&2
    exit 1
}

(($# >= 1 && $# <= 2)) || die "usage: scripts/package.sh TARGET [OUT_DIR]"
target=$1
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/target/dist}
binary=${YR_BINARY:-$root/target/$target/release/yr}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
[[ -n $version ]] || die "no version in $root/Cargo.toml"
if [[ -n ${YR_RELEASE_TAG:-} && $YR_RELEASE_TAG != "v$version" ]]; then
    die "the tag $YR_RELEASE_TAG is not v$version, the version in Cargo.toml"
fi
[[ -x $binary ]] || die "no binary at $binary (build it first: cargo release-static, or cargo build --release --locked --target $target)"

name=yr-$version-$target
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir=$stage/$name
mkdir -p "$dir/completions"
cp "$binary" "$dir/yr"
chmod 755 "$dir/yr"
"$dir/yr" --version >/dev/null || die "$binary does not run here: pack it on a $target machine"
"$dir/yr" man >"$dir/yr.1"
for shell in bash zsh fish powershell elvish; do
    case $shell in
    bash) file=yr.bash ;;
    zsh) file=_yr ;;
    fish) file=yr.fish ;;
    powershell) file=_yr.ps1 ;;
    elvish) file=yr.elv ;;
    esac
    "$dir/yr" completions "$shell" >"$dir/completions/$file"
done
cp "$root/README.md" "$root/LICENSE" "$dir/"

mkdir -p "$out"
tarball=$(cd "$out" && pwd)/$name.tar.gz
# Owner and group 0, as every file of a release, whoever packed it; names in a fixed order.
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
    tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
else
    tar -C "$stage" --uid 0 --gid 0 -czf "$tarball" "$name"
fi
echo "$tarball"
