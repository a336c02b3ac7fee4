/*
 *
 * The attribute builders of <libnetlink.h> (spec 3.9): golden bytes for every builder, the
 * nlmsg_len / rta_len they leave, their return values, and each bound edge (one byte short,
 * exact fit, negative maxlen, INT_MAX) with the exact stderr texts of spec 3.11.
 * Every buffer is an exact-size heap block, so valgrind sees any access past its end.
 * The expected arrays are in host byte order (H16/H32/H64 of ctest.h), as netlink is.
 */
#include <limits.h>
#include <stdint.h>
#include <libnetlink.h>
#include "ctest.h"

#define XX 0xAA /* pre-fill: a byte no builder writes (padding stays XX where spec says untouched) */
#define A4(x) (((x) + 3) & ~3)
/* The nlmsghdr every test message starts with: len, type 0x1234, flags 0x0305, seq 0x01020304. */
#define NLHDR(len) H32(len), H16(0x1234), H16(0x0305), H32(0x01020304), H32(0)
#define RTA(len, type) H16(len), H16(type)

/* Evaluates a call with stderr captured into err[]. */

/* Ends a capture during which nothing may reach stderr; whatever did (library text, or the
 * report of a CHECK that failed meanwhile) is shown as it was. */
#define QUIET_END() quiet_end(__LINE__)
static void quiet_end(int line)
{
	const char *text = ct_capture_end();

	ct_checks++;
	if (*text) {
		ct_failures++;
		fprintf(stderr, "%s:%d: unexpected stderr output:\n%s", __FILE__, line, text);
	}
}

#define CHECK_BYTES(got, want, n) check_bytes(__FILE__, __LINE__, #got, (got), (want), (n))
static void check_bytes(const char *file, int line, const char *what, const void *got,
			const void *want, size_t n)
{
	const unsigned char *g = got, *w = want;
	int shown = 0;

	ct_checks++;
	if (memcmp(g, w, n) == 0)
		return;
	ct_failures++;
	fprintf(stderr, "%s:%d: %s differs from the expected %zu bytes:\n", file, line, what, n);
	for (size_t i = 0; i < n && shown < 16; i++)
		if (g[i] != w[i]) {
			fprintf(stderr, "    [%zu] got 0x%02x want 0x%02x\n", i, g[i], w[i]);
			shown++;
		}
}

/* A message in an exact heap block of `size` bytes, filled with `fill`, nlmsg_len = len. */
static struct nlmsghdr *new_msg(size_t size, unsigned char fill, __u32 len)
{
	struct nlmsghdr *n = malloc(size);

	if (!n)
		exit(2);
	memset(n, fill, size);
	n->nlmsg_len = len;
	n->nlmsg_type = 0x1234;
	n->nlmsg_flags = 0x0305;
	n->nlmsg_seq = 0x01020304;
	n->nlmsg_pid = 0;
	return n;
}

/* An attribute in an exact heap block of `size` bytes, filled with `fill`. */
static struct rtattr *new_rta(size_t size, unsigned char fill, unsigned short len, unsigned short type)
{
	struct rtattr *rta = malloc(size);

	if (!rta)
		exit(2);
	memset(rta, fill, size);
	rta->rta_len = len;
	rta->rta_type = type;
	return rta;
}

static const char *fmt_err(const char *fmt, int maxlen)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), fmt, maxlen);
	return buf;
}

#define ADDATTR_L_ERR "addattr_l ERROR: message exceeded bound of %d\n"
#define ADDRAW_L_ERR "addraw_l ERROR: message exceeded bound of %d\n"
#define RTA_ADDATTR_L_ERR "rta_addattr_l: Error! max allowed bound %d exceeded\n"
#define RTA_ADDATTR32_ERR "rta_addattr32: Error! max allowed bound %d exceeded\n"

/* ---------------------------------------------------------------- golden bytes, addattr* */

/* addattr: an empty (flag) attribute, rta_len 4; nlmsg_len grows by 4. */
static void test_addattr(void)
{
	static const unsigned char want[] = { NLHDR(20), RTA(4, 3) };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr(n, sizeof(want), 3)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 20);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* addattr8: rta_len 5 (unpadded); nlmsg_len += RTA_ALIGN(5); the 3 padding bytes untouched. */
static void test_addattr8(void)
{
	static const unsigned char want[] = { NLHDR(24), RTA(5, 7), 0x42, XX, XX, XX };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr8(n, sizeof(want), 7, 0x42)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 24);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* addattr16: rta_len 6, host byte order, 2 padding bytes untouched. */
static void test_addattr16(void)
{
	static const unsigned char want[] = { NLHDR(24), RTA(6, 8), H16(0xBEEF), XX, XX };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr16(n, sizeof(want), 8, 0xBEEF)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 24);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* addattr32: rta_len 8, host byte order. */
static void test_addattr32(void)
{
	static const unsigned char want[] = { NLHDR(24), RTA(8, 9), H32(0x11223344) };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr32(n, sizeof(want), 9, 0x11223344)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 24);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* addattr64: rta_len 12, host byte order. */
static void test_addattr64(void)
{
	static const unsigned char want[] = {
		NLHDR(28), RTA(12, 10), H64(0x0102030405060708ULL),
	};
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr64(n, sizeof(want), 10, 0x0102030405060708ULL)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 28);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* addattrstrz: strlen + 1 bytes including the NUL; padding untouched. */
static void test_addattrstrz(void)
{
	static const unsigned char want[] = {
		NLHDR(28), RTA(10, 11), 'h', 'e', 'l', 'l', 'o', 0, XX, XX,
	};
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattrstrz(n, sizeof(want), 11, "hello")), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 28);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);

	/* The empty string: one NUL byte, rta_len 5. */
	static const unsigned char want0[] = { NLHDR(24), RTA(5, 11), 0, XX, XX, XX };
	n = new_msg(sizeof(want0), XX, 16);
	CHECK_INT(CAPTURE(addattrstrz(n, sizeof(want0), 11, "")), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(n, want0, sizeof(want0));
	free(n);
}

/* addattr_l: rta_len = 4 + alen (unpadded), data copied, padding after it untouched;
 * with alen 0 nothing is copied even when data is not NULL. */
static void test_addattr_l(void)
{
	static const unsigned char data[7] = { 1, 2, 3, 4, 5, 6, 7 };
	static const unsigned char want[] = { NLHDR(28), RTA(11, 12), 1, 2, 3, 4, 5, 6, 7, XX };
	static const unsigned char want0[] = { NLHDR(20), RTA(4, 12) };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addattr_l(n, sizeof(want), 12, data, sizeof(data))), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 28);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);

	n = new_msg(sizeof(want0), XX, 16);
	CHECK_INT(CAPTURE(addattr_l(n, sizeof(want0), 12, data, 0)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(n, want0, sizeof(want0));
	free(n);
}

/* A chain of builders on a message whose nlmsg_len is unaligned (17: a 1-byte family header).
 * The first attribute goes to NLMSG_ALIGN(17) = 20 and the gap 17..19 is not zeroed;
 * types are stored into the 16-bit rta_type (0x12345 -> 0x2345), flag bits pass through. */
static void test_chain_unaligned(void)
{
	static const unsigned char want[] = {
		NLHDR(48), 2, XX, XX, XX,
		RTA(5, 1), 0x7f, XX, XX, XX,                 /* 20: addattr8 */
		RTA(6, 2), H16(0x0a0b), XX, XX,             /* 28: addattr16 */
		RTA(4, 0x2345),                              /* 36: addattr_l type 0x12345, alen 0 */
		RTA(8, 0x8005), H32(0xcafef00d),            /* 40: addattr32 type NLA_F_NESTED|5 */
	};
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 17);
	int maxlen = sizeof(want);

	((unsigned char *)n)[16] = 2;
	ct_capture_begin();
	CHECK_INT(addattr8(n, maxlen, 1, 0x7f), 0);
	CHECK_INT(n->nlmsg_len, 28);
	CHECK_INT(addattr16(n, maxlen, 2, 0x0a0b), 0);
	CHECK_INT(n->nlmsg_len, 36);
	CHECK_INT(addattr_l(n, maxlen, 0x12345, NULL, 0), 0);
	CHECK_INT(n->nlmsg_len, 40);
	CHECK_INT(addattr32(n, maxlen, NLA_F_NESTED | 5, 0xcafef00d), 0);
	CHECK_INT(n->nlmsg_len, 48);
	QUIET_END();
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* ---------------------------------------------------------------- addraw_l */

/* addraw_l: raw bytes at NLMSG_TAIL, no header, padding up to NLMSG_ALIGN(len) zero-filled;
 * nlmsg_len = NLMSG_ALIGN(old) + NLMSG_ALIGN(len). */
static void test_addraw_l(void)
{
	static const unsigned char raw[5] = { 1, 2, 3, 4, 5 };
	static const unsigned char want[] = { NLHDR(24), 1, 2, 3, 4, 5, 0, 0, 0 };
	/* From unaligned nlmsg_len 18: data at 20, the gap 18..19 untouched, 1 zero pad byte. */
	static const unsigned char want_u[] = { NLHDR(24), XX, XX, XX, XX, 1, 2, 3, 0 };
	/* An aligned length: no padding to fill. */
	static const unsigned char want_a[] = { NLHDR(24), 1, 2, 3, 4, 5, 6, 7, 8 };
	static const unsigned char raw8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct nlmsghdr *n = new_msg(sizeof(want), XX, 16);

	CHECK_INT(CAPTURE(addraw_l(n, sizeof(want), raw, sizeof(raw))), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 24);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);

	n = new_msg(sizeof(want_u), XX, 18);
	CHECK_INT(CAPTURE(addraw_l(n, sizeof(want_u), raw, 3)), 0);
	CHECK_STR(err, "");
	CHECK_INT(n->nlmsg_len, 24);
	CHECK_BYTES(n, want_u, sizeof(want_u));
	free(n);

	n = new_msg(sizeof(want_a), XX, 16);
	CHECK_INT(CAPTURE(addraw_l(n, sizeof(want_a), raw8, 8)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(n, want_a, sizeof(want_a));
	free(n);
}

/* ---------------------------------------------------------------- nests */

/* addattr_nest returns NLMSG_TAIL and does NOT set NLA_F_NESTED (the caller ORs it in when it
 * wants it); addattr_nest_end sets rta_len up to the tail and returns nlmsg_len. */
static void test_addattr_nest(void)
{
	static const unsigned char want[] = {
		NLHDR(48),
		RTA(32, 18),                            /* 16: IFLA_LINKINFO, no NESTED flag */
		RTA(8, 1), 'v', 'e', 't', 'h',          /* 20: IFLA_INFO_KIND */
		RTA(12, 0x8002),                        /* 28: IFLA_INFO_DATA | NLA_F_NESTED */
		RTA(8, 1), H32(1500),                  /* 32 */
		RTA(5, 3), 9, 0, 0, 0,                  /* 40 */
	};
	int maxlen = sizeof(want);
	struct nlmsghdr *n = new_msg(maxlen, 0, 16);
	struct rtattr *nest, *inner;

	ct_capture_begin();
	nest = addattr_nest(n, maxlen, 18);
	CHECK(nest == (struct rtattr *)((char *)n + 16));
	CHECK_INT(n->nlmsg_len, 20);
	CHECK_INT(nest->rta_type, 18);
	CHECK_INT(nest->rta_len, 4);
	CHECK_INT(addattr_l(n, maxlen, 1, "veth", 4), 0);
	inner = addattr_nest(n, maxlen, 2 | NLA_F_NESTED);
	CHECK(inner == (struct rtattr *)((char *)n + 28));
	CHECK_INT(inner->rta_type, 0x8002);
	CHECK_INT(addattr32(n, maxlen, 1, 1500), 0);
	CHECK_INT(addattr_nest_end(n, inner), 40);
	CHECK_INT(inner->rta_len, 12);
	CHECK_INT(addattr8(n, maxlen, 3, 9), 0); /* exact fit of the buffer */
	CHECK_INT(addattr_nest_end(n, nest), 48);
	QUIET_END();
	CHECK_BYTES(n, want, sizeof(want));
	free(n);
}

/* An empty nest closes with rta_len 4; nest_end measures to the ALIGNED tail: with an
 * unaligned nlmsg_len 21 the nest reaches 24, and the return is nlmsg_len itself (21). */
static void test_addattr_nest_end_edges(void)
{
	struct nlmsghdr *n = new_msg(24, 0, 16);
	struct rtattr *nest;

	nest = CAPTURE(addattr_nest(n, 24, 5));
	CHECK_STR(err, "");
	CHECK_INT(addattr_nest_end(n, nest), 20);
	CHECK_INT(nest->rta_len, 4);
	n->nlmsg_len = 21;
	CHECK_INT(addattr_nest_end(n, nest), 21);
	CHECK_INT(nest->rta_len, 8);
	free(n);
}

/* addattr_nest on overflow: the addattr_l message, the message unchanged, and still the tail
 * pointer (past the used area). Negative maxlen: message printed, no crash, message unchanged. */
static void test_addattr_nest_overflow(void)
{
	struct nlmsghdr *n = new_msg(19, XX, 16);
	unsigned char before[64];
	struct rtattr *nest;

	memcpy(before, n, 19);
	nest = CAPTURE(addattr_nest(n, 19, 7));
	CHECK_STR(err, fmt_err(ADDATTR_L_ERR, 19));
	CHECK(nest == (struct rtattr *)((char *)n + 16));
	CHECK_BYTES(n, before, 19);
	free(n);

	/* Buffer exactly full: the tail is one past the end and must not be touched. */
	n = new_msg(16, XX, 16);
	memcpy(before, n, 16);
	nest = CAPTURE(addattr_nest(n, 16, 7));
	CHECK_STR(err, fmt_err(ADDATTR_L_ERR, 16));
	CHECK(nest == (struct rtattr *)((char *)n + 16));
	CHECK_BYTES(n, before, 16);
	free(n);

	n = new_msg(64, XX, 16);
	memcpy(before, n, 64);
	(void)CAPTURE(addattr_nest(n, -1, 7));
	CHECK_STR(err, fmt_err(ADDATTR_L_ERR, -1));
	CHECK_BYTES(n, before, 64);
	free(n);
}

/* tc netem style compat nest: [outer hdr T][data padded][inner hdr T][nested attrs...];
 * addattr_nest_compat returns the outer attribute; _end sets the outer rta_len to the tail,
 * the inner (at outer + NLMSG_ALIGN(old outer rta_len)) likewise, and returns nlmsg_len.
 * The data padding is not zeroed (addattr_l). */
static void test_addattr_nest_compat(void)
{
	static const unsigned char qopt[6] = { 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5 };
	static const unsigned char want[] = {
		NLHDR(52),
		RTA(36, 2), 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, XX, XX, /* 16: outer TCA_OPTIONS */
		RTA(24, 2),                                             /* 28: inner, same type */
		RTA(8, 1), H32(0x11223344),                            /* 32 */
		RTA(12, 4), H64(0x0102030405060708ULL),                /* 40 */
	};
	int maxlen = sizeof(want);
	struct nlmsghdr *n = new_msg(maxlen, XX, 16);
	struct rtattr *start;

	ct_capture_begin();
	start = addattr_nest_compat(n, maxlen, 2, qopt, sizeof(qopt));
	CHECK(start == (struct rtattr *)((char *)n + 16));
	CHECK_INT(n->nlmsg_len, 32);
	CHECK_INT(addattr32(n, maxlen, 1, 0x11223344), 0);
	CHECK_INT(addattr64(n, maxlen, 4, 0x0102030405060708ULL), 0);
	CHECK_INT(addattr_nest_compat_end(n, start), 52);
	QUIET_END();
	CHECK_INT(start->rta_len, 36);
	CHECK_BYTES(n, want, sizeof(want));
	free(n);

	/* An empty compat nest: outer = data + empty inner header. */
	static const unsigned char want_e[] = {
		NLHDR(28), RTA(12, 3), 0xd0, 0xd1, 0xd2, 0xd3, RTA(4, 3),
	};
	n = new_msg(sizeof(want_e), XX, 16);
	ct_capture_begin();
	start = addattr_nest_compat(n, sizeof(want_e), 3, qopt, 4);
	CHECK_INT(addattr_nest_compat_end(n, start), 28);
	QUIET_END();
	CHECK_BYTES(n, want_e, sizeof(want_e));
	free(n);
}

/* ---------------------------------------------------------------- rta_* builders */

/* rta_addattr8/16/32/64/_l append at rta + RTA_ALIGN(rta_len), sub rta_len unpadded, padding
 * untouched, and rta->rta_len = NLMSG_ALIGN(rta_len) + RTA_ALIGN(len). */
static void test_rta_addattr(void)
{
	static const unsigned char w8[] = { RTA(12, 15), RTA(5, 1), 0x42, XX, XX, XX };
	static const unsigned char w16[] = { RTA(12, 15), RTA(6, 2), H16(0xBEEF), XX, XX };
	static const unsigned char w32[] = { RTA(12, 15), RTA(8, 3), H32(0x11223344) };
	static const unsigned char w64[] = { RTA(16, 15), RTA(12, 4), H64(0x0102030405060708ULL) };
	static const unsigned char wl[] = { RTA(12, 15), RTA(7, 5), 0xa1, 0xb2, 0xc3, XX };
	static const unsigned char wl0[] = { RTA(8, 15), RTA(4, 6) };
	struct rtattr *rta;

	rta = new_rta(sizeof(w8), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr8(rta, sizeof(w8), 1, 0x42)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, w8, sizeof(w8));
	free(rta);

	rta = new_rta(sizeof(w16), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr16(rta, sizeof(w16), 2, 0xBEEF)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, w16, sizeof(w16));
	free(rta);

	rta = new_rta(sizeof(w32), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr32(rta, sizeof(w32), 3, 0x11223344)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, w32, sizeof(w32));
	free(rta);

	rta = new_rta(sizeof(w64), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr64(rta, sizeof(w64), 4, 0x0102030405060708ULL)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, w64, sizeof(w64));
	free(rta);

	rta = new_rta(sizeof(wl), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr_l(rta, sizeof(wl), 5, "\xa1\xb2\xc3", 3)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, wl, sizeof(wl));
	free(rta);

	rta = new_rta(sizeof(wl0), XX, 4, 15);
	CHECK_INT(CAPTURE(rta_addattr_l(rta, sizeof(wl0), 6, NULL, 0)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, wl0, sizeof(wl0));
	free(rta);
}

/* From an unaligned rta_len (5: a u8 payload) the sub-attribute goes to offset 8 and the new
 * rta_len is NLMSG_ALIGN(5) + 8 = 16, for rta_addattr32 (own code) and rta_addattr_l. */
static void test_rta_addattr_unaligned(void)
{
	static const unsigned char w32[] = {
		RTA(16, 15), 0x99, XX, XX, XX, RTA(8, 3), H32(0xa0b0c0d0),
	};
	static const unsigned char wl[] = {
		RTA(16, 15), 0x99, XX, XX, XX, RTA(6, 3), H16(0x0201), XX, XX,
	};
	struct rtattr *rta;

	rta = new_rta(sizeof(w32), XX, 5, 15);
	((unsigned char *)rta)[4] = 0x99;
	CHECK_INT(CAPTURE(rta_addattr32(rta, sizeof(w32), 3, 0xa0b0c0d0)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, w32, sizeof(w32));
	free(rta);

	rta = new_rta(sizeof(wl), XX, 5, 15);
	((unsigned char *)rta)[4] = 0x99;
	CHECK_INT(CAPTURE(rta_addattr16(rta, sizeof(wl), 3, 0x0201)), 0);
	CHECK_STR(err, "");
	CHECK_BYTES(rta, wl, sizeof(wl));
	free(rta);
}

/* rta_nest returns RTA_TAIL(rta) and SETS NLA_F_NESTED (unlike addattr_nest); rta_nest_end sets
 * the nest's rta_len to RTA_TAIL(rta) - nest and returns rta->rta_len. */
static void test_rta_nest(void)
{
	static const unsigned char want[] = {
		RTA(24, 0x20),
		RTA(20, 0x8007),          /* 4: nest */
		RTA(8, 1), H32(10),      /* 8 */
		RTA(5, 2), 5, XX, XX, XX, /* 16 */
	};
	int maxlen = sizeof(want);
	struct rtattr *rta = new_rta(maxlen, XX, 4, 0x20), *nest;

	ct_capture_begin();
	nest = rta_nest(rta, maxlen, 7);
	CHECK(nest == (struct rtattr *)((char *)rta + 4));
	CHECK_INT(rta->rta_len, 8);
	CHECK_INT(nest->rta_type, 0x8007);
	CHECK_INT(nest->rta_len, 4);
	CHECK_INT(rta_addattr32(rta, maxlen, 1, 10), 0);
	CHECK_INT(rta_addattr8(rta, maxlen, 2, 5), 0); /* exact fit */
	CHECK_INT(rta_nest_end(rta, nest), 24);
	QUIET_END();
	CHECK_BYTES(rta, want, sizeof(want));
	free(rta);

	/* A type that already carries NLA_F_NESTED keeps it; an empty nest ends with rta_len 4. */
	rta = new_rta(8, XX, 4, 0x20);
	nest = CAPTURE(rta_nest(rta, 8, 7 | NLA_F_NESTED));
	CHECK_STR(err, "");
	CHECK_INT(nest->rta_type, 0x8007);
	CHECK_INT(rta_nest_end(rta, nest), 8);
	CHECK_INT(nest->rta_len, 4);
	free(rta);
}

/* rta_nest on overflow: the rta_addattr_l message, rta unchanged, and still the nest pointer
 * (RTA_TAIL). With the buffer exactly full the tail is one past the end: nothing may be
 * written there (iproute2 would OR NLA_F_NESTED into it). Negative maxlen: message, no crash. */
static void test_rta_nest_overflow(void)
{
	unsigned char before[64];
	struct rtattr *rta, *nest;

	rta = new_rta(7, XX, 4, 0x20);
	nest = CAPTURE(rta_nest(rta, 7, 3));
	CHECK_STR(err, fmt_err(RTA_ADDATTR_L_ERR, 7));
	CHECK(nest == (struct rtattr *)((char *)rta + 4));
	CHECK_INT(rta->rta_len, 4);
	CHECK_INT(rta->rta_type, 0x20);
	free(rta);

	rta = new_rta(4, XX, 4, 0x20);
	memcpy(before, rta, 4);
	nest = CAPTURE(rta_nest(rta, 4, 3));
	CHECK_STR(err, fmt_err(RTA_ADDATTR_L_ERR, 4));
	CHECK(nest == (struct rtattr *)((char *)rta + 4));
	CHECK_BYTES(rta, before, 4);
	free(rta);

	rta = new_rta(64, XX, 4, 0x20);
	(void)CAPTURE(rta_nest(rta, -1, 3));
	CHECK_STR(err, fmt_err(RTA_ADDATTR_L_ERR, -1));
	CHECK_INT(rta->rta_len, 4);
	free(rta);
}

/* ip route multipath: an RTA_MULTIPATH rtattr buffer holding struct rtnexthop entries whose
 * sub-attributes (RTA_GATEWAY, RTA_FLOW) are added with rta_addattr_l / rta_addattr32, then
 * copied into the request with addattr_l(RTA_DATA, RTA_PAYLOAD). */
static void test_multipath(void)
{
	static const unsigned char want_mp[] = {
		RTA(44, RTA_MULTIPATH),
		H16(24), RTNH_F_ONLINK, 0, H32(2),    /* 4: nexthop 1 */
		RTA(8, RTA_GATEWAY), 192, 168, 1, 1,    /* 12 */
		RTA(8, RTA_FLOW), H32(0x00020001),     /* 20 */
		H16(16), 0, 1, H32(3),                /* 28: nexthop 2 */
		RTA(8, RTA_GATEWAY), 10, 0, 0, 1,       /* 36 */
	};
	static const unsigned char want_msg[] = {
		H32(72), H16(RTM_NEWROUTE), H16(NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL),
		H32(7), H32(0),
		AF_INET, 24, 0, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST, H32(0),
		RTA(44, RTA_MULTIPATH),
		H16(24), RTNH_F_ONLINK, 0, H32(2),
		RTA(8, RTA_GATEWAY), 192, 168, 1, 1,
		RTA(8, RTA_FLOW), H32(0x00020001),
		H16(16), 0, 1, H32(3),
		RTA(8, RTA_GATEWAY), 10, 0, 0, 1,
	};
	const int mplen = 64;
	struct rtattr *rta = calloc(1, mplen);
	struct rtnexthop *rtnh;
	struct nlmsghdr *n;
	struct rtmsg *r;
	unsigned char gw1[4] = { 192, 168, 1, 1 }, gw2[4] = { 10, 0, 0, 1 };

	ct_capture_begin();
	rta->rta_type = RTA_MULTIPATH;
	rta->rta_len = RTA_LENGTH(0);
	rtnh = RTA_DATA(rta);

	memset(rtnh, 0, sizeof(*rtnh));
	rtnh->rtnh_len = sizeof(*rtnh);
	rtnh->rtnh_flags = RTNH_F_ONLINK;
	rtnh->rtnh_ifindex = 2;
	rta->rta_len += rtnh->rtnh_len;
	CHECK_INT(rta_addattr_l(rta, mplen, RTA_GATEWAY, gw1, 4), 0);
	rtnh->rtnh_len += sizeof(struct rtattr) + 4;
	CHECK_INT(rta_addattr32(rta, mplen, RTA_FLOW, 0x00020001), 0);
	rtnh->rtnh_len += sizeof(struct rtattr) + 4;
	CHECK_INT(rta->rta_len, 28);

	rtnh = RTNH_NEXT(rtnh);
	CHECK((char *)rtnh == (char *)rta + 28);
	memset(rtnh, 0, sizeof(*rtnh));
	rtnh->rtnh_len = sizeof(*rtnh);
	rtnh->rtnh_hops = 1;
	rtnh->rtnh_ifindex = 3;
	rta->rta_len += rtnh->rtnh_len;
	CHECK_INT(rta_addattr_l(rta, mplen, RTA_GATEWAY, gw2, 4), 0);
	rtnh->rtnh_len += sizeof(struct rtattr) + 4;
	CHECK_INT(rta->rta_len, 44);
	CHECK_BYTES(rta, want_mp, sizeof(want_mp));

	n = calloc(1, sizeof(want_msg));
	n->nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	n->nlmsg_type = RTM_NEWROUTE;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	n->nlmsg_seq = 7;
	r = NLMSG_DATA(n);
	r->rtm_family = AF_INET;
	r->rtm_dst_len = 24;
	r->rtm_table = RT_TABLE_MAIN;
	r->rtm_protocol = RTPROT_BOOT;
	r->rtm_scope = RT_SCOPE_UNIVERSE;
	r->rtm_type = RTN_UNICAST;
	CHECK_INT(addattr_l(n, sizeof(want_msg), RTA_MULTIPATH, RTA_DATA(rta), RTA_PAYLOAD(rta)), 0);
	QUIET_END();
	CHECK_INT(n->nlmsg_len, 72);
	CHECK_BYTES(n, want_msg, sizeof(want_msg));
	free(n);
	free(rta);
}

/* ---------------------------------------------------------------- bound edges */

static const unsigned char d7[7] = { 1, 2, 3, 4, 5, 6, 7 };

static int b_addattr(void *p, int m) { return addattr(p, m, 3); }
static int b_addattr8(void *p, int m) { return addattr8(p, m, 3, 0x11); }
static int b_addattr16(void *p, int m) { return addattr16(p, m, 3, 0x1122); }
static int b_addattr32(void *p, int m) { return addattr32(p, m, 3, 0x11223344); }
static int b_addattr64(void *p, int m) { return addattr64(p, m, 3, 0x1122334455667788ULL); }
static int b_addattrstrz(void *p, int m) { return addattrstrz(p, m, 3, "abcdef"); }
static int b_addattr_l(void *p, int m) { return addattr_l(p, m, 3, d7, 7); }
static int b_addattr_l4(void *p, int m) { return addattr_l(p, m, 3, d7, 4); }
static int b_addraw_l(void *p, int m) { return addraw_l(p, m, d7, 5); }
static int b_addraw_l8(void *p, int m) { return addraw_l(p, m, d7, 4); }
static int b_rta_addattr8(void *p, int m) { return rta_addattr8(p, m, 3, 0x11); }
static int b_rta_addattr16(void *p, int m) { return rta_addattr16(p, m, 3, 0x1122); }
static int b_rta_addattr32(void *p, int m) { return rta_addattr32(p, m, 3, 0x11223344); }
static int b_rta_addattr64(void *p, int m) { return rta_addattr64(p, m, 3, 0x1122334455667788ULL); }
static int b_rta_addattr_l(void *p, int m) { return rta_addattr_l(p, m, 3, d7, 7); }
static int b_rta_addattr_l0(void *p, int m) { return rta_addattr_l(p, m, 3, NULL, 0); }

/* One builder with fixed arguments: the bytes it appends before alignment (RTA_LENGTH(alen),
 * or len for addraw_l) and the exact text of its bound message. */
struct bound_case {
	const char *name;
	int (*call)(void *buf, int maxlen);
	int is_rta;
	int grow;
	const char *fmt;
};

static const struct bound_case bound_cases[] = {
	{ "addattr", b_addattr, 0, 4, ADDATTR_L_ERR },
	{ "addattr8", b_addattr8, 0, 5, ADDATTR_L_ERR },
	{ "addattr16", b_addattr16, 0, 6, ADDATTR_L_ERR },
	{ "addattr32", b_addattr32, 0, 8, ADDATTR_L_ERR },
	{ "addattr64", b_addattr64, 0, 12, ADDATTR_L_ERR },
	{ "addattrstrz", b_addattrstrz, 0, 11, ADDATTR_L_ERR },
	{ "addattr_l(7)", b_addattr_l, 0, 11, ADDATTR_L_ERR },
	{ "addattr_l(4)", b_addattr_l4, 0, 8, ADDATTR_L_ERR },
	{ "addraw_l(5)", b_addraw_l, 0, 5, ADDRAW_L_ERR },
	{ "addraw_l(4)", b_addraw_l8, 0, 4, ADDRAW_L_ERR },
	{ "rta_addattr8", b_rta_addattr8, 1, 5, RTA_ADDATTR_L_ERR },
	{ "rta_addattr16", b_rta_addattr16, 1, 6, RTA_ADDATTR_L_ERR },
	{ "rta_addattr32", b_rta_addattr32, 1, 8, RTA_ADDATTR32_ERR },
	{ "rta_addattr64", b_rta_addattr64, 1, 12, RTA_ADDATTR_L_ERR },
	{ "rta_addattr_l(7)", b_rta_addattr_l, 1, 11, RTA_ADDATTR_L_ERR },
	{ "rta_addattr_l(0)", b_rta_addattr_l0, 1, 4, RTA_ADDATTR_L_ERR },
};

/* A buffer of `size` bytes (exact heap block) with the case's header and length `base`. */
static void *bound_buffer(const struct bound_case *c, int base, int size)
{
	if (c->is_rta)
		return new_rta(size, XX, base, 0x77);
	return new_msg(size, XX, base);
}

static unsigned int length_field(const struct bound_case *c, void *buf)
{
	return c->is_rta ? ((struct rtattr *)buf)->rta_len : ((struct nlmsghdr *)buf)->nlmsg_len;
}

/* The call must fail: -1, the exact bound text with maxlen printed by %d, buffer unchanged. */
static void expect_refused(const struct bound_case *c, int base, int maxlen, int size)
{
	unsigned char *buf = bound_buffer(c, base, size);
	unsigned char *before = malloc(size);
	int ret;

	memcpy(before, buf, size);
	ret = CAPTURE(c->call(buf, maxlen));
	CHECK_QUIET(ret == -1, "%s base %d maxlen %d: returned %d, want -1", c->name, base, maxlen, ret);
	CHECK_QUIET(strcmp(err, fmt_err(c->fmt, maxlen)) == 0, "%s base %d maxlen %d: stderr \"%s\"",
		    c->name, base, maxlen, err);
	CHECK_QUIET(memcmp(buf, before, size) == 0, "%s base %d maxlen %d: buffer changed",
		    c->name, base, maxlen);
	free(before);
	free(buf);
}

/* The call must succeed silently and leave the length field at `want_len`. */
static void expect_accepted(const struct bound_case *c, int base, int maxlen, int size, int want_len)
{
	unsigned char *buf = bound_buffer(c, base, size);
	int ret;

	ret = CAPTURE(c->call(buf, maxlen));
	CHECK_QUIET(ret == 0, "%s base %d maxlen %d: returned %d, want 0", c->name, base, maxlen, ret);
	CHECK_QUIET(err[0] == '\0', "%s base %d maxlen %d: stderr \"%s\"", c->name, base, maxlen, err);
	CHECK_QUIET((int)length_field(c, buf) == want_len, "%s base %d maxlen %d: length %u, want %d",
		    c->name, base, maxlen, length_field(c, buf), want_len);
	free(buf);
}

/* Bound rule (3.9 and 0.2 item 7): the call fits iff ALIGN(base) + ALIGN(grow) <= maxlen and
 * maxlen >= 0. Checked one byte short, at the exact fit, with INT_MAX (succeeds) and with
 * negative maxlen (refused with the negative value printed, although iproute2's unsigned
 * comparison would accept it). Bases: aligned and unaligned message / attribute lengths. */
static void test_bound_edges(void)
{
	for (size_t i = 0; i < sizeof(bound_cases) / sizeof(bound_cases[0]); i++) {
		const struct bound_case *c = &bound_cases[i];
		int bases[2] = { c->is_rta ? 4 : 16, c->is_rta ? 5 : 18 };

		for (int b = 0; b < 2; b++) {
			int base = bases[b];
			int need = A4(base) + A4(c->grow);

			expect_refused(c, base, need - 1, need - 1);
			expect_refused(c, base, need - 4, need - 4 < base ? base : need - 4);
			expect_refused(c, base, -1, need + 16);
			expect_refused(c, base, -4, need + 16);
			expect_refused(c, base, INT_MIN, need + 16);
			expect_accepted(c, base, need, need, need);
			expect_accepted(c, base, INT_MAX, need, need);
		}
	}
}

int main(void)
{
	test_addattr();
	test_addattr8();
	test_addattr16();
	test_addattr32();
	test_addattr64();
	test_addattrstrz();
	test_addattr_l();
	test_chain_unaligned();
	test_addraw_l();
	test_addattr_nest();
	test_addattr_nest_end_edges();
	test_addattr_nest_overflow();
	test_addattr_nest_compat();
	test_rta_addattr();
	test_rta_addattr_unaligned();
	test_rta_nest();
	test_rta_nest_overflow();
	test_multipath();
	test_bound_edges();
	return ct_result("attr_build");
}
