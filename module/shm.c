// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - where shared memory objects live
 *
 * fd_create1(SHARED_MEMORY) makes a tmpfs file.  On the kernel's own
 * internal shm mount nothing bounds it: file_allocate(fd, 0, 2^63 - 1)
 * allocates page after page without the program providing any data, until
 * the OOM killer takes the machine's other processes.  The objects live
 * instead on a tmpfs of the module's own, whose size= bounds what all of
 * them hold together (shm_percent of RAM); past it an allocation is
 * ENOSPC.  Within the bound, pages are charged to the memory cgroup of
 * the task that touches them, as for any tmpfs, and growing a file past
 * RLIMIT_FSIZE fails as it does on any file.
 */

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/shmem_fs.h>

#include "shm.h"

static unsigned int shm_percent = 25;
module_param(shm_percent, uint, 0444);
MODULE_PARM_DESC(shm_percent,
		 "Percent of RAM all CloudABI shared memory may hold together (1-100, default 25)");

static struct vfsmount *shm_mnt;

/**
 * cloudabi_shm_file() - a new, empty shared memory object
 *
 * Return: the file, or an ERR_PTR (-ENOMEM, -ENFILE, -ENOSPC).
 */
struct file *cloudabi_shm_file(void)
{
	return shmem_file_setup_with_mnt(shm_mnt, "cloudabi-shm", 0,
					 VM_NORESERVE);
}

/**
 * cloudabi_shm_init() - mount the bounded tmpfs
 *
 * tmpfs is built into every kernel this module supports, so the
 * filesystem type needs no reference dropped (put_filesystem() is not
 * exported either).
 *
 * Return: 0 or a negative error.
 */
int cloudabi_shm_init(void)
{
	struct file_system_type *tmpfs = get_fs_type("tmpfs");
	char options[24];

	if (!tmpfs)
		return -ENODEV;
	snprintf(options, sizeof(options), "size=%u%%",
		 clamp(shm_percent, 1U, 100U));
	shm_mnt = vfs_kern_mount(tmpfs, SB_KERNMOUNT, "cloudabi-shm", options);
	if (IS_ERR(shm_mnt)) {
		int err = PTR_ERR(shm_mnt);

		shm_mnt = NULL;
		return err;
	}
	return 0;
}

void cloudabi_shm_exit(void)
{
	kern_unmount(shm_mnt);
}
