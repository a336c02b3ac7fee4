//! The shell's answer to an argument iproute2 would crash on: `errno = EINVAL` and the
//! function's error value.

use crate::out::set_errno;

/// Sets `errno = EINVAL` and returns `value`: the answer to a NULL pointer or other argument
/// that iproute2 would crash on.
pub(crate) fn einval<T>(value: T) -> T {
    set_errno(libc::EINVAL);
    value
}
