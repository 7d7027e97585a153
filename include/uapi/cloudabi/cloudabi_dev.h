/* SPDX-License-Identifier: MIT */
/*
 * CloudABI for Linux - the module's interface for native programs
 *
 * /dev/cloudabi lets a native process (a launcher) turn one of its
 * descriptors into a CloudABI capability with chosen rights, before it
 * executes a CloudABI program with it.  Rights can only shrink: the
 * request may not exceed what the file's kind and open mode allow, nor,
 * for a descriptor that already is a capability, its current rights.
 */
#ifndef _UAPI_CLOUDABI_DEV_H
#define _UAPI_CLOUDABI_DEV_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define CLOUDABI_DEV_PATH	"/dev/cloudabi"

/*
 * Give the requested rights that the file allows and drop the others,
 * instead of refusing the request (for "read-only" and the like, where
 * the caller does not know the file's maximum).
 */
#define CLOUDABI_CAP_INTERSECT	0x1
#define CLOUDABI_DEV_IOC_MAGIC	0xCB

/**
 * struct cloudabi_cap_request - CLOUDABI_IOC_CAPABILITY's argument
 * @fd: the descriptor to wrap
 * @flags: zero, or CLOUDABI_CAP_INTERSECT
 * @rights_base: the base rights the capability gets
 * @rights_inheriting: the inheriting rights it gets
 *
 * This struct is padded to 8 bytes by @flags so it has no hole; cf.
 * module/dev.c:build_check_abi().
 */
struct cloudabi_cap_request {
	__s32 fd;
	__u32 flags;
	__u64 rights_base;
	__u64 rights_inheriting;
};

/*
 * Returns a new close-on-exec descriptor for the capability; the caller
 * moves it into place with dup2().  Errors: EBADF (no such descriptor),
 * EINVAL (unknown flags or rights bits), EPERM (a right beyond what the
 * file allows, without CLOUDABI_CAP_INTERSECT), EOPNOTSUPP (a UNIX socket
 * or a file of no CloudABI type: a capability over one could hide a cycle
 * from the kernel's garbage collector of descriptors in flight; pass
 * such a descriptor as it is, and exec wraps it with the rights its type
 * allows), EMFILE, ENOMEM.
 */
#define CLOUDABI_IOC_CAPABILITY \
	_IOW(CLOUDABI_DEV_IOC_MAGIC, 1, struct cloudabi_cap_request)

#endif /* _UAPI_CLOUDABI_DEV_H */
