//! Where the library's text and `errno` go: the C program's own stdio streams and libc's
//! `errno`, and the [`Out`] trait through which the sans-IO core reaches them.
//!
//! libnetlink prints with `fprintf(stderr, …)` and `perror`; a caller may have redirected or
//! re-buffered `stderr`, and iproute2's tests compare the exact text and its order with the
//! program's own output. So everything goes through libc's `stderr`/`stdout` `FILE *`, never
//! Rust's `std::io`, which writes to the file descriptor behind stdio's back.
//!
//! This is the bottom layer (beside `wire` and `macros`): the C shell, the protocol core and
//! the tracer all print through it, and it imports nothing from the crate.

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

/// `eprint!` with format arguments, like `fprintf(stderr, …)`.
macro_rules! c_eprint {
    ($($arg:tt)*) => { $crate::out::eprint(format_args!($($arg)*)) };
}
pub(crate) use c_eprint;

/// `impl Out for $sink` through the sink's `out: CStdio` field: the C shell's dump, listen and
/// compat sinks carry the caller's callbacks and print where libnetlink prints, on C `stderr`.
macro_rules! out_via_cstdio {
    ($sink:ty) => {
        impl $crate::out::Out for $sink {
            fn print(&mut self, args: core::fmt::Arguments<'_>) {
                $crate::out::Out::print(&mut self.out, args)
            }
            fn set_errno(&mut self, e: i32) {
                $crate::out::Out::set_errno(&mut self.out, e)
            }
            fn errno(&self) -> i32 {
                $crate::out::Out::errno(&self.out)
            }
            fn perror(&mut self, prefix: &str) {
                $crate::out::Out::perror(&mut self.out, prefix)
            }
        }
    };
}
pub(crate) use out_via_cstdio;

/// `perror(prefix)`: `prefix: strerror(errno)\n` on stderr, through libc.
pub(crate) fn perror(prefix: &core::ffi::CStr) {
    // SAFETY: `prefix` is a valid NUL-terminated string.
    unsafe { libc::perror(prefix.as_ptr()) };
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

extern "C" {
    static mut stdout: *mut FILE;
}

/// libc's `stdout` stream.
pub(crate) fn stdout_stream() -> *mut FILE {
    // SAFETY: `stdout` is libc's initialised global; the pointer is read, not borrowed.
    unsafe { core::ptr::addr_of!(stdout).read() }
}

/// `fflush(stdout)`.
pub(crate) fn flush_stdout() {
    // SAFETY: libc's stdout stream.
    unsafe { libc::fflush(stdout_stream()) };
}

/// Where text and `errno` go: libc's stderr and errno in the library (`CStdio`), a buffer
/// in tests and fuzzers. The protocol core (`proto`, `genl`) prints only through this.
pub trait Out {
    fn print(&mut self, args: fmt::Arguments<'_>);
    fn set_errno(&mut self, e: i32);
    fn errno(&self) -> i32;
    /// `perror(prefix)` with the current errno.
    fn perror(&mut self, prefix: &str);
}

/// The library's [`Out`]: libc's stderr, `perror` and `errno`.
pub(crate) struct CStdio;

impl Out for CStdio {
    fn print(&mut self, args: fmt::Arguments<'_>) {
        eprint(args);
    }
    fn set_errno(&mut self, e: i32) {
        set_errno(e);
    }
    fn errno(&self) -> i32 {
        errno()
    }
    fn perror(&mut self, prefix: &str) {
        // perror's own formatting ("prefix: strerror(errno)\n"), through the same stream.
        let text = format!("{prefix}: {}\n", strerror(errno()));
        eprint(format_args!("{text}"));
    }
}
