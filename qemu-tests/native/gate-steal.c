// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `gate-steal PID FD` takes
 * descriptor FD of process PID with pidfd_getfd(2) (as a debugger could)
 * and calls the CloudABI gate through it.  Prints "ioctl N" with the raw
 * result (the gate must refuse any caller but its own process), or
 * "getfd N" when the descriptor could not be taken at all.
 */

#include "../../include/uapi/cloudabi/cloudabi_gate.h"

#define NR_pidfd_open 434
#define NR_pidfd_getfd 438
#if defined(__x86_64__)
#define NR_write 1
#define NR_ioctl 16
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
#define NR_ioctl 29
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

static long number(const char *s)
{
	long n = 0;

	for (; s && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return n;
}

void start_c(long *sp);

void start_c(long *sp)
{
	cloudabi_fdstat_t st;
	struct cloudabi_gate_fd_stat_get args = {
		.fd = 0, .buf = (uint64_t)(uintptr_t)&st,
	};
	char msg[32] = "ioctl ";
	long pidfd, fd, ret;
	int n = 6;

	if (sp[0] < 3)
		sys3(NR_exit_group, 100, 0, 0);
	pidfd = sys3(NR_pidfd_open, number((char *)sp[2]), 0, 0);
	fd = sys3(NR_pidfd_getfd, pidfd, number((char *)sp[3]), 0);
	if (fd < 0) {
		msg[0] = 'g', msg[1] = 'e', msg[2] = 't', msg[3] = 'f';
		msg[4] = 'd';
		ret = fd;
	} else {
		ret = sys3(NR_ioctl, fd, CLOUDABI_GATE_FD_STAT_GET,
			   (long)&args);
	}
	if (ret < 0) {
		msg[n++] = '-';
		ret = -ret;
	}
	if (ret >= 10)
		msg[n++] = '0' + ret / 10 % 10;
	msg[n++] = '0' + ret % 10;
	msg[n++] = '\n';
	sys3(NR_write, 1, (long)msg, n);
	sys3(NR_exit_group, 0, 0, 0);
}
