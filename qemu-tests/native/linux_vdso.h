/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linux's own vDSO clock_gettime() for the native helpers that compare
 * with it (bench-native, clock-native): found from AT_SYSINFO_EHDR with
 * the lookup CloudABI programs use for ours (runtime/vdso_lookup.c, which
 * these helpers link).
 */
#ifndef _CLOUDABI_TESTS_LINUX_VDSO_H
#define _CLOUDABI_TESTS_LINUX_VDSO_H

#include "../runtime/vdso_lookup.h"

#define AT_SYSINFO_EHDR 33

#if defined(__x86_64__)
#define VDSO_CLOCK_GETTIME "__vdso_clock_gettime"
#else
#define VDSO_CLOCK_GETTIME "__kernel_clock_gettime"
#endif

struct timespec64 {
	long sec, nsec;
};

typedef int (*vdso_gettime_fn)(long clock, struct timespec64 *ts);

/* From the initial stack @sp (argc, argv, envp, auxv); NULL if absent. */
static inline vdso_gettime_fn linux_vdso_gettime(const long *sp)
{
	const long *p = sp + sp[0] + 2;
	const void *vdso = 0;

	while (*p++)
		;	/* past the environment */
	for (; p[0]; p += 2)
		if (p[0] == AT_SYSINFO_EHDR)
			vdso = (const void *)p[1];
	return (vdso_gettime_fn)rt_vdso_lookup(vdso, VDSO_CLOCK_GETTIME);
}

#endif /* _CLOUDABI_TESTS_LINUX_VDSO_H */
