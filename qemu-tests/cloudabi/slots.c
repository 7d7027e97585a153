// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: every slot holds a capability, after every call family
 *
 * The invariant the sandbox rests on: in a CloudABI process, every
 * descriptor slot other than the gate holds a capability file, at every
 * instant.  Started as `slots.run OUT DIR` with a directory on DIR and a
 * pipe on 0, it runs one family of descriptor-making calls at a time,
 * writes "step NAME" to OUT and waits for a byte on 0 while the runner
 * reads /proc/PID/fd from outside.  Writes "done N" after N steps.
 */

#include "rt.h"

static cloudabi_fd_t out;
static unsigned int steps;

/* Let the runner look at the table, then go on. */
static void step(const char *name, cloudabi_errno_t err)
{
	char c;
	cloudabi_iovec_t iov = { .buf = &c, .buf_len = 1 };
	size_t n;

	rt_printf(out, "step %s %u\n", name, (unsigned int)err);
	RT_SYS(fd_read)(0, &iov, 1, &n);
	steps++;
}

int program_main(void)
{
	cloudabi_fd_t dir = rt_number(rt_arg(2)), f = 0, g = 0, shm = 0;
	cloudabi_fd_t a = 0, b = 0;
	cloudabi_lookup_t at;
	cloudabi_fdstat_t st = {
		.fs_rights_base = CLOUDABI_RIGHT_FD_READ |
				  CLOUDABI_RIGHT_FD_WRITE |
				  CLOUDABI_RIGHT_FILE_STAT_FGET,
	};

	out = rt_number(rt_arg(1));
	at.fd = dir;
	at.flags = 0;
	step("start", 0);
	step("file_open", RT_SYS(file_open)(at, "a", 1, CLOUDABI_O_CREAT, &st,
					    &f));
	step("fd_dup", RT_SYS(fd_dup)(f, &g));
	step("fd_create1", RT_SYS(fd_create1)(CLOUDABI_FILETYPE_SHARED_MEMORY,
					      &shm));
	step("fd_create2", RT_SYS(fd_create2)(CLOUDABI_FILETYPE_SOCKET_STREAM,
					      &a, &b));
	st.fs_rights_base = CLOUDABI_RIGHT_FD_READ;
	step("fd_stat_put", RT_SYS(fd_stat_put)(g, &st,
						CLOUDABI_FDSTAT_RIGHTS));
	step("fd_replace", RT_SYS(fd_replace)(shm, a));
	step("fd_close", RT_SYS(fd_close)(b));
	step("file_create", RT_SYS(file_create)(dir, "d", 1,
						CLOUDABI_FILETYPE_DIRECTORY));
	rt_printf(out, "done %u\n", steps);
	return 0;
}
