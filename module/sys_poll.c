// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - poll: waiting for clocks and descriptors
 *
 * One call waits for any mix of subscriptions and reports one event for
 * each that fired.  A subscription that cannot be waited for (a bad descriptor, a missing right, an unknown clock) fires at once
 * with its error in its event; the others still work.  The wait is
 * poll(2)'s: every descriptor's wait queue through poll_initwait() and
 * vfs_poll(), then one sleep until the earliest clock, with that clock's
 * precision as slack, or until a queue wakes us.
 *
 * How the next subscriptions fit:
 * - PROC_TERMINATE: a process descriptor's inner file will have ->poll,
 *   readable once the child is gone; its event then carries the exit
 *   status.  Until process descriptors exist, no descriptor holds
 *   POLL_PROC_TERMINATE and such a subscription fires with an error.
 * - LOCK_RDLOCK, LOCK_WRLOCK, CONDVAR: futex waits, which the kernel does
 *   not export to modules, so the vDSO does them; the spec allows them
 *   only first and followed by at most one CLOCK, which the vDSO turns
 *   into the futex timeout.  The vDSO asks the gate first, which checks
 *   every array and answers ENOSYS when one comes first (the vDSO then
 *   waits, vdso/lock.c) and EINVAL anywhere else.
 *
 * A signal without a handler (CloudABI programs have none; SIGSTOP and
 * SIGCONT) restarts the call through the restart block, counting relative
 * timeouts from the first entry, so a restart never lengthens them.
 */

#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/net.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/pagemap.h>
#include <linux/restart_block.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <net/af_unix.h>
#include <net/sock.h>

#include "capability.h"
#include "errno_convert.h"
#include "gate.h"
#include "process.h"
#include "generated/syscall_table.h"

/* Subscriptions per call; more is EINVAL (about 224 KiB copied in). */
#define CLOUDABI_POLL_MAX	4096

/*
 * Subscriptions kept on the stack, as poll(2) keeps its first few: a
 * descriptor and a timeout, an event loop's common turn, allocate
 * nothing.  Two keep do_poll()'s frame small beside poll_wait_any()'s,
 * which KASAN already grows past 1 KiB.
 */
#define POLL_ON_STACK		2

/* How often a PROCESS_CPUTIME clock is read while other threads run. */
#define CPUTIME_RECHECK_NS	(10 * NSEC_PER_MSEC)

/**
 * struct poll_sub - what one subscription needs while the call waits
 * @file: the capability file of a descriptor subscription, or NULL
 * @inner: its inner file, which is polled
 * @want: the poll bits that make it fire
 * @deadline: a clock's timestamp, in the clock's own time
 * @fired: its event is written
 */
struct poll_sub {
	struct file *file;
	struct file *inner;
	__poll_t want;
	u64 deadline;
	bool fired;
};

/**
 * struct poller - one poll call
 * @subs: the caller's subscriptions, copied in once
 * @state: one per subscription
 * @events: the events written so far, in subscription order
 * @n: the number of subscriptions
 * @nevents: the number of events written
 * @base: CLOCK_MONOTONIC at the call's first entry; relative timeouts
 *	count from it, so a restart does not lengthen them
 * @allocated: the arrays were allocated, not a struct poll_small
 */
struct poller {
	cloudabi_subscription_t *subs;
	struct poll_sub *state;
	cloudabi_event_t *events;
	size_t n;
	size_t nevents;
	u64 base;
	bool allocated;
};

/* The arrays of a call with at most POLL_ON_STACK subscriptions. */
struct poll_small {
	cloudabi_subscription_t subs[POLL_ON_STACK];
	struct poll_sub state[POLL_ON_STACK];
	cloudabi_event_t events[POLL_ON_STACK];
};

static cloudabi_event_t *fire(struct poller *p, size_t i, int err)
{
	cloudabi_event_t *ev = &p->events[p->nevents++];

	memset(ev, 0, sizeof(*ev));
	ev->userdata = p->subs[i].userdata;
	ev->error = err ? cloudabi_convert_errno(err) : 0;
	ev->type = p->subs[i].type;
	p->state[i].fired = true;
	return ev;
}

/*
 * CPU time of the calling thread, or of its whole process: the exited
 * threads' sum and each live thread's, read without the stats lock, so a
 * thread exiting meanwhile may count twice (a clock may fire early by
 * that thread's time; poll(2) has no CPU clocks to compare with).
 */
static u64 cputime_now(bool process)
{
	struct task_struct *t;
	u64 sum;

	if (!process)
		return current->se.sum_exec_runtime;
	rcu_read_lock();
	sum = READ_ONCE(current->signal->sum_sched_runtime);
	for_each_thread(current, t)
		sum += READ_ONCE(t->se.sum_exec_runtime);
	rcu_read_unlock();
	return sum;
}

static u64 clock_now(cloudabi_clockid_t id)
{
	switch (id) {
	case CLOUDABI_CLOCK_MONOTONIC:
		return ktime_get_ns();
	case CLOUDABI_CLOCK_REALTIME:
		return ktime_get_real_ns();
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
		return cputime_now(true);
	default:
		return cputime_now(false);
	}
}

/*
 * A clock subscription's deadline in its own clock.  A relative timeout
 * on the wall clock counts on the monotonic one, from the call's first
 * entry; on a CPU clock it counts from now.  Return: 0 or -EINVAL for an
 * unknown clock.
 */
static int clock_setup(struct poller *p, size_t i)
{
	const cloudabi_subscription_t *sub = &p->subs[i];
	bool abs = sub->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME;
	struct poll_sub *s = &p->state[i];
	u64 from;

	switch (sub->clock.clock_id) {
	case CLOUDABI_CLOCK_MONOTONIC:
	case CLOUDABI_CLOCK_REALTIME:
		from = p->base;
		if (!abs && sub->clock.clock_id == CLOUDABI_CLOCK_REALTIME)
			p->subs[i].clock.clock_id = CLOUDABI_CLOCK_MONOTONIC;
		break;
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
	case CLOUDABI_CLOCK_THREAD_CPUTIME_ID:
		from = clock_now(sub->clock.clock_id);
		break;
	default:
		return -EINVAL;
	}
	if (abs)
		s->deadline = sub->clock.timeout;
	else if (check_add_overflow(from, sub->clock.timeout, &s->deadline))
		s->deadline = U64_MAX;
	return 0;
}

/*
 * When to look at a clock again, as an absolute CLOCK_MONOTONIC time, or
 * KTIME_MAX for never: the calling thread uses no CPU while it sleeps, so
 * its own CPU clock cannot reach a deadline during the wait.
 */
static ktime_t clock_wake(const cloudabi_subscription_t *sub, u64 deadline,
			  u64 now)
{
	u64 left = deadline - now, mono;

	switch (sub->clock.clock_id) {
	case CLOUDABI_CLOCK_MONOTONIC:
		return deadline > KTIME_MAX ? KTIME_MAX : deadline;
	case CLOUDABI_CLOCK_REALTIME:
		break;
	case CLOUDABI_CLOCK_PROCESS_CPUTIME_ID:
		left = min_t(u64, left, CPUTIME_RECHECK_NS);
		break;
	default:
		return KTIME_MAX;
	}
	mono = ktime_get_ns();
	return left > KTIME_MAX - mono ? KTIME_MAX : mono + left;
}

/* Bytes queued on an AF_UNIX socket, as SIOCINQ counts them. */
static u64 unix_queued(struct sock *sk)
{
	struct sk_buff *skb;
	u64 n = 0;

	spin_lock(&sk->sk_receive_queue.lock);
	if (sk->sk_type == SOCK_STREAM) {
		skb_queue_walk(&sk->sk_receive_queue, skb)
			n += skb->len - UNIXCB(skb).consumed;
	} else {
		skb = skb_peek(&sk->sk_receive_queue);
		if (skb)
			n = skb->len;
	}
	spin_unlock(&sk->sk_receive_queue.lock);
	return n;
}

/*
 * A pipe's bytes (or room), if its lock is free: a writer holds it while
 * it copies from user memory, which may stall, and poll must not wait on
 * that unkillably.  A busy pipe reports 0.
 */
static u64 pipe_bytes(struct pipe_inode_info *pipe, bool read)
{
	unsigned int head, tail, used;
	u64 n = 0;

	if (!mutex_trylock(&pipe->mutex))
		return 0;
	head = pipe->head;
	tail = pipe->tail;
	used = pipe_occupancy(head, tail);
	if (!read)
		n = used < pipe->max_usage ?
		    (u64)(pipe->max_usage - used) * PAGE_SIZE : 0;
	for (; read && tail != head; tail++)
		n += pipe->bufs[tail & (pipe->ring_size - 1)].len;
	mutex_unlock(&pipe->mutex);
	return n;
}

/*
 * nbytes of a ready descriptor: what a read would get (to the end of a
 * regular file, what a pipe or a UNIX socket holds) or what a write could
 * put (the free room of a pipe or a UNIX socket).  Unknown: 0.
 */
static u64 fd_nbytes(struct file *inner, bool read)
{
	struct inode *inode = file_inode(inner);
	struct socket *sock;
	loff_t left;

	if (S_ISREG(inode->i_mode)) {
		left = i_size_read(inode) - READ_ONCE(inner->f_pos);
		return read && left > 0 ? left : 0;
	}
	if (S_ISFIFO(inode->i_mode) && inner->private_data)
		return pipe_bytes(inner->private_data, read);
	sock = sock_from_file(inner);
	if (sock && sock->sk && sock->sk->sk_family == AF_UNIX) {
		if (read)
			return unix_queued(sock->sk);
		return max_t(int, 0, READ_ONCE(sock->sk->sk_sndbuf) -
				     sk_wmem_alloc_get(sock->sk));
	}
	return 0;
}

static void fd_setup(struct poller *p, size_t i)
{
	bool read = p->subs[i].type == CLOUDABI_EVENTTYPE_FD_READ;
	struct poll_sub *s = &p->state[i];
	struct cloudabi_cap *cap;
	int err;

	cap = cloudabi_cap_get(p->subs[i].fd_readwrite.fd,
			       CLOUDABI_RIGHT_POLL_FD_READWRITE |
			       (read ? CLOUDABI_RIGHT_FD_READ :
				CLOUDABI_RIGHT_FD_WRITE), &s->file, &err);
	if (!cap) {
		fire(p, i, err);
		return;
	}
	s->inner = cap->inner;
	s->want = (read ? EPOLLIN | EPOLLRDNORM : EPOLLOUT | EPOLLWRNORM) |
		  EPOLLHUP | EPOLLERR;
}

/* A process descriptor's end: its exit code or the signal that killed it. */
static void proc_setup(struct poller *p, size_t i)
{
	struct poll_sub *s = &p->state[i];
	struct cloudabi_cap *cap;
	int err;

	cap = cloudabi_cap_get(p->subs[i].proc_terminate.fd,
			       CLOUDABI_RIGHT_POLL_PROC_TERMINATE, &s->file,
			       &err);
	if (cap && cap->filetype != CLOUDABI_FILETYPE_PROCESS) {
		fput(s->file);
		s->file = NULL;
		cap = NULL;
		err = -EBADF;
	}
	if (!cap) {
		fire(p, i, err);
		return;
	}
	s->inner = cap->inner;
	s->want = EPOLLIN;
}

static void fd_check(struct poller *p, size_t i, poll_table *pt)
{
	struct poll_sub *s = &p->state[i];
	bool read = p->subs[i].type == CLOUDABI_EVENTTYPE_FD_READ;
	cloudabi_event_t *ev;
	__poll_t mask;
	u32 code;
	u8 sig;

	mask = vfs_poll(s->inner, pt);
	if (!(mask & s->want))
		return;
	if (p->subs[i].type == CLOUDABI_EVENTTYPE_PROC_TERMINATE) {
		if (!cloudabi_process_status(s->inner, &sig, &code))
			return;
		ev = fire(p, i, 0);
		ev->proc_terminate.signal = sig;
		ev->proc_terminate.exitcode = code;
		return;
	}
	ev = fire(p, i, 0);
	ev->fd_readwrite.nbytes = fd_nbytes(s->inner, read);
	if (mask & (EPOLLHUP | EPOLLERR))
		ev->fd_readwrite.flags = CLOUDABI_EVENT_FD_READWRITE_HANGUP;
}

/*
 * Take each subscription in: clocks get their deadline, descriptors their
 * capability, anything that cannot wait fires with its error.  Return: 0,
 * or the call's error for a lock or condition variable subscription.
 */
static int poll_setup(struct poller *p)
{
	size_t i;
	int err;

	for (i = 0; i < p->n; i++) {
		switch (p->subs[i].type) {
		case CLOUDABI_EVENTTYPE_CLOCK:
			err = clock_setup(p, i);
			if (err)
				fire(p, i, err);
			break;
		case CLOUDABI_EVENTTYPE_FD_READ:
		case CLOUDABI_EVENTTYPE_FD_WRITE:
			fd_setup(p, i);
			break;
		case CLOUDABI_EVENTTYPE_PROC_TERMINATE:
			proc_setup(p, i);
			break;
		case CLOUDABI_EVENTTYPE_CONDVAR:
		case CLOUDABI_EVENTTYPE_LOCK_RDLOCK:
		case CLOUDABI_EVENTTYPE_LOCK_WRLOCK:
			return i == 0 ? -ENOSYS : -EINVAL;
		default:
			fire(p, i, -EINVAL);
		}
	}
	return 0;
}

/*
 * A clock's time for one pass: the process's CPU time walks every thread,
 * so it is read at most once per pass, however many subscriptions ask.
 */
static u64 pass_now(cloudabi_clockid_t id, u64 *process_cpu)
{
	if (id != CLOUDABI_CLOCK_PROCESS_CPUTIME_ID)
		return clock_now(id);
	if (*process_cpu == U64_MAX)
		*process_cpu = cputime_now(true);
	return *process_cpu;
}

/* Fire what is ready; return the next time a clock needs a look. */
static ktime_t poll_pass(struct poller *p, poll_table *pt, u64 *slack)
{
	ktime_t wake = KTIME_MAX, at;
	u64 now, process_cpu = U64_MAX;
	size_t i;

	for (i = 0; i < p->n; i++) {
		const cloudabi_subscription_t *sub = &p->subs[i];
		struct poll_sub *s = &p->state[i];

		if (s->fired)
			continue;
		if (s->inner) {
			fd_check(p, i, pt);
			continue;
		}
		if (sub->type != CLOUDABI_EVENTTYPE_CLOCK)
			continue;
		now = pass_now(sub->clock.clock_id, &process_cpu);
		if (now >= s->deadline) {
			fire(p, i, 0);
			continue;
		}
		at = clock_wake(sub, s->deadline, now);
		if (at < wake) {
			wake = at;
			/* Late by at most the wait itself, whatever is asked. */
			*slack = min(sub->clock.precision, s->deadline - now);
		}
	}
	return wake;
}

/*
 * Wait until a subscription fires.  Return: 0, -ENOMEM when a wait queue
 * entry could not be had, or -ERESTARTSYS for a signal.
 */
static int poll_wait_any(struct poller *p)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	ktime_t wake;
	u64 slack;
	int err = 0;

	poll_initwait(&table);
	for (;;) {
		slack = 0;
		wake = poll_pass(p, pt, &slack);
		/* Queues are joined on the first pass only, as poll(2) does. */
		pt->_qproc = NULL;
		if (p->nevents)
			break;
		if (table.error) {
			err = table.error;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(table.triggered))
			schedule_hrtimeout_range(wake == KTIME_MAX ? NULL : &wake,
						 slack, HRTIMER_MODE_ABS);
		__set_current_state(TASK_RUNNING);
		/*
		 * As poll(2): clear the flag before the next pass looks at
		 * the files, so a wake-up after that look is not missed.
		 */
		smp_store_mb(table.triggered, 0);
	}
	poll_freewait(&table);
	return err;
}

/* The arrays for p->n subscriptions, in @small when they fit. */
static int poller_alloc(struct poller *p, struct poll_small *small)
{
	if (p->n <= POLL_ON_STACK) {
		p->subs = small->subs;
		p->state = small->state;
		p->events = small->events;
		memset(p->state, 0, p->n * sizeof(*p->state));
		return 0;
	}
	p->allocated = true;
	/* Charged to the caller's memory cgroup, as poll(2)'s table is. */
	p->subs = kvmalloc_array(p->n, sizeof(*p->subs), GFP_KERNEL_ACCOUNT);
	p->state = kvcalloc(p->n, sizeof(*p->state), GFP_KERNEL_ACCOUNT);
	p->events = kvmalloc_array(p->n, sizeof(*p->events),
				   GFP_KERNEL_ACCOUNT);
	return p->subs && p->state && p->events ? 0 : -ENOMEM;
}

static void poller_free(struct poller *p)
{
	size_t i;

	for (i = 0; p->state && i < p->n; i++)
		if (p->state[i].file)
			fput(p->state[i].file);
	if (!p->allocated)
		return;
	kvfree(p->state);
	kvfree(p->events);
	kvfree(p->subs);
}

/* The call itself, first entry and restarts alike. */
static long do_poll(u64 uin, u64 uout, u64 n, u64 base, size_t *nevents)
{
	struct poller p = { .n = n, .base = base };
	struct poll_small small;
	long err;

	*nevents = 0;
	if (!n)
		return 0;
	if (n > CLOUDABI_POLL_MAX)
		return -EINVAL;
	err = poller_alloc(&p, &small);
	if (err)
		goto out;
	err = -EFAULT;
	if (copy_from_user(p.subs, u64_to_user_ptr(uin), n * sizeof(*p.subs)))
		goto out;
	err = poll_setup(&p);
	/* The vDSO waits on a lock itself, into the event checked here. */
	if (err == -ENOSYS &&
	    (!access_ok(u64_to_user_ptr(uout), sizeof(*p.events)) ||
	     fault_in_safe_writeable(u64_to_user_ptr(uout),
				     sizeof(*p.events))))
		err = -EFAULT;
	if (!err)
		err = poll_wait_any(&p);
	if (!err && copy_to_user(u64_to_user_ptr(uout), p.events,
				 p.nevents * sizeof(*p.events)))
		err = -EFAULT;
	if (!err)
		*nevents = p.nevents;
out:
	poller_free(&p);
	return err;
}

/*
 * The restart block keeps what a restart needs: the two arrays and their
 * length, the user address of nevents and the first entry's time.  The
 * futex member has the room: two pointers, three u32s and a u64.
 */
static long poll_restart(struct restart_block *rb)
{
	u64 unevents = (u64)rb->futex.bitset << 32 | rb->futex.flags;
	size_t nevents;
	long err;

	/*
	 * Spent: a later restart_syscall must not come back here, least of
	 * all once the module is gone.  Every task starts with the kernel's
	 * do_no_restart_syscall(), which init_task holds.
	 */
	rb->fn = init_task.restart_block.fn;
	err = do_poll((u64)(uintptr_t)rb->futex.uaddr,
		      (u64)(uintptr_t)rb->futex.uaddr2, rb->futex.val,
		      rb->futex.time, &nevents);
	if (err == -ERESTARTSYS)
		return set_restart_fn(rb, poll_restart);
	if (!err && put_user(nevents, (u64 __user *)u64_to_user_ptr(unevents)))
		err = -EFAULT;
	/* This is the ioctl's return value: what the gate would answer. */
	return cloudabi_gate_result(err);
}

/**
 * cloudabi_sys_poll() - wait for any of a set of events
 * @args: in (the subscriptions), out (room for as many events),
 *	nsubscriptions, nevents (where the count goes)
 * @res: nevents, the number of events written to @args->out
 *
 * nsubscriptions 0 answers at once with no event.  Errors of one
 * subscription (EBADF, ENOTCAPABLE without POLL_FD_READWRITE and FD_READ
 * or FD_WRITE, EINVAL for an unknown clock or type) are in its event.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: more than 4096 subscriptions, or a lock or condition
 *   variable subscription that is not the first;
 * - %-ENOSYS: a lock or condition variable subscription first, with the
 *   arrays readable and writable: the vDSO waits for it itself;
 * - %-EFAULT: @args->in cannot be read or @args->out written;
 * - %-ENOMEM: out of memory.
 */
long cloudabi_sys_poll(const struct cloudabi_gate_poll *args,
		       struct cloudabi_result_poll *res)
{
	struct restart_block *rb = &current->restart_block;
	u64 base = ktime_get_ns();
	long err;

	err = do_poll(args->in, args->out, args->nsubscriptions, base,
		      &res->nevents);
	if (err != -ERESTARTSYS)
		return err;
	rb->futex.uaddr = u64_to_user_ptr(args->in);
	rb->futex.uaddr2 = u64_to_user_ptr(args->out);
	rb->futex.val = args->nsubscriptions;
	rb->futex.time = base;
	rb->futex.flags = lower_32_bits(args->nevents);
	rb->futex.bitset = upper_32_bits(args->nevents);
	return set_restart_fn(rb, poll_restart);
}
