/*
 * ctest: netns
 *
 * Dump filtering against the real kernel (spec 3.2, 3.3): the namespace is populated with
 * veth pairs, a bridge with ports, ifb and tap devices, IPv4/IPv6 addresses, 3000 IPv4 /32
 * routes (50 of them multipath, 20 built here with rta_addattr_l/rta_addattr32 as ip route
 * does), IPv6 routes, permanent neighbours, rules, nexthops (with a resilient group), an nsid
 * for a child's namespace, static fdb and mdb entries and an address label. Part of it is
 * created through rtnl_talk, the rest with `ip -batch` / `bridge`. Every dump goes through its
 * request helper and rtnl_dump_filter; every message the filter sees must carry our arg, our
 * pid, seq == rth.dump, NLM_F_MULTI, the expected type and family; the counts must equal our
 * bookkeeping and what `ip`/`bridge` (iproute2, run in the same namespace) count; the dump
 * returns 0 and prints nothing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/fib_rules.h>
#include <linux/if_addrlabel.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/net_namespace.h>
#include <linux/nexthop.h>
#include <linux/veth.h>
#include <libnetlink.h>
#include "ctest.h"

/* Labelled checks: `what` names the dump. */
#define CHECKW(what, cond) do { \
	ct_checks++; \
	if (!(cond)) { \
		ct_failures++; \
		fprintf(stderr, "%s:%d: [%s] CHECK(%s) failed\n", __FILE__, __LINE__, (what), #cond); \
	} \
} while (0)
#define CHECKW_INT(what, got, wantv) do { \
	long long g_ = (long long)(got), w_ = (long long)(wantv); \
	ct_checks++; \
	if (g_ != w_) { \
		ct_failures++; \
		fprintf(stderr, "%s:%d: [%s] %s == %lld, want %s == %lld\n", __FILE__, __LINE__, \
			(what), #got, g_, #wantv, w_); \
	} \
} while (0)

static struct rtnl_handle rth = { .fd = -1 };

/* ---- shell helpers ------------------------------------------------------------------- */

static char cmdbuf[8192];

/* Number of lines a shell command prints (the iproute2 oracle); exits with 2 if it fails. */
static long oracle_lines(const char *fmt, ...)
{
	va_list ap;
	FILE *p;
	long n = 0;
	int c;

	va_start(ap, fmt);
	vsnprintf(cmdbuf, sizeof(cmdbuf), fmt, ap);
	va_end(ap);
	p = popen(cmdbuf, "r");
	if (!p) {
		perror("popen");
		exit(2);
	}
	while ((c = fgetc(p)) != EOF)
		if (c == '\n')
			n++;
	if (pclose(p) != 0) {
		fprintf(stderr, "oracle command failed: %s\n", cmdbuf);
		exit(2);
	}
	return n;
}

static unsigned long fingerprint(void)
{
	FILE *p = popen("ip -6 addr; ip -6 route show table all; ip -4 route show table all; "
			"bridge fdb show; bridge mdb show; ip -o link; ip -4 neigh show nud all", "r");
	unsigned long h = 5381;
	int c;

	if (!p)
		exit(2);
	while ((c = fgetc(p)) != EOF)
		h = h * 33 + (unsigned)c;
	pclose(p);
	return h;
}

/* Waits until the asynchronous parts (link-local addresses, multicast joins) stop changing. */
static void settle(void)
{
	unsigned long a = fingerprint(), b;
	int i;

	for (i = 0; i < 30; i++) {
		usleep(300000);
		b = fingerprint();
		if (a == b && i >= 2)
			return;
		a = b;
	}
}

static char batch_path[64];
static FILE *batch_open(void)
{
	int fd;

	strcpy(batch_path, "/tmp/rnl_dump_objects_XXXXXX");
	fd = mkstemp(batch_path);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	return fdopen(fd, "w");
}

static void batch_run(FILE *f, const char *tool)
{
	fclose(f);
	sh("%s -batch %s", tool, batch_path);
	unlink(batch_path);
}

/* ---- objects created through rtnl_talk ----------------------------------------------- */

struct req {
	struct nlmsghdr n;
	char buf[4096];
};

static void talk_ok(const char *what, struct nlmsghdr *n)
{
	int r;

	ct_capture_begin();
	r = rtnl_talk(&rth, n, NULL);
	const char *err = ct_capture_end();
	if (r != 0 || *err) {
		fprintf(stderr, "rtnl_talk(%s) = %d: %s\n", what, r, err);
		exit(2);
	}
}

static void init_req(struct req *r, __u16 type, __u16 flags, const void *fh, size_t fhlen)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(fhlen);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | flags;
	memcpy(NLMSG_DATA(&r->n), fh, fhlen);
}

static void talk_link_up(int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
				 .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct req r;

	init_req(&r, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	talk_ok("link up", &r.n);
}

static void talk_veth(const char *name, const char *peer)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo, *data, *p;
	struct req r;

	init_req(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	addattr_l(&r.n, sizeof(r), IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = addattr_nest(&r.n, sizeof(r), IFLA_LINKINFO);
	addattr_l(&r.n, sizeof(r), IFLA_INFO_KIND, "veth", 4);
	data = addattr_nest(&r.n, sizeof(r), IFLA_INFO_DATA);
	p = addattr_nest(&r.n, sizeof(r), VETH_INFO_PEER);
	r.n.nlmsg_len += sizeof(struct ifinfomsg);
	addattr_l(&r.n, sizeof(r), IFLA_IFNAME, peer, strlen(peer) + 1);
	addattr_nest_end(&r.n, p);
	addattr_nest_end(&r.n, data);
	addattr_nest_end(&r.n, linkinfo);
	talk_ok("veth", &r.n);
}

static void talk_bridge(const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo;
	struct req r;

	init_req(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	addattr_l(&r.n, sizeof(r), IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = addattr_nest(&r.n, sizeof(r), IFLA_LINKINFO);
	addattr_l(&r.n, sizeof(r), IFLA_INFO_KIND, "bridge", 6);
	addattr_nest_end(&r.n, linkinfo);
	talk_ok("bridge", &r.n);
}

static void talk_addr4(int ifindex, const char *a, int plen)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = plen, .ifa_index = ifindex };
	struct req r;
	struct in_addr in;

	inet_pton(AF_INET, a, &in);
	init_req(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
	addattr_l(&r.n, sizeof(r), IFA_LOCAL, &in, 4);
	addattr_l(&r.n, sizeof(r), IFA_ADDRESS, &in, 4);
	talk_ok("addr", &r.n);
}

static __u32 ip4(const char *s)
{
	struct in_addr in;

	inet_pton(AF_INET, s, &in);
	return in.s_addr;
}

static __u32 route_dst(int i)
{
	return htonl((10u << 24) | (100u << 16) | (unsigned)i);
}

/* A multipath route as ip route builds it: RTA_MULTIPATH assembled in a separate rtattr with
 * rta_addattr_l, RTA_METRICS with rta_addattr32, both copied in with addattr_l. */
static void talk_mp_route(int i, int va0)
{
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 32, .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_BOOT, .rtm_scope = RT_SCOPE_UNIVERSE,
			     .rtm_type = RTN_UNICAST };
	union { struct rtattr a; char b[512]; } mx, met;
	struct rtnexthop *rtnh;
	__u32 gw[2] = { ip4("10.0.0.2"), ip4("10.0.0.3") };
	int weight[2] = { 1, 4 };
	struct req r;
	int k;

	init_req(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rtm, sizeof(rtm));
	addattr32(&r.n, sizeof(r), RTA_DST, route_dst(i));
	addattr32(&r.n, sizeof(r), RTA_PRIORITY, 7);

	memset(&met, 0, sizeof(met));
	met.a.rta_type = RTA_METRICS;
	met.a.rta_len = RTA_LENGTH(0);
	rta_addattr32(&met.a, sizeof(met), RTAX_MTU, 1400);
	addattr_l(&r.n, sizeof(r), RTA_METRICS, RTA_DATA(&met.a), RTA_PAYLOAD(&met.a));

	memset(&mx, 0, sizeof(mx));
	mx.a.rta_type = RTA_MULTIPATH;
	mx.a.rta_len = RTA_LENGTH(0);
	for (k = 0; k < 2; k++) {
		rtnh = (struct rtnexthop *)RTA_TAIL(&mx.a);
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_len = sizeof(*rtnh);
		rtnh->rtnh_ifindex = va0;
		rtnh->rtnh_hops = weight[k] - 1;
		mx.a.rta_len += rtnh->rtnh_len;
		rta_addattr_l(&mx.a, sizeof(mx), RTA_GATEWAY, &gw[k], 4);
		rtnh->rtnh_len += sizeof(struct rtattr) + 4;
	}
	addattr_l(&r.n, sizeof(r), RTA_MULTIPATH, RTA_DATA(&mx.a), RTA_PAYLOAD(&mx.a));
	talk_ok("multipath route", &r.n);
}

/* ---- the generic filter --------------------------------------------------------------- */

#define MAGIC 0x5eed1234u

struct seen {
	unsigned magic;
	const char *what;
	int type;		/* expected nlmsg_type */
	int family;		/* expected first payload byte, -1 for any */
	int count;
	int bad_seq, bad_pid, bad_type, bad_multi, bad_family;
	void (*each)(struct nlmsghdr *n, struct seen *s);
	int bad;		/* failures counted by `each` */
};

static int bad_arg;

static int collect(struct nlmsghdr *n, void *arg)
{
	struct seen *s = arg;

	if (!s || s->magic != MAGIC) {
		bad_arg++;
		return 0;
	}
	s->count++;
	if (n->nlmsg_seq != rth.dump)
		s->bad_seq++;
	if (n->nlmsg_pid != rth.local.nl_pid)
		s->bad_pid++;
	if (n->nlmsg_type != s->type)
		s->bad_type++;
	if (!(n->nlmsg_flags & NLM_F_MULTI))
		s->bad_multi++;
	if (s->family >= 0 && (n->nlmsg_len < NLMSG_LENGTH(1) ||
			       *(unsigned char *)NLMSG_DATA(n) != s->family))
		s->bad_family++;
	if (s->each && n->nlmsg_type == s->type)
		s->each(n, s);
	return 0;
}

#define EACH_CHECK(s, cond) do { \
	if (!(cond) && (s)->bad++ < 5) \
		fprintf(stderr, "%s:%d: [%s] message %d: %s is false\n", __FILE__, __LINE__, \
			(s)->what, (s)->count, #cond); \
} while (0)

static struct seen new_seen(const char *what, int type, int family,
			    void (*each)(struct nlmsghdr *, struct seen *))
{
	struct seen s = { .magic = MAGIC, .what = what, .type = type, .family = family,
			  .each = each };
	return s;
}

/* Runs rtnl_dump_filter for the request just sent (req_ret is the helper's result). */
static void dump(struct seen *s, int req_ret)
{
	const char *err;
	__u32 seq = rth.seq;
	int r;

	CHECKW(s->what, req_ret > 0);
	CHECKW_INT(s->what, rth.dump, seq);
	bad_arg = 0;
	ct_capture_begin();
	r = rtnl_dump_filter(&rth, collect, s);
	err = ct_capture_end();
	CHECKW_INT(s->what, r, 0);
	CHECKW(s->what, strcmp(err, "") == 0);
	if (*err)
		fprintf(stderr, "[%s] unexpected stderr: %s", s->what, err);
	CHECKW_INT(s->what, bad_arg, 0);
	CHECKW_INT(s->what, s->bad_seq, 0);
	CHECKW_INT(s->what, s->bad_pid, 0);
	CHECKW_INT(s->what, s->bad_type, 0);
	CHECKW_INT(s->what, s->bad_multi, 0);
	CHECKW_INT(s->what, s->bad_family, 0);
	CHECKW_INT(s->what, s->bad, 0);
	CHECKW_INT(s->what, rth.dump, seq);
	CHECKW_INT(s->what, rth.seq, seq);
}

/* ---- the namespace's objects ----------------------------------------------------------- */

#define NLINKS 10
static const char *link_names[NLINKS] = {
	"lo", "va0", "va1", "br0", "vb0", "vb1", "vc0", "vc1", "ifb0", "tap0"
};
static int idx[NLINKS];
enum { LO, VA0, VA1, BR0, VB0, VB1, VC0, VC1, IFB0, TAP0 };

#define NROUTES 3000
#define NMP_BATCH_FROM 2950
#define NMP_TALK_FROM 2980
#define N6ROUTES 100
#define N6MP 5
#define NNEIGH 60
#define NNEIGH6 20
#define NRULES 20
#define NNH 30
#define NFDB 40
#define NMDB 20

static int link_seen[NLINKS];
static int route_seen[NROUTES];
static int route6_seen[N6ROUTES], route6mp_seen[N6MP];
static int neigh_seen[256], neigh6_seen[NNEIGH6];
static int rule_seen[NRULES], rule_talk_seen;
static int nh_seen[512];
static int bucket_seen[8];
static int fdb_seen[NFDB], fdb_talk_seen;
static int mdb_seen[NMDB + 1];
static int addr_seen[8];
static int lbl_seen[2];
static int main_routes, local_routes;

static int link_no(int ifindex)
{
	for (int i = 0; i < NLINKS; i++)
		if (idx[i] == ifindex)
			return i;
	return -1;
}

static void each_link(struct nlmsghdr *n, struct seen *s)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	int k = link_no(ifi->ifi_index);

	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	EACH_CHECK(s, k >= 0);
	EACH_CHECK(s, tb[IFLA_IFNAME] != NULL);
	if (k < 0 || !tb[IFLA_IFNAME])
		return;
	link_seen[k]++;
	EACH_CHECK(s, strcmp(rta_getattr_str(tb[IFLA_IFNAME]), link_names[k]) == 0);
	EACH_CHECK(s, tb[IFLA_MTU] && rta_getattr_u32(tb[IFLA_MTU]) == (k == LO ? 65536u : 1500u));
	if (k == VB1 || k == VC1)
		EACH_CHECK(s, tb[IFLA_MASTER] && (int)rta_getattr_u32(tb[IFLA_MASTER]) == idx[BR0]);
	else
		EACH_CHECK(s, tb[IFLA_MASTER] == NULL);
	if (k >= VA0 && k <= VC1) {
		const char *kind = k == BR0 ? "bridge" : "veth";

		EACH_CHECK(s, tb[IFLA_LINKINFO] != NULL);
		if (!tb[IFLA_LINKINFO])
			return;
		parse_rtattr_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO]);
		EACH_CHECK(s, li[IFLA_INFO_KIND] && strcmp(rta_getattr_str(li[IFLA_INFO_KIND]), kind) == 0);
		EACH_CHECK(s, (ifi->ifi_flags & IFF_UP) != 0);
	}
}

static void each_port(struct nlmsghdr *n, struct seen *s)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);

	EACH_CHECK(s, ifi->ifi_index == idx[VB1] || ifi->ifi_index == idx[VC1]);
	EACH_CHECK(s, (n->nlmsg_flags & NLM_F_DUMP_FILTERED) != 0);
	if (ifi->ifi_index == idx[VB1])
		link_seen[VB1]++;
	if (ifi->ifi_index == idx[VC1])
		link_seen[VC1]++;
}

static void each_brport(struct nlmsghdr *n, struct seen *s)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	int k = link_no(ifi->ifi_index);

	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	EACH_CHECK(s, k == VB1 || k == VC1 || k == BR0);
	if (k < 0)
		return;
	link_seen[k]++;
	EACH_CHECK(s, tb[IFLA_IFNAME] && strcmp(rta_getattr_str(tb[IFLA_IFNAME]), link_names[k]) == 0);
	EACH_CHECK(s, tb[IFLA_MASTER] && (int)rta_getattr_u32(tb[IFLA_MASTER]) == idx[BR0]);
}

static int add_master_filter(struct nlmsghdr *nlh, int reqlen)
{
	return addattr32(nlh, reqlen, IFLA_MASTER, idx[BR0]);
}

static void each_addr4(struct nlmsghdr *n, struct seen *s)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];
	__u32 a;

	parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
	EACH_CHECK(s, tb[IFA_LOCAL] && RTA_PAYLOAD(tb[IFA_LOCAL]) == 4);
	if (!tb[IFA_LOCAL])
		return;
	a = rta_getattr_u32(tb[IFA_LOCAL]);
	if (a == ip4("127.0.0.1")) {
		addr_seen[0]++;
		EACH_CHECK(s, ifa->ifa_prefixlen == 8 && (int)ifa->ifa_index == idx[LO]);
	} else if (a == ip4("10.0.0.1")) {
		addr_seen[1]++;
		EACH_CHECK(s, ifa->ifa_prefixlen == 24 && (int)ifa->ifa_index == idx[VA0]);
		EACH_CHECK(s, tb[IFA_LABEL] && strcmp(rta_getattr_str(tb[IFA_LABEL]), "va0") == 0);
	} else if (a == ip4("10.0.1.1")) {
		addr_seen[2]++;
		EACH_CHECK(s, ifa->ifa_prefixlen == 24 && (int)ifa->ifa_index == idx[VB0]);
	} else {
		EACH_CHECK(s, !"an IPv4 address we did not add");
	}
}

static void each_addr6(struct nlmsghdr *n, struct seen *s)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];
	struct in6_addr a1, a2;

	inet_pton(AF_INET6, "2001:db8::1", &a1);
	inet_pton(AF_INET6, "2001:db8:1::1", &a2);
	parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
	EACH_CHECK(s, tb[IFA_ADDRESS] && RTA_PAYLOAD(tb[IFA_ADDRESS]) == 16);
	if (!tb[IFA_ADDRESS])
		return;
	if (memcmp(RTA_DATA(tb[IFA_ADDRESS]), &a1, 16) == 0) {
		addr_seen[3]++;
		EACH_CHECK(s, ifa->ifa_prefixlen == 64 && (int)ifa->ifa_index == idx[VA0]);
	} else if (memcmp(RTA_DATA(tb[IFA_ADDRESS]), &a2, 16) == 0) {
		addr_seen[4]++;
		EACH_CHECK(s, ifa->ifa_prefixlen == 64 && (int)ifa->ifa_index == idx[VB0]);
	}
}

/* Checks RTA_MULTIPATH: `n` nexthops with these gateways (length 4 or 16) and weights. */
static int check_multipath(struct rtattr *mp, int n, const void *gws, int alen, const int *weights,
			   int ifindex)
{
	struct rtnexthop *nh = RTA_DATA(mp);
	int len = RTA_PAYLOAD(mp), k = 0;

	while (len >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) && nh->rtnh_len <= len) {
		struct rtattr *tb[RTA_MAX + 1];

		if (k >= n)
			return 0;
		parse_rtattr(tb, RTA_MAX, RTNH_DATA(nh), nh->rtnh_len - sizeof(*nh));
		if (!tb[RTA_GATEWAY] || (int)RTA_PAYLOAD(tb[RTA_GATEWAY]) != alen ||
		    memcmp(RTA_DATA(tb[RTA_GATEWAY]), (const char *)gws + k * alen, alen) != 0)
			return 0;
		if (nh->rtnh_hops + 1 != weights[k] || nh->rtnh_ifindex != ifindex)
			return 0;
		k++;
		len -= RTNH_ALIGN(nh->rtnh_len);
		nh = RTNH_NEXT(nh);
	}
	return k == n && len == 0;
}

static void each_route4(struct nlmsghdr *n, struct seen *s)
{
	struct rtmsg *rtm = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1], *mx[RTAX_MAX + 1];
	__u32 dst, table;
	int i;

	parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
	EACH_CHECK(s, tb[RTA_TABLE] && RTA_PAYLOAD(tb[RTA_TABLE]) == 4);
	table = tb[RTA_TABLE] ? rta_getattr_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	EACH_CHECK(s, table == rtm->rtm_table);
	if (table == RT_TABLE_LOCAL)
		local_routes++;
	if (table != RT_TABLE_MAIN)
		return;
	main_routes++;
	if (!tb[RTA_DST] || rtm->rtm_dst_len != 32)
		return;
	dst = ntohl(rta_getattr_u32(tb[RTA_DST]));
	if ((dst >> 16) != ((10u << 8) | 100u))
		return;
	i = dst & 0xffff;
	EACH_CHECK(s, i < NROUTES);
	if (i >= NROUTES)
		return;
	route_seen[i]++;
	EACH_CHECK(s, rtm->rtm_type == RTN_UNICAST && rtm->rtm_family == AF_INET);
	if (i < NMP_BATCH_FROM) {
		EACH_CHECK(s, tb[RTA_GATEWAY] && rta_getattr_u32(tb[RTA_GATEWAY]) == ip4("10.0.0.2"));
		EACH_CHECK(s, tb[RTA_OIF] && (int)rta_getattr_u32(tb[RTA_OIF]) == idx[VA0]);
		EACH_CHECK(s, tb[RTA_MULTIPATH] == NULL);
	} else if (i < NMP_TALK_FROM) {
		__u32 gw[3] = { ip4("10.0.0.2"), ip4("10.0.0.3"), ip4("10.0.0.4") };
		int w[3] = { 1, 2, 3 };

		EACH_CHECK(s, tb[RTA_GATEWAY] == NULL);
		EACH_CHECK(s, tb[RTA_MULTIPATH] && check_multipath(tb[RTA_MULTIPATH], 3, gw, 4, w, idx[VA0]));
	} else {
		__u32 gw[2] = { ip4("10.0.0.2"), ip4("10.0.0.3") };
		int w[2] = { 1, 4 };

		EACH_CHECK(s, tb[RTA_MULTIPATH] && check_multipath(tb[RTA_MULTIPATH], 2, gw, 4, w, idx[VA0]));
		EACH_CHECK(s, tb[RTA_PRIORITY] && rta_getattr_u32(tb[RTA_PRIORITY]) == 7);
		EACH_CHECK(s, tb[RTA_METRICS] != NULL);
		if (tb[RTA_METRICS]) {
			parse_rtattr_nested(mx, RTAX_MAX, tb[RTA_METRICS]);
			EACH_CHECK(s, mx[RTAX_MTU] && rta_getattr_u32(mx[RTAX_MTU]) == 1400);
		}
	}
}

static void in6_make(struct in6_addr *a, unsigned word3, unsigned last)
{
	inet_pton(AF_INET6, "2001:db8::", a);
	a->s6_addr[4] = word3 >> 8;
	a->s6_addr[5] = word3 & 0xff;
	a->s6_addr[14] = last >> 8;
	a->s6_addr[15] = last & 0xff;
}

static void each_route6(struct nlmsghdr *n, struct seen *s)
{
	struct rtmsg *rtm = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];
	struct in6_addr want, gw[2];
	int w[2] = { 1, 1 };
	int i;

	parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
	if (!tb[RTA_DST] || rtm->rtm_dst_len != 128 || RTA_PAYLOAD(tb[RTA_DST]) != 16)
		return;
	inet_pton(AF_INET6, "2001:db8::2", &gw[0]);
	inet_pton(AF_INET6, "2001:db8::3", &gw[1]);
	for (i = 0; i < N6ROUTES; i++) {
		in6_make(&want, 0x100, i + 1);
		if (memcmp(RTA_DATA(tb[RTA_DST]), &want, 16) == 0) {
			route6_seen[i]++;
			EACH_CHECK(s, tb[RTA_GATEWAY] && memcmp(RTA_DATA(tb[RTA_GATEWAY]), &gw[0], 16) == 0);
			return;
		}
	}
	for (i = 0; i < N6MP; i++) {
		in6_make(&want, 0x200, i + 1);
		if (memcmp(RTA_DATA(tb[RTA_DST]), &want, 16) == 0) {
			route6mp_seen[i]++;
			EACH_CHECK(s, tb[RTA_MULTIPATH] &&
				   check_multipath(tb[RTA_MULTIPATH], 2, gw, 16, w, idx[VA0]));
			return;
		}
	}
}

static int other_neigh;
static void each_neigh4(struct nlmsghdr *n, struct seen *s)
{
	struct ndmsg *ndm = NLMSG_DATA(n);
	struct rtattr *tb[NDA_MAX + 1];
	unsigned char mac[6] = { 2, 0, 0, 0, 0, 0 };
	__u32 a;

	parse_rtattr(tb, NDA_MAX, NDA_RTA(ndm), NDA_PAYLOAD(n));
	EACH_CHECK(s, tb[NDA_DST] && RTA_PAYLOAD(tb[NDA_DST]) == 4);
	if (!tb[NDA_DST])
		return;
	a = ntohl(rta_getattr_u32(tb[NDA_DST]));
	if ((a >> 8) != (10u << 16) || (int)ndm->ndm_ifindex != idx[VA0]) {
		other_neigh++;	/* e.g. the IGMP group 224.0.0.22 (NOARP) on br0 */
		return;
	}
	a &= 0xff;
	neigh_seen[a]++;
	mac[5] = a;
	EACH_CHECK(s, ndm->ndm_state == NUD_PERMANENT && (int)ndm->ndm_ifindex == idx[VA0]);
	EACH_CHECK(s, tb[NDA_LLADDR] && RTA_PAYLOAD(tb[NDA_LLADDR]) == 6 &&
		   memcmp(RTA_DATA(tb[NDA_LLADDR]), mac, 6) == 0);
}

static void each_neigh6(struct nlmsghdr *n, struct seen *s)
{
	struct ndmsg *ndm = NLMSG_DATA(n);
	struct rtattr *tb[NDA_MAX + 1];
	struct in6_addr want;

	parse_rtattr(tb, NDA_MAX, NDA_RTA(ndm), NDA_PAYLOAD(n));
	EACH_CHECK(s, tb[NDA_DST] && RTA_PAYLOAD(tb[NDA_DST]) == 16);
	if (!tb[NDA_DST])
		return;
	for (int i = 0; i < NNEIGH6; i++) {
		in6_make(&want, 0, 0x100 + i);
		if (memcmp(RTA_DATA(tb[NDA_DST]), &want, 16) == 0) {
			neigh6_seen[i]++;
			EACH_CHECK(s, ndm->ndm_state == NUD_PERMANENT);
		}
	}
}

static void each_rule(struct nlmsghdr *n, struct seen *s)
{
	struct fib_rule_hdr *frh = NLMSG_DATA(n);
	struct rtattr *tb[FRA_MAX + 1];
	__u32 pref;

	parse_rtattr(tb, FRA_MAX, (struct rtattr *)((char *)frh + NLMSG_ALIGN(sizeof(*frh))),
		     NLMSG_PAYLOAD(n, sizeof(*frh)));
	/* the kernel leaves FRA_PRIORITY out for priority 0 (the local rule) */
	pref = tb[FRA_PRIORITY] ? rta_getattr_u32(tb[FRA_PRIORITY]) : 0;
	if (pref >= 1000 && pref < 1000 + NRULES) {
		rule_seen[pref - 1000]++;
		EACH_CHECK(s, frh->src_len == 24 && tb[FRA_SRC] &&
			   ntohl(rta_getattr_u32(tb[FRA_SRC])) == ((10u << 24) | (5u << 16) | ((pref - 1000) << 8)));
		EACH_CHECK(s, tb[FRA_TABLE] && rta_getattr_u32(tb[FRA_TABLE]) == 100);
	} else if (pref == 500) {
		rule_talk_seen++;
		EACH_CHECK(s, frh->dst_len == 16 && tb[FRA_DST] && rta_getattr_u32(tb[FRA_DST]) == ip4("10.6.0.0"));
		EACH_CHECK(s, frh->action == FR_ACT_TO_TBL && tb[FRA_TABLE] && rta_getattr_u32(tb[FRA_TABLE]) == 200);
	}
}

static void each_netconf(struct nlmsghdr *n, struct seen *s)
{
	struct netconfmsg *ncm = NLMSG_DATA(n);
	struct rtattr *tb[NETCONFA_MAX + 1];

	parse_rtattr(tb, NETCONFA_MAX, (struct rtattr *)((char *)ncm + NLMSG_ALIGN(sizeof(*ncm))),
		     NLMSG_PAYLOAD(n, sizeof(*ncm)));
	EACH_CHECK(s, tb[NETCONFA_IFINDEX] != NULL);
}

#define NHA_RTA_OF(nhm) ((struct rtattr *)((char *)(nhm) + NLMSG_ALIGN(sizeof(struct nhmsg))))

static void each_nexthop(struct nlmsghdr *n, struct seen *s)
{
	struct nhmsg *nhm = NLMSG_DATA(n);
	struct rtattr *tb[NHA_MAX + 1];
	__u32 id;

	parse_rtattr_flags(tb, NHA_MAX, NHA_RTA_OF(nhm), NLMSG_PAYLOAD(n, sizeof(*nhm)), NLA_F_NESTED);
	EACH_CHECK(s, tb[NHA_ID] != NULL);
	if (!tb[NHA_ID])
		return;
	id = rta_getattr_u32(tb[NHA_ID]);
	EACH_CHECK(s, id < 512);
	if (id >= 512)
		return;
	nh_seen[id]++;
	if (id >= 1 && id <= NNH) {
		EACH_CHECK(s, tb[NHA_GATEWAY] && rta_getattr_u32(tb[NHA_GATEWAY]) == ip4("10.0.0.2"));
		EACH_CHECK(s, tb[NHA_OIF] && (int)rta_getattr_u32(tb[NHA_OIF]) == idx[VA0]);
	} else if (id == 100) {
		EACH_CHECK(s, tb[NHA_GROUP] && RTA_PAYLOAD(tb[NHA_GROUP]) == 3 * sizeof(struct nexthop_grp));
	} else if (id == 200) {
		EACH_CHECK(s, tb[NHA_GATEWAY] && rta_getattr_u32(tb[NHA_GATEWAY]) == ip4("10.0.0.5"));
		EACH_CHECK(s, tb[NHA_OIF] && (int)rta_getattr_u32(tb[NHA_OIF]) == idx[VA0]);
	} else if (id == 300) {
		EACH_CHECK(s, tb[NHA_GROUP_TYPE] && rta_getattr_u16(tb[NHA_GROUP_TYPE]) == NEXTHOP_GRP_TYPE_RES);
	}
}

static void each_bucket(struct nlmsghdr *n, struct seen *s)
{
	struct nhmsg *nhm = NLMSG_DATA(n);
	struct rtattr *tb[NHA_MAX + 1], *b[NHA_RES_BUCKET_MAX + 1];
	__u16 i;

	parse_rtattr_flags(tb, NHA_MAX, NHA_RTA_OF(nhm), NLMSG_PAYLOAD(n, sizeof(*nhm)), NLA_F_NESTED);
	EACH_CHECK(s, tb[NHA_ID] && rta_getattr_u32(tb[NHA_ID]) == 300);
	EACH_CHECK(s, tb[NHA_RES_BUCKET] != NULL);
	if (!tb[NHA_RES_BUCKET])
		return;
	parse_rtattr_nested(b, NHA_RES_BUCKET_MAX, tb[NHA_RES_BUCKET]);
	EACH_CHECK(s, b[NHA_RES_BUCKET_INDEX] != NULL && b[NHA_RES_BUCKET_NH_ID] != NULL);
	if (!b[NHA_RES_BUCKET_INDEX] || !b[NHA_RES_BUCKET_NH_ID])
		return;
	i = rta_getattr_u16(b[NHA_RES_BUCKET_INDEX]);
	EACH_CHECK(s, i < 8);
	if (i < 8)
		bucket_seen[i]++;
	EACH_CHECK(s, rta_getattr_u32(b[NHA_RES_BUCKET_NH_ID]) == 1 ||
		   rta_getattr_u32(b[NHA_RES_BUCKET_NH_ID]) == 2);
}

static int stats_filter_calls;
static int stats_filter(struct ipstats_req *req, void *data)
{
	stats_filter_calls++;
	if (data != (void *)&stats_filter_calls)
		return -100;
	if (req->nlh.nlmsg_type != RTM_GETSTATS || req->ifsm.family != AF_UNSPEC ||
	    req->ifsm.filter_mask != IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64))
		return -101;
	return 0;
}

static void each_stats(struct nlmsghdr *n, struct seen *s)
{
	struct if_stats_msg *ifsm = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_STATS_MAX + 1];
	int k = link_no(ifsm->ifindex);

	parse_rtattr(tb, IFLA_STATS_MAX, IFLA_STATS_RTA(ifsm), NLMSG_PAYLOAD(n, sizeof(*ifsm)));
	EACH_CHECK(s, k >= 0);
	if (k >= 0)
		link_seen[k]++;
	EACH_CHECK(s, tb[IFLA_STATS_LINK_64] &&
		   RTA_PAYLOAD(tb[IFLA_STATS_LINK_64]) >= sizeof(struct rtnl_link_stats64));
	EACH_CHECK(s, tb[IFLA_STATS_LINK_XSTATS] == NULL);
}

static int fdb_filter_calls;
static int fdb_filter(struct nlmsghdr *nlh, int reqlen)
{
	fdb_filter_calls++;
	if (nlh->nlmsg_type != RTM_GETNEIGH || reqlen < (int)NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return -102;
	return 0;
}

static int fdb_master_filter(struct nlmsghdr *nlh, int reqlen)
{
	fdb_filter_calls++;
	return addattr32(nlh, reqlen, IFLA_MASTER, idx[BR0]);
}

static void each_fdb(struct nlmsghdr *n, struct seen *s)
{
	struct ndmsg *ndm = NLMSG_DATA(n);
	struct rtattr *tb[NDA_MAX + 1];
	const unsigned char *mac;

	parse_rtattr(tb, NDA_MAX, NDA_RTA(ndm), NDA_PAYLOAD(n));
	EACH_CHECK(s, tb[NDA_LLADDR] && RTA_PAYLOAD(tb[NDA_LLADDR]) == 6);
	if (!tb[NDA_LLADDR])
		return;
	mac = RTA_DATA(tb[NDA_LLADDR]);
	if (mac[0] == 2 && mac[1] == 0 && mac[2] == 0 && mac[3] == 0 && mac[4] == 0xaa) {
		EACH_CHECK(s, mac[5] < NFDB);
		if (mac[5] < NFDB)
			fdb_seen[mac[5]]++;
		EACH_CHECK(s, (int)ndm->ndm_ifindex == idx[VB1]);
		EACH_CHECK(s, ndm->ndm_state == NUD_NOARP);	/* "static" */
		EACH_CHECK(s, tb[NDA_MASTER] && (int)rta_getattr_u32(tb[NDA_MASTER]) == idx[BR0]);
	} else if (mac[0] == 2 && mac[4] == 0xbb && mac[5] == 1) {
		fdb_talk_seen++;
		EACH_CHECK(s, (int)ndm->ndm_ifindex == idx[VC1] && ndm->ndm_state == NUD_PERMANENT);
	}
}

static int mdb_msgs;
static void each_mdb(struct nlmsghdr *n, struct seen *s)
{
	struct br_port_msg *bpm = NLMSG_DATA(n);
	struct rtattr *tb[MDBA_MAX + 1], *e, *i;

	mdb_msgs++;
	EACH_CHECK(s, (int)bpm->ifindex == idx[BR0]);
	parse_rtattr(tb, MDBA_MAX, (struct rtattr *)((char *)bpm + NLMSG_ALIGN(sizeof(*bpm))),
		     NLMSG_PAYLOAD(n, sizeof(*bpm)));
	if (!tb[MDBA_MDB])
		return;
	rtattr_for_each_nested(e, tb[MDBA_MDB]) {
		if ((e->rta_type & ~NLA_F_NESTED) != MDBA_MDB_ENTRY)
			continue;
		rtattr_for_each_nested(i, e) {
			struct br_mdb_entry *me;
			__u32 grp;

			if ((i->rta_type & ~NLA_F_NESTED) != MDBA_MDB_ENTRY_INFO)
				continue;
			EACH_CHECK(s, RTA_PAYLOAD(i) >= sizeof(*me));
			if (RTA_PAYLOAD(i) < sizeof(*me))
				continue;
			me = RTA_DATA(i);
			if (me->addr.proto != htons(ETH_P_IP))
				continue;
			grp = ntohl(me->addr.u.ip4);
			if ((grp >> 8) != ((239u << 16) | (1u << 8) | 1u))
				continue;
			grp &= 0xff;
			EACH_CHECK(s, grp >= 1 && grp <= NMDB);
			if (grp >= 1 && grp <= NMDB)
				mdb_seen[grp]++;
			EACH_CHECK(s, (int)me->ifindex == idx[VB1] && me->state == MDB_PERMANENT);
		}
	}
}

static void each_addrlbl(struct nlmsghdr *n, struct seen *s)
{
	struct ifaddrlblmsg *ifal = NLMSG_DATA(n);
	struct rtattr *tb[IFAL_MAX + 1];
	struct in6_addr a99, a98;

	inet_pton(AF_INET6, "2001:db8:99::", &a99);
	inet_pton(AF_INET6, "2001:db8:98::", &a98);
	parse_rtattr(tb, IFAL_MAX, (struct rtattr *)((char *)ifal + NLMSG_ALIGN(sizeof(*ifal))),
		     NLMSG_PAYLOAD(n, sizeof(*ifal)));
	EACH_CHECK(s, tb[IFAL_ADDRESS] && RTA_PAYLOAD(tb[IFAL_ADDRESS]) == 16 && tb[IFAL_LABEL]);
	if (!tb[IFAL_ADDRESS] || !tb[IFAL_LABEL])
		return;
	if (memcmp(RTA_DATA(tb[IFAL_ADDRESS]), &a99, 16) == 0) {
		lbl_seen[0]++;
		EACH_CHECK(s, ifal->ifal_prefixlen == 48 && rta_getattr_u32(tb[IFAL_LABEL]) == 99);
	} else if (memcmp(RTA_DATA(tb[IFAL_ADDRESS]), &a98, 16) == 0) {
		lbl_seen[1]++;
		EACH_CHECK(s, ifal->ifal_prefixlen == 48 && rta_getattr_u32(tb[IFAL_LABEL]) == 98);
	}
}

static void each_ntbl(struct nlmsghdr *n, struct seen *s)
{
	struct ndtmsg *ndtm = NLMSG_DATA(n);
	struct rtattr *tb[NDTA_MAX + 1];

	parse_rtattr(tb, NDTA_MAX, NDTA_RTA(ndtm), NDTA_PAYLOAD(n));
	EACH_CHECK(s, tb[NDTA_NAME] && strcmp(rta_getattr_str(tb[NDTA_NAME]), "arp_cache") == 0);
}

static int nsid_filter_calls;
static int nsid_filter(struct nlmsghdr *nlh, int reqlen)
{
	nsid_filter_calls++;
	return nlh->nlmsg_type == RTM_GETNSID && reqlen > (int)NLMSG_LENGTH(sizeof(struct rtgenmsg)) ? 0 : -103;
}

static void each_nsid(struct nlmsghdr *n, struct seen *s)
{
	struct rtattr *tb[NETNSA_MAX + 1];

	parse_rtattr(tb, NETNSA_MAX, NETNS_RTA(NLMSG_DATA(n)), NETNS_PAYLOAD(n));
	EACH_CHECK(s, tb[NETNSA_NSID] && rta_getattr_u32(tb[NETNSA_NSID]) == 7);
}

/* ---- populate ------------------------------------------------------------------------ */

static pid_t nsid_child = -1;

static void populate(void)
{
	FILE *b;
	int i;

	/* No DAD and no router solicitations in this namespace: fewer asynchronous changes. */
	sh("echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad; "
	   "echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad; "
	   "echo 0 > /proc/sys/net/ipv6/conf/default/router_solicitations");

	talk_link_up(1);
	talk_veth("va0", "va1");
	talk_bridge("br0");
	sh("ip link add vb0 type veth peer name vb1 && ip link add vc0 type veth peer name vc1 && "
	   "ip link add ifb0 type ifb && ip tuntap add tap0 mode tap && "
	   "ip link set vb1 master br0 && ip link set vc1 master br0");
	for (i = 0; i < NLINKS; i++) {
		idx[i] = if_nametoindex(link_names[i]);
		if (idx[i] <= 0) {
			fprintf(stderr, "no link %s\n", link_names[i]);
			exit(2);
		}
	}
	for (i = VA0; i <= VC1; i++)
		talk_link_up(idx[i]);

	talk_addr4(idx[VA0], "10.0.0.1", 24);
	sh("ip addr add 10.0.1.1/24 dev vb0 && ip -6 addr add 2001:db8::1/64 dev va0 nodad && "
	   "ip -6 addr add 2001:db8:1::1/64 dev vb0 nodad");

	b = batch_open();
	for (i = 0; i < NMP_BATCH_FROM; i++)
		fprintf(b, "route add 10.100.%d.%d/32 via 10.0.0.2\n", i >> 8, i & 255);
	for (; i < NMP_TALK_FROM; i++)
		fprintf(b, "route add 10.100.%d.%d/32 nexthop via 10.0.0.2 weight 1 "
			"nexthop via 10.0.0.3 weight 2 nexthop via 10.0.0.4 weight 3\n", i >> 8, i & 255);
	for (i = 0; i < N6ROUTES; i++)
		fprintf(b, "route add 2001:db8:100::%x/128 via 2001:db8::2\n", i + 1);
	for (i = 0; i < N6MP; i++)
		fprintf(b, "route add 2001:db8:200::%x/128 nexthop via 2001:db8::2 dev va0 "
			"nexthop via 2001:db8::3 dev va0\n", i + 1);
	for (i = 0; i < NNEIGH; i++)
		fprintf(b, "neigh add 10.0.0.%d lladdr 02:00:00:00:00:%02x dev va0 nud permanent\n",
			100 + i, 100 + i);
	for (i = 0; i < NNEIGH6; i++)
		fprintf(b, "neigh add 2001:db8::%x lladdr 02:00:00:00:01:%02x dev va0 nud permanent\n",
			0x100 + i, i);
	for (i = 0; i < NRULES; i++)
		fprintf(b, "rule add from 10.5.%d.0/24 table 100 pref %d\n", i, 1000 + i);
	for (i = 1; i <= NNH; i++)
		fprintf(b, "nexthop add id %d via 10.0.0.2 dev va0\n", i);
	fprintf(b, "nexthop add id 100 group 1/2/3\n");
	fprintf(b, "nexthop add id 300 group 1/2 type resilient buckets 8\n");
	fprintf(b, "addrlabel add prefix 2001:db8:99::/48 label 99\n");
	batch_run(b, "ip");
	for (i = NMP_TALK_FROM; i < NROUTES; i++)
		talk_mp_route(i, idx[VA0]);

	{	/* a neighbour, a rule, a nexthop, a label, an fdb entry through rtnl_talk */
		struct ndmsg ndm = { .ndm_family = AF_INET, .ndm_ifindex = idx[VA0],
				     .ndm_state = NUD_PERMANENT };
		struct fib_rule_hdr frh = { .family = AF_INET, .dst_len = 16, .table = 200,
					    .action = FR_ACT_TO_TBL };
		struct nhmsg nhm = { .nh_family = AF_INET };
		struct ifaddrlblmsg ifal = { .ifal_family = AF_INET6, .ifal_prefixlen = 48 };
		struct ndmsg fdb = { .ndm_family = AF_BRIDGE, .ndm_ifindex = idx[VC1],
				     .ndm_state = NUD_PERMANENT, .ndm_flags = NTF_MASTER };
		unsigned char mac[6] = { 2, 0, 0, 0, 0, 200 }, mac2[6] = { 2, 0, 0, 0, 0xbb, 1 };
		struct in6_addr a98;
		struct req r;

		init_req(&r, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, &ndm, sizeof(ndm));
		addattr32(&r.n, sizeof(r), NDA_DST, ip4("10.0.0.200"));
		addattr_l(&r.n, sizeof(r), NDA_LLADDR, mac, 6);
		talk_ok("neigh", &r.n);

		init_req(&r, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, &frh, sizeof(frh));
		addattr32(&r.n, sizeof(r), FRA_PRIORITY, 500);
		addattr32(&r.n, sizeof(r), FRA_DST, ip4("10.6.0.0"));
		talk_ok("rule", &r.n);

		init_req(&r, RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, &nhm, sizeof(nhm));
		addattr32(&r.n, sizeof(r), NHA_ID, 200);
		addattr32(&r.n, sizeof(r), NHA_OIF, idx[VA0]);
		addattr32(&r.n, sizeof(r), NHA_GATEWAY, ip4("10.0.0.5"));
		talk_ok("nexthop", &r.n);

		inet_pton(AF_INET6, "2001:db8:98::", &a98);
		init_req(&r, RTM_NEWADDRLABEL, NLM_F_CREATE | NLM_F_EXCL, &ifal, sizeof(ifal));
		addattr_l(&r.n, sizeof(r), IFAL_ADDRESS, &a98, 16);
		addattr32(&r.n, sizeof(r), IFAL_LABEL, 98);
		talk_ok("addrlabel", &r.n);

		init_req(&r, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, &fdb, sizeof(fdb));
		addattr_l(&r.n, sizeof(r), NDA_LLADDR, mac2, 6);
		talk_ok("fdb", &r.n);
	}

	b = batch_open();
	for (i = 0; i < NFDB; i++)
		fprintf(b, "fdb add 02:00:00:00:aa:%02x dev vb1 master static\n", i);
	for (i = 1; i <= NMDB; i++)
		fprintf(b, "mdb add dev br0 port vb1 grp 239.1.1.%d permanent\n", i);
	batch_run(b, "bridge");

	{	/* a child in its own network namespace, given nsid 7 here */
		int pfd[2];
		char c;
		struct rtgenmsg g = { .rtgen_family = AF_UNSPEC };
		struct req r;

		if (pipe(pfd) < 0)
			exit(2);
		nsid_child = fork();
		if (nsid_child == 0) {
			if (unshare(CLONE_NEWNET) < 0)
				_exit(1);
			if (write(pfd[1], "x", 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
		close(pfd[1]);
		if (read(pfd[0], &c, 1) != 1) {
			fprintf(stderr, "nsid child failed\n");
			exit(2);
		}
		close(pfd[0]);
		init_req(&r, RTM_NEWNSID, 0, &g, sizeof(g));
		addattr32(&r.n, sizeof(r), NETNSA_NSID, 7);
		addattr32(&r.n, sizeof(r), NETNSA_PID, nsid_child);
		talk_ok("nsid", &r.n);
	}
	settle();
}

static int positive_calls;
static int positive(struct nlmsghdr *n, void *arg)
{
	(void)n;
	++*(int *)arg;
	return 1;
}

static void check_all_once(const char *what, const int *seen, int from, int to)
{
	int bad = 0;

	for (int i = from; i < to; i++)
		if (seen[i] != 1 && bad++ < 5)
			fprintf(stderr, "[%s] object %d seen %d times\n", what, i, seen[i]);
	CHECKW_INT(what, bad, 0);
}

int main(void)
{
	struct seen s;
	int r;

	if (rtnl_open(&rth, 0) < 0)
		return 2;
	populate();

	/* links */
	memset(link_seen, 0, sizeof(link_seen));
	s = new_seen("link", RTM_NEWLINK, AF_UNSPEC, each_link);
	dump(&s, rtnl_linkdump_req(&rth, AF_UNSPEC));
	CHECKW_INT("link", s.count, NLINKS);
	CHECKW_INT("link", s.count, oracle_lines("ip -o link show"));
	check_all_once("link", link_seen, 0, NLINKS);

	/* links filtered by the kernel on IFLA_MASTER, the attribute added by the request filter */
	memset(link_seen, 0, sizeof(link_seen));
	s = new_seen("link master", RTM_NEWLINK, AF_UNSPEC, each_port);
	dump(&s, rtnl_linkdump_req_filter_fn(&rth, AF_UNSPEC, add_master_filter));
	CHECKW_INT("link master", s.count, 2);
	CHECKW_INT("link master", s.count, oracle_lines("ip -o link show master br0"));
	CHECKW_INT("link master", link_seen[VB1] + 10 * link_seen[VC1], 11);

	/* bridge ports (AF_BRIDGE link dump): the ports; with RTEXT_FILTER_BRVLAN also the
	 * bridge itself */
	memset(link_seen, 0, sizeof(link_seen));
	s = new_seen("link bridge", RTM_NEWLINK, AF_BRIDGE, each_brport);
	dump(&s, rtnl_linkdump_req(&rth, AF_BRIDGE));
	CHECKW_INT("link bridge", s.count, 2);
	CHECKW_INT("link bridge", s.count, oracle_lines("bridge link show"));
	CHECKW_INT("link bridge", link_seen[VB1] + 10 * link_seen[VC1], 11);

	memset(link_seen, 0, sizeof(link_seen));
	s = new_seen("link bridge vlan", RTM_NEWLINK, AF_BRIDGE, each_brport);
	dump(&s, rtnl_linkdump_req_filter(&rth, AF_BRIDGE, RTEXT_FILTER_BRVLAN));
	CHECKW_INT("link bridge vlan", s.count, 3);
	CHECKW_INT("link bridge vlan", link_seen[VB1] + 10 * link_seen[VC1] + 100 * link_seen[BR0], 111);

	/* addresses */
	memset(addr_seen, 0, sizeof(addr_seen));
	s = new_seen("addr4", RTM_NEWADDR, AF_INET, each_addr4);
	dump(&s, rtnl_addrdump_req(&rth, AF_INET, NULL));
	CHECKW_INT("addr4", s.count, 3);
	CHECKW_INT("addr4", s.count, oracle_lines("ip -o -4 addr show"));
	check_all_once("addr4", addr_seen, 0, 3);

	s = new_seen("addr6", RTM_NEWADDR, AF_INET6, each_addr6);
	dump(&s, rtnl_addrdump_req(&rth, AF_INET6, NULL));
	CHECKW_INT("addr6", s.count, oracle_lines("ip -o -6 addr show"));
	/* ::1 on lo, our two, one link-local per up veth/bridge (7) */
	CHECKW_INT("addr6", s.count, 1 + 2 + 7);
	check_all_once("addr6", addr_seen, 3, 5);

	/* IPv4 routes, all tables */
	main_routes = local_routes = 0;
	s = new_seen("route4", RTM_NEWROUTE, AF_INET, each_route4);
	dump(&s, rtnl_routedump_req(&rth, AF_INET, NULL));
	CHECKW_INT("route4", s.count, oracle_lines("ip -o -4 route show table all"));
	CHECKW_INT("route4", main_routes, NROUTES + 2);
	CHECKW_INT("route4", main_routes, oracle_lines("ip -o -4 route show table main"));
	/* local: 127.0.0.0/8, 127.0.0.1, 127.255.255.255, and local + broadcast per address */
	CHECKW_INT("route4", local_routes, 3 + 2 * 2);
	CHECKW_INT("route4", s.count, main_routes + local_routes);
	check_all_once("route4", route_seen, 0, NROUTES);

	/* IPv6 routes */
	s = new_seen("route6", RTM_NEWROUTE, AF_INET6, each_route6);
	dump(&s, rtnl_routedump_req(&rth, AF_INET6, NULL));
	CHECKW_INT("route6", s.count, oracle_lines("ip -o -6 route show table all"));
	CHECKW("route6", s.count > N6ROUTES + N6MP);
	check_all_once("route6", route6_seen, 0, N6ROUTES);
	check_all_once("route6 multipath", route6mp_seen, 0, N6MP);

	/* neighbours */
	s = new_seen("neigh4", RTM_NEWNEIGH, AF_INET, each_neigh4);
	dump(&s, rtnl_neighdump_req(&rth, AF_INET, NULL));
	CHECKW_INT("neigh4", s.count - other_neigh, NNEIGH + 1);
	CHECKW_INT("neigh4", s.count, oracle_lines("ip -4 neigh show nud all"));
	check_all_once("neigh4", neigh_seen, 100, 100 + NNEIGH);
	CHECKW_INT("neigh4", neigh_seen[200], 1);

	s = new_seen("neigh6", RTM_NEWNEIGH, AF_INET6, each_neigh6);
	dump(&s, rtnl_neighdump_req(&rth, AF_INET6, NULL));
	CHECKW("neigh6", s.count >= NNEIGH6);
	check_all_once("neigh6", neigh6_seen, 0, NNEIGH6);

	/* rules */
	s = new_seen("rule4", RTM_NEWRULE, AF_INET, each_rule);
	dump(&s, rtnl_ruledump_req(&rth, AF_INET));
	CHECKW_INT("rule4", s.count, 3 + NRULES + 1);
	CHECKW_INT("rule4", s.count, oracle_lines("ip -4 rule show"));
	check_all_once("rule4", rule_seen, 0, NRULES);
	CHECKW_INT("rule4", rule_talk_seen, 1);

	s = new_seen("rule6", RTM_NEWRULE, AF_INET6, NULL);
	dump(&s, rtnl_ruledump_req(&rth, AF_INET6));
	CHECKW_INT("rule6", s.count, 2);
	CHECKW_INT("rule6", s.count, oracle_lines("ip -6 rule show"));

	/* netconf: one per device plus "all" and "default" */
	s = new_seen("netconf4", RTM_NEWNETCONF, AF_INET, each_netconf);
	dump(&s, rtnl_netconfdump_req(&rth, AF_INET));
	CHECKW_INT("netconf4", s.count, NLINKS + 2);
	CHECKW_INT("netconf4", s.count, oracle_lines("ip -4 netconf show"));

	s = new_seen("netconf6", RTM_NEWNETCONF, AF_INET6, each_netconf);
	dump(&s, rtnl_netconfdump_req(&rth, AF_INET6));
	CHECKW_INT("netconf6", s.count, NLINKS + 2);
	CHECKW_INT("netconf6", s.count, oracle_lines("ip -6 netconf show"));

	/* nexthops and the resilient group's buckets */
	s = new_seen("nexthop", RTM_NEWNEXTHOP, -1, each_nexthop);
	dump(&s, rtnl_nexthopdump_req(&rth, AF_UNSPEC, NULL));
	CHECKW_INT("nexthop", s.count, NNH + 3);
	CHECKW_INT("nexthop", s.count, oracle_lines("ip nexthop show"));
	check_all_once("nexthop", nh_seen, 1, NNH + 1);
	CHECKW_INT("nexthop", nh_seen[100] + nh_seen[200] + nh_seen[300], 3);

	s = new_seen("nexthop bucket", RTM_NEWNEXTHOPBUCKET, -1, each_bucket);
	dump(&s, rtnl_nexthop_bucket_dump_req(&rth, AF_UNSPEC, NULL));
	CHECKW_INT("nexthop bucket", s.count, 8);
	CHECKW_INT("nexthop bucket", s.count, oracle_lines("ip nexthop bucket show"));
	check_all_once("nexthop bucket", bucket_seen, 0, 8);

	/* link statistics: one message per link, only the 64-bit counters asked for */
	memset(link_seen, 0, sizeof(link_seen));
	stats_filter_calls = 0;
	s = new_seen("stats", RTM_NEWSTATS, AF_UNSPEC, each_stats);
	dump(&s, rtnl_statsdump_req_filter(&rth, AF_UNSPEC, IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64),
					   stats_filter, &stats_filter_calls));
	CHECKW_INT("stats", stats_filter_calls, 1);
	CHECKW_INT("stats", s.count, NLINKS);
	check_all_once("stats", link_seen, 0, NLINKS);

	/* fdb, as `bridge fdb show` asks for it, and as a neighbour dump of AF_BRIDGE */
	fdb_filter_calls = 0;
	s = new_seen("fdb", RTM_NEWNEIGH, AF_BRIDGE, each_fdb);
	dump(&s, rtnl_fdb_linkdump_req_filter_fn(&rth, fdb_filter));
	CHECKW_INT("fdb", fdb_filter_calls, 1);
	CHECKW_INT("fdb", s.count, oracle_lines("bridge fdb show"));
	CHECKW("fdb", s.count > NFDB + 1);
	check_all_once("fdb", fdb_seen, 0, NFDB);
	CHECKW_INT("fdb", fdb_talk_seen, 1);
	{
		int all = s.count;

		memset(fdb_seen, 0, sizeof(fdb_seen));
		fdb_talk_seen = 0;
		s = new_seen("fdb neighdump", RTM_NEWNEIGH, AF_BRIDGE, each_fdb);
		dump(&s, rtnl_neighdump_req(&rth, AF_BRIDGE, NULL));
		CHECKW_INT("fdb neighdump", s.count, all);
		check_all_once("fdb neighdump", fdb_seen, 0, NFDB);
		CHECKW_INT("fdb neighdump", fdb_talk_seen, 1);

		memset(fdb_seen, 0, sizeof(fdb_seen));
		fdb_talk_seen = 0;
		s = new_seen("fdb br0", RTM_NEWNEIGH, AF_BRIDGE, each_fdb);
		dump(&s, rtnl_fdb_linkdump_req_filter_fn(&rth, fdb_master_filter));
		CHECKW_INT("fdb br0", fdb_filter_calls, 2);
		CHECKW_INT("fdb br0", s.count, oracle_lines("bridge fdb show br br0"));
		CHECKW("fdb br0", s.count < all);
		check_all_once("fdb br0", fdb_seen, 0, NFDB);
		CHECKW_INT("fdb br0", fdb_talk_seen, 1);
	}

	/* mdb */
	mdb_msgs = 0;
	/* the kernel answers an mdb dump with RTM_GETMDB messages and family 0 */
	s = new_seen("mdb", RTM_GETMDB, 0, each_mdb);
	dump(&s, rtnl_mdbdump_req(&rth, AF_BRIDGE));
	CHECKW("mdb", mdb_msgs >= 1);
	check_all_once("mdb", mdb_seen, 1, NMDB + 1);
	CHECKW_INT("mdb", NMDB, oracle_lines("bridge mdb show | grep 'grp 239.1.1.'"));

	/* address labels */
	s = new_seen("addrlbl", RTM_NEWADDRLABEL, AF_INET6, each_addrlbl);
	dump(&s, rtnl_addrlbldump_req(&rth, AF_INET6));
	CHECKW_INT("addrlbl", s.count, oracle_lines("ip addrlabel list"));
	CHECKW("addrlbl", s.count > 2);
	check_all_once("addrlbl", lbl_seen, 0, 2);

	/* neighbour tables: arp_cache itself, then its parameters per device */
	s = new_seen("neightbl", RTM_NEWNEIGHTBL, AF_INET, each_ntbl);
	dump(&s, rtnl_neightbldump_req(&rth, AF_INET));
	CHECKW_INT("neightbl", s.count, 1 + NLINKS);
	CHECKW_INT("neightbl", s.count, oracle_lines("ip -4 ntable show | grep arp_cache"));

	/* nsid of the child's namespace */
	nsid_filter_calls = 0;
	s = new_seen("nsid", RTM_NEWNSID, AF_UNSPEC, each_nsid);
	dump(&s, rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, nsid_filter));
	CHECKW_INT("nsid", nsid_filter_calls, 1);
	CHECKW_INT("nsid", s.count, 1);
	CHECKW_INT("nsid", s.count, oracle_lines("ip netns list-id"));
	kill(nsid_child, SIGKILL);
	waitpid(nsid_child, NULL, 0);

	/* the same handle still dumps: the link count once more, after all of the above */
	s = new_seen("link again", RTM_NEWLINK, AF_UNSPEC, NULL);
	dump(&s, rtnl_linkdump_req(&rth, AF_UNSPEC));
	CHECKW_INT("link again", s.count, NLINKS);

	/* a filter returning a positive value does not stop the dump (spec 3.3: >= 0 is
	 * ignored): every rule still reaches it */
	positive_calls = 0;
	r = rtnl_ruledump_req(&rth, AF_INET);
	CHECK(r > 0);
	r = rtnl_dump_filter(&rth, positive, &positive_calls);
	CHECK_INT(r, 0);
	CHECK_INT(positive_calls, 3 + NRULES + 1);

	rtnl_close(&rth);
	return ct_result("dump_objects");
}
