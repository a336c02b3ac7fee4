//! Dump filtering (spec 3.3): `rtnl_dump_filter_nc` and `rtnl_dump_filter_errhndlr_nc`
//! (the header's `rtnl_dump_filter` and `rtnl_dump_filter_errhndlr` macros call these).
//!
//! The receive loop is `crate::dump`'s and the message rules `proto::dump_datagram`'s; this
//! shell wraps the caller's filter and error handler as the walk's sink, reads the handle's
//! fields for each datagram and writes raw datagrams to its `dump_fp`.

use crate::dump;
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::{rtnl_err_hndlr_t, rtnl_filter_t, rtnl_handle, RTNL_HANDLE_F_SUPPRESS_NLERR};
use crate::out::CStdio;
use crate::proto::{DumpCtx, DumpSink};
use crate::wire::{__u16, nlmsghdr};
use core::ffi::{c_int, c_void};

/// The caller's callbacks, called on messages inside the receive buffer.
struct Callbacks {
    /// The caller's filter, or [`discard`] without one (then `DumpCtx::has_filter` is false
    /// and it is never called): the dump loop calls it without testing for NULL.
    filter: unsafe extern "C" fn(*mut nlmsghdr, *mut c_void) -> c_int,
    arg1: *mut c_void,
    errhndlr: rtnl_err_hndlr_t,
    arg2: *mut c_void,
    out: CStdio,
}

crate::out::out_via_cstdio!(Callbacks);

/// The message at `at`, which `proto` has checked lies whole inside `buf`.
fn message_ptr(buf: &mut [u8], at: usize) -> *mut nlmsghdr {
    buf.as_mut_ptr().wrapping_add(at).cast()
}

impl DumpSink for Callbacks {
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
        // SAFETY: the caller's filter, given a message that lies whole inside the receive
        // buffer (proto checked its length), and its own argument.
        unsafe { (self.filter)(message_ptr(buf, at), self.arg1) }
    }
    fn errhndlr(&mut self, buf: &mut [u8], at: usize) -> Option<i32> {
        // SAFETY: as for the filter.
        self.errhndlr.map(|f| unsafe { f(message_ptr(buf, at), self.arg2) })
    }
}

/// The filter of a dump without one: never called (see [`Callbacks::filter`]).
unsafe extern "C" fn discard(_: *mut nlmsghdr, _: *mut c_void) -> c_int {
    0
}

/// The handle's state for filtering, read afresh (callers change `dump` and `local`).
pub(crate) fn dump_ctx(h: Handle, nc_flags: u16, has_filter: bool) -> DumpCtx {
    DumpCtx {
        local_pid: h.local_pid(),
        dump_seq: h.dump(),
        proto: h.proto(),
        suppress_nlerr: h.flags() & RTNL_HANDLE_F_SUPPRESS_NLERR != 0,
        nc_flags,
        raw: !h.dump_fp().is_null(),
        has_filter,
    }
}

/// Reads the dump whose sequence number is `rth->dump` until NLMSG_DONE, calling `filter` on
/// each data message from the kernel for this handle (after clearing `nc_flags` in it).
/// 0 at DONE; the filter's negative value if it aborts; -1 with errno for an error in DONE
/// or NLMSG_ERROR; `-errno` for a receive failure. A NULL filter reads the dump to its end
/// and discards it.
///
/// # Safety
/// `rth` is NULL or an open handle not used by another thread during the call; `filter` is
/// NULL or a function that accepts `arg`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_dump_filter_nc(rth: *mut rtnl_handle, filter: rtnl_filter_t, arg: *mut c_void, nc_flags: __u16) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_dump_filter_errhndlr_nc(rth, filter, arg, None, core::ptr::null_mut(), nc_flags) }
}

/// `rtnl_dump_filter_nc` with an error handler, consulted for an error in NLMSG_DONE and for
/// NLMSG_ERROR: its `RTNL_SUPPRESS_NLMSG_DONE_NLERR` bit ends the dump successfully, its
/// `RTNL_SUPPRESS_NLMSG_ERROR_NLERR` bit skips the error and goes on.
///
/// # Safety
/// As `rtnl_dump_filter_nc`; `errhndlr` is NULL or a function that accepts `arg2`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_dump_filter_errhndlr_nc(
    rth: *mut rtnl_handle,
    filter: rtnl_filter_t,
    arg1: *mut c_void,
    errhndlr: rtnl_err_hndlr_t,
    arg2: *mut c_void,
    nc_flags: __u16,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let mut callbacks = Callbacks { filter: filter.unwrap_or(discard), arg1, errhndlr, arg2, out: CStdio };
        let has_filter = filter.is_some();
        let raw = |bytes: &[u8]| {
            // SAFETY: `bytes` is inside the receive buffer; dump_fp is the caller's open FILE.
            unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), h.dump_fp()) };
        };
        dump::dump_filter(|| h.fd(), || dump_ctx(h, nc_flags, has_filter), raw, &mut callbacks)
    })
}
