// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: confinement, one escape attempt per run
 *
 * `confine.run FD ATTEMPT`.  Each attempt must end the process: a raw
 * system call by SIGSYS (seccomp), a write into the vDSO by SIGSEGV.  If
 * the program is still alive afterwards it says so and exits 0, which the
 * runner counts as a failure.
 */

#include <cloudabi_gate.h>

#include "rt.h"

#if defined(__x86_64__)
#define NR_getpid 39
#define NR_openat 257
#define NR_execve 59
#define NR_socket 41
#define NR_kill 62
#define NR_ioctl 16
#define NR_ptrace 101
static long raw_syscall(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c) : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
#define NR_getpid 172
#define NR_openat 56
#define NR_execve 221
#define NR_socket 198
#define NR_kill 129
#define NR_ioctl 29
#define NR_ptrace 117
static long raw_syscall(long nr, long a, long b, long c)
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

int program_main(void)
{
	const char *what = rt_arg(2);
	cloudabi_fd_t out = 1;
	long ret = 0;

	if (!what)
		return 100;
	if (!rt_strcmp(what, "getpid"))
		ret = raw_syscall(NR_getpid, 0, 0, 0);
	else if (!rt_strcmp(what, "openat"))
		ret = raw_syscall(NR_openat, -100, (long)"/etc/passwd", 0);
	else if (!rt_strcmp(what, "execve"))
		ret = raw_syscall(NR_execve, (long)"/bin/sh", 0, 0);
	else if (!rt_strcmp(what, "socket"))
		ret = raw_syscall(NR_socket, 2, 1, 0);
	else if (!rt_strcmp(what, "kill"))
		ret = raw_syscall(NR_kill, 1, 9, 0);
	else if (!rt_strcmp(what, "ptrace"))
		ret = raw_syscall(NR_ptrace, 0, 0, 0);
	else if (!rt_strcmp(what, "ioctl-tty"))
		ret = raw_syscall(NR_ioctl, 1, 0x5401 /* TCGETS */, 0);
	else if (!rt_strcmp(what, "ioctl-gate-type-other-fd"))
		ret = raw_syscall(NR_ioctl, 1, CLOUDABI_GATE_FD_CLOSE, 0);
	else if (!rt_strcmp(what, "write-vdso"))
		*(volatile char *)rt.vdso = 0;
	else if (!rt_strcmp(what, "write-vdso-data"))
		*((volatile char *)rt.vdso - 4096) = 0;
	else
		return 100;
	rt_printf(out, "still alive after %s (%d)\n", what, (int)ret);
	return 0;
}
