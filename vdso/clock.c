// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - clocks, read in the vDSO
 *
 * Reading a clock touches no capability, so it stays process-local on
 * clock_gettime/clock_getres.  A returned value is exact, which satisfies
 * every precision a caller may ask for.
 *
 * A result pointer the program cannot write ends the program with
 * SIGSEGV, as Linux's own vDSO clock_gettime() does, rather than EFAULT:
 * checking it would cost a second system call on the clock's fast path
 * (mem_map, not a fast path, does check: vdso/mem.c).
 */

#include "vdso.h"

struct linux_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* Linux's clock ids; -1 for a CloudABI clock that does not exist. */
static long linux_clock(cloudabi_clockid_t clock_id)
{
	switch (clock_id) {
	case CLOUDABI_CLOCK_MONOTONIC:
		return 1;	/* CLOCK_MONOTONIC */
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
		return 2;	/* CLOCK_PROCESS_CPUTIME_ID */
	case CLOUDABI_CLOCK_REALTIME:
		return 0;	/* CLOCK_REALTIME */
	case CLOUDABI_CLOCK_THREAD_CPUTIME_ID:
		return 3;	/* CLOCK_THREAD_CPUTIME_ID */
	default:
		return -1;
	}
}

static cloudabi_errno_t read_clock(long nr, cloudabi_clockid_t clock_id,
				   cloudabi_timestamp_t *out)
{
	struct linux_timespec ts;
	long clock = linux_clock(clock_id);
	long ret;

	if (clock < 0)
		return CLOUDABI_EINVAL;
	ret = linux_syscall3(nr, clock, (long)&ts, 0);
	if (ret < 0)
		return vdso_errno_from_linux(ret);
	if (ts.tv_sec < 0)
		return CLOUDABI_EOVERFLOW;
	*out = (cloudabi_timestamp_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	return 0;
}

cloudabi_errno_t vdso_clock_res_get(cloudabi_clockid_t clock_id,
				    cloudabi_timestamp_t *resolution)
{
	return read_clock(LINUX_NR_clock_getres, clock_id, resolution);
}

cloudabi_errno_t vdso_clock_time_get(cloudabi_clockid_t clock_id,
				     cloudabi_timestamp_t precision,
				     cloudabi_timestamp_t *time)
{
	(void)precision;
	return read_clock(LINUX_NR_clock_gettime, clock_id, time);
}
