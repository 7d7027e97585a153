// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: prints "exit-status: N" and
 * exits with status N.  It checks that scripts/vm-run returns a guest
 * program's output and status.
 */

#if defined(__x86_64__)
#define NR_write 1
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

void start_c(long *sp);

void start_c(long *sp)
{
	const char *arg = sp[0] > 1 ? (const char *)sp[2] : "0";
	char msg[32] = "exit-status: ";
	int status = 0, n = 13, i;

	for (i = 0; arg[i] >= '0' && arg[i] <= '9' && i < 3; i++) {
		status = status * 10 + (arg[i] - '0');
		msg[n++] = arg[i];
	}
	msg[n++] = '\n';
	sys3(NR_write, 1, (long)msg, n);
	sys3(NR_exit_group, status & 255, 0, 0);
}
