/*
 * ctest: netns
 * ctest: cflags -fPIE
 * ctest: ldflags -pie -ldl
 *
 * Opening and closing handles and their socket options (spec 2.2, 2.3, 3.1): what
 * rtnl_open / rtnl_open_byproto leave in every byte of the handle, the socket options read
 * back from the kernel, the `rcvbuf` global written by a PIE program (Debian's default; the
 * cflags/ldflags above make it explicit and the test checks its own ELF type), rtnl_close,
 * rtnl_set_strict_dump, rtnl_add_nl_group (membership read back and a real notification),
 * rtnl_listen_all_nsid, and the error paths with their exact stderr texts. Error paths that
 * need an unprivileged caller run in a forked child that drops to uid/gid 65534.
 * (The 5000-cycle descriptor-leak check is ctests/socket_cycles.c.)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <libnetlink.h>
#include "ctest.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define CAPTURE_VOID(expr) do { \
	ct_capture_begin(); \
	expr; \
	snprintf(err, sizeof(err), "%s", ct_capture_end()); \
} while (0)

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* What the kernel reports for SO_RCVBUF after setsockopt(SO_RCVBUF, v) by a caller without
 * the FORCE variant: min(v, rmem_max) doubled (for the values used here, all far above the
 * kernel's minimum). */
static long expected_rcvbuf(long v, long rmem_max)
{
	return 2 * (v < rmem_max ? v : rmem_max);
}

/* The handle rtnl_open must produce: all zero except fd, local (as getsockname reports it),
 * seq and proto. Compared byte for byte, so padding bytes count too. */
static void check_fresh_handle(const struct rtnl_handle *rth, int proto, unsigned groups,
			       time_t t0, time_t t1)
{
	struct rtnl_handle want;
	struct sockaddr_nl name;
	socklen_t len = sizeof(name);
	int fdflags;

	CHECK(rth->fd >= 0);
	fdflags = fcntl(rth->fd, F_GETFD);
	CHECK(fdflags >= 0 && (fdflags & FD_CLOEXEC));
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_DOMAIN), AF_NETLINK);
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_TYPE), SOCK_RAW);
	CHECK_INT(getopt_int(rth->fd, SOL_SOCKET, SO_PROTOCOL), proto);

	memset(&name, 0x5a, sizeof(name));
	CHECK_INT(getsockname(rth->fd, (struct sockaddr *)&name, &len), 0);
	CHECK_INT(len, sizeof(struct sockaddr_nl));
	CHECK_INT(name.nl_family, AF_NETLINK);
	CHECK(name.nl_pid != 0);
	CHECK_INT(name.nl_groups, groups);

	CHECK_INT(rth->local.nl_family, AF_NETLINK);
	CHECK_INT(rth->local.nl_pid, name.nl_pid);
	CHECK_INT(rth->local.nl_groups, groups);
	CHECK_INT(rth->peer.nl_family, 0);
	CHECK_INT(rth->peer.nl_pid, 0);
	CHECK_INT(rth->peer.nl_groups, 0);
	CHECK_INT(rth->proto, proto);
	CHECK_INT(rth->dump, 0);
	CHECK(rth->dump_fp == NULL);
	CHECK_INT(rth->flags, 0);
	CHECK((time_t)rth->seq >= t0 && (time_t)rth->seq <= t1);

	memset(&want, 0, sizeof(want));
	want.fd = rth->fd;
	want.local = name;
	want.seq = rth->seq;
	want.proto = proto;
	CHECK(memcmp(&want, rth, sizeof(want)) == 0);
}

static void test_open_fills_handle(void)
{
	struct rtnl_handle rth, rth2;
	time_t t0, t1;
	int r;

	/* memset first: flags, dump_fp and garbage set before are lost. */
	memset(&rth, 0xab, sizeof(rth));
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR | RTNL_HANDLE_F_STRICT_CHK;
	rth.dump_fp = stdout;
	rth.dump = 77;
	t0 = time(NULL);
	r = CAPTURE(rtnl_open(&rth, 0));
	t1 = time(NULL);
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	check_fresh_handle(&rth, NETLINK_ROUTE, 0, t0, t1);

	/* A second handle gets its own port id. */
	memset(&rth2, 0, sizeof(rth2));
	t0 = time(NULL);
	CHECK_INT(rtnl_open_byproto(&rth2, 0, NETLINK_ROUTE), 0);
	t1 = time(NULL);
	check_fresh_handle(&rth2, NETLINK_ROUTE, 0, t0, t1);
	CHECK(rth2.local.nl_pid != rth.local.nl_pid);
	CHECK(rth2.fd != rth.fd);
	rtnl_close(&rth2);

	/* Socket options (spec 3.0 "Sockets used by the library"). */
	CHECK_INT(getopt_int(rth.fd, SOL_SOCKET, SO_SNDBUF), 2 * 32768);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_EXT_ACK), 1);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_CAP_ACK), 0);
	rtnl_close(&rth);

	/* Other protocols. */
	t0 = time(NULL);
	CHECK_INT(rtnl_open_byproto(&rth, 0, NETLINK_GENERIC), 0);
	t1 = time(NULL);
	check_fresh_handle(&rth, NETLINK_GENERIC, 0, t0, t1);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_EXT_ACK), 1);
	rtnl_close(&rth);
	t0 = time(NULL);
	CHECK_INT(rtnl_open_byproto(&rth, 0, NETLINK_SOCK_DIAG), 0);
	t1 = time(NULL);
	check_fresh_handle(&rth, NETLINK_SOCK_DIAG, 0, t0, t1);
	rtnl_close(&rth);

	/* Legacy subscription mask: bound, reported by getsockname, and the memberships. */
	t0 = time(NULL);
	CHECK_INT(rtnl_open(&rth, RTMGRP_LINK | RTMGRP_IPV4_IFADDR), 0);
	t1 = time(NULL);
	check_fresh_handle(&rth, NETLINK_ROUTE, RTMGRP_LINK | RTMGRP_IPV4_IFADDR, t0, t1);
	{
		__u32 groups[4] = { 0xdead, 0xdead, 0xdead, 0xdead };
		socklen_t len = sizeof(groups);

		CHECK_INT(getsockopt(rth.fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups, &len), 0);
		CHECK_INT(groups[0], RTMGRP_LINK | RTMGRP_IPV4_IFADDR);
		CHECK_INT(groups[1], 0);
	}
	rtnl_close(&rth);
}

/* The program is PIE and writes the library's `rcvbuf` (spec 2.2). */
static void test_rcvbuf_pie(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	long rmem_max = read_long("/proc/sys/net/core/rmem_max");
	Elf64_Ehdr eh;
	FILE *f = fopen("/proc/self/exe", "rb");
	Dl_info self, var;

	/* This program is a position-independent executable (ET_DYN), the case where the
	 * program's references to `rcvbuf` go through a copy relocation. */
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(fread(&eh, sizeof(eh), 1, f), 1);
		fclose(f);
		CHECK_INT(eh.e_type, ET_DYN);
	}
	/* Informational: where the program's `rcvbuf` lives (the executable after a copy
	 * relocation, the library otherwise); the checks below hold either way. */
	if (dladdr((void *)&rcvbuf, &var) && dladdr((void *)&test_rcvbuf_pie, &self))
		printf("note: rcvbuf is in %s\n",
		       var.dli_fbase == self.dli_fbase ? "the executable (copy relocation)" : var.dli_fname);
	CHECK(dlsym(RTLD_DEFAULT, "rcvbuf") == (void *)&rcvbuf);

	CHECK(rmem_max > 0);
	CHECK_INT(rcvbuf, 1048576);

	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_SOCKET, SO_RCVBUF), expected_rcvbuf(1048576, rmem_max));
	rtnl_close(&rth);

	/* A value below rmem_max is doubled by the kernel. */
	CHECK(rmem_max >= 300000);
	rcvbuf = 300000;
	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_SOCKET, SO_RCVBUF), 600000);
	rtnl_close(&rth);

	/* Read afresh on every open. */
	rcvbuf = 123456;
	CHECK_INT(rtnl_open_byproto(&rth, 0, NETLINK_GENERIC), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_SOCKET, SO_RCVBUF), 246912);
	rtnl_close(&rth);

	/* Plain SO_RCVBUF (not SO_RCVBUFFORCE): a value above rmem_max is capped even for root. */
	if (rmem_max > 0 && rmem_max < 0x3fff0000) {
		rcvbuf = (int)rmem_max + 65536;
		CHECK_INT(rtnl_open(&rth, 0), 0);
		CHECK_INT(getopt_int(rth.fd, SOL_SOCKET, SO_RCVBUF), 2 * rmem_max);
		rtnl_close(&rth);
	}

	rcvbuf = 1024 * 1024;
}

static void test_close(void)
{
	struct rtnl_handle rth = { .fd = -1 }, before;
	int fd, p[2];

	CHECK_INT(rtnl_open(&rth, 0), 0);
	fd = rth.fd;
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	rth.dump = 42;
	before = rth;
	CAPTURE_VOID(rtnl_close(&rth));
	CHECK_STR(err, "");
	CHECK_INT(rth.fd, -1);
	errno = 0;
	CHECK_INT(fcntl(fd, F_GETFD), -1);
	CHECK_INT(errno, EBADF);
	/* Nothing but fd changes. */
	before.fd = -1;
	CHECK(memcmp(&before, &rth, sizeof(rth)) == 0);

	/* A second close is a no-op: it must not close whatever now has the old number. */
	CHECK_INT(pipe(p), 0);
	CHECK_INT(p[0], fd); /* lowest free descriptor: the socket's old number */
	CAPTURE_VOID(rtnl_close(&rth));
	CHECK_STR(err, "");
	CHECK_INT(rth.fd, -1);
	CHECK(fcntl(p[0], F_GETFD) >= 0);
	close(p[0]);
	close(p[1]);

	/* A static { .fd = -1 } handle that was never opened. */
	{
		struct rtnl_handle never = { .fd = -1 };

		rtnl_close(&never);
		CHECK_INT(never.fd, -1);
	}
}

static void test_strict_dump(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	int fd;

	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK), 0);
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	CAPTURE_VOID(rtnl_set_strict_dump(&rth));
	CHECK_STR(err, "");
	CHECK_INT(rth.flags, RTNL_HANDLE_F_SUPPRESS_NLERR | RTNL_HANDLE_F_STRICT_CHK);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK), 1);
	/* Strict checking now really applies: a link dump request with a non-zero ifi_index
	 * header field is refused with EINVAL (it is accepted without strict checking). */
	{
		struct {
			struct nlmsghdr n;
			struct ifinfomsg i;
		} req = {
			.n = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 99 },
			.i = { .ifi_family = AF_UNSPEC, .ifi_index = 1 },
		};
		char buf[8192];
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		ssize_t n;

		CHECK_INT(send(rth.fd, &req, sizeof(req), 0), sizeof(req));
		n = recv(rth.fd, buf, sizeof(buf), 0);
		/* The refusal comes as NLMSG_DONE (or NLMSG_ERROR) carrying -EINVAL, before any
		 * link message. */
		CHECK(n >= (ssize_t)NLMSG_LENGTH(sizeof(int)));
		if (n >= (ssize_t)NLMSG_LENGTH(sizeof(int))) {
			CHECK(h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR);
			CHECK_INT(*(int *)NLMSG_DATA(h), -EINVAL);
		}
	}

	/* Failure (a closed handle) is silent and leaves flags alone. */
	fd = rth.fd;
	rtnl_close(&rth);
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	errno = 0;
	CAPTURE_VOID(rtnl_set_strict_dump(&rth));
	CHECK_STR(err, "");
	CHECK_INT(rth.flags, RTNL_HANDLE_F_SUPPRESS_NLERR);
	(void)fd;
}

/* Waits up to 3 s for an RTM_NEWLINK for ifindex `ifindex` on fd. */
static int wait_link_notification(int fd, int ifindex)
{
	char buf[65536];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (poll(&pfd, 1, 3000) == 1) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		int len = (int)n;
		struct nlmsghdr *h;

		if (n <= 0)
			return 0;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == RTM_NEWLINK &&
			    ((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index == ifindex)
				return 1;
		}
	}
	return 0;
}

static void test_add_nl_group(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	__u32 groups[4];
	socklen_t len;
	int r;

	CHECK_INT(rtnl_open(&rth, 0), 0);
	memset(groups, 0xff, sizeof(groups));
	len = sizeof(groups);
	CHECK_INT(getsockopt(rth.fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups, &len), 0);
	CHECK(len == 0 || groups[0] == 0); /* never subscribed: the kernel reports no words */

	r = CAPTURE(rtnl_add_nl_group(&rth, RTNLGRP_LINK));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	/* A group above 32, which the legacy mask cannot express. */
	CHECK_INT(rtnl_add_nl_group(&rth, RTNLGRP_BRVLAN), 0);
	memset(groups, 0xff, sizeof(groups));
	len = sizeof(groups);
	CHECK_INT(getsockopt(rth.fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, groups, &len), 0);
	CHECK_INT(groups[0], 1u << (RTNLGRP_LINK - 1));
	CHECK_INT(groups[1], 1u << (RTNLGRP_BRVLAN - 1 - 32));
	/* The bind address keeps the legacy mask (empty). */
	CHECK_INT(rth.local.nl_groups, 0);

	/* A real link notification arrives. */
	CHECK_INT(system("ip link set lo up"), 0);
	CHECK(wait_link_notification(rth.fd, 1));

	/* Invalid groups: the setsockopt result, -1 with errno, nothing printed. */
	errno = 0;
	r = CAPTURE(rtnl_add_nl_group(&rth, 0));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_add_nl_group(&rth, 100000));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	rtnl_close(&rth);

	errno = 0;
	r = CAPTURE(rtnl_add_nl_group(&rth, RTNLGRP_LINK));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_STR(err, "");
}

static void test_listen_all_nsid(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	int r;

	CHECK_INT(rtnl_open(&rth, 0), 0);
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	r = CAPTURE(rtnl_listen_all_nsid(&rth));
	CHECK_INT(r, 0);
	CHECK_STR(err, "");
	CHECK_INT(rth.flags, RTNL_HANDLE_F_SUPPRESS_NLERR | RTNL_HANDLE_F_LISTEN_ALL_NSID);
	CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID), 1);
	rtnl_close(&rth);

	rth.flags = 0;
	errno = 0;
	r = CAPTURE(rtnl_listen_all_nsid(&rth));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EBADF);
	CHECK_STR(err, "NETLINK_LISTEN_ALL_NSID: Bad file descriptor\n");
	CHECK_INT(rth.flags, 0);
}

static void test_errors(void)
{
	struct rtnl_handle rth;
	int r, fds = count_fds();

	/* A protocol the kernel does not know. */
	memset(&rth, 0xab, sizeof(rth));
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	errno = 0;
	r = CAPTURE(rtnl_open_byproto(&rth, 0, 99));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EPROTONOSUPPORT);
	CHECK_STR(err, "Cannot open netlink socket: Protocol not supported\n");
	CHECK_INT(rth.fd, -1);
	CHECK_INT(rth.proto, 99);
	CHECK_INT(rth.flags, 0); /* zeroed before the socket call */
	CHECK(rth.dump_fp == NULL);
	CHECK_INT(count_fds(), fds);

	/* An unregistered protocol number below the limit (1 is unused). */
	r = CAPTURE(rtnl_open_byproto(&rth, 0, 1));
	CHECK_INT(r, -1);
	CHECK_STR(err, "Cannot open netlink socket: Protocol not supported\n");
	CHECK_INT(rth.fd, -1);
	CHECK_INT(rth.proto, 1);

	/* NULL handle. */
	errno = 0;
	r = CAPTURE(rtnl_open(NULL, 0));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_open_byproto(NULL, 0, NETLINK_ROUTE));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_add_nl_group(NULL, 1));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	errno = 0;
	r = CAPTURE(rtnl_listen_all_nsid(NULL));
	CHECK_INT(r, -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(err, "");
	CAPTURE_VOID(rtnl_close(NULL));
	CHECK_STR(err, "");
	CAPTURE_VOID(rtnl_set_strict_dump(NULL));
	CHECK_STR(err, "");
	CHECK_INT(count_fds(), fds);
}

/* Without CAP_NET_ADMIN / CAP_NET_BROADCAST (uid 65534 in a child): binding to a group of a
 * protocol that does not allow unprivileged receivers (NETLINK_USERSOCK) fails, and so does
 * NETLINK_LISTEN_ALL_NSID. */
static void test_unprivileged(void)
{
	pid_t pid;
	int status = -1;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rtnl_handle rth;
		int r, fds;

		ct_failures = 0; /* the child reports only its own failures */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("setresuid");
			_exit(2);
		}
		/* setuid made the process non-dumpable, which hides /proc/self/fd from it. */
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		fds = count_fds();
		CHECK(fds > 0);
		memset(&rth, 0xab, sizeof(rth));
		errno = 0;
		r = CAPTURE(rtnl_open_byproto(&rth, 1, NETLINK_USERSOCK));
		CHECK_INT(r, -1);
		CHECK_INT(errno, EPERM);
		CHECK_STR(err, "Cannot bind netlink socket: Operation not permitted\n");
		CHECK_INT(rth.fd, -1);
		CHECK_INT(rth.proto, NETLINK_USERSOCK);
		/* The socket was closed on the way out. */
		CHECK_INT(count_fds(), fds);

		/* Without groups the same protocol opens. */
		CHECK_INT(rtnl_open_byproto(&rth, 0, NETLINK_USERSOCK), 0);
		rtnl_close(&rth);

		CHECK_INT(rtnl_open(&rth, 0), 0);
		errno = 0;
		r = CAPTURE(rtnl_listen_all_nsid(&rth));
		CHECK_INT(r, -1);
		CHECK_INT(errno, EPERM);
		CHECK_STR(err, "NETLINK_LISTEN_ALL_NSID: Operation not permitted\n");
		CHECK_INT(rth.flags, 0);
		CHECK_INT(getopt_int(rth.fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID), 0);
		rtnl_close(&rth);
		CHECK_INT(count_fds(), fds);
		fflush(NULL);
		_exit(ct_failures ? 1 : 0);
	}
	CHECK(pid > 0);
	CHECK_INT(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 0);
}

int main(void)
{
	test_open_fills_handle();
	test_rcvbuf_pie();
	test_close();
	test_strict_dump();
	test_add_nl_group();
	test_listen_all_nsid();
	test_errors();
	test_unprivileged();
	return ct_result("socket_open");
}
