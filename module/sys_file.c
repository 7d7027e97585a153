// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_* system calls on an open descriptor
 *
 * The calls that take a path and resolve it beneath a directory
 * capability come with path resolution; these work on the file a
 * descriptor already holds.
 */

#include <linux/fadvise.h>
#include <linux/mount.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "errno.h"
#include "path.h"
#include "rights.h"
#include "generated/syscall_table.h"

static u64 timestamp_of(struct timespec64 ts)
{
	/* CloudABI timestamps are unsigned: times before 1970 read as 0. */
	return ts.tv_sec < 0 ? 0 : (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
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
	/* An empty buffer reads nothing, whatever the link holds. */
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

/* open(2) flags for the requested rights, oflags and descriptor flags. */
static int open_flags(const cloudabi_fdstat_t *req, u16 oflags)
{
	bool rd = req->fs_rights_base & OPEN_READ_RIGHTS;
	bool wr = req->fs_rights_base & OPEN_WRITE_RIGHTS;
	int flags = O_NOCTTY | O_LARGEFILE;

	if (rd && wr)
		flags |= O_RDWR;
	else if (wr)
		flags |= O_WRONLY;
	else if (!rd && !(oflags & (CLOUDABI_O_CREAT | CLOUDABI_O_TRUNC)))
		/* Neither: a name to stat and walk from, like O_PATH. */
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

/* The rights a file opened through a directory needs there. */
static u64 open_needs(u16 oflags)
{
	return R(FILE_OPEN) |
	       (oflags & CLOUDABI_O_CREAT ? R(FILE_CREATE_FILE) : 0) |
	       (oflags & CLOUDABI_O_TRUNC ? R(FILE_STAT_FPUT_SIZE) : 0);
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
 * from the rights: a file opened for no reading or writing right is held
 * as a name only, for stat and as a directory to walk from.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown lookup, open or descriptor flags or rights bits, or
 *   a NUL inside the path;
 * - %-EBADF: @args->dirfd_fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_OPEN (and
 *   FILE_CREATE_FILE for O_CREAT, FILE_STAT_FPUT_SIZE for O_TRUNC), a
 *   requested right is beyond its inheriting rights, or the path leaves
 *   the directory;
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
	struct file *file, *f;
	char *name;
	int err;

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
	if ((req.fs_rights_base | req.fs_rights_inheriting) &
	    ~dir->rights.inheriting)
		goto out_put;
	f = cloudabi_path_open(dir, name, open_flags(&req, args->oflags),
			       follow);
	err = PTR_ERR_OR_ZERO(f);
	if (err)
		goto out_put;
	cloudabi_rights_of_file(f, cloudabi_filetype_of(f), &max);
	want.base = req.fs_rights_base & max.base;
	want.inheriting = req.fs_rights_inheriting & max.inheriting;
	err = cloudabi_cap_install_rights(f, cloudabi_filetype_of(f), &want);
	if (err >= 0) {
		res->fd = err;
		err = 0;
	}

out_put:
	fput(file);
out_free:
	kfree(name);
	return err;
}

/*
 * Operations on the last component of a path, called with the parent
 * directory locked and @dentry looked up in it.  The path hooks run where
 * the kernel exports them, so path-based LSMs see these calls as they see
 * mkdirat(2) and unlinkat(2).
 */
static int op_mkdir(const struct path *parent, struct dentry *dentry,
		    const void *arg)
{
	int err = security_path_mkdir(parent, dentry, 0777);

	return err ? err : vfs_mkdir(compat_mnt_idmap(parent->mnt),
				     d_inode(parent->dentry), dentry, 0777);
}

static int op_remove(const struct path *parent, struct dentry *dentry,
		     const void *arg)
{
	struct inode *dir = d_inode(parent->dentry);
	bool rmdir = *(const bool *)arg;
	int err;

	if (d_is_negative(dentry))
		return -ENOENT;
	if (rmdir)
		return vfs_rmdir(compat_mnt_idmap(parent->mnt), dir, dentry);
	/* unlink(2) of a directory is EISDIR on Linux; POSIX says EPERM. */
	if (d_is_dir(dentry))
		return -EPERM;
	err = security_path_unlink(parent, dentry);
	return err ? err : vfs_unlink(compat_mnt_idmap(parent->mnt), dir,
				      dentry, NULL);
}

static int op_symlink(const struct path *parent, struct dentry *dentry,
		      const void *target)
{
	return vfs_symlink(compat_mnt_idmap(parent->mnt),
			   d_inode(parent->dentry), dentry,
			   target);
}

/*
 * fs.protected_hardlinks, which Debian and most distributions enable, is
 * not visible to modules; apply it always.  Only the owner of a file, or
 * a caller who could read and write it, may link to it, and never to a
 * set-id program: a link kept in a writable directory must not outlive a
 * security update of the file it names.
 */
static int may_link_to(const struct path *source)
{
	struct inode *inode = d_inode(source->dentry);

	if (inode_owner_or_capable(compat_mnt_idmap(source->mnt), inode))
		return 0;
	if (!S_ISREG(inode->i_mode) || (inode->i_mode & S_ISUID) ||
	    (inode->i_mode & (S_ISGID | 0010)) == (S_ISGID | 0010))
		return -EPERM;
	if (inode_permission(compat_mnt_idmap(source->mnt), inode,
			     MAY_READ | MAY_WRITE))
		return -EPERM;
	return 0;
}

static int op_link(const struct path *parent, struct dentry *dentry,
		   const void *arg)
{
	const struct path *source = arg;
	int err;

	if (source->mnt != parent->mnt)
		return -EXDEV;
	err = may_link_to(source);
	return err ? err : vfs_link(source->dentry,
				    compat_mnt_idmap(parent->mnt),
				    d_inode(parent->dentry), dentry, NULL);
}

/*
 * A name with a trailing slash stands for a directory: mkdir may create
 * it (or find it there: EEXIST); any other call needs one that exists.
 */
static int names_directory(struct dentry *dentry, bool trailing_slash,
			   bool creates_directory)
{
	if (!trailing_slash || creates_directory)
		return 0;
	if (d_is_negative(dentry))
		return -ENOENT;
	return d_is_dir(dentry) ? 0 : -ENOTDIR;
}

/*
 * Act on the last component of a path beneath the capability in slot @fd,
 * which must hold @right, with its parent directory locked as the VFS
 * requires.
 */
static long at_last_component(u32 fd, u64 right, u64 upath, u64 len,
			      int (*op)(const struct path *parent,
					struct dentry *dentry,
					const void *arg),
			      const void *arg)
{
	struct cloudabi_cap *dir;
	struct dentry *dentry;
	struct path parent;
	const char *last;
	struct file *file;
	struct inode *inode;
	bool trailing;
	char *name;
	int err;

	name = cloudabi_path_copy(upath, len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = cloudabi_cap_get(fd, right, &file, &err);
	if (!dir)
		goto out_free;
	err = cloudabi_path_parent(dir, name, &parent, &last, &trailing);
	fput(file);
	if (err)
		goto out_free;
	err = mnt_want_write(parent.mnt);
	if (err)
		goto out_put_parent;
	inode = d_inode(parent.dentry);
	inode_lock_nested(inode, I_MUTEX_PARENT);
	dentry = lookup_one_len(last, parent.dentry, strlen(last));
	err = PTR_ERR_OR_ZERO(dentry);
	if (!err) {
		err = names_directory(dentry, trailing, op == op_mkdir);
		if (!err)
			err = op(&parent, dentry, arg);
		dput(dentry);
	}
	inode_unlock(inode);
	mnt_drop_write(parent.mnt);
out_put_parent:
	path_put(&parent);
out_free:
	kfree(name);
	return err;
}

/**
 * cloudabi_sys_file_create() - create a directory beneath a directory
 * @args: fd, path, path_len, type (CLOUDABI_FILETYPE_DIRECTORY: files are
 *	created by file_open with O_CREAT)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: another type, a NUL inside the path, or a last component
 *   "." or "..";
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_CREATE_DIRECTORY, or the
 *   path leaves the directory;
 * - %-EEXIST, %-ENOENT, %-ENOTDIR, %-EACCES, %-ENOSPC, %-EROFS,
 *   %-ENAMETOOLONG, %-EFAULT, as for mkdirat(2).
 */
long cloudabi_sys_file_create(const struct cloudabi_gate_file_create *args)
{
	if (args->type != CLOUDABI_FILETYPE_DIRECTORY)
		return -EINVAL;
	return at_last_component(args->fd, CLOUDABI_RIGHT_FILE_CREATE_DIRECTORY,
				 args->path, args->path_len, op_mkdir, NULL);
}

/**
 * cloudabi_sys_file_unlink() - remove a name beneath a directory
 * @args: fd, path, path_len, flags (CLOUDABI_UNLINK_REMOVEDIR removes an
 *	empty directory, otherwise a non-directory)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown flag, a NUL inside the path, or a last component
 *   "." or "..";
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_UNLINK, or the path
 *   leaves the directory;
 * - %-EPERM: a directory without REMOVEDIR;
 * - %-ENOTDIR: a non-directory with REMOVEDIR;
 * - %-ENOTEMPTY, %-ENOENT, %-EACCES, %-EBUSY, %-EROFS, %-EFAULT.
 */
long cloudabi_sys_file_unlink(const struct cloudabi_gate_file_unlink *args)
{
	bool rmdir = args->flags & CLOUDABI_UNLINK_REMOVEDIR;

	if (args->flags & ~CLOUDABI_ALL_ULFLAGS)
		return -EINVAL;
	return at_last_component(args->fd, CLOUDABI_RIGHT_FILE_UNLINK,
				 args->path, args->path_len, op_remove, &rmdir);
}

/**
 * cloudabi_sys_file_symlink() - create a symbolic link beneath a directory
 * @args: path1 and path1_len (the link's contents), fd, path2 and
 *	path2_len (where the link is made)
 *
 * The contents may name anything, even outside the tree: a link grants
 * nothing, since every walk through it stays beneath the capability it
 * starts from.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: a NUL inside either path, or a last component "." or "..";
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_SYMLINK, or path2 leaves
 *   the directory;
 * - %-EEXIST, %-ENOENT, %-ENOTDIR, %-EACCES, %-ENOSPC, %-ENAMETOOLONG,
 *   %-EFAULT, as for symlinkat(2).
 */
long cloudabi_sys_file_symlink(const struct cloudabi_gate_file_symlink *args)
{
	char *target = cloudabi_path_copy(args->path1, args->path1_len);
	long err;

	if (IS_ERR(target))
		return PTR_ERR(target);
	err = at_last_component(args->fd, CLOUDABI_RIGHT_FILE_SYMLINK,
				args->path2, args->path2_len, op_symlink,
				target);
	kfree(target);
	return err;
}

/**
 * cloudabi_sys_file_link() - make a hard link beneath a directory
 * @args: fd1 (the source directory and lookup flags: SYMLINK_FOLLOW links
 *	to what a final symbolic link names), path1, path1_len, fd2 (the
 *	target directory), path2, path2_len
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: an unknown lookup flag, a NUL inside either path, or a last
 *   component of path2 "." or "..";
 * - %-EBADF: either fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: fd1 lacks CLOUDABI_RIGHT_FILE_LINK_SOURCE, fd2 lacks
 *   CLOUDABI_RIGHT_FILE_LINK_TARGET, or either path leaves its directory;
 * - %-EXDEV: the two names are on different mounts;
 * - %-EPERM: the source is a directory, or a file the caller neither owns
 *   nor could read and write (protected hard links);
 * - %-EEXIST, %-ENOENT, %-ENOTDIR, %-ELOOP, %-EMLINK, %-EACCES, %-ENOSPC,
 *   %-EROFS, %-ENAMETOOLONG, %-EFAULT, as for linkat(2).
 */
long cloudabi_sys_file_link(const struct cloudabi_gate_file_link *args)
{
	bool follow = args->fd1_flags & CLOUDABI_LOOKUP_SYMLINK_FOLLOW;
	struct path source;
	int err;

	if (args->fd1_flags & ~CLOUDABI_ALL_LOOKUPFLAGS)
		return -EINVAL;
	err = cloudabi_path_lookup(args->fd1_fd, CLOUDABI_RIGHT_FILE_LINK_SOURCE,
				   args->path1, args->path1_len, follow,
				   &source);
	if (err)
		return err;
	err = at_last_component(args->fd2, CLOUDABI_RIGHT_FILE_LINK_TARGET,
				args->path2, args->path2_len, op_link, &source);
	path_put(&source);
	return err;
}
