#!/usr/bin/env bash
# tools/compat-proof.sh: the proof that programs written for old iproute2 libnetlink APIs build
# unchanged on rnetlink and behave as they did (issue 18). Programs: ctests/compat/programs.txt.
#
#   compat-proof.sh check   PREFIX [GIT]   make check: the rnetlink side of every program against
#                                          the committed goldens; when GIT (iproute2's history) is
#                                          given, also the live comparison below. Each line says
#                                          which comparisons it made.
#   compat-proof.sh live    PREFIX GIT     make check-compat-live: the live comparison only, and
#                                          the old library's run against its golden
#   compat-proof.sh goldens GIT            make compat-goldens: (re)record ctests/compat/golden/
#
# PREFIX is a `make install-compat` prefix. GIT is a git directory with iproute2's tags.
#
# The old side: each program's tag is extracted from GIT into build/compat/old/TAG/src (never
# into the repository), and that release's own lib/libnetlink.c and lib/libgenl.c are compiled
# with today's gcc into build/compat/old/TAG/libnetlink.a, as its lib/Makefile did (with libmnl
# when the file supports it and it is installed). A tree whose libnetlink.c needs its utils
# (7.x) is configured and its lib/ built with its own Makefile. Only flags are chosen, their
# code is not touched. The program is built against that tree's include/ and that archive.
#
# The rnetlink side: the same source, built with
#     cc -I$PREFIX/include [-DRNETLINK_IPROUTE2_API=N] prog.c -L$PREFIX/lib -lnetlink
# and run under valgrind memcheck (any error or definite leak fails).
#
# Each run: a fresh network namespace (unshare -n: lo only), under tools/compat-sendlog.c (an
# LD_PRELOAD that logs every byte sent on a netlink socket and pins time(), so the sequence
# numbers of both runs start from the same value). Compared: exit status, stdout, stderr and
# the bytes sent, message by message.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=$here/build/compat
golden_dir=$here/ctests/compat/golden
cc=${CC:-cc}
mkdir -p "$build"

mode=${1:-}
case "$mode" in
    check) prefix=${2:?PREFIX}; git=${3:-};;
    live) prefix=${2:?PREFIX}; git=${3:?GIT};;
    goldens) prefix=; git=${2:?GIT};;
    *) sed -n '2,16p' "$0" >&2; exit 2;;
esac
if [ -n "$git" ] && ! git --git-dir="$git" rev-parse -q --verify v4.9.0^{commit} > /dev/null 2>&1; then
    echo "FAIL compat: $git is not an iproute2 git directory (no tag v4.9.0)"; exit 1
fi

# The preload that logs what is sent.
sendlog=$build/compat-sendlog.so
if [ ! -e "$sendlog" ] || [ tools/compat-sendlog.c -nt "$sendlog" ]; then
    $cc -shared -fPIC -O2 -Wall -o "$sendlog" tools/compat-sendlog.c -ldl || { echo "FAIL compat: tools/compat-sendlog.c"; exit 1; }
fi

# build_old TAG: build/compat/old/TAG/{libnetlink.a or src/lib/*.a, cflags, libs, provenance}.
build_old() {
    local tag=$1 dir=$build/old/$1 commit flags libs objs f
    commit=$(git --git-dir="$git" rev-parse "$tag^{commit}") || return 1
    if [ -s "$dir/provenance" ] && grep -q "$commit" "$dir/provenance"; then return 0; fi
    rm -rf "$dir" && mkdir -p "$dir/src"
    git --git-dir="$git" archive "$tag" | tar -x -C "$dir/src" || return 1
    if grep -q '#include "utils.h"' "$dir/src/lib/libnetlink.c"; then
        # 7.x: libnetlink.c uses the tree's utils and json printer: its own configure and lib/.
        (cd "$dir/src" && ./configure && make SUBDIRS=lib) > "$dir/build.log" 2>&1 || return 1
        libs="$dir/src/lib/libnetlink.a $dir/src/lib/libutil.a $(sed -n 's/^LDLIBS *+= *//p' "$dir/src/config.mk" | tr '\n' ' ')"
        flags="configure; make SUBDIRS=lib ($(sed -n 's/^CFLAGS *+= *//p' "$dir/src/config.mk" | grep -o -- '-DHAVE_[A-Z_]*' | tr '\n' ' '))"
        f="lib/libnetlink.c, lib/libgenl.c and lib/ (libutil.a)"
    else
        flags="-O2 -g -fcommon"
        libs=
        if grep -q HAVE_LIBMNL "$dir/src/lib/libnetlink.c" && [ -e /usr/include/libmnl/libmnl.h ]; then
            flags="$flags -DHAVE_LIBMNL"; libs=-lmnl
        fi
        objs=()
        f=
        for c in libnetlink libgenl; do
            [ -e "$dir/src/lib/$c.c" ] || continue
            $cc $flags -I"$dir/src/include" -c "$dir/src/lib/$c.c" -o "$dir/$c.o" >> "$dir/build.log" 2>&1 || return 1
            objs+=("$dir/$c.o"); f="$f${f:+ and }lib/$c.c"
        done
        ar rcs "$dir/libnetlink.a" "${objs[@]}" || return 1
        libs="$dir/libnetlink.a $libs"
    fi
    echo "-I$dir/src/include" > "$dir/cflags"
    echo "$libs" > "$dir/libs"
    echo "iproute2 $tag (commit $commit): its $f, built with $($cc --version | head -n 1) $flags" > "$dir/provenance"
}

# run BIN OUT VALGRIND: runs BIN in a fresh network namespace; writes OUT (exit, stdout, stderr,
# sent). With VALGRIND=1 under memcheck; its findings go to OUT.valgrind.
run() {
    local bin=$1 out=$2 vg=$3 d rc
    d=$(mktemp -d "$build/run.XXXXXX")
    : > "$d/sent"
    local cmd=("$bin")
    [ "$vg" = 1 ] && cmd=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
                          --show-leak-kinds=definite --log-file="$d/valgrind" "$bin")
    (cd "$d" && RNL_SENDLOG="$d/sent" LD_PRELOAD="$sendlog" timeout 120 unshare -n "${cmd[@]}" > "$d/stdout" 2> "$d/stderr")
    rc=$?
    { echo "== exit $rc"; echo "== stdout"; cat "$d/stdout"; echo "== stderr"; cat "$d/stderr"
      echo "== sent"; cat "$d/sent"; } > "$out"
    rm -f "$out.valgrind"
    if [ "$vg" = 1 ] && { [ "$rc" = 99 ] || [ -s "$d/valgrind" ]; }; then cp "$d/valgrind" "$out.valgrind"; fi
    rm -rf "$d"
}

# old_side PROG TAG: builds and runs PROG against TAG's library; sets old_out.
old_side() {
    local prog=$1 tag=$2 o=$build/$1
    mkdir -p "$o"
    build_old "$tag" || { echo "FAIL compat $prog: iproute2 $tag's library does not build (build/compat/old/$tag/build.log)"; tail -n 15 "$build/old/$tag/build.log" | sed 's/^/     /'; return 1; }
    # shellcheck disable=SC2046
    $cc -O1 -g -Wall $(cat "$build/old/$tag/cflags") "ctests/compat/$prog.c" $(cat "$build/old/$tag/libs") \
        -o "$o/old" > "$o/old.cc.log" 2>&1 \
        || { echo "FAIL compat $prog: does not build against iproute2 $tag"; sed 's/^/     /' "$o/old.cc.log" | tail -n 15; return 1; }
    run "$o/old" "$o/old.out" 0
    old_out=$o/old.out
}

# rnl_side PROG API: builds PROG with only the define and -lnetlink added, runs it under valgrind.
rnl_side() {
    local prog=$1 api=$2 o=$build/$1 def=
    mkdir -p "$o"
    [ "$api" != - ] && def=-DRNETLINK_IPROUTE2_API=$api
    rnl_cc="cc -I\$PREFIX/include${def:+ $def} $prog.c -L\$PREFIX/lib -lnetlink"
    $cc -O1 -g -Wall -I"$prefix/include" $def "ctests/compat/$prog.c" -L"$prefix/lib" -lnetlink \
        -Wl,-rpath,"$prefix/lib" -o "$o/rnl" > "$o/rnl.cc.log" 2>&1 \
        || { echo "FAIL compat $prog: does not build on rnetlink ($rnl_cc)$( [ -n "$def" ] && ! grep -qs RNETLINK_IPROUTE2_API "$prefix/include/libnetlink.h" && echo ': the installed <libnetlink.h> does not know RNETLINK_IPROUTE2_API')"; sed 's/^/     /' "$o/rnl.cc.log" | head -n 15; return 1; }
    readelf -d "$o/rnl" | grep -q 'NEEDED.*\[librnetlink.so.0\]' \
        || { echo "FAIL compat $prog: the -lnetlink build does not need librnetlink.so.0"; return 1; }
    run "$o/rnl" "$o/rnl.out" 1
    if [ -e "$o/rnl.out.valgrind" ]; then
        echo "FAIL compat $prog: valgrind memcheck on the rnetlink build"; sed 's/^/     /' "$o/rnl.out.valgrind" | head -n 30
        return 1
    fi
    rnl_out=$o/rnl.out
}

# same WHAT A B [LABEL-A LABEL-B]: compares two outputs (a golden's first line is its
# provenance, not compared). With norm=1, the kernel's error reports on stderr ("Error: <the
# kernel's ext-ack text>." or "RTNETLINK answers: <strerror>") are compared as one token: see
# kernel_texts below.
# With deliberate=FILE (ctests/compat/deliberate/PROG.patch), the expected side is first
# patched with FILE: the documented places where rnetlink refuses an old release's bug by
# design (README, "What differs from the old libraries, on purpose"). The golden itself stays the old library's
# output.
norm=0
deliberate=
same() {
    local what=$1 a=$2 b=$3 n=cat exp
    [ "$norm" = 1 ] && n=kernel_texts
    exp=$(mktemp "$build/expected.XXXXXX")
    grep -v '^# golden:' "$a" > "$exp"
    if [ -n "$deliberate" ] && ! patch -s "$exp" "$deliberate" > "$exp.log" 2>&1; then
        { echo "$deliberate does not apply:"; cat "$exp.log"; } > "$b.diff"; rm -f "$exp" "$exp.log"; return 1
    fi
    diff -u --label "$what: ${4:-expected}" --label "$what: ${5:-rnetlink}" \
        <($n < "$exp") <($n < "$b") > "$b.diff"
    local rc=$?
    rm -f "$exp" "$exp.log" "$exp.orig"
    return $rc
}

# Which text the kernel puts in an error's ext-ack (and whether it puts one) is the kernel's
# choice, and changes between kernel versions: a golden recorded on another kernel can differ
# there. So when this kernel is not the golden's and the program's era enables ext-ack (4.13+;
# earlier releases never asked for it, so those goldens stay exact), the reports are compared
# as one token. The live comparison, on one kernel, is always exact.
kernel_texts() {
    sed -e '/^== stderr/,/^== sent/{s/^Error: .*\.$/<kernel error report>/;s/^RTNETLINK answers: .*/<kernel error report>/}'
}

summary() {  # OUT: "N sends, exit E, S stdout lines, T stderr lines"
    printf '%s sends (%s bytes), exit %s, %s stdout and %s stderr lines' \
        "$(grep -c '^send' "$1")" "$(awk '/^send/ { sub("bytes=", "", $2); n += $2 } END { print n + 0 }' "$1")" \
        "$(sed -n 's/^== exit //p' "$1")" \
        "$(sed -n '/^== stdout/,/^== stderr/p' "$1" | grep -vc '^== ')" \
        "$(sed -n '/^== stderr/,/^== sent/p' "$1" | grep -vc '^== ')"
}

status=0
while read -r prog tag api gen; do
    case "$prog" in ''|'#'*) continue;; esac
    golden=$golden_dir/$prog.golden
    deliberate=
    dnote=
    if [ -e "ctests/compat/deliberate/$prog.patch" ] && [ "$mode" != goldens ]; then
        dnote=" + the documented deliberate differences of ctests/compat/deliberate/$prog.patch"
    fi
    label="$prog ($gen, iproute2 $tag, ${api/#-/no define})"
    case "$mode" in
    goldens)
        old_side "$prog" "$tag" || { status=1; continue; }
        [ "$(sed -n 's/^== exit //p' "$old_out")" = 0 ] || { echo "FAIL compat $prog: exits non-zero on iproute2 $tag"; status=1; continue; }
        { echo "# golden: $prog.c on $(cat "$build/old/$tag/provenance"); Linux $(uname -r); recorded by tools/compat-proof.sh goldens"
          cat "$old_out"; } > "$golden"
        echo "ok   compat golden $label: $(summary "$old_out")"
        ;;
    check|live)
        if [ "$mode" = live ]; then
            # The old library first: its run here against its golden (drift is reported, not
            # failed: the golden may come from another kernel).
            old_side "$prog" "$tag" || { status=1; continue; }
            norm=0
            if [ -e "$golden" ] && ! same "$prog" "$golden" "$old_out" golden "iproute2 $tag here"; then
                echo "note compat $prog: iproute2 $tag's run here differs from its golden (kernel $(uname -r)); make compat-goldens re-records:"
                sed 's/^/     /' "$old_out.diff" | head -n 20
            fi
        fi
        rnl_side "$prog" "$api" || { status=1; continue; }
        verdict=
        if [ "$mode" = check ]; then
            rec=$(sed -n 's/.*; Linux \([^;]*\);.*/\1/p' "$golden" 2>/dev/null)
            norm=0
            if [ "$rec" != "$(uname -r)" ] && { [ "$api" = - ] || [ "$api" -ge 41300 ]; }; then norm=1; fi
            if [ ! -e "$golden" ]; then
                echo "FAIL compat $label: no golden $golden"; status=1; continue
            elif deliberate=${dnote:+ctests/compat/deliberate/$prog.patch} same "$prog" "$golden" "$rnl_out" "iproute2 $tag (golden)$dnote"; then
                verdict="rnetlink = golden$dnote"
                [ "$norm" = 1 ] && verdict="$verdict (recorded on Linux $rec, this is $(uname -r): the kernel's error texts compared as one token)"
            else
                echo "FAIL compat $label: rnetlink differs from the golden (recorded on Linux $rec, this is $(uname -r)):"
                sed 's/^/     /' "$rnl_out.diff" | head -n 40; status=1
                [ -z "$git" ] && continue
                verdict="rnetlink != golden"
            fi
        fi
        if [ -n "$git" ]; then
            norm=0
            [ "$mode" = live ] || old_side "$prog" "$tag" || { status=1; continue; }
            if deliberate=${dnote:+ctests/compat/deliberate/$prog.patch} same "$prog" "$old_out" "$rnl_out" "iproute2 $tag (live)$dnote"; then
                verdict="${verdict:+$verdict, }live: iproute2 $tag's own library$dnote = rnetlink"
            else
                echo "FAIL compat $label: rnetlink differs from iproute2 $tag's own library (live):"
                sed 's/^/     /' "$rnl_out.diff" | head -n 40; status=1; continue
            fi
        else
            verdict="$verdict (goldens only: no iproute2 history here, live comparison not run)"
        fi
        if [[ "$verdict" == *"!="* ]]; then echo "note compat $prog: $verdict"; continue; fi
        echo "ok   compat $label: $verdict: $(summary "$rnl_out"); built with $rnl_cc; valgrind clean"
        ;;
    esac
done < ctests/compat/programs.txt
exit $status
