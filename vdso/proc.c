// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - process calls done in the vDSO
 */

#include "vdso.h"

void vdso_proc_exit(cloudabi_exitcode_t rval)
{
	for (;;)
		linux_syscall3(LINUX_NR_exit_group, rval, 0, 0);
}
