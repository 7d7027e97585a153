// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_* calls that use a descriptor: read, write,
 * seek, sync, and its flags and rights
 *
 * Each handler looks its descriptor up with the rights it needs and then
 * works on the inner file only.  Calls that make, copy or remove
 * descriptors are in sys_fd_slots.c.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/shmem_fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "capability.h"
#include "errno_convert.h"
#include "iovec.h"
#include "generated/syscall_table.h"

/* Import the user's iovec array once, then read or write through it. */
static ssize_t cap_rw(struct file *inner, int dir, u64 uiov, u64 iovcnt,
		      const u64 *offset)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	struct iov_iter iter;
	ssize_t ret;

	ret = cloudabi_import_iovecs(dir, uiov, iovcnt, iovstack, &iov, &iter);
	if (ret >= 0)
		ret = cloudabi_inner_rw(inner, dir, &iter, offset);
	if (iov != iovstack)
		kfree(iov);
	return ret;
}

/*
 * The four data calls are one: check @rights on @fd, then read or write
 * through the caller's iovecs, at *@offset when there is one (pread and
 * pwrite leave the position alone), and report the byte count in *@done.
 */
static long fd_rw(u32 fd, u64 rights, int dir, u64 iovs,
		  u64 iovs_len, const u64 *offset, size_t *done)
{
	struct cloudabi_cap *cap;
	struct file *file;
	ssize_t ret;
	int err;

	cap = cloudabi_cap_get(fd, rights, &file, &err);
	if (!cap)
		return err;
	ret = cap_rw(cap->inner, dir, iovs, iovs_len, offset);
	fput(file);
	if (ret < 0)
		return ret;
	*done = ret;
	return 0;
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
	return fd_rw(args->fd, CLOUDABI_RIGHT_FD_READ, READ, args->iovs,
		     args->iovs_len, NULL, &res->nread);
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
	return fd_rw(args->fd, CLOUDABI_RIGHT_FD_WRITE, WRITE, args->iovs,
		     args->iovs_len, NULL, &res->nwritten);
}

/**
 * cloudabi_cmd_fd_rw_check() - a data call's checks, no transfer
 * @args: fd, rights (which call), iovs, iovs_len
 *
 * The vDSO moves the data of fd_read, fd_write, fd_pread and fd_pwrite
 * with readv, writev, preadv and pwritev on the capability
 * (vdso/fd_rw.c).  Where their failure has more than one cause, or the
 * kernel answered an empty transfer without asking the capability, the
 * vDSO asks here what the gate's call would have said before moving
 * data; a transfer that moved data is never attempted again.
 *
 * Return: 0 when the call would go ahead, or a negative error; possible
 * errors are:
 *
 * - %-EINVAL: @args->rights is not CLOUDABI_RIGHT_FD_READ or
 *   CLOUDABI_RIGHT_FD_WRITE, alone or with CLOUDABI_RIGHT_FD_SEEK; more
 *   than UIO_MAXIOV buffers, or a total size overflow;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks the right;
 * - %-EFAULT: the iovec array or a buffer is not accessible.
 */
long cloudabi_cmd_fd_rw_check(const struct cloudabi_gate_fd_rw_check *args)
{
	u64 call = args->rights & ~CLOUDABI_RIGHT_FD_SEEK;
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	int dir = call == CLOUDABI_RIGHT_FD_READ ? READ : WRITE;
	struct cloudabi_cap *cap;
	struct iov_iter iter;
	struct file *file;
	ssize_t ret;
	int err;

	if (call != CLOUDABI_RIGHT_FD_READ && call != CLOUDABI_RIGHT_FD_WRITE)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, args->rights, &file, &err);
	if (!cap)
		return err;
	ret = cloudabi_import_iovecs(dir, args->iovs, args->iovs_len, iovstack,
				     &iov, &iter);
	if (iov != iovstack)
		kfree(iov);
	fput(file);
	return ret < 0 ? ret : 0;
}

/**
 * cloudabi_sys_fd_pread() - read at an offset, leaving the position
 * @args: fd, iovs, iovs_len, offset
 * @res: nread
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_READ or CLOUDABI_RIGHT_FD_SEEK;
 * - %-EINVAL: an offset beyond 2^63 - 1, or a bad iovec count;
 * - %-ESPIPE: the file has no positions (a pipe, a socket);
 * - %-EFAULT: the iovec array or a buffer is not accessible;
 * - the errors of pread(2) on the file.
 */
long cloudabi_sys_fd_pread(const struct cloudabi_gate_fd_pread *args,
			   struct cloudabi_result_fd_pread *res)
{
	return fd_rw(args->fd, CLOUDABI_RIGHT_FD_READ | CLOUDABI_RIGHT_FD_SEEK,
		     READ, args->iovs, args->iovs_len, &args->offset,
		     &res->nread);
}

/**
 * cloudabi_sys_fd_pwrite() - write at an offset, leaving the position
 * @args: fd, iovs, iovs_len, offset
 * @res: nwritten
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_WRITE or
 *   CLOUDABI_RIGHT_FD_SEEK;
 * - %-EINVAL: an offset beyond 2^63 - 1, or a bad iovec count;
 * - %-ESPIPE: the file has no positions;
 * - %-EFAULT: the iovec array or a buffer is not accessible;
 * - the errors of pwrite(2) on the file (ENOSPC, EFBIG...).
 */
long cloudabi_sys_fd_pwrite(const struct cloudabi_gate_fd_pwrite *args,
			    struct cloudabi_result_fd_pwrite *res)
{
	return fd_rw(args->fd, CLOUDABI_RIGHT_FD_WRITE | CLOUDABI_RIGHT_FD_SEEK,
		     WRITE, args->iovs, args->iovs_len, &args->offset,
		     &res->nwritten);
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

static int linux_whence(u8 whence)
{
	switch (whence) {
	case CLOUDABI_WHENCE_SET:
		return SEEK_SET;
	case CLOUDABI_WHENCE_CUR:
		return SEEK_CUR;
	case CLOUDABI_WHENCE_END:
		return SEEK_END;
	default:
		return -1;
	}
}

/**
 * cloudabi_sys_fd_seek() - move or read a descriptor's position
 * @args: fd, offset, whence
 * @res: newoffset
 *
 * Reading the position (offset 0 from WHENCE_CUR) needs only
 * CLOUDABI_RIGHT_FD_TELL; moving it needs CLOUDABI_RIGHT_FD_SEEK.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: the right above is missing;
 * - %-EINVAL: an unknown whence, or a resulting position below zero;
 * - %-ESPIPE: the file has no position (a pipe, a socket, a terminal);
 * - %-EOVERFLOW: the resulting position does not fit.
 */
long cloudabi_sys_fd_seek(const struct cloudabi_gate_fd_seek *args,
			  struct cloudabi_result_fd_seek *res)
{
	int whence = linux_whence(args->whence);
	bool tell = args->offset == 0 && whence == SEEK_CUR;
	struct cloudabi_cap *cap;
	struct file *file;
	loff_t pos;
	int err;

	if (whence < 0)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, tell ? CLOUDABI_RIGHT_FD_TELL :
			       CLOUDABI_RIGHT_FD_SEEK, &file, &err);
	if (!cap)
		return err;
	if (cap->inner->f_mode & FMODE_ATOMIC_POS)
		mutex_lock(&cap->inner->f_pos_lock);
	pos = vfs_llseek(cap->inner, args->offset, whence);
	if (cap->inner->f_mode & FMODE_ATOMIC_POS)
		mutex_unlock(&cap->inner->f_pos_lock);
	fput(file);
	if (pos < 0)
		return pos;
	res->newoffset = pos;
	return 0;
}

static long cap_fsync(u32 fd, u64 right, int datasync)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	cap = cloudabi_cap_get(fd, right, &file, &err);
	if (!cap)
		return err;
	err = vfs_fsync(cap->inner, datasync);
	fput(file);
	return err;
}

/**
 * cloudabi_sys_fd_sync() - write a file's data and metadata to storage
 * @args: fd
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_SYNC;
 * - %-EINVAL: the file cannot be synchronised (a pipe, a socket);
 * - %-EIO, %-ENOSPC, %-EDQUOT: as for fsync(2).
 */
long cloudabi_sys_fd_sync(const struct cloudabi_gate_fd_sync *args)
{
	return cap_fsync(args->fd, CLOUDABI_RIGHT_FD_SYNC, 0);
}

/**
 * cloudabi_sys_fd_datasync() - write a file's data to storage
 * @args: fd
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_DATASYNC;
 * - %-EINVAL: the file cannot be synchronised;
 * - %-EIO, %-ENOSPC, %-EDQUOT: as for fdatasync(2).
 */
long cloudabi_sys_fd_datasync(const struct cloudabi_gate_fd_datasync *args)
{
	return cap_fsync(args->fd, CLOUDABI_RIGHT_FD_DATASYNC, 1);
}

/*
 * The flags Linux lets a descriptor change after open, as fcntl(F_SETFL)
 * does; the synchronisation flags are fixed at open on Linux.
 */
static int set_fdflags(struct file *inner, u16 flags)
{
	unsigned int want = (flags & CLOUDABI_FDFLAG_APPEND ? O_APPEND : 0) |
			    (flags & CLOUDABI_FDFLAG_NONBLOCK ? O_NONBLOCK : 0);
	u16 fixed = CLOUDABI_FDFLAG_DSYNC | CLOUDABI_FDFLAG_RSYNC |
		    CLOUDABI_FDFLAG_SYNC;

	if (flags & ~CLOUDABI_ALL_FDFLAGS)
		return -EINVAL;
	if ((flags ^ fdflags_of(inner)) & fixed)
		return -EOPNOTSUPP;
	/* An append-only inode keeps O_APPEND, as for F_SETFL. */
	if (((want ^ inner->f_flags) & O_APPEND) &&
	    IS_APPEND(file_inode(inner)))
		return -EPERM;
	/* A file system may refuse a combination (NFS: O_APPEND|O_DIRECT). */
	want |= inner->f_flags & ~(O_APPEND | O_NONBLOCK);
	if (inner->f_op->check_flags) {
		int err = inner->f_op->check_flags(want);

		if (err)
			return err;
	}
	spin_lock(&inner->f_lock);
	inner->f_flags = (inner->f_flags & ~(O_APPEND | O_NONBLOCK)) |
			 (want & (O_APPEND | O_NONBLOCK));
	/* Writes take their flags from this copy, made at open: renew it. */
	inner->f_iocb_flags = iocb_flags(inner);
	spin_unlock(&inner->f_lock);
	return 0;
}

/**
 * cloudabi_sys_fd_stat_put() - change a descriptor's flags
 * @args: fd, buf (user address of a cloudabi_fdstat_t), flags
 *
 * CLOUDABI_FDSTAT_FLAGS sets the file's APPEND and NONBLOCK flags.
 * Rights (CLOUDABI_FDSTAT_RIGHTS) are restricted by the vDSO through
 * CLOUDABI_GATE_FD_RESTRICT, since only the process can move the
 * restricted capability into the slot; they are refused here.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: a flag other than CLOUDABI_FDSTAT_FLAGS, or an unknown
 *   descriptor flag;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS, or clears
 *   APPEND without CLOUDABI_RIGHT_FD_SEEK;
 * - %-EFAULT: @args->buf cannot be read;
 * - %-EOPNOTSUPP: a change of DSYNC, RSYNC or SYNC, fixed at open on
 *   Linux (CloudABI's ENOTSUP);
 * - %-EPERM: clearing APPEND on an append-only file.
 */
long cloudabi_sys_fd_stat_put(const struct cloudabi_gate_fd_stat_put *args)
{
	struct cloudabi_cap *cap;
	cloudabi_fdstat_t st;
	struct file *file;
	int err;

	if (args->flags != CLOUDABI_FDSTAT_FLAGS)
		return -EINVAL;
	if (copy_from_user(&st, u64_to_user_ptr(args->buf), sizeof(st)))
		return -EFAULT;
	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS,
			       &file, &err);
	if (!cap)
		return err;
	/*
	 * APPEND lives on the open file that every duplicate shares: cleared,
	 * it sends everyone's writes to the shared offset, which only a
	 * holder of FD_SEEK could choose.  So clearing it takes FD_SEEK too
	 * (FreeBSD lets CAP_FCNTL alone do it; setting it grants nothing).
	 * The sync flags need no right here: they are fixed at open on Linux
	 * (file_open checked their rights), so they can only stay as they are.
	 */
	err = -ENOTCAPABLE;
	if ((st.fs_flags & CLOUDABI_FDFLAG_APPEND) ||
	    !(cap->inner->f_flags & O_APPEND) ||
	    (cap->rights.base & CLOUDABI_RIGHT_FD_SEEK))
		err = set_fdflags(cap->inner, st.fs_flags);
	fput(file);
	return err;
}

/**
 * cloudabi_cmd_fd_restrict() - a copy of a capability with fewer rights
 * @args: fd, buf (user address of a cloudabi_fdstat_t with the rights)
 * @res: newfd, a close-on-exec descriptor the vDSO moves over @args->fd
 *
 * The first half of fd_stat_put with CLOUDABI_FDSTAT_RIGHTS.  The
 * original capability is left alone: descriptors that share it (dup,
 * fork) keep their rights.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown rights bits, or non-zero padding;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: a right the descriptor does not hold (rights never
 *   widen);
 * - %-EFAULT: @args->buf cannot be read;
 * - %-EMFILE, %-ENOMEM: out of descriptors or memory.
 */
long cloudabi_cmd_fd_restrict(const struct cloudabi_gate_fd_restrict *args,
			      struct cloudabi_result_fd_restrict *res)
{
	struct cloudabi_rights want;
	struct cloudabi_cap *cap;
	struct file *file, *copy;
	cloudabi_fdstat_t st;
	int err, fd;

	if (copy_from_user(&st, u64_to_user_ptr(args->buf), sizeof(st)))
		return -EFAULT;
	want.base = st.fs_rights_base;
	want.inheriting = st.fs_rights_inheriting;
	if ((want.base | want.inheriting) & ~CLOUDABI_ALL_RIGHTS)
		return -EINVAL;
	cap = cloudabi_cap_get(args->fd, 0, &file, &err);
	if (!cap)
		return err;
	err = -ENOTCAPABLE;
	if ((want.base & ~cap->rights.base) ||
	    (want.inheriting & ~cap->rights.inheriting))
		goto out_put;
	fd = get_unused_fd_flags(O_CLOEXEC);
	err = fd;
	if (fd < 0)
		goto out_put;
	copy = cloudabi_cap_file_typed(get_file(cap->inner), cap->filetype,
				       &want);
	if (IS_ERR(copy)) {
		put_unused_fd(fd);
		err = PTR_ERR(copy);
		goto out_put;
	}
	fd_install(fd, copy);
	res->newfd = fd;
	err = 0;

out_put:
	fput(file);
	return err;
}
