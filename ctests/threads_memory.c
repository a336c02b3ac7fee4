/*
 * ctest: netns
 * ctest: no-valgrind: the test measures the process's VmSize and VmRSS, which under valgrind are valgrind's own (its shadow memory and translation cache), and memcheck runs the 80,000 calls one thread at a time for minutes
 * ctest: ldflags -lpthread
 *
 * Bounded memory under threads (issue 17): the receive buffers must not grow with the number
 * of calls. Four threads, each with its own handle: two call rtnl_talk (RTM_GETLINK for lo,
 * with an answer), two dump links (rtnl_linkdump_req + rtnl_dump_filter), CALLS calls each.
 * All four meet at a barrier after EARLY calls and after CALLS calls; there, one of them reads
 * VmSize and VmRSS from /proc/self/status while the others wait. From the first reading to the
 * second, VmSize may grow by at most 64 MiB and VmRSS by at most 16 MiB, and no call may fail.
 * (Before the fix, receive mappings of 16 MiB each drifted through the shared spare slot into
 * thread pools that never gave them back, while the threads they came from mapped new ones:
 * up to 12 GiB of VmSize after 20,000 calls on x86-64; on i386 the address space ran out, and
 * calls failed with ENOMEM until a talker blocked for good.)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <libnetlink.h>
#include "ctest.h"

#define NT 2		/* talkers */
#define ND 2		/* dumpers */
#define EARLY 2000
#define CALLS 20000
#define MAX_VMSIZE_GROWTH_KIB (64 * 1024)
#define MAX_RSS_GROWTH_KIB (16 * 1024)

/* A copy of the original stderr for the alarm handler. */
static int real_stderr = 2;

static void on_alarm(int sig)
{
	static const char msg[] = "threads_memory: timed out\n";

	(void)sig;
	if (write(real_stderr, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* VmSize and VmRSS of this process in KiB (-1 if absent). */
struct mem {
	long vmsize, rss;
};

/* Reads /proc/self/status with open and read into a stack buffer: fopen would malloc, and
 * a thread's first malloc maps it a malloc arena (64 MiB of VmSize with glibc on 64-bit). */
static struct mem read_mem(void)
{
	struct mem m = { -1, -1 };
	char buf[8192];
	const char *p;
	ssize_t n = 0, r;
	int fd = open("/proc/self/status", O_RDONLY);

	if (fd < 0)
		return m;
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	if ((p = strstr(buf, "\nVmSize:")))
		m.vmsize = strtol(p + 8, NULL, 10);
	if ((p = strstr(buf, "\nVmRSS:")))
		m.rss = strtol(p + 7, NULL, 10);
	return m;
}

static pthread_barrier_t barrier;
static struct mem at_early, at_end;

/* Every thread calls this after EARLY and after CALLS calls: once all four are there (none
 * inside a library call), one of them reads the figures; the others wait until it has. */
static void checkpoint(struct mem *into)
{
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		*into = read_mem();
	pthread_barrier_wait(&barrier);
}

struct worker {
	pthread_t th;
	struct rtnl_handle rth;
	int idx;
	int open_failed;
	long calls, failed, wrong;	/* calls made; calls that returned an error; wrong answers */
	int first_r, first_errno;	/* the first failure */
};

static void failed(struct worker *w, int r)
{
	if (w->failed++ == 0) {
		w->first_r = r;
		w->first_errno = errno;
	}
}

static int talk_once(struct worker *w)
{
	struct {
		struct nlmsghdr n;
		struct ifinfomsg ifi;
		char buf[64];
	} req = {
		.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.n.nlmsg_flags = NLM_F_REQUEST,
		.n.nlmsg_type = RTM_GETLINK,
		.ifi.ifi_family = AF_UNSPEC,
		.ifi.ifi_index = 1,	/* lo */
	};
	struct nlmsghdr *ans = NULL;
	int r = rtnl_talk(&w->rth, &req.n, &ans);

	if (r < 0)
		return r;
	if (ans->nlmsg_type != RTM_NEWLINK || ((struct ifinfomsg *)NLMSG_DATA(ans))->ifi_index != 1)
		w->wrong++;
	free(ans);
	return 0;
}

static int count_link(struct nlmsghdr *n, void *arg)
{
	int *links = arg;

	if (n->nlmsg_type == RTM_NEWLINK)
		++*links;
	return 0;
}

static int dump_once(struct worker *w)
{
	int links = 0;
	int r = rtnl_linkdump_req(&w->rth, AF_UNSPEC);

	if (r < 0)
		return r;
	r = rtnl_dump_filter(&w->rth, count_link, &links);
	if (r < 0)
		return r;
	if (links != 1)	/* a fresh namespace has lo only */
		w->wrong++;
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int (*call)(struct worker *) = w->idx < NT ? talk_once : dump_once;
	/* A thread's first malloc maps it a glibc malloc arena (64 MiB of VmSize on 64-bit), once.
	 * Every thread of a real program mallocs; here the dumpers might not until the library
	 * first reaches for its thread-local pool (glibc allocates the record of the thread-local
	 * destructor), which can happen after the first checkpoint. So malloc first: the
	 * measurement is about what the calls do. */
	void *volatile warm = malloc(64);

	free(warm);
	for (long i = 1; i <= CALLS; i++) {
		if (!w->open_failed) {
			int r = call(w);

			w->calls++;
			if (r < 0)
				failed(w, r);
		}
		if (i == EARLY)
			checkpoint(&at_early);
	}
	checkpoint(&at_end);
	return NULL;
}

int main(void)
{
	struct worker w[NT + ND];

	real_stderr = dup(2);
	signal(SIGALRM, on_alarm);
	alarm(240);
	memset(w, 0, sizeof(w));
	pthread_barrier_init(&barrier, NULL, NT + ND);
	sh("ip link set lo up");

	for (int i = 0; i < NT + ND; i++) {
		w[i].idx = i;
		w[i].open_failed = rtnl_open(&w[i].rth, 0) < 0;
		CHECK_QUIET(!w[i].open_failed, "worker %d: rtnl_open failed (errno %d)", i, errno);
	}
	for (int i = 0; i < NT + ND; i++)
		CHECK_INT(pthread_create(&w[i].th, NULL, worker_main, &w[i]), 0);
	for (int i = 0; i < NT + ND; i++)
		pthread_join(w[i].th, NULL);
	alarm(0);

	for (int i = 0; i < NT + ND; i++) {
		const char *what = i < NT ? "talker" : "dumper";

		CHECK_QUIET(w[i].calls == CALLS, "%s %d: %ld calls, want %d", what, i, w[i].calls, CALLS);
		CHECK_QUIET(w[i].failed == 0, "%s %d: %ld failed calls (the first returned %d, errno %d)",
			    what, i, w[i].failed, w[i].first_r, w[i].first_errno);
		CHECK_QUIET(w[i].wrong == 0, "%s %d: %ld wrong answers", what, i, w[i].wrong);
		if (!w[i].open_failed)
			rtnl_close(&w[i].rth);
	}

	printf("after %d calls per thread: VmSize %ld KiB, VmRSS %ld KiB\n", EARLY, at_early.vmsize,
	       at_early.rss);
	printf("after %d calls per thread: VmSize %ld KiB, VmRSS %ld KiB\n", CALLS, at_end.vmsize,
	       at_end.rss);
	printf("growth: VmSize %+ld KiB (limit %d), VmRSS %+ld KiB (limit %d)\n",
	       at_end.vmsize - at_early.vmsize, MAX_VMSIZE_GROWTH_KIB, at_end.rss - at_early.rss,
	       MAX_RSS_GROWTH_KIB);
	CHECK_QUIET(at_early.vmsize > 0 && at_early.rss > 0 && at_end.vmsize > 0 && at_end.rss > 0,
		    "no VmSize/VmRSS in /proc/self/status");
	CHECK_QUIET(at_end.vmsize - at_early.vmsize <= MAX_VMSIZE_GROWTH_KIB,
		    "VmSize grew by %ld KiB from %d to %d calls per thread (limit %d KiB)",
		    at_end.vmsize - at_early.vmsize, EARLY, CALLS, MAX_VMSIZE_GROWTH_KIB);
	CHECK_QUIET(at_end.rss - at_early.rss <= MAX_RSS_GROWTH_KIB,
		    "VmRSS grew by %ld KiB from %d to %d calls per thread (limit %d KiB)",
		    at_end.rss - at_early.rss, EARLY, CALLS, MAX_RSS_GROWTH_KIB);
	pthread_barrier_destroy(&barrier);
	return ct_result("threads_memory");
}
