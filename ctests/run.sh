#!/usr/bin/env bash
# Builds every ctests/*.c against an installed rnetlink (through its pkg-config file, so the
# install layout is what is tested) and runs it. Directives in a test's first lines:
#   ctest: netns          run inside a private network namespace (unshare -n)
#   ctest: cflags FLAGS   extra compiler flags
#   ctest: ldflags FLAGS  extra linker flags
#   ctest: no-valgrind    do not run under valgrind memcheck (every other test does: any
#                         memcheck error or definite leak fails it); say why on that line
# Ends with "N passed, N failed"; exits non-zero if any test failed.
set -u
prefix=${1:?usage: run.sh PREFIX [TEST...]}
shift
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../build/ctests"
mkdir -p "$out"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cflags=$(pkg-config --cflags rnetlink)
libs=$(pkg-config --libs rnetlink)
libdir=$(pkg-config --variable=libdir rnetlink)

if [ $# -gt 0 ]; then tests=("$@"); else tests=("$here"/*.c); fi
passed=0
failed=0
failed_names=()
for src in "${tests[@]}"; do
    name=$(basename "$src" .c)
    head=$(sed -n '1,15p' "$src")
    extra_cflags=$(sed -n 's/.*ctest: cflags \(.*\)$/\1/p' <<<"$head")
    extra_ldflags=$(sed -n 's/.*ctest: ldflags \(.*\)$/\1/p' <<<"$head")
    log="$out/$name.log"
    if ! ${CC:-cc} -std=gnu11 -O1 -g -Wall -Wextra -Werror $extra_cflags -I"$here" "$src" \
            $cflags $libs $extra_ldflags -Wl,-rpath,"$libdir" -o "$out/$name" > "$log" 2>&1; then
        echo "FAIL $name (does not compile)"
        sed 's/^/     /' "$log" | head -n 30
        failed=$((failed + 1)); failed_names+=("$name")
        continue
    fi
    run=("$out/$name")
    grep -q 'ctest: no-valgrind' <<<"$head" || run=(valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite "${run[@]}")
    grep -q 'ctest: netns' <<<"$head" && run=(unshare -n "${run[@]}")
    if (cd "$out" && timeout 300 "${run[@]}") > "$log" 2>&1; then
        echo "ok   $(tail -n 1 "$log")"
        passed=$((passed + 1))
    else
        echo "FAIL $name (exit $?)"
        sed 's/^/     /' "$log" | tail -n 40
        failed=$((failed + 1)); failed_names+=("$name")
    fi
done
[ "$failed" -eq 0 ] || echo "failed C tests: ${failed_names[*]}"
echo "ctests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
