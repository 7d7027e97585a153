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
