/*
 * ctest: cflags -fwrapv
 *
 * The rnl_nlmsg_* / rnl_rta_* functions against the real macros of <linux/netlink.h> and
 * <linux/rtnetlink.h>: every length from below zero to well past 64 KiB, the wrapping edges,
 * and header lengths of 0, below a header, above the remaining length and 0xffffffff.
 * (-fwrapv: NLMSG_PAYLOAD's int arithmetic overflows near INT_MAX; we compare wrapped values.)
 */
#include <limits.h>
#include <stdint.h>
#include <rnetlink.h>
#include "ctest.h"

static const uint32_t nlmsg_lens[] = {
	0, 1, 3, 4, 15, 16, 17, 19, 20, 21, 100, 4095, 4096, 32768, 65535, 65536, 65537,
	70000, 0x7ffffffcu, 0x7fffffffu, 0x80000000u, 0xfffffff0u, 0xfffffffcu, 0xfffffffdu, 0xffffffffu,
};
static const uint16_t rta_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 100, 65531, 65532, 65533, 65535 };

/* Remaining lengths: a dense range around the interesting sizes plus the int extremes. */
static int next_len(int len)
{
	if (len == INT_MIN)
		return -70000;
	if (len < 70000)
		return len + 1;
	if (len < INT_MAX - 10)
		return INT_MAX - 10;
	return len + 1; /* wraps to INT_MIN after INT_MAX under -fwrapv: the loop stops there */
}

static void sweep_size_t_macros(void)
{
	static const size_t extremes[] = {
		(size_t)-1, (size_t)-2, (size_t)-3, (size_t)-4, (size_t)-5, (size_t)-16, (size_t)-17,
		(size_t)INT_MAX, (size_t)INT_MAX + 1, (size_t)UINT_MAX, (size_t)UINT_MAX - 3,
		(size_t)UINT_MAX + 1, (size_t)UINT_MAX + 5, (size_t)(1ULL << 40), SIZE_MAX - 15, SIZE_MAX - 16,
	};
	/* Where size_t has 32 bits the values above 4 GiB wrap to small ones (UINT_MAX + 1 is 0,
	 * 1 << 40 is 0): still lengths a caller can pass, and the shift is done in 64 bits. */
	size_t i, len;

	for (len = 0; len <= 140000; len++) {
		CHECK_QUIET(rnl_nlmsg_align(len) == (int)NLMSG_ALIGN(len), "NLMSG_ALIGN(%zu)", len);
		CHECK_QUIET(rnl_nlmsg_length(len) == (int)NLMSG_LENGTH(len), "NLMSG_LENGTH(%zu)", len);
		CHECK_QUIET(rnl_nlmsg_space(len) == (int)NLMSG_SPACE(len), "NLMSG_SPACE(%zu)", len);
	}
	for (i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++) {
		len = extremes[i];
		CHECK_QUIET(rnl_nlmsg_align(len) == (int)NLMSG_ALIGN(len), "NLMSG_ALIGN(%zu)", len);
		CHECK_QUIET(rnl_nlmsg_length(len) == (int)NLMSG_LENGTH(len), "NLMSG_LENGTH(%zu)", len);
		CHECK_QUIET(rnl_nlmsg_space(len) == (int)NLMSG_SPACE(len), "NLMSG_SPACE(%zu)", len);
	}
	/* int arguments as C callers pass them, negative ones included (converted to size_t). */
	for (int n = -70000; n <= 0; n++) {
		CHECK_QUIET(rnl_nlmsg_align(n) == (int)NLMSG_ALIGN((size_t)n), "NLMSG_ALIGN(%d)", n);
		CHECK_QUIET(rnl_nlmsg_length(n) == (int)NLMSG_LENGTH((size_t)n), "NLMSG_LENGTH(%d)", n);
		CHECK_QUIET(rnl_nlmsg_space(n) == (int)NLMSG_SPACE((size_t)n), "NLMSG_SPACE(%d)", n);
	}
}

static void sweep_unsigned_rta_macros(void)
{
	unsigned int len;

	for (len = 0; len <= 140000; len++) {
		CHECK_QUIET(rnl_rta_align(len) == (unsigned int)RTA_ALIGN(len), "RTA_ALIGN(%u)", len);
		CHECK_QUIET(rnl_rta_length(len) == (unsigned int)RTA_LENGTH(len), "RTA_LENGTH(%u)", len);
		CHECK_QUIET(rnl_rta_space(len) == (unsigned int)RTA_SPACE(len), "RTA_SPACE(%u)", len);
	}
	for (len = UINT_MAX - 70000; ; len++) {
		CHECK_QUIET(rnl_rta_align(len) == (unsigned int)RTA_ALIGN(len), "RTA_ALIGN(%u)", len);
		CHECK_QUIET(rnl_rta_length(len) == (unsigned int)RTA_LENGTH(len), "RTA_LENGTH(%u)", len);
		CHECK_QUIET(rnl_rta_space(len) == (unsigned int)RTA_SPACE(len), "RTA_SPACE(%u)", len);
		if (len == UINT_MAX)
			break;
	}
}

static void sweep_nlmsg_headers(void)
{
	struct nlmsghdr h;
	size_t i;

	memset(&h, 0, sizeof(h));
	for (i = 0; i < sizeof(nlmsg_lens) / sizeof(nlmsg_lens[0]); i++) {
		int len = INT_MIN;

		h.nlmsg_len = nlmsg_lens[i];
		for (;;) {
			int a = len, b = len;
			struct nlmsghdr *want, *got;

			CHECK_QUIET(rnl_nlmsg_ok(&h, len) == (NLMSG_OK(&h, len) ? 1 : 0),
				    "NLMSG_OK(nlmsg_len=%u, %d)", h.nlmsg_len, len);
			CHECK_QUIET(rnl_nlmsg_payload(&h, len) == (int)NLMSG_PAYLOAD(&h, len),
				    "NLMSG_PAYLOAD(nlmsg_len=%u, %d)", h.nlmsg_len, len);
			want = NLMSG_NEXT(&h, a);
			got = rnl_nlmsg_next(&h, &b);
			CHECK_QUIET(got == want && a == b, "NLMSG_NEXT(nlmsg_len=%u, %d)", h.nlmsg_len, len);
			if (len == INT_MAX)
				break;
			len = next_len(len);
		}
		CHECK(rnl_nlmsg_data(&h) == NLMSG_DATA(&h));
	}
}

static void sweep_rta_headers(void)
{
	struct rtattr rta;
	size_t i;

	for (i = 0; i < sizeof(rta_lens) / sizeof(rta_lens[0]); i++) {
		int len = INT_MIN;

		rta.rta_type = 0;
		rta.rta_len = rta_lens[i];
		for (;;) {
			int a = len, b = len;
			struct rtattr *want, *got;

			CHECK_QUIET(rnl_rta_ok(&rta, len) == (RTA_OK(&rta, len) ? 1 : 0),
				    "RTA_OK(rta_len=%u, %d)", rta.rta_len, len);
			want = RTA_NEXT(&rta, a);
			got = rnl_rta_next(&rta, &b);
			CHECK_QUIET(got == want && a == b, "RTA_NEXT(rta_len=%u, %d)", rta.rta_len, len);
			if (len == INT_MAX)
				break;
			len = next_len(len);
		}
		CHECK(rnl_rta_data(&rta) == RTA_DATA(&rta));
	}
	/* RTA_PAYLOAD for every possible rta_len. */
	for (unsigned int l = 0; l <= 0xffff; l++) {
		rta.rta_len = (unsigned short)l;
		CHECK_QUIET(rnl_rta_payload(&rta) == (unsigned int)RTA_PAYLOAD(&rta), "RTA_PAYLOAD(rta_len=%u)", l);
	}
}

/* Walking a real buffer with the functions visits the same messages as the macros. */
static void walk_like_the_macros(void)
{
	unsigned char buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *h, *g;
	int a = sizeof(buf), b = sizeof(buf), visits = 0;

	memset(buf, 0, sizeof(buf));
	((struct nlmsghdr *)buf)->nlmsg_len = 20;
	((struct nlmsghdr *)(buf + 20))->nlmsg_len = 37;
	((struct nlmsghdr *)(buf + 60))->nlmsg_len = 500; /* longer than what remains */
	for (h = (struct nlmsghdr *)buf, g = h; NLMSG_OK(h, a); h = NLMSG_NEXT(h, a), visits++) {
		CHECK(rnl_nlmsg_ok(g, b));
		g = rnl_nlmsg_next(g, &b);
	}
	CHECK_INT(visits, 2);
	CHECK(g == h && a == b && !rnl_nlmsg_ok(g, b));
}

/* NULL pointers: the functions return NULL/0 and change nothing, where the macros would crash. */
static void null_arguments(void)
{
	struct nlmsghdr h = { .nlmsg_len = 16 };
	struct rtattr rta = { .rta_len = 4 };
	int len = 100;

	CHECK(rnl_nlmsg_ok(NULL, 100) == 0);
	CHECK(rnl_nlmsg_ok(NULL, 0) == 0);
	CHECK(rnl_nlmsg_next(NULL, &len) == NULL && len == 100);
	CHECK(rnl_nlmsg_next(&h, NULL) == NULL);
	CHECK(rnl_nlmsg_payload(NULL, 0) == 0);
	CHECK(rnl_nlmsg_data(NULL) == NULL);
	CHECK(rnl_rta_ok(NULL, 100) == 0);
	CHECK(rnl_rta_next(NULL, &len) == NULL && len == 100);
	CHECK(rnl_rta_next(&rta, NULL) == NULL);
	CHECK(rnl_rta_payload(NULL) == 0);
	CHECK(rnl_rta_data(NULL) == NULL);
}

int main(void)
{
	sweep_size_t_macros();
	sweep_unsigned_rta_macros();
	sweep_nlmsg_headers();
	sweep_rta_headers();
	walk_like_the_macros();
	null_arguments();
	CHECK_INT(rnl_version(), RNL_VERSION_NUM);
	return ct_result("macros_sweep");
}
