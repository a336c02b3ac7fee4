/*
 * The body of ctests/talk_echo_json.c and ctests/talk_echo_plain.c: rtnl_echo_talk (spec 3.4
 * and difference 6). The answer is the kernel's echo of the new object (addresses, a route);
 * the request gets NLM_F_ECHO | NLM_F_ACK and seq = ++rth.seq; the ACK that follows the echo
 * is consumed, so the next rtnl_talk on the handle gets its own reply (an error in the first
 * datagram: -1, not -2); a kernel error returns < 0 without calling print_info or any JSON
 * function. With ECHO_WITH_JSON defined, the program defines iproute2's four JSON functions
 * and the library must call new_json_obj(json), open_json_object(NULL), print_info(answer,
 * stdout), close_json_object(), delete_json_obj() in that order; without it, only print_info.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <malloc.h>
#include <net/if.h>
#include <signal.h>
#include <sys/socket.h>
#include <libnetlink.h>
#include "ctest.h"

typedef struct {
	struct nlmsghdr n;
	char body[4096];
} msg_t;

#define MAXLEN ((int)sizeof(msg_t))
#define FLAGS_NEW (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL)

/* ---- print_info (and, with ECHO_WITH_JSON, the JSON functions), recording calls ------ */

static char calls[4096];

static void record(const char *s)
{
	strncat(calls, s, sizeof(calls) - strlen(calls) - 1);
}

#ifdef ECHO_WITH_JSON
/* What the library calls around print_info when the program has the JSON functions. */
#define JSON_CALLS(json, inner) "new(" #json ") open(NULL) " inner "close delete "

void new_json_obj(int json)
{
	char s[32];

	snprintf(s, sizeof(s), "new(%d) ", json);
	record(s);
}

void open_json_object(const char *name)
{
	record(name ? "open(name) " : "open(NULL) ");
}

void close_json_object(void)
{
	record("close ");
}

void delete_json_obj(void)
{
	record("delete ");
}
#else
#define JSON_CALLS(json, inner) inner
#endif

static struct {
	int count;
	void *arg;
	size_t usable;
	unsigned char msg[8192];
} seen;

static int print_info(struct nlmsghdr *n, void *arg)
{
	record("print ");
	seen.count++;
	seen.arg = arg;
	seen.usable = malloc_usable_size(n);
	memcpy(seen.msg, n, n->nlmsg_len < sizeof(seen.msg) ? n->nlmsg_len : sizeof(seen.msg));
	return 77; /* ignored */
}

static void reset_seen(void)
{
	calls[0] = '\0';
	memset(&seen, 0, sizeof(seen));
}

/* ---- helpers ---------------------------------------------------------------------------- */

static void on_alarm(int sig)
{
	static const char text[] = "echo: timed out\n";

	(void)sig;
	if (write(2, text, sizeof(text) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void msg_init(msg_t *m, int type, int flags, const void *hdr, size_t hlen)
{
	memset(m, 0, sizeof(*m));
	m->n.nlmsg_len = NLMSG_LENGTH(hlen);
	m->n.nlmsg_type = type;
	m->n.nlmsg_flags = flags;
	memcpy(NLMSG_DATA(&m->n), hdr, hlen);
}

static void addr4(msg_t *m, int ifindex, const char *a, int plen)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = plen, .ifa_index = ifindex };
	struct in_addr in;

	inet_pton(AF_INET, a, &in);
	msg_init(m, RTM_NEWADDR, FLAGS_NEW, &ifa, sizeof(ifa));
	addattr_l(&m->n, MAXLEN, IFA_LOCAL, &in, 4);
	addattr_l(&m->n, MAXLEN, IFA_ADDRESS, &in, 4);
}

static void addr6(msg_t *m, int ifindex, const char *a, int plen)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = plen,
				 .ifa_flags = IFA_F_NODAD, .ifa_index = ifindex };
	struct in6_addr in6;

	inet_pton(AF_INET6, a, &in6);
	msg_init(m, RTM_NEWADDR, FLAGS_NEW, &ifa, sizeof(ifa));
	addattr_l(&m->n, MAXLEN, IFA_ADDRESS, &in6, 16);
}

static void route4(msg_t *m, int ifindex, const char *dst, int dlen)
{
	struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = dlen, .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_STATIC, .rtm_scope = RT_SCOPE_LINK,
			     .rtm_type = RTN_UNICAST };
	struct in_addr in;

	inet_pton(AF_INET, dst, &in);
	msg_init(m, RTM_NEWROUTE, FLAGS_NEW, &rtm, sizeof(rtm));
	addattr_l(&m->n, MAXLEN, RTA_DST, &in, 4);
	addattr32(&m->n, MAXLEN, RTA_OIF, ifindex);
}

static void route6(msg_t *m, int ifindex, const char *dst, int dlen)
{
	struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_dst_len = dlen, .rtm_table = RT_TABLE_MAIN,
			     .rtm_protocol = RTPROT_STATIC, .rtm_scope = RT_SCOPE_UNIVERSE,
			     .rtm_type = RTN_UNICAST };
	struct in6_addr in6;

	inet_pton(AF_INET6, dst, &in6);
	msg_init(m, RTM_NEWROUTE, FLAGS_NEW, &rtm, sizeof(rtm));
	addattr_l(&m->n, MAXLEN, RTA_DST, &in6, 16);
	addattr32(&m->n, MAXLEN, RTA_OIF, ifindex);
}

static int queue_empty(int fd)
{
	char c;

	errno = 0;
	return recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN;
}

static const char *ip_out(const char *cmd)
{
	static char out[16384];
	FILE *p = popen(cmd, "r");
	size_t n;

	out[0] = '\0';
	if (!p)
		return out;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

/* The attribute `type` of the recorded message (after a family header of hlen bytes). */
static struct rtattr *seen_attr(size_t hlen, int type)
{
	struct nlmsghdr *h = (struct nlmsghdr *)seen.msg;
	struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(hlen));

	return parse_rtattr_one(type, rta, h->nlmsg_len - NLMSG_LENGTH(hlen));
}

/* ---- tests ------------------------------------------------------------------------------ */

static struct rtnl_handle rth = { .fd = -1 };
static int ifindex;

/* One successful echo of `m`: return 0, flags and seq, the JSON/print sequence, a recorded
 * echo of type `type` with our seq and pid, and nothing left queued. */
static void echo_ok(msg_t *m, int json, int type)
{
	__u32 seq = rth.seq, dump = rth.dump;
	struct nlmsghdr *h = (struct nlmsghdr *)seen.msg;
	char want[64];
	int r, base_flags = m->n.nlmsg_flags;

	reset_seen();
	r = CAPTURE(rtnl_echo_talk(&rth, &m->n, json, print_info));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(m->n.nlmsg_flags, base_flags | NLM_F_ECHO | NLM_F_ACK);
	CHECK_INT(m->n.nlmsg_seq, seq + 1);
	CHECK_INT(rth.seq, seq + 1);
	CHECK_INT(rth.dump, dump);
#ifdef ECHO_WITH_JSON
	snprintf(want, sizeof(want), "new(%d) open(NULL) print close delete ", json);
#else
	snprintf(want, sizeof(want), "print ");
#endif
	CHECK_STR(calls, want);
	CHECK_INT(seen.count, 1);
	CHECK(seen.arg == (void *)stdout);
	CHECK(seen.usable >= 32768);
	CHECK_INT(h->nlmsg_type, type);
	CHECK_INT(h->nlmsg_seq, seq + 1);
	CHECK_INT(h->nlmsg_pid, rth.local.nl_pid);
	/* The trailing ACK was read. */
	CHECK(queue_empty(rth.fd));
}

static void test_echo(void)
{
	struct nlmsghdr *ans = NULL;
	struct rtattr *a;
	msg_t m;
	int r;

	/* IPv4 address, json = 1. */
	addr4(&m, ifindex, "10.30.0.1", 24);
	echo_ok(&m, 1, RTM_NEWADDR);
	CHECK_INT(((struct ifaddrmsg *)NLMSG_DATA((struct nlmsghdr *)seen.msg))->ifa_index, ifindex);
	CHECK_INT(((struct ifaddrmsg *)NLMSG_DATA((struct nlmsghdr *)seen.msg))->ifa_prefixlen, 24);
	a = seen_attr(sizeof(struct ifaddrmsg), IFA_LOCAL);
	CHECK(a && RTA_PAYLOAD(a) == 4 && memcmp(RTA_DATA(a), "\x0a\x1e\x00\x01", 4) == 0);
	CHECK(strstr(ip_out("ip -4 -o addr show dev ev0"), " inet 10.30.0.1/24 ") != NULL);

	/* The next rtnl_talk gets its own reply: its error is in the first datagram read. */
	addr4(&m, ifindex, "10.30.0.1", 24);
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &m.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\n");
	CHECK(queue_empty(rth.fd));

	/* IPv6 address, json = 0. The answer is the first datagram: the echoed RTM_NEWADDR on
	 * kernels that echo IPv6 addresses, otherwise (this one) the ACK itself, which
	 * print_info then gets; either way nothing is left queued. */
	addr6(&m, ifindex, "2001:db8:30::1", 64);
	reset_seen();
	r = CAPTURE(rtnl_echo_talk(&rth, &m.n, 0, print_info));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_STR(calls, JSON_CALLS(0, "print "));
	CHECK(seen.arg == (void *)stdout);
	CHECK_INT(((struct nlmsghdr *)seen.msg)->nlmsg_seq, m.n.nlmsg_seq);
	if (((struct nlmsghdr *)seen.msg)->nlmsg_type == NLMSG_ERROR) {
		CHECK_INT(((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)seen.msg))->error, 0);
	} else {
		CHECK_INT(((struct nlmsghdr *)seen.msg)->nlmsg_type, RTM_NEWADDR);
		a = seen_attr(sizeof(struct ifaddrmsg), IFA_ADDRESS);
		CHECK(a && RTA_PAYLOAD(a) == 16 &&
		      memcmp(RTA_DATA(a), "\x20\x01\x0d\xb8\x00\x30\0\0\0\0\0\0\0\0\0\x01", 16) == 0);
	}
	CHECK(queue_empty(rth.fd));
	CHECK(strstr(ip_out("ip -6 -o addr show dev ev0"), " inet6 2001:db8:30::1/64 ") != NULL);

	/* An IPv6 route (echoed); then a talk with an answer gets its own RTM_NEWLINK. */
	route6(&m, ifindex, "2001:db8:40::", 64);
	echo_ok(&m, 0, RTM_NEWROUTE);
	a = seen_attr(sizeof(struct rtmsg), RTA_DST);
	CHECK(a && RTA_PAYLOAD(a) == 16 &&
	      memcmp(RTA_DATA(a), "\x20\x01\x0d\xb8\x00\x40\0\0\0\0\0\0\0\0\0\0", 16) == 0);
	CHECK(strstr(ip_out("ip -6 route show 2001:db8:40::/64"), "2001:db8:40::/64 dev ev0 proto static") != NULL);
	{
		struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };

		msg_init(&m, RTM_GETLINK, NLM_F_REQUEST, &ifi, sizeof(ifi));
		r = CAPTURE(rtnl_talk(&rth, &m.n, &ans));
		CHECK_INT(r, 0);
		CHECK_STR(err, "");
		CHECK(ans != NULL);
		if (ans) {
			CHECK_INT(ans->nlmsg_type, RTM_NEWLINK);
			CHECK_INT(ans->nlmsg_seq, m.n.nlmsg_seq);
			CHECK_INT(((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index, ifindex);
			free(ans);
		}
		CHECK(queue_empty(rth.fd));
	}

	/* A route. */
	route4(&m, ifindex, "10.40.0.0", 16);
	echo_ok(&m, 1, RTM_NEWROUTE);
	a = seen_attr(sizeof(struct rtmsg), RTA_DST);
	CHECK(a && RTA_PAYLOAD(a) == 4 && memcmp(RTA_DATA(a), "\x0a\x28\x00\x00", 4) == 0);
	CHECK_INT(((struct rtmsg *)NLMSG_DATA((struct nlmsghdr *)seen.msg))->rtm_dst_len, 16);
	CHECK(strstr(ip_out("ip -4 route show 10.40.0.0/16"), "10.40.0.0/16 dev ev0 proto static scope link") != NULL);
}

static void test_echo_error(void)
{
	__u32 seq;
	msg_t m;
	int r;

	addr4(&m, ifindex, "10.30.0.1", 24);
	reset_seen();
	seq = rth.seq;
	errno = 0;
	r = CAPTURE(rtnl_echo_talk(&rth, &m.n, 1, print_info));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(err, "Error: ipv4: Address already assigned.\n");
	CHECK_STR(calls, "");
	CHECK_INT(seen.count, 0);
	CHECK_INT(m.n.nlmsg_seq, seq + 1);
	CHECK(queue_empty(rth.fd));

	/* A missing route: no ext-ack, strerror text. */
	{
		struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_dst_len = 16, .rtm_table = RT_TABLE_MAIN,
				     .rtm_scope = RT_SCOPE_NOWHERE };
		struct in_addr in;

		inet_pton(AF_INET, "10.99.0.0", &in);
		msg_init(&m, RTM_DELROUTE, NLM_F_REQUEST, &rtm, sizeof(rtm));
		addattr_l(&m.n, MAXLEN, RTA_DST, &in, 4);
	}
	reset_seen();
	errno = 0;
	r = CAPTURE(rtnl_echo_talk(&rth, &m.n, 0, print_info));
	CHECK_INT(r, -1);
	CHECK_INT(errno, ESRCH);
	CHECK_STR(err, "RTNETLINK answers: No such process\n");
	CHECK_STR(calls, "");
	CHECK_INT(seen.count, 0);
	CHECK(queue_empty(rth.fd));

	/* NULL arguments. */
	reset_seen();
	errno = 0;
	r = CAPTURE(rtnl_echo_talk(NULL, &m.n, 0, print_info));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_echo_talk(&rth, NULL, 0, print_info));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	CHECK_STR(calls, "");

	/* No print_info: the object is still created and the ACK consumed. */
	addr4(&m, ifindex, "10.30.0.2", 24);
	reset_seen();
	r = CAPTURE(rtnl_echo_talk(&rth, &m.n, 0, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_STR(calls, JSON_CALLS(0, ""));
	CHECK(queue_empty(rth.fd));
	CHECK(strstr(ip_out("ip -4 -o addr show dev ev0"), " inet 10.30.0.2/24 ") != NULL);
}

/* On a handle subscribed to the address group the echo is still delivered once, and the
 * handle is clean afterwards. */
static void test_echo_subscribed(void)
{
	struct rtnl_handle sub = { .fd = -1 };
	struct nlmsghdr *h = (struct nlmsghdr *)seen.msg;
	msg_t m;
	int r;

	CHECK_INT(rtnl_open(&sub, RTMGRP_IPV4_IFADDR), 0);
	addr4(&m, ifindex, "10.30.0.3", 24);
	reset_seen();
	r = CAPTURE(rtnl_echo_talk(&sub, &m.n, 1, print_info));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_STR(calls, JSON_CALLS(1, "print "));
	CHECK_INT(h->nlmsg_type, RTM_NEWADDR);
	CHECK_INT(h->nlmsg_seq, m.n.nlmsg_seq);
	CHECK(queue_empty(sub.fd));
	rtnl_close(&sub);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(60);
	if (system("ip link add ev0 type veth peer name ev1 && ip link set ev0 up && ip link set ev1 up") != 0) {
		fprintf(stderr, "setup failed\n");
		return 1;
	}
	ifindex = if_nametoindex("ev0");
	CHECK(ifindex > 0);
	CHECK_INT(rtnl_open(&rth, 0), 0);
	rth.dump = 999;
	test_echo();
	test_echo_error();
	test_echo_subscribed();
#ifndef ECHO_WITH_JSON
	/* The program really lacks them (and nothing else in the process provides them). */
	CHECK(dlsym(RTLD_DEFAULT, "new_json_obj") == NULL);
	CHECK(dlsym(RTLD_DEFAULT, "open_json_object") == NULL);
	CHECK(dlsym(RTLD_DEFAULT, "close_json_object") == NULL);
	CHECK(dlsym(RTLD_DEFAULT, "delete_json_obj") == NULL);
#endif
	rtnl_close(&rth);
	return ct_result(ECHO_TEST_NAME);
}
