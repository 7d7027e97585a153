/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CloudABI for Linux - the start-up stack of a CloudABI process
 */
#ifndef _CLOUDABI_EXEC_STACK_H
#define _CLOUDABI_EXEC_STACK_H

#include <linux/types.h>

struct linux_binprm;

/**
 * struct cloudabi_start - where the loader put things, for the auxv
 * @base: load bias of the program
 * @phdr: address of its program headers
 * @phnum: their number
 * @vdso: address of the vDSO's ELF header
 * @sp: set to the initial stack pointer
 * @auxv: set to the auxv's address, the start code's argument
 * @tls: set to the initial TLS register value
 * @argdata: proc_exec's argument data, or NULL for the argv area a
 *	native parent passed
 * @argdata_len: its length
 */
struct cloudabi_start {
	unsigned long base;
	unsigned long phdr;
	unsigned long phnum;
	unsigned long vdso;
	unsigned long sp;
	unsigned long auxv;
	unsigned long tls;
	const void *argdata;
	size_t argdata_len;
};

int cloudabi_stack_build(struct linux_binprm *bprm,
			 struct cloudabi_start *start);

#endif /* _CLOUDABI_EXEC_STACK_H */
