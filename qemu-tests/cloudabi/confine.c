// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: confinement, one escape attempt per run
 *
 * `confine.run FD ATTEMPT`.  Each attempt must end the process: a raw
 * system call by SIGSYS (seccomp), a write into the vDSO by SIGSEGV, a
 * proc_raise by its signal, unmapping the vDSO by SIGKILL.  Replacing
 * part of the vDSO is refused instead, and says "refused".  If
 * the program is still alive afterwards it says so and exits 0, which the
 * runner counts as a failure.
 */

#include <cloudabi_gate.h>

#include "rt.h"

#include "../raw_syscall.h"


/*
 * The vDSO's whole mapping: the clock page, the data page, then the
 * image's pages (the section headers end the image).
 */
static void vdso_extent(long *start, long *len)
{
	const unsigned char *eh = rt.vdso;
	unsigned long shoff = *(const unsigned long *)(eh + 0x28);
	unsigned short shentsize = *(const unsigned short *)(eh + 0x3a);
	unsigned short shnum = *(const unsigned short *)(eh + 0x3c);
	unsigned long end = shoff + (unsigned long)shnum * shentsize;

	*start = (long)rt.vdso - 2 * 4096;
	*len = 2 * 4096 + (long)((end + 4095) & ~4095UL);
}

/*
 * Replacing part of the vDSO (the page of fork's clone, whose address the
 * filter trusts) must be refused outright: 0 when it was.
 */
static long remap_part_of_vdso(const char *what)
{
	long page = (long)rt_vdso_require("cloudabi_sys_proc_fork") & ~4095L;

	if (!rt_strcmp(what, "unmap-fork-site"))
		return raw_syscall3(NR_munmap, page, 4096, 0);
	if (!rt_strcmp(what, "map-over-fork-site"))
		return raw_syscall6(NR_mmap, page, 4096, 1 /* PROT_READ */,
				    0x32 /* MAP_FIXED|ANONYMOUS|PRIVATE */,
				    -1, 0);
	return raw_syscall3(NR_mprotect, page, 4096, 1);
}

static int is_gate_attempt(const char *what)
{
	static const char *const names[] = {
		"ioctl-gate-type-other-fd", "dup3-of-gate", "dup3-over-gate",
		"close-gate", "close-gate-high",
	};
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!rt_strcmp(what, names[i]))
			return 1;
	return 0;
}

/*
 * Nothing pins the gate's number (a proc_exec renumbers the table), so
 * these calls are allowed and must gain nothing: a gate command on a
 * capability is ENOTTY, a copy of the gate is no capability, and a
 * process without its gate can make no call.  3 when so, 4 when not.
 * The runner's layout puts the gate at 3 (after 0, 1 and 2).
 */
static int gate_attempt(const char *what)
{
	cloudabi_fdstat_t st;
	long ret;

	if (!rt_strcmp(what, "ioctl-gate-type-other-fd"))
		return raw_syscall3(NR_ioctl, 1, CLOUDABI_GATE_FD_DUP, 0) ==
		       -25 /* ENOTTY */ ? 3 : 4;
	if (!rt_strcmp(what, "dup3-of-gate")) {
		ret = raw_syscall3(NR_dup3, 3, 10, 0);
		return ret == 10 &&
		       RT_SYS(fd_stat_get)(10, &st) == CLOUDABI_EBADF ? 3 : 4;
	}
	if (!rt_strcmp(what, "dup3-over-gate"))
		ret = raw_syscall3(NR_dup3, 1, 3, 0);
	else if (!rt_strcmp(what, "close-gate"))
		ret = raw_syscall3(NR_close, 3, 0, 0);
	else	/* close() takes an int: the high half is ignored */
		ret = raw_syscall3(NR_close, 3 | (1L << 32), 0, 0);
	if (ret < 0)
		return 4;
	return RT_SYS(fd_stat_get)(1, &st) != 0 ? 3 : 4;
}

int program_main(void)
{
	const char *what = rt_arg(2);
	cloudabi_fd_t out = 1;
	long ret = 0;

	if (!what)
		return 100;
	if (!rt_strcmp(what, "getpid"))
		ret = raw_syscall3(NR_getpid, 0, 0, 0);
	else if (!rt_strcmp(what, "openat"))
		ret = raw_syscall3(NR_openat, -100, (long)"/etc/passwd", 0);
	else if (!rt_strcmp(what, "execve"))
		ret = raw_syscall3(NR_execve, (long)"/bin/sh", 0, 0);
	/* execveat only with the vDSO's empty path (on a prepared gate). */
	else if (!rt_strcmp(what, "execveat-own-path"))
		ret = raw_syscall6(NR_execveat, 3, (long)"", 0, 0, 0x1000, 0);
	else if (!rt_strcmp(what, "execveat-null-path"))
		ret = raw_syscall6(NR_execveat, 3, 0, 0, 0, 0x1000, 0);
	else if (!rt_strcmp(what, "socket"))
		ret = raw_syscall3(NR_socket, 2, 1, 0);
	else if (!rt_strcmp(what, "kill"))
		ret = raw_syscall3(NR_kill, 1, 9, 0);
	else if (!rt_strcmp(what, "ptrace"))
		ret = raw_syscall3(NR_ptrace, 0, 0, 0);
	else if (!rt_strcmp(what, "ioctl-tty"))
		ret = raw_syscall3(NR_ioctl, 1, 0x5401 /* TCGETS */, 0);
	else if (is_gate_attempt(what))
		return gate_attempt(what);
	/* W^X: writable and executable memory is never granted. */
	else if (!rt_strcmp(what, "mprotect-wx"))
		ret = raw_syscall3(NR_mprotect, (long)rt.argdata & ~4095L,
				   4096, 7);
	/* MADV_DONTNEED would zero memory the vDSO relies on. */
	else if (!rt_strcmp(what, "madvise-dontneed"))
		ret = raw_syscall3(NR_madvise, (long)rt.argdata & ~4095L,
				   4096, 4);
	/* fork's flags outside the vDSO (whose fork adopts the child), or
	 * plus anything (vfork, a namespace), or a thread sharing less. */
	else if (!rt_strcmp(what, "clone-fork-raw"))
		ret = raw_syscall6(NR_clone, 17, 0, 0, 0, 0, 0);
	else if (!rt_strcmp(what, "clone-vfork"))
		ret = raw_syscall6(NR_clone, 0x4111, 0, 0, 0, 0, 0);
	else if (!rt_strcmp(what, "clone-fork-newuser"))
		ret = raw_syscall6(NR_clone, 0x10000011, 0, 0, 0, 0, 0);
	else if (!rt_strcmp(what, "clone-thread-unshared-files"))
		ret = raw_syscall6(NR_clone, 0x11d0f00 & ~0x400, 0, 0, 0, 0,
				   0);
	else if (!rt_strcmp(what, "clone-flags-high-bits"))
		ret = raw_syscall6(NR_clone, 0x11d0f00 | (1L << 32), 0, 0, 0,
				   0, 0);
	else if (!rt_strcmp(what, "clone3"))
		ret = raw_syscall3(NR_clone3, 0, 0, 0);
	/* FUTEX_CMP_REQUEUE could move waiters of another process's word. */
	else if (!rt_strcmp(what, "futex-requeue"))
		ret = raw_syscall6(NR_futex, (long)&ret, 4, 1, 0, 0, 0);
	else if (!rt_strcmp(what, "futex-lock-pi"))
		ret = raw_syscall6(NR_futex, (long)&ret, 6, 0, 0, 0, 0);
	/* proc_raise: the signal's default action, on this process. */
	else if (!rt_strcmp(what, "raise-term"))
		ret = RT_SYS(proc_raise)(CLOUDABI_SIGTERM);
	else if (!rt_strcmp(what, "raise-usr1"))
		ret = RT_SYS(proc_raise)(CLOUDABI_SIGUSR1);
	else if (!rt_strcmp(what, "raise-kill"))
		ret = RT_SYS(proc_raise)(CLOUDABI_SIGKILL);
	else if (!rt_strcmp(what, "unmap-fork-site") ||
		 !rt_strcmp(what, "map-over-fork-site") ||
		 !rt_strcmp(what, "mprotect-fork-site")) {
		ret = remap_part_of_vdso(what);
		if (ret < 0 && ret > -4096) {
			rt_printf(out, "refused %s (%d)\n", what, (int)ret);
			return 0;
		}
	} else if (!rt_strcmp(what, "unmap-vdso") ||
		   !rt_strcmp(what, "map-over-vdso")) {
		long start, len;

		vdso_extent(&start, &len);
		if (!rt_strcmp(what, "unmap-vdso"))
			ret = raw_syscall3(NR_munmap, start, len, 0);
		else
			ret = raw_syscall6(NR_mmap, start, len, 1, 0x32, -1,
					   0);
		/* The vDSO's own code is gone: say so without it. */
		raw_syscall3(NR_write, 1, (long)"still alive\n", 12);
		raw_syscall3(NR_exit_group, 0, 0, 0);
	} else if (!rt_strcmp(what, "write-vdso"))
		*(volatile char *)rt.vdso = 0;
	else if (!rt_strcmp(what, "write-vdso-data"))
		*((volatile char *)rt.vdso - 4096) = 0;
	else
		return 100;
	rt_printf(out, "still alive after %s (%d)\n", what, (int)ret);
	return 0;
}
