//! libnetlink's attribute builders and parsers (spec 3.9, 3.10): `addattr*`, `addraw_l`,
//! the nest helpers, `rta_addattr*`, `rta_nest*`, `parse_rtattr*`.
//!
//! Each function turns the caller's pointers into slices of the sizes the caller declared
//! (`maxlen` for builders, `len` for parsers, `rta_len`/`nlmsg_len` for closing nests) and
//! calls `crate::attr` (`build` for the builders, `table` for `parse_rtattr*`'s clear and walk,
//! `parse` for the others). The builders' common cases (`addattr_l` with a 4- or 16-byte
//! payload, `addattr8` to `addattr64`) take a pointer fast path here, without the panic
//! frame: its bound check is `build::place`'s, written on the pointer. Differences from iproute2, all of them in cases where iproute2 writes
//! or reads outside the buffer or crashes: a negative `maxlen` or length is refused with the
//! function's usual message; NULL pointers give -1 (NULL for the nest starters, 0 with an
//! empty table for the parsers) with `errno = EINVAL`; a nest whose starter overflowed is not
//! written to when it is closed; `!!!Deficit` prints `rta_len=0` when that field lies outside
//! the parsed bytes.

use crate::attr::parse::{self, Compat, Deficit};
use crate::attr::{build, table};
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::macros::align4;
use crate::out::c_eprint;
use crate::wire::{__u16, __u32, __u64, __u8, nlmsghdr, rtattr, NLA_F_NESTED, RTA_HDRLEN};
use core::ffi::{c_char, c_int, c_ushort, c_void, CStr};
use core::{ptr, slice};

/// Which function's text a failed bound check prints.
#[derive(Clone, Copy)]
enum BoundMsg {
    Addattr,
    Addraw,
    RtaAddattr,
    RtaAddattr32,
}

fn print_bound(which: BoundMsg, maxlen: c_int) {
    match which {
        BoundMsg::Addattr => c_eprint!("addattr_l ERROR: message exceeded bound of {maxlen}\n"),
        BoundMsg::Addraw => c_eprint!("addraw_l ERROR: message exceeded bound of {maxlen}\n"),
        BoundMsg::RtaAddattr => c_eprint!("rta_addattr_l: Error! max allowed bound {maxlen} exceeded\n"),
        BoundMsg::RtaAddattr32 => c_eprint!("rta_addattr32: Error! max allowed bound {maxlen} exceeded\n"),
    }
}

fn print_deficit(d: Deficit) {
    c_eprint!("!!!Deficit {}, rta_len={}\n", d.len, d.rta_len.unwrap_or(0));
}

/// The bytes `[data, data + alen)` handed to a builder, or None for a negative length or a
/// NULL pointer with a non-zero length.
///
/// # Safety
/// When non-NULL, `data` points to `alen` readable bytes.
unsafe fn data_bytes<'a>(data: *const c_void, alen: c_int) -> Option<&'a [u8]> {
    match (data.is_null(), usize::try_from(alen).ok()?) {
        (_, 0) => Some(&[]),
        (true, _) => None,
        // SAFETY: non-NULL and the caller guarantees `alen` readable bytes.
        (false, n) => Some(unsafe { slice::from_raw_parts(data.cast::<u8>(), n) }),
    }
}

/// Appends to the buffer `[base, base + maxlen)` whose current length is `cur_len`, with the
/// payload `data` (`alen` bytes) either as an attribute of type `ty` or raw. Returns the new
/// length, or None after printing `which`'s message.
///
/// # Safety
/// `base` is non-NULL and points to `maxlen` writable bytes (when `maxlen >= 0`); `data` as in
/// [`data_bytes`].
unsafe fn append(
    base: *mut u8,
    maxlen: c_int,
    cur_len: u32,
    ty: Option<c_int>,
    data: *const c_void,
    alen: c_int,
    which: BoundMsg,
) -> Option<u32> {
    let header = if ty.is_some() { RTA_HDRLEN as u64 } else { 0 };
    let (Ok(size), Ok(alen_bytes)) = (usize::try_from(maxlen), usize::try_from(alen)) else {
        print_bound(which, maxlen);
        return None;
    };
    // The bound check comes before the payload is touched: a length that does not fit may
    // not describe real memory either.
    let Ok(slot) = build::place(size, cur_len, header + alen_bytes as u64) else {
        print_bound(which, maxlen);
        return None;
    };
    // SAFETY: the caller's contract for `data`.
    let Some(payload) = (unsafe { data_bytes(data, alen) }) else {
        print_bound(which, maxlen);
        return None;
    };
    // The payload may lie inside the message buffer itself (copying one attribute's bytes
    // into a new one); a `&mut` over the buffer must not alias it, so copy it out first.
    let overlaps = {
        let (b, d) = (base as usize, payload.as_ptr() as usize);
        !payload.is_empty() && d < b.wrapping_add(size) && b < d.wrapping_add(payload.len())
    };
    let owned;
    let payload = if overlaps {
        owned = payload.to_vec();
        &owned[..]
    } else {
        payload
    };
    // SAFETY: `base` points to `maxlen` writable bytes (caller's contract), and no other
    // reference into them is alive (the payload was copied out if it overlapped).
    let buf = unsafe { slice::from_raw_parts_mut(base, size) };
    match ty {
        Some(ty) => build::write_attr(buf, slot, ty as u16, payload),
        None => build::write_raw(buf, slot, payload),
    }
    Some(slot.end)
}

/// Appends an attribute holding a fixed-size value (`addattr8` … `rta_addattr64`) to the
/// buffer `[base, base + maxlen)` whose current length is `cur_len`: the same bound check
/// and bytes as [`append`], without its pointer and overlap handling (the value is a local).
///
/// # Safety
/// `base` is non-NULL and points to `maxlen` writable bytes (when `maxlen >= 0`).
#[inline]
unsafe fn append_value<const N: usize>(base: *mut u8, maxlen: c_int, cur_len: u32, ty: c_int, value: [u8; N], which: BoundMsg) -> Option<u32> {
    let slot = usize::try_from(maxlen).ok().and_then(|size| build::place(size, cur_len, (RTA_HDRLEN + N) as u64).ok().map(|s| (size, s)));
    let Some((size, slot)) = slot else {
        print_bound(which, maxlen);
        return None;
    };
    // SAFETY: `base` points to `maxlen` writable bytes (caller's contract).
    build::write_attr(unsafe { slice::from_raw_parts_mut(base, size) }, slot, ty as u16, &value);
    Some(slot.end)
}

/// The builders' common case, without a `catch_unwind` frame: appends attribute `ty` with
/// an `alen`-byte payload (which `copy` writes at the pointer it is given) to message `n` when
/// it fits in `maxlen` bytes, and returns true. Returns false, writing nothing, when it does
/// not fit (or `maxlen` is negative): the caller's full path then prints the error.
///
/// It cannot panic: no indexing, slicing or unwrap; the sizes are computed in `u64` from a
/// `u32` length and an `alen < 2^31`, far from overflow; the end is checked against `maxlen`
/// before anything is written.
///
/// # Safety
/// `n` is non-NULL and starts `maxlen` writable bytes; `copy` writes exactly `alen` bytes.
#[inline(always)]
unsafe fn put_attr_fast(n: *mut nlmsghdr, maxlen: c_int, ty: c_int, alen: usize, copy: impl FnOnce(*mut u8)) -> bool {
    // SAFETY: non-NULL header (contract).
    let at = (unsafe { nlmsg_len(n) } as u64 + 3) & !3;
    let size = (RTA_HDRLEN + alen) as u64;
    let end = at + ((size + 3) & !3);
    if maxlen < 0 || end > maxlen as u64 {
        return false;
    }
    // SAFETY: `[at, end)` lies inside the caller's `maxlen` bytes (checked above); the
    // payload goes first, then the header (see `addattr_impl`), then the new length.
    unsafe {
        let rta = n.cast::<u8>().add(at as usize);
        copy(rta.add(RTA_HDRLEN));
        rta.cast::<u16>().write_unaligned(size as u16);
        rta.add(2).cast::<u16>().write_unaligned(ty as u16);
        ptr::addr_of_mut!((*n).nlmsg_len).write_unaligned(end as u32);
    }
    true
}

/// `addattr8` … `addattr64`.
///
/// # Safety
/// `n` is NULL or a message at the start of `maxlen` writable bytes.
#[inline(always)]
unsafe fn addattr_value<const N: usize>(n: *mut nlmsghdr, maxlen: c_int, ty: c_int, value: [u8; N]) -> c_int {
    // SAFETY: `n` starts the caller's `maxlen`-byte buffer; the payload is a local.
    if !n.is_null() && unsafe { put_attr_fast(n, maxlen, ty, N, |dst| dst.cast::<[u8; N]>().write_unaligned(value)) } {
        return 0;
    }
    // SAFETY: forwarded contract.
    unsafe { addattr_value_full(n, maxlen, ty, value) }
}

/// [`addattr_value`] when the fast path did not apply (NULL `n`, or no room: the message).
///
/// # Safety
/// As [`addattr_value`].
#[inline(never)]
unsafe fn addattr_value_full<const N: usize>(n: *mut nlmsghdr, maxlen: c_int, ty: c_int, value: [u8; N]) -> c_int {
    catch(-1, || {
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL header (caller's contract).
        let cur = unsafe { nlmsg_len(n) };
        // SAFETY: `n` starts the caller's `maxlen`-byte buffer.
        match unsafe { append_value(n.cast(), maxlen, cur, ty, value, BoundMsg::Addattr) } {
            Some(end) => {
                // SAFETY: `n` is a valid header; the slice used by `append_value` is gone.
                unsafe { ptr::addr_of_mut!((*n).nlmsg_len).write_unaligned(end) };
                0
            }
            None => -1,
        }
    })
}

/// `rta_addattr8` … `rta_addattr64`, with the message text of `which`.
///
/// # Safety
/// `rta` is NULL or an attribute at the start of `maxlen` writable bytes.
#[inline]
unsafe fn rta_addattr_value<const N: usize>(rta: *mut rtattr, maxlen: c_int, ty: c_int, value: [u8; N], which: BoundMsg) -> c_int {
    catch(-1, || {
        if rta.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL attribute header.
        let cur = unsafe { rta_len(rta) } as u32;
        // SAFETY: `rta` starts the caller's `maxlen`-byte buffer.
        match unsafe { append_value(rta.cast(), maxlen, cur, ty, value, which) } {
            Some(end) => {
                // SAFETY: valid header; no slice alive. Truncation to 16 bits as in iproute2.
                unsafe { ptr::addr_of_mut!((*rta).rta_len).write_unaligned(end as u16) };
                0
            }
            None => -1,
        }
    })
}

/// # Safety
/// `n` is NULL or points to a readable `struct nlmsghdr`.
unsafe fn nlmsg_len(n: *const nlmsghdr) -> u32 {
    // SAFETY: the caller guarantees a header; unaligned reads accept any C buffer.
    unsafe { ptr::addr_of!((*n).nlmsg_len).read_unaligned() }
}

/// # Safety
/// `rta` points to a readable `struct rtattr`.
unsafe fn rta_len(rta: *const rtattr) -> u16 {
    // SAFETY: as above.
    unsafe { ptr::addr_of!((*rta).rta_len).read_unaligned() }
}

/// `addattr_l` for all the `addattr*` wrappers.
///
/// # Safety
/// `n` is NULL or a message at the start of `maxlen` writable bytes; `data` as in
/// [`data_bytes`].
#[inline(always)]
unsafe fn addattr_impl(n: *mut nlmsghdr, maxlen: c_int, ty: c_int, data: *const c_void, alen: c_int) -> c_int {
    // The payload sizes of IPv4 and IPv6 addresses, without a call to memmove.
    if !n.is_null() && !data.is_null() && (alen == 4 || alen == 16) {
        let src = data.cast::<u8>();
        // SAFETY: `n` starts the caller's `maxlen`-byte buffer and `data` has `alen` readable
        // bytes (contract). The payload is read whole before anything is written, so one
        // that lies inside the message buffer itself is copied as it was before the call.
        let put = unsafe {
            put_attr_fast(n, maxlen, ty, alen as usize, |dst| match alen {
                4 => dst.cast::<u32>().write_unaligned(src.cast::<u32>().read_unaligned()),
                _ => dst.cast::<u128>().write_unaligned(src.cast::<u128>().read_unaligned()),
            })
        };
        if put {
            return 0;
        }
    }
    // SAFETY: forwarded contract.
    unsafe { addattr_full(n, maxlen, ty, data, alen) }
}

/// [`addattr_impl`] for other payload sizes, a NULL pointer or no room.
///
/// # Safety
/// As [`addattr_impl`].
#[inline(never)]
unsafe fn addattr_full(n: *mut nlmsghdr, maxlen: c_int, ty: c_int, data: *const c_void, alen: c_int) -> c_int {
    if !n.is_null() && alen >= 0 && (alen == 0 || !data.is_null()) {
        // SAFETY: `n` starts the caller's `maxlen`-byte buffer and `data` has `alen` readable
        // bytes (contract). `ptr::copy` is a memmove, so a payload that lies inside the
        // message buffer itself is copied as it was before the call (the header is written
        // after it, and the header's 4 bytes are not part of the payload's destination).
        if unsafe { put_attr_fast(n, maxlen, ty, alen as usize, |dst| ptr::copy(data.cast::<u8>(), dst, alen as usize)) } {
            return 0;
        }
    }
    catch(-1, || {
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL header (caller's contract).
        let cur = unsafe { nlmsg_len(n) };
        // SAFETY: `n` starts the caller's `maxlen`-byte buffer; `data` per the contract.
        match unsafe { append(n.cast(), maxlen, cur, Some(ty), data, alen, BoundMsg::Addattr) } {
            Some(end) => {
                // SAFETY: `n` is a valid header; the slice used by `append` is gone.
                unsafe { ptr::addr_of_mut!((*n).nlmsg_len).write_unaligned(end) };
                0
            }
            None => -1,
        }
    })
}

/// Appends attribute `type` with `alen` bytes of `data` to message `n` in a buffer of `maxlen`
/// bytes. 0, or -1 with `addattr_l ERROR: message exceeded bound of %d` on stderr.
///
/// # Safety
/// `n` is NULL or starts `maxlen` writable bytes; `data` is NULL or has `alen` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn addattr_l(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: *const c_void, alen: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { addattr_impl(n, maxlen, r#type, data, alen) }
}

/// Appends an empty (flag) attribute. Returns as `addattr_l`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int) -> c_int {
    // SAFETY: forwarded contract; no payload.
    unsafe { addattr_impl(n, maxlen, r#type, ptr::null(), 0) }
}

/// Appends a `__u8` attribute (host order). Returns as `addattr_l`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr8(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: __u8) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { addattr_value(n, maxlen, r#type, data.to_ne_bytes()) }
}

/// Appends a `__u16` attribute (host order). Returns as `addattr_l`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr16(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: __u16) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { addattr_value(n, maxlen, r#type, data.to_ne_bytes()) }
}

/// Appends a `__u32` attribute (host order). Returns as `addattr_l`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr32(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: __u32) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { addattr_value(n, maxlen, r#type, data.to_ne_bytes()) }
}

/// Appends a `__u64` attribute (host order). Returns as `addattr_l`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr64(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: __u64) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { addattr_value(n, maxlen, r#type, data.to_ne_bytes()) }
}

/// Appends a string attribute including its NUL. Returns as `addattr_l`; -1 for NULL `data`.
///
/// # Safety
/// As `addattr_l`; `data` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn addattrstrz(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int, data: *const c_char) -> c_int {
    if data.is_null() {
        return einval(-1);
    }
    // SAFETY: non-NULL and NUL-terminated by contract.
    let len = unsafe { CStr::from_ptr(data) }.to_bytes_with_nul().len();
    let Ok(alen) = c_int::try_from(len) else { return einval(-1) };
    // SAFETY: forwarded contract; `data` has `alen` readable bytes.
    unsafe { addattr_impl(n, maxlen, r#type, data.cast(), alen) }
}

/// Appends `len` raw bytes (no attribute header), zero-filling the padding. 0, or -1 with
/// `addraw_l ERROR: message exceeded bound of %d`.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addraw_l(n: *mut nlmsghdr, maxlen: c_int, data: *const c_void, len: c_int) -> c_int {
    catch(-1, || {
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL header (caller's contract).
        let cur = unsafe { nlmsg_len(n) };
        // SAFETY: `n` starts the caller's `maxlen`-byte buffer; `data` per the contract.
        match unsafe { append(n.cast(), maxlen, cur, None, data, len, BoundMsg::Addraw) } {
            Some(end) => {
                // SAFETY: valid header; no slice alive.
                unsafe { ptr::addr_of_mut!((*n).nlmsg_len).write_unaligned(end) };
                0
            }
            None => -1,
        }
    })
}

/// Starts a nest: returns the message's tail and appends an empty attribute `type` there
/// (without `NLA_F_NESTED`; pass it in `type` if wanted). On overflow the message is
/// unchanged, the `addattr_l` text is printed and the tail is still returned, as iproute2
/// does. NULL `n`: NULL.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr_nest(n: *mut nlmsghdr, maxlen: c_int, r#type: c_int) -> *mut rtattr {
    if n.is_null() {
        return einval(ptr::null_mut());
    }
    // SAFETY: non-NULL header.
    let tail = n.cast::<u8>().wrapping_add(align4(unsafe { nlmsg_len(n) }) as usize);
    // SAFETY: forwarded contract. The result is ignored on purpose (see above).
    let _ = unsafe { addattr_impl(n, maxlen, r#type, ptr::null(), 0) };
    tail.cast()
}

/// The message `n` as a slice of its `nlmsg_len` bytes, with that length.
///
/// # Safety
/// `n` is non-NULL and its `nlmsg_len` bytes are writable.
unsafe fn message<'a>(n: *mut nlmsghdr) -> (&'a mut [u8], u32) {
    // SAFETY: caller's contract.
    let len = unsafe { nlmsg_len(n) };
    // SAFETY: a message's `nlmsg_len` bytes belong to the caller's buffer.
    (unsafe { slice::from_raw_parts_mut(n.cast::<u8>(), len as usize) }, len)
}

/// Offset of `inner` from `base`, if it is not before it.
fn offset_of_ptr(base: *const u8, inner: *const u8) -> Option<usize> {
    (inner as usize).checked_sub(base as usize)
}

/// Ends a nest started by `addattr_nest`: its `rta_len` becomes the distance to the message
/// tail. Returns `nlmsg_len` (-1 for a NULL `n` or `nest`).
///
/// # Safety
/// `n` is a message whose `nlmsg_len` bytes are writable; `nest` was returned for it.
#[no_mangle]
pub unsafe extern "C" fn addattr_nest_end(n: *mut nlmsghdr, nest: *mut rtattr) -> c_int {
    catch(-1, || {
        if n.is_null() || nest.is_null() {
            return einval(-1);
        }
        // SAFETY: caller's contract.
        let (msg, len) = unsafe { message(n) };
        if let Some(at) = offset_of_ptr(n.cast(), nest.cast()) {
            build::close_nest(msg, at, align4(len) as usize);
        }
        len as c_int
    })
}

/// Starts a compat nest (tc netem style): attribute `type` carrying `len` bytes of `data`,
/// then an empty attribute `type` for the nested part. Returns the outer attribute, or NULL
/// when the data attribute does not fit.
///
/// # Safety
/// As `addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn addattr_nest_compat(
    n: *mut nlmsghdr,
    maxlen: c_int,
    r#type: c_int,
    data: *const c_void,
    len: c_int,
) -> *mut rtattr {
    if n.is_null() {
        return einval(ptr::null_mut());
    }
    // SAFETY: non-NULL header.
    let start = n.cast::<u8>().wrapping_add(align4(unsafe { nlmsg_len(n) }) as usize);
    // SAFETY: forwarded contract.
    if unsafe { addattr_impl(n, maxlen, r#type, data, len) } < 0 {
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    unsafe { addattr_nest(n, maxlen, r#type) };
    start.cast()
}

/// Ends a compat nest: the outer attribute reaches the message tail and the inner nest
/// (after the aligned data) is closed. Returns `nlmsg_len` (-1 for a NULL `n` or `start`).
///
/// # Safety
/// `n` is a message whose `nlmsg_len` bytes are writable; `start` was returned for it.
#[no_mangle]
pub unsafe extern "C" fn addattr_nest_compat_end(n: *mut nlmsghdr, start: *mut rtattr) -> c_int {
    catch(-1, || {
        if n.is_null() || start.is_null() {
            return einval(-1);
        }
        // SAFETY: caller's contract.
        let (msg, len) = unsafe { message(n) };
        if let Some(at) = offset_of_ptr(n.cast(), start.cast()) {
            build::close_compat_nest(msg, at, align4(len) as usize);
        }
        len as c_int
    })
}

/// `rta_addattr_l` for its wrappers, with the message text of `which`.
///
/// # Safety
/// `rta` is NULL or an attribute at the start of `maxlen` writable bytes; `data` as in
/// [`data_bytes`].
unsafe fn rta_addattr_impl(
    rta: *mut rtattr,
    maxlen: c_int,
    ty: c_int,
    data: *const c_void,
    alen: c_int,
    which: BoundMsg,
) -> c_int {
    catch(-1, || {
        if rta.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL attribute header.
        let cur = unsafe { rta_len(rta) } as u32;
        // SAFETY: `rta` starts the caller's `maxlen`-byte buffer; `data` per the contract.
        match unsafe { append(rta.cast(), maxlen, cur, Some(ty), data, alen, which) } {
            Some(end) => {
                // SAFETY: valid header; no slice alive. Truncation to 16 bits as in iproute2.
                unsafe { ptr::addr_of_mut!((*rta).rta_len).write_unaligned(end as u16) };
                0
            }
            None => -1,
        }
    })
}

/// Appends sub-attribute `type` with `alen` bytes of `data` to attribute `rta` in a buffer of
/// `maxlen` bytes. 0, or -1 with `rta_addattr_l: Error! max allowed bound %d exceeded`.
///
/// # Safety
/// `rta` is NULL or starts `maxlen` writable bytes; `data` is NULL or has `alen` bytes.
#[no_mangle]
pub unsafe extern "C" fn rta_addattr_l(rta: *mut rtattr, maxlen: c_int, r#type: c_int, data: *const c_void, alen: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rta_addattr_impl(rta, maxlen, r#type, data, alen, BoundMsg::RtaAddattr) }
}

/// Appends a `__u8` sub-attribute. Returns as `rta_addattr_l` (same text).
///
/// # Safety
/// As `rta_addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn rta_addattr8(rta: *mut rtattr, maxlen: c_int, r#type: c_int, data: __u8) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { rta_addattr_value(rta, maxlen, r#type, data.to_ne_bytes(), BoundMsg::RtaAddattr) }
}

/// Appends a `__u16` sub-attribute. Returns as `rta_addattr_l` (same text).
///
/// # Safety
/// As `rta_addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn rta_addattr16(rta: *mut rtattr, maxlen: c_int, r#type: c_int, data: __u16) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { rta_addattr_value(rta, maxlen, r#type, data.to_ne_bytes(), BoundMsg::RtaAddattr) }
}

/// Appends a `__u32` sub-attribute. 0, or -1 with
/// `rta_addattr32: Error! max allowed bound %d exceeded`.
///
/// # Safety
/// As `rta_addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn rta_addattr32(rta: *mut rtattr, maxlen: c_int, r#type: c_int, data: __u32) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { rta_addattr_value(rta, maxlen, r#type, data.to_ne_bytes(), BoundMsg::RtaAddattr32) }
}

/// Appends a `__u64` sub-attribute. Returns as `rta_addattr_l` (same text).
///
/// # Safety
/// As `rta_addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn rta_addattr64(rta: *mut rtattr, maxlen: c_int, r#type: c_int, data: __u64) -> c_int {
    // SAFETY: forwarded contract; the payload is a local.
    unsafe { rta_addattr_value(rta, maxlen, r#type, data.to_ne_bytes(), BoundMsg::RtaAddattr) }
}

/// Starts a nest inside attribute `rta`: returns `RTA_TAIL(rta)` after appending an empty
/// sub-attribute `type | NLA_F_NESTED` there. On overflow prints the `rta_addattr_l` text,
/// writes nothing and still returns the tail. NULL `rta`: NULL.
///
/// # Safety
/// As `rta_addattr_l`.
#[no_mangle]
pub unsafe extern "C" fn rta_nest(rta: *mut rtattr, maxlen: c_int, r#type: c_int) -> *mut rtattr {
    catch(ptr::null_mut(), || {
        if rta.is_null() {
            return einval(ptr::null_mut());
        }
        // SAFETY: non-NULL attribute header.
        let at = align4(unsafe { rta_len(rta) } as u32) as usize;
        // SAFETY: forwarded contract.
        if unsafe { rta_addattr_impl(rta, maxlen, r#type, ptr::null(), 0, BoundMsg::RtaAddattr) } == 0 {
            // SAFETY: the append succeeded, so `[rta, rta + maxlen)` is the caller's buffer
            // and holds the new header at `at`.
            let buf = unsafe { slice::from_raw_parts_mut(rta.cast::<u8>(), maxlen as usize) };
            build::or_type(buf, at, NLA_F_NESTED);
        }
        rta.cast::<u8>().wrapping_add(at).cast()
    })
}

/// Ends a nest started by `rta_nest`: its `rta_len` becomes the distance to `RTA_TAIL(rta)`.
/// Returns `rta->rta_len` (-1 for a NULL `rta` or `nest`).
///
/// # Safety
/// `rta` is an attribute whose `rta_len` bytes are writable; `nest` was returned for it.
#[no_mangle]
pub unsafe extern "C" fn rta_nest_end(rta: *mut rtattr, nest: *mut rtattr) -> c_int {
    catch(-1, || {
        if rta.is_null() || nest.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL header.
        let len = unsafe { rta_len(rta) };
        // SAFETY: an attribute's `rta_len` bytes belong to the caller's buffer.
        let attr = unsafe { slice::from_raw_parts_mut(rta.cast::<u8>(), len as usize) };
        if let Some(at) = offset_of_ptr(rta.cast(), nest.cast()) {
            build::close_nest(attr, at, align4(len as u32) as usize);
        }
        len as c_int
    })
}

/// Parses `[rta, rta + len)` into `tb[0..=max]` (see `parse_rtattr_flags`): the table as a
/// slice, then `attr::table`'s clear and walk (the fast path of a function that runs once per
/// dumped object).
///
/// No `catch_unwind` frame: nothing here can panic (`max + 1` with `0 <= max <= i32::MAX`
/// fits a `usize`; `attr::table` says why it cannot panic); the only code that could
/// (formatting the `!!!Deficit` text) runs under [`catch`].
///
/// # Safety
/// `tb` is NULL or has `max + 1` writable entries; `rta` is NULL or has `len` readable bytes.
#[inline(always)]
unsafe fn parse_flags_impl(tb: *mut *mut rtattr, max: c_int, rta: *mut rtattr, len: c_int, flags: u16) -> c_int {
    if tb.is_null() || rta.is_null() {
        // SAFETY: forwarded contract.
        return unsafe { parse_with_nulls(tb, max, rta, len, flags) };
    }
    // A negative max stores nothing (iproute2: max = -1 clears nothing, lower crashes).
    let entries = (max as i64 + 1).max(0) as usize;
    // SAFETY: `tb` is non-NULL with `max + 1` writable entries (contract), used by nothing
    // else during the call.
    let tb = unsafe { slice::from_raw_parts_mut(tb, entries) };
    table::clear(tb);
    // SAFETY: `rta` is non-NULL with `len` readable bytes (contract).
    if let Some(deficit) = unsafe { table::parse_into(tb, rta, len, flags) } {
        catch((), || print_deficit(deficit));
    }
    0
}

/// [`parse_flags_impl`] when `tb` or `rta` is NULL: a NULL table stores nothing; NULL
/// attributes with a non-negative length are an empty table and `EINVAL`.
///
/// # Safety
/// As [`parse_flags_impl`].
#[cold]
#[inline(never)]
unsafe fn parse_with_nulls(tb: *mut *mut rtattr, max: c_int, rta: *mut rtattr, len: c_int, flags: u16) -> c_int {
    let tb: &mut [*mut rtattr] = if max >= 0 && !tb.is_null() {
        // SAFETY: `tb` is non-NULL with `max + 1` writable entries (contract).
        unsafe { slice::from_raw_parts_mut(tb, max as usize + 1) }
    } else {
        &mut []
    };
    tb.fill(ptr::null_mut());
    if rta.is_null() && len >= 0 {
        return einval(0);
    }
    // SAFETY: forwarded contract (`rta` is NULL only with a negative `len`, which reads
    // nothing).
    if let Some(deficit) = unsafe { table::parse_into(tb, rta, len, flags) } {
        catch((), || print_deficit(deficit));
    }
    0
}

/// Stores the first attribute of each type `<= max` in `tb` (cleared first), masking only
/// `flags` out of the type. Always 0; prints `!!!Deficit %d, rta_len=%d` on leftovers.
///
/// # Safety
/// `tb` is NULL or has `max + 1` writable entries; `rta` is NULL or has `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn parse_rtattr_flags(
    tb: *mut *mut rtattr,
    max: c_int,
    rta: *mut rtattr,
    len: c_int,
    flags: c_ushort,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { parse_flags_impl(tb, max, rta, len, flags) }
}

/// `parse_rtattr_flags(tb, max, rta, len, 0)`.
///
/// # Safety
/// As `parse_rtattr_flags`.
#[no_mangle]
pub unsafe extern "C" fn parse_rtattr(tb: *mut *mut rtattr, max: c_int, rta: *mut rtattr, len: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { parse_flags_impl(tb, max, rta, len, 0) }
}

/// The first attribute whose type is exactly `type` (no masking), or NULL (printing
/// `!!!Deficit` if the walk ended with leftovers).
///
/// # Safety
/// `rta` is NULL or has `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn parse_rtattr_one(r#type: c_int, rta: *mut rtattr, len: c_int) -> *mut rtattr {
    catch(ptr::null_mut(), || {
        let buf: &[u8] = match (rta.is_null(), usize::try_from(len)) {
            // SAFETY: non-NULL with `len` readable bytes by contract.
            (false, Ok(n)) => unsafe { slice::from_raw_parts(rta.cast::<u8>(), n) },
            (true, Ok(_)) => return einval(ptr::null_mut()),
            (_, Err(_)) => &[],
        };
        match parse::find_one(buf, len, r#type) {
            Ok(at) => rta.cast::<u8>().wrapping_add(at).cast(),
            Err(deficit) => {
                if let Some(d) = deficit {
                    print_deficit(d);
                }
                ptr::null_mut()
            }
        }
    })
}

/// For an attribute carrying `len` bytes of fixed data optionally followed by a nest: -1 if
/// the payload is shorter than `len` (`tb` untouched); otherwise parses the nest (masking
/// `NLA_F_NESTED`) or, when there is none, clears `tb`; then 0.
///
/// # Safety
/// `tb` has `max + 1` writable entries; `rta` is NULL or an attribute whose `rta_len` bytes
/// are readable.
#[no_mangle]
pub unsafe extern "C" fn __parse_rtattr_nested_compat(
    tb: *mut *mut rtattr,
    max: c_int,
    rta: *mut rtattr,
    len: c_int,
) -> c_int {
    catch(-1, || {
        if rta.is_null() {
            // Like the other parsers given no attributes: an empty table.
            if let (false, Ok(max)) = (tb.is_null(), usize::try_from(max)) {
                // SAFETY: `max + 1` writable entries by contract.
                unsafe { slice::from_raw_parts_mut(tb, max + 1) }.fill(ptr::null_mut());
            }
            return einval(0);
        }
        // SAFETY: non-NULL attribute whose `rta_len` bytes are readable.
        let attr = unsafe { slice::from_raw_parts(rta.cast::<u8>(), rta_len(rta) as usize) };
        match parse::compat_nest(attr, len) {
            Compat::TooShort => -1,
            Compat::NoNest => {
                if let (false, Ok(max)) = (tb.is_null(), usize::try_from(max)) {
                    // SAFETY: `max + 1` writable entries by contract.
                    unsafe { slice::from_raw_parts_mut(tb, max + 1) }.fill(ptr::null_mut());
                }
                0
            }
            Compat::Nest { start, len } => {
                let inner = rta.cast::<u8>().wrapping_add(start).cast::<rtattr>();
                // SAFETY: `compat_nest` bounded `[start, start + len)` to the attribute.
                unsafe { parse_flags_impl(tb, max, inner, len, NLA_F_NESTED) }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exported parser agrees with the slice walk of `parse::parse_into` (the reference)
    /// on well-formed and malformed runs without leftovers (which would print the deficit
    /// texts); `attr::table`'s tests compare the walk itself on every case.
    #[test]
    fn exported_parse_matches_the_walk() {
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15u64);
        for case in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..next() % 6 {
                let payload = (next() % 9) as usize;
                let ty = match next() % 4 {
                    0 => (next() % 40) as u16,
                    1 => 0x8000 | (next() % 8) as u16,
                    _ => (next() % 8) as u16,
                };
                let rta_len = match next() % 10 {
                    0 => (next() % 70) as u16,
                    _ => (4 + payload) as u16,
                };
                bytes.extend_from_slice(&rta_len.to_ne_bytes());
                bytes.extend_from_slice(&ty.to_ne_bytes());
                bytes.extend((0..payload).map(|_| next() as u8));
                if next() % 4 != 0 {
                    while bytes.len() % 4 != 0 {
                        bytes.push(0);
                    }
                }
            }
            let cut = (next() % 3) as usize;
            let len = bytes.len().saturating_sub(cut) as i32;
            let len = if case % 97 == 0 { -(case % 5) } else { len };
            let max = (next() % 12) as i32 - 1;
            let flags = if next() % 3 == 0 { NLA_F_NESTED } else { 0 };
            let base = bytes.as_mut_ptr();
            let n = if max < 0 { 0 } else { max as usize + 1 };
            let mut slow = vec![base.cast::<rtattr>(); 12];
            let buf = if len < 0 { &bytes[..0] } else { &bytes[..len as usize] };
            let slot = |at: usize| base.wrapping_add(at).cast::<rtattr>();
            if parse::parse_into(buf, len, flags, &mut slow[..n], ptr::null_mut(), slot).is_none() {
                let mut fast = vec![base.cast::<rtattr>(); 12];
                assert_eq!(unsafe { parse_rtattr_flags(fast.as_mut_ptr(), max, base.cast(), len, flags) }, 0);
                assert_eq!(fast, slow, "case {case}: {bytes:?} len {len} max {max} flags {flags:#x}");
            }
        }
    }
}
