/* SPDX-License-Identifier: MIT */
/*
 * CloudABI for Linux - the pages the module maps just below the vDSO
 *
 * The data page, right below the image, is written by the module at exec
 * and read-only to the process.  The vDSO's start code reads it before
 * the program's first instruction, and the gate entry reads the gate
 * descriptor from it on every call.  The clock page, below the data page,
 * is the machine's timekeeper, kept current by the module.
 */
#ifndef _UAPI_CLOUDABI_VDSO_DATA_H
#define _UAPI_CLOUDABI_VDSO_DATA_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

/**
 * struct cloudabi_vdso_data - per-process facts for the vDSO
 * @entry: the program's entry point
 * @tls: the initial TLS register value (x86-64: %fs base, pointing at a
 *	word that points at the TCB; arm64: tpidr_el0, pointing at the TCB)
 * @gate_fd: descriptor number of this process's gate file
 * @confined: nonzero when the process is already confined: a proc_exec
 *	keeps the filter its caller had, and the start code must neither
 *	install another nor make the calls the filter forbids
 */
struct cloudabi_vdso_data {
	uint64_t entry;
	uint64_t tls;
	int32_t gate_fd;
	uint32_t confined;
};

_Static_assert(sizeof(struct cloudabi_vdso_data) == 24,
	       "struct cloudabi_vdso_data: size");

/* struct cloudabi_vdso_clock.mode */
#define CLOUDABI_VDSO_CLOCK_SYSCALL	0	/* ask the kernel */
#define CLOUDABI_VDSO_CLOCK_COUNTER	1	/* the arch's user counter */

/**
 * struct cloudabi_vdso_clock - the timekeeper, as the vDSO reads it
 * @seq: odd while the module writes; a reader retries when it changed
 * @mode: CLOUDABI_VDSO_CLOCK_COUNTER when the kernel's clocksource is the
 *	counter user mode may read (arm64: CNTVCT_EL0; x86-64: the TSC),
 *	else CLOUDABI_VDSO_CLOCK_SYSCALL
 * @mult: nanoseconds per cycle, shifted left by @shift
 * @shift: see @mult
 * @res_ns: the resolution of the REALTIME and MONOTONIC clocks
 * @cycle_last: the counter's value when the times below were taken
 * @mask: the counter's width
 * @mono_sec: CLOCK_MONOTONIC at @cycle_last, seconds
 * @mono_snsec: and nanoseconds, shifted left by @shift
 * @real_sec: CLOCK_REALTIME at @cycle_last, seconds
 * @real_snsec: and nanoseconds, shifted left by @shift
 *
 * One page for the whole machine, mapped read-only into every CloudABI
 * process just below its data page, and rewritten by the module on every
 * timekeeping update.
 */
struct cloudabi_vdso_clock {
	uint32_t seq;
	uint32_t mode;
	uint32_t mult;
	uint32_t shift;
	uint64_t res_ns;
	uint64_t cycle_last;
	uint64_t mask;
	uint64_t mono_sec;
	uint64_t mono_snsec;
	uint64_t real_sec;
	uint64_t real_snsec;
};

_Static_assert(sizeof(struct cloudabi_vdso_clock) == 72,
	       "struct cloudabi_vdso_clock: size");

#endif /* _UAPI_CLOUDABI_VDSO_DATA_H */
