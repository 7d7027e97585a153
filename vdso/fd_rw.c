// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_read, fd_write, fd_pread and fd_pwrite without
 * the gate
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
 * transfer that moved data is ever attempted again (an unexplained EPERM
 * of fd_pread or fd_pwrite, which moved nothing, is retried once through
 * the gate, below).
 *
 * fd_pread and fd_pwrite are preadv(2) and pwritev(2) on the capability
 * the same way: the capability tells them from readv and writev by their
 * offset (any but its own fixed position, CAP_POS in lsm/capability.c)
 * and then checks FD_SEEK as well.  The gate's own call takes what the
 * capability cannot: offsets from 2^62 on (CAP_POS itself, and those
 * past 2^63 - 1, which preadv refuses before looking at the descriptor
 * while the gate checks the descriptor first) and empty requests, whose
 * answer on a file without positions is the gate's ESPIPE.  ESPIPE is
 * ambiguous besides: the gate's own file has no positions either.
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
#define LINUX_ESPIPE	29

/* Offsets the gate's fd_pread and fd_pwrite take: see above. */
#define GATE_OFFSETS	(1ULL << 62)

/*
 * More buffers than Linux takes (UIO_MAXIOV) go to the gate: the kernel
 * cuts a count to 32 bits before it checks it, so 2^32 + 1 would read
 * one buffer where the gate answers EINVAL after its rights check.
 */
#define GATE_IOVS	1024

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

	if (iovs_len > GATE_IOVS)
		return gate_check(fd, CLOUDABI_RIGHT_FD_READ, iovs, iovs_len);
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

	if (iovs_len > GATE_IOVS)
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_WRITE, &args);
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

/*
 * preadv or pwritev (@nr) on the capability.  Return: the call's errno,
 * or -1 when the gate's own call must answer instead.
 */
static int positioned_rw(long nr, uint64_t right, cloudabi_fd_t fd,
			 const cloudabi_ciovec_t *iovs, size_t iovs_len,
			 cloudabi_filesize_t offset, size_t *done)
{
	cloudabi_errno_t err;
	long ret;

	if (offset >= GATE_OFFSETS || iovs_len > GATE_IOVS)
		return -1;
	ret = linux_syscall6(nr, fd, (long)iovs, (long)iovs_len, (long)offset,
			     0, 0);
	if (ret > 0) {
		*done = (size_t)ret;
		return 0;
	}
	if (ret == 0) {
		if (asks_nothing(iovs, iovs_len))
			return -1;
		/* End of file, or a file that took nothing: final. */
		*done = 0;
		return 0;
	}
	if (!ambiguous(ret) && ret != -LINUX_ESPIPE)
		return vdso_errno_from_linux(ret);
	err = gate_check(fd, right | CLOUDABI_RIGHT_FD_SEEK, iovs, iovs_len);
	if (err)
		return err;
	/*
	 * An EPERM the checks do not explain is the file's own, or a right
	 * missing from what the slot held a moment ago, before another
	 * thread replaced it.  Nothing moved either way, so the gate's own
	 * call answers, for what the slot holds now.
	 */
	if (ret == -LINUX_EPERM)
		return -1;
	return vdso_errno_from_linux(ret);
}

cloudabi_errno_t vdso_fd_pread(cloudabi_fd_t fd, const cloudabi_iovec_t *iovs,
			       size_t iovs_len, cloudabi_filesize_t offset,
			       size_t *nread)
{
	struct cloudabi_gate_fd_pread args = {
		.fd = fd,
		.iovs = (uint64_t)(uintptr_t)iovs,
		.iovs_len = iovs_len,
		.offset = offset,
		.nread = (uint64_t)(uintptr_t)nread,
	};
	int err;

	/* cloudabi_iovec_t and cloudabi_ciovec_t are both struct iovec. */
	err = positioned_rw(LINUX_NR_preadv, CLOUDABI_RIGHT_FD_READ, fd,
			    (const cloudabi_ciovec_t *)iovs, iovs_len, offset,
			    nread);
	if (err < 0)
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_PREAD, &args);
	return (cloudabi_errno_t)err;
}

cloudabi_errno_t vdso_fd_pwrite(cloudabi_fd_t fd,
				const cloudabi_ciovec_t *iovs, size_t iovs_len,
				cloudabi_filesize_t offset, size_t *nwritten)
{
	struct cloudabi_gate_fd_pwrite args = {
		.fd = fd,
		.iovs = (uint64_t)(uintptr_t)iovs,
		.iovs_len = iovs_len,
		.offset = offset,
		.nwritten = (uint64_t)(uintptr_t)nwritten,
	};
	int err;

	err = positioned_rw(LINUX_NR_pwritev, CLOUDABI_RIGHT_FD_WRITE, fd, iovs,
			    iovs_len, offset, nwritten);
	if (err < 0)
		return cloudabi_vdso_gate(CLOUDABI_GATE_FD_PWRITE, &args);
	return (cloudabi_errno_t)err;
}
