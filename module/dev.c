// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - /dev/cloudabi, the interface for native programs
 *
 * A launcher decides which descriptors, with which rights, a CloudABI
 * program starts with.  Rights live in capability files, so it asks here
 * for a capability over one of its descriptors.  The answer never holds a
 * right the file could not have given anyway: this is how rights are
 * chosen, never how they are gained.
 */

#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include <cloudabi_dev.h>
#include <cloudabi_types.h>

#include "capability.h"
#include "dev.h"
#include "inflight.h"
#include "rights.h"

static void build_check_abi(void)
{
	BUILD_BUG_ON(sizeof(struct cloudabi_cap_request) != 24);
	BUILD_BUG_ON(sizeof(struct cloudabi_send_request) != 32);
	BUILD_BUG_ON(sizeof(struct cloudabi_recv_request) != 40);
}

/*
 * Linux's garbage collector for descriptors in flight over UNIX sockets
 * only follows files that are UNIX sockets themselves.  A capability over
 * one is a module file: sent over its own socket (or its peer) it closes
 * a cycle the collector never sees, and the sockets are never freed.  So
 * no native process ever holds a capability over a UNIX socket (it could
 * sendmsg() one), nor over a file of a kind the module does not know
 * (io_uring, BPF maps and the like may hold UNIX sockets themselves).  A
 * launcher passes such descriptors as they are; exec wraps them inside
 * the CloudABI process, which cannot send them raw (seccomp) and whose
 * table no other process can reach (it is not dumpable).
 */
static bool cap_may_hide_cycle(struct file *file, u8 filetype)
{
	const struct proto_ops *ops;
	struct socket *sock;

	if (filetype == CLOUDABI_FILETYPE_UNKNOWN)
		return true;
	sock = sock_from_file(file);
	if (!sock)
		return false;
	/* As the collector itself tells a UNIX socket (unix_get_socket()). */
	ops = READ_ONCE(sock->ops);
	return ops && ops->family == PF_UNIX;
}

/* The rights a new capability over @file may have at most. */
static struct file *cap_source(struct file *file, struct cloudabi_rights *max,
			       u8 *filetype)
{
	struct cloudabi_cap *cap = cloudabi_cap_from_file(file);

	if (cap) {
		/* Its type too: shared memory is a plain file to the inode. */
		*max = cap->rights;
		*filetype = cap->filetype;
		return cap->inner;
	}
	*filetype = cloudabi_filetype_of(file);
	cloudabi_rights_of_file(file, *filetype, max);
	return file;
}

static long capability_request(const struct cloudabi_cap_request __user *ureq)
{
	struct cloudabi_cap_request req;
	struct cloudabi_rights max, want;
	struct file *file, *inner, *cap;
	u8 filetype;
	long ret;
	int fd;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if ((req.flags & ~CLOUDABI_CAP_INTERSECT) ||
	    (req.rights_base & ~CLOUDABI_ALL_RIGHTS) ||
	    (req.rights_inheriting & ~CLOUDABI_ALL_RIGHTS))
		return -EINVAL;
	file = fget_raw(req.fd);
	if (!file)
		return -EBADF;
	inner = cap_source(file, &max, &filetype);
	ret = -EOPNOTSUPP;
	if (cap_may_hide_cycle(inner, filetype))
		goto out_put;
	want.base = req.rights_base;
	want.inheriting = req.rights_inheriting;
	if (req.flags & CLOUDABI_CAP_INTERSECT) {
		want.base &= max.base;
		want.inheriting &= max.inheriting;
	}
	ret = -EPERM;
	if ((want.base & ~max.base) || (want.inheriting & ~max.inheriting))
		goto out_put;
	fd = get_unused_fd_flags(O_CLOEXEC);
	ret = fd;
	if (fd < 0)
		goto out_put;
	cap = cloudabi_cap_file_typed(get_file(inner), filetype, &want);
	if (IS_ERR(cap)) {
		put_unused_fd(fd);
		ret = PTR_ERR(cap);
		goto out_put;
	}
	fd_install(fd, cap);

out_put:
	fput(file);
	return ret;
}

/*
 * A native sender's side of sock_send: the same parcels, so a CloudABI
 * receiver gets capabilities and never a raw file.  Only capabilities
 * travel, and /dev/cloudabi gives none over a UNIX socket, so what a
 * native process sends can hide no cycle either.
 */
/* One user buffer as @msg's data, as import_ubuf() would on newer kernels. */
static int one_buffer(int dir, u64 addr, u64 len, struct iovec *iov,
		      struct msghdr *msg)
{
	iov->iov_base = u64_to_user_ptr(addr);
	iov->iov_len = min_t(u64, len, MAX_RW_COUNT);
	if (!access_ok(iov->iov_base, iov->iov_len))
		return -EFAULT;
	iov_iter_init(&msg->msg_iter, dir, iov, 1, iov->iov_len);
	return 0;
}

/* The native caller's UNIX socket @fd, with a reference in *@filep. */
static struct socket *native_unix_socket(int fd, struct file **filep,
					 long *err)
{
	struct file *file = fget(fd);
	struct socket *sock;

	*err = -EBADF;
	if (!file)
		return NULL;
	sock = sock_from_file(file);
	*err = !sock ? -ENOTSOCK :
	       !cloudabi_is_unix_socket(file) ? -EOPNOTSUPP : 0;
	if (*err) {
		fput(file);
		return NULL;
	}
	*filep = file;
	return sock;
}

static long send_request(const struct cloudabi_send_request __user *ureq)
{
	struct cloudabi_send_request req;
	struct cloudabi_parcel *parcel;
	struct msghdr msg = {};
	struct socket *sock;
	struct file *file;
	struct iovec iov;
	long ret;
	u32 *fds;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.fds_len > CLOUDABI_PARCEL_MAX_FDS)
		return -EINVAL;
	ret = one_buffer(WRITE, req.data, req.data_len, &iov, &msg);
	if (ret)
		return ret;
	sock = native_unix_socket(req.sock, &file, &ret);
	if (!sock)
		return ret;
	fds = memdup_user(u64_to_user_ptr(req.fds),
			  req.fds_len * sizeof(*fds));
	ret = PTR_ERR_OR_ZERO(fds);
	if (ret)
		goto out_put;
	parcel = req.fds_len ? cloudabi_parcel_gather(fds, req.fds_len) : NULL;
	kfree(fds);
	ret = PTR_ERR_OR_ZERO(parcel);
	if (ret)
		goto out_put;
	msg.msg_flags = MSG_NOSIGNAL |
			(file->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0);
	ret = cloudabi_unix_send(sock, &msg, parcel);
out_put:
	fput(file);
	return ret;
}

/*
 * A native receiver's side of sock_recv.  The descriptors arrive as
 * capabilities, so their rights stay enforced in the native process; none
 * over a UNIX socket (cap_may_hide_cycle() above says why).
 */
static long recv_request(struct cloudabi_recv_request __user *ureq)
{
	struct cloudabi_recv_request req;
	bool truncated = false;
	struct msghdr msg = {};
	struct socket *sock;
	unsigned int room;
	struct file *file;
	struct iovec iov;
	u32 *fds = NULL;
	LIST_HEAD(due);
	long ret;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	ret = one_buffer(READ, req.data, req.data_len, &iov, &msg);
	if (ret)
		return ret;
	room = min_t(u32, req.fds_len, CLOUDABI_PARCEL_MAX_FDS);
	if (room) {
		fds = kmalloc_array(room, sizeof(*fds), GFP_KERNEL);
		if (!fds)
			return -ENOMEM;
	}
	sock = native_unix_socket(req.sock, &file, &ret);
	if (!sock)
		goto out_free;
	ret = cloudabi_unix_recv(sock, &msg,
				 file->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0,
				 &due);
	fput(file);
	if (ret < 0)
		goto out_free;
	req.fds_received = cloudabi_parcels_install(&due, fds, room, true,
						    &truncated);
	req.truncated = truncated || (msg.msg_flags & MSG_CTRUNC);
	if (copy_to_user(u64_to_user_ptr(req.fds), fds,
			 req.fds_received * sizeof(*fds)) ||
	    copy_to_user(ureq, &req, sizeof(req)))
		ret = -EFAULT;
out_free:
	kfree(fds);
	return ret;
}

static long dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case CLOUDABI_IOC_CAPABILITY:
		return capability_request((void __user *)arg);
	case CLOUDABI_IOC_SEND:
		return send_request((void __user *)arg);
	case CLOUDABI_IOC_RECV:
		return recv_request((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice cloudabi_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "cloudabi",
	.fops = &dev_fops,
	.mode = 0666,
};

int cloudabi_dev_init(void)
{
	build_check_abi();
	return misc_register(&cloudabi_dev);
}

void cloudabi_dev_exit(void)
{
	misc_deregister(&cloudabi_dev);
}
