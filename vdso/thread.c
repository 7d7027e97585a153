// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - threads, made and ended in the vDSO
 *
 * thread_create is a clone(2) with one fixed set of flags (the seccomp
 * filter allows no other), so a new thread shares everything a thread
 * must share: memory, descriptors (capabilities and the gate), signal
 * handlers and the filter itself, which every task inherits.
 *
 * The top of the stack the program gives is carved for what the thread
 * needs before its entry runs: a copy of the caller's TCB for the TLS
 * register to point at (cloudlibc's entry copies it into its own TLS
 * block), on x86-64 the word %fs:0 reads, and the start block the clone
 * trampoline (arch/<arch>/thread.S) reads.
 *
 * thread_exit unlocks its lock only once the thread is gone: the kernel's
 * clear-child-tid writes 0 to the lock word after the thread's last use of
 * its stack and wakes one waiter, with a shared futex wake that the lock
 * waits in lock.c match.
 */

#include "vdso.h"

/* CLONE_VM | FS | FILES | SIGHAND | THREAD | SYSVSEM | SETTLS |
 * PARENT_SETTID | CHILD_SETTID: the one set policy/seccomp.policy allows. */
#define VDSO_CLONE_THREAD_FLAGS 0x11d0f00UL

/* What the trampoline reads at the new stack pointer. */
struct thread_start {
	uint64_t entry;
	uint64_t argument;
	uint64_t tid_addr;
	uint64_t unused;
};

/* The carved top of a new thread's stack, 16-byte aligned. */
struct thread_top {
	struct thread_start start;
	uint64_t tcb[2];	/* the caller's TCB, copied */
	uint64_t fs_word;	/* x86-64: %fs:0, pointing at @tcb */
	int32_t tid;		/* CLONE_CHILD_SETTID's */
	int32_t unused;
};

long vdso_clone_thread(unsigned long flags, void *stack, int32_t *ptid,
		       int32_t *ctid, uint64_t tls) VDSO_HIDDEN;

#define MIN_STACK (sizeof(struct thread_top) + 256)

cloudabi_errno_t vdso_thread_create(cloudabi_threadattr_t *attr,
				    cloudabi_tid_t *tid)
{
	cloudabi_threadattr_t a = *attr;
	uint64_t top, tls;
	struct thread_top *t;
	int32_t ptid = 0;
	long ret;

	if (a.stack_len < MIN_STACK ||
	    (uint64_t)(uintptr_t)a.stack + a.stack_len <
	    (uint64_t)(uintptr_t)a.stack)
		return CLOUDABI_EINVAL;
	top = ((uint64_t)(uintptr_t)a.stack + a.stack_len) & ~15UL;
	t = (struct thread_top *)(uintptr_t)(top - sizeof(*t));
	t->start.entry = (uint64_t)(uintptr_t)a.entry_point;
	t->start.argument = (uint64_t)(uintptr_t)a.argument;
	t->start.tid_addr = (uint64_t)(uintptr_t)&t->tid;
	vdso_copy_tcb(t->tcb);
	t->fs_word = (uint64_t)(uintptr_t)t->tcb;
#if defined(__x86_64__)
	tls = (uint64_t)(uintptr_t)&t->fs_word;
#else
	tls = (uint64_t)(uintptr_t)t->tcb;
#endif
	ret = vdso_clone_thread(VDSO_CLONE_THREAD_FLAGS, &t->start, &ptid,
				&t->tid, tls);
	if (ret < 0)
		return vdso_errno_from_linux(ret);
	*tid = (cloudabi_tid_t)ret;
	return 0;
}

void vdso_thread_exit(_Atomic(cloudabi_lock_t) *lock, cloudabi_scope_t scope)
{
	(void)scope;	/* The kernel's wake is shared: it reaches both. */
	linux_syscall3(LINUX_NR_set_tid_address, (long)lock, 0, 0);
	for (;;)
		linux_syscall3(LINUX_NR_exit, 0, 0, 0);
}

cloudabi_errno_t vdso_thread_yield(void)
{
	linux_syscall3(LINUX_NR_sched_yield, 0, 0, 0);
	return 0;
}
