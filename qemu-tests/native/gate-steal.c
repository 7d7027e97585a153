// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `gate-steal PID FD` takes
 * descriptor FD of process PID with pidfd_getfd(2) (as a debugger could)
 * and calls the CloudABI gate through it.  Prints "ioctl N" with the raw
 * result (the gate must refuse any caller but its own process), or
 * "getfd N" when the descriptor could not be taken at all.
 */

#include "../../include/uapi/cloudabi/generated/cloudabi_gate.h"

#include "../raw_syscall.h"

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	cloudabi_fdstat_t st;
	struct cloudabi_gate_fd_stat_get args = {
		.fd = 0, .buf = (uint64_t)(uintptr_t)&st,
	};
	char msg[32] = "ioctl ";
	long pidfd, fd, ret;
	int n = 6;

	if (sp[0] < 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	pidfd = raw_syscall3(NR_pidfd_open, native_number((char *)sp[2]), 0, 0);
	fd = raw_syscall3(NR_pidfd_getfd, pidfd, native_number((char *)sp[3]), 0);
	if (fd < 0) {
		msg[0] = 'g', msg[1] = 'e', msg[2] = 't', msg[3] = 'f';
		msg[4] = 'd';
		ret = fd;
	} else {
		ret = raw_syscall3(NR_ioctl, fd, CLOUDABI_GATE_FD_STAT_GET,
			   (long)&args);
	}
	if (ret < 0) {
		msg[n++] = '-';
		ret = -ret;
	}
	if (ret >= 10)
		msg[n++] = '0' + ret / 10 % 10;
	msg[n++] = '0' + ret % 10;
	msg[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, n);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
