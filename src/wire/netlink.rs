//! `<linux/netlink.h>`: the message header and the attribute flag bits.

/// `struct nlmsghdr`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct nlmsghdr {
    pub nlmsg_len: u32,
    pub nlmsg_type: u16,
    pub nlmsg_flags: u16,
    pub nlmsg_seq: u32,
    pub nlmsg_pid: u32,
}

/// Size of `struct nlmsghdr` (also `NLMSG_HDRLEN`, since it is already aligned).
pub const NLMSG_HDRLEN: usize = 16;

pub const NLM_F_REQUEST: u16 = 0x1;
pub const NLM_F_ACK: u16 = 0x4;
pub const NLM_F_ECHO: u16 = 0x8;

/// `NLA_F_NESTED`: the attribute type bit that marks a nest.
pub const NLA_F_NESTED: u16 = 1 << 15;

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn layout() {
        assert_eq!(size_of::<nlmsghdr>(), NLMSG_HDRLEN);
        assert_eq!(offset_of!(nlmsghdr, nlmsg_seq), 8);
    }
}
