//! `parse_rtattr`'s fast path: a run of attributes stored into a caller's table of pointers.
//!
//! This runs once per dumped object (31 entries for a route, 66 for a link), so it is written
//! for the instruction count: [`clear`] zeroes the table with wide stores and no `memset` call,
//! and [`parse_into`] walks the attributes with a pointer instead of going through
//! [`parse::parse_into`]'s slices. It makes exactly the same decisions as that slice walk (the
//! reference): `walk_matches_the_slice_walk` below compares the two on a sweep of hand-made
//! cases, and the `parse` fuzz target on every input, through the exported functions.
//!
//! The table is a slice; the attributes are the one raw pointer, because the entries stored
//! are pointers into the caller's buffer that the caller writes through later. Nothing here
//! can panic: no indexing, `unwrap` or slicing, and arithmetic that cannot overflow (see each
//! function), so the C functions call it without a `catch_unwind` frame.
//!
//! [`parse::parse_into`]: super::parse::parse_into

use super::parse::Deficit;
use crate::wire::{rtattr, RTA_HDRLEN};

/// Sets every entry of `tb` to NULL (all-zero bytes) with 16-byte stores and no call. Calling
/// `memset` for a table of a few dozen pointers would cost as much as the clear itself, and
/// would make `parse_rtattr` a function that saves and restores the registers its walk uses.
/// From 128 bytes up the table is cleared in 128-byte blocks, the last two overlapping; below
/// that with stores from both ends that overlap in the middle, down to 8- and 4-byte stores:
/// the table's size is a multiple of the pointer size, so with 4-byte pointers (i686, armv7)
/// it can be 4 or 12 bytes, and every multiple of 4 is covered.
#[inline(always)]
pub fn clear(tb: &mut [*mut rtattr]) {
    use core::sync::atomic::{compiler_fence, Ordering};
    /// Stores `N` zeroed 16-byte blocks from `p`.
    ///
    /// # Safety
    /// `[p, p + 16 * N)` is writable.
    #[inline(always)]
    unsafe fn zero<const N: usize>(p: *mut u8) {
        for i in 0..N {
            // SAFETY: inside `[p, p + 16 * N)` (contract); unaligned stores.
            unsafe { p.add(16 * i).cast::<u128>().write_unaligned(0) };
        }
    }
    // The size of a slice in bytes fits in an isize: no overflow.
    let n = core::mem::size_of_val(tb);
    let p = tb.as_mut_ptr().cast::<u8>();
    // SAFETY (every store): `[p, p + n)` is the table, borrowed mutably; each store below
    // lies inside it, by the size test before it (`n` is a multiple of the pointer size, so
    // of 4; below 4 it is 0 and nothing is stored).
    unsafe {
        if n >= 128 {
            // Up to 256 bytes (routes: 248) without a loop.
            let mut at = 0;
            while at + 256 < n {
                // No code: it keeps LLVM's loop-idiom pass from turning this loop back into
                // the `memset` call it is here to avoid.
                compiler_fence(Ordering::SeqCst);
                zero::<8>(p.add(at));
                at += 128;
            }
            zero::<8>(p.add(at));
            zero::<8>(p.add(n - 128));
        } else if n >= 64 {
            zero::<4>(p);
            zero::<4>(p.add(n - 64));
        } else if n >= 32 {
            zero::<2>(p);
            zero::<2>(p.add(n - 32));
        } else if n >= 16 {
            zero::<1>(p);
            zero::<1>(p.add(n - 16));
        } else if n >= 8 {
            // 8 (one 64-bit pointer, two 32-bit ones) or 12 (three 32-bit ones).
            p.cast::<u64>().write_unaligned(0);
            p.add(n - 8).cast::<u64>().write_unaligned(0);
        } else if n >= 4 {
            // One 32-bit pointer (with 64-bit pointers `n` is 0 or 8 here: never taken).
            p.cast::<u32>().write_unaligned(0);
        }
    }
}

/// `parse_rtattr_flags` into a table that [`clear`] has cleared: for each attribute of the
/// `len` bytes at `rta` that `RTA_OK` accepts, `type = rta_type & !flags`; the first of each
/// type below `tb.len()` is stored (a pointer to its header, derived from `rta`). Returns the
/// deficit, if any. A negative `len` reads nothing and is its own deficit.
///
/// No overflow: `rem` starts in `i32` range and each step takes off at most 65,538 from a
/// value `>= 4`.
///
/// # Safety
/// `rta` has `len` readable bytes when `len >= 0` (it may be anything when `len < 0`).
#[inline(always)]
pub unsafe fn parse_into(tb: &mut [*mut rtattr], rta: *mut rtattr, len: i32, flags: u16) -> Option<Deficit> {
    let mut p = rta.cast::<u8>().cast_const();
    // The remaining length minus a header: the loop runs while a header fits (`rem4 >= 0`).
    let mut rem4 = len as isize - RTA_HDRLEN as isize;
    // SAFETY (the whole loop): the caller's `len` bytes from `rta` are readable. Invariant:
    // `[p, p + rem4 + 4)` is the unread tail of them whenever `rem4 >= -4` (it starts as all
    // of them; each step moves `p` forward by exactly what it takes off `rem4`). The loop
    // reads only while `rem4 >= 0`, and only the 4 header bytes at `p`; `p` may move up to 3
    // bytes past the end after an unpadded last attribute (then `rem4 < -4` and nothing more
    // is read), so it moves with `wrapping_add`.
    while rem4 >= 0 {
        // SAFETY: `rem4 >= 0`: the 4 header bytes at `p` are unread bytes of `rta` (invariant).
        let rta_len = unsafe { p.cast::<u16>().read_unaligned() } as usize;
        // RTA_OK: `4 <= rta_len <= rem`, as one unsigned compare.
        if rta_len.wrapping_sub(RTA_HDRLEN) > rem4 as usize {
            break;
        }
        // SAFETY: as above, the same header.
        let ty = (unsafe { p.add(2).cast::<u16>().read_unaligned() } & !flags) as usize;
        if let Some(entry) = tb.get_mut(ty) {
            if entry.is_null() {
                *entry = p.cast_mut().cast();
            }
        }
        let step = (rta_len + 3) & !3;
        p = p.wrapping_add(step);
        rem4 -= step as isize;
    }
    let rem = rem4 + RTA_HDRLEN as isize;
    if rem == 0 {
        return None;
    }
    // SAFETY: `[p, p + rem)` is the unread tail when `rem >= 0` (invariant above).
    Some(unsafe { deficit_at(p, rem) })
}

/// The deficit of a walk that stopped at `p` with `rem` bytes unaccounted for: the header's
/// `rta_len` is reported when both of its bytes are inside.
///
/// # Safety
/// When `rem >= 2`, `[p, p + 2)` is readable.
#[cold]
#[inline(never)]
unsafe fn deficit_at(p: *const u8, rem: isize) -> Deficit {
    // SAFETY: `rem >= 2` (caller's contract).
    let rta_len = (rem >= 2).then(|| unsafe { p.cast::<u16>().read_unaligned() });
    Deficit { len: rem as i32, rta_len }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attr::parse;
    use crate::wire::NLA_F_NESTED;
    use core::ptr;

    /// The pointer walk against the slice walk of `parse::parse_into` (the reference), on
    /// well-formed, truncated, unpadded and garbage runs of attributes.
    #[test]
    fn walk_matches_the_slice_walk() {
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15u64);
        for case in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 6 {
                let payload = (next() % 9) as usize;
                let ty = match next() % 4 {
                    0 => (next() % 40) as u16,
                    1 => 0x8000 | (next() % 8) as u16,
                    _ => (next() % 8) as u16,
                };
                let rta_len = match next() % 10 {
                    0 => (next() % 70) as u16,
                    _ => (4 + payload) as u16,
                };
                bytes.extend_from_slice(&rta_len.to_ne_bytes());
                bytes.extend_from_slice(&ty.to_ne_bytes());
                bytes.extend((0..payload).map(|_| next() as u8));
                if next() % 4 != 0 {
                    while bytes.len() % 4 != 0 {
                        bytes.push(0);
                    }
                }
            }
            let cut = (next() % 3) as usize;
            let len = bytes.len().saturating_sub(cut) as i32;
            let len = if case % 97 == 0 { -(case % 5) } else { len };
            let max = (next() % 12) as i32 - 1;
            let flags = if next() % 3 == 0 { NLA_F_NESTED } else { 0 };
            let base = bytes.as_mut_ptr();
            let n = if max < 0 { 0 } else { max as usize + 1 };
            let mut fast = vec![base.cast::<rtattr>(); 12];
            clear(&mut fast[..n]);
            let fast_deficit = unsafe { parse_into(&mut fast[..n], base.cast(), len, flags) };
            let mut slow = vec![base.cast::<rtattr>(); 12];
            let buf = if len < 0 { &bytes[..0] } else { &bytes[..len as usize] };
            let slot = |at: usize| base.wrapping_add(at).cast::<rtattr>();
            let slow_deficit = parse::parse_into(buf, len, flags, &mut slow[..n], ptr::null_mut(), slot);
            let what = format!("case {case}: {bytes:?} len {len} max {max} flags {flags:#x}");
            assert_eq!(fast, slow, "{what}");
            assert_eq!(fast_deficit, slow_deficit, "{what}");
        }
    }

    /// `clear` clears exactly its entries, at every table size and alignment that its size
    /// classes and block loop distinguish, and nothing around them. The marker fills a
    /// pointer of any width (0x5a in every byte).
    #[test]
    fn clear_clears_exactly_its_entries() {
        let marker = (usize::MAX / 0xff * 0x5a) as *mut rtattr;
        for entries in 0..=200usize {
            // Two guard entries on each side; the table starts at a pointer boundary that is
            // a 16-byte one or not (on 32-bit targets: at each of the four 4-byte offsets).
            for skew in 2..6 {
                let mut v = vec![marker; entries + 8];
                clear(&mut v[skew..skew + entries]);
                for (i, e) in v.iter().enumerate() {
                    let inside = (skew..skew + entries).contains(&i);
                    assert_eq!(e.is_null(), inside, "entries {entries}, skew {skew}, index {i}");
                    if !inside {
                        assert_eq!(*e, marker, "entries {entries}, skew {skew}, index {i}");
                    }
                }
            }
        }
    }
}
