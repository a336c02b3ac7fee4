//! The panic boundary. Every `extern "C"` function whose body could panic runs it through
//! [`catch`] (directly, or by delegating to a function that does), so a bug that panics
//! becomes the function's documented error value instead of unwinding into C; the others are
//! wrapping arithmetic that cannot panic. Three hot paths run without the frame because they
//! cannot panic either (no indexing, slicing, `unwrap` or overflowing arithmetic; see their
//! comments in `ffi/attr.rs` and `attr/table.rs`): `parse_rtattr`/`parse_rtattr_flags` (their
//! `!!!Deficit` text is formatted under `catch`), and the fitting case of `addattr_l` with a
//! 4- or 16-byte payload
//! and of `addattr8`…`addattr64` (every other case takes the full path under `catch`).
//! (Were one missed, Rust would abort the process at the `extern "C"` boundary rather than
//! unwind into C.)

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body`; if it panics, returns `on_panic`. The default panic hook has already printed
/// the panic message to stderr by then, which is what a C caller's log should show.
#[inline]
pub(crate) fn catch<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    // AssertUnwindSafe: after a panic the body's partial state is discarded; the only state
    // that survives is the caller's memory, which the body writes only through checked slices.
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

#[cfg(test)]
mod tests {
    #[test]
    fn panic_becomes_the_error_value() {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r = super::catch(-1, || -> i32 { panic!("boom") });
        std::panic::set_hook(prev);
        assert_eq!(r, -1);
        assert_eq!(super::catch(-1, || 7), 7);
    }
}
