//! Hostile-kernel cases (issue "Reliability", item 2): datagrams no well-behaved kernel sends,
//! fed to the sans-IO core for dump, talk and listen. Each test states the defined outcome:
//! the spec's error return and text, errno set, and never a crash, exit, hang or a read
//! outside the datagram (every datagram here is an exact-size Vec, and every callback checks
//! that the message it gets lies inside it).

use rnetlink::proto::*;
use rnetlink::socket::Datagram;
use std::fmt;

const PID: u32 = 1000;
const SEQ: u32 = 50;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLM_F_CAPPED: u16 = 0x100;

#[derive(Default)]
struct Sink {
    text: String,
    errno: i32,
    calls: Vec<usize>,
}

impl Sink {
    fn seen(&mut self, buf: &[u8], at: usize) {
        assert!(at + 16 <= buf.len());
        let len = Hdr::read(buf, at).len as usize;
        assert!(len >= 16 && at + len <= buf.len(), "callback message outside the datagram");
        self.calls.push(at);
    }
}

impl Out for Sink {
    fn print(&mut self, args: fmt::Arguments<'_>) {
        self.text.push_str(&args.to_string());
    }
    fn set_errno(&mut self, e: i32) {
        self.errno = e;
    }
    fn errno(&self) -> i32 {
        self.errno
    }
    fn perror(&mut self, prefix: &str) {
        let e = unsafe { std::ffi::CStr::from_ptr(libc::strerror(self.errno)) };
        self.text.push_str(&format!("{prefix}: {}\n", e.to_str().unwrap()));
    }
}

impl DumpSink for Sink {
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
        self.seen(buf, at);
        0
    }
    fn errhndlr(&mut self, _: &mut [u8], _: usize) -> Option<i32> {
        None
    }
}

impl ListenSink for Sink {
    fn handle(&mut self, buf: &mut [u8], at: usize, _: i32, _: &Datagram) -> i32 {
        self.seen(buf, at);
        0
    }
}

fn msg(ty: u16, flags: u16, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&((16 + payload.len()) as u32).to_ne_bytes());
    m.extend_from_slice(&ty.to_ne_bytes());
    m.extend_from_slice(&flags.to_ne_bytes());
    m.extend_from_slice(&seq.to_ne_bytes());
    m.extend_from_slice(&PID.to_ne_bytes());
    m.extend_from_slice(payload);
    while m.len() % 4 != 0 {
        m.push(0);
    }
    m
}

fn set_len(m: &mut [u8], len: u32) {
    m[0..4].copy_from_slice(&len.to_ne_bytes());
}

fn data() -> Vec<u8> {
    msg(16, 2, SEQ, &[7; 8])
}

fn done(code: i32) -> Vec<u8> {
    msg(NLMSG_DONE, 2, SEQ, &code.to_ne_bytes())
}

/// An NLMSG_ERROR with `code`, a capped echo, and the given TLV bytes.
fn error_with_tlvs(code: i32, flags: u16, tlvs: &[u8]) -> Vec<u8> {
    let mut p = code.to_ne_bytes().to_vec();
    let mut inner = [0u8; 16];
    inner[0..4].copy_from_slice(&16u32.to_ne_bytes());
    p.extend_from_slice(&inner);
    p.extend_from_slice(tlvs);
    msg(NLMSG_ERROR, flags, SEQ, &p)
}

fn tlv(ty: u16, len: u16, payload: &[u8]) -> Vec<u8> {
    let mut t = len.to_ne_bytes().to_vec();
    t.extend_from_slice(&ty.to_ne_bytes());
    t.extend_from_slice(payload);
    while t.len() % 4 != 0 {
        t.push(0);
    }
    t
}

fn dump_ctx() -> DumpCtx {
    DumpCtx { local_pid: PID, dump_seq: SEQ, proto: 0, suppress_nlerr: false, nc_flags: 0, raw: false, has_filter: true }
}

fn talk_ctx() -> TalkCtx {
    TalkCtx { local_pid: PID, seq: SEQ, proto: 0, show_errors: true, want_answer: false }
}

fn dg(len: usize) -> Datagram {
    Datagram { len, src_pid: 0, src_groups: 0, namelen: 12, flags: 0, nsid: None }
}

fn dump(bytes: Vec<u8>, d: Option<Datagram>) -> (DumpStep, Sink) {
    let mut buf = bytes;
    let d = d.unwrap_or(dg(buf.len()));
    let mut sink = Sink::default();
    let step = dump_datagram(&mut buf, &d, &dump_ctx(), &mut DumpProgress::default(), &mut sink);
    (step, sink)
}

fn talk(bytes: Vec<u8>, d: Option<Datagram>) -> (TalkStep, Sink) {
    let d = d.unwrap_or(dg(bytes.len()));
    let mut sink = Sink::default();
    (talk_datagram(&bytes, &d, &talk_ctx(), 1, &mut sink), sink)
}

fn listen(bytes: Vec<u8>, d: Option<Datagram>) -> (Step, Sink) {
    let mut buf = bytes;
    let d = d.unwrap_or(dg(buf.len()));
    let mut sink = Sink::default();
    (listen_datagram(&mut buf, &d, -1, &mut sink), sink)
}

#[test]
fn nlmsg_len_zero() {
    let mut m = data();
    set_len(&mut m, 0);
    // Dump: NLMSG_OK rejects it; the unread bytes are a remnant (iproute2 exits here).
    let (s, k) = dump(m.clone(), None);
    assert_eq!((s, k.text.as_str(), k.errno), (DumpStep::Return(-1), "!!!Remnant of size 24\n", libc::EBADMSG));
    // Talk and listen: a malformed message (iproute2 exits).
    let (s, k) = talk(m.clone(), None);
    assert_eq!((s, k.text.as_str(), k.errno), (TalkStep::Return(-1), "!!!malformed message: len=0\n", libc::EBADMSG));
    let (s, k) = listen(m, None);
    assert_eq!((s, k.text.as_str(), k.errno), (Step::Return(-1), "!!!malformed message: len=0\n", libc::EBADMSG));
}

#[test]
fn nlmsg_len_fifteen() {
    let mut m = data();
    set_len(&mut m, 15);
    let (s, k) = dump(m.clone(), None);
    assert_eq!((s, k.text.as_str()), (DumpStep::Return(-1), "!!!Remnant of size 24\n"));
    let (s, k) = talk(m.clone(), None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "!!!malformed message: len=15\n"));
    let (s, k) = listen(m, None);
    assert_eq!((s, k.text.as_str()), (Step::Return(-1), "!!!malformed message: len=15\n"));
}

#[test]
fn nlmsg_len_larger_than_the_datagram() {
    let mut m = data();
    set_len(&mut m, 4096);
    let (s, k) = dump(m.clone(), None);
    assert_eq!((s, k.text.as_str(), k.calls.len()), (DumpStep::Return(-1), "!!!Remnant of size 24\n", 0));
    let (s, k) = talk(m.clone(), None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "!!!malformed message: len=4096\n"));
    // With MSG_TRUNC the same is a truncation, not malformed.
    let trunc = Datagram { flags: MSG_TRUNC, ..dg(m.len()) };
    let (s, k) = talk(m.clone(), Some(trunc));
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "Truncated message\n"));
    let (s, k) = listen(m, Some(trunc));
    assert_eq!((s, k.text.as_str()), (Step::Return(-1), "Truncated message\n"));
}

#[test]
fn several_messages_with_the_last_one_cut() {
    let mut bytes = [data(), data(), data()].concat();
    bytes.truncate(24 * 2 + 10);
    // Dump: the two whole messages reach the filter, then the cut one is a remnant.
    let (s, k) = dump(bytes.clone(), None);
    assert_eq!((s, k.calls.clone(), k.text.as_str()), (DumpStep::Return(-1), vec![0, 24], "!!!Remnant of size 10\n"));
    // Listen: the same two, then the remnant.
    let (s, k) = listen(bytes.clone(), None);
    assert_eq!((s, k.calls.clone(), k.text.as_str()), (Step::Return(-1), vec![0, 24], "!!!Remnant of size 10\n"));
    // Talk: those data messages are "unexpected" without an answer pointer; then the remnant.
    let (s, k) = talk(bytes, None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "Unexpected reply!!!\nUnexpected reply!!!\n!!!Remnant of size 10\n"));
}

#[test]
fn nlmsg_error_shorter_than_nlmsgerr() {
    let m = msg(NLMSG_ERROR, 0, SEQ, &(-1i32).to_ne_bytes());
    let (s, k) = dump(m.clone(), None);
    assert_eq!((s, k.text.as_str()), (DumpStep::Return(-1), "ERROR truncated\n"));
    let (s, k) = talk(m, None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "ERROR truncated\n"));
}

#[test]
fn done_shorter_than_an_int() {
    let m = msg(NLMSG_DONE, 2, SEQ, &[]);
    let (s, k) = dump(m, None);
    assert_eq!((s, k.text.as_str()), (DumpStep::Return(-1), "DONE truncated\n"));
}

#[test]
fn ext_ack_with_bad_lengths_offsets_missing_nul_unknown_types() {
    let flags = NLM_F_ACK_TLVS | NLM_F_CAPPED;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        // An attribute claiming more than the message holds: the TLV walk stops, nothing read.
        (tlv(1, 200, b"x\0"), "RTNETLINK answers: Invalid argument\n"),
        // rta_len below a header.
        (tlv(1, 2, b""), "RTNETLINK answers: Invalid argument\n"),
        // OFFS past the message: noted, then the errno text.
        (tlv(2, 8, &9999u32.to_ne_bytes()), "Invalid offset for NLMSGERR_ATTR_OFFS\nRTNETLINK answers: Invalid argument\n"),
        // MSG without its NUL: validation fails, the parse is abandoned.
        (tlv(1, 7, b"abc"), "extack attribute 1 failed validation\nRTNETLINK answers: Invalid argument\n"),
        // A type above NLMSGERR_ATTR_MAX.
        (tlv(40, 4, b""), "Invalid extack attribute\nRTNETLINK answers: Invalid argument\n"),
        // OFFS of the wrong size.
        (tlv(2, 6, &[1, 2]), "extack attribute 2 failed validation\nRTNETLINK answers: Invalid argument\n"),
    ];
    for (tlvs, text) in cases {
        let (s, k) = talk(error_with_tlvs(-libc::EINVAL, flags, &tlvs), None);
        assert_eq!((s, k.text.as_str(), k.errno), (TalkStep::Return(-1), text, libc::EINVAL), "{tlvs:?}");
    }
    // An uncapped error whose echoed request claims 4 GiB: the TLVs would start past the end.
    let mut m = error_with_tlvs(-libc::EINVAL, NLM_F_ACK_TLVS, &tlv(1, 6, b"x\0"));
    m[20..24].copy_from_slice(&u32::MAX.to_ne_bytes());
    let (s, k) = talk(m, None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "RTNETLINK answers: Invalid argument\n"));
    // DONE carrying TLVs with a bad length: the errno text, nothing read beyond.
    let mut p = (-libc::EPERM).to_ne_bytes().to_vec();
    p.extend(tlv(1, 300, b"oops\0"));
    let (s, k) = dump(msg(NLMSG_DONE, 2 | NLM_F_ACK_TLVS, SEQ, &p), None);
    assert_eq!((s, k.text.as_str(), k.errno), (DumpStep::Return(-1), "RTNETLINK answers: Operation not permitted\n", libc::EPERM));
}

#[test]
fn foreign_source_pid_is_ignored() {
    let bytes = [data(), done(0)].concat();
    let d = Datagram { src_pid: 4321, ..dg(bytes.len()) };
    let (s, k) = dump(bytes.clone(), Some(d));
    assert_eq!((s, k.calls.len(), k.text.as_str()), (DumpStep::Next, 0, ""));
    let (s, k) = talk([done(0)].concat(), Some(Datagram { src_pid: 4321, ..dg(20) }));
    assert_eq!((s, k.text.as_str()), (TalkStep::Next, ""));
    // Listen does no filtering at all: both messages reach the handler.
    let (s, k) = listen(bytes, Some(d));
    assert_eq!((s, k.calls.len()), (Step::Next, 2));
}

#[test]
fn foreign_nlmsg_pid_is_ignored() {
    let mut m = done(0);
    m[12..16].copy_from_slice(&(PID + 1).to_ne_bytes());
    let (s, k) = dump(m.clone(), None);
    assert_eq!((s, k.text.as_str()), (DumpStep::Next, ""));
    let (s, _) = talk(m, None);
    assert_eq!(s, TalkStep::Next);
}

#[test]
fn stale_and_future_sequence_numbers_are_ignored() {
    for seq in [SEQ - 1, SEQ + 1, 0, u32::MAX] {
        let mut m = error_with_tlvs(0, 0, &[]);
        m[8..12].copy_from_slice(&seq.to_ne_bytes());
        // Talk: not this request's reply (iproute2 would take seq - 1).
        let (s, k) = talk(m.clone(), None);
        assert_eq!((s, k.text.as_str()), (TalkStep::Next, ""), "seq {seq}");
        let mut d = done(-libc::EIO);
        d[8..12].copy_from_slice(&seq.to_ne_bytes());
        let (s, k) = dump(d, None);
        assert_eq!((s, k.text.as_str()), (DumpStep::Next, ""), "seq {seq}");
    }
}

#[test]
fn msg_trunc_on_a_whole_datagram() {
    let bytes = data();
    let d = Datagram { flags: MSG_TRUNC, ..dg(bytes.len()) };
    let (s, k) = dump(bytes.clone(), Some(d));
    assert_eq!((s, k.text.as_str(), k.calls.len()), (DumpStep::Next, "Message truncated\n", 1));
    let (s, k) = listen(bytes, Some(d));
    assert_eq!((s, k.text.as_str()), (Step::Next, "Message truncated\n"));
}

#[test]
fn dump_intr_on_done() {
    let m = msg(NLMSG_DONE, 2 | NLM_F_DUMP_INTR, SEQ, &0i32.to_ne_bytes());
    let (s, k) = dump(m, None);
    assert_eq!((s, k.text.as_str()), (DumpStep::Return(0), "Dump was interrupted and may be inconsistent.\n"));
}

#[test]
fn a_datagram_that_is_all_padding() {
    let zeros = vec![0u8; 64];
    let (s, k) = dump(zeros.clone(), None);
    assert_eq!((s, k.text.as_str(), k.errno), (DumpStep::Return(-1), "!!!Remnant of size 64\n", libc::EBADMSG));
    let (s, k) = talk(zeros.clone(), None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "!!!malformed message: len=0\n"));
    let (s, k) = listen(zeros, None);
    assert_eq!((s, k.text.as_str()), (Step::Return(-1), "!!!malformed message: len=0\n"));
    // Fewer bytes than a header: a remnant for all three.
    let (s, k) = talk(vec![0u8; 3], None);
    assert_eq!((s, k.text.as_str()), (TalkStep::Return(-1), "!!!Remnant of size 3\n"));
}

#[test]
fn wrong_sender_address_length() {
    let d = Datagram { namelen: 0, ..dg(24) };
    let (s, k) = talk(data(), Some(d));
    assert_eq!((s, k.text.as_str(), k.errno), (TalkStep::Return(-1), "sender address length == 0\n", libc::EBADMSG));
    let (s, k) = listen(data(), Some(d));
    assert_eq!((s, k.text.as_str(), k.errno), (Step::Return(-1), "Sender address length == 0\n", libc::EBADMSG));
}
