/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - translation of Linux errors to CloudABI errno values
 */
#ifndef _CLOUDABI_ERRNO_CONVERT_H
#define _CLOUDABI_ERRNO_CONVERT_H

#include <linux/types.h>

#include "enotcapable.h"

u16 cloudabi_convert_errno(long err);

#endif /* _CLOUDABI_ERRNO_CONVERT_H */
