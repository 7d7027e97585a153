// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - proc_* system calls handled by the module
 *
 * A CloudABI process installs no signal handlers: every signal has its
 * default action, except SIGPIPE and SIGXFSZ, which start-up sets to be
 * ignored so that writes to a closed pipe or socket return EPIPE and
 * writes past RLIMIT_FSIZE return EFBIG.
 */

#include <linux/sched/signal.h>
#include <linux/signal.h>

#include "generated/syscall_table.h"

/* CloudABI's signal numbers, 1 to 26, as Linux's. */
static const u8 linux_signal[] = {
	[CLOUDABI_SIGABRT] = SIGABRT,	[CLOUDABI_SIGALRM] = SIGALRM,
	[CLOUDABI_SIGBUS] = SIGBUS,	[CLOUDABI_SIGCHLD] = SIGCHLD,
	[CLOUDABI_SIGCONT] = SIGCONT,	[CLOUDABI_SIGFPE] = SIGFPE,
	[CLOUDABI_SIGHUP] = SIGHUP,	[CLOUDABI_SIGILL] = SIGILL,
	[CLOUDABI_SIGINT] = SIGINT,	[CLOUDABI_SIGKILL] = SIGKILL,
	[CLOUDABI_SIGPIPE] = SIGPIPE,	[CLOUDABI_SIGQUIT] = SIGQUIT,
	[CLOUDABI_SIGSEGV] = SIGSEGV,	[CLOUDABI_SIGSTOP] = SIGSTOP,
	[CLOUDABI_SIGSYS] = SIGSYS,	[CLOUDABI_SIGTERM] = SIGTERM,
	[CLOUDABI_SIGTRAP] = SIGTRAP,	[CLOUDABI_SIGTSTP] = SIGTSTP,
	[CLOUDABI_SIGTTIN] = SIGTTIN,	[CLOUDABI_SIGTTOU] = SIGTTOU,
	[CLOUDABI_SIGURG] = SIGURG,	[CLOUDABI_SIGUSR1] = SIGUSR1,
	[CLOUDABI_SIGUSR2] = SIGUSR2,	[CLOUDABI_SIGVTALRM] = SIGVTALRM,
	[CLOUDABI_SIGXCPU] = SIGXCPU,	[CLOUDABI_SIGXFSZ] = SIGXFSZ,
};

/**
 * cloudabi_sys_proc_raise() - raise a signal in the calling process
 * @args: sig, a CloudABI signal number, or 0 to do nothing
 *
 * The signal goes to the caller's own process and nowhere else, with its
 * default action (terminate, dump core, stop, or nothing: SIGCHLD,
 * SIGURG, a SIGCONT that finds the process running, and SIGPIPE and
 * SIGXFSZ, which CloudABI processes ignore).  It is delivered before the call returns
 * to the program.
 *
 * Return: 0 or a negative error; possible errors are:
 *
 * - %-EINVAL: @args->sig is not a CloudABI signal number.
 */
long cloudabi_sys_proc_raise(const struct cloudabi_gate_proc_raise *args)
{
	if (args->sig >= ARRAY_SIZE(linux_signal) ||
	    (args->sig && !linux_signal[args->sig]))
		return -EINVAL;
	if (!args->sig)
		return 0;
	return send_sig(linux_signal[args->sig], current, 1);
}
