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
 */

#include <linux/anon_inodes.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

#include <cloudabi_gate.h>

#include "binfmt.h"
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
	return 0;
}

static const struct file_operations gate_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = gate_ioctl,
	.release = gate_release,
	.llseek = no_llseek,
};

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
	file = anon_inode_getfile("[cloudabi-gate]", &gate_fops, mm, O_RDWR);
	if (IS_ERR(file)) {
		mmdrop(mm);
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	fd_install(fd, file);
	return fd;
}
