//! Request and response over a socket (spec 3.4, 3.5): send a request, receive datagrams into
//! the pooled buffer until `proto`'s talk walk decides, read the ACK that follows an echo,
//! and `rtnl_send_check`'s peek. Text and errno go to the C program's stderr and errno
//! (`out::CStdio`), as libnetlink's do.
//!
//! The C shell (`ffi/talk.rs`, `ffi/iproute2_v6.rs`) numbers the caller's messages in place,
//! builds the [`TalkCtx`] from the handle, and keeps the answer: a datagram handed to the C
//! caller must be a libc `malloc` copy (the caller `free`s it), so the shell passes a `keep`
//! function that receives the answer datagram's bytes while they are still in the buffer.

use crate::out::{self, perror, CStdio};
use crate::proto::{self, PeekedError, TalkCtx, TalkStep};
use crate::socket::{self, Datagram, RecvBuf};

/// Sends `msg` (one request numbered `ctx.seq`) to the kernel and reads replies until the one
/// for it: `keep(datagram)` for an answer, or the `Err` value the caller returns (-1 if
/// sending fails, after `Cannot talk to rtnetlink`; see [`receive_replies`]).
///
/// Inlined into its callers (`rtnl_talk*` and `rtnl_echo_talk`), so that a request costs one
/// call into the library, not three.
#[inline(always)]
pub fn talk<R>(fd: i32, msg: &[u8], ctx: &TalkCtx, keep: impl FnOnce(&[u8]) -> Result<R, i32>) -> Result<R, i32> {
    if socket::send_to_kernel(fd, &[msg]) < 0 {
        perror(c"Cannot talk to rtnetlink");
        return Err(-1);
    }
    receive_replies(fd, ctx, 1, keep)
}

/// Reads replies to the `msgs` requests numbered up to `ctx.seq` until
/// `proto::talk_iov_datagram` decides: `keep(datagram)` when it is the answer, else the value
/// to return (`-errno` for a receive failure, `-ENOMEM` without a buffer). Inlined so that
/// `rtnl_talk`'s copy is specialised for its one message (`msgs == 1`): this runs once per
/// request.
#[inline(always)]
pub fn receive_replies<R>(fd: i32, ctx: &TalkCtx, msgs: u32, keep: impl FnOnce(&[u8]) -> Result<R, i32>) -> Result<R, i32> {
    let Some(mut buf) = RecvBuf::take() else {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return Err(-libc::ENOMEM);
    };
    let mut count = 0i32;
    loop {
        let dg = socket::recv_datagram(fd, &mut buf, false).map_err(|e| proto::report_recv_error(e, &mut CStdio))?;
        count = count.saturating_add(1);
        let bytes = buf.bytes_mut(dg.len);
        match proto::talk_iov_datagram(bytes, &dg, ctx, msgs, count, &mut CStdio) {
            TalkStep::Next => continue,
            TalkStep::Return(r) => return Err(r),
            TalkStep::Answer => return keep(bytes),
        }
    }
}

/// Reads until the ACK for `ctx.seq`, which follows an echoed reply, so that the next
/// request on the handle does not take it for its own. `first` is the answer datagram
/// already received (the ACK may be in it). `errno` is left as it was.
pub fn consume_ack(fd: i32, first: &[u8], ctx: &TalkCtx) {
    let dg = Datagram { len: first.len(), src_pid: 0, src_groups: 0, namelen: proto::SOCKADDR_NL_LEN, flags: 0, nsid: None };
    if proto::ack_in(first, 0, &dg, ctx) {
        return;
    }
    let Some(mut buf) = RecvBuf::take() else { return };
    let saved = out::errno();
    while let Ok(dg) = socket::recv_datagram(fd, &mut buf, false) {
        if proto::ack_in(buf.bytes_mut(dg.len), 0, &dg, ctx) {
            break;
        }
    }
    out::set_errno(saved);
}

/// `rtnl_send_check`: sends `bytes`, then peeks (without waiting) at what the kernel already
/// queued: -1 if the first NLMSG_ERROR there (an ACK included) is found, with
/// `errno = -error` (`ERROR truncated` printed if it is short); 0 if nothing is pending or no
/// error is seen; the `send` result if that fails. The peeked messages stay queued.
pub fn send_check(fd: i32, bytes: &[u8]) -> i32 {
    let sent = socket::send(fd, bytes);
    if sent < 0 {
        return sent as i32;
    }
    let mut resp = [0u8; 1024];
    let got = socket::peek_nonblocking(fd, &mut resp);
    if got < 0 {
        return if out::errno() == libc::EAGAIN { 0 } else { -1 };
    }
    match proto::first_error(&resp[..got as usize]) {
        PeekedError::None => 0,
        PeekedError::Truncated => {
            out::eprint(format_args!("ERROR truncated\n"));
            -1
        }
        PeekedError::Error(e) => {
            out::set_errno(e.wrapping_neg());
            -1
        }
    }
}

/// `talk` for the old API's forms (`ffi::compat`): `observe(datagram, dg)` sees each received
/// datagram before the talk walk does (the 7-argument `rtnl_talk`'s junk filter; a negative
/// return ends the call with that value), and `on_error(datagram)` sees the datagram that
/// made the call fail while it is still in the buffer (`rtnl_talk_extack`'s `errfn` reads the
/// kernel's error message there). A separate copy of [`receive_replies`], so that the v7.1
/// entry points keep their code.
pub fn talk_observed<R>(
    fd: i32,
    msg: &[u8],
    ctx: &TalkCtx,
    keep: impl FnOnce(&[u8]) -> Result<R, i32>,
    mut observe: impl FnMut(&mut [u8], &Datagram) -> i32,
    on_error: impl FnOnce(&[u8]),
) -> Result<R, i32> {
    if socket::send_to_kernel(fd, &[msg]) < 0 {
        perror(c"Cannot talk to rtnetlink");
        return Err(-1);
    }
    let Some(mut buf) = RecvBuf::take() else {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return Err(-libc::ENOMEM);
    };
    let mut count = 0i32;
    loop {
        let dg = socket::recv_datagram(fd, &mut buf, false).map_err(|e| proto::report_recv_error(e, &mut CStdio))?;
        count = count.saturating_add(1);
        let bytes = buf.bytes_mut(dg.len);
        let r = observe(bytes, &dg);
        if r < 0 {
            return Err(r);
        }
        match proto::talk_datagram(bytes, &dg, ctx, count, &mut CStdio) {
            TalkStep::Next => continue,
            TalkStep::Return(r) => {
                if r < 0 {
                    on_error(bytes);
                }
                return Err(r);
            }
            TalkStep::Answer => return keep(bytes),
        }
    }
}
