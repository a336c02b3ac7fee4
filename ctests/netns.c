/*
 * ctest: netns
 * ctest: ldflags -lpthread
 *
 * rnl_open_netns and rnl_open_netns_fd (issue 13): handles whose socket is in another network
 * namespace while the calling thread stays where it is. Inside the private namespace of this
 * test, `ip netns add` makes a named namespace (unique name, deleted at the end) and a veth
 * pair with one end, "nsv-there", moved into it; the other end, "nsv-here", stays here
 * (ctests/netns_common.h).
 *  1. by name, by /run/netns path, by descriptor, /proc/self/ns/net: the handle is what
 *     rtnl_open_byproto leaves (byte for byte, socket options), its socket carries the other
 *     namespace's cookie, a link dump sees lo and nsv-there but not nsv-here; the descriptor
 *     stays open; a process there by /proc/PID/ns/net; NETLINK_GENERIC works there too;
 *  2. talk, dump, listen and ext-ack on such handles: an address added with rtnl_talk shows
 *     up in `ip -n NAME addr` and not here, RTM_GETLINK by name answers there, a listener
 *     there sees that address and not one added here, the kernel's ext-ack text is printed;
 *  3. 200 opens (name and descriptor alternately) while another thread dumps this
 *     namespace's links (it must always see nsv-here, never nsv-there); every socket is
 *     there, the opener is here after each call, no descriptor leaks (the race checks that
 *     need real concurrency are ctests/netns_race.c);
 *  4. errors: a missing name or path (ENOENT), invalid names, files that are not network
 *     namespaces, fd -1 (EINVAL), a closed descriptor (EBADF), an unknown protocol, NULL
 *     arguments, and EPERM in a child that dropped its privileges: -1, errno, the exact
 *     stderr text, fd -1, no descriptor leaked, the caller's namespace unchanged.
 */
#include "netns_common.h"
#include <arpa/inet.h>
#include <pthread.h>
#include <time.h>
#include <sys/prctl.h>
#include <linux/genetlink.h>

struct addrs {
	int here_addr, there_addr;
};

static uint32_t ifa_local(struct nlmsghdr *n)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];

	if (ifa->ifa_family != AF_INET)
		return 0;
	parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
	return tb[IFA_LOCAL] ? rta_getattr_u32(tb[IFA_LOCAL]) : 0;
}

static int addr_cb(struct nlmsghdr *n, void *arg)
{
	struct addrs *a = arg;
	uint32_t local;

	if (n->nlmsg_type != RTM_NEWADDR)
		return 0;
	local = ifa_local(n);
	if (local == inet_addr("10.78.0.1"))
		a->here_addr++;
	if (local == inet_addr("10.77.0.1"))
		a->there_addr++;
	return 0;
}

/* What rtnl_open_byproto leaves: all zero except fd, local (as getsockname reports it), seq
 * and proto, compared byte for byte; and the socket options it sets. */
static void check_fresh_handle(const struct rtnl_handle *rth, int proto, unsigned groups,
			       time_t t0, time_t t1)
{
	struct rtnl_handle want;
	struct sockaddr_nl name;
	socklen_t len = sizeof(name);

	CHECK(rth->fd >= 0);
	CHECK(fcntl(rth->fd, F_GETFD) == FD_CLOEXEC);
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_PROTOCOL), proto);
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_TYPE), SOCK_RAW);
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_SNDBUF), 2 * 32768);
	CHECK(getopt_int(rth->fd, SOL_SOCKET, SO_RCVBUF) > 2 * 32768);
	CHECK_INT(getopt_int(rth->fd, SOL_NETLINK, NETLINK_EXT_ACK), 1);
	CHECK_INT(getopt_int(rth->fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK), 0);
	memset(&name, 0x5a, sizeof(name));
	CHECK_INT(getsockname(rth->fd, (struct sockaddr *)&name, &len), 0);
	CHECK_INT(name.nl_family, AF_NETLINK);
	CHECK(name.nl_pid != 0);
	CHECK_INT(name.nl_groups, groups);
	CHECK((time_t)rth->seq >= t0 && (time_t)rth->seq <= t1);
	memset(&want, 0, sizeof(want));
	want.fd = rth->fd;
	want.local = name;
	want.seq = rth->seq;
	want.proto = proto;
	CHECK(memcmp(&want, rth, sizeof(want)) == 0);
}

/* ---- 1. the ways to name a namespace ------------------------------------------------------- */

enum how { BY_NAME, BY_PATH, BY_FD };

static int open_there(struct rtnl_handle *rth, unsigned groups, int proto, enum how how)
{
	int fd, r;

	switch (how) {
	case BY_NAME:
		return rnl_open_netns(rth, groups, proto, ns_name);
	case BY_PATH:
		return rnl_open_netns(rth, groups, proto, ns_path);
	case BY_FD:
		fd = open(ns_path, O_RDONLY | O_CLOEXEC);
		CHECK(fd >= 0);
		r = rnl_open_netns_fd(rth, groups, proto, fd);
		/* the call leaves the descriptor open */
		CHECK_INT(fcntl(fd, F_GETFD), FD_CLOEXEC);
		close(fd);
		return r;
	}
	return -1;
}

static void test_open(void)
{
	static const char *names[] = { "name", "path", "fd" };
	struct rtnl_handle rth, g;
	struct links l;
	time_t t0, t1;
	int how, fds, r;

	for (how = BY_NAME; how <= BY_FD; how++) {
		fds = count_fds();
		memset(&rth, 0xab, sizeof(rth));
		t0 = time(NULL);
		r = CAPTURE(open_there(&rth, RTMGRP_LINK, NETLINK_ROUTE, how));
		t1 = time(NULL);
		CHECK_INT(r, 0);
		CHECK_STR(err, "");
		check_fresh_handle(&rth, NETLINK_ROUTE, RTMGRP_LINK, t0, t1);
		CHECK_INT(count_fds(), fds + 1);
		CHECK_INT(my_netns(), netns_here);

		/* the socket is in the other namespace */
		CHECK(cookie(rth.fd) != 0 && cookie(rth.fd) != cookie_here);
		if (how == BY_NAME)
			cookie_there = cookie(rth.fd);
		CHECK(cookie(rth.fd) == cookie_there);
		CHECK_INT(dump_links(&rth, &l), 0);
		CHECK_QUIET(l.lo == 1 && l.there == 1 && l.here == 0 && l.n == 2,
			    "by %s: %d links, lo %d, there %d, here %d", names[how], l.n, l.lo, l.there, l.here);
		rtnl_close(&rth);
		CHECK_INT(count_fds(), fds);
	}

	/* Our own namespace by path: the links of this namespace. */
	CHECK_INT(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/proc/self/ns/net"), 0);
	CHECK(cookie(rth.fd) == cookie_here);
	CHECK_INT(dump_links(&rth, &l), 0);
	CHECK(l.lo == 1 && l.here == 1 && l.there == 0);
	rtnl_close(&rth);

	/* A process that lives there, by /proc/PID/ns/net (its pidfd: ctests/netns_race.c,
	 * since valgrind 3.19 does not know pidfd_open). */
	{
		char path[64];
		int release = -1;
		pid_t pid = child_there_start(&release);

		CHECK(pid > 0);
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
		CHECK_INT(rnl_open_netns(&rth, 0, NETLINK_ROUTE, path), 0);
		CHECK(cookie(rth.fd) == cookie_there);
		CHECK_INT(dump_links(&rth, &l), 0);
		CHECK(l.lo == 1 && l.there == 1 && l.here == 0);
		rtnl_close(&rth);
		if (pid > 0)
			CHECK_INT(child_there_end(pid, release), 0);
	}

	/* Another protocol there: generic netlink answers a family lookup. */
	memset(&g, 0, sizeof(g));
	t0 = time(NULL);
	CHECK_INT(rnl_open_netns(&g, 0, NETLINK_GENERIC, ns_name), 0);
	t1 = time(NULL);
	check_fresh_handle(&g, NETLINK_GENERIC, 0, t0, t1);
	CHECK(cookie(g.fd) == cookie_there);
	CHECK_INT(genl_resolve_family(&g, "nlctrl"), GENL_ID_CTRL);
	rtnl_close(&g);
	CHECK_INT(my_netns(), netns_here);
}

/* ---- 2. talk, dump, listen, ext-ack there ---------------------------------------------------- */

struct heard {
	int here_addr, there_addr;
};

static int listen_cb(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct heard *h = arg;
	uint32_t local;

	(void)ctrl;
	if (n->nlmsg_type != RTM_NEWADDR)
		return 0;
	local = ifa_local(n);
	if (local == inet_addr("10.78.0.1"))
		h->here_addr++;
	if (local == inet_addr("10.77.0.1")) {
		h->there_addr++;
		return -7;
	}
	/* the marker added here after the address there: a listener here stops on it */
	if (local == inet_addr("10.78.0.2"))
		return -8;
	return 0;
}

struct getlink_req {
	struct nlmsghdr n;
	struct ifinfomsg i;
	char buf[64];
};

static void getlink_by_name(struct getlink_req *req, const char *name)
{
	memset(req, 0, sizeof(*req));
	req->n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req->n.nlmsg_type = RTM_GETLINK;
	req->n.nlmsg_flags = NLM_F_REQUEST;
	req->i.ifi_family = AF_UNSPEC;
	addattr_l(&req->n, sizeof(*req), IFLA_IFNAME, name, strlen(name) + 1);
}

static void test_use(void)
{
	struct rtnl_handle rth, lis, own;
	struct links l;
	struct addrs a;
	struct heard heard = { 0 };
	struct getlink_req gl;
	struct nlmsghdr *ans = NULL;
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg ifa;
		char buf[256];
	} addr = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)),
		.n.nlmsg_type = RTM_NEWADDR,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL,
		.ifa.ifa_family = AF_INET,
		.ifa.ifa_prefixlen = 24,
	};
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[256];
	} route = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)),
		.n.nlmsg_type = RTM_NEWROUTE,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL,
		.r.rtm_family = AF_INET,
		.r.rtm_dst_len = 8,	/* 10.0.0.1/8: host bits set */
		.r.rtm_table = RT_TABLE_MAIN,
		.r.rtm_protocol = RTPROT_STATIC,
		.r.rtm_scope = RT_SCOPE_LINK,
		.r.rtm_type = RTN_UNICAST,
	};
	uint32_t a77 = inet_addr("10.77.0.1"), dst = inet_addr("10.0.0.1");
	int r;

	CHECK_INT(rnl_open_netns(&rth, 0, NETLINK_ROUTE, ns_name), 0);
	CHECK_INT(rnl_open_netns(&lis, RTMGRP_IPV4_IFADDR, NETLINK_ROUTE, ns_name), 0);
	CHECK_INT(rtnl_open(&own, 0), 0);
	CHECK_INT(dump_links(&rth, &l), 0);
	CHECK(l.there == 1 && l.there_index > 0);

	/* An address here first: the listener there must not hear of it. */
	sh("ip addr add 10.78.0.1/24 dev " HERE);

	/* rtnl_talk adds an address there. */
	addr.ifa.ifa_index = l.there_index;
	addattr_l(&addr.n, sizeof(addr), IFA_LOCAL, &a77, 4);
	addattr_l(&addr.n, sizeof(addr), IFA_ADDRESS, &a77, 4);
	r = CAPTURE(rtnl_talk(&rth, &addr.n, NULL));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(shell_status("ip -n %s -4 addr show dev " THERE " | grep -q 'inet 10.77.0.1/24'", ns_name), 0);
	CHECK_INT(shell_status("ip -4 addr show | grep -q 10.77.0.1"), 1);
	sh("ip addr add 10.78.0.2/24 dev " HERE);

	/* The listener there hears the address added there, not the one added here. */
	alarm(30);
	r = CAPTURE(rtnl_listen(&lis, listen_cb, &heard));
	alarm(0);
	CHECK_INT(r, -7);
	CHECK_STR(err, "");
	CHECK_INT(heard.there_addr, 1);
	CHECK_INT(heard.here_addr, 0);

	/* An address dump there. */
	memset(&a, 0, sizeof(a));
	CHECK(rtnl_addrdump_req(&rth, AF_INET, NULL) > 0);
	CHECK_INT(rtnl_dump_filter(&rth, addr_cb, &a), 0);
	CHECK_INT(a.there_addr, 1);
	CHECK_INT(a.here_addr, 0);

	/* RTM_GETLINK by name answers there; here the name is unknown. */
	getlink_by_name(&gl, THERE);
	r = CAPTURE(rtnl_talk(&rth, &gl.n, &ans));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK(ans != NULL && ans->nlmsg_type == RTM_NEWLINK &&
	      ((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index == l.there_index);
	free(ans);
	getlink_by_name(&gl, THERE);
	errno = 0;
	r = CAPTURE(rtnl_talk(&own, &gl.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, ENODEV);
	CHECK_STR(err, "RTNETLINK answers: No such device\n");

	/* Ext-ack: the kernel's message for a route whose prefix has host bits. */
	addattr_l(&route.n, sizeof(route), RTA_DST, &dst, 4);
	addattr32(&route.n, sizeof(route), RTA_OIF, l.there_index);
	errno = 0;
	r = CAPTURE(rtnl_talk(&rth, &route.n, NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "Error: Invalid prefix for given prefix length.\n");

	rtnl_close(&rth);
	rtnl_close(&lis);
	rtnl_close(&own);
	CHECK_INT(my_netns(), netns_here);
}

/* ---- 3. many opens while another thread dumps here ------------------------------------------ */

static void test_many_opens(void)
{
	struct dumper d = { 0 };
	pthread_t dt;
	struct open_tally t;
	int fds, ns_fd;

	ns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
	CHECK(ns_fd >= 0);
	fds = count_fds();

	CHECK_INT(pthread_create(&dt, NULL, dumper_main, &d), 0);
	open_rounds(200, ns_fd, 20, &t);
	atomic_store(&stop, 1);
	pthread_join(dt, NULL);

	CHECK_INT(t.opened, 200);
	CHECK_INT(t.in_there, 200);
	CHECK_INT(t.here_after, 200);
	CHECK_INT(t.dumped_there, 10);
	CHECK_INT(count_fds(), fds);
	CHECK_INT(fcntl(ns_fd, F_GETFD), FD_CLOEXEC);	/* still open */
	close(ns_fd);
	CHECK(d.dumps > 0);
	CHECK_INT(d.wrong, 0);
	printf("200 opens, %d dumps here meanwhile\n", d.dumps);
}

/* ---- 4. errors -------------------------------------------------------------------------------- */

/* One failing call: -1, errno, the text, fd -1 (the handle was garbage before), proto kept,
 * no descriptor leaked, the caller's namespace unchanged. */
#define CHECK_FAILS(call, want_errno, want_text) do { \
	int cf_fds = count_fds(), cf_r; \
	memset(&rth, 0x5a, sizeof(rth)); \
	errno = 0; \
	cf_r = CAPTURE(call); \
	CHECK_INT(cf_r, -1); \
	CHECK_INT(errno, want_errno); \
	CHECK_STR(err, want_text); \
	CHECK_INT(rth.fd, -1); \
	CHECK_INT(rth.flags, 0); \
	CHECK_INT(count_fds(), cf_fds); \
	CHECK_INT(my_netns(), netns_here); \
} while (0)

static void test_errors(void)
{
	struct rtnl_handle rth;
	char missing[96], want[256];
	FILE *regular;
	int uts, r;

	snprintf(missing, sizeof(missing), "%s-missing", ns_name);
	snprintf(want, sizeof(want), "Cannot open network namespace \"%s\": No such file or directory\n", missing);
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, missing), ENOENT, want);
	CHECK_INT(rth.proto, NETLINK_ROUTE);
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/run/netns/rnltest-no/such"), ENOENT,
		    "Cannot open network namespace \"/run/netns/rnltest-no/such\": No such file or directory\n");

	/* Names that would leave /run/netns, and the empty name. */
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "../netns/x"), EINVAL,
		    "Cannot open network namespace \"../netns/x\": Invalid argument\n");
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, ".."), EINVAL,
		    "Cannot open network namespace \"..\": Invalid argument\n");
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "."), EINVAL,
		    "Cannot open network namespace \".\": Invalid argument\n");
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, ""), EINVAL,
		    "Cannot open network namespace \"\": Invalid argument\n");

	/* Files that are not network namespaces. */
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/proc/self/ns/uts"), EINVAL,
		    "Cannot enter network namespace \"/proc/self/ns/uts\": Invalid argument\n");
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/dev/null"), EINVAL,
		    "Cannot enter network namespace \"/dev/null\": Invalid argument\n");
	regular = tmpfile();
	CHECK(regular != NULL);
	CHECK_FAILS(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, fileno(regular)), EINVAL,
		    "Cannot enter network namespace: Invalid argument\n");
	CHECK(fcntl(fileno(regular), F_GETFD) >= 0);	/* not closed by the call */
	fclose(regular);
	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	CHECK(uts >= 0);
	CHECK_FAILS(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, uts), EINVAL,
		    "Cannot enter network namespace: Invalid argument\n");
	close(uts);
	CHECK_FAILS(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, -1), EINVAL,
		    "Cannot enter network namespace: Invalid argument\n");
	CHECK_FAILS(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, 1000000), EBADF,
		    "Cannot enter network namespace: Bad file descriptor\n");

	/* An unknown protocol fails inside the namespace; the namespace file is closed again. */
	CHECK_FAILS(rnl_open_netns(&rth, 0, 99, ns_name), EPROTONOSUPPORT,
		    "Cannot open netlink socket: Protocol not supported\n");
	CHECK_INT(rth.proto, 99);

	/* NULL arguments: EINVAL, nothing printed; a NULL name still leaves fd -1. */
	CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, NULL), EINVAL, "");
	errno = 0;
	r = CAPTURE(rnl_open_netns(NULL, 0, NETLINK_ROUTE, ns_name));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rnl_open_netns_fd(NULL, 0, NETLINK_ROUTE, 0));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
}

/* Without CAP_SYS_ADMIN (uid 65534 in a child): EPERM from setns, by descriptor and by name
 * (the namespace file itself is readable by everyone). */
static void test_unprivileged(void)
{
	int ns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
	int status = -1;
	pid_t pid;

	CHECK(ns_fd >= 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rtnl_handle rth;
		char want[256];

		ct_failures = 0;	/* the child reports only its own failures */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("setresuid");
			_exit(2);
		}
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);	/* for /proc/self/fd and thread-self */
		CHECK_FAILS(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, ns_fd), EPERM,
			    "Cannot enter network namespace: Operation not permitted\n");
		snprintf(want, sizeof(want), "Cannot enter network namespace \"%s\": Operation not permitted\n", ns_name);
		CHECK_FAILS(rnl_open_netns(&rth, 0, NETLINK_ROUTE, ns_name), EPERM, want);
		/* An ordinary open still works for this user. */
		CHECK_INT(rtnl_open(&rth, 0), 0);
		rtnl_close(&rth);
		fflush(NULL);
		_exit(ct_failures ? 1 : 0);
	}
	CHECK(pid > 0);
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
	close(ns_fd);
}

int main(void)
{
	netns_setup();
	alarm(240);
	test_open();
	test_use();
	test_many_opens();
	test_errors();
	test_unprivileged();
	alarm(0);
	delete_ns();
	return ct_result("netns");
}
