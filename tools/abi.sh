#!/usr/bin/env bash
# The ABI of an installed rnetlink, as one sorted text that can be kept in the repository.
#   tools/abi.sh dump PREFIX [LIBDIR]     print it (make abi-baseline writes it to abi/baseline.txt)
#   tools/abi.sh check PREFIX [LIBDIR]    compare it with abi/baseline.txt; any difference fails
#   tools/abi.sh check-arch ARCH PREFIX IPROUTE2_SRC [LIBDIR]
#                                         an install for Debian architecture ARCH (make install
#                                         ARCH=...; make check-abi-arch runs this), below
# LIBDIR is PREFIX/lib unless given. It holds what a compiled program depends on:
#   - the soname and the version nodes with their parents (readelf -V);
#   - every exported symbol with its type and version node, and a data symbol's size (readelf);
#   - every exported function's prototype as the installed headers declare it (gcc -aux-info),
#     and the callback typedefs;
#   - the size and alignment of every public struct and each field's offset and size, as a C
#     compiler sees the installed headers;
#   - the values of the headers' integer constants.
# Removing or changing anything fails the check; so does adding, until the baseline is
# regenerated (make abi-baseline) in the same commit. New symbols go in a new version node
# (abi/rnetlink.map), which the baseline then shows.
#
# Sizes, offsets and constants are computed by the compiler, never by running a program: a
# generated C file puts them in an array in a section of its own, it is compiled (-c) and the
# array is read back from the object file (readelf -S for where it is, od for the values in the
# object's byte order). So the same probe works for every target a cross compiler builds for,
# with no emulator and no target C library at run time.
#
# check-arch: abi/baseline.txt is amd64's. For another architecture, with that target's
# compiler (CC, by default Debian's cross gcc of tools/arches.txt):
#   (a) the library is an ELF file of that architecture (class, byte order, machine), every
#       member of librnetlink.a too, and everything but the struct layouts (soname, version
#       nodes, exported names, types, data sizes, prototypes, typedefs, constants) equals the
#       baseline; on amd64 the layouts as well;
#   (b) the struct layouts of the installed libnetlink.h and libgenl.h (and of a GENL_REQUEST)
#       equal those of iproute2's own include/libnetlink.h and include/libgenl.h from the
#       source tree IPROUTE2_SRC (make check-abi-arch uses Debian's source package), compiled
#       with the same compiler against the same kernel headers.
set -euo pipefail
usage="usage: abi.sh dump|check PREFIX [LIBDIR] | abi.sh check-arch ARCH PREFIX IPROUTE2_SRC [LIBDIR]"
mode=${1:?$usage}
arch="" ip2src=""
if [ "$mode" = check-arch ]; then
    arch=${2:?$usage}; prefix=${3:?$usage}; ip2src=${4:?$usage}; libdir=${5:-$prefix/lib}
else
    prefix=${2:?$usage}; libdir=${3:-$prefix/lib}
fi
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'echo "FAIL tools/abi.sh $mode: the command at line $LINENO failed" >&2' ERR
export PKG_CONFIG_PATH="$libdir/pkgconfig"
inc="$prefix/include/rnetlink"
so="$libdir/librnetlink.so.0"
cflags=$(pkg-config --cflags rnetlink)
baseline_arch=amd64     # the architecture abi/baseline.txt was made on
cc=gcc
if [ -n "$arch" ]; then
    row=$(awk -v a="$arch" '$1 == a' "$here/arches.txt")
    [ -n "$row" ] || { echo "FAIL abi: ARCH=$arch is not in tools/arches.txt" >&2; exit 1; }
    read -r _ _ gnu _ elfclass byteorder machine <<<"$row"
    host=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    if [ "$arch" = "$host" ]; then cc=${CC:-gcc}; else cc=${CC:-$gnu-gcc}; fi
fi

# The values of a probe: $work/NAME.c defines `rnl_probe`, an array of long long in section
# .rnl_probe, and $work/NAME.fmt has one output line per group of values, a %d for each value
# in the array's order. Prints the lines; sets probe_machine to the object's ELF machine.
probe() {
    local name=$1; shift
    "$cc" -std=gnu11 -c "$@" "$work/$name.c" -o "$work/$name.o"
    local off size order
    read -r off size < <(readelf -S -W "$work/$name.o" \
        | awk '{ for (i = 1; i <= NF; i++) if ($i == ".rnl_probe") print $(i + 3), $(i + 4) }')
    order=$(readelf -h "$work/$name.o" | sed -n 's/^ *Data:.*\(little\|big\) endian.*/\1/p')
    probe_machine=$(readelf -h "$work/$name.o" | sed -n 's/^ *Machine: *//p')
    od -An -v -t d8 --endian="$order" -j $((16#$off)) -N $((16#$size)) "$work/$name.o" \
        | tr -s ' \n' '\n\n' | sed '/^$/d' > "$work/$name.values"
    awk 'NR == FNR { v[n++] = $1; next }
        { while (i < n && match($0, /%d/)) $0 = substr($0, 1, RSTART - 1) v[i++] substr($0, RSTART + 2); print }
        END { if (i != n) { print "probe: " n " values, " i " used" > "/dev/stderr"; exit 1 } }' \
        "$work/$name.values" "$work/$name.fmt"
}

# "struct field" for every field of every struct FILE... define (one field per line, as both
# rnetlink's and iproute2's headers write them; #define lines inside a struct are skipped).
fields() {
    awk '
        /^struct [a-z_0-9]+ \{[ \t]*$/ { s = $2; next }
        s && /^\};/ { s = ""; next }
        s && /^[ \t]*#/ { next }
        s && /;/ {
            line = $0; sub(/;.*/, "", line); sub(/\[.*\]/, "", line); sub(/[ \t]+$/, "", line)
            n = split(line, w, /[ \t*]+/); f = w[n]
            print s " " f
        }' "$@"
}

# Writes $work/NAME.c and NAME.fmt: every struct of the headers FILE... (included as
# INCLUDES, a list of #include lines), its size and alignment, each field's offset and size;
# with GENL=1 also a GENL_REQUEST's; with CONSTS=1 the integer constants of FILE....
gen_layouts() {
    local name=$1 includes=$2; shift 2
    fields "$@" > "$work/$name.fields"
    {
        printf '#include <stddef.h>\n#include <stdalign.h>\n%b' "$includes"
        [ "${GENL:-0}" = 1 ] && printf '#include <linux/genetlink.h>\nGENL_REQUEST(rnl_probe_genl, 1024, 0, 4, 0, 0, 0);\n'
        printf '__attribute__((section(".rnl_probe"), used)) const long long rnl_probe[] = {\n'
    } > "$work/$name.c"
    : > "$work/$name.fmt"
    for s in $(cut -d' ' -f1 "$work/$name.fields" | sort -u); do
        printf '\tsizeof(struct %s), alignof(struct %s),\n' "$s" "$s" >> "$work/$name.c"
        printf 'layout struct %s size %%d align %%d\n' "$s" >> "$work/$name.fmt"
    done
    while read -r s f; do
        printf '\toffsetof(struct %s, %s), sizeof(((struct %s *)0)->%s),\n' "$s" "$f" "$s" "$f" >> "$work/$name.c"
        printf 'layout struct %s.%s offset %%d size %%d\n' "$s" "$f" >> "$work/$name.fmt"
    done < "$work/$name.fields"
    if [ "${GENL:-0}" = 1 ]; then
        printf '\tsizeof(rnl_probe_genl), alignof(__typeof__(rnl_probe_genl)),\n' >> "$work/$name.c"
        printf 'layout GENL_REQUEST(r, 1024, f, 4, v, c, fl) size %%d align %%d\n' >> "$work/$name.fmt"
        for f in n g buf; do
            printf '\toffsetof(__typeof__(rnl_probe_genl), %s), sizeof(rnl_probe_genl.%s),\n' "$f" "$f" >> "$work/$name.c"
            printf 'layout GENL_REQUEST(r, 1024, f, 4, v, c, fl).%s offset %%d size %%d\n' "$f" >> "$work/$name.fmt"
        done
    fi
    if [ "${CONSTS:-0}" = 1 ]; then
        # Integer constants (#define NAME number-expression) of the headers.
        cat "$@" | sed -n 's/^#define \([A-Z][A-Z0-9_]*\) \([0-9(].*\)$/\1/p' | grep -v -e '^RNL_VERSION' -e '_H$' \
            | while read -r c; do
                printf '\t(long long)(%s),\n' "$c" >> "$work/$name.c"
                printf 'const %s %%d\n' "$c" >> "$work/$name.fmt"
            done
    fi
    printf '};\n' >> "$work/$name.c"
}

dump() {
    readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/soname \1/p'
    # Version definitions: "version NODE" or "version NODE parent PARENT" (the base entry,
    # which names the file itself, is skipped).
    readelf -V -W "$so" | awk '
        /Version definition section/ { d = 1; next }
        /Version (needs|symbols) section/ { d = 0 }
        d && /Name:/ && !/BASE/ { v = $NF; sub(/^.*Name: /, ""); node = $1; pending = node; print "version " node; next }
        d && /Parent 1:/ { sub(/^.*Parent 1: /, ""); print "version " pending " parent " $1 }'
    # Exported symbols: name, type, version node; data symbols also their size. (ppc64's
    # readelf adds a "[<localentry>: 8]" column after the visibility: dropped.)
    readelf --dyn-syms -W "$so" | awk '
        { gsub(/\[<localentry>: *[0-9]+\] */, "") }
        $7 != "UND" && $8 ~ /@@?/ && $4 != "NOTYPE" && $4 != "FILE" {
            split($8, p, /@@?/)
            if ($4 == "OBJECT" && p[1] == p[2]) next      # the version node itself
            line = "symbol " p[1] " " $4 " " p[2]
            if ($4 == "OBJECT") line = line " size " $3
            print line
        }'
    # Prototypes of the functions the headers declare (not the static inlines).
    printf '#include <rnetlink.h>\n' > "$work/decl.c"
    "$cc" -std=gnu11 $cflags -aux-info "$work/aux" -c "$work/decl.c" -o "$work/decl.o"
    grep -F "$inc/" "$work/aux" | grep -v ' static ' | sed -e 's|^/\* [^*]* \*/ *||' -e 's/  */ /g' \
        | sed 's/^/proto /'
    cat "$inc"/libnetlink.h "$inc"/libgenl.h "$inc"/rnetlink.h | grep '^typedef ' \
        | sed -e 's/  */ /g' -e 's/^/typedef-line /'
    # Struct layouts (every struct the headers define, every field of it) and constants.
    CONSTS=1 gen_layouts ours '#include <rnetlink.h>\n' "$inc"/libnetlink.h "$inc"/libgenl.h "$inc"/rnetlink.h
    probe ours -Wall -Werror $cflags
}

compare() {   # compare NAME-OF-THE-OTHER-SIDE: $work/base and $work/now, lines only in one fail
    gone=$(LC_ALL=C comm -23 "$work/base" "$work/now")
    new=$(LC_ALL=C comm -13 "$work/base" "$work/now")
    [ -z "$gone" ] && [ -z "$new" ] && return 0
    [ -z "$gone" ] || { echo "     only in $1:"; sed 's/^/       - /' <<<"$gone"; }
    [ -z "$new" ] || { echo "     only in this install:"; sed 's/^/       + /' <<<"$new"; }
    return 1
}

case "$mode" in
dump)
    echo "# rnetlink ABI (tools/abi.sh dump; regenerate with make abi-baseline, never by hand)"
    dump | LC_ALL=C sort
    ;;
check)
    dump | LC_ALL=C sort > "$work/now"
    grep -v '^#' "$top/abi/baseline.txt" | LC_ALL=C sort > "$work/base"
    gone=$(LC_ALL=C comm -23 "$work/base" "$work/now")
    new=$(LC_ALL=C comm -13 "$work/base" "$work/now")
    n=$(grep -c '^symbol ' "$work/now")
    nodes=$(sed -n 's/^version \([^ ]*\)$/\1/p' "$work/now" | tr '\n' ' ')
    if [ -z "$gone" ] && [ -z "$new" ]; then
        printf 'ok   ABI equals abi/baseline.txt: %d symbols in %s, %d structs, %d prototypes\n' \
            "$n" "${nodes% }" "$(grep -c '^layout struct [a-z_0-9]* size' "$work/now")" "$(grep -c '^proto ' "$work/now")"
    else
        echo "FAIL ABI differs from abi/baseline.txt"
        [ -z "$gone" ] || { echo "     removed or changed (an incompatible change: never allowed):"; sed 's/^/       - /' <<<"$gone"; }
        [ -z "$new" ] || { echo "     added or changed (if only added: put them in a new version node and run make abi-baseline):"; sed 's/^/       + /' <<<"$new"; }
        exit 1
    fi
    ;;
check-arch)
    failed=0
    # (a) the files are of ARCH ...
    want="$elfclass $byteorder endian $machine"
    got=$(readelf -h "$so" | sed -n -e 's/^ *Class: *//p' -e 's/^ *Data:.*complement, *//p' -e 's/^ *Machine: *//p' | paste -sd' ')
    members=$(readelf -h "$libdir/librnetlink.a" | sed -n 's/^ *Machine: *//p' | sort | uniq -c | sed 's/^ *//' | paste -sd,)
    nmembers=$(readelf -h "$libdir/librnetlink.a" | grep -c '^ *Machine:')
    if [ "$got" = "$want" ] && [ "$members" = "$nmembers $machine" ]; then
        echo "ok   ABI $arch: librnetlink.so.0 is $got; the $nmembers objects of librnetlink.a are $machine"
    else
        echo "FAIL ABI $arch: want $want; librnetlink.so.0 is $got; librnetlink.a's objects: $members"
        failed=1
    fi
    # ... and everything but the layouts is the baseline's (on the baseline's architecture,
    # the layouts too).
    dump > "$work/all.unsorted"       # not in a pipeline: probe_machine is set here
    LC_ALL=C sort "$work/all.unsorted" > "$work/all"
    if [ "$probe_machine" != "$machine" ]; then
        echo "FAIL ABI $arch: $cc compiles for $probe_machine, not $machine (CC=)"
        exit 1
    fi
    skip='^layout '
    [ "$arch" = "$baseline_arch" ] && skip='^$'
    grep -v "$skip" "$work/all" > "$work/now" || true
    grep -v -e '^#' -e "$skip" "$top/abi/baseline.txt" | LC_ALL=C sort > "$work/base"
    nodes=$(sed -n 's/^version \([^ ]*\)$/\1/p' "$work/now" | paste -sd' ')
    what="soname, $(grep -c '^symbol ' "$work/now") symbols in $nodes, $(grep -c '^proto ' "$work/now") prototypes, typedefs, $(grep -c '^const ' "$work/now") constants"
    [ "$arch" = "$baseline_arch" ] && what="$what, $(grep -c '^layout struct [a-z_0-9]* size' "$work/now") struct layouts"
    if out=$(compare abi/baseline.txt); then
        echo "ok   ABI $arch: $what equal abi/baseline.txt (probed with $cc)"
    else
        echo "FAIL ABI $arch: differs from abi/baseline.txt (compiled with $cc)"; echo "$out"
        failed=1
    fi
    # (b) the layouts of the installed headers and of iproute2's, with the same compiler.
    mkdir -p "$work/ip2"
    cp "$ip2src/include/libnetlink.h" "$ip2src/include/libgenl.h" "$work/ip2/"
    GENL=1 gen_layouts ours_l '#include <libnetlink.h>\n#include <libgenl.h>\n' "$inc"/libnetlink.h "$inc"/libgenl.h
    probe ours_l -Wall -Werror $cflags | LC_ALL=C sort > "$work/now"
    GENL=1 gen_layouts theirs '#include <libnetlink.h>\n#include <libgenl.h>\n' "$work/ip2"/libnetlink.h "$work/ip2"/libgenl.h
    probe theirs -I"$work/ip2" | LC_ALL=C sort > "$work/base"
    # Which iproute2: Debian's changelog names the package version, else the directory.
    ver=$(basename "$ip2src"); ver=${ver#iproute2-}
    deb=""
    [ -f "$ip2src/debian/changelog" ] && deb=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$ip2src/debian/changelog")
    src="iproute2 $ver${deb:+ (Debian source package $deb)}"
    # iproute2's struct definitions are the same text in every release from v6.0 to v7.1
    # (checked on the upstream repository's tags): say so when the tree is one of those.
    major=${ver%%.*}; minor=${ver#*.}; minor=${minor%%.*}
    note=""
    if [[ "$major.$minor" =~ ^[0-9]+\.[0-9]+$ ]] && { [ "$major" -eq 6 ] || { [ "$major" -eq 7 ] && [ "$minor" -le 1 ]; }; }; then
        [ "$ver" = 7.1.0 ] || note="; its libnetlink.h defines the structs exactly as v7.1's does (identical in v6.0 .. v7.1)"
    else
        note="; NOT between v6.0 and v7.1: compare its structs with v7.1's by hand"
    fi
    nstructs=$(grep -c '^layout struct [a-z_0-9]* size' "$work/now")
    if out=$(compare "$src"); then
        echo "ok   ABI $arch: $nstructs structs and GENL_REQUEST, $(wc -l < "$work/now") layout lines equal $src's headers$note"
    else
        echo "FAIL ABI $arch: struct layouts differ from $src's headers$note"; echo "$out"
        failed=1
    fi
    exit $failed
    ;;
*) echo "$usage" >&2; exit 2 ;;
esac
