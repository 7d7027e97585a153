/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - capabilities in flight over UNIX sockets
 */
#ifndef _CLOUDABI_INFLIGHT_H
#define _CLOUDABI_INFLIGHT_H

#include <linux/list.h>
#include <linux/types.h>

struct file;
struct iov_iter;
struct msghdr;
struct socket;
struct cloudabi_parcel;

/* At most this many descriptors per send, as Linux's SCM_MAX_FD. */
#define CLOUDABI_PARCEL_MAX_FDS 253
/* The most descriptors one receive installs: a few sends' worth. */
#define CLOUDABI_RECV_MAX_FDS (4 * CLOUDABI_PARCEL_MAX_FDS)

bool cloudabi_is_unix_socket(struct file *file);
struct cloudabi_parcel *cloudabi_parcel_gather(const u32 *fds,
					       unsigned int count);
void cloudabi_parcel_free(struct cloudabi_parcel *parcel);
ssize_t cloudabi_unix_send(struct socket *sock, struct msghdr *msg,
			   struct cloudabi_parcel *parcel);
ssize_t cloudabi_unix_recv(struct socket *sock, struct msghdr *msg,
			   int flags, struct list_head *due);
unsigned int cloudabi_parcels_install(struct list_head *due, u32 *fds,
				      unsigned int room, bool native,
				      bool *truncated);
void cloudabi_parcels_drop(struct list_head *due);
ssize_t cloudabi_unix_rw(struct file *file, int dir, struct iov_iter *iter);
void cloudabi_inflight_put(struct file *inner);
void cloudabi_inflight_exit(void);

#endif /* _CLOUDABI_INFLIGHT_H */
