// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_* system calls on an open descriptor
 *
 * The calls that take a path and resolve it beneath a directory
 * capability come with path resolution; these work on the file a
 * descriptor already holds.
 */

#include <linux/fadvise.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "errno.h"
#include "generated/syscall_table.h"

static u64 timestamp_of(struct timespec64 ts)
{
	/* CloudABI timestamps are unsigned: times before 1970 read as 0. */
	return ts.tv_sec < 0 ? 0 : (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/**
 * cloudabi_sys_file_stat_fget() - attributes of an open file
 * @args: fd, buf (user address of a cloudabi_filestat_t)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_STAT_FGET;
 * - %-EFAULT: @args->buf cannot be written;
 * - %-EIO and the like, from the file system.
 */
long cloudabi_sys_file_stat_fget(const struct cloudabi_gate_file_stat_fget *args)
{
	struct cloudabi_cap *cap;
	cloudabi_filestat_t st;
	struct file *file;
	struct kstat ks;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FILE_STAT_FGET, &file,
			       &err);
	if (!cap)
		return err;
	err = vfs_getattr(&cap->inner->f_path, &ks, STATX_BASIC_STATS,
			  AT_STATX_SYNC_AS_STAT);
	/* Padding in the struct: clear it all, never leak stack bytes. */
	memset(&st, 0, sizeof(st));
	st.st_filetype = cap->filetype;
	fput(file);
	if (err)
		return err;
	st.st_dev = ks.dev;
	st.st_ino = ks.ino;
	st.st_nlink = ks.nlink;
	st.st_size = ks.size;
	st.st_atim = timestamp_of(ks.atime);
	st.st_mtim = timestamp_of(ks.mtime);
	st.st_ctim = timestamp_of(ks.ctime);
	if (copy_to_user(u64_to_user_ptr(args->buf), &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static int linux_advice(u8 advice)
{
	switch (advice) {
	case CLOUDABI_ADVICE_DONTNEED:
		return POSIX_FADV_DONTNEED;
	case CLOUDABI_ADVICE_NOREUSE:
		return POSIX_FADV_NOREUSE;
	case CLOUDABI_ADVICE_NORMAL:
		return POSIX_FADV_NORMAL;
	case CLOUDABI_ADVICE_RANDOM:
		return POSIX_FADV_RANDOM;
	case CLOUDABI_ADVICE_SEQUENTIAL:
		return POSIX_FADV_SEQUENTIAL;
	case CLOUDABI_ADVICE_WILLNEED:
		return POSIX_FADV_WILLNEED;
	default:
		return -1;
	}
}

/**
 * cloudabi_sys_file_advise() - announce how a file's data will be used
 * @args: fd, offset, len, advice
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown advice value, or an offset or length beyond
 *   2^63 - 1;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_ADVISE;
 * - %-ESPIPE: the file is a pipe or socket.
 */
long cloudabi_sys_file_advise(const struct cloudabi_gate_file_advise *args)
{
	int advice = linux_advice(args->advice);
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	if (advice < 0 || args->offset > LLONG_MAX || args->len > LLONG_MAX)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FILE_ADVISE, &file,
			       &err);
	if (!cap)
		return err;
	/* Never through an O_PATH file, whatever its rights say. */
	err = -EBADF;
	if (!(cap->inner->f_mode & FMODE_PATH))
		err = vfs_fadvise(cap->inner, args->offset, args->len, advice);
	fput(file);
	return err;
}

/**
 * cloudabi_sys_file_allocate() - reserve storage for a range of a file
 * @args: fd, offset, len
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: a zero length, or an offset or length beyond 2^63 - 1;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor, or one whose
 *   file is not open for writing;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_ALLOCATE;
 * - %-EFBIG, %-ENOSPC, %-ENODEV, %-ESPIPE, %-EOPNOTSUPP: as for
 *   posix_fallocate(3) on the file.
 */
long cloudabi_sys_file_allocate(const struct cloudabi_gate_file_allocate *args)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	if (!args->len || args->offset > LLONG_MAX || args->len > LLONG_MAX)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FILE_ALLOCATE, &file,
			       &err);
	if (!cap)
		return err;
	err = vfs_fallocate(cap->inner, 0, args->offset, args->len);
	fput(file);
	return err;
}
