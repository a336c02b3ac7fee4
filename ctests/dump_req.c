/*
 * ctest: netns
 * ctest: ldflags -ldl
 *
 * The dump-request helpers of <libnetlink.h> (spec 3.2): for every function, the exact bytes
 * it puts on the wire (captured by interposing send and sendmsg, which the library calls
 * through its PLT), the destination, rth.seq / rth.dump afterwards, the return value, the
 * filter contract, the -EINVAL and NULL cases, and that the kernel accepts each request (the
 * dump is read to its NLMSG_DONE or NLMSG_ERROR with plain recv() on rth.fd). Loopback is
 * brought up first, so the namespace has an address and local routes to dump.
 * Host byte order is whatever the kernel structs give: expected bytes are built from them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/if_addrlabel.h>
#include <linux/if_bridge.h>
#include <linux/net_namespace.h>
#include <linux/nexthop.h>
#include <libnetlink.h>
#include "ctest.h"

#define DUMP_FLAGS (NLM_F_DUMP | NLM_F_REQUEST)
#define VIA_SEND 1
#define VIA_SENDMSG 2

/* ---- send / sendmsg interposition ---------------------------------------------------- */

static struct {
	int calls;
	int via;
	int flags;
	size_t len;
	size_t iovlen;
	socklen_t namelen;
	int has_name;
	struct sockaddr_nl name;
	unsigned char buf[8192];
} cap;

static void cap_reset(void)
{
	memset(&cap, 0, sizeof(cap));
}

static void cap_append(const void *p, size_t n)
{
	size_t room = sizeof(cap.buf) - cap.len;

	memcpy(cap.buf + cap.len, p, n < room ? n : room);
	cap.len += n;
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "send");
	cap.calls++;
	cap.via = VIA_SEND;
	cap.flags = flags;
	cap.len = 0;
	cap_append(buf, n);
	return real(fd, buf, n, flags);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	size_t i;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sendmsg");
	cap.calls++;
	cap.via = VIA_SENDMSG;
	cap.flags = flags;
	cap.len = 0;
	cap.iovlen = msg->msg_iovlen;
	for (i = 0; i < msg->msg_iovlen; i++)
		cap_append(msg->msg_iov[i].iov_base, msg->msg_iov[i].iov_len);
	cap.namelen = msg->msg_namelen;
	cap.has_name = msg->msg_name != NULL;
	if (msg->msg_name && msg->msg_namelen >= sizeof(cap.name))
		memcpy(&cap.name, msg->msg_name, sizeof(cap.name));
	return real(fd, msg, flags);
}

/* ---- expected bytes ------------------------------------------------------------------ */

static unsigned char want[2048];
static size_t want_len;

/* A zeroed request of `total` bytes: the header, then the family header `fh`. */
static void want_req(size_t total, __u32 len, __u16 type, __u32 seq, const void *fh, size_t fhlen)
{
	struct nlmsghdr h;

	memset(want, 0, sizeof(want));
	memset(&h, 0, sizeof(h));
	h.nlmsg_len = len;
	h.nlmsg_type = type;
	h.nlmsg_flags = DUMP_FLAGS;
	h.nlmsg_seq = seq;
	h.nlmsg_pid = 0;
	memcpy(want, &h, sizeof(h));
	if (fhlen)
		memcpy(want + sizeof(h), fh, fhlen);
	want_len = total;
}

static void want_attr32(size_t off, __u16 type, __u32 v)
{
	struct rtattr a = { .rta_len = 8, .rta_type = type };

	memcpy(want + off, &a, sizeof(a));
	memcpy(want + off + 4, &v, 4);
}

/* Labelled checks: `what` names the call. */
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
		fprintf(stderr, "%s:%d: [%s] %s == %lld, want %lld\n", __FILE__, __LINE__, (what), \
			#got, g_, w_); \
	} \
} while (0)

static struct rtnl_handle rth = { .fd = -1 };
static __u32 s0;

#define BEGIN() do { cap_reset(); s0 = rth.seq; errno = 0; } while (0)

static void check_seq(const char *what)
{
	CHECKW_INT(what, rth.seq, s0 + 1);
	CHECKW_INT(what, rth.dump, s0 + 1);
}

/* The call returned `ret` after sending exactly want[0..want_len) once, through `via`. */
static void check_sent(const char *what, int ret, int via)
{
	size_t i;

	check_seq(what);
	CHECKW_INT(what, ret, want_len);
	CHECKW_INT(what, cap.calls, 1);
	CHECKW_INT(what, cap.via, via);
	CHECKW_INT(what, cap.flags, 0);
	CHECKW_INT(what, cap.len, want_len);
	for (i = 0; i < want_len && i < cap.len; i++)
		if (cap.buf[i] != want[i])
			break;
	ct_checks++;
	if (i < want_len && i < cap.len) {
		ct_failures++;
		fprintf(stderr, "[%s] byte %zu is 0x%02x, want 0x%02x\n", what, i, cap.buf[i], want[i]);
	}
	if (via == VIA_SENDMSG) {
		CHECKW(what, cap.has_name);
		CHECKW_INT(what, cap.namelen, sizeof(struct sockaddr_nl));
		CHECKW_INT(what, cap.name.nl_family, AF_NETLINK);
		CHECKW_INT(what, cap.name.nl_pid, 0);
		CHECKW_INT(what, cap.name.nl_groups, 0);
	}
}

/* The call returned `ret` without sending anything. */
static void check_not_sent(const char *what, int ret, int wantv)
{
	check_seq(what);
	CHECKW_INT(what, ret, wantv);
	CHECKW_INT(what, cap.calls, 0);
}

/* ---- the kernel's answer ------------------------------------------------------------- */

#define TIMEOUT 1000000

/* Reads rth.fd until NLMSG_DONE (0, or the negative error it carries) or NLMSG_ERROR (its
 * error) for `seq`; TIMEOUT when nothing more arrives within 3 s. */
static int kernel_answer(__u32 seq)
{
	static char buf[1 << 16];

	for (;;) {
		struct pollfd p = { .fd = rth.fd, .events = POLLIN };
		struct nlmsghdr *h;
		ssize_t n;
		int len;

		if (poll(&p, 1, 3000) <= 0)
			return TIMEOUT;
		n = recv(rth.fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 || n > (ssize_t)sizeof(buf))
			return TIMEOUT + 1;
		len = (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE) {
				int e = 0;

				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&e, NLMSG_DATA(h), sizeof(e));
				return e < 0 ? e : 0;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr e;

				memcpy(&e, NLMSG_DATA(h), sizeof(e));
				return e.error ? e.error : TIMEOUT + 2;
			}
		}
	}
}

static void describe(const char *what, int r)
{
	if (r == 0)
		printf("kernel: %-40s DONE\n", what);
	else if (r < 0)
		printf("kernel: %-40s error %d (%s)\n", what, r, strerror(-r));
	else
		printf("kernel: %-40s no answer (%d)\n", what, r);
}

/* The kernel must answer the dump with NLMSG_DONE. */
static void kernel_done(const char *what)
{
	int r = kernel_answer(rth.dump);

	describe(what, r);
	CHECKW_INT(what, r, 0);
}

/* The kernel must answer (DONE or an error such as EOPNOTSUPP for a missing module). */
static void kernel_answers(const char *what)
{
	int r = kernel_answer(rth.dump);

	describe(what, r);
	CHECKW(what, r <= 0);
}

/* ---- filters ------------------------------------------------------------------------- */

static struct {
	int calls;
	int reqlen;
	__u32 len_seen, seq_seen;
	__u16 type_seen, flags_seen;
	int append_type;	/* addattr32 this type (if non-zero) */
	__u32 append_val;
	int overlong;		/* set nlmsg_len past reqlen */
	int ret;
} flt;

static void flt_reset(int ret)
{
	memset(&flt, 0, sizeof(flt));
	flt.ret = ret;
}

static int filter(struct nlmsghdr *nlh, int reqlen)
{
	flt.calls++;
	flt.reqlen = reqlen;
	flt.len_seen = nlh->nlmsg_len;
	flt.seq_seen = nlh->nlmsg_seq;
	flt.type_seen = nlh->nlmsg_type;
	flt.flags_seen = nlh->nlmsg_flags;
	/* The whole reqlen bytes are the caller's to write. */
	((volatile unsigned char *)nlh)[reqlen - 1] = 0;
	if (flt.append_type && addattr32(nlh, reqlen, flt.append_type, flt.append_val) < 0)
		return -1000;
	if (flt.overlong)
		nlh->nlmsg_len = reqlen + 4;
	return flt.ret;
}

static void check_filter(const char *what, int reqlen, __u32 len, __u16 type)
{
	CHECKW_INT(what, flt.calls, 1);
	CHECKW_INT(what, flt.reqlen, reqlen);
	CHECKW_INT(what, flt.len_seen, len);
	CHECKW_INT(what, flt.type_seen, type);
	CHECKW_INT(what, flt.flags_seen, DUMP_FLAGS);
	CHECKW_INT(what, flt.seq_seen, s0 + 1);
}

static struct {
	int calls;
	void *data;
	struct ipstats_req seen;
	__u32 new_mask;
	int ret;
} sflt;

static int stats_filter(struct ipstats_req *req, void *data)
{
	sflt.calls++;
	sflt.data = data;
	sflt.seen = *req;
	if (sflt.new_mask)
		req->ifsm.filter_mask = sflt.new_mask;
	return sflt.ret;
}

/* ---- the tests ----------------------------------------------------------------------- */

static void test_addr(void)
{
	struct ifaddrmsg ifa;
	int r;

	memset(&ifa, 0, sizeof(ifa));
	ifa.ifa_family = AF_INET6;
	BEGIN();
	r = rtnl_addrdump_req(&rth, AF_INET6, NULL);
	want_req(152, 24, RTM_GETADDR, s0 + 1, &ifa, sizeof(ifa));
	check_sent("addrdump inet6", r, VIA_SEND);
	kernel_done("addrdump inet6");

	ifa.ifa_family = AF_UNSPEC;
	BEGIN();
	flt_reset(0);
	flt.append_type = IFA_FLAGS;
	flt.append_val = 0;
	r = rtnl_addrdump_req(&rth, AF_UNSPEC, filter);
	check_filter("addrdump filter", 152, 24, RTM_GETADDR);
	want_req(152, 32, RTM_GETADDR, s0 + 1, &ifa, sizeof(ifa));
	want_attr32(24, IFA_FLAGS, 0);
	check_sent("addrdump filter", r, VIA_SEND);
	kernel_done("addrdump unspec + filter attr");

	BEGIN();
	flt_reset(7);
	r = rtnl_addrdump_req(&rth, AF_INET, filter);
	CHECKW_INT("addrdump filter 7", flt.calls, 1);
	check_not_sent("addrdump filter 7", r, 7);

	BEGIN();
	flt_reset(-5);
	r = rtnl_addrdump_req(&rth, AF_INET, filter);
	check_not_sent("addrdump filter -5", r, -5);
}

static void test_addrlbl(void)
{
	struct ifaddrlblmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.ifal_family = AF_INET6;
	BEGIN();
	r = rtnl_addrlbldump_req(&rth, AF_INET6);
	want_req(28, 28, RTM_GETADDRLABEL, s0 + 1, &m, sizeof(m));
	check_sent("addrlbldump", r, VIA_SEND);
	kernel_answers("addrlbldump inet6");
}

static void test_route(void)
{
	struct rtmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.rtm_family = AF_INET;
	BEGIN();
	r = rtnl_routedump_req(&rth, AF_INET, NULL);
	want_req(156, 28, RTM_GETROUTE, s0 + 1, &m, sizeof(m));
	check_sent("routedump inet", r, VIA_SEND);
	kernel_done("routedump inet");

	m.rtm_family = AF_UNSPEC;
	BEGIN();
	flt_reset(0);
	flt.append_type = RTA_TABLE;
	flt.append_val = RT_TABLE_MAIN;
	r = rtnl_routedump_req(&rth, AF_UNSPEC, filter);
	check_filter("routedump filter", 156, 28, RTM_GETROUTE);
	want_req(156, 36, RTM_GETROUTE, s0 + 1, &m, sizeof(m));
	want_attr32(28, RTA_TABLE, RT_TABLE_MAIN);
	check_sent("routedump filter", r, VIA_SEND);
	kernel_done("routedump unspec + RTA_TABLE");

	BEGIN();
	flt_reset(1);
	r = rtnl_routedump_req(&rth, AF_UNSPEC, filter);
	check_not_sent("routedump filter 1", r, 1);
}

static void test_rule(void)
{
	struct fib_rule_hdr m;
	int r;

	memset(&m, 0, sizeof(m));
	m.family = AF_INET;
	BEGIN();
	r = rtnl_ruledump_req(&rth, AF_INET);
	want_req(28, 28, RTM_GETRULE, s0 + 1, &m, sizeof(m));
	check_sent("ruledump", r, VIA_SEND);
	kernel_done("ruledump inet");
}

static void test_neigh(void)
{
	struct ndmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	BEGIN();
	r = rtnl_neighdump_req(&rth, AF_UNSPEC, NULL);
	want_req(284, 28, RTM_GETNEIGH, s0 + 1, &m, sizeof(m));
	check_sent("neighdump", r, VIA_SEND);
	kernel_done("neighdump unspec");

	m.ndm_family = AF_INET;
	BEGIN();
	flt_reset(0);
	flt.append_type = NDA_IFINDEX;
	flt.append_val = 1;
	r = rtnl_neighdump_req(&rth, AF_INET, filter);
	check_filter("neighdump filter", 284, 28, RTM_GETNEIGH);
	want_req(284, 36, RTM_GETNEIGH, s0 + 1, &m, sizeof(m));
	want_attr32(28, NDA_IFINDEX, 1);
	check_sent("neighdump filter", r, VIA_SEND);
	kernel_done("neighdump inet + NDA_IFINDEX");

	BEGIN();
	flt_reset(-2);
	r = rtnl_neighdump_req(&rth, AF_INET, filter);
	check_not_sent("neighdump filter -2", r, -2);
}

static void test_neightbl(void)
{
	struct ndtmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.ndtm_family = AF_INET;
	BEGIN();
	r = rtnl_neightbldump_req(&rth, AF_INET);
	want_req(20, 20, RTM_GETNEIGHTBL, s0 + 1, &m, sizeof(m));
	check_sent("neightbldump", r, VIA_SEND);
	kernel_answers("neightbldump inet");
}

static void test_mdb(void)
{
	struct br_port_msg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.family = PF_BRIDGE;
	BEGIN();
	r = rtnl_mdbdump_req(&rth, PF_BRIDGE);
	want_req(24, 24, RTM_GETMDB, s0 + 1, &m, sizeof(m));
	check_sent("mdbdump", r, VIA_SEND);
	kernel_answers("mdbdump bridge");
}

static void test_brvlan(void)
{
	struct br_vlan_msg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.family = PF_BRIDGE;
	BEGIN();
	r = rtnl_brvlandump_req(&rth, PF_BRIDGE, BRIDGE_VLANDB_DUMPF_STATS);
	want_req(280, 32, RTM_GETVLAN, s0 + 1, &m, sizeof(m));
	want_attr32(24, BRIDGE_VLANDB_DUMP_FLAGS, BRIDGE_VLANDB_DUMPF_STATS);
	check_sent("brvlandump", r, VIA_SEND);
	kernel_answers("brvlandump bridge");

	BEGIN();
	r = rtnl_brvlandump_req(&rth, PF_BRIDGE, 0xdeadbeef);
	want_req(280, 32, RTM_GETVLAN, s0 + 1, &m, sizeof(m));
	want_attr32(24, BRIDGE_VLANDB_DUMP_FLAGS, 0xdeadbeef);
	check_sent("brvlandump flags", r, VIA_SEND);
	kernel_answers("brvlandump bridge (bogus flags)");
}

static void test_netconf(void)
{
	struct netconfmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.ncm_family = AF_INET;
	BEGIN();
	r = rtnl_netconfdump_req(&rth, AF_INET);
	want_req(20, 20, RTM_GETNETCONF, s0 + 1, &m, sizeof(m));
	check_sent("netconfdump", r, VIA_SEND);
	kernel_done("netconfdump inet");
}

static void test_nsid(void)
{
	struct rtgenmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	BEGIN();
	flt_reset(0);
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_filter("nsiddump", 1044, 20, RTM_GETNSID);
	want_req(20, 20, RTM_GETNSID, s0 + 1, &m, sizeof(m));
	check_sent("nsiddump", r, VIA_SEND);
	kernel_done("nsiddump");

	BEGIN();
	flt_reset(0);
	flt.append_type = NETNSA_TARGET_NSID;
	flt.append_val = 3;
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_filter("nsiddump attr", 1044, 20, RTM_GETNSID);
	want_req(28, 28, RTM_GETNSID, s0 + 1, &m, sizeof(m));
	want_attr32(20, NETNSA_TARGET_NSID, 3);
	check_sent("nsiddump attr", r, VIA_SEND);
	kernel_answers("nsiddump + NETNSA_TARGET_NSID 3");

	BEGIN();
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, NULL);
	check_not_sent("nsiddump NULL", r, -EINVAL);

	BEGIN();
	flt_reset(3);
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_not_sent("nsiddump filter 3", r, 3);

	/* rnetlink: a filter that sets nlmsg_len past the buffer gets -EINVAL, nothing sent. */
	BEGIN();
	flt_reset(0);
	flt.overlong = 1;
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_not_sent("nsiddump overlong", r, -EINVAL);
}

static void test_link(void)
{
	struct ifinfomsg m;
	int r;

	/* rtnl_linkdump_req(AF_UNSPEC) = _filter(AF_UNSPEC, RTEXT_FILTER_VF). */
	memset(&m, 0, sizeof(m));
	BEGIN();
	r = rtnl_linkdump_req(&rth, AF_UNSPEC);
	want_req(40, 40, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	want_attr32(32, IFLA_EXT_MASK, RTEXT_FILTER_VF);
	check_sent("linkdump unspec", r, VIA_SEND);
	kernel_done("linkdump unspec");

	m.ifi_family = AF_INET;
	BEGIN();
	r = rtnl_linkdump_req(&rth, AF_INET);
	want_req(32, 32, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	check_sent("linkdump inet", r, VIA_SEND);
	kernel_done("linkdump inet");

	m.ifi_family = AF_BRIDGE;
	BEGIN();
	r = rtnl_linkdump_req_filter(&rth, AF_BRIDGE, RTEXT_FILTER_BRVLAN);
	want_req(40, 40, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	want_attr32(32, IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
	check_sent("linkdump_filter bridge", r, VIA_SEND);
	kernel_done("linkdump_filter bridge");

	m.ifi_family = AF_UNSPEC;
	BEGIN();
	r = rtnl_linkdump_req_filter(&rth, AF_UNSPEC, 0);
	want_req(40, 40, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	want_attr32(32, IFLA_EXT_MASK, 0);
	check_sent("linkdump_filter unspec 0", r, VIA_SEND);
	kernel_done("linkdump_filter unspec mask 0");

	m.ifi_family = AF_INET6;
	BEGIN();
	r = rtnl_linkdump_req_filter(&rth, AF_INET6, 0xff);
	want_req(32, 32, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	check_sent("linkdump_filter inet6", r, VIA_SEND);
	kernel_done("linkdump_filter inet6");

	/* _filter_fn: UNSPEC/PACKET call the filter and send nlmsg_len bytes. */
	m.ifi_family = AF_UNSPEC;
	BEGIN();
	flt_reset(0);
	flt.append_type = IFLA_EXT_MASK;
	flt.append_val = RTEXT_FILTER_VF;
	r = rtnl_linkdump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_filter("linkdump_filter_fn unspec", 1056, 32, RTM_GETLINK);
	want_req(40, 40, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	want_attr32(32, IFLA_EXT_MASK, RTEXT_FILTER_VF);
	check_sent("linkdump_filter_fn unspec", r, VIA_SEND);
	kernel_done("linkdump_filter_fn unspec + ext mask");

	m.ifi_family = AF_PACKET;
	BEGIN();
	flt_reset(0);
	r = rtnl_linkdump_req_filter_fn(&rth, AF_PACKET, filter);
	check_filter("linkdump_filter_fn packet", 1056, 32, RTM_GETLINK);
	want_req(32, 32, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	check_sent("linkdump_filter_fn packet", r, VIA_SEND);
	kernel_done("linkdump_filter_fn packet");

	/* Other families: plain request, the filter is not called (NULL is fine too). */
	m.ifi_family = AF_INET;
	BEGIN();
	flt_reset(99);
	r = rtnl_linkdump_req_filter_fn(&rth, AF_INET, filter);
	CHECKW_INT("linkdump_filter_fn inet", flt.calls, 0);
	want_req(32, 32, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	check_sent("linkdump_filter_fn inet", r, VIA_SEND);
	kernel_done("linkdump_filter_fn inet");

	BEGIN();
	r = rtnl_linkdump_req_filter_fn(&rth, AF_INET, NULL);
	want_req(32, 32, RTM_GETLINK, s0 + 1, &m, sizeof(m));
	check_sent("linkdump_filter_fn inet NULL", r, VIA_SEND);
	kernel_done("linkdump_filter_fn inet NULL fn");

	BEGIN();
	r = rtnl_linkdump_req_filter_fn(&rth, AF_UNSPEC, NULL);
	check_not_sent("linkdump_filter_fn unspec NULL", r, -EINVAL);
	BEGIN();
	r = rtnl_linkdump_req_filter_fn(&rth, AF_PACKET, NULL);
	check_not_sent("linkdump_filter_fn packet NULL", r, -EINVAL);

	BEGIN();
	flt_reset(9);
	r = rtnl_linkdump_req_filter_fn(&rth, AF_PACKET, filter);
	check_not_sent("linkdump_filter_fn filter 9", r, 9);

	BEGIN();
	flt_reset(0);
	flt.overlong = 1;
	r = rtnl_linkdump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_not_sent("linkdump_filter_fn overlong", r, -EINVAL);
}

static void test_fdb(void)
{
	struct ifinfomsg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.ifi_family = PF_BRIDGE;
	BEGIN();
	flt_reset(0);
	r = rtnl_fdb_linkdump_req_filter_fn(&rth, filter);
	check_filter("fdb_linkdump", 160, 32, RTM_GETNEIGH);
	want_req(160, 32, RTM_GETNEIGH, s0 + 1, &m, sizeof(m));
	check_sent("fdb_linkdump", r, VIA_SEND);
	kernel_answers("fdb_linkdump");

	BEGIN();
	flt_reset(0);
	flt.append_type = IFLA_MASTER;
	flt.append_val = 1;
	r = rtnl_fdb_linkdump_req_filter_fn(&rth, filter);
	want_req(160, 40, RTM_GETNEIGH, s0 + 1, &m, sizeof(m));
	want_attr32(32, IFLA_MASTER, 1);
	check_sent("fdb_linkdump attr", r, VIA_SEND);
	kernel_answers("fdb_linkdump + IFLA_MASTER 1");

	/* iproute2 crashes here; rnetlink returns -EINVAL (spec 0.2 item 7). */
	BEGIN();
	r = rtnl_fdb_linkdump_req_filter_fn(&rth, NULL);
	check_not_sent("fdb_linkdump NULL", r, -EINVAL);

	BEGIN();
	flt_reset(-3);
	r = rtnl_fdb_linkdump_req_filter_fn(&rth, filter);
	check_not_sent("fdb_linkdump filter -3", r, -3);
}

static void test_stats(void)
{
	struct if_stats_msg m;
	int token;
	int r;

	memset(&m, 0, sizeof(m));
	m.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
	BEGIN();
	r = rtnl_statsdump_req_filter(&rth, AF_UNSPEC, m.filter_mask, NULL, NULL);
	want_req(156, 28, RTM_GETSTATS, s0 + 1, &m, sizeof(m));
	check_sent("statsdump", r, VIA_SEND);
	kernel_done("statsdump link64");

	/* The filter sees the built request and data; its changes are sent. */
	memset(&sflt, 0, sizeof(sflt));
	sflt.new_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
	m.family = AF_UNSPEC;
	BEGIN();
	r = rtnl_statsdump_req_filter(&rth, AF_UNSPEC, 0, stats_filter, &token);
	CHECK_INT(sflt.calls, 1);
	CHECK(sflt.data == &token);
	CHECK_INT(sflt.seen.nlh.nlmsg_len, 28);
	CHECK_INT(sflt.seen.nlh.nlmsg_type, RTM_GETSTATS);
	CHECK_INT(sflt.seen.nlh.nlmsg_flags, DUMP_FLAGS);
	CHECK_INT(sflt.seen.nlh.nlmsg_seq, s0 + 1);
	CHECK_INT(sflt.seen.ifsm.filter_mask, 0);
	want_req(156, 28, RTM_GETSTATS, s0 + 1, &m, sizeof(m));
	check_sent("statsdump filter", r, VIA_SEND);
	kernel_done("statsdump mask set by filter");

	m.family = AF_INET6;
	m.filter_mask = 0x12345678;
	memset(&sflt, 0, sizeof(sflt));
	BEGIN();
	r = rtnl_statsdump_req_filter(&rth, AF_INET6, 0x12345678, stats_filter, NULL);
	CHECK_INT(sflt.seen.ifsm.family, AF_INET6);
	CHECK_INT(sflt.seen.ifsm.filter_mask, 0x12345678);
	CHECK(sflt.data == NULL);
	want_req(156, 28, RTM_GETSTATS, s0 + 1, &m, sizeof(m));
	check_sent("statsdump inet6 mask", r, VIA_SEND);
	kernel_answers("statsdump inet6 bogus mask");

	memset(&sflt, 0, sizeof(sflt));
	sflt.ret = 5;
	BEGIN();
	r = rtnl_statsdump_req_filter(&rth, AF_UNSPEC, 1, stats_filter, NULL);
	check_not_sent("statsdump filter 5", r, 5);
}

static void test_nexthop(void)
{
	struct nhmsg m;
	int r;

	memset(&m, 0, sizeof(m));
	BEGIN();
	r = rtnl_nexthopdump_req(&rth, AF_UNSPEC, NULL);
	want_req(152, 24, RTM_GETNEXTHOP, s0 + 1, &m, sizeof(m));
	check_sent("nexthopdump", r, VIA_SEND);
	kernel_done("nexthopdump");

	m.nh_family = AF_INET;
	BEGIN();
	flt_reset(0);
	r = rtnl_nexthopdump_req(&rth, AF_INET, filter);
	check_filter("nexthopdump filter", 152, 24, RTM_GETNEXTHOP);
	want_req(152, 24, RTM_GETNEXTHOP, s0 + 1, &m, sizeof(m));
	check_sent("nexthopdump filter", r, VIA_SEND);
	kernel_done("nexthopdump inet + filter");

	BEGIN();
	flt_reset(-7);
	r = rtnl_nexthopdump_req(&rth, AF_INET, filter);
	check_not_sent("nexthopdump filter -7", r, -7);

	m.nh_family = AF_UNSPEC;
	BEGIN();
	r = rtnl_nexthop_bucket_dump_req(&rth, AF_UNSPEC, NULL);
	want_req(152, 24, RTM_GETNEXTHOPBUCKET, s0 + 1, &m, sizeof(m));
	check_sent("nexthop_bucket_dump", r, VIA_SEND);
	kernel_answers("nexthop_bucket_dump");

	BEGIN();
	flt_reset(0);
	flt.append_type = NHA_ID;
	flt.append_val = 1;
	r = rtnl_nexthop_bucket_dump_req(&rth, AF_UNSPEC, filter);
	check_filter("nexthop_bucket_dump filter", 152, 24, RTM_GETNEXTHOPBUCKET);
	want_req(152, 32, RTM_GETNEXTHOPBUCKET, s0 + 1, &m, sizeof(m));
	want_attr32(24, NHA_ID, 1);
	check_sent("nexthop_bucket_dump filter", r, VIA_SEND);
	kernel_answers("nexthop_bucket_dump + NHA_ID 1");

	BEGIN();
	flt_reset(4);
	r = rtnl_nexthop_bucket_dump_req(&rth, AF_UNSPEC, filter);
	check_not_sent("nexthop_bucket_dump filter 4", r, 4);
}

static void test_tunnel(void)
{
	struct tunnel_msg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.family = PF_BRIDGE;
	m.flags = TUNNEL_MSG_FLAG_STATS;
	m.ifindex = 1;
	BEGIN();
	r = rtnl_tunneldump_req(&rth, PF_BRIDGE, 1, TUNNEL_MSG_FLAG_STATS);
	want_req(280, 24, RTM_GETTUNNEL, s0 + 1, &m, sizeof(m));
	check_sent("tunneldump", r, VIA_SEND);
	kernel_answers("tunneldump bridge ifindex 1");

	m.family = 0xab;
	m.flags = 0xcd;
	m.ifindex = 0x01020304;
	BEGIN();
	r = rtnl_tunneldump_req(&rth, 0xab, 0x01020304, 0xcd);
	want_req(280, 24, RTM_GETTUNNEL, s0 + 1, &m, sizeof(m));
	check_sent("tunneldump fields", r, VIA_SEND);
	kernel_answers("tunneldump family 0xab");
}

static void test_dump_request(void)
{
	struct ifinfomsg ifi;
	struct netconfmsg ncm;
	int r;

	memset(&ifi, 0, sizeof(ifi));
	BEGIN();
	r = rtnl_dump_request(&rth, RTM_GETLINK, &ifi, sizeof(ifi));
	want_req(32, 32, RTM_GETLINK, s0 + 1, &ifi, sizeof(ifi));
	check_sent("dump_request link", r, VIA_SENDMSG);
	CHECKW_INT("dump_request link", cap.iovlen, 2);
	kernel_done("dump_request RTM_GETLINK");

	/* nlmsg_len = NLMSG_LENGTH(len), not aligned; exactly 16 + len bytes go out. */
	memset(&ncm, 0, sizeof(ncm));
	ncm.ncm_family = AF_INET;
	BEGIN();
	r = rtnl_dump_request(&rth, RTM_GETNETCONF, &ncm, sizeof(ncm));
	want_req(17, 17, RTM_GETNETCONF, s0 + 1, &ncm, sizeof(ncm));
	check_sent("dump_request netconf 1 byte", r, VIA_SENDMSG);
	kernel_answers("dump_request RTM_GETNETCONF len 1");

	/* len 0 with NULL: the header alone (the kernel ignores a request this short). */
	BEGIN();
	r = rtnl_dump_request(&rth, 0x1234, NULL, 0);
	want_req(16, 16, 0x1234, s0 + 1, NULL, 0);
	check_sent("dump_request len 0", r, VIA_SENDMSG);
	CHECKW_INT("dump_request len 0", cap.iovlen, 2);

	BEGIN();
	r = rtnl_dump_request(&rth, RTM_GETLINK, NULL, 4);
	check_not_sent("dump_request NULL req", r, -1);
	CHECK_INT(errno, EINVAL);
	BEGIN();
	r = rtnl_dump_request(&rth, RTM_GETLINK, &ifi, -1);
	check_not_sent("dump_request len -1", r, -1);
	CHECK_INT(errno, EINVAL);
}

static void test_dump_request_n(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifi;
		char buf[64];
	} req;
	int r;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO;
	req.n.nlmsg_seq = 99;
	req.n.nlmsg_pid = 1234;
	memset(req.buf, 0xee, sizeof(req.buf));
	r = addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);
	CHECK_INT(r, 0);
	BEGIN();
	r = rtnl_dump_request_n(&rth, &req.n);
	CHECK_INT(req.n.nlmsg_flags, DUMP_FLAGS);
	CHECK_INT(req.n.nlmsg_pid, 0);
	CHECK_INT(req.n.nlmsg_seq, s0 + 1);
	CHECK_INT(req.n.nlmsg_len, 40);
	CHECK_INT(req.n.nlmsg_type, RTM_GETLINK);
	want_req(40, 40, RTM_GETLINK, s0 + 1, &req.ifi, sizeof(req.ifi));
	want_attr32(32, IFLA_EXT_MASK, RTEXT_FILTER_VF);
	check_sent("dump_request_n", r, VIA_SENDMSG);
	kernel_done("dump_request_n RTM_GETLINK");

	BEGIN();
	r = rtnl_dump_request_n(&rth, NULL);
	check_not_sent("dump_request_n NULL", r, -1);
	CHECK_INT(errno, EINVAL);
}

/* A send error is returned as -1 with errno, after the sequence number was taken. */
static void test_send_errors(void)
{
	int fd = rth.fd;
	int r;

	rth.fd = -1;
	BEGIN();
	r = rtnl_ruledump_req(&rth, AF_INET);
	check_seq("ruledump EBADF");
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_INT(cap.calls, 1);

	BEGIN();
	flt_reset(0);
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	check_seq("nsiddump EBADF");
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);

	BEGIN();
	r = rtnl_dump_request(&rth, RTM_GETLINK, NULL, 0);
	check_seq("dump_request EBADF");
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_INT(cap.calls, 1);
	rth.fd = fd;
}

/* A NULL handle: -1 with errno EINVAL, nothing sent. */
static void test_null_handle(void)
{
	struct nlmsghdr n = { .nlmsg_len = 16 };
	int r[20], i;

	cap_reset();
	flt_reset(0);
	errno = 0;
#define NULLCALL(k, call) do { errno = 0; r[k] = (call); CHECK_INT(errno, EINVAL); } while (0)
	NULLCALL(0, rtnl_addrdump_req(NULL, AF_INET, filter));
	NULLCALL(1, rtnl_addrlbldump_req(NULL, AF_INET6));
	NULLCALL(2, rtnl_routedump_req(NULL, AF_INET, filter));
	NULLCALL(3, rtnl_ruledump_req(NULL, AF_INET));
	NULLCALL(4, rtnl_neighdump_req(NULL, AF_INET, filter));
	NULLCALL(5, rtnl_neightbldump_req(NULL, AF_INET));
	NULLCALL(6, rtnl_mdbdump_req(NULL, PF_BRIDGE));
	NULLCALL(7, rtnl_brvlandump_req(NULL, PF_BRIDGE, 0));
	NULLCALL(8, rtnl_netconfdump_req(NULL, AF_INET));
	NULLCALL(9, rtnl_nsiddump_req_filter_fn(NULL, AF_UNSPEC, filter));
	NULLCALL(10, rtnl_linkdump_req(NULL, AF_UNSPEC));
	NULLCALL(11, rtnl_linkdump_req_filter(NULL, AF_UNSPEC, 1));
	NULLCALL(12, rtnl_linkdump_req_filter_fn(NULL, AF_UNSPEC, filter));
	NULLCALL(13, rtnl_fdb_linkdump_req_filter_fn(NULL, filter));
	NULLCALL(14, rtnl_statsdump_req_filter(NULL, AF_UNSPEC, 1, stats_filter, NULL));
	NULLCALL(15, rtnl_nexthopdump_req(NULL, AF_UNSPEC, filter));
	NULLCALL(16, rtnl_nexthop_bucket_dump_req(NULL, AF_UNSPEC, filter));
	NULLCALL(17, rtnl_tunneldump_req(NULL, PF_BRIDGE, 0, 0));
	NULLCALL(18, rtnl_dump_request(NULL, RTM_GETLINK, NULL, 0));
	NULLCALL(19, rtnl_dump_request_n(NULL, &n));
	for (i = 0; i < 20; i++)
		CHECK_INT(r[i], -1);
	CHECK_INT(cap.calls, 0);
	CHECK_INT(flt.calls, 0);
}

/* The common dumps again with NETLINK_GET_STRICT_CHK, as ip and bridge run them. */
static void test_strict(void)
{
	int r;

	rtnl_set_strict_dump(&rth);
	CHECK(rth.flags & RTNL_HANDLE_F_STRICT_CHK);
	r = rtnl_linkdump_req(&rth, AF_UNSPEC);
	CHECK_INT(r, 40);
	kernel_done("strict linkdump unspec");
	r = rtnl_linkdump_req_filter(&rth, AF_BRIDGE, RTEXT_FILTER_BRVLAN);
	CHECK_INT(r, 40);
	kernel_done("strict linkdump_filter bridge");
	r = rtnl_addrdump_req(&rth, AF_UNSPEC, NULL);
	CHECK_INT(r, 152);
	kernel_done("strict addrdump");
	r = rtnl_routedump_req(&rth, AF_INET, NULL);
	CHECK_INT(r, 156);
	kernel_done("strict routedump inet");
	/* Strict mode applies RTA_TABLE (a missing table is ENOENT; local exists, lo is up). */
	flt_reset(0);
	flt.append_type = RTA_TABLE;
	flt.append_val = RT_TABLE_LOCAL;
	r = rtnl_routedump_req(&rth, AF_INET, filter);
	CHECK_INT(r, 156);
	kernel_done("strict routedump inet + RTA_TABLE local");
	r = rtnl_neighdump_req(&rth, AF_UNSPEC, NULL);
	CHECK_INT(r, 284);
	kernel_done("strict neighdump");
	r = rtnl_ruledump_req(&rth, AF_UNSPEC);
	CHECK_INT(r, 28);
	kernel_done("strict ruledump");
	r = rtnl_netconfdump_req(&rth, AF_UNSPEC);
	CHECK_INT(r, 20);
	kernel_done("strict netconfdump");
	flt_reset(0);
	r = rtnl_nsiddump_req_filter_fn(&rth, AF_UNSPEC, filter);
	CHECK_INT(r, 20);
	kernel_done("strict nsiddump");
	r = rtnl_statsdump_req_filter(&rth, AF_UNSPEC, IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64), NULL, NULL);
	CHECK_INT(r, 156);
	kernel_done("strict statsdump");
	r = rtnl_nexthopdump_req(&rth, AF_UNSPEC, NULL);
	CHECK_INT(r, 152);
	kernel_done("strict nexthopdump");
	/* Strict mode wants an ndmsg header for fdb dumps (bridge then uses rtnl_neighdump_req
	 * instead), so EINVAL is the expected answer to this ifinfomsg request. */
	flt_reset(0);
	r = rtnl_fdb_linkdump_req_filter_fn(&rth, filter);
	CHECK_INT(r, 160);
	kernel_answers("strict fdb_linkdump");
}

static void loopback_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		perror("SIOCGIFFLAGS lo");
		exit(1);
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
		perror("SIOCSIFFLAGS lo");
		exit(1);
	}
	close(s);
}

int main(void)
{
	loopback_up();
	if (rtnl_open(&rth, 0) < 0) {
		fprintf(stderr, "rtnl_open failed\n");
		return 1;
	}
	test_null_handle();
	test_addr();
	test_addrlbl();
	test_route();
	test_rule();
	test_neigh();
	test_neightbl();
	test_mdb();
	test_brvlan();
	test_netconf();
	test_nsid();
	test_link();
	test_fdb();
	test_stats();
	test_nexthop();
	test_tunnel();
	test_dump_request();
	test_dump_request_n();
	test_send_errors();
	test_strict();
	rtnl_close(&rth);
	return ct_result("dump_req");
}
