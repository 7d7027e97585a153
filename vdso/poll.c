// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - poll: locks and condition variables here, the rest
 * through the gate
 *
 * Futex waits are not exported to modules, which is why the spec allows a
 * lock or condvar subscription only first and with at most one clock:
 * such a poll is a futex wait in the vDSO (lock.c); every other poll is
 * the gate's (module/sys_poll.c).  The gate sees every poll first: it
 * checks the arrays, so a bad pointer is EFAULT rather than a fault in
 * here, and answers ENOSYS for a lock or condvar first.
 */

#include "vdso.h"

static int is_lock_wait(cloudabi_eventtype_t type)
{
	return type == CLOUDABI_EVENTTYPE_CONDVAR ||
	       type == CLOUDABI_EVENTTYPE_LOCK_RDLOCK ||
	       type == CLOUDABI_EVENTTYPE_LOCK_WRLOCK;
}

cloudabi_errno_t vdso_poll(const cloudabi_subscription_t *in,
			   cloudabi_event_t *out, size_t nsubscriptions,
			   size_t *nevents)
{
	struct cloudabi_gate_poll args = {
		.in = (uint64_t)(uintptr_t)in,
		.out = (uint64_t)(uintptr_t)out,
		.nsubscriptions = nsubscriptions,
		.nevents = (uint64_t)(uintptr_t)nevents,
	};
	cloudabi_errno_t err;

	err = cloudabi_vdso_gate(CLOUDABI_GATE_POLL, &args);
	/* Also what an unusable gate answers: then nothing was checked. */
	if (err == CLOUDABI_ENOSYS && nsubscriptions &&
	    is_lock_wait(in[0].type))
		return vdso_poll_lock(in, out, nsubscriptions, nevents);
	return err;
}
