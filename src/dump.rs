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
