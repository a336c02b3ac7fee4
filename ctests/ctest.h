/*
 * A tiny harness for rnetlink's C tests: CHECK macros that report the failing expression and
 * values, stderr capture for comparing exact library texts, and a result for main().
 * Each test program is one capability; ctests/run.sh builds it against the installed library.
 */
#ifndef RNL_CTEST_H
#define RNL_CTEST_H

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int ct_checks;
static int ct_failures;

/* The bytes of a 16-, 32- or 64-bit constant in the host's byte order, for golden byte
 * arrays: netlink headers and attribute values are in host order (network order only where
 * a field is big-endian by definition, and those are written out byte by byte). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define H16(x) (unsigned char)((x) & 0xff), (unsigned char)(((x) >> 8) & 0xff)
#define H32(x) H16((x) & 0xffff), H16(((x) >> 16) & 0xffff)
#define H64(x) H32((x) & 0xffffffffULL), H32(((x) >> 32) & 0xffffffffULL)
#elif __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define H16(x) (unsigned char)(((x) >> 8) & 0xff), (unsigned char)((x) & 0xff)
#define H32(x) H16(((x) >> 16) & 0xffff), H16((x) & 0xffff)
#define H64(x) H32(((x) >> 32) & 0xffffffffULL), H32((x) & 0xffffffffULL)
#else
#error "unknown byte order"
#endif

/* A 16-bit field (rta_len, rta_type) at any address, in host byte order. */
static inline unsigned short ct_get16(const void *p)
{
	unsigned short v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void ct_put16(void *p, unsigned int v)
{
	unsigned short x = (unsigned short)v;

	memcpy(p, &x, sizeof(x));
}

#define CHECK(cond) do { \
	ct_checks++; \
	if (!(cond)) { \
		ct_failures++; \
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
	} \
} while (0)

#define CHECK_INT(got, want) do { \
	long long ct_g = (long long)(got), ct_w = (long long)(want); \
	ct_checks++; \
	if (ct_g != ct_w) { \
		ct_failures++; \
		fprintf(stderr, "%s:%d: %s == %lld, want %s == %lld\n", __FILE__, __LINE__, \
			#got, ct_g, #want, ct_w); \
	} \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *ct_g = (got), *ct_w = (want); \
	ct_checks++; \
	if (strcmp(ct_g, ct_w) != 0) { \
		ct_failures++; \
		fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, ct_g, ct_w); \
	} \
} while (0)

/* Quiet checks for sweeps: count a failure, report only the first few. */
#define CHECK_QUIET(cond, ...) do { \
	ct_checks++; \
	if (!(cond) && ++ct_failures <= 20) { \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

/* stderr capture: everything written to fd 2 between ct_capture_begin() and ct_capture_end()
 * is returned (NUL-terminated, static buffer) instead of reaching the terminal. */
static FILE *ct_capture_file;
static int ct_saved_stderr = -1;
static char ct_captured[65536];

static inline void ct_capture_begin(void)
{
	fflush(stderr);
	ct_capture_file = tmpfile();
	if (!ct_capture_file) {
		perror("tmpfile");
		exit(2);
	}
	ct_saved_stderr = dup(2);
	dup2(fileno(ct_capture_file), 2);
}

static inline const char *ct_capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(ct_saved_stderr, 2);
	close(ct_saved_stderr);
	rewind(ct_capture_file);
	n = fread(ct_captured, 1, sizeof(ct_captured) - 1, ct_capture_file);
	ct_captured[n] = '\0';
	fclose(ct_capture_file);
	return ct_captured;
}

/* The number of descriptors this process has open, the one used to read /proc/self/fd
 * included (callers compare a count before and after, which both include it). -1 without
 * /proc. */
static inline int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* CAPTURE(expr): evaluates `expr` with stderr captured, leaves the captured text in `err` and
 * gives the value of `expr` (a GNU statement expression: the tests build as gnu11). */
static char err[65536] __attribute__((unused));
#define CAPTURE(expr) ({ \
	ct_capture_begin(); \
	__typeof__(expr) cap_r = (expr); \
	snprintf(err, sizeof(err), "%s", ct_capture_end()); \
	cap_r; \
})

static inline int ct_result(const char *name)
{
	if (ct_checks == 0) {
		fprintf(stderr, "%s: no checks ran\n", name);
		return 1;
	}
	printf("%s: %d checks, %d failed\n", name, ct_checks, ct_failures);
	return ct_failures ? 1 : 0;
}

/* An int socket option of fd, -99999 if getsockopt fails. */
static inline int getopt_int(int fd, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, name, &v, &len) < 0)
		return -99999;
	return v;
}

/* ---- shell commands for test setup ---- */

/* Called before a failed setup command exits (the netns tests remove their named namespace). */
static void (*ct_setup_cleanup)(void);

/* system() of the command formatted into cmd: its wait status. */
static inline int ct_vsystem(char *cmd, size_t size, const char *fmt, va_list ap)
{
	vsnprintf(cmd, size, fmt, ap);
	return system(cmd);
}

/* A setup command: the test exits with 2 (after ct_setup_cleanup) if it fails. */
static inline void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ct_vsystem(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (r != 0) {
		fprintf(stderr, "setup command failed (%d): %s\n", r, cmd);
		if (ct_setup_cleanup)
			ct_setup_cleanup();
		exit(2);
	}
}

/* A formatted command's exit status (`ip ... | grep -q` checks), -1 if it did not exit. */
static inline int shell_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int shell_status(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ct_vsystem(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

/* How many lines a shell command prints. */
static inline long lines_of(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	long n = 0;
	int c;

	if (!p)
		exit(2);
	while ((c = fgetc(p)) != EOF)
		n += c == '\n';
	pclose(p);
	return n;
}

#endif
