/*
 * Shared by ctests/netns.c and ctests/netns_race.c (rnl_open_netns*, issue 13): a named
 * network namespace made with `ip netns add` (unique name, deleted at exit, on SIGALRM,
 * SIGTERM and SIGINT too, since /run/netns is the host's), a veth pair with "nsv-here" in the
 * test's own namespace and "nsv-there" in the named one, and probes: which namespace this
 * thread is in, a socket's namespace cookie, a link dump that counts lo / nsv-here / nsv-there,
 * and a child process that lives in the named namespace.
 */
#ifndef RNL_NETNS_COMMON_H
#define RNL_NETNS_COMMON_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <rnetlink.h>
#include "ctest.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define HERE "nsv-here"
#define THERE "nsv-there"

static char ns_name[64];	/* the named namespace, "rnltest-netns-PID" */
static char ns_path[128];	/* /run/netns/NAME */
static int ns_created;

/* ---- setup, cleanup, alarm ------------------------------------------------------------------ */

static int real_stderr = 2;

static void delete_ns(void)
{
	char cmd[128];

	if (!ns_created)
		return;
	ns_created = 0;
	snprintf(cmd, sizeof(cmd), "ip netns del %s", ns_name);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed: %s\n", cmd);
}

/* A call that hangs (a listener in the wrong namespace never sees its address), or the
 * runner's timeout: say so, remove the named namespace (it lives in the host's /run/netns)
 * and fail. */
static void on_alarm(int sig)
{
	static const char msg[] = "netns test: timed out or killed\n";
	pid_t pid = -1;

	(void)sig;
	if (write(real_stderr, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	if (ns_created && (pid = fork()) == 0) {
		execlp("ip", "ip", "netns", "del", ns_name, (char *)NULL);
		_exit(127);
	}
	if (ns_created && pid > 0)
		waitpid(pid, NULL, 0);
	_exit(1);
}

/* ---- small probes --------------------------------------------------------------------------- */

static ino_t ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The calling thread's network namespace. */
static ino_t my_netns(void)
{
	return ino_of("/proc/thread-self/ns/net");
}

static uint64_t cookie(int fd)
{
	uint64_t v = 0;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &v, &len) < 0)
		return 0;
	return v;
}

struct links {
	int n, lo, here, there;
	int there_index;
};

static int link_cb(struct nlmsghdr *n, void *arg)
{
	struct links *l = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	const char *name;

	if (n->nlmsg_type != RTM_NEWLINK)
		return 0;
	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(ifi), IFLA_PAYLOAD(n), NLA_F_NESTED);
	l->n++;
	if (!tb[IFLA_IFNAME])
		return 0;
	name = rta_getattr_str(tb[IFLA_IFNAME]);
	if (!strcmp(name, "lo"))
		l->lo++;
	else if (!strcmp(name, HERE))
		l->here++;
	else if (!strcmp(name, THERE)) {
		l->there++;
		l->there_index = ifi->ifi_index;
	}
	return 0;
}

static int dump_links(struct rtnl_handle *rth, struct links *l)
{
	memset(l, 0, sizeof(*l));
	if (rtnl_linkdump_req(rth, AF_UNSPEC) < 0)
		return -1;
	return rtnl_dump_filter(rth, link_cb, l);
}

static uint64_t cookie_here, cookie_there;
static ino_t netns_here;

/* A child process that enters the named namespace and stays there until child_there_end():
 * its pid, with the descriptor that releases it in *release; -1 on failure. */
static inline pid_t child_there_start(int *release)
{
	int ready[2], hold[2];
	pid_t pid;
	char c;

	if (pipe(ready) < 0)
		return -1;
	if (pipe(hold) < 0) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = open(ns_path, O_RDONLY | O_CLOEXEC);

		close(ready[0]);
		close(hold[1]);
		if (fd < 0 || setns(fd, CLONE_NEWNET) < 0 || write(ready[1], "r", 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) > 0)
			;	/* until the parent closes its end */
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		close(ready[0]);
		close(hold[1]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return -1;
	}
	close(ready[0]);
	*release = hold[1];
	return pid;
}

/* Releases the child and returns its wait status. */
static inline int child_there_end(pid_t pid, int release)
{
	int status = -1;

	close(release);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Creates the named namespace and the veth pair, and records this namespace's identity
 * (netns_here, cookie_here). Exits with 2 if the setup fails. */
static void netns_setup(void)
{
	struct rtnl_handle probe;
	struct links l;

	real_stderr = dup(2);
	ct_setup_cleanup = delete_ns;
	signal(SIGALRM, on_alarm);
	signal(SIGTERM, on_alarm);
	signal(SIGINT, on_alarm);
	snprintf(ns_name, sizeof(ns_name), "rnltest-netns-%d", (int)getpid());
	snprintf(ns_path, sizeof(ns_path), "/run/netns/%s", ns_name);
	sh("ip netns add %s", ns_name);
	ns_created = 1;
	sh("ip link add " HERE " type veth peer name " THERE " netns %s", ns_name);
	sh("ip -n %s link show " THERE " > /dev/null", ns_name);
	netns_here = my_netns();
	CHECK(netns_here != 0);
	CHECK(ino_of(ns_path) != 0 && ino_of(ns_path) != netns_here);

	/* This namespace as the library sees it with a plain handle. */
	CHECK_INT(rtnl_open(&probe, 0), 0);
	cookie_here = cookie(probe.fd);
	CHECK(cookie_here != 0);
	CHECK_INT(dump_links(&probe, &l), 0);
	CHECK(l.lo == 1 && l.here == 1 && l.there == 0);
	rtnl_close(&probe);
}

/* What the open loops of both tests count. */
struct open_tally {
	int opened, in_there, here_after, dumped_there;
};

/* n opens of a handle in the named namespace, by descriptor (ns_fd) in odd rounds and by name
 * in even ones, each closed again: counts the opens that succeed, the handles whose socket is
 * in the named namespace (cookie_there), the rounds after which this thread is still in its
 * own namespace, and, every dump_every-th round, a link dump through the handle that sees
 * nsv-there and not nsv-here. */
static inline void open_rounds(int n, int ns_fd, int dump_every, struct open_tally *t)
{
	struct rtnl_handle rth;
	struct links l;
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		int r = (i & 1) ? rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, ns_fd)
				: rnl_open_netns(&rth, 0, NETLINK_ROUTE, ns_name);

		if (r == 0)
			t->opened++;
		if (r == 0 && cookie(rth.fd) == cookie_there)
			t->in_there++;
		if (my_netns() == netns_here)
			t->here_after++;
		if (r == 0 && i % dump_every == 0 && dump_links(&rth, &l) == 0 && l.there == 1 && l.here == 0)
			t->dumped_there++;
		rtnl_close(&rth);
	}
}

/* The thread both tests run beside the opens: it dumps this namespace's links until `stop`,
 * and counts every dump that does not show exactly lo and nsv-here (never nsv-there) or that
 * finds this thread outside the namespace. */
static atomic_int stop;

struct dumper {
	int dumps, wrong;
};

static void *dumper_main(void *arg)
{
	struct dumper *d = arg;
	struct rtnl_handle rth;
	struct links l;

	if (rtnl_open(&rth, 0) < 0) {
		d->wrong++;
		return NULL;
	}
	while (!atomic_load(&stop)) {
		if (dump_links(&rth, &l) != 0 || l.here != 1 || l.there != 0 || l.lo != 1 ||
		    my_netns() != netns_here)
			d->wrong++;
		d->dumps++;
	}
	rtnl_close(&rth);
	return NULL;
}

#endif
