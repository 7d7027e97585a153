// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - confining the process with seccomp
 *
 * Before the program's first instruction the start code installs the
 * generated filter (vdso/generated/seccomp_filter.h, from the allow-list in
 * policy/seccomp.policy): any Linux system call outside it kills the
 * process.  The gate fd and the address of the vDSO's fork site differ per
 * process, so the filter is copied onto the stack and both are written
 * into the instructions that compare them.
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
#define LINUX_EBADF			9

/* struct sock_fprog of linux/filter.h: the length is padded to 8 bytes. */
struct linux_sock_fprog {
	unsigned short len;
	const struct vdso_sock_filter *filter;
};

_Static_assert(sizeof(struct vdso_sock_filter) == 8,
	       "struct sock_filter is 8 bytes");
_Static_assert(__builtin_offsetof(struct linux_sock_fprog, filter) == 8,
	       "struct sock_fprog layout");
_Static_assert(VDSO_SECCOMP_GATE_FD_INSN < VDSO_SECCOMP_FILTER_LEN,
	       "gate fd instruction inside the filter");
_Static_assert(VDSO_SECCOMP_FILTER_LEN <= 0xffff,
	       "filter length fits sock_fprog.len");

/**
 * vdso_install_seccomp - confine the calling thread (and its future
 * children) to the allow-list
 * @gate_fd: descriptor number of this process's gate file
 *
 * Return: 0, or a negative Linux errno from seccomp(2) (-EBADF for a
 * negative @gate_fd).
 */
int vdso_install_seccomp(int32_t gate_fd)
{
	struct vdso_sock_filter filter[VDSO_SECCOMP_FILTER_LEN];
	struct linux_sock_fprog prog = {
		.len = VDSO_SECCOMP_FILTER_LEN,
		.filter = filter,
	};
	static const unsigned short gate_insns[] = VDSO_SECCOMP_GATE_FD_INSNS;
	static const unsigned short site_insns[] = VDSO_SECCOMP_FORK_SITE_INSNS;
	uint64_t site = (uint64_t)(uintptr_t)vdso_fork_site;
	unsigned int i;

	if (gate_fd < 0)
		return -LINUX_EBADF;
	/* A loop, not a struct copy: the vDSO has no memcpy to call. */
	for (i = 0; i < VDSO_SECCOMP_FILTER_LEN; i++)
		filter[i] = vdso_seccomp_filter[i];
	/* The gate's own ioctl, and the calls kept off its descriptor. */
	for (i = 0; i < sizeof(gate_insns) / sizeof(gate_insns[0]); i++)
		filter[gate_insns[i]].k = (uint32_t)gate_fd;
	/* Where a fork's clone returns to: the low half, then the high. */
	for (i = 0; i + 1 < sizeof(site_insns) / sizeof(site_insns[0]); i += 2) {
		filter[site_insns[i]].k = (uint32_t)site;
		filter[site_insns[i + 1]].k = (uint32_t)(site >> 32);
	}
	return (int)linux_syscall3(LINUX_NR_seccomp,
				   LINUX_SECCOMP_SET_MODE_FILTER, 0,
				   (long)&prog);
}
