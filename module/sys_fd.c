// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_* system calls
 *
 * Each handler looks its descriptor up with the rights it needs and then
 * works on the inner file only.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/shmem_fs.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "capability.h"
#include "errno.h"
#include "gate_ext.h"
#include "generated/syscall_table.h"

/* Import the user's iovec array once, then read or write through it. */
static ssize_t cap_rw(struct file *inner, int dir, u64 uiov, u64 iovcnt,
		      const u64 *offset)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	if (iovcnt > UIO_MAXIOV)
		return -EINVAL;
	ret = import_iovec(dir, u64_to_user_ptr(uiov), iovcnt,
			   ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret < 0)
		return ret;
	ret = cloudabi_inner_rw(inner, dir, &iter, offset);
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
	ret = cap_rw(cap->inner, READ, args->iovs, args->iovs_len, NULL);
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
	ret = cap_rw(cap->inner, WRITE, args->iovs, args->iovs_len, NULL);
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
	struct cloudabi_cap *cap;
	struct file *file;
	ssize_t ret;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FD_READ |
			       CLOUDABI_RIGHT_FD_SEEK, &file, &err);
	if (!cap)
		return err;
	ret = cap_rw(cap->inner, READ, args->iovs, args->iovs_len,
		     &args->offset);
	fput(file);
	if (ret < 0)
		return ret;
	res->nread = ret;
	return 0;
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
	struct cloudabi_cap *cap;
	struct file *file;
	ssize_t ret;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FD_WRITE |
			       CLOUDABI_RIGHT_FD_SEEK, &file, &err);
	if (!cap)
		return err;
	ret = cap_rw(cap->inner, WRITE, args->iovs, args->iovs_len,
		     &args->offset);
	fput(file);
	if (ret < 0)
		return ret;
	res->nwritten = ret;
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

/**
 * cloudabi_sys_fd_close() - close a descriptor
 * @args: fd
 *
 * Only capabilities can be closed this way: the gate's descriptor and
 * anything else that is not a capability are EBADF.  Closing needs no
 * right.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor.
 */
long cloudabi_sys_fd_close(const struct cloudabi_gate_fd_close *args)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	cap = cloudabi_cap_get(args->fd, 0, &file, &err);
	if (!cap)
		return err;
	fput(file);
	return close_fd(args->fd);
}

/**
 * cloudabi_sys_fd_dup() - a new descriptor for the same capability
 * @args: from
 * @res: fd, the lowest free number
 *
 * Rights belong to the capability, which the two descriptors share: the
 * duplicate holds exactly the rights of @args->from.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->from is not an open CloudABI descriptor;
 * - %-EMFILE: the descriptor table is full.
 */
long cloudabi_sys_fd_dup(const struct cloudabi_gate_fd_dup *args,
			 struct cloudabi_result_fd_dup *res)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err, fd;

	cap = cloudabi_cap_get(args->from, 0, &file, &err);
	if (!cap)
		return err;
	fd = get_unused_fd_flags(0);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	/* The reference taken by the lookup goes to the new slot. */
	fd_install(fd, file);
	res->fd = fd;
	return 0;
}

/**
 * cloudabi_sys_fd_create1() - create an anonymous shared memory object
 * @args: type, which must be CLOUDABI_FILETYPE_SHARED_MEMORY
 * @res: fd, with every right shared memory allows
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: another type;
 * - %-EMFILE, %-ENFILE, %-ENOMEM: out of descriptors or memory.
 */
long cloudabi_sys_fd_create1(const struct cloudabi_gate_fd_create1 *args,
			     struct cloudabi_result_fd_create1 *res)
{
	struct file *shm;
	int fd;

	if (args->type != CLOUDABI_FILETYPE_SHARED_MEMORY)
		return -EINVAL;
	shm = shmem_file_setup("cloudabi-shm", 0, VM_NORESERVE);
	if (IS_ERR(shm))
		return PTR_ERR(shm);
	fd = cloudabi_cap_install(shm, CLOUDABI_FILETYPE_SHARED_MEMORY);
	if (fd < 0)
		return fd;
	res->fd = fd;
	return 0;
}

/*
 * Both ends become capabilities, and both numbers are reserved, before
 * either is installed: once a descriptor is visible another thread may
 * replace it, so a failure must never have to close one again.  Takes
 * the references to @f1 and @f2.
 */
static int install_pair(struct file *f1, struct file *f2, u8 type,
			struct cloudabi_result_fd_create2 *res)
{
	struct cloudabi_rights rights;
	struct file *c1, *c2;
	int fd1, fd2;

	cloudabi_rights_of_file(f1, type, &rights);
	c1 = cloudabi_cap_file_typed(f1, type, &rights);
	if (IS_ERR(c1)) {
		fput(f2);
		return PTR_ERR(c1);
	}
	c2 = cloudabi_cap_file_typed(f2, type, &rights);
	if (IS_ERR(c2)) {
		fput(c1);
		return PTR_ERR(c2);
	}
	fd1 = get_unused_fd_flags(0);
	fd2 = fd1 < 0 ? fd1 : get_unused_fd_flags(0);
	if (fd2 < 0) {
		if (fd1 >= 0)
			put_unused_fd(fd1);
		fput(c1);
		fput(c2);
		return fd2;
	}
	fd_install(fd1, c1);
	fd_install(fd2, c2);
	res->fd1 = fd1;
	res->fd2 = fd2;
	return 0;
}

/**
 * cloudabi_sys_fd_create2() - create a connected pair of UNIX sockets
 * @args: type, CLOUDABI_FILETYPE_SOCKET_DGRAM or _STREAM
 * @res: fd1 and fd2, each with every right a socket allows
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: another type;
 * - %-EMFILE, %-ENFILE, %-ENOMEM: out of descriptors or memory;
 * - the errors of socketpair(2).
 */
long cloudabi_sys_fd_create2(const struct cloudabi_gate_fd_create2 *args,
			     struct cloudabi_result_fd_create2 *res)
{
	struct socket *s1, *s2;
	struct file *f1, *f2;
	int type, err;

	if (args->type == CLOUDABI_FILETYPE_SOCKET_STREAM)
		type = SOCK_STREAM;
	else if (args->type == CLOUDABI_FILETYPE_SOCKET_DGRAM)
		type = SOCK_DGRAM;
	else
		return -EINVAL;
	err = sock_create(AF_UNIX, type, 0, &s1);
	if (err)
		return err;
	err = sock_create(AF_UNIX, type, 0, &s2);
	if (err)
		goto out_release_s1;
	err = s1->ops->socketpair(s1, s2);
	if (err)
		goto out_release_s2;
	/* From here on each file owns its socket, on failure too. */
	f1 = sock_alloc_file(s1, 0, NULL);
	if (IS_ERR(f1)) {
		sock_release(s2);
		return PTR_ERR(f1);
	}
	f2 = sock_alloc_file(s2, 0, NULL);
	if (IS_ERR(f2)) {
		fput(f1);
		return PTR_ERR(f2);
	}
	return install_pair(f1, f2, args->type, res);

out_release_s2:
	sock_release(s2);
out_release_s1:
	sock_release(s1);
	return err;
}

/**
 * cloudabi_sys_fd_replace() - check both slots of an fd_replace
 * @args: from, to
 *
 * The vDSO moves the capability itself (see vdso/fd.c): the module only
 * answers whether both descriptors are open capabilities.  Replacing needs
 * no right, as in other CloudABI kernels.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->from or @args->to is not an open CloudABI descriptor
 *   (the target must be open; the gate's descriptor never is one).
 */
long cloudabi_sys_fd_replace(const struct cloudabi_gate_fd_replace *args)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	cap = cloudabi_cap_get(args->from, 0, &file, &err);
	if (!cap)
		return err;
	fput(file);
	cap = cloudabi_cap_get(args->to, 0, &file, &err);
	if (!cap)
		return err;
	fput(file);
	return 0;
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
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_STAT_PUT_FLAGS;
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
	err = set_fdflags(cap->inner, st.fs_flags);
	fput(file);
	return err;
}

/**
 * cloudabi_fd_restrict() - a copy of a capability with fewer rights
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
long cloudabi_fd_restrict(const struct cloudabi_gate_fd_restrict *args,
			  struct cloudabi_result_fd_restrict *res)
{
	struct cloudabi_rights want;
	struct cloudabi_cap *cap;
	struct file *file, *copy;
	cloudabi_fdstat_t st;
	int err, fd;

	if (memchr_inv(args->__pad0, 0, sizeof(args->__pad0)))
		return -EINVAL;
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
