/*
 *
 * The attribute layer given bad input (spec 0.2 item 7: never read or write outside the buffer;
 * rnetlink's NULL-pointer and negative-maxlen decisions): NULL messages and attributes,
 * negative lengths, lengths whose sums would overflow, and many pseudo-random inputs (fixed
 * seed) checked against a model of spec 3.9 / 3.10. Every buffer is an exact-size heap block
 * so that valgrind reports any access outside it.
 */
#include <limits.h>
#include <stdint.h>
#include <sys/wait.h>
#include <libnetlink.h>
#include "ctest.h"

#define A4(x) (((x) + 3) & ~3)
#define RTA(len, type) H16(len), H16(type)
#define GARBAGE ((struct rtattr *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL)

#define ADDATTR_L_ERR "addattr_l ERROR: message exceeded bound of %d\n"
#define ADDRAW_L_ERR "addraw_l ERROR: message exceeded bound of %d\n"
#define RTA_ADDATTR_L_ERR "rta_addattr_l: Error! max allowed bound %d exceeded\n"
#define RTA_ADDATTR32_ERR "rta_addattr32: Error! max allowed bound %d exceeded\n"

/* ---------------------------------------------------------------- helpers */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

static int rnd_range(int lo, int hi) /* inclusive */
{
	return lo + (int)(rnd() % (uint32_t)(hi - lo + 1));
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p && n)
		exit(2);
	return p;
}

static struct nlmsghdr *new_msg(size_t size, __u32 len)
{
	struct nlmsghdr *n = xmalloc(size);

	memset(n, 0xAA, size);
	n->nlmsg_len = len;
	n->nlmsg_type = 0x1234;
	n->nlmsg_flags = 0;
	n->nlmsg_seq = 1;
	n->nlmsg_pid = 0;
	return n;
}

static struct rtattr *new_rta(size_t size, unsigned short len)
{
	struct rtattr *rta = xmalloc(size);

	memset(rta, 0xAA, size);
	rta->rta_len = len;
	rta->rta_type = 0x77;
	return rta;
}

static struct rtattr **new_tb(int max)
{
	struct rtattr **tb = xmalloc(sizeof(*tb) * (max + 1));

	for (int i = 0; i <= max; i++)
		tb[i] = GARBAGE;
	return tb;
}

static const char *fmt_err(const char *fmt, int maxlen)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), fmt, maxlen);
	return buf;
}

static int all_null(struct rtattr **tb, int max)
{
	for (int i = 0; i <= max; i++)
		if (tb[i])
			return 0;
	return 1;
}

/* Nothing stored: every entry NULL (cleared) or still GARBAGE (untouched). */
static int nothing_stored(struct rtattr **tb, int max)
{
	for (int i = 0; i <= max; i++)
		if (tb[i] && tb[i] != GARBAGE)
			return 0;
	return 1;
}

/* Untouched: every entry still GARBAGE. */
static int all_garbage(struct rtattr **tb, int max)
{
	for (int i = 0; i <= max; i++)
		if (tb[i] != GARBAGE)
			return 0;
	return 1;
}

/* Every stored entry lies inside [start, start+len). */
static int in_bounds(struct rtattr **tb, int max, const void *start, int len)
{
	const char *s = start, *e = s + (len > 0 ? len : 0);

	for (int i = 0; i <= max; i++) {
		const char *p = (const char *)tb[i];

		if (!p || tb[i] == GARBAGE)
			continue;
		if (p < s || p + sizeof(struct rtattr) > e || p + tb[i]->rta_len > e)
			return 0;
	}
	return 1;
}

/* "!!!Deficit <len>, rta_len=" ... "\n", one line (the rta_len value not fixed). */
static int is_deficit_line(const char *text, int len)
{
	char prefix[64];
	size_t n = strlen(text);

	snprintf(prefix, sizeof(prefix), "!!!Deficit %d, rta_len=", len);
	return strncmp(text, prefix, strlen(prefix)) == 0 && n > strlen(prefix) &&
	       text[n - 1] == '\n' && strchr(text, '\n') == text + n - 1;
}

/* ---------------------------------------------------------------- NULL pointers */

/* rnetlink: builders given a NULL message or attribute return -1, nest starters NULL, the
 * _end functions -1 (and leave the other argument alone). Never a crash. */
static void test_null_builders(void)
{
	static const unsigned char d[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct nlmsghdr *n = new_msg(64, 20);
	struct rtattr *rta = new_rta(64, 8);
	unsigned char before_n[64], before_rta[64];

	memcpy(before_n, n, 64);
	memcpy(before_rta, rta, 64);
	CHECK_INT(CAPTURE(addattr(NULL, 64, 1)), -1);
	CHECK_INT(CAPTURE(addattr8(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(addattr16(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(addattr32(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(addattr64(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(addattrstrz(NULL, 64, 1, "x")), -1);
	CHECK_INT(CAPTURE(addattr_l(NULL, 64, 1, d, 4)), -1);
	CHECK_INT(CAPTURE(addattr_l(NULL, 64, 1, NULL, 0)), -1);
	CHECK_INT(CAPTURE(addraw_l(NULL, 64, d, 4)), -1);
	CHECK(CAPTURE(addattr_nest(NULL, 64, 1)) == NULL);
	CHECK(CAPTURE(addattr_nest_compat(NULL, 64, 1, d, 4)) == NULL);
	CHECK_INT(CAPTURE(addattr_nest_end(NULL, (struct rtattr *)((char *)n + 16))), -1);
	CHECK_INT(CAPTURE(addattr_nest_end(n, NULL)), -1);
	CHECK_INT(CAPTURE(addattr_nest_compat_end(NULL, (struct rtattr *)((char *)n + 16))), -1);
	CHECK_INT(CAPTURE(addattr_nest_compat_end(n, NULL)), -1);
	CHECK_INT(CAPTURE(rta_addattr8(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(rta_addattr16(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(rta_addattr32(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(rta_addattr64(NULL, 64, 1, 1)), -1);
	CHECK_INT(CAPTURE(rta_addattr_l(NULL, 64, 1, d, 4)), -1);
	CHECK(CAPTURE(rta_nest(NULL, 64, 1)) == NULL);
	CHECK_INT(CAPTURE(rta_nest_end(NULL, (struct rtattr *)((char *)rta + 4))), -1);
	CHECK_INT(CAPTURE(rta_nest_end(rta, NULL)), -1);
	CHECK(memcmp(n, before_n, 64) == 0);
	CHECK(memcmp(rta, before_rta, 64) == 0);
	free(rta);
	free(n);
}

/* NULL data with a non-zero length (not specified beyond "never a crash"): no crash, and a
 * refusal (-1) leaves the buffer unchanged. */
static void test_null_data(void)
{
	struct nlmsghdr *n = new_msg(64, 16);
	struct rtattr *rta = new_rta(64, 4);
	unsigned char before_n[64], before_rta[64];
	int ret;

	memcpy(before_n, n, 64);
	memcpy(before_rta, rta, 64);
	ret = CAPTURE(addattr_l(n, 64, 1, NULL, 4));
	CHECK(ret == 0 || (ret == -1 && memcmp(n, before_n, 64) == 0));
	memcpy(n, before_n, 64);
	ret = CAPTURE(addraw_l(n, 64, NULL, 4));
	CHECK(ret == 0 || (ret == -1 && memcmp(n, before_n, 64) == 0));
	memcpy(n, before_n, 64);
	ret = CAPTURE(addattrstrz(n, 64, 1, NULL));
	CHECK(ret == 0 || (ret == -1 && memcmp(n, before_n, 64) == 0));
	memcpy(n, before_n, 64);
	(void)CAPTURE(addattr_nest_compat(n, 64, 1, NULL, 4));
	ret = CAPTURE(rta_addattr_l(rta, 64, 1, NULL, 4));
	CHECK(ret == 0 || (ret == -1 && memcmp(rta, before_rta, 64) == 0));
	free(rta);
	free(n);
}

/* rnetlink: parsers given a NULL attribute store nothing and return 0 (parse_rtattr*: tb
 * cleared; parse_rtattr_one: NULL; the compat parser: nothing stored). */
static void test_null_parsers(void)
{
	struct rtattr **tb = new_tb(5);

	CHECK_INT(CAPTURE(parse_rtattr(tb, 5, NULL, 8)), 0);
	CHECK(all_null(tb, 5));
	for (int i = 0; i <= 5; i++)
		tb[i] = GARBAGE;
	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 5, NULL, 64, NLA_F_NESTED)), 0);
	CHECK(all_null(tb, 5));
	for (int i = 0; i <= 5; i++)
		tb[i] = GARBAGE;
	CHECK_INT(CAPTURE(parse_rtattr(tb, 5, NULL, 0)), 0);
	CHECK(all_null(tb, 5));
	for (int i = 0; i <= 5; i++)
		tb[i] = GARBAGE;
	CHECK_INT(CAPTURE(parse_rtattr(tb, 5, NULL, -4)), 0);
	CHECK(all_null(tb, 5));
	CHECK(CAPTURE(parse_rtattr_one(1, NULL, 8)) == NULL);
	CHECK(CAPTURE(parse_rtattr_one(0, NULL, 0)) == NULL);
	for (int i = 0; i <= 5; i++)
		tb[i] = GARBAGE;
	CHECK_INT(CAPTURE(__parse_rtattr_nested_compat(tb, 5, NULL, 4)), 0);
	CHECK(nothing_stored(tb, 5));
	CHECK_INT(CAPTURE(__parse_rtattr_nested_compat(tb, 5, NULL, 0)), 0);
	CHECK(nothing_stored(tb, 5));
	free(tb);
}

/* ---------------------------------------------------------------- negative lengths */

/* A negative alen / len would make iproute2 memcpy (size_t)alen bytes: refused with -1 and
 * the buffer unchanged (text: the bound message or nothing; not specified). */
static void test_negative_data_len(void)
{
	static const int lens[] = { -1, -2, -3, -4, -5, -8, -100, INT_MIN };
	static const unsigned char d[8] = { 0 };
	unsigned char before[64];

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		int l = lens[i];
		struct nlmsghdr *n = new_msg(64, 16);
		struct rtattr *rta = new_rta(64, 4);
		int ret;

		memcpy(before, n, 64);
		ret = CAPTURE(addattr_l(n, 64, 1, d, l));
		CHECK_QUIET(ret == -1, "addattr_l alen %d: returned %d", l, ret);
		CHECK_QUIET(memcmp(n, before, 64) == 0, "addattr_l alen %d: message changed", l);
		CHECK_QUIET(!err[0] || !strcmp(err, fmt_err(ADDATTR_L_ERR, 64)), "addattr_l alen %d: \"%s\"", l, err);

		ret = CAPTURE(addraw_l(n, 64, d, l));
		CHECK_QUIET(ret == -1, "addraw_l len %d: returned %d", l, ret);
		CHECK_QUIET(memcmp(n, before, 64) == 0, "addraw_l len %d: message changed", l);
		CHECK_QUIET(!err[0] || !strcmp(err, fmt_err(ADDRAW_L_ERR, 64)), "addraw_l len %d: \"%s\"", l, err);

		memcpy(before, rta, 64);
		ret = CAPTURE(rta_addattr_l(rta, 64, 1, d, l));
		CHECK_QUIET(ret == -1, "rta_addattr_l alen %d: returned %d", l, ret);
		CHECK_QUIET(memcmp(rta, before, 64) == 0, "rta_addattr_l alen %d: attribute changed", l);
		CHECK_QUIET(!err[0] || !strcmp(err, fmt_err(RTA_ADDATTR_L_ERR, 64)), "rta_addattr_l alen %d: \"%s\"", l, err);

		memcpy(before, n, 64);
		(void)CAPTURE(addattr_nest_compat(n, 64, 1, d, l));
		CHECK_QUIET(((struct nlmsghdr *)n)->nlmsg_len <= 64, "addattr_nest_compat len %d", l);
		free(rta);
		free(n);
	}
}

/* Negative len to the parsers: tb cleared, 0 / NULL, the Deficit line with that len, and no
 * read at all (rta points one past the end of a heap block). */
static void test_negative_parse_len(void)
{
	static const int lens[] = { -1, -2, -3, -4, -5, -100, INT_MIN };
	unsigned char *buf = xmalloc(8);
	struct rtattr *end = (struct rtattr *)(buf + 8);
	struct rtattr **tb = new_tb(4);

	memset(buf, 4, 8);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		int l = lens[i];

		CHECK_INT(CAPTURE(parse_rtattr(tb, 4, end, l)), 0);
		CHECK_QUIET(is_deficit_line(err, l), "parse_rtattr len %d: \"%s\"", l, err);
		CHECK(all_null(tb, 4));
		CHECK(CAPTURE(parse_rtattr_one(1, end, l)) == NULL);
		CHECK_QUIET(is_deficit_line(err, l), "parse_rtattr_one len %d: \"%s\"", l, err);
	}
	free(tb);
	free(buf);
}

/* parse_rtattr_nested / _one_nested on an attribute with rta_len < 4: RTA_PAYLOAD is negative
 * and RTA_DATA is past the end of the 4-byte block: tb cleared, 0, Deficit, nothing read. */
static void test_nested_short_rta_len(void)
{
	for (int rl = 0; rl < 4; rl++) {
		unsigned char *buf = xmalloc(4);
		struct rtattr *rta = (struct rtattr *)buf;
		struct rtattr **tb = new_tb(3);

		rta->rta_len = rl;
		rta->rta_type = 1;
		CHECK_INT(CAPTURE(parse_rtattr_nested(tb, 3, rta)), 0);
		CHECK_QUIET(is_deficit_line(err, rl - 4), "nested rta_len %d: \"%s\"", rl, err);
		CHECK(all_null(tb, 3));
		CHECK(CAPTURE(parse_rtattr_one_nested(1, rta)) == NULL);
		CHECK_QUIET(is_deficit_line(err, rl - 4), "one_nested rta_len %d: \"%s\"", rl, err);
		free(tb);
		free(buf);
	}
}

/* max < 0: max + 1 <= 0 entries to clear and no type <= max, so tb is not touched. */
static void test_negative_max(void)
{
	static const unsigned char bytes[] = { RTA(8, 0), 1, 2, 3, 4, RTA(4, 1) };
	unsigned char *buf = xmalloc(sizeof(bytes));
	struct rtattr **tb = new_tb(0);

	memcpy(buf, bytes, sizeof(bytes));
	for (int max = -1; max >= -5; max -= 4) {
		tb[0] = GARBAGE;
		CHECK_INT(CAPTURE(parse_rtattr(tb, max, (struct rtattr *)buf, sizeof(bytes))), 0);
		CHECK_STR(err, "");
		CHECK(tb[0] == GARBAGE);
		CHECK_INT(CAPTURE(parse_rtattr_flags(tb, max, (struct rtattr *)buf, sizeof(bytes), NLA_F_NESTED)), 0);
		CHECK(tb[0] == GARBAGE);
	}
	free(tb);
	free(buf);
}

/* ---------------------------------------------------------------- overflowing sums */

/* Sums of nlmsg_len / rta_len, alen and alignment that overflow int or __u32 must not pass
 * the bound check: -1, the bound message, nothing written, data not read. The message block
 * is only as large as its header. */
static void test_overflow(void)
{
	static const struct { __u32 nlmsg_len; int alen; } cases[] = {
		{ 16, INT_MAX }, { 16, INT_MAX - 3 }, { 16, INT_MAX - 4 }, { 16, INT_MAX - 16 },
		{ 16, INT_MAX - 15 }, { 0x7ffffffd, 4 }, { 0x7ffffffc, 0 }, { 0x7fffffff, 0 },
		{ 0xfffffff0, 12 }, { 0xfffffffc, 0 }, { 0xffffffff, 0 }, { 0x80000000, 0 },
	};
	unsigned char *data = xmalloc(4);
	unsigned char before[16];

	memset(data, 0x11, 4);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlmsghdr *n = new_msg(16, cases[i].nlmsg_len);
		int alen = cases[i].alen;
		int ret;

		memcpy(before, n, 16);
		ret = CAPTURE(addattr_l(n, INT_MAX, 1, data, alen));
		CHECK_QUIET(ret == -1, "addattr_l nlmsg_len %#x alen %d: returned %d", cases[i].nlmsg_len, alen, ret);
		CHECK_QUIET(!strcmp(err, fmt_err(ADDATTR_L_ERR, INT_MAX)), "addattr_l nlmsg_len %#x alen %d: \"%s\"",
			    cases[i].nlmsg_len, alen, err);
		CHECK_QUIET(memcmp(n, before, 16) == 0, "addattr_l nlmsg_len %#x: changed", cases[i].nlmsg_len);

		if (cases[i].nlmsg_len == 0x7ffffffc && alen == 0) {
			/* 0x7ffffffc + 0 <= INT_MAX: a fit that adds nothing. */
			CHECK_INT(CAPTURE(addraw_l(n, INT_MAX, data, 0)), 0);
			CHECK_STR(err, "");
			CHECK(memcmp(n, before, 16) == 0);
			free(n);
			continue;
		}
		ret = CAPTURE(addraw_l(n, INT_MAX, data, alen));
		CHECK_QUIET(ret == -1, "addraw_l nlmsg_len %#x len %d: returned %d", cases[i].nlmsg_len, alen, ret);
		CHECK_QUIET(!strcmp(err, fmt_err(ADDRAW_L_ERR, INT_MAX)), "addraw_l nlmsg_len %#x len %d: \"%s\"",
			    cases[i].nlmsg_len, alen, err);
		CHECK_QUIET(memcmp(n, before, 16) == 0, "addraw_l nlmsg_len %#x: changed", cases[i].nlmsg_len);

		if (alen == 0) {
			(void)CAPTURE(addattr_nest(n, INT_MAX, 1));
			CHECK_QUIET(!strcmp(err, fmt_err(ADDATTR_L_ERR, INT_MAX)), "addattr_nest nlmsg_len %#x: \"%s\"",
				    cases[i].nlmsg_len, err);
			CHECK_QUIET(memcmp(n, before, 16) == 0, "addattr_nest nlmsg_len %#x: changed", cases[i].nlmsg_len);
			CHECK_INT(CAPTURE(addattr32(n, INT_MAX, 1, 5)), -1);
			CHECK_INT(CAPTURE(addattr64(n, INT_MAX, 1, 5)), -1);
			CHECK(memcmp(n, before, 16) == 0);
		}
		free(n);
	}

	/* rta_addattr_l with an alen whose RTA_LENGTH / RTA_ALIGN overflows. */
	static const int alens[] = { INT_MAX, INT_MAX - 3, INT_MAX - 4, INT_MAX - 7 };
	for (size_t i = 0; i < sizeof(alens) / sizeof(alens[0]); i++) {
		struct rtattr *rta = new_rta(4, 4);

		CHECK_INT(CAPTURE(rta_addattr_l(rta, INT_MAX, 1, data, alens[i])), -1);
		CHECK_QUIET(!strcmp(err, fmt_err(RTA_ADDATTR_L_ERR, INT_MAX)), "rta_addattr_l alen %d: \"%s\"",
			    alens[i], err);
		CHECK_INT(rta->rta_len, 4);
		free(rta);
	}
	free(data);
}

/* ---------------------------------------------------------------- random builders */

/* Random base lengths, data lengths and maxlen around the edge, against the rule of 3.9:
 * accepted iff maxlen >= 0 and ALIGN(base) + ALIGN(grow) <= maxlen. Accepted: the exact bytes
 * (header, data; padding untouched, or zeroed by addraw_l), the new length, no text.
 * Refused: -1, the exact text, nothing changed. */
enum { R_ADDATTR_L, R_ADDRAW_L, R_RTA_ADDATTR_L, R_RTA_ADDATTR32, R_KINDS };

static void random_builder_once(int kind)
{
	int is_rta = kind == R_RTA_ADDATTR_L || kind == R_RTA_ADDATTR32;
	int base = is_rta ? rnd_range(4, 60) : rnd_range(16, 60);
	int alen = kind == R_RTA_ADDATTR32 ? 4 : rnd_range(0, 40);
	int grow = kind == R_ADDRAW_L ? alen : 4 + alen;
	int need = A4(base) + A4(grow);
	int maxlen = rnd() % 8 == 0 ? -rnd_range(1, 100) : need + rnd_range(-5, 3);
	int size = maxlen >= base ? maxlen : (maxlen < 0 ? need : base);
	int type = rnd_range(0, 0xffff);
	int ok = maxlen >= 0 && need <= maxlen;
	unsigned char data[40], *buf, *want;
	const char *fmt;
	uint32_t value = rnd();
	int ret;

	for (int i = 0; i < 40; i++)
		data[i] = rnd();
	buf = is_rta ? (unsigned char *)new_rta(size, base) : (unsigned char *)new_msg(size, base);
	want = xmalloc(size);
	memcpy(want, buf, size);

	switch (kind) {
	case R_ADDATTR_L:
		ret = CAPTURE(addattr_l((struct nlmsghdr *)buf, maxlen, type, data, alen));
		fmt = ADDATTR_L_ERR;
		break;
	case R_ADDRAW_L:
		ret = CAPTURE(addraw_l((struct nlmsghdr *)buf, maxlen, data, alen));
		fmt = ADDRAW_L_ERR;
		break;
	case R_RTA_ADDATTR_L:
		ret = CAPTURE(rta_addattr_l((struct rtattr *)buf, maxlen, type, data, alen));
		fmt = RTA_ADDATTR_L_ERR;
		break;
	default:
		memcpy(data, &value, 4);
		ret = CAPTURE(rta_addattr32((struct rtattr *)buf, maxlen, type, value));
		fmt = RTA_ADDATTR32_ERR;
		break;
	}

	if (ok) {
		unsigned char *p = want + A4(base);

		if (kind != R_ADDRAW_L) {
			ct_put16(p, grow);
			ct_put16(p + 2, type);
			p += 4;
		}
		memcpy(p, data, alen);
		if (kind == R_ADDRAW_L)
			memset(p + alen, 0, A4(alen) - alen);
		if (is_rta)
			((struct rtattr *)want)->rta_len = need;
		else
			((struct nlmsghdr *)want)->nlmsg_len = need;
	}
	CHECK_QUIET(ret == (ok ? 0 : -1), "kind %d base %d len %d maxlen %d: returned %d",
		    kind, base, alen, maxlen, ret);
	CHECK_QUIET(!strcmp(err, ok ? "" : fmt_err(fmt, maxlen)), "kind %d base %d len %d maxlen %d: \"%s\"",
		    kind, base, alen, maxlen, err);
	CHECK_QUIET(memcmp(buf, want, size) == 0, "kind %d base %d len %d maxlen %d: bytes differ",
		    kind, base, alen, maxlen);
	free(want);
	free(buf);
}

static void test_random_builders(void)
{
	for (int i = 0; i < 3000; i++)
		random_builder_once(i % R_KINDS);
}

/* ---------------------------------------------------------------- random parsers */

/* The model of parse_rtattr_flags (3.10) over bytes [0, len): want[type] = offset of the first
 * attribute of each masked type; returns the remaining len, *stop_len the rta_len of the
 * stopping attribute when its header is fully inside (else -1). */
static int model_parse(const unsigned char *b, int len, int max, unsigned short flags,
		       int *want, int *stop_len)
{
	int off = 0;

	for (int i = 0; i <= max; i++)
		want[i] = -1;
	*stop_len = -1;
	while (len >= 4) {
		int rl = ct_get16(b + off);
		unsigned short type = ct_get16(b + off + 2) & ~flags;

		if (rl < 4 || rl > len) {
			*stop_len = rl;
			break;
		}
		if (type <= max && want[type] < 0)
			want[type] = off;
		off += A4(rl);
		len -= A4(rl);
	}
	return len;
}

/* The model of parse_rtattr_one: offset of the first attribute with exactly `type`, or -1. */
static int model_one(const unsigned char *b, int len, int type, int *rest, int *stop_len)
{
	int off = 0;

	*stop_len = -1;
	while (len >= 4) {
		int rl = ct_get16(b + off);

		if (rl < 4 || rl > len) {
			*stop_len = rl;
			break;
		}
		if (ct_get16(b + off + 2) == type)
			return off;
		off += A4(rl);
		len -= A4(rl);
	}
	*rest = len;
	return -1;
}

/* The expected text for a walk that ended with `rest` bytes left. */
static int deficit_ok(const char *text, int rest, int stop_len)
{
	char want[64];

	if (rest == 0)
		return text[0] == '\0';
	if (stop_len < 0)
		return is_deficit_line(text, rest);
	snprintf(want, sizeof(want), "!!!Deficit %d, rta_len=%d\n", rest, stop_len);
	return strcmp(text, want) == 0;
}

/* Input: either pure random bytes or a random chain of attributes (some with rta_len < 4 or
 * too large, types with random flag bits), cut at a random point. */
static int random_input(unsigned char *b, int cap)
{
	int len = 0;

	if (rnd() % 4 == 0) {
		len = rnd_range(0, cap);
		for (int i = 0; i < len; i++)
			b[i] = rnd();
		return len;
	}
	while (len + 4 <= cap && rnd() % 8) {
		int pl = rnd_range(0, 12);
		int rl = rnd() % 16 == 0 ? rnd_range(0, 40) : 4 + pl;
		int type = rnd_range(0, 9) | (rnd() % 4 == 0 ? 0x8000 : 0) | (rnd() % 6 == 0 ? 0x4000 : 0);

		ct_put16(b + len, rl);
		ct_put16(b + len + 2, type);
		len += 4;
		for (int i = 0; i < A4(pl) && len < cap; i++)
			b[len++] = rnd();
	}
	if (rnd() % 3 == 0 && len > 0)
		len -= rnd_range(0, len < 4 ? len : 4);
	return len;
}

static void random_parse_once(void)
{
	static const unsigned short flag_sets[] = { 0, NLA_F_NESTED, NLA_F_NESTED | NLA_F_NET_BYTEORDER };
	unsigned char bytes[96];
	int len = random_input(bytes, sizeof(bytes));
	int max = rnd_range(0, 12);
	unsigned short flags = flag_sets[rnd() % 3];
	unsigned char *buf = xmalloc(len);
	struct rtattr **tb = new_tb(max);
	int want[13], stop_len, rest, ret, ok = 1, type, off;
	struct rtattr *one;

	memcpy(buf, bytes, len);
	rest = model_parse(bytes, len, max, flags, want, &stop_len);
	ret = CAPTURE(flags ? parse_rtattr_flags(tb, max, (struct rtattr *)buf, len, flags)
			    : parse_rtattr(tb, max, (struct rtattr *)buf, len));
	CHECK_QUIET(ret == 0, "random parse: returned %d", ret);
	CHECK_QUIET(in_bounds(tb, max, buf, len), "random parse len %d: entry out of bounds", len);
	for (int i = 0; i <= max; i++)
		if (tb[i] != (want[i] < 0 ? NULL : (struct rtattr *)(buf + want[i])))
			ok = 0;
	CHECK_QUIET(ok, "random parse len %d max %d flags %#x: tb differs from the model", len, max, flags);
	CHECK_QUIET(deficit_ok(err, rest, stop_len), "random parse len %d rest %d stop %d: \"%s\"",
		    len, rest, stop_len, err);

	type = rnd_range(0, 9) | (rnd() % 4 == 0 ? 0x8000 : 0);
	off = model_one(bytes, len, type, &rest, &stop_len);
	one = CAPTURE(parse_rtattr_one(type, (struct rtattr *)buf, len));
	CHECK_QUIET(one == (off < 0 ? NULL : (struct rtattr *)(buf + off)),
		    "random parse_rtattr_one(%#x) len %d: %p, want offset %d", type, len, (void *)one, off);
	CHECK_QUIET(off >= 0 ? err[0] == '\0' : deficit_ok(err, rest, stop_len),
		    "random parse_rtattr_one len %d: \"%s\"", len, err);
	free(tb);
	free(buf);
}

/* __parse_rtattr_nested_compat on a random outer attribute (rta_len = its block size) and a
 * random len: the three cases of 3.10; when the inner header is consistent (4 <= its rta_len
 * <= what remains) the inner parse is compared with the model, otherwise only "no access
 * outside, entries inside the outer attribute". */
static void random_compat_once(void)
{
	unsigned char bytes[64];
	int size = rnd_range(4, 48);
	int len = rnd_range(0, 20);
	int payload = size - 4, max = rnd_range(0, 10);
	unsigned char *buf = xmalloc(size);
	struct rtattr **tb = new_tb(max);
	int want[11], stop_len, ret;

	for (int i = 0; i < size; i++)
		bytes[i] = rnd();
	if (rnd() % 2 && payload >= A4(len) + 4) { /* a plausible inner header */
		int room = payload - A4(len), rl = rnd_range(4, room);

		ct_put16(bytes + 4 + A4(len), rl);
		for (int off = 8 + A4(len); off + 4 <= 4 + A4(len) + rl; off += 8) {
			ct_put16(bytes + off, rnd_range(0, 8)); /* small rta_len: mostly 4 or 8 */
			ct_put16(bytes + off + 2, ct_get16(bytes + off + 2) & 0xc0ff); /* flag bits above 0xff only */
		}
	}
	ct_put16(bytes, size);
	memcpy(buf, bytes, size);

	ret = CAPTURE(__parse_rtattr_nested_compat(tb, max, (struct rtattr *)buf, len));
	if (payload < len) {
		CHECK_QUIET(ret == -1, "compat size %d len %d: returned %d", size, len, ret);
		CHECK_QUIET(all_garbage(tb, max), "compat size %d len %d: tb changed", size, len);
		CHECK_QUIET(err[0] == '\0', "compat size %d len %d: \"%s\"", size, len, err);
	} else if (payload < A4(len) + 4) {
		CHECK_QUIET(ret == 0, "compat size %d len %d: returned %d", size, len, ret);
		CHECK_QUIET(all_null(tb, max), "compat size %d len %d: tb not cleared", size, len);
		CHECK_QUIET(err[0] == '\0', "compat size %d len %d: \"%s\"", size, len, err);
	} else {
		int inner = 4 + A4(len);
		int rl = ct_get16(bytes + inner);

		if (rl >= 4 && rl <= size - inner) {
			int rest = model_parse(bytes + inner + 4, rl - 4, max, NLA_F_NESTED, want, &stop_len);
			int ok = 1;

			for (int i = 0; i <= max; i++)
				if (tb[i] != (want[i] < 0 ? NULL : (struct rtattr *)(buf + inner + 4 + want[i])))
					ok = 0;
			CHECK_QUIET(ret == 0, "compat size %d len %d: returned %d", size, len, ret);
			CHECK_QUIET(ok, "compat size %d len %d inner %d: tb differs from the model", size, len, rl);
			CHECK_QUIET(deficit_ok(err, rest, stop_len), "compat size %d len %d: \"%s\"", size, len, err);
		} else if (rl < 4) {
			CHECK_QUIET(ret == 0, "compat size %d len %d inner rta_len %d: returned %d", size, len, rl, ret);
			CHECK_QUIET(all_null(tb, max), "compat size %d len %d inner rta_len %d: tb not cleared",
				    size, len, rl);
		} else {
			CHECK_QUIET(ret == 0 || ret == -1, "compat size %d len %d: returned %d", size, len, ret);
		}
		CHECK_QUIET(in_bounds(tb, max, buf, size), "compat size %d len %d: entry out of bounds", size, len);
	}
	free(tb);
	free(buf);
}

static void test_random_parsers(void)
{
	for (int i = 0; i < 3000; i++)
		random_parse_once();
	for (int i = 0; i < 1500; i++)
		random_compat_once();
}

/* ---------------------------------------------------------------- inconsistent compat */

/* Outer attributes too short for their own header, and an inner nest that claims more than
 * the outer holds: no access outside the block, nothing stored outside it. */
static void test_compat_inconsistent(void)
{
	static const unsigned char over[] = {
		RTA(16, 2), 1, 2, 3, 4, RTA(40, 2), RTA(4, 1),
	};
	unsigned char *buf;
	struct rtattr **tb = new_tb(3);
	int ret;

	for (int rl = 0; rl < 4; rl++) {
		buf = xmalloc(4);
		ct_put16(buf, rl);
		ct_put16(buf + 2, 2);
		for (int len = 0; len <= 8; len += 4) {
			for (int i = 0; i <= 3; i++)
				tb[i] = GARBAGE;
			ret = CAPTURE(__parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, len));
			CHECK_QUIET(ret == 0 || ret == -1, "outer rta_len %d len %d: returned %d", rl, len, ret);
			CHECK_QUIET(nothing_stored(tb, 3), "outer rta_len %d len %d: stored an entry", rl, len);
		}
		free(buf);
	}

	buf = xmalloc(sizeof(over));
	memcpy(buf, over, sizeof(over));
	ret = CAPTURE(__parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, 4));
	CHECK(ret == 0 || ret == -1);
	CHECK(in_bounds(tb, 3, buf, sizeof(over)));
	free(buf);
	free(tb);
}

/* Runs one test in a child process, so that a crash fails that test and the others still run;
 * the child's check counts come back through a pipe. Any abnormal end of the child (a signal,
 * or valgrind's error exit code) is one more failure. */
static void run_isolated(void (*fn)(void), const char *name)
{
	int fds[2], counts[2] = { 0, 0 }, status = 0;
	ssize_t got;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds) < 0)
		exit(2);
	pid = fork();
	if (pid < 0)
		exit(2);
	if (pid == 0) {
		close(fds[0]);
		ct_checks = 0;
		ct_failures = 0;
		fn();
		counts[0] = ct_checks;
		counts[1] = ct_failures;
		if (write(fds[1], counts, sizeof(counts)) != (ssize_t)sizeof(counts))
			_exit(3);
		exit(0);
	}
	close(fds[1]);
	got = read(fds[0], counts, sizeof(counts));
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (got == (ssize_t)sizeof(counts)) {
		ct_checks += counts[0];
		ct_failures += counts[1];
	}
	ct_checks++;
	if (got != (ssize_t)sizeof(counts) || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ct_failures++;
		if (WIFSIGNALED(status))
			fprintf(stderr, "%s: crashed (signal %d)\n", name, WTERMSIG(status));
		else
			fprintf(stderr, "%s: ended with status %d\n", name, WEXITSTATUS(status));
	}
}

#define RUN(fn) run_isolated(fn, #fn)

int main(void)
{
	RUN(test_null_builders);
	RUN(test_null_data);
	RUN(test_null_parsers);
	RUN(test_negative_data_len);
	RUN(test_negative_parse_len);
	RUN(test_nested_short_rta_len);
	RUN(test_negative_max);
	RUN(test_overflow);
	RUN(test_random_builders);
	RUN(test_random_parsers);
	RUN(test_compat_inconsistent);
	return ct_result("attr_bad_input");
}
