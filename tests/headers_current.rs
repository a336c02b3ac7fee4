//! The checked-in headers in `include/` must be exactly what build.rs generates from the
//! current sources and templates. `make header` (RNETLINK_UPDATE_HEADERS=1) rewrites them.

use std::path::Path;

const GENERATED: &[(&str, &str)] = &[
    ("libnetlink.h", include_str!(concat!(env!("OUT_DIR"), "/include/libnetlink.h"))),
    ("libgenl.h", include_str!(concat!(env!("OUT_DIR"), "/include/libgenl.h"))),
    ("rnetlink.h", include_str!(concat!(env!("OUT_DIR"), "/include/rnetlink.h"))),
];

#[test]
fn checked_in_headers_are_current() {
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let update = std::env::var_os("RNETLINK_UPDATE_HEADERS").is_some();
    let mut stale = Vec::new();
    for (name, text) in GENERATED {
        let path = include.join(name);
        if update {
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(*text) {
            stale.push(*name);
        }
    }
    assert!(stale.is_empty(), "include/{stale:?} differ from the generated headers: run `make header` and commit");
}
