//! rnetlink: a drop-in replacement for iproute2's libnetlink, built as a C library
//! (`librnetlink.so.0`, `librnetlink.a`) with the same symbols, layouts and behaviour.
//!
//! The protocol logic is safe Rust over byte slices; `ffi` is the thin C shell over it.

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
