//! `<linux/nexthop.h>`: the family header of nexthop messages.

/// `struct nhmsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct nhmsg {
    pub nh_family: u8,
    pub nh_scope: u8,
    pub nh_protocol: u8,
    pub resvd: u8,
    pub nh_flags: u32,
}

#[cfg(test)]
mod tests {
    #[test]
    fn layout() {
        assert_eq!(core::mem::size_of::<super::nhmsg>(), 8);
    }
}
