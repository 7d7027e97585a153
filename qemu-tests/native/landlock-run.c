// SPDX-License-Identifier: GPL-2.0
/*
 * A native static Linux program, no libc: `landlock-run PROG ARGS...`
 * enters a Landlock domain that handles LANDLOCK_ACCESS_FS_TRUNCATE and
 * grants it nowhere, then executes PROG.  Every other access is left
 * alone, so PROG (the launcher and the CloudABI program it starts) runs
 * as usual but may truncate nothing, by name or by descriptor.  Exits 77
 * when the kernel's Landlock ABI predates TRUNCATE (version 3, Linux 6.2).
 */

#include "../raw_syscall.h"

#if defined(__x86_64__)
#define NR_prctl 157
#elif defined(__aarch64__)
#define NR_prctl 167
#endif
#define NR_landlock_create_ruleset 444
#define NR_landlock_restrict_self 446

#define PR_SET_NO_NEW_PRIVS 38
#define LANDLOCK_CREATE_RULESET_VERSION 1
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)

struct landlock_ruleset_attr {
	unsigned long long handled_access_fs;
};

NATIVE_START();

void start_c(long *sp);

void start_c(long *sp)
{
	struct landlock_ruleset_attr attr = {
		.handled_access_fs = LANDLOCK_ACCESS_FS_TRUNCATE,
	};
	char **argv = (char **)(sp + 1);
	char **envp = argv + sp[0] + 1;
	long abi, ruleset;

	if (sp[0] < 2)
		raw_syscall3(NR_exit_group, 100, 0, 0);
	abi = raw_syscall3(NR_landlock_create_ruleset, 0, 0,
			   LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 3)
		raw_syscall3(NR_exit_group, 77, 0, 0);
	ruleset = raw_syscall3(NR_landlock_create_ruleset, (long)&attr,
			       sizeof(attr), 0);
	if (ruleset < 0 ||
	    raw_syscall5(NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    raw_syscall3(NR_landlock_restrict_self, ruleset, 0, 0))
		raw_syscall3(NR_exit_group, 101, 0, 0);
	raw_syscall3(NR_close, ruleset, 0, 0);
	raw_syscall3(NR_execve, (long)argv[1], (long)(argv + 1), (long)envp);
	raw_syscall3(NR_exit_group, 102, 0, 0);
}
