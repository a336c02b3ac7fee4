/*
 * The control program of tools/qemu-limits.txt: what a test needs from the kernel, done with
 * raw system calls only (no rnetlink, no libnetlink), so that running it natively and under
 * qemu-user tells apart a limit of qemu-user's emulation from a fault of the library.
 *
 *   qemu-control CHECK      run inside a private network namespace (unshare -n)
 *
 * CHECK is one of:
 *   protocols     socket(AF_NETLINK) of NETLINK_GENERIC, NETLINK_SOCK_DIAG and NETLINK_USERSOCK,
 *                 and a generic-netlink CTRL_CMD_GETFAMILY for "nlctrl" answered with its id
 *   rtm-types     on NETLINK_ROUTE, a dump request of every rtnetlink family the tests use
 *                 beyond links, addresses and routes (neighbours, rules, qdiscs, nsids, netconf,
 *                 nexthops, stats), and RTM_NEWLINKPROP; each must be sent and answered
 *                 (NLMSG_DONE or NLMSG_ERROR, any error code: only the answer counts)
 *   netns-cookie  getsockopt(SO_NETNS_COOKIE) on a netlink socket gives a non-zero cookie
 *   attr-walk     lo brought up, then dumps of links, IPv4/IPv6 addresses and IPv4/IPv6 routes
 *                 (all tables): every message's attributes, walked with RTA_OK/RTA_NEXT, must
 *                 end exactly at the message's end (what parse_rtattr's `!!!Deficit` checks)
 *   extack        with NETLINK_EXT_ACK on, an RTM_NEWADDR of 127.0.0.1/8 on lo, which exists
 *                 (NLM_F_EXCL), is answered EEXIST with an NLMSGERR_ATTR_MSG text
 * Prints one line: what it did and what it got. Exits 0 when everything behaved as the kernel
 * does natively, 1 when not, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static char line[4096];
static int bad;

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(line);

	if (n && n < sizeof(line) - 2) {
		strcat(line, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
}

static int nl_socket(int proto)
{
	struct timeval tv = { .tv_sec = 3 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Sends the request, then reads until an answer of its sequence number ends it. Returns the
 * answer's type (NLMSG_DONE, NLMSG_ERROR or a data type for a non-dump request) and leaves
 * the first answer in buf; -errno when the send or the receive failed. */
static int round_trip(int fd, struct nlmsghdr *req, char *buf, size_t size, int *error)
{
	static uint32_t seq = 1000;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int first = -1;

	req->nlmsg_seq = ++seq;
	if (sendto(fd, req, req->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	for (;;) {
		char tmp[65536];
		ssize_t len = recv(fd, tmp, sizeof(tmp), 0);
		int rem = (int)len;
		struct nlmsghdr *h = (struct nlmsghdr *)tmp;

		if (len < 0)
			return -errno;
		for (; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_seq != req->nlmsg_seq)
				continue;
			if (first < 0 && h->nlmsg_len <= size) {
				memcpy(buf, h, h->nlmsg_len);
				first = h->nlmsg_type;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				*error = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				return NLMSG_ERROR;
			}
			if (h->nlmsg_type == NLMSG_DONE || !(h->nlmsg_flags & NLM_F_MULTI))
				return h->nlmsg_type;
		}
	}
}

static void protocols(void)
{
	static const struct { int proto; const char *name; } p[] = {
		{ NETLINK_GENERIC, "NETLINK_GENERIC" },
		{ NETLINK_SOCK_DIAG, "NETLINK_SOCK_DIAG" },
		{ NETLINK_USERSOCK, "NETLINK_USERSOCK" },
	};
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = {
		.n.nlmsg_type = GENL_ID_CTRL,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	struct nlattr *a = (struct nlattr *)req.attrs;
	char ans[65536];
	int fd, r, error = 0;
	unsigned i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		fd = nl_socket(p[i].proto);
		if (fd < 0) {
			note("socket(%s): %s", p[i].name, strerror(errno));
			bad = 1;
		} else {
			note("socket(%s) opens", p[i].name);
			close(fd);
		}
	}
	fd = nl_socket(NETLINK_GENERIC);
	if (fd < 0)
		return;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof("nlctrl");
	memcpy((char *)a + NLA_HDRLEN, "nlctrl", sizeof("nlctrl"));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	r = round_trip(fd, &req.n, ans, sizeof(ans), &error);
	if (r == GENL_ID_CTRL) {
		struct nlmsghdr *h = (struct nlmsghdr *)ans;
		int rem = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
		int id = -1;

		for (a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN); rem >= NLA_HDRLEN &&
		     a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
		     rem -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				id = *(uint16_t *)((char *)a + NLA_HDRLEN);
		note("CTRL_CMD_GETFAMILY nlctrl: family id %d", id);
		bad |= id != GENL_ID_CTRL;
	} else {
		note("CTRL_CMD_GETFAMILY nlctrl: %s", r < 0 ? strerror(-r) : r == NLMSG_ERROR ? strerror(-error) : "unexpected answer");
		bad = 1;
	}
	close(fd);
}

static void rtm_types(void)
{
	static const struct { int type; int payload; const char *name; int dump; } t[] = {
		{ RTM_GETLINK, sizeof(struct ifinfomsg), "RTM_GETLINK", 1 },
		{ RTM_GETADDR, sizeof(struct ifaddrmsg), "RTM_GETADDR", 1 },
		{ RTM_GETROUTE, sizeof(struct rtmsg), "RTM_GETROUTE", 1 },
		{ RTM_GETNEIGH, sizeof(struct ndmsg), "RTM_GETNEIGH", 1 },
		{ RTM_GETRULE, 12, "RTM_GETRULE", 1 },
		{ RTM_GETQDISC, sizeof(struct tcmsg), "RTM_GETQDISC", 1 },
		{ RTM_GETNSID, sizeof(struct rtgenmsg), "RTM_GETNSID", 1 },
		{ RTM_GETNETCONF, 4, "RTM_GETNETCONF", 1 },
		{ RTM_GETNEXTHOP, 8, "RTM_GETNEXTHOP", 1 },
		{ RTM_GETSTATS, 12, "RTM_GETSTATS", 1 },
		{ RTM_NEWLINKPROP, sizeof(struct ifinfomsg), "RTM_NEWLINKPROP", 0 },
	};
	char ans[65536];
	unsigned i;
	int fd = nl_socket(NETLINK_ROUTE);

	if (fd < 0) {
		note("socket(NETLINK_ROUTE): %s", strerror(errno));
		bad = 1;
		return;
	}
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct {
			struct nlmsghdr n;
			char payload[64];
		} req = {
			.n.nlmsg_len = NLMSG_LENGTH(t[i].payload),
			.n.nlmsg_type = t[i].type,
			.n.nlmsg_flags = NLM_F_REQUEST | (t[i].dump ? NLM_F_DUMP : NLM_F_ACK),
		};
		int error = 0, r;

		if (t[i].type == RTM_NEWLINKPROP)	/* no such link: the kernel answers ENODEV */
			((struct ifinfomsg *)req.payload)->ifi_index = 99999;
		r = round_trip(fd, &req.n, ans, sizeof(ans), &error);
		if (r < 0) {
			note("%s: %s", t[i].name, strerror(-r));
			bad = 1;
		} else if (r == NLMSG_ERROR) {
			note("%s: answered (error %d)", t[i].name, error);
		} else {
			note("%s: answered", t[i].name);
		}
	}
	close(fd);
}

static void netns_cookie(void)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	int fd = nl_socket(NETLINK_ROUTE);

	if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) < 0) {
		note("getsockopt(SO_NETNS_COOKIE): %s", strerror(errno));
		bad = 1;
	} else {
		note("getsockopt(SO_NETNS_COOKIE): cookie %llu, %u bytes", (unsigned long long)cookie, len);
		bad |= cookie == 0 || len != sizeof(cookie);
	}
	if (fd >= 0)
		close(fd);
}

/* Brings lo up: RTM_NEWLINK with IFF_UP (a link message, which qemu-user converts). */
static int lo_up(int fd)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_NEWLINK,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.i.ifi_index = 1,
		.i.ifi_flags = IFF_UP,
		.i.ifi_change = IFF_UP,
	};
	char ans[4096];
	int error = 0, r = round_trip(fd, &req.n, ans, sizeof(ans), &error);

	return r == NLMSG_ERROR && error == 0 ? 0 : -1;
}

static void attr_walk(void)
{
	static const struct { int type, family, payload; const char *name; } d[] = {
		{ RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg), "links" },
		{ RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg), "IPv4 addresses" },
		{ RTM_GETADDR, AF_INET6, sizeof(struct ifaddrmsg), "IPv6 addresses" },
		{ RTM_GETROUTE, AF_INET, sizeof(struct rtmsg), "IPv4 routes" },
		{ RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg), "IPv6 routes" },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int fd = nl_socket(NETLINK_ROUTE);
	unsigned i;

	if (fd < 0 || lo_up(fd) < 0) {
		note("bringing lo up: %s", strerror(errno));
		bad = 1;
		return;
	}
	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		struct {
			struct nlmsghdr n;
			unsigned char family;
			char pad[63];
		} req = {
			.n.nlmsg_len = NLMSG_LENGTH(d[i].payload),
			.n.nlmsg_type = d[i].type,
			.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.n.nlmsg_seq = 5000 + i,
			.family = d[i].family,
		};
		int msgs = 0, deficits = 0, done = 0, first_deficit = 0, first_len = 0;

		if (sendto(fd, &req, req.n.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
			note("%s: %s", d[i].name, strerror(errno));
			bad = 1;
			continue;
		}
		while (!done) {
			char buf[65536];
			ssize_t len = recv(fd, buf, sizeof(buf), 0);
			struct nlmsghdr *h = (struct nlmsghdr *)buf;
			int rem = (int)len;

			if (len < 0) {
				note("%s: %s", d[i].name, strerror(errno));
				bad = 1;
				break;
			}
			for (; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
				struct rtattr *a;
				int arem;

				if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
					done = 1;
					break;
				}
				msgs++;
				a = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(d[i].payload));
				arem = (int)h->nlmsg_len - NLMSG_LENGTH(d[i].payload);
				while (RTA_OK(a, arem))
					a = RTA_NEXT(a, arem);
				if (arem != 0 && !deficits++) {
					first_deficit = arem;
					first_len = arem >= 4 ? a->rta_len : -1;
				}
			}
		}
		if (deficits) {
			note("%s: %d messages, %d of them with attributes that do not walk to the end "
			     "(first: %d bytes left, rta_len %d)", d[i].name, msgs, deficits, first_deficit, first_len);
			bad = 1;
		} else {
			note("%s: %d messages, every attribute walks", d[i].name, msgs);
		}
	}
	close(fd);
}

static void extack(void)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg a;
		struct rtattr local;
		unsigned char addr[4];
	} req = {
		.n.nlmsg_len = sizeof(req),
		.n.nlmsg_type = RTM_NEWADDR,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
		.a.ifa_family = AF_INET,
		.a.ifa_prefixlen = 8,
		.a.ifa_index = 1,
		.local.rta_len = RTA_LENGTH(4),
		.local.rta_type = IFA_LOCAL,
		.addr = { 127, 0, 0, 1 },
	};
	char ans[65536];
	int one = 1, error = 0, r, fd = nl_socket(NETLINK_ROUTE);
	const char *text = NULL;

	if (fd < 0 || setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 || lo_up(fd) < 0) {
		note("socket, NETLINK_EXT_ACK, lo up: %s", strerror(errno));
		bad = 1;
		return;
	}
	r = round_trip(fd, &req.n, ans, sizeof(ans), &error);
	if (r == NLMSG_ERROR) {
		struct nlmsghdr *h = (struct nlmsghdr *)ans;
		struct nlmsgerr *e = NLMSG_DATA(h);
		int off = NLMSG_HDRLEN + sizeof(*e) + (h->nlmsg_flags & NLM_F_CAPPED ? 0 : (int)e->msg.nlmsg_len - NLMSG_HDRLEN);
		int rem = (int)h->nlmsg_len - off;
		struct nlattr *a = (struct nlattr *)(ans + off);

		if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
			note("RTM_NEWADDR 127.0.0.1/8 again: error %d, no NLM_F_ACK_TLVS", error);
		for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= rem;
		     rem -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
			if (a->nla_type == NLMSGERR_ATTR_MSG)
				text = (const char *)a + NLA_HDRLEN;
		if (h->nlmsg_flags & NLM_F_ACK_TLVS)
			note("RTM_NEWADDR 127.0.0.1/8 again: error %d, NLMSGERR_ATTR_MSG %s%s%s", error,
			     text ? "\"" : "", text ? text : "not found in the TLVs", text ? "\"" : "");
		bad |= error != -EEXIST || !text;
	} else {
		note("RTM_NEWADDR 127.0.0.1/8 again: %s", r < 0 ? strerror(-r) : "no error answer");
		bad = 1;
	}
	close(fd);
}

int main(int argc, char **argv)
{
	const char *check = argc == 2 ? argv[1] : "";

	if (!strcmp(check, "protocols"))
		protocols();
	else if (!strcmp(check, "rtm-types"))
		rtm_types();
	else if (!strcmp(check, "netns-cookie"))
		netns_cookie();
	else if (!strcmp(check, "attr-walk"))
		attr_walk();
	else if (!strcmp(check, "extack"))
		extack();
	else {
		fprintf(stderr, "usage: qemu-control protocols|rtm-types|netns-cookie|attr-walk|extack\n");
		return 2;
	}
	printf("%s\n", line);
	return bad;
}
