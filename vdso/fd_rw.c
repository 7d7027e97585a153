// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_read and fd_write without the gate
 *
 * Every slot of a CloudABI process but the gate's holds a capability
 * file, and a capability file's own read and write check FD_READ and
 * FD_WRITE before forwarding to the file inside (lsm/capability.c): the
 * same checks, the same position and the same socket path as the gate's
 * fd_read and fd_write.  So the vDSO calls readv(2) and writev(2) on the
 * descriptor itself, which the seccomp filter allows on any descriptor
 * with no argument checks (and so from seccomp's action cache, without
 * running the filter at all), and the data path never crosses the gate.
 *
 * Only the answer differs where a failure has more than one cause: a
 * missing right is EPERM from the capability (native holders know no
 * ENOTCAPABLE), the gate's slot gives EINVAL (its file cannot be read),
 * a closed slot and a capability opened without the mode both give
 * EBADF, and iovec lengths whose sum overflows are EFAULT to readv(2)
 * (it clamps them, then finds the range inaccessible) but EINVAL to the
 * spec.  Those failures are asked again through the gate, whose answer is
 * exact; they transferred nothing, so asking again loses nothing.
 * Every other result is final.
 *
 * A result pointer the program cannot write ends it with SIGSEGV after
 * the transfer, as for clock_time_get (vdso/clock.c): probing it first
 * would cost the system call this path saves.
 */

#include "vdso.h"

#define LINUX_EPERM	1
#define LINUX_EBADF	9
#define LINUX_EFAULT	14
#define LINUX_EINVAL	22

static int ask_the_gate(long ret)
{
	return ret == -LINUX_EBADF || ret == -LINUX_EPERM ||
	       ret == -LINUX_EINVAL || ret == -LINUX_EFAULT;
}

cloudabi_errno_t vdso_fd_read(cloudabi_fd_t fd, const cloudabi_iovec_t *iovs,
			      size_t iovs_len, size_t *nread)
{
	struct cloudabi_gate_fd_read args = {
		.fd = fd,
		.iovs = (uint64_t)(uintptr_t)iovs,
		.iovs_len = iovs_len,
		.nread = (uint64_t)(uintptr_t)nread,
	};
	long ret;

	/* cloudabi_iovec_t is struct iovec: a pointer and a size_t. */
	ret = linux_syscall3(LINUX_NR_readv, fd, (long)iovs, (long)iovs_len);
	if (ret >= 0) {
		*nread = (size_t)ret;
		return 0;
	}
	if (ask_the_gate(ret))
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_READ, &args);
	return vdso_errno_from_linux(ret);
}

cloudabi_errno_t vdso_fd_write(cloudabi_fd_t fd,
			       const cloudabi_ciovec_t *iovs,
			       size_t iovs_len, size_t *nwritten)
{
	struct cloudabi_gate_fd_write args = {
		.fd = fd,
		.iovs = (uint64_t)(uintptr_t)iovs,
		.iovs_len = iovs_len,
		.nwritten = (uint64_t)(uintptr_t)nwritten,
	};
	long ret;

	ret = linux_syscall3(LINUX_NR_writev, fd, (long)iovs, (long)iovs_len);
	if (ret >= 0) {
		*nwritten = (size_t)ret;
		return 0;
	}
	if (ask_the_gate(ret))
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_WRITE, &args);
	return vdso_errno_from_linux(ret);
}
