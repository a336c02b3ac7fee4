/*
 * rnetlink through the libnetlink API, as iproute2 uses it: rtnl_open, rtnl_*dump_req,
 * rtnl_dump_filter, parse_rtattr, rtnl_talk (answer NULL: the library asks for the ACK) and
 * rtnl_listen. Built against the installed library through pkg-config. See bench.h.
 */
#include "bench.h"
#include <libnetlink.h>

static struct rtnl_handle rth = { .fd = -1 };

static void object(struct bench *b, struct nlmsghdr *n)
{
	struct rtattr *tb[BENCH_MAXATTR + 1];
	int len = (int)n->nlmsg_len - NLMSG_LENGTH(b->w->hdrlen);
	int dst, dst2, idx;
	uint32_t index;

	if (len < 0)
		return;
	parse_rtattr(tb, b->w->maxattr,
		     (struct rtattr *)((char *)NLMSG_DATA(n) + NLMSG_ALIGN(b->w->hdrlen)), len);

	bench_key_types(b, &dst, &dst2, &idx);
	if (!tb[dst] && dst2 >= 0)
		dst = dst2;
	index = bench_header_index(b, n);
	if (idx >= 0 && tb[idx] && RTA_PAYLOAD(tb[idx]) >= 4)
		index = rta_getattr_u32(tb[idx]);
	if (tb[dst])
		bench_account(b, RTA_DATA(tb[dst]), RTA_PAYLOAD(tb[dst]), index);
	else
		bench_account(b, NULL, 0, index);
}

static int dump_filter(struct nlmsghdr *n, void *arg)
{
	struct bench *b = arg;

	if (bench_is_object(b, n))
		object(b, n);
	return 0;
}

static int listen_filter(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct bench *b = arg;

	(void)ctrl;
	if (bench_is_object(b, n))
		object(b, n);
	return b->objects >= b->limit ? -1 : 0;
}

static void dump(struct bench *b)
{
	int r;

	switch (b->w->msg_type) {
	case RTM_GETROUTE: r = rtnl_routedump_req(&rth, b->w->family, NULL); break;
	case RTM_GETADDR: r = rtnl_addrdump_req(&rth, b->w->family, NULL); break;
	case RTM_GETNEIGH: r = rtnl_neighdump_req(&rth, b->w->family, NULL); break;
	default: r = rtnl_linkdump_req(&rth, b->w->family); break;
	}
	if (r < 0)
		bench_die("dump request");
	if (rtnl_dump_filter(&rth, dump_filter, b) < 0)
		bench_die("rtnl_dump_filter");
}

static void talk_one(struct bench *b, int add, unsigned int i)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[64];
	} req;
	uint32_t dst = bench_talk_dst(i);

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.n.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	req.n.nlmsg_flags = NLM_F_REQUEST | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	bench_talk_rtmsg(&req.r, add);
	addattr_l(&req.n, sizeof(req), RTA_DST, &dst, 4);
	addattr32(&req.n, sizeof(req), RTA_OIF, b->talk_oif);
	if (rtnl_talk(&rth, &req.n, NULL) < 0)
		bench_die(add ? "add route" : "delete route");
	bench_account(b, &dst, 4, b->talk_oif);
}

int main(int argc, char **argv)
{
	struct bench b;
	uint64_t t0;
	unsigned int i;

	bench_args(&b, argc, argv);
	if (b.w->kind == WL_LISTEN) {
		if (rtnl_open(&rth, RTMGRP_IPV4_ROUTE) < 0)
			bench_die("rtnl_open");
		bench_set_rcvbuf(rth.fd);
		bench_listen_ready();
		t0 = bench_now_ns();
		if (rtnl_listen(&rth, listen_filter, &b) != -1 || b.objects != b.limit)
			bench_die("rtnl_listen");
	} else {
		t0 = bench_now_ns();
		if (rtnl_open(&rth, 0) < 0)
			bench_die("rtnl_open");
		if (b.w->kind == WL_DUMP) {
			dump(&b);
		} else {
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 1, i);
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 0, i);
		}
	}
	rtnl_close(&rth);
	bench_report(&b, bench_now_ns() - t0);
	return 0;
}
