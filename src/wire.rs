//! Mirrors of the kernel's UAPI structs and integer typedefs that the C API names.
//!
//! cbindgen does not read this file: the generated headers refer to these types by their C
//! names (`struct nlmsghdr`, `__u32`, ...) and get them from the kernel headers that
//! `<libnetlink.h>` includes. The layouts here are checked against those headers by
//! `ctests/layout.c` and by the unit tests below.
#![allow(non_camel_case_types)]

pub type __u8 = u8;
pub type __u16 = u16;
pub type __u32 = u32;
pub type __u64 = u64;
pub type __s32 = i32;
pub type __s64 = i64;
pub type __be16 = u16;
pub type __be32 = u32;
pub type __be64 = u64;

/// `struct nlmsghdr` from `<linux/netlink.h>`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct nlmsghdr {
    pub nlmsg_len: u32,
    pub nlmsg_type: u16,
    pub nlmsg_flags: u16,
    pub nlmsg_seq: u32,
    pub nlmsg_pid: u32,
}

/// `struct rtattr` from `<linux/rtnetlink.h>`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct rtattr {
    pub rta_len: u16,
    pub rta_type: u16,
}

/// `struct if_stats_msg` from `<linux/if_link.h>` (embedded by value in `struct ipstats_req`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct if_stats_msg {
    pub family: u8,
    pub pad1: u8,
    pub pad2: u16,
    pub ifindex: u32,
    pub filter_mask: u32,
}

/// Size of `struct nlmsghdr` (also `NLMSG_HDRLEN`, since it is already aligned).
pub const NLMSG_HDRLEN: usize = 16;
/// Size of `struct rtattr` (also `RTA_LENGTH(0)`).
pub const RTA_HDRLEN: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, offset_of, size_of};

    #[test]
    fn kernel_struct_layouts() {
        assert_eq!(size_of::<nlmsghdr>(), NLMSG_HDRLEN);
        assert_eq!(offset_of!(nlmsghdr, nlmsg_seq), 8);
        assert_eq!(size_of::<rtattr>(), RTA_HDRLEN);
        assert_eq!(offset_of!(rtattr, rta_type), 2);
        assert_eq!(size_of::<if_stats_msg>(), 12);
        assert_eq!(align_of::<if_stats_msg>(), 4);
    }
}
