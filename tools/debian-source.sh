#!/usr/bin/env bash
# Debian's source package PACKAGE unpacked under build/debian-src/ (`apt-get source`), and its
# directory printed as the last line of the output (everything else goes to stderr).
#
#   tools/debian-source.sh PACKAGE
#
# The version is the one installed here when there is one, else apt's candidate. A tree already
# unpacked for that version is used again without running apt at all; otherwise deb-src is
# enabled for the Debian repositories apt already uses, in a private apt source directory under
# build/ (read from /etc/apt/sources.list.d/*.sources in deb822 format and from
# /etc/apt/sources.list and sources.list.d/*.list in one-line format): the system's source
# files, binary sources included, are not changed; `apt-get update` only adds the Sources
# indexes. Fetching needs root, dpkg-dev and xz-utils. Fails, never skips, when the source
# package cannot be had. Used by make check-iproute2-debian and make check-abi-arch.
set -euo pipefail
pkg=${1:?usage: debian-source.sh PACKAGE}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work="$top/build/debian-src"

die() { echo "debian-source: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "no apt-get: Debian's source packages need a Debian system"
mkdir -p "$work"
# One fetch at a time (two make runs may want the same tree).
exec 9> "$work/.lock"
flock 9

installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$pkg" 2>/dev/null | sed -n 's/^ii *//p' || true)
version=$installed
[ -n "$version" ] || version=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)' || true)
upstream=${version#*:}; upstream=${upstream%-*}
if [ -n "$version" ] && [ -f "$work/.fetched-$pkg-$version" ] && [ -d "$work/$pkg-$upstream" ]; then
    echo "debian-source: $pkg-$upstream (source of $pkg=$version, fetched before)" >&2
    echo "$work/$pkg-$upstream"
    exit 0
fi

[ "$(id -u)" -eq 0 ] || die "needs root to fetch Debian's $pkg source package (apt-get update of deb-src entries)"
command -v dpkg-source >/dev/null || die "no dpkg-source: install dpkg-dev (tools/deps.txt)"

mkdir -p "$work/apt"
rm -f "$work/apt/"*
# deb822 stanzas of type deb whose URIs are Debian's -> the same stanza as deb-src.
for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    awk -v RS= -v ORS='\n\n' '
        /(^|\n)Types:([^\n]* )?deb( |\n|$)/ && /(^|\n)URIs:[^\n]*debian/ && !/(^|\n)Enabled: *no/ {
            out = ""
            n = split($0, line, "\n")
            for (i = 1; i <= n; i++) {
                if (line[i] ~ /^#/) continue
                if (line[i] ~ /^Types:/) line[i] = "Types: deb-src"
                out = out line[i] "\n"
            }
            printf "%s\n", out
        }' "$f" > "$work/apt/$(basename "$f")"
done
# one-line "deb [options] URI suite components" entries of Debian's -> deb-src.
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)$/deb-src \1/p' "$f" > "$work/apt/from-$(basename "$f").list"
done
find "$work/apt" -type f -empty -delete
[ -n "$(ls -A "$work/apt")" ] || die "no Debian repository in apt's sources (/etc/apt/sources.list, /etc/apt/sources.list.d/)"

apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$work/apt"
          -o APT::Get::List-Cleanup=0)
echo "debian-source: deb-src for $(grep -h -o -E 'https?://[^ ]+' "$work/apt"/* | sort -u | tr '\n' ' ')" >&2
apt-get -q "${apt_opts[@]}" update > "$work/apt-update.log" 2>&1 \
    || { cat "$work/apt-update.log" >&2; die "apt-get update of the deb-src entries failed"; }

want=$pkg
[ -n "$installed" ] && want="$pkg=$installed"
rm -rf "$work/$pkg"[-_]* "$work/.fetched-$pkg-"*
(cd "$work" && apt-get -q "${apt_opts[@]}" source "$want") > "$work/apt-source-$pkg.log" 2>&1 \
    || { cat "$work/apt-source-$pkg.log" >&2; die "apt-get source $want failed: Debian's $pkg source package could not be had"; }
tree=$(find "$work" -maxdepth 1 -type d -name "$pkg-*" | head -n 1)
[ -n "$tree" ] || die "apt-get source $want unpacked no $pkg-* directory (see $work/apt-source-$pkg.log)"
# The version apt actually fetched (the candidate may have been newer than the index we read).
fetched=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$tree/debian/changelog")
touch "$work/.fetched-$pkg-${fetched:-$version}"
echo "debian-source: $(basename "$tree") from $want" >&2
echo "$tree"
