#!/usr/bin/env bash
# Makes sure the Debian packages that `make GOAL` needs are installed, before anything is built.
#   tools/ensure-deps.sh demo     the packages of the demo lines of tools/deps.txt
#   tools/ensure-deps.sh check    every line (check runs the demo too)
# As root it installs exactly the missing ones (one `apt-get update`, only when something is
# missing). Not as root, it prints the one apt-get line that is needed and fails.
# RNETLINK_NO_APT=1 skips the check (a machine whose packages are managed otherwise).
set -euo pipefail
goal=${1:?usage: ensure-deps.sh demo|check}
here=$(cd "$(dirname "$0")" && pwd)

[ "${RNETLINK_NO_APT:-0}" = 1 ] && exit 0
if ! command -v dpkg-query >/dev/null; then
    echo "  DEPS    not a Debian system: install the packages of tools/deps.txt yourself"
    exit 0
fi

wanted=()
while read -r need pkg _; do
    case "$need" in
        demo) wanted+=("$pkg") ;;
        check) [ "$goal" = check ] && wanted+=("$pkg") ;;
        ''|'#'*) ;;
        *) echo "tools/deps.txt: unknown goal '$need' for $pkg" >&2; exit 1 ;;
    esac
done < "$here/deps.txt"

missing=()
for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ! command -v cargo >/dev/null; then
    echo "rnetlink: cargo is required (install the Rust toolchain, e.g. with rustup)" >&2
    exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "  DEPS    ${#wanted[@]} Debian packages present"
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
