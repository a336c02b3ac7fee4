//! Dump requests and helpers of the old API generations (issue 18): the `rtnl_wilddump_*`
//! family (iproute2 2.6.7-4.19, replaced by `rtnl_linkdump_req*` in 4.20),
//! `parse_rtattr_byindex` (2.6.8-4.19), and the functions whose signature changed after
//! 4.20: the 2-argument `rtnl_addrdump_req`/`rtnl_routedump_req`/`rtnl_neighdump_req` (4.20),
//! `rtnl_nsiddump_req` (4.20-5.3), the 3-argument `rtnl_statsdump_req_filter` (4.20-5.18) and
//! the 2-argument `nl_dump_ext_ack_done` (5.2-6.0); the 4.20 `rtnl_linkdump_req*` rules, and
//! `rta_nest` without NLA_F_NESTED (4.3-5.2).
//!
//! Every request takes `nlmsg_seq = rth->dump = ++rth->seq` and is sent with `send(2)`: the
//! byte count, or -1 with errno. The requests touch only the handle's fd, seq and dump, which
//! every layout has at the same place, so one symbol serves every generation (they work on a
//! copy of the first 36 bytes, `Local`).

use super::{Layout, Local};
use crate::ffi::attr::rta_nest;
use crate::ffi::dump_req::{rtnl_addrdump_req, rtnl_neighdump_req, rtnl_routedump_req, rtnl_statsdump_req_filter};
use crate::ffi::errors::einval;
use crate::ffi::extack::nl_dump_ext_ack_done;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::{req_filter_fn_t, rtnl_handle};
use crate::out::{c_eprint, set_errno};
use crate::socket;
use crate::wire::{nlmsghdr, rtattr};
use core::ffi::{c_int, c_void};

const DUMP_FLAGS: u16 = 0x0301; // NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH
const IFLA_EXT_MASK: u16 = 29;
const RTEXT_FILTER_VF: u32 = 1;
const RTM_GETNSID: u16 = 90;
const RTM_GETLINK: c_int = 18;
const NLA_F_NESTED: u16 = 1 << 15;
/// `sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg) + 1024`: the request of
/// `rtnl_wilddump_req_filter_fn`, as its filter sees it.
const FILTER_FN_REQ: usize = 16 + 16 + 1024;

/// A netlink header of `len` bytes, `type`, the dump flags, `seq`, port 0.
fn header(len: usize, ty: u16, seq: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(len);
    v.extend_from_slice(&(len as u32).to_ne_bytes());
    v.extend_from_slice(&ty.to_ne_bytes());
    v.extend_from_slice(&DUMP_FLAGS.to_ne_bytes());
    v.extend_from_slice(&seq.to_ne_bytes());
    v.extend_from_slice(&0u32.to_ne_bytes());
    v
}

/// The bytes of `rtnl_wilddump_request` / `_req_filter` by form: W20 (`rtgenmsg`, 2.6.7-3.3),
/// W28 (`rtgenmsg` + IFLA_EXT_MASK VF, 3.4-3.8), W40 (`ifinfomsg` + IFLA_EXT_MASK, 3.9-4.19).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wild {
    W20,
    W28,
    W40(u32),
}

pub(crate) fn wilddump_bytes(form: Wild, fam: u8, ty: u16, seq: u32) -> Vec<u8> {
    let ext = |v: &mut Vec<u8>, mask: u32| {
        v.extend_from_slice(&8u16.to_ne_bytes());
        v.extend_from_slice(&IFLA_EXT_MASK.to_ne_bytes());
        v.extend_from_slice(&mask.to_ne_bytes());
    };
    match form {
        Wild::W20 => {
            let mut v = header(20, ty, seq);
            v.extend_from_slice(&[fam, 0, 0, 0]);
            v
        }
        Wild::W28 => {
            let mut v = header(28, ty, seq);
            v.extend_from_slice(&[fam, 0, 0, 0]);
            ext(&mut v, RTEXT_FILTER_VF);
            v
        }
        Wild::W40(mask) => {
            let mut v = header(40, ty, seq);
            v.extend_from_slice(&[fam, 0, 0, 0]); // ifi_family, pad, ifi_type
            v.extend_from_slice(&[0; 12]); // ifi_index, ifi_flags, ifi_change
            ext(&mut v, mask);
            v
        }
    }
}

/// Numbers a request on the caller's handle (any layout) and sends what `build(seq)` makes;
/// `build` may refuse with a return value instead.
///
/// # Safety
/// `rth` is NULL or an open handle of any generation.
unsafe fn send_request(rth: *mut c_void, build: impl FnOnce(u32) -> Result<Vec<u8>, c_int>) -> c_int {
    catch(-1, || {
        // SAFETY: forwarded contract; every layout has the 36 bytes.
        let Some(mut local) = (unsafe { Local::load(rth, Layout::H36) }) else { return einval(-1) };
        // SAFETY: a live full handle.
        let h = unsafe { Handle::from_ptr(local.ptr()) }.expect("non-NULL");
        let seq = h.next_dump_seq();
        local.store_seq();
        match build(seq) {
            Ok(bytes) => socket::send(h.fd(), &bytes) as c_int,
            Err(r) => r,
        }
    })
}

/// `rtnl_wilddump_request(rth, fam, type)` of iproute2 2.6.7-3.3: 20 bytes, `rtgenmsg`.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_request_w20(rth: *mut c_void, fam: c_int, r#type: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { send_request(rth, |seq| Ok(wilddump_bytes(Wild::W20, fam as u8, r#type as u16, seq))) }
}

/// `rtnl_wilddump_request(rth, fam, type)` of iproute2 3.4-3.8: 28 bytes, `rtgenmsg` and
/// IFLA_EXT_MASK = RTEXT_FILTER_VF.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_request_w28(rth: *mut c_void, fam: c_int, r#type: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { send_request(rth, |seq| Ok(wilddump_bytes(Wild::W28, fam as u8, r#type as u16, seq))) }
}

/// `rtnl_wilddump_request(rth, fam, type)` of iproute2 3.9-4.19:
/// `rtnl_wilddump_req_filter(rth, fam, type, RTEXT_FILTER_VF)`.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_request(rth: *mut c_void, fam: c_int, r#type: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rnl_compat_rtnl_wilddump_req_filter(rth, fam, r#type, RTEXT_FILTER_VF) }
}

/// `rtnl_wilddump_req_filter(rth, fam, type, filt_mask)` of iproute2 3.9-4.19: 40 bytes,
/// `ifinfomsg` with `fam` and IFLA_EXT_MASK = `filt_mask`, whatever `type` is.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_req_filter(rth: *mut c_void, fam: c_int, r#type: c_int, filt_mask: u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { send_request(rth, |seq| Ok(wilddump_bytes(Wild::W40(filt_mask), fam as u8, r#type as u16, seq))) }
}

/// `rtnl_wilddump_req_filter_fn(rth, fam, type, fn)` of iproute2 4.6-4.19: a zeroed request of
/// 1056 bytes (`ifinfomsg` with `fam`, `nlmsg_len` 32) that `fn(nlh, 1056)` may extend; its
/// non-zero value is returned and nothing is sent; then `nlmsg_len` bytes are sent (as 4.9+;
/// 4.6-4.8 sent all 1056). `-EINVAL` without `fn`, or when `fn` set `nlmsg_len` beyond the
/// request (nothing sent; iproute2 would read past it).
///
/// # Safety
/// `rth` is NULL or an open handle; `fn` writes only within the `reqlen` bytes it is given.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_req_filter_fn(rth: *mut c_void, fam: c_int, r#type: c_int, r#fn: req_filter_fn_t) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        send_request(rth, |seq| {
            let Some(f) = r#fn else { return Err(neg_einval()) };
            let mut req = header(32, r#type as u16, seq);
            req.push(fam as u8);
            req.resize(FILTER_FN_REQ, 0);
            // SAFETY: the filter gets the request's FILTER_FN_REQ writable bytes.
            let err = f(req.as_mut_ptr().cast::<nlmsghdr>(), FILTER_FN_REQ as c_int);
            if err != 0 {
                return Err(err);
            }
            let len = u32::from_ne_bytes(req[..4].try_into().expect("4 bytes")) as usize;
            if !(16..=FILTER_FN_REQ).contains(&len) {
                return Err(neg_einval());
            }
            req.truncate(len);
            Ok(req)
        })
    }
}

fn neg_einval() -> c_int {
    set_errno(libc::EINVAL);
    -libc::EINVAL
}

/// `rtnl_wilddump_stats_req_filter(rth, fam, type, filt_mask)` of iproute2 4.9-4.19: 28 bytes,
/// `if_stats_msg` with `fam` and `filter_mask`, of the caller's `type`.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_wilddump_stats_req_filter(rth: *mut c_void, fam: c_int, r#type: c_int, filt_mask: u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        send_request(rth, |seq| {
            let mut v = header(28, r#type as u16, seq);
            v.extend_from_slice(&[fam as u8, 0, 0, 0]); // family, pad1, pad2
            v.extend_from_slice(&0u32.to_ne_bytes()); // ifindex
            v.extend_from_slice(&filt_mask.to_ne_bytes());
            Ok(v)
        })
    }
}

/// `rtnl_nsiddump_req(rth, family)` of iproute2 4.20-5.3: 20 bytes, RTM_GETNSID with a
/// `rtgenmsg`.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_nsiddump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        send_request(rth.cast(), |seq| {
            let mut v = header(20, RTM_GETNSID, seq);
            v.extend_from_slice(&[family as u8, 0, 0, 0]);
            Ok(v)
        })
    }
}

/// `rtnl_addrdump_req(rth, family)` of iproute2 4.20: the 3-argument form without a filter.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_addrdump_req_2arg(rth: *mut rtnl_handle, family: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_addrdump_req(rth, family, None) }
}

/// `rtnl_routedump_req(rth, family)` of iproute2 4.20: the 3-argument form without a filter.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_routedump_req_2arg(rth: *mut rtnl_handle, family: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_routedump_req(rth, family, None) }
}

/// `rtnl_neighdump_req(rth, family)` of iproute2 4.20: the 3-argument form without a filter.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_neighdump_req_2arg(rth: *mut rtnl_handle, family: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_neighdump_req(rth, family, None) }
}

/// `rtnl_statsdump_req_filter(rth, fam, filt_mask)` of iproute2 4.20-5.18: the 5-argument
/// form without a filter function.
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_statsdump_req_filter_3arg(rth: *mut rtnl_handle, fam: c_int, filt_mask: u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_statsdump_req_filter(rth, fam, filt_mask, None, core::ptr::null_mut()) }
}

/// `rtnl_linkdump_req(rth, fam)` of iproute2 4.20: `rtnl_linkdump_req_filter(rth, fam,
/// RTEXT_FILTER_VF)` for every family (5.0+ send the ext mask for AF_UNSPEC only).
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_linkdump_req_420(rth: *mut rtnl_handle, fam: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rnl_compat_rtnl_wilddump_req_filter(rth.cast(), fam, RTM_GETLINK, RTEXT_FILTER_VF) }
}

/// `rtnl_linkdump_req_filter(rth, fam, filt_mask)` of iproute2 4.20: the 40-byte request with
/// IFLA_EXT_MASK for every family (5.0+: AF_UNSPEC and AF_BRIDGE only).
///
/// # Safety
/// `rth` is NULL or an open handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_linkdump_req_filter_420(rth: *mut rtnl_handle, fam: c_int, filt_mask: u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rnl_compat_rtnl_wilddump_req_filter(rth.cast(), fam, RTM_GETLINK, filt_mask) }
}

/// `rtnl_linkdump_req_filter_fn(rth, fam, fn)` of iproute2 4.20: `fn` is required and used for
/// every family (5.0+: AF_UNSPEC and AF_PACKET only), `nlmsg_len` bytes sent.
///
/// # Safety
/// `rth` is NULL or an open handle; `fn` writes only within the `reqlen` bytes it is given.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_linkdump_req_filter_fn_420(rth: *mut rtnl_handle, fam: c_int, r#fn: req_filter_fn_t) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rnl_compat_rtnl_wilddump_req_filter_fn(rth.cast(), fam, RTM_GETLINK, r#fn) }
}

/// `rta_nest(rta, maxlen, type)` of iproute2 4.3-5.2, which did not set NLA_F_NESTED in the
/// nest's type (5.3+ do).
///
/// # Safety
/// As `rta_nest`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rta_nest_noflag(rta: *mut rtattr, maxlen: c_int, r#type: c_int) -> *mut rtattr {
    if rta.is_null() {
        return einval(core::ptr::null_mut());
    }
    // SAFETY: a non-NULL attribute header (contract).
    let before = unsafe { core::ptr::addr_of!((*rta).rta_len).read_unaligned() };
    // SAFETY: forwarded contract.
    let nest = unsafe { rta_nest(rta, maxlen, r#type) };
    // SAFETY: as above.
    let after = unsafe { core::ptr::addr_of!((*rta).rta_len).read_unaligned() };
    if !nest.is_null() && after != before && r#type as u16 & NLA_F_NESTED == 0 {
        // SAFETY: the append succeeded, so the new header at `nest` lies in the caller's buffer.
        unsafe {
            let ty = core::ptr::addr_of_mut!((*nest).rta_type);
            ty.write_unaligned(ty.read_unaligned() & !NLA_F_NESTED);
        }
    }
    nest
}

/// `nl_dump_ext_ack_done(nlh, error)` of iproute2 5.2-6.0: the TLVs after the 4-byte error of
/// an NLMSG_DONE, `nl_dump_ext_ack_done(nlh, 4, error)`.
///
/// # Safety
/// As `nl_dump_ext_ack_done`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_nl_dump_ext_ack_done_2arg(nlh: *const nlmsghdr, error: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { nl_dump_ext_ack_done(nlh, 4, error) }
}

/// `parse_rtattr_byindex(tb, max, rta, len)` of iproute2 2.6.11-4.19: clears `tb[0..max)`,
/// then stores each attribute whose type is at most `max` in `tb[i++]` while `i < max`
/// (arrival order, not by type); `!!!Deficit` on leftover bytes. Returns how many it stored.
/// NULL `tb` or `rta` with a length: 0 and errno EINVAL.
///
/// # Safety
/// `tb` has `max` writable entries; `rta` has `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_parse_rtattr_byindex(tb: *mut *mut rtattr, max: c_int, rta: *mut rtattr, len: c_int) -> c_int {
    catch(0, || {
        let slots = usize::try_from(max).unwrap_or(0);
        if tb.is_null() && slots > 0 {
            return einval(0);
        }
        // SAFETY: `tb` has `max` entries (contract).
        let tb = if slots == 0 { &mut [][..] } else { unsafe { core::slice::from_raw_parts_mut(tb, slots) } };
        tb.fill(core::ptr::null_mut());
        let avail = usize::try_from(len).unwrap_or(0);
        if rta.is_null() {
            return if avail == 0 { 0 } else { einval(0) };
        }
        // SAFETY: `rta` has `len` readable bytes (contract).
        let bytes = unsafe { core::slice::from_raw_parts(rta.cast::<u8>(), avail) };
        let (stored, deficit) = byindex(bytes, max, tb.len());
        for (slot, at) in tb.iter_mut().zip(stored.iter()) {
            *slot = rta.cast::<u8>().wrapping_add(*at).cast();
        }
        if let Some((left, rta_len)) = deficit {
            c_eprint!("!!!Deficit {}, rta_len={}\n", left, rta_len);
        }
        stored.len() as c_int
    })
}

/// The walk of `parse_rtattr_byindex` over `bytes`: the offsets stored (at most `slots`), and
/// the leftover length with the `rta_len` it shows (0 when that field is not inside).
pub(crate) fn byindex(bytes: &[u8], max: c_int, slots: usize) -> (Vec<usize>, Option<(i64, u16)>) {
    let mut stored = Vec::new();
    let mut at = 0usize;
    let mut left = bytes.len() as i64;
    let rta_len = |at: usize| -> Option<u16> { bytes.get(at..at + 2).map(|b| u16::from_ne_bytes([b[0], b[1]])) };
    let rta_type = |at: usize| u16::from_ne_bytes([bytes[at + 2], bytes[at + 3]]);
    // RTA_OK: a header fits and its length is between 4 and what is left.
    while left >= 4 {
        let l = rta_len(at).expect("4 bytes left") as i64;
        if l < 4 || l > left {
            break;
        }
        if (rta_type(at) as c_int) <= max && stored.len() < slots {
            stored.push(at);
        }
        let step = (l + 3) & !3;
        at += step as usize;
        left -= step;
    }
    let deficit = (left != 0).then(|| (left, if left >= 4 { rta_len(at).unwrap_or(0) } else { 0 }));
    (stored, deficit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilddump_forms_bytes() {
        let w20 = wilddump_bytes(Wild::W20, 17, 18, 0x01020304);
        assert_eq!(w20.len(), 20);
        assert_eq!(&w20[..8], &[20, 0, 0, 0, 18, 0, 0x01, 0x03]);
        assert_eq!(&w20[8..], &[4, 3, 2, 1, 0, 0, 0, 0, 17, 0, 0, 0]);
        let w28 = wilddump_bytes(Wild::W28, 0, 18, 5);
        assert_eq!(w28.len(), 28);
        assert_eq!(&w28[20..], &[8, 0, 29, 0, 1, 0, 0, 0]);
        let w40 = wilddump_bytes(Wild::W40(9), 7, 22, 5);
        assert_eq!(w40.len(), 40);
        assert_eq!(w40[16], 7);
        assert!(w40[17..32].iter().all(|&b| b == 0));
        assert_eq!(&w40[32..], &[8, 0, 29, 0, 9, 0, 0, 0]);
    }

    fn attr(ty: u16, payload: usize) -> Vec<u8> {
        let mut v = ((4 + payload) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.resize((4 + payload + 3) & !3, 0xAB);
        v
    }

    #[test]
    fn byindex_stores_in_arrival_order_up_to_max() {
        let bytes = [attr(5, 4), attr(1, 1), attr(9, 0), attr(2, 8), attr(3, 0)].concat();
        let (stored, deficit) = byindex(&bytes, 5, 3);
        assert_eq!(stored, vec![0, 8, 20]); // type 9 > max is skipped; only 3 slots
        assert_eq!(deficit, None);
        let mut short = attr(1, 0);
        short.extend_from_slice(&[6, 0]);
        assert_eq!(byindex(&short, 5, 5), (vec![0], Some((2, 0))));
    }
}
