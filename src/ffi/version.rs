//! `rnl_version()`: the library's version at run time, to compare with the `RNL_VERSION_*`
//! macros a program was compiled with.

use core::ffi::c_uint;

const fn parse(s: &str) -> u32 {
    let b = s.as_bytes();
    let mut i = 0;
    let mut v = 0u32;
    while i < b.len() {
        v = v * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    v
}

/// `(major << 16) | (minor << 8) | patch`, the same encoding as the `RNL_VERSION_NUM` macro.
pub const VERSION_NUM: u32 = (parse(env!("CARGO_PKG_VERSION_MAJOR")) << 16)
    | (parse(env!("CARGO_PKG_VERSION_MINOR")) << 8)
    | parse(env!("CARGO_PKG_VERSION_PATCH"));

/// The version of the library that is running, encoded as `RNL_VERSION_NUM`.
#[no_mangle]
pub extern "C" fn rnl_version() -> c_uint {
    VERSION_NUM
}
