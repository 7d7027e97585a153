// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - process calls done in the vDSO
 *
 * proc_fork is a clone(2) with fork's one flag (SIGCHLD, which start-up
 * ignores, so the kernel reaps children).  The parent then asks the gate
 * for the child's process descriptor; the child waits in the gate until
 * the parent has it (module/process.c), and ends if the parent died
 * first, since nobody could ever control it.
 */

#include "vdso.h"

void vdso_proc_exit(cloudabi_exitcode_t rval)
{
	for (;;)
		linux_syscall3(LINUX_NR_exit_group, rval, 0, 0);
}

#define LINUX_SIGCHLD	17

cloudabi_errno_t vdso_proc_fork(cloudabi_fd_t *fd, cloudabi_tid_t *tid)
{
	struct cloudabi_gate_proc_adopt adopt = { .fd = (uintptr_t)fd };
	long pid;

	pid = linux_syscall6(LINUX_NR_clone, LINUX_SIGCHLD, 0, 0, 0, 0, 0);
	if (pid < 0)
		return vdso_errno_from_linux(pid);
	if (pid > 0) {
		adopt.pid = (cloudabi_tid_t)pid;
		return cloudabi_vdso_gate(CLOUDABI_GATE_PROC_ADOPT, &adopt);
	}
	if (cloudabi_vdso_gate(CLOUDABI_GATE_PROC_FORKED, NULL))
		vdso_proc_exit(127);
	*fd = CLOUDABI_PROCESS_CHILD;
	*tid = (cloudabi_tid_t)vdso_gettid();
	return 0;
}
