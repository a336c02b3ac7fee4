/*
 * ctest: netns
 * ctest: ldflags -ldl
 *
 * Every error path of rtnl_open_byproto (spec 3.1) prints its text, returns -1, leaves
 * fd = -1 and closes what it opened: socket(), setsockopt(SO_SNDBUF / SO_RCVBUF), bind() and
 * getsockname() are made to fail one at a time by interposing them (the library calls them
 * through the PLT, so these definitions win), and getsockname() is made to report a wrong
 * length and a wrong family. The process's descriptor count must not change.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/socket.h>
#include <libnetlink.h>
#include "ctest.h"

enum fault { NONE, SOCKET, SNDBUF, RCVBUF, EXTACK, BIND, GETSOCKNAME, BAD_LENGTH, BAD_FAMILY };
static enum fault fault;

int socket(int domain, int type, int protocol)
{
	static int (*real)(int, int, int);

	if (fault == SOCKET) {
		errno = EMFILE;
		return -1;
	}
	if (!real)
		real = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
	return real(domain, type, protocol);
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);

	if ((fault == SNDBUF && level == SOL_SOCKET && name == SO_SNDBUF) ||
	    (fault == RCVBUF && level == SOL_SOCKET && name == SO_RCVBUF) ||
	    (fault == EXTACK && level == 270 && name == 11)) {
		errno = ENOBUFS;
		return -1;
	}
	if (!real)
		real = (int (*)(int, int, int, const void *, socklen_t))dlsym(RTLD_NEXT, "setsockopt");
	return real(fd, level, name, value, len);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);

	if (fault == BIND) {
		errno = EADDRINUSE;
		return -1;
	}
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
	return real(fd, addr, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	static int (*real)(int, struct sockaddr *, socklen_t *);
	int r;

	if (fault == GETSOCKNAME) {
		errno = EBADF;
		return -1;
	}
	if (!real)
		real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "getsockname");
	r = real(fd, addr, len);
	if (fault == BAD_LENGTH)
		*len = 8;
	if (fault == BAD_FAMILY)
		addr->sa_family = AF_INET;
	return r;
}

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
