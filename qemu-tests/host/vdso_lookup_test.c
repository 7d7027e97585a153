// SPDX-License-Identifier: GPL-2.0
/*
 * Host test: a linked vDSO image resolves every given system call through
 * its SysV hash table with the runtime's own lookup, each to a distinct
 * address inside the image, and hides everything else.
 *
 * usage: vdso_lookup_test VDSO.so
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../runtime/vdso_lookup.h"

static const char *const syscalls[] = {
#define SYSCALL(name) "cloudabi_sys_" #name,
#include "syscall_names.h"
#undef SYSCALL
};

#define N_SYSCALLS ((int)(sizeof(syscalls) / sizeof(syscalls[0])))

static int count, failed;

static void result(int ok, const char *what, const char *name)
{
	count++;
	failed += !ok;
	printf("%sok %d %s %s\n", ok ? "" : "not ", count, what, name);
}

int main(int argc, char **argv)
{
	static const char *const hidden[] = {
		"cloudabi_sys_", "cloudabi_sys_nonexistent", "cloudabi_vdso_gate",
		"vdso_clock_time_get", "vdso_data", "",
	};
	const char *image, *addr[N_SYSCALLS];
	struct stat st;
	int fd, i, j, n = N_SYSCALLS;

	if (argc != 2) {
		fprintf(stderr, "usage: %s VDSO.so\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		perror(argv[1]);
		return 2;
	}
	image = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (image == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	printf("KTAP version 1\n1..%zu\n",
	       (size_t)n + 1 + sizeof(hidden) / sizeof(hidden[0]));
	result(n == 49, "the ABI's list has", "49 system calls");
	for (i = 0; i < n; i++) {
		int ok;

		addr[i] = rt_vdso_lookup(image, syscalls[i]);
		ok = addr[i] && addr[i] > image && addr[i] < image + st.st_size;
		for (j = 0; ok && j < i; j++)
			ok = addr[j] != addr[i];
		result(ok, "resolves", syscalls[i]);
	}
	for (i = 0; i < (int)(sizeof(hidden) / sizeof(hidden[0])); i++)
		result(!rt_vdso_lookup(image, hidden[i]), "hides",
		       hidden[i][0] ? hidden[i] : "(empty name)");
	return failed ? 1 : 0;
}
