//! The dump requests of `rtnl_*dump_req*` (spec 3.2), built exactly as iproute2 lays them out.
//!
//! Each is a zero-initialised [`Req`]: the netlink header (`nlmsg_len` covering the family
//! header rounded up to 4, `NLM_F_DUMP | NLM_F_REQUEST`, the given sequence number, pid 0),
//! the object's family header from `crate::wire`, and spare room for attributes, of exactly
//! iproute2's size: most helpers send the whole struct (its zero tail goes on the wire, as in
//! iproute2). One function per request below, named after its C function. The C shell
//! (`ffi/dump_req.rs`) takes the sequence number from the handle, lets the caller's filter
//! write into the request and sends it.

use crate::attr::build::append_attr;
use crate::wire::if_bridge::BRIDGE_VLANDB_DUMP_FLAGS;
use crate::wire::rtnetlink::{RTM_GETNEXTHOP, RTM_GETNEXTHOPBUCKET, RTM_GETTUNNEL, RTM_GETVLAN};
use crate::wire::{
    br_port_msg, br_vlan_msg, fib_rule_hdr, if_stats_msg, ifaddrlblmsg, ifaddrmsg, ifinfomsg, ndmsg, ndtmsg, netconfmsg,
    nhmsg, nlmsghdr, rtgenmsg, rtmsg, tunnel_msg, Plain, NLMSG_HDRLEN,
};
use core::mem::size_of;
use core::{ptr, slice};

/// `nlmsg_flags` of every dump request: `NLM_F_DUMP | NLM_F_REQUEST` (0x301).
pub const DUMP_REQUEST_FLAGS: u16 = (libc::NLM_F_DUMP | libc::NLM_F_REQUEST) as u16;

/// A dump request as iproute2 lays it out: `struct { struct nlmsghdr nlh; H hdr; char buf[N]; }`.
/// For the one-byte family headers, `N` includes the three bytes C pads after them.
#[repr(C)]
pub struct Req<H, const N: usize> {
    pub nlh: nlmsghdr,
    pub hdr: H,
    pub buf: [u8; N],
}

impl<H: Plain, const N: usize> Req<H, N> {
    /// Compile-time proof that the struct has no padding, so viewing it as bytes is sound.
    const NO_PADDING: () = assert!(size_of::<Self>() == NLMSG_HDRLEN + size_of::<H>() + N);
    /// `sizeof(req)`: the `reqlen` a filter gets, and what most helpers send.
    pub const SIZE: usize = size_of::<Self>();

    /// The zeroed request with its header filled: `nlmsg_len` covers the family header
    /// (rounded up to 4), `nlmsg_flags` = DUMP|REQUEST, `nlmsg_pid` 0.
    pub fn new(ty: u16, seq: u32, hdr: H) -> Self {
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

    /// The whole request, `sizeof(req)` bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `Self` has no padding (NO_PADDING) and only integer fields (`H: Plain`),
        // so all `SIZE` bytes are initialised.
        unsafe { slice::from_raw_parts(ptr::addr_of!(*self).cast::<u8>(), Self::SIZE) }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`; every bit pattern is valid for the integer fields.
        unsafe { slice::from_raw_parts_mut(ptr::addr_of_mut!(*self).cast::<u8>(), Self::SIZE) }
    }

    /// The message as its header says: the first `nlmsg_len` bytes, or None when a filter set
    /// `nlmsg_len` beyond the request (then nothing may be sent).
    pub fn message(&self) -> Option<&[u8]> {
        self.bytes().get(..self.nlh.nlmsg_len as usize)
    }

    /// Appends a u32 attribute after `nlmsg_len` (always fits: the constructors size `N` for it).
    pub fn append_u32(&mut self, rta_type: u16, value: u32) {
        let len = self.nlh.nlmsg_len;
        if let Ok(end) = append_attr(self.bytes_mut(), len, rta_type, &value.to_ne_bytes()) {
            self.nlh.nlmsg_len = end;
        }
    }
}

/// `rtnl_addrdump_req`: `RTM_GETADDR`, `ifaddrmsg` with `family`, 152 bytes.
pub fn addrdump(seq: u32, family: u8) -> Req<ifaddrmsg, 128> {
    Req::new(libc::RTM_GETADDR, seq, ifaddrmsg { ifa_family: family, ..Default::default() })
}

/// `rtnl_addrlbldump_req`: `RTM_GETADDRLABEL`, `ifaddrlblmsg` with `family`, 28 bytes.
pub fn addrlbldump(seq: u32, family: u8) -> Req<ifaddrlblmsg, 0> {
    Req::new(libc::RTM_GETADDRLABEL, seq, ifaddrlblmsg { ifal_family: family, ..Default::default() })
}

/// `rtnl_routedump_req`: `RTM_GETROUTE`, `rtmsg` with `family`, 156 bytes.
pub fn routedump(seq: u32, family: u8) -> Req<rtmsg, 128> {
    Req::new(libc::RTM_GETROUTE, seq, rtmsg { rtm_family: family, ..Default::default() })
}

/// `rtnl_ruledump_req`: `RTM_GETRULE`, `fib_rule_hdr` with `family`, 28 bytes.
pub fn ruledump(seq: u32, family: u8) -> Req<fib_rule_hdr, 0> {
    Req::new(libc::RTM_GETRULE, seq, fib_rule_hdr { family, ..Default::default() })
}

/// `rtnl_neighdump_req`: `RTM_GETNEIGH`, `ndmsg` with `family`, 284 bytes.
pub fn neighdump(seq: u32, family: u8) -> Req<ndmsg, 256> {
    Req::new(libc::RTM_GETNEIGH, seq, ndmsg { ndm_family: family, ..Default::default() })
}

/// `rtnl_neightbldump_req`: `RTM_GETNEIGHTBL`, `ndtmsg` with `family`, 20 bytes.
pub fn neightbldump(seq: u32, family: u8) -> Req<ndtmsg, 0> {
    Req::new(libc::RTM_GETNEIGHTBL, seq, ndtmsg { ndtm_family: family, ..Default::default() })
}

/// `rtnl_mdbdump_req`: `RTM_GETMDB`, `br_port_msg` with `family`, 24 bytes.
pub fn mdbdump(seq: u32, family: u8) -> Req<br_port_msg, 0> {
    Req::new(libc::RTM_GETMDB, seq, br_port_msg { family, ..Default::default() })
}

/// `rtnl_brvlandump_req`: `RTM_GETVLAN`, `br_vlan_msg` with `family` and the u32 attribute
/// `BRIDGE_VLANDB_DUMP_FLAGS` = `dump_flags` (`nlmsg_len` 32), 280 bytes.
pub fn brvlandump(seq: u32, family: u8, dump_flags: u32) -> Req<br_vlan_msg, 256> {
    let mut req = Req::new(RTM_GETVLAN, seq, br_vlan_msg { family, ..Default::default() });
    req.append_u32(BRIDGE_VLANDB_DUMP_FLAGS, dump_flags);
    req
}

/// `rtnl_netconfdump_req`: `RTM_GETNETCONF`, `netconfmsg` with `family` padded to 4, 20 bytes.
pub fn netconfdump(seq: u32, family: u8) -> Req<netconfmsg, 3> {
    Req::new(libc::RTM_GETNETCONF, seq, netconfmsg { ncm_family: family })
}

/// `rtnl_nsiddump_req_filter_fn`: `RTM_GETNSID`, `rtgenmsg` with `family` padded to 4, in a
/// 1044-byte buffer for the filter's attributes.
pub fn nsiddump(seq: u32, family: u8) -> Req<rtgenmsg, 1027> {
    Req::new(libc::RTM_GETNSID, seq, rtgenmsg { rtgen_family: family })
}

/// A plain `RTM_GETLINK` request: `ifinfomsg` with `family`, 32 bytes.
pub fn linkdump(seq: u32, family: u8) -> Req<ifinfomsg, 0> {
    Req::new(libc::RTM_GETLINK, seq, ifinfomsg { ifi_family: family, ..Default::default() })
}

/// `rtnl_linkdump_req_filter` for `AF_UNSPEC` and `AF_BRIDGE`: `RTM_GETLINK` with the u32
/// attribute `IFLA_EXT_MASK` = `filt_mask`, 40 bytes.
pub fn linkdump_ext_mask(seq: u32, family: u8, filt_mask: u32) -> Req<ifinfomsg, 8> {
    let mut req = Req::new(libc::RTM_GETLINK, seq, ifinfomsg { ifi_family: family, ..Default::default() });
    req.append_u32(libc::IFLA_EXT_MASK, filt_mask);
    req
}

/// `rtnl_linkdump_req_filter_fn` for `AF_UNSPEC` and `AF_PACKET`: `RTM_GETLINK` in a
/// 1056-byte buffer for the filter's attributes.
pub fn linkdump_for_filter(seq: u32, family: u8) -> Req<ifinfomsg, 1024> {
    Req::new(libc::RTM_GETLINK, seq, ifinfomsg { ifi_family: family, ..Default::default() })
}

/// `rtnl_fdb_linkdump_req_filter_fn`: `RTM_GETNEIGH` with an `ifinfomsg` of family
/// `PF_BRIDGE`, 160 bytes.
pub fn fdb_linkdump(seq: u32) -> Req<ifinfomsg, 128> {
    let hdr = ifinfomsg { ifi_family: libc::PF_BRIDGE as u8, ..Default::default() };
    Req::new(libc::RTM_GETNEIGH, seq, hdr)
}

/// `rtnl_statsdump_req_filter`: `RTM_GETSTATS`, `if_stats_msg` with `family` and
/// `filter_mask`, 156 bytes: the layout of libnetlink's `struct ipstats_req`.
pub fn statsdump(seq: u32, family: u8, filt_mask: u32) -> Req<if_stats_msg, 128> {
    Req::new(libc::RTM_GETSTATS, seq, if_stats_msg { family, filter_mask: filt_mask, ..Default::default() })
}

/// `rtnl_nexthopdump_req`: `RTM_GETNEXTHOP`, `nhmsg` with `family`, 152 bytes.
pub fn nexthopdump(seq: u32, family: u8) -> Req<nhmsg, 128> {
    Req::new(RTM_GETNEXTHOP, seq, nhmsg { nh_family: family, ..Default::default() })
}

/// `rtnl_nexthop_bucket_dump_req`: `RTM_GETNEXTHOPBUCKET`, `nhmsg` with `family`, 152 bytes.
pub fn nexthop_bucket_dump(seq: u32, family: u8) -> Req<nhmsg, 128> {
    Req::new(RTM_GETNEXTHOPBUCKET, seq, nhmsg { nh_family: family, ..Default::default() })
}

/// `rtnl_tunneldump_req`: `RTM_GETTUNNEL`, `tunnel_msg` with `family`, `flags` and
/// `ifindex`, 280 bytes.
pub fn tunneldump(seq: u32, family: u8, ifindex: u32, flags: u8) -> Req<tunnel_msg, 256> {
    Req::new(RTM_GETTUNNEL, seq, tunnel_msg { family, flags, ifindex, ..Default::default() })
}

/// The header `rtnl_dump_request` puts before a payload of `len` bytes:
/// `nlmsg_len = NLMSG_LENGTH(len)` (not aligned, wrapping like the C macro), DUMP|REQUEST,
/// pid 0.
pub fn generic_header(ty: u16, len: u32, seq: u32) -> nlmsghdr {
    nlmsghdr {
        nlmsg_len: len.wrapping_add(NLMSG_HDRLEN as u32),
        nlmsg_type: ty,
        nlmsg_flags: DUMP_REQUEST_FLAGS,
        nlmsg_seq: seq,
        nlmsg_pid: 0,
    }
}

/// The 16 bytes of a netlink header in host order.
pub fn header_bytes(n: &nlmsghdr) -> [u8; NLMSG_HDRLEN] {
    let mut b = [0u8; NLMSG_HDRLEN];
    b[0..4].copy_from_slice(&n.nlmsg_len.to_ne_bytes());
    b[4..6].copy_from_slice(&n.nlmsg_type.to_ne_bytes());
    b[6..8].copy_from_slice(&n.nlmsg_flags.to_ne_bytes());
    b[8..12].copy_from_slice(&n.nlmsg_seq.to_ne_bytes());
    b[12..16].copy_from_slice(&n.nlmsg_pid.to_ne_bytes());
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::align_of;

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
    fn request_sizes_match_the_table() {
        assert_eq!(Req::<ifaddrmsg, 128>::SIZE, 152);
        assert_eq!(Req::<ifaddrlblmsg, 0>::SIZE, 28);
        assert_eq!(Req::<rtmsg, 128>::SIZE, 156);
        assert_eq!(Req::<fib_rule_hdr, 0>::SIZE, 28);
        assert_eq!(Req::<ndmsg, 256>::SIZE, 284);
        assert_eq!(Req::<ndtmsg, 0>::SIZE, 20);
        assert_eq!(Req::<br_port_msg, 0>::SIZE, 24);
        assert_eq!(Req::<br_vlan_msg, 256>::SIZE, 280);
        assert_eq!(Req::<netconfmsg, 3>::SIZE, 20);
        assert_eq!(Req::<rtgenmsg, 1027>::SIZE, 1044);
        assert_eq!(Req::<ifinfomsg, 0>::SIZE, 32);
        assert_eq!(Req::<ifinfomsg, 8>::SIZE, 40);
        assert_eq!(Req::<ifinfomsg, 1024>::SIZE, 1056);
        assert_eq!(Req::<ifinfomsg, 128>::SIZE, 160);
        assert_eq!(Req::<if_stats_msg, 128>::SIZE, 156);
        assert_eq!(Req::<nhmsg, 128>::SIZE, 152);
        assert_eq!(Req::<tunnel_msg, 256>::SIZE, 280);
        assert_eq!(align_of::<Req<rtgenmsg, 1027>>(), 4);
    }

    #[test]
    fn golden_bytes() {
        let seq = 0x01020304;
        assert_eq!(addrdump(seq, 2).bytes(), &golden(24, 22, seq, &[2, 0, 0, 0, 0, 0, 0, 0], 152)[..]);
        assert_eq!(addrlbldump(seq, 10).bytes(), &golden(28, 74, seq, &[10], 28)[..]);
        assert_eq!(routedump(seq, 2).bytes(), &golden(28, 26, seq, &[2], 156)[..]);
        assert_eq!(ruledump(seq, 10).bytes(), &golden(28, 34, seq, &[10], 28)[..]);
        assert_eq!(neighdump(seq, 7).bytes(), &golden(28, 30, seq, &[7], 284)[..]);
        assert_eq!(neightbldump(seq, 2).bytes(), &golden(20, 66, seq, &[2], 20)[..]);
        assert_eq!(mdbdump(seq, 7).bytes(), &golden(24, 86, seq, &[7], 24)[..]);
        assert_eq!(netconfdump(seq, 255).bytes(), &golden(20, 82, seq, &[255], 20)[..]);
        assert_eq!(nsiddump(seq, 0).bytes(), &golden(20, 90, seq, &[], 1044)[..]);
        assert_eq!(linkdump(seq, 2).bytes(), &golden(32, 18, seq, &[2], 32)[..]);
        assert_eq!(fdb_linkdump(seq).bytes(), &golden(32, 30, seq, &[7], 160)[..]);
        assert_eq!(nexthopdump(seq, 0).bytes(), &golden(24, 106, seq, &[], 152)[..]);
        assert_eq!(nexthop_bucket_dump(seq, 0).bytes(), &golden(24, 118, seq, &[], 152)[..]);
        let ifsm = [&[0u8; 8][..], &0x1eu32.to_ne_bytes()].concat();
        let want = golden(28, 94, seq, &ifsm, 156);
        assert_eq!(statsdump(seq, 0, 0x1e).bytes(), &want[..]);
        let tm = [&[7u8, 1, 0, 0][..], &0x0a0b0c0du32.to_ne_bytes()].concat();
        let want = golden(24, 122, seq, &tm, 280);
        assert_eq!(tunneldump(seq, 7, 0x0a0b0c0d, 1).bytes(), &want[..]);
    }

    #[test]
    fn golden_bytes_with_attributes() {
        let r = linkdump_ext_mask(9, 0, 1);
        let mut want = golden(40, 18, 9, &[], 32);
        want.extend(attr_u32(8, 29, 1));
        assert_eq!(r.bytes(), &want[..]);

        let r = brvlandump(9, 7, 0xdeadbeef);
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
        assert_eq!(generic_header(18, u32::MAX, 0).nlmsg_len, 15);
    }

    #[test]
    fn message_is_bounded_by_the_request() {
        let mut r = nsiddump(1, 0);
        assert_eq!(r.message().map(<[u8]>::len), Some(20));
        r.nlh.nlmsg_len = 1044;
        assert_eq!(r.message().map(<[u8]>::len), Some(1044));
        r.nlh.nlmsg_len = 1048;
        assert_eq!(r.message(), None);
    }
}
