// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `exec-guard HOW PROG ARGS...`
 * executes PROG the way an attacker would set it up, to show that exec
 * refuses.  Prints "exec N" with execve's raw result, or "exec ran" when
 * PROG was started (and is then killed).
 *
 *   traced    a child asks to be traced (PTRACE_TRACEME) and execs: a
 *             tracer could rewrite the start code's system calls
 *   filtered  a seccomp filter that allows everything is installed first:
 *             a filter could fake the start code's seccomp() call
 */

#include "../raw_syscall.h"

#if defined(__x86_64__)
#define NR_clone 56
#define NR_wait4 61
#define NR_prctl 157
#define NR_seccomp 317
#elif defined(__aarch64__)
#define NR_clone 220
#define NR_wait4 260
#define NR_prctl 167
#define NR_seccomp 277
#endif

#define SIGCHLD 17
#define PTRACE_TRACEME 0
#define PR_SET_NO_NEW_PRIVS 38
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_RET_ALLOW 0x7fff0000U

struct sock_filter {
	unsigned short code;
	unsigned char jt, jf;
	unsigned int k;
};

struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};

NATIVE_START();

static void say(const char *what, long v, int number)
{
	char msg[32] = "exec ";
	int n = 5, i;

	for (i = 0; what[i]; i++)
		msg[n++] = what[i];
	if (number)
		n += native_put_num(msg + n, v);
	msg[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)msg, n);
}

static void traced(char **argv, char **envp)
{
	long pid, ret;
	int status = 0;

	pid = raw_syscall3(NR_clone, SIGCHLD, 0, 0);
	if (pid == 0) {
		raw_syscall4(NR_ptrace, PTRACE_TRACEME, 0, 0, 0);
		ret = raw_syscall3(NR_execve, (long)argv[0], (long)argv,
				   (long)envp);
		raw_syscall3(NR_exit_group, -ret, 0, 0);
	}
	raw_syscall4(NR_wait4, pid, (long)&status, 0, 0);
	/* Stopped: the exec went through and the tracee got SIGTRAP. */
	if ((status & 0xff) == 0x7f) {
		say("ran", 0, 0);
		raw_syscall3(NR_kill, pid, 9, 0);
		raw_syscall4(NR_wait4, pid, (long)&status, 0, 0);
		return;
	}
	say("", -((status >> 8) & 0xff), 1);
}

static void filtered(char **argv, char **envp)
{
	struct sock_filter allow = { 0x06, 0, 0, SECCOMP_RET_ALLOW };
	struct sock_fprog prog = { 1, &allow };
	long ret;

	/* prctl() wants its unused arguments zero. */
	raw_syscall5(NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	ret = raw_syscall3(NR_seccomp, SECCOMP_SET_MODE_FILTER, 0,
			   (long)&prog);
	if (ret < 0) {
		say("setup ", ret, 1);
		return;
	}
	ret = raw_syscall3(NR_execve, (long)argv[0], (long)argv, (long)envp);
	say("", ret, 1);
}

void start_c(long *sp);

void start_c(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	const char *how = argv[1];

	if (argc < 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	if (how[0] == 't')
		traced(argv + 2, envp);
	else
		filtered(argv + 2, envp);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
