//! Sequences of attribute builders on an exact-size heap buffer with arbitrary maxlen (never
//! more than the buffer, as the contract says), types and lengths: nothing may be written
//! outside, and nlmsg_len / rta_len never pass the bound.
#![no_main]
#[path = "common.rs"]
mod common;

use common::Input;
use core::ffi::c_void;
use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::attr::*;
use rnetlink::wire::{nlmsghdr, rtattr};

fuzz_target!(|data: &[u8]| {
    common::quiet_stderr();
    let mut inp = Input(data);
    let size = (inp.u16() % 2048) as usize + 16;
    let mut buf = vec![0u8; size].into_boxed_slice();
    let n = buf.as_mut_ptr() as *mut nlmsghdr;
    let start_len = inp.u32() % (size as u32 + 8);
    unsafe { (*n).nlmsg_len = start_len };
    let mut nests: Vec<*mut rtattr> = Vec::new();
    let payload = [0x5au8; 256];
    for _ in 0..32 {
        let op = inp.u8();
        let ty = inp.u16() as i32;
        // maxlen: usually the buffer size, sometimes less, sometimes negative.
        let maxlen = match inp.u8() % 4 {
            0 => size as i32 - (inp.u8() as i32 % 32),
            1 => -(inp.u8() as i32),
            _ => size as i32,
        }
        .min(size as i32);
        let alen = (inp.u8() as i32) - 8; // -8..247
        let before = unsafe { (*n).nlmsg_len };
        unsafe {
            match op % 12 {
                0 => { let _ = addattr_l(n, maxlen, ty, payload.as_ptr().cast::<c_void>(), alen); }
                1 => { let _ = addattr32(n, maxlen, ty, 7); }
                2 => { let _ = addattr64(n, maxlen, ty, 7); }
                3 => { let _ = addraw_l(n, maxlen, payload.as_ptr().cast(), alen); }
                4 => nests.push(addattr_nest(n, maxlen, ty)),
                5 => {
                    if let Some(nest) = nests.pop() {
                        addattr_nest_end(n, nest);
                    }
                }
                6 => nests.push(addattr_nest_compat(n, maxlen, ty, payload.as_ptr().cast(), alen)),
                7 => {
                    if let Some(nest) = nests.pop() {
                        addattr_nest_compat_end(n, nest);
                    }
                }
                8 => { let _ = addattrstrz(n, maxlen, ty, c"fuzz".as_ptr()); }
                9 => { let _ = addattr(n, maxlen, ty); }
                10 => { let _ = addattr8(n, maxlen, ty, 1); }
                _ => { let _ = addattr16(n, maxlen, ty, 1); }
            }
        }
        let after = unsafe { (*n).nlmsg_len };
        // A successful append stays within maxlen; a refused one leaves the length alone.
        assert!(after == before || after as i64 <= maxlen as i64, "nlmsg_len passed the bound");
    }
    // rta_* builders inside the same buffer, on an attribute at the start of the payload.
    if size >= 32 {
        let rta = unsafe { buf.as_mut_ptr().add(16) } as *mut rtattr;
        unsafe { (*rta).rta_len = 4 };
        let room = (size - 16) as i32;
        let mut rnests = Vec::new();
        for _ in 0..16 {
            let op = inp.u8();
            let ty = inp.u16() as i32;
            let maxlen = room - (inp.u8() as i32 % 8);
            let alen = (inp.u8() as i32) - 8;
            let before = unsafe { (*rta).rta_len };
            unsafe {
                match op % 6 {
                    0 => { let _ = rta_addattr_l(rta, maxlen, ty, payload.as_ptr().cast(), alen); }
                    1 => { let _ = rta_addattr32(rta, maxlen, ty, 1); }
                    2 => { let _ = rta_addattr64(rta, maxlen, ty, 1); }
                    3 => rnests.push(rta_nest(rta, maxlen, ty)),
                    4 => {
                        if let Some(nest) = rnests.pop() {
                            rta_nest_end(rta, nest);
                        }
                    }
                    _ => { let _ = rta_addattr8(rta, maxlen, ty, 1); }
                }
            }
            let after = unsafe { (*rta).rta_len };
            assert!(after == before || after as i64 <= maxlen as i64, "rta_len passed the bound");
        }
    }
});
