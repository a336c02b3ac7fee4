//! The kernel's names for netlink constants, as data: one row per constant, read from the UAPI
//! headers (`<linux/netlink.h>`, `<linux/rtnetlink.h>`, `<linux/if_link.h>`, …). Attribute
//! tables are indexed by the attribute type and say how to format each value.

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
    Bits32(&'static [(u32, &'static str)]),
    /// A u8, u16 or u32 (by its length) with named values.
    Enum8(&'static [(u32, &'static str)]),
    /// Consecutive u32 fields with these names.
    Struct32(&'static [&'static str]),
    /// Consecutive u64 fields with these names.
    Struct64(&'static [&'static str]),
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
    pub attrs: &'static [(&'static str, Kind)],
}

impl Space {
    pub fn get(&self, ty: u16) -> Option<(&'static str, Kind)> {
        self.attrs.get(ty as usize).copied().filter(|(n, _)| !n.is_empty())
    }
}

use Kind::*;

pub fn lookup(table: &[(u32, &'static str)], v: u32) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == v).map(|(_, n)| *n)
}

// ---- message types ---------------------------------------------------------------------

pub const NLMSG_TYPES: &[(u32, &str)] = &[(1, "NLMSG_NOOP"), (2, "NLMSG_ERROR"), (3, "NLMSG_DONE"), (4, "NLMSG_OVERRUN")];

pub const RTM_TYPES: &[(u32, &str)] = &[
    (16, "RTM_NEWLINK"), (17, "RTM_DELLINK"), (18, "RTM_GETLINK"), (19, "RTM_SETLINK"),
    (20, "RTM_NEWADDR"), (21, "RTM_DELADDR"), (22, "RTM_GETADDR"),
    (24, "RTM_NEWROUTE"), (25, "RTM_DELROUTE"), (26, "RTM_GETROUTE"),
    (28, "RTM_NEWNEIGH"), (29, "RTM_DELNEIGH"), (30, "RTM_GETNEIGH"),
    (32, "RTM_NEWRULE"), (33, "RTM_DELRULE"), (34, "RTM_GETRULE"),
    (36, "RTM_NEWQDISC"), (37, "RTM_DELQDISC"), (38, "RTM_GETQDISC"),
    (40, "RTM_NEWTCLASS"), (41, "RTM_DELTCLASS"), (42, "RTM_GETTCLASS"),
    (44, "RTM_NEWTFILTER"), (45, "RTM_DELTFILTER"), (46, "RTM_GETTFILTER"),
    (48, "RTM_NEWACTION"), (49, "RTM_DELACTION"), (50, "RTM_GETACTION"),
    (52, "RTM_NEWPREFIX"), (58, "RTM_GETMULTICAST"), (62, "RTM_GETANYCAST"),
    (64, "RTM_NEWNEIGHTBL"), (66, "RTM_GETNEIGHTBL"), (67, "RTM_SETNEIGHTBL"),
    (68, "RTM_NEWNDUSEROPT"),
    (72, "RTM_NEWADDRLABEL"), (73, "RTM_DELADDRLABEL"), (74, "RTM_GETADDRLABEL"),
    (78, "RTM_GETDCB"), (79, "RTM_SETDCB"),
    (80, "RTM_NEWNETCONF"), (81, "RTM_DELNETCONF"), (82, "RTM_GETNETCONF"),
    (84, "RTM_NEWMDB"), (85, "RTM_DELMDB"), (86, "RTM_GETMDB"),
    (88, "RTM_NEWNSID"), (89, "RTM_DELNSID"), (90, "RTM_GETNSID"),
    (92, "RTM_NEWSTATS"), (94, "RTM_GETSTATS"), (95, "RTM_SETSTATS"),
    (96, "RTM_NEWCACHEREPORT"),
    (100, "RTM_NEWCHAIN"), (101, "RTM_DELCHAIN"), (102, "RTM_GETCHAIN"),
    (104, "RTM_NEWNEXTHOP"), (105, "RTM_DELNEXTHOP"), (106, "RTM_GETNEXTHOP"),
    (108, "RTM_NEWLINKPROP"), (109, "RTM_DELLINKPROP"), (110, "RTM_GETLINKPROP"),
    (112, "RTM_NEWVLAN"), (113, "RTM_DELVLAN"), (114, "RTM_GETVLAN"),
    (116, "RTM_NEWNEXTHOPBUCKET"), (117, "RTM_DELNEXTHOPBUCKET"), (118, "RTM_GETNEXTHOPBUCKET"),
    (120, "RTM_NEWTUNNEL"), (121, "RTM_DELTUNNEL"), (122, "RTM_GETTUNNEL"),
];

pub const CTRL_CMDS: &[(u32, &str)] = &[
    (0, "CTRL_CMD_UNSPEC"), (1, "CTRL_CMD_NEWFAMILY"), (2, "CTRL_CMD_DELFAMILY"), (3, "CTRL_CMD_GETFAMILY"),
    (4, "CTRL_CMD_NEWOPS"), (5, "CTRL_CMD_DELOPS"), (6, "CTRL_CMD_GETOPS"), (7, "CTRL_CMD_NEWMCAST_GRP"),
    (8, "CTRL_CMD_DELMCAST_GRP"), (9, "CTRL_CMD_GETMCAST_GRP"), (10, "CTRL_CMD_GETPOLICY"),
];

// ---- header flags ----------------------------------------------------------------------

pub const NLM_F_COMMON: &[(u32, &str)] = &[
    (0x01, "REQUEST"), (0x02, "MULTI"), (0x04, "ACK"), (0x08, "ECHO"), (0x10, "DUMP_INTR"), (0x20, "DUMP_FILTERED"),
];
pub const NLM_F_GET: &[(u32, &str)] = &[(0x300, "DUMP"), (0x100, "ROOT"), (0x200, "MATCH"), (0x400, "ATOMIC")];
pub const NLM_F_NEW: &[(u32, &str)] = &[(0x100, "REPLACE"), (0x200, "EXCL"), (0x400, "CREATE"), (0x800, "APPEND")];
pub const NLM_F_DEL: &[(u32, &str)] = &[(0x100, "NONREC"), (0x200, "BULK")];
pub const NLM_F_ACKFLAGS: &[(u32, &str)] = &[(0x100, "CAPPED"), (0x200, "ACK_TLVS")];

// ---- family-header fields --------------------------------------------------------------

pub const FAMILIES: &[(u32, &str)] = &[
    (0, "AF_UNSPEC"), (1, "AF_UNIX"), (2, "AF_INET"), (4, "AF_IPX"), (7, "AF_BRIDGE"), (10, "AF_INET6"),
    (16, "AF_NETLINK"), (17, "AF_PACKET"), (28, "AF_MPLS"), (128, "RTNL_FAMILY_IPMR"), (129, "RTNL_FAMILY_IP6MR"),
];

pub const ARPHRD: &[(u32, &str)] = &[
    (0, "ARPHRD_NETROM"), (1, "ARPHRD_ETHER"), (24, "ARPHRD_IEEE1394"), (32, "ARPHRD_INFINIBAND"),
    (256, "ARPHRD_SLIP"), (512, "ARPHRD_PPP"), (768, "ARPHRD_TUNNEL"), (769, "ARPHRD_TUNNEL6"),
    (772, "ARPHRD_LOOPBACK"), (776, "ARPHRD_SIT"), (778, "ARPHRD_IPGRE"), (801, "ARPHRD_IEEE80211"),
    (803, "ARPHRD_IEEE80211_RADIOTAP"), (823, "ARPHRD_IP6GRE"), (824, "ARPHRD_NETLINK"), (825, "ARPHRD_6LOWPAN"),
    (65534, "ARPHRD_NONE"), (65535, "ARPHRD_VOID"),
];

pub const IFF: &[(u32, &str)] = &[
    (0x1, "UP"), (0x2, "BROADCAST"), (0x4, "DEBUG"), (0x8, "LOOPBACK"), (0x10, "POINTOPOINT"),
    (0x20, "NOTRAILERS"), (0x40, "RUNNING"), (0x80, "NOARP"), (0x100, "PROMISC"), (0x200, "ALLMULTI"),
    (0x400, "MASTER"), (0x800, "SLAVE"), (0x1000, "MULTICAST"), (0x2000, "PORTSEL"), (0x4000, "AUTOMEDIA"),
    (0x8000, "DYNAMIC"), (0x10000, "LOWER_UP"), (0x20000, "DORMANT"), (0x40000, "ECHO"),
];

pub const IFA_F: &[(u32, &str)] = &[
    (0x01, "SECONDARY"), (0x02, "NODAD"), (0x04, "OPTIMISTIC"), (0x08, "DADFAILED"), (0x10, "HOMEADDRESS"),
    (0x20, "DEPRECATED"), (0x40, "TENTATIVE"), (0x80, "PERMANENT"), (0x100, "MANAGETEMPADDR"),
    (0x200, "NOPREFIXROUTE"), (0x400, "MCAUTOJOIN"), (0x800, "STABLE_PRIVACY"),
];

pub const RT_TABLES: &[(u32, &str)] = &[(0, "RT_TABLE_UNSPEC"), (252, "RT_TABLE_COMPAT"), (253, "RT_TABLE_DEFAULT"), (254, "RT_TABLE_MAIN"), (255, "RT_TABLE_LOCAL")];

pub const RTPROT: &[(u32, &str)] = &[
    (0, "RTPROT_UNSPEC"), (1, "RTPROT_REDIRECT"), (2, "RTPROT_KERNEL"), (3, "RTPROT_BOOT"), (4, "RTPROT_STATIC"),
    (8, "RTPROT_GATED"), (9, "RTPROT_RA"), (10, "RTPROT_MRT"), (11, "RTPROT_ZEBRA"), (12, "RTPROT_BIRD"),
    (13, "RTPROT_DNROUTED"), (14, "RTPROT_XORP"), (15, "RTPROT_NTK"), (16, "RTPROT_DHCP"), (17, "RTPROT_MROUTED"),
    (18, "RTPROT_KEEPALIVED"), (42, "RTPROT_BABEL"), (99, "RTPROT_OPENR"), (186, "RTPROT_BGP"), (187, "RTPROT_ISIS"),
    (188, "RTPROT_OSPF"), (189, "RTPROT_RIP"), (192, "RTPROT_EIGRP"),
];

pub const RT_SCOPES: &[(u32, &str)] = &[(0, "RT_SCOPE_UNIVERSE"), (200, "RT_SCOPE_SITE"), (253, "RT_SCOPE_LINK"), (254, "RT_SCOPE_HOST"), (255, "RT_SCOPE_NOWHERE")];

pub const RTN_TYPES: &[(u32, &str)] = &[
    (0, "RTN_UNSPEC"), (1, "RTN_UNICAST"), (2, "RTN_LOCAL"), (3, "RTN_BROADCAST"), (4, "RTN_ANYCAST"),
    (5, "RTN_MULTICAST"), (6, "RTN_BLACKHOLE"), (7, "RTN_UNREACHABLE"), (8, "RTN_PROHIBIT"), (9, "RTN_THROW"),
    (10, "RTN_NAT"), (11, "RTN_XRESOLVE"),
];

pub const RTM_F: &[(u32, &str)] = &[
    (0x100, "NOTIFY"), (0x200, "CLONED"), (0x400, "EQUALIZE"), (0x800, "PREFIX"), (0x1000, "LOOKUP_TABLE"),
    (0x2000, "FIB_MATCH"), (0x4000, "OFFLOAD"), (0x8000, "TRAP"), (0x20000000, "OFFLOAD_FAILED"),
];

pub const RTNH_F: &[(u32, &str)] = &[
    (0x1, "DEAD"), (0x2, "PERVASIVE"), (0x4, "ONLINK"), (0x8, "OFFLOAD"), (0x10, "LINKDOWN"), (0x20, "UNRESOLVED"), (0x40, "TRAP"),
];

pub const NUD: &[(u32, &str)] = &[
    (0x01, "INCOMPLETE"), (0x02, "REACHABLE"), (0x04, "STALE"), (0x08, "DELAY"), (0x10, "PROBE"),
    (0x20, "FAILED"), (0x40, "NOARP"), (0x80, "PERMANENT"),
];

pub const NTF: &[(u32, &str)] = &[
    (0x01, "USE"), (0x02, "SELF"), (0x04, "MASTER"), (0x08, "PROXY"), (0x10, "EXT_LEARNED"),
    (0x20, "OFFLOADED"), (0x40, "STICKY"), (0x80, "ROUTER"),
];

pub const FR_ACT: &[(u32, &str)] = &[
    (0, "FR_ACT_UNSPEC"), (1, "FR_ACT_TO_TBL"), (2, "FR_ACT_GOTO"), (3, "FR_ACT_NOP"), (6, "FR_ACT_BLACKHOLE"),
    (7, "FR_ACT_UNREACHABLE"), (8, "FR_ACT_PROHIBIT"),
];

pub const FIB_RULE_F: &[(u32, &str)] = &[(0x1, "PERMANENT"), (0x2, "INVERT"), (0x4, "UNRESOLVED"), (0x8, "IIF_DETACHED"), (0x10, "OIF_DETACHED")];

pub const IF_OPER: &[(u32, &str)] = &[
    (0, "IF_OPER_UNKNOWN"), (1, "IF_OPER_NOTPRESENT"), (2, "IF_OPER_DOWN"), (3, "IF_OPER_LOWERLAYERDOWN"),
    (4, "IF_OPER_TESTING"), (5, "IF_OPER_DORMANT"), (6, "IF_OPER_UP"),
];

pub const ENCAP_TYPES: &[(u32, &str)] = &[
    (0, "LWTUNNEL_ENCAP_NONE"), (1, "LWTUNNEL_ENCAP_MPLS"), (2, "LWTUNNEL_ENCAP_IP"), (3, "LWTUNNEL_ENCAP_ILA"),
    (4, "LWTUNNEL_ENCAP_IP6"), (5, "LWTUNNEL_ENCAP_SEG6"), (6, "LWTUNNEL_ENCAP_BPF"), (7, "LWTUNNEL_ENCAP_SEG6_LOCAL"),
    (8, "LWTUNNEL_ENCAP_RPL"), (9, "LWTUNNEL_ENCAP_IOAM6"), (10, "LWTUNNEL_ENCAP_XFRM"),
];

pub const ADDR_GEN_MODES: &[(u32, &str)] = &[
    (0, "IN6_ADDR_GEN_MODE_EUI64"), (1, "IN6_ADDR_GEN_MODE_NONE"), (2, "IN6_ADDR_GEN_MODE_STABLE_PRIVACY"), (3, "IN6_ADDR_GEN_MODE_RANDOM"),
];

// ---- errno -----------------------------------------------------------------------------

macro_rules! errnos {
    ($($name:ident)*) => { &[$((libc::$name as u32, stringify!($name)),)*] };
}

pub const ERRNOS: &[(u32, &str)] = errnos![
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
pub const KERNEL_ERRNOS: &[(u32, &str)] = &[
    (512, "ERESTARTSYS"), (513, "ERESTARTNOINTR"), (514, "ERESTARTNOHAND"), (515, "ENOIOCTLCMD"),
    (516, "ERESTART_RESTARTBLOCK"), (517, "EPROBE_DEFER"), (518, "EOPENSTALE"), (519, "ENOPARAM"),
    (521, "EBADHANDLE"), (522, "ENOTSYNC"), (523, "EBADCOOKIE"), (524, "ENOTSUPP"), (525, "ETOOSMALL"),
    (526, "ESERVERFAULT"), (527, "EBADTYPE"), (528, "EJUKEBOX"), (529, "EIOCBQUEUED"), (530, "ERECALLCONFLICT"),
];

pub fn errno_name(e: u32) -> Option<&'static str> {
    lookup(ERRNOS, e).or_else(|| lookup(KERNEL_ERRNOS, e))
}

// ---- attribute spaces ------------------------------------------------------------------

const STATS64: &[&str] = &[
    "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors", "tx_errors", "rx_dropped", "tx_dropped",
    "multicast", "collisions",
];

pub static IFLA: Space = Space {
    prefix: "IFLA",
    attrs: &[
        ("IFLA_UNSPEC", Hex), ("IFLA_ADDRESS", Mac), ("IFLA_BROADCAST", Mac), ("IFLA_IFNAME", Str),
        ("IFLA_MTU", U32), ("IFLA_LINK", U32), ("IFLA_QDISC", Str), ("IFLA_STATS", Struct32(STATS64)),
        ("IFLA_COST", Hex), ("IFLA_PRIORITY", Hex), ("IFLA_MASTER", U32), ("IFLA_WIRELESS", Hex),
        ("IFLA_PROTINFO", Hex), ("IFLA_TXQLEN", U32), ("IFLA_MAP", Hex), ("IFLA_WEIGHT", U32),
        ("IFLA_OPERSTATE", Enum8(IF_OPER)), ("IFLA_LINKMODE", U8), ("IFLA_LINKINFO", LinkInfo),
        ("IFLA_NET_NS_PID", U32), ("IFLA_IFALIAS", Str), ("IFLA_NUM_VF", U32), ("IFLA_VFINFO_LIST", Hex),
        ("IFLA_STATS64", Struct64(STATS64)), ("IFLA_VF_PORTS", Hex), ("IFLA_PORT_SELF", Hex),
        ("IFLA_AF_SPEC", AfSpec), ("IFLA_GROUP", U32), ("IFLA_NET_NS_FD", S32), ("IFLA_EXT_MASK", U32),
        ("IFLA_PROMISCUITY", U32), ("IFLA_NUM_TX_QUEUES", U32), ("IFLA_NUM_RX_QUEUES", U32),
        ("IFLA_CARRIER", U8), ("IFLA_PHYS_PORT_ID", Hex), ("IFLA_CARRIER_CHANGES", U32),
        ("IFLA_PHYS_SWITCH_ID", Hex), ("IFLA_LINK_NETNSID", S32), ("IFLA_PHYS_PORT_NAME", Str),
        ("IFLA_PROTO_DOWN", U8), ("IFLA_GSO_MAX_SEGS", U32), ("IFLA_GSO_MAX_SIZE", U32), ("IFLA_PAD", Hex),
        ("IFLA_XDP", Nest(&IFLA_XDP)), ("IFLA_EVENT", U32), ("IFLA_NEW_NETNSID", S32),
        ("IFLA_TARGET_NETNSID", S32), ("IFLA_CARRIER_UP_COUNT", U32), ("IFLA_CARRIER_DOWN_COUNT", U32),
        ("IFLA_NEW_IFINDEX", S32), ("IFLA_MIN_MTU", U32), ("IFLA_MAX_MTU", U32),
        ("IFLA_PROP_LIST", Nest(&IFLA)), ("IFLA_ALT_IFNAME", Str), ("IFLA_PERM_ADDRESS", Mac),
        ("IFLA_PROTO_DOWN_REASON", Hex), ("IFLA_PARENT_DEV_NAME", Str), ("IFLA_PARENT_DEV_BUS_NAME", Str),
        ("IFLA_GRO_MAX_SIZE", U32), ("IFLA_TSO_MAX_SIZE", U32), ("IFLA_TSO_MAX_SEGS", U32), ("IFLA_ALLMULTI", U32),
        // Newer than this system's UAPI headers (Linux 6.2 to 6.14's if_link.h).
        ("IFLA_DEVLINK_PORT", Hex), ("IFLA_GSO_IPV4_MAX_SIZE", U32), ("IFLA_GRO_IPV4_MAX_SIZE", U32),
        ("IFLA_DPLL_PIN", Nest(&UNKNOWN)), ("IFLA_MAX_PACING_OFFLOAD_HORIZON", U32), ("IFLA_NETNS_IMMUTABLE", U8),
        ("IFLA_HEADROOM", U16), ("IFLA_TAILROOM", U16),
    ],
};

pub static IFLA_XDP: Space = Space {
    prefix: "IFLA_XDP",
    attrs: &[
        ("IFLA_XDP_UNSPEC", Hex), ("IFLA_XDP_FD", S32), ("IFLA_XDP_ATTACHED", U8), ("IFLA_XDP_FLAGS", U32),
        ("IFLA_XDP_PROG_ID", U32), ("IFLA_XDP_DRV_PROG_ID", U32), ("IFLA_XDP_SKB_PROG_ID", U32),
        ("IFLA_XDP_HW_PROG_ID", U32), ("IFLA_XDP_EXPECTED_FD", S32),
    ],
};

pub static IFLA_INFO: Space = Space {
    prefix: "IFLA_INFO",
    attrs: &[
        ("IFLA_INFO_UNSPEC", Hex), ("IFLA_INFO_KIND", Str), ("IFLA_INFO_DATA", Hex), ("IFLA_INFO_XSTATS", Hex),
        ("IFLA_INFO_SLAVE_KIND", Str), ("IFLA_INFO_SLAVE_DATA", Hex),
    ],
};

/// Attributes of a kind's `IFLA_INFO_DATA` that are not decoded: types shown as numbers.
pub static UNKNOWN: Space = Space { prefix: "attr", attrs: &[] };

pub static IFLA_VLAN: Space = Space {
    prefix: "IFLA_VLAN",
    attrs: &[
        ("IFLA_VLAN_UNSPEC", Hex), ("IFLA_VLAN_ID", U16), ("IFLA_VLAN_FLAGS", Hex), ("IFLA_VLAN_EGRESS_QOS", Hex),
        ("IFLA_VLAN_INGRESS_QOS", Hex), ("IFLA_VLAN_PROTOCOL", Be16),
    ],
};

pub static VETH_INFO: Space = Space { prefix: "VETH_INFO", attrs: &[("VETH_INFO_UNSPEC", Hex), ("VETH_INFO_PEER", VethPeer)] };

pub static IFLA_INET: Space = Space { prefix: "IFLA_INET", attrs: &[("IFLA_INET_UNSPEC", Hex), ("IFLA_INET_CONF", Hex)] };

pub static IFLA_INET6: Space = Space {
    prefix: "IFLA_INET6",
    attrs: &[
        ("IFLA_INET6_UNSPEC", Hex), ("IFLA_INET6_FLAGS", U32), ("IFLA_INET6_CONF", Hex), ("IFLA_INET6_STATS", Hex),
        ("IFLA_INET6_MCAST", Hex),
        ("IFLA_INET6_CACHEINFO", Struct32(&["max_reasm_len", "tstamp", "reachable_time", "retrans_time"])),
        ("IFLA_INET6_ICMP6STATS", Hex), ("IFLA_INET6_TOKEN", Addr), ("IFLA_INET6_ADDR_GEN_MODE", Enum8(ADDR_GEN_MODES)),
        ("IFLA_INET6_RA_MTU", U32),
    ],
};

pub static IFLA_BRIDGE: Space = Space {
    prefix: "IFLA_BRIDGE",
    attrs: &[
        ("IFLA_BRIDGE_FLAGS", U16), ("IFLA_BRIDGE_MODE", U16), ("IFLA_BRIDGE_VLAN_INFO", Hex),
        ("IFLA_BRIDGE_VLAN_TUNNEL_INFO", Hex), ("IFLA_BRIDGE_MRP", Hex), ("IFLA_BRIDGE_CFM", Hex), ("IFLA_BRIDGE_MST", Hex),
    ],
};

pub static IFA: Space = Space {
    prefix: "IFA",
    attrs: &[
        ("IFA_UNSPEC", Hex), ("IFA_ADDRESS", Addr), ("IFA_LOCAL", Addr), ("IFA_LABEL", Str), ("IFA_BROADCAST", Addr),
        ("IFA_ANYCAST", Addr), ("IFA_CACHEINFO", Struct32(&["preferred", "valid", "cstamp", "tstamp"])),
        ("IFA_MULTICAST", Addr), ("IFA_FLAGS", Bits32(IFA_F)), ("IFA_RT_PRIORITY", U32), ("IFA_TARGET_NETNSID", S32),
        ("IFA_PROTO", U8),
    ],
};

pub static RTA: Space = Space {
    prefix: "RTA",
    attrs: &[
        ("RTA_UNSPEC", Hex), ("RTA_DST", Addr), ("RTA_SRC", Addr), ("RTA_IIF", U32), ("RTA_OIF", U32),
        ("RTA_GATEWAY", Addr), ("RTA_PRIORITY", U32), ("RTA_PREFSRC", Addr), ("RTA_METRICS", Nest(&RTAX)),
        ("RTA_MULTIPATH", Multipath), ("RTA_PROTOINFO", Hex), ("RTA_FLOW", U32),
        ("RTA_CACHEINFO", Struct32(&["clntref", "lastuse", "expires", "error", "used", "id", "ts", "tsage"])),
        ("RTA_SESSION", Hex), ("RTA_MP_ALGO", Hex), ("RTA_TABLE", U32), ("RTA_MARK", U32), ("RTA_MFC_STATS", Hex),
        ("RTA_VIA", Via), ("RTA_NEWDST", Hex), ("RTA_PREF", U8), ("RTA_ENCAP_TYPE", Enum8(ENCAP_TYPES)),
        ("RTA_ENCAP", Nest(&UNKNOWN)), ("RTA_EXPIRES", U64), ("RTA_PAD", Hex), ("RTA_UID", U32),
        ("RTA_TTL_PROPAGATE", U8), ("RTA_IP_PROTO", U8), ("RTA_SPORT", Be16), ("RTA_DPORT", Be16), ("RTA_NH_ID", U32),
    ],
};

pub static RTAX: Space = Space {
    prefix: "RTAX",
    attrs: &[
        ("RTAX_UNSPEC", Hex), ("RTAX_LOCK", U32), ("RTAX_MTU", U32), ("RTAX_WINDOW", U32), ("RTAX_RTT", U32),
        ("RTAX_RTTVAR", U32), ("RTAX_SSTHRESH", U32), ("RTAX_CWND", U32), ("RTAX_ADVMSS", U32),
        ("RTAX_REORDERING", U32), ("RTAX_HOPLIMIT", U32), ("RTAX_INITCWND", U32), ("RTAX_FEATURES", U32),
        ("RTAX_RTO_MIN", U32), ("RTAX_INITRWND", U32), ("RTAX_QUICKACK", U32), ("RTAX_CC_ALGO", Str),
        ("RTAX_FASTOPEN_NO_COOKIE", U32),
    ],
};

pub static NDA: Space = Space {
    prefix: "NDA",
    attrs: &[
        ("NDA_UNSPEC", Hex), ("NDA_DST", Addr), ("NDA_LLADDR", Mac),
        ("NDA_CACHEINFO", Struct32(&["confirmed", "used", "updated", "refcnt"])), ("NDA_PROBES", U32),
        ("NDA_VLAN", U16), ("NDA_PORT", Be16), ("NDA_VNI", U32), ("NDA_IFINDEX", U32), ("NDA_MASTER", U32),
        ("NDA_LINK_NETNSID", S32), ("NDA_SRC_VNI", U32), ("NDA_PROTOCOL", U8), ("NDA_NH_ID", U32),
        ("NDA_FDB_EXT_ATTRS", Nest(&UNKNOWN)), ("NDA_FLAGS_EXT", U32), ("NDA_NDM_STATE_MASK", U16),
        ("NDA_NDM_FLAGS_MASK", U8),
    ],
};

pub static FRA: Space = Space {
    prefix: "FRA",
    attrs: &[
        ("FRA_UNSPEC", Hex), ("FRA_DST", Addr), ("FRA_SRC", Addr), ("FRA_IIFNAME", Str), ("FRA_GOTO", U32),
        ("FRA_UNUSED2", Hex), ("FRA_PRIORITY", U32), ("FRA_UNUSED3", Hex), ("FRA_UNUSED4", Hex),
        ("FRA_UNUSED5", Hex), ("FRA_FWMARK", U32), ("FRA_FLOW", U32), ("FRA_TUN_ID", Be64),
        ("FRA_SUPPRESS_IFGROUP", U32), ("FRA_SUPPRESS_PREFIXLEN", U32), ("FRA_TABLE", U32), ("FRA_FWMASK", U32),
        ("FRA_OIFNAME", Str), ("FRA_PAD", Hex), ("FRA_L3MDEV", U8), ("FRA_UID_RANGE", Range32),
        ("FRA_PROTOCOL", Enum8(RTPROT)), ("FRA_IP_PROTO", U8), ("FRA_SPORT_RANGE", Range16),
        ("FRA_DPORT_RANGE", Range16),
    ],
};

pub static NHA: Space = Space {
    prefix: "NHA",
    attrs: &[
        ("NHA_UNSPEC", Hex), ("NHA_ID", U32), ("NHA_GROUP", NhGroup), ("NHA_GROUP_TYPE", U16), ("NHA_BLACKHOLE", Flag),
        ("NHA_OIF", U32), ("NHA_GATEWAY", Addr), ("NHA_ENCAP_TYPE", Enum8(ENCAP_TYPES)), ("NHA_ENCAP", Nest(&UNKNOWN)),
        ("NHA_GROUPS", Flag), ("NHA_MASTER", U32), ("NHA_FDB", Flag), ("NHA_RES_GROUP", Nest(&UNKNOWN)),
        ("NHA_RES_BUCKET", Nest(&UNKNOWN)),
    ],
};

pub static NETCONFA: Space = Space {
    prefix: "NETCONFA",
    attrs: &[
        ("NETCONFA_UNSPEC", Hex), ("NETCONFA_IFINDEX", S32), ("NETCONFA_FORWARDING", S32), ("NETCONFA_RP_FILTER", S32),
        ("NETCONFA_MC_FORWARDING", S32), ("NETCONFA_PROXY_NEIGH", S32),
        ("NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN", S32), ("NETCONFA_INPUT", S32), ("NETCONFA_BC_FORWARDING", S32),
    ],
};

pub static NETNSA: Space = Space {
    prefix: "NETNSA",
    attrs: &[
        ("NETNSA_NONE", Hex), ("NETNSA_NSID", S32), ("NETNSA_PID", U32), ("NETNSA_FD", U32),
        ("NETNSA_TARGET_NSID", S32), ("NETNSA_CURRENT_NSID", S32),
    ],
};

pub static TCA: Space = Space {
    prefix: "TCA",
    attrs: &[
        ("TCA_UNSPEC", Hex), ("TCA_KIND", Str), ("TCA_OPTIONS", Nest(&UNKNOWN)), ("TCA_STATS", Hex), ("TCA_XSTATS", Hex),
        ("TCA_RATE", Hex), ("TCA_FCNT", Hex), ("TCA_STATS2", Nest(&UNKNOWN)), ("TCA_STAB", Hex), ("TCA_PAD", Hex),
        ("TCA_DUMP_INVISIBLE", Flag), ("TCA_CHAIN", U32), ("TCA_HW_OFFLOAD", U8), ("TCA_INGRESS_BLOCK", U32),
        ("TCA_EGRESS_BLOCK", U32), ("TCA_DUMP_FLAGS", Struct32(&["value", "selector"])), ("TCA_EXT_WARN_MSG", Str),
    ],
};

pub static CTRL_ATTR: Space = Space {
    prefix: "CTRL_ATTR",
    attrs: &[
        ("CTRL_ATTR_UNSPEC", Hex), ("CTRL_ATTR_FAMILY_ID", U16), ("CTRL_ATTR_FAMILY_NAME", Str),
        ("CTRL_ATTR_VERSION", U32), ("CTRL_ATTR_HDRSIZE", U32), ("CTRL_ATTR_MAXATTR", U32),
        ("CTRL_ATTR_OPS", NestArray(&CTRL_ATTR_OP)), ("CTRL_ATTR_MCAST_GROUPS", NestArray(&CTRL_ATTR_MCAST_GRP)),
        ("CTRL_ATTR_POLICY", Nest(&UNKNOWN)), ("CTRL_ATTR_OP_POLICY", Nest(&UNKNOWN)), ("CTRL_ATTR_OP", U32),
    ],
};

pub const GENL_ADMIN: &[(u32, &str)] = &[
    (0x01, "GENL_ADMIN_PERM"), (0x02, "GENL_CMD_CAP_DO"), (0x04, "GENL_CMD_CAP_DUMP"), (0x08, "GENL_CMD_CAP_HASPOL"),
    (0x10, "GENL_UNS_ADMIN_PERM"),
];

pub static CTRL_ATTR_OP: Space = Space {
    prefix: "CTRL_ATTR_OP",
    attrs: &[("CTRL_ATTR_OP_UNSPEC", Hex), ("CTRL_ATTR_OP_ID", U32), ("CTRL_ATTR_OP_FLAGS", Bits32(GENL_ADMIN))],
};

pub static CTRL_ATTR_MCAST_GRP: Space = Space {
    prefix: "CTRL_ATTR_MCAST_GRP",
    attrs: &[("CTRL_ATTR_MCAST_GRP_UNSPEC", Hex), ("CTRL_ATTR_MCAST_GRP_NAME", Str), ("CTRL_ATTR_MCAST_GRP_ID", U32)],
};

pub static NLMSGERR_ATTR: Space = Space {
    prefix: "NLMSGERR_ATTR",
    attrs: &[
        ("NLMSGERR_ATTR_UNUSED", Hex), ("NLMSGERR_ATTR_MSG", Str), ("NLMSGERR_ATTR_OFFS", U32),
        ("NLMSGERR_ATTR_COOKIE", Hex), ("NLMSGERR_ATTR_POLICY", Nest(&UNKNOWN)), ("NLMSGERR_ATTR_MISS_TYPE", U32),
        ("NLMSGERR_ATTR_MISS_NEST", U32),
    ],
};
