/*
 * addrtool: the same small address/route tool written against the current libnetlink API
 * (iproute2 v6.1 - v7.1, rnetlink's own): built with nothing but -lnetlink.
 *
 *   cc addrtool.c -lnetlink          (iproute2 v7.1's lib/libnetlink.a, or rnetlink)
 *
 * Calls: rtnl_talk(rth, n, &answer), rtnl_talk_suppress_rtnl_errmsg, filters without `who`,
 * rtnl_linkdump_req_filter_fn, rtnl_addrdump_req, rtnl_routedump_req,
 * rtnl_statsdump_req_filter, rtnl_listen with a (ctrl, n, arg) handler, genl_init_handle.
 * Runs in a fresh network namespace (lo only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <libnetlink.h>
#include <libgenl.h>

static struct rtnl_handle rth;

static const char *ipv4(const struct rtattr *rta, char *buf)
{
	if (!rta)
		return "-";
	return inet_ntop(AF_INET, RTA_DATA(rta), buf, INET_ADDRSTRLEN);
}

static int print_link(struct nlmsghdr *n, void *arg)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));

	if (n->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (len < 0)
		return -1;
	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), len);
	printf("link %d: %s flags %#x mtu %u\n", ifi->ifi_index,
	       tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?",
	       ifi->ifi_flags, tb[IFLA_MTU] ? rta_getattr_u32(tb[IFLA_MTU]) : 0);
	(*(int *)arg)++;
	return 0;
}

static int print_addr(struct nlmsghdr *n, void *arg)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifa));
	char b1[INET_ADDRSTRLEN];

	if (n->nlmsg_type != RTM_NEWADDR && n->nlmsg_type != RTM_DELADDR)
		return 0;
	if (len < 0)
		return -1;
	parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), len);
	printf("%s %s/%u dev %u scope %u flags %#x label %s\n",
	       n->nlmsg_type == RTM_NEWADDR ? "addr" : "deleted addr", ipv4(tb[IFA_LOCAL], b1), ifa->ifa_prefixlen,
	       ifa->ifa_index, ifa->ifa_scope, ifa->ifa_flags,
	       tb[IFA_LABEL] ? rta_getattr_str(tb[IFA_LABEL]) : "-");
	(*(int *)arg)++;
	return 0;
}

static void show_route(struct nlmsghdr *n)
{
	struct rtmsg *r = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(sizeof(*r));
	char b1[INET_ADDRSTRLEN], b2[INET_ADDRSTRLEN];

	if (len < 0) {
		printf("route: bad length\n");
		return;
	}
	parse_rtattr(tb, RTA_MAX, RTM_RTA(r), len);
	printf("route type %u %s/%u table %u proto %u scope %u oif %u src %s\n",
	       n->nlmsg_type, ipv4(tb[RTA_DST], b1), r->rtm_dst_len, r->rtm_table,
	       r->rtm_protocol, r->rtm_scope,
	       tb[RTA_OIF] ? rta_getattr_u32(tb[RTA_OIF]) : 0, ipv4(tb[RTA_PREFSRC], b2));
}

static int print_route(struct nlmsghdr *n, void *arg)
{
	struct rtmsg *r = NLMSG_DATA(n);

	if (n->nlmsg_type != RTM_NEWROUTE)
		return 0;
	if (r->rtm_table != RT_TABLE_MAIN)
		return 0;
	show_route(n);
	(*(int *)arg)++;
	return 0;
}

static int print_stats(struct nlmsghdr *n, void *arg)
{
	struct if_stats_msg *ifsm = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_STATS_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifsm));

	if (n->nlmsg_type != RTM_NEWSTATS)
		return 0;
	if (len < 0)
		return -1;
	parse_rtattr(tb, IFLA_STATS_MAX, IFLA_STATS_RTA(ifsm), len);
	printf("stats dev %u filter %#x link64 %s\n", ifsm->ifindex, ifsm->filter_mask,
	       tb[IFLA_STATS_LINK_64] ? "yes" : "no");
	(*(int *)arg)++;
	return 0;
}

/* the request filter of ip link show (iplink_filter_req) */
static int link_filter_req(struct nlmsghdr *nlh, int reqlen)
{
	return addattr32(nlh, reqlen, IFLA_EXT_MASK, RTEXT_FILTER_VF);
}

static int link_set_up(int ifindex)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[256];
	} req;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = RTM_NEWLINK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = ifindex;
	req.i.ifi_change = IFF_UP;
	req.i.ifi_flags = IFF_UP;
	return rtnl_talk(&rth, &req.n, NULL);
}

static int addr_modify(int cmd, int flags, int ifindex, const char *addr, int plen)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg ifa;
		char buf[256];
	} req;
	struct in_addr a;
	int ret;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	req.n.nlmsg_flags = NLM_F_REQUEST | flags;
	req.n.nlmsg_type = cmd;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = plen;
	req.ifa.ifa_index = ifindex;
	inet_pton(AF_INET, addr, &a);
	addattr_l(&req.n, sizeof(req), IFA_LOCAL, &a, 4);
	addattr_l(&req.n, sizeof(req), IFA_ADDRESS, &a, 4);
	addattr_l(&req.n, sizeof(req), IFA_LABEL, "lo", 3);

	ret = rtnl_talk(&rth, &req.n, NULL);
	printf("%s %s/%d dev %d: %d", cmd == RTM_NEWADDR ? "add" : "del", addr, plen, ifindex, ret);
	if (ret < 0)
		printf(" (%s)", strerror(errno));
	printf("\n");
	return ret;
}

static int route_modify(int cmd, int flags, const char *dst, int plen, int oif)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[512];
	} req;
	struct in_addr a;
	int ret;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_flags = NLM_F_REQUEST | flags;
	req.n.nlmsg_type = cmd;
	req.r.rtm_family = AF_INET;
	req.r.rtm_table = RT_TABLE_MAIN;
	req.r.rtm_dst_len = plen;
	if (cmd != RTM_DELROUTE) {
		req.r.rtm_protocol = RTPROT_BOOT;
		req.r.rtm_scope = RT_SCOPE_LINK;
		req.r.rtm_type = RTN_UNICAST;
	} else {
		req.r.rtm_scope = RT_SCOPE_NOWHERE;
	}
	inet_pton(AF_INET, dst, &a);
	addattr_l(&req.n, sizeof(req), RTA_DST, &a, 4);
	if (oif)
		addattr32(&req.n, sizeof(req), RTA_OIF, oif);

	ret = rtnl_talk(&rth, &req.n, NULL);
	printf("route %s %s/%d dev %d: %d", cmd == RTM_NEWROUTE ? "add" : "del", dst, plen, oif, ret);
	if (ret < 0)
		printf(" (%s)", strerror(errno));
	printf("\n");
	return ret;
}

/* ip route get: the answer is malloc'd by the library and freed here (4.15+). */
static int route_get(const char *dst)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[1024];
	} req;
	struct nlmsghdr *answer = NULL;
	struct in_addr a;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = RTM_GETROUTE;
	req.r.rtm_family = AF_INET;
	req.r.rtm_dst_len = 32;
	inet_pton(AF_INET, dst, &a);
	addattr_l(&req.n, sizeof(req), RTA_DST, &a, 4);

	if (rtnl_talk(&rth, &req.n, &answer) < 0) {
		printf("route get %s: failed (%s)\n", dst, strerror(errno));
		return -1;
	}
	printf("route get %s: answer len %s type %u\n", dst,
	       answer->nlmsg_len > NLMSG_LENGTH(sizeof(struct rtmsg)) ? "ok" : "short",
	       answer->nlmsg_type);
	show_route(answer);
	free(answer);
	return 0;
}

static int link_get(int ifindex)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[256];
	} req;
	struct nlmsghdr *n = NULL;
	struct ifinfomsg *ifi;
	struct rtattr *tb[IFLA_MAX + 1];

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = RTM_GETLINK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = ifindex;
	addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);

	if (rtnl_talk_suppress_rtnl_errmsg(&rth, &req.n, &n) < 0) {
		printf("link get %d: failed (%s)\n", ifindex, strerror(errno));
		return -1;
	}
	ifi = NLMSG_DATA(n);
	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	printf("link get %d: type %u index %d name %s\n", ifindex, n->nlmsg_type,
	       ifi->ifi_index, tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?");
	free(n);
	return 0;
}

static int listen_one(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	int count = 0;

	(void)ctrl;
	(void)arg;
	printf("event: ");
	print_addr(n, &count);
	return -1;	/* one is enough: stop listening */
}

int main(void)
{
	struct rtnl_handle lrth;
	int count, ret;

	if (rtnl_open(&rth, 0) < 0) {
		fprintf(stderr, "Cannot open rtnetlink\n");
		return 1;
	}

	printf("lo up: %d\n", link_set_up(1));
	link_get(1);
	link_get(99);

	count = 0;
	if (rtnl_linkdump_req_filter_fn(&rth, AF_UNSPEC, link_filter_req) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_link, &count);
	printf("link dump: %d, %d links\n", ret, count);

	if (rtnl_open(&lrth, RTMGRP_IPV4_IFADDR) < 0) {
		fprintf(stderr, "Cannot open rtnetlink\n");
		return 1;
	}
	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 1, "10.0.0.1", 24);
	ret = rtnl_listen(&lrth, listen_one, NULL);
	printf("listen: %d\n", ret);
	rtnl_close(&lrth);

	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 1, "10.0.0.1", 24);
	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 99, "10.9.0.1", 24);

	count = 0;
	if (rtnl_addrdump_req(&rth, AF_INET, NULL) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_addr, &count);
	printf("addr dump: %d, %d addresses\n", ret, count);

	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.1.0.0", 16, 1);
	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.1.0.0", 16, 1);
	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.2.0.0", 16, 99);
	route_get("10.1.2.3");
	{
		struct rtnl_handle grth;
		int id = -1;	/* "not resolved yet", as the genl tools kept it */

		if (genl_init_handle(&grth, "nlctrl", &id) < 0)
			return 1;
		printf("genl nlctrl: %d\n", id);
		printf("genl no_such_family: %d\n", genl_resolve_family(&grth, "no_such_family"));
		rtnl_close(&grth);
	}
	route_get("192.0.2.1");

	count = 0;
	if (rtnl_routedump_req(&rth, AF_INET, NULL) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_route, &count);
	printf("route dump: %d, %d routes in main\n", ret, count);

	count = 0;
	if (rtnl_statsdump_req_filter(&rth, AF_UNSPEC,
				      IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64), NULL, NULL) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_stats, &count);
	printf("stats dump: %d, %d links\n", ret, count);

	route_modify(RTM_DELROUTE, 0, "10.1.0.0", 16, 0);
	route_modify(RTM_DELROUTE, 0, "10.1.0.0", 16, 0);
	addr_modify(RTM_DELADDR, 0, 1, "10.0.0.1", 24);
	addr_modify(RTM_DELADDR, 0, 1, "10.0.0.1", 24);

	rtnl_close(&rth);
	return 0;
}
