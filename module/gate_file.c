// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the per-process gate file
 *
 * Each CloudABI process gets its own gate at exec: an anonymous file
 * whose ioctl is the way into the module.  The gate remembers the address
 * space it was made for and serves it and the children proc_fork made and
 * the parent adopted (module/process.c), which inherit it; it refuses
 * every other caller, so a gate that leaks (passed over a socket,
 * inherited by a native exec, kept by a child nobody adopted) is useless.
 * It is close-on-exec and never a capability, so CloudABI calls on its
 * number fail with EBADF.
 *
 * The gate is also how proc_exec reaches the exec core.  execveat() needs
 * a regular file, and seccomp cannot see its path, so the filter pins the
 * path to an empty string in the vDSO and the descriptor is whatever
 * execveat() finds in the slot: a capability (not a regular file, EACCES)
 * or a gate, which lives on the module's own pseudo filesystem as an
 * empty regular file.  Opening it succeeds only for an exec by a task
 * that has prepared one through the gate (module/exec.c); binfmt then
 * runs the executable that was prepared, never the gate's contents.
 */

#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include <cloudabi_gate.h>

#include "binfmt.h"
#include "exec.h"
#include "gate.h"
#include "gate_file.h"
#include "process.h"

static long gate_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct mm_struct *owner = file->private_data;

	if (current->mm != owner && !cloudabi_process_adopted(current->mm) &&
	    !(cmd == CLOUDABI_GATE_PROC_FORKED &&
	      cloudabi_mm_is_cloudabi(current->mm)))
		return -EPERM;
	return cloudabi_gate_result(cloudabi_gate_call(cmd,
						       (void __user *)arg));
}

static int gate_release(struct inode *inode, struct file *file)
{
	mmdrop(file->private_data);
	/* A process that prepared an exec and died before it. */
	cloudabi_exec_prune();
	return 0;
}

static const struct file_operations gate_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gate_ioctl,
	.release = gate_release,
	.llseek = no_llseek,
};

/*
 * What execveat() opens: the gate's inode again, with exec's flags.  Any
 * other open (a native process reaching /proc/PID/fd/N, say) is refused,
 * and so is an exec nobody prepared.
 */
static int gate_exec_open(struct inode *inode, struct file *file)
{
	if (!(file->f_flags & __FMODE_EXEC) || !cloudabi_exec_prepared())
		return -EACCES;
	return 0;
}

/* The exec core reads the first bytes for every handler: there are none. */
static ssize_t gate_exec_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return 0;
}

static const struct file_operations gate_exec_fops = {
	.owner = THIS_MODULE,
	.open = gate_exec_open,
	.read_iter = gate_exec_read_iter,
	.llseek = no_llseek,
};

#define CLOUDABI_GATEFS_MAGIC 0x43414247	/* "GBAC" */

/* What /proc/PID/fd shows for a gate. */
static char *gate_dname(struct dentry *dentry, char *buffer, int buflen)
{
	static const char name[] = "cloudabi:[gate]";

	if (buflen < (int)sizeof(name))
		return ERR_PTR(-ENAMETOOLONG);
	buffer += buflen - sizeof(name);
	memcpy(buffer, name, sizeof(name));
	return buffer;
}

static const struct dentry_operations gatefs_dops = {
	.d_dname = gate_dname,
};

static int gatefs_init_fs_context(struct fs_context *fc)
{
	struct pseudo_fs_context *ctx = init_pseudo(fc, CLOUDABI_GATEFS_MAGIC);

	if (!ctx)
		return -ENOMEM;
	ctx->dops = &gatefs_dops;
	return 0;
}

/* No owner: the mount lives as long as the module, gates pin that. */
static struct file_system_type gatefs_type = {
	.name = "cloudabi-gate",
	.init_fs_context = gatefs_init_fs_context,
	.kill_sb = kill_anon_super,
};

static struct vfsmount *gate_mnt;

/**
 * cloudabi_gate_file_is_gate() - whether a file is opened on a gate inode
 * @file: any file (bprm->file, at exec)
 *
 * Return: true for a gate, or the same inode opened again by execveat().
 */
bool cloudabi_gate_file_is_gate(struct file *file)
{
	return gate_mnt && file_inode(file)->i_sb == gate_mnt->mnt_sb;
}

/*
 * Each gate has its own inode: an empty regular file the owner may
 * execute, whose opens gate_exec_fops decides.
 */
static struct file *gate_file(struct mm_struct *mm)
{
	struct inode *inode = alloc_anon_inode(gate_mnt->mnt_sb);
	struct file *file;

	if (IS_ERR(inode))
		return ERR_CAST(inode);
	inode->i_mode = S_IFREG | 0500;
	inode->i_fop = &gate_exec_fops;
	/* The module reference the file's release drops, as fops_get(). */
	__module_get(THIS_MODULE);
	file = alloc_file_pseudo(inode, gate_mnt, "[cloudabi-gate]", O_RDWR,
				 &gate_fops);
	if (IS_ERR(file)) {
		module_put(THIS_MODULE);
		iput(inode);
		return file;
	}
	file->private_data = mm;
	return file;
}

/**
 * cloudabi_gate_install() - give the current process its gate
 *
 * The owner is pinned with mmgrab() so that its address cannot be reused
 * by another address space while the gate exists.
 *
 * Return: the gate's descriptor number, or a negative error.
 */
int cloudabi_gate_install(void)
{
	struct mm_struct *mm = current->mm;
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	mmgrab(mm);
	file = gate_file(mm);
	if (IS_ERR(file)) {
		mmdrop(mm);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}

/**
 * cloudabi_gate_file_init() - mount the gates' pseudo filesystem
 *
 * Return: 0 or a negative error.
 */
int cloudabi_gate_file_init(void)
{
	gate_mnt = kern_mount(&gatefs_type);
	if (IS_ERR(gate_mnt)) {
		int err = PTR_ERR(gate_mnt);

		gate_mnt = NULL;
		return err;
	}
	/* Pseudo filesystems may default to noexec; execveat() needs it. */
	gate_mnt->mnt_sb->s_iflags &= ~SB_I_NOEXEC;
	return 0;
}

void cloudabi_gate_file_exit(void)
{
	kern_unmount(gate_mnt);
}
