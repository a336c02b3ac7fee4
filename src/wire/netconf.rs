//! `<linux/netconf.h>`: the family header of per-device IP configuration messages.

/// `struct netconfmsg`: one byte (a request pads it to 4).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct netconfmsg {
    pub ncm_family: u8,
}

#[cfg(test)]
mod tests {
    #[test]
    fn layout() {
        assert_eq!(core::mem::size_of::<super::netconfmsg>(), 1);
    }
}
