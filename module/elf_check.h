/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - validation of CloudABI executables
 */
#ifndef _CLOUDABI_ELF_CHECK_H
#define _CLOUDABI_ELF_CHECK_H

#include <linux/elf.h>
#include <linux/types.h>

#define ELFOSABI_CLOUDABI 17

/* More program headers than any real program has; bounds the read. */
#define CLOUDABI_ELF_MAX_PHNUM 64

/**
 * struct cloudabi_elf_layout - what the loader needs from the headers
 * @span_start: lowest page-aligned address of a PT_LOAD (before bias)
 * @span_end: end of the highest PT_LOAD, page-aligned
 * @phdr_vaddr: where the program headers are in memory (before bias)
 * @tls: index of PT_TLS, or -1
 * @nloads: number of PT_LOAD segments
 */
struct cloudabi_elf_layout {
	u64 span_start;
	u64 span_end;
	u64 phdr_vaddr;
	int tls;
	unsigned int nloads;
};

int cloudabi_elf_check_header(const Elf64_Ehdr *eh, u16 machine);
int cloudabi_elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph,
			     loff_t file_size, u64 task_size,
			     struct cloudabi_elf_layout *layout);

#endif /* _CLOUDABI_ELF_CHECK_H */
