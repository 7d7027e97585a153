// SPDX-License-Identifier: GPL-2.0
/*
 * Native benchmark: `bench-native N` times N fstat(1) system calls and
 * prints the mean in nanoseconds, the baseline for qemu-tests/cloudabi/
 * bench.c in the same VM run.
 */

#include "../raw_syscall.h"

NATIVE_START();

struct timespec64 {
	long sec, nsec;
};

static unsigned long now(void)
{
	struct timespec64 ts;

	raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	return ts.sec * 1000000000UL + ts.nsec;
}

void start_c(long *sp);

void start_c(long *sp)
{
	const char *arg = sp[0] > 1 ? (const char *)sp[2] : "0";
	unsigned long n = 0, i, t0, mean;
	char st[256], msg[32] = "fstat ", digits[24];
	int len = 6, nd = 0;

	for (; *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (*arg - '0');
	if (!n)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	t0 = now();
	for (i = 0; i < n; i++)
		raw_syscall3(NR_fstat, 1, (long)st, 0);
	mean = (now() - t0) / n;
	do {
		digits[nd++] = '0' + mean % 10;
		mean /= 10;
	} while (mean);
	while (nd)
		msg[len++] = digits[--nd];
	msg[len++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, len);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
