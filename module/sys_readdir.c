// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - file_readdir: directory entries with cookies
 *
 * Each call starts at a cookie, so the directory's own position is moved
 * there first, under the file's position lock.  Entries go out as a
 * cloudabi_dirent_t header followed by the name, packed; the last entry
 * may be cut short by the end of the buffer, which tells the caller to
 * come back with a bigger buffer or from the cut entry's cookie.
 *
 * An entry's cookie (d_next) is where the directory stands after it: the
 * position the file system passes with the next entry, or the final
 * position once there is none.  So a header is held back until then;
 * its name goes out at once.
 *
 * Entries are copied to the caller from inside the file system's walk,
 * with the directory's lock held shared, as getdents(2)'s filldir does:
 * a fault on the buffer takes mmap_lock inside i_rwsem, the order the
 * kernel's own readdir establishes.
 */

#include <linux/fs.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "rights.h"
#include "generated/syscall_table.h"

struct readdir_buf {
	struct dir_context ctx;
	char __user *buf;
	size_t len;
	size_t used;
	/* The header written last, still waiting for its d_next. */
	cloudabi_dirent_t held;
	size_t held_at;
	bool holding;
	int err;
};

/* Copy what fits of @n bytes at offset @at of the user buffer. */
static bool put_clipped(struct readdir_buf *rb, size_t at, const void *src,
			size_t n)
{
	if (at >= rb->len)
		return true;
	n = min(n, rb->len - at);
	if (copy_to_user(rb->buf + at, src, n)) {
		rb->err = -EFAULT;
		return false;
	}
	return true;
}

static bool release_held(struct readdir_buf *rb, loff_t next)
{
	if (!rb->holding)
		return true;
	rb->holding = false;
	rb->held.d_next = next;
	return put_clipped(rb, rb->held_at, &rb->held, sizeof(rb->held));
}

static bool readdir_actor(struct dir_context *ctx, const char *name,
			  int namlen, loff_t offset, u64 ino,
			  unsigned int d_type)
{
	struct readdir_buf *rb = container_of(ctx, struct readdir_buf, ctx);
	size_t at = rb->used;
	size_t name_at;

	if (!release_held(rb, offset) || at >= rb->len)
		return false;
	memset(&rb->held, 0, sizeof(rb->held));
	rb->held.d_ino = ino;
	rb->held.d_namlen = namlen;
	/* DT_* is the S_IFMT field of the mode, shifted down. */
	rb->held.d_type = cloudabi_filetype_of_mode((umode_t)d_type << 12);
	rb->held_at = at;
	rb->holding = true;
	if (rb->len - at <= sizeof(rb->held)) {
		rb->used = rb->len;
		return true;
	}
	name_at = at + sizeof(rb->held);
	if (!put_clipped(rb, name_at, name, namlen))
		return false;
	rb->used = name_at + min_t(size_t, namlen, rb->len - name_at);
	return true;
}

/**
 * cloudabi_sys_file_readdir() - read directory entries from a cookie on
 * @args: fd, buf, buf_len, cookie (CLOUDABI_DIRCOOKIE_START, or a d_next
 *	from an earlier call)
 * @res: bufused: bytes stored; less than @args->buf_len only when the
 *	directory has no more entries
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd is not an open CloudABI descriptor;
 * - %-ENOTCAPABLE: it lacks CLOUDABI_RIGHT_FILE_READDIR;
 * - %-ENOTDIR: it is not a directory;
 * - %-EINVAL: a cookie no directory position can be;
 * - %-ENOENT: the directory was removed;
 * - %-EFAULT: the buffer cannot be written;
 * - %-EIO and the like, from the file system.
 */
long cloudabi_sys_file_readdir(const struct cloudabi_gate_file_readdir *args,
			       struct cloudabi_result_file_readdir *res)
{
	struct readdir_buf rb = {
		.ctx.actor = readdir_actor,
		.buf = u64_to_user_ptr(args->buf),
		.len = args->buf_len,
	};
	struct cloudabi_cap *cap;
	struct file *file, *dir;
	loff_t pos;
	int err;

	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_FILE_READDIR, &file,
			       &err);
	if (!cap)
		return err;
	dir = cap->inner;
	err = -ENOTDIR;
	if (!S_ISDIR(file_inode(dir)->i_mode))
		goto out_put;
	err = -EINVAL;
	if (args->cookie > LLONG_MAX)
		goto out_put;
	mutex_lock(&dir->f_pos_lock);
	pos = vfs_llseek(dir, args->cookie, SEEK_SET);
	err = pos < 0 ? pos : iterate_dir(dir, &rb.ctx);
	mutex_unlock(&dir->f_pos_lock);
	/*
	 * A fault on the buffer fails the call; a file system error after
	 * some entries does not, as with getdents(2): they are returned,
	 * and the next call, from the last cookie, reports the error.
	 */
	if (rb.err || !release_held(&rb, rb.ctx.pos))
		err = rb.err;
	else if (rb.used)
		err = 0;
	if (!err)
		res->bufused = rb.used;
out_put:
	fput(file);
	return err;
}
