//! Opening and closing a netlink socket: `socket()`, the options, `bind` and `getsockname`
//! steps of `rtnl_open_byproto` (spec 3.1), and the close. Each failing step is reported as a
//! [`SetupError`] with errno as the failed call left it; the C shell prints iproute2's text
//! for it. Opening and closing also enter and remove the socket in the tracer's table.

use super::options::{set_int_option, NETLINK_EXT_ACK, SOL_NETLINK};
use crate::trace;
use core::mem::size_of;
use core::ptr;

/// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`: the descriptor, or -1 with errno.
/// The socket belongs to the network namespace of the calling thread, for good.
pub fn netlink_socket(protocol: i32) -> i32 {
    // SAFETY: plain socket(2), no pointers.
    unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, protocol) }
}

/// The step of [`setup`] that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupError {
    /// `setsockopt(SO_SNDBUF)`, errno set.
    SndBuf,
    /// `setsockopt(SO_RCVBUF)`, errno set.
    RcvBuf,
    /// `bind`, errno set.
    Bind,
    /// `getsockname`, errno set.
    GetSockName,
    /// `getsockname` reported this address length, not `sizeof(struct sockaddr_nl)`.
    AddressLength(u32),
    /// `getsockname` reported this address family, not `AF_NETLINK`.
    AddressFamily(u16),
}

/// Steps 4 to 10 of `rtnl_open_byproto` on the new socket `fd` (spec 3.1): a 32 KiB send
/// buffer, a receive buffer of `rcvbuf`, extended ACKs (best effort: kernels before 4.12 do
/// not know them), `bind` to the legacy group mask `subscriptions`, and `getsockname` into
/// `local`, which must then be a netlink address. `local` holds what the steps wrote even
/// when one fails (the caller's handle keeps it). Then the tracer reads `RNETLINK_PCAP` and
/// `RNETLINK_DEBUG` for the socket: they apply to sockets opened while they are set.
pub fn setup(fd: i32, protocol: i32, rcvbuf: i32, subscriptions: u32, local: &mut libc::sockaddr_nl) -> Result<(), SetupError> {
    if set_int_option(fd, libc::SOL_SOCKET, libc::SO_SNDBUF, 32768) < 0 {
        return Err(SetupError::SndBuf);
    }
    if set_int_option(fd, libc::SOL_SOCKET, libc::SO_RCVBUF, rcvbuf) < 0 {
        return Err(SetupError::RcvBuf);
    }
    set_int_option(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);

    // SAFETY: all-zero is a valid sockaddr_nl.
    *local = unsafe { core::mem::zeroed() };
    local.nl_family = libc::AF_NETLINK as u16;
    local.nl_groups = subscriptions;
    let len = size_of::<libc::sockaddr_nl>() as libc::socklen_t;
    // SAFETY: `local` is a live sockaddr_nl of that length.
    if unsafe { libc::bind(fd, ptr::addr_of!(*local).cast(), len) } < 0 {
        return Err(SetupError::Bind);
    }
    let mut addr_len = len;
    // SAFETY: `local` is a writable sockaddr_nl of `addr_len` bytes.
    if unsafe { libc::getsockname(fd, ptr::addr_of_mut!(*local).cast(), &mut addr_len) } < 0 {
        return Err(SetupError::GetSockName);
    }
    if addr_len != len {
        return Err(SetupError::AddressLength(addr_len));
    }
    if local.nl_family != libc::AF_NETLINK as u16 {
        return Err(SetupError::AddressFamily(local.nl_family));
    }
    trace::handle_opened(fd, protocol);
    Ok(())
}

/// Closes a socket this library opened (and ends its tracing).
pub fn close(fd: i32) {
    trace::handle_closed(fd);
    // SAFETY: the caller owns `fd` and does not use it again.
    unsafe { libc::close(fd) };
}
