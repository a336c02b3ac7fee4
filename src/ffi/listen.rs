//! Notifications and message files (spec 3.7, 3.8): `rtnl_listen`, `rtnl_from_file`.
//!
//! The receive loop and the record framing are `crate::listen`'s; this shell wraps the
//! caller's handler as the walk's sink and reads message files with C stdio.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::{rtnl_ctrl_data, rtnl_handle, rtnl_listen_filter_t, RTNL_HANDLE_F_LISTEN_ALL_NSID};
use crate::listen::{self, from_file_record_size};
use crate::out::{self, CStdio};
use crate::proto::{self, ListenSink};
use crate::socket::Datagram;
use crate::wire::{nlmsghdr, NLMSG_HDRLEN};
use core::ffi::{c_int, c_void};

/// The largest message `rtnl_from_file` accepts (iproute2: 16 KiB, difference 4).
pub const FROM_FILE_MAX: u32 = 16 << 20;

struct Handler {
    f: unsafe extern "C" fn(*mut rtnl_ctrl_data, *mut nlmsghdr, *mut c_void) -> c_int,
    arg: *mut c_void,
    out: CStdio,
}

crate::out::out_via_cstdio!(Handler);

impl ListenSink for Handler {
    fn handle(&mut self, buf: &mut [u8], at: usize, nsid: i32, _: &Datagram) -> i32 {
        let mut ctrl = rtnl_ctrl_data { nsid };
        // SAFETY: the caller's handler, given a message lying whole inside the receive
        // buffer and a ctrl that lives for the call.
        let r = unsafe { (self.f)(&mut ctrl, buf[at..].as_mut_ptr().cast(), self.arg) };
        // Monitor output is line-timely (iproute2 v7.1).
        out::flush_stdout();
        r
    }
}

/// Receives notifications forever, passing every message to `handler(&ctrl, n, jarg)` (no
/// sender or sequence filtering; `ctrl.nsid` is the peer namespace with
/// `RTNL_HANDLE_F_LISTEN_ALL_NSID`, else -1). Never returns 0: it returns the handler's
/// negative value, or -1 on a receive error (ENOBUFS is printed and listening goes on) or a
/// malformed datagram. Notifications of any size are received whole.
///
/// # Safety
/// `rth` is an open handle used by this thread only; `handler` accepts `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_listen(rth: *mut rtnl_handle, handler: rtnl_listen_filter_t, jarg: *mut c_void) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let Some(f) = handler else { return einval(-1) };
        let mut sink = Handler { f, arg: jarg, out: CStdio };
        listen::listen(|| h.fd(), || h.flags() & RTNL_HANDLE_F_LISTEN_ALL_NSID != 0, &mut sink)
    })
}

/// Why reading a record failed, reported the way iproute2 does.
fn report_short_read(fp: *mut libc::FILE) {
    // SAFETY: `fp` is the caller's open stream.
    if unsafe { libc::ferror(fp) } != 0 {
        out::perror(c"rtnl_from_file: fread");
    }
    // SAFETY: as above.
    if unsafe { libc::feof(fp) } != 0 {
        out::eprint(format_args!("rtnl-from_file: truncated message\n"));
    }
}

fn read_exact(fp: *mut libc::FILE, buf: &mut [u8]) -> usize {
    // SAFETY: `buf` is writable for its length; `fp` is the caller's open stream.
    unsafe { libc::fread(buf.as_mut_ptr().cast(), 1, buf.len(), fp) }
}

/// Reads a stream of raw netlink messages (the kernel's datagram layout, as `rtmon` and
/// `ip … save` write) and passes each to `handler(NULL, n, jarg)`. 0 at end of file, the
/// handler's negative value, or -1 for a short or malformed record (length under 16 or above
/// 16 MiB: `!!!malformed message: len=%d @%lu`).
///
/// # Safety
/// `rtnl` is an open `FILE *`; `handler` accepts `jarg`.
#[no_mangle]
pub unsafe extern "C" fn rtnl_from_file(rtnl: *mut libc::FILE, handler: rtnl_listen_filter_t, jarg: *mut c_void) -> c_int {
    let Some(f) = handler else { return einval(-1) };
    // SAFETY: the caller's handler, given a whole message and NULL ctrl (contract).
    unsafe { from_file_with(rtnl, |n| f(core::ptr::null_mut(), n, jarg)) }
}

/// `rtnl_from_file`'s record loop, calling `call(n)` on each message (the old API's
/// handler forms are called through here too, `ffi::compat`).
///
/// # Safety
/// `rtnl` is NULL or an open `FILE *`.
pub(crate) unsafe fn from_file_with(rtnl: *mut libc::FILE, mut call: impl FnMut(*mut nlmsghdr) -> c_int) -> c_int {
    catch(-1, || {
        if rtnl.is_null() {
            return einval(-1);
        }
        // One buffer for the whole file, grown to the largest record.
        let mut buf: Vec<u8> = vec![0; 16384];
        loop {
            let got = read_exact(rtnl, &mut buf[..NLMSG_HDRLEN]);
            // SAFETY: the caller's open stream.
            if got == 0 && unsafe { libc::ferror(rtnl) } == 0 {
                return 0;
            }
            if got != NLMSG_HDRLEN {
                report_short_read(rtnl);
                return -1;
            }
            let len = proto::Hdr::read(&buf, 0).len;
            let Some(total) = from_file_record_size(len, FROM_FILE_MAX) else {
                // SAFETY: the caller's open stream.
                let pos = unsafe { libc::ftell(rtnl) };
                // `%lu` of a `long`: a failed ftell (-1, on a pipe) prints as ULONG_MAX of this
                // target, 4294967295 where long has 32 bits.
                out::eprint(format_args!("!!!malformed message: len={} @{}\n", len as i32, pos as core::ffi::c_ulong));
                return -1;
            };
            if buf.len() < total {
                buf.resize(total, 0);
            }
            if read_exact(rtnl, &mut buf[NLMSG_HDRLEN..total]) != total - NLMSG_HDRLEN {
                report_short_read(rtnl);
                return -1;
            }
            let err = call(buf.as_mut_ptr().cast());
            if err < 0 {
                return err;
            }
        }
    })
}
