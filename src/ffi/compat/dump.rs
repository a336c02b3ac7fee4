//! The old dump filter forms (issue 18). Until iproute2 v4.19 a filter got the sender's
//! address first: `int filter(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)`.
//! The forms: `rtnl_dump_filter(rth, filter, arg1, junk, arg2)` (2.6.7-3.1),
//! `rtnl_dump_filter(rth, filter, arg)` (a symbol in 3.2-4.3), `rtnl_dump_filter_nc(rth,
//! filter, arg, nc_flags)` (4.4-4.19; `rtnl_dump_filter` is a macro over it there), and
//! `rtnl_dump_filter_l(rth, array)` (2.6.31-4.19) whose array entries had three layouts.
//!
//! The receive loop is `crate::dump`'s and the rules `proto`'s, as for v7.1: the filter only
//! ever sees messages from the kernel for this handle's dump, so `who` is always the kernel's
//! address `{AF_NETLINK, 0, 0, 0}` (a unicast reply has no group), as it was in those
//! releases. The junk filter of 2.6.7-3.1 gets the messages the dump skips (other senders,
//! other sequence numbers) with their sender's address.

use super::{rtnl_filter_who_t, who, Layout, Local};
use crate::dump;
use crate::ffi::dump::dump_ctx;
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::rtnl_handle;
use crate::out::CStdio;
use crate::proto::{self, DumpSink};
use crate::socket::Datagram;
use crate::wire::__u16;
#[cfg(test)]
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_void};

/// One filter of a dump: the caller's callbacks and its flags to clear.
#[derive(Clone, Copy)]
pub(crate) struct Entry {
    pub filter: rtnl_filter_who_t,
    pub arg1: *mut c_void,
    pub junk: rtnl_filter_who_t,
    pub arg2: *mut c_void,
    pub nc_flags: u16,
}

struct WhoSink {
    filter: rtnl_filter_who_t,
    arg: *mut c_void,
    who: libc::sockaddr_nl,
    out: CStdio,
}

crate::out::out_via_cstdio!(WhoSink);

impl DumpSink for WhoSink {
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
        // Never called without a filter (DumpCtx::has_filter is false then).
        let Some(f) = self.filter else { return 0 };
        // SAFETY: the caller's filter, given a whole message inside the receive buffer.
        unsafe { f(&self.who, buf[at..].as_mut_ptr().cast(), self.arg) }
    }
    fn errhndlr(&mut self, _: &mut [u8], _: usize) -> Option<i32> {
        None
    }
}

/// Calls `junk(who, n, arg2)` on each message of the datagram that the dump walk skips: not
/// from the kernel, or not of this dump (port id, sequence number). Its negative value.
fn run_junk(e: &Entry, bytes: &mut [u8], dg: &Datagram, local_pid: u32, dump_seq: u32) -> i32 {
    let Some(j) = e.junk else { return 0 };
    let from = who(dg.src_pid, dg.src_groups);
    let found: Vec<(usize, proto::Hdr)> = proto::messages(bytes).collect();
    for (at, h) in found {
        if proto::is_reply(dg.src_pid, &h, local_pid, dump_seq) {
            continue;
        }
        // SAFETY: the caller's junk filter, given a whole message inside the receive buffer.
        let r = unsafe { j(&from, bytes[at..].as_mut_ptr().cast(), e.arg2) };
        if r < 0 {
            return r;
        }
    }
    0
}

/// Runs a dump through `entries` (see `crate::dump::dump_filter_entries`) on a handle of
/// `layout`, read from a full local copy (the dump changes no field of it).
///
/// # Safety
/// `rth` is NULL or a handle of `layout`; the callbacks accept their arguments.
pub(crate) unsafe fn old_dump(rth: *mut c_void, layout: Layout, entries: &[Entry]) -> c_int {
    catch(-1, || {
        // SAFETY: forwarded contract.
        let Some(mut local) = (unsafe { Local::load(rth, layout) }) else { return einval(-1) };
        // SAFETY: a live local full handle.
        let h = unsafe { Handle::from_ptr(local.ptr()) }.expect("non-NULL");
        let kernel = who(0, 0);
        let mut sinks: Vec<WhoSink> = entries.iter().map(|e| WhoSink { filter: e.filter, arg: e.arg1, who: kernel, out: CStdio }).collect();
        let ctx = |i: usize| dump_ctx(h, entries[i].nc_flags, entries[i].filter.is_some());
        let raw = |bytes: &[u8]| {
            // SAFETY: `bytes` is inside the receive buffer; dump_fp is the caller's open FILE.
            unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), h.dump_fp()) };
        };
        let junk = |i: usize, bytes: &mut [u8], dg: &Datagram| run_junk(&entries[i], bytes, dg, h.local_pid(), h.dump());
        dump::dump_filter_entries(|| h.fd(), ctx, raw, &mut sinks, junk)
    })
}

fn one(filter: rtnl_filter_who_t, arg: *mut c_void, nc_flags: u16) -> [Entry; 1] {
    [Entry { filter, arg1: arg, junk: None, arg2: core::ptr::null_mut(), nc_flags }]
}

/// `rtnl_dump_filter(rth, filter, arg1, junk, arg2)` of iproute2 2.6.7-3.1 (36-byte handle).
///
/// # Safety
/// `rth` is an open 36-byte handle; `filter` and `junk` are NULL or accept their arguments.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_dump_filter_junk_h36(
    rth: *mut c_void,
    filter: rtnl_filter_who_t,
    arg1: *mut c_void,
    junk: rtnl_filter_who_t,
    arg2: *mut c_void,
) -> c_int {
    let e = [Entry { filter, arg1, junk, arg2, nc_flags: 0 }];
    // SAFETY: forwarded contract.
    unsafe { old_dump(rth, Layout::H36, &e) }
}

macro_rules! dump_filter_who {
    ($name:ident, $layout:expr, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// `rth` is an open handle of the era's size; `filter` is NULL or accepts `arg`.
        #[no_mangle]
        pub unsafe extern "C" fn $name(rth: *mut c_void, filter: rtnl_filter_who_t, arg: *mut c_void) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { old_dump(rth, $layout, &one(filter, arg, 0)) }
        }
    };
}

dump_filter_who!(rnl_compat_rtnl_dump_filter_who_h36, Layout::H36, "`rtnl_dump_filter(rth, filter, arg)` of iproute2 3.2-3.17 (36-byte handle).");
dump_filter_who!(rnl_compat_rtnl_dump_filter_who_h40, Layout::H40, "`rtnl_dump_filter(rth, filter, arg)` of iproute2 3.18 (40-byte handle).");
dump_filter_who!(rnl_compat_rtnl_dump_filter_who_h48, Layout::H48, "`rtnl_dump_filter(rth, filter, arg)` of iproute2 3.19-4.1 (48-byte handle).");
dump_filter_who!(rnl_compat_rtnl_dump_filter_who, Layout::H56, "`rtnl_dump_filter(rth, filter, arg)` of iproute2 4.2-4.3.");

/// `rtnl_dump_filter_nc(rth, filter, arg, nc_flags)` of iproute2 4.4-4.19, with the filter of
/// those releases (`who` first). The header's `rtnl_dump_filter` macro calls it too.
///
/// # Safety
/// `rth` is an open handle; `filter` is NULL or accepts `arg`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_dump_filter_nc_who(rth: *mut rtnl_handle, filter: rtnl_filter_who_t, arg: *mut c_void, nc_flags: __u16) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { old_dump(rth.cast(), Layout::H56, &one(filter, arg, nc_flags)) }
}

/// `struct rtnl_dump_filter_arg` of iproute2 2.6.31-3.1.
#[repr(C)]
pub struct FilterArgJunk {
    pub filter: rtnl_filter_who_t,
    pub arg1: *mut c_void,
    pub junk: rtnl_filter_who_t,
    pub arg2: *mut c_void,
}

/// `struct rtnl_dump_filter_arg` of iproute2 3.2-4.3.
#[repr(C)]
pub struct FilterArg2 {
    pub filter: rtnl_filter_who_t,
    pub arg1: *mut c_void,
}

/// `struct rtnl_dump_filter_arg` of iproute2 4.4-5.13 (exported users until 4.19).
#[repr(C)]
pub struct FilterArgNc {
    pub filter: rtnl_filter_who_t,
    pub arg1: *mut c_void,
    pub nc_flags: __u16,
}

/// The entries of an array ended by a NULL filter.
///
/// # Safety
/// `arg` is NULL or an array whose last element has a NULL filter.
unsafe fn entries<T>(arg: *const T, conv: impl Fn(&T) -> Entry) -> Option<Vec<Entry>> {
    if arg.is_null() {
        return None;
    }
    let mut v = Vec::new();
    for i in 0.. {
        // SAFETY: the array goes on until its NULL filter (contract).
        let e = conv(unsafe { &*arg.add(i) });
        if e.filter.is_none() {
            break;
        }
        v.push(e);
    }
    Some(v)
}

/// # Safety
/// `rth` a handle of `layout`; `arg` as `entries`.
unsafe fn dump_l<T>(rth: *mut c_void, layout: Layout, arg: *const T, conv: impl Fn(&T) -> Entry) -> c_int {
    // SAFETY: forwarded contract.
    match unsafe { entries(arg, conv) } {
        // SAFETY: forwarded contract.
        Some(v) => unsafe { old_dump(rth, layout, &v) },
        None => einval(-1),
    }
}

/// `rtnl_dump_filter_l(rth, arg)` of iproute2 2.6.31-3.1: entries `{filter, arg1, junk, arg2}`.
///
/// # Safety
/// `rth` is an open 36-byte handle; `arg` an array ended by an entry with a NULL filter.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_dump_filter_l_junk_h36(rth: *mut c_void, arg: *const FilterArgJunk) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { dump_l(rth, Layout::H36, arg, |a| Entry { filter: a.filter, arg1: a.arg1, junk: a.junk, arg2: a.arg2, nc_flags: 0 }) }
}

macro_rules! dump_filter_l_2f {
    ($name:ident, $layout:expr, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// `rth` is an open handle of the era's size; `arg` an array ended by a NULL filter.
        #[no_mangle]
        pub unsafe extern "C" fn $name(rth: *mut c_void, arg: *const FilterArg2) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { dump_l(rth, $layout, arg, |a| one(a.filter, a.arg1, 0)[0]) }
        }
    };
}

dump_filter_l_2f!(rnl_compat_rtnl_dump_filter_l_2f_h36, Layout::H36, "`rtnl_dump_filter_l(rth, arg)` of iproute2 3.2-3.17: entries `{filter, arg1}`.");
dump_filter_l_2f!(rnl_compat_rtnl_dump_filter_l_2f_h40, Layout::H40, "`rtnl_dump_filter_l(rth, arg)` of iproute2 3.18: entries `{filter, arg1}`.");
dump_filter_l_2f!(rnl_compat_rtnl_dump_filter_l_2f_h48, Layout::H48, "`rtnl_dump_filter_l(rth, arg)` of iproute2 3.19-4.1: entries `{filter, arg1}`.");
dump_filter_l_2f!(rnl_compat_rtnl_dump_filter_l_2f, Layout::H56, "`rtnl_dump_filter_l(rth, arg)` of iproute2 4.2-4.3: entries `{filter, arg1}`.");

/// `rtnl_dump_filter_l(rth, arg)` of iproute2 4.4-4.19: entries `{filter, arg1, nc_flags}`.
///
/// # Safety
/// `rth` is an open handle; `arg` an array ended by an entry with a NULL filter.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_dump_filter_l_nc(rth: *mut rtnl_handle, arg: *const FilterArgNc) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { dump_l(rth.cast(), Layout::H56, arg, |a| one(a.filter, a.arg1, a.nc_flags)[0]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::size_of;

    #[test]
    fn filter_arg_strides() {
        let p = size_of::<*mut c_void>();
        assert_eq!(size_of::<FilterArgJunk>(), 4 * p);
        assert_eq!(size_of::<FilterArg2>(), 2 * p);
        assert_eq!(size_of::<FilterArgNc>(), 3 * p);
    }

    unsafe extern "C" fn f(_: *const libc::sockaddr_nl, _: *mut nlmsghdr, _: *mut c_void) -> c_int {
        0
    }

    #[test]
    fn entries_stop_at_the_null_filter() {
        let arr = [
            FilterArgNc { filter: Some(f), arg1: 1 as *mut c_void, nc_flags: 2 },
            FilterArgNc { filter: Some(f), arg1: 3 as *mut c_void, nc_flags: 0 },
            FilterArgNc { filter: None, arg1: core::ptr::null_mut(), nc_flags: 0 },
        ];
        // SAFETY: a terminated array.
        let v = unsafe { entries(arr.as_ptr(), |a| one(a.filter, a.arg1, a.nc_flags)[0]) }.unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].arg1 as usize, v[0].nc_flags, v[1].arg1 as usize), (1, 2, 3));
    }

    #[test]
    fn junk_sees_only_what_the_dump_skips() {
        use std::cell::RefCell;
        thread_local!(static SEEN: RefCell<Vec<(u32, u32, u32)>> = const { RefCell::new(Vec::new()) });
        unsafe extern "C" fn j(who: *const libc::sockaddr_nl, n: *mut nlmsghdr, _: *mut c_void) -> c_int {
            // SAFETY: valid pointers from run_junk.
            let (w, seq) = unsafe { (*who, (*n).nlmsg_seq) };
            SEEN.with(|s| s.borrow_mut().push((w.nl_pid, w.nl_groups, seq)));
            0
        }
        let m = |seq: u32, pid: u32| {
            let mut v = 16u32.to_ne_bytes().to_vec();
            v.extend_from_slice(&[16, 0, 2, 0]);
            v.extend_from_slice(&seq.to_ne_bytes());
            v.extend_from_slice(&pid.to_ne_bytes());
            v
        };
        let mut bytes = [m(5, 7), m(6, 7), m(5, 8)].concat();
        let e = Entry { filter: Some(f), arg1: core::ptr::null_mut(), junk: Some(j), arg2: core::ptr::null_mut(), nc_flags: 0 };
        let dg = Datagram { len: bytes.len(), src_pid: 0, src_groups: 4, namelen: 12, flags: 0, nsid: None };
        assert_eq!(run_junk(&e, &mut bytes, &dg, 7, 5), 0);
        assert_eq!(SEEN.with(|s| s.borrow().clone()), vec![(0, 4, 6), (0, 4, 5)]);
    }
}
