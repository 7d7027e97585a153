/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - paths resolved beneath a directory capability
 */
#ifndef _CLOUDABI_PATH_H
#define _CLOUDABI_PATH_H

#include <linux/path.h>
#include <linux/types.h>

struct cloudabi_cap;

/**
 * struct cloudabi_last - a caller's path split for a call that acts on
 *	its last component: the directory, resolved, and the name in it
 * @parent: the directory, resolved beneath the capability
 * @name: the last component (never "." or ".."), inside @buf
 * @trailing_slash: the path ended in '/': the name must be a directory
 * @slash_walk: with @trailing_slash, what the whole path resolves to when
 *	a final link is followed, as the slash asks: 0 for a directory
 *	inside the tree, else the walk's error
 * @buf: the kernel copy of the path
 */
struct cloudabi_last {
	struct path parent;
	const char *name;
	bool trailing_slash;
	int slash_walk;
	char *buf;
};

char *cloudabi_path_copy(u64 upath, u64 len);
int cloudabi_path_lookup(u32 fd, u64 right, u64 upath, u64 len, bool follow,
			 struct path *out);
int cloudabi_last_get(struct cloudabi_last *last, u32 fd, u64 right,
		      u64 upath, u64 len);
void cloudabi_last_put(struct cloudabi_last *last);
struct file *cloudabi_path_open(const struct cloudabi_cap *dir, char *name,
				int flags, bool follow);

#endif /* _CLOUDABI_PATH_H */
