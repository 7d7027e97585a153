/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - kernel version compatibility
 *
 * Every difference between the kernels we build against (Debian 12's 6.1
 * and its 6.12 LTS) lives here as a named feature, so that the logic
 * files never test LINUX_VERSION_CODE themselves.
 */
#ifndef _CLOUDABI_COMPAT_H
#define _CLOUDABI_COMPAT_H

#include <linux/version.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
/* Leases and delegations (break_deleg_wait()) left fs.h in 6.3. */
#include <linux/filelock.h>
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
/* 6.12 dropped no_llseek: a file without ->llseek cannot seek. */
#define no_llseek NULL
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
/* vm_flags became read-only with setters in 6.3. */
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
/*
 * The vfs_* calls take the mount's user namespace before 6.3, its idmap
 * after; either maps ids on an idmapped mount and is the identity on
 * any other.
 */
#define compat_mnt_idmap(mnt) mnt_user_ns(mnt)
#define COMPAT_RENAMEDATA_IDMAPS(rd, idmap)				\
	((rd)->old_mnt_userns = (rd)->new_mnt_userns = (idmap))
#else
#define compat_mnt_idmap(mnt) mnt_idmap(mnt)
#define COMPAT_RENAMEDATA_IDMAPS(rd, idmap)				\
	((rd)->old_mnt_idmap = (rd)->new_mnt_idmap = (idmap))
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
/* close_fd_get_file() was renamed file_close_fd() in 6.8. */
#define file_close_fd(fd) close_fd_get_file(fd)

/*
 * vfs_iter_write() takes the file system's freeze protection itself from
 * 6.8 on; before, every caller does, as vfs_writev() does.
 */
static inline ssize_t compat_vfs_iter_write(struct file *file,
					    struct iov_iter *iter,
					    loff_t *ppos, rwf_t flags)
{
	ssize_t ret;

	file_start_write(file);
	ret = vfs_iter_write(file, iter, ppos, flags);
	file_end_write(file);
	return ret;
}
#else
#define compat_vfs_iter_write vfs_iter_write
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
/* Exported but declared only in fs/internal.h on 6.1. */
struct path;
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);
#endif

#endif /* _CLOUDABI_COMPAT_H */
