/*
 * ctest: netns
 * ctest: no-valgrind: valgrind runs one thread at a time and cannot keep up with the 50 us timer, which removes the races this test looks for
 * ctest: ldflags -lpthread
 *
 * rnl_open_netns* never moves the calling thread into the other namespace, not even for a
 * moment (issue 13). 1000 opens in the named namespace (ctests/netns_common.h), by name and by
 * descriptor alternately, from a thread that
 *  - gets a timer signal every 50 us (SIGEV_THREAD_ID): a pending signal is delivered on the
 *    way out of every syscall, so a setns there and back on this thread would run the handler
 *    in the other namespace, where it checks /proc/thread-self/ns/net;
 *  - is watched by a second thread that keeps reading its /proc/self/task/TID/ns/net;
 * while a third thread dumps this namespace's links on its own handle (always lo and
 * nsv-here, never nsv-there). Every socket must be in the other namespace, the opener in
 * this one after every call, and no descriptor may leak.
 * Also here because valgrind 3.19 lacks pidfd_open: rnl_open_netns_fd with the pidfd of a
 * process that lives in the other namespace (setns(2) takes one since Linux 5.8).
 */
#include "netns_common.h"
#include <pthread.h>
#include <time.h>
#include <sys/syscall.h>

#define OPENS 1000

struct watcher {
	char path[64];	/* the opener's /proc/self/task/TID/ns/net */
	long reads, changes, failures;
};

static void *watcher_main(void *arg)
{
	struct watcher *w = arg;

	while (!atomic_load(&stop)) {
		ino_t ino = ino_of(w->path);

		w->reads++;
		if (ino == 0)
			w->failures++;
		else if (ino != netns_here)
			w->changes++;
	}
	return NULL;
}

static volatile sig_atomic_t ticks, ticks_elsewhere;

static void on_tick(int sig)
{
	int saved = errno;

	(void)sig;
	ticks++;
	if (my_netns() != netns_here)
		ticks_elsewhere++;
	errno = saved;
}

/* A child that enters the named namespace and waits; its pidfd gives a handle there. */
static void test_pidfd(void)
{
	struct rtnl_handle rth;
	struct links l;
	int release = -1, pidfd;
	pid_t pid = child_there_start(&release);

	CHECK(pid > 0);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	CHECK(pidfd >= 0);
	CHECK_INT(rnl_open_netns_fd(&rth, 0, NETLINK_ROUTE, pidfd), 0);
	CHECK(cookie(rth.fd) == cookie_there);
	CHECK_INT(dump_links(&rth, &l), 0);
	CHECK(l.lo == 1 && l.there == 1 && l.here == 0);
	rtnl_close(&rth);
	close(pidfd);
	if (pid > 0)
		CHECK_INT(child_there_end(pid, release), 0);
	CHECK_INT(my_netns(), netns_here);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_tick, .sa_flags = SA_RESTART };
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = SIGUSR1 };
	struct itimerspec its = { .it_interval = { 0, 50000 }, .it_value = { 0, 50000 } };
	struct dumper d = { 0 };
	struct watcher w = { .reads = 0 };
	struct rtnl_handle rth;
	struct links l;
	pthread_t dt, wt;
	timer_t timer;
	struct open_tally t;
	int fds, ns_fd;

	netns_setup();
	alarm(120);
	snprintf(w.path, sizeof(w.path), "/proc/self/task/%ld/ns/net", (long)syscall(SYS_gettid));
	CHECK_INT(ino_of(w.path), netns_here);
	/* cookie_there: the first handle's socket, checked to see nsv-there */
	CHECK_INT(rnl_open_netns(&rth, 0, NETLINK_ROUTE, ns_name), 0);
	cookie_there = cookie(rth.fd);
	CHECK(cookie_there != 0 && cookie_there != cookie_here);
	CHECK_INT(dump_links(&rth, &l), 0);
	CHECK(l.lo == 1 && l.there == 1 && l.here == 0);
	rtnl_close(&rth);

	ns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
	CHECK(ns_fd >= 0);
	fds = count_fds();
	CHECK_INT(pthread_create(&dt, NULL, dumper_main, &d), 0);
	CHECK_INT(pthread_create(&wt, NULL, watcher_main, &w), 0);
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);	/* sigev_notify_thread_id */
	CHECK_INT(sigaction(SIGUSR1, &sa, NULL), 0);
	CHECK_INT(timer_create(CLOCK_MONOTONIC, &sev, &timer), 0);
	CHECK_INT(timer_settime(timer, 0, &its, NULL), 0);

	open_rounds(OPENS, ns_fd, 100, &t);
	timer_delete(timer);
	atomic_store(&stop, 1);
	pthread_join(dt, NULL);
	pthread_join(wt, NULL);
	alarm(0);

	CHECK_INT(t.opened, OPENS);
	CHECK_INT(t.in_there, OPENS);
	CHECK_INT(t.here_after, OPENS);
	CHECK_INT(t.dumped_there, OPENS / 100);
	CHECK_INT(count_fds(), fds);
	CHECK_INT(fcntl(ns_fd, F_GETFD), FD_CLOEXEC);
	close(ns_fd);
	CHECK(d.dumps > 0);
	CHECK_INT(d.wrong, 0);
	CHECK(w.reads > 0);
	CHECK_INT(w.failures, 0);
	CHECK_INT(w.changes, 0);
	CHECK(ticks > 0);
	CHECK_INT(ticks_elsewhere, 0);
	test_pidfd();
	printf("%d opens: %d signals on the opener, %ld reads of its namespace, %d dumps here meanwhile\n",
	       OPENS, (int)ticks, w.reads, d.dumps);
	delete_ns();
	return ct_result("netns_race");
}
