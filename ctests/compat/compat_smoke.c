/* The build line of an existing libnetlink program, unchanged:
 *     cc -I$PREFIX/include compat_smoke.c -L$PREFIX/lib -lnetlink
 * (tools/check-install-compat.sh). Opens a route socket, dumps the links of a fresh network
 * namespace and prints them. */
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <libnetlink.h>
#include <libgenl.h>

static int show(struct nlmsghdr *n, void *arg)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];

	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n));
	printf("%d: %s\n", ifi->ifi_index, tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?");
	++*(int *)arg;
	return 0;
}

int main(void)
{
	struct rtnl_handle rth;
	int links = 0;

	if (rtnl_open(&rth, 0) < 0)
		return 1;
	if (rtnl_linkdump_req(&rth, AF_UNSPEC) < 0 || rtnl_dump_filter(&rth, show, &links) < 0)
		return 1;
	rtnl_close(&rth);
	printf("links: %d\n", links);
	return links == 1 ? 0 : 1;
}
