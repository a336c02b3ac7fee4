//! The dump datagram walker with arbitrary bytes, sender, flags and handle state; and the
//! walker (with its fast walk over data messages) against the general walk alone, with
//! filters that abort or rewrite the message's length or flags.
#![no_main]
#[path = "common.rs"]
mod common;

use common::{Checker, Input};
use libfuzzer_sys::fuzz_target;
use rnetlink::proto::{dump_datagram, dump_datagram_general, dump_end_in, DumpCtx, DumpProgress, DumpSink, DumpStep, Out};
use rnetlink::socket::Datagram;
use std::fmt;

/// Records every callback; each filter call returns the next scripted value and may rewrite
/// the message's length and flags first. Asserts each message lies inside the buffer.
struct Recorder {
    checker: Checker,
    script: Vec<(i32, Option<u32>, Option<u16>)>,
    calls: Vec<(char, usize)>,
    text: String,
}

impl Out for Recorder {
    fn print(&mut self, args: fmt::Arguments<'_>) {
        self.text.push_str(&args.to_string());
    }
    fn set_errno(&mut self, e: i32) {
        self.checker.errno = e;
    }
    fn errno(&self) -> i32 {
        self.checker.errno
    }
    fn perror(&mut self, prefix: &str) {
        self.text.push_str(prefix);
    }
}

impl DumpSink for Recorder {
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
        self.checker.filter(buf, at);
        let (ret, len, flags) = self.script.get(self.calls.len()).copied().unwrap_or((0, None, None));
        self.calls.push(('f', at));
        if let Some(len) = len {
            buf[at..at + 4].copy_from_slice(&len.to_ne_bytes());
        }
        if let Some(flags) = flags {
            buf[at + 6..at + 8].copy_from_slice(&flags.to_ne_bytes());
        }
        ret
    }
    fn errhndlr(&mut self, buf: &mut [u8], at: usize) -> Option<i32> {
        self.calls.push(('e', at));
        self.checker.errhndlr(buf, at)
    }
}

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
    let script: Vec<_> = (0..inp.u8() % 8)
        .map(|_| {
            let ret = -((inp.u8() % 3) as i32);
            let len = if inp.u8() & 1 != 0 { Some(inp.u32()) } else { None };
            let flags = if inp.u8() & 1 != 0 { Some(inp.u16()) } else { None };
            (ret, len, flags)
        })
        .collect();
    let intr = inp.u8() & 1 != 0;
    let input = inp.rest();
    let mut buf = input.to_vec();
    let dg = Datagram { len: buf.len(), src_pid, src_groups: 0, namelen: 12, flags, nsid: None };
    let mut sink = Checker::new(ret, errhndlr);
    let mut progress = DumpProgress::default();
    if let DumpStep::Aborted { at, .. } = dump_datagram(&mut buf, &dg, &ctx, &mut progress, &mut sink) {
        assert!(at + 16 <= buf.len());
        dump_end_in(&buf, at, &dg, &ctx);
    }
    dump_end_in(&buf, 0, &dg, &ctx);

    // The fast walk against the general one: same callbacks, texts, errno, result, bytes.
    let run = |fast: bool| {
        let mut b = input.to_vec();
        let mut sink = Recorder { checker: Checker::new(0, errhndlr), script: script.clone(), calls: Vec::new(), text: String::new() };
        let mut progress = DumpProgress { intr };
        let step = if fast {
            dump_datagram(&mut b, &dg, &ctx, &mut progress, &mut sink)
        } else {
            dump_datagram_general(&mut b, &dg, &ctx, &mut progress, &mut sink)
        };
        (step, progress.intr, sink.calls, sink.text, sink.checker.errno, b)
    };
    let (fast, general) = (run(true), run(false));
    assert_eq!(fast.0, general.0);
    if !matches!(fast.0, DumpStep::Aborted { .. }) {
        assert_eq!(fast.1, general.1);
    }
    assert_eq!((&fast.2, &fast.3, fast.4, &fast.5), (&general.2, &general.3, general.4, &general.5));
});
