/*
 * The public structs of <libnetlink.h> have iproute2 v7.1's exact layout (spec 2.3, 2.4):
 * sizes, alignments and every field offset, as the C compiler sees the installed header.
 */
#include <stddef.h>
#include <stdalign.h>
#include <libnetlink.h>
#include "ctest.h"

int main(void)
{
	int lp64 = sizeof(void *) == 8;

	CHECK_INT(offsetof(struct rtnl_handle, fd), 0);
	CHECK_INT(offsetof(struct rtnl_handle, local), 4);
	CHECK_INT(offsetof(struct rtnl_handle, peer), 16);
	CHECK_INT(offsetof(struct rtnl_handle, seq), 28);
	CHECK_INT(offsetof(struct rtnl_handle, dump), 32);
	CHECK_INT(offsetof(struct rtnl_handle, proto), 36);
	CHECK_INT(offsetof(struct rtnl_handle, dump_fp), 40);
	CHECK_INT(offsetof(struct rtnl_handle, flags), lp64 ? 48 : 44);
	CHECK_INT(sizeof(struct rtnl_handle), lp64 ? 56 : 48);
	CHECK_INT(alignof(struct rtnl_handle), lp64 ? 8 : 4);
	CHECK_INT(sizeof(((struct rtnl_handle *)0)->local), 12);

	CHECK_INT(offsetof(struct nlmsg_list, h), lp64 ? 8 : 4);
	CHECK_INT(sizeof(struct nlmsg_list), lp64 ? 24 : 20);
	CHECK_INT(sizeof(struct nlmsg_chain), lp64 ? 16 : 8);
	CHECK_INT(offsetof(struct nlmsg_chain, tail), lp64 ? 8 : 4);

	CHECK_INT(sizeof(struct ipstats_req), 156);
	CHECK_INT(alignof(struct ipstats_req), 4);
	CHECK_INT(offsetof(struct ipstats_req, ifsm), 16);
	CHECK_INT(offsetof(struct ipstats_req, buf), 28);

	CHECK_INT(sizeof(struct rtnl_ctrl_data), 4);

	CHECK_INT(offsetof(struct rtnl_dump_filter_arg, filter), 0);
	CHECK_INT(offsetof(struct rtnl_dump_filter_arg, arg1), lp64 ? 8 : 4);
	CHECK_INT(offsetof(struct rtnl_dump_filter_arg, errhndlr), lp64 ? 16 : 8);
	CHECK_INT(offsetof(struct rtnl_dump_filter_arg, arg2), lp64 ? 24 : 12);
	CHECK_INT(offsetof(struct rtnl_dump_filter_arg, nc_flags), lp64 ? 32 : 16);
	CHECK_INT(sizeof(struct rtnl_dump_filter_arg), lp64 ? 40 : 20);

	/* Constants (spec 2.7). */
	CHECK_INT(RTNL_HANDLE_F_LISTEN_ALL_NSID, 0x01);
	CHECK_INT(RTNL_HANDLE_F_SUPPRESS_NLERR, 0x02);
	CHECK_INT(RTNL_HANDLE_F_STRICT_CHK, 0x04);
	CHECK_INT(RTNL_LET_NLERR, 0x01);
	CHECK_INT(RTNL_SUPPRESS_NLMSG_DONE_NLERR, 0x02);
	CHECK_INT(RTNL_SUPPRESS_NLMSG_ERROR_NLERR, 0x04);
	CHECK_INT(RTNL_SUPPRESS_NLERR, 0x06);
	CHECK_INT(NLMSG_TSTAMP, 15);
#ifndef __LIBNETLINK_H__
	CHECK(0);
#endif
	CHECK_INT(__LIBNETLINK_H__, 1);
	return ct_result("layout");
}
