/*
 *
 * The header side of the attribute layer used the way iproute2's tools use it (spec 2.6, 2.7,
 * 2.8, section 7): an RTM_NEWLINK request built with addattr* / addattr_nest, walked back with
 * IFLA_RTA / IFLA_PAYLOAD, parse_rtattr_flags(NLA_F_NESTED), parse_rtattr_nested and
 * rtattr_for_each_nested, values read with the rta_getattr_* inlines and rta_type; the
 * fallback *_RTA / *_PAYLOAD macros, RTA_TAIL, NLMSG_TAIL, and GENL_REQUEST of <libgenl.h>.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <libnetlink.h>
#include <libgenl.h>
#include <linux/if_bridge.h>
#include "ctest.h"

#define RTA(len, type) H16(len), H16(type)

/* Ends a capture during which nothing may reach stderr; whatever did (library text, or the
 * report of a CHECK that failed meanwhile) is shown as it was. */
#define QUIET_END() quiet_end(__LINE__)
static void quiet_end(int line)
{
	const char *text = ct_capture_end();

	ct_checks++;
	if (*text) {
		ct_failures++;
		fprintf(stderr, "%s:%d: unexpected stderr output:\n%s", __FILE__, line, text);
	}
}

/* Attribute types inside our IFLA_INFO_DATA, one per getter. */
enum {
	D_UNSPEC, D_U8, D_U16, D_U32, D_U64, D_S32, D_S64, D_BE16, D_BE32, D_BE64, D_STR, D_FLAG,
	D_ODD, D_NBO, D_BIG, D_MAX = D_BIG,
};

struct linkreq {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[1024];
};

static struct rtattr **new_tb(int max)
{
	struct rtattr **tb = malloc(sizeof(*tb) * (max + 1));

	if (!tb)
		exit(2);
	for (int i = 0; i <= max; i++)
		tb[i] = (struct rtattr *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL;
	return tb;
}

/* ip link add veth0 mtu 1400 type veth ..., as ip/iplink.c builds it (the request in an exact
 * heap block instead of on the stack). Offsets follow from the builders of spec 3.9. */
static struct linkreq *build_newlink(void)
{
	static const unsigned char odd[3] = { 1, 2, 3 };
	static const unsigned char big[16] = { 0 };
	struct linkreq *req = calloc(1, sizeof(*req));
	struct rtattr *linkinfo, *data, *afspec, *inet;
	int max = sizeof(*req);

	req->n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	req->n.nlmsg_type = RTM_NEWLINK;
	req->i.ifi_family = AF_UNSPEC;

	ct_capture_begin();
	CHECK_INT(addattr_l(&req->n, max, IFLA_IFNAME, "veth0", strlen("veth0") + 1), 0);
	CHECK_INT(addattr32(&req->n, max, IFLA_MTU, 1400), 0);
	linkinfo = addattr_nest(&req->n, max, IFLA_LINKINFO);
	CHECK_INT(addattr_l(&req->n, max, IFLA_INFO_KIND, "veth", strlen("veth")), 0);
	data = addattr_nest(&req->n, max, IFLA_INFO_DATA);
	CHECK_INT(addattr8(&req->n, max, D_U8, 0xfe), 0);
	CHECK_INT(addattr16(&req->n, max, D_U16, 0xbeef), 0);
	CHECK_INT(addattr32(&req->n, max, D_U32, 0xdeadbeef), 0);
	CHECK_INT(addattr64(&req->n, max, D_U64, 0x0102030405060708ULL), 0);
	CHECK_INT(addattr32(&req->n, max, D_S32, (__u32)-5), 0);
	CHECK_INT(addattr64(&req->n, max, D_S64, (__u64)-6000000000LL), 0);
	CHECK_INT(addattr16(&req->n, max, D_BE16, htons(0x1234)), 0);
	CHECK_INT(addattr32(&req->n, max, D_BE32, htonl(0x0a000001)), 0);
	CHECK_INT(addattr64(&req->n, max, D_BE64, 0x1122334455667788ULL), 0);
	CHECK_INT(addattrstrz(&req->n, max, D_STR, "peer0"), 0);
	CHECK_INT(addattr(&req->n, max, D_FLAG), 0);
	CHECK_INT(addattr_l(&req->n, max, D_ODD, odd, sizeof(odd)), 0);
	CHECK_INT(addattr16(&req->n, max, D_NBO | NLA_F_NET_BYTEORDER, htons(80)), 0);
	CHECK_INT(addattr_l(&req->n, max, D_BIG, big, sizeof(big)), 0);
	CHECK_INT(addattr_nest_end(&req->n, data), 204);
	CHECK_INT(addattr_nest_end(&req->n, linkinfo), 204);
	afspec = addattr_nest(&req->n, max, IFLA_AF_SPEC | NLA_F_NESTED);
	inet = addattr_nest(&req->n, max, AF_INET | NLA_F_NESTED);
	CHECK_INT(addattr32(&req->n, max, 1, 7), 0);
	CHECK_INT(addattr_nest_end(&req->n, inet), 220);
	CHECK_INT(addattr_nest_end(&req->n, afspec), 220);
	QUIET_END();

	/* Where everything landed: 32 ifname, 44 mtu, 52 linkinfo, 56 kind, 64 data .. 204,
	 * 204 af_spec, 208 inet, 212 its attribute, 220 end. */
	CHECK((char *)linkinfo == (char *)req + 52);
	CHECK((char *)data == (char *)req + 64);
	CHECK((char *)afspec == (char *)req + 204);
	CHECK_INT(linkinfo->rta_len, 152);
	CHECK_INT(linkinfo->rta_type, IFLA_LINKINFO); /* addattr_nest adds no flag */
	CHECK_INT(data->rta_len, 140);
	CHECK_INT(afspec->rta_len, 16);
	CHECK_INT(afspec->rta_type, IFLA_AF_SPEC | NLA_F_NESTED);
	CHECK_INT(inet->rta_len, 12);
	CHECK_INT(req->n.nlmsg_len, 220);
	return req;
}

/* The getters on our IFLA_INFO_DATA attributes (spec 2.8). */
static void check_getters(struct rtattr **d)
{
	/* Plain host-order reads. */
	CHECK_INT(rta_getattr_u8(d[D_U8]), 0xfe);
	CHECK_INT(rta_getattr_u16(d[D_U16]), 0xbeef);
	CHECK_INT(rta_getattr_u32(d[D_U32]), 0xdeadbeef);
	CHECK(rta_getattr_u64(d[D_U64]) == 0x0102030405060708ULL);
	CHECK_INT(rta_getattr_s32(d[D_S32]), -5);
	CHECK_INT(rta_getattr_s64(d[D_S64]), -6000000000LL);

	/* be16 / be32: the stored network-order value comes back in HOST order (ntohs/ntohl). */
	CHECK_INT(((unsigned char *)RTA_DATA(d[D_BE16]))[0], 0x12);
	CHECK_INT(rta_getattr_be16(d[D_BE16]), 0x1234);
	CHECK_INT(rta_getattr_be32(d[D_BE32]), 0x0a000001);
	/* be64: the stored host-order value read in network order: byte-swapped on a
	 * little-endian host, itself on a big-endian one. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	CHECK(rta_getattr_be64(d[D_BE64]) == 0x8877665544332211ULL);
#else
	CHECK(rta_getattr_be64(d[D_BE64]) == 0x1122334455667788ULL);
#endif

	/* str: RTA_DATA itself. */
	CHECK(rta_getattr_str(d[D_STR]) == (const char *)RTA_DATA(d[D_STR]));
	CHECK_STR(rta_getattr_str(d[D_STR]), "peer0");

	/* uint: dispatch on RTA_PAYLOAD 1/2/4/8; any other size gives all ones. */
	CHECK(rta_getattr_uint(d[D_U8]) == 0xfe);
	CHECK(rta_getattr_uint(d[D_U16]) == 0xbeef);
	CHECK(rta_getattr_uint(d[D_U32]) == 0xdeadbeef);
	CHECK(rta_getattr_uint(d[D_S32]) == 0xfffffffbULL); /* u32 zero-extended */
	CHECK(rta_getattr_uint(d[D_U64]) == 0x0102030405060708ULL);
	CHECK(rta_getattr_uint(d[D_FLAG]) == ~0ULL);        /* payload 0 */
	CHECK(rta_getattr_uint(d[D_ODD]) == ~0ULL);         /* payload 3 */
	CHECK(rta_getattr_uint(d[D_STR]) == ~0ULL);         /* payload 6 */
	CHECK(rta_getattr_uint(d[D_BIG]) == ~0ULL);         /* payload 16 */

	/* Flag attributes are tested by presence. */
	CHECK(d[D_FLAG] != NULL);
	CHECK_INT(RTA_PAYLOAD(d[D_FLAG]), 0);

	/* Return types of the inlines. */
	CHECK_INT(sizeof(rta_getattr_u8(d[D_U8])), 1);
	CHECK_INT(sizeof(rta_getattr_u16(d[D_U8])), 2);
	CHECK_INT(sizeof(rta_getattr_be16(d[D_U8])), 2);
	CHECK_INT(sizeof(rta_getattr_u32(d[D_U8])), 4);
	CHECK_INT(sizeof(rta_getattr_be32(d[D_U8])), 4);
	CHECK_INT(sizeof(rta_getattr_s32(d[D_U8])), 4);
	CHECK_INT(sizeof(rta_getattr_u64(d[D_U8])), 8);
	CHECK_INT(sizeof(rta_getattr_be64(d[D_U8])), 8);
	CHECK_INT(sizeof(rta_getattr_s64(d[D_U8])), 8);
	CHECK_INT(sizeof(rta_getattr_uint(d[D_U8])), 8);
#define IS_TYPE(expr, type) _Generic((expr), type: 1, default: 0)
	CHECK(IS_TYPE(rta_getattr_u8(d[D_U8]), __u8));
	CHECK(IS_TYPE(rta_getattr_u16(d[D_U8]), __u16));
	CHECK(IS_TYPE(rta_getattr_be16(d[D_U8]), __be16));
	CHECK(IS_TYPE(rta_getattr_u32(d[D_U8]), __u32));
	CHECK(IS_TYPE(rta_getattr_be32(d[D_U8]), __be32));
	CHECK(IS_TYPE(rta_getattr_s32(d[D_U8]), __s32));
	CHECK(IS_TYPE(rta_getattr_u64(d[D_U8]), __u64));
	CHECK(IS_TYPE(rta_getattr_be64(d[D_U8]), __be64));
	CHECK(IS_TYPE(rta_getattr_s64(d[D_U8]), __s64));
	CHECK(IS_TYPE(rta_getattr_uint(d[D_U8]), __u64));
	CHECK(IS_TYPE(rta_getattr_str(d[D_U8]), const char *));
	CHECK(IS_TYPE(rta_type(d[D_U8]), int));
}

/* Walk the request back as ip does: IFLA_RTA / IFLA_PAYLOAD, parse_rtattr_flags with
 * NLA_F_NESTED (as ll_map.c), parse_rtattr_nested, rtattr_for_each_nested, the getters. */
static void test_newlink_roundtrip(void)
{
	struct linkreq *req = build_newlink();
	struct ifinfomsg *ifi = NLMSG_DATA(&req->n);
	struct rtattr **tb = new_tb(IFLA_MAX);
	struct rtattr **li = new_tb(IFLA_INFO_MAX);
	struct rtattr **d = new_tb(D_MAX);
	struct rtattr **af = new_tb(AF_MAX);
	struct rtattr **in = new_tb(3);
	struct rtattr *attr;
	int len = IFLA_PAYLOAD(&req->n);
	int count = 0, types[32];

	CHECK(ifi == &req->i);
	CHECK((char *)IFLA_RTA(ifi) == (char *)req + 32);
	CHECK_INT(len, 220 - 32);

	ct_capture_begin();
	/* Without flags the NESTED-flagged IFLA_AF_SPEC is ignored. */
	CHECK_INT(parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), len), 0);
	CHECK(tb[IFLA_AF_SPEC] == NULL);
	CHECK(tb[IFLA_LINKINFO] != NULL);

	CHECK_INT(parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), len, NLA_F_NESTED), 0);
	CHECK((char *)tb[IFLA_IFNAME] == (char *)req + 32);
	CHECK_STR(rta_getattr_str(tb[IFLA_IFNAME]), "veth0");
	CHECK_INT(rta_getattr_u32(tb[IFLA_MTU]), 1400);
	CHECK((char *)tb[IFLA_AF_SPEC] == (char *)req + 204);
	CHECK_INT(rta_type(tb[IFLA_AF_SPEC]), IFLA_AF_SPEC);
	CHECK(tb[IFLA_ADDRESS] == NULL && tb[IFLA_UNSPEC] == NULL && tb[IFLA_MAX] == NULL);

	CHECK_INT(parse_rtattr_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO]), 0);
	CHECK_INT(RTA_PAYLOAD(li[IFLA_INFO_KIND]), 4);
	CHECK(memcmp(rta_getattr_str(li[IFLA_INFO_KIND]), "veth", 4) == 0);
	CHECK(li[IFLA_INFO_DATA] != NULL);
	CHECK(li[IFLA_INFO_SLAVE_KIND] == NULL);

	CHECK_INT(parse_rtattr_nested(d, D_MAX, li[IFLA_INFO_DATA]), 0);
	/* parse_rtattr_nested masks NESTED only: the NET_BYTEORDER one is not found... */
	CHECK(d[D_NBO] == NULL);
	check_getters(d);

	/* ...but rtattr_for_each_nested sees every attribute, and rta_type masks both flags. */
	rtattr_for_each_nested(attr, li[IFLA_INFO_DATA]) {
		if (count < 32)
			types[count] = rta_type(attr);
		count++;
		if (rta_type(attr) == D_NBO) {
			CHECK_INT(attr->rta_type, D_NBO | NLA_F_NET_BYTEORDER);
			CHECK_INT(rta_getattr_be16(attr), 80);
		}
	}
	CHECK_INT(count, D_MAX);
	for (int i = 0; i < count && i < 32; i++)
		CHECK_QUIET(types[i] == i + 1, "for_each_nested: attribute %d has type %d", i, types[i]);

	/* Nested AF_SPEC: both levels carry NLA_F_NESTED, masked by parse_rtattr_nested. */
	CHECK_INT(parse_rtattr_nested(af, AF_MAX, tb[IFLA_AF_SPEC]), 0);
	CHECK((char *)af[AF_INET] == (char *)req + 208);
	CHECK_INT(rta_type(af[AF_INET]), AF_INET);
	CHECK_INT(parse_rtattr_nested(in, 3, af[AF_INET]), 0);
	CHECK_INT(rta_getattr_u32(in[1]), 7);
	CHECK(parse_rtattr_one_nested(1, af[AF_INET]) == in[1]);
	QUIET_END();

	free(in);
	free(af);
	free(d);
	free(li);
	free(tb);
	free(req);
}

/* rta_type masks NESTED (0x8000) and NET_BYTEORDER (0x4000) but nothing else. */
static void test_rta_type(void)
{
	static const unsigned short types[][2] = {
		{ 0x0005, 5 }, { 0x8005, 5 }, { 0x4005, 5 }, { 0xC005, 5 }, { 0x3fff, 0x3fff },
		{ 0xffff, 0x3fff }, { 0x8000, 0 },
	};
	struct rtattr *rta = malloc(sizeof(*rta));

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		rta->rta_len = 4;
		rta->rta_type = types[i][0];
		CHECK_QUIET(rta_type(rta) == types[i][1], "rta_type(0x%x) = 0x%x, want 0x%x",
			    types[i][0], rta_type(rta), types[i][1]);
	}
	free(rta);
}

/* The 64-bit getters copy with memcpy: they work at an odd address. The payload is the
 * host-order value 0x8102030405060708; in network order its bytes read byte-swapped on a
 * little-endian host (0x0807060504030281), as themselves on a big-endian one. */
static void test_unaligned_u64(void)
{
	static const unsigned char bytes[] = {
		0, RTA(12, 1), H64(0x8102030405060708ULL),
	};
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const unsigned long long be = 0x0807060504030281ULL;
#else
	const unsigned long long be = 0x8102030405060708ULL;
#endif
	unsigned char *buf = malloc(sizeof(bytes));
	struct rtattr *rta;

	memcpy(buf, bytes, sizeof(bytes));
	rta = (struct rtattr *)(buf + 1);
	CHECK(rta_getattr_u64(rta) == 0x8102030405060708ULL);
	CHECK(rta_getattr_s64(rta) == (__s64)0x8102030405060708ULL);
	CHECK(rta_getattr_be64(rta) == be);
	CHECK(rta_getattr_uint(rta) == 0x8102030405060708ULL);
	free(buf);
}

/* Fallback header-offset macros (2.7): *_RTA(r) = r + NLMSG_ALIGN(sizeof hdr), *_PAYLOAD(n)
 * = NLMSG_PAYLOAD(n, sizeof hdr) = nlmsg_len - NLMSG_SPACE(sizeof hdr). Header sizes: ifaddrmsg
 * 8, ifinfomsg 16, ndmsg 12, ndtmsg 4, rtgenmsg 1 (aligned to 4), if_stats_msg 12,
 * br_vlan_msg 8, tunnel_msg 8. */
static void test_offset_macros(void)
{
	struct nlmsghdr *n = calloc(1, 104);
	char *r = NLMSG_DATA(n);

	CHECK(r == (char *)n + 16);
	CHECK((char *)IFA_RTA(r) == r + 8);
	CHECK((char *)IFLA_RTA(r) == r + 16);
	CHECK((char *)NDA_RTA(r) == r + 12);
	CHECK((char *)NDTA_RTA(r) == r + 4);
	CHECK((char *)NETNS_RTA(r) == r + 4);
	CHECK((char *)IFLA_STATS_RTA(r) == r + 12);
	CHECK((char *)BRVLAN_RTA(r) == r + 8);
	CHECK((char *)TUNNEL_RTA(r) == r + 8);

	n->nlmsg_len = 100;
	CHECK_INT(IFA_PAYLOAD(n), 100 - 16 - 8);
	CHECK_INT(IFLA_PAYLOAD(n), 100 - 16 - 16);
	CHECK_INT(NDA_PAYLOAD(n), 100 - 16 - 12);
	CHECK_INT(NDTA_PAYLOAD(n), 100 - 16 - 4);
	CHECK_INT(NETNS_PAYLOAD(n), 100 - 16 - 4);
	/* Unaligned nlmsg_len: the payload is not rounded. */
	n->nlmsg_len = 103;
	CHECK_INT(IFA_PAYLOAD(n), 103 - 24);
	CHECK_INT(NDA_PAYLOAD(n), 103 - 28);
	CHECK_INT(NETNS_PAYLOAD(n), 103 - 20);
	free(n);
}

/* RTA_TAIL(rta) = rta + RTA_ALIGN(rta_len); NLMSG_TAIL(n) = n + NLMSG_ALIGN(nlmsg_len). */
static void test_tail_macros(void)
{
	struct nlmsghdr *n = calloc(1, 64);
	struct rtattr *rta = (struct rtattr *)((char *)n + 16);

	for (unsigned int len = 16; len <= 48; len++) {
		n->nlmsg_len = len;
		CHECK_QUIET((char *)NLMSG_TAIL(n) == (char *)n + ((len + 3) & ~3u), "NLMSG_TAIL(%u)", len);
	}
	for (unsigned short len = 0; len <= 40; len++) {
		rta->rta_len = len;
		CHECK_QUIET((char *)RTA_TAIL(rta) == (char *)rta + ((len + 3) & ~3u), "RTA_TAIL(%u)", len);
	}
	CHECK_INT(sizeof(*NLMSG_TAIL(n)), sizeof(struct rtattr));
	CHECK_INT(sizeof(*RTA_TAIL(rta)), sizeof(struct rtattr));
	free(n);
}

/* GENL_REQUEST (section 7): a local struct { nlmsghdr n; genlmsghdr g;
 * char buf[NLMSG_ALIGN(hdrsiz) + bufsiz]; } with type, flags, nlmsg_len =
 * NLMSG_LENGTH(GENL_HDRLEN + hdrsiz), cmd and version set; used with addattr_l. */
static void test_genl_request(void)
{
	GENL_REQUEST(req, 1024, GENL_ID_CTRL, 0, 1, CTRL_CMD_GETFAMILY, NLM_F_REQUEST);
	GENL_REQUEST(req2, 64, 0x1c, 4, 2, 7, NLM_F_REQUEST | NLM_F_ACK);
	GENL_REQUEST(req3, 10, 0x1d, 2, 3, 9, NLM_F_REQUEST | NLM_F_DUMP);
	static const unsigned char want_attr[] = { RTA(11, CTRL_ATTR_FAMILY_NAME), 'n', 'l', 'c', 't', 'r', 'l', 0 };

	CHECK_INT(GENL_HDRLEN, 4);
	CHECK_INT(sizeof(req), 16 + 4 + 1024);
	CHECK_INT(req.n.nlmsg_len, 20);
	CHECK_INT(req.n.nlmsg_type, GENL_ID_CTRL);
	CHECK_INT(req.n.nlmsg_flags, NLM_F_REQUEST);
	CHECK_INT(req.n.nlmsg_seq, 0);
	CHECK_INT(req.n.nlmsg_pid, 0);
	CHECK_INT(req.g.cmd, CTRL_CMD_GETFAMILY);
	CHECK_INT(req.g.version, 1);
	CHECK_INT(req.g.reserved, 0);
	CHECK_INT(offsetof(__typeof__(req), g), 16);
	CHECK_INT(offsetof(__typeof__(req), buf), 20);

	ct_capture_begin();
	CHECK_INT(addattr_l(&req.n, sizeof(req), CTRL_ATTR_FAMILY_NAME, "nlctrl", strlen("nlctrl") + 1), 0);
	QUIET_END();
	CHECK_INT(req.n.nlmsg_len, 32);
	CHECK(memcmp(req.buf, want_attr, sizeof(want_attr)) == 0);

	CHECK_INT(sizeof(req2), 16 + 4 + 4 + 64);
	CHECK_INT(sizeof(req2.buf), 4 + 64);
	CHECK_INT(req2.n.nlmsg_len, 24);
	CHECK_INT(req2.n.nlmsg_type, 0x1c);
	CHECK_INT(req2.n.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_INT(req2.g.cmd, 7);
	CHECK_INT(req2.g.version, 2);

	CHECK_INT(sizeof(req3.buf), 4 + 10); /* NLMSG_ALIGN(2) + 10 */
	CHECK_INT(req3.n.nlmsg_len, 22);
	CHECK_INT(req3.n.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	CHECK_INT(req3.g.cmd, 9);
	CHECK_INT(req3.g.version, 3);
}

int main(void)
{
	test_newlink_roundtrip();
	test_rta_type();
	test_unaligned_u64();
	test_offset_macros();
	test_tail_macros();
	test_genl_request();
	return ct_result("attr_inlines");
}
