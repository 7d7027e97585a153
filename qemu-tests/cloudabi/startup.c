// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI test: what a program finds at start-up
 *
 * The auxv carries all twelve CloudABI types with sane values, and every
 * one of the 49 system calls resolves in the vDSO.
 */

#include "rt.h"

static const char *const syscalls[] = {
#define SYSCALL(name) "cloudabi_sys_" #name,
#include "syscall_names.h"
#undef SYSCALL
};

static int all_types_seen(void)
{
	static const unsigned int types[] = {
		CLOUDABI_AT_ARGDATA, CLOUDABI_AT_ARGDATALEN, CLOUDABI_AT_BASE,
		CLOUDABI_AT_CANARY, CLOUDABI_AT_CANARYLEN, CLOUDABI_AT_NCPUS,
		CLOUDABI_AT_PAGESZ, CLOUDABI_AT_PHDR, CLOUDABI_AT_PHNUM,
		CLOUDABI_AT_PID, CLOUDABI_AT_SYSINFO_EHDR, CLOUDABI_AT_TID,
	};
	unsigned int i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!(rt.seen & (1ULL << (types[i] % 64))))
			return 0;
	return 1;
}

/* The random start-up bytes, for the runner to compare across runs. */
/*
 * The exec core leaves the environment and the executable's path above
 * the argument strings; the loader wipes them.  Every byte from the end
 * of the argument data to the end of its page must be zero.
 */
static int nothing_after_argdata(void)
{
	const volatile uint8_t *p = (const uint8_t *)rt.argdata +
				    rt.argdatalen;
	uintptr_t end = ((uintptr_t)p + 4096) & ~(uintptr_t)4095;

	for (; (uintptr_t)p < end; p++)
		if (*p)
			return 0;
	return 1;
}

static void print_hex(const char *what, const uint8_t *p, size_t n)
{
	char hex[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++) {
		hex[2 * i] = "0123456789abcdef"[p[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[p[i] & 15];
	}
	hex[2 * i] = '\0';
	rt_printf(1, "# %s %s\n", what, hex);
}

int program_main(void)
{
	unsigned int i, resolved = 0;

	tap_plan(8);
	CHECK(all_types_seen(), "auxv has all 12 CloudABI types");
	CHECK_EQ(rt.pagesz, 4096, "AT_PAGESZ");
	CHECK(nothing_after_argdata(),
	      "nothing follows the argument data on its page (no environment, no executable path)");
	CHECK_EQ(rt.canarylen, 64, "AT_CANARYLEN");
	CHECK(rt.ncpus >= 1, "AT_NCPUS is at least one");
	CHECK(rt.tid > 0 && rt.tid < 0x40000000, "AT_TID is a valid thread id");
	CHECK(rt.pid && (rt.pid[6] >> 4) == 4 && (rt.pid[8] >> 6) == 2,
	      "AT_PID is a version 4 UUID");
	for (i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++)
		resolved += rt_vdso_lookup(rt.vdso, syscalls[i]) != NULL;
	CHECK_EQ(resolved, 49, "all system calls resolve in the vDSO");
	if (rt.pid)
		print_hex("uuid", rt.pid, 16);
	if (rt.canary)
		print_hex("canary", rt.canary, rt.canarylen);
	return tap_done();
}
