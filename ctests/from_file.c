/*
 *
 * rtnl_from_file (spec 3.8, difference 4): hand-built message files written with fwrite into
 * tmpfile(). Every record reaches the handler byte for byte with ctrl == NULL, NLMSG_TSTAMP
 * records included; the 4-byte padding after an unaligned nlmsg_len is consumed; a clean EOF
 * gives 0; the handler's negative value is returned at once, non-negative ones do not stop the
 * loop; refusals return -1 with the exact texts of spec 3.11 (`!!!malformed message: len=%d
 * @%lu` with ftell after the header, `rtnl-from_file: truncated message`, perror
 * `rtnl_from_file: fread`); 1 MiB and exactly 16 MiB messages are accepted, 16 MiB + 1 is not.
 * No kernel is needed.
 */
#include <stdint.h>
#include <libnetlink.h>
#include "ctest.h"

#define A4(x) (((x) + 3u) & ~3u)
#define MiB (1u << 20)

/* ---- building files ------------------------------------------------------------------ */

/* One record: a header with nlmsg_len `len` and `plen` payload bytes (a pattern derived from
 * `seed`), followed by `pad` padding bytes (0xEE). Returns a malloc'd buffer of the record
 * as it goes into the file; *outlen is its size. */
static unsigned char *record(uint32_t len, uint16_t type, uint32_t seq, size_t plen, size_t pad,
			     unsigned seed, size_t *outlen)
{
	size_t n = sizeof(struct nlmsghdr) + plen + pad, i;
	unsigned char *b = malloc(n);
	struct nlmsghdr h = {
		.nlmsg_len = len, .nlmsg_type = type, .nlmsg_flags = 0x0102,
		.nlmsg_seq = seq, .nlmsg_pid = 0x55aa00 + seed,
	};

	if (!b)
		exit(2);
	memcpy(b, &h, sizeof(h));
	for (i = 0; i < plen; i++)
		b[sizeof(h) + i] = (unsigned char)(seed * 31 + i * 7 + (i >> 8));
	memset(b + sizeof(h) + plen, 0xEE, pad);
	*outlen = n;
	return b;
}

static FILE *file_of(const unsigned char *const *recs, const size_t *lens, int n)
{
	FILE *fp = tmpfile();
	int i;

	if (!fp) {
		perror("tmpfile");
		exit(2);
	}
	for (i = 0; i < n; i++)
		if (fwrite(recs[i], 1, lens[i], fp) != lens[i]) {
			perror("fwrite");
			exit(2);
		}
	rewind(fp);
	return fp;
}

/* ---- the handler ----------------------------------------------------------------------- */

struct seen {
	int calls;
	int ctrl_not_null;
	int stop_at;		/* return stop_ret on this call (1-based); 0: never */
	int stop_ret;
	int other_ret;		/* returned otherwise */
	int nexp;		/* expected records (header + payload compared over nlmsg_len) */
	const unsigned char *const *exp;
	int mismatch_at;	/* first call whose bytes differ, 0 if none */
	uint32_t lens[16];
};

static int handler(struct rtnl_ctrl_data *ctrl, struct nlmsghdr *n, void *arg)
{
	struct seen *s = arg;
	int k = s->calls++;

	if (ctrl)
		s->ctrl_not_null++;
	if (k < 16)
		s->lens[k] = n->nlmsg_len;
	if (k >= s->nexp) {
		if (!s->mismatch_at)
			s->mismatch_at = k + 1;
	} else {
		uint32_t want;

		memcpy(&want, s->exp[k], 4);
		if (n->nlmsg_len != want || memcmp(n, s->exp[k], want) != 0) {
			if (!s->mismatch_at)
				s->mismatch_at = k + 1;
		}
	}
	if (s->stop_at && s->calls == s->stop_at)
		return s->stop_ret;
	return s->other_ret;
}

/* Runs rtnl_from_file over fp with stderr captured; returns the result, text in err[]. */
static char err[65536];
static int run(FILE *fp, struct seen *s)
{
	int r;

	ct_capture_begin();
	errno = 0;
	r = rtnl_from_file(fp, handler, s);
	snprintf(err, sizeof(err), "%s", ct_capture_end());
	return r;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_basic_records(void)
{
	size_t l[6];
	unsigned char *r[6];
	struct seen s = { 0 };
	FILE *fp;

	/* A link-like record, a NLMSG_TSTAMP record (two __u32), an unaligned record (len 21:
	 * 5 payload bytes + 3 padding bytes in the file), a bare header, a NLMSG_DONE and an
	 * NLMSG_ERROR-typed record: the library passes every type through untouched. */
	r[0] = record(16 + 32, RTM_NEWLINK, 1, 32, 0, 1, &l[0]);
	r[1] = record(16 + 8, NLMSG_TSTAMP, 0, 8, 0, 2, &l[1]);
	r[2] = record(21, RTM_NEWADDR, 3, 5, 3, 3, &l[2]);
	r[3] = record(16, NLMSG_NOOP, 4, 0, 0, 4, &l[3]);
	r[4] = record(20, NLMSG_DONE, 5, 4, 0, 5, &l[4]);
	r[5] = record(16 + 37, NLMSG_ERROR, 6, 37, 3, 6, &l[5]);
	fp = file_of((const unsigned char *const *)r, l, 6);
	s.exp = (const unsigned char *const *)r;
	s.nexp = 6;
	s.other_ret = 0;

	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 6);
	CHECK_INT(s.mismatch_at, 0);
	CHECK_INT(s.ctrl_not_null, 0);
	CHECK_INT(s.lens[1], 24);
	CHECK_INT(s.lens[2], 21);
	CHECK_INT(s.lens[3], 16);
	CHECK_INT(s.lens[5], 53);
	/* the whole file was consumed, the stream is at EOF without error */
	CHECK_INT(ftell(fp), (long)(l[0] + l[1] + l[2] + l[3] + l[4] + l[5]));
	CHECK(feof(fp));
	CHECK(!ferror(fp));
	fclose(fp);

	/* Positive handler returns do not stop the loop either. */
	fp = file_of((const unsigned char *const *)r, l, 6);
	memset(&s, 0, sizeof(s));
	s.exp = (const unsigned char *const *)r;
	s.nexp = 6;
	s.other_ret = 7;
	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 6);
	CHECK_INT(s.mismatch_at, 0);
	fclose(fp);

	/* The handler's negative value is returned at once: the 3rd record is never read. */
	fp = file_of((const unsigned char *const *)r, l, 6);
	memset(&s, 0, sizeof(s));
	s.exp = (const unsigned char *const *)r;
	s.nexp = 6;
	s.stop_at = 2;
	s.stop_ret = -33;
	CHECK_INT(run(fp, &s), -33);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 2);
	CHECK_INT(s.mismatch_at, 0);
	CHECK_INT(ftell(fp), (long)(l[0] + l[1]));
	fclose(fp);

	/* -1 from the handler is returned as -1, on the very first record. */
	fp = file_of((const unsigned char *const *)r, l, 6);
	memset(&s, 0, sizeof(s));
	s.exp = (const unsigned char *const *)r;
	s.nexp = 6;
	s.stop_at = 1;
	s.stop_ret = -1;
	CHECK_INT(run(fp, &s), -1);
	CHECK_INT(s.calls, 1);
	fclose(fp);

	/* An INT_MIN return is passed through unchanged. */
	fp = file_of((const unsigned char *const *)r, l, 6);
	memset(&s, 0, sizeof(s));
	s.exp = (const unsigned char *const *)r;
	s.nexp = 6;
	s.stop_at = 6;
	s.stop_ret = -2147483647 - 1;
	CHECK_INT(run(fp, &s), -2147483647LL - 1);
	CHECK_INT(s.calls, 6);
	fclose(fp);

	for (int i = 0; i < 6; i++)
		free(r[i]);
}

static void test_empty_and_eof(void)
{
	struct seen s = { 0 };
	FILE *fp = tmpfile();

	/* An empty file is a clean EOF: 0, handler never called. */
	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 0);
	/* Calling again at EOF is still 0. */
	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 0);
	fclose(fp);

	/* The stream need not start at offset 0: reading starts where the stream is (this is how
	 * `ip … restore` reads after its 4-byte magic). */
	{
		size_t l;
		unsigned char *r = record(16 + 12, RTM_NEWROUTE, 9, 12, 0, 9, &l);
		const unsigned char *exp[1] = { r };
		uint32_t magic = 0x45311224;

		fp = tmpfile();
		fwrite(&magic, 1, 4, fp);
		fwrite(r, 1, l, fp);
		rewind(fp);
		CHECK_INT(fread(&magic, 1, 4, fp), 4);
		memset(&s, 0, sizeof(s));
		s.exp = exp;
		s.nexp = 1;
		CHECK_INT(run(fp, &s), 0);
		CHECK_STR(err, "");
		CHECK_INT(s.calls, 1);
		CHECK_INT(s.mismatch_at, 0);
		fclose(fp);
		free(r);
	}
}

/* A file of: one valid 20-byte record (when `lead`), then a header with nlmsg_len `bad`. */
static void check_malformed(uint32_t bad, int lead, const char *want)
{
	size_t l0, l1;
	unsigned char *r0 = record(20, RTM_NEWLINK, 1, 4, 0, 1, &l0);
	/* the bad header is followed by 64 bytes that must not be consumed as a payload */
	unsigned char *r1 = record(bad, RTM_NEWLINK, 2, 64, 0, 2, &l1);
	const unsigned char *recs[2] = { lead ? r0 : r1, r1 };
	size_t lens[2] = { lead ? l0 : l1, l1 };
	struct seen s = { 0 };
	FILE *fp = file_of(recs, lens, lead ? 2 : 1);

	s.exp = recs;
	s.nexp = lead ? 1 : 0;
	CHECK_INT(run(fp, &s), -1);
	CHECK_STR(err, want);
	CHECK_INT(s.calls, lead ? 1 : 0);
	CHECK_INT(s.mismatch_at, 0);
	fclose(fp);
	free(r0);
	free(r1);
}

static void test_malformed(void)
{
	check_malformed(0, 0, "!!!malformed message: len=0 @16\n");
	check_malformed(15, 0, "!!!malformed message: len=15 @16\n");
	check_malformed(1, 1, "!!!malformed message: len=1 @36\n");
	check_malformed(15, 1, "!!!malformed message: len=15 @36\n");
	check_malformed(16 * MiB + 1, 0, "!!!malformed message: len=16777217 @16\n");
	check_malformed(16 * MiB + 1, 1, "!!!malformed message: len=16777217 @36\n");
	check_malformed(0x7fffffff, 0, "!!!malformed message: len=2147483647 @16\n");
	/* %d: lengths of 2 GiB and more print negative */
	check_malformed(0x80000000u, 0, "!!!malformed message: len=-2147483648 @16\n");
	check_malformed(0xffffffffu, 1, "!!!malformed message: len=-1 @36\n");

	/* From a pipe ftell fails: its -1 prints through %lu as ULONG_MAX of this target
	 * (4294967295 where long has 32 bits). */
	{
		size_t l1;
		unsigned char *r1 = record(8, RTM_NEWLINK, 2, 0, 0, 2, &l1);
		struct seen s = { 0 };
		char want[80];
		int fds[2];
		FILE *fp;

		CHECK(pipe(fds) == 0);
		CHECK_INT(write(fds[1], r1, l1), (long long)l1);
		close(fds[1]);
		fp = fdopen(fds[0], "r");
		snprintf(want, sizeof(want), "!!!malformed message: len=8 @%lu\n", (unsigned long)-1L);
		CHECK_INT(run(fp, &s), -1);
		CHECK_STR(err, want);
		CHECK_INT(s.calls, 0);
		fclose(fp);
		free(r1);
	}
}

static void test_truncated(void)
{
	static const char trunc[] = "rtnl-from_file: truncated message\n";
	size_t l0, l1, l2;
	unsigned char *r0 = record(20, RTM_NEWLINK, 1, 4, 0, 1, &l0);
	unsigned char *r1 = record(40, RTM_NEWADDR, 2, 24, 0, 2, &l1);
	unsigned char *r2 = record(21, RTM_NEWADDR, 3, 5, 3, 3, &l2);
	const unsigned char *recs[3] = { r0, r1, r2 };
	size_t lens[3];
	struct seen s;
	FILE *fp;
	size_t cut;

	/* The file ends inside a header: 1..15 bytes of it. */
	for (cut = 1; cut < 16; cut++) {
		lens[0] = l0;
		lens[1] = cut;
		fp = file_of(recs, lens, 2);
		memset(&s, 0, sizeof(s));
		s.exp = recs;
		s.nexp = 1;
		CHECK_INT(run(fp, &s), -1);
		CHECK_QUIET(strcmp(err, trunc) == 0, "header cut at %zu: \"%s\"", cut, err);
		CHECK_QUIET(s.calls == 1, "header cut at %zu: %d calls", cut, s.calls);
		fclose(fp);
	}

	/* The file ends inside a payload: header of len 40, then 0..23 of its 24 bytes. */
	for (cut = 16; cut < l1; cut++) {
		lens[0] = l0;
		lens[1] = cut;
		fp = file_of(recs, lens, 2);
		memset(&s, 0, sizeof(s));
		s.exp = recs;
		s.nexp = 1;
		CHECK_INT(run(fp, &s), -1);
		CHECK_QUIET(strcmp(err, trunc) == 0, "payload cut at %zu: \"%s\"", cut, err);
		CHECK_QUIET(s.calls == 1, "payload cut at %zu: %d calls", cut, s.calls);
		fclose(fp);
	}

	/* The last record (len 21) lacks its padding: the aligned payload (8 bytes) is short. */
	for (cut = 21; cut < l2; cut++) {
		lens[0] = l0;
		lens[1] = l1;
		fp = file_of(recs, lens, 2);
		fseek(fp, 0, SEEK_END);
		fwrite(r2, 1, cut, fp);
		rewind(fp);
		memset(&s, 0, sizeof(s));
		s.exp = recs;
		s.nexp = 2;
		CHECK_INT(run(fp, &s), -1);
		CHECK_QUIET(strcmp(err, trunc) == 0, "padding cut at %zu: \"%s\"", cut, err);
		CHECK_QUIET(s.calls == 2, "padding cut at %zu: %d calls", cut, s.calls);
		fclose(fp);
	}

	/* A header alone with len 17 (1 payload byte): the padded payload (4 bytes) is missing. */
	{
		size_t l;
		unsigned char *r = record(17, RTM_NEWLINK, 1, 0, 0, 4, &l);
		const unsigned char *one[1] = { r };

		fp = file_of(one, &l, 1);
		memset(&s, 0, sizeof(s));
		CHECK_INT(run(fp, &s), -1);
		CHECK_STR(err, trunc);
		CHECK_INT(s.calls, 0);
		fclose(fp);
		free(r);
	}
	free(r0);
	free(r1);
	free(r2);
}

static void test_stream_error(void)
{
	/* A stream that cannot be read: fread fails with an error (EBADF from glibc), no EOF:
	 * perror "rtnl_from_file: fread", -1, the handler is not called. */
	FILE *fp = fopen("/dev/null", "w");
	struct seen s = { 0 };

	if (!fp) {
		perror("/dev/null");
		exit(2);
	}
	CHECK_INT(run(fp, &s), -1);
	CHECK_STR(err, "rtnl_from_file: fread: Bad file descriptor\n");
	CHECK_INT(s.calls, 0);
	fclose(fp);
}

static void test_big(void)
{
	size_t l[3];
	unsigned char *r[3];
	struct seen s = { 0 };
	FILE *fp;

	/* 1 MiB (difference 4: iproute2 stops at 16 KiB), an unaligned 16 KiB + 1 record (just over
	 * iproute2's limit), then a small one: all whole, in order. */
	r[0] = record(MiB, RTM_NEWLINK, 1, MiB - 16, 0, 1, &l[0]);
	r[1] = record(16385, RTM_NEWROUTE, 2, 16385 - 16, 3, 2, &l[1]);
	r[2] = record(28, RTM_NEWADDR, 3, 12, 0, 3, &l[2]);
	fp = file_of((const unsigned char *const *)r, l, 3);
	s.exp = (const unsigned char *const *)r;
	s.nexp = 3;
	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 3);
	CHECK_INT(s.mismatch_at, 0);
	CHECK_INT(s.lens[0], MiB);
	CHECK_INT(s.lens[1], 16385);
	fclose(fp);
	free(r[0]);
	free(r[1]);
	free(r[2]);

	/* Exactly 16 MiB is the largest accepted length; 16 MiB + 1 is refused (see
	 * test_malformed). A small record after it is still read. */
	r[0] = record(16 * MiB, RTM_NEWLINK, 1, 16 * MiB - 16, 0, 7, &l[0]);
	r[1] = record(20, RTM_NEWADDR, 2, 4, 0, 8, &l[1]);
	fp = file_of((const unsigned char *const *)r, l, 2);
	memset(&s, 0, sizeof(s));
	s.exp = (const unsigned char *const *)r;
	s.nexp = 2;
	CHECK_INT(run(fp, &s), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.calls, 2);
	CHECK_INT(s.mismatch_at, 0);
	CHECK_INT(s.lens[0], 16 * MiB);
	fclose(fp);
	free(r[0]);
	free(r[1]);
}

static void test_null_args(void)
{
	struct seen s = { 0 };
	FILE *fp = tmpfile();
	size_t l;
	unsigned char *r = record(20, RTM_NEWLINK, 1, 4, 0, 1, &l);

	fwrite(r, 1, l, fp);
	rewind(fp);
	ct_capture_begin();
	errno = 0;
	CHECK_INT(rtnl_from_file(fp, NULL, &s), -1);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	CHECK_INT(rtnl_from_file(NULL, handler, &s), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_STR(ct_capture_end(), "");
	CHECK_INT(s.calls, 0);
	/* nothing was consumed by the refused call */
	CHECK_INT(ftell(fp), 0);
	fclose(fp);
	free(r);
}

int main(void)
{
	test_basic_records();
	test_empty_and_eof();
	test_malformed();
	test_truncated();
	test_stream_error();
	test_big();
	test_null_args();
	return ct_result("from_file");
}
