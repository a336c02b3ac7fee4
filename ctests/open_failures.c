/*
 * ctest: netns
 * ctest: ldflags -ldl
 *
 * Every error path of rtnl_open_byproto (spec 3.1) prints its text, returns -1, leaves
 * fd = -1 and closes what it opened: socket(), setsockopt(SO_SNDBUF / SO_RCVBUF), bind() and
 * getsockname() are made to fail one at a time by interposing them (the library calls them
 * through the PLT, so these definitions win: open_faults.h), and getsockname() is made to
 * report a wrong length and a wrong family. The process's descriptor count must not change.
 */
#define _GNU_SOURCE
#include <libnetlink.h>
#include "ctest.h"
#include "open_faults.h"

static void check_failure(enum fault f, const char *text)
{
	struct rtnl_handle rth;
	int before = count_fds(), r;
	const char *err;

	memset(&rth, 0x5a, sizeof(rth));
	fault = f;
	ct_capture_begin();
	r = rtnl_open(&rth, 0);
	err = ct_capture_end();
	fault = NONE;
	CHECK_INT(r, -1);
	CHECK_INT(rth.fd, -1);
	CHECK_STR(err, text);
	CHECK_INT(count_fds(), before);
}

int main(void)
{
	struct rtnl_handle rth;
	int before;

	check_failure(SOCKET, "Cannot open netlink socket: Too many open files\n");
	check_failure(SNDBUF, "SO_SNDBUF: No buffer space available\n");
	check_failure(RCVBUF, "SO_RCVBUF: No buffer space available\n");
	check_failure(BIND, "Cannot bind netlink socket: Address already in use\n");
	check_failure(GETSOCKNAME, "Cannot getsockname: Bad file descriptor\n");
	check_failure(BAD_LENGTH, "Wrong address length 8\n");
	check_failure(BAD_FAMILY, "Wrong address family 2\n");

	/* NETLINK_EXT_ACK is best effort: its failure is ignored. */
	before = count_fds();
	fault = EXTACK;
	ct_capture_begin();
	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_STR(ct_capture_end(), "");
	fault = NONE;
	CHECK(rth.fd >= 0);
	CHECK_INT(count_fds(), before + 1);
	rtnl_close(&rth);
	CHECK_INT(count_fds(), before);

	/* And after all of that, a normal open works. */
	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK(rth.fd >= 0 && rth.local.nl_pid != 0);
	rtnl_close(&rth);
	return ct_result("open_failures");
}
