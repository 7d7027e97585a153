// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - threads for test programs
 *
 * The protocol cloudlibc's pthreads use: the thread's lock is write-locked
 * with its id while it runs, thread_exit unlocks it, and the joiner polls
 * for the write lock.  The lock starts BOGUS and either side replaces
 * that with the id: the creator after thread_create returns, the thread
 * at its entry, whichever runs first.
 */

#include <stdatomic.h>

#include "rt.h"

#define STACK_SIZE (64 * 1024)

static _Noreturn void entry(cloudabi_tid_t tid, void *arg)
{
	struct rt_thread *t = arg;
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;

	atomic_compare_exchange_strong(&t->join, &bogus,
				       tid | CLOUDABI_LOCK_WRLOCKED);
	t->body(t->arg);
	RT_SYS(thread_exit)(&t->join, CLOUDABI_SCOPE_PRIVATE);
	__builtin_unreachable();
}

int rt_thread_start(struct rt_thread *t, void (*body)(void *), void *arg)
{
	cloudabi_threadattr_t attr = { .entry_point = entry, .argument = t };
	cloudabi_lock_t bogus = CLOUDABI_LOCK_BOGUS;
	cloudabi_tid_t tid;

	t->join = CLOUDABI_LOCK_BOGUS;
	t->body = body;
	t->arg = arg;
	t->stack = NULL;
	if (RT_SYS(mem_map)(NULL, STACK_SIZE, CLOUDABI_PROT_READ |
			    CLOUDABI_PROT_WRITE, CLOUDABI_MAP_ANON |
			    CLOUDABI_MAP_PRIVATE, CLOUDABI_MAP_ANON_FD, 0,
			    &t->stack))
		return 0;
	attr.stack = t->stack;
	attr.stack_len = STACK_SIZE;
	if (RT_SYS(thread_create)(&attr, &tid)) {
		RT_SYS(mem_unmap)(t->stack, STACK_SIZE);
		t->stack = NULL;
		return 0;
	}
	atomic_compare_exchange_strong(&t->join, &bogus,
				       tid | CLOUDABI_LOCK_WRLOCKED);
	return 1;
}

int rt_thread_join(struct rt_thread *t)
{
	cloudabi_subscription_t in = {
		.type = CLOUDABI_EVENTTYPE_LOCK_WRLOCK,
		.lock = { .lock = &t->join,
			  .lock_scope = CLOUDABI_SCOPE_PRIVATE },
	};
	cloudabi_event_t ev;
	size_t n = 0;
	int ok;

	if (!t->stack)
		return 0;
	ok = RT_SYS(poll)(&in, &ev, 1, &n) == 0 && ev.error == 0;
	RT_SYS(mem_unmap)(t->stack, STACK_SIZE);
	t->stack = NULL;
	return ok;
}
