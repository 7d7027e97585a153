// SPDX-License-Identifier: GPL-2.0
/*
 * Native benchmark: `bench-native N` times N fstat(1) system calls and
 * prints the mean in nanoseconds, the baseline for qemu-tests/cloudabi/
 * bench.c in the same VM run.
 */

#if defined(__x86_64__)
#define NR_write 1
#define NR_fstat 5
#define NR_clock_gettime 228
#define NR_exit_group 231
__asm__(".globl _start\n_start:\n\tmov %rsp, %rdi\n\tand $-16, %rsp\n"
	"\tcall start_c\n\thlt\n");

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c) : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define NR_write 64
#define NR_fstat 80
#define NR_clock_gettime 113
#define NR_exit_group 94
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n\tbrk #0\n");

static long sys3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}
#endif

struct timespec64 {
	long sec, nsec;
};

static unsigned long now(void)
{
	struct timespec64 ts;

	sys3(NR_clock_gettime, 1, (long)&ts, 0);
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
		sys3(NR_exit_group, 100, 0, 0);
	t0 = now();
	for (i = 0; i < n; i++)
		sys3(NR_fstat, 1, (long)st, 0);
	mean = (now() - t0) / n;
	do {
		digits[nd++] = '0' + mean % 10;
		mean /= 10;
	} while (mean);
	while (nd)
		msg[len++] = digits[--nd];
	msg[len++] = '\n';
	sys3(NR_write, 1, (long)msg, len);
	sys3(NR_exit_group, 0, 0, 0);
}
