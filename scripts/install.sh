#!/bin/sh
# Installs a release of yr, checked by its SHA-256 before anything is unpacked: the GitHub Action (action.yml) and
# the GitLab template (ci/gitlab/yr-test.gitlab-ci.yml) run it, and so can a person.
#
#   scripts/install.sh --version 0.1.0 [--sha256 HASH] [--dir DIR] [--target TARGET] [--base-url URL]
#
# It fetches yr-VERSION-TARGET.tar.gz from URL (default: the GitHub release vVERSION) and checks it against HASH
# when given (pin it in the workflow: nothing the server sends can change it), else against the release's
# SHA256SUMS. A mismatch, a missing checksum or a failed download stops it with exit 1 before anything is installed.
# URL (also YR_BASE_URL, for a mirror) may be https://, file:// or a local folder. The binary goes to DIR (default ~/.local/bin); under GitHub
# Actions DIR is added to the job's PATH. TARGET defaults to this machine's (Linux or macOS, x86_64 or arm64).
set -eu

repo=${YR_REPOSITORY:-openyuanrong/yr}
version=
sha256=
dir=${HOME:-.}/.local/bin
target=
base_url=${YR_BASE_URL:-}

die() {
    echo "yr install: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || die "$1 needs a value"
    case $1 in
    --version) version=${2#v} ;;
    --sha256) sha256=$2 ;;
    --dir) dir=$2 ;;
    --target) target=$2 ;;
    --base-url) base_url=$2 ;;
    *) die "unknown option $1 (see the comment at the top of scripts/install.sh)" ;;
    esac
    shift 2
done
[ -n "$version" ] || die "--version is required (a release such as 0.1.0; see the releases of $repo)"

if [ -z "$target" ]; then
    case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
    Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
    Darwin-x86_64) target=x86_64-apple-darwin ;;
    Darwin-arm64 | Darwin-aarch64) target=aarch64-apple-darwin ;;
    *) die "no release for $(uname -s) $(uname -m): build from source with cargo install yr" ;;
    esac
fi
[ -n "$base_url" ] || base_url=https://github.com/$repo/releases/download/v$version
case $base_url in
/*) base_url=file://$base_url ;;
esac
name=yr-$version-$target
tarball=$name.tar.gz

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {
    curl --proto '=https,file,http' -fsSL --retry 3 -o "$work/$1" "$base_url/$1" ||
        die "could not download $base_url/$1"
}

digest() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    else
        shasum -a 256 "$1" | cut -d ' ' -f 1
    fi
}

fetch "$tarball"
if [ -n "$sha256" ]; then
    expected=$sha256
    from="--sha256"
else
    fetch SHA256SUMS
    expected=$(awk -v f="$tarball" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")
    [ -n "$expected" ] || die "SHA256SUMS of $base_url lists no $tarball"
    from="SHA256SUMS"
fi
actual=$(digest "$work/$tarball")
expected=$(printf '%s' "$expected" | tr 'A-F' 'a-f')
if [ "$actual" != "$expected" ]; then
    die "checksum mismatch for $tarball: expected $expected ($from), got $actual; nothing was installed"
fi

tar -xzf "$work/$tarball" -C "$work"
[ -x "$work/$name/yr" ] || die "$tarball holds no $name/yr"
mkdir -p "$dir"
cp "$work/$name/yr" "$dir/yr.new"
chmod 755 "$dir/yr.new"
mv -f "$dir/yr.new" "$dir/yr"
if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$dir" >>"$GITHUB_PATH"
fi
echo "yr install: $("$dir/yr" --version) in $dir ($tarball, sha256 $actual)"
