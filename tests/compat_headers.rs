//! The older API generations of the headers (issue 18, `-DRNETLINK_IPROUTE2_API`): a program
//! using each generation's old forms compiles warning-free against `include/` with that
//! generation's define (as C with GCC's -Werror, so every callback and struct must have the
//! release's exact type), the same program does not compile without the define (the v7.1 API
//! is the default), and a value that is not a release stops the compilation with #error.
//! Compile-only (`-fsyntax-only`); the entry points are run by ctests/apigen_*.c.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Compiles `src` as C with `-D` flags; Ok or the compiler's messages.
fn compile(src: &str, defines: &[&str]) -> Result<(), String> {
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let mut cmd = Command::new(cc);
    cmd.args(["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-x", "c", "-"]).arg("-I").arg(&include);
    for d in defines {
        cmd.arg(format!("-D{d}"));
    }
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("a C compiler (cc)");
    child.stdin.take().unwrap().write_all(src.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

const PRELUDE: &str = "#include <libnetlink.h>\n#include <libgenl.h>\n#include <stddef.h>\n";

/// v2.6-v3.1: 7-argument talk with junk, 5-argument dump filter with junk, who-filters, the
/// 4-field dump_filter_l array, a 36-byte handle, rtnl_wilddump_request, byindex.
const V3_0: &str = r#"
static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg) { (void)who; (void)n; (void)arg; return 0; }
int f(void) {
    struct rtnl_handle rth;
    struct { struct nlmsghdr n; char buf[64]; } req;
    struct rtattr *tb[4];
    struct rtnl_dump_filter_arg a[2] = { { filt, NULL, filt, NULL }, { NULL, NULL, NULL, NULL } };
    _Static_assert(sizeof(struct rtnl_handle) == 36, "H36");
    if (rtnl_open(&rth, 0) < 0) return 1;
    rtnl_wilddump_request(&rth, 0, RTM_GETLINK);
    rtnl_dump_filter(&rth, filt, NULL, NULL, NULL);
    rtnl_dump_filter_l(&rth, a);
    rtnl_talk(&rth, &req.n, 0, 0, &req.n, NULL, NULL);
    rtnl_talk(&rth, &req.n, 0, 0, NULL, filt, &rth);
    rtnl_listen(&rth, filt, NULL);
    rtnl_from_file(stdin, filt, NULL);
    parse_rtattr_byindex(tb, 4, NULL, 0);
    rtnl_close(&rth);
    return 0;
}
"#;

/// v3.2-v4.0: 5-argument talk, 3-argument dump filter (a function), 2-field array.
const V3_18: &str = r#"
static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg) { (void)who; (void)n; (void)arg; return 0; }
int f(void) {
    struct rtnl_handle rth;
    struct nlmsghdr n;
    struct rtnl_dump_filter_arg a[2] = { { filt, NULL }, { NULL, NULL } };
    int (*df)(struct rtnl_handle *, rtnl_filter_t, void *) = rtnl_dump_filter;
    _Static_assert(offsetof(struct rtnl_handle, proto) == 36, "H40");
    if (rtnl_open_byproto(&rth, 0, NETLINK_ROUTE) < 0) return 1;
    if (rtnl_wilddump_req_filter(&rth, 0, RTM_GETLINK, 1) < 0) return 1;
    if (df(&rth, filt, NULL) < 0) return 1;
    if (rtnl_dump_filter_l(&rth, a) < 0) return 1;
    if (rtnl_talk(&rth, &n, 0, 0, &n) < 0) return 1;
    return genl_resolve_family(&rth, "nlctrl");
}
"#;

/// v4.9: talk with (answer, len), rtnl_dump_filter as a macro over the who-filter
/// rtnl_dump_filter_nc, the listen handler with who and ctrl, the stats wilddump.
const V4_9: &str = r#"
static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg) { (void)who; (void)n; (void)arg; return 0; }
static int mon(const struct sockaddr_nl *who, struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg) { (void)who; (void)ctrl; (void)n; (void)arg; return 0; }
static int addf(struct nlmsghdr *nlh, int reqlen) { (void)nlh; (void)reqlen; return 0; }
int f(void) {
    struct rtnl_handle rth = { .fd = -1 };
    struct { struct nlmsghdr n; char buf[1024]; } req;
    struct rtnl_dump_filter_arg a[2] = { { filt, NULL, 0 }, { NULL, NULL, 0 } };
    _Static_assert(sizeof(struct rtnl_handle) == sizeof(void *) * 7, "H56");
    if (rtnl_open(&rth, 0) < 0) return 1;
    if (rtnl_wilddump_request(&rth, AF_UNSPEC, RTM_GETLINK) < 0) return 1;
    if (rtnl_dump_filter(&rth, filt, NULL) < 0) return 1;
    if (rtnl_dump_filter_nc(&rth, filt, NULL, NLM_F_DUMP_INTR) < 0) return 1;
    if (rtnl_dump_filter_l(&rth, a) < 0) return 1;
    if (rtnl_wilddump_req_filter_fn(&rth, AF_UNSPEC, RTM_GETLINK, addf) < 0) return 1;
    if (rtnl_wilddump_stats_req_filter(&rth, AF_UNSPEC, RTM_GETSTATS, 1) < 0) return 1;
    if (rtnl_talk(&rth, &req.n, &req.n, sizeof(req)) < 0) return 1;
    if (rtnl_talk(&rth, &req.n, NULL, 0) < 0) return 1;
    if (rtnl_listen(&rth, mon, NULL) < 0) return 1;
    return rtnl_from_file(stdin, mon, NULL);
}
"#;

/// v4.19: talk with **answer (v7.1's), the extack talk, who-filters, wilddump, byindex.
const V4_19: &str = r#"
static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg) { (void)who; (void)n; (void)arg; return 0; }
static int err(const char *msg, uint32_t off, const struct nlmsghdr *inner) { (void)msg; (void)off; (void)inner; return 0; }
int f(void) {
    struct rtnl_handle rth;
    struct nlmsghdr n, *answer;
    struct rtattr *tb[8];
    if (rtnl_open(&rth, 0) < 0) return 1;
    if (rtnl_wilddump_request(&rth, AF_UNSPEC, RTM_GETLINK) < 0) return 1;
    if (rtnl_dump_filter(&rth, filt, NULL) < 0) return 1;
    if (rtnl_talk(&rth, &n, &answer) < 0) return 1;
    if (rtnl_talk_suppress_rtnl_errmsg(&rth, &n, NULL) < 0) return 1;
    if (rtnl_talk_extack(&rth, &n, &answer, err) < 0) return 1;
    return parse_rtattr_byindex(tb, 8, NULL, 0);
}
"#;

/// v4.20: the v7.1 callbacks, 2-argument dump requests, nsid, 3-argument statsdump.
const V4_20: &str = r#"
static int filt(struct nlmsghdr *n, void *arg) { (void)n; (void)arg; return 0; }
int f(void) {
    struct rtnl_handle rth;
    if (rtnl_open(&rth, 0) < 0) return 1;
    if (rtnl_addrdump_req(&rth, AF_INET) < 0) return 1;
    if (rtnl_routedump_req(&rth, AF_INET) < 0) return 1;
    if (rtnl_neighdump_req(&rth, AF_INET) < 0) return 1;
    if (rtnl_nsiddump_req(&rth, AF_UNSPEC) < 0) return 1;
    if (rtnl_statsdump_req_filter(&rth, AF_UNSPEC, 1) < 0) return 1;
    return rtnl_dump_filter(&rth, filt, NULL);
}
"#;

/// v5.19: the 2-argument nl_dump_ext_ack_done.
const V5_19: &str = r#"
int f(const struct nlmsghdr *nlh) { return nl_dump_ext_ack_done(nlh, -1); }
"#;

fn src(body: &str) -> String {
    format!("{PRELUDE}{body}")
}

#[test]
fn each_generation_compiles_its_old_forms() {
    for (api, body) in [
        ("30000", V3_0),
        ("20631", V3_0),
        ("31800", V3_18),
        ("40900", V4_9),
        ("41400", V4_9),
        ("41900", V4_19),
        ("42000", V4_20),
        ("51900", V5_19),
        ("50200", V5_19),
    ] {
        if let Err(e) = compile(&src(body), &[&format!("RNETLINK_IPROUTE2_API={api}")]) {
            panic!("API {api} does not compile:\n{e}");
        }
    }
}

#[test]
fn old_forms_do_not_compile_without_the_define() {
    for body in [V3_0, V3_18, V4_9, V4_19, V4_20, V5_19] {
        assert!(compile(&src(body), &[]).is_err(), "an old-style call compiled with the default API:\n{body}");
    }
}

#[test]
fn a_generation_refuses_another_generations_forms() {
    // v4.9 talk under v4.19, v4.19 talk under v4.9, v3.0 dump filter under v3.18.
    assert!(compile(&src(V4_9), &["RNETLINK_IPROUTE2_API=41900"]).is_err());
    assert!(compile(&src(V4_19), &["RNETLINK_IPROUTE2_API=40900"]).is_err());
    assert!(compile(&src(V3_0), &["RNETLINK_IPROUTE2_API=31800"]).is_err());
}

#[test]
fn the_default_and_new_releases_compile_the_v7_api() {
    let v7 = "static int filt(struct nlmsghdr *n, void *arg) { (void)n; (void)arg; return 0; }\n\
              int f(struct rtnl_handle *rth, struct nlmsghdr *n, struct nlmsghdr **a) {\n\
              if (rtnl_talk(rth, n, a) < 0) return 1; return rtnl_dump_filter(rth, filt, NULL); }\n";
    for defines in [&[][..], &["RNETLINK_IPROUTE2_API=60100"], &["RNETLINK_IPROUTE2_API=70100"]] {
        if let Err(e) = compile(&src(v7), defines) {
            panic!("{defines:?}: {e}");
        }
    }
}

#[test]
fn invalid_values_stop_with_an_error() {
    for bad in ["RNETLINK_IPROUTE2_API", "RNETLINK_IPROUTE2_API=", "RNETLINK_IPROUTE2_API=20599", "RNETLINK_IPROUTE2_API=abc"] {
        let e = compile(PRELUDE, &[bad]).expect_err(bad);
        assert!(e.contains("RNETLINK_IPROUTE2_API must name an iproute2 release"), "{bad}: {e}");
    }
}

#[test]
fn the_4_20_link_requests_and_the_old_rta_nest_are_bound_to_compat_symbols() {
    // The same C signature in both eras: a function-pointer identity would not tell them apart,
    // so compare the asm names the compiler emits.
    let src = format!("{PRELUDE}void *p[] = {{ (void *)rtnl_linkdump_req, (void *)rtnl_linkdump_req_filter_fn, (void *)rta_nest }};\n");
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let asm = |define: Option<&str>| {
        let mut cmd = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()));
        cmd.args(["-std=gnu11", "-S", "-o", "-", "-x", "c", "-"]).arg("-I").arg(&include);
        if let Some(d) = define {
            cmd.arg(format!("-D{d}"));
        }
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(src.as_bytes()).unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    };
    let old = asm(Some("RNETLINK_IPROUTE2_API=42000"));
    assert!(old.contains("rnl_compat_rtnl_linkdump_req_420") && old.contains("rnl_compat_rta_nest_noflag"), "{old}");
    let new = asm(None);
    assert!(!new.contains("rnl_compat_"), "{new}");
    let v5 = asm(Some("RNETLINK_IPROUTE2_API=50300"));
    assert!(!v5.contains("rnl_compat_"), "{v5}");
}

#[test]
fn functions_writing_past_an_old_handle_are_not_declared_for_it() {
    for call in [
        "rtnl_listen_all_nsid(rth)",
        "(rtnl_set_strict_dump(rth), 0)",
        "genl_init_handle(rth, \"nlctrl\", NULL)",
        "rtnl_dump_filter_errhndlr_nc(rth, NULL, NULL, NULL, NULL, 0)",
    ] {
        let body = format!("int f(struct rtnl_handle *rth) {{ return {call}; }}\n");
        assert!(compile(&src(&body), &["RNETLINK_IPROUTE2_API=40100"]).is_err(), "{call} compiles for a 48-byte handle");
        if let Err(e) = compile(&src(&body), &["RNETLINK_IPROUTE2_API=50000"]) {
            panic!("{call} for v5.0: {e}");
        }
    }
}
