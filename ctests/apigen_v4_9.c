/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=40900
 *
 * A program written for iproute2 v4.9's libnetlink (issue 18), built with only the define:
 *  1. rtnl_open leaves NETLINK_EXT_ACK off (v4.9 had no ext-ack), so a kernel error prints
 *     `RTNETLINK answers: <strerror>`;
 *  2. rtnl_wilddump_request + rtnl_dump_filter (the macro over the who-filter
 *     rtnl_dump_filter_nc): `who` is the kernel's address; rtnl_dump_filter_l with two
 *     {filter, arg1, nc_flags} entries runs both over the whole dump;
 *  3. rtnl_talk(rtnl, n, answer, len): the reply message is copied (with answer == n, as
 *     iproute2 did); a reply longer than len is refused (-1, EMSGSIZE, a text, the buffer
 *     untouched); NULL answer asks for an ACK; a kernel error gives -1 and errno;
 *  4. rtnl_wilddump_req_filter_fn and rtnl_wilddump_stats_req_filter dumps;
 *  5. rtnl_listen with the (who, ctrl, n, arg) handler: who carries the notification's group;
 *  6. rtnl_from_file with the same handler: who {AF_NETLINK, 0, 0, 0}, ctrl NULL;
 *  7. parse_rtattr_byindex.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <libnetlink.h>
#include "ctest.h"

struct seen {
	int count;
	int bad_who;
	int types[4];
};

static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	struct seen *s = arg;

	if (!who || who->nl_family != AF_NETLINK || who->nl_pid != 0 || who->nl_groups != 0)
		s->bad_who++;
	if (s->count < 4)
		s->types[s->count] = n->nlmsg_type;
	s->count++;
	return 0;
}

static int add_nothing(struct nlmsghdr *nlh, int reqlen)
{
	return nlh && reqlen == 1056 ? 0 : -7;
}

struct heard {
	int count;
	__u32 groups;
	__u32 pid;
	int nsid;
	int ctrl_null;
	int type;
};

static int mon(const struct sockaddr_nl *who, struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct heard *h = arg;

	h->count++;
	h->groups = who->nl_groups;
	h->pid = who->nl_pid;
	h->ctrl_null = ctrl == NULL;
	h->nsid = ctrl ? ctrl->nsid : -100;
	h->type = n->nlmsg_type;
	return -42;
}

static int from_file_handler(const struct sockaddr_nl *who, struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct heard *h = arg;

	h->count++;
	h->groups = who->nl_groups | who->nl_pid | (who->nl_family != AF_NETLINK);
	h->ctrl_null = ctrl == NULL;
	h->type = n->nlmsg_type;
	return 0;
}

/* RTM_NEWADDR/RTM_DELADDR of 127.0.0.2/8 on lo. */
static int addr_req(struct rtnl_handle *rth, int type, int flags, struct nlmsghdr *answer, size_t len)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg ifa;
		char buf[256];
	} req;
	__u32 a = htonl(0x7f000002);

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
	req.n.nlmsg_type = type;
	req.n.nlmsg_flags = NLM_F_REQUEST | flags;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = 8;
	req.ifa.ifa_index = if_nametoindex("lo");
	addattr_l(&req.n, sizeof(req), IFA_LOCAL, &a, 4);
	addattr_l(&req.n, sizeof(req), IFA_ADDRESS, &a, 4);
	return rtnl_talk(rth, &req.n, answer, len);
}

int main(void)
{
	struct rtnl_handle rth = { .fd = -1 }, mon_rth = { .fd = -1 };
	struct seen s = { 0 }, s2 = { 0 };
	struct heard h = { 0 };
	int ret;

	CHECK_INT(sizeof(struct rtnl_handle), sizeof(int) * 9 + sizeof(void *) + sizeof(int) + (sizeof(void *) == 8 ? 8 : 0));
	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(getopt_int(rth.fd, 270 /* SOL_NETLINK */, 11 /* NETLINK_EXT_ACK */), 0);
	CHECK_INT(rtnl_open(&mon_rth, 1 << (RTNLGRP_IPV4_IFADDR - 1)), 0);

	/* 2. link dump with a who-filter (rtnl_dump_filter is v4.9's macro). */
	CHECK(rtnl_wilddump_request(&rth, AF_UNSPEC, RTM_GETLINK) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &s), 0);
	CHECK(s.count >= 1);
	CHECK_INT(s.bad_who, 0);
	CHECK_INT(s.types[0], RTM_NEWLINK);

	/* 3. talk (answer, len): GETLINK of lo into the request's own buffer. */
	{
		struct {
			struct nlmsghdr n;
			struct ifinfomsg ifm;
			char buf[16384];
		} req;
		char small[64];

		memset(&req, 0, sizeof(req));
		req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
		req.n.nlmsg_type = RTM_GETLINK;
		req.n.nlmsg_flags = NLM_F_REQUEST;
		req.ifm.ifi_index = if_nametoindex("lo");
		CHECK_INT(rtnl_talk(&rth, &req.n, &req.n, sizeof(req)), 0);
		CHECK_INT(req.n.nlmsg_type, RTM_NEWLINK);
		CHECK(req.n.nlmsg_len > sizeof(small) && req.n.nlmsg_len <= sizeof(req));
		CHECK_INT(req.n.nlmsg_seq, rth.seq);
		/* 7. byindex over the reply: attributes in arrival order, none beyond max. */
		{
			struct rtattr *tb[4] = { (void *)1, (void *)1, (void *)1, (void *)1 };
			int n = parse_rtattr_byindex(tb, 3, IFLA_RTA(&req.ifm),
						     req.n.nlmsg_len - NLMSG_LENGTH(sizeof(req.ifm)));
			CHECK(n >= 0 && n <= 3);
			CHECK(tb[3] == (void *)1);
			CHECK(n == 3 || tb[n] == NULL);
		}

		/* The same request into 64 bytes: refused, nothing written. */
		memset(&req, 0, sizeof(struct nlmsghdr) + sizeof(struct ifinfomsg));
		req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
		req.n.nlmsg_type = RTM_GETLINK;
		req.n.nlmsg_flags = NLM_F_REQUEST;
		req.ifm.ifi_index = if_nametoindex("lo");
		memset(small, 0x5a, sizeof(small));
		errno = 0;
		ret = CAPTURE(rtnl_talk(&rth, &req.n, (struct nlmsghdr *)small, sizeof(small)));
		CHECK_INT(ret, -1);
		CHECK_INT(errno, EMSGSIZE);
		CHECK(strstr(err, "rtnl_talk: reply of ") && strstr(err, "does not fit the answer buffer of 64 bytes\n"));
		CHECK(small[0] == 0x5a && small[63] == 0x5a);
	}

	/* NULL answer: an ACK; then the kernel's error, printed the v4.9 way. */
	ret = CAPTURE(addr_req(&rth, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, NULL, 0));
	CHECK_INT(ret, 0);
	CHECK_STR(err, "");
	errno = 0;
	ret = CAPTURE(addr_req(&rth, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, NULL, 0));
	CHECK_INT(ret, -1);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "RTNETLINK answers: File exists\n");

	/* 5. listen: the RTM_NEWADDR above, from the kernel, group RTNLGRP_IPV4_IFADDR. */
	CHECK_INT(rtnl_listen(&mon_rth, mon, &h), -42);
	CHECK_INT(h.count, 1);
	CHECK_INT(h.type, RTM_NEWADDR);
	CHECK_INT(h.pid, 0);
	CHECK_INT(h.groups, 1 << (RTNLGRP_IPV4_IFADDR - 1));
	CHECK_INT(h.ctrl_null, 0);
	CHECK_INT(h.nsid, -1);

	/* 2b. two filters over one address dump, each sees every message. */
	{
		struct rtnl_dump_filter_arg a[3] = {
			{ .filter = filt, .arg1 = &s, .nc_flags = 0 },
			{ .filter = filt, .arg1 = &s2, .nc_flags = 0 },
			{ .filter = NULL, .arg1 = NULL, .nc_flags = 0 },
		};

		memset(&s, 0, sizeof(s));
		CHECK(rtnl_wilddump_request(&rth, AF_INET, RTM_GETADDR) > 0);
		CHECK_INT(rtnl_dump_filter_l(&rth, a), 0);
		CHECK(s.count >= 1); /* 127.0.0.2 (lo is down: no 127.0.0.1) */
		CHECK_INT(s2.count, s.count);
		CHECK_INT(s.bad_who + s2.bad_who, 0);
		CHECK_INT(s.types[0], RTM_NEWADDR);
	}

	/* 4. the 4.6 and 4.9 requests. */
	memset(&s, 0, sizeof(s));
	CHECK(rtnl_wilddump_req_filter_fn(&rth, AF_UNSPEC, RTM_GETLINK, add_nothing) > 0);
	CHECK_INT(rtnl_dump_filter_nc(&rth, filt, &s, 0), 0);
	CHECK(s.count >= 1);
	CHECK_INT(rtnl_wilddump_req_filter_fn(&rth, AF_UNSPEC, RTM_GETLINK, NULL), -EINVAL);
	memset(&s, 0, sizeof(s));
	CHECK(rtnl_wilddump_stats_req_filter(&rth, AF_UNSPEC, RTM_GETSTATS, 1 /* IFLA_STATS_LINK_64 */) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, &s), 0);
	CHECK(s.count >= 1);
	CHECK_INT(s.types[0], RTM_NEWSTATS);

	/* 6. a message file: who is {AF_NETLINK, 0, 0, 0}, ctrl NULL. */
	{
		FILE *fp = tmpfile();
		struct {
			struct nlmsghdr n;
			struct ifaddrmsg ifa;
		} msg = { .n = { .nlmsg_len = sizeof(msg), .nlmsg_type = RTM_NEWADDR } };

		CHECK(fp != NULL);
		fwrite(&msg, sizeof(msg), 1, fp);
		rewind(fp);
		memset(&h, 0, sizeof(h));
		CHECK_INT(rtnl_from_file(fp, from_file_handler, &h), 0);
		CHECK_INT(h.count, 1);
		CHECK_INT(h.groups, 0);
		CHECK_INT(h.ctrl_null, 1);
		CHECK_INT(h.type, RTM_NEWADDR);
		fclose(fp);
	}

	/* An ACK asked for with an answer buffer: the NLMSG_ERROR with error 0 is copied. */
	{
		struct nlmsghdr ack[8];

		memset(ack, 0, sizeof(ack));
		CHECK_INT(addr_req(&rth, RTM_DELADDR, NLM_F_ACK, ack, sizeof(ack)), 0);
		CHECK_INT(ack[0].nlmsg_type, NLMSG_ERROR);
		CHECK_INT(((struct nlmsgerr *)NLMSG_DATA(&ack[0]))->error, 0);
	}

	rtnl_close(&mon_rth);
	rtnl_close(&rth);
	return ct_result("apigen_v4_9");
}
