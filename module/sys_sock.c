// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - sock_* system calls
 *
 * CloudABI programs never create, bind or connect sockets: they receive
 * connected ones (from a launcher, fd_create2, or over a socket) and only
 * use them.
 */

#include <linux/net.h>

#include "capability.h"
#include "errno_convert.h"
#include "generated/syscall_table.h"

/**
 * cloudabi_sys_sock_shutdown() - shut down one or both directions
 * @args: sock, how (CLOUDABI_SHUT_RD and/or CLOUDABI_SHUT_WR)
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: @args->how is empty or has unknown bits;
 * - %-EBADF: @args->sock is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_SOCK_SHUTDOWN;
 * - %-ENOTSOCK: it is not a socket;
 * - %-ENOTCONN: the socket is not connected.
 */
long cloudabi_sys_sock_shutdown(const struct cloudabi_gate_sock_shutdown *args)
{
	struct cloudabi_cap *cap;
	struct socket *sock;
	struct file *file;
	int err, how;

	if (!args->how || (args->how & ~CLOUDABI_ALL_SDFLAGS))
		return -EINVAL;
	how = args->how == CLOUDABI_SHUT_RD ? SHUT_RD :
	      args->how == CLOUDABI_SHUT_WR ? SHUT_WR : SHUT_RDWR;
	cap = cloudabi_cap_get(args->sock, CLOUDABI_RIGHT_SOCK_SHUTDOWN, &file,
			       &err);
	if (!cap)
		return err;
	sock = sock_from_file(cap->inner);
	err = sock ? kernel_sock_shutdown(sock, how) : -ENOTSOCK;
	fput(file);
	return err;
}
