// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - capability files
 *
 * A capability file wraps an inner file with immutable rights.  Handlers
 * look descriptors up through cloudabi_cap_get(), which refuses anything
 * that is not a capability (EBADF) and any missing right (ENOTCAPABLE),
 * and only then hand out the inner file.
 *
 * A capability can also reach a native process (passed down by a launcher
 * or received over a socket).  Its own file operations forward to the
 * inner file with the same rights checks, so the capability stays
 * enforced there; a missing right is EPERM, since native programs know no
 * ENOTCAPABLE.  It has no position of its own: the inner file's is used,
 * as by fd_read and fd_write, and the capability itself cannot seek.
 *
 * Its own position only tells a pread from a read.  It stays at CAP_POS:
 * read(2) and readv(2) arrive with it, pread(2) and preadv(2) with the
 * caller's offset.  That is how the vDSO's fd_pread and fd_pwrite, too,
 * skip the gate (vdso/fd_rw.c), which sends offsets from CAP_POS on
 * through the gate instead.
 */

#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include <cloudabi_types.h>

#include "capability.h"
#include "enotcapable.h"
#include "inflight.h"

static int cap_release(struct inode *inode, struct file *file)
{
	struct cloudabi_cap *cap = file->private_data;

	cloudabi_inflight_put(cap->inner);
	kfree(cap);
	return 0;
}

/*
 * The capability file's position, which never moves.  Far beyond any
 * file (2^62), yet so far below 2^63 that no count a caller can pass
 * (bounded by the user address space, under 2^57) makes read(2)'s
 * position check overflow.  A native pread(2) at exactly this offset
 * reads as read(2) would.
 */
#define CAP_POS			(1LL << 62)

static struct cloudabi_cap *cap_with(struct file *file, u64 need)
{
	struct cloudabi_cap *cap = file->private_data;

	return (cloudabi_rights_implied(cap->rights.base) & need) == need ?
	       cap : NULL;
}

static ssize_t iter_rw(struct file *inner, int dir, struct iov_iter *iter,
		       loff_t *ppos)
{
	return dir == READ ? vfs_iter_read(inner, iter, ppos, 0) :
			     compat_vfs_iter_write(inner, iter, ppos, 0);
}

/**
 * cloudabi_inner_rw() - read or write an inner file as read(2) would
 * @inner: the file behind a capability
 * @dir: READ or WRITE
 * @iter: the buffers
 * @offset: NULL to use and move the file's position (under f_pos_lock
 *	for files that need atomic positions, none at all for streams), or
 *	the offset of a pread/pwrite, which leaves the position alone
 *
 * Capabilities have no position of their own: fd_read and a native
 * read() through the capability both move the inner file's.
 *
 * Return: bytes transferred, or a negative error: -ESPIPE for an offset
 * on a file without positions, -EINVAL for an offset beyond 2^63 - 1,
 * and the file's own errors.
 */
ssize_t cloudabi_inner_rw(struct file *inner, int dir, struct iov_iter *iter,
			  const u64 *offset)
{
	bool lock = inner->f_mode & FMODE_ATOMIC_POS;
	loff_t pos;
	ssize_t ret;

	if (offset) {
		if (*offset > LLONG_MAX)
			return -EINVAL;
		if (!(inner->f_mode & (dir == READ ? FMODE_PREAD :
				       FMODE_PWRITE)))
			return -ESPIPE;
		pos = *offset;
		return iter_rw(inner, dir, iter, &pos);
	}
	if (cloudabi_is_unix_socket(inner))
		return cloudabi_unix_rw(inner, dir, iter);
	if (inner->f_mode & FMODE_STREAM)
		return iter_rw(inner, dir, iter, NULL);
	if (lock)
		mutex_lock(&inner->f_pos_lock);
	pos = inner->f_pos;
	ret = iter_rw(inner, dir, iter, &pos);
	if (ret >= 0)
		inner->f_pos = pos;
	if (lock)
		mutex_unlock(&inner->f_pos_lock);
	return ret;
}

/*
 * A read or write at the inner file's position, or at the caller's offset
 * (which also needs FD_SEEK).  iocb->ki_pos is left alone, so a read or
 * write leaves the capability at CAP_POS.
 */
static ssize_t cap_forward_rw(struct kiocb *iocb, struct iov_iter *iter,
			      int dir)
{
	bool positioned = iocb->ki_pos != CAP_POS;
	u64 offset = iocb->ki_pos;
	struct cloudabi_cap *cap;
	u64 need;

	need = dir == READ ? CLOUDABI_RIGHT_FD_READ : CLOUDABI_RIGHT_FD_WRITE;
	if (positioned)
		need |= CLOUDABI_RIGHT_FD_SEEK;
	cap = cap_with(iocb->ki_filp, need);
	if (!cap)
		return -EPERM;
	return cloudabi_inner_rw(cap->inner, dir, iter,
				 positioned ? &offset : NULL);
}

static ssize_t cap_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return cap_forward_rw(iocb, to, READ);
}

static ssize_t cap_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return cap_forward_rw(iocb, from, WRITE);
}

static __poll_t cap_poll(struct file *file, struct poll_table_struct *wait)
{
	struct cloudabi_cap *cap;

	cap = cap_with(file, CLOUDABI_RIGHT_POLL_FD_READWRITE);
	return cap ? vfs_poll(cap->inner, wait) : EPOLLERR;
}

static int cap_fsync(struct file *file, loff_t start, loff_t end,
		     int datasync)
{
	struct cloudabi_cap *cap;

	cap = cap_with(file, datasync ? CLOUDABI_RIGHT_FD_DATASYNC :
		       CLOUDABI_RIGHT_FD_SYNC);
	return cap ? vfs_fsync_range(cap->inner, start, end, datasync) :
		     -EPERM;
}

/*
 * The rights a mapping of @vma asks for: MEM_MAP always, FD_READ to read,
 * FD_WRITE to write through a shared mapping, MEM_MAP_EXEC to execute.
 */
static u64 mmap_rights(const struct vm_area_struct *vma)
{
	u64 need = CLOUDABI_RIGHT_MEM_MAP;

	if (vma->vm_flags & VM_READ)
		need |= CLOUDABI_RIGHT_FD_READ;
	if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		need |= CLOUDABI_RIGHT_FD_WRITE;
	if (vma->vm_flags & VM_EXEC)
		need |= CLOUDABI_RIGHT_MEM_MAP_EXEC;
	return need;
}

/*
 * A write-sealed memfd refuses shared writable mappings through the
 * writable count of its own mapping, but do_mmap() counted the
 * capability's, so ask the inner file's as it would have.  (The count is
 * not held until the mapping is linked, as do_mmap() holds it: a seal
 * added by a native holder in between is not seen.)
 */
static int inner_may_map_writable(struct file *inner)
{
	int err = mapping_map_writable(inner->f_mapping);

	if (!err)
		mapping_unmap_writable(inner->f_mapping);
	return err;
}

/* path_noexec(), which is not exported: a noexec mount or file system. */
static bool inner_noexec(const struct file *inner)
{
	return (inner->f_path.mnt->mnt_flags & MNT_NOEXEC) ||
	       (inner->f_path.mnt->mnt_sb->s_iflags & SB_I_NOEXEC);
}

/**
 * cap_mmap() - map the inner file, within the capability's rights
 * @file: the capability
 * @vma: the new mapping, as do_mmap() made it for the capability file
 *
 * Every mapping of a capability comes here, from mem_map and from a
 * native holder's mmap(2) alike.  The protection asked for needs its
 * rights and the inner file's open mode; what the mapping may later
 * become is bounded the same way (VM_MAY* cleared), so neither
 * mem_protect nor a raw mprotect can exceed them.  Then the mapping is
 * handed to the inner file, which it belongs to from then on.
 *
 * Return: 0, -EPERM for a missing right, -EACCES when the inner file was
 * not opened for it or executing from a noexec mount, or the inner
 * file's own errors (-ENODEV: it cannot be mapped).
 */
static int cap_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct cloudabi_cap *cap = file->private_data;
	struct file *inner = cap->inner;
	u64 rights = cloudabi_rights_implied(cap->rights.base);
	bool shared = vma->vm_flags & VM_SHARED;
	vm_flags_t mayless = 0;
	int err;

	if (!inner->f_op->mmap)
		return -ENODEV;
	if ((rights & mmap_rights(vma)) != mmap_rights(vma))
		return -EPERM;
	if (!(inner->f_mode & FMODE_READ))
		return -EACCES;
	if (shared && (vma->vm_flags & VM_WRITE) &&
	    !(inner->f_mode & FMODE_WRITE))
		return -EACCES;
	if ((vma->vm_flags & VM_EXEC) && inner_noexec(inner))
		return -EACCES;

	if (!(rights & CLOUDABI_RIGHT_FD_READ))
		mayless |= VM_MAYREAD;
	if (shared && (!(rights & CLOUDABI_RIGHT_FD_WRITE) ||
		       !(inner->f_mode & FMODE_WRITE)))
		mayless |= VM_MAYWRITE;
	if (!(rights & CLOUDABI_RIGHT_MEM_MAP_EXEC) ||
	    inner_noexec(inner))
		mayless |= VM_MAYEXEC;
	vm_flags_clear(vma, mayless);

	if (shared && (vma->vm_flags & VM_MAYWRITE)) {
		err = inner_may_map_writable(inner);
		if (err)
			return err;
	}
	vma_set_file(vma, inner);
	return inner->f_op->mmap(inner, vma);
}

static const struct file_operations cap_fops = {
	.owner = THIS_MODULE,
	.release = cap_release,
	.read_iter = cap_read_iter,
	.write_iter = cap_write_iter,
	.poll = cap_poll,
	.fsync = cap_fsync,
	.mmap = cap_mmap,
	.llseek = no_llseek,
};

/**
 * cloudabi_cap_file_typed() - wrap a file of a known CloudABI type
 * @inner: the file; the caller's reference passes to the capability
 * @filetype: its CLOUDABI_FILETYPE_*, for files whose inode does not
 *	tell (shared memory is a regular shmem file to Linux)
 * @rights: the rights the capability holds
 *
 * Return: the capability file, or an ERR_PTR (-ENOMEM, or the error of
 * anon_inode_getfile()); on error the reference to @inner is dropped.
 */
struct file *cloudabi_cap_file_typed(struct file *inner, u8 filetype,
				     const struct cloudabi_rights *rights)
{
	struct cloudabi_cap *cap;
	struct file *file;

	cap = kzalloc(sizeof(*cap), GFP_KERNEL);
	if (!cap) {
		fput(inner);
		return ERR_PTR(-ENOMEM);
	}
	cap->inner = inner;
	cap->rights = *rights;
	cap->filetype = filetype;
	file = anon_inode_getfile("[cloudabi-cap]", &cap_fops, cap,
				  inner->f_flags & (O_ACCMODE | O_NONBLOCK));
	if (IS_ERR(file)) {
		fput(inner);
		kfree(cap);
		return file;
	}
	/* Not seekable; pread and pwrite are told apart by CAP_POS. */
	file->f_mode &= ~(FMODE_LSEEK | FMODE_ATOMIC_POS);
	file->f_mode |= FMODE_PREAD | FMODE_PWRITE;
	file->f_pos = CAP_POS;
	return file;
}

/**
 * cloudabi_cap_file() - wrap a file into a new capability file
 * @inner: the file; the caller's reference passes to the capability
 * @rights: the rights the capability holds
 *
 * Return: as cloudabi_cap_file_typed(), with the type the inode tells.
 */
struct file *cloudabi_cap_file(struct file *inner,
			       const struct cloudabi_rights *rights)
{
	return cloudabi_cap_file_typed(inner, cloudabi_filetype_of(inner),
				       rights);
}

/**
 * cloudabi_cap_from_file() - the capability a file is, if any
 * @file: any open file
 *
 * Return: its capability, or NULL when @file is not a capability file.
 */
struct cloudabi_cap *cloudabi_cap_from_file(struct file *file)
{
	return file->f_op == &cap_fops ? file->private_data : NULL;
}

/**
 * cloudabi_cap_get() - look up a descriptor and check its rights
 * @fd: the descriptor number
 * @need: rights the operation requires (all of them)
 * @filep: set to the capability file, whose reference the caller drops
 *	with fput() when done with the capability
 * @err: set on failure
 *
 * Return: the capability, or NULL with @err set to:
 *
 * - %-EBADF: @fd is not open, or not a capability (the gate, a file
 *   that bypassed the module);
 * - %-ENOTCAPABLE: the descriptor lacks one of @need (counting the rights
 *   its rights imply, see cloudabi_rights_implied()).
 */
struct cloudabi_cap *cloudabi_cap_get(unsigned int fd, u64 need,
				      struct file **filep, int *err)
{
	struct file *file = fget(fd);
	struct cloudabi_cap *cap;

	cap = file ? cloudabi_cap_from_file(file) : NULL;
	if (!cap) {
		*err = -EBADF;
		goto out_put;
	}
	if ((cloudabi_rights_implied(cap->rights.base) & need) != need) {
		*err = -ENOTCAPABLE;
		goto out_put;
	}
	*filep = file;
	return cap;

out_put:
	if (file)
		fput(file);
	return NULL;
}

/**
 * cloudabi_cap_install() - install a new file as a capability with every
 *	right its type allows
 * @inner: the file; the caller's reference passes to the capability
 * @filetype: its CLOUDABI_FILETYPE_*
 *
 * Return: the new descriptor number, or a negative error (-EMFILE,
 * -ENOMEM); on error the reference to @inner is dropped.
 */
int cloudabi_cap_install(struct file *inner, u8 filetype)
{
	struct cloudabi_rights rights;

	cloudabi_rights_of_file(inner, filetype, &rights);
	return cloudabi_cap_install_rights(inner, filetype, &rights);
}

/**
 * cloudabi_cap_install_rights() - install a new file as a capability
 * @inner: the file; the caller's reference passes to the capability
 * @filetype: its CLOUDABI_FILETYPE_*
 * @rights: the rights, which the caller has already bounded
 *
 * Return: the new descriptor number, or a negative error (-EMFILE,
 * -ENOMEM); on error the reference to @inner is dropped.
 */
int cloudabi_cap_install_rights(struct file *inner, u8 filetype,
				const struct cloudabi_rights *rights)
{
	struct file *cap;
	int fd;

	fd = get_unused_fd_flags(0);
	if (fd < 0) {
		fput(inner);
		return fd;
	}
	cap = cloudabi_cap_file_typed(inner, filetype, rights);
	if (IS_ERR(cap)) {
		put_unused_fd(fd);
		return PTR_ERR(cap);
	}
	fd_install(fd, cap);
	return fd;
}
