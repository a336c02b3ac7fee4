//! The C shell: every `extern "C"` symbol lives below this module, one file per capability
//! (the crate doc's table says which file holds which C function, and which core module does
//! its work). The functions here only check pointers, turn them into slices, call the core
//! and map its results to libnetlink's return conventions; what is C-specific stays here: the
//! caller's callbacks wrapped as the core's sinks, the `malloc` copy a caller frees, C stdio
//! streams, the `rcvbuf` global. `guard` holds the panic boundary, `errors` the `EINVAL`
//! answer to a bad argument, `handle` the field access to the caller's `struct rtnl_handle`,
//! `compat` the entry points of the older API generations (`-DRNETLINK_IPROUTE2_API`).
//! Nothing below this module imports from it.
//!
//! build.rs lists which of these files cbindgen reads for which installed header.

pub mod attr;
pub mod compat;
pub mod decode;
pub mod dump;
pub mod dump_req;
pub(crate) mod errors;
pub mod extack;
pub mod genl;
pub(crate) mod guard;
pub(crate) mod handle;
pub mod iproute2_v6;
mod json;
pub mod listen;
pub mod macros;
pub mod netns;
pub mod socket;
pub mod talk;
pub mod types;
pub mod version;
