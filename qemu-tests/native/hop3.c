// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `hop3 RUN PROG Y1 Y2 Y3` joins
 * three CloudABI processes in a line with two UNIX socket pairs and starts
 * each as `RUN PROG` with Yn on its standard input: the first holds one
 * end of the first pair as descriptor 5, the middle the other end as 5 and
 * one end of the second pair as 6, the last the other end as 5.  Exits 0
 * when all three do.  A capability sent by the first reaches the last
 * only through the middle one.
 */

#include "../raw_syscall.h"

#define AT_FDCWD	(-100)
#define SIGCHLD		17
#define HIGH		20	/* the four socket ends, out of the way */

NATIVE_START();

void start_c(long *sp);

static void fail(int code)
{
	raw_syscall3(NR_exit_group, code, 0, 0);
}

static void move(int from, int to)
{
	if (raw_syscall3(NR_dup3, from, to, 0) != to)
		fail(101);
	raw_syscall3(NR_close, from, 0, 0);
}

/* In the child: its yaml on 0, its ends on 5 and 6, then exec. */
static void child(char **run, char **envp, const char *yaml, int e5, int e6)
{
	long in = raw_syscall4(NR_openat, AT_FDCWD, (long)yaml, 0, 0);
	int fd;

	if (in < 0)
		fail(103);
	move(in, 0);
	raw_syscall3(NR_dup3, e5, 5, 0);
	if (e6 >= 0)
		raw_syscall3(NR_dup3, e6, 6, 0);
	for (fd = HIGH; fd < HIGH + 4; fd++)
		raw_syscall3(NR_close, fd, 0, 0);
	raw_syscall3(NR_execve, (long)run[0], (long)run, (long)envp);
	fail(102);
}

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	int x[2], y[2], ends[3][2] = { { HIGH, -1 }, { HIGH + 1, HIGH + 2 },
				       { HIGH + 3, -1 } };
	int i, status, failed = 0;
	long pid;
	char *run[3];

	if (sp[0] != 6)
		fail(100);
	if (raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)x) ||
	    raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)y))
		fail(101);
	move(x[0], HIGH);
	move(x[1], HIGH + 1);
	move(y[0], HIGH + 2);
	move(y[1], HIGH + 3);
	run[0] = argv[1];
	run[1] = argv[2];
	run[2] = 0;
	for (i = 0; i < 3; i++) {
		pid = raw_syscall6(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
		if (pid < 0)
			fail(104);
		if (pid == 0)
			child(run, envp, argv[3 + i], ends[i][0], ends[i][1]);
	}
	for (i = HIGH; i < HIGH + 4; i++)
		raw_syscall3(NR_close, i, 0, 0);
	for (i = 0; i < 3; i++) {
		status = -1;
		if (raw_syscall4(NR_wait4, -1, (long)&status, 0, 0) < 0 ||
		    status != 0)
			failed = 1;
	}
	fail(failed);
}
