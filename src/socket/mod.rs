//! Every syscall rnetlink makes on a netlink socket, and the one receive path that dump, talk
//! and listen share. Opening and closing are in `open.rs`, the socket options in `options.rs`,
//! sockets made inside another network namespace in `netns.rs`; all are re-exported here
//! (the files below this one use each other, never this one).
//!
//! The receive buffer is a large, lazily committed mapping: one `recvmsg` per datagram (no
//! `MSG_PEEK` round trip), no truncation (the mapping is larger than any datagram the kernel can
//! build, and its untouched pages cost no memory), no allocation or copy per datagram, and a
//! nested call — a `rtnl_talk` from inside a dump callback — takes its own buffer instead of
//! clobbering the one being walked.
//!
//! Where the buffers come from ([`RecvBuf::take`]) and go back to ([`RecvBuf`]'s drop):
//! - **the spare**: the first mapping the process makes, kept for the process's life in an
//!   atomic pointer that any thread takes with one atomic swap and puts back with one store.
//!   A call tries it first (the thread-local pool costs a `__tls_get_addr` call in a shared
//!   library), so a single-threaded program only ever uses this one mapping.
//! - **this thread's pool**, when the spare is busy (with another thread, or with the call
//!   this one is nested in): at most `POOL_MAX` idle mappings, unmapped when the thread exits.
//! - a new mapping when the pool is empty. It belongs to this thread's pool from then on.
//!
//! Every mapping but the spare goes back to the pool of the thread that used it, and is
//! unmapped if the pool is full. Nothing else moves between threads: a thread's pool cannot
//! drain into another's, so a thread maps what it needs once and, as long as its calls nest
//! no deeper than `POOL_MAX`, never maps or unmaps again.
//!
//! The bound: at any time there are at most `1 + threads × (depth + POOL_MAX)` mappings,
//! where `threads` counts the threads that have made a receiving call and not exited, and
//! `depth` is the most receiving calls one of them has running at once (1; 2 for a
//! `rtnl_talk` inside a dump callback). With one call at a time per thread, that is at most
//! `1 + threads` (each thread's pool holds the one mapping it made when it first found the
//! spare busy). Each mapping reserves `RECV_RESERVE` bytes of address space (VmSize) and
//! keeps at most `TRIM_ABOVE` bytes committed (RSS) while idle. How many calls are made does
//! not enter the bound: memory is flat however long threads run. (Before issue 17, pools had
//! no bound and a buffer went back to the spare slot whatever its origin: mappings drifted
//! from the pools of threads that then mapped new ones into the pools of others, for good,
//! and four busy threads reached 12 GiB of VmSize.)
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
use core::mem::{size_of, zeroed, ManuallyDrop, MaybeUninit};
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
        if p == libc::MAP_FAILED {
            return None;
        }
        #[cfg(test)]
        recvbuf_tests::MAPS.fetch_add(1, Ordering::Relaxed);
        Some(Mapping { ptr: p.cast(), high_water: 0 })
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
        #[cfg(test)]
        recvbuf_tests::UNMAPS.fetch_add(1, Ordering::Relaxed);
    }
}

/// How many idle mappings a thread's pool keeps; a buffer returned to a full pool is unmapped.
/// Two let a call nested in another run without mapping anything while the spare is busy.
const POOL_MAX: usize = 2;

thread_local! {
    /// This thread's idle mappings; unmapped when the thread exits.
    static POOL: RefCell<Pool> = const { RefCell::new(Pool { maps: [ptr::null_mut(); POOL_MAX], len: 0 }) };
}

/// At most [`POOL_MAX`] idle mappings (trimmed, `high_water` 0), in a fixed array so that
/// returning a buffer never allocates: a first `malloc` on a thread can cost it a whole
/// malloc arena (64 MiB of address space with glibc on 64-bit).
struct Pool {
    maps: [*mut u8; POOL_MAX],
    len: usize,
}

impl Pool {
    fn pop(&mut self) -> Option<Mapping> {
        self.len = self.len.checked_sub(1)?;
        let ptr = self.maps.get(self.len).copied()?;
        Some(Mapping { ptr, high_water: 0 })
    }

    /// Keeps `map`, or hands it back when the pool is full.
    fn push(&mut self, map: Mapping) -> Result<(), Mapping> {
        let Some(slot) = self.maps.get_mut(self.len) else { return Err(map) };
        *slot = map.ptr;
        self.len += 1;
        // The pool owns the mapping now.
        core::mem::forget(map);
        Ok(())
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        while let Some(map) = self.pop() {
            drop(map);
        }
    }
}

/// The spare slot: [`SPARE_MAP`] when it is idle, NULL while a call uses it (or before it is
/// made). Any thread takes it with a single atomic swap before it looks at its pool: a
/// thread-local access costs a call to `__tls_get_addr` in a shared library, and `rtnl_talk`
/// takes and returns a buffer for every request. Nothing observable depends on which mapping
/// a call receives into.
static SPARE: AtomicPtr<u8> = AtomicPtr::new(ptr::null_mut());

/// Which mapping is the spare: the process's first, set once and never unmapped. Only the
/// spare ever enters the spare slot, so the slot is always empty when the spare comes back,
/// and a buffer's origin needs no flag: it is the spare or it belongs to a pool. (A child
/// forked while another thread held the spare never sees it again; its calls use their pools,
/// at the cost of a thread-local access each.)
static SPARE_MAP: AtomicPtr<u8> = AtomicPtr::new(ptr::null_mut());

/// A receive buffer: one mapping, owned exclusively until drop returns it (module doc).
pub struct RecvBuf {
    map: Option<Mapping>,
}

impl RecvBuf {
    /// Takes the spare mapping, else one from this thread's pool, else maps a new one. None
    /// only if the kernel refuses the mapping.
    pub fn take() -> Option<RecvBuf> {
        let spare = SPARE.swap(ptr::null_mut(), Ordering::Acquire);
        let ptr = if !spare.is_null() { spare } else { take_slow() };
        if ptr.is_null() {
            return None;
        }
        Some(RecvBuf { map: Some(Mapping { ptr, high_water: 0 }) })
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

/// [`RecvBuf::take`] when the spare is busy: a mapping from this thread's pool, else a new
/// one (NULL if the kernel refuses it). A pointer rather than a `RecvBuf`, so that it comes
/// back in a register. The first mapping the process makes becomes the spare; any later one
/// was needed because the spare was busy (with another thread, or with the call this one is
/// nested in), and will be again, so it stays with this thread.
#[cold]
#[inline(never)]
fn take_slow() -> *mut u8 {
    if let Some(map) = POOL.try_with(|p| p.borrow_mut().pop()).ok().flatten() {
        return ManuallyDrop::new(map).ptr;
    }
    let Some(map) = Mapping::new() else { return ptr::null_mut() };
    let ptr = ManuallyDrop::new(map).ptr;
    // Losing this race to another thread's first mapping is fine: this one is a pool's.
    let _ = SPARE_MAP.compare_exchange(ptr::null_mut(), ptr, Ordering::Relaxed, Ordering::Relaxed);
    ptr
}

impl Drop for RecvBuf {
    /// Inlined into each caller (it runs once per talk): the common case, the spare after a
    /// small datagram, is a load, two compares and a store.
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(mut map) = self.map.take() {
            map.trim();
            // Relaxed is enough: a thread holding the spare either made it (and set
            // SPARE_MAP itself) or swapped it out of SPARE with Acquire after the Release
            // store below, which came after SPARE_MAP was set. SPARE_MAP never changes again
            // and the spare is never unmapped, so no other mapping can compare equal.
            if map.ptr == SPARE_MAP.load(Ordering::Relaxed) {
                // The slot is empty: only the spare enters it, and this call holds the spare.
                // SPARE owns the mapping now (high_water is 0 after the trim).
                SPARE.store(map.ptr, Ordering::Release);
                core::mem::forget(map);
                return;
            }
            give_back(map);
        }
    }
}

/// Returns a (trimmed) mapping other than the spare to this thread's pool, or unmaps it when
/// the pool is full, or gone (the thread is exiting: a call from a thread-local destructor).
#[cold]
#[inline(never)]
fn give_back(map: Mapping) {
    // If the pool is gone, the closure is dropped uncalled, and the mapping with it.
    let _ = POOL.try_with(move |p| p.borrow_mut().push(map));
    // A full pool hands the mapping back inside the Err, which drops here: unmapped.
}

/// What one `recvmsg` delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datagram {
    /// Bytes in the buffer (at most the buffer's size).
    pub len: usize,
    /// The sender's port id (0 for the kernel).
    pub src_pid: u32,
    /// The sender address's group mask (`nl_groups`: the multicast group of a notification,
    /// 0 for a unicast reply); only the old API's `who` argument shows it.
    pub src_groups: u32,
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
        return Ok(Datagram { len, src_pid: addr.nl_pid, src_groups: addr.nl_groups, namelen: msg.msg_namelen, flags: msg.msg_flags, nsid });
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

#[cfg(test)]
mod recvbuf_tests {
    //! The receive buffers' policy (module doc): nested buffers are distinct, the number of
    //! mappings stays within its bound, and one call at a time per thread settles with no
    //! mapping made or unmapped per call. The tests share SPARE, so they run one at a time,
    //! each on threads of its own (a thread's pool is unmapped when it exits).
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::{Barrier, Mutex};

    pub(super) static MAPS: AtomicUsize = AtomicUsize::new(0);
    pub(super) static UNMAPS: AtomicUsize = AtomicUsize::new(0);
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn serial() -> std::sync::MutexGuard<'static, ()> {
        ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn maps() -> usize {
        MAPS.load(Ordering::Relaxed)
    }

    fn unmaps() -> usize {
        UNMAPS.load(Ordering::Relaxed)
    }

    fn live() -> usize {
        maps() - unmaps()
    }

    fn pool_len() -> usize {
        POOL.with(|p| p.borrow().len)
    }

    /// Writes `tag` over the first 64 bytes and at 4 MiB (where the largest datagram the
    /// kernel builds ends); [`holds`] reads it back.
    fn fill(buf: &mut RecvBuf, tag: u8) {
        buf.bytes_mut(64).fill(tag);
        buf.bytes_mut((4 << 20) + 1)[4 << 20] = tag;
    }

    fn holds(buf: &mut RecvBuf, tag: u8) -> bool {
        buf.bytes_mut(64).iter().all(|&b| b == tag) && buf.bytes_mut((4 << 20) + 1)[4 << 20] == tag
    }

    fn xorshift(x: &mut u64) -> u64 {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }

    /// Takes `depth` buffers one inside the other (as nested calls do), checks that each is
    /// its own, and returns them innermost first.
    fn nested(depth: usize, tag: u8) {
        let mut held: Vec<RecvBuf> = Vec::new();
        for i in 0..depth {
            let mut b = RecvBuf::take().expect("mmap");
            fill(&mut b, tag.wrapping_add(i as u8));
            held.push(b);
        }
        for (i, b) in held.iter_mut().enumerate() {
            assert!(holds(b, tag.wrapping_add(i as u8)), "a nested buffer overwrote an outer one");
        }
        while let Some(b) = held.pop() {
            drop(b);
        }
    }

    #[test]
    fn nested_calls_get_their_own_buffer_and_settle() {
        let _g = serial();
        std::thread::spawn(|| {
            nested(2, 1);
            let (m, u) = (maps(), unmaps());
            for i in 0..1000 {
                nested(2, i as u8);
            }
            // One spare and one pooled mapping serve a call nested in another: nothing is
            // mapped or unmapped per call.
            assert_eq!((maps(), unmaps()), (m, u));
            assert!(pool_len() <= 1);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn surplus_is_unmapped() {
        let _g = serial();
        std::thread::spawn(|| {
            let depth = POOL_MAX + 3;
            let before = live();
            nested(depth, 7);
            // Returned: the spare to its slot, POOL_MAX to the pool, the rest is unmapped.
            assert_eq!(pool_len(), POOL_MAX);
            assert!(!SPARE.load(Ordering::Relaxed).is_null());
            assert_eq!(SPARE.load(Ordering::Relaxed), SPARE_MAP.load(Ordering::Relaxed));
            assert!(live() <= before.max(1) + POOL_MAX, "live {} before {before}", live());
        })
        .join()
        .unwrap();
        // The thread's pool went with it: only the spare is left.
        assert!(live() <= 1, "live {}", live());
    }

    #[test]
    fn threads_stay_within_the_bound() {
        const THREADS: usize = 4;
        const MAX_DEPTH: usize = 3;
        let _g = serial();
        let bound = 1 + THREADS * (MAX_DEPTH + POOL_MAX);
        // Phase 1: random nesting up to MAX_DEPTH.
        let threads: Vec<_> = (0..THREADS as u64)
            .map(|t| {
                std::thread::spawn(move || {
                    let mut x = 0x9e37_79b9_7f4a_7c15 ^ (t + 1);
                    for _ in 0..5000 {
                        let depth = 1 + (xorshift(&mut x) % MAX_DEPTH as u64) as usize;
                        nested(depth, x as u8);
                        assert!(live() <= bound, "{} mappings, bound {bound}", live());
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(live() <= 1, "live {} after the threads exited", live());

        // Phase 2: one call at a time per thread. Each thread maps at most one buffer of its
        // own (when it first finds the spare busy) and nothing is unmapped while they run.
        let (m, u) = (maps(), unmaps());
        let done = std::sync::Arc::new(Barrier::new(THREADS + 1));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let done = done.clone();
                std::thread::spawn(move || {
                    for i in 0..20_000u32 {
                        let mut b = RecvBuf::take().expect("mmap");
                        fill(&mut b, i as u8);
                        assert!(holds(&mut b, i as u8));
                    }
                    done.wait();
                    done.wait();
                })
            })
            .collect();
        done.wait();
        let (m2, u2) = (maps(), unmaps());
        done.wait();
        for t in threads {
            t.join().unwrap();
        }
        assert!(m2 - m <= THREADS, "{} mappings made for {THREADS} threads", m2 - m);
        assert_eq!(u2, u, "mappings unmapped while one call at a time ran per thread");
        assert!(live() <= 1, "live {} after the threads exited", live());
    }
}
