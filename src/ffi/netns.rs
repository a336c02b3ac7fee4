//! Handles whose socket lives in another network namespace (`rnl_open_netns*`). The socket is
//! made on a short-lived helper thread (`socket::netlink_socket_in_netns`, which says why);
//! the rest of the open is `rtnl_open_byproto`'s own code, on the caller's thread.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::socket::finish_open;
use crate::ffi::types::rtnl_handle;
use crate::out::{c_eprint, perror, set_errno, strerror};
use crate::socket::{self, NetnsError};
use core::ffi::{c_char, c_int, c_uint, CStr};

/// Opens a handle exactly as `rtnl_open_byproto(rth, subscriptions, protocol)` does, but with
/// its socket in the network namespace `netns`: a name as `ip netns add` creates it (the file
/// `/run/netns/NAME`) or a path starting with `/` (such as `/proc/PID/ns/net`). The calling
/// thread never leaves its own namespace. Needs CAP_SYS_ADMIN.
///
/// 0, or -1 with errno and `rth->fd == -1` after printing why on stderr: ENOENT for a missing
/// namespace, EINVAL for a NULL argument (nothing printed), an invalid name or a file that is
/// not a network namespace, EPERM without privilege.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`; `netns` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rnl_open_netns(
    rth: *mut rtnl_handle,
    subscriptions: c_uint,
    protocol: c_int,
    netns: *const c_char,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        start(h, protocol);
        if netns.is_null() {
            return einval(-1);
        }
        // SAFETY: a non-NULL `netns` is a NUL-terminated string (the contract above).
        let netns = unsafe { CStr::from_ptr(netns) };
        let name = netns.to_string_lossy();
        let opened = socket::netns_path(netns).ok_or(libc::EINVAL).and_then(|p| socket::open_netns_file(&p));
        let ns_fd = match opened {
            Ok(fd) => fd,
            Err(e) => {
                c_eprint!("Cannot open network namespace \"{name}\": {}\n", strerror(e));
                set_errno(e);
                return -1;
            }
        };
        let r = open_in(h, subscriptions, protocol, ns_fd, &format!(" \"{name}\""));
        socket::close_keep_errno(ns_fd);
        r
    })
}

/// `rnl_open_netns` with the namespace given as an open descriptor (of `/run/netns/NAME`,
/// `/proc/PID/ns/net`, …), which stays open. 0, or -1 with errno and `rth->fd == -1`:
/// EINVAL for a NULL handle (nothing printed), a negative descriptor or one that is not a
/// network namespace, EBADF for a descriptor that is not open, EPERM without privilege.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
pub unsafe extern "C" fn rnl_open_netns_fd(
    rth: *mut rtnl_handle,
    subscriptions: c_uint,
    protocol: c_int,
    netns_fd: c_int,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        start(h, protocol);
        open_in(h, subscriptions, protocol, netns_fd, "")
    })
}

/// What `rtnl_open_byproto` does before its socket call, with `fd = -1` until there is one.
fn start(h: Handle, protocol: c_int) {
    h.zero();
    h.set_proto(protocol);
    h.set_fd(-1);
}

/// The socket made inside `ns_fd`'s namespace, then the rest of `rtnl_open_byproto`.
/// `label` names the namespace in the texts (empty for a bare descriptor).
fn open_in(h: Handle, subscriptions: c_uint, protocol: c_int, ns_fd: c_int, label: &str) -> c_int {
    match socket::netlink_socket_in_netns(ns_fd, protocol) {
        Ok(fd) => {
            h.set_fd(fd);
            finish_open(h, subscriptions)
        }
        Err(NetnsError::Enter(e)) => {
            c_eprint!("Cannot enter network namespace{label}: {}\n", strerror(e));
            set_errno(e);
            -1
        }
        Err(NetnsError::Socket(e)) => {
            set_errno(e);
            perror(c"Cannot open netlink socket");
            -1
        }
        Err(NetnsError::Thread(e)) => {
            c_eprint!("Cannot start network namespace thread: {}\n", strerror(e));
            set_errno(e);
            -1
        }
    }
}
