#!/usr/bin/env bash
# Builds every ctests/*.c against an installed rnetlink (through its pkg-config file, so the
# install layout is what is tested) and runs it. Directives in a test's first lines:
#   ctest: netns          run inside a private network namespace (unshare -n); the test talks
#                         to the kernel (every other test needs none)
#   ctest: cflags FLAGS   extra compiler flags
#   ctest: ldflags FLAGS  extra linker flags
#   ctest: no-valgrind    do not run under valgrind memcheck (every other test does: any
#                         memcheck error or definite leak fails it); say why on that line
#
#   ctests/run.sh PREFIX [TEST...]                the host's architecture: PREFIX/lib/pkgconfig
#   ctests/run.sh --arch ARCH PREFIX [TEST...]    another Debian architecture (tools/arches.txt),
#       installed by `make install ARCH=ARCH PREFIX=PREFIX` (PREFIX/lib/GNU-TRIPLET/pkgconfig):
#       each test is compiled by GNU-TRIPLET-gcc (or $CC) into build/ARCH/ctests/ and run by the
#       architecture's runner. i386 runs natively on an amd64 host, valgrind included: each test
#       is linked to run on Debian's own i386 C library, unpacked with its detached debugging
#       symbols (which memcheck needs: the biarch libc6-i386 has none) into a private sysroot
#       by tools/debian-sysroot.sh (nothing is installed on the machine). The others
#       run under `qemu-NAME -L /usr/GNU-TRIPLET`, without valgrind (it cannot run under
#       qemu-user), and there a kernel test listed in tools/qemu-limits.txt is not run when the
#       raw-syscall control program named there (tools/qemu-control.sh) shows that qemu-user
#       cannot emulate what it needs: it passes natively and fails under qemu. The test's line
#       then says so ("qemu <test>: ..."); if the control passes under qemu, the test runs.
# Ends with "N passed, N failed" (", N not run under qemu (its limits, proven)" after it);
# exits non-zero if any test failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
arch="" gnu="" qemu="-"
if [ "${1:-}" = --arch ]; then
    arch=${2:?usage: run.sh [--arch ARCH] PREFIX [TEST...]}
    shift 2
    read -r _ gnu qemu < <(awk -v a="$arch" '$1 == a { print $2, $3, $4 }' "$top/tools/arches.txt") || true
    [ -n "$gnu" ] || { echo "run.sh: ARCH=$arch is not in tools/arches.txt" >&2; exit 2; }
    host=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    [ "$arch" = "$host" ] && arch="" gnu="" qemu="-"
fi
prefix=${1:?usage: run.sh [--arch ARCH] PREFIX [TEST...]}
shift
if [ -n "$arch" ]; then
    out="$top/build/$arch/ctests"
    export PKG_CONFIG_PATH="$prefix/lib/$gnu/pkgconfig"
    cc=${CC:-$gnu-gcc}
    where=" ($arch, $([ "$qemu" = - ] && echo natively || echo "under qemu-$qemu"))"
else
    out="$top/build/ctests"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    cc=${CC:-cc}
    where=""
fi
# Under qemu-user: the target's dynamic linker and libraries come from the cross sysroot.
# Natively (i386): from a private sysroot of Debian's i386 libc6, libc6-dbg and libgcc-s1.
runner=() sysroot_ld=() vg_extra=()
[ "$qemu" != - ] && runner=("qemu-$qemu" -L "/usr/$gnu")
if [ -n "$arch" ] && [ "$qemu" = - ]; then
    sysroot=$("$top/tools/debian-sysroot.sh" "$arch") || exit 1
    multiarch=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
    interp=$(cd "$sysroot" && ls lib/ld-linux*.so.* | head -n 1)
    sysroot_ld=(-Wl,--dynamic-linker="$sysroot/$interp" -Wl,--disable-new-dtags \
                -Wl,-rpath,"$sysroot/lib/$multiarch")
    vg_extra=(--extra-debuginfo-path="$sysroot/valgrind-debug")
fi
mkdir -p "$out"
# The controls' verdicts, once per run (tools/qemu-control.sh keeps them in build/ARCH/).
declare -A verdicts=()
[ -n "$arch" ] && rm -f "$top/build/$arch/qemu-control/"*.verdict
cflags=$(pkg-config --cflags rnetlink) || exit 1
libs=$(pkg-config --libs rnetlink)
libdir=$(pkg-config --variable=libdir rnetlink)

# The controls of tools/qemu-limits.txt that apply to TEST on this architecture.
limits_of() {
    [ "$qemu" != - ] || return 0
    awk -v t="$1" -v a="$arch" '$1 == "c" && $2 == t && ($3 == "qemu" || index("," $3 ",", "," a ",")) { print $4 }' \
        "$top/tools/qemu-limits.txt"
}

if [ $# -gt 0 ]; then tests=("$@"); else tests=("$here"/*.c); fi
passed=0
failed=0
limited=0
failed_names=()
limited_names=()
for src in "${tests[@]}"; do
    name=$(basename "$src" .c)
    head=$(sed -n '1,15p' "$src")
    extra_cflags=$(sed -n 's/.*ctest: cflags \(.*\)$/\1/p' <<<"$head")
    extra_ldflags=$(sed -n 's/.*ctest: ldflags \(.*\)$/\1/p' <<<"$head")
    log="$out/$name.log"
    # A kernel test that qemu-user cannot carry: proven by its control, then not run.
    proof=""
    if grep -q 'ctest: netns' <<<"$head"; then
        for control in $(limits_of "$name"); do
            if [ -z "${verdicts[$control]:-}" ]; then
                text=$("$top/tools/qemu-control.sh" "$arch" "$control"); verdicts[$control]=$?
                case ${verdicts[$control]} in
                    0) echo "qemu control $control: carried: $text" ;;
                    3) echo "qemu control $control: a limit of qemu-user: $text" ;;
                    *) echo "FAIL qemu control $control: $text"; failed=$((failed + 1)) ;;
                esac
            fi
            case ${verdicts[$control]} in
                0) ;;                                   # qemu carries it: the test runs
                3) proof+="${proof:+, }$control" ;;     # a qemu limit, proven
                *) echo "FAIL $name$where: its control $control proves nothing"
                   failed=$((failed + 1)); failed_names+=("$name"); continue 2 ;;
            esac
        done
    fi
    if [ -n "$proof" ]; then
        echo "qemu $name: not run under qemu-$qemu: needs what qemu-user does not emulate (control $proof above, tools/qemu-limits.txt)"
        limited=$((limited + 1)); limited_names+=("$name")
        continue
    fi
    if ! $cc -std=gnu11 -O1 -g -Wall -Wextra -Werror $extra_cflags -I"$here" "$src" \
            $cflags $libs $extra_ldflags -Wl,-rpath,"$libdir" "${sysroot_ld[@]}" -o "$out/$name" > "$log" 2>&1; then
        echo "FAIL $name$where (does not compile)"
        sed 's/^/     /' "$log" | head -n 30
        failed=$((failed + 1)); failed_names+=("$name")
        continue
    fi
    run=("$out/$name")
    # valgrind runs the host's programs and, on amd64, i386 ones; not under qemu.
    if [ "$qemu" = - ] && ! grep -q 'ctest: no-valgrind' <<<"$head"; then
        run=(valgrind -q --error-exitcode=99 --leak-check=full "${vg_extra[@]}" \
            --errors-for-leak-kinds=definite --show-leak-kinds=definite "${run[@]}")
    fi
    run=("${runner[@]}" "${run[@]}")
    grep -q 'ctest: netns' <<<"$head" && run=(unshare -n "${run[@]}")
    if (cd "$out" && timeout 300 "${run[@]}") > "$log" 2>&1; then
        echo "ok   $(tail -n 1 "$log")$where"
        passed=$((passed + 1))
    else
        echo "FAIL $name$where (exit $?)"
        sed 's/^/     /' "$log" | tail -n 40
        failed=$((failed + 1)); failed_names+=("$name")
    fi
done
[ "$failed" -eq 0 ] || echo "failed C tests${where}: ${failed_names[*]}"
[ "$limited" -eq 0 ] || echo "C tests not run under qemu-$qemu (qemu-user's limits, each proven by its control above): ${limited_names[*]}"
echo "ctests${arch:+ $arch}: $passed passed, $failed failed${limited:+$([ "$limited" -gt 0 ] && echo ", $limited not run under qemu (its limits, proven)")}"
[ "$failed" -eq 0 ]
