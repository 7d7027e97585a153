// SPDX-License-Identifier: GPL-2.0
/*
 * Native counterpart of qemu-tests/cloudabi/bench.c: the same rows with
 * the Linux system calls they replace, on the same descriptors (3 is
 * /dev/null, 4 a 4 KiB tmpfs file, 5 a tmpfs directory holding "f", 6
 * this program, for exec).  `bench-native N [caps|threads|idle|caps-idle]`
 * prints "ROW NS" lines, as bench.run does; see there for the modes.  A static
 * program without a C library: clock-syscall is clock_gettime(2),
 * clock-vdso the clock_gettime() of Linux's own vDSO, found as CloudABI
 * programs find theirs.  Run with no arguments it exits 100 at once,
 * which is what the exec row times.
 */

#include <stdatomic.h>

#include "../raw_syscall.h"
#include "linux_vdso.h"

NATIVE_START();

#define DEV_NULL 3
#define FILE_4K 4
#define DIRECTORY 5
#define SELF 6
#define SCALE_CAPS 10000
#define AT_EMPTY_PATH 0x1000
#define POLLIN 1
#define FUTEX_WAIT 0
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

struct pollfd {
	int fd;
	short events, revents;
};

static char page[65536];
static char stack[2][65536] __attribute__((aligned(16)));
static const char *suffix = "";
static int threaded;
static vdso_gettime_fn vdso_gettime;

static unsigned long now(void)
{
	struct timespec64 ts;

	raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	return ts.sec * 1000000000UL + ts.nsec;
}

static void report(const char *row, unsigned long t0, unsigned long n)
{
	const char *s = suffix;
	char msg[96];
	int len = 0;

	while (*row)
		msg[len++] = *row++;
	while (*s)
		msg[len++] = *s++;
	msg[len++] = ' ';
	len += native_put_num(msg + len, (long)((now() - t0) / n));
	msg[len++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, len);
}

static void futex_wait(atomic_int *word, int val)
{
	raw_syscall6(NR_futex, (long)word, FUTEX_WAIT_PRIVATE, val, 0, 0, 0);
}

static void futex_wake(atomic_int *word)
{
	raw_syscall6(NR_futex, (long)word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

/* A thread on stack[@which]; join() waits for it as pthread_join does. */
static void spawn(int which, void (*fn)(void *), void *arg, atomic_int *tid)
{
	atomic_store(tid, 1);
	native_spawn(fn, arg, stack[which] + sizeof(stack[which]),
		     (int *)tid);
}

/* The kernel's wake at thread exit is a shared one, as is this wait. */
static void join(atomic_int *tid)
{
	int v;

	while ((v = atomic_load(tid)) != 0)
		raw_syscall6(NR_futex, (long)tid, FUTEX_WAIT, v, 0, 0, 0);
}

/* A futex mutex as C libraries make them: 0 free, 1 held, 2 waited for. */
static void mutex_lock(atomic_int *m)
{
	int c = 0;

	if (atomic_compare_exchange_strong(m, &c, 1))
		return;
	if (c != 2)
		c = atomic_exchange(m, 2);
	while (c != 0) {
		futex_wait(m, 2);
		c = atomic_exchange(m, 2);
	}
}

static void mutex_unlock(atomic_int *m)
{
	if (atomic_fetch_sub(m, 1) != 1) {
		atomic_store(m, 0);
		futex_wake(m);
	}
}

static void io_rows(unsigned long n)
{
	struct native_iovec one = { page, 1 }, big = { page, sizeof(page) };
	unsigned long i, t0;

	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_write, DEV_NULL, (long)page, 1);
	report("write-1", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_writev, DEV_NULL, (long)&one, 1);
	report("writev-1", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_writev, DEV_NULL, (long)&big, 1);
	report("writev-64k", t0, n);
}

static void misc_rows(unsigned long n)
{
	struct timespec64 ts;
	unsigned long i, t0;
	char st[256];

	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_fstat, DEV_NULL, (long)st, 0);
	report("fd_stat_get", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	report("clock-syscall", t0, n);
	if (vdso_gettime) {
		t0 = now();
		for (i = 0; i < n; i++)
			vdso_gettime(1, &ts);
		report("clock-vdso", t0, n);
	}
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_getrandom, (long)page, 16, 0);
	report("random_get-16", t0, n);
}

static void file_rows(unsigned long n)
{
	unsigned long i, t0;
	long fd;

	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall6(NR_pread64, FILE_4K, (long)page, 4096, 0, 0, 0);
	report("pread-4k", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall6(NR_pwrite64, FILE_4K, (long)page, 4096, 0, 0, 0);
	report("pwrite-4k", t0, n);
	t0 = now();
	for (i = 0; i < n; i++) {
		fd = raw_syscall3(NR_openat, DIRECTORY, (long)"f", 0);
		if (fd >= 0)
			raw_syscall3(NR_close, fd, 0, 0);
	}
	report("file_open+close", t0, n);
}

/* @len bytes written into one end of a stream pair, read from the other. */
static void sock_row(const char *row, long a, long b, unsigned long len,
		     unsigned long n)
{
	struct native_iovec out = { page, len };
	struct native_iovec in;
	unsigned long i, t0, got;
	long r;

	t0 = now();
	for (i = 0; i < n; i++) {
		raw_syscall3(NR_writev, a, (long)&out, 1);
		for (got = 0; got < len; got += r) {
			in.base = page + got;
			in.len = len - got;
			r = raw_syscall3(NR_readv, b, (long)&in, 1);
			if (r <= 0)
				return;
		}
	}
	report(row, t0, n);
}

static void sock_rows(unsigned long n)
{
	struct timespec64 micro = { 0, 1000 };
	struct pollfd p;
	unsigned long i, t0;
	int sv[2];

	if (raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv))
		return;
	sock_row("sock-4k", sv[0], sv[1], 4096, n);
	sock_row("sock-64k", sv[0], sv[1], 65536, n / 4 ? n / 4 : 1);
	raw_syscall3(NR_write, sv[0], (long)page, 1);
	p.fd = sv[1];
	p.events = POLLIN;
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall6(NR_ppoll, (long)&p, 1, 0, 0, 8, 0);
	report("poll-ready", t0, n);
	raw_syscall3(NR_read, sv[1], (long)page, 1);
	n = n / 10 ? n / 10 : 1;
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall6(NR_ppoll, (long)&p, 1, (long)&micro, 0, 8, 0);
	report("poll-timeout", t0, n);
	raw_syscall3(NR_close, sv[0], 0, 0);
	raw_syscall3(NR_close, sv[1], 0, 0);
}

static void process_rows(unsigned long n)
{
	unsigned long i, t0;
	long pid;

	t0 = now();
	for (i = 0; i < n; i++) {
		pid = raw_syscall6(NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0, 0);
		if (pid == 0)
			raw_syscall3(NR_exit_group, 0, 0, 0);
		raw_syscall6(NR_wait4, pid, 0, 0, 0, 0, 0);
	}
	report("fork+exit+wait", t0, n);
	t0 = now();
	for (i = 0; i < n; i++) {
		pid = raw_syscall6(NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0, 0);
		if (pid == 0) {
			raw_syscall6(NR_execveat, SELF, (long)"", 0, 0,
				     AT_EMPTY_PATH, 0);
			raw_syscall3(NR_exit_group, 1, 0, 0);
		}
		raw_syscall6(NR_wait4, pid, 0, 0, 0, 0, 0);
	}
	report("fork+exec+wait", t0, n);
}

static void nothing(void *arg)
{
	(void)arg;
}

static atomic_int lock_word;
static unsigned long lock_rounds, counter;

static void lock_loop(void *arg)
{
	unsigned long i;

	(void)arg;
	for (i = 0; i < lock_rounds; i++) {
		mutex_lock(&lock_word);
		counter++;
		mutex_unlock(&lock_word);
	}
}

static void thread_rows(unsigned long n)
{
	atomic_int tid;
	unsigned long i, t0;

	t0 = now();
	for (i = 0; i < n; i++) {
		spawn(0, nothing, 0, &tid);
		join(&tid);
	}
	report("thread+join", t0, n);
	lock_rounds = n * 10;
	t0 = now();
	lock_loop(0);
	report("lock-uncontended", t0, lock_rounds);
	/* Two threads on one lock: the time per lock and unlock pair. */
	spawn(0, lock_loop, 0, &tid);
	t0 = now();
	lock_loop(0);
	join(&tid);
	report("lock-contended", t0, 2 * lock_rounds);
}

/* The load a second thread puts on the same calls in "threads" mode. */
static atomic_int stop;

static void load(void *arg)
{
	static char byte;
	struct native_iovec one = { page, 1 }, back = { &byte, 1 };
	char st[256];
	int sv[2];

	(void)arg;
	if (raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv))
		return;
	while (!atomic_load(&stop)) {
		raw_syscall3(NR_fstat, DEV_NULL, (long)st, 0);
		raw_syscall3(NR_writev, DEV_NULL, (long)&one, 1);
		raw_syscall6(NR_pread64, FILE_4K, (long)page, 4096, 0, 0, 0);
		raw_syscall3(NR_writev, sv[0], (long)&one, 1);
		raw_syscall3(NR_readv, sv[1], (long)&back, 1);
	}
	raw_syscall3(NR_close, sv[0], 0, 0);
	raw_syscall3(NR_close, sv[1], 0, 0);
}

/* 10,000 more open files, as bench.run's 10,000 capabilities. */
static void open_caps(void)
{
	int i;

	for (i = 0; i < SCALE_CAPS; i++)
		raw_syscall3(NR_openat, DIRECTORY, (long)"f", 0);
}

static void sleep_3s(void)
{
	struct timespec64 ts = { 3, 0 };

	raw_syscall6(NR_ppoll, 0, 0, (long)&ts, 0, 8, 0);
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

void start_c(long *sp);

void start_c(long *sp)
{
	unsigned long n = native_number(sp[0] > 1 ? (char *)sp[2] : "0");
	const char *mode = sp[0] > 2 ? (const char *)sp[3] : "";
	atomic_int loader;

	if (!n)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	vdso_gettime = linux_vdso_gettime(sp);
	if (same(mode, "idle") || same(mode, "caps-idle")) {
		if (*mode == 'c')
			open_caps();
		sleep_3s();
		raw_syscall3(NR_exit_group, 0, 0, 0);
	}
	if (same(mode, "caps")) {
		suffix = "@caps";
		open_caps();
	} else if (same(mode, "threads")) {
		suffix = "@threads";
		threaded = 1;
		spawn(1, load, 0, &loader);
	}
	misc_rows(n);
	io_rows(n);
	file_rows(n / 4 ? n / 4 : 1);
	sock_rows(n / 4 ? n / 4 : 1);
	if (!*mode) {
		thread_rows(n / 100 ? n / 100 : 1);
		process_rows(n / 100 ? n / 100 : 1);
	}
	if (threaded) {
		atomic_store(&stop, 1);
		join(&loader);
	}
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
