//! The C shell: every `extern "C"` symbol lives below this module, one file per capability.
//! The functions here only check pointers, turn them into slices, call the safe core and map
//! its results to libnetlink's return conventions. `guard` holds the panic boundary.
//!
//! build.rs lists which of these files cbindgen reads for which installed header.

pub mod attr;
pub mod dump;
pub mod dump_req;
pub mod decode;
pub(crate) mod errors;
pub mod extack;
pub mod genl;
pub mod iproute2_v6;
pub(crate) mod guard;
pub(crate) mod handle;
mod json;
pub mod listen;
pub mod socket;
pub mod talk;
pub mod macros;
pub mod netns;
pub mod types;
pub mod version;
