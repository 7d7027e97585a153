/* SPDX-License-Identifier: MIT */
/*
 * CloudABI for Linux - the module's interface for native programs
 *
 * /dev/cloudabi lets a native process (a launcher) turn one of its
 * descriptors into a CloudABI capability with chosen rights, before it
 * executes a CloudABI program with it.  Rights can only shrink: the
 * request may not exceed what the file's kind and open mode allow, nor,
 * for a descriptor that already is a capability, its current rights.
 * It also lets a native process send capabilities to a running CloudABI
 * program, the way sock_send does (SCM_RIGHTS never reach one).
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

/**
 * struct cloudabi_send_request - CLOUDABI_IOC_SEND's argument
 * @data: the bytes the capabilities travel with (a user pointer)
 * @data_len: how many; at least one on a stream socket
 * @fds: the capabilities to send (a user pointer to __u32 numbers, each
 *	a capability from CLOUDABI_IOC_CAPABILITY)
 * @fds_len: how many, at most 253
 * @sock: a connected UNIX socket whose peer a CloudABI program reads
 */
struct cloudabi_send_request {
	__u64 data;
	__u64 data_len;
	__u64 fds;
	__u32 fds_len;
	__s32 sock;
};

/*
 * Sends @data with the capabilities, which the program's sock_recv gets
 * with exactly their rights.  Returns the number of bytes sent.  Errors:
 * EBADF (@sock is not open, or an entry of @fds is not a capability),
 * ENOTSOCK, EOPNOTSUPP (not a UNIX socket), EINVAL (more than 253
 * capabilities), EFAULT, and the errors of sendmsg(2).
 */
#define CLOUDABI_IOC_SEND \
	_IOW(CLOUDABI_DEV_IOC_MAGIC, 2, struct cloudabi_send_request)

/**
 * struct cloudabi_recv_request - CLOUDABI_IOC_RECV's argument
 * @data: where the bytes go (a user pointer)
 * @data_len: room there
 * @fds: where the new descriptor numbers go (a user pointer to __u32)
 * @fds_len: room there, in descriptors
 * @sock: a connected UNIX socket whose peer a CloudABI program writes
 * @fds_received: set to the number of capabilities received
 * @truncated: set to 1 when capabilities were closed instead: no room,
 *	no descriptor slot, or one over a UNIX socket (see
 *	CLOUDABI_IOC_CAPABILITY for why a native process holds none)
 */
struct cloudabi_recv_request {
	__u64 data;
	__u64 data_len;
	__u64 fds;
	__u32 fds_len;
	__s32 sock;
	__u32 fds_received;
	__u32 truncated;
};

/*
 * Receives bytes and the capabilities a CloudABI program's sock_send (or
 * CLOUDABI_IOC_SEND) sent with them, as close-on-exec descriptors whose
 * rights stay enforced for the native holder.  Returns the number of
 * bytes received.  Errors: EBADF, ENOTSOCK, EOPNOTSUPP (not a UNIX
 * socket), EFAULT, and the errors of recvmsg(2).
 */
#define CLOUDABI_IOC_RECV \
	_IOWR(CLOUDABI_DEV_IOC_MAGIC, 3, struct cloudabi_recv_request)

#endif /* _UAPI_CLOUDABI_DEV_H */
