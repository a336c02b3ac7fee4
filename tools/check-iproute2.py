#!/usr/bin/env python3
"""Proves that an iproute2 source tree's tools relink on rnetlink (make check-iproute2).

    tools/check-iproute2.py --src IPROUTE2_DIR --prefix RNETLINK_PREFIX [--work DIR] [--reuse]
                            [--cc CROSS-GCC --sysroot DIR]

With --cc and --sysroot (i386 on an amd64 host: `make check-arch ARCH=i386`), both builds are
made by that compiler against the libraries of the private sysroot DIR (tools/debian-sysroot.sh:
the architecture's -dev packages of iproute2's Build-Depends, found through pkg-config with
PKG_CONFIG_LIBDIR), and every program runs natively on the sysroot's own C library (its
dynamic linker and an rpath into it); rnetlink in --prefix is that architecture's build.

1. Builds IPROUTE2_DIR twice, in copies under --work (the source tree is never modified), with
   one ./configure result: "shipped" as it is, and "relinked" with libnetlink.o and libgenl.o
   left out of lib/libnetlink.a and every tool linked with the rnetlink installed in --prefix,
   through its pkg-config file.
2. Verifies the binding of every relinked program: it defines no libnetlink/libgenl symbol
   itself (`rcvbuf` as a copy relocation is fine), `ldd -r` finds nothing undefined, and with
   LD_BIND_NOW=1 LD_DEBUG=bindings every libnetlink/libgenl symbol it imports is bound to
   the installed librnetlink. A plugin (tc's m_xt.so, q_atm.so, ...) needs no library, as in
   the stock build: it is loaded by its program, and its imports must bind there too.
3. Runs iproute2's testsuite with both builds and compares each test (PASS/FAILED/SKIPPED,
   its output and its error file).
4. Runs the session in tools/iproute2-session.txt with both builds, each command in a fresh
   private network namespace, and compares exit codes, stdout and stderr after normalising
   counters, timers and ages.
5. Prints every difference. Those in KNOWN below are deliberate (README "differences");
   any other one makes the exit status 1.

Everything runs in private network namespaces (unshare -n), as root; the host's interfaces,
addresses and routes are never touched.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Deliberate differences: session case (or testsuite test) -> why the outputs may differ.
KNOWN = {
    "addr-flush-1200-verbose": (
        "rnetlink receives each datagram with one 32 KiB recvmsg where iproute2 first peeks "
        "with a zero-length MSG_PEEK, so the kernel builds the second datagram of a dump at "
        "~32 KiB instead of ~4 KiB; a flush that deletes while it dumps sees the dump resume at "
        "another point: both builds delete the same number of addresses in each round (case "
        "addr-flush-1200-rounds: 1153, then 47) but list different addresses in each (README)"),
    "monitor-big-altnames": (
        "deliberate difference 4 (no silent truncation): rtnl_listen receives a notification "
        "of any size whole; iproute2's 16 KiB listen buffer truncates the ~50 KB RTM_NEWLINK "
        "of a link with 400 long alternative names"),
}

TOOLS = {  # session variable -> program in the build tree
    "IP": "ip/ip", "RTMON": "ip/rtmon", "TC": "tc/tc", "BRIDGE": "bridge/bridge",
    "SS": "misc/ss", "GENL": "genl/genl", "DEVLINK": "devlink/devlink",
    "NSTAT": "misc/nstat", "IFSTAT": "misc/ifstat", "RDMA": "rdma/rdma", "DCB": "dcb/dcb",
    "VDPA": "vdpa/vdpa", "TIPC": "tipc/tipc", "LNSTAT": "misc/lnstat", "RTACCT": "misc/rtacct",
}


def log(msg):
    print(msg, flush=True)


def run(cmd, cwd=None, env=None, check=True, quiet_log=None, timeout=None, shell=False, input=None):
    """Runs cmd; with quiet_log its output goes to that file (shown on failure)."""
    if quiet_log:
        with open(quiet_log, "w") as f:
            r = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT,
                               timeout=timeout, shell=shell)
        if check and r.returncode != 0:
            with open(quiet_log) as f:
                tail = f.read()[-4000:]
            sys.exit(f"FAIL: {cmd if shell else ' '.join(cmd)} (exit {r.returncode}) in {cwd}:\n{tail}")
        return r
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, errors="replace",
                       timeout=timeout, shell=shell, input=input)
    if check and r.returncode != 0:
        sys.exit(f"FAIL: {cmd}: exit {r.returncode}\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return r


# ---- 1. the two builds -------------------------------------------------------------------

def elf_programs(tree):
    """The ELF executables and shared objects the build made (not objects or archives)."""
    out = []
    for root, _dirs, files in os.walk(tree):
        if "/.git" in root or "/testsuite" in root:
            continue
        for f in files:
            p = os.path.join(root, f)
            if f.endswith((".o", ".a")) or os.path.islink(p) or not os.access(p, os.X_OK):
                continue
            with open(p, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return sorted(out)


# The target's compiler (--cc) and sysroot (--sysroot); None for the host's own build.
CROSS = None


def cross_setup(cc, sysroot, work):
    """A compiler wrapper for the target: cc with the sysroot's headers and libraries, its
    dynamic linker and an rpath into it (DT_RPATH, which also serves the libraries' own
    dependencies, libbsd's libmd say); the environment that makes configure and make use it
    and find the sysroot's pkg-config files."""
    multiarch = run(["dpkg-architecture", "-a" + os.path.basename(os.path.dirname(sysroot.rstrip("/"))),
                     "-qDEB_HOST_MULTIARCH"]).stdout.strip()
    interp = os.path.join(sysroot, "lib", sorted(f for f in os.listdir(os.path.join(sysroot, "lib"))
                                                  if f.startswith("ld-linux"))[0])
    libdirs = [os.path.join(sysroot, "lib", multiarch), os.path.join(sysroot, "usr", "lib", multiarch)]
    os.makedirs(os.path.join(work, "bin"), exist_ok=True)
    wrapper = os.path.join(work, "bin", "cc-target")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\n# check-iproute2: the target's compiler with the sysroot " + sysroot + "\n"
                f'exec {cc} "$@" -isystem {sysroot}/usr/include -isystem {sysroot}/usr/include/{multiarch} '
                + " ".join(f"-L{d}" for d in libdirs)
                + f" -Wl,-rpath-link,{':'.join(libdirs)} -Wl,--dynamic-linker={interp}"
                + f" -Wl,--disable-new-dtags -Wl,-rpath,{':'.join(libdirs)}\n")
    os.chmod(wrapper, 0o755)
    pc = ":".join(os.path.join(d, "pkgconfig") for d in libdirs[1:]) + ":" + os.path.join(sysroot, "usr", "share", "pkgconfig")
    return {"cc": wrapper, "interp": interp, "pkg_config_libdir": pc}


def build_env(extra=None):
    env = dict(os.environ, **(extra or {}))
    if CROSS:
        env["CC"] = CROSS["cc"]
        env["PKG_CONFIG_LIBDIR"] = CROSS["pkg_config_libdir"]
    return env


def make_cmd(*args):
    return ["make"] + list(args) + ([f"CC={CROSS['cc']}"] if CROSS else [])


def build(src, work, prefix, jobs, reuse):
    base, shipped, relinked = (os.path.join(work, d) for d in ("configured", "shipped", "relinked"))
    stamp = os.path.join(work, "built.stamp")
    if reuse and os.path.exists(stamp):
        log(f"ok   builds reused from {work}")
        return shipped, relinked
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    t0 = time.time()
    # One ./configure result for both: configure a copy, then copy that twice.
    shutil.copytree(src, base, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    with open(os.path.join(work, "configure.log"), "w") as f:
        r = subprocess.run(["./configure"], cwd=base, env=build_env(), stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"FAIL: ./configure (exit {r.returncode}) in {base}:\n{open(os.path.join(work, 'configure.log')).read()[-4000:]}")
    shutil.copytree(base, shipped, symlinks=True)
    shutil.copytree(base, relinked, symlinks=True)
    shutil.rmtree(base)
    run_env(make_cmd(f"-j{jobs}"), shipped, os.path.join(work, "make-shipped.log"))

    # Relinked: every tool links librnetlink through pkg-config, set in config.mk before
    # anything is compiled (so no object is rebuilt afterwards) ...
    env = build_env({"PKG_CONFIG_PATH": os.path.join(prefix, "lib", "pkgconfig")})
    libs = run(["pkg-config", "--libs", "rnetlink"], env=env).stdout.strip()
    libdir = run(["pkg-config", "--variable=libdir", "rnetlink"], env=env).stdout.strip()
    with open(os.path.join(relinked, "config.mk"), "a") as f:
        f.write(f"\n# check-iproute2: link the tools with rnetlink\nLDLIBS += {libs} -Wl,-rpath,{libdir}\n")
    # ... and lib/libnetlink.a loses libnetlink.o and libgenl.o (mnl_utils.o and mnlg.o stay).
    run_env(make_cmd(f"-j{jobs}", "SUBDIRS=lib"), relinked, os.path.join(work, "make-relinked-lib.log"))
    archive = os.path.join(relinked, "lib", "libnetlink.a")
    run(["ar", "d", archive, "libnetlink.o", "libgenl.o"])
    members = run(["ar", "t", archive]).stdout.split()
    if "libnetlink.o" in members or "libgenl.o" in members:
        sys.exit(f"FAIL: {archive} still holds {members}")
    run_env(make_cmd(f"-j{jobs}"), relinked, os.path.join(work, "make-relinked.log"))
    # The testsuite's own helper links lib/libnetlink.a directly (its Makefile names no
    # LDLIBS): build it the same way, plus rnetlink.
    tools = os.path.join(relinked, "testsuite", "tools")
    if os.path.exists(os.path.join(tools, "generate_nlmsg.c")):
        for tree, extra in ((shipped, ""), (relinked, f" {libs} -Wl,-rpath,{libdir}")):
            d = os.path.join(tree, "testsuite", "tools")
            run(f"{CROSS['cc'] if CROSS else 'gcc'} -I../../include -I../../include/uapi -include ../../include/uapi/linux/netlink.h "
                f"-o generate_nlmsg generate_nlmsg.c ../../lib/libnetlink.a ../../lib/libutil.a "
                f"-lmnl -lcap{extra}", cwd=d, shell=True, quiet_log=os.path.join(work, "generate_nlmsg.log"))
    progs = [os.path.relpath(p, shipped) for p in elf_programs(shipped)]
    missing = [p for p in progs if not os.path.exists(os.path.join(relinked, p))]
    if missing:
        sys.exit(f"FAIL: the relinked build lacks {missing}")
    with open(stamp, "w") as f:
        f.write("\n".join(progs) + "\n")
    log(f"ok   built twice with one ./configure ({len(progs)} programs each, {time.time() - t0:.0f} s): "
        f"shipped, and relinked with `{libs}` and lib/libnetlink.a = {' '.join(members)}")
    return shipped, relinked


def run_env(cmd, cwd, log):
    """Runs a build command with the build environment (the target's, with --cc)."""
    with open(log, "w") as f:
        r = subprocess.run(cmd, cwd=cwd, env=build_env(), stdout=f, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} (exit {r.returncode}) in {cwd}:\n{open(log, errors='replace').read()[-4000:]}")


def ldd_r(p):
    """`ldd -r p`; for the target, what ldd does, done by the sysroot's dynamic linker (the
    host's ldd would try the host's loaders on the sysroot's C library)."""
    if not CROSS:
        return run(["ldd", "-r", p], check=False)
    env = dict(os.environ, LD_TRACE_LOADED_OBJECTS="1", LD_WARN="yes", LD_BIND_NOW="yes")
    return subprocess.run([CROSS["interp"], p], env=env, capture_output=True, text=True, errors="replace")


# ---- 2. the binding ------------------------------------------------------------------------

def verify_binding(shipped, relinked, prefix):
    objs = [os.path.join(shipped, "lib", o) for o in ("libnetlink.o", "libgenl.o")]
    api = set(run(["nm", "-g", "--defined-only", "--format=posix"] + objs).stdout.split("\n"))
    # (i386's PIC thunks __x86.get_pc_thunk.* are hidden copies that every object defines.)
    api = {l.split()[0] for l in api if l.strip() and not l.endswith(":")
           and not l.startswith("__x86.get_pc_thunk.")}
    lib_real = os.path.realpath(os.path.join(prefix, "lib", "librnetlink.so.0"))
    problems = []
    plugins = []
    checked = 0
    imported_total = 0
    for p in elf_programs(relinked):
        rel = os.path.relpath(p, relinked)
        uses = run(["nm", "-D", "--undefined-only", "--format=posix", p]).stdout.split("\n")
        # A versioned import reads "rtnl_open@RNETLINK_0.1": the name is what is compared.
        imports = {l.split()[0].split("@")[0] for l in uses if l.strip()} & api
        defined = {l.split()[0] for l in run(["nm", "--defined-only", "--format=posix", p]).stdout.split("\n") if l.strip()}
        own = defined & api
        if "rcvbuf" in own:
            relocs = run(["readelf", "-rW", p]).stdout
            if re.search(r"R_\w+_COPY\s.*\brcvbuf\b", relocs):
                own.discard("rcvbuf")
        if own:
            problems.append(f"{rel} defines libnetlink symbols itself: {' '.join(sorted(own))}")
        needed = run(["readelf", "-dW", p]).stdout
        if "librnetlink.so.0" not in needed:
            if imports and loader_of(rel):
                # A plugin: its imports resolve from the program that dlopen()s it.
                plugins.append((p, rel, imports))
            elif imports:
                problems.append(f"{rel} imports {sorted(imports)} but does not need librnetlink.so.0 "
                                "and is no plugin this check knows how to load (PLUGIN_LOADERS)")
            continue
        checked += 1
        ldd = ldd_r(p)
        if "undefined symbol" in ldd.stdout + ldd.stderr or ldd.returncode != 0:
            problems.append(f"{rel}: ldd -r:\n{ldd.stdout}{ldd.stderr}")
        if not p.endswith(".so"):
            bound = bindings_of(p, [p, "-V"])
            wrong = sorted(s for s in imports if bound.get(s) != lib_real)
            if wrong:
                problems.append(f"{rel}: not bound to {lib_real}: " +
                                ", ".join(f"{s} -> {bound.get(s)}" for s in wrong))
        imported_total += len(imports)
    plugin_imports = 0
    for p, rel, imports in plugins:
        bound = plugin_binding(relinked, p, rel)
        wrong = sorted(s for s in imports if bound.get(s) != lib_real)
        if wrong:
            problems.append(f"{rel}, loaded by {loader_of(rel)[0]}: not bound to {lib_real}: " +
                            ", ".join(f"{s} -> {bound.get(s)}" for s in wrong))
        plugin_imports += len(imports)
    if checked == 0 or imported_total == 0:
        problems.append(f"{checked} programs need librnetlink.so.0 and they import {imported_total} "
                        "libnetlink/libgenl symbols: the relinked build does not use rnetlink")
    if problems:
        for x in problems:
            log(f"FAIL binding: {x}")
        sys.exit(1)
    log(f"ok   binding: {checked} relinked programs need librnetlink.so.0, define none of the "
        f"{len(api)} libnetlink/libgenl symbols (rcvbuf copy relocations aside), ldd -r finds "
        f"nothing undefined, and all {imported_total} imports are bound to {lib_real}; "
        f"{len(plugins)} plugins loaded by their program ({' '.join(r for _, r, _ in plugins) or 'none built'}) "
        f"bind all {plugin_imports} of theirs there too")


# Plugins: shared objects that a relinked program dlopen()s. Like the stock build's (where the
# symbols come from the program's own static copy of libnetlink), they need no library: their
# libnetlink imports resolve in the global scope of the program that loads them, which here holds
# librnetlink. So the check loads each with its program and reads what its imports bind to.
# prefix of the plugin's path -> (program, arguments that make it dlopen plugin KIND). tc looks
# for q_KIND.so, f_KIND.so, m_KIND.so and e_KIND.so in $TC_LIB_DIR; the command may fail
# afterwards (a private namespace has no ATM device, no iptables target): only the load matters.
PLUGIN_LOADERS = {
    "tc/q_": ("tc/tc", ["qdisc", "add", "dev", "lo", "root", "KIND"]),
    "tc/f_": ("tc/tc", ["filter", "add", "dev", "lo", "parent", "ffff:", "KIND"]),
    "tc/m_": ("tc/tc", ["actions", "add", "action", "KIND"]),
    "tc/e_": ("tc/tc", ["exec", "KIND"]),
}


def loader_of(rel):
    """(program, argv with the plugin's kind) for a plugin path relative to the tree, or None."""
    for prefix, (prog, args) in PLUGIN_LOADERS.items():
        if rel.startswith(prefix) and rel.endswith(".so") and "/" not in rel[len(prefix):]:
            kind = rel[len(prefix):-len(".so")]
            return prog, [kind if a == "KIND" else a for a in args]
    return None


def plugin_binding(tree, plugin, rel):
    """What each symbol the plugin imports is bound to when its program loads it: symbol ->
    real path of the object that defines it (LD_BIND_NOW makes the dynamic linker resolve all
    of the plugin's symbols at dlopen and LD_DEBUG=bindings reports each)."""
    prog, args = loader_of(rel)
    return bindings_of(plugin, [os.path.join(tree, prog)] + args, TC_LIB_DIR=os.path.dirname(plugin))


def bindings_of(obj, argv, **extra_env):
    """Runs argv in a private network namespace with every symbol resolved at load time
    (LD_BIND_NOW) and reported (LD_DEBUG=bindings); returns, for the ELF object obj (the program
    or a library it loads), each symbol it imports -> real path of the object it is bound to."""
    env = dict(os.environ, LD_BIND_NOW="1", LD_DEBUG="bindings", **extra_env)
    r = subprocess.run(["unshare", "-n"] + argv, env=env, capture_output=True, text=True,
                       errors="replace", timeout=20, stdin=subprocess.DEVNULL)
    bound = {}
    for m in re.finditer(r"binding file (\S+) \[\d+\] to (\S+) \[\d+\]: normal symbol `([^']+)'", r.stderr):
        if os.path.realpath(m.group(1)) == os.path.realpath(obj):
            bound[m.group(3)] = os.path.realpath(m.group(2))
    return bound


# ---- normalisation -----------------------------------------------------------------------

NORMALISE = [
    # ages, lifetimes, timers
    (re.compile(r"(valid_lft|preferred_lft) \d+sec"), r"\1 Nsec"),
    (re.compile(r'"(valid_life_time|preferred_life_time|used|confirmed|updated|expires|ageing_timer|age|timer|hold_timer|message_age_timer|forward_delay_timer|tcn_timer|topology_change_timer|gc_timer|last_use|expires_ms)":\s*\d+(\.\d+)?'), r'"\1":N'),
    (re.compile(r"\b(expires|used|age|ageing|confirmed|updated|hold_timer|gc_timer|tcn_timer|topology_change_timer|message_age_timer|forward_delay_timer|timer|lastuse|last_use)( |:)\s*\d+(\.\d+)?(sec|s|ms)?"), r"\1\2N"),
    (re.compile(r"\b(ref|used|probes) \d+/\d+/\d+"), r"\1 N/N/N"),
    (re.compile(r"\breachable \d+ base_reachable"), "reachable N base_reachable"),  # randomised timer
    (re.compile(r"\bused \d+/\d+/\d+\b"), "used N/N/N"),
    (re.compile(r"installed \d+ sec used \d+ sec"), "installed N sec used N sec"),
    (re.compile(r"Timestamp: .*"), "Timestamp: T"),
    (re.compile(r"^\[\d{4}-\d\d-\d\dT[\d:.]+\]", re.M), "[T]"),
    (re.compile(r"ino:\d+"), "ino:N"),
    # the testsuite's random device names (rand_dev) and temporary files
    (re.compile(r"\bdev-[A-Za-z0-9]{6}\b"), "dev-RAND"),
    (re.compile(r"/tmp/tc_testsuite\.[A-Za-z0-9]{6}"), "/tmp/tc_testsuite.RAND"),
    (re.compile(r"sk:[0-9a-f]+"), "sk:N"),
    (re.compile(r"\bcookie:[0-9a-fx]+"), "cookie:N"),
]
# counters: the rows after RX:/TX: headers of `-s`, and `Sent N bytes N pkt` lines of tc.
COUNTER_ROW = re.compile(r"^(\s+)(\d+(\s+\d+)+)\s*$")
SENT = re.compile(r"Sent \d+ bytes \d+ pkt \(dropped \d+, overlimits \d+ requeues \d+\)")
JSON_COUNTERS = re.compile(r'"(bytes|packets|errors|dropped|overrun|over_errors|mcast|multicast|carrier_errors|collisions|overlimits|requeues|backlog|qlen|drops|ecn_mark|drop_overlimit|new_flow_count|new_flows_len|old_flows_len|memory_usage|lastuse|firstuse|installed|expires|hits|success)":\s*\d+')


def normalise(text):
    for rx, rep in NORMALISE:
        text = rx.sub(rep, text)
    text = SENT.sub("Sent N bytes N pkt (dropped N, overlimits N requeues N)", text)
    text = JSON_COUNTERS.sub(lambda m: f'"{m.group(1)}":N', text)
    out = []
    after_header = False
    for line in text.split("\n"):
        if after_header and COUNTER_ROW.match(line):
            line = COUNTER_ROW.sub(lambda m: m.group(1) + " ".join("N" for _ in m.group(2).split()), line)
        after_header = bool(re.match(r"^\s+(RX|TX)\b", line))
        out.append(line)
    return "\n".join(out)


def show_diff(name, what, a, b):
    d = difflib.unified_diff(a.splitlines(), b.splitlines(), f"shipped/{name}.{what}",
                             f"relinked/{name}.{what}", lineterm="", n=1)
    lines = list(d)
    if len(lines) > 60:
        lines = lines[:60] + [f"... ({len(lines) - 60} more diff lines)"]
    return "\n".join("     " + l for l in lines)


# ---- 3. the testsuite --------------------------------------------------------------------

def testsuite(tree, work, name):
    ts = os.path.join(tree, "testsuite")
    if not os.path.isdir(ts):
        return None
    run(["make", "-C", os.path.join(ts, "iproute2"), "link"], quiet_log=os.path.join(work, f"ts-link-{name}.log"))
    # The whole run in a private network and mount namespace (ip netns tests mount under
    # /var/run/netns); each test in a further private network namespace, as iproute2's
    # Makefile does with sudo.
    # Its Makefile runs `sudo dmesg` after each test: a shim that runs the command (we are
    # root) keeps make going where there is no sudo.
    shim = os.path.join(work, "bin")
    os.makedirs(shim, exist_ok=True)
    with open(os.path.join(shim, "sudo"), "w") as f:
        f.write('#!/bin/sh\n[ "$1" = -E ] && shift\nexec "$@"\n')
    os.chmod(os.path.join(shim, "sudo"), 0o755)
    env = dict(os.environ, PATH=shim + ":" + os.environ["PATH"], LC_ALL="C")
    r = subprocess.run(["unshare", "-n", "-m", "--propagation", "private", "make", "-k", "-C", ts,
                        "alltests", "PREFIX=unshare -n"],
                       capture_output=True, text=True, errors="replace", timeout=900, env=env)
    with open(os.path.join(work, f"testsuite-{name}.log"), "w") as f:
        f.write(r.stdout + r.stderr)
    results = {}
    for m in re.finditer(r"Running (\S+) \[[^\]]*\]: (?:\x1b\[[0-9;]*m)?(PASS|FAILED|SKIPPED)", r.stdout):
        test = m.group(1)
        base = os.path.join(ts, "results", test + ".iproute2-this")
        files = {}
        for ext in ("out", "err"):
            p = f"{base}.{ext}"
            files[ext] = open(p, errors="replace").read() if os.path.exists(p) else ""
        results[test] = (m.group(2), files)
    return results


def compare_testsuite(a, b):
    unexpected, known = [], []
    for test in sorted(set(a) | set(b)):
        if test not in a or test not in b:
            unexpected.append(f"testsuite {test}: ran in only one build")
            continue
        (sa, fa), (sb, fb) = a[test], b[test]
        diffs = []
        if sa != sb:
            diffs.append(f"     status: shipped {sa}, relinked {sb}")
        for ext in ("out", "err"):
            na, nb = normalise(fa[ext]), normalise(fb[ext])
            if na != nb:
                diffs.append(show_diff(test, ext, na, nb))
        if diffs:
            (known if test in KNOWN else unexpected).append(f"testsuite {test}:\n" + "\n".join(diffs))
    return unexpected, known


# ---- 4. the session ------------------------------------------------------------------------

def load_session(path):
    cases = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = re.split(r"\s*::(?:\s+|$)", line, maxsplit=2)
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: want NAME :: SETUP :: COMMAND")
            cases.append((parts[0].strip(), parts[1].strip(), parts[2].strip()))
    names = [c[0] for c in cases]
    dup = {x for x in names if names.count(x) > 1}
    if dup:
        sys.exit(f"{path}: duplicate case names {sorted(dup)}")
    return cases


# Every case starts in a fresh namespace like this one: lo up, no IPv6 link-local addresses
# generated (they would depend on timing), and the namespace's own /tmp-like directory.
# Helpers for the setups: veth (v0 and v1, fixed addresses, up), br (br0, up), addrs.
PRELUDE = r"""
sysctl -qw net.ipv6.conf.all.addr_gen_mode=1 net.ipv6.conf.default.addr_gen_mode=1 \
    net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 2>/dev/null
$IP link set lo up; cd "$CASEDIR"
waitup() { for i in $(seq 100); do $IP -o link show "$1" | grep -q 'state UP' && return; sleep 0.02; done; }
veth() { $IP link add v0 address 02:00:00:00:00:01 type veth peer name v1 address 02:00:00:00:00:02 \
    && $IP link set v0 up && $IP link set v1 up && waitup v0 && waitup v1; }
br() { $IP link add br0 address 02:00:00:00:01:00 type bridge && $IP link set br0 up; }
addrs() { $IP addr add 192.0.2.1/24 dev v0 && $IP addr add 192.0.2.11/24 dev v0 \
    && $IP -6 addr add 2001:db8::1/64 dev v0 nodad; }
many() { for i in $(seq 0 $(($1 - 1))); do echo "addr add 10.$((i / 250)).$((i % 250 + 1)).1/24 dev v0"; done > many.batch; $IP -batch many.batch; }
"""


def run_case(tree, name, setup, command, casedir):
    env = dict(os.environ, LC_ALL="C", COLUMNS="200", CASEDIR=casedir, TERM="dumb")
    env.pop("LD_DEBUG", None)
    for var, rel in TOOLS.items():
        env[var] = os.path.join(tree, rel)
    shutil.rmtree(casedir, ignore_errors=True)
    os.makedirs(casedir)
    script = PRELUDE + (f"{{ {setup} ; }} >/dev/null 2>&1; " if setup else "") + command
    try:
        r = subprocess.run(["unshare", "-n", "bash", "-c", script], env=env, capture_output=True,
                           text=True, errors="replace", timeout=120, stdin=subprocess.DEVNULL)
        rc, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = "timeout", (e.stdout or b"").decode(errors="replace"), (e.stderr or b"").decode(errors="replace")
    return rc, out.replace(tree, "$TREE"), err.replace(tree, "$TREE")


def case_diffs(name, a, b):
    diffs = []
    if a[0] != b[0]:
        diffs.append(f"     exit: shipped {a[0]}, relinked {b[0]}")
    for i, what in ((1, "stdout"), (2, "stderr")):
        na, nb = normalise(a[i]), normalise(b[i])
        if na != nb:
            diffs.append(show_diff(name, what, na, nb))
    return diffs


def session(shipped, relinked, work, cases):
    unexpected, known = [], []
    results = {}
    retried = []
    for name, setup, command in cases:
        casedir = os.path.join(work, "case")
        a = run_case(shipped, name, setup, command, casedir)
        b = run_case(relinked, name, setup, command, casedir)
        diffs = case_diffs(name, a, b)
        if diffs and name not in KNOWN:
            # A few cases race with the kernel or a helper process (monitors, listeners) on a
            # loaded machine: a difference counts only if it shows again in a second run.
            retried.append(name)
            a2 = run_case(shipped, name, setup, command, casedir)
            b2 = run_case(relinked, name, setup, command, casedir)
            if not case_diffs(name, a2, b2):
                a, b, diffs = a2, b2, []
                log(f"--   session {name}: differed once, not when run again (timing)")
        results[name] = (a, b)
        if diffs:
            (known if name in KNOWN else unexpected).append(f"session {name}: {command}\n" + "\n".join(diffs))
    with open(os.path.join(work, "session.log"), "w") as f:
        for name, (a, b) in results.items():
            f.write(f"==== {name}\n-- shipped exit {a[0]}\n{a[1]}-- stderr\n{a[2]}-- relinked exit {b[0]}\n{b[1]}-- stderr\n{b[2]}\n")
    return unexpected, known, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="the iproute2 source tree (not modified)")
    ap.add_argument("--prefix", required=True, help="where rnetlink is installed")
    ap.add_argument("--work", help="build directory (default: build/iproute2/NAME)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="reuse the builds of an earlier run")
    ap.add_argument("--session", default=os.path.join(HERE, "iproute2-session.txt"))
    ap.add_argument("--only", help="run only the session cases whose name matches this regex")
    ap.add_argument("--no-testsuite", action="store_true")
    ap.add_argument("--cc", help="the target's compiler (with --sysroot)")
    ap.add_argument("--sysroot", help="the target's libraries (tools/debian-sysroot.sh), with --cc")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("check-iproute2 needs root (unshare -n)")
    src = os.path.abspath(args.src)
    if not os.path.exists(os.path.join(src, "configure")) or not os.path.isdir(os.path.join(src, "lib")):
        sys.exit(f"{src} is not an iproute2 source tree")
    version = "?"
    vh = os.path.join(src, "include", "version.h")
    if os.path.exists(vh):
        m = re.search(r'"([^"]+)"', open(vh).read())
        version = m.group(1) if m else "?"
    work = os.path.abspath(args.work or os.path.join(HERE, "..", "build", "iproute2", os.path.basename(src.rstrip("/"))))
    prefix = os.path.abspath(args.prefix)
    global CROSS
    if bool(args.cc) != bool(args.sysroot):
        sys.exit("--cc and --sysroot go together")
    if args.cc:
        os.makedirs(work, exist_ok=True)
        CROSS = cross_setup(args.cc, os.path.abspath(args.sysroot), os.path.dirname(work))
    t0 = time.time()
    log(f"check-iproute2: iproute2 {version} from {src}, rnetlink from {prefix}, work in {work}")
    shipped, relinked = build(src, work, prefix, args.jobs, args.reuse)
    verify_binding(shipped, relinked, prefix)

    unexpected, known = [], []
    if not args.no_testsuite and not args.only:
        t1 = time.time()
        ta = testsuite(shipped, work, "shipped")
        tb = testsuite(relinked, work, "relinked")
        if ta is None:
            log("--   no testsuite/ in this tree")
        else:
            if not ta:
                sys.exit(f"FAIL: the testsuite ran no test (see {work}/testsuite-shipped.log)")
            u, k = compare_testsuite(ta, tb)
            unexpected += u
            known += k
            count = lambda r, s: sum(1 for v in r.values() if v[0] == s)
            log(f"{'ok  ' if not u else 'FAIL'} testsuite: {len(ta)} tests; shipped {count(ta, 'PASS')} passed, "
                f"{count(ta, 'FAILED')} failed, {count(ta, 'SKIPPED')} skipped; relinked {count(tb, 'PASS')} passed, "
                f"{count(tb, 'FAILED')} failed, {count(tb, 'SKIPPED')} skipped; {len(u)} unexpected and "
                f"{len(k)} known differences ({time.time() - t1:.0f} s)")

    cases = load_session(args.session)
    if args.only:
        cases = [c for c in cases if re.search(args.only, c[0])]
    t1 = time.time()
    u, k, results = session(shipped, relinked, work, cases)
    unexpected += u
    known += k
    failing = sum(1 for a, _ in results.values() if a[0] != 0)
    log(f"{'ok  ' if not u else 'FAIL'} session: {len(cases)} commands, each in a fresh network namespace "
        f"({failing} of them exit non-zero in both builds, as scripted); {len(u)} unexpected and {len(k)} "
        f"known differences ({time.time() - t1:.0f} s; outputs in {work}/session.log)")

    for d in known:
        name = d.split(":")[0].split()[-1]
        log(f"KNOWN {d}\n     why: {KNOWN.get(name, '')}")
    for d in unexpected:
        log(f"DIFF {d}")
    log(f"check-iproute2: iproute2 {version}: {len(unexpected)} unexpected differences, {len(known)} known "
        f"({time.time() - t0:.0f} s)")
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
