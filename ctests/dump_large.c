/*
 * ctest: netns
 *
 * Large messages and small socket buffers against the real kernel (spec 3.0 receive
 * strategy, 3.3, 3.4): a link with 400 alternative names of 110 characters (added through
 * rtnl_talk with RTM_NEWLINKPROP requests of up to ~35 KiB) is one ~50 KiB RTM_NEWLINK message that
 * the kernel sends in a datagram of its own. rtnl_linkdump_req + rtnl_dump_filter deliver it
 * whole (every IFLA_PROP_LIST / IFLA_ALT_IFNAME entry parsed and compared), and rtnl_talk
 * with RTM_GETLINK returns it whole in *answer (a malloc'd block at least that large). With
 * `rcvbuf = 8192` before rtnl_open (SO_RCVBUF 16384 after the kernel's doubling) a dump of
 * 3000 routes is still complete, and the large link still arrives whole.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <net/if.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <linux/veth.h>
#include <libnetlink.h>
#include "ctest.h"

#define NALT 400
#define ALTLEN 110
#define NROUTES 3000

static struct rtnl_handle rth = { .fd = -1 };
static char alt[NALT][ALTLEN + 1];
static int big_index;

/* Unique names of exactly ALTLEN characters: "alt-NNN-" then a pattern that depends on N. */
static void make_names(void)
{
	for (int i = 0; i < NALT; i++) {
		int k = snprintf(alt[i], sizeof(alt[i]), "alt-%03d-", i);

		for (; k < ALTLEN; k++)
			alt[i][k] = 'a' + (i * 7 + k) % 26;
		alt[i][ALTLEN] = '\0';
	}
}

/* Adds names [from, to) to the link in one RTM_NEWLINKPROP request. */
static void add_altnames(int from, int to)
{
	static struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[65536];
	} req;
	struct rtattr *list;
	const char *err;
	int r;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_NEWLINKPROP;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	req.i.ifi_index = big_index;
	list = addattr_nest(&req.n, sizeof(req), IFLA_PROP_LIST | NLA_F_NESTED);
	for (int i = from; i < to; i++)
		CHECK_INT(addattr_l(&req.n, sizeof(req), IFLA_ALT_IFNAME, alt[i], ALTLEN + 1), 0);
	addattr_nest_end(&req.n, list);
	CHECK_INT(req.n.nlmsg_len, NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_LENGTH(0) +
		  (to - from) * RTA_SPACE(ALTLEN + 1));
	ct_capture_begin();
	r = rtnl_talk(&rth, &req.n, NULL);
	err = ct_capture_end();
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
}

/* Counts the altnames of a link message; every one must be the expected name. */
static int check_altnames(struct nlmsghdr *n, int *names_ok)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1], *a;
	int k = 0, ok = 0;

	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	if (!tb[IFLA_PROP_LIST])
		return -1;
	rtattr_for_each_nested(a, tb[IFLA_PROP_LIST]) {
		if (a->rta_type != IFLA_ALT_IFNAME)
			continue;
		if (k < NALT && RTA_PAYLOAD(a) == ALTLEN + 1 &&
		    memcmp(RTA_DATA(a), alt[k], ALTLEN + 1) == 0)
			ok++;
		k++;
	}
	*names_ok = ok;
	return k;
}

struct linkdump {
	int links, big_seen, big_len, names, names_ok, bad_seq;
	struct rtnl_handle *h;
};

static int on_link(struct nlmsghdr *n, void *arg)
{
	struct linkdump *d = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);

	d->links++;
	if (n->nlmsg_seq != d->h->dump || n->nlmsg_pid != d->h->local.nl_pid)
		d->bad_seq++;
	if (n->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == big_index) {
		d->big_seen++;
		d->big_len = n->nlmsg_len;
		d->names = check_altnames(n, &d->names_ok);
	}
	return 0;
}

static void link_dump(struct rtnl_handle *h, const char *what)
{
	struct linkdump d = { .h = h };
	const char *err;
	int r;

	CHECK(rtnl_linkdump_req(h, AF_UNSPEC) > 0);
	ct_capture_begin();
	r = rtnl_dump_filter(h, on_link, &d);
	err = ct_capture_end();
	fprintf(stderr, "%s: link message of %d bytes\n", what, d.big_len);
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(d.links, 3);	/* lo, big0, big1 */
	CHECK_INT(d.bad_seq, 0);
	CHECK_INT(d.big_seen, 1);
	CHECK(d.big_len > 32768);
	CHECK(d.big_len > NALT * (ALTLEN + 1 + 4));
	CHECK_INT(d.names, NALT);
	CHECK_INT(d.names_ok, NALT);
}

/* The same dump read with plain recv(): the big link comes in a datagram over 32 KiB, the
 * size a fixed 32 KiB buffer would truncate. */
static unsigned char raw[1 << 20];

static void raw_link_dump(void)
{
	int done = 0, big_dgram = 0, big_msgs = 0;

	CHECK(rtnl_linkdump_req(&rth, AF_UNSPEC) > 0);
	while (!done) {
		ssize_t len = recv(rth.fd, raw, sizeof(raw), MSG_TRUNC);
		struct nlmsghdr *h = (struct nlmsghdr *)raw;
		int rem = (int)len;

		CHECK(len > 0 && len <= (ssize_t)sizeof(raw));
		if (len <= 0 || len > (ssize_t)sizeof(raw))
			return;
		for (; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				done = 1;
			else if (((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index == big_index) {
				big_msgs++;
				big_dgram = (int)len;
			}
		}
	}
	CHECK_INT(big_msgs, 1);
	CHECK(big_dgram > 32768);
}

static void talk_getlink(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_GETLINK,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.i.ifi_index = 0,
	};
	struct nlmsghdr *answer = NULL;
	const char *err;
	int r, names, ok = 0;

	req.i.ifi_index = big_index;
	addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);
	ct_capture_begin();
	r = rtnl_talk(&rth, &req.n, &answer);
	err = ct_capture_end();
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(answer != NULL);
	if (!answer)
		return;
	CHECK_INT(answer->nlmsg_type, RTM_NEWLINK);
	CHECK_INT(answer->nlmsg_seq, req.n.nlmsg_seq);
	CHECK(answer->nlmsg_len > 32768);
	CHECK(malloc_usable_size(answer) >= answer->nlmsg_len);
	CHECK_INT(((struct ifinfomsg *)NLMSG_DATA(answer))->ifi_index, big_index);
	names = check_altnames(answer, &ok);
	CHECK_INT(names, NALT);
	CHECK_INT(ok, NALT);
	free(answer);
}

struct routes {
	int n, main, ours, bad_seq, not_route;
	struct rtnl_handle *h;
};

static int on_route(struct nlmsghdr *n, void *arg)
{
	struct routes *d = arg;
	struct rtmsg *rtm = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];

	d->n++;
	if (n->nlmsg_seq != d->h->dump || n->nlmsg_pid != d->h->local.nl_pid)
		d->bad_seq++;
	if (n->nlmsg_type != RTM_NEWROUTE) {
		d->not_route++;
		return 0;
	}
	parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
	if (rtm->rtm_table == RT_TABLE_MAIN)
		d->main++;
	if (tb[RTA_DST] && rtm->rtm_dst_len == 32 &&
	    (ntohl(rta_getattr_u32(tb[RTA_DST])) >> 16) == ((10u << 8) | 100u))
		d->ours++;
	return 0;
}

int main(void)
{
	struct rtnl_handle small = { .fd = -1 };
	struct routes d;
	const char *err;
	socklen_t sl;
	FILE *b;
	char path[] = "/tmp/rnl_dump_large_XXXXXX";
	int fd, i, r, val, saved;

	make_names();
	sh("ip link set lo up && ip link add big0 type veth peer name big1 && ip link set big0 up && "
	   "ip link set big1 up && ip addr add 10.0.0.1/24 dev big0");
	big_index = if_nametoindex("big0");
	if (big_index <= 0)
		return 2;
	if (rtnl_open(&rth, 0) < 0)
		return 2;

	/* 400 names in two requests, the second one itself over 32 KiB */
	add_altnames(0, 100);
	add_altnames(100, NALT);
	CHECK_INT(lines_of("ip link show dev big0 | grep altname"), NALT);

	raw_link_dump();
	link_dump(&rth, "default rcvbuf");
	talk_getlink();

	/* 3000 routes */
	fd = mkstemp(path);
	if (fd < 0 || !(b = fdopen(fd, "w")))
		return 2;
	for (i = 0; i < NROUTES; i++)
		fprintf(b, "route add 10.100.%d.%d/32 via 10.0.0.2\n", i >> 8, i & 255);
	fclose(b);
	sh("ip -batch %s", path);
	unlink(path);

	/* a handle with a small receive buffer */
	saved = rcvbuf;
	CHECK_INT(saved, 1024 * 1024);
	rcvbuf = 8192;
	CHECK_INT(rtnl_open(&small, 0), 0);
	rcvbuf = saved;
	val = 0;
	sl = sizeof(val);
	CHECK_INT(getsockopt(small.fd, SOL_SOCKET, SO_RCVBUF, &val, &sl), 0);
	CHECK_INT(val, 16384);

	for (i = 0; i < 3; i++) {
		memset(&d, 0, sizeof(d));
		d.h = &small;
		CHECK(rtnl_routedump_req(&small, AF_INET, NULL) > 0);
		ct_capture_begin();
		r = rtnl_dump_filter(&small, on_route, &d);
		err = ct_capture_end();
		CHECK_INT(r, 0);
		CHECK_STR(err, "");
		CHECK_INT(d.ours, NROUTES);
		CHECK_INT(d.main, NROUTES + 1);
		CHECK_INT(d.n, lines_of("ip -o -4 route show table all"));
		CHECK_INT(d.bad_seq + d.not_route, 0);
	}
	link_dump(&small, "rcvbuf 8192");

	/* the default handle still gets everything too */
	memset(&d, 0, sizeof(d));
	d.h = &rth;
	CHECK(rtnl_routedump_req(&rth, AF_INET, NULL) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, on_route, &d), 0);
	CHECK_INT(d.ours, NROUTES);

	rtnl_close(&small);
	rtnl_close(&rth);
	return ct_result("dump_large");
}
