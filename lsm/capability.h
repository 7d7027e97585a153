/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - capability files
 */
#ifndef _CLOUDABI_CAPABILITY_H
#define _CLOUDABI_CAPABILITY_H

#include <linux/types.h>

#include "rights.h"

struct file;
struct iov_iter;

/**
 * struct cloudabi_cap - what a CloudABI descriptor holds
 * @inner: the file it gives access to; never in any descriptor table
 * @rights: what the descriptor may do; immutable once installed
 * @filetype: CLOUDABI_FILETYPE_* of @inner
 *
 * Rights belong to the descriptor, not to the open file, and Linux keeps
 * no per-descriptor data: every descriptor of a CloudABI process is a
 * capability file whose private data is this object.  Restricting rights
 * installs a new capability file; dup and fork share this one.
 */
struct cloudabi_cap {
	struct file *inner;
	struct cloudabi_rights rights;
	u8 filetype;
};

struct file *cloudabi_cap_file(struct file *inner,
			       const struct cloudabi_rights *rights);
struct file *cloudabi_cap_file_typed(struct file *inner, u8 filetype,
				     const struct cloudabi_rights *rights);
int cloudabi_cap_install(struct file *inner, u8 filetype);
int cloudabi_cap_install_rights(struct file *inner, u8 filetype,
				const struct cloudabi_rights *rights);
struct cloudabi_cap *cloudabi_cap_from_file(struct file *file);
ssize_t cloudabi_inner_rw(struct file *inner, int dir, struct iov_iter *iter,
			  const u64 *offset);
struct cloudabi_cap *cloudabi_cap_get(unsigned int fd, u64 need,
				      struct file **filep, int *err);

#endif /* _CLOUDABI_CAPABILITY_H */
