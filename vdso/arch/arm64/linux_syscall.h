/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - raw Linux system calls from the arm64 vDSO
 *
 * Only the calls on the seccomp allow-list are named here (asm-generic
 * numbering).
 */
#ifndef _CLOUDABI_VDSO_LINUX_SYSCALL_H
#define _CLOUDABI_VDSO_LINUX_SYSCALL_H

#define LINUX_NR_dup3		24
#define LINUX_NR_ioctl		29
#define LINUX_NR_close		57
#define LINUX_NR_readv		65
#define LINUX_NR_writev		66
#define LINUX_NR_preadv		69
#define LINUX_NR_pwritev	70
#define LINUX_NR_exit		93
#define LINUX_NR_exit_group	94
#define LINUX_NR_sched_yield	124
#define LINUX_NR_clock_gettime	113
#define LINUX_NR_clock_getres	114
#define LINUX_NR_munmap		215
#define LINUX_NR_mmap		222
#define LINUX_NR_mprotect	226
#define LINUX_NR_msync		227
#define LINUX_NR_madvise	233
#define LINUX_NR_getrandom	278
#define LINUX_NR_clone		220
#define LINUX_NR_gettid		178
#define LINUX_NR_futex		98
#define LINUX_NR_set_tid_address	96
#define LINUX_NR_execveat	281

static inline long linux_syscall3(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}

static inline long linux_syscall6(long nr, long a, long b, long c, long d,
				  long e, long f)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

#endif /* _CLOUDABI_VDSO_LINUX_SYSCALL_H */
