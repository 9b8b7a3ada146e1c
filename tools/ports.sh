#!/bin/sh
# ports.sh: fetches and unpacks the Debian source package of one port.
#
#   tools/ports.sh NAME OUTDIR
#   PORTS_MIRROR=URI tools/ports.sh NAME OUTDIR   (another Debian mirror)
#
# Reads apps/ports/NAME/recipe (package=, version=), downloads exactly that
# version with `apt-get source --download-only` into OUTDIR/NAME/, and
# unpacks it with dpkg-source (which applies Debian's patches) into
# OUTDIR/NAME/src. Nothing of the machine's apt configuration is used or
# changed beyond reading the mirror's address: apt runs on a private state
# directory (OUTDIR/apt) holding one deb-src entry for bookworm main,
# signed by Debian's archive keyring. apt checks the .dsc and the tarballs
# against the signed Sources index; dpkg-source checks the tarballs against
# the .dsc again as it unpacks.
#
# Exit status: 0 when OUTDIR/NAME/src holds the sources; 3 when they cannot
# be had (no network, no such version): then OUTDIR/NAME/unavailable says
# why in one line, which ports.mk prints and the port tests skip with.
# Any other status is a bug here.
set -u

name=${1:?usage: tools/ports.sh NAME OUTDIR}
out=${2:?usage: tools/ports.sh NAME OUTDIR}
case "$out" in /*) ;; *) out=$(pwd)/$out ;; esac  # apt reads relative paths under /etc/apt
recipe=apps/ports/$name/recipe
[ -r "$recipe" ] || { echo "ports.sh: no recipe $recipe" >&2; exit 2; }
package=$(sed -n 's/^package=//p' "$recipe")
version=$(sed -n 's/^version=//p' "$recipe")
# data=PACKAGE=VERSION: a binary package (architecture all) whose files the
# port needs at run time (DOOM's IWAD), unpacked into OUTDIR/NAME/data.
data=$(sed -n 's/^data=//p' "$recipe")
[ -n "$package" ] && [ -n "$version" ] ||
    { echo "ports.sh: $recipe needs package= and version= lines" >&2; exit 2; }

dir=$out/$name
src=$dir/src
stamp=$dir/unpacked
# Unpacked already, and of this version: nothing to do.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$package $version${data:+ $data}" ] && [ -d "$src" ]; then
    exit 0
fi

unavailable() {
    mkdir -p "$dir"
    echo "$*" > "$dir/unavailable"
    echo "  PORT   $name: unavailable: $*" >&2
    exit 3
}

# The mirror the machine installs from: the first http(s) URI of a
# Debian source in deb822 form, else in a sources.list line.
# PORTS_MIRROR overrides it (the tests use it to stand for no network).
mirror=${PORTS_MIRROR:-}
[ -n "$mirror" ] || for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    mirror=$(sed -n 's/^URIs:[[:space:]]*\(https\{0,1\}:[^[:space:]]*debian\)\/\{0,1\}\([[:space:]].*\)\{0,1\}$/\1/p' "$f" | head -n 1)
    [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
    mirror=$(sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\(https\{0,1\}:[^[:space:]]*debian\)\/\{0,1\}[[:space:]].*/\2/p' \
        /etc/apt/sources.list | head -n 1)
fi
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || unavailable "no Debian archive keyring at $keyring (package debian-archive-keyring)"
command -v dpkg-source > /dev/null || unavailable "no dpkg-source (package dpkg-dev)"

apt=$out/apt
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/cache/archives/partial" "$dir"
printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: %s\n' \
    "$mirror" "$keyring" > "$apt/sources/ports.sources"
# Every apt call gets these: only the private sources, lists and cache.
# Downloads run as the caller (not apt's sandbox user, who cannot write
# into a build tree).
set -- -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/sources" \
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" \
    -o APT::Sandbox::User="$(id -un)" \
    -o Acquire::Retries=1 -o Acquire::http::Timeout=20

log=$dir/fetch.log
# apt's first complaint: the line after "Err:" says why (connection
# refused, 404), else the first E: line.
apt_error() {
    grep -m1 -A1 '^Err:' "$1" | sed -n '2s/^[[:space:]]*//p' | grep . || grep -m1 '^E:' "$1"
}
# One update serves every port of a build; a day-old index is refreshed.
if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null)" ]; then
    echo "  PORT   $name: fetch index from $mirror"
    apt-get "$@" -q update > "$log" 2>&1 ||
        unavailable "apt-get update failed: $(apt_error "$log")"
    [ -n "$(find "$apt/lists" -maxdepth 1 -name '*Sources*')" ] ||
        unavailable "apt-get update got no source index from $mirror: $(apt_error "$log")"
fi

echo "  PORT   $name: fetch $package $version"
rm -rf "$dir/dl" "$src" "$stamp" "$dir/unavailable"
mkdir -p "$dir/dl"
(cd "$dir/dl" && apt-get "$@" -q source --download-only "$package=$version") > "$log" 2>&1 ||
    unavailable "apt-get source $package=$version failed: $(apt_error "$log")"

echo "  PORT   $name: unpack"
dsc=$(ls "$dir/dl/"*.dsc 2>/dev/null | head -n 1)
[ -n "$dsc" ] || unavailable "apt-get source left no .dsc for $package $version"
# dpkg-source checks the tarballs against the .dsc's checksums (the .dsc
# itself apt checked against the signed index); the maintainer's OpenPGP
# signature on the .dsc it may not be able to check (no keyring of Debian
# developers here), which it notes in the log and goes on.
dpkg-source -x "$dsc" "$src" >> "$log" 2>&1 ||
    unavailable "dpkg-source could not unpack $dsc (see $log)"

if [ -n "$data" ]; then
    # Binary packages from their own private state (a Packages index of
    # architecture all only, so the Sources index's freshness check above
    # is not fooled); apt checks the .deb against the signed index.
    bin=$out/apt-bin
    mkdir -p "$bin/sources" "$bin/lists/partial" "$bin/cache/archives/partial"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm\nComponents: main\nArchitectures: all\nSigned-By: %s\n' \
        "$mirror" "$keyring" > "$bin/sources/data.sources"
    shift 8
    set -- -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$bin/sources" \
        -o "Dir::State::Lists=$bin/lists" -o "Dir::Cache=$bin/cache" "$@"
    if [ -z "$(find "$bin/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
        echo "  PORT   $name: fetch package index from $mirror"
        apt-get "$@" -q update > "$log" 2>&1 ||
            unavailable "apt-get update (packages) failed: $(apt_error "$log")"
    fi
    echo "  PORT   $name: fetch $data"
    rm -rf "$dir/data-dl" "$dir/data"
    mkdir -p "$dir/data-dl"
    (cd "$dir/data-dl" && apt-get "$@" -q download "$data") > "$log" 2>&1 ||
        unavailable "apt-get download $data failed: $(apt_error "$log")"
    for deb in "$dir/data-dl/"*.deb; do
        dpkg-deb -x "$deb" "$dir/data" || unavailable "dpkg-deb could not unpack $deb"
    done
fi
echo "$package $version${data:+ $data}" > "$stamp"
