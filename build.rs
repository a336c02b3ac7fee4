//! Generates the three installed headers from the Rust sources (cbindgen) and the hand-kept
//! templates in `headers/`, into `$OUT_DIR/include/`. The checked-in copies in `include/` are
//! compared with these by `tests/headers_current.rs` (`make header` refreshes them), so the
//! headers a user installs are always what the code exports.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// Each installed header: its template and the Rust files whose `extern "C"` items,
/// types and constants cbindgen declares in it.
const HEADERS: &[(&str, &[&str])] = &[
    ("libnetlink.h", &["src/ffi/types.rs", "src/ffi/socket.rs", "src/ffi/dump_req.rs", "src/ffi/dump.rs", "src/ffi/talk.rs", "src/ffi/extack.rs", "src/ffi/listen.rs", "src/ffi/attr.rs"]),
    ("libgenl.h", &["src/ffi/genl.rs"]),
    ("rnetlink.h", &["src/ffi/macros.rs", "src/ffi/version.rs", "src/ffi/decode.rs", "src/ffi/iproute2_v6.rs", "src/ffi/netns.rs"]),
];

/// Types that the generated declarations name but that come from the C headers the template
/// includes: cbindgen writes them with their C spelling.
const C_STRUCTS: &[&str] = &["nlmsghdr", "rtattr", "sockaddr_nl", "if_stats_msg", "rtnl_handle", "iovec"];

/// Types that cbindgen must declare even when no function uses them yet.
const ALWAYS_EXPORT: &[&str] = &[
    "rtnl_handle",
    "nlmsg_list",
    "nlmsg_chain",
    "ipstats_req",
    "rtnl_ctrl_data",
    "req_filter_fn_t",
    "rtnl_filter_t",
    "rtnl_err_hndlr_t",
    "rtnl_listen_filter_t",
    "nl_ext_ack_fn_t",
    "rtnl_dump_filter_arg",
];

fn config(defined_here: &[&str]) -> cbindgen::Config {
    let mut cfg = cbindgen::Config::default();
    cfg.language = cbindgen::Language::C;
    cfg.style = cbindgen::Style::Tag;
    cfg.no_includes = true;
    cfg.usize_is_size_t = true;
    cfg.documentation = true;
    cfg.documentation_style = cbindgen::DocumentationStyle::Doxy;
    cfg.function.must_use = Some("__attribute__((warn_unused_result))".into());
    cfg.export.include = ALWAYS_EXPORT.iter().map(|s| s.to_string()).collect();
    for name in C_STRUCTS {
        // A struct that this header defines itself keeps its plain name.
        if !defined_here.contains(name) {
            cfg.export.rename.insert(name.to_string(), format!("struct {name}"));
        }
    }
    cfg
}

fn declarations(root: &Path, sources: &[&str]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let defined_here: Vec<&str> = if sources.contains(&"src/ffi/types.rs") { vec!["rtnl_handle"] } else { vec![] };
    let mut builder = cbindgen::Builder::new().with_config(config(&defined_here));
    for src in sources {
        builder = builder.with_src(root.join(src));
    }
    let bindings = builder.generate().unwrap_or_else(|e| panic!("cbindgen failed on {sources:?}: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    let text = String::from_utf8(out).expect("cbindgen output is UTF-8");
    text.trim().to_string()
}

/// Keeps a generated struct definition out of the older API generations that lack it
/// (`-DRNETLINK_IPROUTE2_API` below `since`), leaving `fallback` there instead:
/// * `struct rtnl_handle` is v4.2's and later; older generations get that release's smaller
///   struct from the template (headers/libnetlink.h.in);
/// * `struct ipstats_req` (v5.19) embeds `struct if_stats_msg` (kernel 4.7): a program of an
///   older release may be built against kernel headers without it, so it only sees the tag.
fn guard_struct(text: String, name: &str, since: u32, fallback: &str) -> String {
    let open = format!("struct {name} {{");
    let Some(start) = text.find(&open) else { return text };
    let end = start + text[start..].find("};").expect("the struct ends") + 2;
    let mut out = format!(
        "{}#if !defined(RNETLINK_IPROUTE2_API) || RNETLINK_IPROUTE2_API >= {since}\n{}\n",
        &text[..start],
        &text[start..end]
    );
    if !fallback.is_empty() {
        out.push_str(&format!("#else\n{fallback}\n"));
    }
    out.push_str("#endif");
    out.push_str(&text[end..]);
    out
}

/// The generated declarations of a header, with the structs of newer generations guarded.
fn guard_structs(text: String) -> String {
    let text = guard_struct(text, "rtnl_handle", 40200, "");
    guard_struct(text, "ipstats_req", 51900, "struct ipstats_req;")
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("include");
    fs::create_dir_all(&out).unwrap();

    let major = env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
    let minor = env::var("CARGO_PKG_VERSION_MINOR").unwrap();
    let patch = env::var("CARGO_PKG_VERSION_PATCH").unwrap();

    for (header, sources) in HEADERS {
        let template_path = root.join("headers").join(format!("{header}.in"));
        let template = fs::read_to_string(&template_path)
            .unwrap_or_else(|e| panic!("{}: {e}", template_path.display()));
        let text = template
            .replace("@GENERATED_DECLARATIONS@", &guard_structs(declarations(&root, sources)))
            .replace("@VERSION_MAJOR@", &major)
            .replace("@VERSION_MINOR@", &minor)
            .replace("@VERSION_PATCH@", &patch);
        fs::write(out.join(header), text).unwrap();
    }

    cc::Build::new().file(root.join("csrc/echo_json.c")).warnings(true).extra_warnings(true).compile("rnetlink_c");
    println!("cargo:rerun-if-changed=csrc");

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=headers");
    println!("cargo:rerun-if-changed=src/ffi");
}
