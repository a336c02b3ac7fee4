#!/usr/bin/env bash
# make check-iproute2-debian: Debian's own iproute2 source package (`apt-get source iproute2`,
# the version installed here when there is one; tools/debian-source.sh fetches it), checked by
# tools/check-iproute2.py against the rnetlink installed in PREFIX.
#
#   tools/check-iproute2-debian.sh PREFIX
#
# Needs root (the fetch, unshare -n). Fails, never skips, when the source package cannot be had.
set -euo pipefail
prefix=${1:?usage: check-iproute2-debian.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

die() { echo "check-iproute2-debian: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (apt-get update, unshare -n)"
tree=$("$here/debian-source.sh" iproute2) || die "Debian's iproute2 source package could not be had"
echo "check-iproute2-debian: $(basename "$tree")"
exec python3 "$here/check-iproute2.py" --src "$tree" --prefix "$prefix" --work "$top/build/iproute2/debian"
