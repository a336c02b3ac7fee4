//! pcap records of netlink datagrams, as bytes (no I/O here).
//!
//! Classic pcap (microsecond timestamps, host byte order, magic `0xa1b2c3d4`) with link type
//! `LINKTYPE_NETLINK` (253). Each packet starts with the 16-byte cooked header that Wireshark
//! reads for netlink, all fields big-endian: packet type (4 sent, 0 received), `ARPHRD_NETLINK`
//! (824), address length 0, 8 zero address bytes, and the netlink protocol; the datagram
//! follows as it was on the socket.

/// The largest packet a record holds (cooked header included); longer ones are cut to it
/// and keep their original length. Wireshark refuses records above 262144 bytes.
pub const SNAPLEN: u32 = 262_144;
pub const LINKTYPE_NETLINK: u32 = 253;
pub const ARPHRD_NETLINK: u16 = 824;
pub const PACKET_HOST: u16 = 0;
pub const PACKET_OUTGOING: u16 = 4;
pub const COOKED_LEN: usize = 16;
pub const FILE_HEADER_LEN: usize = 24;
pub const RECORD_HEADER_LEN: usize = 16;

/// The pcap file header.
pub fn file_header() -> [u8; FILE_HEADER_LEN] {
    let mut h = [0u8; FILE_HEADER_LEN];
    h[0..4].copy_from_slice(&0xa1b2_c3d4u32.to_ne_bytes());
    h[4..6].copy_from_slice(&2u16.to_ne_bytes());
    h[6..8].copy_from_slice(&4u16.to_ne_bytes());
    // thiszone and sigfigs stay 0.
    h[16..20].copy_from_slice(&SNAPLEN.to_ne_bytes());
    h[20..24].copy_from_slice(&LINKTYPE_NETLINK.to_ne_bytes());
    h
}

/// Appends to `out` the record of one datagram, the concatenation of `parts` (as `sendmsg`
/// gathers them), sent (`outgoing`) or received on a socket of netlink protocol `proto`.
pub fn record(out: &mut Vec<u8>, sec: u32, usec: u32, outgoing: bool, proto: u16, parts: &[&[u8]]) {
    // Summed in u64: on a 32-bit target the parts of one sendmsg could add up to more than
    // a usize holds (the original length is then recorded as u32::MAX, as on 64-bit).
    let data_len: u64 = parts.iter().map(|p| p.len() as u64).sum();
    let orig = (COOKED_LEN as u64 + data_len).min(u32::MAX as u64) as u32;
    let incl = orig.min(SNAPLEN);
    out.reserve(RECORD_HEADER_LEN + incl as usize);
    out.extend_from_slice(&sec.to_ne_bytes());
    out.extend_from_slice(&usec.to_ne_bytes());
    out.extend_from_slice(&incl.to_ne_bytes());
    out.extend_from_slice(&orig.to_ne_bytes());
    let pkttype = if outgoing { PACKET_OUTGOING } else { PACKET_HOST };
    out.extend_from_slice(&pkttype.to_be_bytes());
    out.extend_from_slice(&ARPHRD_NETLINK.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&[0u8; 8]);
    out.extend_from_slice(&proto.to_be_bytes());
    let mut room = incl as usize - COOKED_LEN;
    for p in parts {
        let take = p.len().min(room);
        out.extend_from_slice(&p[..take]);
        room -= take;
    }
}
