//! Extended-ACK parsing (capped and uncapped), through the core and through the exported
//! nl_dump_ext_ack / nl_dump_ext_ack_done on an exact-size heap copy of the message.
#![no_main]
#[path = "common.rs"]
mod common;

use common::{Checker, Input};
use core::ffi::{c_char, c_int, CStr};
use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::extack::{nl_dump_ext_ack, nl_dump_ext_ack_done};
use rnetlink::wire::nlmsghdr;

static mut BOUNDS: (usize, usize) = (0, 0);

/// The errfn: its pointers must lie inside the message, the text NUL-terminated inside it.
unsafe extern "C" fn errfn(msg: *const c_char, _off: u32, inner: *const nlmsghdr) -> c_int {
    let (start, end) = unsafe { BOUNDS };
    if !msg.is_null() {
        assert!(msg as usize >= start && (msg as usize) < end);
        let text = unsafe { CStr::from_ptr(msg) };
        assert!(msg as usize + text.to_bytes().len() < end);
    }
    if !inner.is_null() {
        assert!(inner as usize >= start && inner as usize + 16 <= end);
    }
    7
}

fuzz_target!(|data: &[u8]| {
    common::quiet_stderr();
    let mut inp = Input(data);
    let offset = inp.u32() % 64;
    let error = inp.i32();
    let use_errfn = inp.u8() & 1 != 0;
    let mut msg = inp.rest().to_vec();
    // The exported functions trust nlmsg_len (their contract): make it the real length, or
    // less, as a caller's message would be.
    if msg.len() >= 4 {
        let claimed = u32::from_ne_bytes([msg[0], msg[1], msg[2], msg[3]]) as usize;
        let len = (claimed % (msg.len() + 1)) as u32;
        msg[0..4].copy_from_slice(&len.to_ne_bytes());
    }
    let mut sink = Checker::new(0, None);
    rnetlink::proto::print_ext_ack(&msg, &mut sink);
    rnetlink::proto::print_ext_ack_done(&msg, offset, error, &mut sink);
    if msg.len() < 16 {
        return;
    }
    // An exact-size heap copy, so the sanitizer sees any read past the message.
    let heap = msg.clone().into_boxed_slice();
    let p = heap.as_ptr().cast::<nlmsghdr>();
    unsafe {
        BOUNDS = (heap.as_ptr() as usize, heap.as_ptr() as usize + heap.len());
        nl_dump_ext_ack(p, if use_errfn { Some(errfn) } else { None });
        nl_dump_ext_ack_done(p, offset, error);
    }
});
