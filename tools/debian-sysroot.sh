#!/usr/bin/env bash
# A private sysroot of Debian packages of another architecture, unpacked under build/ARCH/sysroot
# without installing anything on the machine: the packages and every library they depend on
# are fetched with apt through a private state directory (build/ARCH/apt: its own package
# lists for ARCH from the machine's Debian sources, an empty dpkg status; the machine's dpkg
# and apt state, and its architectures, are not changed) and unpacked with dpkg-deb -x.
# Prints the sysroot's directory as the last line (everything else goes to stderr).
#
#   tools/debian-sysroot.sh ARCH [PACKAGE...]
#
# Without PACKAGEs, the sysroot/ARCH lines of tools/deps.txt.
#
# Why not `dpkg --add-architecture` and the ARCH -dev packages: their libraries are
# Multi-Arch: same, so each must be installed at exactly the version of the host's own copy,
# which fails whenever the host has a security update that the ARCH index does not (and a
# mirror whose ARCH index cannot be read makes every later `apt-get update` fail). A private
# sysroot takes each package as ARCH's index has it and touches nothing else.
# Absolute symbolic links inside the sysroot are made to point inside it, and the pkg-config
# files' paths (prefix=/usr, libdir=..., -I/usr/..., -L/usr/...) are rewritten to the
# sysroot, so that PKG_CONFIG_LIBDIR=SYSROOT/usr/lib/GNU-TRIPLET/pkgconfig finds them as they
# would be installed, and so are those of linker scripts. A sysroot already unpacked for the same list of packages is reused.
# Needs root (apt's downloads) and dpkg-deb. Fails, never skips, when a package cannot be had.
set -euo pipefail
arch=${1:?usage: debian-sysroot.sh ARCH [PACKAGE...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
    set -- $(awk -v g="sysroot/$arch" '$1 == g { print $2 }' "$here/deps.txt")
    [ $# -gt 0 ] || { echo "debian-sysroot: no sysroot/$arch lines in tools/deps.txt" >&2; exit 2; }
fi
top=$(cd "$here/.." && pwd)
work="$top/build/$arch/apt"
root="$top/build/$arch/sysroot"
die() { echo "debian-sysroot: $*" >&2; exit 1; }
mkdir -p "$work"
exec 9> "$work/.lock"
flock 9

want=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
if [ -f "$root/.packages" ] && [ "$(cat "$root/.packages")" = "$want" ]; then
    echo "debian-sysroot: $arch sysroot of $want(unpacked before)" >&2
    echo "$root"
    exit 0
fi
[ "$(id -u)" -eq 0 ] || die "needs root to fetch Debian's $arch packages"

mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
: > "$work/status"
apt_opts=(-o APT::Architecture="$arch" -o APT::Architectures::="$arch"
          -o Dir::State="$work" -o Dir::State::Lists="$work/lists" -o Dir::State::status="$work/status"
          -o Dir::Cache="$work/cache" -o Dir::Cache::archives="$work/cache/archives"
          -o APT::Sandbox::User=root -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0)
# A mirror may fail to serve one index (a security index during a sync): the packages are then
# taken from the indexes that were read, and the resolution below fails if one is missing.
if ! apt-get -q "${apt_opts[@]}" update > "$work/update.log" 2>&1; then
    echo "debian-sysroot: apt-get update ($arch) reported: $(grep -E '^(E|W):' "$work/update.log" | head -n 3 | tr '\n' ' ')" >&2
fi
apt-get -q "${apt_opts[@]}" install -s --no-install-recommends "$@" > "$work/resolve.log" 2>&1 \
    || { cat "$work/resolve.log" >&2; die "the $arch packages $* cannot be resolved"; }
mapfile -t pkgs < <(sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p' "$work/resolve.log")
[ ${#pkgs[@]} -gt 0 ] || die "apt resolved nothing for $*"
(cd "$work/debs" && rm -f ./*.deb && apt-get -q "${apt_opts[@]}" download "${pkgs[@]}") > "$work/download.log" 2>&1 \
    || { tail -n 20 "$work/download.log" >&2; die "apt-get download of the $arch packages failed"; }

rm -rf "$root"
mkdir -p "$root"
# The C library's headers, link scripts and kernel headers are the cross compiler's own
# (libc6-dev-ARCH-cross): those of the sysroot would name the machine's absolute paths.
for deb in "$work/debs"/*.deb; do
    case "$(basename "$deb")" in
        libc6-dev_*|linux-libc-dev_*|libcrypt-dev_*|libnsl-dev_*|rpcsvc-proto_*) continue ;;
    esac
    dpkg-deb -x "$deb" "$root"
done
# Absolute links point inside the sysroot.
find "$root" -type l | while read -r link; do
    target=$(readlink "$link")
    case "$target" in /*) ln -sfn "$root$target" "$link" ;; esac
done
# Linker scripts (a libfoo.so that is text: GROUP ( /usr/lib/.../libfoo.so.N ... )): the same.
find "$root" -name '*.so' -type f | while read -r so; do
    [ "$(head -c 4 "$so" | od -An -c | tr -d ' ')" = '177ELF' ] && continue
    sed -i -E "s#([ (])/(usr/lib|lib)/#\1$root/\2/#g" "$so"
done
# pkg-config files: their paths inside the sysroot.
find "$root" -name '*.pc' -path '*/pkgconfig/*' | while read -r pc; do
    sed -i -E -e "s#^([A-Za-z_]+)=/#\1=$root/#" -e "s#(-[IL])/usr/#\1$root/usr/#g" "$pc"
done
# valgrind finds the detached debugging symbols (of a -dbg package: the dynamic linker's are
# what its memcheck needs) under --extra-debuginfo-path=SYSROOT/valgrind-debug, which it reads
# as DIR/<the object's directory>/<its .gnu_debuglink name>.
multiarch=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
for obj in "$root"/lib/"$multiarch"/*.so* "$root"/usr/lib/"$multiarch"/*.so*; do
    [ -f "$obj" ] && [ ! -L "$obj" ] || continue
    id=$(readelf -n "$obj" 2>/dev/null | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p' || true)
    dbg="$root/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
    [ -n "$id" ] && [ -f "$dbg" ] || continue
    link=$(readelf -p .gnu_debuglink "$obj" 2>/dev/null | sed -n 's/^ *\[ *0\] *//p' || true)
    [ -n "$link" ] || continue
    mkdir -p "$root/valgrind-debug$(dirname "$obj")"
    ln -sfn "$dbg" "$root/valgrind-debug$(dirname "$obj")/$link"
done
printf '%s' "$want" > "$root/.packages"
echo "debian-sysroot: $arch sysroot of ${#pkgs[@]} packages for $want" >&2
echo "$root"
