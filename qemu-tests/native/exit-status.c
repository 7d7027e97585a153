// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: prints "exit-status: N" and
 * exits with status N.  It checks that scripts/vm-run returns a guest
 * program's output and status.
 */

#include "../raw_syscall.h"

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	const char *arg = sp[0] > 1 ? (const char *)sp[2] : "0";
	char msg[32] = "exit-status: ";
	int status = 0, n = 13, i;

	for (i = 0; arg[i] >= '0' && arg[i] <= '9' && i < 3; i++) {
		status = status * 10 + (arg[i] - '0');
		msg[n++] = arg[i];
	}
	msg[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, n);
	raw_syscall3(NR_exit_group, status & 255, 0, 0);
}
