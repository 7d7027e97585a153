// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - fd_* calls that make, copy or remove descriptors:
 * fd_dup, fd_create1, fd_create2, fd_replace (fd_close is close(2) in the
 * vDSO: vdso/fd.c)
 *
 * A new descriptor always holds a capability file, never a plain one, so
 * everything a CloudABI process can reach is checked through its rights.
 */

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>

#include "capability.h"
#include "errno_convert.h"
#include "generated/syscall_table.h"
#include "shm.h"

/**
 * cloudabi_sys_fd_dup() - a new descriptor for the same capability
 * @args: from
 * @res: fd, the lowest free number
 *
 * Rights belong to the capability, which the two descriptors share: the
 * duplicate holds exactly the rights of @args->from.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->from is not an open CloudABI descriptor;
 * - %-EMFILE: the descriptor table is full.
 */
long cloudabi_sys_fd_dup(const struct cloudabi_gate_fd_dup *args,
			 struct cloudabi_result_fd_dup *res)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err, fd;

	cap = cloudabi_cap_get(args->from, 0, &file, &err);
	if (!cap)
		return err;
	fd = get_unused_fd_flags(0);
	if (fd < 0) {
		fput(file);
		return fd;
	}
	/* The reference taken by the lookup goes to the new slot. */
	fd_install(fd, file);
	res->fd = fd;
	return 0;
}

/**
 * cloudabi_sys_fd_create1() - create an anonymous shared memory object
 * @args: type, which must be CLOUDABI_FILETYPE_SHARED_MEMORY
 * @res: fd, with every right shared memory allows
 *
 * The object lives on the module's bounded tmpfs (module/shm.c).
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: another type;
 * - %-EMFILE, %-ENFILE, %-ENOMEM: out of descriptors or memory.
 */
long cloudabi_sys_fd_create1(const struct cloudabi_gate_fd_create1 *args,
			     struct cloudabi_result_fd_create1 *res)
{
	struct file *shm;
	int fd;

	if (args->type != CLOUDABI_FILETYPE_SHARED_MEMORY)
		return -EINVAL;
	shm = cloudabi_shm_file();
	if (IS_ERR(shm))
		return PTR_ERR(shm);
	fd = cloudabi_cap_install(shm, CLOUDABI_FILETYPE_SHARED_MEMORY);
	if (fd < 0)
		return fd;
	res->fd = fd;
	return 0;
}

/*
 * Both ends become capabilities, and both numbers are reserved, before
 * either is installed: once a descriptor is visible another thread may
 * replace it, so a failure must never have to close one again.  Takes
 * the references to @f1 and @f2.
 */
static int install_pair(struct file *f1, struct file *f2, u8 type,
			struct cloudabi_result_fd_create2 *res)
{
	struct cloudabi_rights rights;
	struct file *c1, *c2;
	int fd1, fd2;

	cloudabi_rights_of_file(f1, type, &rights);
	c1 = cloudabi_cap_file_typed(f1, type, &rights);
	if (IS_ERR(c1)) {
		fput(f2);
		return PTR_ERR(c1);
	}
	c2 = cloudabi_cap_file_typed(f2, type, &rights);
	if (IS_ERR(c2)) {
		fput(c1);
		return PTR_ERR(c2);
	}
	fd1 = get_unused_fd_flags(0);
	fd2 = fd1 < 0 ? fd1 : get_unused_fd_flags(0);
	if (fd2 < 0) {
		if (fd1 >= 0)
			put_unused_fd(fd1);
		fput(c1);
		fput(c2);
		return fd2;
	}
	fd_install(fd1, c1);
	fd_install(fd2, c2);
	res->fd1 = fd1;
	res->fd2 = fd2;
	return 0;
}

/**
 * cloudabi_sys_fd_create2() - create a connected pair of UNIX sockets
 * @args: type, CLOUDABI_FILETYPE_SOCKET_DGRAM or _STREAM
 * @res: fd1 and fd2, each with every right a socket allows
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: another type;
 * - %-EMFILE, %-ENFILE, %-ENOMEM: out of descriptors or memory;
 * - the errors of socketpair(2).
 */
long cloudabi_sys_fd_create2(const struct cloudabi_gate_fd_create2 *args,
			     struct cloudabi_result_fd_create2 *res)
{
	struct socket *s1, *s2;
	struct file *f1, *f2;
	int type, err;

	if (args->type == CLOUDABI_FILETYPE_SOCKET_STREAM)
		type = SOCK_STREAM;
	else if (args->type == CLOUDABI_FILETYPE_SOCKET_DGRAM)
		type = SOCK_DGRAM;
	else
		return -EINVAL;
	err = sock_create(AF_UNIX, type, 0, &s1);
	if (err)
		return err;
	err = sock_create(AF_UNIX, type, 0, &s2);
	if (err)
		goto out_release_s1;
	err = s1->ops->socketpair(s1, s2);
	if (err)
		goto out_release_s2;
	/* From here on each file owns its socket, on failure too. */
	f1 = sock_alloc_file(s1, 0, NULL);
	if (IS_ERR(f1)) {
		sock_release(s2);
		return PTR_ERR(f1);
	}
	f2 = sock_alloc_file(s2, 0, NULL);
	if (IS_ERR(f2)) {
		fput(f1);
		return PTR_ERR(f2);
	}
	return install_pair(f1, f2, args->type, res);

out_release_s2:
	sock_release(s2);
out_release_s1:
	sock_release(s1);
	return err;
}

/**
 * cloudabi_sys_fd_replace() - check both slots of an fd_replace
 * @args: from, to
 *
 * The vDSO moves the capability itself (see vdso/fd.c): the module only
 * answers whether both descriptors are open capabilities.  Replacing needs
 * no right, as in other CloudABI kernels.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->from or @args->to is not an open CloudABI descriptor
 *   (the target must be open; the gate's descriptor never is one).
 */
long cloudabi_sys_fd_replace(const struct cloudabi_gate_fd_replace *args)
{
	struct cloudabi_cap *cap;
	struct file *file;
	int err;

	cap = cloudabi_cap_get(args->from, 0, &file, &err);
	if (!cap)
		return err;
	fput(file);
	cap = cloudabi_cap_get(args->to, 0, &file, &err);
	if (!cap)
		return err;
	fput(file);
	return 0;
}
