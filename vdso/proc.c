// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - process and thread calls done in the vDSO
 */

#include "vdso.h"

void vdso_proc_exit(cloudabi_exitcode_t rval)
{
	for (;;)
		linux_syscall3(LINUX_NR_exit_group, rval, 0, 0);
}

cloudabi_errno_t vdso_thread_yield(void)
{
	linux_syscall3(LINUX_NR_sched_yield, 0, 0, 0);
	return 0;
}

/*
 * Until thread_create lands the caller is the only thread, so no other
 * thread can wait on @lock and ending the thread ends the process.
 */
void vdso_thread_exit(_Atomic(cloudabi_lock_t) *lock, cloudabi_scope_t scope)
{
	(void)lock, (void)scope;
	for (;;)
		linux_syscall3(LINUX_NR_exit, 0, 0, 0);
}
