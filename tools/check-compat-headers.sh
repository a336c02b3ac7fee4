#!/usr/bin/env bash
# Checks the older API generations of rnetlink's headers (-DRNETLINK_IPROUTE2_API, issue 18)
# against iproute2's own headers, release by release:
#   tools/check-compat-headers.sh IPROUTE2_GIT_DIR [INCLUDE_DIR]
# IPROUTE2_GIT_DIR is a clone of iproute2 (its tags are read with git show, nothing is
# checked out); INCLUDE_DIR is rnetlink's include/ (default: this tree's). For every tag
# v2.6.7 to the newest (vX.Y.Z, v2.6.N and the v2_6_N-* snapshots; the "jamal" side-branch
# snapshots are skipped), with RNETLINK_IPROUTE2_API set to the tag's MMmmpp:
#   - every function that iproute2's include/libnetlink.h and include/libgenl.h of the tag
#     declare has a compatible type in rnetlink's (gcc -aux-info lists theirs; each is
#     redeclared under another name and compared with __builtin_types_compatible_p);
#   - every callback typedef of theirs is compatible with rnetlink's;
#   - struct rtnl_handle and struct rtnl_dump_filter_arg have the same size and offsets, for
#     each compiler of CCS (default "gcc"; e.g. CCS="gcc i686-linux-gnu-gcc").
# Prints one line per tag; exits non-zero if any tag fails. Not part of make check (it needs
# an iproute2 clone).
set -u
git_dir=${1:?usage: check-compat-headers.sh IPROUTE2_GIT_DIR [INCLUDE_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
inc=$(cd "${2:-$here/../include}" && pwd)
ccs=${CCS:-gcc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

api_of() {   # the MMmmpp of a tag name
    local t=$1 a b c
    case $t in
        v2_6_*) t=${t#v2_6_}; echo $((20600 + ${t%%-*})) ;;
        *) IFS=. read -r a b c <<<"${t#v}"; echo $((a * 10000 + b * 100 + ${c:-0})) ;;
    esac
}

check_tag() {
    local tag=$1 api d problems=""
    api=$(api_of "$tag")
    d="$work/$tag"
    mkdir -p "$d"
    git -C "$git_dir" show "$tag:include/libnetlink.h" > "$d/libnetlink.h" 2>/dev/null || return 0
    git -C "$git_dir" show "$tag:include/libgenl.h" > "$d/libgenl.h" 2>/dev/null || : > "$d/libgenl.h"
    # Their prototypes.
    printf '#include <stdio.h>\n#include <sys/types.h>\n#include <string.h>\n#include <linux/genetlink.h>\n#include <libnetlink.h>\n#include <libgenl.h>\n' > "$d/theirs.c"
    if ! gcc -w -std=gnu11 -I"$d" -aux-info "$d/aux" -c "$d/theirs.c" -o /dev/null 2> "$d/err"; then
        echo "skip $tag: its own headers do not compile here"
        return 0
    fi
    grep -F "$d/" "$d/aux" | grep -v ' static ' | sed -e 's|^/\* [^*]* \*/ *||' > "$d/protos"
    {
        printf '#include <stdio.h>\n#include <sys/types.h>\n#include <string.h>\n#include <linux/genetlink.h>\n#include <libnetlink.h>\n#include <libgenl.h>\n'
        while read -r line; do
            name=$(sed -n 's/^[^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\1/p' <<<"$line")
            [ -n "$name" ] || continue
            printf '%s\n_Static_assert(__builtin_types_compatible_p(__typeof__(chk_%s), __typeof__(%s)), "function %s");\n' \
                "$(sed -e "s/\\b$name (/chk_$name (/" -e 's/^extern //' <<<"$line")" "$name" "$name" "$name"
        done < "$d/protos"
        # Their callback typedefs (joined over continuation lines).
        awk '/^typedef/ { t = $0; while (t !~ /;/) { getline l; t = t " " l } print t }' "$d/libnetlink.h" |
            while read -r line; do
                name=$(sed -n 's/.*(\*\([A-Za-z_0-9]*\)).*/\1/p' <<<"$line")
                [ -n "$name" ] || continue
                printf '%s\n_Static_assert(__builtin_types_compatible_p(chk_%s, %s), "typedef %s");\n' \
                    "$(sed "s/(\\*$name)/(*chk_$name)/" <<<"$line")" "$name" "$name" "$name"
            done
    } > "$d/chk.c"
    if ! out=$(gcc -w -std=gnu11 -DRNETLINK_IPROUTE2_API="$api" -I"$inc" -c "$d/chk.c" -o /dev/null 2>&1); then
        problems+=$(grep -o 'static assertion failed: "[^"]*"\|error: .*' <<<"$out" | head -5)$'\n'
    fi
    # Layouts: sizes and offsets as .zero/.space directives of a few arrays.
    local has_arg=0
    grep -q 'struct rtnl_dump_filter_arg' "$d/libnetlink.h" && has_arg=1
    for cc in $ccs; do
        prog='#include <stdio.h>\n#include <sys/types.h>\n#include <stddef.h>\n#include <libnetlink.h>\n'
        prog+='char a[sizeof(struct rtnl_handle)], b[offsetof(struct rtnl_handle, seq) + 1], c[offsetof(struct rtnl_handle, dump) + 1];\n'
        [ $has_arg = 1 ] && prog+='char e[sizeof(struct rtnl_dump_filter_arg)], f[offsetof(struct rtnl_dump_filter_arg, arg1) + 1];\n'
        l1=$(printf "$prog" | $cc -w -x c - -I"$d" -S -o - 2>/dev/null | grep -E '\.(zero|space)' | tr -s ' \t' ' ' | tr '\n' ';')
        l2=$(printf "$prog" | $cc -w -x c - -DRNETLINK_IPROUTE2_API="$api" -I"$inc" -S -o - 2>/dev/null | grep -E '\.(zero|space)' | tr -s ' \t' ' ' | tr '\n' ';')
        [ -n "$l1" ] && [ "$l1" = "$l2" ] || problems+="$cc layouts: iproute2 [$l1], rnetlink [$l2]"$'\n'
    done
    if [ -z "$problems" ]; then
        printf 'ok   %s (API %s): %d functions, %d typedefs, layouts with %s\n' "$tag" "$api" \
            "$(grep -c '"function ' "$d/chk.c")" "$(grep -c '"typedef ' "$d/chk.c")" "$ccs"
    else
        printf 'FAIL %s (API %s)\n%s' "$tag" "$api" "$(sed 's/^/     /' <<<"${problems%$'\n'}")"$'\n'
        failed=$((failed + 1))
    fi
}

for tag in $(git -C "$git_dir" tag | grep -E '^v2_6_([0-9]+)-' | grep -v jamal | sort -V) \
           $(git -C "$git_dir" tag | grep -E '^v[2-9]\.[0-9]+(\.[0-9]+)?$' | sort -V); do
    check_tag "$tag"
done
[ "$failed" -eq 0 ] || { echo "check-compat-headers: $failed tag(s) failed"; exit 1; }
