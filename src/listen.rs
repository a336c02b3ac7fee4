//! Notifications over a socket and messages from a file (spec 3.7, 3.8): `rtnl_listen`'s
//! receive loop, and the record framing of `rtnl_from_file`'s message files.
//!
//! The C shell (`ffi/listen.rs`) wraps the caller's handler as a [`ListenSink`] and reads the
//! `FILE *` with C stdio.

use crate::macros::align4;
use crate::out::{self, CStdio};
use crate::proto::{self, ListenSink, Step};
use crate::socket::{self, RecvBuf, RecvError};
use crate::wire::NLMSG_HDRLEN;

/// Receives notifications from the socket `fd()` forever, handing every message to `sink`
/// with the peer namespace's nsid when `all_nsid()` (`RTNL_HANDLE_F_LISTEN_ALL_NSID`), else
/// -1. `fd` and `all_nsid` are asked afresh for each datagram. Never returns 0: the sink's
/// negative value, or -1 on a receive error (ENOBUFS is printed and listening goes on), a
/// malformed datagram, or no buffer.
pub fn listen(fd: impl Fn() -> i32, all_nsid: impl Fn() -> bool, sink: &mut impl ListenSink) -> i32 {
    let Some(mut buf) = RecvBuf::take() else {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return -1;
    };
    loop {
        let all_nsid = all_nsid();
        let dg = match socket::recv_datagram(fd(), &mut buf, all_nsid) {
            Ok(dg) => dg,
            Err(e) => {
                proto::report_recv_error(e, &mut CStdio);
                if e == RecvError::Errno(libc::ENOBUFS) {
                    continue;
                }
                return -1;
            }
        };
        let nsid = if all_nsid { dg.nsid.unwrap_or(-1) } else { -1 };
        match proto::listen_datagram(buf.bytes_mut(dg.len), &dg, nsid, sink) {
            Step::Next => continue,
            Step::Return(r) => return r,
        }
    }
}

/// The bytes a message-file record takes whose header says `nlmsg_len = len`: the header and
/// its payload padded to 4. None for a length below a header or above `max` (`rtnl_from_file`
/// passes the header's `FROM_FILE_MAX`): `!!!malformed message`.
pub fn from_file_record_size(len: u32, max: u32) -> Option<usize> {
    if (len as usize) < NLMSG_HDRLEN || len > max {
        return None;
    }
    Some(NLMSG_HDRLEN + align4(len - NLMSG_HDRLEN as u32) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_sizes() {
        const MAX: u32 = 16 << 20;
        assert_eq!(from_file_record_size(15, MAX), None);
        assert_eq!(from_file_record_size(16, MAX), Some(16));
        assert_eq!(from_file_record_size(17, MAX), Some(20));
        assert_eq!(from_file_record_size(MAX, MAX), Some(MAX as usize));
        assert_eq!(from_file_record_size(MAX + 1, MAX), None);
        assert_eq!(from_file_record_size(u32::MAX, MAX), None);
    }
}
