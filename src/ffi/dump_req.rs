//! The dump-request helpers (spec 3.2): `rtnl_*dump_req*`, `rtnl_dump_request`,
//! `rtnl_dump_request_n`.
//!
//! Every helper builds a zero-initialised request of exactly iproute2's size (a [`Req`]: the
//! netlink header, the object's family header and spare room for attributes), stamps it with
//! `nlmsg_seq = rth->dump = ++rth->seq` (before anything can fail), lets the caller's filter
//! append attributes where the spec says so, and sends it with `send(2)`: the whole struct for
//! most helpers (the zero tail goes on the wire, as in iproute2), `nlmsg_len` bytes for the nsid
//! and `rtnl_linkdump_req_filter_fn` ones. The generic `rtnl_dump_request*` use `sendmsg` to
//! the kernel's address.
//!
//! Differences from iproute2, all where it would crash or read outside the request: a NULL
//! handle gives -1 with `errno = EINVAL`; a NULL required filter gives `-EINVAL`; a filter that
//! sets `nlmsg_len` beyond the request buffer gives `-EINVAL` (nothing sent) where `nlmsg_len`
//! bytes would be sent.

use crate::attr::build::append_attr;
use crate::ffi::guard::catch;
use crate::ffi::handle::Handle;
use crate::ffi::stdio::{einval, set_errno};
use crate::ffi::types::{ipstats_req, req_filter_fn_t, rtnl_handle};
use crate::socket;
use crate::wire::{__u32, __u8, if_stats_msg, nlmsghdr, NLMSG_HDRLEN};
use core::ffi::{c_int, c_void};
use core::mem::size_of;
use core::{ptr, slice};

/// `nlmsg_flags` of every dump request: `NLM_F_DUMP | NLM_F_REQUEST` (0x301).
const DUMP_REQUEST_FLAGS: u16 = (libc::NLM_F_DUMP | libc::NLM_F_REQUEST) as u16;

// Message types the libc crate lacks, from <linux/rtnetlink.h>.
const RTM_GETNEXTHOP: u16 = 106;
const RTM_GETVLAN: u16 = 114;
const RTM_GETNEXTHOPBUCKET: u16 = 118;
const RTM_GETTUNNEL: u16 = 122;
/// `BRIDGE_VLANDB_DUMP_FLAGS` from <linux/if_bridge.h>.
const BRIDGE_VLANDB_DUMP_FLAGS: u16 = 1;

/// A family header that can be viewed as plain bytes: `#[repr(C)]`, integer fields only and
/// no implicit padding (explicit `_pad` fields stand in for the C compiler's padding).
///
/// # Safety
/// Implementors must have no padding bytes and accept every bit pattern.
unsafe trait FamilyHeader: Copy {}

// Mirrors of the kernel's family headers (the <linux/*.h> named on each). The unit tests
// check their sizes; none has implicit padding.

/// `struct ifaddrmsg` (<linux/if_addr.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct IfAddrMsg {
    ifa_family: u8,
    ifa_prefixlen: u8,
    ifa_flags: u8,
    ifa_scope: u8,
    ifa_index: u32,
}

/// `struct ifaddrlblmsg` (<linux/if_addrlabel.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct IfAddrLblMsg {
    ifal_family: u8,
    ifal_reserved: u8,
    ifal_prefixlen: u8,
    ifal_flags: u8,
    ifal_index: u32,
    ifal_seq: u32,
}

/// `struct rtmsg` (<linux/rtnetlink.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct RtMsg {
    rtm_family: u8,
    rtm_dst_len: u8,
    rtm_src_len: u8,
    rtm_tos: u8,
    rtm_table: u8,
    rtm_protocol: u8,
    rtm_scope: u8,
    rtm_type: u8,
    rtm_flags: u32,
}

/// `struct fib_rule_hdr` (<linux/fib_rules.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct FibRuleHdr {
    family: u8,
    dst_len: u8,
    src_len: u8,
    tos: u8,
    table: u8,
    res1: u8,
    res2: u8,
    action: u8,
    flags: u32,
}

/// `struct ndmsg` (<linux/neighbour.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct NdMsg {
    ndm_family: u8,
    ndm_pad1: u8,
    ndm_pad2: u16,
    ndm_ifindex: i32,
    ndm_state: u16,
    ndm_flags: u8,
    ndm_type: u8,
}

/// `struct ndtmsg` (<linux/neighbour.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct NdtMsg {
    ndtm_family: u8,
    ndtm_pad1: u8,
    ndtm_pad2: u16,
}

/// `struct br_port_msg` (<linux/if_bridge.h>); C pads `family` to 4 bytes implicitly.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct BrPortMsg {
    family: u8,
    _pad: [u8; 3],
    ifindex: u32,
}

/// `struct br_vlan_msg` (<linux/if_bridge.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct BrVlanMsg {
    family: u8,
    reserved1: u8,
    reserved2: u16,
    ifindex: u32,
}

/// `struct netconfmsg` (<linux/netconf.h>): one byte; the request pads it to 4.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct NetconfMsg {
    ncm_family: u8,
}

/// `struct rtgenmsg` (<linux/rtnetlink.h>): one byte; the request pads it to 4.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct RtGenMsg {
    rtgen_family: u8,
}

/// `struct ifinfomsg` (<linux/rtnetlink.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct IfInfoMsg {
    ifi_family: u8,
    ifi_pad: u8,
    ifi_type: u16,
    ifi_index: i32,
    ifi_flags: u32,
    ifi_change: u32,
}

/// `struct nhmsg` (<linux/nexthop.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct NhMsg {
    nh_family: u8,
    nh_scope: u8,
    nh_protocol: u8,
    resvd: u8,
    nh_flags: u32,
}

/// `struct tunnel_msg` (<linux/if_link.h>).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct TunnelMsg {
    family: u8,
    flags: u8,
    reserved2: u16,
    ifindex: u32,
}

// SAFETY: each is repr(C) with integer fields only, laid out without gaps (explicit pad
// fields where C pads); `header_sizes` checks every size.
unsafe impl FamilyHeader for IfAddrMsg {}
unsafe impl FamilyHeader for IfAddrLblMsg {}
unsafe impl FamilyHeader for RtMsg {}
unsafe impl FamilyHeader for FibRuleHdr {}
unsafe impl FamilyHeader for NdMsg {}
unsafe impl FamilyHeader for NdtMsg {}
unsafe impl FamilyHeader for BrPortMsg {}
unsafe impl FamilyHeader for BrVlanMsg {}
unsafe impl FamilyHeader for NetconfMsg {}
unsafe impl FamilyHeader for RtGenMsg {}
unsafe impl FamilyHeader for IfInfoMsg {}
unsafe impl FamilyHeader for NhMsg {}
unsafe impl FamilyHeader for TunnelMsg {}
// SAFETY: `if_stats_msg` (crate::wire) is u8, u8, u16, u32, u32 with no gaps.
unsafe impl FamilyHeader for if_stats_msg {}

/// A dump request as iproute2 lays it out: `struct { struct nlmsghdr nlh; H hdr; char buf[N]; }`.
/// For the one-byte family headers, `N` includes the three bytes C pads after them.
#[repr(C)]
struct Req<H, const N: usize> {
    nlh: nlmsghdr,
    hdr: H,
    buf: [u8; N],
}

impl<H: FamilyHeader, const N: usize> Req<H, N> {
    /// Compile-time proof that the struct has no padding, so viewing it as bytes is sound.
    const NO_PADDING: () = assert!(size_of::<Self>() == NLMSG_HDRLEN + size_of::<H>() + N);
    /// `sizeof(req)`: the `reqlen` a filter gets, and what most helpers send.
    const SIZE: usize = size_of::<Self>();

    /// The zeroed request with its header filled: `nlmsg_len` covers the family header
    /// (rounded up to 4), `nlmsg_flags` = DUMP|REQUEST, `nlmsg_pid` 0.
    fn new(ty: u16, seq: u32, hdr: H) -> Self {
        #[allow(clippy::let_unit_value)]
        let () = Self::NO_PADDING;
        let len = NLMSG_HDRLEN + ((size_of::<H>() + 3) & !3);
        Req {
            nlh: nlmsghdr {
                nlmsg_len: len as u32,
                nlmsg_type: ty,
                nlmsg_flags: DUMP_REQUEST_FLAGS,
                nlmsg_seq: seq,
                nlmsg_pid: 0,
            },
            hdr,
            buf: [0; N],
        }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `Self` has no padding (NO_PADDING) and only integer fields, so all
        // `SIZE` bytes are initialised.
        unsafe { slice::from_raw_parts(ptr::addr_of!(*self).cast::<u8>(), Self::SIZE) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`; every bit pattern is valid for the integer fields.
        unsafe { slice::from_raw_parts_mut(ptr::addr_of_mut!(*self).cast::<u8>(), Self::SIZE) }
    }

    /// Appends a u32 attribute after `nlmsg_len` (always fits: callers size `N` for it).
    fn append_u32(&mut self, rta_type: u16, value: u32) {
        let len = self.nlh.nlmsg_len;
        if let Ok(end) = append_attr(self.bytes_mut(), len, rta_type, &value.to_ne_bytes()) {
            self.nlh.nlmsg_len = end;
        }
    }

    /// The caller's `req_filter_fn_t`, called as `filter_fn(&req.nlh, sizeof(req))`. Some
    /// with its return value when that is non-zero (the request must not be sent).
    ///
    /// # Safety
    /// `f` behaves as a `req_filter_fn_t`: it writes only within `reqlen` bytes of `nlh`.
    unsafe fn filter(&mut self, f: unsafe extern "C" fn(*mut nlmsghdr, c_int) -> c_int) -> Option<c_int> {
        // The pointer is derived from the whole request, so the filter may write anywhere in it.
        let nlh = ptr::addr_of_mut!(*self).cast::<nlmsghdr>();
        // SAFETY: `nlh` points to `SIZE` writable bytes, exactly the reqlen passed.
        let ret = unsafe { f(nlh, Self::SIZE as c_int) };
        (ret != 0).then_some(ret)
    }

    /// Sends the whole request (`sizeof(req)`): the byte count or -1 with errno.
    fn send_whole(&self, h: Handle) -> c_int {
        socket::send(h.fd(), self.bytes()) as c_int
    }

    /// Sends `nlmsg_len` bytes, or returns `-EINVAL` when that exceeds the request.
    fn send_nlmsg_len(&self, h: Handle) -> c_int {
        match self.bytes().get(..self.nlh.nlmsg_len as usize) {
            Some(msg) => socket::send(h.fd(), msg) as c_int,
            None => neg_einval(),
        }
    }
}

/// `-EINVAL`, with `errno` set to match.
fn neg_einval() -> c_int {
    set_errno(libc::EINVAL);
    -libc::EINVAL
}

/// A request of type `ty` with family header `hdr`, numbered `++rth->seq` (also stored in
/// `rth->dump`).
fn request<H: FamilyHeader, const N: usize>(h: Handle, ty: u16, hdr: H) -> Req<H, N> {
    Req::new(ty, h.next_dump_seq(), hdr)
}

/// The body shared by the helpers with an optional filter that send `sizeof(req)`.
///
/// # Safety
/// `filter_fn` is None or a valid `req_filter_fn_t`.
unsafe fn optional_filter_whole<H: FamilyHeader, const N: usize>(
    h: Handle,
    mut req: Req<H, N>,
    filter_fn: req_filter_fn_t,
) -> c_int {
    if let Some(f) = filter_fn {
        // SAFETY: forwarded contract.
        if let Some(ret) = unsafe { req.filter(f) } {
            return ret;
        }
    }
    req.send_whole(h)
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
        let hdr = IfAddrMsg { ifa_family: family as u8, ..Default::default() };
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, request::<_, 128>(h, libc::RTM_GETADDR, hdr), filter_fn) }
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
        let hdr = IfAddrLblMsg { ifal_family: family as u8, ..Default::default() };
        request::<_, 0>(h, libc::RTM_GETADDRLABEL, hdr).send_whole(h)
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
        let hdr = RtMsg { rtm_family: family as u8, ..Default::default() };
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, request::<_, 128>(h, libc::RTM_GETROUTE, hdr), filter_fn) }
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
        let hdr = FibRuleHdr { family: family as u8, ..Default::default() };
        request::<_, 0>(h, libc::RTM_GETRULE, hdr).send_whole(h)
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
        let hdr = NdMsg { ndm_family: family as u8, ..Default::default() };
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, request::<_, 256>(h, libc::RTM_GETNEIGH, hdr), filter_fn) }
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
        let hdr = NdtMsg { ndtm_family: family as u8, ..Default::default() };
        request::<_, 0>(h, libc::RTM_GETNEIGHTBL, hdr).send_whole(h)
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
        let hdr = BrPortMsg { family: family as u8, ..Default::default() };
        request::<_, 0>(h, libc::RTM_GETMDB, hdr).send_whole(h)
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
        let hdr = BrVlanMsg { family: family as u8, ..Default::default() };
        let mut req = request::<_, 256>(h, RTM_GETVLAN, hdr);
        req.append_u32(BRIDGE_VLANDB_DUMP_FLAGS, dump_flags);
        req.send_whole(h)
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
        let hdr = NetconfMsg { ncm_family: family as u8 };
        request::<_, 3>(h, libc::RTM_GETNETCONF, hdr).send_whole(h)
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
        let hdr = RtGenMsg { rtgen_family: family as u8 };
        let mut req = request::<_, 1027>(h, libc::RTM_GETNSID, hdr);
        let Some(f) = filter_fn else { return neg_einval() };
        // SAFETY: the caller's contract for the filter.
        if let Some(ret) = unsafe { req.filter(f) } {
            return ret;
        }
        req.send_nlmsg_len(h)
    })
}

/// A plain `RTM_GETLINK` request: `ifinfomsg` with `family`, 32 bytes.
fn link_plain(h: Handle, family: c_int) -> c_int {
    let hdr = IfInfoMsg { ifi_family: family as u8, ..Default::default() };
    request::<_, 0>(h, libc::RTM_GETLINK, hdr).send_whole(h)
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
        let hdr = IfInfoMsg { ifi_family: fam as u8, ..Default::default() };
        let mut req = request::<_, 8>(h, libc::RTM_GETLINK, hdr);
        req.append_u32(libc::IFLA_EXT_MASK, filt_mask);
        req.send_whole(h)
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
        let hdr = IfInfoMsg { ifi_family: fam as u8, ..Default::default() };
        let mut req = request::<_, 1024>(h, libc::RTM_GETLINK, hdr);
        let Some(f) = r#fn else { return neg_einval() };
        // SAFETY: the caller's contract for the filter.
        if let Some(ret) = unsafe { req.filter(f) } {
            return ret;
        }
        req.send_nlmsg_len(h)
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
        let hdr = IfInfoMsg { ifi_family: libc::PF_BRIDGE as u8, ..Default::default() };
        let mut req = request::<_, 128>(h, libc::RTM_GETNEIGH, hdr);
        let Some(f) = filter_fn else { return neg_einval() };
        // SAFETY: the caller's contract for the filter.
        if let Some(ret) = unsafe { req.filter(f) } {
            return ret;
        }
        req.send_whole(h)
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
        let hdr = if_stats_msg { family: fam as u8, filter_mask: filt_mask, ..Default::default() };
        let mut req = request::<_, 128>(h, libc::RTM_GETSTATS, hdr);
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
        req.send_whole(h)
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
        let hdr = NhMsg { nh_family: family as u8, ..Default::default() };
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, request::<_, 128>(h, RTM_GETNEXTHOP, hdr), filter_fn) }
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
        let hdr = NhMsg { nh_family: family as u8, ..Default::default() };
        // SAFETY: the caller's contract for `filter_fn`.
        unsafe { optional_filter_whole(h, request::<_, 128>(h, RTM_GETNEXTHOPBUCKET, hdr), filter_fn) }
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
        let hdr = TunnelMsg { family: family as u8, flags, ifindex: ifindex as u32, ..Default::default() };
        request::<_, 256>(h, RTM_GETTUNNEL, hdr).send_whole(h)
    })
}

/// The 16 bytes of a netlink header in host order.
fn header_bytes(n: &nlmsghdr) -> [u8; NLMSG_HDRLEN] {
    let mut b = [0u8; NLMSG_HDRLEN];
    b[0..4].copy_from_slice(&n.nlmsg_len.to_ne_bytes());
    b[4..6].copy_from_slice(&n.nlmsg_type.to_ne_bytes());
    b[6..8].copy_from_slice(&n.nlmsg_flags.to_ne_bytes());
    b[8..12].copy_from_slice(&n.nlmsg_seq.to_ne_bytes());
    b[12..16].copy_from_slice(&n.nlmsg_pid.to_ne_bytes());
    b
}

/// The header `rtnl_dump_request` puts before a payload of `len` bytes:
/// `nlmsg_len = NLMSG_LENGTH(len)` (not aligned), DUMP|REQUEST, pid 0.
fn generic_header(ty: c_int, len: u32, seq: u32) -> nlmsghdr {
    nlmsghdr {
        nlmsg_len: len.wrapping_add(NLMSG_HDRLEN as u32),
        nlmsg_type: ty as u16,
        nlmsg_flags: DUMP_REQUEST_FLAGS,
        nlmsg_seq: seq,
        nlmsg_pid: 0,
    }
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
        let hdr = header_bytes(&generic_header(r#type, n as u32, seq));
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
    use core::mem::{align_of, offset_of};

    /// NLM_F_DUMP | NLM_F_REQUEST, as the requests carry it.
    const F: u16 = 0x301;

    /// The 16 header bytes expected on this host: netlink headers are in host byte order.
    fn hdr(len: u32, ty: u16, seq: u32) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&len.to_ne_bytes());
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(&F.to_ne_bytes());
        v.extend_from_slice(&seq.to_ne_bytes());
        v.extend_from_slice(&0u32.to_ne_bytes());
        v
    }

    /// An attribute of `rta_len` and `rta_type` with a u32 payload, in host order.
    fn attr_u32(rta_len: u16, rta_type: u16, value: u32) -> Vec<u8> {
        [&rta_len.to_ne_bytes()[..], &rta_type.to_ne_bytes(), &value.to_ne_bytes()].concat()
    }

    fn golden(len: u32, ty: u16, seq: u32, family_hdr: &[u8], total: usize) -> Vec<u8> {
        let mut v = hdr(len, ty, seq);
        v.extend_from_slice(family_hdr);
        v.resize(total, 0);
        v
    }

    #[test]
    fn header_sizes() {
        assert_eq!(size_of::<IfAddrMsg>(), 8);
        assert_eq!(size_of::<IfAddrLblMsg>(), 12);
        assert_eq!(size_of::<RtMsg>(), 12);
        assert_eq!(size_of::<FibRuleHdr>(), 12);
        assert_eq!(size_of::<NdMsg>(), 12);
        assert_eq!(offset_of!(NdMsg, ndm_ifindex), 4);
        assert_eq!(size_of::<NdtMsg>(), 4);
        assert_eq!(size_of::<BrPortMsg>(), 8);
        assert_eq!(offset_of!(BrPortMsg, ifindex), 4);
        assert_eq!(size_of::<BrVlanMsg>(), 8);
        assert_eq!(size_of::<NetconfMsg>(), 1);
        assert_eq!(size_of::<RtGenMsg>(), 1);
        assert_eq!(size_of::<IfInfoMsg>(), 16);
        assert_eq!(size_of::<NhMsg>(), 8);
        assert_eq!(size_of::<TunnelMsg>(), 8);
        assert_eq!(offset_of!(TunnelMsg, ifindex), 4);
    }

    #[test]
    fn request_sizes_match_the_table() {
        assert_eq!(Req::<IfAddrMsg, 128>::SIZE, 152);
        assert_eq!(Req::<IfAddrLblMsg, 0>::SIZE, 28);
        assert_eq!(Req::<RtMsg, 128>::SIZE, 156);
        assert_eq!(Req::<FibRuleHdr, 0>::SIZE, 28);
        assert_eq!(Req::<NdMsg, 256>::SIZE, 284);
        assert_eq!(Req::<NdtMsg, 0>::SIZE, 20);
        assert_eq!(Req::<BrPortMsg, 0>::SIZE, 24);
        assert_eq!(Req::<BrVlanMsg, 256>::SIZE, 280);
        assert_eq!(Req::<NetconfMsg, 3>::SIZE, 20);
        assert_eq!(Req::<RtGenMsg, 1027>::SIZE, 1044);
        assert_eq!(Req::<IfInfoMsg, 0>::SIZE, 32);
        assert_eq!(Req::<IfInfoMsg, 8>::SIZE, 40);
        assert_eq!(Req::<IfInfoMsg, 1024>::SIZE, 1056);
        assert_eq!(Req::<IfInfoMsg, 128>::SIZE, 160);
        assert_eq!(Req::<if_stats_msg, 128>::SIZE, 156);
        assert_eq!(Req::<NhMsg, 128>::SIZE, 152);
        assert_eq!(Req::<TunnelMsg, 256>::SIZE, 280);
        assert_eq!(align_of::<Req<RtGenMsg, 1027>>(), 4);
    }

    #[test]
    fn stats_req_is_ipstats_req() {
        type R = Req<if_stats_msg, 128>;
        assert_eq!(size_of::<R>(), size_of::<ipstats_req>());
        assert_eq!(align_of::<R>(), align_of::<ipstats_req>());
        assert_eq!(offset_of!(R, hdr), offset_of!(ipstats_req, ifsm));
        assert_eq!(offset_of!(R, buf), offset_of!(ipstats_req, buf));
    }

    #[test]
    fn golden_bytes() {
        let seq = 0x01020304;
        let r = Req::<IfAddrMsg, 128>::new(22, seq, IfAddrMsg { ifa_family: 2, ..Default::default() });
        assert_eq!(r.bytes(), &golden(24, 22, seq, &[2, 0, 0, 0, 0, 0, 0, 0], 152)[..]);

        let r = Req::<IfAddrLblMsg, 0>::new(74, seq, IfAddrLblMsg { ifal_family: 10, ..Default::default() });
        assert_eq!(r.bytes(), &golden(28, 74, seq, &[10], 28)[..]);

        let r = Req::<RtMsg, 128>::new(26, seq, RtMsg { rtm_family: 2, ..Default::default() });
        assert_eq!(r.bytes(), &golden(28, 26, seq, &[2], 156)[..]);

        let r = Req::<FibRuleHdr, 0>::new(34, seq, FibRuleHdr { family: 10, ..Default::default() });
        assert_eq!(r.bytes(), &golden(28, 34, seq, &[10], 28)[..]);

        let r = Req::<NdMsg, 256>::new(30, seq, NdMsg { ndm_family: 7, ..Default::default() });
        assert_eq!(r.bytes(), &golden(28, 30, seq, &[7], 284)[..]);

        let r = Req::<NdtMsg, 0>::new(66, seq, NdtMsg { ndtm_family: 2, ..Default::default() });
        assert_eq!(r.bytes(), &golden(20, 66, seq, &[2], 20)[..]);

        let r = Req::<BrPortMsg, 0>::new(86, seq, BrPortMsg { family: 7, ..Default::default() });
        assert_eq!(r.bytes(), &golden(24, 86, seq, &[7], 24)[..]);

        let r = Req::<NetconfMsg, 3>::new(82, seq, NetconfMsg { ncm_family: 255 });
        assert_eq!(r.bytes(), &golden(20, 82, seq, &[255], 20)[..]);

        let r = Req::<RtGenMsg, 1027>::new(90, seq, RtGenMsg { rtgen_family: 0 });
        assert_eq!(r.bytes(), &golden(20, 90, seq, &[], 1044)[..]);

        let r = Req::<IfInfoMsg, 0>::new(18, seq, IfInfoMsg { ifi_family: 2, ..Default::default() });
        assert_eq!(r.bytes(), &golden(32, 18, seq, &[2], 32)[..]);

        let r = Req::<IfInfoMsg, 128>::new(30, seq, IfInfoMsg { ifi_family: 7, ..Default::default() });
        assert_eq!(r.bytes(), &golden(32, 30, seq, &[7], 160)[..]);

        let r = Req::<NhMsg, 128>::new(118, seq, NhMsg { nh_family: 0, ..Default::default() });
        assert_eq!(r.bytes(), &golden(24, 118, seq, &[], 152)[..]);

        let hdr = if_stats_msg { family: 0, filter_mask: 0x1e, ..Default::default() };
        let r = Req::<if_stats_msg, 128>::new(94, seq, hdr);
        let ifsm = [&[0u8; 8][..], &0x1eu32.to_ne_bytes()].concat();
        assert_eq!(r.bytes(), &golden(28, 94, seq, &ifsm, 156)[..]);

        let hdr = TunnelMsg { family: 7, flags: 1, ifindex: 0x0a0b0c0d, ..Default::default() };
        let r = Req::<TunnelMsg, 256>::new(122, seq, hdr);
        let tm = [&[7u8, 1, 0, 0][..], &0x0a0b0c0du32.to_ne_bytes()].concat();
        assert_eq!(r.bytes(), &golden(24, 122, seq, &tm, 280)[..]);
    }

    #[test]
    fn golden_bytes_with_attributes() {
        let mut r = Req::<IfInfoMsg, 8>::new(18, 9, IfInfoMsg::default());
        r.append_u32(29, 1);
        let mut want = golden(40, 18, 9, &[], 32);
        want.extend(attr_u32(8, 29, 1));
        assert_eq!(r.bytes(), &want[..]);

        let mut r = Req::<BrVlanMsg, 256>::new(114, 9, BrVlanMsg { family: 7, ..Default::default() });
        r.append_u32(BRIDGE_VLANDB_DUMP_FLAGS, 0xdeadbeef);
        let mut want = golden(32, 114, 9, &[7, 0, 0, 0, 0, 0, 0, 0], 24);
        want.extend(attr_u32(8, BRIDGE_VLANDB_DUMP_FLAGS, 0xdeadbeef));
        want.resize(280, 0);
        assert_eq!(r.bytes(), &want[..]);
    }

    #[test]
    fn generic_header_bytes() {
        let h = generic_header(18, 1, 7);
        assert_eq!(&header_bytes(&h)[..], &hdr(17, 18, 7)[..]);
        // NLMSG_LENGTH wraps like the C macro's unsigned arithmetic.
        assert_eq!(generic_header(0x1_0012, 0, 0).nlmsg_type, 0x12);
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
        let mut r = Req::<RtGenMsg, 1027>::new(90, 1, RtGenMsg::default());
        assert_eq!(unsafe { r.filter(grow) }, None);
        assert_eq!(r.nlh.nlmsg_len, 28);
        assert_eq!(&r.bytes()[20..28], &attr_u32(8, 5, 1)[..]);
        assert_eq!(unsafe { r.filter(refuse) }, Some(-42));
        assert_eq!(unsafe { r.filter(overlong) }, None);
        assert_eq!(r.nlh.nlmsg_len, 1048);
        // A closed descriptor is never reached: the length check comes first.
        let mut handle: rtnl_handle = unsafe { core::mem::zeroed() };
        handle.fd = -1;
        let h = unsafe { Handle::from_ptr(&mut handle) }.unwrap();
        assert_eq!(r.send_nlmsg_len(h), -libc::EINVAL);
    }
}
