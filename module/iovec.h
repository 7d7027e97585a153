/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the caller's buffers, for the data calls
 */
#ifndef _CLOUDABI_IOVEC_H
#define _CLOUDABI_IOVEC_H

#include <linux/types.h>

struct iovec;
struct iov_iter;

ssize_t cloudabi_import_iovecs(int dir, u64 uiov, u64 iovcnt,
			       struct iovec *fast, struct iovec **iovp,
			       struct iov_iter *iter);

#endif /* _CLOUDABI_IOVEC_H */
