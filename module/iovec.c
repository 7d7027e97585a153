// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the caller's buffers, for the data calls
 *
 * fd_read, fd_write, fd_pread, fd_pwrite, sock_recv and sock_send take an
 * array of cloudabi_iovec_t, which has the layout of a struct iovec.
 */

#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "iovec.h"

/**
 * cloudabi_import_iovecs() - copy the user's iovec array in, once
 * @dir: READ or WRITE, as for iov_iter_init()
 * @uiov: user address of the array
 * @iovcnt: its length
 * @fast: UIO_FASTIOV entries of the caller's, used for short arrays
 * @iovp: set to the array used; the caller kfree()s it unless @fast
 * @iter: set up over the buffers
 *
 * Copy the user's iovec array in once and check it as readv(2) does:
 * lengths whose sum overflows ssize_t are EINVAL (import_iovec() would
 * answer EFAULT for the first huge one), an inaccessible buffer EFAULT,
 * and the total is clamped to MAX_RW_COUNT.  A cloudabi_iovec_t has the
 * layout of a struct iovec.
 *
 * Return: the total length, or -EINVAL (too many, overflow), -EFAULT,
 * -ENOMEM.
 */
ssize_t cloudabi_import_iovecs(int dir, u64 uiov, u64 iovcnt,
			       struct iovec *fast, struct iovec **iovp,
			       struct iov_iter *iter)
{
	struct iovec *iov = fast;
	size_t total = 0, len;
	u64 i;

	if (iovcnt > UIO_MAXIOV)
		return -EINVAL;
	if (iovcnt > UIO_FASTIOV) {
		iov = kmalloc_array(iovcnt, sizeof(*iov), GFP_KERNEL);
		if (!iov)
			return -ENOMEM;
	}
	*iovp = iov;
	if (copy_from_user(iov, u64_to_user_ptr(uiov), iovcnt * sizeof(*iov)))
		return -EFAULT;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > SSIZE_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
	}
	for (total = 0, i = 0; i < iovcnt; i++) {
		len = iov[i].iov_len;
		if (!access_ok(iov[i].iov_base, len))
			return -EFAULT;
		if (len > MAX_RW_COUNT - total)
			iov[i].iov_len = len = MAX_RW_COUNT - total;
		total += len;
	}
	iov_iter_init(iter, dir, iov, iovcnt, total);
	return total;
}

