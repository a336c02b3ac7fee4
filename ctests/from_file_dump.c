/*
 * ctest: netns
 *
 * A round trip through a file (spec 3.3 step 2, 3.8): three real dumps (links, IPv4 addresses,
 * IPv4 routes) written with rth.dump_fp, as `rtmon` does, then read back with rtnl_from_file.
 * In dump_fp mode the dump returns 0 and the filter is never called; the file holds whole
 * datagrams (our pid and each dump's seq, NLMSG_DONE at the end of each dump); rtnl_from_file
 * hands every message of the file to the handler byte for byte (compared with an independent
 * walk of the file) and with ctrl == NULL; the data messages match, in count, order, type and
 * identity, what ordinary dumps of the same state give.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdint.h>
#include <linux/if_addr.h>
#include <libnetlink.h>
#include "ctest.h"

#define MAXMSG 256

/* Identity of a data message: type plus the object's key (ifindex / address / dst+table). */
struct ident {
	uint16_t type;
	uint32_t a, b, c;
};

/* Field by field: the struct has padding after `type`, which assignment need not copy. */
static int same_ident(const struct ident *x, const struct ident *y)
{
	return x->type == y->type && x->a == y->a && x->b == y->b && x->c == y->c;
}

static struct ident ident_of(struct nlmsghdr *n)
{
	struct ident id = { .type = n->nlmsg_type };
	struct rtattr *tb[64] = { 0 };

	if (n->nlmsg_type == RTM_NEWLINK) {
		struct ifinfomsg *ifi = NLMSG_DATA(n);

		id.a = ifi->ifi_index;
		id.b = ifi->ifi_flags;
	} else if (n->nlmsg_type == RTM_NEWADDR) {
		struct ifaddrmsg *ifa = NLMSG_DATA(n);

		parse_rtattr(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(n));
		id.a = ifa->ifa_index;
		id.b = ifa->ifa_prefixlen;
		if (tb[IFA_LOCAL])
			id.c = rta_getattr_u32(tb[IFA_LOCAL]);
	} else if (n->nlmsg_type == RTM_NEWROUTE) {
		struct rtmsg *rtm = NLMSG_DATA(n);

		parse_rtattr(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(n));
		id.a = rtm->rtm_table | (rtm->rtm_type << 8) | (rtm->rtm_dst_len << 16);
		id.b = tb[RTA_DST] ? rta_getattr_u32(tb[RTA_DST]) : 0;
		id.c = tb[RTA_OIF] ? rta_getattr_u32(tb[RTA_OIF]) : 0;
	}
	return id;
}

/* ---- ordinary dumps -------------------------------------------------------------------- */

struct list {
	int n;
	struct ident id[MAXMSG];
	int filter_calls;
};

static int collect(struct nlmsghdr *n, void *arg)
{
	struct list *l = arg;

	l->filter_calls++;
	if (l->n < MAXMSG)
		l->id[l->n++] = ident_of(n);
	return 0;
}

static int never(struct nlmsghdr *n, void *arg)
{
	(void)n;
	(*(int *)arg)++;
	return 0;
}

enum { D_LINK, D_ADDR, D_ROUTE, ND };

static int request(struct rtnl_handle *rth, int which)
{
	switch (which) {
	case D_LINK:
		return rtnl_linkdump_req(rth, AF_UNSPEC);
	case D_ADDR:
		return rtnl_addrdump_req(rth, AF_INET, NULL);
	default:
		return rtnl_routedump_req(rth, AF_INET, NULL);
	}
}

/* ---- reading back ---------------------------------------------------------------------- */

struct back {
	const unsigned char *file;	/* the whole file, read independently */
	size_t size;
	size_t off;			/* where the next message should be */
	int calls;
	int ctrl_not_null;
	int mismatch_at;
	int n;
	int stop_on_done;		/* return -4 from the first NLMSG_DONE */
	struct nlmsghdr *copy[4 * MAXMSG];
};

static int reader(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct back *b = arg;
	const struct nlmsghdr *f = (const void *)(b->file + b->off);

	b->calls++;
	if (ctrl)
		b->ctrl_not_null++;
	if (b->off + sizeof(*f) > b->size || f->nlmsg_len != n->nlmsg_len ||
	    b->off + f->nlmsg_len > b->size || memcmp(f, n, n->nlmsg_len) != 0) {
		if (!b->mismatch_at)
			b->mismatch_at = b->calls;
		return -1;
	}
	b->off += NLMSG_ALIGN(n->nlmsg_len);
	if (b->n < 4 * MAXMSG) {
		b->copy[b->n] = malloc(n->nlmsg_len);
		memcpy(b->copy[b->n], n, n->nlmsg_len);
		b->n++;
	}
	if (b->stop_on_done && n->nlmsg_type == NLMSG_DONE)
		return -4;
	return 0;
}

int main(void)
{
	struct rtnl_handle rth = { .fd = -1 };
	struct list plain[ND];
	__u32 seqs[ND];
	int never_calls = 0, i, d;
	FILE *fp;
	long size;
	unsigned char *file;
	struct back b = { 0 };

	/* Some state to dump: lo up (addresses, local routes), a veth pair with addresses, a
	 * bridge, and routes. Interfaces other than lo stay down, so no traffic changes counters. */
	sh("ip link set lo up");
	sh("ip link add rt0 type veth peer name rt1");
	sh("ip link add rtbr0 type bridge");
	sh("ip addr add 10.31.0.1/24 dev rt0");
	sh("ip addr add 10.31.1.1/32 dev rt1");
	sh("ip addr add 127.0.0.9/8 dev lo");
	sh("ip route add blackhole 10.32.0.0/16");
	sh("ip route add unreachable 10.33.0.0/16 table 100");
	sh("ip route add prohibit 10.34.0.0/24");

	CHECK_INT(rtnl_open(&rth, 0), 0);

	/* Ordinary dumps first: the reference. */
	for (d = 0; d < ND; d++) {
		memset(&plain[d], 0, sizeof(plain[d]));
		CHECK(request(&rth, d) > 0);
		CHECK_INT(rtnl_dump_filter(&rth, collect, &plain[d]), 0);
	}
	CHECK_INT(plain[D_LINK].n, 4);	/* lo, rt0, rt1, rtbr0 */
	CHECK_INT(plain[D_ADDR].n, 4);	/* 127.0.0.1, 127.0.0.9, 10.31.0.1, 10.31.1.1 */
	CHECK(plain[D_ROUTE].n >= 3);

	/* The same dumps into a file. */
	fp = tmpfile();
	if (!fp)
		return 2;
	rth.dump_fp = fp;
	for (d = 0; d < ND; d++) {
		CHECK(request(&rth, d) > 0);
		seqs[d] = rth.dump;
		ct_capture_begin();
		CHECK_INT(rtnl_dump_filter(&rth, never, &never_calls), 0);
		CHECK_STR(ct_capture_end(), "");
	}
	rth.dump_fp = NULL;
	CHECK_INT(never_calls, 0);
	fflush(fp);
	size = ftell(fp);
	CHECK(size > 0);

	/* Read the file independently and check its structure. */
	file = malloc(size > 0 ? size : 1);
	rewind(fp);
	CHECK_INT(fread(file, 1, size, fp), size);
	{
		long off = 0;
		int dn = 0, count = 0;

		while (off + 16 <= size && dn < ND) {
			struct nlmsghdr *h = (void *)(file + off);

			CHECK_QUIET(h->nlmsg_len >= 16 && off + (long)h->nlmsg_len <= size,
				    "bad record at %ld: len %u", off, h->nlmsg_len);
			if (h->nlmsg_len < 16 || off + (long)h->nlmsg_len > size)
				break;
			CHECK_QUIET(h->nlmsg_seq == seqs[dn], "record at %ld: seq %u, want %u", off,
				    h->nlmsg_seq, seqs[dn]);
			CHECK_QUIET(h->nlmsg_pid == rth.local.nl_pid, "record at %ld: pid %u, want %u",
				    off, h->nlmsg_pid, rth.local.nl_pid);
			CHECK_QUIET(h->nlmsg_flags & NLM_F_MULTI, "record at %ld: flags %#x", off,
				    h->nlmsg_flags);
			off += NLMSG_ALIGN(h->nlmsg_len);
			if (h->nlmsg_type == NLMSG_DONE) {
				CHECK_QUIET(count == plain[dn].n, "dump %d: %d messages in the file, %d in a plain dump",
					    dn, count, plain[dn].n);
				dn++;
				count = 0;
			} else {
				count++;
			}
		}
		CHECK_INT(dn, ND);
		CHECK_INT(off, size);
	}

	/* Read it back through the library. */
	rewind(fp);
	b.file = file;
	b.size = size;
	ct_capture_begin();
	CHECK_INT(rtnl_from_file(fp, reader, &b), 0);
	CHECK_STR(ct_capture_end(), "");
	CHECK_INT(b.mismatch_at, 0);
	CHECK_INT(b.ctrl_not_null, 0);
	CHECK_INT(b.off, size);
	CHECK_INT(b.calls, plain[0].n + plain[1].n + plain[2].n + ND);

	/* The data messages are those of the plain dumps, in the same order. */
	{
		int k = 0;

		for (d = 0; d < ND; d++) {
			for (i = 0; i < plain[d].n && k < b.n; i++, k++) {
				struct ident got = ident_of(b.copy[k]);

				CHECK_QUIET(same_ident(&got, &plain[d].id[i]),
					    "dump %d message %d: type %u key %u/%u/%u, want %u %u/%u/%u", d, i,
					    got.type, got.a, got.b, got.c, plain[d].id[i].type,
					    plain[d].id[i].a, plain[d].id[i].b, plain[d].id[i].c);
			}
			CHECK_QUIET(k < b.n && b.copy[k]->nlmsg_type == NLMSG_DONE,
				    "dump %d does not end with NLMSG_DONE", d);
			k++;
		}
		CHECK_INT(k, b.n);
	}
	/* Spot checks on content: the veth's address and the bridge's name came through. */
	{
		int found_addr = 0, found_br = 0, k;

		for (k = 0; k < b.n; k++) {
			struct nlmsghdr *n = b.copy[k];
			struct rtattr *tb[IFLA_MAX + 1] = { 0 };

			if (n->nlmsg_type == RTM_NEWLINK) {
				parse_rtattr(tb, IFLA_MAX, IFLA_RTA(NLMSG_DATA(n)), IFLA_PAYLOAD(n));
				if (tb[IFLA_IFNAME] && !strcmp(rta_getattr_str(tb[IFLA_IFNAME]), "rtbr0"))
					found_br++;
			} else if (n->nlmsg_type == RTM_NEWADDR) {
				struct ident id = ident_of(n);

				if (id.c == inet_addr("10.31.0.1") && id.b == 24 &&
				    id.a == if_nametoindex("rt0"))
					found_addr++;
			}
		}
		CHECK_INT(found_br, 1);
		CHECK_INT(found_addr, 1);
	}

	/* The same file once more, stopping at the first NLMSG_DONE via the handler. */
	for (i = 0; i < b.n; i++)
		free(b.copy[i]);
	memset(&b, 0, sizeof(b));
	b.file = file;
	b.size = size;
	b.stop_on_done = 1;
	rewind(fp);
	CHECK_INT(rtnl_from_file(fp, reader, &b), -4);
	CHECK_INT(b.calls, plain[0].n + 1);
	CHECK_INT(b.mismatch_at, 0);
	CHECK_INT(ftell(fp), (long)b.off);

	for (i = 0; i < b.n; i++)
		free(b.copy[i]);
	free(file);
	fclose(fp);
	rtnl_close(&rth);
	return ct_result("from_file_dump");
}
