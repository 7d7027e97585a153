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
