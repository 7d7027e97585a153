// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - clocks, read in the vDSO
 *
 * Reading a clock touches no capability, so it stays process-local.
 * REALTIME and MONOTONIC are computed here, without entering the kernel,
 * from the clock page the module keeps current (module/vdso_clock.c) and
 * the counter the kernel's own clocksource reads, exactly as Linux's vDSO
 * does; when the page says the counter is not for user mode, and for the
 * CPU-time clocks, clock_gettime/clock_getres answer.  A returned value is
 * exact, which satisfies every precision a caller may ask for.
 *
 * A result pointer the program cannot write ends the program with
 * SIGSEGV, as Linux's own vDSO clock_gettime() does, rather than EFAULT:
 * checking it would cost a second system call on the clock's fast path
 * (mem_map, not a fast path, does check: vdso/mem.c).
 */

#include "vdso.h"
#include "counter.h"

/* The clock page changes under the reader: every load is a fresh one. */
#define CLOCK_FIELD(f) \
	(*(const volatile __typeof__(vdso_clock.f) *)&vdso_clock.f)

/*
 * REALTIME or MONOTONIC from the clock page into *@out: 1, or 0 when the
 * page says to ask the kernel.  A consistent snapshot is one taken while
 * the sequence count stayed even and the same.
 */
static int read_page(cloudabi_clockid_t clock_id, cloudabi_timestamp_t *out)
{
	uint64_t sec, snsec, last, mask, cycles, delta;
	uint32_t seq, mult, shift;
	int real = clock_id == CLOUDABI_CLOCK_REALTIME;

	for (;;) {
		seq = CLOCK_FIELD(seq);
		atomic_thread_fence(memory_order_acquire);
		if (seq & 1)
			continue;
		if (CLOCK_FIELD(mode) != CLOUDABI_VDSO_CLOCK_COUNTER)
			return 0;
		sec = real ? CLOCK_FIELD(real_sec) : CLOCK_FIELD(mono_sec);
		snsec = real ? CLOCK_FIELD(real_snsec) :
			       CLOCK_FIELD(mono_snsec);
		mult = CLOCK_FIELD(mult);
		shift = CLOCK_FIELD(shift);
		last = CLOCK_FIELD(cycle_last);
		mask = CLOCK_FIELD(mask);
		cycles = vdso_read_counter();
		atomic_thread_fence(memory_order_acquire);
		if (CLOCK_FIELD(seq) == seq)
			break;
	}
	/*
	 * A counter just behind the kernel's last reading (taken on another
	 * CPU) counts as no time, as in the kernel's clocksource_delta().
	 */
	delta = (cycles - last) & mask;
	if (delta & ~(mask >> 1))
		delta = 0;
	*out = sec * 1000000000 + ((snsec + delta * mult) >> shift);
	return 1;
}

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

static int page_clock(cloudabi_clockid_t clock_id)
{
	return clock_id == CLOUDABI_CLOCK_MONOTONIC ||
	       clock_id == CLOUDABI_CLOCK_REALTIME;
}

cloudabi_errno_t vdso_clock_res_get(cloudabi_clockid_t clock_id,
				    cloudabi_timestamp_t *resolution)
{
	uint64_t res = CLOCK_FIELD(res_ns);

	/* hrtimer_resolution, what clock_getres() answers for both. */
	if (page_clock(clock_id) && res) {
		*resolution = res;
		return 0;
	}
	return read_clock(LINUX_NR_clock_getres, clock_id, resolution);
}

cloudabi_errno_t vdso_clock_time_get(cloudabi_clockid_t clock_id,
				     cloudabi_timestamp_t precision,
				     cloudabi_timestamp_t *time)
{
	(void)precision;
	if (page_clock(clock_id) && read_page(clock_id, time))
		return 0;
	return read_clock(LINUX_NR_clock_gettime, clock_id, time);
}
