/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - what the vDSO's own files share
 *
 * The vDSO is freestanding: no libc, no relocations, no writable data.
 * Per-process facts come from the data page the kernel maps just below the
 * image.
 */
#ifndef _CLOUDABI_VDSO_VDSO_H
#define _CLOUDABI_VDSO_VDSO_H

#include <stdatomic.h>

#include <cloudabi_syscalls.h>
#include <cloudabi_gate.h>
#include <cloudabi_vdso_data.h>

#include "local.h"
#include "linux_syscall.h"

#define VDSO_HIDDEN __attribute__((visibility("hidden")))

extern const struct cloudabi_vdso_data vdso_data VDSO_HIDDEN;
extern const struct cloudabi_vdso_clock vdso_clock VDSO_HIDDEN;

cloudabi_errno_t vdso_errno_from_linux(long ret) VDSO_HIDDEN;
int vdso_install_seccomp(void) VDSO_HIDDEN;
void vdso_start(const cloudabi_auxv_t *auxv) VDSO_HIDDEN
	__attribute__((noreturn));
void vdso_set_tls(uint64_t tls) VDSO_HIDDEN;
void vdso_copy_tcb(uint64_t tcb[2]) VDSO_HIDDEN;
long vdso_fork(int32_t gate_fd, cloudabi_fd_t *fd) VDSO_HIDDEN;
extern const char vdso_fork_site[] VDSO_HIDDEN;
extern const char vdso_exec_path[] VDSO_HIDDEN;
long vdso_gettid(void) VDSO_HIDDEN;
cloudabi_errno_t vdso_poll_lock(const cloudabi_subscription_t *in,
				cloudabi_event_t *out, size_t nsubscriptions,
				size_t *nevents) VDSO_HIDDEN;

#endif /* _CLOUDABI_VDSO_VDSO_H */
