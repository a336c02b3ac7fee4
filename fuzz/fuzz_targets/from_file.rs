//! rtnl_from_file on arbitrary streams (through fmemopen): every message handed to the
//! handler lies inside the library's buffer with the length it claims.
#![no_main]
#[path = "common.rs"]
mod common;

use core::ffi::{c_int, c_void};
use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::listen::rtnl_from_file;
use rnetlink::ffi::types::rtnl_ctrl_data;
use rnetlink::wire::nlmsghdr;

unsafe extern "C" fn handler(ctrl: *mut rtnl_ctrl_data, n: *mut nlmsghdr, arg: *mut c_void) -> c_int {
    assert!(ctrl.is_null());
    let len = unsafe { (*n).nlmsg_len } as usize;
    assert!(len >= 16);
    // Touch every byte, so the sanitizer checks the whole message is readable.
    let bytes = unsafe { core::slice::from_raw_parts(n as *const u8, len) };
    let sum: u32 = bytes.iter().map(|&b| b as u32).sum();
    let count = unsafe { &mut *(arg as *mut u32) };
    *count = count.wrapping_add(1).wrapping_add(sum & 1);
    if unsafe { (*n).nlmsg_type } == 0x7777 {
        -5
    } else {
        0
    }
}

fuzz_target!(|data: &[u8]| {
    common::quiet_stderr();
    if data.is_empty() {
        return;
    }
    let mut copy = data.to_vec();
    let mut count = 0u32;
    unsafe {
        let fp = libc::fmemopen(copy.as_mut_ptr().cast(), copy.len(), c"r".as_ptr());
        assert!(!fp.is_null());
        let r = rtnl_from_file(fp, Some(handler), (&mut count as *mut u32).cast());
        assert!(r == 0 || r == -1 || r == -5);
        libc::fclose(fp);
    }
});
