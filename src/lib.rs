//! rnetlink: a drop-in replacement for iproute2's libnetlink, built as a C library
//! (`librnetlink.so.0`, `librnetlink.a`) with the same symbols, layouts and behaviour.
//!
//! The protocol logic is safe Rust over byte slices; `ffi` is the thin C shell over it.
//!
//! # Floor plan
//!
//! Imports point down only, and there is no circle, between modules or between files
//! (`tools/imports.py` prints both graphs and checks them). A module uses only modules of the
//! rows below its own; inside a folder, `mod.rs` re-exports its files and they never use it.
//!
//! ```text
//! ffi/         the C shell: pointer checks and conversions, libnetlink's return values, the
//!              panic boundary (guard.rs), C callbacks as sinks, C globals (rcvbuf), the
//!              malloc'd answer, C stdio for message files, the old API generation
//!              (iproute2_v6.rs), the older generations of `-DRNETLINK_IPROUTE2_API`
//!              (compat/: old forms over the same core, old handle layouts); one file per
//!              capability, named as below
//!   |
//! dump.rs      rtnl_dump_filter*'s receive loop (socket + proto's walk), the drain
//! talk.rs      rtnl_talk*'s send and receive loop, the ACK after an echo, rtnl_send_check
//! listen.rs    rtnl_listen's receive loop, rtnl_from_file's record framing
//! genl.rs      libgenl's controller request and what is read from its reply (sans-IO)
//!   |
//! proto.rs     sans-IO: what dump, talk and listen do with one datagram; ext-ack texts
//!   |
//! socket/      every syscall on a netlink socket: the one receive path and its buffer pool
//!              (mod.rs), open/bind/close (open.rs), setsockopt (options.rs), sockets in
//!              another network namespace (netns.rs); it calls trace's hook with byte slices
//! dump_req.rs  the dump requests as iproute2 lays them out
//!   |
//! attr/        attributes over slices: build.rs (append, nests), parse.rs (the RTA_OK walk,
//!              the reference), table.rs (parse_rtattr's fast path: the table clear and the
//!              pointer walk), policy.rs (nl_print_policy's text)
//! extack.rs    ext-ack TLVs over the message bytes
//! trace/       RNETLINK_PCAP / RNETLINK_DEBUG: decode.rs, names.rs, pcap.rs (bytes in, text
//!              or bytes out), mod.rs (the environment, the table of traced sockets, the hook)
//!   |
//! wire/        kernel structs and constants, one file per UAPI header (netlink.rs, rtnetlink.rs,
//!              if_link.rs, ...)
//! macros.rs    NLMSG_*/RTA_* arithmetic
//! out.rs       the C program's stderr/stdout and errno; the Out trait the core prints through
//! ```
//!
//! # Where a C function lives
//!
//! Its shell is `src/ffi/<file>.rs` and its core the module named beside it:
//!
//! | C functions | shell | core |
//! |---|---|---|
//! | `rtnl_open*`, `rtnl_close`, `rtnl_set_strict_dump`, `rtnl_add_nl_group`, `rtnl_listen_all_nsid`, `rcvbuf` | `socket.rs` | `socket/open.rs` |
//! | `rnl_open_netns*` | `netns.rs` | `socket/netns.rs` |
//! | `rtnl_*dump_req*`, `rtnl_dump_request*` | `dump_req.rs` | `dump_req.rs`, `wire/` |
//! | `rtnl_dump_filter*` | `dump.rs` | `dump.rs`, `proto.rs` |
//! | `rtnl_talk*`, `rtnl_echo_talk`, `rtnl_send*` | `talk.rs` | `talk.rs`, `proto.rs` |
//! | `nl_dump_ext_ack*` | `extack.rs` | `extack.rs`, `proto.rs` (texts) |
//! | `rtnl_listen`, `rtnl_from_file` | `listen.rs` | `listen.rs`, `proto.rs` |
//! | `addattr*`, `addraw_l`, `rta_addattr*`, `rta_nest*` | `attr.rs` | `attr/build.rs` |
//! | `parse_rtattr*`, `__parse_rtattr_nested_compat` | `attr.rs` | `attr/table.rs`, `attr/parse.rs` |
//! | `genl_*` | `genl.rs` | `genl.rs` |
//! | `rnl_nlmsg_*`, `rnl_rta_*` (the macros as functions) | `macros.rs` | `macros.rs` |
//! | `rnl_nlmsg_fprintf` | `decode.rs` | `trace/decode.rs` |
//! | `rtnl_talk_iov`, `nl_print_policy` (iproute2 v6.1) | `iproute2_v6.rs` | `talk.rs`, `attr/policy.rs` |
//! | `rnl_version` | `version.rs` | - |
//! | `rnl_compat_*` (the older API generations, RNETLINK_0.3) | `compat/{open,talk,dump,listen,requests}.rs` | `talk.rs` (`talk_observed`), `dump.rs` (`dump_filter_entries`), `listen.rs`, `proto.rs` (`reply_in`, `messages`) |
//!
//! The types of `<libnetlink.h>` are in `ffi/types.rs`; `build.rs` lists which shell files
//! cbindgen reads for which installed header.

pub mod attr;
pub mod dump;
pub mod dump_req;
pub mod extack;
pub mod ffi;
pub mod genl;
pub mod listen;
pub mod macros;
pub mod out;
pub mod proto;
pub mod socket;
pub mod talk;
pub mod trace;
pub mod wire;

/// A small deterministic generator (xorshift64) for the randomised unit tests.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
