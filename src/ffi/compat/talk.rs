//! The old `rtnl_talk` forms (issue 18): 7 arguments with a junk filter (iproute2 2.6.7-3.1),
//! 5 arguments with `peer` and `groups` (3.2-4.0), `(answer, len)` (4.1-4.14, also
//! `rtnl_talk_suppress_rtnl_errmsg` 4.10-4.14 and `rtnl_talk_extack` 4.13-4.14), and
//! `rtnl_talk_extack(**answer, errfn)` (4.15-4.19). The core is `crate::talk`'s; these shells
//! number the request as `rtnl_talk` does and copy the reply the old way:
//!
//! * the old forms copied the *reply message* (not the datagram) into the caller's buffer;
//! * `(answer, len)`: a reply longer than `len` is refused (-1, errno EMSGSIZE, a line on
//!   stderr): v4.1-v4.3 overflowed the buffer and v4.4-v4.14 truncated it silently while
//!   keeping the longer `nlmsg_len`, so callers read past their buffer (README, what differs);
//! * 5- and 7-argument forms: the buffer's size is unknown, as it was; replies longer than the
//!   old library's receive buffer (16 KiB) are refused with `Truncated message` (-1, EMSGSIZE),
//!   which is what those releases answered to them;
//! * `peer` and `groups` other than 0 are refused (-1, EINVAL): the old library sent the
//!   request to that address, no iproute2 caller ever did, and talk only waits for the
//!   kernel's reply.
//! * every failure returns -1 (the old forms knew no other value), except
//!   `rtnl_talk_extack(**answer)` which returns what v4.15+'s `rtnl_talk` does.

use super::{who, Layout, Local};
use crate::ffi::errors::einval;
use crate::ffi::extack::nl_dump_ext_ack;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::talk::keep_answer;
use crate::ffi::types::{nl_ext_ack_fn_t, rtnl_handle};
use crate::out;
use crate::proto::{self, TalkCtx, NETLINK_SOCK_DIAG, NLMSG_ERROR};
use crate::talk;
use crate::wire::netlink::NLM_F_ACK;
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_uint, c_void};
use core::ptr::{self, addr_of, addr_of_mut};

use super::rtnl_filter_who_t;

/// The receive buffer of `rtnl_talk` in iproute2 2.6.9-4.0: no reply could be longer.
pub const OLD_TALK_BUF: usize = 16384;

/// Where the reply goes.
#[derive(Clone, Copy)]
pub(crate) enum Reply {
    /// No answer wanted: an ACK is requested.
    None,
    /// Copied into a buffer of this many bytes (v4.1-v4.14).
    Len(*mut nlmsghdr, usize),
    /// Copied into a buffer of unknown size (<= v4.0).
    Unbounded(*mut nlmsghdr),
    /// The malloc'd datagram, as v4.15+ (`rtnl_talk_extack`).
    Malloc(*mut *mut nlmsghdr),
}

impl Reply {
    fn from_buf(answer: *mut nlmsghdr) -> Reply {
        if answer.is_null() {
            Reply::None
        } else {
            Reply::Unbounded(answer)
        }
    }
}

/// How the old forms copy the reply found in `datagram`: `Err(-1)` with errno EMSGSIZE for a
/// reply that does not fit (see the module doc). Pure apart from the copy and the text.
pub(crate) fn copy_reply(datagram: &[u8], local_pid: u32, seq: u32, reply: Reply) -> Result<(), c_int> {
    let (dst, cap) = match reply {
        Reply::None => return Ok(()),
        Reply::Malloc(pp) => {
            let a = keep_answer(datagram)?;
            // SAFETY: a non-NULL out pointer from the caller.
            unsafe { pp.write(a.ptr) };
            return Ok(());
        }
        Reply::Len(p, len) => (p, len),
        Reply::Unbounded(p) => (p, OLD_TALK_BUF),
    };
    // The talk walk answered at the first reply, so it is there.
    let Some((at, len)) = proto::reply_in(datagram, local_pid, seq) else {
        out::set_errno(libc::EBADMSG);
        return Err(-1);
    };
    if len > cap {
        match reply {
            Reply::Len(..) => out::eprint(format_args!("rtnl_talk: reply of {len} bytes does not fit the answer buffer of {cap} bytes\n")),
            _ => out::eprint(format_args!("Truncated message\n")),
        }
        out::set_errno(libc::EMSGSIZE);
        return Err(-1);
    }
    // SAFETY: the caller's buffer holds `cap >= len` bytes (contract; for Unbounded, the
    // old contract: room for any reply); the receive buffer does not overlap it.
    unsafe { ptr::copy_nonoverlapping(datagram[at..].as_ptr(), dst.cast::<u8>(), len) };
    Ok(())
}

/// One old-form request. `junk` (7 arguments) sees every message before the reply that is
/// not the reply, with its sender; `errfn` (extack) gets the kernel's error message.
///
/// # Safety
/// `rth` is NULL or a handle of `layout`; `n` NULL or a message of `nlmsg_len` writable bytes;
/// the reply pointers as their forms say.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn old_talk(
    rth: *mut c_void,
    layout: Layout,
    n: *mut nlmsghdr,
    reply: Reply,
    show_errors: bool,
    errfn: nl_ext_ack_fn_t,
    junk: rtnl_filter_who_t,
    jarg: *mut c_void,
) -> c_int {
    let malloc_form = matches!(reply, Reply::Malloc(_));
    catch(-1, || {
        // SAFETY: forwarded contract.
        let Some(mut local) = (unsafe { Local::load(rth, layout) }) else { return einval(-1) };
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: a live local full handle.
        let h = unsafe { Handle::from_ptr(local.ptr()) }.expect("non-NULL");
        let want_answer = !matches!(reply, Reply::None);
        let seq = h.seq().wrapping_add(1);
        h.set_seq(seq);
        // SAFETY: `n` is the caller's message (contract); copied, because the answer buffer
        // may be the request's (`rtnl_talk(&rth, &req.n, &req.n, sizeof(req))`).
        let request = unsafe {
            addr_of_mut!((*n).nlmsg_seq).write_unaligned(seq);
            if !want_answer {
                let flags = addr_of!((*n).nlmsg_flags).read_unaligned() | NLM_F_ACK;
                addr_of_mut!((*n).nlmsg_flags).write_unaligned(flags);
            }
            core::slice::from_raw_parts(n.cast::<u8>(), addr_of!((*n).nlmsg_len).read_unaligned() as usize).to_vec()
        };
        let local_pid = h.local_pid();
        let proto = h.proto();
        let ctx = TalkCtx { local_pid, seq, proto, show_errors: show_errors && errfn.is_none(), want_answer };
        let keep = |dg: &[u8]| copy_reply(dg, local_pid, seq, reply);
        // A junk filter's negative value is returned as it is (2.6.7-3.1).
        let junk_ret = core::cell::Cell::new(0);
        let r = if errfn.is_none() && junk.is_none() {
            talk::talk(h.fd(), &request, &ctx, keep)
        } else {
            let observe = |bytes: &mut [u8], dg: &crate::socket::Datagram| {
                let Some(j) = junk else { return 0 };
                let from = who(dg.src_pid, dg.src_groups);
                let found: Vec<(usize, proto::Hdr)> = proto::messages(bytes).collect();
                for (at, hdr) in found {
                    if proto::is_reply(dg.src_pid, &hdr, local_pid, seq) {
                        break;
                    }
                    // SAFETY: the caller's junk filter, given a whole message in the buffer.
                    let r = unsafe { j(&from, bytes[at..].as_mut_ptr().cast(), jarg) };
                    if r < 0 {
                        junk_ret.set(r);
                        return r;
                    }
                }
                0
            };
            let on_error = |bytes: &[u8]| {
                if errfn.is_some() && show_errors && proto != NETLINK_SOCK_DIAG {
                    report_with_errfn(bytes, local_pid, seq, errfn);
                }
            };
            talk::talk_observed(h.fd(), &request, &ctx, keep, observe, on_error)
        };
        local.store_seq();
        // Err(0): done without an answer (an ACK when none was wanted).
        match r {
            Ok(()) | Err(0) => 0,
            Err(e) if malloc_form || e == junk_ret.get() => e,
            Err(_) => -1,
        }
    })
}

/// v4.13-v4.19's error report with an `errfn`: the kernel's message goes to `errfn`, and when
/// it returns 0 (or there is no message) `RTNETLINK answers: <strerror>` is printed.
fn report_with_errfn(datagram: &[u8], local_pid: u32, seq: u32, errfn: nl_ext_ack_fn_t) {
    let Some((at, len)) = proto::reply_in(datagram, local_pid, seq) else { return };
    let msg = &datagram[at..at + len];
    if proto::Hdr::read(msg, 0).ty != NLMSG_ERROR {
        return;
    }
    let Some(error) = crate::extack::error_code(msg) else { return };
    if error == 0 {
        return;
    }
    // SAFETY: a whole message inside the receive buffer; the caller's callback.
    if unsafe { nl_dump_ext_ack(msg.as_ptr().cast(), errfn) } == 0 {
        out::set_errno(error.wrapping_neg());
        out::perror(c"RTNETLINK answers");
    }
    out::set_errno(error.wrapping_neg());
}

/// `rtnl_talk` of iproute2 2.6.7-3.1 (handle H36): `(rtnl, n, peer, groups, answer, junk,
/// jarg)`. `junk(who, n, jarg)` is called for each message received before the reply that is
/// not the reply (another sender or sequence number); its negative value ends the call.
///
/// # Safety
/// `rtnl` is an open 36-byte handle; `n` a writable message; `answer` NULL or room for the
/// reply; `junk` NULL or a function accepting `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_7arg_h36(
    rtnl: *mut c_void,
    n: *mut nlmsghdr,
    peer: libc::pid_t,
    groups: c_uint,
    answer: *mut nlmsghdr,
    junk: rtnl_filter_who_t,
    jarg: *mut c_void,
) -> c_int {
    if peer != 0 || groups != 0 {
        return einval(-1);
    }
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl, Layout::H36, n, Reply::from_buf(answer), true, None, junk, jarg) }
}

macro_rules! talk_5arg {
    ($name:ident, $layout:expr, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// `rtnl` is an open handle of the era's size; `n` a writable message; `answer` NULL or
        /// room for the reply.
        #[no_mangle]
        pub unsafe extern "C" fn $name(rtnl: *mut c_void, n: *mut nlmsghdr, peer: libc::pid_t, groups: c_uint, answer: *mut nlmsghdr) -> c_int {
            if peer != 0 || groups != 0 {
                return einval(-1);
            }
            // SAFETY: forwarded contract.
            unsafe { old_talk(rtnl, $layout, n, Reply::from_buf(answer), true, None, None, ptr::null_mut()) }
        }
    };
}

talk_5arg!(rnl_compat_rtnl_talk_5arg_h36, Layout::H36, "`rtnl_talk(rtnl, n, peer, groups, answer)` of iproute2 3.2-3.17 (36-byte handle).");
talk_5arg!(rnl_compat_rtnl_talk_5arg_h40, Layout::H40, "`rtnl_talk(rtnl, n, peer, groups, answer)` of iproute2 3.18 (40-byte handle).");
talk_5arg!(rnl_compat_rtnl_talk_5arg_h48, Layout::H48, "`rtnl_talk(rtnl, n, peer, groups, answer)` of iproute2 3.19-4.0 (48-byte handle).");

/// `rtnl_talk(rtnl, n, answer, len)` of iproute2 4.2-4.14: the reply message is copied into
/// `answer` when it fits in `len` bytes, else -1 with errno EMSGSIZE.
///
/// # Safety
/// `rtnl` is an open handle; `n` a writable message; `answer` NULL or `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_len(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut nlmsghdr, len: usize) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl.cast(), Layout::H56, n, len_reply(answer, len), true, None, None, ptr::null_mut()) }
}

/// `rtnl_talk(rtnl, n, answer, len)` of iproute2 4.1 (48-byte handle).
///
/// # Safety
/// As `rnl_compat_rtnl_talk_len`, with a 48-byte handle.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_len_h48(rtnl: *mut c_void, n: *mut nlmsghdr, answer: *mut nlmsghdr, len: usize) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl, Layout::H48, n, len_reply(answer, len), true, None, None, ptr::null_mut()) }
}

fn len_reply(answer: *mut nlmsghdr, len: usize) -> Reply {
    if answer.is_null() {
        Reply::None
    } else {
        Reply::Len(answer, len)
    }
}

/// `rtnl_talk_suppress_rtnl_errmsg(rtnl, n, answer, len)` of iproute2 4.10-4.14: the
/// `(answer, len)` talk without the `RTNETLINK answers` line (errno is still set).
///
/// # Safety
/// As `rnl_compat_rtnl_talk_len`.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_suppress_rtnl_errmsg_len(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut nlmsghdr, len: usize) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl.cast(), Layout::H56, n, len_reply(answer, len), false, None, None, ptr::null_mut()) }
}

/// `rtnl_talk_extack(rtnl, n, answer, len, errfn)` of iproute2 4.13-4.14: the `(answer, len)`
/// talk; on a kernel error with an ext-ack message, `errfn(msg, off, inner)` is called instead
/// of printing `Error: <msg>.`, and `RTNETLINK answers` follows when it returns 0.
///
/// # Safety
/// As `rnl_compat_rtnl_talk_len`; `errfn` NULL or a valid function.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_extack_len(
    rtnl: *mut rtnl_handle,
    n: *mut nlmsghdr,
    answer: *mut nlmsghdr,
    len: usize,
    errfn: nl_ext_ack_fn_t,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl.cast(), Layout::H56, n, len_reply(answer, len), true, errfn, None, ptr::null_mut()) }
}

/// `rtnl_talk_extack(rtnl, n, answer, errfn)` of iproute2 4.15-4.19: `rtnl_talk` (v4.15+:
/// `*answer` a malloc'd copy of the reply datagram, the caller frees it) with `errfn` as in
/// `rnl_compat_rtnl_talk_extack_len`.
///
/// # Safety
/// As `rtnl_talk`; `errfn` NULL or a valid function.
#[no_mangle]
pub unsafe extern "C" fn rnl_compat_rtnl_talk_extack(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut *mut nlmsghdr, errfn: nl_ext_ack_fn_t) -> c_int {
    let reply = if answer.is_null() { Reply::None } else { Reply::Malloc(answer) };
    // SAFETY: forwarded contract.
    unsafe { old_talk(rtnl.cast(), Layout::H56, n, reply, true, errfn, None, ptr::null_mut()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(ty: u16, seq: u32, pid: u32, payload: usize) -> Vec<u8> {
        let len = 16 + payload;
        let mut m = Vec::new();
        m.extend_from_slice(&(len as u32).to_ne_bytes());
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&0u16.to_ne_bytes());
        m.extend_from_slice(&seq.to_ne_bytes());
        m.extend_from_slice(&pid.to_ne_bytes());
        m.extend((0..payload).map(|i| i as u8));
        while m.len() % 4 != 0 {
            m.push(0);
        }
        m
    }

    #[test]
    fn copies_the_reply_message_not_the_datagram_start() {
        let mut dg = msg(24, 9, 42, 8); // someone else's sequence number
        let reply = msg(16, 10, 42, 20);
        dg.extend_from_slice(&reply);
        let mut answer = vec![0u8; 64];
        copy_reply(&dg, 42, 10, Reply::Len(answer.as_mut_ptr().cast(), 64)).unwrap();
        assert_eq!(&answer[..36], &reply[..36]);
        assert!(answer[36..].iter().all(|&b| b == 0), "nothing past the reply is written");
    }

    #[test]
    fn refuses_to_truncate() {
        let dg = msg(16, 10, 42, 100);
        let mut answer = vec![0xEEu8; 64];
        assert_eq!(copy_reply(&dg, 42, 10, Reply::Len(answer.as_mut_ptr().cast(), 64)), Err(-1));
        assert_eq!(crate::out::errno(), libc::EMSGSIZE);
        assert!(answer.iter().all(|&b| b == 0xEE), "the buffer is left alone");
        // Exactly fitting is fine.
        let mut answer = vec![0u8; 116];
        copy_reply(&dg, 42, 10, Reply::Len(answer.as_mut_ptr().cast(), 116)).unwrap();
        assert_eq!(&answer[..], &dg[..116]);
    }

    #[test]
    fn unbounded_refuses_more_than_the_old_receive_buffer() {
        let dg = msg(16, 10, 42, OLD_TALK_BUF);
        let mut answer = vec![0u8; 8];
        assert_eq!(copy_reply(&dg, 42, 10, Reply::Unbounded(answer.as_mut_ptr().cast())), Err(-1));
        assert_eq!(crate::out::errno(), libc::EMSGSIZE);
    }
}
