// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_stat_fput and file_stat_put: size and times
 *
 * A size goes through vfs_truncate(), with every check truncate(2) makes;
 * on a file open for writing the mode check is the one the open answered,
 * as for ftruncate(2).  Times go through notify_change() as utimensat(2)
 * does.  The filestat is copied in once, before any descriptor is looked
 * up.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/math64.h>
#include <linux/mount.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "errno_convert.h"
#include "path.h"
#include "generated/syscall_table.h"

#define FSFLAGS_TIMES (CLOUDABI_FILESTAT_ATIM | CLOUDABI_FILESTAT_ATIM_NOW | \
		       CLOUDABI_FILESTAT_MTIM | CLOUDABI_FILESTAT_MTIM_NOW)

static struct timespec64 timespec_of(cloudabi_timestamp_t ns)
{
	struct timespec64 ts;
	u32 rem;

	ts.tv_sec = div_u64_rem(ns, NSEC_PER_SEC, &rem);
	ts.tv_nsec = rem;
	return ts;
}

/*
 * The attribute change for the time flags.  A time both given and "now"
 * is a contradiction: EINVAL.  Setting both to now is a touch, which
 * write access allows; anything else needs ownership (setattr_prepare()).
 */
static int times_iattr(const cloudabi_filestat_t *st, u16 flags,
		       struct iattr *ia)
{
	u16 a = flags & (CLOUDABI_FILESTAT_ATIM | CLOUDABI_FILESTAT_ATIM_NOW);
	u16 m = flags & (CLOUDABI_FILESTAT_MTIM | CLOUDABI_FILESTAT_MTIM_NOW);

	if (a == (CLOUDABI_FILESTAT_ATIM | CLOUDABI_FILESTAT_ATIM_NOW) ||
	    m == (CLOUDABI_FILESTAT_MTIM | CLOUDABI_FILESTAT_MTIM_NOW))
		return -EINVAL;
	memset(ia, 0, sizeof(*ia));
	ia->ia_valid = ATTR_CTIME;
	if (a)
		ia->ia_valid |= ATTR_ATIME;
	if (m)
		ia->ia_valid |= ATTR_MTIME;
	if (a == CLOUDABI_FILESTAT_ATIM_NOW &&
	    m == CLOUDABI_FILESTAT_MTIM_NOW) {
		ia->ia_valid |= ATTR_TOUCH;
		return 0;
	}
	if (a == CLOUDABI_FILESTAT_ATIM) {
		ia->ia_atime = timespec_of(st->st_atim);
		ia->ia_valid |= ATTR_ATIME_SET;
	}
	if (m == CLOUDABI_FILESTAT_MTIM) {
		ia->ia_mtime = timespec_of(st->st_mtim);
		ia->ia_valid |= ATTR_MTIME_SET;
	}
	ia->ia_valid |= ATTR_TIMES_SET;
	return 0;
}

static int set_times(const struct path *path, const cloudabi_filestat_t *st,
		     u16 flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct inode *delegated = NULL;
	struct iattr ia;
	int err;

	err = times_iattr(st, flags, &ia);
	/* No time to change: nothing to do, not even ctime. */
	if (err || !(flags & FSFLAGS_TIMES))
		return err;
	err = mnt_want_write(path->mnt);
	if (err)
		return err;
retry:
	inode_lock(inode);
	err = notify_change(compat_mnt_idmap(path->mnt), path->dentry, &ia, &delegated);
	inode_unlock(inode);
	/* An NFS delegation: wait for its holder to return it, then retry. */
	if (delegated) {
		err = break_deleg_wait(&delegated);
		if (!err)
			goto retry;
	}
	mnt_drop_write(path->mnt);
	return err;
}

/*
 * ftruncate(2) on a descriptor open for writing: the right to write was
 * checked when it was opened, so the file's mode now does not matter.
 * ftruncate's own path (do_truncate() and the LSM truncate hooks) is not
 * exported, and skipping those hooks would let an append-only AppArmor
 * rule or a Landlock domain without TRUNCATE be bypassed.  So this is
 * truncate(2) by the file's path, with only the mode check answered by
 * the open: CAP_DAC_OVERRIDE is raised in a private copy of the caller's
 * credentials for the call, as nfsd and overlayfs do.  Every other check
 * (immutable and append-only inodes, leases, the LSMs' path hooks, their
 * capability mediation) still runs.
 */
static int truncate_as_opened(struct file *file, loff_t size)
{
	const struct cred *old;
	struct cred *cred;
	int err;

	cred = prepare_creds();
	if (!cred)
		return -ENOMEM;
	cap_raise(cred->cap_effective, CAP_DAC_OVERRIDE);
	old = override_creds(cred);
	err = vfs_truncate(&file->f_path, size);
	revert_creds(old);
	put_cred(cred);
	return err;
}

/*
 * A capability with the size right over a file not open for writing
 * (one a native process made from a read-only descriptor) has only
 * truncate(2) by name: the caller must be allowed to write the file.
 */
static int truncate_file(struct file *file, u64 size)
{
	umode_t mode = file_inode(file)->i_mode;

	if (S_ISDIR(mode))
		return -EISDIR;
	if (!S_ISREG(mode) || size > LLONG_MAX)
		return -EINVAL;
	if (file->f_mode & FMODE_WRITE)
		return truncate_as_opened(file, size);
	return vfs_truncate(&file->f_path, size);
}

static int filestat_copy(cloudabi_filestat_t *st, u64 ubuf)
{
	return copy_from_user(st, u64_to_user_ptr(ubuf), sizeof(*st)) ?
	       -EFAULT : 0;
}

/**
 * cloudabi_sys_file_stat_fput() - change an open file's size or times
 * @args: fd, buf (a cloudabi_filestat_t: st_size, st_atim and st_mtim are
 *	read), flags (CLOUDABI_FILESTAT_SIZE alone, or the time flags)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown flag, SIZE with another flag, a time both given
 *   and "now", a size above 2^63-1, or a file that has no size to set;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_STAT_FPUT_SIZE (for
 *   SIZE) or CLOUDABI_RIGHT_FILE_STAT_FPUT_TIMES;
 * - %-EISDIR: SIZE on a directory;
 * - %-EFBIG: a size the file system cannot hold;
 * - %-EPERM: times set explicitly on a file the caller does not own, or
 *   an append-only or immutable file;
 * - %-EACCES, %-EROFS, %-ETXTBSY, %-EFAULT, %-EIO, as for ftruncate(2)
 *   and futimens(2).
 */
long cloudabi_sys_file_stat_fput(const struct cloudabi_gate_file_stat_fput *args)
{
	bool size = args->flags & CLOUDABI_FILESTAT_SIZE;
	struct cloudabi_cap *cap;
	cloudabi_filestat_t st;
	struct file *file;
	int err;

	if (args->flags & ~CLOUDABI_ALL_FSFLAGS ||
	    (size && args->flags != CLOUDABI_FILESTAT_SIZE))
		return -EINVAL;
	err = filestat_copy(&st, args->buf);
	if (err)
		return err;
	cap = cloudabi_cap_get(args->fd,
			       size ? CLOUDABI_RIGHT_FILE_STAT_FPUT_SIZE :
				      CLOUDABI_RIGHT_FILE_STAT_FPUT_TIMES,
			       &file, &err);
	if (!cap)
		return err;
	if (size)
		err = truncate_file(cap->inner, st.st_size);
	else
		err = set_times(&cap->inner->f_path, &st, args->flags);
	fput(file);
	return err;
}

/**
 * cloudabi_sys_file_stat_put() - change the times of a file named beneath
 *	a directory
 * @args: fd (the directory and lookup flags: SYMLINK_FOLLOW changes what a
 *	final symbolic link names, not the link), path, path_len, buf (a
 *	cloudabi_filestat_t: st_atim and st_mtim are read), flags (the time
 *	flags only: a size is set through a descriptor)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown or SIZE flag, an unknown lookup flag, a time
 *   both given and "now", or a NUL inside the path;
 * - %-EBADF: @args->fd_fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_STAT_PUT_TIMES, or the
 *   path leaves the directory;
 * - %-EPERM: times set explicitly on a file the caller does not own;
 * - %-ENOENT, %-ENOTDIR, %-ELOOP, %-ENAMETOOLONG, %-EACCES, %-EROFS,
 *   %-EFAULT, as for utimensat(2).
 */
long cloudabi_sys_file_stat_put(const struct cloudabi_gate_file_stat_put *args)
{
	bool follow = args->fd_flags & CLOUDABI_LOOKUP_SYMLINK_FOLLOW;
	cloudabi_filestat_t st;
	struct path path;
	int err;

	if (args->flags & ~FSFLAGS_TIMES ||
	    args->fd_flags & ~CLOUDABI_ALL_LOOKUPFLAGS)
		return -EINVAL;
	err = filestat_copy(&st, args->buf);
	if (err)
		return err;
	err = cloudabi_path_lookup(args->fd_fd,
				   CLOUDABI_RIGHT_FILE_STAT_PUT_TIMES,
				   args->path, args->path_len, follow, &path);
	if (err)
		return err;
	err = set_times(&path, &st, args->flags);
	path_put(&path);
	return err;
}
