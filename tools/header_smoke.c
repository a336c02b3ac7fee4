/*
 * Compiled (not run) by tools/check-install.sh as C99, C11, GNU11 and C++17 with
 * -Wall -Wextra -Werror against the installed headers: every type, macro and inline of the
 * drop-in headers is used here, so each one is compiled in every dialect.
 */
#include <libnetlink.h>
#include <libgenl.h>
#include <rnetlink.h>

int header_smoke(struct nlmsghdr *n, struct rtattr *rta, int len);

static int smoke_filter(struct nlmsghdr *n, void *arg)
{
	(void)n;
	(void)arg;
	return 0;
}

int header_smoke(struct nlmsghdr *n, struct rtattr *rta, int len)
{
	struct rtnl_handle rth;
	struct nlmsg_chain chain = { NULL, NULL };
	struct ipstats_req sreq;
	struct rtnl_ctrl_data ctrl = { -1 };
	struct rtnl_dump_filter_arg darg = { smoke_filter, NULL, NULL, NULL, 0 };
	rtnl_filter_t f = smoke_filter;
	rtnl_err_hndlr_t eh = smoke_filter;
	req_filter_fn_t rf = NULL;
	rtnl_listen_filter_t lf = NULL;
	nl_ext_ack_fn_t ef = NULL;
	int sum = 0;

	memset(&rth, 0, sizeof(rth));
	rth.fd = -1;
	memset(&sreq, 0, sizeof(sreq));
	sum += rth.fd + ctrl.nsid + (chain.head == NULL) + (darg.filter == f) + (eh != NULL);
	sum += (rf == NULL) + (lf == NULL) + (ef == NULL);
	sum += RTNL_HANDLE_F_LISTEN_ALL_NSID | RTNL_HANDLE_F_SUPPRESS_NLERR | RTNL_HANDLE_F_STRICT_CHK;
	sum += RTNL_LET_NLERR + RTNL_SUPPRESS_NLMSG_DONE_NLERR + RTNL_SUPPRESS_NLMSG_ERROR_NLERR + RTNL_SUPPRESS_NLERR;
	sum += NLMSG_TSTAMP;

	/* rnetlink.h */
	sum += rnl_nlmsg_align((size_t)len) + rnl_nlmsg_length(4) + rnl_nlmsg_space(4);
	sum += rnl_nlmsg_ok(n, len) + rnl_nlmsg_payload(n, 4) + (rnl_nlmsg_data(n) != NULL);
	sum += (rnl_nlmsg_next(n, &len) != NULL);
	sum += (int)(rnl_rta_align(5) + rnl_rta_length(4) + rnl_rta_space(4) + rnl_rta_payload(rta));
	sum += rnl_rta_ok(rta, len) + (rnl_rta_data(rta) != NULL) + (rnl_rta_next(rta, &len) != NULL);
	sum += (int)(rnl_version() == RNL_VERSION_NUM) + (int)sizeof(RNL_VERSION_STRING);
	return sum;
}
