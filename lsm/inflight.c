// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - capabilities in flight over UNIX sockets
 *
 * This file keeps the sockets, the parcels and the collector; unix_io.c
 * sends and receives.
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
 *   itself or its peer).  gc_collect_locked() frees, like Linux's
 *   collector, the sockets whose every reference is in parcels queued on
 *   sockets that are unreachable themselves; it runs in a work item,
 *   scheduled whenever a release leaves a socket referenced only from
 *   queues, and by the reaper once a second.  A listening socket is never sent: its embryos' queues are
 *   reachable only through accept, which no CloudABI call makes.
 * - Each user may have at most its RLIMIT_NOFILE descriptors queued, as
 *   Linux bounds SCM_RIGHTS in flight (too_many_unix_fds()).
 *
 * Bytes a native process writes or reads on the raw socket past the
 * module are not counted: descriptors then arrive with a neighbouring
 * receive on the same socket, never on another one.
 */

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/lockdep.h>
#include <linux/moduleparam.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "capability.h"
#include "inflight.h"
#include "inflight_internal.h"

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

/* Descriptors queued per user, like user_struct's unix_inflight. */
struct inflight_user {
	struct hlist_node node;
	struct user_struct *user;
	unsigned long fds;
};

DEFINE_SPINLOCK(cloudabi_inflight_lock);
static DEFINE_HASHTABLE(inflight_socks, 7);
static DEFINE_HASHTABLE(inflight_users, 4);
static void inflight_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(inflight_reaper, inflight_reap);

/**
 * cloudabi_unix_sk_of() - the UNIX socket a file is, if it is one
 * @file: any open file
 *
 * Return: its sock, or NULL.
 */
struct sock *cloudabi_unix_sk_of(struct file *file)
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
 * byte counts the module keeps.
 */
bool cloudabi_is_unix_socket(struct file *file)
{
	return cloudabi_unix_sk_of(file);
}

/* Under cloudabi_inflight_lock or rcu_read_lock(). */
static struct inflight_sock *lookup(struct sock *sk)
{
	struct inflight_sock *is;

	hash_for_each_possible_rcu(inflight_socks, is, node,
				   (unsigned long)sk,
				   lockdep_is_held(&cloudabi_inflight_lock))
		if (is->sk == sk)
			return is;
	return NULL;
}

/*
 * A socket's entry without the module-wide lock, which every send and
 * receive on a UNIX socket would otherwise take.  One being taken out of
 * the table is left to the slow path, as if the lookup had come after.
 */
static struct inflight_sock *lookup_get_rcu(struct sock *sk)
{
	struct inflight_sock *is;

	rcu_read_lock();
	is = lookup(sk);
	if (is && (!READ_ONCE(is->hashed) || !kref_get_unless_zero(&is->ref)))
		is = NULL;
	rcu_read_unlock();
	return is;
}

static struct inflight_sock *inflight_sock_new(struct sock *sk)
{
	struct inflight_sock *is = kzalloc(sizeof(*is), GFP_KERNEL_ACCOUNT);

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
	INIT_LIST_HEAD(&is->gc_node);
	return is;
}

static void inflight_sock_free(struct kref *ref)
{
	struct inflight_sock *is = container_of(ref, struct inflight_sock,
						ref);

	/* Unhashed with its queue emptied: nothing can reach it any more. */
	WARN_ON_ONCE(!list_empty(&is->parcels));
	sock_put(is->sk);
	/* A lookup may still be comparing its key: freed after it. */
	kfree_rcu(is, rcu);
	atomic_dec(&inflight_objects);
}

/**
 * cloudabi_inflight_sock_get() - a socket's entry, made on first use
 * @sk: a UNIX socket the caller holds open
 *
 * Return: the entry with a reference for the caller, or NULL (-ENOMEM).
 */
struct inflight_sock *cloudabi_inflight_sock_get(struct sock *sk)
{
	struct inflight_sock *is, *fresh;

	is = lookup_get_rcu(sk);
	if (is)
		return is;

	fresh = inflight_sock_new(sk);
	if (!fresh)
		return NULL;
	spin_lock(&cloudabi_inflight_lock);
	is = lookup(sk);
	if (!is) {
		is = fresh;
		fresh = NULL;
		is->hashed = true;
		hash_add_rcu(inflight_socks, &is->node, (unsigned long)sk);
	}
	kref_get(&is->ref);
	spin_unlock(&cloudabi_inflight_lock);
	if (fresh)
		inflight_sock_free(&fresh->ref);
	/* Pending already: a stream of new entries must not postpone it. */
	queue_delayed_work(system_wq, &inflight_reaper, HZ);
	return is;
}

/**
 * cloudabi_inflight_sock_put() - drop a reference to an entry
 * @is: the entry, or NULL
 */
void cloudabi_inflight_sock_put(struct inflight_sock *is)
{
	if (is)
		kref_put(&is->ref, inflight_sock_free);
}

static struct inflight_user *user_lookup_locked(struct user_struct *user)
{
	struct inflight_user *u;

	hash_for_each_possible(inflight_users, u, node, (unsigned long)user)
		if (u->user == user)
			return u;
	return NULL;
}

/* Charge @parcel to its sender's user, within the sender's limit. */
static int charge_locked(struct cloudabi_parcel *parcel)
{
	struct inflight_user *u = user_lookup_locked(parcel->user);

	if (!u) {
		u = kzalloc(sizeof(*u), GFP_ATOMIC | __GFP_ACCOUNT);
		if (!u)
			return -ENOMEM;
		u->user = parcel->user;
		hash_add(inflight_users, &u->node, (unsigned long)u->user);
	}
	if (u->fds + parcel->count > parcel->limit) {
		if (!u->fds) {
			hash_del(&u->node);
			kfree(u);
		}
		return -ENOBUFS;
	}
	u->fds += parcel->count;
	return 0;
}

static void uncharge_locked(struct cloudabi_parcel *parcel)
{
	struct inflight_user *u = user_lookup_locked(parcel->user);

	if (WARN_ON_ONCE(!u || u->fds < parcel->count))
		return;
	u->fds -= parcel->count;
	if (!u->fds) {
		hash_del(&u->node);
		kfree(u);
	}
}

/**
 * cloudabi_parcel_queue_locked() - queue a parcel for a socket's reader
 * @is: the receiving socket
 * @parcel: from cloudabi_parcel_gather()
 *
 * It is placed at the current end of the socket's stream, which the
 * caller's hold of @is->send_lock keeps still.
 *
 * Return: 0, -EPIPE (the socket is closed), -ENOBUFS (the sender's user
 * has RLIMIT_NOFILE descriptors queued already) or -ENOMEM.
 */
int cloudabi_parcel_queue_locked(struct inflight_sock *is,
				 struct cloudabi_parcel *parcel)
{
	unsigned int i;
	int err;

	lockdep_assert_held(&is->send_lock);
	if (!is->hashed)
		return -EPIPE;
	err = charge_locked(parcel);
	if (err)
		return err;
	for (i = 0; i < parcel->count; i++) {
		struct inflight_sock *held = parcel->items[i].sock;

		if (held) {
			held->inflight++;
			held->file = parcel->items[i].inner;
		}
	}
	parcel->pos = is->sent;
	parcel->end = U64_MAX;
	list_add_tail(&parcel->node, &is->parcels);
	return 0;
}

/**
 * cloudabi_parcel_unqueue_locked() - take a parcel off its socket's queue
 * @is: the socket it is queued on
 * @parcel: the parcel, which the caller owns from then on
 */
void cloudabi_parcel_unqueue_locked(struct inflight_sock *is,
				    struct cloudabi_parcel *parcel)
{
	unsigned int i;

	for (i = 0; i < parcel->count; i++)
		if (parcel->items[i].sock)
			parcel->items[i].sock->inflight--;
	uncharge_locked(parcel);
	if (is->sending == parcel)
		is->sending = NULL;
	list_del_init(&parcel->node);
}

/* Take @is out of the table, its queue onto @dead; the caller puts it. */
static void unhash_locked(struct inflight_sock *is, struct list_head *dead)
{
	struct cloudabi_parcel *parcel, *next;

	list_for_each_entry_safe(parcel, next, &is->parcels, node) {
		cloudabi_parcel_unqueue_locked(is, parcel);
		list_add_tail(&parcel->node, dead);
	}
	hash_del_rcu(&is->node);
	WRITE_ONCE(is->hashed, false);
}

/*
 * Find the cycles: sockets referenced only by queued parcels, where every
 * such parcel sits on a socket of the same kind.  Candidates first; then
 * everything a parcel on a socket outside them reaches is taken back out,
 * each socket scanned once.  While a candidate's every reference is in a
 * queue, nobody can take a new one without the lock, so the counts read
 * here cannot grow under it.  The garbage's queues go onto @garbage.
 */
static void gc_collect_locked(struct list_head *garbage)
{
	struct cloudabi_parcel *parcel, *next;
	struct inflight_sock *is, *held;
	LIST_HEAD(reachable);
	unsigned int i;
	int bkt;

	hash_for_each(inflight_socks, bkt, is, node) {
		is->gc_candidate = is->inflight &&
				   file_count(is->file) == is->inflight;
		if (!is->gc_candidate)
			list_add_tail(&is->gc_node, &reachable);
	}
	while ((is = list_first_entry_or_null(&reachable, struct inflight_sock,
					      gc_node))) {
		list_del_init(&is->gc_node);
		list_for_each_entry(parcel, &is->parcels, node) {
			for (i = 0; i < parcel->count; i++) {
				held = parcel->items[i].sock;
				if (held && held->gc_candidate) {
					held->gc_candidate = false;
					list_add_tail(&held->gc_node,
						      &reachable);
				}
			}
		}
	}
	hash_for_each(inflight_socks, bkt, is, node) {
		if (!is->gc_candidate)
			continue;
		is->gc_candidate = false;
		list_for_each_entry_safe(parcel, next, &is->parcels, node) {
			cloudabi_parcel_unqueue_locked(is, parcel);
			list_add_tail(&parcel->node, garbage);
		}
	}
}

/*
 * Drop a reference to a socket's (or any) file.  If only queued parcels
 * hold it afterwards, nobody can receive from it again: without parcels
 * it is forgotten now, its queue going onto @work (so a chain of sockets
 * sent over each other is freed at once, not one reap at a time); with
 * them it may close a cycle, and *@gc is set.
 */
static void release_inner(struct file *inner, struct list_head *work,
			  bool *gc)
{
	struct sock *sk = cloudabi_unix_sk_of(inner);
	struct inflight_sock *is, *gone = NULL;

	if (sk) {
		spin_lock(&cloudabi_inflight_lock);
		is = lookup(sk);
		if (is && file_count(inner) - 1 == is->inflight) {
			if (is->inflight) {
				*gc = true;
			} else {
				unhash_locked(is, work);
				gone = is;
			}
		}
		spin_unlock(&cloudabi_inflight_lock);
		cloudabi_inflight_sock_put(gone);
	}
	fput(inner);
}

/*
 * Free every parcel on @work, and what freeing them lets go of.  Returns
 * true when a socket may have been left in a cycle: the caller has
 * inflight_gc_work collect (never inline: a collection walks every queue
 * under the lock, and any close could start one).
 */
static bool parcels_free(struct list_head *work)
{
	struct cloudabi_parcel *parcel;
	bool gc = false;
	unsigned int i;

	while ((parcel = list_first_entry_or_null(work, struct cloudabi_parcel,
						  node))) {
		list_del(&parcel->node);
		for (i = 0; i < parcel->count; i++) {
			struct parcel_item *item = &parcel->items[i];

			cloudabi_inflight_sock_put(item->sock);
			if (item->inner)
				release_inner(item->inner, work, &gc);
		}
		if (parcel->user)
			free_uid(parcel->user);
		kfree(parcel);
		atomic_dec(&inflight_objects);
	}
	return gc;
}

static void inflight_gc(struct work_struct *work)
{
	LIST_HEAD(garbage);

	do {
		spin_lock(&cloudabi_inflight_lock);
		gc_collect_locked(&garbage);
		spin_unlock(&cloudabi_inflight_lock);
	} while (parcels_free(&garbage));
}

static DECLARE_WORK(inflight_gc_work, inflight_gc);

static void parcels_release(struct list_head *work, bool gc)
{
	if (parcels_free(work) || gc)
		schedule_work(&inflight_gc_work);
}

/**
 * cloudabi_parcel_free() - drop a parcel that was not delivered
 * @parcel: taken off any queue (or never queued); NULL is allowed
 */
void cloudabi_parcel_free(struct cloudabi_parcel *parcel)
{
	LIST_HEAD(work);

	if (!parcel)
		return;
	list_add(&parcel->node, &work);
	parcels_release(&work, false);
}

/**
 * cloudabi_parcels_drop() - drop every parcel of a list
 * @due: parcels taken off their queue
 */
void cloudabi_parcels_drop(struct list_head *due)
{
	parcels_release(due, false);
}

/**
 * cloudabi_parcel_alloc() - an empty parcel for @count descriptors
 * @count: how many
 *
 * Return: the parcel, or NULL.
 */
struct cloudabi_parcel *cloudabi_parcel_alloc(unsigned int count)
{
	struct cloudabi_parcel *parcel;

	parcel = kzalloc(struct_size(parcel, items, count),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
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
 * right on it.  The parcel is charged to the caller's user.
 *
 * Return: the parcel, or an ERR_PTR: -EBADF for a number that is not an
 * open capability (the gate is none), -EOPNOTSUPP for a listening UNIX
 * socket, -ENOMEM.
 */
struct cloudabi_parcel *cloudabi_parcel_gather(const u32 *fds,
					       unsigned int count)
{
	struct cloudabi_parcel *parcel = cloudabi_parcel_alloc(count);
	struct cloudabi_cap *cap;
	struct file *file;
	struct sock *sk;
	unsigned int i;
	int err;

	if (!parcel)
		return ERR_PTR(-ENOMEM);
	parcel->user = get_current_user();
	parcel->limit = rlimit(RLIMIT_NOFILE);
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
		sk = cloudabi_unix_sk_of(item->inner);
		err = -EOPNOTSUPP;
		if (sk && READ_ONCE(sk->sk_state) == TCP_LISTEN)
			goto fail;
		if (sk) {
			item->sock = cloudabi_inflight_sock_get(sk);
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
	LIST_HEAD(work);
	bool gc = false;

	release_inner(inner, &work, &gc);
	parcels_release(&work, gc);
}

/* Unhash the entries @dead_only says are closed (all without it). */
static void unhash_all(bool dead_only)
{
	struct inflight_sock *is, *next;
	struct hlist_node *tmp;
	LIST_HEAD(gone);
	LIST_HEAD(dead);
	int bkt;

	spin_lock(&cloudabi_inflight_lock);
	hash_for_each_safe(inflight_socks, bkt, tmp, is, node) {
		if (dead_only && !sock_flag(is->sk, SOCK_DEAD))
			continue;
		unhash_locked(is, &dead);
		/*
		 * Not @node: a lookup under RCU may still be walking it.  The
		 * collector links only entries in the table, and leaves every
		 * gc_node empty when it lets go of the lock.
		 */
		WARN_ON_ONCE(!list_empty(&is->gc_node));
		list_add_tail(&is->gc_node, &gone);
	}
	spin_unlock(&cloudabi_inflight_lock);
	parcels_release(&dead, dead_only);
	list_for_each_entry_safe(is, next, &gone, gc_node) {
		list_del_init(&is->gc_node);
		cloudabi_inflight_sock_put(is);
	}
}

/*
 * Once a second while the table has entries: forget the sockets native
 * holders closed, and collect cycles (unhash_all() schedules the
 * collector every time).  That also finds the cycles no release saw
 * close: a native holder's close of a socket that is in flight over
 * itself, or a capability's close racing the send that queues it.
 */
static void inflight_reap(struct work_struct *work)
{
	bool empty;

	unhash_all(true);
	spin_lock(&cloudabi_inflight_lock);
	empty = hash_empty(inflight_socks);
	spin_unlock(&cloudabi_inflight_lock);
	if (!empty)
		queue_delayed_work(system_wq, &inflight_reaper, HZ);
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
	/* Scheduled by the last releases; the table is empty by now. */
	cancel_work_sync(&inflight_gc_work);
}
