// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI benchmark: the gate's round trip
 *
 * `bench.run FD N` times N fd_stat_get calls on descriptor FD (a full
 * trip through the vDSO, the gate ioctl, the capability lookup and the
 * copy-out) and prints the mean in nanoseconds.  qemu-tests/native/
 * bench-native.c does the same with fstat(2) for the ratio.
 */

#include "rt.h"

int program_main(void)
{
	const char *arg = rt_arg(2);
	cloudabi_timestamp_t t0, t1;
	unsigned long n = 0, i;
	cloudabi_fdstat_t st;

	for (; arg && *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned long)(*arg - '0');
	if (!n)
		return 100;
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t0);
	for (i = 0; i < n; i++)
		if (RT_SYS(fd_stat_get)(1, &st))
			return 1;
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t1);
	rt_printf(1, "fd_stat_get %llu\n",
		  (unsigned long long)((t1 - t0) / n));
	return 0;
}
