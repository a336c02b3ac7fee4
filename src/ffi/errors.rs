//! The shell's error answers in libnetlink's conventions: `EINVAL` for an argument iproute2
//! would crash on, and a receive failure's text and return value.

use crate::out::{eprint, set_errno, strerror};
use crate::socket::RecvError;

/// Sets `errno = EINVAL` and returns `value`: the answer to a NULL pointer or other argument
/// that iproute2 would crash on.
pub(crate) fn einval<T>(value: T) -> T {
    set_errno(libc::EINVAL);
    value
}

/// Prints a receive failure as libnetlink does and returns the negative errno it reports:
/// `netlink receive error %s (%d)` and `-errno`, or `EOF on netlink` and `-ENODATA`.
pub(crate) fn report_recv_error(e: RecvError) -> i32 {
    match e {
        RecvError::Errno(e) => {
            eprint(format_args!("netlink receive error {} ({e})\n", strerror(e)));
            set_errno(e);
            -e
        }
        RecvError::Eof => {
            eprint(format_args!("EOF on netlink\n"));
            -libc::ENODATA
        }
    }
}
