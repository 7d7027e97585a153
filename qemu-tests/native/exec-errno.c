// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `exec-errno PATH` executes PATH
 * and, when the exec fails, prints "errno N" and exits 0.  When the exec
 * succeeds, PATH's own status is what the caller sees.  The runner uses it
 * to check which error the kernel gives for a malformed executable.
 */

#include "../raw_syscall.h"

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	char *path = sp[0] > 1 ? (char *)sp[2] : "";
	char *argv[] = { path, 0 };
	char *envp[] = { 0 };
	char msg[16] = "errno ";
	long err = -raw_syscall3(NR_execve, (long)path, (long)argv, (long)envp);
	int n = 6;

	if (err >= 100)
		msg[n++] = '0' + err / 100;
	if (err >= 10)
		msg[n++] = '0' + err / 10 % 10;
	msg[n++] = '0' + err % 10;
	msg[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, n);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
