// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - process start-up in the vDSO
 *
 * The module starts every CloudABI process here rather than at the
 * program's entry point: what the kernel would do itself at exec but keeps
 * private from modules (setting the TLS register, resetting signal
 * dispositions) is done with ordinary system calls, and then the seccomp
 * filter goes in.  From the program's first instruction on, only the
 * allow-listed calls remain.
 */

#include "vdso.h"

#if defined(__x86_64__)
#define LINUX_NR_rt_sigaction	13
#define LINUX_NR_rt_sigprocmask	14
#elif defined(__aarch64__)
#define LINUX_NR_rt_sigaction	134
#define LINUX_NR_rt_sigprocmask	135
#endif

#define LINUX_SIGKILL	9
#define LINUX_SIGCHLD	17
#define LINUX_SIGPIPE	13
#define LINUX_SIGXFSZ	25
#define LINUX_SIGSTOP	19
#define LINUX_NSIG	64
#define LINUX_SIG_DFL	0
#define LINUX_SIG_IGN	1
#define LINUX_SIG_SETMASK 2

/* The kernel's struct sigaction on x86-64 and arm64 (both SA_RESTORER). */
struct linux_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/*
 * Exec resets caught signals but keeps ignored ones ignored and keeps the
 * blocked mask: a CloudABI program starts with every disposition at its
 * default and nothing blocked, except SIGPIPE, which is ignored so that
 * writes to a closed pipe or socket return EPIPE instead of killing,
 * SIGXFSZ, ignored so that writes past RLIMIT_FSIZE return EFBIG (a
 * program can neither catch it nor raise the limit: the errno is all it
 * can act on), and
 * SIGCHLD, ignored so that the kernel reaps children (no CloudABI call
 * waits; a process descriptor reads the exit status).
 */
static int reset_signals(void)
{
	struct linux_sigaction sa = { .handler = LINUX_SIG_DFL };
	uint64_t none = 0;
	long sig, ret;

	for (sig = 1; sig <= LINUX_NSIG; sig++) {
		if (sig == LINUX_SIGKILL || sig == LINUX_SIGSTOP)
			continue;
		sa.handler = sig == LINUX_SIGPIPE || sig == LINUX_SIGCHLD ||
			     sig == LINUX_SIGXFSZ ?
			     LINUX_SIG_IGN : LINUX_SIG_DFL;
		ret = linux_syscall6(LINUX_NR_rt_sigaction, sig, (long)&sa, 0,
				     sizeof(uint64_t), 0, 0);
		/* 32 and 33 belong to the C library's threads: refused. */
		if (ret < 0 && sig != 32 && sig != 33)
			return -1;
	}
	ret = linux_syscall6(LINUX_NR_rt_sigprocmask, LINUX_SIG_SETMASK,
			     (long)&none, 0, sizeof(none), 0, 0);
	return ret < 0 ? -1 : 0;
}

void vdso_start(const cloudabi_auxv_t *auxv)
{
	void (*entry)(const cloudabi_auxv_t *auxv);

	vdso_set_tls(vdso_data.tls);
	/*
	 * After a proc_exec the caller's filter is in place, and the
	 * dispositions are already these: the filter lets no program change
	 * them, and exec kept the ignored ones ignored.
	 */
	if (vdso_data.confined)
		goto run;
	/* Never run the program unconfined: fail closed. */
	if (reset_signals() || vdso_install_seccomp())
		for (;;)
			linux_syscall3(LINUX_NR_exit_group, 127, 0, 0);
run:
	entry = (void (*)(const cloudabi_auxv_t *))vdso_data.entry;
	entry(auxv);
	for (;;)
		linux_syscall3(LINUX_NR_exit_group, 0, 0, 0);
}
