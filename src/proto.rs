//! The sans-IO protocol core: what dump, talk and listen do with one received datagram.
//!
//! Each walker takes the datagram's bytes and the receive metadata, applies libnetlink's rules
//! (spec 3.0, 3.3, 3.4, 3.7) and talks to the outside only through traits: [`Out`] for stderr
//! text and `errno`, and a per-walker sink for the caller's callbacks. The C shell implements
//! them with libc and the caller's function pointers; the unit tests and fuzzers implement
//! them with buffers. Nothing here reads outside the datagram.

use crate::extack::{self, AckReport, Invalid, NLMSGERR_LEN};
use crate::macros::{align4, nlmsg_ok};
use crate::socket::Datagram;
use crate::wire::NLMSG_HDRLEN;
use core::fmt;

pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLM_F_MULTI: u16 = 0x2;
pub const NLM_F_DUMP_INTR: u16 = 0x10;
pub const MSG_TRUNC: i32 = 0x20;
pub const NETLINK_SOCK_DIAG: i32 = 4;
/// `sizeof(struct sockaddr_nl)`.
pub const SOCKADDR_NL_LEN: u32 = 12;

/// Where text and `errno` go: libc's stderr and errno in the library, a buffer in tests.
pub trait Out {
    fn print(&mut self, args: fmt::Arguments<'_>);
    fn set_errno(&mut self, e: i32);
    fn errno(&self) -> i32;
    /// `perror(prefix)` with the current errno.
    fn perror(&mut self, prefix: &str);
}

/// A message header read from a datagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hdr {
    pub len: u32,
    pub ty: u16,
    pub flags: u16,
    pub seq: u32,
    pub pid: u32,
}

impl Hdr {
    /// The header at `at`; the caller has checked that 16 bytes are there.
    pub fn read(buf: &[u8], at: usize) -> Hdr {
        let b = &buf[at..at + NLMSG_HDRLEN];
        let u32_at = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Hdr {
            len: u32_at(0),
            ty: u16::from_ne_bytes([b[4], b[5]]),
            flags: u16::from_ne_bytes([b[6], b[7]]),
            seq: u32_at(8),
            pid: u32_at(12),
        }
    }
}

fn i32_at(buf: &[u8], at: usize) -> i32 {
    i32::from_ne_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]])
}

/// `nl_dump_ext_ack` without a callback: prints what the TLVs say and returns 1 when it
/// printed an `Error:` line, else 0.
pub fn print_ext_ack(msg: &[u8], out: &mut impl Out) -> i32 {
    match extack::examine_ack(msg) {
        AckReport::Nothing => 0,
        AckReport::Invalid(inv) => {
            print_invalid(inv, out);
            0
        }
        AckReport::Parsed { tlvs, bad_offset, is_error, .. } => {
            print_ack_notes(&tlvs, bad_offset, out);
            match extack::msg_text(msg, &tlvs).and_then(|t| extack::message_line(t, is_error)) {
                Some(line) => {
                    out.print(format_args!("{line}"));
                    is_error as i32
                }
                None => 0,
            }
        }
    }
}

/// The texts of an abandoned TLV parse.
pub fn print_invalid(inv: Invalid, out: &mut impl Out) {
    match inv {
        Invalid::UnknownType => out.print(format_args!("Invalid extack attribute\n")),
        Invalid::FailedValidation(ty) => out.print(format_args!("extack attribute {ty} failed validation\n")),
    }
}

/// The notes printed before the message: a bad offset, a missing attribute type.
pub fn print_ack_notes(tlvs: &extack::Tlvs, bad_offset: bool, out: &mut impl Out) {
    if bad_offset {
        out.print(format_args!("Invalid offset for NLMSGERR_ATTR_OFFS\n"));
    }
    if let Some(ty) = tlvs.miss_type {
        out.print(format_args!("Missing required attribute type {ty}\n"));
    }
}

/// `nl_dump_ext_ack_done(msg, offset, error)`: the MSG attribute after `offset` payload bytes,
/// printed as `Error:` (error != 0, returns 1) or `Warning:` (returns 0).
pub fn print_ext_ack_done(msg: &[u8], offset: u32, error: i32, out: &mut impl Out) -> i32 {
    let start = NLMSG_HDRLEN as u64 + align4(offset) as u64;
    let Ok(start) = usize::try_from(start) else { return 0 };
    match extack::parse_tlvs(msg, start) {
        Err(inv) => {
            print_invalid(inv, out);
            0
        }
        Ok(tlvs) => match extack::msg_text(msg, &tlvs).and_then(|t| extack::message_line(t, error != 0)) {
            Some(line) => {
                out.print(format_args!("{line}"));
                (error != 0) as i32
            }
            None => 0,
        },
    }
}

/// What the caller of a walker does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Receive the next datagram.
    Next,
    /// Return this value (errno already set where the spec sets it).
    Return(i32),
}

// ---------------------------------------------------------------------------------------
// Dump filtering (spec 3.3)

/// The handle state a dump is filtered with, read from the caller's handle for each call.
#[derive(Debug, Clone, Copy)]
pub struct DumpCtx {
    pub local_pid: u32,
    pub dump_seq: u32,
    pub proto: i32,
    pub suppress_nlerr: bool,
    pub nc_flags: u16,
    /// `dump_fp` is set: the datagrams are written raw and the filter is never called.
    pub raw: bool,
    /// A filter was given (difference 2: without one the dump is read and discarded).
    pub has_filter: bool,
}

/// The caller's callbacks during a dump.
pub trait DumpSink: Out {
    /// The filter on the data message at `buf[at..]`; its return value (< 0 aborts).
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32;
    /// The error handler's mask for the message at `buf[at..]`, or None without a handler.
    fn errhndlr(&mut self, buf: &mut [u8], at: usize) -> Option<i32>;
}

pub const RTNL_SUPPRESS_NLMSG_DONE_NLERR: i32 = 0x02;
pub const RTNL_SUPPRESS_NLMSG_ERROR_NLERR: i32 = 0x04;

/// State kept across the datagrams of one dump call.
#[derive(Debug, Default, Clone, Copy)]
pub struct DumpProgress {
    pub intr: bool,
}

/// How a dump datagram ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpStep {
    Next,
    Return(i32),
    /// The filter returned this negative value at the message at `at`, which had
    /// `NLM_F_MULTI`: the rest of the kernel's dump is still coming (difference 8).
    Aborted { value: i32, at: usize, multi: bool },
}

/// One datagram of a dump: the message walk of `rtnl_dump_filter_l`.
pub fn dump_datagram(buf: &mut [u8], dg: &Datagram, ctx: &DumpCtx, progress: &mut DumpProgress, sink: &mut impl DumpSink) -> DumpStep {
    // The remaining length, as NLMSG_NEXT keeps it (it goes negative after an unpadded last
    // message); i64 so that a callback that rewrote a length cannot make it wrap.
    let mut len = dg.len.min(buf.len()) as i64;
    let mut at = 0usize;
    let mut done = false;
    while len >= NLMSG_HDRLEN as i64 && nlmsg_ok(Hdr::read(buf, at).len, len.min(i32::MAX as i64) as i32) {
        if ctx.nc_flags != 0 {
            let flags = Hdr::read(buf, at).flags & !ctx.nc_flags;
            buf[at + 6..at + 8].copy_from_slice(&flags.to_ne_bytes());
        }
        let h = Hdr::read(buf, at);
        if dg.src_pid == 0 && h.pid == ctx.local_pid && h.seq == ctx.dump_seq {
            if h.flags & NLM_F_DUMP_INTR != 0 {
                progress.intr = true;
            }
            match h.ty {
                NLMSG_DONE => {
                    if dump_done(buf, at, h, sink) < 0 {
                        return DumpStep::Return(-1);
                    }
                    done = true;
                    break;
                }
                NLMSG_ERROR => {
                    if dump_error(buf, at, h, ctx, sink) < 0 {
                        return DumpStep::Return(-1);
                    }
                }
                _ if ctx.raw || !ctx.has_filter => {}
                _ => {
                    let r = sink.filter(buf, at);
                    if r < 0 {
                        return DumpStep::Aborted { value: r, at, multi: h.flags & NLM_F_MULTI != 0 };
                    }
                }
            }
        }
        // Re-read: a filter may have changed the message it was given.
        let step = align4(Hdr::read(buf, at).len) as i64;
        at = at.saturating_add(step as usize);
        len -= step;
    }
    if done {
        if progress.intr {
            sink.print(format_args!("Dump was interrupted and may be inconsistent.\n"));
        }
        return DumpStep::Return(0);
    }
    if dg.flags & MSG_TRUNC != 0 {
        sink.print(format_args!("Message truncated\n"));
        return DumpStep::Next;
    }
    if len != 0 {
        sink.print(format_args!("!!!Remnant of size {len}\n"));
        sink.set_errno(libc::EBADMSG);
        return DumpStep::Return(-1);
    }
    DumpStep::Next
}

/// `rtnl_dump_done`: a matching NLMSG_DONE. < 0 ends the dump with -1 (errno set), else 0.
fn dump_done(buf: &mut [u8], at: usize, h: Hdr, sink: &mut impl DumpSink) -> i32 {
    if (h.len as usize) < NLMSG_HDRLEN + 4 {
        sink.print(format_args!("DONE truncated\n"));
        return -1;
    }
    let len = i32_at(buf, at + NLMSG_HDRLEN);
    let msg_end = at + h.len as usize;
    if len >= 0 {
        // A warning may ride on a successful DONE (parsed as iproute2 does, as an ACK).
        print_ext_ack(&buf[at..msg_end], sink);
        return 0;
    }
    sink.set_errno(len.wrapping_neg());
    if let Some(mask) = sink.errhndlr(buf, at) {
        if mask & RTNL_SUPPRESS_NLMSG_DONE_NLERR != 0 {
            return 0;
        }
    }
    if print_ext_ack_done(&buf[at..msg_end], 4, len, sink) != 0 {
        return len;
    }
    match sink.errno() {
        libc::ENOENT | libc::EOPNOTSUPP => return -1,
        libc::EMSGSIZE => sink.print(format_args!("Error: Buffer too small for object.\n")),
        _ => sink.perror("RTNETLINK answers"),
    }
    len
}

/// `rtnl_dump_error`: a matching NLMSG_ERROR during a dump. 0 skips it, < 0 ends the dump.
fn dump_error(buf: &mut [u8], at: usize, h: Hdr, ctx: &DumpCtx, sink: &mut impl DumpSink) -> i32 {
    if (h.len as usize) < NLMSG_HDRLEN + NLMSGERR_LEN {
        sink.print(format_args!("ERROR truncated\n"));
        return -1;
    }
    let err = i32_at(buf, at + NLMSG_HDRLEN);
    sink.set_errno(err.wrapping_neg());
    let e = sink.errno();
    if ctx.proto == NETLINK_SOCK_DIAG && (e == libc::ENOENT || e == libc::EOPNOTSUPP) {
        return -1;
    }
    if let Some(mask) = sink.errhndlr(buf, at) {
        if mask & RTNL_SUPPRESS_NLMSG_ERROR_NLERR != 0 {
            return 0;
        }
    }
    if !ctx.suppress_nlerr {
        sink.perror("RTNETLINK answers");
    }
    -1
}

/// Whether `buf[from..dg.len]` holds the end (DONE or ERROR) of the dump `ctx` describes:
/// used to discard the rest of an aborted dump without calling anything.
pub fn dump_end_in(buf: &[u8], from: usize, dg: &Datagram, ctx: &DumpCtx) -> bool {
    let end = dg.len.min(buf.len());
    let mut at = from;
    while at + NLMSG_HDRLEN <= end {
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as usize > end - at {
            return false;
        }
        if dg.src_pid == 0 && h.pid == ctx.local_pid && h.seq == ctx.dump_seq && (h.ty == NLMSG_DONE || h.ty == NLMSG_ERROR) {
            return true;
        }
        at += align4(h.len) as usize;
    }
    false
}

// ---------------------------------------------------------------------------------------
// Talk (spec 3.4)

/// The handle state a talk is filtered with.
#[derive(Debug, Clone, Copy)]
pub struct TalkCtx {
    pub local_pid: u32,
    /// The request's sequence number; only replies with exactly this one are taken
    /// (difference 3).
    pub seq: u32,
    pub proto: i32,
    /// False for `rtnl_talk_suppress_rtnl_errmsg`.
    pub show_errors: bool,
    pub want_answer: bool,
}

/// How a talk datagram ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalkStep {
    Next,
    Return(i32),
    /// Hand the whole datagram to the caller as `*answer` and return 0.
    Answer,
}

/// One datagram of `rtnl_talk`; `count` is how many datagrams this call has received,
/// this one included (an error returns `-count`).
pub fn talk_datagram(buf: &[u8], dg: &Datagram, ctx: &TalkCtx, count: i32, out: &mut impl Out) -> TalkStep {
    if dg.namelen != SOCKADDR_NL_LEN {
        out.print(format_args!("sender address length == {}\n", dg.namelen));
        out.set_errno(libc::EBADMSG);
        return TalkStep::Return(-1);
    }
    let mut remaining = dg.len.min(buf.len()) as i64;
    let mut at = 0usize;
    while remaining >= NLMSG_HDRLEN as i64 {
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as i64 > remaining {
            return TalkStep::Return(malformed(h.len, dg, out));
        }
        let msg = &buf[at..at + h.len as usize];
        if dg.src_pid == 0 && h.pid == ctx.local_pid && h.seq == ctx.seq {
            if h.ty == NLMSG_ERROR {
                let Some(error) = extack::error_code(msg) else {
                    out.print(format_args!("ERROR truncated\n"));
                    return TalkStep::Return(-1);
                };
                if error == 0 {
                    // An ACK: it may carry a warning.
                    print_ext_ack(msg, out);
                    return if ctx.want_answer { TalkStep::Answer } else { TalkStep::Return(0) };
                }
                out.set_errno(error.wrapping_neg());
                if ctx.proto != NETLINK_SOCK_DIAG && ctx.show_errors && print_ext_ack(msg, out) == 0 {
                    // "RTNETLINK answers: <strerror(-error)>", which is perror's text.
                    out.set_errno(error.wrapping_neg());
                    out.perror("RTNETLINK answers");
                }
                return TalkStep::Return(-count);
            }
            if ctx.want_answer {
                return TalkStep::Answer;
            }
            out.print(format_args!("Unexpected reply!!!\n"));
        }
        let step = align4(h.len) as i64;
        at += step as usize;
        remaining -= step;
    }
    after_datagram(remaining, dg, out)
}

/// A message whose length is below a header or beyond the datagram.
fn malformed(len: u32, dg: &Datagram, out: &mut impl Out) -> i32 {
    if dg.flags & MSG_TRUNC != 0 {
        out.print(format_args!("Truncated message\n"));
    } else {
        out.print(format_args!("!!!malformed message: len={}\n", len as i32));
        out.set_errno(libc::EBADMSG);
    }
    -1
}

/// The end of a talk or listen datagram: a truncation note, or a remnant (an error).
fn after_datagram(remaining: i64, dg: &Datagram, out: &mut impl Out) -> TalkStep {
    if dg.flags & MSG_TRUNC != 0 {
        out.print(format_args!("Message truncated\n"));
        return TalkStep::Next;
    }
    if remaining != 0 {
        out.print(format_args!("!!!Remnant of size {remaining}\n"));
        out.set_errno(libc::EBADMSG);
        return TalkStep::Return(-1);
    }
    TalkStep::Next
}

/// Whether `buf[..dg.len]` holds the ACK (an NLMSG_ERROR) for `ctx.seq` after offset `from`:
/// `rtnl_echo_talk` reads up to it so the next request is not confused by it.
pub fn ack_in(buf: &[u8], from: usize, dg: &Datagram, ctx: &TalkCtx) -> bool {
    let end = dg.len.min(buf.len());
    let mut at = from;
    while at + NLMSG_HDRLEN <= end {
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as usize > end - at {
            return false;
        }
        if dg.src_pid == 0 && h.pid == ctx.local_pid && h.seq == ctx.seq && h.ty == NLMSG_ERROR {
            return true;
        }
        at += align4(h.len) as usize;
    }
    false
}

// ---------------------------------------------------------------------------------------
// Listen (spec 3.7)

/// The handler of `rtnl_listen`.
pub trait ListenSink: Out {
    /// Calls the handler on the message at `buf[at..]`; its return value (< 0 stops).
    fn handle(&mut self, buf: &mut [u8], at: usize, nsid: i32) -> i32;
}

/// One datagram of `rtnl_listen`: every message goes to the handler, no filtering.
pub fn listen_datagram(buf: &mut [u8], dg: &Datagram, nsid: i32, sink: &mut impl ListenSink) -> Step {
    if dg.namelen != SOCKADDR_NL_LEN {
        sink.print(format_args!("Sender address length == {}\n", dg.namelen));
        sink.set_errno(libc::EBADMSG);
        return Step::Return(-1);
    }
    let mut remaining = dg.len.min(buf.len()) as i64;
    let mut at = 0usize;
    while remaining >= NLMSG_HDRLEN as i64 {
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as i64 > remaining {
            return Step::Return(malformed(h.len, dg, sink));
        }
        let err = sink.handle(buf, at, nsid);
        // The handler may have rewritten the message; step by what it was when checked.
        if err < 0 {
            return Step::Return(err);
        }
        let step = align4(h.len) as i64;
        at += step as usize;
        remaining -= step;
    }
    match after_datagram(remaining, dg, sink) {
        TalkStep::Return(r) => Step::Return(r),
        _ => Step::Next,
    }
}

// ---------------------------------------------------------------------------------------
// rtnl_send_check (spec 3.5)

/// What `rtnl_send_check` finds in the peeked bytes: the first NLMSG_ERROR (whatever its
/// error), walked with NLMSG_OK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeekedError {
    None,
    /// Shorter than a `struct nlmsgerr`: `ERROR truncated`.
    Truncated,
    /// Its error code (0 for an ACK).
    Error(i32),
}

pub fn first_error(buf: &[u8]) -> PeekedError {
    let mut len = buf.len() as i64;
    let mut at = 0usize;
    while len >= NLMSG_HDRLEN as i64 && nlmsg_ok(Hdr::read(buf, at).len, len.min(i32::MAX as i64) as i32) {
        let h = Hdr::read(buf, at);
        if h.ty == NLMSG_ERROR {
            return match extack::error_code(&buf[at..at + h.len as usize]) {
                Some(e) => PeekedError::Error(e),
                None => PeekedError::Truncated,
            };
        }
        let step = align4(h.len) as i64;
        at += step as usize;
        len -= step;
    }
    PeekedError::None
}
