#!/usr/bin/env bash
# make check-iproute2-debian: Debian's own iproute2 source package (`apt-get source iproute2`,
# the version installed here when there is one), checked by tools/check-iproute2.py against the
# rnetlink installed in PREFIX.
#
#   tools/check-iproute2-debian.sh PREFIX
#
# deb-src is enabled for the Debian repositories apt already uses, in a private apt source
# directory under build/ (read from /etc/apt/sources.list.d/*.sources in deb822 format and from
# /etc/apt/sources.list and sources.list.d/*.list in one-line format): the system's source
# files, binary sources included, are not changed; `apt-get update` only adds the Sources
# indexes. Needs root. Fails, never skips, when the source package cannot be had.
set -euo pipefail
prefix=${1:?usage: check-iproute2-debian.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work="$top/build/debian-src"

die() { echo "check-iproute2-debian: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (apt-get update, unshare -n)"
command -v apt-get >/dev/null || die "no apt-get: this check runs on Debian"
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
echo "check-iproute2-debian: deb-src for $(grep -h -o -E 'https?://[^ ]+' "$work/apt"/* | sort -u | tr '\n' ' ')"
apt-get -q "${apt_opts[@]}" update > "$work/apt-update.log" 2>&1 \
    || { cat "$work/apt-update.log"; die "apt-get update of the deb-src entries failed"; }

# The version installed here, if any (Debian's own iproute2), else apt's candidate.
want=iproute2
installed=$(dpkg-query -W -f='${Version}' iproute2 2>/dev/null || true)
[ -n "$installed" ] && want="iproute2=$installed"
upstream=${installed#*:}; upstream=${upstream%-*}
tree=""
[ -n "$installed" ] && [ -d "$work/iproute2-$upstream" ] && [ -f "$work/.fetched-$installed" ] && tree="$work/iproute2-$upstream"
if [ -z "$tree" ]; then
    rm -rf "$work"/iproute2[-_]*
    (cd "$work" && apt-get -q "${apt_opts[@]}" source "$want") > "$work/apt-source.log" 2>&1 \
        || { cat "$work/apt-source.log"; die "apt-get source $want failed: Debian's iproute2 source package could not be had"; }
    tree=$(find "$work" -maxdepth 1 -type d -name 'iproute2-*' | head -n 1)
    [ -n "$tree" ] || die "apt-get source $want unpacked no iproute2-* directory (see $work/apt-source.log)"
    [ -n "$installed" ] && touch "$work/.fetched-$installed"
fi
echo "check-iproute2-debian: $(basename "$tree") from $want"
exec python3 "$here/check-iproute2.py" --src "$tree" --prefix "$prefix" --work "$top/build/iproute2/debian"
