/* compat-sendlog.so: an LD_PRELOAD for the compat proof (tools/compat-proof.sh).
 *
 * It logs every byte a program sends on a netlink socket (send, sendto, sendmsg) to the file
 * named by $RNL_SENDLOG, one record per system call, the netlink messages in it split at their
 * headers, and it pins time() to a fixed value: iproute2's libnetlink and rnetlink both start
 * a handle's sequence numbers at time(NULL), so with the pin the sequence numbers of the two
 * runs are comparable. Sequence numbers are logged relative to the pinned value ("seq=+3"),
 * everything else as sent, in hex.
 *
 * Written for rnetlink's compat proof; not part of the library. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <linux/netlink.h>

#define PINNED_TIME 1700000000

time_t time(time_t *t)
{
	if (t)
		*t = PINNED_TIME;
	return PINNED_TIME;
}

static int is_netlink(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return 0;
	return ss.ss_family == AF_NETLINK;
}

static void hex(FILE *f, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%02x", (i % 32) ? "" : "\n      ", p[i]);
	fputc('\n', f);
}

static void log_send(const char *call, int fd, const void *to, socklen_t tolen,
		     const struct iovec *iov, size_t iovlen, int flags, ssize_t ret, int err)
{
	const char *path = getenv("RNL_SENDLOG");
	size_t total = 0, off = 0;
	unsigned char *buf;
	FILE *f;

	if (!path || !*path || !is_netlink(fd))
		return;
	for (size_t i = 0; i < iovlen; i++)
		total += iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return;
	for (size_t i = 0; i < iovlen; i++) {
		memcpy(buf + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	f = fopen(path, "a");
	if (!f) {
		free(buf);
		return;
	}
	fprintf(f, "%s bytes=%zu iovecs=%zu flags=%#x", call, total, iovlen, flags);
	if (to && tolen >= sizeof(struct sockaddr_nl)) {
		const struct sockaddr_nl *nl = to;
		fprintf(f, " to=nl(pid=%u,groups=%#x)", nl->nl_pid, nl->nl_groups);
	}
	if (ret < 0)
		fprintf(f, " -> -1 (%s)\n", strerror(err));
	else
		fprintf(f, " -> %zd\n", ret);
	off = 0;
	while (total - off >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		size_t len, body;

		memcpy(&h, buf + off, sizeof(h));
		len = h.nlmsg_len;
		if (len < sizeof(h) || len > total - off)
			break;
		fprintf(f, "  msg len=%u type=%u flags=%#x seq=%+lld pid=%u", h.nlmsg_len,
			h.nlmsg_type, h.nlmsg_flags, (long long)h.nlmsg_seq - PINNED_TIME,
			h.nlmsg_pid);
		body = len - sizeof(h);
		if (body)
			hex(f, buf + off + sizeof(h), body);
		else
			fputc('\n', f);
		off += NLMSG_ALIGN(len) < total - off ? NLMSG_ALIGN(len) : total - off;
	}
	if (off < total) {
		fprintf(f, "  tail %zu bytes", total - off);
		hex(f, buf + off, total - off);
	}
	fclose(f);
	free(buf);
}

ssize_t send(int fd, const void *b, size_t n, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);
	struct iovec iov = { (void *)b, n };
	ssize_t ret;
	int err;

	if (!real)
		real = dlsym(RTLD_NEXT, "send");
	ret = real(fd, b, n, flags);
	err = errno;
	log_send("send", fd, NULL, 0, &iov, 1, flags, ret, err);
	errno = err;
	return ret;
}

ssize_t sendto(int fd, const void *b, size_t n, int flags, const struct sockaddr *to,
	       socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int, const struct sockaddr *, socklen_t);
	struct iovec iov = { (void *)b, n };
	ssize_t ret;
	int err;

	if (!real)
		real = dlsym(RTLD_NEXT, "sendto");
	ret = real(fd, b, n, flags, to, tolen);
	err = errno;
	log_send("sendto", fd, to, to ? tolen : 0, &iov, 1, flags, ret, err);
	errno = err;
	return ret;
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	ssize_t ret;
	int err;

	if (!real)
		real = dlsym(RTLD_NEXT, "sendmsg");
	ret = real(fd, m, flags);
	err = errno;
	log_send("sendmsg", fd, m->msg_name, m->msg_namelen, m->msg_iov, m->msg_iovlen, flags,
		 ret, err);
	errno = err;
	return ret;
}
