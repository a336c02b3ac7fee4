/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=31900
 *
 * A program written for iproute2 v3.19's libnetlink (issue 18): a 48-byte struct rtnl_handle
 * (44 on 32-bit targets) followed by a canary no call may touch; rtnl_open_byproto stores
 * `proto`; the 5-argument rtnl_talk; the 3-argument rtnl_dump_filter (a function) with a
 * who-filter, and its raw mode through `dump_fp`; the 2-field rtnl_dump_filter_l;
 * genl_resolve_family on the old handle; rtnl_wilddump_req_filter's 40-byte form.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <libnetlink.h>
#include <libgenl.h>
#include "ctest.h"

static struct {
	struct rtnl_handle h;
	unsigned char canary[64];
} w, g;

static int canary_ok(void)
{
	size_t i;

	for (i = 0; i < sizeof(w.canary); i++)
		if (w.canary[i] != 0xa5 || g.canary[i] != 0xa5)
			return 0;
	return 1;
}

static int links, bad_who;

static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	(void)arg;
	if (who->nl_family != AF_NETLINK || who->nl_pid || n->nlmsg_type != RTM_NEWLINK)
		bad_who++;
	links++;
	return 0;
}

int main(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifm;
		char buf[16384];
	} req;
	int (*df)(struct rtnl_handle *, rtnl_filter_t, void *) = rtnl_dump_filter;

	CHECK_INT(sizeof(struct rtnl_handle), sizeof(void *) == 8 ? 48 : 44);
	memset(w.canary, 0xa5, sizeof(w.canary));
	memset(g.canary, 0xa5, sizeof(g.canary));
	CHECK_INT(rtnl_open(&w.h, 0), 0);
	CHECK_INT(w.h.proto, NETLINK_ROUTE);
	CHECK(w.h.dump_fp == NULL);
	CHECK_INT(getopt_int(w.h.fd, 270, 11), 0);

	CHECK_INT(rtnl_wilddump_req_filter(&w.h, AF_UNSPEC, RTM_GETLINK, 1), 40);
	CHECK_INT(df(&w.h, filt, NULL), 0);
	CHECK(links >= 1);
	CHECK_INT(bad_who, 0);
	CHECK(canary_ok());

	/* dump_fp: raw datagrams written, the filter not called. */
	{
		FILE *fp = tmpfile();
		long size;

		links = 0;
		w.h.dump_fp = fp;
		CHECK(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK) > 0);
		CHECK_INT(rtnl_dump_filter(&w.h, filt, NULL), 0);
		CHECK_INT(links, 0);
		fseek(fp, 0, SEEK_END);
		size = ftell(fp);
		CHECK(size >= (long)(sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg)));
		w.h.dump_fp = NULL;
		fclose(fp);
	}

	{
		struct rtnl_dump_filter_arg a[2] = { { filt, NULL }, { NULL, NULL } };

		links = 0;
		CHECK(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK) > 0);
		CHECK_INT(rtnl_dump_filter_l(&w.h, a), 0);
		CHECK(links >= 1);
	}

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.ifm.ifi_index = if_nametoindex("lo");
	CHECK_INT(rtnl_talk(&w.h, &req.n, 0, 0, &req.n), 0);
	CHECK_INT(req.n.nlmsg_type, RTM_NEWLINK);
	CHECK_INT(req.n.nlmsg_seq, w.h.seq);
	CHECK(canary_ok());

	/* Generic netlink on the old handle. */
	CHECK_INT(rtnl_open_byproto(&g.h, 0, NETLINK_GENERIC), 0);
	CHECK_INT(g.h.proto, NETLINK_GENERIC);
	CHECK_INT(genl_resolve_family(&g.h, "nlctrl"), GENL_ID_CTRL);
	CHECK(canary_ok());

	rtnl_close(&g.h);
	rtnl_close(&w.h);
	CHECK(canary_ok());
	return ct_result("apigen_v3_19");
}
