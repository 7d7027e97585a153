// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_rename: a name moves between two directories
 *
 * The one call that holds two directory capabilities at once.  Both
 * parents are resolved beneath their own capability first; the VFS then
 * locks them together (lock_rename() orders the locks and reports which
 * dentry is an ancestor of the other), and the last components are looked
 * up under that lock, so nothing between the lookups and the rename can
 * move a name out from under either capability.
 */

#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/security.h>

#include "capability.h"
#include "errno_convert.h"
#include "path.h"
#include "generated/syscall_table.h"

static struct dentry *lookup_last(const struct cloudabi_last *end)
{
	return lookup_one(compat_mnt_idmap(end->parent.mnt), end->name,
			  end->parent.dentry, strlen(end->name));
}

/*
 * With both parents locked: the source must exist; a trailing slash on
 * either name asks for a directory; and neither name may be an ancestor
 * of the other (@trap), which would cut a directory loose from the tree.
 */
static int rename_locked(const struct cloudabi_last *from,
			 const struct cloudabi_last *to,
			 struct dentry *trap, struct inode **delegated)
{
	struct renamedata rd = { };
	struct dentry *old, *new;
	int err;

	old = lookup_last(from);
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = -ENOENT;
	if (d_is_negative(old))
		goto out_old;
	new = lookup_last(to);
	err = PTR_ERR(new);
	if (IS_ERR(new))
		goto out_old;
	err = -ENOTDIR;
	if ((from->trailing_slash || to->trailing_slash) && !d_is_dir(old))
		goto out_new;
	err = -EINVAL;
	if (old == trap)
		goto out_new;
	err = -ENOTEMPTY;
	if (new == trap)
		goto out_new;
	err = security_path_rename(&from->parent, old, &to->parent, new, 0);
	if (err)
		goto out_new;
	COMPAT_RENAMEDATA_IDMAPS(&rd, compat_mnt_idmap(from->parent.mnt));
	rd.old_dir = d_inode(from->parent.dentry);
	rd.old_dentry = old;
	rd.new_dir = d_inode(to->parent.dentry);
	rd.new_dentry = new;
	rd.delegated_inode = delegated;
	err = vfs_rename(&rd);
out_new:
	dput(new);
out_old:
	dput(old);
	return err;
}

/**
 * cloudabi_sys_file_rename() - move a name from one directory to another
 * @args: fd1, path1, path1_len (the name that moves), fd2, path2,
 *	path2_len (where it goes); a final symbolic link is moved, never
 *	followed
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: a NUL inside either path, a last component "." or "..", or
 *   a directory moved beneath itself;
 * - %-EBADF: either fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: fd1 lacks CLOUDABI_RIGHT_FILE_RENAME_SOURCE, fd2 lacks
 *   CLOUDABI_RIGHT_FILE_RENAME_TARGET, or either path leaves its
 *   directory;
 * - %-EXDEV: the two names are on different mounts;
 * - %-ENOENT: path1 names nothing;
 * - %-ENOTDIR: a trailing slash on a name that is not a directory, or a
 *   directory moved over a non-directory;
 * - %-EISDIR: a non-directory moved over a directory;
 * - %-ENOTEMPTY: the target is a directory with entries, or an ancestor
 *   of the source;
 * - %-EBUSY, %-EACCES, %-EPERM, %-EMLINK, %-ENOSPC, %-EROFS, %-ELOOP,
 *   %-ENAMETOOLONG, %-EFAULT, as for renameat(2).
 */
long cloudabi_sys_file_rename(const struct cloudabi_gate_file_rename *args)
{
	struct inode *delegated = NULL;
	struct cloudabi_last from, to;
	struct dentry *trap;
	int err;

	err = cloudabi_last_get(&from, args->fd1,
				CLOUDABI_RIGHT_FILE_RENAME_SOURCE, args->path1,
				args->path1_len);
	if (err)
		return err;
	err = cloudabi_last_get(&to, args->fd2,
				CLOUDABI_RIGHT_FILE_RENAME_TARGET, args->path2,
				args->path2_len);
	if (err)
		goto out_from;
	err = -EXDEV;
	if (from.parent.mnt != to.parent.mnt)
		goto out_to;
	err = mnt_want_write(from.parent.mnt);
	if (err)
		goto out_to;
	for (;;) {
		trap = lock_rename(to.parent.dentry, from.parent.dentry);
		err = PTR_ERR_OR_ZERO(trap);
		if (err)
			break;
		err = rename_locked(&from, &to, trap, &delegated);
		unlock_rename(to.parent.dentry, from.parent.dentry);
		/* An NFS delegation: wait for its holder outside the locks. */
		if (!delegated)
			break;
		err = break_deleg_wait(&delegated);
		if (err)
			break;
	}
	mnt_drop_write(from.parent.mnt);
out_to:
	cloudabi_last_put(&to);
out_from:
	cloudabi_last_put(&from);
	return err;
}
