//! The listen datagram walker with arbitrary input.
#![no_main]
#[path = "common.rs"]
mod common;

use common::{Checker, Input};
use libfuzzer_sys::fuzz_target;
use rnetlink::proto::listen_datagram;
use rnetlink::socket::Datagram;

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    let namelen = if inp.u8() & 7 == 0 { inp.u32() } else { 12 };
    let flags = if inp.u8() & 1 != 0 { rnetlink::proto::MSG_TRUNC } else { 0 };
    let ret = -((inp.u8() % 2) as i32);
    let mut buf = inp.rest().to_vec();
    let dg = Datagram { len: buf.len(), src_pid: 0, src_groups: 0, namelen, flags, nsid: None };
    let mut sink = Checker::new(ret, None);
    listen_datagram(&mut buf, &dg, -1, &mut sink);
});
