/*
 * ctest: netns
 *
 * rtnl_talk, rtnl_talk_suppress_rtnl_errmsg, rtnl_send and rtnl_send_check against the real
 * kernel (spec 3.0, 3.4, 3.5, 3.6 and difference 3). Objects are created through rtnl_talk
 * (a veth pair, a bridge, links set up, IPv4/IPv6 addresses and routes, an HTB qdisc and
 * classes) and checked with `ip` as an oracle. Covered: the sequence rules (n->nlmsg_seq ==
 * ++rth.seq, rth.dump untouched, wrap-around), NLM_F_ACK only without an answer, the answer
 * buffer (the reply datagram, malloc'd, >= 32768 bytes), kernel errors with the exact
 * ext-ack or `RTNETLINK answers:` text, errno and the -i return, an ACK carrying a warning,
 * the suppress variant, NETLINK_SOCK_DIAG's silence, stale replies of earlier requests and
 * foreign notifications being skipped (iproute2's {seq-1, seq} window would take some of
 * them), notifications caused by our own request, and the send helpers' peek rules.
 * A SIGALRM guard turns a hang (a reply never recognised) into a failure.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <malloc.h>
#include <net/if.h>
#include <signal.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/inet_diag.h>
#include <linux/pkt_sched.h>
#include <linux/sock_diag.h>
#include <linux/veth.h>
#include <libnetlink.h>
#include "ctest.h"

#define SENTINEL ((struct nlmsghdr *)(uintptr_t)0x5eed5eedUL)
#define FLAGS_NEW (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL)

typedef struct {
	struct nlmsghdr n;
	char body[8192];
} msg_t;

#define MAXLEN ((int)sizeof(msg_t))

static struct rtnl_handle rth = { .fd = -1 };

static void on_alarm(int sig)
{
	static const char text[] = "talk: timed out (a reply was never recognised)\n";

	(void)sig;
	if (write(2, text, sizeof(text) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void msg_init(msg_t *m, int type, int flags, const void *hdr, size_t hlen)
{
	memset(m, 0, sizeof(*m));
	m->n.nlmsg_len = NLMSG_LENGTH(hlen);
	m->n.nlmsg_type = type;
	m->n.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&m->n), hdr, hlen);
}

/* ---- request builders ------------------------------------------------------------------- */

static void link_new(msg_t *m, const char *name, const char *kind, const char *peer)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo, *data, *peerinfo;

	msg_init(m, RTM_NEWLINK, FLAGS_NEW, &ifi, sizeof(ifi));
	addattr_l(&m->n, MAXLEN, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = addattr_nest(&m->n, MAXLEN, IFLA_LINKINFO);
	addattr_l(&m->n, MAXLEN, IFLA_INFO_KIND, kind, strlen(kind));
	if (peer) {
		data = addattr_nest(&m->n, MAXLEN, IFLA_INFO_DATA);
		peerinfo = addattr_nest(&m->n, MAXLEN, VETH_INFO_PEER);
		m->n.nlmsg_len += sizeof(struct ifinfomsg); /* the peer's (zeroed) ifinfomsg */
		addattr_l(&m->n, MAXLEN, IFLA_IFNAME, peer, strlen(peer) + 1);
		addattr_nest_end(&m->n, peerinfo);
		addattr_nest_end(&m->n, data);
	}
	addattr_nest_end(&m->n, linkinfo);
}

static void link_up(msg_t *m, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex,
				 .ifi_flags = IFF_UP, .ifi_change = IFF_UP };

	msg_init(m, RTM_NEWLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
}

static void link_get(msg_t *m, const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };

	msg_init(m, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
	addattr_l(&m->n, MAXLEN, IFLA_IFNAME, name, strlen(name) + 1);
}

static void addr4(msg_t *m, int type, int flags, int ifindex, const char *a, int plen)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = plen, .ifa_index = ifindex };
	struct in_addr in;

	inet_pton(AF_INET, a, &in);
	msg_init(m, type, flags, &ifa, sizeof(ifa));
	addattr_l(&m->n, MAXLEN, IFA_LOCAL, &in, 4);
	addattr_l(&m->n, MAXLEN, IFA_ADDRESS, &in, 4);
}

static void addr6(msg_t *m, int type, int flags, int ifindex, const char *a, int plen)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = plen,
				 .ifa_flags = IFA_F_NODAD, .ifa_index = ifindex };
	struct in6_addr in6;

	inet_pton(AF_INET6, a, &in6);
	msg_init(m, type, flags, &ifa, sizeof(ifa));
	addattr_l(&m->n, MAXLEN, IFA_ADDRESS, &in6, 16);
}

static void route4(msg_t *m, int type, int flags, const char *dst, int dlen, const char *gw, int oif)
{
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = dlen, .rtm_table = RT_TABLE_MAIN };
	struct in_addr in;

	if (type == RTM_NEWROUTE) {
		rtm.rtm_protocol = RTPROT_STATIC;
		rtm.rtm_scope = RT_SCOPE_UNIVERSE;
		rtm.rtm_type = RTN_UNICAST;
	} else {
		rtm.rtm_scope = RT_SCOPE_NOWHERE;
	}
	msg_init(m, type, flags, &rtm, sizeof(rtm));
	inet_pton(AF_INET, dst, &in);
	addattr_l(&m->n, MAXLEN, RTA_DST, &in, 4);
	if (gw) {
		inet_pton(AF_INET, gw, &in);
		addattr_l(&m->n, MAXLEN, RTA_GATEWAY, &in, 4);
	}
	if (oif)
		addattr32(&m->n, MAXLEN, RTA_OIF, oif);
}

static void route6(msg_t *m, int ifindex, const char *dst, int dlen)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = dlen, .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_STATIC, .rtm_scope = RT_SCOPE_UNIVERSE,
			     .rtm_type = RTN_UNICAST };
	struct in6_addr in6;

	inet_pton(AF_INET6, dst, &in6);
	msg_init(m, RTM_NEWROUTE, FLAGS_NEW, &rtm, sizeof(rtm));
	addattr_l(&m->n, MAXLEN, RTA_DST, &in6, 16);
	addattr32(&m->n, MAXLEN, RTA_OIF, ifindex);
}

static void htb_qdisc(msg_t *m, int ifindex)
{
	struct tcmsg t = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			   .tcm_handle = 0x10000, .tcm_parent = TC_H_ROOT };
	struct tc_htb_glob glob = { .version = TC_HTB_PROTOVER, .rate2quantum = 10 };
	struct rtattr *opts;

	msg_init(m, RTM_NEWQDISC, FLAGS_NEW, &t, sizeof(t));
	addattr_l(&m->n, MAXLEN, TCA_KIND, "htb", 4);
	opts = addattr_nest(&m->n, MAXLEN, TCA_OPTIONS);
	addattr_l(&m->n, MAXLEN, TCA_HTB_INIT, &glob, sizeof(glob));
	addattr_nest_end(&m->n, opts);
}

/* An HTB class at 10 Gbit/s: its quantum (rate / r2q) is far above 200000, for which the
 * kernel sets a default and answers with an ACK carrying a warning. */
static void htb_class(msg_t *m, int ifindex, unsigned minor)
{
	struct tcmsg t = { .tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
			   .tcm_handle = 0x10000 | minor, .tcm_parent = 0x10000 };
	struct tc_htb_opt opt;
	struct rtattr *opts;

	memset(&opt, 0, sizeof(opt));
	opt.rate.rate = 1250000000u;
	opt.rate.linklayer = TC_LINKLAYER_ETHERNET;
	opt.ceil = opt.rate;
	opt.buffer = 1000;
	opt.cbuffer = 1000;
	msg_init(m, RTM_NEWTCLASS, FLAGS_NEW, &t, sizeof(t));
	addattr_l(&m->n, MAXLEN, TCA_KIND, "htb", 4);
	opts = addattr_nest(&m->n, MAXLEN, TCA_OPTIONS);
	addattr_l(&m->n, MAXLEN, TCA_HTB_PARMS, &opt, sizeof(opt));
	addattr_nest_end(&m->n, opts);
}

/* ---- helpers ---------------------------------------------------------------------------- */

static const char *ip_out(const char *cmd)
{
	static char out[16384];
	FILE *p = popen(cmd, "r");
	size_t n = 0;

	out[0] = '\0';
	if (!p)
		return out;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

/* Nothing is left queued on the socket. */
static int queue_empty(int fd)
{
	char c;

	errno = 0;
	return recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN;
}

/* Receives the next datagram (waiting at most 2 s) into buf; its length or -1. */
static int recv_next(int fd, void *buf, size_t len)
{
	struct timeval tv = { .tv_sec = 2 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return (int)recv(fd, buf, len, 0);
}

/* The first message of a received reply buffer is an NLMSG_ERROR: its error value, else 1. */
static int error_of(const struct nlmsghdr *h)
{
	if (h->nlmsg_type != NLMSG_ERROR)
		return 1;
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* Runs rtnl_talk with answer NULL on a freshly built request and checks the seq rules. */
static int talk_ok(msg_t *m, const char *what)
{
	__u32 seq = rth.seq, dump = rth.dump;
	int r = CAPTURE(rtnl_talk(&rth, &m->n, NULL));

	if (r != 0 || err[0])
		fprintf(stderr, "%s: rtnl_talk returned %d, stderr \"%s\"\n", what, r, err);
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(m->n.nlmsg_seq, seq + 1);
	CHECK_INT(rth.seq, seq + 1);
	CHECK_INT(rth.dump, dump);
	CHECK(m->n.nlmsg_flags & NLM_F_ACK);
	return r;
}

static int ifindex_rv0, ifindex_rv1, ifindex_br;

/* ---- tests ------------------------------------------------------------------------------ */

static void test_create_objects(void)
{
	msg_t m, copy;

	rth.dump = 4242; /* rtnl_talk must not touch it */

	link_new(&m, "rv0", "veth", "rv1");
	copy = m;
	talk_ok(&m, "veth");
	CHECK_INT(m.n.nlmsg_flags, FLAGS_NEW | NLM_F_ACK);
	/* Only seq and flags of the caller's message change. */
	copy.n.nlmsg_seq = m.n.nlmsg_seq;
	copy.n.nlmsg_flags = m.n.nlmsg_flags;
	CHECK(memcmp(&copy, &m, m.n.nlmsg_len) == 0);
	ifindex_rv0 = if_nametoindex("rv0");
	ifindex_rv1 = if_nametoindex("rv1");
	CHECK(ifindex_rv0 > 0);
	CHECK(ifindex_rv1 > 0);
	CHECK(strstr(ip_out("ip -o link show dev rv0"), "rv0@rv1:") != NULL);

	link_new(&m, "rbr0", "bridge", NULL);
	talk_ok(&m, "bridge");
	ifindex_br = if_nametoindex("rbr0");
	CHECK(ifindex_br > 0);
	CHECK(strstr(ip_out("ip -d -o link show dev rbr0"), " bridge ") != NULL);

	link_up(&m, ifindex_rv0);
	talk_ok(&m, "rv0 up");
	link_up(&m, ifindex_rv1);
	talk_ok(&m, "rv1 up");
	link_up(&m, ifindex_br);
	talk_ok(&m, "rbr0 up");
	CHECK(strstr(ip_out("ip -o link show dev rv0"), ",UP") != NULL);
	CHECK(strstr(ip_out("ip -o link show dev rbr0"), ",UP") != NULL);

	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.1", 24);
	talk_ok(&m, "addr4");
	CHECK(strstr(ip_out("ip -4 -o addr show dev rv0"), " inet 10.10.0.1/24 ") != NULL);

	addr6(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "2001:db8:10::1", 64);
	talk_ok(&m, "addr6");
	CHECK(strstr(ip_out("ip -6 -o addr show dev rv0"), " inet6 2001:db8:10::1/64 ") != NULL);

	route4(&m, RTM_NEWROUTE, FLAGS_NEW, "10.20.0.0", 16, "10.10.0.2", ifindex_rv0);
	talk_ok(&m, "route4");
	CHECK(strstr(ip_out("ip -4 route show 10.20.0.0/16"), "10.20.0.0/16 via 10.10.0.2 dev rv0 proto static") != NULL);

	route6(&m, ifindex_rv0, "2001:db8:20::", 64);
	talk_ok(&m, "route6");
	CHECK(strstr(ip_out("ip -6 route show 2001:db8:20::/64"), "2001:db8:20::/64 dev rv0 proto static") != NULL);

	route4(&m, RTM_DELROUTE, NLM_F_REQUEST, "10.20.0.0", 16, NULL, 0);
	talk_ok(&m, "route4 del");
	CHECK_STR(ip_out("ip -4 route show 10.20.0.0/16"), "");
	CHECK(queue_empty(rth.fd));
}

static void test_answer(void)
{
	struct nlmsghdr *ans = NULL;
	struct rtattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct ifinfomsg *ifi;
	msg_t m;
	__u32 seq = rth.seq, dump = rth.dump;
	int r;

	link_get(&m, "rv0");
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(m.n.nlmsg_flags, NLM_F_REQUEST); /* no NLM_F_ACK with an answer */
	CHECK_INT(m.n.nlmsg_seq, seq + 1);
	CHECK_INT(rth.seq, seq + 1);
	CHECK_INT(rth.dump, dump);
	CHECK(ans != NULL);
	if (!ans)
		return;
	CHECK(malloc_usable_size(ans) >= 32768);
	CHECK(malloc_usable_size(ans) >= ans->nlmsg_len);
	CHECK_INT(ans->nlmsg_type, RTM_NEWLINK);
	CHECK_INT(ans->nlmsg_seq, seq + 1);
	CHECK_INT(ans->nlmsg_pid, rth.local.nl_pid);
	ifi = NLMSG_DATA(ans);
	CHECK_INT(ifi->ifi_index, ifindex_rv0);
	CHECK(ifi->ifi_flags & IFF_UP);
	CHECK_INT(parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(ans)), 0);
	CHECK(tb[IFLA_IFNAME] != NULL);
	if (tb[IFLA_IFNAME])
		CHECK_STR(rta_getattr_str(tb[IFLA_IFNAME]), "rv0");
	CHECK(tb[IFLA_LINKINFO] != NULL);
	if (tb[IFLA_LINKINFO]) {
		parse_rtattr_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO]);
		CHECK(li[IFLA_INFO_KIND] != NULL);
		if (li[IFLA_INFO_KIND])
			CHECK_STR(rta_getattr_str(li[IFLA_INFO_KIND]), "veth");
	}
	CHECK(tb[IFLA_LINK] && rta_getattr_u32(tb[IFLA_LINK]) == (__u32)ifindex_rv1);
	free(ans);
	CHECK(queue_empty(rth.fd));

	/* An ACK as the only reply: *answer is that NLMSG_ERROR (error 0). */
	ans = NULL;
	addr4(&m, RTM_NEWADDR, FLAGS_NEW | NLM_F_ACK, ifindex_rv0, "10.10.0.5", 24);
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL);
	if (ans) {
		CHECK_INT(ans->nlmsg_type, NLMSG_ERROR);
		CHECK_INT(ans->nlmsg_seq, m.n.nlmsg_seq);
		CHECK_INT(error_of(ans), 0);
		CHECK(malloc_usable_size(ans) >= 32768);
		free(ans);
	}
	CHECK(queue_empty(rth.fd));

	/* Sequence wrap-around: ++seq from 0xffffffff is 0, and the reply with seq 0 is ours. */
	rth.seq = 0xffffffffu;
	ans = NULL;
	link_get(&m, "rv1");
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(m.n.nlmsg_seq, 0);
	CHECK_INT(rth.seq, 0);
	CHECK(ans != NULL);
	if (ans) {
		CHECK_INT(ans->nlmsg_type, RTM_NEWLINK);
		CHECK_INT(ans->nlmsg_seq, 0);
		CHECK_INT(((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index, ifindex_rv1);
		free(ans);
	}
	CHECK(queue_empty(rth.fd));
}

/* One kernel error through rtnl_talk (with and without answer) and the suppress variant. */
static void check_error(msg_t *proto_msg, int want_errno, const char *want_text)
{
	struct nlmsghdr *ans;
	msg_t m;
	__u32 seq;
	int r;

	/* answer == NULL */
	m = *proto_msg;
	seq = rth.seq;
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, want_errno);
	CHECK_STR(err, want_text);
	CHECK_INT(m.n.nlmsg_seq, seq + 1);
	CHECK_INT(rth.seq, seq + 1);

	/* with an answer: *answer untouched */
	m = *proto_msg;
	ans = SENTINEL;
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, -1);
	CHECK_INT(errno, want_errno);
	CHECK_STR(err, want_text);
	CHECK(ans == SENTINEL);

	/* suppress variant: same result and errno, nothing printed */
	m = *proto_msg;
	ans = SENTINEL;
	errno = 0;
	r = CAPTURE(rtnl_talk_suppress_rtnl_errmsg(&rth, &m.n, &ans));
	CHECK_INT(r, -1);
	CHECK_INT(errno, want_errno);
	CHECK_STR(err, "");
	CHECK(ans == SENTINEL);
	m = *proto_msg;
	errno = 0;
	r = CAPTURE(rtnl_talk_suppress_rtnl_errmsg(&rth, &m.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, want_errno);
	CHECK_STR(err, "");
	CHECK(queue_empty(rth.fd));
}

static void test_errors(void)
{
	msg_t m;
	int r;

	/* Existing addresses: the kernel's ext-ack message. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.1", 24);
	check_error(&m, EEXIST, "Error: ipv4: Address already assigned.\n");
	addr6(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "2001:db8:10::1", 64);
	check_error(&m, EEXIST, "Error: ipv6: address already assigned.\n");
	/* An existing link name. */
	link_new(&m, "rbr0", "bridge", NULL);
	check_error(&m, EEXIST, "RTNETLINK answers: File exists\n");
	/* A missing route: no ext-ack, so strerror. */
	route4(&m, RTM_DELROUTE, NLM_F_REQUEST, "10.99.0.0", 16, NULL, 0);
	check_error(&m, ESRCH, "RTNETLINK answers: No such process\n");
	/* A missing address (this kernel adds an ext-ack message). */
	addr4(&m, RTM_DELADDR, NLM_F_REQUEST, ifindex_rv0, "10.10.99.1", 24);
	check_error(&m, EADDRNOTAVAIL, "Error: ipv4: Address not found.\n");
	/* An invalid request: an unknown link kind. */
	link_new(&m, "rx0", "no-such-kind", NULL);
	check_error(&m, EOPNOTSUPP, "Error: Unknown device type.\n");
	CHECK_INT(if_nametoindex("rx0"), 0);

	/* The suppress variant succeeds like rtnl_talk. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.3", 24);
	r = CAPTURE(rtnl_talk_suppress_rtnl_errmsg(&rth, &m.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(m.n.nlmsg_flags & NLM_F_ACK);
	CHECK(strstr(ip_out("ip -4 -o addr show dev rv0"), " inet 10.10.0.3/24 ") != NULL);
}

/* An ACK that carries an ext-ack message: printed as `Warning: …`, success. */
static void test_warning(void)
{
	struct nlmsghdr *ans = NULL;
	msg_t m;
	int r;

	htb_qdisc(&m, ifindex_rv0);
	talk_ok(&m, "htb qdisc");

	htb_class(&m, ifindex_rv0, 1);
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "Warning: sch_htb: quantum of class 10001 is big. Consider r2q change.\n");

	/* The suppress variant still prints warnings. */
	htb_class(&m, ifindex_rv0, 2);
	r = CAPTURE(rtnl_talk_suppress_rtnl_errmsg(&rth, &m.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "Warning: sch_htb: quantum of class 10002 is big. Consider r2q change.\n");

	/* With an answer (the caller asks for the ACK): the warning, and the ACK as answer. */
	htb_class(&m, ifindex_rv0, 3);
	m.n.nlmsg_flags |= NLM_F_ACK;
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "Warning: sch_htb: quantum of class 10003 is big. Consider r2q change.\n");
	CHECK(ans != NULL);
	if (ans) {
		CHECK_INT(ans->nlmsg_type, NLMSG_ERROR);
		CHECK(ans->nlmsg_flags & NLM_F_ACK_TLVS);
		CHECK_INT(error_of(ans), 0);
		free(ans);
	}
	CHECK(strstr(ip_out("tc class show dev rv0"), "class htb 1:3 root") != NULL);
	CHECK(queue_empty(rth.fd));
}

/* Difference 3: only the request's own sequence number is accepted. */
static void test_stale_replies(void)
{
	struct nlmsghdr *ans = NULL;
	char buf[8192];
	msg_t m, stale;
	__u32 seq;
	int r;

	/* A: the ACK of the previous request (seq - 1) is still queued when the next request
	 * fails. iproute2's window would take that ACK (return 0); the reply to this request is
	 * an error in the second datagram read, so rtnl_talk returns -2. */
	link_get(&m, "rv0");
	m.n.nlmsg_flags |= NLM_F_ACK;
	CHECK_INT(rtnl_talk(&rth, &m.n, &ans), 0);
	CHECK(ans && ans->nlmsg_type == RTM_NEWLINK);
	free(ans);
	ans = NULL;
	seq = rth.seq;
	CHECK_INT(recv(rth.fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT) > 0, 1);
	CHECK_INT(((struct nlmsghdr *)buf)->nlmsg_type, NLMSG_ERROR); /* the stale ACK */
	CHECK_INT(((struct nlmsghdr *)buf)->nlmsg_seq, seq);
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.1", 24);
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(m.n.nlmsg_seq, seq + 1);
	CHECK_INT(r, -2);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\n");
	CHECK(queue_empty(rth.fd));

	/* B: a failing request sent by hand with seq + 1 (the tools' `++rth.seq` pattern) and its
	 * error left unread; the next rtnl_talk (seq + 2) succeeds. iproute2 would return the
	 * stale error. */
	addr4(&stale, RTM_NEWADDR, FLAGS_NEW | NLM_F_ACK, ifindex_rv0, "10.10.0.1", 24);
	stale.n.nlmsg_seq = ++rth.seq;
	CHECK_INT(rtnl_send(&rth, &stale.n, stale.n.nlmsg_len), stale.n.nlmsg_len);
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.6", 24);
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(m.n.nlmsg_seq, stale.n.nlmsg_seq + 1);
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(strstr(ip_out("ip -4 -o addr show dev rv0"), " inet 10.10.0.6/24 ") != NULL);
	CHECK(queue_empty(rth.fd));

	/* C: a stale data reply (seq - 1) queued before a request with an answer: the answer is
	 * the reply to our request (rv0), not the stale one (rv1). */
	link_get(&stale, "rv1");
	stale.n.nlmsg_seq = ++rth.seq;
	CHECK_INT(rtnl_send(&rth, &stale.n, stale.n.nlmsg_len), stale.n.nlmsg_len);
	link_get(&m, "rv0");
	r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL);
	if (ans) {
		CHECK_INT(ans->nlmsg_seq, m.n.nlmsg_seq);
		CHECK_INT(((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index, ifindex_rv0);
		free(ans);
	}
	CHECK(queue_empty(rth.fd));

	/* D: two unrelated replies (other seqs) first: the error is in the third datagram. */
	link_get(&stale, "rv1");
	stale.n.nlmsg_seq = 12345;
	CHECK_INT(rtnl_send(&rth, &stale.n, stale.n.nlmsg_len), stale.n.nlmsg_len);
	link_get(&stale, "rbr0");
	stale.n.nlmsg_seq = rth.seq + 5;
	CHECK_INT(rtnl_send(&rth, &stale.n, stale.n.nlmsg_len), stale.n.nlmsg_len);
	route4(&m, RTM_DELROUTE, NLM_F_REQUEST, "10.99.0.0", 16, NULL, 0);
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(r, -3);
	CHECK_INT(errno, ESRCH);
	CHECK_STR(err, "RTNETLINK answers: No such process\n");
	CHECK(queue_empty(rth.fd));
}

/* Notifications on a subscribed handle: a foreign one (another socket's pid) is skipped; one
 * caused by our own request carries our pid and seq and counts as a reply. */
static void test_notifications(void)
{
	struct rtnl_handle sub = { .fd = -1 };
	struct nlmsghdr *ans = NULL;
	msg_t m;
	int r;

	CHECK_INT(rtnl_open(&sub, RTMGRP_IPV4_IFADDR), 0);

	/* Foreign: the address is added through the other handle. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.7", 24);
	talk_ok(&m, "addr via rth");
	link_get(&m, "rv0");
	r = CAPTURE(rtnl_talk(&sub, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL);
	if (ans) {
		CHECK_INT(ans->nlmsg_type, RTM_NEWLINK);
		free(ans);
		ans = NULL;
	}
	CHECK(queue_empty(sub.fd));

	/* Our own, without an answer: `Unexpected reply!!!`, then the ACK. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.8", 24);
	r = CAPTURE(rtnl_talk(&sub, &m.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "Unexpected reply!!!\n");
	CHECK(queue_empty(sub.fd));

	/* Our own, with an answer and no ACK requested: the notification is the answer. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.9", 24);
	r = CAPTURE(rtnl_talk(&sub, &m.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL);
	if (ans) {
		struct rtattr *tb[IFA_MAX + 1];
		struct ifaddrmsg *ifa = NLMSG_DATA(ans);

		CHECK_INT(ans->nlmsg_type, RTM_NEWADDR);
		CHECK_INT(ans->nlmsg_seq, m.n.nlmsg_seq);
		CHECK_INT(ans->nlmsg_pid, sub.local.nl_pid);
		CHECK_INT(ifa->ifa_index, ifindex_rv0);
		parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(ans));
		CHECK(tb[IFA_LOCAL] && RTA_PAYLOAD(tb[IFA_LOCAL]) == 4 &&
		      memcmp(RTA_DATA(tb[IFA_LOCAL]), "\x0a\x0a\x00\x09", 4) == 0);
		free(ans);
	}
	CHECK(queue_empty(sub.fd));
	rtnl_close(&sub);
}

/* NETLINK_SOCK_DIAG handles never print kernel errors (spec 3.4). */
static void test_sock_diag_silent(void)
{
	struct rtnl_handle diag = { .fd = -1 };
	struct {
		struct nlmsghdr n;
		struct inet_diag_req_v2 r;
	} req = {
		.n = { .nlmsg_len = sizeof(req), .nlmsg_type = SOCK_DIAG_BY_FAMILY,
		       .nlmsg_flags = NLM_F_REQUEST },
		.r = { .sdiag_family = 250 },
	};
	int r;

	CHECK_INT(rtnl_open_byproto(&diag, 0, NETLINK_SOCK_DIAG), 0);
	errno = 0;
	r = CAPTURE(rtnl_talk(&diag, &req.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	rtnl_close(&diag);
}

static void test_send(void)
{
	char buf[16384];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	msg_t m;
	__u32 seq = rth.seq, dump = rth.dump;
	int r, n;

	/* rtnl_send: the byte count, no sequence handling. */
	link_get(&m, "rv0");
	m.n.nlmsg_seq = 0x5000;
	r = CAPTURE(rtnl_send(&rth, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, m.n.nlmsg_len);
	CHECK_STR(err, "");
	CHECK_INT(m.n.nlmsg_seq, 0x5000);
	CHECK_INT(m.n.nlmsg_flags, NLM_F_REQUEST);
	CHECK_INT(rth.seq, seq);
	CHECK_INT(rth.dump, dump);
	n = recv_next(rth.fd, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_INT(h->nlmsg_type, RTM_NEWLINK);
	CHECK_INT(h->nlmsg_seq, 0x5000);
	CHECK(queue_empty(rth.fd));

	/* rtnl_send_check, nothing pending: a successful request without NLM_F_ACK. */
	addr4(&m, RTM_NEWADDR, FLAGS_NEW, ifindex_rv0, "10.10.0.20", 24);
	m.n.nlmsg_seq = 0x5001;
	errno = 0;
	r = CAPTURE(rtnl_send_check(&rth, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(queue_empty(rth.fd));
	CHECK(strstr(ip_out("ip -4 -o addr show dev rv0"), " inet 10.10.0.20/24 ") != NULL);

	/* An ACK pending: -1 with errno 0, and the ACK stays queued. */
	addr4(&m, RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, ifindex_rv0, "10.10.0.20", 24);
	m.n.nlmsg_seq = 0x5002;
	errno = EXDEV;
	r = CAPTURE(rtnl_send_check(&rth, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, -1);
	CHECK_INT(errno, 0);
	CHECK_STR(err, "");
	n = recv_next(rth.fd, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_INT(h->nlmsg_seq, 0x5002);
	CHECK_INT(error_of(h), 0);
	CHECK(queue_empty(rth.fd));
	CHECK(strstr(ip_out("ip -4 -o addr show dev rv0"), " inet 10.10.0.20/24 ") == NULL);

	/* An error pending (sent even without NLM_F_ACK): -1 with errno, still queued. */
	m.n.nlmsg_seq = 0x5003;
	m.n.nlmsg_flags = NLM_F_REQUEST;
	errno = 0;
	r = CAPTURE(rtnl_send_check(&rth, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EADDRNOTAVAIL);
	CHECK_STR(err, "");
	n = recv_next(rth.fd, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_INT(h->nlmsg_seq, 0x5003);
	CHECK_INT(error_of(h), -EADDRNOTAVAIL);
	CHECK(queue_empty(rth.fd));

	/* A data reply pending (no NLMSG_ERROR in it): 0, still queued. */
	link_get(&m, "rv1");
	m.n.nlmsg_seq = 0x5004;
	r = CAPTURE(rtnl_send_check(&rth, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	n = recv_next(rth.fd, buf, sizeof(buf));
	CHECK(n > 0);
	CHECK_INT(h->nlmsg_type, RTM_NEWLINK);
	CHECK_INT(h->nlmsg_seq, 0x5004);
	CHECK(queue_empty(rth.fd));
	CHECK_INT(rth.seq, seq);
}

static void test_bad_arguments(void)
{
	struct rtnl_handle closed = { .fd = -1 };
	struct nlmsghdr *ans = SENTINEL;
	msg_t m;
	int r;

	link_get(&m, "rv0");
#define NULL_CASE(expr) do { \
	errno = 0; \
	r = CAPTURE(expr); \
	CHECK_INT(r, -1); \
	CHECK_INT(errno, EINVAL); \
	CHECK_STR(err, ""); \
} while (0)
	NULL_CASE(rtnl_talk(NULL, &m.n, NULL));
	NULL_CASE(rtnl_talk(NULL, &m.n, &ans));
	NULL_CASE(rtnl_talk(&rth, NULL, NULL));
	NULL_CASE(rtnl_talk_suppress_rtnl_errmsg(NULL, &m.n, NULL));
	NULL_CASE(rtnl_talk_suppress_rtnl_errmsg(&rth, NULL, &ans));
	NULL_CASE(rtnl_send(NULL, &m.n, m.n.nlmsg_len));
	NULL_CASE(rtnl_send(&rth, NULL, 16));
	NULL_CASE(rtnl_send_check(NULL, &m.n, m.n.nlmsg_len));
	NULL_CASE(rtnl_send_check(&rth, NULL, 16));
#undef NULL_CASE
	CHECK(ans == SENTINEL);
	CHECK(queue_empty(rth.fd));

	/* A closed handle: the send fails. rtnl_talk prints perror text; seq still advances. */
	closed.seq = 100;
	errno = 0;
	r = CAPTURE(rtnl_talk(&closed, &m.n, &ans));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_STR(err, "Cannot talk to rtnetlink: Bad file descriptor\n");
	CHECK_INT(m.n.nlmsg_seq, 101);
	CHECK_INT(closed.seq, 101);
	CHECK(ans == SENTINEL);
	errno = 0;
	r = CAPTURE(rtnl_send(&closed, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_send_check(&closed, &m.n, m.n.nlmsg_len));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_STR(err, "");
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(120);
	if (rtnl_open(&rth, 0) < 0) {
		fprintf(stderr, "rtnl_open failed\n");
		return 1;
	}
	test_create_objects();
	test_answer();
	test_errors();
	test_warning();
	test_stale_replies();
	test_notifications();
	test_sock_diag_silent();
	test_send();
	test_bad_arguments();
	rtnl_close(&rth);
	return ct_result("talk");
}
