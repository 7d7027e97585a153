// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `keep-raw RUN PROG YAML` starts
 * `RUN PROG` with YAML on its standard input and both ends of a UNIX
 * socket pair as descriptors 5 and 6, keeps its own descriptor of the
 * end at 5 until the program has exited, and only then closes it.  That
 * last close is a native one, which the module is not told of: what the
 * program left in flight over that socket must still be collected.
 * Exits with the program's status.
 */

#include "../raw_syscall.h"

#define AT_FDCWD	(-100)
#define SIGCHLD		17
#define HIGH		20	/* the two socket ends, out of the way */

NATIVE_START();

void start_c(long *sp);

static void fail(int code)
{
	raw_syscall3(NR_exit_group, code, 0, 0);
}

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	int pair[2], status = -1;
	char *run[3];
	long pid, in;

	if (sp[0] != 4)
		fail(100);
	if (raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)pair) ||
	    raw_syscall3(NR_dup3, pair[0], HIGH, 0) != HIGH ||
	    raw_syscall3(NR_dup3, pair[1], HIGH + 1, 0) != HIGH + 1)
		fail(101);
	raw_syscall3(NR_close, pair[0], 0, 0);
	raw_syscall3(NR_close, pair[1], 0, 0);
	pair[0] = HIGH;
	pair[1] = HIGH + 1;
	pid = raw_syscall6(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (pid < 0)
		fail(104);
	if (pid == 0) {
		in = raw_syscall4(NR_openat, AT_FDCWD, (long)argv[3], 0, 0);
		if (in < 0 || raw_syscall3(NR_dup3, in, 0, 0) != 0 ||
		    raw_syscall3(NR_dup3, pair[0], 5, 0) != 5 ||
		    raw_syscall3(NR_dup3, pair[1], 6, 0) != 6)
			fail(103);
		raw_syscall3(NR_close, pair[0], 0, 0);
		raw_syscall3(NR_close, pair[1], 0, 0);
		run[0] = argv[1];
		run[1] = argv[2];
		run[2] = 0;
		raw_syscall3(NR_execve, (long)run[0], (long)run, (long)envp);
		fail(102);
	}
	raw_syscall3(NR_close, pair[1], 0, 0);
	if (raw_syscall4(NR_wait4, pid, (long)&status, 0, 0) != pid)
		fail(105);
	/* The end at 5 is now held here and by what the program sent. */
	raw_syscall3(NR_close, pair[0], 0, 0);
	fail(status & 0x7f ? 128 + (status & 0x7f) : (status >> 8) & 0xff);
}
