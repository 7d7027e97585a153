// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - vDSO-local calls whose issue has not landed yet
 *
 * Each of these answers ENOSYS, as the ABI does for a call a kernel does
 * not provide, and moves to its family's file when it is implemented:
 * locks and condition variables, threads, fork and poll.
 */

#include "vdso.h"

cloudabi_errno_t vdso_condvar_signal(_Atomic(cloudabi_condvar_t) *condvar,
				     cloudabi_scope_t scope,
				     cloudabi_nthreads_t nwaiters)
{
	(void)condvar, (void)scope, (void)nwaiters;
	return CLOUDABI_ENOSYS;
}

cloudabi_errno_t vdso_lock_unlock(_Atomic(cloudabi_lock_t) *lock,
				  cloudabi_scope_t scope)
{
	(void)lock, (void)scope;
	return CLOUDABI_ENOSYS;
}

cloudabi_errno_t vdso_poll(const cloudabi_subscription_t *in,
			   cloudabi_event_t *out, size_t nsubscriptions,
			   size_t *nevents)
{
	(void)in, (void)out, (void)nsubscriptions, (void)nevents;
	return CLOUDABI_ENOSYS;
}

cloudabi_errno_t vdso_proc_fork(cloudabi_fd_t *fd, cloudabi_tid_t *tid)
{
	(void)fd, (void)tid;
	return CLOUDABI_ENOSYS;
}

cloudabi_errno_t vdso_thread_create(cloudabi_threadattr_t *attr,
				    cloudabi_tid_t *tid)
{
	(void)attr, (void)tid;
	return CLOUDABI_ENOSYS;
}

/*
 * Without thread_create the caller is the only thread, so no other thread
 * can wait on @lock and exiting the thread ends the process.
 */
void vdso_thread_exit(_Atomic(cloudabi_lock_t) *lock, cloudabi_scope_t scope)
{
	(void)lock, (void)scope;
	for (;;)
		linux_syscall3(LINUX_NR_exit, 0, 0, 0);
}
