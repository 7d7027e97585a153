/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the gate's extension commands
 */
#ifndef _CLOUDABI_GATE_EXT_H
#define _CLOUDABI_GATE_EXT_H

#include <cloudabi_gate_ext.h>

#include "gate_table.h"

struct cloudabi_result_fd_restrict {
	cloudabi_fd_t newfd;
};

long cloudabi_fd_restrict(const struct cloudabi_gate_fd_restrict *args,
			  struct cloudabi_result_fd_restrict *res);

#define CLOUDABI_GATE_EXT_COUNT 1
extern const struct cloudabi_syscall
	cloudabi_gate_ext_table[CLOUDABI_GATE_EXT_COUNT];

#endif /* _CLOUDABI_GATE_EXT_H */
