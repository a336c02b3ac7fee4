#!/usr/bin/env bash
# Checks an installed set of rnetlink manual pages (make install MANDIR=$1) against the library
# $2: every symbol the library exports, and rnetlink itself, has a section-3 page that
# `man -M MANDIR -w` finds; every `.so` alias points at a page that is there; and every page
# renders through groff and through man with not a single warning. Prints one line per check
# and fails if any check fails.
set -u
usage='usage: check-man.sh MANDIR LIBFILE'
mandir=${1:?$usage}
lib=${2:?$usage}
failed=0

ok()   { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n' "$1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /'; failed=$((failed + 1)); }
finish() { [ "$failed" -eq 0 ] || { echo "check-man: $failed check(s) failed"; exit 1; }; exit 0; }

for tool in man groff nm; do
    command -v "$tool" >/dev/null || { fail "$tool is not installed (tools/deps.txt)"; finish; }
done
[ -d "$mandir/man3" ] || { fail "no directory $mandir/man3"; finish; }
mandir=$(cd "$mandir" && pwd)
# man must not page, translate or guess: plain text of the pages given, 80 columns.
export LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat MANOPT= MANPATH=

# The `.so` target named on the first line of a page, if it is an alias ("" otherwise).
so_target() { zcat -f "$1" 2>/dev/null | sed -n '1s/^\.so[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p'; }

# --- (a) every exported name, and rnetlink, has a page ---------------------------------------
# nm -D prints versioned names as name@@NODE and lists each version node as an absolute (A)
# symbol; the names are the symbols without the version, and the nodes are not names.
if ! syms=$(nm -D --defined-only "$lib" 2>&1); then
    fail "nm -D --defined-only $lib" "$syms"
    finish
fi
names=$( { printf '%s\n' "$syms" | awk 'NF >= 3 && $2 != "A" { print $3 }' | sed 's/@.*//'; echo rnetlink; } | sort -u)
count=$(printf '%s\n' "$names" | wc -l)
if [ "$count" -lt 2 ]; then
    fail "$lib exports no symbols"
    finish
fi
problems=""
for name in $names; do
    # man -w resolves a .so alias and prints the page it leads to.
    if ! page=$(man -M "$mandir" -w 3 "$name" 2>&1) || [ -z "$page" ]; then
        problems+="$name: no page ($page)"$'\n'
        continue
    fi
    case $page in
        "$mandir"/man3/*) ;;
        *) problems+="$name: found outside $mandir: $page"$'\n'; continue ;;
    esac
    [ -f "$page" ] || problems+="$name: man -w names $page, which does not exist"$'\n'
    [ -z "$(so_target "$page")" ] || problems+="$name: $page is itself a .so alias (chained)"$'\n'
done
if [ -z "$problems" ]; then
    ok "man -w 3 finds a page for rnetlink and each of the $((count - 1)) exported symbols"
else
    fail "names without a page in $mandir" "${problems%$'\n'}"
fi

# --- (b) every .so alias leads to a page that is there ----------------------------------------
pages=()
for p in "$mandir"/man3/*.3 "$mandir"/man3/*.3.gz; do
    [ -f "$p" ] && pages+=("$p")
done
problems=""
aliases=0
for p in "${pages[@]}"; do
    target=$(so_target "$p")
    [ -n "$target" ] || continue
    aliases=$((aliases + 1))
    if [ ! -f "$mandir/$target" ] && [ ! -f "$mandir/$target.gz" ]; then
        problems+="${p#"$mandir"/}: .so $target, which is not in $mandir"$'\n'
    elif [ -n "$(so_target "$mandir/$target")" ]; then
        problems+="${p#"$mandir"/}: .so $target, which is itself an alias"$'\n'
    elif [ "$(zcat -f "$p" | wc -l)" -ne 1 ]; then
        problems+="${p#"$mandir"/}: an alias page holds more than its .so line"$'\n'
    fi
done
if [ -z "$problems" ]; then
    ok "each of the $aliases .so aliases leads to a page in $mandir"
else
    fail ".so aliases" "${problems%$'\n'}"
fi

# --- (c) every page renders without a warning ---------------------------------------------------
# groff with every warning enabled (-ww) and backtraces (-b), from MANDIR so that `.so man3/X.3`
# resolves; then man itself (its .so handling, preprocessors and groff warnings), at 80 columns.
# Any output on stderr is a failure.
problems=""
for p in "${pages[@]}"; do
    rel=${p#"$mandir"/}
    out=$(cd "$mandir" && zcat -f "$rel" | groff -man -ww -b -z 2>&1)
    [ -z "$out" ] || problems+="$rel (groff -man -ww -b -z):"$'\n'"$out"$'\n'
    out=$(cd "$mandir" && man -M "$mandir" -l --warnings=w "$rel" 2>&1 >/dev/null)
    [ -z "$out" ] || problems+="$rel (man -l --warnings=w):"$'\n'"$out"$'\n'
done
if [ "${#pages[@]}" -eq 0 ]; then
    fail "no pages in $mandir/man3"
elif [ -z "$problems" ]; then
    ok "all ${#pages[@]} pages render without a warning (groff -man -ww; man --warnings=w, MANWIDTH=80)"
else
    fail "pages with warnings" "${problems%$'\n'}"
fi

finish
