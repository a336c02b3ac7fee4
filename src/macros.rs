//! The arithmetic of netlink(3)'s `NLMSG_*` and rtnetlink(3)'s `RTA_*` macros, as safe functions.
//!
//! The kernel macros compute in a mix of `int`, `unsigned int` and `size_t`; the C test
//! `ctests/macros_sweep.c` proves these functions give the macros' exact results, including for
//! negative lengths and lengths that wrap. Everything here is wrapping arithmetic on purpose:
//! these are the macros' values, not validated sizes (the parsers validate separately).

/// `NLMSG_ALIGN(len)` / `RTA_ALIGN(len)` for a 32-bit value: round up to 4, modulo 2^32.
#[inline]
pub const fn align4(len: u32) -> u32 {
    len.wrapping_add(3) & !3
}

/// `NLMSG_ALIGN(len)` for a `size_t` argument, converted to `int`. The mask `~3U` is a 32-bit
/// `unsigned int`, so the macro drops the upper half of a 64-bit length.
#[inline]
pub const fn nlmsg_align(len: usize) -> i32 {
    align4(len as u32) as i32
}

/// `NLMSG_LENGTH(len)`: `len + NLMSG_HDRLEN` in `size_t`, converted to `int`.
#[inline]
pub const fn nlmsg_length(len: usize) -> i32 {
    (len as u32).wrapping_add(16) as i32
}

/// `NLMSG_SPACE(len)`: `NLMSG_ALIGN(NLMSG_LENGTH(len))`, converted to `int`.
#[inline]
pub const fn nlmsg_space(len: usize) -> i32 {
    align4((len as u32).wrapping_add(16)) as i32
}

/// `NLMSG_OK(nlh, len)` given `nlh->nlmsg_len`. `len` is tested first, so a caller only needs
/// to read the header when `len >= 16`; see [`nlmsg_ok_needs_header`].
#[inline]
pub const fn nlmsg_ok(nlmsg_len: u32, len: i32) -> bool {
    len >= 16 && nlmsg_len >= 16 && nlmsg_len <= len as u32
}

/// Whether `NLMSG_OK` reads the header at all for this remaining length.
#[inline]
pub const fn nlmsg_ok_needs_header(len: i32) -> bool {
    len >= 16
}

/// `NLMSG_NEXT`: the byte offset of the next header and the new remaining length.
#[inline]
pub const fn nlmsg_next(nlmsg_len: u32, len: i32) -> (u32, i32) {
    let step = align4(nlmsg_len);
    (step, (len as u32).wrapping_sub(step) as i32)
}

/// `NLMSG_PAYLOAD(nlh, len)` with an `int` header length: `nlmsg_len - NLMSG_SPACE(len)`, the
/// subtraction done in `unsigned int`, converted to `int`.
#[inline]
pub const fn nlmsg_payload(nlmsg_len: u32, len: i32) -> i32 {
    nlmsg_len.wrapping_sub(align4((len as u32).wrapping_add(16))) as i32
}

/// `RTA_ALIGN(len)`.
#[inline]
pub const fn rta_align(len: u32) -> u32 {
    align4(len)
}

/// `RTA_OK(rta, len)` given `rta->rta_len`; only reads the header when `len >= 4`.
#[inline]
pub const fn rta_ok(rta_len: u16, len: i32) -> bool {
    len >= 4 && rta_len >= 4 && (rta_len as i32) <= len
}

/// Whether `RTA_OK` reads the attribute header at all for this remaining length.
#[inline]
pub const fn rta_ok_needs_header(len: i32) -> bool {
    len >= 4
}

/// `RTA_NEXT`: the byte offset of the next attribute and the new remaining length.
#[inline]
pub const fn rta_next(rta_len: u16, len: i32) -> (u32, i32) {
    let step = align4(rta_len as u32);
    (step, (len as u32).wrapping_sub(step) as i32)
}

/// `RTA_LENGTH(len)`, converted to `unsigned int`.
#[inline]
pub const fn rta_length(len: u32) -> u32 {
    len.wrapping_add(4)
}

/// `RTA_SPACE(len)`, converted to `unsigned int`.
#[inline]
pub const fn rta_space(len: u32) -> u32 {
    align4(len.wrapping_add(4))
}

/// `RTA_PAYLOAD(rta)` given `rta->rta_len`, converted to `unsigned int` (so `rta_len < 4`
/// wraps to a huge value, as the macro does).
#[inline]
pub const fn rta_payload(rta_len: u16) -> u32 {
    (rta_len as u32).wrapping_sub(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_wraps_like_the_macro() {
        assert_eq!(align4(0), 0);
        assert_eq!(align4(1), 4);
        assert_eq!(align4(4), 4);
        assert_eq!(align4(u32::MAX), 0);
        assert_eq!(nlmsg_align(usize::MAX), 0);
        // A length above 4 GiB on LP64; on a 32-bit target the cast keeps the low half (5),
        // which the macro aligns to the same 8.
        assert_eq!(nlmsg_align(0x1_0000_0005u64 as usize), 8);
    }

    #[test]
    fn lengths() {
        assert_eq!(nlmsg_length(4), 20);
        assert_eq!(nlmsg_space(5), 24);
        assert_eq!(nlmsg_length(usize::MAX), 15);
        assert_eq!(rta_length(4), 8);
        assert_eq!(rta_space(5), 12);
        assert_eq!(rta_space(u32::MAX), 4);
        assert_eq!(rta_payload(3), u32::MAX);
    }

    #[test]
    fn ok_and_next() {
        assert!(nlmsg_ok(16, 16));
        assert!(!nlmsg_ok(17, 16));
        assert!(!nlmsg_ok(15, 100));
        assert!(!nlmsg_ok(16, -1));
        assert_eq!(nlmsg_next(17, 40), (20, 20));
        assert_eq!(nlmsg_next(0xffff_ffff, 40), (0, 40));
        assert!(rta_ok(4, 4));
        assert!(!rta_ok(5, 4));
        assert!(!rta_ok(3, 8));
        assert_eq!(rta_next(5, 8), (8, 0));
        assert_eq!(rta_next(5, 5), (8, -3));
        assert_eq!(nlmsg_payload(20, 4), 0);
        assert_eq!(nlmsg_payload(16, 4), -4);
    }
}
