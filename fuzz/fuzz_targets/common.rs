//! Shared pieces of the fuzz targets: an input reader, a sink that checks every callback's
//! message lies inside the datagram, and a quiet C stderr.
#![allow(dead_code)]

use rnetlink::proto::{DumpSink, Hdr, ListenSink, Out};
use std::fmt;

/// Takes fixed-size values from the front of the input (zeros once it runs out).
pub struct Input<'a>(pub &'a [u8]);

impl<'a> Input<'a> {
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
    pub fn u8(&mut self) -> u8 {
        self.bytes(1).first().copied().unwrap_or(0)
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    pub fn i32(&mut self) -> i32 {
        self.u32() as i32
    }
    pub fn rest(&mut self) -> &'a [u8] {
        self.bytes(usize::MAX)
    }
}

/// Points the C `stderr` stream at /dev/null, so that the library's texts do not slow the
/// fuzzer down. libFuzzer keeps its own copy of the original stream for its reports.
pub fn quiet_stderr() {
    extern "C" {
        static mut stderr: *mut libc::FILE;
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| unsafe {
        let null = libc::fopen(c"/dev/null".as_ptr(), c"w".as_ptr());
        if !null.is_null() {
            *std::ptr::addr_of_mut!(stderr) = null;
        }
    });
}

/// A sink whose callbacks assert that the message they get lies whole inside the buffer,
/// and whose filter/handler results come from the input.
pub struct Checker {
    pub errno: i32,
    pub ret: i32,
    pub errhndlr: Option<i32>,
    pub calls: usize,
    pub text_len: usize,
}

impl Checker {
    pub fn new(ret: i32, errhndlr: Option<i32>) -> Checker {
        Checker { errno: 0, ret, errhndlr, calls: 0, text_len: 0 }
    }
    fn check(&mut self, buf: &[u8], at: usize) {
        assert!(at + 16 <= buf.len(), "callback header outside the datagram");
        let len = Hdr::read(buf, at).len as usize;
        assert!(len >= 16 && at + len <= buf.len(), "callback message outside the datagram");
        self.calls += 1;
    }
}

impl Out for Checker {
    fn print(&mut self, args: fmt::Arguments<'_>) {
        self.text_len += args.to_string().len();
    }
    fn set_errno(&mut self, e: i32) {
        self.errno = e;
    }
    fn errno(&self) -> i32 {
        self.errno
    }
    fn perror(&mut self, prefix: &str) {
        self.text_len += prefix.len();
    }
}

impl DumpSink for Checker {
    fn filter(&mut self, buf: &mut [u8], at: usize) -> i32 {
        self.check(buf, at);
        self.ret
    }
    fn errhndlr(&mut self, buf: &mut [u8], at: usize) -> Option<i32> {
        self.check(buf, at);
        self.errhndlr
    }
}

impl ListenSink for Checker {
    fn handle(&mut self, buf: &mut [u8], at: usize, _nsid: i32, _dg: &rnetlink::socket::Datagram) -> i32 {
        self.check(buf, at);
        self.ret
    }
}
