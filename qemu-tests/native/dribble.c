// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `dribble PATH COUNT` opens PATH
 * for writing and writes COUNT bytes one at a time, with a pause of its
 * own between them, so that a reader polling on the other CPU sometimes
 * finds a byte waiting and sometimes sleeps just as one arrives.
 */

#include "../raw_syscall.h"

#define AT_FDCWD (-100)
#define O_WRONLY 01

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	unsigned long seed = 12345, i, count, spin;
	char c = 'x';
	long fd;

	if (sp[0] != 3)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	count = native_number((const char *)sp[3]);
	fd = raw_syscall4(NR_openat, AT_FDCWD, sp[2], O_WRONLY, 0);
	if (fd < 0)
		raw_syscall3(NR_exit_group, 1, 0, 0);
	for (i = 0; i < count; i++) {
		if (raw_syscall3(NR_write, fd, (long)&c, 1) != 1)
			raw_syscall3(NR_exit_group, 2, 0, 0);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		for (spin = (seed >> 33) % 20000; spin; spin--)
			__asm__ volatile("" ::: "memory");
	}
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
