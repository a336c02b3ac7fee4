//! The dump-request helpers (spec 3.2): `rtnl_*dump_req*`, `rtnl_dump_request`,
//! `rtnl_dump_request_n`.
//!
//! Every helper takes `nlmsg_seq = rth->dump = ++rth->seq` (before anything can fail), has
//! `crate::dump_req` build the request of exactly iproute2's size (a [`Req`]: the netlink
//! header, the object's family header and spare room for attributes), lets the caller's filter
//! append attributes where the spec says so, and sends it with `send(2)`: the whole struct for
//! most helpers (the zero tail goes on the wire, as in iproute2), `nlmsg_len` bytes for the nsid
//! and `rtnl_linkdump_req_filter_fn` ones. The generic `rtnl_dump_request*` use `sendmsg` to
//! the kernel's address.
//!
//! Differences from iproute2, all where it would crash or read outside the request: a NULL
//! handle gives -1 with `errno = EINVAL`; a NULL required filter gives `-EINVAL`; a filter that
//! sets `nlmsg_len` beyond the request buffer gives `-EINVAL` (nothing sent) where `nlmsg_len`
//! bytes would be sent.

use crate::dump_req::{self, generic_header, header_bytes, Req, DUMP_REQUEST_FLAGS};
use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::types::{ipstats_req, req_filter_fn_t, rtnl_handle};
use crate::out::set_errno;
use crate::socket;
use crate::wire::{__u32, __u8, nlmsghdr, Plain};
use core::ffi::{c_int, c_void};
use core::{ptr, slice};

/// The caller's `req_filter_fn_t`, called as `filter_fn(&req.nlh, sizeof(req))`. Some with
/// its return value when that is non-zero (the request must not be sent).
///
/// # Safety
/// `f` behaves as a `req_filter_fn_t`: it writes only within `reqlen` bytes of `nlh`.
unsafe fn call_filter<H: Plain, const N: usize>(
    req: &mut Req<H, N>,
    f: unsafe extern "C" fn(*mut nlmsghdr, c_int) -> c_int,
) -> Option<c_int> {
    // The pointer is derived from the whole request, so the filter may write anywhere in it.
    let nlh = ptr::addr_of_mut!(*req).cast::<nlmsghdr>();
    // SAFETY: `nlh` points to `SIZE` writable bytes, exactly the reqlen passed; `Req` has
    // no padding and integer fields only (`H: Plain`), so whatever the filter writes is a value.
    let ret = unsafe { f(nlh, Req::<H, N>::SIZE as c_int) };
    (ret != 0).then_some(ret)
}

/// Sends the whole request (`sizeof(req)`): the byte count or -1 with errno.
fn send_whole<H: Plain, const N: usize>(h: Handle, req: &Req<H, N>) -> c_int {
    socket::send(h.fd(), req.bytes()) as c_int
}

/// Sends `nlmsg_len` bytes, or returns `-EINVAL` when that exceeds the request.
fn send_nlmsg_len<H: Plain, const N: usize>(h: Handle, req: &Req<H, N>) -> c_int {
    match req.message() {
        Some(msg) => socket::send(h.fd(), msg) as c_int,
        None => neg_einval(),
    }
}

/// `-EINVAL`, with `errno` set to match.
fn neg_einval() -> c_int {
    set_errno(libc::EINVAL);
    -libc::EINVAL
}

/// The body shared by the helpers with an optional filter that send `sizeof(req)`.
///
/// # Safety
/// `filter_fn` is None or a valid `req_filter_fn_t`.
unsafe fn optional_filter_whole<H: Plain, const N: usize>(h: Handle, mut req: Req<H, N>, filter_fn: req_filter_fn_t) -> c_int {
    if let Some(f) = filter_fn {
        // SAFETY: forwarded contract.
        if let Some(ret) = unsafe { call_filter(&mut req, f) } {
            return ret;
        }
    }
    send_whole(h, &req)
}

/// The body shared by the helpers whose filter is required and that send `nlmsg_len` bytes
/// (`-EINVAL` without a filter; the sequence number was taken all the same).
///
/// # Safety
/// `filter_fn` is None or a valid `req_filter_fn_t`.
unsafe fn required_filter_nlmsg_len<H: Plain, const N: usize>(h: Handle, mut req: Req<H, N>, filter_fn: req_filter_fn_t) -> c_int {
    let Some(f) = filter_fn else { return neg_einval() };
    // SAFETY: forwarded contract.
    if let Some(ret) = unsafe { call_filter(&mut req, f) } {
        return ret;
    }
    send_nlmsg_len(h, &req)
}

/// Requests a dump of addresses (`RTM_GETADDR`, `ifaddrmsg` with `family`, 152 bytes sent).
/// `filter_fn`, when not NULL, may append attributes first; a non-zero return from it is
/// returned unchanged and nothing is sent. Otherwise the `send` result: the byte count, or
/// -1 with errno. `rth->seq` and `rth->dump` become `rth->seq + 1` in every case.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`; `filter_fn`
/// writes only within the `reqlen` bytes it is given.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_addrdump_req(rth: *mut rtnl_handle, family: c_int, filter_fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::addrdump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, req, filter_fn) }
    })
}

/// Requests a dump of address labels (`RTM_GETADDRLABEL`, `ifaddrlblmsg` with `family`, 28
/// bytes). The `send` result: the byte count, or -1 with errno; `rth->seq` and `rth->dump`
/// become `rth->seq + 1`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_addrlbldump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::addrlbldump(h.next_dump_seq(), family as u8))
    })
}

/// Requests a dump of routes (`RTM_GETROUTE`, `rtmsg` with `family`, 156 bytes sent).
/// `filter_fn` and the return value as for `rtnl_addrdump_req`.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_routedump_req(rth: *mut rtnl_handle, family: c_int, filter_fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::routedump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, req, filter_fn) }
    })
}

/// Requests a dump of policy-routing rules (`RTM_GETRULE`, `fib_rule_hdr` with `family`, 28
/// bytes). The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_ruledump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::ruledump(h.next_dump_seq(), family as u8))
    })
}

/// Requests a dump of neighbours (`RTM_GETNEIGH`, `ndmsg` with `family`, 284 bytes sent).
/// `filter_fn` and the return value as for `rtnl_addrdump_req`.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_neighdump_req(rth: *mut rtnl_handle, family: c_int, filter_fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::neighdump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, req, filter_fn) }
    })
}

/// Requests a dump of neighbour tables (`RTM_GETNEIGHTBL`, `ndtmsg` with `family`, 20
/// bytes). The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_neightbldump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::neightbldump(h.next_dump_seq(), family as u8))
    })
}

/// Requests a dump of the bridge multicast database (`RTM_GETMDB`, `br_port_msg` with
/// `family`, 24 bytes). The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_mdbdump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::mdbdump(h.next_dump_seq(), family as u8))
    })
}

/// Requests a dump of bridge VLANs (`RTM_GETVLAN`, `br_vlan_msg` with `family`, plus the u32
/// attribute `BRIDGE_VLANDB_DUMP_FLAGS` = `dump_flags`; `nlmsg_len` 32, 280 bytes sent).
/// The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_brvlandump_req(rth: *mut rtnl_handle, family: c_int, dump_flags: __u32) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::brvlandump(h.next_dump_seq(), family as u8, dump_flags))
    })
}

/// Requests a dump of per-device IP configuration (`RTM_GETNETCONF`, `netconfmsg` with
/// `family`, padded to 4: 20 bytes). The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_netconfdump_req(rth: *mut rtnl_handle, family: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::netconfdump(h.next_dump_seq(), family as u8))
    })
}

/// Requests a dump of network-namespace ids (`RTM_GETNSID`, `rtgenmsg` with `family` padded
/// to 4, in a 1044-byte buffer). `filter_fn` is required (NULL: `-EINVAL`, nothing sent) and
/// is called with reqlen 1044; a non-zero return from it is returned unchanged, nothing sent.
/// Then `nlmsg_len` bytes are sent (`-EINVAL` if the filter set it beyond the buffer): the
/// byte count, or -1 with errno. `rth->seq` and `rth->dump` become `rth->seq + 1` in every
/// case.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_nsiddump_req_filter_fn(
    rth: *mut rtnl_handle,
    family: c_int,
    filter_fn: req_filter_fn_t,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::nsiddump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { required_filter_nlmsg_len(h, req, filter_fn) }
    })
}

/// A plain `RTM_GETLINK` request: `ifinfomsg` with `family`, 32 bytes.
fn link_plain(h: Handle, family: c_int) -> c_int {
    send_whole(h, &dump_req::linkdump(h.next_dump_seq(), family as u8))
}

/// Requests a dump of links (`RTM_GETLINK`). For `AF_UNSPEC` this is
/// `rtnl_linkdump_req_filter(rth, AF_UNSPEC, RTEXT_FILTER_VF)` (40 bytes); other families
/// send a plain 32-byte `ifinfomsg` request. The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_linkdump_req(rth: *mut rtnl_handle, fam: c_int) -> c_int {
    if fam == libc::AF_UNSPEC {
        // SAFETY: forwarded contract.
        return unsafe { rtnl_linkdump_req_filter(rth, fam, libc::RTEXT_FILTER_VF as __u32) };
    }
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        link_plain(h, fam)
    })
}

/// Requests a dump of links (`RTM_GETLINK`). For `AF_UNSPEC` and `AF_BRIDGE` the request
/// carries the u32 attribute `IFLA_EXT_MASK` = `filt_mask` (40 bytes); other families send a
/// plain 32-byte request and `filt_mask` is ignored. The return value as for
/// `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_linkdump_req_filter(rth: *mut rtnl_handle, fam: c_int, filt_mask: __u32) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        if fam != libc::AF_UNSPEC && fam != libc::AF_BRIDGE {
            return link_plain(h, fam);
        }
        send_whole(h, &dump_req::linkdump_ext_mask(h.next_dump_seq(), fam as u8, filt_mask))
    })
}

/// Requests a dump of links (`RTM_GETLINK`). For `AF_UNSPEC` and `AF_PACKET`, `fn` is
/// required (NULL: `-EINVAL`, nothing sent) and is called with reqlen 1056; a non-zero return
/// from it is returned unchanged, nothing sent; then `nlmsg_len` bytes are sent (`-EINVAL` if
/// the filter set it beyond the buffer). Other families send a plain 32-byte request and `fn`
/// is not called. Otherwise the `send` result: the byte count, or -1 with errno.
/// `rth->seq` and `rth->dump` become `rth->seq + 1` in every case.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_linkdump_req_filter_fn(rth: *mut rtnl_handle, fam: c_int, r#fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        if fam != libc::AF_UNSPEC && fam != libc::AF_PACKET {
            return link_plain(h, fam);
        }
        let req = dump_req::linkdump_for_filter(h.next_dump_seq(), fam as u8);
        // SAFETY: the caller's contract for `fn`.
        unsafe { required_filter_nlmsg_len(h, req, r#fn) }
    })
}

/// Requests a dump of the bridge forwarding database (`RTM_GETNEIGH` with an `ifinfomsg`
/// header of family `PF_BRIDGE`, 160 bytes sent). `filter_fn` is required (NULL: `-EINVAL`,
/// nothing sent; iproute2 crashes) and is called with reqlen 160; a non-zero return from it
/// is returned unchanged, nothing sent. Otherwise the `send` result: the byte count, or -1
/// with errno. `rth->seq` and `rth->dump` become `rth->seq + 1` in every case.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_fdb_linkdump_req_filter_fn(rth: *mut rtnl_handle, filter_fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let mut req = dump_req::fdb_linkdump(h.next_dump_seq());
        let Some(f) = filter_fn else { return neg_einval() };
        // SAFETY: the caller's contract for the filter.
        if let Some(ret) = unsafe { call_filter(&mut req, f) } {
            return ret;
        }
        send_whole(h, &req)
    })
}

/// Requests a dump of interface statistics (`RTM_GETSTATS`, a zeroed `struct ipstats_req`
/// with `ifsm.family = fam` and `ifsm.filter_mask = filt_mask`; 156 bytes sent).
/// `filter_fn`, when not NULL, is called as `filter_fn(&req, filter_data)`; a non-zero return
/// from it is returned unchanged and nothing is sent. Otherwise the `send` result: the byte
/// count, or -1 with errno. `rth->seq` and `rth->dump` become `rth->seq + 1` in every case.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`; `filter_fn`
/// writes only within the `struct ipstats_req` it is given.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_statsdump_req_filter(
    rth: *mut rtnl_handle,
    fam: c_int,
    filt_mask: __u32,
    filter_fn: Option<unsafe extern "C" fn(req: *mut ipstats_req, data: *mut c_void) -> c_int>,
    filter_data: *mut c_void,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let mut req = dump_req::statsdump(h.next_dump_seq(), fam as u8, filt_mask);
        if let Some(f) = filter_fn {
            // `Req<if_stats_msg, 128>` has the layout of `struct ipstats_req`
            // (`stats_req_is_ipstats_req` checks it); the pointer covers the whole request.
            let p = ptr::addr_of_mut!(req).cast::<ipstats_req>();
            // SAFETY: `p` points to a complete, writable ipstats_req for the call; the
            // caller vouches for `f` and `filter_data`.
            let ret = unsafe { f(p, filter_data) };
            if ret != 0 {
                return ret;
            }
        }
        send_whole(h, &req)
    })
}

/// Requests a dump of nexthops (`RTM_GETNEXTHOP`, `nhmsg` with `family`, 152 bytes sent).
/// `filter_fn` and the return value as for `rtnl_addrdump_req`.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_nexthopdump_req(rth: *mut rtnl_handle, family: c_int, filter_fn: req_filter_fn_t) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::nexthopdump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, req, filter_fn) }
    })
}

/// Requests a dump of resilient nexthop-group buckets (`RTM_GETNEXTHOPBUCKET`, `nhmsg` with
/// `family`, 152 bytes sent). `filter_fn` and the return value as for `rtnl_addrdump_req`.
///
/// # Safety
/// As `rtnl_addrdump_req`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_nexthop_bucket_dump_req(
    rth: *mut rtnl_handle,
    family: c_int,
    filter_fn: req_filter_fn_t,
) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let req = dump_req::nexthop_bucket_dump(h.next_dump_seq(), family as u8);
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, req, filter_fn) }
    })
}

/// Requests a dump of tunnel (VXLAN VNI) state (`RTM_GETTUNNEL`, `tunnel_msg` with `family`,
/// `flags` and `ifindex`; 280 bytes sent). The return value as for `rtnl_addrlbldump_req`.
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_tunneldump_req(rth: *mut rtnl_handle, family: c_int, ifindex: c_int, flags: __u8) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        send_whole(h, &dump_req::tunneldump(h.next_dump_seq(), family as u8, ifindex as u32, flags))
    })
}

/// Sends a dump request of type `type` whose payload is the `len` bytes at `req`: a 16-byte
/// header (`nlmsg_len = NLMSG_LENGTH(len)`, DUMP|REQUEST, `nlmsg_seq = rth->dump = ++rth->seq`)
/// and the payload, with one `sendmsg` to the kernel. The `sendmsg` result: the byte count,
/// or -1 with errno. A negative `len`, or a NULL `req` with `len > 0`, gives -1 with
/// `errno = EINVAL` (after the sequence number was taken).
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`; `req` is NULL or
/// points to `len` readable bytes.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_dump_request(rth: *mut rtnl_handle, r#type: c_int, req: *mut c_void, len: c_int) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let seq = h.next_dump_seq();
        let Ok(n) = usize::try_from(len) else { return einval(-1) };
        let payload: &[u8] = match (n, req.is_null()) {
            (0, _) => &[],
            (_, true) => return einval(-1),
            // SAFETY: non-NULL and the caller guarantees `len` readable bytes.
            (_, false) => unsafe { slice::from_raw_parts(req.cast::<u8>(), n) },
        };
        let hdr = header_bytes(&generic_header(r#type as u16, n as u32, seq));
        socket::send_to_kernel(h.fd(), &[&hdr, payload]) as c_int
    })
}

/// Sends the caller's complete dump request `n` to the kernel with `sendmsg`, after setting
/// `nlmsg_flags = NLM_F_DUMP|NLM_F_REQUEST` (replacing the caller's flags), `nlmsg_pid = 0`
/// and `nlmsg_seq = rth->dump = ++rth->seq`; `nlmsg_len` bytes are sent. The `sendmsg`
/// result: the byte count, or -1 with errno. A NULL `n` gives -1 with `errno = EINVAL`
/// (after the sequence number was taken).
///
/// # Safety
/// `rth` is NULL (-1, `errno = EINVAL`) or a writable `struct rtnl_handle`; `n` is NULL or a
/// writable message of at least `max(16, n->nlmsg_len)` bytes.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn rtnl_dump_request_n(rth: *mut rtnl_handle, n: *mut nlmsghdr) -> c_int {
    catch(-1, || {
        // SAFETY: the caller's handle, used by this thread only for the call.
        let Some(h) = (unsafe { Handle::from_ptr(rth) }) else { return einval(-1) };
        let seq = h.next_dump_seq();
        if n.is_null() {
            return einval(-1);
        }
        // SAFETY: `n` is non-NULL, a writable header followed by the rest of its
        // `nlmsg_len` bytes (caller's contract); unaligned accesses accept any C buffer.
        let msg = unsafe {
            ptr::addr_of_mut!((*n).nlmsg_flags).write_unaligned(DUMP_REQUEST_FLAGS);
            ptr::addr_of_mut!((*n).nlmsg_pid).write_unaligned(0);
            ptr::addr_of_mut!((*n).nlmsg_seq).write_unaligned(seq);
            let len = ptr::addr_of!((*n).nlmsg_len).read_unaligned() as usize;
            slice::from_raw_parts(n.cast::<u8>(), len)
        };
        socket::send_to_kernel(h.fd(), &[msg]) as c_int
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{if_stats_msg, rtgenmsg};
    use core::mem::{align_of, offset_of, size_of};

    #[test]
    fn stats_req_is_ipstats_req() {
        type R = Req<if_stats_msg, 128>;
        assert_eq!(size_of::<R>(), size_of::<ipstats_req>());
        assert_eq!(align_of::<R>(), align_of::<ipstats_req>());
        assert_eq!(offset_of!(R, hdr), offset_of!(ipstats_req, ifsm));
        assert_eq!(offset_of!(R, buf), offset_of!(ipstats_req, buf));
    }

    /// An attribute of `rta_len` and `rta_type` with a u32 payload, in host order.
    fn attr_u32(rta_len: u16, rta_type: u16, value: u32) -> Vec<u8> {
        [&rta_len.to_ne_bytes()[..], &rta_type.to_ne_bytes(), &value.to_ne_bytes()].concat()
    }

    unsafe extern "C" fn grow(nlh: *mut nlmsghdr, reqlen: c_int) -> c_int {
        // Appends an 8-byte attribute at nlmsg_len, like addattr32(nlh, reqlen, 5, 1).
        let len = (*nlh).nlmsg_len as usize;
        assert!(len + 8 <= reqlen as usize);
        let p = nlh.cast::<u8>().add(len);
        p.copy_from_nonoverlapping(attr_u32(8, 5, 1).as_ptr(), 8);
        (*nlh).nlmsg_len += 8;
        0
    }

    unsafe extern "C" fn refuse(_: *mut nlmsghdr, _: c_int) -> c_int {
        -42
    }

    unsafe extern "C" fn overlong(nlh: *mut nlmsghdr, reqlen: c_int) -> c_int {
        (*nlh).nlmsg_len = reqlen as u32 + 4;
        0
    }

    #[test]
    fn filter_contract() {
        let mut r = Req::<rtgenmsg, 1027>::new(90, 1, rtgenmsg::default());
        assert_eq!(unsafe { call_filter(&mut r, grow) }, None);
        assert_eq!(r.nlh.nlmsg_len, 28);
        assert_eq!(&r.bytes()[20..28], &attr_u32(8, 5, 1)[..]);
        assert_eq!(unsafe { call_filter(&mut r, refuse) }, Some(-42));
        assert_eq!(unsafe { call_filter(&mut r, overlong) }, None);
        assert_eq!(r.nlh.nlmsg_len, 1048);
        // A closed descriptor is never reached: the length check comes first.
        let mut handle: rtnl_handle = unsafe { core::mem::zeroed() };
        handle.fd = -1;
        let h = unsafe { Handle::from_ptr(&mut handle) }.unwrap();
        assert_eq!(send_nlmsg_len(h, &r), -libc::EINVAL);
    }
}
