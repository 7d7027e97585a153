// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - capabilities in flight over UNIX sockets
 *
 * Descriptors sent by sock_send never travel as SCM_RIGHTS.  Receiving
 * SCM_RIGHTS installs raw files in the receiver's table before anyone can
 * look at them (scm_detach_fds() writes the numbers to user memory; a
 * kernel buffer only earns a WARN), which would break the invariant that
 * every slot of a CloudABI process but the gate holds a capability.  And
 * Linux's collector of descriptors in flight follows only files that are
 * UNIX sockets: a capability hides the socket inside it.
 *
 * So capabilities travel beside the data, in parcels the module keeps:
 *
 * - A parcel holds, for each descriptor sent, the inner file with the
 *   rights and type of the capability, looked up once, at send time.
 * - It is queued on the receiving socket at the point of that socket's
 *   stream where the send's data begins: a count of bytes (stream) or of
 *   messages (datagram) that the module keeps for every send into the
 *   socket and every receive from it through a capability.
 * - The receive that reads the first byte (or the message) of that send
 *   takes the parcel and installs each capability into a descriptor slot
 *   reserved before; a stream receive stops at the end of a send that
 *   carried descriptors, as Linux's does.
 * - A parcel holding a UNIX socket can close a cycle (a socket sent over
 *   itself or its peer).  inflight_gc() frees, like Linux's collector,
 *   the sockets whose every reference is in parcels queued on sockets that
 *   are unreachable themselves.
 *
 * Bytes a native process writes or reads on the raw socket past the
 * module are not counted: descriptors then arrive with a neighbouring
 * receive on the same socket, never on another one.
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/sysfs.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "capability.h"
#include "inflight.h"

/**
 * struct inflight_sock - what the module keeps about one UNIX socket
 * @node: in inflight_socks while @hashed
 * @ref: the table's reference and one per user
 * @sk: the socket (held), the key
 * @file: its file, read only while @inflight holds it open
 * @stream: counts bytes, not messages
 * @hashed: still in the table; parcels are queued only then
 * @gc_candidate: inflight_gc()'s mark
 * @send_lock: orders module sends into the socket, so @sent is exact
 * @recv_lock: orders module receives from it, so @recvd is exact
 * @sent: bytes (messages) sent into the socket through the module
 * @recvd: bytes (messages) received from it through the module
 * @parcels: queued for its reader, by position
 * @sending: the parcel of the send in progress, while still queued
 * @queued_fds: descriptors in @parcels
 * @inflight: references to @file held by queued parcels
 *
 * All but the locks, @ref and the constant fields are under
 * inflight_lock.
 */
struct inflight_sock {
	struct hlist_node node;
	struct kref ref;
	struct sock *sk;
	struct file *file;
	bool stream;
	bool hashed;
	bool gc_candidate;
	struct mutex send_lock;
	struct mutex recv_lock;
	u64 sent;
	u64 recvd;
	struct list_head parcels;
	struct cloudabi_parcel *sending;
	unsigned int queued_fds;
	unsigned long inflight;
};

struct parcel_item {
	struct file *inner;
	struct inflight_sock *sock;
	struct cloudabi_rights rights;
	u8 filetype;
};

/**
 * struct cloudabi_parcel - the descriptors of one send
 * @node: in the receiving socket's @parcels, or in a caller's list
 * @pos: where the send's data begins in the receiving socket's count
 * @end: where it ends; U64_MAX while the send is in progress
 * @count: entries in @items
 * @items: each descriptor's inner file (one reference each), its rights
 *	and type, and for a UNIX socket its inflight_sock (one reference)
 */
struct cloudabi_parcel {
	struct list_head node;
	u64 pos;
	u64 end;
	unsigned int count;
	struct parcel_item items[];
};

/*
 * Entries and parcels alive, readable as the module parameter
 * inflight_objects: the tests compare it before and after a run.
 */
static atomic_t inflight_objects = ATOMIC_INIT(0);

static int inflight_objects_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&inflight_objects));
}

static const struct kernel_param_ops inflight_objects_ops = {
	.get = inflight_objects_get,
};
module_param_cb(inflight_objects, &inflight_objects_ops, NULL, 0444);
MODULE_PARM_DESC(inflight_objects,
		 "UNIX sockets and parcels of descriptors the module keeps");

static DEFINE_SPINLOCK(inflight_lock);
static DEFINE_HASHTABLE(inflight_socks, 7);
static void inflight_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(inflight_reaper, inflight_reap);

static struct sock *unix_sk_of(struct file *file)
{
	struct socket *sock = sock_from_file(file);

	return sock && sock->sk && sock->sk->sk_family == AF_UNIX ?
	       sock->sk : NULL;
}

/**
 * cloudabi_is_unix_socket() - whether a file is a UNIX socket
 * @file: any open file
 *
 * Return: true for an AF_UNIX socket, whose descriptors in flight and
 * byte counts this file keeps.
 */
bool cloudabi_is_unix_socket(struct file *file)
{
	return unix_sk_of(file);
}

static struct inflight_sock *lookup_locked(struct sock *sk)
{
	struct inflight_sock *is;

	hash_for_each_possible(inflight_socks, is, node, (unsigned long)sk)
		if (is->sk == sk)
			return is;
	return NULL;
}

static struct inflight_sock *inflight_sock_new(struct sock *sk)
{
	struct inflight_sock *is = kzalloc(sizeof(*is), GFP_KERNEL);

	if (!is)
		return NULL;
	atomic_inc(&inflight_objects);
	kref_init(&is->ref);
	sock_hold(sk);
	is->sk = sk;
	is->stream = sk->sk_type == SOCK_STREAM;
	mutex_init(&is->send_lock);
	mutex_init(&is->recv_lock);
	INIT_LIST_HEAD(&is->parcels);
	return is;
}

static void inflight_sock_free(struct kref *ref)
{
	struct inflight_sock *is = container_of(ref, struct inflight_sock,
						ref);

	/* Unhashed with its queue emptied: nothing can reach it any more. */
	WARN_ON_ONCE(!list_empty(&is->parcels));
	sock_put(is->sk);
	kfree(is);
	atomic_dec(&inflight_objects);
}

/* The socket's entry, made on first use, with a reference for the caller. */
static struct inflight_sock *inflight_sock_get(struct sock *sk)
{
	struct inflight_sock *is, *fresh;

	spin_lock(&inflight_lock);
	is = lookup_locked(sk);
	if (is)
		kref_get(&is->ref);
	spin_unlock(&inflight_lock);
	if (is)
		return is;

	fresh = inflight_sock_new(sk);
	if (!fresh)
		return NULL;
	spin_lock(&inflight_lock);
	is = lookup_locked(sk);
	if (!is) {
		is = fresh;
		fresh = NULL;
		is->hashed = true;
		hash_add(inflight_socks, &is->node, (unsigned long)sk);
	}
	kref_get(&is->ref);
	spin_unlock(&inflight_lock);
	if (fresh)
		inflight_sock_free(&fresh->ref);
	mod_delayed_work(system_wq, &inflight_reaper, HZ);
	return is;
}

static void inflight_sock_put(struct inflight_sock *is)
{
	if (is)
		kref_put(&is->ref, inflight_sock_free);
}

/**
 * cloudabi_parcel_free() - drop a parcel that was not delivered
 * @parcel: taken off any queue (or never queued); NULL is allowed
 */
void cloudabi_parcel_free(struct cloudabi_parcel *parcel)
{
	unsigned int i;

	if (!parcel)
		return;
	for (i = 0; i < parcel->count; i++) {
		inflight_sock_put(parcel->items[i].sock);
		if (parcel->items[i].inner)
			fput(parcel->items[i].inner);
	}
	kfree(parcel);
	atomic_dec(&inflight_objects);
}

/**
 * cloudabi_parcels_drop() - drop every parcel of a list
 * @due: parcels taken off their queue
 */
void cloudabi_parcels_drop(struct list_head *due)
{
	struct cloudabi_parcel *parcel, *next;

	list_for_each_entry_safe(parcel, next, due, node) {
		list_del(&parcel->node);
		cloudabi_parcel_free(parcel);
	}
}

static struct cloudabi_parcel *parcel_alloc(unsigned int count)
{
	struct cloudabi_parcel *parcel;

	parcel = kzalloc(struct_size(parcel, items, count), GFP_KERNEL);
	if (parcel) {
		INIT_LIST_HEAD(&parcel->node);
		atomic_inc(&inflight_objects);
	}
	return parcel;
}

/**
 * cloudabi_parcel_gather() - look up the descriptors a send carries
 * @fds: descriptor numbers, copied in once by the caller
 * @count: how many, at most CLOUDABI_PARCEL_MAX_FDS
 *
 * Each descriptor is looked up once, here: what travels is the
 * capability it names now, with exactly its rights.  Sending one needs no
 * right on it.
 *
 * Return: the parcel, or an ERR_PTR: -EBADF for a number that is not an
 * open capability (the gate is none), -ENOMEM.
 */
struct cloudabi_parcel *cloudabi_parcel_gather(const u32 *fds,
					       unsigned int count)
{
	struct cloudabi_parcel *parcel = parcel_alloc(count);
	struct cloudabi_cap *cap;
	struct file *file;
	struct sock *sk;
	unsigned int i;
	int err;

	if (!parcel)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < count; i++) {
		struct parcel_item *item = &parcel->items[i];

		cap = cloudabi_cap_get(fds[i], 0, &file, &err);
		if (!cap)
			goto fail;
		item->inner = get_file(cap->inner);
		item->rights = cap->rights;
		item->filetype = cap->filetype;
		fput(file);
		parcel->count = i + 1;
		sk = unix_sk_of(item->inner);
		if (sk) {
			item->sock = inflight_sock_get(sk);
			err = -ENOMEM;
			if (!item->sock)
				goto fail;
		}
	}
	return parcel;

fail:
	cloudabi_parcel_free(parcel);
	return ERR_PTR(err);
}

/* Queue @parcel for @is's reader at the current end of its stream. */
static int parcel_queue_locked(struct inflight_sock *is,
			       struct cloudabi_parcel *parcel)
{
	unsigned int i;

	if (!is->hashed)
		return -EPIPE;
	if (is->queued_fds + parcel->count > rlimit(RLIMIT_NOFILE))
		return -ENOBUFS;
	for (i = 0; i < parcel->count; i++) {
		struct inflight_sock *held = parcel->items[i].sock;

		if (held) {
			held->inflight++;
			held->file = parcel->items[i].inner;
		}
	}
	is->queued_fds += parcel->count;
	parcel->pos = is->sent;
	parcel->end = U64_MAX;
	list_add_tail(&parcel->node, &is->parcels);
	return 0;
}

static void parcel_unqueue_locked(struct inflight_sock *is,
				  struct cloudabi_parcel *parcel)
{
	unsigned int i;

	for (i = 0; i < parcel->count; i++)
		if (parcel->items[i].sock)
			parcel->items[i].sock->inflight--;
	is->queued_fds -= parcel->count;
	if (is->sending == parcel)
		is->sending = NULL;
	list_del_init(&parcel->node);
}

/* Take @is out of the table, its queue onto @dead; the caller puts it. */
static void unhash_locked(struct inflight_sock *is, struct list_head *dead)
{
	struct cloudabi_parcel *parcel, *next;

	list_for_each_entry_safe(parcel, next, &is->parcels, node) {
		parcel_unqueue_locked(is, parcel);
		list_add_tail(&parcel->node, dead);
	}
	hash_del(&is->node);
	is->hashed = false;
}

/*
 * Free the cycles: sockets referenced only by queued parcels, where every
 * such parcel sits on a socket of the same kind.  The marks are those of
 * Linux's unix_gc(): candidates first, then everything reachable from a
 * parcel on a socket outside the candidates is taken back out.  While a
 * candidate's every reference is in a queue, nobody can take a new one
 * without inflight_lock, so the counts read here cannot grow under it.
 */
static void inflight_gc(void)
{
	struct cloudabi_parcel *parcel, *next;
	struct inflight_sock *is;
	LIST_HEAD(garbage);
	unsigned int i;
	bool changed;
	int bkt;

	spin_lock(&inflight_lock);
	hash_for_each(inflight_socks, bkt, is, node)
		is->gc_candidate = is->inflight &&
				   file_count(is->file) == is->inflight;
	do {
		changed = false;
		hash_for_each(inflight_socks, bkt, is, node) {
			if (is->gc_candidate)
				continue;
			list_for_each_entry(parcel, &is->parcels, node) {
				for (i = 0; i < parcel->count; i++) {
					struct inflight_sock *held =
						parcel->items[i].sock;

					if (held && held->gc_candidate) {
						held->gc_candidate = false;
						changed = true;
					}
				}
			}
		}
	} while (changed);
	hash_for_each(inflight_socks, bkt, is, node) {
		if (!is->gc_candidate)
			continue;
		is->gc_candidate = false;
		list_for_each_entry_safe(parcel, next, &is->parcels, node) {
			parcel_unqueue_locked(is, parcel);
			list_add_tail(&parcel->node, &garbage);
		}
	}
	spin_unlock(&inflight_lock);
	cloudabi_parcels_drop(&garbage);
}

/**
 * cloudabi_inflight_put() - drop a capability's reference to its file
 * @inner: the file behind a capability being released
 *
 * When this was the last reference outside parcels, nobody can receive
 * from the socket any more: its queue goes now, not when the peer closes
 * too; and if parcels still hold it, it may be part of a cycle.
 */
void cloudabi_inflight_put(struct file *inner)
{
	struct sock *sk = unix_sk_of(inner);
	struct inflight_sock *is;
	LIST_HEAD(dead);
	bool gone = false, gc = false;

	if (sk) {
		spin_lock(&inflight_lock);
		is = lookup_locked(sk);
		if (is && file_count(inner) - 1 == is->inflight) {
			gc = is->inflight;
			gone = !is->inflight;
			if (gone)
				unhash_locked(is, &dead);
		}
		spin_unlock(&inflight_lock);
		if (gone)
			inflight_sock_put(is);
	}
	fput(inner);
	cloudabi_parcels_drop(&dead);
	if (gc)
		inflight_gc();
}

/* Unhash the entries @dead_only says are closed (all without it). */
static void unhash_all(bool dead_only)
{
	struct inflight_sock *is;
	struct hlist_node *tmp;
	HLIST_HEAD(gone);
	LIST_HEAD(dead);
	int bkt;

	spin_lock(&inflight_lock);
	hash_for_each_safe(inflight_socks, bkt, tmp, is, node) {
		if (dead_only && !sock_flag(is->sk, SOCK_DEAD))
			continue;
		unhash_locked(is, &dead);
		/* The node is free again: it chains the entry to put. */
		hlist_add_head(&is->node, &gone);
	}
	spin_unlock(&inflight_lock);
	cloudabi_parcels_drop(&dead);
	hlist_for_each_entry_safe(is, tmp, &gone, node) {
		hlist_del(&is->node);
		inflight_sock_put(is);
	}
}

/* Once a second while the table has entries: forget closed sockets. */
static void inflight_reap(struct work_struct *work)
{
	bool empty;

	unhash_all(true);
	inflight_gc();
	spin_lock(&inflight_lock);
	empty = hash_empty(inflight_socks);
	spin_unlock(&inflight_lock);
	if (!empty)
		mod_delayed_work(system_wq, &inflight_reaper, HZ);
}

/**
 * cloudabi_inflight_exit() - forget every socket at module exit
 *
 * No capability is left (each holds the module), so no send or receive
 * runs; parcels still queued on sockets that native processes hold are
 * dropped with their descriptors.
 */
void cloudabi_inflight_exit(void)
{
	cancel_delayed_work_sync(&inflight_reaper);
	unhash_all(false);
}

/* A lock held across a blocking send or receive, as u->iolock is. */
static int lock_io(struct mutex *lock, bool dontwait)
{
	if (dontwait)
		return mutex_trylock(lock) ? 0 : -EAGAIN;
	return mutex_lock_interruptible(lock) ? -ERESTARTSYS : 0;
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
 * receiver has RLIMIT_NOFILE descriptors queued already), -EPIPE (the
 * receiver is gone), or the errors of sendmsg(2).
 */
ssize_t cloudabi_unix_send(struct socket *sock, struct msghdr *msg,
			   struct cloudabi_parcel *parcel)
{
	struct cloudabi_parcel *withdrawn = NULL;
	struct inflight_sock *is = NULL;
	struct sock *peer;
	ssize_t ret;

	peer = unix_peer_get(sock->sk);
	if (peer) {
		is = inflight_sock_get(peer);
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
		spin_lock(&inflight_lock);
		ret = parcel_queue_locked(is, parcel);
		if (!ret)
			is->sending = parcel;
		spin_unlock(&inflight_lock);
		if (ret)
			goto out_unlock;
		/* Queued: a receive may take and free it from now on. */
		parcel = NULL;
	}
	ret = sock_sendmsg(sock, msg);
	spin_lock(&inflight_lock);
	if (ret > 0 || (ret == 0 && !is->stream))
		is->sent += is->stream ? ret : 1;
	withdrawn = is->sending;
	if (withdrawn) {
		is->sending = NULL;
		if (is->sent > withdrawn->pos) {
			withdrawn->end = is->sent;
			withdrawn = NULL;
		} else {
			parcel_unqueue_locked(is, withdrawn);
		}
	}
	spin_unlock(&inflight_lock);
out_unlock:
	mutex_unlock(&is->send_lock);
out_put:
	cloudabi_parcel_free(parcel);
	cloudabi_parcel_free(withdrawn);
	inflight_sock_put(is);
	return ret;
}

/* A stream receive stops at the end of the next send with descriptors. */
static void bound_to_parcel(struct inflight_sock *is, struct iov_iter *iter)
{
	struct cloudabi_parcel *first;

	spin_lock(&inflight_lock);
	first = list_first_entry_or_null(&is->parcels, struct cloudabi_parcel,
					 node);
	if (first && first->pos >= is->recvd && first->end != U64_MAX)
		iov_iter_truncate(iter, first->end - is->recvd);
	spin_unlock(&inflight_lock);
}

/* Copies of the parcels a peek read the data of; they stay queued. */
static void peek_due(struct inflight_sock *is, u64 upto,
		     struct list_head *due)
{
	struct cloudabi_parcel *parcel, *copy;
	unsigned int count = 0, i, n;

	spin_lock(&inflight_lock);
	list_for_each_entry(parcel, &is->parcels, node)
		if (parcel->pos < upto)
			count += parcel->count;
	spin_unlock(&inflight_lock);
	if (!count)
		return;
	copy = parcel_alloc(count);
	if (!copy)
		return;
	/* Under recv_lock: no other receive takes them meanwhile. */
	spin_lock(&inflight_lock);
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
	spin_unlock(&inflight_lock);
	list_add_tail(&copy->node, due);
}

/* Take the parcels whose data the receive of @n bytes (messages) read. */
static void take_due(struct inflight_sock *is, u64 n, bool peek,
		     struct list_head *due)
{
	struct cloudabi_parcel *parcel, *next;

	if (peek) {
		peek_due(is, is->recvd + n, due);
		return;
	}
	spin_lock(&inflight_lock);
	list_for_each_entry_safe(parcel, next, &is->parcels, node) {
		if (parcel->pos >= is->recvd + n)
			break;
		parcel_unqueue_locked(is, parcel);
		list_add_tail(&parcel->node, due);
	}
	is->recvd += n;
	spin_unlock(&inflight_lock);
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
	struct inflight_sock *is = inflight_sock_get(sock->sk);
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
	mutex_unlock(&is->recv_lock);
out_put:
	inflight_sock_put(is);
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

			if (native && unix_sk_of(item->inner))
				fd = -EOPNOTSUPP;
			else if (n < room)
				fd = get_unused_fd_flags(native ? O_CLOEXEC : 0);
			else
				fd = -EMFILE;
			if (fd < 0) {
				*truncated = true;
				continue;
			}
			inflight_sock_put(item->sock);
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
		return cloudabi_unix_send(sock, &msg, NULL);
	}
	ret = cloudabi_unix_recv(sock, &msg, flags, &due);
	cloudabi_parcels_drop(&due);
	return ret;
}
