// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: clocks read in the vDSO agree with the kernel's
 *
 * Started through cloudabi-run with {out: !fd stdout, seconds: N} while
 * the runner slews the kernel's clock (adjtimex's tick length, up and
 * down by a tenth, many times a second).  For N seconds two threads each
 * read a clock through the vDSO, then through clock_gettime(2) itself
 * (the filter allows it), then through the vDSO again: the three must
 * never go backwards, for MONOTONIC and for REALTIME, whatever the
 * timekeeper's multiplier does in between.  With {monotonic_only: true}
 * the runner steps REALTIME during the run instead, and only MONOTONIC
 * is checked.  The resolutions must be the kernel's.  The clock page's
 * mode (counter or system call) is reported, not asserted: it is the
 * kernel clocksource's choice.
 */

#include <stdatomic.h>

#include <cloudabi_vdso_data.h>

#include "argdata.h"
#include "rt.h"

#include "../raw_syscall.h"


struct linux_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

static int check_realtime = 1;
static cloudabi_timestamp_t deadline;
static atomic_ulong reads, backwards;
static atomic_ullong worst;
/* Which pair the worst step was between: the vDSO's bases or the kernel's. */
static _Atomic(const char *) worst_kind = "none";

static cloudabi_timestamp_t from_vdso(cloudabi_clockid_t id)
{
	cloudabi_timestamp_t t = 0;

	RT_SYS(clock_time_get)(id, 0, &t);
	return t;
}

static cloudabi_timestamp_t from_kernel(long id, long nr)
{
	struct linux_timespec ts = { 0, 0 };

	raw_syscall3(nr, id, (long)&ts, 0);
	return (cloudabi_timestamp_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* vDSO, kernel, vDSO: non-decreasing, or one more step backwards. */
static void triple(cloudabi_clockid_t id, long linux_id)
{
	cloudabi_timestamp_t a = from_vdso(id);
	cloudabi_timestamp_t b = from_kernel(linux_id, NR_clock_gettime);
	cloudabi_timestamp_t c = from_vdso(id);
	unsigned long long back = 0;
	const char *kind = "";

	atomic_fetch_add(&reads, 3);
	if (a > b) {
		back = a - b;
		kind = "vDSO ahead of the kernel";
	}
	if (b > c && b - c > back) {
		back = b - c;
		kind = "vDSO behind the kernel";
	}
	if (back) {
		atomic_fetch_add(&backwards, 1);
		if (back > atomic_load(&worst)) {
			atomic_store(&worst, back);
			atomic_store(&worst_kind, kind);
		}
	}
}

static void compare(void)
{
	while (from_vdso(CLOUDABI_CLOCK_MONOTONIC) < deadline) {
		triple(CLOUDABI_CLOCK_MONOTONIC, 1);
		if (check_realtime)
			triple(CLOUDABI_CLOCK_REALTIME, 0);
	}
}

static void compare_thread(void *unused __attribute__((unused)))
{
	compare();
}

/* compare() in this thread and in a second one at once. */
static int run_two(void)
{
	struct rt_thread t;

	if (!rt_thread_start(&t, compare_thread, NULL))
		return 0;
	compare();
	return rt_thread_join(&t);
}

static void resolutions(void)
{
	static const struct {
		cloudabi_clockid_t id;
		long linux_id;
	} clocks[] = {
		{ CLOUDABI_CLOCK_MONOTONIC, 1 },
		{ CLOUDABI_CLOCK_REALTIME, 0 },
		{ CLOUDABI_CLOCK_PROCESS_CPUTIME_ID, 2 },
	};
	unsigned int i, same = 0;
	cloudabi_timestamp_t res;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		same += RT_SYS(clock_res_get)(clocks[i].id, &res) == 0 &&
			res == from_kernel(clocks[i].linux_id,
					   NR_clock_getres);
	CHECK(same == 3, "clock_res_get is clock_getres(2)'s answer (%u of 3)",
	      same);
}

int program_main(void)
{
	const struct cloudabi_vdso_clock *page =
		(const void *)((const char *)rt.vdso - 2 * rt.pagesz);
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	int64_t seconds = 2;
	int only = 0, ran;
	uint32_t out;

	if (rt_ad_map_get(&root, "out", &v) != 1 || rt_ad_fd(&v, &out))
		return 101;
	if (rt_ad_map_get(&root, "seconds", &v) == 1)
		rt_ad_int(&v, &seconds);
	if (rt_ad_map_get(&root, "monotonic_only", &v) == 1)
		rt_ad_bool(&v, &only);
	check_realtime = !only;
	tap_plan_fd(2, out);
	rt_printf(out, "# clock page: mode %u (%s), resolution %llu ns\n",
		  page->mode, page->mode == CLOUDABI_VDSO_CLOCK_COUNTER ?
		  "counter read in the vDSO" : "system call",
		  (unsigned long long)page->res_ns);
	deadline = from_vdso(CLOUDABI_CLOCK_MONOTONIC) +
		   (cloudabi_timestamp_t)seconds * 1000000000;
	ran = run_two();
	CHECK(ran && atomic_load(&backwards) == 0 && reads > 1000,
	      "%lu reads on two threads, vDSO and kernel interleaved "
	      "(%s): %lu steps backwards, worst %llu ns (%s)",
	      atomic_load(&reads), only ? "MONOTONIC while REALTIME is set" :
	      "MONOTONIC and REALTIME while slewed",
	      atomic_load(&backwards), atomic_load(&worst),
	      atomic_load(&worst_kind));
	resolutions();
	return tap_done();
}
