/*
 * libnl-3 / libnl-route-3: nl_socket with a custom NL_CB_VALID callback driven by
 * nl_recvmsgs_default, nlmsg_parse (no policy) per object. The socket's message buffer is set
 * to 64 KiB (nl_socket_set_msg_buf_size), as the raw loop's, which also turns off libnl's
 * default MSG_PEEK round trip. Talk is nlmsg_alloc_simple + nla_put + nl_send_auto +
 * nl_wait_for_ack. See bench.h.
 */
#include "bench.h"
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/socket.h>
#include <netlink/route/rtnl.h>

static struct nl_sock *sk;

static void object(struct bench *b, struct nlmsghdr *n)
{
	struct nlattr *tb[BENCH_MAXATTR + 1];
	int dst, dst2, idx;
	uint32_t index;

	if (nlmsg_parse(n, b->w->hdrlen, tb, b->w->maxattr, NULL) < 0)
		return;

	bench_key_types(b, &dst, &dst2, &idx);
	if (!tb[dst] && dst2 >= 0)
		dst = dst2;
	index = bench_header_index(b, n);
	if (idx >= 0 && tb[idx] && nla_len(tb[idx]) >= 4)
		index = nla_get_u32(tb[idx]);
	if (tb[dst])
		bench_account(b, nla_data(tb[dst]), (size_t)nla_len(tb[dst]), index);
	else
		bench_account(b, NULL, 0, index);
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct bench *b = arg;
	struct nlmsghdr *n = nlmsg_hdr(msg);

	if (bench_is_object(b, n))
		object(b, n);
	if (b->w->kind == WL_LISTEN && b->objects >= b->limit)
		return NL_STOP;
	return NL_OK;
}

static void open_socket(struct bench *b)
{
	sk = nl_socket_alloc();
	if (!sk)
		bench_die("nl_socket_alloc");
	if (b->w->kind == WL_LISTEN)
		nl_socket_disable_seq_check(sk);
	if (b->w->kind != WL_TALK &&
	    nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, b) < 0)
		bench_die("nl_socket_modify_cb");
	if (nl_connect(sk, NETLINK_ROUTE) < 0)
		bench_die("nl_connect");
	if (nl_socket_set_msg_buf_size(sk, 65536) < 0)
		bench_die("nl_socket_set_msg_buf_size");
}

static void dump(struct bench *b)
{
	struct nl_msg *msg = nlmsg_alloc_simple(b->w->msg_type, NLM_F_DUMP);
	unsigned char hdr[sizeof(struct ifinfomsg)];

	if (!msg)
		bench_die("nlmsg_alloc_simple");
	memset(hdr, 0, sizeof(hdr));
	hdr[0] = b->w->family;
	if (nlmsg_append(msg, hdr, b->w->hdrlen, NLMSG_ALIGNTO) < 0)
		bench_die("nlmsg_append");
	if (b->w->msg_type == RTM_GETLINK && nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_VF) < 0)
		bench_die("nla_put_u32");
	if (nl_send_auto(sk, msg) < 0)
		bench_die("nl_send_auto");
	nlmsg_free(msg);
	if (nl_recvmsgs_default(sk) < 0)
		bench_die("nl_recvmsgs_default");
}

static void talk_one(struct bench *b, int add, unsigned int i)
{
	struct nl_msg *msg = nlmsg_alloc_simple(add ? RTM_NEWROUTE : RTM_DELROUTE,
						add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct rtmsg r;
	uint32_t dst = bench_talk_dst(i);

	if (!msg)
		bench_die("nlmsg_alloc_simple");
	bench_talk_rtmsg(&r, add);
	if (nlmsg_append(msg, &r, sizeof(r), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, RTA_DST, dst) < 0 || nla_put_u32(msg, RTA_OIF, b->talk_oif) < 0)
		bench_die("nla_put");
	if (nl_send_auto(sk, msg) < 0) /* auto-ACK is on: NLM_F_ACK is set */
		bench_die("nl_send_auto");
	nlmsg_free(msg);
	if (nl_wait_for_ack(sk) < 0)
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
		open_socket(&b);
		if (nl_socket_add_membership(sk, RTNLGRP_IPV4_ROUTE) < 0)
			bench_die("nl_socket_add_membership");
		bench_set_rcvbuf(nl_socket_get_fd(sk));
		bench_listen_ready();
		t0 = bench_now_ns();
		while (b.objects < b.limit)
			if (nl_recvmsgs_default(sk) < 0)
				bench_die("nl_recvmsgs_default");
	} else {
		t0 = bench_now_ns();
		open_socket(&b);
		if (b.w->kind == WL_DUMP) {
			dump(&b);
		} else {
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 1, i);
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 0, i);
		}
	}
	nl_socket_free(sk);
	bench_report(&b, bench_now_ns() - t0);
	return 0;
}
