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
#include <linux/pagemap.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "capability.h"
#include "errno_convert.h"
#include "inflight.h"
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

/*
 * Nothing is consumed for results that cannot be stored: the result and
 * the descriptor array are faulted in for writing before anything moves,
 * without being written (another thread may be storing there).
 */
static u32 *probe_results(void __user *uout, size_t outlen, u64 ufds,
			  unsigned int room)
{
	void __user *p = u64_to_user_ptr(ufds);
	size_t len = room * sizeof(u32);
	u32 *fds;

	if (!access_ok(uout, outlen) || fault_in_safe_writeable(uout, outlen))
		return ERR_PTR(-EFAULT);
	if (!room)
		return NULL;
	if (!access_ok(p, len) || fault_in_safe_writeable(p, len))
		return ERR_PTR(-EFAULT);
	fds = kmalloc(len, GFP_KERNEL);
	return fds ?: ERR_PTR(-ENOMEM);
}

/* Install what @due carries and tell the program where. */
static int deliver_fds(struct list_head *due, u64 ufds, u32 *fds,
		       unsigned int room, cloudabi_recv_out_t *out)
{
	bool truncated = false;
	unsigned int n;

	if (list_empty(due))
		return 0;
	n = cloudabi_parcels_install(due, fds, room, false, &truncated);
	out->ro_fdslen = n;
	if (truncated)
		out->ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	/* Checked writable before: only a racing munmap fails here. */
	if (n && copy_to_user(u64_to_user_ptr(ufds), fds, n * sizeof(*fds)))
		return -EFAULT;
	return 0;
}

/**
 * cloudabi_sys_sock_recv() - receive data on a socket
 * @args: sock, in (a cloudabi_recv_in_t: the buffers, room for
 *	descriptors, CLOUDABI_SOCK_RECV_PEEK and _WAITALL), out (a
 *	cloudabi_recv_out_t)
 *
 * Capabilities sent with the data (see lsm/inflight.c) are installed with
 * exactly their rights, up to @args->in's room; the rest are closed and
 * CLOUDABI_SOCK_RECV_FDS_TRUNCATED is set.  Descriptors a native peer
 * attached as SCM_RIGHTS are closed by Linux unseen and reported the same
 * way, so no file that is not a capability ever reaches the process's
 * table.  A datagram longer than the buffers is cut, with
 * CLOUDABI_SOCK_RECV_DATA_TRUNCATED.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown flags, or a bad iovec array (count, overflow);
 * - %-EBADF: @args->sock is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_READ;
 * - %-ENOTSOCK: it is not a socket;
 * - %-EFAULT: @args->in, a buffer, the descriptor array or @args->out
 *   is not accessible (out and the array are checked before anything is
 *   received);
 * - %-EAGAIN, %-EINTR, %-ENOTCONN, and the other errors of recvmsg(2).
 */
long cloudabi_sys_sock_recv(const struct cloudabi_gate_sock_recv *args)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	void __user *uout = u64_to_user_ptr(args->out);
	cloudabi_recv_out_t out = {};
	struct msghdr msg = {};
	cloudabi_recv_in_t in;
	struct socket *sock;
	unsigned int room;
	u32 *fds;
	struct file *file;
	LIST_HEAD(due);
	int flags, err;
	ssize_t ret;

	if (copy_from_user(&in, u64_to_user_ptr(args->in), sizeof(in)))
		return -EFAULT;
	if (in.ri_flags & ~CLOUDABI_ALL_RIFLAGS)
		return -EINVAL;
	/* More room than one receive can fill is never written. */
	room = min_t(u64, in.ri_fds_len, CLOUDABI_RECV_MAX_FDS);
	fds = probe_results(uout, sizeof(out), in.ri_fds, room);
	if (IS_ERR(fds))
		return PTR_ERR(fds);
	sock = sock_get(args->sock, CLOUDABI_RIGHT_FD_READ, &file, &err);
	if (!sock) {
		kfree(fds);
		return err;
	}
	ret = cloudabi_import_iovecs(READ, in.ri_data, in.ri_data_len,
				     iovstack, &iov, &msg.msg_iter);
	if (ret >= 0) {
		flags = sock_msg_flags(sock) |
			(in.ri_flags & CLOUDABI_SOCK_RECV_PEEK ? MSG_PEEK : 0) |
			(in.ri_flags & CLOUDABI_SOCK_RECV_WAITALL ?
			 MSG_WAITALL : 0);
		ret = cloudabi_is_unix_socket(sock->file) ?
		      cloudabi_unix_recv(sock, &msg, flags, &due) :
		      sock_recvmsg(sock, &msg, flags);
	}
	if (iov != iovstack)
		kfree(iov);
	fput(file);
	if (ret >= 0) {
		out.ro_datalen = ret;
		ret = deliver_fds(&due, in.ri_fds, fds, room, &out);
	}
	kfree(fds);
	if (ret < 0)
		return ret;
	if (msg.msg_flags & MSG_TRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_DATA_TRUNCATED;
	if (msg.msg_flags & MSG_CTRUNC)
		out.ro_flags |= CLOUDABI_SOCK_RECV_FDS_TRUNCATED;
	return copy_to_user(uout, &out, sizeof(out)) ? -EFAULT : 0;
}

/* The descriptors a send carries, each looked up once. */
static struct cloudabi_parcel *gather_fds(const cloudabi_send_in_t *in)
{
	struct cloudabi_parcel *parcel;
	u32 *fds;

	if (!in->si_fds_len)
		return NULL;
	if (in->si_fds_len > CLOUDABI_PARCEL_MAX_FDS)
		return ERR_PTR(-EINVAL);
	fds = memdup_user(u64_to_user_ptr(in->si_fds),
			  in->si_fds_len * sizeof(*fds));
	if (IS_ERR(fds))
		return ERR_CAST(fds);
	parcel = cloudabi_parcel_gather(fds, in->si_fds_len);
	kfree(fds);
	return parcel;
}

/**
 * cloudabi_sys_sock_send() - send data on a socket
 * @args: sock, in (a cloudabi_send_in_t: the buffers, descriptors to
 *	send, no flags), out (a cloudabi_send_out_t)
 *
 * The descriptors travel as capabilities with exactly their rights (see
 * lsm/inflight.c); sending one needs no right on it.  A peer that is gone
 * gives EPIPE, never SIGPIPE.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: unknown flags, a bad iovec array (count, overflow), or
 *   more than CLOUDABI_PARCEL_MAX_FDS descriptors;
 * - %-EBADF: @args->sock, or a descriptor to send, is not an open
 *   CloudABI descriptor;
 * - %-EOPNOTSUPP: descriptors to send over a socket that is not a UNIX
 *   socket;
 * - %-ENOBUFS: the receiver has RLIMIT_NOFILE descriptors queued;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FD_WRITE;
 * - %-ENOTSOCK: it is not a socket;
 * - %-EFAULT: @args->in, the descriptor array, a buffer or @args->out is
 *   not accessible (out is checked before anything is sent);
 * - %-EPIPE, %-EAGAIN, %-EINTR, %-EMSGSIZE, and the other errors of
 *   sendmsg(2).
 */
long cloudabi_sys_sock_send(const struct cloudabi_gate_sock_send *args)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = NULL;
	void __user *uout = u64_to_user_ptr(args->out);
	struct cloudabi_parcel *parcel = NULL;
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
	if (copy_to_user(uout, &out, sizeof(out)))
		return -EFAULT;
	sock = sock_get(args->sock, CLOUDABI_RIGHT_FD_WRITE, &file, &err);
	if (!sock)
		return err;
	ret = cloudabi_import_iovecs(WRITE, in.si_data, in.si_data_len,
				     iovstack, &iov, &msg.msg_iter);
	if (ret >= 0) {
		parcel = gather_fds(&in);
		ret = PTR_ERR_OR_ZERO(parcel);
	}
	if (!ret && parcel && !cloudabi_is_unix_socket(sock->file))
		ret = -EOPNOTSUPP;
	if (ret >= 0) {
		msg.msg_flags = sock_msg_flags(sock) | MSG_NOSIGNAL;
		if (cloudabi_is_unix_socket(sock->file)) {
			ret = cloudabi_unix_send(sock, &msg, parcel);
			parcel = NULL;
		} else {
			ret = sock_sendmsg(sock, &msg);
		}
	}
	if (!IS_ERR(parcel))
		cloudabi_parcel_free(parcel);
	if (iov != iovstack)
		kfree(iov);
	fput(file);
	if (ret < 0)
		return ret;
	out.so_datalen = ret;
	return copy_to_user(uout, &out, sizeof(out)) ? -EFAULT : 0;
}
