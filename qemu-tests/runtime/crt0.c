// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - start-up of the test programs
 *
 * _start() gets the auxv in the first argument register, as the ABI
 * promises.  It records what the kernel passed, applies the program's
 * relative relocations (the programs are static PIEs) and runs
 * program_main().  Nothing here may read an initialised pointer before
 * relocation is done.
 */

#include "rt.h"
#include "vdso_lookup.h"

struct rt_startup rt;

struct phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct rela {
	uint64_t r_offset, r_info;
	int64_t r_addend;
};

#define PT_DYNAMIC	2
#define DT_RELA		7
#define DT_RELASZ	8
#define DT_REL		17
#define DT_RELR		36
#if defined(__x86_64__)
#define R_RELATIVE	8
#elif defined(__aarch64__)
#define R_RELATIVE	1027
#endif

static void read_auxv(const cloudabi_auxv_t *auxv, const struct phdr **phdr,
		      size_t *phnum)
{
	for (; auxv->a_type != CLOUDABI_AT_NULL; auxv++) {
		rt.seen |= 1ULL << (auxv->a_type % 64);
		switch (auxv->a_type) {
		case CLOUDABI_AT_ARGDATA:
			rt.argdata = auxv->a_ptr;
			break;
		case CLOUDABI_AT_ARGDATALEN:
			rt.argdatalen = auxv->a_val;
			break;
		case CLOUDABI_AT_BASE:
			rt.base = auxv->a_ptr;
			break;
		case CLOUDABI_AT_CANARY:
			rt.canary = auxv->a_ptr;
			break;
		case CLOUDABI_AT_CANARYLEN:
			rt.canarylen = auxv->a_val;
			break;
		case CLOUDABI_AT_NCPUS:
			rt.ncpus = auxv->a_val;
			break;
		case CLOUDABI_AT_PAGESZ:
			rt.pagesz = auxv->a_val;
			break;
		case CLOUDABI_AT_PHDR:
			*phdr = auxv->a_ptr;
			break;
		case CLOUDABI_AT_PHNUM:
			*phnum = auxv->a_val;
			break;
		case CLOUDABI_AT_PID:
			rt.pid = auxv->a_ptr;
			break;
		case CLOUDABI_AT_SYSINFO_EHDR:
			rt.vdso = auxv->a_ptr;
			break;
		case CLOUDABI_AT_TID:
			rt.tid = auxv->a_val;
			break;
		}
	}
}

/* Apply R_*_RELATIVE relocations; any other kind cannot be handled. */
static int relocate(const struct phdr *phdr, size_t phnum)
{
	const char *base = rt.base;
	const struct dyn *dyn = NULL;
	const struct rela *rela = NULL;
	size_t i, relasz = 0;

	for (i = 0; i < phnum; i++)
		if (phdr[i].p_type == PT_DYNAMIC)
			dyn = (const struct dyn *)(base + phdr[i].p_vaddr);
	for (; dyn && dyn->d_tag; dyn++) {
		if (dyn->d_tag == DT_RELA)
			rela = (const struct rela *)(base + dyn->d_val);
		else if (dyn->d_tag == DT_RELASZ)
			relasz = dyn->d_val;
		else if (dyn->d_tag == DT_REL || dyn->d_tag == DT_RELR)
			return -1;
	}
	for (i = 0; rela && i < relasz / sizeof(*rela); i++) {
		if ((uint32_t)rela[i].r_info != R_RELATIVE)
			return -1;
		*(uint64_t *)(base + rela[i].r_offset) =
			(uint64_t)(base + rela[i].r_addend);
	}
	return 0;
}

_Noreturn void rt_exit(uint32_t status)
{
	const void *fn = rt_vdso_lookup(rt.vdso, "cloudabi_sys_proc_exit");

	if (fn)
		((__typeof__(&cloudabi_sys_proc_exit))fn)(status);
	/* Without a vDSO there is no way out: fault. */
	for (;;)
		*(volatile int *)0 = 0;
}

const void *rt_vdso_require(const char *name)
{
	const void *fn = rt_vdso_lookup(rt.vdso, name);

	if (!fn) {
		rt_printf(1, "# missing vDSO symbol %s\n", name);
		rt_exit(127);
	}
	return fn;
}

void _start(const cloudabi_auxv_t *auxv)
{
	const struct phdr *phdr = NULL;
	size_t phnum = 0;

	rt.auxv = auxv;
	read_auxv(auxv, &phdr, &phnum);
	if (relocate(phdr, phnum))
		rt_exit(127);
	rt_exit(program_main());
}
