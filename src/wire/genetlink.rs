//! `<linux/genetlink.h>`: the generic netlink header size and the controller's message type,
//! commands and attributes that `genl_*` use.

/// `GENL_HDRLEN`: `struct genlmsghdr` (cmd, version, reserved), aligned.
pub const GENL_HDRLEN: usize = 4;
/// `GENL_ID_CTRL`: the controller's message type.
pub const GENL_ID_CTRL: u16 = 0x10;
pub const CTRL_CMD_NEWFAMILY: u8 = 1;
pub const CTRL_CMD_GETFAMILY: u8 = 3;
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
pub const CTRL_ATTR_MCAST_GROUPS: u16 = 7;
pub const CTRL_ATTR_MCAST_GRP_NAME: u16 = 1;
pub const CTRL_ATTR_MCAST_GRP_ID: u16 = 2;
