//! Observability: `RNETLINK_PCAP` (a pcap of every datagram a handle sends or receives) and
//! `RNETLINK_DEBUG` (a decoded trace on stderr), and the decoder behind `rnl_nlmsg_fprintf`.
//!
//! `decode`, `names` and `pcap` are sans-IO (bytes in, text or bytes out). This file is the
//! I/O edge: the environment, the pcap file, stderr, and the hook that `socket.rs` calls where
//! every datagram already passes (`send`, `sendmsg`, the one receive routine). The hook takes
//! a descriptor and byte slices: the tracer sits below the socket layer and knows nothing of
//! its buffers; it prints through `crate::out`.
//!
//! **Where "this handle traces" lives.** The caller owns `struct rtnl_handle` and its layout
//! is fixed, so the decision cannot be stored in it. It is taken when a handle is opened:
//! `rtnl_open*` reads `RNETLINK_PCAP` and `RNETLINK_DEBUG` then and, when either asks for
//! tracing, enters the handle's socket descriptor in a process-wide table (with the handle's
//! protocol, its debug level and its own `O_APPEND` descriptor on the pcap file);
//! `rtnl_close` removes the entry, and opening a handle on a descriptor number clears any
//! stale entry for it first. So a variable set (or unset, with `setenv`) between two opens
//! affects exactly the handles opened after it, and tracing ends with the handle. A copy of
//! the handle struct shares its descriptor and is traced with it; a descriptor closed with
//! `close()` instead of `rtnl_close` keeps its entry until the number is opened again by
//! `rtnl_open*`.
//!
//! **Cost when off.** The table is behind a mutex; an atomic flag says whether it has any
//! entry. Each datagram costs one relaxed load and one branch on that flag (not taken; 4 to 5
//! instructions measured, as the flag is reached through the GOT); everything else is in cold
//! functions that take what the hot path already holds. Opening a handle reads two
//! environment variables.

pub mod decode;
pub mod names;
pub mod pcap;

use crate::out::{eprint, errno, set_errno, strerror};
use core::sync::atomic::{AtomicBool, Ordering};
use std::ffi::{CString, OsStr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::{Arc, Mutex, MutexGuard};

/// True while the table has an entry.
static ANY: AtomicBool = AtomicBool::new(false);
static HANDLES: Mutex<Vec<(i32, Arc<Tracer>)>> = Mutex::new(Vec::new());
/// The complaints already printed (each is said once per process).
static SAID: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// What one traced handle does with its datagrams.
struct Tracer {
    proto: i32,
    debug: u8,
    pcap: Option<OwnedFd>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether any handle traces: the one branch a datagram costs when tracing is off.
#[inline(always)]
pub fn on() -> bool {
    ANY.load(Ordering::Relaxed)
}

/// `send` on `fd` returned `n` for `bytes`. Call only when [`on`].
#[cold]
#[inline(never)]
pub fn sent(fd: i32, n: isize, bytes: &[u8]) {
    if n >= 0 {
        datagram(fd, true, &[bytes]);
    }
}

/// `sendmsg(fd, msg)` returned `n`. Call only when [`on`], with the `msghdr` just sent.
#[cold]
#[inline(never)]
pub fn sent_msg(fd: i32, n: isize, msg: &libc::msghdr) {
    if n < 0 {
        return;
    }
    // Every iovec, however many (rtnl_talk_iov sends one per message): this is the cold path.
    let parts: Vec<&[u8]> = (0..msg.msg_iovlen)
        .map(|i| {
            // SAFETY: the iovecs of a msghdr that sendmsg just read: `msg_iovlen` entries at
            // `msg_iov`, each with `iov_len` readable bytes at `iov_base`, alive for the
            // caller's call.
            unsafe {
                let iov = &*msg.msg_iov.add(i);
                if iov.iov_len == 0 { &[][..] } else { core::slice::from_raw_parts(iov.iov_base as *const u8, iov.iov_len) }
            }
        })
        .collect();
    datagram(fd, true, &parts);
}

/// The datagram `bytes` was received on `fd`. Call only when [`on`].
#[cold]
#[inline(never)]
pub fn received(fd: i32, bytes: &[u8]) {
    datagram(fd, false, &[bytes]);
}

fn datagram(fd: i32, outgoing: bool, parts: &[&[u8]]) {
    let Some(t) = lock(&HANDLES).iter().find(|(f, _)| *f == fd).map(|(_, t)| Arc::clone(t)) else { return };
    // Tracing never changes what the caller sees, errno included.
    let saved = errno();
    if let Some(file) = &t.pcap {
        let (sec, usec) = now();
        let mut rec = Vec::new();
        pcap::record(&mut rec, sec, usec, outgoing, t.proto as u16, parts);
        // One write on an O_APPEND descriptor: records from threads and processes sharing
        // the file never interleave.
        // SAFETY: the pointer and length describe `rec`; the descriptor is open.
        let n = unsafe { libc::write(file.as_raw_fd(), rec.as_ptr().cast(), rec.len()) };
        if n < 0 {
            say_once(format!("rnetlink: RNETLINK_PCAP: write: {}\n", strerror(errno())));
        }
    }
    if t.debug > 0 {
        let bytes: std::borrow::Cow<'_, [u8]> = match parts {
            [one] => std::borrow::Cow::Borrowed(*one),
            _ => std::borrow::Cow::Owned(parts.concat()),
        };
        let mut text = String::new();
        let head = if outgoing { "send " } else { "recv " };
        let opts = decode::Opts { proto: t.proto, level: t.debug, prefix: "rnetlink: ", head };
        decode::print_messages(&mut text, &bytes, opts);
        eprint(format_args!("{text}"));
    }
    set_errno(saved);
}

fn now() -> (u32, u32) {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
    (ts.tv_sec as u32, (ts.tv_nsec / 1000) as u32)
}

/// Prints `text` on stderr unless it was printed before in this process.
fn say_once(text: String) {
    let mut said = lock(&SAID);
    if said.contains(&text) {
        return;
    }
    eprint(format_args!("{text}"));
    said.push(text);
}

fn remove(fd: i32) -> Option<Arc<Tracer>> {
    let mut table = lock(&HANDLES);
    let i = table.iter().position(|(f, _)| *f == fd)?;
    let (_, t) = table.swap_remove(i);
    ANY.store(!table.is_empty(), Ordering::Relaxed);
    Some(t)
}

/// A handle was opened on `fd` with netlink protocol `proto`: decides from the environment
/// whether it is traced.
pub fn handle_opened(fd: i32, proto: i32) {
    let saved = errno();
    if on() {
        remove(fd);
    }
    let pcap_path = std::env::var_os("RNETLINK_PCAP").filter(|p| !p.is_empty());
    let debug_var = std::env::var_os("RNETLINK_DEBUG");
    if pcap_path.is_none() && debug_var.is_none() {
        return;
    }
    let debug = match debug_var.as_deref().map(|v| v.as_bytes()) {
        None | Some(b"") | Some(b"0") => 0,
        Some(b"1") => 1,
        Some(b"2") => 2,
        Some(other) => {
            say_once(format!("rnetlink: RNETLINK_DEBUG={}: not 0, 1 or 2; no trace\n", String::from_utf8_lossy(other)));
            0
        }
    };
    let pcap = pcap_path.and_then(|p| open_pcap(&p));
    if pcap.is_some() || debug > 0 {
        let mut table = lock(&HANDLES);
        table.push((fd, Arc::new(Tracer { proto, debug, pcap })));
        ANY.store(true, Ordering::Relaxed);
    }
    set_errno(saved);
}

/// The handle on `fd` is being closed.
#[inline]
pub fn handle_closed(fd: i32) {
    if on() {
        // Dropped outside the lock: that may close the pcap descriptor.
        let _gone = remove(fd);
    }
}

/// Opens the pcap file for appending, writing the file header if it is new or empty. None
/// (after saying why, once) if it cannot be used.
fn open_pcap(path: &OsStr) -> Option<OwnedFd> {
    let fail = |what: &str| {
        let why = strerror(errno());
        say_once(format!("rnetlink: RNETLINK_PCAP={}: {what}{why}; not writing a capture\n", path.to_string_lossy()));
        None
    };
    let Ok(c) = CString::new(path.as_bytes()) else {
        set_errno(libc::EINVAL);
        return fail("");
    };
    // SAFETY: a NUL-terminated path; plain open(2).
    let raw = unsafe { libc::open(c.as_ptr(), libc::O_WRONLY | libc::O_CREAT | libc::O_APPEND | libc::O_CLOEXEC, 0o644) };
    if raw < 0 {
        return fail("");
    }
    // SAFETY: `raw` is a descriptor this function just opened and now owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // The header goes in exactly once even when processes open a new file at the same
    // time: the size test and the header write happen under an exclusive lock.
    // SAFETY: plain flock/fstat on an open descriptor, and a zeroed stat buffer to fill.
    unsafe {
        libc::flock(raw, libc::LOCK_EX);
        let mut st: libc::stat = core::mem::zeroed();
        let ok = if libc::fstat(raw, &mut st) < 0 {
            false
        } else if st.st_size == 0 {
            let h = pcap::file_header();
            libc::write(raw, h.as_ptr().cast(), h.len()) == h.len() as isize
        } else {
            true
        };
        libc::flock(raw, libc::LOCK_UN);
        if !ok {
            return fail("");
        }
    }
    Some(fd)
}

#[cfg(test)]
mod tests;
