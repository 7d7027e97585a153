// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - translation of Linux errors to CloudABI errno values
 *
 * Handlers return Linux's negative errors; the gate turns them into the
 * CloudABI value through the generated table, in one place.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>

#include <cloudabi_types.h>

#include "errno_convert.h"
#include "generated/errno_table.h"

/**
 * cloudabi_convert_errno() - CloudABI errno for a handler's result
 * @err: zero or a negative Linux error code
 *
 * Return: 0 for success, the matching CloudABI errno otherwise.  Linux
 * errors that CloudABI has no name for become CLOUDABI_EIO, and a positive
 * value (a handler bug) becomes CLOUDABI_EINVAL after a warning: an error
 * path must never read as success.
 */
u16 cloudabi_convert_errno(long err)
{
	u16 value;

	if (err == 0)
		return 0;
	if (WARN_ON_ONCE(err > 0))
		return CLOUDABI_EINVAL;
	if (err == -ENOTCAPABLE)
		return CLOUDABI_ENOTCAPABLE;
	if (-err >= ARRAY_SIZE(cloudabi_errno_from_linux))
		return CLOUDABI_EIO;
	value = cloudabi_errno_from_linux[-err];
	return value ? value : CLOUDABI_EIO;
}

#ifdef CLOUDABI_KUNIT
/* The suite is built into the module that it tests (make kunit). */
#include "../kunit/errno_test.c"
#endif
