// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_stat_put, finished in the vDSO
 *
 * Restricting rights must change this one slot only, while Linux lets no
 * module put a new file into an existing slot.  The module makes the
 * restricted capability at a new descriptor (CLOUDABI_GATE_FD_RESTRICT),
 * and the process moves it over the old one with dup3() and closes the
 * copy.  A raw dup3() or close() gains nothing over fd_replace and
 * fd_close.
 */


#include "vdso.h"

/*
 * A failed call changes nothing: the restricted copy is made first (where
 * a widening fails), then the flags are set, and only then does the copy
 * move into the slot.
 */
cloudabi_errno_t vdso_fd_stat_put(cloudabi_fd_t fd,
				  const cloudabi_fdstat_t *buf,
				  cloudabi_fdsflags_t flags)
{
	struct cloudabi_gate_fd_stat_put args = {
		.fd = fd,
		.buf = (uint64_t)(uintptr_t)buf,
		.flags = CLOUDABI_FDSTAT_FLAGS,
	};
	cloudabi_fd_t copy = 0;
	struct cloudabi_gate_fd_restrict restrict_args = {
		.fd = fd,
		.buf = (uint64_t)(uintptr_t)buf,
		.newfd = (uint64_t)(uintptr_t)&copy,
	};
	cloudabi_errno_t err = 0;
	long ret;

	if (flags & ~(CLOUDABI_FDSTAT_FLAGS | CLOUDABI_FDSTAT_RIGHTS))
		return CLOUDABI_EINVAL;
	if (flags & CLOUDABI_FDSTAT_RIGHTS) {
		err = cloudabi_vdso_gate(CLOUDABI_GATE_FD_RESTRICT,
					 &restrict_args);
		if (err)
			return err;
	}
	if (flags & CLOUDABI_FDSTAT_FLAGS)
		err = cloudabi_vdso_gate(CLOUDABI_GATE_FD_STAT_PUT, &args);
	if (!(flags & CLOUDABI_FDSTAT_RIGHTS))
		return err;
	ret = err ? 0 : linux_syscall3(LINUX_NR_dup3, copy, fd, 0);
	linux_syscall3(LINUX_NR_close, copy, 0, 0);
	if (ret < 0)
		return vdso_errno_from_linux(ret);
	return err;
}
