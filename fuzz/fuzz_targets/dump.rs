//! The dump datagram walker with arbitrary bytes, sender, flags and handle state.
#![no_main]
#[path = "common.rs"]
mod common;

use common::{Checker, Input};
use libfuzzer_sys::fuzz_target;
use rnetlink::proto::{dump_datagram, dump_end_in, DumpCtx, DumpProgress, DumpStep};
use rnetlink::socket::Datagram;

fuzz_target!(|data: &[u8]| {
    let mut inp = Input(data);
    let ctx = DumpCtx {
        local_pid: inp.u32() % 4,
        dump_seq: inp.u32() % 4,
        proto: (inp.u8() % 6) as i32,
        suppress_nlerr: inp.u8() & 1 != 0,
        nc_flags: inp.u16(),
        raw: inp.u8() & 1 != 0,
        has_filter: inp.u8() & 1 != 0,
    };
    let src_pid = inp.u32() % 3;
    let flags = if inp.u8() & 1 != 0 { rnetlink::proto::MSG_TRUNC } else { 0 };
    let ret = -((inp.u8() % 3) as i32);
    let errhndlr = match inp.u8() % 4 {
        0 => None,
        n => Some(n as i32 * 2),
    };
    let mut buf = inp.rest().to_vec();
    let dg = Datagram { len: buf.len(), src_pid, namelen: 12, flags, nsid: None };
    let mut sink = Checker::new(ret, errhndlr);
    let mut progress = DumpProgress::default();
    if let DumpStep::Aborted { at, .. } = dump_datagram(&mut buf, &dg, &ctx, &mut progress, &mut sink) {
        assert!(at + 16 <= buf.len());
        dump_end_in(&buf, at, &dg, &ctx);
    }
    dump_end_in(&buf, 0, &dg, &ctx);
});
