//! Mirrors of the kernel's UAPI structs, integer typedefs and constants that rnetlink uses,
//! one file per kernel header (`netlink.rs` is `<linux/netlink.h>`, `rtnetlink.rs` is
//! `<linux/rtnetlink.h>`, …). Everything is re-exported here, so `crate::wire::nlmsghdr` names
//! a struct whichever header it comes from.
//!
//! cbindgen does not read these files: the generated headers refer to these types by their C
//! names (`struct nlmsghdr`, `__u32`, ...) and get them from the kernel headers that
//! `<libnetlink.h>` includes. The layouts here are checked against those headers by
//! `ctests/layout.c` (the ones the C API names) and by the unit tests of each file.
#![allow(non_camel_case_types)]

pub mod fib_rules;
pub mod genetlink;
pub mod if_addr;
pub mod if_addrlabel;
pub mod if_bridge;
pub mod if_link;
pub mod neighbour;
pub mod netconf;
pub mod netlink;
pub mod nexthop;
pub mod rtnetlink;

pub use fib_rules::fib_rule_hdr;
pub use if_addr::ifaddrmsg;
pub use if_addrlabel::ifaddrlblmsg;
pub use if_bridge::{br_port_msg, br_vlan_msg};
pub use if_link::{if_stats_msg, tunnel_msg};
pub use neighbour::{ndmsg, ndtmsg};
pub use netconf::netconfmsg;
pub use netlink::{nlmsghdr, NLA_F_NESTED, NLMSG_HDRLEN};
pub use nexthop::nhmsg;
pub use rtnetlink::{ifinfomsg, rtattr, rtgenmsg, rtmsg, RTA_HDRLEN};

pub type __u8 = u8;
pub type __u16 = u16;
pub type __u32 = u32;
pub type __u64 = u64;
pub type __s32 = i32;
pub type __s64 = i64;
pub type __be16 = u16;
pub type __be32 = u32;
pub type __be64 = u64;

/// A kernel struct that can be viewed as plain bytes: `#[repr(C)]`, integer fields only and
/// no implicit padding (explicit pad fields stand in for the C compiler's padding), so every
/// byte is initialised and every bit pattern is a value. Dump requests embed these by value
/// and send the whole request (`crate::dump_req`).
///
/// # Safety
/// Implementors must have no padding bytes and accept every bit pattern.
pub unsafe trait Plain: Copy {}

// SAFETY: each is repr(C) with integer fields only, laid out without gaps (explicit pad
// fields where C pads); the tests of its file check its size.
unsafe impl Plain for nlmsghdr {}
// SAFETY: as above.
unsafe impl Plain for rtattr {}
// SAFETY: as above.
unsafe impl Plain for rtmsg {}
// SAFETY: as above.
unsafe impl Plain for rtgenmsg {}
// SAFETY: as above.
unsafe impl Plain for ifinfomsg {}
// SAFETY: as above.
unsafe impl Plain for if_stats_msg {}
// SAFETY: as above.
unsafe impl Plain for tunnel_msg {}
// SAFETY: as above.
unsafe impl Plain for ifaddrmsg {}
// SAFETY: as above.
unsafe impl Plain for ifaddrlblmsg {}
// SAFETY: as above.
unsafe impl Plain for fib_rule_hdr {}
// SAFETY: as above.
unsafe impl Plain for ndmsg {}
// SAFETY: as above.
unsafe impl Plain for ndtmsg {}
// SAFETY: as above.
unsafe impl Plain for br_port_msg {}
// SAFETY: as above.
unsafe impl Plain for br_vlan_msg {}
// SAFETY: as above.
unsafe impl Plain for netconfmsg {}
// SAFETY: as above.
unsafe impl Plain for nhmsg {}
