// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_* system calls
 *
 * Each handler looks its descriptor up with the rights it needs and then
 * works on the inner file only.
 */

#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "capability.h"
#include "errno.h"
#include "generated/syscall_table.h"

/*
 * Reads and writes on the inner file, keeping its position the way
 * read(2) does: under f_pos_lock for files that need atomic positions,
 * and no position at all for streams.
 */
static ssize_t cap_rw(struct file *inner, int dir, u64 uiov, u64 iovcnt)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	bool lock = inner->f_mode & FMODE_ATOMIC_POS;
	struct iov_iter iter;
	loff_t pos, *ppos;
	ssize_t ret;

	if (iovcnt > UIO_MAXIOV)
		return -EINVAL;
	ret = import_iovec(dir, u64_to_user_ptr(uiov), iovcnt,
			   ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret < 0)
		return ret;
	if (lock)
		mutex_lock(&inner->f_pos_lock);
	ppos = (inner->f_mode & FMODE_STREAM) ? NULL : &pos;
	pos = inner->f_pos;
	if (dir == READ)
		ret = vfs_iter_read(inner, &iter, ppos, 0);
	else
		ret = vfs_iter_write(inner, &iter, ppos, 0);
	if (ret >= 0 && ppos)
		inner->f_pos = pos;
	if (lock)
		mutex_unlock(&inner->f_pos_lock);
	kfree(iov);
	return ret;
}

/**
 * cloudabi_sys_fd_read() - read from a descriptor into scattered buffers
 * @args: fd, iovs, iovs_len
 * @res: nread
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_READ;
 * - %-EINVAL: more than UIO_MAXIOV buffers, or a total size overflow;
 * - %-EFAULT: the iovec array or a buffer is not accessible;
 * - the errors of read(2) on the file (EAGAIN, EINTR, EIO, EISDIR...).
 */
long cloudabi_sys_fd_read(const struct cloudabi_gate_fd_read *args,
			  struct cloudabi_result_fd_read *res)
{
	struct cloudabi_cap *cap;
	struct file *file;
	ssize_t ret;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FD_READ, &file, &err);
	if (!cap)
		return err;
	ret = cap_rw(cap->inner, READ, args->iovs, args->iovs_len);
	fput(file);
	if (ret < 0)
		return ret;
	res->nread = ret;
	return 0;
}

/**
 * cloudabi_sys_fd_write() - write scattered buffers to a descriptor
 * @args: fd, iovs, iovs_len
 * @res: nwritten
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_WRITE;
 * - %-EINVAL: more than UIO_MAXIOV buffers, or a total size overflow;
 * - %-EFAULT: the iovec array or a buffer is not accessible;
 * - %-EPIPE: the reader is gone (SIGPIPE is ignored in CloudABI
 *   processes);
 * - the errors of write(2) on the file (EAGAIN, EINTR, ENOSPC, EFBIG...).
 */
long cloudabi_sys_fd_write(const struct cloudabi_gate_fd_write *args,
			   struct cloudabi_result_fd_write *res)
{
	struct cloudabi_cap *cap;
	struct file *file;
	ssize_t ret;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FD_WRITE, &file, &err);
	if (!cap)
		return err;
	ret = cap_rw(cap->inner, WRITE, args->iovs, args->iovs_len);
	fput(file);
	if (ret < 0)
		return ret;
	res->nwritten = ret;
	return 0;
}

static cloudabi_fdflags_t fdflags_of(const struct file *file)
{
	unsigned int f = file->f_flags;
	cloudabi_fdflags_t flags = 0;

	if (f & O_APPEND)
		flags |= CLOUDABI_FDFLAG_APPEND;
	if (f & O_NONBLOCK)
		flags |= CLOUDABI_FDFLAG_NONBLOCK;
	/* O_SYNC includes __O_SYNC and O_DSYNC; O_RSYNC is O_SYNC here. */
	if ((f & O_SYNC) == O_SYNC)
		flags |= CLOUDABI_FDFLAG_SYNC | CLOUDABI_FDFLAG_RSYNC;
	else if (f & O_DSYNC)
		flags |= CLOUDABI_FDFLAG_DSYNC;
	return flags;
}

/**
 * cloudabi_sys_fd_stat_get() - type, flags and rights of a descriptor
 * @args: fd, buf (user address of a cloudabi_fdstat_t)
 *
 * Needs no right: what a descriptor may do is never secret from its
 * holder.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-EFAULT: @args->buf cannot be written.
 */
long cloudabi_sys_fd_stat_get(const struct cloudabi_gate_fd_stat_get *args)
{
	struct cloudabi_cap *cap;
	cloudabi_fdstat_t st;
	struct file *file;
	int err;

	cap = cloudabi_cap_get(args->fd, 0, &file, &err);
	if (!cap)
		return err;
	/* The struct has padding: clear it all, never leak stack bytes. */
	memset(&st, 0, sizeof(st));
	st.fs_filetype = cap->filetype;
	st.fs_flags = fdflags_of(cap->inner);
	st.fs_rights_base = cap->rights.base;
	st.fs_rights_inheriting = cap->rights.inheriting;
	fput(file);
	if (copy_to_user(u64_to_user_ptr(args->buf), &st, sizeof(st)))
		return -EFAULT;
	return 0;
}
