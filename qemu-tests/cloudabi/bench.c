// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI benchmark: the calls make bench compares with native Linux
 *
 * `bench.run 1 N` times the rows below, N rounds each (fewer for the
 * costly ones), and prints "ROW NS" lines with the mean in nanoseconds.
 * The descriptors come from the native parent (scripts/bench-guest):
 * 3 is /dev/null, 4 a 4 KiB tmpfs file, 5 a tmpfs directory holding "f".
 * qemu-tests/native/bench-native.c times the native call of each row,
 * in the same VM boot, for the ratio.
 */

#include "rt.h"

#define DEV_NULL 3
#define FILE_4K 4
#define DIRECTORY 5

static char page[65536];

static cloudabi_timestamp_t now(void)
{
	cloudabi_timestamp_t t;

	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t);
	return t;
}

static void report(const char *row, cloudabi_timestamp_t t0,
		   unsigned long n)
{
	rt_printf(1, "%s %llu\n", row, (unsigned long long)((now() - t0) / n));
}

static void write_rows(unsigned long n)
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
	cloudabi_timestamp_t t0;
	cloudabi_fd_t fd;
	unsigned long i;
	size_t done;

	t0 = now();
	for (i = 0; i < n; i++)
		RT_SYS(fd_pread)(FILE_4K, &iov, 1, 0, &done);
	report("fd_pread-4k", t0, n);
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

static void fork_row(unsigned long n)
{
	cloudabi_subscription_t sub = {
		.type = CLOUDABI_EVENTTYPE_PROC_TERMINATE,
	};
	cloudabi_timestamp_t t0;
	cloudabi_event_t ev;
	cloudabi_fd_t proc;
	cloudabi_tid_t tid;
	unsigned long i;
	size_t nev;

	t0 = now();
	for (i = 0; i < n; i++) {
		if (RT_SYS(proc_fork)(&proc, &tid))
			return;
		if (proc == CLOUDABI_PROCESS_CHILD)
			RT_SYS(proc_exit)(0);
		sub.proc_terminate.fd = proc;
		RT_SYS(poll)(&sub, &ev, 1, &nev);
		RT_SYS(fd_close)(proc);
	}
	report("fork+exit+wait", t0, n);
}

int program_main(void)
{
	const char *arg = rt_arg(2);
	unsigned long n = 0;

	for (; arg && *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned long)(*arg - '0');
	if (!n)
		return 100;
	misc_rows(n);
	write_rows(n);
	file_rows(n / 4 ? n / 4 : 1);
	fork_row(n / 100 ? n / 100 : 1);
	return 0;
}
