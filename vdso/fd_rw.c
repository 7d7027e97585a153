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
 * Two kinds of answer need the gate.  A failure with more than one cause
 * (EPERM: a missing right, or the file's own; EBADF; EINVAL: the gate's
 * unreadable file, or the file's own; EFAULT: lengths whose sum overflows,
 * which readv clamps and the spec calls EINVAL, or a buffer the file
 * could not fill after taking a datagram) is explained by the gate's
 * fd_rw_check, which makes the checks fd_read or fd_write would make and
 * moves no data: its errno when one fails, readv's otherwise.  And an
 * empty request: the kernel answers it without asking the capability, so
 * a read of nothing is checked the same way, and a write of nothing goes
 * through the gate's fd_write, which checks it and sends the empty
 * datagram a datagram socket needs.  End of file stays off the gate.  No
 * transfer is ever attempted twice.
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

static int ambiguous(long ret)
{
	return ret == -LINUX_EBADF || ret == -LINUX_EPERM ||
	       ret == -LINUX_EINVAL || ret == -LINUX_EFAULT;
}

/*
 * Whether @iovs asks for no bytes at all.  Only called once readv or
 * writev returned 0, so the kernel has just read the array, and its
 * length is at most UIO_MAXIOV.  The kernel's copy is not ours to see:
 * another thread that changes the lengths in between changes this
 * answer (an empty request then ends as an end of file, without the
 * rights check, ENOTCAPABLE, and without the empty datagram), and one
 * that unmaps the array ends the program here with SIGSEGV.  Copying the
 * array first would close that, at the price of faulting here on a bad
 * array the kernel now answers with EFAULT.  Only a program racing with
 * itself sees either, and no data moves: accepted.
 */
static int asks_nothing(const cloudabi_ciovec_t *iovs, size_t iovs_len)
{
	size_t i;

	for (i = 0; i < iovs_len; i++)
		if (iovs[i].buf_len)
			return 0;
	return 1;
}

/* What the gate's call would have refused, before moving data; or 0. */
static cloudabi_errno_t gate_check(cloudabi_fd_t fd, uint64_t right,
				   const void *iovs, size_t iovs_len)
{
	struct cloudabi_gate_fd_rw_check args = {
		.fd = fd,
		.rights = right,
		.iovs = (uint64_t)(uintptr_t)iovs,
		.iovs_len = iovs_len,
	};

	return cloudabi_vdso_gate(CLOUDABI_GATE_FD_RW_CHECK, &args);
}

cloudabi_errno_t vdso_fd_read(cloudabi_fd_t fd, const cloudabi_iovec_t *iovs,
			      size_t iovs_len, size_t *nread)
{
	cloudabi_errno_t err;
	long ret;

	/* cloudabi_iovec_t is struct iovec: a pointer and a size_t. */
	ret = linux_syscall3(LINUX_NR_readv, fd, (long)iovs, (long)iovs_len);
	if (ret > 0) {
		*nread = (size_t)ret;
		return 0;
	}
	/* End of file is final; an empty request never asked the capability. */
	if (ret == 0 && !asks_nothing((const cloudabi_ciovec_t *)iovs, iovs_len))
		goto done;
	if (ret < 0 && !ambiguous(ret))
		return vdso_errno_from_linux(ret);
	err = gate_check(fd, CLOUDABI_RIGHT_FD_READ, iovs, iovs_len);
	if (err)
		return err;
	if (ret < 0)
		return vdso_errno_from_linux(ret);
done:
	*nread = 0;
	return 0;
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
	cloudabi_errno_t err;
	long ret;

	ret = linux_syscall3(LINUX_NR_writev, fd, (long)iovs, (long)iovs_len);
	if (ret > 0) {
		*nwritten = (size_t)ret;
		return 0;
	}
	/*
	 * An empty request never reached the capability: the gate's call
	 * checks it and sends the empty datagram.  A file that took none of
	 * a non-empty request has answered; it is not asked twice.
	 */
	if (ret == 0 && asks_nothing(iovs, iovs_len))
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_WRITE, &args);
	if (ret == 0) {
		*nwritten = 0;
		return 0;
	}
	if (!ambiguous(ret))
		return vdso_errno_from_linux(ret);
	err = gate_check(fd, CLOUDABI_RIGHT_FD_WRITE, iovs, iovs_len);
	return err ? err : vdso_errno_from_linux(ret);
}
