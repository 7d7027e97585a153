// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - gate calls whose issue has not landed yet
 *
 * Each answers ENOSYS, as the ABI does for a call a kernel does not
 * provide.  A call leaves this list for its family's file (sys_fd.c,
 * sys_file.c, sys_mem.c, sys_proc.c, sys_sock.c, ...) when it is
 * implemented; the generated table needs every handler to exist.
 */

#include <linux/errno.h>

#include "generated/syscall_table.h"

#define PENDING(name)							\
long cloudabi_sys_##name(const struct cloudabi_gate_##name *args)	\
{									\
	return -ENOSYS;							\
}

#define PENDING_WITH_RESULT(name)					\
long cloudabi_sys_##name(const struct cloudabi_gate_##name *args,	\
			 struct cloudabi_result_##name *res)		\
{									\
	return -ENOSYS;							\
}

PENDING_WITH_RESULT(mem_map)
PENDING_WITH_RESULT(poll)
PENDING(proc_exec)
PENDING_WITH_RESULT(proc_fork)
PENDING(proc_raise)
PENDING(sock_recv)
PENDING(sock_send)
