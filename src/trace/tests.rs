//! Golden-text tests of the decoder and golden-byte tests of the pcap records.

use super::decode::{print_messages, Opts};
use super::pcap;

fn nlmsg(ty: u16, flags: u16, seq: u32, pid: u32, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
    m.extend_from_slice(&ty.to_ne_bytes());
    m.extend_from_slice(&flags.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&pid.to_ne_bytes());
    m.extend_from_slice(payload);
    pad(&mut m);
    m
}

fn pad(v: &mut Vec<u8>) {
    while v.len() % 4 != 0 {
        v.push(0);
    }
}

fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
    let mut a = Vec::new();
    a.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
    a.extend_from_slice(&ty.to_ne_bytes());
    a.extend_from_slice(payload);
    pad(&mut a);
    a
}

fn u32a(ty: u16, v: u32) -> Vec<u8> {
    attr(ty, &v.to_ne_bytes())
}

fn decode(buf: &[u8], proto: i32, level: u8) -> (usize, String) {
    let mut s = String::new();
    let n = print_messages(&mut s, buf, Opts { proto, level, prefix: "", head: "" });
    (n, s)
}

fn rtmsg(family: u8, dst_len: u8, table: u8, protocol: u8, scope: u8, ty: u8) -> Vec<u8> {
    let mut h = vec![family, dst_len, 0, 0, table, protocol, scope, ty];
    h.extend_from_slice(&0u32.to_ne_bytes());
    h
}

#[test]
fn route_message_with_metrics_multipath_and_an_unknown_attribute() {
    let mut p = rtmsg(2, 32, 254, 4, 0, 1);
    p.extend(u32a(15, 254));
    p.extend(attr(1, &[10, 0, 0, 1]));
    p.extend(u32a(4, 2));
    p.extend(attr(8 | 0x8000, &u32a(2, 1400)));
    let mut nh = Vec::new();
    let gw = attr(5, &[10, 0, 0, 254]);
    nh.extend_from_slice(&((8 + gw.len()) as u16).to_ne_bytes());
    nh.push(0x4); // RTNH_F_ONLINK
    nh.push(0);
    nh.extend_from_slice(&3i32.to_ne_bytes());
    nh.extend(gw);
    p.extend(attr(9, &nh));
    p.extend(attr(99, &[1, 2, 3]));
    let m = nlmsg(24, 0x2, 7, 4242, &p);
    let (n, text) = decode(&m, 0, 2);
    assert_eq!(n, 1);
    assert_eq!(
        text,
        "RTM_NEWROUTE len=92 flags=MULTI seq=7 pid=4242\n\
         \x20 rtmsg family=AF_INET dst_len=32 src_len=0 tos=0 table=RT_TABLE_MAIN protocol=RTPROT_STATIC scope=RT_SCOPE_UNIVERSE type=RTN_UNICAST flags=0\n\
         \x20 RTA_TABLE 254\n\
         \x20 RTA_DST 10.0.0.1\n\
         \x20 RTA_OIF 2\n\
         \x20 RTA_METRICS\n\
         \x20   RTAX_MTU 1400\n\
         \x20 RTA_MULTIPATH\n\
         \x20   nexthop ifindex=3 hops=0 flags=ONLINK\n\
         \x20     RTA_GATEWAY 10.0.0.254\n\
         \x20 RTA 99: 01 02 03\n"
    );
    // Level 1: the first line only.
    let (n, text) = decode(&m, 0, 1);
    assert_eq!((n, text.as_str()), (1, "RTM_NEWROUTE len=92 flags=MULTI seq=7 pid=4242\n"));
}

#[test]
fn request_flags_by_message_kind_and_ipv6() {
    let mut p = rtmsg(10, 128, 254, 3, 0, 1);
    let mut a = [0u8; 16];
    a[0] = 0xfe;
    a[1] = 0x80;
    a[15] = 1;
    p.extend(attr(1, &a));
    let new = nlmsg(24, 0x1 | 0x4 | 0x200 | 0x400, 1, 0, &p);
    let get = nlmsg(26, 0x1 | 0x300, 2, 0, &rtmsg(0, 0, 0, 0, 0, 0));
    let del = nlmsg(25, 0x1 | 0x4 | 0x100, 3, 0, &rtmsg(0, 0, 0, 0, 0, 0));
    let (n, text) = decode(&[new, get, del].concat(), 0, 2);
    assert_eq!(n, 3);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "RTM_NEWROUTE len=48 flags=REQUEST|ACK|EXCL|CREATE seq=1 pid=0");
    assert_eq!(lines[2], "  RTA_DST fe80::1");
    assert_eq!(lines[3], "RTM_GETROUTE len=28 flags=REQUEST|DUMP seq=2 pid=0");
    assert_eq!(lines[5], "RTM_DELROUTE len=28 flags=REQUEST|ACK|NONREC seq=3 pid=0");
}

fn ifinfomsg(family: u8, ty: u16, index: i32, flags: u32) -> Vec<u8> {
    let mut h = vec![family, 0];
    h.extend_from_slice(&ty.to_ne_bytes());
    h.extend_from_slice(&index.to_ne_bytes());
    h.extend_from_slice(&flags.to_ne_bytes());
    h.extend_from_slice(&0u32.to_ne_bytes());
    h
}

#[test]
fn link_message_with_linkinfo_and_af_spec() {
    let mut p = ifinfomsg(0, 772, 1, 0x1 | 0x8 | 0x40 | 0x10000);
    p.extend(attr(3, b"lo\0"));
    p.extend(attr(1, &[0, 0x11, 0x22, 0x33, 0x44, 0x55]));
    p.extend(attr(16, &[6]));
    let mut info = attr(1, b"vlan\0");
    info.extend(attr(2, &attr(1, &5u16.to_ne_bytes())));
    p.extend(attr(18, &info));
    let inet6 = attr(10, &attr(8, &[1]));
    p.extend(attr(26, &inet6));
    let (n, text) = decode(&nlmsg(16, 0, 9, 1, &p), 0, 2);
    assert_eq!(n, 1);
    assert_eq!(
        text,
        "RTM_NEWLINK len=104 flags=0 seq=9 pid=1\n\
         \x20 ifinfomsg family=AF_UNSPEC type=ARPHRD_LOOPBACK index=1 flags=UP|LOOPBACK|RUNNING|LOWER_UP change=0\n\
         \x20 IFLA_IFNAME lo\n\
         \x20 IFLA_ADDRESS 00:11:22:33:44:55\n\
         \x20 IFLA_OPERSTATE IF_OPER_UP\n\
         \x20 IFLA_LINKINFO\n\
         \x20   IFLA_INFO_KIND vlan\n\
         \x20   IFLA_INFO_DATA\n\
         \x20     IFLA_VLAN_ID 5\n\
         \x20 IFLA_AF_SPEC\n\
         \x20   AF_INET6\n\
         \x20     IFLA_INET6_ADDR_GEN_MODE IN6_ADDR_GEN_MODE_NONE\n"
    );
}

#[test]
fn addr_and_neigh_messages() {
    let mut p = vec![2, 24, 0x80, 0];
    p.extend_from_slice(&2u32.to_ne_bytes());
    p.extend(attr(2, &[192, 168, 1, 5]));
    p.extend(attr(3, b"eth0\0"));
    p.extend(u32a(8, 0x80));
    let (_, text) = decode(&nlmsg(20, 0, 1, 0, &p), 0, 2);
    assert_eq!(
        text,
        "RTM_NEWADDR len=52 flags=0 seq=1 pid=0\n\
         \x20 ifaddrmsg family=AF_INET prefixlen=24 flags=PERMANENT scope=RT_SCOPE_UNIVERSE index=2\n\
         \x20 IFA_LOCAL 192.168.1.5\n\
         \x20 IFA_LABEL eth0\n\
         \x20 IFA_FLAGS PERMANENT\n"
    );
    let mut p = vec![2, 0, 0, 0];
    p.extend_from_slice(&3i32.to_ne_bytes());
    p.extend_from_slice(&0x02u16.to_ne_bytes());
    p.extend_from_slice(&[0, 1]);
    p.extend(attr(1, &[10, 1, 2, 3]));
    p.extend(attr(2, &[0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]));
    let (_, text) = decode(&nlmsg(28, 0, 1, 0, &p), 0, 2);
    assert_eq!(
        text,
        "RTM_NEWNEIGH len=48 flags=0 seq=1 pid=0\n\
         \x20 ndmsg family=AF_INET ifindex=3 state=REACHABLE flags=0 type=RTN_UNICAST\n\
         \x20 NDA_DST 10.1.2.3\n\
         \x20 NDA_LLADDR aa:bb:cc:dd:ee:ff\n"
    );
}

#[test]
fn errors_name_the_errno_and_the_ext_ack() {
    // A capped EEXIST with an ext-ack message and offset.
    let mut p = (-libc::EEXIST).to_ne_bytes().to_vec();
    let mut req = nlmsg(24, 0x1 | 0x4 | 0x200 | 0x400, 5, 0, &[0; 12]);
    req[0..4].copy_from_slice(&60u32.to_ne_bytes());
    p.extend_from_slice(&req[..16]);
    p.extend(attr(1, b"Route exists\0"));
    p.extend(u32a(2, 36));
    let m = nlmsg(2, 0x100 | 0x200, 5, 77, &p);
    let (n, text) = decode(&m, 0, 2);
    assert_eq!(n, 1);
    assert_eq!(
        text,
        "NLMSG_ERROR len=64 flags=CAPPED|ACK_TLVS seq=5 pid=77 error=-17 EEXIST\n\
         \x20 error -17 EEXIST: File exists\n\
         \x20 request RTM_NEWROUTE len=60 flags=REQUEST|ACK|EXCL|CREATE seq=5 pid=0\n\
         \x20 NLMSGERR_ATTR_MSG Route exists\n\
         \x20 NLMSGERR_ATTR_OFFS 36\n"
    );
    // An uncapped ACK: the echoed request is decoded below it.
    let inner = nlmsg(18, 0x1 | 0x4, 6, 0, &ifinfomsg(0, 0, 1, 0));
    let mut p = 0i32.to_ne_bytes().to_vec();
    p.extend(&inner);
    let (_, text) = decode(&nlmsg(2, 0, 6, 77, &p), 0, 2);
    assert_eq!(
        text,
        "NLMSG_ERROR len=52 flags=0 seq=6 pid=77 error=0 ACK\n\
         \x20 error 0 (ACK)\n\
         \x20 request RTM_GETLINK len=32 flags=REQUEST|ACK seq=6 pid=0\n\
         \x20   ifinfomsg family=AF_UNSPEC type=ARPHRD_NETROM index=1 flags=0 change=0\n"
    );
    // An uncapped error whose echoed length is absurd: no TLVs are looked for inside it.
    let mut p = (-libc::EINVAL).to_ne_bytes().to_vec();
    let mut req = nlmsg(24, 0x1, 5, 0, &[]);
    req[0..4].copy_from_slice(&u32::MAX.to_ne_bytes());
    p.extend_from_slice(&req);
    p.extend(attr(1, b"not a TLV\0"));
    let (n, text) = decode(&nlmsg(2, 0x200, 5, 77, &p), 0, 2);
    assert_eq!(n, 1);
    assert!(!text.contains("NLMSGERR_ATTR"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("  malformed") || l.starts_with("  NLMSGERR")), "{text}");
    // DONE with and without an error.
    let (_, text) = decode(&nlmsg(3, 0x2, 8, 77, &0i32.to_ne_bytes()), 0, 2);
    assert_eq!(text, "NLMSG_DONE len=20 flags=MULTI seq=8 pid=77\n  status 0\n");
    let (_, text) = decode(&nlmsg(3, 0x2, 8, 77, &(-libc::ENOENT).to_ne_bytes()), 0, 1);
    assert_eq!(text, "NLMSG_DONE len=20 flags=MULTI seq=8 pid=77 error=-2 ENOENT\n");
}

/// An uncapped NLMSG_ERROR whose echoed request claims a length in the top 260 values of
/// u32: the request is decoded as far as the message goes and no TLVs are looked for. On a
/// 32-bit target `4 + len` and its rounding up must not wrap to a small offset (a slice from
/// 20 to 3, a panic).
#[test]
fn echoed_request_lengths_near_4_gib() {
    for inner_len in u32::MAX - 259..=u32::MAX {
        for flags in [0, 0x200] {
            let mut p = (-libc::EINVAL).to_ne_bytes().to_vec();
            let mut req = nlmsg(18, 0x1, 5, 0, &ifinfomsg(0, 1, 7, 0));
            req[0..4].copy_from_slice(&inner_len.to_ne_bytes());
            p.extend_from_slice(&req);
            p.extend(attr(1, b"not a TLV\0"));
            let (n, text) = decode(&nlmsg(2, flags, 5, 77, &p), 0, 2);
            assert_eq!(n, 1, "{text}");
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines[2], format!("  request RTM_GETLINK len={inner_len} flags=REQUEST seq=5 pid=0"), "{text}");
            assert_eq!(lines[3], "    ifinfomsg family=AF_UNSPEC type=ARPHRD_ETHER index=7 flags=0 change=0", "{text}");
            assert!(!text.contains("NLMSGERR_ATTR"), "{text}");
        }
    }
}

#[test]
fn generic_netlink_controller() {
    let mut p = vec![1, 2, 0, 0];
    p.extend(attr(2, b"nlctrl\0"));
    p.extend(attr(1, &16u16.to_ne_bytes()));
    let op = [u32a(1, 3), u32a(2, 0x0e)].concat();
    p.extend(attr(6, &attr(1, &op)));
    let grp = [attr(1, b"notify\0"), u32a(2, 16)].concat();
    p.extend(attr(7, &attr(1, &grp)));
    let (n, text) = decode(&nlmsg(16, 0, 3, 9, &p), 16, 2);
    assert_eq!(n, 1);
    assert_eq!(
        text,
        "GENL_ID_CTRL CTRL_CMD_NEWFAMILY len=92 flags=0 seq=3 pid=9\n\
         \x20 genlmsghdr cmd=CTRL_CMD_NEWFAMILY version=2\n\
         \x20 CTRL_ATTR_FAMILY_NAME nlctrl\n\
         \x20 CTRL_ATTR_FAMILY_ID 16\n\
         \x20 CTRL_ATTR_OPS\n\
         \x20   #1\n\
         \x20     CTRL_ATTR_OP_ID 3\n\
         \x20     CTRL_ATTR_OP_FLAGS GENL_CMD_CAP_DO|GENL_CMD_CAP_DUMP|GENL_CMD_CAP_HASPOL\n\
         \x20 CTRL_ATTR_MCAST_GROUPS\n\
         \x20   #1\n\
         \x20     CTRL_ATTR_MCAST_GRP_NAME notify\n\
         \x20     CTRL_ATTR_MCAST_GRP_ID 16\n"
    );
    // Another protocol: the header and the payload in hex.
    let (_, text) = decode(&nlmsg(20, 0x1, 1, 0, &[1, 2, 3, 4]), 9, 2);
    assert_eq!(text, "type=20 len=20 flags=REQUEST seq=1 pid=0\n  payload 01 02 03 04\n");
}

#[test]
fn malformed_input_is_reported_and_never_read_past() {
    // A message longer than the buffer.
    let mut m = nlmsg(24, 0, 1, 0, &rtmsg(2, 0, 254, 0, 0, 1));
    m[0..4].copy_from_slice(&100u32.to_ne_bytes());
    assert_eq!(decode(&m, 0, 2), (0, "malformed message: len=100, 28 bytes left\n".into()));
    // A length under a header.
    m[0..4].copy_from_slice(&8u32.to_ne_bytes());
    assert_eq!(decode(&m, 0, 2), (0, "malformed message: len=8, 28 bytes left\n".into()));
    // Zeros after the last message (a request sent as its whole struct) are not a message.
    let mut padded = nlmsg(3, 0, 1, 0, &0i32.to_ne_bytes());
    padded.extend_from_slice(&[0; 40]);
    assert_eq!(decode(&padded, 0, 1), (1, "NLMSG_DONE len=20 flags=0 seq=1 pid=0\n".into()));
    assert_eq!(decode(&padded, 0, 2).1, "NLMSG_DONE len=20 flags=0 seq=1 pid=0\n  status 0\n  (40 zero bytes after the last message)\n");
    // Trailing bytes after a whole message.
    let mut two = nlmsg(3, 0, 1, 0, &0i32.to_ne_bytes());
    two.extend_from_slice(&[1, 2, 3]);
    let (n, text) = decode(&two, 0, 1);
    assert_eq!((n, text.lines().last().unwrap()), (1, "3 trailing bytes: 01 02 03"));
    // Attributes: too long, too short, a short tail, and a bad length inside a nest.
    let header = |len: u16, ty: u16| [len.to_ne_bytes(), ty.to_ne_bytes()].concat();
    for (bad, want) in [
        ([header(50, 1), vec![10, 0, 0, 1]].concat(), "  malformed attribute: len=50, 8 bytes left"),
        ([header(2, 1), vec![10, 0, 0, 1]].concat(), "  malformed attribute: len=2, 8 bytes left"),
        (vec![8u8, 0], "  2 trailing bytes: 08 00"),
        (attr(8, &header(40, 2)), "    malformed attribute: len=40, 4 bytes left"),
    ] {
        let mut p = rtmsg(2, 0, 254, 0, 0, 1);
        p.extend(bad);
        let mut m = nlmsg(24, 0, 1, 0, &p);
        let len = 16 + p.len() as u32;
        m[0..4].copy_from_slice(&len.to_ne_bytes());
        let (n, text) = decode(&m[..len as usize], 0, 2);
        assert_eq!(n, 1);
        assert_eq!(text.lines().last().unwrap(), want, "{text}");
    }
    // Wrong-sized values fall back to hex; a short family header is shown in hex.
    let mut p = rtmsg(2, 0, 254, 0, 0, 1);
    p.extend(attr(4, &[1, 2]));
    p.extend(attr(1, &[1, 2, 3]));
    let (_, text) = decode(&nlmsg(24, 0, 1, 0, &p), 0, 2);
    assert!(text.ends_with("  RTA_OIF 01 02\n  RTA_DST 01 02 03\n"), "{text}");
    let (_, text) = decode(&nlmsg(18, 0x301, 1, 0, &[0]), 0, 2);
    assert!(text.ends_with("  short family header (1 bytes): 00\n"), "{text}");
}

#[test]
fn every_cut_of_a_real_message_is_safe() {
    let mut p = ifinfomsg(0, 772, 1, 1);
    p.extend(attr(3, b"lo\0"));
    let mut info = attr(1, b"veth\0");
    let peer = [ifinfomsg(0, 1, 2, 0), attr(3, b"v1\0")].concat();
    info.extend(attr(2, &attr(1, &peer)));
    p.extend(attr(18, &info));
    let m = nlmsg(16, 0, 1, 0, &p);
    let full = decode(&m, 0, 2).1;
    assert!(full.contains("      VETH_INFO_PEER\n        ifinfomsg family=AF_UNSPEC type=ARPHRD_ETHER index=2"), "{full}");
    assert!(full.contains("        IFLA_IFNAME v1\n"), "{full}");
    for cut in 0..m.len() {
        let mut b = m[..cut].to_vec();
        // Claim the cut length too, so the message is whole and its insides are cut.
        if cut >= 4 {
            b[0..4].copy_from_slice(&(cut as u32).to_ne_bytes());
        }
        let (n, _) = decode(&b, 0, 2);
        assert!(n <= 1);
    }
}

#[test]
fn pcap_file_header_bytes() {
    // pcap's header is in the writer's byte order (readers tell it by the magic).
    let h = pcap::file_header();
    let want = if cfg!(target_endian = "little") {
        [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 253, 0, 0, 0]
    } else {
        [0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 253]
    };
    assert_eq!(h, want);
    assert_eq!(u32::from_ne_bytes([h[0], h[1], h[2], h[3]]), 0xa1b2c3d4);
    assert_eq!(u32::from_ne_bytes([h[16], h[17], h[18], h[19]]), 262_144);
}

#[test]
fn pcap_record_bytes() {
    let mut out = Vec::new();
    pcap::record(&mut out, 0x01020304, 999_999, true, 0, &[&[0xaa, 0xbb], &[0xcc]]);
    let mut want = Vec::new();
    want.extend_from_slice(&0x01020304u32.to_ne_bytes());
    want.extend_from_slice(&999_999u32.to_ne_bytes());
    want.extend_from_slice(&19u32.to_ne_bytes());
    want.extend_from_slice(&19u32.to_ne_bytes());
    want.extend_from_slice(&[0, 4, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    want.extend_from_slice(&[0xaa, 0xbb, 0xcc]);
    assert_eq!(out, want);
    // Received, NETLINK_GENERIC.
    let mut out = Vec::new();
    pcap::record(&mut out, 1, 2, false, 16, &[&[1, 2, 3, 4]]);
    assert_eq!(&out[16..32], &[0, 0, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16]);
}

#[test]
fn pcap_records_are_cut_at_the_snaplen() {
    let big = vec![0x5a; 300_000];
    let mut out = Vec::new();
    pcap::record(&mut out, 1, 2, false, 0, &[&big[..100_000], &big[100_000..]]);
    let incl = u32::from_ne_bytes(out[8..12].try_into().unwrap());
    let orig = u32::from_ne_bytes(out[12..16].try_into().unwrap());
    assert_eq!((incl, orig), (262_144, 300_016));
    assert_eq!(out.len(), 16 + 262_144);
    assert!(out[32..].iter().all(|&b| b == 0x5a));
    // Exactly at the snaplen: whole.
    let fits = vec![1u8; 262_144 - 16];
    let mut out = Vec::new();
    pcap::record(&mut out, 1, 2, true, 0, &[&fits]);
    assert_eq!(out.len(), 16 + 262_144);
    assert_eq!(out[8..12], out[12..16]);
}
