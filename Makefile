# rnetlink — build, install and test the C library.
#
#   make                 release library + headers (target/release/librnetlink.{so,a})
#   make install         PREFIX=/usr/local LIBDIR=$(PREFIX)/lib INCLUDEDIR=$(PREFIX)/include DESTDIR=
#   make uninstall       removes exactly what `make install` installed
#   make check           every test: cargo tests, C tests against a private install, checks
#   make demo            build demo/rnl-demo.c through pkg-config and run it (read-only)
#   make fuzz-smoke      each fuzz target for FUZZ_SECONDS (20); `make fuzz` grows the corpus
#   make header          regenerate include/*.h from the Rust sources and headers/*.h.in

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR    ?=
CARGO      ?= cargo
CC         ?= cc

VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' Cargo.toml | head -n 1)
MAJOR   := $(word 1,$(subst ., ,$(VERSION)))
RELEASE := target/release
BUILD   := build
SONAME  := librnetlink.so.$(MAJOR)
SOFILE  := librnetlink.so.$(VERSION)
HEADERS := include/libnetlink.h include/libgenl.h include/rnetlink.h

.PHONY: all lib header install uninstall check check-cargo check-c demo demo-build fuzz fuzz-build fuzz-smoke clean

all: lib $(BUILD)/rnetlink.pc

# One cargo invocation builds the .so, the .a and prints the native libraries that a static
# link needs; cargo replays that note on a cached build too, so it is always captured.
lib:
	@mkdir -p $(BUILD)
	$(CARGO) rustc --release --lib -- --print=native-static-libs 2> $(BUILD)/cargo.log || { cat $(BUILD)/cargo.log; exit 1; }
	@grep -v -e 'native-static-libs' -e 'link against the following native' $(BUILD)/cargo.log | grep -v '^ *Compiling\|^ *Finished\|^ *Fresh' >&2 || true
	@sed -n 's/.*native-static-libs: //p' $(BUILD)/cargo.log | tail -n 1 > $(BUILD)/native-static-libs
	@test -s $(BUILD)/native-static-libs || { echo "no native-static-libs in cargo output" >&2; exit 1; }

$(BUILD)/rnetlink.pc: pkgconfig/rnetlink.pc.in lib
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e "s|@LIBS_PRIVATE@|$$(cat $(BUILD)/native-static-libs)|g" $< > $@

header:
	RNETLINK_UPDATE_HEADERS=1 $(CARGO) test --quiet --test headers_current

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/rnetlink
	install -m 0755 $(RELEASE)/librnetlink.so $(DESTDIR)$(LIBDIR)/$(SOFILE)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/librnetlink.so
	install -m 0644 $(RELEASE)/librnetlink.a $(DESTDIR)$(LIBDIR)/librnetlink.a
	install -m 0644 $(HEADERS) $(DESTDIR)$(INCLUDEDIR)/rnetlink/
	install -m 0644 $(BUILD)/rnetlink.pc $(DESTDIR)$(LIBDIR)/pkgconfig/rnetlink.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/librnetlink.so $(DESTDIR)$(LIBDIR)/librnetlink.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/rnetlink.pc \
	      $(addprefix $(DESTDIR)$(INCLUDEDIR)/rnetlink/,$(notdir $(HEADERS)))
	-rmdir $(DESTDIR)$(INCLUDEDIR)/rnetlink 2>/dev/null

# make check: Rust unit and integration tests (including header freshness), then the library
# installed into a private prefix, and everything C compiled through that install's pkg-config.
CHECK_PREFIX := $(CURDIR)/$(BUILD)/check-prefix

check: check-cargo fuzz-smoke check-c

# Fuzzing (fuzz/README.md): `make fuzz-smoke` runs each target briefly from the committed corpus
# (a copy of it: the repository is not modified); `make fuzz FUZZ_SECONDS=600` runs longer and
# grows fuzz/corpus. cargo-fuzz needs RUSTC_BOOTSTRAP=1 on the stable toolchain.
FUZZ_TARGETS := dump talk listen extack parse builders from_file macros
FUZZ_SECONDS ?= 20

fuzz-build:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install --locked cargo-fuzz
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz build -O

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
	$(CARGO) test

check-c: all
	rm -rf $(CHECK_PREFIX)
	$(MAKE) --no-print-directory install DESTDIR= PREFIX=$(CHECK_PREFIX) \
	    LIBDIR=$(CHECK_PREFIX)/lib INCLUDEDIR=$(CHECK_PREFIX)/include
	tools/check-install.sh $(CHECK_PREFIX)
	$(MAKE) --no-print-directory -s demo-build DEMO_PREFIX=$(CHECK_PREFIX)
	unshare -n $(BUILD)/rnl-demo > $(BUILD)/rnl-demo.log && echo "ok   demo runs (in a private namespace)"
	$(MAKE) --no-print-directory -s bench-smoke
	ctests/run.sh $(CHECK_PREFIX)

# The demo is built like any user program: against an install, through pkg-config.
DEMO_PREFIX := $(CURDIR)/$(BUILD)/demo-prefix

demo: all
	@$(MAKE) --no-print-directory -s install DESTDIR= PREFIX=$(DEMO_PREFIX) \
	    LIBDIR=$(DEMO_PREFIX)/lib INCLUDEDIR=$(DEMO_PREFIX)/include
	@$(MAKE) --no-print-directory -s demo-build
	$(BUILD)/rnl-demo

demo-build:
	@PKG_CONFIG_PATH=$(DEMO_PREFIX)/lib/pkgconfig; export PKG_CONFIG_PATH; \
	    $(CC) -std=gnu11 -O2 -Wall -Wextra -Werror demo/rnl-demo.c \
	    $$(pkg-config --cflags --libs rnetlink) -Wl,-rpath,$(DEMO_PREFIX)/lib -o $(BUILD)/rnl-demo

# Benchmarks (bench/, BENCHMARKS.md): rnetlink vs libmnl vs libnl-route-3 vs a raw syscall
# loop, in a private network namespace, built against an install through pkg-config.
# `make bench BENCH_ARGS="--workloads route4 --route4 100000 --rounds 9"`; bench-smoke (tiny
# sizes, results must agree across variants) runs in `make check`.
.PHONY: bench bench-smoke bench-install
BENCH_PREFIX := $(CURDIR)/$(BUILD)/bench-prefix
BENCH_ARGS   ?=

bench-install:
	@$(MAKE) --no-print-directory -s install DESTDIR= PREFIX=$(BENCH_PREFIX) \
	    LIBDIR=$(BENCH_PREFIX)/lib INCLUDEDIR=$(BENCH_PREFIX)/include

bench: bench-install
	python3 bench/run.py --prefix $(BENCH_PREFIX) $(BENCH_ARGS)

bench-smoke: bench-install
	python3 bench/run.py --prefix $(BENCH_PREFIX) --smoke

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
	@rm -rf $(IPROUTE2_PREFIX)
	@$(MAKE) --no-print-directory -s install DESTDIR= PREFIX=$(IPROUTE2_PREFIX) \
	    LIBDIR=$(IPROUTE2_PREFIX)/lib INCLUDEDIR=$(IPROUTE2_PREFIX)/include

check-iproute2: iproute2-install
	@test -n "$(IPROUTE2_SRC)" || { echo "usage: make check-iproute2 IPROUTE2_SRC=DIR (an iproute2 source tree)" >&2; exit 2; }
	python3 tools/check-iproute2.py --src $(IPROUTE2_SRC) --prefix $(IPROUTE2_PREFIX)

check-iproute2-debian: iproute2-install
	tools/check-iproute2-debian.sh $(IPROUTE2_PREFIX)

check: check-iproute2-debian
