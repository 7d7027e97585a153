// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: the smallest useful program
 *
 * Started by a native parent as `hello.run FD NAME STATUS`: parses its
 * argument data (the argv area), writes "hello, NAME" to descriptor FD and
 * exits with STATUS.  The in-guest runner checks both.
 *
 * `hello.run FD --wait` instead reads descriptor 0 until end of file, so
 * that the runner has a CloudABI process to hold on to.
 */

#include "rt.h"

int program_main(void)
{
	const char *name = rt_arg(2);

	char buf[64];
	cloudabi_iovec_t iov = { .buf = buf, .buf_len = sizeof(buf) };
	size_t n;

	if (!name)
		return 100;
	if (!rt_strcmp(name, "--wait")) {
		while (RT_SYS(fd_read)(0, &iov, 1, &n) == 0 && n > 0)
			;
		return 0;
	}
	rt_printf(rt_number(rt_arg(1)), "hello, %s (%u bytes of argdata)\n", name,
		  (unsigned int)rt.argdatalen);
	return (int)rt_number(rt_arg(3));
}
