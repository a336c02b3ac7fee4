/*
 * nl_dump_ext_ack and nl_dump_ext_ack_done (spec 3.6) on hand-built messages: capped and
 * uncapped errors, MSG / OFFS / MISS_TYPE, the validation texts, the errfn callback and its
 * arguments, and DONE messages. Every message lives in an exact-size heap buffer (valgrind).
 */
#include <stddef.h>
#include <libnetlink.h>
#include "ctest.h"

#define ACK_TLVS 0x200
#define CAPPED 0x100

/* Builds NLMSG_ERROR {error, echoed header (+ echo_payload bytes unless capped)} + TLVs. */
static struct nlmsghdr *error_msg(int error, unsigned short flags, int echo_payload, const unsigned char *tlvs, int tlv_len)
{
	int echo = (flags & CAPPED) ? 0 : echo_payload;
	int len = 16 + 4 + 16 + NLMSG_ALIGN(echo) + tlv_len;
	struct nlmsghdr *n = calloc(1, len);
	struct nlmsgerr *e = NLMSG_DATA(n);

	n->nlmsg_len = len;
	n->nlmsg_type = NLMSG_ERROR;
	n->nlmsg_flags = flags;
	e->error = error;
	e->msg.nlmsg_len = 16 + echo_payload;
	e->msg.nlmsg_type = RTM_NEWADDR;
	memcpy((char *)n + len - tlv_len, tlvs, tlv_len);
	return n;
}

static int tlv(unsigned char *at, int type, const void *payload, int plen)
{
	struct rtattr *rta = (struct rtattr *)at;

	rta->rta_len = RTA_LENGTH(plen);
	rta->rta_type = type;
	memcpy(RTA_DATA(rta), payload, plen);
	memset((char *)RTA_DATA(rta) + plen, 0, RTA_ALIGN(plen) - plen);
	return RTA_SPACE(plen);
}

static const char *cb_msg;
static uint32_t cb_off;
static const struct nlmsghdr *cb_inner;
static int cb_calls;

static int errfn(const char *msg, uint32_t off, const struct nlmsghdr *inner)
{
	cb_msg = msg;
	cb_off = off;
	cb_inner = inner;
	cb_calls++;
	return 55;
}

static void run(struct nlmsghdr *n, nl_ext_ack_fn_t fn, int want_ret, const char *want_text)
{
	int r;

	ct_capture_begin();
	r = nl_dump_ext_ack(n, fn);
	CHECK_STR(ct_capture_end(), want_text);
	CHECK_INT(r, want_ret);
}

int main(void)
{
	unsigned char t[256];
	int l;
	struct nlmsghdr *n;
	__u32 off = 20, miss = 3, big = 100000;

	/* Uncapped error: the TLVs follow the echoed request (24 payload bytes). */
	l = tlv(t, NLMSGERR_ATTR_MSG, "Invalid prefix", 15);
	n = error_msg(-EINVAL, ACK_TLVS, 24, t, l);
	run(n, NULL, 1, "Error: Invalid prefix.\n");
	free(n);

	/* An ACK: a warning, returns 0; a text ending with '.' gets no second one. */
	l = tlv(t, NLMSGERR_ATTR_MSG, "done.", 6);
	n = error_msg(0, ACK_TLVS | CAPPED, 24, t, l);
	run(n, NULL, 0, "Warning: done.\n");
	free(n);

	/* Without NLM_F_ACK_TLVS nothing is looked at. */
	l = tlv(t, NLMSGERR_ATTR_MSG, "ignored", 8);
	n = error_msg(-EINVAL, 0, 0, t, l);
	run(n, NULL, 0, "");
	free(n);

	/* OFFS and the callback: uncapped, so the echoed request is passed as inner_nlh. */
	l = tlv(t, NLMSGERR_ATTR_MSG, "bad attr", 9);
	l += tlv(t + l, NLMSGERR_ATTR_OFFS, &off, 4);
	n = error_msg(-EINVAL, ACK_TLVS, 8, t, l);
	run(n, errfn, 55, "");
	CHECK_INT(cb_calls, 1);
	CHECK_STR(cb_msg, "bad attr");
	CHECK_INT(cb_off, 20);
	CHECK(cb_inner == &((struct nlmsgerr *)NLMSG_DATA(n))->msg);
	CHECK((const char *)cb_msg > (const char *)n && (const char *)cb_msg < (const char *)n + n->nlmsg_len);
	free(n);

	/* Capped: no inner request for the callback. */
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 8, t, l);
	run(n, errfn, 55, "");
	CHECK(cb_inner == NULL);
	CHECK_INT(cb_off, 20);
	free(n);

	/* An offset past the message: noted, and the callback gets 0. */
	l = tlv(t, NLMSGERR_ATTR_OFFS, &big, 4);
	n = error_msg(-EINVAL, ACK_TLVS, 0, t, l);
	run(n, errfn, 55, "Invalid offset for NLMSGERR_ATTR_OFFS\n");
	CHECK_INT(cb_off, 0);
	CHECK(cb_msg == NULL && cb_inner == NULL);
	free(n);

	/* A missing attribute type is printed before the message. */
	l = tlv(t, NLMSGERR_ATTR_MISS_TYPE, &miss, 4);
	l += tlv(t + l, NLMSGERR_ATTR_MSG, "Missing attribute", 18);
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 0, t, l);
	run(n, NULL, 1, "Missing required attribute type 3\nError: Missing attribute.\n");
	free(n);

	/* Validation: an unknown type, a MSG without NUL, an empty MSG, an OFFS of 2 bytes. */
	l = tlv(t, NLMSGERR_ATTR_MAX + 1, "x", 1);
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 0, t, l);
	run(n, errfn, 0, "Invalid extack attribute\n");
	free(n);
	l = tlv(t, NLMSGERR_ATTR_MSG, "abc", 3);
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 0, t, l);
	run(n, NULL, 0, "extack attribute 1 failed validation\n");
	free(n);
	l = tlv(t, NLMSGERR_ATTR_MSG, "", 0);
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 0, t, l);
	run(n, NULL, 0, "extack attribute 1 failed validation\n");
	free(n);
	l = tlv(t, NLMSGERR_ATTR_OFFS, "ab", 2);
	n = error_msg(-EINVAL, ACK_TLVS | CAPPED, 0, t, l);
	run(n, NULL, 0, "extack attribute 2 failed validation\n");
	free(n);

	/* An echoed request claiming nearly 4 GiB puts the TLVs past the message: nothing is
	 * parsed or printed, and the callback gets no text, offset or request. (A 32-bit library
	 * once wrapped that offset back into the message and printed a Rust panic here.) */
	{
		static const __u32 huge[] = { 0xffffffe8u, 0xfffffff0u, 0xfffffffcu, 0xffffffffu };

		l = tlv(t, NLMSGERR_ATTR_MSG, "not reached", 12);
		for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
			n = error_msg(-EINVAL, ACK_TLVS, 0, t, l);
			((struct nlmsgerr *)NLMSG_DATA(n))->msg.nlmsg_len = huge[i];
			run(n, NULL, 0, "");
			cb_calls = 0;
			run(n, errfn, 55, "");
			CHECK_INT(cb_calls, 1);
			CHECK(cb_msg == NULL && cb_off == 0 && cb_inner == NULL);
			free(n);
		}
	}

	/* COOKIE and POLICY are accepted and ignored. */
	l = tlv(t, NLMSGERR_ATTR_COOKIE, "12345678", 8);
	l += tlv(t + l, NLMSGERR_ATTR_MSG, "with cookie", 12);
	n = error_msg(-EPERM, ACK_TLVS | CAPPED, 0, t, l);
	run(n, NULL, 1, "Error: with cookie.\n");
	free(n);

	/* DONE: TLVs after the int; no NLM_F_ACK_TLVS needed; only MSG matters. */
	{
		int len = 16 + 4, r;
		unsigned char *buf;
		struct nlmsghdr *d;

		l = tlv(t, NLMSGERR_ATTR_OFFS, &off, 4);
		l += tlv(t + l, NLMSGERR_ATTR_MSG, "dump failed", 12);
		buf = calloc(1, len + l);
		d = (struct nlmsghdr *)buf;
		d->nlmsg_len = len + l;
		d->nlmsg_type = NLMSG_DONE;
		*(int *)NLMSG_DATA(d) = -ENOBUFS;
		memcpy(buf + len, t, l);
		ct_capture_begin();
		r = nl_dump_ext_ack_done(d, sizeof(int), -ENOBUFS);
		CHECK_STR(ct_capture_end(), "Error: dump failed.\n");
		CHECK_INT(r, 1);
		ct_capture_begin();
		r = nl_dump_ext_ack_done(d, sizeof(int), 0);
		CHECK_STR(ct_capture_end(), "Warning: dump failed.\n");
		CHECK_INT(r, 0);
		/* An offset past the message reads nothing. */
		ct_capture_begin();
		r = nl_dump_ext_ack_done(d, 4096, -1);
		CHECK_STR(ct_capture_end(), "");
		CHECK_INT(r, 0);
		/* So does one near 4 GiB (it must not wrap on a 32-bit library). */
		for (unsigned int o = 0xffffffe0u; o != 0; o++) {
			ct_capture_begin();
			r = nl_dump_ext_ack_done(d, o, -1);
			CHECK_STR(ct_capture_end(), "");
			CHECK_INT(r, 0);
		}
		free(buf);
	}

	/* NULL message: 0, nothing printed. */
	ct_capture_begin();
	CHECK_INT(nl_dump_ext_ack(NULL, NULL), 0);
	CHECK_INT(nl_dump_ext_ack_done(NULL, 4, -1), 0);
	CHECK_STR(ct_capture_end(), "");
	return ct_result("extack");
}
