//! The rnl_* macro functions walking arbitrary buffers the way C code walks them: following
//! rnl_nlmsg_ok/rnl_nlmsg_next (and rnl_rta_ok/rnl_rta_next inside each message) never leaves
//! the buffer, and each step agrees with the safe arithmetic in rnetlink::macros.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::macros::*;
use rnetlink::macros as m;
use rnetlink::wire::{nlmsghdr, rtattr};

fuzz_target!(|data: &[u8]| {
    let heap: Box<[u8]> = data.to_vec().into_boxed_slice();
    let start = heap.as_ptr() as usize;
    let end = start + heap.len();
    let mut len = heap.len() as i32;
    let mut h = heap.as_ptr() as *const nlmsghdr;
    unsafe {
        while rnl_nlmsg_ok(h, len) != 0 {
            let hl = (*h).nlmsg_len;
            assert!(h as usize >= start && h as usize + hl as usize <= end);
            assert_eq!(rnl_nlmsg_payload(h, 0), m::nlmsg_payload(hl, 0));
            // Attributes after a 4-byte family header, as rtnetlink messages have.
            if hl >= 20 {
                let mut alen = hl as i32 - 20;
                let mut a = (h as *const u8).add(20) as *const rtattr;
                while rnl_rta_ok(a, alen) != 0 {
                    let al = (*a).rta_len as usize;
                    assert!(a as usize + al <= h as usize + hl as usize);
                    let _ = rnl_rta_payload(a);
                    a = rnl_rta_next(a, &mut alen);
                }
            }
            let (step, left) = m::nlmsg_next(hl, len);
            let next = rnl_nlmsg_next(h, &mut len);
            assert_eq!(len, left);
            assert_eq!(next as usize, h as usize + step as usize);
            h = next;
        }
    }
});
