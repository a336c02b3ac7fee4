/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=40100
 *
 * iproute2 v4.1's libnetlink (issue 18): rtnl_talk(rtnl, n, answer, len) on the 48-byte
 * handle (a canary after it): the reply copied when it fits, refused (EMSGSIZE) when not.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <libnetlink.h>
#include "ctest.h"

static struct {
	struct rtnl_handle h;
	unsigned char canary[64];
} w;

int main(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifm;
		char buf[16384];
	} req;
	char small[32];
	size_t i;
	int ok = 1, ret;

	CHECK_INT(sizeof(struct rtnl_handle), sizeof(void *) == 8 ? 48 : 44);
	memset(w.canary, 0xa5, sizeof(w.canary));
	CHECK_INT(rtnl_open(&w.h, 0), 0);
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.ifm.ifi_index = if_nametoindex("lo");
	CHECK_INT(rtnl_talk(&w.h, &req.n, &req.n, sizeof(req)), 0);
	CHECK_INT(req.n.nlmsg_type, RTM_NEWLINK);
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	ret = CAPTURE(rtnl_talk(&w.h, &req.n, (struct nlmsghdr *)small, sizeof(small)));
	CHECK_INT(ret, -1);
	CHECK_INT(errno, EMSGSIZE);
	CHECK(strstr(err, "does not fit the answer buffer of 32 bytes") != NULL);
	rtnl_close(&w.h);
	for (i = 0; i < sizeof(w.canary); i++)
		ok &= w.canary[i] == 0xa5;
	CHECK(ok);
	return ct_result("apigen_v4_1");
}
