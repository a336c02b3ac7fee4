//! netlink(3)'s `NLMSG_*` and rtnetlink(3)'s `RTA_*` macros as exported functions
//! (`rnl_nlmsg_*`, `rnl_rta_*`), for callers that cannot expand C macros.
//!
//! Each returns exactly what the macro returns (the arithmetic lives in [`crate::macros`]).
//! Unlike the macros they never dereference a NULL pointer: a NULL message or attribute
//! gives NULL or 0, and a NULL length pointer leaves nothing changed and returns NULL.
//! The pointer arithmetic is `wrapping_*`: like the macros, the `*_next` and `*_data`
//! functions compute an address without touching it.

use crate::ffi::guard::catch;
use crate::macros as m;
use crate::wire::{nlmsghdr, rtattr, NLMSG_HDRLEN, RTA_HDRLEN};
use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

/// Reads `nlmsg_len` of a header the caller vouches for.
///
/// # Safety
/// `nlh` is non-NULL and points to at least the first 4 readable bytes of a `nlmsghdr`.
#[inline]
unsafe fn nlmsg_len_of(nlh: *const nlmsghdr) -> u32 {
    // SAFETY: the caller guarantees the first 4 bytes exist; read_unaligned makes no
    // alignment assumption about buffers that C code hands us.
    unsafe { ptr::addr_of!((*nlh).nlmsg_len).read_unaligned() }
}

/// Reads `rta_len` of an attribute the caller vouches for.
///
/// # Safety
/// `rta` is non-NULL and points to at least 2 readable bytes.
#[inline]
unsafe fn rta_len_of(rta: *const rtattr) -> u16 {
    // SAFETY: as above, for the 2-byte `rta_len` field.
    unsafe { ptr::addr_of!((*rta).rta_len).read_unaligned() }
}

/// `NLMSG_ALIGN(len)`.
#[no_mangle]
pub extern "C" fn rnl_nlmsg_align(len: usize) -> c_int {
    m::nlmsg_align(len)
}

/// `NLMSG_LENGTH(len)`.
#[no_mangle]
pub extern "C" fn rnl_nlmsg_length(len: usize) -> c_int {
    m::nlmsg_length(len)
}

/// `NLMSG_SPACE(len)`.
#[no_mangle]
pub extern "C" fn rnl_nlmsg_space(len: usize) -> c_int {
    m::nlmsg_space(len)
}

/// `NLMSG_DATA(nlh)`: the address 16 bytes after `nlh` (NULL for NULL).
#[no_mangle]
pub extern "C" fn rnl_nlmsg_data(nlh: *const nlmsghdr) -> *mut c_void {
    if nlh.is_null() {
        return ptr::null_mut();
    }
    nlh.cast::<u8>().wrapping_add(NLMSG_HDRLEN) as *mut c_void
}

/// `NLMSG_NEXT(nlh, *len)`: subtracts the aligned message length from `*len` and returns the
/// address after the message. NULL `nlh` or `len`: returns NULL and changes nothing.
///
/// # Safety
/// `nlh` points to a readable `nlmsg_len`; `len` to a writable `int`.
#[no_mangle]
pub unsafe extern "C" fn rnl_nlmsg_next(nlh: *const nlmsghdr, len: *mut c_int) -> *mut nlmsghdr {
    catch(ptr::null_mut(), || {
        if nlh.is_null() || len.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: nlh is non-NULL and the caller guarantees it points to a header.
        let nlmsg_len = unsafe { nlmsg_len_of(nlh) };
        // SAFETY: len is non-NULL and the caller guarantees it is a writable int.
        let remaining = unsafe { len.read_unaligned() };
        let (step, left) = m::nlmsg_next(nlmsg_len, remaining);
        // SAFETY: as above.
        unsafe { len.write_unaligned(left) };
        nlh.cast::<u8>().wrapping_add(step as usize) as *mut nlmsghdr
    })
}

/// `NLMSG_OK(nlh, len)`: 1 or 0. The header is read only when `len >= 16`, as in the macro.
///
/// # Safety
/// When `len >= 16`, `nlh` is NULL or points to a readable `nlmsg_len`.
#[no_mangle]
pub unsafe extern "C" fn rnl_nlmsg_ok(nlh: *const nlmsghdr, len: c_int) -> c_int {
    catch(0, || {
        if !m::nlmsg_ok_needs_header(len) || nlh.is_null() {
            return 0;
        }
        // SAFETY: non-NULL, and the caller guarantees a readable header when len >= 16.
        m::nlmsg_ok(unsafe { nlmsg_len_of(nlh) }, len) as c_int
    })
}

/// `NLMSG_PAYLOAD(nlh, len)` (0 for NULL).
///
/// # Safety
/// `nlh` is NULL or points to a readable `nlmsg_len`.
#[no_mangle]
pub unsafe extern "C" fn rnl_nlmsg_payload(nlh: *const nlmsghdr, len: c_int) -> c_int {
    catch(0, || {
        if nlh.is_null() {
            return 0;
        }
        // SAFETY: non-NULL, and the caller guarantees a readable header.
        m::nlmsg_payload(unsafe { nlmsg_len_of(nlh) }, len)
    })
}

/// `RTA_ALIGN(len)`.
#[no_mangle]
pub extern "C" fn rnl_rta_align(len: c_uint) -> c_uint {
    m::rta_align(len)
}

/// `RTA_OK(rta, len)`: 1 or 0. The header is read only when `len >= 4`, as in the macro.
///
/// # Safety
/// When `len >= 4`, `rta` is NULL or points to a readable `rta_len`.
#[no_mangle]
pub unsafe extern "C" fn rnl_rta_ok(rta: *const rtattr, len: c_int) -> c_int {
    catch(0, || {
        if !m::rta_ok_needs_header(len) || rta.is_null() {
            return 0;
        }
        // SAFETY: non-NULL, and the caller guarantees a readable header when len >= 4.
        m::rta_ok(unsafe { rta_len_of(rta) }, len) as c_int
    })
}

/// `RTA_DATA(rta)`: the address 4 bytes after `rta` (NULL for NULL).
#[no_mangle]
pub extern "C" fn rnl_rta_data(rta: *const rtattr) -> *mut c_void {
    if rta.is_null() {
        return ptr::null_mut();
    }
    rta.cast::<u8>().wrapping_add(RTA_HDRLEN) as *mut c_void
}

/// `RTA_PAYLOAD(rta)` as `unsigned int` (0 for NULL).
///
/// # Safety
/// `rta` is NULL or points to a readable `rta_len`.
#[no_mangle]
pub unsafe extern "C" fn rnl_rta_payload(rta: *const rtattr) -> c_uint {
    catch(0, || {
        if rta.is_null() {
            return 0;
        }
        // SAFETY: non-NULL, and the caller guarantees a readable header.
        m::rta_payload(unsafe { rta_len_of(rta) })
    })
}

/// `RTA_NEXT(rta, *len)`. NULL `rta` or `len`: returns NULL and changes nothing.
///
/// # Safety
/// `rta` points to a readable `rta_len`; `len` to a writable `int`.
#[no_mangle]
pub unsafe extern "C" fn rnl_rta_next(rta: *const rtattr, len: *mut c_int) -> *mut rtattr {
    catch(ptr::null_mut(), || {
        if rta.is_null() || len.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: rta is non-NULL and the caller guarantees it points to an attribute header.
        let rta_len = unsafe { rta_len_of(rta) };
        // SAFETY: len is non-NULL and the caller guarantees it is a writable int.
        let remaining = unsafe { len.read_unaligned() };
        let (step, left) = m::rta_next(rta_len, remaining);
        // SAFETY: as above.
        unsafe { len.write_unaligned(left) };
        rta.cast::<u8>().wrapping_add(step as usize) as *mut rtattr
    })
}

/// `RTA_LENGTH(len)`.
#[no_mangle]
pub extern "C" fn rnl_rta_length(len: c_uint) -> c_uint {
    m::rta_length(len)
}

/// `RTA_SPACE(len)`.
#[no_mangle]
pub extern "C" fn rnl_rta_space(len: c_uint) -> c_uint {
    m::rta_space(len)
}
