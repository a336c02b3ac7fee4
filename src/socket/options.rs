//! The netlink socket options rnetlink sets, and `setsockopt` for an `int` option.

use core::mem::size_of;
use core::ptr;

/// `SOL_NETLINK` (270) and the netlink socket options rnetlink sets.
pub const SOL_NETLINK: i32 = 270;
pub const NETLINK_ADD_MEMBERSHIP: i32 = 1;
pub const NETLINK_LISTEN_ALL_NSID: i32 = 8;
pub const NETLINK_EXT_ACK: i32 = 11;
pub const NETLINK_GET_STRICT_CHK: i32 = 12;

/// `setsockopt(fd, level, name, &value, sizeof(int))`: 0 or -1 with errno.
pub fn set_int_option(fd: i32, level: i32, name: i32, value: i32) -> i32 {
    // SAFETY: the option value is a live int of the length given.
    unsafe { libc::setsockopt(fd, level, name, ptr::addr_of!(value).cast(), size_of::<i32>() as u32) }
}
