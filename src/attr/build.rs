//! Appending attributes (and raw bytes) to a netlink message or to a parent attribute.
//!
//! Both cases are the same operation on a buffer: the message (or parent attribute) occupies
//! `cur_len` bytes from the start of `buf`, the new piece goes at `align4(cur_len)`, and the
//! new length is that offset plus the aligned size of the piece. `buf` is the whole buffer the
//! caller declared (`maxlen` bytes), so the bound check is a slice-length check.
//!
//! iproute2 computes these sums in 32-bit unsigned arithmetic, which can wrap and then write
//! anywhere; here they are computed in `u64`, so a wrap is an [`Overflow`] instead.

use crate::wire::RTA_HDRLEN;

/// The piece does not fit in the buffer (or a length was negative). Nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

#[inline]
fn align4(n: u64) -> u64 {
    (n + 3) & !3
}

/// Where a piece goes: its offset in the buffer and the new total length after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub at: usize,
    pub end: u32,
}

/// Where a piece of `size` bytes (before alignment) goes after `cur_len` bytes of a buffer of
/// `buf_len`, if it fits. This is the bound check of every builder; callers make it before
/// touching the payload (a length that does not fit may not describe real memory either).
#[inline]
pub fn place(buf_len: usize, cur_len: u32, size: u64) -> Result<Slot, Overflow> {
    let start = align4(cur_len as u64);
    let end = start + align4(size);
    if end > buf_len as u64 {
        return Err(Overflow);
    }
    let end = u32::try_from(end).map_err(|_| Overflow)?;
    Ok(Slot { at: start as usize, end })
}

/// Writes an attribute `{rta_len = 4 + data.len(), rta_type}` and `data` at a slot that
/// [`place`] gave for `4 + data.len()` bytes in this buffer.
///
/// As in iproute2, the padding before and after the attribute is left as it was, and an
/// `rta_len` above 65535 is truncated to 16 bits (the kernel rejects such attributes).
#[inline]
pub fn write_attr(buf: &mut [u8], slot: Slot, rta_type: u16, data: &[u8]) {
    let at = slot.at;
    let size = RTA_HDRLEN + data.len();
    let piece = &mut buf[at..at + size];
    piece[0..2].copy_from_slice(&(size as u16).to_ne_bytes());
    piece[2..4].copy_from_slice(&rta_type.to_ne_bytes());
    piece[RTA_HDRLEN..].copy_from_slice(data);
}

/// Writes `data` without a header at a slot that [`place`] gave for `data.len()` bytes, and
/// zero-fills its padding.
#[inline]
pub fn write_raw(buf: &mut [u8], slot: Slot, data: &[u8]) {
    let at = slot.at;
    buf[at..at + data.len()].copy_from_slice(data);
    buf[at + data.len()..slot.end as usize].fill(0);
}

/// Appends an attribute `type` carrying `data` at `align4(cur_len)` and returns the new total
/// length (`offset + RTA_ALIGN(rta_len)`); see [`write_attr`].
pub fn append_attr(buf: &mut [u8], cur_len: u32, rta_type: u16, data: &[u8]) -> Result<u32, Overflow> {
    let slot = place(buf.len(), cur_len, (RTA_HDRLEN + data.len()) as u64)?;
    write_attr(buf, slot, rta_type, data);
    Ok(slot.end)
}

/// Appends `data` without an attribute header at `align4(cur_len)`, zero-filling its padding,
/// and returns the new total length.
pub fn append_raw(buf: &mut [u8], cur_len: u32, data: &[u8]) -> Result<u32, Overflow> {
    let slot = place(buf.len(), cur_len, data.len() as u64)?;
    write_raw(buf, slot, data);
    Ok(slot.end)
}

/// Closes a nest: the attribute header at `nest` (an offset into `buf`) gets `rta_len` =
/// distance to `tail`. Returns false, writing nothing, when the header does not lie inside
/// `[0, tail)` of `buf`: then the nest was never added (its starter overflowed) and iproute2
/// would write outside the message.
pub fn close_nest(buf: &mut [u8], nest: usize, tail: usize) -> bool {
    if nest.checked_add(RTA_HDRLEN).map_or(true, |end| end > tail || end > buf.len()) {
        return false;
    }
    buf[nest..nest + 2].copy_from_slice(&((tail - nest) as u16).to_ne_bytes());
    true
}

/// Closes a compat nest (`addattr_nest_compat`): the outer attribute at `start` reaches
/// `tail`, and so does the nest that follows its aligned data (found from the outer header's
/// `rta_len` as the data attribute left it). Each header outside `[0, tail)` is left alone,
/// as [`close_nest`] does.
pub fn close_compat_nest(buf: &mut [u8], start: usize, tail: usize) {
    let Some(outer) = start.checked_add(2).and_then(|end| buf.get(start..end)) else { return };
    let data_len = (u16::from_ne_bytes([outer[0], outer[1]]) as usize + 3) & !3;
    close_nest(buf, start, tail);
    if let Some(inner) = start.checked_add(data_len) {
        close_nest(buf, inner, tail);
    }
}

/// Sets flag bits in the type of the attribute header at `at`, if it lies inside `buf`.
pub fn or_type(buf: &mut [u8], at: usize, bits: u16) -> bool {
    match at.checked_add(4).and_then(|end| buf.get_mut(at + 2..end)) {
        Some(ty) => {
            let v = u16::from_ne_bytes([ty[0], ty[1]]) | bits;
            ty.copy_from_slice(&v.to_ne_bytes());
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_ne_bytes([b[at], b[at + 1]])
    }

    #[test]
    fn attr_goes_at_the_aligned_tail() {
        let mut buf = [0xaau8; 32];
        let end = append_attr(&mut buf, 17, 3, &[1, 2, 3, 4, 5]).unwrap();
        assert_eq!(end, 20 + 12);
        assert_eq!(u16_at(&buf, 20), 9);
        assert_eq!(u16_at(&buf, 22), 3);
        assert_eq!(&buf[24..29], &[1, 2, 3, 4, 5]);
        // Padding before (17..20) and after (29..32) is untouched.
        assert_eq!(&buf[17..20], &[0xaa; 3]);
        assert_eq!(&buf[29..32], &[0xaa; 3]);
    }

    #[test]
    fn bound_edges() {
        let mut buf = [0u8; 24];
        // 16 + RTA_ALIGN(4 + 4) = 24: exact fit.
        assert_eq!(append_attr(&mut buf, 16, 1, &[0; 4]), Ok(24));
        // One more byte of payload needs 28.
        assert_eq!(append_attr(&mut buf, 16, 1, &[0; 5]), Err(Overflow));
        // A length that would wrap 32-bit arithmetic is an overflow, not a write at 0.
        assert_eq!(append_attr(&mut buf, u32::MAX - 1, 1, &[]), Err(Overflow));
    }

    #[test]
    fn raw_zero_fills_padding() {
        let mut buf = [0xaau8; 24];
        assert_eq!(append_raw(&mut buf, 16, &[7, 7, 7, 7, 7]), Ok(24));
        assert_eq!(&buf[16..24], &[7, 7, 7, 7, 7, 0, 0, 0]);
        assert_eq!(append_raw(&mut buf, 16, &[0; 9]), Err(Overflow));
    }

    #[test]
    fn nests_close_only_inside_the_message() {
        let mut buf = [0u8; 16];
        assert!(close_nest(&mut buf, 4, 16));
        assert_eq!(u16_at(&buf, 4), 12);
        assert!(!close_nest(&mut buf, 16, 16));
        assert!(!close_nest(&mut buf, 14, 16));
        assert!(!close_nest(&mut buf, usize::MAX, 16));
        assert!(or_type(&mut buf, 4, 0x8000));
        assert_eq!(u16_at(&buf, 6), 0x8000);
        assert!(!or_type(&mut buf, 14, 0x8000));
    }

    #[test]
    fn compat_nests_close_both_headers() {
        // The data attribute (4-byte header, 6 bytes of data: rta_len 10, padded to 12) at 0,
        // the inner nest's header at 12, one nested attribute of 8 bytes at 16: tail 24.
        let mut buf = [0u8; 24];
        buf[0..2].copy_from_slice(&10u16.to_ne_bytes());
        buf[12..14].copy_from_slice(&4u16.to_ne_bytes());
        buf[16..18].copy_from_slice(&8u16.to_ne_bytes());
        close_compat_nest(&mut buf, 0, 24);
        assert_eq!((u16_at(&buf, 0), u16_at(&buf, 12)), (24, 12));
        // Without room for the inner header only the outer one is closed.
        let mut buf = [0u8; 24];
        buf[0..2].copy_from_slice(&10u16.to_ne_bytes());
        close_compat_nest(&mut buf, 0, 12);
        assert_eq!((u16_at(&buf, 0), u16_at(&buf, 12)), (12, 0));
        // A start outside the message does nothing.
        let mut buf = [0u8; 8];
        close_compat_nest(&mut buf, 7, 8);
        close_compat_nest(&mut buf, usize::MAX, 8);
        assert_eq!(buf, [0; 8]);
    }
}
