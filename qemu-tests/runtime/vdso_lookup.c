// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - finding system calls in the vDSO
 *
 * The way CloudABI programs do it: from the ELF header to PT_DYNAMIC, then
 * DT_HASH, DT_SYMTAB and DT_STRTAB, and a walk of the SysV hash chain.
 * Only GLOBAL FUNC DEFAULT symbols with a name count.  Addresses in the
 * vDSO are relative to its ELF header.  Freestanding: also built for the
 * host, where scripts check a linked vDSO image with it.
 */

#include <stddef.h>
#include <stdint.h>

#include "vdso_lookup.h"

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum,
		 e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_sym {
	uint32_t st_name;
	uint8_t st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
};

#define PT_DYNAMIC	2
#define DT_NULL		0
#define DT_HASH		4
#define DT_STRTAB	5
#define DT_SYMTAB	6
#define STB_GLOBAL	1
#define STT_FUNC	2
#define STV_DEFAULT	0

static uint32_t sysv_hash(const char *name)
{
	uint32_t h = 0, g;

	for (; *name; name++) {
		h = (h << 4) + (uint8_t)*name;
		g = h & 0xf0000000;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

const void *rt_vdso_lookup(const void *vdso, const char *name)
{
	const char *base = vdso;
	const struct elf64_ehdr *eh = vdso;
	const struct elf64_phdr *ph;
	const struct elf64_dyn *dyn = NULL;
	const uint32_t *hash = NULL, *chain;
	const struct elf64_sym *symtab = NULL, *sym;
	const char *strtab = NULL;
	uint32_t i;

	if (!vdso)
		return NULL;
	ph = (const struct elf64_phdr *)(base + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const struct elf64_dyn *)(base + ph[i].p_vaddr);
	if (!dyn)
		return NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_HASH)
			hash = (const uint32_t *)(base + dyn->d_val);
		else if (dyn->d_tag == DT_SYMTAB)
			symtab = (const struct elf64_sym *)(base + dyn->d_val);
		else if (dyn->d_tag == DT_STRTAB)
			strtab = base + dyn->d_val;
	}
	if (!hash || !symtab || !strtab || hash[0] == 0)
		return NULL;
	/* hash = { nbucket, nchain, bucket[nbucket], chain[nchain] } */
	chain = hash + 2 + hash[0];
	for (i = hash[2 + sysv_hash(name) % hash[0]]; i != 0 && i < hash[1];
	     i = chain[i]) {
		sym = &symtab[i];
		if (sym->st_name == 0 || sym->st_shndx == 0 ||
		    sym->st_info != ((STB_GLOBAL << 4) | STT_FUNC) ||
		    (sym->st_other & 3) != STV_DEFAULT)
			continue;
		if (same(strtab + sym->st_name, name))
			return base + sym->st_value;
	}
	return NULL;
}
