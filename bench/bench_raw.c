/*
 * The practical limit: one netlink socket, one request, recv() into a fixed 64 KiB buffer, the
 * messages and attributes walked by hand with the kernel's NLMSG_* / RTA_* macros. Talk is a
 * send()/recv()-ACK loop; listen is a recv() loop. See bench.h for the workloads.
 *
 * Built twice. bench_raw ("raw loop") parses every attribute of an object into a table, as the
 * library variants do. bench_rawmin ("raw-min", -DRAW_MIN) is the minimal loop: recv() into
 * 32 KiB, and RTA_OK/RTA_NEXT picking only the attributes it folds (the first of each type,
 * as a table would give), with the attribute types looked up once per run: no table to clear,
 * no callback. Both fold the same two fields, so their objects and sums agree.
 */
#include "bench.h"

#ifdef RAW_MIN
static unsigned char buf[32768];
static int key_dst, key_dst2, key_idx;
#else
static unsigned char buf[65536];
#endif
static int fd = -1;
static uint32_t portid;

static void open_socket(uint32_t groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	socklen_t len = sizeof(sa);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		bench_die("socket");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		bench_die("bind");
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		bench_die("getsockname");
	portid = sa.nl_pid;
}

#ifdef RAW_MIN
/* Pick the destination (first of key_dst, else first of key_dst2) and the index (first of
 * key_idx, at least 4 bytes) while walking the attributes once. */
static void object(struct bench *b, struct nlmsghdr *n)
{
	int len = (int)n->nlmsg_len - NLMSG_LENGTH(b->w->hdrlen);
	struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(n) + NLMSG_ALIGN(b->w->hdrlen));
	struct rtattr *dst = NULL, *dst2 = NULL, *idx = NULL;
	uint32_t index;

	if (len < 0)
		return;
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == key_dst) {
			if (!dst)
				dst = rta;
		} else if (rta->rta_type == key_idx) {
			if (!idx)
				idx = rta;
		} else if (rta->rta_type == key_dst2) {
			if (!dst2)
				dst2 = rta;
		}
	}
	if (!dst)
		dst = dst2;
	index = bench_header_index(b, n);
	if (idx && RTA_PAYLOAD(idx) >= 4)
		memcpy(&index, RTA_DATA(idx), 4);
	if (dst)
		bench_account(b, RTA_DATA(dst), RTA_PAYLOAD(dst), index);
	else
		bench_account(b, NULL, 0, index);
}
#else
/* Parse every attribute of one object into tb, read destination and index. */
static void object(struct bench *b, struct nlmsghdr *n)
{
	struct rtattr *tb[BENCH_MAXATTR + 1];
	int max = b->w->maxattr, len = (int)n->nlmsg_len - NLMSG_LENGTH(b->w->hdrlen);
	struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(n) + NLMSG_ALIGN(b->w->hdrlen));
	int dst, dst2, idx;
	uint32_t index;

	if (len < 0)
		return;
	memset(tb, 0, sizeof(tb[0]) * (max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= max && !tb[rta->rta_type])
			tb[rta->rta_type] = rta;

	bench_key_types(b, &dst, &dst2, &idx);
	if (!tb[dst] && dst2 >= 0)
		dst = dst2;
	index = bench_header_index(b, n);
	if (idx >= 0 && tb[idx] && RTA_PAYLOAD(tb[idx]) >= 4)
		memcpy(&index, RTA_DATA(tb[idx]), 4);
	if (tb[dst])
		bench_account(b, RTA_DATA(tb[dst]), RTA_PAYLOAD(tb[dst]), index);
	else
		bench_account(b, NULL, 0, index);
}
#endif

static void dump(struct bench *b)
{
	struct {
		struct nlmsghdr n;
		union {
			struct rtmsg r;
			struct ifaddrmsg a;
			struct ndmsg nd;
			struct ifinfomsg i;
		} u;
		struct rtattr ext;
		uint32_t ext_mask;
	} req;
	uint32_t seq = (uint32_t)time(NULL);

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(b->w->hdrlen);
	req.n.nlmsg_type = b->w->msg_type;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.n.nlmsg_seq = seq;
	req.u.r.rtm_family = b->w->family; /* first byte of every one of these headers */
	if (b->w->msg_type == RTM_GETLINK) {
		/* As rtnl_linkdump_req(AF_UNSPEC): IFLA_EXT_MASK = RTEXT_FILTER_VF. */
		req.ext.rta_type = IFLA_EXT_MASK;
		req.ext.rta_len = RTA_LENGTH(4);
		req.ext_mask = RTEXT_FILTER_VF;
		req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)) + RTA_LENGTH(4);
	}
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		bench_die("send");

	for (;;) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		int len = (int)got;
		struct nlmsghdr *n;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			bench_die("recv");
		}
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, len); n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_seq != seq || n->nlmsg_pid != portid)
				continue;
			if (n->nlmsg_type == NLMSG_DONE)
				return;
			if (n->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(n);
				errno = -e->error;
				bench_die("dump");
			}
			if (bench_is_object(b, n))
				object(b, n);
		}
	}
}

static void talk_one(struct bench *b, int add, unsigned int i)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		struct rtattr dst_a;
		uint32_t dst;
		struct rtattr oif_a;
		uint32_t oif;
	} req;
	static uint32_t seq;
	struct nlmsghdr *n;
	ssize_t got;
	int len;

	if (!seq)
		seq = (uint32_t)time(NULL);
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	req.n.nlmsg_seq = ++seq;
	bench_talk_rtmsg(&req.r, add);
	req.dst_a.rta_type = RTA_DST;
	req.dst_a.rta_len = RTA_LENGTH(4);
	req.dst = bench_talk_dst(i);
	req.oif_a.rta_type = RTA_OIF;
	req.oif_a.rta_len = RTA_LENGTH(4);
	req.oif = b->talk_oif;
	if (send(fd, &req, sizeof(req), 0) < 0)
		bench_die("send");
	for (;;) {
		got = recv(fd, buf, sizeof(buf), 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			bench_die("recv");
		}
		len = (int)got;
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, len); n = NLMSG_NEXT(n, len)) {
			struct nlmsgerr *e;

			if (n->nlmsg_seq != seq || n->nlmsg_pid != portid || n->nlmsg_type != NLMSG_ERROR)
				continue;
			e = NLMSG_DATA(n);
			if (e->error) {
				errno = -e->error;
				bench_die(add ? "add route" : "delete route");
			}
			bench_account(b, &req.dst, 4, req.oif);
			return;
		}
	}
}

static void listen_loop(struct bench *b)
{
	while (b->objects < b->limit) {
		ssize_t got = recv(fd, buf, sizeof(buf), 0);
		int len = (int)got;
		struct nlmsghdr *n;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			bench_die("recv");
		}
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, len); n = NLMSG_NEXT(n, len))
			if (bench_is_object(b, n))
				object(b, n);
	}
}

int main(int argc, char **argv)
{
	struct bench b;
	uint64_t t0;
	unsigned int i;

	bench_args(&b, argc, argv);
#ifdef RAW_MIN
	bench_key_types(&b, &key_dst, &key_dst2, &key_idx);
#endif
	if (b.w->kind == WL_LISTEN) {
		open_socket(RTMGRP_IPV4_ROUTE);
		bench_set_rcvbuf(fd);
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
	close(fd);
	bench_report(&b, bench_now_ns() - t0);
	return 0;
}
