// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the x86-64 TLS register, set at start-up
 *
 * Modules cannot set another task's %fs base, so the process sets its own
 * before the seccomp filter forbids arch_prctl.
 */

#include "vdso.h"

#define LINUX_NR_arch_prctl	158
#define LINUX_ARCH_SET_FS	0x1002

void vdso_set_tls(uint64_t tls)
{
	linux_syscall3(LINUX_NR_arch_prctl, LINUX_ARCH_SET_FS, (long)tls, 0);
}

/*
 * The TCB a new thread starts with: a copy of the caller's, which %fs:0
 * points at (cloudabi_tcb_t is one pointer on x86-64).
 */
void vdso_copy_tcb(uint64_t tcb[2])
{
	const uint64_t *cur;

	__asm__ volatile("movq %%fs:0, %0" : "=r"(cur));
	tcb[0] = cur ? cur[0] : 0;
	tcb[1] = 0;
}
