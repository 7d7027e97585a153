/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the x86-64 counter the kernel's clocksource reads
 *
 * The TSC, ordered after earlier loads as Linux's own vDSO reads it
 * (lfence, then rdtsc): a read cannot be satisfied before the sequence
 * count that guards the clock page's bases.
 */
#ifndef _CLOUDABI_VDSO_COUNTER_H
#define _CLOUDABI_VDSO_COUNTER_H

#include <stdint.h>

static inline uint64_t vdso_read_counter(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

#endif /* _CLOUDABI_VDSO_COUNTER_H */
