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
 *
 * proc_exec has the gate check and record the exec, then makes it with
 * execveat() on the gate, by the empty path below: the seccomp filter
 * allows execveat() with this path's address only (module/exec.c).
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

/* The one path execveat() may take; its address is patched into the filter. */
const char vdso_exec_path[] = "";

#define LINUX_AT_EMPTY_PATH 0x1000

cloudabi_errno_t vdso_proc_exec(cloudabi_fd_t fd, const void *data,
				size_t data_len, const cloudabi_fd_t *fds,
				size_t fds_len)
{
	struct cloudabi_gate_proc_exec args = {
		.fd = fd,
		.data = (uint64_t)(uintptr_t)data,
		.data_len = data_len,
		.fds = (uint64_t)(uintptr_t)fds,
		.fds_len = fds_len,
	};
	cloudabi_errno_t err;
	long ret;

	err = cloudabi_vdso_gate(CLOUDABI_GATE_PROC_EXEC, &args);
	if (err)
		return err;
	ret = linux_syscall6(LINUX_NR_execveat, vdso_data.gate_fd,
			     (long)vdso_exec_path, 0, 0, LINUX_AT_EMPTY_PATH,
			     0);
	/* Still here: drop the record (the call fails, on fd ~0, by design). */
	args.fd = ~(cloudabi_fd_t)0;
	cloudabi_vdso_gate(CLOUDABI_GATE_PROC_EXEC, &args);
	return vdso_errno_from_linux(ret);
}
