// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - proc_fork: children and their process descriptors
 *
 * The fork itself is a clone(2) in the vDSO, with the one fork flag set
 * the seccomp filter allows.  The parent then adopts the child through the
 * gate (cloudabi_cmd_proc_adopt()), which gives it a process descriptor:
 * a capability over a module file that holds the child's pid and leader.
 * The child, meanwhile, waits in the gate (cloudabi_cmd_proc_forked())
 * until it is adopted, so it cannot run, or exit, before its descriptor
 * exists.  A process made by a raw clone that nobody adopts can use no
 * gate call at all: the gate serves the address space it was made for
 * and adopted ones only (cloudabi_process_adopted()).
 *
 * Children are reaped by the kernel (SIGCHLD is ignored from start-up,
 * and no CloudABI call waits): the descriptor keeps the leader's task
 * struct, whose exit code poll reads, and closing the last reference to
 * it kills the child.
 */

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/poll.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "binfmt.h"
#include "capability.h"
#include "process.h"
#include "rights.h"
#include "generated/syscall_table.h"

/* An adopted child's address space; its gate calls are served. */
struct adopted {
	struct hlist_node node;
	struct mm_struct *mm;	/* grabbed: the address cannot be reused */
};

static DEFINE_SPINLOCK(adopted_lock);
static DEFINE_HASHTABLE(adopted_mms, 6);
static DECLARE_WAIT_QUEUE_HEAD(adopted_wait);

/* Forget the children that are gone (their address space is). */
static void adopted_sweep_locked(struct hlist_head *gone)
{
	struct adopted *a;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(adopted_mms, bkt, tmp, a, node) {
		if (!atomic_read(&a->mm->mm_users)) {
			hash_del(&a->node);
			hlist_add_head(&a->node, gone);
		}
	}
}

static void adopted_free(struct hlist_head *gone)
{
	struct adopted *a;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(a, tmp, gone, node) {
		mmdrop(a->mm);
		kfree(a);
	}
}

/**
 * cloudabi_process_adopted() - whether an address space is an adopted child
 * @mm: the caller's
 *
 * Return: true when a parent adopted the process it belongs to.
 */
bool cloudabi_process_adopted(struct mm_struct *mm)
{
	struct adopted *a;
	bool found = false;

	spin_lock(&adopted_lock);
	hash_for_each_possible(adopted_mms, a, node, (unsigned long)mm)
		found |= a->mm == mm;
	spin_unlock(&adopted_lock);
	return found;
}

/*
 * Record @mm as adopted in @a, unless it is already: the check and the
 * insert under one lock, so that no child is adopted twice.
 */
static bool adopt_mm(struct adopted *a, struct mm_struct *mm)
{
	struct adopted *old;
	HLIST_HEAD(gone);
	bool fresh = true;

	spin_lock(&adopted_lock);
	hash_for_each_possible(adopted_mms, old, node, (unsigned long)mm)
		fresh &= old->mm != mm;
	if (fresh) {
		adopted_sweep_locked(&gone);
		mmgrab(mm);
		a->mm = mm;
		hash_add(adopted_mms, &a->node, (unsigned long)mm);
	}
	spin_unlock(&adopted_lock);
	adopted_free(&gone);
	return fresh;
}

/**
 * cloudabi_process_exit() - forget every adopted address space
 */
void cloudabi_process_exit(void)
{
	struct adopted *a;
	struct hlist_node *tmp;
	HLIST_HEAD(gone);
	int bkt;

	spin_lock(&adopted_lock);
	hash_for_each_safe(adopted_mms, bkt, tmp, a, node) {
		hash_del(&a->node);
		hlist_add_head(&a->node, &gone);
	}
	spin_unlock(&adopted_lock);
	adopted_free(&gone);
}

/* What a process descriptor's file holds. */
struct process {
	struct pid *pid;
	spinlock_t lock;
	struct task_struct *leader;	/* under lock */
};

/*
 * The process's leader now.  An exec by another thread makes that thread
 * the leader under the same pid (de_thread()) and releases the old one,
 * whose thread list no longer says anything about the process.
 */
static struct task_struct *process_leader(struct process *proc)
{
	struct task_struct *now = get_pid_task(proc->pid, PIDTYPE_TGID);
	struct task_struct *old = NULL, *leader;

	spin_lock(&proc->lock);
	if (now && now != proc->leader) {
		old = proc->leader;
		proc->leader = now;
		now = NULL;
	}
	leader = proc->leader;
	get_task_struct(leader);
	spin_unlock(&proc->lock);
	if (old)
		put_task_struct(old);
	if (now)
		put_task_struct(now);
	return leader;
}

/*
 * The whole process is gone: reaped (no task has its pid as a process),
 * or its leader has exited and no thread is left.  The caller holds a
 * reference to @leader.
 */
static bool process_exited(struct process *proc, struct task_struct *leader)
{
	return !pid_has_task(proc->pid, PIDTYPE_TGID) ||
	       (READ_ONCE(leader->exit_state) && thread_group_empty(leader));
}

static int process_release(struct inode *inode, struct file *file)
{
	struct process *proc = file->private_data;
	struct task_struct *leader = process_leader(proc);

	if (!process_exited(proc, leader))
		kill_pid(proc->pid, SIGKILL, 1);
	put_task_struct(leader);
	put_task_struct(proc->leader);
	put_pid(proc->pid);
	kfree(proc);
	return 0;
}

static __poll_t process_poll(struct file *file, poll_table *pt)
{
	struct process *proc = file->private_data;
	struct task_struct *leader;
	bool exited;

	poll_wait(file, &proc->pid->wait_pidfd, pt);
	leader = process_leader(proc);
	exited = process_exited(proc, leader);
	put_task_struct(leader);
	return exited ? EPOLLIN | EPOLLRDNORM | EPOLLHUP : 0;
}

static const struct file_operations process_fops = {
	.owner = THIS_MODULE,
	.release = process_release,
	.poll = process_poll,
	.llseek = no_llseek,
};

/* Linux signals that end a process, as CloudABI's numbers. */
static u8 cloudabi_signal_of(int sig)
{
	static const u8 map[] = {
		[SIGABRT] = CLOUDABI_SIGABRT,	[SIGALRM] = CLOUDABI_SIGALRM,
		[SIGBUS] = CLOUDABI_SIGBUS,	[SIGFPE] = CLOUDABI_SIGFPE,
		[SIGHUP] = CLOUDABI_SIGHUP,	[SIGILL] = CLOUDABI_SIGILL,
		[SIGINT] = CLOUDABI_SIGINT,	[SIGKILL] = CLOUDABI_SIGKILL,
		[SIGPIPE] = CLOUDABI_SIGPIPE,	[SIGQUIT] = CLOUDABI_SIGQUIT,
		[SIGSEGV] = CLOUDABI_SIGSEGV,	[SIGSYS] = CLOUDABI_SIGSYS,
		[SIGTERM] = CLOUDABI_SIGTERM,	[SIGTRAP] = CLOUDABI_SIGTRAP,
		[SIGUSR1] = CLOUDABI_SIGUSR1,	[SIGUSR2] = CLOUDABI_SIGUSR2,
		[SIGVTALRM] = CLOUDABI_SIGVTALRM, [SIGXCPU] = CLOUDABI_SIGXCPU,
		[SIGXFSZ] = CLOUDABI_SIGXFSZ,
	};

	return sig > 0 && sig < ARRAY_SIZE(map) && map[sig] ? map[sig] :
	       CLOUDABI_SIGKILL;
}

/**
 * cloudabi_process_status() - how a child ended, once it has
 * @inner: the inner file of a process descriptor
 * @signal: set to the CloudABI signal that killed it, or 0
 * @exitcode: set to its exit code when it exited
 *
 * Return: false when @inner is no process descriptor or the process is
 * still running.
 */
bool cloudabi_process_status(struct file *inner, u8 *signal, u32 *exitcode)
{
	struct task_struct *leader;
	struct process *proc;
	int code;

	if (inner->f_op != &process_fops)
		return false;
	proc = inner->private_data;
	leader = process_leader(proc);
	if (!process_exited(proc, leader)) {
		put_task_struct(leader);
		return false;
	}
	/* The group's code when the process ended as one (exit_group). */
	code = READ_ONCE(leader->signal->group_exit_code);
	if (!(READ_ONCE(leader->signal->flags) & SIGNAL_GROUP_EXIT))
		code = READ_ONCE(leader->exit_code);
	put_task_struct(leader);
	*signal = code & 0x7f ? cloudabi_signal_of(code & 0x7f) : 0;
	*exitcode = code & 0x7f ? 0 : (code >> 8) & 0xff;
	return true;
}

/* The caller's own child @nr, a CloudABI process, as a pid and leader. */
static struct task_struct *own_child(pid_t nr, struct pid **pidp)
{
	struct task_struct *task;
	struct mm_struct *mm;
	struct pid *pid;
	bool ours;

	pid = find_get_pid(nr);
	task = pid ? get_pid_task(pid, PIDTYPE_PID) : NULL;
	if (!task)
		goto fail;
	rcu_read_lock();
	/* ... and a child of this image, not of one the process exec'd from. */
	ours = thread_group_leader(task) &&
	       rcu_dereference(task->real_parent)->tgid == current->tgid &&
	       task->parent_exec_id == READ_ONCE(current->self_exec_id);
	rcu_read_unlock();
	mm = ours ? get_task_mm(task) : NULL;
	ours = mm && cloudabi_mm_is_cloudabi(mm) && mm != current->mm;
	if (mm)
		mmput(mm);
	if (!ours)
		goto fail;
	*pidp = pid;
	return task;

fail:
	if (task)
		put_task_struct(task);
	put_pid(pid);
	return NULL;
}

/*
 * A process descriptor for @task: a capability over a new process file.
 * The references to @pid and @task pass to it, on failure too.
 */
static struct file *process_capability(struct pid *pid,
				       struct task_struct *task)
{
	struct cloudabi_rights rights;
	struct process *proc;
	struct file *file;

	proc = kzalloc(sizeof(*proc), GFP_KERNEL_ACCOUNT);
	if (!proc) {
		file = ERR_PTR(-ENOMEM);
		goto fail;
	}
	proc->pid = pid;
	spin_lock_init(&proc->lock);
	proc->leader = task;
	file = anon_inode_getfile("[cloudabi-process]", &process_fops, proc,
				  O_RDONLY);
	if (IS_ERR(file)) {
		kfree(proc);
		goto fail;
	}
	cloudabi_rights_max(CLOUDABI_FILETYPE_PROCESS, 0, false, &rights);
	return cloudabi_cap_file_typed(file, CLOUDABI_FILETYPE_PROCESS,
				       &rights);

fail:
	put_task_struct(task);
	put_pid(pid);
	return file;
}

/**
 * cloudabi_cmd_proc_adopt() - the parent's half of proc_fork
 * @args: pid, the child clone(2) just made
 * @res: fd, the process descriptor
 *
 * The child must be the caller's own, a CloudABI process with an address
 * space of its own, not yet adopted.  Everything that can fail is done
 * before the child is let go (adoption wakes it) and the descriptor
 * installed, which cannot fail; a child that cannot be given a descriptor
 * is killed before it ever runs: nothing may run that no descriptor
 * controls.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-ESRCH: no such child of the caller, or it is adopted already;
 * - %-EMFILE, %-ENFILE, %-ENOMEM: no descriptor for it (the child is
 *   killed).
 */
long cloudabi_cmd_proc_adopt(const struct cloudabi_gate_proc_adopt *args,
			     struct cloudabi_result_proc_adopt *res)
{
	struct adopted *entry = NULL;
	struct task_struct *task;
	struct file *cap = NULL;
	struct mm_struct *mm;
	struct pid *pid;
	int fd = -1, err;

	task = own_child(args->pid, &pid);
	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	if (!mm || cloudabi_process_adopted(mm)) {
		put_task_struct(task);
		err = -ESRCH;
		goto out;
	}
	cap = process_capability(get_pid(pid), task);
	err = PTR_ERR_OR_ZERO(cap);
	if (!err) {
		entry = kzalloc(sizeof(*entry), GFP_KERNEL_ACCOUNT);
		err = entry ? 0 : -ENOMEM;
	}
	if (!err) {
		fd = get_unused_fd_flags(0);
		err = min(fd, 0);
	}
	/* Lost a race with another thread adopting it: killed all the same. */
	if (!err && !adopt_mm(entry, mm))
		err = -ESRCH;
	if (err) {
		kill_pid(pid, SIGKILL, 1);
		if (fd >= 0)
			put_unused_fd(fd);
		if (!IS_ERR_OR_NULL(cap))
			fput(cap);
		kfree(entry);
		goto out;
	}
	fd_install(fd, cap);
	wake_up_all(&adopted_wait);
	res->fd = fd;
out:
	if (mm)
		mmput(mm);
	put_pid(pid);
	return err;
}

/* How long a child waits for its parent to adopt it. */
#define FORKED_WAIT_LIMIT (30 * HZ)

/*
 * The parent is gone, no CloudABI process, or another image: nobody will
 * adopt us.  An exec by another of its threads kills the forking thread
 * before it adopts, and the child must not outlive the image it copied.
 */
static bool orphaned(void)
{
	struct task_struct *parent;
	struct mm_struct *mm;
	bool gone;

	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	get_task_struct(parent);
	rcu_read_unlock();
	mm = get_task_mm(parent);
	gone = !mm || !cloudabi_mm_is_cloudabi(mm) ||
	       (READ_ONCE(parent->flags) & PF_EXITING) ||
	       current->parent_exec_id != READ_ONCE(parent->self_exec_id);
	if (mm)
		mmput(mm);
	put_task_struct(parent);
	return gone;
}

/**
 * cloudabi_cmd_proc_forked() - the child's half of proc_fork
 *
 * Waits until the parent has adopted the caller, so that a child runs
 * only once its process descriptor exists.  The parent adopts at once; a
 * parent that cannot (another of its threads closed the gate in between,
 * say) must not leave the child waiting for ever, holding a copy of its
 * table.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-ECHILD: the parent died or exec'd first (the vDSO then ends the
 *   child);
 * - %-ETIMEDOUT: no adoption within FORKED_WAIT_LIMIT;
 * - %-ERESTARTSYS: a signal, as for any wait.
 */
long cloudabi_cmd_proc_forked(void)
{
	unsigned long deadline = jiffies + FORKED_WAIT_LIMIT;
	long ret;

	for (;;) {
		ret = wait_event_interruptible_timeout(adopted_wait,
				cloudabi_process_adopted(current->mm),
				HZ / 10);
		if (ret > 0 || cloudabi_process_adopted(current->mm))
			return 0;
		if (ret < 0)
			return ret;
		if (orphaned())
			return -ECHILD;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
	}
}
