// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - proc_exec
 *
 * An exec from a CloudABI process runs in two halves.  The gate's half,
 * cloudabi_sys_proc_exec(), checks everything a program can get wrong
 * (the executable's right, type and headers, the argument data, every
 * descriptor to keep) and records the result for the calling thread,
 * holding its own references; nothing in the process changes.  The vDSO
 * then calls execveat() on its gate (module/gate_file.c).  binfmt sees
 * the gate first and hands the exec core the recorded image as an
 * interpreter, as binfmt_misc does, so that what the kernel checks,
 * write-protects and shows as the executable is the image itself; on the
 * image, binfmt takes the record and builds the new process from it alone
 * once the exec is committed.  Until the point of no return any failure
 * leaves the caller as it was.
 *
 * A record belongs to one task, and a process keeps one at most: any
 * proc_exec of the process drops what it had.  A task that dies between
 * the halves leaves its record behind until the next prune: any
 * proc_exec, any gate closing, and the end of any CloudABI address space
 * (module/vdso_map.c).
 */

#include <linux/binfmts.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/mount.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "binfmt.h"
#include "capability.h"
#include "common.h"
#include "exec.h"
#include "generated/syscall_table.h"
#include "vdso_map.h"

/*
 * Linux's own default bound on a descriptor table (fs.nr_open): a larger
 * RLIMIT_NOFILE must not let one call allocate beyond what kvmalloc()
 * allows.
 */
#define EXEC_MAX_FDS (1U << 20)

static DEFINE_SPINLOCK(exec_lock);
static LIST_HEAD(exec_pending);

static void exec_free(struct cloudabi_exec *e)
{
	unsigned int i;

	if (!e)
		return;
	if (e->image)
		fput(e->image);
	for (i = 0; i < e->nfds; i++)
		if (e->fds[i])
			fput(e->fds[i]);
	kvfree(e->fds);
	kvfree(e->data);
	put_task_struct(e->task);
	kfree(e);
}

/**
 * cloudabi_exec_release() - drop a record binfmt claimed
 * @e: the record, or NULL
 */
void cloudabi_exec_release(struct cloudabi_exec *e)
{
	exec_free(e);
}

static struct cloudabi_exec *find_locked(struct task_struct *task)
{
	struct cloudabi_exec *e;

	lockdep_assert_held(&exec_lock);
	list_for_each_entry(e, &exec_pending, node)
		if (e->task == task)
			return e;
	return NULL;
}

/**
 * cloudabi_exec_prepared() - whether the current task has prepared an exec
 *
 * Return: true between the gate's half of proc_exec and the exec.
 */
bool cloudabi_exec_prepared(void)
{
	struct cloudabi_exec *e;
	bool found;

	spin_lock(&exec_lock);
	e = find_locked(current);
	found = e && !e->begun;
	spin_unlock(&exec_lock);
	return found;
}

/**
 * cloudabi_exec_begin() - binfmt's first pass, on the gate
 *
 * Marks the current task's prepared exec as begun: the gate cannot be
 * opened for it again, and only its image can finish it.
 *
 * Return: the record, still on the list, or NULL.
 */
struct cloudabi_exec *cloudabi_exec_begin(void)
{
	struct cloudabi_exec *e;

	spin_lock(&exec_lock);
	e = find_locked(current);
	if (e && e->begun)
		e = NULL;
	if (e)
		e->begun = true;
	spin_unlock(&exec_lock);
	return e;
}

/**
 * cloudabi_exec_take() - binfmt's second pass, on the image
 * @image: bprm->file, which must be the record's image itself
 *
 * Return: the record, which the caller now owns, or NULL.
 */
struct cloudabi_exec *cloudabi_exec_take(struct file *image)
{
	struct cloudabi_exec *e;

	spin_lock(&exec_lock);
	e = find_locked(current);
	if (e && (!e->begun || e->image != image))
		e = NULL;
	if (e)
		list_del(&e->node);
	spin_unlock(&exec_lock);
	return e;
}

static void prune(bool all)
{
	struct cloudabi_exec *e, *next;
	LIST_HEAD(dead);

	spin_lock(&exec_lock);
	list_for_each_entry_safe(e, next, &exec_pending, node)
		if (all || (e->task->flags & PF_EXITING))
			list_move(&e->node, &dead);
	spin_unlock(&exec_lock);
	list_for_each_entry_safe(e, next, &dead, node)
		exec_free(e);
}

/**
 * cloudabi_exec_prune() - free the records of tasks that are gone
 */
void cloudabi_exec_prune(void)
{
	prune(false);
}

/**
 * cloudabi_exec_exit() - free every record, at module unload (no
 *	CloudABI process is left to make one)
 */
void cloudabi_exec_exit(void)
{
	prune(true);
}

/*
 * Drops what the current process has recorded: its threads' records (a
 * process keeps one at most, so dead threads' records cannot pile up),
 * and the current task's, even begun (an exec that failed after the gate's
 * pass), so that a failed exec keeps no descriptor alive.
 */
static void drop_process_records(void)
{
	struct cloudabi_exec *e, *next;
	LIST_HEAD(old);

	spin_lock(&exec_lock);
	list_for_each_entry_safe(e, next, &exec_pending, node)
		if (e->task->signal == current->signal)
			list_move(&e->node, &old);
	spin_unlock(&exec_lock);
	list_for_each_entry_safe(e, next, &old, node)
		exec_free(e);
}

/* Records the current task's exec, the only one of its process. */
static void exec_publish(struct cloudabi_exec *e)
{
	drop_process_records();
	spin_lock(&exec_lock);
	list_add(&e->node, &exec_pending);
	spin_unlock(&exec_lock);
	cloudabi_exec_prune();
}

/* do_open_execat()'s checks, made on the file behind the capability. */
static struct file *open_image(const struct path *path)
{
	struct inode *inode = d_inode(path->dentry);
	struct file *image;
	int err;

	if (!S_ISREG(inode->i_mode) || (path->mnt->mnt_flags & MNT_NOEXEC) ||
	    (path->mnt->mnt_sb->s_iflags & SB_I_NOEXEC))
		return ERR_PTR(-EACCES);
	err = inode_permission(compat_mnt_idmap(path->mnt), inode, MAY_EXEC);
	if (err)
		return ERR_PTR(err);
	image = dentry_open(path, O_RDONLY | O_LARGEFILE | __FMODE_EXEC,
			    current_cred());
	if (IS_ERR(image))
		return image;
	err = cloudabi_binfmt_check_image(image);
	if (err) {
		fput(image);
		return ERR_PTR(err);
	}
	return image;
}

/* Exec's own bound on the argument strings, for the argument data. */
static unsigned long exec_data_limit(void)
{
	unsigned long limit = min_t(unsigned long, _STK_LIM / 4 * 3,
				    rlimit(RLIMIT_STACK) / 4);

	return max_t(unsigned long, limit, ARG_MAX);
}

static int copy_data(struct cloudabi_exec *e, u64 uptr, u64 len)
{
	if (len > exec_data_limit())
		return -E2BIG;
	e->data = kvmalloc(len ? len : 1, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!e->data)
		return -ENOMEM;
	if (copy_from_user(e->data, u64_to_user_ptr(uptr), len))
		return -EFAULT;
	e->data_len = len;
	return 0;
}

/*
 * The descriptor numbers are copied in once; each must be a capability
 * (never the gate), and the new table needs one slot more for its gate.
 */
static int take_fds(struct cloudabi_exec *e, u64 uptr, u64 len)
{
	cloudabi_fd_t *numbers;
	unsigned int i;
	int err = 0;

	if (len >= rlimit(RLIMIT_NOFILE) || len >= EXEC_MAX_FDS)
		return -EMFILE;
	numbers = kvmalloc_array(len ? len : 1, sizeof(*numbers),
				 GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	e->fds = kvcalloc(len ? len : 1, sizeof(*e->fds),
			  GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!numbers || !e->fds) {
		err = -ENOMEM;
		goto out;
	}
	if (copy_from_user(numbers, u64_to_user_ptr(uptr),
			   len * sizeof(*numbers))) {
		err = -EFAULT;
		goto out;
	}
	for (i = 0; i < len; i++) {
		e->fds[i] = fget(numbers[i]);
		e->nfds = i + 1;	/* exec_free() puts what was taken */
		if (!e->fds[i] || !cloudabi_cap_from_file(e->fds[i])) {
			err = -EBADF;
			break;
		}
	}
out:
	kvfree(numbers);
	return err;
}

/**
 * cloudabi_sys_proc_exec() - the gate's half of proc_exec
 * @args: fd, the executable; data and data_len, the new image's argument
 *	data; fds and fds_len, the descriptors that become 0 to fds_len - 1
 *
 * Checks and records the exec for the calling thread; the vDSO then
 * makes it with execveat() on the gate, which binfmt serves from the
 * record.  The process is not changed.  Any record its process had is
 * dropped first: a process keeps one at most, and the vDSO cancels a
 * failed execveat() with a call that fails (fd ~0).
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EBADF: @args->fd or an entry of fds is not a capability;
 * - %-ENOTCAPABLE: @args->fd lacks CLOUDABI_RIGHT_PROC_EXEC;
 * - %-EACCES: the executable is not a regular file, lies on a noexec
 *   mount or may not be executed;
 * - %-ENOEXEC: it is not a CloudABI executable for this machine (or its
 *   headers are broken);
 * - %-EPERM: it is set-user-ID, set-group-ID or has file capabilities;
 * - %-E2BIG: data is longer than exec allows argument strings to be;
 * - %-EMFILE: fds leaves no room below RLIMIT_NOFILE for the gate;
 * - %-EFAULT: data or fds is not readable;
 * - %-ENOMEM: out of memory.
 */
long cloudabi_sys_proc_exec(const struct cloudabi_gate_proc_exec *args)
{
	struct cloudabi_exec *e;
	struct cloudabi_cap *cap;
	struct file *capfile;
	int err;

	/* A new attempt, or the vDSO cancelling a failed execveat(). */
	drop_process_records();
	cap = cloudabi_cap_get(args->fd, CLOUDABI_RIGHT_PROC_EXEC, &capfile,
			       &err);
	if (!cap)
		return err;
	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e) {
		fput(capfile);
		return -ENOMEM;
	}
	get_task_struct(current);
	e->task = current;
	e->image = open_image(&cap->inner->f_path);
	fput(capfile);
	if (IS_ERR(e->image)) {
		err = PTR_ERR(e->image);
		e->image = NULL;
		goto fail;
	}
	err = copy_data(e, args->data, args->data_len);
	if (err)
		goto fail;
	err = take_fds(e, args->fds, args->fds_len);
	if (err)
		goto fail;
	/* The new vDSO goes where this one is: the filter trusts its sites. */
	e->vdso_base = cloudabi_vdso_base(current->mm);
	if (!e->vdso_base) {
		err = -EINVAL;
		goto fail;
	}
	exec_publish(e);
	return 0;

fail:
	exec_free(e);
	return err;
}
