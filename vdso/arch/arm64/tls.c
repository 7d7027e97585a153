// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - the arm64 TLS register, set at start-up
 *
 * tpidr_el0 is writable from EL0: no system call needed.
 */

#include "vdso.h"

void vdso_set_tls(uint64_t tls)
{
	__asm__ volatile("msr tpidr_el0, %0" : : "r"(tls));
}

/*
 * The TCB a new thread starts with: a copy of the caller's 16 bytes, which
 * tpidr_el0 points at (TLS variant I).
 */
void vdso_copy_tcb(uint64_t tcb[2])
{
	const uint64_t *cur;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(cur));
	tcb[0] = cur ? cur[0] : 0;
	tcb[1] = cur ? cur[1] : 0;
}
