//! The dump-request helpers (spec 3.2): `rtnl_*dump_req*`, `rtnl_dump_request`,
//! `rtnl_dump_request_n`. (Being written.)
