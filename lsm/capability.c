// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - capability files
 *
 * A capability file wraps an inner file with immutable rights.  Handlers
 * look descriptors up through cloudabi_cap_get(), which refuses anything
 * that is not a capability (EBADF) and any missing right (ENOTCAPABLE),
 * and only then hand out the inner file.
 */

#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "capability.h"
#include "errno.h"

static int cap_release(struct inode *inode, struct file *file)
{
	struct cloudabi_cap *cap = file->private_data;

	fput(cap->inner);
	kfree(cap);
	return 0;
}

static const struct file_operations cap_fops = {
	.owner = THIS_MODULE,
	.release = cap_release,
	.llseek = no_llseek,
};

/**
 * cloudabi_cap_file() - wrap a file into a new capability file
 * @inner: the file; the caller's reference passes to the capability
 * @rights: the rights the capability holds
 *
 * Return: the capability file, or an ERR_PTR (-ENOMEM, or the error of
 * anon_inode_getfile()); on error the reference to @inner is dropped.
 */
struct file *cloudabi_cap_file(struct file *inner,
			       const struct cloudabi_rights *rights)
{
	struct cloudabi_cap *cap;
	struct file *file;

	cap = kzalloc(sizeof(*cap), GFP_KERNEL);
	if (!cap) {
		fput(inner);
		return ERR_PTR(-ENOMEM);
	}
	cap->inner = inner;
	cap->rights = *rights;
	cap->filetype = cloudabi_filetype_of(inner);
	file = anon_inode_getfile("[cloudabi-cap]", &cap_fops, cap,
				  inner->f_flags & (O_ACCMODE | O_NONBLOCK));
	if (IS_ERR(file)) {
		fput(inner);
		kfree(cap);
	}
	return file;
}

/**
 * cloudabi_cap_from_file() - the capability a file is, if any
 * @file: any open file
 *
 * Return: its capability, or NULL when @file is not a capability file.
 */
struct cloudabi_cap *cloudabi_cap_from_file(struct file *file)
{
	return file->f_op == &cap_fops ? file->private_data : NULL;
}

/**
 * cloudabi_cap_get() - look up a descriptor and check its rights
 * @fd: the descriptor number
 * @need: rights the operation requires (all of them)
 * @filep: set to the capability file, whose reference the caller drops
 *	with fput() when done with the capability
 * @err: set on failure
 *
 * Return: the capability, or NULL with @err set to:
 *
 * - %-EBADF: @fd is not open, or not a capability (the gate, a file
 *   that bypassed the module);
 * - %-ENOTCAPABLE: the descriptor lacks one of @need.
 */
struct cloudabi_cap *cloudabi_cap_get(unsigned int fd, u64 need,
				      struct file **filep, int *err)
{
	struct file *file = fget(fd);
	struct cloudabi_cap *cap;

	cap = file ? cloudabi_cap_from_file(file) : NULL;
	if (!cap) {
		*err = -EBADF;
		goto out_put;
	}
	if ((cap->rights.base & need) != need) {
		*err = -ENOTCAPABLE;
		goto out_put;
	}
	*filep = file;
	return cap;

out_put:
	if (file)
		fput(file);
	return NULL;
}
