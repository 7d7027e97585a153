/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - translation of Linux errors to CloudABI errno values
 */
#ifndef _CLOUDABI_ERRNO_H
#define _CLOUDABI_ERRNO_H

#include <linux/types.h>

/*
 * CloudABI's ENOTCAPABLE has no Linux counterpart: handlers return this
 * module-private code when a descriptor lacks a right.  It lies above the
 * kernel's internal restart codes (512..530) and below MAX_ERRNO, so
 * IS_ERR_VALUE() still holds for it.
 */
#define ENOTCAPABLE 3000

u16 cloudabi_convert_errno(long err);

#endif /* _CLOUDABI_ERRNO_H */
