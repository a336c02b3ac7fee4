//! Generic netlink helpers of iproute2's libgenl (spec 7): `genl_resolve_family`,
//! `genl_add_mcast_grp`, `genl_init_handle`, built on `rtnl_talk`.

use crate::attr::build::append_attr;
use crate::attr::parse;
use crate::ffi::guard::catch;
use crate::ffi::socket::{rtnl_add_nl_group, rtnl_open_byproto};
use crate::ffi::stdio::{c_eprint, einval, set_errno};
use crate::ffi::talk::rtnl_talk;
use crate::ffi::types::rtnl_handle;
use crate::proto::Hdr;
use crate::wire::{__u16, nlmsghdr, NLMSG_HDRLEN, RTA_HDRLEN};
use core::ffi::{c_char, c_int, CStr};

// <linux/genetlink.h>
const GENL_ID_CTRL: u16 = 0x10;
const GENL_HDRLEN: usize = 4;
const CTRL_CMD_NEWFAMILY: u8 = 1;
const CTRL_CMD_GETFAMILY: u8 = 3;
const CTRL_ATTR_FAMILY_ID: u16 = 1;
const CTRL_ATTR_FAMILY_NAME: u16 = 2;
const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;
const NLM_F_REQUEST: u16 = 1;
const NLA_F_NESTED: u16 = 0x8000;

/// A CTRL_CMD_GETFAMILY request with one attribute, as `GENL_REQUEST(req, 1024, …)` builds.
#[repr(C, align(4))]
struct Request([u8; NLMSG_HDRLEN + GENL_HDRLEN + 1024]);

fn getfamily_request(ty: u16, value: &[u8]) -> Request {
    let mut req = Request([0; NLMSG_HDRLEN + GENL_HDRLEN + 1024]);
    let b = &mut req.0;
    b[0..4].copy_from_slice(&((NLMSG_HDRLEN + GENL_HDRLEN) as u32).to_ne_bytes());
    b[4..6].copy_from_slice(&GENL_ID_CTRL.to_ne_bytes());
    b[6..8].copy_from_slice(&NLM_F_REQUEST.to_ne_bytes());
    b[NLMSG_HDRLEN] = CTRL_CMD_GETFAMILY;
    let end = append_attr(b, (NLMSG_HDRLEN + GENL_HDRLEN) as u32, ty, value).unwrap_or(0);
    b[0..4].copy_from_slice(&end.to_ne_bytes());
    req
}

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

/// Checks that `reply` is a CTRL_CMD_NEWFAMILY from the controller and returns its
/// attributes, printing why not otherwise.
fn controller_attrs(reply: &[u8]) -> Option<&[u8]> {
    let h = Hdr::read(reply, 0);
    if h.ty != GENL_ID_CTRL {
        c_eprint!("Not a controller message, nlmsg_len={} nlmsg_type=0x{:x}\n", h.len as i32, h.ty);
        return None;
    }
    let len = h.len as i64 - (NLMSG_HDRLEN + GENL_HDRLEN) as i64;
    if len < 0 {
        c_eprint!("wrong controller message len {len}\n");
        return None;
    }
    let cmd = reply[NLMSG_HDRLEN];
    if cmd != CTRL_CMD_NEWFAMILY {
        c_eprint!("Unknown controller command {cmd}\n");
        return None;
    }
    Some(&reply[NLMSG_HDRLEN + GENL_HDRLEN..])
}

/// The payload of the first attribute of type `ty` (NLA_F_NESTED ignored) in `attrs`.
fn find(attrs: &[u8], ty: u16) -> Option<&[u8]> {
    let mut found = None;
    let _ = parse::walk(attrs, attrs.len() as i32, |at, len, t| {
        if t & !NLA_F_NESTED == ty {
            found = Some(&attrs[at + RTA_HDRLEN..at + len as usize]);
            return false;
        }
        true
    });
    found
}

fn u16_of(payload: &[u8]) -> Option<u16> {
    Some(u16::from_ne_bytes(payload.get(..2)?.try_into().ok()?))
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
        if name.len() > 1000 {
            return einval(-1);
        }
        ask_controller(grth, getfamily_request(CTRL_ATTR_FAMILY_NAME, name), |reply| {
            let Some(attrs) = controller_attrs(reply) else { return -1 };
            match find(attrs, CTRL_ATTR_FAMILY_ID).and_then(u16_of) {
                Some(id) => id as c_int,
                None => {
                    c_eprint!("Missing family id TLV\n");
                    -1
                }
            }
        })
    })
}

/// Joins the multicast group named `group` of family `genl_family`. The result of
/// `rtnl_add_nl_group`, -1 with errno EINVAL (no group list in the reply) or ENOENT (no such
/// group), or -2 if talking to the kernel fails.
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
        let req = getfamily_request(CTRL_ATTR_FAMILY_ID, &genl_family.to_ne_bytes());
        let mut id = None;
        let r = ask_controller(grth, req, |reply| {
            let Some(groups) = controller_attrs(reply).and_then(|a| find(a, CTRL_ATTR_MCAST_GROUPS)) else {
                set_errno(libc::EINVAL);
                return -1;
            };
            let _ = parse::walk(groups, groups.len() as i32, |at, len, _| {
                let grp = &groups[at + RTA_HDRLEN..at + len as usize];
                let name = find(grp, CTRL_ATTR_MCAST_GRP_NAME).map(|n| n.split(|&c| c == 0).next().unwrap_or(n));
                if name == Some(wanted) {
                    id = find(grp, CTRL_ATTR_MCAST_GRP_ID).and_then(|p| Some(u32::from_ne_bytes(p.get(..4)?.try_into().ok()?)));
                    return false;
                }
                true
            });
            0
        });
        if r != 0 {
            return r;
        }
        match id {
            // SAFETY: the caller's handle.
            Some(id) => unsafe { rtnl_add_nl_group(grth, id) },
            None => {
                set_errno(libc::ENOENT);
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
