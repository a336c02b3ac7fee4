# rnetlink — build, install and test the C library.
#
#   make                 release library + headers (build/librnetlink.so.*, target/release/librnetlink.a)
#   make install         PREFIX=/usr/local LIBDIR=$(PREFIX)/lib INCLUDEDIR=$(PREFIX)/include DESTDIR=
#                        MANDIR=$(PREFIX)/share/man
#   make uninstall       removes exactly what `make install` installed
#   make install-compat  `make install` plus the names existing programs use: $(INCLUDEDIR)/libnetlink.h,
#                        libgenl.h, $(LIBDIR)/libnetlink.so (-> librnetlink.so.0), libnetlink.a;
#                        make uninstall-compat removes exactly what it added
#   make check-compat-live IPROUTE2_GIT=DIR   the compat proof against old iproute2 releases'
#                        own lib/libnetlink.c built from that history (make check runs
#                        check-compat: the committed goldens, and live when DIR exists);
#                        make compat-goldens IPROUTE2_GIT=DIR re-records ctests/compat/golden/
#   make check           every test: cargo tests, fuzz smoke, C tests against a private install,
#                        install, ABI and man page checks; installs missing Debian packages first
#   make demo            build demo/rnl-demo.c through pkg-config and run it (read-only)
#   make fuzz-smoke      each fuzz target for FUZZ_SECONDS (20); `make fuzz` grows the corpus
#   make header          regenerate include/*.h from the Rust sources and headers/*.h.in
#   make abi-baseline    regenerate abi/baseline.txt after adding to the ABI (commit it with the change)
#
# Other architectures: ARCH=<Debian architecture> (tools/arches.txt: i386 armhf arm64 s390x
# ppc64el riscv64; the host's, amd64, is the default) on the command line of make, make install,
# make uninstall; then the build is under build/ARCH/ and target/RUST-TARGET/release/, LIBDIR
# defaults to $(PREFIX)/lib/GNU-TRIPLET (Debian's multiarch directory) and CC to Debian's cross
# compiler. Each first installs what it needs (tools/ensure-deps.sh arch ARCH).
#   make check-arch ARCH=a      that architecture's checks: ABI (make check-abi-arch), link
#                               smoke test, cargo test, the C tests, the fuzz corpora replayed,
#                               under qemu-user (natively for i386, with valgrind, and Debian's
#                               iproute2 relinked on it); `make check` runs it for CHECK_ARCHES
#
# Output is one short line per step; `make V=1 ...` shows every command and its full output.

SHELL      := /bin/bash

# The target architecture. Only a command-line ARCH= counts: an ARCH in the environment is
# often the kernel's (ARCH=x86, ARCH=arm64 for kernel builds) and must not turn `make` into a
# cross build.
HOST_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
ifneq ($(origin ARCH),command line)
  ARCH := $(HOST_ARCH)
endif
ifneq ($(ARCH),$(HOST_ARCH))
  CROSS     := 1
  ARCH_ROW  := $(shell awk -v a='$(ARCH)' '$$1 == a { print $$2, $$3, $$4 }' tools/arches.txt)
  ifeq ($(ARCH_ROW),)
    $(error ARCH=$(ARCH) is not an architecture of tools/arches.txt: $(shell awk '/^[a-z]/ { print $$1 }' tools/arches.txt))
  endif
  RUST_TARGET := $(word 1,$(ARCH_ROW))
  GNU_TYPE    := $(word 2,$(ARCH_ROW))
  QEMU        := $(word 3,$(ARCH_ROW))
  # Debian's multiarch directory, so that several architectures can share one PREFIX.
  LIBDIR      ?= $(PREFIX)/lib/$(GNU_TYPE)
  # Debian's cross compiler, unless CC= is on the command line (a CC from the environment is
  # the host's).
  ifneq ($(origin CC),command line)
    CC := $(GNU_TYPE)-gcc
  endif
  # The host's tests, demo, benchmarks and fuzzing run host programs: not with ARCH=.
  HOST_ONLY_GOALS := check check-stages check-arches check-cargo check-c demo demo-build fuzz fuzz-build fuzz-smoke \
                     bench bench-smoke bench-guard bench-install abi-baseline header \
                     check-iproute2 check-iproute2-debian iproute2-install check-env-pinned check-env-probe
  ifneq ($(filter $(HOST_ONLY_GOALS),$(MAKECMDGOALS)),)
    $(error make $(filter $(HOST_ONLY_GOALS),$(MAKECMDGOALS)) is for the host's architecture; with ARCH=$(ARCH): make, make install, make uninstall, make check-arch)
  endif
  CARGO_TARGET := --target $(RUST_TARGET)
  # cargo's linker for the target (cargo test links executables) and the cc crate's compiler
  # and archiver (build.rs compiles csrc/ for the target); the environment may override them.
  RUST_TARGET_ENV := $(shell echo '$(RUST_TARGET)' | tr 'a-z-' 'A-Z_')
  export CARGO_TARGET_$(RUST_TARGET_ENV)_LINKER ?= $(CC)
  export CC_$(subst -,_,$(RUST_TARGET)) ?= $(CC)
  export AR_$(subst -,_,$(RUST_TARGET)) ?= $(GNU_TYPE)-ar
endif

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DESTDIR    ?=
CARGO      ?= cargo
CC         ?= cc
V          ?= 0
export V

MAKEFLAGS += --no-print-directory

# Every step builds and tests the library of this checkout, whatever the caller's environment
# says: another librnetlink on LD_LIBRARY_PATH or PKG_CONFIG_PATH (an older install in
# /usr/local, say) would otherwise be what the tests bind to, a preload or LD_DEBUG would change
# what they print, the tracing variables would add to their stderr, TC_LIB_DIR would change
# which tc plugins iproute2's tools load, and CARGO_TARGET_DIR or CARGO_BUILD_TARGET would move
# cargo's output away from target/release. Scripts that need one of these set it themselves.
PINNED_ENV := LD_LIBRARY_PATH LD_PRELOAD LD_AUDIT LD_DEBUG LD_BIND_NOW LD_BIND_NOT \
              PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_ALLOW_SYSTEM_CFLAGS \
              PKG_CONFIG_ALLOW_SYSTEM_LIBS RNETLINK_PCAP RNETLINK_DEBUG TC_LIB_DIR \
              CARGO_TARGET_DIR CARGO_BUILD_TARGET
unexport $(PINNED_ENV)

ifeq ($(V),1)
  Q   :=
  msg  = @:
else
  Q   := @
  msg  = @printf '  %-7s %s\n'
endif
QUIET := tools/quiet.sh

VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n 1)
MAJOR   := $(word 1,$(subst ., ,$(VERSION)))
ifdef CROSS
  RELEASE := target/$(RUST_TARGET)/release
  BUILD   := build/$(ARCH)
else
  RELEASE := target/release
  BUILD   := build
endif
SONAME  := librnetlink.so.$(MAJOR)
SOFILE  := librnetlink.so.$(VERSION)
HEADERS := include/libnetlink.h include/libgenl.h include/rnetlink.h
MANPAGES := $(wildcard man/*.3)

.PHONY: all lib header install uninstall install-compat uninstall-compat check check-stages check-cargo check-c demo demo-build \
        check-env-pinned check-env-probe \
        fuzz fuzz-build fuzz-smoke abi-baseline clean arch-deps check-arch check-arch-stages \
        arch-install check-abi-arch check-link-arch check-cargo-arch check-c-arch check-fuzz-arch \
        check-iproute2-arch check-arches check-arch-in-check

all: lib $(BUILD)/rnetlink.pc

# cargo builds the static library (and prints the native libraries a static link needs; it
# replays that note on a cached build too, so it is always captured). The shared library is
# linked from it here rather than by rustc, because rustc gives a cdylib its own anonymous
# version script and ours (abi/rnetlink.map) puts every export in a version node.
# (ARCH_DEPS_DONE=1: the make that runs this one has checked them already.)
lib: $(if $(CROSS),$(if $(ARCH_DEPS_DONE),,arch-deps))
	$(Q)mkdir -p $(BUILD)
	$(Q)$(CARGO) rustc --release --lib $(CARGO_TARGET) -- --print=native-static-libs 2> $(BUILD)/cargo.log || { cat $(BUILD)/cargo.log; exit 1; }
	$(Q)! grep -q '^ *Compiling rnetlink' $(BUILD)/cargo.log || printf '  %-7s %s\n' CARGO $(RELEASE)/librnetlink.a
	$(Q)grep -v -e 'native-static-libs' -e 'link against the following native' $(BUILD)/cargo.log \
	    | grep -v -e '^ *Compiling' -e '^ *Finished' -e '^ *Fresh' -e '^ *Downloaded' -e '^ *Downloading' \
	          -e '^ *Locking' -e '^ *Updating' -e 'Blocking waiting for file lock' -e '^ *Adding' -e '^note: *$$' -e '^ *$$' >&2 || true
	$(Q)sed -n 's/.*native-static-libs: //p' $(BUILD)/cargo.log | tail -n 1 > $(BUILD)/native-static-libs
	$(Q)test -s $(BUILD)/native-static-libs || { echo "no native-static-libs in cargo output" >&2; exit 1; }
	$(Q)if [ ! -e $(BUILD)/$(SOFILE) ] || [ $(RELEASE)/librnetlink.a -nt $(BUILD)/$(SOFILE) ] \
	        || [ abi/rnetlink.map -nt $(BUILD)/$(SOFILE) ]; then \
	    printf '  %-7s %s\n' LD $(BUILD)/$(SOFILE); \
	    $(if $(filter 1,$(V)),set -x;) $(CC) -shared -o $(BUILD)/$(SOFILE) \
	        -Wl,--whole-archive $(RELEASE)/librnetlink.a -Wl,--no-whole-archive \
	        -Wl,--version-script=abi/rnetlink.map -Wl,-soname,$(SONAME) -Wl,--gc-sections \
	        -Wl,-z,relro,-z,now -Wl,-O1 -Wl,--as-needed $$(cat $(BUILD)/native-static-libs); \
	fi

$(BUILD)/rnetlink.pc: pkgconfig/rnetlink.pc.in lib
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e "s|@LIBS_PRIVATE@|$$(cat $(BUILD)/native-static-libs)|g" $< > $@

header:
	$(msg) GEN include/
	$(Q)RNETLINK_UPDATE_HEADERS=1 $(CARGO) test --quiet --test headers_current

install: all
	$(msg) INSTALL $(DESTDIR)$(PREFIX)
	$(Q)install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/rnetlink \
	    $(DESTDIR)$(MANDIR)/man3
	$(Q)install -m 0755 $(BUILD)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SOFILE)
	$(Q)ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	$(Q)ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/librnetlink.so
	$(Q)install -m 0644 $(RELEASE)/librnetlink.a $(DESTDIR)$(LIBDIR)/librnetlink.a
	$(Q)install -m 0644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/rnetlink/
	$(Q)install -m 0644 $(BUILD)/rnetlink.pc $(DESTDIR)$(LIBDIR)/pkgconfig/rnetlink.pc
	$(Q)install -m 0644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man3/

uninstall:
	$(msg) UNINST $(DESTDIR)$(PREFIX)
	$(Q)rm -f $(DESTDIR)$(LIBDIR)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/librnetlink.so $(DESTDIR)$(LIBDIR)/librnetlink.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/rnetlink.pc \
	      $(addprefix $(DESTDIR)$(INCLUDEDIR)/rnetlink/,$(notdir $(HEADERS))) \
	      $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MANPAGES)))
	-$(Q)rmdir $(DESTDIR)$(INCLUDEDIR)/rnetlink 2>/dev/null

# make install-compat: everything `make install` installs, plus the names existing libnetlink
# build lines use: $(INCLUDEDIR)/libnetlink.h and libgenl.h (copies of the drop-in headers, on
# the default include path, with any header they include by "name"), $(LIBDIR)/libnetlink.so
# (-> librnetlink.so.0, so a program linked with -lnetlink records NEEDED librnetlink.so.0) and
# $(LIBDIR)/libnetlink.a (-> librnetlink.a). Opt-in: a distribution may ship its own
# libnetlink.a or libnetlink.h, so a file of that name that is not ours is never overwritten
# (COMPAT_FORCE=1 overwrites it). make uninstall-compat removes exactly what install-compat added
# (the compat names only while they are still ours), then what make install added.
COMPAT_HEADERS_SRC = include/libnetlink.h include/libgenl.h
COMPAT_HEADERS = $(sort $(COMPAT_HEADERS_SRC) \
    $(filter $(HEADERS),$(addprefix include/,$(shell sed -n 's/^\#include "\(.*\)"/\1/p' $(COMPAT_HEADERS_SRC)))))
COMPAT_FORCE ?=

install-compat: install
	$(msg) INSTALL "$(DESTDIR)$(PREFIX) (compat names: libnetlink.h, libgenl.h, libnetlink.so, libnetlink.a)"
	$(Q)set -e; inc=$(DESTDIR)$(INCLUDEDIR); lib=$(DESTDIR)$(LIBDIR); \
	    for h in $(COMPAT_HEADERS); do \
	        t=$$inc/$$(basename $$h); \
	        if [ -e "$$t" ] && ! cmp -s "$$h" "$$t" && [ -z "$(COMPAT_FORCE)" ] \
	           && ! grep -q 'rnetlink' "$$t"; then \
	            echo "install-compat: $$t exists and is not rnetlink's (COMPAT_FORCE=1 overwrites it)" >&2; exit 1; fi; \
	    done; \
	    for l in libnetlink.so:$(SONAME) libnetlink.a:librnetlink.a; do \
	        t=$$lib/$${l%%:*}; \
	        if { [ -e "$$t" ] || [ -L "$$t" ]; } && [ "$$(readlink "$$t")" != "$${l#*:}" ] && [ -z "$(COMPAT_FORCE)" ]; then \
	            echo "install-compat: $$t exists and is not rnetlink's (COMPAT_FORCE=1 overwrites it)" >&2; exit 1; fi; \
	    done; \
	    install -d $$inc; \
	    install -m 0644 $(COMPAT_HEADERS) $$inc/; \
	    ln -sfn $(SONAME) $$lib/libnetlink.so; \
	    ln -sfn librnetlink.a $$lib/libnetlink.a

uninstall-compat:
	$(msg) UNINST "$(DESTDIR)$(PREFIX) (compat names)"
	$(Q)inc=$(DESTDIR)$(INCLUDEDIR); lib=$(DESTDIR)$(LIBDIR); \
	    for h in $(COMPAT_HEADERS); do \
	        t=$$inc/$$(basename $$h); \
	        if [ -f "$$t" ] && { cmp -s "$$h" "$$t" || grep -q 'rnetlink' "$$t"; }; then rm -f "$$t"; fi; \
	    done; \
	    [ "$$(readlink $$lib/libnetlink.so)" != "$(SONAME)" ] || rm -f $$lib/libnetlink.so; \
	    [ "$$(readlink $$lib/libnetlink.a)" != "librnetlink.a" ] || rm -f $$lib/libnetlink.a
	$(Q)$(MAKE) uninstall

# make install-compat / uninstall-compat, tested (in make check): an install into a private
# prefix, the build lines of existing programs against it (tools/check-install-compat.sh), then
# uninstall-compat must leave no file or link behind, and a libnetlink.a that is not rnetlink's
# must be refused by install-compat and left alone by uninstall-compat.
COMPAT_CHECK_PREFIX := $(CURDIR)/$(BUILD)/compat-check-prefix
COMPAT_CHECK_INSTALL = PREFIX=$(COMPAT_CHECK_PREFIX) LIBDIR=$(COMPAT_CHECK_PREFIX)/lib \
    INCLUDEDIR=$(COMPAT_CHECK_PREFIX)/include MANDIR=$(COMPAT_CHECK_PREFIX)/share/man DESTDIR=
.PHONY: check-install-compat
check-install-compat: all
	$(Q)rm -rf $(COMPAT_CHECK_PREFIX)
	$(Q)$(MAKE) install-compat $(COMPAT_CHECK_INSTALL) > $(BUILD)/install-compat.log 2>&1 \
	    || { cat $(BUILD)/install-compat.log; echo "FAIL install-compat"; exit 1; }
	$(Q)tools/check-install-compat.sh $(COMPAT_CHECK_PREFIX)
	$(Q)$(MAKE) uninstall-compat $(COMPAT_CHECK_INSTALL) > $(BUILD)/install-compat.log 2>&1 \
	    || { cat $(BUILD)/install-compat.log; echo "FAIL uninstall-compat"; exit 1; }
	$(Q)left=$$(find $(COMPAT_CHECK_PREFIX) \( -type f -o -type l \) | sed 's|$(COMPAT_CHECK_PREFIX)/||'); \
	    [ -z "$$left" ] || { echo "FAIL uninstall-compat left: $$left"; exit 1; }
	$(Q)mkdir -p $(COMPAT_CHECK_PREFIX)/lib && echo 'a distribution libnetlink.a' > $(COMPAT_CHECK_PREFIX)/lib/libnetlink.a
	$(Q)if $(MAKE) install-compat $(COMPAT_CHECK_INSTALL) > $(BUILD)/install-compat.log 2>&1; then \
	    echo "FAIL install-compat overwrote a libnetlink.a that is not rnetlink's"; exit 1; fi
	$(Q)$(MAKE) uninstall-compat $(COMPAT_CHECK_INSTALL) > $(BUILD)/install-compat.log 2>&1 \
	    && grep -q 'a distribution' $(COMPAT_CHECK_PREFIX)/lib/libnetlink.a \
	    || { echo "FAIL uninstall-compat removed a libnetlink.a that is not rnetlink's"; exit 1; }
	$(Q)rm -rf $(COMPAT_CHECK_PREFIX)
	@echo "ok   uninstall-compat removes exactly what install-compat added; a libnetlink.a not rnetlink's is refused by install-compat and kept by uninstall-compat"

check-stages: check-install-compat

# The compat proof (issue 18, tools/compat-proof.sh, ctests/compat/): programs written for
# iproute2 3.10, 4.9, 4.19 and the current API, built unchanged on rnetlink with only
# -DRNETLINK_IPROUTE2_API=... and -lnetlink (an install-compat prefix), run in fresh network
# namespaces under valgrind; exit status, stdout, stderr and every byte sent are compared with
# the committed goldens (ctests/compat/golden/: the same programs on each release's own
# lib/libnetlink.c) and, when iproute2's git history is at hand (IPROUTE2_GIT), live with that
# library built beside the repository in build/compat/old/. make check runs check-compat; each
# line says whether the live comparison ran.
IPROUTE2_GIT ?= $(firstword $(wildcard /work/.mirror/iproute2+iproute2/repo))
COMPAT_PREFIX := $(CURDIR)/$(BUILD)/compat-prefix
.PHONY: check-compat check-compat-live compat-goldens compat-install
compat-install: all
	$(Q)rm -rf $(COMPAT_PREFIX)
	$(Q)$(MAKE) install-compat PREFIX=$(COMPAT_PREFIX) LIBDIR=$(COMPAT_PREFIX)/lib \
	    INCLUDEDIR=$(COMPAT_PREFIX)/include MANDIR=$(COMPAT_PREFIX)/share/man DESTDIR= > $(BUILD)/compat-install.log 2>&1 \
	    || { cat $(BUILD)/compat-install.log; echo "FAIL install-compat"; exit 1; }

check-compat: compat-install
	$(Q)tools/compat-proof.sh check $(COMPAT_PREFIX) $(IPROUTE2_GIT)

check-compat-live: compat-install
	@test -n "$(IPROUTE2_GIT)" || { echo "usage: make check-compat-live IPROUTE2_GIT=/path/to/iproute2.git" >&2; exit 2; }
	$(Q)tools/compat-proof.sh live $(COMPAT_PREFIX) $(IPROUTE2_GIT)

compat-goldens:
	@test -n "$(IPROUTE2_GIT)" || { echo "usage: make compat-goldens IPROUTE2_GIT=/path/to/iproute2.git" >&2; exit 2; }
	$(Q)tools/compat-proof.sh goldens $(IPROUTE2_GIT)

check-stages: check-compat

# make check: first the Debian packages the tests need (tools/deps.txt), then every stage with
# -k so that one failing stage does not hide the others; the last line counts every "ok" and
# "FAIL" line the stages printed.
CHECK_PREFIX := $(CURDIR)/$(BUILD)/check-prefix
CHECK_INSTALL = PREFIX=$(CHECK_PREFIX) LIBDIR=$(CHECK_PREFIX)/lib INCLUDEDIR=$(CHECK_PREFIX)/include \
                MANDIR=$(CHECK_PREFIX)/share/man DESTDIR=

check:
	@tools/ensure-deps.sh check
	@mkdir -p $(BUILD); set -o pipefail; \
	    $(MAKE) -k check-stages 2>&1 | tee $(BUILD)/check.log; \
	    tools/check-summary.sh $(BUILD)/check.log $$?

check-stages: check-cargo fuzz-smoke check-c

# Fuzzing (fuzz/README.md): `make fuzz-smoke` runs each target briefly from the committed corpus
# (a copy of it: the repository is not modified); `make fuzz FUZZ_SECONDS=600` runs longer and
# grows fuzz/corpus. cargo-fuzz needs RUSTC_BOOTSTRAP=1 on the stable toolchain.
FUZZ_TARGETS := dump talk listen extack parse builders from_file macros decode
FUZZ_SECONDS ?= 20

fuzz-build:
	$(Q)command -v cargo-fuzz >/dev/null || { printf '  %-7s %s\n' CARGO "install cargo-fuzz"; \
	    $(QUIET) $(BUILD)/cargo-fuzz-install.log $(CARGO) install --locked cargo-fuzz; }
	$(msg) CARGO "fuzz build ($(words $(FUZZ_TARGETS)) targets)"
	$(Q)cd fuzz && RUSTC_BOOTSTRAP=1 ../$(QUIET) ../$(BUILD)/fuzz-build.log $(CARGO) fuzz build -O

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    rm -rf $(BUILD)/fuzz/$$t && mkdir -p $(BUILD)/fuzz/$$t && \
	    { cp fuzz/corpus/$$t/* $(BUILD)/fuzz/$$t/ 2>/dev/null || true; } && \
	    (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t ../$(BUILD)/fuzz/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS)) > $(BUILD)/fuzz/$$t.log 2>&1 \
	    || { tail -n 40 $(BUILD)/fuzz/$$t.log; echo "FAIL fuzz $$t"; exit 1; }; \
	    echo "ok   fuzz $$t: $$(grep -o 'Done [0-9]* runs in [0-9]* second' $(BUILD)/fuzz/$$t.log)s, no crash"; \
	done

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p fuzz/corpus/$$t && \
	    (cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O $$t corpus/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1) 2>&1 | tail -n 25 || exit 1; \
	done

check-cargo:
	$(msg) TEST "cargo test"
	$(Q)$(QUIET) $(BUILD)/cargo-test.log $(CARGO) test || { echo "FAIL cargo test"; exit 1; }
	@awk '/^test result:/ { p += $$4; f += $$6; n++ } \
	    END { printf "ok   cargo test: %d passed, %d failed in %d suites\n", p, f, n }' $(BUILD)/cargo-test.log
	$(Q)python3 tools/imports.py --files > $(BUILD)/imports.log 2>&1 \
	    && echo "ok   layering: src/ has no import circle (modules and files), nothing below ffi/ uses it" \
	    || { cat $(BUILD)/imports.log; echo "FAIL layering (tools/imports.py)"; exit 1; }

check-c: all
	$(Q)rm -rf $(CHECK_PREFIX)
	$(Q)$(MAKE) install $(CHECK_INSTALL)
	$(Q)tools/check-install.sh $(CHECK_PREFIX)
	$(Q)tools/abi.sh check $(CHECK_PREFIX)
	$(Q)tools/check-man.sh $(CHECK_PREFIX)/share/man $(CHECK_PREFIX)/lib/librnetlink.so.0
	$(Q)$(MAKE) demo-build DEMO_PREFIX=$(CHECK_PREFIX)
	$(Q)unshare -n $(BUILD)/rnl-demo > $(BUILD)/rnl-demo.log && echo "ok   demo runs (in a private namespace)" \
	    || { echo "FAIL demo"; exit 1; }
	$(Q)$(MAKE) bench-smoke
	$(Q)$(MAKE) bench-guard
	$(Q)$(MAKE) check-env-pinned
	$(Q)ctests/run.sh $(CHECK_PREFIX)

# The pin above, tested: a decoy librnetlink.so.0 (it defines no symbol) and a decoy rnetlink.pc
# are put on the caller's LD_LIBRARY_PATH and PKG_CONFIG_PATH with RNETLINK_DEBUG=2 set; a make
# run under them must still build and run a C test on this checkout's install, binding to it
# and printing no trace. The same test program run directly under the decoy must fail (else
# the decoy proves nothing).
DECOY := $(CURDIR)/$(BUILD)/decoy
check-env-pinned:
	$(Q)rm -rf $(DECOY) && mkdir -p $(DECOY)/pkgconfig
	$(Q)echo 'int rnetlink_decoy;' | $(CC) -shared -fPIC -Wl,-soname,$(SONAME) -x c - -o $(DECOY)/$(SONAME)
	$(Q)printf 'Name: rnetlink\nDescription: decoy\nVersion: 0.0.0\nCflags: -I$(DECOY)/nonexistent\nLibs: -L$(DECOY) -lrnetlink\n' \
	    > $(DECOY)/pkgconfig/rnetlink.pc
	$(Q)LD_LIBRARY_PATH=$(DECOY) PKG_CONFIG_PATH=$(DECOY)/pkgconfig RNETLINK_DEBUG=2 \
	    $(MAKE) check-env-probe > $(DECOY)/probe.log 2>&1 \
	    || { tail -n 20 $(DECOY)/probe.log; echo "FAIL environment pinned: make under a decoy LD_LIBRARY_PATH/PKG_CONFIG_PATH"; exit 1; }
	$(Q)if LD_LIBRARY_PATH=$(DECOY) unshare -n $(BUILD)/ctests/socket_open > $(DECOY)/control.log 2>&1; then \
	    echo "FAIL environment pinned: the control run under the decoy library did not fail"; exit 1; fi
	$(Q)echo "ok   environment pinned: under a decoy librnetlink on LD_LIBRARY_PATH and PKG_CONFIG_PATH and RNETLINK_DEBUG=2, make still tests this checkout's library (the same program run directly fails: $$(head -c 120 $(DECOY)/control.log))"

check-env-probe:
	$(Q)ctests/run.sh $(CHECK_PREFIX) ctests/socket_open.c
	$(Q)out=$$(LD_DEBUG=libs unshare -n $(BUILD)/ctests/socket_open 2>&1 >/dev/null | grep -F 'calling init:' | grep -F '$(SONAME)'); \
	    echo "$$out" | grep -qF '$(CHECK_PREFIX)/lib/' || { echo "bound to: $$out"; exit 1; }

# The ABI baseline (abi/baseline.txt) is what tools/abi.sh check compares an install with:
# exported names with their version nodes, prototypes, struct layouts and constants.
abi-baseline: all
	$(Q)rm -rf $(BUILD)/abi-prefix
	$(Q)$(MAKE) install PREFIX=$(CURDIR)/$(BUILD)/abi-prefix DESTDIR= \
	    LIBDIR=$(CURDIR)/$(BUILD)/abi-prefix/lib INCLUDEDIR=$(CURDIR)/$(BUILD)/abi-prefix/include
	$(msg) GEN abi/baseline.txt
	$(Q)tools/abi.sh dump $(CURDIR)/$(BUILD)/abi-prefix > abi/baseline.txt

# The demo is built like any user program: against an install, through pkg-config.
DEMO_PREFIX := $(CURDIR)/$(BUILD)/demo-prefix

demo:
	@tools/ensure-deps.sh demo
	@$(MAKE) all
	@$(MAKE) install DESTDIR= PREFIX=$(DEMO_PREFIX) LIBDIR=$(DEMO_PREFIX)/lib INCLUDEDIR=$(DEMO_PREFIX)/include
	@$(MAKE) demo-build
	@$(BUILD)/rnl-demo

demo-build:
	$(msg) CC $(BUILD)/rnl-demo
	$(Q)PKG_CONFIG_PATH=$(DEMO_PREFIX)/lib/pkgconfig; export PKG_CONFIG_PATH; \
	    $(CC) -std=gnu11 -O2 -Wall -Wextra -Werror demo/rnl-demo.c \
	    $$(pkg-config --cflags --libs rnetlink) -Wl,-rpath,$(DEMO_PREFIX)/lib -o $(BUILD)/rnl-demo

# Benchmarks (bench/, BENCHMARKS.md): rnetlink vs libmnl vs libnl-route-3 vs a raw syscall
# loop, in a private network namespace, built against an install through pkg-config.
# `make bench BENCH_ARGS="--workloads route4 --route4 100000 --rounds 9"`; bench-smoke (tiny
# sizes, results must agree across variants) and bench-guard (rnetlink's instructions per
# route and per talk request against the raw loop's and libmnl's, counted by callgrind: no
# time is measured) run in `make check`.
.PHONY: bench bench-smoke bench-guard bench-install
BENCH_PREFIX := $(CURDIR)/$(BUILD)/bench-prefix
BENCH_ARGS   ?=

bench-install:
	$(Q)$(MAKE) install DESTDIR= PREFIX=$(BENCH_PREFIX) \
	    LIBDIR=$(BENCH_PREFIX)/lib INCLUDEDIR=$(BENCH_PREFIX)/include

bench: bench-install
	python3 bench/run.py --prefix $(BENCH_PREFIX) $(BENCH_ARGS)

bench-smoke: bench-install
	$(Q)python3 bench/run.py --prefix $(BENCH_PREFIX) --smoke || { echo "FAIL bench-smoke"; exit 1; }

bench-guard: bench-install
	$(Q)python3 bench/run.py --prefix $(BENCH_PREFIX) --guard

clean:
	$(CARGO) clean
	rm -rf $(BUILD)

# ---- iproute2 relinked on rnetlink (tools/check-iproute2.py) ---------------------------------
# `make check-iproute2 IPROUTE2_SRC=DIR` builds the iproute2 tree DIR twice under build/iproute2/
# (as shipped, and with its tools linked with rnetlink installed in a private prefix), verifies
# the binding and compares testsuite and a scripted session; `check-iproute2-debian` does it on
# Debian's own iproute2 source package (apt-get source, needs root) and is part of `make check`.
.PHONY: check-iproute2 check-iproute2-debian iproute2-install
IPROUTE2_SRC    ?=
IPROUTE2_PREFIX := $(CURDIR)/$(BUILD)/iproute2-prefix

iproute2-install: all
	$(Q)rm -rf $(IPROUTE2_PREFIX)
	$(Q)$(MAKE) install DESTDIR= PREFIX=$(IPROUTE2_PREFIX) \
	    LIBDIR=$(IPROUTE2_PREFIX)/lib INCLUDEDIR=$(IPROUTE2_PREFIX)/include

check-iproute2: iproute2-install
	@test -n "$(IPROUTE2_SRC)" || { echo "usage: make check-iproute2 IPROUTE2_SRC=DIR (an iproute2 source tree)" >&2; exit 2; }
	$(Q)python3 tools/check-iproute2.py --src $(IPROUTE2_SRC) --prefix $(IPROUTE2_PREFIX)

check-iproute2-debian: iproute2-install
	$(Q)tools/check-iproute2-debian.sh $(IPROUTE2_PREFIX)

check-stages: check-iproute2-debian

# ---- other architectures (make ARCH=..., tools/arches.txt) -----------------------------------
# `make ARCH=a`, `make install ARCH=a` build and install for Debian architecture a; `make
# check-arch ARCH=a` checks that build: the ABI (tools/abi.sh check-arch: names and version
# nodes as abi/baseline.txt, struct layouts as iproute2's headers have them, both measured with
# the target's compiler), a C program linked through the installed pkg-config file and run, and
# cargo test, both under qemu-user (natively for i386). ARCH= may also name the host.
ARCH_PREFIX  := $(CURDIR)/$(BUILD)/arch-prefix
ARCH_LIBDIR  := $(if $(CROSS),$(ARCH_PREFIX)/lib/$(GNU_TYPE),$(ARCH_PREFIX)/lib)
# How a program of the target runs here: qemu-user with the cross sysroot's libraries, or
# natively (the host's own architecture, or i386 on an amd64 host, with libc6-i386).
ARCH_RUNNER  := $(if $(filter-out -,$(QEMU)),qemu-$(QEMU) -L /usr/$(GNU_TYPE))

# make ARCH=a needs the arch lines of tools/deps.txt, its checks the check-arch lines too.
ARCH_CHECK_GOALS := check-arch check-arch-in-check check-abi-arch check-link-arch check-cargo-arch \
                    check-c-arch check-fuzz-arch check-iproute2-arch
arch-deps:
	@tools/ensure-deps.sh $(if $(filter $(ARCH_CHECK_GOALS),$(MAKECMDGOALS)),check-arch,arch) $(ARCH)

check-arch: arch-deps
	@mkdir -p $(BUILD); set -o pipefail; \
	    $(MAKE) -k check-arch-stages ARCH_DEPS_DONE=1 2>&1 | tee $(BUILD)/check-arch.log; \
	    tools/check-summary.sh $(BUILD)/check-arch.log $$?

check-arch-stages: check-abi-arch check-link-arch check-cargo-arch check-c-arch check-fuzz-arch \
                   $(if $(filter i386,$(ARCH)),check-iproute2-arch)

# make check: the checks of these architectures too, one after the other (each installs what it
# needs first), after the host's. CHECK_ARCHES= (empty) leaves them out.
CHECK_ARCHES ?= i386 armhf arm64 s390x ppc64el riscv64
check-arches:
	@st=0; for a in $(CHECK_ARCHES); do \
	    echo "== $$a"; $(MAKE) check-arch-in-check ARCH=$$a || st=1; \
	done; exit $$st

check-arch-in-check: arch-deps
	@start=$$(date +%s); $(MAKE) -k check-arch-stages ARCH_DEPS_DONE=1; st=$$?; \
	    echo "--   $(ARCH): $$(( $$(date +%s) - start )) s"; exit $$st

check-stages: check-arches

# The private install every stage of check-arch uses (LIBDIR left at its default).
arch-install: all
	$(Q)rm -rf $(ARCH_PREFIX)
	$(Q)$(MAKE) install DESTDIR= PREFIX=$(ARCH_PREFIX) INCLUDEDIR=$(ARCH_PREFIX)/include \
	    MANDIR=$(ARCH_PREFIX)/share/man ARCH_DEPS_DONE=1

check-abi-arch: $(if $(ARCH_DEPS_DONE),,arch-deps) arch-install
	$(Q)src=$$(tools/debian-source.sh iproute2 2> $(BUILD)/iproute2-src.log) \
	    || { cat $(BUILD)/iproute2-src.log; echo "FAIL ABI $(ARCH): no iproute2 source (Debian's source package)"; exit 1; }; \
	    CC='$(CC)' tools/abi.sh check-arch $(ARCH) $(ARCH_PREFIX) "$$src" $(ARCH_LIBDIR)

# tools/link_smoke.c linked with the target's compiler through the installed rnetlink.pc,
# dynamically and statically (Libs.private: the target's native-static-libs), and run.
check-link-arch: $(if $(ARCH_DEPS_DONE),,arch-deps) arch-install
	$(Q)PKG_CONFIG_PATH=$(ARCH_LIBDIR)/pkgconfig; export PKG_CONFIG_PATH; \
	    $(CC) tools/link_smoke.c $$(pkg-config --cflags --libs rnetlink) -o $(BUILD)/link_smoke \
	    && out=$$(LD_LIBRARY_PATH=$(ARCH_LIBDIR) $(ARCH_RUNNER) $(BUILD)/link_smoke) \
	    && echo "ok   link $(ARCH): dynamic, through pkg-config, run$(if $(ARCH_RUNNER), under $(firstword $(ARCH_RUNNER))): $$out" \
	    || { echo "FAIL link $(ARCH): dynamic"; exit 1; }
	$(Q)PKG_CONFIG_PATH=$(ARCH_LIBDIR)/pkgconfig; export PKG_CONFIG_PATH; \
	    private=$$(pkg-config --static --libs rnetlink | sed 's/.*-lrnetlink//'); \
	    $(CC) tools/link_smoke.c $$(pkg-config --cflags rnetlink) -Wl,-Bstatic -lrnetlink -Wl,-Bdynamic \
	        $$(pkg-config --libs-only-L rnetlink) $$private -o $(BUILD)/link_smoke_static \
	    && ! readelf -d $(BUILD)/link_smoke_static | grep -q librnetlink \
	    && out=$$($(ARCH_RUNNER) $(BUILD)/link_smoke_static) \
	    && echo "ok   link $(ARCH): static, librnetlink.a and Libs.private ($$(echo $$private)): $$out" \
	    || { echo "FAIL link $(ARCH): static"; exit 1; }

# cargo test for the target, run by the target's runner. Under qemu-user, a test that
# tools/qemu-limits.txt ties to a control of tools/qemu-control.c is left out (--skip) when the
# control proves the limit (it passes natively and fails under qemu), and a line says so.
check-cargo-arch: $(if $(ARCH_DEPS_DONE),,arch-deps) all
	$(msg) TEST "cargo test --target $(or $(RUST_TARGET),host)"
	$(Q)skips=(); \
	    if [ -n "$(ARCH_RUNNER)" ]; then \
	        while read -r test control; do \
	            text=$$(QEMU_CONTROL_FRESH=1 tools/qemu-control.sh $(ARCH) $$control); \
	            case $$? in \
	                0) echo "qemu control $$control: carried: $$text" ;; \
	                3) echo "qemu cargo $$test: not run under qemu-$(QEMU): needs what qemu-user does not emulate: $$text"; \
	                   skips+=(--skip "$$test") ;; \
	                *) echo "FAIL cargo test $(ARCH): control $$control: $$text"; exit 1 ;; \
	            esac; \
	        done < <(awk -v a='$(ARCH)' '$$1 == "cargo" && ($$3 == "qemu" || index("," $$3 ",", "," a ",")) { print $$2, $$4 }' tools/qemu-limits.txt); \
	    fi; \
	    echo "$$(( $${#skips[@]} / 2 ))" > $(BUILD)/cargo-skips; \
	    $(if $(ARCH_RUNNER),CARGO_TARGET_$(RUST_TARGET_ENV)_RUNNER='$(ARCH_RUNNER)') \
	    $(QUIET) $(BUILD)/cargo-test.log $(CARGO) test $(CARGO_TARGET) --no-fail-fast -- "$${skips[@]}" \
	    || { if grep -q '^error: could not compile' $(BUILD)/cargo-test.log; then \
	            echo "FAIL cargo test $(ARCH): the tests do not compile for $(or $(RUST_TARGET),the host) (above)"; \
	        else \
	            awk '/^test result:/ { p += $$4; f += $$6; n++ } \
	                END { printf "FAIL cargo test $(ARCH): %d passed, %d failed in %d suites\n", p, f, n }' $(BUILD)/cargo-test.log; \
	            grep -E '^test .* FAILED$$' $(BUILD)/cargo-test.log | sed 's/^/     /'; \
	        fi; exit 1; }
	@awk -v s=$$(cat $(BUILD)/cargo-skips) '/^test result:/ { p += $$4; f += $$6; n++ } \
	    END { printf "ok   cargo test $(ARCH): %d passed, %d failed in %d suites%s\n", p, f, n, \
	          s ? sprintf(", %d not run under qemu (its limits, proven above)", s) : "" }' $(BUILD)/cargo-test.log

# The C tests (ctests/run.sh --arch): compiled by the target's compiler against the private
# install, run under qemu-user or natively for i386 (with valgrind), kernel tests included
# except those whose needs qemu-user is proven not to emulate (tools/qemu-limits.txt).
check-c-arch: $(if $(ARCH_DEPS_DONE),,arch-deps) arch-install
	$(Q)ctests/run.sh --arch $(ARCH) $(ARCH_PREFIX)

# The fuzz corpora replayed: fuzz/replay builds every target of fuzz/fuzz_targets/ without
# libFuzzer, for the target, and each runs every file of its corpus (fuzz/corpus/TARGET/) once:
# no input may panic. (On a big-endian target builders is not replayed, and says so: its check
# reads nlmsg_len after attributes were written over a message header shorter than 16 bytes,
# which some corpus inputs start with, and what it then reads depends on the byte order.)
FUZZ_REPLAY_DIR := $(CURDIR)/target/fuzz-replay
FUZZ_REPLAY_BIN := $(FUZZ_REPLAY_DIR)/$(if $(CROSS),$(RUST_TARGET)/)debug
BIG_ENDIAN      := $(shell awk -v a='$(ARCH)' '$$1 == a && $$6 == "big" { print 1 }' tools/arches.txt)
check-fuzz-arch: $(if $(ARCH_DEPS_DONE),,arch-deps)
	$(msg) CARGO "fuzz/replay $(or $(RUST_TARGET),host) ($(words $(FUZZ_TARGETS)) targets)"
	$(Q)cd fuzz/replay && ../../$(QUIET) ../../$(BUILD)/fuzz-replay-build.log $(CARGO) build --bins \
	    $(CARGO_TARGET) --target-dir $(FUZZ_REPLAY_DIR) || { echo "FAIL fuzz replay $(ARCH): does not build"; exit 1; }
	@mkdir -p $(BUILD)/fuzz-replay; st=0; for t in $(FUZZ_TARGETS); do \
	    if [ "$$t" = builders ] && [ -n "$(BIG_ENDIAN)" ]; then \
	        echo "--   fuzz replay $(ARCH) builders: not replayed on a big-endian target (Makefile, check-fuzz-arch)"; continue; fi; \
	    if RUST_BACKTRACE=0 $(ARCH_RUNNER) $(FUZZ_REPLAY_BIN)/$$t fuzz/corpus/$$t > $(BUILD)/fuzz-replay/$$t.log 2>&1; then \
	        echo "ok   fuzz replay $(ARCH) $$t: $$(grep -o '[0-9]* inputs, [0-9]* panics' $(BUILD)/fuzz-replay/$$t.log)$(if $(ARCH_RUNNER), under qemu-$(QEMU))"; \
	    else \
	        tail -n 30 $(BUILD)/fuzz-replay/$$t.log | sed 's/^/     /'; echo "FAIL fuzz replay $(ARCH) $$t"; st=1; \
	    fi; \
	done; exit $$st

# Debian's iproute2 for i386, relinked on the i386 librnetlink and compared, run natively, with
# the stock i386 build (tools/check-iproute2.py --cc --sysroot): both built by i686-linux-gnu-gcc
# against the i386 -dev packages of its Build-Depends, unpacked into a private sysroot
# (tools/debian-sysroot.sh, the sysroot/i386 lines of tools/deps.txt).
ARCH_IP2_PREFIX := $(CURDIR)/$(BUILD)/iproute2-prefix
check-iproute2-arch: $(if $(ARCH_DEPS_DONE),,arch-deps) all
	$(Q)test "$(ARCH)" = i386 || { echo "FAIL check-iproute2-arch: for ARCH=i386 only (it runs natively)"; exit 1; }
	$(Q)rm -rf $(ARCH_IP2_PREFIX)
	$(Q)$(MAKE) install DESTDIR= PREFIX=$(ARCH_IP2_PREFIX) LIBDIR=$(ARCH_IP2_PREFIX)/lib \
	    INCLUDEDIR=$(ARCH_IP2_PREFIX)/include MANDIR=$(ARCH_IP2_PREFIX)/share/man ARCH_DEPS_DONE=1
	$(Q)src=$$(tools/debian-source.sh iproute2 2> $(BUILD)/iproute2-src.log) \
	    || { cat $(BUILD)/iproute2-src.log; echo "FAIL check-iproute2 $(ARCH): no iproute2 source (Debian's source package)"; exit 1; }; \
	    root=$$(tools/debian-sysroot.sh $(ARCH) 2> $(BUILD)/sysroot.log) \
	    || { cat $(BUILD)/sysroot.log; echo "FAIL check-iproute2 $(ARCH): no $(ARCH) sysroot"; exit 1; }; \
	    python3 tools/check-iproute2.py --src "$$src" --prefix $(ARCH_IP2_PREFIX) --cc $(CC) --sysroot "$$root" \
	        --work $(CURDIR)/$(BUILD)/iproute2/debian
