// SPDX-License-Identifier: GPL-2.0
/*
 * Native counterpart of qemu-tests/cloudabi/bench.c: the same rows with
 * the Linux system calls they replace, on the same descriptors (3 is
 * /dev/null, 4 a 4 KiB tmpfs file, 5 a tmpfs directory holding "f").
 * `bench-native N` prints "ROW NS" lines.  A static program without a
 * C library: clock_gettime is the system call here, not the vDSO's.
 */

#include "../raw_syscall.h"

NATIVE_START();

struct timespec64 {
	long sec, nsec;
};

static char page[65536];

static unsigned long now(void)
{
	struct timespec64 ts;

	raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	return ts.sec * 1000000000UL + ts.nsec;
}

static void report(const char *row, unsigned long t0, unsigned long n)
{
	char msg[64];
	int len = 0;

	while (*row)
		msg[len++] = *row++;
	msg[len++] = ' ';
	len += native_put_num(msg + len, (long)((now() - t0) / n));
	msg[len++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, len);
}

void start_c(long *sp);

void start_c(long *sp)
{
	const char *arg = sp[0] > 1 ? (const char *)sp[2] : "0";
	unsigned long n = 0, i, t0;
	struct timespec64 ts;
	char st[256];
	long fd, pid;

	for (; *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (*arg - '0');
	if (!n)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_fstat, 3, (long)st, 0);
	report("fd_stat_get", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	report("clock_time_get", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_getrandom, (long)page, 16, 0);
	report("random_get-16", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_write, 3, (long)page, 1);
	report("fd_write-1", t0, n);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_write, 3, (long)page, sizeof(page));
	report("fd_write-64k", t0, n);
	n = n / 4 ? n / 4 : 1;
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall6(NR_pread64, 4, (long)page, 4096, 0, 0, 0);
	report("fd_pread-4k", t0, n);
	t0 = now();
	for (i = 0; i < n; i++) {
		fd = raw_syscall3(NR_openat, 5, (long)"f", 0 /* O_RDONLY */);
		if (fd >= 0)
			raw_syscall3(NR_close, fd, 0, 0);
	}
	report("file_open+close", t0, n);
	n = n / 25 ? n / 25 : 1;
	t0 = now();
	for (i = 0; i < n; i++) {
		pid = raw_syscall6(NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0, 0);
		if (pid == 0)
			raw_syscall3(NR_exit_group, 0, 0, 0);
		raw_syscall6(NR_wait4, pid, 0, 0, 0, 0, 0);
	}
	report("fork+exit+wait", t0, n);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
