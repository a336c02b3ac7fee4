//! Walking a run of attributes with `RTA_OK`/`RTA_NEXT` semantics, never outside the bytes
//! given.
//!
//! The walk keeps the macros' signed remaining length, so where it stops and the `len` it
//! reports as a deficit are exactly iproute2's (including the -1..-3 left after an unpadded
//! last attribute). Only the `rta_len` it reports differs when that field lies outside the
//! buffer: iproute2 reads past the end there; this reports `None`.

use crate::macros;
use crate::wire::RTA_HDRLEN;

/// Where a walk stopped with bytes unaccounted for: the remaining length (as `RTA_NEXT` left
/// it) and the `rta_len` of the attribute header at the stopping point, if it lies inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deficit {
    pub len: i32,
    pub rta_len: Option<u16>,
}

#[inline]
fn u16_at(buf: &[u8], at: usize) -> Option<u16> {
    let b = buf.get(at..at.checked_add(2)?)?;
    Some(u16::from_ne_bytes([b[0], b[1]]))
}

/// Calls `visit(offset, rta_len, rta_type)` for each attribute that `RTA_OK` accepts, walking
/// `buf` as a C caller's `(rta, len)` with `len = buf.len()`, or `len` itself when it is
/// negative (then `buf` is empty and nothing is visited). `visit` returns false to stop early.
///
/// Returns `Ok(None)` when the walk consumed everything, `Ok(Some(deficit))` when it ended with
/// a non-zero remaining length, and `Err(offset)` when `visit` stopped it at `offset`.
///
/// The walk keeps the unread bytes as a slice (`rest`), so `RTA_OK`'s "at least a header and
/// no more than what remains" is a slice-length check and the header reads need no further
/// bounds checks: this loop runs for every attribute of every dumped object.
#[inline]
pub fn walk(buf: &[u8], len: i32, mut visit: impl FnMut(usize, u16, u16) -> bool) -> Result<Option<Deficit>, usize> {
    debug_assert!(len < 0 || len as usize == buf.len());
    if len < 0 {
        return Ok(Some(Deficit { len, rta_len: None }));
    }
    let mut rest = buf;
    while let [l0, l1, t0, t1, ..] = *rest {
        let rta_len = u16::from_ne_bytes([l0, l1]);
        let size = rta_len as usize;
        if size < RTA_HDRLEN || size > rest.len() {
            break;
        }
        let at = buf.len() - rest.len();
        if !visit(at, rta_len, u16::from_ne_bytes([t0, t1])) {
            return Err(at);
        }
        // RTA_NEXT: an unpadded last attribute leaves the length at -1..-3, and the next
        // header (whose rta_len iproute2 would print) lies outside.
        let step = (size + 3) & !3;
        match rest.get(step..) {
            Some(r) => rest = r,
            None => return Ok(Some(Deficit { len: rest.len() as i32 - step as i32, rta_len: None })),
        }
    }
    Ok(match rest {
        [] => None,
        [l0, l1, ..] => Some(Deficit { len: rest.len() as i32, rta_len: Some(u16::from_ne_bytes([*l0, *l1])) }),
        [_] => Some(Deficit { len: 1, rta_len: None }),
    })
}

/// `parse_rtattr_flags` into a table: for each attribute, `type = rta_type & !flags`; the
/// first attribute of each type below `tb.len()` is stored as `slot(offset)` into a `tb`
/// entry that is still `empty` (so the first of duplicates wins). The table is cleared first.
/// Returns the deficit, if any.
#[inline]
pub fn parse_into<P: Copy + PartialEq>(
    buf: &[u8],
    len: i32,
    flags: u16,
    tb: &mut [P],
    empty: P,
    slot: impl Fn(usize) -> P,
) -> Option<Deficit> {
    tb.fill(empty);
    let walked = walk(buf, len, |at, _len, rta_type| {
        if let Some(entry) = tb.get_mut((rta_type & !flags) as usize) {
            if *entry == empty {
                *entry = slot(at);
            }
        }
        true
    });
    walked.unwrap_or(None)
}

/// `parse_rtattr_one`: the offset of the first attribute whose type is exactly `ty`, or the
/// deficit left by a walk that found none.
pub fn find_one(buf: &[u8], len: i32, ty: i32) -> Result<usize, Option<Deficit>> {
    match walk(buf, len, |_, _, rta_type| rta_type as i32 != ty) {
        Err(at) => Ok(at),
        Ok(deficit) => Err(deficit),
    }
}

/// What `__parse_rtattr_nested_compat` does with an attribute whose payload should start with
/// `len` bytes of fixed data, optionally followed by a nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compat {
    /// The payload is shorter than `len` (or `len` is negative, or the header is broken):
    /// return -1 and leave the table alone.
    TooShort,
    /// No room for a nest after the data: clear the table, return 0.
    NoNest,
    /// Parse the nest's payload: `buf[start..start + len]` (as a C `len`, maybe negative).
    Nest { start: usize, len: i32 },
}

/// Classifies a compat-nested attribute. `attr` is the whole attribute as far as its
/// `rta_len` and the caller's buffer agree (header included).
pub fn compat_nest(attr: &[u8], len: i32) -> Compat {
    let Some(rta_len) = u16_at(attr, 0) else { return Compat::TooShort };
    if (rta_len as usize) < RTA_HDRLEN || len < 0 {
        return Compat::TooShort;
    }
    let payload = rta_len as i64 - RTA_HDRLEN as i64;
    if payload < len as i64 {
        return Compat::TooShort;
    }
    let aligned = macros::rta_align(len as u32) as i64;
    if payload < aligned + RTA_HDRLEN as i64 {
        return Compat::NoNest;
    }
    // The inner nest header; its payload is bounded by what the outer attribute holds.
    let inner = RTA_HDRLEN + aligned as usize;
    let inner_len = u16_at(attr, inner).unwrap_or(0) as i64 - RTA_HDRLEN as i64;
    let room = attr.len() as i64 - (inner + RTA_HDRLEN) as i64;
    let len = if inner_len > room { room } else { inner_len };
    Compat::Nest { start: inner + RTA_HDRLEN, len: len as i32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    /// A bare attribute header, in host order as netlink has it.
    fn header(rta_len: u16, rta_type: u16) -> Vec<u8> {
        [rta_len.to_ne_bytes(), rta_type.to_ne_bytes()].concat()
    }

    fn parse(buf: &[u8], max: usize, flags: u16) -> (Vec<Option<usize>>, Option<Deficit>) {
        let mut tb = vec![Some(usize::MAX); max + 1];
        let d = parse_into(buf, buf.len() as i32, flags, &mut tb, None, Some);
        (tb, d)
    }

    #[test]
    fn first_duplicate_wins_and_high_types_are_ignored() {
        let mut b = attr(1, &[1, 0, 0, 0]);
        b.extend(attr(1, &[2, 0, 0, 0]));
        b.extend(attr(9, &[]));
        b.extend(attr(2, &[]));
        let (tb, d) = parse(&b, 3, 0);
        assert_eq!(tb, vec![None, Some(0), Some(20), None]);
        assert_eq!(d, None);
    }

    #[test]
    fn only_given_flag_bits_are_masked() {
        let mut b = attr(0x8001, &[]);
        b.extend(attr(0x4002, &[]));
        let (tb, _) = parse(&b, 3, 0);
        assert_eq!(tb, vec![None; 4]);
        let (tb, _) = parse(&b, 3, 0x8000);
        assert_eq!(tb, vec![None, Some(0), None, None]);
    }

    #[test]
    fn deficits() {
        // Unpadded last attribute: len ends at -3 and the stopping header is outside.
        let mut b = attr(1, &[]);
        b.extend_from_slice(&5u16.to_ne_bytes());
        b.extend_from_slice(&2u16.to_ne_bytes());
        b.push(0xee);
        let (tb, d) = parse(&b, 3, 0);
        assert_eq!(tb[2], Some(4));
        assert_eq!(d, Some(Deficit { len: -3, rta_len: None }));
        // rta_len < 4 stops the walk with the real header visible.
        let mut b = attr(1, &[]);
        b.extend(header(2, 1));
        assert_eq!(parse(&b, 3, 0).1, Some(Deficit { len: 4, rta_len: Some(2) }));
        // Truncated last attribute (claims more than remains).
        let mut b = attr(1, &[]);
        b.extend(header(40, 1));
        b.extend_from_slice(&[0, 0]);
        assert_eq!(parse(&b, 3, 0).1, Some(Deficit { len: 6, rta_len: Some(40) }));
        // A single stray byte: rta_len cannot be read.
        assert_eq!(parse(&[7], 3, 0).1, Some(Deficit { len: 1, rta_len: None }));
        // Negative len: nothing visited, deficit reported, nothing read.
        let mut tb = [Some(1usize); 4];
        assert_eq!(parse_into(&[], -5, 0, &mut tb, None, Some), Some(Deficit { len: -5, rta_len: None }));
        assert_eq!(tb, [None; 4]);
        assert_eq!(parse(&[], 3, 0).1, None);
    }

    #[test]
    fn find_one_is_exact() {
        let mut b = attr(0x8001, &[]);
        b.extend(attr(1, &[]));
        assert_eq!(find_one(&b, b.len() as i32, 1), Ok(4));
        assert_eq!(find_one(&b, b.len() as i32, 0x8001), Ok(0));
        assert_eq!(find_one(&b, b.len() as i32, 0x10001), Err(None));
    }

    #[test]
    fn compat_nests() {
        // payload 8 = data(6, aligned 8) only: no nest.
        let a = attr(2, &[0; 8]);
        assert_eq!(compat_nest(&a, 6), Compat::NoNest);
        assert_eq!(compat_nest(&a, 9), Compat::TooShort);
        assert_eq!(compat_nest(&a, -1), Compat::TooShort);
        let mut payload = vec![0u8; 8];
        payload.extend(attr(2, &attr(5, &[1, 2, 3, 4])));
        let a = attr(2, &payload);
        assert_eq!(compat_nest(&a, 6), Compat::Nest { start: 16, len: 8 });
        // An inner nest that claims more than the outer holds is cut to what is there.
        let mut bad = a.clone();
        bad[12..14].copy_from_slice(&200u16.to_ne_bytes());
        assert_eq!(compat_nest(&bad, 6), Compat::Nest { start: 16, len: 8 });
    }
}
