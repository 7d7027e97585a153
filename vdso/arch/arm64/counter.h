/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the arm64 counter the kernel's clocksource reads
 *
 * CNTVCT_EL0, which the kernel lets user mode read exactly when its
 * clocksource says so (VDSO_CLOCKMODE_ARCHTIMER).  A system register read
 * is no memory access, so barriers alone do not order it:
 *  - the isb keeps it from being taken before the sequence count that
 *    guards the clock page's bases is loaded;
 *  - a load whose address depends on the value read (it adds zero to the
 *    stack pointer and discards the result) turns it into something the
 *    reader's acquire fence before the second sequence load does order,
 *    so it cannot be taken after that load either.
 * Without the second, bases from before an update could be paired with a
 * counter read after it, and a clock whose multiplier just shrank would
 * run ahead of the kernel's.
 */
#ifndef _CLOUDABI_VDSO_COUNTER_H
#define _CLOUDABI_VDSO_COUNTER_H

#include <stdint.h>

static inline uint64_t vdso_read_counter(void)
{
	uint64_t cnt, zero;

	__asm__ volatile("isb\n\t"
			 "mrs %0, cntvct_el0\n\t"
			 "eor %1, %0, %0\n\t"
			 "add %1, sp, %1\n\t"
			 "ldr xzr, [%1]"
			 : "=r"(cnt), "=&r"(zero) : : "memory");
	return cnt;
}

#endif /* _CLOUDABI_VDSO_COUNTER_H */
