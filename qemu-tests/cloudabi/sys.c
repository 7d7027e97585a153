// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: the process-local calls the vDSO makes by itself
 *
 * Clocks, random bytes and yielding, and that calls whose issue has not
 * landed answer ENOSYS cleanly instead of killing the process.
 */

#include "rt.h"

#include "../raw_syscall.h"

static const cloudabi_clockid_t clocks[] = {
	CLOUDABI_CLOCK_MONOTONIC, CLOUDABI_CLOCK_PROCESS_CPUTIME_ID,
	CLOUDABI_CLOCK_REALTIME, CLOUDABI_CLOCK_THREAD_CPUTIME_ID,
};

int program_main(void)
{
	cloudabi_timestamp_t res, t0, t1;
	uint8_t a[64], b[64];
	unsigned int i;

	tap_plan(27);
	for (i = 0; i < 4; i++) {
		res = 0;
		CHECK(RT_SYS(clock_res_get)(clocks[i], &res) == 0 && res > 0 &&
		      res <= 1000000000, "clock %u has a resolution", clocks[i]);
		CHECK(RT_SYS(clock_time_get)(clocks[i], 1, &t0) == 0,
		      "clock %u reads", clocks[i]);
	}
	CHECK_EQ(RT_SYS(clock_res_get)(0, &res), CLOUDABI_EINVAL,
		 "clock 0 does not exist");
	CHECK_EQ(RT_SYS(clock_time_get)(5, 0, &t0), CLOUDABI_EINVAL,
		 "clock 5 does not exist");
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t0);
	RT_SYS(thread_yield)();
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t1);
	CHECK(t1 >= t0, "the monotonic clock does not go back");
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_REALTIME, 0, &t0);
	CHECK(t0 > 1600000000ULL * 1000000000ULL, "the real-time clock is in this era");
	CHECK_EQ(RT_SYS(thread_yield)(), 0, "thread_yield");

	CHECK_EQ(RT_SYS(random_get)(a, sizeof(a)), 0, "random_get");
	CHECK_EQ(RT_SYS(random_get)(b, sizeof(b)), 0, "random_get again");
	CHECK(rt_memcmp(a, b, sizeof(a)) != 0, "two draws differ");
	CHECK_EQ(RT_SYS(random_get)(a, 0), 0, "random_get of nothing");
	CHECK_EQ(RT_SYS(random_get)((void *)8, 16), CLOUDABI_EFAULT,
		 "random_get into a bad buffer is EFAULT");
	/* getrandom's flags are not pinned (seccomp caches the call). */
	CHECK_EQ(raw_syscall3(NR_getrandom, (long)a, 16, 1 | 4), 16,
		 "getrandom(2) with GRND_NONBLOCK | GRND_INSECURE is allowed");
	/* The vDSO and its data page can never become writable. */
	CHECK_EQ(RT_SYS(mem_protect)((void *)rt.vdso, rt.pagesz,
				     CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE),
		 CLOUDABI_EACCES, "the vDSO cannot be made writable");
	CHECK_EQ(RT_SYS(mem_protect)((char *)rt.vdso - rt.pagesz, rt.pagesz,
				     CLOUDABI_PROT_READ | CLOUDABI_PROT_WRITE),
		 CLOUDABI_EACCES, "its data page cannot be made writable");
	CHECK_EQ(RT_SYS(mem_unmap)((void *)rt.vdso, 0), CLOUDABI_EINVAL,
		 "unmapping nothing is EINVAL");
	CHECK_EQ(RT_SYS(proc_raise)(CLOUDABI_SIGURG), 0,
		 "raising SIGURG does nothing: its default is to ignore it");
	CHECK_EQ(RT_SYS(proc_raise)(CLOUDABI_SIGPIPE), 0,
		 "raising SIGPIPE does nothing: CloudABI processes ignore it");
	CHECK_EQ(RT_SYS(proc_raise)(CLOUDABI_SIGXFSZ), 0,
		 "nor SIGXFSZ, so that a write past RLIMIT_FSIZE is EFBIG");
	CHECK_EQ(RT_SYS(proc_raise)(0), 0, "signal 0 succeeds");
	CHECK_EQ(RT_SYS(proc_raise)(27), CLOUDABI_EINVAL,
		 "signal 27 is EINVAL");
	return tap_done();
}
