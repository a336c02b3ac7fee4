//! `rnl_nlmsg_fprintf`: the decoder of `RNETLINK_DEBUG=2` as a function. This shell only
//! turns the pointer into a slice and the `FILE *` into a writer; `trace::decode` does the rest.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::trace::decode::{self, Opts};
use core::ffi::{c_int, c_void};
use core::fmt;

/// A C stream as a `fmt::Write`.
struct CFile(*mut libc::FILE);

impl fmt::Write for CFile {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // SAFETY: the pointer and length describe `s`; the stream is the caller's open FILE.
        let n = unsafe { libc::fwrite(s.as_ptr().cast(), 1, s.len(), self.0) };
        if n == s.len() {
            Ok(())
        } else {
            Err(fmt::Error)
        }
    }
}

/// Prints every netlink message in `buf[0..len)` to `fp`, decoded: a line per message (type
/// by the kernel's name, flags, sequence number, port id, length), then its family header's
/// fields and every attribute by name, indented, with nests indented further. `protocol` is
/// the netlink protocol the bytes belong to (`NETLINK_ROUTE`, `NETLINK_GENERIC`, …). Returns
/// the number of messages printed; bytes that do not form a whole message are reported, not
/// read past. NULL `fp` or `buf` gives -1 with `errno = EINVAL`.
///
/// # Safety
/// `fp` is NULL or an open `FILE *`; `buf` is NULL or points to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rnl_nlmsg_fprintf(fp: *mut libc::FILE, buf: *const c_void, len: usize, protocol: c_int) -> c_int {
    catch(-1, || {
        if fp.is_null() || buf.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL with `len` readable bytes (contract).
        let bytes = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), len) };
        let mut out = CFile(fp);
        let n = decode::print_messages(&mut out, bytes, Opts { proto: protocol, level: 2, prefix: "", head: "" });
        n.min(c_int::MAX as usize) as c_int
    })
}
