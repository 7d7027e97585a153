// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - process calls done in the vDSO
 *
 * proc_fork is a clone(2) with fork's one flag (SIGCHLD, which start-up
 * ignores, so the kernel reaps children), made in arch/<arch>/fork.S: the
 * seccomp filter allows that clone from there only, and the instructions
 * after it adopt the child (parent) or wait to be adopted (child) before
 * anything returns to the program, so no child ever runs without its
 * process descriptor (module/process.c).
 */

#include "vdso.h"

void vdso_proc_exit(cloudabi_exitcode_t rval)
{
	for (;;)
		linux_syscall3(LINUX_NR_exit_group, rval, 0, 0);
}

/* vdso/arch/<arch>/fork.S hard-codes the two gate commands it makes. */
_Static_assert(CLOUDABI_GATE_PROC_ADOPT == 0x4010CA81U, "fork.S");
_Static_assert(CLOUDABI_GATE_PROC_FORKED == 0x0000CA82U, "fork.S");

cloudabi_errno_t vdso_proc_fork(cloudabi_fd_t *fd, cloudabi_tid_t *tid)
{
	long ret = vdso_fork(vdso_data.gate_fd, fd);

	if (ret < 0)
		return vdso_errno_from_linux(ret);
	if (ret)
		return (cloudabi_errno_t)ret;
	if (*fd == CLOUDABI_PROCESS_CHILD)
		*tid = (cloudabi_tid_t)vdso_gettid();
	return 0;
}
