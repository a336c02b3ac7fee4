//! The old API generations (issue 18): the entry points that a program compiled with
//! `-DRNETLINK_IPROUTE2_API=<MMmmpp>` calls under the old names. The headers bind each old
//! name to one of these `rnl_compat_*` symbols (version node RNETLINK_0.3) with an asm label;
//! each converts the old form's arguments and calls the same core as the v7.1 entry points,
//! with the old form's meaning. One file per capability: `talk.rs`, `dump.rs`, `listen.rs`,
//! `requests.rs` (dump requests, `parse_rtattr_byindex`, the 4.20-5.x changed signatures),
//! `open.rs` (the handle layouts before v4.2: open, and `genl_resolve_family`).
//!
//! # Handle layouts
//!
//! `struct rtnl_handle` was 36 bytes until v3.17 (H36: fd, local, peer, seq, dump), 40 in
//! v3.18 (H40: + proto), 48 in v3.19-v4.1 (H48: + dump_fp; 44 on ILP32) and 56 from v4.2
//! (H56: + flags; 48 on ILP32). A program of an older release allocates the smaller struct,
//! so an entry point of its generation never touches memory past that size: it copies the
//! caller's prefix into a zeroed full handle (`Local`), works on that, and writes back only
//! what the call changes (`seq` and `dump`; everything for open). Fields the old handle has
//! not read as zero: `proto` 0 (NETLINK_ROUTE: no NETLINK_SOCK_DIAG special cases, as before
//! v3.18), `dump_fp` NULL, `flags` 0.

pub mod dump;
pub mod listen;
pub mod open;
pub mod requests;
pub mod talk;

use crate::ffi::types::{rtnl_ctrl_data, rtnl_handle};
use crate::wire::nlmsghdr;
use core::ffi::{c_int, c_void};
use core::mem::{offset_of, size_of, MaybeUninit};
use core::ptr;

/// `rtnl_filter_t` until v4.19: the filter also gets the sender's address (`who`).
#[allow(non_camel_case_types)]
pub type rtnl_filter_who_t = Option<unsafe extern "C" fn(who: *const libc::sockaddr_nl, n: *mut nlmsghdr, arg: *mut c_void) -> c_int>;

/// `rtnl_listen_filter_t` of v4.2-v4.19: `who` before the v4.2 control data.
#[allow(non_camel_case_types)]
pub type rtnl_listen_filter_who_t =
    Option<unsafe extern "C" fn(who: *const libc::sockaddr_nl, ctrl: *mut rtnl_ctrl_data, n: *mut nlmsghdr, arg: *mut c_void) -> c_int>;

/// The layout of the caller's `struct rtnl_handle`, named by its LP64 size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    H36,
    H40,
    H48,
    H56,
}

impl Layout {
    /// The struct's size in this ABI: up to (not including) the first field it lacks.
    pub(crate) const fn size(self) -> usize {
        match self {
            Layout::H36 => offset_of!(rtnl_handle, proto),
            // proto plus the padding before dump_fp (none on ILP32): 40 either way.
            Layout::H40 => offset_of!(rtnl_handle, proto) + size_of::<i32>(),
            // dump_fp's end: 48 on LP64, 44 on ILP32.
            Layout::H48 => offset_of!(rtnl_handle, dump_fp) + size_of::<*mut libc::FILE>(),
            Layout::H56 => size_of::<rtnl_handle>(),
        }
    }
}

/// A full handle holding a copy of an old-layout caller's handle for one call.
pub(crate) struct Local {
    full: rtnl_handle,
    caller: *mut u8,
    layout: Layout,
}

impl Local {
    /// Copies the caller's `layout.size()` bytes into a zeroed full handle; None for NULL.
    ///
    /// # Safety
    /// `rth` is NULL or points to `layout.size()` readable and writable bytes, used by this
    /// thread only until the Local is dropped.
    pub(crate) unsafe fn load(rth: *mut core::ffi::c_void, layout: Layout) -> Option<Local> {
        if rth.is_null() {
            return None;
        }
        // SAFETY: all-zero bytes are a valid rtnl_handle (NULL dump_fp).
        let mut full: rtnl_handle = unsafe { MaybeUninit::zeroed().assume_init() };
        // SAFETY: the caller's `size` bytes are readable (contract); `full` is larger.
        unsafe { ptr::copy_nonoverlapping(rth.cast::<u8>(), ptr::addr_of_mut!(full).cast::<u8>(), layout.size()) };
        Some(Local { full, caller: rth.cast(), layout })
    }

    pub(crate) fn ptr(&mut self) -> *mut rtnl_handle {
        &mut self.full
    }

    /// Writes `seq` and `dump` back (what talk, dump requests and genl change).
    pub(crate) fn store_seq(&self) {
        self.store_range(offset_of!(rtnl_handle, seq), offset_of!(rtnl_handle, dump) + size_of::<u32>());
    }

    /// Writes the whole prefix back (what open and close change).
    pub(crate) fn store_all(&self) {
        self.store_range(0, self.layout.size());
    }

    fn store_range(&self, from: usize, to: usize) {
        debug_assert!(to <= self.layout.size());
        // SAFETY: `from..to` lies inside the caller's `size` writable bytes (load's contract)
        // and inside `full`; the two do not overlap.
        unsafe { ptr::copy_nonoverlapping(ptr::addr_of!(self.full).cast::<u8>().add(from), self.caller.add(from), to - from) };
    }
}

/// The address the old filters and handlers got as `who`: the kernel (port 0) with the
/// datagram's group mask.
pub(crate) fn who(pid: u32, groups: u32) -> libc::sockaddr_nl {
    // SAFETY: all-zero bytes are a valid sockaddr_nl.
    let mut a: libc::sockaddr_nl = unsafe { MaybeUninit::zeroed().assume_init() };
    a.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    a.nl_pid = pid;
    a.nl_groups = groups;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_sizes() {
        #[cfg(target_pointer_width = "64")]
        assert_eq!([Layout::H36, Layout::H40, Layout::H48, Layout::H56].map(Layout::size), [36, 40, 48, 56]);
        #[cfg(target_pointer_width = "32")]
        assert_eq!([Layout::H36, Layout::H40, Layout::H48, Layout::H56].map(Layout::size), [36, 40, 44, 48]);
    }

    #[test]
    fn local_copies_only_the_old_prefix() {
        for layout in [Layout::H36, Layout::H40, Layout::H48] {
            // The caller's struct, followed by bytes that belong to something else.
            let mut mem = [0xAAu8; 64];
            for (i, b) in mem[..layout.size()].iter_mut().enumerate() {
                *b = i as u8;
            }
            // SAFETY: `mem` has more than `size` bytes.
            let mut l = unsafe { Local::load(mem.as_mut_ptr().cast(), layout) }.unwrap();
            // SAFETY: `full` is a live local.
            let full = unsafe { &mut *l.ptr() };
            if layout == Layout::H36 {
                assert_eq!(full.proto, 0);
            }
            assert!(full.dump_fp.is_null() || layout == Layout::H48);
            assert_eq!(full.flags, 0);
            full.seq = 0x01020304;
            full.dump = 0x05060708;
            full.fd = 77;
            full.flags = 9;
            l.store_seq();
            assert_eq!(&mem[28..36], &[4, 3, 2, 1, 8, 7, 6, 5]);
            assert_eq!(mem[0], 0, "fd is not written back by store_seq");
            l.store_all();
            assert_eq!(i32::from_ne_bytes(mem[0..4].try_into().unwrap()), 77);
            assert!(mem[layout.size()..].iter().all(|&b| b == 0xAA), "{layout:?} wrote past its size");
        }
    }
}
