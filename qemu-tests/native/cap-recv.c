// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `cap-recv YAML RUN PROG` starts
 * `RUN PROG` with YAML on its standard input and one end of a UNIX socket
 * pair as descriptor 5, waits for it to send shared memory restricted to
 * reading plus a socket, and receives them with CLOUDABI_IOC_RECV.  The
 * shared memory must arrive as a capability whose rights still hold here
 * (read-mapping works, write and write-mapping are EPERM); the socket
 * must be closed instead (truncated).  Prints what it saw; exits 0 when
 * all of that holds.
 */

#include <cloudabi_dev.h>

#include "../raw_syscall.h"

#define AT_FDCWD	(-100)
#define O_RDWR		2
#define SIGCHLD		17
#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_SHARED	1
#define EPERM		1

NATIVE_START();

void start_c(long *sp);

static int put_str(char *p, const char *s)
{
	int k = 0;

	while (s[k]) {
		p[k] = s[k];
		k++;
	}
	return k;
}

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	char data[8], line[160], *run[3] = { argv[2], argv[3], 0 };
	unsigned int fds[4] = { 0 };
	struct cloudabi_recv_request req = {
		.data = (long)data, .data_len = sizeof(data),
		.fds = (long)fds, .fds_len = 4,
	};
	long pid, in, dev, got, map, wmap, wr;
	int sv[2], status = -1, k = 0, ok;

	if (sp[0] != 4 ||
	    raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv))
		raw_syscall3(NR_exit_group, 100, 0, 0);
	pid = raw_syscall6(NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
	if (pid == 0) {
		in = raw_syscall4(NR_openat, AT_FDCWD, (long)argv[1], 0, 0);
		if (in < 0 || raw_syscall3(NR_dup3, in, 0, 0) != 0 ||
		    raw_syscall3(NR_dup3, sv[1], 5, 0) != 5)
			raw_syscall3(NR_exit_group, 101, 0, 0);
		raw_syscall3(NR_close, sv[0], 0, 0);
		raw_syscall3(NR_execve, (long)run[0], (long)run, (long)envp);
		raw_syscall3(NR_exit_group, 102, 0, 0);
	}
	raw_syscall3(NR_close, sv[1], 0, 0);
	raw_syscall4(NR_wait4, pid, (long)&status, 0, 0);
	dev = raw_syscall4(NR_openat, AT_FDCWD, (long)CLOUDABI_DEV_PATH,
			   O_RDWR, 0);
	req.sock = sv[0];
	got = raw_syscall3(NR_ioctl, dev, CLOUDABI_IOC_RECV, (long)&req);
	map = wmap = wr = -1;
	if (got == 1 && req.fds_received == 1) {
		map = raw_syscall6(NR_mmap, 0, 4096, PROT_READ, MAP_SHARED,
				   fds[0], 0);
		wmap = raw_syscall6(NR_mmap, 0, 4096, PROT_READ | PROT_WRITE,
				    MAP_SHARED, fds[0], 0);
		wr = raw_syscall3(NR_write, fds[0], (long)"x", 1);
	}
	ok = status == 0 && got == 1 && req.fds_received == 1 &&
	     req.truncated == 1 && map > 0 &&
	     ((const char *)map)[0] == 'h' && ((const char *)map)[2] == 'p' &&
	     wmap == -EPERM && wr == -EPERM;
	k += put_str(line + k, "cap-recv: bytes ");
	k += native_put_num(line + k, got);
	k += put_str(line + k, ", capabilities ");
	k += native_put_num(line + k, req.fds_received);
	k += put_str(line + k, ", truncated ");
	k += native_put_num(line + k, req.truncated);
	k += put_str(line + k, ", reads ");
	k += put_str(line + k, map > 0 && ((const char *)map)[0] == 'h' ?
			       "hop" : "nothing");
	k += put_str(line + k, ", write-map ");
	k += native_put_num(line + k, wmap);
	k += put_str(line + k, ", write ");
	k += native_put_num(line + k, wr);
	line[k++] = '\n';
	raw_syscall3(NR_write, 1, (long)line, k);
	raw_syscall3(NR_exit_group, ok ? 0 : 1, 0, 0);
}
