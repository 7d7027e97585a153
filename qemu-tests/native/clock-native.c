// SPDX-License-Identifier: GPL-2.0
/*
 * Linux's own clocks under the slewing clock.test sees: the reference
 * that says what "never backwards" can mean.
 *
 * `clock-native SECONDS` forks two readers.  Each reads CLOCK_MONOTONIC
 * through Linux's vDSO (found from AT_SYSINFO_EHDR), then clock_gettime(2),
 * then the vDSO again, for SECONDS, and prints
 * "clock-native: READS reads, N steps backwards, worst W ns".
 * It exits 0 however the clock behaved: a step here is the kernel's, and
 * the runner reports it beside clock.test's numbers rather than failing.
 */

#include "../raw_syscall.h"
#include "linux_vdso.h"

NATIVE_START();

static unsigned long ns(const struct timespec64 *ts)
{
	return ts->sec * 1000000000UL + ts->nsec;
}

static unsigned long from_vdso(vdso_gettime_fn fn)
{
	struct timespec64 ts = { 0, 0 };

	fn(1, &ts);
	return ns(&ts);
}

static unsigned long from_kernel(void)
{
	struct timespec64 ts = { 0, 0 };

	raw_syscall3(NR_clock_gettime, 1, (long)&ts, 0);
	return ns(&ts);
}

static void say(const char *what, long a, const char *b, long c,
		const char *d, long e, const char *f)
{
	char msg[160];
	int len = 0;

	while (*what)
		msg[len++] = *what++;
	len += native_put_num(msg + len, a);
	while (*b)
		msg[len++] = *b++;
	len += native_put_num(msg + len, c);
	while (*d)
		msg[len++] = *d++;
	len += native_put_num(msg + len, e);
	while (*f)
		msg[len++] = *f++;
	raw_syscall3(NR_write, 1, (long)msg, len);
}

static void reader(vdso_gettime_fn fn, unsigned long seconds)
{
	unsigned long deadline = from_kernel() + seconds * 1000000000UL;
	unsigned long a, b, c, back, reads = 0, steps = 0, worst = 0;

	do {
		a = from_vdso(fn);
		b = from_kernel();
		c = from_vdso(fn);
		reads += 3;
		back = a > b ? a - b : 0;
		if (b > c && b - c > back)
			back = b - c;
		if (back)
			steps++;
		if (back > worst)
			worst = back;
	} while (c < deadline);
	say("clock-native: ", reads, " reads, ", steps,
	    " steps backwards, worst ", worst, " ns\n");
}

void start_c(long *sp);

void start_c(long *sp)
{
	unsigned long seconds = native_number(sp[0] > 1 ? (char *)sp[2] : "1");
	vdso_gettime_fn fn = linux_vdso_gettime(sp);
	long pid;

	if (!fn) {
		static const char none[] = "clock-native: no vDSO clock\n";

		raw_syscall3(NR_write, 1, (long)none, sizeof(none) - 1);
		raw_syscall3(NR_exit_group, 1, 0, 0);
	}
	pid = raw_syscall6(NR_clone, 17 /* SIGCHLD */, 0, 0, 0, 0, 0);
	reader(fn, seconds);
	if (pid == 0)
		raw_syscall3(NR_exit_group, 0, 0, 0);
	raw_syscall6(NR_wait4, pid, 0, 0, 0, 0, 0);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
