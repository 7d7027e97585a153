// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: thread_create, thread_exit, and the lock protocol
 *
 * Started through cloudabi-run with {out: !fd stdout, iterations: N}, on
 * a two-CPU guest.  Threads start with their ID and argument on their own
 * stack with the caller's TCB; thread_exit's unlock is seen by a joiner;
 * 16 threads contend on a write lock, on a read-write lock with readers
 * checking an invariant, and on a condition variable, N times each, the
 * way cloudlibc does it (compare-and-swap first, the vDSO when that
 * fails); time-outs and misuse come back in the event.
 */

#include "argdata.h"
#include "rt.h"

#include <stdatomic.h>

#define NTHREADS	16
#define STACK		(64 * 1024)
#define WRLOCKED	CLOUDABI_LOCK_WRLOCKED
#define MANAGED		CLOUDABI_LOCK_KERNEL_MANAGED
#define PRIVATE		CLOUDABI_SCOPE_PRIVATE

struct worker {
	_Atomic(cloudabi_lock_t) join;
	cloudabi_tid_t tid;
	void (*body)(struct worker *w);
	uint64_t tcb0;
	int role;	/* odd workers write or produce */
	int ok;
	char *stack;
};

static unsigned int iterations;
static _Atomic(cloudabi_lock_t) lock;
static _Atomic(cloudabi_condvar_t) cond;
static uint64_t counter, even_checks, odd_seen;
static unsigned int queued, produced, consumed;

static uint64_t tcb_word(void)
{
	const uint64_t *tcb;

#if defined(__x86_64__)
	__asm__ volatile("movq %%fs:0, %0" : "=r"(tcb));
#else
	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tcb));
#endif
	return tcb ? tcb[0] : 0;
}

static cloudabi_errno_t poll1(cloudabi_eventtype_t type, void *word,
			      _Atomic(cloudabi_lock_t) *with,
			      cloudabi_timestamp_t timeout, cloudabi_event_t *ev)
{
	cloudabi_subscription_t in[2] = {
		{ .userdata = 1, .type = type },
		{ .userdata = 2, .type = CLOUDABI_EVENTTYPE_CLOCK,
		  .clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			     .timeout = timeout } },
	};
	size_t n = 0;
	cloudabi_errno_t err;

	if (type == CLOUDABI_EVENTTYPE_CONDVAR) {
		in[0].condvar.condvar = word;
		in[0].condvar.lock = with;
		in[0].condvar.condvar_scope = PRIVATE;
		in[0].condvar.lock_scope = PRIVATE;
	} else {
		in[0].lock.lock = word;
		in[0].lock.lock_scope = PRIVATE;
	}
	err = RT_SYS(poll)(in, ev, timeout ? 2 : 1, &n);
	return err ? err : n == 1 ? 0 : CLOUDABI_EIO;
}

static void sleep_ms(unsigned int ms)
{
	cloudabi_subscription_t s = {
		.type = CLOUDABI_EVENTTYPE_CLOCK,
		.clock = { .clock_id = CLOUDABI_CLOCK_MONOTONIC,
			   .timeout = ms * 1000000ULL },
	};
	cloudabi_event_t ev;
	size_t n;

	RT_SYS(poll)(&s, &ev, 1, &n);
}

/* cloudlibc's way: a compare-and-swap, then the vDSO. */
static void wrlock(_Atomic(cloudabi_lock_t) *l, cloudabi_tid_t me)
{
	cloudabi_lock_t unlocked = 0;
	cloudabi_event_t ev;

	if (!atomic_compare_exchange_strong(l, &unlocked, me | WRLOCKED))
		poll1(CLOUDABI_EVENTTYPE_LOCK_WRLOCK, l, NULL, 0, &ev);
}

static void rdlock(_Atomic(cloudabi_lock_t) *l)
{
	cloudabi_lock_t old = atomic_load(l);
	cloudabi_event_t ev;

	if ((old & (WRLOCKED | MANAGED)) ||
	    !atomic_compare_exchange_strong(l, &old, old + 1))
		poll1(CLOUDABI_EVENTTYPE_LOCK_RDLOCK, l, NULL, 0, &ev);
}

static void unlock(_Atomic(cloudabi_lock_t) *l, cloudabi_tid_t me)
{
	cloudabi_lock_t mine = me | WRLOCKED, one = 1;

	if (!atomic_compare_exchange_strong(l, &mine, 0) &&
	    !atomic_compare_exchange_strong(l, &one, 0))
		RT_SYS(lock_unlock)(l, PRIVATE);
}

static _Noreturn void entry(cloudabi_tid_t tid, void *arg)
{
	struct worker *w = arg;
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;

	/* As cloudlibc: the join lock is ours, whoever sets it first. */
	atomic_compare_exchange_strong(&w->join, &bogus, tid | WRLOCKED);
	w->tcb0 = tcb_word();
	w->tid = tid;
	w->body(w);
	RT_SYS(thread_exit)(&w->join, PRIVATE);
	__builtin_unreachable();
}

static int start(struct worker *w, void (*body)(struct worker *w))
{
	cloudabi_threadattr_t attr = { .entry_point = entry, .argument = w };
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;
	cloudabi_tid_t tid;
	void *stack;

	w->join = CLOUDABI_LOCK_BOGUS;
	w->body = body;
	w->ok = 0;
	if (RT_SYS(mem_map)(NULL, STACK, CLOUDABI_PROT_READ |
			    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
			    CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0,
			    &stack))
		return 0;
	w->stack = stack;
	attr.stack = stack;
	attr.stack_len = STACK;
	if (RT_SYS(thread_create)(&attr, &tid))
		return 0;
	atomic_compare_exchange_strong(&w->join, &bogus, tid | WRLOCKED);
	return 1;
}

/* Wait for thread_exit's unlock, then free the stack. */
static int join(struct worker *w)
{
	cloudabi_event_t ev;
	int ok = poll1(CLOUDABI_EVENTTYPE_LOCK_WRLOCK, &w->join, NULL, 0,
		       &ev) == 0 && ev.error == 0;

	RT_SYS(mem_unmap)(w->stack, STACK);
	return ok;
}

static void just_report(struct worker *w)
{
	w->ok = 1;
}

static void count_under_wrlock(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < iterations; i++) {
		wrlock(&lock, w->tid);
		counter++;
		unlock(&lock, w->tid);
	}
	w->ok = 1;
}

/* Writers make two steps under the lock; readers must see an even value. */
static void read_or_write(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < iterations; i++) {
		if (w->role) {
			wrlock(&lock, w->tid);
			counter++;
			counter++;
			unlock(&lock, w->tid);
		} else {
			rdlock(&lock);
			if (counter & 1)
				__atomic_fetch_add(&odd_seen, 1,
						   __ATOMIC_RELAXED);
			__atomic_fetch_add(&even_checks, 1, __ATOMIC_RELAXED);
			unlock(&lock, w->tid);
		}
	}
	w->ok = 1;
}

/* Half produce, half consume, through one condition variable. */
static void produce_or_consume(struct worker *w)
{
	cloudabi_event_t ev;
	unsigned int i;

	for (i = 0; i < iterations; i++) {
		wrlock(&lock, w->tid);
		if (w->role) {
			queued++;
			produced++;
			if (atomic_load(&cond))
				RT_SYS(condvar_signal)(&cond, PRIVATE, 1);
		} else {
			while (!queued)
				poll1(CLOUDABI_EVENTTYPE_CONDVAR, &cond, &lock,
				      0, &ev);
			queued--;
			consumed++;
		}
		unlock(&lock, w->tid);
	}
	w->ok = 1;
}

/*
 * Two readers wait while the lock is write-held; once it is released both
 * must get in together: each waits (at most 2 s) for the other inside.
 */
static _Atomic(unsigned int) inside;

static void read_together(struct worker *w)
{
	cloudabi_timestamp_t start = 0, t = 0;

	rdlock(&lock);
	atomic_fetch_add(&inside, 1);
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &start);
	t = start;
	while (atomic_load(&inside) < 2 && t - start < 2000000000ULL)
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t);
	w->ok = atomic_load(&inside) >= 2;
	unlock(&lock, w->tid);
}

static unsigned int run_all(void (*body)(struct worker *w),
			    struct worker *w)
{
	unsigned int i, started = 0, joined = 0, ok = 0;

	for (i = 0; i < NTHREADS; i++) {
		w[i].role = i & 1;
		started += start(&w[i], body);
	}
	for (i = 0; i < started; i++) {
		joined += join(&w[i]);
		ok += w[i].ok;
	}
	return started == NTHREADS && joined == NTHREADS ? ok : 0;
}

static void basics(cloudabi_tid_t me)
{
	static struct worker w;
	cloudabi_threadattr_t attr = { .entry_point = entry, .argument = &w };
	cloudabi_event_t ev;
	cloudabi_tid_t tid;
	char small[64];

	CHECK(start(&w, just_report) && join(&w) && w.ok && w.tid != me &&
	      w.tid > 0 && w.tid < 0x40000000,
	      "a thread runs with its own ID (%u) and its argument, and its "
	      "exit unlocks the join lock", w.tid);
	CHECK(w.tcb0 == tcb_word(),
	      "it starts with a copy of the creating thread's TCB");
	attr.stack = small;
	attr.stack_len = sizeof(small);
	CHECK_EQ(RT_SYS(thread_create)(&attr, &tid), CLOUDABI_EINVAL,
		 "a stack too small for the thread's start is EINVAL");
	CHECK_EQ(RT_SYS(thread_yield)(), 0, "thread_yield");

	lock = me | WRLOCKED;
	CHECK(poll1(CLOUDABI_EVENTTYPE_LOCK_WRLOCK, &lock, NULL, 0, &ev) == 0 &&
	      ev.userdata == 1 && ev.error == CLOUDABI_EDEADLK,
	      "write-locking a lock the thread holds: EDEADLK in the event");
	CHECK(RT_SYS(lock_unlock)(&lock, PRIVATE) == 0 && lock == 0 &&
	      RT_SYS(lock_unlock)(&lock, PRIVATE) == CLOUDABI_EPERM,
	      "lock_unlock releases it; an unlocked lock is EPERM");
	CHECK_EQ(RT_SYS(lock_unlock)(&lock, 99), CLOUDABI_EINVAL,
		 "an unknown scope is EINVAL");
	CHECK(RT_SYS(condvar_signal)(&cond, PRIVATE, 1) == 0 && cond == 0,
	      "signalling a condition variable nobody waits on");
}

static void time_outs(cloudabi_tid_t me, cloudabi_fd_t out)
{
	cloudabi_timestamp_t t0 = 0, t1 = 0;
	cloudabi_event_t ev;

	lock = 12345 | WRLOCKED;
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t0);
	CHECK(poll1(CLOUDABI_EVENTTYPE_LOCK_RDLOCK, &lock, NULL, 20000000,
		    &ev) == 0 && ev.userdata == 2 &&
	      ev.type == CLOUDABI_EVENTTYPE_CLOCK && ev.error == 0 &&
	      (lock & ~MANAGED) == (12345 | WRLOCKED),
	      "a lock another thread holds: the clock's event after 20 ms");
	lock = me | WRLOCKED;
	CHECK(poll1(CLOUDABI_EVENTTYPE_CONDVAR, &cond, &lock, 20000000,
		    &ev) == 0 && ev.userdata == 2 &&
	      (lock & ~MANAGED) == (me | WRLOCKED) && cond == 0,
	      "a condition variable wait times out holding its lock again, "
	      "the variable back at no waiters");
	RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t1);
	rt_printf(out, "# two 20 ms time-outs took %u us\n",
		  (unsigned int)((t1 - t0) / 1000));
	lock = 0;
	CHECK(poll1(CLOUDABI_EVENTTYPE_CONDVAR, &cond, &lock, 0, &ev) == 0 &&
	      ev.error == CLOUDABI_EPERM,
	      "waiting without holding the lock: EPERM in the event");
	cond = 0;
}

static int fd_of(struct rt_ad *root, const char *key, uint32_t *fd)
{
	struct rt_ad v;

	return rt_ad_map_get(root, key, &v) == 1 && rt_ad_fd(&v, fd) == 0;
}

int program_main(void)
{
	static struct worker w[NTHREADS];
	struct rt_ad root = { rt.argdata, rt.argdatalen }, v;
	cloudabi_tid_t me = rt.tid;
	unsigned int ok;
	uint32_t out;
	int64_t n = 1000;

	if (!fd_of(&root, "out", &out))
		return 101;
	if (rt_ad_map_get(&root, "iterations", &v) == 1)
		rt_ad_int(&v, &n);
	iterations = n;
	tap_plan_fd(8 + 3 + 2 + 3, out);
	basics(me);
	time_outs(me, out);

	{
		static struct worker r[2];
		cloudabi_timestamp_t t0 = 0, t = 0;
		int started;

		lock = me | WRLOCKED;
		started = start(&r[0], read_together) &&
			  start(&r[1], read_together);
		/* Until both sleep on the word (KERNEL_MANAGED set), 1 s. */
		RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0, &t0);
		t = t0;
		while (!(lock & MANAGED) && t - t0 < 1000000000ULL)
			RT_SYS(clock_time_get)(CLOUDABI_CLOCK_MONOTONIC, 0,
					       &t);
		/* And a while more, for the second to sleep as well. */
		sleep_ms(200);
		RT_SYS(lock_unlock)(&lock, PRIVATE);
		started = started && join(&r[0]) && join(&r[1]);
		CHECK(started && r[0].ok && r[1].ok && lock == 0,
		      "two readers woken from a write lock hold it together "
		      "(%d %d, lock %x)", r[0].ok, r[1].ok, lock);
	}
	{
		char buf[8];
		cloudabi_event_t ev;

		CHECK(poll1(CLOUDABI_EVENTTYPE_LOCK_WRLOCK, buf + 1, NULL, 0,
			    &ev) == 0 && ev.error == CLOUDABI_EINVAL,
		      "a misaligned lock word: EINVAL in the event");
	}

	lock = 0;
	counter = 0;
	ok = run_all(count_under_wrlock, w);
	CHECK(ok == NTHREADS && counter == (uint64_t)NTHREADS * iterations &&
	      lock == 0,
	      "16 threads x %u write-locked increments: %llu", iterations,
	      (unsigned long long)counter);
	counter = 0;
	ok = run_all(read_or_write, w);
	CHECK(ok == NTHREADS && !odd_seen && lock == 0 &&
	      counter == 2 * (uint64_t)iterations * (NTHREADS / 2) &&
	      even_checks == (uint64_t)iterations * (NTHREADS / 2),
	      "readers and writers: %llu reads, none saw a half-done write",
	      (unsigned long long)even_checks);
	ok = run_all(produce_or_consume, w);
	CHECK(ok == NTHREADS && produced == consumed &&
	      produced == (NTHREADS / 2) * iterations && cond == 0 &&
	      lock == 0,
	      "8 producers, 8 consumers on a condition variable: %u items",
	      consumed);
	return tap_done();
}
