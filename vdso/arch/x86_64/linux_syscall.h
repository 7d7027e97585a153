/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - raw Linux system calls from the x86-64 vDSO
 *
 * Only the calls on the seccomp allow-list are named here.
 */
#ifndef _CLOUDABI_VDSO_LINUX_SYSCALL_H
#define _CLOUDABI_VDSO_LINUX_SYSCALL_H

#define LINUX_NR_ioctl		16
#define LINUX_NR_sched_yield	24
#define LINUX_NR_exit		60
#define LINUX_NR_exit_group	231
#define LINUX_NR_clock_gettime	228
#define LINUX_NR_clock_getres	229
#define LINUX_NR_getrandom	318

static inline long linux_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif /* _CLOUDABI_VDSO_LINUX_SYSCALL_H */
