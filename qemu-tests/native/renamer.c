// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `renamer FROM TO` moves FROM to
 * TO and back, without pause, until it is killed.  The race test runs it
 * beside a CloudABI program whose walks cross FROM, so that a directory
 * leaves the tree while a walk stands inside it.
 */

#include "../raw_syscall.h"

#define AT_FDCWD (-100)

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	long from, to;

	if (sp[0] != 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	from = sp[2];
	to = sp[3];
	for (;;) {
		if (raw_syscall4(NR_renameat, AT_FDCWD, from, AT_FDCWD, to) ||
		    raw_syscall4(NR_renameat, AT_FDCWD, to, AT_FDCWD, from))
			raw_syscall3(NR_exit_group, 1, 0, 0);
	}
}
