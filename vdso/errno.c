// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - errors of the Linux calls the vDSO makes itself
 *
 * Only the few errors that the allow-listed process-local calls can
 * return are named: anything else cannot happen with the arguments the
 * vDSO passes, and becomes EIO rather than a misleading value.
 */

#include "vdso.h"

#define LINUX_EPERM	1
#define LINUX_EINTR	4
#define LINUX_EAGAIN	11
#define LINUX_ENOMEM	12
#define LINUX_EACCES	13
#define LINUX_EFAULT	14
#define LINUX_EBADF	9
#define LINUX_EBUSY	16
#define LINUX_EINVAL	22

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
	/* mprotect beyond what a file mapping's rights allow. */
	case LINUX_EACCES:
		return CLOUDABI_EACCES;
	/*
	 * mmap with MAP_FIXED below vm.mmap_min_addr: not a rights
	 * question, so not EACCES or ENOTCAPABLE.
	 */
	case LINUX_EPERM:
		return CLOUDABI_EPERM;
	/* msync with MS_INVALIDATE on locked memory. */
	case LINUX_EBADF:
		return CLOUDABI_EBADF;
	case LINUX_EBUSY:
		return CLOUDABI_EBUSY;
	default:
		return CLOUDABI_EIO;
	}
}
