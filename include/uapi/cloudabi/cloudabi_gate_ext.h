/* SPDX-License-Identifier: MIT */
/*
 * CloudABI for Linux - gate commands beyond the ABI's own calls
 *
 * Some calls need two steps that the ABI's argument list cannot carry.
 * fd_stat_put restricting rights is one: Linux lets no module put a new
 * file into an existing slot, so the module makes the restricted
 * capability at a new descriptor and the vDSO moves it into place with
 * dup3().  These commands use numbers from CLOUDABI_GATE_EXT_BASE on, past
 * the generated table, and the same ioctl type.
 */
#ifndef _UAPI_CLOUDABI_GATE_EXT_H
#define _UAPI_CLOUDABI_GATE_EXT_H

#include "generated/cloudabi_gate.h"

#define CLOUDABI_GATE_EXT_BASE	0x80

/**
 * struct cloudabi_gate_fd_restrict - CLOUDABI_GATE_FD_RESTRICT's block
 * @fd: the descriptor whose rights shrink
 * @__pad0: zero
 * @buf: user address of a cloudabi_fdstat_t holding the new rights
 * @newfd: user address of a cloudabi_fd_t: the new close-on-exec
 *	descriptor holding the restricted capability
 */
struct cloudabi_gate_fd_restrict {
	uint32_t fd;
	uint8_t __pad0[4];
	uint64_t buf;
	uint64_t newfd;
};
_Static_assert(sizeof(struct cloudabi_gate_fd_restrict) == 24,
	       "struct cloudabi_gate_fd_restrict: size");
_Static_assert(offsetof(struct cloudabi_gate_fd_restrict, buf) == 8,
	       "struct cloudabi_gate_fd_restrict: offset of buf");
_Static_assert(offsetof(struct cloudabi_gate_fd_restrict, newfd) == 16,
	       "struct cloudabi_gate_fd_restrict: offset of newfd");

/* _IOW(CLOUDABI_GATE_IOC_MAGIC, 0x80, struct cloudabi_gate_fd_restrict) */
#define CLOUDABI_GATE_FD_RESTRICT	0x4018CA80U

#endif /* _UAPI_CLOUDABI_GATE_EXT_H */
