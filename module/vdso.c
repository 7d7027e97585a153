// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - validation of the embedded vDSO image
 *
 * Programs find every system call through the vDSO's SysV hash table, as
 * cloudlibc does, and an image that lost a symbol would turn a call into
 * ENOSYS at run time.  The module therefore checks at load time that the
 * image is exactly what the ABI promises, and refuses to load otherwise.
 */

#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <cloudabi_gate.h>

#include "common.h"
#include "vdso.h"

static struct cloudabi_vdso_info vdso_info;

#define SYSCALL_PREFIX "cloudabi_sys_"

/* The kernel's elf.h stops short of symbol visibility. */
#define SYM_VISIBILITY(other) ((other) & 3)
#define SYM_VISIBILITY_DEFAULT 0

/* A range of the image, or NULL when it does not lie wholly inside it. */
static const void *image_range(const void *image, size_t size, u64 offset,
			       u64 count, size_t elem)
{
	u64 bytes;

	if (check_mul_overflow(count, (u64)elem, &bytes) ||
	    offset > size || bytes > size - offset)
		return NULL;
	return (const u8 *)image + offset;
}

static int check_header(const Elf64_Ehdr *eh, size_t size, u16 machine)
{
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return -ENOEXEC;
	if (eh->e_type != ET_DYN || eh->e_machine != machine ||
	    eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	return 0;
}

/*
 * The image is mapped as one read-only executable piece, so every loadable
 * segment must sit at its file offset and none may ask to be writable.
 */
static const Elf64_Phdr *check_segments(const void *image, size_t size,
					const Elf64_Ehdr *eh)
{
	const Elf64_Phdr *ph, *dynamic = NULL;
	unsigned int i;

	ph = image_range(image, size, eh->e_phoff, eh->e_phnum, sizeof(*ph));
	if (!ph)
		return NULL;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD &&
		    (ph[i].p_vaddr != ph[i].p_offset ||
		     ph[i].p_memsz != ph[i].p_filesz ||
		     (ph[i].p_flags & PF_W) ||
		     !image_range(image, size, ph[i].p_offset,
				  ph[i].p_filesz, 1)))
			return NULL;
		if (ph[i].p_type == PT_DYNAMIC)
			dynamic = &ph[i];
	}
	return dynamic;
}

struct dyn_tables {
	const u32 *hash;
	const Elf64_Sym *symtab;
	const char *strtab;
	u64 strsz;
};

static int read_dynamic(const void *image, size_t size, const Elf64_Phdr *dph,
			struct dyn_tables *t)
{
	u64 hash = 0, symtab = 0, strtab = 0, i, n;
	const Elf64_Dyn *dyn;

	n = dph->p_filesz / sizeof(*dyn);
	dyn = image_range(image, size, dph->p_offset, n, sizeof(*dyn));
	if (!dyn)
		return -ENOEXEC;
	t->strsz = 0;
	for (i = 0; i < n && dyn[i].d_tag != DT_NULL; i++) {
		switch (dyn[i].d_tag) {
		case DT_HASH:
			hash = dyn[i].d_un.d_ptr;
			break;
		case DT_SYMTAB:
			symtab = dyn[i].d_un.d_ptr;
			break;
		case DT_STRTAB:
			strtab = dyn[i].d_un.d_ptr;
			break;
		case DT_STRSZ:
			t->strsz = dyn[i].d_un.d_val;
			break;
		}
	}
	t->hash = image_range(image, size, hash, 2, sizeof(u32));
	t->strtab = image_range(image, size, strtab, t->strsz, 1);
	if (!t->hash || !t->strtab || !t->strsz || t->strtab[t->strsz - 1])
		return -ENOEXEC;
	/* The second word of the SysV hash table is the symbol count. */
	t->symtab = image_range(image, size, symtab, t->hash[1],
				sizeof(Elf64_Sym));
	if (!t->symtab || !image_range(image, size, hash,
				       2ULL + t->hash[0] + t->hash[1],
				       sizeof(u32)))
		return -ENOEXEC;
	return 0;
}

static bool is_exported_syscall(const struct dyn_tables *t,
				const Elf64_Sym *sym)
{
	if (!sym->st_name || sym->st_name >= t->strsz ||
	    ELF64_ST_BIND(sym->st_info) != STB_GLOBAL ||
	    ELF64_ST_TYPE(sym->st_info) != STT_FUNC ||
	    SYM_VISIBILITY(sym->st_other) != SYM_VISIBILITY_DEFAULT ||
	    sym->st_shndx == SHN_UNDEF)
		return false;
	return !strncmp(t->strtab + sym->st_name, SYSCALL_PREFIX,
			strlen(SYSCALL_PREFIX));
}

/**
 * cloudabi_vdso_check() - validate a vDSO image
 * @image: the image
 * @size: its size in bytes
 * @machine: the ELF machine it must be built for
 * @info: filled in on success
 *
 * Return: 0 when the image is a read-only ELF64 shared object for @machine
 * whose SysV hash table lists exactly CLOUDABI_GATE_NSYSCALLS exported
 * system call functions, all inside the image.  -ENOEXEC otherwise.
 */
int cloudabi_vdso_check(const void *image, size_t size, u16 machine,
			struct cloudabi_vdso_info *info)
{
	const Elf64_Ehdr *eh = image;
	const Elf64_Phdr *dynamic;
	struct dyn_tables t;
	unsigned int i, n = 0;
	int err;

	err = check_header(eh, size, machine);
	if (err)
		return err;
	dynamic = check_segments(image, size, eh);
	if (!dynamic)
		return -ENOEXEC;
	err = read_dynamic(image, size, dynamic, &t);
	if (err)
		return err;
	for (i = 0; i < t.hash[1]; i++) {
		if (!is_exported_syscall(&t, &t.symtab[i]))
			continue;
		if (t.symtab[i].st_value >= size)
			return -ENOEXEC;
		n++;
	}
	if (n != CLOUDABI_GATE_NSYSCALLS)
		return -ENOEXEC;
	info->size = size;
	info->nsyscalls = n;
	return 0;
}

/**
 * cloudabi_vdso_init() - validate the embedded image at module load
 *
 * Return: 0, or -ENOEXEC when the build embedded a broken image.
 */
int cloudabi_vdso_init(void)
{
	size_t size = cloudabi_vdso_image_end - cloudabi_vdso_image_start;
	int err;

	err = cloudabi_vdso_check(cloudabi_vdso_image_start, size, ELF_ARCH,
				  &vdso_info);
	if (err)
		pr_err("embedded vDSO image is invalid\n");
	return err;
}
