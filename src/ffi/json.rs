//! The C shim `csrc/echo_json.c`: the program's JSON functions, reached through weak
//! references (see that file). Kept out of cbindgen's sources: these are internal symbols.

use core::ffi::c_int;

extern "C" {
    /// Calls `new_json_obj(json)` and `open_json_object(NULL)` if the program defines all
    /// four JSON functions; returns whether it did.
    pub(crate) fn rnetlink_internal_json_begin(json: c_int) -> c_int;
    /// `close_json_object()` and `delete_json_obj()`; only after a successful begin.
    pub(crate) fn rnetlink_internal_json_end();
}
