//! `<linux/fib_rules.h>`: the family header of policy-routing rules.

/// `struct fib_rule_hdr`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct fib_rule_hdr {
    pub family: u8,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    pub table: u8,
    pub res1: u8,
    pub res2: u8,
    pub action: u8,
    pub flags: u32,
}

#[cfg(test)]
mod tests {
    #[test]
    fn layout() {
        assert_eq!(core::mem::size_of::<super::fib_rule_hdr>(), 12);
    }
}
