/*
 * Compiled (not run) by tools/check-install.sh as C99, C11, GNU11 and C++17 with
 * -Wall -Wextra -Werror against the installed headers: every type, macro and inline of the
 * drop-in headers is used here, so each one is compiled in every dialect.
 */
#include <libnetlink.h>
#include <libgenl.h>
#include <rnetlink.h>
#include <linux/if_bridge.h>

int header_smoke(struct nlmsghdr *n, struct rtattr *rta, int len);

static int off(const void *p, const void *base)
{
	return (int)((const char *)p - (const char *)base);
}

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
	/* Builders and parsers (spec 3.9, 3.10) and the macros and inlines over them (2.6-2.8). */
	{
		struct {
			struct nlmsghdr n;
			struct ifinfomsg i;
			char buf[256];
		} req;
		struct rtattr *tb[IFLA_MAX + 1], *nest, *attr, *one, *sub;
		struct rtattr *tbc[4];
		const void *fixed = NULL;
		unsigned char rbuf[64];
		int genl_family = 16;
		GENL_REQUEST(greq, 128, genl_family, 0, 1, CTRL_CMD_GETFAMILY, NLM_F_REQUEST);

		memset(&req, 0, sizeof(req));
		req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
		sum += addattr_l(&req.n, sizeof(req), IFLA_IFNAME, "x", 2);
		sum += addattr(&req.n, sizeof(req), IFLA_PROTO_DOWN);
		sum += addattr8(&req.n, sizeof(req), IFLA_CARRIER, 1);
		sum += addattr16(&req.n, sizeof(req), IFLA_GROUP, 1);
		sum += addattr32(&req.n, sizeof(req), IFLA_MTU, 1500);
		sum += addattr64(&req.n, sizeof(req), IFLA_MAX, 1);
		sum += addattrstrz(&req.n, sizeof(req), IFLA_IFALIAS, "a");
		sum += addraw_l(&req.n, sizeof(req), "r", 1);
		nest = addattr_nest(&req.n, sizeof(req), IFLA_LINKINFO);
		sum += addattr_nest_end(&req.n, nest);
		nest = addattr_nest_compat(&req.n, sizeof(req), IFLA_AF_SPEC, "d", 1);
		sum += addattr_nest_compat_end(&req.n, nest);
		nest = NLMSG_TAIL(&req.n);
		sum += off(RTA_TAIL(nest), &req);
		sum += parse_rtattr(tb, IFLA_MAX, IFLA_RTA(NLMSG_DATA(&req.n)), (int)IFLA_PAYLOAD(&req.n));
		sum += parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(NLMSG_DATA(&req.n)), (int)IFLA_PAYLOAD(&req.n), NLA_F_NESTED);
		one = parse_rtattr_one(IFLA_MTU, IFLA_RTA(NLMSG_DATA(&req.n)), (int)IFLA_PAYLOAD(&req.n));
		if (tb[IFLA_LINKINFO]) {
			sum += parse_rtattr_nested(tb, IFLA_MAX, tb[IFLA_LINKINFO]);
			sum += (parse_rtattr_one_nested(IFLA_INFO_KIND, tb[IFLA_LINKINFO]) != NULL);
			rtattr_for_each_nested(attr, tb[IFLA_LINKINFO])
				sum += rta_type(attr);
		}
		if (tb[IFLA_AF_SPEC])
			sum += parse_rtattr_nested_compat(tbc, 3, tb[IFLA_AF_SPEC], fixed, 1) + (fixed != NULL);
		sum += __parse_rtattr_nested_compat(tbc, 3, nest, 0);
		if (tb[IFLA_AF_SPEC])
			sum += parse_rtattr_nested_compat(tbc, 3, tb[IFLA_AF_SPEC], fixed, 0);

		memset(rbuf, 0, sizeof(rbuf));
		sub = (struct rtattr *)rbuf;
		sub->rta_len = RTA_LENGTH(0);
		sum += rta_addattr8(sub, sizeof(rbuf), 1, 1) + rta_addattr16(sub, sizeof(rbuf), 2, 2);
		sum += rta_addattr32(sub, sizeof(rbuf), 3, 3) + rta_addattr64(sub, sizeof(rbuf), 4, 4);
		sum += rta_addattr_l(sub, sizeof(rbuf), 5, "e", 1);
		nest = rta_nest(sub, sizeof(rbuf), 6);
		sum += rta_nest_end(sub, nest);

		if (one) {
			sum += rta_getattr_u8(one) + rta_getattr_u16(one) + rta_getattr_be16(one);
			sum += (int)(rta_getattr_u32(one) + rta_getattr_be32(one) + rta_getattr_u64(one));
			sum += (int)(rta_getattr_uint(one) + rta_getattr_be64(one));
			sum += (int)(rta_getattr_s32(one) + rta_getattr_s64(one)) + (rta_getattr_str(one) != NULL);
		}
		sum += off(IFA_RTA(NLMSG_DATA(n)), n) + (int)IFA_PAYLOAD(n);
		sum += off(NDA_RTA(NLMSG_DATA(n)), n) + (int)NDA_PAYLOAD(n);
		sum += off(NDTA_RTA(NLMSG_DATA(n)), n) + (int)NDTA_PAYLOAD(n);
		sum += off(NETNS_RTA(NLMSG_DATA(n)), n) + (int)NETNS_PAYLOAD(n);
		sum += off(IFLA_STATS_RTA(NLMSG_DATA(n)), n) + off(BRVLAN_RTA(NLMSG_DATA(n)), n);
		sum += off(TUNNEL_RTA(NLMSG_DATA(n)), n);
		sum += (int)greq.n.nlmsg_len + greq.g.cmd + (int)sizeof(greq.buf);
	}
	return sum;
}
