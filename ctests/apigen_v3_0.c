/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=30000
 *
 * A program written for iproute2 v3.0's libnetlink (issue 18): a 36-byte struct rtnl_handle
 * (followed here by a canary that no call may touch), rtnl_wilddump_request's 20-byte form,
 * the 5-argument rtnl_dump_filter whose junk filter gets another request's reply, the
 * 7-argument rtnl_talk whose junk filter gets a pending dump's messages, the 4-field
 * rtnl_dump_filter_l array, rtnl_listen with a (who, n, arg) handler.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <libnetlink.h>
#include "ctest.h"

static struct {
	struct rtnl_handle h;
	unsigned char canary[64];
} w, mon_w;

static int canary_ok(void)
{
	size_t i;

	for (i = 0; i < sizeof(w.canary); i++)
		if (w.canary[i] != 0xa5 || mon_w.canary[i] != 0xa5)
			return 0;
	return 1;
}

struct count {
	int n;
	int bad_who;
	__u32 last_seq;
	__u32 groups;
};

static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	struct count *c = arg;

	if (who->nl_family != AF_NETLINK || who->nl_pid != 0)
		c->bad_who++;
	c->groups = who->nl_groups;
	c->last_seq = n->nlmsg_seq;
	c->n++;
	return 0;
}

static int stop(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	filt(who, n, arg);
	return -5;
}

static void getlink(struct nlmsghdr *n, size_t size)
{
	memset(n, 0, size);
	n->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	n->nlmsg_type = RTM_GETLINK;
	n->nlmsg_flags = NLM_F_REQUEST;
	((struct ifinfomsg *)NLMSG_DATA(n))->ifi_index = if_nametoindex("lo");
}

int main(void)
{
	struct count c = { 0 }, j = { 0 }, c2 = { 0 };
	struct {
		struct nlmsghdr n;
		char buf[16384];
	} req;
	int ret;

	CHECK_INT(sizeof(struct rtnl_handle), 36);
	memset(w.canary, 0xa5, sizeof(w.canary));
	memset(mon_w.canary, 0xa5, sizeof(mon_w.canary));
	memset(&w.h, 0xee, sizeof(w.h));
	CHECK_INT(rtnl_open(&w.h, 0), 0);
	CHECK_INT(rtnl_open(&mon_w.h, 1 << (RTNLGRP_LINK - 1)), 0);
	CHECK(w.h.fd >= 0);
	CHECK(canary_ok());

	/* Dump with a junk filter: the reply to a request sent by hand comes first. */
	getlink(&req.n, sizeof(req));
	req.n.nlmsg_seq = 777777;
	CHECK(rtnl_send(&w.h, (void *)&req, req.n.nlmsg_len) > 0); /* v3.0: const char *buf */
	CHECK_INT(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK), 20);
	CHECK_INT(rtnl_dump_filter(&w.h, filt, &c, filt, &j), 0);
	CHECK(c.n >= 1);
	CHECK_INT(c.last_seq, w.h.dump);
	CHECK_INT(j.n, 1);
	CHECK_INT(j.last_seq, 777777);
	CHECK_INT(c.bad_who + j.bad_who, 0);
	CHECK(canary_ok());

	/* 7-argument talk: a pending dump's messages go to junk, the reply is copied. */
	memset(&j, 0, sizeof(j));
	CHECK_INT(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK), 20);
	getlink(&req.n, sizeof(req));
	CHECK_INT(rtnl_talk(&w.h, &req.n, 0, 0, &req.n, filt, &j), 0);
	CHECK(j.n >= 1);
	CHECK_INT(req.n.nlmsg_type, RTM_NEWLINK);
	CHECK_INT(req.n.nlmsg_seq, w.h.seq);
	CHECK(canary_ok());
	/* A junk filter's negative value ends the call. */
	memset(&j, 0, sizeof(j));
	CHECK_INT(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK), 20);
	getlink(&req.n, sizeof(req));
	CHECK_INT(rtnl_talk(&w.h, &req.n, 0, 0, &req.n, stop, &j), -5);
	CHECK_INT(j.n, 1);
	/* peer or groups: refused. */
	errno = 0;
	CHECK_INT(rtnl_talk(&w.h, &req.n, 1, 0, NULL, NULL, NULL), -1);
	CHECK_INT(errno, EINVAL);
	rtnl_close(&w.h);
	CHECK_INT(rtnl_open(&w.h, 0), 0);

	/* Two filters over one dump, 4-field entries. */
	{
		struct rtnl_dump_filter_arg a[3] = {
			{ filt, &c, NULL, NULL },
			{ filt, &c2, NULL, NULL },
			{ NULL, NULL, NULL, NULL },
		};

		memset(&c, 0, sizeof(c));
		CHECK_INT(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK), 20);
		CHECK_INT(rtnl_dump_filter_l(&w.h, a), 0);
		CHECK(c.n >= 1);
		CHECK_INT(c2.n, c.n);
	}

	/* listen: bring lo up through talk; the RTM_NEWLINK notification's group is RTNLGRP_LINK. */
	{
		struct {
			struct nlmsghdr n;
			struct ifinfomsg ifm;
		} up = { { NLMSG_LENGTH(sizeof(struct ifinfomsg)), RTM_NEWLINK, NLM_F_REQUEST, 0, 0 },
			 { .ifi_index = (int)if_nametoindex("lo"), .ifi_flags = IFF_UP, .ifi_change = IFF_UP } };

		CHECK_INT(rtnl_talk(&w.h, &up.n, 0, 0, NULL, NULL, NULL), 0);
		memset(&c, 0, sizeof(c));
		ret = rtnl_listen(&mon_w.h, stop, &c);
		CHECK_INT(ret, -5);
		CHECK_INT(c.n, 1);
		CHECK_INT(c.groups, 1 << (RTNLGRP_LINK - 1));
		CHECK_INT(c.bad_who, 0);
	}
	CHECK(canary_ok());

	rtnl_close(&w.h);
	rtnl_close(&mon_w.h);
	CHECK_INT(w.h.fd, -1);
	CHECK(canary_ok());
	return ct_result("apigen_v3_0");
}
