/*
 * Shared by ctests/open_failures.c and ctests/netns_failures.c: libc's socket(), setsockopt(),
 * bind() and getsockname() interposed (the library calls them through the PLT, so these
 * definitions win), each failing, or getsockname() reporting a wrong length or family, while
 * `fault` names it. With `fault == NONE` they call libc's. Link with -ldl.
 */
#ifndef RNL_OPEN_FAULTS_H
#define RNL_OPEN_FAULTS_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

enum fault { NONE, SOCKET, THREAD, SNDBUF, RCVBUF, EXTACK, BIND, GETSOCKNAME, BAD_LENGTH, BAD_FAMILY };
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
	    (fault == EXTACK && level == SOL_NETLINK && name == 11 /* NETLINK_EXT_ACK */)) {
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

#endif
