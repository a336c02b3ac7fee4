#!/usr/bin/env bash
# The ABI of an installed rnetlink, as one sorted text that can be kept in the repository.
#   tools/abi.sh dump PREFIX     print it (make abi-baseline writes it to abi/baseline.txt)
#   tools/abi.sh check PREFIX    compare it with abi/baseline.txt; any difference fails
# It holds what a compiled program depends on:
#   - the soname and the version nodes with their parents (readelf -V);
#   - every exported symbol with its type and version node, and a data symbol's size (readelf);
#   - every exported function's prototype as the installed headers declare it (gcc -aux-info),
#     and the callback typedefs;
#   - the size and alignment of every public struct and each field's offset and size, as a C
#     compiler sees the installed headers (a probe generated from the struct definitions);
#   - the values of the headers' integer constants.
# Removing or changing anything fails the check; so does adding, until the baseline is
# regenerated (make abi-baseline) in the same commit. New symbols go in a new version node
# (abi/rnetlink.map), which the baseline then shows.
set -euo pipefail
mode=${1:?usage: abi.sh dump|check PREFIX}
prefix=${2:?usage: abi.sh dump|check PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'echo "FAIL tools/abi.sh $mode: the command at line $LINENO failed" >&2' ERR
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
inc="$prefix/include/rnetlink"
so="$prefix/lib/librnetlink.so.0"
cflags=$(pkg-config --cflags rnetlink)

dump() {
    readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/soname \1/p'
    # Version definitions: "version NODE" or "version NODE parent PARENT" (the base entry,
    # which names the file itself, is skipped).
    readelf -V -W "$so" | awk '
        /Version definition section/ { d = 1; next }
        /Version (needs|symbols) section/ { d = 0 }
        d && /Name:/ && !/BASE/ { v = $NF; sub(/^.*Name: /, ""); node = $1; pending = node; print "version " node; next }
        d && /Parent 1:/ { sub(/^.*Parent 1: /, ""); print "version " pending " parent " $1 }'
    # Exported symbols: name, type, version node; data symbols also their size.
    readelf --dyn-syms -W "$so" | awk '
        $7 != "UND" && $8 ~ /@@?/ && $4 != "NOTYPE" && $4 != "FILE" {
            split($8, p, /@@?/)
            if ($4 == "OBJECT" && p[1] == p[2]) next      # the version node itself
            line = "symbol " p[1] " " $4 " " p[2]
            if ($4 == "OBJECT") line = line " size " $3
            print line
        }'
    # Prototypes of the functions the headers declare (not the static inlines).
    printf '#include <rnetlink.h>\n' > "$work/decl.c"
    gcc -std=gnu11 $cflags -aux-info "$work/aux" -c "$work/decl.c" -o "$work/decl.o"
    grep -F "$inc/" "$work/aux" | grep -v ' static ' | sed -e 's|^/\* [^*]* \*/ *||' -e 's/  */ /g' \
        | sed 's/^/proto /'
    cat "$inc"/libnetlink.h "$inc"/libgenl.h "$inc"/rnetlink.h | grep '^typedef ' \
        | sed -e 's/  */ /g' -e 's/^/typedef-line /'
    # Struct layouts: every struct the headers define, every field of it.
    awk '
        /^struct [a-z_0-9]+ \{$/ { s = $2; next }
        s && /^\};/ { s = ""; next }
        s && /;/ {
            line = $0; sub(/;.*/, "", line); sub(/\[.*\]/, "", line)
            n = split(line, w, /[ *]+/); f = w[n]
            print s " " f
        }' "$inc"/libnetlink.h "$inc"/libgenl.h "$inc"/rnetlink.h > "$work/fields"
    {
        printf '#include <stdio.h>\n#include <stddef.h>\n#include <stdalign.h>\n#include <rnetlink.h>\n'
        printf 'int main(void)\n{\n'
        for s in $(cut -d' ' -f1 "$work/fields" | sort -u); do
            printf '\tprintf("layout struct %s size %%zu align %%zu\\n", sizeof(struct %s), alignof(struct %s));\n' "$s" "$s" "$s"
        done
        while read -r s f; do
            printf '\tprintf("layout struct %s.%s offset %%zu size %%zu\\n", offsetof(struct %s, %s), sizeof(((struct %s *)0)->%s));\n' \
                "$s" "$f" "$s" "$f" "$s" "$f"
        done < "$work/fields"
        # Integer constants (#define NAME number-expression) of the installed headers.
        cat "$inc"/libnetlink.h "$inc"/libgenl.h "$inc"/rnetlink.h \
            | sed -n 's/^#define \([A-Z][A-Z0-9_]*\) \([0-9(].*\)$/\1/p' | grep -v -e '^RNL_VERSION' -e '_H$' \
            | while read -r c; do
                printf '\tprintf("const %s %%lld\\n", (long long)(%s));\n' "$c" "$c"
            done
        printf '\treturn 0;\n}\n'
    } > "$work/probe.c"
    gcc -std=gnu11 -Wall -Werror $cflags "$work/probe.c" -o "$work/probe"
    "$work/probe"
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
*) echo "usage: abi.sh dump|check PREFIX" >&2; exit 2 ;;
esac
