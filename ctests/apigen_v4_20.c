/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=42000
 *
 * iproute2 v4.20's libnetlink (issue 18): the 2-argument address, route and neighbour dump
 * requests, rtnl_nsiddump_req, the 3-argument rtnl_statsdump_req_filter, with v4.20's
 * (v7.1's) filter type; the 4.20 rtnl_linkdump_req* rules; rta_nest without NLA_F_NESTED.
 */
#define _GNU_SOURCE
#include <linux/if_link.h>
#include <libnetlink.h>
#include "ctest.h"

static int seen[4];

static int filt(struct nlmsghdr *n, void *arg)
{
	int *count = arg;

	(void)n;
	(*count)++;
	return 0;
}

int main(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	__u32 seq;

	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK(rtnl_addrdump_req(&rth, AF_UNSPEC) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[0]), 0);
	CHECK(rtnl_routedump_req(&rth, AF_INET) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[1]), 0);
	CHECK(rtnl_neighdump_req(&rth, AF_UNSPEC) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[1]), 0);
	seq = rth.seq;
	CHECK_INT(rtnl_nsiddump_req(&rth, AF_UNSPEC), 20);
	CHECK_INT(rth.seq, seq + 1);
	CHECK_INT(rth.dump, rth.seq);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[2]), 0);
	CHECK(rtnl_statsdump_req_filter(&rth, AF_UNSPEC, IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64)) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[3]), 0);
	CHECK(seen[3] >= 1); /* lo */
	/* 4.20's link requests: the ext mask and the filter for every family. */
	CHECK_INT(rtnl_linkdump_req_filter(&rth, AF_INET, RTEXT_FILTER_VF), 40);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &seen[0]), 0);
	CHECK_INT(rtnl_linkdump_req_filter_fn(&rth, AF_INET, NULL), -EINVAL);
	/* rta_nest before 5.3: no NLA_F_NESTED. */
	{
		char buf[64] __attribute__((aligned(4)));
		struct rtattr *top = (struct rtattr *)buf, *nest;

		top->rta_len = RTA_LENGTH(0);
		top->rta_type = 1;
		nest = rta_nest(top, sizeof(buf), 7);
		CHECK(nest != NULL);
		CHECK_INT(nest ? nest->rta_type : -1, 7);
		rta_nest_end(top, nest);
	}
	rtnl_close(&rth);
	return ct_result("apigen_v4_20");
}
