//! Field access to the caller's `struct rtnl_handle`.
//!
//! Callers read and write the handle's fields directly between calls (`ss` clears `dump` and
//! `local.nl_pid`, tools set `seq` by hand), so every accessor reads or writes the caller's
//! memory at the moment it is called; nothing is cached on the Rust side.

use crate::ffi::types::rtnl_handle;
use core::ptr::{addr_of, addr_of_mut, NonNull};

#[derive(Clone, Copy)]
pub(crate) struct Handle(NonNull<rtnl_handle>);

impl Handle {
    /// # Safety
    /// `p` is NULL or points to a `struct rtnl_handle` that stays valid, and is not used by
    /// another thread, while the returned Handle is used.
    pub(crate) unsafe fn from_ptr(p: *mut rtnl_handle) -> Option<Handle> {
        NonNull::new(p).map(Handle)
    }

    fn p(self) -> *mut rtnl_handle {
        self.0.as_ptr()
    }

    // The accessors below rely on `from_ptr`'s contract: `p()` is a valid handle used only
    // by this thread during the call; each field is read or written in place, never through a
    // reference that outlives the call.
    pub(crate) fn fd(self) -> i32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).fd).read() }
    }
    pub(crate) fn set_fd(self, fd: i32) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).fd).write(fd) }
    }
    pub(crate) fn seq(self) -> u32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).seq).read() }
    }
    pub(crate) fn set_seq(self, v: u32) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).seq).write(v) }
    }
    pub(crate) fn dump(self) -> u32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).dump).read() }
    }
    pub(crate) fn set_dump(self, v: u32) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).dump).write(v) }
    }
    pub(crate) fn local_pid(self) -> u32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).local.nl_pid).read() }
    }
    pub(crate) fn local(self) -> libc::sockaddr_nl {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).local).read() }
    }
    pub(crate) fn set_local(self, v: libc::sockaddr_nl) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).local).write(v) }
    }
    pub(crate) fn proto(self) -> i32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).proto).read() }
    }
    pub(crate) fn set_proto(self, v: i32) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).proto).write(v) }
    }
    pub(crate) fn flags(self) -> i32 {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).flags).read() }
    }
    pub(crate) fn set_flags(self, v: i32) {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of_mut!((*self.p()).flags).write(v) }
    }
    pub(crate) fn dump_fp(self) -> *mut libc::FILE {
        // SAFETY: a valid, exclusively used handle (from_ptr); the field is accessed in place.
        unsafe { addr_of!((*self.p()).dump_fp).read() }
    }

    /// `++seq`, also stored in `dump`: the sequence number of a new dump request.
    pub(crate) fn next_dump_seq(self) -> u32 {
        let seq = self.seq().wrapping_add(1);
        self.set_seq(seq);
        self.set_dump(seq);
        seq
    }

    /// Zeroes the whole handle, as `rtnl_open*` does first.
    pub(crate) fn zero(self) {
        // SAFETY: a valid, exclusively used handle (from_ptr); all-zero bytes are a valid rtnl_handle.
        unsafe { core::ptr::write_bytes(self.p(), 0, 1) }
    }
}
