// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - calls that add or remove one name in a directory:
 * file_create (directories), file_unlink, file_symlink, file_link
 *
 * Each resolves the directory part of its path beneath a capability, then
 * locks that directory and looks the last component up under the lock, as
 * mkdirat(2) and friends do, so the name acted on is the name checked.
 * Path-based LSMs (AppArmor) see these calls as they see the syscalls:
 * mkdir and unlink call their own hooks.  security_path_rmdir(),
 * _symlink() and _link() are not exported, so rmdir asks the unlink hook
 * and symlink the mknod hook for an S_IFLNK node, which AppArmor answers
 * with the very same permission (delete, create); TOMOYO would check its
 * unlink and create rules instead of rmdir and symlink.  A hard link asks
 * the mknod hook for the new name, but AppArmor's own link rules (the
 * "l" permission and its subset check) cannot be consulted: the
 * hard_links parameter lets an operator who relies on them refuse
 * file_link altogether.  The inode hooks inside vfs_*() run for every
 * call.  See README.md, "Linux security modules".
 */

#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/security.h>
#include <linux/slab.h>

#include "capability.h"
#include "errno_convert.h"
#include "path.h"
#include "generated/syscall_table.h"

static bool hard_links = true;
module_param(hard_links, bool, 0644);
MODULE_PARM_DESC(hard_links,
		 "Allow file_link (default Y); N refuses it with EACCES, for systems whose AppArmor link rules must hold, since the module cannot consult them");

/**
 * struct last_op - what a call does to the last component of its path
 * @act: called with the parent locked and @dentry looked up in it; a
 *	delegation to break is stored in @delegated, and the call retried
 * @creates: makes a new name (an existing one is the call's EEXIST)
 * @creates_directory: the new name is a directory, so a trailing slash
 *	on it is no error
 * @through_link: the answer of a call that does not create when its
 *	name, with a trailing slash, is a link to a directory: the path
 *	names that directory, which is not in this parent to act on
 */
struct last_op {
	int (*act)(const struct path *parent, struct dentry *dentry,
		   const void *arg, struct inode **delegated);
	bool creates;
	bool creates_directory;
	int through_link;
};

static int act_mkdir(const struct path *parent, struct dentry *dentry,
		     const void *arg, struct inode **delegated)
{
	int err = security_path_mkdir(parent, dentry,
				      0777 & ~current_umask());

	return err ? err : vfs_mkdir(compat_mnt_idmap(parent->mnt),
				     d_inode(parent->dentry), dentry, 0777);
}

static int remove_name(const struct path *parent, struct dentry *dentry,
		       bool rmdir, struct inode **delegated)
{
	struct inode *dir = d_inode(parent->dentry);
	int err;

	if (d_is_negative(dentry))
		return -ENOENT;
	/* unlink(2) of a directory is EISDIR on Linux; POSIX says EPERM. */
	if (!rmdir && d_is_dir(dentry))
		return -EPERM;
	/* For rmdir too: the same "delete" permission (see the top). */
	err = security_path_unlink(parent, dentry);
	if (err)
		return err;
	if (rmdir)
		return vfs_rmdir(compat_mnt_idmap(parent->mnt), dir, dentry);
	return vfs_unlink(compat_mnt_idmap(parent->mnt), dir, dentry,
			  delegated);
}

static int act_unlink(const struct path *parent, struct dentry *dentry,
		      const void *arg, struct inode **delegated)
{
	return remove_name(parent, dentry, false, delegated);
}

static int act_rmdir(const struct path *parent, struct dentry *dentry,
		     const void *arg, struct inode **delegated)
{
	return remove_name(parent, dentry, true, delegated);
}

static int act_symlink(const struct path *parent, struct dentry *dentry,
		       const void *target, struct inode **delegated)
{
	/* AppArmor's symlink hook is its mknod hook for S_IFLNK. */
	int err = security_path_mknod(parent, dentry, S_IFLNK | 0777, 0);

	return err ? err : vfs_symlink(compat_mnt_idmap(parent->mnt),
				       d_inode(parent->dentry), dentry, target);
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

static int act_link(const struct path *parent, struct dentry *dentry,
		    const void *arg, struct inode **delegated)
{
	const struct path *source = arg;
	int err;

	if (!READ_ONCE(hard_links))
		return -EACCES;
	if (source->mnt != parent->mnt)
		return -EXDEV;
	err = may_link_to(source);
	if (!err)
		err = security_path_mknod(parent, dentry,
					  d_inode(source->dentry)->i_mode, 0);
	return err ? err : vfs_link(source->dentry,
				    compat_mnt_idmap(parent->mnt),
				    d_inode(parent->dentry), dentry, delegated);
}

static const struct last_op op_mkdir = {
	.act = act_mkdir, .creates = true, .creates_directory = true,
};
/*
 * unlink("link/") names a directory: EPERM, as for any directory without
 * REMOVEDIR.  rmdir("link/") is ENOTDIR, as Linux answers it: POSIX would
 * remove the directory the link leads to and leave the link dangling,
 * which no caller of rmdir through a link expects.
 */
static const struct last_op op_unlink = {
	.act = act_unlink, .through_link = -EPERM,
};
static const struct last_op op_rmdir = {
	.act = act_rmdir, .through_link = -ENOTDIR,
};
static const struct last_op op_symlink = {
	.act = act_symlink, .creates = true,
};
static const struct last_op op_link = { .act = act_link, .creates = true };

/*
 * A name with a trailing slash stands for a directory: a call that makes
 * one may name it so (mkdir; any call finding the name taken says
 * EEXIST); any other call needs a directory that exists.  Through a link
 * the answer is what the walk through it found (see walk_with_slash()).
 */
static int names_directory(const struct last_op *op,
			   const struct cloudabi_last *last,
			   struct dentry *dentry)
{
	if (!last->trailing_slash)
		return 0;
	if (d_is_negative(dentry))
		return op->creates_directory ? 0 : -ENOENT;
	if (op->creates || d_is_dir(dentry))
		return 0;
	if (!d_is_symlink(dentry))
		return -ENOTDIR;
	return last->slash_walk ? last->slash_walk : op->through_link;
}

/*
 * One attempt under the parent's lock.  The inode a removal drops is held
 * until the lock is gone, as unlinkat(2) does, so that freeing a large
 * file does not stall the directory.
 */
static int act_locked(const struct last_op *op,
		      const struct cloudabi_last *last, const void *arg,
		      struct inode **delegated)
{
	const struct path *parent = &last->parent;
	struct inode *dir = d_inode(parent->dentry);
	struct inode *target = NULL;
	struct dentry *dentry;
	int err;

	inode_lock_nested(dir, I_MUTEX_PARENT);
	dentry = lookup_one(compat_mnt_idmap(parent->mnt), last->name,
			    parent->dentry, strlen(last->name));
	err = PTR_ERR_OR_ZERO(dentry);
	if (!err) {
		target = d_inode(dentry);
		if (target)
			ihold(target);
		err = names_directory(op, last, dentry);
		if (!err)
			err = op->act(parent, dentry, arg, delegated);
		dput(dentry);
	}
	inode_unlock(dir);
	if (target)
		iput(target);
	return err;
}

/*
 * Act on the last component of a path beneath the capability in slot @fd,
 * which must hold @right.  An NFS delegation on the file is broken and
 * waited for outside the lock, then the call tried again.
 */
static long at_last_component(u32 fd, u64 right, u64 upath, u64 len,
			      const struct last_op *op, const void *arg)
{
	struct inode *delegated = NULL;
	struct cloudabi_last last;
	int err;

	err = cloudabi_last_get(&last, fd, right, upath, len);
	if (err)
		return err;
	err = mnt_want_write(last.parent.mnt);
	if (err)
		goto out_put;
	for (;;) {
		err = act_locked(op, &last, arg, &delegated);
		if (!delegated)
			break;
		err = break_deleg_wait(&delegated);
		if (err)
			break;
	}
	mnt_drop_write(last.parent.mnt);
out_put:
	cloudabi_last_put(&last);
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
				 args->path, args->path_len, &op_mkdir, NULL);
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
 * - %-EPERM: a directory without REMOVEDIR, also when named through a
 *   link with a trailing slash ("link/");
 * - %-ENOTDIR: a non-directory with REMOVEDIR, or "link/" with REMOVEDIR
 *   (Linux's answer; POSIX would remove the directory the link names);
 * - %-ENOTEMPTY, %-ENOENT, %-EACCES, %-EBUSY, %-EROFS, %-EFAULT.
 */
long cloudabi_sys_file_unlink(const struct cloudabi_gate_file_unlink *args)
{
	bool rmdir = args->flags & CLOUDABI_UNLINK_REMOVEDIR;

	if (args->flags & ~CLOUDABI_ALL_ULFLAGS)
		return -EINVAL;
	return at_last_component(args->fd, CLOUDABI_RIGHT_FILE_UNLINK,
				 args->path, args->path_len,
				 rmdir ? &op_rmdir : &op_unlink, NULL);
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
 * - %-ENOENT: empty contents, or a directory part that names nothing;
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_SYMLINK, or path2 leaves
 *   the directory;
 * - %-EEXIST, %-ENOENT, %-ENOTDIR, %-EACCES, %-ENOSPC, %-ENAMETOOLONG,
 *   %-EFAULT, as for symlinkat(2).
 */
long cloudabi_sys_file_symlink(const struct cloudabi_gate_file_symlink *args)
{
	char *target;
	long err;

	/* An empty link would name nothing: symlinkat(2) refuses it too. */
	if (!args->path1_len)
		return -ENOENT;
	target = cloudabi_path_copy(args->path1, args->path1_len);
	if (IS_ERR(target))
		return PTR_ERR(target);
	err = at_last_component(args->fd, CLOUDABI_RIGHT_FILE_SYMLINK,
				args->path2, args->path2_len, &op_symlink,
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
 * - %-EACCES: the module was loaded with hard_links=N, or an LSM refused
 *   to create the new name;
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
				args->path2, args->path2_len, &op_link, &source);
	path_put(&source);
	return err;
}
