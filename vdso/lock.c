// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - locks and condition variables on Linux futexes
 *
 * The lock word is the spec's: 0 unlocked; WRLOCKED with the owner's
 * thread ID; otherwise a count of readers; KERNEL_MANAGED set once anyone
 * may be waiting, which makes cloudlibc's unlock take the slow path here
 * (lock_unlock) instead of its own compare-and-swap.  A waiter sets
 * KERNEL_MANAGED, sleeps on the word, and takes the lock with
 * KERNEL_MANAGED still set (others may sleep behind it), so each unlock
 * that finds it set wakes exactly one sleeper: no thundering herd, and
 * the kernel's clear-child-tid at thread_exit (which writes 0 and wakes
 * one) fits the same chain.
 *
 * The condition variable word is 0 exactly when nobody waits (cloudlibc
 * skips condvar_signal then).  Otherwise its low 16 bits count waiters
 * and its high 16 a sequence that every signal moves on: a waiter sleeps
 * only if the word is still what it made it, so a signal between its
 * unlock and its sleep is never lost.  The last waiter to leave sets the
 * word back to 0.
 *
 * All futex operations are shared (not FUTEX_PRIVATE_FLAG): they must
 * meet the kernel's own wake at thread exit, and SCOPE_SHARED words live
 * in memory other processes map.  (A shared wake on a file page reaches
 * any process waiting on that page; futex users tolerate such spurious
 * wake-ups.)  Readers are let in while a writer waits, so a stream of
 * readers can hold a writer off; a thread read-locking a lock twice
 * never deadlocks.  Futexes cannot wait on CPU-time clocks:
 * such a timeout is waited for in slices of at most 10 ms of monotonic
 * time, rechecking the clock after each.
 */

#include "vdso.h"

#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_BITSET_ANY	0xffffffffU
#define LINUX_ETIMEDOUT		110
#define LINUX_EFAULT		14
#define LINUX_EINVAL		22
#define LINUX_CLOCK_MONOTONIC	1

#define OWNER_MASK	0x3fffffffU
#define COUNT_MASK	0x0000ffffU
#define SEQ_ONE		0x00010000U
#define SLICE_NS	10000000ULL

struct linux_timespec {
	int64_t sec;
	int64_t nsec;
};

/* When a wait gives up: never, or at @at on @clock_id. */
struct deadline {
	int set;
	cloudabi_clockid_t clock_id;
	cloudabi_timestamp_t at;
};

long vdso_gettid(void)
{
	return linux_syscall3(LINUX_NR_gettid, 0, 0, 0);
}

static int scope_ok(cloudabi_scope_t scope)
{
	return scope == CLOUDABI_SCOPE_PRIVATE ||
	       scope == CLOUDABI_SCOPE_SHARED;
}

static cloudabi_timestamp_t now(cloudabi_clockid_t clock_id)
{
	cloudabi_timestamp_t t = 0;

	vdso_clock_time_get(clock_id, 0, &t);
	return t;
}

static void wake_one(_Atomic(uint32_t) *word)
{
	linux_syscall3(LINUX_NR_futex, (long)word, FUTEX_WAKE, 1);
}

/*
 * Sleep while *@word == @val, at most until @d.  Returns 0 when woken (or
 * the word changed, or a signal came: every caller rechecks its word),
 * -LINUX_ETIMEDOUT at the deadline, or the futex's own error for a word it
 * cannot wait on (-EFAULT, -EINVAL), which must not be retried.
 */
static long futex_wait(_Atomic(uint32_t) *word, uint32_t val,
		       const struct deadline *d)
{
	struct linux_timespec ts, *tsp = NULL;
	cloudabi_timestamp_t at, t;
	long op = FUTEX_WAIT_BITSET;
	long ret;

	if (d->set) {
		at = d->at;
		switch (d->clock_id) {
		case CLOUDABI_CLOCK_REALTIME:
			op |= FUTEX_CLOCK_REALTIME;
			break;
		case CLOUDABI_CLOCK_MONOTONIC:
			break;
		default:
			/* A CPU-time clock: a slice of monotonic time. */
			t = now(d->clock_id);
			if (t >= d->at)
				return -LINUX_ETIMEDOUT;
			at = now(CLOUDABI_CLOCK_MONOTONIC) +
			     (d->at - t < SLICE_NS ? d->at - t : SLICE_NS);
			break;
		}
		ts.sec = at / 1000000000ULL;
		ts.nsec = at % 1000000000ULL;
		tsp = &ts;
	}
	ret = linux_syscall6(LINUX_NR_futex, (long)word, op, val, (long)tsp, 0,
			     FUTEX_BITSET_ANY);
	if (ret == -LINUX_ETIMEDOUT && d->set &&
	    d->clock_id != CLOUDABI_CLOCK_REALTIME &&
	    d->clock_id != CLOUDABI_CLOCK_MONOTONIC)
		return now(d->clock_id) >= d->at ? -LINUX_ETIMEDOUT : 0;
	if (ret == -LINUX_EFAULT || ret == -LINUX_EINVAL)
		return ret;
	return ret == -LINUX_ETIMEDOUT ? ret : 0;
}

/* Futexes and atomics need the word aligned. */
static int word_ok(const void *word)
{
	return !((uintptr_t)word & 3);
}

/*
 * Take @lock for reading or writing.  Returns 0, EDEADLK when the caller
 * holds it for writing already, ETIMEDOUT at the deadline, or EINVAL or
 * EFAULT for a word no futex can wait on.
 *
 * A reader that slept passes one wake-up on once it holds the lock: other
 * readers asleep behind it may share it too (they would otherwise sleep
 * until the count is back to 0), and a writer goes back to sleep.
 */
static cloudabi_errno_t lock_acquire(_Atomic(cloudabi_lock_t) *lock,
				     int write, const struct deadline *d)
{
	uint32_t me = (uint32_t)vdso_gettid(), w, want, managed = 0;
	long ret;

	if (!word_ok(lock))
		return CLOUDABI_EINVAL;
	for (;;) {
		w = atomic_load_explicit(lock, memory_order_relaxed);
		if ((w & CLOUDABI_LOCK_WRLOCKED) && (w & OWNER_MASK) == me)
			return CLOUDABI_EDEADLK;
		if (!(w & CLOUDABI_LOCK_WRLOCKED) &&
		    (!write || !(w & ~CLOUDABI_LOCK_KERNEL_MANAGED))) {
			want = write ? (me | CLOUDABI_LOCK_WRLOCKED) : w + 1;
			want |= (w & CLOUDABI_LOCK_KERNEL_MANAGED) | managed;
			if (!atomic_compare_exchange_weak_explicit(
				    lock, &w, want, memory_order_acquire,
				    memory_order_relaxed))
				continue;
			if (!write && managed)
				wake_one(lock);
			return 0;
		}
		if (!(w & CLOUDABI_LOCK_KERNEL_MANAGED) &&
		    !atomic_compare_exchange_weak_explicit(
			    lock, &w, w | CLOUDABI_LOCK_KERNEL_MANAGED,
			    memory_order_relaxed, memory_order_relaxed))
			continue;
		ret = futex_wait(lock, w | CLOUDABI_LOCK_KERNEL_MANAGED, d);
		if (ret)
			return ret == -LINUX_ETIMEDOUT ? CLOUDABI_ETIMEDOUT :
			       ret == -LINUX_EFAULT ? CLOUDABI_EFAULT :
			       CLOUDABI_EINVAL;
		/* Others may sleep behind: keep their wake-up coming. */
		managed = CLOUDABI_LOCK_KERNEL_MANAGED;
	}
}

/* Release @lock held by @me; wake a sleeper if any may wait. */
static cloudabi_errno_t lock_release(_Atomic(cloudabi_lock_t) *lock,
				     uint32_t me)
{
	uint32_t w = atomic_load_explicit(lock, memory_order_relaxed), want;

	do {
		if (w & CLOUDABI_LOCK_WRLOCKED) {
			if ((w & OWNER_MASK) != me)
				return CLOUDABI_EPERM;
			want = 0;
		} else if (!(w & ~CLOUDABI_LOCK_KERNEL_MANAGED)) {
			return CLOUDABI_EPERM;
		} else if ((w & ~CLOUDABI_LOCK_KERNEL_MANAGED) == 1) {
			want = 0;
		} else {
			want = w - 1;
		}
	} while (!atomic_compare_exchange_weak_explicit(
		lock, &w, want, memory_order_release, memory_order_relaxed));
	if (!want && (w & CLOUDABI_LOCK_KERNEL_MANAGED))
		wake_one(lock);
	return 0;
}

cloudabi_errno_t vdso_lock_unlock(_Atomic(cloudabi_lock_t) *lock,
				  cloudabi_scope_t scope)
{
	if (!scope_ok(scope) || !word_ok(lock))
		return CLOUDABI_EINVAL;
	return lock_release(lock, (uint32_t)vdso_gettid());
}

/* Leave a condition variable's waiters: the last one zeroes the word. */
static void condvar_leave(_Atomic(cloudabi_condvar_t) *condvar)
{
	uint32_t w = atomic_load_explicit(condvar, memory_order_relaxed), want;

	do {
		want = (w & COUNT_MASK) > 1 ? w - 1 : 0;
	} while (!atomic_compare_exchange_weak_explicit(
		condvar, &w, want, memory_order_relaxed, memory_order_relaxed));
}

/*
 * Wait on @condvar, releasing @lock (write-locked by the caller) while
 * waiting and holding it again on return, on time-out too.
 */
static cloudabi_errno_t condvar_wait(_Atomic(cloudabi_condvar_t) *condvar,
				     _Atomic(cloudabi_lock_t) *lock,
				     const struct deadline *d, int *timedout)
{
	static const struct deadline never;
	uint32_t me = (uint32_t)vdso_gettid(), mine, w;
	cloudabi_errno_t err;
	long ret;

	if (!word_ok(condvar) || !word_ok(lock))
		return CLOUDABI_EINVAL;
	/* The count must not wrap into the sequence: no more waiters. */
	w = atomic_load_explicit(condvar, memory_order_relaxed);
	do {
		if ((w & COUNT_MASK) == COUNT_MASK)
			return CLOUDABI_EAGAIN;
	} while (!atomic_compare_exchange_weak_explicit(
		condvar, &w, w + 1, memory_order_relaxed, memory_order_relaxed));
	mine = w + 1;
	err = lock_release(lock, me);
	if (err) {
		condvar_leave(condvar);
		return err;
	}
	ret = futex_wait(condvar, mine, d);
	*timedout = ret == -LINUX_ETIMEDOUT;
	condvar_leave(condvar);
	return lock_acquire(lock, 1, &never);
}

cloudabi_errno_t vdso_condvar_signal(_Atomic(cloudabi_condvar_t) *condvar,
				     cloudabi_scope_t scope,
				     cloudabi_nthreads_t nwaiters)
{
	uint32_t w;

	if (!scope_ok(scope) || nwaiters == 0 || !word_ok(condvar))
		return CLOUDABI_EINVAL;
	w = atomic_load_explicit(condvar, memory_order_relaxed);
	do {
		if (!(w & COUNT_MASK))
			return 0;
	} while (!atomic_compare_exchange_weak_explicit(
		condvar, &w, (w & COUNT_MASK) | ((w + SEQ_ONE) & ~COUNT_MASK),
		memory_order_release, memory_order_relaxed));
	linux_syscall3(LINUX_NR_futex, (long)condvar, FUTEX_WAKE,
		       nwaiters > 0x7fffffff ? 0x7fffffff : nwaiters);
	return 0;
}

/* The optional CLOCK after a lock or condvar subscription. */
static cloudabi_errno_t deadline_of(const cloudabi_subscription_t *s,
				    struct deadline *d)
{
	cloudabi_timestamp_t t;

	d->set = 0;
	if (!s)
		return 0;
	if (vdso_clock_res_get(s->clock.clock_id, &t))
		return CLOUDABI_EINVAL;
	d->set = 1;
	d->clock_id = s->clock.clock_id;
	d->at = s->clock.timeout;
	if (!(s->clock.flags & CLOUDABI_SUBSCRIPTION_CLOCK_ABSTIME)) {
		t = now(d->clock_id);
		d->at = t + s->clock.timeout < t ? UINT64_MAX :
			t + s->clock.timeout;
	}
	return 0;
}

static void set_event(cloudabi_event_t *ev, const cloudabi_subscription_t *s,
		      cloudabi_errno_t error)
{
	*ev = (cloudabi_event_t){
		.userdata = s->userdata, .error = error, .type = s->type,
	};
}

/**
 * vdso_poll_lock() - poll whose first subscription is a lock or condvar
 * @in: the subscriptions: LOCK_RDLOCK, LOCK_WRLOCK or CONDVAR, then at
 *	most one CLOCK (the spec allows nothing else with them)
 * @out: gets one event: the first subscription's, or the clock's when it
 *	expired first (a condvar wait holds its lock again either way)
 * @nsubscriptions: 1 or 2
 * @nevents: set to 1
 *
 * Misuse is reported in the event, as the spec's poll does: EDEADLK for a
 * lock the thread holds for writing, EPERM for a condvar wait without
 * holding its lock, EINVAL for a bad scope or clock.
 *
 * Return: 0, or EINVAL for a combination the spec does not allow.
 */
cloudabi_errno_t vdso_poll_lock(const cloudabi_subscription_t *in,
				cloudabi_event_t *out, size_t nsubscriptions,
				size_t *nevents)
{
	const cloudabi_subscription_t *clock = NULL;
	cloudabi_errno_t err;
	struct deadline d;
	int timedout = 0;

	if (nsubscriptions > 2 ||
	    (nsubscriptions == 2 && in[1].type != CLOUDABI_EVENTTYPE_CLOCK))
		return CLOUDABI_EINVAL;
	if (nsubscriptions == 2)
		clock = &in[1];
	err = deadline_of(clock, &d);
	if (err) {
		set_event(out, clock, err);
	} else if (in[0].type == CLOUDABI_EVENTTYPE_CONDVAR) {
		err = scope_ok(in[0].condvar.condvar_scope) &&
		      scope_ok(in[0].condvar.lock_scope) ?
		      condvar_wait(in[0].condvar.condvar, in[0].condvar.lock,
				   &d, &timedout) : CLOUDABI_EINVAL;
		set_event(out, timedout && !err ? clock : &in[0], err);
	} else {
		err = scope_ok(in[0].lock.lock_scope) ?
		      lock_acquire(in[0].lock.lock,
				   in[0].type == CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
				   &d) : CLOUDABI_EINVAL;
		if (err == CLOUDABI_ETIMEDOUT)
			set_event(out, clock, 0);
		else
			set_event(out, &in[0], err);
	}
	*nevents = 1;
	return 0;
}
