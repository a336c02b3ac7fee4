/*
 * ctest: netns
 *
 * Descriptor hygiene of rtnl_open / rtnl_open_byproto / rtnl_close (spec 3.1): 5000
 * open/close cycles (several protocols, with and without subscriptions) leave the number of
 * open descriptors unchanged, and every open reuses the same (lowest free) descriptor number.
 * The failure paths leak nothing either: 5000 opens of an unknown protocol, and 1000 opens
 * whose bind fails (a child at uid 65534 binding a NETLINK_USERSOCK group), which must close
 * the socket they created.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <libnetlink.h>
#include "ctest.h"

static char err[65536];

static void test_cycles(void)
{
	static const int protos[] = { NETLINK_ROUTE, NETLINK_GENERIC, NETLINK_SOCK_DIAG };
	struct rtnl_handle rth = { .fd = -1 };
	int fds = count_fds(), first_fd = -1, i, bad_open = 0, bad_fd = 0, bad_close = 0;

	CHECK(fds > 0);
	for (i = 0; i < 5000; i++) {
		int proto = protos[i % 3];
		unsigned groups = (i % 2 && proto == NETLINK_ROUTE) ? RTMGRP_LINK : 0;
		int r = rtnl_open_byproto(&rth, groups, proto);

		if (r != 0 || rth.fd < 0 || rth.local.nl_pid == 0 || rth.proto != proto ||
		    rth.local.nl_groups != groups)
			bad_open++;
		if (first_fd < 0)
			first_fd = rth.fd;
		else if (rth.fd != first_fd)
			bad_fd++;
		rtnl_close(&rth);
		if (rth.fd != -1)
			bad_close++;
	}
	CHECK_INT(bad_open, 0);
	CHECK_INT(bad_fd, 0);
	CHECK_INT(bad_close, 0);
	CHECK_INT(count_fds(), fds);

	/* rtnl_open over a handle closed by rtnl_close, many times with strict checking and a
	 * group on top: still nothing left behind. */
	for (i = 0; i < 500; i++) {
		if (rtnl_open(&rth, 0) != 0)
			bad_open++;
		rtnl_set_strict_dump(&rth);
		if (rtnl_add_nl_group(&rth, RTNLGRP_LINK) != 0 || rtnl_listen_all_nsid(&rth) != 0)
			bad_open++;
		rtnl_close(&rth);
		rtnl_close(&rth);
	}
	CHECK_INT(bad_open, 0);
	CHECK_INT(count_fds(), fds);
}

/* `n` copies of `line` (n * strlen(line) < sizeof(err)). */
static const char *repeat(const char *line, int n)
{
	static char buf[65536];
	size_t len = strlen(line);
	int i;

	for (i = 0; i < n; i++)
		memcpy(buf + i * len, line, len);
	buf[n * len] = '\0';
	return buf;
}

static void test_failed_opens(void)
{
	const char *line = "Cannot open netlink socket: Protocol not supported\n";
	struct rtnl_handle rth;
	int fds = count_fds(), i, j, bad = 0;

	/* In 5 rounds of 1000, so that each round's text fits the capture buffer. */
	for (j = 0; j < 5; j++) {
		ct_capture_begin();
		for (i = 0; i < 1000; i++)
			if (rtnl_open_byproto(&rth, 0, 99) != -1 || rth.fd != -1 || rth.proto != 99)
				bad++;
		snprintf(err, sizeof(err), "%s", ct_capture_end());
		CHECK_STR(err, repeat(line, 1000));
	}
	CHECK_INT(bad, 0);
	CHECK_INT(count_fds(), fds);
}

static void test_failed_binds(void)
{
	pid_t pid;
	int status = -1;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rtnl_handle rth;
		int fds, i, bad = 0;
		const char *one = "Cannot bind netlink socket: Operation not permitted\n";

		ct_failures = 0; /* the child reports only its own failures */
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534)) {
			perror("setresuid");
			_exit(2);
		}
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0); /* keep /proc/self/fd readable */
		fds = count_fds();
		CHECK(fds > 0);
		ct_capture_begin();
		for (i = 0; i < 1000; i++)
			if (rtnl_open_byproto(&rth, 1, NETLINK_USERSOCK) != -1 || rth.fd != -1)
				bad++;
		snprintf(err, sizeof(err), "%s", ct_capture_end());
		CHECK_INT(bad, 0);
		CHECK_STR(err, repeat(one, 1000));
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
	test_cycles();
	test_failed_opens();
	test_failed_binds();
	return ct_result("socket_cycles");
}
