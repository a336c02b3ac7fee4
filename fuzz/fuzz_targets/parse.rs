//! parse_rtattr_flags, parse_rtattr_one, __parse_rtattr_nested_compat (and so the nested
//! macros) on an exact-size heap buffer: every stored entry must lie inside it; and
//! nl_print_policy on the same bytes as one attribute (AddressSanitizer catches any read past
//! them).
#![no_main]
#[path = "common.rs"]
mod common;

use common::Input;
use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::attr::{__parse_rtattr_nested_compat, parse_rtattr_flags, parse_rtattr_one};
use rnetlink::attr::parse::parse_into;
use rnetlink::ffi::iproute2_v6::nl_print_policy;
use rnetlink::wire::rtattr;

fn check_table(tb: &[*mut rtattr], start: usize, end: usize) {
    for &p in tb {
        if p.is_null() {
            continue;
        }
        let at = p as usize;
        assert!(at >= start && at + 4 <= end, "entry header outside the input");
        let len = unsafe { (*p).rta_len } as usize;
        assert!(len >= 4 && at + len <= end, "entry outside the input");
    }
}

/// One stream for nl_print_policy's text, opened once.
fn devnull() -> *mut libc::FILE {
    static FP: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *FP.get_or_init(|| unsafe { libc::fopen(c"/dev/null".as_ptr(), c"w".as_ptr()) } as usize) as *mut libc::FILE
}

fuzz_target!(|data: &[u8]| {
    common::quiet_stderr();
    let mut inp = Input(data);
    let max = (inp.u8() as i32) - 2; // -2..253
    let flags = inp.u16();
    let ty = inp.u16() as i32;
    let compat_len = (inp.u8() as i32) - 4;
    let short = (inp.u8() % 4) as usize; // parse fewer bytes than there are
    let bytes = inp.rest();
    let heap: Box<[u8]> = bytes.to_vec().into_boxed_slice();
    let (start, end) = (heap.as_ptr() as usize, heap.as_ptr() as usize + heap.len());
    let len = heap.len().saturating_sub(short) as i32;
    let rta = heap.as_ptr() as *mut rtattr;
    let mut tb = vec![core::ptr::null_mut::<rtattr>(); (max.max(0) + 1) as usize];
    unsafe {
        parse_rtattr_flags(tb.as_mut_ptr(), max, rta, len, flags);
        check_table(&tb, start, end);
        // The C entry point's pointer walk decides exactly as the reference slice walk.
        let mut reference = vec![rta; tb.len()];
        let n = if max < 0 { 0 } else { tb.len() };
        let bytes = if len < 0 { &heap[..0] } else { &heap[..len as usize] };
        let slot = |at: usize| heap.as_ptr().wrapping_add(at) as *mut rtattr;
        parse_into(bytes, len, flags, &mut reference[..n], core::ptr::null_mut(), slot);
        assert_eq!(&tb[..n], &reference[..n], "pointer walk differs from the slice walk");
        let one = parse_rtattr_one(ty, rta, len);
        check_table(&[one], start, end);
        // The compat parser reads one attribute: the caller vouches for its rta_len bytes.
        if heap.len() >= 4 && (*rta).rta_len as usize <= heap.len() {
            __parse_rtattr_nested_compat(tb.as_mut_ptr(), max, rta, compat_len);
            check_table(&tb, start, end);
            // Only the attribute's own rta_len bytes: a copy of exactly that size.
            let attr: Box<[u8]> = heap[..((*rta).rta_len as usize).max(4)].to_vec().into_boxed_slice();
            nl_print_policy(attr.as_ptr() as *const rtattr, devnull());
        }
    }
});
