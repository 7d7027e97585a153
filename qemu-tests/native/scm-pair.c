// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `scm-pair FILE PROG ARGS...`
 * makes a UNIX stream socket pair, queues "hi" with FILE's descriptor
 * attached (SCM_RIGHTS) on one end, closes that end and executes PROG
 * with the other end as descriptor 5.  A CloudABI program receiving on 5
 * must get the bytes and never the raw file.
 */

#include "../raw_syscall.h"

#if defined(__x86_64__)
#define NR_socketpair 53
#define NR_sendmsg 46
#elif defined(__aarch64__)
#define NR_socketpair 199
#define NR_sendmsg 211
#endif

#define AT_FDCWD (-100)
#define AF_UNIX 1
#define SOCK_STREAM 1
#define SOL_SOCKET 1
#define SCM_RIGHTS 1

struct iovec {
	void *base;
	unsigned long len;
};

struct msghdr {
	void *name;
	int namelen;
	struct iovec *iov;
	unsigned long iovlen;
	void *control;
	unsigned long controllen;
	int flags;
};

struct rights {
	unsigned long len;
	int level;
	int type;
	int fd;
	int pad;
};

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	struct iovec iov = { .base = "hi", .len = 2 };
	struct rights cmsg = {
		.len = 20, .level = SOL_SOCKET, .type = SCM_RIGHTS,
	};
	struct msghdr msg = {
		.iov = &iov, .iovlen = 1,
		.control = &cmsg, .controllen = sizeof(cmsg),
	};
	int sv[2];

	if (sp[0] < 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	cmsg.fd = raw_syscall4(NR_openat, AT_FDCWD, (long)argv[1], 0, 0);
	if (cmsg.fd < 0 ||
	    raw_syscall4(NR_socketpair, AF_UNIX, SOCK_STREAM, 0, (long)sv) ||
	    raw_syscall3(NR_sendmsg, sv[0], (long)&msg, 0) != 2)
		raw_syscall3(NR_exit_group, 101, 0, 0);
	/* dup3 of a descriptor onto itself is EINVAL. */
	if (sv[1] != 5) {
		if (raw_syscall3(NR_dup3, sv[1], 5, 0) != 5)
			raw_syscall3(NR_exit_group, 101, 0, 0);
		raw_syscall3(NR_close, sv[1], 0, 0);
	}
	raw_syscall3(NR_close, sv[0], 0, 0);
	raw_syscall3(NR_close, cmsg.fd, 0, 0);
	raw_syscall3(NR_execve, (long)argv[2], (long)(argv + 2), (long)envp);
	raw_syscall3(NR_exit_group, 102, 0, 0);
}
