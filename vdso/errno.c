// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - errors of the Linux calls the vDSO makes itself
 *
 * The same translation as the module's (both tables are generated from
 * the spec): readv and writev on a capability can fail with any error of
 * the file behind it.  A Linux error CloudABI has no name for is EIO.
 */

#include "vdso.h"
#include "generated/errno_from_linux.h"

cloudabi_errno_t vdso_errno_from_linux(long ret)
{
	unsigned long err = -ret;
	cloudabi_errno_t value;

	if (ret == 0)
		return 0;
	if (ret > 0 || err > VDSO_LINUX_ERRNO_MAX)
		return CLOUDABI_EIO;
	value = vdso_errno_table[err];
	return value ? value : CLOUDABI_EIO;
}
