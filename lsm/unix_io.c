// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - sends and receives on UNIX sockets, counted
 *
 * Every send into a UNIX socket and every receive from one that goes
 * through a capability (sock_send, sock_recv, fd_read, fd_write, and
 * /dev/cloudabi for native processes) is counted here, in bytes for a
 * stream and in messages for datagrams, so that the parcels inflight.c
 * keeps arrive with the receive that reads their send's first byte.
 * Each direction of a socket is serialised by a mutex held across the
 * send or receive, as Linux's own u->iolock is for a receive; unlike it,
 * the mutex is also held while a blocking call waits, so a second thread
 * blocks behind the first (a non-blocking one gets EAGAIN).
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/lockdep.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include <cloudabi_types.h>

#include "capability.h"
#include "inflight.h"
#include "inflight_internal.h"

/* A lock held across a blocking send or receive, as u->iolock is. */
static int lock_io(struct mutex *lock, bool dontwait)
{
	if (dontwait)
		return mutex_trylock(lock) ? 0 : -EAGAIN;
	return mutex_lock_interruptible(lock) ? -ERESTARTSYS : 0;
}

/* Whether @sock is still connected to the socket of @is. */
static bool peer_is(struct socket *sock, struct inflight_sock *is)
{
	struct sock *peer = unix_peer_get(sock->sk);

	if (peer)
		sock_put(peer);
	return peer == is->sk;
}

/*
 * After a send that queued a parcel: mark where its data ends, or take it
 * back (returned, for the caller to free) when no data went.  The
 * collector may have taken it already, for a receiver that is gone.
 */
static struct cloudabi_parcel *send_finish(struct inflight_sock *is)
{
	struct cloudabi_parcel *withdrawn;

	lockdep_assert_held(&is->send_lock);
	spin_lock(&cloudabi_inflight_lock);
	withdrawn = is->sending;
	if (withdrawn) {
		is->sending = NULL;
		if (is->sent > withdrawn->pos) {
			withdrawn->end = is->sent;
			withdrawn = NULL;
		} else {
			cloudabi_parcel_unqueue_locked(is, withdrawn);
		}
	}
	spin_unlock(&cloudabi_inflight_lock);
	return withdrawn;
}

/**
 * cloudabi_unix_send() - send on a UNIX socket, with descriptors or not
 * @sock: the socket
 * @msg: the data; MSG_DONTWAIT and MSG_NOSIGNAL in msg_flags as wanted
 * @parcel: the descriptors, from cloudabi_parcel_gather(), or NULL; it
 *	is consumed either way
 *
 * The parcel is queued before the data, so that a receive racing the send
 * cannot read the data without it; a send that moved nothing takes it
 * back (Linux drops descriptors of an empty stream send the same way).
 *
 * Return: bytes sent, or a negative error: -EAGAIN (non-blocking and
 * another send in progress), -ERESTARTSYS, -ENOMEM, -ENOBUFS (the
 * sender's user has RLIMIT_NOFILE descriptors queued already), -EPIPE
 * (the receiver is gone), or the errors of sendmsg(2).
 */
ssize_t cloudabi_unix_send(struct socket *sock, struct msghdr *msg,
			   struct cloudabi_parcel *parcel)
{
	struct cloudabi_parcel *withdrawn = NULL;
	struct inflight_sock *is = NULL;
	bool moved, queued = false;
	struct sock *peer;
	ssize_t ret;

	peer = unix_peer_get(sock->sk);
	if (peer) {
		is = cloudabi_inflight_sock_get(peer);
		sock_put(peer);
	}
	if (!is) {
		/* Not connected: the send fails as it would anyway. */
		cloudabi_parcel_free(parcel);
		return peer ? -ENOMEM : sock_sendmsg(sock, msg);
	}
	ret = lock_io(&is->send_lock, msg->msg_flags & MSG_DONTWAIT);
	if (ret)
		goto out_put;
	if (parcel) {
		spin_lock(&cloudabi_inflight_lock);
		ret = cloudabi_parcel_queue_locked(is, parcel);
		if (!ret)
			is->sending = parcel;
		spin_unlock(&cloudabi_inflight_lock);
		if (ret)
			goto out_unlock;
		/* Queued: a receive may take and free it from now on. */
		parcel = NULL;
		queued = true;
	}
	ret = sock_sendmsg(sock, msg);
	/*
	 * A datagram socket a native co-holder reconnected meanwhile sent
	 * elsewhere: neither the count nor the parcel belongs to @is then
	 * (this narrows the race to the instant between the two looks).
	 */
	moved = !peer_is(sock, is);
	/* Under send_lock: nobody else writes or reads it. */
	if (!moved && (ret > 0 || (ret == 0 && !is->stream)))
		is->sent += is->stream ? ret : 1;
	if (queued)
		withdrawn = send_finish(is);
out_unlock:
	mutex_unlock(&is->send_lock);
out_put:
	cloudabi_parcel_free(parcel);
	cloudabi_parcel_free(withdrawn);
	cloudabi_inflight_sock_put(is);
	return ret;
}

/*
 * A stream receive stops at the end of the next send with descriptors,
 * if that send has ended by now: one still in progress, or queued after
 * this look, may share a receive with the data that follows it.  Its
 * descriptors still come with the receive that reads its first byte.
 */
static void bound_to_parcel(struct inflight_sock *is, struct iov_iter *iter)
{
	struct cloudabi_parcel *first;

	lockdep_assert_held(&is->recv_lock);
	if (list_empty(&is->parcels))
		return;
	spin_lock(&cloudabi_inflight_lock);
	first = list_first_entry_or_null(&is->parcels, struct cloudabi_parcel,
					 node);
	if (first && first->pos >= is->recvd && first->end != U64_MAX)
		iov_iter_truncate(iter, first->end - is->recvd);
	spin_unlock(&cloudabi_inflight_lock);
}

/* Copies of the parcels a peek read the data of; they stay queued. */
static void peek_due(struct inflight_sock *is, u64 upto,
		     struct list_head *due)
{
	struct cloudabi_parcel *parcel, *copy;
	unsigned int count = 0, i, n;

	lockdep_assert_held(&is->recv_lock);
	if (list_empty(&is->parcels))
		return;
	spin_lock(&cloudabi_inflight_lock);
	list_for_each_entry(parcel, &is->parcels, node)
		if (parcel->pos < upto)
			count += parcel->count;
	spin_unlock(&cloudabi_inflight_lock);
	if (!count)
		return;
	/* More than one receive installs would only be closed again. */
	count = min_t(unsigned int, count, CLOUDABI_RECV_MAX_FDS);
	copy = cloudabi_parcel_alloc(count);
	if (!copy)
		return;
	/* Under recv_lock: no other receive takes them meanwhile. */
	spin_lock(&cloudabi_inflight_lock);
	n = 0;
	list_for_each_entry(parcel, &is->parcels, node) {
		if (parcel->pos >= upto)
			continue;
		for (i = 0; i < parcel->count && n < count; i++, n++) {
			copy->items[n].inner = get_file(parcel->items[i].inner);
			copy->items[n].rights = parcel->items[i].rights;
			copy->items[n].filetype = parcel->items[i].filetype;
		}
	}
	copy->count = n;
	spin_unlock(&cloudabi_inflight_lock);
	list_add_tail(&copy->node, due);
}

/* Take the parcels whose data the receive of @n bytes (messages) read. */
static void take_due(struct inflight_sock *is, u64 n, bool peek,
		     struct list_head *due)
{
	struct cloudabi_parcel *parcel, *next;

	lockdep_assert_held(&is->recv_lock);
	if (peek) {
		peek_due(is, is->recvd + n, due);
		return;
	}
	/*
	 * Empty now means none for this data: its parcel was queued before
	 * the send that delivered it (see struct inflight_sock).
	 */
	if (!list_empty(&is->parcels)) {
		spin_lock(&cloudabi_inflight_lock);
		list_for_each_entry_safe(parcel, next, &is->parcels, node) {
			if (parcel->pos >= is->recvd + n)
				break;
			cloudabi_parcel_unqueue_locked(is, parcel);
			list_add_tail(&parcel->node, due);
		}
		spin_unlock(&cloudabi_inflight_lock);
	}
	/* Under recv_lock: nobody else writes or reads it. */
	is->recvd += n;
}

/**
 * cloudabi_unix_recv() - receive on a UNIX socket, with its descriptors
 * @sock: the socket
 * @msg: the buffers; no control buffer (a native sender's SCM_RIGHTS
 *	are closed by Linux unseen and reported as MSG_CTRUNC)
 * @flags: MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL
 * @due: gets the parcels whose data was received (copies for a peek),
 *	for cloudabi_parcels_install() or cloudabi_parcels_drop()
 *
 * Return: bytes received, or a negative error: -EAGAIN, -ERESTARTSYS,
 * -ENOMEM, or the errors of recvmsg(2).
 */
ssize_t cloudabi_unix_recv(struct socket *sock, struct msghdr *msg,
			   int flags, struct list_head *due)
{
	struct inflight_sock *is = cloudabi_inflight_sock_get(sock->sk);
	ssize_t ret;

	if (!is)
		return -ENOMEM;
	ret = lock_io(&is->recv_lock, flags & MSG_DONTWAIT);
	if (ret)
		goto out_put;
	if (is->stream)
		bound_to_parcel(is, &msg->msg_iter);
	ret = sock_recvmsg(sock, msg, flags);
	if (ret > 0 || (ret == 0 && !is->stream))
		take_due(is, is->stream ? ret : 1, flags & MSG_PEEK, due);
	/*
	 * A datagram is dequeued before it is copied: one that could not be
	 * copied is gone all the same, and so are its descriptors.
	 */
	else if (ret == -EFAULT && !is->stream && !(flags & MSG_PEEK))
		take_due(is, 1, false, due);
	/* The callers install descriptors only on success. */
	if (ret < 0)
		cloudabi_parcels_drop(due);
	mutex_unlock(&is->recv_lock);
out_put:
	cloudabi_inflight_sock_put(is);
	return ret;
}

/**
 * cloudabi_parcels_install() - install received capabilities
 * @due: parcels from cloudabi_unix_recv(); all are consumed
 * @fds: gets the new descriptor numbers
 * @room: entries in @fds
 * @native: for a native receiver: close-on-exec, as /dev/cloudabi's
 *	capabilities are, and none over a UNIX socket (a native holder
 *	could send it as SCM_RIGHTS and hide a cycle, see module/dev.c)
 * @truncated: set when a descriptor did not fit (no room, or no slot),
 *	or was one a native receiver may not hold
 *
 * Each slot is reserved before its capability exists, so that it never
 * holds anything else, and each capability gets exactly the rights it
 * was sent with.  Descriptors beyond @room or
 * beyond the table's limit are closed.
 *
 * Return: the number of descriptors installed in @fds.
 */
unsigned int cloudabi_parcels_install(struct list_head *due, u32 *fds,
				      unsigned int room, bool native,
				      bool *truncated)
{
	struct cloudabi_parcel *parcel;
	struct file *cap;
	unsigned int n = 0, i;
	int fd;

	list_for_each_entry(parcel, due, node) {
		for (i = 0; i < parcel->count; i++) {
			struct parcel_item *item = &parcel->items[i];

			if (native && (cloudabi_unix_sk_of(item->inner) ||
				       item->filetype ==
				       CLOUDABI_FILETYPE_UNKNOWN))
				fd = -EOPNOTSUPP;
			else if (n < room)
				fd = get_unused_fd_flags(native ? O_CLOEXEC : 0);
			else
				fd = -EMFILE;
			if (fd < 0) {
				*truncated = true;
				continue;
			}
			cloudabi_inflight_sock_put(item->sock);
			item->sock = NULL;
			cap = cloudabi_cap_file_typed(item->inner,
						      item->filetype,
						      &item->rights);
			item->inner = NULL;
			if (IS_ERR(cap)) {
				put_unused_fd(fd);
				*truncated = true;
				continue;
			}
			fds[n++] = fd;
			fd_install(fd, cap);
		}
	}
	cloudabi_parcels_drop(due);
	return n;
}

/**
 * cloudabi_unix_rw() - fd_read and fd_write on a UNIX socket
 * @file: the socket
 * @dir: READ or WRITE
 * @iter: the buffers
 *
 * Counted like sock_recv and sock_send, so that descriptors stay with
 * their data; a read drops the descriptors of the data it reads, as
 * read(2) on a socket does.
 *
 * Return: bytes transferred or a negative error, as read(2) and write(2).
 */
ssize_t cloudabi_unix_rw(struct file *file, int dir, struct iov_iter *iter)
{
	struct socket *sock = sock_from_file(file);
	int flags = file->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0;
	struct msghdr msg = { .msg_iter = *iter };
	LIST_HEAD(due);
	ssize_t ret;

	if (dir == WRITE) {
		msg.msg_flags = flags;
		ret = cloudabi_unix_send(sock, &msg, NULL);
	} else {
		ret = cloudabi_unix_recv(sock, &msg, flags, &due);
		cloudabi_parcels_drop(&due);
	}
	/* As ->read_iter and ->write_iter leave it. */
	if (ret > 0)
		iov_iter_advance(iter, ret);
	return ret;
}
