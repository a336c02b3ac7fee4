//! Extended ACK printing (spec 3.6): `nl_dump_ext_ack`, `nl_dump_ext_ack_done`. The TLV
//! parsing is `crate::extack`; the texts are `crate::proto`'s.

use crate::extack::{self, AckReport};
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::types::nl_ext_ack_fn_t;
use crate::out::CStdio;
use crate::proto;
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_uint};
use core::ptr;

/// The message's `nlmsg_len` bytes.
///
/// # Safety
/// `nlh` is non-NULL and its `nlmsg_len` bytes are readable.
unsafe fn message<'a>(nlh: *const nlmsghdr) -> &'a [u8] {
    // SAFETY: caller's contract.
    unsafe { core::slice::from_raw_parts(nlh.cast::<u8>(), ptr::addr_of!((*nlh).nlmsg_len).read_unaligned() as usize) }
}

/// For an NLMSG_ERROR carrying extended-ACK TLVs (`NLM_F_ACK_TLVS`): prints
/// `Missing required attribute type %u` and `Invalid offset for NLMSGERR_ATTR_OFFS` where
/// they apply, then either returns `errfn(msg, off, inner_nlh)` or, without `errfn`, prints
/// `Error: <msg>.` (returns 1) or `Warning: <msg>.` (returns 0). 0 when there is nothing to
/// report or the TLVs are invalid (`Invalid extack attribute`,
/// `extack attribute %d failed validation`).
///
/// # Safety
/// `nlh` is NULL or a message whose `nlmsg_len` bytes are readable; `errfn` is NULL or a
/// valid function.
#[no_mangle]
pub unsafe extern "C" fn nl_dump_ext_ack(nlh: *const nlmsghdr, errfn: nl_ext_ack_fn_t) -> c_int {
    catch(0, || {
        if nlh.is_null() {
            return einval(0);
        }
        // SAFETY: forwarded contract.
        let msg = unsafe { message(nlh) };
        let Some(f) = errfn else { return proto::print_ext_ack(msg, &mut CStdio) };
        match extack::examine_ack(msg) {
            AckReport::Nothing => 0,
            AckReport::Invalid(inv) => {
                proto::print_invalid(inv, &mut CStdio);
                0
            }
            AckReport::Parsed { tlvs, off, bad_offset, inner, .. } => {
                proto::print_ack_notes(&tlvs, bad_offset, &mut CStdio);
                // The MSG attribute was validated to end with its NUL inside the message.
                let text = tlvs.msg.map_or(ptr::null(), |(at, _)| msg[at..].as_ptr().cast());
                let inner_nlh = if inner { msg[16 + 4..].as_ptr().cast() } else { ptr::null() };
                // SAFETY: the caller's callback, given pointers into the caller's message.
                unsafe { f(text, off, inner_nlh) }
            }
        }
    })
}

/// For an NLMSG_DONE: the MSG attribute among the TLVs after `offset` payload bytes, printed
/// as `Error: <msg>.` when `error != 0` (returns 1) or `Warning: <msg>.` (returns 0).
///
/// # Safety
/// `nlh` is NULL or a message whose `nlmsg_len` bytes are readable.
#[no_mangle]
pub unsafe extern "C" fn nl_dump_ext_ack_done(nlh: *const nlmsghdr, offset: c_uint, error: c_int) -> c_int {
    catch(0, || {
        if nlh.is_null() {
            return einval(0);
        }
        // SAFETY: forwarded contract.
        proto::print_ext_ack_done(unsafe { message(nlh) }, offset, error, &mut CStdio)
    })
}
