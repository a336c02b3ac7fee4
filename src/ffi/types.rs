//! The types, typedefs and constants of iproute2 v7.1's `<libnetlink.h>` (spec sections
//! 2.3-2.5 and 2.7), with their exact C layouts. cbindgen turns this file into the type part
//! of `include/libnetlink.h`; `ctests/layout.c` checks every size and offset from C.
#![allow(non_camel_case_types)]

use crate::wire::{__u16, __u32, if_stats_msg, nlmsghdr};
use core::ffi::{c_char, c_int, c_void};
use libc::{sockaddr_nl, FILE};

/// `rth->flags`: set by `rtnl_listen_all_nsid()`.
pub const RTNL_HANDLE_F_LISTEN_ALL_NSID: c_int = 0x01;
/// `rth->flags`: callers set it to stop dump filtering from printing NLMSG_ERROR errors.
pub const RTNL_HANDLE_F_SUPPRESS_NLERR: c_int = 0x02;
/// `rth->flags`: set by `rtnl_set_strict_dump()` when the kernel accepted strict checking.
pub const RTNL_HANDLE_F_STRICT_CHK: c_int = 0x04;

/// The caller-owned netlink handle. The library keeps no other per-handle state and reads
/// every field afresh on each call, because callers read and write them directly.
#[repr(C)]
pub struct rtnl_handle {
    pub fd: c_int,
    pub local: sockaddr_nl,
    pub peer: sockaddr_nl,
    pub seq: __u32,
    pub dump: __u32,
    pub proto: c_int,
    pub dump_fp: *mut FILE,
    pub flags: c_int,
}

/// A received message kept in a list (used by `ip/ipaddress.c`, not by the library).
#[repr(C)]
pub struct nlmsg_list {
    pub next: *mut nlmsg_list,
    pub h: nlmsghdr,
}

/// Head and tail of a [`nlmsg_list`] chain (not used by the library).
#[repr(C)]
pub struct nlmsg_chain {
    pub head: *mut nlmsg_list,
    pub tail: *mut nlmsg_list,
}

/// The RTM_GETSTATS request that `rtnl_statsdump_req_filter` builds and hands to its filter.
#[repr(C)]
pub struct ipstats_req {
    pub nlh: nlmsghdr,
    pub ifsm: if_stats_msg,
    pub buf: [c_char; 128],
}

/// Per-message data passed to listen handlers.
#[repr(C)]
pub struct rtnl_ctrl_data {
    pub nsid: c_int,
}

/// Called by the `*dump_req*` helpers on the built request; `reqlen` is the size of the whole
/// request buffer. A non-zero return is returned at once and nothing is sent.
pub type req_filter_fn_t = Option<unsafe extern "C" fn(nlh: *mut nlmsghdr, reqlen: c_int) -> c_int>;
/// Dump callback: `< 0` aborts the dump with that value.
pub type rtnl_filter_t = Option<unsafe extern "C" fn(n: *mut nlmsghdr, arg: *mut c_void) -> c_int>;
/// Dump error handler: returns a mask of the `RTNL_*NLERR` bits.
pub type rtnl_err_hndlr_t = Option<unsafe extern "C" fn(n: *mut nlmsghdr, arg: *mut c_void) -> c_int>;
/// Listen/file handler: `< 0` stops and is returned.
pub type rtnl_listen_filter_t =
    Option<unsafe extern "C" fn(ctrl: *mut rtnl_ctrl_data, n: *mut nlmsghdr, arg: *mut c_void) -> c_int>;
/// Optional extended-ACK callback of `nl_dump_ext_ack`.
pub type nl_ext_ack_fn_t =
    Option<unsafe extern "C" fn(errmsg: *const c_char, off: u32, inner_nlh: *const nlmsghdr) -> c_int>;

/// One entry of a dump-filter list (public in the header, used only inside the library).
#[repr(C)]
pub struct rtnl_dump_filter_arg {
    pub filter: rtnl_filter_t,
    pub arg1: *mut c_void,
    pub errhndlr: rtnl_err_hndlr_t,
    pub arg2: *mut c_void,
    pub nc_flags: __u16,
}

/// Error-handler result: let the library treat the error as usual.
pub const RTNL_LET_NLERR: c_int = 0x01;
/// Error-handler result: an error in NLMSG_DONE ends the dump successfully.
pub const RTNL_SUPPRESS_NLMSG_DONE_NLERR: c_int = 0x02;
/// Error-handler result: skip this NLMSG_ERROR and go on with the dump.
pub const RTNL_SUPPRESS_NLMSG_ERROR_NLERR: c_int = 0x04;
/// Both suppress bits.
pub const RTNL_SUPPRESS_NLERR: c_int = 0x06;

/// A user-defined `nlmsg_type` for timestamp records in monitor files (two `__u32`:
/// seconds and microseconds). The library passes it through without interpreting it.
pub const NLMSG_TSTAMP: c_int = 15;

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, offset_of, size_of};

    /// The spec's layouts on this target: LP64 (x86-64, aarch64, s390x, ...) or ILP32 (i386,
    /// armv7, ...), where the pointers are 4 bytes and 4-aligned. `ctests/layout.c` checks the
    /// same numbers from C.
    #[test]
    fn layouts_match_the_spec() {
        let lp64 = size_of::<*mut c_void>() == 8;
        assert_eq!(size_of::<*mut c_void>(), if lp64 { 8 } else { 4 });
        assert_eq!(offset_of!(rtnl_handle, local), 4);
        assert_eq!(offset_of!(rtnl_handle, peer), 16);
        assert_eq!(offset_of!(rtnl_handle, seq), 28);
        assert_eq!(offset_of!(rtnl_handle, dump), 32);
        assert_eq!(offset_of!(rtnl_handle, proto), 36);
        assert_eq!(offset_of!(rtnl_handle, dump_fp), 40);
        assert_eq!(offset_of!(rtnl_handle, flags), if lp64 { 48 } else { 44 });
        assert_eq!((size_of::<rtnl_handle>(), align_of::<rtnl_handle>()), if lp64 { (56, 8) } else { (48, 4) });
        assert_eq!((size_of::<nlmsg_list>(), offset_of!(nlmsg_list, h)), if lp64 { (24, 8) } else { (20, 4) });
        assert_eq!(size_of::<nlmsg_chain>(), if lp64 { 16 } else { 8 });
        assert_eq!((size_of::<ipstats_req>(), align_of::<ipstats_req>()), (156, 4));
        assert_eq!(size_of::<rtnl_ctrl_data>(), 4);
        assert_eq!(offset_of!(rtnl_dump_filter_arg, errhndlr), if lp64 { 16 } else { 8 });
        assert_eq!(offset_of!(rtnl_dump_filter_arg, nc_flags), if lp64 { 32 } else { 16 });
        assert_eq!(size_of::<rtnl_dump_filter_arg>(), if lp64 { 40 } else { 20 });
    }
}
