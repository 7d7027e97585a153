// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_* calls that read a file: by descriptor
 * (stat_fget, advise, allocate) or by name beneath a directory capability
 * (stat_get, readlink, open)
 *
 * Calls that add or remove names are in sys_names.c and sys_rename.c;
 * those that change attributes in sys_attr.c; directory listing in
 * sys_readdir.c.
 */

#include <linux/fadvise.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "errno_convert.h"
#include "path.h"
#include "rights.h"
#include "generated/syscall_table.h"

/*
 * CloudABI timestamps are unsigned nanoseconds: times before 1970 read as
 * 0, and times past 2554 (2^64 ns) as the largest one, never wrapped.
 */
static u64 timestamp_of(struct timespec64 ts)
{
	if (ts.tv_sec < 0)
		return 0;
	if ((u64)ts.tv_sec >= U64_MAX / NSEC_PER_SEC)
		return U64_MAX;
	return (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/* Fill a filestat from a kstat; @type is the CloudABI file type. */
static void filestat_of(const struct kstat *ks, u8 type,
			cloudabi_filestat_t *st)
{
	/* Padding in the struct: clear it all, never leak stack bytes. */
	memset(st, 0, sizeof(*st));
	st->st_dev = ks->dev;
	st->st_ino = ks->ino;
	st->st_filetype = type;
	st->st_nlink = ks->nlink;
	st->st_size = ks->size;
	st->st_atim = timestamp_of(ks->atime);
	st->st_mtim = timestamp_of(ks->mtime);
	st->st_ctim = timestamp_of(ks->ctime);
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
	if (!err)
		filestat_of(&ks, cap->filetype, &st);
	fput(file);
	if (err)
		return err;
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

/**
 * cloudabi_sys_file_stat_get() - attributes of a file named beneath a
 *	directory
 * @args: fd_fd (the directory), fd_flags (CLOUDABI_LOOKUP_SYMLINK_FOLLOW),
 *	path, path_len, buf
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown lookup flag, or a NUL byte inside the path;
 * - %-EBADF: @args->fd_fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_STAT_GET, or the path
 *   leaves the directory (absolute, "..", a link out, a magic link);
 * - %-ENOTDIR: the descriptor or a component is not a directory;
 * - %-ENOENT: no such file, or an empty path;
 * - %-ELOOP: a loop of symbolic links;
 * - %-ENAMETOOLONG, %-EACCES, %-EFAULT.
 */
long cloudabi_sys_file_stat_get(const struct cloudabi_gate_file_stat_get *args)
{
	bool follow = args->fd_flags & CLOUDABI_LOOKUP_SYMLINK_FOLLOW;
	cloudabi_filestat_t st;
	struct path path;
	struct kstat ks;
	int err;

	if (args->fd_flags & ~CLOUDABI_ALL_LOOKUPFLAGS)
		return -EINVAL;
	err = cloudabi_path_lookup(args->fd_fd, CLOUDABI_RIGHT_FILE_STAT_GET,
				   args->path, args->path_len, follow, &path);
	if (err)
		return err;
	err = vfs_getattr(&path, &ks, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);
	path_put(&path);
	if (err)
		return err;
	filestat_of(&ks, cloudabi_filetype_of_mode(ks.mode), &st);
	if (copy_to_user(u64_to_user_ptr(args->buf), &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

/**
 * cloudabi_sys_file_readlink() - the contents of a symbolic link named
 *	beneath a directory
 * @args: fd (the directory), path, path_len, buf, buf_len
 * @res: bufused: the bytes stored, at most @args->buf_len (a longer link
 *	is cut short, as readlink(2) does)
 *
 * The link itself is never followed: its contents may point anywhere,
 * reading them reaches nothing.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: the file is not a symbolic link, or a NUL inside the path;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_READLINK, or the path
 *   leaves the directory;
 * - %-ENOENT, %-ENOTDIR, %-ELOOP, %-ENAMETOOLONG, %-EACCES, %-EFAULT.
 */
long cloudabi_sys_file_readlink(const struct cloudabi_gate_file_readlink *args,
				struct cloudabi_result_file_readlink *res)
{
	int buflen = min_t(u64, args->buf_len, INT_MAX);
	struct path path;
	int err;

	err = cloudabi_path_lookup(args->fd, CLOUDABI_RIGHT_FILE_READLINK,
				   args->path, args->path_len, false, &path);
	if (err)
		return err;
	/*
	 * As readlinkat(2), less security_inode_readlink(), which modules
	 * cannot call.  An empty buffer reads nothing, whatever the link
	 * holds.
	 */
	if (d_is_symlink(path.dentry))
		touch_atime(&path);
	err = buflen ? vfs_readlink(path.dentry,
				    u64_to_user_ptr(args->buf), buflen) :
		       (d_is_symlink(path.dentry) ? 0 : -EINVAL);
	path_put(&path);
	if (err < 0)
		return err;
	res->bufused = err;
	return 0;
}

#define R(x) CLOUDABI_RIGHT_##x

/*
 * Rights that need the file open for reading (a directory's included: an
 * O_PATH directory would lose them), or for writing.
 */
#define OPEN_READ_RIGHTS (R(FD_READ) | R(FILE_READDIR) | R(MEM_MAP) |	\
	R(MEM_MAP_EXEC) | R(PROC_EXEC) | R(FILE_OPEN) | R(FILE_STAT_GET) | \
	R(FILE_READLINK) | R(FILE_CREATE_FILE) |			\
	R(FILE_CREATE_DIRECTORY) | R(FILE_LINK_SOURCE) |		\
	R(FILE_LINK_TARGET) | R(FILE_RENAME_SOURCE) |			\
	R(FILE_RENAME_TARGET) | R(FILE_SYMLINK) | R(FILE_UNLINK) |	\
	R(FILE_STAT_PUT_TIMES))
#define OPEN_WRITE_RIGHTS (R(FD_WRITE) | R(FILE_ALLOCATE) |		\
	R(FILE_STAT_FPUT_SIZE) | R(FD_DATASYNC))

/*
 * open(2) flags for the requested rights, oflags and descriptor flags.
 * The rights decide the access mode, as in the reference implementations:
 * asking a directory for a writing right is EISDIR, as open(2) has it,
 * and C libraries rely on that.  A file asked for no right beyond stat is
 * held as a name only (O_PATH); any other right (seek, advise, sync...)
 * needs it open, for reading at least.
 */
static int open_flags(const cloudabi_fdstat_t *req, u16 oflags)
{
	u64 base = req->fs_rights_base;
	bool rd = base & OPEN_READ_RIGHTS;
	bool wr = base & OPEN_WRITE_RIGHTS;
	bool handle = base & ~(OPEN_WRITE_RIGHTS | R(FILE_STAT_FGET));
	int flags = O_NOCTTY | O_LARGEFILE;

	if (rd && wr)
		flags |= O_RDWR;
	else if (wr)
		flags |= O_WRONLY;
	else if (!rd && !handle &&
		 !(oflags & (CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC)))
		flags |= O_PATH;
	flags |= oflags & CLOUDABI_O_CREAT ? O_CREAT : 0;
	flags |= oflags & CLOUDABI_O_EXCL ? O_EXCL : 0;
	flags |= oflags & CLOUDABI_O_TRUNC ? O_TRUNC : 0;
	flags |= oflags & CLOUDABI_O_DIRECTORY ? O_DIRECTORY : 0;
	if (!(flags & O_PATH)) {
		flags |= req->fs_flags & CLOUDABI_FDFLAG_APPEND ? O_APPEND : 0;
		flags |= req->fs_flags & CLOUDABI_FDFLAG_NONBLOCK ?
			 O_NONBLOCK : 0;
		flags |= req->fs_flags & CLOUDABI_FDFLAG_DSYNC ? O_DSYNC : 0;
		flags |= req->fs_flags & (CLOUDABI_FDFLAG_SYNC |
					  CLOUDABI_FDFLAG_RSYNC) ? O_SYNC : 0;
	}
	return flags;
}

/* The rights a file opened through a directory needs in its base rights. */
static u64 open_needs(u16 oflags)
{
	return R(FILE_OPEN) |
	       (oflags & CLOUDABI_O_CREAT ? R(FILE_CREATE_FILE) : 0);
}

/*
 * What the directory must be able to pass on: the rights asked for, and
 * those that truncation at open and the synchronous flags stand for.
 * The new descriptor could hold them anyway (ftruncate, fsync), so they
 * are checked against the inheriting rights, not the directory's own:
 * cloudlibc opens "w" through directories it opened read-only.
 */
static bool open_passes_on(const cloudabi_fdstat_t *req, u16 oflags,
			   u64 inheriting)
{
	if ((req->fs_rights_base | req->fs_rights_inheriting) & ~inheriting)
		return false;
	if ((oflags & CLOUDABI_O_TRUNC) &&
	    !(inheriting & R(FILE_STAT_FPUT_SIZE)))
		return false;
	return cloudabi_fdflags_permitted(req->fs_flags, inheriting);
}

/**
 * cloudabi_sys_file_open() - open a file beneath a directory capability
 * @args: dirfd_fd, dirfd_flags, path, path_len, oflags, fds (user address
 *	of a cloudabi_fdstat_t with the wanted rights and flags)
 * @res: fd
 *
 * The new descriptor gets the rights asked for, less those its kind of
 * file cannot have; asking for a right the directory cannot pass on
 * (beyond its inheriting rights) is refused.  The access mode follows
 * from the rights: a file asked for no right beyond stat is held as a
 * name only, for stat and as a directory to walk from.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown lookup, open or descriptor flags or rights bits, or
 *   a NUL inside the path;
 * - %-EBADF: @args->dirfd_fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_OPEN (and
 *   FILE_CREATE_FILE for O_CREAT), a requested right is beyond its
 *   inheriting rights, as is FILE_STAT_FPUT_SIZE for O_TRUNC, FD_SYNC
 *   for RSYNC or SYNC, FD_DATASYNC or FD_SYNC for DSYNC, or the path
 *   leaves the directory;
 * - %-EISDIR: a directory asked for a writing right (FD_WRITE,
 *   FD_DATASYNC, FILE_ALLOCATE, FILE_STAT_FPUT_SIZE);
 * - %-ELOOP: a final symbolic link not to be followed, or a link loop;
 * - %-EEXIST, %-ENOENT, %-ENOTDIR, %-EISDIR, %-EACCES, %-ENAMETOOLONG,
 *   %-EMFILE, %-EFAULT, as for openat(2).
 */
long cloudabi_sys_file_open(const struct cloudabi_gate_file_open *args,
			    struct cloudabi_result_file_open *res)
{
	bool follow = args->dirfd_flags & CLOUDABI_LOOKUP_SYMLINK_FOLLOW;
	struct cloudabi_rights max, want;
	struct cloudabi_cap *dir;
	cloudabi_fdstat_t req;
	struct file *file, *f, *cap;
	char *name;
	int err, fd;

	if ((args->dirfd_flags & ~CLOUDABI_ALL_LOOKUPFLAGS) ||
	    (args->oflags & ~CLOUDABI_ALL_OFLAGS))
		return -EINVAL;
	if (copy_from_user(&req, u64_to_user_ptr(args->fds), sizeof(req)))
		return -EFAULT;
	if ((req.fs_flags & ~CLOUDABI_ALL_FDFLAGS) ||
	    ((req.fs_rights_base | req.fs_rights_inheriting) &
	     ~CLOUDABI_ALL_RIGHTS))
		return -EINVAL;
	name = cloudabi_path_copy(args->path, args->path_len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = cloudabi_cap_get(args->dirfd_fd, open_needs(args->oflags), &file,
			       &err);
	if (!dir)
		goto out_free;
	err = -ENOTCAPABLE;
	if (!open_passes_on(&req, args->oflags, dir->rights.inheriting))
		goto out_put;
	/* The slot first: a full table must not leave a created file. */
	fd = get_unused_fd_flags(0);
	err = fd;
	if (fd < 0)
		goto out_put;
	f = cloudabi_path_open(dir, name, open_flags(&req, args->oflags),
			       follow);
	err = PTR_ERR_OR_ZERO(f);
	if (err)
		goto out_unused;
	cloudabi_rights_of_file(f, cloudabi_filetype_of(f), &max);
	want.base = req.fs_rights_base & max.base;
	want.inheriting = req.fs_rights_inheriting & max.inheriting;
	cap = cloudabi_cap_file_typed(f, cloudabi_filetype_of(f), &want);
	err = PTR_ERR_OR_ZERO(cap);
	if (err)
		goto out_unused;
	fd_install(fd, cap);
	res->fd = fd;
	goto out_put;

out_unused:
	put_unused_fd(fd);
out_put:
	fput(file);
out_free:
	kfree(name);
	return err;
}
