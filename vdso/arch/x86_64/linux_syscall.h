/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - raw Linux system calls from the x86-64 vDSO
 *
 * Only the calls on the seccomp allow-list are named here.
 */
#ifndef _CLOUDABI_VDSO_LINUX_SYSCALL_H
#define _CLOUDABI_VDSO_LINUX_SYSCALL_H

#define LINUX_NR_mmap		9
#define LINUX_NR_mprotect	10
#define LINUX_NR_munmap		11
#define LINUX_NR_close		3
#define LINUX_NR_readv		19
#define LINUX_NR_writev		20
#define LINUX_NR_preadv		295
#define LINUX_NR_pwritev	296
#define LINUX_NR_ioctl		16
#define LINUX_NR_dup3		292
#define LINUX_NR_sched_yield	24
#define LINUX_NR_msync		26
#define LINUX_NR_madvise	28
#define LINUX_NR_exit		60
#define LINUX_NR_exit_group	231
#define LINUX_NR_execveat	322
#define LINUX_NR_clock_gettime	228
#define LINUX_NR_clock_getres	229
#define LINUX_NR_getrandom	318
#define LINUX_NR_clone		56
#define LINUX_NR_gettid		186
#define LINUX_NR_futex		202
#define LINUX_NR_set_tid_address	218

static inline long linux_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The fourth argument goes in %r10: syscall itself clobbers %rcx. */
static inline long linux_syscall6(long nr, long a, long b, long c, long d,
				  long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif /* _CLOUDABI_VDSO_LINUX_SYSCALL_H */
