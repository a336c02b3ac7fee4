//! Request and response (spec 3.4, 3.5): `rtnl_talk`, `rtnl_talk_suppress_rtnl_errmsg`,
//! `rtnl_echo_talk`, `rtnl_send`, `rtnl_send_check`.
//!
//! The send and receive loop is `crate::talk`'s (over `proto`'s talk walk); this shell numbers
//! the caller's message in place, copies the answer into the `malloc` buffer the caller frees,
//! and runs `rtnl_echo_talk`'s printer inside the program's JSON object.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::json::{rnetlink_internal_json_begin, rnetlink_internal_json_end};
use crate::ffi::types::rtnl_handle;
use crate::out;
use crate::proto::TalkCtx;
use crate::socket;
use crate::talk;
use crate::wire::netlink::{NLM_F_ACK, NLM_F_ECHO};
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_void};
use core::ptr::{self, addr_of, addr_of_mut};

/// iproute2 hands out answers of at least this size; callers may rely on the room.
const MIN_ANSWER: usize = 32768;

/// A received answer: the malloc'd copy handed to the caller, and the datagram's length.
pub(crate) struct Answer {
    pub(crate) ptr: *mut nlmsghdr,
    len: usize,
}

/// The talk context of a request numbered `seq` on `h`.
pub(crate) fn talk_ctx(h: Handle, seq: u32, want_answer: bool, show_errors: bool) -> TalkCtx {
    TalkCtx { local_pid: h.local_pid(), seq, proto: h.proto(), show_errors, want_answer }
}

/// Numbers `n` with `seq = ++rth->seq` (and sets `NLM_F_ACK` unless an answer is wanted),
/// then has `crate::talk` send it and read replies until the one for it; the datagram holding
/// the reply is copied into a malloc'd buffer. Inlined into its two callers (`rtnl_talk*` and
/// `rtnl_echo_talk`): a request costs one call into the library.
///
/// # Safety
/// `n` points to a message whose `nlmsg_len` bytes are readable and writable.
#[inline(always)]
unsafe fn talk(h: Handle, n: *mut nlmsghdr, want_answer: bool, show_errors: bool) -> Result<Answer, c_int> {
    let seq = h.seq().wrapping_add(1);
    h.set_seq(seq);
    // SAFETY: `n` is the caller's message header (contract).
    unsafe {
        addr_of_mut!((*n).nlmsg_seq).write_unaligned(seq);
        if !want_answer {
            let flags = addr_of!((*n).nlmsg_flags).read_unaligned() | NLM_F_ACK;
            addr_of_mut!((*n).nlmsg_flags).write_unaligned(flags);
        }
    }
    // SAFETY: the message's nlmsg_len bytes are readable (contract).
    let msg = unsafe { core::slice::from_raw_parts(n.cast::<u8>(), addr_of!((*n).nlmsg_len).read_unaligned() as usize) };
    talk::talk(h.fd(), msg, &talk_ctx(h, seq, want_answer, show_errors), keep_answer)
}

/// The answer datagram copied for the C caller (see [`copy_answer`]).
#[inline(always)]
pub(crate) fn keep_answer(datagram: &[u8]) -> Result<Answer, c_int> {
    copy_answer(datagram).map(|ptr| Answer { ptr, len: datagram.len() })
}

/// The datagram in a libc `malloc` buffer (the caller `free`s it), at least [`MIN_ANSWER`]
/// bytes.
fn copy_answer(datagram: &[u8]) -> Result<*mut nlmsghdr, c_int> {
    let size = datagram.len().max(MIN_ANSWER);
    // SAFETY: plain malloc.
    let p = unsafe { libc::malloc(size) }.cast::<u8>();
    if p.is_null() {
        out::eprint(format_args!("malloc error: not enough buffer\n"));
        return Err(-libc::ENOMEM);
    }
    // SAFETY: `p` has `size >= datagram.len()` bytes and does not overlap the receive buffer.
    unsafe { ptr::copy_nonoverlapping(datagram.as_ptr(), p, datagram.len()) };
    Ok(p.cast())
}

/// # Safety
/// As `rtnl_talk`.
unsafe fn talk_entry(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut *mut nlmsghdr, show_errors: bool) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rtnl) }) else { return einval(-1) };
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: forwarded contract.
        match unsafe { talk(h, n, !answer.is_null(), show_errors) } {
            Ok(a) => {
                if !answer.is_null() {
                    // SAFETY: non-NULL out pointer from the caller.
                    unsafe { answer.write(a.ptr) };
                }
                0
            }
            Err(r) => r,
        }
    })
}

/// Sends request `n` (setting `nlmsg_seq = ++rtnl->seq`, and `NLM_F_ACK` when `answer` is
/// NULL) and waits for its reply. 0 on success: with `answer`, `*answer` is a `malloc`'d copy
/// of the reply's datagram (the caller frees it; for an ACK it is the NLMSG_ERROR). On a
/// kernel error: errno set, `RTNETLINK answers: …` or the ext-ack `Error: …` printed, and the
/// negated number of datagrams read returned (test `< 0`). -1 if sending fails, `-errno` if
/// receiving does. `*answer` is only written on success.
///
/// # Safety
/// `rtnl` is an open handle used by this thread only; `n` is a message whose `nlmsg_len`
/// bytes are readable and writable; `answer` is NULL or writable.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_talk(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut *mut nlmsghdr) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { talk_entry(rtnl, n, answer, true) }
}

/// `rtnl_talk` that does not print kernel errors (errno is still set; ACK warnings are still
/// printed).
///
/// # Safety
/// As `rtnl_talk`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_talk_suppress_rtnl_errmsg(rtnl: *mut rtnl_handle, n: *mut nlmsghdr, answer: *mut *mut nlmsghdr) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { talk_entry(rtnl, n, answer, false) }
}

/// Sends `n` with `NLM_F_ECHO | NLM_F_ACK` and prints the kernel's echo of the object with
/// `print_info(answer, stdout)`, inside the program's `new_json_obj(json)` /
/// `open_json_object(NULL)` … `close_json_object()` / `delete_json_obj()` when the program
/// defines them. Also reads the ACK that follows. 0, or what `rtnl_talk` returned.
///
/// # Safety
/// As `rtnl_talk`; `print_info` is NULL or a function taking `(answer, FILE *stdout)`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_echo_talk(
    rtnl: *mut rtnl_handle,
    n: *mut nlmsghdr,
    json: c_int,
    print_info: Option<unsafe extern "C" fn(n: *mut nlmsghdr, arg: *mut c_void) -> c_int>,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rtnl) }) else { return einval(-1) };
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: `n` is the caller's message header.
        unsafe {
            let flags = addr_of!((*n).nlmsg_flags).read_unaligned() | NLM_F_ECHO | NLM_F_ACK;
            addr_of_mut!((*n).nlmsg_flags).write_unaligned(flags);
        }
        // SAFETY: forwarded contract.
        let answer = match unsafe { talk(h, n, true, true) } {
            Ok(a) => a,
            Err(r) => return r,
        };
        // SAFETY: the answer buffer holds the `len` bytes of the datagram copied into it.
        let first = unsafe { core::slice::from_raw_parts(answer.ptr.cast::<u8>(), answer.len) };
        talk::consume_ack(h.fd(), first, &talk_ctx(h, h.seq(), true, true));
        // SAFETY: the shim calls the program's JSON functions only if all four exist.
        let json_open = unsafe { rnetlink_internal_json_begin(json) } != 0;
        if let Some(print) = print_info {
            // SAFETY: the caller's printer gets the answer and libc's stdout, as iproute2's.
            unsafe { print(answer.ptr, out::stdout_stream().cast()) };
        }
        if json_open {
            // SAFETY: begin succeeded, so the functions exist.
            unsafe { rnetlink_internal_json_end() };
        }
        // SAFETY: allocated by copy_answer with malloc, not handed to the caller.
        unsafe { libc::free(answer.ptr.cast()) };
        0
    })
}

/// `send(rth->fd, buf, len, 0)`: the byte count or -1 with errno. No sequence handling.
///
/// # Safety
/// `rth` is an open handle; `buf` is NULL or has `len` readable bytes.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_send(rth: *mut rtnl_handle, buf: *const c_void, len: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        // SAFETY: forwarded contract for `buf`.
        match unsafe { bytes(buf, len) } {
            Some(b) => socket::send(h.fd(), b) as c_int,
            None => einval(-1),
        }
    })
}

/// # Safety
/// `buf` is NULL or has `len` readable bytes.
unsafe fn bytes<'a>(buf: *const c_void, len: c_int) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    if len == 0 {
        return Some(&[]);
    }
    // SAFETY: non-NULL with `len` readable bytes (contract).
    (!buf.is_null()).then(|| unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), len) })
}

/// Sends like `rtnl_send`, then peeks (without waiting) at what the kernel already queued:
/// -1 if the first NLMSG_ERROR there (an ACK included) is found, with `errno = -error`
/// (`ERROR truncated` printed if it is short); 0 if nothing is pending or no error is seen.
/// The peeked messages stay queued.
///
/// # Safety
/// As `rtnl_send`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_send_check(rth: *mut rtnl_handle, buf: *const c_void, len: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        // SAFETY: forwarded contract for `buf`.
        let Some(b) = (unsafe { bytes(buf, len) }) else { return einval(-1) };
        talk::send_check(h.fd(), b)
    })
}
