/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - capabilities in flight: what inflight.c (the table
 * of sockets, parcels and the collector) and unix_io.c (sends and
 * receives) share
 */
#ifndef _CLOUDABI_INFLIGHT_INTERNAL_H
#define _CLOUDABI_INFLIGHT_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "rights.h"

struct file;
struct sock;
struct user_struct;

/**
 * struct inflight_sock - what the module keeps about one UNIX socket
 * @node: in the table while @hashed
 * @ref: the table's reference and one per user
 * @sk: the socket (held), the key
 * @file: its file, read only while @inflight holds it open
 * @stream: counts bytes, not messages
 * @hashed: still in the table; parcels are queued only then
 * @gc_candidate: inflight_gc()'s mark
 * @gc_node: inflight_gc()'s work list
 * @send_lock: orders module sends into the socket, so @sent is exact
 * @recv_lock: orders module receives from it, so @recvd is exact
 * @sent: bytes (messages) sent into the socket through the module
 * @recvd: bytes (messages) received from it through the module
 * @parcels: queued for its reader, by position
 * @sending: the parcel of the send in progress, while still queued
 * @inflight: references to @file held by queued parcels
 * @rcu: frees it after the lookups that may still see it
 *
 * Plain data never takes cloudabi_inflight_lock: the table is read under
 * RCU, @sent is only touched under @send_lock and @recvd under
 * @recv_lock.  The lock guards the table's changes, @hashed, @inflight,
 * @file, @sending, the collector's fields and @parcels; a send or
 * receive looks at @parcels without it only to see that it is empty, and
 * takes it otherwise.  That look cannot miss a parcel whose data the
 * receive read: the parcel is queued before its data is sent, and the
 * socket's own locks order the data's arrival after it.
 */
struct inflight_sock {
	struct hlist_node node;
	struct kref ref;
	struct rcu_head rcu;
	struct sock *sk;
	struct file *file;
	bool stream;
	bool hashed;
	bool gc_candidate;
	struct list_head gc_node;
	struct mutex send_lock;
	struct mutex recv_lock;
	u64 sent;
	u64 recvd;
	struct list_head parcels;
	struct cloudabi_parcel *sending;
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
 * @user: the sender's user, charged for @count while queued (held)
 * @limit: the sender's RLIMIT_NOFILE: the most its user may have queued
 * @pos: where the send's data begins in the receiving socket's count
 * @end: where it ends; U64_MAX while the send is in progress
 * @count: entries in @items
 * @items: each descriptor's inner file (one reference each), its rights
 *	and type, and for a UNIX socket its inflight_sock (one reference)
 */
struct cloudabi_parcel {
	struct list_head node;
	struct user_struct *user;
	unsigned long limit;
	u64 pos;
	u64 end;
	unsigned int count;
	struct parcel_item items[];
};

extern spinlock_t cloudabi_inflight_lock;

struct sock *cloudabi_unix_sk_of(struct file *file);
struct inflight_sock *cloudabi_inflight_sock_get(struct sock *sk);
void cloudabi_inflight_sock_put(struct inflight_sock *is);
struct cloudabi_parcel *cloudabi_parcel_alloc(unsigned int count);
int cloudabi_parcel_queue_locked(struct inflight_sock *is,
				 struct cloudabi_parcel *parcel);
void cloudabi_parcel_unqueue_locked(struct inflight_sock *is,
				    struct cloudabi_parcel *parcel);

#endif /* _CLOUDABI_INFLIGHT_INTERNAL_H */
