//! `<linux/if_bridge.h>`: the family headers of bridge multicast-database and VLAN messages.

/// `struct br_port_msg`; C pads `family` to 4 bytes implicitly, `_pad` stands for that.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct br_port_msg {
    pub family: u8,
    pub _pad: [u8; 3],
    pub ifindex: u32,
}

/// `struct br_vlan_msg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct br_vlan_msg {
    pub family: u8,
    pub reserved1: u8,
    pub reserved2: u16,
    pub ifindex: u32,
}

/// `BRIDGE_VLANDB_DUMP_FLAGS`: the attribute of a VLAN dump request.
pub const BRIDGE_VLANDB_DUMP_FLAGS: u16 = 1;

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn layouts() {
        assert_eq!(size_of::<br_port_msg>(), 8);
        assert_eq!(offset_of!(br_port_msg, ifindex), 4);
        assert_eq!(size_of::<br_vlan_msg>(), 8);
    }
}
