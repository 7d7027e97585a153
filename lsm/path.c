// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - paths resolved beneath a directory capability
 *
 * Every path a CloudABI program passes is relative to a directory it
 * holds, and may never leave it: an absolute path, ".." above the start,
 * a symbolic link that leads out (absolute, or by ".."), and the magic
 * links of /proc are ENOTCAPABLE.  The kernel's own scoped lookup does the
 * walk (LOOKUP_BENEATH): ".." above the start and absolute links give
 * -EXDEV, and so do magic links, which a scoped walk never crosses; a
 * rename racing with the walk makes it retry (-EAGAIN) instead of
 * escaping.  LOOKUP_NO_MAGICLINKS is not used: its -ELOOP could not be
 * told from a link loop, which is ELOOP for the program too.  With a
 * preset root the walk would skip a leading '/', so absolute paths are
 * refused first.
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "errno.h"
#include "path.h"

/* A rename racing with the walk makes it fail with -EAGAIN: walk again. */
#define RESOLVE_RETRIES 8

/**
 * cloudabi_path_copy() - copy a path (pointer and length) from the user
 * @upath: user address of the bytes
 * @len: their number; CloudABI paths carry no terminating NUL
 *
 * Return: a NUL-terminated kernel copy to kfree(), or an ERR_PTR:
 *
 * - %-ENAMETOOLONG: longer than PATH_MAX - 1;
 * - %-EINVAL: a NUL byte inside the path;
 * - %-EFAULT: the bytes cannot be read;
 * - %-ENOMEM.
 */
char *cloudabi_path_copy(u64 upath, u64 len)
{
	char *name;

	if (len >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	name = memdup_user_nul(u64_to_user_ptr(upath), len);
	if (IS_ERR(name))
		return name;
	if (strlen(name) != len) {
		kfree(name);
		return ERR_PTR(-EINVAL);
	}
	return name;
}

/**
 * cloudabi_path_check() - the checks made before any walk
 * @name: the path
 *
 * Return: 0; -ENOENT for an empty path; -ENOTCAPABLE for an absolute one.
 */
int cloudabi_path_check(const char *name)
{
	if (!*name)
		return -ENOENT;
	if (*name == '/')
		return -ENOTCAPABLE;
	return 0;
}

/**
 * cloudabi_path_resolve() - walk a path beneath a directory capability
 * @dir: the directory capability; its rights are the caller's to check
 * @name: the path, from cloudabi_path_copy()
 * @follow: follow a symbolic link in the last component
 * @out: the result, to path_put()
 *
 * Return: 0, or a negative error: -ENOTCAPABLE for any way out of the
 * tree (see above), -ENOTDIR when @dir is not a directory, and the walk's
 * own errors (ENOENT, ENOTDIR, ELOOP for a link loop within the tree,
 * EACCES, ENAMETOOLONG).
 */
int cloudabi_path_resolve(const struct cloudabi_cap *dir, const char *name,
			  bool follow, struct path *out)
{
	unsigned int flags = LOOKUP_BENEATH | (follow ? LOOKUP_FOLLOW : 0);
	const struct path *base = &dir->inner->f_path;
	int err, tries = RESOLVE_RETRIES;

	err = cloudabi_path_check(name);
	if (err)
		return err;
	if (!d_is_dir(base->dentry))
		return -ENOTDIR;
	do {
		err = vfs_path_lookup(base->dentry, base->mnt, name, flags, out);
	} while (err == -EAGAIN && --tries);
	return err == -EXDEV ? -ENOTCAPABLE : err;
}
