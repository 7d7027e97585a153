// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - paths resolved beneath a directory capability
 *
 * Every path a CloudABI program passes is relative to a directory it
 * holds, and may never leave it: an absolute path, ".." above the start,
 * a symbolic link that leads out (absolute, or by ".."), and the magic
 * links of /proc are ENOTCAPABLE.  The kernel's own scoped lookup does the
 * walk (LOOKUP_BENEATH): ".." above the start and absolute links give
 * -EXDEV, and so do magic links, which a scoped walk never crosses; a
 * rename racing with the walk makes it retry (-EAGAIN) instead of
 * escaping.  LOOKUP_NO_MAGICLINKS is not used: its -ELOOP could not be
 * told from a link loop, which is ELOOP for the program too.  With a
 * preset root the walk would skip a leading '/', so absolute paths are
 * refused first.
 */

#include <linux/dcache.h>
#include <linux/delayed_call.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "capability.h"
#include "enotcapable.h"
#include "path.h"

/*
 * A rename anywhere in the system during a walk that climbs ("..") makes
 * it fail with -EAGAIN, as openat2(RESOLVE_BENEATH) does: walk again.
 * The bound keeps a rename storm from holding a caller forever; with 8,
 * race.test saw one walk in 67,000 run out under a renamer that never
 * pauses, and EAGAIN is no errno the ABI gives for these calls.
 */
#define RESOLVE_RETRIES 32

/**
 * cloudabi_path_copy() - copy a path (pointer and length) from the user
 * @upath: user address of the bytes
 * @len: their number; CloudABI paths carry no terminating NUL
 *
 * Return: a NUL-terminated kernel copy to kfree(), or an ERR_PTR:
 *
 * - %-ENAMETOOLONG: longer than PATH_MAX - 1;
 * - %-EINVAL: a NUL byte inside the path;
 * - %-EFAULT: the bytes cannot be read;
 * - %-ENOMEM.
 */
char *cloudabi_path_copy(u64 upath, u64 len)
{
	char *name;

	if (len >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	name = memdup_user_nul(u64_to_user_ptr(upath), len);
	if (IS_ERR(name))
		return name;
	if (strlen(name) != len) {
		kfree(name);
		return ERR_PTR(-EINVAL);
	}
	return name;
}

/**
 * cloudabi_path_check() - the checks made before any walk
 * @name: the path
 *
 * Return: 0; -ENOENT for an empty path; -ENOTCAPABLE for an absolute one.
 */
static int cloudabi_path_check(const char *name)
{
	if (!*name)
		return -ENOENT;
	if (*name == '/')
		return -ENOTCAPABLE;
	return 0;
}

/**
 * cloudabi_path_resolve_at() - walk a relative path beneath a directory
 * @base: the directory, which the walk may not leave
 * @name: a path that passed cloudabi_path_check()
 * @follow: follow a symbolic link in the last component
 * @out: the result, to path_put()
 *
 * Return: as cloudabi_path_resolve().
 */
static int cloudabi_path_resolve_at(const struct path *base,
				    const char *name, bool follow,
				    struct path *out)
{
	unsigned int flags = LOOKUP_BENEATH | (follow ? LOOKUP_FOLLOW : 0);
	int err, tries = RESOLVE_RETRIES;

	if (!d_is_dir(base->dentry))
		return -ENOTDIR;
	do {
		err = vfs_path_lookup(base->dentry, base->mnt, name, flags, out);
	} while (err == -EAGAIN && --tries);
	return err == -EXDEV ? -ENOTCAPABLE : err;
}

/**
 * cloudabi_path_resolve() - walk a path beneath a directory capability
 * @dir: the directory capability; its rights are the caller's to check
 * @name: the path, from cloudabi_path_copy()
 * @follow: follow a symbolic link in the last component
 * @out: the result, to path_put()
 *
 * Return: 0, or a negative error: -ENOTCAPABLE for any way out of the
 * tree (see above), -ENOTDIR when @dir is not a directory, and the walk's
 * own errors (ENOENT, ENOTDIR, ELOOP for a link loop within the tree,
 * EACCES, ENAMETOOLONG).
 */
static int cloudabi_path_resolve(const struct cloudabi_cap *dir,
				 const char *name, bool follow,
				 struct path *out)
{
	int err = cloudabi_path_check(name);

	if (err)
		return err;
	return cloudabi_path_resolve_at(&dir->inner->f_path, name, follow, out);
}

/**
 * cloudabi_path_lookup() - resolve a caller's path beneath the directory
 *	capability in one of its slots
 * @fd: the slot
 * @right: the right the slot must hold
 * @upath: user address of the path
 * @len: its length
 * @follow: follow a symbolic link in the last component
 * @out: the result, to path_put()
 *
 * The path is copied in before the slot is looked up, so a fault or a
 * bad path is reported the same whatever the slot holds.
 *
 * Return: 0, or the errors of cloudabi_path_copy(), cloudabi_cap_get()
 * and cloudabi_path_resolve().
 */
int cloudabi_path_lookup(u32 fd, u64 right, u64 upath, u64 len, bool follow,
			 struct path *out)
{
	struct cloudabi_cap *dir;
	struct file *file;
	char *name;
	int err;

	name = cloudabi_path_copy(upath, len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	dir = cloudabi_cap_get(fd, right, &file, &err);
	if (dir) {
		err = cloudabi_path_resolve(dir, name, follow, out);
		fput(file);
	}
	kfree(name);
	return err;
}

/* Split @name into its directory part (in place) and last component. */
static const char *split_last(char *name, bool *trailing_slash)
{
	size_t len = strlen(name);
	char *slash;

	*trailing_slash = false;
	while (len > 1 && name[len - 1] == '/') {
		name[--len] = '\0';
		*trailing_slash = true;
	}
	slash = strrchr(name, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return slash + 1;
}

static bool is_dot_or_dotdot(const char *s)
{
	return !strcmp(s, ".") || !strcmp(s, "..");
}

/*
 * Open the file a followed path resolved to.  A directory opens as "."
 * of itself; anything else opens by its name in its parent, without
 * following, and must turn out to be the very dentry resolved: a rename
 * in between is -EAGAIN, never another file.
 */
static struct file *open_resolved(const struct path *p, int flags)
{
	struct name_snapshot last;
	struct path at, parent;
	struct file *f;

	if (d_is_dir(p->dentry)) {
		/* open(2) of an existing directory with O_CREAT. */
		if (flags & O_CREAT)
			return ERR_PTR(flags & O_EXCL ? -EEXIST : -EISDIR);
		return file_open_root(p, ".", flags, 0);
	}
	/*
	 * A file mounted on a file (a bind mount) is the root of its mount:
	 * its name lives in the directory of the mountpoint it covers, in
	 * the mount above.  Its own d_parent is in another tree entirely.
	 */
	at = *p;
	path_get(&at);
	while (at.dentry == at.mnt->mnt_root && follow_up(&at))
		;
	parent.mnt = at.mnt;
	parent.dentry = dget_parent(at.dentry);
	take_dentry_name_snapshot(&last, at.dentry);
	f = file_open_root(&parent, last.name.name, flags | O_NOFOLLOW, 0666);
	release_dentry_name_snapshot(&last);
	dput(parent.dentry);
	path_put(&at);
	if (!IS_ERR(f) && (f->f_path.dentry != p->dentry ||
			   f->f_path.mnt != p->mnt)) {
		fput(f);
		return ERR_PTR(-EAGAIN);
	}
	return f;
}

/*
 * O_CREAT through a dangling link creates what the link names, as open(2)
 * does.  The link's contents take its place in the path, and the open
 * starts over beneath the capability, so the new name is held to the
 * tree like any other.  Return: the new path to kfree(), NULL when the
 * last component is no link, or an ERR_PTR: -ENOTCAPABLE for an absolute
 * or a procfs link, -ENAMETOOLONG.
 */
static char *through_dangling_link(const struct path *parent,
				   const char *whole, const char *last)
{
	DEFINE_DELAYED_CALL(done);
	const char *body;
	struct path link;
	char *again;
	int err;

	/* One component, never "." or "..": it cannot leave @parent. */
	err = vfs_path_lookup(parent->dentry, parent->mnt, last, 0, &link);
	if (err == -ENOENT)
		return NULL;
	if (err)
		return ERR_PTR(err);
	if (!d_is_symlink(link.dentry)) {
		path_put(&link);
		return NULL;
	}
	/*
	 * procfs links (fd/N, exe, ns/...) jump rather than name a path,
	 * and their ->get_link() needs a walk in progress: outside one it
	 * dereferences a NULL nameidata.  A walk beneath the capability
	 * refuses them, and so does this.  It can meet one only when a
	 * racing rename made the walk above miss what this lookup finds.
	 */
	if (link.dentry->d_sb->s_magic == PROC_SUPER_MAGIC) {
		path_put(&link);
		return ERR_PTR(-ENOTCAPABLE);
	}
	body = vfs_get_link(link.dentry, &done);
	if (IS_ERR(body))
		again = ERR_CAST(body);
	else if (*body == '/')
		again = ERR_PTR(-ENOTCAPABLE);
	else
		again = kasprintf(GFP_KERNEL, "%.*s%s", (int)(last - whole),
				  whole, body);
	do_delayed_call(&done);
	path_put(&link);
	if (!again)
		return ERR_PTR(-ENOMEM);
	if (!IS_ERR(again) && strlen(again) >= PATH_MAX) {
		kfree(again);
		return ERR_PTR(-ENAMETOOLONG);
	}
	return again;
}

/*
 * The directory a bare name is opened in: the capability's own.  A walk
 * of "." would check nothing that opening the name in it does not check
 * again (search permission), and costs as much as the open's own walk.
 */
static int directory_itself(const struct cloudabi_cap *dir,
			    struct path *out)
{
	if (!d_is_dir(dir->inner->f_path.dentry))
		return -ENOTDIR;
	*out = dir->inner->f_path;
	path_get(out);
	return 0;
}

/*
 * One open of @name beneath @dir (see cloudabi_path_open()).  Return: the
 * file or an ERR_PTR, or NULL with *@again set to the path to open instead
 * (through a dangling link, with O_CREAT).
 */
static struct file *open_beneath(const struct cloudabi_cap *dir, char *name,
				 int flags, bool follow, char **again)
{
	struct path parent, target;
	char *whole = name;
	const char *last;
	bool trailing;
	struct file *f;
	int err, tries = RESOLVE_RETRIES;

	err = cloudabi_path_check(name);
	if (err)
		return ERR_PTR(err);
	last = split_last(name, &trailing);
	/* A trailing slash names a directory, which O_CREAT never makes. */
	if (trailing && (flags & O_CREAT))
		return ERR_PTR(-EISDIR);
	/* It also follows a final link, as in any walk (and as stat does). */
	if (trailing) {
		flags |= O_DIRECTORY;
		follow = true;
	}
	if (last && !*name)
		return ERR_PTR(-ENOTCAPABLE);
	/* O_CREAT | O_EXCL never follows a final link, as in open(2). */
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		follow = false;
	if (last) {
		err = cloudabi_path_resolve(dir, name, true, &parent);
	} else {
		last = name;
		err = directory_itself(dir, &parent);
	}
	if (err)
		return ERR_PTR(err);
	/* The whole path again, for the walks below. */
	if (last != whole)
		whole[last - whole - 1] = '/';
	do {
		/*
		 * A last ".." or a followed link is resolved whole, beneath
		 * the capability rather than the parent: "sub/.." and a link
		 * sub/up -> ../file stay inside the tree.
		 */
		if (is_dot_or_dotdot(last) || follow) {
			err = cloudabi_path_resolve(dir, whole, true, &target);
			if (!err) {
				f = open_resolved(&target, flags);
				path_put(&target);
				continue;
			}
			/* Nothing there yet: create it by name below. */
			if (err != -ENOENT || !(flags & O_CREAT) ||
			    is_dot_or_dotdot(last)) {
				f = ERR_PTR(err);
				break;
			}
			*again = through_dangling_link(&parent, whole, last);
			if (*again) {
				f = IS_ERR(*again) ? ERR_CAST(*again) : NULL;
				if (IS_ERR(*again))
					*again = NULL;
				break;
			}
		}
		f = file_open_root(&parent, last, flags | O_NOFOLLOW, 0666);
	} while (f == ERR_PTR(-EAGAIN) && --tries);
	path_put(&parent);
	return f;
}

/**
 * cloudabi_path_open() - open a path beneath a directory capability
 * @dir: the directory capability; its rights are the caller's to check
 * @name: the path, from cloudabi_path_copy(); modified
 * @flags: open(2) flags (O_CREAT, O_EXCL, O_TRUNC, O_DIRECTORY, access)
 * @follow: follow a symbolic link in the last component
 *
 * The directory part is resolved beneath @dir; the last component is
 * then opened inside it with file_open_root(), which does the permission
 * checks, creation and truncation.  It is never "..": such paths are
 * resolved whole first.  A followed link is resolved beneath @dir before
 * anything is opened, so O_CREAT or O_TRUNC never act outside the tree;
 * a dangling one with O_CREAT is replaced by its contents and the open
 * made again, at most MAXSYMLINKS times.
 *
 * Return: the open file, or an ERR_PTR: -ENOTCAPABLE for any way out of
 * the tree, -ELOOP for a final link without @follow or too many dangling
 * links, and the errors of open(2).
 */
struct file *cloudabi_path_open(const struct cloudabi_cap *dir, char *name,
				int flags, bool follow)
{
	char *again = NULL, *path;
	struct file *f;
	int links = 0;

	f = open_beneath(dir, name, flags, follow, &again);
	while (again) {
		path = again;
		again = NULL;
		f = ++links > MAXSYMLINKS ? ERR_PTR(-ELOOP) :
			open_beneath(dir, path, flags, follow, &again);
		kfree(path);
	}
	return f;
}

/**
 * cloudabi_path_parent() - resolve the directory part of a path beneath
 *	a directory capability, for a call that acts on its last component
 * @dir: the directory capability
 * @name: the path, from cloudabi_path_copy(); modified
 * @parent: set to the resolved directory, to path_put()
 * @last: set to the last component, inside @name
 * @trailing_slash: set when @name ended in '/': the caller's last
 *	component must then be a directory, as in POSIX
 *
 * Return: 0, -ENOTCAPABLE for a path out of the tree, -EINVAL for a last
 * component of "." or ".." (nothing to create or remove there), -ENOTDIR
 * when the directory part names something else, or the walk's errors.
 */
static int cloudabi_path_parent(const struct cloudabi_cap *dir, char *name,
				struct path *parent, const char **last,
				bool *trailing_slash)
{
	char *path = name;
	struct path probe;
	int err;

	err = cloudabi_path_check(name);
	if (err)
		return err;
	*last = split_last(name, trailing_slash);
	if (!*last) {
		*last = name;
		name = ".";
	} else if (!*name) {
		return -ENOTCAPABLE;
	}
	if (!is_dot_or_dotdot(*last)) {
		err = cloudabi_path_resolve(dir, name, true, parent);
		/*
		 * The caller looks the last component up in this directory
		 * itself: a file here would reach a NULL ->lookup.
		 */
		if (!err && !d_can_lookup(parent->dentry)) {
			path_put(parent);
			err = -ENOTDIR;
		}
		return err;
	}
	/*
	 * Nothing to act on at "." or "..": EINVAL, once the whole path is
	 * known to stay in the tree (from the capability, not the parent).
	 */
	if (*last != path)
		path[*last - path - 1] = '/';
	err = cloudabi_path_resolve(dir, path, false, &probe);
	if (!err)
		path_put(&probe);
	return err ? err : -EINVAL;
}

/*
 * A trailing slash follows a final link, as POSIX has it: "link/" names
 * the directory the link leads to.  The calls act on the link's own name
 * under its parent's lock, where no walk may run (it could need that very
 * lock), so the walk through the link is made here, before: it decides
 * only which error the call gives, never what it acts on.
 */
static int walk_with_slash(const struct cloudabi_cap *dir, const char *name)
{
	size_t len = strlen(name);
	struct path probe;
	int err;

	if (len < 2 || name[len - 1] != '/' || cloudabi_path_check(name))
		return 0;
	err = cloudabi_path_resolve(dir, name, true, &probe);
	if (!err)
		path_put(&probe);
	return err;
}

/**
 * cloudabi_last_get() - split and resolve a caller's path beneath the
 *	directory capability in one of its slots
 * @last: filled in; release with cloudabi_last_put() on success
 * @fd: the slot
 * @right: the right it must hold
 * @upath: user address of the path
 * @len: its length
 *
 * Return: 0, or the errors of cloudabi_path_copy(), cloudabi_cap_get()
 * and cloudabi_path_parent().
 */
int cloudabi_last_get(struct cloudabi_last *last, u32 fd, u64 right,
		      u64 upath, u64 len)
{
	struct cloudabi_cap *dir;
	struct file *file;
	int err;

	last->buf = cloudabi_path_copy(upath, len);
	if (IS_ERR(last->buf))
		return PTR_ERR(last->buf);
	dir = cloudabi_cap_get(fd, right, &file, &err);
	if (dir) {
		last->slash_walk = walk_with_slash(dir, last->buf);
		err = cloudabi_path_parent(dir, last->buf, &last->parent,
					   &last->name, &last->trailing_slash);
		fput(file);
	}
	if (err)
		kfree(last->buf);
	return err;
}

/**
 * cloudabi_last_put() - release what cloudabi_last_get() took
 * @last: a split path
 */
void cloudabi_last_put(struct cloudabi_last *last)
{
	path_put(&last->parent);
	kfree(last->buf);
}

#ifdef CLOUDABI_KUNIT
/* The suite is built into the module that it tests (make kunit). */
#include "../kunit/path_test.c"
#endif
