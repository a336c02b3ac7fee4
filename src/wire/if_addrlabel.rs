//! `<linux/if_addrlabel.h>`: the family header of address-label messages.

/// `struct ifaddrlblmsg`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ifaddrlblmsg {
    pub ifal_family: u8,
    pub ifal_reserved: u8,
    pub ifal_prefixlen: u8,
    pub ifal_flags: u8,
    pub ifal_index: u32,
    pub ifal_seq: u32,
}

#[cfg(test)]
mod tests {
    #[test]
    fn layout() {
        assert_eq!(core::mem::size_of::<super::ifaddrlblmsg>(), 12);
    }
}
