// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_close and fd_replace, done in the vDSO
 *
 * Linux exports no way for a module to put a file into a given slot of a
 * descriptor table (replace_fd() is private).  The gate checks that both
 * descriptors are capabilities, and the process then does the move itself
 * with dup3(), which the seccomp filter allows with no flags only.  A raw
 * dup3() gains nothing over this: it can only copy the process's own
 * capabilities between its own slots, which fd_replace may do anyway.
 */

#include "vdso.h"

cloudabi_errno_t vdso_fd_replace(cloudabi_fd_t from, cloudabi_fd_t to)
{
	struct cloudabi_gate_fd_replace args = { .from = from, .to = to };
	cloudabi_errno_t err;
	long ret;

	err = cloudabi_vdso_gate(CLOUDABI_GATE_FD_REPLACE, &args);
	/* dup3() refuses equal descriptors; replacing a slot by itself is
	 * a no-op once the gate has found it open.
	 */
	if (err || from == to)
		return err;
	ret = linux_syscall3(LINUX_NR_dup3, from, to, 0);
	return ret < 0 ? vdso_errno_from_linux(ret) : 0;
}

/*
 * Every slot but the gate's holds a capability, so closing a number is
 * all fd_close does: close(2) itself, which the seccomp filter keeps off
 * the gate's slot.  The gate is not a CloudABI descriptor: EBADF, as for
 * any number that is not open.
 */
cloudabi_errno_t vdso_fd_close(cloudabi_fd_t fd)
{
	long ret;

	if (fd == (cloudabi_fd_t)vdso_data.gate_fd)
		return CLOUDABI_EBADF;
	ret = linux_syscall3(LINUX_NR_close, fd, 0, 0);
	return ret < 0 ? vdso_errno_from_linux(ret) : 0;
}
