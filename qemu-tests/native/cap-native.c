// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc, started by cloudabi-run with a
 * capability on descriptor 0 that may read but not write (the file itself
 * is open read-write).  Prints what each plain Linux call on it returns,
 * mmap as 0 when it maps: the capability must stay enforced outside
 * CloudABI too.  The pread of one byte at offset 5 comes after the read
 * has reached the end of the file: 1 shows that it read at its offset
 * (with FD_SEEK), not at the position.
 */

#include "../raw_syscall.h"

#if defined(__x86_64__)
#define NR_read 0
#define NR_lseek 8
#define NR_pread64 17
#elif defined(__aarch64__)
#define NR_read 63
#define NR_lseek 62
#define NR_pread64 67
#endif

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 1

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	static const char *const names[] = { "read ", " write ", " lseek ",
					     " pread ", " mmap-r ",
					     " mmap-shared-rw " };
	char buf[64], out[160];
	long r[6];
	int i, n = 0;
	const char *s;

	(void)sp;
	r[0] = raw_syscall3(NR_read, 0, (long)buf, sizeof(buf));
	r[1] = raw_syscall3(NR_write, 0, (long)"x", 1);
	r[2] = raw_syscall3(NR_lseek, 0, 0, 0);
	r[3] = raw_syscall4(NR_pread64, 0, (long)buf, 1, 5);
	r[4] = raw_syscall6(NR_mmap, 0, 4096, PROT_READ, MAP_SHARED, 0, 0);
	r[5] = raw_syscall6(NR_mmap, 0, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED, 0, 0);
	for (i = 4; i < 6; i++)
		if ((unsigned long)r[i] < -4095UL)
			r[i] = 0;
	for (i = 0; i < 6; i++) {
		for (s = names[i]; *s; s++)
			out[n++] = *s;
		n += native_put_num(out + n, r[i]);
	}
	out[n++] = '\n';
	raw_syscall3(NR_write, 1, (long)out, n);
	raw_syscall3(NR_exit_group, 0, 0, 0);
}
