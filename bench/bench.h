/*
 * Shared part of the benchmark programs (bench/bench_{raw,rnl,mnl,nl}.c): the workload table,
 * the per-object accounting every variant calls after parsing an object's attributes, the
 * request parameters (addresses, table, interface) of the talk workload, and the result line.
 *
 * Every program is run as
 *   bench_X route4|route6|addr|neigh|link            dump, parse every object
 *   bench_X talk N DEV                                add then delete N routes, one ACK each
 *   bench_X listen N                                  print "ready", wait for a line on stdin,
 *                                                     then receive N route notifications
 * and prints one line: "objects=<n> sum=<hex> ns=<elapsed> rss_kib=<VmHWM>". The runner
 * (bench/run.py) checks that objects and sum agree across variants.
 *
 * The per-object work is the same in every variant: parse all of the object's attributes into
 * a table indexed by type (with the library's parser), then read its destination (route:
 * RTA_DST, address: IFA_LOCAL or IFA_ADDRESS, neighbour: NDA_DST, link: IFLA_IFNAME) and its
 * interface index (route: RTA_OIF, the others: the fixed header) and fold them into `sum`.
 */
#ifndef BENCH_H
#define BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>

enum wl_kind { WL_DUMP, WL_TALK, WL_LISTEN };

struct workload {
	const char *name;
	enum wl_kind kind;
	uint16_t msg_type;	/* dump request type */
	uint8_t family;
	uint16_t hdrlen;	/* fixed header after the nlmsghdr */
	uint16_t maxattr;	/* parse table size - 1 */
	uint16_t obj_type;	/* type of the objects counted */
};

static const struct workload workloads[] = {
	{ "route4", WL_DUMP, RTM_GETROUTE, AF_INET, sizeof(struct rtmsg), RTA_MAX, RTM_NEWROUTE },
	{ "route6", WL_DUMP, RTM_GETROUTE, AF_INET6, sizeof(struct rtmsg), RTA_MAX, RTM_NEWROUTE },
	{ "addr", WL_DUMP, RTM_GETADDR, AF_INET, sizeof(struct ifaddrmsg), IFA_MAX, RTM_NEWADDR },
	{ "neigh", WL_DUMP, RTM_GETNEIGH, AF_INET, sizeof(struct ndmsg), NDA_MAX, RTM_NEWNEIGH },
	{ "link", WL_DUMP, RTM_GETLINK, AF_UNSPEC, sizeof(struct ifinfomsg), IFLA_MAX, RTM_NEWLINK },
	{ "talk", WL_TALK, 0, AF_INET, sizeof(struct rtmsg), RTA_MAX, 0 },
	{ "listen", WL_LISTEN, 0, AF_INET, sizeof(struct rtmsg), RTA_MAX, RTM_NEWROUTE },
};

/* Largest attribute table any workload needs. */
#define BENCH_MAXATTR (IFLA_MAX > RTA_MAX ? IFLA_MAX : RTA_MAX)

/* The talk workload's routes: 10.200.0.0 + i, /32, table BENCH_TALK_TABLE, dev argv[3]. */
#define BENCH_TALK_TABLE 100
#define BENCH_TALK_BASE 0x0ac80000u
/* The listen workload counts RTM_NEWROUTE notifications of this table (the runner adds them). */
#define BENCH_LISTEN_TABLE 101
/* Receive buffer (SO_RCVBUFFORCE) of every listen variant, so a burst fits without overrun. */
#define BENCH_LISTEN_RCVBUF (256 << 20)

struct bench {
	const struct workload *w;
	unsigned long objects;
	uint64_t sum;
	unsigned long limit;	/* listen: stop after this many objects */
	unsigned int talk_n;
	unsigned int talk_oif;
};

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void bench_die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Folds one object's destination (any length) and index into the order-independent sum. */
static inline void bench_account(struct bench *b, const void *key, size_t keylen, uint32_t index)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < keylen; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	h ^= index;
	b->sum += h * 0x9e3779b97f4a7c15ull;
	b->objects++;
}

/* Index carried by the fixed header (addr, neigh, link); 0 for routes (they use RTA_OIF). */
static inline uint32_t bench_header_index(const struct bench *b, const struct nlmsghdr *n)
{
	const void *h = (const char *)n + NLMSG_HDRLEN;

	switch (b->w->msg_type) {
	case RTM_GETADDR: return ((const struct ifaddrmsg *)h)->ifa_index;
	case RTM_GETNEIGH: return (uint32_t)((const struct ndmsg *)h)->ndm_ifindex;
	case RTM_GETLINK: return (uint32_t)((const struct ifinfomsg *)h)->ifi_index;
	default: return 0;
	}
}

/* Attribute types that hold the destination (second choice, or -1) and the index (or -1). */
static inline void bench_key_types(const struct bench *b, int *dst, int *dst2, int *idx)
{
	*dst2 = -1;
	*idx = -1;
	switch (b->w->msg_type) {
	case RTM_GETADDR: *dst = IFA_LOCAL; *dst2 = IFA_ADDRESS; break;
	case RTM_GETNEIGH: *dst = NDA_DST; break;
	case RTM_GETLINK: *dst = IFLA_IFNAME; break;
	default: *dst = RTA_DST; *idx = RTA_OIF; break; /* routes: dump, talk, listen */
	}
}

/* Is this message one of the objects to count (the listen workload: a table-101 route)? */
static inline int bench_is_object(const struct bench *b, const struct nlmsghdr *n)
{
	if (n->nlmsg_type != b->w->obj_type)
		return 0;
	if (b->w->kind == WL_LISTEN) {
		const struct rtmsg *r = (const struct rtmsg *)((const char *)n + NLMSG_HDRLEN);
		return r->rtm_table == BENCH_LISTEN_TABLE;
	}
	return 1;
}

/* Fills in the talk request's fixed header for route i (add or delete). */
static inline void bench_talk_rtmsg(struct rtmsg *r, int add)
{
	memset(r, 0, sizeof(*r));
	r->rtm_family = AF_INET;
	r->rtm_dst_len = 32;
	r->rtm_table = BENCH_TALK_TABLE;
	r->rtm_protocol = RTPROT_STATIC;
	r->rtm_scope = add ? RT_SCOPE_LINK : RT_SCOPE_NOWHERE;
	r->rtm_type = add ? RTN_UNICAST : 0;
}

static inline uint32_t bench_talk_dst(unsigned int i)
{
	return htonl(BENCH_TALK_BASE + i);
}

/* Parses argv into b; returns the workload. */
static inline const struct workload *bench_args(struct bench *b, int argc, char **argv)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	if (argc < 2)
		goto usage;
	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (strcmp(argv[1], workloads[i].name) == 0)
			b->w = &workloads[i];
	if (!b->w)
		goto usage;
	if (b->w->kind == WL_TALK) {
		if (argc != 4)
			goto usage;
		b->talk_n = (unsigned int)strtoul(argv[2], NULL, 0);
		b->talk_oif = if_nametoindex(argv[3]);
		if (!b->talk_oif)
			bench_die(argv[3]);
	} else if (b->w->kind == WL_LISTEN) {
		if (argc != 3)
			goto usage;
		b->limit = strtoul(argv[2], NULL, 0);
	} else if (argc != 2) {
		goto usage;
	}
	return b->w;
usage:
	fprintf(stderr, "usage: %s route4|route6|addr|neigh|link | talk N DEV | listen N\n", argv[0]);
	exit(2);
}

/* Listen: tell the runner we are subscribed, and wait until it has made the burst. */
static inline void bench_listen_ready(void)
{
	char line[16];

	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "bench: no go line on stdin\n");
		exit(1);
	}
}

static inline void bench_set_rcvbuf(int fd)
{
	int sz = BENCH_LISTEN_RCVBUF;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		bench_die("SO_RCVBUFFORCE");
}

/* Peak RSS of this program in KiB: VmHWM, the high-water mark of the process's own memory
 * since exec (getrusage's ru_maxrss would also count the parent's memory before the exec). */
static inline long bench_peak_rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static inline void bench_report(const struct bench *b, uint64_t ns)
{
	printf("objects=%lu sum=%016llx ns=%llu rss_kib=%ld\n", b->objects,
	       (unsigned long long)b->sum, (unsigned long long)ns, bench_peak_rss_kib());
}

#endif
