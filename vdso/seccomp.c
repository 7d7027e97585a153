// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - confining the process with seccomp
 *
 * Before the program's first instruction the start code installs the
 * generated filter (vdso/generated/seccomp_filter.h, from the allow-list in
 * policy/seccomp.policy): any Linux system call outside it kills the
 * process.  The addresses of the vDSO's fork site and empty exec path
 * differ per process, so the filter is copied onto the stack and both are
 * written into the instructions that compare them.  An image proc_exec
 * made keeps its caller's filter: its vDSO lies at the same address.
 * no_new_privs is set by binfmt, which lets an unprivileged process install
 * a filter.
 */

#include "vdso.h"
#include "seccomp_filter.h"

#if defined(__x86_64__)
#define LINUX_NR_seccomp	317
#elif defined(__aarch64__)
#define LINUX_NR_seccomp	277
#else
#error "no seccomp system call number for this architecture"
#endif

#define LINUX_SECCOMP_SET_MODE_FILTER	1

/* struct sock_fprog of linux/filter.h: the length is padded to 8 bytes. */
struct linux_sock_fprog {
	unsigned short len;
	const struct vdso_sock_filter *filter;
};

_Static_assert(sizeof(struct vdso_sock_filter) == 8,
	       "struct sock_filter is 8 bytes");
_Static_assert(__builtin_offsetof(struct linux_sock_fprog, filter) == 8,
	       "struct sock_fprog layout");
_Static_assert(VDSO_SECCOMP_FILTER_LEN <= 0xffff,
	       "filter length fits sock_fprog.len");

/* The low half of @value into instruction @insns[i], the high into the next. */
static void patch_halves(struct vdso_sock_filter *filter,
			 const unsigned short *insns, unsigned int n,
			 uint64_t value)
{
	unsigned int i;

	for (i = 0; i + 1 < n; i += 2) {
		filter[insns[i]].k = (uint32_t)value;
		filter[insns[i + 1]].k = (uint32_t)(value >> 32);
	}
}

/**
 * vdso_install_seccomp - confine the calling thread (and its future
 * children) to the allow-list
 *
 * Return: 0, or a negative Linux errno from seccomp(2).
 */
int vdso_install_seccomp(void)
{
	struct vdso_sock_filter filter[VDSO_SECCOMP_FILTER_LEN];
	struct linux_sock_fprog prog = {
		.len = VDSO_SECCOMP_FILTER_LEN,
		.filter = filter,
	};
	static const unsigned short site_insns[] = VDSO_SECCOMP_FORK_SITE_INSNS;
	static const unsigned short path_insns[] = VDSO_SECCOMP_EXEC_PATH_INSNS;
	unsigned int i;

	/* A loop, not a struct copy: the vDSO has no memcpy to call. */
	for (i = 0; i < VDSO_SECCOMP_FILTER_LEN; i++)
		filter[i] = vdso_seccomp_filter[i];
	/* Where a fork's clone returns to, and the one path exec takes. */
	patch_halves(filter, site_insns,
		     sizeof(site_insns) / sizeof(site_insns[0]),
		     (uint64_t)(uintptr_t)vdso_fork_site);
	patch_halves(filter, path_insns,
		     sizeof(path_insns) / sizeof(path_insns[0]),
		     (uint64_t)(uintptr_t)vdso_exec_path);
	return (int)linux_syscall3(LINUX_NR_seccomp,
				   LINUX_SECCOMP_SET_MODE_FILTER, 0,
				   (long)&prog);
}
