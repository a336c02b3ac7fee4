/*
 * ctest: cflags -DRNETLINK_IPROUTE2_API=51900
 *
 * iproute2 v5.2-v6.0's nl_dump_ext_ack_done(nlh, error) (issue 18): the TLVs after the 4-byte
 * error of an NLMSG_DONE, as v7.1's nl_dump_ext_ack_done(nlh, 4, error).
 */
#define _GNU_SOURCE
#include <libnetlink.h>
#include "ctest.h"

int main(void)
{
	struct {
		struct nlmsghdr n;
		int error;
		struct rtattr a;
		char msg[8];
	} done;
	int ret;

	memset(&done, 0, sizeof(done));
	done.n.nlmsg_len = sizeof(done);
	done.n.nlmsg_type = NLMSG_DONE;
	done.n.nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	done.error = -EINVAL;
	done.a.rta_len = RTA_LENGTH(8);
	done.a.rta_type = NLMSGERR_ATTR_MSG;
	memcpy(done.msg, "bad dog", 8);
	ret = CAPTURE(nl_dump_ext_ack_done(&done.n, done.error));
	CHECK_INT(ret, 1);
	CHECK_STR(err, "Error: bad dog.\n");
	ret = CAPTURE(nl_dump_ext_ack_done(&done.n, 0));
	CHECK_INT(ret, 0);
	CHECK_STR(err, "Warning: bad dog.\n");
	return ct_result("apigen_v5_19");
}
