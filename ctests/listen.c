/*
 * ctest: netns
 *
 * rtnl_listen (spec 3.7, differences 4 and the nsid = -1 rule) with notifications caused by
 * other processes:
 *  1. a child process creates a veth and adds/deletes an address through its own handle; the
 *     handler sees every notification with the child's pid/seq (no pid or seq filtering), ctrl
 *     non-NULL with nsid -1; 0 and positive handler returns go on, the negative one is returned
 *     exactly; stdout is flushed after each handler call (stdout is a fully buffered pipe and
 *     the child, in lock step, waits for each token before it causes the next notification);
 *  2. ENOBUFS: rcvbuf 4096, 3000 routes added while nobody reads; rtnl_listen prints exactly
 *     `netlink receive error No buffer space available (105)` once and keeps listening;
 *  3. LISTEN_ALL_NSID: notifications from a child's namespace carry the nsid assigned to it
 *     with RTM_NEWNSID (sent with rtnl_talk), local ones nsid -1;
 *  4. a > 16 KiB RTM_NEWLINK (400 long altnames) arrives whole;
 *  5. NULL handle / handler: -1, errno EINVAL.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/if_addr.h>
#include <linux/net_namespace.h>
#include <libnetlink.h>
#include "ctest.h"

/* A copy of the original stderr: the alarm can fire while fd 2 is being captured. */
static int real_stderr = 2;

static void on_alarm(int sig)
{
	static const char msg[] = "listen: timed out (a rtnl_listen call did not return)\n";

	(void)sig;
	if (write(real_stderr, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static char err[65536];

/* The name a notification is about: IFLA_IFNAME for links, the IPv4 address for addresses,
 * the IPv4 destination for routes, "-" otherwise. */
static void name_of(struct nlmsghdr *n, char *out, size_t size)
{
	struct rtattr *tb[64] = { 0 };

	snprintf(out, size, "-");
	switch (n->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (n->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
			return;
		parse_rtattr(tb, IFLA_MAX, IFLA_RTA(NLMSG_DATA(n)), IFLA_PAYLOAD(n));
		if (tb[IFLA_IFNAME])
			snprintf(out, size, "%s", rta_getattr_str(tb[IFLA_IFNAME]));
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR: {
		struct ifaddrmsg *ifa = NLMSG_DATA(n);

		if (n->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)) || ifa->ifa_family != AF_INET)
			return;
		parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
		if (tb[IFA_LOCAL])
			inet_ntop(AF_INET, RTA_DATA(tb[IFA_LOCAL]), out, size);
		break;
	}
	case RTM_NEWROUTE:
	case RTM_DELROUTE: {
		struct rtmsg *rtm = NLMSG_DATA(n);

		if (n->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)) || rtm->rtm_family != AF_INET)
			return;
		parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
		if (tb[RTA_DST])
			inet_ntop(AF_INET, RTA_DATA(tb[RTA_DST]), out, size);
		break;
	}
	}
}

/* One recorded notification. */
struct note {
	uint16_t type;
	uint32_t pid, seq;
	int ctrl_null;
	int nsid;
	char name[48];
};

struct rec {
	int n;
	struct note v[4096];
	int total;
	int ctrl_null;		/* calls with ctrl == NULL */
	int nsid_not_m1;	/* calls (without LISTEN_ALL_NSID) whose nsid was not -1 */
};

static void record(struct rec *r, struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n)
{
	struct note *v = r->n < (int)(sizeof(r->v) / sizeof(r->v[0])) ? &r->v[r->n++] : NULL;

	r->total++;
	if (!ctrl)
		r->ctrl_null++;
	if (!v)
		return;
	v->type = n->nlmsg_type;
	v->pid = n->nlmsg_pid;
	v->seq = n->nlmsg_seq;
	v->ctrl_null = !ctrl;
	v->nsid = ctrl ? ctrl->nsid : 12345;
	name_of(n, v->name, sizeof(v->name));
}

static const struct note *find(const struct rec *r, uint16_t type, const char *name)
{
	for (int i = 0; i < r->n; i++)
		if (r->v[i].type == type && !strcmp(r->v[i].name, name))
			return &r->v[i];
	return NULL;
}

/* ---- 1. notifications from another process, flushing ------------------------------------ */

struct shared {
	uint32_t child_pid;	/* the child's handle's nl_pid */
	uint32_t seq_add, seq_del;
	int talk_add, talk_del;
	int timeouts;
	char timed_out_on[64];
};

/* The child reads the listener's stdout until `token` shows up, at most 5 s. */
static int wait_token(int fd, char *acc, size_t *len, size_t cap, const char *token)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t k;

		acc[*len] = '\0';
		if (strstr(acc, token))
			return 0;
		if (poll(&p, 1, 5000) <= 0)
			return -1;
		k = read(fd, acc + *len, cap - 1 - *len);
		if (k <= 0)
			return -1;
		*len += k;
	}
}

static int child_addr(struct rtnl_handle *c, int type, int ifindex, const char *addr, uint32_t *seq)
{
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg ifa;
		char buf[128];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)),
		.n.nlmsg_flags = NLM_F_REQUEST | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0),
		.n.nlmsg_type = type,
		.ifa.ifa_family = AF_INET,
		.ifa.ifa_prefixlen = 24,
		.ifa.ifa_index = ifindex,
	};
	uint32_t a = inet_addr(addr);
	int r;

	addattr32(&req.n, sizeof(req), IFA_LOCAL, a);
	addattr32(&req.n, sizeof(req), IFA_ADDRESS, a);
	r = rtnl_talk(c, &req.n, NULL);
	*seq = req.n.nlmsg_seq;
	return r;
}

static void notif_child(int rd, struct shared *sh_)
{
	static char acc[65536];
	size_t len = 0;
	struct rtnl_handle c = { .fd = -1 };
	int devnull = open("/dev/null", O_WRONLY), ifindex;

	/* ip's stdout must not reach the listener's pipe */
	dup2(devnull, 1);
#define STEP(tok) do { \
	if (wait_token(rd, acc, &len, sizeof(acc), tok) < 0) { \
		sh_->timeouts++; \
		snprintf(sh_->timed_out_on, sizeof(sh_->timed_out_on), "%s", tok); \
	} \
} while (0)

	if (system("ip link add lsn0 type veth peer name lsn1") != 0)
		_exit(3);
	STEP("16:lsn0;");
	ifindex = if_nametoindex("lsn0");
	if (rtnl_open(&c, 0) < 0)
		_exit(4);
	sh_->child_pid = c.local.nl_pid;
	sh_->talk_add = child_addr(&c, RTM_NEWADDR, ifindex, "10.9.0.1", &sh_->seq_add);
	STEP("20:10.9.0.1;");
	sh_->talk_del = child_addr(&c, RTM_DELADDR, ifindex, "10.9.0.1", &sh_->seq_del);
	STEP("21:10.9.0.1;");
	rtnl_close(&c);
	if (system("ip link del lsn0") != 0)
		_exit(5);
	STEP("17:lsn0;");
#undef STEP
	_exit(0);
}

static struct rec rec1;

static int h_notif(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct rec *r = arg;
	char name[48];

	record(r, ctrl, n);
	if (ctrl && ctrl->nsid != -1)
		r->nsid_not_m1++;
	name_of(n, name, sizeof(name));
	/* no newline: only an explicit flush makes this visible through the pipe */
	printf("%u:%s;", n->nlmsg_type, name);
	if (n->nlmsg_type == RTM_DELLINK && !strcmp(name, "lsn0"))
		return -42;
	/* neither 0 nor a positive value ends the loop */
	return n->nlmsg_type == RTM_NEWADDR || n->nlmsg_type == RTM_DELADDR ? 1 : 0;
}

static void test_notifications(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	struct shared *shm = mmap(NULL, sizeof(struct shared), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int pfd[2], saved_out, status = -1, ret;
	pid_t pid;
	const struct note *v;

	if (shm == MAP_FAILED || pipe(pfd) < 0)
		exit(2);
	memset(shm, 0, sizeof(*shm));
	CHECK_INT(rtnl_open(&rth, RTMGRP_LINK | RTMGRP_IPV4_IFADDR), 0);

	/* stdout becomes a fully buffered pipe whose reader is the child */
	signal(SIGPIPE, SIG_IGN);
	fflush(stdout);
	saved_out = dup(1);
	dup2(pfd[1], 1);
	close(pfd[1]);
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);

	pid = fork();
	if (pid == 0) {
		close(1);
		notif_child(pfd[0], shm);
	}
	close(pfd[0]);

	alarm(25);
	ct_capture_begin();
	ret = rtnl_listen(&rth, h_notif, &rec1);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	alarm(0);

	fflush(stdout);
	dup2(saved_out, 1);
	close(saved_out);
	waitpid(pid, &status, 0);
	signal(SIGPIPE, SIG_DFL);

	CHECK_INT(ret, -42);
	CHECK_STR(err, "");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(shm->timeouts, 0);
	if (shm->timeouts)
		fprintf(stderr, "the child never saw \"%s\" on the listener's stdout (not flushed?)\n",
			shm->timed_out_on);
	CHECK_INT(shm->talk_add, 0);
	CHECK_INT(shm->talk_del, 0);
	CHECK_INT(rec1.ctrl_null, 0);
	CHECK_INT(rec1.nsid_not_m1, 0);

	v = find(&rec1, RTM_NEWLINK, "lsn0");
	CHECK(v != NULL);
	if (v)
		CHECK(v->pid != rth.local.nl_pid);
	/* the address notifications carry the child's pid and seq: nothing is filtered */
	v = find(&rec1, RTM_NEWADDR, "10.9.0.1");
	CHECK(v != NULL);
	if (v) {
		CHECK_INT(v->pid, shm->child_pid);
		CHECK_INT(v->seq, shm->seq_add);
		CHECK(v->pid != rth.local.nl_pid);
	}
	v = find(&rec1, RTM_DELADDR, "10.9.0.1");
	CHECK(v != NULL);
	if (v) {
		CHECK_INT(v->pid, shm->child_pid);
		CHECK_INT(v->seq, shm->seq_del);
	}
	/* the stopping message is the last one handled */
	CHECK(rec1.n > 0 && rec1.v[rec1.n - 1].type == RTM_DELLINK &&
	      !strcmp(rec1.v[rec1.n - 1].name, "lsn0"));
	/* NEWLINK lsn0 < NEWADDR < DELADDR < DELLINK, in that order */
	{
		int a = -1, b = -1, c = -1, d = -1;

		for (int i = 0; i < rec1.n; i++) {
			const struct note *x = &rec1.v[i];

			if (a < 0 && x->type == RTM_NEWLINK && !strcmp(x->name, "lsn0"))
				a = i;
			if (b < 0 && x->type == RTM_NEWADDR && !strcmp(x->name, "10.9.0.1"))
				b = i;
			if (c < 0 && x->type == RTM_DELADDR && !strcmp(x->name, "10.9.0.1"))
				c = i;
			if (d < 0 && x->type == RTM_DELLINK && !strcmp(x->name, "lsn0"))
				d = i;
		}
		CHECK(a >= 0 && a < b && b < c && c < d);
	}
	rtnl_close(&rth);
	munmap(shm, sizeof(*shm));
}

/* ---- 2. ENOBUFS ------------------------------------------------------------------------ */

struct burst {
	struct rec *r;
	int burst_seen;		/* RTM_NEWROUTE in 10.100.0.0/14 */
	int ticks_seen;
};

static struct rec rec2;

static int h_burst(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct burst *b = arg;
	char name[48];

	record(b->r, ctrl, n);
	if (ctrl && ctrl->nsid != -1)
		b->r->nsid_not_m1++;
	name_of(n, name, sizeof(name));
	if (n->nlmsg_type == RTM_NEWROUTE && !strncmp(name, "10.10", 5))
		b->burst_seen++;
	if (n->nlmsg_type == RTM_NEWROUTE && !strncmp(name, "10.210.0.", 9)) {
		b->ticks_seen++;
		return -7;
	}
	return 0;
}

static void test_enobufs(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	char path[] = "/tmp/rnl-listen-XXXXXX", cmd[128];
	volatile int *stop = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct burst b = { .r = &rec2 };
	int fd, val = 0, ret, status = -1;
	socklen_t vl = sizeof(val);
	FILE *f;
	pid_t pid;

	if (stop == MAP_FAILED)
		exit(2);
	*stop = 0;
	rcvbuf = 4096;
	CHECK_INT(rtnl_open(&rth, RTMGRP_IPV4_ROUTE), 0);
	rcvbuf = 1024 * 1024;
	/* the kernel doubles SO_RCVBUF: the library used the global */
	CHECK_INT(getsockopt(rth.fd, SOL_SOCKET, SO_RCVBUF, &val, &vl), 0);
	CHECK_INT(val, 8192);

	/* 3000 route notifications while nobody reads */
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	for (int i = 0; i < 3000; i++)
		fprintf(f, "route add blackhole 10.%d.%d.%d/32\n", 100 + i / 65536, (i / 256) % 256, i % 256);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	sh("%s", cmd);
	unlink(path);

	/* a ticker adds one more route every 100 ms until told to stop */
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, 1);
		for (int i = 1; i < 250 && !*stop; i++) {
			snprintf(cmd, sizeof(cmd), "ip route add blackhole 10.210.0.%d/32", i);
			if (system(cmd) != 0)
				_exit(3);
			usleep(100 * 1000);
		}
		_exit(0);
	}

	alarm(25);
	ct_capture_begin();
	ret = rtnl_listen(&rth, h_burst, &b);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	alarm(0);
	*stop = 1;
	waitpid(pid, &status, 0);

	CHECK_INT(ret, -7);
	CHECK_STR(err, "netlink receive error No buffer space available (105)\n");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(b.ticks_seen, 1);
	/* some of the burst was queued before the overrun, and most of it was dropped */
	CHECK(b.burst_seen >= 1);
	CHECK(b.burst_seen < 3000);
	CHECK_INT(rec2.ctrl_null, 0);
	CHECK_INT(rec2.nsid_not_m1, 0);

	/* the handle keeps working: another listen sees the next tick */
	b.ticks_seen = 0;
	*stop = 0;
	pid = fork();
	if (pid == 0) {
		if (system("ip route add blackhole 10.210.0.250/32 >/dev/null") != 0)
			_exit(3);
		_exit(0);
	}
	alarm(25);
	ct_capture_begin();
	ret = rtnl_listen(&rth, h_burst, &b);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	alarm(0);
	waitpid(pid, &status, 0);
	CHECK_INT(ret, -7);
	CHECK_STR(err, "");
	CHECK_INT(b.ticks_seen, 1);
	rtnl_close(&rth);
	munmap((void *)stop, sizeof(int));
}

/* ---- 3. LISTEN_ALL_NSID ---------------------------------------------------------------- */

#define PEER_NSID 77

static struct rec rec3;

static int h_nsid(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct rec *r = arg;
	char name[48];

	record(r, ctrl, n);
	name_of(n, name, sizeof(name));
	if (n->nlmsg_type == RTM_NEWADDR && !strcmp(name, "10.77.0.1"))
		return -5;
	return 0;
}

static int set_nsid(struct rtnl_handle *rth, pid_t pid, int nsid)
{
	struct {
		struct nlmsghdr n;
		struct rtgenmsg g;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtgenmsg)),
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_type = RTM_NEWNSID,
		.g.rtgen_family = AF_UNSPEC,
	};

	addattr32(&req.n, sizeof(req), NETNSA_NSID, nsid);
	addattr32(&req.n, sizeof(req), NETNSA_PID, pid);
	return rtnl_talk(rth, &req.n, NULL);
}

/* RTM_GETNSID for a pid: the nsid in the answer, or -100 on failure. */
static int get_nsid(struct rtnl_handle *rth, pid_t pid)
{
	struct {
		struct nlmsghdr n;
		struct rtgenmsg g;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtgenmsg)),
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_type = RTM_GETNSID,
		.g.rtgen_family = AF_UNSPEC,
	};
	struct nlmsghdr *answer = NULL;
	struct rtattr *tb[NETNSA_MAX + 1] = { 0 };
	int nsid = -100;

	addattr32(&req.n, sizeof(req), NETNSA_PID, pid);
	if (rtnl_talk(rth, &req.n, &answer) < 0)
		return -100;
	if (answer->nlmsg_type == RTM_NEWNSID) {
		parse_rtattr(tb, NETNSA_MAX, NETNS_RTA(NLMSG_DATA(answer)), NETNS_PAYLOAD(answer));
		if (tb[NETNSA_NSID])
			nsid = rta_getattr_s32(tb[NETNSA_NSID]);
	}
	free(answer);
	return nsid;
}

static void test_all_nsid(void)
{
	struct rtnl_handle rth = { .fd = -1 }, tk = { .fd = -1 };
	int ready[2], go[2], ret, status = -1, nlo = 0, n127 = 0, nlocal = 0, bad_local = 0,
	    bad_peer = 0;
	char c = 0;
	pid_t pid;
	const struct note *v;

	if (pipe(ready) < 0 || pipe(go) < 0)
		exit(2);
	CHECK_INT(rtnl_open(&rth, RTMGRP_LINK | RTMGRP_IPV4_IFADDR), 0);
	CHECK_INT(rth.flags & RTNL_HANDLE_F_LISTEN_ALL_NSID, 0);
	CHECK_INT(rtnl_listen_all_nsid(&rth), 0);
	CHECK_INT(rth.flags & RTNL_HANDLE_F_LISTEN_ALL_NSID, RTNL_HANDLE_F_LISTEN_ALL_NSID);
	CHECK_INT(rtnl_open(&tk, 0), 0);

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, 1);
		close(ready[0]);
		close(go[1]);
		c = unshare(CLONE_NEWNET) == 0 ? 'R' : 'F';
		if (write(ready[1], &c, 1) != 1 || c != 'R')
			_exit(3);
		if (read(go[0], &c, 1) != 1)
			_exit(4);
		if (system("ip link set lo up") != 0 || system("ip addr add 10.77.0.1/8 dev lo") != 0)
			_exit(5);
		/* stay alive (and the namespace with it) until the parent is done */
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	CHECK_INT(read(ready[0], &c, 1), 1);
	CHECK_INT(c, 'R');

	CHECK_INT(set_nsid(&tk, pid, PEER_NSID), 0);
	CHECK_INT(get_nsid(&tk, pid), PEER_NSID);
	/* a local notification, queued before the peer's */
	sh("ip link add nsl0 type veth peer name nsl1");
	CHECK_INT(write(go[1], "G", 1), 1);

	alarm(25);
	ct_capture_begin();
	ret = rtnl_listen(&rth, h_nsid, &rec3);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	alarm(0);
	close(go[1]);
	waitpid(pid, &status, 0);
	close(ready[0]);

	CHECK_INT(ret, -5);
	CHECK_STR(err, "");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_INT(rec3.ctrl_null, 0);
	for (int i = 0; i < rec3.n; i++) {
		const struct note *x = &rec3.v[i];

		/* this namespace's lo is never touched: "lo" and 127.x/10.77.x are the peer's */
		if (!strcmp(x->name, "lo") || !strncmp(x->name, "127.", 4) || !strncmp(x->name, "10.77.", 6)) {
			if (x->nsid != PEER_NSID)
				bad_peer++;
			if (!strcmp(x->name, "lo"))
				nlo++;
			else if (!strncmp(x->name, "127.", 4))
				n127++;
		} else if (!strncmp(x->name, "nsl", 3)) {
			nlocal++;
			if (x->nsid != -1)
				bad_local++;
		}
	}
	CHECK(nlo >= 1);
	CHECK(n127 >= 1);
	CHECK(nlocal >= 1);
	CHECK_INT(bad_peer, 0);
	CHECK_INT(bad_local, 0);
	v = find(&rec3, RTM_NEWLINK, "nsl0");
	CHECK(v && v->nsid == -1);
	v = find(&rec3, RTM_NEWADDR, "10.77.0.1");
	CHECK(v && v->nsid == PEER_NSID);
	if (v && v->nsid != PEER_NSID)
		fprintf(stderr, "peer notification nsid %d\n", v->nsid);

	sh("ip link del nsl0");
	rtnl_close(&tk);
	rtnl_close(&rth);
}

/* ---- 4. a notification larger than 16 KiB ---------------------------------------------- */

#define NALT 400

struct big {
	int seen;
	uint32_t len;
	int altnames;
	int bad_names;
	int dup_names;
	unsigned char have[NALT + 1];
	uint32_t mtu;
	int nsid;
};

static void altname(char *out, size_t size, int i)
{
	snprintf(out, size, "n%03d_%0120d", i, i);
}

static int h_big(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct big *b = arg;
	struct rtattr *tb[IFLA_MAX + 1] = { 0 }, *a;
	char want[160];

	if (n->nlmsg_type != RTM_NEWLINK || n->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return 0;
	/* the kernel marks IFLA_PROP_LIST with NLA_F_NESTED */
	parse_rtattr_flags(tb, IFLA_MAX, IFLA_RTA(NLMSG_DATA(n)), IFLA_PAYLOAD(n), NLA_F_NESTED);
	if (!tb[IFLA_IFNAME] || strcmp(rta_getattr_str(tb[IFLA_IFNAME]), "big0") ||
	    !tb[IFLA_MTU] || rta_getattr_u32(tb[IFLA_MTU]) != 1400)
		return 0;
	b->seen++;
	b->len = n->nlmsg_len;
	b->mtu = rta_getattr_u32(tb[IFLA_MTU]);
	b->nsid = ctrl ? ctrl->nsid : 12345;
	if (tb[IFLA_PROP_LIST]) {
		rtattr_for_each_nested(a, tb[IFLA_PROP_LIST]) {
			const char *s;
			int i;

			if ((a->rta_type & ~NLA_F_NESTED) != IFLA_ALT_IFNAME)
				continue;
			b->altnames++;
			s = rta_getattr_str(a);
			if (sscanf(s, "n%03d_", &i) != 1 || i < 1 || i > NALT) {
				b->bad_names++;
				continue;
			}
			altname(want, sizeof(want), i);
			if (strcmp(s, want))
				b->bad_names++;
			else if (b->have[i]++)
				b->dup_names++;
		}
	}
	return -9;
}

static void test_big(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	char path[] = "/tmp/rnl-listen-XXXXXX", cmd[128], name[160];
	struct big b = { 0 };
	int fd, ret, missing = 0;
	FILE *f;

	sh("ip link add big0 type veth peer name big1");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	for (int i = 1; i <= NALT; i++) {
		altname(name, sizeof(name), i);
		fprintf(f, "link property add dev big0 altname %s\n", name);
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ip -batch %s", path);
	sh("%s", cmd);
	unlink(path);

	CHECK_INT(rtnl_open(&rth, RTMGRP_LINK), 0);
	sh("ip link set dev big0 mtu 1400");

	alarm(25);
	ct_capture_begin();
	ret = rtnl_listen(&rth, h_big, &b);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	alarm(0);

	CHECK_INT(ret, -9);
	CHECK_STR(err, "");
	CHECK_INT(b.seen, 1);
	CHECK(b.len > 16384 * 3);
	CHECK_INT(b.mtu, 1400);
	CHECK_INT(b.nsid, -1);
	CHECK_INT(b.altnames, NALT);
	CHECK_INT(b.bad_names, 0);
	CHECK_INT(b.dup_names, 0);
	for (int i = 1; i <= NALT; i++)
		missing += !b.have[i];
	CHECK_INT(missing, 0);

	sh("ip link del big0");
	rtnl_close(&rth);
}

/* ---- 5. argument checks ---------------------------------------------------------------- */

static int h_never(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	(void)ctrl;
	(void)n;
	(*(int *)arg)++;
	return -1;
}

static void test_null_args(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	int calls = 0;

	CHECK_INT(rtnl_open(&rth, RTMGRP_LINK), 0);
	alarm(10);
	ct_capture_begin();
	errno = 0;
	CHECK_INT(rtnl_listen(NULL, h_never, &calls), -1);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	CHECK_INT(rtnl_listen(&rth, NULL, &calls), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(ct_capture_end(), "");
	alarm(0);
	CHECK_INT(calls, 0);
	rtnl_close(&rth);
}

int main(void)
{
	real_stderr = dup(2);
	signal(SIGALRM, on_alarm);
	test_notifications();
	test_enobufs();
	test_all_nsid();
	test_big();
	test_null_args();
	return ct_result("listen");
}
