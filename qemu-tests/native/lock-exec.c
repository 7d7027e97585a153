// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `lock-exec FILE PROG ARG...`
 * opens FILE read-write as descriptor 3, takes a POSIX write lock on it,
 * and executes PROG with the descriptor inherited.  When PROG is a
 * CloudABI program the descriptor becomes a capability at exec; the lock,
 * which this process's descriptor table owns, must go with the close of
 * the original slot, not outlive the file (the runner checks /proc/locks
 * once PROG has exited).  Exits 100 + step on a failure before exec.
 */

#include "../raw_syscall.h"

#define AT_FDCWD (-100)
#define O_RDWR 2
#define F_SETLK 6
#define F_WRLCK 1

#if defined(__x86_64__)
#define NR_fcntl 72
#else
#define NR_fcntl 25
#endif

struct flock64_raw {
	short l_type;
	short l_whence;
	long l_start;
	long l_len;
	int l_pid;
};

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	struct flock64_raw fl = { .l_type = F_WRLCK };
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	long fd;

	if (sp[0] < 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	fd = raw_syscall4(NR_openat, AT_FDCWD, (long)argv[1], O_RDWR, 0);
	if (fd != 3)
		raw_syscall3(NR_exit_group, 101, 0, 0);
	if (raw_syscall3(NR_fcntl, fd, F_SETLK, (long)&fl))
		raw_syscall3(NR_exit_group, 102, 0, 0);
	raw_syscall3(NR_execve, (long)argv[2], (long)(argv + 2), (long)envp);
	raw_syscall3(NR_exit_group, 103, 0, 0);
}
