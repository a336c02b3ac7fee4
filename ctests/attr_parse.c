/*
 *
 * The attribute parsers of <libnetlink.h> (spec 3.10, macros of 2.6): parse_rtattr,
 * parse_rtattr_flags, parse_rtattr_one, __parse_rtattr_nested_compat and the macros
 * parse_rtattr_nested, parse_rtattr_one_nested, parse_rtattr_nested_compat. First duplicate
 * wins, the NESTED / NET_BYTEORDER masking rules, tb[0..max] cleared, the `!!!Deficit` text,
 * and (spec 0.2 item 7) no access outside [rta, rta+len): inputs and tb are exact-size heap
 * blocks, and every stored entry is checked to lie inside the input.
 */
#include <limits.h>
#include <stdint.h>
#include <libnetlink.h>
#include "ctest.h"

#define RTA(len, type) H16(len), H16(type)
#define GARBAGE ((struct rtattr *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL)
#define NONE (-1) /* expected tb entry: NULL */

/* An exact heap copy of the input bytes. */
static unsigned char *input(const unsigned char *bytes, size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	if (!p)
		exit(2);
	memcpy(p, bytes, n);
	return p;
}

/* tb with exactly max + 1 entries, all garbage (the parser must clear them). */
static struct rtattr **new_tb(int max)
{
	struct rtattr **tb = malloc(sizeof(*tb) * (max + 1));

	if (!tb)
		exit(2);
	for (int i = 0; i <= max; i++)
		tb[i] = GARBAGE;
	return tb;
}

/* Every non-NULL entry lies inside [start, start+len): its header and its rta_len bytes. */
#define CHECK_IN_BOUNDS(tb, max, start, len) check_in_bounds(__LINE__, tb, max, start, len)
static void check_in_bounds(int line, struct rtattr **tb, int max, const void *start, int len)
{
	const char *s = start, *e = s + (len > 0 ? len : 0);

	for (int i = 0; i <= max; i++) {
		const char *p = (const char *)tb[i];

		if (!p)
			continue;
		ct_checks++;
		if (p < s || p + sizeof(struct rtattr) > e || p + tb[i]->rta_len > e) {
			ct_failures++;
			fprintf(stderr, "%s:%d: tb[%d] = %p outside [%p, %p)\n", __FILE__, line, i,
				(const void *)p, (const void *)s, (const void *)e);
		}
	}
}

/* tb[i] must be base + want[i] (or NULL where want[i] is NONE), for i in 0..max. */
#define CHECK_TB(tb, max, base, ...) do { \
	static const int want_[] = { __VA_ARGS__ }; \
	check_tb(__LINE__, tb, max, base, want_, sizeof(want_) / sizeof(want_[0])); \
} while (0)
static void check_tb(int line, struct rtattr **tb, int max, const void *base, const int *want, int nwant)
{
	if (nwant != max + 1) {
		fprintf(stderr, "%s:%d: test bug: %d expectations for max %d\n", __FILE__, line, nwant, max);
		exit(2);
	}
	for (int i = 0; i <= max; i++) {
		const struct rtattr *w = want[i] == NONE ? NULL :
			(const struct rtattr *)((const char *)base + want[i]);

		ct_checks++;
		if (tb[i] != w) {
			ct_failures++;
			fprintf(stderr, "%s:%d: tb[%d] = %p (offset %td), want offset %d\n", __FILE__, line,
				i, (void *)tb[i], tb[i] ? (const char *)tb[i] - (const char *)base : -1,
				want[i]);
		}
	}
}

/* Only the beginning of the Deficit line is fixed when the stopping header is not fully inside
 * the buffer (rnetlink does not read rta_len past the end): "!!!Deficit <len>, rta_len=" ... "\n". */
static int is_deficit_line(const char *text, int len)
{
	char prefix[64];
	size_t n = strlen(text);

	snprintf(prefix, sizeof(prefix), "!!!Deficit %d, rta_len=", len);
	return strncmp(text, prefix, strlen(prefix)) == 0 && n > strlen(prefix) &&
	       text[n - 1] == '\n' && strchr(text, '\n') == text + n - 1;
}

/* ---------------------------------------------------------------- parse_rtattr */

/* Basic walk: tb[type] = first attribute of each type (first duplicate wins), types above max
 * ignored (tb has exactly max+1 entries), tb[0..max] cleared, type 0 stored at tb[0]. */
static void test_basic(void)
{
	static const unsigned char bytes[] = {
		RTA(8, 1), H32(0x11111111),    /* 0 */
		RTA(5, 2), 0x22, 0, 0, 0,       /* 8 */
		RTA(4, 3),                      /* 16 */
		RTA(6, 1), 0x33, 0x33, 0, 0,    /* 20: duplicate of 1, ignored */
		RTA(8, 9), H32(0),             /* 28: above max */
		RTA(4, 0),                      /* 36: type 0 */
		RTA(4, 0),                      /* 40: duplicate of 0 */
	};
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr **tb = new_tb(5);

	CHECK_INT(CAPTURE(parse_rtattr(tb, 5, (struct rtattr *)buf, sizeof(bytes))), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 5, buf, 36, 0, 8, 16, NONE, NONE);
	CHECK_IN_BOUNDS(tb, 5, buf, sizeof(bytes));

	/* max 0: only tb[0]. */
	free(tb);
	tb = new_tb(0);
	CHECK_INT(CAPTURE(parse_rtattr(tb, 0, (struct rtattr *)buf, sizeof(bytes))), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 0, buf, 36);

	/* A len shorter than the buffer stops the walk there (exactly at an attribute end). */
	free(tb);
	tb = new_tb(5);
	CHECK_INT(CAPTURE(parse_rtattr(tb, 5, (struct rtattr *)buf, 16)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 5, buf, NONE, 0, 8, NONE, NONE, NONE);
	CHECK_IN_BOUNDS(tb, 5, buf, 16);
	free(tb);
	free(buf);
}

/* Masking (3.10): flags 0 leaves NESTED (0x8000) and NET_BYTEORDER (0x4000) types above max,
 * so they are ignored; parse_rtattr_flags masks exactly the given bits (type & ~flags). */
static void test_masking(void)
{
	static const unsigned char bytes[] = {
		RTA(8, 0x8001), H32(1),    /* 0 */
		RTA(8, 0x4002), H32(2),    /* 8 */
		RTA(8, 0xC003), H32(3),    /* 16 */
		RTA(8, 1), H32(4),         /* 24: plain 1, after the NESTED one */
		RTA(8, 7), H32(5),         /* 32: 7 & ~0x0003 = 4 */
	};
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr *rta = (struct rtattr *)buf;
	struct rtattr **tb = new_tb(7);
	int len = sizeof(bytes);

	CHECK_INT(CAPTURE(parse_rtattr(tb, 7, rta, len)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, NONE, 24, NONE, NONE, NONE, NONE, NONE, 32);

	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 7, rta, len, 0)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, NONE, 24, NONE, NONE, NONE, NONE, NONE, 32);

	/* NESTED masked: 0x8001 -> 1 (before the plain 1: first wins); 0x4002, 0xC003 ignored. */
	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 7, rta, len, NLA_F_NESTED)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, NONE, 0, NONE, NONE, NONE, NONE, NONE, 32);

	/* NET_BYTEORDER masked only. */
	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 7, rta, len, NLA_F_NET_BYTEORDER)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, NONE, 24, 8, NONE, NONE, NONE, NONE, 32);

	/* Both. */
	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 7, rta, len, NLA_F_NESTED | NLA_F_NET_BYTEORDER)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, NONE, 0, 8, 16, NONE, NONE, NONE, 32);

	/* Any bits: type & ~0x0003 maps 1, 2 and 3 to 0, and 7 to 4. */
	CHECK_INT(CAPTURE(parse_rtattr_flags(tb, 7, rta, len, 0xC003)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 7, buf, 0, NONE, NONE, NONE, 32, NONE, NONE, NONE);
	CHECK_IN_BOUNDS(tb, 7, buf, len);
	free(tb);

	/* A max large enough for the flagged type stores it unmasked under flags 0. */
	tb = new_tb(0x8001);
	CHECK_INT(CAPTURE(parse_rtattr(tb, 0x8001, rta, len)), 0);
	CHECK_STR(err, "");
	CHECK(tb[0x8001] == rta);
	CHECK(tb[1] == (struct rtattr *)(buf + 24));
	CHECK(tb[0x4002] == (struct rtattr *)(buf + 8));
	CHECK(tb[0] == NULL && tb[2] == NULL && tb[0x8000] == NULL);
	CHECK_IN_BOUNDS(tb, 0x8001, buf, len);
	free(tb);
	free(buf);
}

/* Truncated last attribute (rta_len > remaining): the walk stops, "!!!Deficit <remaining>,
 * rta_len=<its rta_len>" (header fully inside, so the real value), return 0. */
static void test_truncated(void)
{
	static const unsigned char bytes[] = {
		RTA(8, 1), H32(1),
		RTA(12, 2), H32(2),     /* claims 12, 8 remain */
	};
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr **tb = new_tb(3);

	CHECK_INT(CAPTURE(parse_rtattr(tb, 3, (struct rtattr *)buf, sizeof(bytes))), 0);
	CHECK_STR(err, "!!!Deficit 8, rta_len=12\n");
	CHECK_TB(tb, 3, buf, NONE, 0, NONE, NONE);
	CHECK_IN_BOUNDS(tb, 3, buf, sizeof(bytes));
	free(tb);
	free(buf);
}

/* rta_len < 4 stops the walk (RTA_OK): Deficit with the real small rta_len. */
static void test_short_rta_len(void)
{
	static const unsigned char b2[] = { RTA(8, 1), H32(1), RTA(2, 2), 0, 0 };
	static const unsigned char b0[] = { RTA(0, 1), H32(0) };
	unsigned char *buf = input(b2, sizeof(b2));
	struct rtattr **tb = new_tb(3);

	CHECK_INT(CAPTURE(parse_rtattr(tb, 3, (struct rtattr *)buf, sizeof(b2))), 0);
	CHECK_STR(err, "!!!Deficit 6, rta_len=2\n");
	CHECK_TB(tb, 3, buf, NONE, 0, NONE, NONE);
	CHECK_IN_BOUNDS(tb, 3, buf, sizeof(b2));
	free(buf);

	/* rta_len 0 as the very first attribute: nothing stored (and no endless loop). */
	buf = input(b0, sizeof(b0));
	CHECK_INT(CAPTURE(parse_rtattr(tb, 3, (struct rtattr *)buf, sizeof(b0))), 0);
	CHECK_STR(err, "!!!Deficit 8, rta_len=0\n");
	CHECK_TB(tb, 3, buf, NONE, NONE, NONE, NONE);
	free(tb);
	free(buf);
}

/* Zero-length input: tb cleared, return 0, nothing printed and nothing read (rta points one
 * past the end of a heap block). */
static void test_zero_length(void)
{
	unsigned char *buf = malloc(4);
	struct rtattr **tb = new_tb(4);

	memset(buf, 0, 4);
	CHECK_INT(CAPTURE(parse_rtattr(tb, 4, (struct rtattr *)(buf + 4), 0)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 4, buf, NONE, NONE, NONE, NONE, NONE);
	CHECK(CAPTURE(parse_rtattr_one(1, (struct rtattr *)(buf + 4), 0)) == NULL);
	CHECK_STR(err, "");
	free(tb);
	free(buf);
}

/* 1..3 bytes remain after the last whole attribute: Deficit with that remaining len; the
 * rta_len part is not fixed (its header is not inside the buffer). */
static void test_remaining_1_to_3(void)
{
	for (int extra = 1; extra <= 3; extra++) {
		unsigned char bytes[11] = { RTA(8, 1), H32(1), 0xee, 0xee, 0xee };
		unsigned char *buf = input(bytes, 8 + extra);
		struct rtattr **tb = new_tb(2);

		CHECK_INT(CAPTURE(parse_rtattr(tb, 2, (struct rtattr *)buf, 8 + extra)), 0);
		CHECK_QUIET(is_deficit_line(err, extra), "remaining %d: stderr \"%s\"", extra, err);
		CHECK_TB(tb, 2, buf, NONE, 0, NONE);
		CHECK_IN_BOUNDS(tb, 2, buf, 8 + extra);
		CHECK(CAPTURE(parse_rtattr_one(5, (struct rtattr *)buf, 8 + extra)) == NULL);
		CHECK_QUIET(is_deficit_line(err, extra), "one, remaining %d: stderr \"%s\"", extra, err);
		free(tb);
		free(buf);
	}
}

/* Last attribute unpadded and the buffer ends at its unpadded length: it is stored, then
 * len goes negative (-1..-3) and the Deficit line shows that negative len. */
static void test_negative_deficit(void)
{
	for (int plen = 1; plen <= 3; plen++) {
		unsigned char bytes[16] = { RTA(8, 1), H32(1), RTA(4 + plen, 2), 0x71, 0x72, 0x73 };
		int len = 8 + 4 + plen;
		unsigned char *buf;
		struct rtattr **tb = new_tb(2);

		buf = input(bytes, len);
		CHECK_INT(CAPTURE(parse_rtattr(tb, 2, (struct rtattr *)buf, len)), 0);
		CHECK_QUIET(is_deficit_line(err, plen - 4), "payload %d: stderr \"%s\"", plen, err);
		CHECK_TB(tb, 2, buf, NONE, 0, 8);
		CHECK_IN_BOUNDS(tb, 2, buf, len);
		free(tb);
		free(buf);
	}
}

/* ---------------------------------------------------------------- parse_rtattr_one */

/* The first attribute with rta_type == type exactly: no masking, first duplicate; NULL and
 * no text when the input is consumed exactly; when found it returns at once (no Deficit even
 * if the input ends badly later); not found in a bad input: NULL and the Deficit text. */
static void test_parse_one(void)
{
	static const unsigned char bytes[] = {
		RTA(8, 0x8001), H32(1),  /* 0 */
		RTA(8, 1), H32(2),       /* 8 */
		RTA(8, 1), H32(3),       /* 16 */
		RTA(5, 0), 9, 0, 0, 0,    /* 24 */
	};
	static const unsigned char bad[] = { RTA(8, 1), H32(1), RTA(12, 2), H32(2) };
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr *rta = (struct rtattr *)buf;
	int len = sizeof(bytes);

	CHECK(CAPTURE(parse_rtattr_one(1, rta, len)) == (struct rtattr *)(buf + 8));
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one(0x8001, rta, len)) == rta);
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one(0, rta, len)) == (struct rtattr *)(buf + 24));
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one(2, rta, len)) == NULL);
	CHECK_STR(err, "");
	free(buf);

	buf = input(bad, sizeof(bad));
	rta = (struct rtattr *)buf;
	CHECK(CAPTURE(parse_rtattr_one(1, rta, sizeof(bad))) == rta);
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one(2, rta, sizeof(bad))) == NULL);
	CHECK_STR(err, "!!!Deficit 8, rta_len=12\n");
	free(buf);
}

/* ---------------------------------------------------------------- nested macros */

/* parse_rtattr_nested = parse_rtattr_flags(RTA_DATA, RTA_PAYLOAD, NLA_F_NESTED): NESTED masked,
 * NET_BYTEORDER not. parse_rtattr_one_nested = parse_rtattr_one(type, RTA_DATA, RTA_PAYLOAD). */
static void test_nested_macros(void)
{
	static const unsigned char bytes[] = {
		RTA(32, 0x8005),            /* 0: outer */
		RTA(8, 1), H32(1),         /* 4 */
		RTA(8, 0x8002), H32(2),    /* 12 */
		RTA(8, 0x4003), H32(3),    /* 20 */
		RTA(4, 9),                  /* 28: above max */
	};
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr *outer = (struct rtattr *)buf;
	struct rtattr **tb = new_tb(3);

	CHECK_INT(CAPTURE(parse_rtattr_nested(tb, 3, outer)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 3, buf, NONE, 4, 12, NONE);
	CHECK_IN_BOUNDS(tb, 3, buf + 4, 28);

	CHECK(CAPTURE(parse_rtattr_one_nested(0x8002, outer)) == (struct rtattr *)(buf + 12));
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one_nested(2, outer)) == NULL); /* no masking */
	CHECK_STR(err, "");
	CHECK(CAPTURE(parse_rtattr_one_nested(9, outer)) == (struct rtattr *)(buf + 28));
	CHECK_STR(err, "");
	free(tb);
	free(buf);
}

/* ---------------------------------------------------------------- nested compat */

/* Long payload (netem layout): [outer][6 data bytes + 2 pad][inner hdr][attrs]: the inner nest
 * at RTA_DATA + RTA_ALIGN(len) is parsed masking NESTED; the macro sets data = RTA_DATA. */
static void test_compat_long(void)
{
	static const unsigned char bytes[] = {
		RTA(36, 2),                                  /* 0: outer */
		0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0, 0,    /* 4: qopt (6) + pad */
		RTA(24, 2),                                  /* 12: inner */
		RTA(8, 1), H32(1),                          /* 16 */
		RTA(12, 0x8004), H32(2), H32(3),           /* 24 */
	};
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr *outer = (struct rtattr *)buf;
	struct rtattr **tb = new_tb(5);
	void *data = (void *)1;
	size_t zero = 0; /* a variable: a literal 0 would make the macro's ">= len" always true */

	CHECK_INT(CAPTURE(parse_rtattr_nested_compat(tb, 5, outer, data, 6)), 0);
	CHECK_STR(err, "");
	CHECK(data == buf + 4);
	CHECK_TB(tb, 5, buf, NONE, 16, NONE, NONE, 24, NONE);
	CHECK_IN_BOUNDS(tb, 5, buf, sizeof(bytes));

	CHECK_INT(CAPTURE(__parse_rtattr_nested_compat(tb, 5, outer, 6)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 5, buf, NONE, 16, NONE, NONE, 24, NONE);
	free(tb);
	free(buf);

	/* len 0: the inner nest starts right at RTA_DATA. */
	static const unsigned char b0[] = { RTA(16, 2), RTA(12, 2), RTA(8, 3), H32(7) };
	buf = input(b0, sizeof(b0));
	tb = new_tb(3);
	CHECK_INT(CAPTURE(parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, data, zero)), 0);
	CHECK_STR(err, "");
	CHECK(data == buf + 4);
	CHECK_TB(tb, 3, buf, NONE, NONE, NONE, 8);
	CHECK_IN_BOUNDS(tb, 3, buf, sizeof(b0));
	free(tb);
	free(buf);
}

/* Short payload (RTA_PAYLOAD < len): -1, tb NOT cleared, the macro sets data = NULL. */
static void test_compat_short(void)
{
	for (int payload = 0; payload < 6; payload++) {
		unsigned char bytes[12] = { RTA(4 + payload, 2), 1, 2, 3, 4, 5, 6, 7, 8 };
		unsigned char *buf = input(bytes, 4 + payload);
		struct rtattr **tb = new_tb(3);
		void *data = (void *)1;

		CHECK_INT(CAPTURE(parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, data, 6)), -1);
		CHECK_STR(err, "");
		CHECK(data == NULL);
		for (int i = 0; i <= 3; i++)
			CHECK_QUIET(tb[i] == GARBAGE, "payload %d: tb[%d] changed", payload, i);
		CHECK_INT(CAPTURE(__parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, 6)), -1);
		CHECK_STR(err, "");
		CHECK(tb[0] == GARBAGE && tb[3] == GARBAGE);
		free(tb);
		free(buf);
	}
}

/* Payload from len up to RTA_ALIGN(len) + 3 (no room for an inner header): tb cleared,
 * return 0, data = RTA_DATA. len 6: payloads 6..11; len 8: payloads 8..11. */
static void test_compat_middle(void)
{
	static const int lens[] = { 6, 8, 5 };

	for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
		int len = lens[l];

		for (int payload = len; payload < ((len + 3) & ~3) + 4; payload++) {
			unsigned char bytes[16] = { 0 };
			unsigned char *buf;
			struct rtattr **tb = new_tb(3);
			void *data = NULL;

			memset(bytes + 4, 0x04, sizeof(bytes) - 4); /* looks like rta_len 0x0404 */
			ct_put16(bytes, 4 + payload);
			ct_put16(bytes + 2, 2);
			buf = input(bytes, 4 + payload);
			CHECK_INT(CAPTURE(parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, data, (size_t)len)), 0);
			CHECK_QUIET(err[0] == '\0', "len %d payload %d: stderr \"%s\"", len, payload, err);
			CHECK(data == buf + 4);
			for (int i = 0; i <= 3; i++)
				CHECK_QUIET(tb[i] == NULL, "len %d payload %d: tb[%d] not cleared", len, payload, i);
			free(tb);
			free(buf);
		}
	}
}

/* Payload exactly RTA_ALIGN(len) + 4 with an empty inner nest: inner parse of 0 bytes, tb
 * cleared, 0, no text. */
static void test_compat_empty_inner(void)
{
	static const unsigned char bytes[] = { RTA(16, 2), 1, 2, 3, 4, 5, 6, 0, 0, RTA(4, 2) };
	unsigned char *buf = input(bytes, sizeof(bytes));
	struct rtattr **tb = new_tb(3);

	CHECK_INT(CAPTURE(__parse_rtattr_nested_compat(tb, 3, (struct rtattr *)buf, 6)), 0);
	CHECK_STR(err, "");
	CHECK_TB(tb, 3, buf, NONE, NONE, NONE, NONE);
	free(tb);
	free(buf);
}

int main(void)
{
	test_basic();
	test_masking();
	test_truncated();
	test_short_rta_len();
	test_zero_length();
	test_remaining_1_to_3();
	test_negative_deficit();
	test_parse_one();
	test_nested_macros();
	test_compat_long();
	test_compat_short();
	test_compat_middle();
	test_compat_empty_inner();
	return ct_result("attr_parse");
}
