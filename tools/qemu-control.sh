#!/usr/bin/env bash
# Proves a limit of qemu-user's emulation with tools/qemu-control.c (raw system calls, no
# rnetlink): the control CHECK is compiled for the host and for ARCH and run by both, each in a
# private network namespace (unshare -n).
#
#   tools/qemu-control.sh ARCH CHECK
#
# Prints one line and exits
#   0  the control passes under qemu too: qemu-user carries what it checks (a test that
#      tools/qemu-limits.txt ties to it must run),
#   3  it passes natively and fails under qemu-user: a limit of qemu-user, proven (the line
#      gives both results),
#   1  anything else (it fails natively, or does not build): nothing is proven.
# Results are kept for the life of one make run in build/ARCH/qemu-control/ (QEMU_CONTROL_FRESH=1
# forgets them).
set -u
arch=${1:?usage: qemu-control.sh ARCH CHECK} check=${2:?usage: qemu-control.sh ARCH CHECK}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
read -r _ gnu qemu < <(awk -v a="$arch" '$1 == a { print $2, $3, $4 }' "$here/arches.txt") || true
[ -n "${gnu:-}" ] || { echo "qemu-control: ARCH=$arch is not in tools/arches.txt"; exit 1; }
[ "$qemu" != - ] || { echo "qemu-control: $arch runs natively, not under qemu-user"; exit 1; }
dir="$top/build/$arch/qemu-control"
mkdir -p "$dir"
if [ "${QEMU_CONTROL_FRESH:-0}" = 1 ]; then rm -f "$dir"/*.verdict; fi
if [ -f "$dir/$check.verdict" ] && [ "$dir/$check.verdict" -nt "$here/qemu-control.c" ]; then
    tail -n 1 "$dir/$check.verdict"
    exit "$(head -n 1 "$dir/$check.verdict")"
fi
src="$here/qemu-control.c"
flags=(-std=gnu11 -O1 -Wall -Wextra -Werror)
{ [ "$dir/host" -nt "$src" ] || cc "${flags[@]}" "$src" -o "$dir/host"; } \
    && { [ "$dir/target" -nt "$src" ] || "$gnu-gcc" "${flags[@]}" "$src" -o "$dir/target"; } \
    || { echo "qemu-control: tools/qemu-control.c does not build"; exit 1; }
native=$(unshare -n "$dir/host" "$check" 2>&1); nrc=$?
emulated=$(unshare -n "qemu-$qemu" -L "/usr/$gnu" "$dir/target" "$check" 2>&1); erc=$?
if [ $nrc -ne 0 ]; then
    rc=1 text="control $check fails natively too (\"$native\"): not a limit of qemu-user"
elif [ $erc -eq 0 ]; then
    rc=0 text="control $check passes under qemu-$qemu too (\"$emulated\")"
else
    rc=3 text="control $check passes natively (\"$native\") and fails under qemu-$qemu (\"$emulated\")"
fi
printf '%s\n%s\n' "$rc" "$text" > "$dir/$check.verdict"
echo "$text"
exit $rc
