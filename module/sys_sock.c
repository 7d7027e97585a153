// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - sock_* system calls
 *
 * CloudABI programs never create, bind or connect sockets: they receive
 * connected ones (from a launcher, fd_create2, or over a socket) and only
 * use them.
 */

#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>

#include "capability.h"
#include "errno_convert.h"
#include "iovec.h"
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

/* The socket behind @fd, checked for @right; a reference in *@file. */
static struct socket *sock_get(u32 fd, u64 right, struct file **file,
			       int *err)
{
	struct cloudabi_cap *cap;
	struct socket *sock;

	cap = cloudabi_cap_get(fd, right, file, err);
	if (!cap)
		return NULL;
	sock = sock_from_file(cap->inner);
	if (!sock) {
		fput(*file);
		*err = -ENOTSOCK;
	}
	return sock;
}

/* A blocking call unless the inner file is non-blocking, as send(2). */
static int sock_msg_flags(struct socket *sock)
{
	return sock->file->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0;
}

/**
 * cloudabi_sys_sock_recv() - receive data on a socket
 * @args: sock, in (a cloudabi_recv_in_t: the buffers, room for
 *	descriptors, CLOUDABI_SOCK_RECV_PEEK and _WAITALL), out (a
 *	cloudabi_recv_out_t)
 *
 * Descriptor passing has not landed: none is ever received.  Descriptors
 * a native peer attached are closed by Linux unseen, and reported with
 * CLOUDABI_SOCK_RECV_FDS_TRUNCATED, so no file that is not a capability
 * ever reaches the process's table.  A datagram longer than the buffers
 * is cut, with CLOUDABI_SOCK_RECV_DATA_TRUNCATED.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown flags, or a bad iovec array (count, overflow);
 * - %-EBADF: @args->sock is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_READ;
 * - %-ENOTSOCK: it is not a socket;
 * - %-EFAULT: @args->in, a buffer or @args->out is not accessible (out
 *   is checked before anything is received);
 * - %-EAGAIN, %-EINTR, %-ENOTCONN, and the other errors of recvmsg(2).
 */
long cloudabi_sys_sock_recv(const struct cloudabi_gate_sock_recv *args)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	void __user *uout = u64_to_user_ptr(args->out);
	cloudabi_recv_out_t out = {};
	cloudabi_recv_in_t in;
	struct msghdr msg = {};
	struct socket *sock;
	struct file *file;
	int flags, err;
	ssize_t ret;

	if (copy_from_user(&in, u64_to_user_ptr(args->in), sizeof(in)))
		return -EFAULT;
	if (in.ri_flags & ~CLOUDABI_ALL_RIFLAGS)
		return -EINVAL;
	/* Nothing is consumed for a result that cannot be stored. */
	if (copy_to_user(uout, &out, sizeof(out)))
		return -EFAULT;
	sock = sock_get(args->sock, CLOUDABI_RIGHT_FD_READ, &file, &err);
	if (!sock)
		return err;
	ret = cloudabi_import_iovecs(READ, in.ri_data, in.ri_data_len,
				     iovstack, &iov, &msg.msg_iter);
	if (ret >= 0) {
		flags = sock_msg_flags(sock) |
			(in.ri_flags & CLOUDABI_SOCK_RECV_PEEK ? MSG_PEEK : 0) |
			(in.ri_flags & CLOUDABI_SOCK_RECV_WAITALL ?
			 MSG_WAITALL : 0);
		ret = sock_recvmsg(sock, &msg, flags);
	}
	if (iov != iovstack)
		kfree(iov);
	fput(file);
	if (ret < 0)
		return ret;
	out.ro_datalen = ret;
	if (msg.msg_flags & MSG_TRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_DATA_TRUNCATED;
	if (msg.msg_flags & MSG_CTRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	return copy_to_user(uout, &out, sizeof(out)) ? -EFAULT : 0;
}

/**
 * cloudabi_sys_sock_send() - send data on a socket
 * @args: sock, in (a cloudabi_send_in_t: the buffers, descriptors to
 *	send, no flags), out (a cloudabi_send_out_t)
 *
 * A peer that is gone gives EPIPE, never SIGPIPE.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown flags, or a bad iovec array (count, overflow);
 * - %-EOPNOTSUPP: descriptors to send (descriptor passing has not
 *   landed);
 * - %-EBADF: @args->sock is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_WRITE;
 * - %-ENOTSOCK: it is not a socket;
 * - %-EFAULT: @args->in, a buffer or @args->out is not accessible (out
 *   is checked before anything is sent);
 * - %-EPIPE, %-EAGAIN, %-EINTR, %-EMSGSIZE, and the other errors of
 *   sendmsg(2).
 */
long cloudabi_sys_sock_send(const struct cloudabi_gate_sock_send *args)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	void __user *uout = u64_to_user_ptr(args->out);
	cloudabi_send_out_t out = {};
	cloudabi_send_in_t in;
	struct msghdr msg = {};
	struct socket *sock;
	struct file *file;
	ssize_t ret;
	int err;

	if (copy_from_user(&in, u64_to_user_ptr(args->in), sizeof(in)))
		return -EFAULT;
	if (in.si_flags)
		return -EINVAL;
	if (in.si_fds_len)
		return -EOPNOTSUPP;
	if (copy_to_user(uout, &out, sizeof(out)))
		return -EFAULT;
	sock = sock_get(args->sock, CLOUDABI_RIGHT_FD_WRITE, &file, &err);
	if (!sock)
		return err;
	ret = cloudabi_import_iovecs(WRITE, in.si_data, in.si_data_len,
				     iovstack, &iov, &msg.msg_iter);
	if (ret >= 0) {
		msg.msg_flags = sock_msg_flags(sock) | MSG_NOSIGNAL;
		ret = sock_sendmsg(sock, &msg);
	}
	if (iov != iovstack)
		kfree(iov);
	fput(file);
	if (ret < 0)
		return ret;
	out.so_datalen = ret;
	return copy_to_user(uout, &out, sizeof(out)) ? -EFAULT : 0;
}
