// SPDX-License-Identifier: GPL-2.0
/*
 * CloudABI for Linux - validation of CloudABI executables
 *
 * Everything the loader later trusts is checked here, before the point of
 * no return, on the headers alone: an executable that is not ours is
 * -ENOEXEC (another binary handler may take it), one that is ours but
 * broken is -EINVAL, and no check can overflow.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>

#include "elf_check.h"

/**
 * cloudabi_elf_check_header() - is this a CloudABI executable for us?
 * @eh: the ELF header, from the first bytes of the file
 * @machine: ELF machine of this kernel
 *
 * Return: 0 for an ELF64 little-endian ET_EXEC or ET_DYN with EI_OSABI 17
 * for @machine; -ENOEXEC for anything else, so that other handlers may
 * try; -EINVAL for ours with an impossible program header table.
 */
int cloudabi_elf_check_header(const Elf64_Ehdr *eh, u16 machine)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_OSABI] != ELFOSABI_CLOUDABI ||
	    eh->e_machine != machine ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > CLOUDABI_ELF_MAX_PHNUM)
		return -EINVAL;
	return 0;
}

/* The lowest address a fixed-address (ET_EXEC) program may load at. */
#define CLOUDABI_MIN_VADDR 0x10000

static int check_load(const Elf64_Phdr *p, loff_t file_size, u64 task_size)
{
	u64 file_end, mem_end;

	if (p->p_filesz > p->p_memsz ||
	    check_add_overflow(p->p_offset, p->p_filesz, &file_end) ||
	    file_end > file_size ||
	    check_add_overflow(p->p_vaddr, p->p_memsz, &mem_end) ||
	    mem_end > task_size)
		return -EINVAL;
	/* File pages must map at addresses with the same page offset. */
	if ((p->p_vaddr & ~PAGE_MASK) != (p->p_offset & ~PAGE_MASK))
		return -EINVAL;
	if (p->p_flags & ~(PF_R | PF_W | PF_X))
		return -EINVAL;
	/* W^X: the seccomp filter refuses such memory; so does the loader. */
	if ((p->p_flags & (PF_W | PF_X)) == (PF_W | PF_X))
		return -EINVAL;
	/* A bss needs a writable segment to be zeroed in. */
	if (p->p_memsz > p->p_filesz && !(p->p_flags & PF_W))
		return -EINVAL;
	return 0;
}

/*
 * Where the headers are in memory: PT_PHDR when present, else inside the
 * PT_LOAD that maps file offset e_phoff.
 */
static int find_phdr_vaddr(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
			   u64 *vaddr)
{
	u64 size = (u64)eh->e_phnum * sizeof(Elf64_Phdr);
	unsigned int i;

	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR) {
			*vaddr = ph[i].p_vaddr;
			return 0;
		}
	}
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff + size <= ph[i].p_offset + ph[i].p_filesz) {
			*vaddr = ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * cloudabi_elf_check_phdrs() - validate the program headers
 * @eh: the validated ELF header
 * @ph: its e_phnum program headers
 * @file_size: size of the executable
 * @task_size: end of the user address space
 * @layout: filled in on success
 *
 * PT_LOAD segments must lie inside the file and the address space, keep
 * file and memory page offsets equal, come in ascending order without
 * sharing a page, and the entry point must be in an executable one.  A
 * program interpreter is refused: CloudABI programs are static.
 *
 * Return: 0, or -EINVAL for any violation.
 */
int cloudabi_elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
			     loff_t file_size, u64 task_size,
			     struct cloudabi_elf_layout *layout)
{
	u64 prev_end = 0, start, end;
	bool entry_ok = false;
	unsigned int i;

	layout->nloads = 0;
	layout->tls = -1;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_INTERP || p->p_type == PT_SHLIB)
			return -EINVAL;
		if (p->p_type == PT_TLS) {
			if (layout->tls >= 0 || p->p_filesz > p->p_memsz)
				return -EINVAL;
			layout->tls = i;
		}
		if (p->p_type != PT_LOAD)
			continue;
		if (check_load(p, file_size, task_size))
			return -EINVAL;
		start = p->p_vaddr & PAGE_MASK;
		end = PAGE_ALIGN(p->p_vaddr + p->p_memsz);
		if (end > task_size || (layout->nloads && start < prev_end))
			return -EINVAL;
		if (!layout->nloads)
			layout->span_start = start;
		prev_end = end;
		layout->nloads++;
		if ((p->p_flags & PF_X) && eh->e_entry >= p->p_vaddr &&
		    eh->e_entry < p->p_vaddr + p->p_memsz)
			entry_ok = true;
	}
	if (!layout->nloads || !entry_ok)
		return -EINVAL;
	/*
	 * A fixed-address program never maps the lowest 64 KiB, whatever
	 * vm.mmap_min_addr allows its user: page 0 is where kernel NULL
	 * dereferences land.  Relocatable ones are placed by the loader.
	 */
	if (eh->e_type == ET_EXEC && layout->span_start < CLOUDABI_MIN_VADDR)
		return -EINVAL;
	layout->span_end = prev_end;
	return find_phdr_vaddr(eh, ph, &layout->phdr_vaddr);
}
