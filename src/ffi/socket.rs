//! Opening and closing handles and their socket options (spec 3.1), and the `rcvbuf` global.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::{rtnl_handle, RTNL_HANDLE_F_LISTEN_ALL_NSID, RTNL_HANDLE_F_STRICT_CHK};
use crate::out::{c_eprint, perror};
use crate::socket::{self, SetupError, SOL_NETLINK};
use core::ffi::{c_int, c_uint};

/// `SO_RCVBUF` for new handles (1 MiB; the kernel doubles it, capped by `net.core.rmem_max`).
/// Programs assign to it before `rtnl_open` (`ip -rcvbuf`). It is an ordinary exported data
/// symbol: a program that writes it gets a copy relocation, and the library reads the
/// program's copy through the GOT because the symbol stays preemptible.
#[no_mangle]
#[allow(non_upper_case_globals)]
pub static mut rcvbuf: c_int = 1024 * 1024;

fn current_rcvbuf() -> c_int {
    // SAFETY: a plain racy read of an int the program owns, as in C; the volatile read keeps
    // the compiler from assuming the library's initial value.
    unsafe { core::ptr::addr_of!(rcvbuf).read_volatile() }
}

/// Opens a `NETLINK_ROUTE` handle: `rtnl_open_byproto(rth, subscriptions, NETLINK_ROUTE)`.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_open(rth: *mut rtnl_handle, subscriptions: c_uint) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rtnl_open_byproto(rth, subscriptions, libc::NETLINK_ROUTE) }
}

/// Zeroes `rth`, opens a netlink socket of `protocol` bound to the legacy group mask
/// `subscriptions`, and fills `fd`, `local` (with the kernel's port id), `proto` and
/// `seq = time(NULL)`. 0, or -1 after printing why (the socket closed, `fd = -1`).
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_open_byproto(rth: *mut rtnl_handle, subscriptions: c_uint, protocol: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        h.zero();
        h.set_proto(protocol);
        let fd = socket::netlink_socket(protocol);
        h.set_fd(fd);
        if fd < 0 {
            perror(c"Cannot open netlink socket");
            return -1;
        }
        finish_open(h, subscriptions)
    })
}

/// Steps 4 to 11 of `rtnl_open_byproto` (spec 3.1) on the socket already in `h.fd()`:
/// `socket::setup` (options, bind, getsockname and its checks), then `seq`. 0, or -1 after
/// printing why, with the socket closed and `fd = -1`. Shared with `rnl_open_netns*`, whose
/// socket was made in another namespace: a socket keeps its namespace, so all of this runs on
/// the caller's thread.
pub(crate) fn finish_open(h: Handle, subscriptions: c_uint) -> c_int {
    let mut local = h.local();
    let r = socket::setup(h.fd(), h.proto(), current_rcvbuf(), subscriptions, &mut local);
    // The handle keeps the address the steps wrote, whether they all succeeded or not.
    h.set_local(local);
    if let Err(e) = r {
        match e {
            SetupError::SndBuf => perror(c"SO_SNDBUF"),
            SetupError::RcvBuf => perror(c"SO_RCVBUF"),
            SetupError::Bind => perror(c"Cannot bind netlink socket"),
            SetupError::GetSockName => perror(c"Cannot getsockname"),
            SetupError::AddressLength(len) => c_eprint!("Wrong address length {len}\n"),
            SetupError::AddressFamily(family) => c_eprint!("Wrong address family {family}\n"),
        }
        close_handle(h);
        return -1;
    }
    // SAFETY: time(NULL) has no preconditions.
    h.set_seq(unsafe { libc::time(core::ptr::null_mut()) } as u32);
    0
}

fn close_handle(h: Handle) {
    let fd = h.fd();
    if fd >= 0 {
        socket::close(fd);
        h.set_fd(-1);
    }
}

/// Closes the handle's socket if `fd >= 0` and sets `fd = -1`; nothing else changes.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_close(rth: *mut rtnl_handle) {
    catch((), || {
        // SAFETY: the caller's handle.
        if let Some(h) = unsafe { Handle::from_ptr(rth) } {
            close_handle(h);
        }
    })
}

/// Asks the kernel for strict checking of dump requests; on success sets
/// `RTNL_HANDLE_F_STRICT_CHK` in `flags`. Failure is silent.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_set_strict_dump(rth: *mut rtnl_handle) {
    catch((), || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return };
        if socket::set_int_option(h.fd(), SOL_NETLINK, socket::NETLINK_GET_STRICT_CHK, 1) == 0 {
            h.set_flags(h.flags() | RTNL_HANDLE_F_STRICT_CHK);
        }
    })
}

/// Joins multicast group `group` (any number, unlike the legacy mask): the setsockopt
/// result, 0 or -1 with errno. Prints nothing.
///
/// # Safety
/// `rth` is NULL or a readable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_add_nl_group(rth: *mut rtnl_handle, group: c_uint) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        socket::set_int_option(h.fd(), SOL_NETLINK, socket::NETLINK_ADD_MEMBERSHIP, group as i32)
    })
}

/// Receives notifications from all peer namespaces with an nsid; sets
/// `RTNL_HANDLE_F_LISTEN_ALL_NSID`. 0, or -1 after `perror("NETLINK_LISTEN_ALL_NSID")`.
///
/// # Safety
/// `rth` is NULL or a writable `struct rtnl_handle`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_listen_all_nsid(rth: *mut rtnl_handle) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        if socket::set_int_option(h.fd(), SOL_NETLINK, socket::NETLINK_LISTEN_ALL_NSID, 1) < 0 {
            perror(c"NETLINK_LISTEN_ALL_NSID");
            return -1;
        }
        h.set_flags(h.flags() | RTNL_HANDLE_F_LISTEN_ALL_NSID);
        0
    })
}
