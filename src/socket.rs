//! Every syscall rnetlink makes on a netlink socket, and the one receive path that dump, talk
//! and listen share.
//!
//! The receive buffer is a thread-local pool of large, lazily committed mappings: one
//! `recvmsg` per datagram (no `MSG_PEEK` round trip), no truncation (the mapping is larger than
//! any datagram the kernel can build, and its untouched pages cost no memory), no allocation
//! or copy per datagram, and a nested call — a `rtnl_talk` from inside a dump callback — takes
//! its own buffer from the pool instead of clobbering the one being walked.
//!
//! Every datagram sent or received passes [`crate::trace`]'s hook here: one branch on a flag
//! when no handle traces.

use crate::out::{errno, set_errno};
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

/// `SOL_NETLINK` (270) and the netlink socket options rnetlink sets.
pub const SOL_NETLINK: i32 = 270;
pub const NETLINK_ADD_MEMBERSHIP: i32 = 1;
pub const NETLINK_LISTEN_ALL_NSID: i32 = 8;
pub const NETLINK_EXT_ACK: i32 = 11;
pub const NETLINK_GET_STRICT_CHK: i32 = 12;

/// `setsockopt(fd, level, name, &value, sizeof(int))`: 0 or -1 with errno.
pub fn set_int_option(fd: i32, level: i32, name: i32, value: i32) -> i32 {
    // SAFETY: the option value is a live int of the length given.
    unsafe { libc::setsockopt(fd, level, name, ptr::addr_of!(value).cast(), size_of::<i32>() as u32) }
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

/// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`: the descriptor, or -1 with errno.
/// The socket belongs to the network namespace of the calling thread, for good.
pub fn netlink_socket(protocol: i32) -> i32 {
    // SAFETY: plain socket(2), no pointers.
    unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, protocol) }
}

// ---- Sockets in another network namespace -------------------------------------------------
//
// A socket stays for its whole life in the network namespace of the thread that created it;
// only `socket()` itself has to run inside the target namespace. Entering a namespace is
// `setns(fd, CLONE_NEWNET)`, which moves the calling *thread*. So the socket is made on a
// fresh, short-lived helper thread: it enters the namespace, calls `socket()`, hands the
// descriptor back and exits; everything else (options, bind, getsockname) runs on the caller's
// thread, which never leaves its namespace.
//
// Why not the alternatives:
// - setns on the caller's thread and back again: for the moment in between, the caller *is*
//   in the other namespace, where another thread reading /proc/PID/task/TID/ns/net, a signal
//   handler running on it, or anything it creates would see it; and if the way back fails
//   (the original namespace's descriptor could not be opened, say), the thread is stranded.
// - a child process (fork, setns, socket, SCM_RIGHTS back): fork in a multithreaded program
//   may only call async-signal-safe functions, it costs a process and a socket pair per open,
//   and the child's exit would need reaping.
// - a long-lived helper thread reused between opens: after one open it sits in that
//   namespace and would have to find its way back (or be trusted never to do anything else);
//   a fresh thread per open has nothing to undo, it simply ends.
// The helper blocks every signal before setns, so no handler of the program ever runs inside
// the other namespace. The namespace type is checked by setns itself (EINVAL for anything
// that is not a network namespace): an NS_GET_NSTYPE ioctl would add a syscall and makes
// valgrind print a warning about an unknown ioctl into the program's stderr.

/// Where `ip netns add NAME` puts its namespaces (iproute2's `/var/run/netns`, which Debian
/// and every systemd system link to `/run`).
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// The file behind a network namespace argument: a path starting with `/` as it is, any other
/// string is a name as `ip netns` creates it, `/run/netns/NAME`. None for a name that is
/// empty, `.` or `..`, or contains `/` (it would name a file outside `/run/netns`).
pub fn netns_path(netns: &core::ffi::CStr) -> Option<std::ffi::CString> {
    let b = netns.to_bytes();
    if b.first() == Some(&b'/') {
        return Some(netns.to_owned());
    }
    if b.is_empty() || b == b"." || b == b".." || b.contains(&b'/') {
        return None;
    }
    let mut path = Vec::with_capacity(NETNS_RUN_DIR.len() + 1 + b.len());
    path.extend_from_slice(NETNS_RUN_DIR.as_bytes());
    path.push(b'/');
    path.extend_from_slice(b);
    // `b` came from a CStr, so it holds no NUL.
    std::ffi::CString::new(path).ok()
}

/// Opens a namespace file read-only and close-on-exec: the descriptor, or Err(errno).
pub fn open_netns_file(path: &core::ffi::CStr) -> Result<i32, i32> {
    // SAFETY: `path` is a valid NUL-terminated string.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        Err(errno())
    } else {
        Ok(fd)
    }
}

/// Closes a descriptor this library opened, leaving errno as it was.
pub fn close_keep_errno(fd: i32) {
    let saved = errno();
    // SAFETY: the caller owns `fd` and does not use it again.
    unsafe { libc::close(fd) };
    set_errno(saved);
}

/// Why no socket could be made inside a network namespace; each carries the errno.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetnsError {
    /// The helper thread could not be started (EAGAIN when out of threads or memory).
    Thread(i32),
    /// `setns(fd, CLONE_NEWNET)` refused: EINVAL when `fd` is not a network namespace (or is
    /// negative), EBADF when it is not an open descriptor, EPERM without CAP_SYS_ADMIN.
    Enter(i32),
    /// `socket()` failed inside the namespace.
    Socket(i32),
}

/// Stack of the helper thread: it makes two syscalls.
const NETNS_HELPER_STACK: usize = 64 << 10;

/// A netlink socket of `protocol` (as [`netlink_socket`]) created inside the network
/// namespace `ns_fd` refers to, without the calling thread ever leaving its own namespace
/// (see the comment above). `ns_fd` stays open and owned by the caller.
pub fn netlink_socket_in_netns(ns_fd: i32, protocol: i32) -> Result<i32, NetnsError> {
    if ns_fd < 0 {
        return Err(NetnsError::Enter(libc::EINVAL));
    }
    let helper = std::thread::Builder::new()
        .name("rnl-netns".into())
        .stack_size(NETNS_HELPER_STACK)
        .spawn(move || socket_in_netns_on_this_thread(ns_fd, protocol))
        .map_err(|e| NetnsError::Thread(e.raw_os_error().unwrap_or(libc::EAGAIN)))?;
    // join() waits until the helper has exited, so `ns_fd` is not used after we return.
    match helper.join() {
        Ok(result) => result,
        // The helper makes two syscalls and cannot panic; were it to, the panic goes on into
        // the caller's panic boundary (the default hook has printed it already).
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// The helper thread's whole job. This thread is discarded afterwards, so it does not matter
/// that it stays in the other namespace.
fn socket_in_netns_on_this_thread(ns_fd: i32, protocol: i32) -> Result<i32, NetnsError> {
    let mut all = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigfillset initialises the set; pthread_sigmask reads it and changes only this
    // thread's mask (no signal handler of the program may run here inside the other
    // namespace; process-directed signals go to threads that do not block them).
    unsafe {
        libc::sigfillset(all.as_mut_ptr());
        libc::pthread_sigmask(libc::SIG_SETMASK, all.as_ptr(), ptr::null_mut());
    }
    // SAFETY: setns(2) with a descriptor the caller keeps open until this thread is joined;
    // it moves only this thread.
    if unsafe { libc::setns(ns_fd, libc::CLONE_NEWNET) } < 0 {
        return Err(NetnsError::Enter(errno()));
    }
    match netlink_socket(protocol) {
        fd if fd < 0 => Err(NetnsError::Socket(errno())),
        fd => Ok(fd),
    }
}

#[cfg(test)]
mod netns_tests {
    use super::*;
    use std::ffi::CString;

    fn path(s: &str) -> Option<String> {
        netns_path(&CString::new(s).unwrap()).map(|p| p.into_string().unwrap())
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(path("blue").as_deref(), Some("/run/netns/blue"));
        assert_eq!(path("a.b-c_1").as_deref(), Some("/run/netns/a.b-c_1"));
        assert_eq!(path("...").as_deref(), Some("/run/netns/..."));
        assert_eq!(path("/proc/1/ns/net").as_deref(), Some("/proc/1/ns/net"));
        assert_eq!(path("/").as_deref(), Some("/"));
        for bad in ["", ".", "..", "a/b", "../x", "x/", "./y"] {
            assert_eq!(path(bad), None, "{bad:?}");
        }
    }

    /// `/proc/thread-self/ns/net`'s inode: this thread's network namespace.
    fn thread_netns() -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/thread-self/ns/net").unwrap().ino()
    }

    /// The network namespace cookie of a socket (SO_NETNS_COOKIE, Linux 5.14).
    fn cookie(fd: i32) -> u64 {
        const SO_NETNS_COOKIE: i32 = 71;
        let mut v = 0u64;
        let mut len = size_of::<u64>() as u32;
        // SAFETY: `v` is a writable u64 of `len` bytes.
        let r = unsafe { libc::getsockopt(fd, libc::SOL_SOCKET, SO_NETNS_COOKIE, ptr::addr_of_mut!(v).cast(), &mut len) };
        assert_eq!(r, 0, "SO_NETNS_COOKIE: errno {}", errno());
        v
    }

    fn close(fd: i32) {
        // SAFETY: the test owns fd.
        unsafe { libc::close(fd) };
    }

    fn open(p: &str) -> i32 {
        open_netns_file(&CString::new(p).unwrap()).unwrap_or_else(|e| panic!("{p}: errno {e}"))
    }

    fn privileged() -> bool {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() == 0 }
    }

    #[test]
    fn not_a_network_namespace() {
        assert_eq!(netlink_socket_in_netns(-1, libc::NETLINK_ROUTE), Err(NetnsError::Enter(libc::EINVAL)));
        let before = thread_netns();
        for p in ["/proc/self/ns/uts", "/proc/self/stat"] {
            let fd = open(p);
            assert_eq!(netlink_socket_in_netns(fd, libc::NETLINK_ROUTE), Err(NetnsError::Enter(libc::EINVAL)), "{p}");
            // Still open: the call does not close the caller's descriptor.
            // SAFETY: F_GETFD on an int descriptor.
            assert!(unsafe { libc::fcntl(fd, libc::F_GETFD) } >= 0);
            close(fd);
        }
        // A descriptor that is not open (tests run in parallel: a just-closed number may be
        // reused at once, so take one far above any that is open).
        assert_eq!(netlink_socket_in_netns(1 << 20, libc::NETLINK_ROUTE), Err(NetnsError::Enter(libc::EBADF)));
        assert_eq!(thread_netns(), before);
    }

    /// A namespace of our own: a thread unshares, its namespace file is opened, it exits (the
    /// descriptor keeps the namespace alive). The socket made "in" it must carry its cookie,
    /// and this thread must stay where it was.
    #[test]
    fn socket_lands_in_the_other_namespace() {
        let here = netlink_socket(libc::NETLINK_ROUTE);
        assert!(here >= 0);
        let before = thread_netns();
        if !privileged() {
            let fd = open("/proc/self/ns/net");
            assert_eq!(netlink_socket_in_netns(fd, libc::NETLINK_ROUTE), Err(NetnsError::Enter(libc::EPERM)));
            close(fd);
            close(here);
            return;
        }
        let (ns_fd, ns_cookie) = std::thread::spawn(|| {
            // SAFETY: unshare(2) of this thread's network namespace only.
            assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0, "unshare: errno {}", errno());
            let probe = netlink_socket(libc::NETLINK_ROUTE);
            let c = cookie(probe);
            close(probe);
            (open("/proc/thread-self/ns/net"), c)
        })
        .join()
        .unwrap();
        assert_ne!(ns_cookie, cookie(here));

        let s = netlink_socket_in_netns(ns_fd, libc::NETLINK_ROUTE).unwrap();
        assert_eq!(cookie(s), ns_cookie);
        assert_eq!(thread_netns(), before);
        // A protocol the kernel does not know fails inside the namespace.
        assert_eq!(netlink_socket_in_netns(ns_fd, 99), Err(NetnsError::Socket(libc::EPROTONOSUPPORT)));
        // Our own namespace by path works too.
        let own = open("/proc/self/ns/net");
        let s2 = netlink_socket_in_netns(own, libc::NETLINK_ROUTE).unwrap();
        assert_eq!(cookie(s2), cookie(here));
        assert_eq!(thread_netns(), before);
        for fd in [s, s2, own, ns_fd, here] {
            close(fd);
        }
    }
}
