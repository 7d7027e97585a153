/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the rights engine
 */
#ifndef _CLOUDABI_RIGHTS_H
#define _CLOUDABI_RIGHTS_H

#include <linux/types.h>

struct file;

/**
 * struct cloudabi_rights - the two rights sets of a descriptor
 * @base: what the descriptor itself may do
 * @inheriting: the most that descriptors opened through it may get
 */
struct cloudabi_rights {
	u64 base;
	u64 inheriting;
};

u8 cloudabi_filetype_of(const struct file *file);
u8 cloudabi_filetype_of_mode(umode_t mode);
void cloudabi_rights_max(u8 filetype, fmode_t mode, bool mappable,
			 struct cloudabi_rights *rights);
void cloudabi_rights_of_file(const struct file *file, u8 filetype,
			     struct cloudabi_rights *rights);
bool cloudabi_fdflags_permitted(u16 flags, u64 rights);
u64 cloudabi_rights_implied(u64 base);

#endif /* _CLOUDABI_RIGHTS_H */
