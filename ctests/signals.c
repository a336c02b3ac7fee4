/*
 * ctest: netns
 * ctest: no-valgrind: under valgrind a 1 ms timer interrupting every call makes this run for minutes
 *
 * EINTR is retried (spec 3.0 step 4, 3.7): with a 1 ms interval timer whose handler is
 * installed without SA_RESTART, a blocking rtnl_listen is interrupted hundreds of times while
 * it waits and still delivers the notification that comes later; a large dump and a series of
 * rtnl_talk calls complete with correct results while signals keep arriving.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <libnetlink.h>
#include <linux/if_link.h>
#include "ctest.h"

static volatile sig_atomic_t ticks;

static void on_tick(int sig)
{
	(void)sig;
	ticks++;
}

static void timer(int on)
{
	struct itimerval it = { { 0, on ? 1000 : 0 }, { 0, on ? 1000 : 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

static int count_routes(struct nlmsghdr *n, void *arg)
{
	if (n->nlmsg_type == RTM_NEWROUTE)
		(*(int *)arg)++;
	return 0;
}

static int stop_at_link(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	(void)ctrl;
	if (n->nlmsg_type != RTM_NEWLINK)
		return 0;
	*(int *)arg = 1;
	return -42;
}

/* RTM_NEWROUTE for 10.200.x.y/32 dev lo (add) or RTM_DELROUTE (delete). */
static int route(struct rtnl_handle *rth, int type, int i)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[64];
	} req;
	__u32 dst = htonl(0x0ac80000u | (unsigned)i), oif = 1;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_type = type;
	req.n.nlmsg_flags = NLM_F_REQUEST | (type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req.r.rtm_family = AF_INET;
	req.r.rtm_dst_len = 32;
	req.r.rtm_table = RT_TABLE_MAIN;
	req.r.rtm_protocol = RTPROT_STATIC;
	req.r.rtm_scope = RT_SCOPE_LINK;
	req.r.rtm_type = RTN_UNICAST;
	addattr_l(&req.n, sizeof(req), RTA_DST, &dst, 4);
	addattr32(&req.n, sizeof(req), RTA_OIF, oif);
	return rtnl_talk(rth, &req.n, NULL);
}

int main(void)
{
	struct sigaction sa;
	struct rtnl_handle rth, lrth;
	int count, seen = 0, r, status;
	pid_t child;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;
	sa.sa_flags = 0; /* no SA_RESTART: blocking calls fail with EINTR */
	sigaction(SIGALRM, &sa, NULL);

	if (system("ip link set lo up") != 0 || rtnl_open(&rth, 0) < 0)
		return 2;

	/* rtnl_talk under signals: 2000 adds, each acknowledged. */
	timer(1);
	for (int i = 0; i < 2000; i++) {
		r = route(&rth, RTM_NEWROUTE, i);
		CHECK_QUIET(r == 0, "route add %d: %d (errno %d)", i, r, errno);
	}

	/* A dump spanning many datagrams under signals. */
	count = 0;
	CHECK(rtnl_routedump_req(&rth, AF_INET, NULL) >= 0);
	CHECK_INT(rtnl_dump_filter(&rth, count_routes, &count), 0);
	timer(0);
	/* 2000 routes in main, plus the local table's routes for 127.0.0.0/8 on lo. */
	CHECK(count >= 2000 && count <= 2010);

	/* A blocked rtnl_listen, interrupted again and again, still gets the late notification. */
	if (rtnl_open(&lrth, RTMGRP_LINK) < 0)
		return 2;
	child = fork();
	if (child == 0) {
		usleep(300 * 1000);
		_exit(system("ip link add rnlsig0 type veth peer name rnlsig1") != 0);
	}
	ticks = 0;
	timer(1);
	r = rtnl_listen(&lrth, stop_at_link, &seen);
	timer(0);
	CHECK_INT(r, -42);
	CHECK_INT(seen, 1);
	CHECK(ticks >= 100);
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	rtnl_close(&lrth);
	rtnl_close(&rth);
	printf("signals delivered while listening: %d\n", (int)ticks);
	return ct_result("signals");
}
