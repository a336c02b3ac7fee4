/*
 * rnl-demo: rnetlink doing real work against this host's kernel, read-only.
 *
 * Dumps the links, addresses, routes and neighbours of the current network namespace through
 * the libnetlink API (rtnl_*dump_req + rtnl_dump_filter + parse_rtattr), prints them briefly
 * in the style of `ip -br`, with the number of objects and the time each dump took.
 * Nothing is changed. Built by `make demo` through pkg-config against the installed library.
 */
#include <libnetlink.h>
#include <rnetlink.h>

#include <linux/if.h>
#include <linux/neighbour.h>
#include <stdlib.h>
#include <time.h>

#define DEMO_MAX_LINKS 4096

static struct {
	int index;
	char name[IFNAMSIZ];
} links[DEMO_MAX_LINKS];
static int nlinks;

static const char *ifname(int index, char *buf)
{
	for (int i = 0; i < nlinks; i++)
		if (links[i].index == index)
			return links[i].name;
	snprintf(buf, IFNAMSIZ, "if%d", index);
	return buf;
}

static const char *addr_text(int family, const struct rtattr *rta, char *buf, size_t size)
{
	if (!rta)
		return "?";
	if ((family == AF_INET && RTA_PAYLOAD(rta) == 4) || (family == AF_INET6 && RTA_PAYLOAD(rta) == 16))
		return inet_ntop(family, RTA_DATA(rta), buf, size);
	return "?";
}

static const char *lladdr_text(const struct rtattr *rta, char *buf)
{
	const unsigned char *a;
	int n, len;

	if (!rta)
		return "";
	a = RTA_DATA(rta);
	len = RTA_PAYLOAD(rta) > 8 ? 8 : (int)RTA_PAYLOAD(rta);
	n = 0;
	for (int i = 0; i < len; i++)
		n += sprintf(buf + n, i ? ":%02x" : "%02x", a[i]);
	buf[n] = '\0';
	return buf;
}

static int print_link(struct nlmsghdr *n, void *arg)
{
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	char mac[32];
	const char *name, *state;
	int *count = arg;

	if (n->nlmsg_type != RTM_NEWLINK || n->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	name = tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?";
	if (nlinks < DEMO_MAX_LINKS) {
		links[nlinks].index = ifi->ifi_index;
		snprintf(links[nlinks].name, IFNAMSIZ, "%s", name);
		nlinks++;
	}
	state = !(ifi->ifi_flags & IFF_UP) ? "DOWN" : (ifi->ifi_flags & IFF_LOWER_UP) ? "UP" : "NO-CARRIER";
	if (tb[IFLA_OPERSTATE] && rta_getattr_u8(tb[IFLA_OPERSTATE]) == IF_OPER_UNKNOWN && (ifi->ifi_flags & IFF_UP))
		state = "UNKNOWN";
	printf("  %-16s %-10s %-17s mtu %u\n", name, state, lladdr_text(tb[IFLA_ADDRESS], mac),
	       tb[IFLA_MTU] ? rta_getattr_u32(tb[IFLA_MTU]) : 0);
	(*count)++;
	return 0;
}

static int print_addr(struct nlmsghdr *n, void *arg)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];
	char buf[INET6_ADDRSTRLEN], nb[IFNAMSIZ];
	int *count = arg;

	if (n->nlmsg_type != RTM_NEWADDR || n->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return 0;
	parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
	printf("  %-16s %s/%u\n", ifname(ifa->ifa_index, nb),
	       addr_text(ifa->ifa_family, tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS], buf, sizeof(buf)),
	       ifa->ifa_prefixlen);
	(*count)++;
	return 0;
}

static int print_route(struct nlmsghdr *n, void *arg)
{
	struct rtmsg *r = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];
	char dst[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN], nb[IFNAMSIZ];
	int *count = arg;
	__u32 table;

	if (n->nlmsg_type != RTM_NEWROUTE || n->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return 0;
	parse_rtattr(tb, RTA_MAX, RTM_RTA(r), RTM_PAYLOAD(n));
	table = tb[RTA_TABLE] ? rta_getattr_u32(tb[RTA_TABLE]) : r->rtm_table;
	(*count)++;
	if (table != RT_TABLE_MAIN)
		return 0; /* counted, but only the main table is printed, as `ip route` does */
	if (tb[RTA_DST])
		printf("  %s/%u", addr_text(r->rtm_family, tb[RTA_DST], dst, sizeof(dst)), r->rtm_dst_len);
	else
		printf("  default");
	if (tb[RTA_GATEWAY])
		printf(" via %s", addr_text(r->rtm_family, tb[RTA_GATEWAY], gw, sizeof(gw)));
	if (tb[RTA_OIF])
		printf(" dev %s", ifname(rta_getattr_u32(tb[RTA_OIF]), nb));
	if (tb[RTA_MULTIPATH])
		printf(" (multipath)");
	printf("\n");
	return 0;
}

static const char *nud_text(unsigned int state)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ NUD_INCOMPLETE, "INCOMPLETE" }, { NUD_REACHABLE, "REACHABLE" }, { NUD_STALE, "STALE" },
		{ NUD_DELAY, "DELAY" }, { NUD_PROBE, "PROBE" }, { NUD_FAILED, "FAILED" },
		{ NUD_NOARP, "NOARP" }, { NUD_PERMANENT, "PERMANENT" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (state & names[i].bit)
			return names[i].name;
	return "NONE";
}

static int print_neigh(struct nlmsghdr *n, void *arg)
{
	struct ndmsg *nd = NLMSG_DATA(n);
	struct rtattr *tb[NDA_MAX + 1];
	char dst[INET6_ADDRSTRLEN], mac[32], nb[IFNAMSIZ];
	int *count = arg;

	if (n->nlmsg_type != RTM_NEWNEIGH || n->nlmsg_len < NLMSG_LENGTH(sizeof(*nd)))
		return 0;
	parse_rtattr(tb, NDA_MAX, NDA_RTA(nd), NDA_PAYLOAD(n));
	printf("  %-39s dev %-12s %-17s %s\n", addr_text(nd->ndm_family, tb[NDA_DST], dst, sizeof(dst)),
	       ifname(nd->ndm_ifindex, nb), lladdr_text(tb[NDA_LLADDR], mac), nud_text(nd->ndm_state));
	(*count)++;
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs one dump: the request (already sent by `req`'s result), then the filter. */
static int dump(struct rtnl_handle *rth, const char *what, const char *note, int req_result, rtnl_filter_t filter)
{
	double start = now_ms();
	int count = 0;

	printf("%s%s\n", what, note);
	if (req_result < 0) {
		perror("Cannot send dump request");
		return -1;
	}
	if (rtnl_dump_filter(rth, filter, &count) < 0) {
		fprintf(stderr, "Dump of %s terminated\n", what);
		return -1;
	}
	printf("  -- %d %s in %.2f ms\n\n", count, what, now_ms() - start);
	return 0;
}

int main(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	int ret = 0;

	unsigned int v = rnl_version();
	printf("rnetlink %u.%u.%u: this host's network namespace, read-only\n\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	if (rtnl_open(&rth, 0) < 0)
		return 1;
	/* Each request records its sequence number in rth.dump; the filter then reads that dump. */
	ret |= dump(&rth, "links", "", rtnl_linkdump_req(&rth, AF_UNSPEC), print_link);
	ret |= dump(&rth, "addresses", "", rtnl_addrdump_req(&rth, AF_UNSPEC, NULL), print_addr);
	ret |= dump(&rth, "routes", " (all tables counted, the main table printed)",
		    rtnl_routedump_req(&rth, AF_UNSPEC, NULL), print_route);
	ret |= dump(&rth, "neighbours", "", rtnl_neighdump_req(&rth, AF_UNSPEC, NULL), print_neigh);
	rtnl_close(&rth);
	return ret ? 1 : 0;
}
