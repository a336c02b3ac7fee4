/*
 * ctest: netns
 *
 * The two iproute2 v6.1 functions that later releases dropped, declared in <rnetlink.h>:
 * rtnl_talk_iov (several requests in one datagram; iproute2 v4.16 to v6.3) and
 * nl_print_policy (iproute2 v5.10 to v6.18; `genl ctrl policy` of those releases calls it).
 * rtnl_talk_iov against the kernel: numbering (one ++seq per message), NLM_F_ACK only without
 * an answer, one datagram per reply, an error in an earlier reply printed but not returned,
 * an error in the last reply returned as -i, the first data reply taken as the answer, the
 * replies it leaves queued skipped by the next request (exact numbers), argument checks.
 * nl_print_policy: the exact text for a hand-built policy (every field, every type name,
 * masked NLA_F_NESTED, signed and unsigned ranges), the `!!!Deficit` text, short values read
 * only inside the attribute, and the kernel's own nlctrl policy compared line by line with
 * the output of the system's `genl ctrl policy name nlctrl` (Debian's iproute2 6.1, which
 * has its own libnetlink) when that genl is there.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <signal.h>
#include <sys/uio.h>
#include <linux/genetlink.h>
#include <linux/if_addr.h>
#include <rnetlink.h>
#include "ctest.h"

static struct rtnl_handle rth = { .fd = -1 };

static void on_alarm(int sig)
{
	static const char text[] = "iproute2_v6: timed out\n";

	(void)sig;
	if (write(2, text, sizeof(text) - 1) < 0)
		_exit(3);
	_exit(3);
}

typedef struct {
	struct nlmsghdr n;
	struct ifaddrmsg ifa;
	char buf[256];
} addr_req;

/* RTM_NEWADDR (flags NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL) or RTM_DELADDR of a /24 on lo. */
static void addr4(addr_req *r, int type, const char *a)
{
	struct in_addr in;

	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(sizeof(r->ifa));
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
	r->ifa.ifa_family = AF_INET;
	r->ifa.ifa_prefixlen = 24;
	r->ifa.ifa_index = 1;
	inet_pton(AF_INET, a, &in);
	addattr_l(&r->n, sizeof(*r), IFA_LOCAL, &in, 4);
}

/* How many times `needle` occurs in `ip -4 -o addr show dev lo`. */
static int lo_has(const char *needle)
{
	char line[512];
	int n = 0;
	FILE *p = popen("ip -4 -o addr show dev lo", "r");

	if (!p)
		return -1;
	while (fgets(line, sizeof(line), p))
		if (strstr(line, needle))
			n++;
	pclose(p);
	return n;
}

static void test_acks(void)
{
	addr_req a, b;
	struct iovec iov[2] = { { &a, 0 }, { &b, 0 } };
	__u32 seq0 = rth.seq;
	int r;

	addr4(&a, RTM_NEWADDR, "10.9.1.1");
	addr4(&b, RTM_NEWADDR, "10.9.2.1");
	iov[0].iov_len = a.n.nlmsg_len;
	iov[1].iov_len = b.n.nlmsg_len;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(a.n.nlmsg_seq, seq0 + 1);
	CHECK_INT(b.n.nlmsg_seq, seq0 + 2);
	CHECK_INT(rth.seq, seq0 + 2);
	CHECK(a.n.nlmsg_flags & NLM_F_ACK);
	CHECK(b.n.nlmsg_flags & NLM_F_ACK);
	CHECK_INT(lo_has("10.9.1.1/24"), 1);
	CHECK_INT(lo_has("10.9.2.1/24"), 1);

	/* The first request fails, the second succeeds: the error is printed (the kernel's
	 * ext-ack text) and errno set, but the result is the last reply's. */
	addr4(&a, RTM_NEWADDR, "10.9.1.1");
	addr4(&b, RTM_NEWADDR, "10.9.3.1");
	errno = 0;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, NULL));
	CHECK_INT(r, 0);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\n");
	CHECK_INT(lo_has("10.9.3.1/24"), 1);

	/* The second fails: -2 (the second datagram), errno EEXIST. */
	addr4(&a, RTM_NEWADDR, "10.9.4.1");
	addr4(&b, RTM_NEWADDR, "10.9.2.1");
	errno = 0;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, NULL));
	CHECK_INT(r, -2);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\n");
	CHECK_INT(lo_has("10.9.4.1/24"), 1);

	/* Both fail: both printed, -2. */
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, NULL));
	CHECK_INT(r, -2);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\nError: ipv4: Address already assigned.\n");

	/* One message: rtnl_talk. */
	addr4(&a, RTM_DELADDR, "10.9.4.1");
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 1, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(lo_has("10.9.4.1/24"), 0);
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 1, NULL));
	CHECK(r < 0);
	CHECK_INT(errno, EADDRNOTAVAIL);
	CHECK_STR(err, "Error: ipv4: Address not found.\n");
}

typedef struct {
	struct nlmsghdr n;
	struct ifinfomsg ifi;
	char buf[64];
} link_req;

static void link_get(link_req *r, int ifindex)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(sizeof(r->ifi));
	r->n.nlmsg_type = RTM_GETLINK;
	r->n.nlmsg_flags = NLM_F_REQUEST;
	r->ifi.ifi_index = ifindex;
}

static void test_answer(void)
{
	link_req a, b;
	addr_req c;
	struct iovec iov[2] = { { &a, sizeof(a.n) + sizeof(a.ifi) }, { &b, sizeof(b.n) + sizeof(b.ifi) } };
	struct nlmsghdr *answer = NULL;
	struct ifinfomsg *ifi;
	__u32 seq0 = rth.seq;
	int r;

	link_get(&a, 1);
	link_get(&b, 1);
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, &answer));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(!(a.n.nlmsg_flags & NLM_F_ACK));
	CHECK_INT(rth.seq, seq0 + 2);
	CHECK(answer != NULL);
	if (answer) {
		/* The first reply: the link lo, answering the first message. */
		CHECK_INT(answer->nlmsg_type, RTM_NEWLINK);
		CHECK_INT(answer->nlmsg_seq, seq0 + 1);
		ifi = NLMSG_DATA(answer);
		CHECK_INT(ifi->ifi_index, 1);
		free(answer);
	}
	/* The second reply is still queued; the next request takes only its own. */
	addr4(&c, RTM_NEWADDR, "10.9.5.1");
	r = CAPTURE(rtnl_talk(&rth, &c.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(lo_has("10.9.5.1/24"), 1);

	/* An error in the first reply is printed; the second reply becomes the answer. */
	link_get(&a, 9999);
	link_get(&b, 1);
	answer = NULL;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, &answer));
	CHECK_INT(r, 0);
	CHECK_INT(errno, ENODEV);
	CHECK_STR(err, "RTNETLINK answers: No such device\n");
	CHECK(answer != NULL);
	if (answer) {
		CHECK_INT(answer->nlmsg_type, RTM_NEWLINK);
		CHECK_INT(answer->nlmsg_seq, rth.seq);
		free(answer);
	}
	/* Both fail: both printed, -2, *answer untouched. */
	link_get(&a, 9999);
	link_get(&b, 9998);
	answer = (struct nlmsghdr *)&rth;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, &answer));
	CHECK_INT(r, -2);
	CHECK_INT(errno, ENODEV);
	CHECK_STR(err, "RTNETLINK answers: No such device\nRTNETLINK answers: No such device\n");
	CHECK(answer == (struct nlmsghdr *)&rth);

	/* The first reply is data, so it answers at once; the second one's error stays queued
	 * and the next request skips it (iproute2 would take it: its window is {seq-1, seq}). */
	link_get(&a, 1);
	link_get(&b, 9999);
	answer = NULL;
	r = CAPTURE(rtnl_talk_iov(&rth, iov, 2, &answer));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	free(answer);
	addr4(&c, RTM_DELADDR, "10.9.5.1");
	r = CAPTURE(rtnl_talk(&rth, &c.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(lo_has("10.9.5.1/24"), 0);
}

static void test_bad_arguments(void)
{
	addr_req a;
	struct iovec iov[1] = { { &a, 0 } };
	__u32 seq0 = rth.seq;

	addr4(&a, RTM_NEWADDR, "10.9.6.1");
	iov[0].iov_len = a.n.nlmsg_len;
	errno = 0;
	CHECK_INT(rtnl_talk_iov(NULL, iov, 1, NULL), -1);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	CHECK_INT(rtnl_talk_iov(&rth, NULL, 1, NULL), -1);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	CHECK_INT(rtnl_talk_iov(&rth, iov, 0, NULL), -1);
	CHECK_INT(errno, EINVAL);
	iov[0].iov_len = 15;
	errno = 0;
	CHECK_INT(rtnl_talk_iov(&rth, iov, 1, NULL), -1);
	CHECK_INT(errno, EINVAL);
	iov[0].iov_base = NULL;
	iov[0].iov_len = 64;
	errno = 0;
	CHECK_INT(rtnl_talk_iov(&rth, iov, 1, NULL), -1);
	CHECK_INT(errno, EINVAL);
	/* Nothing was numbered or sent. */
	CHECK_INT(rth.seq, seq0);
	CHECK_INT(a.n.nlmsg_seq, 0);
	CHECK_INT(lo_has("10.9.6.1"), 0);
}

/* ---- nl_print_policy ------------------------------------------------------------------ */

static char policy_buf[4096] __attribute__((aligned(4)));

static struct rtattr *nest(struct rtattr *r, int type)
{
	return rta_nest(r, sizeof(policy_buf), type);
}

static void u32a(struct rtattr *r, int type, __u32 v)
{
	rta_addattr32(r, sizeof(policy_buf), type, v);
}

static void u64a(struct rtattr *r, int type, __u64 v)
{
	rta_addattr64(r, sizeof(policy_buf), type, v);
}

/* Prints `attr` through nl_print_policy into a string; stderr lands in `err`. */
static const char *policy_text(const struct rtattr *attr)
{
	static char text[8192];
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	ct_capture_begin();
	nl_print_policy(attr, fp);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	fclose(fp);
	snprintf(text, sizeof(text), "%s", s ? s : "");
	free(s);
	return text;
}

static void test_policy_text(void)
{
	struct rtattr *top = (struct rtattr *)policy_buf, *p, *a;
	static const char *names[] = { "unknown", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16",
				       "S32", "S64", "BINARY", "STRING", "NUL_STRING", "NESTED",
				       "NESTED_ARRAY", "BITFIELD32", "unknown", "unknown" };
	char want[4096], *w;
	unsigned int i;

	memset(policy_buf, 0, sizeof(policy_buf));
	top->rta_type = CTRL_ATTR_POLICY | NLA_F_NESTED;
	top->rta_len = RTA_LENGTH(0);
	p = nest(top, 0);
	a = nest(top, 1);
	u32a(top, NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_U32);
	u64a(top, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 7);
	u64a(top, NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 0xffffffffffffffffULL);
	rta_nest_end(top, a);
	a = nest(top, 2);
	u32a(top, NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_NUL_STRING);
	u32a(top, NL_POLICY_TYPE_ATTR_MAX_LENGTH, 15);
	rta_nest_end(top, a);
	a = nest(top, 3);
	u32a(top, NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_NESTED);
	u32a(top, NL_POLICY_TYPE_ATTR_POLICY_IDX, 1);
	u32a(top, NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, 5);
	rta_nest_end(top, a);
	a = nest(top, 4);
	u32a(top, NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_S8);
	u64a(top, NL_POLICY_TYPE_ATTR_MIN_VALUE_S, (__u64)-128);
	u64a(top, NL_POLICY_TYPE_ATTR_MAX_VALUE_S, 127);
	u64a(top, NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 1); /* a range needs both ends */
	rta_nest_end(top, a);
	a = nest(top, 5);	/* no type: the other fields alone */
	u32a(top, NL_POLICY_TYPE_ATTR_MIN_LENGTH, 4);
	u32a(top, NL_POLICY_TYPE_ATTR_MAX_LENGTH, 8);
	rta_nest_end(top, a);
	rta_nest_end(top, p);
	p = nest(top, 1);	/* rta_nest sets NLA_F_NESTED: masked in the text */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		a = nest(top, 100 + i);
		u32a(top, NL_POLICY_TYPE_ATTR_TYPE, i);
		rta_nest_end(top, a);
	}
	rta_nest_end(top, p);

	w = want;
	w += sprintf(w, " policy[0]:attr[1]: type=U32 range:[7,18446744073709551615]"
			"attr[2]: type=NUL_STRING max len:15"
			"attr[3]: type=NESTED policy:1 maxattr:5"
			"attr[4]: type=S8 range:[-128,127]"
			" min len:4 max len:8"
			" policy[1]:");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		w += sprintf(w, "attr[%u]: type=%s", 100 + i, names[i]);
	CHECK_STR(policy_text(top), want);
	CHECK_STR(err, "");

	/* Leftover bytes inside a policy attribute: the nested parse's deficit text. */
	memset(policy_buf, 0, sizeof(policy_buf));
	top->rta_type = CTRL_ATTR_POLICY;
	top->rta_len = RTA_LENGTH(0);
	p = nest(top, 2);
	a = nest(top, 7);
	u32a(top, NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_FLAG);
	/* 8 more bytes: an attribute header claiming 40 bytes, and 4 bytes */
	((struct rtattr *)((char *)top + top->rta_len))->rta_len = 40;
	top->rta_len += 8;
	rta_nest_end(top, a);
	rta_nest_end(top, p);
	CHECK_STR(policy_text(top), " policy[2]:attr[7]: type=FLAG");
	CHECK_STR(err, "!!!Deficit 8, rta_len=40\n");

	/* A value shorter than 4 bytes at the very end: read only inside the attribute (the
	 * bytes beyond are taken as 0; iproute2 reads past the end). */
	memset(policy_buf, 0xff, sizeof(policy_buf));
	top->rta_type = CTRL_ATTR_POLICY;
	top->rta_len = RTA_LENGTH(0);
	p = nest(top, 3);
	a = nest(top, 9);
	rta_addattr16(top, sizeof(policy_buf), NL_POLICY_TYPE_ATTR_TYPE, NL_ATTR_TYPE_U8);
	top->rta_len -= 2; /* the attribute, its nests and the whole end 2 bytes early */
	((struct rtattr *)((char *)top + top->rta_len - 6))->rta_len = 6;
	a->rta_len = (char *)top + top->rta_len - (char *)a;
	p->rta_len = (char *)top + top->rta_len - (char *)p;
	CHECK_STR(policy_text(top), " policy[3]:attr[9]: type=U8");
	/* the unpadded last attribute leaves -2, as in parse_rtattr */
	CHECK_STR(err, "!!!Deficit -2, rta_len=0\n");

	/* Empty and broken outer attributes print nothing. */
	top->rta_len = 4;
	CHECK_STR(policy_text(top), "");
	top->rta_len = 2;
	CHECK_STR(policy_text(top), "");
	CHECK_STR(err, "");
	errno = 0;
	nl_print_policy(NULL, stdout);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	nl_print_policy(top, NULL);
	CHECK_INT(errno, EINVAL);
}

/* The kernel's policy of the nlctrl family, printed like `genl ctrl policy name nlctrl`. */
static char kernel_lines[65536];

static int policy_filter(struct nlmsghdr *n, void *arg)
{
	struct genlmsghdr *g = NLMSG_DATA(n);
	struct rtattr *tb[CTRL_ATTR_MAX + 1];
	int len = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	size_t used = strlen(kernel_lines);

	(void)arg;
	if (n->nlmsg_type != GENL_ID_CTRL || len < 0 || g->cmd != CTRL_CMD_GETPOLICY)
		return 0;
	parse_rtattr_flags(tb, CTRL_ATTR_MAX, (struct rtattr *)((char *)g + GENL_HDRLEN), len, NLA_F_NESTED);
	if (!tb[CTRL_ATTR_POLICY] || !tb[CTRL_ATTR_FAMILY_ID])
		return 0;
	snprintf(kernel_lines + used, sizeof(kernel_lines) - used, "\tID: 0x%x %s\n",
		 rta_getattr_u16(tb[CTRL_ATTR_FAMILY_ID]), policy_text(tb[CTRL_ATTR_POLICY]));
	return 0;
}

static void test_policy_kernel(void)
{
	struct rtnl_handle g = { .fd = -1 };
	char line[1024], oracle[65536] = "";
	size_t used = 0;
	FILE *p;
	GENL_REQUEST(req, 1024, GENL_ID_CTRL, 0, 0, CTRL_CMD_GETPOLICY, NLM_F_REQUEST | NLM_F_DUMP);

	if (rtnl_open_byproto(&g, 0, NETLINK_GENERIC) < 0) {
		CHECK(0);
		return;
	}
	addattr_l(&req.n, sizeof(req), CTRL_ATTR_FAMILY_NAME, "nlctrl", 7);
	req.n.nlmsg_seq = g.dump = ++g.seq;
	CHECK(rtnl_send(&g, &req, req.n.nlmsg_len) >= 0);
	CHECK_INT(rtnl_dump_filter(&g, policy_filter, NULL), 0);
	rtnl_close(&g);
	CHECK(strstr(kernel_lines, " policy[0]:attr[1]: type=U16 range:[0,65535]\n") != NULL);

	/* The system's genl from iproute2 6.1 (its own libnetlink) is the oracle. */
	if (access("/usr/sbin/genl", X_OK) != 0 && access("/sbin/genl", X_OK) != 0) {
		printf("no genl: the oracle comparison is skipped\n");
		return;
	}
	p = popen("genl ctrl policy name nlctrl 2>&1", "r");
	CHECK(p != NULL);
	if (!p)
		return;
	while (fgets(line, sizeof(line), p))
		if (strstr(line, "policy[") && used + strlen(line) < sizeof(oracle))
			used += sprintf(oracle + used, "%s", line);
	pclose(p);
	CHECK_STR(kernel_lines, oracle);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(60);
	if (rtnl_open(&rth, 0) < 0) {
		fprintf(stderr, "rtnl_open failed\n");
		return 1;
	}
	test_acks();
	test_answer();
	test_bad_arguments();
	rtnl_close(&rth);
	test_policy_text();
	test_policy_kernel();
	return ct_result("iproute2_v6");
}
