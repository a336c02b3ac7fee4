//! The old `rtnl_listen` and `rtnl_from_file` handler forms (issue 18): `handler(who, n,
//! jarg)` until iproute2 v4.1, `handler(who, ctrl, n, jarg)` in v4.2-v4.19. `who` is the
//! notification's sender as `recvmsg` gave it (the kernel, port 0, with the notification's
//! group mask in `nl_groups`); for a message read from a file it is `{AF_NETLINK, 0, 0, 0}`
//! and `ctrl` is NULL, as in those releases. The loops are `crate::listen`'s and
//! `ffi::listen`'s.

use super::{rtnl_filter_who_t, rtnl_listen_filter_who_t, who, Layout, Local};
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::listen::from_file_with;
use crate::ffi::types::{rtnl_ctrl_data, rtnl_handle, RTNL_HANDLE_F_LISTEN_ALL_NSID};
use crate::listen;
use crate::out::{self, CStdio};
use crate::proto::ListenSink;
use crate::socket::Datagram;
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_void};

/// The caller's handler, in either old form.
#[derive(Clone, Copy)]
enum Form {
    Who(unsafe extern "C" fn(*const libc::sockaddr_nl, *mut nlmsghdr, *mut c_void) -> c_int),
    WhoCtrl(unsafe extern "C" fn(*const libc::sockaddr_nl, *mut rtnl_ctrl_data, *mut nlmsghdr, *mut c_void) -> c_int),
}

struct Handler {
    form: Form,
    arg: *mut c_void,
    out: CStdio,
}

crate::out::out_via_cstdio!(Handler);

impl ListenSink for Handler {
    fn handle(&mut self, buf: &mut [u8], at: usize, nsid: i32, dg: &Datagram) -> i32 {
        let from = who(dg.src_pid, dg.src_groups);
        let n = buf[at..].as_mut_ptr().cast();
        let r = match self.form {
            // SAFETY: the caller's handler, given its sender, a whole message in the buffer.
            Form::Who(f) => unsafe { f(&from, n, self.arg) },
            Form::WhoCtrl(f) => {
                let mut ctrl = rtnl_ctrl_data { nsid };
                // SAFETY: as above, and a ctrl that lives for the call.
                unsafe { f(&from, &mut ctrl, n, self.arg) }
            }
        };
        out::flush_stdout();
        r
    }
}

/// `rtnl_listen(rth, handler, jarg)` of iproute2 2.6.7-4.1, `handler(who, n, jarg)`. Reads
/// only the handle's first 36 bytes (its socket), so it serves every layout of those releases.
///
/// # Safety
/// `rth` is an open handle of 36 bytes or more; `handler` accepts `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_listen_who(rth: *mut c_void, handler: rtnl_filter_who_t, jarg: *mut c_void) -> c_int {
    catch(-1, || {
        // SAFETY: forwarded contract.
        let Some(mut local) = (unsafe { Local::load(rth, Layout::H36) }) else { return einval(-1) };
        let Some(f) = handler else { return einval(-1) };
        // SAFETY: a live local full handle.
        let h = unsafe { Handle::from_ptr(local.ptr()) }.expect("non-NULL");
        let mut sink = Handler { form: Form::Who(f), arg: jarg, out: CStdio };
        listen::listen(|| h.fd(), || false, &mut sink)
    })
}

/// `rtnl_listen(rth, handler, jarg)` of iproute2 4.2-4.19, `handler(who, ctrl, n, jarg)`.
///
/// # Safety
/// `rth` is an open handle; `handler` accepts `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_listen_who_ctrl(rth: *mut rtnl_handle, handler: rtnl_listen_filter_who_t, jarg: *mut c_void) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let Some(f) = handler else { return einval(-1) };
        let mut sink = Handler { form: Form::WhoCtrl(f), arg: jarg, out: CStdio };
        listen::listen(|| h.fd(), || h.flags() & RTNL_HANDLE_F_LISTEN_ALL_NSID != 0, &mut sink)
    })
}

/// `rtnl_from_file(fp, handler, jarg)` of iproute2 2.6.7-4.1: `handler(who, n, jarg)` with
/// `who = {AF_NETLINK, 0, 0, 0}`.
///
/// # Safety
/// `fp` is an open `FILE *`; `handler` accepts `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_from_file_who(fp: *mut libc::FILE, handler: rtnl_filter_who_t, jarg: *mut c_void) -> c_int {
    let Some(f) = handler else { return einval(-1) };
    let from = who(0, 0);
    // SAFETY: the caller's handler, given a whole message (contract).
    unsafe { from_file_with(fp, |n| f(&from, n, jarg)) }
}

/// `rtnl_from_file(fp, handler, jarg)` of iproute2 4.2-4.19: `handler(who, NULL, n, jarg)`.
///
/// # Safety
/// As `rnl_compat_rtnl_from_file_who`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_from_file_who_ctrl(fp: *mut libc::FILE, handler: rtnl_listen_filter_who_t, jarg: *mut c_void) -> c_int {
    let Some(f) = handler else { return einval(-1) };
    let from = who(0, 0);
    // SAFETY: the caller's handler, given a whole message and NULL ctrl (contract).
    unsafe { from_file_with(fp, |n| f(&from, core::ptr::null_mut(), n, jarg)) }
}
