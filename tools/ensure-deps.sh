#!/usr/bin/env bash
# Makes sure the Debian packages that `make GOAL` needs are installed, before anything is built.
#   tools/ensure-deps.sh demo              the packages of the demo lines of tools/deps.txt
#   tools/ensure-deps.sh check             the demo and check lines (check runs the demo too)
#   tools/ensure-deps.sh arch ARCH         make ARCH=ARCH: the demo and arch lines for ARCH
#                                          (Debian's cross compiler and C library), and the
#                                          Rust target (rustup target add)
#   tools/ensure-deps.sh check-arch ARCH   make check-arch ARCH=ARCH: also the check-arch lines
#                                          (qemu-user, or libc6-i386 for i386; dpkg-dev, ...)
# ARCH is a Debian architecture of tools/arches.txt; for the host's own architecture no cross
# package and no Rust target is needed.
# As root it installs exactly the missing packages (one `apt-get update`, only when something
# is missing). Not as root, it prints the one apt-get line that is needed and fails.
# RNETLINK_NO_APT=1 skips the packages (a machine whose packages are managed otherwise); the
# Rust target is still added.
set -euo pipefail
usage="usage: ensure-deps.sh demo|check|arch ARCH|check-arch ARCH"
goal=${1:?$usage}
here=$(cd "$(dirname "$0")" && pwd)

arch="" gnu="" rust_target="" qemu=""
case "$goal" in
    demo|check) ;;
    arch|check-arch)
        arch=${2:?$usage}
        read -r rust_target gnu qemu < <(awk -v a="$arch" '$1 == a { print $2, $3, $4 }' "$here/arches.txt") || true
        [ -n "$rust_target" ] || { echo "ensure-deps: ARCH=$arch is not in tools/arches.txt" >&2; exit 1; }
        host=$(dpkg --print-architecture 2>/dev/null || echo amd64)
        if [ "$arch" = "$host" ]; then
            rust_target="" gnu=""          # the host's own toolchain
        fi
        ;;
    *) echo "$usage" >&2; exit 2 ;;
esac

if ! command -v cargo >/dev/null; then
    echo "rnetlink: cargo is required (install the Rust toolchain, e.g. with rustup)" >&2
    exit 1
fi

# The Rust target's standard library: rustup target add, once.
rust_note=""
if [ -n "$rust_target" ]; then
    sysroot=$(rustc --print sysroot)
    if ! compgen -G "$sysroot/lib/rustlib/$rust_target/lib/libstd-*.rlib" >/dev/null; then
        command -v rustup >/dev/null \
            || { echo "rnetlink: the Rust target $rust_target is missing and there is no rustup to add it" >&2; exit 1; }
        echo "  RUSTUP  target add $rust_target"
        log=$(mktemp)
        rustup target add "$rust_target" > "$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
        rm -f "$log"
    fi
    rust_note=" and Rust target $rust_target"
fi

[ "${RNETLINK_NO_APT:-0}" = 1 ] && exit 0
if ! command -v dpkg-query >/dev/null; then
    echo "  DEPS    not a Debian system: install the packages of tools/deps.txt yourself"
    exit 0
fi

# Which lines apply: the goal's own and those of the goals it includes; a qualified goal
# (check-arch/qemu, check-arch/i386) only for those architectures, and arch lines only when
# building for another architecture.
applies() {
    local need=$1 base=${1%%/*} qual=
    [ "$need" != "$base" ] && qual=${need#*/}
    case "$base" in
        demo) ;;
        check) [ "$goal" = check ] || return 1 ;;
        arch) [ "$goal" = arch ] || [ "$goal" = check-arch ] || return 1
              [ -n "$gnu" ] || return 1 ;;
        check-arch) [ "$goal" = check-arch ] || return 1 ;;
        sysroot) return 1 ;;           # tools/debian-sysroot.sh's, never installed
        *) echo "tools/deps.txt: unknown goal '$need'" >&2; exit 1 ;;
    esac
    case "$qual" in
        '') ;;
        qemu) [ -n "$gnu" ] && [ "$qemu" != - ] || return 1 ;;
        *) [ "$qual" = "$arch" ] && [ -n "$gnu" ] || return 1 ;;
    esac
}

wanted=()
while read -r need pkg _; do
    case "$need" in ''|'#'*) continue ;; esac
    applies "$need" || continue
    pkg=${pkg//@GNU@/$gnu}
    pkg=${pkg//@ARCH@/$arch}
    wanted+=("$pkg")
done < "$here/deps.txt"

missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "  DEPS    ${#wanted[@]} Debian packages$rust_note present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "rnetlink: missing Debian packages; as root, run:" >&2
    echo "apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "  APT     ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } > "$log" 2>&1; then
    cat "$log" >&2
    echo "rnetlink: apt-get could not install: ${missing[*]}" >&2
    exit 1
fi
