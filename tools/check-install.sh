#!/usr/bin/env bash
# Checks an installed rnetlink (make install PREFIX=$1): the files and links, the soname, the
# exported symbols against the API list and the headers, the header compile matrix, and a
# static link. Prints one line per check and fails if any check fails.
set -u
prefix=${1:?usage: check-install.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
lib="$prefix/lib"
inc="$prefix/include/rnetlink"
version=$(pkg-config --modversion rnetlink)
failed=0

ok()   { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /'; failed=$((failed + 1)); }

# --- files, links and soname -------------------------------------------------------------
problems=""
for f in "librnetlink.so.$version" librnetlink.a pkgconfig/rnetlink.pc; do
    [ -f "$lib/$f" ] && [ ! -L "$lib/$f" ] || problems+="missing file $lib/$f"$'\n'
done
[ "$(readlink "$lib/librnetlink.so.0")" = "librnetlink.so.$version" ] || problems+="librnetlink.so.0 is not a link to librnetlink.so.$version"$'\n'
[ "$(readlink "$lib/librnetlink.so")" = "librnetlink.so.0" ] || problems+="librnetlink.so is not a link to librnetlink.so.0"$'\n'
for h in libnetlink.h libgenl.h rnetlink.h; do
    cmp -s "$inc/$h" "$top/include/$h" || problems+="$inc/$h differs from include/$h"$'\n'
done
soname=$(readelf -d "$lib/librnetlink.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = librnetlink.so.0 ] || problems+="soname is '$soname'"$'\n'
[ -z "$problems" ] && ok "install layout, links and soname librnetlink.so.0" || fail "install layout" "$problems"

# --- exported symbols ----------------------------------------------------------------------
nm -D --defined-only "$lib/librnetlink.so.0" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u > "$work/exported"
grep -v '^#' "$here/api-symbols.txt" | sort -u > "$work/allowed"
stray=$(grep -v '^rnl_' "$work/exported" | comm -23 - "$work/allowed")
missing=$(comm -13 "$work/exported" "$work/allowed")
if [ -z "$stray" ] && [ -z "$missing" ]; then
    ok "exports exactly the libnetlink/libgenl API and rnl_* ($(wc -l < "$work/exported") symbols)"
else
    fail "exported symbols differ from the API (stray, then missing)" "$stray"$'\n'"$missing"
fi

# Every function the installed headers declare is exported, and every exported function is
# declared: gcc -aux-info lists the prototypes each header contributes.
printf '#include <rnetlink.h>\n' > "$work/decl.c"
gcc -std=gnu11 $(pkg-config --cflags rnetlink) -aux-info "$work/aux" -c "$work/decl.c" -o "$work/decl.o"
grep -F "$inc/" "$work/aux" | grep -v ' static ' | sed -e 's|^/\* [^*]* \*/ ||' \
    | sed -n 's/^[^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\) (.*/\1/p' | sort -u > "$work/declared"
grep -q 'extern int rcvbuf;' "$inc/libnetlink.h" && echo rcvbuf >> "$work/declared"
sort -u -o "$work/declared" "$work/declared"
# The old API generations' entry points (rnl_compat_*, RNETLINK_0.3) are declared only under
# -DRNETLINK_IPROUTE2_API, by the old names, as asm labels: each must be named by one.
grep -v '^rnl_compat_' "$work/exported" > "$work/exported-v7"
if cmp -s "$work/declared" "$work/exported-v7"; then
    ok "headers declare exactly the exported symbols ($(wc -l < "$work/declared"))"
else
    fail "declared and exported symbols differ (< declared only, > exported only)" "$(diff "$work/declared" "$work/exported-v7" | grep '^[<>]')"
fi
# A label is a string, possibly pasted with a suffix macro ("rnl_compat_x" __RNL_H): the
# labels with every suffix the headers define.
sufs=$(sed -n 's/.*define __RNL_[A-Z]* "\(_[a-z0-9]*\)".*/\1/p' "$inc/libnetlink.h" | sort -u)
grep -oh '__asm__("rnl_compat_[a-z0-9_]*"[^)]*)' "$inc/libnetlink.h" "$inc/libgenl.h" | while read -r l; do
    base=$(sed 's/__asm__("\([a-z0-9_]*\)".*/\1/' <<<"$l")
    echo "$base"
    case $l in *'" __RNL_'*) for s in $sufs; do echo "$base$s"; done ;; esac
done | sort -u > "$work/labels"
missing=$(grep '^rnl_compat_' "$work/exported" | comm -23 - "$work/labels")
if [ -z "$missing" ]; then
    ok "every rnl_compat_ symbol is an old name's asm label in the headers ($(grep -c '^rnl_compat_' "$work/exported"))"
else
    fail "rnl_compat_ symbols no header binds an old name to" "$missing"
fi

# Exactly the functions of spec 2.9 carry warn_unused_result (only those that are declared).
# (The old API generations' __RNL_WUR, defined as the attribute, is not a function.)
cat "$inc"/*.h | grep -v 'define __RNL_WUR' | grep -A1 'warn_unused_result' | sed -n 's/.*[ *]\([a-z_0-9]*\)(.*/\1/p' | sort -u > "$work/wur"
grep -v '^#' "$here/warn-unused-result.txt" | sort -u | comm -12 - "$work/declared" > "$work/wur-want"
if cmp -s "$work/wur" "$work/wur-want"; then
    ok "warn_unused_result on exactly the spec's functions ($(wc -l < "$work/wur"))"
else
    fail "warn_unused_result differs from spec 2.9 (< has it, > should have it)" "$(diff "$work/wur" "$work/wur-want" | grep '^[<>]')"
fi

# --- the header compile matrix ---------------------------------------------------------------
for cc in "gcc -std=c99" "gcc -std=c11" "gcc -std=gnu11" "g++ -std=c++17 -x c++"; do
    if out=$($cc -Wall -Wextra -Werror $(pkg-config --cflags rnetlink) -c "$here/header_smoke.c" -o "$work/smoke.o" 2>&1); then
        ok "headers compile warning-free: $cc -Wall -Wextra -Werror"
    else
        fail "headers do not compile: $cc -Wall -Wextra -Werror" "$out"
    fi
done

# --- linking through pkg-config ---------------------------------------------------------------
if out=$(cc "$here/link_smoke.c" $(pkg-config --cflags --libs rnetlink) -o "$work/dyn" 2>&1) \
    && out=$(LD_LIBRARY_PATH="$lib" "$work/dyn" 2>&1); then
    ok "dynamic link: cc prog.c \$(pkg-config --cflags --libs rnetlink) -> $out"
else
    fail "dynamic link" "$out"
fi
# Static: librnetlink.a plus Libs.private (rustc's native-static-libs); the program must not
# need librnetlink.so at run time.
if out=$(cc "$here/link_smoke.c" $(pkg-config --cflags rnetlink) -Wl,-Bstatic $(pkg-config --libs-only-L --libs-only-l rnetlink) \
        -Wl,-Bdynamic $(pkg-config --static --libs rnetlink | sed 's/-lrnetlink//') -o "$work/static" 2>&1) \
    && ! readelf -d "$work/static" | grep -q 'librnetlink' && out=$("$work/static" 2>&1); then
    ok "static link: librnetlink.a with \$(pkg-config --static --libs rnetlink) -> $out"
else
    fail "static link" "$out"
fi

# --- make uninstall removes exactly what make install installed ------------------------------
stage="$work/stage"
mkdir -p "$stage$prefix/lib" && touch "$stage$prefix/lib/other-file"
make -s -C "$top" install DESTDIR="$stage" PREFIX="$prefix" >/dev/null 2>&1
installed=$(cd "$stage" && find . -type f -o -type l | sort)
make -s -C "$top" uninstall DESTDIR="$stage" PREFIX="$prefix" >/dev/null 2>&1
left=$(cd "$stage" && find . -type f -o -type l | sort)
# 9: the library, its two links, the archive, three headers, the .pc file; then the man pages.
want=$((9 + $(ls "$top"/man/*.3 | wc -l)))
if [ "$left" = "./${prefix#/}/lib/other-file" ] && [ "$(echo "$installed" | wc -l)" -eq "$want" ]; then
    ok "make install DESTDIR= installs $want files/links; make uninstall removes exactly those"
else
    fail "install/uninstall" "installed:"$'\n'"$installed"$'\n'"left:"$'\n'"$left"
fi

[ "$failed" -eq 0 ] || { echo "check-install: $failed check(s) failed"; exit 1; }
