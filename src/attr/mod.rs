//! Netlink attributes over byte slices: building them into a caller's bounded buffer
//! ([`build`]) and walking them without leaving the given bytes ([`parse`]).
//! The C functions in `ffi/attr.rs` are thin wrappers over these.

pub mod build;
pub mod parse;
pub mod policy;
pub mod table;
