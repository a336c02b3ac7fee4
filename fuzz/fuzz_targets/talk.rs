//! The talk datagram walker (rtnl_talk's, and rtnl_talk_iov's with a window of 1 to 4
//! messages), and the search for an echo's ACK, with arbitrary input.
#![no_main]
#[path = "common.rs"]
mod common;

use common::{Checker, Input};
use libfuzzer_sys::fuzz_target;
use rnetlink::proto::{ack_in, talk_datagram, talk_iov_datagram, TalkCtx};
use rnetlink::socket::Datagram;

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    let ctx = TalkCtx {
        local_pid: inp.u32() % 4,
        seq: inp.u32() % 4,
        proto: (inp.u8() % 6) as i32,
        show_errors: inp.u8() & 1 != 0,
        want_answer: inp.u8() & 1 != 0,
    };
    let src_pid = inp.u32() % 3;
    let namelen = if inp.u8() & 7 == 0 { inp.u32() } else { 12 };
    let flags = if inp.u8() & 1 != 0 { rnetlink::proto::MSG_TRUNC } else { 0 };
    let count = (inp.u8() % 5) as i32 + 1;
    let msgs = (inp.u8() % 4) as u32 + 1;
    let buf = inp.rest().to_vec();
    let dg = Datagram { len: buf.len(), src_pid, src_groups: 0, namelen, flags, nsid: None };
    let mut out = Checker::new(0, None);
    talk_datagram(&buf, &dg, &ctx, count, &mut out);
    let mut out = Checker::new(0, None);
    talk_iov_datagram(&buf, &dg, &ctx, msgs, count, &mut out);
    ack_in(&buf, 0, &dg, &ctx);
});
