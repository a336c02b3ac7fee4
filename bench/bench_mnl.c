/*
 * libmnl: mnl_socket, mnl_nlmsg_put_header, mnl_socket_recvfrom into a 64 KiB buffer (the
 * raw loop's size; MNL_SOCKET_BUFFER_SIZE would be 8 KiB), mnl_cb_run, and mnl_attr_parse
 * with the usual mnl_attr_type_valid callback. See bench.h.
 */
#include "bench.h"
#include <libmnl/libmnl.h>

static char buf[65536];
static struct mnl_socket *nl;
static unsigned int portid;

struct parse {
	const struct nlattr **tb;
	int max;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	struct parse *p = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, (uint16_t)p->max) < 0)
		return MNL_CB_OK;
	if (!p->tb[type])
		p->tb[type] = attr;
	return MNL_CB_OK;
}

static void object(struct bench *b, const struct nlmsghdr *n)
{
	const struct nlattr *tb[BENCH_MAXATTR + 1];
	struct parse p = { tb, b->w->maxattr };
	int dst, dst2, idx;
	uint32_t index;

	memset(tb, 0, sizeof(tb[0]) * (b->w->maxattr + 1));
	if (mnl_attr_parse(n, b->w->hdrlen, attr_cb, &p) < 0)
		return;

	bench_key_types(b, &dst, &dst2, &idx);
	if (!tb[dst] && dst2 >= 0)
		dst = dst2;
	index = bench_header_index(b, n);
	if (idx >= 0 && tb[idx] && mnl_attr_get_payload_len(tb[idx]) >= 4)
		index = mnl_attr_get_u32(tb[idx]);
	if (tb[dst])
		bench_account(b, mnl_attr_get_payload(tb[dst]), mnl_attr_get_payload_len(tb[dst]),
			      index);
	else
		bench_account(b, NULL, 0, index);
}

static int data_cb(const struct nlmsghdr *n, void *data)
{
	struct bench *b = data;

	if (bench_is_object(b, n))
		object(b, n);
	if (b->w->kind == WL_LISTEN && b->objects >= b->limit)
		return MNL_CB_STOP;
	return MNL_CB_OK;
}

static void open_socket(unsigned int groups)
{
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		bench_die("mnl_socket_open");
	if (mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0)
		bench_die("mnl_socket_bind");
	portid = mnl_socket_get_portid(nl);
}

static void dump(struct bench *b)
{
	char req[256];
	struct nlmsghdr *n = mnl_nlmsg_put_header(req);
	unsigned char *family;
	unsigned int seq = (unsigned int)time(NULL);
	ssize_t got;
	int r = MNL_CB_OK;

	n->nlmsg_type = b->w->msg_type;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	n->nlmsg_seq = seq;
	family = mnl_nlmsg_put_extra_header(n, b->w->hdrlen);
	*family = b->w->family;
	if (b->w->msg_type == RTM_GETLINK)
		mnl_attr_put_u32(n, IFLA_EXT_MASK, RTEXT_FILTER_VF);
	if (mnl_socket_sendto(nl, n, n->nlmsg_len) < 0)
		bench_die("mnl_socket_sendto");
	while (r > MNL_CB_STOP) {
		got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (got < 0)
			bench_die("mnl_socket_recvfrom");
		r = mnl_cb_run(buf, (size_t)got, seq, portid, data_cb, b);
	}
	if (r < 0)
		bench_die("mnl_cb_run");
}

static void talk_one(struct bench *b, int add, unsigned int i)
{
	char req[256];
	struct nlmsghdr *n = mnl_nlmsg_put_header(req);
	struct rtmsg *r;
	static unsigned int seq;
	uint32_t dst = bench_talk_dst(i);
	ssize_t got;
	int ret;

	if (!seq)
		seq = (unsigned int)time(NULL);
	n->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	n->nlmsg_seq = ++seq;
	r = mnl_nlmsg_put_extra_header(n, sizeof(*r));
	bench_talk_rtmsg(r, add);
	mnl_attr_put_u32(n, RTA_DST, dst);
	mnl_attr_put_u32(n, RTA_OIF, b->talk_oif);
	if (mnl_socket_sendto(nl, n, n->nlmsg_len) < 0)
		bench_die("mnl_socket_sendto");
	do {
		got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (got < 0)
			bench_die("mnl_socket_recvfrom");
		ret = mnl_cb_run(buf, (size_t)got, seq, portid, NULL, NULL);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		bench_die(add ? "add route" : "delete route");
	bench_account(b, &dst, 4, b->talk_oif);
}

static void listen_loop(struct bench *b)
{
	int r = MNL_CB_OK;

	while (r > MNL_CB_STOP) {
		ssize_t got = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (got < 0)
			bench_die("mnl_socket_recvfrom");
		r = mnl_cb_run(buf, (size_t)got, 0, 0, data_cb, b);
	}
	if (r < 0)
		bench_die("mnl_cb_run");
}

int main(int argc, char **argv)
{
	struct bench b;
	uint64_t t0;
	unsigned int i;

	bench_args(&b, argc, argv);
	if (b.w->kind == WL_LISTEN) {
		open_socket(RTMGRP_IPV4_ROUTE);
		bench_set_rcvbuf(mnl_socket_get_fd(nl));
		bench_listen_ready();
		t0 = bench_now_ns();
		listen_loop(&b);
	} else {
		t0 = bench_now_ns();
		open_socket(0);
		if (b.w->kind == WL_DUMP) {
			dump(&b);
		} else {
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 1, i);
			for (i = 0; i < b.talk_n; i++)
				talk_one(&b, 0, i);
		}
	}
	mnl_socket_close(nl);
	bench_report(&b, bench_now_ns() - t0);
	return 0;
}
