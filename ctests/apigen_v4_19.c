/*
 * ctest: netns
 * ctest: cflags -DRNETLINK_IPROUTE2_API=41900
 *
 * A program written for iproute2 v4.19's libnetlink (issue 18), built with only the define:
 *  1. rtnl_open keeps NETLINK_EXT_ACK on (v4.13+);
 *  2. rtnl_wilddump_request + rtnl_dump_filter with a who-filter; rtnl_dump_filter_nc clears
 *     nc_flags; the ADDR dump through rtnl_dump_filter_l;
 *  3. rtnl_talk(rtnl, n, **answer) is v7.1's: the malloc'd reply;
 *  4. rtnl_talk_extack(rtnl, n, **answer, errfn): errfn gets the kernel's ext-ack message and
 *     its non-zero return keeps `RTNETLINK answers` quiet; without errfn `Error: ...` prints;
 *  5. rtnl_listen's (who, ctrl, n, arg) handler; parse_rtattr_byindex.
 */
#define _GNU_SOURCE
#include <net/if.h>
#include <libnetlink.h>
#include "ctest.h"

static int links;
static int bad_who;
static __u16 flags_seen;

static int filt(const struct sockaddr_nl *who, struct nlmsghdr *n, void *arg)
{
	(void)arg;
	if (who->nl_family != AF_NETLINK || who->nl_pid || who->nl_groups)
		bad_who++;
	flags_seen |= n->nlmsg_flags;
	links++;
	return 0;
}

static char errfn_msg[256];
static int errfn_calls;

static int errfn(const char *msg, uint32_t off, const struct nlmsghdr *inner)
{
	(void)off;
	(void)inner;
	errfn_calls++;
	snprintf(errfn_msg, sizeof(errfn_msg), "%s", msg ? msg : "(null)");
	return 1;
}

/* RTM_NEWLINK of a link of a kind no kernel has: refused with an ext-ack message. */
static void bad_link(struct nlmsghdr *n, size_t size)
{
	struct rtattr *li;

	memset(n, 0, size);
	n->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	n->nlmsg_type = RTM_NEWLINK;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	addattr_l(n, size, IFLA_IFNAME, "rnl0", 5);
	li = addattr_nest(n, size, IFLA_LINKINFO);
	addattr_l(n, size, IFLA_INFO_KIND, "rnl-no-such-kind", 17);
	addattr_nest_end(n, li);
}

int main(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	struct nlmsghdr *answer = NULL;
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifm;
		char buf[1024];
	} req;
	int ret;

	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(getopt_int(rth.fd, 270, 11), 1);

	CHECK(rtnl_wilddump_request(&rth, AF_UNSPEC, RTM_GETLINK) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, filt, NULL), 0);
	CHECK(links >= 1);
	CHECK_INT(bad_who, 0);
	links = 0;
	flags_seen = 0;
	CHECK(rtnl_wilddump_request(&rth, AF_UNSPEC, RTM_GETLINK) > 0);
	CHECK_INT(rtnl_dump_filter_nc(&rth, filt, NULL, NLM_F_MULTI), 0);
	CHECK(links >= 1);
	CHECK_INT(flags_seen & NLM_F_MULTI, 0);

	/* v7.1's talk: the malloc'd datagram. */
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.n.nlmsg_type = RTM_GETLINK;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.ifm.ifi_index = if_nametoindex("lo");
	CHECK_INT(rtnl_talk(&rth, &req.n, &answer), 0);
	CHECK(answer && answer->nlmsg_type == RTM_NEWLINK);
	if (answer) {
		struct rtattr *tb[IFLA_MAX + 1];
		struct ifinfomsg *ifi = NLMSG_DATA(answer);
		int n = parse_rtattr_byindex(tb, IFLA_MAX + 1, IFLA_RTA(ifi), IFLA_PAYLOAD(answer));

		CHECK(n > 1);
		CHECK(tb[0] != NULL && tb[0]->rta_type <= IFLA_MAX + 1);
		free(answer);
	}

	/* talk_extack: errfn gets the message, returns 1: nothing printed. */
	bad_link(&req.n, sizeof(req));
	answer = NULL;
	errno = 0;
	ret = CAPTURE(rtnl_talk_extack(&rth, &req.n, &answer, errfn));
	CHECK(ret < 0);
	CHECK(errno != 0);
	CHECK_INT(errfn_calls, 1);
	CHECK(errfn_msg[0] != '\0');
	CHECK_STR(err, "");
	CHECK(answer == NULL);
	/* Without errfn: the plain talk's text. */
	bad_link(&req.n, sizeof(req));
	ret = CAPTURE(rtnl_talk_extack(&rth, &req.n, NULL, NULL));
	CHECK(ret < 0);
	CHECK(strncmp(err, "Error: ", 7) == 0 || strncmp(err, "RTNETLINK answers: ", 19) == 0);

	rtnl_close(&rth);
	return ct_result("apigen_v4_19");
}
