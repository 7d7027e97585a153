// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - errors of the Linux calls the vDSO makes itself
 *
 * Only the few errors that the allow-listed process-local calls can
 * return are named: anything else cannot happen with the arguments the
 * vDSO passes, and becomes EIO rather than a misleading value.
 */

#include "vdso.h"

#define LINUX_EFAULT	14
#define LINUX_EINVAL	22
#define LINUX_EAGAIN	11
#define LINUX_EINTR	4
#define LINUX_ENOMEM	12

cloudabi_errno_t vdso_errno_from_linux(long ret)
{
	switch (-ret) {
	case 0:
		return 0;
	case LINUX_EFAULT:
		return CLOUDABI_EFAULT;
	case LINUX_EINVAL:
		return CLOUDABI_EINVAL;
	case LINUX_EAGAIN:
		return CLOUDABI_EAGAIN;
	case LINUX_EINTR:
		return CLOUDABI_EINTR;
	case LINUX_ENOMEM:
		return CLOUDABI_ENOMEM;
	default:
		return CLOUDABI_EIO;
	}
}
