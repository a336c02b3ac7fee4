//! Two functions of iproute2 v6.1's libnetlink that later releases dropped, for tools built
//! from iproute2 6.1 to 6.18 (spec 6.3, 6.7), declared in `<rnetlink.h>` (iproute2 v7.1's
//! `<libnetlink.h>` no longer has them):
//! - `rtnl_talk_iov` (v4.16 to v6.3): several requests in one datagram;
//! - `nl_print_policy` (v5.10 to v6.18; `genl ctrl policy` of 6.1 to 6.18 calls it).

use crate::attr::policy;
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::talk::{keep_answer, talk_ctx};
use crate::ffi::types::rtnl_handle;
use crate::out::{c_eprint, perror};
use crate::socket;
use crate::talk;
use crate::wire::netlink::NLM_F_ACK;
use crate::wire::{nlmsghdr, rtattr};
use core::ffi::c_int;
use core::fmt;
use core::mem::size_of;
use core::ptr::{addr_of, addr_of_mut};
use libc::FILE;

/// iproute2 v6.1's `rtnl_talk_iov` (v4.16 to v6.3): sends the `iovlen` messages of `iovec`
/// (one message per entry, `iov_len` bytes each) in one datagram, numbering them
/// `++rtnl->seq` in order (and setting `NLM_F_ACK` on each when `answer` is NULL), and reads
/// one reply datagram per message. Kernel errors are printed as `rtnl_talk` prints them and
/// set errno; the result is decided by the first data reply (with `answer`: 0, `*answer` a
/// `malloc`'d copy of its datagram) or by the reply in the `iovlen`-th datagram: 0, or
/// `-count` for an error. -1 if sending fails (`Cannot talk to rtnetlink`), `-errno` if
/// receiving does; -1 with errno EINVAL for a NULL handle or array, `iovlen == 0`, or an entry
/// shorter than a message header. Only replies numbered like the messages sent are read.
///
/// # Safety
/// `rtnl` is an open handle used by this thread only; `iovec` has `iovlen` entries, each
/// describing `iov_len` readable and writable bytes that start with a message header;
/// `answer` is NULL or writable.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_talk_iov(rtnl: *mut rtnl_handle, iovec: *mut libc::iovec, iovlen: usize, answer: *mut *mut nlmsghdr) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rtnl) }) else { return einval(-1) };
        if iovec.is_null() || iovlen == 0 || iovlen > u32::MAX as usize {
            return einval(-1);
        }
        // SAFETY: `iovlen` entries (contract).
        let iov = unsafe { core::slice::from_raw_parts(iovec.cast_const(), iovlen) };
        if iov.iter().any(|v| v.iov_base.is_null() || v.iov_len < size_of::<nlmsghdr>()) {
            return einval(-1);
        }
        let mut seq = h.seq();
        for v in iov {
            seq = seq.wrapping_add(1);
            let m = v.iov_base.cast::<nlmsghdr>();
            // SAFETY: each entry starts with a writable message header (checked length, contract).
            unsafe {
                addr_of_mut!((*m).nlmsg_seq).write_unaligned(seq);
                if answer.is_null() {
                    let flags = addr_of!((*m).nlmsg_flags).read_unaligned() | NLM_F_ACK;
                    addr_of_mut!((*m).nlmsg_flags).write_unaligned(flags);
                }
            }
        }
        h.set_seq(seq);
        // SAFETY: each entry describes readable bytes (contract).
        if unsafe { socket::send_iovecs_to_kernel(h.fd(), iov) } < 0 {
            perror(c"Cannot talk to rtnetlink");
            return -1;
        }
        let ctx = talk_ctx(h, seq, !answer.is_null(), true);
        match talk::receive_replies(h.fd(), &ctx, iovlen as u32, keep_answer) {
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


/// Formatted text into a C stream, as `fprintf(fp, …)`.
struct CFile(*mut FILE);

impl fmt::Write for CFile {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // SAFETY: the pointer and length describe `s`; the stream is the caller's.
        unsafe { libc::fwrite(s.as_ptr().cast(), 1, s.len(), self.0) };
        Ok(())
    }
}

/// iproute2 v6.1's `nl_print_policy`: prints the `CTRL_ATTR_POLICY` nest `attr` to `fp` as
/// `genl ctrl policy` shows it, with no newline: for each policy ` policy[N]:`, then for each
/// of its attributes that has a type `attr[N]: type=T`, and ` policy:N`, ` maxattr:N`,
/// ` range:[MIN,MAX]`, ` min len:N`, ` max len:N` for what it has. A nested parse with
/// leftovers prints `!!!Deficit %d, rta_len=%d` on stderr. Reads only `attr`'s `rta_len`
/// bytes. A NULL `attr` or `fp` prints nothing (errno EINVAL).
///
/// # Safety
/// `attr` is NULL or an attribute whose `rta_len` bytes are readable; `fp` is NULL or an open
/// stream.
#[no_mangle]
pub unsafe extern "C" fn nl_print_policy(attr: *const rtattr, fp: *mut FILE) {
    catch((), || {
        if attr.is_null() || fp.is_null() {
            return einval(());
        }
        // SAFETY: the header of a non-NULL attribute is readable (contract).
        let len = unsafe { addr_of!((*attr).rta_len).read_unaligned() } as usize;
        // SAFETY: its rta_len bytes are readable (contract).
        let bytes = unsafe { core::slice::from_raw_parts(attr.cast::<u8>(), len.max(size_of::<rtattr>())) };
        let _ = policy::print_policy(bytes, &mut CFile(fp), |d| {
            c_eprint!("!!!Deficit {}, rta_len={}\n", d.len, d.rta_len.unwrap_or(0));
        });
    })
}
