//! `<linux/rtnetlink.h>`: the attribute header, the family headers of routes, links and the
//! generic dump, and the message types the libc crate lacks.

/// `struct rtattr`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct rtattr {
    pub rta_len: u16,
    pub rta_type: u16,
}

/// Size of `struct rtattr` (also `RTA_LENGTH(0)`).
pub const RTA_HDRLEN: usize = 4;

/// `struct rtmsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct rtmsg {
    pub rtm_family: u8,
    pub rtm_dst_len: u8,
    pub rtm_src_len: u8,
    pub rtm_tos: u8,
    pub rtm_table: u8,
    pub rtm_protocol: u8,
    pub rtm_scope: u8,
    pub rtm_type: u8,
    pub rtm_flags: u32,
}

/// `struct rtgenmsg`: one byte (a request pads it to 4).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct rtgenmsg {
    pub rtgen_family: u8,
}

/// `struct ifinfomsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ifinfomsg {
    pub ifi_family: u8,
    pub ifi_pad: u8,
    pub ifi_type: u16,
    pub ifi_index: i32,
    pub ifi_flags: u32,
    pub ifi_change: u32,
}

pub const RTM_GETNEXTHOP: u16 = 106;
pub const RTM_GETVLAN: u16 = 114;
pub const RTM_GETNEXTHOPBUCKET: u16 = 118;
pub const RTM_GETTUNNEL: u16 = 122;

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn layouts() {
        assert_eq!(size_of::<rtattr>(), RTA_HDRLEN);
        assert_eq!(offset_of!(rtattr, rta_type), 2);
        assert_eq!(size_of::<rtmsg>(), 12);
        assert_eq!(size_of::<rtgenmsg>(), 1);
        assert_eq!(size_of::<ifinfomsg>(), 16);
    }
}
