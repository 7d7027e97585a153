/* SPDX-License-Identifier: MIT */
/*
 * CloudABI for Linux - the page the module maps just below the vDSO
 *
 * Written by the module at exec, read-only to the process.  The vDSO's
 * start code reads it before the program's first instruction, and the
 * gate entry reads the gate descriptor from it on every call.
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

#endif /* _UAPI_CLOUDABI_VDSO_DATA_H */
