//! Generic netlink helpers of iproute2's libgenl (spec 7): `genl_resolve_family`,
//! `genl_add_mcast_grp`, `genl_init_handle`. The request and the reading of the controller's
//! reply are `crate::genl`'s; this shell sends the request with `rtnl_talk` and maps the
//! results to libgenl's return values.

use crate::ffi::errors::einval;
use crate::ffi::guard::catch;
use crate::ffi::socket::{rtnl_add_nl_group, rtnl_open_byproto};
use crate::ffi::talk::rtnl_talk;
use crate::ffi::types::rtnl_handle;
use crate::genl::{find_group, getfamily_request, parse_getfamily, Group, Request};
use crate::out::{c_eprint, set_errno, CStdio};
use crate::wire::genetlink::{CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME};
use crate::wire::{__u16, nlmsghdr};
use core::ffi::{c_char, c_int, CStr};

/// Sends a GETFAMILY request and hands the reply message to `parse`. -2 (after
/// `Error talking to the kernel`) if the talk fails.
fn ask_controller(grth: *mut rtnl_handle, mut req: Request, parse: impl FnOnce(&[u8]) -> c_int) -> c_int {
    let mut answer: *mut nlmsghdr = core::ptr::null_mut();
    // SAFETY: `req` is a complete message of its nlmsg_len bytes; the handle is the caller's.
    if unsafe { rtnl_talk(grth, req.0.as_mut_ptr().cast(), &mut answer) } < 0 {
        c_eprint!("Error talking to the kernel\n");
        return -2;
    }
    // SAFETY: rtnl_talk succeeded, so `answer` is a malloc'd copy of the reply datagram whose
    // first message is the reply; its nlmsg_len was checked against the datagram.
    let reply = unsafe { core::slice::from_raw_parts(answer.cast::<u8>(), (*answer).nlmsg_len as usize) };
    let r = parse(reply);
    // SAFETY: allocated by rtnl_talk with malloc; ours to free.
    unsafe { libc::free(answer.cast()) };
    r
}

/// Looks up the id of generic netlink family `family`. The id, -1 if the reply lacks it
/// (with the reason printed), or -2 if talking to the kernel fails.
///
/// # Safety
/// `grth` is an open NETLINK_GENERIC handle; `family` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn genl_resolve_family(grth: *mut rtnl_handle, family: *const c_char) -> c_int {
    catch(-1, || {
        if family.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL and NUL-terminated by contract.
        let name = unsafe { CStr::from_ptr(family) }.to_bytes_with_nul();
        ask_controller(grth, getfamily_request(CTRL_ATTR_FAMILY_NAME, name, &mut CStdio), |reply| parse_getfamily(reply, &mut CStdio))
    })
}

/// Joins the multicast group named `group` of family `genl_family`. The result of
/// `rtnl_add_nl_group`; -1 with errno EINVAL (not a controller reply), or ENOENT (no group
/// list in the reply: `Missing mcast groups TLV` printed; or no such group); or -2 if talking
/// to the kernel fails.
///
/// # Safety
/// As `genl_resolve_family`; `group` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn genl_add_mcast_grp(grth: *mut rtnl_handle, genl_family: __u16, group: *const c_char) -> c_int {
    catch(-1, || {
        if group.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL and NUL-terminated by contract.
        let wanted = unsafe { CStr::from_ptr(group) }.to_bytes();
        let req = getfamily_request(CTRL_ATTR_FAMILY_ID, &genl_family.to_ne_bytes(), &mut CStdio);
        let mut found = Group::Fail(libc::ENOENT);
        let r = ask_controller(grth, req, |reply| {
            found = find_group(reply, wanted, &mut CStdio);
            0
        });
        if r != 0 {
            return r;
        }
        match found {
            // SAFETY: the caller's handle.
            Group::Id(id) => unsafe { rtnl_add_nl_group(grth, id) },
            Group::Fail(e) => {
                set_errno(e);
                -1
            }
        }
    })
}

/// Unless `*genl_family` is already >= 0, opens `grth` as a NETLINK_GENERIC handle and
/// resolves `family` into `*genl_family`. 0, or -1 (`Cannot open generic netlink socket`, or
/// the family could not be resolved).
///
/// # Safety
/// `grth` is a writable handle; `family` as in `genl_resolve_family`; `genl_family` is NULL or
/// a writable int.
#[no_mangle]
pub unsafe extern "C" fn genl_init_handle(grth: *mut rtnl_handle, family: *const c_char, genl_family: *mut c_int) -> c_int {
    catch(-1, || {
        if genl_family.is_null() {
            return einval(-1);
        }
        // SAFETY: non-NULL int of the caller's.
        if unsafe { genl_family.read() } >= 0 {
            return 0;
        }
        // SAFETY: the caller's handle.
        if unsafe { rtnl_open_byproto(grth, 0, libc::NETLINK_GENERIC) } < 0 {
            c_eprint!("Cannot open generic netlink socket\n");
            return -1;
        }
        // SAFETY: forwarded contract.
        let id = unsafe { genl_resolve_family(grth, family) };
        // SAFETY: as above.
        unsafe { genl_family.write(id) };
        if id < 0 {
            -1
        } else {
            0
        }
    })
}
