//! Every syscall rnetlink makes on a netlink socket, and the one receive path that dump, talk
//! and listen share. Opening and closing are in `open.rs`, the socket options in `options.rs`,
//! sockets made inside another network namespace in `netns.rs`; all are re-exported here
//! (the files below this one use each other, never this one).
//!
//! The receive buffer is a thread-local pool of large, lazily committed mappings: one
//! `recvmsg` per datagram (no `MSG_PEEK` round trip), no truncation (the mapping is larger than
//! any datagram the kernel can build, and its untouched pages cost no memory), no allocation
//! or copy per datagram, and a nested call — a `rtnl_talk` from inside a dump callback — takes
//! its own buffer from the pool instead of clobbering the one being walked.
//!
//! Every datagram sent or received passes [`crate::trace`]'s hook here: one branch on a flag
//! when no handle traces.

mod netns;
mod open;
mod options;

pub use netns::{close_keep_errno, netlink_socket_in_netns, netns_path, open_netns_file, NetnsError, NETNS_RUN_DIR};
pub use open::{close, netlink_socket, setup, SetupError};
pub use options::{
    set_int_option, NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NETLINK_LISTEN_ALL_NSID, SOL_NETLINK,
};

use crate::out::errno;
use crate::trace;
use core::mem::{size_of, zeroed, MaybeUninit};
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};
use std::cell::RefCell;

/// Size of one receive mapping. The kernel builds each netlink datagram as one linear skb,
/// bounded by its largest kmalloc (4 MiB on x86-64); the reservation leaves room above that.
/// Only the pages a datagram touches are ever committed.
const RECV_RESERVE: usize = 16 << 20;
/// After a datagram this large, the pages above [`KEEP_COMMITTED`] are given back.
const TRIM_ABOVE: usize = 1 << 20;
const KEEP_COMMITTED: usize = 256 << 10;

/// A receive mapping of [`RECV_RESERVE`] bytes.
struct Mapping {
    ptr: *mut u8,
    high_water: usize,
}

impl Mapping {
    fn new() -> Option<Mapping> {
        // SAFETY: an anonymous private mapping with no address hint has no preconditions.
        let p = unsafe {
            libc::mmap(
                ptr::null_mut(),
                RECV_RESERVE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        (p != libc::MAP_FAILED).then(|| Mapping { ptr: p.cast(), high_water: 0 })
    }

    #[inline(always)]
    fn trim(&mut self) {
        if self.high_water > TRIM_ABOVE {
            // SAFETY: the range lies inside this mapping; MADV_DONTNEED on private anonymous
            // memory only drops pages (they read back as zeros), which no live slice covers.
            unsafe {
                libc::madvise(
                    self.ptr.add(KEEP_COMMITTED).cast(),
                    self.high_water - KEEP_COMMITTED,
                    libc::MADV_DONTNEED,
                )
            };
        }
        self.high_water = 0;
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from mmap with this length and is unmapped once.
        unsafe { libc::munmap(self.ptr.cast(), RECV_RESERVE) };
    }
}

thread_local! {
    static POOL: RefCell<Vec<Mapping>> = const { RefCell::new(Vec::new()) };
}

/// One spare mapping that any thread takes with a single atomic swap, before it looks at its
/// pool: a thread-local access costs a call to `__tls_get_addr` in a shared library, and
/// `rtnl_talk` takes and returns a buffer for every request. It holds a trimmed mapping or
/// NULL; whoever swaps a mapping out owns it. Nothing observable depends on which mapping a
/// call receives into.
static SPARE: AtomicPtr<u8> = AtomicPtr::new(ptr::null_mut());

/// A receive buffer borrowed from this thread's pool; it goes back on drop.
pub struct RecvBuf {
    map: Option<Mapping>,
}

impl RecvBuf {
    /// Takes a buffer from the pool (mapping a new one if the pool is empty). None only if
    /// the kernel refuses the mapping.
    pub fn take() -> Option<RecvBuf> {
        let spare = SPARE.swap(ptr::null_mut(), Ordering::Acquire);
        if !spare.is_null() {
            return Some(RecvBuf { map: Some(Mapping { ptr: spare, high_water: 0 }) });
        }
        let pooled = POOL.try_with(|p| p.borrow_mut().pop()).ok().flatten();
        let map = match pooled {
            Some(m) => m,
            None => Mapping::new()?,
        };
        Some(RecvBuf { map: Some(map) })
    }

    fn map(&self) -> &Mapping {
        self.map.as_ref().expect("RecvBuf holds its mapping until drop")
    }

    /// The first `len` bytes (those the last receive wrote).
    pub fn bytes_mut(&mut self, len: usize) -> &mut [u8] {
        let len = len.min(RECV_RESERVE);
        // SAFETY: the mapping is RECV_RESERVE readable and writable bytes owned by this
        // RecvBuf, and `&mut self` makes this the only slice over it.
        unsafe { core::slice::from_raw_parts_mut(self.map().ptr, len) }
    }

    /// Start of the buffer, for callers that hand out pointers into a datagram.
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.map().ptr
    }
}

impl Drop for RecvBuf {
    /// Inlined into each caller (it runs once per talk): the common case, a small datagram
    /// and a free spare slot, is a compare and one atomic exchange.
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(mut map) = self.map.take() {
            map.trim();
            if SPARE.compare_exchange(ptr::null_mut(), map.ptr, Ordering::Release, Ordering::Relaxed).is_ok() {
                // SPARE owns the mapping now (high_water is 0 after the trim).
                core::mem::forget(map);
                return;
            }
            to_pool(map);
        }
    }
}

/// Returns a mapping to this thread's pool, when the spare slot is taken.
#[cold]
#[inline(never)]
fn to_pool(map: Mapping) {
    // If the thread is exiting, the pool is gone and the mapping is simply dropped.
    let _ = POOL.try_with(move |p| p.borrow_mut().push(map));
}

/// What one `recvmsg` delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram {
    /// Bytes in the buffer (at most the buffer's size).
    pub len: usize,
    /// The sender's port id (0 for the kernel).
    pub src_pid: u32,
    /// The sender address length the kernel reported (12 for netlink).
    pub namelen: u32,
    /// `msg_flags` (`MSG_TRUNC` when the datagram did not fit).
    pub flags: i32,
    /// The `NETLINK_LISTEN_ALL_NSID` control message, when asked for and present.
    pub nsid: Option<i32>,
}

/// Why a receive failed: `Errno(e)` (never EINTR or EAGAIN, which are retried) or end of
/// file (the socket returned 0 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecvError {
    Errno(i32),
    Eof,
}

/// Waits until `fd` is readable: what a retry after EAGAIN needs on a non-blocking socket,
/// without the busy loop iproute2 spins there.
fn wait_readable(fd: i32) {
    let mut pfd = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd.
    unsafe { libc::poll(&mut pfd, 1, -1) };
}

/// Receives one datagram from `fd` into `buf`, retrying EINTR and EAGAIN. With `want_nsid`,
/// also collects the `NETLINK_LISTEN_ALL_NSID` control message.
///
/// Inlined into each caller: it runs once per talk request, and out of line it cost about 20
/// instructions a call in saved registers and a `Datagram` passed back through memory.
#[inline(always)]
pub fn recv_datagram(fd: i32, buf: &mut RecvBuf, want_nsid: bool) -> Result<Datagram, RecvError> {
    let mut addr = MaybeUninit::<libc::sockaddr_nl>::zeroed();
    // Room for a few control messages (only the nsid one is used); the kernel fills it and
    // reports how much in msg_controllen, so it needs no initialisation.
    let mut control = MaybeUninit::<[u64; 16]>::uninit();
    let mut iov = libc::iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: RECV_RESERVE };
    loop {
        let mut msg = libc::msghdr {
            msg_name: addr.as_mut_ptr().cast(),
            msg_namelen: size_of::<libc::sockaddr_nl>() as u32,
            msg_iov: &mut iov,
            msg_iovlen: 1,
            msg_control: if want_nsid { control.as_mut_ptr().cast() } else { ptr::null_mut() },
            msg_controllen: if want_nsid { size_of::<[u64; 16]>() } else { 0 },
            msg_flags: 0,
        };
        // SAFETY: msg points to live, correctly sized name, iovec and control buffers; the
        // iovec covers the RecvBuf mapping, which `buf` owns exclusively.
        let n = unsafe { libc::recvmsg(fd, &mut msg, libc::MSG_TRUNC) };
        if n < 0 {
            match errno() {
                libc::EINTR => continue,
                libc::EAGAIN => {
                    wait_readable(fd);
                    continue;
                }
                e => return Err(RecvError::Errno(e)),
            }
        }
        if n == 0 {
            return Err(RecvError::Eof);
        }
        let len = (n as usize).min(RECV_RESERVE);
        if let Some(map) = buf.map.as_mut() {
            map.high_water = map.high_water.max(len);
        }
        if trace::on() {
            trace::received(fd, buf.bytes_mut(len));
        }
        // SAFETY: recvmsg filled up to msg_namelen bytes of the zero-initialised address.
        let addr = unsafe { addr.assume_init() };
        let nsid = if want_nsid { nsid_from_control(&msg) } else { None };
        return Ok(Datagram { len, src_pid: addr.nl_pid, namelen: msg.msg_namelen, flags: msg.msg_flags, nsid });
    }
}

/// The `SOL_NETLINK`/`NETLINK_LISTEN_ALL_NSID` control message with exactly one `int`.
fn nsid_from_control(msg: &libc::msghdr) -> Option<i32> {
    // SAFETY: msg describes the control buffer recvmsg just filled; the CMSG_* macros walk
    // it within msg_controllen.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(msg);
        while !cmsg.is_null() {
            let c = &*cmsg;
            if c.cmsg_level == SOL_NETLINK
                && c.cmsg_type == NETLINK_LISTEN_ALL_NSID
                && c.cmsg_len == libc::CMSG_LEN(size_of::<i32>() as u32) as usize
            {
                return Some(libc::CMSG_DATA(cmsg).cast::<i32>().read_unaligned());
            }
            cmsg = libc::CMSG_NXTHDR(msg, cmsg);
        }
    }
    None
}

/// `send(fd, bytes, 0)`: the byte count, or -1 with errno.
pub fn send(fd: i32, bytes: &[u8]) -> isize {
    // SAFETY: the pointer and length describe `bytes`.
    let n = unsafe { libc::send(fd, bytes.as_ptr().cast(), bytes.len(), 0) };
    if trace::on() {
        trace::sent(fd, n, bytes);
    }
    n
}

/// `sendmsg` of the concatenation of `parts` to the kernel (`{AF_NETLINK, pid 0, groups 0}`):
/// the byte count, or -1 with errno.
pub fn send_to_kernel(fd: i32, parts: &[&[u8]]) -> isize {
    let mut iov = [libc::iovec { iov_base: ptr::null_mut(), iov_len: 0 }; 2];
    let n = parts.len().min(iov.len());
    for (slot, part) in iov.iter_mut().zip(parts) {
        *slot = libc::iovec { iov_base: part.as_ptr() as *mut _, iov_len: part.len() };
    }
    // SAFETY: all-zero is a valid sockaddr_nl.
    let mut kernel: libc::sockaddr_nl = unsafe { zeroed() };
    kernel.nl_family = libc::AF_NETLINK as u16;
    let msg = libc::msghdr {
        msg_name: ptr::addr_of_mut!(kernel).cast(),
        msg_namelen: size_of::<libc::sockaddr_nl>() as u32,
        msg_iov: iov.as_mut_ptr(),
        msg_iovlen: n,
        msg_control: ptr::null_mut(),
        msg_controllen: 0,
        msg_flags: 0,
    };
    // SAFETY: msg points to the live address and iovecs; the kernel only reads them.
    let sent = unsafe { libc::sendmsg(fd, &msg, 0) };
    if trace::on() {
        trace::sent_msg(fd, sent, &msg);
    }
    sent
}

/// `sendmsg` of the caller's `iov` array as one datagram to the kernel (`rtnl_talk_iov`): the
/// byte count, or -1 with errno.
///
/// # Safety
/// Each of the `iov` entries describes `iov_len` readable bytes.
pub unsafe fn send_iovecs_to_kernel(fd: i32, iov: &[libc::iovec]) -> isize {
    // SAFETY: all-zero is a valid sockaddr_nl.
    let mut kernel: libc::sockaddr_nl = unsafe { zeroed() };
    kernel.nl_family = libc::AF_NETLINK as u16;
    let msg = libc::msghdr {
        msg_name: ptr::addr_of_mut!(kernel).cast(),
        msg_namelen: size_of::<libc::sockaddr_nl>() as u32,
        msg_iov: iov.as_ptr() as *mut libc::iovec,
        msg_iovlen: iov.len(),
        msg_control: ptr::null_mut(),
        msg_controllen: 0,
        msg_flags: 0,
    };
    // SAFETY: msg points to the live address and the caller's iovecs; the kernel only reads them.
    unsafe { libc::sendmsg(fd, &msg, 0) }
}

/// `recv(fd, buf, MSG_DONTWAIT | MSG_PEEK)`: the byte count, or -1 with errno.
pub fn peek_nonblocking(fd: i32, buf: &mut [u8]) -> isize {
    // SAFETY: the pointer and length describe `buf`.
    unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT | libc::MSG_PEEK) }
}
