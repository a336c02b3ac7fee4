//! `nl_print_policy` (iproute2 v5.10 to v6.18, in `lib/libnetlink.c` until v6.19 moved it into
//! `genl/`): one line's worth of text for a `CTRL_ATTR_POLICY` nest, as `genl ctrl policy`
//! prints it. Nothing is read outside the attribute's `rta_len` bytes: a value attribute
//! shorter than its value is read as far as the outer attribute goes (iproute2 reads on
//! regardless), with zeros beyond it.

use crate::attr::parse::{self, Deficit};
use crate::wire::{NLA_F_NESTED, RTA_HDRLEN};
use core::fmt::{self, Write};

// enum netlink_policy_type_attr (<linux/netlink.h>)
const TYPE: usize = 1;
const MIN_VALUE_S: usize = 2;
const MAX_VALUE_S: usize = 3;
const MIN_VALUE_U: usize = 4;
const MAX_VALUE_U: usize = 5;
const MIN_LENGTH: usize = 6;
const MAX_LENGTH: usize = 7;
const POLICY_IDX: usize = 8;
const POLICY_MAXTYPE: usize = 9;
/// `NL_POLICY_TYPE_ATTR_MAX` of v6.1's UAPI copy: the table the nested parse fills.
const POLICY_ATTR_MAX: usize = 12;

/// The names v6.1 knows for `enum netlink_attribute_type`; anything else is `unknown`.
fn type_name(t: u32) -> &'static str {
    const NAMES: [&str; 16] = [
        "unknown", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "BINARY", "STRING", "NUL_STRING",
        "NESTED", "NESTED_ARRAY", "BITFIELD32",
    ];
    NAMES.get(t as usize).copied().unwrap_or("unknown")
}

/// The `rtattr_for_each_nested` walk over the payload of the attribute at `buf[at..at + len]`:
/// `(offset, rta_len, rta_type)` of each attribute `RTA_OK` accepts.
fn nested(buf: &[u8], at: usize, len: usize, mut visit: impl FnMut(usize, usize, u16)) {
    let Some(payload) = buf.get(at + RTA_HDRLEN..at + len) else { return };
    let _ = parse::walk(payload, payload.len() as i32, |off, l, t| {
        visit(at + RTA_HDRLEN + off, l as usize, t);
        true
    });
}

/// Writes what `nl_print_policy(attr, fp)` prints for the attribute `attr` (its `rta_len`
/// bytes, or fewer when `attr` is shorter) to `fp`; a nested parse that ends with leftovers
/// reports its `!!!Deficit` through `deficit`.
pub fn print_policy(attr: &[u8], fp: &mut impl Write, mut deficit: impl FnMut(Deficit)) -> fmt::Result {
    let [l0, l1, ..] = *attr else { return Ok(()) };
    let outer = (u16::from_ne_bytes([l0, l1]) as usize).min(attr.len());
    if outer < RTA_HDRLEN {
        return Ok(());
    }
    let buf = &attr[..outer];
    // A value at `at` (an attribute's payload), read within `buf`, zeros beyond.
    let value = |at: usize, n: usize| -> u64 {
        let mut b = [0u8; 8];
        for (i, slot) in b.iter_mut().take(n).enumerate() {
            *slot = buf.get(at + i).copied().unwrap_or(0);
        }
        if n == 4 {
            u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as u64
        } else {
            u64::from_ne_bytes(b)
        }
    };
    let mut result = Ok(());
    nested(buf, 0, outer, |pos, pos_len, pos_type| {
        if result.is_err() {
            return;
        }
        result = write!(fp, " policy[{}]:", pos_type & !NLA_F_NESTED);
        nested(buf, pos, pos_len, |a, a_len, a_type| {
            if result.is_err() {
                return;
            }
            // parse_rtattr_nested(tp, NL_POLICY_TYPE_ATTR_MAX, attr): payload offsets by type.
            let mut tp = [usize::MAX; POLICY_ATTR_MAX + 1];
            let payload = &buf[a + RTA_HDRLEN..a + a_len];
            let found = parse::parse_into(payload, payload.len() as i32, NLA_F_NESTED, &mut tp, usize::MAX, |off| {
                a + RTA_HDRLEN + off + RTA_HDRLEN
            });
            if let Some(d) = found {
                deficit(d);
            }
            let has = |i: usize| tp[i] != usize::MAX;
            let u32_of = |i: usize| value(tp[i], 4) as u32;
            let u64_of = |i: usize| value(tp[i], 8);
            result = (|| {
                if has(TYPE) {
                    write!(fp, "attr[{}]: type={}", a_type & !NLA_F_NESTED, type_name(u32_of(TYPE)))?;
                }
                if has(POLICY_IDX) {
                    write!(fp, " policy:{}", u32_of(POLICY_IDX))?;
                }
                if has(POLICY_MAXTYPE) {
                    write!(fp, " maxattr:{}", u32_of(POLICY_MAXTYPE))?;
                }
                if has(MIN_VALUE_S) && has(MAX_VALUE_S) {
                    write!(fp, " range:[{},{}]", u64_of(MIN_VALUE_S) as i64, u64_of(MAX_VALUE_S) as i64)?;
                }
                if has(MIN_VALUE_U) && has(MAX_VALUE_U) {
                    write!(fp, " range:[{},{}]", u64_of(MIN_VALUE_U), u64_of(MAX_VALUE_U))?;
                }
                if has(MIN_LENGTH) {
                    write!(fp, " min len:{}", u32_of(MIN_LENGTH))?;
                }
                if has(MAX_LENGTH) {
                    write!(fp, " max len:{}", u32_of(MAX_LENGTH))?;
                }
                Ok(())
            })();
        });
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = ((RTA_HDRLEN + payload.len()) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    fn text(a: &[u8]) -> (String, Vec<Deficit>) {
        let mut s = String::new();
        let mut d = Vec::new();
        print_policy(a, &mut s, |x| d.push(x)).unwrap();
        (s, d)
    }

    #[test]
    fn prints_each_field_like_v6_1() {
        let u32v = |t: u16, v: u32| attr(t, &v.to_ne_bytes());
        let u64v = |t: u16, v: u64| attr(t, &v.to_ne_bytes());
        let a1 = attr(1 | NLA_F_NESTED, &[u32v(1, 3), u64v(4, 0), u64v(5, 65535)].concat());
        let a2 = attr(2, &[u32v(1, 9), u64v(2, (-5i64) as u64), u64v(3, 5), u32v(8, 2), u32v(9, 4), u32v(6, 1), u32v(7, 2)].concat());
        let a3 = attr(3, &[u32v(1, 99)].concat());
        let p0 = attr(NLA_F_NESTED, &[a1, a2, a3].concat());
        let outer = attr(8, &p0);
        let (s, d) = text(&outer);
        assert_eq!(
            s,
            " policy[0]:attr[1]: type=U16 range:[0,65535]attr[2]: type=S64 policy:2 maxattr:4 range:[-5,5] min len:1 max len:2attr[3]: type=unknown"
        );
        assert!(d.is_empty());
        // Cut anywhere: never a panic, never a read beyond the slice.
        for n in 0..outer.len() {
            let mut cut = outer[..n].to_vec();
            if n >= 2 {
                cut[0..2].copy_from_slice(&(n as u16).to_ne_bytes());
            }
            let _ = text(&cut);
        }
    }
}
