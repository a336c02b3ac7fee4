#!/usr/bin/env bash
# tools/check-install-compat.sh PREFIX: checks a `make install-compat PREFIX=PREFIX` (run by the
# Makefile's check-install-compat, which then checks uninstall-compat). Every build line here is
# the one an existing libnetlink program uses: -I$PREFIX/include ... -L$PREFIX/lib -lnetlink,
# no pkg-config, no rnetlink name.
set -u
prefix=${1:?usage: check-install-compat.sh PREFIX}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/build/install-compat
rm -rf "$out" && mkdir -p "$out"
cc=${CC:-cc}
fail() { echo "FAIL install-compat: $*"; [ -s "$out/log" ] && sed 's/^/     /' "$out/log" | tail -n 20; exit 1; }

for f in include/libnetlink.h include/libgenl.h lib/libnetlink.so lib/libnetlink.a; do
    [ -e "$prefix/$f" ] || fail "$prefix/$f missing"
done
[ "$(readlink "$prefix/lib/libnetlink.so")" = librnetlink.so.0 ] || fail "libnetlink.so does not point to librnetlink.so.0"

# 1. Dynamic: cc -I$PREFIX/include prog.c -L$PREFIX/lib -lnetlink; NEEDED librnetlink.so.0; runs.
$cc -I"$prefix/include" "$here/ctests/compat/compat_smoke.c" -L"$prefix/lib" -lnetlink \
    -o "$out/smoke" > "$out/log" 2>&1 || fail "cc -I\$PREFIX/include prog.c -L\$PREFIX/lib -lnetlink does not build"
needed=$(readelf -d "$out/smoke" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case " $needed" in *" librnetlink.so.0 "*) ;; *) fail "NEEDED is '$needed', not librnetlink.so.0";; esac
case " $needed" in *libnetlink.so*) fail "NEEDED names libnetlink.so: $needed";; esac
LD_LIBRARY_PATH="$prefix/lib" unshare -n "$out/smoke" > "$out/run.log" 2>&1 || { cp "$out/run.log" "$out/log"; fail "the -lnetlink program does not run"; }

# 2. configure's AC_CHECK_LIB([netlink], [rtnl_open]): autoconf's own conftest program.
cat > "$out/conftest.c" <<'C'
/* Override any GCC internal prototype to avoid an error.
   Use char because int might match the return type of a GCC
   builtin and then its argument prototype would still apply.  */
#ifdef __cplusplus
extern "C"
#endif
char rtnl_open ();
int
main (void)
{
return rtnl_open ();
  ;
  return 0;
}
C
$cc -o "$out/conftest" -g -O2 "$out/conftest.c" -L"$prefix/lib" -lnetlink > "$out/log" 2>&1 \
    || fail "AC_CHECK_LIB([netlink], [rtnl_open]) link test fails"

# 3. Static: libnetlink.a is librnetlink.a; a static link needs the native libraries that
#    `pkg-config --static --libs rnetlink` lists after -lrnetlink (Libs.private).
private=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --static --libs-only-l rnetlink | sed 's/-lrnetlink//')
$cc -I"$prefix/include" "$here/ctests/compat/compat_smoke.c" -L"$prefix/lib" -l:libnetlink.a $private \
    -o "$out/smoke_static" > "$out/log" 2>&1 || fail "-l:libnetlink.a $private does not build"
$cc -I"$prefix/include" "$here/ctests/compat/compat_smoke.c" -L"$prefix/lib" \
    -Wl,-Bstatic -lnetlink -Wl,-Bdynamic $private -o "$out/smoke_static2" > "$out/log" 2>&1 \
    || fail "-Wl,-Bstatic -lnetlink -Wl,-Bdynamic $private does not build"
for b in smoke_static smoke_static2; do
    ! readelf -d "$out/$b" | grep -q 'netlink' || fail "$b still needs a shared libnetlink"
    unshare -n "$out/$b" > "$out/run.log" 2>&1 || { cp "$out/run.log" "$out/log"; fail "$b does not run"; }
done
echo "ok   install-compat: -I\$PREFIX/include prog.c -L\$PREFIX/lib -lnetlink builds (NEEDED $(echo $needed)) and runs; AC_CHECK_LIB([netlink], [rtnl_open]) links; static with -l:libnetlink.a or -Bstatic -lnetlink and$(printf ' %s' $private)"
