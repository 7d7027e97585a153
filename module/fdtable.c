// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the descriptor table of a new CloudABI process
 *
 * A native parent (a shell, the launcher) leaves plain files in the
 * table.  At exec each becomes a capability file at the same number, with
 * the rights its kind and open mode allow.  Linux offers modules no way to
 * replace the file in a given slot, so the slot is closed and allocated
 * again: allocation takes the lowest free number, and every lower slot is
 * kept occupied (free ones reserved for the duration) so that the lowest
 * free number is the one being replaced.
 */

#include <linux/err.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "capability.h"
#include "fdtable.h"
#include "rights.h"

static int wrap_slot(unsigned int fd, struct file *file)
{
	struct cloudabi_rights rights;
	struct file *cap, *taken;
	int newfd;

	cloudabi_rights_of_file(file, cloudabi_filetype_of(file), &rights);
	taken = file_close_fd(fd);
	if (WARN_ON_ONCE(taken != file)) {
		if (taken)
			fput(taken);
		return -EBADF;
	}
	/*
	 * Finish the close as close(2) does, keeping the slot's reference
	 * for the capability: flush, and drop the POSIX locks and dnotify
	 * watches this task's table owns on the file.  Both are keyed by the
	 * table, which never holds this file again; left behind, they would
	 * point at it (fl_file, dn_filp) after the capability frees it.
	 */
	get_file(taken);
	filp_close(taken, current->files);
	cap = cloudabi_cap_file(file, &rights);
	if (IS_ERR(cap))
		return PTR_ERR(cap);
	newfd = get_unused_fd_flags(0);
	if (WARN_ON_ONCE(newfd >= 0 && newfd != fd)) {
		put_unused_fd(newfd);
		newfd = -EBADF;
	}
	if (newfd < 0) {
		fput(cap);
		return newfd;
	}
	fd_install(newfd, cap);
	return 0;
}

static unsigned int highest_open_fd(struct files_struct *files)
{
	unsigned int fd, max, last = 0;
	struct fdtable *fdt;

	rcu_read_lock();
	fdt = files_fdtable(files);
	max = fdt->max_fds;
	for (fd = 0; fd < max; fd++)
		if (rcu_access_pointer(fdt->fd[fd]))
			last = fd + 1;
	rcu_read_unlock();
	return last;
}

/**
 * cloudabi_fdtable_check_exec() - will the new image find its slots?
 * @extra: descriptors exec itself will add (binfmt_misc's execfd)
 *
 * After the point of no return every descriptor that survives the exec
 * is taken out and allocated again, which stops at RLIMIT_NOFILE, and
 * the gate needs one more free slot below it.  A failure there would kill
 * the process, so the exec is refused before, while it can still fail.
 * Another thread of the caller may still open descriptors between this
 * check and de_thread(): that kills only its own process.
 *
 * Return: 0, or -EMFILE.
 */
int cloudabi_fdtable_check_exec(unsigned int extra)
{
	unsigned long nofile = rlimit(RLIMIT_NOFILE);
	unsigned int fd, max, kept = extra, end = 0;
	struct fdtable *fdt;

	rcu_read_lock();
	fdt = files_fdtable(current->files);
	max = fdt->max_fds;
	for (fd = 0; fd < max; fd++) {
		if (!rcu_access_pointer(fdt->fd[fd]) ||
		    test_bit(fd, fdt->close_on_exec))
			continue;
		kept++;
		end = fd + 1;
	}
	rcu_read_unlock();
	return end > nofile || kept >= nofile ? -EMFILE : 0;
}

/**
 * cloudabi_fdtable_wrap_inherited() - make every inherited descriptor a
 *	capability at the same number
 *
 * Called after begin_new_exec(): the task is alone and its table private,
 * and close-on-exec descriptors are gone.  Descriptors that already are
 * capabilities (exec from a CloudABI process) keep their rights.
 *
 * Return: 0, or a negative error (-ENOMEM, -EMFILE) after which the exec
 * fails.
 */
int cloudabi_fdtable_wrap_inherited(void)
{
	unsigned int fd, end = highest_open_fd(current->files);
	unsigned long *reserved;
	struct file *file;
	int err = 0, slot;

	reserved = bitmap_zalloc(end ? end : 1, GFP_KERNEL);
	if (!reserved)
		return -ENOMEM;
	for (fd = 0; fd < end && !err; fd++) {
		file = fget_raw(fd);
		if (!file) {
			/* Hold the hole so the slots above come back in place. */
			slot = get_unused_fd_flags(0);
			if (slot < 0 || WARN_ON_ONCE(slot != fd))
				err = slot < 0 ? slot : -EBADF;
			else
				__set_bit(fd, reserved);
			continue;
		}
		if (!cloudabi_cap_from_file(file))
			err = wrap_slot(fd, file);
		fput(file);
	}
	for_each_set_bit(fd, reserved, end)
		put_unused_fd(fd);
	bitmap_free(reserved);
	return err;
}

/**
 * cloudabi_fdtable_replace_all() - the table of an image proc_exec made
 * @files: the descriptors, @files[i] to become descriptor i; each
 *	reference is taken over and its slot set to NULL
 * @n: how many
 *
 * Called after begin_new_exec(), alone in a private table: every
 * descriptor the old image had is closed, so none survives, and the slots
 * then fill from 0 in order.
 *
 * Return: 0, or a negative error (-EMFILE) after which the exec fails.
 */
int cloudabi_fdtable_replace_all(struct file **files, unsigned int n)
{
	unsigned int fd, end = highest_open_fd(current->files);
	struct file *file;
	int slot;

	for (fd = 0; fd < end; fd++) {
		file = file_close_fd(fd);
		if (file)
			filp_close(file, current->files);
	}
	for (fd = 0; fd < n; fd++) {
		slot = get_unused_fd_flags(0);
		if (slot < 0)
			return slot;
		if (WARN_ON_ONCE(slot != fd)) {
			put_unused_fd(slot);
			return -EBADF;
		}
		fd_install(slot, files[fd]);
		files[fd] = NULL;
	}
	return 0;
}
