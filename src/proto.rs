//! The sans-IO protocol core: what dump, talk and listen do with one received datagram.
//!
//! Each walker takes the datagram's bytes and the receive metadata, applies libnetlink's rules
//! (spec 3.0, 3.3, 3.4, 3.7) and talks to the outside only through traits: [`Out`] for stderr
//! text and `errno`, and a per-walker sink for the caller's callbacks. In the library `Out` is
//! `out::CStdio` (libc's stderr and errno) and the sinks are the C shell's wrappers of the
//! caller's function pointers; the unit tests and fuzzers implement them with buffers. The
//! receive loops that feed the walkers are `dump.rs`, `talk.rs` and `listen.rs`. Nothing here
//! reads outside the datagram.

use crate::extack::{self, AckReport, Invalid, NLMSGERR_LEN};
use crate::macros::{align4, nlmsg_ok};
use crate::socket::{Datagram, RecvError};
use crate::wire::NLMSG_HDRLEN;

pub const NLMSG_ERROR: u16 = 2;
pub const NLMSG_DONE: u16 = 3;
pub const NLM_F_MULTI: u16 = 0x2;
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// Types below this are control messages (NOOP, ERROR, DONE, OVERRUN).
pub const NLMSG_MIN_TYPE: u16 = 0x10;
pub const MSG_TRUNC: i32 = 0x20;
pub const NETLINK_SOCK_DIAG: i32 = 4;
/// `sizeof(struct sockaddr_nl)`.
pub const SOCKADDR_NL_LEN: u32 = 12;

/// Where text and `errno` go (defined with the C implementation in the low output module;
/// named here too, beside the walkers that take it).
pub use crate::out::Out;

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

/// A receive failure as dump, talk and listen report it: `netlink receive error %s (%d)`
/// with errno set and `-errno` returned, or `EOF on netlink` and `-ENODATA`.
pub fn report_recv_error(e: RecvError, out: &mut impl Out) -> i32 {
    match e {
        RecvError::Errno(e) => {
            out.print(format_args!("netlink receive error {} ({e})\n", crate::out::strerror(e)));
            out.set_errno(e);
            -e
        }
        RecvError::Eof => {
            out.print(format_args!("EOF on netlink\n"));
            -libc::ENODATA
        }
    }
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
///
/// The data messages of a dump in progress take [`data_run`], a walk that does only what
/// such a message needs; the general walk below takes over at the first message that needs
/// more (DONE, ERROR, another type below `NLMSG_MIN_TYPE`, a bad header) and handles the
/// datagrams the fast walk does not apply to (another sender, `nc_flags`, raw mode, no filter).
/// Both follow the same rules; the `dump` fuzz target compares them on every input.
#[inline(always)]
pub fn dump_datagram(buf: &mut [u8], dg: &Datagram, ctx: &DumpCtx, progress: &mut DumpProgress, sink: &mut impl DumpSink) -> DumpStep {
    let mut w = DumpWalk { at: 0, len: dg.len.min(buf.len()) as i64, flags: 0 };
    if dg.src_pid == 0 && ctx.nc_flags == 0 && ctx.has_filter && !ctx.raw {
        if let Some(step) = data_run(buf, seq_pid_key(ctx), &mut w, sink) {
            return step;
        }
    }
    dump_walk(buf, dg, ctx, w, progress, sink)
}

/// [`dump_datagram`] without its fast walk: the reference the fuzz target compares it with.
#[doc(hidden)]
pub fn dump_datagram_general(buf: &mut [u8], dg: &Datagram, ctx: &DumpCtx, progress: &mut DumpProgress, sink: &mut impl DumpSink) -> DumpStep {
    let w = DumpWalk { at: 0, len: dg.len.min(buf.len()) as i64, flags: 0 };
    dump_walk(buf, dg, ctx, w, progress, sink)
}

/// Where a dump datagram's walk stands: the next header is at `at`, and `len` is the
/// remaining length as `NLMSG_NEXT` keeps it (it goes negative after an unpadded last
/// message; i64 so that a callback that rewrote a length cannot make it wrap). While `len`
/// is at least a header, `at + len` is the datagram's end. `flags` is the OR of the flags of
/// the dump's messages walked so far (for `NLM_F_DUMP_INTR`).
#[derive(Debug, Clone, Copy)]
struct DumpWalk {
    at: usize,
    len: i64,
    flags: u16,
}

/// `nlmsg_seq` and `nlmsg_pid` (bytes 8..16 of a header) of the dump's messages, as one
/// 8-byte value to compare with.
fn seq_pid_key(ctx: &DumpCtx) -> u64 {
    let (s, p) = (ctx.dump_seq.to_ne_bytes(), ctx.local_pid.to_ne_bytes());
    u64::from_ne_bytes([s[0], s[1], s[2], s[3], p[0], p[1], p[2], p[3]])
}

/// The fast walk over the data messages of a dump in progress, for a datagram from the
/// kernel with a filter to call and nothing to clear: per message it checks `NLMSG_OK`,
/// compares sequence number and port id as one value, records the flags, calls the filter
/// and steps by the length read again after it (`NLMSG_NEXT`). It stops, leaving `w` at the
/// message, at the first header that is not `NLMSG_OK` or is one of the dump's messages with
/// a type below `NLMSG_MIN_TYPE` (DONE, ERROR, NOOP, OVERRUN: the general walk applies the
/// rules for them). Returns the step when the filter aborts the dump.
///
/// This loop runs once per dumped object: it reads the headers through a pointer whose
/// bounds are proved once (below) instead of through checked slices, and it is a function
/// of its own so that what it keeps across the filter call fits in callee-saved registers.
#[inline(never)]
fn data_run(buf: &mut [u8], key: u64, w: &mut DumpWalk, sink: &mut impl DumpSink) -> Option<DumpStep> {
    // The remaining length minus a header: the loop runs while a header fits (`rem >= 0`).
    let (mut at, mut rem, mut flags) = (w.at, w.len - NLMSG_HDRLEN as i64, 0u16);
    // The bounds of every read below: the loop reads only the 16 header bytes at `at`, and only
    // while `rem >= 0`. Invariant: whenever `rem >= -16`, `at + rem + 16` is the datagram's
    // end, which is at most `buf.len()` (true at the start, `w.len` being the remaining
    // length of the datagram within `buf`; each step adds to `at` exactly what it takes from
    // `rem`). So `[at, at + 16)` lies inside `buf` whenever it is read. `at` may pass the
    // end by up to a step (< 2^32 + 3) once `rem` is negative; it then only ends the loop,
    // and wraps harmlessly (`wrapping_add`) on a 32-bit target. The pointer is taken from
    // `buf` afresh in each round, after the filter's use of `buf`.
    while rem >= 0 {
        let p = buf.as_mut_ptr().wrapping_add(at);
        // SAFETY: bytes 0..4 of the header at `at`, inside `buf` (invariant above).
        let hlen = unsafe { p.cast::<u32>().read_unaligned() };
        // NLMSG_OK: `16 <= hlen <= rem + 16`, as one unsigned compare.
        if (hlen as u64).wrapping_sub(NLMSG_HDRLEN as u64) > rem as u64 {
            break;
        }
        // SAFETY: bytes 8..16 of the header (invariant above).
        let seq_pid = unsafe { p.add(8).cast::<u64>().read_unaligned() };
        let mut step = align4(hlen);
        if seq_pid == key {
            // SAFETY: bytes 4..6 of the header (invariant above).
            if unsafe { p.add(4).cast::<u16>().read_unaligned() } < NLMSG_MIN_TYPE {
                break;
            }
            // SAFETY: bytes 6..8 of the header (invariant above).
            flags |= unsafe { p.add(6).cast::<u16>().read_unaligned() };
            let r = sink.filter(buf, at);
            if r < 0 {
                w.flags |= flags;
                return Some(DumpStep::Aborted { value: r, at, multi: Hdr::read(buf, at).flags & NLM_F_MULTI != 0 });
            }
            // NLMSG_NEXT reads the length again: the filter may have changed it.
            // SAFETY: bytes 0..4 of the header, still inside `buf` (`at` did not move).
            step = align4(unsafe { buf.as_ptr().wrapping_add(at).cast::<u32>().read_unaligned() });
        }
        at = at.wrapping_add(step as usize);
        rem -= step as i64;
    }
    *w = DumpWalk { at, len: rem + NLMSG_HDRLEN as i64, flags: w.flags | flags };
    None
}

/// The general walk of a dump datagram from `w` on: every rule of `rtnl_dump_filter_l`.
fn dump_walk(buf: &mut [u8], dg: &Datagram, ctx: &DumpCtx, w: DumpWalk, progress: &mut DumpProgress, sink: &mut impl DumpSink) -> DumpStep {
    let DumpWalk { mut at, mut len, flags } = w;
    let mut done = false;
    let mut intr = flags & NLM_F_DUMP_INTR != 0;
    let nc_flags = ctx.nc_flags;
    let key = seq_pid_key(ctx);
    let from_kernel = dg.src_pid == 0;
    let call_filter = ctx.has_filter && !ctx.raw;
    while len >= NLMSG_HDRLEN as i64 {
        let Some(b) = buf.get_mut(at..at + NLMSG_HDRLEN) else { break };
        let b: &mut [u8; NLMSG_HDRLEN] = b.try_into().expect("16 bytes");
        let hlen = u32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
        // NLMSG_OK: a whole header, and no longer than what remains.
        if (hlen as usize) < NLMSG_HDRLEN || hlen as i64 > len {
            break;
        }
        if nc_flags != 0 {
            let flags = u16::from_ne_bytes([b[6], b[7]]) & !nc_flags;
            b[6..8].copy_from_slice(&flags.to_ne_bytes());
        }
        let mut step = align4(hlen);
        let seq_pid = u64::from_ne_bytes([b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]]);
        if from_kernel && seq_pid == key {
            let h = Hdr {
                len: hlen,
                ty: u16::from_ne_bytes([b[4], b[5]]),
                flags: u16::from_ne_bytes([b[6], b[7]]),
                seq: ctx.dump_seq,
                pid: ctx.local_pid,
            };
            if h.flags & NLM_F_DUMP_INTR != 0 {
                intr = true;
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
                _ if !call_filter => {}
                _ => {
                    let r = sink.filter(buf, at);
                    if r < 0 {
                        // Whether the kernel's dump goes on, from the flags as the filter left them.
                        return DumpStep::Aborted { value: r, at, multi: Hdr::read(buf, at).flags & NLM_F_MULTI != 0 };
                    }
                    // NLMSG_NEXT reads the length again: the filter may have changed it.
                    step = align4(Hdr::read(buf, at).len);
                }
            }
        }
        // No overflow: `at` is at most the datagram's end plus one step (< 2^32) here, and
        // a wrapped `at` would come with a negative `len`, which ends the walk.
        at = at.wrapping_add(step as usize);
        len -= step as i64;
    }
    progress.intr |= intr;
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

/// Whether `buf[from..dg.len]` holds, from the kernel to `pid` with sequence number `seq`, a
/// message whose type satisfies `wanted`. Stops at the first message whose length does not
/// fit; never calls anything.
fn holds(buf: &[u8], from: usize, dg: &Datagram, pid: u32, seq: u32, wanted: impl Fn(u16) -> bool) -> bool {
    let end = dg.len.min(buf.len());
    let mut at = from;
    // `from` may be anywhere up to `usize::MAX` ([`after_message`] saturates), so the room
    // left is a checked subtraction rather than `at + 16 <= end`, which could wrap.
    while let Some(room) = end.checked_sub(at).filter(|&r| r >= NLMSG_HDRLEN) {
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as usize > room {
            return false;
        }
        if dg.src_pid == 0 && h.pid == pid && h.seq == seq && wanted(h.ty) {
            return true;
        }
        at += align4(h.len) as usize;
    }
    false
}

/// Where the message after the one at `at` starts: `NLMSG_NEXT` with the length the message
/// has now (a filter that aborted the dump may have rewritten it). Saturating: a length near
/// 2^32 must land past the datagram, as it does on a 64-bit target, not wrap a 32-bit `usize`
/// back to before the message.
pub fn after_message(buf: &[u8], at: usize) -> usize {
    at.saturating_add(align4(Hdr::read(buf, at).len) as usize)
}

/// Whether `buf[from..dg.len]` holds the end (DONE or ERROR) of the dump `ctx` describes:
/// used to discard the rest of an aborted dump without calling anything.
pub fn dump_end_in(buf: &[u8], from: usize, dg: &Datagram, ctx: &DumpCtx) -> bool {
    holds(buf, from, dg, ctx.local_pid, ctx.dump_seq, |ty| ty == NLMSG_DONE || ty == NLMSG_ERROR)
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
    talk_iov_datagram(buf, dg, ctx, 1, count, out)
}

/// One datagram of `rtnl_talk_iov` (v6.1), which sent `msgs` messages numbered
/// `ctx.seq - msgs + 1 ..= ctx.seq`: replies to any of them are taken (exactly those numbers,
/// difference 3). An ERROR or ACK read while fewer than `msgs` datagrams have been received
/// (`count < msgs`) is reported (text, errno) and the rest of its datagram is skipped:
/// [`TalkStep::Next`]. With `msgs == 1` this is `rtnl_talk`: inlined into each caller, so
/// that `rtnl_talk`'s copy is specialised for that constant (it runs once per request).
#[inline(always)]
pub fn talk_iov_datagram(buf: &[u8], dg: &Datagram, ctx: &TalkCtx, msgs: u32, count: i32, out: &mut impl Out) -> TalkStep {
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
        // The window of our numbers, ctx.seq - msgs + 1 ..= ctx.seq, without wrap-around trouble.
        if dg.src_pid == 0 && h.pid == ctx.local_pid && ctx.seq.wrapping_sub(h.seq) < msgs.max(1) {
            if h.ty == NLMSG_ERROR {
                let Some(error) = extack::error_code(msg) else {
                    out.print(format_args!("ERROR truncated\n"));
                    return TalkStep::Return(-1);
                };
                if error == 0 {
                    // An ACK: it may carry a warning (only when it has TLVs at all).
                    if h.flags & extack::NLM_F_ACK_TLVS != 0 {
                        print_ext_ack(msg, out);
                    }
                } else {
                    out.set_errno(error.wrapping_neg());
                    if ctx.proto != NETLINK_SOCK_DIAG && ctx.show_errors && print_ext_ack(msg, out) == 0 {
                        // "RTNETLINK answers: <strerror(-error)>", which is perror's text.
                        out.set_errno(error.wrapping_neg());
                        out.perror("RTNETLINK answers");
                    }
                }
                if (count as i64) < msgs as i64 {
                    return TalkStep::Next;
                }
                if error != 0 {
                    return TalkStep::Return(-count);
                }
                return if ctx.want_answer { TalkStep::Answer } else { TalkStep::Return(0) };
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
    holds(buf, from, dg, ctx.local_pid, ctx.seq, |ty| ty == NLMSG_ERROR)
}

// ---------------------------------------------------------------------------------------
// Listen (spec 3.7)

/// The handler of `rtnl_listen`.
pub trait ListenSink: Out {
    /// Calls the handler on the message at `buf[at..]`, which came in datagram `dg` (its
    /// sender, for the old API's `who`); its return value (< 0 stops).
    fn handle(&mut self, buf: &mut [u8], at: usize, nsid: i32, dg: &Datagram) -> i32;
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
        let err = sink.handle(buf, at, nsid, dg);
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

// ---------------------------------------------------------------------------------------
// The old API generations (ffi::compat)

/// The whole messages of a datagram, in order: `(offset, header)`, stopping at the first
/// header that is short or claims more than is left (the talk walk reports those).
pub fn messages(buf: &[u8]) -> impl Iterator<Item = (usize, Hdr)> + '_ {
    let mut at = 0usize;
    core::iter::from_fn(move || {
        if buf.len().saturating_sub(at) < NLMSG_HDRLEN {
            return None;
        }
        let h = Hdr::read(buf, at);
        if (h.len as usize) < NLMSG_HDRLEN || h.len as usize > buf.len() - at {
            return None;
        }
        let here = at;
        at = at.saturating_add(align4(h.len) as usize);
        Some((here, h))
    })
}

/// Whether a message is the reply to the request `seq` of the socket bound to `local_pid`
/// (from the kernel, to us, with our number): the talk walk's test.
pub fn is_reply(src_pid: u32, h: &Hdr, local_pid: u32, seq: u32) -> bool {
    src_pid == 0 && h.pid == local_pid && h.seq == seq
}

/// The reply to `seq` inside an answer datagram: the message the old `rtnl_talk` forms copied
/// into the caller's buffer (v4.15+ hand out the datagram's start instead). `(offset, len)`.
pub fn reply_in(buf: &[u8], local_pid: u32, seq: u32) -> Option<(usize, usize)> {
    messages(buf).find(|(_, h)| is_reply(0, h, local_pid, seq)).map(|(at, h)| (at, h.len as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extack::tests::error_msg;
    use crate::extack::{NLM_F_ACK_TLVS, NLM_F_CAPPED};
    use core::fmt;

    /// Text and errno captured instead of reaching libc; dump callbacks recorded in `calls`
    /// (`'f'` filter, `'e'` error handler, with the message's offset). A dump filter call
    /// follows `script` while it lasts: return that value, after rewriting the message's
    /// length and flags when given (as a C filter may); then it returns `filter_ret`.
    #[derive(Default)]
    struct Capture {
        text: String,
        errno: i32,
        filtered: Vec<(usize, u16)>,
        filter_ret: i32,
        errhndlr: Option<i32>,
        errhndlr_calls: usize,
        script: Vec<(i32, Option<u32>, Option<u16>)>,
        calls: Vec<(char, usize)>,
    }

    impl Out for Capture {
        fn print(&mut self, args: fmt::Arguments<'_>) {
            self.text.push_str(&args.to_string());
        }
        fn set_errno(&mut self, e: i32) {
            self.errno = e;
        }
        fn errno(&self) -> i32 {
            self.errno
        }
        fn perror(&mut self, prefix: &str) {
            let msg = unsafe { core::ffi::CStr::from_ptr(libc::strerror(self.errno)) };
            self.text.push_str(&format!("{prefix}: {}\n", msg.to_str().unwrap()));
        }
    }

    impl DumpSink for Capture {
        fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
            self.filtered.push((at, Hdr::read(buf, at).flags));
            let step = self.script.get(self.calls.len()).copied();
            self.calls.push(('f', at));
            let Some((ret, len, flags)) = step else { return self.filter_ret };
            if let Some(len) = len {
                buf[at..at + 4].copy_from_slice(&len.to_ne_bytes());
            }
            if let Some(flags) = flags {
                buf[at + 6..at + 8].copy_from_slice(&flags.to_ne_bytes());
            }
            ret
        }
        fn errhndlr(&mut self, _buf: &mut [u8], at: usize) -> Option<i32> {
            self.errhndlr_calls += 1;
            self.calls.push(('e', at));
            self.errhndlr
        }
    }

    impl ListenSink for Capture {
        fn handle(&mut self, buf: &mut [u8], at: usize, nsid: i32, _: &Datagram) -> i32 {
            self.filtered.push((at, Hdr::read(buf, at).ty));
            assert_eq!(nsid, -1);
            self.filter_ret
        }
    }

    const PID: u32 = 4242;
    const SEQ: u32 = 77;

    fn msg(ty: u16, flags: u16, seq: u32, pid: u32, payload: &[u8]) -> Vec<u8> {
        let mut m = Vec::new();
        m.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&flags.to_ne_bytes());
        m.extend_from_slice(&seq.to_ne_bytes());
        m.extend_from_slice(&pid.to_ne_bytes());
        m.extend_from_slice(payload);
        while m.len() % 4 != 0 {
            m.push(0);
        }
        m
    }

    fn data(seq: u32) -> Vec<u8> {
        msg(16, NLM_F_MULTI, seq, PID, &[0; 16])
    }

    fn done(code: i32) -> Vec<u8> {
        msg(NLMSG_DONE, NLM_F_MULTI, SEQ, PID, &code.to_ne_bytes())
    }

    fn error(code: i32) -> Vec<u8> {
        let mut payload = code.to_ne_bytes().to_vec();
        payload.extend_from_slice(&[0; 16]);
        msg(NLMSG_ERROR, 0, SEQ, PID, &payload)
    }

    fn dg(len: usize) -> Datagram {
        Datagram { len, src_pid: 0, src_groups: 0, namelen: 12, flags: 0, nsid: None }
    }

    fn ctx() -> DumpCtx {
        DumpCtx { local_pid: PID, dump_seq: SEQ, proto: 0, suppress_nlerr: false, nc_flags: 0, raw: false, has_filter: true }
    }

    fn run_dump(parts: &[Vec<u8>], ctx: &DumpCtx, sink: &mut Capture) -> DumpStep {
        let mut buf = parts.concat();
        let d = dg(buf.len());
        dump_datagram(&mut buf, &d, ctx, &mut DumpProgress::default(), sink)
    }

    #[test]
    fn dump_filters_by_pid_and_seq_and_stops_at_done() {
        let mut sink = Capture::default();
        let foreign = msg(16, NLM_F_MULTI, SEQ, PID + 1, &[]);
        let stale = data(SEQ - 1);
        let after_done = data(SEQ);
        let r = run_dump(&[data(SEQ), foreign, stale, data(SEQ), done(0), after_done], &ctx(), &mut sink);
        assert_eq!(r, DumpStep::Return(0));
        assert_eq!(sink.filtered.iter().map(|f| f.0).collect::<Vec<_>>(), vec![0, 80]);
        assert_eq!(sink.text, "");
    }

    #[test]
    fn dump_skips_datagrams_not_from_the_kernel() {
        let mut sink = Capture::default();
        let mut buf = [data(SEQ), done(0)].concat();
        let d = Datagram { src_pid: 99, ..dg(buf.len()) };
        assert_eq!(dump_datagram(&mut buf, &d, &ctx(), &mut DumpProgress::default(), &mut sink), DumpStep::Next);
        assert!(sink.filtered.is_empty());
    }

    #[test]
    fn nc_flags_are_cleared_in_the_buffer_before_filtering() {
        let mut sink = Capture::default();
        let c = DumpCtx { nc_flags: NLM_F_MULTI, ..ctx() };
        run_dump(&[data(SEQ), done(0)], &c, &mut sink);
        assert_eq!(sink.filtered, vec![(0, 0)]);
    }

    #[test]
    fn raw_mode_and_no_filter_never_call_the_filter() {
        for c in [DumpCtx { raw: true, ..ctx() }, DumpCtx { has_filter: false, ..ctx() }] {
            let mut sink = Capture::default();
            assert_eq!(run_dump(&[data(SEQ), done(0)], &c, &mut sink), DumpStep::Return(0));
            assert!(sink.filtered.is_empty());
        }
    }

    #[test]
    fn a_negative_filter_aborts_and_says_whether_the_dump_goes_on() {
        let mut sink = Capture { filter_ret: -7, ..Default::default() };
        assert_eq!(run_dump(&[data(SEQ), done(0)], &ctx(), &mut sink), DumpStep::Aborted { value: -7, at: 0, multi: true });
        let single = msg(16, 0, SEQ, PID, &[]);
        assert_eq!(run_dump(&[single], &ctx(), &mut sink), DumpStep::Aborted { value: -7, at: 0, multi: false });
    }

    #[test]
    fn dump_intr_warns_but_succeeds() {
        let mut sink = Capture::default();
        let intr = msg(16, NLM_F_MULTI | NLM_F_DUMP_INTR, SEQ, PID, &[]);
        assert_eq!(run_dump(&[intr, done(0)], &ctx(), &mut sink), DumpStep::Return(0));
        assert_eq!(sink.text, "Dump was interrupted and may be inconsistent.\n");
    }

    #[test]
    fn errors_in_done() {
        let cases: [(i32, &str); 4] = [
            (-libc::ENOENT, ""),
            (-libc::EOPNOTSUPP, ""),
            (-libc::EMSGSIZE, "Error: Buffer too small for object.\n"),
            (-libc::EPERM, "RTNETLINK answers: Operation not permitted\n"),
        ];
        for (code, text) in cases {
            let mut sink = Capture::default();
            assert_eq!(run_dump(&[done(code)], &ctx(), &mut sink), DumpStep::Return(-1));
            assert_eq!((sink.text.as_str(), sink.errno), (text, -code));
        }
        // The error handler can end the dump successfully.
        let mut sink = Capture { errhndlr: Some(RTNL_SUPPRESS_NLMSG_DONE_NLERR), ..Default::default() };
        assert_eq!(run_dump(&[done(-libc::EPERM)], &ctx(), &mut sink), DumpStep::Return(0));
        assert_eq!(sink.text, "");
        // Truncated DONE.
        let mut sink = Capture::default();
        assert_eq!(run_dump(&[msg(NLMSG_DONE, 0, SEQ, PID, &[])], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "DONE truncated\n");
    }

    #[test]
    fn ext_ack_text_in_done_replaces_the_errno_text() {
        let mut payload = (-libc::EINVAL).to_ne_bytes().to_vec();
        payload.extend_from_slice(&10u16.to_ne_bytes());
        payload.extend_from_slice(&extack::NLMSGERR_ATTR_MSG.to_ne_bytes());
        payload.extend_from_slice(b"bad\0\0\0");
        let m = msg(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS, SEQ, PID, &payload);
        let mut sink = Capture::default();
        assert_eq!(run_dump(&[m], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "Error: bad.\n");
        assert_eq!(sink.errno, libc::EINVAL);
    }

    /// `nl_dump_ext_ack_done` with an offset near 2^32: the TLVs would start past the
    /// message, so nothing is read or printed; on a 32-bit target the start lands just below
    /// `usize::MAX` and must not wrap back into the message.
    #[test]
    fn ext_ack_done_offsets_near_4_gib() {
        let mut payload = (-libc::EINVAL).to_ne_bytes().to_vec();
        payload.extend_from_slice(&10u16.to_ne_bytes());
        payload.extend_from_slice(&extack::NLMSGERR_ATTR_MSG.to_ne_bytes());
        payload.extend_from_slice(b"bad\0\0\0");
        let m = msg(NLMSG_DONE, NLM_F_MULTI, SEQ, PID, &payload);
        let mut sink = Capture::default();
        assert_eq!(print_ext_ack_done(&m, 4, -libc::EINVAL, &mut sink), 1);
        assert_eq!(sink.text, "Error: bad.\n");
        for offset in u32::MAX - 255..=u32::MAX {
            let mut sink = Capture::default();
            assert_eq!(print_ext_ack_done(&m, offset, -libc::EINVAL, &mut sink), 0, "offset {offset:#x}");
            assert_eq!(sink.text, "", "offset {offset:#x}");
        }
    }

    /// A filter that aborts a multi-part dump after rewriting its message's length: the drain
    /// decision looks for the dump's end after the message as it now is. A length near 2^32
    /// puts that past the datagram (so the rest is drained), never, on a 32-bit target,
    /// wrapped back before the message.
    #[test]
    fn abort_after_a_rewritten_length_near_4_gib() {
        for len in [u32::MAX - 3, u32::MAX - 15, 0xffff_ffe8, 0x8000_0000] {
            let mut sink = Capture { script: vec![(0, None, None), (-5, Some(len), None)], ..Default::default() };
            let mut buf = [data(SEQ), data(SEQ), data(SEQ)].concat();
            let d = dg(buf.len());
            let step = dump_datagram(&mut buf, &d, &ctx(), &mut DumpProgress::default(), &mut sink);
            assert_eq!(step, DumpStep::Aborted { value: -5, at: 32, multi: true }, "len {len:#x}");
            let next = after_message(&buf, 32);
            assert!(next > buf.len(), "len {len:#x}: next {next:#x}");
            assert!(!dump_end_in(&buf, next, &d, &ctx()), "len {len:#x}");
        }
        // The end is found from anywhere, or not at all from beyond the datagram.
        let buf = [data(SEQ), done(0)].concat();
        let d = dg(buf.len());
        assert_eq!(after_message(&buf, 0), 32);
        assert!(dump_end_in(&buf, after_message(&buf, 0), &d, &ctx()));
        for from in (0..32).map(|k| usize::MAX - k).chain([u32::MAX as usize, buf.len(), buf.len() + 1]) {
            assert!(!dump_end_in(&buf, from, &d, &ctx()), "from {from:#x}");
        }
    }

    #[test]
    fn errors_in_a_dump() {
        let mut sink = Capture::default();
        assert_eq!(run_dump(&[error(-libc::EBUSY)], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "RTNETLINK answers: Device or resource busy\n");
        // Suppressed by the handle flag, but still an error.
        let mut sink = Capture::default();
        let c = DumpCtx { suppress_nlerr: true, ..ctx() };
        assert_eq!(run_dump(&[error(-libc::EBUSY)], &c, &mut sink), DumpStep::Return(-1));
        assert_eq!((sink.text.as_str(), sink.errno), ("", libc::EBUSY));
        // sock_diag's ENOENT is silent and skips the error handler.
        let mut sink = Capture { errhndlr: Some(RTNL_SUPPRESS_NLMSG_ERROR_NLERR), ..Default::default() };
        let c = DumpCtx { proto: NETLINK_SOCK_DIAG, ..ctx() };
        assert_eq!(run_dump(&[error(-libc::ENOENT)], &c, &mut sink), DumpStep::Return(-1));
        assert_eq!((sink.text.as_str(), sink.errhndlr_calls), ("", 0));
        // The handler can skip the error and the dump goes on.
        let mut sink = Capture { errhndlr: Some(RTNL_SUPPRESS_NLMSG_ERROR_NLERR), ..Default::default() };
        assert_eq!(run_dump(&[error(-libc::EBUSY), data(SEQ), done(0)], &ctx(), &mut sink), DumpStep::Return(0));
        assert_eq!(sink.filtered.len(), 1);
        // An ACK inside a dump is an error with errno 0.
        let mut sink = Capture::default();
        assert_eq!(run_dump(&[error(0)], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "RTNETLINK answers: Success\n");
        // Too short for a struct nlmsgerr.
        let mut sink = Capture::default();
        assert_eq!(run_dump(&[msg(NLMSG_ERROR, 0, SEQ, PID, &[0; 8])], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "ERROR truncated\n");
    }

    #[test]
    fn remnants_and_truncation() {
        let mut sink = Capture::default();
        let mut bytes = data(SEQ);
        bytes.extend_from_slice(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(run_dump(&[bytes.clone()], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!((sink.text.as_str(), sink.errno), ("!!!Remnant of size 6\n", libc::EBADMSG));
        let mut sink = Capture::default();
        let d = Datagram { flags: MSG_TRUNC, ..dg(bytes.len()) };
        assert_eq!(dump_datagram(&mut bytes, &d, &ctx(), &mut DumpProgress::default(), &mut sink), DumpStep::Next);
        assert_eq!(sink.text, "Message truncated\n");
        // A header that claims more than the datagram holds is a remnant, never read past.
        let mut sink = Capture::default();
        let mut big = data(SEQ);
        big[0..4].copy_from_slice(&1000u32.to_ne_bytes());
        assert_eq!(run_dump(&[big], &ctx(), &mut sink), DumpStep::Return(-1));
        assert_eq!(sink.text, "!!!Remnant of size 32\n");
    }

    #[test]
    fn end_of_an_aborted_dump_is_found() {
        let c = ctx();
        let buf = [data(SEQ), data(SEQ), done(0)].concat();
        assert!(dump_end_in(&buf, 32, &dg(buf.len()), &c));
        let buf = [data(SEQ), data(SEQ)].concat();
        assert!(!dump_end_in(&buf, 0, &dg(buf.len()), &c));
        let buf = [data(SEQ), msg(NLMSG_DONE, 0, SEQ + 1, PID, &[0; 4])].concat();
        assert!(!dump_end_in(&buf, 0, &dg(buf.len()), &c));
    }

    fn tctx(want_answer: bool) -> TalkCtx {
        TalkCtx { local_pid: PID, seq: SEQ, proto: 0, show_errors: true, want_answer }
    }

    fn run_talk(parts: &[Vec<u8>], c: &TalkCtx, out: &mut Capture) -> TalkStep {
        let buf = parts.concat();
        talk_datagram(&buf, &dg(buf.len()), c, 3, out)
    }

    #[test]
    fn talk_takes_only_its_own_sequence_number() {
        // A stale ACK for seq-1 (iproute2 would take it) is skipped; the right one is taken.
        let mut out = Capture::default();
        let mut stale = error(0);
        stale[8..12].copy_from_slice(&(SEQ - 1).to_ne_bytes());
        assert_eq!(run_talk(&[stale.clone()], &tctx(false), &mut out), TalkStep::Next);
        assert_eq!(run_talk(&[stale, error(0)], &tctx(false), &mut out), TalkStep::Return(0));
        assert_eq!(run_talk(&[error(0)], &tctx(true), &mut out), TalkStep::Answer);
        assert_eq!(run_talk(&[data(SEQ)], &tctx(true), &mut out), TalkStep::Answer);
        assert_eq!(out.text, "");
    }

    #[test]
    fn receive_errors_are_reported_as_libnetlink_does() {
        let mut c = Capture::default();
        assert_eq!(report_recv_error(RecvError::Errno(libc::ENOBUFS), &mut c), -libc::ENOBUFS);
        assert_eq!(c.errno, libc::ENOBUFS);
        assert_eq!(c.text, format!("netlink receive error {} ({})\n", crate::out::strerror(libc::ENOBUFS), libc::ENOBUFS));
        let mut c = Capture::default();
        assert_eq!(report_recv_error(RecvError::Eof, &mut c), -libc::ENODATA);
        assert_eq!((c.text.as_str(), c.errno), ("EOF on netlink\n", 0));
    }

    #[test]
    fn talk_errors_return_minus_the_datagram_count() {
        let mut out = Capture::default();
        assert_eq!(run_talk(&[error(-libc::EEXIST)], &tctx(false), &mut out), TalkStep::Return(-3));
        assert_eq!((out.text.as_str(), out.errno), ("RTNETLINK answers: File exists\n", libc::EEXIST));
        let mut out = Capture::default();
        let quiet = TalkCtx { show_errors: false, ..tctx(false) };
        assert_eq!(run_talk(&[error(-libc::EEXIST)], &quiet, &mut out), TalkStep::Return(-3));
        assert_eq!((out.text.as_str(), out.errno), ("", libc::EEXIST));
        // With an ext-ack message, that replaces the errno text.
        let mut m = error_msg(-libc::EINVAL, NLM_F_ACK_TLVS | NLM_F_CAPPED, 16, 0, &[(1, b"Invalid prefix\0")]);
        m[8..12].copy_from_slice(&SEQ.to_ne_bytes());
        m[12..16].copy_from_slice(&PID.to_ne_bytes());
        let mut out = Capture::default();
        assert_eq!(run_talk(&[m.clone()], &tctx(false), &mut out), TalkStep::Return(-3));
        assert_eq!((out.text.as_str(), out.errno), ("Error: Invalid prefix.\n", libc::EINVAL));
        // An ACK with a message is a warning, and still success.
        m[16..20].copy_from_slice(&0i32.to_ne_bytes());
        let mut out = Capture::default();
        assert_eq!(run_talk(&[m], &tctx(false), &mut out), TalkStep::Return(0));
        assert_eq!(out.text, "Warning: Invalid prefix.\n");
    }

    #[test]
    fn talk_iov_takes_its_window_and_decides_on_the_last_datagram() {
        // Three messages numbered SEQ-2..=SEQ: replies to each are taken, SEQ-3 is not.
        let c = tctx(false);
        let at = |seq: u32, e: i32| {
            let mut m = error(e);
            m[8..12].copy_from_slice(&seq.to_ne_bytes());
            m
        };
        let run = |m: Vec<u8>, count: i32, c: &TalkCtx, out: &mut Capture| talk_iov_datagram(&m, &dg(m.len()), c, 3, count, out);
        let mut out = Capture::default();
        assert_eq!(run(at(SEQ - 3, -libc::EEXIST), 1, &c, &mut out), TalkStep::Next);
        assert_eq!(out.text, "");
        // An error before the last datagram: printed, errno set, the next datagram is read.
        assert_eq!(run(at(SEQ - 2, -libc::EEXIST), 1, &c, &mut out), TalkStep::Next);
        assert_eq!((out.text.as_str(), out.errno), ("RTNETLINK answers: File exists\n", libc::EEXIST));
        assert_eq!(run(at(SEQ - 1, 0), 2, &c, &mut out), TalkStep::Next);
        // The third datagram decides: an ACK is success, an error is -3.
        assert_eq!(run(at(SEQ, 0), 3, &c, &mut out), TalkStep::Return(0));
        assert_eq!(run(at(SEQ - 1, -libc::ENOENT), 3, &c, &mut out), TalkStep::Return(-3));
        // With an answer wanted, a data reply answers at once; an ACK only at the end.
        let a = tctx(true);
        assert_eq!(run(data(SEQ - 2), 1, &a, &mut out), TalkStep::Answer);
        assert_eq!(run(at(SEQ - 2, 0), 1, &a, &mut out), TalkStep::Next);
        assert_eq!(run(at(SEQ, 0), 3, &a, &mut out), TalkStep::Answer);
        // The window survives wrap-around: SEQ = 1 takes u32::MAX (1 - 2).
        let w = TalkCtx { seq: 1, ..tctx(false) };
        assert_eq!(run(at(u32::MAX, 0), 3, &w, &mut out), TalkStep::Return(0));
        assert_eq!(run(at(u32::MAX - 1, 0), 3, &w, &mut out), TalkStep::Next);
    }

    #[test]
    fn talk_rejects_malformed_datagrams_without_exiting() {
        let mut out = Capture::default();
        let buf = error(0);
        let d = Datagram { namelen: 8, ..dg(buf.len()) };
        assert_eq!(talk_datagram(&buf, &d, &tctx(false), 1, &mut out), TalkStep::Return(-1));
        assert_eq!((out.text.as_str(), out.errno), ("sender address length == 8\n", libc::EBADMSG));
        for (len, trunc, text) in [(15u32, false, "!!!malformed message: len=15\n"), (500, false, "!!!malformed message: len=500\n"), (500, true, "Truncated message\n")] {
            let mut out = Capture::default();
            let mut buf = error(0);
            buf[0..4].copy_from_slice(&len.to_ne_bytes());
            let d = Datagram { flags: if trunc { MSG_TRUNC } else { 0 }, ..dg(buf.len()) };
            assert_eq!(talk_datagram(&buf, &d, &tctx(false), 1, &mut out), TalkStep::Return(-1));
            assert_eq!(out.text, text);
        }
        let mut out = Capture::default();
        assert_eq!(run_talk(&[msg(NLMSG_ERROR, 0, SEQ, PID, &[0; 4])], &tctx(false), &mut out), TalkStep::Return(-1));
        assert_eq!(out.text, "ERROR truncated\n");
        let mut out = Capture::default();
        let mut buf = data(SEQ + 5);
        buf.extend_from_slice(&[0; 8]);
        assert_eq!(run_talk(&[buf], &tctx(false), &mut out), TalkStep::Return(-1));
        assert_eq!(out.text, "!!!Remnant of size 8\n");
        let mut out = Capture::default();
        assert_eq!(run_talk(&[data(SEQ)], &tctx(false), &mut out), TalkStep::Next);
        assert_eq!(out.text, "Unexpected reply!!!\n");
    }

    #[test]
    fn listen_passes_everything_to_the_handler() {
        let mut sink = Capture::default();
        let mut buf = [msg(16, 0, 0, 0, &[]), msg(20, 0, 999, 12345, &[1]), msg(NLMSG_ERROR, 0, 1, 1, &[])].concat();
        let d = dg(buf.len());
        assert_eq!(listen_datagram(&mut buf, &d, -1, &mut sink), Step::Next);
        assert_eq!(sink.filtered, vec![(0, 16), (16, 20), (36, NLMSG_ERROR)]);
        let mut sink = Capture { filter_ret: -9, ..Default::default() };
        assert_eq!(listen_datagram(&mut buf, &d, -1, &mut sink), Step::Return(-9));
        assert_eq!(sink.filtered.len(), 1);
        let mut sink = Capture::default();
        let d = Datagram { namelen: 0, ..d };
        assert_eq!(listen_datagram(&mut buf, &d, -1, &mut sink), Step::Return(-1));
        assert_eq!(sink.text, "Sender address length == 0\n");
    }

    #[test]
    fn send_check_finds_the_first_error() {
        assert_eq!(first_error(&[data(1), error(-5)].concat()), PeekedError::Error(-5));
        assert_eq!(first_error(&error(0)), PeekedError::Error(0));
        assert_eq!(first_error(&data(1)), PeekedError::None);
        assert_eq!(first_error(&msg(NLMSG_ERROR, 0, 1, 1, &[0; 4])), PeekedError::Truncated);
        assert_eq!(first_error(&[]), PeekedError::None);
    }

    /// `dump_datagram` (with its fast walk over data messages) against the general walk
    /// alone, on random datagrams: data and control messages of this dump and others, bad
    /// and unpadded lengths, `NLM_F_DUMP_INTR`, filters that abort or rewrite the message,
    /// every handle state. Every callback, text, errno, result and byte must agree.
    #[test]
    fn the_fast_dump_walk_matches_the_general_one() {
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        for case in 0..30_000 {
            let mut buf = Vec::new();
            for _ in 0..next() % 7 {
                let ty = match next() % 8 {
                    0 => NLMSG_DONE,
                    1 => NLMSG_ERROR,
                    2 => (next() % 16) as u16,
                    _ => 16 + (next() % 8) as u16,
                };
                let flags = match next() % 4 {
                    0 => next() as u16,
                    1 => NLM_F_MULTI | NLM_F_DUMP_INTR,
                    _ => NLM_F_MULTI,
                };
                let seq = if next() % 6 == 0 { SEQ + 1 } else { SEQ };
                let pid = if next() % 8 == 0 { 0 } else { PID };
                let payload: Vec<u8> = (0..next() % 24).map(|_| if next() % 3 == 0 { next() as u8 } else { 0xff }).collect();
                let mut m = msg(ty, flags, seq, pid, &payload);
                match next() % 12 {
                    0 => m[..4].copy_from_slice(&((next() % 64) as u32).to_ne_bytes()),
                    1 => m.truncate(m.len() - (next() % 4) as usize),
                    _ => {}
                }
                buf.extend_from_slice(&m);
            }
            if next() % 10 == 0 {
                buf.truncate(buf.len().saturating_sub((next() % 20) as usize));
            }
            let ctx = DumpCtx {
                proto: if next() % 4 == 0 { NETLINK_SOCK_DIAG } else { 0 },
                suppress_nlerr: next() % 2 == 0,
                nc_flags: if next() % 5 == 0 { NLM_F_DUMP_INTR } else { 0 },
                raw: next() % 10 == 0,
                has_filter: next() % 10 != 0,
                ..ctx()
            };
            let d = Datagram {
                src_pid: if next() % 10 == 0 { 7 } else { 0 },
                flags: if next() % 10 == 0 { MSG_TRUNC } else { 0 },
                ..dg(buf.len())
            };
            let script: Vec<_> = (0..8)
                .map(|_| {
                    let ret = if next() % 6 == 0 { -((next() % 3) as i32) } else { 0 };
                    let len = if next() % 12 == 0 { Some((next() % 80) as u32 | if next() % 4 == 0 { 0xffff_fff0 } else { 0 }) } else { None };
                    let flags = if next() % 12 == 0 { Some(next() as u16) } else { None };
                    (ret, len, flags)
                })
                .collect();
            let errhndlr = [None, Some(RTNL_SUPPRESS_NLMSG_DONE_NLERR), Some(RTNL_SUPPRESS_NLMSG_ERROR_NLERR)][(next() % 3) as usize];
            let intr_before = next() % 5 == 0;
            let run = |fast: bool| {
                let mut b = buf.clone();
                let mut sink = Capture { script: script.clone(), errhndlr, ..Default::default() };
                let mut progress = DumpProgress { intr: intr_before };
                let step = if fast {
                    dump_datagram(&mut b, &d, &ctx, &mut progress, &mut sink)
                } else {
                    dump_datagram_general(&mut b, &d, &ctx, &mut progress, &mut sink)
                };
                (step, progress.intr, sink.calls, sink.text, sink.errno, b)
            };
            let (fast, general) = (run(true), run(false));
            // An aborted dump's progress is not used again: only compare it otherwise.
            let same_progress = matches!(fast.0, DumpStep::Aborted { .. }) || fast.1 == general.1;
            assert!(fast.0 == general.0 && same_progress && fast.2 == general.2 && fast.3 == general.3 && fast.4 == general.4 && fast.5 == general.5,
                "case {case}: {buf:?} {ctx:?} {d:?}\nfast    {fast:?}\ngeneral {general:?}");
        }
    }
}
