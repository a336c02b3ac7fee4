/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=30600
 *
 * iproute2 v3.6's libnetlink (issue 18): the 36-byte handle with a canary after it, the
 * 28-byte rtnl_wilddump_request of 3.4-3.8, the 5-argument rtnl_talk (peer/groups 0),
 * genl_resolve_family on a handle without `proto`.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <libnetlink.h>
#include <libgenl.h>
#include "ctest.h"

static struct {
	struct rtnl_handle h;
	unsigned char canary[64];
} w;

static int canary_ok(void)
{
	size_t i;

	for (i = 0; i < sizeof(w.canary); i++)
		if (w.canary[i] != 0xa5)
			return 0;
	return 1;
}

static int links;

static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	(void)who;
	(void)n;
	(void)arg;
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

	CHECK_INT(sizeof(struct rtnl_handle), 36);
	memset(w.canary, 0xa5, sizeof(w.canary));
	CHECK_INT(rtnl_open(&w.h, 0), 0);
	CHECK_INT(rtnl_wilddump_request(&w.h, AF_UNSPEC, RTM_GETLINK), 28);
	CHECK_INT(rtnl_dump_filter(&w.h, filt, NULL), 0);
	CHECK(links >= 1);
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.ifm.ifi_index = if_nametoindex("lo");
	CHECK_INT(rtnl_talk(&w.h, &req.n, 0, 0, &req.n), 0);
	CHECK_INT(req.n.nlmsg_type, RTM_NEWLINK);
	CHECK(canary_ok());
	rtnl_close(&w.h);

	CHECK_INT(rtnl_open_byproto(&w.h, 0, NETLINK_GENERIC), 0);
	CHECK_INT(genl_resolve_family(&w.h, "nlctrl"), GENL_ID_CTRL);
	CHECK(canary_ok());
	rtnl_close(&w.h);
	CHECK(canary_ok());
	return ct_result("apigen_v3_6");
}
