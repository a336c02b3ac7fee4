/*
 * ctest: netns
 * ctest: no-valgrind: valgrind runs threads one at a time, which removes the concurrency this test is about
 * ctest: ldflags -lpthread
 *
 * Concurrency (spec 0.1 "no hidden per-handle state", 3.3, 3.4, 3.7): for a few seconds at once,
 * in one process, each thread with its own handle:
 *  - 2 dumpers cycle link / IPv4 address / IPv4 route dumps; every dump's count of the objects
 *    nobody changes equals the count taken before the threads started, and every message the
 *    filter sees carries that handle's pid and seq;
 *  - 2 talkers add and delete their own addresses and blackhole routes with rtnl_talk, ask for
 *    their own link (RTM_GETLINK answer) and provoke an error (EADDRNOTAVAIL, thread-local
 *    errno): every reply is theirs (0, the right answer type, their seq and pid);
 *  - 1 listener counts the talkers' notifications with rtnl_listen and stops on a marker.
 * At the end: listener counts == talkers' operations, nothing left behind, stderr holds at most
 * the kernel-caused "Dump was interrupted" notice. Then nested calls: a dump filter that runs
 * rtnl_talk and a whole dump on a second handle while the outer dump continues, and a listen
 * handler that runs rtnl_talk on a second handle: the outer message is untouched.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <linux/if_addr.h>
#include <libnetlink.h>
#include "ctest.h"

#define NT 2		/* talkers */
#define ND 2		/* dumpers */
#define RUN_NS (3LL * 1000000000LL)
#define TABLE0 101	/* talker k uses table TABLE0 + k */

/* A copy of the original stderr: the alarm can fire while fd 2 is being captured. */
static int real_stderr = 2;

static void on_alarm(int sig)
{
	static const char msg[] = "threads: timed out\n";

	(void)sig;
	if (write(real_stderr, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Per-thread failure record (the CHECK counters are not thread-safe). */
struct tfail {
	int fails;
	char first[4][200];
};

#define TCHECK(t, cond, ...) do { \
	if (!(cond)) { \
		if ((t)->fails < 4) \
			snprintf((t)->first[(t)->fails], sizeof((t)->first[0]), __VA_ARGS__); \
		(t)->fails++; \
	} \
} while (0)

static void report(const char *who, int idx, const struct tfail *t)
{
	CHECK_QUIET(t->fails == 0, "%s %d: %d failures", who, idx, t->fails);
	for (int i = 0; i < t->fails && i < 4; i++)
		fprintf(stderr, "  %s %d: %s\n", who, idx, t->first[i]);
}

static int in_net(uint32_t a_be, const char *net16)
{
	return (ntohl(a_be) >> 16) == (ntohl(inet_addr(net16)) >> 16);
}

/* ---- classification of dumped objects ---------------------------------------------------- */

enum { K_LINK, K_ADDR, K_ROUTE, NK };

struct tally {
	int stable;	/* objects nobody changes while the threads run */
	int moving;	/* the talkers' objects */
	int bad_owner;	/* messages with another pid or seq */
	int intr;	/* messages flagged NLM_F_DUMP_INTR */
	int other;	/* unexpected message types */
	struct rtnl_handle *rth;
};

static int route_table(struct rtmsg *rtm, struct rtattr **tb)
{
	return tb[RTA_TABLE] ? (int)rta_getattr_u32(tb[RTA_TABLE]) : rtm->rtm_table;
}

static int classify(struct nlmsghdr *n, void *arg)
{
	struct tally *t = arg;
	struct rtattr *tb[RTA_MAX + IFA_MAX + 1] = { 0 };

	if (n->nlmsg_pid != t->rth->local.nl_pid || n->nlmsg_seq != t->rth->dump)
		t->bad_owner++;
	if (n->nlmsg_flags & NLM_F_DUMP_INTR)
		t->intr++;
	switch (n->nlmsg_type) {
	case RTM_NEWLINK:
		t->stable++;
		break;
	case RTM_NEWADDR: {
		struct ifaddrmsg *ifa = NLMSG_DATA(n);

		parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
		if (tb[IFA_LOCAL] && in_net(rta_getattr_u32(tb[IFA_LOCAL]), "10.50.0.0"))
			t->moving++;
		else
			t->stable++;
		break;
	}
	case RTM_NEWROUTE: {
		struct rtmsg *rtm = NLMSG_DATA(n);
		int table;

		parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
		table = route_table(rtm, tb);
		/* the talkers' blackhole routes, and the local routes of their addresses (the
		 * kernel adds those even on a down device) */
		if ((table >= TABLE0 && table < TABLE0 + NT) ||
		    (tb[RTA_DST] && in_net(rta_getattr_u32(tb[RTA_DST]), "10.50.0.0")))
			t->moving++;
		else
			t->stable++;
		break;
	}
	default:
		t->other++;
	}
	return 0;
}

static int dump_kind(struct rtnl_handle *rth, int kind, struct tally *t)
{
	int r;

	memset(t, 0, sizeof(*t));
	t->rth = rth;
	switch (kind) {
	case K_LINK:
		r = rtnl_linkdump_req(rth, AF_UNSPEC);
		break;
	case K_ADDR:
		r = rtnl_addrdump_req(rth, AF_INET, NULL);
		break;
	default:
		r = rtnl_routedump_req(rth, AF_INET, NULL);
	}
	if (r < 0)
		return -1000;
	return rtnl_dump_filter(rth, classify, t);
}

static int expected[NK];

/* ---- dumpers ------------------------------------------------------------------------------ */

struct dumper {
	pthread_t th;
	struct rtnl_handle rth;
	long long until;
	int dumps[NK];
	int tolerated;		/* count mismatches inside a dump the kernel flagged interrupted */
	struct tfail f;
};

static void *dumper_main(void *arg)
{
	struct dumper *d = arg;
	static const char *kname[NK] = { "link", "addr", "route" };
	int kind = 0;

	while (now_ns() < d->until) {
		struct tally t;
		__u32 seq_before = d->rth.seq;
		int r = dump_kind(&d->rth, kind, &t);

		TCHECK(&d->f, r == 0, "%s dump returned %d (errno %d)", kname[kind], r, errno);
		TCHECK(&d->f, d->rth.seq == seq_before + 1 && d->rth.dump == d->rth.seq,
		       "%s dump: seq %u dump %u, was %u", kname[kind], d->rth.seq, d->rth.dump, seq_before);
		TCHECK(&d->f, t.bad_owner == 0, "%s dump: %d messages of another pid/seq", kname[kind],
		       t.bad_owner);
		TCHECK(&d->f, t.other == 0, "%s dump: %d messages of another type", kname[kind], t.other);
		if (t.stable != expected[kind] && t.intr)
			d->tolerated++;
		else
			TCHECK(&d->f, t.stable == expected[kind], "%s dump: %d stable objects, want %d",
			       kname[kind], t.stable, expected[kind]);
		TCHECK(&d->f, t.moving >= 0 && t.moving <= (kind == K_ROUTE ? 2 : 1) * NT * (t.intr ? 2 : 1),
		       "%s dump: %d talker objects", kname[kind], t.moving);
		d->dumps[kind]++;
		kind = (kind + 1) % NK;
	}
	return NULL;
}

/* ---- talkers ------------------------------------------------------------------------------ */

struct talker {
	pthread_t th;
	struct rtnl_handle rth;
	int k;
	int ifindex;
	char ifname[IFNAMSIZ];
	long long until;
	int addr_add, addr_del, route_add, route_del, getlink, errors_seen;
	struct tfail f;
};

static int talk_addr(struct talker *t, int type, uint32_t a, __u32 *seq, int suppress)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg ifa;
		char buf[128];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)),
		.n.nlmsg_flags = NLM_F_REQUEST | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0),
		.n.nlmsg_type = type,
		.ifa.ifa_family = AF_INET,
		.ifa.ifa_prefixlen = 32,
		.ifa.ifa_index = t->ifindex,
	};
	int r;

	addattr32(&req.n, sizeof(req), IFA_LOCAL, a);
	addattr32(&req.n, sizeof(req), IFA_ADDRESS, a);
	r = suppress ? rtnl_talk_suppress_rtnl_errmsg(&t->rth, &req.n, NULL)
		     : rtnl_talk(&t->rth, &req.n, NULL);
	*seq = req.n.nlmsg_seq;
	return r;
}

static int talk_route(struct talker *t, int type, uint32_t dst, struct nlmsghdr **answer, __u32 *seq)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg rtm;
		char buf[128];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)),
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0),
		.n.nlmsg_type = type,
		.rtm.rtm_family = AF_INET,
		.rtm.rtm_dst_len = 32,
		.rtm.rtm_table = TABLE0 + t->k,
		.rtm.rtm_protocol = RTPROT_STATIC,
		.rtm.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm.rtm_type = RTN_BLACKHOLE,
	};
	int r;

	addattr32(&req.n, sizeof(req), RTA_DST, dst);
	addattr32(&req.n, sizeof(req), RTA_TABLE, TABLE0 + t->k);
	r = rtnl_talk(&t->rth, &req.n, answer);
	*seq = req.n.nlmsg_seq;
	return r;
}

static void check_ack(struct talker *t, const char *what, struct nlmsghdr *ans, __u32 seq)
{
	struct nlmsgerr *e = NLMSG_DATA(ans);

	TCHECK(&t->f, ans->nlmsg_type == NLMSG_ERROR && e->error == 0,
	       "%s: answer type %u error %d", what, ans->nlmsg_type, e->error);
	TCHECK(&t->f, ans->nlmsg_seq == seq && ans->nlmsg_pid == t->rth.local.nl_pid,
	       "%s: answer seq %u pid %u, want %u %u", what, ans->nlmsg_seq, ans->nlmsg_pid, seq,
	       t->rth.local.nl_pid);
	TCHECK(&t->f, e->msg.nlmsg_seq == seq, "%s: acked request seq %u, want %u", what,
	       e->msg.nlmsg_seq, seq);
}

static void *talker_main(void *arg)
{
	struct talker *t = arg;
	int i = 0;

	while (now_ns() < t->until) {
		char a_s[32], r_s[32], bad_s[32];
		uint32_t a, dst, bad;
		__u32 seq;
		int r;
		struct nlmsghdr *ans = NULL;

		snprintf(a_s, sizeof(a_s), "10.50.%d.%d", t->k, i % 250 + 1);
		snprintf(r_s, sizeof(r_s), "10.60.%d.%d", t->k, i % 250 + 1);
		snprintf(bad_s, sizeof(bad_s), "10.51.%d.%d", t->k, i % 250 + 1);
		a = inet_addr(a_s);
		dst = inet_addr(r_s);
		bad = inet_addr(bad_s);

		r = talk_addr(t, RTM_NEWADDR, a, &seq, 0);
		TCHECK(&t->f, r == 0, "add %s: %d errno %d", a_s, r, errno);
		if (r == 0)
			t->addr_add++;

		/* RTM_GETLINK: the answer is our own link */
		{
			struct {
				struct nlmsghdr n;
				struct ifinfomsg ifi;
				char buf[64];
			} req = {
				.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
				.n.nlmsg_flags = NLM_F_REQUEST,
				.n.nlmsg_type = RTM_GETLINK,
				.ifi.ifi_family = AF_UNSPEC,
				.ifi.ifi_index = t->ifindex,
			};
			struct rtattr *tb[IFLA_MAX + 1] = { 0 };

			addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);
			r = rtnl_talk(&t->rth, &req.n, &ans);
			TCHECK(&t->f, r == 0, "getlink: %d errno %d", r, errno);
			if (r == 0) {
				struct ifinfomsg *ifi = NLMSG_DATA(ans);

				parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(ans), NLA_F_NESTED);
				TCHECK(&t->f, ans->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == t->ifindex &&
				       tb[IFLA_IFNAME] && !strcmp(rta_getattr_str(tb[IFLA_IFNAME]), t->ifname),
				       "getlink: answer type %u index %d", ans->nlmsg_type, ifi->ifi_index);
				TCHECK(&t->f, ans->nlmsg_seq == req.n.nlmsg_seq &&
				       ans->nlmsg_pid == t->rth.local.nl_pid,
				       "getlink: answer seq %u pid %u, want %u %u", ans->nlmsg_seq,
				       ans->nlmsg_pid, req.n.nlmsg_seq, t->rth.local.nl_pid);
				t->getlink++;
				free(ans);
				ans = NULL;
			}
		}

		r = talk_route(t, RTM_NEWROUTE, dst, &ans, &seq);
		TCHECK(&t->f, r == 0, "route add %s: %d errno %d", r_s, r, errno);
		if (r == 0) {
			check_ack(t, "route add", ans, seq);
			free(ans);
			ans = NULL;
			t->route_add++;
		}

		/* an error reply is ours too, and errno is this thread's */
		errno = 0;
		r = talk_addr(t, RTM_DELADDR, bad, &seq, 1);
		TCHECK(&t->f, r < 0 && errno == EADDRNOTAVAIL, "delete of absent %s: %d errno %d", bad_s,
		       r, errno);
		if (r < 0)
			t->errors_seen++;

		r = talk_route(t, RTM_DELROUTE, dst, &ans, &seq);
		TCHECK(&t->f, r == 0, "route del %s: %d errno %d", r_s, r, errno);
		if (r == 0) {
			check_ack(t, "route del", ans, seq);
			free(ans);
			ans = NULL;
			t->route_del++;
		}

		r = talk_addr(t, RTM_DELADDR, a, &seq, 0);
		TCHECK(&t->f, r == 0, "del %s: %d errno %d", a_s, r, errno);
		if (r == 0)
			t->addr_del++;
		i++;
		usleep(50);	/* leave the listener some CPU */
	}
	return NULL;
}

/* ---- listener ----------------------------------------------------------------------------- */

struct listener {
	pthread_t th;
	struct rtnl_handle rth;
	int ret;
	int newaddr, deladdr, newroute, delroute, other;
	int ctrl_bad;
	struct tfail f;
};

static int listen_handler(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct listener *l = arg;
	struct rtattr *tb[RTA_MAX + IFA_MAX + 1] = { 0 };

	if (!ctrl || ctrl->nsid != -1)
		l->ctrl_bad++;
	if (n->nlmsg_type == RTM_NEWADDR || n->nlmsg_type == RTM_DELADDR) {
		struct ifaddrmsg *ifa = NLMSG_DATA(n);
		uint32_t a;

		parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
		a = tb[IFA_LOCAL] ? rta_getattr_u32(tb[IFA_LOCAL]) : 0;
		if (n->nlmsg_type == RTM_NEWADDR && a == inet_addr("10.99.99.99"))
			return -77;
		if (in_net(a, "10.50.0.0")) {
			if (n->nlmsg_type == RTM_NEWADDR)
				l->newaddr++;
			else
				l->deladdr++;
			return 0;
		}
	} else if (n->nlmsg_type == RTM_NEWROUTE || n->nlmsg_type == RTM_DELROUTE) {
		struct rtmsg *rtm = NLMSG_DATA(n);
		int table;

		parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
		table = route_table(rtm, tb);
		if (table >= TABLE0 && table < TABLE0 + NT) {
			if (n->nlmsg_type == RTM_NEWROUTE)
				l->newroute++;
			else
				l->delroute++;
			return 1;
		}
	}
	l->other++;
	return 0;
}

static void *listener_main(void *arg)
{
	struct listener *l = arg;

	l->ret = rtnl_listen(&l->rth, listen_handler, l);
	return NULL;
}

/* ---- nested calls ------------------------------------------------------------------------- */

struct nest {
	struct rtnl_handle *outer, *inner;
	int links;
	int talk_ok;
	int name_match;
	int inner_dump_ok;
	int intact;
	int owner_ok;
	struct tally inner_tally;
};

static int nested_filter(struct nlmsghdr *n, void *arg)
{
	struct nest *s = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1] = { 0 };
	void *copy = malloc(n->nlmsg_len);
	char name[IFNAMSIZ] = "";
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifi;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_type = RTM_GETLINK,
		.ifi.ifi_family = AF_UNSPEC,
		.ifi.ifi_index = ifi->ifi_index,
	};
	struct nlmsghdr *ans = NULL;

	memcpy(copy, n, n->nlmsg_len);
	s->links++;
	if (n->nlmsg_pid == s->outer->local.nl_pid && n->nlmsg_seq == s->outer->dump)
		s->owner_ok++;
	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	if (tb[IFLA_IFNAME])
		snprintf(name, sizeof(name), "%s", rta_getattr_str(tb[IFLA_IFNAME]));

	addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);
	if (rtnl_talk(s->inner, &req.n, &ans) == 0) {
		struct ifinfomsg *ai = NLMSG_DATA(ans);
		struct rtattr *atb[IFLA_MAX + 1] = { 0 };

		s->talk_ok++;
		parse_rtattr_flags(atb, IFLA_MAX, IFLA_RTA(ai), IFLA_PAYLOAD(ans), NLA_F_NESTED);
		if (ans->nlmsg_type == RTM_NEWLINK && ai->ifi_index == ifi->ifi_index && atb[IFLA_IFNAME] &&
		    !strcmp(rta_getattr_str(atb[IFLA_IFNAME]), name))
			s->name_match++;
		free(ans);
	}
	/* for the first link, a whole dump on the inner handle too */
	if (s->links == 1 && dump_kind(s->inner, K_ADDR, &s->inner_tally) == 0 &&
	    s->inner_tally.stable == expected[K_ADDR] && s->inner_tally.bad_owner == 0)
		s->inner_dump_ok++;
	if (memcmp(copy, n, ((struct nlmsghdr *)copy)->nlmsg_len) == 0)
		s->intact++;
	free(copy);
	return 0;
}

struct lnest {
	struct rtnl_handle *inner;
	int intact, talk_ok, seen;
};

static int nested_listen(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct lnest *s = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	void *copy = malloc(n->nlmsg_len);
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifi;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_type = RTM_GETLINK,
		.ifi.ifi_family = AF_UNSPEC,
		.ifi.ifi_index = 1,	/* lo */
	};
	struct nlmsghdr *ans = NULL;
	int mtu_seen = 0;
	struct rtattr *tb[IFLA_MAX + 1] = { 0 };

	(void)ctrl;
	if (n->nlmsg_type != RTM_NEWLINK) {
		free(copy);
		return 0;
	}
	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	mtu_seen = tb[IFLA_MTU] && rta_getattr_u32(tb[IFLA_MTU]) == 1280;
	memcpy(copy, n, n->nlmsg_len);
	if (rtnl_talk(s->inner, &req.n, &ans) == 0) {
		if (ans->nlmsg_type == RTM_NEWLINK && ((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index == 1)
			s->talk_ok++;
		free(ans);
	}
	if (memcmp(copy, n, ((struct nlmsghdr *)copy)->nlmsg_len) == 0)
		s->intact++;
	free(copy);
	s->seen++;
	return mtu_seen ? -3 : 0;
}

static void test_nested(void)
{
	struct rtnl_handle a = { .fd = -1 }, b = { .fd = -1 }, c = { .fd = -1 };
	struct nest s = { .outer = &a, .inner = &b };
	struct lnest ls = { .inner = &b };
	struct tally t;
	int r;

	CHECK_INT(rtnl_open(&a, 0), 0);
	CHECK_INT(rtnl_open(&b, 0), 0);
	CHECK_INT(rtnl_linkdump_req(&a, AF_UNSPEC) > 0, 1);
	alarm(20);
	ct_capture_begin();
	r = rtnl_dump_filter(&a, nested_filter, &s);
	CHECK_STR(ct_capture_end(), "");
	CHECK_INT(r, 0);
	CHECK_INT(s.links, expected[K_LINK]);
	CHECK_INT(s.owner_ok, expected[K_LINK]);
	CHECK_INT(s.talk_ok, expected[K_LINK]);
	CHECK_INT(s.name_match, expected[K_LINK]);
	CHECK_INT(s.intact, expected[K_LINK]);
	CHECK_INT(s.inner_dump_ok, 1);
	/* both handles go on working */
	CHECK_INT(dump_kind(&a, K_ROUTE, &t), 0);
	CHECK_INT(t.stable, expected[K_ROUTE]);
	CHECK_INT(dump_kind(&b, K_LINK, &t), 0);
	CHECK_INT(t.stable, expected[K_LINK]);

	/* a listen handler that talks on another handle */
	CHECK_INT(rtnl_open(&c, RTMGRP_LINK), 0);
	sh("ip link set dev thr0 mtu 1280");
	ct_capture_begin();
	r = rtnl_listen(&c, nested_listen, &ls);
	CHECK_STR(ct_capture_end(), "");
	alarm(0);
	CHECK_INT(r, -3);
	CHECK(ls.seen >= 1);
	CHECK_INT(ls.talk_ok, ls.seen);
	CHECK_INT(ls.intact, ls.seen);
	rtnl_close(&a);
	rtnl_close(&b);
	rtnl_close(&c);
}

/* ---- main --------------------------------------------------------------------------------- */

int main(void)
{
	static struct dumper dumpers[ND];
	static struct talker talkers[NT];
	static struct listener lis;
	struct rtnl_handle probe = { .fd = -1 };
	struct tally t;
	long long until;
	int i, k, sum_add = 0, sum_del = 0, sum_radd = 0, sum_rdel = 0, overrun = 0;
	char cmd[128];
	const char *text;

	real_stderr = dup(2);
	signal(SIGALRM, on_alarm);
	sh("ip link set lo up");
	sh("ip addr add 10.40.0.1/24 dev lo");
	sh("ip route add blackhole 10.41.0.0/16");
	for (k = 0; k < NT; k++) {
		/* down on purpose: their addresses then add no routes */
		snprintf(cmd, sizeof(cmd), "ip link add thr%d type veth peer name thr%dp", k, k);
		sh("%s", cmd);
	}

	/* the reference counts, single-threaded */
	CHECK_INT(rtnl_open(&probe, 0), 0);
	for (k = 0; k < NK; k++) {
		CHECK_INT(dump_kind(&probe, k, &t), 0);
		CHECK_INT(t.moving, 0);
		CHECK_INT(t.bad_owner, 0);
		expected[k] = t.stable;
	}
	rtnl_close(&probe);
	CHECK_INT(expected[K_LINK], 1 + 2 * NT);
	CHECK(expected[K_ADDR] >= 2);
	CHECK(expected[K_ROUTE] >= 4);

	/* handles: the listener's with a large buffer, so it cannot overrun */
	rcvbuf = 4 << 20;
	CHECK_INT(rtnl_open(&lis.rth, RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE), 0);
	rcvbuf = 1024 * 1024;
	for (i = 0; i < ND; i++)
		CHECK_INT(rtnl_open(&dumpers[i].rth, 0), 0);
	for (k = 0; k < NT; k++) {
		CHECK_INT(rtnl_open(&talkers[k].rth, 0), 0);
		talkers[k].k = k;
		snprintf(talkers[k].ifname, sizeof(talkers[k].ifname), "thr%d", k);
		talkers[k].ifindex = if_nametoindex(talkers[k].ifname);
		CHECK(talkers[k].ifindex > 0);
	}

	alarm(60);
	ct_capture_begin();
	until = now_ns() + RUN_NS;
	pthread_create(&lis.th, NULL, listener_main, &lis);
	for (i = 0; i < ND; i++) {
		dumpers[i].until = until;
		pthread_create(&dumpers[i].th, NULL, dumper_main, &dumpers[i]);
	}
	for (k = 0; k < NT; k++) {
		talkers[k].until = until;
		pthread_create(&talkers[k].th, NULL, talker_main, &talkers[k]);
	}
	for (i = 0; i < ND; i++)
		pthread_join(dumpers[i].th, NULL);
	for (k = 0; k < NT; k++)
		pthread_join(talkers[k].th, NULL);
	/* the marker that stops the listener, after every talker notification */
	sh("ip addr add 10.99.99.99/32 dev lo");
	pthread_join(lis.th, NULL);
	text = ct_capture_end();
	alarm(0);

	/* stderr: nothing but kernel-caused notices: an interrupted dump (spec 3.3 step 5) and,
	 * should the listener thread have been starved of CPU for long, its overrun (spec 3.7) */
	{
		const char *p = text;
		static const char intr[] = "Dump was interrupted and may be inconsistent.\n";
		static const char nobufs[] = "netlink receive error No buffer space available (105)\n";
		int bad = 0, intr_lines = 0;

		while (*p) {
			if (!strncmp(p, intr, sizeof(intr) - 1)) {
				intr_lines++;
				p += sizeof(intr) - 1;
				continue;
			}
			if (!strncmp(p, nobufs, sizeof(nobufs) - 1)) {
				overrun++;
				p += sizeof(nobufs) - 1;
				continue;
			}
			bad = 1;
			break;
		}
		CHECK_INT(bad, 0);
		if (bad)
			fprintf(stderr, "unexpected stderr during the concurrent phase:\n%s", text);
		printf("(%d interrupted-dump notices, %d listener overruns)\n", intr_lines, overrun);
	}

	for (i = 0; i < ND; i++) {
		report("dumper", i, &dumpers[i].f);
		for (k = 0; k < NK; k++)
			CHECK_QUIET(dumpers[i].dumps[k] >= 3, "dumper %d: only %d dumps of kind %d", i,
				    dumpers[i].dumps[k], k);
		printf("dumper %d: %d link, %d addr, %d route dumps (%d tolerated in interrupted dumps)\n",
		       i, dumpers[i].dumps[K_LINK], dumpers[i].dumps[K_ADDR], dumpers[i].dumps[K_ROUTE],
		       dumpers[i].tolerated);
	}
	for (k = 0; k < NT; k++) {
		struct talker *tk = &talkers[k];

		report("talker", k, &tk->f);
		CHECK_QUIET(tk->addr_add >= 10, "talker %d: only %d iterations", k, tk->addr_add);
		CHECK_INT(tk->addr_add, tk->addr_del);
		CHECK_INT(tk->route_add, tk->route_del);
		CHECK_INT(tk->getlink, tk->addr_add);
		CHECK_INT(tk->errors_seen, tk->addr_add);
		sum_add += tk->addr_add;
		sum_del += tk->addr_del;
		sum_radd += tk->route_add;
		sum_rdel += tk->route_del;
		printf("talker %d: %d iterations\n", k, tk->addr_add);
	}
	report("listener", 0, &lis.f);
	CHECK_INT(lis.ret, -77);
	CHECK_INT(lis.ctrl_bad, 0);
	if (!overrun) {
		CHECK_INT(lis.newaddr, sum_add);
		CHECK_INT(lis.deladdr, sum_del);
		CHECK_INT(lis.newroute, sum_radd);
		CHECK_INT(lis.delroute, sum_rdel);
	} else {
		/* the kernel dropped notifications: never more than were caused */
		CHECK(lis.newaddr <= sum_add && lis.deladdr <= sum_del);
		CHECK(lis.newroute <= sum_radd && lis.delroute <= sum_rdel);
	}

	/* nothing left behind, and the stable objects are as before (plus the marker) */
	CHECK_INT(rtnl_open(&probe, 0), 0);
	CHECK_INT(dump_kind(&probe, K_ADDR, &t), 0);
	CHECK_INT(t.moving, 0);
	CHECK_INT(t.stable, expected[K_ADDR] + 1);
	sh("ip addr del 10.99.99.99/32 dev lo");
	CHECK_INT(dump_kind(&probe, K_ROUTE, &t), 0);
	CHECK_INT(t.moving, 0);
	CHECK_INT(t.stable, expected[K_ROUTE]);
	rtnl_close(&probe);

	rtnl_close(&lis.rth);
	for (i = 0; i < ND; i++)
		rtnl_close(&dumpers[i].rth);
	for (k = 0; k < NT; k++)
		rtnl_close(&talkers[k].rth);

	test_nested();
	return ct_result("threads");
}
