/*
 * ctest: netns
 *
 * Observability (issue 12): RNETLINK_PCAP, RNETLINK_DEBUG and rnl_nlmsg_fprintf.
 * One workload — a route dump, a link dump, a failing request (EEXIST) and a successful one —
 * runs in this process with stdout and stderr captured, once with neither variable, then
 * under RNETLINK_PCAP (tshark must decode exactly the four requests and every reply message,
 * no malformed frame), RNETLINK_DEBUG=2 and =1 (named messages, attributes and errno), and
 * again without (nothing extra). The program's own output must be the same in every run.
 * Also: the variables apply to handles opened while they are set; a pcap file that cannot
 * be opened is reported once and the calls still work; records from two processes sharing
 * one file stay whole; rnl_nlmsg_fprintf on hand-built bytes, NULLs and a cut buffer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <rnetlink.h>
#include "ctest.h"

static char dir[64];
static char pcap_path[128];

/* ---- capturing both streams ------------------------------------------------------------- */

struct capture {
	FILE *f[2];
	int saved[2];
	char *text[2]; /* malloc'd, NUL-terminated */
};

static void capture_begin(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 2; i++) {
		c->f[i] = tmpfile();
		if (!c->f[i]) {
			perror("tmpfile");
			exit(2);
		}
		c->saved[i] = dup(i + 1);
		dup2(fileno(c->f[i]), i + 1);
	}
}

static void capture_end(struct capture *c)
{
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < 2; i++) {
		long n;

		dup2(c->saved[i], i + 1);
		close(c->saved[i]);
		fseek(c->f[i], 0, SEEK_END);
		n = ftell(c->f[i]);
		rewind(c->f[i]);
		c->text[i] = calloc(1, n + 1);
		if (fread(c->text[i], 1, n, c->f[i]) != (size_t)n)
			perror("fread");
		fclose(c->f[i]);
	}
}

static void capture_free(struct capture *c)
{
	free(c->text[0]);
	free(c->text[1]);
}

/* ---- the workload ------------------------------------------------------------------------ */

struct counts {
	int routes, links;
};

static int route_cb(struct nlmsghdr *n, void *arg)
{
	struct counts *c = arg;
	struct rtmsg *r = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];
	char dst[64] = "default";

	parse_rtattr(tb, RTA_MAX, RTM_RTA(r), n->nlmsg_len - NLMSG_LENGTH(sizeof(*r)));
	if (tb[RTA_DST])
		inet_ntop(r->rtm_family, RTA_DATA(tb[RTA_DST]), dst, sizeof(dst));
	printf("route %s/%d table %u\n", dst, r->rtm_dst_len, tb[RTA_TABLE] ? rta_getattr_u32(tb[RTA_TABLE]) : r->rtm_table);
	c->routes++;
	return 0;
}

static int link_cb(struct nlmsghdr *n, void *arg)
{
	struct counts *c = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];

	parse_rtattr(tb, IFLA_MAX, IFLA_RTA(ifi), n->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
	printf("link %d %s\n", ifi->ifi_index, tb[IFLA_IFNAME] ? rta_getattr_str(tb[IFLA_IFNAME]) : "?");
	c->links++;
	return 0;
}

/* RTM_NEWROUTE 10.<b>.0.0/16 dev lo with `flags`. */
static int add_route(struct rtnl_handle *rth, int b, int flags)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
		char buf[256];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg)),
		.n.nlmsg_type = RTM_NEWROUTE,
		.n.nlmsg_flags = NLM_F_REQUEST | flags,
		.r.rtm_family = AF_INET,
		.r.rtm_dst_len = 16,
		.r.rtm_table = RT_TABLE_MAIN,
		.r.rtm_protocol = RTPROT_BOOT,
		.r.rtm_scope = RT_SCOPE_LINK,
		.r.rtm_type = RTN_UNICAST,
	};
	unsigned char dst[4] = { 10, b, 0, 0 };

	addattr_l(&req.n, sizeof(req), RTA_DST, dst, 4);
	addattr32(&req.n, sizeof(req), RTA_OIF, if_nametoindex("lo"));
	return rtnl_talk(rth, &req.n, NULL);
}

/* The program the variables are tried on; what it prints is its "own" output. */
static struct counts work(void)
{
	struct rtnl_handle rth;
	struct counts c = { 0, 0 };

	if (rtnl_open(&rth, 0) < 0) {
		printf("rtnl_open failed\n");
		return c;
	}
	if (rtnl_routedump_req(&rth, AF_INET, NULL) < 0 || rtnl_dump_filter(&rth, route_cb, &c) < 0)
		printf("route dump failed\n");
	if (rtnl_linkdump_req(&rth, AF_UNSPEC) < 0 || rtnl_dump_filter(&rth, link_cb, &c) < 0)
		printf("link dump failed\n");
	{
		int r = add_route(&rth, 77, NLM_F_CREATE | NLM_F_EXCL);

		printf("existing route: %d errno %d\n", r < 0, errno);
	}
	printf("replace route: %d\n", add_route(&rth, 78, NLM_F_CREATE | NLM_F_REPLACE));
	rtnl_close(&rth);
	return c;
}

static struct counts run(struct capture *cap, const char *pcap, const char *debug)
{
	struct counts c;

	unsetenv("RNETLINK_PCAP");
	unsetenv("RNETLINK_DEBUG");
	if (pcap)
		setenv("RNETLINK_PCAP", pcap, 1);
	if (debug)
		setenv("RNETLINK_DEBUG", debug, 1);
	capture_begin(cap);
	c = work();
	capture_end(cap);
	unsetenv("RNETLINK_PCAP");
	unsetenv("RNETLINK_DEBUG");
	return c;
}

/* ---- helpers ----------------------------------------------------------------------------- */

/* The output of a shell command (static buffer). */
static const char *cmd_output(const char *cmd)
{
	static char out[1 << 20];
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p) {
		perror("popen");
		exit(2);
	}
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static int count_lines(const char *s, const char *prefix)
{
	int n = 0;
	size_t len = strlen(prefix);

	for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, prefix, len) == 0)
			n++;
	return n;
}

/* `s` without the lines that start with `prefix` (malloc'd). */
static char *without_lines(const char *s, const char *prefix)
{
	char *out = calloc(1, strlen(s) + 1);
	size_t len = strlen(prefix);

	for (const char *l = s; *l;) {
		const char *nl = strchr(l, '\n');
		size_t ll = nl ? (size_t)(nl - l + 1) : strlen(l);

		if (strncmp(l, prefix, len) != 0)
			strncat(out, l, ll);
		l += ll;
	}
	return out;
}

/* Whether some line of `s` contains all of `a`, `b` (b may be NULL). */
static int has_line(const char *s, const char *a, const char *b)
{
	for (const char *l = s; *l;) {
		const char *nl = strchr(l, '\n');
		size_t ll = nl ? (size_t)(nl - l) : strlen(l);
		char line[4096];

		snprintf(line, sizeof(line), "%.*s", (int)ll, l);
		if (strstr(line, a) && (!b || strstr(line, b)))
			return 1;
		l += ll + (nl != NULL);
	}
	return 0;
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : st.st_size;
}

/* The message types tshark decodes in the frames sent (packet type 4) or received (0), as
 * "t,t,t,": per frame, the route messages' types (netlink-route.nltype) then the control
 * messages' (netlink.hdr_type: DONE, ERROR), which always come last in a datagram. */
static void tshark_types(const char *path, int sent, char *out, size_t size)
{
	char cmd[512];
	char *text, *save = NULL;

	snprintf(cmd, sizeof(cmd), "tshark -r %s -Y 'frame[0:2] == 00:%02x' -T fields -E occurrence=a "
		 "-E separator=/t -e netlink-route.nltype -e netlink.hdr_type 2>/dev/null", path, sent ? 4 : 0);
	text = strdup(cmd_output(cmd));
	out[0] = '\0';
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = line;

		while (*p) {
			char *end;
			long v = strtol(p, &end, 0);

			if (end == p) {
				p++;
				continue;
			}
			snprintf(out + strlen(out), size - strlen(out), "%ld,", v);
			p = end;
		}
	}
	free(text);
}

static int tshark_malformed(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "tshark -r %s -Y '_ws.malformed || _ws.expert.severity >= warning' 2>/dev/null | wc -l", path);
	return atoi(cmd_output(cmd));
}

/* ---- the checks -------------------------------------------------------------------------- */

static void check_pcap(const struct capture *plain, const struct counts *pc)
{
	struct capture cap;
	struct counts c;
	char want[65536] = "";
	const char *t;

	/* An empty file that exists gets the header too. */
	close(open(pcap_path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	c = run(&cap, pcap_path, NULL);
	CHECK_STR(cap.text[0], plain->text[0]);
	CHECK_STR(cap.text[1], plain->text[1]);
	CHECK_INT(c.routes, pc->routes);
	CHECK(file_size(pcap_path) > 24);

	/* Sent: the four requests. Received: the dumps' messages, each dump's DONE, the two
	 * NLMSG_ERRORs (EEXIST, ACK). */
	{
		static char got[65536];

		tshark_types(pcap_path, 1, got, sizeof(got));
		CHECK_STR(got, "26,18,24,24,");
		for (int i = 0; i < pc->routes; i++)
			strcat(want, "24,");
		strcat(want, "3,");
		for (int i = 0; i < pc->links; i++)
			strcat(want, "16,");
		/* Each NLMSG_ERROR (2) is followed by the type of the request it echoes (24). */
		strcat(want, "3,2,24,2,24,");
		tshark_types(pcap_path, 0, got, sizeof(got));
		CHECK_STR(got, want);
	}
	CHECK_INT(tshark_malformed(pcap_path), 0);
	/* tshark -V names what it decoded. */
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "tshark -r %s -V 2>/dev/null", pcap_path);
		t = cmd_output(cmd);
		CHECK(strstr(t, "Linux netlink (cooked header)") != NULL);
		CHECK(strstr(t, "Message type: Get network route (26)") != NULL);
		CHECK(strstr(t, "Message type: Add network route (24)") != NULL);
		CHECK(strstr(t, "Message type: Get network interface info (18)") != NULL);
		CHECK(strstr(t, "Message type: End of a dump (0x0003)") != NULL);
		CHECK(strstr(t, "Error code: File exists (-EEXIST) (-17)") != NULL);
		CHECK(strstr(t, "Malformed") == NULL);
	}
	capture_free(&cap);

	/* A second run appends (no second file header): twice the frames, still clean. */
	{
		long before = file_size(pcap_path);
		int frames1, frames2;
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "tshark -r %s 2>/dev/null | wc -l", pcap_path);
		frames1 = atoi(cmd_output(cmd));
		c = run(&cap, pcap_path, NULL);
		capture_free(&cap);
		frames2 = atoi(cmd_output(cmd));
		CHECK(file_size(pcap_path) > before);
		CHECK_INT(frames2, 2 * frames1);
		CHECK_INT(tshark_malformed(pcap_path), 0);
	}
}

static void check_debug(const struct capture *plain)
{
	struct capture cap;
	char *rest;

	run(&cap, NULL, "2");
	CHECK_STR(cap.text[0], plain->text[0]);
	/* Without the trace lines, stderr is what it was. */
	rest = without_lines(cap.text[1], "rnetlink: ");
	CHECK_STR(rest, plain->text[1]);
	free(rest);
	CHECK(has_line(cap.text[1], "rnetlink: send RTM_GETROUTE", "flags=REQUEST|DUMP"));
	CHECK(has_line(cap.text[1], "rnetlink: recv RTM_NEWROUTE", "flags=MULTI"));
	CHECK(has_line(cap.text[1], "rnetlink:   rtmsg family=AF_INET", "table=RT_TABLE_MAIN"));
	CHECK(has_line(cap.text[1], "rnetlink:   RTA_DST 10.77.0.0", NULL));
	CHECK(has_line(cap.text[1], "rnetlink:   RTA_TABLE 254", NULL));
	CHECK(has_line(cap.text[1], "rnetlink: recv NLMSG_DONE", NULL));
	CHECK(has_line(cap.text[1], "rnetlink: send RTM_GETLINK", NULL));
	CHECK(has_line(cap.text[1], "rnetlink:   IFLA_IFNAME lo", NULL));
	CHECK(has_line(cap.text[1], "rnetlink:   ifinfomsg", "type=ARPHRD_LOOPBACK"));
	CHECK(has_line(cap.text[1], "rnetlink:   IFLA_AF_SPEC", NULL));
	CHECK(has_line(cap.text[1], "rnetlink:     AF_INET6", NULL));
	CHECK(has_line(cap.text[1], "rnetlink: send RTM_NEWROUTE", "flags=REQUEST|ACK|EXCL|CREATE"));
	CHECK(has_line(cap.text[1], "rnetlink: recv NLMSG_ERROR", "error=-17 EEXIST"));
	CHECK(has_line(cap.text[1], "rnetlink:   error -17 EEXIST: File exists", NULL));
	CHECK(has_line(cap.text[1], "rnetlink:   request RTM_NEWROUTE", NULL));
	CHECK(has_line(cap.text[1], "rnetlink: recv NLMSG_ERROR", "error=0 ACK"));
	capture_free(&cap);

	/* Level 1: one line per message, nothing indented. */
	run(&cap, NULL, "1");
	CHECK_STR(cap.text[0], plain->text[0]);
	CHECK(count_lines(cap.text[1], "rnetlink: send ") == 4);
	CHECK(count_lines(cap.text[1], "rnetlink: recv ") >= 6);
	CHECK_INT(count_lines(cap.text[1], "rnetlink:  "), 0);
	CHECK(has_line(cap.text[1], "rnetlink: recv NLMSG_ERROR", "EEXIST"));
	capture_free(&cap);
}

/* The variables count when the handle is opened: a handle opened before keeps not tracing,
 * one opened while set traces after the variable is gone. */
static void check_open_time(void)
{
	struct rtnl_handle before, during;

	unlink(pcap_path);
	CHECK(rtnl_open(&before, 0) == 0);
	setenv("RNETLINK_DEBUG", "1", 1);
	CHECK(rtnl_open(&during, 0) == 0);
	unsetenv("RNETLINK_DEBUG");
	CHECK(CAPTURE(rtnl_linkdump_req(&before, AF_UNSPEC)) > 0);
	CHECK_STR(err, "");
	CHECK(CAPTURE(rtnl_dump_filter(&before, NULL, NULL)) == 0);
	CHECK_STR(err, "");
	CHECK(CAPTURE(rtnl_linkdump_req(&during, AF_UNSPEC)) > 0);
	CHECK(has_line(err, "rnetlink: send RTM_GETLINK", NULL));
	CHECK(CAPTURE(rtnl_dump_filter(&during, NULL, NULL)) == 0);
	CHECK(has_line(err, "rnetlink: recv NLMSG_DONE", NULL));
	rtnl_close(&during);
	rtnl_close(&before);
	/* Closed: a new handle on the same descriptor number does not inherit the trace. */
	CHECK(rtnl_open(&before, 0) == 0);
	CHECK(CAPTURE(rtnl_linkdump_req(&before, AF_UNSPEC)) > 0);
	CHECK_STR(err, "");
	CHECK(CAPTURE(rtnl_dump_filter(&before, NULL, NULL)) == 0);
	CHECK_STR(err, "");
	rtnl_close(&before);
}

static void check_bad_pcap(const struct capture *plain)
{
	struct capture cap;
	const char *bad = "/nonexistent-rnetlink-dir/x.pcap";
	char want[512];
	int fds = count_fds();

	snprintf(want, sizeof(want), "rnetlink: RNETLINK_PCAP=%s: No such file or directory; not writing a capture\n", bad);
	run(&cap, bad, NULL);
	CHECK_STR(cap.text[0], plain->text[0]);
	CHECK(strncmp(cap.text[1], want, strlen(want)) == 0);
	CHECK_STR(cap.text[1] + strlen(want), plain->text[1]);
	capture_free(&cap);
	/* Said once per process. */
	run(&cap, bad, NULL);
	CHECK_STR(cap.text[1], plain->text[1]);
	capture_free(&cap);
	CHECK_INT(count_fds(), fds);
}

/* Two processes append to one capture at once: every record stays whole. */
static void check_shared_file(void)
{
	char path[160];
	pid_t pid;
	int status;

	snprintf(path, sizeof(path), "%s/shared.pcap", dir);
	setenv("RNETLINK_PCAP", path, 1);
	pid = fork();
	if (pid == 0) {
		struct rtnl_handle rth;

		if (rtnl_open(&rth, 0) < 0)
			_exit(1);
		for (int i = 0; i < 30; i++)
			if (rtnl_routedump_req(&rth, AF_INET, NULL) < 0 || rtnl_dump_filter(&rth, NULL, NULL) < 0)
				_exit(1);
		rtnl_close(&rth);
		_exit(0);
	}
	{
		struct rtnl_handle rth;

		CHECK(rtnl_open(&rth, 0) == 0);
		for (int i = 0; i < 30; i++) {
			CHECK(rtnl_linkdump_req(&rth, AF_UNSPEC) > 0);
			CHECK(rtnl_dump_filter(&rth, NULL, NULL) == 0);
		}
		rtnl_close(&rth);
	}
	unsetenv("RNETLINK_PCAP");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "tshark -r %s -Y 'frame[0:2] == 00:04' 2>/dev/null | wc -l", path);
		CHECK_INT(atoi(cmd_output(cmd)), 60);
	}
	CHECK_INT(tshark_malformed(path), 0);
}

/* rnl_nlmsg_fprintf on hand-built bytes. */
static void check_fprintf(void)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg i;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_type = RTM_NEWLINK,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
		.n.nlmsg_seq = 42,
		.i.ifi_family = AF_UNSPEC,
		.i.ifi_index = 3,
	};
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	int r;

	addattr_l(&req.n, sizeof(req), IFLA_IFNAME, "dummy9", 7);
	addattr32(&req.n, sizeof(req), IFLA_MTU, 1400);
	f = open_memstream(&text, &size);
	r = rnl_nlmsg_fprintf(f, &req, req.n.nlmsg_len, NETLINK_ROUTE);
	fclose(f);
	CHECK_INT(r, 1);
	CHECK_STR(text, "RTM_NEWLINK len=52 flags=REQUEST|ACK|EXCL|CREATE seq=42 pid=0\n"
		  "  ifinfomsg family=AF_UNSPEC type=ARPHRD_NETROM index=3 flags=0 change=0\n"
		  "  IFLA_IFNAME dummy9\n"
		  "  IFLA_MTU 1400\n");
	free(text);

	/* A cut buffer: the message is reported, nothing beyond `len` is read (valgrind). */
	{
		char *heap = malloc(30);

		memcpy(heap, &req, 30);
		text = NULL;
		f = open_memstream(&text, &size);
		r = rnl_nlmsg_fprintf(f, heap, 30, NETLINK_ROUTE);
		fclose(f);
		CHECK_INT(r, 0);
		CHECK_STR(text, "malformed message: len=52, 30 bytes left\n");
		free(text);
		free(heap);
	}
	/* An error echoing a request that claims nearly 4 GiB: the request header is shown, its
	 * body as far as the bytes go (here none: a short family header), and no TLVs. (A 32-bit library once wrapped that
	 * length to a small offset, printed a Rust panic and returned -1.) */
	{
		struct {
			struct nlmsghdr n;
			struct nlmsgerr e;
		} m = {
			.n.nlmsg_len = sizeof(m),
			.n.nlmsg_type = NLMSG_ERROR,
			.n.nlmsg_flags = NLM_F_ACK_TLVS,
			.e.error = -EINVAL,
			.e.msg.nlmsg_len = 0xffffffffu,
			.e.msg.nlmsg_type = RTM_GETLINK,
			.e.msg.nlmsg_flags = NLM_F_REQUEST,
		};

		text = NULL;
		f = open_memstream(&text, &size);
		r = rnl_nlmsg_fprintf(f, &m, sizeof(m), NETLINK_ROUTE);
		fclose(f);
		CHECK_INT(r, 1);
		CHECK_STR(text, "NLMSG_ERROR len=36 flags=ACK_TLVS seq=0 pid=0 error=-22 EINVAL\n"
			  "  error -22 EINVAL: Invalid argument\n"
			  "  request RTM_GETLINK len=4294967295 flags=REQUEST seq=0 pid=0\n"
			  "    short family header (0 bytes): (empty)\n");
		free(text);
	}
	errno = 0;
	CHECK_INT(rnl_nlmsg_fprintf(NULL, &req, req.n.nlmsg_len, 0), -1);
	CHECK_INT(errno, EINVAL);
	errno = 0;
	CHECK_INT(rnl_nlmsg_fprintf(stdout, NULL, 16, 0), -1);
	CHECK_INT(errno, EINVAL);
	CHECK_INT(rnl_nlmsg_fprintf(stdout, &req, 0, 0), 0);
}

int main(void)
{
	struct capture plain, again;
	struct counts pc;

	snprintf(dir, sizeof(dir), "/tmp/rnl-trace-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(pcap_path, sizeof(pcap_path), "%s/t.pcap", dir);
	sh("ip link set lo up && ip addr add 10.9.0.1/24 dev lo && "
	   "ip route add 10.77.0.0/16 dev lo && ip route add 10.78.0.0/16 dev lo proto boot");
	unsetenv("RNETLINK_PCAP");
	unsetenv("RNETLINK_DEBUG");

	pc = run(&plain, NULL, NULL);
	CHECK(pc.routes >= 4);
	CHECK(pc.links >= 1);
	CHECK(strstr(plain.text[0], "route 10.77.0.0/16 table 254\n") != NULL);
	CHECK(strstr(plain.text[0], "link 1 lo\n") != NULL);
	CHECK(strstr(plain.text[0], "existing route: 1 errno 17\nreplace route: 0\n") != NULL);
	CHECK_STR(plain.text[1], "RTNETLINK answers: File exists\n");

	check_pcap(&plain, &pc);
	check_debug(&plain);
	check_open_time();
	check_bad_pcap(&plain);
	check_shared_file();
	check_fprintf();

	/* Without either variable again: nothing extra, the same output. */
	run(&again, NULL, NULL);
	CHECK_STR(again.text[0], plain.text[0]);
	CHECK_STR(again.text[1], plain.text[1]);
	capture_free(&again);
	capture_free(&plain);

	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		sh("%s", cmd);
	}
	return ct_result("trace");
}
