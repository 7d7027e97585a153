// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the vDSO's way into the module
 *
 * Every call that touches a capability is an ioctl on the process's gate
 * file with a generated argument block.  The module answers with the
 * CloudABI errno as a non-negative result; a negative result means the
 * gate itself was unusable.
 */

#include "vdso.h"

cloudabi_errno_t cloudabi_vdso_gate(unsigned int cmd, void *args)
{
	long ret;

	ret = linux_syscall3(LINUX_NR_ioctl, vdso_data.gate_fd, cmd,
			     (long)args);
	if (ret < 0)
		return CLOUDABI_ENOSYS;
	return (cloudabi_errno_t)ret;
}
