/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the arm64 counter the kernel's clocksource reads
 *
 * CNTVCT_EL0, which the kernel lets user mode read exactly when its
 * clocksource says so (VDSO_CLOCKMODE_ARCHTIMER).  The isb keeps the read
 * from being taken before the sequence count that guards the clock
 * page's bases.
 */
#ifndef _CLOUDABI_VDSO_COUNTER_H
#define _CLOUDABI_VDSO_COUNTER_H

#include <stdint.h>

static inline uint64_t vdso_read_counter(void)
{
	uint64_t cnt;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(cnt) : : "memory");
	return cnt;
}

#endif /* _CLOUDABI_VDSO_COUNTER_H */
