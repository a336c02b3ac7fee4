//! Extended ACK TLVs (spec 3.6), parsed natively as iproute2 does when built with libmnl.
//!
//! An NLMSG_ERROR with `NLM_F_ACK_TLVS` carries attributes after the `struct nlmsgerr` (and,
//! unless `NLM_F_CAPPED`, after the echoed request); an NLMSG_DONE carries them after its
//! `int`. This module finds and validates them over the message bytes and says what to print;
//! it never reads outside the slice it is given.

use crate::macros::align4;
use crate::wire::NLMSG_HDRLEN;

pub const NLM_F_CAPPED: u16 = 0x100;
pub const NLM_F_ACK_TLVS: u16 = 0x200;
pub const NLMSGERR_ATTR_MSG: u16 = 1;
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;
/// The highest attribute type iproute2 (and this UAPI) knows; a higher one aborts the parse.
pub const NLMSGERR_ATTR_MAX: u16 = 6;
/// `sizeof(struct nlmsgerr)`: the error code and the request's header.
pub const NLMSGERR_LEN: usize = 4 + NLMSG_HDRLEN;
const NLA_TYPE_MASK: u16 = !(0x8000 | 0x4000);

/// Why a TLV parse was abandoned; each has its stderr text. The function then returns 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// A type above [`NLMSGERR_ATTR_MAX`]: `Invalid extack attribute`.
    UnknownType,
    /// MSG not a non-empty NUL-terminated string, or OFFS/MISS_TYPE not exactly 4 bytes:
    /// `extack attribute %d failed validation`.
    FailedValidation(u16),
}

/// The attributes that matter, as offsets into the message and values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tlvs {
    /// Offset and length (up to its first NUL) of the MSG string; a NUL ends the attribute
    /// inside the message, so the text is a valid C string there.
    pub msg: Option<(usize, usize)>,
    pub offs: Option<u32>,
    pub miss_type: Option<u32>,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// `nlmsg_len` bounded by the bytes that are really there.
fn message_end(msg: &[u8]) -> usize {
    if msg.len() < 4 {
        return msg.len();
    }
    (align4(u32_at(msg, 0)) as usize).min(msg.len())
}

/// Walks the attributes in `msg[start..end]` as libmnl's parser does (stopping silently at
/// the first one that does not fit) and validates the known types. A later duplicate
/// replaces an earlier one.
pub fn parse_tlvs(msg: &[u8], start: usize) -> Result<Tlvs, Invalid> {
    let end = message_end(msg);
    let mut tlvs = Tlvs::default();
    let mut at = start;
    // `start` may lie anywhere up to `usize::MAX` (an echoed request claiming nearly 4 GiB
    // puts it there on a 32-bit target), so the room left is a checked subtraction: `at + 4`
    // would wrap to a small number and index far outside the message.
    while let Some(room) = end.checked_sub(at).filter(|&r| r >= 4) {
        let len = u16_at(msg, at) as usize;
        if len < 4 || len > room {
            break;
        }
        let ty = u16_at(msg, at + 2) & NLA_TYPE_MASK;
        if ty > NLMSGERR_ATTR_MAX {
            return Err(Invalid::UnknownType);
        }
        let payload = &msg[at + 4..at + len];
        match ty {
            NLMSGERR_ATTR_MSG => match payload.last() {
                // The text is a C string: it ends at its first NUL.
                Some(0) => tlvs.msg = Some((at + 4, payload.iter().position(|&c| c == 0).unwrap_or(0))),
                _ => return Err(Invalid::FailedValidation(ty)),
            },
            NLMSGERR_ATTR_OFFS | NLMSGERR_ATTR_MISS_TYPE => {
                if payload.len() != 4 {
                    return Err(Invalid::FailedValidation(ty));
                }
                let v = u32_at(payload, 0);
                if ty == NLMSGERR_ATTR_OFFS {
                    tlvs.offs = Some(v);
                } else {
                    tlvs.miss_type = Some(v);
                }
            }
            _ => {}
        }
        at += align4(len as u32) as usize;
    }
    Ok(tlvs)
}

/// Where an NLMSG_ERROR's TLVs start, or None when it has none to parse (no
/// `NLM_F_ACK_TLVS`, or too short to hold a `struct nlmsgerr`).
pub fn error_tlv_start(msg: &[u8]) -> Option<usize> {
    if message_end(msg) < NLMSG_HDRLEN + NLMSGERR_LEN {
        return None;
    }
    let flags = u16_at(msg, 6);
    if flags & NLM_F_ACK_TLVS == 0 {
        return None;
    }
    let mut hlen = NLMSGERR_LEN as u64;
    if flags & NLM_F_CAPPED == 0 {
        // The echoed request's payload follows its header inside the nlmsgerr.
        hlen += (u32_at(msg, NLMSG_HDRLEN + 4) as u64).saturating_sub(NLMSG_HDRLEN as u64);
    }
    let start = NLMSG_HDRLEN as u64 + ((hlen + 3) & !3);
    Some(usize::try_from(start).unwrap_or(usize::MAX))
}

/// The error code of an NLMSG_ERROR that holds a whole `struct nlmsgerr`.
pub fn error_code(msg: &[u8]) -> Option<i32> {
    (message_end(msg) >= NLMSG_HDRLEN + NLMSGERR_LEN).then(|| u32_at(msg, NLMSG_HDRLEN) as i32)
}

/// What `nl_dump_ext_ack` found in an NLMSG_ERROR, before any callback runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckReport {
    /// No TLVs to look at: return 0, print nothing.
    Nothing,
    /// The parse was abandoned: print its text, return 0.
    Invalid(Invalid),
    /// Parsed: `off` (0 when absent or invalid), whether OFFS pointed past the message
    /// (print `Invalid offset for NLMSGERR_ATTR_OFFS`), whether the echoed request can be
    /// handed to a callback (not capped and a valid OFFS), and the TLVs.
    Parsed { tlvs: Tlvs, off: u32, bad_offset: bool, inner: bool, is_error: bool },
}

/// Runs steps 1-6 of `nl_dump_ext_ack` over an NLMSG_ERROR message.
pub fn examine_ack(msg: &[u8]) -> AckReport {
    let Some(start) = error_tlv_start(msg) else { return AckReport::Nothing };
    let tlvs = match parse_tlvs(msg, start) {
        Ok(t) => t,
        Err(e) => return AckReport::Invalid(e),
    };
    let nlmsg_len = u32_at(msg, 0);
    let capped = u16_at(msg, 6) & NLM_F_CAPPED != 0;
    let (off, bad_offset, inner) = match tlvs.offs {
        Some(o) if o > nlmsg_len => (0, true, false),
        Some(o) => (o, false, !capped),
        None => (0, false, false),
    };
    let is_error = error_code(msg).unwrap_or(0) != 0;
    AckReport::Parsed { tlvs, off, bad_offset, inner, is_error }
}

/// The `Error: …` / `Warning: …` line for a message text (without NUL): a `.` is added
/// unless the text ends with one. None for an empty text.
pub fn message_line(text: &[u8], is_error: bool) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let body = String::from_utf8_lossy(text);
    let dot = if text.ends_with(b".") { "" } else { "." };
    Some(format!("{}: {body}{dot}\n", if is_error { "Error" } else { "Warning" }))
}

/// The MSG text of a parsed TLV set, as bytes without the NUL.
pub fn msg_text<'a>(msg: &'a [u8], tlvs: &Tlvs) -> Option<&'a [u8]> {
    tlvs.msg.map(|(at, len)| &msg[at..at + len])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An NLMSG_ERROR with `error`, the echoed request header (`inner_len`, and
    /// `inner_payload` bytes of it unless capped), and the given TLVs.
    pub(crate) fn error_msg(error: i32, flags: u16, inner_len: u32, inner_payload: usize, tlvs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut m = vec![0u8; 16];
        m[4..6].copy_from_slice(&2u16.to_ne_bytes());
        m[6..8].copy_from_slice(&flags.to_ne_bytes());
        m.extend_from_slice(&error.to_ne_bytes());
        let mut inner = vec![0u8; 16];
        inner[0..4].copy_from_slice(&inner_len.to_ne_bytes());
        m.extend_from_slice(&inner);
        m.extend(std::iter::repeat(0xab).take(inner_payload));
        while m.len() % 4 != 0 {
            m.push(0);
        }
        for (ty, payload) in tlvs {
            m.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
            m.extend_from_slice(&ty.to_ne_bytes());
            m.extend_from_slice(payload);
            while m.len() % 4 != 0 {
                m.push(0);
            }
        }
        let len = m.len() as u32;
        m[0..4].copy_from_slice(&len.to_ne_bytes());
        m
    }

    #[test]
    fn uncapped_error_skips_the_echoed_request() {
        let m = error_msg(-22, NLM_F_ACK_TLVS, 24, 8, &[(1, b"bad thing\0"), (2, &20u32.to_ne_bytes())]);
        match examine_ack(&m) {
            AckReport::Parsed { tlvs, off, bad_offset, inner, is_error } => {
                assert_eq!(msg_text(&m, &tlvs), Some(&b"bad thing"[..]));
                assert_eq!((off, bad_offset, inner, is_error), (20, false, true, true));
            }
            r => panic!("{r:?}"),
        }
        assert_eq!(message_line(b"bad thing", true).unwrap(), "Error: bad thing.\n");
        assert_eq!(message_line(b"done.", false).unwrap(), "Warning: done.\n");
        assert_eq!(message_line(b"", false), None);
    }

    #[test]
    fn capped_and_flagless() {
        let m = error_msg(0, NLM_F_ACK_TLVS | NLM_F_CAPPED, 100, 0, &[(1, b"w\0")]);
        assert!(matches!(examine_ack(&m), AckReport::Parsed { is_error: false, inner: false, .. }));
        let m = error_msg(0, 0, 100, 0, &[(1, b"w\0")]);
        assert_eq!(examine_ack(&m), AckReport::Nothing);
    }

    #[test]
    fn validation_failures() {
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(7, b"")]);
        assert_eq!(examine_ack(&m), AckReport::Invalid(Invalid::UnknownType));
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(1, b"no nul")]);
        assert_eq!(examine_ack(&m), AckReport::Invalid(Invalid::FailedValidation(1)));
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(1, b"")]);
        assert_eq!(examine_ack(&m), AckReport::Invalid(Invalid::FailedValidation(1)));
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(2, b"\x01\x02")]);
        assert_eq!(examine_ack(&m), AckReport::Invalid(Invalid::FailedValidation(2)));
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(5, &7u32.to_ne_bytes())]);
        assert!(matches!(examine_ack(&m), AckReport::Parsed { tlvs: Tlvs { miss_type: Some(7), .. }, .. }));
    }

    #[test]
    fn offsets_past_the_message_and_bogus_lengths() {
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(2, &5000u32.to_ne_bytes())]);
        assert!(matches!(examine_ack(&m), AckReport::Parsed { off: 0, bad_offset: true, .. }));
        // An echoed request claiming 4 GiB puts the TLVs past the end: nothing is read.
        let m = error_msg(-1, NLM_F_ACK_TLVS, u32::MAX, 0, &[(1, b"x\0")]);
        assert!(matches!(examine_ack(&m), AckReport::Parsed { tlvs: Tlvs { msg: None, .. }, .. }));
        // An attribute longer than the message stops the walk silently.
        let mut m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(1, b"x\0")]);
        m[36] = 200;
        assert!(matches!(examine_ack(&m), AckReport::Parsed { tlvs: Tlvs { msg: None, .. }, .. }));
        // Truncated to less than an nlmsgerr.
        assert_eq!(examine_ack(&m[..30]), AckReport::Nothing);
        assert_eq!(examine_ack(&[]), AckReport::Nothing);
    }

    /// Echoed request lengths in the top 256 values of u32 put the TLVs 2^32 bytes or so past
    /// the start: nothing is parsed. On a 32-bit target the start offset is then just below
    /// `usize::MAX` (or saturated to it), and the walk must not wrap it back into the message.
    #[test]
    fn echoed_lengths_near_4_gib_never_wrap() {
        let offs = 8u32.to_ne_bytes();
        for inner_len in u32::MAX - 255..=u32::MAX {
            let m = error_msg(-1, NLM_F_ACK_TLVS, inner_len, 0, &[(1, b"x\0"), (2, &offs)]);
            let want = AckReport::Parsed { tlvs: Tlvs::default(), off: 0, bad_offset: false, inner: false, is_error: true };
            assert_eq!(examine_ack(&m), want, "echoed nlmsg_len {inner_len:#x}");
        }
        // The walk itself, from starts at the top of the address range.
        let m = error_msg(-1, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(1, b"x\0")]);
        for start in (0..64).map(|k| usize::MAX - k).chain([u32::MAX as usize, m.len(), m.len() + 1]) {
            assert_eq!(parse_tlvs(&m, start), Ok(Tlvs::default()), "start {start:#x}");
        }
    }
}
