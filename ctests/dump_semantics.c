/*
 * ctest: netns
 *
 * The rules of rtnl_dump_filter* (spec 3.3, differences 2 and 8 of 0.2) on real dumps of
 * ~3000 IPv4 routes (several datagrams): nc_flags cleared in what the filter sees; a
 * negative filter result returned as is, at any point of the dump, after which the handle
 * dumps again (the kernel would answer EBUSY to a dump request while the old one is
 * pending) and talks; a NULL filter drains the dump and returns 0; dump_fp raw mode (filter
 * never called, the file replays through rtnl_from_file into the same messages); errors in
 * NLMSG_DONE (strict checking, with and without ext-ack) and in NLMSG_ERROR (EBUSY, genl,
 * sock_diag) with their exact texts, return values and errno, RTNL_HANDLE_F_SUPPRESS_NLERR
 * and the error handler bits; messages of other sequence numbers or ports are skipped, and a
 * dump whose rth.dump matches nothing blocks (in a child, ended by alarm()).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/fib_rules.h>
#include <linux/genetlink.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <libnetlink.h>
#include "ctest.h"

#define NROUTES 1500
#define GUARD 60	/* seconds any one section may take (valgrind included) */

static struct rtnl_handle rth = { .fd = -1 };
static int base;	/* IPv4 routes in all tables */

static void on_alarm(int sig)
{
	static const char msg[] = "dump_semantics: a call blocked (SIGALRM): failing\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* ---- the counting filter --------------------------------------------------------------- */

#define MAGIC 0xfeedf00du

struct cnt {
	unsigned magic;
	struct rtnl_handle *h;
	int n;
	int multi_set, multi_clear;
	int bad_seq, bad_pid, not_route;
	int abort_at;		/* 0: never */
	int abort_val;
	int abort_errno;	/* errno the filter leaves when it aborts */
	int first_type, first_flags;
};

static int bad_arg;

static int count(struct nlmsghdr *n, void *arg)
{
	struct cnt *c = arg;

	if (!c || c->magic != MAGIC) {
		bad_arg++;
		return 0;
	}
	if (c->n++ == 0) {
		c->first_type = n->nlmsg_type;
		c->first_flags = n->nlmsg_flags;
	}
	if (n->nlmsg_flags & NLM_F_MULTI)
		c->multi_set++;
	else
		c->multi_clear++;
	if (n->nlmsg_seq != c->h->dump)
		c->bad_seq++;
	if (n->nlmsg_pid != c->h->local.nl_pid)
		c->bad_pid++;
	if (n->nlmsg_type != RTM_NEWROUTE)
		c->not_route++;
	if (c->abort_at && c->n == c->abort_at) {
		errno = c->abort_errno;
		return c->abort_val;
	}
	return 0;
}

static struct cnt new_cnt(struct rtnl_handle *h)
{
	struct cnt c = { .magic = MAGIC, .h = h };
	return c;
}

static char errtext[4096];

/* rtnl_dump_filter* with stderr captured into errtext and errno reported in *err. */
#define CAPTURED(expr, errp) ({ \
	int cap_r; \
	ct_capture_begin(); \
	errno = 0; \
	cap_r = (expr); \
	*(errp) = errno; \
	snprintf(errtext, sizeof(errtext), "%s", ct_capture_end()); \
	cap_r; \
})

static int route_req(struct rtnl_handle *h)
{
	int r = rtnl_routedump_req(h, AF_INET, NULL);

	CHECK_INT(r, 156);
	return r;
}

/* A complete, successful route dump on `h`: every route reaches the filter. */
static void full_dump_ok(struct rtnl_handle *h, int line)
{
	struct cnt c = new_cnt(h);
	int e, r;

	alarm(GUARD);
	route_req(h);
	bad_arg = 0;
	r = CAPTURED(rtnl_dump_filter(h, count, &c), &e);
	alarm(0);
	CHECK_QUIET(r == 0 && c.n == base && *errtext == 0 && c.bad_seq == 0 && c.bad_pid == 0 &&
		    c.not_route == 0 && bad_arg == 0,
		    "full dump after line %d: r %d, %d messages (want %d), stderr \"%s\", bad seq %d pid %d type %d",
		    line, r, c.n, base, errtext, c.bad_seq, c.bad_pid, c.not_route);
}
#define FULL_DUMP_OK(h) full_dump_ok((h), __LINE__)

/* The next dump on `h` is accepted and complete (a dump still pending in the kernel would
 * make it refuse this one with EBUSY): the three IPv4 rules, cheaper than the routes. */
static void next_dump_ok(struct rtnl_handle *h, int line)
{
	struct cnt c = new_cnt(h);
	int e, r, q;

	alarm(GUARD);
	q = rtnl_ruledump_req(h, AF_INET);
	bad_arg = 0;
	r = CAPTURED(rtnl_dump_filter(h, count, &c), &e);
	alarm(0);
	CHECK_QUIET(q == 28 && r == 0 && c.n == 3 && *errtext == 0 && c.bad_seq == 0 &&
		    c.bad_pid == 0 && c.first_type == RTM_NEWRULE && bad_arg == 0,
		    "rule dump after line %d: request %d, r %d, %d messages (want 3), stderr \"%s\", bad seq %d pid %d, type %d",
		    line, q, r, c.n, errtext, c.bad_seq, c.bad_pid, c.first_type);
}
#define NEXT_DUMP_OK(h) next_dump_ok((h), __LINE__)

/* ---- nc_flags ------------------------------------------------------------------------- */

static void test_nc_flags(void)
{
	struct cnt c = new_cnt(&rth);
	int e, r;

	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, base);
	CHECK_INT(c.multi_set, base);	/* the kernel marks dump messages NLM_F_MULTI */

	c = new_cnt(&rth);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter_nc(&rth, count, &c, NLM_F_MULTI), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, base);
	CHECK_INT(c.multi_clear, base);	/* cleared before the filter sees it */
	CHECK_INT(c.bad_seq + c.bad_pid + c.not_route, 0);

	/* clearing a bit the messages do not carry changes nothing */
	c = new_cnt(&rth);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter_nc(&rth, count, &c, NLM_F_DUMP_INTR), &e);
	CHECK_INT(r, 0);
	CHECK_INT(c.multi_set, base);
	alarm(0);
}

/* ---- the dump spans several datagrams ----------------------------------------------------- */

static unsigned char big[1 << 20];

static void test_datagrams(void)
{
	int datagrams = 0, msgs = 0, done = 0;

	alarm(GUARD);
	route_req(&rth);
	while (!done) {
		ssize_t len = recv(rth.fd, big, sizeof(big), MSG_TRUNC);
		struct nlmsghdr *h = (struct nlmsghdr *)big;
		int rem = (int)len;

		CHECK(len > 0 && len <= (ssize_t)sizeof(big));
		if (len <= 0 || len > (ssize_t)sizeof(big))
			break;
		datagrams++;
		for (; NLMSG_OK(h, rem); h = NLMSG_NEXT(h, rem)) {
			if (h->nlmsg_seq != rth.dump)
				continue;
			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				done = 1;
			else
				msgs++;
		}
	}
	alarm(0);
	CHECK_INT(msgs, base);
	CHECK(datagrams >= 3);
	printf("route dump of %d messages: %d datagrams\n", msgs, datagrams);
	FULL_DUMP_OK(&rth);
}

/* ---- a filter aborting the dump (difference 8) ---------------------------------------------- */

static void abort_at(int at, int val, int err, int line)
{
	struct cnt c = new_cnt(&rth);
	int e, r;

	c.abort_at = at;
	c.abort_val = val;
	c.abort_errno = err;
	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	alarm(0);
	CHECK_QUIET(r == val, "abort at %d (line %d): returned %d, want %d", at, line, r, val);
	CHECK_QUIET(c.n == at, "abort at %d (line %d): filter called %d times", at, line, c.n);
	CHECK_QUIET(e == err, "abort at %d (line %d): errno %d, want the filter's %d", at, line, e, err);
	CHECK_QUIET(*errtext == 0, "abort at %d (line %d): stderr \"%s\"", at, line, errtext);
	/* the next dump on the handle works */
	NEXT_DUMP_OK(&rth);
}

static void test_abort(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_GETLINK,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.i.ifi_index = 1,
	};
	struct nlmsghdr *answer = NULL;
	struct cnt c;
	int e, r;

	abort_at(1, -42, 0, __LINE__);
	abort_at(2, -1, EDOM, __LINE__);
	abort_at(100, -EINTR, EINTR, __LINE__);
	abort_at(base / 2, -1000000, 0, __LINE__);
	abort_at(base - 1, -2, ENOBUFS, __LINE__);
	abort_at(base, -3, 0, __LINE__);	/* the last message: only DONE is left */
	FULL_DUMP_OK(&rth);
	abort_at(1, INT32_MIN, 0, __LINE__);

	/* after an aborted dump a talk gets its own answer, not a left-over of the dump */
	c = new_cnt(&rth);
	c.abort_at = 10;
	c.abort_val = -5;
	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -5);
	r = CAPTURED(rtnl_talk(&rth, &req.n, &answer), &e);
	alarm(0);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK(answer != NULL);
	if (answer) {
		CHECK_INT(answer->nlmsg_type, RTM_NEWLINK);
		CHECK_INT(answer->nlmsg_seq, req.n.nlmsg_seq);
		CHECK_INT(((struct ifinfomsg *)NLMSG_DATA(answer))->ifi_index, 1);
		free(answer);
	}
	FULL_DUMP_OK(&rth);

	/* a one-datagram dump (rules) aborted at its first message; then routes again */
	c = new_cnt(&rth);
	c.abort_at = 1;
	c.abort_val = -9;
	alarm(GUARD);
	CHECK_INT(rtnl_ruledump_req(&rth, AF_INET), 28);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	alarm(0);
	CHECK_INT(r, -9);
	CHECK_INT(c.n, 1);
	CHECK_INT(c.first_type, RTM_NEWRULE);
	FULL_DUMP_OK(&rth);

	/* two aborts in a row, then a different dump type */
	abort_at(3, -4, 0, __LINE__);
	c = new_cnt(&rth);
	c.abort_at = 7;
	c.abort_val = -4;
	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -4);
	c = new_cnt(&rth);
	CHECK_INT(rtnl_ruledump_req(&rth, AF_INET), 28);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	alarm(0);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, 3);
	CHECK_INT(c.first_type, RTM_NEWRULE);
}

/* ---- NULL filter (difference 2) ------------------------------------------------------------ */

static int fail_strict(struct nlmsghdr *nlh, int reqlen)
{
	(void)reqlen;
	((struct rtmsg *)NLMSG_DATA(nlh))->rtm_dst_len = 8;
	return 0;
}

static void test_null_filter(struct rtnl_handle *strict)
{
	int e, r;

	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, NULL, NULL), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	NEXT_DUMP_OK(&rth);

	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter_nc(&rth, NULL, NULL, NLM_F_MULTI), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	NEXT_DUMP_OK(&rth);

	/* with an error in DONE it returns what a filter would have got */
	CHECK(rtnl_routedump_req(strict, AF_INET, fail_strict) > 0);
	r = CAPTURED(rtnl_dump_filter(strict, NULL, NULL), &e);
	alarm(0);
	CHECK_INT(r, -1);
	CHECK_INT(e, EINVAL);
	CHECK_STR(errtext, "Error: Invalid values in header for FIB dump request.\n");
	NEXT_DUMP_OK(strict);
}

/* ---- dump_fp raw mode ---------------------------------------------------------------------- */

struct msgs {
	int n;
	struct nlmsghdr *m[NROUTES + 100];
	int done, after_done, ctrl_not_null;
	__u32 seq, pid;
	int bad_hdr;
	long bytes;
};

static int keep(struct nlmsghdr *n, void *arg)
{
	struct msgs *l = arg;

	if (l->n < NROUTES + 100) {
		l->m[l->n] = malloc(n->nlmsg_len);
		memcpy(l->m[l->n], n, n->nlmsg_len);
	}
	l->n++;
	return 0;
}

static int replay(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct msgs *l = arg;

	if (ctrl)
		l->ctrl_not_null++;
	l->bytes += NLMSG_ALIGN(n->nlmsg_len);
	if (n->nlmsg_seq != l->seq || n->nlmsg_pid != l->pid)
		l->bad_hdr++;
	if (l->done)
		l->after_done++;
	if (n->nlmsg_type == NLMSG_DONE) {
		l->done++;
		return 0;
	}
	return keep(n, arg);
}

static void free_msgs(struct msgs *l)
{
	for (int i = 0; i < l->n && i < NROUTES + 100; i++)
		free(l->m[i]);
	l->n = 0;
}

static struct msgs normal, raw;

static int fail_strict(struct nlmsghdr *nlh, int reqlen);

static void test_dump_fp(struct rtnl_handle *strict)
{
	struct cnt c = new_cnt(&rth);
	FILE *f = tmpfile();
	int e, r, same = 0;
	long size;

	CHECK(f != NULL);
	if (!f)
		return;
	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, keep, &normal), &e);
	CHECK_INT(r, 0);
	CHECK_INT(normal.n, base);

	rth.dump_fp = f;
	route_req(&rth);
	raw.seq = rth.dump;
	raw.pid = rth.local.nl_pid;
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	rth.dump_fp = NULL;
	alarm(0);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, 0);	/* the filter is never called */
	fflush(f);
	size = ftell(f);
	CHECK(size > base * 20);

	rewind(f);
	r = CAPTURED(rtnl_from_file(f, replay, &raw), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(raw.n, base);
	CHECK_INT(raw.done, 1);
	CHECK_INT(raw.after_done, 0);
	CHECK_INT(raw.bad_hdr, 0);
	CHECK_INT(raw.ctrl_not_null, 0);
	CHECK_INT(raw.bytes, size);	/* whole datagrams, nothing else */
	for (int i = 0; i < base && i < normal.n && i < raw.n; i++) {
		struct nlmsghdr *a = normal.m[i], *b = raw.m[i];

		if (a->nlmsg_len == b->nlmsg_len && a->nlmsg_type == b->nlmsg_type &&
		    a->nlmsg_flags == b->nlmsg_flags &&
		    memcmp(NLMSG_DATA(a), NLMSG_DATA(b), a->nlmsg_len - NLMSG_HDRLEN) == 0)
			same++;
	}
	CHECK_INT(same, base);
	free_msgs(&normal);
	free_msgs(&raw);
	fclose(f);
	FULL_DUMP_OK(&rth);

	/* raw mode still handles an error in DONE; the file gets that datagram */
	f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	c = new_cnt(strict);
	strict->dump_fp = f;
	alarm(GUARD);
	CHECK(rtnl_routedump_req(strict, AF_INET, fail_strict) > 0);
	r = CAPTURED(rtnl_dump_filter(strict, count, &c), &e);
	alarm(0);
	strict->dump_fp = NULL;
	CHECK_INT(r, -1);
	CHECK_INT(e, EINVAL);
	CHECK_STR(errtext, "Error: Invalid values in header for FIB dump request.\n");
	CHECK_INT(c.n, 0);
	fflush(f);
	size = ftell(f);
	rewind(f);
	{
		union { struct nlmsghdr h; unsigned char b[1024]; } done;
		size_t got = fread(&done, 1, sizeof(done), f);

		CHECK(size >= 20 && got == (size_t)size);
		if (got >= 20) {
			CHECK_INT(done.h.nlmsg_type, NLMSG_DONE);
			CHECK_INT(done.h.nlmsg_seq, strict->dump);
			CHECK_INT(NLMSG_ALIGN(done.h.nlmsg_len), size);
			CHECK_INT(*(int *)NLMSG_DATA(&done.h), -EINVAL);
		}
	}
	fclose(f);
	NEXT_DUMP_OK(strict);
}

/* ---- errors in NLMSG_DONE ----------------------------------------------------------------- */

static int add_priority(struct nlmsghdr *nlh, int reqlen)
{
	return addattr32(nlh, reqlen, RTA_PRIORITY, 5);
}

static int add_table(struct nlmsghdr *nlh, int reqlen)
{
	return addattr32(nlh, reqlen, RTA_TABLE, 12345);
}

struct herr {
	unsigned magic;
	int calls, ret, type, err;
};

static int errh(struct nlmsghdr *n, void *arg)
{
	struct herr *h = arg;

	if (!h || h->magic != MAGIC) {
		bad_arg++;
		return RTNL_LET_NLERR;
	}
	h->calls++;
	h->type = n->nlmsg_type;
	h->err = errno;
	return h->ret;
}

static void done_error(struct rtnl_handle *h, req_filter_fn_t fn, int want_errno,
		       const char *want_text, int line)
{
	struct cnt c = new_cnt(h);
	int e, r;

	alarm(GUARD);
	CHECK(rtnl_routedump_req(h, AF_INET, fn) > 0);
	r = CAPTURED(rtnl_dump_filter(h, count, &c), &e);
	alarm(0);
	CHECK_QUIET(r == -1 && e == want_errno && c.n == 0 && strcmp(errtext, want_text) == 0,
		    "line %d: returned %d errno %d (want -1, %d), %d messages, stderr \"%s\" (want \"%s\")",
		    line, r, e, want_errno, c.n, errtext, want_text);
}

static void test_done_errors(struct rtnl_handle *s)
{
	struct herr he = { .magic = MAGIC };
	struct cnt c;
	int e, r, off = 0, on = 1;

	CHECK(s->flags & RTNL_HANDLE_F_STRICT_CHK);
	done_error(s, fail_strict, EINVAL, "Error: Invalid values in header for FIB dump request.\n", __LINE__);
	done_error(s, add_priority, EINVAL, "Error: Unsupported attribute in dump request.\n", __LINE__);
	/* ENOENT is silent only without an ext-ack message */
	done_error(s, add_table, ENOENT, "Error: ipv4: FIB table does not exist.\n", __LINE__);
	NEXT_DUMP_OK(s);

	/* SUPPRESS_NLERR concerns NLMSG_ERROR only: the DONE error is still printed */
	s->flags |= RTNL_HANDLE_F_SUPPRESS_NLERR;
	done_error(s, fail_strict, EINVAL, "Error: Invalid values in header for FIB dump request.\n", __LINE__);
	s->flags &= ~RTNL_HANDLE_F_SUPPRESS_NLERR;

	/* without ext-ack the kernel sends the bare errno */
	CHECK_INT(setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &off, sizeof(off)), 0);
	done_error(s, add_table, ENOENT, "", __LINE__);
	done_error(s, fail_strict, EINVAL, "RTNETLINK answers: Invalid argument\n", __LINE__);
	CHECK_INT(setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on)), 0);
	NEXT_DUMP_OK(s);

	/* the error handler: RTNL_SUPPRESS_NLMSG_DONE_NLERR makes it a successful end */
	he.ret = RTNL_SUPPRESS_NLMSG_DONE_NLERR;
	c = new_cnt(s);
	bad_arg = 0;
	alarm(GUARD);
	CHECK(rtnl_routedump_req(s, AF_INET, fail_strict) > 0);
	r = CAPTURED(rtnl_dump_filter_errhndlr(s, count, &c, errh, &he), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(he.calls, 1);
	CHECK_INT(he.type, NLMSG_DONE);
	CHECK_INT(he.err, EINVAL);	/* errno is set before the handler runs */
	CHECK_INT(c.n, 0);
	CHECK_INT(bad_arg, 0);

	/* RTNL_LET_NLERR, and the ERROR bit alone, leave a DONE error as it is */
	he.ret = RTNL_LET_NLERR;
	he.calls = 0;
	CHECK(rtnl_routedump_req(s, AF_INET, fail_strict) > 0);
	r = CAPTURED(rtnl_dump_filter_errhndlr(s, count, &c, errh, &he), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EINVAL);
	CHECK_STR(errtext, "Error: Invalid values in header for FIB dump request.\n");
	CHECK_INT(he.calls, 1);

	he.ret = RTNL_SUPPRESS_NLMSG_ERROR_NLERR;
	he.calls = 0;
	CHECK(rtnl_routedump_req(s, AF_INET, add_table) > 0);
	r = CAPTURED(rtnl_dump_filter_errhndlr(s, count, &c, errh, &he), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, ENOENT);
	CHECK_STR(errtext, "Error: ipv4: FIB table does not exist.\n");
	CHECK_INT(he.calls, 1);

	/* a successful dump never calls the handler */
	he.ret = RTNL_SUPPRESS_NLERR;
	he.calls = 0;
	c = new_cnt(s);
	route_req(s);
	r = CAPTURED(rtnl_dump_filter_errhndlr(s, count, &c, errh, &he), &e);
	alarm(0);
	CHECK_INT(r, 0);
	CHECK_INT(c.n, base);
	CHECK_INT(he.calls, 0);
	NEXT_DUMP_OK(s);
}

/* ---- errors in NLMSG_ERROR ---------------------------------------------------------------- */

/* Starts a route dump, then sends a second dump request with the same sequence number: the
 * kernel refuses it with NLMSG_ERROR EBUSY, queued after the first datagram of the routes. */
static void start_busy(void)
{
	struct {
		struct nlmsghdr n;
		struct fib_rule_hdr r;
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct fib_rule_hdr)),
		.n.nlmsg_type = RTM_GETRULE,
		.n.nlmsg_flags = NLM_F_DUMP | NLM_F_REQUEST,
		.r.family = AF_INET,
	};

	route_req(&rth);
	req.n.nlmsg_seq = rth.dump;
	CHECK_INT(rtnl_send(&rth, &req, sizeof(req)), (int)sizeof(req));
}

static void test_error_msgs(void)
{
	struct herr he = { .magic = MAGIC };
	struct cnt c;
	int e, r;

	alarm(GUARD);
	/* EBUSY: printed, -1, errno; the filter saw the routes of the first datagram only */
	c = new_cnt(&rth);
	start_busy();
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EBUSY);
	CHECK_STR(errtext, "RTNETLINK answers: Device or resource busy\n");
	CHECK(c.n > 0 && c.n < base);
	CHECK_INT(c.not_route, 0);
	/* the routes are still coming (same rth.dump): a NULL filter reads them to DONE */
	r = CAPTURED(rtnl_dump_filter(&rth, NULL, NULL), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	NEXT_DUMP_OK(&rth);

	/* SUPPRESS_NLERR: silent, still -1 and errno */
	rth.flags |= RTNL_HANDLE_F_SUPPRESS_NLERR;
	c = new_cnt(&rth);
	start_busy();
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EBUSY);
	CHECK_STR(errtext, "");
	r = CAPTURED(rtnl_dump_filter(&rth, NULL, NULL), &e);
	CHECK_INT(r, 0);
	rth.flags &= ~RTNL_HANDLE_F_SUPPRESS_NLERR;
	NEXT_DUMP_OK(&rth);

	/* error handler with RTNL_SUPPRESS_NLMSG_ERROR_NLERR: the error is skipped and the
	 * route dump goes on to its DONE */
	c = new_cnt(&rth);
	he.ret = RTNL_SUPPRESS_NLMSG_ERROR_NLERR;
	start_busy();
	bad_arg = 0;
	r = CAPTURED(rtnl_dump_filter_errhndlr(&rth, count, &c, errh, &he), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, base);
	CHECK_INT(c.not_route, 0);
	CHECK_INT(he.calls, 1);
	CHECK_INT(he.type, NLMSG_ERROR);
	CHECK_INT(he.err, EBUSY);
	CHECK_INT(bad_arg, 0);
	NEXT_DUMP_OK(&rth);

	/* the DONE bit alone does not suppress an NLMSG_ERROR */
	c = new_cnt(&rth);
	he.ret = RTNL_SUPPRESS_NLMSG_DONE_NLERR;
	he.calls = 0;
	start_busy();
	r = CAPTURED(rtnl_dump_filter_errhndlr(&rth, count, &c, errh, &he), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EBUSY);
	CHECK_STR(errtext, "RTNETLINK answers: Device or resource busy\n");
	CHECK_INT(he.calls, 1);
	r = CAPTURED(rtnl_dump_filter(&rth, NULL, NULL), &e);
	CHECK_INT(r, 0);
	NEXT_DUMP_OK(&rth);

	/* a request the kernel has no dump for: NLMSG_ERROR EOPNOTSUPP, printed (only DONE
	 * errors and sock_diag are silent for it) */
	c = new_cnt(&rth);
	CHECK_INT(rtnl_mdbdump_req(&rth, AF_INET), 24);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EOPNOTSUPP);
	CHECK_STR(errtext, "RTNETLINK answers: Operation not supported\n");
	rth.flags = RTNL_HANDLE_F_SUPPRESS_NLERR;
	CHECK_INT(rtnl_mdbdump_req(&rth, AF_INET), 24);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EOPNOTSUPP);
	CHECK_STR(errtext, "");
	rth.flags = 0;
	CHECK_INT(c.n, 0);
	alarm(0);
	NEXT_DUMP_OK(&rth);
}

/* NLMSG_ERROR on other protocols: genl (with an ext-ack message, which dump filtering does
 * not print) and sock_diag (ENOENT silent there). */
static void test_other_protocols(void)
{
	struct rtnl_handle g = { .fd = -1 }, d = { .fd = -1 };
	struct cnt c;
	int e, r;
	struct {
		struct genlmsghdr g;
		struct rtattr a;
		unsigned char v[4];
	} bad_len = {
		.g = { .cmd = CTRL_CMD_GETPOLICY, .version = 1 },
		.a = { .rta_len = 5, .rta_type = CTRL_ATTR_FAMILY_ID },
	};
	struct {
		struct genlmsghdr g;
		struct rtattr a;
		char v[8];
	} no_family = {
		.g = { .cmd = CTRL_CMD_GETPOLICY, .version = 1 },
		.a = { .rta_len = 12, .rta_type = CTRL_ATTR_FAMILY_NAME },
		.v = "nosuch",
	};
	struct inet_diag_req_v2 q = { .sdiag_family = AF_KEY };

	alarm(GUARD);
	CHECK_INT(rtnl_open_byproto(&g, 0, NETLINK_GENERIC), 0);
	rtnl_set_strict_dump(&g);
	c = new_cnt(&g);
	CHECK_INT(rtnl_dump_request(&g, GENL_ID_CTRL, &bad_len, sizeof(bad_len)), 16 + (int)sizeof(bad_len));
	r = CAPTURED(rtnl_dump_filter(&g, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EINVAL);
	CHECK_STR(errtext, "RTNETLINK answers: Invalid argument\n");
	CHECK_INT(rtnl_dump_request(&g, GENL_ID_CTRL, &no_family, sizeof(no_family)), 16 + (int)sizeof(no_family));
	r = CAPTURED(rtnl_dump_filter(&g, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, ENOENT);
	CHECK_STR(errtext, "RTNETLINK answers: No such file or directory\n");
	CHECK_INT(c.n, 0);
	rtnl_close(&g);

	CHECK_INT(rtnl_open_byproto(&d, 0, NETLINK_SOCK_DIAG), 0);
	c = new_cnt(&d);
	CHECK_INT(rtnl_dump_request(&d, SOCK_DIAG_BY_FAMILY, &q, sizeof(q)), 16 + (int)sizeof(q));
	r = CAPTURED(rtnl_dump_filter(&d, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, ENOENT);
	CHECK_STR(errtext, "");
	q.sdiag_family = 200;
	CHECK_INT(rtnl_dump_request(&d, SOCK_DIAG_BY_FAMILY, &q, sizeof(q)), 16 + (int)sizeof(q));
	r = CAPTURED(rtnl_dump_filter(&d, count, &c), &e);
	CHECK_INT(r, -1);
	CHECK_INT(e, EINVAL);
	CHECK_STR(errtext, "RTNETLINK answers: Invalid argument\n");
	CHECK_INT(c.n, 0);
	rtnl_close(&d);
	alarm(0);
}

/* ---- sequence and port filtering ------------------------------------------------------------- */

static void test_skipping(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
	} get = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_GETLINK,
		.n.nlmsg_flags = NLM_F_REQUEST,
		.i.ifi_index = 1,
	}, up = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_NEWLINK,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.i.ifi_index = 1, .i.ifi_flags = IFF_UP, .i.ifi_change = IFF_UP,
	};
	struct {
		struct nlmsghdr n;
		struct ifaddrmsg a;
	} bad = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)),
		.n.nlmsg_type = RTM_NEWADDR,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE,
		.a.ifa_family = AF_INET, .a.ifa_index = 999999,
	};
	struct rtnl_handle mon = { .fd = -1 };
	struct cnt c;
	int e, r;

	/* stale replies queued before the dump: an RTM_NEWLINK answer, an NLMSG_ERROR and an
	 * ACK, each with a sequence number that is not rth.dump: all skipped, nothing printed */
	alarm(GUARD);
	get.n.nlmsg_seq = rth.seq + 1000;
	bad.n.nlmsg_seq = rth.seq + 1001;
	up.n.nlmsg_seq = rth.seq + 1002;
	CHECK(rtnl_send(&rth, &get, sizeof(get)) > 0);
	CHECK(rtnl_send(&rth, &bad, sizeof(bad)) > 0);
	CHECK(rtnl_send(&rth, &up, sizeof(up)) > 0);
	c = new_cnt(&rth);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, base);
	CHECK_INT(c.not_route + c.bad_seq + c.bad_pid, 0);

	/* a handle subscribed to link notifications: they carry pid 0 and are skipped */
	CHECK_INT(rtnl_open(&mon, RTMGRP_LINK), 0);
	sh("ip link set va1 mtu 1400");
	c = new_cnt(&mon);
	route_req(&mon);
	r = CAPTURED(rtnl_dump_filter(&mon, count, &c), &e);
	CHECK_INT(r, 0);
	CHECK_STR(errtext, "");
	CHECK_INT(c.n, base);
	CHECK_INT(c.not_route, 0);

	/* ss's trick: dump = 0 and local.nl_pid = 0 turn the dump filter into a listener. A
	 * notification is no dump message (no NLM_F_MULTI): aborting on it returns at once */
	mon.dump = 0;
	mon.local.nl_pid = 0;
	sh("ip link set va1 mtu 1450");
	c = new_cnt(&mon);
	c.abort_at = 1;
	c.abort_val = -7;
	r = CAPTURED(rtnl_dump_filter(&mon, count, &c), &e);
	alarm(0);
	CHECK_INT(r, -7);
	CHECK_INT(c.n, 1);
	CHECK_INT(c.first_type, RTM_NEWLINK);
	CHECK_INT(c.first_flags & NLM_F_MULTI, 0);
	CHECK_INT(c.bad_seq + c.bad_pid, 0);
	CHECK_STR(errtext, "");
	rtnl_close(&mon);
}

/* A dump none of whose messages match (rth.dump or local.nl_pid changed after the request)
 * never sees its DONE: the call blocks. Run in a child that alarm() ends with exit code 42;
 * the filter reports any call through a pipe. */
static int hang_pipe = -1;

static int report(struct nlmsghdr *n, void *arg)
{
	(void)n;
	(void)arg;
	if (write(hang_pipe, "m", 1) < 0)
		_exit(4);
	return 0;
}

static void on_child_alarm(int sig)
{
	(void)sig;
	_exit(42);
}

static void test_mismatch_blocks(int what)
{
	int pfd[2], status = 0;
	char buf[64];
	pid_t pid;
	ssize_t got;

	if (pipe(pfd) < 0)
		exit(2);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		struct rtnl_handle h = { .fd = -1 };

		close(pfd[0]);
		hang_pipe = pfd[1];
		signal(SIGALRM, on_child_alarm);
		if (rtnl_open(&h, 0) < 0)
			_exit(5);
		if (rtnl_routedump_req(&h, AF_INET, NULL) < 0)
			_exit(6);
		if (what == 0)
			h.dump++;
		else
			h.local.nl_pid++;
		alarm(1);
		rtnl_dump_filter(&h, report, NULL);
		_exit(3);	/* it returned: wrong */
	}
	close(pfd[1]);
	alarm(GUARD);
	waitpid(pid, &status, 0);
	alarm(0);
	got = read(pfd[0], buf, sizeof(buf));
	close(pfd[0]);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 42);
	CHECK_INT(got, 0);
}

int main(void)
{
	struct rtnl_handle strict = { .fd = -1 };
	struct cnt c;
	FILE *b;
	char path[] = "/tmp/rnl_dump_semantics_XXXXXX";
	int fd, i, e, r;

	signal(SIGALRM, on_alarm);
	sh("ip link set lo up && ip link add va0 type veth peer name va1 && ip link set va0 up && "
	   "ip link set va1 up && ip addr add 10.0.0.1/24 dev va0");
	fd = mkstemp(path);
	if (fd < 0 || !(b = fdopen(fd, "w")))
		return 2;
	for (i = 0; i < NROUTES; i++)
		fprintf(b, "route add 10.100.%d.%d/32 via 10.0.0.2\n", i >> 8, i & 255);
	fclose(b);
	sh("ip -batch %s", path);
	unlink(path);

	CHECK_INT(rtnl_open(&rth, 0), 0);
	CHECK_INT(rtnl_open(&strict, 0), 0);
	rtnl_set_strict_dump(&strict);

	/* main: 3000 + 10.0.0.0/24; local: 127.0.0.0/8, 127.0.0.1, 127.255.255.255, 10.0.0.1,
	 * 10.0.0.255 */
	base = NROUTES + 1 + 5;
	CHECK_INT(lines_of("ip -o -4 route show table all"), base);
	c = new_cnt(&rth);
	alarm(GUARD);
	route_req(&rth);
	r = CAPTURED(rtnl_dump_filter(&rth, count, &c), &e);
	alarm(0);
	CHECK_INT(r, 0);
	CHECK_INT(c.n, base);

	test_nc_flags();
	test_datagrams();
	test_abort();
	test_null_filter(&strict);
	test_dump_fp(&strict);
	test_done_errors(&strict);
	test_error_msgs();
	test_other_protocols();
	test_skipping();
	test_mismatch_blocks(0);
	test_mismatch_blocks(1);
	FULL_DUMP_OK(&rth);

	rtnl_close(&strict);
	rtnl_close(&rth);
	return ct_result("dump_semantics");
}
