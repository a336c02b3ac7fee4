//! `<linux/neighbour.h>`: the family headers of neighbour and neighbour-table messages.

/// `struct ndmsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ndmsg {
    pub ndm_family: u8,
    pub ndm_pad1: u8,
    pub ndm_pad2: u16,
    pub ndm_ifindex: i32,
    pub ndm_state: u16,
    pub ndm_flags: u8,
    pub ndm_type: u8,
}

/// `struct ndtmsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ndtmsg {
    pub ndtm_family: u8,
    pub ndtm_pad1: u8,
    pub ndtm_pad2: u16,
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn layouts() {
        assert_eq!(size_of::<ndmsg>(), 12);
        assert_eq!(offset_of!(ndmsg, ndm_ifindex), 4);
        assert_eq!(size_of::<ndtmsg>(), 4);
    }
}
