//! The decoder behind RNETLINK_DEBUG and rnl_nlmsg_fprintf on arbitrary bytes, for every
//! protocol it knows (route, generic) and one it does not, at both levels: through the
//! exported rnl_nlmsg_fprintf on an exact-size heap copy (the sanitizer sees any read past
//! it) and through the core into a String; both count the same messages, never more than
//! the bytes can hold. Also the pcap record of the bytes: its lengths and its cut.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rnetlink::ffi::decode::rnl_nlmsg_fprintf;
use rnetlink::trace::decode::{print_messages, Opts};
use rnetlink::trace::pcap;

fn devnull() -> *mut libc::FILE {
    static mut NULL: usize = 0;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| unsafe { NULL = libc::fopen(c"/dev/null".as_ptr(), c"w".as_ptr()) as usize });
    unsafe { NULL as *mut libc::FILE }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let proto = match sel % 3 {
        0 => 0,
        1 => 16,
        _ => sel as i32,
    };
    let heap: Box<[u8]> = bytes.to_vec().into_boxed_slice();
    let n = unsafe { rnl_nlmsg_fprintf(devnull(), heap.as_ptr().cast(), heap.len(), proto) };
    let mut text = String::new();
    let m = print_messages(&mut text, bytes, Opts { proto, level: 2, prefix: "", head: "" });
    assert_eq!(n as usize, m);
    assert!(m <= bytes.len() / 16);
    let mut one = String::new();
    let m1 = print_messages(&mut one, bytes, Opts { proto, level: 1, prefix: "> ", head: "" });
    assert_eq!(m1, m);
    let lines = one.lines().count();
    assert!(lines == m || lines == m + 1, "{lines} lines for {m} messages");
    assert!(one.lines().all(|l| l.starts_with("> ")));

    let mut rec = Vec::new();
    pcap::record(&mut rec, 1, 2, sel & 1 != 0, proto as u16, &[bytes, &bytes[..bytes.len() / 2]]);
    let incl = u32::from_ne_bytes(rec[8..12].try_into().unwrap()) as usize;
    let orig = u32::from_ne_bytes(rec[12..16].try_into().unwrap()) as usize;
    assert_eq!(orig, 16 + bytes.len() + bytes.len() / 2);
    assert_eq!(incl, orig.min(pcap::SNAPLEN as usize));
    assert_eq!(rec.len(), 16 + incl);
});
