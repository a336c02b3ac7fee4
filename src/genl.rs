//! The generic netlink controller conversation behind libgenl's `genl_resolve_family` and
//! `genl_add_mcast_grp` (spec 7): the CTRL_CMD_GETFAMILY request, and what iproute2 reads out
//! of the controller's reply (the family id, a multicast group's id), with its texts. Sans-IO:
//! the C shell (`ffi/genl.rs`) sends the request with `rtnl_talk` and hands the reply here.

use crate::attr::build::append_attr;
use crate::attr::parse;
use crate::out::Out;
use crate::proto::Hdr;
use crate::wire::genetlink::{
    CTRL_ATTR_FAMILY_ID, CTRL_ATTR_MCAST_GROUPS, CTRL_ATTR_MCAST_GRP_ID, CTRL_ATTR_MCAST_GRP_NAME,
    CTRL_CMD_GETFAMILY, CTRL_CMD_NEWFAMILY, GENL_HDRLEN, GENL_ID_CTRL,
};
use crate::wire::netlink::NLM_F_REQUEST;
use crate::wire::{NLA_F_NESTED, NLMSG_HDRLEN, RTA_HDRLEN};
use core::ffi::c_int;

/// A CTRL_CMD_GETFAMILY request with one attribute, as `GENL_REQUEST(req, 1024, …)` builds:
/// the message at the start of these bytes, 4-byte aligned as a `struct nlmsghdr` needs.
#[repr(C, align(4))]
pub struct Request(pub [u8; NLMSG_HDRLEN + GENL_HDRLEN + 1024]);

/// The request asking for attribute `ty` = `value`; an attribute that does not fit is left
/// out after `addattr_l`'s text, as iproute2 does (the kernel then refuses the request).
pub fn getfamily_request(ty: u16, value: &[u8], out: &mut impl Out) -> Request {
    let mut req = Request([0; NLMSG_HDRLEN + GENL_HDRLEN + 1024]);
    let b = &mut req.0;
    let bound = b.len();
    let start = (NLMSG_HDRLEN + GENL_HDRLEN) as u32;
    b[0..4].copy_from_slice(&start.to_ne_bytes());
    b[4..6].copy_from_slice(&GENL_ID_CTRL.to_ne_bytes());
    b[6..8].copy_from_slice(&NLM_F_REQUEST.to_ne_bytes());
    b[NLMSG_HDRLEN] = CTRL_CMD_GETFAMILY;
    let end = append_attr(b, start, ty, value).unwrap_or_else(|_| {
        out.print(format_args!("addattr_l ERROR: message exceeded bound of {bound}\n"));
        start
    });
    b[0..4].copy_from_slice(&end.to_ne_bytes());
    req
}

/// `parse_rtattr(tb, …, attrs, len)` with NLA_F_NESTED masked out of the type or not: the
/// payload of the first attribute of type `ty`, and the walk's `!!!Deficit` printed.
fn parse_find<'a>(attrs: &'a [u8], ty: u16, mask_nested: bool, out: &mut impl Out) -> Option<&'a [u8]> {
    let mut tb = [usize::MAX; 16];
    let flags = if mask_nested { NLA_F_NESTED } else { 0 };
    if let Some(d) = parse::parse_into(attrs, attrs.len() as i32, flags, &mut tb, usize::MAX, |at| at) {
        out.print(format_args!("!!!Deficit {}, rta_len={}\n", d.len, d.rta_len.unwrap_or(0)));
    }
    let at = *tb.get(ty as usize)?;
    if at == usize::MAX {
        return None;
    }
    let len = u16::from_ne_bytes([attrs[at], attrs[at + 1]]) as usize;
    Some(&attrs[at + RTA_HDRLEN..at + len])
}

/// `rta_getattr_u16`/`_u32` of a payload: iproute2 reads the value whatever the payload's
/// length; here the bytes after a short payload are those of `rest` (the rest of the
/// message) as far as it goes, then zeros: nothing outside the reply is read.
fn value<const N: usize>(payload: &[u8], rest: &[u8]) -> [u8; N] {
    let mut v = [0u8; N];
    for (i, b) in v.iter_mut().enumerate() {
        *b = payload.get(i).or_else(|| rest.get(i - payload.len())).copied().unwrap_or(0);
    }
    v
}

/// The bytes of `msg` after the sub-slice `part` (both from one reply).
fn after<'a>(msg: &'a [u8], part: &[u8]) -> &'a [u8] {
    let end = (part.as_ptr() as usize + part.len()).saturating_sub(msg.as_ptr() as usize);
    msg.get(end..).unwrap_or(&[])
}

/// `genl_parse_getfamily`: the family id of a CTRL_CMD_NEWFAMILY reply, or -1 with the reason
/// printed.
pub fn parse_getfamily(reply: &[u8], out: &mut impl Out) -> c_int {
    let h = Hdr::read(reply, 0);
    if h.ty != GENL_ID_CTRL {
        out.print(format_args!("Not a controller message, nlmsg_len={} nlmsg_type=0x{:x}\n", h.len as i32, h.ty));
        return -1;
    }
    let len = h.len as i64 - (NLMSG_HDRLEN + GENL_HDRLEN) as i64;
    if len < 0 {
        out.print(format_args!("wrong controller message len {len}\n"));
        return -1;
    }
    let cmd = reply[NLMSG_HDRLEN];
    if cmd != CTRL_CMD_NEWFAMILY {
        out.print(format_args!("Unknown controller command {cmd}\n"));
        return -1;
    }
    let attrs = &reply[NLMSG_HDRLEN + GENL_HDRLEN..];
    match parse_find(attrs, CTRL_ATTR_FAMILY_ID, false, out) {
        Some(id) => u16::from_ne_bytes(value(id, after(reply, id))) as c_int,
        None => {
            out.print(format_args!("Missing family id TLV\n"));
            -1
        }
    }
}

/// What `genl_add_mcast_grp` found in the reply about `wanted`.
#[derive(Debug, PartialEq, Eq)]
pub enum Group {
    Id(u32),
    /// -1 with this errno.
    Fail(i32),
}

/// The id of the multicast group named `wanted` in a GETFAMILY reply, as iproute2's
/// `genl_add_mcast_grp` finds it: the reply's type and length are checked silently (EINVAL), a
/// reply without CTRL_ATTR_MCAST_GROUPS prints `Missing mcast groups TLV` (ENOENT), and the
/// first group that has both a name and an id and whose name is `wanted` wins (else ENOENT).
pub fn find_group(reply: &[u8], wanted: &[u8], out: &mut impl Out) -> Group {
    let h = Hdr::read(reply, 0);
    if h.ty != GENL_ID_CTRL || (h.len as i64) < (NLMSG_HDRLEN + GENL_HDRLEN) as i64 {
        return Group::Fail(libc::EINVAL);
    }
    let attrs = &reply[NLMSG_HDRLEN + GENL_HDRLEN..];
    let Some(groups) = parse_find(attrs, CTRL_ATTR_MCAST_GROUPS, false, out) else {
        out.print(format_args!("Missing mcast groups TLV\n"));
        return Group::Fail(libc::ENOENT);
    };
    let mut found = None;
    // rtattr_for_each_nested: no deficit text for the list itself.
    let _ = parse::walk(groups, groups.len() as i32, |at, len, _| {
        let grp = &groups[at + RTA_HDRLEN..at + len as usize];
        let name = parse_find(grp, CTRL_ATTR_MCAST_GRP_NAME, true, out);
        let id = parse_find(grp, CTRL_ATTR_MCAST_GRP_ID, true, out);
        if let (Some(name), Some(id)) = (name, id) {
            // strcmp with the attribute's string (up to its NUL, inside the reply).
            let rest = after(reply, name);
            let full = if name.contains(&0) { name } else { &reply[reply.len() - rest.len() - name.len()..] };
            if full.split(|&c| c == 0).next() == Some(wanted) {
                found = Some(u32::from_ne_bytes(value(id, after(reply, id))));
                return false;
            }
        }
        true
    });
    match found {
        Some(id) => Group::Id(id),
        None => Group::Fail(libc::ENOENT),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::genetlink::CTRL_ATTR_FAMILY_NAME;
    use core::fmt;

    #[derive(Default)]
    struct Text(String, i32);
    impl Out for Text {
        fn print(&mut self, args: fmt::Arguments<'_>) {
            self.0.push_str(&args.to_string());
        }
        fn set_errno(&mut self, e: i32) {
            self.1 = e;
        }
        fn errno(&self) -> i32 {
            self.1
        }
        fn perror(&mut self, prefix: &str) {
            self.0.push_str(prefix);
        }
    }

    fn attr(ty: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = ((RTA_HDRLEN + payload.len()) as u16).to_ne_bytes().to_vec();
        v.extend_from_slice(&ty.to_ne_bytes());
        v.extend_from_slice(payload);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        v
    }

    fn reply(ty: u16, cmd: u8, attrs: &[u8]) -> Vec<u8> {
        let mut m = ((NLMSG_HDRLEN + GENL_HDRLEN + attrs.len()) as u32).to_ne_bytes().to_vec();
        m.extend_from_slice(&ty.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(&[cmd, 2, 0, 0]);
        m.extend_from_slice(attrs);
        m
    }

    fn family(r: &[u8]) -> (c_int, String) {
        let mut t = Text::default();
        (parse_getfamily(r, &mut t), t.0)
    }

    #[test]
    fn getfamily_texts_are_iproute2s() {
        let id = attr(CTRL_ATTR_FAMILY_ID, &0x1234u16.to_ne_bytes());
        assert_eq!(family(&reply(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, &id)), (0x1234, String::new()));
        assert_eq!(family(&reply(0x11, 1, &id)), (-1, "Not a controller message, nlmsg_len=28 nlmsg_type=0x11\n".into()));
        let mut short = reply(GENL_ID_CTRL, 1, &[]);
        short[0..4].copy_from_slice(&16u32.to_ne_bytes());
        assert_eq!(family(&short), (-1, "wrong controller message len -4\n".into()));
        assert_eq!(family(&reply(GENL_ID_CTRL, 7, &id)), (-1, "Unknown controller command 7\n".into()));
        let name = attr(CTRL_ATTR_FAMILY_NAME, b"x\0");
        assert_eq!(family(&reply(GENL_ID_CTRL, 1, &name)), (-1, "Missing family id TLV\n".into()));
        // parse_rtattr does not mask NLA_F_NESTED at the top level: a nested-flagged id is
        // not the id.
        let nested = attr(CTRL_ATTR_FAMILY_ID | NLA_F_NESTED, &5u16.to_ne_bytes());
        assert_eq!(family(&reply(GENL_ID_CTRL, 1, &nested)), (-1, "Missing family id TLV\n".into()));
        // Leftovers: the deficit text, and the id still found.
        let mut tail = id.clone();
        tail.extend_from_slice(&40u16.to_ne_bytes());
        tail.extend_from_slice(&1u16.to_ne_bytes());
        assert_eq!(family(&reply(GENL_ID_CTRL, 1, &tail)), (0x1234, "!!!Deficit 4, rta_len=40\n".into()));
        // A short id attribute is read on into the message (as iproute2 does), never past it:
        // its one byte and a zero for the byte beyond, as a host-order u16.
        let mut one = attr(CTRL_ATTR_FAMILY_ID, &[0x34]);
        one[0..2].copy_from_slice(&5u16.to_ne_bytes());
        let r = reply(GENL_ID_CTRL, 1, &one[..5]);
        let id = u16::from_ne_bytes([0x34, 0]) as c_int;
        assert_eq!(family(&r), (id, "!!!Deficit -3, rta_len=0\n".into()));
    }

    fn group(r: &[u8], name: &[u8]) -> (Group, String) {
        let mut t = Text::default();
        (find_group(r, name, &mut t), t.0)
    }

    #[test]
    fn mcast_group_rules_are_iproute2s() {
        let grp = |name: &[u8], id: Option<u32>| {
            let mut a = attr(CTRL_ATTR_MCAST_GRP_NAME | NLA_F_NESTED, name);
            if let Some(id) = id {
                a.extend(attr(CTRL_ATTR_MCAST_GRP_ID, &id.to_ne_bytes()));
            }
            a
        };
        let list = |groups: &[Vec<u8>]| {
            let inner: Vec<u8> = groups.iter().enumerate().flat_map(|(i, g)| attr(i as u16 + 1, g)).collect();
            attr(CTRL_ATTR_MCAST_GROUPS | NLA_F_NESTED, &inner)
        };
        // Silent EINVAL for a reply that is not the controller's; no cmd check.
        assert_eq!(group(&reply(0x11, 1, &[]), b"a"), (Group::Fail(libc::EINVAL), String::new()));
        let mut short = reply(GENL_ID_CTRL, 1, &[]);
        short[0..4].copy_from_slice(&16u32.to_ne_bytes());
        assert_eq!(group(&short, b"a"), (Group::Fail(libc::EINVAL), String::new()));
        // No list: ENOENT and the text.
        assert_eq!(group(&reply(GENL_ID_CTRL, 1, &[]), b"a"), (Group::Fail(libc::ENOENT), "Missing mcast groups TLV\n".into()));
        // The list attribute carries NLA_F_NESTED: parse_rtattr does not mask it.
        let l = list(&[grp(b"notify\0", Some(9))]);
        assert_eq!(group(&reply(GENL_ID_CTRL, 99, &l), b"notify"), (Group::Fail(libc::ENOENT), "Missing mcast groups TLV\n".into()));
        let mut plain = l.clone();
        plain[2..4].copy_from_slice(&CTRL_ATTR_MCAST_GROUPS.to_ne_bytes());
        assert_eq!(group(&reply(GENL_ID_CTRL, 99, &plain), b"notify"), (Group::Id(9), String::new()));
        // A group named right but without an id is passed over for a later one.
        let mut l = list(&[grp(b"a\0", None), grp(b"a\0", Some(4))]);
        l[2..4].copy_from_slice(&CTRL_ATTR_MCAST_GROUPS.to_ne_bytes());
        assert_eq!(group(&reply(GENL_ID_CTRL, 1, &l), b"a"), (Group::Id(4), String::new()));
        assert_eq!(group(&reply(GENL_ID_CTRL, 1, &l), b"b"), (Group::Fail(libc::ENOENT), String::new()));
    }
}
