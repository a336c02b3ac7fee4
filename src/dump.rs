//! Reading a dump over a socket (spec 3.3): receive datagrams into the pooled buffer, copy
//! them to `dump_fp` in raw mode, let `proto`'s dump walk call the caller's filter, and after
//! a filter aborts, read the rest of the dump so the socket can take the next request.
//!
//! The C shell (`ffi/dump.rs`) wraps the caller's filter and error handler as a
//! [`DumpSink`] and reads the handle's fields for each datagram (callers change them).

use crate::macros::align4;
use crate::out::{self, CStdio};
use crate::proto::{self, DumpCtx, DumpProgress, DumpSink, DumpStep};
use crate::socket::{self, RecvBuf};

/// Reads the dump `ctx().dump_seq` from the socket `fd()` until it ends, handing its messages
/// to `sink` (see `proto::dump_datagram`); `raw(bytes)` gets each datagram, padded to 4, when
/// `ctx().raw`. `fd` and `ctx` are asked afresh for each datagram. Returns what
/// `rtnl_dump_filter_nc` returns: 0 at DONE, the filter's negative value, -1 with errno for
/// an error the kernel sent, `-errno` for a receive failure, `-ENOMEM` without a buffer.
pub fn dump_filter(fd: impl Fn() -> i32, ctx: impl Fn() -> DumpCtx, mut raw: impl FnMut(&[u8]), sink: &mut impl DumpSink) -> i32 {
    let Some(mut buf) = RecvBuf::take() else {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return -libc::ENOMEM;
    };
    let mut progress = DumpProgress::default();
    loop {
        let ctx = ctx();
        let dg = match socket::recv_datagram(fd(), &mut buf, false) {
            Ok(dg) => dg,
            Err(e) => return proto::report_recv_error(e, &mut CStdio),
        };
        if ctx.raw {
            raw(buf.bytes_mut(align4(dg.len as u32) as usize));
        }
        let bytes = buf.bytes_mut(dg.len);
        match proto::dump_datagram(bytes, &dg, &ctx, &mut progress, sink) {
            DumpStep::Next => continue,
            DumpStep::Return(r) => return r,
            DumpStep::Aborted { value, at, multi } => {
                let next = proto::after_message(bytes, at);
                if multi && !proto::dump_end_in(bytes, next, &dg, &ctx) {
                    drain(fd(), &mut buf, &ctx);
                }
                return value;
            }
        }
    }
}

/// Reads and discards the rest of an aborted dump (difference 8), so that the next dump on
/// the socket is not refused with EBUSY. Stops at the dump's DONE or ERROR, or at a receive
/// error. `errno` is left as the filter left it.
fn drain(fd: i32, buf: &mut RecvBuf, ctx: &DumpCtx) {
    let saved = out::errno();
    while let Ok(dg) = socket::recv_datagram(fd, buf, false) {
        if proto::dump_end_in(buf.bytes_mut(dg.len), 0, &dg, ctx) {
            break;
        }
    }
    out::set_errno(saved);
}

/// `dump_filter` for the old API (`ffi::compat`): several filters over one dump, as
/// `rtnl_dump_filter_l` of iproute2 2.6.35-4.19 ran them: each datagram goes through each
/// sink in turn, whole (`ctx(i)` is sink i's context, with its own `nc_flags`, which clear
/// bits in the shared buffer, so later sinks see them cleared); a DONE ends a sink's pass, and
/// the call returns 0 after the datagram in which a DONE was seen; an error or a filter's
/// negative value returns at once (an aborted dump is drained, as in `dump_filter`).
/// `junk(i, datagram, dg)` runs before sink i's pass (the junk filters of iproute2 <= 3.1,
/// called on the messages the walk skips; a negative value is returned).
pub fn dump_filter_entries<S: DumpSink>(
    fd: impl Fn() -> i32,
    ctx: impl Fn(usize) -> DumpCtx,
    mut raw: impl FnMut(&[u8]),
    sinks: &mut [S],
    mut junk: impl FnMut(usize, &mut [u8], &socket::Datagram) -> i32,
) -> i32 {
    let Some(mut buf) = RecvBuf::take() else {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return -libc::ENOMEM;
    };
    let mut progress = vec![DumpProgress::default(); sinks.len()];
    loop {
        let first = ctx(0);
        let dg = match socket::recv_datagram(fd(), &mut buf, false) {
            Ok(dg) => dg,
            Err(e) => return proto::report_recv_error(e, &mut CStdio),
        };
        if first.raw {
            raw(buf.bytes_mut(align4(dg.len as u32) as usize));
        }
        let bytes = buf.bytes_mut(dg.len);
        let mut done = false;
        for (i, sink) in sinks.iter_mut().enumerate() {
            let r = junk(i, bytes, &dg);
            if r < 0 {
                return r;
            }
            let c = ctx(i);
            match proto::dump_datagram(bytes, &dg, &c, &mut progress[i], sink) {
                DumpStep::Next => {}
                DumpStep::Return(0) => done = true,
                DumpStep::Return(r) => return r,
                DumpStep::Aborted { value, at, multi } => {
                    let next = at + align4(proto::Hdr::read(bytes, at).len) as usize;
                    if multi && !proto::dump_end_in(bytes, next, &dg, &c) {
                        drain(fd(), &mut buf, &c);
                    }
                    return value;
                }
            }
        }
        if done {
            return 0;
        }
    }
}
