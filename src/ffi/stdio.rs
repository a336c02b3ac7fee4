//! Text output through the C program's own stdio streams, and `errno`.
//!
//! libnetlink prints with `fprintf(stderr, …)` and `perror`; a caller may have redirected or
//! re-buffered `stderr`, and iproute2's tests compare the exact text and its order with the
//! program's own output. So everything goes through libc's `stderr`/`stdout` `FILE *`, never
//! Rust's `std::io`, which writes to the file descriptor behind stdio's back.

use std::fmt;
use libc::FILE;

extern "C" {
    // glibc's (and musl's) standard stream objects.
    static mut stderr: *mut FILE;
}

fn stream_stderr() -> *mut FILE {
    // SAFETY: `stderr` is libc's initialised global; reading the pointer value is a plain
    // load (no reference to the static is formed).
    unsafe { core::ptr::addr_of!(stderr).read() }
}

/// `fprintf(stderr, …)` with Rust formatting. Only error paths print, so the one allocation
/// for the formatted text does not matter.
pub(crate) fn eprint(args: fmt::Arguments<'_>) {
    let text = match args.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(fmt::format(args)),
    };
    // SAFETY: the pointer and length describe `text`, which outlives the call; the stream
    // is libc's stderr.
    unsafe { libc::fwrite(text.as_ptr().cast(), 1, text.len(), stream_stderr()) };
}

/// Sets the C `errno`.
pub(crate) fn set_errno(value: i32) {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    unsafe { *libc::__errno_location() = value };
}

/// Sets `errno = EINVAL` and returns `value`: the answer to a NULL pointer or other argument
/// that iproute2 would crash on.
pub(crate) fn einval<T>(value: T) -> T {
    set_errno(libc::EINVAL);
    value
}

/// `eprint!` with format arguments, like `fprintf(stderr, …)`.
macro_rules! c_eprint {
    ($($arg:tt)*) => { $crate::ffi::stdio::eprint(format_args!($($arg)*)) };
}
pub(crate) use c_eprint;

/// `perror(prefix)`: `prefix: strerror(errno)\n` on stderr, through libc.
pub(crate) fn perror(prefix: &core::ffi::CStr) {
    // SAFETY: `prefix` is a valid NUL-terminated string.
    unsafe { libc::perror(prefix.as_ptr()) };
}

/// `perror` with an explicit errno value (which is left set, as perror callers expect).
pub(crate) fn perror_errno(prefix: &core::ffi::CStr, value: i32) {
    set_errno(value);
    perror(prefix);
}

/// Reads the C `errno`.
pub(crate) fn errno() -> i32 {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    unsafe { *libc::__errno_location() }
}

/// `strerror(e)` as text.
pub(crate) fn strerror(e: i32) -> String {
    // SAFETY: strerror returns a valid NUL-terminated string (static or thread-local); it is
    // copied before anything else can change it.
    unsafe { core::ffi::CStr::from_ptr(libc::strerror(e)) }.to_string_lossy().into_owned()
}

/// `fflush(stdout)`.
pub(crate) fn flush_stdout() {
    extern "C" {
        static mut stdout: *mut FILE;
    }
    // SAFETY: `stdout` is libc's initialised global stream; the pointer is read, not borrowed.
    unsafe { libc::fflush(core::ptr::addr_of!(stdout).read()) };
}
