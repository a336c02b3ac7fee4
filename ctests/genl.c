/*
 * ctest: netns
 *
 * The generic-netlink helpers of <libgenl.h> (spec 7) against the kernel's controller:
 * genl_init_handle with the `static int genl_family = -1` idiom (opens a NETLINK_GENERIC
 * handle once, resolves the family; a second call opens nothing), genl_resolve_family for
 * every family of a candidate list compared with the ids (or absence) the kernel gives to a
 * raw CTRL_CMD_GETFAMILY done here, unknown families and ids (-2 / -1 with the exact texts),
 * genl_add_mcast_grp (membership read back with NETLINK_LIST_MEMBERSHIPS; a missing group
 * gives ENOENT, a family without groups ENOENT and `Missing mcast groups TLV`, as iproute2's
 * libgenl.c), a family name too long for the request (addattr_l's text, the request sent
 * without it, as iproute2 does), and a GENL_REQUEST sent with rtnl_talk.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <time.h>
#include <sys/socket.h>
#include <libgenl.h>
#include "ctest.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define TALK_FAILED_ENOENT "RTNETLINK answers: No such file or directory\nError talking to the kernel\n"

static void on_alarm(int sig)
{
	static const char text[] = "genl: timed out\n";

	(void)sig;
	if (write(2, text, sizeof(text) - 1) < 0)
		_exit(3);
	_exit(3);
}

/* ---- the oracle: a raw CTRL_CMD_GETFAMILY by name on a socket of our own ---------------- */

struct family_info {
	int id;            /* -1: the kernel does not know the family */
	int n_groups;
	char group_name[8][GENL_NAMSIZ];
	__u32 group_id[8];
};

static struct family_info raw_getfamily(const char *name)
{
	struct family_info fi = { .id = -1 };
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char buf[256];
	} req;
	static char buf[65536];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct rtattr *rta;
	int fd, len, alen;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	rta = (struct rtattr *)req.buf;
	rta->rta_type = CTRL_ATTR_FAMILY_NAME;
	rta->rta_len = RTA_LENGTH(strlen(name) + 1);
	memcpy(RTA_DATA(rta), name, strlen(name) + 1);
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + RTA_ALIGN(rta->rta_len);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return fi;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0) {
		close(fd);
		return fi;
	}
	len = (int)recv(fd, buf, sizeof(buf), 0);
	close(fd);
	if (len < (int)NLMSG_HDRLEN || h->nlmsg_type != GENL_ID_CTRL)
		return fi;
	alen = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (rta = (struct rtattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN); RTA_OK(rta, alen);
	     rta = RTA_NEXT(rta, alen)) {
		if (rta->rta_type == CTRL_ATTR_FAMILY_ID) {
			fi.id = *(__u16 *)RTA_DATA(rta);
		} else if ((rta->rta_type & ~NLA_F_NESTED) == CTRL_ATTR_MCAST_GROUPS) {
			struct rtattr *grp;
			int glen = RTA_PAYLOAD(rta);

			for (grp = RTA_DATA(rta); RTA_OK(grp, glen) && fi.n_groups < 8;
			     grp = RTA_NEXT(grp, glen)) {
				struct rtattr *a;
				int l = RTA_PAYLOAD(grp);

				for (a = RTA_DATA(grp); RTA_OK(a, l); a = RTA_NEXT(a, l)) {
					if (a->rta_type == CTRL_ATTR_MCAST_GRP_NAME)
						snprintf(fi.group_name[fi.n_groups], GENL_NAMSIZ, "%s",
							 (char *)RTA_DATA(a));
					else if (a->rta_type == CTRL_ATTR_MCAST_GRP_ID)
						fi.group_id[fi.n_groups] = *(__u32 *)RTA_DATA(a);
				}
				fi.n_groups++;
			}
		}
	}
	return fi;
}

static int is_member(int fd, __u32 group)
{
	__u32 groups[64];
	socklen_t len = sizeof(groups);

	memset(groups, 0, sizeof(groups));
	if (getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups, &len) < 0)
		return -1;
	if (group == 0 || (group - 1) / 32 >= len / 4)
		return 0;
	return !!(groups[(group - 1) / 32] & (1u << ((group - 1) % 32)));
}

/* ---- tests ------------------------------------------------------------------------------ */

static struct rtnl_handle grth;

static void test_init_handle(void)
{
	static int genl_family = -1;
	struct rtnl_handle saved;
	int fds = count_fds(), r, proto = -1;
	socklen_t plen = sizeof(proto);
	time_t t0, t1;

	memset(&grth, 0xab, sizeof(grth));
	t0 = time(NULL);
	r = CAPTURE(genl_init_handle(&grth, "nlctrl", &genl_family));
	t1 = time(NULL);
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(genl_family, GENL_ID_CTRL);
	CHECK(grth.fd >= 0);
	CHECK_INT(grth.proto, NETLINK_GENERIC);
	CHECK_INT(getsockopt(grth.fd, SOL_SOCKET, SO_PROTOCOL, &proto, &plen), 0);
	CHECK_INT(proto, NETLINK_GENERIC);
	CHECK_INT(grth.local.nl_family, AF_NETLINK);
	CHECK(grth.local.nl_pid != 0);
	CHECK_INT(grth.flags, 0);
	CHECK_INT(grth.dump, 0);
	/* opened with seq = time(NULL), then one rtnl_talk */
	CHECK((time_t)grth.seq >= t0 + 1 && (time_t)grth.seq <= t1 + 1);
	CHECK_INT(count_fds(), fds + 1);

	/* genl_family >= 0: returns 0 at once, opens and sends nothing. */
	saved = grth;
	r = CAPTURE(genl_init_handle(&grth, "nlctrl", &genl_family));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(memcmp(&saved, &grth, sizeof(grth)) == 0);
	CHECK_INT(genl_family, GENL_ID_CTRL);
	r = CAPTURE(genl_init_handle(&grth, "no_such_family", &genl_family));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(memcmp(&saved, &grth, sizeof(grth)) == 0);
	CHECK_INT(genl_family, GENL_ID_CTRL);
	CHECK_INT(count_fds(), fds + 1);
	{
		char c;

		errno = 0;
		CHECK(recv(grth.fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN);
	}
}

static const char *const candidates[] = {
	"nlctrl", "ethtool", "netdev", "tcp_metrics", "TASKSTATS", "mptcp_pm", "SEG6", "IOAM6",
	"devlink", "thermal", "NET_DM", "nl80211", "wireguard", "no_such_family",
};

static void test_resolve(void)
{
	size_t i;
	int resolved = 0, r;

	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		struct family_info fi = raw_getfamily(candidates[i]);
		__u32 seq = grth.seq;

		r = CAPTURE(genl_resolve_family(&grth, candidates[i]));
		CHECK_INT(grth.seq, seq + 1);
		if (fi.id >= 0) {
			if (r != fi.id)
				fprintf(stderr, "family %s\n", candidates[i]);
			CHECK_INT(r, fi.id);
			CHECK_STR(err, "");
			resolved++;
		} else {
			if (r != -2)
				fprintf(stderr, "family %s\n", candidates[i]);
			CHECK_INT(r, -2);
			CHECK_STR(err, TALK_FAILED_ENOENT);
		}
	}
	CHECK_INT(raw_getfamily("nlctrl").id, GENL_ID_CTRL);
	CHECK_INT(raw_getfamily("no_such_family").id, -1);
	/* nlctrl plus at least one other family exists in every kernel this runs on. */
	CHECK(resolved >= 2);
	printf("note: %d of %zu candidate families resolved\n", resolved,
	       sizeof(candidates) / sizeof(candidates[0]));

	/* genl_init_handle on a real non-controller family (ethtool, else the first found). */
	for (i = 1; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		struct family_info fi = raw_getfamily(candidates[i]);
		struct rtnl_handle h;
		int fam = -1;

		if (fi.id < 0)
			continue;
		r = CAPTURE(genl_init_handle(&h, candidates[i], &fam));
		CHECK_INT(r, 0);
		CHECK_STR(err, "");
		CHECK_INT(fam, fi.id);
		CHECK(h.fd >= 0 && h.fd != grth.fd);
		rtnl_close(&h);
		break;
	}

	/* A name too long for GENL_REQUEST(req, 1024, ...): addattr_l's text, and the request
	 * goes out without it (the kernel refuses it). */
	{
		char longname[1100];

		memset(longname, 'x', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		r = CAPTURE(genl_resolve_family(&grth, longname));
		CHECK_INT(r, -2);
		CHECK_STR(err, "addattr_l ERROR: message exceeded bound of 1044\n"
			       "RTNETLINK answers: Invalid argument\nError talking to the kernel\n");
	}

	/* An unknown family through genl_init_handle: -1, and the family stays negative. */
	{
		struct rtnl_handle h = { .fd = -1 };
		int fam = -1;

		r = CAPTURE(genl_init_handle(&h, "no_such_family", &fam));
		CHECK_INT(r, -1);
		CHECK_STR(err, TALK_FAILED_ENOENT);
		CHECK(fam < 0);
		rtnl_close(&h);
	}

	/* NULL arguments (rnetlink: -1 with errno EINVAL, nothing sent, nothing printed). */
	{
		struct rtnl_handle h = { .fd = -1 };
		__u32 seq = grth.seq;

		errno = 0;
		r = CAPTURE(genl_resolve_family(&grth, NULL));
		CHECK_INT(r, -1);
		CHECK_INT(errno, EINVAL);
		CHECK_STR(err, "");
		CHECK_INT(grth.seq, seq);
		errno = 0;
		r = CAPTURE(genl_init_handle(&h, "nlctrl", NULL));
		CHECK_INT(r, -1);
		CHECK_INT(errno, EINVAL);
		CHECK_STR(err, "");
		CHECK_INT(h.fd, -1);
	}
}

static void test_mcast(void)
{
	struct family_info ctrl = raw_getfamily("nlctrl");
	struct family_info eth = raw_getfamily("ethtool");
	struct family_info nogroups = raw_getfamily("tcp_metrics");
	int r, j;

	/* nlctrl's "notify" group. */
	CHECK(ctrl.n_groups >= 1);
	CHECK_STR(ctrl.group_name[0], "notify");
	CHECK_INT(is_member(grth.fd, ctrl.group_id[0]), 0);
	r = CAPTURE(genl_add_mcast_grp(&grth, GENL_ID_CTRL, "notify"));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(is_member(grth.fd, ctrl.group_id[0]), 1);

	/* Every group of ethtool (when present), by name. */
	for (j = 0; eth.id >= 0 && j < eth.n_groups; j++) {
		CHECK_INT(is_member(grth.fd, eth.group_id[j]), 0);
		r = CAPTURE(genl_add_mcast_grp(&grth, eth.id, eth.group_name[j]));
		CHECK_INT(r, 0);
		CHECK_STR(err, "");
		CHECK_INT(is_member(grth.fd, eth.group_id[j]), 1);
	}

	/* A group the family does not have: -1, ENOENT, silent. */
	errno = 0;
	r = CAPTURE(genl_add_mcast_grp(&grth, GENL_ID_CTRL, "no_such_group"));
	CHECK_INT(r, -1);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(err, "");
	/* A prefix of an existing name is not a match. */
	errno = 0;
	r = CAPTURE(genl_add_mcast_grp(&grth, GENL_ID_CTRL, "notif"));
	CHECK_INT(r, -1);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(err, "");

	/* A family without multicast groups: -1, ENOENT and iproute2's text. */
	if (nogroups.id >= 0) {
		CHECK_INT(nogroups.n_groups, 0);
		errno = 0;
		r = CAPTURE(genl_add_mcast_grp(&grth, nogroups.id, "anything"));
		CHECK_INT(r, -1);
		CHECK_INT(errno, ENOENT);
		CHECK_STR(err, "Missing mcast groups TLV\n");
	} else {
		printf("note: tcp_metrics absent, no-group case skipped\n");
	}

	/* An unknown family id: the talk fails, -2. */
	r = CAPTURE(genl_add_mcast_grp(&grth, 0xfff0, "notify"));
	CHECK_INT(r, -2);
	CHECK_STR(err, TALK_FAILED_ENOENT);

	/* NULL group. */
	errno = 0;
	r = CAPTURE(genl_add_mcast_grp(&grth, GENL_ID_CTRL, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
}

/* GENL_REQUEST + rtnl_talk on the genl handle: CTRL_CMD_GETFAMILY by id. */
static void test_genl_request(void)
{
	GENL_REQUEST(req, 128, GENL_ID_CTRL, 0, 1, CTRL_CMD_GETFAMILY, NLM_F_REQUEST);
	struct nlmsghdr *ans = NULL;
	struct rtattr *tb[CTRL_ATTR_MAX + 1];
	int r;

	CHECK_INT(req.n.nlmsg_len, NLMSG_LENGTH(GENL_HDRLEN));
	CHECK_INT(addattr16(&req.n, sizeof(req), CTRL_ATTR_FAMILY_ID, GENL_ID_CTRL), 0);
	r = CAPTURE(rtnl_talk(&grth, &req.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL);
	if (!ans)
		return;
	CHECK_INT(ans->nlmsg_type, GENL_ID_CTRL);
	CHECK_INT(ans->nlmsg_seq, req.n.nlmsg_seq);
	CHECK_INT(((struct genlmsghdr *)NLMSG_DATA(ans))->cmd, CTRL_CMD_NEWFAMILY);
	parse_rtattr(tb, CTRL_ATTR_MAX, (struct rtattr *)((char *)NLMSG_DATA(ans) + GENL_HDRLEN),
		     ans->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
	CHECK(tb[CTRL_ATTR_FAMILY_NAME] != NULL);
	if (tb[CTRL_ATTR_FAMILY_NAME])
		CHECK_STR(rta_getattr_str(tb[CTRL_ATTR_FAMILY_NAME]), "nlctrl");
	CHECK(tb[CTRL_ATTR_FAMILY_ID] && rta_getattr_u16(tb[CTRL_ATTR_FAMILY_ID]) == GENL_ID_CTRL);
	free(ans);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(60);
	test_init_handle();
	test_resolve();
	test_mcast();
	test_genl_request();
	rtnl_close(&grth);
	return ct_result("genl");
}
