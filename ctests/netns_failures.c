/*
 * ctest: netns
 * ctest: ldflags -ldl -lpthread
 *
 * The failure paths of rnl_open_netns* that the kernel does not produce on demand, forced by
 * interposing libc functions (the library calls them through the PLT, so these definitions
 * win): the helper thread cannot be created (pthread_create fails with EAGAIN), and each step
 * after the socket was made in the namespace fails (SO_SNDBUF, SO_RCVBUF, bind, getsockname,
 * a wrong address length). Each prints its text, returns -1 with errno, leaves fd -1 and
 * closes everything it opened; the caller's namespace does not change. The namespace is this
 * one, by path (/proc/self/ns/net) and by descriptor: no named namespace is needed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <rnetlink.h>
#include "ctest.h"
#include "open_faults.h"	/* socket, setsockopt, bind, getsockname; pthread_create below */

static int thread_calls;

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

	thread_calls++;
	if (fault == THREAD)
		return EAGAIN;	/* pthread_create returns the error, errno is not set */
	if (!real)
		real = (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *))
			dlsym(RTLD_NEXT, "pthread_create");
	return real(t, attr, fn, arg);
}

static ino_t my_netns(void)
{
	struct stat st;

	return stat("/proc/thread-self/ns/net", &st) == 0 ? st.st_ino : 0;
}

static ino_t netns_here;

/* by path, then by descriptor; want_errno -1: errno is not part of the contract there */
static void check_failure(enum fault f, int want_errno, const char *text_path, const char *text_fd)
{
	struct rtnl_handle rth;
	int before = count_fds(), ns_fd, r, calls = thread_calls;

	memset(&rth, 0x5a, sizeof(rth));
	fault = f;
	errno = 0;
	r = CAPTURE(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/proc/self/ns/net"));
	fault = NONE;
	CHECK_INT(r, -1);
	if (want_errno >= 0)
		CHECK_INT(errno, want_errno);
	CHECK_STR(err, text_path);
	CHECK_INT(rth.fd, -1);
	CHECK_INT(rth.proto, NETLINK_ROUTE);
	CHECK_INT(count_fds(), before);
	CHECK_INT(my_netns(), netns_here);

	ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	CHECK(ns_fd >= 0);
	memset(&rth, 0x5a, sizeof(rth));
	fault = f;
	errno = 0;
	r = CAPTURE(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, ns_fd));
	fault = NONE;
	CHECK_INT(r, -1);
	if (want_errno >= 0)
		CHECK_INT(errno, want_errno);
	CHECK_STR(err, text_fd);
	CHECK_INT(rth.fd, -1);
	CHECK_INT(count_fds(), before + 1);
	CHECK(fcntl(ns_fd, F_GETFD) >= 0);
	close(ns_fd);
	CHECK_INT(my_netns(), netns_here);
	/* one helper thread per call (the interposition is really in the path) */
	CHECK_INT(thread_calls, calls + 2);
}

int main(void)
{
	struct rtnl_handle rth;

	netns_here = my_netns();
	CHECK(netns_here != 0);
	check_failure(THREAD, EAGAIN,
		      "Cannot start network namespace thread: Resource temporarily unavailable\n",
		      "Cannot start network namespace thread: Resource temporarily unavailable\n");
	check_failure(SNDBUF, ENOBUFS, "SO_SNDBUF: No buffer space available\n",
		      "SO_SNDBUF: No buffer space available\n");
	check_failure(RCVBUF, ENOBUFS, "SO_RCVBUF: No buffer space available\n",
		      "SO_RCVBUF: No buffer space available\n");
	check_failure(BIND, EADDRINUSE, "Cannot bind netlink socket: Address already in use\n",
		      "Cannot bind netlink socket: Address already in use\n");
	check_failure(GETSOCKNAME, EBADF, "Cannot getsockname: Bad file descriptor\n",
		      "Cannot getsockname: Bad file descriptor\n");
	check_failure(BAD_LENGTH, -1, "Wrong address length 8\n", "Wrong address length 8\n");

	/* And after all of that, an open works. */
	CHECK_INT(rnl_open_netns(&rth, 0, NETLINK_ROUTE, "/proc/self/ns/net"), 0);
	CHECK(rth.fd >= 0 && rth.local.nl_pid != 0);
	rtnl_close(&rth);
	return ct_result("netns_failures");
}
