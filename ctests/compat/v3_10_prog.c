/*
 * addrtool: a small address/route tool written the way programs for iproute2 v3.10.0's
 * libnetlink were (rnetlink compat proof, generation G30200 = 3.2.0 - 3.17.x).
 *
 *   cc addrtool.c -lnetlink                                   (iproute2 3.10 era)
 *   cc -DRNETLINK_IPROUTE2_API=31000 addrtool.c -lnetlink     (rnetlink)
 *
 * Era calls: the 5-argument rtnl_talk(rth, n, peer, groups, answer) with answer == request
 * buffer, dump filters taking `const struct sockaddr_nl *who`, the 3-argument
 * rtnl_dump_filter (a function then), rtnl_dump_filter_l with 2-field entries,
 * rtnl_wilddump_request, rtnl_wilddump_req_filter, rtnl_listen with a (who, n, arg) handler,
 * genl_resolve_family on a handle of that era's size.
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

static int print_link(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));

	if (n->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (len < 0)
		return -1;
	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), len);
	printf("link (from family %u pid %u groups %#x) %d: %s flags %#x mtu %u\n",
	       who->nl_family, who->nl_pid, who->nl_groups, ifi->ifi_index,
	       tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?",
	       ifi->ifi_flags, tb[IFLA_MTU] ? rta_getattr_u32(tb[IFLA_MTU]) : 0);
	(*(int *)arg)++;
	return 0;
}

static int print_addr(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
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
	printf("%s (from pid %u groups %#x) %s/%u dev %u scope %u flags %#x label %s\n",
	       n->nlmsg_type == RTM_NEWADDR ? "addr" : "deleted addr",
	       who->nl_pid, who->nl_groups, ipv4(tb[IFA_LOCAL], b1), ifa->ifa_prefixlen,
	       ifa->ifa_index, ifa->ifa_scope, ifa->ifa_flags,
	       tb[IFA_LABEL] ? rta_getattr_str(tb[IFA_LABEL]) : "-");
	(*(int *)arg)++;
	return 0;
}

static int count_addr(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	if (n->nlmsg_type == RTM_NEWADDR && who->nl_pid == 0)
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

static int print_route(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	struct rtmsg *r = NLMSG_DATA(n);

	if (n->nlmsg_type != RTM_NEWROUTE || who->nl_pid != 0)
		return 0;
	if (r->rtm_table != RT_TABLE_MAIN)
		return 0;
	show_route(n);
	(*(int *)arg)++;
	return 0;
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
	return rtnl_talk(&rth, &req.n, 0, 0, NULL);
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

	ret = rtnl_talk(&rth, &req.n, 0, 0, NULL);
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

	ret = rtnl_talk(&rth, &req.n, 0, 0, NULL);
	printf("route %s %s/%d dev %d: %d", cmd == RTM_NEWROUTE ? "add" : "del", dst, plen, oif, ret);
	if (ret < 0)
		printf(" (%s)", strerror(errno));
	printf("\n");
	return ret;
}

/* ip route get: the answer comes back in the request buffer, as iproute2 3.10 did it. */
static int route_get(const char *dst)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[1024];
	} req;
	struct in_addr a;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = RTM_GETROUTE;
	req.r.rtm_family = AF_INET;
	req.r.rtm_dst_len = 32;
	inet_pton(AF_INET, dst, &a);
	addattr_l(&req.n, sizeof(req), RTA_DST, &a, 4);

	if (rtnl_talk(&rth, &req.n, 0, 0, &req.n) < 0) {
		printf("route get %s: failed (%s)\n", dst, strerror(errno));
		return -1;
	}
	printf("route get %s: answer len %s type %u\n", dst,
	       req.n.nlmsg_len > NLMSG_LENGTH(sizeof(struct rtmsg)) ? "ok" : "short",
	       req.n.nlmsg_type);
	show_route(&req.n);
	return 0;
}

static int link_get(int ifindex)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[256];
	} req;
	char answer[16384];
	struct nlmsghdr *n = (struct nlmsghdr *)answer;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_type = RTM_GETLINK;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = ifindex;
	addattr32(&req.n, sizeof(req), IFLA_EXT_MASK, RTEXT_FILTER_VF);

	if (rtnl_talk(&rth, &req.n, 0, 0, n) < 0) {
		printf("link get %d: failed (%s)\n", ifindex, strerror(errno));
		return -1;
	}
	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	printf("link get %d: type %u index %d name %s\n", ifindex, n->nlmsg_type,
	       ifi->ifi_index, tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?");
	return 0;
}

static int listen_one(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	int count = 0;

	printf("event: ");
	print_addr(who, n, &count);
	return -1;	/* one is enough: stop listening */
}

int main(void)
{
	struct rtnl_handle *lrth = calloc(1, sizeof(*lrth));
	int count, ret;

	if (rtnl_open(&rth, 0) < 0) {
		fprintf(stderr, "Cannot open rtnetlink\n");
		return 1;
	}

	printf("lo up: %d\n", link_set_up(1));
	link_get(1);
	link_get(99);

	count = 0;
	if (rtnl_wilddump_req_filter(&rth, AF_UNSPEC, RTM_GETLINK, RTEXT_FILTER_VF) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_link, &count);
	printf("link dump: %d, %d links\n", ret, count);

	if (!lrth || rtnl_open(lrth, RTMGRP_IPV4_IFADDR) < 0) {
		fprintf(stderr, "Cannot open rtnetlink\n");
		return 1;
	}
	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 1, "10.0.0.1", 24);
	ret = rtnl_listen(lrth, listen_one, NULL);
	printf("listen: %d\n", ret);
	rtnl_close(lrth);
	free(lrth);

	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 1, "10.0.0.1", 24);
	addr_modify(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, 99, "10.9.0.1", 24);

	count = 0;
	if (rtnl_wilddump_request(&rth, AF_INET, RTM_GETADDR) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_addr, &count);
	printf("addr dump: %d, %d addresses\n", ret, count);

	/* two passes over each datagram, as ip/ipaddress.c's flush did */
	{
		int firsts = 0, seconds = 0;
		struct rtnl_dump_filter_arg a[3];

		memset(a, 0, sizeof(a));
		a[0].filter = count_addr;
		a[0].arg1 = &firsts;
		a[1].filter = print_addr;
		a[1].arg1 = &seconds;
		if (rtnl_wilddump_request(&rth, AF_INET, RTM_GETADDR) < 0) {
			perror("Cannot send dump request");
			return 1;
		}
		ret = rtnl_dump_filter_l(&rth, a);
		printf("addr dump_l: %d, %d and %d\n", ret, firsts, seconds);
	}

	{
		/* a handle of this era's size on the heap, as a tool keeping one per family did */
		struct rtnl_handle *grth = malloc(sizeof(*grth));
		int id;

		if (!grth || rtnl_open_byproto(grth, 0, NETLINK_GENERIC) < 0) {
			fprintf(stderr, "Cannot open generic netlink socket\n");
			return 1;
		}
		id = genl_resolve_family(grth, "nlctrl");
		printf("genl nlctrl: %d\n", id);
		id = genl_resolve_family(grth, "no_such_family");
		printf("genl no_such_family: %d\n", id);
		rtnl_close(grth);
		free(grth);
	}

	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.1.0.0", 16, 1);
	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.1.0.0", 16, 1);
	route_modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, "10.2.0.0", 16, 99);
	route_get("10.1.2.3");
	route_get("192.0.2.1");

	count = 0;
	if (rtnl_wilddump_request(&rth, AF_INET, RTM_GETROUTE) < 0) {
		perror("Cannot send dump request");
		return 1;
	}
	ret = rtnl_dump_filter(&rth, print_route, &count);
	printf("route dump: %d, %d routes in main\n", ret, count);

	route_modify(RTM_DELROUTE, 0, "10.1.0.0", 16, 0);
	route_modify(RTM_DELROUTE, 0, "10.1.0.0", 16, 0);
	addr_modify(RTM_DELADDR, 0, 1, "10.0.0.1", 24);
	addr_modify(RTM_DELADDR, 0, 1, "10.0.0.1", 24);

	rtnl_close(&rth);
	return 0;
}
