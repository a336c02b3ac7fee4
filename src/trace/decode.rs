//! The netlink message decoder behind `RNETLINK_DEBUG` and `rnl_nlmsg_fprintf`: safe Rust over
//! a byte slice, writing text to any `fmt::Write`. It reads only inside the slice it is given:
//! every length (message, attribute, nexthop record) is checked against what is left before
//! it is used, and whatever does not fit is reported as malformed and not read.
//!
//! Level 1 is one line per message:
//!   `RTM_NEWROUTE len=60 flags=MULTI seq=7 pid=4242`
//! level 2 adds, indented below it, the family header's fields and every attribute by its
//! kernel name with its value (nests indented further; unknown types in hex).

use super::names::{self, lookup, Kind, Name, Space};
use crate::macros::align4;
use core::fmt::{self, Display, Write};
use core::net::{Ipv4Addr, Ipv6Addr};

pub const NETLINK_ROUTE: i32 = 0;
pub const NETLINK_GENERIC: i32 = 16;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLMSG_MIN_TYPE: u16 = 16;
const GENL_ID_CTRL: u16 = 16;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_CAPPED: u16 = 0x100;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLA_F_NESTED: u16 = 0x8000;
const NLA_TYPE_MASK: u16 = 0x3fff;
const AF_INET: u8 = 2;
const AF_BRIDGE: u8 = 7;
const AF_INET6: u8 = 10;
/// Opaque payloads are shown up to this many bytes.
pub const HEX_MAX: usize = 128;

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_ne_bytes([b[at], b[at + 1]])
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_ne_bytes(w)
}

/// A netlink message header.
#[derive(Clone, Copy)]
struct Hdr {
    len: u32,
    ty: u16,
    flags: u16,
    seq: u32,
    pid: u32,
}

impl Hdr {
    /// The header at the start of `b`, which holds at least 16 bytes.
    fn read(b: &[u8]) -> Hdr {
        Hdr { len: u32_at(b, 0), ty: u16_at(b, 4), flags: u16_at(b, 6), seq: u32_at(b, 8), pid: u32_at(b, 12) }
    }
}

// ---- value formatting ------------------------------------------------------------------

/// Bytes in hex, `0a 00 00 01`, at most [`HEX_MAX`] of them.
pub struct Hex<'a>(pub &'a [u8]);

impl Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(empty)");
        }
        for (i, b) in self.0.iter().take(HEX_MAX).enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            write!(f, "{b:02x}")?;
        }
        if self.0.len() > HEX_MAX {
            write!(f, " ... ({} bytes)", self.0.len())?;
        }
        Ok(())
    }
}

/// A string attribute, up to its first NUL, with anything unprintable escaped.
struct Text<'a>(&'a [u8]);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &c in self.0.iter().take_while(|&&c| c != 0) {
            match c {
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => f.write_char(c as char)?,
                _ => write!(f, "\\x{c:02x}")?,
            }
        }
        Ok(())
    }
}

/// A link-layer address: `00:11:22:33:44:55`.
struct Mac<'a>(&'a [u8]);

impl Display for Mac<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(empty)");
        }
        for (i, b) in self.0.iter().take(HEX_MAX).enumerate() {
            if i > 0 {
                f.write_char(':')?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// A network address of `family`; the length decides when the family does not.
struct Address<'a>(u8, &'a [u8]);

impl Display for Address<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.1;
        match (self.0, b.len()) {
            (AF_INET | AF_INET6 | 0 | AF_BRIDGE, 4) => write!(f, "{}", Ipv4Addr::new(b[0], b[1], b[2], b[3])),
            (AF_INET | AF_INET6 | 0 | AF_BRIDGE, 16) => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                write!(f, "{}", Ipv6Addr::from(a))
            }
            _ => write!(f, "{}", Hex(b)),
        }
    }
}

/// A value with a name from `table`, or the number.
struct Named(&'static [(u32, Name)], u32);

impl Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match lookup(self.0, self.1) {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.1),
        }
    }
}

/// Bits by name joined with `|`, unnamed bits in hex; `0` when none is set.
struct Bits<'a>(&'a [&'static [(u32, Name)]], u32);

impl Display for Bits<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut left = self.1;
        if left == 0 {
            return f.write_str("0");
        }
        let mut first = true;
        for table in self.0 {
            for (bits, name) in table.iter() {
                let bits = *bits;
                if bits != 0 && left & bits == bits {
                    if !first {
                        f.write_char('|')?;
                    }
                    f.write_str(name.as_str())?;
                    first = false;
                    left &= !bits;
                }
            }
        }
        if left != 0 {
            if !first {
                f.write_char('|')?;
            }
            write!(f, "{left:#x}")?;
        }
        Ok(())
    }
}

/// `-17 EEXIST (File exists)`, `0 ACK`.
struct ErrorCode(i32);

impl Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        if e == 0 {
            return f.write_str("0");
        }
        write!(f, "{e}")?;
        let code = e.unsigned_abs();
        if let Some(name) = names::errno_name(code) {
            write!(f, " {name}")?;
        }
        Ok(())
    }
}

/// strerror's text for a positive errno.
fn strerror(e: u32) -> String {
    let mut buf = [0u8; 128];
    // SAFETY: the buffer and its length are passed; XSI strerror_r writes a NUL-terminated
    // string into it (or fails and leaves it zeroed).
    let r = unsafe { libc::strerror_r(e as i32, buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return format!("error {e}");
    }
    let end = buf.iter().position(|&c| c == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

/// The message type: `RTM_NEWROUTE`, `NLMSG_DONE`, `GENL_ID_CTRL CTRL_CMD_GETFAMILY`, `type=28`.
struct MsgType<'a> {
    proto: i32,
    ty: u16,
    payload: &'a [u8],
}

impl Display for MsgType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ty = self.ty as u32;
        if let Some(n) = lookup(names::NLMSG_TYPES, ty) {
            return f.write_str(n);
        }
        match self.proto {
            NETLINK_ROUTE => match lookup(names::RTM_TYPES, ty) {
                Some(n) => f.write_str(n),
                None => write!(f, "type={ty}"),
            },
            NETLINK_GENERIC if self.ty == GENL_ID_CTRL => {
                f.write_str("GENL_ID_CTRL")?;
                match self.payload.first() {
                    Some(&cmd) => write!(f, " {}", Named(names::CTRL_CMDS, cmd as u32)),
                    None => Ok(()),
                }
            }
            _ => write!(f, "type={ty}"),
        }
    }
}

/// What the request-modifier bits (0x100-0x800) mean for a message of this type.
fn modifier_flags(proto: i32, ty: u16, flags: u16) -> &'static [(u32, Name)] {
    if ty == NLMSG_ERROR || ty == NLMSG_DONE {
        return names::NLM_F_ACKFLAGS;
    }
    if flags & NLM_F_REQUEST == 0 || ty < NLMSG_MIN_TYPE {
        return &[];
    }
    if proto == NETLINK_ROUTE {
        match (ty - NLMSG_MIN_TYPE) % 4 {
            0 => names::NLM_F_NEW,
            1 => names::NLM_F_DEL,
            _ => names::NLM_F_GET,
        }
    } else {
        names::NLM_F_GET
    }
}

// ---- the printer ---------------------------------------------------------------------

/// Options for [`print_messages`].
#[derive(Clone, Copy)]
pub struct Opts<'a> {
    /// The netlink protocol the bytes belong to (`NETLINK_ROUTE`, `NETLINK_GENERIC`, …).
    pub proto: i32,
    /// 1: one line per message; 2 (or more): everything.
    pub level: u8,
    /// Written at the start of every line.
    pub prefix: &'a str,
    /// Written after `prefix` on each message's first line (a direction, say).
    pub head: &'a str,
}

struct Printer<'w, W: Write> {
    w: &'w mut W,
    prefix: &'w str,
    proto: i32,
}

/// Decodes every message in `buf` and returns how many it printed. Bytes after the last
/// whole message are reported (a malformed length, a short tail) and not read further.
pub fn print_messages<W: Write>(w: &mut W, buf: &[u8], o: Opts<'_>) -> usize {
    let mut p = Printer { w, prefix: o.prefix, proto: o.proto };
    let mut at = 0usize;
    let mut count = 0;
    while at < buf.len() {
        let rest = &buf[at..];
        if rest.iter().all(|&b| b == 0) {
            // Requests sent as a whole `struct { nlmsghdr; …; char buf[N]; }` carry zeros
            // after the message; the kernel ignores them.
            if o.level >= 2 {
                p.line(1, format_args!("({} zero bytes after the last message)", rest.len()));
            }
            break;
        }
        if rest.len() < 16 {
            p.line(0, format_args!("{}{} trailing bytes: {}", o.head, rest.len(), Hex(rest)));
            break;
        }
        let h = Hdr::read(rest);
        if (h.len as usize) < 16 || h.len as usize > rest.len() {
            p.line(0, format_args!("{}malformed message: len={}, {} bytes left", o.head, h.len, rest.len()));
            break;
        }
        p.message(o.head, o.level, h, &rest[16..h.len as usize]);
        count += 1;
        at += align4(h.len) as usize;
    }
    count
}

/// Per-message context: the address family of the family header.
#[derive(Clone, Copy, Default)]
struct Ctx {
    family: u8,
}

impl<W: Write> Printer<'_, W> {
    fn line(&mut self, depth: usize, args: fmt::Arguments<'_>) {
        let _ = writeln!(self.w, "{}{:width$}{}", self.prefix, "", args, width = depth * 2);
    }

    fn message(&mut self, head: &str, level: u8, h: Hdr, payload: &[u8]) {
        let ty = MsgType { proto: self.proto, ty: h.ty, payload };
        let flags = Bits(&[names::NLM_F_COMMON, modifier_flags(self.proto, h.ty, h.flags)], h.flags as u32);
        let status = match h.ty {
            NLMSG_ERROR | NLMSG_DONE if payload.len() >= 4 => {
                let e = u32_at(payload, 0) as i32;
                if h.ty == NLMSG_ERROR && e == 0 {
                    " error=0 ACK".to_string()
                } else if e != 0 || h.ty == NLMSG_ERROR {
                    format!(" error={}", ErrorCode(e))
                } else {
                    String::new()
                }
            }
            _ => String::new(),
        };
        self.line(0, format_args!("{head}{ty} len={} flags={flags} seq={} pid={}{status}", h.len, h.seq, h.pid));
        if level >= 2 {
            self.body(1, h, payload);
        }
    }

    /// Everything after the header of a message of type `h.ty`.
    fn body(&mut self, depth: usize, h: Hdr, p: &[u8]) {
        match h.ty {
            NLMSG_ERROR => return self.error(depth, h, p),
            NLMSG_DONE => return self.done(depth, h, p),
            t if t < NLMSG_MIN_TYPE => {
                if !p.is_empty() {
                    self.line(depth, format_args!("payload {}", Hex(p)));
                }
                return;
            }
            _ => {}
        }
        match self.proto {
            NETLINK_ROUTE => self.route(depth, h.ty, p),
            NETLINK_GENERIC => self.genl(depth, h.ty, p),
            _ => {
                if !p.is_empty() {
                    self.line(depth, format_args!("payload {}", Hex(p)));
                }
            }
        }
    }

    fn error(&mut self, depth: usize, h: Hdr, p: &[u8]) {
        if p.len() < 4 {
            self.line(depth, format_args!("truncated error: {}", Hex(p)));
            return;
        }
        let e = u32_at(p, 0) as i32;
        if e == 0 {
            self.line(depth, format_args!("error 0 (ACK)"));
        } else {
            self.line(depth, format_args!("error {}: {}", ErrorCode(e), strerror(e.unsigned_abs())));
        }
        if p.len() < 20 {
            if p.len() > 4 {
                self.line(depth, format_args!("truncated request header: {}", Hex(&p[4..])));
            }
            return;
        }
        let inner = Hdr::read(&p[4..]);
        let inner_ty = MsgType { proto: self.proto, ty: inner.ty, payload: &p[20..] };
        let flags = Bits(&[names::NLM_F_COMMON, modifier_flags(self.proto, inner.ty, inner.flags)], inner.flags as u32);
        self.line(depth, format_args!("request {inner_ty} len={} flags={flags} seq={} pid={}", inner.len, inner.seq, inner.pid));
        let capped = h.flags & NLM_F_CAPPED != 0;
        // The echoed request's end and the TLVs' start are computed in u64: the echoed length
        // is the peer's word and may be near 2^32, where `4 + len` (and its rounding up)
        // wraps a 32-bit usize to a small offset. An offset past the payload is clamped to
        // its end (the request is shown cut) or means there are no TLVs to show.
        if !capped && inner.len > 16 {
            let end = (4 + inner.len as u64).min(p.len() as u64) as usize;
            self.body(depth + 1, inner, &p[20..end]);
        }
        if h.flags & NLM_F_ACK_TLVS != 0 {
            let start = if capped { 20 } else { 4 + ((inner.len.max(16) as u64 + 3) & !3) };
            if let Some(tlvs) = usize::try_from(start).ok().and_then(|s| p.get(s..)) {
                self.attrs(depth, tlvs, &names::NLMSGERR_ATTR, Ctx::default());
            }
        }
    }

    fn done(&mut self, depth: usize, h: Hdr, p: &[u8]) {
        if p.len() < 4 {
            if !p.is_empty() {
                self.line(depth, format_args!("truncated status: {}", Hex(p)));
            }
            return;
        }
        let e = u32_at(p, 0) as i32;
        self.line(depth, format_args!("status {}", ErrorCode(e)));
        if h.flags & NLM_F_ACK_TLVS != 0 {
            self.attrs(depth, &p[4..], &names::NLMSGERR_ATTR, Ctx::default());
        } else if p.len() > 4 {
            self.line(depth, format_args!("payload {}", Hex(&p[4..])));
        }
    }

    /// A NETLINK_ROUTE message: its family header, then its attributes.
    fn route(&mut self, depth: usize, ty: u16, p: &[u8]) {
        // (family header size, attributes start, attribute space)
        let (hdr_len, start, space): (usize, usize, &Space) = match ty {
            16..=19 => (16, 16, &names::IFLA),
            20..=23 => (8, 8, &names::IFA),
            24..=27 => (12, 12, &names::RTA),
            28..=31 => (12, 12, &names::NDA),
            32..=35 => (12, 12, &names::FRA),
            36..=47 | 100..=103 => (20, 20, &names::TCA),
            80..=83 => (1, 4, &names::NETCONFA),
            88..=91 => (1, 4, &names::NETNSA),
            104..=107 => (8, 8, &names::NHA),
            _ => {
                if !p.is_empty() {
                    self.line(depth, format_args!("payload {}", Hex(p)));
                }
                return;
            }
        };
        if p.len() < hdr_len {
            self.line(depth, format_args!("short family header ({} bytes): {}", p.len(), Hex(p)));
            return;
        }
        let ctx = self.family_header(depth, ty, &p[..hdr_len]);
        if let Some(attrs) = p.get(start..) {
            self.attrs(depth, attrs, space, ctx);
        }
    }

    /// Prints the family header's fields; returns the context its attributes need.
    fn family_header(&mut self, depth: usize, ty: u16, b: &[u8]) -> Ctx {
        let family = b[0];
        let fam = Named(names::FAMILIES, family as u32);
        match ty {
            16..=19 => self.ifinfomsg(depth, b),
            20..=23 => self.line(
                depth,
                format_args!(
                    "ifaddrmsg family={fam} prefixlen={} flags={} scope={} index={}",
                    b[1],
                    Bits(&[names::IFA_F], b[2] as u32),
                    Named(names::RT_SCOPES, b[3] as u32),
                    u32_at(b, 4)
                ),
            ),
            24..=27 => self.line(
                depth,
                format_args!(
                    "rtmsg family={fam} dst_len={} src_len={} tos={} table={} protocol={} scope={} type={} flags={}",
                    b[1],
                    b[2],
                    b[3],
                    Named(names::RT_TABLES, b[4] as u32),
                    Named(names::RTPROT, b[5] as u32),
                    Named(names::RT_SCOPES, b[6] as u32),
                    Named(names::RTN_TYPES, b[7] as u32),
                    Bits(&[names::RTM_F], u32_at(b, 8))
                ),
            ),
            28..=31 => self.line(
                depth,
                format_args!(
                    "ndmsg family={fam} ifindex={} state={} flags={} type={}",
                    u32_at(b, 4) as i32,
                    Bits(&[names::NUD], u16_at(b, 8) as u32),
                    Bits(&[names::NTF], b[10] as u32),
                    Named(names::RTN_TYPES, b[11] as u32)
                ),
            ),
            32..=35 => self.line(
                depth,
                format_args!(
                    "fib_rule_hdr family={fam} dst_len={} src_len={} tos={} table={} action={} flags={}",
                    b[1],
                    b[2],
                    b[3],
                    Named(names::RT_TABLES, b[4] as u32),
                    Named(names::FR_ACT, b[7] as u32),
                    Bits(&[names::FIB_RULE_F], u32_at(b, 8))
                ),
            ),
            36..=47 | 100..=103 => self.line(
                depth,
                format_args!(
                    "tcmsg family={fam} ifindex={} handle={} parent={} info={:#x}",
                    u32_at(b, 4) as i32,
                    TcHandle(u32_at(b, 8)),
                    TcHandle(u32_at(b, 12)),
                    u32_at(b, 16)
                ),
            ),
            80..=83 => self.line(depth, format_args!("netconfmsg family={fam}")),
            88..=91 => self.line(depth, format_args!("rtgenmsg family={fam}")),
            104..=107 => self.line(
                depth,
                format_args!(
                    "nhmsg family={fam} scope={} protocol={} flags={}",
                    Named(names::RT_SCOPES, b[1] as u32),
                    Named(names::RTPROT, b[2] as u32),
                    Bits(&[names::RTNH_F], u32_at(b, 4))
                ),
            ),
            _ => {}
        }
        Ctx { family }
    }

    fn ifinfomsg(&mut self, depth: usize, b: &[u8]) {
        self.line(
            depth,
            format_args!(
                "ifinfomsg family={} type={} index={} flags={} change={}",
                Named(names::FAMILIES, b[0] as u32),
                Named(names::ARPHRD, u16_at(b, 2) as u32),
                u32_at(b, 4) as i32,
                Bits(&[names::IFF], u32_at(b, 8)),
                Bits(&[names::IFF], u32_at(b, 12))
            ),
        );
    }

    /// A NETLINK_GENERIC message: `struct genlmsghdr`, then attributes (the controller's by
    /// name, any other family's in hex).
    fn genl(&mut self, depth: usize, ty: u16, p: &[u8]) {
        if p.len() < 4 {
            self.line(depth, format_args!("short genlmsghdr ({} bytes): {}", p.len(), Hex(p)));
            return;
        }
        if ty == GENL_ID_CTRL {
            self.line(depth, format_args!("genlmsghdr cmd={} version={}", Named(names::CTRL_CMDS, p[0] as u32), p[1]));
            self.attrs(depth, &p[4..], &names::CTRL_ATTR, Ctx::default());
        } else {
            self.line(depth, format_args!("genlmsghdr cmd={} version={}", p[0], p[1]));
            self.attrs(depth, &p[4..], &names::UNKNOWN, Ctx::default());
        }
    }

    /// Every attribute in `b`, at `depth`.
    fn attrs(&mut self, depth: usize, b: &[u8], space: &'static Space, ctx: Ctx) {
        for a in Attrs(b) {
            match a {
                Ok((ty, payload)) => self.attr(depth, ty, payload, space, ctx),
                Err(bad) => self.malformed(depth, bad),
            }
        }
    }

    fn malformed(&mut self, depth: usize, bad: Bad<'_>) {
        match bad {
            Bad::Tail(t) => self.line(depth, format_args!("{} trailing bytes: {}", t.len(), Hex(t))),
            Bad::Len(len, left) => self.line(depth, format_args!("malformed attribute: len={len}, {left} bytes left")),
        }
    }

    fn attr(&mut self, depth: usize, raw_ty: u16, p: &[u8], space: &'static Space, ctx: Ctx) {
        let ty = raw_ty & NLA_TYPE_MASK;
        match space.get(ty) {
            Some((name, kind)) => self.value(depth, name, kind, p, ctx),
            None if raw_ty & NLA_F_NESTED != 0 => {
                self.line(depth, format_args!("{} {ty} (nested)", space.prefix));
                self.attrs(depth + 1, p, &names::UNKNOWN, ctx);
            }
            None => self.line(depth, format_args!("{} {ty}: {}", space.prefix, Hex(p))),
        }
    }

    fn value(&mut self, depth: usize, name: &str, kind: Kind, p: &[u8], ctx: Ctx) {
        let d = depth;
        match (kind, p.len()) {
            (Kind::U8, 1) => self.line(d, format_args!("{name} {}", p[0])),
            (Kind::U16, 2) => self.line(d, format_args!("{name} {}", u16_at(p, 0))),
            (Kind::U32, 4) => self.line(d, format_args!("{name} {}", u32_at(p, 0))),
            (Kind::S32, 4) => self.line(d, format_args!("{name} {}", u32_at(p, 0) as i32)),
            (Kind::U64, 8) => self.line(d, format_args!("{name} {}", u64_at(p, 0))),
            (Kind::Be16, 2) => self.line(d, format_args!("{name} {}", u16::from_be_bytes([p[0], p[1]]))),
            (Kind::Be32, 4) => self.line(d, format_args!("{name} {}", u32::from_be_bytes([p[0], p[1], p[2], p[3]]))),
            (Kind::Be64, 8) => self.line(d, format_args!("{name} {}", u64::from_be(u64_at(p, 0)))),
            (Kind::Str, _) => self.line(d, format_args!("{name} {}", Text(p))),
            (Kind::Addr, _) => self.line(d, format_args!("{name} {}", Address(ctx.family, p))),
            (Kind::Mac, _) => self.line(d, format_args!("{name} {}", Mac(p))),
            (Kind::Flag, 0) => self.line(d, format_args!("{name}")),
            (Kind::Bits32(t), 4) => self.line(d, format_args!("{name} {}", Bits(&[t], u32_at(p, 0)))),
            (Kind::Enum8(t), 1) => self.line(d, format_args!("{name} {}", Named(t, p[0] as u32))),
            (Kind::Enum8(t), 2) => self.line(d, format_args!("{name} {}", Named(t, u16_at(p, 0) as u32))),
            (Kind::Enum8(t), 4) => self.line(d, format_args!("{name} {}", Named(t, u32_at(p, 0)))),
            (Kind::Struct32(fields), n) if n > 0 && n % 4 == 0 => {
                let words = (0..n / 4).map(|i| u32_at(p, i * 4));
                self.fields(d, name, fields, words, n / 4);
            }
            (Kind::Struct64(fields), n) if n > 0 && n % 8 == 0 => {
                let words = (0..n / 8).map(|i| u64_at(p, i * 8));
                self.fields(d, name, fields, words, n / 8);
            }
            (Kind::Range32, 8) => self.line(d, format_args!("{name} {}-{}", u32_at(p, 0), u32_at(p, 4))),
            (Kind::Range16, 4) => self.line(d, format_args!("{name} {}-{}", u16_at(p, 0), u16_at(p, 2))),
            (Kind::Via, n) if n >= 2 => {
                let fam = u16_at(p, 0);
                let addr = Address(fam.min(255) as u8, &p[2..]);
                self.line(d, format_args!("{name} {} {addr}", Named(names::FAMILIES, fam as u32)));
            }
            (Kind::NhGroup, n) if n % 8 == 0 => {
                let mut s = String::new();
                for rec in p.chunks_exact(8) {
                    let _ = write!(s, " id={},weight={}", u32_at(rec, 0), rec[4] as u32 + 1);
                }
                self.line(d, format_args!("{name}{s}"));
            }
            (Kind::Nest(space), _) => {
                self.line(d, format_args!("{name}"));
                self.attrs(d + 1, p, space, ctx);
            }
            (Kind::NestArray(space), _) => {
                self.line(d, format_args!("{name}"));
                for a in Attrs(p) {
                    match a {
                        Ok((ty, inner)) => {
                            self.line(d + 1, format_args!("#{}", ty & NLA_TYPE_MASK));
                            self.attrs(d + 2, inner, space, ctx);
                        }
                        Err(bad) => self.malformed(d + 1, bad),
                    }
                }
            }
            (Kind::AfSpec, _) => {
                self.line(d, format_args!("{name}"));
                if ctx.family == AF_BRIDGE {
                    return self.attrs(d + 1, p, &names::IFLA_BRIDGE, ctx);
                }
                for a in Attrs(p) {
                    match a {
                        Ok((ty, inner)) => {
                            let af = (ty & NLA_TYPE_MASK) as u32;
                            self.line(d + 1, format_args!("{}", Named(names::FAMILIES, af)));
                            let space = match af as u8 {
                                AF_INET => &names::IFLA_INET,
                                AF_INET6 => &names::IFLA_INET6,
                                _ => &names::UNKNOWN,
                            };
                            self.attrs(d + 2, inner, space, Ctx { family: af.min(255) as u8 });
                        }
                        Err(bad) => self.malformed(d + 1, bad),
                    }
                }
            }
            (Kind::LinkInfo, _) => {
                self.line(d, format_args!("{name}"));
                let mut kind: &[u8] = &[];
                for a in Attrs(p) {
                    match a {
                        Ok((ty, inner)) => match ty & NLA_TYPE_MASK {
                            1 => {
                                kind = inner.split(|&c| c == 0).next().unwrap_or(&[]);
                                self.line(d + 1, format_args!("IFLA_INFO_KIND {}", Text(inner)));
                            }
                            2 | 5 => {
                                let data_space = match (ty & NLA_TYPE_MASK, kind) {
                                    (2, b"vlan") => &names::IFLA_VLAN,
                                    (2, b"veth") => &names::VETH_INFO,
                                    _ => &names::UNKNOWN,
                                };
                                let n = if ty & NLA_TYPE_MASK == 2 { "IFLA_INFO_DATA" } else { "IFLA_INFO_SLAVE_DATA" };
                                self.line(d + 1, format_args!("{n}"));
                                self.attrs(d + 2, inner, data_space, ctx);
                            }
                            _ => self.attr(d + 1, ty, inner, &names::IFLA_INFO, ctx),
                        },
                        Err(bad) => self.malformed(d + 1, bad),
                    }
                }
            }
            (Kind::Multipath, _) => {
                self.line(d, format_args!("{name}"));
                let mut at = 0usize;
                while at < p.len() {
                    let rest = &p[at..];
                    if rest.len() < 8 {
                        self.malformed(d + 1, Bad::Tail(rest));
                        break;
                    }
                    let len = u16_at(rest, 0) as usize;
                    if len < 8 || len > rest.len() {
                        self.line(d + 1, format_args!("malformed nexthop: len={len}, {} bytes left", rest.len()));
                        break;
                    }
                    self.line(
                        d + 1,
                        format_args!(
                            "nexthop ifindex={} hops={} flags={}",
                            u32_at(rest, 4) as i32,
                            rest[3],
                            Bits(&[names::RTNH_F], rest[2] as u32)
                        ),
                    );
                    self.attrs(d + 2, &rest[8..len], &names::RTA, ctx);
                    at += align4(len as u32) as usize;
                }
            }
            (Kind::VethPeer, n) if n >= 16 => {
                self.line(d, format_args!("{name}"));
                self.ifinfomsg(d + 1, &p[..16]);
                self.attrs(d + 1, &p[16..], &names::IFLA, ctx);
            }
            // Hex, and any payload whose length does not fit its kind.
            _ => self.line(d, format_args!("{name} {}", Hex(p))),
        }
    }

    fn fields<T: Display>(&mut self, d: usize, name: &str, fields: &[Name], words: impl Iterator<Item = T>, n: usize) {
        let mut s = String::new();
        for (f, v) in fields.iter().zip(words) {
            let _ = write!(s, " {}={v}", f.as_str());
        }
        if n > fields.len() {
            let _ = write!(s, " (+{} more)", n - fields.len());
        }
        self.line(d, format_args!("{name}{s}"));
    }
}

/// A tc handle, `major:minor` in hex as tc prints it (`root`, `ingress`/`clsact` parents).
struct TcHandle(u32);

impl Display for TcHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0xffff_ffff => f.write_str("root"),
            0xffff_fff1 => f.write_str("ingress"),
            0 => f.write_str("0"),
            h => write!(f, "{:x}:{:x}", h >> 16, h & 0xffff),
        }
    }
}

/// Why an attribute walk stopped early.
enum Bad<'a> {
    /// Fewer than 4 bytes left.
    Tail(&'a [u8]),
    /// A length under 4 or beyond the bytes left.
    Len(u16, usize),
}

/// The attributes in a byte slice: `(type with its flag bits, payload)`, then at most one
/// `Bad` where the walk had to stop.
struct Attrs<'a>(&'a [u8]);

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(u16, &'a [u8]), Bad<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.0;
        if b.is_empty() {
            return None;
        }
        if b.len() < 4 {
            self.0 = &[];
            return Some(Err(Bad::Tail(b)));
        }
        let len = u16_at(b, 0);
        if (len as usize) < 4 || len as usize > b.len() {
            self.0 = &[];
            return Some(Err(Bad::Len(len, b.len())));
        }
        let payload = &b[4..len as usize];
        self.0 = b.get(align4(len as u32) as usize..).unwrap_or(&[]);
        Some(Ok((u16_at(b, 2), payload)))
    }
}
