//! Opening a handle for the old API generations (issue 18), and `genl_resolve_family` for the
//! 36-byte handle of iproute2 3.6-3.17.
//!
//! `rtnl_open` zeroes the handle first, so a program of a release before v4.2 (whose
//! `struct rtnl_handle` is smaller) needs an open that writes only its size: these open a full
//! local handle with the v7.1 code and copy the old size back (`Local`). All of them, and
//! the `_noextack` forms for the 56-byte handle of v4.2-v4.12, also leave the socket's
//! `NETLINK_EXT_ACK` option off, as releases before v4.13 did: the kernel then sends no
//! ext-ack message, so errors print `RTNETLINK answers: <strerror>` as they did there, not
//! `Error: <kernel message>.`.

use super::{Layout, Local};
use crate::ffi::errors::einval;
use crate::ffi::genl::genl_resolve_family;
use crate::ffi::guard::catch;
use crate::ffi::socket::rtnl_open_byproto;
use crate::socket::{set_int_option, NETLINK_EXT_ACK, SOL_NETLINK};
use core::ffi::{c_char, c_int, c_uint, c_void};

/// Opens on a full handle at `rth` (the caller's own for H56) and turns ext-acks off.
///
/// # Safety
/// `rth` is NULL or a writable handle of `layout`.
unsafe fn open_old(rth: *mut c_void, layout: Layout, subscriptions: c_uint, protocol: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: forwarded contract.
        let Some(mut local) = (unsafe { Local::load(rth, layout) }) else { return einval(-1) };
        // SAFETY: a live full handle.
        let r = unsafe { rtnl_open_byproto(local.ptr(), subscriptions, protocol) };
        if r == 0 {
            // SAFETY: as above.
            let fd = unsafe { (*local.ptr()).fd };
            // Best effort, as iproute2 v4.13+ sets it: a kernel without the option has none.
            let saved = crate::out::errno();
            set_int_option(fd, SOL_NETLINK, NETLINK_EXT_ACK, 0);
            crate::out::set_errno(saved);
        }
        local.store_all();
        r
    })
}

macro_rules! open_forms {
    ($open:ident, $byproto:ident, $layout:expr, $rel:literal) => {
        #[doc = concat!("`rtnl_open(rth, subscriptions)` of iproute2 ", $rel, ".")]
        ///
        /// # Safety
        /// `rth` is NULL or a writable handle of the era's size.
        #[no_mangle]
        pub unsafe extern "C" fn $open(rth: *mut c_void, subscriptions: c_uint) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { open_old(rth, $layout, subscriptions, libc::NETLINK_ROUTE) }
        }

        #[doc = concat!("`rtnl_open_byproto(rth, subscriptions, protocol)` of iproute2 ", $rel, ".")]
        ///
        /// # Safety
        /// `rth` is NULL or a writable handle of the era's size.
        #[no_mangle]
        pub unsafe extern "C" fn $byproto(rth: *mut c_void, subscriptions: c_uint, protocol: c_int) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { open_old(rth, $layout, subscriptions, protocol) }
        }
    };
}

open_forms!(rnl_compat_rtnl_open_h36, rnl_compat_rtnl_open_byproto_h36, Layout::H36, "2.6.7-3.17 (36-byte handle)");
open_forms!(rnl_compat_rtnl_open_h40, rnl_compat_rtnl_open_byproto_h40, Layout::H40, "3.18 (40-byte handle)");
open_forms!(rnl_compat_rtnl_open_h48, rnl_compat_rtnl_open_byproto_h48, Layout::H48, "3.19-4.1 (48-byte handle)");
open_forms!(rnl_compat_rtnl_open_noextack, rnl_compat_rtnl_open_byproto_noextack, Layout::H56, "4.2-4.12 (no NETLINK_EXT_ACK)");

/// `genl_resolve_family(grth, family)` of iproute2 3.6-3.17, whose handle has no `proto`.
///
/// # Safety
/// `grth` is an open 36-byte NETLINK_GENERIC handle; `family` NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_genl_resolve_family_h36(grth: *mut c_void, family: *const c_char) -> c_int {
    catch(-1, || {
        // SAFETY: forwarded contract.
        let Some(mut local) = (unsafe { Local::load(grth, Layout::H36) }) else { return einval(-1) };
        // SAFETY: a live full handle; forwarded contract for `family`.
        let r = unsafe { genl_resolve_family(local.ptr(), family) };
        local.store_seq();
        r
    })
}
