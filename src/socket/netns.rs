//! Sockets in another network namespace (`rnl_open_netns*`), and the namespace files.
//!
//! A socket stays for its whole life in the network namespace of the thread that created it;
//! only `socket()` itself has to run inside the target namespace. Entering a namespace is
//! `setns(fd, CLONE_NEWNET)`, which moves the calling *thread*. So the socket is made on a
//! fresh, short-lived helper thread: it enters the namespace, calls `socket()`, hands the
//! descriptor back and exits; everything else (options, bind, getsockname) runs on the caller's
//! thread, which never leaves its namespace.
//!
//! Why not the alternatives:
//! - setns on the caller's thread and back again: for the moment in between, the caller *is*
//!   in the other namespace, where another thread reading /proc/PID/task/TID/ns/net, a signal
//!   handler running on it, or anything it creates would see it; and if the way back fails
//!   (the original namespace's descriptor could not be opened, say), the thread is stranded.
//! - a child process (fork, setns, socket, SCM_RIGHTS back): fork in a multithreaded program
//!   may only call async-signal-safe functions, it costs a process and a socket pair per open,
//!   and the child's exit would need reaping.
//! - a long-lived helper thread reused between opens: after one open it sits in that
//!   namespace and would have to find its way back (or be trusted never to do anything else);
//!   a fresh thread per open has nothing to undo, it simply ends.
//!
//! The helper blocks every signal before setns, so no handler of the program ever runs inside
//! the other namespace. The namespace type is checked by setns itself (EINVAL for anything
//! that is not a network namespace): an NS_GET_NSTYPE ioctl would add a syscall and makes
//! valgrind print a warning about an unknown ioctl into the program's stderr.

use super::open::netlink_socket;
use crate::out::{errno, set_errno};
use core::mem::MaybeUninit;
use core::ptr;

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
mod tests {
    use super::*;
    use core::mem::size_of;
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
