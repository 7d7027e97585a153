// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI benchmark: the calls make bench compares with native Linux
 *
 * `bench.run 1 N [caps|threads]` times the rows below, N rounds each
 * (fewer for the costly ones), and prints "ROW NS" lines with the mean in
 * nanoseconds.  The descriptors come from the native parent
 * (scripts/bench): 3 is /dev/null, 4 a 4 KiB tmpfs file open for reading
 * and writing, 5 a tmpfs directory holding "f", 6 this program, for the
 * exec row (started by proc_exec with no arguments, it exits at once).
 * qemu-tests/native/bench-native.c times the native call of each row, in
 * the same VM boot, for the ratio.
 *
 * The two scale modes rerun the per-call rows, named ROW@MODE: "caps"
 * with 10,000 more capabilities open in the process (file_open of "f"),
 * "threads" while a second thread makes fd_stat_get, fd_write and
 * fd_pread calls on the same descriptors, and a 1-byte write and read on
 * a socket pair of its own, the whole time.  For the memory rows, "idle" only
 * sleeps for three seconds, and "caps-idle" opens the 10,000 first.
 */

#include <stdatomic.h>

#include "rt.h"

#define DEV_NULL 3
#define FILE_4K 4
#define DIRECTORY 5
#define SELF 6
#define SCALE_CAPS 10000
#define STACK (64 * 1024)
#define WRLOCKED CLOUDABI_LOCK_WRLOCKED
#define PRIVATE CLOUDABI_SCOPE_PRIVATE

static char page[65536];
static const char *suffix = "";
static void *stacks[2];

static cloudabi_timestamp_t now(void)
{
	cloudabi_timestamp_t t;

	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t);
	return t;
}

static void report(const char *row, cloudabi_timestamp_t t0,
		   unsigned long n)
{
	rt_printf(1, "%s%s %llu\n", row, suffix,
		  (unsigned long long)((now() - t0) / n));
}

static void io_rows(unsigned long n)
{
	cloudabi_ciovec_t one = { .buf = page, .buf_len = 1 };
	cloudabi_ciovec_t big = { .buf = page, .buf_len = sizeof(page) };
	cloudabi_timestamp_t t0;
	unsigned long i;
	size_t done;

	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_write)(DEV_NULL, &one, 1, &done);
	report("fd_write-1", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_write)(DEV_NULL, &big, 1, &done);
	report("fd_write-64k", t0, n);
}

static void file_rows(unsigned long n)
{
	cloudabi_iovec_t iov = { .buf = page, .buf_len = 4096 };
	cloudabi_ciovec_t ciov = { .buf = page, .buf_len = 4096 };
	cloudabi_timestamp_t t0;
	cloudabi_fd_t fd;
	unsigned long i;
	size_t done;

	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_pread)(FILE_4K, &iov, 1, 0, &done);
	report("fd_pread-4k", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_pwrite)(FILE_4K, &ciov, 1, 0, &done);
	report("fd_pwrite-4k", t0, n);
	t0 = now();
	for (i = 0; i < n; i++) {
		cloudabi_fdstat_t st = {
			.fs_rights_base = CLOUDABI_RIGHT_FD_READ,
		};

		if (RT_SYS(file_open)((cloudabi_lookup_t){ .fd = DIRECTORY },
				      "f", 1, 0, &st, &fd) == 0)
			RT_SYS(fd_close)(fd);
	}
	report("file_open+close", t0, n);
}

static void misc_rows(unsigned long n)
{
	cloudabi_timestamp_t t0, t;
	cloudabi_fdstat_t st;
	unsigned long i;

	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_stat_get)(DEV_NULL, &st);
	report("fd_stat_get", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t);
	report("clock_time_get", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(random_get)(page, 16);
	report("random_get-16", t0, n);
}

/* @len bytes written into one end of a stream pair, read from the other. */
static void sock_row(const char *row, cloudabi_fd_t a, cloudabi_fd_t b,
		     size_t len, unsigned long n)
{
	cloudabi_ciovec_t out = { .buf = page, .buf_len = len };
	cloudabi_iovec_t in;
	cloudabi_timestamp_t t0;
	size_t got, r;
	unsigned long i;

	t0 = now();
	for (i = 0; i < n; i++) {
		RT_SYS(fd_write)(a, &out, 1, &r);
		for (got = 0; got < len; got += r) {
			in.buf = page + got;
			in.buf_len = len - got;
			if (RT_SYS(fd_read)(b, &in, 1, &r) || r == 0)
				return;
		}
	}
	report(row, t0, n);
}

static void sock_rows(unsigned long n)
{
	cloudabi_subscription_t subs[2] = {
		{ .type = CLOUDABI_EVENTTYPE_FD_READ },
		{ .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			     .timeout = 1000 } },
	};
	cloudabi_ciovec_t one = { .buf = page, .buf_len = 1 };
	cloudabi_iovec_t in = { .buf = page, .buf_len = 1 };
	cloudabi_event_t ev[2];
	cloudabi_timestamp_t t0;
	cloudabi_fd_t a, b;
	unsigned long i;
	size_t done;

	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b))
		return;
	sock_row("sock-4k", a, b, 4096, n);
	sock_row("sock-64k", a, b, 65536, n / 4 ? n / 4 : 1);
	RT_SYS(fd_write)(a, &one, 1, &done);
	subs[0].fd_readwrite.fd = b;
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(poll)(subs, ev, 1, &done);
	report("poll-ready", t0, n);
	RT_SYS(fd_read)(b, &in, 1, &done);
	n = n / 10 ? n / 10 : 1;
	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(poll)(subs, ev, 2, &done);
	report("poll-timeout", t0, n);
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

static void wait_end(cloudabi_fd_t proc)
{
	cloudabi_subscription_t sub = {
		.type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
		.proc_terminate = { .fd = proc },
	};
	cloudabi_event_t ev;
	size_t nev;

	RT_SYS(poll)(&sub, &ev, 1, &nev);
	RT_SYS(fd_close)(proc);
}

static void process_rows(unsigned long n)
{
	cloudabi_timestamp_t t0;
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	unsigned long i;

	t0 = now();
	for (i = 0; i < n; i++) {
		if (RT_SYS(proc_fork)(&proc, &tid))
			return;
		if (proc == CLOUDABI_PROCESS_CHILD)
			RT_SYS(proc_exit)(0);
		wait_end(proc);
	}
	report("fork+exit+wait", t0, n);
	t0 = now();
	for (i = 0; i < n; i++) {
		if (RT_SYS(proc_fork)(&proc, &tid))
			return;
		if (proc == CLOUDABI_PROCESS_CHILD) {
			RT_SYS(proc_exec)(SELF, NULL, 0, NULL, 0);
			RT_SYS(proc_exit)(1);
		}
		wait_end(proc);
	}
	report("fork+exec+wait", t0, n);
}

/* Threads as cloudlibc makes them: joined through a lock they hold. */
struct thread {
	_Atomic(cloudabi_lock_t) join;
	cloudabi_tid_t tid;
	void (*body)(struct thread *t);
};

static _Noreturn void entry(cloudabi_tid_t tid, void *arg)
{
	struct thread *t = arg;
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;

	atomic_compare_exchange_strong(&t->join, &bogus, tid | WRLOCKED);
	t->tid = tid;
	t->body(t);
	RT_SYS(thread_exit)(&t->join, PRIVATE);
	__builtin_unreachable();
}

static int spawn(struct thread *t, int which,
		 void (*body)(struct thread *t))
{
	cloudabi_threadattr_t attr = {
		.entry_point = entry,
		.stack = stacks[which],
		.stack_len = STACK,
		.argument = t,
	};
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;
	cloudabi_tid_t tid;

	atomic_store(&t->join, CLOUDABI_LOCK_BOGUS);
	t->body = body;
	if (RT_SYS(thread_create)(&attr, &tid))
		return -1;
	atomic_compare_exchange_strong(&t->join, &bogus, tid | WRLOCKED);
	return 0;
}

static void join(struct thread *t)
{
	cloudabi_subscription_t sub = {
		.type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
		.lock = { .lock = &t->join, .lock_scope = PRIVATE },
	};
	cloudabi_event_t ev;
	size_t n;

	RT_SYS(poll)(&sub, &ev, 1, &n);
}

static _Atomic(cloudabi_lock_t) lock_word;
static unsigned long lock_rounds, counter;

/* cloudlibc's way: a compare-and-swap, then the vDSO. */
static void wrlock(cloudabi_tid_t me)
{
	cloudabi_subscription_t sub = {
		.type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
		.lock = { .lock = &lock_word, .lock_scope = PRIVATE },
	};
	cloudabi_lock_t unlocked = 0;
	cloudabi_event_t ev;
	size_t n;

	if (!atomic_compare_exchange_strong(&lock_word, &unlocked,
					    me | WRLOCKED))
		RT_SYS(poll)(&sub, &ev, 1, &n);
}

static void unlock(cloudabi_tid_t me)
{
	cloudabi_lock_t mine = me | WRLOCKED;

	if (!atomic_compare_exchange_strong(&lock_word, &mine, 0))
		RT_SYS(lock_unlock)(&lock_word, PRIVATE);
}

static void lock_loop_as(cloudabi_tid_t me)
{
	unsigned long i;

	for (i = 0; i < lock_rounds; i++) {
		wrlock(me);
		counter++;
		unlock(me);
	}
}

static void nothing(struct thread *t)
{
	(void)t;
}

static void worker_lock_loop(struct thread *t)
{
	lock_loop_as(t->tid);
}

static void thread_rows(unsigned long n)
{
	struct thread t;
	cloudabi_timestamp_t t0;
	unsigned long i;

	t0 = now();
	for (i = 0; i < n; i++) {
		if (spawn(&t, 0, nothing))
			return;
		join(&t);
	}
	report("thread+join", t0, n);
	lock_rounds = n * 10;
	t0 = now();
	lock_loop_as(rt.tid);
	report("lock-uncontended", t0, lock_rounds);
	/* Two threads on one lock: the time per lock and unlock pair. */
	if (spawn(&t, 0, worker_lock_loop))
		return;
	t0 = now();
	lock_loop_as(rt.tid);
	join(&t);
	report("lock-contended", t0, 2 * lock_rounds);
}

/* The load a second thread puts on the same calls in "threads" mode. */
static atomic_int stop;

static void load(struct thread *t)
{
	static char byte;
	cloudabi_ciovec_t one = { .buf = page, .buf_len = 1 };
	cloudabi_iovec_t iov = { .buf = page, .buf_len = 4096 };
	cloudabi_iovec_t back = { .buf = &byte, .buf_len = 1 };
	cloudabi_fd_t a, b;
	cloudabi_fdstat_t st;
	size_t done;

	(void)t;
	/* Its own pair: what the sock rows share with it is the module. */
	if (RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM, &a, &b))
		return;
	while (!atomic_load(&stop)) {
		RT_SYS(fd_stat_get)(DEV_NULL, &st);
		RT_SYS(fd_write)(DEV_NULL, &one, 1, &done);
		RT_SYS(fd_pread)(FILE_4K, &iov, 1, 0, &done);
		RT_SYS(fd_write)(a, &one, 1, &done);
		RT_SYS(fd_read)(b, &back, 1, &done);
	}
	RT_SYS(fd_close)(a);
	RT_SYS(fd_close)(b);
}

static void sleep_3s(void)
{
	cloudabi_subscription_t sub = {
		.type = CLOUDABI_EVENTTYPE_CLOCK,
		.clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			   .timeout = 3000000000ULL },
	};
	cloudabi_event_t ev;
	size_t n;

	RT_SYS(poll)(&sub, &ev, 1, &n);
}

/* 10,000 capabilities of their own: each a file_open of "f". */
static int open_caps(void)
{
	cloudabi_fd_t fd;
	int i;

	for (i = 0; i < SCALE_CAPS; i++) {
		cloudabi_fdstat_t st = {
			.fs_rights_base = CLOUDABI_RIGHT_FD_READ,
		};

		if (RT_SYS(file_open)((cloudabi_lookup_t){ .fd = DIRECTORY },
				      "f", 1, 0, &st, &fd))
			return -1;
	}
	return 0;
}

static int map_stacks(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (RT_SYS(mem_map)(NULL, STACK, CLOUDABI_PROT_READ |
				    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
				    CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD,
				    0, &stacks[i]))
			return -1;
	return 0;
}

int program_main(void)
{
	const char *arg = rt_arg(2), *mode = rt_arg(3);
	struct thread loader;
	unsigned long n = 0;

	for (; arg && *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned long)(*arg - '0');
	if (!n)
		return 100;
	if (map_stacks())
		return 101;
	if (!mode)
		mode = "";
	if (rt_strcmp(mode, "idle") == 0 || rt_strcmp(mode, "caps-idle") == 0) {
		if (*mode == 'c' && open_caps())
			return 102;
		sleep_3s();
		return 0;
	}
	if (rt_strcmp(mode, "caps") == 0) {
		suffix = "@caps";
		if (open_caps())
			return 102;
	} else if (rt_strcmp(mode, "threads") == 0) {
		suffix = "@threads";
		if (spawn(&loader, 1, load))
			return 103;
	}
	misc_rows(n);
	io_rows(n);
	file_rows(n / 4 ? n / 4 : 1);
	sock_rows(n / 4 ? n / 4 : 1);
	if (!*mode) {
		thread_rows(n / 100 ? n / 100 : 1);
		process_rows(n / 100 ? n / 100 : 1);
	}
	if (rt_strcmp(suffix, "@threads") == 0) {
		atomic_store(&stop, 1);
		join(&loader);
	}
	return 0;
}
