// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `scm-pair FILE PROG ARGS...`
 * makes a UNIX stream socket pair, queues "hi" with FILE's descriptor
 * attached (SCM_RIGHTS) on one end, closes that end and executes PROG
 * with the other end as descriptor 5.  A CloudABI program receiving on 5
 * must get the bytes and never the raw file.
 */

#include "../raw_syscall.h"

#define AT_FDCWD (-100)

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	int sv[2];
	long file;

	if (sp[0] < 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	file = raw_syscall4(NR_openat, AT_FDCWD, (long)argv[1], 0, 0);
	if (file < 0 ||
	    raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv) ||
	    native_send_fd(sv[0], "hi", 2, file) != 2)
		raw_syscall3(NR_exit_group, 101, 0, 0);
	/* dup3 of a descriptor onto itself is EINVAL. */
	if (sv[1] != 5) {
		if (raw_syscall3(NR_dup3, sv[1], 5, 0) != 5)
			raw_syscall3(NR_exit_group, 101, 0, 0);
		raw_syscall3(NR_close, sv[1], 0, 0);
	}
	raw_syscall3(NR_close, sv[0], 0, 0);
	raw_syscall3(NR_close, file, 0, 0);
	raw_syscall3(NR_execve, (long)argv[2], (long)(argv + 2), (long)envp);
	raw_syscall3(NR_exit_group, 102, 0, 0);
}
