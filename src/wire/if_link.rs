//! `<linux/if_link.h>`: the family headers of link statistics and tunnel (VXLAN VNI) dumps.

/// `struct if_stats_msg` (embedded by value in libnetlink's `struct ipstats_req`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct if_stats_msg {
    pub family: u8,
    pub pad1: u8,
    pub pad2: u16,
    pub ifindex: u32,
    pub filter_mask: u32,
}

/// `struct tunnel_msg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct tunnel_msg {
    pub family: u8,
    pub flags: u8,
    pub reserved2: u16,
    pub ifindex: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, offset_of, size_of};

    #[test]
    fn layouts() {
        assert_eq!(size_of::<if_stats_msg>(), 12);
        assert_eq!(align_of::<if_stats_msg>(), 4);
        assert_eq!(size_of::<tunnel_msg>(), 8);
        assert_eq!(offset_of!(tunnel_msg, ifindex), 4);
    }
}
