//! Netlink attributes over byte slices: building them into a caller's bounded buffer
//! ([`build`]), walking them without leaving the given bytes ([`parse`], the reference walk),
//! `parse_rtattr`'s fast path into a table of pointers ([`table`]: the table clear and the
//! pointer walk, the one unsafe primitive here), and `nl_print_policy`'s text ([`policy`]).
//! The C functions in `ffi/attr.rs` are thin wrappers over these. Everything that depends on
//! the pointer width or byte order is here, where `cargo test --target <arch>` runs it.

pub mod build;
pub mod parse;
pub mod policy;
pub mod table;
