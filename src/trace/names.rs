//! The kernel's names for netlink constants, as data: one row per constant, read from the UAPI
//! headers (`<linux/netlink.h>`, `<linux/rtnetlink.h>`, `<linux/if_link.h>`, …). Attribute
//! tables are indexed by the attribute type and say how to format each value.

/// A constant's name, stored inline. The tables hold no pointers to their names: in the
/// shared library each pointer would be a load-time relocation (about 900 of them, some 13,000
/// instructions at every program start, tracing or not).
#[derive(Clone, Copy)]
pub struct Name {
    len: u8,
    bytes: [u8; NAME_MAX],
}

/// The longest name a table holds.
pub const NAME_MAX: usize = 39;

/// A [`Name`] from a literal (at compile time; a longer one does not compile).
pub const fn n(s: &str) -> Name {
    let b = s.as_bytes();
    assert!(b.len() <= NAME_MAX);
    let mut bytes = [0u8; NAME_MAX];
    let mut i = 0;
    while i < b.len() {
        bytes[i] = b[i];
        i += 1;
    }
    Name { len: b.len() as u8, bytes }
}

impl Name {
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("?")
    }
}

/// How an attribute's payload is shown.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Unknown or opaque: hex bytes.
    Hex,
    U8,
    U16,
    U32,
    U64,
    S32,
    /// Network byte order (ports, labels).
    Be16,
    Be32,
    Be64,
    /// A string, up to its first NUL.
    Str,
    /// A network address of the family header's family (`10.0.0.1`, `fe80::1`).
    Addr,
    /// A link-layer address (`00:11:22:33:44:55`).
    Mac,
    /// A zero-length flag attribute.
    Flag,
    /// A u32 whose bits have names.
    Bits32(&'static [(u32, Name)]),
    /// A u8, u16 or u32 (by its length) with named values.
    Enum8(&'static [(u32, Name)]),
    /// Consecutive u32 fields with these names.
    Struct32(&'static [Name]),
    /// Consecutive u64 fields with these names.
    Struct64(&'static [Name]),
    /// Nested attributes of this space.
    Nest(&'static Space),
    /// A nest of nests numbered 1, 2, …, each holding attributes of this space.
    NestArray(&'static Space),
    /// `IFLA_AF_SPEC`: nests named by address family.
    AfSpec,
    /// `IFLA_LINKINFO`: the kind's data is decoded when the kind is known.
    LinkInfo,
    /// `RTA_MULTIPATH`: `struct rtnexthop` records, each with route attributes.
    Multipath,
    /// `RTA_VIA`: `struct rtvia` (a family and an address).
    Via,
    /// Two u32 (`start-end`).
    Range32,
    /// Two u16 (`start-end`).
    Range16,
    /// `NHA_GROUP`: `struct nexthop_grp` records.
    NhGroup,
    /// `VETH_INFO_PEER`: a `struct ifinfomsg` and link attributes.
    VethPeer,
}

/// An attribute space: the prefix shown for unknown types, and the known types in order.
pub struct Space {
    pub prefix: &'static str,
    pub attrs: &'static [(Name, Kind)],
}

impl Space {
    pub fn get(&'static self, ty: u16) -> Option<(&'static str, Kind)> {
        self.attrs.get(ty as usize).map(|(n, k)| (n.as_str(), *k)).filter(|(n, _)| !n.is_empty())
    }
}

use Kind::*;

pub fn lookup(table: &'static [(u32, Name)], v: u32) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, n)| n.as_str())
}

// ---- message types ---------------------------------------------------------------------

pub const NLMSG_TYPES: &[(u32, Name)] = &[(1, n("NLMSG_NOOP")), (2, n("NLMSG_ERROR")), (3, n("NLMSG_DONE")), (4, n("NLMSG_OVERRUN"))];

pub const RTM_TYPES: &[(u32, Name)] = &[
    (16, n("RTM_NEWLINK")), (17, n("RTM_DELLINK")), (18, n("RTM_GETLINK")), (19, n("RTM_SETLINK")),
    (20, n("RTM_NEWADDR")), (21, n("RTM_DELADDR")), (22, n("RTM_GETADDR")),
    (24, n("RTM_NEWROUTE")), (25, n("RTM_DELROUTE")), (26, n("RTM_GETROUTE")),
    (28, n("RTM_NEWNEIGH")), (29, n("RTM_DELNEIGH")), (30, n("RTM_GETNEIGH")),
    (32, n("RTM_NEWRULE")), (33, n("RTM_DELRULE")), (34, n("RTM_GETRULE")),
    (36, n("RTM_NEWQDISC")), (37, n("RTM_DELQDISC")), (38, n("RTM_GETQDISC")),
    (40, n("RTM_NEWTCLASS")), (41, n("RTM_DELTCLASS")), (42, n("RTM_GETTCLASS")),
    (44, n("RTM_NEWTFILTER")), (45, n("RTM_DELTFILTER")), (46, n("RTM_GETTFILTER")),
    (48, n("RTM_NEWACTION")), (49, n("RTM_DELACTION")), (50, n("RTM_GETACTION")),
    (52, n("RTM_NEWPREFIX")), (58, n("RTM_GETMULTICAST")), (62, n("RTM_GETANYCAST")),
    (64, n("RTM_NEWNEIGHTBL")), (66, n("RTM_GETNEIGHTBL")), (67, n("RTM_SETNEIGHTBL")),
    (68, n("RTM_NEWNDUSEROPT")),
    (72, n("RTM_NEWADDRLABEL")), (73, n("RTM_DELADDRLABEL")), (74, n("RTM_GETADDRLABEL")),
    (78, n("RTM_GETDCB")), (79, n("RTM_SETDCB")),
    (80, n("RTM_NEWNETCONF")), (81, n("RTM_DELNETCONF")), (82, n("RTM_GETNETCONF")),
    (84, n("RTM_NEWMDB")), (85, n("RTM_DELMDB")), (86, n("RTM_GETMDB")),
    (88, n("RTM_NEWNSID")), (89, n("RTM_DELNSID")), (90, n("RTM_GETNSID")),
    (92, n("RTM_NEWSTATS")), (94, n("RTM_GETSTATS")), (95, n("RTM_SETSTATS")),
    (96, n("RTM_NEWCACHEREPORT")),
    (100, n("RTM_NEWCHAIN")), (101, n("RTM_DELCHAIN")), (102, n("RTM_GETCHAIN")),
    (104, n("RTM_NEWNEXTHOP")), (105, n("RTM_DELNEXTHOP")), (106, n("RTM_GETNEXTHOP")),
    (108, n("RTM_NEWLINKPROP")), (109, n("RTM_DELLINKPROP")), (110, n("RTM_GETLINKPROP")),
    (112, n("RTM_NEWVLAN")), (113, n("RTM_DELVLAN")), (114, n("RTM_GETVLAN")),
    (116, n("RTM_NEWNEXTHOPBUCKET")), (117, n("RTM_DELNEXTHOPBUCKET")), (118, n("RTM_GETNEXTHOPBUCKET")),
    (120, n("RTM_NEWTUNNEL")), (121, n("RTM_DELTUNNEL")), (122, n("RTM_GETTUNNEL")),
];

pub const CTRL_CMDS: &[(u32, Name)] = &[
    (0, n("CTRL_CMD_UNSPEC")), (1, n("CTRL_CMD_NEWFAMILY")), (2, n("CTRL_CMD_DELFAMILY")), (3, n("CTRL_CMD_GETFAMILY")),
    (4, n("CTRL_CMD_NEWOPS")), (5, n("CTRL_CMD_DELOPS")), (6, n("CTRL_CMD_GETOPS")), (7, n("CTRL_CMD_NEWMCAST_GRP")),
    (8, n("CTRL_CMD_DELMCAST_GRP")), (9, n("CTRL_CMD_GETMCAST_GRP")), (10, n("CTRL_CMD_GETPOLICY")),
];

// ---- header flags ----------------------------------------------------------------------

pub const NLM_F_COMMON: &[(u32, Name)] = &[
    (0x01, n("REQUEST")), (0x02, n("MULTI")), (0x04, n("ACK")), (0x08, n("ECHO")), (0x10, n("DUMP_INTR")), (0x20, n("DUMP_FILTERED")),
];
pub const NLM_F_GET: &[(u32, Name)] = &[(0x300, n("DUMP")), (0x100, n("ROOT")), (0x200, n("MATCH")), (0x400, n("ATOMIC"))];
pub const NLM_F_NEW: &[(u32, Name)] = &[(0x100, n("REPLACE")), (0x200, n("EXCL")), (0x400, n("CREATE")), (0x800, n("APPEND"))];
pub const NLM_F_DEL: &[(u32, Name)] = &[(0x100, n("NONREC")), (0x200, n("BULK"))];
pub const NLM_F_ACKFLAGS: &[(u32, Name)] = &[(0x100, n("CAPPED")), (0x200, n("ACK_TLVS"))];

// ---- family-header fields --------------------------------------------------------------

pub const FAMILIES: &[(u32, Name)] = &[
    (0, n("AF_UNSPEC")), (1, n("AF_UNIX")), (2, n("AF_INET")), (4, n("AF_IPX")), (7, n("AF_BRIDGE")), (10, n("AF_INET6")),
    (16, n("AF_NETLINK")), (17, n("AF_PACKET")), (28, n("AF_MPLS")), (128, n("RTNL_FAMILY_IPMR")), (129, n("RTNL_FAMILY_IP6MR")),
];

pub const ARPHRD: &[(u32, Name)] = &[
    (0, n("ARPHRD_NETROM")), (1, n("ARPHRD_ETHER")), (24, n("ARPHRD_IEEE1394")), (32, n("ARPHRD_INFINIBAND")),
    (256, n("ARPHRD_SLIP")), (512, n("ARPHRD_PPP")), (768, n("ARPHRD_TUNNEL")), (769, n("ARPHRD_TUNNEL6")),
    (772, n("ARPHRD_LOOPBACK")), (776, n("ARPHRD_SIT")), (778, n("ARPHRD_IPGRE")), (801, n("ARPHRD_IEEE80211")),
    (803, n("ARPHRD_IEEE80211_RADIOTAP")), (823, n("ARPHRD_IP6GRE")), (824, n("ARPHRD_NETLINK")), (825, n("ARPHRD_6LOWPAN")),
    (65534, n("ARPHRD_NONE")), (65535, n("ARPHRD_VOID")),
];

pub const IFF: &[(u32, Name)] = &[
    (0x1, n("UP")), (0x2, n("BROADCAST")), (0x4, n("DEBUG")), (0x8, n("LOOPBACK")), (0x10, n("POINTOPOINT")),
    (0x20, n("NOTRAILERS")), (0x40, n("RUNNING")), (0x80, n("NOARP")), (0x100, n("PROMISC")), (0x200, n("ALLMULTI")),
    (0x400, n("MASTER")), (0x800, n("SLAVE")), (0x1000, n("MULTICAST")), (0x2000, n("PORTSEL")), (0x4000, n("AUTOMEDIA")),
    (0x8000, n("DYNAMIC")), (0x10000, n("LOWER_UP")), (0x20000, n("DORMANT")), (0x40000, n("ECHO")),
];

pub const IFA_F: &[(u32, Name)] = &[
    (0x01, n("SECONDARY")), (0x02, n("NODAD")), (0x04, n("OPTIMISTIC")), (0x08, n("DADFAILED")), (0x10, n("HOMEADDRESS")),
    (0x20, n("DEPRECATED")), (0x40, n("TENTATIVE")), (0x80, n("PERMANENT")), (0x100, n("MANAGETEMPADDR")),
    (0x200, n("NOPREFIXROUTE")), (0x400, n("MCAUTOJOIN")), (0x800, n("STABLE_PRIVACY")),
];

pub const RT_TABLES: &[(u32, Name)] = &[(0, n("RT_TABLE_UNSPEC")), (252, n("RT_TABLE_COMPAT")), (253, n("RT_TABLE_DEFAULT")), (254, n("RT_TABLE_MAIN")), (255, n("RT_TABLE_LOCAL"))];

pub const RTPROT: &[(u32, Name)] = &[
    (0, n("RTPROT_UNSPEC")), (1, n("RTPROT_REDIRECT")), (2, n("RTPROT_KERNEL")), (3, n("RTPROT_BOOT")), (4, n("RTPROT_STATIC")),
    (8, n("RTPROT_GATED")), (9, n("RTPROT_RA")), (10, n("RTPROT_MRT")), (11, n("RTPROT_ZEBRA")), (12, n("RTPROT_BIRD")),
    (13, n("RTPROT_DNROUTED")), (14, n("RTPROT_XORP")), (15, n("RTPROT_NTK")), (16, n("RTPROT_DHCP")), (17, n("RTPROT_MROUTED")),
    (18, n("RTPROT_KEEPALIVED")), (42, n("RTPROT_BABEL")), (99, n("RTPROT_OPENR")), (186, n("RTPROT_BGP")), (187, n("RTPROT_ISIS")),
    (188, n("RTPROT_OSPF")), (189, n("RTPROT_RIP")), (192, n("RTPROT_EIGRP")),
];

pub const RT_SCOPES: &[(u32, Name)] = &[(0, n("RT_SCOPE_UNIVERSE")), (200, n("RT_SCOPE_SITE")), (253, n("RT_SCOPE_LINK")), (254, n("RT_SCOPE_HOST")), (255, n("RT_SCOPE_NOWHERE"))];

pub const RTN_TYPES: &[(u32, Name)] = &[
    (0, n("RTN_UNSPEC")), (1, n("RTN_UNICAST")), (2, n("RTN_LOCAL")), (3, n("RTN_BROADCAST")), (4, n("RTN_ANYCAST")),
    (5, n("RTN_MULTICAST")), (6, n("RTN_BLACKHOLE")), (7, n("RTN_UNREACHABLE")), (8, n("RTN_PROHIBIT")), (9, n("RTN_THROW")),
    (10, n("RTN_NAT")), (11, n("RTN_XRESOLVE")),
];

pub const RTM_F: &[(u32, Name)] = &[
    (0x100, n("NOTIFY")), (0x200, n("CLONED")), (0x400, n("EQUALIZE")), (0x800, n("PREFIX")), (0x1000, n("LOOKUP_TABLE")),
    (0x2000, n("FIB_MATCH")), (0x4000, n("OFFLOAD")), (0x8000, n("TRAP")), (0x20000000, n("OFFLOAD_FAILED")),
];

pub const RTNH_F: &[(u32, Name)] = &[
    (0x1, n("DEAD")), (0x2, n("PERVASIVE")), (0x4, n("ONLINK")), (0x8, n("OFFLOAD")), (0x10, n("LINKDOWN")), (0x20, n("UNRESOLVED")), (0x40, n("TRAP")),
];

pub const NUD: &[(u32, Name)] = &[
    (0x01, n("INCOMPLETE")), (0x02, n("REACHABLE")), (0x04, n("STALE")), (0x08, n("DELAY")), (0x10, n("PROBE")),
    (0x20, n("FAILED")), (0x40, n("NOARP")), (0x80, n("PERMANENT")),
];

pub const NTF: &[(u32, Name)] = &[
    (0x01, n("USE")), (0x02, n("SELF")), (0x04, n("MASTER")), (0x08, n("PROXY")), (0x10, n("EXT_LEARNED")),
    (0x20, n("OFFLOADED")), (0x40, n("STICKY")), (0x80, n("ROUTER")),
];

pub const FR_ACT: &[(u32, Name)] = &[
    (0, n("FR_ACT_UNSPEC")), (1, n("FR_ACT_TO_TBL")), (2, n("FR_ACT_GOTO")), (3, n("FR_ACT_NOP")), (6, n("FR_ACT_BLACKHOLE")),
    (7, n("FR_ACT_UNREACHABLE")), (8, n("FR_ACT_PROHIBIT")),
];

pub const FIB_RULE_F: &[(u32, Name)] = &[(0x1, n("PERMANENT")), (0x2, n("INVERT")), (0x4, n("UNRESOLVED")), (0x8, n("IIF_DETACHED")), (0x10, n("OIF_DETACHED"))];

pub const IF_OPER: &[(u32, Name)] = &[
    (0, n("IF_OPER_UNKNOWN")), (1, n("IF_OPER_NOTPRESENT")), (2, n("IF_OPER_DOWN")), (3, n("IF_OPER_LOWERLAYERDOWN")),
    (4, n("IF_OPER_TESTING")), (5, n("IF_OPER_DORMANT")), (6, n("IF_OPER_UP")),
];

pub const ENCAP_TYPES: &[(u32, Name)] = &[
    (0, n("LWTUNNEL_ENCAP_NONE")), (1, n("LWTUNNEL_ENCAP_MPLS")), (2, n("LWTUNNEL_ENCAP_IP")), (3, n("LWTUNNEL_ENCAP_ILA")),
    (4, n("LWTUNNEL_ENCAP_IP6")), (5, n("LWTUNNEL_ENCAP_SEG6")), (6, n("LWTUNNEL_ENCAP_BPF")), (7, n("LWTUNNEL_ENCAP_SEG6_LOCAL")),
    (8, n("LWTUNNEL_ENCAP_RPL")), (9, n("LWTUNNEL_ENCAP_IOAM6")), (10, n("LWTUNNEL_ENCAP_XFRM")),
];

pub const ADDR_GEN_MODES: &[(u32, Name)] = &[
    (0, n("IN6_ADDR_GEN_MODE_EUI64")), (1, n("IN6_ADDR_GEN_MODE_NONE")), (2, n("IN6_ADDR_GEN_MODE_STABLE_PRIVACY")), (3, n("IN6_ADDR_GEN_MODE_RANDOM")),
];

// ---- errno -----------------------------------------------------------------------------

macro_rules! errnos {
    ($($name:ident)*) => { &[$((libc::$name as u32, n(stringify!($name))),)*] };
}

pub const ERRNOS: &[(u32, Name)] = errnos![
    EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT
    ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG
    ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP
    ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR EXFULL
    ENOANO EBADRQC EBADSLT EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV
    ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC
    ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE
    EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT EAFNOSUPPORT
    EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN
    ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY
    EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE
    ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON
];

/// The kernel-internal codes that reach user space through netlink (`include/linux/errno.h`).
pub const KERNEL_ERRNOS: &[(u32, Name)] = &[
    (512, n("ERESTARTSYS")), (513, n("ERESTARTNOINTR")), (514, n("ERESTARTNOHAND")), (515, n("ENOIOCTLCMD")),
    (516, n("ERESTART_RESTARTBLOCK")), (517, n("EPROBE_DEFER")), (518, n("EOPENSTALE")), (519, n("ENOPARAM")),
    (521, n("EBADHANDLE")), (522, n("ENOTSYNC")), (523, n("EBADCOOKIE")), (524, n("ENOTSUPP")), (525, n("ETOOSMALL")),
    (526, n("ESERVERFAULT")), (527, n("EBADTYPE")), (528, n("EJUKEBOX")), (529, n("EIOCBQUEUED")), (530, n("ERECALLCONFLICT")),
];

pub fn errno_name(e: u32) -> Option<&'static str> {
    lookup(ERRNOS, e).or_else(|| lookup(KERNEL_ERRNOS, e))
}

// ---- attribute spaces ------------------------------------------------------------------

const STATS64: &[Name] = &[
    n("rx_packets"), n("tx_packets"), n("rx_bytes"), n("tx_bytes"), n("rx_errors"), n("tx_errors"), n("rx_dropped"), n("tx_dropped"),
    n("multicast"), n("collisions"),
];

pub static IFLA: Space = Space {
    prefix: "IFLA",
    attrs: &[
        (n("IFLA_UNSPEC"), Hex), (n("IFLA_ADDRESS"), Mac), (n("IFLA_BROADCAST"), Mac), (n("IFLA_IFNAME"), Str),
        (n("IFLA_MTU"), U32), (n("IFLA_LINK"), U32), (n("IFLA_QDISC"), Str), (n("IFLA_STATS"), Struct32(STATS64)),
        (n("IFLA_COST"), Hex), (n("IFLA_PRIORITY"), Hex), (n("IFLA_MASTER"), U32), (n("IFLA_WIRELESS"), Hex),
        (n("IFLA_PROTINFO"), Hex), (n("IFLA_TXQLEN"), U32), (n("IFLA_MAP"), Hex), (n("IFLA_WEIGHT"), U32),
        (n("IFLA_OPERSTATE"), Enum8(IF_OPER)), (n("IFLA_LINKMODE"), U8), (n("IFLA_LINKINFO"), LinkInfo),
        (n("IFLA_NET_NS_PID"), U32), (n("IFLA_IFALIAS"), Str), (n("IFLA_NUM_VF"), U32), (n("IFLA_VFINFO_LIST"), Hex),
        (n("IFLA_STATS64"), Struct64(STATS64)), (n("IFLA_VF_PORTS"), Hex), (n("IFLA_PORT_SELF"), Hex),
        (n("IFLA_AF_SPEC"), AfSpec), (n("IFLA_GROUP"), U32), (n("IFLA_NET_NS_FD"), S32), (n("IFLA_EXT_MASK"), U32),
        (n("IFLA_PROMISCUITY"), U32), (n("IFLA_NUM_TX_QUEUES"), U32), (n("IFLA_NUM_RX_QUEUES"), U32),
        (n("IFLA_CARRIER"), U8), (n("IFLA_PHYS_PORT_ID"), Hex), (n("IFLA_CARRIER_CHANGES"), U32),
        (n("IFLA_PHYS_SWITCH_ID"), Hex), (n("IFLA_LINK_NETNSID"), S32), (n("IFLA_PHYS_PORT_NAME"), Str),
        (n("IFLA_PROTO_DOWN"), U8), (n("IFLA_GSO_MAX_SEGS"), U32), (n("IFLA_GSO_MAX_SIZE"), U32), (n("IFLA_PAD"), Hex),
        (n("IFLA_XDP"), Nest(&IFLA_XDP)), (n("IFLA_EVENT"), U32), (n("IFLA_NEW_NETNSID"), S32),
        (n("IFLA_TARGET_NETNSID"), S32), (n("IFLA_CARRIER_UP_COUNT"), U32), (n("IFLA_CARRIER_DOWN_COUNT"), U32),
        (n("IFLA_NEW_IFINDEX"), S32), (n("IFLA_MIN_MTU"), U32), (n("IFLA_MAX_MTU"), U32),
        (n("IFLA_PROP_LIST"), Nest(&IFLA)), (n("IFLA_ALT_IFNAME"), Str), (n("IFLA_PERM_ADDRESS"), Mac),
        (n("IFLA_PROTO_DOWN_REASON"), Hex), (n("IFLA_PARENT_DEV_NAME"), Str), (n("IFLA_PARENT_DEV_BUS_NAME"), Str),
        (n("IFLA_GRO_MAX_SIZE"), U32), (n("IFLA_TSO_MAX_SIZE"), U32), (n("IFLA_TSO_MAX_SEGS"), U32), (n("IFLA_ALLMULTI"), U32),
        // Newer than this system's UAPI headers (Linux 6.2 to 6.14's if_link.h).
        (n("IFLA_DEVLINK_PORT"), Hex), (n("IFLA_GSO_IPV4_MAX_SIZE"), U32), (n("IFLA_GRO_IPV4_MAX_SIZE"), U32),
        (n("IFLA_DPLL_PIN"), Nest(&UNKNOWN)), (n("IFLA_MAX_PACING_OFFLOAD_HORIZON"), U32), (n("IFLA_NETNS_IMMUTABLE"), U8),
        (n("IFLA_HEADROOM"), U16), (n("IFLA_TAILROOM"), U16),
    ],
};

pub static IFLA_XDP: Space = Space {
    prefix: "IFLA_XDP",
    attrs: &[
        (n("IFLA_XDP_UNSPEC"), Hex), (n("IFLA_XDP_FD"), S32), (n("IFLA_XDP_ATTACHED"), U8), (n("IFLA_XDP_FLAGS"), U32),
        (n("IFLA_XDP_PROG_ID"), U32), (n("IFLA_XDP_DRV_PROG_ID"), U32), (n("IFLA_XDP_SKB_PROG_ID"), U32),
        (n("IFLA_XDP_HW_PROG_ID"), U32), (n("IFLA_XDP_EXPECTED_FD"), S32),
    ],
};

pub static IFLA_INFO: Space = Space {
    prefix: "IFLA_INFO",
    attrs: &[
        (n("IFLA_INFO_UNSPEC"), Hex), (n("IFLA_INFO_KIND"), Str), (n("IFLA_INFO_DATA"), Hex), (n("IFLA_INFO_XSTATS"), Hex),
        (n("IFLA_INFO_SLAVE_KIND"), Str), (n("IFLA_INFO_SLAVE_DATA"), Hex),
    ],
};

/// Attributes of a kind's `IFLA_INFO_DATA` that are not decoded: types shown as numbers.
pub static UNKNOWN: Space = Space { prefix: "attr", attrs: &[] };

pub static IFLA_VLAN: Space = Space {
    prefix: "IFLA_VLAN",
    attrs: &[
        (n("IFLA_VLAN_UNSPEC"), Hex), (n("IFLA_VLAN_ID"), U16), (n("IFLA_VLAN_FLAGS"), Hex), (n("IFLA_VLAN_EGRESS_QOS"), Hex),
        (n("IFLA_VLAN_INGRESS_QOS"), Hex), (n("IFLA_VLAN_PROTOCOL"), Be16),
    ],
};

pub static VETH_INFO: Space = Space { prefix: "VETH_INFO", attrs: &[(n("VETH_INFO_UNSPEC"), Hex), (n("VETH_INFO_PEER"), VethPeer)] };

pub static IFLA_INET: Space = Space { prefix: "IFLA_INET", attrs: &[(n("IFLA_INET_UNSPEC"), Hex), (n("IFLA_INET_CONF"), Hex)] };

pub static IFLA_INET6: Space = Space {
    prefix: "IFLA_INET6",
    attrs: &[
        (n("IFLA_INET6_UNSPEC"), Hex), (n("IFLA_INET6_FLAGS"), U32), (n("IFLA_INET6_CONF"), Hex), (n("IFLA_INET6_STATS"), Hex),
        (n("IFLA_INET6_MCAST"), Hex),
        (n("IFLA_INET6_CACHEINFO"), Struct32(&[n("max_reasm_len"), n("tstamp"), n("reachable_time"), n("retrans_time")])),
        (n("IFLA_INET6_ICMP6STATS"), Hex), (n("IFLA_INET6_TOKEN"), Addr), (n("IFLA_INET6_ADDR_GEN_MODE"), Enum8(ADDR_GEN_MODES)),
        (n("IFLA_INET6_RA_MTU"), U32),
    ],
};

pub static IFLA_BRIDGE: Space = Space {
    prefix: "IFLA_BRIDGE",
    attrs: &[
        (n("IFLA_BRIDGE_FLAGS"), U16), (n("IFLA_BRIDGE_MODE"), U16), (n("IFLA_BRIDGE_VLAN_INFO"), Hex),
        (n("IFLA_BRIDGE_VLAN_TUNNEL_INFO"), Hex), (n("IFLA_BRIDGE_MRP"), Hex), (n("IFLA_BRIDGE_CFM"), Hex), (n("IFLA_BRIDGE_MST"), Hex),
    ],
};

pub static IFA: Space = Space {
    prefix: "IFA",
    attrs: &[
        (n("IFA_UNSPEC"), Hex), (n("IFA_ADDRESS"), Addr), (n("IFA_LOCAL"), Addr), (n("IFA_LABEL"), Str), (n("IFA_BROADCAST"), Addr),
        (n("IFA_ANYCAST"), Addr), (n("IFA_CACHEINFO"), Struct32(&[n("preferred"), n("valid"), n("cstamp"), n("tstamp")])),
        (n("IFA_MULTICAST"), Addr), (n("IFA_FLAGS"), Bits32(IFA_F)), (n("IFA_RT_PRIORITY"), U32), (n("IFA_TARGET_NETNSID"), S32),
        (n("IFA_PROTO"), U8),
    ],
};

pub static RTA: Space = Space {
    prefix: "RTA",
    attrs: &[
        (n("RTA_UNSPEC"), Hex), (n("RTA_DST"), Addr), (n("RTA_SRC"), Addr), (n("RTA_IIF"), U32), (n("RTA_OIF"), U32),
        (n("RTA_GATEWAY"), Addr), (n("RTA_PRIORITY"), U32), (n("RTA_PREFSRC"), Addr), (n("RTA_METRICS"), Nest(&RTAX)),
        (n("RTA_MULTIPATH"), Multipath), (n("RTA_PROTOINFO"), Hex), (n("RTA_FLOW"), U32),
        (n("RTA_CACHEINFO"), Struct32(&[n("clntref"), n("lastuse"), n("expires"), n("error"), n("used"), n("id"), n("ts"), n("tsage")])),
        (n("RTA_SESSION"), Hex), (n("RTA_MP_ALGO"), Hex), (n("RTA_TABLE"), U32), (n("RTA_MARK"), U32), (n("RTA_MFC_STATS"), Hex),
        (n("RTA_VIA"), Via), (n("RTA_NEWDST"), Hex), (n("RTA_PREF"), U8), (n("RTA_ENCAP_TYPE"), Enum8(ENCAP_TYPES)),
        (n("RTA_ENCAP"), Nest(&UNKNOWN)), (n("RTA_EXPIRES"), U64), (n("RTA_PAD"), Hex), (n("RTA_UID"), U32),
        (n("RTA_TTL_PROPAGATE"), U8), (n("RTA_IP_PROTO"), U8), (n("RTA_SPORT"), Be16), (n("RTA_DPORT"), Be16), (n("RTA_NH_ID"), U32),
    ],
};

pub static RTAX: Space = Space {
    prefix: "RTAX",
    attrs: &[
        (n("RTAX_UNSPEC"), Hex), (n("RTAX_LOCK"), U32), (n("RTAX_MTU"), U32), (n("RTAX_WINDOW"), U32), (n("RTAX_RTT"), U32),
        (n("RTAX_RTTVAR"), U32), (n("RTAX_SSTHRESH"), U32), (n("RTAX_CWND"), U32), (n("RTAX_ADVMSS"), U32),
        (n("RTAX_REORDERING"), U32), (n("RTAX_HOPLIMIT"), U32), (n("RTAX_INITCWND"), U32), (n("RTAX_FEATURES"), U32),
        (n("RTAX_RTO_MIN"), U32), (n("RTAX_INITRWND"), U32), (n("RTAX_QUICKACK"), U32), (n("RTAX_CC_ALGO"), Str),
        (n("RTAX_FASTOPEN_NO_COOKIE"), U32),
    ],
};

pub static NDA: Space = Space {
    prefix: "NDA",
    attrs: &[
        (n("NDA_UNSPEC"), Hex), (n("NDA_DST"), Addr), (n("NDA_LLADDR"), Mac),
        (n("NDA_CACHEINFO"), Struct32(&[n("confirmed"), n("used"), n("updated"), n("refcnt")])), (n("NDA_PROBES"), U32),
        (n("NDA_VLAN"), U16), (n("NDA_PORT"), Be16), (n("NDA_VNI"), U32), (n("NDA_IFINDEX"), U32), (n("NDA_MASTER"), U32),
        (n("NDA_LINK_NETNSID"), S32), (n("NDA_SRC_VNI"), U32), (n("NDA_PROTOCOL"), U8), (n("NDA_NH_ID"), U32),
        (n("NDA_FDB_EXT_ATTRS"), Nest(&UNKNOWN)), (n("NDA_FLAGS_EXT"), U32), (n("NDA_NDM_STATE_MASK"), U16),
        (n("NDA_NDM_FLAGS_MASK"), U8),
    ],
};

pub static FRA: Space = Space {
    prefix: "FRA",
    attrs: &[
        (n("FRA_UNSPEC"), Hex), (n("FRA_DST"), Addr), (n("FRA_SRC"), Addr), (n("FRA_IIFNAME"), Str), (n("FRA_GOTO"), U32),
        (n("FRA_UNUSED2"), Hex), (n("FRA_PRIORITY"), U32), (n("FRA_UNUSED3"), Hex), (n("FRA_UNUSED4"), Hex),
        (n("FRA_UNUSED5"), Hex), (n("FRA_FWMARK"), U32), (n("FRA_FLOW"), U32), (n("FRA_TUN_ID"), Be64),
        (n("FRA_SUPPRESS_IFGROUP"), U32), (n("FRA_SUPPRESS_PREFIXLEN"), U32), (n("FRA_TABLE"), U32), (n("FRA_FWMASK"), U32),
        (n("FRA_OIFNAME"), Str), (n("FRA_PAD"), Hex), (n("FRA_L3MDEV"), U8), (n("FRA_UID_RANGE"), Range32),
        (n("FRA_PROTOCOL"), Enum8(RTPROT)), (n("FRA_IP_PROTO"), U8), (n("FRA_SPORT_RANGE"), Range16),
        (n("FRA_DPORT_RANGE"), Range16),
    ],
};

pub static NHA: Space = Space {
    prefix: "NHA",
    attrs: &[
        (n("NHA_UNSPEC"), Hex), (n("NHA_ID"), U32), (n("NHA_GROUP"), NhGroup), (n("NHA_GROUP_TYPE"), U16), (n("NHA_BLACKHOLE"), Flag),
        (n("NHA_OIF"), U32), (n("NHA_GATEWAY"), Addr), (n("NHA_ENCAP_TYPE"), Enum8(ENCAP_TYPES)), (n("NHA_ENCAP"), Nest(&UNKNOWN)),
        (n("NHA_GROUPS"), Flag), (n("NHA_MASTER"), U32), (n("NHA_FDB"), Flag), (n("NHA_RES_GROUP"), Nest(&UNKNOWN)),
        (n("NHA_RES_BUCKET"), Nest(&UNKNOWN)),
    ],
};

pub static NETCONFA: Space = Space {
    prefix: "NETCONFA",
    attrs: &[
        (n("NETCONFA_UNSPEC"), Hex), (n("NETCONFA_IFINDEX"), S32), (n("NETCONFA_FORWARDING"), S32), (n("NETCONFA_RP_FILTER"), S32),
        (n("NETCONFA_MC_FORWARDING"), S32), (n("NETCONFA_PROXY_NEIGH"), S32),
        (n("NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN"), S32), (n("NETCONFA_INPUT"), S32), (n("NETCONFA_BC_FORWARDING"), S32),
    ],
};

pub static NETNSA: Space = Space {
    prefix: "NETNSA",
    attrs: &[
        (n("NETNSA_NONE"), Hex), (n("NETNSA_NSID"), S32), (n("NETNSA_PID"), U32), (n("NETNSA_FD"), U32),
        (n("NETNSA_TARGET_NSID"), S32), (n("NETNSA_CURRENT_NSID"), S32),
    ],
};

pub static TCA: Space = Space {
    prefix: "TCA",
    attrs: &[
        (n("TCA_UNSPEC"), Hex), (n("TCA_KIND"), Str), (n("TCA_OPTIONS"), Nest(&UNKNOWN)), (n("TCA_STATS"), Hex), (n("TCA_XSTATS"), Hex),
        (n("TCA_RATE"), Hex), (n("TCA_FCNT"), Hex), (n("TCA_STATS2"), Nest(&UNKNOWN)), (n("TCA_STAB"), Hex), (n("TCA_PAD"), Hex),
        (n("TCA_DUMP_INVISIBLE"), Flag), (n("TCA_CHAIN"), U32), (n("TCA_HW_OFFLOAD"), U8), (n("TCA_INGRESS_BLOCK"), U32),
        (n("TCA_EGRESS_BLOCK"), U32), (n("TCA_DUMP_FLAGS"), Struct32(&[n("value"), n("selector")])), (n("TCA_EXT_WARN_MSG"), Str),
    ],
};

pub static CTRL_ATTR: Space = Space {
    prefix: "CTRL_ATTR",
    attrs: &[
        (n("CTRL_ATTR_UNSPEC"), Hex), (n("CTRL_ATTR_FAMILY_ID"), U16), (n("CTRL_ATTR_FAMILY_NAME"), Str),
        (n("CTRL_ATTR_VERSION"), U32), (n("CTRL_ATTR_HDRSIZE"), U32), (n("CTRL_ATTR_MAXATTR"), U32),
        (n("CTRL_ATTR_OPS"), NestArray(&CTRL_ATTR_OP)), (n("CTRL_ATTR_MCAST_GROUPS"), NestArray(&CTRL_ATTR_MCAST_GRP)),
        (n("CTRL_ATTR_POLICY"), Nest(&UNKNOWN)), (n("CTRL_ATTR_OP_POLICY"), Nest(&UNKNOWN)), (n("CTRL_ATTR_OP"), U32),
    ],
};

pub const GENL_ADMIN: &[(u32, Name)] = &[
    (0x01, n("GENL_ADMIN_PERM")), (0x02, n("GENL_CMD_CAP_DO")), (0x04, n("GENL_CMD_CAP_DUMP")), (0x08, n("GENL_CMD_CAP_HASPOL")),
    (0x10, n("GENL_UNS_ADMIN_PERM")),
];

pub static CTRL_ATTR_OP: Space = Space {
    prefix: "CTRL_ATTR_OP",
    attrs: &[(n("CTRL_ATTR_OP_UNSPEC"), Hex), (n("CTRL_ATTR_OP_ID"), U32), (n("CTRL_ATTR_OP_FLAGS"), Bits32(GENL_ADMIN))],
};

pub static CTRL_ATTR_MCAST_GRP: Space = Space {
    prefix: "CTRL_ATTR_MCAST_GRP",
    attrs: &[(n("CTRL_ATTR_MCAST_GRP_UNSPEC"), Hex), (n("CTRL_ATTR_MCAST_GRP_NAME"), Str), (n("CTRL_ATTR_MCAST_GRP_ID"), U32)],
};

pub static NLMSGERR_ATTR: Space = Space {
    prefix: "NLMSGERR_ATTR",
    attrs: &[
        (n("NLMSGERR_ATTR_UNUSED"), Hex), (n("NLMSGERR_ATTR_MSG"), Str), (n("NLMSGERR_ATTR_OFFS"), U32),
        (n("NLMSGERR_ATTR_COOKIE"), Hex), (n("NLMSGERR_ATTR_POLICY"), Nest(&UNKNOWN)), (n("NLMSGERR_ATTR_MISS_TYPE"), U32),
        (n("NLMSGERR_ATTR_MISS_NEST"), U32),
    ],
};
