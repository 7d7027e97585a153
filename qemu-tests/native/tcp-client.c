// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `tcp-client PORT MESSAGE`
 * connects to 127.0.0.1:PORT, sends MESSAGE, and copies whatever comes
 * back to standard output until the server closes the connection.
 */

#include "../raw_syscall.h"

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	struct native_sockaddr_in sin;
	char buf[256];
	long s, n, len = 0;

	if (sp[0] != 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	sin = native_loopback(native_number(argv[1]));
	while (argv[2][len])
		len++;
	s = raw_syscall3(NR_socket, AF_INET, SOCK_STREAM, 0);
	if (s < 0 || raw_syscall3(NR_connect, s, (long)&sin, sizeof(sin)) ||
	    raw_syscall3(NR_write, s, (long)argv[2], len) != len)
		raw_syscall3(NR_exit_group, 101, 0, 0);
	while ((n = raw_syscall3(NR_read, s, (long)buf, sizeof(buf))) > 0)
		raw_syscall3(NR_write, 1, (long)buf, n);
	raw_syscall3(NR_exit_group, n < 0 ? 102 : 0, 0, 0);
}
